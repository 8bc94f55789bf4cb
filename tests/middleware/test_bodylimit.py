"""BodyLimitMiddleware on a tiny app that echoes the size of what it read (no database)."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from ecosystem.middleware.bodylimit import BodyLimitMiddleware


async def echo(request: Request) -> JSONResponse:
    return JSONResponse({"read": len(await request.body())})


def client(max_bytes: int) -> httpx.AsyncClient:
    app = Starlette(
        routes=[Route("/", echo, methods=["POST"])],
        middleware=[Middleware(BodyLimitMiddleware, max_bytes=max_bytes)],
    )
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://test")


async def chunks(sizes: list[int]) -> AsyncIterator[bytes]:
    for size in sizes:
        yield b"x" * size


async def test_a_body_within_the_limit_reaches_the_app() -> None:
    async with client(10) as http:
        response = await http.post("/", content=b"x" * 10)
    assert response.json() == {"read": 10}


async def test_a_declared_length_over_the_limit_is_refused_before_reading() -> None:
    async with client(10) as http:
        response = await http.post("/", content=b"x" * 11)
    assert response.status_code == 413
    assert response.headers["connection"] == "close"
    assert response.json()["errors"][0]["extensions"] == {"code": "PAYLOAD_TOO_LARGE", "max": 10}


async def test_a_chunked_body_is_counted_as_it_arrives() -> None:
    async with client(10) as http:
        small = await http.post("/", content=chunks([4, 4]))
        large = await http.post("/", content=chunks([4, 4, 4]))
    assert small.json() == {"read": 8}
    assert large.status_code == 413
