"""Anonymous contributions: no user column, only keyed hashes (see migration 0013).

Their posts, edits and deletions go through the notices outbox (bot/services/notices.py),
queued in the same transaction as the change; `message_id` is the bot's post once sent.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from storage import member_data
from storage.codec import dt_from_db, dt_to_db
from storage.database import Conn
from storage.member_data import Erased, MemberKeys

SHOWN = "shown"
HIDDEN = "hidden"
TAKEN_BACK = "taken_back"


@dataclass(frozen=True, slots=True)
class Contribution:
    """One anonymous contribution (its text is None once taken back)."""

    id: int
    guild_id: int
    number: int
    session_id: int | None
    prompt_id: int | None
    letter: int
    body: str | None
    status: str
    hidden_reason: str | None
    channel_id: int
    reply_to_id: int | None
    message_id: int | None
    created_at: datetime


_COLUMNS = (
    "id, guild_id, number, session_id, prompt_id, letter, body, status, hidden_reason, "
    "channel_id, reply_to_id, message_id, created_at"
)


def _row(r: Any) -> Contribution:
    return Contribution(
        id=r["id"],
        guild_id=r["guild_id"],
        number=r["number"],
        session_id=r["session_id"],
        prompt_id=r["prompt_id"],
        letter=r["letter"],
        body=r["body"],
        status=r["status"],
        hidden_reason=r["hidden_reason"],
        channel_id=r["channel_id"],
        reply_to_id=r["reply_to_id"],
        message_id=r["message_id"],
        created_at=dt_from_db(r["created_at"]),
    )


# The pseudonym scope: one session, or one prompt posted outside any session.
_SCOPE = "session_id IS ? AND (session_id IS NOT NULL OR prompt_id IS ?)"


async def letter_for(
    conn: Conn, *, session_id: int | None, prompt_id: int | None, pseudonym_key: str
) -> int:
    """The pseudonym's letter in its scope: its own if it posted before, else the next free."""
    found = await conn.fetchval(
        f"SELECT letter FROM contributions WHERE {_SCOPE} AND pseudonym_key = ? LIMIT 1",  # noqa: S608
        (session_id, prompt_id, pseudonym_key),
    )
    if found is not None:
        return int(found)
    top = await conn.fetchval(
        f"SELECT max(letter) FROM contributions WHERE {_SCOPE}",  # noqa: S608
        (session_id, prompt_id),
    )
    return 0 if top is None else int(top) + 1


async def recent_count(
    conn: Conn,
    *,
    session_id: int | None,
    prompt_id: int | None,
    pseudonym_key: str,
    since: datetime,
) -> int:
    """How many contributions a pseudonym made in its scope after `since` (taken back too)."""
    return int(
        await conn.fetchval(
            f"SELECT count(*) FROM contributions WHERE {_SCOPE} "  # noqa: S608
            "AND pseudonym_key = ? AND created_at > ?",
            (session_id, prompt_id, pseudonym_key, dt_to_db(since)),
        )
    )


async def insert(
    conn: Conn,
    *,
    guild_id: int,
    session_id: int | None,
    prompt_id: int | None,
    pseudonym_key: str,
    letter: int,
    author_key: str,
    body: str,
    channel_id: int,
    reply_to_id: int | None,
    now: datetime,
) -> Contribution:
    """Store a new contribution with the panel's next #N; it waits to be posted."""
    new_id = await conn.insert(
        "INSERT INTO contributions (guild_id, number, session_id, prompt_id, pseudonym_key, "
        "letter, author_key, body, channel_id, reply_to_id, created_at) VALUES (?, "
        "(SELECT coalesce(max(number), 0) + 1 FROM contributions WHERE guild_id = ?), "
        "?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            guild_id,
            guild_id,
            session_id,
            prompt_id,
            pseudonym_key,
            letter,
            author_key,
            body,
            channel_id,
            reply_to_id,
            dt_to_db(now),
        ),
    )
    made = await get(conn, new_id)
    assert made is not None
    return made


