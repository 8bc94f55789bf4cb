// The secretariat's explorer: wires the views to the state in the URL.
import "./style.css";
import { apiKey, setApiKey } from "./api";
import { Autocomplete } from "./autocomplete";
import { renderCoverage } from "./coverage";
import { DetailsPanel } from "./details";
import { byId, h, replace } from "./dom";
import { exportGraphml, exportPng } from "./export";
import { FilterControls, type Filter } from "./filters";
import { GraphView, type EdgeInfo } from "./graph";
import { applyI18n, lang, MEASURES, measureName, provinceName, PROVINCES, relationshipName, setLang, t } from "./i18n";
import { DualList, SharedList, type ListFilter } from "./lists";
import { ProgressView, type ProgressSettings } from "./progress";
import { collaborations, connectionPath, coverage, includeSample, network, nodeName, otherName, sampleShown, search, type CoverageCell, type NamedNode, type Paths } from "./queries";
import { busy, clearMessage, markBusy, setReady, showError, showMessage } from "./status";
import { parseHash, writeState, type State, type View } from "./urlstate";

let state: State = parseHash(location.hash);
let coverageCells: CoverageCell[] | null = null;
/** Bumped by every new drawing: an older one still loading gives up. */
let drawSeq = 0;

const main = byId("main");
const graphEl = byId("graph");
const graph = new GraphView(graphEl, { nodeTap, edgeTap, backgroundTap });
const detailsPanel = new DetailsPanel(byId("details"), {
  open: (id) => openNeighbourhood(id),
  expand: (id) => void expand(id),
  setFrom: (n) => setPathEnd("from", n),
  setTo: (n) => setPathEnd("to", n),
  show: (id) => showDetails(id),
});
const filters = new FilterControls(byId("filters"), onFilterChange);
const dualList = new DualList(byId("list"), (id) => openNeighbourhood(id));
const sharedList = new SharedList(byId("list"), (id) => openNeighbourhood(id));
const progressView = new ProgressView(onProgressChange);

const searchBox = new Autocomplete({
  input: byId<HTMLInputElement>("search"),
  list: byId("search-list"),
  itemTestId: "search-suggestion",
  first: 10,
  pickOnEnter: true,
  choose: (node) => (node.__typename === "Organisation" ? openNeighbourhood(node.id) : showNodeAnywhere(node)),
});
const pathFrom = new Autocomplete({ input: byId<HTMLInputElement>("path-from"), list: byId("path-from-list"), itemTestId: "path-suggestion", kinds: ["ORGANISATION"], choose: () => undefined });
const pathTo = new Autocomplete({ input: byId<HTMLInputElement>("path-to"), list: byId("path-to-list"), itemTestId: "path-suggestion", kinds: ["ORGANISATION"], choose: () => undefined });

const isGraphView = (v: View): boolean => v === "neighbourhood" || v === "network";
const filterOf = (s: State): Filter => ({ provinces: s.provinces, kinds: s.kinds, channels: s.channels, minStrength: s.minStrength });
const listFilter = (): ListFilter => ({ province: state.listProvince, only: state.listOnly });
const run = (work: () => Promise<void>): void => void busy(work).catch(showError);

// ---------------------------------------------------------------- views

function showView(view: View): void {
  main.dataset.view = view;
  document.querySelectorAll<HTMLButtonElement>(".tabs button").forEach((b) => b.setAttribute("aria-selected", String(b.dataset.view === view)));
  byId("graph-view").hidden = !isGraphView(view);
  byId("coverage-view").hidden = view !== "coverage";
  byId("list-view").hidden = view !== "dual" && view !== "shared";
  byId("progress-view").hidden = view !== "progress";
  if (isGraphView(view)) graph.cy.resize();
}

/** Load and draw whatever the state asks for. */
async function load(): Promise<void> {
  showView(state.view);
  if (state.view === "neighbourhood") await drawNeighbourhood();
  else if (state.view === "network") await drawNetwork();
  else if (state.view === "coverage") await showCoverage();
  else if (state.view === "progress") await progressView.load(state.progress);
  else await showList();
  if (isGraphView(state.view)) {
    graph.select(state.selected);
    if (state.selected) await detailsPanel.showNode(state.selected);
    else detailsPanel.empty();
    if (state.from && state.to) await findPath(false);
  }
}

