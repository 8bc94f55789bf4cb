"""`make bench`: ours, the peer and the raw driver, side by side on one Neo4j, in one run.

    BENCH_SCALE=10 .venv/bin/python -m bench.compare        # what `make bench` runs

1. Neo4j 5.26 with APOC (the peer needs it) in `.neo4j/bench-<scale>/`, seeded with
   `ecosystem seed --scale <scale>` unless it already is (the load rate is recorded).
2. ours (uvicorn, one worker), the peer (Node) and, once ours has resolved the operations'
   variables, the raw contender, each in its own process on loopback.
3. Every operation of bench/peer/operations.md is asked of all three; the run stops unless
   they return equivalent data; asked again after the timed load (the warmed path).
4. Each operation, each contender (taking turns in a rotating order): warm-up, then a load-
   client process with one client (p50/p95/p99), then with BENCH_CLIENTS clients
   (requests a second); then, if BENCH_WORKERS > 1, ours with that many workers.
5. bench/results/<date>-<HHMM>-scale-<N>.json (a partial run's name ends in its operations),
   the markdown table printed and put in bench/README.md; everything started is stopped.

Settings (environment): BENCH_SCALE (10), BENCH_REQUESTS (300 timed requests with one
client, 1,000 with many), BENCH_SECONDS (8, the most one phase may take), BENCH_CLIENTS (16),
BENCH_WORKERS (1; N > 1 adds ours with N workers, throughput only: the peer runs one process,
so it is not compared), BENCH_ONLY (operation keys, comma-separated: a partial run, not written
to bench/README.md), BENCH_CHECK_ONLY (stop after the equivalence check), BENCH_PORT_OFFSET
(added to every port the run uses).
"""

from __future__ import annotations

import asyncio
import json
import os
import signal
import statistics
import sys
import tempfile
import time
from contextlib import ExitStack
from pathlib import Path
from typing import Any

from bench.compare import contenders, data, report
from bench.compare.measure import (
    Failed,
    Mismatch,
    Phase,
    Sets,
    check,
    equal_count,
    latency,
    load,
    resolve,
    throughput,
)
from bench.compare.operations import Operation
from bench.compare.operations import load as load_operations
from bench.compare.servers import HOST, ROOT, neo4j, peak_rss_mb
from ecosystem.settings import Settings

# Loopback ports; BENCH_PORT_OFFSET moves them all (two runs side by side).
PORTS = {"neo4j": 7730, "ours": 8730, "ours-workers": 8731, "raw": 8732, "ours-full": 8733,
         "peer": 4730}  # fmt: skip
PORTS = {name: port + int(os.environ.get("BENCH_PORT_OFFSET", "0")) for name, port in PORTS.items()}


SLOW_MS = 2_000.0  # one-client p50 above which many clients are not measured
PROBES = 3  # requests after the warm-up that estimate how long a contender takes
ROUNDS = 3  # the one-client requests of each contender, in turns
MANY_ROUNDS = 2  # the many-client runs of each contender, in turns
LATENCY_ONLY = {"ours-full"}  # a variant of ours, timed for latency only


def env_int(name: str, default: int) -> int:
    return int(os.environ.get(name, default))


def configure(scale: int) -> Settings:
    """This process's settings, and so the servers': the bench database, quiet logs, and the
    rate limiter running (its cost is measured) without ever refusing a bench request."""
    for name in ("NEO4J_URI", "ECOSYSTEM_NEO4J_URI"):
        os.environ.pop(name, None)
    large = scale > 50
    os.environ.update(
        {
            "ECOSYSTEM_LOCAL_NEO4J_PORT": str(PORTS["neo4j"]),
            "ECOSYSTEM_LOCAL_NEO4J_HOME": str(ROOT / ".neo4j" / f"bench-{scale}"),
            "ECOSYSTEM_LOCAL_NEO4J_HEAP_MB": "4096" if large else "2048",
            "ECOSYSTEM_LOCAL_NEO4J_PAGECACHE_MB": "4096" if large else "1024",
            "ECOSYSTEM_HOST": HOST,
            "ECOSYSTEM_LOG_LEVEL": "warning",
            "ECOSYSTEM_RATE_LIMIT_BURST": "1000000",
            "ECOSYSTEM_RATE_LIMIT_PER_S": "1000000",
            # Whole-graph questions at scale 500 take longer than the default 10 s.
            "ECOSYSTEM_QUERY_TIMEOUT_S": "300",
        }
    )
    return Settings()


