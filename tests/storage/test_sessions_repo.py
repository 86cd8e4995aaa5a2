"""Storage for sessions and the register, on a real SQLite file."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from storage import attendance
from storage import sessions as repo
from storage.database import Database
from storage.sessions import Session

NOW = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
GUILD = 10
CHANNEL = 20


@pytest.fixture
async def db(tmp_path: Path) -> AsyncIterator[Database]:
    database = await Database.open(tmp_path / "t.sqlite3")
    yield database
    await database.close()


async def _session(db: Database, *, channel: int = CHANNEL, title: str = "Review") -> Session:
    async with db.transaction() as conn:
        return await repo.insert(
            conn,
            guild_id=GUILD,
            title=title,
            channel_id=channel,
            starts_at=NOW + timedelta(hours=1),
            length_minutes=60,
            prep_minutes=15,
            agenda=None,
            content_note=None,
            created_by=1,
            now=NOW,
        )


async def test_a_new_session_reads_back_as_scheduled(db: Database) -> None:
    made = await _session(db)
    async with db.read() as conn:
        found = await repo.get(conn, made.id)
    assert (found, made.status) == (made, "scheduled")


async def test_get_within_another_guild_finds_nothing(db: Database) -> None:
    made = await _session(db)
    async with db.read() as conn:
        assert await repo.get(conn, made.id, guild_id=GUILD + 1) is None


async def test_second_live_session_in_one_channel_is_refused(db: Database) -> None:
    first, second = await _session(db), await _session(db, title="Other")
    async with db.transaction() as conn:
        await repo.mark_live(conn, first.id, started_by=1, now=NOW)
    with pytest.raises(repo.AlreadyLiveInChannel):
        async with db.transaction() as conn:
            await repo.mark_live(conn, second.id, started_by=1, now=NOW)


async def test_live_sessions_in_different_channels_are_fine(db: Database) -> None:
    first, second = await _session(db), await _session(db, channel=CHANNEL + 1)
    async with db.transaction() as conn:
        await repo.mark_live(conn, first.id, started_by=1, now=NOW)
        await repo.mark_live(conn, second.id, started_by=1, now=NOW)
        live = await repo.live(conn, guild_id=GUILD)
    assert [s.id for s in live] == [first.id, second.id]


async def test_ending_a_session_that_is_not_live_changes_nothing(db: Database) -> None:
    made = await _session(db)
    async with db.transaction() as conn:
        assert not await repo.mark_ended(conn, made.id, ended_by=1, ended_at=NOW)


async def test_planned_end_follows_a_late_start(db: Database) -> None:
    made = await _session(db)
    late = made.starts_at + timedelta(minutes=20)
    async with db.transaction() as conn:
        await repo.mark_live(conn, made.id, started_by=1, now=late)
        live = await repo.get(conn, made.id)
    assert (live.planned_end if live else None) == late + timedelta(minutes=60)


async def test_one_open_interval_per_member_and_source(db: Database) -> None:
    made = await _session(db)
    async with db.transaction() as conn:
        first = await attendance.open_interval(conn, made.id, 5, source="voice", at=NOW)
        again = await attendance.open_interval(conn, made.id, 5, source="voice", at=NOW)
        button = await attendance.open_interval(conn, made.id, 5, source="button", at=NOW)
    assert (first, again, button) == (True, False, True)


async def test_closing_never_goes_before_joining(db: Database) -> None:
    made = await _session(db)
    async with db.transaction() as conn:
        await attendance.open_interval(conn, made.id, 5, source="voice", at=NOW)
        await attendance.close_interval(
            conn, made.id, 5, source="voice", at=NOW - timedelta(minutes=5)
        )
        (span,) = await attendance.for_session(conn, made.id)
    assert span.left_at == NOW


async def test_close_all_closes_every_open_interval(db: Database) -> None:
    made = await _session(db)
    later = NOW + timedelta(minutes=30)
    async with db.transaction() as conn:
        for member in (5, 6):
            await attendance.open_interval(conn, made.id, member, source="voice", at=NOW)
        await attendance.close_all(conn, made.id, at=later)
        spans = await attendance.for_session(conn, made.id)
    assert [s.left_at for s in spans] == [later, later]


async def test_heartbeat_marks_only_live_sessions_of_the_guild(db: Database) -> None:
    live, planned = await _session(db), await _session(db, channel=CHANNEL + 1)
    beat = NOW + timedelta(minutes=3)
    async with db.transaction() as conn:
        await repo.mark_live(conn, live.id, started_by=1, now=NOW)
        await repo.heartbeat(conn, beat, guild_id=GUILD)
        found = [await repo.get(conn, s.id) for s in (live, planned)]
    assert [s.heartbeat_at if s else None for s in found] == [beat, None]
