"""The notices outbox table on a real SQLite file: keys, claims, commits, the migration."""

from __future__ import annotations

import sqlite3
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from storage import notices
from storage.database import Database, load_migrations

NOW = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
GUILD, MEMBER, CHANNEL = 10, 30, 20


@pytest.fixture
async def db(tmp_path: Path) -> AsyncIterator[Database]:
    database = await Database.open(tmp_path / "t.sqlite3")
    yield database
    await database.close()


async def _dm(db: Database, dedupe: str = "") -> int | None:
    async with db.transaction() as conn:
        return await notices.add(
            conn,
            kind="session.thanks",
            audience=notices.MEMBER,
            now=NOW,
            guild_id=GUILD,
            subject_id=1,
            target_id=MEMBER,
            dedupe=dedupe,
            channel_id=CHANNEL,
        )


async def test_the_same_notice_is_stored_once(db: Database) -> None:
    first = await _dm(db)
    again = await _dm(db)
    other = await _dm(db, dedupe="60")
    assert (first is not None, again, other is not None) == (True, None, True)


async def test_a_claimed_notice_is_not_claimed_again(db: Database) -> None:
    await _dm(db)
    async with db.transaction() as conn:
        (due,) = await notices.due(conn, NOW, limit=10)
        first = await notices.claim(conn, [due.id], now=NOW)
        second = await notices.claim(conn, [due.id], now=NOW)
    assert ([(n.status, n.attempts) for n in first], second) == ([("sending", 1)], [])


async def test_a_finished_notice_is_no_longer_due(db: Database) -> None:
    notice_id = await _dm(db)
    assert notice_id is not None
    async with db.transaction() as conn:
        await notices.claim(conn, [notice_id], now=NOW)
        await notices.finish(conn, notice_id, status="sent", via="dm", now=NOW)
        assert await notices.due(conn, NOW, limit=10) == []


async def test_a_retry_waits_until_its_time(db: Database) -> None:
    notice_id = await _dm(db)
    assert notice_id is not None
    later = NOW + timedelta(minutes=1)
    async with db.transaction() as conn:
        await notices.claim(conn, [notice_id], now=NOW)
        await notices.retry_at(conn, notice_id, later, error="500")
        before = await notices.due(conn, NOW, limit=10)
        after = await notices.due(conn, later, limit=10)
    assert (before, [n.id for n in after]) == ([], [notice_id])


async def test_a_notice_cut_off_by_a_crash_is_due_again(db: Database) -> None:
    notice_id = await _dm(db)
    assert notice_id is not None
    async with db.transaction() as conn:
        await notices.claim(conn, [notice_id], now=NOW)
    async with db.transaction() as conn:
        await notices.release_cut_off(conn)
        (again,) = await notices.due(conn, NOW, limit=10)
    assert (again.id, again.attempts) == (notice_id, 1)


async def test_listeners_hear_of_queued_notices_only_after_commit(db: Database) -> None:
    heard: list[frozenset[str]] = []
    db.on_commit(heard.append)
    with pytest.raises(RuntimeError):
        async with db.transaction() as conn:
            await notices.add(conn, kind="k", audience=notices.CHANNEL, now=NOW, target_id=1)
            raise RuntimeError("rolled back")
    await _dm(db)
    assert heard == [frozenset({notices.TABLE})]


def _old_database(path: Path) -> None:
    """A database just before the outbox, holding notices in the old session_notices table."""
    outbox = next(m.version for m in load_migrations() if m.name.endswith("_notices.sql"))
    raw = sqlite3.connect(path)
    for migration in load_migrations()[: outbox - 1]:
        raw.executescript(migration.sql)
    raw.execute(f"PRAGMA user_version = {outbox - 1}")
    raw.execute(
        "INSERT INTO sessions (id, guild_id, title, channel_id, starts_at, length_minutes, "
        "created_by, created_at) VALUES (7, ?, 'Review', ?, ?, 60, 99, ?)",
        (GUILD, CHANNEL, NOW.isoformat(), NOW.isoformat()),
    )
    rows = [
        ("reminder", 60, 0, "pending", None, '{"late": false}'),
        ("thanks", 0, MEMBER, "sent", "dm", '{"meeting": 60, "prep": 0}'),
        ("auto_ended", 0, 0, "pending", None, "{}"),
    ]
    for kind, offset, member, status, via, detail in rows:
        raw.execute(
            "INSERT INTO session_notices (session_id, kind, offset_minutes, member_id, status, "
            "via, detail, created_at) VALUES (7, ?, ?, ?, ?, ?, ?, ?)",
            (kind, offset, member, status, via, detail, NOW.isoformat()),
        )
    raw.commit()
    raw.close()


async def test_session_notices_move_to_the_outbox(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    _old_database(path)
    db = await Database.open(path)
    try:
        async with db.read() as conn:
            moved = await notices.about(
                conn, 7, ["session.reminder", "session.thanks", "session.auto_ended"]
            )
    finally:
        await db.close()
    assert [
        (n.kind, n.audience, n.target_id, n.dedupe, n.status, n.payload.get("offset"))
        for n in moved
    ] == [
        ("session.reminder", "panel", 0, "60", "pending", 60),
        ("session.thanks", "member", MEMBER, "", "sent", None),
        ("session.auto_ended", "channel", CHANNEL, "", "pending", None),
    ]
