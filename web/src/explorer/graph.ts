// The cytoscape drawing: organisations as nodes (colour = kind, size = strength), collaborations as
// edges (colour = main channel, width = strength), paths merged in and highlighted.
import cytoscape from "cytoscape";
import type { Channel } from "./i18n";
import { forceLayout, spiral } from "./forcelayout";
import { relationshipName } from "./i18n";
import { isSample, nodeName, type Collaboration, type NamedNode, type NetworkEdge, type NetworkNode, type PathStep } from "./queries";

export const KIND_COLOURS: Record<string, string> = {
  ENTERPRISE: "#f59e0b",
  VOCATIONAL_COLLEGE: "#3b82f6",
  UNIVERSITY: "#6366f1",
  OPEN_UNIVERSITY: "#0891b2",
  TRADE_ASSOCIATION: "#10b981",
  GOVERNMENT_AGENCY: "#e11d48",
  RESEARCH_INSTITUTE: "#a855f7",
  ALLIANCE: "#475569",
};
const OTHER_COLOUR = "#cbd5e1";

export const CHANNEL_COLOURS: Record<Channel, string> = {
  CO_DEVELOPED_COURSE: "#2563eb",
  SHARED_BASE: "#ea580c",
  CO_DRAFTED_STANDARD: "#9333ea",
  COMMON_AGREEMENT: "#dc2626",
  SHARED_TRAINER: "#16a34a",
  COMMON_MEMBERSHIP: "#94a3b8",
};
/** Drawings with more nodes than this lay out with forceLayout (cose is too slow for them). */
const BIG = 250;
/** Drawings up to this many nodes label every node; bigger ones label their HUBS strongest. */
const SMALL = 60;
const HUBS = 15;
const CHANNEL_WEIGHT = (c: Channel): number => (c === "COMMON_MEMBERSHIP" ? 0.1 : 1);

const FONT = '-apple-system, "Segoe UI", "PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", "Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Micro Hei", sans-serif';

/** What a drawn edge carries, for the details panel and the GraphML export. */
export interface EdgeInfo {
  id: string;
  source: string;
  target: string;
  strength: number | null;
  channels: Partial<Record<Channel, number>>;
  relationshipType: string | null;
}

export interface GraphEvents {
  nodeTap(id: string): void;
  edgeTap(edge: EdgeInfo): void;
  backgroundTap(): void;
}

const pairId = (a: string, b: string): string => (a < b ? `c:${a}|${b}` : `c:${b}|${a}`);

function mainChannel(channels: Partial<Record<Channel, number>>): Channel {
  let best: Channel = "COMMON_MEMBERSHIP";
  let bestWeight = -1;
  for (const [c, n] of Object.entries(channels) as [Channel, number][]) {
    if (n * CHANNEL_WEIGHT(c) > bestWeight) [best, bestWeight] = [c, n * CHANNEL_WEIGHT(c)];
  }
  return best;
}

