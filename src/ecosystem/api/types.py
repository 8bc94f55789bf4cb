"""Strawberry types generated from the domain: object types, connections, filters, sorts.

The types only *declare* the schema. Every field below a compiled root field is answered by
the compiler's one Cypher statement, so none of these types has a resolver of its own; the
relationship fields' resolvers exist only to declare their arguments.

Generated classes live in one module namespace (`ecosystem.api.generated`) so their string
annotations can refer to each other (the graph has cycles: Organisation ↔ Trainer).
"""

from __future__ import annotations

import datetime
import enum
import inspect
import sys
import types
from collections.abc import Callable, Mapping
from typing import Annotated, Any

import strawberry

from ecosystem.api import arguments as shared_arguments
from ecosystem.domain import (
    Direction,
    Domain,
    EnumType,
    NodeType,
    Property,
    RelationshipEnd,
    Scalar,
    names,
)
from ecosystem.graph import operators_for

MODULE = "ecosystem.api.generated"
_SCALARS: dict[Scalar, str] = {
    Scalar.ID: "strawberry.ID",
    Scalar.STRING: "str",
    Scalar.INT: "int",
    Scalar.FLOAT: "float",
    Scalar.BOOLEAN: "bool",
    Scalar.DATE: "datetime.date",
    Scalar.DATETIME: "datetime.datetime",
}
_PYTHON_NAMES = {"in": "in_"}  # GraphQL names that are Python keywords
# What each operator of a scalar filter means (graph/compiler/filters.py offers them).
_OPERATORS = {
    "eq": "Equal to this.",
    "ne": "Not equal to this (an unset value matches neither `eq` nor `ne`).",
    "in": "Equal to one of these.",
    "notIn": "Equal to none of these (an unset value matches neither `in` nor `notIn`).",
    "lt": "Less than this (dates and times: before).",
    "lte": "Less than or equal to this (dates and times: on or before).",
    "gt": "Greater than this (dates and times: after).",
    "gte": "Greater than or equal to this (dates and times: on or after).",
    "contains": "Contains this text (case-sensitive).",
    "startsWith": "Starts with this text (case-sensitive).",
    "endsWith": "Ends with this text (case-sensitive).",
    "isNull": "true: only where the value is unset; false: only where it is set.",
}
_LOGICAL = {
    "AND": "Every one of these conditions holds.",
    "OR": "At least one of these conditions holds.",
    "NOT": "This condition does not hold.",
}
_QUANTIFIERS = {
    "some": "At least one of them meets the conditions.",
    "none": "None of them meets the conditions.",
    "all": "Every one of them meets the conditions (true when there are none).",
}
_CURSOR = "Opaque: pass it as `after` to continue after this item."


@strawberry.interface(description="An object with a global id (Relay).")
class Node:
    id: strawberry.ID = strawberry.field(
        description="Global id, such as `Trainer:…`: `node(id:)` reads this object again."
    )


@strawberry.type(description="Where a page of a connection stands (Relay).")
class PageInfo:
    has_next_page: bool = strawberry.field(description="Whether more items follow this page.")
    has_previous_page: bool = strawberry.field(
        description="Whether items come before this page (true when `after` was given)."
    )
    start_cursor: str | None = strawberry.field(
        description="The cursor of the page's first item; null when the page is empty."
    )
    end_cursor: str | None = strawberry.field(
        description="The cursor of the page's last item, to pass as `after` for the next page; "
        "null when the page is empty."
    )


@strawberry.enum(description="Which way one sort key orders.")
class SortDirection(enum.Enum):
    ASC = strawberry.enum_value("ASC", description="Ascending: smallest, earliest, A–Z first.")
    DESC = strawberry.enum_value("DESC", description="Descending: largest, latest, Z–A first.")


