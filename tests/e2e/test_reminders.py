"""/remind end to end: personal and panel reminders arrive on time, once, to the right people."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

from fakediscord import Driver, FakeDiscord
from fakediscord.standard import StandardGuild
from helpers_sessions import launch, make_bot, only_session, schedule

from bot.app import LeapBot
from bot.clock import ManualClock
from storage import reminders as repo

STAMP = re.compile(r"<t:(\d+):F>")


def posts_in(fake: FakeDiscord, world: StandardGuild) -> list[Any]:
    """The bot's own posts in the general channel (not the private replies to commands)."""
    return [
        m
        for m in fake.messages_in(world.general)
        if m.author.id == fake.bot_user.id and m.interaction_id is None
    ]


async def remind(driver: Driver, who: Any, when: str, what: str, **options: Any) -> Any:
    """Run /remind me as `who`."""
    return await driver.slash(who, "remind me", when=when, text=what, **options)


async def due_passes(bot: LeapBot, clock: ManualClock, after: timedelta) -> None:
    """Move the clock on and let timers and the notifier do what is due."""
    clock.advance(after)
    await bot.timers.run_due()
    await bot.notifier.wait_idle()


async def soon_after_due(bot: LeapBot, clock: ManualClock) -> None:
    """Set the clock 30 seconds past the last reminder's time; deliver what is due."""
    last = (await stored(bot))[-1]
    clock.set(last.due_at + timedelta(seconds=30))
    await bot.timers.run_due()
    await bot.notifier.wait_idle()


async def stored(bot: LeapBot) -> list[repo.Reminder]:
    """Every reminder in the database."""
    async with bot.db.read() as conn:
        rows = await conn.fetchall("SELECT id FROM reminders ORDER BY id")
        found = [await repo.get(conn, int(r["id"])) for r in rows]
    return [r for r in found if r is not None]


async def test_in_90_seconds_is_confirmed_with_discord_timestamps(
    bot: LeapBot, driver: Driver, world: StandardGuild, clock: ManualClock
) -> None:
    result = await remind(driver, world.member, "in 90 seconds", "Send the form")
    (stamp,) = STAMP.findall(result.content)
    ahead = int(stamp) - int(clock.now().timestamp())
    assert (90 <= ahead < 150, f"<t:{stamp}:R>" in result.content, result.ephemeral) == (
        True,
        True,
        True,
    )


async def test_a_personal_reminder_arrives_by_dm_within_35_seconds_of_due(
    bot: LeapBot, driver: Driver, world: StandardGuild, clock: ManualClock, fake: FakeDiscord
) -> None:
    await remind(driver, world.member, "in 1 minute", "Send the form")
    await soon_after_due(bot, clock)
    assert [m.content for m in fake.dms_to(world.member)] == ["Reminder: Send the form"]


async def test_a_personal_reminder_is_not_sent_before_it_is_due(
    bot: LeapBot, driver: Driver, world: StandardGuild, clock: ManualClock, fake: FakeDiscord
) -> None:
    await remind(driver, world.member, "in 2 minutes", "Send the form")
    (reminder,) = await stored(bot)
    clock.set(reminder.due_at - timedelta(seconds=5))
    await bot.timers.run_due()
    await bot.notifier.wait_idle()
    assert fake.dms_to(world.member) == []


async def test_a_reminder_is_stored_before_it_is_confirmed(
    bot: LeapBot, driver: Driver, world: StandardGuild
) -> None:
    await remind(driver, world.member, "tomorrow 9am", "Bring the leaflet")
    (reminder,) = await stored(bot)
    assert (reminder.owner_id, reminder.text, reminder.status) == (
        world.member.id,
        "Bring the leaflet",
        "pending",
    )


async def test_list_shows_the_number_time_and_text(
    bot: LeapBot, driver: Driver, world: StandardGuild
) -> None:
    await remind(driver, world.member, "in 3 days", "Bring the leaflet")
    (reminder,) = await stored(bot)
    shown = await driver.slash(world.member, "remind list")
    assert f"#{reminder.id}" in shown.content
    assert "Bring the leaflet" in shown.content


