"""Two real `ecosystem serve` processes sharing one real redis-server (ECOSYSTEM_REDIS_URL):
one key's rate limit and one address's unknown-key budget hold across both, a revoked key is
refused by both within a second, and with Redis down each meters alone and none fails.

Limits are set small so counts are exact: a burst of 10 requests and a refill of one every two
seconds, 3 unknown keys an address; keys are cached for a minute, so a refusal within a second
comes from the revocation being told, not from the cache running out.
"""

from __future__ import annotations

import asyncio
import os
import subprocess
import time
import uuid
from collections import Counter
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path

import httpx
import pytest
from redis import Redis

from ecosystem.graph import keys
from ecosystem.graph.database import Database
from ecosystem.shared_state import BUCKETS, GENERATION, RETRY_S
from tests.support.processes import (
    ECOSYSTEM,
    REDIS_SERVER,
    RedisServer,
    api_servers,
    redis_server,
)

pytestmark = pytest.mark.skipif(
    not Path(REDIS_SERVER).exists(), reason="Debian's redis-server is not installed (.ci/run does)"
)

BURST, PER_S = 10, 0.5
UNKNOWN_BURST = 3
LIMITS = {
    "ECOSYSTEM_RATE_LIMIT": "true",
    "ECOSYSTEM_RATE_LIMIT_BURST": str(BURST),
    "ECOSYSTEM_RATE_LIMIT_PER_S": str(PER_S),
    "ECOSYSTEM_UNKNOWN_KEY_BURST": str(UNKNOWN_BURST),
    "ECOSYSTEM_UNKNOWN_KEY_PER_S": "0.01",
    "ECOSYSTEM_KEY_CACHE_S": "60",
    "ECOSYSTEM_LOG_LEVEL": "warning",
}
QUERY = {"query": "{ __typename }"}


class Cluster:
    def __init__(self, redis: RedisServer, bases: list[str], logs: Path) -> None:
        self.redis, self.bases, self.logs = redis, bases, logs


@pytest.fixture(scope="module")
def cluster(tmp_path_factory: pytest.TempPathFactory, db: Database) -> Iterator[Cluster]:
    """A redis-server and two API instances on it, for the module (db: migrations applied)."""
    home = tmp_path_factory.mktemp("shared")
    with ExitStack() as stack:
        redis = stack.enter_context(redis_server(home))
        env = {**LIMITS, "ECOSYSTEM_REDIS_URL": redis.url}
        bases = stack.enter_context(api_servers(env, [home / "api-1.log", home / "api-2.log"]))
        yield Cluster(redis, bases, home)


@pytest.fixture
def shared(cluster: Cluster) -> Cluster:
    """The cluster with Redis running and no buckets: every test starts with full ones."""
    if cluster.redis.process is None:
        cluster.redis.start()
        time.sleep(RETRY_S + 0.5)  # the instances try Redis again
    with Redis.from_url(cluster.redis.url) as client:
        for bucket in client.scan_iter(f"{BUCKETS}*"):
            client.delete(bucket)
    return cluster


async def new_key(db: Database) -> tuple[str, str]:
    name = f"portal-{uuid.uuid4().hex[:8]}"
    return name, await keys.create(db, name, "researcher", None)


async def ask(http: httpx.AsyncClient, base: str, key: str) -> httpx.Response:
    return await http.post(
        f"{base}/graphql", json=QUERY, headers={"authorization": f"Bearer {key}"}
    )


async def refused_within(http: httpx.AsyncClient, base: str, key: str, limit_s: float) -> float:
    """Seconds until `base` answers 401 to `key` (fails past `limit_s`)."""
    started = time.monotonic()
    while (await ask(http, base, key)).status_code != 401:
        assert time.monotonic() - started < limit_s, f"{base} still accepts the key"
        await asyncio.sleep(0.02)
    return time.monotonic() - started


