"""Is the server still there? A new connection's handshake, made on a thread of its own.

Neo4j's network threads answer a handshake however busy its queries keep it, so the breaker
(breaker.py) asks for one when a statement has waited long. Made on the event loop, its round
trips waited behind whatever else the loop was doing: an API encoding large answers for 16
clients (100,000-value networks at scale 500) stretched them past the timeout, and the breaker
took a live server for an unreachable one. On a thread the handshake goes on meanwhile, and an
answer that came in time counts even when the busy loop hears of it late.
"""

from __future__ import annotations

import asyncio
import contextlib
import threading
from typing import Any

import neo4j


class Handshake:
    """Answers when a new connection to `uri` is made within `timeout_s`; raises otherwise
    (TimeoutError when nothing came back: a frozen server, or a network dropping packets)."""

    def __init__(self, uri: str, auth: Any, timeout_s: float) -> None:
        self.uri, self.auth, self.timeout_s = uri, auth, timeout_s

    async def __call__(self) -> None:
        loop = asyncio.get_running_loop()
        heard: asyncio.Future[None] = loop.create_future()
        outcome: list[Exception | None] = []  # written by the thread, once

        def shake() -> None:
            try:
                self._connect()
                outcome.append(None)
            except Exception as error:  # a refusal, a timeout: the caller decides
                outcome.append(error)
            with contextlib.suppress(RuntimeError):  # the loop closed meanwhile
                loop.call_soon_threadsafe(_settle, heard)

        threading.Thread(target=shake, name="neo4j-handshake", daemon=True).start()
        try:
            await asyncio.wait_for(asyncio.shield(heard), self.timeout_s)
        except TimeoutError:
            if not outcome:
                raise
        if outcome[0] is not None:
            raise outcome[0]

    def _connect(self) -> None:
        with neo4j.GraphDatabase.driver(
            self.uri,
            auth=self.auth,
            connection_timeout=self.timeout_s,
            max_connection_pool_size=1,
            notifications_min_severity="OFF",
        ) as driver:
            driver.verify_connectivity()


def _settle(future: asyncio.Future[None]) -> None:
    if not future.done():
        future.set_result(None)
