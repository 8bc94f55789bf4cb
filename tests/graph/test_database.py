"""The database layer turns the driver's contention errors into DatabaseBusy, writing nothing."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Mapping
from typing import Any

import pytest
from neo4j import AsyncGraphDatabase, AsyncManagedTransaction

from ecosystem.graph.database import Database, DatabaseBusy, with_metadata
from ecosystem.settings import Settings
from tests.support.proxy import proxied
from tests.support.wire import Sends

LOCK = "MATCH (n:Probe {name: $name}) SET n.`_lock` = true REMOVE n.`_lock`"


async def until_blocked(db: Database) -> None:
    """Wait (at most 10 s) until some transaction waits for a lock."""
    for _ in range(500):
        rows = await db.read(
            "SHOW TRANSACTIONS YIELD status WHERE status STARTS WITH 'Blocked' RETURN count(*) AS n"
        )
        if rows[0]["n"]:
            return
        await asyncio.sleep(0.02)
    raise AssertionError("no transaction ever waited for the lock")


async def test_a_deadlock_that_outlives_the_retries_is_busy(
    settings: Settings, graph: Database, neo4j_server: str
) -> None:
    """A real deadlock: another transaction holds B and waits for A, which our unit of work
    holds; our work then asks for B and Neo4j makes it the victim. Without retries left it
    is DatabaseBusy, and what the work wrote before is gone."""
    await graph.write("CREATE (:Probe {name: 'A'}), (:Probe {name: 'B'})")
    hasty = Database(settings.model_copy(update={"neo4j_retry_s": 0.0}))
    driver = AsyncGraphDatabase.driver(neo4j_server, auth=None)
    async with hasty, driver, driver.session(database=graph.database) as session:
        other = await session.begin_transaction()
        await other.run(LOCK, name="B")

        async def work(tx: AsyncManagedTransaction) -> None:
            await tx.run("CREATE (:Probe {name: 'written by the victim'})")
            await tx.run(LOCK, name="A")
            waiting = asyncio.create_task(other.run(LOCK, name="A"))
            await until_blocked(graph)
            try:
                await tx.run(LOCK, name="B")  # closes the cycle: this transaction is the victim
            finally:
                await waiting

        with pytest.raises(DatabaseBusy) as refused:
            await hasty.transaction("write", work)
        await other.rollback()
    assert getattr(refused.value.__cause__, "code", None) == (
        "Neo.TransientError.Transaction.DeadlockDetected"
    )
    names = await graph.read("MATCH (n:Probe) RETURN collect(n.name) AS names")
    assert sorted(names[0]["names"]) == ["A", "B"]


SELF = (
    "SHOW TRANSACTIONS YIELD metaData, currentQuery "
    "WHERE currentQuery STARTS WITH 'SHOW TRANSACTIONS YIELD metaData' RETURN metaData"
)


async def test_transactions_carry_the_requests_metadata(graph: Database) -> None:
    async def in_a_request() -> tuple[object, object]:
        with_metadata(requestId="r-42")  # as the API's middleware does
        with_metadata(operation="Probe", ignored=None)  # and the GraphQL operation
        managed = (await graph.read(SELF))[0]["metaData"]
        autocommit = (await graph.run_autocommit(SELF, mode="read"))[0]["metaData"]
        return managed, autocommit

    # A task of its own, as each request is: what it sets stays in it.
    managed, autocommit = await asyncio.create_task(in_a_request())
    assert managed == autocommit == {"requestId": "r-42", "operation": "Probe"}
    assert (await graph.read(SELF))[0]["metaData"] == {}


async def test_a_busy_event_loop_does_not_make_a_live_server_unreachable(
    settings: Settings, db: Database
) -> None:
    """The liveness check's handshake is made and timed on a thread of its own: the API's
    event loop blocked past the check's timeout (encoding a large answer, say) while a slow
    statement waits does not open the breaker on a server that answered in time."""
    update = {"neo4j_liveness_timeout_s": 0.1, "neo4j_connection_timeout_s": 0.5}
    database = Database(settings.model_copy(update=update))
    slow = "UNWIND range(1, 4000000) AS x WITH x WHERE x % 7 = 0 RETURN count(*) AS n"
    check = database.breaker.reachable

    async def busy_meanwhile() -> object:
        under_way = asyncio.ensure_future(check())
        await asyncio.sleep(0)  # the check has begun
        time.sleep(1.5)  # noqa: ASYNC251  # the loop busy for 3 × the check's timeout
        return await under_way

    database.breaker.reachable = busy_meanwhile
    try:
        rows = await database.read(slow)
        assert rows == [{"n": 4000000 // 7}]
        assert not database.breaker.open
    finally:
        await database.close()


async def test_a_read_is_one_round_trip_and_a_write_two(
    graph: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A read is one auto-commit statement: one round trip to Neo4j. A write's BEGIN travels
    with its first statement (database.begun_with_first_statement): two round trips (the
    statement, the commit), not three. Counted on the wire: the driver's sends, nothing
    faked."""
    sends = Sends(monkeypatch)
    assert (await graph.read("RETURN 1 AS one"))[0]["one"] == 1
    assert sends.count == 1
    sends.count = 0
    await graph.write("CREATE (:Probe {name: 'pipelined'})")
    assert sends.count == 2


class Counts:
    """A sink of `count` rows that notes each attempt (one sink an attempt)."""

    made = 0

    def __init__(self) -> None:
        Counts.made += 1
        self.n: int | None = None

    def add(self, row: Mapping[str, Any]) -> None:
        self.n = row["n"]

    def answer(self) -> int | None:
        return self.n


async def test_a_read_whose_connection_drops_is_tried_again(
    settings: Settings, graph: Database, neo4j_server: str
) -> None:
    """Reads are auto-commit statements, which the driver does not retry: ours are retried as
    its transactions would be. The network drops the connection of a read under way (a proxy
    between the driver and Neo4j cuts it); the read is attempted again and answers, once."""
    slow = "UNWIND range(1, 20000000) AS x WITH x WHERE x % 7 = 0 RETURN count(*) AS n"
    host, _, port = neo4j_server.removeprefix("bolt://").rpartition(":")
    async with proxied((host, int(port))) as proxy:
        through = settings.model_copy(update={"neo4j_uri": f"bolt://127.0.0.1:{proxy.port}"})
        async with Database(through) as db:
            made = Counts.made

            async def read() -> int | None:
                with_metadata(requestId="cut-off")
                return await db.read_rows(slow, {}, Counts)

            reading = asyncio.create_task(read())
            await running(graph, "cut-off")
            proxy.cut()
            assert await reading == 20000000 // 7
    assert Counts.made == made + 2


async def running(db: Database, request_id: str) -> None:
    """Wait (at most 10 s) until a statement of the request `request_id` runs in Neo4j."""
    for _ in range(1000):
        rows = await db.read(
            "SHOW TRANSACTIONS YIELD metaData WHERE metaData.requestId = $id RETURN 1 AS found",
            {"id": request_id},
        )
        if rows:
            return
        await asyncio.sleep(0.01)
    raise AssertionError(f"no statement of {request_id} ever ran")
