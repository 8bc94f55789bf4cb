"""What each object adds to the alliance's progress counters (allianceProgress by YEAR): pure
functions of its facts, as (measure, span, weight) lines that contributions.py files under the
counters. Each line holds on the days its fact holds, so a year's row reads the counters on its
last day, as the definitions in docs/questions.md count them from the base facts:

- trainers at work (an affiliation current), and of them the dual-qualified;
- courses co-developed (from the day a second organisation began developing one) and AI courses
  (a DIGITAL_INTELLIGENCE topic, from the day the first began);
- bases shared (from the day a second organisation began operating or using one) and shared
  across sectors (from the day both an enterprise and a school had);
- standards published (from `publishedOn`) and in drafting;
- credit recognitions and their credits, in hundredths (the counters hold integers);
- learners enrolled, completed and certified, on each day of their outcome's year.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from ecosystem.domain.definitions import AI_TOPICS, ENTERPRISE_KINDS, SCHOOL_KINDS
from ecosystem.graph.derived.timeline import ALWAYS, Day, Span, merged

if TYPE_CHECKING:
    from ecosystem.graph.derived.contributions import (
        Base,
        Course,
        Outcome,
        Standard,
        Start,
        Trainer,
    )

Line = tuple[str, Span, int]
#: The counters' measures this module adds (each a timeline).
MEASURES = (
    "progressTrainers",
    "progressDual",
    "progressCoDeveloped",
    "progressAiCourses",
    "progressSharedBases",
    "progressSharedAcrossSectors",
    "progressStandardsPublished",
    "progressStandardsDrafting",
    "progressRecognitions",
    "progressCreditHundredths",
    "progressEnrolled",
    "progressCompleted",
    "progressCertified",
)


def trainer(item: Trainer, dual: Span | None) -> Iterator[Line]:
    for at_work in merged(a.span for a in item.affiliations):
        yield "progressTrainers", at_work, 1
        if dual is not None and (both := at_work.intersect(dual)) is not None:
            yield "progressDual", both, 1


def course(item: Course) -> Iterator[Line]:
    starts = _firsts(item.starts)
    if len(starts) >= 2:
        yield "progressCoDeveloped", Span(starts[1]), 1
    if starts and set(item.topics) & set(AI_TOPICS):
        yield "progressAiCourses", Span(starts[0]), 1
    for recognition in item.recognitions:
        yield "progressRecognitions", Span(recognition.since), 1
        yield "progressCreditHundredths", Span(recognition.since), round(recognition.credits * 100)


def base(item: Base) -> Iterator[Line]:
    starts = _firsts(item.starts)
    if len(starts) >= 2:
        yield "progressSharedBases", Span(starts[1]), 1
    enterprises = _firsts(s for s in item.starts if s.kind in ENTERPRISE_KINDS)
    schools = _firsts(s for s in item.starts if s.kind in SCHOOL_KINDS)
    if enterprises and schools:
        yield "progressSharedAcrossSectors", Span(_later(enterprises[0], schools[0])), 1


def standard(item: Standard) -> Iterator[Line]:
    if item.published_on is not None:
        yield "progressStandardsPublished", Span(item.published_on), 1
    if item.status == "DRAFTING":
        yield "progressStandardsDrafting", ALWAYS, 1


def outcome(item: Outcome) -> Iterator[Line]:
    year = Span(datetime.date(item.year, 1, 1), datetime.date(item.year, 12, 31))
    for name, learners in item.learners:
        if learners:
            yield f"progress{name.title()}", year, learners


def _firsts(starts: Iterable[Start]) -> list[Day | None]:
    """The day each organisation's first link began (None: always), earliest first."""
    first: dict[str, Day | None] = {}
    for start in starts:
        if start.org in first and first[start.org] is None:
            continue  # linked since always
        earlier = first.get(start.org) or start.since
        first[start.org] = (
            None if start.since is None or earlier is None else min(earlier, start.since)
        )
    return sorted(first.values(), key=lambda day: day or Day.min)


def _later(a: Day | None, b: Day | None) -> Day | None:
    return max((d for d in (a, b) if d is not None), default=None)
