"""The hours ledger: one row per piece of paid time, never edited once approved."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from storage import member_data
from storage.codec import date_from_db, date_to_db, dt_from_db, dt_to_db, opt_dt_from_db
from storage.database import Conn

ACTIVITIES = ("meeting", "preparation", "review", "training", "travel", "other")
SOURCES = ("attendance", "claim", "adjustment")
STATUSES = ("pending", "approved", "rejected")


@dataclass(frozen=True, slots=True)
class HoursEntry:
    """One entry in the ledger."""

    id: int
    guild_id: int
    member_id: int
    activity: str
    minutes: int
    work_date: date
    session_id: int | None
    source: str
    status: str
    note: str | None
    created_by: int
    created_at: datetime
    decided_by: int | None
    decided_at: datetime | None
    decision_reason: str | None
    rate_pence_per_hour: int | None
    paid_minutes: int | None
    amount_pence: int | None
    corrects_entry_id: int | None
    payment_run_id: int | None
    # Added by a coordinator for someone without the member role (they confirmed it).
    not_on_panel: bool = False


COLUMNS = (
    "id, guild_id, member_id, activity, minutes, work_date, session_id, source, status, note, "
    "created_by, created_at, decided_by, decided_at, decision_reason, rate_pence_per_hour, "
    "paid_minutes, amount_pence, corrects_entry_id, payment_run_id, not_on_panel"
)


def entry_from_row(row: Any) -> HoursEntry:
    """Build an entry from a row selected with COLUMNS."""
    return HoursEntry(
        id=row["id"],
        guild_id=row["guild_id"],
        member_id=row["member_id"],
        activity=row["activity"],
        minutes=row["minutes"],
        work_date=date_from_db(row["work_date"]),
        session_id=row["session_id"],
        source=row["source"],
        status=row["status"],
        note=row["note"],
        created_by=row["created_by"],
        created_at=dt_from_db(row["created_at"]),
        decided_by=row["decided_by"],
        decided_at=opt_dt_from_db(row["decided_at"]),
        decision_reason=row["decision_reason"],
        rate_pence_per_hour=row["rate_pence_per_hour"],
        paid_minutes=row["paid_minutes"],
        amount_pence=row["amount_pence"],
        corrects_entry_id=row["corrects_entry_id"],
        payment_run_id=row["payment_run_id"],
        not_on_panel=bool(row["not_on_panel"]),
    )


async def insert(
    conn: Conn,
    *,
    guild_id: int,
    member_id: int,
    activity: str,
    minutes: int,
    work_date: date,
    source: str,
    created_by: int,
    now: datetime,
    session_id: int | None = None,
    note: str | None = None,
    corrects_entry_id: int | None = None,
    not_on_panel: bool = False,
) -> HoursEntry:
    """Add a pending entry and return it."""
    entry_id = await conn.insert(
        "INSERT INTO hours_entries (guild_id, member_id, activity, minutes, work_date, "
        "session_id, source, status, note, created_by, created_at, corrects_entry_id, "
        "not_on_panel) VALUES (?, ?, ?, ?, ?, ?, ?, 'pending', ?, ?, ?, ?, ?)",
        (
            guild_id,
            member_id,
            activity,
            minutes,
            date_to_db(work_date),
            session_id,
            source,
            note,
            created_by,
            dt_to_db(now),
            corrects_entry_id,
            int(not_on_panel),
        ),
    )
    found = await get(conn, guild_id, entry_id)
    assert found is not None
    return found


async def insert_attendance(
    conn: Conn,
    *,
    guild_id: int,
    session_id: int,
    member_id: int,
    activity: str,
    minutes: int,
    work_date: date,
    note: str | None,
    created_by: int,
    now: datetime,
) -> HoursEntry | None:
    """Add a pending attendance entry; None when this session already has one for them."""
    changed = await conn.execute(
        "INSERT INTO hours_entries (guild_id, member_id, activity, minutes, work_date, "
        "session_id, source, status, note, created_by, created_at) "
        "VALUES (?, ?, ?, ?, ?, ?, 'attendance', 'pending', ?, ?, ?) "
        "ON CONFLICT DO NOTHING",
        (
            guild_id,
            member_id,
            activity,
            minutes,
            date_to_db(work_date),
            session_id,
            note,
            created_by,
            dt_to_db(now),
        ),
    )
    if changed == 0:
        return None
    entry_id = await conn.fetchval("SELECT last_insert_rowid()")
    return await get(conn, guild_id, int(entry_id))


async def get(conn: Conn, guild_id: int, entry_id: int) -> HoursEntry | None:
    """One entry of a panel, or None."""
    row = await conn.fetchone(
        f"SELECT {COLUMNS} FROM hours_entries WHERE guild_id = ? AND id = ?",  # noqa: S608
        (guild_id, entry_id),
    )
    return None if row is None else entry_from_row(row)


async def for_session(conn: Conn, guild_id: int, session_id: int) -> list[HoursEntry]:
    """Every entry linked to a session, in id order."""
    rows = await conn.fetchall(
        f"SELECT {COLUMNS} FROM hours_entries "  # noqa: S608
        "WHERE guild_id = ? AND session_id = ? ORDER BY id",
        (guild_id, session_id),
    )
    return [entry_from_row(r) for r in rows]


async def for_member(
    conn: Conn, guild_id: int, member_id: int, *, start: date, end: date
) -> list[HoursEntry]:
    """A member's entries with a work date in [start, end], oldest first."""
    rows = await conn.fetchall(
        f"SELECT {COLUMNS} FROM hours_entries "  # noqa: S608
        "WHERE guild_id = ? AND member_id = ? AND work_date BETWEEN ? AND ? "
        "ORDER BY work_date, id",
        (guild_id, member_id, date_to_db(start), date_to_db(end)),
    )
    return [entry_from_row(r) for r in rows]


