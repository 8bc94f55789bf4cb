// Export what is drawn: a PNG of the whole drawing, and GraphML built from the drawn elements
// (typed keys, as the server's own /export/graphml, so networkx and Gephi read it).
import type cytoscape from "cytoscape";
import { download } from "./dom";
import type { NamedNode } from "./queries";

export function exportPng(cy: cytoscape.Core, name: string): void {
  const blob = cy.png({ output: "blob", bg: "#ffffff", full: true, scale: 2, maxWidth: 8000, maxHeight: 8000 });
  download(blob, `${name}.png`);
}

type KeyType = "string" | "double" | "long";
interface Key {
  id: string;
  for: "node" | "edge";
  type: KeyType;
  value(el: cytoscape.SingularElementArgument): unknown;
}

const ref = (el: cytoscape.SingularElementArgument): NamedNode => el.data("ref") as NamedNode;

const KEYS: Key[] = [
  { id: "nodeType", for: "node", type: "string", value: (n) => ref(n).__typename },
  { id: "name", for: "node", type: "string", value: (n) => ref(n).name ?? ref(n).title },
  { id: "nameZh", for: "node", type: "string", value: (n) => ref(n).nameZh ?? ref(n).titleZh },
  { id: "code", for: "node", type: "string", value: (n) => ref(n).code },
  { id: "kind", for: "node", type: "string", value: (n) => ref(n).kind },
  { id: "province", for: "node", type: "string", value: (n) => ref(n).province },
  { id: "city", for: "node", type: "string", value: (n) => ref(n).city },
  { id: "label", for: "node", type: "string", value: (n) => n.data("label") },
  { id: "strength", for: "node", type: "double", value: (n) => n.data("strength") },
  { id: "degree", for: "node", type: "long", value: (n) => n.data("degree") },
  { id: "x", for: "node", type: "double", value: (n) => (n as cytoscape.NodeSingular).position().x },
  { id: "y", for: "node", type: "double", value: (n) => (n as cytoscape.NodeSingular).position().y },
  { id: "strength", for: "edge", type: "double", value: (e) => e.data("strength") },
  { id: "channel", for: "edge", type: "string", value: (e) => e.data("channel") },
  { id: "channels", for: "edge", type: "string", value: (e) => (e.data("channels") ? JSON.stringify(e.data("channels")) : undefined) },
  { id: "relationshipType", for: "edge", type: "string", value: (e) => e.data("relationshipType") },
];

const escape = (s: string): string =>
  s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&apos;" })[c]!);

function dataLines(el: cytoscape.SingularElementArgument, kind: "node" | "edge"): string[] {
  const lines: string[] = [];
  for (const k of KEYS) {
    if (k.for !== kind) continue;
    const v = k.value(el);
    if (v === null || v === undefined || v === "") continue;
    if (k.type !== "string" && !Number.isFinite(Number(v))) continue;
    lines.push(`      <data key="${kind[0]}_${k.id}">${escape(String(v))}</data>`);
  }
  return lines;
}

export function toGraphml(cy: cytoscape.Core): string {
  const out = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<graphml xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">',
    ...KEYS.map((k) => `  <key id="${k.for[0]}_${k.id}" for="${k.for}" attr.name="${k.id}" attr.type="${k.type}"/>`),
    '  <graph id="explorer" edgedefault="undirected">',
  ];
  cy.nodes().forEach((n) => {
    out.push(`    <node id="${escape(n.id())}">`, ...dataLines(n, "node"), "    </node>");
  });
  cy.edges().forEach((e) => {
    out.push(`    <edge id="${escape(e.id())}" source="${escape(e.source().id())}" target="${escape(e.target().id())}">`, ...dataLines(e, "edge"), "    </edge>");
  });
  out.push("  </graph>", "</graphml>", "");
  return out.join("\n");
}

export function exportGraphml(cy: cytoscape.Core, name: string): void {
  download(new Blob([toGraphml(cy)], { type: "application/graphml+xml" }), `${name}.graphml`);
}
