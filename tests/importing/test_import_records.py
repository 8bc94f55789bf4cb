"""importRecords: the CLI import's checks and atomicity over GraphQL, within a request limit."""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest
from starlette.applications import Starlette

from ecosystem.app import create_app
from ecosystem.graph import keys
from ecosystem.graph.database import Database
from ecosystem.settings import Settings
from tests.support.api import call
from tests.support.database import counts

IMPORT = """mutation($nodes: [JSON!]!, $links: [JSON!], $dry: Boolean) {
  importRecords(nodes: $nodes, links: $links, dryRun: $dry) { nodes relationships dryRun } }"""
BASE = "TrainingBase:33333333-3333-3333-3333-333333333333"
PROFESSION = "Profession:22222222-2222-2222-2222-222222222222"
NODES = [
    {"nodeType": "TrainingBase", "id": BASE, "name": "Base", "province": "Hebei"},
    {"nodeType": "Profession", "id": PROFESSION, "name": "Elderly care worker"},
]
LINKS = [{"relationshipType": "TRAINS_FOR", "source": BASE, "target": PROFESSION}]


async def test_records_land_audited_and_again_change_nothing(
    client: httpx.AsyncClient, graph: Database
) -> None:
    body = await call(client, IMPORT, nodes=NODES, links=LINKS)
    assert body == {"data": {"importRecords": {"nodes": 2, "relationships": 1, "dryRun": False}}}
    after = await counts(graph)
    assert after == {"nodes": 2, "relationships": 1}
    rows = await graph.read(
        "MATCH (b:TrainingBase)-[r:TRAINS_FOR]->(p:Profession) "
        "RETURN b.id AS b, b.source AS source, b.version AS v, p.id AS p"
    )
    assert rows == [
        {
            "b": BASE.split(":")[1],
            "source": "import:test-admin",
            "v": 1,
            "p": PROFESSION.split(":")[1],
        }
    ]
    assert (await call(client, IMPORT, nodes=NODES, links=LINKS))["data"]["importRecords"][
        "nodes"
    ] == 2
    assert await counts(graph) == after  # upserted by natural key, links by derived id
    audit = await graph.read(
        "MATCH (a:AuditEntry {operation: 'import'}) RETURN a.actor AS actor, a.after AS after"
    )
    assert [json.loads(a["after"]) for a in audit] == [{"nodes": 2, "relationships": 1}] * 2
    assert {a["actor"] for a in audit} == {"test-admin"}


async def test_every_problem_has_its_path_and_nothing_is_written(
    client: httpx.AsyncClient, graph: Database
) -> None:
    nodes = [
        *NODES,
        {"nodeType": "Organisation", "name": "X", "kind": "ENTERPRISE", "province": "Atlantis"},
        {"nodeType": "Standard", "code": "ISO 9001", "title": "Quality"},
        {"nodeType": "Spaceship", "name": "Y"},
    ]
    links = [
        *LINKS,
        {"relationshipType": "TRAINS_FOR", "source": BASE, "target": "Profession:nope"},
    ]
    body = await call(client, IMPORT, nodes=nodes, links=links)
    error = body["errors"][0]
    assert error["extensions"]["code"] == "BAD_INPUT"
    assert error["message"].startswith("4 problem(s)")
    assert [p["argument"] for p in error["extensions"]["problems"]] == [
        "importRecords.nodes.2.province",
        "importRecords.nodes.3.code",
        "importRecords.nodes.4.type",
        "importRecords.links.1.end",
    ]
    assert await counts(graph) == {"nodes": 0, "relationships": 0}


