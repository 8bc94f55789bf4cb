"""A count that changes with the day asked about: a base and steps on days.

Facts that depend on what is *current* (a trainer affiliated with two organisations from one
day to another) count toward a derived total only between two days. Each such fact adds +1 on
the day it begins and −1 on the day after it ends; facts with no beginning count in the base.
The total on a day is the base plus every step on or before it: exact for any `asOf`, past or
future, and nothing needs recomputing as days pass.

Stored on an aggregate as three properties per measure: `<measure>` (the base, an integer),
`<measure>Days` and `<measure>Steps` (sorted dates and their changes; absent when empty). A
timeline with thousands of days (a coverage cell at scale 500) is slow to add up on every
read, so three more keep its value on the day it was written: `<measure>Now`, and the days it
holds for, `<measure>NowFrom` (its last step on or before that day) and `<measure>NowUntil`
(its next step, excluded). A read on a day in between takes the kept value; any other day
(past, future, or once days have moved past the next step) adds the steps up.

Timelines read year by year (the progress counters: allianceProgress's YEAR rows ask for 31
December of each year) also keep their value on 31 December of every year from their first
step's to their last step's: `<measure>YearEnds`, from the year `<measure>YearsFrom`. A year
end before them is the base; after them, the last of them. A read on a 31 December takes one
number whatever the day it is written.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from neo4j.time import Date

Day = datetime.date
ONE_DAY = datetime.timedelta(days=1)
MOST_YEARS = 200  # of year ends kept for one timeline


@dataclass(frozen=True, order=True)
class Span:
    """The days a fact holds: from `since` to `until`, both included; None is open."""

    since: Day | None = None
    until: Day | None = None

    def intersect(self, other: Span) -> Span | None:
        since = max((d for d in (self.since, other.since) if d is not None), default=None)
        until = min((d for d in (self.until, other.until) if d is not None), default=None)
        if since is not None and until is not None and since > until:
            return None
        return Span(since, until)

    def __str__(self) -> str:
        return f"{self.since or ''}..{self.until or ''}"


ALWAYS = Span()


def merged(spans: Iterable[Span]) -> list[Span]:
    """The same days as `spans`, as disjoint spans in order (touching ones joined), so a fact
    that holds through several of them counts once on any day."""
    ordered = sorted(spans, key=lambda s: (s.since or Day.min, s.until or Day.max))
    out: list[Span] = []
    for span in ordered:
        if out and _reaches(out[-1], span):
            last = out[-1]
            open_ = last.until is None or span.until is None
            until = None if open_ else max(last.until, span.until)  # type: ignore[type-var]
            out[-1] = Span(last.since, until)
        else:
            out.append(span)
    return out


def _reaches(first: Span, then: Span) -> bool:
    if first.until is None:
        return True
    return then.since is None or then.since <= first.until + ONE_DAY


@dataclass
class Timeline:
    base: int = 0
    steps: dict[Day, int] = field(default_factory=dict)

    def add(self, span: Span, weight: int) -> None:
        if span.since is None:
            self.base += weight
        else:
            self.add_step(span.since, weight)
        if span.until is not None:
            self.add_step(span.until + ONE_DAY, -weight)

    def add_step(self, day: Day, weight: int) -> None:
        total = self.steps.get(day, 0) + weight
        if total:
            self.steps[day] = total
        else:
            self.steps.pop(day, None)

    def at(self, day: Day) -> int:
        return self.base + sum(change for when, change in self.steps.items() if when <= day)

    @property
    def empty(self) -> bool:
        return self.base == 0 and not self.steps

    def segment(self, day: Day) -> tuple[int, Day | None, Day | None]:
        """The value on `day`, and the days it holds for: from the last step on or before
        `day` (None: from the beginning) until the next step after it (None: for ever)."""
        before = [d for d in self.steps if d <= day]
        after = [d for d in self.steps if d > day]
        return self.at(day), max(before, default=None), min(after, default=None)

    def year_ends(self) -> tuple[int | None, list[int]]:
        """The value on 31 December of each year from the first step's to the last step's,
        and that first year (None and [] without steps, or across more than `MOST_YEARS`:
        a read then adds the steps up)."""
        days = sorted(self.steps)
        if not days or days[-1].year - days[0].year >= MOST_YEARS:
            return None, []
        ends, total, taken = [], self.base, 0
        for year in range(days[0].year, days[-1].year + 1):
            while taken < len(days) and days[taken].year <= year:
                total += self.steps[days[taken]]
                taken += 1
            ends.append(total)
        return days[0].year, ends

    def properties(
        self, measure: str, today: Day | None = None, years: bool = False
    ) -> dict[str, Any]:
        """As stored: the base, the steps in day order, the value kept for `today` (by
        default the day it is written) and, with `years`, the year ends (None removes a
        property)."""
        days = sorted(self.steps)
        value, since, until = self.segment(today or Day.today())
        return {
            measure: self.base,
            f"{measure}Days": [Date.from_native(d) for d in days] or None,
            f"{measure}Steps": [self.steps[d] for d in days] or None,
            **kept(measure, value if days else None, since, until),
            **(kept_years(measure, *self.year_ends()) if years else {}),
        }

    @classmethod
    def stored(cls, props: Mapping[str, Any], measure: str) -> Timeline:
        days = props.get(f"{measure}Days") or []
        steps = props.get(f"{measure}Steps") or []
        native = (d.to_native() if isinstance(d, Date) else d for d in days)
        return cls(int(props.get(measure) or 0), dict(zip(native, steps, strict=True)))


def peak(timelines: Iterable[Timeline]) -> int:
    """The most the timelines add up to on any one day, past or future: a bound that holds
    whatever day a read asks about, so it needs no rewriting as days pass."""
    listed = list(timelines)
    total = best = sum(t.base for t in listed)
    for day in sorted({d for t in listed for d in t.steps}):
        total += sum(t.steps.get(day, 0) for t in listed)
        best = max(best, total)
    return best


def kept(measure: str, value: int | None, since: Day | None, until: Day | None) -> dict[str, Any]:
    """The value kept for the days from `since` until `until` (None for a timeline with no
    steps: its base is its value on every day)."""
    return {
        f"{measure}Now": value,
        f"{measure}NowFrom": None if value is None or since is None else Date.from_native(since),
        f"{measure}NowUntil": None if value is None or until is None else Date.from_native(until),
    }


def kept_years(measure: str, first: int | None, ends: list[int]) -> dict[str, Any]:
    return {f"{measure}YearsFrom": first, f"{measure}YearEnds": ends or None}


def kept_difference(props: Mapping[str, Any], measure: str, years: bool = False) -> str | None:
    """What is wrong with the value kept for a stored timeline, or (with `years`) with its
    year ends, if anything (for `--check`)."""
    if years:
        want = kept_years(measure, *Timeline.stored(props, measure).year_ends())
        if (have := {key: props.get(key) for key in want}) != want:
            return f"{measure}'s year ends are {have}, the steps give {want}"
    value = props.get(f"{measure}Now")
    if value is None:
        return None if not props.get(f"{measure}Days") else f"{measure}Now is missing"
    since, until = (props.get(f"{measure}Now{end}") for end in ("From", "Until"))
    native = [d.to_native() if isinstance(d, Date) else d for d in (since, until)]
    probe = native[0] or (native[1] - ONE_DAY if native[1] else Day.today())
    want = kept(measure, *Timeline.stored(props, measure).segment(probe))
    have = {key: props.get(key) for key in want}
    return None if have == want else f"{measure}Now is {have}, the steps give {want}"


def at(variable: str, measure: str, day: str, years: bool = False) -> str:
    """Cypher: the measure on `variable` on the day `day` (a parameter or variable): the value
    kept for it when `day` falls in its days, (with `years`) its year end when `day` is a 31
    December, else the base plus the steps of the days up to it (the days are sorted, so they
    are a prefix).

    Each list property is read once. Indexing a property in a loop (`x.days[i]`) reads the
    whole list again for every index: quadratic, 2 minutes for one coverage matrix at scale
    500, where a cell's timeline has thousands of days."""
    days, steps = f"{variable}.{measure}Days", f"{variable}.{measure}Steps"
    now, since, until = (f"{variable}.{measure}Now{end}" for end in ("", "From", "Until"))
    base = f"coalesce({variable}.{measure}, 0)"
    upto = f"size([d IN coalesce({days}, []) WHERE d <= {day}])"
    # No kept value: no steps either (`kept`; `--check` holds them to it), so the base is
    # the value on every day, and the lists are not read (most pairs share no trainer).
    return (
        f"(CASE WHEN {now} IS NULL THEN {base} "
        f"WHEN ({since} IS NULL OR {since} <= {day}) AND "
        f"({until} IS NULL OR {day} < {until}) THEN {now} "
        f"{_year_end(variable, measure, day) if years else ''}"
        f"ELSE {base} + "
        f"reduce(total = 0, step IN coalesce({steps}, [])[0..{upto}] | total + step) END)"
    )


