"""SIGTERM closes the bot cleanly: gateway, scheduler and database."""

from __future__ import annotations

import asyncio
import os
import signal
from typing import Any

from fakediscord import FakeDiscord
from fakediscord.harness import FAKE_TOKEN, GUILD_READY_TIMEOUT

from bot.app import LeapBot
from bot.cli import serve


async def test_sigterm_closes_bot_and_database(
    leap_settings: Any, fake: FakeDiscord, world: Any
) -> None:
    bot = LeapBot(leap_settings)
    bot._connection.guild_ready_timeout = GUILD_READY_TIMEOUT
    with fake.patched():
        running = asyncio.create_task(serve(bot, FAKE_TOKEN))
        await asyncio.wait_for(bot.wait_until_ready(), timeout=10)
        os.kill(os.getpid(), signal.SIGTERM)
        await asyncio.wait_for(running, timeout=10)
    assert (bot.is_closed(), bot._db) == (True, None)
