"""Fixtures over a real Neo4j: the test server, a driver, a clean graph and the app.

The suite never touches `make run`'s database: it uses its own local server (port 7688, data in
.neo4j/test), started here when it is not running and stopped again at the end, or the server
named by TEST_NEO4J_URI, which it wipes. A NEO4J_URI meant for the app is ignored on purpose.
"""

from __future__ import annotations

import contextlib
import logging
import os
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import AbstractAsyncContextManager

import httpx
import pytest
from starlette.applications import Starlette

os.environ.pop("NEO4J_URI", None)
if os.environ.get("TEST_NEO4J_URI"):
    os.environ["NEO4J_URI"] = os.environ["TEST_NEO4J_URI"]
os.environ.setdefault("ECOSYSTEM_LOCAL_NEO4J_PORT", "7688")
# Neo4j refuses a home with `..` in it (pytest run by hand, not through make test).
os.environ.setdefault(
    "ECOSYSTEM_LOCAL_NEO4J_HOME",
    os.path.normpath(os.path.join(os.path.dirname(__file__), "..", ".neo4j", "test")),
)
# One test client hammers the API faster than any partner may; tests/api/test_limits.py
# switches the rate limit back on where it is the subject.
os.environ.setdefault("ECOSYSTEM_RATE_LIMIT", "false")

from ecosystem.app import create_app
from ecosystem.graph import keys, migrations
from ecosystem.graph import seed as graph_seed
from ecosystem.graph.database import Database
from ecosystem.localdb import LocalNeo4j
from ecosystem.seeding import Plan
from ecosystem.settings import Settings
from tests.support.graphs import build
from tests.support.matrix import LINKS as MATRIX_LINKS
from tests.support.matrix import NODES as MATRIX_NODES
from tests.support.worked import (
    COLLABORATION_LINKS,
    COLLABORATION_NODES,
    COVERAGE_LINKS,
    COVERAGE_NODES,
)


@pytest.fixture(scope="session")
def settings() -> Settings:
    return Settings()


@pytest.fixture(scope="session")
def neo4j_server(settings: Settings) -> Iterator[str]:
    """The test database's URI; a local one is started (and later stopped) when needed."""
    if not settings.uses_local_neo4j:
        yield settings.bolt_uri
        return
    local = LocalNeo4j.from_settings(settings)
    started = local.start()
    try:
        yield local.uri
    finally:
        if started:
            local.stop()


@pytest.fixture(scope="session")
async def db(settings: Settings, neo4j_server: str) -> AsyncIterator[Database]:
    database = Database(settings)
    await migrations.apply(database, migrations.load(settings.migrations_dir))
    yield database
    await database.close()


@pytest.fixture
async def graph(db: Database) -> Database:
    """The database with an empty ecosystem (migration bookkeeping is kept)."""
    await db.run_autocommit(
        "MATCH (n) WHERE NOT n:SchemaMigration "
        "CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS"
    )
    await db.await_search_index()  # no stale hits from the last test's nodes
    return db


@pytest.fixture
async def app(settings: Settings, graph: Database) -> AsyncIterator[Starlette]:
    application = create_app(settings)
    async with application.router.lifespan_context(application):
        yield application


Client = Callable[..., AbstractAsyncContextManager[httpx.AsyncClient]]


@pytest.fixture
def client_as(app: Starlette, graph: Database) -> Client:
    """A client holding a new key of `role` (and `organisation`, a raw id, for partners);
    role None: no key at all."""

    @contextlib.asynccontextmanager
    async def open_client(
        role: str | None, organisation: str | None = None, name: str | None = None
    ) -> AsyncIterator[httpx.AsyncClient]:
        headers = {}
        if role is not None:
            key = await keys.create(graph, name or f"test-{role}", role, organisation)
            headers["authorization"] = f"Bearer {key}"
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(
            transport=transport, base_url="http://test", headers=headers
        ) as http:
            yield http

    return open_client


@pytest.fixture
async def client(client_as: Client) -> AsyncIterator[httpx.AsyncClient]:
    """The API as the secretariat's admin sees it: everything may be read and written."""
    async with client_as("admin", name="test-admin") as http:
        yield http


# --- shared graphs ---------------------------------------------------------------------------


@pytest.fixture
async def coverage_graph(graph: Database) -> Database:
    """The coverage matrix's hand-worked graph (tests/support/worked.py)."""
    await build(graph, COVERAGE_NODES, COVERAGE_LINKS)
    return graph


@pytest.fixture
async def collaboration_graph(graph: Database) -> Database:
    """The collaborations' hand-worked graph (tests/support/worked.py)."""
    await build(graph, COLLABORATION_NODES, COLLABORATION_LINKS)
    return graph


@pytest.fixture
async def matrix_graph(graph: Database) -> Database:
    """The authorization matrix's graph: two of every type, every relationship type once
    (tests/support/matrix.py)."""
    await build(graph, MATRIX_NODES, MATRIX_LINKS)
    return graph


@pytest.fixture(scope="module")
async def seeded(db: Database) -> Database:
    """The seed graph `make run` loads, for a whole module (read-only tests only)."""
    await db.run_autocommit(
        "MATCH (n) WHERE NOT n:SchemaMigration "
        "CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS"
    )
    await graph_seed.load(db, Plan(1).datasets())
    return db


@pytest.fixture(scope="module")
async def seed_client(settings: Settings, seeded: Database) -> AsyncIterator[httpx.AsyncClient]:
    """As a newcomer on `make run` asks: no key, public fields readable."""
    app: Starlette = create_app(settings.model_copy(update={"public_read": True}))
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as http:
            yield http


@pytest.fixture
def deadlocks(caplog: pytest.LogCaptureFixture) -> Iterator[list[str]]:
    """Every driver log line that reports a deadlock (read after the writes)."""
    caplog.set_level(logging.DEBUG, logger="neo4j")
    lines: list[str] = []

    class Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            if "DeadlockDetected" in record.getMessage():
                lines.append(record.getMessage()[:300])

    handler = Collect()
    logging.getLogger("neo4j").addHandler(handler)
    yield lines
    logging.getLogger("neo4j").removeHandler(handler)
