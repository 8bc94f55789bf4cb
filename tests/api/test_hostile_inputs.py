"""Hostile strings in every string input of every update and every string filter.

Each is answered with a coded error or stored verbatim; nothing else in the graph moves (node
and relationship counts and a full property snapshot before and after), and the server keeps
answering. Values are always parameters, so the Cypher-shaped ones are just text: a write
stores exactly the values the domain's validation accepts (so the test cannot pass by refusing
everything), and a filter answers them.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import httpx
import pytest

from ecosystem.domain import ECOSYSTEM, NodeType, Property, Scalar
from ecosystem.graph.database import Database
from ecosystem.graph.errors import BadInput
from ecosystem.graph.mutations.validate import check_input, check_relationship_input, writable
from tests.support.database import snapshot
from tests.support.graphs import gid, uid
from tests.support.matrix import link_id

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
Check = Callable[[dict[str, Any]], object]


def valid(check: Check, prop: str) -> list[str]:
    """The hostile values the domain's own validation accepts for `prop`."""
    accepted = []
    for value in HOSTILE:
        try:
            check({prop: value})
        except BadInput:
            continue
        accepted.append(value)
    return accepted


async def check_write(
    client: httpx.AsyncClient,
    graph: Database,
    write: str,
    target: str,
    prop: str,
    stored: Stored,
    check: Check,
) -> None:
    raw, accepted = target.split(":")[1], []
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
            accepted.append(value)
    assert accepted == valid(check, prop)  # refused exactly what validation refuses
    await still_answering(client)


@pytest.mark.parametrize(("node", "prop"), NODE_FIELDS, ids=lambda x: x.name)
async def test_node_updates(
    client: httpx.AsyncClient, matrix_graph: Database, node: NodeType, prop: Property
) -> None:
    write = f"""mutation($id: ID!, $input: {node.name}UpdateInput!) {{
        update{node.name}(id: $id, input: $input) {{ id }} }}"""
    read = f"query($id: ID!) {{ node(id: $id) {{ ... on {node.name} {{ {prop.name} }} }} }}"
    target = gid(node.name, f"{node.name}-x")

    async def stored() -> Any:
        return (await post(client, read, id=target))["data"]["node"][prop.name]

    def check(values: dict[str, Any]) -> object:
        return check_input(node, values, creating=False, path=("input",))

    await check_write(client, matrix_graph, write, target, prop.name, stored, check)


@pytest.mark.parametrize(("rel_type", "prop"), REL_FIELDS, ids=lambda x: getattr(x, "name", x))
async def test_relationship_updates(
    client: httpx.AsyncClient, matrix_graph: Database, rel_type: str, prop: Property
) -> None:
    rel = ECOSYSTEM.relationship(rel_type)
    pascal = rel.type.title().replace("_", "")
    write = f"""mutation($id: ID!, $input: {pascal}UpdateInput!) {{
        update{pascal}(id: $id, input: $input) {{ id }} }}"""
    target = link_id(f"{rel.source}-x", rel.type, f"{rel.target}-y")

    async def stored() -> Any:
        rows = await matrix_graph.read(
            f"MATCH ()-[r:{rel.type} {{id: $id}}]->() RETURN r.{prop.name} AS value",
            {"id": target.split(":")[1]},
        )
        return rows[0]["value"]

    def check(values: dict[str, Any]) -> object:
        return check_relationship_input(rel, values, creating=False, path=("input",))

    await check_write(client, matrix_graph, write, target, prop.name, stored, check)


@pytest.mark.parametrize(("node", "prop"), FILTERS, ids=lambda x: x.name)
async def test_filters_and_search(
    client: httpx.AsyncClient, matrix_graph: Database, node: NodeType, prop: Property
) -> None:
    before = await snapshot(matrix_graph)
    query = f"""query($v: String!) {{ {node.plural}(where: {{OR: [
        {{{prop.name}: {{eq: $v}}}}, {{{prop.name}: {{contains: $v}}}},
        {{{prop.name}: {{startsWith: $v}}}}, {{{prop.name}: {{in: [$v]}}}}]}}) {{ totalCount }}
        search(text: $v, first: 5) {{ score }} }}"""
    answered = 0
    for value in HOSTILE:
        body = await post(client, query, v=value)
        if "errors" in body:
            assert {e["extensions"]["code"] for e in body["errors"]} <= CODED, body["errors"]
        else:
            assert body["data"][node.plural]["totalCount"] == 0  # nothing holds these values
            answered += 1
    assert answered > 0, "every hostile value was refused: the filter was never tried"
    assert await snapshot(matrix_graph) == before
    assert uid(f"{node.name}-x") in str(before)  # the graph was there to harm
    await still_answering(client)
