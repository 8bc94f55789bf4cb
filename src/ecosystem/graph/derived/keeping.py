"""Which release's way the derived facts are kept, so that an older release stops writing them.

A `.derive` or `.rekeep` migration changes how the derived facts are kept; an instance of the
previous release still running during a rolling upgrade would go on keeping them the old way
(a pair's `mostLinks` left stale, say) and nothing would show it until `derive --check`. So
the rebuild and the rekeep that such a migration runs stamp the counters node with `VERSION`,
the newest of those migrations this release ships, before they write and again after; and
every write that keeps derived facts reads the stamp with the lock it takes first
(maintain.py `Derivation.begin`) and refuses, writing nothing, when the graph's way is newer
than its own (`Outdated`, code UPGRADE_REQUIRED).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ecosystem.graph.errors import Outdated

KEPT_BY = "keptBy"
# The number of the newest `.derive` or `.rekeep` file in schema/migrations (a test holds the
# two together): raise it with each new one.
VERSION = 19

STAMP = (
    "MERGE (g:EcosystemCounters {id: $id}) "
    "ON CREATE SET g.source = 'derived', g.updatedAt = datetime() "
    f"SET g.{KEPT_BY} = $version"
)
READ = f"OPTIONAL MATCH (g:EcosystemCounters {{id: $id}}) RETURN g.{KEPT_BY} AS keptBy"


def check(counters: Mapping[str, Any]) -> None:
    """Refuse unless this release knows the way the counters node says the facts are kept."""
    kept_by = counters.get(KEPT_BY) or 0
    if kept_by > VERSION:
        raise Outdated(kept_by, VERSION)
