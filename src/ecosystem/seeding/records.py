"""Seed records: nodes and relationships as plain data, identified by the domain's natural keys.

A record carries its type name and its properties (never `id` or `updatedAt`: the loader sets
those). Ids are uuid5 over a fixed namespace, the type and the natural key, so the same record
gets the same id on every run and every machine, and a re-run merges instead of duplicating.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property, lru_cache

from ecosystem.domain import ECOSYSTEM
from ecosystem.domain.definitions import SYNTHETIC_SOURCE

Value = str | int | float | bool | date | list[str]
Props = dict[str, Value]
Key = tuple[Value | None, ...]

SYNTHETIC = SYNTHETIC_SOURCE
# Fixed forever: changing it would give every seeded node and relationship a new id.
NAMESPACE = uuid.UUID("6f1d3c2e-2b6a-5d0e-9a4f-3c7b1e8d2a90")


@dataclass(frozen=True)
class NodeRecord:
    type: str
    props: Props

    @cached_property
    def key(self) -> Key:
        return key_of(self.type, self.props)

    @cached_property
    def id(self) -> str:
        return node_id(self.type, self.key)


@dataclass(frozen=True)
class RelationshipRecord:
    type: str
    start: Key  # natural key of the start node (its type is the relationship's source type)
    end: Key
    props: Props
    # Tells apart two relationships of one type between the same two nodes (none do yet).
    discriminator: str = ""

    @cached_property
    def id(self) -> str:
        rel = ECOSYSTEM.relationship(self.type)
        start, end = node_id(rel.source, self.start), node_id(rel.target, self.end)
        return _uuid(self.type, start, end, self.discriminator)


@dataclass
class Dataset:
    nodes: list[NodeRecord] = field(default_factory=list)
    relationships: list[RelationshipRecord] = field(default_factory=list)

    def extend(self, other: Dataset) -> None:
        self.nodes.extend(other.nodes)
        self.relationships.extend(other.relationships)


def key_of(type_: str, props: Props) -> Key:
    return tuple(props.get(name) for name in ECOSYSTEM.node(type_).natural_key)


@lru_cache(maxsize=1 << 16)  # a relationship's ends recur: a trainer has about eight
def node_id(type_: str, key: Key) -> str:
    return _uuid(type_, *key)


def _uuid(*parts: object) -> str:
    # The unit separator cannot occur in names, so distinct part lists give distinct names.
    return str(uuid.uuid5(NAMESPACE, "\x1f".join(str(part) for part in parts)))
