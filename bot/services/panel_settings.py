"""Rules for a panel-wide settings: roles and time zone. Every change is audited.

Each feature keeps its own settings rules in its package (for example
`bot.services.sessions.settings` for reminders and the attendance rule).
"""

from __future__ import annotations

from bot.clock import Clock
from bot.errors import BadInput
from bot.services.timeparse import canonical_timezone
from bot.text import setup as text
from storage import audit, guild_settings
from storage.database import Database
from storage.guild_settings import GuildSettings


async def get(db: Database, guild_id: int) -> GuildSettings:
    """A panel's settings (defaults when none are stored)."""
    async with db.read() as conn:
        return await guild_settings.get(conn, guild_id)


async def change(
    db: Database, clock: Clock, *, guild_id: int, actor_id: int, action: str, **values: object
) -> GuildSettings:
    """Save some of a panel's settings and audit the change as `action`, in one transaction."""
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
    return await change(
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
    return await change(
        db, clock, guild_id=guild_id, actor_id=actor_id, action="setup.timezone", timezone=zone
    )


async def set_notices_channel(
    db: Database, clock: Clock, *, guild_id: int, actor_id: int, channel_id: int | None
) -> GuildSettings:
    """Where members with closed DMs are mentioned (None: the channel of what it is about)."""
    return await change(
        db,
        clock,
        guild_id=guild_id,
        actor_id=actor_id,
        action="setup.notices_channel",
        notices_channel_id=channel_id,
    )
