"""/hours export end to end: private files, no double payment, re-download, permissions,
and /setup rate, /setup payments and /setup show."""

from __future__ import annotations

import io
import re
from datetime import date, timedelta
from decimal import Decimal
from typing import Any, cast
from zoneinfo import ZoneInfo

import pytest
from fakediscord import Driver
from fakediscord.standard import StandardGuild
from helpers_hours import claimed, csv_rows, hours_bot, prefer
from helpers_sessions import answered, end, only_session, schedule, start, voice
from openpyxl import load_workbook

from bot.app import LeapBot
from bot.clock import ManualClock
from bot.services.hours import expenses as costs
from bot.services.hours import ledger as hours
from bot.services.hours import payment_settings as payments
from storage import audit, payment_runs
from storage import hours as ledger

PERIOD = {"from": "2025-01-01", "to": "today"}


@pytest.fixture
async def bot(leap_settings: Any, start_bot: Any, world: StandardGuild) -> LeapBot:
    """Alice has said how she wants to be paid; bob and carol (closed DMs) have not."""
    started = await hours_bot(leap_settings, start_bot, world)
    await prefer(started, world, world.member.id, "Alice Smith")
    return started


def _fees(data: bytes) -> list[dict[str, str]]:
    return [r for r in csv_rows(data) if r["row"] == "fees"]


async def _approved(bot: LeapBot, world: StandardGuild, user_id: int, minutes: int) -> int:
    entry = await claimed(bot, world, user_id, minutes)
    await hours.approve(
        bot.db, bot.clock, guild_id=world.guild.id, entry_id=entry.id, actor_id=world.coordinator.id
    )
    await bot.notifier.wait_idle()  # the member's "approved" DM is out before the test goes on
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
    await prefer(bot, world, world.member.id, "Alice Smith")
    await _approved(bot, world, world.member.id, 90)
    r = await _export(driver, world, **PERIOD)
    [row] = _fees(r.files[0].data)
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
    assert (r.files, "nothing new to pay" in r.text) == ([], True)


async def test_an_exported_period_offers_its_run(
    bot: LeapBot, driver: Driver, world: StandardGuild
) -> None:
    await _approved(bot, world, world.member.id, 90)
    await _export(driver, world, **PERIOD)
    async with bot.db.read() as conn:
        run = await payment_runs.get(conn, world.guild.id, 1)
    assert run is not None
    r = await _export(driver, world, **PERIOD)
    assert r.content == (
        "There is nothing new to pay here. These hours went in run 1 on "
        f"<t:{int(run.created_at.timestamp())}:D>. Use run: 1 to download it again."
    )


async def test_an_earlier_run_downloads_byte_for_byte(
    bot: LeapBot, driver: Driver, world: StandardGuild
) -> None:
    await _approved(bot, world, world.member.id, 90)
    first = await _export(driver, world, **PERIOD)
    await _approved(bot, world, world.member.id, 30)
    again = await _export(driver, world, run=1)
    assert [f.data for f in again.files] == [f.data for f in first.files]


async def test_xlsx_sends_only_the_workbook(
    bot: LeapBot, driver: Driver, world: StandardGuild
) -> None:
    await _approved(bot, world, world.member.id, 90)
    r = await _export(driver, world, format="xlsx", **PERIOD)
    assert [f.filename for f in r.files] == ["payment-run-1.xlsx"]


async def test_an_earlier_run_as_xlsx_is_only_the_workbook(
    bot: LeapBot, driver: Driver, world: StandardGuild
) -> None:
    await _approved(bot, world, world.member.id, 90)
    await _export(driver, world, **PERIOD)
    book = await _export(driver, world, run=1, format="xlsx")
    pair = await _export(driver, world, run=1, format="csv")
    assert ([f.filename for f in book.files], [f.filename for f in pair.files]) == (
        ["payment-run-1.xlsx"],
        ["payment-run-1-summary.csv", "payment-run-1-detail.csv"],
    )


def _last_month(bot: LeapBot) -> tuple[date, date]:
    today = bot.clock.now().astimezone(ZoneInfo("Europe/London")).date()
    last = today.replace(day=1) - timedelta(days=1)
    return last.replace(day=1), last


