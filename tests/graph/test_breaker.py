"""The circuit breaker on its own (no database): what opens it, what it refuses, what closes it,
and how patient a batch command's is."""

from __future__ import annotations

import asyncio
import logging
import socket
import time

import pytest
from neo4j.exceptions import ServiceUnavailable

from ecosystem.graph.breaker import Breaker, RefusedConnections, Unreachable, address
from ecosystem.graph.database import BATCH_CHECK_S, LOOP_SLACK_S, Database
from ecosystem.graph.liveness import Handshake
from ecosystem.settings import Settings


class Probe:
    """Fails `failures` times, then answers."""

    def __init__(self, failures: int) -> None:
        self.failures, self.calls = failures, 0

    async def __call__(self) -> None:
        self.calls += 1
        if self.calls <= self.failures:
            raise ConnectionRefusedError("not yet")


async def test_closed_it_runs_what_it_is_given() -> None:
    breaker = Breaker(Probe(0))
    assert await breaker.guard(asyncio.sleep(0, "done")) == "done"


async def test_opening_cancels_what_runs_and_refuses_what_comes() -> None:
    breaker = Breaker(Probe(1000), interval_s=0.01)
    waiting = asyncio.ensure_future(breaker.guard(asyncio.sleep(30)))
    await asyncio.sleep(0.01)
    breaker.trip()
    with pytest.raises(Unreachable, match="became unreachable"):
        await asyncio.wait_for(waiting, 1)  # at once, not after 30 s
    with pytest.raises(Unreachable, match="has not answered"):
        await breaker.guard(asyncio.sleep(0))
    await breaker.close()


async def test_the_probe_closes_it_when_the_database_answers() -> None:
    probe = Probe(3)
    breaker = Breaker(probe, interval_s=0.01)
    breaker.trip()
    assert breaker.open
    for _ in range(100):
        if not breaker.open:
            break
        await asyncio.sleep(0.01)
    assert not breaker.open
    assert probe.calls == 4
    assert await breaker.guard(asyncio.sleep(0, "again")) == "again"


async def test_the_drivers_word_of_a_refused_connection_opens_it() -> None:
    breaker = Breaker(Probe(1000), interval_s=0.01)
    # A logger of its own: the real `neo4j` one would reach the suite's own database's breaker.
    driver_log = logging.getLogger("breaker-test")
    handler = RefusedConnections(breaker, address("bolt://127.0.0.1:7999"))
    driver_log.addHandler(handler)
    retried = "Transaction failed and will be retried in 0.8s ({})"
    try:
        driver_log.warning(retried.format("some deadlock"))
        assert not breaker.open  # contention is no outage
        driver_log.warning(retried.format("Couldn't connect to 127.0.0.1:7688"))
        assert not breaker.open  # another server: another driver's breaker
        driver_log.warning(retried.format("Couldn't connect to 127.0.0.1:7999 (resolved to …)"))
        assert breaker.open
    finally:
        driver_log.removeHandler(handler)
        await breaker.close()


def test_addresses_as_the_driver_names_them() -> None:
    assert address("bolt://127.0.0.1:7688") == "127.0.0.1:7688"
    assert address("neo4j+s://xxxx.databases.neo4j.io") == "xxxx.databases.neo4j.io:7687"


async def test_a_cancelled_caller_stays_cancelled() -> None:
    breaker = Breaker(Probe(0))
    caller = asyncio.ensure_future(breaker.guard(asyncio.sleep(30)))
    await asyncio.sleep(0.01)
    caller.cancel()
    with pytest.raises(asyncio.CancelledError):
        await caller
    assert not breaker.open


class Silent:
    """A server that stopped answering without refusing: each probe waits until `answers`."""

    def __init__(self) -> None:
        self.answers, self.calls = asyncio.Event(), 0

    async def __call__(self) -> None:
        self.calls += 1
        await self.answers.wait()


