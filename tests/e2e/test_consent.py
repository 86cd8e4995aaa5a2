"""Consent before a member's first command: asked once, nothing stored before "I agree"."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from fakediscord import Driver, FakeDiscord
from fakediscord.standard import StandardGuild
from helpers_sessions import answered, end, ledger, only_session, schedule, start, voice

from bot.app import LeapBot
from bot.clock import ManualClock
from bot.services.hours import payment_settings as payments
from storage import members


@pytest.fixture
def newcomer(fake: FakeDiscord, world: StandardGuild, bot: LeapBot) -> Any:
    """A member who joined after the bot started and has not agreed to anything yet."""
    user = fake.add_user("nia")
    return fake.add_member(world.guild, user, [world.member_role])


async def test_a_first_member_command_asks_for_consent_first(
    bot: LeapBot, driver: Driver, newcomer: Any
) -> None:
    r = await driver.slash(newcomer.user, "hours me")
    labels = [c["label"] for row in r.components for c in row["components"]]
    assert (r.ephemeral, "what this bot keeps about you" in r.content, labels) == (
        True,
        True,
        ["I agree", "Not now"],
    )


async def test_the_consent_text_says_who_sees_it_and_for_how_long(
    bot: LeapBot, driver: Driver, newcomer: Any
) -> None:
    r = await driver.slash(newcomer.user, "hours me")
    assert ("Who sees it" in r.content, "6 years" in r.content, "still counted" in r.content) == (
        True,
        True,
        True,
    )


async def test_the_consent_text_names_receipts_and_support_requests(
    bot: LeapBot, driver: Driver, newcomer: Any
) -> None:
    r = await driver.slash(newcomer.user, "hours me")
    assert (
        "the costs you claim back and their receipts" in r.content,
        "any request for support you send" in r.content,
    ) == (True, True)


async def test_i_agree_opens_the_form_the_member_asked_for(
    bot: LeapBot, driver: Driver, newcomer: Any
) -> None:
    asked = await driver.slash(newcomer.user, "payment preference")
    r = await driver.click(newcomer.user, asked, label="I agree")
    assert (r.callback_type, r.modal["title"]) == (9, "How should we pay you?")


async def test_i_agree_runs_the_command_and_records_the_time(
    bot: LeapBot, driver: Driver, world: StandardGuild, newcomer: Any
) -> None:
    asked = await driver.slash(newcomer.user, "hours me")
    r = await driver.click(newcomer.user, asked, label="I agree")
    async with bot.db.read() as conn:
        record = await members.get(conn, world.guild.id, newcomer.user.id)
    assert ("hours" in r.text.lower(), record.consent_at is not None) == (True, True)


async def test_after_agreeing_the_question_is_not_asked_again(
    bot: LeapBot, driver: Driver, newcomer: Any
) -> None:
    asked = await driver.slash(newcomer.user, "hours me")
    await driver.click(newcomer.user, asked, label="I agree")
    again = await driver.slash(newcomer.user, "hours me")
    assert "what this bot keeps about you" not in again.text


async def test_not_now_stores_nothing_and_runs_nothing(
    bot: LeapBot, driver: Driver, world: StandardGuild, newcomer: Any
) -> None:
    asked = await driver.slash(newcomer.user, "payment preference")
    r = await driver.click(newcomer.user, asked, label="Not now")
    pref = await payments.preference(bot.db, world.guild.id, newcomer.user.id)
    async with bot.db.read() as conn:
        record = await members.get(conn, world.guild.id, newcomer.user.id)
    assert (r.callback_type, record.consent_at, pref.payment_method) == (7, None, None)


async def test_break_needs_no_consent_first(bot: LeapBot, driver: Driver, newcomer: Any) -> None:
    r = await driver.slash(newcomer.user, "break")
    assert "Take the time you need" in r.content


# --- the register is a record of work: it needs no consent ------------------------------------


async def _paid_minutes(bot: LeapBot, world: StandardGuild, who: Any) -> list[tuple[str, int]]:
    session = await only_session(bot, world.guild.id)
    return [
        (a, m) for member, a, m in await ledger(bot, world.guild.id, session.id) if member == who.id
    ]


async def test_a_member_who_never_agreed_is_paid_for_time_in_the_voice_channel(
    bot: LeapBot, driver: Driver, world: StandardGuild, clock: ManualClock, newcomer: Any
) -> None:
    await voice(driver, driver.join_voice(newcomer.user, world.panel_voice))
    await schedule(driver, world)
    await start(driver, world)
    clock.advance(timedelta(minutes=60))
    await end(driver, world)
    async with bot.db.read() as conn:
        record = await members.get(conn, world.guild.id, newcomer.user.id)
    assert (await _paid_minutes(bot, world, newcomer.user), record.consent_at) == (
        [("meeting", 60)],
        None,
    )


async def test_i_am_here_counts_a_member_who_never_agreed_without_asking_first(
    bot: LeapBot, driver: Driver, world: StandardGuild, clock: ManualClock, newcomer: Any
) -> None:
    await schedule(driver, world)
    result = await start(driver, world)
    card = await result.wait_message(world.panel_voice)
    click = await answered(await driver.click(newcomer.user, card, label="I'm here"))
    clock.advance(timedelta(minutes=60))
    await end(driver, world)
    assert (
        "what this bot keeps about you" in click.text,
        await _paid_minutes(bot, world, newcomer.user),
    ) == (False, [("meeting", 60)])
