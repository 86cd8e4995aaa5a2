"""The database when another program holds the file, and the one-copy-only lock."""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest

from storage import database
from storage.database import CALLER, AlreadyRunning, Busy, Caller, Database, InstanceLock


@pytest.fixture
async def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[Database]:
    monkeypatch.setattr(database, "BUSY_TIMEOUT_MS", 400)
    opened = await Database.open(tmp_path / "leap.sqlite3")
    yield opened
    await opened.close()


@pytest.fixture
def held(db: Database) -> Iterator[sqlite3.Connection]:
    """Another connection holding BEGIN EXCLUSIVE, as a sqlite3 shell would."""
    other = sqlite3.connect(db.path, isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")
    yield other
    if other.in_transaction:
        other.execute("ROLLBACK")
    other.close()


async def _write(db: Database) -> None:
    async with db.transaction() as conn:
        await conn.execute(
            "INSERT INTO bot_meta (key, value) VALUES ('k', 'v') "
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value"
        )


async def _rows(db: Database) -> int:
    async with db.read() as conn:
        return int(await conn.fetchval("SELECT count(*) FROM bot_meta WHERE key = 'k'"))


async def test_a_write_gives_up_with_busy_after_the_timeout(
    db: Database, held: sqlite3.Connection
) -> None:
    with pytest.raises(Busy):
        await _write(db)


async def test_a_write_that_gave_up_saved_nothing_and_the_next_one_works(
    db: Database, held: sqlite3.Connection
) -> None:
    with pytest.raises(Busy):
        await _write(db)
    held.execute("ROLLBACK")
    before = await _rows(db)
    await _write(db)
    assert (before, await _rows(db)) == (0, 1)


async def test_a_write_waits_for_a_short_hold_and_is_saved(
    db: Database, held: sqlite3.Connection
) -> None:
    asyncio.get_running_loop().call_later(0.1, held.execute, "ROLLBACK")
    await _write(db)
    assert await _rows(db) == 1


async def test_the_caller_is_answered_once_before_waiting(
    db: Database, held: sqlite3.Connection
) -> None:
    calls: list[str] = []

    async def answer() -> None:
        calls.append("answered")

    CALLER.set(Caller(answer_first=answer))
    asyncio.get_running_loop().call_later(0.1, held.execute, "ROLLBACK")
    await _write(db)
    await _write(db)
    assert calls == ["answered"]


async def test_a_caller_that_does_not_wait_is_not_answered_first(db: Database) -> None:
    calls: list[str] = []

    async def answer() -> None:
        calls.append("answered")

    CALLER.set(Caller(answer_first=answer))
    await _write(db)
    assert calls == []


async def test_commits_are_counted_for_the_caller(db: Database) -> None:
    caller = Caller()
    CALLER.set(caller)
    await _write(db)
    await _write(db)
    assert caller.commits == 2


async def test_a_task_queued_behind_a_stalled_write_is_answered_first(
    db: Database, held: sqlite3.Connection
) -> None:
    calls: list[str] = []

    async def queued_read() -> None:
        async def answer() -> None:
            calls.append("answered")

        CALLER.set(Caller(answer_first=answer))
        async with db.read():
            pass

    stalled = asyncio.create_task(_write(db))
    await asyncio.sleep(0.05)  # the write holds the connection and waits for the file
    reader = asyncio.create_task(queued_read())
    await asyncio.sleep(0.05)
    answered_while_waiting = list(calls)
    held.execute("ROLLBACK")
    await asyncio.gather(stalled, reader)
    assert answered_while_waiting == ["answered"]


def test_a_second_instance_lock_on_the_same_database_is_refused(tmp_path: Path) -> None:
    first = InstanceLock.acquire(tmp_path / "leap.sqlite3")
    try:
        with pytest.raises(AlreadyRunning):
            InstanceLock.acquire(tmp_path / "leap.sqlite3")
    finally:
        first.release()


def test_the_instance_lock_can_be_taken_again_after_release(tmp_path: Path) -> None:
    InstanceLock.acquire(tmp_path / "leap.sqlite3").release()
    again = InstanceLock.acquire(tmp_path / "leap.sqlite3")
    again.release()
    assert again.path == tmp_path / "leap.sqlite3.lock"


def test_another_database_has_its_own_lock(tmp_path: Path) -> None:
    first = InstanceLock.acquire(tmp_path / "a.sqlite3")
    try:
        second = InstanceLock.acquire(tmp_path / "b.sqlite3")
        second.release()
    finally:
        first.release()
    assert second.path.name == "b.sqlite3.lock"
