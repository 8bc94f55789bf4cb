"""The one async driver of a process, and the two ways to run Cypher through it.

Reads run in read sessions (so a cluster routes them to followers), each one auto-commit
statement, retried as the driver retries transactions; writes run in managed write
transactions, but for one statement whose checks are all inside it (`write_statement`, an
update's), auto-commit too. Each is timed, carries a server-side timeout, and turns every sign
that the database cannot be reached into `DatabaseUnavailable`, and every transient refusal
that outlived the retries into `DatabaseBusy`, so callers handle two exceptions, not the
driver's.
Every transaction carries the current request's `TRANSACTION_METADATA` (its id, the GraphQL
operation's name), so `SHOW TRANSACTIONS` and Neo4j's query log say which request ran it.
With tracing on (api/tracing.py), each is also a span: `neo4j.read` or `neo4j.write`, with the
statements it ran and the attempts, never their parameters.
"""

from __future__ import annotations

import asyncio
import logging
import random
import time
from collections.abc import Awaitable, Callable, Iterator, Mapping
from contextlib import AbstractContextManager, contextmanager, nullcontext
from contextvars import ContextVar
from typing import Any, Generic, LiteralString, Protocol, TypeVar, cast

import neo4j
from neo4j import AsyncGraphDatabase, AsyncManagedTransaction, AsyncResult
from neo4j.exceptions import (
    ClientError,
    ConnectionPoolError,
    DriverError,
    Neo4jError,
    ServiceUnavailable,
    SessionExpired,
    TransientError,
)
from neo4j.exceptions import DatabaseUnavailable as Neo4jDatabaseUnavailable

from ecosystem.graph.breaker import Breaker, RefusedConnections, Unreachable, address
from ecosystem.graph.liveness import Handshake
from ecosystem.metrics import Metrics
from ecosystem.settings import Settings

Record = dict[str, Any]
T = TypeVar("T")
T_co = TypeVar("T_co", covariant=True)
#: What the current request is (`requestId`, `operation`): one dict per request, begun by the
#: API's first middleware and filled in place, so what GraphQL's execution adds (in a copy of
#: the request's context) is seen by the middleware's access line too.
TRANSACTION_METADATA: ContextVar[dict[str, str]] = ContextVar("transaction_metadata")

# A rebuild at scale 500 on two cores was cancelled by the breaker: Neo4j, busy with the
# rebuild's own writes, took over 3 s to open the check's connection.
BATCH_CHECK_S = 60.0
# The liveness check times its handshake itself (liveness.py); the breaker's own bound on it
# is a backstop this much longer.
LOOP_SLACK_S = 10.0


def begin_metadata(**items: str | None) -> None:
    """A new request: its own metadata, starting with `items`."""
    TRANSACTION_METADATA.set({})
    with_metadata(**items)


def with_metadata(**items: str | None) -> None:
    """Add to the current request's transaction metadata (None values are left out)."""
    current = TRANSACTION_METADATA.get(None)
    if current is None:
        current = {}
        TRANSACTION_METADATA.set(current)
    current.update({k: v for k, v in items.items() if v})


def _metadata() -> dict[str, str] | None:
    return dict(TRANSACTION_METADATA.get({})) or None


class Attributed(Protocol):
    """A span, to this module: something attributes are set on (OpenTelemetry's `Span`)."""

    def set_attribute(self, key: str, value: int) -> None: ...


#: Opens the span of one transaction by its name (`neo4j.read`): api/tracing.py's, when tracing
#: is on. None keeps OpenTelemetry out of the process and every transaction as it was.
TransactionSpans = Callable[[str], AbstractContextManager[Attributed]]
STATEMENTS, ATTEMPTS = "neo4j.statements", "neo4j.attempts"


_UNAVAILABLE = (
    ServiceUnavailable,
    SessionExpired,
    ConnectionPoolError,
    Neo4jDatabaseUnavailable,  # the server is up, the database is not (starting, stopped)
    OSError,
)
# A transaction stopped while it waited for a lock (its timeout ran out behind another writer,
# or it was terminated): the driver reports it as a client error, but trying again is the cure.
_LOCK_WAIT_STOPPED = "Neo.ClientError.Transaction.LockClientStopped"


class DatabaseUnavailable(Exception):
    """Neo4j could not be reached (down, restarting, network) within the driver's timeouts."""


