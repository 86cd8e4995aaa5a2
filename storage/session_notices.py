"""The session notices outbox: reminders, cancellations, thanks and auto-end notes.

A notice is stored in the same transaction as the change that causes it and sent afterwards.
Member id 0 marks a whole-panel batch row, expanded into one row per member when sent.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from storage import member_data
from storage.codec import dt_from_db, dt_to_db, opt_dt_from_db
from storage.database import Conn

PANEL = 0  # member_id of a batch row meant for the whole panel

REMINDER = "reminder"
CANCELLED = "cancelled"
THANKS = "thanks"
AUTO_ENDED = "auto_ended"


@dataclass(frozen=True, slots=True)
class Notice:
    """One message to send (or sent) about a session."""

    id: int
    session_id: int
    kind: str
    offset_minutes: int
    member_id: int
    status: str
    via: str | None
    detail: dict[str, Any]
    created_at: datetime
    sent_at: datetime | None


_COLUMNS = (
    "id, session_id, kind, offset_minutes, member_id, status, via, detail, created_at, sent_at"
)


def _notice(row: Any) -> Notice:
    return Notice(
        id=row["id"],
        session_id=row["session_id"],
        kind=row["kind"],
        offset_minutes=row["offset_minutes"],
        member_id=row["member_id"],
        status=row["status"],
        via=row["via"],
        detail=json.loads(row["detail"]),
        created_at=dt_from_db(row["created_at"]),
        sent_at=opt_dt_from_db(row["sent_at"]),
    )


async def add(
    conn: Conn,
    *,
    session_id: int,
    kind: str,
    now: datetime,
    member_id: int = PANEL,
    offset_minutes: int = 0,
    detail: dict[str, Any] | None = None,
) -> bool:
    """Store a pending notice; False when the same notice already exists (never twice)."""
    changed = await conn.execute(
        "INSERT INTO session_notices (session_id, kind, offset_minutes, member_id, detail, "
        "created_at) VALUES (?, ?, ?, ?, ?, ?) "
        "ON CONFLICT (session_id, kind, offset_minutes, member_id) DO NOTHING",
        (
            session_id,
            kind,
            offset_minutes,
            member_id,
            json.dumps(detail or {}, sort_keys=True),
            dt_to_db(now),
        ),
    )
    return changed == 1


async def pending(conn: Conn, *, session_id: int | None = None) -> list[Notice]:
    """Pending notices (of one session, when given), oldest first."""
    rows = await conn.fetchall(
        f"SELECT {_COLUMNS} FROM session_notices WHERE status = 'pending' "  # noqa: S608
        "AND (? IS NULL OR session_id = ?) ORDER BY id",
        (session_id, session_id),
    )
    return [_notice(r) for r in rows]


async def for_session(conn: Conn, session_id: int) -> list[Notice]:
    """Every notice of a session, oldest first."""
    rows = await conn.fetchall(
        f"SELECT {_COLUMNS} FROM session_notices WHERE session_id = ? ORDER BY id",  # noqa: S608
        (session_id,),
    )
    return [_notice(r) for r in rows]


async def finish(
    conn: Conn, notice_id: int, *, status: str, via: str | None, now: datetime
) -> bool:
    """Mark a pending notice sent or skipped; False when it was not pending."""
    changed = await conn.execute(
        "UPDATE session_notices SET status = ?, via = ?, sent_at = ? "
        "WHERE id = ? AND status = 'pending'",
        (status, via, dt_to_db(now), notice_id),
    )
    return changed == 1


async def skip_pending(conn: Conn, session_id: int, kind: str, *, now: datetime) -> int:
    """Skip every pending notice of one kind for a session (e.g. reminders once it starts)."""
    return await conn.execute(
        "UPDATE session_notices SET status = 'skipped', sent_at = ? "
        "WHERE session_id = ? AND kind = ? AND status = 'pending'",
        (dt_to_db(now), session_id, kind),
    )


async def _erase_notices(
    conn: Conn, keys: member_data.MemberKeys, now: datetime
) -> member_data.Erased:
    count = await conn.execute(
        "DELETE FROM session_notices WHERE member_id = ?2 AND session_id IN "
        "(SELECT id FROM sessions WHERE guild_id = ?1)",
        (keys.guild_id, keys.member_id),
    )
    return member_data.Erased(count)


member_data.register(
    member_data.MemberStore(
        name="messages about sessions",
        tables=("session_notices",),
        list=member_data.listing(
            "SELECT n.session_id, n.kind, n.status, n.created_at, n.sent_at FROM session_notices n "
            "JOIN sessions s ON s.id = n.session_id WHERE s.guild_id = ? AND n.member_id = ? "
            "ORDER BY n.id"
        ),
        erase=_erase_notices,
    )
)
