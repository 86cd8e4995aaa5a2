"""/hours claim, me, add and report end to end through the loopback Discord."""

from __future__ import annotations

from typing import Any

import pytest
from fakediscord import Driver
from fakediscord.standard import StandardGuild
from helpers_hours import claimed, csv_rows, hours_bot, prefer

from bot.app import LeapBot
from bot.services.hours import ledger as hours
from bot.services.hours import payment_settings as payments
from storage import audit
from storage import hours as ledger


@pytest.fixture
async def bot(leap_settings: Any, start_bot: Any, world: StandardGuild) -> LeapBot:
    return await hours_bot(leap_settings, start_bot, world)


async def _entries(bot: LeapBot, world: StandardGuild, member_id: int) -> list[Any]:
    async with bot.db.read() as conn:
        rows = await conn.fetchall(
            "SELECT id FROM hours_entries WHERE guild_id = ? AND member_id = ? ORDER BY id",
            (world.guild.id, member_id),
        )
        return [await ledger.get(conn, world.guild.id, r[0]) for r in rows]


async def test_a_claim_gets_a_private_receipt(
    bot: LeapBot, driver: Driver, world: StandardGuild
) -> None:
    r = await driver.slash(world.member, "hours claim", activity="preparation", minutes=90)
    assert (r.ephemeral, "1 hour 30 minutes of preparation" in r.content) == (True, True)


async def test_a_claim_is_saved_as_pending(
    bot: LeapBot, driver: Driver, world: StandardGuild
) -> None:
    await driver.slash(
        world.member, "hours claim", activity="travel", minutes=45, date="yesterday", note="Bus"
    )
    [entry] = await _entries(bot, world, world.member.id)
    assert (entry.activity, entry.minutes, entry.status, entry.note) == (
        "travel",
        45,
        "pending",
        "Bus",
    )


@pytest.mark.parametrize("minutes", [0, -10, 1441])
async def test_a_claim_out_of_bounds_is_refused_plainly(
    bot: LeapBot, driver: Driver, world: StandardGuild, minutes: int
) -> None:
    r = await driver.slash(world.member, "hours claim", activity="review", minutes=minutes)
    assert (r.ephemeral, await _entries(bot, world, world.member.id)) == (True, [])


async def test_a_claim_for_a_future_date_is_refused(
    bot: LeapBot, driver: Driver, world: StandardGuild
) -> None:
    r = await driver.slash(
        world.member, "hours claim", activity="review", minutes=30, date="in 3 days"
    )
    assert ("has not come yet" in r.content, await _entries(bot, world, world.member.id)) == (
        True,
        [],
    )


async def test_a_repeated_claim_is_refused(
    bot: LeapBot, driver: Driver, world: StandardGuild
) -> None:
    await driver.slash(world.member, "hours claim", activity="review", minutes=30)
    r = await driver.slash(world.member, "hours claim", activity="review", minutes=30)
    assert "already made this same claim" in r.content


async def test_someone_without_the_member_role_cannot_claim(
    bot: LeapBot, driver: Driver, world: StandardGuild, fake: Any
) -> None:
    outsider = fake.add_user("dave")
    fake.add_member(world.guild, outsider, [])
    await driver.member_joins(outsider)
    r = await driver.slash(outsider, "hours claim", activity="review", minutes=30)
    assert ("Member role" in r.content, await _entries(bot, world, outsider.id)) == (True, [])


async def test_my_hours_shows_my_entries_and_reasons(
    bot: LeapBot, driver: Driver, world: StandardGuild
) -> None:
    entry = await claimed(bot, world, world.member.id, 60)
    await hours.reject(
        bot.db,
        bot.clock,
        guild_id=world.guild.id,
        entry_id=entry.id,
        actor_id=world.coordinator.id,
        reason="Already paid in May",
    )
    r = await driver.slash(world.member, "hours me", period="all")
    assert (r.ephemeral, "Not approved" in r.text, "Already paid in May" in r.text) == (
        True,
        True,
        True,
    )


async def test_my_hours_shows_approved_pay(
    bot: LeapBot, driver: Driver, world: StandardGuild
) -> None:
    entry = await claimed(bot, world, world.member.id, 90)
    await hours.approve(
        bot.db, bot.clock, guild_id=world.guild.id, entry_id=entry.id, actor_id=world.coordinator.id
    )
    r = await driver.slash(world.member, "hours me", period="all")
    assert "Approved, not paid yet: £18.00" in r.text


