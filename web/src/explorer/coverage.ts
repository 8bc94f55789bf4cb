// The coverage matrix as a heat map: provinces × professions, coloured by one measure (or by the
// number of missing measures); gaps hatched and marked.
import { h, replace } from "./dom";
import { MEASURES, measureName, provinceName, PROVINCES, t, type Measure } from "./i18n";
import { nodeName, type CoverageCell } from "./queries";

export type CoverageMeasure = Measure | "gaps";

/** White → deep teal by share of the column's maximum (gaps: white → red by missing measures). */
function colour(share: number, gaps: boolean): string {
  if (gaps && share === 0) return "#ffffff";
  const [r, g, b] = gaps ? [220, 38, 38] : [13, 116, 144];
  const mix = (c: number) => Math.round(255 + (c - 255) * (0.12 + 0.88 * share));
  return `rgb(${mix(r)}, ${mix(g)}, ${mix(b)})`;
}

export function renderCoverage(container: HTMLElement, cells: CoverageCell[], measure: CoverageMeasure): void {
  const professions = [...new Map(cells.map((c) => [c.profession.id, c.profession])).values()];
  const order = Object.keys(PROVINCES);
  const provinces = [...new Set(cells.map((c) => c.province))].sort((a, b) => order.indexOf(a) - order.indexOf(b));
  const at = new Map(cells.map((c) => [`${c.province}|${c.profession.id}`, c]));
  const value = (c: CoverageCell): number => (measure === "gaps" ? c.missing.length : c[measure]);
  const max = Math.max(1, ...cells.map(value));
  const withGaps = cells.filter((c) => c.missing.length).length;
  const steps = [...new Set([0.25, 0.5, 0.75, 1].map((x) => Math.max(1, Math.round(x * max))))];

  const head = h("tr", {}, h("th", { scope: "col", class: "corner" }, t("province")), professions.map((p) => h("th", { scope: "col", title: p.name ?? "" }, nodeName(p))));
  const rows = provinces.map((prov) =>
    h(
      "tr",
      {},
      h("th", { scope: "row" }, provinceName(prov)),
      professions.map((p) => {
        const c = at.get(`${prov}|${p.id}`);
        if (!c) return h("td", { class: "na" }, "");
        const v = value(c);
        const gap = measure === "gaps" ? v > 0 : v === 0;
        const missing = c.missing.map(measureName).join("、");
        const title = [
          `${provinceName(prov)} · ${nodeName(p)}`,
          ...(Object.keys(MEASURES) as Measure[]).map((m) => `${measureName(m)}: ${c[m]}`),
          missing ? `✗ ${missing}` : "",
        ].filter(Boolean).join("\n");
        return h(
          "td",
          {
            class: ["cell", gap ? "gap" : "", c.missing.length ? "has-missing" : ""].join(" ").trim(),
            style: gap && measure !== "gaps" ? null : `background:${colour(v / max, measure === "gaps")}${v / max > 0.6 ? ";color:#fff" : ""}`,
            title,
            "data-province": prov,
            "data-profession": p.id,
            "data-missing": c.missing.join(","),
          },
          String(v),
        );
      }),
    ),
  );
  replace(
    container,
    h("p", { class: "muted" }, t("coverageHint")),
    h(
      "p",
      { class: "summary legend" },
      `${t("coverageSummary")}: ${withGaps} / ${cells.length}`,
      h("span", { class: "scale" }, h("span", { class: measure === "gaps" ? "key" : "key gap" }, "0"), steps.map((v) => h("span", { class: "key", style: `background:${colour(v / max, measure === "gaps")}${v / max > 0.6 ? ";color:#fff" : ""}` }, String(v)))),
    ),
    h("div", { class: "table-scroll" }, h("table", { class: "heat", "data-testid": "coverage-table", "data-measure": measure }, h("thead", {}, head), h("tbody", {}, rows))),
  );
}