async def test_a_silent_server_opens_it_without_waiting_for_tcp() -> None:
    probe, reachable = Silent(), Silent()
    breaker = Breaker(
        probe, interval_s=0.01, reachable=reachable, liveness_timeout_s=0.05, check_timeout_s=0.05
    )
    began = asyncio.get_running_loop().time()
    with pytest.raises(Unreachable, match="became unreachable"):
        await asyncio.wait_for(breaker.guard(asyncio.sleep(30)), 5)
    # Unanswered 0.05 s, then a check unanswered 0.05 s: open, and the statement let go.
    assert asyncio.get_running_loop().time() - began < 1.0
    assert breaker.open
    assert reachable.calls == 1  # one check for the statement, then the probe's turn
    probe.answers.set()  # it answers again: the probe closes the breaker
    for _ in range(100):
        if not breaker.open:
            break
        await asyncio.sleep(0.01)
    assert not breaker.open
    await breaker.close()


async def test_a_slow_statement_on_a_live_server_runs_to_its_end() -> None:
    probe, reachable = Probe(0), Probe(0)
    breaker = Breaker(probe, reachable=reachable, liveness_timeout_s=0.02)
    slow = [breaker.guard(asyncio.sleep(0.2, n)) for n in range(5)]
    assert await asyncio.gather(*slow) == [0, 1, 2, 3, 4]
    assert not breaker.open
    # About one check per 0.02 s of waiting, shared by the five statements, not one each.
    assert 1 <= reachable.calls <= 12, reachable.calls  # at least one (fewer on a busy machine)
    assert probe.calls == 0  # the statement probe is for an open breaker only


async def test_a_refused_liveness_check_opens_it() -> None:
    breaker = Breaker(Probe(1000), reachable=Probe(1000), liveness_timeout_s=0.02)
    with pytest.raises(Unreachable, match="became unreachable"):
        await asyncio.wait_for(breaker.guard(asyncio.sleep(30)), 5)
    assert breaker.open
    await breaker.close()


async def test_a_slow_handshake_within_the_connection_timeout_leaves_it_closed() -> None:
    async def slow() -> None:  # a busy server: slower than the wait, within the timeout
        await asyncio.sleep(0.1)

    breaker = Breaker(Probe(0), reachable=slow, liveness_timeout_s=0.02, check_timeout_s=0.5)
    assert await breaker.guard(asyncio.sleep(0.3, "done")) == "done"
    assert not breaker.open


async def test_a_batch_command_gives_a_busy_server_longer_to_answer() -> None:
    """migrate, derive, seed, import and export work on the whole graph: a statement may run
    for minutes (deleting 517,000 pairs outlasted 10 s) and a check's new connection may take
    seconds to open under their load (a scale-500 rebuild was cancelled so); the API keeps
    its timeouts, and fails fast."""
    settings = Settings()
    for batch, check, statement in (
        (False, settings.neo4j_connection_timeout_s, settings.query_timeout_s),
        (True, BATCH_CHECK_S, settings.export_timeout_s),  # a .derive migration's clearing
    ):
        db = Database(settings, batch=batch)
        try:
            assert (db.check_timeout_s, db.timeout_s) == (check, statement)
            assert db.breaker.check_timeout_s == check + LOOP_SLACK_S  # a backstop
        finally:
            await db.close()
    assert settings.neo4j_connection_timeout_s < BATCH_CHECK_S


async def test_the_handshake_of_a_server_that_never_answers_fails_in_time() -> None:
    """A frozen server's kernel still accepts the connection; nothing answers the handshake.
    The check made on its thread fails within its timeout (the breaker then opens)."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        handshake = Handshake(f"bolt://127.0.0.1:{listener.getsockname()[1]}", None, 0.3)
        started = time.monotonic()
        with pytest.raises((TimeoutError, ServiceUnavailable)):
            await handshake()
        assert time.monotonic() - started < 1.5
