"""`includeSample`: every question, ecosystemStats and search leave the sample out when asked
(or when ECOSYSTEM_INCLUDE_SAMPLE says so), on a graph worked out by hand: two real and two
sample organisations, each pair with a dual-qualified trainer, a shared base and a course."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from starlette.applications import Starlette

from ecosystem.app import create_app
from ecosystem.graph import derived
from ecosystem.graph.database import Database
from ecosystem.settings import Settings
from tests.support.graphs import ask, build, gid

SAMPLE = {"source": "synthetic"}
NODES: dict[str, tuple[str, dict[str, Any]]] = {
    "P": ("Profession", {"name": "Elderly care worker"}),
    "T": ("Credential", {"name": "Teacher qualification", "category": "TEACHING"}),
    "X": ("Credential", {"name": "Five years in care", "category": "INDUSTRY_EXPERIENCE"}),
}
LINKS: list[tuple[str, str, str, dict[str, Any]]] = [("X", "CERTIFIES", "P", {})]
for side, extra in (("real", {}), ("sample", SAMPLE)):
    a, b, trainer, base, course = (f"{side}-{x}" for x in ("A", "B", "trainer", "base", "course"))
    NODES |= {
        a: ("Organisation", {"name": f"Care Co {side}", "kind": "ENTERPRISE",
                             "province": "Hebei", **extra}),
        b: ("Organisation", {"name": f"Care College {side}", "kind": "VOCATIONAL_COLLEGE",
                             "province": "Hebei", **extra}),
        trainer: ("Trainer", {"name": f"Trainer {side}", **extra}),
        base: ("TrainingBase", {"name": f"Base {side}", "province": "Hebei", **extra}),
        course: ("Course", {"code": f"C-{side}", "title": f"Care {side}", **extra}),
    }  # fmt: skip
    LINKS += [
        (trainer, "HOLDS", "T", dict(extra)),
        (trainer, "HOLDS", "X", dict(extra)),
        (trainer, "AFFILIATED_WITH", a, {"type": "FULL_TIME", **extra}),
        (trainer, "AFFILIATED_WITH", b, {"type": "PART_TIME", **extra}),
        (base, "OPERATED_BY", a, {"role": "BUILDER", **extra}),
        (base, "USED_BY", b, dict(extra)),
        (base, "TRAINS_FOR", "P", dict(extra)),
        (course, "DEVELOPED_BY", a, {"role": "LEAD", **extra}),
        (course, "DEVELOPED_BY", b, {"role": "PARTNER", **extra}),
        (course, "PREPARES_FOR", "P", dict(extra)),
    ]

QUESTIONS = """query($sample: Boolean) {
  dualQualifiedTrainers(includeSample: $sample) { totalCount }
  sharedTrainingBases(includeSample: $sample) { totalCount }
  collaborationNetwork(includeSample: $sample) { nodes { organisation { name } } }
  coverage(provinces: ["Hebei"], includeSample: $sample) {
    cells { profession { name } courses trainingBases dualQualifiedTrainers } }
  ecosystemStats(includeSample: $sample) {
    nodeCount trainers dualQualifiedTrainers reciprocalHires sharedTrainingBases
    organisationsByKind { kind count }
    relationshipsByType { type count }
    network { organisations edges largestComponent } } }"""


@pytest.fixture
async def mixed(graph: Database) -> Database:
    await build(graph, NODES, LINKS)
    return graph


def organisations(data: dict[str, Any]) -> list[str]:
    return sorted(n["organisation"]["name"] for n in data["collaborationNetwork"]["nodes"])


async def test_left_out_on_request(client: httpx.AsyncClient, mixed: Database) -> None:
    data = await ask(client, QUESTIONS, sample=False)
    assert data["dualQualifiedTrainers"]["totalCount"] == 1
    assert data["sharedTrainingBases"]["totalCount"] == 1
    assert organisations(data) == ["Care Co real", "Care College real"]
    elderly = [
        c for c in data["coverage"]["cells"] if c["profession"]["name"] == "Elderly care worker"
    ]
    assert elderly == [{"profession": {"name": "Elderly care worker"}, "courses": 1,
                        "trainingBases": 1, "dualQualifiedTrainers": 1}]  # fmt: skip
    stats = data["ecosystemStats"]
    assert stats["nodeCount"] == 3 + 5
    assert (stats["trainers"], stats["dualQualifiedTrainers"], stats["reciprocalHires"]) == (
        1,
        1,
        1,
    )
    assert stats["sharedTrainingBases"] == 1
    assert stats["organisationsByKind"] == [{"kind": "ENTERPRISE", "count": 1},
                                            {"kind": "VOCATIONAL_COLLEGE", "count": 1}]  # fmt: skip
    by_type = {t["type"]: t["count"] for t in stats["relationshipsByType"]}
    assert (by_type["HOLDS"], by_type["DEVELOPED_BY"], by_type["TRAINS_FOR"]) == (2, 2, 1)
    assert stats["network"] == {"organisations": 2, "edges": 1, "largestComponent": 2}


async def test_included_by_default(client: httpx.AsyncClient, mixed: Database) -> None:
    data = await ask(client, QUESTIONS)
    assert data == await ask(client, QUESTIONS, sample=True)
    assert data["dualQualifiedTrainers"]["totalCount"] == 2
    assert len(organisations(data)) == 4
    stats = data["ecosystemStats"]
    assert (stats["nodeCount"], stats["trainers"], stats["dualQualifiedTrainers"]) == (13, 2, 2)
    assert stats["network"] == {"organisations": 4, "edges": 2, "largestComponent": 2}


async def test_the_sample_keeps_its_own_derived_totals(
    client: httpx.AsyncClient, mixed: Database
) -> None:
    counters = await mixed.read(
        "MATCH (g:EcosystemCounters) RETURN g.id AS id, g.sharedTrainingBases AS shared ORDER BY id"
    )
    assert counters == [{"id": "ecosystem", "shared": 2}, {"id": "sample", "shared": 1}]
    # A write to the sample keeps both totals, as a rebuild would make them.
    mutation = """mutation($id: ID!) { deleteTrainingBase(id: $id, detach: true) { id } }"""
    response = await client.post("/graphql", json={
        "query": mutation, "variables": {"id": gid("TrainingBase", "sample-base")}})  # fmt: skip
    assert "errors" not in response.json(), response.json()
    assert await derived.check(mixed) == []
    data = await ask(client, QUESTIONS, sample=False)
    assert data["ecosystemStats"]["sharedTrainingBases"] == 1


async def test_a_sample_organisations_collaborators_are_sample(
    client: httpx.AsyncClient, mixed: Database
) -> None:
    query = """query($id: ID!, $sample: Boolean) {
        collaborations(organisationId: $id, includeSample: $sample) { organisation { name } } }"""
    sample_a = gid("Organisation", "sample-A")
    assert (await ask(client, query, id=sample_a, sample=False))["collaborations"] == []
    found = (await ask(client, query, id=sample_a))["collaborations"]
    assert [c["organisation"]["name"] for c in found] == ["Care College sample"]


async def test_paths_and_search_leave_the_sample_out(
    client: httpx.AsyncClient, mixed: Database
) -> None:
    path = """query($from: ID!, $to: ID!, $sample: Boolean) {
        connectionPath(fromId: $from, toId: $to, includeSample: $sample) { found } }"""
    real_trainer = gid("Trainer", "real-trainer")
    # Through the real base only: the sample's links to the profession are no step.
    ends = {"from": real_trainer, "to": gid("Profession", "P")}
    assert (await ask(client, path, sample=False, **ends))["connectionPath"]["found"] is True
    ends["to"] = gid("Organisation", "sample-A")
    assert (await ask(client, path, sample=False, **ends))["connectionPath"]["found"] is False
    assert (await ask(client, path, **ends))["connectionPath"]["found"] is True
    await mixed.await_search_index()
    search = """query($sample: Boolean) { search(text: "Care", includeSample: $sample, first: 20) {
        node { ... on Organisation { name } } } }"""
    hits = {h["node"].get("name") for h in (await ask(client, search, sample=False))["search"]}
    # None: the real course, profession and credential ("care" in their names).
    assert hits == {"Care Co real", "Care College real", None}
    everything = (await ask(client, search))["search"]
    assert len(everything) == 8


@pytest.fixture
async def without_sample(settings: Settings, mixed: Database) -> AsyncIterator[httpx.AsyncClient]:
    """The API where ECOSYSTEM_INCLUDE_SAMPLE=false and reads are public."""
    app: Starlette = create_app(
        settings.model_copy(update={"include_sample": False, "public_read": True})
    )
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as http:
            yield http


async def test_the_default_comes_from_the_setting(without_sample: httpx.AsyncClient) -> None:
    data = await ask(without_sample, QUESTIONS)
    assert data["dualQualifiedTrainers"]["totalCount"] == 1
    assert (await ask(without_sample, QUESTIONS, sample=True))["dualQualifiedTrainers"][
        "totalCount"
    ] == 2
    defaults = (await without_sample.get("/explorer/defaults.json")).json()
    assert defaults == {"includeSample": False}
