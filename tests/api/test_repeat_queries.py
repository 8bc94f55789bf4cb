"""Repeat queries (api/repeat_queries.py): a query document seen before runs from its compiled
statements, answers exactly as the full path does, and hands everything else back to it."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from typing import Any

import graphql
import httpx
import pytest
from graphql import DocumentNode
from starlette.applications import Starlette

from ecosystem.api import repeat_queries
from ecosystem.api.cost import Pages
from ecosystem.api.repeat_queries import RepeatQueries
from ecosystem.api.schema import build_schema
from ecosystem.app import create_app
from ecosystem.graph import keys
from ecosystem.graph.database import Database
from ecosystem.limits import Limits
from ecosystem.settings import Settings
from tests.conftest import Client

NAMESPACE = uuid.UUID("0d5e7c1a-0000-4000-8000-000000000000")


def uid(name: str) -> str:
    return str(uuid.uuid5(NAMESPACE, name))


async def post(client: httpx.AsyncClient, query: str, **variables: Any) -> dict[str, Any]:
    response = await client.post("/graphql", json={"query": query, "variables": variables})
    assert response.status_code == 200
    body: dict[str, Any] = response.json()
    return body


def counter(app: Starlette, name: str, **labels: str) -> float:
    return app.state.metrics.registry.get_sample_value(name, labels) or 0.0


def repeats(app: Starlette) -> float:
    return counter(app, "ecosystem_graphql_repeat_queries_total")


def statements(app: Starlette) -> float:
    return counter(app, "ecosystem_neo4j_query_seconds_count", mode="read")


async def small_graph(db: Database) -> None:
    await db.write(
        "CREATE (o:Organisation {id: $o, name: 'Acme Home Services', kind: 'ENTERPRISE', "
        "province: 'Beijing', source: 'test', updatedAt: datetime(), version: 1}) "
        "CREATE (p:Organisation {id: $p, name: 'Beijing Open University', "
        "kind: 'OPEN_UNIVERSITY', province: 'Beijing', source: 'test', updatedAt: datetime(), "
        "version: 1}) "
        "CREATE (t:Trainer {id: $t, name: 'Wang Lihua', phone: '13800000000', source: 'test', "
        "updatedAt: datetime(), version: 1}) "
        "CREATE (t)-[:AFFILIATED_WITH {id: $a, type: 'FULL_TIME', source: 'test', "
        "updatedAt: datetime()}]->(o)",
        {"o": uid("acme"), "p": uid("bou"), "t": uid("wang"), "a": uid("aff")},
    )


TWO_FIELDS = """
query Two($id: ID!, $first: Int) {
  org: node(id: $id) { ... on Organisation { name trainers { edges { type node { name } } } } }
  organisations(first: $first, orderBy: [{name: DESC}]) {
    totalCount pageInfo { hasNextPage endCursor } edges { cursor node { ...Names } } }
}
fragment Names on Organisation { name kind }
"""


async def test_a_repeat_answers_as_the_first_time_one_statement_a_field(
    app: Starlette, client: httpx.AsyncClient, graph: Database
) -> None:
    await small_graph(graph)
    variables = {"id": f"Organisation:{uid('acme')}", "first": 1}
    first = await post(client, TWO_FIELDS, **variables)
    assert "errors" not in first, first
    assert first["data"]["org"]["trainers"]["edges"] == [
        {"type": "FULL_TIME", "node": {"name": "Wang Lihua"}}
    ]
    before, sent = repeats(app), statements(app)
    again = [await post(client, TWO_FIELDS, **variables) for _ in range(3)]
    assert again == [first] * 3
    assert repeats(app) - before == 3
    assert statements(app) - sent == 6  # two root fields, one statement each
    # Other variable values reuse the plan and get their own answer (a page further on).
    cursor = first["data"]["organisations"]["pageInfo"]["endCursor"]
    body = await client.post(
        "/graphql",
        json={"query": TWO_FIELDS, "variables": {**variables, "after": cursor}},
        headers={"content-type": "application/json; charset=utf-8"},
    )
    assert body.json()["data"]["organisations"]["totalCount"] == 2
    assert repeats(app) - before == 4


async def test_a_repeat_with_bad_variables_or_a_big_page_gets_the_usual_errors(
    app: Starlette, client: httpx.AsyncClient, graph: Database
) -> None:
    await small_graph(graph)
    query = """query Deep($first: Int) { organisations(first: $first) { edges { node {
        trainers(first: $first) { edges { node { credentials(first: $first) {
            edges { node { name } } } } } } } } } }"""
    assert "errors" not in await post(client, query, first=2)
    before = repeats(app)
    costly = await post(client, query, first=100)
    assert costly["errors"][0]["extensions"]["code"] == "LIMIT_EXCEEDED"
    assert costly["errors"][0]["extensions"]["limit"] == "cost"
    wrong = await post(client, query, first="two")
    fresh = await post(client, query + " ", first="two")  # a new text: the full path
    assert wrong["errors"][0]["message"] == fresh["errors"][0]["message"]
    assert wrong["errors"][0]["extensions"]["code"] == fresh["errors"][0]["extensions"]["code"]
    assert repeats(app) == before


async def test_a_repeat_masks_private_fields_for_each_key(
    app: Starlette, client: httpx.AsyncClient, client_as: Client, graph: Database
) -> None:
    await small_graph(graph)
    query = "query Phones { trainers { edges { node { name phone } } } }"
    async with client_as("partner", uid("bou"), name="other-partner") as partner:
        answers = [await post(partner, query) for _ in range(2)]
    for body in answers:
        assert body["data"]["trainers"]["edges"] == [
            {"node": {"name": "Wang Lihua", "phone": None}}
        ]
        assert body["extensions"]["forbiddenFields"][0]["field"] == "Trainer.phone"
    seen = await post(client, query)  # the same document, repeated, for an admin
    assert seen["data"]["trainers"]["edges"][0]["node"]["phone"] == "13800000000"
    assert "extensions" not in seen


def writes(app: Starlette) -> float:
    return counter(app, "ecosystem_neo4j_query_seconds_count", mode="write")


async def stored(graph: Database, name: str) -> dict[str, Any]:
    """The organisation's city and version as the graph holds them."""
    (row,) = await graph.read("MATCH (o:Organisation {id: $id}) RETURN o.city AS city, "
                              "o.version AS version", {"id": uid(name)})  # fmt: skip
    return row


