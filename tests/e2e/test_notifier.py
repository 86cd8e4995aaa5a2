"""The one notifier end to end: once and only once, across crashes and Discord faults."""

from __future__ import annotations

import time
from datetime import timedelta
from typing import Any

from fakediscord import Driver, FakeDiscord
from fakediscord.standard import StandardGuild
from helpers_sessions import answered, launch, make_bot, only_session, schedule, start

from bot.app import LeapBot
from bot.clock import ManualClock
from bot.services.reminders import delivery
from bot.services.sessions import timers as session_timers
from storage import notices as notice_repo


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
        for n in await session_timers.for_session(first.db, session.id)
        if n.target_id == world.member.id
    ]
    async with first.db.transaction() as conn:
        # What a crash between the DM and its "sent" mark leaves behind.
        await conn.execute("UPDATE notices SET status = 'sending' WHERE id = ?", (dm.id,))
    await first.close()
    second, _ = await launch(leap_settings, start_bot, clock)
    await second.notifier.wait_idle()
    (again,) = [n for n in await session_timers.for_session(second.db, session.id) if n.id == dm.id]
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


async def _crowd(driver: Driver, fake: FakeDiscord, world: StandardGuild, count: int) -> list[Any]:
    """`count` new panel members, each in the session's voice channel."""
    people = []
    for n in range(count):
        user = fake.add_user(f"member{n}")
        await driver.member_joins(user, [world.member_role])
        await driver.join_voice(user, world.panel_voice)
        people.append(user)
    await driver.settle()
    return people


def _fail_dms(fake: FakeDiscord, users: list[Any], *, status: int = 500) -> list[Any]:
    """Discord answers `status` to every DM to these users until the rules are lifted."""
    return [
        fake.fail(
            "POST",
            f"/channels/{fake.dm_channel(u).id}/messages",
            status=status,
            code=0,
            message="Internal Server Error",
            count=10**6,
        )
        for u in users
    ]


async def _end_with(driver: Driver, world: StandardGuild, clock: ManualClock) -> float:
    """Plan, start and end a session; return when /session end was sent (monotonic)."""
    await schedule(driver, world, when="in 2 minutes")
    clock.advance(timedelta(minutes=2))
    await start(driver, world)
    clock.advance(timedelta(minutes=40))
    sent = time.monotonic()
    await answered(await driver.slash(world.coordinator, "session end"))
    return sent


def _thanked(fake: FakeDiscord, user: Any) -> int:
    return sum("Thank you for coming" in m.content for m in fake.dms_to(user))


async def test_members_whose_dms_fail_do_not_hold_up_the_others(
    bot: LeapBot, driver: Driver, world: StandardGuild, clock: ManualClock, fake: FakeDiscord
) -> None:
    people = await _crowd(driver, fake, world, 10)
    _fail_dms(fake, people[:3])
    started = await _end_with(driver, world, clock)
    await fake.wait_until(lambda: all(_thanked(fake, u) == 1 for u in people[3:]), within=5.0)
    assert time.monotonic() - started < 2.0


async def test_thank_yous_that_failed_arrive_once_after_the_fault_ends(
    bot: LeapBot, driver: Driver, world: StandardGuild, clock: ManualClock, fake: FakeDiscord
) -> None:
    people = await _crowd(driver, fake, world, 10)
    rules = _fail_dms(fake, people[:3])
    await _end_with(driver, world, clock)
    await bot.notifier.wait_idle()
    during = [_thanked(fake, u) for u in people[:3]]
    for rule in rules:
        rule.remaining = 0  # the fault ends
    clock.advance(timedelta(seconds=61))
    await bot.timers.run_due()
    await bot.notifier.wait_idle()
    assert (during, [_thanked(fake, u) for u in people]) == ([0, 0, 0], [1] * 10)


async def test_the_coordinator_is_told_once_when_a_thank_you_never_gets_through(
    bot: LeapBot, driver: Driver, world: StandardGuild, clock: ManualClock, fake: FakeDiscord
) -> None:
    people = await _crowd(driver, fake, world, 2)
    _fail_dms(fake, people, status=503)
    await _end_with(driver, world, clock)
    await bot.notifier.wait_idle()
    for _ in range(6):  # past the retries after 1, 5, 15 and 60 minutes
        clock.advance(timedelta(minutes=61))
        await bot.timers.run_due()
        await bot.notifier.wait_idle()
    reports = [m.content for m in fake.dms_to(world.coordinator) if "I could not send" in m.content]
    assert reports == [
        "I could not send the thank-you message after a session to "
        f"<@{people[0].id}>, <@{people[1].id}>. I tried for over an hour. Please tell them."
    ]


