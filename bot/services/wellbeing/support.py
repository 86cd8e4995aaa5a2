"""/support: a member asks the coordinators for support, with their name, after confirming."""

from __future__ import annotations

from dataclasses import dataclass

from bot.clock import Clock
from bot.errors import BadInput
from bot.services.clean_text import clean_text
from bot.text import wellbeing as text
from storage import guild_settings, wellbeing
from storage.database import Database

MAX_MESSAGE = 2000


@dataclass(frozen=True, slots=True)
class SupportSent:
    """A stored request and what the member should read next."""

    request_id: int
    signposting: str
    coordinator_role_id: int | None


def check_message(message: str | None) -> str | None:
    """The message as it will be sent, or BadInput when it is too long or blank."""
    if message is None:
        return None
    if len(message) > MAX_MESSAGE:
        raise BadInput(text.SUPPORT_TOO_LONG.format(limit=MAX_MESSAGE))
    return clean_text(message, what="message", limit=MAX_MESSAGE)


async def send_support(
    db: Database, clock: Clock, *, guild_id: int, member_id: int, message: str | None
) -> SupportSent:
    """Store a confirmed support request and return the signposting text."""
    cleaned = check_message(message)
    async with db.transaction() as conn:
        settings = await guild_settings.get(conn, guild_id)
        request_id = await wellbeing.add_support(
            conn, guild_id=guild_id, member_id=member_id, message=cleaned, now=clock.now()
        )
    return SupportSent(
        request_id=request_id,
        signposting=settings.support_text or text.DEFAULT_SIGNPOSTING,
        coordinator_role_id=settings.coordinator_role_id,
    )
