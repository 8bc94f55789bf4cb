"""`viewer`: who is asking, a partner's own organisation, and its changes since a cursor."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from ecosystem.graph.database import Database
from tests.conftest import Client
from tests.support.graphs import ask, build, uid

NODES: dict[str, tuple[str, dict[str, Any]]] = {
    "P": ("Organisation", {"name": "Partner P", "kind": "VOCATIONAL_COLLEGE"}),
    "PU": ("Organisation", {"name": "Unit of P", "kind": "VOCATIONAL_COLLEGE"}),
    "X": ("Organisation", {"name": "Someone else", "kind": "ENTERPRISE"}),
    "T1": ("Trainer", {"name": "Trainer at the unit"}),
    "T2": ("Trainer", {"name": "Trainer elsewhere"}),
    "B1": ("TrainingBase", {"name": "Base P uses"}),
    "K1": ("Course", {"code": "K1", "title": "Course P recognises"}),
    "G1": ("Agreement", {"title": "Agreement P signed"}),
    "O1": ("TrainingOutcome", {"reference": "O1", "year": 2025, "enrolled": 10}),
}
LINKS: list[tuple[str, str, str, dict[str, Any]]] = [
    ("PU", "PART_OF", "P", {}),
    ("T1", "AFFILIATED_WITH", "PU", {"type": "FULL_TIME"}),
    ("T2", "AFFILIATED_WITH", "X", {"type": "FULL_TIME"}),
    ("B1", "USED_BY", "P", {}),
    ("P", "RECOGNISES", "K1", {"credits": 1.0}),
    ("P", "PARTY_TO", "G1", {}),
    ("O1", "REPORTED_BY", "PU", {}),
]
QUERY = """query($since: String, $first: Int) { viewer(changedSince: $since, first: $first) {
  role name message reason organisation { name units { edges { node { name } } } }
  changes { nodes { node { __typename id } changedAt } cursor hasMore } } }"""
OWN = {"P", "PU", "T1", "B1", "K1", "G1", "O1"}


@pytest.fixture
async def partner(graph: Database, client_as: Client) -> Any:
    await build(graph, NODES, LINKS)
    return client_as("partner", uid("P"), name="portal-p")


def names(viewer: dict[str, Any]) -> set[str]:
    by_id = {uid(n): n for n in NODES}
    return {by_id[c["node"]["id"].split(":", 1)[1]] for c in viewer["changes"]["nodes"]}


async def test_a_partner_sees_its_organisation_and_everything_of_its_own(partner: Any) -> None:
    async with partner as http:
        viewer = (await ask(http, QUERY))["viewer"]
    assert viewer["role"] == "partner"
    assert viewer["name"] == "portal-p"
    assert viewer["message"] is None
    assert viewer["reason"] is None
    assert viewer["organisation"] == {
        "name": "Partner P",
        "units": {"edges": [{"node": {"name": "Unit of P"}}]},
    }
    assert names(viewer) == OWN  # not T2, not X
    assert viewer["changes"]["hasMore"] is False


async def test_a_portal_syncs_by_cursor_page_by_page(
    partner: Any, client: httpx.AsyncClient
) -> None:
    async with partner as http:
        first = (await ask(http, QUERY, first=4))["viewer"]["changes"]
        rest = (await ask(http, QUERY, first=4, since=first["cursor"]))["viewer"]["changes"]
        assert first["hasMore"] is True
        assert rest["hasMore"] is False
        seen = [c["node"]["id"] for c in first["nodes"] + rest["nodes"]]
        assert len(seen) == len(OWN) == len(set(seen))  # nothing missed, nothing twice
        quiet = (await ask(http, QUERY, since=rest["cursor"]))["viewer"]["changes"]
        assert quiet["nodes"] == []
        assert quiet["cursor"] == rest["cursor"]
        # The secretariat renames the trainer at P's unit: the next sync brings just it.
        await ask(
            client,
            'mutation($id: ID!) { updateTrainer(id: $id, input: {name: "Renamed"}) { id } }',
            id=f"Trainer:{uid('T1')}",
        )
        after = (await ask(http, QUERY, since=rest["cursor"]))["viewer"]["changes"]
    assert [c["node"]["id"] for c in after["nodes"]] == [f"Trainer:{uid('T1')}"]


@pytest.mark.parametrize("role", ["researcher", "secretariat"])
async def test_other_keys_get_an_answer_without_an_organisation(
    graph: Database, client_as: Client, role: str
) -> None:
    async with client_as(role, name=f"key-{role}") as http:
        viewer = (await ask(http, QUERY))["viewer"]
    assert viewer["role"] == role
    assert viewer["name"] == f"key-{role}"
    assert viewer["organisation"] is None
    assert viewer["changes"]["nodes"] == []
    assert viewer["changes"]["cursor"] is None
    assert "belongs to no organisation" in viewer["message"]
    assert viewer["reason"] == "NOT_A_PARTNER"


async def test_a_malformed_cursor_is_a_coded_error(partner: Any) -> None:
    async with partner as http:
        response = await http.post("/graphql", json={"query": QUERY, "variables": {"since": "x"}})
    error = response.json()["errors"][0]
    assert error["extensions"]["code"] == "BAD_INPUT"
    assert error["extensions"]["argument"] == "viewer.changedSince"
