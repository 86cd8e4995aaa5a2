"""Payment files a finance officer can trust: totals that add up, in the CSV files (read with
the csv module) and in the workbook (read with openpyxl, its SUM formulas worked out here the
way a spreadsheet would)."""

from __future__ import annotations

import asyncio
import csv
import io
import re
import tempfile
from collections import defaultdict
from collections.abc import AsyncIterator
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hours_support import ADMIN, ALICE, BOB, COORD, GUILD, clock, set_rate
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from bot.services.hours import expenses as expense_rules
from bot.services.hours import ledger as hours
from bot.services.hours import payment_runs as export
from bot.services.hours import payment_settings as payments
from storage.database import Database

START = date(2026, 1, 1)
END = date(2026, 3, 31)
CAROL = 300
MONEY = '"£"#,##0.00'


@pytest.fixture
async def db(tmp_path: Path) -> AsyncIterator[Database]:
    database = await Database.open(tmp_path / "t.sqlite3")
    await _prepare(database)
    yield database
    await database.close()


async def _prepare(db: Database) -> None:
    await set_rate(db, "meeting", "12.50", from_date="2025-01-01")
    await set_rate(db, "preparation", "10.00", from_date="2025-01-01")
    await set_rate(db, "review", "13.37", from_date="2025-01-01")
    for member, payee in ((ALICE, "Alice Smith"), (BOB, "Bob Jones"), (CAROL, "Carol King")):
        await payments.set_preference(
            db,
            clock(),
            guild_id=GUILD,
            member_id=member,
            method="bank",
            payee_name=payee,
            receives_benefits=False,
            public_sector=False,
        )


async def _approved(
    db: Database, member: int, minutes: int, activity: str = "preparation", day: str = "2026-03-01"
) -> int:
    entry = await hours.claim(
        db,
        clock(),
        guild_id=GUILD,
        member_id=member,
        activity=activity,
        minutes=minutes,
        day=day,
    )
    await hours.approve(db, clock(), guild_id=GUILD, entry_id=entry.id, actor_id=COORD)
    return entry.id


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


def _pence(text: str) -> int:
    return int(Decimal(text) * 100)


# --- a spreadsheet's view of the workbook -----------------------------------------------

_SUM = re.compile(r"=SUM\(([A-Z]+)([0-9]+):([A-Z]+)([0-9]+)\)")
_SUMIF = re.compile(r'=SUMIF\(([A-Z]+)\$2:[A-Z]+\$([0-9]+),"([^"]+)",([A-Z]+)\$2:[A-Z]+\$[0-9]+\)')


def _value(sheet: Worksheet, ref: str) -> Any:
    """A cell's value as a spreadsheet shows it: SUM and SUMIF formulas worked out."""
    value = sheet[ref].value
    if not isinstance(value, str) or not value.startswith("="):
        return value
    if found := _SUM.fullmatch(value):
        column, first, _, last = found.groups()
        return sum(
            Decimal(str(_value(sheet, f"{column}{n}") or 0))
            for n in range(int(first), int(last) + 1)
        )
    if found := _SUMIF.fullmatch(value):
        test_column, last, wanted, column = found.groups()
        return sum(
            Decimal(str(_value(sheet, f"{column}{n}") or 0))
            for n in range(2, int(last) + 1)
            if sheet[f"{test_column}{n}"].value == wanted
        )
    raise AssertionError(f"Not a formula the bot writes: {value}")


def _columns(sheet: Worksheet) -> dict[str, str]:
    return {cell.value: cell.column_letter for cell in sheet[1]}


def _rows_of(sheet: Worksheet, kind: str) -> list[int]:
    letter = _columns(sheet)["row"]
    return [cell.row for cell in sheet[letter] if cell.value == kind]


async def _book(db: Database) -> Any:
    return load_workbook(io.BytesIO((await _run(db, "xlsx")).files[-1].content))


# --- the summary's totals -----------------------------------------------------------------


async def test_each_person_has_a_total_over_all_activities(db: Database) -> None:
    await _approved(db, ALICE, 60)
    await _approved(db, ALICE, 90, activity="meeting")
    await _approved(db, BOB, 30)
    rows = _table((await _run(db)).files[0].content)
    totals = [(r["discord name"], r["paid minutes"], r["amount"]) for r in rows]
    assert [r["row"] for r in rows] == [
        "fees",
        "fees",
        "person total",
        "fees",
        "person total",
        "grand total",
    ]
    assert (totals[2], totals[4], totals[5]) == (
        ("alice", "150", "28.75"),
        ("bob", "30", "5.00"),
        ("", "180", "33.75"),
    )


