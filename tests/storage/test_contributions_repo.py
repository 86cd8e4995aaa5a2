"""The contributions table: migration 0015 moves posts that were still waiting to the outbox."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

from storage import notices
from storage.database import Database, load_migrations

NOW = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)
GUILD, CHANNEL = 1, 11


def _before_the_outbox(path: Path) -> None:
    """A database whose contributions still keep their own 'synced' flag."""
    moved = next(
        m.version
        for m in load_migrations()
        if m.name.endswith("_outbox.sql") and "contributions" in m.name
    )
    raw = sqlite3.connect(path)
    for migration in load_migrations()[: moved - 1]:
        raw.executescript(migration.sql)
    raw.execute(f"PRAGMA user_version = {moved - 1}")
    raw.execute(
        "INSERT INTO sessions (id, guild_id, title, channel_id, starts_at, length_minutes, "
        "created_by, created_at) VALUES (7, ?, 'Review', ?, ?, 60, 99, ?)",
        (GUILD, CHANNEL, NOW.isoformat(), NOW.isoformat()),
    )
    rows = [  # number, status, body, reason, message id, synced
        (1, "shown", "Waiting to be posted.", None, None, 0),
        (2, "shown", "Already posted.", None, 501, 1),
        (3, "hidden", "To be hidden.", "Off topic", 502, 0),
        (4, "taken_back", None, None, 503, 0),
        (5, "taken_back", None, None, None, 0),
    ]
    for number, status, body, reason, message_id, synced in rows:
        raw.execute(
            "INSERT INTO contributions (id, guild_id, number, session_id, pseudonym_key, letter, "
            "author_key, body, status, hidden_reason, channel_id, message_id, synced, "
            "created_at) VALUES (?, ?, ?, 7, ?, 0, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                number,
                GUILD,
                number,
                "p" * 64,
                "a" * 64,
                body,
                status,
                reason,
                CHANNEL,
                message_id,
                synced,
                NOW.isoformat(),
            ),
        )
    raw.commit()
    raw.close()


async def test_waiting_posts_edits_and_deletions_move_to_the_outbox(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    _before_the_outbox(path)
    db = await Database.open(path)
    try:
        async with db.read() as conn:
            moved = [
                (n.kind, n.subject_id, n.audience, n.target_id, n.message_id, n.owner_id)
                for i in range(1, 6)
                for n in await notices.about(
                    conn, i, ["contribution.post", "contribution.hidden", "contribution.delete"]
                )
            ]
            columns = [r[1] for r in await conn.fetchall("PRAGMA table_info(contributions)")]
    finally:
        await db.close()
    assert (moved, "synced" in columns) == (
        [
            ("contribution.post", 1, "channel", CHANNEL, None, None),
            ("contribution.hidden", 3, "edit", CHANNEL, 502, None),
            ("contribution.delete", 4, "delete", CHANNEL, 503, None),
        ],
        False,
    )
