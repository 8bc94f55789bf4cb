"""The bench graph: `ecosystem seed --scale N` in a database of its own, and its load rate.

A database seeded at a scale is kept (`.neo4j/bench-<N>/`, git-ignored) and reused by the
next run at that scale; the rate measured when it was loaded is kept beside it.
"""

from __future__ import annotations

import json
import sys
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from ecosystem.graph import keys, migrations
from ecosystem.graph import seed as seeder
from ecosystem.graph.database import Database
from ecosystem.seeding import Plan
from ecosystem.settings import Settings

KEY_NAME = "bench"


@dataclass(frozen=True)
class Load:
    scale: int
    nodes: int
    relationships: int
    seconds: float
    loaded_on: str  # when the database was seeded (a reused one keeps its first rate)

    @property
    def nodes_per_s(self) -> float:
        return self.nodes / self.seconds

    @property
    def relationships_per_s(self) -> float:
        return self.relationships / self.seconds


async def prepare(settings: Settings, scale: int) -> tuple[Load, str]:
    """Migrate, seed unless the graph already holds the scale's nodes, make an admin key."""
    record = settings.local_neo4j_home / "bench-load.json"
    db = Database(settings, batch=True)  # migrates and seeds: the whole graph
    try:
        await migrations.apply(db, migrations.load(settings.migrations_dir))
        plan = Plan(scale)
        load = _recorded(record, scale)
        if load is None or (await seeder.counts(db)).nodes != plan.nodes:
            print(f"seeding scale {scale} ({plan.nodes:,} nodes)…", file=sys.stderr, flush=True)
            report = await seeder.load(db, plan.datasets())
            load = Load(scale, report.nodes, report.relationships, report.seconds,
                        time.strftime("%Y-%m-%d %H:%M"))  # fmt: skip
            record.write_text(json.dumps(asdict(load)), encoding="utf-8")
        await db.write("MATCH (k:ApiKey {name: $name}) DETACH DELETE k", {"name": KEY_NAME})
        key = await keys.create(db, KEY_NAME, "admin", None)
    finally:
        await db.close()
    return load, key


def _recorded(path: Path, scale: int) -> Load | None:
    try:
        data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return Load(**data) if data.get("scale") == scale else None


async def graph_size(settings: Settings) -> dict[str, int]:
    async with Database(settings) as db:
        counts = await seeder.counts(db)
    return {"nodes": counts.nodes, "relationships": counts.relationships}
