"""The database itself refuses to edit decided hours entries or move paid ones."""

from __future__ import annotations

import sqlite3
from collections.abc import AsyncIterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from storage import hours as ledger
from storage import payment_runs
from storage.database import Conn, Database

NOW = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)
GUILD = 10


@pytest.fixture
async def db(tmp_path: Path) -> AsyncIterator[Database]:
    database = await Database.open(tmp_path / "t.sqlite3")
    yield database
    await database.close()


async def _approved(db: Database, *, paid: bool = False) -> int:
    async with db.transaction() as conn:
        entry = await ledger.insert(
            conn,
            guild_id=GUILD,
            member_id=100,
            activity="meeting",
            minutes=60,
            work_date=date(2026, 3, 1),
            source="claim",
            created_by=100,
            now=NOW,
        )
        await ledger.approve(
            conn,
            guild_id=GUILD,
            entry_id=entry.id,
            decided_by=2,
            now=NOW,
            rate_pence_per_hour=1200,
            paid_minutes=60,
            amount_pence=1200,
        )
        if paid:
            run_id = await _run(conn)
            await ledger.mark_run(conn, GUILD, run_id, start=date(2026, 3, 1), end=date(2026, 3, 1))
        return entry.id


async def _run(conn: Conn) -> int:
    return await payment_runs.create(
        conn,
        guild_id=GUILD,
        period_from=date(2026, 3, 1),
        period_to=date(2026, 3, 1),
        budget_code=None,
        created_by=1,
        now=NOW,
    )


@pytest.mark.parametrize(
    "change", ["minutes = 600", "amount_pence = 99999", "status = 'rejected'", "note = 'x'"]
)
async def test_an_approved_entry_cannot_be_edited_in_place(db: Database, change: str) -> None:
    entry_id = await _approved(db)
    with pytest.raises(sqlite3.IntegrityError):
        async with db.transaction() as conn:
            await conn.execute(f"UPDATE hours_entries SET {change} WHERE id = ?", (entry_id,))


async def test_an_approved_entry_can_still_join_a_run(db: Database) -> None:
    entry_id = await _approved(db)
    async with db.transaction() as conn:
        run_id = await _run(conn)
        await ledger.mark_run(conn, GUILD, run_id, start=date(2026, 3, 1), end=date(2026, 3, 1))
        entry = await ledger.get(conn, GUILD, entry_id)
    assert entry is not None
    assert entry.payment_run_id == run_id


async def test_a_paid_entry_never_moves_to_another_run(db: Database) -> None:
    entry_id = await _approved(db, paid=True)
    with pytest.raises(sqlite3.IntegrityError):
        async with db.transaction() as conn:
            run_id = await _run(conn)
            await conn.execute(
                "UPDATE hours_entries SET payment_run_id = ? WHERE id = ?", (run_id, entry_id)
            )


async def test_a_paid_entry_cannot_leave_a_run_that_is_not_reopened(db: Database) -> None:
    entry_id = await _approved(db, paid=True)
    with pytest.raises(sqlite3.IntegrityError):
        async with db.transaction() as conn:
            await conn.execute(
                "UPDATE hours_entries SET payment_run_id = NULL WHERE id = ?", (entry_id,)
            )


async def test_a_reopened_run_releases_its_entries_and_keeps_the_record(db: Database) -> None:
    entry_id = await _approved(db, paid=True)
    async with db.transaction() as conn:
        await payment_runs.mark_reopened(conn, GUILD, 1, actor_id=1, reason="Oops", now=NOW)
        released = await ledger.release_run(conn, GUILD, 1)
        entry = await ledger.get(conn, GUILD, entry_id)
        kept = await conn.fetchall("SELECT run_id, entry_id FROM payment_run_released")
    assert entry is not None
    assert (released, entry.payment_run_id, [tuple(r) for r in kept]) == (
        1,
        None,
        [(1, entry_id)],
    )


async def test_an_entry_of_a_reopened_run_still_never_moves_to_another_run(db: Database) -> None:
    entry_id = await _approved(db, paid=True)
    with pytest.raises(sqlite3.IntegrityError):
        async with db.transaction() as conn:
            await payment_runs.mark_reopened(conn, GUILD, 1, actor_id=1, reason="Oops", now=NOW)
            other = await _run(conn)
            await conn.execute(
                "UPDATE hours_entries SET payment_run_id = ? WHERE id = ?", (other, entry_id)
            )
