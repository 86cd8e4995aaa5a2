"""The audit log: who did what to what, and when. Never holds anonymous content."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from storage import member_data
from storage.codec import dt_from_db, dt_to_db
from storage.database import Conn


@dataclass(frozen=True, slots=True)
class AuditEntry:
    """One recorded coordinator or admin action, or a refusal."""

    id: int
    guild_id: int
    actor_id: int | None
    action: str
    target: str | None
    detail: dict[str, Any]
    created_at: datetime


async def record(
    conn: Conn,
    *,
    guild_id: int,
    actor_id: int | None,
    action: str,
    now: datetime,
    target: str | None = None,
    detail: dict[str, Any] | None = None,
) -> int:
    """Append one entry; return its id."""
    return await conn.insert(
        "INSERT INTO audit_log (guild_id, actor_id, action, target, detail, created_at) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        (
            guild_id,
            actor_id,
            action,
            target,
            json.dumps(detail or {}, sort_keys=True, default=str),
            dt_to_db(now),
        ),
    )


# A Discord id (user, member, message...) has 17 to 20 digits; counts and record ids are shorter.
_DISCORD_ID = re.compile(r"\d{15,}")
_PERSON_WORDS = ("actor", "author", "member", "user", "voter", "who", "by")

AnonValue = str | int | bool | None


class NotAnonymous(ValueError):
    """An anonymous audit entry was asked to hold something that could name a person."""


def check_anonymous(target: str | None, detail: Mapping[str, AnonValue]) -> None:
    """Refuse a target or detail that could name a person: Discord ids, person-like keys."""
    for key, value in detail.items():
        words = key.lower().replace("-", "_").split("_")
        if any(word in _PERSON_WORDS for word in words):
            raise NotAnonymous(f"An anonymous audit detail cannot hold {key!r}.")
        if not isinstance(value, AnonValue):
            raise NotAnonymous(f"An anonymous audit detail holds plain values only ({key!r}).")
        if value is not None and not isinstance(value, bool) and _DISCORD_ID.search(str(value)):
            raise NotAnonymous(f"An anonymous audit detail cannot hold a Discord id ({key!r}).")
    if target is not None and _DISCORD_ID.search(target):
        raise NotAnonymous("An anonymous audit target cannot hold a Discord id.")


async def record_anonymous(
    conn: Conn,
    *,
    guild_id: int,
    action: str,
    now: datetime,
    target: str | None = None,
    detail: Mapping[str, AnonValue] | None = None,
) -> int:
    """Append an entry about an anonymous action: no actor, and nothing in the target or
    detail that could name a person (checked: no Discord ids, no keys such as member_id)."""
    values = dict(detail or {})
    check_anonymous(target, values)
    return await record(
        conn, guild_id=guild_id, actor_id=None, action=action, now=now, target=target, detail=values
    )


async def recent(
    conn: Conn, guild_id: int, *, limit: int = 50, action: str | None = None
) -> list[AuditEntry]:
    """The newest entries for a panel, newest first, optionally of one action."""
    rows = await conn.fetchall(
        "SELECT id, guild_id, actor_id, action, target, detail, created_at FROM audit_log "
        "WHERE guild_id = ? AND (? IS NULL OR action = ?) ORDER BY id DESC LIMIT ?",
        (guild_id, action, action, limit),
    )
    return [
        AuditEntry(
            id=r["id"],
            guild_id=r["guild_id"],
            actor_id=r["actor_id"],
            action=r["action"],
            target=r["target"],
            detail=json.loads(r["detail"]),
            created_at=dt_from_db(r["created_at"]),
        )
        for r in rows
    ]


member_data.register(
    member_data.MemberStore(
        name="changes you made",
        tables=("audit_log",),
        list=member_data.listing(
            "SELECT action, target, created_at FROM audit_log "
            "WHERE guild_id = ? AND actor_id = ? ORDER BY id"
        ),
        kept_because=member_data.RECORD_KEEPS,
    )
)
