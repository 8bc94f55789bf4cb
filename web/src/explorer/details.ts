// The side panel: one node's facts and short lists (node(id:)), or one edge's channels and the
// objects the two organisations share.
import { h, replace, type Child } from "./dom";
import type { EdgeInfo } from "./graph";
import { CHANNEL_COLOURS } from "./graph";
import { channelName, kindName, provinceName, t, typeName, type Channel, type Key } from "./i18n";
import { connectionPath, DETAIL_LISTS, details, isSample, nodeName, otherName, sampleBadge, type Details, type NamedNode, type Page } from "./queries";

export interface DetailsActions {
  open(id: string): void;
  expand(id: string): void;
  setFrom(node: NamedNode): void;
  setTo(node: NamedNode): void;
  show(id: string): void;
}

/** Relationship types that carry each channel (a shared object is two hops away). */
const CHANNEL_VIA: Record<Channel, string[]> = {
  CO_DEVELOPED_COURSE: ["DEVELOPED_BY"],
  SHARED_BASE: ["OPERATED_BY", "USED_BY"],
  CO_DRAFTED_STANDARD: ["DRAFTED_BY"],
  COMMON_AGREEMENT: ["PARTY_TO"],
  SHARED_TRAINER: ["AFFILIATED_WITH"],
  COMMON_MEMBERSHIP: ["MEMBER_OF"],
};

export class DetailsPanel {
  private seq = 0;
  /** The node last fetched, to redraw it in another language without asking again. */
  private cache: Details | null = null;
  private last: { kind: "node"; id: string } | { kind: "edge"; edge: EdgeInfo; a: NamedNode | null; b: NamedNode | null } | null = null;

  constructor(
    private readonly el: HTMLElement,
    private readonly actions: DetailsActions,
  ) {
    this.empty();
  }

  empty(): void {
    this.seq++;
    this.last = null;
    replace(this.el, h("h2", {}, t("details")), h("p", { class: "muted" }, t("detailsEmpty")));
  }

  /** Show a node; resolves when its details are drawn (errors go to the caller). */
  async showNode(id: string): Promise<void> {
    const seq = ++this.seq;
    this.last = { kind: "node", id };
    replace(this.el, h("h2", {}, t("details")), h("p", { class: "muted" }, t("loading")));
    const node = await details(id);
    if (seq !== this.seq) return;
    if (!node) return this.empty();
    this.cache = node;
    this.renderNode(node);
  }

  async showEdge(edge: EdgeInfo, a: NamedNode | null, b: NamedNode | null): Promise<void> {
    const seq = ++this.seq;
    this.last = { kind: "edge", edge, a, b };
    this.renderEdge(edge, a, b, null);
    const channels = Object.keys(edge.channels) as Channel[];
    if (!channels.length) return;
    const via = [...new Set(channels.flatMap((c) => CHANNEL_VIA[c]))];
    const paths = await connectionPath(edge.source, edge.target, { maxHops: 2, via, first: 20 });
    if (seq !== this.seq) return;
    this.renderEdge(edge, a, b, paths.paths.filter((p) => p.steps.length === 3).map((p) => p.steps[1].node));
  }

  /** Redraw in the current language (from what was fetched). */
  relabel(): void {
    if (this.last?.kind === "node" && this.cache?.id === this.last.id) this.renderNode(this.cache);
    else if (this.last?.kind === "edge") void this.showEdge(this.last.edge, this.last.a, this.last.b).catch(() => undefined);
    else if (!this.last) this.empty();
  }

  private header(n: NamedNode): Child[] {
    return [
      h("h2", { class: "d-name" }, nodeName(n)),
      otherName(n) ? h("p", { class: "d-other" }, otherName(n)) : null,
      h(
        "p",
        {},
        h("span", { class: `badge kind-${n.kind ?? n.__typename}` }, n.kind ? kindName(n.kind) : typeName(n.__typename)),
        isSample(n) ? [" ", sampleBadge()] : null,
      ),
    ];
  }

  private renderNode(n: Details): void {
    const facts: [Key, unknown][] = [
      ["province", n.province ? provinceName(n.province) : null],
      ["city", n.city],
      ["website", n.website],
      ["signedOn", n.signedOn],
      ["heldOn", n.heldOn],
      ["place", n.place],
      ["source", n.source],
    ];
    const isOrg = n.__typename === "Organisation";
    const actions = isOrg
      ? h(
          "div",
          { class: "d-actions" },
          h("button", { type: "button", "data-testid": "details-open", onclick: () => this.actions.open(n.id) }, t("openNeighbourhood")),
          h("button", { type: "button", "data-testid": "details-expand", onclick: () => this.actions.expand(n.id) }, t("expand")),
          h("button", { type: "button", onclick: () => this.actions.setFrom(n) }, t("setFrom")),
          h("button", { type: "button", onclick: () => this.actions.setTo(n) }, t("setTo")),
        )
      : null;
    const lists = (DETAIL_LISTS[n.__typename] ?? []).map((field) => this.list(field as Key, n[field] as Page | undefined));
    replace(
      this.el,
      ...this.header(n),
      h("dl", { class: "facts" }, facts.filter(([, v]) => v).map(([k, v]) => [h("dt", {}, t(k)), h("dd", {}, String(v))])),
      actions,
      lists,
    );
  }

  private list(field: Key, page: Page | undefined): Child {
    if (!page) return null;
    const items = page.edges.map(({ node }) =>
      h("li", {}, h("a", { href: "#", onclick: (e: Event) => (e.preventDefault(), this.actions.show(node.id)) }, nodeName(node))),
    );
    const more = page.totalCount - page.edges.length;
    return h(
      "section",
      { class: "d-list" },
      h("h3", {}, t(field), " ", h("span", { class: "count" }, String(page.totalCount))),
      items.length ? h("ul", {}, items, more > 0 ? h("li", { class: "muted" }, `+${more} ${t("more")}`) : null) : null,
    );
  }

  private renderEdge(edge: EdgeInfo, a: NamedNode | null, b: NamedNode | null, shared: NamedNode[] | null): void {
    const end = (n: NamedNode | null, id: string) =>
      h("a", { href: "#", onclick: (e: Event) => (e.preventDefault(), this.actions.show(id)) }, n ? nodeName(n) : id);
    const channels = Object.entries(edge.channels) as [Channel, number][];
    replace(
      this.el,
      h("h2", {}, end(a, edge.source), " — ", end(b, edge.target)),
      edge.strength !== null ? h("dl", { class: "facts" }, h("dt", {}, t("strength")), h("dd", {}, String(+edge.strength.toFixed(2)))) : null,
      channels.length
        ? h("ul", { class: "channels" }, channels.map(([c, n]) => h("li", {}, h("span", { class: "swatch", style: `background:${CHANNEL_COLOURS[c]}` }), `${channelName(c)} × ${n}`)))
        : null,
      shared === null
        ? channels.length ? h("p", { class: "muted" }, t("loading")) : null
        : h(
            "section",
            { class: "d-list" },
            h("h3", {}, t("sharedObjects"), " ", h("span", { class: "count" }, String(shared.length))),
            h("ul", {}, shared.map((n) => h("li", {}, h("span", { class: "badge" }, typeName(n.__typename)), " ", h("a", { href: "#", onclick: (e: Event) => (e.preventDefault(), this.actions.show(n.id)) }, nodeName(n))))),
          ),
    );
  }
}
