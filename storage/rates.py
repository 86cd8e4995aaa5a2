"""Pay rates per activity, versioned by the date they take effect."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from storage import member_data
from storage.codec import date_from_db, date_to_db, dt_from_db, dt_to_db
from storage.database import Conn


@dataclass(frozen=True, slots=True)
class Rate:
    """One rate version: pence per hour for an activity from a date on."""

    id: int
    guild_id: int
    activity: str
    pence_per_hour: int
    effective_from: date
    created_by: int | None
    created_at: datetime


_COLUMNS = "id, guild_id, activity, pence_per_hour, effective_from, created_by, created_at"


def _rate(r: Any) -> Rate:
    return Rate(
        id=r["id"],
        guild_id=r["guild_id"],
        activity=r["activity"],
        pence_per_hour=r["pence_per_hour"],
        effective_from=date_from_db(r["effective_from"]),
        created_by=r["created_by"],
        created_at=dt_from_db(r["created_at"]),
    )


async def add(
    conn: Conn,
    *,
    guild_id: int,
    activity: str,
    pence_per_hour: int,
    effective_from: date,
    created_by: int | None,
    now: datetime,
) -> Rate:
    """Store a new rate version; a later version for the same date replaces it."""
    rate_id = await conn.insert(
        "INSERT INTO rates (guild_id, activity, pence_per_hour, effective_from, created_by, "
        "created_at) VALUES (?, ?, ?, ?, ?, ?)",
        (guild_id, activity, pence_per_hour, date_to_db(effective_from), created_by, dt_to_db(now)),
    )
    row = await conn.fetchone(
        f"SELECT {_COLUMNS} FROM rates WHERE id = ?",  # noqa: S608
        (rate_id,),
    )
    return _rate(row)


async def in_force(conn: Conn, guild_id: int, activity: str, on: date) -> Rate | None:
    """The rate for an activity on a date: the latest version taking effect on or before it."""
    row = await conn.fetchone(
        f"SELECT {_COLUMNS} FROM rates "  # noqa: S608
        "WHERE guild_id = ? AND activity = ? AND effective_from <= ? "
        "ORDER BY effective_from DESC, id DESC LIMIT 1",
        (guild_id, activity, date_to_db(on)),
    )
    return None if row is None else _rate(row)


async def all_for_guild(conn: Conn, guild_id: int) -> list[Rate]:
    """Every rate version of a panel, by activity, date and age."""
    rows = await conn.fetchall(
        f"SELECT {_COLUMNS} FROM rates WHERE guild_id = ? "  # noqa: S608
        "ORDER BY activity, effective_from, id",
        (guild_id,),
    )
    return [_rate(r) for r in rows]


member_data.register(
    member_data.MemberStore(
        name="pay rates you set",
        tables=("rates",),
        list=member_data.listing(
            "SELECT activity, pence_per_hour, effective_from, created_at FROM rates "
            "WHERE guild_id = ? AND created_by = ? ORDER BY id"
        ),
        kept_because=member_data.RATES_KEEP,
    )
)
