"""Whether one key's rate limit holds across two API instances that share a Redis.

    .venv/bin/python -m bench.shared_limits [--seconds 10] [--burst 50] [--per-s 20]

Starts what it needs and stops it again, also on error: a redis-server on a free port (no
persistence, its files in a temporary folder), its own Neo4j (Bolt on --neo4j-port 7702, data
and the servers' logs in --neo4j-home .neo4j/bench-shared; migrated, never seeded: the load
asks `{ __typename }`, so the limiter is measured, not the database) and two `ecosystem serve`
instances with the limit given (the defaults are the settings' defaults). A load client
(aiohttp, --clients requests in flight, far faster than the limit) sends one key's requests
to the two instances in turn for --seconds. Allowed is the count of 200s; the limit's
expectation is burst + per_s × the time from the first request sent to the last answer.
Then the same with two instances without Redis, each metering alone, for comparison. Any
answer other than 200 or 429 fails the run; `fallbacks` counts the decisions the instances
took alone because Redis did not answer in time (ecosystem_redis_fallbacks_total).
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import os
import shlex
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import aiohttp
import httpx
from tests.support.processes import api_servers, redis_server

from ecosystem.graph import keys, migrations
from ecosystem.graph.database import Database
from ecosystem.localdb import LocalNeo4j
from ecosystem.settings import PROJECT_ROOT, Settings

HOME = PROJECT_ROOT / ".neo4j" / "bench-shared"
QUERY = b'{"query": "{ __typename }"}'


@dataclass(frozen=True)
class Run:
    allowed: int
    refused: int
    seconds: float
    expected: float
    fallbacks: float  # decisions the instances took alone: Redis did not answer in time

    @property
    def deviation(self) -> float:
        return (self.allowed / self.expected - 1) * 100


async def hammer(bases: list[str], key: str, seconds: float, clients: int) -> Counter[int]:
    """Statuses of one key's requests, sent to `bases` in turn by `clients` for `seconds`."""
    urls = itertools.cycle(f"{base}/graphql" for base in bases)
    statuses: Counter[int] = Counter()
    headers = {"authorization": f"Bearer {key}", "content-type": "application/json"}
    deadline = time.monotonic() + seconds

    async def client(session: aiohttp.ClientSession) -> None:
        while time.monotonic() < deadline:
            async with session.post(next(urls), data=QUERY) as response:
                await response.read()
                statuses[response.status] += 1

    async with aiohttp.ClientSession(headers=headers) as session:
        await asyncio.gather(*(client(session) for _ in range(clients)))
    return statuses


def measure(bases: list[str], key: str, args: argparse.Namespace) -> Run:
    started = time.monotonic()
    statuses = asyncio.run(hammer(bases, key, args.seconds, args.clients))
    seconds = time.monotonic() - started
    if set(statuses) - {200, 429}:
        raise SystemExit(f"answers other than 200 and 429: {dict(statuses)}")
    expected = args.burst + args.per_s * seconds
    return Run(statuses[200], statuses[429], seconds, expected, fallbacks(bases))


def fallbacks(bases: list[str]) -> float:
    """ecosystem_redis_fallbacks_total of the instances, added up."""
    total = 0.0
    for base in bases:
        for line in httpx.get(f"{base}/metrics", timeout=30).text.splitlines():
            if line.startswith("ecosystem_redis_fallbacks_total{"):
                total += float(line.rsplit(" ", 1)[1])
    return total


async def prepare(settings: Settings) -> str:
    """The bench database migrated, and a new researcher key for the run."""
    async with Database(settings) as db:
        await migrations.apply(db, migrations.load(settings.migrations_dir))
        await db.write("MATCH (k:ApiKey {name: 'bench-shared'}) DETACH DELETE k")
        return await keys.create(db, "bench-shared", "researcher", None)


def logs(home: Path, name: str) -> list[Path]:
    """Where the two instances of a run log: beside the bench database's files."""
    return [home / f"{name}-{n}.log" for n in (1, 2)]


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--seconds", type=float, default=10.0, help="of load, each run")
    parser.add_argument("--burst", type=int, default=50, help="ECOSYSTEM_RATE_LIMIT_BURST")
    parser.add_argument("--per-s", type=float, default=20.0, help="ECOSYSTEM_RATE_LIMIT_PER_S")
    parser.add_argument("--clients", type=int, default=8, help="requests in flight")
    parser.add_argument("--neo4j-port", type=int, default=7702)
    parser.add_argument("--neo4j-home", type=Path, default=HOME, help="its data and the logs")
    args = parser.parse_args()
    for name in ("NEO4J_URI", "ECOSYSTEM_NEO4J_URI"):  # would bypass the bench's database
        os.environ.pop(name, None)
    os.environ.update(
        ECOSYSTEM_LOCAL_NEO4J_PORT=str(args.neo4j_port),
        ECOSYSTEM_LOCAL_NEO4J_HOME=str(args.neo4j_home),
    )
    settings = Settings()
    env = {
        "ECOSYSTEM_RATE_LIMIT": "true",
        "ECOSYSTEM_RATE_LIMIT_BURST": str(args.burst),
        "ECOSYSTEM_RATE_LIMIT_PER_S": str(args.per_s),
        "ECOSYSTEM_LOG_LEVEL": "warning",  # no access-log line per request
    }
    local = LocalNeo4j.from_settings(settings)
    started = local.start()
    runs: dict[str, Run] = {}
    try:
        key = asyncio.run(prepare(settings))
        with tempfile.TemporaryDirectory() as folder, redis_server(Path(folder)) as redis:
            shared = {**env, "ECOSYSTEM_REDIS_URL": redis.url}
            with api_servers(shared, logs(args.neo4j_home, "shared")) as bases:
                runs["with Redis"] = measure(bases, key, args)
        with api_servers(
            env, logs(args.neo4j_home, "alone")
        ) as bases:  # the first pair has stopped
            runs["without Redis"] = measure(bases, key, args)
    finally:
        if started:
            local.stop()
    print(
        "$ " + shlex.join([Path(sys.executable).name, "-m", "bench.shared_limits", *sys.argv[1:]])
    )
    print(
        f"one key, two instances in turn, {args.clients} requests in flight, limit "
        f"{args.burst} at once + {args.per_s:g}/s"
    )
    head = ("seconds", "sent", "allowed", "expected", "deviation", "fallbacks")
    print(f"{'':16}" + "".join(f"{h:>10}" for h in head))
    for name, run in runs.items():
        sent = run.allowed + run.refused
        print(
            f"{name:16}{run.seconds:>10.2f}{sent:>10}{run.allowed:>10}{run.expected:>10.1f}"
            f"{run.deviation:>+9.1f}%{run.fallbacks:>10.0f}"
        )
    print(f"load average after the runs: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")


if __name__ == "__main__":
    main()
