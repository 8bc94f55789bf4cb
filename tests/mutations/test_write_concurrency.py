"""Concurrent writers of one node queue on its lock: no deadlock, no lost version, no gap.

Each test sends 32 writes at once, on a dense node (thousands of relationships, where Neo4j
stores relationships by type in groups with locks of their own) and on a sparse one, and checks
every answer, the versions, the audit trail and the driver's log (a deadlock shows there as a
`DeadlockDetected` failure and a retry even when the retry succeeds).
"""

from __future__ import annotations

import asyncio
import itertools
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from neo4j import AsyncGraphDatabase
from starlette.applications import Starlette

from ecosystem.app import create_app
from ecosystem.graph.database import Database
from ecosystem.settings import Settings
from tests.support.api import call, count, create

WRITERS = 32
DENSE = 3000  # relationships of the dense organisation (Neo4j's dense threshold is 50)

UPDATE = """mutation($id: ID!, $input: OrganisationUpdateInput!) {
  updateOrganisation(id: $id, input: $input) { version website } }"""
LINK = """mutation($from: ID!, $to: ID!) {
  linkAffiliatedWith(fromId: $from, toId: $to, input: {type: PART_TIME}) { id } }"""
UNLINK = "mutation($id: ID!) { unlinkAffiliatedWith(id: $id) { id deleted } }"
NUMBERS = itertools.count()


async def organisation(client: httpx.AsyncClient, graph: Database, degree: int) -> str:
    """A new organisation with `degree` courses developed by it; its global id."""
    created = await create(client, name=f"Org {next(NUMBERS)} with {degree} links")
    await graph.write(
        "MATCH (o:Organisation {id: $id}) UNWIND range(1, $degree) AS i "
        "CREATE (:Course {id: randomUUID(), code: 'C-' + $id + '-' + i, title: 'C', "
        "source: 'test', updatedAt: datetime(), version: 1})"
        "-[:DEVELOPED_BY {id: randomUUID(), source: 'test', updatedAt: datetime()}]->(o)",
        {"id": created["id"].split(":")[1], "degree": degree},
    )
    return str(created["id"])


async def trainers(client: httpx.AsyncClient, n: int) -> list[str]:
    bodies = [
        await call(
            client,
            "mutation($n: String!) { createTrainer(input: {name: $n}) { id } }",
            n=f"Trainer {i}",
        )
        for i in range(n)
    ]
    return [b["data"]["createTrainer"]["id"] for b in bodies]


async def version(client: httpx.AsyncClient, global_id: str) -> int:
    body = await call(
        client,
        "query($id: ID!) { node(id: $id) { ... on Organisation { version } "
        "... on Trainer { version } } }",
        id=global_id,
    )
    return int(body["data"]["node"]["version"])


async def audits(graph: Database, operation: str) -> int:
    return await count(
        graph, "MATCH (a:AuditEntry {operation: $op}) RETURN count(a) AS n", op=operation
    )


def assert_all_data(results: list[dict[str, Any]], field: str) -> None:
    failed = [r["errors"] for r in results if "errors" in r or not r["data"][field]]
    assert not failed, failed[:3]


@pytest.mark.parametrize("degree", [DENSE, 1], ids=["dense", "sparse"])
async def test_concurrent_updates_of_one_node_queue(
    client: httpx.AsyncClient, graph: Database, deadlocks: list[str], degree: int
) -> None:
    org = await organisation(client, graph, degree)
    results = await asyncio.gather(
        *(
            call(client, UPDATE, id=org, input={"website": f"https://w{i}.example"})
            for i in range(WRITERS)
        )
    )
    assert_all_data(results, "updateOrganisation")
    versions = sorted(r["data"]["updateOrganisation"]["version"] for r in results)
    assert versions == list(range(2, WRITERS + 2))  # each write saw the one before it
    assert await audits(graph, "update") == WRITERS
    assert deadlocks == []


@pytest.mark.parametrize("degree", [DENSE, 1], ids=["dense", "sparse"])
async def test_concurrent_links_from_one_node_queue(
    client: httpx.AsyncClient, graph: Database, deadlocks: list[str], degree: int
) -> None:
    """32 links start at one trainer (its version counts them) and end at organisations that
    are dense or sparse: the trainer's lock orders them, the ends never deadlock."""
    (trainer,) = await trainers(client, 1)
    ends = [await organisation(client, graph, degree) for _ in range(4)]
    results = await asyncio.gather(
        *(call(client, LINK, **{"from": trainer, "to": ends[i % 4]}) for i in range(WRITERS))
    )
    assert_all_data(results, "linkAffiliatedWith")
    assert await version(client, trainer) == WRITERS + 1
    assert await audits(graph, "link") == WRITERS
    assert deadlocks == []


