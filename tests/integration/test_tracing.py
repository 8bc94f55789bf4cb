"""OpenTelemetry tracing: a real `ecosystem serve` exporting to a small OTLP/HTTP receiver.

One request is one trace: the HTTP server span, the GraphQL operation's span inside it, and
each Neo4j transaction inside that, all with the request id; no value a client sent is in any
span. Without an endpoint nothing of OpenTelemetry is imported or started.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx
import pytest
from opentelemetry.proto.collector.trace.v1.trace_service_pb2 import (
    ExportTraceServiceRequest,
    ExportTraceServiceResponse,
)
from opentelemetry.proto.common.v1.common_pb2 import AnyValue
from opentelemetry.proto.trace.v1.trace_pb2 import Span as SpanMessage

from ecosystem.api.tracing import Tracing, traces_url
from ecosystem.settings import Settings
from tests.support.processes import ECOSYSTEM, free_port, wait_for

# A value no span may carry: it is sent as a variable and in a GET's query string.
SECRET = "5ec4e75e-c4e7-4000-8000-5ec4e75ec4e7"
PROBE = "query Probe { organisations(first: 1) { totalCount } }"
FIND = "query Find($id: ID!) { node(id: $id) { id } }"


@dataclass(frozen=True)
class Span:
    trace_id: str
    span_id: str
    parent_id: str
    name: str
    kind: int
    scope: str
    attributes: dict[str, Any]
    resource: dict[str, Any]


def _value(value: AnyValue) -> Any:
    kind = value.WhichOneof("value")
    return getattr(value, kind) if kind else None


class Receiver(ThreadingHTTPServer):
    """An OTLP/HTTP collector's traces endpoint: keeps every span it is sent."""

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Export)
        self.spans: list[Span] = []
        self.lock = threading.Lock()

    def keep(self, request: ExportTraceServiceRequest) -> None:
        for resource_spans in request.resource_spans:
            resource = {a.key: _value(a.value) for a in resource_spans.resource.attributes}
            for scope_spans in resource_spans.scope_spans:
                for span in scope_spans.spans:
                    kept = Span(
                        trace_id=span.trace_id.hex(),
                        span_id=span.span_id.hex(),
                        parent_id=span.parent_span_id.hex(),
                        name=span.name,
                        kind=span.kind,
                        scope=scope_spans.scope.name,
                        attributes={a.key: _value(a.value) for a in span.attributes},
                        resource=resource,
                    )
                    with self.lock:
                        self.spans.append(kept)

    def of_request(self, request_id: str, timeout_s: float = 20.0) -> list[Span]:
        """The spans of one request's trace, once its server span has arrived."""
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            with self.lock:
                spans = list(self.spans)
            roots = [s for s in spans if s.kind == SpanMessage.SPAN_KIND_SERVER
                     and s.attributes.get("ecosystem.request_id") == request_id]  # fmt: skip
            if roots:
                time.sleep(0.3)  # the rest of the batch, if it was cut
                with self.lock:
                    return [s for s in self.spans if s.trace_id == roots[0].trace_id]
            time.sleep(0.1)
        raise AssertionError(f"no server span with request id {request_id} in {spans}")