class Namespace:
    """The generated module: a place for classes and a way to make them."""

    def __init__(self) -> None:
        self.module = types.ModuleType(MODULE)
        self.module.__dict__.update(
            strawberry=strawberry,
            datetime=datetime,
            Node=Node,
            PageInfo=PageInfo,
            SortDirection=SortDirection,
        )
        sys.modules[MODULE] = self.module

    def add(self, name: str, cls: Any) -> Any:
        setattr(self.module, name, cls)
        return cls

    def get(self, name: str) -> Any:
        return getattr(self.module, name)

    def klass(
        self, name: str, fields: dict[str, tuple[str, Any]], bases: tuple[type, ...] = ()
    ) -> type:
        """A plain class whose annotations are strings resolved in this namespace."""
        namespace: dict[str, Any] = {"__module__": MODULE, "__annotations__": {}}
        for graphql_name, (annotation, default) in fields.items():
            python_name = _PYTHON_NAMES.get(graphql_name, graphql_name)
            namespace["__annotations__"][python_name] = annotation
            namespace[python_name] = default
        return type(name, bases, namespace)


def annotation(type_: Scalar | EnumType, required: bool, many: bool = False) -> str:
    base = type_.name if isinstance(type_, EnumType) else _SCALARS[type_]
    if many:
        base = f"list[{base}]"
    return base if required else f"{base} | None"


def declare_enum(ns: Namespace, enum_type: EnumType) -> None:
    """A GraphQL enum whose values say what they mean."""
    values = {
        v: strawberry.enum_value(v, description=enum_type.value_description(v) or None)
        for v in enum_type.values
    }
    python = enum.Enum(enum_type.name, values)  # type: ignore[misc]  # generated members
    ns.add(enum_type.name, strawberry.enum(python, description=enum_type.description or None))


def declared_arguments(
    returns: str, arguments: Mapping[str, str], descriptions: Mapping[str, str] | None = None
) -> Callable[..., Any]:
    """A resolver that only declares arguments (the compiler answers the field), each with
    what it means: `descriptions` (by Python name) where given, else api/arguments.py."""

    def resolver(**_: Any) -> Any:  # pragma: no cover - never called: see module docstring
        raise RuntimeError("answered by the compiled Cypher statement")

    # Strawberry reads `strawberry.argument` from an `Annotated` only if it can evaluate it
    # when the field is declared: a string annotation naming a type not declared yet would
    # silently lose the description. So these are objects, and every argument's type is
    # declared before any field that takes it (TypeFactory.build).
    described = {
        name: Annotated[
            ann,
            strawberry.argument(description=shared_arguments.description(name, descriptions or {})),
        ]
        for name, ann in arguments.items()
    }
    params = [
        inspect.Parameter(
            name, inspect.Parameter.KEYWORD_ONLY, default=strawberry.UNSET, annotation=ann
        )
        for name, ann in described.items()
    ]
    resolver.__signature__ = inspect.Signature(params, return_annotation=returns)  # type: ignore[attr-defined]
    resolver.__annotations__ = {**described, "return": returns}
    resolver.__module__ = MODULE
    return resolver


def connection_arguments(node: NodeType) -> dict[str, str]:
    return {
        "where": f"{names.where(node)} | None",
        "order_by": f"list[{names.sort(node)}] | None",
        "first": "int | None",
        "after": "str | None",
    }


def declare_edge(
    ns: Namespace, name: str, fields: dict[str, tuple[str, Any]], description: str
) -> None:
    """A connection's edge (Relay): its cursor, then what it holds."""
    cursor = ("str", strawberry.field(name="cursor", description=_CURSOR))
    cls = ns.klass(name, {"cursor": cursor, **fields})
    ns.add(name, strawberry.type(cls, name=name, description=description))


def declare_connection(ns: Namespace, name: str, edge: str, description: str) -> None:
    """A Relay connection: a page of `edge`s, where it stands, and how many match in all."""
    fields: dict[str, tuple[str, Any]] = {
        "edges": (
            f"list[{edge}]",
            strawberry.field(name="edges", description="The items of this page, in order."),
        ),
        "pageInfo": (
            "PageInfo",
            strawberry.field(
                name="pageInfo",
                description="Whether more items follow, and the cursors to continue from.",
            ),
        ),
        "totalCount": (
            "int",
            strawberry.field(
                name="totalCount", description="Matches in all pages (counted only when asked)."
            ),
        ),
    }
    ns.add(name, strawberry.type(ns.klass(name, fields), name=name, description=description))


