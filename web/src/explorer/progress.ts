// The alliance's progress (联盟进展): its six tasks over the years, one measure across the
// provinces, and, for a partner's key, the same charts for the partner's own organisation.
import { releaseCharts } from "./charts";
import { byId, h, replace } from "./dom";
import { PROGRESS_MEASURES, progressMeasureName, reasonName, t, taskName, TASKS, type ProgressMeasure, type Task } from "./i18n";
import { renderProvinces, type ProvinceSort } from "./provincetable";
import { allianceProgress, nodeName, sampleShown, viewer, type ProgressRow, type Viewer } from "./queries";
import { renderTasks } from "./tasks";

export type ProgressBy = "year" | "province";

export interface ProgressSettings {
  from: number;
  to: number;
  by: ProgressBy;
  /** The measure the province view compares. */
  measure: ProgressMeasure;
  sort: ProvinceSort;
}

/** The alliance's charter dates from 2025; a few years before it show where it started from. */
const FIRST_YEAR = 2021;
/** The earliest year the range offers (the API's own limit is 1949). */
const EARLIEST_OFFERED = 2010;
/** The API answers at most 50 years at once. */
const MOST_YEARS = 50;

const thisYear = (): number => new Date().getFullYear();

export function defaultProgress(): ProgressSettings {
  return { from: FIRST_YEAR, to: thisYear(), by: "year", measure: "learners.enrolled", sort: "desc" };
}

/** A period the API accepts: from ≤ to, at most MOST_YEARS years. */
export const validPeriod = (from: number, to: number): boolean =>
  Number.isInteger(from) && Number.isInteger(to) && 1949 <= from && from <= to && to <= 2200 && to - from < MOST_YEARS;

/** The period with `from` as chosen, `to` moved as little as makes it valid. */
const keepTo = (from: number, to: number): Pick<ProgressSettings, "from" | "to"> => ({ from, to: Math.min(Math.max(from, to), from + MOST_YEARS - 1) });
/** The period with `to` as chosen, `from` moved as little as makes it valid. */
const keepFrom = (from: number, to: number): Pick<ProgressSettings, "from" | "to"> => ({ to, from: Math.max(Math.min(from, to), to - MOST_YEARS + 1) });

const range = (first: number, last: number): number[] => Array.from({ length: last - first + 1 }, (_, i) => first + i);
const yearsOf = (s: ProgressSettings): number[] => range(s.from, s.to);

/** The answer kept for `key`, asked once (a failed one is asked again next time). */
function once<T>(cache: Map<string, Promise<T>>, key: string, ask: () => Promise<T>): Promise<T> {
  let answer = cache.get(key);
  if (!answer) {
    answer = ask();
    cache.set(key, answer);
    answer.catch(() => cache.delete(key));
  }
  return answer;
}

/** The partner's own organisation and its rows, why there is none (viewer.reason), or an error. */
type Mine = { organisation: NonNullable<Viewer["organisation"]>; rows: ProgressRow[] } | { reason: string } | { error: string };

export class ProgressView {
  private settings: ProgressSettings = defaultProgress();
  private readonly answers = new Map<string, Promise<ProgressRow[]>>();
  private readonly who = new Map<string, Promise<Viewer>>();
  private shown: { years?: ProgressRow[]; provinces?: ProgressRow[]; mine?: Mine } = {};
  /** Bumped by every load: an older answer arriving late is not drawn. */
  private seq = 0;
  private readonly tasksEl = byId("progress-tasks");
  private readonly provincesEl = byId("progress-provinces");
  private readonly mineEl = byId("progress-mine");

  constructor(private readonly change: (changes: Partial<ProgressSettings>) => void) {
    this.wire();
  }

  /** Fetch (or reuse) what the settings ask for and draw it. */
  async load(s: ProgressSettings): Promise<void> {
    const seq = ++this.seq;
    this.settings = s;
    this.shown = {};
    this.renderControls();
    if (s.by === "province") await this.loadProvinces(seq);
    else await Promise.all([this.loadYears(seq), this.loadMine(seq)]);
  }

  /** Redraw what is shown in the interface language. */
  async relabel(): Promise<void> {
    this.renderControls();
    const { years, provinces, mine } = this.shown;
    if (provinces) this.drawProvinces(provinces);
    await Promise.all([years ? this.drawYears(years) : null, mine ? this.drawMine(mine) : null]);
  }

  /** Forget every answer (the key or the sample switch changed what the API answers). */
  forget(): void {
    this.answers.clear();
    this.who.clear();
  }

  // ------------------------------------------------------------ loading

  private cacheKey(...parts: (string | number)[]): string {
    return [...parts, this.settings.from, this.settings.to, sampleShown()].join("|");
  }

  /** The whole graph's rows, or by year those of one organisation with its units. */
  private rows(by: "YEAR" | "PROVINCE", organisationId: string | null = null): Promise<ProgressRow[]> {
    const { from, to } = this.settings;
    return once(this.answers, this.cacheKey(by, organisationId ?? ""), () => allianceProgress(by, from, to, organisationId));
  }

