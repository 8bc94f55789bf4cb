"""Ordered migrations from `schema/migrations/`, applied idempotently.

A file `NNNN_name.cypher` holds statements separated by `;`; a file `NNNN_name.derive` says
why the derived facts must be rebuilt from the base facts at that point (graph/derived/), and
applying it rebuilds them; a file `NNNN_name.rekeep` says why what the derived facts keep
about their own timelines (graph/derived/timeline.py: the counters' kept values, the pairs'
most links) must be written again, and applying it rewrites them from their stored steps
(no base fact is read: minutes at national scale, where a rebuild reads every object).
Each runs in its own auto-commit
transaction (Neo4j refuses schema changes beside writes) and is written with `IF NOT EXISTS`, so
a re-run is harmless. Each applied file is recorded in the graph as `:SchemaMigration` with its
checksum: a file that changed since (the generated domain file does when the model grows) is
applied again. Dropping or renaming a constraint needs a new, hand-written file.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from ecosystem.graph import derived
from ecosystem.graph.database import Database

_FILE = re.compile(r"^(\d{4})_([a-z0-9_]+)\.(cypher|derive|rekeep)$")
_SUFFIXES = (".cypher", ".derive", ".rekeep")
_COMMENT = re.compile(r"^\s*//.*$", re.MULTILINE)


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    statements: tuple[str, ...]
    checksum: str
    rebuild: bool = False  # a `.derive` file: rebuild the derived facts
    rekeep: bool = False  # a `.rekeep` file: rewrite what the derived facts keep


def load(directory: Path) -> list[Migration]:
    """Every migration in `directory`, in version order; a misnamed file is an error."""
    migrations = []
    for path in sorted(p for p in directory.iterdir() if p.suffix in _SUFFIXES):
        match = _FILE.match(path.name)
        if match is None:
            raise ValueError(f"{path.name}: migrations are named NNNN_lower_snake.cypher")
        raw = path.read_text(encoding="utf-8")
        rebuild, rekeep = (match.group(3) == kind for kind in ("derive", "rekeep"))
        text = "" if rebuild or rekeep else _COMMENT.sub("", raw)
        statements = tuple(s.strip() for s in text.split(";") if s.strip())
        checksum = hashlib.sha256(raw.encode()).hexdigest()[:16]
        version, name = int(match.group(1)), match.group(2)
        migrations.append(Migration(version, name, statements, checksum, rebuild, rekeep))
    versions = [m.version for m in migrations]
    if versions != list(range(1, len(versions) + 1)):
        raise ValueError(f"migration versions must run 1, 2, 3… without gaps; found {versions}")
    return migrations


async def recorded(db: Database) -> dict[int, str]:
    """Version → checksum of what the graph has applied (empty on a fresh database)."""
    rows = await db.run_autocommit(
        "MATCH (m:SchemaMigration) RETURN m.version AS version, m.checksum AS checksum",
        mode="read",
    )
    return {row["version"]: row["checksum"] for row in rows}


async def pending(db: Database, migrations: list[Migration]) -> list[Migration]:
    return unapplied(await recorded(db), migrations)


def unapplied(done: dict[int, str], migrations: list[Migration]) -> list[Migration]:
    """The migrations a graph that recorded `done` has not applied as these files say."""
    return [m for m in migrations if done.get(m.version) != m.checksum]


def newer(done: dict[int, str], migrations: list[Migration]) -> list[int]:
    """The versions a graph recorded past the last of these files: a newer release migrated
    it, so this one may not read or keep it as that release does."""
    return sorted(v for v in done if v > latest(migrations))


async def apply(db: Database, migrations: list[Migration]) -> list[Migration]:
    """Apply what the graph has not recorded (or recorded with another checksum), in order."""
    todo = await pending(db, migrations)
    for migration in todo:
        for statement in migration.statements:
            # Statements come from files in our repository, never from a request.
            await db.run_autocommit(statement)
        await db.run_autocommit("CALL db.awaitIndexes(300)")
        if migration.rebuild:
            await derived.rebuild(db)
        elif migration.rekeep:
            await derived.rekeep(db)
        await db.write(
            "MERGE (m:SchemaMigration {version: $version}) "
            "SET m.name = $name, m.checksum = $checksum, m.appliedAt = datetime(), "
            "m.source = 'ecosystem-migrations', m.updatedAt = datetime()",
            {"version": migration.version, "name": migration.name, "checksum": migration.checksum},
        )
    return todo


def latest(migrations: list[Migration]) -> int:
    return migrations[-1].version if migrations else 0
