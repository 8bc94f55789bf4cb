"""p50 of a nested three-level page of 100 organisations, over HTTP.

    make run                       # in one shell: the API on the seeded local database
    .venv/bin/python bench/nested_page.py [--url http://127.0.0.1:8000/graphql] [--requests 200]

Sequential requests after a warm-up; prints p50 / p95 / p99 in milliseconds and the response
size. Speed is measured here, never in the test suite.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time

import httpx

QUERY = """query NestedPage($first: Int!) {
  organisations(first: $first, orderBy: [{province: ASC}, {name: ASC}]) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { cursor node {
      id name nameZh kind province
      trainers(first: 5) { totalCount edges { type since node {
        name nameZh
        credentials(first: 3) { edges { level node { name category } } } } } }
      courses(first: 5) { edges { role node { code title } } } } } } }"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--url", default="http://127.0.0.1:8000/graphql")
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--warmup", type=int, default=20)
    args = parser.parse_args()
    body = {"query": QUERY, "variables": {"first": 100}, "operationName": "NestedPage"}
    timings: list[float] = []
    size = 0
    with httpx.Client(timeout=60) as client:
        for index in range(args.warmup + args.requests):
            started = time.perf_counter()
            response = client.post(args.url, json=body)
            elapsed = time.perf_counter() - started
            response.raise_for_status()
            payload = response.json()
            if "errors" in payload:
                raise SystemExit(json.dumps(payload["errors"], indent=2))
            size = len(response.content)
            if index >= args.warmup:
                timings.append(elapsed * 1000)
    quantiles = statistics.quantiles(timings, n=100)
    print(
        f"nested three-level page of 100 organisations, {args.requests} requests: "
        f"p50 {statistics.median(timings):.1f} ms, p95 {quantiles[94]:.1f} ms, "
        f"p99 {quantiles[98]:.1f} ms, response {size / 1024:.0f} KiB"
    )


if __name__ == "__main__":
    main()
