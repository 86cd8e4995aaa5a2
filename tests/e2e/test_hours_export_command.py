"""/hours export end to end: private files, no double payment, re-download, permissions,
and /setup rate, /setup payments and /setup show."""

from __future__ import annotations

import io
from decimal import Decimal
from typing import Any

import pytest
from fakediscord import Driver
from fakediscord.standard import StandardGuild
from helpers_hours import claimed, csv_rows, hours_bot
from openpyxl import load_workbook

from bot.app import LeapBot
from bot.services.hours import ledger as hours
from bot.services.hours import payment_settings as payments
from storage import audit
from storage import hours as ledger

PERIOD = {"from": "2025-01-01", "to": "today"}


@pytest.fixture
async def bot(leap_settings: Any, start_bot: Any, world: StandardGuild) -> LeapBot:
    return await hours_bot(leap_settings, start_bot, world)


async def _approved(bot: LeapBot, world: StandardGuild, user_id: int, minutes: int) -> int:
    entry = await claimed(bot, world, user_id, minutes)
    await hours.approve(
        bot.db, bot.clock, guild_id=world.guild.id, entry_id=entry.id, actor_id=world.coordinator.id
    )
    return entry.id


async def _export(driver: Driver, world: StandardGuild, **options: Any) -> Any:
    r = await driver.slash(world.admin, "hours export", **options)
    await r.wait_response()
    return r


async def test_export_sends_private_csv_files(
    bot: LeapBot, driver: Driver, world: StandardGuild
) -> None:
    await _approved(bot, world, world.member.id, 90)
    r = await _export(driver, world, **PERIOD)
    assert (r.deferred, r.ephemeral, [f.filename for f in r.files]) == (
        True,
        True,
        ["payment-run-1-summary.csv", "payment-run-1-detail.csv"],
    )


async def test_export_rows_name_the_member_and_amount(
    bot: LeapBot, driver: Driver, world: StandardGuild
) -> None:
    await payments.set_preference(
        bot.db,
        bot.clock,
        guild_id=world.guild.id,
        member_id=world.member.id,
        method="bank",
        payee_name="Alice Smith",
        receives_benefits=False,
        public_sector=False,
    )
    await _approved(bot, world, world.member.id, 90)
    r = await _export(driver, world, **PERIOD)
    [row] = csv_rows(r.files[0].data)
    assert (row["payee name"], row["discord name"], row["discord id"], row["amount"]) == (
        "Alice Smith",
        "Alice",
        str(world.member.id),
        "18.00",
    )


async def test_a_second_export_pays_nothing_twice(
    bot: LeapBot, driver: Driver, world: StandardGuild
) -> None:
    await _approved(bot, world, world.member.id, 90)
    await _export(driver, world, **PERIOD)
    r = await _export(driver, world, **PERIOD)
    assert (r.files, "no approved hours" in r.text) == ([], True)


async def test_an_earlier_run_downloads_byte_for_byte(
    bot: LeapBot, driver: Driver, world: StandardGuild
) -> None:
    await _approved(bot, world, world.member.id, 90)
    first = await _export(driver, world, **PERIOD)
    await _approved(bot, world, world.member2.id, 30)
    again = await _export(driver, world, run=1)
    assert [f.data for f in again.files] == [f.data for f in first.files]


async def test_xlsx_is_sent_when_asked(bot: LeapBot, driver: Driver, world: StandardGuild) -> None:
    await _approved(bot, world, world.member.id, 90)
    r = await _export(driver, world, format="xlsx", **PERIOD)
    assert [f.filename for f in r.files][-1] == "payment-run-1.xlsx"


async def test_export_without_dates_or_run_explains(
    bot: LeapBot, driver: Driver, world: StandardGuild
) -> None:
    r = await driver.slash(world.admin, "hours export")
    assert "first and last day" in r.content


async def test_the_export_reply_names_the_period_it_covers(
    bot: LeapBot, driver: Driver, world: StandardGuild
) -> None:
    await _approved(bot, world, world.member.id, 90)
    r = await _export(driver, world, **{"from": "2025-03-01", "to": "today"})
    assert ("from Saturday 1 March 2025 to" in r.content, "1 entry for 1 person," in r.content) == (
        True,
        True,
    )


async def test_an_impossible_date_is_refused_and_nothing_is_exported(
    bot: LeapBot, driver: Driver, world: StandardGuild
) -> None:
    entry_id = await _approved(bot, world, world.member.id, 90)
    r = await _export(driver, world, **{"from": "2026-13-01", "to": "today"})
    async with bot.db.read() as conn:
        entry = await ledger.get(conn, world.guild.id, entry_id)
    assert entry is not None
    assert ("could not read" in r.content.lower(), r.files, entry.payment_run_id) == (
        True,
        [],
        None,
    )


async def test_files_discord_refuses_leave_the_run_number_to_fetch_them(
    bot: LeapBot, fake: Any, driver: Driver, world: StandardGuild
) -> None:
    await _approved(bot, world, world.member.id, 90)
    fake.fail("POST", "/webhooks/{webhook_id}/{webhook_token}", status=413, code=40005)
    r = await _export(driver, world, **PERIOD)
    again = await _export(driver, world, run=1)
    assert ("did not take the files" in r.content, "run 1" in r.content, len(again.files)) == (
        True,
        True,
        2,
    )


