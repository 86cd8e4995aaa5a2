"""/session schedule end to end: the event, the card, reminders, and refusals."""

from __future__ import annotations

from datetime import timedelta

import pytest
from fakediscord import Driver, FakeDiscord
from fakediscord.standard import StandardGuild
from helpers_sessions import only_session, real_now, schedule

from bot.app import LeapBot
from bot.clock import ManualClock
from storage import audit
from storage import sessions as repo


@pytest.fixture
async def clock() -> ManualClock:
    return ManualClock(real_now())


async def test_schedule_creates_a_voice_event_with_privacy_level(
    bot: LeapBot, driver: Driver, world: StandardGuild
) -> None:
    await schedule(driver, world)
    events = list(world.guild.scheduled_events.values())
    assert [(e["name"], e["entity_type"], e["privacy_level"], e["channel_id"]) for e in events] == [
        ("Leaflet review", 2, 2, str(world.panel_voice.id))
    ]


async def test_schedule_posts_the_card_with_discord_timestamps(
    bot: LeapBot, driver: Driver, world: StandardGuild, fake: FakeDiscord, clock: ManualClock
) -> None:
    result = await schedule(
        driver, world, agenda="Read the new leaflet", content_note="Talk of loss"
    )
    card = await result.wait_message(world.panel_voice)
    session = await only_session(bot, world.guild.id)
    stamp = int(session.starts_at.timestamp())
    text = str(card.embeds)
    assert all(
        piece in text
        for piece in (f"<t:{stamp}:F>", f"<t:{stamp}:R>", "Read the new leaflet", "Talk of loss")
    )


async def test_schedule_reply_is_private_and_echoes_the_time(
    bot: LeapBot, driver: Driver, world: StandardGuild
) -> None:
    result = await schedule(driver, world)
    await result.wait_response()
    session = await only_session(bot, world.guild.id)
    assert (result.ephemeral, f"<t:{int(session.starts_at.timestamp())}:F>" in result.text) == (
        True,
        True,
    )


async def test_schedule_reads_when_in_the_panel_zone(
    bot: LeapBot, driver: Driver, world: StandardGuild, clock: ManualClock
) -> None:
    clock.set(clock.now().replace(second=0))  # a whole minute: nothing to round
    await schedule(driver, world, when="in 3 hours")
    session = await only_session(bot, world.guild.id)
    assert session.starts_at == clock.now() + timedelta(hours=3)


async def test_text_channel_session_makes_an_external_event_with_an_end(
    bot: LeapBot, driver: Driver, world: StandardGuild
) -> None:
    await schedule(driver, world, channel=world.general)
    (event,) = world.guild.scheduled_events.values()
    place = event["entity_metadata"]["location"]
    assert (event["entity_type"], "general" in place, bool(event["scheduled_end_time"])) == (
        3,
        True,
        True,
    )


async def test_bad_when_is_refused_with_examples(
    bot: LeapBot, driver: Driver, world: StandardGuild
) -> None:
    result = await schedule(driver, world, when="whenever suits")
    assert (result.ephemeral, "tomorrow 2pm" in result.text) == (True, True)


async def test_bad_when_writes_no_session(
    bot: LeapBot, driver: Driver, world: StandardGuild
) -> None:
    await schedule(driver, world, when="whenever suits")
    async with bot.db.read() as conn:
        assert await repo.count(conn, world.guild.id) == 0


async def test_past_when_is_refused(bot: LeapBot, driver: Driver, world: StandardGuild) -> None:
    result = await schedule(driver, world, when="yesterday 2pm")
    async with bot.db.read() as conn:
        count = await repo.count(conn, world.guild.id)
    assert ("has already gone" in result.text, count) == (True, 0)


async def test_member_cannot_schedule(bot: LeapBot, driver: Driver, world: StandardGuild) -> None:
    result = await driver.slash(
        world.member,
        "session schedule",
        title="Mine",
        when="in 2 hours",
        length=60,
        channel=world.panel_voice,
    )
    async with bot.db.read() as conn:
        count = await repo.count(conn, world.guild.id)
    assert ("You need the Coordinator role" in result.text, count) == (True, 0)


async def test_schedule_is_audited(bot: LeapBot, driver: Driver, world: StandardGuild) -> None:
    await schedule(driver, world)
    async with bot.db.read() as conn:
        entries = await audit.recent(conn, world.guild.id, action="session.schedule")
    assert [e.actor_id for e in entries] == [world.coordinator.id]


async def test_no_right_to_make_events_is_said_and_the_session_is_kept(
    bot: LeapBot, driver: Driver, world: StandardGuild, fake: FakeDiscord
) -> None:
    fake.fail("POST", "/guilds/{guild_id}/scheduled-events")
    result = await schedule(driver, world)
    session = await only_session(bot, world.guild.id)
    assert ("Manage Events" in result.text, session.status, session.event_id) == (
        True,
        "scheduled",
        None,
    )


async def test_no_right_to_post_the_card_is_said_and_the_session_is_kept(
    bot: LeapBot, driver: Driver, world: StandardGuild, fake: FakeDiscord
) -> None:
    fake.fail("POST", f"/channels/{world.panel_voice.id}/messages")
    result = await schedule(driver, world)
    session = await only_session(bot, world.guild.id)
    assert ("could not post the session card" in result.text, session.card_message_id) == (
        True,
        None,
    )
