// One member's own progress, year by year. allianceProgress(by: MEMBER) lists every member in
// pages (by name) and cannot be narrowed to one, so for each year we page through the members'
// ids alone (cheap), then fetch the measures of just the one row we want: a page of one, right
// after the cursor of the member before it. Every step asks for all the years at once.
import { memberPages, PROGRESS_ROW, type ProgressPage, type ProgressRow } from "./queries";

/** Members per page while looking for the one (ids only: cheap). */
const PAGE = 100;
/** Give up after this many pages a year (20,000 members): a runaway loop is worse than a gap. */
const MOST_PAGES = 200;

interface Position {
  /** The cursor of the page the member was found in (null: the first page). */
  pageAfter: string | null;
  /** The member's index in that page. */
  index: number;
}

const rowIds = (page: ProgressPage): string[] => page.rows.map((r) => r.member?.id ?? "");

/** Where the member stands in each year's list; years where it is not a member are left out. */
async function positions(memberId: string, years: number[]): Promise<Map<number, Position>> {
  const found = new Map<number, Position>();
  let looking = new Map(years.map((y) => [y, null as string | null]));
  for (let pages = 0; looking.size && pages < MOST_PAGES; pages++) {
    const answers = await memberPages(new Map([...looking].map(([y, after]) => [y, { first: PAGE, after }])), "member { id }");
    const next = new Map<number, string | null>();
    for (const [year, page] of answers) {
      const index = rowIds(page).indexOf(memberId);
      if (index >= 0) found.set(year, { pageAfter: looking.get(year) ?? null, index });
      else if (page.hasMore && page.cursor) next.set(year, page.cursor);
    }
    looking = next;
  }
  return found;
}

/** The cursor right before the member: its page's own cursor, or that of the rows before it. */
async function cursorsBefore(found: Map<number, Position>): Promise<Map<number, string | null>> {
  const before = new Map([...found].map(([y, p]) => [y, p.pageAfter]));
  const ahead = [...found].filter(([, p]) => p.index > 0);
  if (!ahead.length) return before;
  const answers = await memberPages(new Map(ahead.map(([y, p]) => [y, { first: p.index, after: p.pageAfter }])), "member { id }");
  for (const [year, page] of answers) before.set(year, page.cursor);
  return before;
}

/** The member's row for each year (null where it was not a member on the year's last day). */
export async function memberProgressByYear(memberId: string, years: number[]): Promise<(ProgressRow | null)[]> {
  const found = await positions(memberId, years);
  const rows = new Map<number, ProgressRow>();
  if (found.size) {
    const before = await cursorsBefore(found);
    const answers = await memberPages(new Map([...before].map(([y, after]) => [y, { first: 1, after }])), PROGRESS_ROW);
    for (const [year, page] of answers) {
      const row = page.rows[0];
      if (row?.member?.id === memberId) rows.set(year, row); // a write between steps can shift a page
    }
  }
  return years.map((y) => rows.get(y) ?? null);
}
