"""Token buckets and RateLimitMiddleware on a tiny app (no database, a clock we move)."""

from __future__ import annotations

import httpx
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import PlainTextResponse
from starlette.routing import Route

from ecosystem.buckets import TokenBuckets
from ecosystem.middleware.ratelimit import RateLimitMiddleware


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_a_bucket_allows_its_burst_then_refills_at_its_rate() -> None:
    clock = Clock()
    buckets = TokenBuckets(burst=3, per_s=2.0, clock=clock)
    assert [buckets.take("a") for _ in range(3)] == [0.0, 0.0, 0.0]
    assert buckets.take("a") == 0.5  # one token at 2 a second
    assert buckets.take("b") == 0.0  # another key has its own bucket
    clock.now += 0.5
    assert buckets.take("a") == 0.0


def test_idle_full_buckets_are_forgotten_and_memory_is_bounded() -> None:
    clock = Clock()
    buckets = TokenBuckets(burst=2, per_s=1.0, max_keys=3, clock=clock)
    for key in "abcde":
        buckets.take(key)
    assert list(buckets.buckets) == ["c", "d", "e"]  # the longest idle went first
    clock.now += 10  # all full again: a new bucket would be the same
    buckets.take("f")
    assert list(buckets.buckets) == ["f"]


async def ok(request: Request) -> PlainTextResponse:
    return PlainTextResponse("ok")


def client() -> httpx.AsyncClient:
    app = Starlette(
        routes=[Route("/graphql", ok), Route("/health", ok)],
        middleware=[Middleware(RateLimitMiddleware, burst=2, per_s=0.001)],
    )
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://test")


async def test_beyond_the_burst_a_client_gets_429_with_retry_after() -> None:
    async with client() as http:
        statuses = [(await http.get("/graphql")).status_code for _ in range(3)]
        refused = await http.get("/graphql")
        health = [(await http.get("/health")).status_code for _ in range(5)]
    assert statuses == [200, 200, 429]
    extensions = refused.json()["errors"][0]["extensions"]
    assert refused.headers["retry-after"] == str(extensions["retryAfter"])
    assert extensions["code"] == "RATE_LIMITED"
    assert health == [200] * 5  # probes are never limited
