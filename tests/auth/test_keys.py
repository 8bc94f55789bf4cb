"""API keys: made and revoked by the CLI, stored as hashes, checked on every request."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from starlette.applications import Starlette

from ecosystem.app import create_app
from ecosystem.domain.access import render_roles
from ecosystem.graph import keys
from ecosystem.graph.database import Database
from ecosystem.graph.mutations.guard import render_partner_writes
from ecosystem.settings import PROJECT_ROOT, Settings
from tests.conftest import Client
from tests.support.graphs import build, gid, uid
from tests.support.processes import cli

QUERY = {"query": "{ organisations { totalCount } }"}


@pytest.fixture
async def strict(settings: Settings, graph: Database) -> AsyncIterator[httpx.AsyncClient]:
    """The app as deployed: no anonymous reads, key lookups not cached."""
    app: Starlette = create_app(
        settings.model_copy(update={"public_read": False, "key_cache_s": 0})
    )
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as http:
            yield http


def bearer(key: str) -> dict[str, str]:
    return {"authorization": f"Bearer {key}"}


async def test_a_key_is_shown_once_stored_as_a_hash_and_revoked(
    strict: httpx.AsyncClient, graph: Database
) -> None:
    made = cli("keys", "create", "--name", "research-lab", "--role", "researcher")
    assert made.returncode == 0, made.stderr
    key = made.stdout.strip()
    assert key.startswith("eco_")
    assert len(key) > 40
    stored = await graph.read("MATCH (k:ApiKey) RETURN properties(k) AS props")
    assert key not in json.dumps(stored, default=str)  # only its hash
    assert stored[0]["props"]["hash"] == keys.digest(key)

    response = await strict.post("/graphql", json=QUERY, headers=bearer(key))
    assert response.json() == {"data": {"organisations": {"totalCount": 0}}}
    listed = cli("keys", "list")
    assert "research-lab" in listed.stdout
    assert key not in listed.stdout

    assert cli("keys", "revoke", "research-lab").returncode == 0
    refused = await strict.post("/graphql", json=QUERY, headers=bearer(key))
    assert refused.status_code == 401
    assert refused.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    assert cli("keys", "revoke", "research-lab").returncode == 1  # nothing live to revoke


async def test_keys_are_checked_before_anything_runs(strict: httpx.AsyncClient) -> None:
    for headers in (
        {},  # anonymous, and anonymous reads are off
        bearer("eco_not-a-key"),
        {"authorization": "Basic dXNlcjpwYXNz"},
    ):
        response = await strict.post("/graphql", json=QUERY, headers=headers)
        assert response.status_code == 401, headers
        assert response.headers["www-authenticate"] == "Bearer"
        assert response.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    assert (await strict.get("/export/json")).status_code == 401
    ide = await strict.get("/graphql", headers={"accept": "text/html"})
    assert ide.status_code == 200  # the IDE page holds no data
    assert (await strict.get("/health")).status_code == 200


def test_partner_keys_need_an_existing_organisation() -> None:
    done = cli("keys", "create", "--name", "p", "--role", "partner")
    assert done.returncode == 1
    assert "--organisation" in done.stderr
    missing = gid("Organisation", "nowhere")
    made = cli("keys", "create", "--name", "p", "--role", "partner", "--organisation", missing)
    assert made.returncode == 1
    assert "no organisation" in made.stderr


async def test_the_audit_trail_records_key_and_role(client_as: Client, graph: Database) -> None:
    await build(graph, {"Org": ("Organisation", {"name": "A", "kind": "ENTERPRISE"})}, [])
    async with client_as("partner", uid("Org"), name="acme-portal") as partner:
        body = await _post(
            partner,
            'mutation($id: ID!) { updateOrganisation(id: $id, input: {city: "Tianjin"}) { city } }',
            id=gid("Organisation", "Org"),
        )
        assert body == {"data": {"updateOrganisation": {"city": "Tianjin"}}}
        refused = await _post(partner, "{ changes(first: 5) { edges { node { actor } } } }")
        assert refused["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    async with client_as("secretariat") as secretariat:
        trail = await _post(secretariat, "{ changes(first: 5) { edges { node { actor role } } } }")
    assert trail["data"]["changes"]["edges"][0]["node"] == {
        "actor": "acme-portal",
        "role": "partner",
    }


async def test_exports_follow_the_role(client_as: Client, graph: Database) -> None:
    trainer = {"name": "T", "externalId": "T1", "phone": "138", "email": "t@x.cn"}
    await build(graph, {"T": ("Trainer", trainer)}, [])
    async with client_as("researcher") as researcher:
        shared = await researcher.get("/export/json")
    assert shared.status_code == 200
    (node,) = shared.json()["nodes"]
    assert node["externalId"] == "T1"
    assert "phone" not in node
    assert "email" not in node
    async with client_as("secretariat") as secretariat:
        (full,) = (await secretariat.get("/export/json")).json()["nodes"]
    assert full["phone"] == "138"
    async with client_as("partner", uid("T")) as partner:
        refused = await partner.get("/export/json")
    assert refused.status_code == 403
    assert refused.json()["errors"][0]["extensions"]["code"] == "FORBIDDEN"


@pytest.mark.parametrize("page", ["roles-and-keys.md", "roles-and-keys.zh-CN.md"])
def test_the_docs_show_the_policy_table(page: str) -> None:
    text = (PROJECT_ROOT / "docs" / page).read_text(encoding="utf-8")
    assert render_roles() in text
    assert render_partner_writes() in text


async def _post(client: httpx.AsyncClient, query: str, **variables: Any) -> Any:
    return (await client.post("/graphql", json={"query": query, "variables": variables})).json()


async def test_keys_cannot_be_checked_without_the_database(settings: Settings) -> None:
    closed = settings.model_copy(
        update={"neo4j_uri": "bolt://127.0.0.1:9", "neo4j_connection_timeout_s": 0.5}
    )
    closed.__dict__.pop("bolt_uri", None)  # a cached property of the copied settings
    app: Starlette = create_app(closed)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as http:
            response = await http.post("/graphql", json=QUERY, headers=bearer("eco_whatever"))
    assert response.status_code == 503
    assert response.json()["errors"][0]["extensions"]["code"] == "DATABASE_UNAVAILABLE"
