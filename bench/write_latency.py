"""Write latency of `updateOrganisation` over HTTP, with a `node(id:)` read as the peer.

    .venv/bin/python bench/write_latency.py [--requests 500] [--warmup 50] [--fresh]

Starts what it needs and stops what it started, also on error: its own local Neo4j (Bolt on
127.0.0.1:7701, data in .neo4j/bench-write), migrated and seeded when empty (in this process,
as `ecosystem migrate` and `ecosystem seed --if-missing` do), and the API under uvicorn as
`ecosystem serve` runs it (127.0.0.1:8701, log level warning, log in
.neo4j/bench-write/serve.log). No `ecosystem` command runs, so a CLI mid-edit cannot break it.

One client, sequential requests, round-robin over the first 50 seeded organisations. Three
kinds of request take turns, one each a round, untimed for the warm-up rounds: the update (a
new `website` each time, selecting `id version name`), the same update passing
`expectedVersion`, and the read peer. Every response is checked: no `errors`, and the version
went up by one (or, read, is the last one written). Prints p50 / p95 / p99 / mean in
milliseconds. Speed is measured here, never in the test suite.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx

from ecosystem.graph import keys, migrations
from ecosystem.graph import seed as seeder
from ecosystem.graph.database import Database
from ecosystem.localdb import LocalNeo4j, State
from ecosystem.seeding import Plan
from ecosystem.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
HOME = ROOT / ".neo4j" / "bench-write"
SCALE = 1  # copies of the synthetic sample seeded into an empty database
# `ecosystem serve` minus the CLI: the same app factory under uvicorn, one worker.
SERVE = [sys.executable, "-m", "uvicorn", "ecosystem.app:create_app", "--factory"]
HOST = "127.0.0.1"  # loopback only, for the database and the API alike
MAX_REQUESTS = 10_000

PICK = """query Pick($first: Int!) {
  organisations(first: $first, orderBy: [{name: ASC}]) { edges { node { id version } } } }"""
UPDATE = """mutation Update($id: ID!, $website: String!, $expected: Int) {
  updateOrganisation(id: $id, input: {website: $website}, expectedVersion: $expected) {
    id version name } }"""
READ = """query Read($id: ID!) { node(id: $id) { id ... on Organisation { version name } } }"""

Body = dict[str, Any]
Check = Callable[[int, Body], None]


def configure(neo4j_port: int, api_port: int) -> Settings:
    """Point this process, and so the server it starts, at the bench's database and port."""
    for name in ("NEO4J_URI", "ECOSYSTEM_NEO4J_URI"):  # would bypass the local database
        os.environ.pop(name, None)
    os.environ.update(
        {
            "ECOSYSTEM_LOCAL_NEO4J_PORT": str(neo4j_port),
            "ECOSYSTEM_LOCAL_NEO4J_HOME": str(HOME),
            "ECOSYSTEM_HOST": HOST,
            "ECOSYSTEM_PORT": str(api_port),
            "ECOSYSTEM_LOG_LEVEL": "warning",  # no access-log line per request
            # The rate limiter runs (its cost is measured) but never refuses a bench request.
            "ECOSYSTEM_RATE_LIMIT_BURST": "1000000",
            "ECOSYSTEM_RATE_LIMIT_PER_S": "1000000",
        }
    )
    return Settings()


def port_taken(port: int) -> bool:
    with socket.socket() as probe:
        probe.settimeout(0.5)
        return probe.connect_ex((HOST, port)) == 0


@contextmanager
def local_neo4j(settings: Settings, fresh: bool) -> Iterator[None]:
    """The bench's Neo4j, migrated and seeded; stopped at the end unless it already ran."""
    local = LocalNeo4j.from_settings(settings)
    if fresh:
        if local.status().state is State.RUNNING:
            raise SystemExit(f"--fresh: the Neo4j in {HOME} runs (pid {local.status().pid})")
        shutil.rmtree(HOME, ignore_errors=True)
    started = local.start()  # False when it already ran: then it is left running
    try:
        asyncio.run(prepare(settings))
        yield
    finally:
        if started:
            local.stop()


