"""coverage on a hand-built graph whose cells were counted by hand."""

from __future__ import annotations

import httpx

from ecosystem.graph.database import Database
from tests.support.graphs import ask, gid

QUERY = """query($provinces: [String!], $professions: [ID!]) {
  coverage(provinces: $provinces, professions: $professions) {
    cells { profession { name } province courses trainingBases dualQualifiedTrainers standards missing }
    gaps { profession { name } province missing } } }"""


async def test_cells_counted_by_hand(client: httpx.AsyncClient, coverage_graph: Database) -> None:
    data = (await ask(client, QUERY, provinces=["Beijing", "Shanghai"]))["coverage"]
    cells = [(c["profession"]["name"], c["province"], c["courses"], c["trainingBases"],
              c["dualQualifiedTrainers"], c["standards"]) for c in data["cells"]]  # fmt: skip
    assert cells == [
        ("Elderly care worker", "Beijing", 2, 1, 1, 1),  # the national standard applies everywhere
        ("Elderly care worker", "Shanghai", 1, 0, 0, 1),
        ("Infant care worker", "Beijing", 0, 0, 1, 0),  # one current dual-qualified trainer
        ("Infant care worker", "Shanghai", 0, 1, 0, 1),  # a group standard drafted there
    ]


async def test_gaps_say_what_is_missing(
    client: httpx.AsyncClient, coverage_graph: Database
) -> None:
    data = (await ask(client, QUERY, provinces=["Beijing", "Shanghai"]))["coverage"]
    assert data["gaps"] == [
        {
            "profession": {"name": "Elderly care worker"},
            "province": "Shanghai",
            "missing": ["TRAINING_BASES", "DUAL_QUALIFIED_TRAINERS"],
        },
        {
            "profession": {"name": "Infant care worker"},
            "province": "Beijing",
            "missing": ["COURSES", "TRAINING_BASES", "STANDARDS"],
        },
        {
            "profession": {"name": "Infant care worker"},
            "province": "Shanghai",
            "missing": ["COURSES", "DUAL_QUALIFIED_TRAINERS"],
        },
    ]


async def test_defaults_and_choices(client: httpx.AsyncClient, coverage_graph: Database) -> None:
    every = (await ask(client, QUERY))["coverage"]["cells"]
    assert len(every) == 2 * 34  # every profession × every provincial-level division
    one = await ask(client, QUERY, professions=[gid("Profession", "P2")], provinces=["Tibet"])
    assert [c["missing"] for c in one["coverage"]["cells"]] == [
        ["COURSES", "TRAINING_BASES", "DUAL_QUALIFIED_TRAINERS", "STANDARDS"]
    ]


async def test_unknown_province_is_refused(
    client: httpx.AsyncClient, coverage_graph: Database
) -> None:
    body = (
        await client.post(
            "/graphql", json={"query": QUERY, "variables": {"provinces": ["Atlantis"]}}
        )
    ).json()
    assert body["errors"][0]["extensions"]["argument"] == "coverage.provinces.0"
