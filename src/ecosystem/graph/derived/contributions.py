"""What each object adds to the derived totals: pure functions of its facts (no database).

An *object* is what a collaboration, a coverage cell or a counter counts: a trainer, course,
training base, standard or agreement. Alliance membership is not derived: one alliance of N
members would make N² / 2 pairs (720,000 at the quick bench scale, billions at national
scale), so `collaborations` and `collaborationNetwork` count it when asked, from MEMBER_OF.
Its facts are what the definitions read (domain/definitions.py, docs/questions.md); its
contributions are (aggregate, measure, days, weight) lines. The derived totals are the sums
of every object's contributions, so a change to the graph is kept current by recomputing the
contributions of the objects it touches, before and after, and adding the difference.

Aggregates: `pair:<a>:<b>` (two organisations, a < b: one per channel), `units:<x>:<z>` (a
correction for an organisation counted with its units, below), `cell:<profession>|<province>`
(coverage; `cell:*|<province>`, every profession at once, counts dual-qualified trainers at
work in the province) and `counters` (ecosystemStats, and the counts of kept.py). A sample
object (`source: synthetic`) also adds its cell and counter contributions to the sample's own
totals (`sample-cell:…`, `sample-counters`), so a question that leaves the sample out
subtracts them: nothing to subtract in a graph without a sample, and no pair needs it,
because the sample never links a real organisation.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace

from ecosystem.domain.definitions import (
    ENTERPRISE_KINDS,
    INDUSTRY_CATEGORIES,
    INDUSTRY_TITLE_CATEGORY,
    RECIPROCAL_HIRE_TYPE,
    SCHOOL_KINDS,
    TEACHING_CATEGORIES,
    Channel,
)
from ecosystem.domain.provinces import PROVINCES
from ecosystem.graph.derived import progress
from ecosystem.graph.derived.kept import OPEN_AFFILIATIONS
from ecosystem.graph.derived.timeline import ALWAYS, Day, Span, merged

COUNTERS = "counters"
SAMPLE = "sample-"  # the sample's own totals: its objects' cells and counters
NATIONWIDE = ("NATIONAL", "INDUSTRY")
WITHDRAWN = "WITHDRAWN"
# The cell of a province across professions: dual-qualified trainers at work there, each once
# however many professions they are certified for (dualQualifiedTrainers' count by province).
ANY_PROFESSION = "*"
# The channels whose links hold between two days: a trainer's affiliations have them. Every
# other channel's object links its organisations for ever, so its counts have no steps.
DATED_CHANNELS = frozenset({Channel.SHARED_TRAINER})


@dataclass(frozen=True)
class Contribution:
    key: str  # the aggregate
    measure: str
    span: Span = ALWAYS
    weight: int = 1


@dataclass(frozen=True)
class Org:
    id: str
    kind: str | None = None
    province: str | None = None
    ancestors: tuple[str, ...] = ()  # the organisations it is a unit of (PART_OF, any depth)


@dataclass(frozen=True)
class Held:
    category: str | None
    from_industry: bool = False
    professions: tuple[str, ...] = ()
    obtained_on: Day | None = None  # None: held for as long as anyone knows


@dataclass(frozen=True)
class Affiliation:
    org: Org
    span: Span = ALWAYS
    type: str | None = None


@dataclass(frozen=True)
class Trainer:
    id: str
    credentials: tuple[Held, ...] = ()
    affiliations: tuple[Affiliation, ...] = ()
    sample: bool = False  # generated sample data


@dataclass(frozen=True)
class Start:
    """One link of an organisation to a course or base, from the day it began (None: always)."""

    org: str
    kind: str | None = None
    since: Day | None = None


@dataclass(frozen=True)
class Recognition:
    """A course's recognition for credit by an institution, from `since` (None: always)."""

    credits: float
    since: Day | None = None


@dataclass(frozen=True)
class Course:
    id: str
    professions: tuple[str, ...] = ()
    developers: tuple[Org, ...] = ()
    sample: bool = False  # generated sample data
    starts: tuple[Start, ...] = ()  # DEVELOPED_BY, with `since`
    topics: tuple[str, ...] = ()
    recognitions: tuple[Recognition, ...] = ()


@dataclass(frozen=True)
class Base:
    id: str
    province: str | None = None
    professions: tuple[str, ...] = ()
    organisations: tuple[Org, ...] = ()  # operating or using it
    sample: bool = False  # generated sample data
    starts: tuple[Start, ...] = ()  # OPERATED_BY and USED_BY, with `since`


