"""Prompts put to the panel (draft, posting, posted) and their anonymous "unclear" signals."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from storage import member_data
from storage.codec import dt_from_db, dt_to_db, opt_dt_from_db
from storage.database import Conn

DRAFT = "draft"
POSTING = "posting"
POSTED = "posted"


@dataclass(frozen=True, slots=True)
class Prompt:
    """One question put (or to be put) to the panel."""

    id: int
    guild_id: int
    session_id: int | None
    channel_id: int
    message_id: int | None
    text: str
    reading_ease: float
    status: str
    posted_anyway: bool
    unclear_notice: str | None
    created_by: int
    created_at: datetime
    posted_at: datetime | None


_COLUMNS = (
    "id, guild_id, session_id, channel_id, message_id, text, reading_ease, status, "
    "posted_anyway, unclear_notice, created_by, created_at, posted_at"
)


def _prompt(row: Any) -> Prompt:
    return Prompt(
        id=row["id"],
        guild_id=row["guild_id"],
        session_id=row["session_id"],
        channel_id=row["channel_id"],
        message_id=row["message_id"],
        text=row["text"],
        reading_ease=row["reading_ease"],
        status=row["status"],
        posted_anyway=bool(row["posted_anyway"]),
        unclear_notice=row["unclear_notice"],
        created_by=row["created_by"],
        created_at=dt_from_db(row["created_at"]),
        posted_at=opt_dt_from_db(row["posted_at"]),
    )


async def insert(
    conn: Conn,
    *,
    guild_id: int,
    channel_id: int,
    session_id: int | None,
    text: str,
    reading_ease: float,
    created_by: int,
    now: datetime,
    status: str = DRAFT,
) -> int:
    """Store a new prompt (a draft, or already claimed for posting); return its id."""
    return await conn.insert(
        "INSERT INTO prompts (guild_id, channel_id, session_id, text, reading_ease, status, "
        "created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (guild_id, channel_id, session_id, text, reading_ease, status, created_by, dt_to_db(now)),
    )


async def get(conn: Conn, prompt_id: int, *, guild_id: int | None = None) -> Prompt | None:
    """One prompt (of one panel, when given), or None."""
    row = await conn.fetchone(
        f"SELECT {_COLUMNS} FROM prompts WHERE id = ? "  # noqa: S608
        "AND (? IS NULL OR guild_id = ?)",
        (prompt_id, guild_id, guild_id),
    )
    return None if row is None else _prompt(row)


async def for_session(conn: Conn, session_id: int) -> list[Prompt]:
    """The posted prompts of a session, oldest first."""
    rows = await conn.fetchall(
        f"SELECT {_COLUMNS} FROM prompts WHERE session_id = ? AND status = 'posted' "  # noqa: S608
        "ORDER BY id",
        (session_id,),
    )
    return [_prompt(r) for r in rows]


async def revise(conn: Conn, prompt_id: int, *, text: str, reading_ease: float) -> bool:
    """Replace a draft's text; False when it is no longer a draft."""
    changed = await conn.execute(
        "UPDATE prompts SET text = ?, reading_ease = ? WHERE id = ? AND status = 'draft'",
        (text, reading_ease, prompt_id),
    )
    return changed == 1


async def claim(conn: Conn, prompt_id: int, *, anyway: bool) -> bool:
    """Draft -> posting (only one caller wins); `anyway` notes it was posted below the bar."""
    changed = await conn.execute(
        "UPDATE prompts SET status = 'posting', posted_anyway = ? "
        "WHERE id = ? AND status = 'draft'",
        (int(anyway), prompt_id),
    )
    return changed == 1


async def release(conn: Conn, prompt_id: int) -> bool:
    """Posting -> draft, when the post could not be made."""
    changed = await conn.execute(
        "UPDATE prompts SET status = 'draft', posted_anyway = 0 "
        "WHERE id = ? AND status = 'posting'",
        (prompt_id,),
    )
    return changed == 1


