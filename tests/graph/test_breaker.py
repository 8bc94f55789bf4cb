"""The circuit breaker on its own (no database): what opens it, what it refuses, what closes it."""

from __future__ import annotations

import asyncio
import logging

import pytest

from ecosystem.graph.breaker import Breaker, RefusedConnections, Unreachable, address


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
