"""Payment runs: no double payment, identical re-downloads, safe cells, the file contents."""

from __future__ import annotations

import asyncio
import csv
import io
import re
from collections.abc import AsyncIterator
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from hours_support import (
    ADMIN,
    ALICE,
    BOB,
    COORD,
    GUILD,
    clock,
    end_session,
    make_session,
    set_rate,
)
from openpyxl import load_workbook

from bot.errors import Conflict, NotFound
from bot.services.hours import ledger as hours
from bot.services.hours import payment_runs as export
from bot.services.hours import payment_settings as payments
from storage import members
from storage.database import Database

START = date(2026, 1, 1)
END = date(2026, 3, 31)


CAROL = 300  # has not said how she wants to be paid


@pytest.fixture
async def db(tmp_path: Path) -> AsyncIterator[Database]:
    database = await Database.open(tmp_path / "t.sqlite3")
    await set_rate(database, "meeting", "12.50", from_date="2025-01-01")
    await set_rate(database, "preparation", "10.00", from_date="2025-01-01")
    for member, payee in ((ALICE, "Alice Smith"), (BOB, "Bob Jones")):
        await _prefer(database, member, "bank", payee)
    yield database
    await database.close()


async def _approved(db: Database, member: int, minutes: int, day: str = "2026-03-01") -> int:
    entry = await hours.claim(
        db,
        clock(),
        guild_id=GUILD,
        member_id=member,
        activity="preparation",
        minutes=minutes,
        day=day,
    )
    await hours.approve(db, clock(), guild_id=GUILD, entry_id=entry.id, actor_id=COORD)
    return entry.id


async def _store_payee(db: Database, member: int, payee: str) -> None:
    """A name the form would tidy, stored directly (as an older version might have kept it)."""
    async with db.transaction() as conn:
        await members.set_payment(
            conn,
            guild_id=GUILD,
            member_id=member,
            method="bank",
            payee_name=payee,
            receives_benefits=False,
            public_sector=False,
            now=clock().now(),
        )


async def _prefer(db: Database, member: int, method: str, payee: str | None, **flags: bool) -> None:
    await payments.set_preference(
        db,
        clock(),
        guild_id=GUILD,
        member_id=member,
        method=method,
        payee_name=payee,
        receives_benefits=flags.get("benefits", False),
        public_sector=flags.get("public", False),
    )


async def _run(db: Database, fmt: str = "csv") -> export.RunResult:
    return await export.create_run(
        db,
        clock(),
        guild_id=GUILD,
        actor_id=ADMIN,
        period_from=START,
        period_to=END,
        names={ALICE: "alice", BOB: "bob", CAROL: "carol"},
        fmt=fmt,
    )


