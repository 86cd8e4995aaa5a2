"""A reminder's timer fired: claim the reminder and queue its message, in one transaction.

The timer service claims the timer and calls `apply_due` inside the same transaction, which
marks the reminder sent (or skipped) and queues the notice; the one notifier delivers it
after commit, not before Discord has sent the servers. So a kill -9 at any point neither
loses nor repeats a reminder.

Rules: a reminder fired more than LATE_AFTER after its time (e.g. the bot was down) begins
"Sorry, this is late:"; one more than SKIP_AFTER late is skipped, and its owner is told in one
direct message that lists every reminder of theirs skipped while it waits to go out. Session
reminders skipped because their session had already started (bot.services.sessions.timers)
join the same message, so an owner gets one message per start-up, however many were missed.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from bot.services import notices
from bot.services.timers import LATE_AFTER
from storage import notices as notice_repo
from storage import reminders as repo
from storage.database import Conn
from storage.reminders import Reminder
from storage.timers import Timer

TIMER_KIND = "reminder.due"
NOTICE_PERSONAL = "reminder.personal"
NOTICE_PANEL = "reminder.panel"
NOTICE_MISSED = "reminder.missed"
NOTICE_KINDS = (NOTICE_PERSONAL, NOTICE_PANEL, NOTICE_MISSED)

SKIP_AFTER = timedelta(hours=12)

SENT = "sent"
SKIPPED = "skipped"


def decide(due_at: datetime, now: datetime, *, fired_late: bool = False) -> str:
    """What to do with a reminder due at `due_at` when it fires at `now`:
    'on time', 'late' (send with an apology) or 'skip' (too late; tell its owner)."""
    behind = now - due_at
    if behind > SKIP_AFTER:
        return "skip"
    if fired_late or behind > LATE_AFTER:
        return "late"
    return "on time"


async def apply_due(conn: Conn, timer: Timer, late: bool, *, now: datetime) -> str | None:
    """Claim the reminder of a fired timer and queue its message; return what was done."""
    reminder = await repo.get(conn, int(timer.payload["reminder_id"]))
    if reminder is None or reminder.status != repo.PENDING:
        return None  # cancelled or erased meanwhile
    verdict = decide(reminder.due_at, now, fired_late=late)
    if verdict == "skip":
        await repo.finish(conn, reminder.id, status=repo.SKIPPED, now=now)
        if reminder.owner_id:
            await _tell_missed(conn, reminder, now)
        return SKIPPED
    await repo.finish(conn, reminder.id, status=repo.SENT, now=now)
    payload: dict[str, Any] = {"text": reminder.text, "late": verdict == "late"}
    if reminder.kind == repo.PERSONAL:
        await notices.to_member(
            conn,
            NOTICE_PERSONAL,
            reminder.owner_id,
            now=now,
            guild_id=reminder.guild_id,
            subject_id=reminder.id,
            fallback_channel_id=reminder.channel_id,
            payload=payload,
        )
    else:
        await notices.to_panel(
            conn,
            NOTICE_PANEL,
            now=now,
            guild_id=reminder.guild_id,
            subject_id=reminder.id,
            channel_id=reminder.channel_id,
            owner_id=reminder.owner_id or None,
            payload=payload,
        )
    return SENT


async def _tell_missed(conn: Conn, reminder: Reminder, now: datetime) -> None:
    """One waiting DM per owner lists every reminder of theirs that was skipped."""
    await tell_missed(
        conn,
        owner_id=reminder.owner_id,
        guild_id=reminder.guild_id,
        now=now,
        dedupe=str(reminder.id),
        fallback_channel_id=reminder.channel_id,
        number=reminder.id,
    )


async def tell_missed(
    conn: Conn,
    *,
    owner_id: int,
    guild_id: int,
    now: datetime,
    dedupe: str,
    fallback_channel_id: int | None,
    number: int | None = None,
    session: dict[str, Any] | None = None,
) -> None:
    """Add one skipped reminder to the owner's waiting "these were missed" DM, or queue one.

    `number` is a personal or panel reminder's number; `session` describes a session reminder
    skipped because the session had started: {"session": id, "title": ..., "starts": unix
    seconds, "offsets": [minutes before]}. Skipped reminders of one session share a line.
    """
    waiting = await notice_repo.pending_to(
        conn, kind=NOTICE_MISSED, target_id=owner_id, guild_id=guild_id
    )
    payload: dict[str, Any] = dict(waiting.payload) if waiting is not None else {}
    if number is not None:
        payload["numbers"] = sorted({*payload.get("numbers", []), number})
    if session is not None:
        sessions: list[dict[str, Any]] = list(payload.get("sessions", []))
        same = [s for s in sessions if s.get("session") == session["session"]]
        if same:
            offsets = {*same[0].get("offsets", []), *session.get("offsets", [])}
            same[0]["offsets"] = sorted(offsets, reverse=True)
        else:
            sessions.append(session)
        payload["sessions"] = sessions
    if waiting is not None:
        await notice_repo.set_payload(conn, waiting.id, payload)
        return
    await notices.to_member(
        conn,
        NOTICE_MISSED,
        owner_id,
        now=now,
        guild_id=guild_id,
        subject_id=0,
        dedupe=dedupe,
        fallback_channel_id=fallback_channel_id,
        payload=payload,
    )