@dataclass(frozen=True)
class Standard:
    id: str
    level: str | None = None
    status: str | None = None
    professions: tuple[str, ...] = ()
    drafters: tuple[Org, ...] = ()
    implementers: tuple[Org, ...] = ()
    sample: bool = False  # generated sample data
    published_on: Day | None = None


@dataclass(frozen=True)
class Agreement:
    id: str
    parties: tuple[Org, ...] = ()
    sample: bool = False  # generated sample data


@dataclass(frozen=True)
class Outcome:
    """A training outcome: learners of one year."""

    id: str
    year: int
    learners: tuple[tuple[str, int], ...] = ()  # (enrolled | completed | certified, how many)
    sample: bool = False  # generated sample data


Object = Trainer | Course | Base | Standard | Agreement | Outcome

# --- the definitions ------------------------------------------------------------------------


def dual_span(trainer: Trainer) -> Span | None:
    """The days the trainer is dual-qualified (None: never): from the day they hold a TEACHING
    credential and one from industry (a skill, experience, or a professional title awarded in
    industry); a credential counts from the day it was obtained."""
    teaching = [c.obtained_on for c in trainer.credentials if c.category in TEACHING_CATEGORIES]
    industry = [
        c.obtained_on
        for c in trainer.credentials
        if c.category in INDUSTRY_CATEGORIES
        or (c.category == INDUSTRY_TITLE_CATEGORY and c.from_industry)
    ]
    if not teaching or not industry:
        return None
    firsts = [_first(teaching), _first(industry)]
    return Span(max((d for d in firsts if d is not None), default=None), None)


def _first(days: list[Day | None]) -> Day | None:
    """The first of the days a side is held from (None, held always, comes first)."""
    return None if None in days else min(d for d in days if d is not None)


def dual_qualified(trainer: Trainer) -> bool:
    """Dual-qualified on some day."""
    return dual_span(trainer) is not None


def reciprocal(trainer: Trainer) -> list[Span]:
    """The days the trainer is a reciprocal hire: affiliated as one (RECIPROCAL_HIRE), or with
    an enterprise and a school at once."""
    enterprises = [a.span for a in trainer.affiliations if a.org.kind in ENTERPRISE_KINDS]
    schools = [a.span for a in trainer.affiliations if a.org.kind in SCHOOL_KINDS]
    hired = [a.span for a in trainer.affiliations if a.type == RECIPROCAL_HIRE_TYPE]
    both = [both for e in enterprises for s in schools if (both := e.intersect(s)) is not None]
    return merged([*both, *hired])


def shared_by(base: Base) -> int:
    return len({o.id for o in base.organisations})


def cross_sector(base: Base) -> bool:
    kinds = {o.kind for o in base.organisations}
    return bool(kinds & set(ENTERPRISE_KINDS)) and bool(kinds & set(SCHOOL_KINDS))


# --- contributions ---------------------------------------------------------------------------


def contributions(item: Object) -> list[Contribution]:
    found = list(_of(item))
    if item.sample:
        found += [replace(c, key=SAMPLE + c.key) for c in found if _partitioned(c.key)]
    return found


def _partitioned(key: str) -> bool:
    """Totals kept for the sample apart: the cells and the counters (not pairs: below)."""
    return key == COUNTERS or key.startswith("cell:")


def _of(item: Object) -> Iterator[Contribution]:
    if isinstance(item, Trainer):
        return _trainer(item)
    if isinstance(item, Course):
        return _course(item)
    if isinstance(item, Base):
        return _base(item)
    if isinstance(item, Standard):
        return _standard(item)
    if isinstance(item, Outcome):
        return _counted(progress.outcome(item))
    return _linked(Channel.COMMON_AGREEMENT, {o: [ALWAYS] for o in item.parties})


def _trainer(trainer: Trainer) -> Iterator[Contribution]:
    spans: dict[Org, list[Span]] = {}
    for affiliation in trainer.affiliations:
        spans.setdefault(affiliation.org, []).append(affiliation.span)
    yield from _linked(Channel.SHARED_TRAINER, spans)  # dated: DATED_CHANNELS
    open_to = {k for a in trainer.affiliations if a.span.until is None and (k := a.org.kind)}
    for kind in sorted(open_to):  # kept.py: each kind once per trainer
        yield Contribution(COUNTERS, OPEN_AFFILIATIONS.measure(kind))
    for span in reciprocal(trainer):
        yield Contribution(COUNTERS, "reciprocalHires", span)
    dual = dual_span(trainer)
    yield from _counted(progress.trainer(trainer, dual))
    if dual is None:
        return
    yield Contribution(COUNTERS, "dualQualifiedTrainers", dual)
    by_province: dict[str, list[Span]] = {}
    for affiliation in trainer.affiliations:
        if affiliation.org.province and (both := affiliation.span.intersect(dual)) is not None:
            by_province.setdefault(affiliation.org.province, []).append(both)
    professions = sorted({p for c in trainer.credentials for p in c.professions})
    for profession, (province, held) in itertools.product(
        (ANY_PROFESSION, *professions), by_province.items()
    ):
        for span in merged(held):
            yield Contribution(cell(profession, province), "dualQualifiedTrainers", span)


