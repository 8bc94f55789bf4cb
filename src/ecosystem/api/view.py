"""The `/graphql` endpoint: Strawberry's ASGI view with our context and error format."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import orjson
from cross_web import HTTPException
from graphql import GraphQLError
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.types import Receive, Scope, Send
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL
from strawberry.http import GraphQLHTTPResponse, GraphQLRequestProtocol
from strawberry.http.ides import GraphQL_IDE
from strawberry.types import ExecutionResult

from ecosystem.api import pages
from ecosystem.api.context import Context
from ecosystem.api.cost import Pages
from ecosystem.api.documents import Registry, resolved
from ecosystem.api.errors import (
    EcosystemError,
    ErrorCode,
    code_of,
    format_error,
    http_error_body,
    refusal_body,
)
from ecosystem.api.extensions import forbidden_fields
from ecosystem.api.repeat_queries import RepeatQueries
from ecosystem.api.schema import Schema, build_compiler
from ecosystem.domain.access import anonymous
from ecosystem.graph import Database, DatabaseBusy, LargeAnswers, Reads, Writes
from ecosystem.limits import Limits
from ecosystem.metrics import Metrics
from ecosystem.settings import Settings

if TYPE_CHECKING:  # imported only when tracing is on (app.py)
    from ecosystem.api.tracing import Tracing

GRAPHQL_RESPONSE = "application/graphql-response+json"


def request_id_of(request: Request | WebSocket) -> str:
    return str(request.scope.get("state", {}).get("request_id", "-"))


def wants_graphql_response(request: Request) -> bool:
    """GraphQL-over-HTTP: clients that accept the new media type get its status codes."""
    return GRAPHQL_RESPONSE in request.headers.get("accept", "")


class GraphQLView(GraphQL[Context, None]):
    def __init__(
        self, schema: Schema, settings: Settings, metrics: Metrics, tracing: Tracing | None = None
    ) -> None:
        # GET serves queries only (Strawberry refuses mutations over GET).
        ide: GraphQL_IDE | None = "graphiql" if settings.graphql_ide else None  # off: 404
        super().__init__(schema, allow_queries_via_get=True, graphql_ide=ide)
        self.settings = settings
        self.limits = Limits.from_settings(settings)
        self.metrics = metrics
        self.tracing = tracing
        self.compiler = build_compiler(schema, settings)
        self.large_answers = LargeAnswers(
            self.limits.large_answers, self.limits.query_seconds, metrics
        )
        self.repeats = (
            RepeatQueries(schema._schema, Pages(self.limits), self.limits.cost)
            if settings.repeat_queries
            else None
        )
        self.documents = Registry()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":  # no subscriptions: the API is queries and mutations
            raise ValueError(f"unsupported scope type {scope['type']!r}")
        found = await resolved(Request(scope, receive), self.documents, self.settings)
        if isinstance(found, Response):  # a document id refused: nothing ran
            await found(scope, receive, send)
            return
        request = found
        try:
            response = await self.repeat(request) or await self.run(request)
        except HTTPException as error:
            body = http_error_body(error.status_code, error.reason)
            response = JSONResponse(body, status_code=error.status_code)
        except EcosystemError as error:  # a batch over the limit
            body = refusal_body(error.code, str(error), **error.details)
            response = JSONResponse(body, status_code=400)
        state = request.scope.setdefault("state", {})
        if state.get("busy"):  # nothing was written: say when to send it again
            response.headers["retry-after"] = str(DatabaseBusy.retry_after_s)
        if wants_graphql_response(request) and response.media_type == "application/json":
            response.headers["content-type"] = GRAPHQL_RESPONSE + "; charset=utf-8"
            if state.get("graphql_request_error") and response.status_code == 200:
                response.status_code = 400  # the spec's answer to a document that never ran
            elif state.get("busy") == "no data" and response.status_code == 200:
                response.status_code = 503  # the operation failed as a whole, for a while
        await response(scope, receive, send)

    async def repeat(self, request: Request) -> Response | None:
        """The answer to a repeat query, straight from the graph's reads (repeat_queries.py),
        or None for the full path."""
        found = await RepeatQueries.key_of(request) if self.repeats else None
        if self.repeats is None or found is None:
            return None
        key, variables = found
        request.scope.setdefault("state", {})["repeat_key"] = key
        context = await self.get_context(request, None)
        if self.tracing is None or self.repeats.plans.get(key) is None:
            answered = await self.repeats.answer(key, variables, context)
        else:  # no Strawberry extension runs on this path: the operation's span is ours
            with self.tracing.operation(key[1], context.request_id):
                answered = await self.repeats.answer(key, variables, context)
        if answered is None:
            return None
        extensions = forbidden_fields(context.masked)
        body = self.report(request, answered.data, answered.errors, extensions)
        return Response(self.encode_json(body), media_type="application/json")

    def encode_json(self, data: object) -> bytes:
        """Responses as compact UTF-8 JSON by orjson: 8 ms where the standard library took 75–100
        for a province's collaboration network (3.5 MB) at scale 500; the same JSON value."""
        return orjson.dumps(data)

    def _validate_batch_request(
        self, request_data: list[Any], protocol: GraphQLRequestProtocol
    ) -> None:
        """A batch holds at most `limits.batch` operations, each a JSON object (Strawberry's
        own check answers a plain 400, and a batch of non-objects would crash it)."""
        count, most = len(request_data), self.limits.batch
        if count > most:
            raise EcosystemError(
                ErrorCode.LIMIT_EXCEEDED,
                f"{count} operations in one batch; at most {most}",
                limit="batch",
                max=most,
                operations=count,
            )
        if not request_data or not all(isinstance(item, dict) for item in request_data):
            raise HTTPException(400, "A batch is a non-empty JSON list of operations (objects).")
        super()._validate_batch_request(request_data, protocol)

    async def render_graphql_ide(self, request: Request) -> Response:
        """Our GraphiQL build (local assets, docs/questions.md's examples as tabs), not a CDN's."""
        return pages.page("graphiql")

    async def get_context(
        self, request: Request | WebSocket, response: Response | WebSocket | None
    ) -> Context:
        db: Database = request.app.state.db
        principal = request.scope.get("state", {}).get("principal")  # set by AuthMiddleware
        return Context(
            db=db,
            reads=Reads(db, self.compiler, self.large_answers),
            writes=Writes(db, self.compiler),
            settings=self.settings,
            limits=self.limits,
            metrics=self.metrics,
            request_id=request_id_of(request),
            principal=principal or anonymous(self.settings.public_read),
            documents=self.documents,
        )

    async def process_result(
        self,
        request: Request,
        result: ExecutionResult,
    ) -> GraphQLHTTPResponse:
        # An error before execution (syntax, validation) means no `data` entry at all.
        request_error = result.data is None and all(e.path is None for e in result.errors or ())
        request.scope.setdefault("state", {})["graphql_request_error"] = request_error
        data = None if request_error else result.data
        response = self.report(request, data, result.errors or [], result.extensions or {})
        if request_error:
            del response["data"]
        key = request.scope.get("state", {}).get("repeat_key")
        if self.repeats and key and not result.errors and result.data is not None:
            self.repeats.remember(key, self.compiler.compiles)
        return response

    def report(
        self,
        request: Request,
        data: dict[str, Any] | None,
        errors: list[GraphQLError],
        extensions: dict[str, Any],
    ) -> GraphQLHTTPResponse:
        """The response body of an operation, however it ran: errors coded and counted, and
        a busy database noted for the status and `Retry-After`."""
        response: GraphQLHTTPResponse = {"data": data}
        if errors:
            request_id = request_id_of(request)
            codes = {code_of(error) for error in errors}
            for error in errors:
                self.metrics.errors.labels(code_of(error).value).inc()
            response["errors"] = [format_error(e, request_id) for e in errors]
            if ErrorCode.DATABASE_BUSY in codes:
                whole = data is None and codes == {ErrorCode.DATABASE_BUSY}
                request.scope["state"]["busy"] = "no data" if whole else "partly"
        if extensions:
            response["extensions"] = extensions
        return response
