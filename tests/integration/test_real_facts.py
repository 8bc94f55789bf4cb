"""With the sample left out, the seed graph `make run` loads is exactly the real facts of the
two source documents (seeds/facts.json), type by type."""

from __future__ import annotations

from collections import Counter

import httpx

from ecosystem.graph.database import Database
from ecosystem.seeding import Plan
from tests.support.graphs import ask

STATS = """{ ecosystemStats(includeSample: false) {
    nodeCount relationshipCount nodesByType { type count } relationshipsByType { type count }
    organisationsByKind { kind count } organisationsByProvince { province count }
    trainers dualQualifiedTrainers trainingBases sharedTrainingBases
    network { organisations } } }"""


async def test_stats_without_the_sample_are_the_facts(
    seed_client: httpx.AsyncClient, seeded: Database
) -> None:
    facts = Plan().facts
    stats = (await ask(seed_client, STATS))["ecosystemStats"]
    nodes = Counter(n.type for n in facts.nodes)
    relationships = Counter(r.type for r in facts.relationships)
    assert {t["type"]: t["count"] for t in stats["nodesByType"] if t["count"]} == nodes
    assert {t["type"]: t["count"] for t in stats["relationshipsByType"] if t["count"]} == (
        relationships
    )
    assert stats["nodeCount"] == len(facts.nodes)
    assert stats["relationshipCount"] == len(facts.relationships)
    kinds = Counter(n.props["kind"] for n in facts.nodes if n.type == "Organisation")
    assert {k["kind"]: k["count"] for k in stats["organisationsByKind"]} == kinds
    assert stats["organisationsByProvince"] == [{"province": "Beijing", "count": 10}]
    assert stats["network"]["organisations"] == 10
    assert [stats[k] for k in ("trainers", "dualQualifiedTrainers", "trainingBases")] == [0, 0, 0]


async def test_with_the_sample_there_is_more(
    seed_client: httpx.AsyncClient, seeded: Database
) -> None:
    everything = STATS.replace("includeSample: false", "includeSample: true")
    stats = (await ask(seed_client, everything))["ecosystemStats"]
    assert stats["nodeCount"] == Plan().nodes
    assert stats["trainers"] == 2000


async def test_the_real_network_and_search(
    seed_client: httpx.AsyncClient, seeded: Database
) -> None:
    network = """{ collaborationNetwork(includeSample: false, channels: [COMMON_AGREEMENT,
        COMMON_MEMBERSHIP]) { nodes { organisation { name source } } } }"""
    nodes = (await ask(seed_client, network))["collaborationNetwork"]["nodes"]
    names = {n["organisation"]["name"] for n in nodes}
    # The programme's two parties, the Key Points' two issuers, the alliance's initiators.
    assert "Open University of China" in names
    assert "Ministry of Commerce" in names
    assert all(n["organisation"]["source"] != "synthetic" for n in nodes)
    await seeded.await_search_index()
    search = """{ search(text: "开放大学", includeSample: false) {
        node { ... on Organisation { name source } } } }"""
    hits = [h["node"] for h in (await ask(seed_client, search))["search"]]
    assert "Open University of China" in {h.get("name") for h in hits}
    assert all(h["source"] != "synthetic" for h in hits)


async def test_no_real_body_has_a_sample_relationship(seeded: Database) -> None:
    rows = await seeded.read(
        "MATCH (real)-[r]-(sample) WHERE real.source <> 'synthetic' AND "
        "sample.source = 'synthetic' RETURN labels(real)[0] AS label, type(r) AS type, "
        "count(*) AS n ORDER BY label, type"
    )
    # Sample courses, bases, standards and credentials name the profession the sources name.
    assert {row["label"] for row in rows} == {"Profession"}
