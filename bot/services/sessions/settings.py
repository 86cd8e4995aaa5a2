"""Rules for a panel's session settings: reminder offsets and how meeting time is paid."""

from __future__ import annotations

from bot.clock import Clock
from bot.errors import BadInput
from bot.services import panel_settings
from bot.services.timeparse import TimeParseError, parse_duration_list
from bot.text import sessions as text
from storage.database import Database
from storage.guild_settings import GuildSettings

ATTENDANCE_RULES = ("planned", "measured")


async def set_reminders(
    db: Database, clock: Clock, *, guild_id: int, actor_id: int, before: str
) -> GuildSettings:
    """Set how long before each session members are reminded, e.g. "24h,1h"."""
    try:
        offsets = parse_duration_list(before)
    except TimeParseError as exc:
        if exc.reason == "too_many":
            raise BadInput(text.REMINDERS_TOO_MANY) from None
        raise BadInput(text.REMINDERS_BAD.format(text=before.strip()[:40])) from None
    minutes = tuple(int(offset.total_seconds() // 60) for offset in offsets)
    return await panel_settings.change(
        db,
        clock,
        guild_id=guild_id,
        actor_id=actor_id,
        action="setup.reminders",
        reminder_offsets=minutes,
    )


async def set_attendance_rule(
    db: Database, clock: Clock, *, guild_id: int, actor_id: int, rule: str
) -> GuildSettings:
    """Choose how meeting time is paid when a session ends: 'planned' or 'measured'."""
    if rule not in ATTENDANCE_RULES:
        raise BadInput(text.RULE_UNKNOWN)
    return await panel_settings.change(
        db,
        clock,
        guild_id=guild_id,
        actor_id=actor_id,
        action="setup.attendance",
        attendance_rule=rule,
    )