async def test_list_says_how_to_cancel_a_reminder(
    bot: LeapBot, driver: Driver, world: StandardGuild
) -> None:
    await remind(driver, world.member, "in 3 days", "Bring the leaflet")
    shown = await driver.slash(world.member, "remind list")
    assert "To cancel one, use /remind cancel with its number." in shown.content


async def test_a_long_list_of_long_reminders_still_shows_in_one_message(
    bot: LeapBot, driver: Driver, world: StandardGuild
) -> None:
    words = "Read the new leaflet and the form, and note what you would change. " * 3
    for day in range(2, 18):
        await remind(driver, world.member, f"in {day} days", words)
    shown = await driver.slash(world.member, "remind list")
    assert (
        len(shown.content) <= 2000,
        "more." in shown.content,
        shown.content.endswith("To cancel one, use /remind cancel with its number."),
    ) == (True, True, True)


async def test_a_member_whose_dms_were_closed_is_told_where_they_will_be_mentioned(
    bot: LeapBot, driver: Driver, world: StandardGuild, clock: ManualClock
) -> None:
    await remind(driver, world.closed_dms, "in 1 minute", "Call the GP")
    await due_passes(bot, clock, timedelta(minutes=2))  # the DM is refused: mentioned instead
    again = await remind(driver, world.closed_dms, "in 3 days", "Send the form")
    assert (
        f"If they still are, I will mention you in <#{world.general.id}> instead." in again.content
    )


async def test_a_member_whose_dms_work_is_not_told_about_mentions(
    bot: LeapBot, driver: Driver, world: StandardGuild, clock: ManualClock
) -> None:
    await remind(driver, world.member, "in 1 minute", "Call the GP")
    await due_passes(bot, clock, timedelta(minutes=2))
    again = await remind(driver, world.member, "in 3 days", "Send the form")
    assert "mention you" not in again.content


async def test_list_shows_only_your_own_reminders(
    bot: LeapBot, driver: Driver, world: StandardGuild
) -> None:
    await remind(driver, world.member, "in 3 days", "Alice private note")
    shown = await driver.slash(world.member2, "remind list")
    assert "Alice private note" not in shown.content


async def test_cancel_by_number_stops_the_reminder(
    bot: LeapBot, driver: Driver, world: StandardGuild, clock: ManualClock, fake: FakeDiscord
) -> None:
    await remind(driver, world.member, "in 1 minute", "Send the form")
    (reminder,) = await stored(bot)
    await driver.slash(world.member, "remind cancel", id=f"#{reminder.id}")
    await due_passes(bot, clock, timedelta(minutes=2))
    assert fake.dms_to(world.member) == []


async def test_someone_else_cannot_cancel_your_reminder(
    bot: LeapBot, driver: Driver, world: StandardGuild, clock: ManualClock, fake: FakeDiscord
) -> None:
    await remind(driver, world.member, "in 1 minute", "Send the form")
    (reminder,) = await stored(bot)
    refused = await driver.slash(world.coordinator, "remind cancel", id=str(reminder.id))
    await due_passes(bot, clock, timedelta(minutes=2))
    assert (refused.ephemeral, "not yours" in refused.content, len(fake.dms_to(world.member))) == (
        True,
        True,
        1,
    )


async def test_cancel_autocompletes_only_your_own_reminders(
    bot: LeapBot, driver: Driver, world: StandardGuild
) -> None:
    await remind(driver, world.member, "in 3 days", "Alice note")
    await remind(driver, world.member2, "in 3 days", "Bob note")
    offered = await driver.autocomplete(world.member, "remind cancel", focused="id", id="")
    labels = [c["name"] for c in offered]
    assert len(labels) == 1
    assert "Alice note" in labels[0]