const STYLE: cytoscape.StylesheetJson = [
  {
    selector: "node",
    style: {
      "background-color": "data(colour)",
      width: "data(size)",
      height: "data(size)",
      label: "data(label)",
      "font-family": FONT,
      // bigger nodes, bigger labels: zoomed out, only the labels of the strongest stay readable
      "font-size": "data(font)",
      color: "#1f2937",
      "text-valign": "bottom",
      "text-margin-y": 3,
      "text-wrap": "ellipsis",
      "text-max-width": "data(labelWidth)" as unknown as string,
      "text-background-color": "#ffffff",
      "text-background-opacity": 0.75,
      "text-background-padding": "1px",
      "min-zoomed-font-size": 7,
      "border-width": 1,
      "border-color": "#ffffff",
    },
  },
  { selector: "node.other", style: { shape: "round-rectangle", "border-color": "#64748b", "border-width": 1 } },
  // Sample data (fictional, docs/data.md): a dashed outline on a paler fill, dashed edges.
  { selector: "node.sample", style: { "border-style": "dashed", "border-width": 2, "border-color": "#334155", "background-opacity": 0.6 } },
  { selector: "node.centre", style: { "border-width": 4, "border-color": "#111827", "font-weight": "bold", "z-index": 9 } },
  { selector: "node:selected", style: { "border-width": 4, "border-color": "#0f172a", "underlay-color": "#fde047", "underlay-opacity": 0.8, "underlay-padding": 6 } },
  {
    selector: "edge",
    style: { width: "data(width)", "line-color": "data(colour)", opacity: 0.55, "curve-style": "haystack", "haystack-radius": 0 },
  },
  { selector: "edge:selected", style: { opacity: 1, "underlay-color": "#fde047", "underlay-opacity": 0.8, "underlay-padding": 3 } },
  {
    selector: "edge.relationship",
    style: {
      "curve-style": "straight", "target-arrow-shape": "triangle", "target-arrow-color": "#334155", "line-color": "#334155",
      width: 2, opacity: 0.8, label: "data(label)", "font-size": 9, "font-family": FONT, color: "#334155",
      "text-background-color": "#ffffff", "text-background-opacity": 0.8, "min-zoomed-font-size": 8,
    },
  },
  { selector: "edge.dense", style: { opacity: 0.3 } },
  { selector: "edge.sample", style: { "line-style": "dashed" } },
  { selector: "node.hub", style: { "font-weight": "bold", "z-index": 5 } },
  { selector: ".faded", style: { opacity: 0.12 } },
  { selector: "node.path", style: { opacity: 1, "border-width": 4, "border-color": "#111827", "underlay-color": "#facc15", "underlay-opacity": 0.9, "underlay-padding": 7, "z-index": 20 } },
  { selector: "edge.path", style: { opacity: 1, width: 6, "line-color": "#111827", "target-arrow-color": "#111827", "underlay-color": "#facc15", "underlay-opacity": 0.9, "underlay-padding": 4, "z-index": 20 } },
];

export class GraphView {
  readonly cy: cytoscape.Core;
  private layoutRun: cytoscape.Layouts | null = null;

  constructor(container: HTMLElement, events: GraphEvents) {
    this.cy = cytoscape({
      container,
      style: STYLE,
      minZoom: 0.05,
      maxZoom: 4,
      boxSelectionEnabled: false,
      selectionType: "single",
    });
    this.cy.on("tap", "node", (e) => events.nodeTap(e.target.id()));
    this.cy.on("tap", "edge", (e) => events.edgeTap(this.edgeInfo(e.target)));
    this.cy.on("tap", (e) => {
      if (e.target === this.cy) events.backgroundTap();
    });
    let frame = 0;
    this.cy.on("zoom", () => {
      cancelAnimationFrame(frame);
      frame = requestAnimationFrame(() => this.scaleLabels());
    });
    (window as unknown as { __cy: cytoscape.Core }).__cy = this.cy;
    this.count();
  }

  clear(): void {
    this.layoutRun?.stop();
    this.cy.elements().remove();
    this.count();
  }

  has(id: string): boolean {
    return this.cy.getElementById(id).nonempty();
  }

  nodeRef(id: string): NamedNode | null {
    const n = this.cy.getElementById(id);
    return n.nonempty() ? (n.data("ref") as NamedNode) : null;
  }

  /** Replace the drawing with the network. */
  async setNetwork(nodes: NetworkNode[], edges: NetworkEdge[]): Promise<void> {
    this.clear();
    this.cy.batch(() => {
      this.cy.add(nodes.map((n) => this.nodeDef(n.organisation, n.strength, n.degree)));
      this.cy.add(edges.map((e) => this.collabEdgeDef(e.source, e.target, e.strength, Object.fromEntries(e.channels.map((c) => [c.channel, c.count])))));
    });
    this.restyle();
    await this.layout(false);
  }