def _reached(end: RelationshipEnd, this: str = "the") -> str:
    """The nodes a relationship field reaches, in words."""
    type_ = end.relationship.type
    if end.direction is Direction.OUT:
        return f"the {end.other} nodes {this} {end.here} points to through {type_}"
    return f"the {end.other} nodes pointing to {this} {end.here} through {type_}"


def input_field(name: str, description: str | None) -> Any:
    """A field of an input type (left out: unset, so it says nothing)."""
    return strawberry.field(name=name, default=strawberry.UNSET, description=description or None)


class TypeFactory:
    def __init__(self, domain: Domain) -> None:
        self.domain = domain
        self.ns = Namespace()

    def build(self) -> Namespace:
        for enum_type in self.domain.enums:
            declare_enum(self.ns, enum_type)
        kinds = {names.kind(n): n.description for n in self.domain.nodes}
        declare_enum(self.ns, EnumType.described("NodeKind", "The kinds of node.", kinds))
        # Inputs first: a field's arguments must exist when it is declared (declared_arguments).
        self._scalar_filters()
        for rel in self.domain.relationships:
            self._edge_where(rel.type, rel.properties, names.relationship_where(rel))
        for node in self.domain.nodes:
            self._where(node)
            self._sort(node)
            for end in self.domain.ends(node.name):
                self._end_filter(end)
        # Then the output types, which refer to each other (resolved when the schema is built).
        for node in self.domain.nodes:
            self._object(node)
            self._connection(node)
            for end in self.domain.ends(node.name):
                self._end_connection(end)
        return self.ns

    def _scalar_filters(self) -> None:
        types_: list[Scalar | EnumType] = [*Scalar, *self.domain.enums]
        for type_ in types_:
            item = annotation(type_, required=True)
            fields: dict[str, tuple[str, Any]] = {}
            for op in operators_for(type_):
                ann = f"list[{item}] | None" if op in ("in", "notIn") else f"{item} | None"
                fields[op] = (ann, input_field(op, _OPERATORS[op]))
            fields["isNull"] = ("bool | None", input_field("isNull", _OPERATORS["isNull"]))
            name = names.scalar_filter(type_)
            type_name = type_.name if isinstance(type_, EnumType) else type_.value
            description = f"Conditions on a value of type {type_name}; every one given must hold."
            cls = self.ns.klass(name, fields)
            self.ns.add(name, strawberry.input(cls, name=name, description=description))

    def _logical(self, name: str) -> dict[str, tuple[str, Any]]:
        many = f"list[{name}] | None"
        return {
            op: (many if op != "NOT" else f"{name} | None", input_field(op, text))
            for op, text in _LOGICAL.items()
        }

    def _property_filters(self, props: tuple[Property, ...]) -> dict[str, tuple[str, Any]]:
        return {
            p.name: (f"{names.scalar_filter(p.type)} | None", input_field(p.name, p.description))
            for p in props
            if not p.many
        }

    def _edge_where(self, type_: str, props: tuple[Property, ...], name: str) -> None:
        fields = {**self._property_filters(props), **self._logical(name)}
        description = f"Conditions on a {type_} relationship's own properties."
        self.ns.add(
            name, strawberry.input(self.ns.klass(name, fields), name=name, description=description)
        )

    def _where(self, node: NodeType) -> None:
        name = names.where(node)
        fields = self._property_filters(node.properties)
        for end in self.domain.ends(node.name):
            description = f"Conditions on {_reached(end)}: some, none or all of them."
            fields[end.field] = (
                f"{names.end_filter(end)} | None",
                input_field(end.field, description),
            )
        fields.update(self._logical(name))
        description = f"Conditions on {node.name} nodes; every one given must hold."
        self.ns.add(
            name, strawberry.input(self.ns.klass(name, fields), name=name, description=description)
        )

    def _sort(self, node: NodeType) -> None:
        name = names.sort(node)
        fields = {
            p.name: ("SortDirection | None", input_field(p.name, f"Sort by {p.name}."))
            for p in node.properties
            if p.sortable
        }
        description = f"One key to sort {node.plural} by; give several in orderBy for ties."
        self.ns.add(
            name, strawberry.input(self.ns.klass(name, fields), name=name, description=description)
        )

    def _end_filter(self, end: RelationshipEnd) -> None:
        """`some / none / all` of a relationship field's relationships, each a node and edge
        condition."""
        rel, other = end.relationship, self.domain.node(end.other)
        where_name = names.end_where(end)
        where = {
            "node": (
                f"{names.where(other)} | None",
                input_field("node", f"Conditions on the {other.name} at the other end."),
            ),
            "edge": (
                f"{names.relationship_where(rel)} | None",
                input_field("edge", f"Conditions on the {rel.type} relationship's properties."),
            ),
        }
        description = f"Conditions on one of {_reached(end)}, and on its relationship."
        self.ns.add(
            where_name,
            strawberry.input(
                self.ns.klass(where_name, where), name=where_name, description=description
            ),
        )
        filter_name = names.end_filter(end)
        quantifiers = {
            q: (f"{where_name} | None", input_field(q, text)) for q, text in _QUANTIFIERS.items()
        }
        description = f"Which of {_reached(end)} must meet the conditions: some, none or all."
        self.ns.add(
            filter_name,
            strawberry.input(
                self.ns.klass(filter_name, quantifiers), name=filter_name, description=description
            ),
        )

    def _object(self, node: NodeType) -> None:
        fields: dict[str, tuple[str, Any]] = {}
        for prop in node.properties:
            if prop.name == "id":
                continue  # declared by the Node interface
            description = prop.description + (" Private." if prop.private else "")
            fields[prop.name] = (
                annotation(prop.type, prop.required, prop.many),
                strawberry.field(name=prop.name, description=description or None),
            )
        for end in self.domain.ends(node.name):
            other = self.domain.node(end.other)
            resolver = declared_arguments(names.end_connection(end), connection_arguments(other))
            description = f"{end.relationship.description} Here: {_reached(end, 'this')}."
            fields[end.field] = (
                names.end_connection(end),
                strawberry.field(resolver=resolver, name=end.field, description=description),
            )
        cls = self.ns.klass(node.name, fields, bases=(Node,))
        self.ns.add(
            node.name, strawberry.type(cls, name=node.name, description=node.description or None)
        )

    def _connection(self, node: NodeType) -> None:
        edge = names.edge(node)
        node_field = (node.name, strawberry.field(name="node", description=f"The {node.name}."))
        declare_edge(self.ns, edge, {"node": node_field}, f"One {node.name} of a page.")
        description = f"A page of {node.name} nodes (Relay connection)."
        declare_connection(self.ns, names.connection(node), edge, description)

    def _end_connection(self, end: RelationshipEnd) -> None:
        rel = end.relationship
        fields: dict[str, tuple[str, Any]] = {
            "node": (
                end.other,
                strawberry.field(name="node", description=f"The {end.other} at the other end."),
            )
        }
        for p in rel.properties:
            if p.name != "id":
                ann = annotation(p.type, p.required, p.many)
                field = strawberry.field(name=p.name, description=p.description or None)
                fields[p.name] = (ann, field)
        fields["id"] = (
            "strawberry.ID",
            strawberry.field(name="id", description=f"Global id of the {rel.type} relationship."),
        )
        description = f"One of {_reached(end)}, with the relationship's properties."
        declare_edge(self.ns, names.end_edge(end), fields, description)
        description = f"A page of {_reached(end)} (Relay connection)."
        declare_connection(self.ns, names.end_connection(end), names.end_edge(end), description)