async def test_rules_between_properties_are_problems_too(
    client: httpx.AsyncClient, graph: Database
) -> None:
    outcome = {"nodeType": "TrainingOutcome", "reference": "R-1", "year": 2025,
               "enrolled": 10, "completed": 12}  # fmt: skip
    org = "Organisation:44444444-4444-4444-4444-444444444444"
    member = {"nodeType": "Organisation", "id": org, "name": "M", "kind": "ENTERPRISE",
              "province": "Hebei"}  # fmt: skip
    alliance = "Organisation:55555555-5555-5555-5555-555555555555"
    union = {"nodeType": "Organisation", "id": alliance, "name": "A", "kind": "ALLIANCE",
             "province": "Hebei"}  # fmt: skip
    left = {"relationshipType": "MEMBER_OF", "source": org, "target": alliance,
            "since": "2025-01-02", "until": "2025-01-01"}  # fmt: skip
    body = await call(client, IMPORT, nodes=[outcome, member, union], links=[left])
    problems = body["errors"][0]["extensions"]["problems"]
    assert [p["argument"] for p in problems] == [
        "importRecords.nodes.0.completed",
        "importRecords.links.0.since",
    ]
    assert "completed ≤ enrolled" in problems[0]["message"]
    assert await counts(graph) == {"nodes": 0, "relationships": 0}


async def test_a_link_to_nowhere_is_reported_and_nothing_is_written(
    client: httpx.AsyncClient, graph: Database
) -> None:
    elsewhere = "Profession:44444444-4444-4444-4444-444444444444"
    links = [{"relationshipType": "TRAINS_FOR", "source": BASE, "target": elsewhere}]
    body = await call(client, IMPORT, nodes=NODES, links=links)
    problem = body["errors"][0]["extensions"]["problems"][0]
    assert problem["argument"] == "importRecords.links.0.end"
    assert "neither in the files nor in the graph" in problem["message"]
    assert await counts(graph) == {"nodes": 0, "relationships": 0}


async def test_dry_run_checks_and_writes_nothing(
    client: httpx.AsyncClient, graph: Database
) -> None:
    body = await call(client, IMPORT, nodes=NODES, links=LINKS, dry=True)
    assert body["data"]["importRecords"] == {"nodes": 2, "relationships": 1, "dryRun": True}
    assert await counts(graph) == {"nodes": 0, "relationships": 0}


async def test_a_natural_key_taken_twice_is_a_constraint_violation(
    client: httpx.AsyncClient, graph: Database
) -> None:
    twins = [
        {"nodeType": "Trainer", "name": "A", "externalId": "T-1"},
        {"nodeType": "Trainer", "name": "B", "externalId": "T-2"},
    ]
    await call(client, IMPORT, nodes=twins)
    clash = [
        {"nodeType": "Trainer", "name": "C", "externalId": "T-3"},
        # a new trainer whose file id belongs to T-1: the id constraint refuses it
        {"nodeType": "Trainer", "name": "D", "externalId": "T-4", "id": await _id_of(graph, "T-1")},
    ]
    body = await call(client, IMPORT, nodes=clash)
    assert body["errors"][0]["extensions"]["code"] == "CONSTRAINT_VIOLATION"
    assert body["errors"][0]["message"] == "another Trainer already has this id"
    assert (await counts(graph))["nodes"] == 2  # T-3 did not land either


async def _id_of(graph: Database, external: str) -> str:
    rows = await graph.read("MATCH (t:Trainer {externalId: $e}) RETURN t.id AS id", {"e": external})
    return f"Trainer:{rows[0]['id']}"


@pytest.fixture
async def small_limit_client(settings: Settings, graph: Database) -> Any:
    app: Starlette = create_app(settings.model_copy(update={"import_max_records": 2}))
    key = await keys.create(graph, "test-admin", "admin", None)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        headers = {"authorization": f"Bearer {key}"}
        async with httpx.AsyncClient(
            transport=transport, base_url="http://test", headers=headers
        ) as http:
            yield http


async def test_more_records_than_the_limit_are_refused(
    small_limit_client: httpx.AsyncClient, graph: Database
) -> None:
    body = await call(small_limit_client, IMPORT, nodes=NODES, links=LINKS)
    error = body["errors"][0]
    assert error["extensions"]["code"] == "BAD_INPUT"
    assert error["extensions"]["expected"] == "at most 2 nodes and links together"
    assert await counts(graph) == {"nodes": 0, "relationships": 0}


async def test_a_record_that_is_not_an_object_is_bad_input(client: httpx.AsyncClient) -> None:
    body = await call(client, IMPORT, nodes=[NODES[0], "oops"])
    error = body["errors"][0]
    assert error["extensions"]["code"] == "BAD_INPUT"
    assert error["extensions"]["argument"] == "importRecords.nodes.1"
