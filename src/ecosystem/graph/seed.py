"""Load seed records into Neo4j: generic over the domain, batched, idempotent.

The derived facts (graph/derived/) are rebuilt from the whole graph once it is loaded.
Nodes are merged on their natural key and relationships on their id, each `ON CREATE` only, so
a re-run writes nothing new and keeps every id and `updatedAt`. Labels, relationship types and
property names come from the domain (records are validated against it first); values always
travel as parameters.
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from typing import Any, LiteralString, TypeVar

from ecosystem.domain import ECOSYSTEM, NodeType, RelationshipType
from ecosystem.graph import derived
from ecosystem.graph.database import Database
from ecosystem.graph.prefetch import prefetched
from ecosystem.seeding import Dataset, Plan, problems
from ecosystem.seeding.records import node_id

# Rows per transaction: enough to amortise the round trip, few enough to finish well inside
# the server-side transaction timeout.
BATCH = 10_000
Progress = Callable[[str, int], None]  # ("nodes" or "relationships", rows just written)
Row = dict[str, Any]
T = TypeVar("T")


class SeedError(RuntimeError):
    """The seed data does not fit the domain or the graph (a relationship end is missing)."""


@dataclass(frozen=True)
class LoadReport:
    nodes: int  # node rows merged (created or already there)
    relationships: int
    seconds: float

    @property
    def nodes_per_second(self) -> float:
        return self.nodes / self.seconds if self.seconds else 0.0

    @property
    def relationships_per_second(self) -> float:
        return self.relationships / self.seconds if self.seconds else 0.0


@dataclass(frozen=True)
class Counts:
    nodes: int
    relationships: int


async def load(
    db: Database,
    datasets: Iterable[Dataset],
    *,
    batch_size: int = BATCH,
    on_progress: Progress | None = None,
) -> LoadReport:
    """Merge every dataset in order (a dataset's relationships may end at earlier ones' nodes).

    While one dataset is written, the next is generated, checked and cut into batches in a
    worker thread: the database's time and Python's overlap.
    """
    started = time.perf_counter()
    written = {"nodes": 0, "relationships": 0}
    async for batches in prefetched(_prepared(datasets, batch_size)):
        for batch in batches:
            await _write(db, batch)
            written[batch.kind] += len(batch.rows)
            if on_progress:
                on_progress(batch.kind, len(batch.rows))
    # Loaded in many transactions, so the derived facts are built once, from all of it.
    await derived.rebuild(db)
    await db.await_search_index()  # seeded means searchable
    return LoadReport(written["nodes"], written["relationships"], time.perf_counter() - started)


async def counts(db: Database) -> Counts:
    """Nodes with the domain's labels and relationships of its types (count-store lookups)."""
    nodes = 0
    for node in ECOSYSTEM.nodes:
        rows = await db.read(node_count_statement(node))
        nodes += rows[0]["count"]
    relationships = 0
    for rel in ECOSYSTEM.relationships:  # derived relationships are not counted
        rows = await db.read(f"MATCH ()-[r:{rel.type}]->() RETURN count(r) AS count")
        relationships += rows[0]["count"]
    return Counts(nodes, relationships)


async def holds(db: Database, plan: Plan) -> bool:
    """Whether the graph holds the plan's landmarks: its first real fact, the sample's hub and
    its last copy (a graph seeded before the sample's naming scheme holds none of the last)."""
    landmarks = plan.landmarks()
    # Labels are the records' types, which validation holds to the domain's labels.
    found = [ECOSYSTEM.node(n.type).label for n in landmarks]
    checks = " AND ".join(f"EXISTS {{ MATCH (:{label} {{id: $ids[{i}]}}) }}"
                          for i, label in enumerate(found))  # fmt: skip
    rows = await db.read(f"RETURN {checks} AS held", {"ids": [n.id for n in landmarks]})
    return bool(rows[0]["held"])


async def is_empty(db: Database) -> bool:
    """True when the graph holds nothing but migration bookkeeping."""
    rows = await db.read("RETURN NOT EXISTS { MATCH (n) WHERE NOT n:SchemaMigration } AS empty")
    return bool(rows[0]["empty"])


# Statements are built from the domain's names only (labels, types, properties), never from
# data, so they are as safe as literals.


