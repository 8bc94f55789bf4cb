"""What each object adds to the alliance's progress counters: pure functions, no database."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from ecosystem.graph.derived import progress
from ecosystem.graph.derived.contributions import (
    Affiliation,
    Base,
    Course,
    Held,
    Org,
    Outcome,
    Recognition,
    Standard,
    Start,
    Trainer,
)
from ecosystem.graph.derived.timeline import Span

D = datetime.date


def lines(items: Iterable[progress.Line]) -> list[progress.Line]:
    return sorted(items, key=str)


def test_a_course_is_co_developed_from_the_second_organisations_first_day() -> None:
    course = Course(
        "c",
        starts=(
            Start("a", "ENTERPRISE", D(2024, 5, 1)),
            Start("a", "ENTERPRISE", D(2023, 1, 1)),  # a's earlier link counts
            Start("b", "VOCATIONAL_COLLEGE", D(2024, 2, 1)),
        ),
        topics=("DIGITAL_INTELLIGENCE",),
        recognitions=(Recognition(2.5, D(2025, 1, 1)), Recognition(0.5)),
    )
    assert lines(progress.course(course)) == lines([
        ("progressCoDeveloped", Span(D(2024, 2, 1)), 1),
        ("progressAiCourses", Span(D(2023, 1, 1)), 1),
        ("progressRecognitions", Span(D(2025, 1, 1)), 1),
        ("progressCreditHundredths", Span(D(2025, 1, 1)), 250),
        ("progressRecognitions", Span(), 1),
        ("progressCreditHundredths", Span(), 50),
    ])  # fmt: skip


def test_a_link_without_a_day_has_always_held() -> None:
    course = Course("c", starts=(Start("a", since=None), Start("a", since=D(2020, 1, 1)),
                                 Start("b", since=D(2021, 1, 1))))  # fmt: skip
    assert list(progress.course(course)) == [("progressCoDeveloped", Span(D(2021, 1, 1)), 1)]


def test_one_organisation_twice_shares_nothing() -> None:
    base = Base("b", starts=(Start("a", "ENTERPRISE"), Start("a", "ENTERPRISE", D(2024, 1, 1))))
    assert list(progress.base(base)) == []


def test_a_base_is_cross_sector_once_an_enterprise_and_a_school_both_take_part() -> None:
    base = Base(
        "b",
        starts=(
            Start("e1", "ENTERPRISE", D(2022, 1, 1)),
            Start("e2", "ENTERPRISE", D(2023, 1, 1)),
            Start("s", "UNIVERSITY", D(2024, 6, 1)),
        ),
    )
    assert lines(progress.base(base)) == lines([
        ("progressSharedBases", Span(D(2023, 1, 1)), 1),
        ("progressSharedAcrossSectors", Span(D(2024, 6, 1)), 1),
    ])  # fmt: skip


def test_trainers_count_while_at_work_and_dual_only_then() -> None:
    school = Org("s", "VOCATIONAL_COLLEGE")
    trainer = Trainer(
        "t",
        credentials=(Held("TEACHING"), Held("VOCATIONAL_SKILL", obtained_on=D(2024, 3, 1))),
        affiliations=(
            Affiliation(school, Span(D(2020, 1, 1), D(2022, 12, 31))),
            Affiliation(school, Span(D(2023, 1, 1), D(2025, 6, 30))),  # touching: one span
        ),
    )
    dual = Span(D(2024, 3, 1))
    assert lines(progress.trainer(trainer, dual)) == lines([
        ("progressTrainers", Span(D(2020, 1, 1), D(2025, 6, 30)), 1),
        ("progressDual", Span(D(2024, 3, 1), D(2025, 6, 30)), 1),
    ])  # fmt: skip


def test_standards_and_outcomes() -> None:
    published = Standard("s", status="PUBLISHED", published_on=D(2024, 5, 1))
    drafting = Standard("d", status="DRAFTING")
    assert list(progress.standard(published)) == [
        ("progressStandardsPublished", Span(D(2024, 5, 1)), 1)
    ]
    assert list(progress.standard(drafting)) == [("progressStandardsDrafting", Span(), 1)]
    outcome = Outcome("o", 2024, (("enrolled", 100), ("completed", 0), ("certified", 7)))
    year = Span(D(2024, 1, 1), D(2024, 12, 31))
    assert list(progress.outcome(outcome)) == [
        ("progressEnrolled", year, 100),
        ("progressCertified", year, 7),
    ]
