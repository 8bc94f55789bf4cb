"""The load client: one process on loopback that sends one request body over and over.

    echo '{"targets": [["url", "body"], …], "headers": {…}, "concurrency": 1, …}' \
        | python -m bench.compare.load

It sends the targets (one per variable set of the operation) in turn, with `{{request}}` in a
body replaced by the request's number (a write then changes something every time: setting a
value a property already has, Neo4j writes nothing). It runs apart from
every server it measures (its CPU is not theirs to account for), keeps its
connections alive, and sends `warmup` untimed requests (fewer when they take over a quarter
of `seconds`), then at most `requests` timed ones or
as many as fit in `seconds`, whichever ends first, from `concurrency` clients that each wait
for an answer before sending again. Every answer must be 200 without `"errors"` anywhere in
it. Prints one JSON object: each timed request's latency in milliseconds, the wall time, the
client's own CPU time (to show it was not the bottleneck) and the failures.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import resource
import sys
import time
from dataclasses import dataclass
from typing import Any

import aiohttp


@dataclass(frozen=True)
class Job:
    targets: list[tuple[str, str]]  # (url, body) of each variable set, sent in turn
    headers: dict[str, str]
    concurrency: int = 1
    warmup: int = 0
    requests: int = 100
    seconds: float = 10.0
    least: int = 1  # timed requests sent even when they take longer than `seconds`


REQUEST = b"{{request}}"  # in a body: the request's number


class Failure(Exception):
    pass


async def send(session: aiohttp.ClientSession, target: tuple[str, bytes]) -> float:
    url, data = target
    started = time.perf_counter()
    async with session.post(url, data=data) as response:
        answer = await response.read()
    elapsed = (time.perf_counter() - started) * 1000
    if response.status != 200 or b'"errors"' in answer:  # the whole answer, however long
        raise Failure(f"{response.status}: {answer[:300].decode(errors='replace')}")
    return elapsed


async def run(job: Job) -> dict[str, Any]:
    targets = [(url, body.encode()) for url, body in job.targets]
    turn = itertools.count()  # the variable sets in turn, across warm-up and timed requests

    def target() -> tuple[str, bytes]:
        number = next(turn)
        url, body = targets[number % len(targets)]
        return url, body.replace(REQUEST, str(number).encode()) if REQUEST in body else body

    headers = {"content-type": "application/json", **job.headers}
    connector = aiohttp.TCPConnector(limit=job.concurrency, force_close=False)
    timeout = aiohttp.ClientTimeout(total=max(120.0, job.seconds * 4))
    async with aiohttp.ClientSession(connector=connector, headers=headers, timeout=timeout) as s:
        warm_until = time.perf_counter() + job.seconds / 4  # a slow operation warms up less
        for done in range(job.warmup):
            if done and time.perf_counter() > warm_until:
                break
            await send(s, target())
        latencies: list[float] = []
        deadline = time.perf_counter() + job.seconds

        async def client() -> None:
            while len(latencies) < job.requests and (
                time.perf_counter() < deadline or len(latencies) < job.least
            ):
                latencies.append(await send(s, target()))

        started = time.perf_counter()
        await asyncio.gather(*(client() for _ in range(job.concurrency)))
        wall = time.perf_counter() - started
    used = resource.getrusage(resource.RUSAGE_SELF)
    return {
        "latencies_ms": latencies,
        "wall_s": wall,
        "client_cpu_s": used.ru_utime + used.ru_stime,
    }


def main() -> None:
    job = Job(**json.loads(sys.stdin.read()))
    try:
        result = asyncio.run(run(job))
    except (Failure, aiohttp.ClientError, TimeoutError) as error:
        result = {"error": f"{type(error).__name__}: {error}"}
    json.dump(result, sys.stdout)


if __name__ == "__main__":
    main()
