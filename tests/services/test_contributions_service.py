"""Contribution rules on a real database: pseudonyms, numbers, the rate limit, taking back,
hiding, prompt answers, the outbox state and erasing an author."""

from __future__ import annotations

import asyncio
import random
import sqlite3
import tempfile
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.clock import ManualClock
from bot.errors import BadInput, Conflict, NotFound
from bot.services import notices
from bot.services.anonymity import AnonSecret, author_key
from bot.services.contributions import delivery, export, posting
from storage import contributions as repo
from storage import sessions as session_repo
from storage.database import Database

NOW = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)
GUILD, COORD, ALICE, BOB = 1, 100, 201, 202
SECRET = AnonSecret(b"s" * 32)


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(NOW)


@pytest.fixture
async def db(tmp_path: Path) -> AsyncIterator[Database]:
    database = await Database.open(tmp_path / "t.sqlite3")
    yield database
    await database.close()


async def _live(db: Database, channel_id: int = 11, guild_id: int = GUILD) -> int:
    async with db.transaction() as conn:
        session = await session_repo.insert(
            conn,
            guild_id=guild_id,
            title="Panel",
            channel_id=channel_id,
            starts_at=NOW,
            length_minutes=60,
            prep_minutes=0,
            agenda=None,
            content_note=None,
            created_by=COORD,
            now=NOW,
        )
        await session_repo.mark_live(conn, session.id, started_by=COORD, now=NOW)
    return session.id


async def _post(
    db: Database, clock: ManualClock, user: int, words: str = "A point.", **kw: int
) -> posting.Posted:
    return await posting.contribute(
        db, clock, SECRET, guild_id=kw.pop("guild_id", GUILD), user_id=user, text=words, **kw
    )


# --- pseudonyms ------------------------------------------------------------------------------


async def _letters_for(order: list[int]) -> list[str]:
    with tempfile.TemporaryDirectory() as tmp:
        db = await Database.open(Path(tmp) / "p.sqlite3")
        try:
            clock = ManualClock(NOW)
            session = await _live(db)
            out = []
            for user in order:
                clock.advance(timedelta(seconds=13))  # within the rate limit
                made = await _post(db, clock, user, session_id=session)
                out.append(made.pseudonym)
            return out
        finally:
            await db.close()


@settings(max_examples=15, deadline=None)
@given(
    st.lists(st.integers(1, 2**63 - 1), min_size=1, max_size=100, unique=True),
    st.randoms(use_true_random=False),
)
def test_pseudonyms_never_collide_within_a_session(members: list[int], rnd: random.Random) -> None:
    order = members + rnd.sample(members, k=min(len(members), 20))  # some post twice
    names = asyncio.run(_letters_for(order))
    first_seen: dict[int, str] = {}
    for user, name in zip(order, names, strict=True):
        first_seen.setdefault(user, name)
    assert (
        all(first_seen[u] == n for u, n in zip(order, names, strict=True)),
        len(set(first_seen.values())),
    ) == (True, len(members))


async def test_the_database_refuses_a_letter_given_to_someone_else(
    db: Database, clock: ManualClock
) -> None:
    session = await _live(db)
    await _post(db, clock, ALICE, session_id=session)
    with pytest.raises(sqlite3.IntegrityError):
        async with db.transaction() as conn:
            await repo.insert(
                conn,
                guild_id=GUILD,
                session_id=session,
                prompt_id=None,
                pseudonym_key="f" * 64,
                letter=0,
                author_key="e" * 64,
                body="Pretending to be A.",
                channel_id=11,
                reply_to_id=None,
                now=NOW,
            )


async def test_numbers_count_per_panel(db: Database, clock: ManualClock) -> None:
    here = await _live(db, channel_id=11)
    there = await _live(db, channel_id=12, guild_id=2)
    first = await _post(db, clock, ALICE, session_id=here)
    other = await _post(db, clock, ALICE, session_id=there, guild_id=2)
    second = await _post(db, clock, BOB, session_id=here)
    assert (first.number, other.number, second.number) == (1, 1, 2)


# --- rate limit ------------------------------------------------------------------------------


