"""changes: the audit trail read back, newest first, per target."""

from __future__ import annotations

import httpx

from ecosystem.graph.database import Database
from tests.support.api import call, create

CHANGES = """query($target: ID, $first: Int, $after: String) {
  changes(targetId: $target, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor }
    edges { node { operation actor targetId before after at } } } }"""


async def test_every_write_is_in_the_trail(client: httpx.AsyncClient, graph: Database) -> None:
    created = await create(client)
    for city in ("Beijing", "Tianjin"):
        await call(
            client,
            """mutation($id: ID!, $c: String) { updateOrganisation(id: $id,
            input: {city: $c}) { version } }""",
            id=created["id"],
            c=city,
        )
    other = await create(client, name="Other Co")
    trail = (await call(client, CHANGES, target=created["id"]))["data"]["changes"]
    assert trail["totalCount"] == 3
    operations = [e["node"]["operation"] for e in trail["edges"]]
    assert operations == ["update", "update", "create"]  # newest first
    latest = trail["edges"][0]["node"]
    assert (latest["actor"], latest["targetId"]) == ("test-admin", created["id"])
    assert (latest["before"], latest["after"]) == ('{"city": "Beijing"}', '{"city": "Tianjin"}')
    everything = (await call(client, CHANGES))["data"]["changes"]
    assert everything["totalCount"] == 4
    assert everything["edges"][0]["node"]["targetId"] == other["id"]


async def test_the_trail_pages_and_is_not_the_ecosystem(
    client: httpx.AsyncClient, graph: Database
) -> None:
    for index in range(5):
        await create(client, name=f"Org {index}")
    seen, after = [], None
    while True:
        page = (await call(client, CHANGES, first=2, after=after))["data"]["changes"]
        seen += [e["node"]["targetId"] for e in page["edges"]]
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    assert len(seen) == len(set(seen)) == 5
    stats = (await call(client, "{ ecosystemStats { nodeCount } }"))["data"]["ecosystemStats"]
    assert stats["nodeCount"] == 5  # audit entries are not counted as ecosystem nodes
