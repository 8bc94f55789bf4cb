"""The statements of an import, all in the caller's one transaction.

Nodes are upserted by natural key (a re-import changes nothing: versions move only when a
value does); relationships by id, or, when the file gives none, by an id derived from their
ends, type and properties, so they are idempotent too. File ids are mapped to the ids of the
nodes they merge into, so relationships follow their nodes.
"""

from __future__ import annotations

import json
import uuid
from collections import defaultdict
from collections.abc import Awaitable, Callable, Iterable
from typing import Any

from neo4j import AsyncTransaction

from ecosystem.domain import Domain, RelationshipType
from ecosystem.graph import derived
from ecosystem.graph.importing.checks import raw_id
from ecosystem.graph.importing.records import Problem, Record

NAMESPACE = uuid.UUID("2f0c3e4a-7b1d-5c9e-8a6f-1d2e3f4a5b6c")
Read = Callable[[str, dict[str, Any]], Awaitable[list[dict[str, Any]]]]


def node_rows(records: Iterable[Record]) -> list[dict[str, Any]]:
    """Parameters of one node batch (built off the event loop, while the last batch runs)."""
    return [{"file": r.id, "id": raw_id(r.id), "props": r.props} for r in records]


class Loader:
    def __init__(self, tx: AsyncTransaction, domain: Domain) -> None:
        self.tx = tx
        self.domain = domain
        self.mapping: dict[str, str] = {}  # file id → id of the node it merged into
        # What the import touches of the derived facts, brought up to date before it commits.
        self.derivation = derived.Derivation(tx)

    async def begin(self) -> None:
        """The derived facts' lock: before the import takes any other."""
        await self.derivation.begin()

    async def finish(self) -> None:
        await self.derivation.finish()

    async def nodes(self, type_name: str, rows: list[dict[str, Any]]) -> None:
        node = self.domain.node(type_name)
        key = ", ".join(f"{name}: row.props.{name}" for name in node.natural_key)
        # A node's own properties feed a derived fact only for a few labels and names (an
        # organisation's kind, a base's province…); what links a node is seen by its links.
        derives = any(derived.feeds(node.label, row["props"]) for row in rows)
        # Only nodes that merged into one with another id need mapping (returning every row
        # halved the import rate), unless the derived facts need every id of this label.
        returned = "" if derives else "WHERE row.file IS NOT NULL AND n.id <> row.id "
        result = await self.tx.run(
            f"UNWIND $rows AS row MERGE (n:{node.label} {{{key}}}) "
            "ON CREATE SET n += row.props, n.id = coalesce(row.id, randomUUID()), n.version = 1, "
            "n.updatedAt = datetime() "
            "ON MATCH SET n.version = CASE WHEN any(k IN keys(row.props) WHERE n[k] IS NULL OR "
            "n[k] <> row.props[k]) THEN coalesce(n.version, 1) + 1 ELSE n.version END, "
            f"n += row.props WITH row, n {returned}"
            "RETURN row.file AS file, n.id AS id, row.id AS wanted",
            rows=rows,
        )
        written = [record async for record in result]
        self.mapping.update(
            {
                r["file"]: f"{type_name}:{r['id']}"
                for r in written
                if r["file"] and r["id"] != r["wanted"]
            }
        )
        if derives:
            self.derivation.later(node.label, [r["id"] for r in written])

    async def relationships(self, rel: RelationshipType, records: list[Record]) -> None:
        rows = [self._relationship_row(rel, r) for r in records]
        result = await self.tx.run(
            f"UNWIND $rows AS row MATCH (a:{rel.source} {{id: row.a}}) "
            f"MATCH (b:{rel.target} {{id: row.b}}) MERGE (a)-[r:{rel.type} {{id: row.id}}]->(b) "
            "ON CREATE SET r += row.props, r.updatedAt = datetime() RETURN count(*) AS n",
            rows=rows,
        )
        merged = (await result.single(strict=True))["n"]
        for row in rows:
            self.derivation.relationship(rel.type, row["a"], row["b"])
        if merged != len(rows):  # missing_ends said otherwise: a node went away meanwhile
            raise LookupError(
                f"{len(rows) - merged} {rel.type} relationships name a node that "
                "is neither in the files nor in the graph"
            )

    def _relationship_row(self, rel: RelationshipType, record: Record) -> dict[str, Any]:
        start = self.mapping.get(record.start or "", record.start)
        end = self.mapping.get(record.end or "", record.end)
        # Provenance is not identity: the same fact from another source is the same link.
        facts = sorted(str(item) for item in record.props.items() if item[0] != "source")
        derived = uuid.uuid5(NAMESPACE, json.dumps([rel.type, start, end, facts]))
        return {
            "a": raw_id(start),
            "b": raw_id(end),
            "id": raw_id(record.id) or str(derived),
            "props": record.props,
        }

    async def audit(self, actor: str, role: str, nodes: int, relationships: int) -> None:
        await self.tx.run(
            "CREATE (:AuditEntry {id: randomUUID(), at: datetime(), actor: $actor, role: $role, "
            "operation: 'import', targetType: 'Import', targetId: randomUUID(), "
            "after: $after, source: 'ecosystem-audit', updatedAt: datetime()})",
            actor=actor,
            role=role,
            after=json.dumps({"nodes": nodes, "relationships": relationships}),
        )


async def missing_ends(
    domain: Domain, relationships: Iterable[Record], in_files: set[str], read: Read
) -> list[Problem]:
    """Relationship ends that are neither nodes of the import nor in the graph."""
    records = list(relationships)
    wanted = {e for r in records for e in (r.start, r.end) if e and e not in in_files}
    by_type: dict[str, list[str]] = defaultdict(list)
    for end in wanted:
        type_name, _, raw = end.partition(":")
        by_type[type_name].append(raw)
    found: set[str] = set()
    for type_name, raws in by_type.items():
        label = domain.node(type_name).label  # checked ends name domain types only
        rows = await read(
            f"MATCH (n:{label}) WHERE n.id IN $raws RETURN collect(n.id) AS found",
            {"raws": raws},
        )
        found |= {f"{type_name}:{raw}" for raw in rows[0]["found"]}
    return [
        Problem(*r.where, name, f"{ref} is neither in the files nor in the graph")
        for r in records
        for name, ref in (("start", r.start), ("end", r.end))
        if ref in wanted and ref not in found
    ]
