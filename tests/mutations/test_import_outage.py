"""ecosystem import while Neo4j itself goes down: after the restart the graph is as it was."""

from __future__ import annotations

import asyncio
import contextlib
import json
import subprocess
from pathlib import Path
from typing import Any

import pytest
from neo4j.exceptions import TransientError

from ecosystem.graph.database import Database, DatabaseUnavailable
from ecosystem.localdb import LocalNeo4j
from ecosystem.settings import Settings
from tests.mutations.test_import import ECOSYSTEM, counts, seen_importing
from tests.questions.graphs import build
from tests.questions.test_coverage import LINKS, NODES

SNAPSHOT = (
    "CALL () { MATCH (n) WHERE NOT n:SchemaMigration WITH n ORDER BY n.id "
    "RETURN collect([labels(n), properties(n)]) AS nodes } "
    "CALL () { MATCH ()-[r]->() WITH r ORDER BY r.id "
    "RETURN collect([type(r), startNode(r).id, endNode(r).id, properties(r)]) AS links } "
    "RETURN nodes, links"
)


async def snapshot(db: Database) -> dict[str, Any]:
    """Every ecosystem node and relationship with all its properties, in a stable order."""
    return (await db.read(SNAPSHOT))[0]


async def reconnected(db: Database, within_s: float = 30.0) -> None:
    """Wait until the session's driver gets a statement through again. Bolt answers before the
    database is open, and the pool still holds connections to the stopped server."""
    for _ in range(int(within_s / 0.5)):
        with contextlib.suppress(DatabaseUnavailable, TransientError):
            await db.run_autocommit("RETURN 1", mode="read")
            return
        await asyncio.sleep(0.5)
    await db.run_autocommit("RETURN 1", mode="read")  # the last try raises what is wrong


async def test_neo4j_stopping_mid_import_leaves_the_graph_as_it_was(
    settings: Settings, graph: Database, tmp_path: Path
) -> None:
    if not settings.uses_local_neo4j:
        pytest.skip("TEST_NEO4J_URI points at an external server, which this test cannot stop")
    server = LocalNeo4j.from_settings(settings)
    await build(graph, NODES, LINKS)
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