@cache
def node_statement(node: NodeType) -> LiteralString:
    """Create what is missing; bring a seeded node whose record has changed (seeds/facts.json
    corrected or extended) up to date, with a new version. Unchanged nodes are not written."""
    keys = ", ".join(f"{name}: row.key.{name}" for name in node.natural_key)
    return (
        f"UNWIND $rows AS row MERGE (n:{node.label} {{{keys}}}) "
        "ON CREATE SET n += row.props, n.updatedAt = datetime(), n.version = 1 "
        "WITH n, row WHERE any(k IN keys(row.props) WHERE n[k] IS NULL OR n[k] <> row.props[k]) "
        "SET n += row.props, n.updatedAt = datetime(), n.version = n.version + 1"
    )


@cache
def relationship_statement(rel: RelationshipType) -> LiteralString:
    start, end = ECOSYSTEM.node(rel.source).label, ECOSYSTEM.node(rel.target).label
    return (
        f"UNWIND $rows AS row MATCH (a:{start} {{id: row.start}}) MATCH (b:{end} {{id: row.end}}) "
        f"MERGE (a)-[r:{rel.type} {{id: row.id}}]->(b) "
        "ON CREATE SET r += row.props, r.updatedAt = datetime() RETURN count(*) AS merged"
    )


@cache
def node_count_statement(node: NodeType) -> LiteralString:
    return f"MATCH (n:{node.label}) RETURN count(n) AS count"


@dataclass(frozen=True)
class _Batch:
    kind: str  # "nodes" or "relationships"
    statement: LiteralString
    rows: list[Row]
    relationship: RelationshipType | None = None  # to check that every row found its ends


def _prepared(datasets: Iterable[Dataset], batch_size: int) -> Iterator[list[_Batch]]:
    for dataset in datasets:
        yield _prepare(dataset, batch_size)


def _prepare(dataset: Dataset, batch_size: int) -> list[_Batch]:
    """A dataset checked against the domain and cut into batches."""
    errors = problems(dataset, check_ends=False)  # an end may be in an earlier dataset
    if errors:
        more = f"\n… and {len(errors) - 10} more" if len(errors) > 10 else ""
        raise SeedError("the seed data does not fit the domain:\n" + "\n".join(errors[:10]) + more)
    node_batches = [
        _Batch("nodes", node_statement(node), batch)
        for node, rows in _node_rows(dataset)
        for batch in _batches(rows, batch_size)
    ]
    relationship_batches = [
        _Batch("relationships", relationship_statement(rel), batch, rel)
        for rel, rows in _relationship_rows(dataset)
        for batch in _batches(rows, batch_size)
    ]
    return node_batches + relationship_batches


async def _write(db: Database, batch: _Batch) -> None:
    result = await db.write(batch.statement, {"rows": batch.rows})
    if batch.relationship is None:
        return
    merged = result[0]["merged"] if result else 0
    if merged != len(batch.rows):
        raise SeedError(
            f"{len(batch.rows) - merged} of {len(batch.rows)} {batch.relationship.type} "
            "relationships end at a node that is not in the graph, or that has another id (was "
            "it created outside the seed?)"
        )


def _node_rows(dataset: Dataset) -> Iterator[tuple[NodeType, list[Row]]]:
    """Rows by node type, in the domain's order."""
    by_type: dict[str, list[Row]] = defaultdict(list)
    for record in dataset.nodes:
        node = ECOSYSTEM.node(record.type)
        key = dict(zip(node.natural_key, record.key, strict=True))
        by_type[record.type].append({"key": key, "props": {**record.props, "id": record.id}})
    for node in ECOSYSTEM.nodes:
        if by_type[node.name]:
            yield node, by_type[node.name]


def _relationship_rows(dataset: Dataset) -> Iterator[tuple[RelationshipType, list[Row]]]:
    """Rows by relationship type, in the domain's order; ends are named by node id."""
    by_type: dict[str, list[Row]] = defaultdict(list)
    for record in dataset.relationships:
        rel = ECOSYSTEM.relationship(record.type)
        by_type[record.type].append(
            {
                "id": record.id,
                "start": node_id(rel.source, record.start),
                "end": node_id(rel.target, record.end),
                "props": record.props,
            }
        )
    for rel in ECOSYSTEM.relationships:
        if by_type[rel.type]:
            yield rel, by_type[rel.type]


def _batches(rows: list[T], size: int) -> Iterator[list[T]]:
    for start in range(0, len(rows), size):
        yield rows[start : start + size]
