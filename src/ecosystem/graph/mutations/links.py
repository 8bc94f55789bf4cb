"""Relationship writes: link, update and unlink, each one audited transaction.

Linking and unlinking count as writes to the node they start from: it is locked first, its
version is checked against `expectedVersion` and incremented, so two partners editing one
trainer's affiliations queue and see each other's changes. Locks and versions follow the rules
in write.py (a real change takes the lock; no SET reads what it writes). Links and unlinks
take the derived facts' lock first (graph/derived/), whether or not their type feeds a derived
fact: a derived write locks the objects it updates, so a link between two of them taken in
the other order could otherwise deadlock with it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, cast

from neo4j import AsyncManagedTransaction

from ecosystem.domain import Domain, RelationshipType
from ecosystem.graph import derived
from ecosystem.graph.errors import BadInput, NotFound
from ecosystem.graph.mutations.guard import condition, enforce, params
from ecosystem.graph.mutations.validate import check_rules
from ecosystem.graph.mutations.write import ReadBack, Writer, Written, locked

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
            derivation = await derived.Derivation(tx).begin()
            before, _ = await writer.lock(tx, source, ends[0], guarded=False)
            version = writer.check_version(rel.source, before, expected) + 1
            await self._check_ends(tx, rel, ends)
            result = await tx.run(
                f"MATCH (a:{rel.source} {{id: $from}}), (b:{rel.target} {{id: $to}}) "
                f"CREATE (a)-[r:{rel.type}]->(b) SET r = $props, r.id = randomUUID(), "
                "r.updatedAt = datetime(), a.version = $version, a.updatedAt = datetime() "
                "RETURN r.id AS id",
                {
                    "from": ends[0],
                    "to": ends[1],
                    "props": writer.with_source(props),
                    "version": version,
                },
            )
            record = await result.single()
            if record is None:
                raise NotFound(f"no {rel.target} has this id", ("toId",))
            await writer.audit(tx, "link", rel.type, record["id"], before=None, after=props)
            derivation.relationship(rel.type, *ends)
            await derivation.finish()
            return Written(await writer.read_back(tx, read, record["id"]))

        return cast(Written, await writer.transaction(work))

    async def update(
        self, rel: RelationshipType, raw: str, props: Mapping[str, Any], read: ReadBack
    ) -> Written:
        writer = self.writer

        async def work(tx: AsyncManagedTransaction) -> Written:
            feeds = derived.feeds(rel.type, props, derived.RELATIONSHIP_INPUTS)
            derivation = await writer.derivation(tx, feeds)
            before, start, end = await self._lock(tx, rel, raw, "r")
            check_rules(rel, {**before, **props})
            await tx.run(
                f"MATCH ()-[r:{rel.type} {{id: $id}}]->() SET r += $props, "
                "r.updatedAt = datetime()",
                id=raw,
                props=props,
            )
            await writer.audit(
                tx, "update", rel.type, raw, before={k: before.get(k) for k in props}, after=props
            )
            if derivation is not None:
                derivation.relationship(rel.type, start["id"], end)
                await derivation.finish()
            return Written(await writer.read_back(tx, read, raw))

        return cast(Written, await writer.transaction(work))

    async def unlink(self, rel: RelationshipType, raw: str) -> Written:
        writer = self.writer

        async def work(tx: AsyncManagedTransaction) -> Written:
            derivation = await derived.Derivation(tx).begin()
            before, start, end = await self._lock(tx, rel, raw, "a")
            version = writer.check_version(rel.source, start, None) + 1
            await tx.run(
                f"MATCH (a:{rel.source} {{id: $start}})-[r:{rel.type} {{id: $id}}]->() DELETE r "
                "SET a.version = $version, a.updatedAt = datetime()",
                id=raw,
                start=start["id"],
                version=version,
            )
            await writer.audit(tx, "unlink", rel.type, raw, before=before, after=None)
            derivation.relationship(rel.type, start["id"], end)
            await derivation.finish()
            return Written(None)

        return cast(Written, await writer.transaction(work))

    async def _lock(
        self, tx: AsyncManagedTransaction, rel: RelationshipType, raw: str, variable: str
    ) -> tuple[dict[str, Any], dict[str, Any], str]:
        """Lock the relationship (`r`) or the node it starts from (`a`); the relationship's
        and that node's properties, and the id of the node it ends at. NotFound when absent or
        deleted by the writer it queued behind; Forbidden when the guard says it is not the
        writer's."""
        guard = self.writer.guard
        result = await tx.run(
            f"MATCH (a:{rel.source})-[r:{rel.type} {{id: $id}}]->(b:{rel.target}) "
            f"{locked(variable)} "
            "RETURN properties(r) AS props, properties(a) AS start, b.id AS end, "
            f"{condition(guard)} AS owned",
            {"id": raw, **params(guard)},
        )
        record = await result.single()
        if record is None or "id" not in record["props"]:  # deleted: no properties left
            raise NotFound(f"no {rel.type} relationship has this id", ("id",))
        enforce(guard, record["owned"])
        return dict(record["props"]), dict(record["start"]), str(record["end"])

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