async def test_bad_when_gets_examples_and_stores_nothing(
    bot: LeapBot, driver: Driver, world: StandardGuild
) -> None:
    answers = [
        await remind(driver, world.member, when, "Send the form")
        for when in ("whenever", "yesterday 9am", "in 400 days")
    ]
    assert all(a.ephemeral and "tomorrow 9am" in a.content for a in answers)
    assert await stored(bot) == []


async def test_empty_or_too_long_text_is_refused_and_nothing_stored(
    bot: LeapBot, driver: Driver, world: StandardGuild
) -> None:
    answers = [
        await remind(driver, world.member, "in 2 hours", what) for what in ("   ", "x" * 501)
    ]
    assert all(a.ephemeral for a in answers)
    assert await stored(bot) == []


async def test_a_26th_waiting_reminder_is_refused(
    bot: LeapBot, driver: Driver, world: StandardGuild
) -> None:
    for n in range(25):
        await remind(driver, world.member, f"in {n + 1} hours", f"Note {n}")
    refused = await remind(driver, world.member, "in 30 hours", "One too many")
    assert ("25 reminders" in refused.content, len(await stored(bot))) == (True, 25)


async def test_an_unknown_number_gets_a_plain_refusal(
    bot: LeapBot, driver: Driver, world: StandardGuild
) -> None:
    refused = await driver.slash(world.member, "remind cancel", id="#999")
    assert refused.ephemeral
    assert "/remind list" in refused.content


async def test_a_personal_reminder_to_closed_dms_mentions_only_its_owner_privately(
    bot: LeapBot, driver: Driver, world: StandardGuild, clock: ManualClock, fake: FakeDiscord
) -> None:
    await remind(driver, world.closed_dms, "in 1 minute", "Private words", in_channel=world.general)
    await soon_after_due(bot, clock)
    (post,) = posts_in(fake, world)
    assert (post.pings, "Private words" in post.content) == ({f"user:{world.closed_dms.id}"}, False)


async def test_the_member_time_zone_is_used_for_when(
    bot: LeapBot, driver: Driver, world: StandardGuild, clock: ManualClock
) -> None:
    await driver.slash(world.member, "remind settings", timezone="America/New_York")
    result = await remind(driver, world.member, "tomorrow 9am", "Call")
    (reminder,) = await stored(bot)
    local = reminder.due_at.astimezone(__import__("zoneinfo").ZoneInfo("America/New_York"))
    assert (local.hour, local.minute, "America/New_York" in result.content) == (9, 0, True)


async def test_an_unknown_time_zone_is_refused(
    bot: LeapBot, driver: Driver, world: StandardGuild
) -> None:
    refused = await driver.slash(world.member, "remind settings", timezone="Mars/Olympus")
    assert refused.ephemeral
    assert "Europe/London" in refused.content


# --- panel reminders ----------------------------------------------------------------------


async def test_a_panel_reminder_reaches_every_member_role_holder_within_35_seconds(
    bot: LeapBot, driver: Driver, world: StandardGuild, clock: ManualClock, fake: FakeDiscord
) -> None:
    await driver.slash(world.coordinator, "remind panel", when="in 1 minute", text="Vote today")
    await soon_after_due(bot, clock)
    got = {
        u.id
        for u in (world.member, world.member2, world.coordinator, world.admin, world.owner)
        if any("Vote today" in m.content for m in fake.dms_to(u))
    }
    assert got == {world.member.id, world.member2.id, world.coordinator.id}


async def test_a_panel_reminder_falls_back_to_one_post_mentioning_only_closed_dm_members(
    bot: LeapBot, driver: Driver, world: StandardGuild, clock: ManualClock, fake: FakeDiscord
) -> None:
    await driver.slash(
        world.coordinator,
        "remind panel",
        when="in 1 minute",
        text="Vote today",
        channel=world.general,
    )
    await soon_after_due(bot, clock)
    posts = posts_in(fake, world)
    assert [(p.pings, "Vote today" in p.content) for p in posts] == [
        ({f"user:{world.closed_dms.id}"}, True)
    ]