async def _past_every_retry(bot: LeapBot, clock: ManualClock) -> None:
    await bot.notifier.wait_idle()
    for _ in range(6):  # past the retries after 1, 5, 15 and 60 minutes
        clock.advance(timedelta(minutes=61))
        await bot.timers.run_due()
        await bot.notifier.wait_idle()


async def test_a_reminder_whose_dm_never_gets_through_mentions_its_owner_privately(
    bot: LeapBot, driver: Driver, world: StandardGuild, clock: ManualClock, fake: FakeDiscord
) -> None:
    """Discord fails every DM to the member for over an hour: the reminder is not lost
    silently; the member is mentioned once in the channel, without the reminder's words."""
    _fail_dms(fake, [world.member], status=503)
    await driver.slash(
        world.member, "remind me", when="in 1 minute", text="Private words",
        in_channel=world.general,
    )  # fmt: skip
    clock.advance(timedelta(minutes=2))
    await bot.timers.run_due()
    await _past_every_retry(bot, clock)
    posts = [
        m
        for m in fake.messages_in(world.general)
        if m.author.id == fake.bot_user.id and m.interaction_id is None
    ]
    assert [(p.pings, "Private words" in p.content) for p in posts] == [
        ({f"user:{world.member.id}"}, False)
    ]


# --- rate limits (429) ------------------------------------------------------------------------


def _limit_dms(fake: FakeDiscord, user: Any, *, count: int, retry_after: float) -> Any:
    """Discord answers 429 to the next `count` DMs to `user`, asking to wait `retry_after`."""
    path = f"/channels/{fake.dm_channel(user).id}/messages"
    return fake.rate_limit("POST", path, count=count, retry_after=retry_after)


async def _due(bot: LeapBot, clock: ManualClock, after: timedelta) -> None:
    clock.advance(after)
    await bot.timers.run_due()
    await bot.notifier.wait_idle()


def _reminders_to(fake: FakeDiscord, user: Any) -> list[str]:
    return [m.content for m in fake.dms_to(user) if m.content.startswith("Reminder")]


async def test_a_dm_discord_keeps_rate_limiting_is_sent_once_after_the_limit_passes(
    bot: LeapBot, driver: Driver, world: StandardGuild, clock: ManualClock, fake: FakeDiscord
) -> None:
    await driver.slash(world.member, "remind me", when="in 1 minute", text="Send the form")
    rule = _limit_dms(fake, world.member, count=10**6, retry_after=0.05)
    await _due(bot, clock, timedelta(minutes=2))
    during, tried = _reminders_to(fake, world.member), rule.hits
    async with bot.db.read() as conn:
        waiting = await notice_repo.pending_to(
            conn, kind=delivery.NOTICE_PERSONAL, target_id=world.member.id
        )
    bot.notifier.wake()  # the clock has not moved: nothing is tried again yet
    await bot.notifier.wait_idle()
    assert waiting is not None
    backed_off = (waiting.attempts, waiting.next_try_at, rule.hits) == (
        1,
        clock.now() + timedelta(minutes=1),
        tried,
    )
    rule.remaining = 0  # the limit passes
    await _due(bot, clock, timedelta(seconds=61))
    await _due(bot, clock, timedelta(minutes=10))
    assert (during, tried > 0, backed_off, _reminders_to(fake, world.member)) == (
        [],
        True,
        True,
        ["Reminder: Send the form"],
    )


async def test_a_long_rate_limit_on_one_dm_holds_up_nobody_and_it_is_sent_once_later(
    bot: LeapBot, driver: Driver, world: StandardGuild, clock: ManualClock, fake: FakeDiscord
) -> None:
    for who in (world.member, world.member2):
        await driver.slash(who, "remind me", when="in 1 minute", text="Send the form")
    _limit_dms(fake, world.member, count=1, retry_after=30.0)  # "wait 30 seconds"
    started = time.monotonic()
    await _due(bot, clock, timedelta(minutes=2))
    waited = time.monotonic() - started
    first = (_reminders_to(fake, world.member), _reminders_to(fake, world.member2))
    await _due(bot, clock, timedelta(seconds=61))
    await _due(bot, clock, timedelta(minutes=10))
    assert (waited < 10, first, _reminders_to(fake, world.member)) == (
        True,
        ([], ["Reminder: Send the form"]),
        ["Reminder: Send the form"],
    )