def _course(course: Course) -> Iterator[Contribution]:
    yield from _counted(progress.course(course))
    yield from _linked(Channel.CO_DEVELOPED_COURSE, {o: [ALWAYS] for o in course.developers})
    provinces = {o.province for o in course.developers if o.province}
    for profession, province in itertools.product(set(course.professions), provinces):
        yield Contribution(cell(profession, province), "courses")


def _base(base: Base) -> Iterator[Contribution]:
    yield from _counted(progress.base(base))
    yield from _linked(Channel.SHARED_BASE, {o: [ALWAYS] for o in base.organisations})
    if shared_by(base) >= 2:
        yield Contribution(COUNTERS, "sharedTrainingBases")
    if base.province:
        for profession in set(base.professions):
            yield Contribution(cell(profession, base.province), "trainingBases")


def _standard(standard: Standard) -> Iterator[Contribution]:
    yield from _counted(progress.standard(standard))
    yield from _linked(Channel.CO_DRAFTED_STANDARD, {o: [ALWAYS] for o in standard.drafters})
    if (standard.status or "") == WITHDRAWN:
        return
    if standard.level in NATIONWIDE:
        provinces: set[str] = set(PROVINCES)
    else:
        provinces = {o.province for o in (*standard.drafters, *standard.implementers) if o.province}
    for profession, province in itertools.product(set(standard.professions), provinces):
        yield Contribution(cell(profession, province), "standards")


def _counted(lines: Iterable[progress.Line]) -> Iterator[Contribution]:
    """Progress lines (derived/progress.py) as contributions to the counters."""
    for measure, span, weight in lines:
        yield Contribution(COUNTERS, measure, span, weight)


def _linked(channel: Channel, spans: dict[Org, list[Span]]) -> Iterator[Contribution]:
    """One object linking organisations through `channel`: a contribution to each pair of
    them, for the days both links hold, and the corrections for organisations counted with
    their units."""
    held = {org: merged(s) for org, s in _by_id(spans).items()}
    for a, b in itertools.combinations(sorted(held, key=lambda o: o.id), 2):
        for span in _both(held[a], held[b]):
            yield Contribution(pair(a.id, b.id), channel.value, span)
    yield from _units(channel, held)


def _by_id(spans: dict[Org, list[Span]]) -> dict[Org, list[Span]]:
    """One entry per organisation id (facts may carry one organisation twice)."""
    out: dict[str, tuple[Org, list[Span]]] = {}
    for org, listed in spans.items():
        kept = out.setdefault(org.id, (org, []))
        kept[1].extend(listed)
    return dict(out.values())


def _both(first: Iterable[Span], second: Iterable[Span]) -> list[Span]:
    second = list(second)
    return merged(both for a in first for b in second if (both := a.intersect(b)) is not None)


def _units(channel: Channel, held: dict[Org, list[Span]]) -> Iterator[Contribution]:
    """`collaborations` counts an organisation with its units (`includeUnits`): an object its
    units and itself both link to another organisation counts once, not once per unit. The
    pairs count it once per linked unit, so where two or more of an organisation's units (or
    it and a unit) link to one object, a correction takes the extra counts back."""
    for x in {a for org in held for a in (org.id, *org.ancestors)}:
        selves = [org for org in held if org.id == x or x in org.ancestors]
        if len(selves) < 2:
            continue
        for z in (org for org in held if org not in selves):
            per_self = [s for org in selves for s in _both(held[org], held[z])]
            for span in per_self:
                yield Contribution(units(x, z.id), channel.value, span, -1)
            for span in merged(per_self):
                yield Contribution(units(x, z.id), channel.value, span, 1)


def pair(a: str, b: str) -> str:
    return f"pair:{min(a, b)}:{max(a, b)}"


def units(x: str, z: str) -> str:
    return f"units:{x}:{z}"


def cell(profession: str, province: str) -> str:
    return f"cell:{profession}|{province}"