async def test_time_is_shown_in_hours_and_minutes(db: Database) -> None:
    await _approved(db, ALICE, 7)
    await _approved(db, BOB, 90)
    rows = _table((await _run(db)).files[0].content)
    assert [(r["row"], r["paid time"]) for r in rows] == [
        ("fees", "7 min"),
        ("person total", "7 min"),
        ("fees", "1 h 30 min"),
        ("person total", "1 h 30 min"),
        ("grand total", "1 h 37 min"),
    ]


async def test_one_entry_s_minutes_times_rate_give_the_amount_shown(db: Database) -> None:
    await _approved(db, ALICE, 20, activity="review")  # 20 min at £13.37: £4.456...
    [row] = [r for r in _table((await _run(db)).files[0].content) if r["row"] == "fees"]
    exact = Decimal(row["paid minutes"]) * Decimal(row["rate per hour"]) / 60
    assert (exact.quantize(Decimal("0.01")), Decimal(row["amount"])) == (
        Decimal("4.46"),
        Decimal("4.46"),
    )


# --- the workbook -------------------------------------------------------------------------


async def test_money_cells_show_pounds(db: Database) -> None:
    await _approved(db, ALICE, 60)
    book = await _book(db)
    formats = {
        (sheet.title, name): sheet[f"{letter}2"].number_format
        for sheet in book.worksheets
        for name, letter in _columns(sheet).items()
        if name in {"rate per hour", "amount"}
    }
    assert set(formats.values()) == {MONEY}


async def test_work_dates_are_real_dates(db: Database) -> None:
    await _approved(db, ALICE, 60, day="2026-02-03")
    sheet = (await _book(db))["Detail"]
    cell = sheet[f"{_columns(sheet)['work date']}2"]
    assert (cell.value.date(), cell.is_date) == (date(2026, 2, 3), True)


async def test_header_rows_are_frozen(db: Database) -> None:
    await _approved(db, ALICE, 60)
    book = await _book(db)
    assert [sheet.freeze_panes for sheet in book.worksheets] == ["A2", "A2"]


async def test_columns_are_wide_enough_for_names_and_flags(db: Database) -> None:
    await _approved(db, ALICE, 60)
    sheet = (await _book(db))["Summary"]
    columns = _columns(sheet)
    widths = {
        name: sheet.column_dimensions[columns[name]].width for name in ("payee name", "flags")
    }
    assert widths == {"payee name": 24, "flags": 45}


async def test_discord_ids_keep_every_digit(db: Database) -> None:
    await payments.set_preference(
        db,
        clock(),
        guild_id=GUILD,
        member_id=123456789012345678,
        method="bank",
        payee_name="Dee",
        receives_benefits=False,
        public_sector=False,
    )
    await _approved(db, 123456789012345678, 60)
    sheet = (await _book(db))["Detail"]
    assert sheet[f"{_columns(sheet)['discord id']}2"].value == "123456789012345678"


async def test_a_person_total_is_a_sum_of_their_rows(db: Database) -> None:
    await _approved(db, ALICE, 60)
    await _approved(db, ALICE, 90, activity="meeting")
    sheet = (await _book(db))["Summary"]
    amount = _columns(sheet)["amount"]
    [person] = _rows_of(sheet, "person total")[:1]
    assert (sheet[f"{amount}{person}"].value, _value(sheet, f"{amount}{person}")) == (
        f"=SUM({amount}2:{amount}3)",
        Decimal("28.75"),
    )


async def test_the_grand_total_adds_up_the_person_totals(db: Database) -> None:
    await _approved(db, ALICE, 60)
    await _approved(db, BOB, 45, activity="meeting")
    await _approved(db, CAROL, 20, activity="review")
    result = await _run(db, "xlsx")
    sheet = load_workbook(io.BytesIO(result.files[-1].content))["Summary"]
    columns = _columns(sheet)
    [grand] = _rows_of(sheet, "grand total")
    assert (
        _value(sheet, f"{columns['amount']}{grand}") * 100,
        _value(sheet, f"{columns['paid minutes']}{grand}"),
    ) == (result.run.total_pence, 125)