function setEmpty(text: string | null): void {
  const el = byId("graph-empty");
  el.hidden = !text;
  el.textContent = text ?? "";
}

async function drawNeighbourhood(): Promise<void> {
  const seq = ++drawSeq;
  if (!state.orgs.length) {
    graph.clear();
    setEmpty(t("emptyNeighbourhood"));
    return;
  }
  setEmpty(null);
  const answers = await Promise.all(state.orgs.map((id) => neighbours(id)));
  if (seq !== drawSeq) return;
  await graph.mergeNeighbourhoods(answers.filter((a): a is NonNullable<typeof a> => a !== null), true);
  if (graph.cy.nodes().length <= 1) setEmpty(t("noCollaborators"));
}

/** An organisation's collaborators through the chosen channels, within the province/kind/strength filters. */
async function neighbours(id: string) {
  if (!state.channels.length) {
    const centre = (await collaborations(id, ["COMMON_MEMBERSHIP"])).centre;
    return centre ? { centre, collaborations: [] } : null;
  }
  const { centre, collaborations: all } = await collaborations(id, state.channels);
  if (!centre) return null;
  const keep = all.filter(
    (c) =>
      (!state.provinces.length || state.provinces.includes(c.organisation.province ?? "")) &&
      (!state.kinds.length || state.kinds.includes(c.organisation.kind)) &&
      (!state.minStrength || c.strength >= state.minStrength),
  );
  return { centre, collaborations: keep };
}

async function drawNetwork(): Promise<void> {
  const seq = ++drawSeq;
  setEmpty(null);
  if (!state.channels.length) {
    graph.clear();
    setEmpty(t("emptyNetwork"));
    return;
  }
  const net = await network(filterOf(state));
  if (seq !== drawSeq) return;
  await graph.setNetwork(net.nodes, net.edges);
  if (!net.nodes.length) setEmpty(t("emptyNetwork"));
}

async function showCoverage(): Promise<void> {
  const select = byId<HTMLSelectElement>("coverage-measure");
  replace(select, [...Object.keys(MEASURES), "gaps"].map((m) => h("option", { value: m, selected: m === state.measure }, m === "gaps" ? t("gapsOnly") : measureName(m))));
  if (!coverageCells) {
    replace(byId("coverage"), h("p", { class: "muted" }, t("loading")));
    coverageCells = await coverage();
  }
  renderCoverage(byId("coverage"), coverageCells, state.measure);
}

async function showList(): Promise<void> {
  const select = byId<HTMLSelectElement>("list-province");
  replace(select, h("option", { value: "" }, t("allProvinces")), Object.keys(PROVINCES).map((p) => h("option", { value: p, selected: p === state.listProvince }, provinceName(p))));
  byId<HTMLInputElement>("list-only").checked = state.listOnly;
  byId("list-only-label").textContent = t(state.view === "dual" ? "reciprocalHireOnly" : "crossSectorOnly");
  replace(byId("list"), h("p", { class: "muted" }, t("loading")));
  await (state.view === "dual" ? dualList : sharedList).load(listFilter());
}

// ---------------------------------------------------------------- actions

function navigate(changes: Partial<State>, push = true): void {
  markBusy();
  state = { ...state, ...changes };
  if (changes.sample !== undefined) includeSample(state.sample);
  writeState(state, push);
  run(load);
}

function openNeighbourhood(id: string): void {
  clearMessage();
  navigate({ view: "neighbourhood", orgs: [id], selected: id });
}

async function expand(id: string): Promise<void> {
  if (state.view !== "neighbourhood") return openNeighbourhood(id);
  if (state.orgs.includes(id)) return;
  await busy(async () => {
    const answer = await neighbours(id);
    if (!answer) return;
    state = { ...state, orgs: [...state.orgs, id] };
    writeState(state, false);
    setEmpty(null);
    await graph.mergeNeighbourhoods([answer], false);
    graph.select(state.selected);
  }).catch(showError);
}

function showDetails(id: string): void {
  state = { ...state, selected: id };
  writeState(state, false);
  graph.select(id);
  run(() => detailsPanel.showNode(id));
}

/** A search hit that is not an organisation: its details, beside a drawing. */
function showNodeAnywhere(node: NamedNode): void {
  if (!isGraphView(state.view)) navigate({ view: "neighbourhood", selected: node.id });
  else showDetails(node.id);
}

