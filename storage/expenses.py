"""Expenses and their receipts: costs members paid, paid back at cost, apart from fees."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from storage import member_data
from storage.codec import date_from_db, date_to_db, dt_from_db, dt_to_db, opt_dt_from_db
from storage.database import Conn

KINDS = ("travel", "care", "data", "printing", "other")
EXPENSE = "expense"  # the review queue's kind for expenses


@dataclass(frozen=True, slots=True)
class Expense:
    """One expense claim."""

    id: int
    guild_id: int
    member_id: int
    kind: str
    amount_pence: int
    spent_on: date
    note: str | None
    receipt_id: int | None
    receipt_name: str | None
    receipt_size: int | None
    status: str
    created_at: datetime
    decided_by: int | None
    decided_at: datetime | None
    decision_reason: str | None
    payment_run_id: int | None


@dataclass(frozen=True, slots=True)
class Receipt:
    """A receipt's file and what is known about it."""

    id: int
    guild_id: int
    member_id: int
    filename: str
    content_type: str
    size: int
    sha256: str
    content: bytes


_COLUMNS = (
    "e.id, e.guild_id, e.member_id, e.kind, e.amount_pence, e.spent_on, e.note, e.receipt_id, "
    "r.filename AS receipt_name, r.size AS receipt_size, e.status, e.created_at, e.decided_by, "
    "e.decided_at, e.decision_reason, e.payment_run_id"
)
_FROM = "expenses AS e LEFT JOIN expense_receipts AS r ON r.id = e.receipt_id"


def _expense(row: Any) -> Expense:
    return Expense(
        id=row["id"],
        guild_id=row["guild_id"],
        member_id=row["member_id"],
        kind=row["kind"],
        amount_pence=row["amount_pence"],
        spent_on=date_from_db(row["spent_on"]),
        note=row["note"],
        receipt_id=row["receipt_id"],
        receipt_name=row["receipt_name"],
        receipt_size=row["receipt_size"],
        status=row["status"],
        created_at=dt_from_db(row["created_at"]),
        decided_by=row["decided_by"],
        decided_at=opt_dt_from_db(row["decided_at"]),
        decision_reason=row["decision_reason"],
        payment_run_id=row["payment_run_id"],
    )


async def insert_receipt(
    conn: Conn,
    *,
    guild_id: int,
    member_id: int,
    filename: str,
    content_type: str,
    sha256: str,
    content: bytes,
    now: datetime,
) -> int:
    """Keep a receipt's file; return its id."""
    return await conn.insert(
        "INSERT INTO expense_receipts (guild_id, member_id, filename, content_type, size, "
        "sha256, content, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (
            guild_id,
            member_id,
            filename,
            content_type,
            len(content),
            sha256,
            content,
            dt_to_db(now),
        ),
    )


async def insert(
    conn: Conn,
    *,
    guild_id: int,
    member_id: int,
    kind: str,
    amount_pence: int,
    spent_on: date,
    note: str | None,
    receipt_id: int | None,
    now: datetime,
) -> Expense:
    """Write a pending expense claim and return it."""
    expense_id = await conn.insert(
        "INSERT INTO expenses (guild_id, member_id, kind, amount_pence, spent_on, note, "
        "receipt_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (
            guild_id,
            member_id,
            kind,
            amount_pence,
            date_to_db(spent_on),
            note,
            receipt_id,
            dt_to_db(now),
        ),
    )
    found = await get(conn, guild_id, expense_id)
    assert found is not None
    return found


async def get(conn: Conn, guild_id: int, expense_id: int) -> Expense | None:
    """One expense of a panel, or None."""
    row = await conn.fetchone(
        f"SELECT {_COLUMNS} FROM {_FROM} WHERE e.guild_id = ? AND e.id = ?",  # noqa: S608
        (guild_id, expense_id),
    )
    return None if row is None else _expense(row)


async def get_receipt(conn: Conn, guild_id: int, receipt_id: int) -> Receipt | None:
    """A receipt's file, or None."""
    row = await conn.fetchone(
        "SELECT id, guild_id, member_id, filename, content_type, size, sha256, content "
        "FROM expense_receipts WHERE guild_id = ? AND id = ?",
        (guild_id, receipt_id),
    )
    if row is None:
        return None
    return Receipt(
        id=row["id"],
        guild_id=row["guild_id"],
        member_id=row["member_id"],
        filename=row["filename"],
        content_type=row["content_type"],
        size=row["size"],
        sha256=row["sha256"],
        content=bytes(row["content"]),
    )


async def for_member(conn: Conn, guild_id: int, member_id: int) -> list[Expense]:
    """A member's expenses, oldest first."""
    rows = await conn.fetchall(
        f"SELECT {_COLUMNS} FROM {_FROM} WHERE e.guild_id = ? AND e.member_id = ? "  # noqa: S608
        "ORDER BY e.spent_on, e.id",
        (guild_id, member_id),
    )
    return [_expense(r) for r in rows]


