"""Prompt storage on a real database: the move of "unclear" notices onto the outbox."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

from storage import notices
from storage.database import Database, load_migrations

NOW = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)
GUILD, COORD, CHANNEL, MESSAGE = 1, 100, 10, 555


def _before_outbox_move(path: Path) -> None:
    """A database just before 0011, holding a prompt whose "unclear" notice was pending."""
    move = next(m.version for m in load_migrations() if m.name.endswith("_prompts_outbox.sql"))
    raw = sqlite3.connect(path)
    for migration in load_migrations()[: move - 1]:
        raw.executescript(migration.sql)
    raw.execute(f"PRAGMA user_version = {move - 1}")
    raw.execute(
        "INSERT INTO prompts (id, guild_id, channel_id, message_id, text, reading_ease, status, "
        "unclear_notice, created_by, created_at, posted_at) "
        "VALUES (4, ?, ?, ?, 'What do you think?', 90, 'posted', 'pending', ?, ?, ?)",
        (GUILD, CHANNEL, MESSAGE, COORD, NOW.isoformat(), NOW.isoformat()),
    )
    raw.commit()
    raw.close()


async def test_a_pending_unclear_notice_moves_to_the_outbox(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    _before_outbox_move(path)
    db = await Database.open(path)
    try:
        async with db.read() as conn:
            moved = await notices.about(conn, 4, ["prompt.unclear"])
            state = await conn.fetchval("SELECT unclear_notice FROM prompts WHERE id = 4")
    finally:
        await db.close()
    assert (
        [(n.audience, n.target_id, n.status, n.payload["message_id"]) for n in moved],
        state,
    ) == ([("member", COORD, "pending", MESSAGE)], "sent")