async def test_the_sixth_within_sixty_seconds_is_refused_and_not_stored(
    db: Database, clock: ManualClock
) -> None:
    session = await _live(db)
    for _ in range(5):
        await _post(db, clock, ALICE, session_id=session)
        clock.advance(timedelta(seconds=11))
    with pytest.raises(Conflict):
        await _post(db, clock, ALICE, session_id=session)  # 55 s after the first
    clock.advance(timedelta(seconds=6))
    made = await _post(db, clock, ALICE, session_id=session)
    assert made.number == 6


# --- taking back -----------------------------------------------------------------------------


async def test_only_the_author_can_take_back(db: Database, clock: ManualClock) -> None:
    session = await _live(db)
    made = await _post(db, clock, ALICE, session_id=session)
    with pytest.raises(NotFound):
        await posting.take_back(db, clock, SECRET, user_id=BOB, guild_id=GUILD, number=1)
    with pytest.raises(NotFound):
        await posting.take_back(
            db, clock, SECRET, user_id=BOB, contribution_id=made.contribution.id
        )
    back = await posting.take_back(db, clock, SECRET, user_id=ALICE, guild_id=GUILD, number=1)
    async with db.read() as conn:
        row = await repo.get(conn, back.id)
    assert row is not None
    assert (row.status, row.body, await delivery.to_post(db, row.id)) == ("taken_back", None, None)


async def test_a_taken_back_post_keeps_its_letter_taken(db: Database, clock: ManualClock) -> None:
    session = await _live(db)
    await _post(db, clock, ALICE, session_id=session)
    await posting.take_back(db, clock, SECRET, user_id=ALICE, guild_id=GUILD, number=1)
    bob = await _post(db, clock, BOB, session_id=session)
    alice = await _post(db, clock, ALICE, session_id=session)
    assert (bob.pseudonym, alice.pseudonym) == ("Contributor B", "Contributor A")


async def test_a_different_secret_cannot_take_back(db: Database, clock: ManualClock) -> None:
    session = await _live(db)
    await _post(db, clock, ALICE, session_id=session)
    other = AnonSecret(b"o" * 32)
    with pytest.raises(NotFound):
        await posting.take_back(db, clock, other, user_id=ALICE, guild_id=GUILD, number=1)


# --- the outbox ----------------------------------------------------------------------------


async def _queued(db: Database, contribution_id: int) -> list[tuple[str, str, int | None]]:
    found = await notices.about(db, contribution_id, delivery.KINDS)
    return [(n.kind, n.audience, n.message_id) for n in found]


async def test_a_contribution_queues_its_post_without_text_or_person(
    db: Database, clock: ManualClock
) -> None:
    session = await _live(db)
    made = await _post(db, clock, ALICE, "Words to post.", session_id=session)
    [notice] = await notices.about(db, made.contribution.id, delivery.KINDS)
    assert (notice.kind, notice.target_id, notice.owner_id, notice.payload) == (
        "contribution.post",
        11,
        None,
        {},
    )


async def test_hiding_a_posted_contribution_queues_an_edit(
    db: Database, clock: ManualClock
) -> None:
    session = await _live(db)
    made = await _post(db, clock, ALICE, session_id=session)
    await delivery.posted(db, clock, made.contribution.id, 555)
    await posting.hide(db, clock, guild_id=GUILD, actor_id=COORD, number=1, reason="Off topic")
    assert await _queued(db, made.contribution.id) == [
        ("contribution.post", "channel", None),
        ("contribution.hidden", "edit", 555),
    ]


async def test_hidden_while_being_posted_is_edited_once_the_post_is_known(
    db: Database, clock: ManualClock
) -> None:
    session = await _live(db)
    made = await _post(db, clock, ALICE, session_id=session)
    await posting.hide(db, clock, guild_id=GUILD, actor_id=COORD, number=1, reason="Off topic")
    before = await _queued(db, made.contribution.id)
    await delivery.posted(db, clock, made.contribution.id, 555)
    after = await _queued(db, made.contribution.id)
    assert (len(before), after[-1]) == (1, ("contribution.hidden", "edit", 555))


async def test_taken_back_after_posting_queues_the_deletion(
    db: Database, clock: ManualClock
) -> None:
    session = await _live(db)
    made = await _post(db, clock, ALICE, session_id=session)
    await delivery.posted(db, clock, made.contribution.id, 555)
    await posting.take_back(db, clock, SECRET, user_id=ALICE, guild_id=GUILD, number=1)
    assert (await _queued(db, made.contribution.id))[-1] == ("contribution.delete", "delete", 555)


