"""Bulk import: read records (export's JSON or CSV layout), check them all, load them in one
transaction — every record lands or none does.

Nodes are upserted by natural key (a re-import changes nothing: versions move only when a
value does); relationships by id, or, when the file gives none, by an id derived from their
ends, type and properties, so they are idempotent too. File ids are mapped to the ids of the
nodes they merge into, so relationships follow their nodes.
"""

from __future__ import annotations

import csv
import json
import uuid
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from neo4j import AsyncTransaction

from ecosystem.domain import Domain, Property, RelationshipType
from ecosystem.graph.compiler import ids
from ecosystem.graph.compiler.errors import BadInput
from ecosystem.graph.database import Database
from ecosystem.graph.export.writers import RESERVED
from ecosystem.graph.mutations.validate import check_value, writable

BATCH = 5000
NAMESPACE = uuid.UUID("2f0c3e4a-7b1d-5c9e-8a6f-1d2e3f4a5b6c")


@dataclass(frozen=True)
class Record:
    kind: str  # "node" or "relationship"
    type: str
    props: dict[str, Any]
    where: tuple[str, int]  # file and row (1-based, header = row 1 in CSV)
    id: str | None = None  # global id in the file
    start: str | None = None
    end: str | None = None


@dataclass(frozen=True)
class Problem:
    file: str
    row: int
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.row}: {self.field}: {self.message}"


@dataclass
class Checked:
    nodes: dict[str, list[Record]] = field(default_factory=lambda: defaultdict(list))
    relationships: dict[str, list[Record]] = field(default_factory=lambda: defaultdict(list))
    problems: list[Problem] = field(default_factory=list)

    @property
    def count(self) -> int:
        return sum(map(len, self.nodes.values())) + sum(map(len, self.relationships.values()))


# --- reading ---------------------------------------------------------------------------


def read(paths: Sequence[Path]) -> Iterator[Record]:
    for path in paths:
        if path.suffix == ".json":
            yield from _read_json(path)
        else:
            yield from _read_csv(path)


def _read_json(path: Path) -> Iterator[Record]:
    data = json.loads(path.read_text(encoding="utf-8"))
    for index, item in enumerate(data.get("nodes", []), start=1):
        props = {k: v for k, v in item.items() if k not in ("id", *RESERVED)}
        props["source"] = item.get("dataSource") or props.get("source")
        yield Record("node", str(item.get("nodeType")), props, (path.name, index), item.get("id"))
    for index, item in enumerate(data.get("links", []), start=1):
        skip = ("id", "key", "source", "target", *RESERVED)
        props = {k: v for k, v in item.items() if k not in skip}
        props["source"] = item.get("dataSource")
        yield Record(
            "relationship",
            str(item.get("relationshipType")),
            props,
            (path.name, index),
            item.get("id"),
            item.get("source"),
            item.get("target"),
        )


def _read_csv(path: Path) -> Iterator[Record]:
    with path.open(encoding="utf-8", newline="") as file:
        rows = csv.reader(file)
        header = next(rows)
        names = [h.split(":")[0] for h in header]
        kinds = [h.split(":")[1] if ":" in h else "" for h in header]
        for index, row in enumerate(rows, start=2):
            values = {
                n: _csv_value(k, v) for n, k, v in zip(names, kinds, row, strict=False) if v != ""
            }
            if "START_ID" in kinds:
                yield Record(
                    "relationship",
                    row[kinds.index("TYPE")],
                    _props(values, names, kinds),
                    (path.name, index),
                    values.get("id"),
                    row[kinds.index("START_ID")],
                    row[kinds.index("END_ID")],
                )
            else:
                yield Record(
                    "node",
                    row[kinds.index("LABEL")],
                    _props(values, names, kinds),
                    (path.name, index),
                    row[kinds.index("ID")],
                )


def _props(values: dict[str, Any], names: list[str], kinds: list[str]) -> dict[str, Any]:
    fixed = {
        n
        for n, k in zip(names, kinds, strict=True)
        if k in ("ID", "LABEL", "TYPE", "START_ID", "END_ID")
    }
    return {k: v for k, v in values.items() if k not in fixed and k != "id"}


