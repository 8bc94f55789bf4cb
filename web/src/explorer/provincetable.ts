// One measure across the 34 provinces for the chosen period: a table sortable by value or in
// the usual order of the provinces, each value with a bar to compare at a glance.
import { h, replace } from "./dom";
import { progressMeasureName, provinceName, PROVINCES, t, type ProgressMeasure } from "./i18n";
import { measureValue, type ProgressRow } from "./queries";

/** Largest first, smallest first, or the provinces' usual order. */
export const PROVINCE_SORTS = ["desc", "asc", "province"] as const;
export type ProvinceSort = (typeof PROVINCE_SORTS)[number];

/** The value as the table shows it; null (a share of no trainers): "—". */
const formatMeasure = (measure: ProgressMeasure, value: number | null): string =>
  value === null ? "—" : measure === "trainers.dualQualifiedShare" ? `${(value * 100).toFixed(1)}%` : value.toLocaleString();

function sorted(rows: ProgressRow[], measure: ProgressMeasure, sort: ProvinceSort): ProgressRow[] {
  const order = Object.keys(PROVINCES);
  const place = (r: ProgressRow): number => order.indexOf(r.province ?? "");
  // Provinces without a value (null) come last either way.
  const value = (r: ProgressRow): number => measureValue(r, measure) ?? (sort === "desc" ? -Infinity : Infinity);
  if (sort === "province") return [...rows].sort((a, b) => place(a) - place(b));
  const sign = sort === "desc" ? -1 : 1;
  return [...rows].sort((a, b) => (value(a) === value(b) ? 0 : sign * (value(a) - value(b))) || place(a) - place(b));
}

type AriaSort = "ascending" | "descending" | null;

/** A column heading that sorts the table when clicked. */
function heading(text: string, testId: string, current: AriaSort, sortBy: () => void): HTMLElement {
  const mark = current === "descending" ? " ▼" : current === "ascending" ? " ▲" : "";
  return h("th", { scope: "col", "aria-sort": current }, h("button", { type: "button", class: "link sort", "data-testid": testId, onclick: sortBy }, text, mark));
}

function row(r: ProgressRow, rank: number, measure: ProgressMeasure, max: number): HTMLElement {
  const value = measureValue(r, measure);
  return h(
    "tr",
    { "data-testid": "progress-province-row", "data-province": r.province ?? "", "data-value": value === null ? "" : String(value) },
    h("td", { class: "center muted" }, String(rank)),
    h("th", { scope: "row" }, provinceName(r.province)),
    h("td", { class: "bar-cell" }, h("span", { class: "track" }, h("span", { class: "bar", style: `width:${((100 * (value ?? 0)) / max).toFixed(1)}%` })), h("span", { class: "bar-value" }, formatMeasure(measure, value))),
  );
}

/** The table, with the period it counts and the day its stocks are counted on. */
export function renderProvinces(container: HTMLElement, rows: ProgressRow[], measure: ProgressMeasure, sort: ProvinceSort, onSort: (s: ProvinceSort) => void): void {
  const max = Math.max(Number.EPSILON, ...rows.map((r) => measureValue(r, measure) ?? 0));
  const first = rows[0];
  const period = first ? `${t("progressPeriod")}${t("colon")}${first.firstDay.slice(0, 4)}–${first.lastDay.slice(0, 4)} · ${t("progressStocksOn")} ${first.lastDay}` : "";
  const byValue = sort !== "province";
  replace(
    container,
    h("p", { class: "muted small" }, period, " · ", t("progressSortHint")),
    h(
      "table",
      { class: "provinces", "data-testid": "progress-provinces", "data-measure": measure, "data-sort": sort },
      h(
        "thead",
        {},
        h(
          "tr",
          {},
          h("th", { scope: "col", class: "center" }, t("progressRank")),
          heading(t("province"), "sort-province", byValue ? null : "ascending", () => onSort("province")),
          heading(progressMeasureName(measure), "sort-value", byValue ? (sort === "desc" ? "descending" : "ascending") : null, () => onSort(sort === "desc" ? "asc" : "desc")),
        ),
      ),
      h("tbody", {}, sorted(rows, measure, sort).map((r, i) => row(r, i + 1, measure, max))),
    ),
  );
}