async def test_the_export_mentions_approved_hours_left_before_its_period(
    bot: LeapBot, driver: Driver, world: StandardGuild
) -> None:
    await _approved(bot, world, world.member.id, 90)
    await hours.add_adjustment(
        bot.db,
        bot.clock,
        guild_id=world.guild.id,
        actor_id=world.coordinator.id,
        member_id=world.member2.id,
        minutes=60,
        activity="meeting",
        note="Approved late",
        day="2025-02-01",
    )
    r = await _export(driver, world, **{"from": "2025-03-01", "to": "today"})
    assert "from before Saturday 1 March 2025 are not paid yet (1 entry)" in r.content


async def test_a_correction_is_a_real_negative_number_in_both_files(
    bot: LeapBot, driver: Driver, world: StandardGuild
) -> None:
    entry_id = await _approved(bot, world, world.member.id, 90)
    await driver.slash(
        world.coordinator,
        "hours add",
        member=world.member,
        minutes=-30,
        activity="preparation",
        note="Left early",
        corrects=entry_id,
    )
    csv_files = await _export(driver, world, **PERIOD)
    book_files = await _export(driver, world, run=1, format="xlsx")
    [summary] = csv_rows(csv_files.files[0].data)
    detail = csv_rows(csv_files.files[1].data)
    book = load_workbook(io.BytesIO(book_files.files[-1].data))
    sheet = list(book["Detail"].iter_rows(values_only=True))
    amounts = [row[sheet[0].index("amount")] for row in sheet[1:]]
    assert (
        [Decimal(r["amount"]) for r in detail],
        Decimal(summary["amount"]),
        amounts,
    ) == ([Decimal("18.00"), Decimal("-6.00")], Decimal("12.00"), [18, -6])


async def test_a_coordinator_cannot_export(
    bot: LeapBot, driver: Driver, world: StandardGuild
) -> None:
    entry_id = await _approved(bot, world, world.member.id, 90)
    r = await driver.slash(world.coordinator, "hours export", **PERIOD)
    async with bot.db.read() as conn:
        run = await conn.fetchval(
            "SELECT payment_run_id FROM hours_entries WHERE id = ?", (entry_id,)
        )
    assert ("Admin role" in r.content, run) == (True, None)


async def test_export_is_audited(bot: LeapBot, driver: Driver, world: StandardGuild) -> None:
    await _approved(bot, world, world.member.id, 90)
    await _export(driver, world, **PERIOD)
    async with bot.db.read() as conn:
        [logged] = await audit.recent(conn, world.guild.id, action="hours.export")
    assert (logged.actor_id, logged.target) == (world.admin.id, "run:1")


async def test_setup_rate_saves_exact_pence(
    bot: LeapBot, driver: Driver, world: StandardGuild
) -> None:
    r = await driver.slash(
        world.admin, "setup rate", activity="review", pounds_per_hour="15.75", from_date="today"
    )
    async with bot.db.read() as conn:
        pence = await conn.fetchval(
            "SELECT pence_per_hour FROM rates WHERE activity = 'review' ORDER BY id DESC LIMIT 1"
        )
    assert (pence, "£15.75" in r.content) == (1575, True)


@pytest.mark.parametrize("typed", ["-5", "12.505", "5000", "lots"])
async def test_setup_rate_refuses_bad_money(
    bot: LeapBot, driver: Driver, world: StandardGuild, typed: str
) -> None:
    r = await driver.slash(world.admin, "setup rate", activity="review", pounds_per_hour=typed)
    async with bot.db.read() as conn:
        count = await conn.fetchval("SELECT count(*) FROM rates WHERE activity = 'review'")
    assert (r.ephemeral, count) == (True, 1)


async def test_setup_payments_and_show(bot: LeapBot, driver: Driver, world: StandardGuild) -> None:
    await driver.slash(world.admin, "setup payments", daily_cap_hours="6", budget_code="LEAP-26")
    r = await driver.slash(world.admin, "setup show")
    assert (
        "6 hours a day" in r.text,
        "LEAP-26" in r.text,
        "Preparation: £12.00 an hour" in r.text,
    ) == (True, True, True)


async def test_a_coordinator_cannot_set_rates(
    bot: LeapBot, driver: Driver, world: StandardGuild
) -> None:
    r = await driver.slash(world.coordinator, "setup rate", activity="review", pounds_per_hour="99")
    assert "Admin role" in r.content


async def test_setup_show_lists_each_feature_in_order(
    bot: LeapBot, driver: Driver, world: StandardGuild
) -> None:
    await driver.slash(world.admin, "setup payments", daily_cap_hours="6", budget_code="LEAP-26")
    r = await driver.slash(world.admin, "setup show")
    [embed] = r.embeds
    assert [f["name"] for f in embed["fields"]] == [
        "Time zone",
        "Roles",
        "Reminders before sessions",
        "How meeting time is paid",
        "Pay rates",
        "Daily limit and budget code",
        "Ground rules",
        "Help shown after /support",
        "Break notices",
        "Anonymous records kept for",
    ]


async def test_setup_has_every_feature_subcommand(bot: LeapBot, fake: Any) -> None:
    command = fake.synced_command("setup")
    names = sorted(option["name"] for option in command["options"])
    assert names == [
        "attendance",
        "groundrules",
        "payments",
        "rate",
        "reminders",
        "retention",
        "roles",
        "show",
        "staff",
        "support",
        "timezone",
    ]
