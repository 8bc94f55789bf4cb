// The GraphQL documents the explorer sends, and the shapes of their answers.
import { gql } from "./api";
import { h } from "./dom";
import { lang, t, type Channel, type OrgKind, type ProgressMeasure, type Task, type ViewerReason } from "./i18n";

/** Any node, with the fields that name it (which of them exist depends on its type). */
export interface NamedNode {
  __typename: string;
  id: string;
  name?: string;
  nameZh?: string | null;
  title?: string;
  titleZh?: string | null;
  code?: string;
  kind?: OrgKind;
  province?: string | null;
  city?: string | null;
  source?: string;
}

/** Where generated sample data says it comes from (domain/definitions.py SYNTHETIC_SOURCE). */
export const SAMPLE_SOURCE = "synthetic";
export const isSample = (n: NamedNode): boolean => n.source === SAMPLE_SOURCE;

/** Whether the questions include the sample: the switch's state (null: the server's default). */
let sampleIncluded: boolean | null = null;
export function includeSample(value: boolean | null): void {
  sampleIncluded = value;
}
export const sampleShown = (): boolean => sampleIncluded !== false;

/** The mark a sample node carries in panels and lists. */
export const sampleBadge = (): HTMLElement => h("span", { class: "badge sample", "data-testid": "sample-badge" }, t("sampleBadge"));

export interface Org extends NamedNode {
  name: string;
  kind: OrgKind;
}

const NAMES = `fragment Names on Node { __typename id
  ... on Organisation { name nameZh kind province city source }
  ... on Trainer { name nameZh source }
  ... on Credential { name nameZh source }
  ... on Profession { name nameZh source }
  ... on Course { code title titleZh source }
  ... on TrainingBase { name nameZh province city source }
  ... on Standard { code title titleZh source }
  ... on Agreement { title titleZh source }
  ... on Event { name nameZh source } }`;

const ORG = "__typename id name nameZh kind province city source";

/** The node's name in the interface language (falling back to the other one). */
export function nodeName(n: NamedNode, l = lang()): string {
  const en = n.name ?? n.title ?? n.id;
  const zh = n.nameZh ?? n.titleZh ?? null;
  const main = l === "zh" ? (zh ?? en) : en;
  return n.code ? `${n.code} ${main}` : main;
}

/** The name in the other language, when there is a different one. */
export function otherName(n: NamedNode, l = lang()): string {
  const other = nodeName(n, l === "zh" ? "en" : "zh");
  return other === nodeName(n, l) ? "" : other;
}

// search

export interface SearchHit {
  score: number;
  node: NamedNode;
}

export async function search(text: string, first: number, kinds?: string[], signal?: AbortSignal): Promise<SearchHit[]> {
  const q = `query Search($text: String!, $first: Int, $kinds: [NodeKind!], $sample: Boolean) {
    search(text: $text, first: $first, kinds: $kinds, includeSample: $sample) { score node { ...Names } } } ${NAMES}`;
  return (await gql<{ search: SearchHit[] }>(q, { text, first, kinds: kinds ?? null, sample: sampleIncluded }, signal)).search;
}

// collaborations

export interface Collaboration {
  organisation: Org;
  strength: number;
  links: { channel: Channel }[];
}

export async function collaborations(id: string, channels: Channel[]): Promise<{ centre: NamedNode | null; collaborations: Collaboration[] }> {
  const q = `query Collaborations($id: ID!, $channels: [CollaborationChannel!], $sample: Boolean) {
    centre: node(id: $id) { ...Names }
    collaborations(organisationId: $id, channels: $channels, first: 500, includeSample: $sample) {
      organisation { ${ORG} } strength links { channel } } } ${NAMES}`;
  return gql(q, { id, channels, sample: sampleIncluded });
}

// the network

export interface NetworkNode {
  organisation: Org;
  degree: number;
  strength: number;
}
export interface NetworkEdge {
  source: string;
  target: string;
  strength: number;
  channels: { channel: Channel; count: number }[];
}
export interface NetworkFilter {
  provinces: string[];
  kinds: OrgKind[];
  channels: Channel[];
  minStrength: number | null;
}