def _csv_value(kind: str, text: str) -> Any:
    if kind.endswith("[]"):
        return text.split(";")
    if kind == "long":
        return int(text)
    if kind == "double":
        return float(text)
    if kind == "boolean":
        return text == "true"
    return text


# --- checking ----------------------------------------------------------------------------


def check(records: Iterator[Record], domain: Domain) -> Checked:
    checked = Checked()
    for record in records:
        problems = (
            _check_node(record, domain) if record.kind == "node" else _check_rel(record, domain)
        )
        if problems:
            checked.problems.extend(problems)
        elif record.kind == "node":
            checked.nodes[record.type].append(record)
        else:
            checked.relationships[record.type].append(record)
    return checked


def _check_props(record: Record, declared: Sequence[Property]) -> list[Problem]:
    """Check what a client may write; maintained values in a file (`updatedAt`, `version`,
    as an export writes them) are left to the database."""
    problems, (file, row) = [], record.where
    props = writable(declared)
    names, settable = {p.name for p in declared}, {p.name for p in props}
    for name in list(record.props):
        if name not in names:
            problems.append(Problem(file, row, name, f"{record.type} has no property {name!r}"))
        elif name not in settable:
            del record.props[name]
    for prop in props:
        value = record.props.get(prop.name)
        if value is None:
            if prop.required and prop.name != "source":
                problems.append(Problem(file, row, prop.name, "is required"))
            continue
        try:
            record.props[prop.name] = check_value(prop, value, (prop.name,))
        except BadInput as error:
            problems.append(Problem(file, row, prop.name, f"{error} (expected {error.expected})"))
        except (TypeError, ValueError) as error:
            problems.append(Problem(file, row, prop.name, str(error)))
    return problems


def _check_node(record: Record, domain: Domain) -> list[Problem]:
    try:
        node = domain.node(record.type)  # a dict lookup: this runs once per row
    except KeyError:
        return [Problem(*record.where, "type", f"unknown node type {record.type!r}")]
    problems = _check_props(record, node.properties)
    for name in node.natural_key:
        if record.props.get(name) is None and not any(p.field == name for p in problems):
            problems.append(Problem(*record.where, name, "is part of the natural key"))
    return problems


def _check_rel(record: Record, domain: Domain) -> list[Problem]:
    try:
        rel = domain.relationship(record.type)
    except KeyError:
        return [Problem(*record.where, "type", f"unknown relationship type {record.type!r}")]
    problems = _check_props(record, rel.properties)
    for end, expected in ((record.start, rel.source), (record.end, rel.target)):
        decoded = ids.decode(end or "")
        if decoded is None or decoded[0] != expected:
            problems.append(
                Problem(
                    *record.where,
                    "start" if end == record.start else "end",
                    f"{end!r} is not the id of a {expected}",
                )
            )
    return problems


async def missing_ends(db: Database, checked: Checked) -> list[Problem]:
    """Relationship ends that are neither in the files nor in the graph (for a dry run)."""
    in_files = {r.id for records in checked.nodes.values() for r in records}
    problems: list[Problem] = []
    for records in checked.relationships.values():
        wanted = {end for r in records for end in (r.start, r.end) if end and end not in in_files}
        by_type: dict[str, list[str]] = defaultdict(list)
        for end in wanted:
            type_name, raw = ids.decode(end) or ("", "")
            by_type[type_name].append(raw)
        found: set[str] = set()
        for type_name, raws in by_type.items():
            rows = await db.read(
                f"MATCH (n:{type_name}) WHERE n.id IN $raws RETURN collect(n.id) AS found",
                {"raws": raws},
            )
            found |= {f"{type_name}:{raw}" for raw in rows[0]["found"]}
        for r in records:
            for name, ref in (("start", r.start), ("end", r.end)):
                if ref in wanted and ref not in found:
                    problems.append(
                        Problem(*r.where, name, f"{ref} is neither in the files nor in the graph")
                    )
    return problems


# --- loading -----------------------------------------------------------------------------


@dataclass
class Loaded:
    nodes: int = 0
    relationships: int = 0


