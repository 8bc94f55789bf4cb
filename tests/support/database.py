"""The graph as tests see it: snapshots and counts, and probes of what the server is doing."""

from __future__ import annotations

import asyncio
import contextlib
from typing import Any

from neo4j.exceptions import TransientError

from ecosystem.graph.database import Database, DatabaseUnavailable

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


# Base facts only: bookkeeping, the audit trail, keys and the derived facts are not counted.
COUNTS = (
    "RETURN COUNT { MATCH (n) WHERE NOT n:SchemaMigration AND NOT n:AuditEntry AND NOT n:ApiKey "
    "AND NOT n:CoverageCell AND NOT n:EcosystemCounters } AS nodes, "
    "COUNT { MATCH ()-[r]->() WHERE NOT r:COLLABORATES AND NOT r:UNITS_OVERLAP } AS relationships"
)


async def counts(db: Database) -> dict[str, Any]:
    return (await db.read(COUNTS))[0]


async def wipe(db: Database) -> None:
    await db.write("MATCH (n) WHERE NOT n:SchemaMigration AND NOT n:ApiKey DETACH DELETE n")


async def importing(graph: Database) -> bool:
    """Whether an import transaction is running on the server now (SHOW TRANSACTIONS lists
    itself, and its own text names the MERGE, so it leaves itself out)."""
    rows = await graph.run_autocommit(
        "SHOW TRANSACTIONS YIELD currentQuery WHERE currentQuery CONTAINS 'MERGE (n:Trainer' "
        "AND NOT currentQuery STARTS WITH 'SHOW' RETURN count(*) AS n",
        mode="read",
    )
    return bool(rows[0]["n"])


async def seen_importing(db: Database, within_s: float = 60.0) -> bool:
    """Wait until the import's transaction is writing batches; False when it never was."""
    for _ in range(int(within_s / 0.05)):
        if await importing(db):
            return True
        await asyncio.sleep(0.05)
    return False
