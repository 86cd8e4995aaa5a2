"""Helpers for the hours and payment end-to-end tests: a LeapBot with roles and rates set.

The bot's clock is a ManualClock at the real time (interaction tokens use real time).
"""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime
from typing import Any

from fakediscord.standard import StandardGuild

from bot.app import LeapBot
from bot.clock import ManualClock
from bot.services import panel_settings
from bot.services.hours import ledger as hours
from bot.services.hours import payment_settings as payments
from bot.settings import Settings
from storage.hours import HoursEntry


def clock_now() -> ManualClock:
    """A manual clock at the real time, whole seconds."""
    return ManualClock(datetime.now(UTC).replace(microsecond=0))


async def hours_bot(settings: Settings, start_bot: Any, world: StandardGuild) -> LeapBot:
    """A started LeapBot with the standard roles and a rate for every activity."""
    clock = clock_now()
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
    for activity in ("meeting", "preparation", "review", "training", "travel", "other"):
        await payments.set_rate(
            bot.db,
            clock,
            guild_id=world.guild.id,
            actor_id=world.owner.id,
            activity=activity,
            pounds_per_hour="12.00",
            from_date="2025-01-01",
        )
    return bot


async def claimed(bot: LeapBot, world: StandardGuild, user_id: int, minutes: int) -> HoursEntry:
    """A pending claim made through the service (yesterday, preparation)."""
    return await hours.claim(
        bot.db,
        bot.clock,
        guild_id=world.guild.id,
        member_id=user_id,
        activity="preparation",
        minutes=minutes,
        day="yesterday",
    )


async def prefer(
    bot: LeapBot, world: StandardGuild, user_id: int, payee: str, *, method: str = "bank"
) -> None:
    """A member has said how they want to be paid (not on benefits, not in the public
    sector)."""
    await payments.set_preference(
        bot.db,
        bot.clock,
        guild_id=world.guild.id,
        member_id=user_id,
        method=method,
        payee_name=payee,
        receives_benefits=False,
        public_sector=False,
    )


def csv_rows(data: bytes) -> list[dict[str, str]]:
    """A CSV attachment as dicts."""
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))
