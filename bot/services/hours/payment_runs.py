"""Payment runs: mark approved, unpaid hours as exported and build the files finance uses.

One run is one transaction: the entries are marked with the run id and the CSV files are
built and stored in the same transaction, so an entry is in exactly one run, even when two
exports start at once, and `/hours export run:N` returns the very same bytes later. The
XLSX workbook is built from the stored CSV files the first time it is asked for, then
stored too.

Who is paid: every member with approved, unpaid entries in the period, except those held
back, whose entries stay approved and unpaid for a later run:

* members with no payment preference yet (finance cannot pay them): they are listed by
  name in the reply and the summary file, and each is asked to use /payment preference;
* members whose corrections take off more than the run would pay them (a negative total):
  paying a negative amount is impossible, and marking it sent would lose the correction,
  so it waits to be taken off their next pay.

Members who decline payment are listed at £0, as they always were.

Files (UTF-8 with a byte-order mark, so spreadsheet programs show £ and accents):

* summary: a `row` column says what each row is. `fees`: one row per member, activity and
  rate (a rate change inside the period gives two rows); `person total`: each member's
  total over all activities, after their rows; `grand total`: the run's total, the sum of
  the person totals; `held back`: members whose hours wait (no amount: nothing is paid).
  Time is paid minutes (a number) and the same as hours and minutes ('1 h 30 min'). The
  amount of a row is the sum of its entries' frozen amounts, each rounded to the penny at
  approval, so the detail file's amounts add up to it exactly;
* detail: one row per entry (payee and Discord id, activity, entry id, work date, where
  the time came from, session, corrected entry, minutes, paid minutes, rate, amount); the
  names, method and flags are on the summary rows. SQLite writes and sorts most of each
  detail row, and they are folded into groups as they come (storage.hours.unpaid_groups),
  which keeps a 100,000-entry run under a second and small in memory.

Numbers the bot computes (minutes, rates, amounts, run and entry ids) are plain numbers in
the CSV files and numeric cells in the workbook, negative ones too, so a spreadsheet's SUM
includes corrections. Discord ids are text in the workbook: they have 18 digits and a
spreadsheet keeps only 15. Text people typed (payee and Discord names, the budget code) is
guarded against formula injection: in the CSV files such a cell that starts with =, +, -,
@, tab or carriage return gets a leading single quote; in the workbook it is a text cell
marked "quote prefix" (the spreadsheet's own way to say "text, never a formula"), shown
without an apostrophe.
"""

from __future__ import annotations

import asyncio
import csv
import functools
import io
import zipfile
from collections.abc import AsyncIterator, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any, Literal
from zoneinfo import ZoneInfo

from bot.clock import Clock
from bot.errors import BadInput, Conflict, NotFound
from bot.services import notices
from bot.services.bounds import known_id
from bot.services.clean_text import clean_text
from bot.services.hours import expenses as expense_rules
from bot.services.hours import money as pay
from bot.services.hours.cells import DANGEROUS_START, plain_text, safe_cell
from bot.services.hours.ledger import read_period, today_in
from bot.text import expenses as expense_text
from bot.text import formatting
from bot.text import payment as text
from storage import audit, guild_settings, members, payment_runs
from storage import expenses as costs_repo
from storage import hours as ledger
from storage.database import Conn, Database
from storage.expenses import KINDS as EXPENSE_KINDS
from storage.expenses import Expense
from storage.guild_settings import GuildSettings
from storage.hours import ACTIVITIES, UnpaidGroup
from storage.members import MemberRecord
from storage.payment_runs import PaymentRun

FORMATS = ("csv", "xlsx")
MAX_PERIOD_DAYS = 3 * 366
MAX_REOPEN_REASON = 500

ROW_FEES = "fees"
ROW_PERSON = "person total"
ROW_GRAND = "grand total"
ROW_HELD = "held back"
ROW_EXPENSES = "expenses"

SUMMARY_COLUMNS = (
    "row",
    "run id",
    "period",
    "payee name",
    "discord name",
    "discord id",
    "payment method",
    "activity",
    "paid minutes",
    "paid time",
    "rate per hour",
    "amount",
    "expense kind",
    "expenses",
    "total",
    "budget code",
    "flags",
    "entry ids",
    "expense ids",
)
DETAIL_COLUMNS = (
    "run id",
    "payee name",
    "discord id",
    "activity",
    "entry id",
    "work date",
    "source",
    "session id",
    "corrects entry",
    "minutes",
    "paid minutes",
    "rate per hour",
    "amount",
    "flags",
    "expense id",
    "expense kind",
    "expenses",
    "receipt",
)
# An hours row's empty expense columns in the detail file (SQLite writes the rest of it).
_NO_EXPENSE = ",,,,"
# Columns written as numbers in the workbook (Discord ids stay text: see above).
NUMERIC_COLUMNS = frozenset(
    {
        "run id",
        "entry id",
        "session id",
        "corrects entry",
        "minutes",
        "paid minutes",
        "hours",  # runs made before paid time was written as minutes
        "rate per hour",
        "amount",
        "expense id",
        "expenses",
        "total",
    }
)

METHOD_LABELS = {
    "bank": "bank transfer",
    "voucher": "voucher",
    "decline": "declines payment",
    None: "not given",
}

HeldReason = Literal["no_preference", "owes", "declines"]
# The notice asking a member held back to say how they want to be paid.
NOTICE_PREFERENCE = "payment.preference"


@dataclass(frozen=True, slots=True)
class RunFile:
    """One file of a run, ready to attach."""

    name: str
    content: bytes