def _year_end(variable: str, measure: str, day: str) -> str:
    """Cypher: the WHEN of `at` that reads a kept year end."""
    ends, index = f"{variable}.{measure}YearEnds", f"{day}.year - {variable}.{measure}YearsFrom"
    return (
        f"WHEN {ends} IS NOT NULL AND {day}.month = 12 AND {day}.day = 31 THEN "
        f"CASE WHEN {index} < 0 THEN coalesce({variable}.{measure}, 0) "
        f"WHEN {index} >= size({ends}) THEN {ends}[-1] ELSE {ends}[{index}] END "
    )


def spans_at(since: str, until: str, day: str) -> str:
    """Cypher: whether one of the spans in the lists `since`/`until` (open ends stored as
    null-free sentinels by `bounds`) holds on `day`. The lists are bound once (a one-item
    list comprehension) and indexed in memory, not read again per index (see `at`)."""
    return (
        f"any(b IN [[coalesce({since}, []), coalesce({until}, [])]] WHERE "
        f"any(i IN range(0, size(b[0]) - 1) WHERE b[0][i] <= {day} AND {day} <= b[1][i]))"
    )


FIRST_DAY, LAST_DAY = Day(1, 1, 1), Day(9999, 12, 31)


def bounds(spans: Iterable[Span]) -> tuple[list[Date], list[Date]]:
    """Spans as two lists of dates for storage (Neo4j lists hold no nulls: open ends become
    the first and last representable days)."""
    listed = list(spans)
    return (
        [Date.from_native(s.since or FIRST_DAY) for s in listed],
        [Date.from_native(s.until or LAST_DAY) for s in listed],
    )


def grouped(items: Iterable[tuple[str, str, Span, int]]) -> dict[str, dict[str, Timeline]]:
    """(aggregate key, measure, span, weight) → the timelines they add up to."""
    out: dict[str, dict[str, Timeline]] = defaultdict(lambda: defaultdict(Timeline))
    for key, measure, span, weight in items:
        out[key][measure].add(span, weight)
    return out
