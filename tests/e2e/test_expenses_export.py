"""Expenses in payment runs end to end: their own rows and columns (never mixed with fees),
totals that add up (read with the csv module and openpyxl), the receipts in a ZIP file named
as in the detail file, marked paid with the run and never paid twice."""

from __future__ import annotations

import io
import zipfile
from decimal import Decimal
from typing import Any

import pytest
from fakediscord import Driver, Upload
from fakediscord.standard import StandardGuild
from helpers_hours import claimed, csv_rows, hours_bot, prefer
from openpyxl import load_workbook

from bot.app import LeapBot
from bot.services.hours import expenses as costs
from bot.services.hours import ledger as hours
from storage import expenses as repo

PERIOD = {"from": "2025-01-01", "to": "today"}
PDF = b"%PDF-1.4\n% a train ticket\n%%EOF\n"
JPEG = b"\xff\xd8\xff\xe0" + b"\x10" * 100


@pytest.fixture
async def bot(leap_settings: Any, start_bot: Any, world: StandardGuild) -> LeapBot:
    """Alice (member) and Bob (member2) have said how they want to be paid."""
    started = await hours_bot(leap_settings, start_bot, world)
    await prefer(started, world, world.member.id, "Alice Smith")
    await prefer(started, world, world.member2.id, "Bob Jones")
    return started


async def expense(
    driver: Driver,
    bot: LeapBot,
    world: StandardGuild,
    user: Any,
    amount: str,
    kind: str = "travel",
    receipt: Upload | None = None,
    approve: bool = True,
) -> int:
    """A member claims an expense with /expenses claim; a coordinator approves it."""
    options: dict[str, Any] = {"kind": kind, "amount": amount, "date": "yesterday"}
    if receipt is not None:
        options["receipt"] = receipt
    r = await driver.slash(user, "expenses claim", **options)
    if r.deferred:
        await r.wait_response()
    async with bot.db.read() as conn:
        expense_id = int(await conn.fetchval("SELECT max(id) FROM expenses"))
    if approve:
        await costs.decide(
            bot.db,
            bot.clock,
            guild_id=world.guild.id,
            expense_id=expense_id,
            actor_id=world.coordinator.id,
            approve=True,
        )
    return expense_id


async def fee(bot: LeapBot, world: StandardGuild, user_id: int, minutes: int) -> int:
    entry = await claimed(bot, world, user_id, minutes)
    await hours.approve(
        bot.db, bot.clock, guild_id=world.guild.id, entry_id=entry.id, actor_id=world.coordinator.id
    )
    return entry.id


async def export(driver: Driver, world: StandardGuild, **options: Any) -> Any:
    r = await driver.slash(world.admin, "hours export", **options)
    await r.wait_response()
    return r


def pence(cell: str) -> int:
    return int(Decimal(cell) * 100) if cell else 0


async def a_run(driver: Driver, bot: LeapBot, world: StandardGuild) -> Any:
    """Alice: 90 min of fees (£18.00), a £4.50 fare with a PDF and £12.00 of printing with a
    photo; Bob: only a £7.25 data cost without a receipt."""
    await fee(bot, world, world.member.id, 90)
    await expense(
        driver,
        bot,
        world,
        world.member,
        "4.50",
        receipt=Upload("ticket.pdf", PDF, "application/pdf"),
    )
    await expense(
        driver,
        bot,
        world,
        world.member,
        "12",
        kind="printing",
        receipt=Upload("print shop.jpg", JPEG, "image/jpeg"),
    )
    await expense(driver, bot, world, world.member2, "7.25", kind="data")
    return await export(driver, world, **PERIOD)


async def test_the_summary_has_expense_rows_and_columns_apart_from_fees(
    bot: LeapBot, driver: Driver, world: StandardGuild
) -> None:
    r = await a_run(driver, bot, world)
    rows = csv_rows(r.files[0].data)
    assert [
        (x["row"], x["expense kind"], x["amount"], x["expenses"], x["total"]) for x in rows
    ] == [
        ("fees", "", "18.00", "", "18.00"),
        ("expenses", "travel fares", "", "4.50", "4.50"),
        ("expenses", "printing", "", "12.00", "12.00"),
        ("person total", "", "18.00", "16.50", "34.50"),
        ("expenses", "data or phone costs", "", "7.25", "7.25"),
        ("person total", "", "0.00", "7.25", "7.25"),
        ("grand total", "", "18.00", "23.75", "41.75"),
    ]


