"""The timers table: the single truth for everything the bot must do later."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from storage.codec import dt_from_db, dt_to_db, opt_dt_from_db
from storage.database import Conn


@dataclass(frozen=True, slots=True)
class Timer:
    """One stored timer: a kind of work, when it is due and what it needs."""

    id: int
    guild_id: int | None
    kind: str
    due_at: datetime
    payload: dict[str, Any]
    status: str
    created_at: datetime
    fired_at: datetime | None
    late: bool


_COLUMNS = "id, guild_id, kind, due_at, payload, status, created_at, fired_at, late"


def _timer(row: Any) -> Timer:
    return Timer(
        id=row["id"],
        guild_id=row["guild_id"],
        kind=row["kind"],
        due_at=dt_from_db(row["due_at"]),
        payload=json.loads(row["payload"]),
        status=row["status"],
        created_at=dt_from_db(row["created_at"]),
        fired_at=opt_dt_from_db(row["fired_at"]),
        late=bool(row["late"]),
    )


async def insert(
    conn: Conn,
    *,
    guild_id: int | None,
    kind: str,
    due_at: datetime,
    payload: dict[str, Any],
    now: datetime,
) -> Timer:
    """Store a new pending timer and return it."""
    timer_id = await conn.insert(
        "INSERT INTO timers (guild_id, kind, due_at, payload, created_at) VALUES (?, ?, ?, ?, ?)",
        (guild_id, kind, dt_to_db(due_at), json.dumps(payload, sort_keys=True), dt_to_db(now)),
    )
    timer = await get(conn, timer_id)
    assert timer is not None
    return timer


async def get(conn: Conn, timer_id: int) -> Timer | None:
    """Return one timer by id, or None."""
    row = await conn.fetchone(
        f"SELECT {_COLUMNS} FROM timers WHERE id = ?",  # noqa: S608
        (timer_id,),
    )
    return None if row is None else _timer(row)


async def pending(conn: Conn) -> list[Timer]:
    """Every pending timer, soonest first."""
    rows = await conn.fetchall(
        f"SELECT {_COLUMNS} FROM timers WHERE status = 'pending' ORDER BY due_at, id"  # noqa: S608
    )
    return [_timer(r) for r in rows]


async def count_pending(conn: Conn) -> int:
    """How many timers are pending."""
    row = await conn.fetchone("SELECT COUNT(*) FROM timers WHERE status = 'pending'")
    return int(row[0]) if row is not None else 0


async def pending_due(conn: Conn, now: datetime) -> list[Timer]:
    """Pending timers due at or before `now`, soonest first."""
    rows = await conn.fetchall(
        f"SELECT {_COLUMNS} FROM timers WHERE status = 'pending' AND due_at <= ? "  # noqa: S608
        "ORDER BY due_at, id",
        (dt_to_db(now),),
    )
    return [_timer(r) for r in rows]


async def pending_between(conn: Conn, kind: str, start: datetime, end: datetime) -> list[Timer]:
    """Pending timers of a kind due between `start` and `end` (inclusive)."""
    rows = await conn.fetchall(
        f"SELECT {_COLUMNS} FROM timers WHERE status = 'pending' AND kind = ? "  # noqa: S608
        "AND due_at BETWEEN ? AND ? ORDER BY due_at, id",
        (kind, dt_to_db(start), dt_to_db(end)),
    )
    return [_timer(r) for r in rows]


async def find_pending(
    conn: Conn, *, kind: str, guild_id: int | None = None, payload_key: str, payload_value: Any
) -> list[Timer]:
    """Pending timers of a kind whose JSON payload has `payload_key == payload_value`."""
    rows = await conn.fetchall(
        f"SELECT {_COLUMNS} FROM timers WHERE status = 'pending' AND kind = ? "  # noqa: S608
        "AND (? IS NULL OR guild_id = ?) AND json_extract(payload, '$.' || ?) = ? "
        "ORDER BY due_at, id",
        (kind, guild_id, guild_id, payload_key, payload_value),
    )
    return [_timer(r) for r in rows]


async def claim(conn: Conn, timer_id: int, *, now: datetime, late: bool) -> bool:
    """Mark a pending timer done; True only for the one caller that claimed it."""
    changed = await conn.execute(
        "UPDATE timers SET status = 'done', fired_at = ?, late = ? "
        "WHERE id = ? AND status = 'pending'",
        (dt_to_db(now), int(late), timer_id),
    )
    return changed == 1


async def cancel(conn: Conn, timer_id: int) -> bool:
    """Cancel a pending timer; True when it was still pending."""
    changed = await conn.execute(
        "UPDATE timers SET status = 'cancelled' WHERE id = ? AND status = 'pending'",
        (timer_id,),
    )
    return changed == 1
