"""Counts kept for one filter each, so that a root `totalCount` filtered just so reads a number.

`trainers(where: {affiliations: {some: {node: {kind: {eq: ENTERPRISE}}, edge: {until:
{isNull: true}}}}}) { totalCount }` — the trainers with an open-ended affiliation with an
enterprise — is what partner portals ask most. Counted, it reads every such affiliation and
keeps each trainer once: 609 ms at scale 500 (479,474 trainers, 604,794 affiliations) even
from the organisations' `kind` index. Every write keeps it instead, one number per kind on
the counters node (contributions.py: each trainer once, however many such links it has), and
the compiler reads it when a count's filter is exactly this one (compiler/anchoring.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from ecosystem.domain import ECOSYSTEM, EnumType


@dataclass(frozen=True)
class KeptCount:
    """How many `label` nodes have a `field` link open at its end (the edge's `open` property
    null) to a node whose `by` property has each of its values."""

    label: str
    field: str  # the relationship field on `label`
    by: str  # the far end's property: one count per value
    open: str  # the edge's property that is null on an open-ended link

    def measure(self, value: str) -> str:
        """The counters' property for one value (e.g. trainersWithOpenAffiliations_ENTERPRISE)."""
        return f"{self.label.lower()}sWithOpen{self.field[:1].upper()}{self.field[1:]}_{value}"

    @cached_property  # read on every compile of a count that could be kept
    def values(self) -> tuple[str, ...]:
        end = ECOSYSTEM.end(self.label, self.field)
        if end is None:
            raise ValueError(f"{self.label} has no relationship field {self.field}")
        kind = ECOSYSTEM.node(end.other).property(self.by).type
        if not isinstance(kind, EnumType):
            raise ValueError(f"a kept count is by an enum's values, not {kind}")
        return kind.values

    @property
    def measures(self) -> tuple[str, ...]:
        return tuple(self.measure(v) for v in self.values)


OPEN_AFFILIATIONS = KeptCount("Trainer", "affiliations", "kind", "until")
KEPT_COUNTS = (OPEN_AFFILIATIONS,)
