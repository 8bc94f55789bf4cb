// The dual-qualified trainers and the shared training bases, each with the reasons, a page at a time.
import { h, replace, type Child } from "./dom";
import { categoryName, kindName, provinceName, roleName, t } from "./i18n";
import { busy, showError } from "./status";
import { dualQualified, isSample, nodeName, otherName, sampleBadge, sharedBases, type Connection, type DualEdge, type HeldCredential, type NamedNode, type SharedEdge } from "./queries";

export interface ListFilter {
  province: string | null;
  only: boolean;
}

type Open = (id: string) => void;

const orgLink = (o: NamedNode, open: Open): HTMLElement =>
  h("a", { href: "#", class: "org-link", title: o.kind ? kindName(o.kind) : "", onclick: (e: Event) => (e.preventDefault(), open(o.id)) }, nodeName(o));

const names = (orgs: NamedNode[], open: Open): Child[] => orgs.flatMap((o, i) => [i ? "、" : null, orgLink(o, open)]);

// the credential's name already says its level; the category is why it counts
const credential = (c: HeldCredential): HTMLElement =>
  h("li", {}, nodeName({ __typename: "Credential", id: "", ...c.credential }), h("span", { class: "muted" }, ` · ${categoryName(c.credential.category)}`));

function dualRow(e: DualEdge, open: Open): HTMLElement {
  return h(
    "tr",
    { "data-id": e.node.id },
    h("td", {}, h("strong", {}, nodeName(e.node)), isSample(e.node) ? [" ", sampleBadge()] : null, otherName(e.node) ? h("div", { class: "muted" }, otherName(e.node)) : null, e.node.title ? h("div", { class: "muted" }, e.node.title) : null),
    h("td", {}, h("ul", { class: "plain" }, e.teachingCredentials.map(credential))),
    h("td", {}, h("ul", { class: "plain" }, e.industryCredentials.map(credential))),
    h("td", { class: "center" }, e.reciprocalHire ? h("span", { class: "badge yes" }, t("reciprocalHire")) : "—"),
    h("td", {}, names(e.enterprises, open)),
    h("td", {}, names(e.schools, open)),
  );
}

function sharedRow(e: SharedEdge, open: Open): HTMLElement {
  return h(
    "tr",
    { "data-id": e.node.id },
    h("td", {}, h("strong", {}, nodeName(e.node)), isSample(e.node) ? [" ", sampleBadge()] : null, otherName(e.node) ? h("div", { class: "muted" }, otherName(e.node)) : null),
    h("td", {}, [provinceName(e.node.province), e.node.city].filter(Boolean).join(" · ")),
    h("td", { class: "center" }, String(e.organisationCount)),
    h("td", { class: "center" }, e.crossSector ? h("span", { class: "badge yes" }, t("crossSector")) : "—"),
    h(
      "td",
      {},
      h("ul", { class: "plain" }, e.organisations.map((p) => h("li", {}, orgLink(p.organisation, open), h("span", { class: "muted" }, ` ${kindName(p.organisation.kind)} · ${p.roles.map(roleName).join("、")}`)))),
    ),
  );
}

/** A table that loads 50 rows at a time. */
abstract class PagedList<E extends { cursor: string }> {
  private rows: E[] = [];
  private total = 0;
  private next: string | null = null;
  private seq = 0;

  constructor(
    protected readonly el: HTMLElement,
    protected readonly open: Open,
  ) {}

  protected abstract fetch(f: ListFilter, after: string | null): Promise<Connection<E>>;
  protected abstract heads(): string[];
  protected abstract row(e: E): HTMLElement;
  protected abstract testId: string;

  async load(f: ListFilter, more = false): Promise<void> {
    const seq = ++this.seq;
    const page = await this.fetch(f, more ? this.next : null);
    if (seq !== this.seq) return;
    this.rows = more ? [...this.rows, ...page.edges] : page.edges;
    this.total = page.totalCount;
    this.next = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
    this.render(f);
  }

  render(f: ListFilter): void {
    replace(
      this.el,
      h("p", { class: "summary" }, `${t("total")} ${this.total}${t("listSep")}${t("shown")} ${this.rows.length}`),
      h(
        "div",
        { class: "table-scroll" },
        h("table", { class: "list", "data-testid": this.testId }, h("thead", {}, h("tr", {}, this.heads().map((x) => h("th", { scope: "col" }, x)))), h("tbody", {}, this.rows.map((r) => this.row(r)))),
      ),
      this.next ? h("button", { type: "button", class: "more", onclick: () => void busy(() => this.load(f, true)).catch(showError) }, t("loadMore")) : null,
    );
  }
}

export class DualList extends PagedList<DualEdge> {
  protected testId = "dual-list";
  protected fetch(f: ListFilter, after: string | null) {
    return dualQualified({ ...(f.province ? { province: f.province } : {}), ...(f.only ? { reciprocalHireOnly: true } : {}) }, after);
  }
  protected heads() {
    return [t("name"), t("teachingCredentials"), t("industryCredentials"), t("reciprocalHire"), t("enterprises"), t("schools")];
  }
  protected row(e: DualEdge) {
    return dualRow(e, this.open);
  }
}

export class SharedList extends PagedList<SharedEdge> {
  protected testId = "shared-list";
  protected fetch(f: ListFilter, after: string | null) {
    return sharedBases(f.province ? { province: f.province } : {}, f.only, after);
  }
  protected heads() {
    return [t("base"), t("province"), t("orgCount"), t("crossSector"), t("participants")];
  }
  protected row(e: SharedEdge) {
    return sharedRow(e, this.open);
  }
}