async def test_summary_totals_add_up_in_pence(
    bot: LeapBot, driver: Driver, world: StandardGuild
) -> None:
    r = await a_run(driver, bot, world)
    rows = csv_rows(r.files[0].data)
    people = [x for x in rows if x["row"] == "person total"]
    [grand] = [x for x in rows if x["row"] == "grand total"]
    for person in people:
        own = [x for x in rows if x["discord id"] == person["discord id"] and x is not person]
        own = [x for x in own if x["row"] in ("fees", "expenses")]
        assert pence(person["amount"]) == sum(pence(x["amount"]) for x in own)
        assert pence(person["expenses"]) == sum(pence(x["expenses"]) for x in own)
        assert pence(person["total"]) == pence(person["amount"]) + pence(person["expenses"])
    assert (
        pence(grand["amount"]),
        pence(grand["expenses"]),
        pence(grand["total"]),
    ) == (
        sum(pence(p["amount"]) for p in people),
        sum(pence(p["expenses"]) for p in people),
        sum(pence(p["total"]) for p in people),
    )


async def test_the_detail_file_has_expense_rows_with_kind_amount_and_receipt(
    bot: LeapBot, driver: Driver, world: StandardGuild
) -> None:
    r = await a_run(driver, bot, world)
    rows = [x for x in csv_rows(r.files[1].data) if x["source"] == "expense"]
    assert [
        (
            x["discord id"],
            x["expense id"],
            x["expense kind"],
            x["amount"],
            x["expenses"],
            x["receipt"],
        )
        for x in rows
    ] == [
        (str(world.member.id), "1", "travel fares", "", "4.50", "expense-1-ticket.pdf"),
        (str(world.member.id), "2", "printing", "", "12.00", "expense-2-print-shop.jpg"),
        (str(world.member2.id), "3", "data or phone costs", "", "7.25", ""),
    ]


async def test_hours_rows_in_the_detail_file_leave_the_expense_columns_empty(
    bot: LeapBot, driver: Driver, world: StandardGuild
) -> None:
    r = await a_run(driver, bot, world)
    [row] = [x for x in csv_rows(r.files[1].data) if x["source"] != "expense"]
    assert (row["amount"], row["expense id"], row["expenses"], row["receipt"]) == (
        "18.00",
        "",
        "",
        "",
    )


async def test_detail_rows_add_up_to_each_person_s_summary_total(
    bot: LeapBot, driver: Driver, world: StandardGuild
) -> None:
    r = await a_run(driver, bot, world)
    detail = csv_rows(r.files[1].data)
    people = [x for x in csv_rows(r.files[0].data) if x["row"] == "person total"]
    found = {
        p["discord id"]: (
            sum(pence(x["amount"]) for x in detail if x["discord id"] == p["discord id"]),
            sum(pence(x["expenses"]) for x in detail if x["discord id"] == p["discord id"]),
        )
        for p in people
    }
    assert found == {p["discord id"]: (pence(p["amount"]), pence(p["expenses"])) for p in people}


async def test_the_reply_says_fees_and_expenses_apart(
    bot: LeapBot, driver: Driver, world: StandardGuild
) -> None:
    r = await a_run(driver, bot, world)
    assert (
        "£18.00 in all" in r.content,
        "3 expenses at cost: £23.75" in r.content,
        "Together that is £41.75" in r.content,
    ) == (True, True, True)


async def test_the_receipts_come_in_a_zip_named_as_in_the_detail_file(
    bot: LeapBot, driver: Driver, world: StandardGuild
) -> None:
    r = await a_run(driver, bot, world)
    note = await r.wait_followup(count=2)
    [zipped] = note.attachments
    archive = zipfile.ZipFile(io.BytesIO(zipped.data))
    detail = {x["receipt"] for x in csv_rows(r.files[1].data) if x["receipt"]}
    assert (
        zipped.filename,
        sorted(archive.namelist()),
        sorted(detail),
        archive.read("expense-1-ticket.pdf"),
        archive.read("expense-2-print-shop.jpg"),
    ) == (
        "payment-run-1-receipts.zip",
        ["expense-1-ticket.pdf", "expense-2-print-shop.jpg"],
        ["expense-1-ticket.pdf", "expense-2-print-shop.jpg"],
        PDF,
        JPEG,
    )


async def test_expenses_are_marked_paid_and_never_paid_twice(
    bot: LeapBot, driver: Driver, world: StandardGuild
) -> None:
    await a_run(driver, bot, world)
    again = await export(driver, world, **PERIOD)
    async with bot.db.read() as conn:
        runs = [r[0] for r in await conn.fetchall("SELECT payment_run_id FROM expenses")]
    assert (runs, again.files, "nothing new to pay" in again.text) == ([1, 1, 1], [], True)


async def test_a_later_expense_goes_in_the_next_run_only(
    bot: LeapBot, driver: Driver, world: StandardGuild
) -> None:
    await a_run(driver, bot, world)
    await expense(driver, bot, world, world.member2, "3.10")
    r = await export(driver, world, **PERIOD)
    rows = [x for x in csv_rows(r.files[1].data) if x["source"] == "expense"]
    assert [(x["run id"], x["expense id"], x["expenses"]) for x in rows] == [("2", "4", "3.10")]


