"""link / update / unlink a relationship, with its properties, versions and audit."""

from __future__ import annotations

from typing import Any

import httpx

from ecosystem.graph.database import Database
from tests.support.api import call, count, create

LINK = """mutation($from: ID!, $to: ID!, $input: AffiliatedWithInput, $v: Int) {
  linkAffiliatedWith(fromId: $from, toId: $to, input: $input, expectedVersion: $v) {
    id type since until node { name } } }"""


async def trainer(client: httpx.AsyncClient) -> str:
    body = await call(
        client, 'mutation { createTrainer(input: {name: "Wang Lihua", externalId: "T-1"}) { id } }'
    )
    trainer_id: str = body["data"]["createTrainer"]["id"]
    return trainer_id


async def linked(client: httpx.AsyncClient) -> tuple[str, str, dict[str, Any]]:
    t, org = await trainer(client), (await create(client))["id"]
    body = await call(
        client,
        LINK,
        **{"from": t, "to": org, "input": {"type": "RECIPROCAL_HIRE", "since": "2024-03-01"}},
    )
    assert "errors" not in body, body
    return t, org, body["data"]["linkAffiliatedWith"]


async def test_link_returns_the_edge_and_bumps_the_start(
    client: httpx.AsyncClient, graph: Database
) -> None:
    t, _, edge = await linked(client)
    assert edge["id"].startswith("AFFILIATED_WITH:")
    assert (edge["type"], edge["since"], edge["until"]) == ("RECIPROCAL_HIRE", "2024-03-01", None)
    assert edge["node"] == {"name": "Acme Home Services"}
    version = await call(
        client, "query($id: ID!) { node(id: $id) { ... on Trainer { version } } }", id=t
    )
    assert version["data"]["node"]["version"] == 2
    assert await count(graph, "MATCH (a:AuditEntry {operation: 'link'}) RETURN count(a) AS n") == 1


async def test_link_refusals(client: httpx.AsyncClient, graph: Database) -> None:
    t, org = await trainer(client), (await create(client))["id"]
    wrong = await call(client, LINK, **{"from": org, "to": org, "input": {"type": "FULL_TIME"}})
    assert wrong["errors"][0]["extensions"]["argument"] == "linkAffiliatedWith.fromId"
    untyped = await call(client, LINK, **{"from": t, "to": org, "input": {"since": "2024-03-01"}})
    assert untyped["errors"][0]["extensions"] == {"code": "BAD_INPUT"}
    assert "required field 'type'" in untyped["errors"][0]["message"]
    stale = await call(
        client, LINK, **{"from": t, "to": org, "input": {"type": "FULL_TIME"}, "v": 7}
    )
    assert stale["errors"][0]["extensions"] == {"code": "CONFLICT", "currentVersion": 1}
    itself = await call(
        client, "mutation($o: ID!) { linkMemberOf(fromId: $o, toId: $o) { id } }", o=org
    )
    assert itself["errors"][0]["extensions"]["code"] == "BAD_INPUT"
    assert await count(graph, "MATCH ()-[r]->() RETURN count(r) AS n") == 0


async def test_update_and_unlink(client: httpx.AsyncClient, graph: Database) -> None:
    t, _, edge = await linked(client)
    ended = await call(
        client,
        """mutation($id: ID!) { updateAffiliatedWith(id: $id, input: {until: "2025-06-30"}) {
        type until } }""",
        id=edge["id"],
    )
    assert ended["data"]["updateAffiliatedWith"] == {
        "type": "RECIPROCAL_HIRE",
        "until": "2025-06-30",
    }
    gone = await call(
        client, "mutation($id: ID!) { unlinkAffiliatedWith(id: $id) { deleted } }", id=edge["id"]
    )
    assert gone["data"]["unlinkAffiliatedWith"] == {"deleted": True}
    assert await count(graph, "MATCH ()-[r:AFFILIATED_WITH]->() RETURN count(r) AS n") == 0
    version = await call(
        client, "query($id: ID!) { node(id: $id) { ... on Trainer { version } } }", id=t
    )
    assert version["data"]["node"]["version"] == 3  # created, linked, unlinked
    again = await call(
        client, "mutation($id: ID!) { unlinkAffiliatedWith(id: $id) { deleted } }", id=edge["id"]
    )
    assert again["errors"][0]["extensions"]["code"] == "NOT_FOUND"


async def test_a_span_ends_on_or_after_its_first_day(
    client: httpx.AsyncClient, graph: Database
) -> None:
    """AFFILIATED_WITH and MEMBER_OF keep since ≤ until: on link (the whole input) and on
    update (against the stored values, under the lock); a refusal writes nothing."""
    t, org = await trainer(client), (await create(client))["id"]
    backwards = {"type": "FULL_TIME", "since": "2024-03-01", "until": "2024-02-29"}
    body = await call(client, LINK, **{"from": t, "to": org, "input": backwards})
    error = body["errors"][0]
    assert error["extensions"]["code"] == "BAD_INPUT"
    assert error["extensions"]["argument"] == "linkAffiliatedWith.input.since"
    assert error["extensions"]["expected"] == "since ≤ until"
    assert await count(graph, "MATCH ()-[r:AFFILIATED_WITH]->() RETURN count(r) AS n") == 0
    good = {"type": "FULL_TIME", "since": "2024-03-01"}
    edge = (await call(client, LINK, **{"from": t, "to": org, "input": good}))["data"][
        "linkAffiliatedWith"
    ]
    update = """mutation($id: ID!, $until: Date) {
      updateAffiliatedWith(id: $id, input: {until: $until}) { until } }"""
    early = await call(client, update, id=edge["id"], until="2024-01-31")
    assert early["errors"][0]["extensions"]["expected"] == "since ≤ until"
    fine = await call(client, update, id=edge["id"], until="2024-03-01")
    assert fine["data"]["updateAffiliatedWith"]["until"] == "2024-03-01"
    assert (
        await count(graph, "MATCH (a:AuditEntry {operation: 'update'}) RETURN count(a) AS n") == 1
    )
