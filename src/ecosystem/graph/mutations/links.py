"""Relationship writes: link, update and unlink, each one audited transaction.

Linking counts as a write to the node it starts from: its version is checked against
`expectedVersion` and incremented, so two partners editing one trainer's affiliations see
each other's changes.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, cast

from neo4j import AsyncManagedTransaction

from ecosystem.domain import Domain, RelationshipType
from ecosystem.graph.compiler.errors import BadInput, NotFound
from ecosystem.graph.mutations.guard import condition, enforce, params
from ecosystem.graph.mutations.write import ReadBack, Writer, Written

# A thing cannot be a member or a unit of itself.
NO_SELF_LINKS = frozenset({"MEMBER_OF", "PART_OF"})


class Links:
    def __init__(self, writer: Writer, domain: Domain) -> None:
        self.writer = writer
        self.domain = domain

    async def link(
        self,
        rel: RelationshipType,
        ends: tuple[str, str],
        props: Mapping[str, Any],
        expected: int | None,
        read: ReadBack,
    ) -> Written:
        if ends[0] == ends[1] and rel.type in NO_SELF_LINKS:
            raise BadInput(f"a node cannot be {rel.type} itself", ("toId",), "another node")
        writer = self.writer
        source = self.domain.node(rel.source)

        async def work(tx: AsyncManagedTransaction) -> Written:
            before, _ = await writer.lock(tx, source, ends[0], guarded=False)
            writer.check_version(rel.source, before, expected)
            await self._check_ends(tx, rel, ends)
            result = await tx.run(
                f"MATCH (a:{rel.source} {{id: $from}}), (b:{rel.target} {{id: $to}}) "
                f"CREATE (a)-[r:{rel.type}]->(b) SET r = $props, r.id = randomUUID(), "
                "r.updatedAt = datetime(), a.version = a.version + 1, a.updatedAt = datetime() "
                "RETURN r.id AS id",
                {"from": ends[0], "to": ends[1], "props": writer.with_source(props)},
            )
            record = await result.single()
            if record is None:
                raise NotFound(f"no {rel.target} has this id", ("toId",))
            await writer.audit(tx, "link", rel.type, record["id"], before=None, after=props)
            return Written(await writer.read_back(tx, read, record["id"]))

        return cast(Written, await writer.transaction(work))

    async def update(
        self, rel: RelationshipType, raw: str, props: Mapping[str, Any], read: ReadBack
    ) -> Written:
        writer = self.writer

        async def work(tx: AsyncManagedTransaction) -> Written:
            before = await self._lock(tx, rel, raw)
            await tx.run(
                f"MATCH ()-[r:{rel.type} {{id: $id}}]->() SET r += $props, "
                "r.updatedAt = datetime()",
                id=raw,
                props=props,
            )
            await writer.audit(
                tx, "update", rel.type, raw, before={k: before.get(k) for k in props}, after=props
            )
            return Written(await writer.read_back(tx, read, raw))

        return cast(Written, await writer.transaction(work))

    async def unlink(self, rel: RelationshipType, raw: str) -> Written:
        writer = self.writer

        async def work(tx: AsyncManagedTransaction) -> Written:
            before = await self._lock(tx, rel, raw)
            await tx.run(
                f"MATCH (a)-[r:{rel.type} {{id: $id}}]->() DELETE r "
                "SET a.version = coalesce(a.version, 1) + 1, a.updatedAt = datetime()",
                id=raw,
            )
            await writer.audit(tx, "unlink", rel.type, raw, before=before, after=None)
            return Written(None)

        return cast(Written, await writer.transaction(work))

    async def _lock(
        self, tx: AsyncManagedTransaction, rel: RelationshipType, raw: str
    ) -> dict[str, Any]:
        guard = self.writer.guard
        result = await tx.run(
            f"MATCH (a)-[r:{rel.type} {{id: $id}}]->(b) SET r.id = r.id "
            f"RETURN properties(r) AS props, {condition(guard)} AS owned",
            {"id": raw, **params(guard)},
        )
        record = await result.single()
        if record is None:
            raise NotFound(f"no {rel.type} relationship has this id", ("id",))
        enforce(guard, record["owned"])
        return dict(record["props"])

    async def _check_ends(
        self, tx: AsyncManagedTransaction, rel: RelationshipType, ends: tuple[str, str]
    ) -> None:
        """The end exists, and the guard (checked with the start node locked) allows the link."""
        guard = self.writer.guard
        result = await tx.run(
            f"MATCH (a:{rel.source} {{id: $from}}), (b:{rel.target} {{id: $to}}) "
            f"RETURN {condition(guard)} AS owned",
            {"from": ends[0], "to": ends[1], **params(guard)},
        )
        record = await result.single()
        if record is None:
            raise NotFound(f"no {rel.target} has this id", ("toId",))
        enforce(guard, record["owned"])