class DatabaseBusy(Exception):
    """Neo4j refused the transaction for a passing reason (a deadlock, a lock it waited for too
    long) and kept refusing while the driver retried; nothing was written, and the same request
    a moment later will most likely succeed."""

    retry_after_s = 1
    #: What the client is told (api/errors.py).
    told = (
        "Other writes to the same data held this one up; nothing was written. "
        "Send it again in a moment."
    )


@contextmanager
def translated(breaker: Breaker | None = None) -> Iterator[None]:
    """The driver's outage and contention errors as ours (`DatabaseUnavailable`,
    `DatabaseBusy`); anything else passes through unchanged. An outage opens `breaker`."""
    try:
        yield
    except Unreachable as error:
        raise DatabaseUnavailable(str(error)) from error
    except _UNAVAILABLE as error:
        if breaker is not None:
            breaker.trip()
        raise DatabaseUnavailable(str(error)) from error
    except TransientError as error:
        raise DatabaseBusy(error.message or str(error)) from error
    except ClientError as error:
        if error.code != _LOCK_WAIT_STOPPED:
            raise
        raise DatabaseBusy(error.message or str(error)) from error


class Database:
    """A driver plus the database name, timeouts and metrics every statement needs."""

    def __init__(
        self,
        settings: Settings,
        metrics: Metrics | None = None,
        spans: TransactionSpans | None = None,
        *,
        batch: bool = False,
    ) -> None:
        """`batch`: for a command that works on the whole graph (migrate, derive, seed,
        import, export): each statement may take as long as an export's, and a connection
        slow to open under the command's own load is not an outage."""
        auth = None
        if settings.neo4j_uri is not None and settings.neo4j_password.get_secret_value():
            auth = (settings.neo4j_user, settings.neo4j_password.get_secret_value())
        self._uri, self._auth = settings.bolt_uri, auth
        self.connection_timeout_s = settings.neo4j_connection_timeout_s
        self.driver = self._new_driver(
            max_transaction_retry_time=settings.neo4j_retry_s,
            connection_acquisition_timeout=settings.neo4j_connection_timeout_s * 2,
        )
        self.database = settings.neo4j_database
        self.timeout_s = settings.export_timeout_s if batch else settings.query_timeout_s
        self.retry_s = settings.neo4j_retry_s
        self.export_timeout_s = settings.export_timeout_s
        self.metrics = metrics or Metrics()
        self.spans = spans
        # Fail fast while Neo4j is unreachable (graph/breaker.py); the driver's own word of a
        # refused connection opens it before the driver starts waiting to retry.
        self.check_timeout_s = (
            max(settings.neo4j_connection_timeout_s, BATCH_CHECK_S)
            if batch
            else settings.neo4j_connection_timeout_s
        )
        self.breaker = Breaker(
            self._probe,
            reachable=Handshake(self._uri, self._auth, self.check_timeout_s),
            liveness_timeout_s=settings.neo4j_liveness_timeout_s,
            check_timeout_s=self.check_timeout_s + LOOP_SLACK_S,
            probe_timeout_s=settings.query_timeout_s,
        )
        self._refused = RefusedConnections(self.breaker, address(settings.bolt_uri))
        logging.getLogger("neo4j").addHandler(self._refused)

    async def close(self) -> None:
        logging.getLogger("neo4j").removeHandler(self._refused)
        await self.breaker.close()
        await self.driver.close()

    def _new_driver(self, **options: Any) -> neo4j.AsyncDriver:
        """A driver to the configured server, with `options` beside the shared ones."""
        return AsyncGraphDatabase.driver(
            self._uri,
            auth=self._auth,
            connection_timeout=self.connection_timeout_s,
            # Our statements are reviewed and tested; server hints would only flood the log.
            notifications_min_severity="OFF",
            **options,
        )

    def _fresh_driver(self) -> neo4j.AsyncDriver:
        """A driver of one connection, for the breaker: a pooled connection may be to a server
        that vanished without a word, and would wait on it for minutes."""
        return self._new_driver(max_connection_pool_size=1)

    async def _probe(self) -> None:
        """One auto-commit `RETURN 1` (never retried): answered once Neo4j serves again."""
        async with (
            self._fresh_driver() as driver,
            driver.session(database=self.database) as session,
        ):
            await (await session.run("RETURN 1")).consume()

    async def __aenter__(self) -> Database:
        return self

    async def __aexit__(self, *_: object) -> None:
        await self.close()

    async def read(
        self,
        cypher: LiteralString,
        params: dict[str, Any] | None = None,
    ) -> list[Record]:
        return await self.read_rows(cypher, params or {}, _Records)

    async def read_rows(
        self, cypher: LiteralString, params: dict[str, Any], sink: Callable[[], Sink[T]]
    ) -> T:
        """A read whose rows go to a sink as they arrive, as the driver decoded them: the
        compiled reads' way (their answers hold maps and lists only, so `Record.data()`'s
        recursive copy, 1.5 s of the whole network's 3.4 at scale 500, is skipped), and never
        held as a list. Each attempt starts a new sink.

        One statement reads in an auto-commit transaction: it has nothing to commit, and a
        managed transaction's COMMIT cost a round trip of its own (a lookup through the
        driver 3.06 → 2.46 ms, bench/README.md)."""
        return await self._autocommit("read", cypher, params, sink)

    async def write_statement(self, cypher: LiteralString, params: dict[str, Any]) -> list[Record]:
        """One write statement in an auto-commit transaction: one round trip, the commit
        with its last row. For a write whose checks are all in the statement (it writes
        nothing when one fails), as an update's are (mutations/write.py)."""
        return await self._autocommit("write", cypher, params, _Records)

    async def _autocommit(
        self, mode: str, cypher: LiteralString, params: dict[str, Any], sink: Callable[[], Sink[T]]
    ) -> T:
        """One auto-commit statement's rows into a new sink an attempt: timed, guarded by
        the breaker, its errors translated, and retried (`_retried`)."""

        async def attempt(session: neo4j.AsyncSession) -> T:
            rows = sink()
            result = await session.run(self._query(cypher), params)
            async for record in result:
                rows.add(record)
            return rows.answer()

        started = time.perf_counter()
        try:
            if self.spans is None:
                return await self._guarded(self._retried(mode, attempt, _Attempts()))
            with self.spans(f"neo4j.{mode}") as span:
                counted = _Attempts()
                try:
                    return await self._guarded(self._retried(mode, attempt, counted))
                finally:
                    span.set_attribute(STATEMENTS, counted.attempts)
                    span.set_attribute(ATTEMPTS, counted.attempts)
        finally:
            self.metrics.query_seconds.labels(mode).observe(time.perf_counter() - started)

    async def _retried(
        self,
        mode: str,
        attempt: Callable[[neo4j.AsyncSession], Awaitable[T]],
        counted: _Attempts,
    ) -> T:
        """`attempt` in a session of `mode`, again after an error the driver calls retryable,
        with its own backoff (1 s, doubling, ± 20 %), until the retry time has passed since
        the first failure: the driver retries only managed transactions. A write is tried
        again only when Neo4j said it failed (a deadlock, say): after a lost connection it
        may have committed, and a second attempt would write it twice."""
        access = neo4j.READ_ACCESS if mode == "read" else neo4j.WRITE_ACCESS
        delays = retry_delays()
        failed_at: float | None = None
        while True:
            counted.attempts += 1
            try:
                async with self.driver.session(
                    database=self.database, default_access_mode=access
                ) as session:
                    return await attempt(session)
            except (DriverError, Neo4jError) as error:
                now = time.monotonic()
                failed_at = now if failed_at is None else failed_at
                said = mode == "read" or isinstance(error, Neo4jError)
                if not (said and error.is_retryable()) or now - failed_at > self.retry_s:
                    raise
            await asyncio.sleep(next(delays))

    def _query(self, cypher: LiteralString) -> neo4j.Query:
        """The statement with the server-side timeout and the request's metadata."""
        return neo4j.Query(cypher, timeout=self.timeout_s, metadata=_metadata())

    async def write(
        self,
        cypher: LiteralString,
        params: dict[str, Any] | None = None,
    ) -> list[Record]:
        async def work(tx: AsyncManagedTransaction) -> list[Record]:
            result = await tx.run(cypher, params or {})
            return [record.data() async for record in result]

        return await self.transaction("write", work)

    async def run_autocommit(
        self, cypher: LiteralString, params: dict[str, Any] | None = None, *, mode: str = "write"
    ) -> list[Record]:
        """One auto-commit statement, never retried: schema changes (which cannot share a
        transaction with writes) and probes that must answer fast rather than wait out retries."""
        access = neo4j.READ_ACCESS if mode == "read" else neo4j.WRITE_ACCESS

        async def run() -> list[Record]:
            async with self.driver.session(
                database=self.database, default_access_mode=access
            ) as session:
                result = await session.run(self._query(cypher), params)
                return [record.data() async for record in result]

        if self.spans is None:
            return await self._guarded(run())
        with self.spans(f"neo4j.{mode}") as span:
            span.set_attribute(STATEMENTS, 1)
            return await self._guarded(run())

    async def _guarded(self, work: Awaitable[T]) -> T:
        with translated(self.breaker):
            return await self.breaker.guard(work)

    async def await_search_index(self) -> None:
        """Wait until the full-text index has caught up with every committed write. It is
        eventually consistent (commits do not wait for Lucene; migration 0003), so a process
        that must find what it just wrote calls this first."""
        await self.run_autocommit(
            "CALL db.index.fulltext.awaitEventuallyConsistentIndexRefresh()", mode="read"
        )

    async def transaction(
        self, mode: str, work: Callable[[AsyncManagedTransaction], Awaitable[T]]
    ) -> T:
        """`work` in one managed transaction ("read" or "write"): retried by the driver on
        transient failures, bounded by the query timeout, timed, its errors translated."""
        if self.spans is None:
            return await self._transaction(mode, work)
        with self.spans(f"neo4j.{mode}") as span:
            counted = _Counted(work)
            try:
                return await self._transaction(mode, counted)
            finally:
                span.set_attribute(STATEMENTS, counted.statements)
                span.set_attribute(ATTEMPTS, counted.attempts)

    async def _transaction(
        self, mode: str, work: Callable[[AsyncManagedTransaction], Awaitable[T]]
    ) -> T:
        unit = neo4j.unit_of_work(timeout=self.timeout_s, metadata=_metadata())(work)
        started = time.perf_counter()
        try:
            with translated(self.breaker):
                async with self.driver.session(database=self.database) as session:
                    execute = session.execute_read if mode == "read" else session.execute_write
                    with begun_with_first_statement(session):
                        return await self.breaker.guard(execute(unit))
        finally:
            self.metrics.query_seconds.labels(mode).observe(time.perf_counter() - started)


