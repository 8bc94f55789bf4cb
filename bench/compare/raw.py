"""The raw contender: the Python async driver running the Cypher our compiler emits, over HTTP.

    BENCH_RAW_OPS=ops.json python -m uvicorn bench.compare.raw:create_app --factory …

No GraphQL. At start-up each operation of the JSON file (ours' document and its resolved
variable sets, by key) is compiled once per set by our compiler; `POST /<key>/<set>` then runs
that statement through `ecosystem.graph.database.Database` (the driver, session, transaction
function and timeout the API uses), finishes the answer as the API does (cursors, computed
fields; a chunked answer's rows as they arrive, in its turn: `graph.reads.run_compiled`) and answers
`{"data": …}` encoded by orjson, as the API does. What remains between this and ours is
GraphQL itself (parse, validate, execute), authentication, limits and metrics: the physical
limit for us under the same server, driver and HTTP stack.

The update is hand-written instead: the shortest Cypher that sets, versions, audits and reads
back, with the variables its request carries (a new website each time, as for the others).
Ours is one statement too, with what this one leaves out: the explicit lock before reading
`before`, the version check, the guard, and `before` written as JSON text.
"""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson
from graphql import FieldNode, FragmentDefinitionNode, OperationDefinitionNode, parse
from graphql.execution.values import get_variable_values
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route

from ecosystem.api.execution import plain_variables
from ecosystem.api.schema import Schema, build_compiler, build_schema
from ecosystem.graph.compiler import TRUSTED, Compiled
from ecosystem.graph.compiler.cypher import Statement as CompiledStatement
from ecosystem.graph.database import Database
from ecosystem.graph.reads import LargeAnswers, run_compiled
from ecosystem.settings import Settings

UPDATE = (
    "MATCH (o:Organisation {id: $id}) "
    "SET o.website = $website, o.version = o.version + 1, o.updatedAt = datetime() "
    "CREATE (:AuditEntry {id: randomUUID(), at: datetime(), actor: 'bench-raw', role: 'admin', "
    "operation: 'update', targetType: 'Organisation', targetId: o.id, before: $before, "
    "after: $after, source: 'ecosystem-audit', updatedAt: datetime()}) "
    "RETURN {id: 'Organisation:' + o.id, name: o.name, website: o.website} AS data"
)


@dataclass(frozen=True)
class Statement:
    field: str  # the response key of the root field
    cypher: str
    params: dict[str, Any]
    compiled: Compiled | None = None  # a read, run as the API runs it; None: the update

    def bound(self) -> dict[str, Any]:
        """The parameters as ours binds them when the statement runs (today's date…)."""
        return CompiledStatement(self.cypher, self.params).bound()


def compile_read(
    query: str, variables: dict[str, Any], settings: Settings, schema: Schema | None = None
) -> Statement:
    """The one statement the API runs for this document's root field, as the API builds it."""
    schema = schema or build_schema(settings=settings)
    document = parse(query)
    (operation,) = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    fragments = {
        d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)
    }
    coerced = get_variable_values(schema._schema, operation.variable_definitions or (), variables)
    if isinstance(coerced, list):
        raise ValueError(f"variables do not fit the document: {coerced}")
    (node,) = operation.selection_set.selections
    assert isinstance(node, FieldNode)
    compiled = build_compiler(schema, settings).compile(
        [node], fragments, plain_variables(coerced.coerced), TRUSTED
    )
    field = node.alias.value if node.alias else node.name.value
    return Statement(field, compiled.statement.cypher, compiled.statement.params, compiled)


def hand_written_update(variables: dict[str, Any]) -> Statement:
    raw_id = str(variables["id"]).removeprefix("Organisation:")
    change = json.dumps({"website": variables["website"]}, ensure_ascii=False)
    params = {"id": raw_id, "website": variables["website"], "before": None, "after": change}
    return Statement("updateOrganisation", UPDATE, params)


def statements(path: Path, settings: Settings) -> dict[str, Statement]:
    """Each operation's statements, by key and variable set: {"Key": {"query": …, "sets":
    [{…}, …]}} gives `Key/0`, `Key/1`…"""
    operations = json.loads(path.read_text(encoding="utf-8"))
    schema = build_schema(settings=settings)
    return {
        f"{key}/{index}": hand_written_update(variables)
        if op["query"].lstrip().startswith("mutation")
        else compile_read(op["query"], variables, settings, schema)
        for key, op in operations.items()
        for index, variables in enumerate(op["sets"])
    }


def create_app() -> Starlette:
    settings = Settings()
    prepared = statements(Path(os.environ["BENCH_RAW_OPS"]), settings)
    db = Database(settings)
    large = LargeAnswers(settings.large_answers_at_once, settings.query_timeout_s)  # as ours

    async def answer(request: Request) -> Response:
        statement = prepared[f"{request.path_params['key']}/{request.path_params['index']}"]
        if statement.compiled is not None:
            value = await run_compiled(db, statement.compiled, large)
        else:  # the values sent (a new website for each request), else the prepared ones
            sent = orjson.loads(await request.body() or b"{}")
            params = hand_written_update(sent).bound() if sent else statement.bound()
            value = (await db.write(statement.cypher, params))[0]["data"]
        body = orjson.dumps({"data": {statement.field: value}})
        return Response(body, media_type="application/json")

    async def ready(_: Request) -> Response:
        return PlainTextResponse("ready")

    @contextlib.asynccontextmanager
    async def lifespan(_: Starlette) -> AsyncIterator[None]:
        try:
            yield
        finally:
            await db.close()

    routes = [Route("/ready", ready), Route("/{key}/{index:int}", answer, methods=["POST"])]
    return Starlette(routes=routes, lifespan=lifespan)
