"""A randomised workload of concurrent writers keeps every derived fact current.

Four clients each run a seeded random sequence of creates, updates, links, unlinks, deletes and
imports against a small graph through the API, all at once. Afterwards `derive --check`'s
recomputation from the base facts must find no difference, and the driver must have logged no
deadlock. Each answer is data or an expected coded error (a node deleted by another client).
"""

from __future__ import annotations

import asyncio
import random
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

import httpx

from ecosystem.graph import derived
from ecosystem.graph.database import Database
from tests.support.api import call

CLIENTS, STEPS = 4, 14
PROVINCES = ("Beijing", "Shanghai", "Sichuan")
KINDS = ("ENTERPRISE", "VOCATIONAL_COLLEGE", "UNIVERSITY", "OPEN_UNIVERSITY")
CATEGORIES = ("TEACHING", "VOCATIONAL_SKILL", "PROFESSIONAL_TITLE", "INDUSTRY_EXPERIENCE")
EXPECTED = frozenset({"NOT_FOUND", "BAD_INPUT"})  # lost a race with a delete; a self-link


@dataclass
class World:
    """Global ids by type, shared by the clients (what one deletes, another may still try)."""

    ids: dict[str, list[str]] = field(default_factory=dict)
    links: list[tuple[str, str]] = field(default_factory=list)  # (relationship type, id)
    errors: list[Any] = field(default_factory=list)
    expected: frozenset[str] = frozenset()  # error codes that may happen (none while set up)

    def pick(self, rng: random.Random, kind: str) -> str:
        return rng.choice(self.ids[kind])


async def mutate(client: httpx.AsyncClient, world: World, query: str, **variables: Any) -> Any:
    body = await call(client, query, **variables)
    unexpected = [
        e
        for e in body.get("errors", ())
        if e.get("extensions", {}).get("code") not in world.expected
    ]
    world.errors += unexpected
    data = body.get("data") or {}
    return next(iter(data.values()), None)


async def create(client: httpx.AsyncClient, world: World, type_: str, **props: Any) -> None:
    made = await mutate(
        client,
        world,
        f"mutation($input: {type_}CreateInput!) {{ create{type_}(input: $input) {{ id }} }}",
        input=props,
    )
    if made:
        world.ids.setdefault(type_, []).append(made["id"])


async def link(
    client: httpx.AsyncClient, world: World, name: str, ends: tuple[str, str], **props: Any
) -> None:
    args = "$input: " + name + "Input" if props else ""
    made = await mutate(
        client,
        world,
        f"mutation($from: ID!, $to: ID!{', ' if args else ''}{args}) {{ link{name}"
        f"(fromId: $from, toId: $to{', input: $input' if props else ''}) {{ id }} }}",
        **{"from": ends[0], "to": ends[1]},
        **({"input": props} if props else {}),
    )
    if made:
        world.links.append((name, made["id"]))


def span(rng: random.Random) -> dict[str, Any]:
    days = sorted(rng.sample(range(1, 28), 2))
    month = rng.choice(("2024-03", "2026-11", "2027-06"))
    chosen: dict[str, Any] = {"type": "PART_TIME"}
    if rng.random() < 0.6:
        chosen["since"] = f"{month}-{days[0]:02d}"
    if rng.random() < 0.5:
        chosen["until"] = f"{month}-{days[1]:02d}"
    return chosen


async def setup(client: httpx.AsyncClient) -> World:
    world = World()
    for i in range(8):
        await create(client, world, "Organisation", name=f"Org {i}", kind=KINDS[i % 4],
                     province=PROVINCES[i % 3])  # fmt: skip
    await create(client, world, "Organisation", name="Alliance", kind="ALLIANCE")
    for i in range(3):
        await create(client, world, "Profession", name=f"Profession {i}")
    for i, category in enumerate(CATEGORIES * 2):
        await create(client, world, "Credential", name=f"Credential {i}", category=category,
                     fromIndustry=i % 3 == 0)  # fmt: skip
    for i in range(3):
        await create(client, world, "Trainer", name=f"Trainer {i}")
        await create(client, world, "Course", code=f"C{i}", title=f"Course {i}")
        await create(client, world, "TrainingBase", name=f"Base {i}", province=PROVINCES[i])
        await create(client, world, "Standard", code=f"T/TEST {100 + i}-2026", title=f"Standard {i}",
                     level=("NATIONAL", "LOCAL", "ENTERPRISE")[i])  # fmt: skip
    assert world.errors == []
    rng = random.Random(0)
    for credential in world.ids["Credential"]:
        await link(client, world, "Certifies", (credential, world.pick(rng, "Profession")))
    for name, source, target in (("PreparesFor", "Course", "Profession"),
                                 ("TrainsFor", "TrainingBase", "Profession"),
                                 ("Covers", "Standard", "Profession")):  # fmt: skip
        for node in world.ids[source]:
            await link(client, world, name, (node, world.pick(rng, target)))
    orgs = world.ids["Organisation"]
    await link(client, world, "PartOf", (orgs[1], orgs[0]))
    await link(client, world, "PartOf", (orgs[5], orgs[1]))
    world.ids["Alliance"] = [orgs.pop()]
    return world