function nodeTap(id: string): void {
  showDetails(id);
  const ref = graph.nodeRef(id);
  const expandOnClick = byId<HTMLInputElement>("expand-on-click").checked;
  if (state.view === "neighbourhood" && expandOnClick && ref?.__typename === "Organisation" && !state.orgs.includes(id)) void expand(id);
}

function edgeTap(edge: EdgeInfo): void {
  graph.select(edge.id);
  run(() => detailsPanel.showEdge(edge, graph.nodeRef(edge.source), graph.nodeRef(edge.target)));
}

function backgroundTap(): void {
  state = { ...state, selected: null };
  writeState(state, false);
  detailsPanel.empty();
}

function onFilterChange(f: Filter): void {
  navigate({ ...f }, false);
}

function onProgressChange(changes: Partial<ProgressSettings>): void {
  navigate({ progress: { ...state.progress, ...changes } }, false);
}

function setPathEnd(end: "from" | "to", node: NamedNode): void {
  (end === "from" ? pathFrom : pathTo).set(node);
}

// ---------------------------------------------------------------- paths

/** The organisation an input names: the suggestion chosen, an id, or the best search hit. */
async function resolveOrg(box: Autocomplete, input: HTMLInputElement): Promise<NamedNode | null> {
  if (box.chosen) return box.chosen;
  const text = input.value.trim();
  if (!text) return null;
  if (/^Organisation:[0-9a-f-]{36}$/i.test(text)) return { __typename: "Organisation", id: text };
  const hit = (await search(text, 1, ["ORGANISATION"]))[0]?.node ?? null;
  if (!hit) throw new Error(t("pathNoMatch") + text);
  box.set(hit);
  return hit;
}

async function findPath(fromInputs: boolean): Promise<void> {
  const result = byId("path-result");
  let fromId = state.from;
  let toId = state.to;
  if (fromInputs) {
    const [a, b] = await Promise.all([resolveOrg(pathFrom, byId<HTMLInputElement>("path-from")), resolveOrg(pathTo, byId<HTMLInputElement>("path-to"))]);
    if (!a || !b) {
      replace(result, t("pathNeedBoth"));
      return;
    }
    fromId = a.id;
    toId = b.id;
    state = { ...state, from: fromId, to: toId };
    writeState(state, false);
  }
  if (!fromId || !toId) return;
  const paths = await connectionPath(fromId, toId);
  renderPaths(result, paths);
  if (!paths.found) return;
  const ends = paths.paths[0].steps;
  pathFrom.set(ends[0].node);
  pathTo.set(ends[ends.length - 1].node);
  setEmpty(null);
  await graph.showPaths(paths.paths, fromInputs);
}

let lastPaths: Paths | null = null;

function renderPaths(el: HTMLElement, paths: Paths): void {
  lastPaths = paths;
  if (!paths.found) {
    replace(el, h("p", {}, t("pathNone")), paths.message ? h("p", { class: "muted" }, paths.message) : null);
    return;
  }
  replace(
    el,
    h("div", { class: "hops" }, `${paths.hops} ${t("pathHops")} · ${paths.paths.length}`),
    paths.paths.map((p) =>
      h(
        "ol",
        { "data-testid": "path" },
        p.steps.map((s) => [
          s.relationshipType ? h("li", { class: "rel" }, `${s.forward === false ? "↑" : "↓"} ${relationshipName(s.relationshipType)}`) : null,
          h("li", { class: "step", "data-id": s.node.id }, h("strong", {}, nodeName(s.node)), otherName(s.node) ? h("span", { class: "other" }, ` (${otherName(s.node)})`) : null),
        ]),
      ),
    ),
  );
}

// ---------------------------------------------------------------- language, key, exports

function relabel(): void {
  setLang(state.lang);
  applyI18n();
  filters.render(filterOf(state));
  graph.relabel();
  detailsPanel.relabel();
  for (const box of [searchBox, pathFrom, pathTo]) box.relabel();
  if (lastPaths) renderPaths(byId("path-result"), lastPaths);
  if (state.view === "coverage" && coverageCells) void showCoverage();
  if (state.view === "dual") dualList.render(listFilter());
  if (state.view === "shared") sharedList.render(listFilter());
  if (state.view === "progress") run(() => progressView.relabel());
  if (state.view === "dual" || state.view === "shared") byId("list-only-label").textContent = t(state.view === "dual" ? "reciprocalHireOnly" : "crossSectorOnly");
  const empty = byId("graph-empty");
  if (!empty.hidden && state.view === "neighbourhood" && !state.orgs.length) setEmpty(t("emptyNeighbourhood"));
}

