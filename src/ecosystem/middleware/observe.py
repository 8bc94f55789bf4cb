"""Gives each HTTP request an id (`X-Request-Id`), counts and times it by route, counts a
middleware's refusal by its code, and logs one access line for it (logs.py)."""

from __future__ import annotations

import logging
import re
import time
import uuid
from collections.abc import Collection

from starlette.datastructures import MutableHeaders
from starlette.routing import Mount, Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ecosystem.graph import TRANSACTION_METADATA, begin_metadata
from ecosystem.logs import ACCESS
from ecosystem.metrics import Metrics

access = logging.getLogger(ACCESS)

# A client may pass its own id for tracing, if it is short and plain; otherwise we make one.
_CLIENT_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")


class ObserveMiddleware:
    def __init__(self, app: ASGIApp, metrics: Metrics, routes: Collection[Route | Mount]) -> None:
        self.app = app
        self.metrics = metrics
        self.routes = tuple(routes)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request_id = self._request_id(scope)
        scope.setdefault("state", {})["request_id"] = request_id
        begin_metadata(requestId=request_id)  # on every Neo4j transaction of this request
        route = self._route(scope["path"])
        status = 500
        started = time.perf_counter()

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                MutableHeaders(scope=message)["x-request-id"] = request_id
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        finally:
            seconds = time.perf_counter() - started
            self.metrics.requests.labels(route, scope["method"], str(status)).inc()
            self.metrics.request_seconds.labels(route).observe(seconds)
            refused = scope["state"].get("refused")
            if refused:
                self.metrics.errors.labels(refused).inc()
            _log_access(scope, route, status, seconds)

    def _route(self, path: str) -> str:
        """The route's template (`/export/{format}`): a bounded label, whatever the path."""
        for route in self.routes:
            if route.path_regex.match(path):
                return route.path
        return "other"

    @staticmethod
    def _request_id(scope: Scope) -> str:
        for name, value in scope["headers"]:
            if name == b"x-request-id":
                text = str(value.decode("latin-1"))
                if _CLIENT_ID.match(text):
                    return text
        return uuid.uuid4().hex


def _log_access(scope: Scope, route: str, status: int, seconds: float) -> None:
    """One line a request: a message people read, and the same as fields for JSON lines."""
    if not access.isEnabledFor(logging.INFO):
        return
    state = scope["state"]
    principal = state.get("principal")
    fields = {
        "requestId": state["request_id"],
        "method": scope["method"],
        "path": scope["path"],
        "route": route,
        "status": status,
        "durationMs": round(seconds * 1000, 1),
        "key": getattr(principal, "name", None),
        "role": getattr(getattr(principal, "role", None), "value", None),
        "operation": TRANSACTION_METADATA.get({}).get("operation"),
        "refused": state.get("refused"),
    }
    words = " ".join(f"{k}={v}" for k, v in fields.items() if v is not None and k not in _SHOWN)
    access.info(
        "%s %s %s %.1fms %s", scope["method"], scope["path"], status, seconds * 1000, words,
        extra=fields,
    )  # fmt: skip


_SHOWN = frozenset({"method", "path", "status", "durationMs"})  # already in the message
