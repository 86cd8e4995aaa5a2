"""Fixtures shared by the end-to-end tests (a module may define its own instead)."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import pytest
from fakediscord import FakeDiscord
from fakediscord.standard import StandardGuild
from helpers_crash import Child
from helpers_sessions import make_bot, real_now

from bot.app import LeapBot
from bot.clock import ManualClock

CHILD = Path(__file__).with_name("leap_child.py")
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def clock() -> ManualClock:
    """A manual clock starting at the real time (Discord timestamps stay sensible)."""
    return ManualClock(real_now())


@pytest.fixture
async def bot(
    leap_settings: Any, start_bot: Any, world: StandardGuild, clock: ManualClock
) -> LeapBot:
    """A LeapBot on `clock` whose panel roles are already set."""
    return await make_bot(leap_settings, start_bot, world, clock)


@pytest.fixture
async def spawn(fake: FakeDiscord, tmp_path: Path) -> AsyncIterator[Callable[..., Any]]:
    """spawn(offset_seconds=0) -> a started bot process on tmp_path's database.

    The process's clock runs offset_seconds ahead of the real time (negative: behind).
    """
    children: list[Child] = []

    async def start(offset: float = 0.0) -> Child:
        process = await asyncio.create_subprocess_exec(
            sys.executable,
            str(CHILD),
            str(fake.port),
            str(tmp_path / "leap.sqlite3"),
            str(offset),
            cwd=ROOT,
            stdout=asyncio.subprocess.PIPE,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
        )
        child = Child(process)
        children.append(child)
        assert process.stdout is not None
        line = await asyncio.wait_for(process.stdout.readline(), 60)
        assert line.strip() == b"LEAP-READY", line
        return child

    yield start
    for child in children:
        if child.process.returncode is None:
            child.process.send_signal(signal.SIGTERM)
            try:
                await asyncio.wait_for(child.wait(), 20)
            except TimeoutError:
                child.kill()
                await child.wait()
