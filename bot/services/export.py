"""Payment runs: mark approved, unpaid hours as exported and build the files finance uses.

One run is one transaction: the entries are marked with the run id and the CSV files are
built and stored in the same transaction, so an entry is in exactly one run, even when two
exports start at once, and `/hours export run:N` returns the very same bytes later. The
XLSX workbook is built from the stored CSV files the first time it is asked for, then
stored too.

Files (UTF-8 with a byte-order mark, so spreadsheet programs show £ and accents):

* summary: one row per member, activity and rate (a rate change inside the period gives
  two rows, so hours x rate = amount on every row);
* detail: one row per entry.

Amounts are the frozen amounts of the entries (members who decline payment get 0). Hours
are the paid hours (after the daily cap); the flags say when the cap held minutes back.
No cell starts with =, +, -, @, tab or carriage return: such a cell gets a leading
single quote (this includes negative numbers from corrections in the CSV files).
"""

from __future__ import annotations

import asyncio
import csv
import io
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from bot.clock import Clock
from bot.errors import BadInput, Conflict, NotFound
from bot.services import pay
from bot.text import payment as text
from storage import audit, guild_settings, members, payment_runs
from storage import hours as ledger
from storage.database import Database
from storage.hours import ACTIVITIES
from storage.members import MemberRecord
from storage.payment_runs import PaymentRun

FORMATS = ("csv", "xlsx")
DANGEROUS_START = ("=", "+", "-", "@", "\t", "\r")
MAX_PERIOD_DAYS = 3 * 366

SUMMARY_COLUMNS = (
    "run id",
    "period",
    "payee name",
    "discord name",
    "discord id",
    "payment method",
    "activity",
    "hours",
    "rate per hour",
    "amount",
    "budget code",
    "flags",
    "entry ids",
)
DETAIL_COLUMNS = (
    "run id",
    "entry id",
    "work date",
    "payee name",
    "discord name",
    "discord id",
    "payment method",
    "activity",
    "source",
    "session id",
    "corrects entry",
    "minutes",
    "paid minutes",
    "rate per hour",
    "amount",
    "flags",
)
# Columns written as numbers in the workbook.
NUMERIC_COLUMNS = frozenset({"hours", "rate per hour", "amount", "minutes", "paid minutes"})

METHOD_LABELS = {
    "bank": "bank transfer",
    "voucher": "voucher",
    "decline": "declines payment",
    None: "not given",
}


@dataclass(frozen=True, slots=True)
class RunFile:
    """One file of a run, ready to attach."""

    name: str
    content: bytes


@dataclass(frozen=True, slots=True)
class RunResult:
    """A payment run and its files."""

    run: PaymentRun
    files: list[RunFile]
    people: int


def safe_cell(value: str) -> str:
    """A cell value a spreadsheet never runs as a formula."""
    return "'" + value if value.startswith(DANGEROUS_START) else value


def file_names(run_id: int) -> tuple[str, str, str]:
    """The summary CSV, detail CSV and workbook names of a run."""
    stem = f"payment-run-{run_id}"
    return f"{stem}-summary.csv", f"{stem}-detail.csv", f"{stem}.xlsx"


def _flags(record: MemberRecord | None) -> list[str]:
    flags: list[str] = []
    if record is None or record.payment_method is None:
        flags.append("no payment preference yet")
    elif record.payment_method == "decline":
        flags.append("declines payment")
    if record is not None and record.receives_benefits:
        flags.append("on benefits: check limits")
    if record is not None and record.public_sector:
        flags.append("public-sector employee: confirm own time")
    return flags


def _csv_bytes(header: Sequence[str], rows: Iterable[Sequence[str]]) -> bytes:
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows([safe_cell(cell) for cell in row] for row in rows)
    return out.getvalue().encode("utf-8-sig")


@dataclass(frozen=True, slots=True)
class _Built:
    summary: bytes
    detail: bytes
    total_pence: int
    people: int


