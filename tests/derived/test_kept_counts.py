"""The counts the writes keep (graph/derived/kept.py) answer as counting would: on the seed
graph, and after each write that moves them (link, an end set, a kind changed, unlink, a
trainer deleted)."""

from __future__ import annotations

import httpx

from ecosystem.domain import ECOSYSTEM, EnumType
from ecosystem.graph import derived
from ecosystem.graph.database import Database
from tests.mutations.test_relationship_writes import LINK
from tests.support.api import call, count, create

KEPT = """query($kind: OrganisationKind!) { trainers(where: {affiliations: {some: {
  node: {kind: {eq: $kind}}, edge: {until: {isNull: true}}}}}) { totalCount } }"""
COUNTED = (
    "MATCH (t:Trainer) WHERE EXISTS { MATCH (t)-[a:AFFILIATED_WITH]->(o:Organisation) "
    "WHERE a.until IS NULL AND o.kind = $kind } RETURN count(t) AS n"
)
NEW_TRAINER = "mutation($name: String!) { createTrainer(input: {name: $name}) { id } }"
KINDS = ECOSYSTEM.node("Organisation").property("kind").type
KIND = KINDS if isinstance(KINDS, EnumType) else EnumType("none", ())


async def answers(client: httpx.AsyncClient, graph: Database) -> dict[str, tuple[int, int]]:
    """For each kind: (the kept count the API reads, the count from the base facts)."""
    found = {}
    for kind in KIND.values:
        body = await call(client, KEPT, kind=kind)
        assert "errors" not in body, body
        found[kind] = (
            body["data"]["trainers"]["totalCount"],
            await count(graph, COUNTED, kind=kind),
        )
    return found


async def test_the_seed_graph_reads_what_counting_finds(
    seed_client: httpx.AsyncClient, seeded: Database
) -> None:
    found = await answers(seed_client, seeded)
    assert all(kept == counted for kept, counted in found.values()), found
    assert found["ENTERPRISE"][1] > 0


async def test_each_write_keeps_the_counts(client: httpx.AsyncClient, graph: Database) -> None:
    async def expect(**want: int) -> None:
        found = await answers(client, graph)
        assert {k: v for k, v in found.items() if v != (0, 0)} == {
            k: (n, n) for k, n in want.items()
        }
        assert await derived.check(graph) == []

    t, other = [
        (await call(client, NEW_TRAINER, name=name))["data"]["createTrainer"]["id"]
        for name in ("Wang Lihua", "Li Ming")
    ]
    enterprise, college = (await create(client))["id"], (await create(client, name="College"))["id"]
    edges = []
    for who, org in ((t, enterprise), (t, college), (other, enterprise)):
        body = await call(client, LINK, **{"from": who, "to": org, "input": {"type": "FULL_TIME"}})
        edges.append(body["data"]["linkAffiliatedWith"]["id"])
    await expect(ENTERPRISE=2)  # `create` makes enterprises: the college is one until changed
    kind = "mutation($id: ID!) { updateOrganisation(id: $id, input: {kind: VOCATIONAL_COLLEGE}) { id } }"
    assert "errors" not in await call(client, kind, id=college)
    await expect(ENTERPRISE=2, VOCATIONAL_COLLEGE=1)
    ended = (
        'mutation($id: ID!) { updateAffiliatedWith(id: $id, input: {until: "2025-06-30"}) { id } }'
    )
    assert "errors" not in await call(client, ended, id=edges[0])
    await expect(ENTERPRISE=1, VOCATIONAL_COLLEGE=1)
    unlink = "mutation($id: ID!) { unlinkAffiliatedWith(id: $id) { deleted } }"
    assert "errors" not in await call(client, unlink, id=edges[1])
    await expect(ENTERPRISE=1)
    delete = "mutation($id: ID!) { deleteTrainer(id: $id, detach: true) { deleted } }"
    body = await call(client, delete, id=other)
    assert "errors" not in body, body
    await expect()