async def _approved_on(bot: LeapBot, world: StandardGuild, day: date) -> int:
    entry = await hours.claim(
        bot.db,
        bot.clock,
        guild_id=world.guild.id,
        member_id=world.member.id,
        activity="preparation",
        minutes=60,
        day=day.isoformat(),
    )
    await hours.approve(
        bot.db, bot.clock, guild_id=world.guild.id, entry_id=entry.id, actor_id=world.coordinator.id
    )
    await bot.notifier.wait_idle()  # the member's "approved" DM is out before the test goes on
    return entry.id


async def test_without_dates_the_export_covers_the_last_full_month(
    bot: LeapBot, driver: Driver, world: StandardGuild
) -> None:
    first, last = _last_month(bot)
    inside = await _approved_on(bot, world, last)
    await _approved_on(bot, world, first - timedelta(days=1))  # the month before: left out
    r = await _export(driver, world)
    async with bot.db.read() as conn:
        run = await payment_runs.get(conn, world.guild.id, 1)
    assert run is not None
    assert (
        (run.period_from, run.period_to),
        [row["entry id"] for row in csv_rows(r.files[1].data)],
    ) == ((first, last), [str(inside)])


@pytest.mark.parametrize(
    "options", [{"from": "last month", "to": "last month"}, {"from": "Last  Month"}]
)
async def test_dates_can_be_named_spans(
    bot: LeapBot, driver: Driver, world: StandardGuild, options: dict[str, str]
) -> None:
    first, last = _last_month(bot)
    await _approved_on(bot, world, first)
    await _export(driver, world, **options)
    async with bot.db.read() as conn:
        run = await payment_runs.get(conn, world.guild.id, 1)
    assert run is not None
    today = bot.clock.now().astimezone(ZoneInfo("Europe/London")).date()
    expected_end = last if "to" in options else today
    assert (run.period_from, run.period_to) == (first, expected_end)


async def test_a_run_of_only_cancelling_corrections_is_refused(
    bot: LeapBot, driver: Driver, world: StandardGuild
) -> None:
    entry_id = await _approved(bot, world, world.member.id, 60)
    await driver.slash(
        world.coordinator,
        "hours add",
        member=world.member,
        minutes=-60,
        activity="preparation",
        note="Not done after all",
        corrects=entry_id,
    )
    r = await _export(driver, world, **PERIOD)
    async with bot.db.read() as conn:
        runs = await conn.fetchval("SELECT count(*) FROM payment_runs")
        entry = await ledger.get(conn, world.guild.id, entry_id)
    assert entry is not None
    assert ("add up to £0" in r.content, r.files, runs, entry.payment_run_id) == (
        True,
        [],
        0,
        None,
    )


async def test_a_zero_run_that_lists_someone_who_declines_pay_is_made(
    bot: LeapBot, driver: Driver, world: StandardGuild
) -> None:
    await payments.set_preference(
        bot.db,
        bot.clock,
        guild_id=world.guild.id,
        member_id=world.member2.id,
        method="decline",
        payee_name=None,
        receives_benefits=False,
        public_sector=False,
    )
    await _approved(bot, world, world.member2.id, 60)
    r = await _export(driver, world, **PERIOD)
    assert ("Payment run 1 is ready" in r.content, "£0.00 in all" in r.content) == (True, True)


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
    [summary] = _fees(csv_files.files[0].data)
    detail = csv_rows(csv_files.files[1].data)
    book = load_workbook(io.BytesIO(book_files.files[-1].data))
    sheet = list(book["Detail"].iter_rows(values_only=True))
    amounts = [row[sheet[0].index("amount")] for row in sheet[1:-1]]  # then the totals row
    assert (
        [Decimal(r["amount"]) for r in detail],
        Decimal(summary["amount"]),
        amounts,
    ) == ([Decimal("18.00"), Decimal("-6.00")], Decimal("12.00"), [18, -6])


# A number as a spreadsheet reads it from a CSV cell: no quote, no sign of text.
PLAIN_NUMBER = re.compile(r"-?[0-9]+(\.[0-9]+)?")
# The totals the bot writes in the workbook: sums over the numbers above, never typed text.
PROGRAM_SUM = re.compile(r"=SUM(IF)?\([A-Z$0-9:,\"a-z ]+\)")
# Every column of the payment files that holds a number the bot computes.
NUMBER_COLUMNS = {
    "run id",
    "entry id",
    "session id",
    "corrects entry",
    "minutes",
    "paid minutes",
    "rate per hour",
    "amount",
    "expense id",
    "expenses",
    "total",
}