def steps(
    client: httpx.AsyncClient, world: World, rng: random.Random
) -> list[Callable[[], Awaitable[None]]]:
    """The operations a client may take, each a thunk drawing its targets when it runs."""

    def org() -> str:
        return world.pick(rng, "Organisation")

    async def affiliate() -> None:
        await link(
            client, world, "AffiliatedWith", (world.pick(rng, "Trainer"), org()), **span(rng)
        )

    async def hold() -> None:
        await link(
            client, world, "Holds", (world.pick(rng, "Trainer"), world.pick(rng, "Credential"))
        )

    async def develop() -> None:
        await link(client, world, "DevelopedBy", (world.pick(rng, "Course"), org()))

    async def operate() -> None:
        name = rng.choice(("OperatedBy", "UsedBy"))
        await link(client, world, name, (world.pick(rng, "TrainingBase"), org()))

    async def draft() -> None:
        await link(client, world, "DraftedBy", (world.pick(rng, "Standard"), org()))

    async def implement() -> None:
        await link(client, world, "Implements", (org(), world.pick(rng, "Standard")))

    async def join() -> None:
        await link(client, world, "MemberOf", (org(), world.pick(rng, "Alliance")))

    async def reorganise() -> None:
        await link(client, world, "PartOf", (org(), org()))

    async def move() -> None:
        await mutate(client, world, "mutation($id: ID!, $input: OrganisationUpdateInput!) { "
                     "updateOrganisation(id: $id, input: $input) { id } }", id=org(),
                     input=rng.choice(({"province": rng.choice(PROVINCES)},
                                       {"kind": rng.choice(KINDS)})))  # fmt: skip

    async def recategorise() -> None:
        await mutate(client, world, "mutation($id: ID!, $input: CredentialUpdateInput!) { "
                     "updateCredential(id: $id, input: $input) { id } }",
                     id=world.pick(rng, "Credential"),
                     input={"category": rng.choice(CATEGORIES)})  # fmt: skip

    async def reschedule() -> None:
        ids = [i for name, i in world.links if name == "AffiliatedWith"]
        if ids:
            dates = {k: v for k, v in span(rng).items() if k != "type"}
            await mutate(client, world, "mutation($id: ID!, $input: AffiliatedWithUpdateInput!) "
                         "{ updateAffiliatedWith(id: $id, input: $input) { id } }",
                         id=rng.choice(ids), input=dates or {"until": "2026-12-31"})  # fmt: skip

    async def unlink() -> None:
        if world.links:
            name, raw = rng.choice(world.links)
            await mutate(client, world, f"mutation($id: ID!) {{ unlink{name}(id: $id) {{ id }} }}",
                         id=raw)  # fmt: skip

    async def delete() -> None:
        kind = rng.choice(
            ("Trainer", "Course", "TrainingBase", "Credential", "Organisation", "Profession")
        )
        await mutate(client, world, f"mutation($id: ID!) {{ delete{kind}(id: $id, detach: true) "
                     "{ deleted } }", id=world.pick(rng, kind))  # fmt: skip

    async def new_trainer() -> None:
        await create(client, world, "Trainer", name=f"Trainer {rng.random()}")

    async def import_records() -> None:
        new = f"Trainer:{uuid.UUID(int=rng.getrandbits(128))}"
        node = {"nodeType": "Trainer", "name": f"Imported {new}", "id": new}
        links = [{"relationshipType": "AFFILIATED_WITH", "source": new,
                  "target": org(), "type": "FULL_TIME"},
                 {"relationshipType": "HOLDS", "source": new,
                  "target": world.pick(rng, "Credential")}]  # fmt: skip
        await mutate(client, world, "mutation($n: [JSON!]!, $l: [JSON!]) { importRecords("
                     "nodes: $n, links: $l) { nodes } }", n=[node], l=links)  # fmt: skip

    return [affiliate, affiliate, hold, hold, develop, operate, draft, implement, join,
            reorganise, move, recategorise, reschedule, unlink, unlink, delete, new_trainer,
            import_records]  # fmt: skip


async def test_concurrent_random_writes_leave_no_difference(
    client: httpx.AsyncClient, graph: Database, deadlocks: list[str]
) -> None:
    world = await setup(client)
    assert world.errors == []
    assert await derived.check(graph) == []
    world.expected = EXPECTED

    async def run(seed: int) -> None:
        rng = random.Random(seed)
        choices = steps(client, world, rng)
        for _ in range(STEPS):
            await rng.choice(choices)()

    await asyncio.gather(*(run(seed) for seed in range(1, CLIENTS + 1)))
    assert world.errors == []
    assert await derived.check(graph) == []
    assert deadlocks == []
