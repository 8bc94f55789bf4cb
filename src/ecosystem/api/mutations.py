"""Mutations generated from the domain: create, update, delete and upsert each node type.

Each runs as one write transaction (graph/mutations/write.py) and reads the written node back
in that transaction through the same projection the read API compiles, so the payload has
exactly the selected fields.
"""

from __future__ import annotations

import enum
from typing import Any

import strawberry
from graphql import GraphQLResolveInfo

from ecosystem.api.execution import Complete, plain_variables
from ecosystem.api.types import Namespace, annotation, declared_arguments
from ecosystem.domain import Domain, NodeType
from ecosystem.graph.compiler import ids
from ecosystem.graph.compiler.cypher import Renderer
from ecosystem.graph.compiler.errors import BadInput
from ecosystem.graph.compiler.finish import project
from ecosystem.graph.compiler.selection import Field
from ecosystem.graph.mutations import Writer, check_input
from ecosystem.graph.mutations.validate import writable

OPERATIONS = ("create", "update", "delete", "upsert")


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
        payload = f"{node.name}UpsertPayload"
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
            ("create", node.name, {"input": f"{node.name}CreateInput"}),
            (
                "update",
                node.name,
                {
                    "id": "strawberry.ID",
                    "input": f"{node.name}UpdateInput",
                    "expected_version": "int | None",
                },
            ),
            (
                "delete",
                "DeletePayload",
                {"id": "strawberry.ID", "expected_version": "int | None", "detach": "bool | None"},
            ),
            ("upsert", payload, {"input": f"{node.name}CreateInput", "on_match": "OnMatch | None"}),
        ):
            name = f"{op}{node.name}"
            fields[name] = (
                returns,
                strawberry.field(
                    name=name,
                    resolver=declared_arguments(returns, arguments),
                    description=f"{op.capitalize()} a {node.name} (one transaction, audited).",
                ),
            )
    return fields


def _inputs(ns: Namespace, node: NodeType) -> None:
    for kind, creating in (("Create", True), ("Update", False)):
        name = f"{node.name}{kind}Input"
        fields = {
            p.name: (
                annotation(p.type, creating and p.required and p.name != "source", p.many),
                strawberry.field(
                    name=p.name, default=strawberry.UNSET, description=p.description or None
                ),
            )
            for p in writable(node)
        }
        ns.add(name, strawberry.input(ns.klass(name, fields), name=name))


def _split(name: str, domain: Domain) -> tuple[str, NodeType]:
    for op in OPERATIONS:
        if name.startswith(op):
            return op, domain.node(name.removeprefix(op))
    raise KeyError(name)


async def resolve_mutation(_root: Any, info: GraphQLResolveInfo[Any], **_: Any) -> Complete:
    context = info.context
    compiler = context.compiler
    variables = plain_variables(info.variable_values)  # type: ignore[arg-type]
    field = compiler.select(info.field_nodes, info.fragments, variables)
    op, node = _split(field.name, compiler.builder.domain)
    writer = Writer(context.db, context.actor)
    args = field.arguments
    if op == "delete":
        raw = _raw_id(args["id"], node, field.name)
        await writer.delete(node, raw, args.get("expectedVersion"), bool(args.get("detach")))
        done = {"id": args["id"], "deleted": True, "__typename": "DeletePayload"}
        return Complete({c.key: done[c.name] for c in field.children})
    selection = field.children
    if op == "upsert":
        selection = [c for f in field.children if f.name == "node" for c in f.children]
    projection = compiler.builder.projection(node, selection, (field.name,))

    def read(raw: str) -> tuple[str, dict[str, Any]]:
        renderer = Renderer()
        body = renderer.projection(projection, "this")
        return (
            f"MATCH (this:{node.label} {{id: $id}}) RETURN {body} AS data",
            {**renderer.params, "id": raw},
        )

    if op == "create":
        props = check_input(node, args["input"], creating=True, path=(field.name, "input"))
        written = await writer.create(node, props, read)
        return Complete(project(projection, written.node))
    if op == "upsert":
        props = check_input(node, args["input"], creating=True, path=(field.name, "input"))
        written = await writer.upsert(node, props, args.get("onMatch") != "KEEP", read)
        return Complete(_upsert_payload(field, written.created, project(projection, written.node)))
    raw = _raw_id(args["id"], node, field.name)  # what is left: update
    props = check_input(node, args["input"], creating=False, path=(field.name, "input"))
    written = await writer.update(node, raw, props, args.get("expectedVersion"), read)
    return Complete(project(projection, written.node))


def _raw_id(value: str, node: NodeType, field: str) -> str:
    decoded = ids.decode(value)
    if decoded is None or decoded[0] != node.name:
        raise BadInput(
            f"{value!r} is not the id of a {node.name}", (field, "id"), f"a {node.name} id"
        )
    return decoded[1]


def _upsert_payload(field: Field, created: bool, node: Any) -> dict[str, Any]:
    values = {
        "created": created,
        "node": node,
        "__typename": f"{field.name.removeprefix('upsert')}UpsertPayload",
    }
    return {c.key: values[c.name] for c in field.children}
