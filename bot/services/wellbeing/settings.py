"""Rules for the wellbeing settings: support text, staff channel, retention. Audited."""

from __future__ import annotations

from bot.clock import Clock
from bot.errors import BadInput
from bot.services import panel_settings
from bot.services.clean_text import clean_text
from bot.text import wellbeing as text
from storage.database import Database
from storage.guild_settings import GuildSettings

MAX_SUPPORT_TEXT = 1000
RETENTION_YEARS = range(1, 11)


async def set_support_text(
    db: Database, clock: Clock, *, guild_id: int, actor_id: int, value: str
) -> GuildSettings:
    """The panel's own signposting, shown after /support ("reset" brings back the default)."""
    if value.strip().lower() == "reset":
        cleaned: str | None = None
    else:
        cleaned = clean_text(value, what="support text", limit=MAX_SUPPORT_TEXT, multiline=True)
        if cleaned is None:
            raise BadInput(text.SUPPORT_TEXT_EMPTY)
    return await panel_settings.change(
        db,
        clock,
        guild_id=guild_id,
        actor_id=actor_id,
        action="setup.support",
        support_text=cleaned,
    )


async def set_staff_channel(
    db: Database, clock: Clock, *, guild_id: int, actor_id: int, channel_id: int | None
) -> GuildSettings:
    """Where break notices go (None: by direct message to each coordinator)."""
    return await panel_settings.change(
        db,
        clock,
        guild_id=guild_id,
        actor_id=actor_id,
        action="setup.staff_channel",
        staff_channel_id=channel_id,
    )


async def set_retention(
    db: Database, clock: Clock, *, guild_id: int, actor_id: int, years: int
) -> GuildSettings:
    """How many years anonymous posts, signals and break counts are kept (1 to 10)."""
    if years not in RETENTION_YEARS:
        raise BadInput(text.RETENTION_BAD)
    return await panel_settings.change(
        db,
        clock,
        guild_id=guild_id,
        actor_id=actor_id,
        action="setup.retention",
        retention_years=years,
    )
