"""The value a timeline keeps for the day it was written, and how `--check` finds it wrong
(no database), and how Cypher reads one (the database)."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from neo4j.time import Date

from ecosystem.graph.database import Database
from ecosystem.graph.derived.timeline import Span, Timeline, at, kept_difference, peak

D = datetime.date


def timeline() -> Timeline:
    """1 from the beginning; +2 from 2024-03-01 to 2024-06-30; +1 from 2025-01-01."""
    found = Timeline()
    found.add(Span(), 1)
    found.add(Span(D(2024, 3, 1), D(2024, 6, 30)), 2)
    found.add(Span(D(2025, 1, 1)), 1)
    return found


def test_the_kept_value_holds_from_the_last_step_until_the_next() -> None:
    props = timeline().properties("m", today=D(2024, 5, 1))
    assert props["m"] == 1
    assert (props["mNow"], props["mNowFrom"], props["mNowUntil"]) == (
        3,
        Date(2024, 3, 1),
        Date(2024, 7, 1),
    )
    assert kept_difference(props, "m") is None
    # After the last step the value holds for ever; before the first, from the beginning.
    late = timeline().properties("m", today=D(2030, 1, 1))
    assert (late["mNow"], late["mNowFrom"], late["mNowUntil"]) == (2, Date(2025, 1, 1), None)
    early = timeline().properties("m", today=D(2000, 1, 1))
    assert (early["mNow"], early["mNowFrom"], early["mNowUntil"]) == (1, None, Date(2024, 3, 1))


def test_a_timeline_without_steps_keeps_nothing() -> None:
    props = Timeline(base=4).properties("m")
    assert (props["mNow"], props["mNowFrom"], props["mNowUntil"]) == (None, None, None)
    assert kept_difference(props, "m") is None


def test_check_finds_a_kept_value_that_the_steps_do_not_give() -> None:
    props = timeline().properties("m", today=D(2024, 5, 1))
    assert kept_difference({**props, "mNow": 4}, "m") is not None
    # A span that is not the one between two steps (a step was added after it was kept).
    assert kept_difference({**props, "mNowUntil": Date(2024, 12, 1)}, "m") is not None
    assert kept_difference({**props, "mNow": None}, "m") == "mNow is missing"


def test_the_peak_is_the_most_the_timelines_add_up_to_on_one_day() -> None:
    # 1 always, 3 from March to June 2024, 2 from 2025; with a second timeline's 2 from
    # 2024-06-01 to 2024-12-31, 5 in June 2024.
    assert peak([timeline()]) == 3
    other = Timeline()
    other.add(Span(D(2024, 6, 1), D(2024, 12, 31)), 2)
    assert peak([timeline(), other]) == 5
    # Steps of one day in two timelines count together; a base alone is its own peak.
    assert peak([Timeline(base=4), Timeline(steps={D(2020, 1, 1): -1})]) == 4
    assert peak([]) == 0


def test_year_ends_hold_the_value_on_each_31_december_the_steps_span() -> None:
    # 1 always; 3 from 2024-03-01 to 2024-06-30; 2 from 2025-01-01.
    assert timeline().year_ends() == (2024, [1, 2])
    props = timeline().properties("m", years=True)
    assert (props["mYearsFrom"], props["mYearEnds"]) == (2024, [1, 2])
    assert "mYearEnds" not in timeline().properties("m")  # only timelines read by year
    assert kept_difference(props, "m", years=True) is None
    # A year with no step of its own keeps the value it carried in.
    gap = Timeline(steps={D(2020, 6, 1): 5, D(2023, 1, 1): -2})
    assert gap.year_ends() == (2020, [5, 5, 5, 3])
    # No steps, or steps too far apart to list every year: a read adds the steps up.
    assert Timeline(base=4).year_ends() == (None, [])
    assert Timeline(steps={D(2020, 1, 1): 1, D(9999, 12, 31): -1}).year_ends() == (None, [])


def test_check_finds_year_ends_missing_or_wrong() -> None:
    props = timeline().properties("m", years=True)
    assert kept_difference({**props, "mYearEnds": [1, 3]}, "m", years=True) is not None
    assert kept_difference({**props, "mYearsFrom": None, "mYearEnds": None}, "m", years=True)
    # A timeline not read by year is not asked for them.
    assert kept_difference({**props, "mYearEnds": None}, "m") is None


DAYS = [D(2000, 1, 1), D(2024, 2, 29), D(2024, 3, 1), D(2024, 5, 1), D(2024, 7, 1), D(2030, 1, 1)]


@pytest.mark.parametrize(
    "stored",
    [
        timeline().properties("m", today=D(2024, 5, 1)),  # read inside and outside the kept days
        timeline().properties("m", today=D(2030, 1, 1)),
        Timeline(base=4).properties("m"),  # no steps: the base on every day, no list read
        Timeline().properties("m"),
        {},  # a pair that never counted this measure
    ],
)
async def test_cypher_reads_the_value_the_steps_give_on_any_day(
    db: Database, stored: dict[str, Any]
) -> None:
    expression = at("t", "m", "day")
    rows = await db.read(
        f"UNWIND $days AS day WITH $props AS t, day RETURN day, {expression} AS value",
        {"days": [Date.from_native(d) for d in DAYS], "props": stored},
    )
    expected = Timeline.stored(stored, "m")
    assert [r["value"] for r in rows] == [expected.at(d) for d in DAYS]
