"""Ordered `.cypher` migrations from `schema/migrations/`, applied idempotently.

A file `NNNN_name.cypher` holds statements separated by `;`. Each runs in its own auto-commit
transaction (Neo4j refuses schema changes beside writes), and is written with `IF NOT EXISTS`
so a re-run is harmless. The applied version is recorded in the graph as `:SchemaMigration`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from ecosystem.graph.database import Database

_FILE = re.compile(r"^(\d{4})_([a-z0-9_]+)\.cypher$")
_COMMENT = re.compile(r"^\s*//.*$", re.MULTILINE)


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    statements: tuple[str, ...]


def load(directory: Path) -> list[Migration]:
    """Every migration in `directory`, in version order; a misnamed file is an error."""
    migrations = []
    for path in sorted(directory.glob("*.cypher")):
        match = _FILE.match(path.name)
        if match is None:
            raise ValueError(f"{path.name}: migrations are named NNNN_lower_snake.cypher")
        text = _COMMENT.sub("", path.read_text(encoding="utf-8"))
        statements = tuple(s.strip() for s in text.split(";") if s.strip())
        migrations.append(Migration(int(match.group(1)), match.group(2), statements))
    versions = [m.version for m in migrations]
    if versions != list(range(1, len(versions) + 1)):
        raise ValueError(f"migration versions must run 1, 2, 3… without gaps; found {versions}")
    return migrations


def latest(migrations: list[Migration]) -> int:
    return migrations[-1].version if migrations else 0


async def current(db: Database) -> int:
    """The highest version recorded in the graph (0 on a fresh database)."""
    rows = await db.run_autocommit(
        "MATCH (m:SchemaMigration) RETURN max(m.version) AS version", mode="read"
    )
    return int(rows[0]["version"] or 0)


async def apply(db: Database, migrations: list[Migration]) -> list[Migration]:
    """Apply what the graph has not recorded yet, in order; return what was applied."""
    done = await current(db)
    applied = []
    for migration in migrations:
        if migration.version <= done:
            continue
        for statement in migration.statements:
            # Statements come from files in our repository, never from a request.
            await db.run_autocommit(statement)
        await db.run_autocommit("CALL db.awaitIndexes(300)")
        await db.write(
            "MERGE (m:SchemaMigration {version: $version}) "
            "SET m.name = $name, m.appliedAt = datetime(), m.source = 'ecosystem-migrations', "
            "m.updatedAt = datetime()",
            {"version": migration.version, "name": migration.name},
        )
        applied.append(migration)
    return applied
