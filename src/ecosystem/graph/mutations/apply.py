"""One mutation field, applied: its ids and input checked against the domain, the caller's
right to write checked (a partner's on the locked target), the write done in one audited
transaction, and the payload read back in it.

`Writes.apply` is what the GraphQL resolver calls with the field's collected selection and
what the field does (`op`) to which type; the rest of the write path is graph/mutations/.
"""

from __future__ import annotations

from typing import Any

from ecosystem.domain import NodeType, RelationshipType, names
from ecosystem.domain.access import Principal
from ecosystem.graph import ids
from ecosystem.graph.compiler import Compiler
from ecosystem.graph.compiler.build import Builder
from ecosystem.graph.compiler.selection import Field
from ecosystem.graph.database import Database
from ecosystem.graph.mutations.guard import write_guard
from ecosystem.graph.mutations.links import Links
from ecosystem.graph.mutations.read_back import edge_read_back, node_read_back
from ecosystem.graph.mutations.validate import check_input, check_relationship_input
from ecosystem.graph.mutations.write import Writer
from ecosystem.graph.reads import Answer, viewer_of

Target = NodeType | RelationshipType


class Writes:
    def __init__(self, db: Database, compiler: Compiler) -> None:
        self.db = db
        self.compiler = compiler

    async def apply(self, op: str, target: Target, field: Field, principal: Principal) -> Answer:
        """`op` (create, update, delete, upsert, link, unlink) of `target`, as `field` asks."""
        name = target.name if isinstance(target, NodeType) else target.type
        guard = write_guard(principal, op, name)
        writer = Writer(self.db, principal.name, principal.role.value, guard)
        builder = self.compiler.builder.viewing(viewer_of(principal))  # read-backs mask too
        if isinstance(target, RelationshipType):
            value = await _relationship(builder, Links(writer, builder.domain), op, target, field)
        else:
            value = await _node(builder, writer, op, target, field)
        return Answer(value, frozenset(builder.masked))


async def _node(builder: Builder, writer: Writer, op: str, node: NodeType, field: Field) -> Any:
    args, at = field.arguments, (field.name,)
    if op == "delete":
        raw = ids.raw(args["id"], node.name, (*at, "id"))
        await writer.delete(node, raw, args.get("expectedVersion"), bool(args.get("detach")))
        return _deleted(field, args["id"])
    selection = field.children
    if op == "upsert":
        selection = tuple(c for f in field.children if f.name == "node" for c in f.children)
    read = node_read_back(builder, node, selection, at)
    if op in ("create", "upsert"):
        props = check_input(node, args["input"], creating=True, path=(*at, "input"))
        if op == "create":
            return read.finish((await writer.create(node, props, read)).node)
        written = await writer.upsert(node, props, args.get("onMatch") != "KEEP", read)
        values = {
            "created": written.created,
            "node": read.finish(written.node),
            "__typename": names.upsert_payload(node),
        }
        return {c.key: values[c.name] for c in field.children}
    raw = ids.raw(args["id"], node.name, (*at, "id"))  # what is left: update
    props = check_input(node, args["input"], creating=False, path=(*at, "input"))
    written = await writer.update(node, raw, props, args.get("expectedVersion"), read)
    return read.finish(written.node)


async def _relationship(
    builder: Builder, links: Links, op: str, rel: RelationshipType, field: Field
) -> Any:
    args, at = field.arguments, (field.name,)
    if op == "unlink":
        await links.unlink(rel, ids.raw(args["id"], rel.type, (*at, "id")))
        return _deleted(field, args["id"])
    read = edge_read_back(builder, builder.domain.outgoing(rel), field)
    if op == "link":
        ends = (
            ids.raw(args["fromId"], rel.source, (*at, "fromId")),
            ids.raw(args["toId"], rel.target, (*at, "toId")),
        )
        props = check_relationship_input(
            rel, args.get("input") or {}, creating=True, path=(*at, "input")
        )
        written = await links.link(rel, ends, props, args.get("expectedVersion"), read)
    else:
        props = check_relationship_input(rel, args["input"], creating=False, path=(*at, "input"))
        raw = ids.raw(args["id"], rel.type, (*at, "id"))
        written = await links.update(rel, raw, props, read)
    return read.finish(written.node)


def _deleted(field: Field, global_id: str) -> dict[str, Any]:
    done = {"id": global_id, "deleted": True, "__typename": "DeletePayload"}
    return {c.key: done[c.name] for c in field.children}
