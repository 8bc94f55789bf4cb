"""What a copy's courses, bases and programmes achieved (TrainingOutcome), and which schools
recognise its courses in the credit bank (RECOGNISES).

Outcomes: REPORTING_COURSES courses and REPORTING_BASES bases (among those running before the
first year) and every programme report one outcome a year for YEARS (AS_OF's year included, its
figures so far), so a copy has OUTCOMES of them. Each is REPORTED_BY the course's lead, the
base's builder or a party to the programme, FOR_PROFESSION one of its professions. Figures
grow a little from year to year; completed ≤ enrolled and certified ≤ completed always.

Recognitions: about RECOGNISED of the courses are recognised by one to three schools that did
not develop them, at about a credit per 16–18 teaching hours, from 2021 on.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import TypeVar

from ecosystem.seeding.records import NodeRecord
from ecosystem.seeding.sample import marking
from ecosystem.seeding.sample.agreements import PROGRAMMES, Programme
from ecosystem.seeding.sample.bases import Base
from ecosystem.seeding.sample.builder import AS_OF, Builder
from ecosystem.seeding.sample.courses import Courses, Offered
from ecosystem.seeding.sample.organisations import SCHOOLS, Org, Orgs

YEARS = tuple(range(2023, AS_OF.year + 1))
REPORTING_COURSES = 50
REPORTING_BASES = 20
OUTCOMES = (REPORTING_COURSES + REPORTING_BASES + PROGRAMMES) * len(YEARS)
LEARNERS = (20, 2000)  # a year's enrolment, at least and at most
COURSE_LEARNERS = {"ONLINE": (80, 1500), "BLENDED": (40, 400), "OFFLINE": (20, 200)}
PROGRAMME_LEARNERS = (300, 1800)
GROWTH = 0.12  # a year's growth of enrolment, on average
COMPLETED = {"past": (0.6, 0.95), "current": (0.3, 0.7)}  # share of enrolled, by year
CERTIFIED = (0.4, 0.9)  # share of completed, where a certificate is awarded
CERTIFYING = 0.8  # share of outcomes that report certificates
LEVELLED = 0.6  # … and of those, the share that give their level
LEVELS = {3: 2, 4: 4, 5: 4}
RECOGNISED = 0.4
RECOGNISERS = (1, 3)
HOURS_PER_CREDIT = (16, 17, 18)
CREDITS = (0.5, 6.0)
FIRST_RECOGNITIONS = date(2021, 1, 1)
T = TypeVar("T")


class OutcomeError(ValueError):
    """Too few courses or bases ran before the first year to report its outcomes."""


@dataclass(frozen=True)
class Subject:
    """What an outcome is for: a course, a base or a programme."""

    link: str  # FOR_COURSE, AT_BASE or UNDER_PROGRAMME
    record: NodeRecord
    reporter: Org
    professions: tuple[NodeRecord, ...]
    learners: tuple[int, int]  # a year's enrolment, fewest and most


def generate(b: Builder, courses: Courses, bases: list[Base], programmes: list[Programme]) -> None:
    subjects = [*_courses(b, courses), *_bases(b, bases), *_programmes(b, courses, programmes)]
    for number, subject in enumerate(subjects):
        level = b.rng.randint(*subject.learners)
        profession = b.pick(subject.professions) if subject.professions else None
        for offset, year in enumerate(YEARS):
            reference = f"{marking.CODE}-O{b.copy}-{number * len(YEARS) + offset + 1:03d}"
            enrolled = round(level * (1 + GROWTH) ** offset * b.rng.uniform(0.85, 1.15))
            outcome = b.node(
                "TrainingOutcome",
                reference=reference,
                year=year,
                **_figures(b, min(max(enrolled, LEARNERS[0]), LEARNERS[1]), year),
            )
            b.link("REPORTED_BY", outcome, subject.reporter.record)
            b.link(subject.link, outcome, subject.record)
            if profession is not None:
                b.link("FOR_PROFESSION", outcome, profession)


def recognise(b: Builder, orgs: Orgs, courses: Courses) -> None:
    """RECOGNISES: schools granting credits for courses others developed."""
    for course in courses.by_key.values():
        if not b.chance(RECOGNISED):
            continue
        developers = {org.key for org in course.developers}
        for school in b.some(orgs.of(SCHOOLS, exclude=developers), *RECOGNISERS):
            since = b.day(max(FIRST_RECOGNITIONS, course.since))
            b.link(
                "RECOGNISES", school.record, course.record, credits=_credits(b, course), since=since
            )


def _courses(b: Builder, courses: Courses) -> Iterator[Subject]:
    running = [c for c in courses.by_key.values() if c.since.year < YEARS[0]]
    for course in _exactly(b, running, REPORTING_COURSES, "courses"):
        learners = COURSE_LEARNERS[str(course.record.props["mode"])]
        yield Subject("FOR_COURSE", course.record, course.lead, course.professions, learners)


def _bases(b: Builder, bases: list[Base]) -> Iterator[Subject]:
    running = [base for base in bases if base.since.year < YEARS[0]]
    for base in _exactly(b, running, REPORTING_BASES, "training bases"):
        capacity = base.record.props["capacity"]
        assert isinstance(capacity, int)
        learners = (max(LEARNERS[0], capacity // 2), min(LEARNERS[1], capacity * 3))
        yield Subject("AT_BASE", base.record, base.builder, base.professions, learners)


def _programmes(b: Builder, courses: Courses, programmes: list[Programme]) -> Iterator[Subject]:
    for programme in programmes:
        professions = {
            p.key: p for c in programme.courses for p in courses.by_key[c.key].professions
        }
        reporter = b.pick(programme.parties)
        yield Subject(
            "UNDER_PROGRAMME",
            programme.record,
            reporter,
            tuple(professions.values()),
            PROGRAMME_LEARNERS,
        )


def _exactly(b: Builder, items: list[T], count: int, what: str) -> list[T]:
    if len(items) < count:
        raise OutcomeError(f"only {len(items)} {what} ran before {YEARS[0]}, not {count}")
    return b.rng.sample(items, count)


def _figures(b: Builder, enrolled: int, year: int) -> dict[str, int | None]:
    """Enrolled, completed and certified learners, and the certificates' level."""
    completed = round(
        enrolled * b.rng.uniform(*COMPLETED["current" if year == AS_OF.year else "past"])
    )
    certified = round(completed * b.rng.uniform(*CERTIFIED)) if b.chance(CERTIFYING) else None
    levelled = certified is not None and b.chance(LEVELLED)
    return {
        "enrolled": enrolled,
        "completed": completed,
        "certified": certified,
        "certificateLevel": b.weighted(LEVELS) if levelled else None,
    }


def _credits(b: Builder, course: Offered) -> float:
    hours = course.record.props.get("hours")
    if not isinstance(hours, int):
        return CREDITS[0]
    credits = round(hours / b.pick(HOURS_PER_CREDIT) * 2) / 2
    return min(max(credits, CREDITS[0]), CREDITS[1])