async def _run_with_every_kind_of_row(
    bot: LeapBot, driver: Driver, world: StandardGuild
) -> tuple[Any, Any]:
    """Alice: a session's time (approved), a correction taking 30 minutes off it, and an
    approved travel expense; exported as the CSV pair, then as the workbook."""
    clock = cast(ManualClock, bot.clock)
    await voice(driver, driver.join_voice(world.member, world.panel_voice))
    await schedule(driver, world, prep=30)
    await start(driver, world)
    clock.advance(timedelta(minutes=60))
    await end(driver, world)
    session = await only_session(bot, world.guild.id)
    await hours.approve_session(
        bot.db,
        bot.clock,
        guild_id=world.guild.id,
        session_id=session.id,
        actor_id=world.coordinator.id,
    )
    async with bot.db.read() as conn:
        meeting = await conn.fetchval(
            "SELECT id FROM hours_entries WHERE session_id = ? AND activity = 'meeting'",
            (session.id,),
        )
    await answered(
        await driver.slash(
            world.coordinator,
            "hours add",
            member=world.member,
            minutes=-30,
            activity="meeting",
            note="Left early",
            corrects=meeting,
        )
    )
    await answered(
        await driver.slash(
            world.member, "expenses claim", kind="travel", amount="4.50", date="yesterday"
        )
    )
    async with bot.db.read() as conn:
        expense_id = int(await conn.fetchval("SELECT max(id) FROM expenses"))
    await costs.decide(
        bot.db,
        bot.clock,
        guild_id=world.guild.id,
        expense_id=expense_id,
        actor_id=world.coordinator.id,
        approve=True,
    )
    await bot.notifier.wait_idle()
    pair = await _export(driver, world, **PERIOD)
    book = await _export(driver, world, run=1, format="xlsx")
    return pair, book


async def test_every_number_column_of_the_csv_files_parses_as_a_number(
    bot: LeapBot, driver: Driver, world: StandardGuild
) -> None:
    pair, _ = await _run_with_every_kind_of_row(bot, driver, world)
    seen: set[str] = set()
    text: list[tuple[str, str, str]] = []
    for file in pair.files:
        for row in csv_rows(file.data):
            for name in NUMBER_COLUMNS & row.keys():
                if row[name] == "":  # a column the row has no use for (a fee's expense id)
                    continue
                seen.add(name)
                if not PLAIN_NUMBER.fullmatch(row[name]):
                    text.append((file.filename, name, row[name]))
    assert (sorted(seen), text) == (sorted(NUMBER_COLUMNS), [])


async def test_every_number_column_of_the_workbook_is_a_numeric_cell(
    bot: LeapBot, driver: Driver, world: StandardGuild
) -> None:
    _, book = await _run_with_every_kind_of_row(bot, driver, world)
    workbook = load_workbook(io.BytesIO(book.files[-1].data))
    seen: set[str] = set()
    text: list[tuple[str, str, Any]] = []
    for sheet in workbook.worksheets:
        header, *rows = list(sheet.iter_rows())
        names = [cell.value for cell in header]
        for row in rows:
            for name, cell in zip(names, row, strict=True):
                if name not in NUMBER_COLUMNS or cell.value is None:
                    continue
                if cell is row[0] and cell.value == "total":
                    continue  # the label of the detail sheet's totals row
                if cell.data_type == "f" and PROGRAM_SUM.fullmatch(cell.value):
                    continue  # a totals row the bot writes: a SUM over the numbers above
                seen.add(name)
                if cell.data_type != "n" or not isinstance(cell.value, int | float | Decimal):
                    text.append((sheet.title, name, cell.value))
    assert (sorted(seen), text) == (sorted(NUMBER_COLUMNS), [])


async def test_a_member_without_a_preference_is_held_back_and_named(
    bot: LeapBot, driver: Driver, world: StandardGuild
) -> None:
    await _approved(bot, world, world.member.id, 90)
    held = await _approved(bot, world, world.member2.id, 60)
    r = await _export(driver, world, **PERIOD)
    async with bot.db.read() as conn:
        entry = await ledger.get(conn, world.guild.id, held)
    assert entry is not None
    assert (
        "1 person has hours waiting because they have not said how they want to be paid: Bob."
        in r.content,
        [row["discord id"] for row in _fees(r.files[0].data)],
        entry.payment_run_id,
    ) == (True, [str(world.member.id)], None)