async def get(conn: Conn, contribution_id: int) -> Contribution | None:
    """One contribution by its row id, or None."""
    row = await conn.fetchone(
        f"SELECT {_COLUMNS} FROM contributions WHERE id = ?",  # noqa: S608
        (contribution_id,),
    )
    return None if row is None else _row(row)


async def by_number(conn: Conn, guild_id: int, number: int) -> Contribution | None:
    """One contribution by its panel-wide #N, or None."""
    row = await conn.fetchone(
        f"SELECT {_COLUMNS} FROM contributions WHERE guild_id = ? AND number = ?",  # noqa: S608
        (guild_id, number),
    )
    return None if row is None else _row(row)


async def own(
    conn: Conn,
    *,
    guild_id: int,
    author_key: str,
    number: int | None = None,
    contribution_id: int | None = None,
) -> Contribution | None:
    """An author's own contribution that is not taken back, by #N or by row id, or None."""
    row = await conn.fetchone(
        f"SELECT {_COLUMNS} FROM contributions WHERE guild_id = ? AND author_key = ? "  # noqa: S608
        "AND status != 'taken_back' AND (? IS NULL OR number = ?) AND (? IS NULL OR id = ?)",
        (guild_id, author_key, number, number, contribution_id, contribution_id),
    )
    return None if row is None else _row(row)


async def own_list(
    conn: Conn, *, guild_id: int, author_key: str, typed: str = "", limit: int = 25
) -> list[Contribution]:
    """An author's contributions that can still be taken back, newest first."""
    rows = await conn.fetchall(
        f"SELECT {_COLUMNS} FROM contributions WHERE guild_id = ? AND author_key = ? "  # noqa: S608
        "AND status != 'taken_back' "
        "AND (? = '' OR instr(CAST(number AS TEXT), ?) > 0 OR instr(lower(body), lower(?)) > 0) "
        "ORDER BY number DESC LIMIT ?",
        (guild_id, author_key, typed, typed, typed, limit),
    )
    return [_row(r) for r in rows]


async def search_shown(
    conn: Conn, guild_id: int, *, typed: str = "", limit: int = 25
) -> list[Contribution]:
    """Shown contributions of a panel (for a coordinator to pick), newest first."""
    rows = await conn.fetchall(
        f"SELECT {_COLUMNS} FROM contributions WHERE guild_id = ? AND status = 'shown' "  # noqa: S608
        "AND (? = '' OR instr(CAST(number AS TEXT), ?) > 0 OR instr(lower(body), lower(?)) > 0) "
        "ORDER BY number DESC LIMIT ?",
        (guild_id, typed, typed, typed, limit),
    )
    return [_row(r) for r in rows]


async def shown_in_session(conn: Conn, session_id: int) -> list[Contribution]:
    """A session's contributions still shown (not hidden, not taken back), by #N."""
    rows = await conn.fetchall(
        f"SELECT {_COLUMNS} FROM contributions WHERE session_id = ? "  # noqa: S608
        "AND status = 'shown' ORDER BY number",
        (session_id,),
    )
    return [_row(r) for r in rows]


async def take_back(conn: Conn, contribution_id: int) -> bool:
    """Delete the text and mark it taken back; False if it already was."""
    changed = await conn.execute(
        "UPDATE contributions SET status = 'taken_back', body = NULL, hidden_reason = NULL "
        "WHERE id = ? AND status != 'taken_back'",
        (contribution_id,),
    )
    return changed == 1


async def hide(conn: Conn, contribution_id: int, *, reason: str) -> bool:
    """Mark a shown contribution hidden; False if it is not shown."""
    changed = await conn.execute(
        "UPDATE contributions SET status = 'hidden', hidden_reason = ? "
        "WHERE id = ? AND status = 'shown'",
        (reason, contribution_id),
    )
    return changed == 1


async def set_message(conn: Conn, contribution_id: int, message_id: int) -> Contribution | None:
    """Record the bot's post of a contribution; return the row as it stands now."""
    await conn.execute(
        "UPDATE contributions SET message_id = ? WHERE id = ?", (message_id, contribution_id)
    )
    return await get(conn, contribution_id)