export async function network(f: NetworkFilter): Promise<{ nodes: NetworkNode[]; edges: NetworkEdge[] }> {
  const q = `query Network($where: NetworkWhere, $channels: [CollaborationChannel!], $minStrength: Float, $sample: Boolean) {
    collaborationNetwork(where: $where, channels: $channels, minStrength: $minStrength, includeSample: $sample) {
      nodes { organisation { ${ORG} } degree strength }
      edges { source target strength channels { channel count } } } }`;
  const where: Record<string, unknown> = {};
  if (f.provinces.length) where.provinces = f.provinces;
  if (f.kinds.length) where.kinds = f.kinds;
  const vars = { where: Object.keys(where).length ? where : null, channels: f.channels, minStrength: f.minStrength, sample: sampleIncluded };
  return (await gql<{ collaborationNetwork: { nodes: NetworkNode[]; edges: NetworkEdge[] } }>(q, vars)).collaborationNetwork;
}

// paths

export interface PathStep {
  node: NamedNode;
  relationshipType: string | null;
  relationshipId: string | null;
  forward: boolean | null;
}
export interface Paths {
  found: boolean;
  hops: number | null;
  message: string | null;
  paths: { hops: number; steps: PathStep[] }[];
}

export async function connectionPath(fromId: string, toId: string, opts: { maxHops?: number; via?: string[]; first?: number } = {}): Promise<Paths> {
  const q = `query Path($from: ID!, $to: ID!, $maxHops: Int, $via: [RelationshipType!], $first: Int, $sample: Boolean) {
    connectionPath(fromId: $from, toId: $to, maxHops: $maxHops, via: $via, first: $first, includeSample: $sample) {
      found hops message paths { hops steps { node { ...Names } relationshipType relationshipId forward } } } } ${NAMES}`;
  const vars = { from: fromId, to: toId, maxHops: opts.maxHops ?? null, via: opts.via ?? null, first: opts.first ?? null, sample: sampleIncluded };
  return (await gql<{ connectionPath: Paths }>(q, vars)).connectionPath;
}

// one node's details

export interface Page {
  totalCount: number;
  edges: { node: NamedNode }[];
}
export type Details = NamedNode & Record<string, unknown>;

/** The connections the details panel lists for each node type (each a field of the schema). */
export const DETAIL_LISTS: Record<string, string[]> = {
  Organisation: ["memberships", "members", "partOf", "units", "trainers", "courses", "operatedBases", "usedBases", "draftedStandards", "implementedStandards", "agreements", "events"],
  Trainer: ["affiliations", "credentials", "courses"],
  Credential: ["holders", "professions"],
  Profession: ["courses", "trainingBases", "standards"],
  Course: ["developers", "trainers", "professions", "standards"],
  TrainingBase: ["operators", "users", "professions"],
  Standard: ["drafters", "implementers", "professions", "courses"],
  Agreement: ["parties", "courses", "signingEvents", "respondsTo", "responses"],
  Event: ["organisations", "agreementsSigned"],
};
const EXTRA: Record<string, string> = {
  Organisation: "website source",
  Trainer: "jobTitle: title source",
  Credential: "category level source",
  Profession: "professionCode: code source",
  Course: "mode hours credits source",
  TrainingBase: "capacity source",
  Standard: "standardLevel: level status publishedOn source",
  Agreement: "signedOn summary source",
  Event: "heldOn place source",
};

/** A list's filter that leaves the sample out, when the switch hides it. */
const realOnly = (): string => (sampleShown() ? "" : `, where: {source: {ne: "${SAMPLE_SOURCE}"}}`);

export async function details(id: string): Promise<Details | null> {
  const parts = Object.entries(DETAIL_LISTS).map(
    ([type, lists]) =>
      `... on ${type} { ${EXTRA[type]} ${lists.map((l) => `${l}(first: 5${realOnly()}) { totalCount edges { node { ...Names } } }`).join(" ")} }`,
  );
  const q = `query Details($id: ID!) { node(id: $id) { ...Names ${parts.join(" ")} } } ${NAMES}`;
  return (await gql<{ node: Details | null }>(q, { id })).node;
}

// coverage

export interface CoverageCell {
  profession: NamedNode;
  province: string;
  courses: number;
  trainingBases: number;
  dualQualifiedTrainers: number;
  standards: number;
  missing: string[];
}

export async function coverage(): Promise<CoverageCell[]> {
  const q = `query Coverage($sample: Boolean) { coverage(includeSample: $sample) { cells { profession { ...Names } province courses trainingBases dualQualifiedTrainers standards missing } } } ${NAMES}`;
  return (await gql<{ coverage: { cells: CoverageCell[] } }>(q, { sample: sampleIncluded })).coverage.cells;
}

// the two lists