async def test_concurrent_links_to_one_dense_node_and_its_updates(
    client: httpx.AsyncClient, graph: Database, deadlocks: list[str]
) -> None:
    """32 trainers link to one dense organisation while it is updated 32 times."""
    org = await organisation(client, graph, DENSE)
    people = await trainers(client, WRITERS)
    results = await asyncio.gather(
        *(call(client, LINK, **{"from": t, "to": org}) for t in people),
        *(
            call(client, UPDATE, id=org, input={"website": f"https://w{i}.example"})
            for i in range(WRITERS)
        ),
    )
    assert_all_data(results[:WRITERS], "linkAffiliatedWith")
    assert_all_data(results[WRITERS:], "updateOrganisation")
    assert await version(client, org) == WRITERS + 1
    assert deadlocks == []


async def test_concurrent_unlinks_from_one_node_queue(
    client: httpx.AsyncClient, graph: Database, deadlocks: list[str]
) -> None:
    (trainer,) = await trainers(client, 1)
    org = await organisation(client, graph, DENSE)
    links = [await call(client, LINK, **{"from": trainer, "to": org}) for _ in range(WRITERS)]
    ids = [body["data"]["linkAffiliatedWith"]["id"] for body in links]
    results = await asyncio.gather(*(call(client, UNLINK, id=i) for i in ids))
    assert_all_data(results, "unlinkAffiliatedWith")
    assert await version(client, trainer) == 2 * WRITERS + 1
    assert await audits(graph, "unlink") == WRITERS
    assert deadlocks == []


async def test_writers_queued_behind_a_delete_are_told_it_is_gone(
    client: httpx.AsyncClient, graph: Database, deadlocks: list[str]
) -> None:
    org = await organisation(client, graph, DENSE)
    delete = "mutation($id: ID!) { deleteOrganisation(id: $id, detach: true) { deleted } }"
    updates = [
        call(client, UPDATE, id=org, input={"website": f"https://w{i}.example"})
        for i in range(WRITERS)
    ]
    results = await asyncio.gather(*updates[:16], call(client, delete, id=org), *updates[16:])
    codes = {e["extensions"]["code"] for r in results for e in r.get("errors", ())}
    assert codes <= {"NOT_FOUND"}  # data, or the node was gone when its turn came
    assert results[16]["data"]["deleteOrganisation"]["deleted"] is True
    assert await count(graph, "MATCH (o:Organisation) RETURN count(o) AS n") == 0
    assert deadlocks == []


@pytest.fixture
async def impatient_app(settings: Settings, graph: Database) -> AsyncIterator[Starlette]:
    """The API with a 1 s transaction timeout and 0.5 s of driver retries."""
    quick = settings.model_copy(update={"query_timeout_s": 1.0, "neo4j_retry_s": 0.5})
    application = create_app(quick)
    async with application.router.lifespan_context(application):
        yield application


async def test_a_write_held_up_too_long_is_busy_and_writes_nothing(
    client: httpx.AsyncClient, graph: Database, impatient_app: Starlette, neo4j_server: str
) -> None:
    """Another transaction (a long import, say) holds the node's lock past the write's time:
    the write answers DATABASE_BUSY with Retry-After, and nothing of it lands."""
    org = await organisation(client, graph, 1)
    raw = org.split(":")[1]
    key = client.headers["authorization"]
    driver = AsyncGraphDatabase.driver(neo4j_server, auth=None)
    async with driver, driver.session(database=graph.database) as session:
        holder = await session.begin_transaction()
        await holder.run("MATCH (o:Organisation {id: $id}) SET o.city = 'held'", id=raw)
        async with httpx.AsyncClient(
            transport=httpx.ASGITransport(app=impatient_app),
            base_url="http://test",
            headers={"authorization": key, "accept": "application/graphql-response+json"},
        ) as impatient:
            response = await impatient.post(
                "/graphql",
                json={"query": UPDATE, "variables": {"id": org, "input": {"website": "x"}}},
            )
        await holder.rollback()
    body = response.json()
    assert response.status_code == 503
    assert response.headers["retry-after"] == "1"
    assert body["data"] is None
    assert body["errors"][0]["extensions"] == {"code": "DATABASE_BUSY", "retryAfter": 1}
    assert body["errors"][0]["path"] == ["updateOrganisation"]
    assert await version(client, org) == 1
    assert await audits(graph, "update") == 0
