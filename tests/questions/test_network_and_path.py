"""collaborationNetwork and connectionPath on the collaborations graph, worked out by hand."""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest
from starlette.routing import Route

from ecosystem.api.view import GraphQLView
from ecosystem.app import create_app
from ecosystem.graph import derived
from ecosystem.graph.database import Database
from ecosystem.graph.questions import network
from ecosystem.settings import Settings
from tests.support.graphs import ask, gid
from tests.support.worked import COLLABORATION_NODES as NODES

NETWORK = """query($where: NetworkWhere, $channels: [CollaborationChannel!], $min: Float) {
  collaborationNetwork(where: $where, channels: $channels, minStrength: $min) {
    nodes { organisation { name } degree strength }
    edges { source target strength channels { channel count } } } }"""
PATH = """query($from: ID!, $to: ID!, $hops: Int, $via: [RelationshipType!]) {
  connectionPath(fromId: $from, toId: $to, maxHops: $hops, via: $via) {
    found hops message
    paths { hops steps { node { __typename ... on Organisation { name } ... on Agreement { title } }
                         relationshipType forward } } } }"""
NAMES = {gid("Organisation", key): props["name"] for key, (label, props) in NODES.items()
         if label == "Organisation"}  # fmt: skip


def edges(data: dict[str, Any]) -> dict[frozenset[str], float]:
    return {frozenset({NAMES[e["source"]], NAMES[e["target"]]}): round(e["strength"], 6)
            for e in data["collaborationNetwork"]["edges"]}  # fmt: skip


async def test_network_without_membership(
    client: httpx.AsyncClient, collaboration_graph: Database
) -> None:
    data = await ask(client, NETWORK)
    assert edges(data) == {
        frozenset({"Open U", "Enterprise One"}): 2.0,  # a course and a base
        frozenset({"Open U Training Centre", "Enterprise One"}): 1.0,
        frozenset({"Open U", "Enterprise Two"}): 1.0,  # the standard (the trainer left)
        frozenset({"Open U Training Centre", "Enterprise Two"}): 1.0,  # the shared trainer
        frozenset({"Open U Training Centre", "Ministry Department"}): 1.0,  # the agreement
    }
    nodes = {n["organisation"]["name"]: (n["degree"], n["strength"])
             for n in data["collaborationNetwork"]["nodes"]}  # fmt: skip
    assert nodes == {"Open U": (2, 3.0), "Enterprise One": (2, 3.0),
                     "Open U Training Centre": (3, 3.0), "Enterprise Two": (2, 2.0),
                     "Ministry Department": (1, 1.0)}  # fmt: skip
    strongest = data["collaborationNetwork"]["edges"][0]
    assert sorted(c["channel"] for c in strongest["channels"]) == [
        "CO_DEVELOPED_COURSE",
        "SHARED_BASE",
    ]


