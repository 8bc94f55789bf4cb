"""The derived facts as the questions read them: Cypher templates over `{node}` (and the
question's `{today}`), so no question spells a derived property itself.

Every derived fact holds for any day: dual qualification does not depend on one, and what
does (reciprocal hires, shared trainers, dual-qualified trainers at work in a province) is
stored as spans or as a timeline (timeline.py). So `asOf` in the past or the future reads
them just as today does.
"""

from __future__ import annotations

from ecosystem.domain.definitions import Channel
from ecosystem.graph.derived.aggregates import (
    COUNTERS_ID,
    MEASURES,
    SAMPLE_CELL,
    SAMPLE_COUNTERS_ID,
)
from ecosystem.graph.derived.contributions import ANY_PROFESSION, DATED_CHANNELS
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
    """How many links of `channel_` a COLLABORATES (or UNITS_OVERLAP) relationship counts on
    the question's day (a channel that is not dated has the same count on every day)."""
    if channel_ in DATED_CHANNELS:
        return measure(variable, MEASURES[channel_.value])
    return f"coalesce({base(variable, channel_)}, 0)"


def base(variable: str, channel_: Channel) -> str:
    """A channel's count without its timeline (exact for every channel not dated)."""
    return f"{variable}.{MEASURES[channel_.value]}"


def kept(label: str, key: str, name: str) -> str:
    """A measure kept on the `label` node of id `key` (an expression) on the question's day;
    0 when there is none (a cell is kept only with something in it)."""
    return (
        "reduce({total} = 0, {cell} IN COLLECT {{ MATCH ({kept}:"
        + label
        + " {{id: "
        + key
        + "}}) RETURN {kept} }} | {total} + "
        + measure("{cell}", name)
        + ")"
    )


def dual_at_work(province: str | None, sample: bool = True) -> str:
    """How many trainers are dual-qualified on the question's day, at work in `province` (an
    expression; None: anywhere or nowhere): the province's cell across professions, or the
    counters, less the sample's own when it is left out."""
    if province is None:
        label, keys = "EcosystemCounters", [f"'{COUNTERS_ID}'", f"'{SAMPLE_COUNTERS_ID}'"]
    else:
        label = "CoverageCell"
        keys = [
            f"'{ANY_PROFESSION}|' + {province}",
            f"'{SAMPLE_CELL}{ANY_PROFESSION}|' + {province}",
        ]
    counted = keys if not sample else keys[:1]
    return "(" + " - ".join(kept(label, k, "dualQualifiedTrainers") for k in counted) + ")"
