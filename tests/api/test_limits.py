"""Request limits: each refusal is coded, changes nothing, and the server answers the next call."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from starlette.applications import Starlette

from ecosystem.app import create_app
from ecosystem.buckets import TokenBuckets
from ecosystem.graph.database import Database
from ecosystem.settings import Settings
from tests.conftest import Client
from tests.support.graphs import build

CENSUS = "RETURN COUNT { MATCH (n) } AS nodes, COUNT { MATCH ()-[r]->() } AS relationships"
COUNT = "{ organisations { totalCount } }"
MiB = 1024 * 1024


@pytest.fixture
async def two(graph: Database) -> Database:
    """Two organisations, one a member of the other: a graph a refusal must leave as it is."""
    nodes = {
        "a": ("Organisation", {"name": "A", "kind": "ENTERPRISE"}),
        "b": ("Organisation", {"name": "B", "kind": "ASSOCIATION"}),
    }
    await build(graph, nodes, [("a", "MEMBER_OF", "b", {})])
    return graph


@pytest.fixture
async def app(
    settings: Settings, graph: Database, request: pytest.FixtureRequest
) -> AsyncIterator[Starlette]:
    """conftest's app, with the settings a test names through `changed` (so `client` holds
    an admin key for it)."""
    application = create_app(settings.model_copy(update=getattr(request, "param", {})))
    async with application.router.lifespan_context(application):
        yield application


def changed(**settings: Any) -> pytest.MarkDecorator:
    return pytest.mark.parametrize("app", [settings], indirect=True, ids=["changed"])


async def ask(client: httpx.AsyncClient, query: str, **variables: Any) -> httpx.Response:
    return await client.post("/graphql", json={"query": query, "variables": variables})


async def still_answers(client: httpx.AsyncClient) -> None:
    response = await ask(client, COUNT)
    assert response.status_code == 200
    assert response.json() == {"data": {"organisations": {"totalCount": 2}}}


def nested(levels: int) -> str:
    """Organisations' members' members…: three fields deeper a level."""
    return (
        "{ organisations { "
        + "edges { node { members { " * levels
        + "totalCount"
        + " } } }" * levels
        + " } }"
    )


def refusal(response: httpx.Response) -> dict[str, Any]:
    """The extensions of the only error, after checking that nothing ran."""
    body = response.json()
    assert body.get("data") is None, body
    (error,) = body["errors"]
    extensions: dict[str, Any] = error["extensions"]
    return extensions


# --- the document's shape ------------------------------------------------------------------


async def test_depth(client: httpx.AsyncClient, two: Database) -> None:
    assert "errors" not in (await ask(client, nested(3))).json()  # depth 10
    assert refusal(await ask(client, nested(4))) == {  # depth 13
        "code": "LIMIT_EXCEEDED",
        "limit": "depth",
        "max": 12,
    }
    await still_answers(client)


async def test_aliases(client: httpx.AsyncClient, two: Database) -> None:
    fields = " ".join(f"a{i}: totalCount" for i in range(31))
    extensions = refusal(await ask(client, "{ organisations { " + fields + " } }"))
    assert extensions == {"code": "LIMIT_EXCEEDED", "limit": "aliases", "max": 30}
    await still_answers(client)


async def test_tokens(client: httpx.AsyncClient, two: Database) -> None:
    extensions = refusal(await ask(client, "{ version " + "__typename " * 5000 + "}"))
    assert extensions == {"code": "LIMIT_EXCEEDED", "limit": "tokens", "max": 5000}
    await still_answers(client)


async def test_root_fields(client: httpx.AsyncClient, two: Database) -> None:
    ten = " ".join(f"o{i}: organisations {{ totalCount }}" for i in range(10))
    assert "errors" not in (await ask(client, "{ " + ten + " }")).json()
    eleven = "query Many { ...Roots version } fragment Roots on Query { " + ten + " }"
    assert refusal(await ask(client, eleven)) == {
        "code": "LIMIT_EXCEEDED",
        "limit": "rootFields",
        "max": 10,
        "rootFields": 11,
    }
    await still_answers(client)


# --- the cost, before any Cypher -----------------------------------------------------------

HUNDREDS = """{ organisations(first: 100) { edges { node { members(first: 100) { edges { node {
    units(first: 100) { edges { node { name } } } } } } } } } }"""


async def test_cost_is_refused_before_any_statement(
    app: Starlette, client: httpx.AsyncClient, two: Database
) -> None:
    await still_answers(client)  # the key is looked up (and cached) by now
    registry = app.state.metrics.registry

    def reads() -> float:
        sample = registry.get_sample_value("ecosystem_neo4j_query_seconds_count", {"mode": "read"})
        return sample or 0.0

    before = reads()
    extensions = refusal(await ask(client, HUNDREDS))
    assert reads() == before
    assert extensions["code"] == "LIMIT_EXCEEDED"
    assert extensions["limit"] == "cost"
    assert extensions["max"] == 50_000
    assert extensions["cost"] > 1_000_000
    await still_answers(client)


async def test_a_mutation_reading_back_too_much_writes_nothing(
    client: httpx.AsyncClient, two: Database
) -> None:
    before = await two.read(CENSUS)
    mutation = """mutation { createOrganisation(input: {name: "C", kind: ENTERPRISE, province: "Hebei"}) {
        members(first: 100) { edges { node { members(first: 100) { edges { node {
            units(first: 100) { edges { node { name } } } } } } } } } } }"""
    assert refusal(await ask(client, mutation))["limit"] == "cost"
    assert await two.read(CENSUS) == before
    await still_answers(client)


# --- hostile requests: each coded, nothing changed, the server still up ---------------------

BIG = "长" * 100_000  # 300 KB of UTF-8
CREATE = """mutation($name: String!) {
    createOrganisation(input: {name: $name, kind: ENTERPRISE, province: "Hebei"}) { id } }"""
HOSTILE: dict[str, tuple[Any, str]] = {
    "depth 52": ({"query": nested(17)}, "LIMIT_EXCEEDED"),
    "nested past the parser": (
        {"query": "{ " + "a { " * 1500 + " }" * 1500 + " }"},
        "LIMIT_EXCEEDED",
    ),
    "1,000 aliases": (
        {"query": "{" + " ".join(f"a{i}: version" for i in range(1000)) + "}"},
        "LIMIT_EXCEEDED",
    ),
    "first: 1000000": ({"query": "{ organisations(first: 1000000) { totalCount } }"}, "BAD_INPUT"),
    "fragment cycle": (
        {"query": "{ ...A } fragment A on Query { ...B } fragment B on Query { ...A }"},
        "GRAPHQL_VALIDATION_FAILED",
    ),
    "100 KB string": ({"query": CREATE, "variables": {"name": BIG}}, "BAD_INPUT"),
    "null bytes": ({"query": CREATE, "variables": {"name": "Acme\u0000"}}, "BAD_INPUT"),
    "100 batched operations": ([{"query": "{ version }"}] * 100, "LIMIT_EXCEEDED"),
    "a batch of numbers": ([1, 2, 3], "BAD_REQUEST"),
}


@pytest.mark.parametrize("case", HOSTILE, ids=list(HOSTILE))
async def test_hostile_requests_are_coded_and_harmless(
    client: httpx.AsyncClient, two: Database, case: str
) -> None:
    payload, code = HOSTILE[case]
    before = await two.read(CENSUS)
    response = await client.post("/graphql", json=payload)
    assert response.status_code in {200, 400}
    assert {e["extensions"]["code"] for e in response.json()["errors"]} == {code}
    assert await two.read(CENSUS) == before
    await still_answers(client)


async def test_long_and_odd_strings_in_reads_are_just_values(
    client: httpx.AsyncClient, two: Database
) -> None:
    query = """query($text: String!) { search(text: $text) { score }
        organisations(where: {name: {contains: $text}}) { totalCount } }"""
    for text in (BIG, "A\u0000"):
        body = (await ask(client, query, text=text)).json()
        assert body == {"data": {"search": [], "organisations": {"totalCount": 0}}}


async def test_batches_up_to_the_limit_run(client: httpx.AsyncClient, two: Database) -> None:
    response = await client.post("/graphql", json=[{"query": COUNT}] * 10)
    assert response.json() == [{"data": {"organisations": {"totalCount": 2}}}] * 10
    refused = await client.post("/graphql", json=[{"query": COUNT}] * 11)
    assert refused.status_code == 400
    assert refusal(refused) == {
        "code": "LIMIT_EXCEEDED",
        "limit": "batch",
        "max": 10,
        "operations": 11,
    }


# --- the body ------------------------------------------------------------------------------


@pytest.mark.parametrize("declared", [True, False], ids=["content-length", "chunked"])
async def test_a_large_body_is_refused_without_reading_it(
    client: httpx.AsyncClient, two: Database, declared: bool
) -> None:
    sent = 0
    chunk = b" " * (64 * 1024)

    async def ten_mib() -> AsyncIterator[bytes]:
        nonlocal sent
        for _ in range(160):
            sent += len(chunk)
            yield chunk

    headers = {"content-type": "application/json"}
    if declared:  # otherwise httpx streams it chunked, its size unknown until the end
        headers["content-length"] = str(10 * MiB)
    response = await client.post("/graphql", content=ten_mib(), headers=headers)
    assert response.status_code == 413
    assert refusal(response) == {"code": "PAYLOAD_TOO_LARGE", "max": 4 * MiB}
    # Declared: not a byte read. Streamed: no further than the chunk that went over.
    assert sent == (0 if declared else 4 * MiB + len(chunk))
    await still_answers(client)


# --- the database's time -------------------------------------------------------------------


@pytest.fixture
async def everyone_a_member(graph: Database) -> Database:
    """60 organisations, each a member of every other."""
    await graph.write(
        "UNWIND range(1, 60) AS i CREATE (o:Organisation {id: randomUUID(), name: 'o' + i, "
        "kind: 'ENTERPRISE', source: 'test', updatedAt: datetime()}) "
        "WITH collect(o) AS all UNWIND all AS a UNWIND all AS b WITH a, b WHERE a <> b "
        "CREATE (a)-[:MEMBER_OF {id: randomUUID(), source: 'test'}]->(b)"
    )
    return graph


@changed(query_timeout_s=0.5)
async def test_a_query_past_the_timeout_is_coded(
    client: httpx.AsyncClient, everyone_a_member: Database
) -> None:
    # Nested filters over a complete graph: 60^5 paths to rule out, half a minute's work.
    where = "{members: {some: {node: " * 4 + '{name: {eq: "nobody"}}' + "}}}" * 4
    response = await ask(client, f"{{ organisations(where: {where}) {{ totalCount }} }}")
    (error,) = response.json()["errors"]
    assert error["extensions"] == {"code": "QUERY_TIMEOUT"}
    assert error["path"] == ["organisations"]
    answer = (await ask(client, COUNT)).json()
    assert answer == {"data": {"organisations": {"totalCount": 60}}}


# --- requests per key ----------------------------------------------------------------------


@changed(rate_limit=True, rate_limit_burst=3, rate_limit_per_s=2.0)
async def test_rate_limit_per_key(
    client_as: Client, client: httpx.AsyncClient, two: Database
) -> None:
    for _ in range(3):
        assert (await ask(client, COUNT)).status_code == 200
    limited = await ask(client, COUNT)
    assert limited.status_code == 429
    assert limited.headers["retry-after"] == "1"
    assert refusal(limited) == {"code": "RATE_LIMITED", "retryAfter": 1}
    for path in ("/health", "/ready", "/metrics"):
        assert (await client.get(path)).status_code == 200
    async with client_as("researcher", name="another-key") as other:
        await still_answers(other)  # a bucket per key
    await asyncio.sleep(0.6)  # one request's worth refilled at 2 a second
    await still_answers(client)


def test_buckets_are_forgotten_once_full_again() -> None:
    now = [0.0]
    buckets = TokenBuckets(burst=2, per_s=1.0, max_keys=3, clock=lambda: now[0])
    assert [buckets.take("a") for _ in range(3)] == [0.0, 0.0, 1.0]
    for key in "bcde":
        buckets.take(key)
    assert len(buckets.buckets) == 3  # at most max_keys, the longest idle dropped first
    now[0] = 2.0  # every bucket is full again: none is worth keeping
    assert buckets.take("f") == 0.0
    assert list(buckets.buckets) == ["f"]


# --- production switches -------------------------------------------------------------------

SCHEMA = "{ __schema { queryType { name } } }"
HTML = {"accept": "text/html"}


async def test_introspection_and_ide_are_on_by_default(client: httpx.AsyncClient) -> None:
    assert (await ask(client, SCHEMA)).json()["data"]["__schema"]["queryType"]
    assert (await client.get("/graphql", headers=HTML)).status_code == 200


@changed(introspection=False, graphql_ide=False)
async def test_introspection_and_ide_can_be_switched_off(
    client: httpx.AsyncClient, two: Database
) -> None:
    for query in (SCHEMA, '{ __type(name: "Organisation") { name } }'):
        errors = (await ask(client, query)).json()["errors"]
        assert {e["extensions"]["code"] for e in errors} == {"INTROSPECTION_DISABLED"}
    assert (await ask(client, "{ __typename }")).json() == {"data": {"__typename": "Query"}}
    page = await client.get("/graphql", headers=HTML)
    assert page.status_code == 404
    assert refusal(page) == {"code": "NOT_FOUND"}
    await still_answers(client)


PORTAL = "https://portal.example"
PREFLIGHT = {
    "origin": PORTAL,
    "access-control-request-method": "POST",
    "access-control-request-headers": "authorization, content-type",
}


async def test_no_cors_headers_by_default(client: httpx.AsyncClient) -> None:
    response = await client.options("/graphql", headers=PREFLIGHT)
    assert "access-control-allow-origin" not in response.headers


@changed(cors_origins=[PORTAL])
async def test_cors_for_listed_origins_only(client: httpx.AsyncClient, two: Database) -> None:
    allowed = await client.options("/graphql", headers=PREFLIGHT)
    assert allowed.status_code == 200
    assert allowed.headers["access-control-allow-origin"] == PORTAL
    assert "POST" in allowed.headers["access-control-allow-methods"]
    other = await client.options("/graphql", headers={**PREFLIGHT, "origin": "https://x.example"})
    assert "access-control-allow-origin" not in other.headers
    answer = await client.post("/graphql", json={"query": COUNT}, headers={"origin": PORTAL})
    assert answer.headers["access-control-allow-origin"] == PORTAL
