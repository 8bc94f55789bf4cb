"""The Starlette application: routes, middleware and the driver's lifespan. Wiring only."""

from __future__ import annotations

import asyncio
import contextlib
import gc
import logging
from collections.abc import AsyncIterator
from typing import TYPE_CHECKING, Any

from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from ecosystem import graph
from ecosystem.api import pages
from ecosystem.api.auth import AuthMiddleware
from ecosystem.api.export import export
from ecosystem.api.schema import build_schema
from ecosystem.api.view import GraphQLView
from ecosystem.graph import Database, DatabaseUnavailable
from ecosystem.limits import Limits
from ecosystem.metrics import Metrics
from ecosystem.middleware.bodylimit import BodyLimitMiddleware
from ecosystem.middleware.observe import ObserveMiddleware
from ecosystem.middleware.ratelimit import RateLimitMiddleware
from ecosystem.settings import Settings
from ecosystem.shared_state import SharedState

if TYPE_CHECKING:  # imported only when tracing is on: see tracing()
    from ecosystem.api.tracing import Tracing

log = logging.getLogger("ecosystem.app")
LOOPBACK = frozenset({"127.0.0.1", "localhost", "::1"})


def settle_heap() -> None:
    """Start-up's objects (schema, compiler plans, modules: ~160,000) moved out of the
    collector's sight, once per process. Otherwise every full collection walks them again,
    and a large answer's allocations trigger full collections: 325 ms of GC per whole-network
    request at scale 500, 7 ms with them frozen (bench/README.md)."""
    if gc.get_freeze_count() == 0:
        gc.collect()
        gc.freeze()


class ExposedPublicRead(RuntimeError):
    """The production profile will not serve anonymous reads on a public address."""


async def health(request: Request) -> Response:
    """The process is up. Touches nothing else, so orchestrators can tell a hung process."""
    return JSONResponse({"status": "ok"})


async def ready(request: Request) -> Response:
    """Ready when Neo4j answers and every migration in `schema/migrations` is applied. A graph
    a newer release has migrated is said (`behind`) but keeps the instance ready: in a rolling
    upgrade the old instances go on serving reads while the new ones start (their writes that
    would keep derived facts the old way are refused, derived/keeping.py)."""
    db: Database = request.app.state.db
    loaded = request.app.state.migrations
    try:
        done = await graph.migrations.recorded(db)
    except DatabaseUnavailable as error:
        return JSONResponse(
            {"status": "unavailable", "reason": "database unreachable", "detail": str(error)[:300]},
            status_code=503,
        )
    if todo := graph.migrations.unapplied(done, loaded):
        return JSONResponse(
            {
                "status": "unavailable",
                "reason": "migrations pending",
                "pending": [f"{m.version:04d}_{m.name}" for m in todo],
            },
            status_code=503,
        )
    body: dict[str, Any] = {"status": "ready", "migration": graph.migrations.latest(loaded)}
    if behind := graph.migrations.newer(done, loaded):
        body["behind"] = behind
    return JSONResponse(body)


async def unexpected_error(request: Request, error: Exception) -> Response:
    """Outside GraphQL too, a crash is logged with the request id and masked for the client."""
    request_id = request.scope.get("state", {}).get("request_id", "-")
    log.error("unexpected error [request %s] on %s", request_id, request.url.path, exc_info=error)
    body = {
        "errors": [
            {
                "message": "Internal server error.",
                "extensions": {"code": "INTERNAL_ERROR", "requestId": request_id},
            }
        ]
    }
    return JSONResponse(body, status_code=500)


async def metrics(request: Request) -> Response:
    registry = request.app.state.metrics.registry
    return Response(generate_latest(registry), media_type=CONTENT_TYPE_LATEST)


def cors(settings: Settings) -> list[Middleware]:
    """Browsers on the allowed origins may call the API and read its answers, refusals too."""
    if not settings.cors_origins:
        return []
    return [
        Middleware(
            CORSMiddleware,
            allow_origins=settings.cors_origins,
            allow_methods=["GET", "POST"],
            allow_headers=[
                "Authorization",
                "Content-Type",
                "X-Request-Id",
                "traceparent",
                "tracestate",
            ],
            expose_headers=["X-Request-Id", "Retry-After"],
        )
    ]


def request_limits(settings: Settings, shared: SharedState) -> list[Middleware]:
    limits = Limits.from_settings(settings)
    rate = Middleware(
        RateLimitMiddleware, burst=limits.rate_burst, per_s=limits.rate_per_s, shared=shared
    )
    body = Middleware(BodyLimitMiddleware, max_bytes=limits.body_bytes)
    return [rate, body] if settings.rate_limit else [body]


def tracing(settings: Settings) -> Tracing | None:
    """OpenTelemetry's provider and hooks when an OTLP endpoint is set. Otherwise None, and
    its tracing is never imported: without a collector the `otel` extra is not needed."""
    if not settings.otlp_endpoint:
        return None
    try:
        from ecosystem.api.tracing import Tracing  # noqa: PLC0415  (only when configured)
    except ImportError as error:
        raise RuntimeError(
            f"an OTLP endpoint is set ({settings.otlp_endpoint}) but OpenTelemetry is not "
            f"installed ({error.name}): pip install 'ecosystem[otel]'"
        ) from error
    return Tracing(settings)


def create_app(settings: Settings | None = None) -> Starlette:
    settings = settings or Settings()
    if settings.production and settings.public_read and settings.host not in LOOPBACK:
        raise ExposedPublicRead(
            f"ECOSYSTEM_PUBLIC_READ is on and the API would listen on {settings.host}: in "
            "production, anonymous reads are served on loopback only (behind a proxy you "
            "control). Turn ECOSYSTEM_PUBLIC_READ off, or listen on 127.0.0.1."
        )
    if settings.public_read and settings.host not in LOOPBACK:
        log.warning(
            "ECOSYSTEM_PUBLIC_READ is on and the API listens on %s: anyone who reaches it "
            "reads every public field without a key",
            settings.host,
        )
    app_metrics = Metrics()
    traced = tracing(settings)
    schema = build_schema(settings=settings, extensions=[traced.extension()] if traced else [])
    graphql = GraphQLView(schema, settings, app_metrics, traced)
    shared = SharedState.from_settings(settings, app_metrics)  # buckets and revocations

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        app.state.db = Database(settings, app_metrics, traced.transactions() if traced else None)
        settle_heap()
        try:
            async with shared.watching():
                yield
        finally:
            await app.state.db.close()
            if traced:  # the spans still buffered are sent (a blocking HTTP call)
                await asyncio.to_thread(traced.shutdown)

    routes = [
        Route("/graphql", graphql, methods=["GET", "POST"]),
        Route("/health", health, methods=["GET"]),
        Route("/ready", ready, methods=["GET"]),
        Route("/metrics", metrics, methods=["GET"]),
        Route("/export/{format}", export, methods=["GET"]),
        *pages.routes(settings),
    ]
    middleware = [
        Middleware(ObserveMiddleware, metrics=app_metrics, routes=routes),
        *([traced.middleware()] if traced else []),  # after Observe: the request id is set
        *cors(settings),  # before auth: a preflight carries no key
        Middleware(AuthMiddleware, settings=settings, shared=shared),
        *request_limits(settings, shared),  # after auth: the rate limit counts per key
    ]
    app = Starlette(
        routes=routes,
        middleware=middleware,
        lifespan=lifespan,
        exception_handlers={Exception: unexpected_error},
    )
    app.state.settings = settings
    app.state.metrics = app_metrics
    app.state.migrations = graph.migrations.load(settings.migrations_dir)
    return app
