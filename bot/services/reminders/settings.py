"""A member's reminder settings: their own time zone and session reminder DMs on or off."""

from __future__ import annotations

from dataclasses import replace

from bot.clock import Clock
from bot.errors import BadInput
from bot.services import timeparse
from bot.text import reminders as text
from storage import guild_settings
from storage import reminders as repo
from storage.database import Database
from storage.reminders import MemberReminderSettings


async def get(db: Database, guild_id: int, member_id: int) -> MemberReminderSettings:
    """A member's reminder settings (defaults when never set)."""
    async with db.read() as conn:
        return await repo.get_settings(conn, guild_id, member_id)


async def change(
    db: Database,
    clock: Clock,
    *,
    guild_id: int,
    member_id: int,
    timezone: str | None = None,
    session_reminders: bool | None = None,
) -> MemberReminderSettings:
    """Set a member's time zone and/or session reminders; unknown zones are refused."""
    zone: str | None = None
    if timezone is not None:
        zone = timeparse.canonical_timezone(timezone)
        if zone is None:
            raise BadInput(text.TIMEZONE_BAD.format(text=timezone.strip()[:40]))
    async with db.transaction() as conn:
        current = await repo.get_settings(conn, guild_id, member_id)
        if zone is None and session_reminders is None:
            return current
        updated = replace(
            current,
            timezone=zone if zone is not None else current.timezone,
            session_reminders=(
                session_reminders if session_reminders is not None else current.session_reminders
            ),
        )
        await repo.save_settings(conn, updated, now=clock.now())
    return updated


async def zone_for(db: Database, guild_id: int, member_id: int) -> str:
    """The time zone a member's times are read in: their own, else the panel's."""
    async with db.read() as conn:
        own = await repo.get_settings(conn, guild_id, member_id)
        if own.timezone is not None:
            return own.timezone
        return (await guild_settings.get(conn, guild_id)).timezone


async def without_opted_out(db: Database, guild_id: int, member_ids: list[int]) -> list[int]:
    """The members who still want session reminder DMs (leaves out those who turned them off)."""
    async with db.read() as conn:
        out = await repo.opted_out(conn, guild_id, member_ids)
    return [m for m in member_ids if m not in out]
