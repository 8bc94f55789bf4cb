"""create / update / delete / upsert: validated, versioned, audited, one transaction each."""

from __future__ import annotations

import asyncio

import httpx
import pytest

from ecosystem.graph.database import Database
from tests.support.api import call, count, create
from tests.support.wire import Sends


async def test_create_returns_the_selection_and_audits(
    client: httpx.AsyncClient, graph: Database
) -> None:
    created = await create(client)
    assert created["name"] == "Acme Home Services"
    assert (created["version"], created["source"]) == (1, "api:test-admin")
    assert created["trainers"] == {"totalCount": 0}
    raw = created["id"].split(":")[1]
    audit = await graph.read(
        "MATCH (a:AuditEntry {targetId: $id}) RETURN a.operation AS op, "
        "a.actor AS actor, a.after AS after",
        {"id": raw},
    )
    assert audit[0]["op"] == "create"
    assert audit[0]["actor"] == "test-admin"
    assert '"province": "Beijing"' in audit[0]["after"]


async def test_bad_input_is_coded_and_writes_nothing(
    client: httpx.AsyncClient, graph: Database
) -> None:
    body = await call(
        client,
        """mutation { createOrganisation(input: {name: "X", kind: ENTERPRISE,
        province: "Atlantis"}) { id } }""",
    )
    assert body["errors"][0]["extensions"]["code"] == "BAD_INPUT"
    assert body["errors"][0]["extensions"]["argument"] == "createOrganisation.input.province"
    bad_code = await call(
        client,
        """mutation { createStandard(input: {code: "ISO 9001",
        title: "Quality"}) { id } }""",
    )
    assert bad_code["errors"][0]["extensions"]["argument"] == "createStandard.input.code"
    assert (
        await count(
            graph, "MATCH (n) WHERE NOT n:SchemaMigration AND NOT n:ApiKey RETURN count(n) AS n"
        )
        == 0
    )


async def test_an_update_is_checked_against_the_stored_values(
    client: httpx.AsyncClient, graph: Database
) -> None:
    """A rule over two properties (validFrom ≤ validUntil) holds between the value sent and
    the one stored: the statement reads the stored one under the lock for the check."""
    create = """mutation { createAgreement(input: {title: "Term", validFrom: "2026-03-01"}) {
        id version } }"""
    created = (await call(client, create))["data"]["createAgreement"]
    update = """mutation($id: ID!, $until: Date!) {
        updateAgreement(id: $id, input: {validUntil: $until}) { validUntil version } }"""
    refused = await call(client, update, id=created["id"], until="2026-02-28")
    assert refused["errors"][0]["extensions"]["code"] == "BAD_INPUT"
    assert "validFrom ≤ validUntil" in refused["errors"][0]["extensions"]["expected"]
    stored = await graph.read(
        "MATCH (a:Agreement {title: 'Term'}) RETURN a.version AS version, "
        "a.validUntil AS until, COUNT { (:AuditEntry {operation: 'update'}) } AS audits"
    )
    assert stored == [{"version": 1, "until": None, "audits": 0}]
    done = await call(client, update, id=created["id"], until="2026-03-01")
    assert done["data"]["updateAgreement"] == {"validUntil": "2026-03-01", "version": 2}