async def pending(
    conn: Conn, guild_id: int, *, session_id: int | None = None, limit: int = 1000
) -> list[HoursEntry]:
    """Pending entries, oldest first, optionally of one session."""
    rows = await conn.fetchall(
        f"SELECT {COLUMNS} FROM hours_entries "  # noqa: S608
        "WHERE guild_id = ? AND status = 'pending' AND (? IS NULL OR session_id = ?) "
        "ORDER BY created_at, id LIMIT ?",
        (guild_id, session_id, session_id, limit),
    )
    return [entry_from_row(r) for r in rows]


@dataclass(frozen=True, slots=True)
class WaitingForRate:
    """Pending entries of one activity that no rate covers yet (none from their date on)."""

    activity: str
    entries: int
    earliest: date


async def pending_without_rate(
    conn: Conn, guild_id: int, *, activity: str | None = None
) -> list[WaitingForRate]:
    """Per activity: pending entries dated before any rate for it, and the earliest date."""
    rows = await conn.fetchall(
        "SELECT e.activity, count(*) AS n, min(e.work_date) AS first FROM hours_entries AS e "
        "WHERE e.guild_id = ? AND e.status = 'pending' AND (? IS NULL OR e.activity = ?) "
        "AND NOT EXISTS (SELECT 1 FROM rates AS r WHERE r.guild_id = e.guild_id "
        "AND r.activity = e.activity AND r.effective_from <= e.work_date) "
        "GROUP BY e.activity ORDER BY e.activity",
        (guild_id, activity, activity),
    )
    return [WaitingForRate(r["activity"], r["n"], date_from_db(r["first"])) for r in rows]


async def count_pending(conn: Conn, guild_id: int) -> int:
    """How many entries wait for a decision."""
    return int(
        await conn.fetchval(
            "SELECT count(*) FROM hours_entries WHERE guild_id = ? AND status = 'pending'",
            (guild_id,),
        )
    )


async def find_identical_pending(
    conn: Conn,
    *,
    guild_id: int,
    member_id: int,
    activity: str,
    minutes: int,
    work_date: date,
    session_id: int | None,
) -> HoursEntry | None:
    """A pending claim exactly like this one, if the member already made it."""
    row = await conn.fetchone(
        f"SELECT {COLUMNS} FROM hours_entries "  # noqa: S608
        "WHERE guild_id = ? AND member_id = ? AND activity = ? AND minutes = ? "
        "AND work_date = ? AND session_id IS ? AND status = 'pending' AND source = 'claim' "
        "LIMIT 1",
        (guild_id, member_id, activity, minutes, date_to_db(work_date), session_id),
    )
    return None if row is None else entry_from_row(row)


