"""What API keys and request limits cost a simple lookup: `node(id:)` p50 with and without.

    .venv/bin/python -m bench.auth_overhead [--requests 1000] [--warmup 100]

Two API servers under uvicorn on the bench's own Neo4j (the set-up of bench/write_latency.py:
127.0.0.1:7701, data in .neo4j/bench-write, seeded when empty): one as deployed (a key on each
request — looked up, then cached —, the rate limiter, the cost estimate and every other limit
at its default) and one without them where settings allow (anonymous public reads, no rate
limit). The same lookup goes to each in turn, so the machine's drift falls on both alike.
The validation limits (depth, aliases, tokens, root fields) run once per document — their
result is cached with the parsed document — so they cost nothing per request here; the cost
estimate runs on both servers (it cannot be switched off), so it is also timed in-process.
"""

from __future__ import annotations

import argparse
import signal
import statistics
import sys
import time
from contextlib import ExitStack
from types import SimpleNamespace

import httpx
from graphql import parse

from bench.write_latency import (
    api_server,
    bounded,
    configure,
    headers,
    local_neo4j,
    post,
    row,
)
from ecosystem.api.cost import Pages, operation_cost
from ecosystem.api.schema import build_compiler, build_schema
from ecosystem.limits import Limits
from ecosystem.settings import Settings

READ = """query Read($id: ID!) { node(id: $id) { id ... on Organisation { name } } }"""
PICK = """query Pick { organisations(first: 20) { edges { node { id } } } }"""
BARE = {"ECOSYSTEM_PUBLIC_READ": "true", "ECOSYSTEM_RATE_LIMIT": "false"}


def measure(urls: dict[str, str], warmup: int, requests: int) -> dict[str, list[float]]:
    timings: dict[str, list[float]] = {name: [] for name in urls}
    clients = {
        "with": httpx.Client(timeout=30, headers=headers()),
        "without": httpx.Client(timeout=30),
    }
    try:
        picked = post(clients["with"], urls["with"], {"query": PICK, "operationName": "Pick"})
        ids = [edge["node"]["id"] for edge in picked["organisations"]["edges"]]
        for index in range(warmup + requests):
            body = {"query": READ, "variables": {"id": ids[index % len(ids)]}}
            for name, url in urls.items():
                started = time.perf_counter()
                post(clients[name], url, {**body, "operationName": "Read"})
                if index >= warmup:
                    timings[name].append((time.perf_counter() - started) * 1000)
    finally:
        for client in clients.values():
            client.close()
    return timings


def estimate_us(repeat: int = 5000) -> float:
    """Microseconds of the cost estimate of the lookup, in this process."""
    settings = Settings()
    schema = build_schema(settings=settings)
    compiler = build_compiler(schema, settings)
    context = SimpleNamespace(
        schema=schema,
        graphql_document=parse(READ),
        operation_name="Read",
        variables={"id": "Organisation:3df20164-63ee-4e2d-a809-9740749aaf25"},
    )
    pages = Pages(Limits.from_settings(settings))
    started = time.perf_counter()
    for _ in range(repeat):
        operation_cost(context, compiler, pages)  # type: ignore[arg-type]
    return (time.perf_counter() - started) / repeat * 1e6


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--requests", type=bounded, default=1000, help="timed, of each")
    parser.add_argument("--warmup", type=int, default=100, help="untimed rounds")
    parser.add_argument("--port", type=int, default=8702, help="first of two API ports")
    args = parser.parse_args()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    settings = configure(7701, args.port)
    bare = settings.model_copy(update={"port": args.port + 1})
    with ExitStack() as stack:
        stack.enter_context(local_neo4j(settings, fresh=False))
        urls = {
            "with": stack.enter_context(api_server(settings, name="serve-with")),
            "without": stack.enter_context(
                api_server(bare, {**BARE, "ECOSYSTEM_PORT": str(bare.port)}, "serve-without")
            ),
        }
        timings = measure(urls, args.warmup, args.requests)
    print(f"node(id:) over HTTP, {args.requests} requests each after {args.warmup} warm-up (ms)")
    print(f"{'server':38}" + "".join(f"{h:>8}" for h in ("p50", "p95", "p99", "mean")))
    labels = {"with": "key + limits (as deployed)", "without": "anonymous, no rate limit"}
    for name, kept in timings.items():
        print(row(labels[name], kept))
    with_p50, without_p50 = (statistics.median(timings[n]) for n in ("with", "without"))
    print(
        f"overhead at p50: {with_p50 - without_p50:+.2f} ms "
        f"({(with_p50 / without_p50 - 1) * 100:+.1f}%); the cost estimate, in-process: "
        f"{estimate_us():.0f} µs a request"
    )


if __name__ == "__main__":
    main()
