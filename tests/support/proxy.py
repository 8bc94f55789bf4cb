"""A TCP proxy on loopback whose connections a test can cut: a network fault between the API
and a real Neo4j, nothing faked on either side."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator


class Proxy:
    """Forwards every connection made to `port` to `target` (host, port) until `cut()`."""

    def __init__(self, target: tuple[str, int]) -> None:
        self.target = target
        self.port = 0
        self.open: set[asyncio.StreamWriter] = set()
        self.accepted = 0

    async def _pipe(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        with contextlib.suppress(ConnectionError, OSError):
            while data := await reader.read(65536):
                writer.write(data)
                await writer.drain()
        writer.close()

    async def _serve(self, client_r: asyncio.StreamReader, client_w: asyncio.StreamWriter) -> None:
        self.accepted += 1
        server_r, server_w = await asyncio.open_connection(*self.target)
        self.open |= {client_w, server_w}
        await asyncio.gather(self._pipe(client_r, server_w), self._pipe(server_r, client_w))
        self.open -= {client_w, server_w}

    def cut(self) -> None:
        """Drop every connection under way, as a failing network would."""
        for writer in list(self.open):
            writer.transport.abort()
        self.open.clear()


@contextlib.asynccontextmanager
async def proxied(target: tuple[str, int]) -> AsyncIterator[Proxy]:
    proxy = Proxy(target)
    server = await asyncio.start_server(proxy._serve, "127.0.0.1", 0)
    proxy.port = server.sockets[0].getsockname()[1]
    async with server:
        yield proxy
        proxy.cut()
