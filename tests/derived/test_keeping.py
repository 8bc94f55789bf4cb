"""A graph a newer release migrated refuses this release's writes of derived facts (a rolling
upgrade's old instances), and this release's rebuilds stamp the way they keep them."""

from __future__ import annotations

import json
import uuid
from pathlib import Path

import httpx
import pytest

from ecosystem.graph import Outdated, derived, migrations
from ecosystem.graph.database import Database
from ecosystem.graph.derived import keeping
from ecosystem.settings import Settings
from tests.mutations.test_relationship_writes import LINK, trainer
from tests.support.api import ORG, call, count, create
from tests.support.processes import cli

STAMPED = "MATCH (g:EcosystemCounters {id: 'ecosystem'}) RETURN g.keptBy AS n"


async def stamp(db: Database, version: int) -> None:
    await db.write(keeping.STAMP, {"id": "ecosystem", "version": version})


def test_the_version_is_the_newest_migration_that_changes_the_way(settings: Settings) -> None:
    loaded = migrations.load(settings.migrations_dir)
    newest = max(m.version for m in loaded if m.rebuild or m.rekeep)
    assert newest == keeping.VERSION, "set VERSION in graph/derived/keeping.py to the newest one"


async def test_a_newer_way_refuses_derived_writes_and_writes_nothing(
    client: httpx.AsyncClient, graph: Database
) -> None:
    t, org = await trainer(client), (await create(client))["id"]
    await stamp(graph, keeping.VERSION + 1)
    refused = await call(client, LINK, **{"from": t, "to": org, "input": {"type": "FULL_TIME"}})
    error = refused["errors"][0]
    assert error["extensions"] == {
        "code": "UPGRADE_REQUIRED",
        "keptBy": keeping.VERSION + 1,
        "knows": keeping.VERSION,
    }
    assert "upgrade" in error["message"]
    assert await count(graph, "MATCH ()-[r:AFFILIATED_WITH]->() RETURN count(r) AS n") == 0
    assert await count(graph, "MATCH (a:AuditEntry {operation: 'link'}) RETURN count(a) AS n") == 0
    # A write no derived fact reads goes on: it cannot leave one stale.
    renamed = await call(
        client,
        'mutation($id: ID!) { updateOrganisation(id: $id, input: {website: "https://acme.example"}) '
        "{ website } }",
        id=org,
    )
    assert renamed["data"]["updateOrganisation"] == {"website": "https://acme.example"}


async def test_the_way_known_writes_on(client: httpx.AsyncClient, graph: Database) -> None:
    t, org = await trainer(client), (await create(client))["id"]
    await stamp(graph, keeping.VERSION)
    linked = await call(client, LINK, **{"from": t, "to": org, "input": {"type": "FULL_TIME"}})
    assert "errors" not in linked, linked


async def test_a_rebuild_stamps_its_way_and_refuses_a_newer_one(graph: Database) -> None:
    await derived.rebuild(graph)
    assert await count(graph, STAMPED) == keeping.VERSION
    await stamp(graph, keeping.VERSION + 1)
    with pytest.raises(Outdated):
        await derived.rebuild(graph)
    assert await count(graph, STAMPED) == keeping.VERSION + 1  # nothing cleared or written
    for command in ("--rebuild", "--check"):  # a check would compare with the old way
        refused = cli("derive", command)
        assert refused.returncode == 1
        assert "upgrade it" in refused.stderr


async def test_migrate_warns_of_migrations_a_newer_release_applied(
    graph: Database, settings: Settings
) -> None:
    ahead = migrations.latest(migrations.load(settings.migrations_dir)) + 1
    await graph.write("CREATE (:SchemaMigration {version: $v, checksum: 'x'})", {"v": ahead})
    try:
        migrated = cli("migrate")
    finally:
        await graph.write("MATCH (m:SchemaMigration {version: $v}) DELETE m", {"v": ahead})
    assert migrated.returncode == 0, migrated.stderr
    assert f"migration(s) {ahead}, which this release does not know" in migrated.stderr


async def test_an_import_is_refused_whole(graph: Database, tmp_path: Path) -> None:
    organisation = {"nodeType": "Organisation", **ORG, "id": f"Organisation:{uuid.uuid4()}"}
    path = tmp_path / "one.json"
    path.write_text(json.dumps({"nodes": [organisation], "links": []}), encoding="utf-8")
    await stamp(graph, keeping.VERSION + 1)
    refused = cli("import", str(path))
    assert refused.returncode == 1
    assert "nothing was imported" in refused.stderr
    assert "upgrade it" in refused.stderr
    assert await count(graph, "MATCH (o:Organisation) RETURN count(o) AS n") == 0
