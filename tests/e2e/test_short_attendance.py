"""Short stays in a session: flagged in the end summary and on the review page, left out of
"Approve all", still paid the planned length when approved one by one."""

from __future__ import annotations

from datetime import timedelta
from typing import Any, cast

import pytest
from fakediscord import CommandError, Driver
from fakediscord.standard import StandardGuild
from helpers_hours import hours_bot
from helpers_sessions import end, only_session, schedule, start, voice

from bot.app import LeapBot
from bot.clock import ManualClock
from bot.services import panel_settings
from bot.services.hours import ledger as hours
from storage import audit

SHORT = "here 4 minutes, less than the 10 minutes set for this panel"


@pytest.fixture
async def bot(leap_settings: Any, start_bot: Any, world: StandardGuild) -> LeapBot:
    return await hours_bot(leap_settings, start_bot, world)


async def _run(bot: LeapBot, driver: Driver, world: StandardGuild) -> Any:
    """Alice is there for the whole hour; Bob drops in for 4 minutes."""
    clock = cast(ManualClock, bot.clock)
    await voice(driver, driver.join_voice(world.member, world.panel_voice))
    await schedule(driver, world, prep=0)
    await start(driver, world)
    clock.advance(timedelta(minutes=5))
    await voice(driver, driver.join_voice(world.member2, world.panel_voice))
    clock.advance(timedelta(minutes=4))
    await voice(driver, driver.leave_voice(world.member2))
    clock.advance(timedelta(minutes=51))
    return await end(driver, world)


async def _status(bot: LeapBot, world: StandardGuild, session_id: int) -> dict[int, str]:
    found = await hours.entries_for_session(bot.db, world.guild.id, session_id)
    return {e.member_id: e.status for e in found}


async def _approve_all(bot: LeapBot, driver: Driver, world: StandardGuild) -> tuple[Any, int]:
    session = await only_session(bot, world.guild.id)
    page = await driver.slash(world.coordinator, "hours review")
    pressed = await driver.click(
        world.coordinator, page, label=f"Approve all of session {session.id}"
    )
    return pressed, session.id


async def test_the_end_summary_flags_a_short_stay_in_plain_words(
    bot: LeapBot, driver: Driver, world: StandardGuild
) -> None:
    result = await _run(bot, driver, world)
    assert (
        f"<@{world.member2.id}>: {SHORT}" in result.text,
        f"<@{world.member.id}>: here 1 hour. To be paid" in result.text,
        "Approve all leaves them out" in result.text,
    ) == (True, True, True)


async def test_the_review_page_flags_a_short_stay(
    bot: LeapBot, driver: Driver, world: StandardGuild
) -> None:
    await _run(bot, driver, world)
    session = await only_session(bot, world.guild.id)
    page = await driver.slash(world.coordinator, "hours review", session=str(session.id))
    flagged = [f["value"] for f in page.embeds[0]["fields"] if SHORT in f["value"]]
    assert [f"<@{world.member2.id}>" in value for value in flagged] == [True]


async def test_approve_all_leaves_a_short_stay_pending_and_says_why(
    bot: LeapBot, driver: Driver, world: StandardGuild
) -> None:
    await _run(bot, driver, world)
    pressed, session_id = await _approve_all(bot, driver, world)
    assert (
        await _status(bot, world, session_id),
        "1 left for you to decide one by one." in pressed.text,
        "1 entry is for people here less than 10 minutes" in pressed.text,
    ) == ({world.member.id: "approved", world.member2.id: "pending"}, True, True)


async def test_a_short_stay_approved_one_by_one_is_paid_the_planned_length(
    bot: LeapBot, driver: Driver, world: StandardGuild
) -> None:
    await _run(bot, driver, world)
    _, session_id = await _approve_all(bot, driver, world)
    [entry] = [
        e
        for e in await hours.entries_for_session(bot.db, world.guild.id, session_id)
        if e.member_id == world.member2.id
    ]
    page = await driver.slash(world.coordinator, "hours review")
    await driver.click(world.coordinator, page, label=f"Approve {entry.id}")
    [approved] = await hours.decided_entries(bot.db, world.guild.id, [entry.id])
    assert (approved.status, approved.paid_minutes, approved.amount_pence) == (
        "approved",
        60,
        1200,
    )


async def test_minimum_zero_flags_nobody(
    bot: LeapBot, driver: Driver, world: StandardGuild
) -> None:
    saved = await driver.slash(world.admin, "setup attendance", minimum=0)
    result = await _run(bot, driver, world)
    _, session_id = await _approve_all(bot, driver, world)
    assert (
        "Nobody is flagged" in saved.text,
        "less than" in result.text,
        await _status(bot, world, session_id),
    ) == (True, False, {world.member.id: "approved", world.member2.id: "approved"})


async def test_setup_show_says_plainly_that_nobody_is_checked_at_minimum_zero(
    bot: LeapBot, driver: Driver, world: StandardGuild
) -> None:
    await driver.slash(world.admin, "setup attendance", minimum=0)
    shown = await driver.slash(world.admin, "setup show")
    assert "Short stays checked one by one\nNobody (the minimum is 0 minutes)" in shown.text


async def test_the_minimum_is_saved_audited_and_shown(
    bot: LeapBot, driver: Driver, world: StandardGuild
) -> None:
    saved = await driver.slash(world.admin, "setup attendance", minimum=15)
    shown = await driver.slash(world.admin, "setup show")
    async with bot.db.read() as conn:
        entries = await audit.recent(conn, world.guild.id, action="setup.attendance")
    assert (
        "less than 15 minutes" in saved.text,
        "People here less than 15 minutes in a session" in shown.text,
        [e.detail for e in entries],
    ) == (True, True, [{"attendance_minimum_minutes": 15}])


@pytest.mark.parametrize("minimum", [-1, 241])
async def test_a_minimum_out_of_bounds_is_refused_and_nothing_is_stored(
    bot: LeapBot, driver: Driver, world: StandardGuild, minimum: int
) -> None:
    with pytest.raises(CommandError, match="outside"):
        await driver.slash(world.admin, "setup attendance", minimum=minimum)
    settings = await panel_settings.get(bot.db, world.guild.id)
    assert settings.attendance_minimum_minutes == 10


async def test_setup_attendance_with_nothing_chosen_asks_for_something(
    bot: LeapBot, driver: Driver, world: StandardGuild
) -> None:
    r = await driver.slash(world.admin, "setup attendance")
    async with bot.db.read() as conn:
        entries = await audit.recent(conn, world.guild.id, action="setup.attendance")
    assert (r.ephemeral, "Please choose a rule, a minimum, or both." in r.text, entries) == (
        True,
        True,
        [],
    )
