"""Autocomplete for every `session` option: sessions by number, title and local date."""

from __future__ import annotations

from typing import TYPE_CHECKING

from discord import app_commands

from bot.services import panel_settings
from bot.services.sessions import lifecycle
from bot.text import formatting
from bot.text import sessions as text

if TYPE_CHECKING:
    from bot.app import LeapBot

LIVE_AND_PLANNED = ("live", "scheduled")
PLANNED = ("scheduled",)
LIVE = ("live",)
RECENT = ("live", "ended", "scheduled")  # for hours: sessions that happened, newest first
ANY = ("live", "scheduled", "ended", "cancelled")


async def session_choices(
    bot: LeapBot, guild_id: int | None, typed: str, statuses: tuple[str, ...]
) -> list[app_commands.Choice[str]]:
    """Up to 25 sessions matching what was typed (a number or part of a title), labelled
    "#12 Title · Thursday 3 December 2026 at 14:00" in the panel's time zone."""
    if guild_id is None:
        return []
    found = await lifecycle.choices(bot.db, guild_id=guild_id, typed=typed, statuses=statuses)
    zone = (await panel_settings.get(bot.db, guild_id)).timezone
    choices = []
    for session in found[:25]:
        when = formatting.local(session.starts_at, zone)
        label = text.CHOICE_LABEL.format(number=session.id, title=session.title[:50], when=when)
        choices.append(app_commands.Choice(name=label[:100], value=str(session.id)))
    return choices
