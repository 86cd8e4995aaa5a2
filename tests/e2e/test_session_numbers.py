"""Session numbers members can use: every `session` option offers recent sessions by
number, title and date; cards, /session list, /session info and the thank-you show the
number."""

from __future__ import annotations

from datetime import timedelta

import pytest
from fakediscord import Driver, FakeDiscord
from fakediscord.standard import StandardGuild
from helpers_sessions import end, only_session, schedule, start, voice

from bot.app import LeapBot
from bot.clock import ManualClock


async def _ended(bot: LeapBot, driver: Driver, world: StandardGuild, clock: ManualClock) -> int:
    await voice(driver, driver.join_voice(world.member, world.panel_voice))
    await schedule(driver, world, title="Leaflet review")
    await start(driver, world)
    clock.advance(timedelta(minutes=60))
    await end(driver, world)
    return (await only_session(bot, world.guild.id)).id


@pytest.mark.parametrize(
    ("command", "user"),
    [("hours claim", "member"), ("hours add", "coordinator"), ("hours review", "coordinator")],
)
async def test_hours_session_options_offer_recent_sessions_by_title_and_date(
    bot: LeapBot,
    driver: Driver,
    world: StandardGuild,
    clock: ManualClock,
    command: str,
    user: str,
) -> None:
    number = await _ended(bot, driver, world, clock)
    choices = await driver.autocomplete(
        getattr(world, user), command, focused="session", session="leaf"
    )
    [choice] = choices
    assert (choice["value"], choice["name"].startswith(f"#{number} Leaflet review · ")) == (
        str(number),
        True,
    )


async def test_a_session_can_be_found_by_its_number(
    bot: LeapBot, driver: Driver, world: StandardGuild, clock: ManualClock
) -> None:
    number = await _ended(bot, driver, world, clock)
    choices = await driver.autocomplete(
        world.member, "hours claim", focused="session", session=f"#{number}"
    )
    assert [c["value"] for c in choices] == [str(number)]


async def test_a_claim_for_a_session_picked_from_the_list_is_saved_with_it(
    bot: LeapBot, driver: Driver, world: StandardGuild, clock: ManualClock
) -> None:
    number = await _ended(bot, driver, world, clock)
    r = await driver.slash(
        world.member2, "hours claim", activity="preparation", minutes=30, session=str(number)
    )
    assert "I saved your claim" in r.content


async def test_prompt_session_option_offers_sessions_by_number(
    bot: LeapBot, driver: Driver, world: StandardGuild
) -> None:
    await schedule(driver, world, title="Leaflet review")
    choices = await driver.autocomplete(
        world.coordinator, "prompt post", focused="session", session=""
    )
    assert [c["name"].split(" · ")[0] for c in choices] == ["#1 Leaflet review"]


async def test_the_card_shows_the_session_number(
    bot: LeapBot, driver: Driver, world: StandardGuild, fake: FakeDiscord
) -> None:
    await schedule(driver, world, title="Leaflet review")
    [card] = [m for m in fake.messages_in(world.panel_voice) if m.embeds]
    assert card.embeds[0]["title"] == "Session 1: Leaflet review"


async def test_the_list_and_info_show_the_number(
    bot: LeapBot, driver: Driver, world: StandardGuild
) -> None:
    await schedule(driver, world, title="Leaflet review")
    listed = await driver.slash(world.member, "session list")
    info = await driver.slash(world.member, "session info", session="1")
    assert ("#1 Leaflet review:" in listed.text, info.embeds[0]["title"]) == (
        True,
        "Session 1: Leaflet review",
    )


async def test_the_thank_you_names_the_session_number(
    bot: LeapBot, driver: Driver, world: StandardGuild, clock: ManualClock, fake: FakeDiscord
) -> None:
    number = await _ended(bot, driver, world, clock)
    await bot.notifier.wait_idle()
    [thanks] = [m.content for m in fake.dms_to(world.member) if "Thank you" in m.content]
    assert f"(session {number})" in thanks