  /** Merge organisations' collaborators around them (a fresh drawing when `fresh`), then lay out. */
  async mergeNeighbourhoods(items: { centre: NamedNode; collaborations: Collaboration[] }[], fresh: boolean): Promise<void> {
    if (fresh) this.clear();
    const incremental = this.cy.nodes().nonempty();
    this.cy.batch(() => items.forEach(({ centre, collaborations }) => this.merge(centre, collaborations)));
    this.restyle();
    await this.layout(incremental);
  }

  private merge(centre: NamedNode, collabs: Collaboration[]): void {
    let c = this.cy.getElementById(centre.id);
    if (c.empty()) c = this.cy.add(this.nodeDef(centre, 0));
    c.addClass("centre");
    const origin = c.position();
    collabs.forEach((col, i) => {
      const o = col.organisation;
      const existing = this.cy.getElementById(o.id);
      if (existing.empty()) {
        const angle = (2 * Math.PI * i) / Math.max(collabs.length, 1);
        this.cy.add({ ...this.nodeDef(o, col.strength), position: { x: origin.x + 120 * Math.cos(angle), y: origin.y + 120 * Math.sin(angle) } });
      } else if (col.strength > (existing.data("strength") as number)) {
        existing.data("strength", col.strength);
      }
      const channels: Partial<Record<Channel, number>> = {};
      for (const l of col.links) channels[l.channel] = (channels[l.channel] ?? 0) + 1;
      if (this.cy.getElementById(pairId(centre.id, o.id)).empty()) this.cy.add(this.collabEdgeDef(centre.id, o.id, col.strength, channels));
    });
    const strongest = Math.max(0, ...collabs.map((x) => x.strength));
    if (strongest > (c.data("strength") as number)) c.data("strength", strongest);
  }

  /** Add the paths' nodes and relationships, and highlight them. */
  async showPaths(paths: { steps: PathStep[] }[], zoom: boolean): Promise<void> {
    const incremental = this.cy.nodes().nonempty();
    const onPath = this.cy.collection();
    this.cy.batch(() => {
      for (const path of paths) {
        path.steps.forEach((step, i) => {
          let node = this.cy.getElementById(step.node.id);
          if (node.empty()) {
            const prev = i > 0 ? this.cy.getElementById(path.steps[i - 1].node.id) : null;
            const p = prev?.nonempty() ? prev.position() : { x: 0, y: 0 };
            node = this.cy.add({ ...this.nodeDef(step.node, 0), position: { x: p.x + 60 + Math.random() * 40, y: p.y + Math.random() * 60 - 30 } });
          }
          onPath.merge(node);
          if (i === 0) return;
          const prevId = path.steps[i - 1].node.id;
          const [source, target] = step.forward === false ? [step.node.id, prevId] : [prevId, step.node.id];
          const id = step.relationshipId ?? `r:${source}|${target}`;
          let edge = this.cy.getElementById(id);
          if (edge.empty()) {
            edge = this.cy.add({
              group: "edges",
              data: { id, source, target, relationshipType: step.relationshipType, label: step.relationshipType ? relationshipName(step.relationshipType) : "", colour: "#334155", width: 2 },
              classes: [step.node, path.steps[i - 1].node].some(isSample) ? "relationship sample" : "relationship",
            });
          }
          onPath.merge(edge);
        });
      }
    });
    this.restyle();
    await this.layout(incremental);
    this.highlight(onPath, zoom);
  }

  /** Fade all but `eles`; zoom to them, or keep the whole drawing in view. */
  highlight(eles: cytoscape.CollectionReturnValue, zoom: boolean): void {
    this.cy.batch(() => {
      this.cy.elements().removeClass("path").addClass("faded");
      eles.removeClass("faded").addClass("path");
    });
    this.scaleLabels();
    if (zoom) this.cy.animate({ fit: { eles, padding: 60 } }, { duration: 300 });
  }

