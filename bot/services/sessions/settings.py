"""Rules for a panel's session settings: reminder offsets, how meeting time is paid, and the
shortest stay paid in bulk."""

from __future__ import annotations

from bot.clock import Clock
from bot.errors import BadInput
from bot.services import panel_settings
from bot.services.timeparse import TimeParseError, parse_duration_list
from bot.text import sessions as text
from storage.database import Database
from storage.guild_settings import GuildSettings

ATTENDANCE_RULES = ("planned", "measured")
MINIMUM_LOW, MINIMUM_HIGH = 0, 240  # /setup attendance minimum, in minutes


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


async def set_attendance(
    db: Database,
    clock: Clock,
    *,
    guild_id: int,
    actor_id: int,
    rule: str | None = None,
    minimum: int | None = None,
) -> GuildSettings:
    """Choose how meeting time is paid when a session ends ('planned' or 'measured') and/or
    the minimum minutes in a session below which a stay is flagged and left out of bulk
    approval (0: nobody is flagged). Nothing is stored unless every value given is good."""
    values: dict[str, object] = {}
    if rule is not None:
        if rule not in ATTENDANCE_RULES:
            raise BadInput(text.RULE_UNKNOWN)
        values["attendance_rule"] = rule
    if minimum is not None:
        if not MINIMUM_LOW <= minimum <= MINIMUM_HIGH:
            raise BadInput(text.ATTENDANCE_MINIMUM_BAD.format(low=MINIMUM_LOW, high=MINIMUM_HIGH))
        values["attendance_minimum_minutes"] = minimum
    if not values:
        raise BadInput(text.ATTENDANCE_NOTHING)
    return await panel_settings.change(
        db, clock, guild_id=guild_id, actor_id=actor_id, action="setup.attendance", **values
    )
