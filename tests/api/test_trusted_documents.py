"""Trusted documents: registered ahead, sent by id in the conventions clients use, and required
where the setting or the caller's role says so."""

from __future__ import annotations

import json
import uuid
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from starlette.applications import Starlette
from strawberry.extensions.parser_cache import _get_parse_cache
from strawberry.schema import schema as strawberry_schema
from typer.testing import CliRunner, Result

from ecosystem.app import create_app
from ecosystem.cli import app as command
from ecosystem.graph import Database, documents, keys
from ecosystem.settings import Settings
from tests.support.api import create

QUERY = "query Names { organisations(first: 5) { edges { node { name } } } }"
DIGEST = documents.document_id(QUERY)
ADHOC = "{ organisations(first: 1) { totalCount } }"


@pytest.fixture
async def registered(graph: Database) -> Database:
    await documents.add(graph, {QUERY: ["Names"]})
    return graph


async def open_app(settings: Settings, **update: Any) -> AsyncIterator[Starlette]:
    application = create_app(settings.model_copy(update=update))
    async with application.router.lifespan_context(application):
        yield application


def http(app: Starlette, key: str | None = None) -> httpx.AsyncClient:
    headers = {"authorization": f"Bearer {key}"} if key else {}
    transport = httpx.ASGITransport(app=app)
    return httpx.AsyncClient(transport=transport, base_url="http://test", headers=headers)


@pytest.fixture
async def app_with(settings: Settings, registered: Database) -> AsyncIterator[Any]:
    """An app with these settings and the admin's key, entered for the test."""
    opened: list[AsyncIterator[Starlette]] = []

    async def make(**update: Any) -> tuple[Starlette, str]:
        apps = open_app(settings, **update)
        opened.append(apps)
        key = await keys.create(registered, f"admin-{len(opened)}", "admin", None)
        return await anext(apps), key

    yield make
    for apps in opened:
        with pytest.raises(StopAsyncIteration):
            await anext(apps)


def cli(*args: str) -> Result:
    """The `ecosystem` command in this process (a new one would spend seconds importing)."""
    return CliRunner().invoke(command, list(args))


def code(response: httpx.Response) -> str:
    return str(response.json()["errors"][0]["extensions"]["code"])


async def test_a_registered_document_runs_by_id_in_each_convention(app_with: Any) -> None:
    app, key = await app_with()
    async with http(app, key) as client:
        await create(client, name="Kept by id")
        direct = (await client.post("/graphql", json={"query": QUERY})).json()
        sent = [
            await client.post("/graphql", json={"documentId": f"sha256:{DIGEST}"}),
            await client.post("/graphql", json={"documentId": DIGEST.upper()}),
            await client.post(
                "/graphql",
                json={"extensions": {"persistedQuery": {"version": 1, "sha256Hash": DIGEST}}},
            ),
            await client.get("/graphql", params={"documentId": f"sha256:{DIGEST}"}),
            await client.get(
                "/graphql",
                params={"extensions": json.dumps({"persistedQuery": {"sha256Hash": DIGEST}})},
            ),
        ]
    assert direct["data"]["organisations"]["edges"] == [{"node": {"name": "Kept by id"}}]
    assert [r.status_code for r in sent] == [200] * 5
    assert all(r.json() == direct for r in sent)


async def test_a_batch_may_mix_ids_and_documents(app_with: Any) -> None:
    app, key = await app_with()
    async with http(app, key) as client:
        batch = [{"documentId": f"sha256:{DIGEST}"}, {"query": ADHOC}]
        answers = (await client.post("/graphql", json=batch)).json()
    assert [list(a["data"]) for a in answers] == [["organisations"], ["organisations"]]


async def test_ids_that_name_nothing_are_refused_with_codes(app_with: Any) -> None:
    app, key = await app_with()
    other = documents.document_id(ADHOC)
    async with http(app, key) as client:
        unknown = await client.post("/graphql", json={"documentId": f"sha256:{other}"})
        malformed = await client.post("/graphql", json={"documentId": "md5:abc"})
        mismatch = await client.post(
            "/graphql",
            json={"query": ADHOC, "extensions": {"persistedQuery": {"sha256Hash": DIGEST}}},
        )
        no_hash = await client.post("/graphql", json={"extensions": {"persistedQuery": {}}})
    assert (unknown.status_code, code(unknown)) == (400, "PERSISTED_QUERY_NOT_FOUND")
    assert unknown.json()["errors"][0]["extensions"]["documentId"] == f"sha256:{other}"
    assert (malformed.status_code, code(malformed)) == (400, "BAD_REQUEST")
    assert malformed.json()["errors"][0]["extensions"]["expected"] == "sha256:<64 hex digits>"
    assert code(mismatch) == code(no_hash) == "BAD_REQUEST"


async def test_off_refuses_ids_and_runs_documents(app_with: Any) -> None:
    app, key = await app_with(trusted_documents="off")
    async with http(app, key) as client:
        by_id = await client.post("/graphql", json={"documentId": f"sha256:{DIGEST}"})
        adhoc = await client.post("/graphql", json={"query": ADHOC})
    assert code(by_id) == "PERSISTED_QUERY_NOT_SUPPORTED"
    assert adhoc.json() == {"data": {"organisations": {"totalCount": 0}}}


