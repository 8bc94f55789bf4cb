"""agreementsByStatus on a hand-built graph: each agreement's status on 2026-06-15 and its days
left, worked out by hand from its term."""

from __future__ import annotations

from datetime import date
from typing import Any

import httpx
import pytest

from ecosystem.graph.database import Database
from tests.support.graphs import ask, build, gid

DAY = "2026-06-15"
NODES: dict[str, tuple[str, dict[str, Any]]] = {
    "O": ("Organisation", {"name": "Open University O", "kind": "OPEN_UNIVERSITY"}),
    "OU": ("Organisation", {"name": "Centre of O", "kind": "OPEN_UNIVERSITY"}),
    "E": ("Organisation", {"name": "Enterprise E", "kind": "ENTERPRISE"}),
    # in force, ends in 16 days
    "A1": ("Agreement", {"title": "A1 ends soon", "kind": "COOPERATION",
                         "validFrom": date(2025, 1, 1), "validUntil": date(2026, 7, 1)}),
    # in force from its signing day (no validFrom), open-ended
    "A2": ("Agreement", {"title": "A2 open", "kind": "PROGRAMME", "signedOn": date(2023, 11, 1)}),
    # expired the day before
    "A3": ("Agreement", {"title": "A3 expired", "kind": "COOPERATION",
                         "validFrom": date(2024, 1, 1), "validUntil": date(2026, 6, 14)}),
    # planned: signed already, in force from next year
    "A4": ("Agreement", {"title": "A4 planned", "kind": "COOPERATION",
                         "signedOn": date(2026, 5, 1), "validFrom": date(2027, 1, 1)}),
    # its last day is the day asked about: in force, 0 days left
    "A5": ("Agreement", {"title": "A5 last day", "kind": "POLICY",
                         "validUntil": date(2026, 6, 15)}),
    # no dates at all: in force, always
    "A6": ("Agreement", {"title": "A6 undated", "kind": "POLICY"}),
}  # fmt: skip
LINKS: list[tuple[str, str, str, dict[str, Any]]] = [
    ("OU", "PART_OF", "O", {}),
    ("OU", "PARTY_TO", "A1", {}),
    ("O", "PARTY_TO", "A3", {}),
    ("E", "PARTY_TO", "A2", {}),
    ("E", "PARTY_TO", "A1", {}),
]
QUERY = """query($status: [AgreementStatus!], $days: Int, $where: AgreementStatusWhere,
  $asOf: Date) {
  agreementsByStatus(status: $status, expiringWithinDays: $days, where: $where, asOf: $asOf) {
    totalCount edges { node { title } status startsOn endsOn daysLeft } } }"""


@pytest.fixture
async def agreements(graph: Database) -> Database:
    await build(graph, NODES, LINKS)
    return graph


async def answer(client: httpx.AsyncClient, **variables: Any) -> list[dict[str, Any]]:
    data = await ask(client, QUERY, asOf=DAY, **variables)
    return [
        {"title": e["node"]["title"], **{k: v for k, v in e.items() if k != "node"}}
        for e in data["agreementsByStatus"]["edges"]
    ]


async def test_every_agreement_has_its_status_on_the_day(
    client: httpx.AsyncClient, agreements: Database
) -> None:
    rows = {r["title"]: r for r in await answer(client)}
    assert {t: r["status"] for t, r in rows.items()} == {
        "A1 ends soon": "IN_FORCE",
        "A2 open": "IN_FORCE",
        "A3 expired": "EXPIRED",
        "A4 planned": "PLANNED",
        "A5 last day": "IN_FORCE",
        "A6 undated": "IN_FORCE",
    }
    assert rows["A1 ends soon"]["daysLeft"] == 16
    assert rows["A5 last day"]["daysLeft"] == 0
    assert rows["A2 open"]["daysLeft"] is None  # open-ended
    assert rows["A3 expired"]["daysLeft"] is None  # not in force
    assert rows["A2 open"]["startsOn"] == "2023-11-01"  # from its signing day
    assert rows["A4 planned"]["startsOn"] == "2027-01-01"
    assert rows["A6 undated"]["startsOn"] is None


@pytest.mark.parametrize(
    ("variables", "expected"),
    [
        ({"status": ["EXPIRED"]}, ["A3 expired"]),
        ({"status": ["PLANNED", "EXPIRED"]}, ["A3 expired", "A4 planned"]),
        ({"days": 0}, ["A5 last day"]),
        ({"days": 15}, ["A5 last day"]),
        ({"days": 16}, ["A1 ends soon", "A5 last day"]),
        # the organisation's unit is the party
        ({"where": {"organisationId": gid("Organisation", "O")}}, ["A1 ends soon", "A3 expired"]),
        ({"where": {"kind": "POLICY"}}, ["A5 last day", "A6 undated"]),
        ({"where": {"organisationId": gid("Organisation", "E")}, "days": 30}, ["A1 ends soon"]),
    ],
)
async def test_filters(
    client: httpx.AsyncClient, agreements: Database, variables: dict[str, Any], expected: list[str]
) -> None:
    assert [r["title"] for r in await answer(client, **variables)] == expected


async def test_the_status_moves_with_the_day(
    client: httpx.AsyncClient, agreements: Database
) -> None:
    data = await ask(client, QUERY, asOf="2027-01-01", status=["IN_FORCE"])
    titles = [e["node"]["title"] for e in data["agreementsByStatus"]["edges"]]
    assert titles == ["A2 open", "A4 planned", "A6 undated"]


async def test_a_look_ahead_out_of_range_is_a_coded_error(
    client: httpx.AsyncClient, agreements: Database
) -> None:
    body = (await client.post("/graphql", json={"query": QUERY, "variables": {"days": -1}})).json()
    error = body["errors"][0]
    assert error["extensions"]["code"] == "BAD_INPUT"
    assert "expiringWithinDays" in error["extensions"]["argument"]


async def test_a_term_that_ends_before_it_begins_is_refused(
    client: httpx.AsyncClient, agreements: Database
) -> None:
    mutation = """mutation($input: AgreementCreateInput!) {
      createAgreement(input: $input) { title } }"""
    term = {"title": "Backwards", "validFrom": "2026-01-02", "validUntil": "2026-01-01"}
    body = (
        await client.post("/graphql", json={"query": mutation, "variables": {"input": term}})
    ).json()
    error = body["errors"][0]
    assert error["extensions"]["code"] == "BAD_INPUT"
    assert "validFrom ≤ validUntil" in error["extensions"]["expected"]
    data = await ask(client, '{ agreements(where: {title: {eq: "Backwards"}}) { totalCount } }')
    assert data["agreements"]["totalCount"] == 0