@dataclass(frozen=True, slots=True)
class HeldBack:
    """A member whose approved hours in the period stay unpaid, and why."""

    member_id: int
    name: str
    reason: HeldReason
    entries: int
    paid_minutes: int
    amount_pence: int
    expenses_pence: int = 0  # expenses waiting too (for "declines": only these wait)


@dataclass(frozen=True, slots=True)
class RunResult:
    """A payment run and its files."""

    run: PaymentRun
    files: list[RunFile]
    people: int
    # Approved entries dated before the period and still in no run (a late approval that
    # a later period will never pick up): the admin is told, so nobody's pay is forgotten.
    unpaid_before: int = 0
    held_back: list[HeldBack] = field(default_factory=list)
    receipts: int = 0  # receipts of the run's expenses, sent as ZIP files (receipt_zips)
    expenses_before: int = 0  # approved expenses paid before the period, in no run yet
    # Entries a coordinator added for someone without the member role: check before paying.
    not_on_panel: int = 0
    # Where members held back with closed DMs are mentioned (the panel's notices channel,
    # else its payments channel), for the admin's reply.
    notify_channel_id: int | None = None


@dataclass(frozen=True, slots=True)
class TypedPeriod:
    """The from and to of /hours export as typed ('last month', '1 Nov'; None: the last
    full month), read in the panel's time zone inside the run's transaction."""

    start: str | None = None
    end: str | None = None


class NothingToPay(Conflict):
    """No run was made: nobody can be paid, or what is left adds up to £0. Members held back
    are still named, so they can be asked for what is missing."""

    def __init__(
        self, message: str, held_back: list[HeldBack], notify_channel_id: int | None = None
    ) -> None:
        super().__init__(message)
        self.held_back = held_back
        self.notify_channel_id = notify_channel_id  # where members with closed DMs are named


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
    """Rows whose cells are already safe (see safe_cell) -> CSV bytes."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode("utf-8-sig")


@functools.lru_cache(maxsize=8192)
def _money(pence: int) -> str:
    """Whole pence as a plain number for the files: '12.50', '-5.00'."""
    return pay.plain_pounds(pence)


@dataclass(frozen=True, slots=True)
class _Built:
    summary: bytes
    detail: bytes
    total_pence: int
    people: int
    expenses_pence: int = 0
    expense_count: int = 0


@dataclass(frozen=True, slots=True)
class _Person:
    """One member's cells, made safe once."""

    payee: str
    discord_name: str
    discord_id: str
    method: str
    flags: list[str]
    declines: bool
    sort_name: str


def display_name(member_id: int, record: MemberRecord | None, names: Mapping[int, str]) -> str:
    """The name a member goes by in the panel, as plain text (may be empty)."""
    return plain_text(names.get(member_id) or (record.display_name if record else None) or "")


def _person(member_id: int, record: MemberRecord | None, names: Mapping[int, str]) -> _Person:
    discord_name = display_name(member_id, record, names)
    payee = plain_text((record.payee_name if record else None) or "")
    method = METHOD_LABELS.get(record.payment_method if record else None, "not given")
    return _Person(
        payee=safe_cell(payee),
        discord_name=safe_cell(discord_name),
        discord_id=str(member_id),
        method=method,
        flags=_flags(record),
        declines=record is not None and record.payment_method == "decline",
        sort_name=(payee or discord_name).casefold(),
    )


def _member_prefix(run_text: str, person: _Person) -> str:
    out = io.StringIO(newline="")
    csv.writer(out, lineterminator="").writerow([run_text, person.payee, person.discord_id])
    return out.getvalue() + ","


def _summary_row(cells: Mapping[str, str]) -> list[str]:
    """A summary row from its non-empty cells, by column name."""
    return [cells.get(name, "") for name in SUMMARY_COLUMNS]


def _held_row(run_text: str, period: str, code: str, held: HeldBack) -> list[str]:
    if held.reason == "no_preference":
        why = text.HELD_FLAG_NO_PREFERENCE.format(pay=pay.pounds(held.amount_pence))
    elif held.reason == "owes":
        why = text.HELD_FLAG_OWES.format(pay=pay.pounds(-held.amount_pence))
    else:
        why = text.HELD_FLAG_DECLINES.format(pay=pay.pounds(held.expenses_pence))
    if held.expenses_pence and held.reason != "declines":
        why += text.HELD_FLAG_EXPENSES.format(pay=pay.pounds(held.expenses_pence))
    cells = {
        "row": ROW_HELD,
        "run id": run_text,
        "period": period,
        "discord name": safe_cell(held.name),
        "discord id": str(held.member_id),
        "payment method": METHOD_LABELS[None] if held.reason == "no_preference" else "",
        "budget code": code,
        "flags": why,
    }
    if held.reason != "declines":
        cells["paid minutes"] = str(held.paid_minutes)
        cells["paid time"] = pay.short_time(held.paid_minutes)
    # Nothing is paid now: no amount and no expenses, so no total counts it.
    return _summary_row(cells)


def _kind_name(kind: str) -> str:
    return expense_text.KIND_NAMES.get(kind, kind)


