"""The derived facts as the questions read them: Cypher templates over `{node}` (and the
question's `{today}`), so no question spells a derived property itself.

Every derived fact holds for any day: dual qualification does not depend on one, and what
does (reciprocal hires, shared trainers, dual-qualified trainers at work in a province) is
stored as spans or as a timeline (timeline.py). So `asOf` in the past or the future reads
them just as today does.
"""

from __future__ import annotations

from ecosystem.domain.definitions import Channel
from ecosystem.graph.derived.aggregates import COUNTERS_ID, MEASURES, SAMPLE_CELL
from ecosystem.graph.derived.contributions import ANY_PROFESSION
from ecosystem.graph.derived.timeline import at, spans_at

DUAL = (
    "{node}.derivedDual = true AND "
    "({node}.derivedDualSince IS NULL OR {node}.derivedDualSince <= {today})"
)
RECIPROCAL = spans_at("{node}.derivedReciprocalSince", "{node}.derivedReciprocalUntil", "{today}")
SHARED = "{node}.derivedSharedBy >= 2"
SHARED_ACROSS_SECTORS = SHARED + " AND {node}.derivedCrossSector = true"
ORGANISATION_COUNT = "coalesce({node}.derivedSharedBy, 0)"
CROSS_SECTOR = "coalesce({node}.derivedCrossSector, false)"
COUNTERS = "(:EcosystemCounters {{id: '" + COUNTERS_ID + "'}})"


def measure(variable: str, name: str) -> str:
    """A stored measure (a timeline) on `variable` on the question's day."""
    return at(variable, name, "{today}")


def channel(variable: str, channel_: Channel) -> str:
    """How many links of `channel_` a COLLABORATES (or UNITS_OVERLAP) relationship counts."""
    return measure(variable, MEASURES[channel_.value])


def base(variable: str, channel_: Channel) -> str:
    """A channel's count without its timeline (exact for every channel but shared trainers)."""
    return f"{variable}.{MEASURES[channel_.value]}"


def cell_measure(cell_id: str, name: str) -> str:
    """A kept coverage cell's measure on the question's day, 0 when no cell of id `cell_id`
    (an expression) is kept: nothing in it."""
    return (
        "reduce({total} = 0, {cell} IN COLLECT {{ MATCH ({kept}:CoverageCell {{id: "
        + cell_id
        + "}}) RETURN {kept} }} | {total} + "
        + measure("{cell}", name)
        + ")"
    )


def dual_at_work(province: str, sample: bool = True) -> str:
    """How many dual-qualified trainers are at work in `province` (an expression) on the
    question's day: its cell across professions, less the sample's own when it is left out."""
    cells = [f"'{ANY_PROFESSION}|' + {province}"]
    if not sample:
        cells.append(f"'{SAMPLE_CELL}{ANY_PROFESSION}|' + {province}")
    return "(" + " - ".join(cell_measure(c, "dualQualifiedTrainers") for c in cells) + ")"
