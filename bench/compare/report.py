"""A run's results: bench/results/<date>-<HHMM>-scale-<N>[-<operations>].json, a markdown
table (printed, and kept in bench/README.md for the latest run at each scale) and the targets
it meets or misses."""

from __future__ import annotations

import json
import os
import platform
import re
import subprocess
import time
from dataclasses import asdict
from pathlib import Path
from typing import Any

from bench.compare.data import Load
from bench.compare.measure import Answer, Phase
from bench.compare.operations import Operation
from bench.compare.servers import ROOT

RESULTS = ROOT / "bench" / "results"
README = ROOT / "bench" / "README.md"
# Issues 8 and 16's targets: ours/peer p50 (Search on the same full-text index and Update,
# which writes more, have their own), peer/ours throughput of every read, ours/raw p50 (by
# operation), and at scale 500 the p50 in ms of the questions issue 16 names, and our peak RSS.
PEER_P50, PEER_P50_OF = 0.8, {"Search": 1.0, "Update": 1.2}
PEER_THROUGHPUT = 1.25
RAW_P50 = {"Lookup": 1.3, "Wide": 1.5}
LARGE_SCALE = 500
LARGE_P50_MS = {
    **dict.fromkeys(
        ("Count", "Dual", "Shared", "Collaborations", "Coverage", "Stats", "ProvinceNetwork"),
        100.0,
    ),
    "Network": 1500.0,
}
LARGE_RSS_MIB = 400.0


def machine() -> dict[str, Any]:
    cpu = next(
        (line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
         if line.startswith("model name")), platform.processor(),
    )  # fmt: skip
    memory_kb = int(Path("/proc/meminfo").read_text().split()[1])
    node = subprocess.run(["node", "--version"], capture_output=True, text=True, check=False)
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory_gib": round(memory_kb / 2**20, 1),
        "os": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(),
        "node": node.stdout.strip(),
        "neo4j": "5.26 Community (embedded, local launcher) with APOC core 5.26.5",
    }


def results(
    *,
    scale: int,
    graph: dict[str, int],
    load: Load,
    operations: list[Operation],
    answers: dict[str, Answer],
    failures: dict[str, dict[str, str]],
    rows: dict[str, dict[str, Any]],
    rss: dict[str, float],
    phases: tuple[Phase, Phase],
    workers: int,
    seconds: float,
) -> dict[str, Any]:
    return {
        "date": time.strftime("%Y-%m-%d %H:%M %Z"),
        "machine": machine(),
        "scale": scale,
        "graph": graph,
        "load": {
            **asdict(load),
            "nodes_per_s": load.nodes_per_s,
            "relationships_per_s": load.relationships_per_s,
        },
        "phases": [asdict(phase) for phase in phases],
        "workers": workers,
        "operations": [
            {
                "key": op.key,
                "title": op.title,
                "write": op.ours.mutation,  # the throughput target is every read's
                "values": answers[op.key].fields,
                "bytes": answers[op.key].size,
                "failed": failures[op.key],  # contenders that answered with errors
                **rows[op.key],
            }
            for op in operations
        ],
        "peak_rss_mib": rss,
        "seconds": seconds,
    }


def ratio(a: float | None, b: float | None) -> str:
    return f"{a / b:.2f}" if a is not None and b else "–"


def p50(op: dict[str, Any], contender: str) -> float | None:
    found = op["latency"].get(contender)
    return found["p50"] if found else None


def per_s(op: dict[str, Any], contender: str) -> float | None:
    found = op["throughput"].get(contender)
    return found["per_s"] if found else None


def latencies(op: dict[str, Any], contender: str) -> str:
    if contender in op["failed"]:
        return "failed"
    found = op["latency"][contender]
    return " / ".join("–" if found[p] is None else f"{found[p]:.1f}" for p in ("p50", "p95", "p99"))


