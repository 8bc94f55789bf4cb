"""What each object contributes to the derived totals: pure functions, no database."""

from __future__ import annotations

import datetime

from ecosystem.domain.provinces import PROVINCES
from ecosystem.graph.derived.contributions import (
    Affiliation,
    Base,
    Course,
    Held,
    Org,
    Standard,
    Trainer,
    contributions,
    cross_sector,
    dual_qualified,
    dual_span,
    reciprocal,
    shared_by,
)
from ecosystem.graph.derived.maintain import decoded, encoded
from ecosystem.graph.derived.timeline import Span, Timeline, grouped, merged

D = datetime.date
SCHOOL = Org("s", "VOCATIONAL_COLLEGE", "Beijing")
FIRM = Org("f", "ENTERPRISE", "Shanghai")


def totals(*objects: object) -> dict[str, dict[str, Timeline]]:
    lines = [
        (c.key, c.measure, c.span, c.weight)
        for item in objects
        for c in contributions(item)  # type: ignore[arg-type]
    ]
    return {key: dict(measures) for key, measures in grouped(lines).items()}


def test_dual_qualified_needs_teaching_and_industry() -> None:
    teaching, skill = Held("TEACHING"), Held("VOCATIONAL_SKILL")
    assert dual_qualified(Trainer("t", (teaching, skill)))
    assert not dual_qualified(Trainer("t", (teaching, teaching)))
    assert dual_qualified(Trainer("t", (teaching, Held("PROFESSIONAL_TITLE", True))))
    assert not dual_qualified(Trainer("t", (teaching, Held("PROFESSIONAL_TITLE", False))))


def test_dual_qualified_from_the_day_both_sides_are_obtained() -> None:
    teaching = Held("TEACHING", obtained_on=D(2019, 6, 1))
    skill = Held("VOCATIONAL_SKILL", obtained_on=D(2022, 3, 1))
    trainer = Trainer("t", (teaching, skill), (Affiliation(SCHOOL),))
    assert dual_span(trainer) == Span(D(2022, 3, 1), None)
    found = totals(trainer)
    assert found["counters"]["dualQualifiedTrainers"].at(D(2022, 2, 28)) == 0
    assert found["counters"]["dualQualifiedTrainers"].at(D(2022, 3, 1)) == 1
    # No day known for one side: it counts from the other side's day.
    assert dual_span(Trainer("t", (Held("TEACHING"), skill))) == Span(D(2022, 3, 1), None)
    # Two of a side: the earlier counts.
    early = Held("INDUSTRY_EXPERIENCE", obtained_on=D(2020, 1, 1))
    assert dual_span(Trainer("t", (teaching, skill, early))) == Span(D(2020, 1, 1), None)
    assert dual_span(Trainer("t", (Held("TEACHING"), Held("VOCATIONAL_SKILL")))) == Span()


def test_a_reciprocal_hire_affiliation_counts_on_its_own() -> None:
    hired = Affiliation(SCHOOL, Span(D(2022, 1, 1), None), "RECIPROCAL_HIRE")
    assert reciprocal(Trainer("t", (), (hired,))) == [Span(D(2022, 1, 1), None)]
    both = (Affiliation(FIRM, Span(D(2021, 1, 1), None), "FULL_TIME"), hired)
    assert reciprocal(Trainer("t", (), both)) == [Span(D(2022, 1, 1), None)]  # counted once


def test_a_sample_object_also_adds_to_the_samples_own_totals() -> None:
    teaching, skill = Held("TEACHING", professions=("p",)), Held("VOCATIONAL_SKILL")
    real = Trainer("r", (teaching, skill), (Affiliation(SCHOOL),))
    sample = Trainer("s", (teaching, skill), (Affiliation(SCHOOL),), sample=True)
    found = totals(real, sample)
    assert found["counters"]["dualQualifiedTrainers"].base == 2
    assert found["sample-counters"]["dualQualifiedTrainers"].base == 1
    assert found["cell:p|Beijing"]["dualQualifiedTrainers"].base == 2
    assert found["sample-cell:p|Beijing"]["dualQualifiedTrainers"].base == 1
    assert not any(key.startswith("sample-pair") for key in found)  # pairs: never partitioned


def test_reciprocal_hire_is_the_days_of_both_affiliations() -> None:
    trainer = Trainer("t", (), (
        Affiliation(FIRM, Span(D(2024, 1, 1), D(2024, 12, 31))),
        Affiliation(SCHOOL, Span(D(2024, 6, 1), None)),
    ))  # fmt: skip
    assert reciprocal(trainer) == [Span(D(2024, 6, 1), D(2024, 12, 31))]
    counters = totals(trainer)["counters"]["reciprocalHires"]
    assert counters.at(D(2024, 5, 31)) == 0
    assert counters.at(D(2024, 6, 1)) == 1
    assert counters.at(D(2024, 12, 31)) == 1
    assert counters.at(D(2025, 1, 1)) == 0


