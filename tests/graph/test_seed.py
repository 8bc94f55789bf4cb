"""`ecosystem seed` on a real Neo4j: provenance, types, idempotence and the ecosystem's shape.

The default sample is loaded once for the module (the function-scoped `graph` fixture would
wipe it before every test); later tests only add to it (a second seed, scale 2), so every
assertion holds in any order.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from ecosystem.graph import seed
from ecosystem.graph.database import Database
from ecosystem.seeding import Dataset, NodeRecord, Plan, RelationshipRecord
from ecosystem.seeding.sample.copy import NODES_PER_COPY

ECOSYSTEM = str(Path(sys.executable).with_name("ecosystem"))
SCHOOLS = ["VOCATIONAL_COLLEGE", "UNIVERSITY", "OPEN_UNIVERSITY"]
# In slices, relationships first: one transaction over a large seeded graph (or over the
# relationships of a credential thousands hold) can outlast the timeout or the memory limit.
WIPE = (
    "MATCH ()-[r]->() WITH r LIMIT 20000 DELETE r RETURN count(*) AS deleted",
    "MATCH (n) WHERE NOT n:SchemaMigration WITH n LIMIT 20000 DELETE n RETURN count(*) AS deleted",
)
UNPROVEN_NODES = """
    MATCH (n) WHERE NOT n:SchemaMigration
      AND (n.source IS NULL OR n.id IS NULL OR NOT n.updatedAt IS :: ZONED DATETIME NOT NULL)
    RETURN count(n) AS count"""
UNPROVEN_RELATIONSHIPS = """
    MATCH ()-[r]->()
    WHERE r.source IS NULL OR r.id IS NULL OR NOT r.updatedAt IS :: ZONED DATETIME NOT NULL
    RETURN count(r) AS count"""
RELATIONSHIP_DAYS = """
    MATCH ()-[r]->() UNWIND [r.since, r.until, r.obtainedOn] AS day
    WITH day WHERE day IS NOT NULL
    RETURN count(day) AS days, count(CASE WHEN day IS :: DATE THEN 1 END) AS dates"""
NODE_DAYS_THAT_ARE_NOT_DATES = """
    MATCH (n) WHERE (n:Agreement AND NOT n.signedOn IS :: DATE)
                 OR (n:Standard AND NOT n.publishedOn IS :: DATE)
    RETURN count(n) AS count"""
INITIATORS = """
    MATCH (o:Organisation)-[m:MEMBER_OF {role: 'INITIATOR'}]->(a:Organisation {kind: 'ALLIANCE'})
    WHERE a.source <> 'synthetic'
    RETURN o.name AS name, m.since AS since ORDER BY name"""
# The sample's own alliance (the real one has only its three initiators as members).
MEMBERS = """
    MATCH (a:Organisation {kind: 'ALLIANCE', source: 'synthetic'})<-[:MEMBER_OF]-(o:Organisation)
    RETURN count(DISTINCT o) AS count, count(DISTINCT o.province) AS provinces"""
DUAL_QUALIFIED = """
    MATCH (t:Trainer)
    WHERE EXISTS { (t)-[:HOLDS]->(:Credential {category: 'TEACHING'}) }
      AND EXISTS { (t)-[:HOLDS]->(c:Credential)
                   WHERE c.category IN ['VOCATIONAL_SKILL', 'INDUSTRY_EXPERIENCE']
                      OR (c.category = 'PROFESSIONAL_TITLE' AND c.fromIndustry) }
    RETURN count(t) AS count"""
RECIPROCAL_HIRES = """
    MATCH (t:Trainer)
    WHERE EXISTS { (t)-[a:AFFILIATED_WITH]->(:Organisation {kind: 'ENTERPRISE'})
                   WHERE a.until IS NULL OR a.until >= date() }
      AND EXISTS { (t)-[a:AFFILIATED_WITH]->(o:Organisation)
                   WHERE o.kind IN $schools AND (a.until IS NULL OR a.until >= date()) }
    RETURN count(t) AS count"""
BASE_SHARING = """
    MATCH (b:TrainingBase)-[:OPERATED_BY|USED_BY]->(o:Organisation)
    WITH b, collect(DISTINCT o.kind) AS kinds, count(DISTINCT o) AS organisations
    RETURN count(CASE WHEN organisations >= 2 THEN 1 END) AS shared,
           count(CASE WHEN organisations >= 2 AND 'ENTERPRISE' IN kinds
                      AND any(k IN kinds WHERE k IN $schools) THEN 1 END) AS crossSector,
           count(CASE WHEN organisations = 1 THEN 1 END) AS single"""
CO_DEVELOPMENT = """
    MATCH (c:Course)-[:DEVELOPED_BY]->(o:Organisation)
    WITH c, count(DISTINCT o) AS developers
    RETURN count(c) AS courses, count(CASE WHEN developers >= 2 THEN 1 END) AS joint"""


async def wipe(db: Database) -> None:
    for statement in WIPE:
        while (await db.write(statement))[0]["deleted"]:
            pass


@pytest.fixture(scope="module")
async def seeded(db: Database) -> AsyncIterator[Database]:
    await wipe(db)
    await seed.load(db, Plan().datasets())
    yield db
    await wipe(db)


async def one(db: Database, cypher: str, **params: Any) -> dict[str, Any]:
    rows = await db.read(cypher, params)
    return rows[0]


def cli(*args: str) -> str:
    """What the command says, on one line (rich wraps it); the environment names the test
    database (tests/conftest.py)."""
    done = subprocess.run(
        [ECOSYSTEM, *args], capture_output=True, text=True, timeout=300, check=True
    )
    return " ".join(done.stderr.split())


async def test_every_node_and_relationship_has_provenance(seeded: Database) -> None:
    assert (await one(seeded, UNPROVEN_NODES))["count"] == 0
    assert (await one(seeded, UNPROVEN_RELATIONSHIPS))["count"] == 0


async def test_dates_are_neo4j_dates(seeded: Database) -> None:
    days = await one(seeded, RELATIONSHIP_DAYS)
    assert days["days"] > 1000
    assert days["days"] == days["dates"]
    assert (await one(seeded, NODE_DAYS_THAT_ARE_NOT_DATES))["count"] == 0


async def test_ids_are_those_of_the_records(seeded: Database) -> None:
    key = {"name": "Open University of China", "province": "Beijing"}
    rows = await seeded.read(
        "MATCH (n:Organisation {name: $name, province: $province}) RETURN n.id AS id", key
    )
    assert rows == [{"id": NodeRecord("Organisation", dict(key)).id}]


async def test_the_three_initiators_founded_the_alliance(seeded: Database) -> None:
    rows = await seeded.read(INITIATORS)
    assert [row["name"] for row in rows] == [
        "China Staff Service (Group) Co., Ltd.",
        "Ministry of Human Resources and Social Security Centre for Social Security Capacity "
        "Building",
        "Open University of China",
    ]
    assert {row["since"].iso_format() for row in rows} == {"2025-07-18"}


async def test_the_alliance_has_more_than_120_members(seeded: Database) -> None:
    members = await one(seeded, MEMBERS)
    assert members["count"] >= 120
    assert members["provinces"] >= 20


async def test_some_trainers_are_dual_qualified(seeded: Database) -> None:
    dual = (await one(seeded, DUAL_QUALIFIED))["count"]
    trainers = (await one(seeded, "MATCH (t:Trainer) RETURN count(t) AS count"))["count"]
    assert 0.2 * trainers < dual < trainers


async def test_some_trainers_are_reciprocal_hires(seeded: Database) -> None:
    assert (await one(seeded, RECIPROCAL_HIRES, schools=SCHOOLS))["count"] > 100
    ended = "MATCH ()-[a:AFFILIATED_WITH]->() WHERE a.until < date() RETURN count(a) AS count"
    assert (await one(seeded, ended))["count"] > 0


async def test_training_bases_are_shared_across_sectors(seeded: Database) -> None:
    sharing = await one(seeded, BASE_SHARING, schools=SCHOOLS)
    assert sharing["shared"] > 10
    assert sharing["crossSector"] > 5
    assert sharing["single"] > 0


async def test_most_courses_are_co_developed(seeded: Database) -> None:
    courses = await one(seeded, CO_DEVELOPMENT)
    assert courses["courses"] >= 300
    assert courses["joint"] > courses["courses"] / 2


async def test_seeding_again_changes_nothing(seeded: Database) -> None:
    before = await seed.counts(seeded)
    stamp = await one(seeded, "MATCH (n:Trainer) RETURN n.id AS id, n.updatedAt AS at LIMIT 1")
    output = cli("seed")
    assert "0 nodes and 0 relationships are new" in output
    assert "nodes/s" in output
    assert await seed.counts(seeded) == before
    again = "MATCH (n:Trainer {id: $id}) RETURN n.id AS id, n.updatedAt AS at"
    assert await one(seeded, again, id=stamp["id"]) == stamp


async def test_if_missing_leaves_a_seeded_graph_alone(seeded: Database) -> None:
    assert not await seed.is_empty(seeded)
    assert await seed.holds(seeded, Plan())
    assert not await seed.holds(seeded, Plan(scale=3))  # its third copy is missing
    assert "nothing seeded" in cli("seed", "--if-missing")


async def test_scale_two_doubles_the_synthetic_sample(seeded: Database) -> None:
    default = Plan()
    vocabulary = len(default.vocabulary.nodes)
    # Copy 1 of scale 2 is the default sample, so this adds exactly copy 2.
    await seed.load(seeded, Plan(scale=2).datasets())
    synthetic = "MATCH (n) WHERE n.source = 'synthetic' RETURN count(n) AS count"
    assert (await one(seeded, synthetic))["count"] == vocabulary + 2 * NODES_PER_COPY
    total = len(default.facts.nodes) + vocabulary + 2 * NODES_PER_COPY
    assert (await seed.counts(seeded)).nodes == total


async def test_records_that_do_not_fit_are_refused(seeded: Database) -> None:
    before = await seed.counts(seeded)
    odd = NodeRecord("Course", {"source": "test", "code": "X-1", "mode": "LIVE"})
    with pytest.raises(seed.SeedError, match="not a CourseMode"):
        await seed.load(seeded, [Dataset([odd])])
    course = next(n for n in Plan().copy(1).nodes if n.type == "Course")
    dangling = RelationshipRecord("PREPARES_FOR", course.key, ("Nobody",), {"source": "test"})
    with pytest.raises(seed.SeedError, match="1 of 1 PREPARES_FOR relationships end at a node"):
        await seed.load(seeded, [Dataset([], [dangling])])
    assert await seed.counts(seeded) == before