class _Export(BaseHTTPRequestHandler):
    server: Receiver

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers["content-length"]))
        if self.path != "/v1/traces":
            self.send_error(404)
            return
        request = ExportTraceServiceRequest()
        request.ParseFromString(body)
        self.server.keep(request)
        answer = ExportTraceServiceResponse().SerializeToString()
        self.send_response(200)
        self.send_header("content-type", "application/x-protobuf")
        self.send_header("content-length", str(len(answer)))
        self.end_headers()
        self.wfile.write(answer)

    def log_message(self, format: str, *args: Any) -> None:
        pass  # quiet


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    server = Receiver()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture
def traced(receiver: Receiver, neo4j_server: str, tmp_path: Path) -> Iterator[str]:
    """`ecosystem serve` exporting to the receiver (as a collector would be named)."""
    port, log = free_port(), tmp_path / "serve.log"
    env = {
        **os.environ,
        "OTEL_EXPORTER_OTLP_ENDPOINT": f"http://127.0.0.1:{receiver.server_address[1]}",
        "OTEL_BSP_SCHEDULE_DELAY": "100",  # milliseconds between batches
        "ECOSYSTEM_PUBLIC_READ": "true",
        "ECOSYSTEM_LOG_LEVEL": "warning",
    }
    env.pop("ECOSYSTEM_OTLP_ENDPOINT", None)
    with log.open("w") as sink:
        server = subprocess.Popen(
            [ECOSYSTEM, "serve", "--port", str(port)], env=env, stdout=sink, stderr=sink
        )
    try:
        # Start-up takes seconds, and far more on a busy machine.
        try:
            wait_for(f"http://127.0.0.1:{port}/health", timeout_s=180)
        except httpx.TransportError:
            pytest.fail(f"ecosystem serve did not start:\n{log.read_text()[-3000:]}")
        yield f"http://127.0.0.1:{port}"
    finally:
        server.terminate()
        server.wait(timeout=30)


def ancestors(span: Span, spans: list[Span]) -> list[Span]:
    by_id = {s.span_id: s for s in spans}
    chain = []
    while span.parent_id in by_id:
        span = by_id[span.parent_id]
        chain.append(span)
    return chain


def one_trace(receiver: Receiver, request_id: str) -> tuple[Span, Span, list[Span]]:
    """The request's server span, its GraphQL operation's span, its Neo4j spans; checked to
    be one tree: Neo4j inside the operation, the operation inside the server span."""
    spans = receiver.of_request(request_id)
    (server,) = [s for s in spans if s.kind == SpanMessage.SPAN_KIND_SERVER]
    (operation,) = [s for s in spans if s.name == "query Probe"]
    neo4j = [s for s in spans if s.name.startswith("neo4j.")]
    assert neo4j, [s.name for s in spans]
    assert len({s.trace_id for s in spans}) == 1
    assert server in ancestors(operation, spans)
    for span in neo4j:
        assert operation in ancestors(span, spans)
    return server, operation, neo4j


def test_a_request_is_one_trace_down_to_neo4j(traced: str, receiver: Receiver) -> None:
    query = {"query": PROBE, "operationName": "Probe"}
    first = httpx.post(f"{traced}/graphql", json=query, headers={"x-request-id": "trace-1"})
    assert first.status_code == 200
    assert "errors" not in first.json()

    server, operation, neo4j = one_trace(receiver, "trace-1")
    assert server.scope == "opentelemetry.instrumentation.asgi"
    assert server.attributes["ecosystem.request_id"] == "trace-1"
    assert server.resource["service.name"] == "ecosystem"
    assert operation.attributes["graphql.operation.name"] == "Probe"
    assert operation.attributes["graphql.operation.type"] == "query"
    assert operation.attributes["ecosystem.request_id"] == "trace-1"
    (read,) = neo4j
    assert read.name == "neo4j.read"
    assert read.kind == SpanMessage.SPAN_KIND_CLIENT
    assert read.attributes["db.system"] == "neo4j"
    assert read.attributes["neo4j.statements"] == 1
    assert read.attributes["neo4j.attempts"] == 1
    assert read.attributes["ecosystem.request_id"] == "trace-1"

    # The same document again takes the repeat-query path (no Strawberry): the same tree.
    again = httpx.post(f"{traced}/graphql", json=query, headers={"x-request-id": "trace-2"})
    assert again.json() == first.json()
    _, operation, _ = one_trace(receiver, "trace-2")
    assert operation.scope == "ecosystem.graphql"
    assert operation.attributes["ecosystem.request_id"] == "trace-2"