async def test_the_summary_file_lists_members_held_back(
    bot: LeapBot, driver: Driver, world: StandardGuild
) -> None:
    await _approved(bot, world, world.member.id, 90)
    await _approved(bot, world, world.member2.id, 60)
    r = await _export(driver, world, **PERIOD)
    held = [row for row in csv_rows(r.files[0].data) if row["row"] == "held back"]
    assert [(row["discord name"], row["amount"]) for row in held] == [("Bob", "")]


async def test_a_member_held_back_is_asked_for_a_preference_by_dm(
    bot: LeapBot, driver: Driver, world: StandardGuild
) -> None:
    await _approved(bot, world, world.member.id, 90)
    await _approved(bot, world, world.member2.id, 60)
    r = await _export(driver, world, **PERIOD)
    dm = await r.wait_dm(world.member2)
    assert ("/payment preference" in dm.content, "£12.00" in dm.content) == (True, True)


async def test_a_member_held_back_gets_only_one_dm_a_day(
    bot: LeapBot, driver: Driver, world: StandardGuild
) -> None:
    await _approved(bot, world, world.member.id, 90)
    await _approved(bot, world, world.member2.id, 60)
    first = await _export(driver, world, **PERIOD)
    await first.wait_dm(world.member2)
    await _approved(bot, world, world.member.id, 30)
    await _export(driver, world, **PERIOD)  # bob is held back again
    await bot.notifier.wait_idle()
    asked = [m for m in driver.fake.dms_to(world.member2) if "/payment preference" in m.content]
    assert len(asked) == 1


async def test_closed_dms_get_a_mention_in_the_payments_channel(
    bot: LeapBot, driver: Driver, world: StandardGuild
) -> None:
    await driver.slash(world.admin, "setup payments", channel=world.general)
    await _approved(bot, world, world.member.id, 90)
    await _approved(bot, world, world.closed_dms.id, 60)
    r = await _export(driver, world, **PERIOD)
    posted = await r.wait_message(world.general)
    assert (
        f"user:{world.closed_dms.id}" in posted.pings,
        "/payment preference" in posted.content,
        "£" in posted.content,
        f"I will mention them in <#{world.general.id}>" in r.content,
    ) == (True, True, False, True)


async def test_when_everyone_is_held_back_the_admin_still_hears_where_they_are_named(
    bot: LeapBot, driver: Driver, world: StandardGuild
) -> None:
    await driver.slash(world.admin, "setup payments", channel=world.general)
    await _approved(bot, world, world.closed_dms.id, 60)
    r = await _export(driver, world, **PERIOD)
    assert (r.files, f"I will mention them in <#{world.general.id}>" in r.content) == ([], True)


async def test_closed_dms_and_no_channel_tell_the_admin(
    bot: LeapBot, driver: Driver, world: StandardGuild
) -> None:
    await _approved(bot, world, world.member.id, 90)
    await _approved(bot, world, world.closed_dms.id, 60)
    r = await _export(driver, world, **PERIOD)
    await bot.notifier.wait_idle()
    assert ("Pick a channel for that with /setup payments" in r.content, r.channel_messages) == (
        True,
        [],
    )


async def test_only_members_held_back_make_no_run_but_are_asked(
    bot: LeapBot, driver: Driver, world: StandardGuild
) -> None:
    await _approved(bot, world, world.member2.id, 60)
    r = await _export(driver, world, **PERIOD)
    await r.wait_dm(world.member2)
    async with bot.db.read() as conn:
        runs = await conn.fetchval("SELECT count(*) FROM payment_runs")
    assert ("made no payment run" in r.content, "Bob" in r.content, r.files, runs) == (
        True,
        True,
        [],
        0,
    )


async def test_exporting_again_when_only_held_back_hours_are_left_names_the_earlier_run(
    bot: LeapBot, driver: Driver, world: StandardGuild
) -> None:
    # Alice is paid in run 1; Bob has not said how he wants to be paid, so his hours wait.
    await _approved(bot, world, world.member.id, 90)
    await _approved(bot, world, world.member2.id, 60)
    await _export(driver, world, **PERIOD)
    again = await _export(driver, world, **PERIOD)
    assert (
        "The other hours went in run 1 on" in again.content,
        "Use run: 1 to download it again." in again.content,
        "Bob" in again.content,
        again.files,
    ) == (True, True, True, [])


