"""Taking a contribution back: by the receipt's button (also after a restart) or by command;
only the author can, and anyone else learns nothing."""

from __future__ import annotations

from typing import Any

from fakediscord import Driver, FakeDiscord
from fakediscord.standard import StandardGuild
from helpers_contributions import contribute, live_session, posted, posts, rows
from helpers_sessions import launch

from bot.app import LeapBot
from bot.clock import ManualClock
from bot.text import contributions as text


async def _gone(fake: FakeDiscord, world: StandardGuild) -> None:
    await fake.wait_until(lambda: posts(fake, world.general) == [], 3.0)


async def test_take_back_button_deletes_the_post_and_the_text(
    bot: LeapBot, driver: Driver, fake: FakeDiscord, world: StandardGuild
) -> None:
    await live_session(bot, driver, world)
    receipt = await contribute(driver, world.member, "I want to take this back.")
    await posted(driver, fake, world.general, 1)
    r = await driver.click(world.member, receipt, label="Take back")
    await _gone(fake, world)
    [row] = await rows(bot)
    assert (r.content, row.status, row.body) == (
        text.TAKEN_BACK.format(number=1),
        "taken_back",
        None,
    )


async def test_take_back_button_works_after_a_restart(
    leap_settings: Any,
    start_bot: Any,
    bot: LeapBot,
    driver: Driver,
    fake: FakeDiscord,
    world: StandardGuild,
    clock: ManualClock,
) -> None:
    await live_session(bot, driver, world)
    receipt = await contribute(driver, world.member, "I will think again tomorrow.")
    await posted(driver, fake, world.general, 1)
    await bot.close()
    second, _ = await launch(leap_settings, start_bot, clock)
    r = await driver.click(world.member, receipt, label="Take back")
    await _gone(fake, world)
    assert (r.content, [c.body for c in await rows(second)]) == (
        text.TAKEN_BACK.format(number=1),
        [None],
    )


async def test_take_back_by_command(
    bot: LeapBot, driver: Driver, fake: FakeDiscord, world: StandardGuild
) -> None:
    await live_session(bot, driver, world)
    await contribute(driver, world.member, "Scrap this.")
    await posted(driver, fake, world.general, 1)
    r = await driver.slash(world.member, "contribution delete", id="#1")
    await _gone(fake, world)
    assert (r.ephemeral, r.content, [c.body for c in await rows(bot)]) == (
        True,
        text.TAKEN_BACK.format(number=1),
        [None],
    )


async def test_autocomplete_lists_only_my_own_posts(
    bot: LeapBot, driver: Driver, fake: FakeDiscord, world: StandardGuild
) -> None:
    await live_session(bot, driver, world)
    await contribute(driver, world.member, "Alice's first.")
    await contribute(driver, world.member2, "Bob's only one.")
    await contribute(driver, world.member, "Alice's second.")
    mine = await driver.autocomplete(world.member, "contribution delete", focused="id", id="")
    assert [(c["name"], c["value"]) for c in mine] == [
        ("#3: Alice's second.", "3"),
        ("#1: Alice's first.", "1"),
    ]


async def test_someone_else_gets_the_same_answer_as_for_a_number_that_does_not_exist(
    bot: LeapBot, driver: Driver, fake: FakeDiscord, world: StandardGuild
) -> None:
    await live_session(bot, driver, world)
    await contribute(driver, world.member, "Alice wrote this.")
    guessed = await driver.slash(world.member2, "contribution delete", id="1")
    unknown = await driver.slash(world.member2, "contribution delete", id="2")
    assert (guessed.content == unknown.content, [c.status for c in await rows(bot)]) == (
        True,
        ["shown"],
    )


async def test_a_coordinator_cannot_take_back_a_members_post(
    bot: LeapBot, driver: Driver, fake: FakeDiscord, world: StandardGuild
) -> None:
    await live_session(bot, driver, world)
    await contribute(driver, world.member, "Alice wrote this.")
    await posted(driver, fake, world.general, 1)
    r = await driver.slash(world.coordinator, "contribution delete", id="1")
    await bot.notifier.wait_idle()
    assert (r.content, len(posts(fake, world.general))) == (text.NOT_YOURS_OR_GONE, 1)


async def test_taking_back_twice_says_it_is_gone(
    bot: LeapBot, driver: Driver, fake: FakeDiscord, world: StandardGuild
) -> None:
    await live_session(bot, driver, world)
    receipt = await contribute(driver, world.member, "Once only.")
    await driver.slash(world.member, "contribution delete", id="1")
    again = await driver.click(world.member, receipt, label="Take back")
    assert again.content == text.NOT_YOURS_OR_GONE
