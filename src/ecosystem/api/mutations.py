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
from ecosystem.domain import Domain, NodeType, RelationshipEnd, RelationshipType, names
from ecosystem.graph import ids
from ecosystem.graph.access import write_guard
from ecosystem.graph.compiler.build import Builder
from ecosystem.graph.compiler.cypher import Renderer
from ecosystem.graph.compiler.finish import edge as finish_edge
from ecosystem.graph.compiler.finish import project
from ecosystem.graph.compiler.plan import Connection, Edges, Page, SortKey
from ecosystem.graph.compiler.selection import Field
from ecosystem.graph.mutations import Writer, check_input
from ecosystem.graph.mutations.links import Links
from ecosystem.graph.mutations.validate import check_relationship_input

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
    pascal = rel.type.title().replace("_", "")
    edge = names.end_edge(_out_end(domain, rel))
    for kind, creating in (("Input", True), ("UpdateInput", False)):
        name = f"{pascal}{kind}"
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
                "input": f"{pascal}Input | None",
                "expected_version": "int | None",
            },
        ),
        ("update", edge, {"id": "strawberry.ID", "input": f"{pascal}UpdateInput"}),
        ("unlink", "DeletePayload", {"id": "strawberry.ID"}),
    ):
        fields.update(
            _field(
                f"{op}{pascal}",
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


def _out_end(domain: Domain, rel: RelationshipType) -> RelationshipEnd:
    end = domain.end(rel.source, rel.source_field)
    assert end is not None
    return end


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
    for kind, creating in (("Create", True), ("Update", False)):
        name = f"{node.name}{kind}Input"
        ns.add(
            name,
            strawberry.input(ns.klass(name, _input_fields(node.properties, creating)), name=name),
        )


async def resolve_mutation(_root: Any, info: GraphQLResolveInfo[Any], **_: Any) -> Complete:
    context = info.context
    compiler = context.compiler
    variables = plain_variables(info.variable_values)  # type: ignore[arg-type]
    field = compiler.select(info.field_nodes, info.fragments, variables)
    op, target = ROUTES[field.name]
    principal = context.principal
    guard = write_guard(principal, op, target.name if isinstance(target, NodeType) else target.type)
    writer = Writer(context.db, principal.name, principal.role.value, guard)
    builder = compiler.builder.viewing(context.viewer)  # read-backs mask as reads do
    try:
        if isinstance(target, RelationshipType):
            return await _relationship(builder, Links(writer, builder.domain), op, target, field)
        return await _node(builder, writer, op, target, field)
    finally:
        context.masked.update(builder.masked)


async def _node(
    builder: Builder, writer: Writer, op: str, node: NodeType, field: Field
) -> Complete:
    args = field.arguments
    if op == "delete":
        raw = _raw_id(args["id"], node.name, field.name)
        await writer.delete(node, raw, args.get("expectedVersion"), bool(args.get("detach")))
        done = {"id": args["id"], "deleted": True, "__typename": "DeletePayload"}
        return Complete({c.key: done[c.name] for c in field.children})
    selection = field.children
    if op == "upsert":
        selection = tuple(c for f in field.children if f.name == "node" for c in f.children)
    projection = builder.projection(node, selection, (field.name,))

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
    raw = _raw_id(args["id"], node.name, field.name)  # what is left: update
    props = check_input(node, args["input"], creating=False, path=(field.name, "input"))
    written = await writer.update(node, raw, props, args.get("expectedVersion"), read)
    return Complete(project(projection, written.node))


def _raw_id(value: str, type_name: str, field: str, argument: str = "id") -> str:
    return ids.raw(value, type_name, (field, argument))


def _upsert_payload(field: Field, created: bool, node: Any) -> dict[str, Any]:
    values = {
        "created": created,
        "node": node,
        "__typename": f"{field.name.removeprefix('upsert')}UpsertPayload",
    }
    return {c.key: values[c.name] for c in field.children}


async def _relationship(
    builder: Builder, links: Links, op: str, rel: RelationshipType, field: Field
) -> Complete:
    args, domain = field.arguments, builder.domain
    if op == "unlink":
        raw = _raw_id(args["id"], rel.type, field.name)
        await links.unlink(rel, raw)
        done = {"id": args["id"], "deleted": True, "__typename": "DeletePayload"}
        return Complete({c.key: done[c.name] for c in field.children})
    end, target = _out_end(domain, rel), domain.node(rel.target)
    entries = tuple(builder.edge_entry(target, end, c, (field.name,)) for c in field.children)
    edges = Edges("edge", entries)
    plan = Connection(target, end, None, (SortKey(target.property("id")),), Page(1, None), (edges,))

    def read(raw: str) -> tuple[str, dict[str, Any]]:
        renderer = Renderer()
        body = renderer.edge(edges, "b", "r", "b.id")
        return (
            f"MATCH (a)-[r:{rel.type} {{id: $id}}]->(b) RETURN {body} AS data",
            {**renderer.params, "id": raw},
        )

    if op == "link":
        ends = (
            _raw_id(args["fromId"], rel.source, field.name, "fromId"),
            _raw_id(args["toId"], rel.target, field.name, "toId"),
        )
        props = check_relationship_input(
            rel, args.get("input") or {}, creating=True, path=(field.name, "input")
        )
        written = await links.link(rel, ends, props, args.get("expectedVersion"), read)
    else:
        props = check_relationship_input(
            rel, args["input"], creating=False, path=(field.name, "input")
        )
        written = await links.update(rel, _raw_id(args["id"], rel.type, field.name), props, read)
    return Complete(finish_edge(plan, edges, written.node))
