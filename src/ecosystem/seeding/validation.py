"""Check seed records against the domain before anything reaches the database.

Every record must name a declared type; every property must be declared for that type, carry a
value of its declared scalar or enum type within its bounds, and every required property (the
natural key, `source`) must be there; a node must keep its type's rules (completed ≤ enrolled,
validFrom ≤ validUntil). `id`, `updatedAt` and `version` are the loader's to set.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date, datetime

from ecosystem.domain import ECOSYSTEM, AtMost, Domain, EnumType, Property, Scalar
from ecosystem.domain.provinces import PROVINCES
from ecosystem.seeding.records import Dataset, Key, NodeRecord, Props, RelationshipRecord, Value

LOADER_SET = frozenset({"id", "updatedAt", "version"})


def problems(dataset: Dataset, domain: Domain = ECOSYSTEM, *, check_ends: bool = True) -> list[str]:
    """What is wrong with `dataset`, one line each; empty when it may be loaded.

    With `check_ends`, every relationship's ends must be nodes of the same dataset.
    """
    rules = _Rules.of(domain)
    found: list[str] = []
    known: set[tuple[str, Key]] = set()
    for node in dataset.nodes:
        found.extend(rules.node(node))
        if node.type not in rules.nodes:
            continue
        if (node.type, node.key) in known:
            found.append(f"{node.type} {node.key}: declared twice")
        known.add((node.type, node.key))
    rel_ids: set[str] = set()
    for rel in dataset.relationships:
        errors = list(rules.relationship(rel))
        found.extend(errors)
        if errors:
            continue
        if rel.id in rel_ids:
            found.append(f"{_where(rel)}: declared twice")
        rel_ids.add(rel.id)
        if check_ends:
            found.extend(rules.missing_ends(rel, known))
    return found


@dataclass(frozen=True)
class _Type:
    """A node or relationship type's properties, looked up by name."""

    properties: dict[str, Property]
    required: tuple[str, ...]

    @classmethod
    def of(cls, declared: tuple[Property, ...]) -> _Type:
        required = tuple(p.name for p in declared if p.required and p.name not in LOADER_SET)
        return cls({p.name: p for p in declared}, required)

    def problems(self, where: str, props: Props) -> Iterator[str]:
        for name, value in props.items():
            prop = self.properties.get(name)
            if name in LOADER_SET:
                yield f"{where}: {name!r} is set by the loader"
            elif prop is None:
                yield f"{where}: unknown property {name!r}"
            else:
                yield from (f"{where}: {name} {error}" for error in value_problems(prop, value))
        for name in self.required:
            if props.get(name) is None:
                yield f"{where}: required property {name!r} is missing"


@dataclass(frozen=True)
class _Rules:
    domain: Domain
    nodes: dict[str, _Type]
    relationships: dict[str, _Type]

    @classmethod
    def of(cls, domain: Domain) -> _Rules:
        return cls(
            domain,
            {n.name: _Type.of(n.properties) for n in domain.nodes},
            {r.type: _Type.of(r.properties) for r in domain.relationships},
        )

    def node(self, node: NodeRecord) -> Iterator[str]:
        if node.type not in self.nodes:
            yield f"unknown node type {node.type!r}"
            return
        where = f"{node.type} {node.key}"
        yield from self.nodes[node.type].problems(where, node.props)
        node_type = self.domain.node(node.type)
        for name in node_type.natural_key:
            if node.props.get(name) is None:
                yield f"{where}: natural key {name!r} is missing"
        yield from _broken(where, node_type.rules, node.props)

    def relationship(self, rel: RelationshipRecord) -> Iterator[str]:
        if rel.type not in self.relationships:
            yield f"unknown relationship type {rel.type!r}"
            return
        yield from self.relationships[rel.type].problems(_where(rel), rel.props)
        yield from _broken(_where(rel), self.domain.relationship(rel.type).rules, rel.props)
        for end, node_name in self._ends(rel):
            arity = len(self.domain.node(node_name).natural_key)
            if len(end) != arity or any(part is None for part in end):
                yield f"{_where(rel)}: {end} is not a full natural key of {node_name}"

    def missing_ends(self, rel: RelationshipRecord, known: set[tuple[str, Key]]) -> Iterator[str]:
        for end, node_name in self._ends(rel):
            if (node_name, end) not in known:
                yield f"{_where(rel)}: no {node_name} {end} in the data set"

    def _ends(self, rel: RelationshipRecord) -> tuple[tuple[Key, str], tuple[Key, str]]:
        rel_type = self.domain.relationship(rel.type)
        return (rel.start, rel_type.source), (rel.end, rel_type.target)


def _broken(where: str, rules: Iterable[AtMost], props: Mapping[str, Value]) -> Iterator[str]:
    """The domain's rules between two properties that `props` break."""
    for rule in rules:
        try:
            broken = rule.broken(props)
        except TypeError:  # values of the wrong type, reported with the values
            continue
        if broken:
            yield f"{where}: {rule.lower} ≤ {rule.upper} is broken"


def value_problems(prop: Property, value: Value) -> list[str]:
    if prop.many != isinstance(value, list):
        return ["must be a list" if prop.many else "must not be a list"]
    values: list[Value] = list(value) if isinstance(value, list) else [value]
    return [error for item in values for error in _item_problems(prop, item)]


def _item_problems(prop: Property, value: Value) -> list[str]:
    if isinstance(prop.type, EnumType):
        return [] if value in prop.type.values else [f"{value!r} is not a {prop.type.name}"]
    if not _has_type(prop.type, value):
        return [f"{value!r} is not a {prop.type.value}"]
    found = []
    if isinstance(value, str) and prop.max_length is not None and len(value) > prop.max_length:
        found.append(f"is longer than {prop.max_length} characters")
    if isinstance(value, int | float) and not isinstance(value, bool):
        if prop.minimum is not None and value < prop.minimum:
            found.append(f"{value} is below {prop.minimum}")
        if prop.maximum is not None and value > prop.maximum:
            found.append(f"{value} is above {prop.maximum}")
    if prop.name == "province" and value not in PROVINCES:
        found.append(f"{value!r} is not a province of domain/provinces.py")
    return found


def _has_type(scalar: Scalar, value: Value) -> bool:
    match scalar:
        case Scalar.ID | Scalar.STRING:
            return isinstance(value, str)
        case Scalar.INT:
            return isinstance(value, int) and not isinstance(value, bool)
        case Scalar.FLOAT:
            return isinstance(value, int | float) and not isinstance(value, bool)
        case Scalar.BOOLEAN:
            return isinstance(value, bool)
        case Scalar.DATE:
            return isinstance(value, date) and not isinstance(value, datetime)
        case Scalar.DATETIME:
            return isinstance(value, datetime)


def _where(rel: RelationshipRecord) -> str:
    return f"{rel.type} {rel.start}->{rel.end}"
