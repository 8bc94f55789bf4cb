"""The credit bank on a hand-built graph: recognitions and the credit paths between members,
worked out by hand."""

from __future__ import annotations

from datetime import date
from typing import Any

import httpx
import pytest

from ecosystem.graph.database import Database
from tests.support.graphs import ask, build, gid

NODES: dict[str, tuple[str, dict[str, Any]]] = {
    "A": ("Organisation", {"name": "Member A", "kind": "ENTERPRISE"}),
    "AU": ("Organisation", {"name": "Academy of A", "kind": "ENTERPRISE"}),
    "B": ("Organisation", {"name": "Member B", "kind": "OPEN_UNIVERSITY"}),
    "BU": ("Organisation", {"name": "Centre of B", "kind": "OPEN_UNIVERSITY"}),
    "C": ("Organisation", {"name": "College C", "kind": "VOCATIONAL_COLLEGE"}),
    "K1": ("Course", {"code": "K1", "title": "K1 care basics", "credits": 2.0}),
    "K2": ("Course", {"code": "K2", "title": "K2 nutrition", "credits": 1.0}),
    "K3": ("Course", {"code": "K3", "title": "K3 smart home"}),
    "K4": ("Course", {"code": "K4", "title": "K4 not recognised"}),
}
LINKS: list[tuple[str, str, str, dict[str, Any]]] = [
    ("AU", "PART_OF", "A", {}),
    ("BU", "PART_OF", "B", {}),
    ("K1", "DEVELOPED_BY", "AU", {"role": "LEAD"}),  # A's unit develops K1 …
    ("BU", "RECOGNISES", "K1", {"credits": 2.5, "since": date(2024, 9, 1)}),  # … B's unit counts it
    ("C", "RECOGNISES", "K1", {"credits": 2.0}),
    ("C", "RECOGNISES", "K2", {"credits": 1.0}),  # C recognises K2, and so does B from 2027
    ("B", "RECOGNISES", "K2", {"credits": 1.5, "since": date(2027, 1, 1)}),
    ("A", "RECOGNISES", "K3", {"credits": 3.0}),  # A recognises K3, and so does B
    ("B", "RECOGNISES", "K3", {"credits": 4.0}),
    ("K4", "DEVELOPED_BY", "A", {}),
]
DAY = "2026-06-15"
RECOGNITIONS = """query($where: CreditRecognitionWhere, $asOf: Date) {
  creditRecognitions(where: $where, asOf: $asOf) { totalCount edges { node { code }
    recognitions { institution { name } credits since } } } }"""
PATHS = """query($from: ID!, $to: ID!, $asOf: Date) {
  creditPaths(fromId: $from, toId: $to, asOf: $asOf) { edges { node { code }
    origin { organisation { name } how credits }
    destination { institution { name } credits } } } }"""


@pytest.fixture
async def credits(graph: Database) -> Database:
    await build(graph, NODES, LINKS)
    return graph


async def test_every_recognised_course_with_its_institutions(
    client: httpx.AsyncClient, credits: Database
) -> None:
    data = (await ask(client, RECOGNITIONS, asOf=DAY))["creditRecognitions"]
    assert data["totalCount"] == 3  # K4 is recognised by nobody
    k1, k2, k3 = data["edges"]
    assert k1["recognitions"] == [
        {"institution": {"name": "Centre of B"}, "credits": 2.5, "since": "2024-09-01"},
        {"institution": {"name": "College C"}, "credits": 2.0, "since": None},
    ]
    assert [r["institution"]["name"] for r in k2["recognitions"]] == ["College C"]  # B: 2027
    assert k3["node"]["code"] == "K3"


@pytest.mark.parametrize(
    ("variables", "expected"),
    [
        ({"where": {"organisationId": gid("Organisation", "B")}}, ["K1", "K3"]),  # its unit too
        ({"where": {"organisationId": gid("Organisation", "B")}, "asOf": "2027-01-01"},
         ["K1", "K2", "K3"]),
        ({"where": {"courseId": gid("Course", "K2")}}, ["K2"]),
        ({"where": {"organisationId": gid("Organisation", "BU")}, "asOf": "2024-08-31"}, []),
    ],
)  # fmt: skip
async def test_recognitions_narrowed(
    client: httpx.AsyncClient, credits: Database, variables: dict[str, Any], expected: list[str]
) -> None:
    data = await ask(client, RECOGNITIONS, **{"asOf": DAY, **variables})
    assert [e["node"]["code"] for e in data["creditRecognitions"]["edges"]] == expected


async def test_credits_move_from_a_to_b_through_what_a_develops_or_recognises(
    client: httpx.AsyncClient, credits: Database
) -> None:
    a, b = gid("Organisation", "A"), gid("Organisation", "B")
    edges = (await ask(client, PATHS, **{"from": a, "to": b, "asOf": DAY}))["creditPaths"]["edges"]
    assert edges == [
        {
            "node": {"code": "K1"},
            "origin": [{"organisation": {"name": "Academy of A"}, "how": "DEVELOPS",
                        "credits": 2.0}],
            "destination": [{"institution": {"name": "Centre of B"}, "credits": 2.5}],
        },
        {
            "node": {"code": "K3"},
            "origin": [{"organisation": {"name": "Member A"}, "how": "RECOGNISES",
                        "credits": 3.0}],
            "destination": [{"institution": {"name": "Member B"}, "credits": 4.0}],
        },
    ]  # fmt: skip


async def test_credit_paths_have_a_direction_and_a_day(
    client: httpx.AsyncClient, credits: Database
) -> None:
    a, b, c = (gid("Organisation", n) for n in "ABC")

    async def codes(start: str, goal: str, day: str) -> list[str]:
        data = await ask(client, PATHS, **{"from": start, "to": goal, "asOf": day})
        return [e["node"]["code"] for e in data["creditPaths"]["edges"]]

    assert await codes(b, a, DAY) == ["K3"]  # A recognises only K3; K1 is A's own
    assert await codes(c, b, DAY) == ["K1"]  # K2 counts at B only from 2027
    assert await codes(c, b, "2027-01-01") == ["K1", "K2"]
    assert await codes(b, c, "2024-08-31") == []  # B's unit recognises K1 from 2024-09-01


async def test_a_path_needs_two_members(client: httpx.AsyncClient, credits: Database) -> None:
    a = gid("Organisation", "A")
    body = (
        await client.post("/graphql", json={"query": PATHS, "variables": {"from": a, "to": a}})
    ).json()
    assert body["errors"][0]["extensions"]["code"] == "BAD_INPUT"
    assert body["errors"][0]["extensions"]["argument"] == "creditPaths.toId"
