"""Shared fixtures: a fresh fake Discord per test, the standard guild, a driver, bot runners."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from fakediscord import BotStarter, Driver, FakeDiscord
from fakediscord.harness import FAKE_TOKEN
from fakediscord.standard import StandardGuild, build_standard_guild


@pytest.fixture
async def fake() -> AsyncIterator[FakeDiscord]:
    """A started fake Discord on 127.0.0.1; fails the test on bad payloads or unknown routes."""
    server = FakeDiscord()
    await server.start()
    try:
        yield server
    finally:
        await server.stop()
    server.assert_clean()


@pytest.fixture
def world(fake: FakeDiscord) -> StandardGuild:
    """The standard guild: owner, admin, coordinator, members (one with closed DMs), channels."""
    return build_standard_guild(fake)


@pytest.fixture
def driver(fake: FakeDiscord, world: StandardGuild) -> Driver:
    """Acts as users of the standard guild (default channel: #general)."""
    return Driver(fake, world.guild, world.general)


@pytest.fixture
async def start_bot(fake: FakeDiscord, world: StandardGuild) -> AsyncIterator[BotStarter]:
    """await start_bot(bot, wait_for_sync=False) -> BotRunner, in the standard guild.

    Also start_bot.restart(old_bot, new_bot). Every bot is stopped at teardown, and the
    test fails if the bots left tasks running.
    """
    before = asyncio.all_tasks()
    starter = ConsentingStarter(fake, world)
    yield starter
    await starter.stop_all()
    await _settle_tasks(before)


class ConsentingStarter(BotStarter):
    """Starts bots; for a LeapBot, the standard guild's people have already given consent.

    Most tests are about what a command does, not the consent question that comes before a
    member's first command; tests of that question use a member added after the start.
    """

    def __init__(self, fake: FakeDiscord, world: StandardGuild) -> None:
        super().__init__(fake)
        self.world = world

    async def __call__(self, bot: Any, *, wait_for_sync: bool = False) -> Any:
        """Start `bot`, then record consent for everyone already in the standard guild."""
        runner = await super().__call__(bot, wait_for_sync=wait_for_sync)
        if hasattr(bot, "consent_cache"):
            from storage import members

            async with bot.db.transaction() as conn:
                for user_id in self.world.guild.members:
                    await members.set_consent(conn, self.world.guild.id, user_id, bot.clock.now())
        return runner


async def _settle_tasks(before: set[asyncio.Task[Any]]) -> None:
    """Let tasks the bots left behind finish; fail on any still running after that."""
    current = asyncio.current_task()
    left = [t for t in asyncio.all_tasks() - before if t is not current and not t.done()]
    if not left:
        return
    _, pending = await asyncio.wait(left, timeout=2.0)
    if pending:
        for task in pending:
            task.cancel()
        names = sorted(f"{t.get_name()} {t.get_coro()!r}" for t in pending)
        pytest.fail(f"bot tasks still running after stop: {names}")


@pytest.fixture
def leap_settings(tmp_path: Path, world: StandardGuild) -> Any:
    """Settings for a LeapBot on a temporary database (bot.settings imported lazily)."""
    from pydantic import SecretStr

    from bot.settings import Settings

    return Settings(  # type: ignore[call-arg]
        _env_file=None,
        discord_token=SecretStr(FAKE_TOKEN),
        database_path=tmp_path / "leap.sqlite3",
        discord_guild_id=None,
        log_level="INFO",
    )


@pytest.fixture
async def leap_bot(leap_settings: Any, start_bot: BotStarter) -> Any:
    """A real LeapBot, started against the fake on a temporary database."""
    from bot.app import LeapBot

    bot = LeapBot(leap_settings)
    await start_bot(bot)
    return bot


@pytest.fixture
def restart_leap_bot(leap_bot: Any, leap_settings: Any, start_bot: BotStarter) -> Any:
    """await restart_leap_bot() -> a new LeapBot on the same database; the fake keeps its state.

    Stops the newest LeapBot cleanly first; can be called more than once.
    """
    from bot.app import LeapBot

    current = [leap_bot]

    async def restart() -> Any:
        new = LeapBot(leap_settings)
        await start_bot.restart(current[-1], new)
        current.append(new)
        return new

    return restart