async def other_session_minutes(conn: Conn, entry: HoursEntry) -> int:
    """Minutes of the member's other entries for the same session and activity that are
    approved or waiting (so a claim that repeats the attendance entry is noticed)."""
    if entry.session_id is None:
        return 0
    value = await conn.fetchval(
        "SELECT coalesce(sum(minutes), 0) FROM hours_entries WHERE guild_id = ? "
        "AND session_id = ? AND member_id = ? AND activity = ? AND id <> ? "
        "AND status <> 'rejected'",
        (entry.guild_id, entry.session_id, entry.member_id, entry.activity, entry.id),
    )
    return int(value)


async def approved_minutes_on(conn: Conn, guild_id: int, member_id: int, day: date) -> int:
    """The sum of a member's approved minutes with this work date."""
    value = await conn.fetchval(
        "SELECT coalesce(sum(minutes), 0) FROM hours_entries "
        "WHERE guild_id = ? AND member_id = ? AND work_date = ? AND status = 'approved'",
        (guild_id, member_id, date_to_db(day)),
    )
    return int(value)


async def approved_minutes_for_session(
    conn: Conn, guild_id: int, member_id: int, session_id: int
) -> int:
    """The sum of a member's approved minutes linked to a session."""
    value = await conn.fetchval(
        "SELECT coalesce(sum(minutes), 0) FROM hours_entries "
        "WHERE guild_id = ? AND member_id = ? AND session_id = ? AND status = 'approved'",
        (guild_id, member_id, session_id),
    )
    return int(value)


async def approved_minutes_for_entry(conn: Conn, guild_id: int, entry_id: int) -> int:
    """An approved entry's minutes plus every approved correction of it."""
    value = await conn.fetchval(
        "SELECT coalesce(sum(minutes), 0) FROM hours_entries "
        "WHERE guild_id = ? AND status = 'approved' AND (id = ? OR corrects_entry_id = ?)",
        (guild_id, entry_id, entry_id),
    )
    return int(value)


async def approved_minutes_on_activity(
    conn: Conn, guild_id: int, member_id: int, day: date, activity: str
) -> int:
    """The sum of a member's approved minutes of one activity on one work date."""
    value = await conn.fetchval(
        "SELECT coalesce(sum(minutes), 0) FROM hours_entries WHERE guild_id = ? "
        "AND member_id = ? AND work_date = ? AND activity = ? AND status = 'approved'",
        (guild_id, member_id, date_to_db(day), activity),
    )
    return int(value)


async def approve(
    conn: Conn,
    *,
    guild_id: int,
    entry_id: int,
    decided_by: int,
    now: datetime,
    rate_pence_per_hour: int,
    paid_minutes: int,
    amount_pence: int,
) -> bool:
    """Mark a pending entry approved with its frozen rate and amount; False if not pending."""
    changed = await conn.execute(
        "UPDATE hours_entries SET status = 'approved', decided_by = ?, decided_at = ?, "
        "rate_pence_per_hour = ?, paid_minutes = ?, amount_pence = ? "
        "WHERE guild_id = ? AND id = ? AND status = 'pending'",
        (
            decided_by,
            dt_to_db(now),
            rate_pence_per_hour,
            paid_minutes,
            amount_pence,
            guild_id,
            entry_id,
        ),
    )
    return changed == 1


async def reject(
    conn: Conn, *, guild_id: int, entry_id: int, decided_by: int, now: datetime, reason: str
) -> bool:
    """Mark a pending entry rejected with a reason; False if it was not pending."""
    changed = await conn.execute(
        "UPDATE hours_entries SET status = 'rejected', decided_by = ?, decided_at = ?, "
        "decision_reason = ? WHERE guild_id = ? AND id = ? AND status = 'pending'",
        (decided_by, dt_to_db(now), reason, guild_id, entry_id),
    )
    return changed == 1


@dataclass(frozen=True, slots=True)
class Total:
    """Approved minutes and pence for one member and activity."""

    member_id: int
    activity: str
    minutes: int
    paid_minutes: int
    amount_pence: int
    entries: int


async def totals(conn: Conn, guild_id: int, *, start: date, end: date) -> list[Total]:
    """Approved totals per member and activity for work dates in [start, end]."""
    rows = await conn.fetchall(
        "SELECT member_id, activity, sum(minutes) AS minutes, sum(paid_minutes) AS paid, "
        "sum(amount_pence) AS amount, count(*) AS n FROM hours_entries "
        "WHERE guild_id = ? AND status = 'approved' AND work_date BETWEEN ? AND ? "
        "GROUP BY member_id, activity ORDER BY member_id, activity",
        (guild_id, date_to_db(start), date_to_db(end)),
    )
    return [
        Total(
            member_id=r["member_id"],
            activity=r["activity"],
            minutes=r["minutes"],
            paid_minutes=r["paid"],
            amount_pence=r["amount"],
            entries=r["n"],
        )
        for r in rows
    ]


