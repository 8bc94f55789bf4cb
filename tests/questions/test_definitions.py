"""The definitions docs/questions.md gives, on a graph worked out by hand: reciprocal hire (two
reasons), dual qualification on a day (credentials count from when they were obtained), and
paths on a day (ended affiliations are no step)."""

from __future__ import annotations

import datetime
from typing import Any

import httpx
import pytest

from ecosystem.graph.database import Database
from tests.support.graphs import ask, build, gid

D = datetime.date
NODES: dict[str, tuple[str, dict[str, Any]]] = {
    "E": ("Organisation", {"name": "Enterprise E", "kind": "ENTERPRISE", "province": "Hebei"}),
    "S": ("Organisation", {"name": "College S", "kind": "VOCATIONAL_COLLEGE", "province": "Hebei"}),
    "F": ("Organisation", {"name": "Firm F", "kind": "ENTERPRISE", "province": "Hunan"}),
    "G": ("Organisation", {"name": "School G", "kind": "VOCATIONAL_COLLEGE", "province": "Hunan"}),
    "T": ("Credential", {"name": "Teacher qualification", "category": "TEACHING"}),
    "X": ("Credential", {"name": "Five years in home care", "category": "INDUSTRY_EXPERIENCE"}),
    "hana": ("Trainer", {"name": "Hana"}),  # hired as a reciprocal hire, by a school alone
    "ivan": ("Trainer", {"name": "Ivan"}),  # at an enterprise and a school at once
    "june": ("Trainer", {"name": "June"}),  # both
    "kim": ("Trainer", {"name": "Kim"}),  # dual-qualified only from 2022-03-01
    "leo": ("Trainer", {"name": "Leo"}),  # the only link between F and G, until mid-2020
}
LINKS: list[tuple[str, str, str, dict[str, Any]]] = [
    ("hana", "AFFILIATED_WITH", "S", {"type": "RECIPROCAL_HIRE", "since": D(2022, 1, 1)}),
    ("ivan", "AFFILIATED_WITH", "E", {"type": "FULL_TIME"}),
    ("ivan", "AFFILIATED_WITH", "S", {"type": "PART_TIME"}),
    ("june", "AFFILIATED_WITH", "E", {"type": "RECIPROCAL_HIRE"}),
    ("june", "AFFILIATED_WITH", "S", {"type": "FULL_TIME"}),
    ("kim", "HOLDS", "T", {"obtainedOn": D(2019, 6, 1)}),
    ("kim", "HOLDS", "X", {"obtainedOn": D(2022, 3, 1)}),
    ("kim", "AFFILIATED_WITH", "E", {"type": "FULL_TIME"}),
    ("leo", "AFFILIATED_WITH", "F", {"type": "FULL_TIME", "until": D(2020, 6, 30)}),
    ("leo", "AFFILIATED_WITH", "G", {"type": "FULL_TIME"}),
    *((who, "HOLDS", credential, {}) for who in ("hana", "ivan", "june") for credential in "TX"),
]
DUAL = """query($asOf: Date) { dualQualifiedTrainers(asOf: $asOf) { totalCount edges {
    node { name } reciprocalHire reciprocalHireReasons
    teachingCredentials { credential { name } obtainedOn }
    industryCredentials { credential { name } obtainedOn } } } }"""
STATS = (
    "query($asOf: Date) { ecosystemStats(asOf: $asOf) { dualQualifiedTrainers reciprocalHires } }"
)
PATH = """query($from: ID!, $to: ID!, $asOf: Date) {
  connectionPath(fromId: $from, toId: $to, asOf: $asOf) {
    found hops paths { steps { node { ... on Trainer { name } } } } } }"""
ENDS = {"from": gid("Organisation", "F"), "to": gid("Organisation", "G")}


@pytest.fixture
async def worked(graph: Database) -> Database:
    await build(graph, NODES, LINKS)
    return graph


async def edges(client: httpx.AsyncClient, as_of: str | None = None) -> dict[str, Any]:
    data = await ask(client, DUAL, asOf=as_of)
    return {e["node"]["name"]: e for e in data["dualQualifiedTrainers"]["edges"]}


async def test_reciprocal_hire_has_two_reasons(client: httpx.AsyncClient, worked: Database) -> None:
    found = await edges(client, "2025-01-01")
    reasons = {name: e["reciprocalHireReasons"] for name, e in found.items() if e["reciprocalHire"]}
    assert reasons == {
        "Hana": ["RECIPROCAL_HIRE_AFFILIATION"],
        "Ivan": ["ENTERPRISE_AND_SCHOOL"],
        "June": ["RECIPROCAL_HIRE_AFFILIATION", "ENTERPRISE_AND_SCHOOL"],
    }
    assert found["Kim"]["reciprocalHireReasons"] == []
    stats = (await ask(client, STATS, asOf="2025-01-01"))["ecosystemStats"]
    assert stats["reciprocalHires"] == 3  # the derived counter counts both reasons


async def test_before_her_reciprocal_hire_began_hana_is_none(
    client: httpx.AsyncClient, worked: Database
) -> None:
    found = await edges(client, "2021-06-01")
    assert found["Hana"]["reciprocalHire"] is False
    assert found["Hana"]["reciprocalHireReasons"] == []
    stats = (await ask(client, STATS, asOf="2021-06-01"))["ecosystemStats"]
    assert stats["reciprocalHires"] == 2


async def test_credentials_count_from_the_day_they_were_obtained(
    client: httpx.AsyncClient, worked: Database
) -> None:
    assert "Kim" not in await edges(client, "2022-02-28")
    kim = (await edges(client, "2022-03-01"))["Kim"]
    assert kim["teachingCredentials"] == [
        {"credential": {"name": "Teacher qualification"}, "obtainedOn": "2019-06-01"}
    ]
    assert kim["industryCredentials"] == [
        {"credential": {"name": "Five years in home care"}, "obtainedOn": "2022-03-01"}
    ]
    before = (await ask(client, STATS, asOf="2022-02-28"))["ecosystemStats"]
    after = (await ask(client, STATS, asOf="2022-03-01"))["ecosystemStats"]
    assert (before["dualQualifiedTrainers"], after["dualQualifiedTrainers"]) == (3, 4)


async def test_a_path_leaves_ended_affiliations_out(
    client: httpx.AsyncClient, worked: Database
) -> None:
    then = (await ask(client, PATH, asOf="2020-01-01", **ENDS))["connectionPath"]
    assert then["found"] is True
    assert then["hops"] == 2
    assert then["paths"][0]["steps"][1]["node"] == {"name": "Leo"}
    today = (await ask(client, PATH, **ENDS))["connectionPath"]
    assert today == {"found": False, "hops": None, "paths": []}
