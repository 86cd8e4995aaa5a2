"""One date style in every message: "Monday 2 December 2024", never "02 Dec 2024" or
"2024-12-02" (issue: two styles side by side in the review and /setup show)."""

from __future__ import annotations

from typing import Any

import pytest
from fakediscord import Driver
from fakediscord.standard import StandardGuild
from helpers_hours import hours_bot
from helpers_sessions import schedule

from bot.app import LeapBot
from bot.services.hours import ledger as hours


@pytest.fixture
async def bot(leap_settings: Any, start_bot: Any, world: StandardGuild) -> LeapBot:
    return await hours_bot(leap_settings, start_bot, world)


async def test_setup_show_writes_a_later_rate_date_in_words(
    bot: LeapBot, driver: Driver, world: StandardGuild
) -> None:
    await driver.slash(
        world.admin, "setup rate", activity="review", pounds_per_hour="15", from_date="2030-01-07"
    )
    r = await driver.slash(world.admin, "setup show")
    assert "£15.00 from Monday 7 January 2030" in r.text


async def test_the_no_rate_line_names_the_day_as_the_review_line_does(
    bot: LeapBot, driver: Driver, world: StandardGuild
) -> None:
    await hours.claim(
        bot.db,
        bot.clock,
        guild_id=world.guild.id,
        member_id=world.member.id,
        activity="preparation",
        minutes=30,
        day="2024-12-02",  # before any rate
    )
    page = await driver.slash(world.coordinator, "hours review")
    [field] = page.embeds[0]["fields"]
    assert field["value"].count("Monday 2 December 2024") == 2


async def test_session_choices_show_the_local_time_in_the_same_style(
    bot: LeapBot, driver: Driver, world: StandardGuild
) -> None:
    await schedule(driver, world, when="2030-01-07 14:00")
    r = await driver.autocomplete(world.member, "session info", focused="session", session="")
    assert [c["name"].split(" · ")[-1] for c in r] == ["Monday 7 January 2030 at 14:00"]