async def test_a_member_cannot_set_a_panel_reminder(
    bot: LeapBot, driver: Driver, world: StandardGuild
) -> None:
    refused = await driver.slash(world.member, "remind panel", when="in 1 hour", text="Hi all")
    assert refused.ephemeral
    assert await stored(bot) == []


async def test_panel_recipients_are_worked_out_at_delivery(
    bot: LeapBot, driver: Driver, world: StandardGuild, clock: ManualClock, fake: FakeDiscord
) -> None:
    await driver.slash(world.coordinator, "remind panel", when="in 1 minute", text="Vote today")
    late_joiner = fake.add_user("dave")
    await driver.member_joins(late_joiner, [world.member_role])
    await driver.member_leaves(world.member2)
    await driver.settle()
    await soon_after_due(bot, clock)
    assert (len(fake.dms_to(late_joiner)), len(fake.dms_to(world.member2))) == (1, 0)


async def _another_coordinator(driver: Driver, fake: FakeDiscord, world: StandardGuild) -> Any:
    """A coordinator who joined after the start and set no reminder of their own."""
    user = fake.add_user("erin")
    await driver.member_joins(user, [world.coordinator_role])
    await driver.settle()
    return user


async def test_a_coordinator_sees_the_panel_reminders_in_the_list(
    bot: LeapBot, driver: Driver, world: StandardGuild, fake: FakeDiscord
) -> None:
    await driver.slash(world.coordinator, "remind panel", when="in 3 days", text="Vote today")
    (reminder,) = await stored(bot)
    other = await _another_coordinator(driver, fake, world)
    shown = await driver.slash(other, "remind list")
    assert (shown.ephemeral, f"#{reminder.id}" in shown.content, "Vote today" in shown.content) == (
        True,
        True,
        True,
    )


async def test_a_coordinator_can_cancel_a_panel_reminder_they_did_not_set(
    bot: LeapBot, driver: Driver, world: StandardGuild, clock: ManualClock, fake: FakeDiscord
) -> None:
    await driver.slash(world.coordinator, "remind panel", when="in 1 minute", text="Vote today")
    (reminder,) = await stored(bot)
    other = await _another_coordinator(driver, fake, world)
    done = await driver.slash(other, "remind cancel", id=f"#{reminder.id}")
    await due_passes(bot, clock, timedelta(minutes=2))
    got = [m.content for u in (world.member, world.member2) for m in fake.dms_to(u)]
    assert (f"#{reminder.id} is cancelled" in done.content, got) == (True, [])


async def test_a_member_cannot_cancel_a_panel_reminder_and_it_is_still_sent(
    bot: LeapBot, driver: Driver, world: StandardGuild, clock: ManualClock, fake: FakeDiscord
) -> None:
    await driver.slash(world.coordinator, "remind panel", when="in 1 minute", text="Vote today")
    (reminder,) = await stored(bot)
    refused = await driver.slash(world.member, "remind cancel", id=f"#{reminder.id}")
    await due_passes(bot, clock, timedelta(minutes=2))
    got = [m.content for m in fake.dms_to(world.member)]
    assert (refused.ephemeral, refused.content, got) == (
        True,
        "That reminder is not yours, so you cannot cancel it. Nothing was changed.",
        ["Reminder for the panel: Vote today"],
    )


# --- restarts -----------------------------------------------------------------------------


async def test_reminders_due_while_down_arrive_once_late_with_an_apology(
    leap_settings: Any,
    start_bot: Any,
    world: StandardGuild,
    driver: Driver,
    clock: ManualClock,
    fake: FakeDiscord,
) -> None:
    first = await make_bot(leap_settings, start_bot, world, clock)
    await remind(driver, world.member, "in 1 minute", "First")
    await remind(driver, world.member, "in 2 minutes", "Second")
    await first.close()
    clock.advance(timedelta(hours=1))
    second, _ = await launch(leap_settings, start_bot, clock)
    await second.timers.wait_idle()
    await second.notifier.wait_idle()
    await second.close()
    third, _ = await launch(leap_settings, start_bot, clock)
    await third.timers.wait_idle()
    await third.notifier.wait_idle()
    texts = sorted(m.content for m in fake.dms_to(world.member))
    assert texts == [
        "Sorry, this is late: Reminder: First",
        "Sorry, this is late: Reminder: Second",
    ]