def test_no_value_a_client_sent_is_in_a_span(traced: str, receiver: Receiver) -> None:
    variables = {"id": f"Organisation:{SECRET}"}
    posted = httpx.post(
        f"{traced}/graphql",
        json={"query": FIND, "variables": variables},
        headers={"x-request-id": "values-1"},
    )
    assert posted.status_code == 200
    params = {"query": FIND, "variables": json.dumps(variables)}
    got = httpx.get(f"{traced}/graphql", params=params, headers={"x-request-id": "values-2"})
    assert got.status_code == 200

    for request_id in ("values-1", "values-2"):
        spans = receiver.of_request(request_id)
        assert any(s.name.startswith("neo4j.") for s in spans)  # the lookup ran, traced
        for span in spans:
            for name, value in span.attributes.items():
                assert SECRET not in str(value), (span.name, name, value)


# What tracing loads. (Other libraries may load parts of OpenTelemetry when it is installed:
# redis-py's optional metrics import its metrics SDK; no tracer provider, no thread.)
TRACING = (
    "ecosystem.api.tracing",
    "opentelemetry.sdk.trace",
    "opentelemetry.exporter",
    "opentelemetry.instrumentation",
    "strawberry.extensions.tracing.opentelemetry",
)
CREATE_APP = f"""
import json, sys, threading
from ecosystem.app import create_app
from ecosystem.settings import Settings
create_app(Settings())
print(json.dumps({{
    "modules": sorted(m for m in sys.modules if m.startswith({TRACING!r})),
    "threads": sorted(t.name for t in threading.enumerate()),
}}))
"""


def created(endpoint: str | None) -> dict[str, list[str]]:
    """What creating the app loads and starts, in a fresh process."""
    env = {k: v for k, v in os.environ.items() if "OTLP" not in k}
    if endpoint:
        env["ECOSYSTEM_OTLP_ENDPOINT"] = endpoint
    done = subprocess.run(
        [sys.executable, "-c", CREATE_APP],
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    return dict(json.loads(done.stdout.splitlines()[-1]))


def test_without_an_endpoint_tracing_is_not_even_imported() -> None:
    assert created(None) == {"modules": [], "threads": ["MainThread"]}
    # The same check sees tracing when it is on: its modules loaded, the exporter's thread.
    configured = created("http://127.0.0.1:9")
    assert "ecosystem.api.tracing" in configured["modules"]
    assert "opentelemetry.sdk.trace" in configured["modules"]
    assert len(configured["threads"]) > 1


def test_the_standard_variable_names_the_endpoint(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("ECOSYSTEM_OTLP_ENDPOINT", raising=False)
    monkeypatch.delenv("OTEL_EXPORTER_OTLP_ENDPOINT", raising=False)
    assert Settings().otlp_endpoint is None
    monkeypatch.setenv("OTEL_EXPORTER_OTLP_ENDPOINT", "http://collector:4318")
    assert Settings().otlp_endpoint == "http://collector:4318"
    monkeypatch.setenv("ECOSYSTEM_OTLP_ENDPOINT", "http://ours:4318")  # ours wins
    assert Settings().otlp_endpoint == "http://ours:4318"


def test_spans_go_to_the_traces_path(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", raising=False)
    assert traces_url("http://collector:4318/") == "http://collector:4318/v1/traces"
    monkeypatch.setenv("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "http://elsewhere/traces")
    assert traces_url("http://collector:4318") is None  # the exporter reads it


def test_the_service_is_ecosystem_unless_otel_names_it(monkeypatch: pytest.MonkeyPatch) -> None:
    settings = Settings.model_validate({"ECOSYSTEM_OTLP_ENDPOINT": "http://127.0.0.1:9"})
    monkeypatch.delenv("OTEL_SERVICE_NAME", raising=False)
    for env, expected in ((None, "ecosystem"), ("portal-api", "portal-api")):
        if env:
            monkeypatch.setenv("OTEL_SERVICE_NAME", env)
        tracing = Tracing(settings)
        try:
            assert tracing.provider.resource.attributes["service.name"] == expected
        finally:
            tracing.shutdown()