def table(run: dict[str, Any]) -> str:
    many = f"ours×{run['workers']}"
    lines = [
        "| operation | values | requests | ours p50 / p95 / p99 | peer p50 / p95 / p99 "
        "| raw p50 / p95 / p99 | ours-full p50 | ours/peer | ours-full/peer | ours/raw "
        "| req/s ours · peer · raw · " + many + " | ours/peer req/s |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for op in run["operations"]:
        cells = " | ".join(latencies(op, c) for c in ("ours", "peer", "raw"))
        full = p50(op, "ours-full")
        rates = " · ".join(
            f"{rate:.0f}" if (rate := per_s(op, c)) is not None else "–"
            for c in ("ours", "peer", "raw", many)
        )
        lines.append(
            f"| {op['key']} | {op['values']:,} | {op['latency']['ours']['requests']} | {cells} "
            f"| {'–' if full is None else f'{full:.1f}'} "
            f"| {ratio(p50(op, 'ours'), p50(op, 'peer'))} | {ratio(full, p50(op, 'peer'))} "
            f"| {ratio(p50(op, 'ours'), p50(op, 'raw'))} | {rates} "
            f"| {ratio(per_s(op, 'ours'), per_s(op, 'peer'))} |"
        )
    return "\n".join(lines)


def misses(run: dict[str, Any]) -> list[str]:
    """Every target of issue 8 this run misses, with the numbers (– where not measured)."""
    found = []
    for op in run["operations"]:
        key, ours, peer, raw = op["key"], p50(op, "ours"), p50(op, "peer"), p50(op, "raw")
        assert ours is not None  # the run stops when ours fails
        most = PEER_P50_OF.get(key, PEER_P50)
        if peer is not None and ours > most * peer:
            found.append(f"{key}: ours p50 {ours:.2f} ms > {most} × peer {peer:.2f} ms")
        mine, theirs = per_s(op, "ours"), per_s(op, "peer")
        slower = mine is not None and theirs is not None and mine < PEER_THROUGHPUT * theirs
        if slower and not op["write"]:
            found.append(
                f"{key}: ours {mine:.0f} req/s < {PEER_THROUGHPUT} × peer {theirs:.0f} req/s"
            )
        if key in RAW_P50 and raw is not None and ours > RAW_P50[key] * raw:
            found.append(f"{key}: ours p50 {ours:.2f} ms > {RAW_P50[key]} × raw {raw:.2f} ms")
        limit = LARGE_P50_MS.get(key)
        if run["scale"] >= LARGE_SCALE and limit is not None and ours > limit:
            found.append(f"{key}: ours p50 {ours:.1f} ms > {limit:.0f} ms")
        found.extend(f"{key}: {name} failed: {why[:300]}" for name, why in op["failed"].items())
    rss, answering = network_peak(run)
    if run["scale"] >= LARGE_SCALE and rss is not None and rss > LARGE_RSS_MIB:
        found.append(f"peak RSS: ours {rss:,.0f} MiB > {LARGE_RSS_MIB:.0f} MiB {answering}")
    return found


def network_peak(run: dict[str, Any]) -> tuple[float | None, str]:
    """Ours' peak RSS for issue 16's target: while answering the whole network, to one client
    and to many at once; the whole run's peak in results written before each phase's peak
    was kept."""
    network: dict[str, Any] = next((op for op in run["operations"] if op["key"] == "Network"), {})
    phases = {"one": "one client", "many": "many"}
    found = {
        label: peak
        for phase, label in phases.items()
        if (peak := network.get("peak_rss_mib", {}).get(phase, {}).get("ours")) is not None
    }
    if not found:
        return run["peak_rss_mib"].get("ours"), "over the whole run"
    return max(found.values()), f"answering the whole network ({' and '.join(found)})"


def peaks(run: dict[str, Any]) -> str:
    """Ours' peak RSS during each operation's one-client and many-client phases."""
    cells = []
    for op in run["operations"]:
        marked = op.get("peak_rss_mib", {})
        one, many = marked.get("one", {}).get("ours"), marked.get("many", {}).get("ours")
        if one is not None:
            cells.append(f"{op['key']} {one:,.0f} · {'–' if many is None else f'{many:,.0f}'}")
    return "; ".join(cells)


def markdown(run: dict[str, Any]) -> str:
    m, g, load = run["machine"], run["graph"], run["load"]
    one, many = run["phases"]
    rss = ", ".join(f"{name} {mib:,.0f} MiB" for name, mib in run["peak_rss_mib"].items())
    missed = misses(run)
    phases = peaks(run)
    by_operation = ["", f"Ours' peak RSS in MiB, one client · {many['concurrency']} clients: "
                    f"{phases}."] if phases else []  # fmt: skip
    return "\n".join(
        [
            f"### Scale {run['scale']}: {g['nodes']:,} nodes, {g['relationships']:,} "
            f"relationships ({run['date']})",
            "",
            f"Machine: {m['cpu']}, {m['cores']} cores, {m['memory_gib']} GiB, {m['os']}; "
            f"Python {m['python']}, Node {m['node']}, Neo4j {m['neo4j']}. "
            f"Load: {load['nodes']:,} nodes and {load['relationships']:,} relationships in "
            f"{load['seconds']:.1f} s ({load['nodes_per_s']:,.0f} nodes/s, "
            f"{load['relationships_per_s']:,.0f} relationships/s; loaded {load['loaded_on']}).",
            "",
            f"Latency in ms with one client, after ≤ {one['warmup']} warm-up requests: every "
            f"contender sends the same number of timed requests (*requests*: as many as the "
            f"slowest fits in {one['seconds']} s, at least 20 — 5 above 2 s — at most "
            f"{one['requests']}), in turns. *ours-full*: ours with repeat queries off (latency "
            f"only). Requests a second with {many['concurrency']} clients (≤ {many['requests']} "
            f"requests or {many['seconds']} s, in two interleaved turns; not asked when the "
            "one-client p50 is over 2 s: –). Ratios below 1 favour ours.",
            "",
            table(run),
            "",
            f"Peak RSS: {rss}. Run took {run['seconds'] / 60:.1f} min.",
            *by_operation,
            "",
            "Targets missed: " + ("none." if not missed else ""),
            *(f"- {miss}" for miss in missed),
        ]
    )


def publish(run: dict[str, Any], partial: bool) -> None:
    RESULTS.mkdir(parents=True, exist_ok=True)
    # The minute it ends (UTC), and a partial run's operations: a second run never overwrites.
    ran = "-".join(op["key"].lower() for op in run["operations"]) if partial else ""
    name = f"{time.strftime('%Y-%m-%d-%H%M', time.gmtime())}-scale-{run['scale']}"
    name += f"-{ran}" if ran else ""
    path = RESULTS / f"{name}.json"
    path.write_text(json.dumps(run, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    text = markdown(run)
    print(text)
    print(f"\nwrote {path.relative_to(ROOT)}")
    if not partial:
        keep_in_readme(run["scale"], text)


def keep_in_readme(scale: int, text: str) -> None:
    """Replace this scale's section between its markers (added at the end the first time)."""
    start, end = f"<!-- results scale={scale} -->", f"<!-- /results scale={scale} -->"
    readme = README.read_text(encoding="utf-8")
    block = f"{start}\n{text}\n{end}"
    pattern = re.compile(re.escape(start) + r".*?" + re.escape(end), re.S)
    updated = pattern.sub(lambda _: block, readme) if pattern.search(readme) else (
        readme.rstrip("\n") + "\n\n" + block + "\n"
    )  # fmt: skip
    README.write_text(updated, encoding="utf-8")
