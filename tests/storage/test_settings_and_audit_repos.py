"""Panel settings, audit log and meta repositories against a real SQLite file."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from storage import audit, guild_settings, meta
from storage.database import Database

NOW = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)


@pytest.fixture
async def db(tmp_path: Path) -> AsyncIterator[Database]:
    database = await Database.open(tmp_path / "leap.sqlite3")
    yield database
    await database.close()


async def test_unknown_guild_gets_default_settings(db: Database) -> None:
    async with db.read() as conn:
        settings = await guild_settings.get(conn, 1)
    assert (settings.timezone, settings.reminder_offsets) == ("Europe/London", (1440, 60))


async def test_updated_settings_are_read_back(db: Database) -> None:
    async with db.transaction() as conn:
        await guild_settings.update(
            conn, 1, NOW, timezone="Europe/Paris", reminder_offsets=(120, 15)
        )
    async with db.read() as conn:
        settings = await guild_settings.get(conn, 1)
    assert (settings.timezone, settings.reminder_offsets) == ("Europe/Paris", (120, 15))


async def test_update_refuses_unknown_column(db: Database) -> None:
    with pytest.raises(ValueError, match="Unknown settings"):
        async with db.transaction() as conn:
            await guild_settings.update(conn, 1, NOW, **{"timezone = 'x'; --": "y"})


async def test_naive_time_is_refused(db: Database) -> None:
    with pytest.raises(ValueError, match="Naive"):
        async with db.transaction() as conn:
            await guild_settings.update(conn, 1, datetime(2026, 1, 1), timezone="UTC")  # noqa: DTZ001


async def test_audit_entries_come_back_newest_first(db: Database) -> None:
    async with db.transaction() as conn:
        await audit.record(conn, guild_id=1, actor_id=5, action="a.first", now=NOW)
        await audit.record(
            conn, guild_id=1, actor_id=5, action="a.second", now=NOW, detail={"x": 1}
        )
    async with db.read() as conn:
        entries = await audit.recent(conn, 1)
    assert [(e.action, e.detail) for e in entries] == [("a.second", {"x": 1}), ("a.first", {})]


async def test_meta_put_replaces_value(db: Database) -> None:
    async with db.transaction() as conn:
        await meta.put(conn, "k", "1")
        await meta.put(conn, "k", "2")
    async with db.read() as conn:
        assert await meta.get(conn, "k") == "2"


async def test_settings_read_after_an_update_are_fresh(db: Database) -> None:
    async with db.read() as conn:
        await guild_settings.get(conn, 1)  # fills the cache with the defaults
    async with db.transaction() as conn:
        await guild_settings.update(conn, 1, NOW, timezone="Asia/Tokyo")
    async with db.read() as conn:
        assert (await guild_settings.get(conn, 1)).timezone == "Asia/Tokyo"


async def test_rolled_back_settings_are_not_remembered(db: Database) -> None:
    with pytest.raises(RuntimeError):
        async with db.transaction() as conn:
            await guild_settings.update(conn, 1, NOW, timezone="Asia/Tokyo")
            await guild_settings.get(conn, 1)
            raise RuntimeError("undo")
    async with db.read() as conn:
        assert (await guild_settings.get(conn, 1)).timezone == "Europe/London"


async def test_row_counts_count_the_foundation_tables(db: Database) -> None:
    async with db.transaction() as conn:
        await audit.record(conn, guild_id=1, actor_id=2, action="setup.roles", now=NOW)
    async with db.read() as conn:
        counts = await meta.row_counts(conn)
    assert counts == {"guild_settings": 0, "timers": 0, "audit_log": 1}


async def test_anonymous_audit_entry_has_no_actor(db: Database) -> None:
    async with db.transaction() as conn:
        await audit.record_anonymous(
            conn, guild_id=1, action="break.asked", now=NOW, target="session:4", detail={"n": 1}
        )
        [entry] = await audit.recent(conn, 1)
    assert (entry.actor_id, entry.target, entry.detail) == (None, "session:4", {"n": 1})


@pytest.mark.parametrize(
    ("target", "detail"),
    [
        (None, {"member_id": 5}),
        (None, {"actor": "x"}),
        (None, {"voter_key": "abc"}),
        (None, {"who": "x"}),
        (None, {"note": 123456789012345678}),
        (None, {"note": "by <@123456789012345678>"}),
        ("member:123456789012345678", {}),
        (None, {"nested": [1]}),
    ],
)
async def test_anonymous_audit_refuses_anything_that_could_name_a_person(
    db: Database, target: str | None, detail: dict[str, object]
) -> None:
    with pytest.raises(audit.NotAnonymous):
        async with db.transaction() as conn:
            await audit.record_anonymous(
                conn,
                guild_id=1,
                action="x",
                now=NOW,
                target=target,
                detail=detail,  # type: ignore[arg-type]
            )
    async with db.read() as conn:
        assert await audit.recent(conn, 1) == []