def retry_delays(
    initial: float = 1.0, multiplier: float = 2.0, jitter: float = 0.2
) -> Iterator[float]:
    """The driver's backoff between attempts at a transaction (its defaults)."""
    delay = initial
    while True:
        yield delay * random.uniform(1 - jitter, 1 + jitter)  # noqa: S311  (not a secret)
        delay *= multiplier


class _Attempts:
    """How many times an auto-commit statement was attempted (its span's attributes)."""

    attempts = 0


class _Records:
    """A sink keeping each row as a plain dict (`Database.read`)."""

    def __init__(self) -> None:
        self.rows: list[Record] = []

    def add(self, row: Mapping[str, Any]) -> None:
        self.rows.append(cast(neo4j.Record, row).data())

    def answer(self) -> list[Record]:
        return self.rows


def begun_with_first_statement(session: neo4j.AsyncSession) -> AbstractContextManager[Any]:
    """A managed transaction's BEGIN sent with its first statement instead of on its own: one
    round trip less a transaction (a lookup at scale 500 through the driver: 3.1 → 2.5 ms).
    The driver does this for `execute_query`, whose one statement would not do for our
    writes, and has no public switch for managed transactions: its flag is used where it
    exists (tests/graph/test_database.py checks the pinned driver has it); a driver
    without it loses only the saving."""
    flag = getattr(session, "_pipelined_begin", None)
    return cast(AbstractContextManager[Any], flag) if flag is not None else nullcontext()


class Sink(Protocol[T_co]):
    """Where `Database.read_rows` sends each row, and what it makes of them."""

    def add(self, row: Mapping[str, Any]) -> None: ...

    def answer(self) -> T_co: ...


class _Counted(Generic[T]):
    """`work`, counting the driver's attempts at it and the statements it runs (for its span)."""

    def __init__(self, work: Callable[[AsyncManagedTransaction], Awaitable[T]]) -> None:
        self.work, self.attempts, self.statements = work, 0, 0

    async def __call__(self, tx: AsyncManagedTransaction) -> T:
        self.attempts += 1
        return await self.work(cast(AsyncManagedTransaction, _CountingTransaction(tx, self)))


class _CountingTransaction:
    """A transaction that counts what runs through it; everything else is the transaction's."""

    def __init__(self, tx: AsyncManagedTransaction, counted: _Counted[Any]) -> None:
        self._tx, self._counted = tx, counted

    async def run(self, query: Any, parameters: Any = None, **kwargs: Any) -> AsyncResult:
        self._counted.statements += 1
        return await self._tx.run(query, parameters, **kwargs)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._tx, name)