function exportName(): string {
  return `ecosystem-${state.view}-${new Date().toISOString().slice(0, 10)}`;
}

function wire(): void {
  document.querySelectorAll<HTMLButtonElement>(".tabs button").forEach((b) =>
    b.addEventListener("click", () => {
      const view = b.dataset.view as View;
      if (view !== state.view) navigate({ view });
    }),
  );
  byId("lang").addEventListener("click", () => {
    state = { ...state, lang: lang() === "zh" ? "en" : "zh" };
    writeState(state, false);
    relabel();
  });
  const key = byId<HTMLInputElement>("api-key");
  key.value = apiKey();
  key.addEventListener("input", () => {
    setApiKey(key.value);
    coverageCells = null;
    progressView.forget();
  });
  key.addEventListener("change", () => {
    clearMessage();
    if (isGraphView(state.view) || state.view === "coverage" || state.view === "progress") run(load);
  });
  byId("path-find").addEventListener("click", () => {
    markBusy();
    pathFrom.cancel();
    pathTo.cancel();
    clearMessage();
    run(() => findPath(true));
  });
  byId("path-clear").addEventListener("click", () => {
    graph.clearHighlight();
    lastPaths = null;
    byId("path-result").replaceChildren();
    state = { ...state, from: null, to: null };
    writeState(state, false);
  });
  for (const input of ["path-from", "path-to"]) {
    byId<HTMLInputElement>(input).addEventListener("keydown", (e) => {
      if (e.key === "Enter" && byId(`${input}-list`).hidden) byId("path-find").click();
    });
  }
  byId("export-png").addEventListener("click", () => exportPng(graph.cy, exportName()));
  byId("export-graphml").addEventListener("click", () => exportGraphml(graph.cy, exportName()));
  byId("copy-link").addEventListener("click", () => {
    navigator.clipboard?.writeText(location.href).then(
      () => showMessage(t("linkCopied")),
      () => window.prompt(t("copyLink"), location.href),
    ) ?? window.prompt(t("copyLink"), location.href);
  });
  byId<HTMLSelectElement>("coverage-measure").addEventListener("change", (e) => {
    navigate({ measure: (e.target as HTMLSelectElement).value as State["measure"] }, false);
  });
  byId<HTMLSelectElement>("list-province").addEventListener("change", (e) => navigate({ listProvince: (e.target as HTMLSelectElement).value || null }, false));
  byId<HTMLInputElement>("list-only").addEventListener("change", (e) => navigate({ listOnly: (e.target as HTMLInputElement).checked }, false));
  byId<HTMLInputElement>("hide-sample").addEventListener("change", (e) => {
    coverageCells = null;
    progressView.forget();
    navigate({ sample: !(e.target as HTMLInputElement).checked }, false);
  });
  window.addEventListener("popstate", () => {
    state = parseHash(location.hash);
    coverageCells = null;
    progressView.forget();
    showSample();
    relabel();
    markBusy();
    run(load);
  });
}

/** The switch and the questions follow the state (the server's default until it is set). */
function showSample(): void {
  includeSample(state.sample);
  byId<HTMLInputElement>("hide-sample").checked = !sampleShown();
}

/** The server's default for `includeSample` (ECOSYSTEM_INCLUDE_SAMPLE), unless the URL says. */
async function sampleDefault(): Promise<void> {
  if (state.sample !== null) return;
  try {
    const defaults = (await (await fetch("/explorer/defaults.json")).json()) as { includeSample?: boolean };
    if (defaults.includeSample === false) includeSample(false);
  } catch {
    /* unknown: the server applies its default to every question anyway */
  }
  byId<HTMLInputElement>("hide-sample").checked = !sampleShown();
}

// ---------------------------------------------------------------- start

function start(): void {
  setReady(false);
  showSample();
  wire();
  relabel();
  if (state.from) pathFrom.set({ __typename: "Organisation", id: state.from, name: state.from });
  if (state.to) pathTo.set({ __typename: "Organisation", id: state.to, name: state.to });
  writeState(state, false);
  run(async () => {
    await sampleDefault();
    await load();
  });
}

start();