def build_files(
    *,
    run_id: int,
    period_from: date,
    period_to: date,
    budget_code: str | None,
    groups: Sequence[UnpaidGroup],
    people: Mapping[int, MemberRecord],
    names: Mapping[int, str],
    held_back: Sequence[HeldBack] = (),
    expenses: Sequence[Expense] = (),
) -> _Built:
    """Build the summary and detail CSV files of a run from storage.hours.unpaid_groups and
    the run's expenses. Fees and expenses never share a cell: fee rows fill `amount`,
    expense rows fill `expenses`, and `total` is their sum on every row."""
    period = f"{period_from.isoformat()} to {period_to.isoformat()}"
    code = safe_cell(plain_text(budget_code or ""))
    run_text = str(run_id)
    activity_order = {name: index for index, name in enumerate(ACTIVITIES)}
    kind_order = {name: index for index, name in enumerate(EXPENSE_KINDS)}
    groups_of: dict[int, list[UnpaidGroup]] = {}
    for group in groups:
        groups_of.setdefault(group.member_id, []).append(group)
    costs_of: dict[int, list[Expense]] = {}
    for expense in expenses:
        costs_of.setdefault(expense.member_id, []).append(expense)
    persons = {m: _person(m, people.get(m), names) for m in {*groups_of, *costs_of}}

    summary_rows: list[list[str]] = []
    header = io.StringIO(newline="")
    csv.writer(header, lineterminator="\r\n").writerow(DETAIL_COLUMNS)
    detail: list[str] = [header.getvalue()]
    total = total_minutes = total_costs = 0
    for member_id in sorted(persons, key=lambda m: (persons[m].sort_name, m)):
        person = persons[member_id]
        who = {
            "run id": run_text,
            "period": period,
            "payee name": person.payee,
            "discord name": person.discord_name,
            "discord id": person.discord_id,
            "payment method": person.method,
            "budget code": code,
        }
        person_minutes = person_amount = person_costs = 0
        prefix = _member_prefix(run_text, person)
        own = groups_of.get(member_id, [])
        own.sort(key=lambda g: (activity_order[g.activity], g.rate_pence_per_hour))
        for group in own:
            amount = 0 if person.declines else group.amount_pence
            person_minutes += group.paid_minutes
            person_amount += amount
            row_flags = list(person.flags)
            if group.minutes > group.paid_minutes:
                hidden = pay.short_time(group.minutes - group.paid_minutes)
                row_flags.append(f"daily cap: {hidden} not paid")
            if group.not_on_panel:
                row_flags.append(
                    text.FLAG_NOT_ON_PANEL.format(
                        entries=formatting.count(group.not_on_panel, text.FLAG_ENTRIES)
                    )
                )
            summary_rows.append(
                _summary_row(
                    {
                        **who,
                        "row": ROW_FEES,
                        "activity": group.activity,
                        "paid minutes": str(group.paid_minutes),
                        "paid time": pay.short_time(group.paid_minutes),
                        "rate per hour": _money(group.rate_pence_per_hour),
                        "amount": _money(amount),
                        "total": _money(amount),
                        "flags": "; ".join(row_flags),
                        "entry ids": group.entry_ids,
                    }
                )
            )
            # Every line ends in CR LF: the prefix goes before each, the empty expense
            # columns after each.
            detail.append(
                prefix
                + group.lines[:-2].replace("\r\n", _NO_EXPENSE + "\r\n" + prefix)
                + _NO_EXPENSE
                + "\r\n"
            )
        costs = sorted(
            costs_of.get(member_id, []), key=lambda e: (kind_order[e.kind], e.spent_on, e.id)
        )
        by_kind: dict[str, list[Expense]] = {}
        for expense in costs:
            by_kind.setdefault(expense.kind, []).append(expense)
        for kind, same in by_kind.items():
            kind_pence = sum(e.amount_pence for e in same)
            person_costs += kind_pence
            no_receipt = [str(e.id) for e in same if e.receipt_id is None]
            summary_rows.append(
                _summary_row(
                    {
                        **who,
                        "row": ROW_EXPENSES,
                        "expense kind": _kind_name(kind),
                        "expenses": _money(kind_pence),
                        "total": _money(kind_pence),
                        "flags": text.FLAG_NO_RECEIPT.format(ids=" ".join(no_receipt))
                        if no_receipt
                        else "",
                        "expense ids": " ".join(str(e.id) for e in sorted(same, key=_by_id)),
                    }
                )
            )
        detail.extend(_expense_lines(run_text, person, costs))
        total += person_amount
        total_minutes += person_minutes
        total_costs += person_costs
        summary_rows.append(
            _summary_row(
                {
                    **who,
                    "row": ROW_PERSON,
                    "paid minutes": str(person_minutes),
                    "paid time": pay.short_time(person_minutes),
                    "amount": _money(person_amount),
                    "expenses": _money(person_costs),
                    "total": _money(person_amount + person_costs),
                }
            )
        )
    summary_rows.append(
        _summary_row(
            {
                "row": ROW_GRAND,
                "run id": run_text,
                "period": period,
                "paid minutes": str(total_minutes),
                "paid time": pay.short_time(total_minutes),
                "amount": _money(total),
                "expenses": _money(total_costs),
                "total": _money(total + total_costs),
                "budget code": code,
            }
        )
    )
    summary_rows.extend(_held_row(run_text, period, code, held) for held in held_back)
    return _Built(
        summary=_csv_bytes(SUMMARY_COLUMNS, summary_rows),
        detail="".join(detail).encode("utf-8-sig"),
        total_pence=total,
        people=len(persons),
        expenses_pence=total_costs,
        expense_count=len(expenses),
    )


def _by_id(expense: Expense) -> int:
    return expense.id