async def test_my_hours_says_plainly_when_a_correction_takes_off_more_than_is_unpaid(
    bot: LeapBot, driver: Driver, world: StandardGuild
) -> None:
    # 1 hour was paid in a run; then a coordinator takes 30 minutes off it. The member sees
    # what they were paid too much and that it comes off their next pay, not "-£6.00".
    await prefer(bot, world, world.member.id, "Alice Smith")
    entry = await claimed(bot, world, world.member.id, 60)
    await hours.approve(
        bot.db, bot.clock, guild_id=world.guild.id, entry_id=entry.id, actor_id=world.coordinator.id
    )
    done = await driver.slash(world.admin, "hours export", **{"from": "2025-01-01"})
    await done.wait_response()
    await driver.slash(
        world.coordinator,
        "hours add",
        member=world.member,
        minutes=-30,
        activity="preparation",
        note="Counted twice",
        corrects=entry.id,
    )
    r = await driver.slash(world.member, "hours me", period="all")
    assert (
        "Paid too much so far: £6.00. This comes off your next pay." in r.text,
        "not paid yet: -£" in r.text,
    ) == (True, False)


async def test_my_hours_tells_a_member_who_chose_no_payment_that_nothing_is_sent(
    bot: LeapBot, driver: Driver, world: StandardGuild
) -> None:
    # The card shows what the time is worth (£18.00); the member chose no payment, so the
    # card must not leave them thinking that money is on its way.
    await prefer(bot, world, world.member.id, "", method="decline")
    entry = await claimed(bot, world, world.member.id, 90)
    await hours.approve(
        bot.db, bot.clock, guild_id=world.guild.id, entry_id=entry.id, actor_id=world.coordinator.id
    )
    r = await driver.slash(world.member, "hours me", period="all")
    assert "You chose no payment. Your time is on record, but no money is sent to you." in r.text


async def test_my_hours_never_shows_someone_else(
    bot: LeapBot, driver: Driver, world: StandardGuild
) -> None:
    other = await claimed(bot, world, world.member2.id, 60)
    mine = await claimed(bot, world, world.member.id, 30)
    r = await driver.slash(world.member, "hours me", period="all")
    assert (f"Entry {mine.id}," in r.text, f"Entry {other.id}," in r.text) == (True, False)


async def test_benefit_flagged_members_see_weekly_totals(
    bot: LeapBot, driver: Driver, world: StandardGuild
) -> None:
    await payments.set_preference(
        bot.db,
        bot.clock,
        guild_id=world.guild.id,
        member_id=world.member.id,
        method="bank",
        payee_name="Alice Smith",
        receives_benefits=True,
        public_sector=False,
    )
    r = await driver.slash(world.member, "hours me")
    assert ("Week by week" in r.text, "Month by month" in r.text) == (True, True)


async def test_a_coordinator_adds_approved_time(
    bot: LeapBot, driver: Driver, world: StandardGuild
) -> None:
    r = await driver.slash(
        world.coordinator,
        "hours add",
        member=world.member,
        minutes=30,
        activity="meeting",
        note="Stayed on to help",
    )
    [entry] = await _entries(bot, world, world.member.id)
    assert (entry.source, entry.status, entry.amount_pence, "£6.00" in r.content) == (
        "adjustment",
        "approved",
        600,
        True,
    )


async def test_time_added_with_no_rate_says_nothing_was_saved(
    bot: LeapBot, driver: Driver, world: StandardGuild
) -> None:
    # The rates start on 1 January 2025, so a day before it has none: the time is not kept,
    # and the coordinator is told so, not that it waits unapproved.
    r = await driver.slash(
        world.coordinator,
        "hours add",
        member=world.member,
        minutes=30,
        activity="meeting",
        note="Phone call",
        date="2024-12-03",
    )
    assert (
        "so I did not add this time. Nothing was saved." in r.content,
        await _entries(bot, world, world.member.id),
    ) == (True, [])


async def test_a_member_is_told_when_a_coordinator_takes_time_off(
    bot: LeapBot, driver: Driver, world: StandardGuild
) -> None:
    entry = await claimed(bot, world, world.member.id, 60)
    await hours.approve(
        bot.db, bot.clock, guild_id=world.guild.id, entry_id=entry.id, actor_id=world.coordinator.id
    )
    await bot.notifier.wait_idle()
    r = await driver.slash(
        world.coordinator,
        "hours add",
        member=world.member,
        minutes=-15,
        activity="preparation",
        note="Left early",
        corrects=entry.id,
    )
    dm = await r.wait_dm(world.member)
    assert (
        "A coordinator took 15 minutes of preparation on" in dm.content,
        "off your hours. This takes £3.00 off your pay. The note: Left early" in dm.content,
    ) == (True, True)


