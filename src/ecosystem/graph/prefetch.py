"""Python and Neo4j at work together: the next item is produced in a thread while the caller
awaits the database with the last one (bulk writes are otherwise half idle on either side)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterator
from typing import TypeVar, cast

T = TypeVar("T")
_DONE = object()


async def prefetched(items: Iterator[T]) -> AsyncIterator[T]:
    """`items`, each next one computed in a worker thread while the caller uses the last.
    Only one `next` runs at a time, so any generator will do."""
    upcoming = asyncio.ensure_future(asyncio.to_thread(next, items, _DONE))
    try:
        while (item := await upcoming) is not _DONE:
            upcoming = asyncio.ensure_future(asyncio.to_thread(next, items, _DONE))
            yield cast(T, item)
    finally:
        upcoming.cancel()  # after a failed write: the worker's result is not wanted
