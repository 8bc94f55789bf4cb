"""Import rate: a generated file of N trainers (default 200,000) through `ecosystem import`.

    .venv/bin/python bench/import_rate.py [--nodes 200000]

Uses its own local Neo4j (port 7700, data in .neo4j/bench-import), wiped first, and stops it
at the end. Prints nodes/s, whole `ecosystem import` processes: a dry run; the import on a
server just started (cold: its JIT has not compiled the write path yet); the same file again
(every node matches, nothing changes); and, after deleting those nodes, the import on the warm
server, as a long-running database would take it.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ECOSYSTEM = str(Path(sys.executable).with_name("ecosystem"))
ENV = {
    **{k: v for k, v in os.environ.items() if k != "NEO4J_URI"},
    "ECOSYSTEM_LOCAL_NEO4J_PORT": "7700",
    "ECOSYSTEM_LOCAL_NEO4J_HOME": str(ROOT / ".neo4j" / "bench-import"),
    "ECOSYSTEM_LOCAL_NEO4J_HEAP_MB": "2048",
    "ECOSYSTEM_LOCAL_NEO4J_PAGECACHE_MB": "512",
}


def run(*args: str) -> float:
    started = time.perf_counter()
    subprocess.run([ECOSYSTEM, *args], env=ENV, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - started


def wipe() -> None:
    """Delete the imported trainers (the store and the JIT stay warm)."""
    os.environ.update(ENV)
    from ecosystem.graph.database import Database  # noqa: PLC0415 (after the environment)
    from ecosystem.settings import Settings  # noqa: PLC0415

    async def delete() -> None:
        db = Database(Settings())
        try:
            await db.run_autocommit(
                "MATCH (n:Trainer) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS"
            )
        finally:
            await db.close()

    asyncio.run(delete())


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--nodes", type=int, default=200_000)
    nodes = parser.parse_args().nodes
    records = [
        {
            "nodeType": "Trainer",
            "name": f"Trainer {i}",
            "nameZh": f"培训师{i}",
            "externalId": f"BENCH-{i:07d}",
            "title": "Trainer",
            "dataSource": "bench",
        }
        for i in range(nodes)
    ]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "trainers.json"
        path.write_text(json.dumps({"nodes": records, "links": []}), encoding="utf-8")
        subprocess.run(["rm", "-rf", ENV["ECOSYSTEM_LOCAL_NEO4J_HOME"]], check=True)
        run("neo4j", "start")
        try:
            run("migrate")
            dry = run("import", "--dry-run", str(path))
            cold = run("import", str(path))
            again = run("import", str(path))
            wipe()
            warm = run("import", str(path))
        finally:
            run("neo4j", "stop")
    print(f"{nodes:,} nodes, whole processes:")
    for name, seconds in (
        ("dry run", dry),
        ("import, cold server", cold),
        ("re-import (no change)", again),
        ("import, warm server", warm),
    ):
        print(f"  {name:<22} {seconds:6.1f}s  {nodes / seconds:9,.0f} nodes/s")


if __name__ == "__main__":
    main()