async def test_required_runs_registered_documents_only(app_with: Any) -> None:
    app, key = await app_with(trusted_documents="required")
    async with http(app, key) as client:
        adhoc = await client.post("/graphql", json={"query": ADHOC})
        adhoc_get = await client.get("/graphql", params={"query": ADHOC})
        by_id = await client.post("/graphql", json={"documentId": f"sha256:{DIGEST}"})
        by_text = await client.post("/graphql", json={"query": QUERY})
        in_batch = await client.post("/graphql", json=[{"query": QUERY}, {"query": ADHOC}])
    assert (adhoc.status_code, code(adhoc)) == (400, "TRUSTED_DOCUMENT_REQUIRED")
    assert code(adhoc_get) == "TRUSTED_DOCUMENT_REQUIRED"
    assert by_id.json() == by_text.json() == {"data": {"organisations": {"edges": []}}}
    assert code(in_batch) == "TRUSTED_DOCUMENT_REQUIRED"  # the whole batch: nothing ran


async def test_a_role_can_require_registered_documents(app_with: Any, registered: Database) -> None:
    app, admin = await app_with(trusted_documents_by_role={"partner": "required"})
    await registered.write("CREATE (:Organisation {id: 'p1', name: 'P'})")
    partner = await keys.create(registered, "portal", "partner", "p1")
    async with http(app, partner) as as_partner, http(app, admin) as as_admin:
        refused = await as_partner.post("/graphql", json={"query": ADHOC})
        allowed = await as_partner.post("/graphql", json={"documentId": f"sha256:{DIGEST}"})
        secretariat = await as_admin.post("/graphql", json={"query": ADHOC})
    assert code(refused) == "TRUSTED_DOCUMENT_REQUIRED"
    assert "errors" not in allowed.json()
    assert "errors" not in secretariat.json()


async def test_a_registered_document_skips_the_parser_and_validation_caches(
    app_with: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    app, key = await app_with(repeat_queries=False)  # else repeats skip Strawberry altogether
    parse: Any = _get_parse_cache(512)  # functools' LRU wrapper, shared by every schema
    validated: list[Any] = []
    validate = strawberry_schema.validate_document

    def counted(schema: Any, document: Any, rules: Any) -> Any:
        validated.append(document)
        return validate(schema, document, rules)

    monkeypatch.setattr("ecosystem.api.documents.validate_document", counted)
    async with http(app, key) as client:
        first = await client.post("/graphql", json={"documentId": DIGEST})
        before = parse.cache_info(), len(validated)
        again = [await client.post("/graphql", json={"documentId": DIGEST}) for _ in range(3)]
        after = parse.cache_info(), len(validated)
        text = f"{ADHOC} # {uuid.uuid4()}"  # a text no earlier test has sent
        adhoc = [await client.post("/graphql", json={"query": text}) for _ in range(3)]
    assert all(r.json() == first.json() for r in again)
    assert after == before  # neither cache was asked: the document was parsed and validated once
    assert parse.cache_info().hits + parse.cache_info().misses == sum(before[0][:2]) + 3
    assert len(validated) == before[1] + 1  # the ad hoc text validated once, then by its text
    assert all(r.json() == adhoc[0].json() and "errors" not in r.json() for r in adhoc)


async def test_a_registered_document_still_meets_the_cost_limit(
    app_with: Any, registered: Database
) -> None:
    deep = "query Deep($n: Int) { organisations(first: $n) { edges { node { name } } } }"
    await documents.add(registered, {deep: ["Deep"]})
    app, key = await app_with(max_cost=3)
    async with http(app, key) as client:
        body = {"documentId": documents.document_id(deep), "variables": {"n": 50}}
        refused = await client.post("/graphql", json=body)
    assert code(refused) == "LIMIT_EXCEEDED"


def test_the_command_registers_files_and_manifests_all_or_none(
    tmp_path: Path, graph: Database
) -> None:
    one = tmp_path / "names.graphql"
    one.write_text(QUERY, encoding="utf-8")
    other = "query Count { organisations(first: 1) { totalCount } }"
    codegen = tmp_path / "persisted-documents.json"
    codegen.write_text(json.dumps({documents.document_id(other): other}), encoding="utf-8")
    apollo = tmp_path / "apollo.json"
    body = {"format": "apollo-persisted-query-manifest", "version": 1, "operations": [
        {"id": documents.document_id(other), "name": "Count", "type": "query", "body": other}]}  # fmt: skip
    apollo.write_text(json.dumps(body), encoding="utf-8")
    wrong = tmp_path / "wrong.graphql"
    wrong.write_text("query Nope { nothingHere }", encoding="utf-8")

    refused = cli("documents", "add", str(one), str(wrong))
    assert refused.exit_code == 1
    assert "wrong.graphql" in refused.stderr
    assert "nothingHere" in refused.stderr
    assert "sha256:" not in cli("documents", "list").stdout  # nothing registered

    added = cli("documents", "add", str(one), str(codegen), str(apollo))
    assert added.exit_code == 0, added.stderr
    lines = sorted(added.stdout.splitlines())
    assert lines == sorted(  # the document given twice is registered once
        [f"sha256:{DIGEST}\tadded\tNames", f"sha256:{documents.document_id(other)}\tadded\tCount"]
    )
    listed = cli("documents", "list").stdout
    assert DIGEST in listed
    assert documents.document_id(other) in listed
    assert cli("documents", "remove", f"sha256:{DIGEST}").exit_code == 0
    assert DIGEST not in cli("documents", "list").stdout
    assert cli("documents", "remove", f"sha256:{DIGEST}").exit_code == 1


def test_the_command_refuses_an_id_that_is_not_the_documents_hash(
    tmp_path: Path, graph: Database
) -> None:
    manifest = tmp_path / "forged.json"
    manifest.write_text(json.dumps({f"sha256:{DIGEST}": ADHOC}), encoding="utf-8")
    refused = cli("documents", "add", str(manifest))
    assert refused.exit_code == 1
    assert "not the SHA-256 of its document" in " ".join(refused.stderr.split())
