"""A button on a question whose view is gone (the bot restarted, or the question ran out of
time) gets a plain private answer instead of Discord's "This interaction failed", and does
nothing."""

from __future__ import annotations

from typing import Any

from fakediscord import Driver
from fakediscord.standard import StandardGuild
from helpers_sessions import answered, launch, make_bot, schedule

from bot.clock import ManualClock
from storage import sessions as repo


async def test_a_series_question_pressed_after_a_restart_says_to_ask_again(
    leap_settings: Any, start_bot: Any, world: StandardGuild, driver: Driver, clock: ManualClock
) -> None:
    first = await make_bot(leap_settings, start_bot, world, clock)
    await schedule(driver, world, when="in 2 days", repeat="weekly")
    asked = await answered(await driver.slash(world.coordinator, "session cancel", session="1"))
    await first.close()
    second, _ = await launch(leap_settings, start_bot, clock)
    pressed = await driver.click(world.coordinator, asked, label="Just this one")
    async with second.db.read() as conn:
        planned = await repo.scheduled(conn, world.guild.id)
    assert (pressed.ephemeral, "use the command again" in pressed.text, len(planned)) == (
        True,
        True,
        4,
    )


async def test_a_button_that_still_works_is_answered_once(
    leap_settings: Any, start_bot: Any, world: StandardGuild, driver: Driver, clock: ManualClock
) -> None:
    await make_bot(leap_settings, start_bot, world, clock)
    await schedule(driver, world, when="in 2 days", repeat="weekly")
    asked = await answered(await driver.slash(world.coordinator, "session cancel", session="1"))
    pressed = await driver.click(world.coordinator, asked, label="Keep them")
    await driver.settle()
    assert ("Nothing was called off" in pressed.text, "no longer works" in pressed.text) == (
        True,
        False,
    )
