"""The one notifier end to end: once and only once, across crashes and Discord faults."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from fakediscord import Driver, FakeDiscord
from fakediscord.standard import StandardGuild
from helpers_sessions import launch, make_bot, only_session, schedule

from bot.app import LeapBot
from bot.clock import ManualClock
from bot.services.sessions import reminders
from storage import notices


async def _reminder_sent(bot: LeapBot, clock: ManualClock, world: StandardGuild) -> Any:
    session = await only_session(bot, world.guild.id)
    clock.set(session.starts_at - timedelta(minutes=59))
    await bot.timers.run_due()
    await bot.notifier.wait_idle()
    return session


async def test_a_notice_cut_off_after_sending_is_not_shown_twice_after_a_restart(
    leap_settings: Any,
    start_bot: Any,
    world: StandardGuild,
    driver: Driver,
    clock: ManualClock,
    fake: FakeDiscord,
) -> None:
    """A kill -9 after Discord took the DM but before it was marked sent: the restarted bot
    sends it again with the same nonce, and Discord keeps the one message."""
    first = await make_bot(leap_settings, start_bot, world, clock)
    await schedule(driver, world)
    session = await _reminder_sent(first, clock, world)
    (dm,) = [
        n
        for n in await reminders.for_session(first.db, session.id)
        if n.target_id == world.member.id
    ]
    async with first.db.transaction() as conn:
        # What a crash between the DM and its "sent" mark leaves behind.
        await notices.claim(conn, [dm.id], now=clock.now())
    await first.close()
    second, _ = await launch(leap_settings, start_bot, clock)
    await second.notifier.wait_idle()
    (again,) = [n for n in await reminders.for_session(second.db, session.id) if n.id == dm.id]
    assert (len(fake.dms_to(world.member)), again.status) == (1, "sent")


async def test_a_notice_queued_before_a_stop_is_sent_once_after_the_restart(
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
    clock.set(session.starts_at - timedelta(minutes=59))
    second, _ = await launch(leap_settings, start_bot, clock)
    await second.timers.wait_idle()
    await second.notifier.wait_idle()
    await second.close()
    third, _ = await launch(leap_settings, start_bot, clock)
    await third.timers.wait_idle()
    await third.notifier.wait_idle()
    assert len(fake.dms_to(world.member)) == 1
