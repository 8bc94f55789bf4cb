"""sharedTrainingBases on a hand-built graph whose answers were worked out by hand."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from ecosystem.graph.database import Database
from tests.support.graphs import ask, build, gid

NODES: dict[str, tuple[str, dict[str, Any]]] = {
    "E1": ("Organisation", {"name": "Enterprise One", "kind": "ENTERPRISE"}),
    "E2": ("Organisation", {"name": "Enterprise Two", "kind": "ENTERPRISE"}),
    "S": ("Organisation", {"name": "College S", "kind": "VOCATIONAL_COLLEGE"}),
    "U": ("Organisation", {"name": "Unit U of S", "kind": "VOCATIONAL_COLLEGE"}),
    "A": ("Organisation", {"name": "Association A", "kind": "TRADE_ASSOCIATION"}),
    "P1": ("Profession", {"name": "Elderly care worker"}),
    "B1": ("TrainingBase", {"name": "Alpha base", "province": "Beijing"}),
    "B2": ("TrainingBase", {"name": "Beta base"}),
    "B3": ("TrainingBase", {"name": "Gamma base", "province": "Shanghai"}),
    "B4": ("TrainingBase", {"name": "Delta base"}),
    "B5": ("TrainingBase", {"name": "Epsilon base"}),
}
LINKS: list[tuple[str, str, str, dict[str, Any]]] = [
    ("U", "PART_OF", "S", {}),
    ("B1", "TRAINS_FOR", "P1", {}),
    ("B1", "OPERATED_BY", "E1", {"role": "BUILDER"}), ("B1", "USED_BY", "S", {}),
    ("B2", "USED_BY", "E2", {}), ("B2", "USED_BY", "E2", {}),  # one organisation, twice
    ("B3", "OPERATED_BY", "E1", {"role": "BUILDER"}),
    ("B3", "OPERATED_BY", "E2", {"role": "CO_BUILDER"}), ("B3", "USED_BY", "E1", {}),
    ("B4", "OPERATED_BY", "U", {}), ("B4", "USED_BY", "A", {}),
    ("B5", "OPERATED_BY", "S", {"role": "BUILDER"}), ("B5", "USED_BY", "S", {}),
]  # fmt: skip
QUERY = """query($where: SharedBaseWhere, $cross: Boolean) {
  sharedTrainingBases(where: $where, crossSectorOnly: $cross) {
    totalCount
    edges { node { name } crossSector organisationCount
      organisations { organisation { name } roles } } } }"""


@pytest.fixture
async def bases(graph: Database) -> Database:
    await build(graph, NODES, LINKS)
    return graph


async def names(client: httpx.AsyncClient, **variables: Any) -> list[str]:
    data = await ask(client, QUERY, **variables)
    return [e["node"]["name"] for e in data["sharedTrainingBases"]["edges"]]


async def test_shared_means_two_distinct_organisations(
    client: httpx.AsyncClient, bases: Database
) -> None:
    data = (await ask(client, QUERY))["sharedTrainingBases"]
    # Beta is used twice by one enterprise; Epsilon operated and used by one college.
    assert [e["node"]["name"] for e in data["edges"]] == ["Alpha base", "Delta base", "Gamma base"]
    assert data["totalCount"] == 3


async def test_each_base_says_who_and_how(client: httpx.AsyncClient, bases: Database) -> None:
    alpha, delta, gamma = (await ask(client, QUERY))["sharedTrainingBases"]["edges"]
    assert alpha["crossSector"] is True
    assert alpha["organisations"] == [
        {"organisation": {"name": "College S"}, "roles": ["USER"]},
        {"organisation": {"name": "Enterprise One"}, "roles": ["BUILDER"]},
    ]
    assert delta["crossSector"] is False  # a college and an association, no enterprise
    assert delta["organisations"][1]["roles"] == ["OPERATOR"]  # role not recorded
    assert gamma["crossSector"] is False  # two enterprises
    assert gamma["organisationCount"] == 2
    assert sorted(gamma["organisations"][0]["roles"]) == ["BUILDER", "USER"]


@pytest.mark.parametrize(
    ("variables", "expected"),
    [
        ({"cross": True}, ["Alpha base"]),
        ({"where": {"province": "Beijing"}}, ["Alpha base"]),
        ({"where": {"professionId": gid("Profession", "P1")}}, ["Alpha base"]),
        ({"where": {"organisationId": gid("Organisation", "S")}}, ["Alpha base", "Delta base"]),
        ({"where": {"organisationId": gid("Organisation", "E2")}}, ["Gamma base"]),
        ({"where": {"organisationId": gid("Organisation", "E2")}, "cross": True}, []),
    ],
)
async def test_filters(
    client: httpx.AsyncClient, bases: Database, variables: dict[str, Any], expected: list[str]
) -> None:
    assert await names(client, **variables) == expected


async def test_a_question_connection_pages_like_any_other(
    client: httpx.AsyncClient, bases: Database
) -> None:
    """Printed by the same renderer as `organisations`: pageInfo answers every field, its
    `__typename` too, and the end cursor leads to the next page."""
    query = """query($after: String) { sharedTrainingBases(first: 1, after: $after) {
        __typename pageInfo { __typename hasNextPage hasPreviousPage endCursor }
        edges { __typename node { name } } } }"""
    first = (await ask(client, query))["sharedTrainingBases"]
    assert first["__typename"] == "SharedTrainingBaseConnection"
    info = first["pageInfo"]
    assert (info["__typename"], info["hasNextPage"], info["hasPreviousPage"]) == (
        "PageInfo",
        True,
        False,
    )
    assert first["edges"] == [
        {"__typename": "SharedTrainingBaseEdge", "node": {"name": "Alpha base"}}
    ]
    second = (await ask(client, query, after=info["endCursor"]))["sharedTrainingBases"]
    assert [e["node"]["name"] for e in second["edges"]] == ["Delta base"]
    assert second["pageInfo"]["hasPreviousPage"] is True
