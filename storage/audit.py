"""The audit log: who did what to what, and when. Never holds anonymous content."""

from __future__ import annotations

import json
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
