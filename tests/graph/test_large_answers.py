"""Large answers take turns (graph/reads.py `LargeAnswers`): no database needed."""

from __future__ import annotations

import asyncio

import pytest

from ecosystem.graph.reads import LargeAnswers, LargeAnswersBusy
from ecosystem.metrics import Metrics


async def test_one_at_a_time_waits_for_the_turn_before_it() -> None:
    large = LargeAnswers(1, 5.0)
    began: list[str] = []
    release = asyncio.Event()

    async def answer(name: str) -> None:
        async with large.turn():
            began.append(name)
            await release.wait()

    first = asyncio.create_task(answer("first"))
    second = asyncio.create_task(answer("second"))
    await asyncio.sleep(0.05)
    assert began == ["first"]  # the second waits while the first holds its turn
    release.set()
    await asyncio.gather(first, second)
    assert began == ["first", "second"]


async def test_two_at_once_both_run() -> None:
    large = LargeAnswers(2, 5.0)
    both = asyncio.Barrier(2)

    async def answer() -> None:
        async with large.turn():
            await asyncio.wait_for(both.wait(), 1.0)  # fails unless both hold a turn at once

    await asyncio.gather(answer(), answer())


async def test_a_wait_past_its_time_is_busy_and_gives_no_turn_away() -> None:
    metrics = Metrics()
    large = LargeAnswers(1, 0.05, metrics)
    async with large.turn():
        with pytest.raises(LargeAnswersBusy, match=r"within 0\.05 s"):
            async with large.turn():
                pytest.fail("no turn while the only one is held")
    async with asyncio.timeout(1.0):  # the refused wait left the turn free
        async with large.turn():
            pass
    waited = metrics.registry.get_sample_value("ecosystem_large_answer_wait_seconds_count")
    assert waited == 3