async def mark_posted(conn: Conn, prompt_id: int, *, message_id: int, now: datetime) -> bool:
    """Posting -> posted, with the message it was posted as."""
    changed = await conn.execute(
        "UPDATE prompts SET status = 'posted', message_id = ?, posted_at = ? "
        "WHERE id = ? AND status = 'posting'",
        (message_id, dt_to_db(now), prompt_id),
    )
    return changed == 1


async def add_unclear(conn: Conn, prompt_id: int, voter_key: str) -> bool:
    """Count one member's "This is unclear" once; False when they already said so."""
    changed = await conn.execute(
        "INSERT INTO prompt_unclear (prompt_id, voter_key) VALUES (?, ?) "
        "ON CONFLICT (prompt_id, voter_key) DO NOTHING",
        (prompt_id, voter_key),
    )
    return changed == 1


async def unclear_count(conn: Conn, prompt_id: int) -> int:
    """How many members said a prompt is unclear."""
    return int(
        await conn.fetchval("SELECT count(*) FROM prompt_unclear WHERE prompt_id = ?", (prompt_id,))
    )


async def set_unclear_notice(conn: Conn, prompt_id: int, status: str) -> bool:
    """Note that the coordinators' "unclear" notice was queued ('sent': it is in the notices
    outbox, which delivers it), so it is queued once."""
    changed = await conn.execute(
        "UPDATE prompts SET unclear_notice = ? WHERE id = ?", (status, prompt_id)
    )
    return changed == 1


async def purge_unclear_before(conn: Conn, guild_id: int, cutoff: datetime) -> int:
    """Delete the "unclear" signals on a panel's prompts posted before `cutoff` (retention).

    Signals keep no time of their own (so a press cannot be matched to a moment); they go
    with the age of their prompt.
    """
    return await conn.execute(
        "DELETE FROM prompt_unclear WHERE prompt_id IN "
        "(SELECT id FROM prompts WHERE guild_id = ? AND posted_at < ?)",
        (guild_id, dt_to_db(cutoff)),
    )


async def _own_unclear(conn: Conn, keys: member_data.MemberKeys) -> list[tuple[int, str]]:
    """(prompt id, key) of each "unclear" signal this member gave in this panel."""
    rows = await conn.fetchall(
        "SELECT u.prompt_id, u.voter_key FROM prompt_unclear u "
        "JOIN prompts p ON p.id = u.prompt_id WHERE p.guild_id = ?",
        (keys.guild_id,),
    )
    return [
        (row["prompt_id"], row["voter_key"])
        for row in rows
        if row["voter_key"] == keys.anon("unclear", keys.guild_id, row["prompt_id"], keys.member_id)
    ]


async def _list_unclear(conn: Conn, keys: member_data.MemberKeys) -> list[member_data.Record]:
    return [{"prompt": prompt_id} for prompt_id, _ in await _own_unclear(conn, keys)]


async def _erase_unclear(
    conn: Conn, keys: member_data.MemberKeys, now: datetime
) -> member_data.Erased:
    count = 0
    for prompt_id, key in await _own_unclear(conn, keys):
        count += await conn.execute(
            "DELETE FROM prompt_unclear WHERE prompt_id = ? AND voter_key = ?", (prompt_id, key)
        )
    return member_data.Erased(count)


member_data.register(
    member_data.MemberStore(
        name="questions you said are unclear",
        tables=("prompt_unclear",),
        list=_list_unclear,
        erase=_erase_unclear,
    )
)
member_data.register(
    member_data.MemberStore(
        name="questions you put to the panel",
        tables=("prompts",),
        list=member_data.listing(
            "SELECT id, text, status, posted_at FROM prompts "
            "WHERE guild_id = ? AND created_by = ? ORDER BY id"
        ),
        kept_because=(
            "These questions were posted in the panel's channels and are part of its record."
        ),
    )
)
