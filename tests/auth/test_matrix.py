"""The authorization matrix, generated from the policy table: every role × every mutation
(a partner on its own targets and on another organisation's) and every private field.

Denied writes must answer FORBIDDEN and leave the graph exactly as it was (a full snapshot);
allowed ones must succeed. Private fields must come back null, and be named in
`extensions.forbiddenFields`, unless the role may see them; filtering on them is refused.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
from starlette.applications import Starlette

from ecosystem.api.mutations import ROUTES
from ecosystem.api.schema import build_schema
from ecosystem.app import create_app
from ecosystem.domain import ECOSYSTEM, NodeType, Property, RelationshipType
from ecosystem.domain.access import POLICY, Role
from ecosystem.graph import keys
from ecosystem.graph.database import Database
from ecosystem.graph.mutations.guard import PARTNER_WRITES
from ecosystem.settings import Settings
from tests.support.database import snapshot
from tests.support.graphs import build, gid, uid
from tests.support.matrix import (
    LINKS,
    NODES,
    OWN_NODES,
    OWN_ORG,
    PRIVATE,
    link_id,
    own_ends,
    required,
    serial,
)

# --- the fixture graph ---------------------------------------------------------------------


# --- the cases ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Case:
    role: Role
    mutation: str
    variables: dict[str, Any]
    selection: str
    own: bool  # the target is the partner's own
    argument_types: str

    @property
    def expected(self) -> bool:
        grant = POLICY[self.role]
        if self.mutation == "importRecords":
            return grant.import_
        op, target = ROUTES[self.mutation]
        name = target.name if isinstance(target, NodeType) else target.type
        if grant.write == "own":
            return (op, name) in PARTNER_WRITES and (self.own or op == "create")
        return grant.write == "all"

    @property
    def document(self) -> str:
        arguments = ", ".join(f"{k}: ${k}" for k in self.variables)
        return (
            f"mutation({self.argument_types}) {{ {self.mutation}({arguments}) "
            f"{{ {self.selection} }} }}"
        )

    def __str__(self) -> str:
        return f"{self.role}-{self.mutation}-{'own' if self.own else 'other'}"


def _node_cases(role: Role, node: NodeType) -> list[Case]:
    n = node.name
    values = required(node.properties, f"new {n}")
    values.update({k: f"{k} {next(serial)}" for k in node.natural_key if k not in values})
    if "province" in node.natural_key:
        values["province"] = "Beijing"
    create = {"input": {**values, "source": "matrix"}}
    types = f"$input: {n}CreateInput!"
    cases = [
        Case(role, f"create{n}", create, "id", False, types),
        Case(role, f"upsert{n}", create, "created", False, types),
    ]
    targets = {False: f"{n}-x"}
    if role is Role.PARTNER and n in OWN_NODES:
        targets[True] = OWN_NODES[n]
    for own, name in targets.items():
        ident = gid(n, name)
        update = {"id": ident, "input": {"source": "matrix"}}
        cases.append(
            Case(role, f"update{n}", update, "id", own, f"$id: ID!, $input: {n}UpdateInput!")
        )
        delete = {"id": ident, "detach": True}
        cases.append(Case(role, f"delete{n}", delete, "deleted", own, "$id: ID!, $detach: Boolean"))
    return cases


def _relationship_cases(role: Role, rel: RelationshipType) -> list[Case]:
    pascal = rel.type.title().replace("_", "")
    props = required(rel.properties, rel.type)
    ends = {False: (f"{rel.source}-x", f"{rel.target}-y")}
    linking = {False: ends[False]}
    mine, new = own_ends(rel), own_ends(rel, linking=True)
    if role is Role.PARTNER and mine is not None and new is not None:
        ends[True], linking[True] = mine, new
    cases = []
    for own, (start, end) in linking.items():
        link = {"fromId": gid(rel.source, start), "toId": gid(rel.target, end), "input": props}
        types = f"$fromId: ID!, $toId: ID!, $input: {pascal}Input"
        cases.append(Case(role, f"link{pascal}", link, "id", own, types))
    for own, (start, end) in ends.items():
        ident = link_id(start, rel.type, end)
        update = {"id": ident, "input": {"source": "matrix"}}
        types = f"$id: ID!, $input: {pascal}UpdateInput!"
        cases.append(Case(role, f"update{pascal}", update, "id", own, types))
        cases.append(Case(role, f"unlink{pascal}", {"id": ident}, "deleted", own, "$id: ID!"))
    return cases


def cases() -> list[Case]:
    found = []
    for role in Role:
        for node in ECOSYSTEM.nodes:
            found += _node_cases(role, node)
        for rel in ECOSYSTEM.relationships:
            found += _relationship_cases(role, rel)
        records = {"nodes": [{"nodeType": "Profession", "name": f"Imported by {role}"}]}
        found.append(Case(role, "importRecords", records, "nodes", False, "$nodes: [JSON!]!"))
    return found


build_schema()  # declares the mutations (ROUTES)
CASES = cases()


def test_the_matrix_covers_every_mutation_for_every_role() -> None:
    every = {*ROUTES, "importRecords"}
    for role in Role:
        assert {c.mutation for c in CASES if c.role is role} == every
    partner = {(c.mutation, c.own) for c in CASES if c.role is Role.PARTNER and c.expected}
    assert len(partner) >= len(PARTNER_WRITES)  # each partner rule is exercised allowed too


# --- running them --------------------------------------------------------------------------


@dataclass
class World:
    db: Database
    clients: dict[Role, httpx.AsyncClient]
    dirty: bool = True

    async def fresh(self) -> dict[str, Any]:
        """The fixture graph as built (rebuilt only after a write that landed)."""
        if self.dirty:
            await self.db.run_autocommit(
                "MATCH (n) WHERE NOT n:SchemaMigration AND NOT n:ApiKey "
                "CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS"
            )
            await build(self.db, NODES, LINKS)
            self.dirty = False
        return await snapshot(self.db)


@pytest.fixture(scope="module")
async def world(settings: Settings, db: Database) -> AsyncIterator[World]:
    await db.run_autocommit("MATCH (n) WHERE NOT n:SchemaMigration DETACH DELETE n")
    app: Starlette = create_app(settings.model_copy(update={"public_read": True}))
    async with app.router.lifespan_context(app):
        clients = {}
        for role in Role:
            headers = {}
            if role is not Role.ANONYMOUS:
                organisation = uid(OWN_ORG) if role is Role.PARTNER else None
                key = await keys.create(db, f"matrix-{role}", role.value, organisation)
                headers["authorization"] = f"Bearer {key}"
            transport = httpx.ASGITransport(app=app)
            clients[role] = httpx.AsyncClient(
                transport=transport, base_url="http://test", headers=headers
            )
        yield World(db, clients)
        for client in clients.values():
            await client.aclose()
    await db.run_autocommit("MATCH (n) WHERE NOT n:SchemaMigration DETACH DELETE n")


async def post(client: httpx.AsyncClient, query: str, variables: dict[str, Any]) -> Any:
    return (await client.post("/graphql", json={"query": query, "variables": variables})).json()


@pytest.mark.parametrize("case", CASES, ids=str)
async def test_mutation(world: World, case: Case) -> None:
    before = await world.fresh()
    body = await post(world.clients[case.role], case.document, case.variables)
    if case.expected:
        world.dirty = True
        assert "errors" not in body, body
        return
    assert [e["extensions"]["code"] for e in body["errors"]] == ["FORBIDDEN"], body
    assert body["data"] is None or body["data"][case.mutation] is None
    assert await snapshot(world.db) == before  # nothing moved


@pytest.mark.parametrize("role", list(Role), ids=str)
@pytest.mark.parametrize(("node", "prop"), PRIVATE, ids=lambda x: x.name)
@pytest.mark.parametrize("tag", ["x", "y"], ids=["affiliated-with-partner", "not"])
async def test_private_field(
    world: World, role: Role, node: NodeType, prop: Property, tag: str
) -> None:
    await world.fresh()
    client = world.clients[role]
    query = f"query($id: ID!) {{ node(id: $id) {{ ... on {node.name} {{ {prop.name} }} }} }}"
    body = await post(client, query, {"id": gid(node.name, f"{node.name}-{tag}")})
    scope = POLICY[role].private
    visible = scope == "all" or (scope == "own" and tag == "x")  # x works for the partner
    assert body["data"]["node"][prop.name] == (f"{prop.name} of {tag}" if visible else None)
    named = [f["field"] for f in body.get("extensions", {}).get("forbiddenFields", [])]
    assert named == ([] if scope == "all" else [f"{node.name}.{prop.name}"])

    probe = f'{{ {node.plural}(where: {{{prop.name}: {{startsWith: "{prop.name}"}}}}) {{ totalCount }} }}'
    answer = await post(client, probe, {})
    if scope == "all":
        assert answer["data"][node.plural]["totalCount"] == 2
    else:  # no filter may reveal a value bit by bit, not even the partner's own
        assert answer["errors"][0]["extensions"]["code"] == "FORBIDDEN_FIELD", answer
