"""Derived facts rebuilt from the base facts agree with a check that recomputes them, and the
`ecosystem derive` command reports and repairs a difference."""

from __future__ import annotations

from ecosystem.graph import derived
from ecosystem.graph.database import Database
from tests.support.graphs import build
from tests.support.processes import cli
from tests.support.worked import COVERAGE_LINKS, COVERAGE_NODES

SPOIL = "MATCH (c:CoverageCell) WITH c ORDER BY c.id LIMIT 1 SET c.standards = coalesce(c.standards, 0) + 7"
# An object's own derived property: a rebuild writes it as the object's batch is read.
SPOIL_OBJECT = "MATCH (b:TrainingBase {name: 'Beijing elderly base'}) SET b.derivedSharedBy = 99"


async def test_the_seed_graph_checks_clean(seeded: Database) -> None:
    assert await derived.check(seeded) == []
    counters = await seeded.read(
        "MATCH (g:EcosystemCounters {id: 'ecosystem'}) RETURN properties(g) AS p"
    )
    # A timeline: trainers became dual-qualified on the days they obtained their credentials.
    assert counters[0]["p"]["dualQualifiedTrainersNow"] > 0
    pairs = await seeded.read("MATCH ()-[c:COLLABORATES]->() RETURN count(c) AS n")
    assert pairs[0]["n"] > 0


async def test_derive_check_lists_a_difference_and_rebuild_repairs_it(graph: Database) -> None:
    await build(graph, COVERAGE_NODES, COVERAGE_LINKS)
    assert cli("derive", "--check").returncode == 0
    await graph.write(SPOIL)
    await graph.write(SPOIL_OBJECT)
    checked = cli("derive", "--check")
    assert checked.returncode == 1
    assert "standards" in checked.stdout
    assert "derivedSharedBy is 99" in checked.stdout
    assert "2 difference(s)" in checked.stderr
    rebuilt = cli("derive", "--rebuild")
    assert rebuilt.returncode == 0, rebuilt.stderr
    assert await derived.check(graph) == []
