"""Closed direct messages everywhere: a short mention in the panel's notices channel for just
the members it is for; public news keeps its content, private news only points to a command;
coordinators are told how many members have DMs closed."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from fakediscord import Driver, FakeDiscord
from fakediscord.standard import StandardGuild
from helpers_hours import claimed, hours_bot, prefer
from helpers_sessions import answered, end, only_session, schedule, start

from bot.app import LeapBot
from bot.clock import ManualClock
from bot.services.hours import ledger as hours


async def _notices_channel(driver: Driver, world: StandardGuild) -> None:
    await answered(await driver.slash(world.admin, "setup notices", channel=world.general))


async def _mentions_of(fake: FakeDiscord, world: StandardGuild, user: Any) -> list[Any]:
    return [m for m in fake.messages_in(world.general) if f"<@{user.id}>" in m.content]


async def _reminder(bot: LeapBot, clock: ManualClock) -> None:
    session = await only_session(bot, bot.guilds[0].id)
    clock.set(session.starts_at - timedelta(minutes=59))
    await bot.timers.run_due()
    await bot.notifier.wait_idle()


async def test_a_reminder_mentions_closed_dms_in_the_notices_channel_with_its_content(
    bot: LeapBot, driver: Driver, world: StandardGuild, clock: ManualClock, fake: FakeDiscord
) -> None:
    await _notices_channel(driver, world)
    await schedule(driver, world, title="Leaflet review")
    await _reminder(bot, clock)
    (posted,) = await _mentions_of(fake, world, world.closed_dms)
    assert ("Leaflet review" in posted.content, posted.pings) == (
        True,
        {f"user:{world.closed_dms.id}"},
    )


async def _called_off(bot: LeapBot, driver: Driver, world: StandardGuild) -> None:
    await schedule(driver, world, title="Leaflet review")
    session = await only_session(bot, world.guild.id)
    await answered(await driver.slash(world.coordinator, "session cancel", session=str(session.id)))
    await bot.notifier.wait_idle()


def _mention_then_news(message: Any) -> tuple[str, bool, set[str]]:
    first, _, news = message.content.partition("\n")
    said = news.startswith("**Leaflet review** on ") and news.endswith(" is called off.")
    return first, said, message.pings


async def test_calling_off_mentions_closed_dms_in_the_session_channel_and_says_so(
    bot: LeapBot, driver: Driver, world: StandardGuild, fake: FakeDiscord
) -> None:
    await _called_off(bot, driver, world)
    (posted,) = [
        m for m in fake.messages_in(world.panel_voice) if f"<@{world.closed_dms.id}>" in m.content
    ]
    assert _mention_then_news(posted) == (
        f"<@{world.closed_dms.id}> I could not send you a direct message, so here it is.",
        True,
        {f"user:{world.closed_dms.id}"},
    )


async def test_calling_off_mentions_closed_dms_in_the_notices_channel_and_says_so(
    bot: LeapBot, driver: Driver, world: StandardGuild, fake: FakeDiscord
) -> None:
    await _notices_channel(driver, world)
    await _called_off(bot, driver, world)
    (posted,) = await _mentions_of(fake, world, world.closed_dms)
    assert _mention_then_news(posted) == (
        f"<@{world.closed_dms.id}> I could not send you a direct message, so here it is.",
        True,
        {f"user:{world.closed_dms.id}"},
    )


async def test_a_thank_you_mention_in_the_notices_channel_shows_no_hours(
    bot: LeapBot, driver: Driver, world: StandardGuild, clock: ManualClock, fake: FakeDiscord
) -> None:
    await _notices_channel(driver, world)
    await schedule(driver, world, prep=30)
    result = await start(driver, world)
    card = await result.wait_message(world.panel_voice)
    await driver.click(world.closed_dms, card, label="I'm here")
    clock.advance(timedelta(minutes=30))
    await end(driver, world)
    await bot.notifier.wait_idle()
    contents = [m.content for m in await _mentions_of(fake, world, world.closed_dms)]
    assert ([c for c in contents if "/hours me" in c], [c for c in contents if "logged" in c]) == (
        [
            f"<@{world.closed_dms.id}> I could not send you a direct message. "
            "Please check /hours me."
        ],
        [],
    )


async def test_a_decision_mention_points_to_hours_me_without_the_reason(
    leap_settings: Any, start_bot: Any, driver: Driver, world: StandardGuild, fake: FakeDiscord
) -> None:
    bot = await hours_bot(leap_settings, start_bot, world)
    await _notices_channel(driver, world)
    entry = await claimed(bot, world, world.closed_dms.id, 60)
    await hours.reject(
        bot.db,
        bot.clock,
        guild_id=world.guild.id,
        entry_id=entry.id,
        actor_id=world.coordinator.id,
        reason="Claimed twice by mistake",
    )
    await bot.notifier.wait_idle()
    (posted,) = await _mentions_of(fake, world, world.closed_dms)
    assert ("/hours me" in posted.content, "twice" in posted.content) == (True, False)


async def test_a_payment_preference_request_mention_shows_no_amount(
    leap_settings: Any, start_bot: Any, driver: Driver, world: StandardGuild, fake: FakeDiscord
) -> None:
    bot = await hours_bot(leap_settings, start_bot, world)
    await _notices_channel(driver, world)
    await prefer(bot, world, world.member.id, "Alice Smith")
    for user in (world.member, world.closed_dms):
        entry = await claimed(bot, world, user.id, 60)
        await hours.approve(
            bot.db,
            bot.clock,
            guild_id=world.guild.id,
            entry_id=entry.id,
            actor_id=world.coordinator.id,
        )
    r = await driver.slash(world.admin, "hours export", **{"from": "2025-01-01", "to": "today"})
    await r.wait_response()
    await bot.notifier.wait_idle()
    asked = [
        m
        for m in await _mentions_of(fake, world, world.closed_dms)
        if "/payment preference" in m.content
    ]
    assert [("£" in m.content, m.pings) for m in asked] == [
        (False, {f"user:{world.closed_dms.id}"})
    ]


async def test_coordinators_are_told_how_many_members_have_dms_closed(
    bot: LeapBot, driver: Driver, world: StandardGuild, clock: ManualClock, fake: FakeDiscord
) -> None:
    await _notices_channel(driver, world)
    await schedule(driver, world, title="First")
    await _reminder(bot, clock)  # the bot learns that carol's DMs are closed
    again = await schedule(driver, world, title="Second", when="in 3 days")
    assert (
        f"1 member has direct messages closed, so I mention them in <#{world.general.id}> "
        "instead." in again.text
    )


async def test_a_dm_that_goes_through_again_is_no_longer_counted_as_closed(
    bot: LeapBot, driver: Driver, world: StandardGuild, clock: ManualClock, fake: FakeDiscord
) -> None:
    await schedule(driver, world, title="First")
    await _reminder(bot, clock)
    world.closed_dms.dms_closed = False  # carol opens her DMs
    session = await only_session(bot, world.guild.id)
    cancelled = await answered(
        await driver.slash(world.coordinator, "session cancel", session=str(session.id))
    )
    await bot.notifier.wait_idle()
    later = await schedule(driver, world, title="Second", when="in 3 days")
    assert ("direct messages closed" in cancelled.text, "direct messages closed" in later.text) == (
        True,
        False,
    )


async def test_setup_show_names_the_notices_channel(
    bot: LeapBot, driver: Driver, world: StandardGuild
) -> None:
    await _notices_channel(driver, world)
    shown = await driver.slash(world.admin, "setup show")
    assert f"mentioned in <#{world.general.id}>" in shown.text