  private async loadYears(seq: number): Promise<void> {
    this.placeholder(this.tasksEl);
    const rows = await this.rows("YEAR");
    if (seq !== this.seq) return;
    this.shown.years = rows;
    await this.drawYears(rows);
  }

  private async loadProvinces(seq: number): Promise<void> {
    this.placeholder(this.provincesEl);
    const rows = await this.rows("PROVINCE");
    if (seq !== this.seq) return;
    this.shown.provinces = rows;
    this.drawProvinces(rows);
  }

  /** The partner's section; whatever goes wrong there is said there, not as the page's error. */
  private async loadMine(seq: number): Promise<void> {
    releaseCharts(this.mineEl);
    replace(this.mineEl, h("h2", {}, t("progressMine")), h("p", { class: "muted" }, t("loading")));
    let mine: Mine;
    try {
      const { organisation, reason } = await once(this.who, "viewer", viewer);
      mine = organisation ? { organisation, rows: await this.rows("YEAR", organisation.id) } : { reason: reason ?? "" };
    } catch (e) {
      mine = { error: String((e as Error)?.message ?? e) };
    }
    if (seq !== this.seq) return;
    this.shown.mine = mine;
    await this.drawMine(mine);
  }

  // ------------------------------------------------------------ drawing

  private placeholder(el: HTMLElement): void {
    if (!el.childElementCount) replace(el, h("p", { class: "muted" }, t("loading")));
  }

  /** The six cards in `container`, a year's row (or a gap) for each year chosen. */
  private drawYears(rows: ProgressRow[], container = this.tasksEl): Promise<void> {
    const years = yearsOf(this.settings);
    const byYear = new Map(rows.map((r) => [r.year, r]));
    return renderTasks(container, years, years.map((y) => byYear.get(y) ?? null));
  }

  private drawProvinces(rows: ProgressRow[]): void {
    renderProvinces(this.provincesEl, rows, this.settings.measure, this.settings.sort, (sort) => this.change({ sort }));
  }

  private async drawMine(mine: Mine): Promise<void> {
    releaseCharts(this.mineEl);
    const title = h("h2", {}, t("progressMine"));
    if (!("organisation" in mine)) {
      const text = "reason" in mine ? reasonName(mine.reason) : mine.error;
      replace(this.mineEl, title, h("p", { class: "muted", "data-testid": "progress-mine-message" }, text));
      return;
    }
    title.append(t("colon"), h("span", { "data-testid": "progress-mine-name" }, nodeName({ __typename: "Organisation", ...mine.organisation })));
    const tasks = h("div", { class: "tasks" });
    replace(this.mineEl, title, h("p", { class: "muted small" }, t("progressMineHint")), tasks);
    await this.drawYears(mine.rows, tasks);
  }

  // ------------------------------------------------------------ controls

  private renderControls(): void {
    const s = this.settings;
    const offered = range(Math.min(EARLIEST_OFFERED, s.from), Math.max(thisYear(), s.to));
    const years = (chosen: number) => offered.map((y) => h("option", { value: y, selected: y === chosen }, String(y)));
    replace(byId("progress-from"), years(s.from));
    replace(byId("progress-to"), years(s.to));
    this.renderMeasures();
    document.querySelectorAll<HTMLButtonElement>("#progress-view [data-by]").forEach((b) => b.setAttribute("aria-pressed", String(b.dataset.by === s.by)));
    // Drawn only once visible: a chart takes its width from where it stands.
    const byProvince = s.by === "province";
    document.querySelectorAll<HTMLElement>("#progress-view .by-province").forEach((el) => (el.hidden = !byProvince));
    document.querySelectorAll<HTMLElement>("#progress-view .by-year").forEach((el) => (el.hidden = byProvince));
  }

  /** The province view's measures, grouped by task. */
  private renderMeasures(): void {
    const measures = Object.keys(PROGRESS_MEASURES) as ProgressMeasure[];
    const option = (m: ProgressMeasure) => h("option", { value: m, selected: m === this.settings.measure }, progressMeasureName(m));
    const group = (task: Task) => h("optgroup", { label: taskName(task) }, measures.filter((m) => m.startsWith(`${task}.`)).map(option));
    replace(byId("progress-measure"), (Object.keys(TASKS) as Task[]).map(group));
  }

  private wire(): void {
    const year = (id: string): number => Number(byId<HTMLSelectElement>(id).value);
    byId("progress-from").addEventListener("change", () => this.change(keepTo(year("progress-from"), this.settings.to)));
    byId("progress-to").addEventListener("change", () => this.change(keepFrom(this.settings.from, year("progress-to"))));
    byId("progress-measure").addEventListener("change", (e) => this.change({ measure: (e.target as HTMLSelectElement).value as ProgressMeasure }));
    document.querySelectorAll<HTMLButtonElement>("#progress-view [data-by]").forEach((b) => b.addEventListener("click", () => this.change({ by: b.dataset.by as ProgressBy })));
  }
}
