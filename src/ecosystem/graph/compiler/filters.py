"""`where` inputs to filter plans: property operators, AND / OR / NOT, some / none / all."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from neo4j.time import Date

from ecosystem.domain import Domain, EnumType, Property, RelationshipEnd, RelationshipType, Scalar
from ecosystem.graph import ids
from ecosystem.graph.compiler.plan import Compare, Filter, Logical, Op, Quantifier, Related
from ecosystem.graph.compiler.viewer import TRUSTED, Viewer
from ecosystem.graph.errors import BadInput, ForbiddenField
from ecosystem.graph.temporal import offset_datetime

Path = Sequence[str | int]

OPERATORS: dict[str, Op] = {
    "eq": Op.EQ,
    "ne": Op.NE,
    "in": Op.IN,
    "notIn": Op.NOT_IN,
    "lt": Op.LT,
    "lte": Op.LTE,
    "gt": Op.GT,
    "gte": Op.GTE,
    "contains": Op.CONTAINS,
    "startsWith": Op.STARTS_WITH,
    "endsWith": Op.ENDS_WITH,
}
LIST_OPERATORS = {"in", "notIn"}


def operators_for(type_: Scalar | EnumType) -> tuple[str, ...]:
    """The operators a property type offers in `where` (plus `isNull`, offered by all)."""
    base = ("eq", "ne", "in", "notIn")
    if type_ in (Scalar.INT, Scalar.FLOAT, Scalar.DATE, Scalar.DATETIME):
        return (*base, "lt", "lte", "gt", "gte")
    if type_ is Scalar.STRING:
        return (*base, "contains", "startsWith", "endsWith")
    if type_ is Scalar.BOOLEAN:
        return ("eq", "ne")
    return base


class FilterBuilder:
    def __init__(self, domain: Domain, viewer: Viewer = TRUSTED) -> None:
        self.domain = domain
        self.viewer = viewer

    def node(self, type_name: str, where: Mapping[str, Any] | None, path: Path) -> Filter | None:
        node = self.domain.node(type_name)

        def leaf(key: str, value: Any, at: Path) -> Filter | None:
            end = self.domain.end(type_name, key)
            if end is not None:
                return self._related(end, value, at)
            return self._property(node.property(key), value, at, type_name)

        return self._combine(where, path, leaf)

    def edge(
        self, rel: RelationshipType, where: Mapping[str, Any] | None, path: Path
    ) -> Filter | None:
        props = {p.name: p for p in rel.properties}

        def leaf(key: str, value: Any, at: Path) -> Filter | None:
            return self._property(props[key], value, at, rel.type)

        return self._combine(where, path, leaf)

    def _combine(self, where: Mapping[str, Any] | None, path: Path, leaf: Any) -> Filter | None:
        if not where:
            return None
        parts: list[Filter] = []
        for key, value in where.items():
            at = (*path, key)
            if value is None:
                continue  # null means "not set", as forms send it
            if key in ("AND", "OR"):
                children = [self._combine(v, (*at, i), leaf) for i, v in enumerate(value)]
                kept = tuple(c for c in children if c is not None)
                if kept:
                    parts.append(Logical(key, kept))
            elif key == "NOT":
                inner = self._combine(value, at, leaf)
                if inner is not None:
                    parts.append(Logical("NOT", (inner,)))
            else:
                built = leaf(key, value, at)
                if built is not None:
                    parts.append(built)
        if not parts:
            return None
        return parts[0] if len(parts) == 1 else Logical("AND", tuple(parts))

    def _related(self, end: RelationshipEnd, value: Mapping[str, Any], at: Path) -> Filter | None:
        parts: list[Filter] = []
        for word, inner in value.items():
            if inner is None:
                continue
            node = self.node(end.other, inner.get("node"), (*at, word, "node"))
            edge = self.edge(end.relationship, inner.get("edge"), (*at, word, "edge"))
            parts.append(Related(end, Quantifier(word), node, edge))
        if not parts:
            return None
        return parts[0] if len(parts) == 1 else Logical("AND", tuple(parts))

    def _property(
        self, prop: Property, ops: Mapping[str, Any], at: Path, owner: str
    ) -> Filter | None:
        if prop.private and self.viewer.private != "all":
            # A filter on a value one may not read would reveal it bit by bit (the probe
            # @neo4j/graphql users reported as #3560): refused, not silently ignored.
            raise ForbiddenField(
                f"{owner}.{prop.name} is private: this key may not filter on it",
                at,
                "a where without private fields",
            )
        parts: list[Filter] = []
        for name, value in ops.items():
            if value is None:
                continue
            if name == "isNull":
                parts.append(Compare(prop, Op.IS_NULL if value else Op.IS_NOT_NULL))
            elif name in LIST_OPERATORS:
                items = [convert(prop, v, (*at, name, i), owner) for i, v in enumerate(value)]
                parts.append(Compare(prop, OPERATORS[name], items))
            else:
                parts.append(
                    Compare(prop, OPERATORS[name], convert(prop, value, (*at, name), owner))
                )
        if not parts:
            return None
        return parts[0] if len(parts) == 1 else Logical("AND", tuple(parts))


def convert(prop: Property, value: Any, at: Path, owner: str) -> Any:
    """A client value as the database stores it: raw uuids for ids, Neo4j dates for dates."""
    if prop.type is Scalar.ID:
        return ids.raw(value, owner, at)
    try:
        if prop.type is Scalar.DATE:
            return Date.from_native(date.fromisoformat(value))
        if prop.type is Scalar.DATETIME:
            return offset_datetime(value)
    except (TypeError, ValueError) as error:
        expected = (
            "a date like 2025-07-18"
            if prop.type is Scalar.DATE
            else "a date-time like 2025-07-18T09:30:00+08:00"
        )
        raise BadInput(f"{value!r} is not {expected}", at, expected) from error
    return value
