"""Who is asking: the API key in `Authorization: Bearer <key>`, or anonymous.

A pure ASGI middleware. It sets `scope["state"]["principal"]` for everything after it (the
GraphQL context, exports, the rate limiter). An unknown or revoked key, or a request without
one where anonymous reads are off, is refused with 401 before any other work. Keys are looked
up by their hash and cached for `key_cache_s`, so a revoked key stops working within that;
with ECOSYSTEM_REDIS_URL, within a second: a revocation told through Redis drops the key from
every instance's cache (shared_state.py).

A key not in the cache costs a database lookup. Unknown keys are metered per client address
(`unknown_key_burst`, `unknown_key_per_s`): once an address has used its budget, its requests
with a key not yet known are refused (429) before any lookup, and an unknown key is remembered
as unknown for `key_cache_s`. A client sending made-up keys cannot make the API query Neo4j
faster than its budget; known keys, however many share an address, never spend it. With
Redis the budget is shared by every instance.
"""

from __future__ import annotations

import math

from cachetools import TTLCache
from starlette.datastructures import Headers
from starlette.types import ASGIApp, Receive, Scope, Send

from ecosystem import graph
from ecosystem.api.errors import ErrorCode, refusal
from ecosystem.domain.access import Principal, Role, anonymous
from ecosystem.graph import Database, DatabaseUnavailable
from ecosystem.limits import Limits
from ecosystem.settings import Settings
from ecosystem.shared_state import SharedBuckets, SharedState

OPEN_PATHS = frozenset({"/health", "/ready", "/metrics"})
UNKNOWN = "unknown or revoked API key"


class LookupsExhausted(Exception):
    """This client address has sent its budget of unknown keys for now."""

    def __init__(self, wait: float) -> None:
        super().__init__(f"retry in {wait:.1f} s")
        self.wait = wait


class AuthMiddleware:
    def __init__(self, app: ASGIApp, settings: Settings, shared: SharedState | None = None) -> None:
        self.app = app
        self.anonymous = anonymous(settings.public_read)
        self.cache: TTLCache[str, Principal] = TTLCache(maxsize=10_000, ttl=settings.key_cache_s)
        self.unknown: TTLCache[str, bool] = TTLCache(maxsize=10_000, ttl=settings.key_cache_s)
        self.forgotten = 0  # revocations heard of: a lookup older than one is not cached
        shared = shared or SharedState(None)
        shared.on_revoked(self.forget)
        limits = Limits.from_settings(settings)
        self.lookups = (
            SharedBuckets(
                shared, "unknown-keys", limits.unknown_key_burst, limits.unknown_key_per_s
            )
            if settings.rate_limit
            else None
        )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"] in OPEN_PATHS:
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        try:
            principal, reason = await self.identify(scope, headers.get("authorization"))
        except DatabaseUnavailable:  # keys live in Neo4j: no database, no way to check one
            message = "The database is unavailable."
            await refusal(scope, ErrorCode.DATABASE_UNAVAILABLE, message, 503)(scope, receive, send)
            return
        except LookupsExhausted as exhausted:
            retry = max(1, math.ceil(exhausted.wait))
            message = f"Too many unknown API keys from this address; try again in {retry} s."
            headers_ = {"retry-after": str(retry)}
            refused = refusal(scope, ErrorCode.RATE_LIMITED, message, 429, headers_,
                              retryAfter=retry)  # fmt: skip
            await refused(scope, receive, send)
            return
        if principal is not None and not principal.grant.read and _guarded(scope, headers):
            principal, reason = None, "an API key is required (Authorization: Bearer <key>)"
        if principal is None:
            challenge = {"www-authenticate": "Bearer"}
            await refusal(scope, ErrorCode.UNAUTHENTICATED, reason, 401, challenge)(
                scope, receive, send
            )
            return
        scope.setdefault("state", {})["principal"] = principal
        await self.app(scope, receive, send)

    async def identify(self, scope: Scope, header: str | None) -> tuple[Principal | None, str]:
        if header is None:
            return self.anonymous, ""
        scheme, _, key = header.partition(" ")
        if scheme.lower() != "bearer" or not key.strip():
            return None, "send the key as Authorization: Bearer <key>"
        key = key.strip()
        if key in self.unknown:
            return None, UNKNOWN
        principal = self.cache.get(key)
        if principal is None:
            address = _address(scope)
            if self.lookups is not None and (wait := await self.lookups.wait(address)):
                raise LookupsExhausted(wait)
            db: Database = scope["app"].state.db
            forgotten = self.forgotten
            stored = await graph.keys.find(db, key)
            if stored is None:
                self.unknown[key] = True
                if self.lookups is not None:
                    await self.lookups.take(address)
                return None, UNKNOWN
            principal = Principal(stored.name, Role(stored.role), stored.organisation)
            if forgotten == self.forgotten:  # else it may have been revoked since it was read
                self.cache[key] = principal
        return principal, ""

    def forget(self, name: str | None) -> None:
        """Drop the cached lookups of the key `name` (None: of every key): it was revoked."""
        self.forgotten += 1
        if name is None:
            self.cache.clear()
            return
        for key in [key for key, principal in self.cache.items() if principal.name == name]:
            self.cache.pop(key, None)


def _address(scope: Scope) -> str:
    client = scope.get("client")
    return client[0] if client else "-"


def _guarded(scope: Scope, headers: Headers) -> bool:
    """Paths that answer with data; the IDE page a browser asks for holds none."""
    path: str = scope["path"]
    if path == "/graphql":
        return not (scope["method"] == "GET" and "text/html" in headers.get("accept", ""))
    return path.startswith("/export")
