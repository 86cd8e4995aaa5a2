"""A real session's hours flow through review into the payment file, end to end."""

from __future__ import annotations

from datetime import timedelta
from typing import Any, cast

from fakediscord import Driver
from fakediscord.standard import StandardGuild
from helpers_hours import csv_rows, hours_bot
from helpers_sessions import end, only_session, schedule, start, voice

from bot.clock import ManualClock
from bot.services.hours import payment_settings as payments


async def test_session_hours_are_reviewed_and_paid(
    leap_settings: Any, start_bot: Any, driver: Driver, world: StandardGuild
) -> None:
    bot = await hours_bot(leap_settings, start_bot, world)
    clock = cast(ManualClock, bot.clock)
    await payments.set_preference(
        bot.db,
        clock,
        guild_id=world.guild.id,
        member_id=world.member.id,
        method="bank",
        payee_name="Alice Smith",
        receives_benefits=False,
        public_sector=False,
    )
    await voice(driver, driver.join_voice(world.member, world.panel_voice))
    await schedule(driver, world, prep=30)
    await start(driver, world)
    clock.advance(timedelta(minutes=60))
    await end(driver, world)
    session = await only_session(bot, world.guild.id)
    page = await driver.slash(world.coordinator, "hours review")
    await driver.click(world.coordinator, page, label=f"Approve all of session {session.id}")
    r = await driver.slash(
        world.admin, "hours export", **{"from": "2025-01-01", "to": "2027-12-31"}
    )
    await r.wait_response()
    rows = csv_rows(r.files[1].data)
    assert sorted(
        (row["activity"], row["source"], row["minutes"], row["amount"]) for row in rows
    ) == [
        ("meeting", "attendance", "60", "12.00"),
        ("preparation", "attendance", "30", "6.00"),
    ]


async def test_ending_a_session_twice_is_paid_once(
    leap_settings: Any, start_bot: Any, driver: Driver, world: StandardGuild
) -> None:
    bot = await hours_bot(leap_settings, start_bot, world)
    clock = cast(ManualClock, bot.clock)
    await voice(driver, driver.join_voice(world.member, world.panel_voice))
    await schedule(driver, world)
    await start(driver, world)
    clock.advance(timedelta(minutes=60))
    await end(driver, world)
    session = await only_session(bot, world.guild.id)
    await end(driver, world, session=session.id)
    async with bot.db.read() as conn:
        count = await conn.fetchval(
            "SELECT count(*) FROM hours_entries WHERE session_id = ?", (session.id,)
        )
    assert count == 1