def build_files(
    *,
    run_id: int,
    period_from: date,
    period_to: date,
    budget_code: str | None,
    rows: Sequence[Any],
    people: Mapping[int, MemberRecord],
    names: Mapping[int, str],
) -> _Built:
    """Build the summary and detail CSV files of a run from its entry rows (pure)."""
    period = f"{period_from.isoformat()} to {period_to.isoformat()}"
    code = budget_code or ""
    activity_order = {name: index for index, name in enumerate(ACTIVITIES)}
    groups: dict[tuple[int, str, int], list[Any]] = {}
    for row in rows:
        key = (row["member_id"], row["activity"], row["rate_pence_per_hour"])
        groups.setdefault(key, []).append(row)

    def who(member_id: int) -> tuple[str, str, str, MemberRecord | None]:
        record = people.get(member_id)
        discord_name = names.get(member_id) or (record.display_name if record else None) or ""
        payee = (record.payee_name if record else None) or ""
        method = METHOD_LABELS.get(record.payment_method if record else None, "not given")
        return payee, discord_name, method, record

    def sort_key(key: tuple[int, str, int]) -> tuple[str, int, int, int]:
        payee, discord_name, _method, _record = who(key[0])
        return ((payee or discord_name).casefold(), key[0], activity_order[key[1]], key[2])

    summary_rows: list[list[str]] = []
    detail_rows: list[list[str]] = []
    total = 0
    for key in sorted(groups, key=sort_key):
        member_id, activity, rate = key
        payee, discord_name, method, record = who(member_id)
        declines = record is not None and record.payment_method == "decline"
        entries = groups[key]
        flags = _flags(record)
        worked = sum(e["minutes"] for e in entries)
        paid = sum(e["paid_minutes"] for e in entries)
        amount = 0 if declines else sum(e["amount_pence"] for e in entries)
        total += amount
        row_flags = list(flags)
        if worked > paid:
            row_flags.append(f"daily cap: {pay.decimal_hours(worked - paid)} hours not paid")
        summary_rows.append(
            [
                str(run_id),
                period,
                payee,
                discord_name,
                str(member_id),
                method,
                activity,
                pay.decimal_hours(paid),
                pay.plain_pounds(rate),
                pay.plain_pounds(amount),
                code,
                "; ".join(row_flags),
                " ".join(str(e["id"]) for e in entries),
            ]
        )
        for e in entries:
            entry_flags = list(flags)
            if e["minutes"] > e["paid_minutes"]:
                entry_flags.append("daily cap")
            detail_rows.append(
                [
                    str(run_id),
                    str(e["id"]),
                    e["work_date"],
                    payee,
                    discord_name,
                    str(member_id),
                    method,
                    activity,
                    e["source"],
                    "" if e["session_id"] is None else str(e["session_id"]),
                    "" if e["corrects_entry_id"] is None else str(e["corrects_entry_id"]),
                    str(e["minutes"]),
                    str(e["paid_minutes"]),
                    pay.plain_pounds(rate),
                    pay.plain_pounds(0 if declines else e["amount_pence"]),
                    "; ".join(entry_flags),
                ]
            )
    return _Built(
        summary=_csv_bytes(SUMMARY_COLUMNS, summary_rows),
        detail=_csv_bytes(DETAIL_COLUMNS, detail_rows),
        total_pence=total,
        people=len({key[0] for key in groups}),
    )


def check_period(period_from: date, period_to: date) -> None:
    """Refuse a backwards or very long period with plain words."""
    if period_from > period_to:
        raise BadInput(text.EXPORT_BACKWARDS)
    if (period_to - period_from).days > MAX_PERIOD_DAYS:
        raise BadInput(text.EXPORT_TOO_LONG)


