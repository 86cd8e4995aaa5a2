"""Payment runs: each export, and the exact files it produced."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from storage import member_data
from storage.codec import date_from_db, date_to_db, dt_from_db, dt_to_db, opt_dt_from_db
from storage.database import Conn


@dataclass(frozen=True, slots=True)
class PaymentRun:
    """One export of approved, unpaid hours."""

    id: int
    guild_id: int
    period_from: date
    period_to: date
    budget_code: str | None
    entry_count: int
    total_pence: int
    created_by: int | None
    created_at: datetime
    people_count: int | None = None  # None for runs made before it was kept
    reopened_at: datetime | None = None
    reopened_by: int | None = None
    reopen_reason: str | None = None
    expense_count: int = 0  # expenses paid back in the run, apart from fees
    expenses_pence: int = 0


_COLUMNS = (
    "id, guild_id, period_from, period_to, budget_code, entry_count, total_pence, "
    "created_by, created_at, people_count, reopened_at, reopened_by, reopen_reason, "
    "expense_count, expenses_pence"
)


def _run(r: Any) -> PaymentRun:
    return PaymentRun(
        id=r["id"],
        guild_id=r["guild_id"],
        period_from=date_from_db(r["period_from"]),
        period_to=date_from_db(r["period_to"]),
        budget_code=r["budget_code"],
        entry_count=r["entry_count"],
        total_pence=r["total_pence"],
        created_by=r["created_by"],
        created_at=dt_from_db(r["created_at"]),
        people_count=r["people_count"],
        reopened_at=opt_dt_from_db(r["reopened_at"]),
        reopened_by=r["reopened_by"],
        reopen_reason=r["reopen_reason"],
        expense_count=r["expense_count"],
        expenses_pence=r["expenses_pence"],
    )


async def create(
    conn: Conn,
    *,
    guild_id: int,
    period_from: date,
    period_to: date,
    budget_code: str | None,
    created_by: int | None,
    now: datetime,
) -> int:
    """Start a run; return its id."""
    return await conn.insert(
        "INSERT INTO payment_runs (guild_id, period_from, period_to, budget_code, created_by, "
        "created_at) VALUES (?, ?, ?, ?, ?, ?)",
        (
            guild_id,
            date_to_db(period_from),
            date_to_db(period_to),
            budget_code,
            created_by,
            dt_to_db(now),
        ),
    )


async def set_totals(
    conn: Conn,
    run_id: int,
    *,
    entry_count: int,
    total_pence: int,
    people_count: int,
    expense_count: int = 0,
    expenses_pence: int = 0,
) -> None:
    """Record how many entries, people and how much money a run holds: fees in
    `total_pence`, expenses apart."""
    await conn.execute(
        "UPDATE payment_runs SET entry_count = ?, total_pence = ?, people_count = ?, "
        "expense_count = ?, expenses_pence = ? WHERE id = ?",
        (entry_count, total_pence, people_count, expense_count, expenses_pence, run_id),
    )


async def mark_reopened(
    conn: Conn, guild_id: int, run_id: int, *, actor_id: int | None, reason: str, now: datetime
) -> bool:
    """Mark a run reopened (made by mistake); False when it already was."""
    changed = await conn.execute(
        "UPDATE payment_runs SET reopened_at = ?, reopened_by = ?, reopen_reason = ? "
        "WHERE guild_id = ? AND id = ? AND reopened_at IS NULL",
        (dt_to_db(now), actor_id, reason, guild_id, run_id),
    )
    return changed == 1


async def get(conn: Conn, guild_id: int, run_id: int) -> PaymentRun | None:
    """One run of a panel, or None."""
    row = await conn.fetchone(
        f"SELECT {_COLUMNS} FROM payment_runs WHERE guild_id = ? AND id = ?",  # noqa: S608
        (guild_id, run_id),
    )
    return None if row is None else _run(row)


async def put_file(conn: Conn, run_id: int, name: str, content: bytes) -> None:
    """Keep a file a run produced (first write wins, so a run never changes)."""
    await conn.execute(
        "INSERT INTO payment_run_files (run_id, name, content) VALUES (?, ?, ?) "
        "ON CONFLICT (run_id, name) DO NOTHING",
        (run_id, name, content),
    )


async def get_file(conn: Conn, run_id: int, name: str) -> bytes | None:
    """A stored file of a run, or None."""
    value = await conn.fetchval(
        "SELECT content FROM payment_run_files WHERE run_id = ? AND name = ?", (run_id, name)
    )
    return None if value is None else bytes(value)


async def guild_ids(conn: Conn) -> list[int]:
    """Every panel that has hours or settings stored (for the command line)."""
    rows = await conn.fetchall(
        "SELECT guild_id FROM guild_settings UNION SELECT DISTINCT guild_id FROM hours_entries "
        "ORDER BY 1"
    )
    return [r[0] for r in rows]


member_data.register(
    member_data.MemberStore(
        name="payment runs you made",
        tables=("payment_runs", "payment_run_files", "payment_run_released"),
        list=member_data.listing(
            "SELECT id, period_from, period_to, entry_count, total_pence, created_at, "
            "reopened_at, reopen_reason FROM payment_runs "
            "WHERE guild_id = ? AND ? IN (created_by, reopened_by) ORDER BY id"
        ),
        kept_because=member_data.FINANCE_KEEPS,
    )
)
