"""Large answers at once: the API's peak memory and answers a second while many clients ask for
the whole collaboration network together (the bench's Network operation), for each
`ECOSYSTEM_LARGE_ANSWERS_AT_ONCE`.

    BENCH_SCALE=500 make bench   # once: loads the scale-500 graph into .neo4j/bench-500
    ECOSYSTEM_LOCAL_NEO4J_HOME=.neo4j/bench-500 ECOSYSTEM_LOCAL_NEO4J_PORT=7730 \
        ECOSYSTEM_LOCAL_NEO4J_HEAP_MB=4096 ECOSYSTEM_LOCAL_NEO4J_PAGECACHE_MB=4096 \
        bench/peer/neo4j-apoc.sh start
    .venv/bin/python -m bench.large_answers [--uri bolt://127.0.0.1:7730] [--clients 16]
        [--rounds 2] [--at-once 1 2 4 16]

Needs a running Neo4j holding a graph (`--uri`: the bench's, started as above; stop it with the
same environment and `ecosystem neo4j stop`); it writes only an admin key named `bench-large`.
For each value of `--at-once` it starts the API under uvicorn (127.0.0.1:8702, log in a
temporary folder), asks once (untimed), then `--rounds` times sends `--clients` requests
together and waits for all; every answer is checked for `errors`. Prints the API's peak
resident memory (VmHWM, MiB) and answers a second.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import tempfile
import time
from pathlib import Path

import httpx

from bench.compare import operations
from bench.compare.servers import peak_rss_mb
from bench.write_latency import HOST, SERVE, running
from ecosystem.graph import keys
from ecosystem.graph.database import Database
from ecosystem.settings import Settings

PORT = 8702
# The bench's own document for the whole network (bench/peer/operations.md), not a copy.
NETWORK = next(op.ours for op in operations.load() if op.key == "Network")


async def admin_key(uri: str) -> str:
    db = Database(Settings(neo4j_uri=uri))
    try:
        await db.write("MATCH (k:ApiKey {name: 'bench-large'}) DETACH DELETE k")
        return await keys.create(db, "bench-large", "admin", None)
    finally:
        await db.close()


async def ask_together(base: str, key: str, clients: int, rounds: int) -> float:
    """Answers a second over `rounds` of `clients` requests sent together."""
    headers = {"authorization": f"Bearer {key}"}
    async with httpx.AsyncClient(base_url=base, headers=headers, timeout=600) as http:

        async def one() -> None:
            response = await http.post("/graphql", json=NETWORK.body(NETWORK.sets[0]))
            if response.status_code != 200 or b'"errors"' in response.content:
                raise SystemExit(f"unexpected answer: {response.content[:500]!r}")

        await one()
        started = time.perf_counter()
        for _ in range(rounds):
            await asyncio.gather(*(one() for _ in range(clients)))
        return clients * rounds / (time.perf_counter() - started)


def measure(uri: str, key: str, at_once: int, clients: int, rounds: int) -> tuple[float, float]:
    """(peak MiB, answers a second) of one API process taking `at_once` turns."""
    env = {
        "NEO4J_URI": uri,
        "ECOSYSTEM_LARGE_ANSWERS_AT_ONCE": str(at_once),
        "ECOSYSTEM_QUERY_TIMEOUT_S": "600",  # the last of many waits its turn a long time
        "ECOSYSTEM_RATE_LIMIT_BURST": "1000000",
        "ECOSYSTEM_LOG_LEVEL": "warning",
    }
    argv = [*SERVE, "--host", HOST, "--port", str(PORT), "--log-level", "warning"]
    base = f"http://{HOST}:{PORT}"
    with (
        tempfile.TemporaryDirectory() as folder,
        running(argv, base, Path(folder) / "api.log", env) as server,
    ):
        rate = asyncio.run(ask_together(base, key, clients, rounds))
        return peak_rss_mb(server.pid), rate


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--uri", default=os.environ.get("NEO4J_URI", "bolt://127.0.0.1:7730"))
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--at-once", type=int, nargs="+", default=[1, 2, 4, 16])
    args = parser.parse_args()
    key = asyncio.run(admin_key(args.uri))
    print(f"{args.clients} clients × {args.rounds} rounds of the whole network", file=sys.stderr)
    print(f"{'at once':>8} {'peak MiB':>9} {'answers/s':>10}")
    for at_once in args.at_once:
        peak, rate = measure(args.uri, key, at_once, args.clients, args.rounds)
        print(f"{at_once:>8} {peak:>9,.0f} {rate:>10.2f}", flush=True)


if __name__ == "__main__":
    main()
