"""Failing fast while Neo4j cannot be reached: a circuit breaker around the driver.

The driver retries a refused connection inside a managed transaction for up to
`neo4j_retry_s` before we hear of it, and every request that arrives meanwhile waits as long
(18 s under load, measured). The breaker opens at the driver's first word of a refused
connection (its retry warning, logged before it waits) or at our first `DatabaseUnavailable`:
transactions under way are cancelled and answer `DatabaseUnavailable` at once, new ones do not
start, and a probe asks the database every `interval_s` until it answers, which closes it.

A server that stops answering without refusing (frozen, or cut off by a network that drops
packets) says nothing the driver would log: its open connections just wait, and a statement
would wait with them until TCP gives up, minutes later. So a statement unanswered for
`liveness_timeout_s` makes the breaker ask whether the server is still there (`reachable`: a
fresh connection's Bolt handshake, which Neo4j's network threads answer however busy or cold
its Cypher engine is); a connection not made within `check_timeout_s` (the driver's own
connection timeout: what it would call a failed connection) opens it. A slow statement on a
live server costs one handshake per `liveness_timeout_s`, shared by every statement waiting.
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


Probe = Callable[[], Awaitable[object]]


class Breaker:
    """`probe` answers once Neo4j serves statements again (it closes the breaker) and may take
    up to `probe_timeout_s` (a restarted server plans its first statements slowly);
    `reachable` answers while the server is there at all, within `check_timeout_s`, and is
    asked when a statement has waited `liveness_timeout_s`."""

    def __init__(
        self,
        probe: Probe,
        interval_s: float = 0.2,
        *,
        reachable: Probe | None = None,
        liveness_timeout_s: float = 1.0,
        check_timeout_s: float = 3.0,
        probe_timeout_s: float = 10.0,
    ) -> None:
        self.probe, self.reachable = probe, reachable or probe
        self.interval_s, self.probe_timeout_s = interval_s, probe_timeout_s
        self.liveness_timeout_s, self.check_timeout_s = liveness_timeout_s, check_timeout_s
        self.opened_at: float | None = None
        self._running: set[asyncio.Future[Any]] = set()
        self._probing: asyncio.Task[None] | None = None
        self._asking: asyncio.Future[None] | None = None  # the check waiting statements share

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
            while not (await asyncio.wait({task}, timeout=self.liveness_timeout_s))[0]:
                await asyncio.shield(self._ask())  # unanswered so long: is Neo4j still there?
            return task.result()
        except asyncio.CancelledError:
            current = asyncio.current_task()
            if current is not None and current.cancelling():
                task.cancel()  # our caller gave up: so does the work
                raise
            if task.cancelled() and self.open:
                raise Unreachable("Neo4j became unreachable") from None
            raise
        finally:
            self._running.discard(task)

    def _ask(self) -> asyncio.Future[None]:
        """The liveness check under way, or a new one: statements waiting at once share one."""
        if self._asking is None or self._asking.done():
            self._asking = asyncio.ensure_future(self._ask_once())
        return self._asking

    async def _ask_once(self) -> None:
        try:
            await asyncio.wait_for(self.reachable(), self.check_timeout_s)
        except Exception as error:  # no answer in time, or a refusal: unreachable
            log.warning("Neo4j did not answer the liveness check: %r", error)
            self.trip()

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
            try:  # bounded: a connection to a vanished server would wait for minutes
                await asyncio.wait_for(self.probe(), self.probe_timeout_s)
            except Exception as error:  # any failure means: not yet
                log.debug("Neo4j still unreachable: %s", error)
                continue
            log.warning("Neo4j answers again after %.1f s", time.monotonic() - self.opened_at)
            self.opened_at = None

    async def close(self) -> None:
        for task in (self._probing, self._asking):
            if task is not None:
                task.cancel()
                await asyncio.gather(task, return_exceptions=True)


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
