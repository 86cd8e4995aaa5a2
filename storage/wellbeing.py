"""Wellbeing records: anonymous break requests, the break limit, and support requests.

A break request stores no member, no pseudonym and no key beside it: only the panel, the
session and the time. The 10-minute limit is kept apart, under an HMAC of guild and member,
holding only the time of the last notice. Support requests carry the member's id on
purpose: the member agreed to share their name with the coordinators.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from storage import member_data
from storage.codec import dt_from_db, dt_to_db, opt_dt_from_db
from storage.database import Conn


@dataclass(frozen=True, slots=True)
class SupportRequest:
    """One request for support a member chose to send, with their name."""

    id: int
    guild_id: int
    member_id: int
    message: str | None
    created_at: datetime


async def last_break(conn: Conn, limit_key: str) -> datetime | None:
    """When the holder of this key last had a break notice sent, if ever."""
    value = await conn.fetchval(
        "SELECT last_at FROM break_limits WHERE limit_key = ?", (limit_key,)
    )
    return opt_dt_from_db(value)


async def add_break(
    conn: Conn, *, guild_id: int, session_id: int | None, limit_key: str, now: datetime
) -> int:
    """Record one break request (no member) and move the key's last time to now."""
    await conn.execute(
        "INSERT INTO break_limits (limit_key, last_at) VALUES (?, ?) "
        "ON CONFLICT (limit_key) DO UPDATE SET last_at = excluded.last_at",
        (limit_key, dt_to_db(now)),
    )
    return await conn.insert(
        "INSERT INTO break_signals (guild_id, session_id, created_at) VALUES (?, ?, ?)",
        (guild_id, session_id, dt_to_db(now)),
    )


async def breaks_in_session(conn: Conn, session_id: int) -> int:
    """How many breaks were asked for during a session."""
    return int(
        await conn.fetchval(
            "SELECT count(*) FROM break_signals WHERE session_id = ?", (session_id,)
        )
    )


async def add_support(
    conn: Conn, *, guild_id: int, member_id: int, message: str | None, now: datetime
) -> int:
    """Record a support request the member agreed to send."""
    return await conn.insert(
        "INSERT INTO support_requests (guild_id, member_id, message, created_at) "
        "VALUES (?, ?, ?, ?)",
        (guild_id, member_id, message, dt_to_db(now)),
    )


async def support_for(conn: Conn, guild_id: int, member_id: int) -> list[SupportRequest]:
    """A member's own support requests, oldest first."""
    rows = await conn.fetchall(
        "SELECT id, guild_id, member_id, message, created_at FROM support_requests "
        "WHERE guild_id = ? AND member_id = ? ORDER BY id",
        (guild_id, member_id),
    )
    return [_support(r) for r in rows]


async def get_support(conn: Conn, request_id: int) -> SupportRequest | None:
    """One support request (None once the member erased it)."""
    row = await conn.fetchone(
        "SELECT id, guild_id, member_id, message, created_at FROM support_requests WHERE id = ?",
        (request_id,),
    )
    return None if row is None else _support(row)


def _support(r: Any) -> SupportRequest:
    return SupportRequest(
        id=r["id"],
        guild_id=r["guild_id"],
        member_id=r["member_id"],
        message=r["message"],
        created_at=dt_from_db(r["created_at"]),
    )


async def erase_support(conn: Conn, guild_id: int, member_id: int) -> int:
    """Delete a member's support requests; return how many went."""
    return await conn.execute(
        "DELETE FROM support_requests WHERE guild_id = ? AND member_id = ?",
        (guild_id, member_id),
    )


async def purge_breaks_before(conn: Conn, guild_id: int, cutoff: datetime) -> int:
    """Delete break requests older than `cutoff` (retention); return how many went."""
    return await conn.execute(
        "DELETE FROM break_signals WHERE guild_id = ? AND created_at < ?",
        (guild_id, dt_to_db(cutoff)),
    )


async def purge_break_limits_before(conn: Conn, cutoff: datetime) -> int:
    """Forget break-limit keys whose last notice is older than `cutoff`."""
    return await conn.execute("DELETE FROM break_limits WHERE last_at < ?", (dt_to_db(cutoff),))


async def _erase_support(
    conn: Conn, keys: member_data.MemberKeys, now: datetime
) -> member_data.Erased:
    return member_data.Erased(await erase_support(conn, keys.guild_id, keys.member_id))


async def _erase_break_limit(
    conn: Conn, keys: member_data.MemberKeys, now: datetime
) -> member_data.Erased:
    key = keys.anon("break", keys.guild_id, keys.member_id)
    count = await conn.execute("DELETE FROM break_limits WHERE limit_key = ?", (key,))
    return member_data.Erased(count)


member_data.register(
    member_data.MemberStore(
        name="support requests",
        tables=("support_requests",),
        list=member_data.listing(
            "SELECT message, created_at FROM support_requests "
            "WHERE guild_id = ? AND member_id = ? ORDER BY id"
        ),
        erase=_erase_support,
    )
)
member_data.register(
    member_data.MemberStore(
        name="last break asked for",
        tables=("break_limits", "break_signals"),
        list=member_data.listing(
            "SELECT last_at FROM break_limits WHERE limit_key = ?", by_key="break"
        ),
        erase=_erase_break_limit,
    )
)