RENAME = """mutation Rename($id: ID!, $city: String!, $expected: Int) {
    updateOrganisation(id: $id, input: {city: $city}, expectedVersion: $expected) {
        city version } }"""


async def test_a_repeated_mutation_writes_each_time_in_one_statement(
    app: Starlette, client: httpx.AsyncClient, graph: Database
) -> None:
    """A mutation is a repeat too: each request writes (version, audit) in one transaction,
    and a refusal (a stale expectedVersion) is coded as the full path codes it, writing
    nothing."""
    await small_graph(graph)
    acme = f"Organisation:{uid('acme')}"
    before, written = repeats(app), writes(app)
    answers = [(await post(client, RENAME, id=acme, city=f"c{i}"))["data"] for i in range(3)]
    assert [a["updateOrganisation"] for a in answers] == [
        {"city": f"c{i}", "version": i + 2} for i in range(3)
    ]
    assert repeats(app) - before == 2  # the first ran the full path
    assert writes(app) - written == 3
    stale = await post(client, RENAME, id=acme, city="late", expected=2)
    fresh = await post(client, RENAME + " ", id=acme, city="late", expected=2)  # full path
    assert stale == fresh
    assert stale["data"] is None
    assert stale["errors"][0]["extensions"]["code"] == "CONFLICT"
    assert stale["errors"][0]["path"] == ["updateOrganisation"]
    audit = await graph.read(
        "MATCH (c:AuditEntry {targetId: $id}) RETURN count(c) AS n", {"id": uid("acme")}
    )
    assert audit[0]["n"] == 3
    assert await stored(graph, "acme") == {"city": "c2", "version": 4}


async def test_a_mutation_stops_at_its_first_failed_field_on_either_path(
    app: Starlette, client: httpx.AsyncClient, graph: Database
) -> None:
    """Mutation fields run in turn; a non-null one that fails ends the operation: the fields
    after it do not write, repeated or not."""
    await small_graph(graph)
    two = """mutation Two($a: ID!, $b: ID!, $expected: Int, $city: String!) {
        first: updateOrganisation(id: $a, input: {city: $city}, expectedVersion: $expected) {
            version }
        second: updateOrganisation(id: $b, input: {city: $city}) { version } }"""
    ids = {"a": f"Organisation:{uid('acme')}", "b": f"Organisation:{uid('bou')}"}
    assert "errors" not in await post(client, two, **ids, city="x")  # remembered
    before = repeats(app)
    repeated = await post(client, two, **ids, expected=1, city="y")  # acme is at version 2
    full = await post(client, two + " ", **ids, expected=1, city="z")
    assert repeats(app) - before == 1
    for body in (repeated, full):
        assert body["data"] is None
        assert [(e["path"], e["extensions"]["code"]) for e in body["errors"]] == [
            (["first"], "CONFLICT")
        ]
    assert await stored(graph, "bou") == {"city": "x", "version": 2}