async def prepare(settings: Settings) -> None:
    """What `ecosystem migrate` and `ecosystem seed --if-missing` do, without their progress,
    and an admin key for the run (BENCH_KEY in this process's environment)."""
    db = Database(settings)
    try:
        await migrations.apply(db, migrations.load(settings.migrations_dir))
        plan = Plan(SCALE)
        if not await seeder.holds(db, plan):
            report = await seeder.load(db, plan.datasets())
            print(f"seeded {report.nodes:,} nodes in {report.seconds:.1f}s", file=sys.stderr)
        await db.write("MATCH (k:ApiKey {name: 'bench'}) DETACH DELETE k")
        os.environ["BENCH_KEY"] = await keys.create(db, "bench", "admin", None)
    finally:
        await db.close()


def headers() -> dict[str, str]:
    """The run's admin key, as a client sends it."""
    return {"authorization": f"Bearer {os.environ['BENCH_KEY']}"}


@contextmanager
def api_server(
    settings: Settings, env: Mapping[str, str] | None = None, name: str = "serve"
) -> Iterator[str]:
    """The API under uvicorn (as `ecosystem serve` runs it), once /ready answers; stopped after.
    `env` adds settings for this server only."""
    if port_taken(settings.port):
        raise SystemExit(f"port {settings.port} is taken: pass --port")
    argv = [*SERVE, "--host", HOST, "--port", str(settings.port), "--log-level", settings.log_level]
    base = f"http://{HOST}:{settings.port}"
    with running(argv, base, HOME / f"{name}.log", env):
        yield f"{base}/graphql"


@contextmanager
def running(
    argv: Sequence[str], base: str, log_path: Path, env: Mapping[str, str] | None = None
) -> Iterator[subprocess.Popen[bytes]]:
    """A server started with `argv` (its output in `log_path`), once `base`/ready answers;
    stopped after, also on error."""
    with log_path.open("w", encoding="utf-8") as log:
        server = subprocess.Popen(argv, stdout=log, stderr=log, env={**os.environ, **(env or {})})
    try:
        deadline = time.monotonic() + 60
        while (answer := _ready(base)) != "ready":
            # Pending migrations will not apply themselves: a file changed after prepare().
            if server.poll() is not None or time.monotonic() > deadline or "pending" in answer:
                tail = log_path.read_text(encoding="utf-8", errors="replace")[-3000:]
                raise SystemExit(f"the API is not ready on {base}: {answer}\n{tail}")
            time.sleep(0.2)
        yield server
    finally:
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def _ready(base: str) -> str:
    """`ready`, or what /ready (or the connection) says instead."""
    try:
        response = httpx.get(f"{base}/ready", timeout=2)
    except httpx.TransportError as error:
        return f"no answer ({error})"
    return "ready" if response.status_code == 200 else response.text


def post(client: httpx.Client, url: str, body: Body) -> Body:
    """One GraphQL request; its `data`, or exit with the errors."""
    response = client.post(url, json=body)
    payload: Body = response.json()
    if response.status_code != 200 or payload.get("errors") or not payload.get("data"):
        raise SystemExit(f"{body['operationName']} failed ({response.status_code}): {payload}")
    data: Body = payload["data"]
    return data


def rounds(
    client: httpx.Client,
    url: str,
    kinds: Sequence[tuple[Callable[[int], Body], Check]],
    *,
    warmup: int,
    requests: int,
) -> list[list[float]]:
    """Milliseconds of each kind's `requests` requests, after `warmup` untimed rounds.

    The kinds take turns, one request each a round, so a drift of the machine (another process
    busy, a checkpoint, the JIT) falls on all of them alike.
    """
    timings: list[list[float]] = [[] for _ in kinds]
    for index in range(warmup + requests):
        for (make, check), kept in zip(kinds, timings, strict=True):
            body = make(index)
            started = time.perf_counter()
            data = post(client, url, body)
            elapsed = time.perf_counter() - started
            check(index, data)
            if index >= warmup:
                kept.append(elapsed * 1000)
    return timings


