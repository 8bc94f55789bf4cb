"""Mutation fields generated from the domain: create, update, delete and upsert each node
type; link, update and unlink each relationship type.

This module declares them and routes each to what it does to which type; the graph's writes
apply it (graph/mutations/apply.py) in one write transaction that reads the written node
back through the same projection reads use, so the payload has exactly the selected fields.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping
from typing import Any

import strawberry
from graphql import FieldNode, FragmentDefinitionNode, GraphQLResolveInfo

from ecosystem.api.context import Context
from ecosystem.api.execution import Complete, plain_variables
from ecosystem.api.types import Namespace, annotation, declared_arguments, input_field
from ecosystem.domain import Domain, NodeType, Property, RelationshipType, names
from ecosystem.graph import Answer

# Mutation field → what it does and to which type (filled as the fields are declared).
ROUTES: dict[str, tuple[str, NodeType | RelationshipType]] = {}
# A mutation field's operation: what it returns, its arguments, and what they mean where the
# shared descriptions (api/arguments.py) do not say enough.
Operation = tuple[str, str, dict[str, str], dict[str, str]]
KEEP_THE_REST = "The properties to change; those left out keep their values."


@strawberry.type(description="What a delete or an unlink did.")
class DeletePayload:
    id: strawberry.ID = strawberry.field(description="Global id of what was deleted.")
    deleted: bool = strawberry.field(description="Always true: a delete that fails is an error.")


@strawberry.enum(description="What an upsert does to a node that already exists.")
class OnMatch(enum.Enum):
    UPDATE = strawberry.enum_value("UPDATE", description="Set the given fields on it.")
    KEEP = strawberry.enum_value("KEEP", description="Leave it as it is.")


def declare(ns: Namespace, domain: Domain) -> dict[str, tuple[str, Any]]:
    """Input and payload types, and the Mutation fields by name."""
    ns.add("DeletePayload", DeletePayload)
    ns.add("OnMatch", OnMatch)
    fields: dict[str, tuple[str, Any]] = {}
    for node in domain.nodes:
        _inputs(ns, node)
        _upsert_payload(ns, node)
        for operation in _node_operations(node):
            op = operation[0]
            description = f"{op.capitalize()} {_a(node.name)} (one transaction, audited)."
            fields.update(_field(f"{op}{node.name}", node, operation, description))
    for rel in domain.relationships:
        fields.update(_relationship_fields(ns, domain, rel))
    return fields


def _node_operations(node: NodeType) -> tuple[Operation, ...]:
    create, update = names.create_input(node), names.update_input(node)
    key = ", ".join(node.natural_key)
    return (
        (
            "create",
            node.name,
            {"input": create},
            {"input": f"The new {node.name}'s properties; the required ones must be given."},
        ),
        (
            "update",
            node.name,
            {"id": "strawberry.ID", "input": update, "expected_version": "int | None"},
            {"id": f"Global id of the {node.name} to update.", "input": KEEP_THE_REST},
        ),
        (
            "delete",
            "DeletePayload",
            {"id": "strawberry.ID", "expected_version": "int | None", "detach": "bool | None"},
            {"id": f"Global id of the {node.name} to delete."},
        ),
        (
            "upsert",
            names.upsert_payload(node),
            {"input": create, "on_match": "OnMatch | None"},
            {"input": f"The {node.name}'s properties; its natural key ({key}) finds it, if any."},
        ),
    )


def _upsert_payload(ns: Namespace, node: NodeType) -> None:
    name = names.upsert_payload(node)
    fields: dict[str, tuple[str, Any]] = {
        "created": (
            "bool",
            strawberry.field(
                name="created",
                description=f"True when no {node.name} had this natural key, so one was created.",
            ),
        ),
        "node": (
            node.name,
            strawberry.field(name="node", description=f"The {node.name}, as it now is."),
        ),
    }
    description = f"What an upsert did: the {node.name}, and whether it was created."
    ns.add(name, strawberry.type(ns.klass(name, fields), name=name, description=description))


def _relationship_fields(
    ns: Namespace, domain: Domain, rel: RelationshipType
) -> dict[str, tuple[str, Any]]:
    edge = names.end_edge(domain.outgoing(rel))
    for creating, description in (
        (True, f"The properties of a new {rel.type} relationship."),
        (False, f"Properties to change on a {rel.type} relationship; those left out keep theirs."),
    ):
        name = names.relationship_input(rel, creating)
        cls = ns.klass(name, _input_fields(rel.properties, creating))
        ns.add(name, strawberry.input(cls, name=name, description=description))
    operations: tuple[Operation, ...] = (
        (
            "link",
            edge,
            {
                "from_id": "strawberry.ID",
                "to_id": "strawberry.ID",
                "input": f"{names.relationship_input(rel, True)} | None",
                "expected_version": "int | None",
            },
            {
                "from_id": f"Global id of the {rel.source} it starts from.",
                "to_id": f"Global id of the {rel.target} it points to.",
                "input": "The relationship's properties.",
                # Linking writes to the node it starts from (graph/mutations/links.py).
                "expected_version": f"The `version` of the {rel.source} you last read: if it "
                "has changed since, nothing is written and the answer is CONFLICT. Unset: no "
                "check.",
            },
        ),
        (
            "update",
            edge,
            {"id": "strawberry.ID", "input": names.relationship_input(rel, False)},
            {"id": f"Global id of the {rel.type} relationship to update.", "input": KEEP_THE_REST},
        ),
        (
            "unlink",
            "DeletePayload",
            {"id": "strawberry.ID"},
            {"id": f"Global id of the {rel.type} relationship to remove."},
        ),
    )
    fields: dict[str, tuple[str, Any]] = {}
    for operation in operations:
        op = operation[0]
        description = f"{op.capitalize()} {_a(rel.source)} {rel.type} {_a(rel.target)}."
        fields.update(_field(names.relationship_field(op, rel), rel, operation, description))
    return fields


def _field(
    name: str, target: NodeType | RelationshipType, operation: Operation, description: str
) -> dict[str, tuple[str, Any]]:
    """One Mutation field, and where its resolver sends it."""
    op, returns, arguments, descriptions = operation
    ROUTES[name] = (op, target)
    resolver = declared_arguments(returns, arguments, descriptions)
    return {
        name: (returns, strawberry.field(name=name, resolver=resolver, description=description))
    }


def _a(noun: str) -> str:
    """The noun with its indefinite article (node type names are English words)."""
    return f"{'an' if noun[0] in 'AEIOU' else 'a'} {noun}"


def _input_fields(props: tuple[Property, ...], creating: bool) -> dict[str, tuple[str, Any]]:
    return {
        p.name: (
            annotation(p.type, creating and p.required and p.name != "source", p.many),
            input_field(p.name, p.description),
        )
        for p in props
        if not p.system or p.name == "source"
    }


def _inputs(ns: Namespace, node: NodeType) -> None:
    for name, creating, description in (
        (names.create_input(node), True, f"The properties of a new {node.name}."),
        (
            names.update_input(node),
            False,
            f"Properties to change on a {node.name}; those left out keep theirs.",
        ),
    ):
        cls = ns.klass(name, _input_fields(node.properties, creating))
        ns.add(name, strawberry.input(cls, name=name, description=description))


def applied(name: str) -> bool:
    """A mutation field the graph's writes apply: every one but `importRecords`."""
    return name in ROUTES


async def apply(
    context: Context,
    nodes: Iterable[FieldNode],
    fragments: Mapping[str, FragmentDefinitionNode],
    variables: Mapping[str, Any],
) -> Answer:
    """One mutation field (`nodes`: its occurrences), applied by the graph's writes: the
    resolver's work, and the repeat path's (api/repeat_queries.py)."""
    field = context.reads.select(nodes, fragments, variables)
    op, target = ROUTES[field.name]
    return await context.writes.apply(op, target, field, context.principal)


async def resolve_mutation(_root: Any, info: GraphQLResolveInfo[Any], **_: Any) -> Complete:
    """Every mutation field but `importRecords`."""
    context = info.context
    variables = plain_variables(info.variable_values)  # type: ignore[arg-type]  # the coerced dict
    answer = await apply(context, info.field_nodes, info.fragments, variables)
    context.masked.update(answer.masked)
    return Complete(answer.value)