  clearHighlight(): void {
    this.cy.elements().removeClass("path faded");
  }

  select(id: string | null): void {
    this.cy.elements().unselect();
    if (id) this.cy.getElementById(id).select();
  }

  /** Names follow the interface language. */
  relabel(): void {
    this.cy.batch(() => this.cy.nodes().forEach((n) => void n.data("label", nodeName(n.data("ref") as NamedNode))));
    this.cy.edges(".relationship").forEach((e) => {
      const rt = e.data("relationshipType") as string | null;
      e.data("label", rt ? relationshipName(rt) : "");
    });
  }

  edgeInfo(e: cytoscape.EdgeSingular): EdgeInfo {
    return {
      id: e.id(),
      source: e.source().id(),
      target: e.target().id(),
      strength: (e.data("strength") as number | undefined) ?? null,
      channels: (e.data("channels") as Partial<Record<Channel, number>> | undefined) ?? {},
      relationshipType: (e.data("relationshipType") as string | undefined) ?? null,
    };
  }

  private nodeDef(n: NamedNode, strength: number, degree?: number): cytoscape.ElementDefinition {
    const isOrg = n.__typename === "Organisation";
    return {
      group: "nodes",
      data: {
        id: n.id, ref: n, label: nodeName(n), typename: n.__typename, kind: n.kind ?? null, strength, degree: degree ?? null,
        colour: isOrg ? (KIND_COLOURS[n.kind ?? ""] ?? OTHER_COLOUR) : OTHER_COLOUR, size: 20, font0: 10, font: 10, labelWidth: 150,
      },
      classes: [isOrg ? "org" : "other", isSample(n) ? "sample" : ""].join(" ").trim(),
    };
  }

  private collabEdgeDef(a: string, b: string, strength: number, channels: Partial<Record<Channel, number>>): cytoscape.ElementDefinition {
    const channel = mainChannel(channels);
    const sample = [a, b].some((id) => this.isSampleNode(id));
    return { group: "edges", data: { id: pairId(a, b), source: a, target: b, strength, channels, channel, colour: CHANNEL_COLOURS[channel], width: 1 }, classes: sample ? "collab sample" : "collab" };
  }

  private isSampleNode(id: string): boolean {
    const ref = this.nodeRef(id);
    return ref !== null && isSample(ref);
  }

  /** Sizes and widths relative to the strongest in the drawing (square root: strength sums links). */
  private restyle(): void {
    const nodes = this.cy.nodes(".org");
    const maxNode = Math.max(1e-9, ...nodes.map((n) => n.data("strength") as number));
    const edges = this.cy.edges(".collab");
    const maxEdge = Math.max(1e-9, ...edges.map((e) => e.data("strength") as number));
    const hubs = new Set(
      (nodes.length > SMALL ? nodes : this.cy.collection())
        .sort((a, b) => (b.data("strength") as number) - (a.data("strength") as number))
        .slice(0, HUBS)
        .map((n) => n.id()),
    );
    this.cy.batch(() => {
      nodes.forEach((n) => {
        const share = Math.sqrt((n.data("strength") as number) / maxNode);
        n.data({ size: 14 + 34 * share, font0: Math.round(9 + 5 * share) });
        n.toggleClass("hub", hubs.has(n.id()));
      });
      edges.forEach((e) => void e.data("width", 1 + 9 * Math.sqrt((e.data("strength") as number) / maxEdge)));
      edges.toggleClass("dense", edges.length > 400);
    });
  }

  /**
   * Labels keep a readable size on screen when zoomed out: every label in a small drawing, only
   * the strongest organisations' (the hubs) in a big one; the others shrink and vanish.
   */
  private scaleLabels(): void {
    const zoom = this.cy.zoom();
    const grow = zoom < 1 ? 1 / zoom : 1;
    const small = this.cy.nodes().length <= SMALL;
    this.cy.batch(() =>
      this.cy.nodes().forEach((n) => {
        const base = (n.data("font0") as number | undefined) ?? 10;
        const font = small || n.hasClass("hub") || n.hasClass("centre") || n.hasClass("path") ? Math.min(base * grow, 60) : base;
        if (n.data("font") !== font) n.data({ font, labelWidth: font * 15 });
      }),
    );
  }

