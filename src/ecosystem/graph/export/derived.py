"""The derived facts an export adds when asked (`ExportFilter.derived`): what the questions
read, on the export's day, in the questions' own terms (graph/derived/reading.py), not the
timelines and spans they are stored as.

- on each trainer: `dualQualified`, `dualQualifiedSince`, `reciprocalHire`;
- on each training base: `sharedBy` (organisations sharing it), `crossSector`;
- `COLLABORATES` between two organisations linked through at least one channel that day
  (`source: "derived"`): its links per channel and its `strength` with the default weights,
  as `collaborationNetwork` gives them.

The counters and coverage cells are answered by `ecosystemStats` and `coverage`, not exported.
"""

from __future__ import annotations

from collections.abc import Mapping

from ecosystem.domain import Scalar
from ecosystem.domain.definitions import DEFAULT_WEIGHTS
from ecosystem.graph.derived import aggregates, reading

# name → (Cypher over `{node}` and `{today}`, bound below; its type), per label.
NODE: Mapping[str, Mapping[str, tuple[str, Scalar]]] = {
    "Trainer": {
        "dualQualified": (f"coalesce({reading.DUAL}, false)", Scalar.BOOLEAN),
        "dualQualifiedSince": (
            f"CASE WHEN {reading.DUAL} THEN toString({{node}}.derivedDualSince) END",
            Scalar.DATE,
        ),
        "reciprocalHire": (reading.RECIPROCAL, Scalar.BOOLEAN),
    },
    "TrainingBase": {
        "sharedBy": (reading.ORGANISATION_COUNT, Scalar.INT),
        "crossSector": (reading.CROSS_SECTOR, Scalar.BOOLEAN),
    },
}
CHANNELS = aggregates.PAIR_CHANNELS
RELATIONSHIP: Mapping[str, Scalar] = {
    **{aggregates.channel_property(c): Scalar.INT for c in CHANNELS},
    "strength": Scalar.FLOAT,
}


def _bound(template: str, node: str) -> str:
    return template.replace("{node}", node).replace("{today}", "$today")


def node_properties() -> str:
    """Map projection entries (`, name: expr`) of every label's derived facts, null on nodes
    of another label (rows drop nulls)."""
    return "".join(
        f", {name}: CASE WHEN n:{label} THEN {_bound(cypher, 'n')} END"
        for label, props in NODE.items()
        for name, (cypher, _) in props.items()
    )


def node_types() -> dict[str, Scalar | str]:
    return {name: kind for props in NODE.values() for name, (_, kind) in props.items()}


_COUNTS = ", ".join(
    f"{aggregates.channel_property(c)}: {_bound(reading.channel('r', c), 'r')}" for c in CHANNELS
)
_STRENGTH = " + ".join(
    f"links.{aggregates.channel_property(c)} * {DEFAULT_WEIGHTS[c]}" for c in CHANNELS
)


def pairs(by_source: bool) -> str:
    """Rows `a, b, r, links, strength` of the pairs linked through a channel that day."""
    return (
        "MATCH (a:Organisation)-[r:COLLABORATES]->(b:Organisation) "
        + ("WHERE r.source = $source " if by_source else "")
        + f"WITH a, b, r, {{{_COUNTS}}} AS links "
        f"WITH a, b, r, links, {_STRENGTH} AS strength WHERE strength > 0"
    )


RETURN_PAIRS = (
    " RETURN 'COLLABORATES' AS type, r.id AS id, "
    "links {.*, strength: strength, source: r.source, updatedAt: toString(r.updatedAt)} AS props, "
    "'Organisation:' + a.id AS start, 'Organisation:' + b.id AS end"
)
