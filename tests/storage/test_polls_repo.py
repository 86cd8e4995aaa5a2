"""The polls tables guard themselves: closed polls take no votes and keep their count."""

from __future__ import annotations

import sqlite3
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from storage import polls as repo
from storage.database import Database
from storage.polls import Poll

NOW = datetime(2026, 3, 2, 10, tzinfo=UTC)
KEY_A, KEY_B = "a" * 64, "b" * 64


@pytest.fixture
async def db(tmp_path: Path) -> AsyncIterator[Database]:
    database = await Database.open(tmp_path / "leap.sqlite3")
    try:
        yield database
    finally:
        await database.close()


async def _poll(db: Database, *, anonymous: bool = True) -> Poll:
    async with db.transaction() as conn:
        poll = await repo.insert(
            conn,
            guild_id=1,
            channel_id=2,
            question="Shall we?",
            kind="consensus",
            anonymous=anonymous,
            hide_results=True,
            multiple=False,
            threshold=75,
            quorum=None,
            session_id=None,
            closes_at=None,
            created_by=3,
            now=NOW,
            options=[("agree", None), ("abstain", None), ("disagree", None), ("block", None)],
        )
        await repo.set_message(conn, poll.id, 99)
    return poll


async def _close(db: Database, poll: Poll) -> None:
    async with db.transaction() as conn:
        await repo.close(conn, poll.id, now=NOW, closed_by=3, electorate=4)


async def test_a_closed_poll_refuses_a_new_vote(db: Database) -> None:
    poll = await _poll(db)
    await _close(db, poll)
    with pytest.raises(sqlite3.IntegrityError, match="takes no more votes"):
        async with db.transaction() as conn:
            await repo.replace_votes(conn, poll.id, KEY_A, [(0, 2)], member_id=None)


async def test_a_closed_poll_keeps_its_votes(db: Database) -> None:
    poll = await _poll(db)
    async with db.transaction() as conn:
        await repo.replace_votes(conn, poll.id, KEY_A, [(0, 2)], member_id=None)
    await _close(db, poll)
    with pytest.raises(sqlite3.IntegrityError, match="never taken away"):
        async with db.transaction() as conn:
            await repo.replace_votes(conn, poll.id, KEY_A, [(1, 2)], member_id=None)


async def test_a_changed_vote_counts_once(db: Database) -> None:
    poll = await _poll(db)
    async with db.transaction() as conn:
        await repo.replace_votes(conn, poll.id, KEY_A, [(0, 2)], member_id=None)
        await repo.replace_votes(conn, poll.id, KEY_A, [(3, 2)], member_id=None)
        await repo.replace_votes(conn, poll.id, KEY_B, [(3, 2)], member_id=None)
        counts = await repo.counts(conn, poll.id)
        voters = await repo.voter_count(conn, poll.id)
    assert ([(c.position, c.voters) for c in counts], voters) == ([(3, 2)], 2)


async def test_a_reason_goes_when_the_vote_moves_to_another_answer(db: Database) -> None:
    poll = await _poll(db)
    async with db.transaction() as conn:
        await repo.replace_votes(conn, poll.id, KEY_A, [(3, 2)], member_id=None)
        await repo.set_reason(conn, poll.id, KEY_A, 3, "Harmful.", member_id=None)
        removed = await repo.drop_reason_unless(conn, poll.id, KEY_A, 0)
        left = await repo.reasons(conn, poll.id)
    assert (removed, left) == (True, [])


async def test_a_named_vote_keeps_the_member(db: Database) -> None:
    poll = await _poll(db, anonymous=False)
    async with db.transaction() as conn:
        await repo.replace_votes(conn, poll.id, KEY_A, [(0, 2)], member_id=7)
        named = await repo.named_votes(conn, poll.id)
    assert [(v.member_id, v.position) for v in named] == [(7, 0)]
