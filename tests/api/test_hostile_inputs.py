"""Hostile strings in every string input of every update and every string filter.

Each is answered with a coded error or stored verbatim; nothing else in the graph moves (node
and relationship counts and a full property snapshot before and after), and the server keeps
answering. Values are always parameters, so the Cypher-shaped ones are just text.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import httpx
import pytest

from ecosystem.domain import ECOSYSTEM, NodeType, Property, Scalar
from ecosystem.graph.database import Database
from ecosystem.graph.mutations.validate import writable
from tests.auth.test_matrix import LINKS, NODES, link_id
from tests.mutations.test_import_outage import snapshot
from tests.questions.graphs import build, gid, uid

HOSTILE = (
    "' OR 1=1 --",
    '"}) DETACH DELETE n //',
    "}) MATCH (n) DETACH DELETE n //",
    'name:(a OR b)^3 AND "x"~2 * ? \\',  # Lucene syntax
    "null\x00byte",
    "x" * 100_000,
    "$id {{id}} ${id}",
)
CODED = {"BAD_INPUT", "FORBIDDEN_FIELD"}


def strings(props: tuple[Property, ...]) -> list[Property]:
    return [p for p in writable(props) if p.type is Scalar.STRING and not p.many]


NODE_FIELDS = [(n, p) for n in ECOSYSTEM.nodes for p in strings(n.properties)]
REL_FIELDS = [(r.type, p) for r in ECOSYSTEM.relationships for p in strings(r.properties)]
FILTERS = [
    (n, p) for n in ECOSYSTEM.nodes for p in n.properties if p.type is Scalar.STRING and not p.many
]


async def post(client: httpx.AsyncClient, query: str, **variables: Any) -> dict[str, Any]:
    response = await client.post("/graphql", json={"query": query, "variables": variables})
    assert response.status_code in (200, 400), response.text[:300]
    body: dict[str, Any] = response.json()
    return body


def without(state: dict[str, Any], raw_id: str) -> dict[str, Any]:
    """A snapshot less what a write may change: its target and the audit trail."""
    return {
        "nodes": [
            n for n in state["nodes"] if n[1].get("id") != raw_id and "AuditEntry" not in n[0]
        ],
        "links": [r for r in state["links"] if r[3].get("id") != raw_id],
    }


async def still_answering(client: httpx.AsyncClient) -> None:
    body = await post(client, "{ organisations { totalCount } }")
    assert body["data"]["organisations"]["totalCount"] >= 1


Stored = Callable[[], Awaitable[Any]]


async def check_write(
    client: httpx.AsyncClient, graph: Database, write: str, target: str, prop: str, stored: Stored
) -> None:
    raw = target.split(":")[1]
    for value in HOSTILE:
        before = await snapshot(graph)
        body = await post(client, write, id=target, input={prop: value})
        if "errors" in body:
            assert body["errors"][0]["extensions"]["code"] in CODED, body["errors"][0]
            assert await snapshot(graph) == before
        else:
            assert await stored() == value  # verbatim
            after = await snapshot(graph)
            assert len(after["links"]) == len(before["links"])
            assert len(after["nodes"]) == len(before["nodes"]) + 1  # its audit entry
            assert without(after, raw) == without(before, raw)
    await still_answering(client)


@pytest.mark.parametrize(("node", "prop"), NODE_FIELDS, ids=lambda x: x.name)
async def test_node_updates(
    client: httpx.AsyncClient, graph: Database, node: NodeType, prop: Property
) -> None:
    await build(graph, NODES, LINKS)
    write = f"""mutation($id: ID!, $input: {node.name}UpdateInput!) {{
        update{node.name}(id: $id, input: $input) {{ id }} }}"""
    read = f"query($id: ID!) {{ node(id: $id) {{ ... on {node.name} {{ {prop.name} }} }} }}"
    target = gid(node.name, f"{node.name}-x")

    async def stored() -> Any:
        return (await post(client, read, id=target))["data"]["node"][prop.name]

    await check_write(client, graph, write, target, prop.name, stored)


@pytest.mark.parametrize(("rel_type", "prop"), REL_FIELDS, ids=lambda x: getattr(x, "name", x))
async def test_relationship_updates(
    client: httpx.AsyncClient, graph: Database, rel_type: str, prop: Property
) -> None:
    rel = ECOSYSTEM.relationship(rel_type)
    await build(graph, NODES, LINKS)
    pascal = rel.type.title().replace("_", "")
    write = f"""mutation($id: ID!, $input: {pascal}UpdateInput!) {{
        update{pascal}(id: $id, input: $input) {{ id }} }}"""
    target = link_id(f"{rel.source}-x", rel.type, f"{rel.target}-y")

    async def stored() -> Any:
        rows = await graph.read(
            f"MATCH ()-[r:{rel.type} {{id: $id}}]->() RETURN r.{prop.name} AS value",
            {"id": target.split(":")[1]},
        )
        return rows[0]["value"]

    await check_write(client, graph, write, target, prop.name, stored)


@pytest.mark.parametrize(("node", "prop"), FILTERS, ids=lambda x: x.name)
async def test_filters_and_search(
    client: httpx.AsyncClient, graph: Database, node: NodeType, prop: Property
) -> None:
    await build(graph, NODES, LINKS)
    before = await snapshot(graph)
    query = f"""query($v: String!) {{ {node.plural}(where: {{OR: [
        {{{prop.name}: {{eq: $v}}}}, {{{prop.name}: {{contains: $v}}}},
        {{{prop.name}: {{startsWith: $v}}}}, {{{prop.name}: {{in: [$v]}}}}]}}) {{ totalCount }}
        search(text: $v, first: 5) {{ score }} }}"""
    for value in HOSTILE:
        body = await post(client, query, v=value)
        if "errors" in body:
            assert {e["extensions"]["code"] for e in body["errors"]} <= CODED, body["errors"]
        else:
            assert body["data"][node.plural]["totalCount"] == 0  # nothing holds these values
    assert await snapshot(graph) == before
    assert uid(f"{node.name}-x") in str(before)  # the graph was there to harm
    await still_answering(client)
