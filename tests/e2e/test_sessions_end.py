"""/session end end to end: both attendance rules, the summary, thanks, deleted channels."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from fakediscord import Driver, FakeDiscord
from fakediscord.standard import StandardGuild
from helpers_sessions import (
    answered,
    end,
    ledger,
    only_session,
    schedule,
    start,
    voice,
)

from bot.app import LeapBot
from bot.clock import ManualClock
from bot.services import panel_settings
from bot.services.sessions import timers as session_timers
from storage import audit


async def _measured(driver: Driver, world: StandardGuild) -> Any:
    return await driver.slash(world.owner, "setup attendance", rule="measured")


async def _run(
    bot: LeapBot, driver: Driver, world: StandardGuild, clock: ManualClock, *, prep: int = 30
) -> Any:
    """Alice is in voice for 20 minutes of a 60-minute session; the coordinator throughout."""
    await voice(driver, driver.join_voice(world.coordinator, world.panel_voice))
    await schedule(driver, world, prep=prep)
    await start(driver, world)
    clock.advance(timedelta(minutes=5))
    await voice(driver, driver.join_voice(world.member, world.panel_voice))
    clock.advance(timedelta(minutes=20))
    await voice(driver, driver.leave_voice(world.member))
    clock.advance(timedelta(minutes=35))
    return await end(driver, world)


async def test_planned_rule_pays_the_planned_length_and_prep(
    bot: LeapBot, driver: Driver, world: StandardGuild, clock: ManualClock
) -> None:
    await _run(bot, driver, world, clock)
    session = await only_session(bot, world.guild.id)
    assert await ledger(bot, world.guild.id, session.id) == [
        (world.member.id, "meeting", 60),
        (world.member.id, "preparation", 30),
    ]


async def test_measured_rule_pays_presence_rounded_up_to_15_minutes(
    bot: LeapBot, driver: Driver, world: StandardGuild, clock: ManualClock
) -> None:
    await _measured(driver, world)
    await _run(bot, driver, world, clock, prep=0)
    session = await only_session(bot, world.guild.id)
    assert await ledger(bot, world.guild.id, session.id) == [(world.member.id, "meeting", 30)]


async def test_measured_rule_counts_voice_and_button_overlap_once(
    bot: LeapBot, driver: Driver, world: StandardGuild, clock: ManualClock
) -> None:
    await _measured(driver, world)
    await schedule(driver, world)
    result = await start(driver, world)
    card = await result.wait_message(world.panel_voice)
    await answered(await driver.click(world.member2, card, label="I'm here"))
    clock.advance(timedelta(minutes=10))
    await voice(driver, driver.join_voice(world.member2, world.panel_voice))
    clock.advance(timedelta(minutes=10))
    await answered(await driver.click(world.member2, card, label="I'm leaving"))
    clock.advance(timedelta(minutes=10))
    await voice(driver, driver.leave_voice(world.member2))
    clock.advance(timedelta(minutes=5))
    await end(driver, world)
    session = await only_session(bot, world.guild.id)
    assert await ledger(bot, world.guild.id, session.id) == [(world.member2.id, "meeting", 30)]


async def test_coordinator_who_ran_it_is_not_paid(
    bot: LeapBot, driver: Driver, world: StandardGuild, clock: ManualClock
) -> None:
    await _run(bot, driver, world, clock)
    session = await only_session(bot, world.guild.id)
    paid = {m for m, _, _ in await ledger(bot, world.guild.id, session.id)}
    assert world.coordinator.id not in paid


async def test_summary_is_private_with_who_and_what_is_paid(
    bot: LeapBot, driver: Driver, world: StandardGuild, clock: ManualClock
) -> None:
    result = await _run(bot, driver, world, clock)
    text = result.text
    assert (
        result.ephemeral,
        f"<@{world.member.id}>: here 20 minutes" in text,
        "1 hour meeting and 30 minutes prep" in text,
        "waiting for approval" in text,
    ) == (True, True, True, True)


async def test_summary_has_a_review_button(
    bot: LeapBot, driver: Driver, world: StandardGuild, clock: ManualClock
) -> None:
    result = await _run(bot, driver, world, clock)
    click = await driver.click(world.coordinator, result.message, label="Review hours")
    session = await only_session(bot, world.guild.id)
    assert (
        click.ephemeral,
        f"Only showing: session {session.id}." in click.text,
        "Entries 1 to 2 of 2." in click.text,
    ) == (True, True, True)


async def test_attendee_gets_a_thank_you_dm_with_what_was_logged_in_whole_words(
    bot: LeapBot, driver: Driver, world: StandardGuild, clock: ManualClock
) -> None:
    result = await _run(bot, driver, world, clock)
    dm = await result.wait_dm(world.member)
    assert (
        "Thank you for coming" in dm.content,
        "I logged 1 hour of meeting time and 30 minutes of preparation for you." in dm.content,
    ) == (
        True,
        True,
    )


async def test_closed_dms_do_not_break_the_end_and_hours_stay_private(
    bot: LeapBot, driver: Driver, world: StandardGuild, clock: ManualClock, fake: FakeDiscord
) -> None:
    await schedule(driver, world)
    result = await start(driver, world)
    card = await result.wait_message(world.panel_voice)
    await answered(await driver.click(world.closed_dms, card, label="I'm here"))
    clock.advance(timedelta(minutes=30))
    await end(driver, world)
    await bot.notifier.wait_idle()
    session = await only_session(bot, world.guild.id)
    sent = await session_timers.for_session(bot.db, session.id)
    public = [
        m.content
        for m in fake.messages_in(world.panel_voice)
        if str(world.closed_dms.id) in m.content
    ]
    assert ([(n.target_id, n.status, n.via) for n in sent], public, session.status) == (
        [(world.closed_dms.id, "sent", "channel")],
        [
            f"<@{world.closed_dms.id}> I could not send you a direct message. "
            "Please check /hours me."
        ],
        "ended",
    )


async def test_session_whose_channel_was_deleted_can_still_be_ended_and_paid(
    bot: LeapBot, driver: Driver, world: StandardGuild, clock: ManualClock, fake: FakeDiscord
) -> None:
    await schedule(driver, world, prep=0)
    result = await start(driver, world)
    card = await result.wait_message(world.panel_voice)
    await answered(await driver.click(world.member, card, label="I'm here"))
    clock.advance(timedelta(minutes=45))
    fake.delete_channel(world.panel_voice)
    session = await only_session(bot, world.guild.id)
    await end(driver, world, session=str(session.id), in_channel=world.general)
    assert await ledger(bot, world.guild.id, session.id) == [(world.member.id, "meeting", 60)]


async def test_end_is_audited(
    bot: LeapBot, driver: Driver, world: StandardGuild, clock: ManualClock
) -> None:
    await _run(bot, driver, world, clock)
    async with bot.db.read() as conn:
        entries = await audit.recent(conn, world.guild.id, action="session.end")
    assert [(e.actor_id, e.detail["attendees"]) for e in entries] == [
        (world.coordinator.id, [world.member.id])
    ]


async def test_ending_twice_is_refused_and_writes_nothing_more(
    bot: LeapBot, driver: Driver, world: StandardGuild, clock: ManualClock
) -> None:
    await _run(bot, driver, world, clock)
    session = await only_session(bot, world.guild.id)
    again = await end(driver, world, session=str(session.id))
    assert ("already ended" in again.text, len(await ledger(bot, world.guild.id, session.id))) == (
        True,
        2,
    )


async def test_end_completes_the_event(
    bot: LeapBot, driver: Driver, world: StandardGuild, clock: ManualClock
) -> None:
    result = await _run(bot, driver, world, clock)
    await result.wait_for(
        lambda _: next(iter(world.guild.scheduled_events.values()))["status"] == 3
    )
    assert next(iter(world.guild.scheduled_events.values()))["status"] == 3


async def test_setup_attendance_is_saved_and_audited(
    bot: LeapBot, driver: Driver, world: StandardGuild
) -> None:
    result = await _measured(driver, world)
    settings = await panel_settings.get(bot.db, world.guild.id)
    async with bot.db.read() as conn:
        entries = await audit.recent(conn, world.guild.id, action="setup.attendance")
    assert (result.ephemeral, settings.attendance_rule, [e.actor_id for e in entries]) == (
        True,
        "measured",
        [world.owner.id],
    )


async def test_summary_comes_before_the_thank_you_dms(
    bot: LeapBot, driver: Driver, world: StandardGuild, clock: ManualClock, fake: FakeDiscord
) -> None:
    result = await _run(bot, driver, world, clock)
    await result.wait_dm(world.member)
    paths = [r.path for r in result.requests if r.method == "POST"]
    summary = next(i for i, p in enumerate(paths) if "/webhooks/" in p)
    first_dm = next(i for i, p in enumerate(paths) if p.endswith("/users/@me/channels"))
    assert summary < first_dm


async def test_start_card_loses_its_buttons_and_thanks_everyone_at_the_end(
    bot: LeapBot, driver: Driver, world: StandardGuild, clock: ManualClock
) -> None:
    await schedule(driver, world)
    started = await start(driver, world)
    card = await started.wait_message(world.panel_voice)
    clock.advance(timedelta(minutes=60))
    await end(driver, world)
    assert (card.components, card.embeds[0]["description"]) == (
        [],
        "This session has ended. Thank you to everyone who came.",
    )


async def test_the_ended_card_keeps_no_word_about_pressing_im_here(
    bot: LeapBot, driver: Driver, world: StandardGuild, clock: ManualClock
) -> None:
    await schedule(driver, world)
    started = await start(driver, world)
    card = await started.wait_message(world.panel_voice)
    clock.advance(timedelta(minutes=60))
    await end(driver, world)
    assert ("I'm here" in str(card.embeds), card.content) == (False, "")


async def test_the_ended_card_says_who_came(
    bot: LeapBot, driver: Driver, world: StandardGuild, clock: ManualClock
) -> None:
    await schedule(driver, world)
    started = await start(driver, world)
    card = await started.wait_message(world.panel_voice)
    await answered(await driver.click(world.member2, card, label="I'm here"))
    clock.advance(timedelta(minutes=60))
    await end(driver, world)
    fields = {f["name"]: f["value"] for f in card.embeds[0]["fields"]}
    assert fields == {"Who came": f"<@{world.member2.id}>"}