async def test_a_reminder_more_than_12_hours_late_is_skipped_and_its_owner_told_once(
    leap_settings: Any,
    start_bot: Any,
    world: StandardGuild,
    driver: Driver,
    clock: ManualClock,
    fake: FakeDiscord,
) -> None:
    first = await make_bot(leap_settings, start_bot, world, clock)
    await remind(driver, world.member, "in 1 minute", "First")
    await remind(driver, world.member, "in 2 minutes", "Second")
    await first.close()
    clock.advance(timedelta(hours=13))
    second, _ = await launch(leap_settings, start_bot, clock)
    await second.timers.wait_idle()
    await second.notifier.wait_idle()
    (dm,) = fake.dms_to(world.member)
    assert "First" not in dm.content
    assert "#1" in dm.content
    assert "#2" in dm.content


# --- session reminders --------------------------------------------------------------------


async def test_a_session_reminder_arrives_within_35_seconds_of_due(
    bot: LeapBot, driver: Driver, world: StandardGuild, clock: ManualClock, fake: FakeDiscord
) -> None:
    await schedule(driver, world)
    session = await only_session(bot, world.guild.id)
    clock.set(session.starts_at - timedelta(minutes=60) + timedelta(seconds=30))
    await bot.timers.run_due()
    await bot.notifier.wait_idle()
    assert len(fake.dms_to(world.member)) == 1


async def test_a_member_who_opted_out_gets_no_session_reminder(
    bot: LeapBot, driver: Driver, world: StandardGuild, clock: ManualClock, fake: FakeDiscord
) -> None:
    await driver.slash(world.member, "remind settings", session_reminders=False)
    await schedule(driver, world)
    session = await only_session(bot, world.guild.id)
    clock.set(session.starts_at - timedelta(minutes=59))
    await bot.timers.run_due()
    await bot.notifier.wait_idle()
    assert (len(fake.dms_to(world.member)), len(fake.dms_to(world.member2))) == (0, 1)


async def test_the_opt_out_says_so_in_settings_and_help(
    bot: LeapBot, driver: Driver, world: StandardGuild
) -> None:
    shown = await driver.slash(world.member, "remind settings", session_reminders=False)
    helped = await driver.slash(world.member, "help")
    assert "off" in shown.content
    assert "turned session reminders off" in helped.text


async def test_a_stop_right_after_a_reminder_was_claimed_still_delivers_it_once(
    leap_settings: Any,
    start_bot: Any,
    world: StandardGuild,
    driver: Driver,
    clock: ManualClock,
    fake: FakeDiscord,
) -> None:
    """The claim (reminder marked sent, message queued) commits, then the bot dies before
    sending: the restarted bot sends it, once."""
    first = await make_bot(leap_settings, start_bot, world, clock)
    await remind(driver, world.member, "in 1 minute", "First")
    (reminder,) = await stored(first)
    await first.notifier.stop()  # nothing goes out from here on: as if killed after the claim
    clock.set(reminder.due_at + timedelta(seconds=10))
    await first.timers.run_due()
    (claimed,) = await stored(first)
    await first.close()
    second, _ = await launch(leap_settings, start_bot, clock)
    await second.timers.wait_idle()
    await second.notifier.wait_idle()
    await second.close()
    third, _ = await launch(leap_settings, start_bot, clock)
    await third.notifier.wait_idle()
    texts = [m.content for m in fake.dms_to(world.member)]
    assert (claimed.status, texts) == ("sent", ["Reminder: First"])
