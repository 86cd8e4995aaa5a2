"""Rules for the hours ledger: attendance, claims, decisions and corrections."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from bot.errors import BadInput
from bot.text import hours as text
from storage import audit
from storage import hours as ledger
from storage.database import Conn, Database
from storage.hours import ACTIVITIES, HoursEntry

MAX_MINUTES = 1440


@dataclass(frozen=True, slots=True)
class NewEntry:
    """Time a member is owed for a session, as the session service works it out."""

    member_id: int
    activity: str
    minutes: int
    work_date: date
    note: str | None = None


async def add_attendance_entries(
    conn: Conn,
    *,
    guild_id: int,
    session_id: int,
    entries: Sequence[NewEntry],
    created_by: int,
    now: datetime,
) -> list[HoursEntry]:
    """Write pending attendance entries for a session inside the caller's transaction.

    Idempotent per (session, member, activity): an entry that already exists is left as it
    is and not returned, so ending a session twice never writes time twice. Entries with no
    minutes are skipped. Each new entry is audited in the same transaction.
    """
    written: list[HoursEntry] = []
    for new in entries:
        if new.activity not in ACTIVITIES:
            raise BadInput(text.ACTIVITY_UNKNOWN.format(activity=new.activity[:30]))
        if new.minutes <= 0:
            continue
        entry = await ledger.insert_attendance(
            conn,
            guild_id=guild_id,
            session_id=session_id,
            member_id=new.member_id,
            activity=new.activity,
            minutes=min(new.minutes, MAX_MINUTES),
            work_date=new.work_date,
            note=new.note,
            created_by=created_by,
            now=now,
        )
        if entry is None:
            continue
        await audit.record(
            conn,
            guild_id=guild_id,
            actor_id=created_by,
            action="hours.attendance",
            now=now,
            target=f"entry:{entry.id}",
            detail={
                "member_id": entry.member_id,
                "session_id": session_id,
                "activity": entry.activity,
                "minutes": entry.minutes,
                "work_date": entry.work_date.isoformat(),
            },
        )
        written.append(entry)
    return written


async def entries_for_session(db: Database, guild_id: int, session_id: int) -> list[HoursEntry]:
    """Every ledger entry linked to a session, oldest first."""
    async with db.read() as conn:
        return await ledger.for_session(conn, guild_id, session_id)
