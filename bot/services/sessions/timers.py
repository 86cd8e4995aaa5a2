"""Timers and notices for sessions: reminders, auto-end, cancellations, thanks.

Timers say *when* something happens; notices (bot/services/notices.py) say *who* must hear
about it. A notice is queued in the transaction of the change that causes it and sent by
the one notifier after commit, which never repeats one that went out.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

from bot.clock import Clock
from bot.services import notices
from bot.services.reminders import delivery as missed
from bot.services.timers import TimerService
from storage import sessions as repo
from storage import timers as timer_repo
from storage.database import Conn, Database
from storage.notices import Notice
from storage.sessions import Session
from storage.timers import Timer

KIND_REMINDER = "session.reminder"
KIND_AUTO_END = "session.auto_end"
SESSION_TIMER_KINDS = (KIND_REMINDER, KIND_AUTO_END)

# Notice kinds (the notifier renders them; see cogs/sessions.py).
NOTICE_REMINDER = "session.reminder"
NOTICE_CANCELLED = "session.cancelled"
NOTICE_THANKS = "session.thanks"
NOTICE_AUTO_ENDED = "session.auto_ended"
NOTICE_STARTED_EARLY = "session.started_early"
NOTICE_KINDS = (
    NOTICE_REMINDER,
    NOTICE_CANCELLED,
    NOTICE_THANKS,
    NOTICE_AUTO_ENDED,
    NOTICE_STARTED_EARLY,
)

# A session left live this long past its planned end is ended by the bot.
AUTO_END_GRACE = timedelta(minutes=30)


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
    or a closer reminder for the same session is due as well. One that fires after the
    planned start (the bot was down) is skipped, and the coordinator who scheduled the
    session is told in one message (see bot.services.reminders.delivery.tell_missed).

    Returns the session id when a reminder was queued, else None.
    """
    session = await repo.get(conn, int(timer.payload["session_id"]))
    if session is None or session.status != repo.SCHEDULED:
        return None
    offset = int(timer.payload.get("offset", 0))
    if now >= session.starts_at:  # the bot was down until after the start: too late
        await _tell_skipped(conn, session, offset, now=now)
        return None
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
    queued = await notices.to_panel(
        conn,
        NOTICE_REMINDER,
        now=now,
        guild_id=session.guild_id,
        subject_id=session.id,
        dedupe=str(offset),
        channel_id=session.channel_id,
        owner_id=session.created_by,
        payload={"offset": offset, "late": late},
    )
    return session.id if queued is not None else None


async def _tell_skipped(conn: Conn, session: Session, offset: int, *, now: datetime) -> None:
    """Tell the coordinator who scheduled the session that this reminder was not sent, in
    the one message about missed reminders they get after a start-up."""
    await missed.tell_missed(
        conn,
        owner_id=session.created_by,
        guild_id=session.guild_id,
        now=now,
        dedupe=f"session:{session.id}:{offset}",
        fallback_channel_id=session.channel_id,
        session={
            "session": session.id,
            "title": session.title,
            "starts": int(session.starts_at.timestamp()),
            "offsets": [offset],
        },
    )


async def notice_session(db: Database, clock: Clock, notice: Notice) -> Session | None:
    """The session a notice is about, or None when the notice is no longer wanted
    (a reminder for a session that started, ended or was called off)."""
    async with db.read() as conn:
        session = await repo.get(conn, notice.subject_id)
    if session is None:
        return None
    if notice.kind == NOTICE_REMINDER and (
        session.status != repo.SCHEDULED or clock.now() >= session.starts_at
    ):
        return None
    return session


async def for_session(db: Database, session_id: int) -> list[Notice]:
    """Every notice about a session (for tests and the coordinator's view)."""
    return await notices.about(db, session_id, NOTICE_KINDS)
