"""The HTTP surface on a real database: GraphQL, health, readiness, metrics, errors."""

from __future__ import annotations

import gc

import httpx
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from ecosystem import __version__
from ecosystem.app import create_app
from ecosystem.graph import migrations
from ecosystem.graph.database import Database
from ecosystem.settings import Settings


async def post(client: httpx.AsyncClient, query: str, **extra: object) -> httpx.Response:
    return await client.post("/graphql", json={"query": query, **extra})


async def test_typename(client: httpx.AsyncClient) -> None:
    response = await post(client, "{__typename}")
    assert response.status_code == 200
    assert response.json() == {"data": {"__typename": "Query"}}


async def test_get_serves_queries(client: httpx.AsyncClient) -> None:
    response = await client.get("/graphql", params={"query": "{ version }"})
    assert response.json() == {"data": {"version": __version__}}


async def test_get_refuses_mutations(client: httpx.AsyncClient) -> None:
    response = await client.get("/graphql", params={"query": "mutation { x }"})
    assert response.status_code == 400
    assert response.json() == {
        "errors": [
            {
                "message": "mutations are not allowed when using GET",
                "extensions": {"code": "BAD_REQUEST"},
            }
        ]
    }


async def test_malformed_json_is_coded(client: httpx.AsyncClient) -> None:
    response = await client.post(
        "/graphql", content=b"{not json", headers={"content-type": "application/json"}
    )
    assert response.status_code == 400
    assert response.json()["errors"][0]["extensions"] == {"code": "BAD_REQUEST"}


async def test_stats_count_the_ecosystem_only(client: httpx.AsyncClient, graph: Database) -> None:
    await graph.write("CREATE (:Organisation {name: 'a'})-[:PART_OF]->(:Organisation {name: 'b'})")
    response = await post(client, "{ ecosystemStats { nodeCount relationshipCount } }")
    stats = response.json()["data"]["ecosystemStats"]
    assert stats == {"nodeCount": 2, "relationshipCount": 1}


async def test_validation_error_is_coded(client: httpx.AsyncClient) -> None:
    body = (await post(client, "{ nope }")).json()
    assert body["errors"][0]["extensions"] == {"code": "GRAPHQL_VALIDATION_FAILED"}
    assert body["errors"][0]["locations"] == [{"line": 1, "column": 3}]


async def test_syntax_error_is_coded(client: httpx.AsyncClient) -> None:
    body = (await post(client, "{ version ")).json()
    assert body["errors"][0]["extensions"]["code"] == "GRAPHQL_PARSE_FAILED"


async def test_health_needs_no_database(client: httpx.AsyncClient) -> None:
    response = await client.get("/health")
    assert response.json() == {"status": "ok"}


async def test_ready_reports_the_migration(client: httpx.AsyncClient, settings: Settings) -> None:
    response = await client.get("/ready")
    assert response.status_code == 200
    newest = migrations.latest(migrations.load(settings.migrations_dir))
    assert newest >= 3  # the files on disk, all applied
    assert response.json() == {"status": "ready", "migration": newest}


async def test_ready_waits_for_pending_migrations(
    client: httpx.AsyncClient, graph: Database
) -> None:
    await graph.write("MATCH (m:SchemaMigration {version: 1}) SET m.version = -1")
    try:
        response = await client.get("/ready")
    finally:
        await graph.write("MATCH (m:SchemaMigration {version: -1}) SET m.version = 1")
    assert response.status_code == 503
    assert response.json() == {
        "status": "unavailable",
        "reason": "migrations pending",
        "pending": ["0001_domain"],
    }


