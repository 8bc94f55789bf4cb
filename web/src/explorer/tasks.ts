// The six tasks as small charts over the years: what each card draws. Flows (what a year added)
// are bars, stocks (what there is at the year's end) lines; measures in other units get a chart
// of their own beside the first.
import { drawChart, legend, releaseCharts, type ChartKind, type Series } from "./charts";
import { h, replace } from "./dom";
import { progressMeasureName, t, taskName, TASKS, unitName, type ProgressMeasure, type Task, type Unit } from "./i18n";
import { measureValue, type ProgressRow } from "./queries";

interface TaskChart {
  kind: ChartKind;
  unit: Unit;
  measures: ProgressMeasure[];
}

const CARDS: Record<Task, TaskChart[]> = {
  standards: [
    { kind: "bar", unit: "standards", measures: ["standards.published"] },
    { kind: "line", unit: "standards", measures: ["standards.publishedToDate"] },
  ],
  trainingBases: [{ kind: "line", unit: "bases", measures: ["trainingBases.shared", "trainingBases.sharedAcrossSectors"] }],
  trainers: [
    { kind: "line", unit: "share", measures: ["trainers.dualQualifiedShare"] },
    { kind: "line", unit: "people", measures: ["trainers.reciprocalHires"] },
  ],
  courses: [{ kind: "line", unit: "courses", measures: ["courses.coDeveloped", "courses.ai"] }],
  learners: [{ kind: "bar", unit: "learners", measures: ["learners.enrolled", "learners.completed", "learners.certified"] }],
  creditBank: [
    { kind: "line", unit: "recognitions", measures: ["creditBank.recognitions"] },
    { kind: "line", unit: "credits", measures: ["creditBank.credits"] },
  ],
};

/** Each measure of a card keeps one colour across its charts and its legend. */
const colours = (task: Task): Map<ProgressMeasure, number> => new Map(CARDS[task].flatMap((c) => c.measures).map((m, i) => [m, i + 1]));

function series(chart: TaskChart, rows: (ProgressRow | null)[], colour: Map<ProgressMeasure, number>): Series[] {
  return chart.measures.map((m) => ({ label: progressMeasureName(m), colour: colour.get(m) ?? 1, values: rows.map((r) => (r ? measureValue(r, m) : null)) }));
}

/** "Being drafted now: N", when the last year is this one (the graph keeps no history of drafting). */
function draftingNote(task: Task, rows: (ProgressRow | null)[]): HTMLElement | null {
  const drafting = rows.at(-1)?.standards.drafting;
  return task === "standards" && drafting != null ? h("p", { class: "muted small note" }, `${t("progressDrafting")}${t("colon")}${drafting}`) : null;
}

/** One card: the task's title, its legend and its charts side by side. */
function card(task: Task, years: number[], rows: (ProgressRow | null)[]): { el: HTMLElement; draw: () => Promise<void>[] } {
  const colour = colours(task);
  const charts = h("div", { class: "task-charts" });
  const el = h(
    "section",
    { class: "task", "data-testid": "progress-task", "data-task": task },
    h("h3", {}, taskName(task)),
    legend([...colour].map(([m, c]) => ({ label: progressMeasureName(m), colour: c }))),
    charts,
    draftingNote(task, rows),
  );
  const specs = CARDS[task].map((c) => ({
    kind: c.kind,
    labels: years.map(String),
    series: series(c, rows, colour),
    yTitle: unitName(c.unit),
    xTitle: t("axisYear"),
    percent: c.unit === "share",
    integer: c.unit !== "share" && c.unit !== "credits",
  }));
  // Drawn once the card is in the page: a chart takes its width from where it stands.
  return { el, draw: () => specs.map((spec) => drawChart(charts.appendChild(h("figure", { class: "task-chart" })), spec)) };
}

/** Draw the six cards for rows by year (null: no row that year); resolves once all are drawn. */
export async function renderTasks(container: HTMLElement, years: number[], rows: (ProgressRow | null)[]): Promise<void> {
  releaseCharts(container);
  const cards = (Object.keys(TASKS) as Task[]).map((task) => card(task, years, rows));
  replace(container, cards.map((c) => c.el));
  await Promise.all(cards.flatMap((c) => c.draw()));
}
