"""The session_series table: repeating sessions (the sessions themselves are in sessions)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from storage import member_data
from storage.codec import date_from_db, date_to_db, dt_from_db, dt_to_db, opt_dt_from_db
from storage.database import Conn


@dataclass(frozen=True, slots=True)
class Series:
    """A repeating session: what each session is and when they start."""

    id: int
    guild_id: int
    title: str
    channel_id: int
    length_minutes: int
    prep_minutes: int
    agenda: str | None
    content_note: str | None
    repeat: str
    first_day: date
    local_time: time
    timezone: str
    until_day: date | None
    max_count: int | None
    made: int  # how many of its sessions exist (the next one's index)
    stopped_at: datetime | None
    stopped_by: int | None
    created_by: int
    created_at: datetime


_COLUMNS = (
    "id, guild_id, title, channel_id, length_minutes, prep_minutes, agenda, content_note, "
    "repeat, first_day, local_time, timezone, until_day, max_count, made, stopped_at, "
    "stopped_by, created_by, created_at"
)


def _series(row: Any) -> Series:
    return Series(
        id=row["id"],
        guild_id=row["guild_id"],
        title=row["title"],
        channel_id=row["channel_id"],
        length_minutes=row["length_minutes"],
        prep_minutes=row["prep_minutes"],
        agenda=row["agenda"],
        content_note=row["content_note"],
        repeat=row["repeat"],
        first_day=date_from_db(row["first_day"]),
        local_time=time.fromisoformat(row["local_time"]),
        timezone=row["timezone"],
        until_day=None if row["until_day"] is None else date_from_db(row["until_day"]),
        max_count=row["max_count"],
        made=row["made"],
        stopped_at=opt_dt_from_db(row["stopped_at"]),
        stopped_by=row["stopped_by"],
        created_by=row["created_by"],
        created_at=dt_from_db(row["created_at"]),
    )


async def insert(
    conn: Conn,
    *,
    guild_id: int,
    title: str,
    channel_id: int,
    length_minutes: int,
    prep_minutes: int,
    agenda: str | None,
    content_note: str | None,
    repeat: str,
    first_day: date,
    local_time: time,
    timezone: str,
    until_day: date | None,
    max_count: int | None,
    created_by: int,
    now: datetime,
) -> Series:
    """Store a new series (with no sessions made yet) and return it."""
    series_id = await conn.insert(
        "INSERT INTO session_series (guild_id, title, channel_id, length_minutes, "
        "prep_minutes, agenda, content_note, repeat, first_day, local_time, timezone, "
        "until_day, max_count, created_by, created_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            guild_id,
            title,
            channel_id,
            length_minutes,
            prep_minutes,
            agenda,
            content_note,
            repeat,
            date_to_db(first_day),
            local_time.strftime("%H:%M"),
            timezone,
            None if until_day is None else date_to_db(until_day),
            max_count,
            created_by,
            dt_to_db(now),
        ),
    )
    series = await get(conn, series_id)
    assert series is not None
    return series


async def get(conn: Conn, series_id: int, *, guild_id: int | None = None) -> Series | None:
    """One series by id (only within `guild_id` when given), or None."""
    row = await conn.fetchone(
        f"SELECT {_COLUMNS} FROM session_series WHERE id = ? "  # noqa: S608
        "AND (? IS NULL OR guild_id = ?)",
        (series_id, guild_id, guild_id),
    )
    return None if row is None else _series(row)


async def many(conn: Conn, series_ids: set[int]) -> dict[int, Series]:
    """Several series by id."""
    found: dict[int, Series] = {}
    for series_id in sorted(series_ids):
        series = await get(conn, series_id)
        if series is not None:
            found[series_id] = series
    return found


async def count(conn: Conn, guild_id: int) -> int:
    """How many series a panel has (stopped or not)."""
    return int(
        await conn.fetchval("SELECT count(*) FROM session_series WHERE guild_id = ?", (guild_id,))
    )


async def set_made(conn: Conn, series_id: int, made: int) -> None:
    """Record how many sessions of the series exist now."""
    await conn.execute("UPDATE session_series SET made = ? WHERE id = ?", (made, series_id))


async def stop(conn: Conn, series_id: int, *, stopped_by: int, now: datetime) -> bool:
    """No more sessions for this series; False when it was already stopped."""
    changed = await conn.execute(
        "UPDATE session_series SET stopped_at = ?, stopped_by = ? "
        "WHERE id = ? AND stopped_at IS NULL",
        (dt_to_db(now), stopped_by, series_id),
    )
    return changed == 1


member_data.register(
    member_data.MemberStore(
        name="repeating sessions you planned",
        tables=("session_series",),
        list=member_data.listing(
            "SELECT id, title, repeat, first_day, local_time, stopped_at FROM session_series "
            "WHERE guild_id = ?1 AND (created_by = ?2 OR stopped_by = ?2) ORDER BY id"
        ),
        kept_because=member_data.SERIES_KEEP,
    )
)