def chosen_operations() -> list[Operation]:
    operations = load_operations()
    only = {key for key in os.environ.get("BENCH_ONLY", "").split(",") if key}
    return [op for op in operations if not only or op.key in only]


def say(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def main() -> None:
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # clean-up runs on `kill` too
    scale = env_int("BENCH_SCALE", 10)
    settings = configure(scale)
    operations = chosen_operations()
    phases = (
        Phase(1, env_int("BENCH_REQUESTS", 300), env_int("BENCH_SECONDS", 8), warmup=20),
        Phase(env_int("BENCH_CLIENTS", 16), env_int("BENCH_REQUESTS", 300) * 10 // 3,
              env_int("BENCH_SECONDS", 8), warmup=env_int("BENCH_CLIENTS", 16)),
    )  # fmt: skip
    started = time.time()
    with ExitStack() as stack:
        local = stack.enter_context(neo4j(settings))
        loaded, key = asyncio.run(data.prepare(settings, scale))
        graph = asyncio.run(data.graph_size(settings))
        say(f"graph: {graph['nodes']:,} nodes, {graph['relationships']:,} relationships")
        logs = Path(settings.local_neo4j_home)
        ours = contenders.ours(PORTS["ours"], logs, key)
        full = contenders.ours(PORTS["ours-full"], logs, key, repeat_queries=False)
        peer = contenders.peer(PORTS["peer"], logs, settings.bolt_uri)
        for contender in (ours, full, peer):
            stack.enter_context(contender.server)
        variables = {op.key: resolve(op, ours) for op in operations}
        plan = Path(stack.enter_context(tempfile.TemporaryDirectory())) / "operations.json"
        asked = {op.key: {"query": op.ours.query, "sets": variables[op.key]}
                 for op in operations}  # fmt: skip
        plan.write_text(json.dumps(asked), encoding="utf-8")
        raw = contenders.raw(PORTS["raw"], logs, plan)
        stack.enter_context(raw.server)
        answers, failures = {}, {}
        for op in operations:
            answers[op.key], failures[op.key] = check(
                op, variables[op.key], ours, [peer, raw, full]
            )
            failed = "".join(f"; {name} failed: {why}" for name, why in failures[op.key].items())
            say(f"equivalent: {op.key} ({answers[op.key].fields:,} values){failed}")
        if os.environ.get("BENCH_CHECK_ONLY"):
            return
        rows = measure(operations, variables, [ours, peer, raw, full], phases, failures)
        # Again on the path that was timed (warm caches, repeat queries): still equivalent.
        for op in operations:
            check(op, variables[op.key], ours, [c for c in (peer, raw, full)
                                                if c.name not in failures[op.key]])  # fmt: skip
        say("equivalent after the timed load: every operation")
        rss = {c.name: c.server.peak_rss_mb for c in (ours, peer, raw, full)}
        # The peer runs one process: ours×N is not in the comparison unless asked for.
        workers = env_int("BENCH_WORKERS", 1)
        if workers > 1:
            many = contenders.ours(PORTS["ours-workers"], logs, key, workers)
            with many.server:
                for op in operations:
                    if rows[op.key]["latency"]["ours"]["p50"] <= SLOW_MS:
                        result = load(many, op, variables[op.key], phases[1])
                        rows[op.key]["throughput"][many.name] = throughput([result])
                rss[many.name] = many.server.peak_rss_mb
        status = local.status()
        rss["neo4j"] = peak_rss_mb(status.pid) if status.pid else 0.0
    results = report.results(
        scale=scale, graph=graph, load=loaded, operations=operations, answers=answers,
        failures=failures, rows=rows, rss=rss, phases=phases, workers=workers,
        seconds=time.time() - started,
    )  # fmt: skip
    report.publish(results, partial=bool(os.environ.get("BENCH_ONLY")))


def measure(
    operations: list[Operation],
    variables: dict[str, Sets],
    entrants: list[contenders.Contender],
    phases: tuple[Phase, Phase],
    failures: dict[str, dict[str, str]],
) -> dict[str, dict[str, Any]]:
    """Each operation's latency (one client) and throughput (many) for every contender that
    answers it. Contenders take turns, in an order that rotates from one operation to the next,
    so that a drift of the machine (this one shares its cores with neighbours) falls on all of
    them alike: the one-client requests in ROUNDS, the many-client runs in MANY_ROUNDS. Every
    contender sends the same number of one-client requests: as many as the slowest fits."""
    rows: dict[str, dict[str, Any]] = {}
    for index, op in enumerate(operations):
        shift = index % len(entrants)
        order = [c for c in entrants[shift:] + entrants[:shift] if c.name not in failures[op.key]]
        marks(order)  # a new mark: the equivalence checks are not this operation's
        probe = Phase(1, PROBES, phases[0].seconds, phases[0].warmup, PROBES)
        probed = [run_or_fail(c, op, variables, probe, failures) for c in order]
        slowest = max((statistics.median(t) for t in probed if t), default=1.0)
        turn = phases[0].exactly(-(-equal_count(phases[0], slowest, slow_ms=SLOW_MS) // ROUNDS))
        timings: dict[str, list[float]] = {c.name: [] for c in order}
        for _ in range(ROUNDS):
            for contender in order:
                timings[contender.name] += run_or_fail(contender, op, variables, turn, failures)
        peak = {"one": marks(order)}  # each phase's own peak memory
        row: dict[str, Any] = {"latency": {}, "throughput": {}, "peak_rss_mib": peak}
        for contender in order:
            if contender.name not in failures[op.key]:
                row["latency"][contender.name] = latency({"latencies_ms": timings[contender.name]})
        many = [c for c in order if c.name in row["latency"] and c.name not in LATENCY_ONLY
                and row["latency"][c.name]["p50"] <= SLOW_MS]  # fmt: skip
        runs: dict[str, list[Any]] = {c.name: [] for c in many}
        for number in range(MANY_ROUNDS):
            part = phases[1].share(MANY_ROUNDS, warm=number == 0)
            for contender in many:
                runs[contender.name].append(
                    run_or_fail(contender, op, variables, part, failures, raw=True)
                )
        row["peak_rss_mib"]["many"] = marks(many)
        for contender in many:
            if contender.name not in failures[op.key]:
                row["throughput"][contender.name] = throughput(runs[contender.name])
        rows[op.key] = row
        p50s = ", ".join(f"{n} {v['p50']:.2f}" for n, v in row["latency"].items())
        say(f"{op.key}: p50 ms {p50s}")
    return rows


def marks(entrants: list[contenders.Contender]) -> dict[str, float]:
    """Each server's peak resident memory (MiB) since its last mark, and a new mark."""
    return {c.name: round(c.server.peak_since_mark(), 1) for c in entrants}


def run_or_fail(
    contender: contenders.Contender,
    op: Operation,
    variables: dict[str, Sets],
    phase: Phase,
    failures: dict[str, dict[str, str]],
    *,
    raw: bool = False,
) -> Any:
    """The load client's result (its latencies unless `raw`); a failure of the peer or raw is
    recorded in `failures` (and they are not timed further), one of ours stops the run."""
    if contender.name in failures[op.key]:
        return {} if raw else []
    try:
        result = load(contender, op, variables[op.key], phase)
    except Failed as error:
        if contender.name == "ours":
            raise
        failures[op.key][contender.name] = str(error)
        return {} if raw else []
    return result if raw else result["latencies_ms"]


def entry() -> None:
    try:
        main()
    except (Mismatch, Failed) as error:  # a failure of ours, or a difference: no table
        raise SystemExit(f"bench stopped: {error}") from None


if __name__ == "__main__":
    entry()
