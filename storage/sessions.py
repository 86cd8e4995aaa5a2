"""The sessions table: panel sessions from planned to live to ended (or cancelled)."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from storage import member_data
from storage.codec import dt_from_db, dt_to_db, opt_dt_from_db
from storage.database import Conn

SCHEDULED = "scheduled"
LIVE = "live"
ENDED = "ended"
CANCELLED = "cancelled"


class AlreadyLiveInChannel(Exception):
    """Another session is already live in the same channel."""


@dataclass(frozen=True, slots=True)
class Session:
    """One panel session."""

    id: int
    guild_id: int
    title: str
    channel_id: int
    starts_at: datetime
    length_minutes: int
    prep_minutes: int
    agenda: str | None
    content_note: str | None
    status: str
    event_id: int | None
    card_channel_id: int | None
    card_message_id: int | None
    start_message_id: int | None
    started_at: datetime | None
    started_by: int | None
    heartbeat_at: datetime | None
    ended_at: datetime | None
    ended_by: int | None
    cancel_reason: str | None
    created_by: int
    created_at: datetime
    series_id: int | None = None  # the repeating series it belongs to, if any
    series_index: int | None = None  # 0 for the first session of its series

    @property
    def planned_end(self) -> datetime:
        """When the session should end: its planned length after it really started (or after
        its planned start, before it starts). Started early or late, it keeps its length."""
        begin = self.started_at or self.starts_at
        return begin + timedelta(minutes=self.length_minutes)


_COLUMNS = (
    "id, guild_id, title, channel_id, starts_at, length_minutes, prep_minutes, agenda, "
    "content_note, status, event_id, card_channel_id, card_message_id, start_message_id, "
    "started_at, started_by, heartbeat_at, ended_at, ended_by, cancel_reason, created_by, "
    "created_at, series_id, series_index"
)


def _session(row: Any) -> Session:
    return Session(
        id=row["id"],
        guild_id=row["guild_id"],
        title=row["title"],
        channel_id=row["channel_id"],
        starts_at=dt_from_db(row["starts_at"]),
        length_minutes=row["length_minutes"],
        prep_minutes=row["prep_minutes"],
        agenda=row["agenda"],
        content_note=row["content_note"],
        status=row["status"],
        event_id=row["event_id"],
        card_channel_id=row["card_channel_id"],
        card_message_id=row["card_message_id"],
        start_message_id=row["start_message_id"],
        started_at=opt_dt_from_db(row["started_at"]),
        started_by=row["started_by"],
        heartbeat_at=opt_dt_from_db(row["heartbeat_at"]),
        ended_at=opt_dt_from_db(row["ended_at"]),
        ended_by=row["ended_by"],
        cancel_reason=row["cancel_reason"],
        created_by=row["created_by"],
        created_at=dt_from_db(row["created_at"]),
        series_id=row["series_id"],
        series_index=row["series_index"],
    )


async def insert(
    conn: Conn,
    *,
    guild_id: int,
    title: str,
    channel_id: int,
    starts_at: datetime,
    length_minutes: int,
    prep_minutes: int,
    agenda: str | None,
    content_note: str | None,
    created_by: int,
    now: datetime,
    series_id: int | None = None,
    series_index: int | None = None,
) -> Session:
    """Store a new scheduled session (of a series, when given) and return it."""
    session_id = await conn.insert(
        "INSERT INTO sessions (guild_id, title, channel_id, starts_at, length_minutes, "
        "prep_minutes, agenda, content_note, created_by, created_at, series_id, series_index) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            guild_id,
            title,
            channel_id,
            dt_to_db(starts_at),
            length_minutes,
            prep_minutes,
            agenda,
            content_note,
            created_by,
            dt_to_db(now),
            series_id,
            series_index,
        ),
    )
    session = await get(conn, session_id)
    assert session is not None
    return session


async def get(conn: Conn, session_id: int, *, guild_id: int | None = None) -> Session | None:
    """One session by id (only within `guild_id` when given), or None."""
    row = await conn.fetchone(
        f"SELECT {_COLUMNS} FROM sessions WHERE id = ? "  # noqa: S608
        "AND (? IS NULL OR guild_id = ?)",
        (session_id, guild_id, guild_id),
    )
    return None if row is None else _session(row)


async def count(conn: Conn, guild_id: int) -> int:
    """How many sessions a panel has (any status)."""
    return int(await conn.fetchval("SELECT count(*) FROM sessions WHERE guild_id = ?", (guild_id,)))


async def set_discord_ids(
    conn: Conn,
    session_id: int,
    *,
    event_id: int | None = None,
    card_channel_id: int | None = None,
    card_message_id: int | None = None,
    start_message_id: int | None = None,
) -> None:
    """Remember the Discord event and messages made for a session (None leaves a value)."""
    await conn.execute(
        "UPDATE sessions SET event_id = coalesce(?, event_id), "
        "card_channel_id = coalesce(?, card_channel_id), "
        "card_message_id = coalesce(?, card_message_id), "
        "start_message_id = coalesce(?, start_message_id) WHERE id = ?",
        (event_id, card_channel_id, card_message_id, start_message_id, session_id),
    )


async def mark_live(conn: Conn, session_id: int, *, started_by: int, now: datetime) -> bool:
    """Scheduled -> live; False when it was not scheduled.

    Raises AlreadyLiveInChannel when another session is live in the same channel.
    """
    try:
        changed = await conn.execute(
            "UPDATE sessions SET status = 'live', started_at = ?, started_by = ?, "
            "heartbeat_at = ? WHERE id = ? AND status = 'scheduled'",
            (dt_to_db(now), started_by, dt_to_db(now), session_id),
        )
    except sqlite3.IntegrityError as exc:
        raise AlreadyLiveInChannel from exc
    return changed == 1


async def mark_ended(
    conn: Conn, session_id: int, *, ended_by: int | None, ended_at: datetime
) -> bool:
    """Live -> ended; False when it was not live."""
    changed = await conn.execute(
        "UPDATE sessions SET status = 'ended', ended_at = ?, ended_by = ? "
        "WHERE id = ? AND status = 'live'",
        (dt_to_db(ended_at), ended_by, session_id),
    )
    return changed == 1


async def mark_cancelled(conn: Conn, session_id: int, *, reason: str | None) -> bool:
    """Scheduled -> cancelled; False when it was not scheduled."""
    changed = await conn.execute(
        "UPDATE sessions SET status = 'cancelled', cancel_reason = ? "
        "WHERE id = ? AND status = 'scheduled'",
        (reason, session_id),
    )
    return changed == 1


async def heartbeat(conn: Conn, now: datetime, *, guild_id: int | None = None) -> int:
    """Record that the bot is watching every live session (of one panel); return how many."""
    return await conn.execute(
        "UPDATE sessions SET heartbeat_at = ? WHERE status = 'live' "
        "AND (? IS NULL OR guild_id = ?)",
        (dt_to_db(now), guild_id, guild_id),
    )


async def live(conn: Conn, *, guild_id: int | None = None) -> list[Session]:
    """Every live session (of one panel, when given), oldest start first."""
    rows = await conn.fetchall(
        f"SELECT {_COLUMNS} FROM sessions WHERE status = 'live' "  # noqa: S608
        "AND (? IS NULL OR guild_id = ?) ORDER BY started_at, id",
        (guild_id, guild_id),
    )
    return [_session(r) for r in rows]


async def live_in_channel(conn: Conn, guild_id: int, channel_id: int) -> Session | None:
    """The live session in a channel, if any."""
    row = await conn.fetchone(
        f"SELECT {_COLUMNS} FROM sessions WHERE guild_id = ? AND channel_id = ? "  # noqa: S608
        "AND status = 'live'",
        (guild_id, channel_id),
    )
    return None if row is None else _session(row)


async def scheduled(conn: Conn, guild_id: int) -> list[Session]:
    """Every scheduled (not yet started) session of a panel, soonest first."""
    rows = await conn.fetchall(
        f"SELECT {_COLUMNS} FROM sessions WHERE guild_id = ? "  # noqa: S608
        "AND status = 'scheduled' ORDER BY starts_at, id",
        (guild_id,),
    )
    return [_session(r) for r in rows]


async def in_channel_before(
    conn: Conn, guild_id: int, channel_id: int, *, before: datetime
) -> list[Session]:
    """Planned or running sessions in a channel that start (or started) before `before`."""
    rows = await conn.fetchall(
        f"SELECT {_COLUMNS} FROM sessions WHERE guild_id = ? AND channel_id = ? "  # noqa: S608
        "AND status IN ('scheduled', 'live') AND coalesce(started_at, starts_at) < ? "
        "ORDER BY starts_at, id",
        (guild_id, channel_id, dt_to_db(before)),
    )
    return [_session(r) for r in rows]


async def recent(conn: Conn, guild_id: int, *, now: datetime, limit: int = 10) -> list[Session]:
    """Ended sessions of a panel, and cancelled ones whose time has come, newest first."""
    rows = await conn.fetchall(
        f"SELECT {_COLUMNS} FROM sessions WHERE guild_id = ? "  # noqa: S608
        "AND (status = 'ended' OR (status = 'cancelled' AND starts_at <= ?)) "
        "ORDER BY coalesce(ended_at, starts_at) DESC, id DESC LIMIT ?",
        (guild_id, dt_to_db(now), limit),
    )
    return [_session(r) for r in rows]


async def called_off_ahead(
    conn: Conn, guild_id: int, *, now: datetime, limit: int = 10
) -> list[Session]:
    """Cancelled sessions of a panel whose planned time is still ahead, soonest first."""
    rows = await conn.fetchall(
        f"SELECT {_COLUMNS} FROM sessions WHERE guild_id = ? "  # noqa: S608
        "AND status = 'cancelled' AND starts_at > ? ORDER BY starts_at, id LIMIT ?",
        (guild_id, dt_to_db(now), limit),
    )
    return [_session(r) for r in rows]


async def search(
    conn: Conn,
    guild_id: int,
    *,
    statuses: tuple[str, ...],
    text: str,
    limit: int = 25,
    number: int | None = None,
) -> list[Session]:
    """Sessions of a panel in the given statuses whose title contains `text` (or whose id
    is `number`). Live first, then in the order the statuses are given; planned ones
    soonest first, past ones newest first."""
    marks = ", ".join("?" for _ in statuses)
    rank = " ".join(f"WHEN ? THEN {i}" for i, _ in enumerate(statuses))
    rows = await conn.fetchall(
        # Only placeholders are formatted in; values are parameters.
        f"SELECT {_COLUMNS} FROM sessions WHERE guild_id = ? "  # noqa: S608
        f"AND status IN ({marks}) AND (instr(lower(title), lower(?)) > 0 OR id IS ?) "
        f"ORDER BY id IS NOT ? , status <> 'live', CASE status {rank} END, "
        "CASE WHEN status = 'scheduled' THEN starts_at END, starts_at DESC, id DESC LIMIT ?",
        (guild_id, *statuses, text, number, number, *statuses, limit),
    )
    return [_session(r) for r in rows]


async def of_series(
    conn: Conn, series_id: int, *, status: str | None = None, after: datetime | None = None
) -> list[Session]:
    """Sessions of a series (in one status, starting after a moment, when given), in order."""
    rows = await conn.fetchall(
        f"SELECT {_COLUMNS} FROM sessions WHERE series_id = ? "  # noqa: S608
        "AND (? IS NULL OR status = ?) AND (? IS NULL OR starts_at > ?) "
        "ORDER BY series_index",
        (series_id, status, status, *(2 * [None if after is None else dt_to_db(after)])),
    )
    return [_session(r) for r in rows]


member_data.register(
    member_data.MemberStore(
        name="sessions you ran",
        tables=("sessions",),
        list=member_data.listing(
            "SELECT id, title, starts_at, status FROM sessions WHERE guild_id = ?1 "
            "AND (created_by = ?2 OR started_by = ?2 OR ended_by = ?2) ORDER BY id"
        ),
        kept_because=member_data.SESSIONS_KEEP,
    )
)