def _expense_lines(run_text: str, person: _Person, costs: Sequence[Expense]) -> list[str]:
    """The detail file's rows for one member's expenses: kind, amount and receipt file name
    in the expense columns; the fee columns stay empty."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    for expense in costs:
        cells = {
            "run id": run_text,
            "payee name": person.payee,
            "discord id": person.discord_id,
            "work date": expense.spent_on.isoformat(),
            "source": "expense",
            "expense id": str(expense.id),
            "expense kind": _kind_name(expense.kind),
            "expenses": _money(expense.amount_pence),
            "receipt": safe_cell(expense_rules.zip_name(expense)),
        }
        writer.writerow([cells.get(name, "") for name in DETAIL_COLUMNS])
    return [out.getvalue()] if costs else []


def check_period(period_from: date, period_to: date) -> None:
    """Refuse a backwards or very long period with plain words."""
    if period_from > period_to:
        raise BadInput(text.EXPORT_BACKWARDS)
    if (period_to - period_from).days > MAX_PERIOD_DAYS:
        raise BadInput(text.EXPORT_TOO_LONG)


@dataclass(frozen=True, slots=True)
class Unpaid:
    """One member's approved, unpaid entries in a period, added up."""

    member_id: int
    entries: int
    minutes: int
    paid_minutes: int
    amount_pence: int
    expenses_pence: int = 0


async def _nothing_text(conn: Any, guild_id: int, period_from: date, period_to: date) -> str:
    """Why there is nothing to pay: no approved hours, or they went in earlier runs."""
    runs = await _runs_in_period(conn, guild_id, period_from, period_to)
    if not runs:
        return text.EXPORT_NOTHING.format(
            start=formatting.day(period_from), end=formatting.day(period_to)
        )
    return text.EXPORT_ALREADY.format(runs=_run_names(runs), run=runs[-1].id)


async def _all_held_text(conn: Any, guild_id: int, period_from: date, period_to: date) -> str:
    """Why no run was made when everyone left to pay is held back: and, when earlier runs
    of the period paid the rest, which ones (so the admin is not left wondering)."""
    runs = await _runs_in_period(conn, guild_id, period_from, period_to)
    if not runs:
        return text.EXPORT_ALL_HELD
    return text.EXPORT_ALL_HELD_REST_PAID.format(runs=_run_names(runs), run=runs[-1].id)


async def _unpaid_since(
    conn: Conn, guild_id: int, period_to: date, settings: GuildSettings, now: datetime
) -> bool:
    """Whether approved hours or expenses after `period_to`, up to today, wait for a run."""
    start, today = period_to + timedelta(days=1), today_in(settings.timezone, now)
    if start > today:
        return False
    if await ledger.unpaid_groups(conn, guild_id, start=start, end=today, zero_for=()):
        return True
    return bool(await costs_repo.unpaid(conn, guild_id, start=start, end=today))


def _run_names(runs: Sequence[PaymentRun]) -> str:
    """'run 1 on Saturday 5 December 2026 and run 2 on ...'."""
    return formatting.join(
        text.EXPORT_IN_RUN.format(run=r.id, day=formatting.when_date(r.created_at)) for r in runs
    )


async def _runs_in_period(
    conn: Any, guild_id: int, period_from: date, period_to: date
) -> list[PaymentRun]:
    """The payment runs holding hours or expenses of the period, oldest first."""
    runs = []
    run_ids = set(await ledger.run_ids_in_period(conn, guild_id, start=period_from, end=period_to))
    run_ids.update(
        await costs_repo.run_ids_in_period(conn, guild_id, start=period_from, end=period_to)
    )
    for run_id in sorted(run_ids):
        run = await payment_runs.get(conn, guild_id, run_id)
        if run is not None:
            runs.append(run)
    return runs


def _per_member(groups: Iterable[UnpaidGroup], costs: Iterable[Expense] = ()) -> list[Unpaid]:
    """Groups and expenses added up per member (the stored amounts; fees and expenses apart)."""
    sums: dict[int, list[int]] = {}
    for group in groups:
        found = sums.setdefault(group.member_id, [0, 0, 0, 0, 0])
        found[0] += group.entries
        found[1] += group.minutes
        found[2] += group.paid_minutes
        found[3] += group.amount_pence
    for expense in costs:
        sums.setdefault(expense.member_id, [0, 0, 0, 0, 0])[4] += expense.amount_pence
    return [Unpaid(m, *sums[m]) for m in sorted(sums)]


def _held_back(
    unpaid: Sequence[Unpaid], people: Mapping[int, MemberRecord], names: Mapping[int, str]
) -> list[HeldBack]:
    """Who cannot be paid in this run: no payment preference, or a negative total of fees
    (all their fees and expenses wait); or, for members who chose no payment, their
    expenses (their fees are listed at £0 as always)."""
    held: list[HeldBack] = []
    for member in unpaid:
        record = people.get(member.member_id)
        method = record.payment_method if record is not None else None
        reason: HeldReason | None = None
        if method is None:
            reason = "no_preference"
        elif method != "decline" and member.amount_pence < 0:
            reason = "owes"
        elif method == "decline" and member.expenses_pence > 0:
            reason = "declines"
        if reason is not None:
            name = display_name(member.member_id, record, names) or f"member {member.member_id}"
            held.append(
                HeldBack(
                    member_id=member.member_id,
                    name=name,
                    reason=reason,
                    entries=member.entries,
                    paid_minutes=member.paid_minutes,
                    amount_pence=member.amount_pence,
                    expenses_pence=member.expenses_pence,
                )
            )
    held.sort(key=lambda h: (h.name.casefold(), h.member_id))
    return held


