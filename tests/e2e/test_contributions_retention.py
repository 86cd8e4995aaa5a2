"""Retention: anonymous posts older than the panel's retention (/setup retention) lose their
words in the database and come down from the channel too, through the outbox."""

from __future__ import annotations

from datetime import timedelta

from fakediscord import Driver, FakeDiscord
from fakediscord.standard import StandardGuild
from helpers_contributions import contribute, live_session, posted, posts

from bot.app import LeapBot
from bot.clock import ManualClock


def _words(fake: FakeDiscord, world: StandardGuild) -> list[str]:
    return [p.content.split("\n")[1] for p in posts(fake, world.general)]


async def _old_and_new(
    bot: LeapBot, driver: Driver, fake: FakeDiscord, world: StandardGuild, clock: ManualClock
) -> None:
    """A post made 367 days ago and one made 200 days ago, with a retention of 1 year."""
    await driver.slash(world.coordinator, "setup retention", years=1)
    await live_session(bot, driver, world)
    await contribute(driver, world.member, "Old words.")
    await posted(driver, fake, world.general, 1)
    clock.advance(timedelta(days=167))
    await contribute(driver, world.member2, "Newer words.")
    await posted(driver, fake, world.general, 2)
    clock.advance(timedelta(days=200))


async def test_posts_past_the_retention_come_down_from_the_channel(
    bot: LeapBot, driver: Driver, fake: FakeDiscord, world: StandardGuild, clock: ManualClock
) -> None:
    await _old_and_new(bot, driver, fake, world, clock)
    await bot.timers.run_due(clock.now())
    await bot.notifier.wait_idle()
    assert _words(fake, world) == ["Newer words."]


async def test_posts_past_the_retention_come_down_once_discord_recovers(
    bot: LeapBot, driver: Driver, fake: FakeDiscord, world: StandardGuild, clock: ManualClock
) -> None:
    await _old_and_new(bot, driver, fake, world, clock)
    [old, _] = posts(fake, world.general)
    outage = fake.fail(
        "DELETE",
        f"/channels/{world.general.id}/messages/{old.id}",
        status=500,
        code=0,
        message="Internal Server Error",
        count=10**6,
    )
    await bot.timers.run_due(clock.now())
    await bot.notifier.wait_idle()
    during = _words(fake, world)
    outage.remaining = 0
    clock.advance(timedelta(seconds=61))
    await bot.timers.run_due(clock.now())
    await bot.notifier.wait_idle()
    assert (during, _words(fake, world)) == (["Old words.", "Newer words."], ["Newer words."])