async def test_pending_and_rejected_expenses_are_not_paid(
    bot: LeapBot, driver: Driver, world: StandardGuild
) -> None:
    await fee(bot, world, world.member.id, 60)
    await expense(driver, bot, world, world.member, "5", approve=False)
    rejected = await expense(driver, bot, world, world.member2, "6", approve=False)
    await costs.decide(
        bot.db,
        bot.clock,
        guild_id=world.guild.id,
        expense_id=rejected,
        actor_id=world.coordinator.id,
        approve=False,
        reason="Not for the panel",
    )
    r = await export(driver, world, **PERIOD)
    assert [x for x in csv_rows(r.files[1].data) if x["source"] == "expense"] == []


async def test_a_run_of_only_expenses_is_made(
    bot: LeapBot, driver: Driver, world: StandardGuild
) -> None:
    await expense(driver, bot, world, world.member2, "7.25", kind="data")
    r = await export(driver, world, **PERIOD)
    [grand] = [x for x in csv_rows(r.files[0].data) if x["row"] == "grand total"]
    assert (grand["amount"], grand["expenses"], grand["total"]) == ("0.00", "7.25", "7.25")


async def test_the_reply_to_a_run_of_only_expenses_speaks_of_costs_not_entries(
    bot: LeapBot, driver: Driver, world: StandardGuild
) -> None:
    await expense(driver, bot, world, world.member2, "7.25", kind="data")
    r = await export(driver, world, **PERIOD)
    assert ("0 entries" in r.content, "1 expense for 1 person, £7.25 in all" in r.content) == (
        False,
        True,
    )


async def test_expenses_of_someone_without_a_preference_wait(
    bot: LeapBot, driver: Driver, world: StandardGuild
) -> None:
    await fee(bot, world, world.member.id, 60)
    # The coordinator has no payment preference; another coordinator approves their claim.
    await expense(driver, bot, world, world.coordinator, "9.99", approve=False)
    await costs.decide(
        bot.db,
        bot.clock,
        guild_id=world.guild.id,
        expense_id=1,
        actor_id=world.admin.id,
        approve=True,
    )
    r = await export(driver, world, **PERIOD)
    held = [x for x in csv_rows(r.files[0].data) if x["row"] == "held back"]
    async with bot.db.read() as conn:
        found = await repo.get(conn, world.guild.id, 1)
    assert found is not None
    assert (
        [x["discord id"] for x in held],
        "expenses of £9.99 wait" in held[0]["flags"],
        held[0]["expenses"],
        found.payment_run_id,
    ) == ([str(world.coordinator.id)], True, "", None)


async def test_expenses_of_someone_who_chose_no_payment_wait_and_are_named(
    bot: LeapBot, driver: Driver, world: StandardGuild
) -> None:
    await prefer(bot, world, world.member2.id, "", method="decline")
    await fee(bot, world, world.member.id, 60)
    await expense(driver, bot, world, world.member2, "8")
    r = await export(driver, world, **PERIOD)
    held = [x for x in csv_rows(r.files[0].data) if x["row"] == "held back"]
    async with bot.db.read() as conn:
        found = await repo.get(conn, world.guild.id, 1)
    assert found is not None
    assert (
        [x["discord id"] for x in held],
        "chose no payment" in held[0]["flags"],
        "chose no payment, so their expenses wait" in r.content,
        found.payment_run_id,
    ) == ([str(world.member2.id)], True, True, None)


async def test_reopening_a_run_frees_its_expenses_for_the_next_run(
    bot: LeapBot, driver: Driver, world: StandardGuild
) -> None:
    await a_run(driver, bot, world)
    reopened = await export(driver, world, run=1, reopen="Wrong month")
    r = await export(driver, world, **PERIOD)
    rows = [x for x in csv_rows(r.files[1].data) if x["source"] == "expense"]
    assert (
        "Its 3 expenses are not paid now either" in reopened.content,
        [(x["run id"], x["expense id"]) for x in rows],
    ) == (True, [("2", "1"), ("2", "2"), ("2", "3")])


async def test_reopening_a_run_of_one_entry_and_one_expense_speaks_in_the_singular(
    bot: LeapBot, driver: Driver, world: StandardGuild
) -> None:
    await fee(bot, world, world.member.id, 60)
    await expense(driver, bot, world, world.member, "4.50")
    await export(driver, world, **PERIOD)
    reopened = await export(driver, world, run=1, reopen="Wrong month")
    assert (
        "Its 1 entry is approved but not paid now, so a later run will pay it." in reopened.content,
        "Its 1 expense is not paid now either, so a later run will pay it." in reopened.content,
    ) == (True, True)


