"""Reminders (/remind) and each member's reminder settings: all their SQL."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from storage import member_data
from storage.codec import dt_from_db, dt_to_db, opt_dt_from_db
from storage.database import Conn

PERSONAL = "personal"
PANEL = "panel"

PENDING = "pending"
SENT = "sent"
SKIPPED = "skipped"
CANCELLED = "cancelled"


@dataclass(frozen=True, slots=True)
class Reminder:
    """One reminder: who set it, for whom (the owner, or the whole panel), when and what."""

    id: int
    guild_id: int
    kind: str
    owner_id: int
    channel_id: int | None
    text: str
    due_at: datetime
    timezone: str
    status: str
    timer_id: int | None
    created_at: datetime
    done_at: datetime | None


@dataclass(frozen=True, slots=True)
class MemberReminderSettings:
    """A member's own time zone (None: the panel's) and whether session reminders reach them."""

    guild_id: int
    member_id: int
    timezone: str | None = None
    session_reminders: bool = True


_COLUMNS = (
    "id, guild_id, kind, owner_id, channel_id, text, due_at, timezone, status, timer_id, "
    "created_at, done_at"
)


def _reminder(row: Any) -> Reminder:
    return Reminder(
        id=row["id"],
        guild_id=row["guild_id"],
        kind=row["kind"],
        owner_id=row["owner_id"],
        channel_id=row["channel_id"],
        text=row["text"],
        due_at=dt_from_db(row["due_at"]),
        timezone=row["timezone"],
        status=row["status"],
        timer_id=row["timer_id"],
        created_at=dt_from_db(row["created_at"]),
        done_at=opt_dt_from_db(row["done_at"]),
    )


async def add(
    conn: Conn,
    *,
    guild_id: int,
    kind: str,
    owner_id: int,
    channel_id: int | None,
    text: str,
    due_at: datetime,
    timezone: str,
    now: datetime,
) -> int:
    """Store a pending reminder; return its id (its number, #N)."""
    return await conn.insert(
        "INSERT INTO reminders (guild_id, kind, owner_id, channel_id, text, due_at, timezone, "
        "created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (guild_id, kind, owner_id, channel_id, text, dt_to_db(due_at), timezone, dt_to_db(now)),
    )


async def set_timer(conn: Conn, reminder_id: int, timer_id: int) -> None:
    """Remember the timer that delivers a reminder."""
    await conn.execute("UPDATE reminders SET timer_id = ? WHERE id = ?", (timer_id, reminder_id))


async def get(conn: Conn, reminder_id: int) -> Reminder | None:
    """One reminder by id, or None."""
    row = await conn.fetchone(
        f"SELECT {_COLUMNS} FROM reminders WHERE id = ?",  # noqa: S608
        (reminder_id,),
    )
    return None if row is None else _reminder(row)


async def count_pending(conn: Conn, guild_id: int, owner_id: int, kind: str) -> int:
    """How many reminders of a kind a member has waiting in a panel."""
    row = await conn.fetchone(
        "SELECT COUNT(*) FROM reminders WHERE guild_id = ? AND owner_id = ? AND kind = ? "
        "AND status = 'pending'",
        (guild_id, owner_id, kind),
    )
    return int(row[0]) if row is not None else 0


async def pending_for(
    conn: Conn, guild_id: int, owner_id: int, *, with_panel: bool, limit: int = 50
) -> list[Reminder]:
    """Waiting reminders a member may see: their own personal ones (and the panel's), soonest
    first."""
    rows = await conn.fetchall(
        f"SELECT {_COLUMNS} FROM reminders WHERE guild_id = ? AND status = 'pending' "  # noqa: S608
        "AND ((kind = 'personal' AND owner_id = ?) OR (kind = 'panel' AND ?)) "
        "ORDER BY due_at, id LIMIT ?",
        (guild_id, owner_id, int(with_panel), limit),
    )
    return [_reminder(r) for r in rows]


async def recent_sent(
    conn: Conn, guild_id: int, owner_id: int, *, since: datetime
) -> list[Reminder]:
    """A member's personal reminders sent since `since`, newest first."""
    rows = await conn.fetchall(
        f"SELECT {_COLUMNS} FROM reminders WHERE guild_id = ? AND owner_id = ? "  # noqa: S608
        "AND kind = 'personal' AND status = 'sent' AND done_at >= ? ORDER BY done_at DESC LIMIT 10",
        (guild_id, owner_id, dt_to_db(since)),
    )
    return [_reminder(r) for r in rows]


async def finish(conn: Conn, reminder_id: int, *, status: str, now: datetime) -> bool:
    """Mark a pending reminder sent, skipped or cancelled; True only for the one caller that
    changed it."""
    changed = await conn.execute(
        "UPDATE reminders SET status = ?, done_at = ? WHERE id = ? AND status = 'pending'",
        (status, dt_to_db(now), reminder_id),
    )
    return changed == 1


# --- settings ---------------------------------------------------------------------------


async def get_settings(conn: Conn, guild_id: int, member_id: int) -> MemberReminderSettings:
    """A member's reminder settings (the defaults when they never set any)."""
    row = await conn.fetchone(
        "SELECT timezone, session_reminders FROM reminder_settings "
        "WHERE guild_id = ? AND member_id = ?",
        (guild_id, member_id),
    )
    if row is None:
        return MemberReminderSettings(guild_id, member_id)
    return MemberReminderSettings(
        guild_id, member_id, row["timezone"], bool(row["session_reminders"])
    )


async def save_settings(conn: Conn, settings: MemberReminderSettings, *, now: datetime) -> None:
    """Store a member's reminder settings."""
    await conn.execute(
        "INSERT INTO reminder_settings (guild_id, member_id, timezone, session_reminders, "
        "updated_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (guild_id, member_id) DO UPDATE SET "
        "timezone = excluded.timezone, session_reminders = excluded.session_reminders, "
        "updated_at = excluded.updated_at",
        (
            settings.guild_id,
            settings.member_id,
            settings.timezone,
            int(settings.session_reminders),
            dt_to_db(now),
        ),
    )


async def opted_out(conn: Conn, guild_id: int, member_ids: list[int]) -> set[int]:
    """Which of these members turned session reminders off."""
    rows = await conn.fetchall(
        "SELECT member_id FROM reminder_settings WHERE guild_id = ? AND session_reminders = 0",
        (guild_id,),
    )
    wanted = set(member_ids)
    return {int(r["member_id"]) for r in rows if int(r["member_id"]) in wanted}


# --- member data ------------------------------------------------------------------------


async def _erase_reminders(conn: Conn, keys: member_data.MemberKeys, now: datetime) -> Any:
    """Delete a member's personal reminders; panel ones they set stay for the panel, unlinked."""
    gone = await conn.execute(
        "DELETE FROM reminders WHERE guild_id = ? AND owner_id = ? AND kind = 'personal'",
        (keys.guild_id, keys.member_id),
    )
    unlinked = await conn.execute(
        "UPDATE reminders SET owner_id = 0 WHERE guild_id = ? AND owner_id = ? AND kind = 'panel'",
        (keys.guild_id, keys.member_id),
    )
    return member_data.Erased(count=gone + unlinked)


async def _erase_settings(conn: Conn, keys: member_data.MemberKeys, now: datetime) -> Any:
    gone = await conn.execute(
        "DELETE FROM reminder_settings WHERE guild_id = ? AND member_id = ?",
        (keys.guild_id, keys.member_id),
    )
    return member_data.Erased(count=gone)


member_data.register(
    member_data.MemberStore(
        name="reminders",
        tables=("reminders",),
        list=member_data.listing(
            "SELECT id, kind, text, due_at, timezone, status, created_at FROM reminders "
            "WHERE guild_id = ? AND owner_id = ? ORDER BY id"
        ),
        erase=_erase_reminders,
    )
)
member_data.register(
    member_data.MemberStore(
        name="reminder settings",
        tables=("reminder_settings",),
        list=member_data.listing(
            "SELECT timezone, session_reminders, updated_at FROM reminder_settings "
            "WHERE guild_id = ? AND member_id = ?"
        ),
        erase=_erase_settings,
    )
)
