"""Prompt and glossary rules on a real database: checking, drafts and claims, the glossary,
and the anonymous "unclear" count."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.clock import ManualClock
from bot.errors import BadInput, Conflict, NotFound
from bot.services.anonymity import AnonSecret
from bot.services.prompts import checking, unclear
from bot.services.prompts import glossary as glossary_service
from bot.services.prompts import settings as prompt_settings
from bot.services.wellbeing.mydata import keys_for
from storage import glossary as glossary_repo
from storage import guild_settings, member_data
from storage import notices as notices_repo
from storage import prompts as repo
from storage import sessions as sessions_repo
from storage.database import Database

NOW = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)
GUILD, COORD, ALICE, BOB, CAROL, DAVE = 1, 100, 201, 202, 203, 204
CHANNEL = 10
HARD = (
    "The longitudinal cohort study will evaluate the efficacy of the intervention using a "
    "qualitative methodology."
)
PLAIN = "What did you like about the new leaflet? Tell us one thing you would change."
SECRET = AnonSecret(b"k" * 32)


def _nobody(role_id: int | None) -> list[int]:
    """No coordinator role holders (only the poster is told without a staff channel)."""
    return []


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(NOW)


@pytest.fixture
async def db(tmp_path: Path) -> AsyncIterator[Database]:
    database = await Database.open(tmp_path / "t.sqlite3")
    yield database
    await database.close()


async def _submit(db: Database, clock: ManualClock, text: str) -> checking.Submitted:
    return await checking.submit(
        db, clock, guild_id=GUILD, actor_id=COORD, prompt=text, channel_id=CHANNEL
    )


async def _post(db: Database, clock: ManualClock, text: str = PLAIN) -> int:
    done = await _submit(db, clock, text)
    if not done.ready:
        await checking.post_anyway(db, guild_id=GUILD, prompt_id=done.prompt.id)
    await checking.posted(db, clock, prompt_id=done.prompt.id, message_id=555, actor_id=COORD)
    return done.prompt.id


# --- the check ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("ease", "band"),
    [(95, "very_easy"), (80, "very_easy"), (75, "easy"), (60, "plain"), (59.9, "bit_hard"),
     (45, "quite_hard"), (29.9, "hard"), (-40, "hard")],
)  # fmt: skip
def test_reading_ease_falls_in_its_band(ease: float, band: str) -> None:
    assert checking.band(ease) == band


def test_a_hard_short_prompt_quotes_its_hardest_sentence() -> None:
    text = "Tell us. Is the methodology of the intervention appropriate for participants?"
    result = checking.assess(text, glossary_service.load_default_glossary(), 60)
    hardest = result.hardest.text if result.hardest else ""
    assert hardest.startswith("Is the methodology")


def test_a_prompt_with_a_long_sentence_quotes_that_instead() -> None:
    text = " ".join(["word"] * 25) + ". Short one."
    result = checking.assess(text, {}, 60)
    assert ([(s.words) for s in result.long_sentences], result.hardest) == ([25], None)


@pytest.mark.parametrize("bad", ["", "   ", "🙂🙂", "https://example.org/x", "<@123> <#456>"])
def test_a_prompt_without_words_is_refused(bad: str) -> None:
    with pytest.raises(BadInput):
        checking.clean_prompt(bad)


def test_a_prompt_of_2000_letters_is_accepted() -> None:
    text = ("We meet today. " * 200)[:2000]
    assert len(checking.clean_prompt(text)) == 2000


def test_a_prompt_of_2001_letters_is_refused() -> None:
    with pytest.raises(BadInput, match="2,001 letters"):
        checking.clean_prompt("a" * 2001)


async def test_check_uses_the_panels_threshold(db: Database, clock: ManualClock) -> None:
    await prompt_settings.set_threshold(db, clock, guild_id=GUILD, actor_id=COORD, threshold=0)
    result = await checking.check(db, GUILD, HARD + " And more.")
    assert (result.threshold, result.passes) == (0, True)


# --- drafts and claims --------------------------------------------------------------------


async def test_a_plain_prompt_is_claimed_for_posting_at_once(
    db: Database, clock: ManualClock
) -> None:
    done = await _submit(db, clock, PLAIN)
    assert done.prompt.status == "posting"


async def test_a_hard_prompt_stays_a_draft(db: Database, clock: ManualClock) -> None:
    done = await _submit(db, clock, HARD)
    assert done.prompt.status == "draft"


async def test_an_edit_that_reads_well_is_claimed(db: Database, clock: ManualClock) -> None:
    done = await _submit(db, clock, HARD)
    again = await checking.revise(db, guild_id=GUILD, prompt_id=done.prompt.id, prompt=PLAIN)
    assert (again.prompt.status, again.prompt.text) == ("posting", PLAIN)


async def test_post_anyway_twice_is_refused_the_second_time(
    db: Database, clock: ManualClock
) -> None:
    done = await _submit(db, clock, HARD)
    await checking.post_anyway(db, guild_id=GUILD, prompt_id=done.prompt.id)
    with pytest.raises(Conflict):
        await checking.post_anyway(db, guild_id=GUILD, prompt_id=done.prompt.id)


async def test_a_failed_post_goes_back_to_draft(db: Database, clock: ManualClock) -> None:
    done = await _submit(db, clock, PLAIN)
    await checking.not_posted(db, done.prompt.id)
    draft = await checking.draft(db, guild_id=GUILD, prompt_id=done.prompt.id)
    assert draft.status == "draft"


async def test_another_panels_draft_is_not_found(db: Database, clock: ManualClock) -> None:
    done = await _submit(db, clock, HARD)
    with pytest.raises(NotFound):
        await checking.post_anyway(db, guild_id=GUILD + 1, prompt_id=done.prompt.id)


async def test_a_session_that_was_called_off_is_refused(db: Database, clock: ManualClock) -> None:
    async with db.transaction() as conn:
        planned = await sessions_repo.insert(
            conn,
            guild_id=GUILD,
            title="Panel",
            channel_id=11,
            starts_at=NOW,
            length_minutes=60,
            prep_minutes=0,
            agenda=None,
            content_note=None,
            created_by=COORD,
            now=NOW,
        )
        await sessions_repo.mark_cancelled(conn, planned.id, reason=None)
    with pytest.raises(BadInput, match="called off"):
        await checking.submit(
            db, clock, guild_id=GUILD, actor_id=COORD, prompt=PLAIN, channel_id=CHANNEL,
            session_id=1,
        )  # fmt: skip


# --- unclear ------------------------------------------------------------------------------


async def test_the_notice_is_owed_at_exactly_the_third_member(
    db: Database, clock: ManualClock
) -> None:
    prompt_id = await _post(db, clock)
    owed = []
    for user in (ALICE, BOB, CAROL, DAVE):
        signal = await unclear.mark_unclear(
            db,
            SECRET,
            clock,
            guild_id=GUILD,
            prompt_id=prompt_id,
            user_id=user,
            coordinators=_nobody,
        )
        owed.append(signal.notify)
    assert owed == [False, False, True, False]


async def test_a_second_press_by_the_same_member_does_not_count(
    db: Database, clock: ManualClock
) -> None:
    prompt_id = await _post(db, clock)
    for user in (ALICE, ALICE, BOB, BOB):
        await unclear.mark_unclear(
            db,
            SECRET,
            clock,
            guild_id=GUILD,
            prompt_id=prompt_id,
            user_id=user,
            coordinators=_nobody,
        )
    async with db.read() as conn:
        assert await repo.unclear_count(conn, prompt_id) == 2


async def test_the_notice_is_queued_for_the_poster_and_the_staff_channel(
    db: Database, clock: ManualClock
) -> None:
    async with db.transaction() as conn:
        await guild_settings.update(conn, GUILD, NOW, staff_channel_id=77)
    prompt_id = await _post(db, clock)
    for user in (ALICE, BOB, CAROL):
        await unclear.mark_unclear(
            db,
            SECRET,
            clock,
            guild_id=GUILD,
            prompt_id=prompt_id,
            user_id=user,
            coordinators=_nobody,
        )
    async with db.read() as conn:
        queued = await notices_repo.about(conn, prompt_id, [unclear.KIND])
    assert sorted((n.audience, n.target_id) for n in queued) == [("channel", 77), ("member", COORD)]


async def test_the_key_differs_per_prompt(db: Database, clock: ManualClock) -> None:
    assert unclear.unclear_key(SECRET, GUILD, 1, ALICE) != unclear.unclear_key(
        SECRET, GUILD, 2, ALICE
    )


async def test_a_draft_cannot_be_marked_unclear(db: Database, clock: ManualClock) -> None:
    done = await _submit(db, clock, HARD)
    with pytest.raises(NotFound):
        await unclear.mark_unclear(
            db,
            SECRET,
            clock,
            guild_id=GUILD,
            prompt_id=done.prompt.id,
            user_id=ALICE,
            coordinators=_nobody,
        )


# --- glossary -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "stored"),
    [("  Focus   Group ", "focus group"), ("P-value", "p-value"), ("A&E", "a&e")],
)
def test_terms_are_stored_tidy_and_lower_case(typed: str, stored: str) -> None:
    assert glossary_service.clean_term(typed) == stored


@pytest.mark.parametrize("bad", ["", "🙂", "<@123>", "http://x.org", "**bold**", "123", "a" * 61])
def test_unusable_terms_are_refused(bad: str) -> None:
    with pytest.raises(BadInput):
        glossary_service.clean_term(bad)


def test_a_short_meaning_is_not_scored() -> None:
    meaning = "Multidisciplinary epidemiological considerations."
    assert glossary_service.clean_meaning(meaning, {}) == meaning


def test_a_hard_meaning_says_why() -> None:
    hard = "A " + " ".join(["multidisciplinary consideration"] * 12) + "."
    with pytest.raises(BadInput, match=r"Split the long sentence \(25 words\)"):
        glossary_service.clean_meaning(hard, {})


def test_rank_puts_prefix_matches_first() -> None:
    terms = ["ppi", "peer review", "cohort", "control group", "co-production"]
    assert glossary_service.rank("co", terms)[:3] == ["co-production", "cohort", "control group"]


def test_rank_finds_a_word_inside_a_phrase() -> None:
    assert glossary_service.rank("group", ["focus group", "cohort"]) == ["focus group"]


def test_rank_finds_close_spellings() -> None:
    assert glossary_service.rank("cohrot", ["cohort", "bias"]) == ["cohort"]


async def test_adding_a_word_over_the_panel_limit_is_refused(
    db: Database, clock: ManualClock
) -> None:
    async with db.transaction() as conn:
        for i in range(glossary_service.PANEL_MAX):
            await glossary_repo.put(
                conn, guild_id=GUILD, term=f"word {i}", meaning="A word.", created_by=COORD, now=NOW
            )
    with pytest.raises(BadInput, match="the most it can have"):
        await glossary_service.add(
            db, clock, guild_id=GUILD, actor_id=COORD, term="one more", meaning="A word."
        )


async def test_a_panel_word_is_found_in_a_prompt(db: Database, clock: ManualClock) -> None:
    await glossary_service.add(
        db, clock, guild_id=GUILD, actor_id=COORD, term="leaflet", meaning="The paper we give out."
    )
    prompt_id = await _post(db, clock)
    words = await checking.words_in(db, guild_id=GUILD, prompt_id=prompt_id)
    assert [(w.term, w.meaning) for w in words] == [("leaflet", "The paper we give out.")]


# --- a member's data and retention --------------------------------------------------------


async def test_a_member_finds_their_own_unclear_signal_and_nobody_elses(
    db: Database, clock: ManualClock
) -> None:
    first = await _post(db, clock)
    second = await _post(db, clock)
    await unclear.mark_unclear(
        db, SECRET, clock, guild_id=GUILD, prompt_id=second, user_id=ALICE, coordinators=_nobody
    )
    await unclear.mark_unclear(
        db, SECRET, clock, guild_id=GUILD, prompt_id=first, user_id=BOB, coordinators=_nobody
    )
    async with db.read() as conn:
        found = await member_data.list_all(conn, keys_for(SECRET, GUILD, ALICE))
    assert found["questions you said are unclear"] == [{"prompt": second}]


async def test_erasing_a_members_data_removes_their_unclear_signal_only(
    db: Database, clock: ManualClock
) -> None:
    prompt_id = await _post(db, clock)
    for user in (ALICE, BOB):
        await unclear.mark_unclear(
            db,
            SECRET,
            clock,
            guild_id=GUILD,
            prompt_id=prompt_id,
            user_id=user,
            coordinators=_nobody,
        )
    async with db.transaction() as conn:
        await member_data.erase_all(conn, keys_for(SECRET, GUILD, ALICE), NOW)
    async with db.read() as conn:
        assert await repo.unclear_count(conn, prompt_id) == 1


async def test_retention_removes_signals_on_prompts_older_than_the_cutoff(
    db: Database, clock: ManualClock
) -> None:
    old = await _post(db, clock)
    clock.advance(timedelta(days=800))
    new = await _post(db, clock)
    for prompt_id in (old, new):
        await unclear.mark_unclear(
            db,
            SECRET,
            clock,
            guild_id=GUILD,
            prompt_id=prompt_id,
            user_id=ALICE,
            coordinators=_nobody,
        )
    async with db.transaction() as conn:
        await repo.purge_unclear_before(conn, GUILD, NOW + timedelta(days=1))
    async with db.read() as conn:
        counts = [await repo.unclear_count(conn, p) for p in (old, new)]
    assert counts == [0, 1]
