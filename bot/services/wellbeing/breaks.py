"""/break: a member asks for a short break; coordinators hear that someone did, never who.

Nothing here takes a name: the member's id is used once, inside an HMAC, to keep the
10-minute limit, and never stored, logged or audited.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from bot.clock import Clock
from bot.services.anonymity import AnonSecret, anon_key
from storage import guild_settings, wellbeing
from storage import sessions as session_repo
from storage.database import Database

NOTICE_GAP = timedelta(minutes=10)


@dataclass(frozen=True, slots=True)
class BreakResult:
    """What happened: whether coordinators are told, and in which live session."""

    notify: bool
    session_id: int | None
    session_title: str | None
    staff_channel_id: int | None
    coordinator_role_id: int | None


async def ask_for_break(
    db: Database, clock: Clock, secret: AnonSecret, *, guild_id: int, user_id: int
) -> BreakResult:
    """Count a break request, at most one notice per member per 10 minutes."""
    now = clock.now()
    limit_key = anon_key(secret, "break", guild_id, user_id)
    async with db.transaction() as conn:
        settings = await guild_settings.get(conn, guild_id)
        live = await session_repo.live(conn, guild_id=guild_id)
        session = live[0] if len(live) == 1 else None
        last = await wellbeing.last_break(conn, limit_key)
        notify = last is None or now - last >= NOTICE_GAP
        if notify:
            await wellbeing.add_break(
                conn,
                guild_id=guild_id,
                session_id=session.id if session else None,
                limit_key=limit_key,
                now=now,
            )
    return BreakResult(
        notify=notify,
        session_id=session.id if session else None,
        session_title=session.title if session else None,
        staff_channel_id=settings.staff_channel_id,
        coordinator_role_id=settings.coordinator_role_id,
    )


async def count_for_session(db: Database, session_id: int) -> int:
    """How many breaks were asked for in a session (for coordinators)."""
    async with db.read() as conn:
        return await wellbeing.breaks_in_session(conn, session_id)