async def decide(
    conn: Conn,
    *,
    guild_id: int,
    expense_id: int,
    status: str,
    decided_by: int,
    now: datetime,
    reason: str | None = None,
) -> bool:
    """Approve or reject a pending expense; False if it was no longer pending."""
    changed = await conn.execute(
        "UPDATE expenses SET status = ?, decided_by = ?, decided_at = ?, decision_reason = ? "
        "WHERE guild_id = ? AND id = ? AND status = 'pending'",
        (status, decided_by, dt_to_db(now), reason, guild_id, expense_id),
    )
    return changed == 1


async def count_pending(conn: Conn, guild_id: int) -> int:
    """How many expenses wait for a decision."""
    return int(
        await conn.fetchval(
            "SELECT count(*) FROM expenses WHERE guild_id = ? AND status = 'pending'", (guild_id,)
        )
    )


def _ids_json(ids: Sequence[int]) -> str:
    return json.dumps(sorted({int(i) for i in ids}))


_UNPAID = (
    "e.guild_id = :guild AND e.status = 'approved' AND e.payment_run_id IS NULL "
    "AND e.spent_on BETWEEN :start AND :end"
)


async def unpaid(conn: Conn, guild_id: int, *, start: date, end: date) -> list[Expense]:
    """Approved expenses in no run yet, spent in [start, end], by member, date and id."""
    rows = await conn.fetchall(
        f"SELECT {_COLUMNS} FROM {_FROM} WHERE {_UNPAID} "  # noqa: S608
        "ORDER BY e.member_id, e.spent_on, e.id",
        {"guild": guild_id, "start": date_to_db(start), "end": date_to_db(end)},
    )
    return [_expense(r) for r in rows]


async def mark_run(
    conn: Conn, guild_id: int, run_id: int, *, start: date, end: date, skip: Sequence[int] = ()
) -> int:
    """Put every approved, unpaid expense spent in [start, end] into a run, except those of
    members in `skip` (held back); return how many."""
    return await conn.execute(
        "UPDATE expenses SET payment_run_id = :run WHERE guild_id = :guild "
        "AND status = 'approved' AND payment_run_id IS NULL AND spent_on BETWEEN :start AND :end "
        "AND member_id NOT IN (SELECT value FROM json_each(:skip))",
        {
            "run": run_id,
            "guild": guild_id,
            "start": date_to_db(start),
            "end": date_to_db(end),
            "skip": _ids_json(skip),
        },
    )


async def in_run(conn: Conn, guild_id: int, run_id: int) -> list[Expense]:
    """The expenses a run holds, or held before it was reopened, by id."""
    rows = await conn.fetchall(
        f"SELECT {_COLUMNS} FROM {_FROM} WHERE e.guild_id = ? AND (e.payment_run_id = ? "  # noqa: S608
        "OR e.id IN (SELECT expense_id FROM payment_run_released_expenses WHERE run_id = ?)) "
        "ORDER BY e.id",
        (guild_id, run_id, run_id),
    )
    return [_expense(r) for r in rows]


async def release_run(conn: Conn, guild_id: int, run_id: int) -> int:
    """Take a reopened run's expenses out of it (kept on record), so a later run can pay
    them; return how many."""
    await conn.execute(
        "INSERT INTO payment_run_released_expenses (run_id, expense_id) "
        "SELECT payment_run_id, id FROM expenses WHERE guild_id = ? AND payment_run_id = ? "
        "ON CONFLICT DO NOTHING",
        (guild_id, run_id),
    )
    return await conn.execute(
        "UPDATE expenses SET payment_run_id = NULL WHERE guild_id = ? AND payment_run_id = ?",
        (guild_id, run_id),
    )


async def run_ids_in_period(conn: Conn, guild_id: int, *, start: date, end: date) -> list[int]:
    """The payment runs holding expenses spent in [start, end], in order."""
    rows = await conn.fetchall(
        "SELECT DISTINCT payment_run_id FROM expenses WHERE guild_id = ? "
        "AND payment_run_id IS NOT NULL AND spent_on BETWEEN ? AND ? ORDER BY 1",
        (guild_id, date_to_db(start), date_to_db(end)),
    )
    return [r[0] for r in rows]


async def count_unpaid_before(conn: Conn, guild_id: int, day: date) -> int:
    """Approved expenses spent before `day` and still in no run."""
    return int(
        await conn.fetchval(
            "SELECT count(*) FROM expenses WHERE guild_id = ? AND status = 'approved' "
            "AND payment_run_id IS NULL AND spent_on < ?",
            (guild_id, date_to_db(day)),
        )
    )


member_data.register(
    member_data.MemberStore(
        name="expenses",
        tables=("expenses", "expense_receipts", "payment_run_released_expenses"),
        list=member_data.listing(
            "SELECT e.id, e.kind, e.amount_pence, e.spent_on, e.note, e.status, e.created_at, "
            "e.decided_at, e.decision_reason, e.payment_run_id, r.filename AS receipt_file, "
            "r.size AS receipt_bytes, r.sha256 AS receipt_sha256 FROM expenses AS e "
            "LEFT JOIN expense_receipts AS r ON r.id = e.receipt_id "
            "WHERE e.guild_id = ? AND e.member_id = ? ORDER BY e.id"
        ),
        kept_because=member_data.FINANCE_KEEPS,
    )
)
