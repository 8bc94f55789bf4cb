"""Mutation fields generated from the domain: create, update, delete and upsert each node
type; link, update and unlink each relationship type.

This module declares them and routes each to what it does to which type; the graph's writes
apply it (graph/mutations/apply.py) in one write transaction that reads the written node
back through the same projection reads use, so the payload has exactly the selected fields.
"""

from __future__ import annotations

import enum
from typing import Any

import strawberry
from graphql import GraphQLResolveInfo

from ecosystem.api.execution import Complete, plain_variables
from ecosystem.api.types import Namespace, annotation, declared_arguments
from ecosystem.domain import Domain, NodeType, RelationshipType, names

# Mutation field → what it does and to which type (filled as the fields are declared).
ROUTES: dict[str, tuple[str, NodeType | RelationshipType]] = {}


@strawberry.type(description="What a delete did.")
class DeletePayload:
    id: strawberry.ID
    deleted: bool


@strawberry.enum(description="What an upsert does to a node that already exists.")
class OnMatch(enum.Enum):
    UPDATE = "UPDATE"  # set the given fields
    KEEP = "KEEP"  # leave it as it is


def declare(ns: Namespace, domain: Domain) -> dict[str, tuple[str, Any]]:
    """Input and payload types, and the Mutation fields by name."""
    ns.add("DeletePayload", DeletePayload)
    ns.add("OnMatch", OnMatch)
    fields: dict[str, tuple[str, Any]] = {}
    for node in domain.nodes:
        _inputs(ns, node)
        payload = names.upsert_payload(node)
        ns.add(
            payload,
            strawberry.type(
                ns.klass(
                    payload,
                    {
                        "created": ("bool", strawberry.field(name="created")),
                        "node": (node.name, strawberry.field(name="node")),
                    },
                ),
                name=payload,
            ),
        )
        for op, returns, arguments in (
            ("create", node.name, {"input": names.create_input(node)}),
            (
                "update",
                node.name,
                {
                    "id": "strawberry.ID",
                    "input": names.update_input(node),
                    "expected_version": "int | None",
                },
            ),
            (
                "delete",
                "DeletePayload",
                {"id": "strawberry.ID", "expected_version": "int | None", "detach": "bool | None"},
            ),
            ("upsert", payload, {"input": names.create_input(node), "on_match": "OnMatch | None"}),
        ):
            fields.update(
                _field(
                    f"{op}{node.name}",
                    (op, node),
                    returns,
                    arguments,
                    f"{op.capitalize()} a {node.name} (one transaction, audited).",
                )
            )
    for rel in domain.relationships:
        fields.update(_relationship_fields(ns, domain, rel))
    return fields


def _relationship_fields(
    ns: Namespace, domain: Domain, rel: RelationshipType
) -> dict[str, tuple[str, Any]]:
    edge = names.end_edge(domain.outgoing(rel))
    for creating in (True, False):
        name = names.relationship_input(rel, creating)
        ns.add(
            name,
            strawberry.input(ns.klass(name, _input_fields(rel.properties, creating)), name=name),
        )
    fields: dict[str, tuple[str, Any]] = {}
    for op, returns, arguments in (
        (
            "link",
            edge,
            {
                "from_id": "strawberry.ID",
                "to_id": "strawberry.ID",
                "input": f"{names.relationship_input(rel, True)} | None",
                "expected_version": "int | None",
            },
        ),
        ("update", edge, {"id": "strawberry.ID", "input": names.relationship_input(rel, False)}),
        ("unlink", "DeletePayload", {"id": "strawberry.ID"}),
    ):
        fields.update(
            _field(
                names.relationship_field(op, rel),
                (op, rel),
                returns,
                arguments,
                f"{op.capitalize()} a {rel.source} {rel.type} {rel.target}.",
            )
        )
    return fields


def _field(
    name: str,
    route: tuple[str, NodeType | RelationshipType],
    returns: str,
    arguments: dict[str, str],
    description: str,
) -> dict[str, tuple[str, Any]]:
    """One Mutation field, and where its resolver sends it."""
    ROUTES[name] = route
    resolver = declared_arguments(returns, arguments)
    return {
        name: (returns, strawberry.field(name=name, resolver=resolver, description=description))
    }


def _input_fields(props: Any, creating: bool) -> dict[str, tuple[str, Any]]:
    return {
        p.name: (
            annotation(p.type, creating and p.required and p.name != "source", p.many),
            strawberry.field(
                name=p.name, default=strawberry.UNSET, description=p.description or None
            ),
        )
        for p in props
        if not p.system or p.name == "source"
    }


def _inputs(ns: Namespace, node: NodeType) -> None:
    for name, creating in ((names.create_input(node), True), (names.update_input(node), False)):
        ns.add(
            name,
            strawberry.input(ns.klass(name, _input_fields(node.properties, creating)), name=name),
        )


async def resolve_mutation(_root: Any, info: GraphQLResolveInfo[Any], **_: Any) -> Complete:
    """Every mutation field but `importRecords`: the graph's writes apply it."""
    context = info.context
    variables = plain_variables(info.variable_values)  # type: ignore[arg-type]  # the coerced dict
    field = context.reads.select(info.field_nodes, info.fragments, variables)
    op, target = ROUTES[field.name]
    answer = await context.writes.apply(op, target, field, context.principal)
    context.masked.update(answer.masked)
    return Complete(answer.value)
