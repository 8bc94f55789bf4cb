"""A token bucket per API key, or per client address for requests without one: `burst`
requests at once, `per_s` a second sustained; beyond that 429 with `Retry-After`.

Health, readiness and metrics are never limited, so probes and scrapers work under load. With
ECOSYSTEM_REDIS_URL the buckets are shared by every instance (shared_state.py); without it each
process keeps its own, so N instances allow N times the limit.
"""

from __future__ import annotations

import math

from starlette.datastructures import Headers
from starlette.types import ASGIApp, Receive, Scope, Send

from ecosystem.api.errors import ErrorCode, refusal
from ecosystem.shared_state import SharedBuckets, SharedState

EXEMPT = frozenset({"/health", "/ready", "/metrics"})


class RateLimitMiddleware:
    def __init__(
        self, app: ASGIApp, burst: int, per_s: float, shared: SharedState | None = None
    ) -> None:
        self.app = app
        self.buckets = SharedBuckets(shared or SharedState(None), "requests", burst, per_s)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"] in EXEMPT:
            await self.app(scope, receive, send)
            return
        wait = await self.buckets.take(self.key(scope))
        if not wait:
            await self.app(scope, receive, send)
            return
        retry = max(1, math.ceil(wait))
        message = f"Too many requests; try again in {retry} s."
        headers = {"retry-after": str(retry)}
        refused = refusal(scope, ErrorCode.RATE_LIMITED, message, 429, headers, retryAfter=retry)
        await refused(scope, receive, send)

    @staticmethod
    def key(scope: Scope) -> str:
        """The API key's name when the request carried one (the auth middleware, before this
        one, has checked it), else the client's address: anonymous clients share no bucket."""
        name = getattr(scope.get("state", {}).get("principal"), "name", None)
        if name and "authorization" in Headers(scope=scope):
            return f"key:{name}"
        client = scope.get("client")
        return f"address:{client[0] if client else '-'}"
