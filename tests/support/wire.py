"""Round trips to Neo4j, counted on the wire: the driver's sends to the real server."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import pytest
from neo4j._async.io import AsyncBolt


class Sends:
    """How many times the driver has sent to Neo4j since it was made (or `count` was reset)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.count = 0
        send_all: Callable[[AsyncBolt], Awaitable[None]] = AsyncBolt.send_all

        async def counted(bolt: AsyncBolt) -> None:
            self.count += 1
            await send_all(bolt)

        monkeypatch.setattr(AsyncBolt, "send_all", counted)
