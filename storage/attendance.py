"""The attendance table: each member's presence intervals in a session (the register)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from storage import member_data
from storage.codec import dt_from_db, dt_to_db, opt_dt_from_db
from storage.database import Conn

VOICE = "voice"
BUTTON = "button"


@dataclass(frozen=True, slots=True)
class Presence:
    """One stretch of time a member was present, by voice or by the "I'm here" button."""

    id: int
    session_id: int
    member_id: int
    joined_at: datetime
    left_at: datetime | None
    source: str


_COLUMNS = "id, session_id, member_id, joined_at, left_at, source"


def _presence(row: Any) -> Presence:
    return Presence(
        id=row["id"],
        session_id=row["session_id"],
        member_id=row["member_id"],
        joined_at=dt_from_db(row["joined_at"]),
        left_at=opt_dt_from_db(row["left_at"]),
        source=row["source"],
    )


async def open_interval(
    conn: Conn, session_id: int, member_id: int, *, source: str, at: datetime
) -> bool:
    """Start a presence interval; False when one from this source is already open."""
    changed = await conn.execute(
        "INSERT INTO attendance (session_id, member_id, joined_at, source) "
        "SELECT ?, ?, ?, ? WHERE NOT EXISTS (SELECT 1 FROM attendance WHERE session_id = ? "
        "AND member_id = ? AND source = ? AND left_at IS NULL)",
        (session_id, member_id, dt_to_db(at), source, session_id, member_id, source),
    )
    return changed == 1


async def close_interval(
    conn: Conn, session_id: int, member_id: int, *, source: str, at: datetime
) -> bool:
    """End a member's open interval from one source (never before it began)."""
    stamp = dt_to_db(at)
    changed = await conn.execute(
        "UPDATE attendance SET left_at = max(joined_at, ?) WHERE session_id = ? "
        "AND member_id = ? AND source = ? AND left_at IS NULL",
        (stamp, session_id, member_id, source),
    )
    return changed == 1


async def close_member_in(
    conn: Conn, session_ids: Sequence[int], member_id: int, *, at: datetime
) -> int:
    """End a member's open intervals (any source) in the given sessions at `at`."""
    changed = 0
    for session_id in session_ids:
        changed += await conn.execute(
            "UPDATE attendance SET left_at = max(joined_at, ?) WHERE session_id = ? "
            "AND member_id = ? AND left_at IS NULL",
            (dt_to_db(at), session_id, member_id),
        )
    return changed


async def close_all(conn: Conn, session_id: int, *, at: datetime) -> int:
    """End every open interval of a session at `at` (never before each began)."""
    return await conn.execute(
        "UPDATE attendance SET left_at = max(joined_at, ?) "
        "WHERE session_id = ? AND left_at IS NULL",
        (dt_to_db(at), session_id),
    )


async def for_session(conn: Conn, session_id: int) -> list[Presence]:
    """Every interval of a session, by member then time."""
    rows = await conn.fetchall(
        f"SELECT {_COLUMNS} FROM attendance WHERE session_id = ? "  # noqa: S608
        "ORDER BY member_id, joined_at, id",
        (session_id,),
    )
    return [_presence(r) for r in rows]


async def open_for_session(
    conn: Conn, session_id: int, *, source: str | None = None
) -> list[Presence]:
    """The intervals still open in a session (of one source, when given)."""
    rows = await conn.fetchall(
        f"SELECT {_COLUMNS} FROM attendance WHERE session_id = ? "  # noqa: S608
        "AND left_at IS NULL AND (? IS NULL OR source = ?) ORDER BY member_id, id",
        (session_id, source, source),
    )
    return [_presence(r) for r in rows]


async def open_for_member(conn: Conn, session_id: int, member_id: int) -> list[Presence]:
    """A member's open intervals in a session (voice and/or button)."""
    rows = await conn.fetchall(
        f"SELECT {_COLUMNS} FROM attendance WHERE session_id = ? "  # noqa: S608
        "AND member_id = ? AND left_at IS NULL ORDER BY id",
        (session_id, member_id),
    )
    return [_presence(r) for r in rows]


member_data.register(
    member_data.MemberStore(
        name="session attendance",
        tables=("attendance",),
        list=member_data.listing(
            "SELECT a.session_id, a.joined_at, a.left_at, a.source FROM attendance a "
            "JOIN sessions s ON s.id = a.session_id WHERE s.guild_id = ? AND a.member_id = ? "
            "ORDER BY a.id"
        ),
        kept_because="It is the record of the time you worked, which your pay is based on.",
    )
)
