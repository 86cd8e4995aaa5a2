"""Session reminders due while the bot was down, found after the session already started:
members get nothing late, and the coordinator who scheduled the session gets one direct
message saying which reminders were not sent and why (issue 12, point 5)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from fakediscord import Driver, FakeDiscord
from fakediscord.standard import StandardGuild
from helpers_sessions import answered, launch, make_bot, schedule, session_by_id

from bot.app import LeapBot
from bot.clock import ManualClock
from storage import sessions as session_repo


async def _sessions(bot: LeapBot) -> list[session_repo.Session]:
    async with bot.db.read() as conn:
        rows = await conn.fetchall("SELECT id FROM sessions ORDER BY id")
    return [await session_by_id(bot, int(r["id"])) for r in rows]


async def _back_after(
    leap_settings: Any, start_bot: Any, clock: ManualClock, first: LeapBot, when: Any
) -> LeapBot:
    """Stop the bot, move the clock to `when`, start it again and let it catch up."""
    await first.close()
    clock.set(when)
    second, _ = await launch(leap_settings, start_bot, clock)
    await second.timers.wait_idle()
    await second.notifier.wait_idle()
    return second


async def test_members_get_nothing_late_and_the_owner_one_plain_message(
    leap_settings: Any,
    start_bot: Any,
    world: StandardGuild,
    driver: Driver,
    clock: ManualClock,
    fake: FakeDiscord,
) -> None:
    first = await make_bot(leap_settings, start_bot, world, clock)
    await schedule(driver, world, when="in 2 days")  # reminders 24 hours and 1 hour before
    [session] = await _sessions(first)
    await _back_after(
        leap_settings, start_bot, clock, first, session.starts_at + timedelta(minutes=5)
    )
    [dm] = fake.dms_to(world.coordinator)
    assert (
        fake.dms_to(world.member),
        fake.dms_to(world.member2),
        f"Session {session.id}, Leaflet review" in dm.content,
        "the reminders 24 hours and 1 hour before" in dm.content,
        "already started" in dm.content,
        "Sorry, this is late" in dm.content,
    ) == ([], [], True, True, True, False)


async def test_two_sessions_skipped_make_still_one_message(
    leap_settings: Any,
    start_bot: Any,
    world: StandardGuild,
    driver: Driver,
    clock: ManualClock,
    fake: FakeDiscord,
) -> None:
    first = await make_bot(leap_settings, start_bot, world, clock)
    await schedule(driver, world, when="in 2 hours", title="Leaflet review")
    await schedule(driver, world, when="in 4 hours", title="Poster check")
    last = (await _sessions(first))[-1]
    await _back_after(leap_settings, start_bot, clock, first, last.starts_at + timedelta(hours=2))
    [dm] = fake.dms_to(world.coordinator)
    assert ("Leaflet review" in dm.content, "Poster check" in dm.content) == (True, True)


async def test_the_message_is_not_repeated_after_another_restart(
    leap_settings: Any,
    start_bot: Any,
    world: StandardGuild,
    driver: Driver,
    clock: ManualClock,
    fake: FakeDiscord,
) -> None:
    first = await make_bot(leap_settings, start_bot, world, clock)
    await schedule(driver, world)
    [session] = await _sessions(first)
    second = await _back_after(
        leap_settings, start_bot, clock, first, session.starts_at + timedelta(minutes=5)
    )
    await _back_after(leap_settings, start_bot, clock, second, clock.now() + timedelta(hours=1))
    assert len(fake.dms_to(world.coordinator)) == 1


async def test_a_missed_personal_reminder_joins_the_same_message(
    leap_settings: Any,
    start_bot: Any,
    world: StandardGuild,
    driver: Driver,
    clock: ManualClock,
    fake: FakeDiscord,
) -> None:
    first = await make_bot(leap_settings, start_bot, world, clock)
    await driver.slash(world.coordinator, "remind me", when="in 1 minute", text="Print leaflets")
    await schedule(driver, world)
    await _back_after(leap_settings, start_bot, clock, first, clock.now() + timedelta(hours=13))
    [dm] = fake.dms_to(world.coordinator)
    assert ("#1" in dm.content, "Leaflet review" in dm.content) == (True, True)


async def test_a_reminder_before_the_start_is_still_sent_late_and_nobody_told(
    leap_settings: Any,
    start_bot: Any,
    world: StandardGuild,
    driver: Driver,
    clock: ManualClock,
    fake: FakeDiscord,
) -> None:
    first = await make_bot(leap_settings, start_bot, world, clock)
    await schedule(driver, world)
    [session] = await _sessions(first)
    await _back_after(
        leap_settings, start_bot, clock, first, session.starts_at - timedelta(minutes=30)
    )
    texts = [m.content for m in fake.dms_to(world.coordinator)]
    assert (len(texts), "not send" in texts[0]) == (1, False)


async def test_an_owner_with_direct_messages_closed_reads_the_note_in_the_channel(
    leap_settings: Any,
    start_bot: Any,
    world: StandardGuild,
    driver: Driver,
    clock: ManualClock,
    fake: FakeDiscord,
) -> None:
    first = await make_bot(leap_settings, start_bot, world, clock)
    await driver.set_roles(world.closed_dms, [world.coordinator_role, world.member_role])
    await driver.settle()
    planned = await driver.slash(
        world.closed_dms,
        "session schedule",
        title="Leaflet review",
        when="in 2 days",
        length=60,
        channel=world.panel_voice,
    )
    await answered(planned)
    [session] = await _sessions(first)
    await _back_after(
        leap_settings, start_bot, clock, first, session.starts_at + timedelta(minutes=5)
    )
    [post] = [
        m
        for m in fake.messages_in(world.panel_voice)
        if f"<@{world.closed_dms.id}>" in (m.content or "")
    ]
    # Session titles and times are public anyway: the note itself, not a pointer to
    # /remind list (which does not show skipped session reminders).
    assert (f"Session {session.id}, Leaflet review" in post.content, "/remind" in post.content) == (
        True,
        False,
    )
