"""Rules for a panel's poll settings: how long before a poll closes non-voters are reminded."""

from __future__ import annotations

from bot.clock import Clock
from bot.errors import BadInput
from bot.services import panel_settings
from bot.services.timeparse import TimeParseError, parse_duration_list
from bot.text import polls as text
from storage.database import Database
from storage.guild_settings import GuildSettings


async def set_nudge(
    db: Database, clock: Clock, *, guild_id: int, actor_id: int, before: str
) -> GuildSettings:
    """Set how long before a poll closes members who have not voted are reminded, e.g. "2h"
    (one length, 1 minute to 14 days). Polls already open keep their time."""
    try:
        found = parse_duration_list(before)
    except TimeParseError:
        raise BadInput(text.NUDGE_SETTING_BAD.format(text=before.strip()[:40])) from None
    if len(found) != 1:
        raise BadInput(text.NUDGE_SETTING_ONE)
    return await panel_settings.change(
        db,
        clock,
        guild_id=guild_id,
        actor_id=actor_id,
        action="setup.polls",
        poll_nudge_minutes=int(found[0].total_seconds() // 60),
    )
