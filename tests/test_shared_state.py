"""Shared token buckets and revocations (shared_state.py) against a real redis-server on a free
port: the Lua bucket's burst, refill and wait, its expiry, the fallback while Redis is down,
and revocations heard by every watcher. Two SharedState objects stand for two instances."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
from redis.asyncio import Redis

from ecosystem.metrics import Metrics
from ecosystem.settings import Settings
from ecosystem.shared_state import (
    BUCKETS,
    CHANNEL,
    GENERATION,
    RETRY_S,
    SharedBuckets,
    SharedState,
)
from tests.support.processes import REDIS_SERVER, RedisServer, redis_server

pytestmark = pytest.mark.skipif(
    not Path(REDIS_SERVER).exists(), reason="Debian's redis-server is not installed (.ci/run does)"
)


@pytest.fixture
def redis(tmp_path: Path) -> Iterator[RedisServer]:
    with redis_server(tmp_path) as server:
        yield server


@contextlib.asynccontextmanager
async def instance(url: str | None, metrics: Metrics | None = None) -> AsyncIterator[SharedState]:
    shared = SharedState(url, metrics)
    try:
        yield shared
    finally:
        await shared.close()


async def test_a_shared_bucket_allows_its_burst_then_refills_at_its_rate(
    redis: RedisServer,
) -> None:
    async with instance(redis.url) as one, instance(redis.url) as two:
        a = SharedBuckets(one, "requests", burst=3, per_s=4.0)
        b = SharedBuckets(two, "requests", burst=3, per_s=4.0)
        assert [await a.take("k"), await b.take("k"), await a.take("k")] == [0.0, 0.0, 0.0]
        wait = await b.take("k")  # the burst is spent across both: one token at 4 a second
        assert 0.2 < wait <= 0.25
        assert await a.take("other") == 0.0  # another key has its own bucket
        await asyncio.sleep(0.3)
        assert await b.take("k") == 0.0
        assert await a.take("k") > 0.0


async def test_wait_takes_nothing(redis: RedisServer) -> None:
    async with instance(redis.url) as shared:
        buckets = SharedBuckets(shared, "unknown-keys", burst=1, per_s=0.5)
        assert [await buckets.wait("1.2.3.4") for _ in range(5)] == [0.0] * 5
        assert await buckets.take("1.2.3.4") == 0.0
        assert 1.9 < await buckets.wait("1.2.3.4") <= 2.0  # 1 token at 0.5 a second


async def test_a_bucket_is_namespaced_and_expires_once_it_would_be_full(
    redis: RedisServer,
) -> None:
    async with instance(redis.url) as shared, Redis.from_url(redis.url) as client:
        buckets = SharedBuckets(shared, "requests", burst=2, per_s=10.0)
        await buckets.take("key:portal")
        key = BUCKETS + "requests:key:portal"
        assert await client.keys("*") == [key.encode()]
        # Full again 0.1 s after the one token taken; one second of margin.
        assert 0 < await client.pttl(key) <= 1100
        assert await buckets.wait("key:portal") == 0.0
        await asyncio.sleep(1.2)
        assert await client.exists(key) == 0


async def test_without_redis_each_process_keeps_its_own_buckets() -> None:
    async with instance(None) as one, instance(None) as two:
        a = SharedBuckets(one, "requests", burst=2, per_s=0.01)
        b = SharedBuckets(two, "requests", burst=2, per_s=0.01)
        taken = [await bucket.take("k") for bucket in (a, b, a, b, a)]
    assert taken[:4] == [0.0] * 4  # twice the burst: N instances allow N times the limit
    assert taken[4] > 0


async def test_redis_down_fails_open_to_the_process_buckets_and_recovers(
    redis: RedisServer, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING, logger="ecosystem.shared_state")
    metrics = Metrics()
    async with instance(redis.url, metrics) as shared, Redis.from_url(redis.url) as client:
        buckets = SharedBuckets(shared, "requests", burst=2, per_s=0.01)
        assert await buckets.take("k") == 0.0
        redis.stop()
        started = time.monotonic()
        taken = [await buckets.take("k") for _ in range(3)]
        assert time.monotonic() - started < 1.0  # refused connections: no waiting
        assert taken[:2] == [0.0, 0.0]  # the process's own bucket, full at first
        assert taken[2] > 0  # … whose limit still holds
        fallbacks = metrics.registry.get_sample_value(
            "ecosystem_redis_fallbacks_total", {"operation": "bucket"}
        )
        assert fallbacks == 3
        assert "Redis (ECOSYSTEM_REDIS_URL) is unreachable" in caplog.text
        assert caplog.text.count("is unreachable") == 1  # once an outage, not once a request

        redis.start()
        await asyncio.sleep(RETRY_S + 0.1)
        assert await buckets.take("k") == 0.0  # counted in Redis again (it restarted empty)
        assert await client.exists(BUCKETS + "requests:k") == 1
        assert "answers again" in caplog.text


async def subscribed(client: Redis, count: int) -> None:
    """Until `count` listeners are subscribed to the revocations (a fixed pause was too short
    on a loaded machine: the revocation reached none of them)."""
    for _ in range(500):
        ((_, listening),) = await client.pubsub_numsub(CHANNEL)
        if listening >= count:
            return
        await asyncio.sleep(0.01)
    raise AssertionError(f"fewer than {count} instances subscribed within 5 s")


async def heard(names: list[str | None], expected: list[str | None]) -> float:
    """Seconds until `names` equals `expected` (at most 2)."""
    started = time.monotonic()
    for _ in range(200):
        if names == expected:
            break
        await asyncio.sleep(0.01)
    return time.monotonic() - started


async def test_every_instance_hears_of_a_revocation(redis: RedisServer) -> None:
    async with (
        instance(redis.url) as one,
        instance(redis.url) as two,
        instance(redis.url) as cli,
        Redis.from_url(redis.url) as client,
    ):
        forgotten: dict[str, list[str | None]] = {"one": [], "two": []}
        one.on_revoked(forgotten["one"].append)
        two.on_revoked(forgotten["two"].append)
        async with one.watching(), two.watching():
            await subscribed(client, 2)
            assert await cli.revoked("acme-portal") == 2  # both listen
            for names in forgotten.values():
                assert await heard(names, ["acme-portal"]) < 0.5

            # A revocation whose message is lost: the count moved, so every key is forgotten.
            await client.incr(GENERATION)
            for names in forgotten.values():
                assert await heard(names, ["acme-portal", None]) < 1.0


async def test_without_redis_a_revocation_tells_no_one() -> None:
    async with instance(None) as cli:
        assert await cli.revoked("acme-portal") is None


async def test_the_url_is_a_secret_of_the_settings() -> None:
    settings = Settings(redis_url="redis://:hunter2@127.0.0.1:6399/0")
    assert "hunter2" not in repr(settings)  # a URL may carry Redis's password
    async with contextlib.AsyncExitStack() as stack:
        shared = SharedState.from_settings(settings)
        stack.push_async_callback(shared.close)
        assert shared.url == "redis://:hunter2@127.0.0.1:6399/0"
    assert SharedState.from_settings(Settings(redis_url=None)).redis is None
