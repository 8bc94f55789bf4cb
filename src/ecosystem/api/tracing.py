"""OpenTelemetry tracing of the API, when an OTLP endpoint is set (`settings.otlp_endpoint`).

Imported only then (app.py): without an endpoint neither this module nor OpenTelemetry's
tracing SDK is loaded, and no exporter thread runs. With one, each request is one trace, sent
in batches over OTLP/HTTP: the HTTP server span (the ASGI instrumentation), the GraphQL
operation inside it (Strawberry's extension, or the repeat-query path's span of its own), and
inside that a span for each Neo4j transaction (graph/database.py). Each carries the request
id (`X-Request-Id`, the access log's); the operation's span its name and type. No value a
client sent travels with them: not the document, the variables, resolver arguments, a URL's
query string or Cypher's parameters.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Generator, Iterator
from contextlib import AbstractContextManager, contextmanager
from typing import Any
from urllib.parse import urlsplit

from graphql import GraphQLResolveInfo
from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter
from opentelemetry.instrumentation.asgi import OpenTelemetryMiddleware
from opentelemetry.sdk.resources import OTELResourceDetector, Resource
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import BatchSpanProcessor
from opentelemetry.trace import Span, SpanKind
from starlette.middleware import Middleware
from starlette.types import Scope
from strawberry.extensions import LifecycleStep, SchemaExtension
from strawberry.extensions.tracing import OpenTelemetryExtension
from strawberry.types.execution import ExecutionContext

from ecosystem import __version__
from ecosystem.api.context import Context
from ecosystem.graph import TRANSACTION_METADATA
from ecosystem.settings import Settings

SERVICE = "ecosystem"
REQUEST_ID = "ecosystem.request_id"
OPERATION_NAME = "graphql.operation.name"
OPERATION_TYPE = "graphql.operation.type"
# Liveness probes and metric scrapes come every few seconds and touch nothing worth a trace.
UNTRACED = "/health,/metrics"
# Where the ASGI instrumentation puts a URL's query string (a GET's variables are values).
_WITH_QUERY = ("http.url", "url.full", "http.target")


class Tracing:
    """A tracer provider that exports in batches to the collector, and the hooks into it."""

    def __init__(self, settings: Settings) -> None:
        # Ours first, then what OTEL_SERVICE_NAME and OTEL_RESOURCE_ATTRIBUTES say.
        ours = Resource.create({"service.name": SERVICE, "service.version": __version__})
        self.provider = TracerProvider(resource=ours.merge(OTELResourceDetector().detect()))
        exporter = OTLPSpanExporter(endpoint=traces_url(settings.otlp_endpoint or ""))
        self.provider.add_span_processor(BatchSpanProcessor(exporter))
        self.settings = settings

    def middleware(self) -> Middleware:
        """The ASGI instrumentation: the request's server span, and context from `traceparent`."""
        return Middleware(
            OpenTelemetryMiddleware,
            tracer_provider=self.provider,
            server_request_hook=_server_span,
            excluded_urls=UNTRACED,
        )

    def extension(self) -> Callable[[], SchemaExtension]:
        """The GraphQL operation's spans (Strawberry's extension, with our attributes)."""
        return lambda: TracedOperations(tracer_provider=self.provider)

    @contextmanager
    def operation(self, name: str | None, request_id: str) -> Iterator[None]:
        """The span of an operation answered on the repeat-query path (a query, parsed before)."""
        tracer = self.provider.get_tracer("ecosystem.graphql", __version__)
        attributes = {OPERATION_TYPE: "query", REQUEST_ID: request_id}
        if name:
            attributes[OPERATION_NAME] = name
        with tracer.start_as_current_span(span_name("query", name), attributes=attributes):
            yield

    def transactions(self) -> Callable[[str], AbstractContextManager[Span]]:
        """Opens the span of one Neo4j transaction by its name (`neo4j.read`), for `Database`."""
        tracer = self.provider.get_tracer("ecosystem.neo4j", __version__)
        server = urlsplit(self.settings.bolt_uri)
        common: dict[str, Any] = {
            "db.system": "neo4j",  # the semantic conventions' older name, and the newer
            "db.system.name": "neo4j",
            "db.namespace": self.settings.neo4j_database,
            "server.address": server.hostname or "",
            "server.port": server.port or 7687,
        }

        def span(name: str) -> AbstractContextManager[Span]:
            attributes = dict(common)
            if request_id := TRANSACTION_METADATA.get({}).get("requestId"):
                attributes[REQUEST_ID] = request_id
            return tracer.start_as_current_span(name, kind=SpanKind.CLIENT, attributes=attributes)

        return span

    def shutdown(self) -> None:
        """Send what is buffered and stop the exporter's thread."""
        self.provider.shutdown()


class TracedOperations(OpenTelemetryExtension):
    """Strawberry's spans (parsing, validation, resolvers) under an operation span of ours,
    which is current while the operation runs, so the Neo4j transactions its resolvers run
    nest under it; named once the document is parsed (`query Read`). Unlike Strawberry's own,
    it carries neither the document nor any argument's value."""

    def on_operation(self) -> Generator[None, None, None]:
        with self._tracer.start_as_current_span("GraphQL operation") as span:
            self._span_holder[LifecycleStep.OPERATION] = span
            yield
            _name_operation(span, self.execution_context)

    def filter_resolver_args(
        self, args: dict[str, Any], info: GraphQLResolveInfo[Any]
    ) -> dict[str, Any]:
        return {}  # arguments are values a client sent


def _name_operation(span: Span, execution: ExecutionContext) -> None:
    name = execution.operation_name
    try:
        kind: str | None = execution.operation_type.value
    except RuntimeError:  # the document did not parse: no operation
        kind = None
    span.update_name(span_name(kind or "GraphQL", name))
    if name:
        span.set_attribute(OPERATION_NAME, name)
    if kind:
        span.set_attribute(OPERATION_TYPE, kind)
    context = execution.context
    if isinstance(context, Context):
        span.set_attribute(REQUEST_ID, context.request_id)


def span_name(kind: str, name: str | None) -> str:
    """`query Read`, as the semantic conventions name a GraphQL operation's span."""
    return f"{kind} {name}" if name else kind


def traces_url(endpoint: str) -> str | None:
    """`<endpoint>/v1/traces`, unless OTEL_EXPORTER_OTLP_TRACES_ENDPOINT names the traces'
    URL itself (None: the exporter reads it, as the OTLP specification says)."""
    if os.environ.get("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"):
        return None
    return endpoint.rstrip("/") + "/v1/traces"


def _server_span(span: Span, scope: Scope) -> None:
    """The request id (ObserveMiddleware, outside this one, made it), and the URL without its
    query string."""
    if not span.is_recording():
        return
    span.set_attribute(REQUEST_ID, scope.get("state", {}).get("request_id", "-"))
    if not scope.get("query_string"):
        return
    attributes = getattr(span, "attributes", None) or {}  # the SDK's span shows them
    for name in _WITH_QUERY:
        value = attributes.get(name)
        if isinstance(value, str) and "?" in value:
            span.set_attribute(name, value.partition("?")[0])
    if "url.query" in attributes:
        span.set_attribute("url.query", "")
