"""coverage on a hand-built graph whose cells were counted by hand."""

from __future__ import annotations

import datetime
from typing import Any

import httpx
import pytest

from ecosystem.graph.database import Database
from tests.questions.graphs import ask, build, gid

NODES: dict[str, tuple[str, dict[str, Any]]] = {
    "P1": ("Profession", {"name": "Elderly care worker"}),
    "P2": ("Profession", {"name": "Infant care worker"}),
    "OB": (
        "Organisation",
        {"name": "Beijing Home Services", "kind": "ENTERPRISE", "province": "Beijing"},
    ),
    "OS": (
        "Organisation",
        {"name": "Shanghai College", "kind": "VOCATIONAL_COLLEGE", "province": "Shanghai"},
    ),
    "C1": ("Course", {"code": "C1", "title": "Elderly care I"}),
    "C2": ("Course", {"code": "C2", "title": "Elderly care II"}),
    "B1": ("TrainingBase", {"name": "Shanghai infant base", "province": "Shanghai"}),
    "B2": ("TrainingBase", {"name": "Beijing elderly base", "province": "Beijing"}),
    "TQ": ("Credential", {"name": "Teacher qualification", "category": "TEACHING"}),
    "V1": ("Credential", {"name": "Elderly care worker L3", "category": "VOCATIONAL_SKILL"}),
    "V2": ("Credential", {"name": "Infant care worker L3", "category": "VOCATIONAL_SKILL"}),
    "T": ("Trainer", {"name": "Current infant trainer"}),
    "Tx": ("Trainer", {"name": "Former infant trainer"}),
    "N": ("Trainer", {"name": "Not dual-qualified"}),
    "T2": ("Trainer", {"name": "Elderly trainer"}),
    "S1": (
        "Standard",
        {
            "code": "GB/T 1-2024",
            "title": "Elderly care",
            "level": "NATIONAL",
            "status": "PUBLISHED",
        },
    ),
    "S2": (
        "Standard",
        {"code": "T/X 2-2024", "title": "Infant care", "level": "GROUP", "status": "PUBLISHED"},
    ),
    "S3": (
        "Standard",
        {
            "code": "GB/T 3-2010",
            "title": "Old infant care",
            "level": "NATIONAL",
            "status": "WITHDRAWN",
        },
    ),
}
LINKS: list[tuple[str, str, str, dict[str, Any]]] = [
    ("C1", "PREPARES_FOR", "P1", {}), ("C1", "DEVELOPED_BY", "OB", {}),
    ("C2", "PREPARES_FOR", "P1", {}), ("C2", "DEVELOPED_BY", "OB", {}), ("C2", "DEVELOPED_BY", "OS", {}),
    ("B1", "TRAINS_FOR", "P2", {}), ("B2", "TRAINS_FOR", "P1", {}),
    ("V1", "CERTIFIES", "P1", {}), ("V2", "CERTIFIES", "P2", {}),
    ("T", "HOLDS", "TQ", {}), ("T", "HOLDS", "V2", {}), ("T", "AFFILIATED_WITH", "OB", {"type": "FULL_TIME"}),
    ("Tx", "HOLDS", "TQ", {}), ("Tx", "HOLDS", "V2", {}),
    ("Tx", "AFFILIATED_WITH", "OB", {"type": "FULL_TIME", "until": datetime.date(2020, 1, 1)}),
    ("N", "HOLDS", "V2", {}), ("N", "AFFILIATED_WITH", "OB", {"type": "FULL_TIME"}),
    ("T2", "HOLDS", "TQ", {}), ("T2", "HOLDS", "V1", {}), ("T2", "AFFILIATED_WITH", "OB", {"type": "PART_TIME"}),
    ("S1", "COVERS", "P1", {}), ("S2", "COVERS", "P2", {}), ("S2", "DRAFTED_BY", "OS", {}),
    ("S3", "COVERS", "P2", {}),
]  # fmt: skip
QUERY = """query($provinces: [String!], $professions: [ID!]) {
  coverage(provinces: $provinces, professions: $professions) {
    cells { profession { name } province courses trainingBases dualQualifiedTrainers standards missing }
    gaps { profession { name } province missing } } }"""


@pytest.fixture
async def matrix(graph: Database) -> Database:
    await build(graph, NODES, LINKS)
    return graph


async def test_cells_counted_by_hand(client: httpx.AsyncClient, matrix: Database) -> None:
    data = (await ask(client, QUERY, provinces=["Beijing", "Shanghai"]))["coverage"]
    cells = [(c["profession"]["name"], c["province"], c["courses"], c["trainingBases"],
              c["dualQualifiedTrainers"], c["standards"]) for c in data["cells"]]  # fmt: skip
    assert cells == [
        ("Elderly care worker", "Beijing", 2, 1, 1, 1),  # the national standard applies everywhere
        ("Elderly care worker", "Shanghai", 1, 0, 0, 1),
        ("Infant care worker", "Beijing", 0, 0, 1, 0),  # one current dual-qualified trainer
        ("Infant care worker", "Shanghai", 0, 1, 0, 1),  # a group standard drafted there
    ]


async def test_gaps_say_what_is_missing(client: httpx.AsyncClient, matrix: Database) -> None:
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


async def test_defaults_and_choices(client: httpx.AsyncClient, matrix: Database) -> None:
    every = (await ask(client, QUERY))["coverage"]["cells"]
    assert len(every) == 2 * 34  # every profession × every provincial-level division
    one = await ask(client, QUERY, professions=[gid("Profession", "P2")], provinces=["Tibet"])
    assert [c["missing"] for c in one["coverage"]["cells"]] == [
        ["COURSES", "TRAINING_BASES", "DUAL_QUALIFIED_TRAINERS", "STANDARDS"]
    ]


async def test_unknown_province_is_refused(client: httpx.AsyncClient, matrix: Database) -> None:
    body = (
        await client.post(
            "/graphql", json={"query": QUERY, "variables": {"provinces": ["Atlantis"]}}
        )
    ).json()
    assert body["errors"][0]["extensions"]["argument"] == "coverage.provinces.0"
