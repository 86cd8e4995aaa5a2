"""Timers and the notices outbox for sessions: reminders, auto-end, cancellations, thanks.

Timers say *when* something happens; the notices outbox (storage/session_notices.py) says
*who* must hear about it. A notice is stored before it is sent and marked once sent, so a
restart sends what is still pending and never repeats what went out.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.clock import Clock
from bot.services.timers import TimerService
from storage import guild_settings
from storage import session_notices as notices
from storage import sessions as repo
from storage import timers as timer_repo
from storage.database import Conn, Database
from storage.session_notices import Notice
from storage.sessions import Session
from storage.timers import Timer

KIND_REMINDER = "session.reminder"
KIND_AUTO_END = "session.auto_end"
SESSION_TIMER_KINDS = (KIND_REMINDER, KIND_AUTO_END)

# A session left live this long past its planned end is ended by the bot.
AUTO_END_GRACE = timedelta(minutes=30)

# Given a guild id and its member role id: the ids of everyone holding the member role, or
# None when no member role is set or found (then the notice goes to the session channel).
Recipients = Callable[[int, int | None], list[int] | None]


@dataclass(frozen=True, slots=True)
class Outgoing:
    """A notice ready to send, with its session."""

    notice: Notice
    session: Session


async def insert_reminders(
    conn: Conn, timers: TimerService, session: Session, offsets: Iterable[int], *, now: datetime
) -> list[Timer]:
    """Store one reminder timer per offset (minutes before) that is still in the future."""
    made: list[Timer] = []
    for offset in sorted(set(offsets), reverse=True):
        due = session.starts_at - timedelta(minutes=offset)
        if due <= now:
            continue
        made.append(
            await timers.insert(
                conn,
                due,
                KIND_REMINDER,
                {"session_id": session.id, "offset": offset},
                guild_id=session.guild_id,
            )
        )
    return made


async def insert_auto_end(conn: Conn, timers: TimerService, session: Session) -> Timer:
    """Store the timer that ends a session still live at its planned end plus the grace."""
    return await timers.insert(
        conn,
        session.planned_end + AUTO_END_GRACE,
        KIND_AUTO_END,
        {"session_id": session.id},
        guild_id=session.guild_id,
    )


async def cancel_timers(conn: Conn, session: Session, kinds: Iterable[str]) -> list[int]:
    """Cancel a session's pending timers of the given kinds; return their ids to unschedule."""
    cancelled: list[int] = []
    for kind in kinds:
        for timer in await timer_repo.find_pending(
            conn,
            kind=kind,
            guild_id=session.guild_id,
            payload_key="session_id",
            payload_value=session.id,
        ):
            if await timer_repo.cancel(conn, timer.id):
                cancelled.append(timer.id)
    return cancelled


async def apply_reminder(conn: Conn, timer: Timer, late: bool, *, now: datetime) -> int | None:
    """A reminder timer fired: queue the panel reminder unless the session started or ended,
    or a closer reminder for the same session is due as well.

    Returns the session id when a reminder was queued, else None.
    """
    session = await repo.get(conn, int(timer.payload["session_id"]))
    if session is None or session.status != repo.SCHEDULED or now >= session.starts_at:
        return None
    offset = int(timer.payload.get("offset", 0))
    newer_due = [
        t
        for t in await timer_repo.find_pending(
            conn,
            kind=KIND_REMINDER,
            guild_id=session.guild_id,
            payload_key="session_id",
            payload_value=session.id,
        )
        if t.due_at <= now and int(t.payload.get("offset", 0)) < offset
    ]
    if newer_due:
        return None  # a closer reminder is also due (the bot was down): send only that one
    queued = await notices.add(
        conn,
        session_id=session.id,
        kind=notices.REMINDER,
        offset_minutes=offset,
        detail={"late": late},
        now=now,
    )
    return session.id if queued else None


def _still_wanted(notice: Notice, session: Session, now: datetime) -> bool:
    if notice.kind == notices.REMINDER:
        return session.status == repo.SCHEDULED and now < session.starts_at
    return True


async def expand(db: Database, clock: Clock, recipients: Recipients) -> None:
    """Turn pending whole-panel batches into one pending notice per member.

    With no member role set, a batch stays as it is and is posted in the session channel.
    """
    now = clock.now()
    async with db.transaction() as conn:
        for notice in await notices.pending(conn):
            if notice.member_id != notices.PANEL or notice.kind not in (
                notices.REMINDER,
                notices.CANCELLED,
            ):
                continue
            session = await repo.get(conn, notice.session_id)
            if session is None:
                continue
            settings = await guild_settings.get(conn, session.guild_id)
            members = recipients(session.guild_id, settings.member_role_id)
            if members is None:
                continue
            for member_id in members:
                await notices.add(
                    conn,
                    session_id=notice.session_id,
                    kind=notice.kind,
                    offset_minutes=notice.offset_minutes,
                    member_id=member_id,
                    detail=notice.detail,
                    now=now,
                )
            await notices.finish(conn, notice.id, status="sent", via="expanded", now=now)


async def outgoing(db: Database, clock: Clock) -> list[Outgoing]:
    """Pending notices still worth sending; reminders for sessions that began are skipped."""
    now = clock.now()
    ready: list[Outgoing] = []
    async with db.transaction() as conn:
        for notice in await notices.pending(conn):
            session = await repo.get(conn, notice.session_id)
            if session is None:
                continue
            if not _still_wanted(notice, session, now):
                await notices.finish(conn, notice.id, status="skipped", via=None, now=now)
                continue
            ready.append(Outgoing(notice, session))
    return ready


async def mark_sent(db: Database, clock: Clock, notice_ids: Iterable[int], *, via: str) -> None:
    """Record that notices went out (by DM, in the channel, or to nobody)."""
    now = clock.now()
    async with db.transaction() as conn:
        for notice_id in notice_ids:
            await notices.finish(conn, notice_id, status="sent", via=via, now=now)


async def for_session(db: Database, session_id: int) -> list[Notice]:
    """Every notice of a session (for tests and the coordinator's view)."""
    async with db.read() as conn:
        return await notices.for_session(conn, session_id)
