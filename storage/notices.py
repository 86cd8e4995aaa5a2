"""The notices outbox: every message the bot owes someone, for every feature.

Rows are written inside the transaction of the change that causes them (see
bot/services/notices.py) and delivered after commit by bot/notifier.py. Writing a row marks
the connection as having touched "notices", so the database wakes the notifier after commit.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from storage import member_data
from storage.codec import dt_from_db, dt_to_db, opt_dt_from_db
from storage.database import Conn

TABLE = "notices"  # the name passed to Conn.touch; the notifier listens for it

MEMBER = "member"  # a DM to target_id (a user), with a fallback in channel_id
CHANNEL = "channel"  # a post in target_id (a channel)
PANEL = "panel"  # one row for every member-role holder, expanded at delivery time
EDIT = "edit"  # edit message_id in target_id (a channel)
DELETE = "delete"  # delete message_id in target_id (a channel)
AUDIENCES = (MEMBER, CHANNEL, PANEL, EDIT, DELETE)

PENDING = "pending"
SENDING = "sending"
SENT = "sent"
SKIPPED = "skipped"
FAILED = "failed"


@dataclass(frozen=True, slots=True)
class Notice:
    """One message the bot owes (or sent)."""

    id: int
    guild_id: int | None
    kind: str
    subject_id: int
    audience: str
    target_id: int
    dedupe: str
    channel_id: int | None
    message_id: int | None
    owner_id: int | None
    payload: dict[str, Any]
    status: str
    via: str | None
    attempts: int
    next_try_at: datetime | None
    last_error: str | None
    created_at: datetime
    claimed_at: datetime | None
    sent_at: datetime | None


_COLUMNS = (
    "id, guild_id, kind, subject_id, audience, target_id, dedupe, channel_id, message_id, "
    "owner_id, payload, status, via, attempts, next_try_at, last_error, created_at, "
    "claimed_at, sent_at"
)


def _notice(row: Any) -> Notice:
    return Notice(
        id=row["id"],
        guild_id=row["guild_id"],
        kind=row["kind"],
        subject_id=row["subject_id"],
        audience=row["audience"],
        target_id=row["target_id"],
        dedupe=row["dedupe"],
        channel_id=row["channel_id"],
        message_id=row["message_id"],
        owner_id=row["owner_id"],
        payload=json.loads(row["payload"]),
        status=row["status"],
        via=row["via"],
        attempts=row["attempts"],
        next_try_at=opt_dt_from_db(row["next_try_at"]),
        last_error=row["last_error"],
        created_at=dt_from_db(row["created_at"]),
        claimed_at=opt_dt_from_db(row["claimed_at"]),
        sent_at=opt_dt_from_db(row["sent_at"]),
    )


async def add(
    conn: Conn,
    *,
    kind: str,
    audience: str,
    now: datetime,
    guild_id: int | None = None,
    subject_id: int = 0,
    target_id: int = 0,
    dedupe: str = "",
    channel_id: int | None = None,
    message_id: int | None = None,
    owner_id: int | None = None,
    payload: dict[str, Any] | None = None,
) -> int | None:
    """Store a pending notice; return its id, or None when the same notice exists already."""
    if audience not in AUDIENCES:
        raise ValueError(f"Unknown notice audience {audience!r}.")
    row = await conn.fetchone(
        "INSERT INTO notices (guild_id, kind, subject_id, audience, target_id, dedupe, "
        "channel_id, message_id, owner_id, payload, created_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
        "ON CONFLICT (kind, subject_id, target_id, dedupe) DO NOTHING RETURNING id",
        (
            guild_id,
            kind,
            subject_id,
            audience,
            target_id,
            dedupe,
            channel_id,
            message_id,
            owner_id,
            json.dumps(payload or {}, sort_keys=True),
            dt_to_db(now),
        ),
    )
    if row is None:
        return None
    conn.touch(TABLE)
    return int(row[0])


async def get(conn: Conn, notice_id: int) -> Notice | None:
    """One notice by id, or None."""
    row = await conn.fetchone(
        f"SELECT {_COLUMNS} FROM notices WHERE id = ?",  # noqa: S608
        (notice_id,),
    )
    return None if row is None else _notice(row)


async def find(
    conn: Conn, *, kind: str, subject_id: int, target_id: int = 0, dedupe: str = ""
) -> Notice | None:
    """The notice with this key, or None."""
    row = await conn.fetchone(
        f"SELECT {_COLUMNS} FROM notices WHERE kind = ? AND subject_id = ? "  # noqa: S608
        "AND target_id = ? AND dedupe = ?",
        (kind, subject_id, target_id, dedupe),
    )
    return None if row is None else _notice(row)


async def due(
    conn: Conn, now: datetime, *, limit: int, audience: str | None = None
) -> list[Notice]:
    """Pending notices whose time has come (new ones and retries due), oldest first."""
    rows = await conn.fetchall(
        f"SELECT {_COLUMNS} FROM notices WHERE status = 'pending' "  # noqa: S608
        "AND (next_try_at IS NULL OR next_try_at <= ?) AND (? IS NULL OR audience = ?) "
        "ORDER BY id LIMIT ?",
        (dt_to_db(now), audience, audience, limit),
    )
    return [_notice(r) for r in rows]


async def next_retry_at(conn: Conn) -> datetime | None:
    """When the next notice waiting for a retry is due, or None."""
    value = await conn.fetchval(
        "SELECT min(next_try_at) FROM notices WHERE status = 'pending' AND next_try_at IS NOT NULL"
    )
    return None if value is None else dt_from_db(value)


async def claim(conn: Conn, notice_ids: Sequence[int], *, now: datetime) -> list[Notice]:
    """Mark pending notices as being sent (one more attempt); return those claimed."""
    claimed: list[Notice] = []
    for notice_id in notice_ids:
        row = await conn.fetchone(
            "UPDATE notices SET status = 'sending', attempts = attempts + 1, claimed_at = ? "  # noqa: S608
            f"WHERE id = ? AND status = 'pending' RETURNING {_COLUMNS}",
            (dt_to_db(now), notice_id),
        )
        if row is not None:
            claimed.append(_notice(row))
    return claimed


async def release_cut_off(conn: Conn) -> int:
    """Put notices a crash left half-sent back to pending (they keep their attempts)."""
    changed = await conn.execute("UPDATE notices SET status = 'pending' WHERE status = 'sending'")
    if changed:
        conn.touch(TABLE)
    return changed


async def finish(
    conn: Conn,
    notice_id: int,
    *,
    status: str,
    via: str | None,
    now: datetime,
    message_id: int | None = None,
    error: str | None = None,
) -> bool:
    """Mark an open notice sent, skipped or failed; False when it was not open."""
    changed = await conn.execute(
        "UPDATE notices SET status = ?, via = ?, sent_at = ?, "
        "message_id = coalesce(?, message_id), last_error = coalesce(?, last_error), "
        "next_try_at = NULL WHERE id = ? AND status IN ('pending', 'sending')",
        (status, via, dt_to_db(now), message_id, error, notice_id),
    )
    return changed == 1


async def remove(conn: Conn, notice_id: int) -> bool:
    """Delete an open notice outright (one that must leave no trace once it is done)."""
    changed = await conn.execute(
        "DELETE FROM notices WHERE id = ? AND status IN ('pending', 'sending')", (notice_id,)
    )
    return changed == 1


async def retry_at(conn: Conn, notice_id: int, when: datetime, *, error: str) -> bool:
    """Put a claimed notice back to pending, to be tried again at `when`."""
    changed = await conn.execute(
        "UPDATE notices SET status = 'pending', next_try_at = ?, last_error = ? "
        "WHERE id = ? AND status = 'sending'",
        (dt_to_db(when), error, notice_id),
    )
    return changed == 1


async def set_payload(conn: Conn, notice_id: int, payload: dict[str, Any]) -> None:
    """Replace an open notice's payload (e.g. one more name in a grouped report)."""
    await conn.execute(
        "UPDATE notices SET payload = ? WHERE id = ? AND status = 'pending'",
        (json.dumps(payload, sort_keys=True), notice_id),
    )


