"""/break: a member asks for a short break; coordinators hear that someone did, never who.

Nothing here takes a name: the member's id is used once, inside an HMAC, to keep the
10-minute limit, and never stored, logged or audited.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta

from bot.clock import Clock
from bot.services import notices
from bot.services.anonymity import AnonSecret, anon_key
from storage import guild_settings, wellbeing
from storage import sessions as session_repo
from storage.database import Database

NOTICE_GAP = timedelta(minutes=10)
KIND_BREAK = "wellbeing.break"  # "A member asked for a short break", to the coordinators


@dataclass(frozen=True, slots=True)
class BreakResult:
    """What happened: whether coordinators are told, and in which live session."""

    notify: bool
    session_id: int | None
    session_title: str | None


async def ask_for_break(
    db: Database,
    clock: Clock,
    secret: AnonSecret,
    *,
    guild_id: int,
    user_id: int,
    coordinator_ids: Sequence[int],
) -> BreakResult:
    """Count a break request and queue the coordinators' notice (at most one per member per
    10 minutes): to the staff channel when set, else a DM to each coordinator. The notice
    carries no owner, so a failed delivery is never reported to anyone by name."""
    now = clock.now()
    limit_key = anon_key(secret, "break", guild_id, user_id)
    async with db.transaction() as conn:
        settings = await guild_settings.get(conn, guild_id)
        live = await session_repo.live(conn, guild_id=guild_id)
        session = live[0] if len(live) == 1 else None
        last = await wellbeing.last_break(conn, limit_key)
        notify = last is None or now - last >= NOTICE_GAP
        if notify:
            signal_id = await wellbeing.add_break(
                conn,
                guild_id=guild_id,
                session_id=session.id if session else None,
                limit_key=limit_key,
                now=now,
            )
            payload = {"session": session.title if session else None}
            if settings.staff_channel_id is not None:
                await notices.to_channel(
                    conn,
                    KIND_BREAK,
                    settings.staff_channel_id,
                    now=now,
                    guild_id=guild_id,
                    subject_id=signal_id,
                    payload=payload,
                )
            for coordinator_id in [] if settings.staff_channel_id else coordinator_ids:
                await notices.to_member(
                    conn,
                    KIND_BREAK,
                    coordinator_id,
                    now=now,
                    guild_id=guild_id,
                    subject_id=signal_id,
                    payload=payload,
                )
    return BreakResult(
        notify=notify,
        session_id=session.id if session else None,
        session_title=session.title if session else None,
    )


async def count_for_session(db: Database, session_id: int) -> int:
    """How many breaks were asked for in a session (for coordinators)."""
    async with db.read() as conn:
        return await wellbeing.breaks_in_session(conn, session_id)