async def test_ready_says_a_newer_release_migrated_the_graph(
    client: httpx.AsyncClient, graph: Database, settings: Settings
) -> None:
    ahead = migrations.latest(migrations.load(settings.migrations_dir)) + 1
    await graph.write("CREATE (:SchemaMigration {version: $v, checksum: 'x'})", {"v": ahead})
    try:
        response = await client.get("/ready")
    finally:
        await graph.write("MATCH (m:SchemaMigration {version: $v}) DELETE m", {"v": ahead})
    # Still ready: the old instances of a rolling upgrade serve reads until the new ones are up.
    assert response.status_code == 200
    assert response.json() == {"status": "ready", "migration": ahead - 1, "behind": [ahead]}


async def test_request_id_is_returned_or_kept(client: httpx.AsyncClient) -> None:
    generated = await client.get("/health")
    assert len(generated.headers["x-request-id"]) == 32
    kept = await client.get("/health", headers={"x-request-id": "portal-42"})
    assert kept.headers["x-request-id"] == "portal-42"
    hostile = await client.get("/health", headers={"x-request-id": "a\tb" * 40})
    assert hostile.headers["x-request-id"] != "a\tb" * 40


async def test_metrics_by_route_operation_and_code(client: httpx.AsyncClient) -> None:
    await post(client, "query Stats { ecosystemStats { nodeCount } }", operationName="Stats")
    await post(client, "{ nope }")
    text = (await client.get("/metrics")).text
    assert 'ecosystem_http_requests_total{method="POST",route="/graphql",status="200"} 2.0' in text
    assert 'ecosystem_graphql_operations_total{operation="Stats"} 1.0' in text
    assert 'ecosystem_neo4j_query_seconds_count{mode="read"}' in text
    assert 'ecosystem_errors_total{code="GRAPHQL_VALIDATION_FAILED"} 1.0' in text


async def test_crash_outside_graphql_is_masked(settings: Settings) -> None:
    app = create_app(settings)

    async def boom(request: Request) -> Response:
        raise RuntimeError("secret internals")

    app.router.routes.append(Route("/boom", boom))
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as http:
        response = await http.get("/boom", headers={"x-request-id": "abc"})
    assert response.status_code == 500
    assert response.json() == {
        "errors": [
            {
                "message": "Internal server error.",
                "extensions": {"code": "INTERNAL_ERROR", "requestId": "abc"},
            }
        ]
    }


async def test_variables_of_the_wrong_type_are_bad_input(client: httpx.AsyncClient) -> None:
    response = await post(
        client,
        "query($n: Int) { organisations(first: $n) { totalCount } }",
        variables={"n": "many"},
    )
    (error,) = response.json()["errors"]
    assert error["extensions"] == {"code": "BAD_INPUT"}
    assert "Int cannot represent" in error["message"]


async def test_answers_are_compact_utf8_json(client: httpx.AsyncClient) -> None:
    """Chinese as UTF-8, not `\\u` escapes, and no spaces (api/view.py's orjson encoder), on
    the full path and on the repeat path alike."""
    made = await post(
        client,
        'mutation { createOrganisation(input: {name: "Jiazheng Co-op", nameZh: "家政合作社", '
        "kind: ENTERPRISE}) { id } }",
    )
    assert made.status_code == 200, made.text
    query = "{ organisations { edges { node { nameZh } } } }"
    for _ in range(2):  # the second is a repeat query
        response = await post(client, query)
        assert response.content == (
            '{"data":{"organisations":{"edges":[{"node":{"nameZh":"家政合作社"}}]}}}'.encode()
        )


async def test_start_up_freezes_its_objects_once_per_process(settings: Settings) -> None:
    """Full collections skip start-up's objects (app.settle_heap): frozen when the app
    starts, and a second app in the same process does not freeze again what it allocated."""
    gc.unfreeze()
    application = create_app(settings)
    async with application.router.lifespan_context(application):
        frozen = gc.get_freeze_count()
        assert frozen > 10_000  # the schema, the plans, the modules
    again = create_app(settings)
    async with again.router.lifespan_context(again):
        assert gc.get_freeze_count() <= frozen  # (frozen objects may still be freed)
