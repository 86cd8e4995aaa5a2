"""Helpers for the session end-to-end tests: a LeapBot on a manual clock, with roles set."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import Any

from fakediscord import Driver
from fakediscord.standard import StandardGuild

from bot.app import LeapBot
from bot.clock import ManualClock
from bot.services import panel_settings
from bot.settings import Settings
from cogs.register import Register
from storage import attendance
from storage import sessions as repo
from storage.attendance import Presence
from storage.sessions import Session

StartBot = Callable[..., Awaitable[Any]]

# A fixed, quiet moment: Tuesday 1 December 2026, 10:00 UTC (London is on GMT then).
START = datetime(2026, 12, 1, 10, 0, tzinfo=UTC)


def real_now() -> datetime:
    """Now, whole seconds; tests run the bot's clock from here (the fake uses real time)."""
    return datetime.now(UTC).replace(microsecond=0)


async def make_bot(
    settings: Settings, start_bot: StartBot, world: StandardGuild, clock: ManualClock
) -> LeapBot:
    """Start a LeapBot on `clock` and give the panel its roles (as an admin would)."""
    bot = LeapBot(settings, clock=clock)
    await start_bot(bot)
    await panel_settings.set_roles(
        bot.db,
        clock,
        guild_id=world.guild.id,
        actor_id=world.owner.id,
        coordinator_role_id=world.coordinator_role.id,
        member_role_id=world.member_role.id,
        admin_role_id=world.admin_role.id,
    )
    return bot


async def schedule(
    driver: Driver, world: StandardGuild, *, when: str = "in 2 hours", **options: Any
) -> Any:
    """Run /session schedule as the coordinator in the panel voice channel."""
    values: dict[str, Any] = {
        "title": "Leaflet review",
        "when": when,
        "length": 60,
        "channel": world.panel_voice,
    }
    values.update(options)
    result = await driver.slash(world.coordinator, "session schedule", **values)
    if result.deferred:
        await result.wait_response()
    return result


async def only_session(bot: LeapBot, guild_id: int) -> Session:
    """The one session in the panel (fails when there is not exactly one)."""
    async with bot.db.read() as conn:
        found = await repo.search(
            conn, guild_id, statuses=("scheduled", "live", "ended", "cancelled"), text=""
        )
    assert len(found) == 1, found
    return found[0]


async def session_by_id(bot: LeapBot, session_id: int) -> Session:
    """A session, read fresh from the database."""
    async with bot.db.read() as conn:
        session = await repo.get(conn, session_id)
    assert session is not None
    return session


async def presences(bot: LeapBot, session_id: int) -> list[Presence]:
    """Every presence interval of a session."""
    async with bot.db.read() as conn:
        return await attendance.for_session(conn, session_id)


async def reconciled(bot: LeapBot, within: float = 3.0) -> None:
    """Wait until the register cog has reconciled a server after (re)connecting."""
    cog = bot.get_cog("Register")
    assert isinstance(cog, Register)
    await asyncio.wait_for(cog.reconciled.wait(), within)
