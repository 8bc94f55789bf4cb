"""A token bucket per API key, or per client address for requests without one: `burst`
requests at once, `per_s` a second sustained; beyond that 429 with `Retry-After`.

Health, readiness and metrics are never limited, so probes and scrapers work under load. The
buckets live in the process: behind several workers, each keeps its own.
"""

from __future__ import annotations

import math
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

from starlette.datastructures import Headers
from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Receive, Scope, Send

from ecosystem.api.errors import ErrorCode, refusal_body

EXEMPT = frozenset({"/health", "/ready", "/metrics"})


@dataclass
class Bucket:
    tokens: float
    at: float  # when `tokens` was counted


class TokenBuckets:
    """Buckets by key, least recently used first. A bucket idle long enough to have filled
    up again is dropped: a new one would be the same. `max_keys` bounds memory even so (a
    flood of addresses), at the price of forgetting the longest idle bucket early."""

    def __init__(
        self,
        burst: int,
        per_s: float,
        max_keys: int = 10_000,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.burst, self.per_s, self.max_keys, self.clock = burst, per_s, max_keys, clock
        self.buckets: OrderedDict[str, Bucket] = OrderedDict()

    def take(self, key: str) -> float:
        """0 if a request may go ahead (it is counted), else the seconds until one may."""
        now = self.clock()
        self._evict(now)
        bucket = self.buckets.pop(key, None) or Bucket(self.burst, now)
        bucket.tokens = min(self.burst, bucket.tokens + (now - bucket.at) * self.per_s)
        bucket.at = now
        self.buckets[key] = bucket
        if bucket.tokens >= 1:
            bucket.tokens -= 1
            return 0.0
        return (1 - bucket.tokens) / self.per_s

    def _evict(self, now: float) -> None:
        refilled = self.burst / self.per_s
        while self.buckets:
            key, oldest = next(iter(self.buckets.items()))
            if now - oldest.at < refilled and len(self.buckets) < self.max_keys:
                return
            del self.buckets[key]


class RateLimitMiddleware:
    def __init__(self, app: ASGIApp, burst: int, per_s: float) -> None:
        self.app = app
        self.buckets = TokenBuckets(burst, per_s)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"] in EXEMPT:
            await self.app(scope, receive, send)
            return
        wait = self.buckets.take(self.key(scope))
        if not wait:
            await self.app(scope, receive, send)
            return
        retry = max(1, math.ceil(wait))
        message = f"Too many requests; try again in {retry} s."
        body = refusal_body(ErrorCode.RATE_LIMITED, message, retryAfter=retry)
        await JSONResponse(body, 429, {"retry-after": str(retry)})(scope, receive, send)

    @staticmethod
    def key(scope: Scope) -> str:
        """The API key's name when the request carried one (the auth middleware, before this
        one, has checked it), else the client's address: anonymous clients share no bucket."""
        name = getattr(scope.get("state", {}).get("principal"), "name", None)
        if name and "authorization" in Headers(scope=scope):
            return f"key:{name}"
        client = scope.get("client")
        return f"address:{client[0] if client else '-'}"