async def test_reopening_a_run_of_costs_only_speaks_of_its_costs_alone(
    bot: LeapBot, driver: Driver, world: StandardGuild
) -> None:
    await expense(driver, bot, world, world.member, "4.50")
    await export(driver, world, **PERIOD)
    reopened = await export(driver, world, run=1, reopen="Wrong month")
    assert (
        "Its 1 expense is not paid now, so a later run will pay it. Its files are kept"
        in reopened.content,
        "0 entries" in reopened.content,
    ) == (True, False)


async def test_an_earlier_run_downloads_again_with_its_receipts(
    bot: LeapBot, driver: Driver, world: StandardGuild
) -> None:
    first = await a_run(driver, bot, world)
    first_zip = (await first.wait_followup(count=2)).attachments[0].data
    r = await export(driver, world, run=1)
    again = await r.wait_followup(count=2)
    [zipped] = again.attachments
    assert ([f.data for f in r.files[:2]], zipped.data) == (
        [first.files[0].data, first.files[1].data],
        first_zip,
    )


async def test_the_workbook_keeps_expenses_as_numbers_with_totals(
    bot: LeapBot, driver: Driver, world: StandardGuild
) -> None:
    await a_run(driver, bot, world)
    r = await export(driver, world, run=1, format="xlsx")
    [book_file] = [f for f in r.files if f.filename.endswith(".xlsx")]
    book = load_workbook(io.BytesIO(book_file.data))
    summary = book["Summary"]
    header = [c.value for c in summary[1]]
    rows = [[c.value for c in row] for row in summary.iter_rows(min_row=2)]
    kind_at, expenses_at = header.index("row"), header.index("expenses")
    expense_cells = [row[expenses_at] for row in rows if row[kind_at] == "expenses"]
    detail = book["Detail"]
    d_header = [c.value for c in detail[1]]
    d_rows = [[c.value for c in row] for row in detail.iter_rows(min_row=2)]
    d_expenses = [row[d_header.index("expenses")] for row in d_rows[:-1]]
    total_row = d_rows[-1]
    assert (
        expense_cells,
        [x for x in d_expenses if x is not None],
        total_row[0],
        total_row[d_header.index("expenses")],
        summary.cell(
            row=[row[kind_at] for row in rows].index("expenses") + 2, column=expenses_at + 1
        ).number_format,
    ) == (
        [Decimal("4.50"), 12, Decimal("7.25")],
        [Decimal("4.50"), 12, Decimal("7.25")],
        "total",
        f"=SUM({detail.cell(row=1, column=d_header.index('expenses') + 1).column_letter}2:"
        f"{detail.cell(row=1, column=d_header.index('expenses') + 1).column_letter}{len(d_rows)})",
        '"£"#,##0.00',
    )


async def test_receipts_too_big_for_one_message_come_in_several_zips(
    bot: LeapBot, driver: Driver, world: StandardGuild
) -> None:
    made = {}
    for number in range(3):  # 3 receipts of 4 MB: 12 MB, over Discord's 10 MiB a message
        content = b"%PDF-1.4\n" + bytes([number]) * (4 * 1024 * 1024)
        name = f"scan{number}.pdf"
        expense_id = await expense(
            driver, bot, world, world.member, "5", receipt=Upload(name, content, "application/pdf")
        )
        made[f"expense-{expense_id}-{name}"] = content
    r = await export(driver, world, **PERIOD)
    await r.wait_followup(count=3)
    zips = [a for m in r.followups for a in m.attachments if a.filename.endswith(".zip")]
    found = {}
    for part in zips:
        archive = zipfile.ZipFile(io.BytesIO(part.data))
        found.update({name: archive.read(name) for name in archive.namelist()})
    assert (
        [z.filename for z in zips],
        all(len(z.data) <= 10 * 1024 * 1024 for z in zips),
        found == made,
        "did not take" in r.text,
    ) == (
        ["payment-run-1-receipts-1-of-2.zip", "payment-run-1-receipts-2-of-2.zip"],
        True,
        True,
        False,
    )


async def test_an_expense_from_before_the_period_is_pointed_out(
    bot: LeapBot, driver: Driver, world: StandardGuild
) -> None:
    entry = await hours.claim(
        bot.db,
        bot.clock,
        guild_id=world.guild.id,
        member_id=world.member.id,
        activity="preparation",
        minutes=60,
    )  # today
    await hours.approve(
        bot.db, bot.clock, guild_id=world.guild.id, entry_id=entry.id, actor_id=world.coordinator.id
    )
    await expense(driver, bot, world, world.member, "5")  # paid yesterday
    r = await export(driver, world, **{"from": "today", "to": "today"})
    assert ("approved expenses paid before" in r.content, "(1 expense)" in r.content) == (
        True,
        True,
    )