async def test_a_correction_below_zero_is_refused(
    bot: LeapBot, driver: Driver, world: StandardGuild
) -> None:
    entry = await claimed(bot, world, world.member.id, 30)
    await hours.approve(
        bot.db, bot.clock, guild_id=world.guild.id, entry_id=entry.id, actor_id=world.coordinator.id
    )
    r = await driver.slash(
        world.coordinator,
        "hours add",
        member=world.member,
        minutes=-45,
        activity="preparation",
        note="Too much",
        corrects=entry.id,
    )
    assert ("below zero" in r.content, len(await _entries(bot, world, world.member.id))) == (
        True,
        1,
    )


async def test_a_correction_is_audited(bot: LeapBot, driver: Driver, world: StandardGuild) -> None:
    entry = await claimed(bot, world, world.member.id, 60)
    await hours.approve(
        bot.db, bot.clock, guild_id=world.guild.id, entry_id=entry.id, actor_id=world.coordinator.id
    )
    await driver.slash(
        world.coordinator,
        "hours add",
        member=world.member,
        minutes=-15,
        activity="preparation",
        note="Left early",
        corrects=entry.id,
    )
    async with bot.db.read() as conn:
        [logged] = await audit.recent(conn, world.guild.id, action="hours.add")
    assert (logged.actor_id, logged.detail["corrects_entry_id"]) == (world.coordinator.id, entry.id)


async def test_the_report_totals_per_member(
    bot: LeapBot, driver: Driver, world: StandardGuild
) -> None:
    for user in (world.member, world.member2):
        entry = await claimed(bot, world, user.id, 60)
        await hours.approve(
            bot.db,
            bot.clock,
            guild_id=world.guild.id,
            entry_id=entry.id,
            actor_id=world.coordinator.id,
        )
    r = await driver.slash(world.coordinator, "hours report", **{"from": "2025-01-01"})
    assert (
        f"<@{world.member.id}>: preparation, 1 hour paid, £12.00" in r.text,
        "£24.00" in r.text,
    ) == (True, True)


async def test_a_long_report_file_names_each_member(
    bot: LeapBot, driver: Driver, world: StandardGuild, fake: Any
) -> None:
    # Too long to show, so the report comes as a file: each row says whose it is by name,
    # not only by a Discord id (which a spreadsheet shows as 1.57E+18).
    people = []
    for n in range(25):
        user = fake.add_user(f"reporter{n:02d}")
        await driver.member_joins(user, [world.member_role])
        people.append(user)
        for activity in ("preparation", "review", "training"):
            entry = await hours.claim(
                bot.db,
                bot.clock,
                guild_id=world.guild.id,
                member_id=user.id,
                activity=activity,
                minutes=30,
                day="yesterday",
            )
            await hours.approve(
                bot.db,
                bot.clock,
                guild_id=world.guild.id,
                entry_id=entry.id,
                actor_id=world.admin.id,
            )
    await bot.notifier.wait_idle()
    r = await driver.slash(world.coordinator, "hours report", **{"from": "2025-01-01"})
    [report] = r.files
    rows = csv_rows(report.data)
    first = [row for row in rows if row["discord id"] == str(people[0].id)]
    assert ({row["name"] for row in first}, len(rows)) == ({"Reporter00"}, 75)


async def test_the_report_shows_time_over_the_daily_limit_apart(
    bot: LeapBot, driver: Driver, world: StandardGuild
) -> None:
    await driver.slash(world.admin, "setup payments", daily_cap_hours="1")
    entry = await claimed(bot, world, world.member.id, 90)
    await hours.approve(
        bot.db, bot.clock, guild_id=world.guild.id, entry_id=entry.id, actor_id=world.coordinator.id
    )
    r = await driver.slash(world.coordinator, "hours report", **{"from": "2025-01-01"})
    assert (
        "1 hour paid, £12.00 (and 30 minutes over the daily limit, not paid)" in r.text,
        "In all: 1 hour paid, £12.00. Over the daily limit, not paid: 30 minutes." in r.text,
    ) == (True, True)


@pytest.mark.parametrize(
    ("command", "options"),
    [
        ("hours review", {}),
        ("hours report", {}),
        ("hours export", {"from": "2025-01-01", "to": "2026-12-31"}),
    ],
)
async def test_a_member_cannot_use_coordinator_commands(
    bot: LeapBot, driver: Driver, world: StandardGuild, command: str, options: dict[str, Any]
) -> None:
    r = await driver.slash(world.member, command, **options)
    assert (r.ephemeral, "Coordinator role" in r.content or "Admin role" in r.content) == (
        True,
        True,
    )


async def test_a_member_cannot_add_time(bot: LeapBot, driver: Driver, world: StandardGuild) -> None:
    await driver.slash(
        world.member,
        "hours add",
        member=world.member,
        minutes=600,
        activity="meeting",
        note="Give me more",
    )
    assert await _entries(bot, world, world.member.id) == []
