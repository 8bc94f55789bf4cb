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
from collections.abc import Callable
from typing import Any

import strawberry

from ecosystem.domain import Domain, EnumType, NodeType, Property, RelationshipEnd, Scalar, names
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


@strawberry.interface(description="An object with a global id (Relay).")
class Node:
    id: strawberry.ID


@strawberry.type(description="Where a page of a connection stands (Relay).")
class PageInfo:
    has_next_page: bool
    has_previous_page: bool
    start_cursor: str | None
    end_cursor: str | None


@strawberry.enum
class SortDirection(enum.Enum):
    ASC = "ASC"
    DESC = "DESC"


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


def declared_arguments(returns: str, arguments: dict[str, str]) -> Callable[..., Any]:
    """A resolver that only declares arguments (the compiler answers the field)."""

    def resolver(**_: Any) -> Any:  # pragma: no cover - never called: see module docstring
        raise RuntimeError("answered by the compiled Cypher statement")

    params = [
        inspect.Parameter(
            name, inspect.Parameter.KEYWORD_ONLY, default=strawberry.UNSET, annotation=ann
        )
        for name, ann in arguments.items()
    ]
    resolver.__signature__ = inspect.Signature(params, return_annotation=returns)  # type: ignore[attr-defined]
    resolver.__annotations__ = {**arguments, "return": returns}
    resolver.__module__ = MODULE
    return resolver


def connection_arguments(node: NodeType) -> dict[str, str]:
    return {
        "where": f"{names.where(node)} | None",
        "order_by": f"list[{names.sort(node)}] | None",
        "first": "int | None",
        "after": "str | None",
    }