async def test_a_hidden_contribution_is_not_posted_any_more(
    db: Database, clock: ManualClock
) -> None:
    session = await _live(db)
    made = await _post(db, clock, ALICE, session_id=session)
    await posting.hide(db, clock, guild_id=GUILD, actor_id=COORD, number=1, reason="Off topic")
    assert await delivery.to_post(db, made.contribution.id) is None


# --- sessions --------------------------------------------------------------------------------


async def test_no_live_session_is_refused(db: Database, clock: ManualClock) -> None:
    with pytest.raises(NotFound):
        await _post(db, clock, ALICE)


async def test_the_live_session_in_this_channel_is_picked(db: Database, clock: ManualClock) -> None:
    await _live(db, channel_id=11)
    there = await _live(db, channel_id=12)
    made = await _post(db, clock, ALICE, channel_id=12)
    with pytest.raises(BadInput):
        await _post(db, clock, ALICE, channel_id=13)
    assert made.contribution.session_id == there


# --- prompts ---------------------------------------------------------------------------------


async def test_a_prompt_answer_outside_a_session_has_its_own_letters(
    db: Database, clock: ManualClock
) -> None:
    session = await _live(db, channel_id=11)
    await _post(db, clock, ALICE, session_id=session)
    answer = await posting.answer_prompt(
        db,
        clock,
        SECRET,
        guild_id=GUILD,
        user_id=BOB,
        text="My answer.",
        prompt_id=9,
        channel_id=40,
        message_id=41,
    )
    assert (answer.pseudonym, answer.contribution.session_id, answer.contribution.reply_to_id) == (
        "Contributor A",
        None,
        41,
    )


async def test_a_prompt_answer_in_a_session_shares_its_letters(
    db: Database, clock: ManualClock
) -> None:
    session = await _live(db, channel_id=11)
    await _post(db, clock, ALICE, session_id=session)
    answer = await posting.answer_prompt(
        db,
        clock,
        SECRET,
        guild_id=GUILD,
        user_id=ALICE,
        text="My answer.",
        prompt_id=9,
        channel_id=11,
        message_id=41,
    )
    made = await export.export_session(
        db, clock, guild_id=GUILD, actor_id=COORD, session_id=session
    )
    assert (answer.pseudonym, made.count, "/11/41" in made.content.decode()) == (
        "Contributor A",
        2,
        True,
    )


# --- erasing (for /mydata) -------------------------------------------------------------------


async def test_erasing_an_author_removes_texts_and_keys_but_keeps_letters(
    db: Database, clock: ManualClock
) -> None:
    session = await _live(db)
    await _post(db, clock, ALICE, "Alice one.", session_id=session)
    await _post(db, clock, BOB, "Bob one.", session_id=session)
    key = author_key(SECRET, GUILD, ALICE)
    async with db.transaction() as conn:
        erased = await repo.erase_for_author(conn, GUILD, key)
        left = await repo.count_for_author(conn, GUILD, key)
    carol = await _post(db, clock, 203, "Carol one.", session_id=session)
    async with db.read() as conn:
        bodies = [r["body"] for r in await conn.fetchall("SELECT body FROM contributions")]
    assert (erased, left, carol.pseudonym, bodies) == (
        1,
        0,
        "Contributor C",
        [None, "Bob one.", "Carol one."],
    )


# --- retention -------------------------------------------------------------------------------


async def test_retention_clears_old_words_and_keys_but_numbers_go_on(
    db: Database, clock: ManualClock
) -> None:
    session = await _live(db)
    await _post(db, clock, ALICE, "Old words.", session_id=session)
    clock.advance(timedelta(days=800))
    await _post(db, clock, BOB, "New words.", session_id=session)
    async with db.transaction() as conn:
        gone = await repo.purge_before(conn, GUILD, clock.now() - timedelta(days=731))
    later = await _post(db, clock, 203, "Newest.", session_id=session)
    async with db.read() as conn:
        found = await conn.fetchall("SELECT body, author_key IS NULL FROM contributions")
    assert (gone, [tuple(r) for r in found], later.number) == (
        1,
        [(None, 1), ("New words.", 0), ("Newest.", 0)],
        3,
    )