async def test_export_with_many_members_held_back_still_answers_and_counts_the_rest(
    bot: LeapBot, driver: Driver, world: StandardGuild, fake: Any
) -> None:
    # 50 members with approved time have not said how they want to be paid: naming them all
    # would go over Discord's 2,000 characters, and the admin got "something went wrong".
    for n in range(50):
        user = fake.add_user(f"a-panel-member-with-long-name-{n:02d}")
        fake.add_member(world.guild, user, [world.member_role])
        entry = await claimed(bot, world, user.id, 30)
        await hours.approve(
            bot.db, bot.clock, guild_id=world.guild.id, entry_id=entry.id, actor_id=world.admin.id
        )
    await bot.notifier.wait_idle()
    r = await _export(driver, world, **PERIOD)
    assert (
        "made no payment run" in r.content,
        " more. I will send each of them a message" in r.content,
        len(r.content) <= 2000,
    ) == (True, True, True)


async def test_export_with_no_dates_points_to_this_month_when_only_its_hours_wait(
    bot: LeapBot, driver: Driver, world: StandardGuild
) -> None:
    # With no dates the run covers last month; today's approved time is not in it.
    entry = await hours.claim(
        bot.db,
        bot.clock,
        guild_id=world.guild.id,
        member_id=world.member.id,
        activity="preparation",
        minutes=60,
        day="today",
    )
    await hours.approve(
        bot.db, bot.clock, guild_id=world.guild.id, entry_id=entry.id, actor_id=world.coordinator.id
    )
    r = await _export(driver, world)
    assert ("to pay it now, use from: this month." in r.content, r.files) == (True, [])


async def test_reopening_a_run_frees_its_entries_for_a_later_run(
    bot: LeapBot, driver: Driver, world: StandardGuild
) -> None:
    entry_id = await _approved(bot, world, world.member.id, 90)
    await _export(driver, world, **PERIOD)
    reopened = await _export(driver, world, run=1, reopen="Made with the wrong dates")
    again = await _export(driver, world, **PERIOD)
    assert (
        "run 1 is reopened" in reopened.content.lower(),
        [row["entry id"] for row in csv_rows(again.files[1].data)],
        again.files[0].filename,
    ) == (True, [str(entry_id)], "payment-run-2-summary.csv")


async def test_a_reopened_run_still_downloads_and_says_it_was_reopened(
    bot: LeapBot, driver: Driver, world: StandardGuild
) -> None:
    await _approved(bot, world, world.member.id, 90)
    first = await _export(driver, world, **PERIOD)
    await _export(driver, world, run=1, reopen="Made with the wrong dates")
    again = await _export(driver, world, run=1)
    assert (
        [f.data for f in again.files] == [f.data for f in first.files],
        "do not pay from these files" in again.content,
        "Made with the wrong dates" in again.content,
    ) == (True, True, True)


async def test_reopening_is_audited_with_the_reason(
    bot: LeapBot, driver: Driver, world: StandardGuild
) -> None:
    await _approved(bot, world, world.member.id, 90)
    await _export(driver, world, **PERIOD)
    await _export(driver, world, run=1, reopen="Made with the wrong dates")
    async with bot.db.read() as conn:
        [logged] = await audit.recent(conn, world.guild.id, action="hours.export.reopen")
    assert (logged.actor_id, logged.target, logged.detail["reason"]) == (
        world.admin.id,
        "run:1",
        "Made with the wrong dates",
    )


async def test_a_run_cannot_be_reopened_twice(
    bot: LeapBot, driver: Driver, world: StandardGuild
) -> None:
    await _approved(bot, world, world.member.id, 90)
    await _export(driver, world, **PERIOD)
    await _export(driver, world, run=1, reopen="Wrong dates")
    r = await _export(driver, world, run=1, reopen="Wrong dates")
    assert "already reopened" in r.content


@pytest.mark.parametrize(
    ("options", "says"),
    [({"run": 7, "reopen": "Oops"}, "cannot find payment run 7"), ({"reopen": "Oops"}, "run")],
)
async def test_reopening_a_missing_run_changes_nothing(
    bot: LeapBot, driver: Driver, world: StandardGuild, options: dict[str, Any], says: str
) -> None:
    entry_id = await _approved(bot, world, world.member.id, 90)
    await _export(driver, world, **PERIOD)
    r = await _export(driver, world, **options)
    async with bot.db.read() as conn:
        entry = await ledger.get(conn, world.guild.id, entry_id)
    assert entry is not None
    assert (r.ephemeral, says in r.content, entry.payment_run_id) == (True, True, 1)