async def load(
    db: Database,
    domain: Domain,
    checked: Checked,
    actor: str,
    on_progress: Callable[[int], None] = lambda _: None,
) -> Loaded:
    """Everything in one transaction: any failure (or a killed process) leaves nothing."""
    loaded = Loaded()
    async with db.driver.session(database=db.database) as session:
        tx = await session.begin_transaction(timeout=db.export_timeout_s)
        try:
            mapping: dict[str, str] = {}
            for type_name, records in checked.nodes.items():
                for start in range(0, len(records), BATCH):
                    batch = records[start : start + BATCH]
                    mapping.update(await _nodes(tx, domain, type_name, batch))
                    loaded.nodes += len(batch)
                    on_progress(len(batch))
            for type_name, records in checked.relationships.items():
                for start in range(0, len(records), BATCH):
                    batch = records[start : start + BATCH]
                    await _relationships(tx, domain.relationship(type_name), batch, mapping)
                    loaded.relationships += len(batch)
                    on_progress(len(batch))
            await tx.run(
                "CREATE (:AuditEntry {id: randomUUID(), at: datetime(), actor: $actor, "
                "operation: 'import', targetType: 'Import', targetId: randomUUID(), "
                "after: $after, source: 'ecosystem-audit', updatedAt: datetime()})",
                actor=actor,
                after=json.dumps({"nodes": loaded.nodes, "relationships": loaded.relationships}),
            )
            await tx.commit()
        finally:
            if tx.closed() is False:
                await tx.rollback()
    return loaded


async def _nodes(
    tx: AsyncTransaction, domain: Domain, type_name: str, batch: list[Record]
) -> dict[str, str]:
    node = domain.node(type_name)
    key = ", ".join(f"{name}: row.props.{name}" for name in node.natural_key)
    rows = [
        {"file": r.id, "id": (ids.decode(r.id or "") or (None, None))[1], "props": r.props}
        for r in batch
    ]
    result = await tx.run(
        f"UNWIND $rows AS row MERGE (n:{node.label} {{{key}}}) "
        "ON CREATE SET n += row.props, n.id = coalesce(row.id, randomUUID()), n.version = 1, "
        "n.updatedAt = datetime() "
        "ON MATCH SET n.version = CASE WHEN any(k IN keys(row.props) WHERE n[k] IS NULL OR "
        "n[k] <> row.props[k]) THEN coalesce(n.version, 1) + 1 ELSE n.version END, "
        "n += row.props "
        # Only nodes that merged into one with another id need mapping: returning every row
        # halved the import rate.
        "WITH row, n WHERE row.file IS NOT NULL AND n.id <> row.id "
        "RETURN row.file AS file, n.id AS id",
        rows=rows,
    )
    return {r["file"]: f"{type_name}:{r['id']}" async for r in result if r["file"]}


async def _relationships(
    tx: AsyncTransaction, rel: RelationshipType, batch: list[Record], mapping: dict[str, str]
) -> None:
    rows = []
    for record in batch:
        start, end = (
            mapping.get(record.start or "", record.start),
            mapping.get(record.end or "", record.end),
        )
        derived = str(
            uuid.uuid5(
                NAMESPACE,
                json.dumps([rel.type, start, end, sorted(map(str, record.props.items()))]),
            )
        )
        rows.append(
            {
                "a": _raw(start),
                "b": _raw(end),
                "id": (ids.decode(record.id or "") or (None, derived))[1],
                "props": record.props,
            }
        )
    result = await tx.run(
        f"UNWIND $rows AS row MATCH (a:{rel.source} {{id: row.a}}) "
        f"MATCH (b:{rel.target} {{id: row.b}}) MERGE (a)-[r:{rel.type} {{id: row.id}}]->(b) "
        "ON CREATE SET r += row.props, r.updatedAt = datetime() RETURN count(*) AS n",
        rows=rows,
    )
    merged = (await result.single(strict=True))["n"]
    if merged != len(rows):
        raise LookupError(
            f"{len(rows) - merged} {rel.type} relationships name a node that "
            "is neither in the files nor in the graph"
        )


def _raw(global_id: str | None) -> str | None:
    decoded = ids.decode(global_id or "")
    return decoded[1] if decoded else None