async def test_an_update_is_one_round_trip(
    client: httpx.AsyncClient, graph: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Lock, checks, write, audit entry and read-back: one auto-commit statement, so one
    round trip to Neo4j (counted on the wire: the driver's sends)."""
    created = await create(client)
    update = """mutation($id: ID!, $city: String!) {
        updateOrganisation(id: $id, input: {city: $city}) { city version } }"""
    await call(client, update, id=created["id"], city="Tianjin")  # the key known, cached
    sends = Sends(monkeypatch)
    done = await call(client, update, id=created["id"], city="Beijing")
    assert done["data"]["updateOrganisation"] == {"city": "Beijing", "version": 3}
    assert sends.count == 1


async def test_update_checks_the_version(client: httpx.AsyncClient, graph: Database) -> None:
    created = await create(client)
    update = """mutation($id: ID!, $v: Int, $input: OrganisationUpdateInput!) {
        updateOrganisation(id: $id, expectedVersion: $v, input: $input) { city version } }"""
    done = await call(client, update, id=created["id"], v=1, input={"city": "Beijing"})
    assert done["data"]["updateOrganisation"] == {"city": "Beijing", "version": 2}
    stale = await call(client, update, id=created["id"], v=1, input={"city": "Tianjin"})
    assert stale["errors"][0]["extensions"] == {"code": "CONFLICT", "currentVersion": 2}
    again = await call(
        client,
        "query($id: ID!) { node(id: $id) { ... on Organisation { city } } }",
        id=created["id"],
    )
    assert again["data"]["node"]["city"] == "Beijing"
    missing = await call(
        client, update, id="Organisation:00000000-0000-0000-0000-000000000000", input={"city": "x"}
    )
    assert missing["errors"][0]["extensions"]["code"] == "NOT_FOUND"


async def test_concurrent_updates_lose_nothing(client: httpx.AsyncClient, graph: Database) -> None:
    created = await create(client)
    update = """mutation($id: ID!, $input: OrganisationUpdateInput!) {
        updateOrganisation(id: $id, input: $input) { version } }"""
    results = await asyncio.gather(
        *(call(client, update, id=created["id"], input={"city": f"c{i}"}) for i in range(20))
    )
    versions = sorted(r["data"]["updateOrganisation"]["version"] for r in results)
    assert versions == list(range(2, 22))  # every write saw the one before it
    raw = created["id"].split(":")[1]
    assert (
        await count(
            graph,
            "MATCH (a:AuditEntry {targetId: $id, operation: 'update'}) RETURN count(a) AS n",
            id=raw,
        )
        == 20
    )


async def test_concurrent_updates_of_one_version_let_one_through(
    client: httpx.AsyncClient, caplog: pytest.LogCaptureFixture
) -> None:
    """The version check runs on the locked node: of ten clients that all read version 1,
    one writes and nine are told of the conflict (none overwrites the winner unseen). They
    queue on the node's write lock instead of deadlocking: a lock statement whose SET left
    the value unchanged took only a shared lock, so concurrent writers deadlocked on the
    upgrade and the driver retried them after a second or more (bench/README.md, Update)."""
    created = await create(client)
    update = """mutation($id: ID!, $input: OrganisationUpdateInput!) {
        updateOrganisation(id: $id, expectedVersion: 1, input: $input) { version } }"""
    results = await asyncio.gather(
        *(call(client, update, id=created["id"], input={"city": f"c{i}"}) for i in range(10))
    )
    codes = sorted(r["errors"][0]["extensions"]["code"] if "errors" in r else "OK" for r in results)
    assert codes == ["CONFLICT"] * 9 + ["OK"]
    assert not [r for r in caplog.records if "DeadlockDetected" in r.getMessage()]


async def test_delete_refuses_a_node_with_relationships(
    client: httpx.AsyncClient, graph: Database
) -> None:
    created = await create(client)
    raw = created["id"].split(":")[1]
    await graph.write(
        "MATCH (o:Organisation {id: $id}) CREATE (:Course {id: randomUUID(), code: 'C', "
        "title: 'C', source: 't', updatedAt: datetime(), version: 1})-[:DEVELOPED_BY "
        "{id: randomUUID(), source: 't', updatedAt: datetime()}]->(o)",
        {"id": raw},
    )
    delete = (
        "mutation($id: ID!, $d: Boolean) { deleteOrganisation(id: $id, detach: $d) { id deleted } }"
    )
    refused = await call(client, delete, id=created["id"])
    assert refused["errors"][0]["extensions"] == {"code": "CONFLICT", "relationships": 1}
    done = await call(client, delete, id=created["id"], d=True)
    assert done["data"]["deleteOrganisation"] == {"id": created["id"], "deleted": True}
    assert await count(graph, "MATCH (o:Organisation) RETURN count(o) AS n") == 0


async def test_upsert_by_natural_key(client: httpx.AsyncClient, graph: Database) -> None:
    upsert = """mutation($input: StandardCreateInput!, $m: OnMatch) {
        upsertStandard(input: $input, onMatch: $m) { created node { code title version } } }"""
    first = await call(client, upsert, input={"code": "T/CHSA 001-2024", "title": "Home care"})
    assert first["data"]["upsertStandard"]["created"] is True
    again = await call(client, upsert, input={"code": "T/CHSA 001-2024", "title": "Home care v2"})
    assert again["data"]["upsertStandard"] == {
        "created": False,
        "node": {"code": "T/CHSA 001-2024", "title": "Home care v2", "version": 2},
    }
    kept = await call(
        client, upsert, m="KEEP", input={"code": "T/CHSA 001-2024", "title": "ignored"}
    )
    assert kept["data"]["upsertStandard"]["node"]["title"] == "Home care v2"
    assert await count(graph, "MATCH (s:Standard) RETURN count(s) AS n") == 1


async def test_unique_values_are_coded_violations(
    client: httpx.AsyncClient, graph: Database
) -> None:
    create_standard = (
        """mutation($code: String!) { createStandard(input: {code: $code, title: "A"}) { id } }"""
    )
    await call(client, create_standard, code="GB/T 1-2024")
    twice = await call(client, create_standard, code="GB/T 1-2024")
    assert twice["errors"][0]["extensions"]["code"] == "CONSTRAINT_VIOLATION"
    assert twice["errors"][0]["message"] == "another Standard already has this code"
