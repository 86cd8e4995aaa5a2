"""The panel's plain-words bar: the reading ease a prompt needs to be posted at once."""

from __future__ import annotations

from typing import Final

from bot.clock import Clock
from bot.errors import BadInput
from bot.services import panel_settings
from bot.text import prompts as text
from storage.database import Database
from storage.guild_settings import GuildSettings

THRESHOLD_MIN: Final = 0
THRESHOLD_MAX: Final = 100


async def set_threshold(
    db: Database, clock: Clock, *, guild_id: int, actor_id: int, threshold: int
) -> GuildSettings:
    """Set the reading ease (0 to 100) a prompt needs to be posted without a second look."""
    if not THRESHOLD_MIN <= threshold <= THRESHOLD_MAX:
        raise BadInput(text.THRESHOLD_BAD.format(low=THRESHOLD_MIN, high=THRESHOLD_MAX))
    return await panel_settings.change(
        db,
        clock,
        guild_id=guild_id,
        actor_id=actor_id,
        action="setup.prompts",
        readability_threshold=threshold,
    )
