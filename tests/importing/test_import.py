"""ecosystem import: every error reported first, then all records or none, idempotent."""

from __future__ import annotations

import asyncio
import json
import subprocess
from pathlib import Path

import httpx
import pytest

from ecosystem.graph.database import Database
from tests.support.database import counts, importing, seen_importing, wipe
from tests.support.graphs import build
from tests.support.processes import ECOSYSTEM, cli
from tests.support.worked import COVERAGE_LINKS as LINKS
from tests.support.worked import COVERAGE_NODES as NODES


@pytest.fixture
async def exported(graph: Database, tmp_path: Path) -> Path:
    await build(graph, NODES, LINKS)
    await graph.write("MATCH (t:Trainer) SET t.externalId = t.name")  # the natural key
    await graph.write("MATCH (s:Standard {code: 'T/X 2-2024'}) SET s.code = 'T/XX 2-2024'")
    assert cli("export", "--format", "json", "--out", str(tmp_path / "graph.json")).returncode == 0
    assert cli("export", "--format", "csv", "--out", str(tmp_path / "csv")).returncode == 0
    return tmp_path


@pytest.mark.parametrize("files", [["graph.json"], ["csv/nodes.csv", "csv/relationships.csv"]])
async def test_export_imports_back_and_again_changes_nothing(
    graph: Database, exported: Path, files: list[str]
) -> None:
    before = await counts(graph)
    await wipe(graph)
    paths = [str(exported / f) for f in files]
    first = cli("import", *paths)
    assert first.returncode == 0, first.stderr
    assert await counts(graph) == before
    versions = await graph.read(
        "MATCH (n:Course) RETURN n.code AS code, n.version AS v ORDER BY code"
    )
    assert cli("import", *paths).returncode == 0
    assert await counts(graph) == before  # upserted by natural key: nothing new
    assert (
        await graph.read("MATCH (n:Course) RETURN n.code AS code, n.version AS v ORDER BY code")
        == versions
    )


async def test_dry_run_lists_every_bad_row_and_writes_nothing(
    graph: Database, tmp_path: Path
) -> None:
    data = {
        "nodes": [
            {
                "id": "Organisation:3df20164-63ee-4e2d-a809-9740749aaf25",
                "nodeType": "Organisation",
                "name": "Fine Co",
                "kind": "ENTERPRISE",
                "province": "Beijing",
                "dataSource": "t",
            },
            {
                "nodeType": "Organisation",
                "name": "Bad Province",
                "kind": "ENTERPRISE",
                "province": "Atlantis",
            },
            {"nodeType": "Standard", "code": "ISO 9001", "title": "Quality"},
            {"nodeType": "Course", "title": "No code"},
        ],
        "links": [],
    }
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    done = cli("import", "--dry-run", str(path))
    assert done.returncode == 1
    assert "bad.json:2: province" in done.stderr
    assert "bad.json:3: code" in done.stderr
    assert "bad.json:4: code" in done.stderr
    assert "bad.json:1" not in done.stderr
    assert (await counts(graph))["nodes"] == 0


async def test_a_failure_midway_leaves_nothing(graph: Database, tmp_path: Path) -> None:
    data = {
        "nodes": [
            {
                "nodeType": "Profession",
                "name": "Elderly care worker",
                "id": "Profession:3df20164-63ee-4e2d-a809-9740749aaf25",
            }
        ],
        "links": [
            {
                "relationshipType": "TRAINS_FOR",
                "source": "TrainingBase:00000000-0000-0000-0000-000000000001",
                "target": "Profession:3df20164-63ee-4e2d-a809-9740749aaf25",
            }
        ],
    }
    path = tmp_path / "dangling.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    done = cli("import", str(path))
    assert done.returncode == 1
    assert "neither in the files nor in the graph" in done.stderr
    assert (await counts(graph))["nodes"] == 0


async def test_imported_nodes_are_read_back(
    client: httpx.AsyncClient, graph: Database, exported: Path
) -> None:
    await wipe(graph)
    assert cli("import", str(exported / "graph.json")).returncode == 0
    body = (await client.post("/graphql", json={"query": "{ courses { totalCount } }"})).json()
    assert body["data"]["courses"]["totalCount"] == 2
    audit = await graph.read("MATCH (a:AuditEntry {operation: 'import'}) RETURN a.after AS after")
    assert json.loads(audit[0]["after"])["nodes"] == len(NODES)


async def test_killing_the_import_leaves_nothing(graph: Database, tmp_path: Path) -> None:
    records = [
        {"nodeType": "Trainer", "name": f"T{i}", "externalId": f"K-{i}", "dataSource": "t"}
        for i in range(60_000)
    ]
    path = tmp_path / "many.json"
    path.write_text(json.dumps({"nodes": records, "links": []}), encoding="utf-8")
    process = await asyncio.create_subprocess_exec(
        ECOSYSTEM, "import", str(path), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    assert await seen_importing(graph), "the import's transaction was never seen running"
    process.kill()
    assert await process.wait() != 0  # killed mid-way, not finished
    for _ in range(100):  # the server notices the closed connection and rolls back
        if not await importing(graph):
            break
        await asyncio.sleep(0.1)
    assert (await counts(graph))["nodes"] == 0


async def test_relationships_follow_nodes_merged_into_existing_ones(
    graph: Database, tmp_path: Path
) -> None:
    await graph.write(
        "CREATE (:Profession {id: '11111111-1111-1111-1111-111111111111', "
        "name: 'Elderly care worker', source: 'graph', updatedAt: datetime(), version: 1})"
    )
    data = {
        "nodes": [
            {
                "id": "Profession:22222222-2222-2222-2222-222222222222",
                "nodeType": "Profession",
                "name": "Elderly care worker",
                "dataSource": "file",
            },
            {
                "id": "TrainingBase:33333333-3333-3333-3333-333333333333",
                "nodeType": "TrainingBase",
                "name": "Base",
                "dataSource": "file",
            },
        ],
        "links": [
            {
                "relationshipType": "TRAINS_FOR",
                "dataSource": "file",
                "source": "TrainingBase:33333333-3333-3333-3333-333333333333",
                "target": "Profession:22222222-2222-2222-2222-222222222222",
            }
        ],
    }
    path = tmp_path / "merge.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    assert cli("import", str(path)).returncode == 0
    rows = await graph.read("MATCH (:TrainingBase)-[:TRAINS_FOR]->(p:Profession) RETURN p.id AS id")
    assert rows == [{"id": "11111111-1111-1111-1111-111111111111"}]  # the existing profession
