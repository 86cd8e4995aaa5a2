"""Answer first in a burst: work waits while interactions keep coming, never too long."""

from __future__ import annotations

import asyncio

from bot.burst import Burst


async def test_work_goes_on_at_once_when_nothing_came_in() -> None:
    burst = Burst(quiet=0.05, max_wait=1.0)
    loop = asyncio.get_running_loop()
    began = loop.time()
    await burst.passed()
    assert loop.time() - began < 0.04


async def test_work_waits_while_interactions_keep_coming() -> None:
    burst = Burst(quiet=0.05, max_wait=2.0)
    loop = asyncio.get_running_loop()

    async def crowd() -> None:
        for _ in range(10):
            burst.seen()
            await asyncio.sleep(0.02)

    began = loop.time()
    task = asyncio.create_task(crowd())
    await asyncio.sleep(0)
    await burst.passed()
    await task
    assert loop.time() - began >= 0.2


async def test_work_never_waits_longer_than_the_cap() -> None:
    burst = Burst(quiet=0.05, max_wait=0.3)
    loop = asyncio.get_running_loop()
    stop = asyncio.Event()

    async def endless() -> None:
        while not stop.is_set():
            burst.seen()
            await asyncio.sleep(0.01)

    task = asyncio.create_task(endless())
    await asyncio.sleep(0)
    began = loop.time()
    await burst.passed()
    waited = loop.time() - began
    stop.set()
    await task
    assert 0.25 <= waited < 0.6
