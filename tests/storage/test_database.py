"""The database layer against real SQLite files: migrations, transactions, backup."""

from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path

import pytest

from storage import database, meta
from storage.database import Database, DatabaseError, Migration, load_migrations


async def test_migrations_from_empty_reach_latest_version(tmp_path: Path) -> None:
    db = await Database.open(tmp_path / "leap.sqlite3")
    try:
        assert await db.version() == len(load_migrations())
    finally:
        await db.close()


async def test_migrations_create_the_foundation_tables(tmp_path: Path) -> None:
    db = await Database.open(tmp_path / "leap.sqlite3")
    try:
        async with db.read() as conn:
            rows = await conn.fetchall("SELECT name FROM sqlite_master WHERE type = 'table'")
        assert {"guild_settings", "audit_log", "timers", "bot_meta"} <= {r["name"] for r in rows}
    finally:
        await db.close()


async def test_reopening_applies_no_migration_twice(tmp_path: Path) -> None:
    path = tmp_path / "leap.sqlite3"
    await (await Database.open(path)).close()
    db = await Database.open(path, migrate=False)
    try:
        assert await db.migrate() == []
    finally:
        await db.close()


async def test_database_runs_in_wal_mode_with_foreign_keys(tmp_path: Path) -> None:
    db = await Database.open(tmp_path / "leap.sqlite3")
    try:
        async with db.read() as conn:
            assert await conn.fetchval("PRAGMA foreign_keys") == 1
        async with db.read() as conn:
            assert (await conn.fetchval("PRAGMA journal_mode")).lower() == "wal"
    finally:
        await db.close()


async def test_failing_migration_leaves_database_as_it_was(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "leap.sqlite3"
    await (await Database.open(path)).close()
    good = load_migrations()
    bad = Migration(
        len(good) + 1,
        f"{len(good) + 1:04d}_broken.sql",
        "CREATE TABLE half_done (x INTEGER);\nINSERT INTO no_such_table VALUES (1);",
    )
    monkeypatch.setattr(database, "load_migrations", lambda: [*good, bad])
    with pytest.raises(DatabaseError, match="broken"):
        await Database.open(path)
    raw = sqlite3.connect(path)
    try:
        assert raw.execute("PRAGMA user_version").fetchone()[0] == len(good)
        tables = {r[0] for r in raw.execute("SELECT name FROM sqlite_master")}
        assert "half_done" not in tables
    finally:
        raw.close()


async def test_transaction_rolls_back_on_error(tmp_path: Path) -> None:
    db = await Database.open(tmp_path / "leap.sqlite3")
    try:
        with pytest.raises(RuntimeError):
            async with db.transaction() as conn:
                await conn.execute("INSERT INTO bot_meta (key, value) VALUES ('a', '1')")
                raise RuntimeError("boom")
        async with db.read() as conn:
            assert await conn.fetchval("SELECT count(*) FROM bot_meta") == 0
    finally:
        await db.close()


async def test_savepoint_undoes_only_its_own_block(tmp_path: Path) -> None:
    db = await Database.open(tmp_path / "leap.sqlite3")
    try:
        async with db.transaction() as conn:
            await meta.put(conn, "kept", "1")
            with pytest.raises(RuntimeError):
                async with conn.savepoint():
                    await meta.put(conn, "undone", "1")
                    raise RuntimeError("boom")
            async with conn.savepoint():
                await meta.put(conn, "after", "1")
        async with db.read() as conn:
            found = [await meta.get(conn, k) for k in ("kept", "undone", "after")]
        assert found == ["1", None, "1"]
    finally:
        await db.close()


async def test_writer_cancelled_while_beginning_leaves_the_connection_usable(
    tmp_path: Path,
) -> None:
    """A task cancelled while its BEGIN is on its way must not leave a transaction open."""
    db = await Database.open(tmp_path / "leap.sqlite3")

    async def writer() -> None:
        async with db.transaction() as conn:
            await conn.execute("INSERT INTO bot_meta (key, value) VALUES ('lost', 'v')")

    try:
        task = asyncio.create_task(writer())
        await asyncio.sleep(0)  # one step: the task now waits for its BEGIN
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)
        async with db.transaction() as conn:
            await conn.execute("INSERT INTO bot_meta (key, value) VALUES ('kept', 'v')")
        async with db.read() as conn:
            rows = await conn.fetchall("SELECT key FROM bot_meta ORDER BY key")
        assert [r["key"] for r in rows] == ["kept"]
    finally:
        await db.close()