async def create_run(
    db: Database,
    clock: Clock,
    *,
    guild_id: int,
    actor_id: int | None,
    period_from: date,
    period_to: date,
    names: Mapping[int, str] | None = None,
    fmt: str = "csv",
) -> RunResult:
    """Make a payment run over approved, unpaid entries with work dates in the period."""
    check_period(period_from, period_to)
    if fmt not in FORMATS:
        raise BadInput(text.EXPORT_FORMAT)
    now = clock.now()
    async with db.transaction() as conn:
        settings = await guild_settings.get(conn, guild_id)
        run_id = await payment_runs.create(
            conn,
            guild_id=guild_id,
            period_from=period_from,
            period_to=period_to,
            budget_code=settings.budget_code,
            created_by=actor_id,
            now=now,
        )
        count = await ledger.mark_run(conn, guild_id, run_id, start=period_from, end=period_to)
        if count == 0:
            raise Conflict(
                text.EXPORT_NOTHING.format(start=period_from.isoformat(), end=period_to.isoformat())
            )
        rows = await ledger.in_run(conn, run_id)
        people = await members.for_guild(conn, guild_id)
        built = await asyncio.to_thread(
            build_files,
            run_id=run_id,
            period_from=period_from,
            period_to=period_to,
            budget_code=settings.budget_code,
            rows=rows,
            people=people,
            names=dict(names or {}),
        )
        await payment_runs.set_totals(
            conn, run_id, entry_count=count, total_pence=built.total_pence
        )
        summary_name, detail_name, _ = file_names(run_id)
        await payment_runs.put_file(conn, run_id, summary_name, built.summary)
        await payment_runs.put_file(conn, run_id, detail_name, built.detail)
        await audit.record(
            conn,
            guild_id=guild_id,
            actor_id=actor_id,
            action="hours.export",
            now=now,
            target=f"run:{run_id}",
            detail={
                "period_from": period_from.isoformat(),
                "period_to": period_to.isoformat(),
                "entries": count,
                "total_pence": built.total_pence,
            },
        )
        run = await payment_runs.get(conn, guild_id, run_id)
        assert run is not None
    files = [RunFile(summary_name, built.summary), RunFile(detail_name, built.detail)]
    if fmt == "xlsx":
        files.append(await _workbook(db, run))
    return RunResult(run, files, built.people)


async def run_files(db: Database, *, guild_id: int, run_id: int, fmt: str = "csv") -> RunResult:
    """An earlier run's files again, byte for byte as first made."""
    if fmt not in FORMATS:
        raise BadInput(text.EXPORT_FORMAT)
    summary_name, detail_name, _ = file_names(run_id)
    async with db.read() as conn:
        run = await payment_runs.get(conn, guild_id, run_id)
        if run is None:
            raise NotFound(text.RUN_NOT_FOUND.format(run=run_id))
        summary = await payment_runs.get_file(conn, run_id, summary_name)
        detail = await payment_runs.get_file(conn, run_id, detail_name)
        people = int(
            await conn.fetchval(
                "SELECT count(DISTINCT member_id) FROM hours_entries WHERE payment_run_id = ?",
                (run_id,),
            )
        )
    assert summary is not None
    assert detail is not None
    files = [RunFile(summary_name, summary), RunFile(detail_name, detail)]
    if fmt == "xlsx":
        files.append(await _workbook(db, run))
    return RunResult(run, files, people)


def _rows_for_sheet(content: bytes) -> list[list[Any]]:
    reader = csv.reader(io.StringIO(content.decode("utf-8-sig"), newline=""))
    table = list(reader)
    header, body = table[0], table[1:]
    numeric = [name in NUMERIC_COLUMNS for name in header]
    rows: list[list[Any]] = [list(header)]
    for raw in body:
        row: list[Any] = []
        for is_number, cell in zip(numeric, raw, strict=True):
            if is_number and cell:
                row.append(Decimal(cell.removeprefix("'")))
            else:
                row.append(cell)
        rows.append(row)
    return rows


def build_workbook(run: PaymentRun, summary: bytes, detail: bytes) -> bytes:
    """A workbook with a Summary and a Detail sheet, from a run's CSV files (pure)."""
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    stamp = run.created_at.replace(tzinfo=None, microsecond=0)
    book.properties.created = stamp
    book.properties.modified = stamp
    book.properties.creator = "LEAP bot"
    for title, content in (("Summary", summary), ("Detail", detail)):
        sheet = book.create_sheet(title)
        for row in _rows_for_sheet(content):
            sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


async def _workbook(db: Database, run: PaymentRun) -> RunFile:
    summary_name, detail_name, book_name = file_names(run.id)
    async with db.read() as conn:
        stored = await payment_runs.get_file(conn, run.id, book_name)
        summary = await payment_runs.get_file(conn, run.id, summary_name)
        detail = await payment_runs.get_file(conn, run.id, detail_name)
    if stored is not None:
        return RunFile(book_name, stored)
    assert summary is not None
    assert detail is not None
    content = await asyncio.to_thread(build_workbook, run, summary, detail)
    async with db.transaction() as conn:
        await payment_runs.put_file(conn, run.id, book_name, content)
        kept = await payment_runs.get_file(conn, run.id, book_name)
    assert kept is not None
    return RunFile(book_name, kept)
