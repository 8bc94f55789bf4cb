// Small bar and line charts over Chartist: SVG, and the smallest in the bundle of the libraries
// compared (uPlot, Chart.js, Frappe Charts). Titles, axis names and legends are HTML around the
// SVG, so they follow the interface language like any other text.
import { BarChart, LineChart, type AxisOptions, type BarChartOptions, type BaseChart, type DrawEvent, type Label, type LineChartOptions } from "chartist";
import "chartist/dist/index.css";
import { h } from "./dom";

export type ChartKind = "bar" | "line";

export interface Series {
  label: string;
  /** One value per label; null: no value (a gap). */
  values: (number | null)[];
  /** The colour slot (1–4, style.css `.s1`…), shared with the legend. */
  colour: number;
}

interface ChartSpec {
  kind: ChartKind;
  labels: string[];
  series: Series[];
  /** What the vertical axis counts, and what the horizontal one is. */
  yTitle: string;
  xTitle: string;
  /** Values are shares (0–1), shown as percentages on a 0–100 % axis. */
  percent?: boolean;
  /** Values are whole numbers: no fractional ticks. */
  integer?: boolean;
}

const HEIGHT = 160;
/** The height of the years' labels under a chart. */
const X_AXIS = 22;
/** Charts drawn, by their element, so a redraw can detach the old ones (their resize listeners)
 * and settle whoever still waits for them to appear. */
const live = new Map<HTMLElement, { chart: BaseChart; settle: () => void }>();

const percent = (v: number): string => `${Math.round(v * 100)}%`;
const formatted = (v: number, spec: ChartSpec): string => (spec.percent ? percent(v) : v.toLocaleString());

/** Every nth label when the years would crowd each other. */
function sparseLabels(count: number, width: number): (label: Label, index: number) => Label | null {
  const every = Math.max(1, Math.ceil((count * 34) / Math.max(1, width)));
  return (label, index) => (index % every === 0 ? label : null);
}

/** Bars as wide as the years allow: the series share 70 % of their year's step. */
function barWidth(spec: ChartSpec, width: number): number {
  const step = Math.max(4, (width - 60) / Math.max(1, spec.labels.length));
  return Math.round(Math.max(2, Math.min(14, (step * 0.7) / spec.series.length)));
}

function barOptions(spec: ChartSpec, width: number): BarChartOptions {
  return { seriesBarDistance: barWidth(spec, width) + 1, axisX: { offset: X_AXIS, showGrid: false, labelInterpolationFnc: sparseLabels(spec.labels.length, width) } };
}

function lineOptions(spec: ChartSpec, width: number): LineChartOptions {
  // A line chart's labels start at their point: moved left by half a year's width to sit under it.
  const axisX = { offset: X_AXIS, labelOffset: { x: -14, y: 0 }, labelInterpolationFnc: sparseLabels(spec.labels.length, width) };
  return { fullWidth: true, lineSmooth: false, chartPadding: { right: 20, left: 4 }, axisX };
}

function axisY(spec: ChartSpec): AxisOptions {
  return spec.percent
    ? { low: 0, high: 1, labelInterpolationFnc: (v: Label) => percent(Number(v)) }
    : { low: 0, onlyInteger: Boolean(spec.integer), labelInterpolationFnc: (v: Label) => Number(v).toLocaleString() };
}

/** A tooltip (and, for tests, the value) on every bar and point; bars as wide as computed. */
function describe(spec: ChartSpec, width: number): (event: DrawEvent) => void {
  return (event) => {
    if (event.type !== "bar" && event.type !== "point") return;
    const series = spec.series[event.seriesIndex];
    const value = series?.values[event.index];
    if (value === null || value === undefined) return;
    if (event.type === "bar") event.element.attr({ style: `stroke-width:${barWidth(spec, width)}px` });
    event.element.attr({ "data-value": String(value) });
    event.element.elem("title").text(`${spec.labels[event.index]} · ${series.label}: ${formatted(value, spec)}`);
  };
}

/** Draw into `host` (its width, a fixed height); resolves once the SVG is there (or the chart
 * was released before it drew). */
export function drawChart(host: HTMLElement, spec: ChartSpec): Promise<void> {
  const el = h("div", { class: `chart ct-${spec.kind}`, role: "img", "aria-label": `${spec.yTitle}: ${spec.series.map((s) => s.label).join(", ")}` });
  host.append(h("div", { class: "chart-axis y" }, spec.yTitle), el, h("div", { class: "chart-axis x" }, spec.xTitle));
  const data = { labels: spec.labels, series: spec.series.map((s) => ({ name: s.label, className: `s${s.colour}`, data: s.values })) };
  const width = el.clientWidth || 300;
  const base = { height: HEIGHT, axisY: axisY(spec) };
  const chart: BaseChart =
    spec.kind === "bar" ? new BarChart(el, data, { ...base, ...barOptions(spec, width) }) : new LineChart(el, data, { ...base, ...lineOptions(spec, width) });
  chart.on("draw", describe(spec, width));
  return new Promise((resolve) => {
    live.set(el, { chart, settle: resolve });
    chart.on("created", () => resolve());
  });
}

/** Detach the charts inside `root` (before it is emptied or redrawn). */
export function releaseCharts(root: Element): void {
  for (const [el, { chart, settle }] of live) {
    if (!root.contains(el)) continue;
    chart.detach();
    settle();
    live.delete(el);
  }
}

/** A legend: each series' colour and name. */
export function legend(series: Pick<Series, "label" | "colour">[]): HTMLElement {
  return h(
    "ul",
    { class: "chart-legend" },
    series.map((s) => h("li", {}, h("span", { class: `key s${s.colour}` }), s.label)),
  );
}
