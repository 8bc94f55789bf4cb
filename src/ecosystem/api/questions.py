"""GraphQL types of the ecosystem questions, generated from their answer specs."""

from __future__ import annotations

import enum
from typing import Any

import strawberry

from ecosystem.api.types import Namespace, declared_arguments
from ecosystem.domain import names
from ecosystem.graph import (
    AnyNodeRef,
    Computed,
    EnumSpec,
    InputSpec,
    Leaf,
    ListOf,
    NodeRef,
    Obj,
    Question,
    Spec,
)


def annotation(spec: Spec) -> str:
    if isinstance(spec, Leaf | Computed):
        return spec.annotation
    if isinstance(spec, NodeRef):
        return f"{spec.type} | None" if spec.nullable else spec.type
    if isinstance(spec, AnyNodeRef):
        return "Node"
    if isinstance(spec, ListOf):
        return f"list[{annotation(spec.item)}]"
    return spec.type_name


def declare_object(ns: Namespace, spec: Obj) -> None:
    fields: dict[str, tuple[str, Any]] = {
        name: (
            annotation(inner),
            strawberry.field(name=name, description=inner.description or None),
        )
        for name, inner in spec.fields.items()
    }
    cls = ns.klass(spec.type_name, fields)
    ns.add(
        spec.type_name,
        strawberry.type(cls, name=spec.type_name, description=spec.description or None),
    )
    if spec.type_name.endswith("Edge"):
        declare_connection(ns, spec.type_name)


def declare_connection(ns: Namespace, edge: str) -> None:
    name = names.edge_connection(edge)
    fields: dict[str, tuple[str, Any]] = {
        "edges": (f"list[{edge}]", strawberry.field(name="edges")),
        "pageInfo": ("PageInfo", strawberry.field(name="pageInfo")),
        "totalCount": ("int", strawberry.field(name="totalCount")),
    }
    ns.add(name, strawberry.type(ns.klass(name, fields), name=name))


def declare_input(ns: Namespace, spec: InputSpec) -> None:
    fields = {
        name: (ann, strawberry.field(name=name, default=strawberry.UNSET, description=text))
        for name, (ann, text) in spec.fields.items()
    }
    ns.add(
        spec.name,
        strawberry.input(
            ns.klass(spec.name, fields), name=spec.name, description=spec.description or None
        ),
    )


def declare_enum(ns: Namespace, spec: EnumSpec) -> None:
    python = enum.Enum(spec.name, {v: v for v in spec.values})  # type: ignore[misc]  # generated
    ns.add(spec.name, strawberry.enum(python, description=spec.description or None))


def declare(ns: Namespace, questions: tuple[Question, ...]) -> dict[str, tuple[str, Any]]:
    """Declare every question's types; the root fields to add to Query, by name."""
    roots: dict[str, tuple[str, Any]] = {}
    for question in questions:
        for enum_spec in question.enums:
            declare_enum(ns, enum_spec)
        for input_spec in question.inputs:
            declare_input(ns, input_spec)
        for obj in question.answer:
            declare_object(ns, obj)
        resolver = declared_arguments(question.returns, dict(question.arguments))
        roots[question.name] = (
            question.returns,
            strawberry.field(
                name=question.name, description=question.description, resolver=resolver
            ),
        )
    return roots
