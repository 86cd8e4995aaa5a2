"""Rules for a panel's settings: roles, time zone and reminder offsets. Every change is audited."""

from __future__ import annotations

from bot.clock import Clock
from bot.errors import BadInput
from bot.services import durations
from bot.services.timeparse import TimeParseError, canonical_timezone, parse_duration_list
from bot.text import setup as text
from storage import audit, guild_settings
from storage.database import Database
from storage.guild_settings import GuildSettings


async def get(db: Database, guild_id: int) -> GuildSettings:
    """A panel's settings (defaults when none are stored)."""
    async with db.read() as conn:
        return await guild_settings.get(conn, guild_id)


async def _change(
    db: Database, clock: Clock, *, guild_id: int, actor_id: int, action: str, **values: object
) -> GuildSettings:
    now = clock.now()
    async with db.transaction() as conn:
        await guild_settings.update(conn, guild_id, now, **values)
        await audit.record(
            conn,
            guild_id=guild_id,
            actor_id=actor_id,
            action=action,
            now=now,
            target=f"guild:{guild_id}",
            detail=dict(values),
        )
        return await guild_settings.get(conn, guild_id)


async def set_roles(
    db: Database,
    clock: Clock,
    *,
    guild_id: int,
    actor_id: int,
    coordinator_role_id: int,
    member_role_id: int,
    admin_role_id: int | None,
) -> GuildSettings:
    """Choose which roles are coordinators, members and (optionally) admins."""
    if coordinator_role_id == member_role_id:
        raise BadInput(text.ROLES_SAME)
    if admin_role_id == member_role_id:
        raise BadInput(text.ADMIN_IS_MEMBER)
    return await _change(
        db,
        clock,
        guild_id=guild_id,
        actor_id=actor_id,
        action="setup.roles",
        coordinator_role_id=coordinator_role_id,
        member_role_id=member_role_id,
        admin_role_id=admin_role_id,
    )


async def set_timezone(
    db: Database, clock: Clock, *, guild_id: int, actor_id: int, name: str
) -> GuildSettings:
    """Set the panel's IANA time zone (e.g. Europe/London)."""
    zone = canonical_timezone(name)
    if zone is None:
        raise BadInput(text.TIMEZONE_UNKNOWN.format(name=name.strip()[:60]))
    return await _change(
        db, clock, guild_id=guild_id, actor_id=actor_id, action="setup.timezone", timezone=zone
    )


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
    return await _change(
        db,
        clock,
        guild_id=guild_id,
        actor_id=actor_id,
        action="setup.reminders",
        reminder_offsets=minutes,
    )


def describe_offset(minutes: int) -> str:
    """Plain words for a reminder offset: 1440 -> '1 day', 90 -> '1 hour 30 minutes'."""
    return durations.describe_minutes(minutes, days=True)


def describe_offsets(minutes: tuple[int, ...]) -> str:
    """Plain words for a list of offsets: '1 day and 1 hour'."""
    words = [describe_offset(m) for m in minutes]
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + " and " + words[-1]