async def skip_open(
    conn: Conn, *, kind: str, subject_id: int, now: datetime, dedupe: str | None = None
) -> int:
    """Skip every open notice of a kind about a subject (e.g. reminders once it starts)."""
    return await conn.execute(
        "UPDATE notices SET status = 'skipped', sent_at = ?, next_try_at = NULL "
        "WHERE kind = ? AND subject_id = ? AND (? IS NULL OR dedupe = ?) "
        "AND status IN ('pending', 'sending')",
        (dt_to_db(now), kind, subject_id, dedupe, dedupe),
    )


async def about(conn: Conn, subject_id: int, kinds: Iterable[str]) -> list[Notice]:
    """Every notice of the given kinds about one subject, oldest first."""
    wanted = sorted(set(kinds))
    marks = ",".join("?" for _ in wanted)
    rows = await conn.fetchall(
        f"SELECT {_COLUMNS} FROM notices WHERE subject_id = ? "  # noqa: S608
        f"AND kind IN ({marks}) ORDER BY id",
        (subject_id, *wanted),
    )
    return [_notice(r) for r in rows]


async def pending_to(
    conn: Conn, *, kind: str, target_id: int, guild_id: int | None = None
) -> Notice | None:
    """The oldest notice of a kind still waiting to go to one target (in one panel, when
    `guild_id` is given), or None."""
    row = await conn.fetchone(
        f"SELECT {_COLUMNS} FROM notices WHERE kind = ? AND target_id = ? "  # noqa: S608
        "AND status = 'pending' AND (? IS NULL OR guild_id = ?) ORDER BY id LIMIT 1",
        (kind, target_id, guild_id, guild_id),
    )
    return None if row is None else _notice(row)