def test_touching_spans_merge_so_a_day_counts_once() -> None:
    spans = [
        Span(D(2024, 1, 1), D(2024, 1, 31)),
        Span(D(2024, 2, 1), None),
        Span(None, D(2023, 1, 1)),
    ]
    assert merged(spans) == [Span(None, D(2023, 1, 1)), Span(D(2024, 1, 1), None)]


def test_a_course_links_each_pair_of_its_developers_once() -> None:
    a, b, c = Org("a"), Org("b"), Org("c")
    found = totals(Course("x", (), (a, b, c, a)))
    pairs = {k: m["CO_DEVELOPED_COURSE"].base for k, m in found.items() if k.startswith("pair:")}
    assert pairs == {"pair:a:b": 1, "pair:a:c": 1, "pair:b:c": 1}


def test_units_that_share_one_object_with_another_count_once_for_their_parent() -> None:
    """Two units of X develop one course with Z: the pairs count it twice for X, the
    correction takes one back."""
    u1, u2, z = Org("u1", ancestors=("x",)), Org("u2", ancestors=("x",)), Org("z")
    found = totals(Course("c", (), (u1, u2, z)))
    through_units = found["pair:u1:z"]["CO_DEVELOPED_COURSE"].base
    through_units += found["pair:u2:z"]["CO_DEVELOPED_COURSE"].base
    assert through_units + found["units:x:z"]["CO_DEVELOPED_COURSE"].base == 1  # it adds -1


def test_dual_qualified_trainers_fill_the_cells_of_their_province_while_affiliated() -> None:
    trainer = Trainer(
        "t",
        (Held("TEACHING", professions=("p",)), Held("VOCATIONAL_SKILL")),
        (Affiliation(SCHOOL, Span(D(2025, 1, 1), None)), Affiliation(FIRM)),
    )
    found = totals(trainer)
    beijing = found["cell:p|Beijing"]["dualQualifiedTrainers"]
    assert (beijing.at(D(2024, 12, 31)), beijing.at(D(2025, 1, 1))) == (0, 1)
    assert found["cell:p|Shanghai"]["dualQualifiedTrainers"].at(D(2020, 1, 1)) == 1
    assert found["counters"]["dualQualifiedTrainers"].base == 1


def test_a_province_counts_each_dual_qualified_trainer_once_across_professions() -> None:
    """`cell:*|<province>`: certified for two professions, at two Beijing organisations over
    overlapping days, a trainer is one dual-qualified trainer in Beijing on each day; one
    certified for none counts there too. The sample keeps its share apart."""
    other = Org("o", "ENTERPRISE", "Beijing")
    two = Trainer(
        "t",
        (Held("TEACHING", professions=("p",)), Held("VOCATIONAL_SKILL", professions=("q",))),
        (
            Affiliation(SCHOOL, Span(D(2025, 1, 1), None)),
            Affiliation(other, Span(None, D(2025, 6, 30))),
        ),
    )
    none = Trainer("n", (Held("TEACHING"), Held("INDUSTRY_EXPERIENCE")), (Affiliation(SCHOOL),),
                   sample=True)  # fmt: skip
    found = totals(two, none)
    beijing = found["cell:*|Beijing"]["dualQualifiedTrainers"]
    assert [beijing.at(D(2025, 3, 1)), beijing.at(D(2026, 1, 1))] == [2, 2]
    assert found["cell:p|Beijing"]["dualQualifiedTrainers"].at(D(2025, 3, 1)) == 1
    assert found["sample-cell:*|Beijing"]["dualQualifiedTrainers"].at(D(2025, 3, 1)) == 1
    assert "cell:*|Shanghai" not in found


def test_a_nationwide_standard_counts_in_every_province_unless_withdrawn() -> None:
    national = Standard("s", "NATIONAL", None, ("p",))
    assert {k for k in totals(national) if k.startswith("cell:")} == {
        f"cell:p|{province}" for province in PROVINCES
    }
    assert totals(Standard("s", "NATIONAL", "WITHDRAWN", ("p",))) == {}
    local = Standard("s", "LOCAL", None, ("p",), (FIRM,))
    assert set(totals(local)) == {"cell:p|Shanghai"}


def test_a_base_is_shared_by_distinct_organisations() -> None:
    once = Base("b", "Beijing", (), (FIRM, FIRM))
    both = Base("b", "Beijing", (), (FIRM, SCHOOL))
    assert (shared_by(once), cross_sector(once)) == (1, False)
    assert (shared_by(both), cross_sector(both)) == (2, True)
    assert totals(both)["counters"]["sharedTrainingBases"].base == 1
    assert "counters" not in totals(once)


def test_contributions_survive_storage() -> None:
    trainer = Trainer("t", (), (
        Affiliation(FIRM, Span(D(2024, 1, 1), D(2024, 12, 31))), Affiliation(SCHOOL),
    ))  # fmt: skip
    stored = contributions(trainer)
    assert sorted(map(str, decoded(encoded(stored)))) == sorted(map(str, stored))
    assert encoded([]) is None