async def test_downloading_a_missing_run_gets_a_plain_private_answer_and_changes_nothing(
    bot: LeapBot, driver: Driver, world: StandardGuild
) -> None:
    await _approved(bot, world, world.member.id, 90)
    await _export(driver, world, **PERIOD)
    waiting = await _approved(bot, world, world.member.id, 30)
    r = await _export(driver, world, run=7)
    async with bot.db.read() as conn:
        runs = await conn.fetchval("SELECT count(*) FROM payment_runs")
        entry = await ledger.get(conn, world.guild.id, waiting)
    assert entry is not None
    assert (r.ephemeral, r.content, r.files, runs, entry.payment_run_id) == (
        True,
        "I cannot find payment run 7 in this panel. Check the number and try again.",
        [],
        1,
        None,
    )


async def test_a_coordinator_cannot_reopen_a_run(
    bot: LeapBot, driver: Driver, world: StandardGuild
) -> None:
    await _approved(bot, world, world.member.id, 90)
    await _export(driver, world, **PERIOD)
    r = await driver.slash(world.coordinator, "hours export", run=1, reopen="Oops")
    async with bot.db.read() as conn:
        run = await payment_runs.get(conn, world.guild.id, 1)
    assert run is not None
    assert ("Admin role" in r.content, run.reopened_at) == (True, None)


async def test_the_workbook_has_totals_pounds_and_a_frozen_header(
    bot: LeapBot, driver: Driver, world: StandardGuild
) -> None:
    await _approved(bot, world, world.member.id, 90)
    r = await _export(driver, world, format="xlsx", **PERIOD)
    sheet = load_workbook(io.BytesIO(r.files[-1].data))["Summary"]
    header = [c.value for c in sheet[1]]
    kinds = [c.value for c in sheet["A"]]
    amount = sheet.cell(row=kinds.index("person total") + 1, column=header.index("amount") + 1)
    assert (sheet.freeze_panes, amount.value, amount.number_format) == (
        "A2",
        "=SUM(L2:L2)",
        '"£"#,##0.00',
    )


async def test_the_summary_csv_totals_add_up(
    bot: LeapBot, driver: Driver, world: StandardGuild
) -> None:
    await prefer(bot, world, world.member2.id, "Bob Jones")
    await _approved(bot, world, world.member.id, 90)
    await _approved(bot, world, world.member2.id, 20)
    r = await _export(driver, world, **PERIOD)
    rows = csv_rows(r.files[0].data)
    people = [Decimal(row["amount"]) for row in rows if row["row"] == "person total"]
    [grand] = [Decimal(row["amount"]) for row in rows if row["row"] == "grand total"]
    assert (people, grand) == ([Decimal("18.00"), Decimal("4.00")], Decimal("22.00"))


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


async def test_setup_payments_channel_is_shown(
    bot: LeapBot, driver: Driver, world: StandardGuild
) -> None:
    saved = await driver.slash(world.admin, "setup payments", channel=world.general)
    shown = await driver.slash(world.admin, "setup show")
    assert (f"<#{world.general.id}>" in saved.content, f"<#{world.general.id}>" in shown.text) == (
        True,
        True,
    )


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
        "Closed direct messages",
        "Reminders before sessions",
        "How meeting time is paid",
        "Short stays checked one by one",
        "Pay rates",
        "Payments",
        "Note for members on benefits",
        "Expenses",
        "Ground rules",
        "Help shown after /support",
        "Break notices",
        "Anonymous records kept for",
        "Plain words check for questions",
        "Reminders before polls close",
    ]


async def test_setup_has_every_feature_subcommand(bot: LeapBot, fake: Any) -> None:
    command = fake.synced_command("setup")
    names = sorted(option["name"] for option in command["options"])
    assert names == [
        "attendance",
        "expenses",
        "groundrules",
        "notices",
        "payments",
        "polls",
        "prompts",
        "rate",
        "reminders",
        "retention",
        "roles",
        "show",
        "staff",
        "support",
        "timezone",
    ]