async def latest_to(
    conn: Conn, *, kind: str, guild_id: int, member_ids: Iterable[int]
) -> list[Notice]:
    """The newest DM notice of a kind to each of these members in a panel (if any)."""
    wanted = sorted(set(member_ids))
    if not wanted:
        return []
    marks = ",".join("?" for _ in wanted)
    rows = await conn.fetchall(
        f"SELECT {_COLUMNS} FROM notices WHERE id IN (SELECT max(id) FROM notices "  # noqa: S608
        f"WHERE kind = ? AND guild_id = ? AND audience = 'member' AND target_id IN ({marks}) "
        "GROUP BY target_id) ORDER BY target_id",
        (kind, guild_id, *wanted),
    )
    return [_notice(r) for r in rows]


# --- who has direct messages closed ----------------------------------------------------


async def mark_closed(conn: Conn, guild_id: int, member_id: int, *, now: datetime) -> None:
    """Remember that a member's DMs refused a message."""
    await conn.execute(
        "INSERT INTO closed_dms (guild_id, member_id, seen_at) VALUES (?, ?, ?) "
        "ON CONFLICT (guild_id, member_id) DO UPDATE SET seen_at = excluded.seen_at",
        (guild_id, member_id, dt_to_db(now)),
    )


async def mark_open(conn: Conn, guild_id: int, member_id: int) -> None:
    """Forget that a member's DMs were closed (one just went through)."""
    await conn.execute(
        "DELETE FROM closed_dms WHERE guild_id = ? AND member_id = ?", (guild_id, member_id)
    )


async def closed_among(conn: Conn, guild_id: int, member_ids: Iterable[int] | None) -> list[int]:
    """Members of a panel known to have DMs closed (among `member_ids`, when given)."""
    rows = await conn.fetchall(
        "SELECT member_id FROM closed_dms WHERE guild_id = ? ORDER BY member_id", (guild_id,)
    )
    found = [int(r[0]) for r in rows]
    if member_ids is None:
        return found
    wanted = set(member_ids)
    return [m for m in found if m in wanted]


async def _erase(conn: Conn, keys: member_data.MemberKeys, now: datetime) -> member_data.Erased:
    count = await conn.execute(
        "DELETE FROM notices WHERE guild_id = ?1 AND ((audience = 'member' AND target_id = ?2) "
        "OR (kind = 'notice.failed' AND EXISTS "
        "(SELECT 1 FROM json_each(payload, '$.members') WHERE value = ?2)))",
        (keys.guild_id, keys.member_id),
    )
    await conn.execute(
        "UPDATE notices SET owner_id = NULL WHERE guild_id = ? AND owner_id = ?",
        (keys.guild_id, keys.member_id),
    )
    return member_data.Erased(count)


async def _erase_closed(
    conn: Conn, keys: member_data.MemberKeys, now: datetime
) -> member_data.Erased:
    count = await conn.execute(
        "DELETE FROM closed_dms WHERE guild_id = ? AND member_id = ?",
        (keys.guild_id, keys.member_id),
    )
    return member_data.Erased(count)


member_data.register(
    member_data.MemberStore(
        name="messages the bot sent you",
        tables=("notices",),
        list=member_data.listing(
            "SELECT kind, subject_id, status, via, created_at, sent_at FROM notices "
            "WHERE guild_id = ? AND audience = 'member' AND target_id = ? ORDER BY id"
        ),
        erase=_erase,
    )
)


member_data.register(
    member_data.MemberStore(
        name="whether your direct messages are closed",
        tables=("closed_dms",),
        list=member_data.listing(
            "SELECT seen_at FROM closed_dms WHERE guild_id = ? AND member_id = ?"
        ),
        erase=_erase_closed,
    )
)
