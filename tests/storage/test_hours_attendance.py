"""Attendance entries written when a session ends: pending, audited, never written twice."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from bot.services.hours.ledger import NewEntry, add_attendance_entries, entries_for_session
from storage import audit, sessions
from storage.database import Database

NOW = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)
GUILD = 10


@pytest.fixture
async def db(tmp_path: Path) -> AsyncIterator[Database]:
    database = await Database.open(tmp_path / "t.sqlite3")
    yield database
    await database.close()


async def _session(db: Database) -> int:
    async with db.transaction() as conn:
        session = await sessions.insert(
            conn,
            guild_id=GUILD,
            title="Panel",
            channel_id=5,
            starts_at=NOW,
            length_minutes=90,
            prep_minutes=0,
            agenda=None,
            content_note=None,
            created_by=1,
            now=NOW,
        )
    return session.id


ENTRIES = [
    NewEntry(member_id=100, activity="meeting", minutes=90, work_date=date(2026, 3, 2)),
    NewEntry(member_id=100, activity="preparation", minutes=30, work_date=date(2026, 3, 2)),
    NewEntry(member_id=200, activity="meeting", minutes=90, work_date=date(2026, 3, 2)),
]


async def test_attendance_entries_are_pending(db: Database) -> None:
    session_id = await _session(db)
    async with db.transaction() as conn:
        written = await add_attendance_entries(
            conn, guild_id=GUILD, session_id=session_id, entries=ENTRIES, created_by=1, now=NOW
        )
    assert [(e.member_id, e.activity, e.minutes, e.status, e.source) for e in written] == [
        (100, "meeting", 90, "pending", "attendance"),
        (100, "preparation", 30, "pending", "attendance"),
        (200, "meeting", 90, "pending", "attendance"),
    ]


async def test_ending_twice_writes_each_entry_once(db: Database) -> None:
    session_id = await _session(db)
    for _ in range(2):
        async with db.transaction() as conn:
            await add_attendance_entries(
                conn, guild_id=GUILD, session_id=session_id, entries=ENTRIES, created_by=1, now=NOW
            )
    assert len(await entries_for_session(db, GUILD, session_id)) == 3


async def test_each_attendance_entry_is_audited(db: Database) -> None:
    session_id = await _session(db)
    async with db.transaction() as conn:
        await add_attendance_entries(
            conn, guild_id=GUILD, session_id=session_id, entries=ENTRIES, created_by=1, now=NOW
        )
    async with db.read() as conn:
        logged = await audit.recent(conn, GUILD, action="hours.attendance")
    assert len(logged) == 3


async def test_a_failed_session_end_leaves_no_entries(db: Database) -> None:
    session_id = await _session(db)
    with pytest.raises(RuntimeError):
        async with db.transaction() as conn:
            await add_attendance_entries(
                conn, guild_id=GUILD, session_id=session_id, entries=ENTRIES, created_by=1, now=NOW
            )
            raise RuntimeError("session end failed later")
    assert await entries_for_session(db, GUILD, session_id) == []