async def mark_run(
    conn: Conn, guild_id: int, run_id: int, *, start: date, end: date, skip: Sequence[int] = ()
) -> int:
    """Put every approved, unpaid entry in [start, end] into a run, except the entries of
    members in `skip` (held back); return how many."""
    return await conn.execute(
        "UPDATE hours_entries SET payment_run_id = :run WHERE guild_id = :guild "  # noqa: S608
        "AND status = 'approved' AND payment_run_id IS NULL AND work_date BETWEEN :start AND :end "
        f"AND {_NOT_SKIPPED}",
        {
            "run": run_id,
            "guild": guild_id,
            "start": date_to_db(start),
            "end": date_to_db(end),
            "skip": _ids_json(skip),
        },
    )


async def release_run(conn: Conn, guild_id: int, run_id: int) -> int:
    """Take a reopened run's entries out of it (kept on record in payment_run_released), so a
    later run can pay them; return how many."""
    await conn.execute(
        "INSERT INTO payment_run_released (run_id, entry_id) SELECT payment_run_id, id "
        "FROM hours_entries WHERE guild_id = ? AND payment_run_id = ? ON CONFLICT DO NOTHING",
        (guild_id, run_id),
    )
    return await conn.execute(
        "UPDATE hours_entries SET payment_run_id = NULL WHERE guild_id = ? AND payment_run_id = ?",
        (guild_id, run_id),
    )


def _ids_json(ids: Sequence[int]) -> str:
    return json.dumps(sorted({int(i) for i in ids}))


_NOT_SKIPPED = "member_id NOT IN (SELECT value FROM json_each(:skip))"
_UNPAID = (
    "guild_id = :guild AND status = 'approved' AND payment_run_id IS NULL "
    "AND work_date BETWEEN :start AND :end"
)


# The detail file's flag on an entry added for someone without the member role.
NOT_ON_PANEL_FLAG = "not on the panel when added"


def _money_sql(column: str) -> str:
    """SQL for whole pence -> '12.50' or '-12.50': a plain number, so spreadsheets add it up."""
    return (
        f"CASE WHEN {column} < 0 THEN '-' || printf('%d.%02d', -{column} / 100, "
        f"-{column} % 100) ELSE printf('%d.%02d', {column} / 100, {column} % 100) END"
    )


@dataclass(frozen=True, slots=True)
class UnpaidGroup:
    """One member's approved, unpaid entries of one activity at one rate, for a payment run.

    `entry_ids` are the entries' ids in number order, space-separated; `lines` are their
    detail-file rows as CSV text (activity, entry id, work date, source, session id,
    corrected entry, minutes, paid minutes, rate per hour, amount, flags), oldest work date
    first, each ending in CR LF. `not_on_panel` counts entries added for someone without
    the member role."""

    member_id: int
    activity: str
    rate_pence_per_hour: int
    entries: int
    minutes: int
    paid_minutes: int
    amount_pence: int
    entry_ids: str
    lines: str
    not_on_panel: int = 0


def _fold_groups(rows: Iterable[Any]) -> list[UnpaidGroup]:
    """Rows ordered by member, activity, rate, work date and id -> one UnpaidGroup each."""
    groups: list[UnpaidGroup] = []
    key: tuple[int, str, int] | None = None
    ids: list[int] = []
    lines: list[str] = []
    minutes = paid = amount = flagged = 0

    def close() -> None:
        assert key is not None
        ids.sort()
        lines.append("")  # so every line ends in CR LF
        groups.append(
            UnpaidGroup(
                *key,
                entries=len(ids),
                minutes=minutes,
                paid_minutes=paid,
                amount_pence=amount,
                entry_ids=" ".join(map(str, ids)),
                lines="\r\n".join(lines),
                not_on_panel=flagged,
            )
        )

    for member_id, activity, rate, row_minutes, row_paid, row_amount, entry_id, off, line in rows:
        if key is None or key != (member_id, activity, rate):
            if key is not None:
                close()
            key = (member_id, activity, rate)
            ids, lines = [], []
            minutes = paid = amount = flagged = 0
        ids.append(entry_id)
        flagged += off
        lines.append(line)
        minutes += row_minutes
        paid += row_paid
        amount += row_amount
    if key is not None:
        close()
    return groups


