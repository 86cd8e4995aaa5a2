"""Option types with declared bounds, shared by every cog (see bot/services/bounds.py).

Use these for every integer option, so Discord refuses a number outside the bounds before
the bot sees it:

    session: RecordId | None = None
    minutes: TypedMinutes
"""

from __future__ import annotations

from discord import app_commands

from bot.services.bounds import MAX_ID, MAX_TYPED_MINUTES

RecordId = app_commands.Range[int, 1, MAX_ID]
"""The id of a session, an hours entry, a payment run or any other record."""

TypedMinutes = app_commands.Range[int, -MAX_TYPED_MINUTES, MAX_TYPED_MINUTES]
"""Minutes of time typed by a person (negative for corrections)."""
