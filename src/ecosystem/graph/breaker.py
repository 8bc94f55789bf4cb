"""Failing fast while Neo4j cannot be reached: a circuit breaker around the driver.

The driver retries a refused connection inside a managed transaction for up to
`neo4j_retry_s` before we hear of it, and every request that arrives meanwhile waits as long
(18 s under load, measured). The breaker opens at the driver's first word of a refused
connection (its retry warning, logged before it waits) or at our first `DatabaseUnavailable`:
transactions under way are cancelled and answer `DatabaseUnavailable` at once, new ones do not
start, and a probe asks the database every `interval_s` until it answers, which closes it.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar
from urllib.parse import urlsplit

T = TypeVar("T")
log = logging.getLogger("ecosystem.breaker")
DEFAULT_PORT = 7687
# What the driver says, on its `neo4j` loggers, when it cannot open a connection.
REFUSED = ("Couldn't connect to", "Failed to establish connection", "Unable to retrieve routing")


class Unreachable(Exception):
    """The breaker is open: Neo4j did not answer the last attempt to reach it."""


class Breaker:
    def __init__(self, probe: Callable[[], Awaitable[object]], interval_s: float = 0.2) -> None:
        self.probe, self.interval_s = probe, interval_s
        self.opened_at: float | None = None
        self._running: set[asyncio.Future[Any]] = set()
        self._probing: asyncio.Task[None] | None = None

    @property
    def open(self) -> bool:
        return self.opened_at is not None

    def check(self) -> None:
        if self.opened_at is not None:
            since = time.monotonic() - self.opened_at
            raise Unreachable(f"Neo4j has not answered for {since:.1f} s")

    async def guard(self, work: Awaitable[T]) -> T:
        """`work`, unless the breaker is open; cancelled (→ Unreachable) if it opens."""
        if self.open:
            if asyncio.iscoroutine(work):
                work.close()  # never started: say so, or Python warns it was never awaited
            self.check()
        task = asyncio.ensure_future(work)
        self._running.add(task)
        try:
            return await task
        except asyncio.CancelledError:
            current = asyncio.current_task()
            if task.cancelled() and self.open and not (current and current.cancelling()):
                raise Unreachable("Neo4j became unreachable") from None
            raise
        finally:
            self._running.discard(task)

    def trip(self) -> None:
        """Open (if closed): cancel what is under way, and probe until Neo4j answers."""
        if self.opened_at is not None:
            return
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            return  # not in the event loop (a driver log from elsewhere): nothing to cancel
        self.opened_at = time.monotonic()
        log.warning("Neo4j is unreachable: failing fast until it answers")
        for running in list(self._running):
            running.cancel()
        self._probing = loop.create_task(self._probe())

    async def _probe(self) -> None:
        while self.opened_at is not None:
            await asyncio.sleep(self.interval_s)
            try:
                await self.probe()
            except Exception as error:  # any failure means: not yet
                log.debug("Neo4j still unreachable: %s", error)
                continue
            log.warning("Neo4j answers again after %.1f s", time.monotonic() - self.opened_at)
            self.opened_at = None

    async def close(self) -> None:
        if self._probing is not None:
            self._probing.cancel()
            await asyncio.gather(self._probing, return_exceptions=True)


class RefusedConnections(logging.Handler):
    """Trips a breaker when the driver reports a refused connection to its server's `address`
    (`host:port`), before it retries: other drivers in the process have breakers of their own."""

    def __init__(self, breaker: Breaker, address: str) -> None:
        super().__init__(logging.WARNING)
        self.breaker, self.address = breaker, address

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        if self.address in message and any(sign in message for sign in REFUSED):
            self.breaker.trip()


def address(uri: str) -> str:
    """`host:port` of a Bolt URI, as the driver names it in its logs."""
    parsed = urlsplit(uri)
    return f"{parsed.hostname}:{parsed.port or DEFAULT_PORT}"
