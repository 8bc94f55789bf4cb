"""GraphQL types of the ecosystem questions, generated from their answer specs."""

from __future__ import annotations

from typing import Any

import strawberry

from ecosystem.api.types import (
    Namespace,
    declare_connection,
    declare_edge,
    declare_enum,
    declared_arguments,
    input_field,
)
from ecosystem.domain import names
from ecosystem.graph import (
    AnyNodeRef,
    Computed,
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


def declare_object(ns: Namespace, spec: Obj, question: Question) -> None:
    fields: dict[str, tuple[str, Any]] = {
        name: (
            annotation(inner),
            strawberry.field(name=name, description=inner.description or None),
        )
        for name, inner in spec.fields.items()
    }
    connection = names.edge_connection(spec.type_name)
    if not spec.type_name.endswith("Edge") or connection != question.returns:
        cls = ns.klass(spec.type_name, fields)
        ns.add(
            spec.type_name,
            strawberry.type(cls, name=spec.type_name, description=spec.description or None),
        )
        return
    # The edge of the connection the question answers with: its Relay parts (the cursor, the
    # connection) are the API's, as for node types.
    declare_edge(ns, spec.type_name, fields, spec.description)
    description = f"A page of `{question.name}` (Relay connection)."
    declare_connection(ns, connection, spec.type_name, description)


def declare_input(ns: Namespace, spec: InputSpec) -> None:
    fields = {name: (ann, input_field(name, text)) for name, (ann, text) in spec.fields.items()}
    ns.add(
        spec.name,
        strawberry.input(
            ns.klass(spec.name, fields), name=spec.name, description=spec.description or None
        ),
    )


def declare(ns: Namespace, questions: tuple[Question, ...]) -> dict[str, tuple[str, Any]]:
    """Declare every question's types; the root fields to add to Query, by name."""
    roots: dict[str, tuple[str, Any]] = {}
    for question in questions:
        for enum_spec in question.enums:
            declare_enum(ns, enum_spec)
        for input_spec in question.inputs:
            declare_input(ns, input_spec)
        for obj in question.answer:
            declare_object(ns, obj, question)
        resolver = declared_arguments(
            question.returns, question.arguments, question.argument_descriptions
        )
        roots[question.name] = (
            question.returns,
            strawberry.field(
                name=question.name, description=question.description, resolver=resolver
            ),
        )
    return roots