async def unpaid_groups(
    conn: Conn, guild_id: int, *, start: date, end: date, zero_for: Sequence[int]
) -> list[UnpaidGroup]:
    """Approved, unpaid entries with work dates in [start, end], added up per member, activity
    and rate, with their detail-file rows, for a payment run.

    The amount in a row is 0.00 for members in `zero_for` (they decline payment; the group's
    amount_pence still adds up what was approved). SQLite builds the row text and sorts it,
    and the rows are folded into groups as they come, because a run can hold 100,000 entries;
    none of these columns can hold a comma, quote or line break. Numbers are plain numbers,
    negative ones too (no formula guard: that is only for text people typed), so a
    spreadsheet's totals include corrections.
    """
    params = {"guild": guild_id, "start": date_to_db(start), "end": date_to_db(end)}
    # When the period holds most of the panel's rows, reading the table in order beats
    # jumping about it through the index (about twice as fast for a whole year).
    wanted = await conn.fetchval(f"SELECT count(*) FROM hours_entries WHERE {_UNPAID}", params)  # noqa: S608
    stored = await conn.fetchval(
        "SELECT count(*) FROM hours_entries WHERE guild_id = ?", (guild_id,)
    )
    access = "NOT INDEXED" if wanted * 4 > stored else ""
    return await conn.fold(
        # Only fixed SQL fragments from this module are formatted in; values are parameters.
        "SELECT member_id, activity, rate_pence_per_hour, minutes, paid_minutes, amount_pence, "  # noqa: S608
        "id, not_on_panel, activity || ',' || id || ',' || work_date || ',' || source || ',' || "
        "coalesce(session_id, '') || ',' || coalesce(corrects_entry_id, '') || ',' || "
        "minutes || ',' || paid_minutes || ',' || "
        f"{_money_sql('rate_pence_per_hour')} || ',' || "
        "CASE WHEN member_id IN (SELECT value FROM json_each(:zero)) THEN '0.00' "
        f"ELSE {_money_sql('amount_pence')} END || ',' || "
        f"CASE WHEN not_on_panel THEN '{NOT_ON_PANEL_FLAG}' ELSE '' END "
        f"FROM hours_entries {access} WHERE {_UNPAID} "
        "ORDER BY member_id, activity, rate_pence_per_hour, work_date, id",
        {**params, "zero": _ids_json(zero_for)},
        _fold_groups,
    )


async def run_ids_in_period(conn: Conn, guild_id: int, *, start: date, end: date) -> list[int]:
    """The payment runs holding approved entries with work dates in [start, end], in order."""
    rows = await conn.fetchall(
        "SELECT DISTINCT payment_run_id FROM hours_entries WHERE guild_id = ? "
        "AND payment_run_id IS NOT NULL AND work_date BETWEEN ? AND ? ORDER BY 1",
        (guild_id, date_to_db(start), date_to_db(end)),
    )
    return [r[0] for r in rows]


async def count_unpaid_before(conn: Conn, guild_id: int, day: date) -> int:
    """How many approved entries with a work date before `day` are in no payment run yet."""
    return int(
        await conn.fetchval(
            "SELECT count(*) FROM hours_entries WHERE guild_id = ? AND status = 'approved' "
            "AND payment_run_id IS NULL AND work_date < ?",
            (guild_id, date_to_db(day)),
        )
    )


async def members_in_run(conn: Conn, guild_id: int, run_id: int) -> int:
    """How many members a payment run pays."""
    return int(
        await conn.fetchval(
            "SELECT count(DISTINCT member_id) FROM hours_entries "
            "WHERE guild_id = ? AND status = 'approved' AND payment_run_id = ?",
            (guild_id, run_id),
        )
    )


member_data.register(
    member_data.MemberStore(
        name="hours",
        tables=("hours_entries",),
        list=member_data.listing(
            "SELECT id, activity, minutes, work_date, session_id, source, status, note, "
            "created_at, decided_at, decision_reason, rate_pence_per_hour, paid_minutes, "
            "amount_pence, corrects_entry_id, payment_run_id FROM hours_entries "
            "WHERE guild_id = ? AND member_id = ? ORDER BY id"
        ),
        kept_because=member_data.FINANCE_KEEPS,
    )
)
