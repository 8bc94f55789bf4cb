"""Gives each HTTP request an id (`X-Request-Id`) and counts and times it by route."""

from __future__ import annotations

import re
import time
import uuid
from collections.abc import Collection

from starlette.datastructures import MutableHeaders
from starlette.routing import Mount, Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ecosystem.graph import with_metadata
from ecosystem.metrics import Metrics

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
        with_metadata(requestId=request_id)  # on every Neo4j transaction of this request
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
            self.metrics.requests.labels(route, scope["method"], str(status)).inc()
            self.metrics.request_seconds.labels(route).observe(time.perf_counter() - started)

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
