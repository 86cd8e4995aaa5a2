"""Text with nothing to see: hidden-only text is refused, hidden marks never reach storage."""

from __future__ import annotations

from typing import Any

import pytest
from fakediscord import Driver
from fakediscord.standard import StandardGuild
from helpers_hours import claimed, hours_bot
from helpers_sessions import only_session, schedule

from bot.app import LeapBot
from bot.services.hours import payment_settings as payments
from storage import glossary, guild_settings
from storage import hours as ledger
from storage import sessions as repo

ZWSP = "\u200b"
RLO = "\u202e"  # right-to-left override: makes the rest of a name read backwards
HIDDEN = f"{ZWSP}\u2060{RLO}\u2066"


@pytest.fixture
async def bot(leap_settings: Any, start_bot: Any, world: StandardGuild) -> LeapBot:
    return await hours_bot(leap_settings, start_bot, world)


async def _sessions(bot: LeapBot, world: StandardGuild) -> int:
    async with bot.db.read() as conn:
        return await repo.count(conn, world.guild.id)


async def test_a_session_title_of_hidden_marks_is_refused(
    bot: LeapBot, driver: Driver, world: StandardGuild
) -> None:
    r = await schedule(driver, world, title=HIDDEN)
    assert (r.ephemeral, "nothing anyone can see" in r.text, await _sessions(bot, world)) == (
        True,
        True,
        0,
    )


async def test_a_session_title_is_saved_without_direction_marks(
    bot: LeapBot, driver: Driver, world: StandardGuild
) -> None:
    await schedule(driver, world, title=f"Leaflet{ZWSP} {RLO}review")
    session = await only_session(bot, world.guild.id)
    assert session.title == "Leaflet review"


@pytest.mark.parametrize("field", ["agenda", "content_note"])
async def test_an_agenda_or_content_note_of_hidden_marks_is_refused(
    bot: LeapBot, driver: Driver, world: StandardGuild, field: str
) -> None:
    r = await schedule(driver, world, **{field: HIDDEN})
    assert ("nothing anyone can see" in r.text, await _sessions(bot, world)) == (True, 0)


async def test_a_cancel_reason_of_hidden_marks_is_refused(
    bot: LeapBot, driver: Driver, world: StandardGuild
) -> None:
    await schedule(driver, world)
    session = await only_session(bot, world.guild.id)
    r = await driver.slash(
        world.coordinator, "session cancel", session=str(session.id), reason=HIDDEN
    )
    after = await only_session(bot, world.guild.id)
    assert ("nothing anyone can see" in r.text, after.status) == (True, repo.SCHEDULED)


async def test_a_claim_note_of_hidden_marks_is_refused(
    bot: LeapBot, driver: Driver, world: StandardGuild
) -> None:
    r = await driver.slash(
        world.member, "hours claim", activity="review", minutes=30, note=ZWSP * 3
    )
    async with bot.db.read() as conn:
        count = await conn.fetchval("SELECT count(*) FROM hours_entries")
    assert (r.ephemeral, "nothing anyone can see" in r.content, count) == (True, True, 0)


async def test_an_added_note_loses_its_hidden_marks(
    bot: LeapBot, driver: Driver, world: StandardGuild
) -> None:
    await driver.slash(
        world.coordinator,
        "hours add",
        member=world.member,
        minutes=30,
        activity="review",
        note=f"Late{ZWSP} {RLO}fix",
    )
    async with bot.db.read() as conn:
        note = await conn.fetchval("SELECT note FROM hours_entries")
    assert note == "Late fix"


async def test_a_reject_reason_of_hidden_marks_is_refused(
    bot: LeapBot, driver: Driver, world: StandardGuild
) -> None:
    entry = await claimed(bot, world, world.member.id, 30)
    page = await driver.slash(world.coordinator, "hours review")
    form = await driver.click(world.coordinator, page, label=f"Reject {entry.id}")
    r = await driver.submit_modal(world.coordinator, form, {"reason": HIDDEN})
    async with bot.db.read() as conn:
        after = await ledger.get(conn, world.guild.id, entry.id)
    assert ("nothing anyone can see" in r.text, after and after.status) == (True, "pending")


async def test_a_payee_name_of_hidden_marks_is_refused(
    bot: LeapBot, driver: Driver, world: StandardGuild
) -> None:
    form = await driver.slash(world.member, "payment preference")
    r = await driver.submit_modal(world.member, form, {"method": ["bank"], "payee": HIDDEN})
    saved = await payments.preference(bot.db, world.guild.id, world.member.id)
    assert ("payee name" in r.text, saved.payee_name) == (True, None)


async def test_a_payee_name_reaches_finance_without_an_override(
    bot: LeapBot, driver: Driver, world: StandardGuild
) -> None:
    form = await driver.slash(world.member, "payment preference")
    await driver.submit_modal(world.member, form, {"method": ["bank"], "payee": f"Ann {RLO}Lee"})
    saved = await payments.preference(bot.db, world.guild.id, world.member.id)
    assert saved.payee_name == "Ann Lee"


async def test_a_budget_code_of_hidden_marks_is_refused(
    bot: LeapBot, driver: Driver, world: StandardGuild
) -> None:
    await driver.slash(world.admin, "setup payments", budget_code="LEAP-26")
    r = await driver.slash(world.admin, "setup payments", budget_code=HIDDEN)
    async with bot.db.read() as conn:
        settings = await guild_settings.get(conn, world.guild.id)
    assert ("budget code" in r.content, settings.budget_code) == (True, "LEAP-26")


async def _glossary(bot: LeapBot, world: StandardGuild) -> list[str]:
    async with bot.db.read() as conn:
        return [t.term for t in await glossary.for_guild(conn, world.guild.id)]


async def test_a_glossary_term_of_hidden_marks_is_refused(
    bot: LeapBot, driver: Driver, world: StandardGuild
) -> None:
    r = await driver.slash(
        world.coordinator, "glossary add", term=HIDDEN, meaning="A small group that meets."
    )
    assert (r.ephemeral, r.text, await _glossary(bot, world)) == (
        True,
        "The word you typed has nothing anyone can see, only hidden marks or spaces. "
        "Please type it again with letters or numbers.",
        [],
    )


async def test_a_glossary_term_is_saved_without_direction_marks(
    bot: LeapBot, driver: Driver, world: StandardGuild
) -> None:
    await driver.slash(
        world.coordinator,
        "glossary add",
        term=f"{RLO}Hud{ZWSP}dle",
        meaning="A small group that meets.",
    )
    assert await _glossary(bot, world) == ["huddle"]