async def create_run(
    db: Database,
    clock: Clock,
    *,
    guild_id: int,
    actor_id: int | None,
    period_from: date | None = None,
    period_to: date | None = None,
    typed: TypedPeriod | None = None,
    names: Mapping[int, str] | None = None,
    fmt: str = "csv",
) -> RunResult:
    """Make a payment run over approved, unpaid entries with work dates in the period.

    The period is `period_from` to `period_to`, or (when they are not given) the words
    `typed`, read in the panel's time zone in the same transaction that makes the run.
    Members held back for want of a payment preference are asked for one (a notice, sent
    after commit; one a day at most). Raises NothingToPay (no run stored) when everyone
    with hours in the period is held back, or the rest adds up to £0 with nobody declining.
    """
    if period_from is not None and period_to is not None:
        check_period(period_from, period_to)
    if fmt not in FORMATS:
        raise BadInput(text.EXPORT_FORMAT)
    now = clock.now()
    known_names = dict(names or {})
    refusal: str | None = None
    async with db.transaction() as conn:
        settings = await guild_settings.get(conn, guild_id)
        if period_from is None or period_to is None:
            words = typed or TypedPeriod()
            period_from, period_to = read_period(
                words.start, words.end, tz=settings.timezone, now=now
            )
            check_period(period_from, period_to)
        notify_channel_id = settings.notices_channel_id or settings.payments_channel_id
        people = await members.for_guild(conn, guild_id)
        decliners = [m for m, r in people.items() if r.payment_method == "decline"]
        every_group = await ledger.unpaid_groups(
            conn, guild_id, start=period_from, end=period_to, zero_for=decliners
        )
        every_cost = await costs_repo.unpaid(conn, guild_id, start=period_from, end=period_to)
        if not every_group and not every_cost:
            refused = await _nothing_text(conn, guild_id, period_from, period_to)
            guessed = typed is not None and not (typed.start or typed.end)
            if guessed and await _unpaid_since(conn, guild_id, period_to, settings, now):
                refused += text.EXPORT_NOTHING_THIS_MONTH
            raise Conflict(refused)
        unpaid = _per_member(every_group, every_cost)
        held = _held_back(unpaid, people, known_names)
        await _ask_for_preferences(
            conn, held, guild_id=guild_id, actor_id=actor_id, settings=settings, now=now
        )
        skip = {h.member_id for h in held if h.reason != "declines"}
        groups = [g for g in every_group if g.member_id not in skip]
        expenses = [e for e in every_cost if e.member_id not in {h.member_id for h in held}]
        declining = any(people[g.member_id].payment_method == "decline" for g in groups)
        if not groups and not expenses:
            refusal = await _all_held_text(conn, guild_id, period_from, period_to)
        elif (
            not declining
            and sum(g.amount_pence for g in groups) == 0
            and sum(e.amount_pence for e in expenses) == 0
        ):
            # Only corrections (or unpaid kinds of work) fell in it: a £0 run would only
            # mark hours as sent. A run that lists people who decline pay is kept.
            refusal = text.EXPORT_ZERO
        else:
            result = await _record_run(
                conn,
                guild_id=guild_id,
                actor_id=actor_id,
                period_from=period_from,
                period_to=period_to,
                budget_code=settings.budget_code,
                groups=groups,
                people=people,
                names=known_names,
                held=held,
                now=now,
                expenses=expenses,
            )
    if refusal is not None:  # the notices asking for preferences are kept
        raise NothingToPay(refusal, held, notify_channel_id)
    result = replace(result, notify_channel_id=notify_channel_id)
    if fmt == "xlsx":  # the workbook holds both sheets: send it alone
        result = replace(result, files=[await _workbook(db, result.run)])
    return result


async def _ask_for_preferences(
    conn: Conn,
    held: Sequence[HeldBack],
    *,
    guild_id: int,
    actor_id: int | None,
    settings: GuildSettings,
    now: datetime,
) -> None:
    """Queue one DM to each member held back for want of a payment preference (at most one a
    day, however many exports); closed DMs get a mention in the
    notices channel, else the payments channel."""
    today = now.astimezone(ZoneInfo(settings.timezone)).date().isoformat()
    for member in held:
        if member.reason != "no_preference":
            continue
        await notices.to_member(
            conn,
            NOTICE_PREFERENCE,
            member.member_id,
            now=now,
            guild_id=guild_id,
            dedupe=today,
            fallback_channel_id=settings.notices_channel_id or settings.payments_channel_id,
            owner_id=actor_id,
            payload={"minutes": member.paid_minutes, "pence": member.amount_pence},
        )


async def _record_run(
    conn: Conn,
    *,
    guild_id: int,
    actor_id: int | None,
    period_from: date,
    period_to: date,
    budget_code: str | None,
    groups: Sequence[UnpaidGroup],
    people: Mapping[int, MemberRecord],
    names: Mapping[int, str],
    held: list[HeldBack],
    now: datetime,
    expenses: Sequence[Expense] = (),
) -> RunResult:
    """Store a run inside the caller's transaction: mark its entries and expenses, build
    and keep its files, audit it."""
    entries = sum(g.entries for g in groups)
    run_id = await payment_runs.create(
        conn,
        guild_id=guild_id,
        period_from=period_from,
        period_to=period_to,
        budget_code=budget_code,
        created_by=actor_id,
        now=now,
    )
    skip = sorted({h.member_id for h in held if h.reason != "declines"})
    skip_costs = sorted({h.member_id for h in held})
    paid_back = await costs_repo.mark_run(
        conn, guild_id, run_id, start=period_from, end=period_to, skip=skip_costs
    )
    if paid_back != len(expenses):  # cannot happen inside one write transaction
        raise RuntimeError(f"Run {run_id} marked {paid_back} expenses but read {len(expenses)}.")
    # Marking the entries (in SQLite's thread) and building the files (in another thread)
    # overlap; both happen inside this one write transaction.
    count, built = await asyncio.gather(
        ledger.mark_run(conn, guild_id, run_id, start=period_from, end=period_to, skip=skip),
        asyncio.to_thread(
            build_files,
            run_id=run_id,
            period_from=period_from,
            period_to=period_to,
            budget_code=budget_code,
            groups=groups,
            people=people,
            names=names,
            held_back=held,
            expenses=expenses,
        ),
    )
    if count != entries:  # cannot happen inside one write transaction; never pay blind
        raise RuntimeError(f"Run {run_id} marked {count} entries but read {entries}.")
    await payment_runs.set_totals(
        conn,
        run_id,
        entry_count=count,
        total_pence=built.total_pence,
        people_count=built.people,
        expense_count=built.expense_count,
        expenses_pence=built.expenses_pence,
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
            "expenses": built.expense_count,
            "expenses_pence": built.expenses_pence,
            "held_back": [h.member_id for h in held],
        },
    )
    run = await payment_runs.get(conn, guild_id, run_id)
    assert run is not None
    unpaid_before = await ledger.count_unpaid_before(conn, guild_id, period_from)
    costs_before = await costs_repo.count_unpaid_before(conn, guild_id, period_from)
    files = [RunFile(summary_name, built.summary), RunFile(detail_name, built.detail)]
    flagged = sum(g.not_on_panel for g in groups)
    receipts = sum(1 for e in expenses if e.receipt_id is not None)
    return RunResult(
        run,
        files,
        built.people,
        unpaid_before,
        held,
        not_on_panel=flagged,
        receipts=receipts,
        expenses_before=costs_before,
    )