async def test_concurrent_writers_lose_nothing_and_leak_nothing(tmp_path: Path) -> None:
    """200 tasks share the connection; every third fails. Exactly the others' rows remain."""
    db = await Database.open(tmp_path / "leap.sqlite3")

    async def writer(n: int) -> None:
        async with db.transaction() as conn:
            await conn.execute("INSERT INTO bot_meta (key, value) VALUES (?, ?)", (f"k{n}", "v"))
            await asyncio.sleep(0)  # let other tasks run mid-transaction
            await conn.execute("UPDATE bot_meta SET value = 'w' WHERE key = ?", (f"k{n}",))
            if n % 3 == 0:
                raise ValueError(n)

    try:
        results = await asyncio.gather(*(writer(n) for n in range(200)), return_exceptions=True)
        failed = {n for n, r in enumerate(results) if isinstance(r, ValueError)}
        async with db.read() as conn:
            rows = await conn.fetchall("SELECT key, value FROM bot_meta")
        assert {r["key"] for r in rows} == {f"k{n}" for n in range(200) if n not in failed}
        assert {r["value"] for r in rows} == {"w"}
    finally:
        await db.close()


async def test_backup_while_writing_is_consistent(tmp_path: Path) -> None:
    db = await Database.open(tmp_path / "leap.sqlite3")

    async def write_many() -> None:
        for n in range(300):
            async with db.transaction() as conn:
                await conn.execute(
                    "INSERT INTO bot_meta (key, value) VALUES (?, ?)", (f"k{n}", "v")
                )

    try:
        writing = asyncio.create_task(write_many())
        await asyncio.sleep(0)
        await db.backup(tmp_path / "copy.sqlite3")
        await writing
        copy = sqlite3.connect(tmp_path / "copy.sqlite3")
        try:
            assert copy.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            keys = {r[0] for r in copy.execute("SELECT key FROM bot_meta")}
            assert keys == {f"k{n}" for n in range(len(keys))}  # whole transactions, in order
            assert copy.execute("PRAGMA user_version").fetchone()[0] == len(load_migrations())
        finally:
            copy.close()
    finally:
        await db.close()


async def test_command_line_backup_while_the_bot_writes_is_consistent(tmp_path: Path) -> None:
    """`python -m bot backup` copies from another connection while the bot keeps writing."""
    db = await Database.open(tmp_path / "leap.sqlite3")

    async def write_many() -> None:
        for n in range(300):
            async with db.transaction() as conn:
                await conn.execute(
                    "INSERT INTO bot_meta (key, value) VALUES (?, ?)", (f"k{n}", "v")
                )

    try:
        writing = asyncio.create_task(write_many())
        await asyncio.to_thread(
            database.backup_file, tmp_path / "leap.sqlite3", tmp_path / "copy.sqlite3"
        )
        await writing
    finally:
        await db.close()
    copy = sqlite3.connect(tmp_path / "copy.sqlite3")
    try:
        keys = {r[0] for r in copy.execute("SELECT key FROM bot_meta")}
        assert (copy.execute("PRAGMA integrity_check").fetchone()[0], keys) == (
            "ok",
            {f"k{n}" for n in range(len(keys))},
        )
    finally:
        copy.close()


async def test_offline_backup_copies_every_row(tmp_path: Path) -> None:
    db = await Database.open(tmp_path / "leap.sqlite3")
    async with db.transaction() as conn:
        await conn.execute("INSERT INTO bot_meta (key, value) VALUES ('a', '1')")
    try:
        database.backup_file(tmp_path / "leap.sqlite3", tmp_path / "out" / "copy.sqlite3")
    finally:
        await db.close()
    copy = sqlite3.connect(tmp_path / "out" / "copy.sqlite3")
    try:
        assert copy.execute("SELECT value FROM bot_meta WHERE key = 'a'").fetchone()[0] == "1"
    finally:
        copy.close()


async def test_unwritable_path_gives_a_database_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    with pytest.raises(DatabaseError):
        await Database.open(blocker / "leap.sqlite3")
