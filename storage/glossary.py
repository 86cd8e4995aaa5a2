"""A panel's own glossary words (the built-in ones ship in bot/data/glossary.json)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from storage import member_data
from storage.codec import dt_from_db, dt_to_db
from storage.database import Conn


@dataclass(frozen=True, slots=True)
class PanelTerm:
    """One word a panel added, with its plain meaning."""

    guild_id: int
    term: str
    meaning: str
    created_by: int
    created_at: datetime


_COLUMNS = "guild_id, term, meaning, created_by, created_at"


def _term(row: Any) -> PanelTerm:
    return PanelTerm(
        guild_id=row["guild_id"],
        term=row["term"],
        meaning=row["meaning"],
        created_by=row["created_by"],
        created_at=dt_from_db(row["created_at"]),
    )


async def for_guild(conn: Conn, guild_id: int) -> list[PanelTerm]:
    """Every word a panel added, in alphabetical order."""
    rows = await conn.fetchall(
        f"SELECT {_COLUMNS} FROM glossary_terms WHERE guild_id = ? ORDER BY term",  # noqa: S608
        (guild_id,),
    )
    return [_term(r) for r in rows]


async def get(conn: Conn, guild_id: int, term: str) -> PanelTerm | None:
    """One of a panel's words, or None."""
    row = await conn.fetchone(
        f"SELECT {_COLUMNS} FROM glossary_terms WHERE guild_id = ? AND term = ?",  # noqa: S608
        (guild_id, term),
    )
    return None if row is None else _term(row)


async def count(conn: Conn, guild_id: int) -> int:
    """How many words a panel added."""
    return int(
        await conn.fetchval("SELECT count(*) FROM glossary_terms WHERE guild_id = ?", (guild_id,))
    )


async def put(
    conn: Conn, *, guild_id: int, term: str, meaning: str, created_by: int, now: datetime
) -> None:
    """Add a word, or replace the meaning of one the panel already has."""
    await conn.execute(
        "INSERT INTO glossary_terms (guild_id, term, meaning, created_by, created_at) "
        "VALUES (?, ?, ?, ?, ?) ON CONFLICT (guild_id, term) DO UPDATE SET "
        "meaning = excluded.meaning, created_by = excluded.created_by, "
        "created_at = excluded.created_at",
        (guild_id, term, meaning, created_by, dt_to_db(now)),
    )


async def remove(conn: Conn, guild_id: int, term: str) -> bool:
    """Remove one of a panel's words; False when it had no such word."""
    changed = await conn.execute(
        "DELETE FROM glossary_terms WHERE guild_id = ? AND term = ?", (guild_id, term)
    )
    return changed == 1


member_data.register(
    member_data.MemberStore(
        name="words you added to the glossary",
        tables=("glossary_terms",),
        list=member_data.listing(
            "SELECT term, meaning, created_at FROM glossary_terms "
            "WHERE guild_id = ? AND created_by = ? ORDER BY term"
        ),
        kept_because=(
            "These words are part of the panel's glossary, which every member uses. "
            "Your name is not shown with them."
        ),
    )
)
