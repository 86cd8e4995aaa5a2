"""/break, /support and /groundrules end to end: anonymous breaks, named support, agreement."""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Any

import pytest
from fakediscord import Driver, FakeDiscord
from fakediscord.standard import StandardGuild
from helpers_sessions import schedule, start

from bot.app import LeapBot
from bot.clock import ManualClock
from bot.services.wellbeing import breaks, ground_rules
from storage import members, wellbeing


def _dump(bot: LeapBot) -> str:
    """Every row of the break tables, as text."""
    import sqlite3

    raw = sqlite3.connect(bot.settings.database_path)
    try:
        rows = [
            *raw.execute("SELECT * FROM break_signals").fetchall(),
            *raw.execute("SELECT * FROM break_limits").fetchall(),
        ]
    finally:
        raw.close()
    return repr(rows)


async def test_break_gets_a_kind_private_reply(
    bot: LeapBot, driver: Driver, world: StandardGuild
) -> None:
    r = await driver.slash(world.member, "break")
    assert (r.ephemeral, "Nobody will be told it was you" in r.content) == (True, True)


async def test_break_notice_reaches_coordinators_naming_nobody(
    bot: LeapBot, driver: Driver, world: StandardGuild
) -> None:
    r = await driver.slash(world.member, "break")
    dm = await r.wait_dm(world.coordinator)
    named = [str(world.member.id), world.member.username, world.member.global_name or "@"]
    assert ("asked for a short break" in dm.content, any(n in dm.content for n in named)) == (
        True,
        False,
    )


async def test_a_coordinator_with_closed_dms_is_pointed_to_session_info_for_a_break(
    bot: LeapBot, driver: Driver, world: StandardGuild, fake: FakeDiscord
) -> None:
    closed = fake.add_user("dee", dms_closed=True)
    await driver.member_joins(closed, [world.coordinator_role])
    await driver.slash(world.coordinator, "setup notices", channel=world.general)
    await driver.slash(world.member, "break")
    await bot.notifier.wait_idle()
    [post] = [m for m in fake.messages_in(world.general) if f"user:{closed.id}" in m.pings]
    assert ("/session info" in post.content, "/hours me" in post.content) == (True, False)


async def test_break_names_the_live_session(
    bot: LeapBot, driver: Driver, world: StandardGuild
) -> None:
    await schedule(driver, world, when="in 5 minutes", title="Leaflet review")
    await start(driver, world, in_channel=world.panel_voice)
    r = await driver.slash(world.member, "break")
    dm = await r.wait_dm(world.coordinator)
    assert "Leaflet review" in dm.content


async def test_break_is_counted_in_the_live_session(
    bot: LeapBot, driver: Driver, world: StandardGuild
) -> None:
    await schedule(driver, world, when="in 5 minutes")
    await start(driver, world, in_channel=world.panel_voice)
    await driver.slash(world.member, "break")
    await driver.slash(world.member2, "break")
    async with bot.db.read() as conn:
        session_id = int(await conn.fetchval("SELECT id FROM sessions"))
    assert await breaks.count_for_session(bot.db, session_id) == 2


async def test_a_second_break_within_ten_minutes_sends_no_second_notice(
    bot: LeapBot, driver: Driver, world: StandardGuild, fake: FakeDiscord, clock: ManualClock
) -> None:
    first = await driver.slash(world.member, "break")
    await first.wait_dm(world.coordinator)
    clock.advance(timedelta(minutes=9))
    await driver.slash(world.member, "break")
    await driver.settle()
    assert len(fake.dms_to(world.coordinator)) == 1


async def test_a_break_after_ten_minutes_is_told_again(
    bot: LeapBot, driver: Driver, world: StandardGuild, fake: FakeDiscord, clock: ManualClock
) -> None:
    first = await driver.slash(world.member, "break")
    await first.wait_dm(world.coordinator)
    clock.advance(timedelta(minutes=10))
    second = await driver.slash(world.member, "break")
    await second.wait_dm(world.coordinator)
    assert len(fake.dms_to(world.coordinator)) == 2