def row(label: str, timings: list[float]) -> str:
    cuts = statistics.quantiles(timings, n=100)
    numbers = (statistics.median(timings), cuts[94], cuts[98], statistics.fmean(timings))
    return f"{label:38}" + "".join(f"{n:>8.2f}" for n in numbers)


def bench(url: str, organisations: int, warmup: int, requests: int) -> list[tuple[str, float]]:
    """The three series against the running API; (row, p50) for each."""
    tag = time.strftime("%Y%m%d%H%M%S")
    with httpx.Client(timeout=30, headers=headers()) as client:
        picked = post(
            client,
            url,
            {"query": PICK, "variables": {"first": organisations}, "operationName": "Pick"},
        )
        versions = {
            edge["node"]["id"]: edge["node"]["version"] for edge in picked["organisations"]["edges"]
        }
        if len(versions) < organisations:
            raise SystemExit(
                f"the seed graph has {len(versions)} organisations, not {organisations}"
            )
        ids = list(versions)

        def update(expected: bool) -> Callable[[int], Body]:
            def make(index: int) -> Body:
                id_ = ids[index % len(ids)]
                website = f"https://bench.example/{tag}/{'v' if expected else 'u'}{index}"
                variables: Body = {"id": id_, "website": website}
                if expected:
                    variables["expected"] = versions[id_]
                return {"query": UPDATE, "variables": variables, "operationName": "Update"}

            return make

        def updated(index: int, data: Body) -> None:
            node = data["updateOrganisation"]
            if node["version"] != versions[node["id"]] + 1:
                raise SystemExit(f"request {index}: version {node['version']}, not one more")
            versions[node["id"]] = node["version"]

        def read(index: int) -> Body:
            variables = {"id": ids[index % len(ids)]}
            return {"query": READ, "variables": variables, "operationName": "Read"}

        def found(index: int, data: Body) -> None:
            if data["node"] is None or data["node"]["version"] != versions[data["node"]["id"]]:
                raise SystemExit(f"request {index}: node(id:) returned {data['node']}")

        labels = (
            "updateOrganisation",
            "updateOrganisation + expectedVersion",
            "node(id:) read (peer)",
        )
        kinds = [(update(expected=False), updated), (update(expected=True), updated), (read, found)]
        timings = rounds(client, url, kinds, warmup=warmup, requests=requests)
    return [
        (row(label, kept), statistics.median(kept))
        for label, kept in zip(labels, timings, strict=True)
    ]


def bounded(text: str) -> int:
    value = int(text)
    if not 2 <= value <= MAX_REQUESTS:
        raise argparse.ArgumentTypeError(f"between 2 and {MAX_REQUESTS}")
    return value


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--requests", type=bounded, default=500, help="timed, of each kind")
    parser.add_argument("--warmup", type=int, default=50, help="untimed rounds")
    parser.add_argument("--organisations", type=int, default=50)
    parser.add_argument("--port", type=int, default=8701, help="the API's (loopback)")
    parser.add_argument("--neo4j-port", type=int, default=7701)
    parser.add_argument("--fresh", action="store_true", help="wipe the bench database first")
    args = parser.parse_args()
    # A plain `kill` also runs the clean-up below.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    started, load_before = time.perf_counter(), os.getloadavg()[0]
    settings = configure(args.neo4j_port, args.port)
    with local_neo4j(settings, args.fresh), api_server(settings) as url:
        ready = time.perf_counter() - started
        results = bench(url, args.organisations, args.warmup, args.requests)
    write_p50, read_p50 = results[0][1], results[2][1]
    print(
        f"{args.requests} timed requests of each kind after {args.warmup} warm-up rounds, "
        f"one client, {args.organisations} organisations, {url} (ms)"
    )
    print(f"{'series':38}" + "".join(f"{h:>8}" for h in ("p50", "p95", "p99", "mean")))
    for line, _ in results:
        print(line)
    print(
        f"write p50 / read p50: {write_p50 / read_p50:.1f}x; set-up {ready:.1f}s, "
        f"wall {time.perf_counter() - started:.1f}s; load average {load_before:.1f} before, "
        f"{os.getloadavg()[0]:.1f} after ({os.cpu_count()} CPUs)"
    )


if __name__ == "__main__":
    main()
