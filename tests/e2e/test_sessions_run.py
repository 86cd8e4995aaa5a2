"""/session start and the live register end to end: voice presence, buttons, permissions."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from fakediscord import Driver, FakeDiscord
from fakediscord.standard import StandardGuild
from helpers_sessions import (
    answered,
    end,
    launch,
    make_bot,
    only_session,
    presences,
    schedule,
    session_by_id,
    start,
    voice,
)

from bot.app import LeapBot
from bot.clock import ManualClock
from storage import audit, guild_settings
from storage import sessions as repo


async def _live(bot: LeapBot, driver: Driver, world: StandardGuild) -> Any:
    await schedule(driver, world)
    result = await start(driver, world)
    return result


async def test_start_counts_members_already_in_voice(
    bot: LeapBot, driver: Driver, world: StandardGuild, clock: ManualClock
) -> None:
    await voice(driver, driver.join_voice(world.member, world.panel_voice))
    await _live(bot, driver, world)
    session = await only_session(bot, world.guild.id)
    spans = await presences(bot, session.id, world.member.id)
    assert [(p.joined_at, p.left_at, p.source) for p in spans] == [(clock.now(), None, "voice")]


async def test_start_reply_counts_one_person_in_plain_words(
    bot: LeapBot, driver: Driver, world: StandardGuild
) -> None:
    await voice(driver, driver.join_voice(world.member, world.panel_voice))
    result = await _live(bot, driver, world)
    assert "1 person in the channel was counted as here." in result.text


async def test_start_reply_counts_two_people(
    bot: LeapBot, driver: Driver, world: StandardGuild
) -> None:
    await voice(driver, driver.join_voice(world.member, world.panel_voice))
    await voice(driver, driver.join_voice(world.member2, world.panel_voice))
    result = await _live(bot, driver, world)
    assert "2 people in the channel were counted as here." in result.text


async def test_start_marks_the_session_live(
    bot: LeapBot, driver: Driver, world: StandardGuild
) -> None:
    await _live(bot, driver, world)
    assert (await only_session(bot, world.guild.id)).status == "live"


async def test_start_reply_is_private(bot: LeapBot, driver: Driver, world: StandardGuild) -> None:
    result = await _live(bot, driver, world)
    assert (result.ephemeral, "has started" in result.text) == (True, True)


async def test_start_posts_card_with_register_buttons(
    bot: LeapBot, driver: Driver, world: StandardGuild
) -> None:
    await schedule(driver, world)
    result = await start(driver, world)
    card = await result.wait_message(world.panel_voice)
    session = await only_session(bot, world.guild.id)
    ids = [c["custom_id"] for row in card.components for c in row["components"]]
    assert ids == [f"leap:session:{session.id}:here", f"leap:session:{session.id}:leaving"]


async def test_start_makes_the_event_active(
    bot: LeapBot, driver: Driver, world: StandardGuild
) -> None:
    await schedule(driver, world)
    result = await start(driver, world)
    await result.wait_request(
        "PATCH", "/guilds/{guild_id}/scheduled-events/{guild_scheduled_event_id}"
    )
    (event,) = world.guild.scheduled_events.values()
    assert event["status"] == 2


async def test_start_card_shows_content_note_and_ground_rules(
    bot: LeapBot, driver: Driver, world: StandardGuild, clock: ManualClock
) -> None:
    async with bot.db.transaction() as conn:
        await guild_settings.update(
            conn, world.guild.id, clock.now(), ground_rules="Be kind. One voice at a time."
        )
    await schedule(driver, world, content_note="We talk about hospital stays.")
    result = await start(driver, world)
    card = await result.wait_message(world.panel_voice)
    text = str(card.embeds)
    assert ("We talk about hospital stays." in text, "One voice at a time." in text) == (
        True,
        True,
    )


async def test_start_defaults_to_the_session_in_this_channel(
    bot: LeapBot, driver: Driver, world: StandardGuild
) -> None:
    await schedule(driver, world, title="Sooner elsewhere", when="in 1 hour", channel=world.stage)
    await schedule(driver, world, title="Here later", when="in 3 hours")
    await start(driver, world, in_channel=world.panel_voice)  # it asks first: 3 hours early
    async with bot.db.read() as conn:
        live = await repo.live(conn)
    assert [s.title for s in live] == ["Here later"]


async def test_joining_after_start_opens_an_interval(
    bot: LeapBot, driver: Driver, world: StandardGuild, clock: ManualClock
) -> None:
    await _live(bot, driver, world)
    joined = clock.advance(timedelta(minutes=5))
    await voice(driver, driver.join_voice(world.member2, world.panel_voice))
    session = await only_session(bot, world.guild.id)
    spans = await presences(bot, session.id, world.member2.id)
    assert [(p.joined_at, p.left_at) for p in spans] == [(joined, None)]


async def test_leaving_closes_the_interval(
    bot: LeapBot, driver: Driver, world: StandardGuild, clock: ManualClock
) -> None:
    await _live(bot, driver, world)
    joined = clock.advance(timedelta(minutes=5))
    await voice(driver, driver.join_voice(world.member2, world.panel_voice))
    left = clock.advance(timedelta(minutes=20))
    await voice(driver, driver.leave_voice(world.member2))
    session = await only_session(bot, world.guild.id)
    spans = await presences(bot, session.id, world.member2.id)
    assert [(p.joined_at, p.left_at) for p in spans] == [(joined, left)]


async def test_moving_away_closes_and_moving_back_opens(
    bot: LeapBot, driver: Driver, world: StandardGuild, clock: ManualClock
) -> None:
    await voice(driver, driver.join_voice(world.member, world.panel_voice))
    await _live(bot, driver, world)
    began = clock.now()
    away = clock.advance(timedelta(minutes=10))
    await voice(driver, driver.move_voice(world.member, world.stage))
    back = clock.advance(timedelta(minutes=5))
    await voice(driver, driver.move_voice(world.member, world.panel_voice))
    session = await only_session(bot, world.guild.id)
    spans = await presences(bot, session.id, world.member.id)
    assert [(p.joined_at, p.left_at) for p in spans] == [(began, away), (back, None)]


async def test_here_button_counts_a_member_without_voice(
    bot: LeapBot, driver: Driver, world: StandardGuild, clock: ManualClock
) -> None:
    await schedule(driver, world)
    result = await start(driver, world)
    card = await result.wait_message(world.panel_voice)
    pressed = clock.advance(timedelta(minutes=3))
    click = await answered(await driver.click(world.closed_dms, card, label="I'm here"))
    session = await only_session(bot, world.guild.id)
    spans = await presences(bot, session.id, world.closed_dms.id)
    assert (click.ephemeral, [(p.joined_at, p.source) for p in spans]) == (
        True,
        [(pressed, "button")],
    )


async def test_leaving_button_closes_the_button_interval(
    bot: LeapBot, driver: Driver, world: StandardGuild, clock: ManualClock
) -> None:
    await schedule(driver, world)
    result = await start(driver, world)
    card = await result.wait_message(world.panel_voice)
    await answered(await driver.click(world.member2, card, label="I'm here"))
    left = clock.advance(timedelta(minutes=30))
    click = await answered(await driver.click(world.member2, card, label="I'm leaving"))
    session = await only_session(bot, world.guild.id)
    spans = await presences(bot, session.id, world.member2.id)
    assert ("Thank you for coming" in click.text, [p.left_at for p in spans]) == (True, [left])


async def test_leaving_twice_does_not_say_you_were_never_here(
    bot: LeapBot, driver: Driver, world: StandardGuild, clock: ManualClock
) -> None:
    await schedule(driver, world)
    result = await start(driver, world)
    card = await result.wait_message(world.panel_voice)
    await answered(await driver.click(world.member2, card, label="I'm here"))
    clock.advance(timedelta(minutes=30))
    await answered(await driver.click(world.member2, card, label="I'm leaving"))
    again = await answered(await driver.click(world.member2, card, label="I'm leaving"))
    assert again.text == "You are not counted as here just now, so there was nothing to change."


async def test_the_start_card_of_a_text_channel_session_does_not_speak_of_voice(
    bot: LeapBot, driver: Driver, world: StandardGuild
) -> None:
    await schedule(driver, world, channel=world.general)
    result = await start(driver, world)
    card = await result.wait_message(world.general)
    body = card.embeds[0]["description"]
    assert ("voice" in body, "Press I'm here so I count you as here" in body) == (False, True)


async def test_the_start_card_of_a_voice_session_still_counts_the_voice_channel(
    bot: LeapBot, driver: Driver, world: StandardGuild
) -> None:
    await schedule(driver, world)
    result = await start(driver, world)
    card = await result.wait_message(world.panel_voice)
    assert "If you are in the voice channel" in card.embeds[0]["description"]


async def test_pressing_here_twice_keeps_one_interval(
    bot: LeapBot, driver: Driver, world: StandardGuild
) -> None:
    await schedule(driver, world)
    result = await start(driver, world)
    card = await result.wait_message(world.panel_voice)
    await answered(await driver.click(world.member2, card, label="I'm here"))
    again = await answered(await driver.click(world.member2, card, label="I'm here"))
    session = await only_session(bot, world.guild.id)
    spans = await presences(bot, session.id, world.member2.id)
    assert ("already counted" in again.text, len(spans)) == (True, 1)


async def test_buttons_say_so_when_the_session_has_ended(
    bot: LeapBot, driver: Driver, world: StandardGuild, fake: FakeDiscord
) -> None:
    await schedule(driver, world)
    result = await start(driver, world)
    card = await result.wait_message(world.panel_voice)
    saved = card.components
    await end(driver, world)
    card.components = saved  # a client that still shows the old buttons
    click = await answered(await driver.click(world.member, card, label="I'm here"))
    assert "not running now" in click.text


async def test_buttons_work_after_a_restart(
    leap_settings: Any,
    start_bot: Any,
    world: StandardGuild,
    driver: Driver,
    clock: ManualClock,
) -> None:
    first = await make_bot(leap_settings, start_bot, world, clock)
    await schedule(driver, world)
    result = await start(driver, world)
    card = await result.wait_message(world.panel_voice)
    await first.close()
    second, _ = await launch(leap_settings, start_bot, clock)
    await answered(await driver.click(world.member2, card, label="I'm here"))
    session = await only_session(second, world.guild.id)
    assert [p.member_id for p in await presences(second, session.id)] == [world.member2.id]


async def test_two_sessions_cannot_be_live_in_one_channel(
    bot: LeapBot, driver: Driver, world: StandardGuild
) -> None:
    await schedule(driver, world, title="First")
    await schedule(driver, world, title="Second", when="in 3 hours")
    await start(driver, world)
    async with bot.db.read() as conn:
        second = await repo.scheduled(conn, world.guild.id)
    result = await start(driver, world, session=str(second[0].id))
    refreshed = await session_by_id(bot, second[0].id)
    assert ("already running in that channel" in result.text, refreshed.status) == (
        True,
        "scheduled",
    )


async def test_member_cannot_start_a_session(
    bot: LeapBot, driver: Driver, world: StandardGuild
) -> None:
    await schedule(driver, world)
    result = await driver.slash(world.member, "session start")
    session = await only_session(bot, world.guild.id)
    assert ("You need the Coordinator role" in result.text, session.status) == (
        True,
        "scheduled",
    )


async def test_member_cannot_end_a_session(
    bot: LeapBot, driver: Driver, world: StandardGuild
) -> None:
    await _live(bot, driver, world)
    result = await driver.slash(world.member, "session end")
    session = await only_session(bot, world.guild.id)
    assert ("You need the Coordinator role" in result.text, session.status) == (True, "live")


async def test_start_is_audited(bot: LeapBot, driver: Driver, world: StandardGuild) -> None:
    await _live(bot, driver, world)
    async with bot.db.read() as conn:
        entries = await audit.recent(conn, world.guild.id, action="session.start")
    assert [e.actor_id for e in entries] == [world.coordinator.id]


async def test_autocomplete_offers_upcoming_sessions_by_id(
    bot: LeapBot, driver: Driver, world: StandardGuild
) -> None:
    await schedule(driver, world, title="Leaflet review")
    session = await only_session(bot, world.guild.id)
    choices = await driver.autocomplete(
        world.coordinator, "session start", focused="session", session="leaf"
    )
    assert [(c["value"], c["name"].startswith("#1 Leaflet review · ")) for c in choices] == [
        (str(session.id), True)
    ]


async def test_end_autocomplete_offers_only_running_sessions(
    bot: LeapBot, driver: Driver, world: StandardGuild
) -> None:
    await schedule(driver, world, title="Running one")
    await start(driver, world)
    await schedule(driver, world, title="Later one", when="in 3 hours")
    choices = await driver.autocomplete(
        world.coordinator, "session end", focused="session", session=""
    )
    assert [c["name"].split(" · ")[0] for c in choices] == ["#1 Running one"]


async def test_stage_session_makes_a_stage_event(
    bot: LeapBot, driver: Driver, world: StandardGuild
) -> None:
    await schedule(driver, world, channel=world.stage)
    (event,) = world.guild.scheduled_events.values()
    assert (event["entity_type"], event["channel_id"]) == (1, str(world.stage.id))


async def test_start_card_refused_is_said_and_the_register_still_runs(
    bot: LeapBot, driver: Driver, world: StandardGuild, fake: FakeDiscord
) -> None:
    await schedule(driver, world)
    fake.fail("POST", f"/channels/{world.panel_voice.id}/messages")
    result = await start(driver, world)
    session = await only_session(bot, world.guild.id)
    assert ("could not post the start message" in result.text, session.status) == (True, "live")


async def test_start_reply_says_which_session_started_where_and_its_planned_time(
    bot: LeapBot, driver: Driver, world: StandardGuild
) -> None:
    await schedule(driver, world, title="Far one", when="in 3 days", channel=world.stage)
    result = await start(driver, world)
    session = await only_session(bot, world.guild.id)
    assert (
        f"<#{world.stage.id}>" in result.text,
        f"<t:{int(session.starts_at.timestamp())}:F>" in result.text,
    ) == (True, True)
