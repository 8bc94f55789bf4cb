"""The workbench of one copy of the sample: its random source, its key suffix and its records."""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from datetime import date, timedelta
from typing import TypeVar

from ecosystem.seeding.records import (
    SYNTHETIC,
    Dataset,
    NodeRecord,
    Props,
    RelationshipRecord,
    Value,
)
from ecosystem.seeding.sample import marking

T = TypeVar("T")

# The sample describes the ecosystem as of this day, whenever it is generated.
AS_OF = date(2025, 10, 31)


class Builder:
    """Makes synthetic records for copy `copy` and keeps them in `data`.

    Every name it makes carries the sample's marker with the copy's number (marking.py), so a
    sample record never passes for a real one and N copies never merge into each other.
    """

    def __init__(self, rng: random.Random, copy: int) -> None:
        self.rng = rng
        self.copy = copy
        self.data = Dataset()

    def marked(self, text: str) -> str:
        return marking.mark(text, self.copy)

    def marked_zh(self, text: str) -> str:
        return marking.mark_zh(text, self.copy)

    def node(self, type_: str, **props: Value | None) -> NodeRecord:
        record = NodeRecord(type_, _props(props))
        self.data.nodes.append(record)
        return record

    def link(self, type_: str, start: NodeRecord, end: NodeRecord, **props: Value | None) -> None:
        self.data.relationships.append(RelationshipRecord(type_, start.key, end.key, _props(props)))

    def chance(self, probability: float) -> bool:
        return self.rng.random() < probability

    def day(self, first: date, last: date = AS_OF) -> date:
        return first + timedelta(days=self.rng.randrange((last - first).days + 1))

    def pick(self, items: Sequence[T]) -> T:
        return self.rng.choice(items)

    def weighted(self, weights: Mapping[T, float]) -> T:
        """A key of `weights`, drawn in proportion to its value."""
        return self.rng.choices(list(weights), list(weights.values()))[0]

    def some(self, items: Sequence[T], low: int, high: int) -> list[T]:
        """Between `low` and `high` distinct items (fewer when there are fewer)."""
        return self.rng.sample(list(items), min(len(items), self.rng.randint(low, high)))


def _props(props: dict[str, Value | None]) -> Props:
    return {"source": SYNTHETIC, **{k: v for k, v in props.items() if v is not None}}
