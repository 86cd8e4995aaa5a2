"""/support through the notices outbox: a saved request reaches the coordinators even when
Discord fails for a while or the bot stops, only ever by DM, and the outbox keeps no words."""

from __future__ import annotations

import sqlite3
from datetime import timedelta
from typing import Any

from fakediscord import Driver, FakeDiscord, model
from fakediscord.standard import StandardGuild
from helpers_sessions import answered, launch, make_bot

from bot.app import LeapBot
from bot.clock import ManualClock

WORDS = "I am finding today hard."


def _fail_dms(fake: FakeDiscord, user: model.User) -> Any:
    """Discord answers 500 to every DM to this user until the rule is lifted."""
    return fake.fail(
        "POST",
        f"/channels/{fake.dm_channel(user).id}/messages",
        status=500,
        code=0,
        message="Internal Server Error",
        count=10**6,
    )


async def _send(driver: Driver, who: model.User, message: str | None = WORDS) -> Any:
    r = await driver.slash(who, "support", **({"message": message} if message else {}))
    return await driver.click(who, r, label="Send to coordinators")


async def _retry(bot: LeapBot, clock: ManualClock) -> None:
    """Let the outbox's first retry come due (a minute after the failed try)."""
    clock.advance(timedelta(seconds=61))
    await bot.timers.run_due()
    await bot.notifier.wait_idle()


def _support_dms(fake: FakeDiscord, user: model.User) -> list[model.Message]:
    return [m for m in fake.dms_to(user) if "asked for support" in m.content]


def _channel_posts(fake: FakeDiscord, world: StandardGuild) -> list[str]:
    """Everything the bot posted in the server's channels itself (not private replies)."""
    return [
        m.content
        for channel in world.guild.channels.values()
        for m in fake.messages_in(channel)
        if m.author.id == fake.bot_user.id and m.interaction_id is None
    ]


async def test_a_request_reaches_the_coordinator_once_after_discord_failed_for_a_while(
    bot: LeapBot, driver: Driver, world: StandardGuild, clock: ManualClock, fake: FakeDiscord
) -> None:
    fault = _fail_dms(fake, world.coordinator)
    sent = await _send(driver, world.member)
    await sent.wait_followup()
    await bot.notifier.wait_idle()
    during = len(_support_dms(fake, world.coordinator))
    fault.remaining = 0  # Discord is back
    await _retry(bot, clock)
    dms = _support_dms(fake, world.coordinator)
    assert (during, [WORDS in m.content for m in dms]) == (0, [True])


async def test_a_request_waiting_for_discord_is_sent_after_the_bot_restarts(
    leap_settings: Any,
    start_bot: Any,
    world: StandardGuild,
    driver: Driver,
    clock: ManualClock,
    fake: FakeDiscord,
) -> None:
    first = await make_bot(leap_settings, start_bot, world, clock)
    fault = _fail_dms(fake, world.coordinator)
    sent = await _send(driver, world.member)
    await sent.wait_followup()
    await first.notifier.wait_idle()
    await first.close()
    fault.remaining = 0
    second, _ = await launch(leap_settings, start_bot, clock)
    await second.notifier.wait_idle()
    await _retry(second, clock)
    dms = _support_dms(fake, world.coordinator)
    assert [WORDS in m.content for m in dms] == [True]


async def test_a_coordinator_with_closed_dms_is_never_shown_anything_in_a_channel(
    bot: LeapBot, driver: Driver, world: StandardGuild, fake: FakeDiscord
) -> None:
    # A notices channel is where other messages mention members whose DMs are closed.
    await answered(await driver.slash(world.admin, "setup notices", channel=world.general))
    fake.close_dms(world.coordinator)
    sent = await _send(driver, world.member)
    await sent.wait_followup()
    await bot.notifier.wait_idle()
    await driver.settle()
    assert _channel_posts(fake, world) == []


async def test_the_member_is_told_when_no_coordinator_could_be_reached(
    bot: LeapBot, driver: Driver, world: StandardGuild, fake: FakeDiscord
) -> None:
    fake.close_dms(world.coordinator)
    sent = await _send(driver, world.member)
    await sent.wait_followup()
    await fake.wait_until(
        lambda: any("could not reach any coordinator" in m.content for m in sent.followups),
        within=10.0,
    )
    assert "could not reach any coordinator" in sent.followups[-1].content


async def test_the_member_is_not_told_nobody_was_reached_while_discord_is_only_failing(
    bot: LeapBot, driver: Driver, world: StandardGuild, fake: FakeDiscord
) -> None:
    _fail_dms(fake, world.coordinator)
    sent = await _send(driver, world.member)
    await sent.wait_followup()
    await bot.notifier.wait_idle()
    await driver.settle()
    assert [m.content for m in sent.followups if "could not reach" in m.content] == []


async def test_every_coordinator_gets_the_request_but_not_the_member_who_sent_it(
    bot: LeapBot, driver: Driver, world: StandardGuild, fake: FakeDiscord
) -> None:
    second = fake.add_user("dana")
    await driver.member_joins(second, [world.coordinator_role, world.member_role])
    await driver.settle()
    sent = await _send(driver, second)
    await sent.wait_followup()
    await bot.notifier.wait_idle()
    assert (len(_support_dms(fake, world.coordinator)), _support_dms(fake, second)) == (1, [])


async def test_the_outbox_keeps_no_words_of_a_request(
    bot: LeapBot, driver: Driver, world: StandardGuild, fake: FakeDiscord
) -> None:
    _fail_dms(fake, world.coordinator)  # the notice stays waiting in the outbox
    sent = await _send(driver, world.member)
    await sent.wait_followup()
    await bot.notifier.wait_idle()
    raw = sqlite3.connect(bot.settings.database_path)
    try:
        rows = raw.execute("SELECT * FROM notices WHERE kind = 'wellbeing.support'").fetchall()
    finally:
        raw.close()
    assert (len(rows), [r for r in rows if "finding today" in repr(r)]) == (1, [])


async def test_a_request_erased_before_discord_came_back_is_never_sent(
    bot: LeapBot, driver: Driver, world: StandardGuild, clock: ManualClock, fake: FakeDiscord
) -> None:
    fault = _fail_dms(fake, world.coordinator)
    sent = await _send(driver, world.member)
    await sent.wait_followup()
    await bot.notifier.wait_idle()
    ask = await driver.slash(world.member, "mydata erase")
    await driver.click(world.member, ask, label="Erase")
    fault.remaining = 0
    await _retry(bot, clock)
    assert _support_dms(fake, world.coordinator) == []