async def test_break_stores_and_logs_no_member_id(
    bot: LeapBot,
    driver: Driver,
    world: StandardGuild,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    caplog.set_level(logging.INFO, logger="discord")  # as bot.logging_setup caps it
    r = await driver.slash(world.member, "break")
    await r.wait_dm(world.coordinator)
    logged = "\n".join(rec.getMessage() for rec in caplog.records)
    assert (str(world.member.id) in _dump(bot), str(world.member.id) in logged) == (False, False)


async def test_support_asks_before_sending_and_says_the_name_is_shared(
    bot: LeapBot, driver: Driver, world: StandardGuild, fake: FakeDiscord
) -> None:
    r = await driver.slash(world.member, "support", message="I am finding today hard.")
    labels = [c["label"] for row in r.components for c in row["components"]]
    assert (
        "will see your name" in r.content,
        labels,
        fake.dms_to(world.coordinator),
    ) == (True, ["Send to coordinators", "Don't send"], [])


async def test_support_without_a_message_does_not_speak_of_a_message(
    bot: LeapBot, driver: Driver, world: StandardGuild
) -> None:
    r = await driver.slash(world.member, "support")
    beside_dm = r.content.replace("direct message", "")
    assert ("will see your name" in r.content, "message" in beside_dm) == (True, False)


async def test_support_description_says_the_name_is_shared(
    bot: LeapBot, fake: FakeDiscord, world: StandardGuild
) -> None:
    command = fake.synced_command("support")
    assert "see your name" in (command or {}).get("description", "")


async def test_support_sends_a_dm_with_name_and_message_and_signposts(
    bot: LeapBot, driver: Driver, world: StandardGuild, fake: FakeDiscord
) -> None:
    r = await driver.slash(world.member, "support", message="I am finding today hard.")
    sent = await driver.click(world.member, r, label="Send to coordinators")
    dm = await sent.wait_dm(world.coordinator)
    help_text = await sent.wait_followup()
    posted_in_channels = [
        m for m in fake.messages_in(world.general) if "finding today hard" in m.content
    ]
    assert (
        (world.member.global_name or world.member.username) in dm.content,
        "finding today hard" in dm.content,
        "Samaritans: call 116 123" in help_text.content,
        posted_in_channels,
    ) == (True, True, True, [])


async def test_dont_send_sends_and_stores_nothing(
    bot: LeapBot, driver: Driver, world: StandardGuild, fake: FakeDiscord
) -> None:
    r = await driver.slash(world.member, "support", message="Please call me.")
    await driver.click(world.member, r, label="Don't send")
    await driver.settle()
    async with bot.db.read() as conn:
        stored = await wellbeing.support_for(conn, world.guild.id, world.member.id)
    assert (stored, fake.dms_to(world.coordinator)) == ([], [])


async def test_dont_send_still_shows_where_to_find_help(
    bot: LeapBot, driver: Driver, world: StandardGuild
) -> None:
    r = await driver.slash(world.member, "support", message="Please call me.")
    kept = await driver.click(world.member, r, label="Don't send")
    assert (
        "Nothing was sent and nothing was kept." in kept.text,
        "Samaritans: call 116 123" in kept.text,
    ) == (True, True)


async def test_a_support_message_of_only_spaces_is_refused(
    bot: LeapBot, driver: Driver, world: StandardGuild
) -> None:
    r = await driver.slash(world.member, "support", message="   ")
    assert (r.ephemeral, "empty" in r.content, r.components) == (True, True, [])


async def test_panel_signposting_replaces_the_default(
    bot: LeapBot, driver: Driver, world: StandardGuild, clock: ManualClock
) -> None:
    async with bot.db.transaction() as conn:
        from storage import guild_settings

        await guild_settings.update(
            conn, world.guild.id, clock.now(), support_text="Call Sam on 0800 000 000."
        )
    r = await driver.slash(world.member, "support")
    sent = await driver.click(world.member, r, label="Send to coordinators")
    help_text = await sent.wait_followup()
    assert ("Call Sam" in help_text.content, "Samaritans" in help_text.content) == (True, False)


async def test_groundrules_without_rules_says_so(
    bot: LeapBot, driver: Driver, world: StandardGuild
) -> None:
    r = await driver.slash(world.member, "groundrules")
    assert "not written its ground rules" in r.content


async def _set_rules(bot: LeapBot, world: StandardGuild, clock: ManualClock) -> Any:
    return await ground_rules.set_rules(
        bot.db,
        clock,
        guild_id=world.guild.id,
        actor_id=world.coordinator.id,
        rules="Be kind. Listen to each other. What is said here stays here.",
    )


async def test_agreeing_to_the_ground_rules_is_recorded_with_its_time(
    bot: LeapBot, driver: Driver, world: StandardGuild, clock: ManualClock
) -> None:
    await _set_rules(bot, world, clock)
    r = await driver.slash(world.member, "groundrules")
    agreed = await driver.click(world.member, r, label="I agree")
    async with bot.db.read() as conn:
        record = await members.get(conn, world.guild.id, world.member.id)
    assert (
        "Be kind" in r.text,
        "Thank you" in agreed.text,
        record.ground_rules_accepted_at,
    ) == (
        True,
        True,
        clock.now(),
    )


async def test_groundrules_after_agreeing_says_so_and_asks_nothing(
    bot: LeapBot, driver: Driver, world: StandardGuild, clock: ManualClock
) -> None:
    await _set_rules(bot, world, clock)
    first = await driver.slash(world.member, "groundrules")
    await driver.click(world.member, first, label="I agree")
    again = await driver.slash(world.member, "groundrules")
    labels = [c.get("label") for row in again.components for c in row["components"]]
    assert (
        "You have already agreed to these ground rules." in again.text,
        "Be kind" in again.text,
        labels,
    ) == (True, True, [])


async def test_new_ground_rules_ask_everyone_to_agree_again(
    bot: LeapBot, driver: Driver, world: StandardGuild, clock: ManualClock
) -> None:
    await _set_rules(bot, world, clock)
    r = await driver.slash(world.member, "groundrules")
    await driver.click(world.member, r, label="I agree")
    await _set_rules(bot, world, clock)
    assert await ground_rules.not_agreed(bot.db, world.guild.id, [world.member.id]) == [
        world.member.id
    ]


async def test_coordinator_writes_ground_rules_and_sees_their_score(
    bot: LeapBot, driver: Driver, world: StandardGuild
) -> None:
    r = await driver.slash(
        world.coordinator, "setup groundrules", text="Be kind. Take turns. Ask if unsure."
    )
    shown = await driver.slash(world.member, "groundrules")
    assert ("Reading ease:" in r.content, "Take turns" in shown.text) == (True, True)


async def test_a_member_cannot_write_ground_rules(
    bot: LeapBot, driver: Driver, world: StandardGuild
) -> None:
    await driver.slash(world.member, "setup groundrules", text="Anything goes.")
    assert await ground_rules.current(bot.db, world.guild.id) is None


async def test_ground_rules_form_opens_without_text_and_saves(
    bot: LeapBot, driver: Driver, world: StandardGuild
) -> None:
    form = await driver.slash(world.coordinator, "setup groundrules")
    await driver.submit_modal(
        world.coordinator, form, {"Ground rules": "Be kind.\nListen well.\nKeep it private."}
    )
    assert await ground_rules.current(bot.db, world.guild.id) == (
        "Be kind.\nListen well.\nKeep it private."
    )


async def test_hard_ground_rules_are_saved_with_a_plain_warning(
    bot: LeapBot, driver: Driver, world: StandardGuild
) -> None:
    r = await driver.slash(
        world.coordinator,
        "setup groundrules",
        text=(
            "Participants shall demonstrate unconditional respect notwithstanding "
            "disagreements, maintaining confidentiality regarding interpersonal "
            "disclosures communicated throughout deliberations."
        ),
    )
    assert "hard to read" in r.content


async def test_break_notices_go_to_the_staff_channel_when_set(
    bot: LeapBot, driver: Driver, world: StandardGuild, fake: FakeDiscord
) -> None:
    staff = world.general
    saved = await driver.slash(world.coordinator, "setup staff", channel=staff)
    assert "Break notices will go to" in saved.content
    r = await driver.slash(world.member, "break")
    posted = await r.wait_message(staff)
    assert ("asked for a short break" in posted.content, fake.dms_to(world.coordinator)) == (
        True,
        [],
    )


async def test_setup_support_sets_the_help_members_see(
    bot: LeapBot, driver: Driver, world: StandardGuild
) -> None:
    await driver.slash(world.coordinator, "setup support", text="Call Jo on 0800 111 222.")
    r = await driver.slash(world.member, "support")
    sent = await driver.click(world.member, r, label="Send to coordinators")
    help_text = await sent.wait_followup()
    assert "Call Jo on 0800 111 222." in help_text.content


async def test_setup_show_shows_the_retention(
    bot: LeapBot, driver: Driver, world: StandardGuild
) -> None:
    await driver.slash(world.coordinator, "setup retention", years=3)
    r = await driver.slash(world.admin, "setup show")
    assert "3 years" in r.text


async def test_old_break_counts_are_purged_by_the_daily_timer(
    bot: LeapBot, driver: Driver, world: StandardGuild, clock: ManualClock
) -> None:
    await driver.slash(world.coordinator, "setup retention", years=1)
    await driver.slash(world.member, "break")
    clock.advance(timedelta(days=367))
    await driver.slash(world.member2, "break")
    await bot.timers.run_due(clock.now())
    async with bot.db.read() as conn:
        left = int(await conn.fetchval("SELECT count(*) FROM break_signals"))
    assert left == 1


async def test_break_counts_within_retention_are_kept(
    bot: LeapBot, driver: Driver, world: StandardGuild, clock: ManualClock
) -> None:
    await driver.slash(world.member, "break")
    clock.advance(timedelta(days=300))
    await bot.timers.run_due(clock.now())
    async with bot.db.read() as conn:
        left = int(await conn.fetchval("SELECT count(*) FROM break_signals"))
    assert left == 1


async def test_session_info_shows_coordinators_the_break_count(
    bot: LeapBot, driver: Driver, world: StandardGuild
) -> None:
    await schedule(driver, world, when="in 5 minutes")
    await start(driver, world, in_channel=world.panel_voice)
    await driver.slash(world.member, "break")
    await driver.slash(world.member2, "break")
    async with bot.db.read() as conn:
        session_id = int(await conn.fetchval("SELECT id FROM sessions"))
    info = await driver.slash(world.coordinator, "session info", session=str(session_id))
    assert "2 (nobody is named)" in info.text


async def test_start_tells_only_the_coordinator_who_has_not_agreed_to_the_rules(
    bot: LeapBot, driver: Driver, world: StandardGuild, clock: ManualClock
) -> None:
    await _set_rules(bot, world, clock)
    shown = await driver.slash(world.member, "groundrules")
    await driver.click(world.member, shown, label="I agree")
    await schedule(driver, world, when="in 5 minutes")
    started = await start(driver, world, in_channel=world.panel_voice)
    assert (
        started.ephemeral,
        f"<@{world.member2.id}>" in started.text,
        f"<@{world.member.id}>" in started.text.split("Not agreed")[-1],
    ) == (True, True, False)