async def test_the_detail_sheet_ends_with_totals(db: Database) -> None:
    await _approved(db, ALICE, 60)
    await _approved(db, BOB, 45, activity="meeting")
    sheet = (await _book(db))["Detail"]
    columns = _columns(sheet)
    last = sheet.max_row
    assert (
        sheet[f"A{last}"].value,
        _value(sheet, f"{columns['minutes']}{last}"),
        _value(sheet, f"{columns['amount']}{last}"),
        sheet[f"{columns['amount']}{last}"].number_format,
    ) == ("total", 105, Decimal("19.38"), MONEY)


async def test_a_workbook_of_an_old_run_without_total_rows_still_builds(db: Database) -> None:
    await _approved(db, ALICE, 60)
    result = await _run(db)
    old_summary = (
        "run id,period,payee name,discord name,discord id,payment method,activity,hours,"
        "rate per hour,amount,budget code,flags,entry ids\r\n"
        "1,2026-01-01 to 2026-03-31,'=x,alice,100,bank transfer,preparation,1.00,10.00,"
        "'-10.00,,,1\r\n"
    ).encode("utf-8-sig")
    content = export.build_workbook(result.run, old_summary, result.files[1].content)
    sheet = load_workbook(io.BytesIO(content))["Summary"]
    assert [c.value for c in sheet[2]][2:10] == [
        "=x",
        "alice",
        "100",
        "bank transfer",
        "preparation",
        1,
        10,
        -10,
    ]


# --- property: for any entries and corrections, the totals add up, in pence ---------------

MEMBERS = (ALICE, BOB, CAROL)
ACTIVITIES = ("meeting", "preparation", "review")

entries_st = st.lists(
    st.tuples(
        st.sampled_from(MEMBERS),
        st.sampled_from(ACTIVITIES),
        st.integers(min_value=1, max_value=600),
        st.integers(min_value=1, max_value=28),
    ),
    min_size=1,
    max_size=12,
)
expenses_st = st.lists(
    st.tuples(
        st.sampled_from(MEMBERS),
        st.sampled_from(("travel", "care", "data", "printing", "other")),
        st.integers(min_value=1, max_value=100_000),  # pence: 1p to £1,000
        st.integers(min_value=1, max_value=28),
        st.booleans(),  # approved (or left pending, so not paid)
    ),
    max_size=6,
)
corrections_st = st.lists(
    st.tuples(st.integers(min_value=0, max_value=11), st.integers(min_value=1, max_value=600)),
    max_size=6,
)


async def _expense(db: Database, member: int, kind: str, pence: int, day: int, ok: bool) -> None:
    claimed = await expense_rules.claim(
        db,
        clock(),
        guild_id=GUILD,
        member_id=member,
        kind=kind,
        amount=f"{pence // 100}.{pence % 100:02d}",
        day=f"2026-02-{day:02d}",
    )
    if ok:
        await expense_rules.decide(
            db, clock(), guild_id=GUILD, expense_id=claimed.id, actor_id=COORD, approve=True
        )


