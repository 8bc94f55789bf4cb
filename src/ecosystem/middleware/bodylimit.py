"""Refuses request bodies over a size with 413: at once when Content-Length says so, and
while the body streams when it does not (chunked) or lies.

A streamed body is counted as the app reads it; the chunk that goes over ends the read, so no
more than the limit and one chunk is ever held, however much the client still means to send.
"""

from __future__ import annotations

from starlette.datastructures import Headers
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ecosystem.api.errors import ErrorCode, refusal


class _TooLarge(Exception):
    """Raised into the app from `receive`; the app does not catch it, so it ends here."""


class BodyLimitMiddleware:
    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = Headers(scope=scope).get("content-length", "")
        if declared.isdigit() and int(declared) > self.max_bytes:
            await self.refuse(scope, receive, send)
            return
        received = 0
        responding = False

        async def counted() -> Message:
            nonlocal received
            message = await receive()
            received += len(message.get("body", b""))
            if received > self.max_bytes:
                raise _TooLarge
            return message

        async def watched(message: Message) -> None:
            nonlocal responding
            responding = True
            await send(message)

        try:
            await self.app(scope, counted, watched)
        except _TooLarge:
            if responding:  # too late for a 413: the app answered before reading it all
                raise
            await self.refuse(scope, receive, send)

    async def refuse(self, scope: Scope, receive: Receive, send: Send) -> None:
        message = f"The request body is larger than {self.max_bytes} bytes."
        # The rest of the body is never read: the connection cannot carry another request.
        response = refusal(scope, ErrorCode.PAYLOAD_TOO_LARGE, message, 413,
                           {"connection": "close"}, max=self.max_bytes)  # fmt: skip
        await response(scope, receive, send)