async def count_for_author(conn: Conn, guild_id: int, author_key: str) -> int:
    """How many contributions an author has that still hold text (for /mydata)."""
    return int(
        await conn.fetchval(
            "SELECT count(*) FROM contributions WHERE guild_id = ? AND author_key = ? "
            "AND status != 'taken_back'",
            (guild_id, author_key),
        )
    )


async def erase_for_author(conn: Conn, guild_id: int, author_key: str) -> int:
    """Erase an author's contributions: texts gone, posts to be deleted, keys unlinked.

    The letters stay taken (each erased pseudonym gets a random key of its own), so nobody
    else is ever given the same "Contributor" letter in that session. The posts' message ids
    go too (the caller queued their deletion first). Returns how many rows held text.
    """
    rows = await conn.fetchall(
        "SELECT DISTINCT session_id, prompt_id, pseudonym_key FROM contributions "
        "WHERE guild_id = ? AND author_key = ?",
        (guild_id, author_key),
    )
    erased = await count_for_author(conn, guild_id, author_key)
    for r in rows:
        await conn.execute(
            f"UPDATE contributions SET pseudonym_key = ? WHERE {_SCOPE} "  # noqa: S608
            "AND pseudonym_key = ?",
            (secrets.token_hex(32), r["session_id"], r["prompt_id"], r["pseudonym_key"]),
        )
    await conn.execute(
        "UPDATE contributions SET body = NULL, hidden_reason = NULL, author_key = NULL, "
        "message_id = NULL, status = 'taken_back' WHERE guild_id = ? AND author_key = ?",
        (guild_id, author_key),
    )
    return erased


async def posts_before(conn: Conn, guild_id: int, cutoff: datetime) -> list[tuple[int, int]]:
    """Retention: the posts (channel id, message id) of contributions made before `cutoff`
    that may still be up in Discord, for the caller to queue their deletion."""
    rows = await conn.fetchall(
        "SELECT channel_id, message_id FROM contributions WHERE guild_id = ? "
        "AND created_at < ? AND message_id IS NOT NULL ORDER BY id",
        (guild_id, dt_to_db(cutoff)),
    )
    return [(r["channel_id"], r["message_id"]) for r in rows]


async def purge_before(conn: Conn, guild_id: int, cutoff: datetime) -> int:
    """Retention: contributions made before `cutoff` lose their words, keys and post (the
    bare number, session and time stay, so numbers are never given twice). Call
    `posts_before` first to queue the posts' deletion. Returns how many rows changed."""
    return await conn.execute(
        "UPDATE contributions SET body = NULL, hidden_reason = NULL, author_key = NULL, "
        "pseudonym_key = lower(hex(randomblob(32))), message_id = NULL, status = 'taken_back' "
        "WHERE guild_id = ? AND created_at < ? "
        "AND (body IS NOT NULL OR author_key IS NOT NULL OR message_id IS NOT NULL)",
        (guild_id, dt_to_db(cutoff)),
    )


async def _erase_for_member(conn: Conn, keys: MemberKeys, now: datetime) -> Erased:
    """/mydata erase: the member's contributions lose their words and keys; the posts still
    up are returned for the caller to take down."""
    key = keys.anon("author", keys.guild_id, keys.member_id)
    showing = await conn.fetchall(
        "SELECT channel_id, message_id FROM contributions WHERE guild_id = ? "
        "AND author_key = ? AND message_id IS NOT NULL AND status != 'taken_back'",
        (keys.guild_id, key),
    )
    count = await erase_for_author(conn, keys.guild_id, key)
    return Erased(count=count, posts=[(r["channel_id"], r["message_id"]) for r in showing])


member_data.register(
    member_data.MemberStore(
        name="anonymous posts",
        tables=("contributions",),
        list=member_data.listing(
            "SELECT number, session_id, prompt_id, status, body, created_at "
            "FROM contributions WHERE author_key = ? ORDER BY number",
            by_key="author",
        ),
        erase=_erase_for_member,
    )
)
