"""Derived facts: what the ecosystem questions would otherwise recompute over the whole graph,
kept in the graph and current by every write (maintain.py), rebuilt and checked from the base
facts (rebuild.py). docs/questions.md says what is derived and how it stays current."""

from ecosystem.graph.derived import reading
from ecosystem.graph.derived.aggregates import LABELS, PAIR_CHANNELS, RELATIONSHIP_TYPES
from ecosystem.graph.derived.contributions import DATED_CHANNELS
from ecosystem.graph.derived.facts import DERIVING_LABELS, PROPERTIES, RELATIONSHIP_INPUTS, feeds
from ecosystem.graph.derived.maintain import Derivation
from ecosystem.graph.derived.rebuild import Progress, check, objects, rebuild, rekeep

__all__ = [
    "DATED_CHANNELS",
    "DERIVING_LABELS",
    "LABELS",
    "PAIR_CHANNELS",
    "PROPERTIES",
    "RELATIONSHIP_INPUTS",
    "RELATIONSHIP_TYPES",
    "Derivation",
    "Progress",
    "check",
    "feeds",
    "objects",
    "reading",
    "rebuild",
    "rekeep",
]