async def _property_run(
    entries: list[tuple[int, str, int, int]],
    corrections: list[tuple[int, int]],
    cap: str | None,
    decliner: bool,
    costs: list[tuple[int, str, int, int, bool]] = (),  # type: ignore[assignment]
) -> tuple[export.RunResult, bytes] | None:
    with tempfile.TemporaryDirectory() as folder:
        db = await Database.open(Path(folder) / "p.sqlite3")
        try:
            await _prepare(db)
            if cap is not None:
                await payments.set_payments(
                    db, clock(), guild_id=GUILD, actor_id=ADMIN, daily_cap_hours=cap
                )
            if decliner:
                await payments.set_preference(
                    db,
                    clock(),
                    guild_id=GUILD,
                    member_id=CAROL,
                    method="decline",
                    payee_name=None,
                    receives_benefits=False,
                    public_sector=False,
                )
            made: list[tuple[int, int, str, int]] = []
            for member, activity, minutes, day in entries:
                entry_id = await _approved(db, member, minutes, activity, f"2026-02-{day:02d}")
                made.append((entry_id, member, activity, minutes))
            left = {entry_id: minutes for entry_id, _m, _a, minutes in made}
            for index, minutes in corrections:
                entry_id, member, activity, _ = made[index % len(made)]
                take = min(minutes, left[entry_id])
                if take == 0:
                    continue
                left[entry_id] -= take
                await hours.add_adjustment(
                    db,
                    clock(),
                    guild_id=GUILD,
                    actor_id=COORD,
                    member_id=member,
                    minutes=-take,
                    activity=activity,
                    note="Correction",
                    corrects_entry_id=entry_id,
                )
            for member, kind, pence, day, ok in costs:
                await _expense(db, member, kind, pence, day, ok)
            try:
                made = await _run(db)
            except export.NothingToPay:
                return None
            book = await export.run_files(db, guild_id=GUILD, run_id=made.run.id, fmt="xlsx")
            return made, book.files[0].content
        finally:
            await db.close()


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    entries=entries_st,
    corrections=corrections_st,
    cap=st.sampled_from([None, "2", "4.5"]),
    decliner=st.booleans(),
    costs=expenses_st,
)
def test_person_totals_are_their_detail_rows_and_the_grand_total_is_their_sum(
    entries: list[tuple[int, str, int, int]],
    corrections: list[tuple[int, int]],
    cap: str | None,
    decliner: bool,
    costs: list[tuple[int, str, int, int, bool]],
) -> None:
    outcome = asyncio.run(_property_run(entries, corrections, cap, decliner, costs))
    if outcome is None:  # no run: everyone owed less than nothing, or it all came to £0
        return
    result, workbook = outcome
    summary = _table(result.files[0].content)
    detail = _table(result.files[1].content)
    # Fees and expenses are added up apart, each in its own column, in pence.
    from_detail: dict[str, int] = defaultdict(int)
    costs_from_detail: dict[str, int] = defaultdict(int)
    for row in detail:
        from_detail[row["discord id"]] += _pence(row["amount"] or "0")
        costs_from_detail[row["discord id"]] += _pence(row["expenses"] or "0")
        assert not (row["amount"] and row["expenses"])  # never both on one row
    people = [r for r in summary if r["row"] == "person total"]
    person_totals = {r["discord id"]: _pence(r["amount"]) for r in people}
    person_costs = {r["discord id"]: _pence(r["expenses"]) for r in people}
    fees: dict[str, int] = defaultdict(int)
    cost_rows: dict[str, int] = defaultdict(int)
    for row in summary:
        if row["row"] == "fees":
            fees[row["discord id"]] += _pence(row["amount"])
            assert row["expenses"] == ""
        if row["row"] == "expenses":
            cost_rows[row["discord id"]] += _pence(row["expenses"])
            assert row["amount"] == ""
    for row in people:
        assert _pence(row["total"]) == _pence(row["amount"]) + _pence(row["expenses"])
    [grand_row] = [r for r in summary if r["row"] == "grand total"]
    grand = _pence(grand_row["amount"])
    grand_costs = _pence(grand_row["expenses"])
    assert person_totals == {m: from_detail[m] for m in person_totals}
    assert {m: v for m, v in from_detail.items() if v} == {m: v for m, v in fees.items() if v}
    assert person_costs == {m: costs_from_detail[m] for m in person_costs}
    assert {m: v for m, v in costs_from_detail.items() if v} == dict(cost_rows)
    assert grand == sum(person_totals.values()) == result.run.total_pence
    assert grand_costs == sum(person_costs.values()) == result.run.expenses_pence
    assert _pence(grand_row["total"]) == grand + grand_costs
    book = load_workbook(io.BytesIO(workbook))
    sheet = book["Summary"]
    amount = _columns(sheet)["amount"]
    [grand_row_number] = _rows_of(sheet, "grand total")
    assert _value(sheet, f"{amount}{grand_row_number}") * 100 == grand
    detail_sheet = book["Detail"]
    last = detail_sheet.max_row
    detail_amount = _columns(detail_sheet)["amount"]
    assert _value(detail_sheet, f"{detail_amount}{last}") * 100 == sum(from_detail.values())
    for name, want in (("expenses", grand_costs), ("total", grand + grand_costs)):
        assert _value(sheet, f"{_columns(sheet)[name]}{grand_row_number}") * 100 == want
    detail_costs = _columns(detail_sheet)["expenses"]
    assert _value(detail_sheet, f"{detail_costs}{last}") * 100 == grand_costs
