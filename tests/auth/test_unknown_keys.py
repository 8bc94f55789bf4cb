"""Made-up API keys cost a database lookup each: they are metered per client address and the
same unknown key is refused again without one (api/auth.py)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from starlette.applications import Starlette

from ecosystem.app import create_app
from ecosystem.graph import keys
from ecosystem.graph.database import Database
from ecosystem.settings import Settings

QUERY = {"query": "{ organisations { totalCount } }"}


@pytest.fixture
def lookups(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every key the API looks up in the (real) database."""
    seen: list[str] = []
    find = keys.find

    async def counted(db: Database, key: str) -> Any:
        seen.append(key)
        return await find(db, key)

    monkeypatch.setattr(keys, "find", counted)
    return seen


@pytest.fixture
async def api(settings: Settings, graph: Database) -> AsyncIterator[httpx.AsyncClient]:
    """Three unknown keys at once per address, and next to no refill during a test."""
    app: Starlette = create_app(
        settings.model_copy(
            update={"rate_limit": True, "unknown_key_burst": 3, "unknown_key_per_s": 0.01}
        )
    )
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as http:
            yield http


async def ask(api: httpx.AsyncClient, key: str) -> httpx.Response:
    return await api.post("/graphql", json=QUERY, headers={"authorization": f"Bearer {key}"})


async def test_unknown_keys_are_metered_per_address(
    api: httpx.AsyncClient, graph: Database, lookups: list[str]
) -> None:
    good = await keys.create(graph, "portal", "researcher", None)
    assert (await ask(api, good)).status_code == 200  # looked up once, then cached
    for n in range(3):
        assert (await ask(api, f"made-up-{n}")).status_code == 401
    assert len(lookups) == 4

    again = await ask(api, "made-up-0")  # remembered as unknown: no lookup
    assert again.status_code == 401
    assert again.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    assert len(lookups) == 4

    refused = await ask(api, "made-up-3")  # the address's budget is spent: refused first
    assert refused.status_code == 429
    error = refused.json()["errors"][0]
    assert error["extensions"]["code"] == "RATE_LIMITED"
    assert int(refused.headers["retry-after"]) >= 1
    assert len(lookups) == 4

    assert (await ask(api, good)).status_code == 200  # a known key never spends the budget
    assert len(lookups) == 4