async def test_failing_queries_are_never_repeats(
    app: Starlette, client: httpx.AsyncClient, graph: Database
) -> None:
    await small_graph(graph)
    before = repeats(app)
    missing = "query Missing($id: ID!) { collaborations(organisationId: $id) { strength } }"
    unknown = f"Organisation:{uid('nobody')}"
    codes = [
        (await post(client, missing, id=unknown))["errors"][0]["extensions"]["code"]
        for _ in range(2)
    ]
    assert codes == ["NOT_FOUND", "NOT_FOUND"]
    assert repeats(app) == before


def test_a_document_that_is_never_a_repeat_is_parsed_once(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An import (or a query that does not compile) is remembered as having no plan: each
    request of it would otherwise parse its text again, after the full path's own parse."""
    limits = Limits.from_settings(settings)
    repeats = RepeatQueries(build_schema()._schema, Pages(limits), limits.cost)
    texts: list[str] = []

    def parse(text: str) -> DocumentNode:
        texts.append(text)
        return graphql.parse(text)

    monkeypatch.setattr(repeat_queries, "parse", parse)
    mutation = "mutation M($n: [JSON!]!) { importRecords(nodes: $n) { nodes } }"
    query = "query Q { organisations { totalCount } }"
    for _ in range(3):
        repeats.remember((mutation, "M"), lambda name: True)
        repeats.remember((query, "Q"), lambda name: name != "organisations")
    assert texts == [mutation, query]
    assert repeats.plans == {(mutation, "M"): None, (query, "Q"): None}


@pytest.fixture
async def impatient(
    settings: Settings, graph: Database
) -> AsyncIterator[tuple[Starlette, httpx.AsyncClient]]:
    """The API with a 1 s transaction timeout, and an admin's client of it."""
    application = create_app(settings.model_copy(update={"query_timeout_s": 1.0}))
    key = await keys.create(graph, "impatient-admin", "admin", None)
    async with application.router.lifespan_context(application):
        transport = httpx.ASGITransport(app=application)
        headers = {"authorization": f"Bearer {key}"}
        async with httpx.AsyncClient(
            transport=transport, base_url="http://test", headers=headers
        ) as http:
            yield application, http


async def test_a_repeat_that_times_out_runs_its_statement_once(
    impatient: tuple[Starlette, httpx.AsyncClient], graph: Database
) -> None:
    """The document ran cleanly on a small graph; grown (one course developed by 3,000
    organisations: a filter nested three deep checks billions of paths), its repeat outlives
    the timeout. The client gets QUERY_TIMEOUT, coded as the full path would code it, and
    Neo4j ran the statement once."""
    app, client = impatient
    await small_graph(graph)
    nobody = '{node: {name: {eq: "nobody"}}}'
    query = (
        "query Deep { organisations(where: {courses: {some: {node: {developers: {some: {node: "
        "{courses: {some: {node: {developers: {some: " + nobody + "}}}}}}}}}}}) { totalCount } }"
    )
    assert "errors" not in await post(client, query)
    await graph.write(
        "CREATE (c:Course {id: randomUUID(), code: 'C-ALL', title: 'C', source: 'test', "
        "updatedAt: datetime(), version: 1}) WITH c UNWIND range(1, 3000) AS i "
        "CREATE (c)-[:DEVELOPED_BY {id: randomUUID(), source: 'test', updatedAt: datetime()}]->"
        "(:Organisation {id: randomUUID(), name: 'Org ' + i, kind: 'ENTERPRISE', "
        "source: 'test', updatedAt: datetime(), version: 1})"
    )
    before, sent = repeats(app), statements(app)
    body = await post(client, query)
    assert body["data"] is None
    assert [e["extensions"]["code"] for e in body["errors"]] == ["QUERY_TIMEOUT"]
    assert body["errors"][0]["path"] == ["organisations"]
    assert repeats(app) - before == 1
    assert statements(app) - sent == 1  # the repeat's only: the full path did not run it again


async def test_a_repeat_checks_the_fields_permission_for_each_caller(
    app: Starlette, client: httpx.AsyncClient, client_as: Client, graph: Database
) -> None:
    """`changes` requires the audit grant: the admin's document, repeated by a researcher,
    is refused as the full path refuses it, and runs nothing."""
    await small_graph(graph)
    query = "query Trail { changes(first: 1) { totalCount } }"
    assert "errors" not in await post(client, query)
    before, sent = repeats(app), statements(app)
    async with client_as("researcher", name="curious") as researcher:
        refused = await post(researcher, query)
    assert refused["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert refused["data"] is None
    assert repeats(app) - before == 1
    assert statements(app) == sent
