"""The one async driver of a process, and the two ways to run Cypher through it.

Reads run in read transactions (so a cluster routes them to followers), writes in write
transactions; each is timed, carries a server-side timeout, and turns every sign that the
database cannot be reached into `DatabaseUnavailable`, so callers handle one exception.
"""

from __future__ import annotations

import time
from typing import Any, LiteralString

import neo4j
from neo4j import AsyncGraphDatabase, AsyncManagedTransaction
from neo4j.exceptions import ConnectionPoolError, ServiceUnavailable, SessionExpired

from ecosystem.metrics import Metrics
from ecosystem.settings import Settings

Record = dict[str, Any]
_UNAVAILABLE = (ServiceUnavailable, SessionExpired, ConnectionPoolError, OSError)


class DatabaseUnavailable(Exception):
    """Neo4j could not be reached (down, restarting, network) within the driver's timeouts."""


class Database:
    """A driver plus the database name, timeouts and metrics every statement needs."""

    def __init__(self, settings: Settings, metrics: Metrics | None = None) -> None:
        auth = None
        if settings.neo4j_uri is not None and settings.neo4j_password.get_secret_value():
            auth = (settings.neo4j_user, settings.neo4j_password.get_secret_value())
        self.driver = AsyncGraphDatabase.driver(
            settings.bolt_uri,
            auth=auth,
            connection_timeout=settings.neo4j_connection_timeout_s,
            max_transaction_retry_time=settings.neo4j_retry_s,
            connection_acquisition_timeout=settings.neo4j_connection_timeout_s * 2,
            # Our statements are reviewed and tested; server hints would only flood the log.
            notifications_min_severity="OFF",
        )
        self.database = settings.neo4j_database
        self.timeout_s = settings.query_timeout_s
        self.export_timeout_s = settings.export_timeout_s
        self.metrics = metrics or Metrics()

    async def close(self) -> None:
        await self.driver.close()

    async def __aenter__(self) -> Database:
        return self

    async def __aexit__(self, *_: object) -> None:
        await self.close()

    async def read(
        self,
        cypher: LiteralString,
        params: dict[str, Any] | None = None,
    ) -> list[Record]:
        return await self._run("read", cypher, params)

    async def write(
        self,
        cypher: LiteralString,
        params: dict[str, Any] | None = None,
    ) -> list[Record]:
        return await self._run("write", cypher, params)

    async def run_autocommit(
        self, cypher: LiteralString, params: dict[str, Any] | None = None, *, mode: str = "write"
    ) -> list[Record]:
        """One auto-commit statement, never retried: schema changes (which cannot share a
        transaction with writes) and probes that must answer fast rather than wait out retries."""
        access = neo4j.READ_ACCESS if mode == "read" else neo4j.WRITE_ACCESS
        try:
            async with self.driver.session(
                database=self.database, default_access_mode=access
            ) as session:
                result = await session.run(neo4j.Query(cypher, timeout=self.timeout_s), params)
                return [record.data() async for record in result]
        except _UNAVAILABLE as error:
            raise DatabaseUnavailable(str(error)) from error

    async def await_search_index(self) -> None:
        """Wait until the full-text index has caught up with every committed write. It is
        eventually consistent (commits do not wait for Lucene; migration 0003), so a process
        that must find what it just wrote calls this first."""
        await self.run_autocommit(
            "CALL db.index.fulltext.awaitEventuallyConsistentIndexRefresh()", mode="read"
        )

    async def _run(
        self, mode: str, cypher: LiteralString, params: dict[str, Any] | None
    ) -> list[Record]:
        @neo4j.unit_of_work(timeout=self.timeout_s)
        async def work(tx: AsyncManagedTransaction) -> list[Record]:
            result = await tx.run(cypher, params or {})
            return [record.data() async for record in result]

        started = time.perf_counter()
        try:
            async with self.driver.session(database=self.database) as session:
                execute = session.execute_read if mode == "read" else session.execute_write
                return await execute(work)
        except _UNAVAILABLE as error:
            raise DatabaseUnavailable(str(error)) from error
        finally:
            self.metrics.query_seconds.labels(mode).observe(time.perf_counter() - started)
