"""Small hand-built graphs for the ecosystem questions, with ids from names."""

from __future__ import annotations

import uuid
from collections import defaultdict
from typing import Any

import httpx
from neo4j import AsyncManagedTransaction

from ecosystem.graph import derived
from ecosystem.graph.database import Database

NAMESPACE = uuid.UUID("0d3e6b1a-0000-4000-8000-00000000beef")


def uid(name: str) -> str:
    return str(uuid.uuid5(NAMESPACE, name))


def gid(type_name: str, name: str) -> str:
    return f"{type_name}:{uid(name)}"


async def build(
    db: Database,
    nodes: dict[str, tuple[str, dict[str, Any]]],
    links: list[tuple[str, str, str, dict[str, Any]]],
) -> None:
    """Nodes by name → (label, properties); links as (from, TYPE, to, properties). One
    transaction: a statement per label and per relationship type. `source` is 'test' unless
    the properties give one."""
    by_label: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for name, (label, props) in nodes.items():
        by_label[label].append({"id": uid(name), "props": props})
    statements = [
        (
            f"UNWIND $rows AS row CREATE (n:{label}) SET n = row.props, n.id = row.id, "
            "n.source = coalesce(row.props.source, 'test'), n.updatedAt = datetime()",
            rows,
        )
        for label, rows in by_label.items()
    ]
    by_type: dict[tuple[str, str, str], list[dict[str, Any]]] = defaultdict(list)
    for index, (start, type_, end, props) in enumerate(links):
        by_type[(nodes[start][0], type_, nodes[end][0])].append(
            {"a": uid(start), "b": uid(end), "props": props, "id": uid(f"link{index}")}
        )
    statements += [
        (
            f"UNWIND $rows AS row MATCH (a:{start_label} {{id: row.a}}), "
            f"(b:{end_label} {{id: row.b}}) CREATE (a)-[r:{type_}]->(b) SET r = row.props, "
            "r.id = row.id, r.source = coalesce(row.props.source, 'test'), "
            "r.updatedAt = datetime()",
            rows,
        )
        for (start_label, type_, end_label), rows in by_type.items()
    ]

    async def work(tx: AsyncManagedTransaction) -> None:
        for cypher, rows in statements:
            await (await tx.run(cypher, rows=rows)).consume()

    async with db.driver.session(database=db.database) as session:
        await session.execute_write(work)
    await derived.rebuild(db)  # written behind the write path's back: derive as the seed does


async def ask(client: httpx.AsyncClient, query: str, **variables: Any) -> dict[str, Any]:
    response = await client.post("/graphql", json={"query": query, "variables": variables})
    body: dict[str, Any] = response.json()
    assert "errors" not in body, body["errors"]
    data: dict[str, Any] = body["data"]
    return data