def _table(content: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"), newline="")))


def _fees(result: export.RunResult) -> list[dict[str, str]]:
    """The summary's fee rows (not totals, not people held back)."""
    return [r for r in _table(result.files[0].content) if r["row"] == "fees"]


async def _ids_in_runs(db: Database) -> list[tuple[int, int | None]]:
    async with db.read() as conn:
        rows = await conn.fetchall("SELECT id, payment_run_id FROM hours_entries ORDER BY id")
    return [(r[0], r[1]) for r in rows]


async def test_a_run_lists_one_row_per_member_and_activity(db: Database) -> None:
    await _prefer(db, ALICE, "bank", "Alice Smith")
    first = await _approved(db, ALICE, 60)
    second = await _approved(db, ALICE, 30, day="2026-02-10")
    result = await _run(db)
    [row] = _fees(result)
    assert row == {
        "row": "fees",
        "run id": str(result.run.id),
        "period": "2026-01-01 to 2026-03-31",
        "payee name": "Alice Smith",
        "discord name": "alice",
        "discord id": str(ALICE),
        "payment method": "bank transfer",
        "activity": "preparation",
        "paid minutes": "90",
        "paid time": "1 h 30 min",
        "rate per hour": "10.00",
        "amount": "15.00",
        "expense kind": "",
        "expenses": "",
        "total": "15.00",
        "budget code": "",
        "flags": "",
        "entry ids": f"{first} {second}",
        "expense ids": "",
    }


async def test_the_detail_file_has_every_entry_id(db: Database) -> None:
    ids = [await _approved(db, ALICE, 60), await _approved(db, BOB, 45)]
    result = await _run(db)
    assert sorted(int(r["entry id"]) for r in _table(result.files[1].content)) == sorted(ids)


async def test_entries_are_marked_with_the_run(db: Database) -> None:
    entry_id = await _approved(db, ALICE, 60)
    result = await _run(db)
    assert await _ids_in_runs(db) == [(entry_id, result.run.id)]


async def test_a_second_run_never_pays_an_entry_again(db: Database) -> None:
    await _approved(db, ALICE, 60)
    await _run(db)
    with pytest.raises(Conflict):
        await _run(db)


async def test_a_second_run_holds_only_the_new_entries(db: Database) -> None:
    await _approved(db, ALICE, 60)
    await _run(db)
    later = await _approved(db, BOB, 30)
    second = await _run(db)
    assert [r["entry id"] for r in _table(second.files[1].content)] == [str(later)]


async def test_two_exports_at_once_pay_each_entry_exactly_once(db: Database) -> None:
    for member in (ALICE, BOB):
        await _approved(db, member, 60)
    outcomes = await asyncio.gather(_run(db), _run(db), return_exceptions=True)
    runs = [o for o in outcomes if isinstance(o, export.RunResult)]
    refused = [o for o in outcomes if isinstance(o, Conflict)]
    assert (len(runs), len(refused)) == (1, 1)
    assert {run_id for _id, run_id in await _ids_in_runs(db)} == {runs[0].run.id}


async def test_pending_rejected_and_out_of_period_entries_are_left_out(db: Database) -> None:
    paid = await _approved(db, ALICE, 60)
    await hours.claim(db, clock(), guild_id=GUILD, member_id=BOB, activity="review", minutes=30)
    no = await hours.claim(db, clock(), guild_id=GUILD, member_id=BOB, activity="other", minutes=9)
    await hours.reject(db, clock(), guild_id=GUILD, entry_id=no.id, actor_id=COORD, reason="No")
    await _approved(db, BOB, 45, day="2025-12-31")
    result = await _run(db)
    assert [r["entry id"] for r in _table(result.files[1].content)] == [str(paid)]


async def test_redownload_is_byte_for_byte_identical(db: Database) -> None:
    await _prefer(db, ALICE, "bank", "Alice Smith")
    await _approved(db, ALICE, 60)
    first = await _run(db, "xlsx")
    await _prefer(db, ALICE, "voucher", "Someone Else")
    again = await export.run_files(db, guild_id=GUILD, run_id=first.run.id, fmt="xlsx")
    assert [(f.name, f.content) for f in again.files] == [(f.name, f.content) for f in first.files]


async def test_a_workbook_asked_for_later_is_stored_and_repeats(db: Database) -> None:
    await _approved(db, ALICE, 60)
    result = await _run(db)
    one = await export.run_files(db, guild_id=GUILD, run_id=result.run.id, fmt="xlsx")
    two = await export.run_files(db, guild_id=GUILD, run_id=result.run.id, fmt="xlsx")
    assert one.files[-1].content == two.files[-1].content


async def test_an_unknown_run_is_not_found(db: Database) -> None:
    with pytest.raises(NotFound):
        await export.run_files(db, guild_id=GUILD, run_id=42)


async def test_a_run_of_another_panel_is_not_found(db: Database) -> None:
    await _approved(db, ALICE, 60)
    result = await _run(db)
    with pytest.raises(NotFound):
        await export.run_files(db, guild_id=GUILD + 1, run_id=result.run.id)


async def test_decliners_are_listed_with_amount_zero(db: Database) -> None:
    await _prefer(db, ALICE, "decline", None)
    await _approved(db, ALICE, 60)
    [row] = _fees(await _run(db))
    assert (row["paid minutes"], row["amount"], row["flags"]) == ("60", "0.00", "declines payment")


async def test_decliners_do_not_count_in_the_run_total(db: Database) -> None:
    await _prefer(db, ALICE, "decline", None)
    await _approved(db, ALICE, 60)
    await _approved(db, BOB, 60)
    assert (await _run(db)).run.total_pence == 1000


async def test_flags_for_benefits_and_public_sector(db: Database) -> None:
    await _prefer(db, ALICE, "voucher", "Alice", benefits=True, public=True)
    await _approved(db, ALICE, 60)
    [row] = _fees(await _run(db))
    assert row["flags"] == ("on benefits: check limits; public-sector employee: confirm own time")


async def test_members_with_no_preference_are_not_in_the_run(db: Database) -> None:
    await _approved(db, ALICE, 60)
    held = await _approved(db, CAROL, 90)
    result = await _run(db)
    assert (
        [r["discord id"] for r in _fees(result)],
        [r["entry id"] for r in _table(result.files[1].content)],
        result.run.total_pence,
    ) == ([str(ALICE)], [str(i) for i, _ in await _ids_in_runs(db) if i != held], 1000)


async def test_the_hours_of_members_with_no_preference_stay_unpaid(db: Database) -> None:
    await _approved(db, ALICE, 60)
    held = await _approved(db, CAROL, 90)
    await _run(db)
    assert dict(await _ids_in_runs(db))[held] is None


async def test_members_with_no_preference_are_named_in_the_summary_file(db: Database) -> None:
    await _approved(db, ALICE, 60)
    await _approved(db, CAROL, 90)
    rows = _table((await _run(db)).files[0].content)
    [held] = [r for r in rows if r["row"] == "held back"]
    assert (held["discord name"], held["paid minutes"], held["amount"], held["flags"]) == (
        "carol",
        "90",
        "",
        "held back: no payment preference yet (£15.00 waits)",
    )


async def test_the_result_lists_who_was_held_back(db: Database) -> None:
    await _approved(db, ALICE, 60)
    await _approved(db, CAROL, 90)
    result = await _run(db)
    assert [(h.member_id, h.name, h.reason, h.amount_pence) for h in result.held_back] == [
        (CAROL, "carol", "no_preference", 1500)
    ]


async def test_a_period_with_only_members_held_back_makes_no_run(db: Database) -> None:
    held = await _approved(db, CAROL, 90)
    with pytest.raises(export.NothingToPay) as refused:
        await _run(db)
    async with db.read() as conn:
        runs = await conn.fetchval("SELECT count(*) FROM payment_runs")
    assert ([h.member_id for h in refused.value.held_back], runs, await _ids_in_runs(db)) == (
        [CAROL],
        0,
        [(held, None)],
    )


async def test_hours_held_back_are_paid_once_a_preference_is_given(db: Database) -> None:
    await _approved(db, ALICE, 60)
    held = await _approved(db, CAROL, 90)
    await _run(db)
    await _prefer(db, CAROL, "voucher", "Carol King")
    second = await _run(db)
    assert [r["entry id"] for r in _table(second.files[1].content)] == [str(held)]


async def test_the_budget_code_is_on_every_row(db: Database) -> None:
    await payments.set_payments(db, clock(), guild_id=GUILD, actor_id=ADMIN, budget_code="R-123")
    await _approved(db, ALICE, 60)
    await _approved(db, BOB, 60)
    rows = _table((await _run(db)).files[0].content)
    assert ({r["budget code"] for r in rows}, len(rows)) == ({"R-123"}, 5)


async def test_hours_held_back_by_the_cap_are_flagged(db: Database) -> None:
    await payments.set_payments(db, clock(), guild_id=GUILD, actor_id=ADMIN, daily_cap_hours="1")
    await _approved(db, ALICE, 90)
    [row] = _fees(await _run(db))
    assert (row["paid minutes"], row["amount"], row["flags"]) == (
        "60",
        "10.00",
        "daily cap: 30 min not paid",
    )


async def test_a_rate_change_in_the_period_gives_one_row_per_rate(db: Database) -> None:
    await set_rate(db, "preparation", "11.00", from_date="2026-02-01")
    await _approved(db, ALICE, 60, day="2026-01-15")
    await _approved(db, ALICE, 60, day="2026-02-15")
    rows = _fees(await _run(db))
    assert [(r["rate per hour"], r["amount"]) for r in rows] == [
        ("10.00", "10.00"),
        ("11.00", "11.00"),
    ]


TEXT_COLUMNS = {"payee name", "discord name", "budget code"}


@pytest.mark.parametrize("payee", ['=HYPERLINK("http://x")', "+1", "-2", "@SUM(A1)", "\tx", "\rx"])
async def test_no_csv_text_cell_starts_a_formula(db: Database, payee: str) -> None:
    await _prefer(db, ALICE, "bank", "ok")
    await _store_payee(db, ALICE, payee)
    await _approved(db, ALICE, 60)
    result = await _run(db)
    for file in result.files:
        for row in _table(file.content):
            texts = [value for name, value in row.items() if name in TEXT_COLUMNS]
            assert not any(value.startswith(export.DANGEROUS_START) for value in texts)


async def test_a_typed_formula_is_a_text_cell_in_the_workbook(db: Database) -> None:
    await _prefer(db, ALICE, "bank", "=1+1")
    await _approved(db, ALICE, 60)
    book = load_workbook(io.BytesIO((await _run(db, "xlsx")).files[-1].content))
    cells = [c for s in book.worksheets for r in s.iter_rows() for c in r if c.value == "=1+1"]
    # fee row and person total on the summary, and the detail row
    assert [(c.data_type, c.quotePrefix) for c in cells] == [("s", True)] * 3


async def test_no_workbook_cell_is_a_formula_from_typed_text(db: Database) -> None:
    await _prefer(db, ALICE, "bank", "@SUM(A1)")
    await _approved(db, ALICE, 60)
    book = load_workbook(io.BytesIO((await _run(db, "xlsx")).files[-1].content))
    cells = [c for s in book.worksheets for r in s.iter_rows() for c in r]
    typed = [c for c in cells if c.value == "@SUM(A1)"]
    formulas = [c.value for c in cells if c.data_type == "f"]
    assert [(c.data_type, c.quotePrefix) for c in typed] == [("s", True)] * 3
    assert all(PROGRAM_FORMULA.fullmatch(f) for f in formulas)


PROGRAM_FORMULA = re.compile(
    r"=SUM\([A-Z]+[0-9]+:[A-Z]+[0-9]+\)"
    r'|=SUMIF\(A\$2:A\$[0-9]+,"person total",[A-Z]+\$2:[A-Z]+\$[0-9]+\)'
)


async def test_workbook_amounts_are_numbers(db: Database) -> None:
    await _approved(db, ALICE, 90)
    book = load_workbook(io.BytesIO((await _run(db, "xlsx")).files[-1].content))
    header = [c.value for c in book["Summary"][1]]
    values = [c.value for c in book["Summary"][2]]
    assert values[header.index("amount")] == 15


async def _take_off(db: Database, entry_id: int, minutes: int) -> None:
    await hours.add_adjustment(
        db,
        clock(),
        guild_id=GUILD,
        actor_id=COORD,
        member_id=ALICE,
        minutes=-minutes,
        activity="preparation",
        note="Left early",
        corrects_entry_id=entry_id,
    )


async def test_a_negative_correction_nets_off_in_the_next_run(db: Database) -> None:
    original = await _approved(db, ALICE, 60)
    await _run(db)
    await _take_off(db, original, 30)
    await _approved(db, ALICE, 60, day="2026-03-02")
    [row] = _fees(await _run(db))
    assert row["amount"] == "5.00"


async def test_a_correction_larger_than_the_new_pay_waits_for_later_pay(db: Database) -> None:
    original = await _approved(db, ALICE, 60)
    await _run(db)
    await _take_off(db, original, 45)
    later = await _approved(db, ALICE, 15, day="2026-03-02")
    await _approved(db, BOB, 60)
    result = await _run(db)
    ids = dict(await _ids_in_runs(db))
    assert (
        [h.reason for h in result.held_back],
        [r["discord id"] for r in _fees(result)],
        ids[later],
    ) == (["owes"], [str(BOB)], None)


async def _run_with_a_correction(db: Database, fmt: str = "csv") -> export.RunResult:
    """Alice: 60 minutes approved, then 45 taken off, both in one run (£10.00 - £7.50)."""
    await _prefer(db, ALICE, "bank", "Alice Smith")
    original = await _approved(db, ALICE, 60)
    await hours.add_adjustment(
        db,
        clock(),
        guild_id=GUILD,
        actor_id=COORD,
        member_id=ALICE,
        minutes=-45,
        activity="preparation",
        note="Left early",
        corrects_entry_id=original,
    )
    return await _run(db, fmt)


async def test_a_correction_s_detail_amounts_add_up_to_the_summary_in_the_csv(
    db: Database,
) -> None:
    result = await _run_with_a_correction(db)
    [summary] = _fees(result)
    detail = _table(result.files[1].content)
    assert (
        sum(Decimal(r["amount"]) for r in detail),
        sum(int(r["minutes"]) for r in detail),
        Decimal(summary["amount"]),
    ) == (Decimal("2.50"), 15, Decimal("2.50"))


async def test_every_number_in_the_csv_files_parses_as_a_number(db: Database) -> None:
    result = await _run_with_a_correction(db)
    numbers = {"rate per hour", "amount", "minutes", "paid minutes", "entry id", "run id"}
    for file in result.files:
        for row in _table(file.content):
            for name in numbers & row.keys():
                if row[name] or name not in {"rate per hour", "amount"}:
                    Decimal(row[name])  # raises on '-5.00 or any other text


async def test_a_correction_s_workbook_amounts_are_numbers_that_add_up(db: Database) -> None:
    result = await _run_with_a_correction(db, "xlsx")
    book = load_workbook(io.BytesIO(result.files[-1].content))
    detail = list(book["Detail"].iter_rows(values_only=True))
    column = detail[0].index("amount")
    amounts = [row[column] for row in detail[1:-1]]  # the last row holds the totals
    summary = list(book["Summary"].iter_rows(values_only=True))
    total = summary[1][summary[0].index("amount")]
    assert (amounts, total) == ([10, -7.5], 2.5)


async def test_attendance_entries_flow_into_the_export(db: Database) -> None:
    session_id = await make_session(db)
    await end_session(db, session_id, {ALICE: 90, BOB: 90})
    await hours.approve_session(db, clock(), guild_id=GUILD, session_id=session_id, actor_id=COORD)
    rows = _table((await _run(db)).files[1].content)
    assert [(r["discord id"], r["source"], r["session id"], r["amount"]) for r in rows] == [
        (str(ALICE), "attendance", str(session_id), "18.75"),
        (str(BOB), "attendance", str(session_id), "18.75"),
    ]


async def test_the_export_is_audited(db: Database) -> None:
    from storage import audit

    await _approved(db, ALICE, 60)
    result = await _run(db)
    async with db.read() as conn:
        [logged] = await audit.recent(conn, GUILD, action="hours.export")
    assert (logged.target, logged.detail["entries"]) == (f"run:{result.run.id}", 1)


async def test_a_control_character_in_a_name_still_gives_a_workbook(db: Database) -> None:
    await _prefer(db, ALICE, "bank", "ok")
    await _store_payee(db, ALICE, "Alice\x01Smith")
    await _approved(db, ALICE, 60)
    book = load_workbook(io.BytesIO((await _run(db, "xlsx")).files[-1].content))
    assert book["Summary"]["D2"].value == "AliceSmith"
