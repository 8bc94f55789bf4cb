"""ecosystem import while Neo4j itself goes down: after the restart the graph is as it was."""

from __future__ import annotations

import asyncio
import json
import subprocess
from pathlib import Path

import pytest

from ecosystem.graph.database import Database
from ecosystem.localdb import LocalNeo4j
from ecosystem.settings import Settings
from tests.support.database import counts, reconnected, seen_importing, snapshot
from tests.support.processes import ECOSYSTEM
from tests.support.worked import COVERAGE_LINKS as LINKS
from tests.support.worked import COVERAGE_NODES as NODES


async def test_neo4j_stopping_mid_import_leaves_the_graph_as_it_was(
    settings: Settings, coverage_graph: Database, tmp_path: Path
) -> None:
    if not settings.uses_local_neo4j:
        pytest.skip("TEST_NEO4J_URI points at an external server, which this test cannot stop")
    server, graph = LocalNeo4j.from_settings(settings), coverage_graph
    await graph.write("MATCH (t:Trainer) SET t.externalId = t.name")  # the natural key
    before, state = await counts(graph), await snapshot(graph)
    assert before == {"nodes": len(NODES), "relationships": len(LINKS)}
    # The first record renames an existing trainer (its batch runs before the stop); the rest
    # are new, enough that the one transaction is still writing when the server goes down.
    renamed = {"nodeType": "Trainer", "name": "Renamed", "externalId": "Elderly trainer"}
    new = [
        {"nodeType": "Trainer", "name": f"O{i}", "externalId": f"OUT-{i}"} for i in range(60_000)
    ]
    path = tmp_path / "outage.json"
    path.write_text(json.dumps({"nodes": [renamed, *new], "links": []}), encoding="utf-8")

    process = await asyncio.create_subprocess_exec(
        ECOSYSTEM, "import", str(path), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    output = asyncio.create_task(process.communicate())
    try:
        mid_transaction = await seen_importing(graph)
        still_running = process.returncode is None
        await asyncio.to_thread(server.stop)
        _, stderr_bytes = await asyncio.wait_for(output, timeout=120)
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()
        await asyncio.to_thread(server.start)
    await reconnected(graph)

    stderr = stderr_bytes.decode()
    assert mid_transaction, "the import's transaction was never seen running"
    assert still_running, "the import finished before the server was stopped"
    assert process.returncode != 0, stderr
    assert "Traceback" not in stderr, stderr
    assert "nothing was imported" in stderr, stderr
    assert await counts(graph) == before
    assert await snapshot(graph) == state  # not one property of the renamed trainer moved
    rows = await graph.read(
        "RETURN COUNT { MATCH (t:Trainer) WHERE t.externalId STARTS WITH 'OUT-' } AS imported"
    )
    assert rows == [{"imported": 0}]