async def test_network_in_slices_is_the_same_answer_on_both_paths(
    client: httpx.AsyncClient, collaboration_graph: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Nodes and edges come back in rows of `CHUNK` items; slices of two (three rows for five
    edges) give the same bytes as one slice, through the full path and the repeat path."""
    selection = NETWORK.replace("edges {", "__typename edges {")
    responses = []
    for chunk in (1000, 2):
        monkeypatch.setattr(network, "CHUNK", chunk)
        document = f"# slices of {chunk}\n{selection}"  # its own text: compiled afresh
        for _ in range(2):  # the second time, a repeat query
            response = await client.post("/graphql", json={"query": document})
            responses.append(response.content)
    assert len(set(responses)) == 1
    answer = json.loads(responses[0])["data"]["collaborationNetwork"]
    assert list(answer) == ["nodes", "__typename", "edges"]
    assert len(answer["nodes"]) == len(answer["edges"]) == 5
    assert [e["strength"] for e in answer["edges"]] == [2.0, 1.0, 1.0, 1.0, 1.0]
    assert answer["nodes"][0]["organisation"] == {"name": "Enterprise One"}
    empty = await ask(client, NETWORK, min=100.0)
    assert empty == {"collaborationNetwork": {"nodes": [], "edges": []}}
    named = await ask(client, "{ collaborationNetwork { __typename } }")  # no list selected
    assert named == {"collaborationNetwork": {"__typename": "CollaborationNetwork"}}


async def test_a_network_waits_for_its_turn_and_is_busy_past_its_time(
    client: httpx.AsyncClient, collaboration_graph: Database, settings: Settings
) -> None:
    """One large answer at a time: while the only turn is held, a network waits for it and,
    past the query timeout, is DATABASE_BUSY with Retry-After; other reads do not wait; once
    the turn is free the network answers."""
    app = create_app(
        settings.model_copy(update={"large_answers_at_once": 1, "query_timeout_s": 0.5})
    )
    view = next(r.endpoint for r in app.routes if isinstance(r, Route) and r.path == "/graphql")
    assert isinstance(view, GraphQLView)
    headers = {"authorization": client.headers["authorization"],
               "accept": "application/graphql-response+json"}  # fmt: skip
    async with (
        app.router.lifespan_context(app),
        httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app), base_url="http://test", headers=headers
        ) as http,
    ):
        async with view.large_answers.turn():
            refused = await http.post("/graphql", json={"query": NETWORK})
            small = await http.post("/graphql", json={"query": "{ organisations { totalCount } }"})
        answered = await http.post("/graphql", json={"query": NETWORK})
    assert (refused.status_code, refused.headers["retry-after"]) == (503, "1")
    (error,) = refused.json()["errors"]
    assert error["extensions"] == {"code": "DATABASE_BUSY", "retryAfter": 1}
    assert error["message"].startswith("Other large answers kept this one waiting")
    assert small.json() == {"data": {"organisations": {"totalCount": len(NAMES)}}}
    assert edges(answered.json()["data"]) == edges(await ask(client, NETWORK))


async def test_network_filters(client: httpx.AsyncClient, collaboration_graph: Database) -> None:
    assert edges(await ask(client, NETWORK, min=1.5)) == {
        frozenset({"Open U", "Enterprise One"}): 2.0
    }
    only = await ask(client, NETWORK, channels=["COMMON_MEMBERSHIP"])
    assert set(edges(only).values()) == {0.1}
    assert len(edges(only)) == 3  # the alliance's three members, pairwise
    kinds = await ask(client, NETWORK, where={"kinds": ["ENTERPRISE", "OPEN_UNIVERSITY"]})
    assert frozenset({"Open U Training Centre", "Ministry Department"}) not in edges(kinds)


async def test_a_least_strength_skips_pairs_by_their_most_links(
    client: httpx.AsyncClient, collaboration_graph: Database
) -> None:
    """Each pair keeps the most links it has on any day; a least strength skips the pairs
    whose most links cannot reach it without reading their counts. A wrong one would hide a
    pair: `derive --check` finds it and the `.rekeep` rewrite repairs it."""
    rows = await collaboration_graph.read(
        "MATCH (a)-[c:COLLABORATES]->(b) RETURN a.name AS a, b.name AS b, c.mostLinks AS most"
    )
    most = {frozenset({r["a"], r["b"]}): r["most"] for r in rows}
    assert most[frozenset({"Open U", "Enterprise One"})] == 2
    # The standard, and the trainer who has left: two on the days they overlapped.
    assert most[frozenset({"Open U", "Enterprise Two"})] == 2
    strongest = {frozenset({"Open U", "Enterprise One"}): 2.0}
    assert edges(await ask(client, NETWORK, min=1.5)) == strongest
    spoil = (
        "MATCH (:Organisation {name: 'Open U'})-[c:COLLABORATES]-"
        "(:Organisation {name: 'Enterprise One'}) SET c.mostLinks = 1"
    )
    await collaboration_graph.write(spoil)
    try:
        assert edges(await ask(client, NETWORK, min=1.5)) == {}
        assert edges(await ask(client, NETWORK)) == edges(await ask(client, NETWORK, min=0.5))
        assert any(
            "mostLinks is 1, the steps give 2" in d
            for d in await derived.check(collaboration_graph)
        )
    finally:
        await derived.rekeep(collaboration_graph)
    assert edges(await ask(client, NETWORK, min=1.5)) == strongest
    assert await derived.check(collaboration_graph) == []


async def test_shortest_path_through_units_and_an_agreement(
    client: httpx.AsyncClient, collaboration_graph: Database
) -> None:
    data = await ask(
        client, PATH, **{"from": gid("Organisation", "ME"), "to": gid("Organisation", "MOCD")}
    )
    answer = data["connectionPath"]
    assert (answer["found"], answer["hops"], answer["message"]) == (True, 3, None)
    (path,) = answer["paths"]
    assert path["steps"] == [
        {
            "node": {"__typename": "Organisation", "name": "Open U"},
            "relationshipType": None,
            "forward": None,
        },
        {
            "node": {"__typename": "Organisation", "name": "Open U Training Centre"},
            "relationshipType": "PART_OF",
            "forward": False,
        },
        {
            "node": {"__typename": "Agreement", "title": "Online training programme"},
            "relationshipType": "PARTY_TO",
            "forward": True,
        },
        {
            "node": {"__typename": "Organisation", "name": "Ministry Department"},
            "relationshipType": "PARTY_TO",
            "forward": False,
        },
    ]


async def test_no_path_within_max_hops(
    client: httpx.AsyncClient, collaboration_graph: Database
) -> None:
    data = await ask(
        client,
        PATH,
        hops=2,
        **{"from": gid("Organisation", "ME"), "to": gid("Organisation", "MOCD")},
    )
    assert data["connectionPath"] == {"found": False, "hops": None,
                                      "message": "No path of at most 2 hops between them.",
                                      "paths": []}  # fmt: skip


async def test_path_only_through_chosen_relationships(
    client: httpx.AsyncClient, collaboration_graph: Database
) -> None:
    data = await ask(
        client,
        PATH,
        via=["MEMBER_OF"],
        **{"from": gid("Organisation", "E1"), "to": gid("Organisation", "E2")},
    )
    (path,) = data["connectionPath"]["paths"]
    assert [s["node"]["name"] for s in path["steps"]] == [
        "Enterprise One",
        "The Alliance",
        "Enterprise Two",
    ]


@pytest.mark.parametrize(
    ("ends", "code"),
    [(("ME", "nobody"), "NOT_FOUND"), (("ME", "ME"), "BAD_INPUT")],
)
async def test_path_refusals(
    client: httpx.AsyncClient, collaboration_graph: Database, ends: tuple[str, str], code: str
) -> None:
    variables = {"from": gid("Organisation", ends[0]), "to": gid("Organisation", ends[1])}
    body = (await client.post("/graphql", json={"query": PATH, "variables": variables})).json()
    assert body["errors"][0]["extensions"]["code"] == code
