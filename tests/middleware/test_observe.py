"""ObserveMiddleware: request ids, and requests counted by route template (no database)."""

from __future__ import annotations

import httpx
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import PlainTextResponse
from starlette.routing import Route

from ecosystem.metrics import Metrics
from ecosystem.middleware.observe import ObserveMiddleware


async def named(request: Request) -> PlainTextResponse:
    return PlainTextResponse(request.scope["state"]["request_id"])


def client(metrics: Metrics) -> httpx.AsyncClient:
    routes = [Route("/items/{name}", named)]
    app = Starlette(
        routes=routes, middleware=[Middleware(ObserveMiddleware, metrics=metrics, routes=routes)]
    )
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://test")


def requests(metrics: Metrics, route: str, status: str) -> float:
    labels = {"route": route, "method": "GET", "status": status}
    return metrics.registry.get_sample_value("ecosystem_http_requests_total", labels) or 0.0


async def test_each_request_gets_an_id_the_app_sees_too() -> None:
    async with client(Metrics()) as http:
        first, second = await http.get("/items/a"), await http.get("/items/a")
    assert first.headers["x-request-id"] == first.text
    assert len(first.text) == 32
    assert first.text != second.text


async def test_a_plain_client_id_is_kept_and_anything_else_replaced() -> None:
    async with client(Metrics()) as http:
        kept = await http.get("/items/a", headers={"x-request-id": "portal-42.retry_1"})
        replaced = await http.get("/items/a", headers={"x-request-id": "a b\\c" * 20})
    assert kept.headers["x-request-id"] == "portal-42.retry_1"
    assert replaced.headers["x-request-id"] != "a b\\c" * 20


async def test_requests_are_counted_by_route_template_not_path() -> None:
    metrics = Metrics()
    async with client(metrics) as http:
        for name in ("a", "b", "c"):
            await http.get(f"/items/{name}")
        await http.get("/nowhere")
    assert requests(metrics, "/items/{name}", "200") == 3
    assert requests(metrics, "other", "404") == 1