async def run_files(db: Database, *, guild_id: int, run_id: int, fmt: str = "csv") -> RunResult:
    """An earlier run's files again, byte for byte as first made."""
    if fmt not in FORMATS:
        raise BadInput(text.EXPORT_FORMAT)
    known_id(run_id, text.RUN_NOT_FOUND.format(run=run_id))
    summary_name, detail_name, _ = file_names(run_id)
    async with db.read() as conn:
        run = await payment_runs.get(conn, guild_id, run_id)
        if run is None:
            raise NotFound(text.RUN_NOT_FOUND.format(run=run_id))
        summary = await payment_runs.get_file(conn, run_id, summary_name)
        detail = await payment_runs.get_file(conn, run_id, detail_name)
        people = run.people_count
        if people is None:  # runs made before the count was kept
            people = await ledger.members_in_run(conn, guild_id, run_id)
        receipts = sum(
            1 for e in await costs_repo.in_run(conn, guild_id, run_id) if e.receipt_id is not None
        )
    assert summary is not None
    assert detail is not None
    files = [RunFile(summary_name, summary), RunFile(detail_name, detail)]
    if fmt == "xlsx":  # the workbook holds both sheets: send it alone
        files = [await _workbook(db, run)]
    return RunResult(run, files, people, receipts=receipts)


# --- receipts -----------------------------------------------------------------------------

ZIP_ENTRY_OVERHEAD = 200  # bytes of headers per file in a ZIP, besides twice its name
ZIP_END_OVERHEAD = 1024


def receipt_parts(sizes: Sequence[tuple[str, int]], limit: int) -> list[list[str]]:
    """Receipt names (with sizes) packed in order into ZIP files of at most `limit` bytes
    each (Discord refuses bigger messages); a receipt is never split."""
    parts: list[list[str]] = []
    used = ZIP_END_OVERHEAD
    for name, size in sizes:
        need = size + ZIP_ENTRY_OVERHEAD + 2 * len(name.encode())
        if not parts or used + need > limit:
            parts.append([])
            used = ZIP_END_OVERHEAD
        parts[-1].append(name)
        used += need
    return parts


def _zip(files: Sequence[tuple[str, bytes]], stamp: datetime) -> bytes:
    """Files in a ZIP, stored as they are (photos and PDFs are compressed already), dated
    when the run was made, so the same run gives the same bytes."""
    out = io.BytesIO()
    when = stamp.astimezone(UTC).timetuple()[:6]
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as archive:
        for name, content in files:
            info = zipfile.ZipInfo(name, date_time=when)
            info.external_attr = 0o644 << 16
            archive.writestr(info, content)
    return out.getvalue()


async def receipt_zips(
    db: Database, *, guild_id: int, run_id: int, limit: int
) -> AsyncIterator[RunFile]:
    """The receipts of a run's expenses as ZIP files of at most `limit` bytes each, one at a
    time (so a run with many receipts is never all in memory). Each receipt is named as in
    the detail file's `receipt` column: 'expense-12-ticket.pdf'."""
    async with db.read() as conn:
        run = await payment_runs.get(conn, guild_id, run_id)
        costs = [e for e in await costs_repo.in_run(conn, guild_id, run_id) if e.receipt_id]
    if run is None or not costs:
        return
    by_name = {expense_rules.zip_name(e): e for e in costs}
    parts = receipt_parts([(n, e.receipt_size or 0) for n, e in by_name.items()], limit)
    for number, names in enumerate(parts, 1):
        files: list[tuple[str, bytes]] = []
        async with db.read() as conn:
            for name in names:
                receipt_id = by_name[name].receipt_id
                assert receipt_id is not None
                kept = await costs_repo.get_receipt(conn, guild_id, receipt_id)
                if kept is not None:
                    files.append((name, kept.content))
        content = await asyncio.to_thread(_zip, files, run.created_at)
        suffix = f"-{number}-of-{len(parts)}" if len(parts) > 1 else ""
        yield RunFile(f"payment-run-{run_id}-receipts{suffix}.zip", content)


@dataclass(frozen=True, slots=True)
class Reopened:
    """A run reopened by mistake: its entries are unpaid again."""

    run: PaymentRun
    released: int
    released_expenses: int = 0