class TypeFactory:
    def __init__(self, domain: Domain) -> None:
        self.domain = domain
        self.ns = Namespace()

    def build(self) -> Namespace:
        for enum_type in self.domain.enums:
            self._enum(enum_type)
        kinds = enum.Enum(  # type: ignore[misc]  # generated members
            "NodeKind", {names.kind(n): names.kind(n) for n in self.domain.nodes}
        )
        self.ns.add("NodeKind", strawberry.enum(kinds, description="The kinds of node."))
        self._scalar_filters()
        for rel in self.domain.relationships:
            self._edge_where(rel.type, rel.properties, names.relationship_where(rel))
        for node in self.domain.nodes:
            self._node(node)
        return self.ns

    def _enum(self, enum_type: EnumType) -> None:
        python = enum.Enum(enum_type.name, {v: v for v in enum_type.values})  # type: ignore[misc]  # generated
        self.ns.add(
            enum_type.name, strawberry.enum(python, description=enum_type.description or None)
        )

    def _scalar_filters(self) -> None:
        types_: list[Scalar | EnumType] = [*Scalar, *self.domain.enums]
        for type_ in types_:
            item = annotation(type_, required=True)
            fields: dict[str, tuple[str, Any]] = {}
            for op in operators_for(type_):
                ann = f"list[{item}] | None" if op in ("in", "notIn") else f"{item} | None"
                fields[op] = (ann, strawberry.field(name=op, default=strawberry.UNSET))
            fields["isNull"] = (
                "bool | None",
                strawberry.field(name="isNull", default=strawberry.UNSET),
            )
            name = names.scalar_filter(type_)
            self.ns.add(name, strawberry.input(self.ns.klass(name, fields), name=name))

    def _logical(self, name: str) -> dict[str, tuple[str, Any]]:
        return {
            "AND": (f"list[{name}] | None", strawberry.field(name="AND", default=strawberry.UNSET)),
            "OR": (f"list[{name}] | None", strawberry.field(name="OR", default=strawberry.UNSET)),
            "NOT": (f"{name} | None", strawberry.field(name="NOT", default=strawberry.UNSET)),
        }

    def _property_filters(self, props: tuple[Property, ...]) -> dict[str, tuple[str, Any]]:
        return {
            p.name: (
                f"{names.scalar_filter(p.type)} | None",
                strawberry.field(
                    name=p.name, default=strawberry.UNSET, description=p.description or None
                ),
            )
            for p in props
            if not p.many
        }

    def _edge_where(self, type_: str, props: tuple[Property, ...], name: str) -> None:
        fields = {**self._property_filters(props), **self._logical(name)}
        cls = self.ns.klass(name, fields)
        self.ns.add(
            name, strawberry.input(cls, name=name, description=f"Filter on {type_} relationships.")
        )

    def _node(self, node: NodeType) -> None:
        self._where(node)
        self._sort(node)
        self._object(node)
        self._connection(names.connection(node), names.edge(node), node.name, ())
        for end in self.domain.ends(node.name):
            self._end(end)

    def _where(self, node: NodeType) -> None:
        name = names.where(node)
        fields = self._property_filters(node.properties)
        for end in self.domain.ends(node.name):
            fields[end.field] = (
                f"{names.end_filter(end)} | None",
                strawberry.field(name=end.field, default=strawberry.UNSET),
            )
        fields.update(self._logical(name))
        cls = self.ns.klass(name, fields)
        self.ns.add(name, strawberry.input(cls, name=name, description=f"Filter on {node.name}."))

    def _sort(self, node: NodeType) -> None:
        name = names.sort(node)
        fields = {
            p.name: (
                "SortDirection | None",
                strawberry.field(name=p.name, default=strawberry.UNSET),
            )
            for p in node.properties
            if p.sortable
        }
        description = f"One key to sort {node.plural} by; give several in orderBy for ties."
        self.ns.add(
            name, strawberry.input(self.ns.klass(name, fields), name=name, description=description)
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
            fields[end.field] = (
                names.end_connection(end),
                strawberry.field(
                    resolver=resolver,
                    name=end.field,
                    description=end.relationship.description or None,
                ),
            )
        cls = self.ns.klass(node.name, fields, bases=(Node,))
        self.ns.add(
            node.name, strawberry.type(cls, name=node.name, description=node.description or None)
        )

    def _end(self, end: RelationshipEnd) -> None:
        rel = end.relationship
        edge_fields = {
            p.name: (
                annotation(p.type, p.required, p.many),
                strawberry.field(name=p.name, description=p.description or None),
            )
            for p in rel.properties
            if p.name != "id"
        }
        edge_fields["id"] = (
            "strawberry.ID",
            strawberry.field(name="id", description=f"Global id of the {rel.type} relationship."),
        )
        self._connection(
            names.end_connection(end), names.end_edge(end), end.other, tuple(edge_fields.items())
        )
        where_name = names.end_where(end)
        where = self.ns.klass(
            where_name,
            {
                "node": (
                    f"{names.where(self.domain.node(end.other))} | None",
                    strawberry.field(name="node", default=strawberry.UNSET),
                ),
                "edge": (
                    f"{names.relationship_where(rel)} | None",
                    strawberry.field(name="edge", default=strawberry.UNSET),
                ),
            },
        )
        self.ns.add(where_name, strawberry.input(where, name=where_name))
        filter_name = names.end_filter(end)
        quantifiers = {
            q: (f"{where_name} | None", strawberry.field(name=q, default=strawberry.UNSET))
            for q in ("some", "none", "all")
        }
        self.ns.add(
            filter_name, strawberry.input(self.ns.klass(filter_name, quantifiers), name=filter_name)
        )

    def _connection(
        self,
        name: str,
        edge_name: str,
        node_name: str,
        edge_props: tuple[tuple[str, tuple[str, Any]], ...],
    ) -> None:
        edge_fields: dict[str, tuple[str, Any]] = {
            "cursor": ("str", strawberry.field(name="cursor")),
            "node": (node_name, strawberry.field(name="node")),
            **dict(edge_props),
        }
        self.ns.add(
            edge_name, strawberry.type(self.ns.klass(edge_name, edge_fields), name=edge_name)
        )
        fields: dict[str, tuple[str, Any]] = {
            "edges": (f"list[{edge_name}]", strawberry.field(name="edges")),
            "pageInfo": ("PageInfo", strawberry.field(name="pageInfo")),
            "totalCount": (
                "int",
                strawberry.field(
                    name="totalCount", description="Matches in all pages (counted only when asked)."
                ),
            ),
        }
        self.ns.add(name, strawberry.type(self.ns.klass(name, fields), name=name))
