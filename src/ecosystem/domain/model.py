"""The vocabulary of a domain declaration: plain, frozen data with no behaviour beyond lookups."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import Enum
from functools import cached_property


class Scalar(Enum):
    ID = "ID"
    STRING = "String"
    INT = "Int"
    FLOAT = "Float"
    BOOLEAN = "Boolean"
    DATE = "Date"
    DATETIME = "DateTime"


@dataclass(frozen=True)
class EnumType:
    name: str
    values: tuple[str, ...]
    description: str = ""
    # (value, what it means) pairs, not a dict: a domain is hashable (the schema is cached
    # by domain).
    value_descriptions: tuple[tuple[str, str], ...] = ()

    @classmethod
    def described(cls, name: str, description: str, values: Mapping[str, str]) -> EnumType:
        """An enum declared value by value, each with what it means."""
        return cls(name, tuple(values), description, tuple(values.items()))

    def value_description(self, value: str) -> str:
        return dict(self.value_descriptions).get(value, "")


@dataclass(frozen=True)
class Property:
    """A property of a node or relationship; its GraphQL name is its name in the database."""

    name: str
    type: Scalar | EnumType
    description: str = ""
    required: bool = False
    many: bool = False  # a list of `type`
    unique: bool = False  # a uniqueness constraint
    indexed: bool = False  # a range index for filters and sorts
    searchable: bool = False  # part of the full-text index over names
    private: bool = False  # personal data: masked for roles that may not see it
    max_length: int | None = None
    minimum: float | None = None
    maximum: float | None = None
    choices: tuple[str, ...] | None = None  # the only values a text may take
    pattern: str | None = None  # a regular expression the whole text must match
    system: bool = False  # maintained by the API (id, provenance), not by clients

    @property
    def sortable(self) -> bool:
        return not self.many and not self.private

    @property
    def is_enum(self) -> bool:
        return isinstance(self.type, EnumType)


@dataclass(frozen=True)
class AtMost:
    """A rule between two properties of one node: `lower` ≤ `upper` whenever both are set
    (completed ≤ enrolled, validFrom ≤ validUntil). Writes and imports that break it change
    nothing."""

    lower: str
    upper: str

    def broken(self, values: Mapping[str, object]) -> bool:
        low, high = values.get(self.lower), values.get(self.upper)
        return low is not None and high is not None and low > high  # type: ignore[operator]


@dataclass(frozen=True)
class NodeType:
    name: str  # the GraphQL type and the Neo4j label
    plural: str  # the root connection's field name
    properties: tuple[Property, ...]
    natural_key: tuple[str, ...]
    description: str = ""
    # The relationship type from this node to the organisations it belongs to: a partner of
    # one of them may see its private properties (a trainer's, through a current affiliation).
    owned_through: str | None = None
    rules: tuple[AtMost, ...] = ()

    @property
    def label(self) -> str:
        return self.name

    def property(self, name: str) -> Property:
        for prop in self.properties:
            if prop.name == name:
                return prop
        raise KeyError(f"{self.name} has no property {name!r}")


class Direction(Enum):
    OUT = "OUT"  # (here)-[:TYPE]->(other)
    IN = "IN"  # (here)<-[:TYPE]-(other)


@dataclass(frozen=True)
class RelationshipType:
    type: str  # the Neo4j relationship type
    source: str  # node type name at the start
    target: str  # node type name at the end
    source_field: str  # field on the source listing its targets
    target_field: str  # field on the target listing its sources
    properties: tuple[Property, ...] = ()
    description: str = ""
    rules: tuple[AtMost, ...] = ()


@dataclass(frozen=True)
class RelationshipEnd:
    """A relationship seen from one of its node types: the field a client navigates."""

    field: str
    relationship: RelationshipType
    direction: Direction
    here: str
    other: str


@dataclass(frozen=True)
class Domain:
    enums: tuple[EnumType, ...]
    nodes: tuple[NodeType, ...]
    relationships: tuple[RelationshipType, ...]

    def node(self, name: str) -> NodeType:
        return self._nodes_by_name[name]

    def relationship(self, type_: str) -> RelationshipType:
        return self._relationships_by_type[type_]

    def ends(self, node: str) -> tuple[RelationshipEnd, ...]:
        """Every relationship field of a node type, in declaration order."""
        return self._ends_by_node.get(node, ())

    def outgoing(self, rel: RelationshipType) -> RelationshipEnd:
        """The relationship as its start node's field sees it."""
        end = self.end(rel.source, rel.source_field)
        assert end is not None, f"{rel.type} has no field on {rel.source}"
        return end

    def end(self, node: str, field_name: str) -> RelationshipEnd | None:
        for end in self.ends(node):
            if end.field == field_name:
                return end
        return None

    @cached_property
    def _nodes_by_name(self) -> dict[str, NodeType]:
        return {n.name: n for n in self.nodes}

    @cached_property
    def _relationships_by_type(self) -> dict[str, RelationshipType]:
        return {r.type: r for r in self.relationships}

    @cached_property
    def _ends_by_node(self) -> dict[str, tuple[RelationshipEnd, ...]]:
        ends: dict[str, list[RelationshipEnd]] = {n.name: [] for n in self.nodes}
        for rel in self.relationships:
            ends[rel.source].append(
                RelationshipEnd(rel.source_field, rel, Direction.OUT, rel.source, rel.target)
            )
            ends[rel.target].append(
                RelationshipEnd(rel.target_field, rel, Direction.IN, rel.target, rel.source)
            )
        return {name: tuple(found) for name, found in ends.items()}