async def reopen_run(
    db: Database,
    clock: Clock,
    *,
    guild_id: int,
    actor_id: int | None,
    run_id: int,
    reason: str,
) -> Reopened:
    """Reopen a run made by mistake: it stays on record, marked reopened, with its files;
    its entries go back to approved and unpaid, so a later run pays them. Audited."""
    cleaned = clean_text(reason, what="reason", limit=MAX_REOPEN_REASON)
    if not cleaned:
        raise BadInput(text.REOPEN_REASON_NEEDED)
    now = clock.now()
    async with db.transaction() as conn:
        run = await payment_runs.get(conn, guild_id, run_id)
        if run is None:
            raise NotFound(text.RUN_NOT_FOUND.format(run=run_id))
        if not await payment_runs.mark_reopened(
            conn, guild_id, run_id, actor_id=actor_id, reason=cleaned, now=now
        ):
            raise Conflict(text.REOPEN_ALREADY.format(run=run_id))
        released = await ledger.release_run(conn, guild_id, run_id)
        costs = await costs_repo.release_run(conn, guild_id, run_id)
        await audit.record(
            conn,
            guild_id=guild_id,
            actor_id=actor_id,
            action="hours.export.reopen",
            now=now,
            target=f"run:{run_id}",
            detail={"entries": released, "expenses": costs, "reason": cleaned},
        )
        reopened = await payment_runs.get(conn, guild_id, run_id)
    assert reopened is not None
    return Reopened(reopened, released, costs)


# --- /hours export: one call for the whole command ----------------------------------------


@dataclass(frozen=True, slots=True)
class ExportDone:
    """What /hours export did: made a run, fetched one again, reopened one, or made none
    (`refused` says why; `held_back` still lists members who must be asked for something)."""

    made: RunResult | None = None
    refused: str | None = None
    again: RunResult | None = None
    reopened: Reopened | None = None
    held_back: list[HeldBack] = field(default_factory=list)
    notify_channel_id: int | None = None  # where members with closed DMs are mentioned


async def export(
    db: Database,
    clock: Clock,
    *,
    guild_id: int,
    actor_id: int,
    start: str | None = None,
    end: str | None = None,
    fmt: str = "csv",
    run_id: int | None = None,
    reopen_reason: str | None = None,
    names: Mapping[int, str] | None = None,
) -> ExportDone:
    """Everything /hours export does, from the options as typed: the dates are read and the
    settings used in the one transaction that makes the run."""
    if reopen_reason is not None:
        if run_id is None:
            raise BadInput(text.REOPEN_NEEDS_RUN)
        return ExportDone(
            reopened=await reopen_run(
                db, clock, guild_id=guild_id, actor_id=actor_id, run_id=run_id, reason=reopen_reason
            )
        )
    if run_id is not None:
        return ExportDone(again=await run_files(db, guild_id=guild_id, run_id=run_id, fmt=fmt))
    try:
        made = await create_run(
            db,
            clock,
            guild_id=guild_id,
            actor_id=actor_id,
            typed=TypedPeriod(start, end),
            names=names,
            fmt=fmt,
        )
    except NothingToPay as nothing:
        return ExportDone(
            refused=nothing.text,
            held_back=nothing.held_back,
            notify_channel_id=nothing.notify_channel_id,
        )
    return ExportDone(made=made, held_back=made.held_back, notify_channel_id=made.notify_channel_id)


# --- the workbook -------------------------------------------------------------------------

MONEY_FORMAT = '"£"#,##0.00'
DATE_FORMAT = "yyyy-mm-dd"
MONEY_COLUMNS = frozenset({"rate per hour", "amount", "expenses", "total"})
DATE_COLUMNS = frozenset({"work date"})
# Added up by the totals formulas (fees, expenses and their sum, each in its own column).
SUM_COLUMNS = ("minutes", "paid minutes", "amount", "expenses", "total")
TOTAL_LABEL = "total"
WIDTHS = {
    "row": 13,
    "run id": 8,
    "period": 25,
    "payee name": 24,
    "discord name": 20,
    "discord id": 21,
    "payment method": 17,
    "activity": 12,
    "entry id": 9,
    "work date": 12,
    "source": 11,
    "session id": 10,
    "corrects entry": 14,
    "minutes": 9,
    "paid minutes": 13,
    "paid time": 12,
    "hours": 8,
    "rate per hour": 13,
    "amount": 12,
    "budget code": 14,
    "flags": 45,
    "entry ids": 30,
    "expense kind": 24,
    "expenses": 12,
    "total": 12,
    "expense id": 11,
    "receipt": 32,
    "expense ids": 20,
}


def typed_text(cell: str) -> str:
    """The text behind a CSV cell that safe_cell guarded (its leading quote taken off)."""
    if cell.startswith("'") and cell[1:].startswith(DANGEROUS_START):
        return cell[1:]
    return cell


def _number_cell(cell: str) -> int | Decimal:
    # Runs made before numbers were written plainly hold negative numbers as '-5.00 (quoted).
    plain = cell.removeprefix("'")
    return Decimal(plain) if "." in plain else int(plain)