  /** Lay out from scratch, or from the current positions after a merge; resolves when done. */
  private async layout(incremental: boolean): Promise<void> {
    this.layoutRun?.stop();
    const n = this.cy.nodes().length;
    this.fastViewport(this.cy.edges().length > 2000);
    const maxEdge = Math.max(1e-9, ...this.cy.edges(".collab").map((e) => e.data("strength") as number));
    const strength = (e: cytoscape.EdgeSingular): number =>
      e.hasClass("collab") ? Math.sqrt((e.data("strength") as number) / maxEdge) : 0.5;
    let options: cytoscape.LayoutOptions;
    if (n > BIG) {
      // let the loading indicator paint before the page is busy for a second
      await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
      options = { name: "preset", fit: true, padding: 30, positions: incremental ? undefined : this.forcePositions(strength) };
    } else {
      // cose from a spiral rather than random places: the same data always gives the same picture
      if (!incremental) this.placeOnSpiral();
      options = {
        name: "cose",
        animate: false,
        randomize: false,
        fit: true,
        padding: 30,
        nodeDimensionsIncludeLabels: false,
        nodeRepulsion: () => 400_000,
        nodeOverlap: 10,
        // stronger collaborations pull closer
        idealEdgeLength: (e: cytoscape.EdgeSingular) => (e.hasClass("collab") ? 120 - 50 * strength(e) : 80),
        edgeElasticity: () => 100,
        gravity: 80,
        numIter: 1000,
        componentSpacing: 80,
        initialTemp: incremental ? 300 : 1000,
      } satisfies cytoscape.CoseLayoutOptions;
    }
    return new Promise((resolve) => {
      const run = this.cy.layout(options);
      this.layoutRun = run;
      run.one("layoutstop", () => {
        if (this.layoutRun === run) this.layoutRun = null;
        this.scaleLabels();
        this.count();
        resolve();
      });
      run.run();
    });
  }

  private placeOnSpiral(): void {
    const xy = spiral(this.cy.nodes().length, 60);
    this.cy.nodes().forEach((node, i) => void node.position({ x: xy[2 * i], y: xy[2 * i + 1] }));
  }

  /** forceLayout's positions for every node, by id. */
  private forcePositions(strength: (e: cytoscape.EdgeSingular) => number): Record<string, cytoscape.Position> {
    const nodes = this.cy.nodes();
    const index = new Map(nodes.map((node, i) => [node.id(), i] as const));
    const edges = this.cy.edges().map((e) => ({ source: index.get(e.source().id())!, target: index.get(e.target().id())!, weight: strength(e) }));
    const n = nodes.length;
    const xy = forceLayout(n, edges, Math.max(60, Math.min(300, Math.round(7e8 / (n * n)))));
    const positions: Record<string, cytoscape.Position> = {};
    nodes.forEach((node, i) => void (positions[node.id()] = { x: xy[2 * i], y: xy[2 * i + 1] }));
    return positions;
  }

  /**
   * Big drawings pan and zoom on a snapshot of the canvas and hide edges meanwhile (cytoscape's
   * textureOnViewport / hideEdgesOnViewport, read by its canvas renderer on every frame).
   */
  private fastViewport(on: boolean): void {
    const renderer = (this.cy as unknown as { renderer?: () => Record<string, unknown> }).renderer?.();
    if (!renderer) return;
    renderer.textureOnViewport = on;
    renderer.hideEdgesOnViewport = on;
  }

  private count(): void {
    (window as unknown as { __drawn: number }).__drawn = this.cy.nodes().length;
  }
}
