// The view's state in location.hash, so a URL shares exactly what is on screen:
// #view=network&lang=en&prov=Beijing,Hebei&kinds=ENTERPRISE&ch=SHARED_BASE&min=2
// #view=neighbourhood&org=Organisation:…,Organisation:…&from=…&to=…&sample=0 (sample hidden)
// #view=progress&pfrom=2023&pto=2025&pby=province&pm=courses.ai&psort=asc
import type { CoverageMeasure } from "./coverage";
import { CHANNELS, MEASURES, ORG_KINDS, PROGRESS_MEASURES, PROVINCES, type Channel, type Lang, type OrgKind, type ProgressMeasure } from "./i18n";
import { defaultProgress, validPeriod, type ProgressSettings } from "./progress";
import { PROVINCE_SORTS, type ProvinceSort } from "./provincetable";

export const VIEWS = ["neighbourhood", "network", "coverage", "dual", "shared", "progress"] as const;
export type View = (typeof VIEWS)[number];

export interface State {
  view: View;
  lang: Lang;
  /** Organisations whose neighbourhoods are drawn, the first the centre. */
  orgs: string[];
  /** The selected node (details panel). */
  selected: string | null;
  provinces: string[];
  kinds: OrgKind[];
  channels: Channel[];
  minStrength: number | null;
  from: string | null;
  to: string | null;
  measure: CoverageMeasure;
  /** Province filter of the two lists. */
  listProvince: string | null;
  /** reciprocalHireOnly for dual-qualified trainers, crossSectorOnly for shared bases. */
  listOnly: boolean;
  /** Whether the sample is shown: the "hide sample data" switch (null: the server's default). */
  sample: boolean | null;
  /** The progress page: its years, by year or by province, and the province table's measure and order. */
  progress: ProgressSettings;
}

/** Alliance membership joins every member to every other: left out unless asked for (as the API does). */
export const DEFAULT_CHANNELS: Channel[] = (Object.keys(CHANNELS) as Channel[]).filter((c) => c !== "COMMON_MEMBERSHIP");

export function defaultState(): State {
  return {
    view: "neighbourhood", lang: "zh", orgs: [], selected: null, provinces: [], kinds: [],
    channels: [...DEFAULT_CHANNELS], minStrength: null, from: null, to: null, measure: "courses",
    listProvince: null, listOnly: false, sample: null, progress: defaultProgress(),
  };
}

const list = (v: string | null): string[] => (v ? v.split(",").map((s) => s.trim()).filter(Boolean) : []);
const sameSet = (a: string[], b: string[]): boolean => a.length === b.length && a.every((x) => b.includes(x));

export function parseHash(hash: string): State {
  const p = new URLSearchParams(hash.replace(/^#/, ""));
  const s = defaultState();
  const view = p.get("view");
  if (view && (VIEWS as readonly string[]).includes(view)) s.view = view as View;
  if (p.get("lang") === "en") s.lang = "en";
  s.orgs = list(p.get("org"));
  s.selected = p.get("sel");
  s.provinces = list(p.get("prov")).filter((x) => x in PROVINCES);
  s.kinds = list(p.get("kinds")).filter((x): x is OrgKind => x in ORG_KINDS);
  if (p.has("ch")) s.channels = list(p.get("ch")).filter((x): x is Channel => x in CHANNELS);
  const min = Number(p.get("min"));
  if (p.get("min") && Number.isFinite(min) && min > 0) s.minStrength = min;
  s.from = p.get("from");
  s.to = p.get("to");
  const m = p.get("measure");
  if (m && (m in MEASURES || m === "gaps")) s.measure = m as CoverageMeasure;
  s.listProvince = p.get("lprov") && p.get("lprov")! in PROVINCES ? p.get("lprov") : null;
  s.listOnly = p.get("only") === "1";
  if (p.has("sample")) s.sample = p.get("sample") !== "0";
  s.progress = parseProgress(p);
  return s;
}

function parseProgress(p: URLSearchParams): ProgressSettings {
  const s = defaultProgress();
  const from = Number(p.get("pfrom") ?? s.from);
  const to = Number(p.get("pto") ?? s.to);
  if (validPeriod(from, to)) Object.assign(s, { from, to });
  if (p.get("pby") === "province") s.by = "province";
  const measure = p.get("pm");
  if (measure && measure in PROGRESS_MEASURES) s.measure = measure as ProgressMeasure;
  const sort = p.get("psort");
  if (sort && (PROVINCE_SORTS as readonly string[]).includes(sort)) s.sort = sort as ProvinceSort;
  return s;
}

/** The progress page's settings that differ from the defaults. */
function writeProgress(p: URLSearchParams, s: ProgressSettings): void {
  const d = defaultProgress();
  if (s.from !== d.from) p.set("pfrom", String(s.from));
  if (s.to !== d.to) p.set("pto", String(s.to));
  if (s.by !== d.by) p.set("pby", s.by);
  if (s.by === "province" && s.measure !== d.measure) p.set("pm", s.measure);
  if (s.by === "province" && s.sort !== d.sort) p.set("psort", s.sort);
}

/** Only what differs from the defaults, in a stable order. */
export function toHash(s: State): string {
  const p = new URLSearchParams();
  p.set("view", s.view);
  if (s.lang !== "zh") p.set("lang", s.lang);
  if (s.orgs.length && (s.view === "neighbourhood" || s.view === "network")) p.set("org", s.orgs.join(","));
  if (s.selected && (s.view === "neighbourhood" || s.view === "network")) p.set("sel", s.selected);
  if (s.provinces.length) p.set("prov", s.provinces.join(","));
  if (s.kinds.length) p.set("kinds", s.kinds.join(","));
  if (!sameSet(s.channels, DEFAULT_CHANNELS)) p.set("ch", s.channels.join(","));
  if (s.minStrength) p.set("min", String(s.minStrength));
  if (s.from) p.set("from", s.from);
  if (s.to) p.set("to", s.to);
  if (s.view === "coverage" && s.measure !== "courses") p.set("measure", s.measure);
  if ((s.view === "dual" || s.view === "shared") && s.listProvince) p.set("lprov", s.listProvince);
  if ((s.view === "dual" || s.view === "shared") && s.listOnly) p.set("only", "1");
  if (s.view === "progress") writeProgress(p, s.progress);
  if (s.sample !== null) p.set("sample", s.sample ? "1" : "0");
  // URLSearchParams escapes ":" and ","; both are safe in a fragment and easier to read plain.
  return "#" + p.toString().replace(/%3A/g, ":").replace(/%2C/g, ",");
}

/** Record the state: a new history entry when the view or the organisations change, else in place. */
export function writeState(s: State, push: boolean): void {
  const hash = toHash(s);
  if (hash === location.hash) return;
  if (push) history.pushState(null, "", hash);
  else history.replaceState(null, "", hash);
}