class _Sheet:
    """Writes one CSV file as a formatted sheet: a frozen header, sensible widths, numbers as
    numbers, money as pounds, work dates as dates, typed text as text (never a formula),
    and totals as SUM formulas the program writes (no typed text in them)."""

    def __init__(self, book: Any, title: str, header: list[str]) -> None:
        from openpyxl.cell import WriteOnlyCell
        from openpyxl.styles import Font
        from openpyxl.utils import get_column_letter

        self.sheet = book.create_sheet(title)
        self.header = header
        self.letters = {name: get_column_letter(i) for i, name in enumerate(header, 1)}
        self.sheet.freeze_panes = "A2"
        for name, letter in self.letters.items():
            self.sheet.column_dimensions[letter].width = WIDTHS.get(name, 14)
        self.numeric = [name in NUMERIC_COLUMNS for name in header]
        bold = Font(bold=True)
        titles = []
        for name in header:
            cell = WriteOnlyCell(self.sheet, name)
            cell.font = bold
            titles.append(cell)
        self.sheet.append(titles)
        self.rows = 1
        # One styled cell per column, reused row after row (each row is written at once).
        self._styled: dict[int, Any] = {}
        for index, name in enumerate(header):
            if name in MONEY_COLUMNS or name in DATE_COLUMNS:
                cell = WriteOnlyCell(self.sheet)
                cell.number_format = MONEY_FORMAT if name in MONEY_COLUMNS else DATE_FORMAT
                self._styled[index] = cell
        self._guarded: dict[int, Any] = {}
        self._bold = bold

    def _text(self, index: int, value: str) -> Any:
        from openpyxl.cell import WriteOnlyCell

        if not value.startswith(DANGEROUS_START):
            return value
        cell = self._guarded.get(index)
        if cell is None:
            cell = self._guarded[index] = WriteOnlyCell(self.sheet)
            cell.quotePrefix = True  # it stays text when someone edits it
        cell.value = value
        cell.data_type = "s"  # text, never a formula
        return cell

    def cells(self, raw: Sequence[str]) -> list[Any]:
        """A CSV row as workbook cells."""
        from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

        row: list[Any] = []
        for index, (is_number, cell) in enumerate(zip(self.numeric, raw, strict=True)):
            styled = self._styled.get(index)
            if styled is not None and cell:
                name = self.header[index]
                styled.value = (
                    date.fromisoformat(cell) if name in DATE_COLUMNS else _number_cell(cell)
                )
                row.append(styled)
            elif is_number and cell:
                row.append(_number_cell(cell))
            elif not cell:
                row.append(None)
            else:  # runs made before names were cleaned may still hold control characters
                row.append(self._text(index, ILLEGAL_CHARACTERS_RE.sub("", typed_text(cell))))
        return row

    def append(self, row: list[Any]) -> int:
        """Write a row; return its number."""
        self.sheet.append(row)
        self.rows += 1
        return self.rows

    def total(self, formulas: Mapping[str, str], label: tuple[str, str] | None = None) -> None:
        """A bold row of SUM formulas (column name -> formula), with an optional label."""
        from openpyxl.cell import WriteOnlyCell

        row: list[Any] = [None] * len(self.header)
        if label is not None:
            row[self.header.index(label[0])] = label[1]
        for name, formula in formulas.items():
            cell = WriteOnlyCell(self.sheet, formula)
            cell.font = self._bold
            if name in MONEY_COLUMNS:
                cell.number_format = MONEY_FORMAT
            row[self.header.index(name)] = cell
        self.append(row)


def _write_summary(sheet: _Sheet, reader: Iterable[list[str]]) -> None:
    """Summary rows; person and grand totals become SUM formulas over the rows above."""
    has_rows = "row" in sheet.header
    kind_at = sheet.header.index("row") if has_rows else -1
    sums = [name for name in SUM_COLUMNS if name in sheet.letters]
    first_fee = 0
    for raw in reader:
        kind = raw[kind_at] if has_rows else ROW_FEES
        row = sheet.cells(raw)
        if kind == ROW_PERSON and first_fee:
            for name in sums:
                letter = sheet.letters[name]
                row[sheet.header.index(name)] = _formula(
                    sheet, name, f"=SUM({letter}{first_fee}:{letter}{sheet.rows})"
                )
            first_fee = 0
        elif kind == ROW_GRAND:
            last = sheet.rows
            kinds = sheet.letters["row"]
            for name in sums:
                letter = sheet.letters[name]
                row[sheet.header.index(name)] = _formula(
                    sheet,
                    name,
                    f'=SUMIF({kinds}$2:{kinds}${last},"{ROW_PERSON}",{letter}$2:{letter}${last})',
                )
        number = sheet.append(row)
        if kind in (ROW_FEES, ROW_EXPENSES) and not first_fee:
            first_fee = number


def _formula(sheet: _Sheet, name: str, formula: str) -> Any:
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(sheet.sheet, formula)
    cell.font = sheet._bold
    if name in MONEY_COLUMNS:
        cell.number_format = MONEY_FORMAT
    return cell


def _write_detail(sheet: _Sheet, reader: Iterable[list[str]]) -> None:
    """Every entry, then a totals row of SUM formulas."""
    for raw in reader:
        sheet.append(sheet.cells(raw))
    last = sheet.rows
    if last < 2:
        return
    sums = {
        name: f"=SUM({sheet.letters[name]}2:{sheet.letters[name]}{last})"
        for name in SUM_COLUMNS
        if name in sheet.letters
    }
    sheet.total(sums, label=(sheet.header[0], TOTAL_LABEL))


def build_workbook(run: PaymentRun, summary: bytes, detail: bytes) -> bytes:
    """A workbook with a Summary and a Detail sheet, from a run's CSV files (pure)."""
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    stamp = run.created_at.replace(tzinfo=None, microsecond=0)
    book.properties.created = stamp
    book.properties.modified = stamp
    book.properties.creator = "LEAP bot"
    for title, content, write in (
        ("Summary", summary, _write_summary),
        ("Detail", detail, _write_detail),
    ):
        # Read as a stream: a whole 100,000-row file decoded at once costs tens of megabytes.
        text_stream = io.TextIOWrapper(io.BytesIO(content), encoding="utf-8-sig", newline="")
        reader = csv.reader(text_stream)
        write(_Sheet(book, title, next(reader)), reader)
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