export interface HeldCredential {
  credential: { name: string; nameZh: string | null; category: string };
  level: number | null;
}
export interface DualEdge {
  cursor: string;
  node: NamedNode & { title: string | null };
  reciprocalHire: boolean;
  teachingCredentials: HeldCredential[];
  industryCredentials: HeldCredential[];
  enterprises: Org[];
  schools: Org[];
}
export interface SharedEdge {
  cursor: string;
  node: NamedNode;
  organisationCount: number;
  crossSector: boolean;
  organisations: { organisation: Org; roles: string[] }[];
}
export interface Connection<E> {
  totalCount: number;
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  edges: E[];
}

const HELD = "credential { name nameZh category } level";

export async function dualQualified(where: { province?: string; reciprocalHireOnly?: boolean }, after: string | null): Promise<Connection<DualEdge>> {
  const q = `query Dual($where: DualQualifiedWhere, $after: String, $sample: Boolean) {
    dualQualifiedTrainers(where: $where, first: 50, after: $after, includeSample: $sample) {
      totalCount pageInfo { hasNextPage endCursor }
      edges { cursor node { __typename id name nameZh title source } reciprocalHire
        teachingCredentials { ${HELD} } industryCredentials { ${HELD} }
        enterprises { ${ORG} } schools { ${ORG} } } } }`;
  return (await gql<{ dualQualifiedTrainers: Connection<DualEdge> }>(q, { where, after, sample: sampleIncluded })).dualQualifiedTrainers;
}

export async function sharedBases(where: { province?: string }, crossSectorOnly: boolean, after: string | null): Promise<Connection<SharedEdge>> {
  const q = `query Shared($where: SharedBaseWhere, $cross: Boolean, $after: String, $sample: Boolean) {
    sharedTrainingBases(where: $where, crossSectorOnly: $cross, first: 50, after: $after, includeSample: $sample) {
      totalCount pageInfo { hasNextPage endCursor }
      edges { cursor node { __typename id name nameZh province city source } organisationCount crossSector
        organisations { organisation { ${ORG} } roles } } } }`;
  return (await gql<{ sharedTrainingBases: Connection<SharedEdge> }>(q, { where, cross: crossSectorOnly, after, sample: sampleIncluded })).sharedTrainingBases;
}

// the alliance's progress (联盟进展)

export interface ProgressRow {
  year: number | null;
  province: string | null;
  firstDay: string;
  lastDay: string;
  standards: { published: number; publishedToDate: number; drafting: number | null };
  trainingBases: { shared: number; sharedAcrossSectors: number };
  /** dualQualifiedShare: null where there are no trainers (nothing to share). */
  trainers: { trainers: number; dualQualified: number; dualQualifiedShare: number | null; reciprocalHires: number };
  courses: { coDeveloped: number; ai: number };
  learners: { enrolled: number; completed: number; certified: number };
  creditBank: { recognitions: number; credits: number };
}

/** A measure's value in a row ("task.field"); null: none (a share of no trainers). */
export function measureValue(row: ProgressRow, measure: ProgressMeasure): number | null {
  const [task, field] = measure.split(".") as [Task, string];
  const value = (row[task] as unknown as Record<string, number | null>)[field];
  return value ?? null;
}

const PROGRESS_ROW = `year province firstDay lastDay
  standards { published publishedToDate drafting } trainingBases { shared sharedAcrossSectors }
  trainers { trainers dualQualified dualQualifiedShare reciprocalHires } courses { coDeveloped ai }
  learners { enrolled completed certified } creditBank { recognitions credits }`;

/** Rows by year or by province (never paged: at most 50 years, 34 provinces): the whole graph's,
 * or, by year, one organisation's with its units. */
export async function allianceProgress(by: "YEAR" | "PROVINCE", fromYear: number, toYear: number, organisationId: string | null = null): Promise<ProgressRow[]> {
  const q = `query Progress($by: ProgressGrouping!, $from: Int, $to: Int, $org: ID, $sample: Boolean) {
    allianceProgress(by: $by, fromYear: $from, toYear: $to, organisationId: $org, includeSample: $sample) { rows { ${PROGRESS_ROW} } } }`;
  const vars = { by, from: fromYear, to: toYear, org: organisationId, sample: sampleIncluded };
  return (await gql<{ allianceProgress: { rows: ProgressRow[] } }>(q, vars)).allianceProgress.rows;
}

export interface Viewer {
  role: string;
  reason: ViewerReason | null;
  organisation: { id: string; name: string; nameZh: string | null } | null;
}

/** Who the API key belongs to: a partner's key names its organisation, any other a reason. */
export async function viewer(): Promise<Viewer> {
  const q = `query Viewer { viewer { role reason organisation { id name nameZh } } }`;
  return (await gql<{ viewer: Viewer }>(q)).viewer;
}