def revoke(name: str, redis_url: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [ECOSYSTEM, "keys", "revoke", name],
        env={**os.environ, "ECOSYSTEM_REDIS_URL": redis_url},
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


async def test_one_keys_limit_holds_across_both_instances(shared: Cluster, db: Database) -> None:
    _, key = await new_key(db)
    statuses: dict[str, Counter[int]] = {base: Counter() for base in shared.bases}
    async with httpx.AsyncClient(timeout=30) as http:
        started = time.monotonic()
        for n in range(30):
            base = shared.bases[n % 2]
            answer = await ask(http, base, key)
            statuses[base][answer.status_code] += 1
            if answer.status_code == 429:
                refused = answer
        elapsed = time.monotonic() - started
    allowed = sum(counts[200] for counts in statuses.values())
    # The burst, and what refilled meanwhile; each instance alone would have allowed 2 × 10.
    assert BURST <= allowed <= BURST + int(elapsed * PER_S) + 1, (allowed, elapsed)
    assert all(counts[429] > 0 for counts in statuses.values())  # both refuse
    assert sum(sum(counts.values()) for counts in statuses.values()) == 30
    extensions = refused.json()["errors"][0]["extensions"]
    assert extensions["code"] == "RATE_LIMITED"
    # A token comes every 2 s; part of the next one may have come already.
    assert extensions["retryAfter"] == int(refused.headers["retry-after"]) in {1, 2}


async def test_a_key_revoked_with_the_cli_is_refused_by_both_within_a_second(
    shared: Cluster, db: Database
) -> None:
    name, key = await new_key(db)
    async with httpx.AsyncClient(timeout=30) as http:
        assert [(await ask(http, base, key)).status_code for base in shared.bases] == [200, 200]
        done = revoke(name, shared.redis.url)
        assert done.returncode == 0, done.stderr
        assert "told the API instances listening on Redis (2)" in done.stderr
        for base in shared.bases:  # both hold the key in their minute-long cache
            assert await refused_within(http, base, key, 1.0) < 1.0


async def test_a_missed_revocation_message_is_caught_by_the_count(
    shared: Cluster, db: Database
) -> None:
    name, key = await new_key(db)
    async with httpx.AsyncClient(timeout=30) as http:
        assert [(await ask(http, base, key)).status_code for base in shared.bases] == [200, 200]
        assert await keys.revoke(db, name)  # in the database only: no instance is told
        await asyncio.sleep(1.2)
        still = [(await ask(http, base, key)).status_code for base in shared.bases]
        assert still == [200, 200]  # cached: what each instance did before Redis
        with Redis.from_url(shared.redis.url) as client:
            client.incr(GENERATION)  # a revocation whose message never arrived
        for base in shared.bases:
            assert await refused_within(http, base, key, 1.0) < 1.0


async def test_the_unknown_key_budget_of_an_address_is_shared(shared: Cluster) -> None:
    async with httpx.AsyncClient(timeout=30) as http:
        first = [
            (await ask(http, shared.bases[n % 2], f"made-up-{uuid.uuid4().hex}")).status_code
            for n in range(UNKNOWN_BURST)
        ]
        assert first == [401] * UNKNOWN_BURST  # two lookups on one instance, one on the other
        refused = await ask(http, shared.bases[1], f"made-up-{uuid.uuid4().hex}")
    assert refused.status_code == 429  # that instance alone had spent one of three
    assert refused.json()["errors"][0]["extensions"]["code"] == "RATE_LIMITED"


async def test_with_redis_down_each_instance_meters_alone_and_none_fails(
    shared: Cluster, db: Database
) -> None:
    name, key = await new_key(db)
    async with httpx.AsyncClient(timeout=30) as http:
        assert (await ask(http, shared.bases[0], key)).status_code == 200
        shared.redis.stop()
        for base in shared.bases:
            statuses = Counter([(await ask(http, base, key)).status_code for _ in range(BURST + 5)])
            # Each instance's own bucket, full at first: its limit holds, nothing fails.
            assert statuses == {200: BURST, 429: 5}, statuses
        metrics = (await http.get(f"{shared.bases[0]}/metrics")).text
        assert 'ecosystem_redis_fallbacks_total{operation="bucket"} 15.0' in metrics
        log = (shared.logs / "api-1.log").read_text()
        assert "Redis (ECOSYSTEM_REDIS_URL) is unreachable" in log

        told = revoke(name, shared.redis.url)  # revoked; the instances cannot be told
        assert told.returncode == 0, told.stderr
        assert "could not tell the API instances through Redis" in told.stderr

        shared.redis.start()
        await asyncio.sleep(RETRY_S + 0.5)
        other_name, other = await new_key(db)
        assert (await ask(http, shared.bases[1], other)).status_code == 200
        with Redis.from_url(shared.redis.url) as client:  # counted in Redis again
            assert client.exists(f"{BUCKETS}requests:key:{other_name}") == 1
        # Back from an outage, each instance forgets its cached keys: the one revoked while
        # Redis was down is refused at once, not a minute later.
        for base in shared.bases:
            assert await refused_within(http, base, key, 1.0) < 1.0
