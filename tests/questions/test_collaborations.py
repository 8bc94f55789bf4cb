"""collaborations on a hand-built graph whose answers were worked out by hand."""

from __future__ import annotations

import datetime
from typing import Any

import httpx
import pytest

from ecosystem.graph.database import Database
from tests.questions.graphs import ask, build, gid

NODES: dict[str, tuple[str, dict[str, Any]]] = {
    "ME": ("Organisation", {"name": "Open U", "kind": "OPEN_UNIVERSITY"}),
    "MEU": ("Organisation", {"name": "Open U Training Centre", "kind": "OPEN_UNIVERSITY"}),
    "MOC": ("Organisation", {"name": "Ministry", "kind": "GOVERNMENT_AGENCY"}),
    "MOCD": ("Organisation", {"name": "Ministry Department", "kind": "GOVERNMENT_AGENCY"}),
    "E1": ("Organisation", {"name": "Enterprise One", "kind": "ENTERPRISE"}),
    "E2": ("Organisation", {"name": "Enterprise Two", "kind": "ENTERPRISE"}),
    "ALL": ("Organisation", {"name": "The Alliance", "kind": "ALLIANCE"}),
    "AG": ("Agreement", {"title": "Online training programme"}),
    "C1": ("Course", {"code": "C1", "title": "Infant care basics"}),
    "C2": ("Course", {"code": "C2", "title": "Elderly care basics"}),
    "B1": ("TrainingBase", {"name": "Base One"}),
    "S1": ("Standard", {"code": "T/X 001-2024", "title": "Home service quality"}),
    "T1": ("Trainer", {"name": "Former colleague"}),
    "T2": ("Trainer", {"name": "Shared trainer"}),
}
D = datetime.date
LINKS: list[tuple[str, str, str, dict[str, Any]]] = [
    ("MEU", "PART_OF", "ME", {}), ("MOCD", "PART_OF", "MOC", {}),
    ("MEU", "PARTY_TO", "AG", {}), ("MOCD", "PARTY_TO", "AG", {}),
    ("C1", "DEVELOPED_BY", "ME", {"role": "LEAD"}), ("C1", "DEVELOPED_BY", "E1", {"role": "PARTNER"}),
    ("C2", "DEVELOPED_BY", "MEU", {"role": "LEAD"}), ("C2", "DEVELOPED_BY", "E1", {"role": "PARTNER"}),
    ("B1", "OPERATED_BY", "E1", {"role": "BUILDER"}), ("B1", "USED_BY", "ME", {}),
    ("S1", "DRAFTED_BY", "ME", {"role": "LEAD"}), ("S1", "DRAFTED_BY", "E2", {"role": "PARTICIPANT"}),
    ("T1", "AFFILIATED_WITH", "ME", {"type": "FULL_TIME"}),
    ("T1", "AFFILIATED_WITH", "E2", {"type": "PART_TIME", "until": D(2019, 12, 31)}),  # ended
    ("T2", "AFFILIATED_WITH", "MEU", {"type": "PART_TIME"}),
    ("T2", "AFFILIATED_WITH", "E2", {"type": "RECIPROCAL_HIRE"}),
    ("ME", "MEMBER_OF", "ALL", {"role": "INITIATOR"}), ("E1", "MEMBER_OF", "ALL", {"role": "MEMBER"}),
    ("E2", "MEMBER_OF", "ALL", {"role": "MEMBER"}),
]  # fmt: skip
QUERY = """query($id: ID!, $channels: [CollaborationChannel!], $weights: [ChannelWeight!],
                 $units: Boolean) {
  collaborations(organisationId: $id, channels: $channels, weights: $weights, includeUnits: $units, first: 20) {
    organisation { name } strength
    links { channel via { __typename ... on Course { code } ... on Organisation { name }
                          ... on Trainer { name } ... on TrainingBase { name }
                          ... on Standard { code } ... on Agreement { title } } } } }"""


@pytest.fixture
async def network(graph: Database) -> Database:
    await build(graph, NODES, LINKS)
    return graph


async def strengths(client: httpx.AsyncClient, **variables: Any) -> list[tuple[str, float]]:
    data = await ask(client, QUERY, id=gid("Organisation", "ME"), **variables)
    return [(c["organisation"]["name"], round(c["strength"], 6)) for c in data["collaborations"]]


async def test_channels_units_and_default_weights(
    client: httpx.AsyncClient, network: Database
) -> None:
    # E1: two courses, a base, the alliance; E2: a standard, a current trainer (the other
    # trainer's tie to E2 ended), the alliance; the ministry's department: the agreement its
    # signatory shares with Open U's centre.
    assert await strengths(client) == [
        ("Enterprise One", 3.1),
        ("Enterprise Two", 2.1),
        ("Ministry Department", 1.0),
    ]


async def test_each_link_names_its_object(client: httpx.AsyncClient, network: Database) -> None:
    data = await ask(client, QUERY, id=gid("Organisation", "ME"))
    e1 = data["collaborations"][0]
    assert e1["links"] == [
        {
            "channel": "COMMON_MEMBERSHIP",
            "via": {"__typename": "Organisation", "name": "The Alliance"},
        },
        {"channel": "CO_DEVELOPED_COURSE", "via": {"__typename": "Course", "code": "C2"}},
        {"channel": "CO_DEVELOPED_COURSE", "via": {"__typename": "Course", "code": "C1"}},
        {"channel": "SHARED_BASE", "via": {"__typename": "TrainingBase", "name": "Base One"}},
    ]


async def test_without_units(client: httpx.AsyncClient, network: Database) -> None:
    assert await strengths(client, units=False) == [
        ("Enterprise One", 2.1),
        ("Enterprise Two", 1.1),
    ]


async def test_channel_filter_and_weights(client: httpx.AsyncClient, network: Database) -> None:
    assert await strengths(client, channels=["SHARED_TRAINER"]) == [("Enterprise Two", 1.0)]
    weights = [
        {"channel": "COMMON_MEMBERSHIP", "weight": 5},
        {"channel": "SHARED_BASE", "weight": 0},
    ]
    assert await strengths(client, weights=weights) == [
        ("Enterprise One", 7.0),
        ("Enterprise Two", 7.0),
        ("Ministry Department", 1.0),
    ]


async def test_unknown_organisation_is_not_found(
    client: httpx.AsyncClient, network: Database
) -> None:
    response = await client.post(
        "/graphql", json={"query": QUERY, "variables": {"id": gid("Organisation", "nobody")}}
    )
    body = response.json()
    assert body["data"] is None
    assert body["errors"][0]["extensions"] == {
        "code": "NOT_FOUND",
        "argument": "collaborations.organisationId",
    }
