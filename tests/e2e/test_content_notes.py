"""Content notes travel with the session: the server event (before the agenda), every
reminder, the start card and /session info say "Content note: ..." plainly."""

from __future__ import annotations

from datetime import timedelta

from fakediscord import Driver, FakeDiscord
from fakediscord.standard import StandardGuild
from helpers_sessions import only_session, schedule, start

from bot.app import LeapBot
from bot.clock import ManualClock

NOTE = "We talk about hospital stays."


async def test_the_event_description_starts_with_the_content_note(
    bot: LeapBot, driver: Driver, world: StandardGuild
) -> None:
    await schedule(driver, world, agenda="Read the new leaflet", content_note=NOTE)
    (event,) = world.guild.scheduled_events.values()
    assert event["description"] == f"Content note: {NOTE}\n\nRead the new leaflet"


async def test_the_event_has_the_note_without_an_agenda_too(
    bot: LeapBot, driver: Driver, world: StandardGuild
) -> None:
    await schedule(driver, world, content_note=NOTE)
    (event,) = world.guild.scheduled_events.values()
    assert event["description"].startswith(f"Content note: {NOTE}\n\nPanel session.")


async def test_every_reminder_dm_carries_the_note(
    bot: LeapBot, driver: Driver, world: StandardGuild, clock: ManualClock, fake: FakeDiscord
) -> None:
    await schedule(driver, world, when="in 2 days", content_note=NOTE)
    session = await only_session(bot, world.guild.id)
    for before in (timedelta(hours=23, minutes=59), timedelta(minutes=59)):
        clock.set(session.starts_at - before)
        await bot.timers.run_due()
        await bot.notifier.wait_idle()
    reminders = [m.content for m in fake.dms_to(world.member) if "A reminder" in m.content]
    assert [f"Content note: {NOTE}" in r for r in reminders] == [True, True]


async def test_the_start_card_carries_the_note(
    bot: LeapBot, driver: Driver, world: StandardGuild
) -> None:
    await schedule(driver, world, content_note=NOTE)
    started = await start(driver, world)
    card = await started.wait_message(world.panel_voice)
    fields = {f["name"]: f["value"] for f in card.embeds[0]["fields"]}
    assert fields.get("Content note") == NOTE


async def test_session_info_carries_the_note(
    bot: LeapBot, driver: Driver, world: StandardGuild
) -> None:
    await schedule(driver, world, content_note=NOTE)
    info = await driver.slash(world.member, "session info", session="1")
    fields = {f["name"]: f["value"] for f in info.embeds[0]["fields"]}
    assert fields.get("Content note") == NOTE
