"""What a registered (trusted) document saves: the same read sent as a new document, as a
document seen before, and by its id.

    .venv/bin/python -m bench.trusted_documents [--requests 500] [--warmup 50]

The set-up of bench/write_latency.py (its own Neo4j on 127.0.0.1:7701, data in
.neo4j/bench-write, seeded when empty) and two API servers under uvicorn: one as deployed
(repeat queries on) and one with `ECOSYSTEM_REPEAT_QUERIES=false`, where every request takes
Strawberry's path. Three kinds of request take turns on each: the read as a document never
seen (a comment makes each text new: parsed and validated every time), the same text again
(the parser and validation caches, or the repeat-query path), and the registered document by
`documentId` (its text comes from the registry; parsed and validated once per process).
"""

from __future__ import annotations

import argparse
import asyncio
import signal
import statistics
import sys
from collections.abc import Callable
from contextlib import ExitStack

import httpx

from bench.write_latency import (
    Body,
    api_server,
    bounded,
    configure,
    headers,
    local_neo4j,
    rounds,
    row,
)
from ecosystem.graph import Database, documents
from ecosystem.settings import Settings

READ = """query Read($first: Int) {
  organisations(first: $first) { edges { node { id name kind province } } }
}"""
KINDS = ("new document each time", "the same document again", "registered, by documentId")


def bodies() -> list[tuple[str, Callable[[int], Body]]]:
    def new(index: int) -> Body:
        return {"query": f"{READ}\n# {index}", "variables": {"first": 20}, "operationName": "Read"}

    def same(_: int) -> Body:
        return {"query": READ, "variables": {"first": 20}, "operationName": "Read"}

    def by_id(_: int) -> Body:
        digest = documents.document_id(READ)
        return {
            "documentId": f"sha256:{digest}",
            "variables": {"first": 20},
            "operationName": "Read",
        }

    return [(KINDS[0], new), (KINDS[1], same), (KINDS[2], by_id)]


def check(_: int, data: Body) -> None:
    if len(data["organisations"]["edges"]) != 20:
        raise SystemExit(f"unexpected answer: {data}")


async def register(settings: Settings) -> None:
    db = Database(settings)
    try:
        await documents.add(db, {READ: ["Read"]})
    finally:
        await db.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--requests", type=bounded, default=500, help="timed, of each kind")
    parser.add_argument("--warmup", type=int, default=50, help="untimed rounds")
    parser.add_argument("--port", type=int, default=8712, help="first of two API ports")
    args = parser.parse_args()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    settings = configure(7701, args.port)
    plain = settings.model_copy(update={"port": args.port + 1})
    kinds = [(make, check) for _, make in bodies()]
    results: dict[str, list[list[float]]] = {}
    with ExitStack() as stack:
        stack.enter_context(local_neo4j(settings, fresh=False))
        asyncio.run(register(settings))
        servers = {
            "as deployed": stack.enter_context(api_server(settings, name="serve-trusted")),
            "repeat queries off": stack.enter_context(
                api_server(
                    plain,
                    {"ECOSYSTEM_REPEAT_QUERIES": "false", "ECOSYSTEM_PORT": str(plain.port)},
                    "serve-trusted-plain",
                )
            ),
        }
        with httpx.Client(timeout=30, headers=headers()) as client:
            for name, url in servers.items():
                results[name] = rounds(
                    client, url, kinds, warmup=args.warmup, requests=args.requests
                )
    print(f"organisations(first: 20) over HTTP, {args.requests} requests of each kind (ms)")
    print(f"{'server / request':38}" + "".join(f"{h:>8}" for h in ("p50", "p95", "p99", "mean")))
    for name, series in results.items():
        for kind, timings in zip(KINDS, series, strict=True):
            print(row(f"{name}: {kind}"[:38], timings))
        new, _, by_id = (statistics.median(t) for t in series)
        print(f"  {name}: by id saves {new - by_id:.2f} ms at p50 over a new document")


if __name__ == "__main__":
    main()
