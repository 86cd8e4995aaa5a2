"""Session timers end to end: reminders, late and skipped reminders, auto-end, cancel."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from fakediscord import Driver, FakeDiscord
from fakediscord.results import Result
from fakediscord.standard import StandardGuild
from helpers_sessions import (
    launch,
    ledger,
    make_bot,
    only_session,
    schedule,
    start,
    voice,
)

from bot.app import LeapBot
from bot.clock import ManualClock
from bot.services.sessions.timers import KIND_REMINDER
from storage import audit
from storage import timers as timer_repo


def _stamp(when: Any) -> str:
    return f"<t:{int(when.timestamp())}:F>"


async def _remind(bot: LeapBot, clock: ManualClock, fake: FakeDiscord) -> Result:
    """Move to one hour before the session and fire what is due."""
    session = await only_session(bot, bot.guilds[0].id)
    clock.set(session.starts_at - timedelta(minutes=59))
    result = Result(fake)
    await bot.timers.run_due()
    await bot.notifier.wait_idle()
    return result


async def test_reminder_is_sent_by_dm_with_discord_timestamps(
    bot: LeapBot, driver: Driver, world: StandardGuild, clock: ManualClock, fake: FakeDiscord
) -> None:
    await schedule(driver, world)
    result = await _remind(bot, clock, fake)
    session = await only_session(bot, world.guild.id)
    dm = await result.wait_dm(world.member)
    stamp = int(session.starts_at.timestamp())
    assert (f"<t:{stamp}:F>" in dm.content, f"<t:{stamp}:R>" in dm.content) == (True, True)


async def test_reminder_goes_to_every_member_role_holder(
    bot: LeapBot, driver: Driver, world: StandardGuild, clock: ManualClock, fake: FakeDiscord
) -> None:
    await schedule(driver, world)
    result = await _remind(bot, clock, fake)
    dm_channels = {c.id: uid for uid, c in fake.dm_channels.items()}
    assert sorted(dm_channels[m.channel_id] for m in result.dms) == sorted(
        [world.member.id, world.member2.id, world.coordinator.id]
    )


async def test_closed_dms_get_a_mention_in_the_session_channel(
    bot: LeapBot, driver: Driver, world: StandardGuild, clock: ManualClock, fake: FakeDiscord
) -> None:
    await schedule(driver, world)
    result = await _remind(bot, clock, fake)
    posted = await result.wait_message(world.panel_voice)
    assert (f"<@{world.closed_dms.id}>" in posted.content, posted.pings) == (
        True,
        {f"user:{world.closed_dms.id}"},
    )


async def test_channel_fallback_pings_nobody_named_in_the_title(
    bot: LeapBot, driver: Driver, world: StandardGuild, clock: ManualClock, fake: FakeDiscord
) -> None:
    await schedule(driver, world, title=f"Chat with <@{world.member2.id}> @everyone")
    result = await _remind(bot, clock, fake)
    posted = await result.wait_message(world.panel_voice)
    assert posted.pings == {f"user:{world.closed_dms.id}"}


async def test_reminder_is_not_repeated_after_a_restart(
    leap_settings: Any,
    start_bot: Any,
    world: StandardGuild,
    driver: Driver,
    clock: ManualClock,
    fake: FakeDiscord,
) -> None:
    first = await make_bot(leap_settings, start_bot, world, clock)
    await schedule(driver, world)
    await _remind(first, clock, fake)
    before = len(fake.dms_to(world.member))
    await first.close()
    second, _ = await launch(leap_settings, start_bot, clock)
    await second.timers.run_due()
    await second.notifier.wait_idle()
    assert (before, len(fake.dms_to(world.member))) == (1, 1)


async def test_reminder_missed_while_down_is_sent_late_with_an_apology(
    leap_settings: Any,
    start_bot: Any,
    world: StandardGuild,
    driver: Driver,
    clock: ManualClock,
    fake: FakeDiscord,
) -> None:
    first = await make_bot(leap_settings, start_bot, world, clock)
    await schedule(driver, world)
    session = await only_session(first, world.guild.id)
    await first.close()
    clock.set(session.starts_at - timedelta(minutes=30))
    result = Result(fake)
    await launch(leap_settings, start_bot, clock)
    dm = await result.wait_dm(world.member)
    assert dm.content.startswith("Sorry, this is late: A reminder: **Leaflet review** starts")


async def test_reminder_for_a_session_that_already_began_is_skipped(
    leap_settings: Any,
    start_bot: Any,
    world: StandardGuild,
    driver: Driver,
    clock: ManualClock,
    fake: FakeDiscord,
) -> None:
    first = await make_bot(leap_settings, start_bot, world, clock)
    await schedule(driver, world)
    session = await only_session(first, world.guild.id)
    await first.close()
    clock.set(session.starts_at + timedelta(minutes=5))
    second, _ = await launch(leap_settings, start_bot, clock)
    await second.timers.wait_idle()
    await second.notifier.wait_idle()
    async with second.db.read() as conn:
        pending = await timer_repo.find_pending(
            conn, kind=KIND_REMINDER, payload_key="session_id", payload_value=session.id
        )
    assert (fake.dms_to(world.member), pending) == ([], [])


async def test_starting_a_session_cancels_its_reminders(
    bot: LeapBot, driver: Driver, world: StandardGuild, clock: ManualClock, fake: FakeDiscord
) -> None:
    await schedule(driver, world)
    await start(driver, world, on_time=False)  # two hours early, before the reminders
    await _remind(bot, clock, fake)
    await bot.notifier.wait_idle()
    assert [m.content for m in fake.dms_to(world.member) if "A reminder" in m.content] == []


async def _left_live(
    bot: LeapBot, driver: Driver, world: StandardGuild, clock: ManualClock
) -> Result:
    await voice(driver, driver.join_voice(world.member, world.panel_voice))
    await schedule(driver, world, prep=15)
    await start(driver, world)
    await bot.notifier.wait_idle()  # the "has started early" notice goes out first
    session = await only_session(bot, world.guild.id)
    clock.set(session.planned_end + timedelta(minutes=31))
    result = Result(driver.fake)
    await bot.timers.run_due()
    await bot.notifier.wait_idle()
    return result


async def test_session_left_live_ends_by_itself_and_pays(
    bot: LeapBot, driver: Driver, world: StandardGuild, clock: ManualClock
) -> None:
    await _left_live(bot, driver, world, clock)
    session = await only_session(bot, world.guild.id)
    assert (session.status, await ledger(bot, world.guild.id, session.id)) == (
        "ended",
        [(world.member.id, "meeting", 60), (world.member.id, "preparation", 15)],
    )


async def test_auto_end_tells_the_coordinator_who_started_it(
    bot: LeapBot, driver: Driver, world: StandardGuild, clock: ManualClock
) -> None:
    result = await _left_live(bot, driver, world, clock)
    dm = await result.wait_dm(world.coordinator)
    assert "so I ended it" in dm.content


async def test_auto_end_is_audited_as_the_bot(
    bot: LeapBot, driver: Driver, world: StandardGuild, clock: ManualClock
) -> None:
    await _left_live(bot, driver, world, clock)
    async with bot.db.read() as conn:
        entries = await audit.recent(conn, world.guild.id, action="session.auto_end")
    assert [e.actor_id for e in entries] == [None]


async def test_session_left_live_while_the_bot_was_down_ends_at_start_up(
    leap_settings: Any, start_bot: Any, world: StandardGuild, driver: Driver, clock: ManualClock
) -> None:
    first = await make_bot(leap_settings, start_bot, world, clock)
    await voice(driver, driver.join_voice(world.member, world.panel_voice))
    await voice(driver, driver.join_voice(world.coordinator, world.panel_voice))
    await schedule(driver, world)
    await start(driver, world)
    session = await only_session(first, world.guild.id)
    clock.advance(timedelta(minutes=10))
    await first.close()
    clock.set(session.planned_end + timedelta(hours=1))
    second, _ = await launch(leap_settings, start_bot, clock)
    await second.timers.wait_idle()
    session = await only_session(second, world.guild.id)
    assert (session.status, await ledger(second, world.guild.id, session.id)) == (
        "ended",
        [(world.member.id, "meeting", 60)],
    )


async def _cancel(driver: Driver, world: StandardGuild, bot: LeapBot) -> Any:
    await schedule(driver, world)
    session = await only_session(bot, world.guild.id)
    result = await driver.slash(
        world.coordinator, "session cancel", session=str(session.id), reason="The room flooded"
    )
    if result.deferred:
        await result.wait_response()
    await driver.settle()  # the reply comes first, then the event, card and DMs
    return result


async def test_cancel_tells_members_by_dm_with_the_reason(
    bot: LeapBot, driver: Driver, world: StandardGuild
) -> None:
    result = await _cancel(driver, world, bot)
    dm = await result.wait_dm(world.member2)
    assert ("called off" in dm.content, "The room flooded" in dm.content) == (True, True)


async def test_cancel_cancels_the_event(bot: LeapBot, driver: Driver, world: StandardGuild) -> None:
    await _cancel(driver, world, bot)
    (event,) = world.guild.scheduled_events.values()
    assert event["status"] == 4


async def test_cancel_stops_the_reminders(
    bot: LeapBot, driver: Driver, world: StandardGuild, clock: ManualClock, fake: FakeDiscord
) -> None:
    await _cancel(driver, world, bot)
    dms_after_cancel = len(fake.dms_to(world.member))
    await _remind(bot, clock, fake)
    assert len(fake.dms_to(world.member)) == dms_after_cancel


async def test_cancel_is_audited(bot: LeapBot, driver: Driver, world: StandardGuild) -> None:
    await _cancel(driver, world, bot)
    async with bot.db.read() as conn:
        entries = await audit.recent(conn, world.guild.id, action="session.cancel")
    assert [(e.actor_id, e.detail["reason"]) for e in entries] == [
        (world.coordinator.id, "The room flooded")
    ]


async def test_member_cannot_cancel(bot: LeapBot, driver: Driver, world: StandardGuild) -> None:
    await schedule(driver, world)
    session = await only_session(bot, world.guild.id)
    result = await driver.slash(world.member, "session cancel", session=str(session.id))
    after = await only_session(bot, world.guild.id)
    assert ("You need the Coordinator role" in result.text, after.status) == (True, "scheduled")


async def test_late_auto_end_counts_presence_only_until_the_bot_stopped(
    leap_settings: Any, start_bot: Any, world: StandardGuild, driver: Driver, clock: ManualClock
) -> None:
    first = await make_bot(leap_settings, start_bot, world, clock)
    await driver.slash(world.owner, "setup attendance", rule="measured")
    await voice(driver, driver.join_voice(world.member, world.panel_voice))
    await schedule(driver, world, when="in 2 minutes")
    clock.advance(timedelta(minutes=2))
    await start(driver, world)
    session = await only_session(first, world.guild.id)
    clock.advance(timedelta(minutes=20))
    await first.close()
    clock.set(session.planned_end + timedelta(hours=5))
    second, _ = await launch(leap_settings, start_bot, clock)
    await second.timers.wait_idle()
    assert await ledger(second, world.guild.id, session.id) == [(world.member.id, "meeting", 30)]


async def test_cancel_marks_the_session_card_called_off(
    bot: LeapBot, driver: Driver, world: StandardGuild, fake: FakeDiscord
) -> None:
    await _cancel(driver, world, bot)
    card = next(m for m in fake.messages_in(world.panel_voice) if m.embeds)
    assert ("Called off" in card.content, "The room flooded" in card.content) == (True, True)
