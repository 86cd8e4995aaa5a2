"""Rules for the hours ledger: attendance, claims, decisions, corrections and totals.

Decisions worth knowing:

* Attendance entries from a session end are pending, like claims: a coordinator approves
  them in /hours review (one button approves a whole session).
* Approval freezes the rate in force on the entry's work date and the amount. With no rate
  set for that activity and date, approval is refused (nobody is paid £0 by accident).
* The daily cap: minutes past the cap on one work date are approved and kept on record, but
  not paid (see bot.services.hours.money.paid_minutes). The member and the export see both.
* Approved entries are never edited: /hours add writes a new approved adjustment, which may
  point at the entry it corrects. A negative adjustment needs a note and cannot take the
  member's approved total (for that entry, session, or day and activity) below zero.
* A coordinator cannot decide on their own claim, nor add paid time for themselves.
* Adding time for someone without the member role needs the coordinator to confirm it
  (NotOnPanel is raised first); the entry is then marked, and the payment run flags it.
  Taking time off (a negative change) needs no confirming.
* A correction is paid at the rate frozen on the entry it corrects, so taking back time
  takes back exactly what was paid for it, even if the rate table changed since.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from bot.clock import Clock
from bot.errors import BadInput, Conflict, NotFound
from bot.services import notices
from bot.services.bounds import known_id
from bot.services.clean_text import clean_text
from bot.services.hours import money as pay
from bot.services.hours.cells import plain_text, safe_cell
from bot.services.sessions import register
from bot.services.timeparse import TimeParseError, parse_date
from bot.text import formatting
from bot.text import hours as text
from storage import audit, guild_settings, members, rates, sessions
from storage import expenses as expenses_repo
from storage import hours as ledger
from storage.database import Conn, Database
from storage.expenses import Expense
from storage.hours import ACTIVITIES, HoursEntry, Total

MAX_MINUTES = 1440
MAX_NOTE = 500
MAX_REASON = 500


@dataclass(frozen=True, slots=True)
class NewEntry:
    """Time a member is owed for a session, as the session service works it out."""

    member_id: int
    activity: str
    minutes: int
    work_date: date
    note: str | None = None


async def add_attendance_entries(
    conn: Conn,
    *,
    guild_id: int,
    session_id: int,
    entries: Sequence[NewEntry],
    created_by: int,
    now: datetime,
) -> list[HoursEntry]:
    """Write pending attendance entries for a session inside the caller's transaction.

    Idempotent per (session, member, activity): an entry that already exists is left as it
    is and not returned, so ending a session twice never writes time twice. Entries with no
    minutes are skipped. Each new entry is audited in the same transaction.
    """
    written: list[HoursEntry] = []
    for new in entries:
        if new.activity not in ACTIVITIES:
            raise BadInput(text.ACTIVITY_UNKNOWN.format(activity=new.activity[:30]))
        if new.minutes <= 0:
            continue
        entry = await ledger.insert_attendance(
            conn,
            guild_id=guild_id,
            session_id=session_id,
            member_id=new.member_id,
            activity=new.activity,
            minutes=min(new.minutes, MAX_MINUTES),
            work_date=new.work_date,
            note=new.note,
            created_by=created_by,
            now=now,
        )
        if entry is None:
            continue
        await audit.record(
            conn,
            guild_id=guild_id,
            actor_id=created_by,
            action="hours.attendance",
            now=now,
            target=f"entry:{entry.id}",
            detail={
                "member_id": entry.member_id,
                "session_id": session_id,
                "activity": entry.activity,
                "minutes": entry.minutes,
                "work_date": entry.work_date.isoformat(),
            },
        )
        written.append(entry)
    return written


async def entries_for_session(db: Database, guild_id: int, session_id: int) -> list[HoursEntry]:
    """Every ledger entry linked to a session, oldest first."""
    async with db.read() as conn:
        return await ledger.for_session(conn, guild_id, session_id)


# --- small helpers ------------------------------------------------------------------------


def check_activity(activity: str) -> str:
    """The activity name, tidied, or a plain error if it is not one of ACTIVITIES."""
    cleaned = activity.strip().lower()
    if cleaned not in ACTIVITIES:
        raise BadInput(text.ACTIVITY_UNKNOWN.format(activity=activity.strip()[:30]))
    return cleaned


def _clean_note(
    note: str | None, *, limit: int = MAX_NOTE, what: str = text.FIELD_NOTE
) -> str | None:
    """A typed note or reason on one line, without hidden characters (see clean_text)."""
    cleaned = clean_text(note, what=what)
    if cleaned is not None and len(cleaned) > limit:
        raise BadInput(text.NOTE_TOO_LONG.format(limit=limit))
    return cleaned


def today_in(tz: str, now: datetime) -> date:
    """The calendar date now in a panel's time zone."""
    return now.astimezone(ZoneInfo(tz)).date()


_ISO_DAY = re.compile(r"\s*([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})\s*")


def read_date(day: str, *, tz: str, now: datetime) -> date:
    """A date typed by a person, in the panel's zone, or a plain error.

    A date written year-month-day must be a real one: '2026-13-01' is refused, never
    read some other way (it would quietly change a claim or a payment run's period).
    """
    iso = _ISO_DAY.fullmatch(day)
    if iso is not None:
        try:
            date(*(int(part) for part in iso.groups()))
        except ValueError:
            raise BadInput(text.DATE_UNREADABLE.format(text=day.strip()[:40])) from None
    try:
        return parse_date(day, tz=tz, now=now, prefer="past")
    except TimeParseError as exc:
        if exc.reason == "out_of_range":
            raise BadInput(text.DATE_TOO_FAR) from None
        raise BadInput(text.DATE_UNREADABLE.format(text=day.strip()[:40])) from None


def _month_span(year: int, month: int) -> tuple[date, date]:
    first = date(year, month, 1)
    following = date(year + month // 12, month % 12 + 1, 1)
    return first, following - timedelta(days=1)


def named_span(words: str, today: date) -> tuple[date, date] | None:
    """The first and last day of 'this month', 'last month', 'this week' (from Monday),
    'last week', 'this year' or 'last year' around `today`; None for anything else."""
    phrase = " ".join(words.lower().split())
    if phrase == "this month":
        return _month_span(today.year, today.month)
    if phrase == "last month":
        return _month_span(
            *((today.year, today.month - 1) if today.month > 1 else (today.year - 1, 12))
        )
    if phrase in {"this week", "last week"}:
        monday = today - timedelta(days=today.weekday())
        if phrase == "last week":
            monday -= timedelta(weeks=1)
        return monday, monday + timedelta(days=6)
    if phrase == "this year":
        return date(today.year, 1, 1), date(today.year, 12, 31)
    if phrase == "last year":
        return date(today.year - 1, 1, 1), date(today.year - 1, 12, 31)
    return None


def read_period(
    start: str | None,
    end: str | None,
    *,
    tz: str,
    now: datetime,
    default: str = "last month",
) -> tuple[date, date]:
    """The first and last day of a period typed by a person, or a plain error.

    Each side takes a date ('2026-03-01', '1 Nov', 'yesterday') or a named span ('last
    month', 'this month', 'last week', 'this year'...): a span gives its first day as the
    start and its last day as the end. Both left out: the `default` span ('last month', the
    last full month; or 'this month so far'). Only the start: up to today. Only the end:
    from the first of the end's month.
    """
    today = today_in(tz, now)
    typed_start = start.strip() if start and start.strip() else None
    typed_end = end.strip() if end and end.strip() else None
    if typed_start is None and typed_end is None:
        if default == "this month so far":
            return today.replace(day=1), today
        span = named_span(default, today)
        assert span is not None
        return span

    def edge(typed: str, index: int) -> date:
        span = named_span(typed, today)
        return span[index] if span is not None else read_date(typed, tz=tz, now=now)

    last = edge(typed_end, 1) if typed_end is not None else today
    first = edge(typed_start, 0) if typed_start is not None else last.replace(day=1)
    if first > last:
        raise BadInput(text.PERIOD_BACKWARDS)
    return first, last


async def _session_date(conn: Conn, guild_id: int, session_id: int, tz: str) -> date:
    found = await sessions.get(conn, session_id, guild_id=guild_id)
    if found is None:
        raise NotFound(text.SESSION_NOT_FOUND.format(session=session_id))
    return found.starts_at.astimezone(ZoneInfo(tz)).date()


async def rate_for(conn: Conn, entry: HoursEntry) -> int | None:
    """Pence per hour for an entry: a correction keeps the rate of the entry it corrects;
    anything else gets the rate in force on its work date. None when there is no rate."""
    if entry.corrects_entry_id is not None:
        corrected = await ledger.get(conn, entry.guild_id, entry.corrects_entry_id)
        if corrected is not None and corrected.rate_pence_per_hour is not None:
            return corrected.rate_pence_per_hour
    rate = await rates.in_force(conn, entry.guild_id, entry.activity, entry.work_date)
    return None if rate is None else rate.pence_per_hour


async def blocked_reason(conn: Conn, entry: HoursEntry, *, actor_id: int) -> str | None:
    """Why `actor_id` cannot approve this pending entry now, and what to do; None if they can."""
    if entry.source == "claim" and entry.member_id == actor_id:
        return text.OWN_CLAIM_LINE
    if await rate_for(conn, entry) is None:
        return text.NO_RATE_LINE.format(
            activity=entry.activity, day=formatting.day(entry.work_date)
        )
    return None


async def short_stays(conn: Conn, guild_id: int, session_id: int) -> dict[int, int]:
    """Members of one of the panel's ended sessions who were there for fewer minutes than
    the panel's minimum (/setup attendance minimum), with their minutes there."""
    settings = await guild_settings.get(conn, guild_id)
    session = await sessions.get(conn, session_id, guild_id=guild_id)
    if session is None:
        return {}
    return await register.short_stays(conn, session, settings.attendance_minimum_minutes)


async def short_stay(conn: Conn, entry: HoursEntry) -> int | None:
    """For an entry written when its session ended: the member's minutes there when fewer
    than the panel's minimum (so a coordinator decides on it one by one); else None."""
    if entry.source != "attendance" or entry.session_id is None:
        return None
    return (await short_stays(conn, entry.guild_id, entry.session_id)).get(entry.member_id)


async def _approve_in(
    conn: Conn,
    entry: HoursEntry,
    *,
    actor_id: int,
    now: datetime,
    cap: int | None,
    no_rate: str = text.NO_RATE,
) -> HoursEntry:
    """Freeze rate, paid minutes and amount on a pending entry (inside a transaction).

    Without a rate for its day it raises BadInput with `no_rate` (the transaction is then
    rolled back, so the caller says what that means for the entry)."""
    rate_pence = await rate_for(conn, entry)
    if rate_pence is None:
        raise BadInput(no_rate.format(activity=entry.activity, day=formatting.day(entry.work_date)))
    before = await ledger.approved_minutes_on(
        conn, entry.guild_id, entry.member_id, entry.work_date
    )
    paid = pay.paid_minutes(before, entry.minutes, cap)
    amount = pay.amount_pence(paid, rate_pence)
    changed = await ledger.approve(
        conn,
        guild_id=entry.guild_id,
        entry_id=entry.id,
        decided_by=actor_id,
        now=now,
        rate_pence_per_hour=rate_pence,
        paid_minutes=paid,
        amount_pence=amount,
    )
    if not changed:
        raise Conflict(text.ALREADY_DECIDED.format(entry=entry.id))
    await audit.record(
        conn,
        guild_id=entry.guild_id,
        actor_id=actor_id,
        action="hours.approve",
        now=now,
        target=f"entry:{entry.id}",
        detail={
            "member_id": entry.member_id,
            "minutes": entry.minutes,
            "paid_minutes": paid,
            "rate_pence_per_hour": rate_pence,
            "amount_pence": amount,
        },
    )
    approved = await ledger.get(conn, entry.guild_id, entry.id)
    assert approved is not None
    return approved


async def _pending_entry(conn: Conn, guild_id: int, entry_id: int, actor_id: int) -> HoursEntry:
    entry = await ledger.get(conn, guild_id, entry_id)
    if entry is None:
        raise NotFound(text.ENTRY_NOT_FOUND.format(entry=entry_id))
    if entry.status != "pending":
        raise Conflict(text.ALREADY_DECIDED.format(entry=entry_id))
    if entry.source == "claim" and entry.member_id == actor_id:
        raise Conflict(text.OWN_CLAIM)
    return entry


# --- claims -------------------------------------------------------------------------------


async def claim(
    db: Database,
    clock: Clock,
    *,
    guild_id: int,
    member_id: int,
    activity: str,
    minutes: int,
    day: str | None = None,
    session_id: int | None = None,
    note: str | None = None,
    display_name: str | None = None,
) -> HoursEntry:
    """A member claims time; it waits for a coordinator's decision."""
    activity = check_activity(activity)
    if minutes <= 0:
        raise BadInput(text.CLAIM_NOT_POSITIVE)
    if minutes > MAX_MINUTES:
        raise BadInput(text.CLAIM_TOO_LONG)
    if session_id is not None:
        known_id(session_id, text.SESSION_NOT_FOUND.format(session=session_id))
    cleaned_note = _clean_note(note)
    now = clock.now()
    async with db.transaction() as conn:
        settings = await guild_settings.get(conn, guild_id)
        today = today_in(settings.timezone, now)
        if day is not None and day.strip():
            work_date = read_date(day, tz=settings.timezone, now=now)
        elif session_id is not None:
            work_date = await _session_date(conn, guild_id, session_id, settings.timezone)
        else:
            work_date = today
        if session_id is not None:
            await _session_date(conn, guild_id, session_id, settings.timezone)
        if work_date > today:
            raise BadInput(text.CLAIM_FUTURE)
        duplicate = await ledger.find_identical_pending(
            conn,
            guild_id=guild_id,
            member_id=member_id,
            activity=activity,
            minutes=minutes,
            work_date=work_date,
            session_id=session_id,
        )
        if duplicate is not None:
            raise Conflict(text.CLAIM_DUPLICATE.format(entry=duplicate.id))
        entry = await ledger.insert(
            conn,
            guild_id=guild_id,
            member_id=member_id,
            activity=activity,
            minutes=minutes,
            work_date=work_date,
            source="claim",
            created_by=member_id,
            now=now,
            session_id=session_id,
            note=cleaned_note,
        )
        if display_name:
            await members.note_name(conn, guild_id, member_id, display_name[:100], now)
        await audit.record(
            conn,
            guild_id=guild_id,
            actor_id=member_id,
            action="hours.claim",
            now=now,
            target=f"entry:{entry.id}",
            detail={
                "activity": activity,
                "minutes": minutes,
                "work_date": work_date.isoformat(),
                "session_id": session_id,
            },
        )
        return entry


# --- decisions ----------------------------------------------------------------------------

# The DM telling a member about decisions on their entries (rendered in cogs/hours.py).
NOTICE_DECISION = "hours.decision"


async def tell_decided(
    conn: Conn,
    entries: Sequence[HoursEntry],
    *,
    actor_id: int,
    now: datetime,
    expenses: Sequence[Expense] = (),
) -> None:
    """Queue one DM per member about the entries (or expenses) just decided, in the
    decision's transaction: hours and expenses are told by the same message.

    With their DMs closed, the member is mentioned in the panel's notices channel (else the
    session's channel) and asked to check /hours me: the decision itself is never shown there.
    """
    by_member: dict[int, tuple[list[HoursEntry], list[Expense]]] = {}
    for entry in entries:
        by_member.setdefault(entry.member_id, ([], []))[0].append(entry)
    for expense in expenses:
        by_member.setdefault(expense.member_id, ([], []))[1].append(expense)
    for member_id, (own, costs) in by_member.items():
        channel_id = None
        for entry in own:
            if entry.session_id is not None:
                session = await sessions.get(conn, entry.session_id)
                channel_id = session.channel_id if session is not None else None
                break
        payload: dict[str, list[int]] = {"entries": sorted(e.id for e in own)}
        if costs:
            payload["expenses"] = sorted(e.id for e in costs)
        await notices.to_member(
            conn,
            NOTICE_DECISION,
            member_id,
            now=now,
            guild_id=(own or costs)[0].guild_id,
            # An expense's id may equal an entry's: its notices are told apart by `dedupe`.
            subject_id=min(e.id for e in own) if own else min(e.id for e in costs),
            dedupe="" if own else "expenses",
            fallback_channel_id=channel_id,
            owner_id=actor_id,
            payload=payload,
        )


async def decided_entries(
    db: Database, guild_id: int, entry_ids: Sequence[int]
) -> list[HoursEntry]:
    """Entries of a panel by id, in the order given (for the decision DM)."""
    return (await decided_items(db, guild_id, entry_ids, ()))[0]


async def decided_items(
    db: Database, guild_id: int, entry_ids: Sequence[int], expense_ids: Sequence[int]
) -> tuple[list[HoursEntry], list[Expense]]:
    """Entries and expenses of a panel by id, in the order given (for the decision DM)."""
    found: list[HoursEntry] = []
    costs: list[Expense] = []
    async with db.read() as conn:
        for entry_id in entry_ids:
            entry = await ledger.get(conn, guild_id, entry_id)
            if entry is not None:
                found.append(entry)
        for expense_id in expense_ids:
            expense = await expenses_repo.get(conn, guild_id, expense_id)
            if expense is not None:
                costs.append(expense)
    return found, costs


async def approve(
    db: Database, clock: Clock, *, guild_id: int, entry_id: int, actor_id: int
) -> HoursEntry:
    """Approve one pending entry at the rate in force on its work date."""
    now = clock.now()
    async with db.transaction() as conn:
        entry = await _pending_entry(conn, guild_id, entry_id, actor_id)
        settings = await guild_settings.get(conn, guild_id)
        approved = await _approve_in(
            conn, entry, actor_id=actor_id, now=now, cap=settings.daily_cap_minutes
        )
        await tell_decided(conn, [approved], actor_id=actor_id, now=now)
        return approved


async def reject(
    db: Database, clock: Clock, *, guild_id: int, entry_id: int, actor_id: int, reason: str
) -> HoursEntry:
    """Reject one pending entry; the reason is shown to the member."""
    cleaned = _clean_note(reason, limit=MAX_REASON, what=text.FIELD_REASON)
    if not cleaned:
        raise BadInput(text.REASON_NEEDED)
    now = clock.now()
    async with db.transaction() as conn:
        entry = await _pending_entry(conn, guild_id, entry_id, actor_id)
        if not await ledger.reject(
            conn, guild_id=guild_id, entry_id=entry_id, decided_by=actor_id, now=now, reason=cleaned
        ):
            raise Conflict(text.ALREADY_DECIDED.format(entry=entry_id))
        await audit.record(
            conn,
            guild_id=guild_id,
            actor_id=actor_id,
            action="hours.reject",
            now=now,
            target=f"entry:{entry.id}",
            detail={"member_id": entry.member_id, "minutes": entry.minutes, "reason": cleaned},
        )
        rejected = await ledger.get(conn, guild_id, entry_id)
        assert rejected is not None
        await tell_decided(conn, [rejected], actor_id=actor_id, now=now)
        return rejected


@dataclass(frozen=True, slots=True)
class SessionApproval:
    """What "Approve all of session N" did: the entries approved, and how many were left
    for a one-by-one decision (`short` of them because the member was there for fewer
    than `minimum` minutes)."""

    approved: list[HoursEntry]
    left: int
    short: int = 0
    minimum: int = 0


async def approve_session(
    db: Database, clock: Clock, *, guild_id: int, session_id: int, actor_id: int
) -> SessionApproval:
    """Approve every pending entry of one session at once.

    Left waiting for a one-by-one decision: entries that cannot be approved yet (no rate,
    the coordinator's own claims), claims that repeat time the member already has for
    the session and activity (a double claim), and the session's own entries for members
    who were there for fewer minutes than the panel's minimum (nobody is paid unseen).
    """
    now = clock.now()
    async with db.transaction() as conn:
        settings = await guild_settings.get(conn, guild_id)
        minimum = settings.attendance_minimum_minutes
        await _session_date(conn, guild_id, session_id, settings.timezone)
        waiting = await ledger.pending(conn, guild_id, session_id=session_id, limit=100_000)
        brief = await short_stays(conn, guild_id, session_id)
        approved = []
        short = 0
        for entry in waiting:
            if await blocked_reason(conn, entry, actor_id=actor_id) is not None:
                continue
            if entry.source == "claim" and await ledger.other_session_minutes(conn, entry):
                continue
            if entry.source == "attendance" and entry.member_id in brief:
                short += 1
                continue
            approved.append(
                await _approve_in(
                    conn, entry, actor_id=actor_id, now=now, cap=settings.daily_cap_minutes
                )
            )
        if not approved:
            if waiting:
                why = text.SESSION_NONE_AT_ONCE.format(session=session_id)
                if short:
                    why += short_words(short, minimum)
                raise Conflict(why)
            raise Conflict(text.SESSION_NOTHING_PENDING.format(session=session_id))
        await tell_decided(conn, approved, actor_id=actor_id, now=now)
        return SessionApproval(approved, len(waiting) - len(approved), short, minimum)


def short_words(short: int, minimum: int) -> str:
    """Why some of a session's entries were left out of "Approve all"."""
    return text.SESSION_LEFT_SHORT.format(
        entries=formatting.count(short, text.SHORT_ENTRIES), minimum=formatting.length(minimum)
    )


# --- adjustments --------------------------------------------------------------------------


class NotOnPanel(Conflict):
    """The person does not hold the member role: ask the coordinator before adding time."""


def on_panel(member_role_id: int | None, role_ids: Collection[int]) -> bool:
    """Whether someone with these roles is on the panel (everyone is, until a member role is
    set)."""
    return member_role_id is None or member_role_id in role_ids


async def add_adjustment(
    db: Database,
    clock: Clock,
    *,
    guild_id: int,
    actor_id: int,
    member_id: int,
    minutes: int,
    activity: str,
    note: str,
    session_id: int | None = None,
    day: str | None = None,
    corrects_entry_id: int | None = None,
    role_ids: Collection[int] | None = None,
    anyway: bool = False,
) -> HoursEntry:
    """A coordinator adds or corrects time: a new approved adjustment entry, audited.

    `role_ids` are the person's roles (None: not known, as from the command line). Adding
    time for someone without the member role raises NotOnPanel unless `anyway`; the entry
    added anyway is marked for the payment run."""
    activity = check_activity(activity)
    if minutes == 0:
        raise BadInput(text.ADD_ZERO)
    if abs(minutes) > MAX_MINUTES:
        raise BadInput(text.ADD_TOO_LONG)
    if session_id is not None:
        known_id(session_id, text.SESSION_NOT_FOUND.format(session=session_id))
    if corrects_entry_id is not None:
        known_id(corrects_entry_id, text.ENTRY_NOT_FOUND.format(entry=corrects_entry_id))
    if member_id == actor_id:
        raise Conflict(text.ADD_OWN)
    cleaned_note = _clean_note(note)
    if not cleaned_note:
        raise BadInput(text.ADD_NOTE_NEEDED)
    now = clock.now()
    async with db.transaction() as conn:
        settings = await guild_settings.get(conn, guild_id)
        corrected: HoursEntry | None = None
        if corrects_entry_id is not None:
            corrected = await ledger.get(conn, guild_id, corrects_entry_id)
            if corrected is None:
                raise NotFound(text.ENTRY_NOT_FOUND.format(entry=corrects_entry_id))
            if corrected.status != "approved":
                raise Conflict(text.CORRECT_ONLY_APPROVED.format(entry=corrects_entry_id))
            if corrected.member_id != member_id or corrected.activity != activity:
                raise BadInput(text.CORRECT_MISMATCH.format(entry=corrects_entry_id))
            if session_id is None:
                session_id = corrected.session_id
        if day is not None and day.strip():
            work_date = read_date(day, tz=settings.timezone, now=now)
        elif corrected is not None:
            work_date = corrected.work_date
        elif session_id is not None:
            work_date = await _session_date(conn, guild_id, session_id, settings.timezone)
        else:
            work_date = today_in(settings.timezone, now)
        if session_id is not None:
            await _session_date(conn, guild_id, session_id, settings.timezone)
        if work_date > today_in(settings.timezone, now):
            raise BadInput(text.CLAIM_FUTURE)
        if minutes < 0:  # neither the entry nor the session may go below zero
            totals: list[int] = []
            if corrected is not None:
                totals.append(await ledger.approved_minutes_for_entry(conn, guild_id, corrected.id))
            if session_id is not None:
                totals.append(
                    await ledger.approved_minutes_for_session(conn, guild_id, member_id, session_id)
                )
            if not totals:
                totals.append(
                    await ledger.approved_minutes_on_activity(
                        conn, guild_id, member_id, work_date, activity
                    )
                )
            so_far = min(totals)
            if so_far + minutes < 0:
                raise BadInput(
                    text.ADD_BELOW_ZERO.format(
                        have=formatting.length(so_far), take=formatting.length(-minutes)
                    )
                )
        off_panel = (
            minutes > 0 and role_ids is not None and not on_panel(settings.member_role_id, role_ids)
        )
        if off_panel and not anyway:
            raise NotOnPanel(text.ADD_NOT_ON_PANEL.format(who=f"<@{member_id}>"))
        entry = await ledger.insert(
            conn,
            guild_id=guild_id,
            member_id=member_id,
            activity=activity,
            minutes=minutes,
            work_date=work_date,
            not_on_panel=off_panel,
            source="adjustment",
            created_by=actor_id,
            now=now,
            session_id=session_id,
            note=cleaned_note,
            corrects_entry_id=corrects_entry_id,
        )
        await audit.record(
            conn,
            guild_id=guild_id,
            actor_id=actor_id,
            action="hours.add",
            now=now,
            target=f"entry:{entry.id}",
            detail={
                "member_id": member_id,
                "minutes": minutes,
                "activity": activity,
                "work_date": work_date.isoformat(),
                "session_id": session_id,
                "corrects_entry_id": corrects_entry_id,
                "note": cleaned_note,
                "not_on_panel": off_panel,
            },
        )
        added = await _approve_in(
            conn,
            entry,
            actor_id=actor_id,
            now=now,
            cap=settings.daily_cap_minutes,
            no_rate=text.ADD_NO_RATE,  # the entry is not kept either
        )
        # The member hears of time added or taken off, as of any decision on their hours.
        await tell_decided(conn, [added], actor_id=actor_id, now=now)
        return added


# --- what members and coordinators see ---------------------------------------------------


@dataclass(frozen=True, slots=True)
class PeriodTotal:
    """Approved minutes and pay in one stretch of time."""

    label: str
    start: date
    end: date
    minutes: int
    paid_minutes: int
    amount_pence: int


@dataclass(frozen=True, slots=True)
class MyHours:
    """A member's own view: entries of a period and running totals."""

    period_start: date
    period_end: date
    entries: list[HoursEntry]
    this_month: PeriodTotal
    this_year: PeriodTotal
    unpaid_pence: int
    unpaid_minutes: int
    pending_minutes: int
    receives_benefits: bool
    weeks: list[PeriodTotal]
    months: list[PeriodTotal]
    all_time: bool = False  # the period is everything on record, not a span of dates
    benefits_note: str | None = None  # the panel's words, only for members on benefits
    # Expenses are never added to the hours totals above: their own list and sums.
    expenses: list[Expense] = field(default_factory=list)  # in the period
    expenses_unpaid_pence: int = 0  # approved, in no payment run yet (any date)
    expenses_pending_pence: int = 0


PERIODS = ("month", "last_month", "year", "all")


def period_bounds(period: str, today: date) -> tuple[date, date]:
    """The first and last day of a named period around `today`."""
    if period == "month":
        return today.replace(day=1), today
    if period == "last_month":
        end = today.replace(day=1) - timedelta(days=1)
        return end.replace(day=1), end
    if period == "year":
        return today.replace(month=1, day=1), today
    if period == "all":
        return date(2000, 1, 1), today
    raise BadInput(text.PERIOD_UNKNOWN)


def _total(label: str, start: date, end: date, entries: Sequence[HoursEntry]) -> PeriodTotal:
    chosen = [e for e in entries if e.status == "approved" and start <= e.work_date <= end]
    return PeriodTotal(
        label=label,
        start=start,
        end=end,
        minutes=sum(e.minutes for e in chosen),
        paid_minutes=sum(e.paid_minutes or 0 for e in chosen),
        amount_pence=sum(e.amount_pence or 0 for e in chosen),
    )


def _month_start(day: date, back: int) -> date:
    month = day.month - 1 - back
    return date(day.year + month // 12, month % 12 + 1, 1)


async def my_hours(
    db: Database, clock: Clock, *, guild_id: int, member_id: int, period: str = "month"
) -> MyHours:
    """A member's own entries, statuses, reasons and totals."""
    now = clock.now()
    async with db.read() as conn:
        settings = await guild_settings.get(conn, guild_id)
        today = today_in(settings.timezone, now)
        start, end = period_bounds(period, today)
        record = await members.get(conn, guild_id, member_id)
        everything = await ledger.for_member(
            conn, guild_id, member_id, start=date(2000, 1, 1), end=date(9999, 12, 31)
        )
        costs = await expenses_repo.for_member(conn, guild_id, member_id)
    in_period = [e for e in everything if start <= e.work_date <= end]
    unpaid = [e for e in everything if e.status == "approved" and e.payment_run_id is None]
    weeks: list[PeriodTotal] = []
    months: list[PeriodTotal] = []
    if record.receives_benefits:
        monday = today - timedelta(days=today.weekday())
        for back in range(4):
            first = monday - timedelta(weeks=back)
            weeks.append(_total("week", first, first + timedelta(days=6), everything))
        for back in range(3):
            first = _month_start(today, back)
            last = _month_start(today, back - 1) - timedelta(days=1)
            months.append(_total("month", first, last, everything))
    return MyHours(
        period_start=start,
        period_end=end,
        entries=in_period,
        this_month=_total("month", today.replace(day=1), today, everything),
        this_year=_total("year", today.replace(month=1, day=1), today, everything),
        unpaid_pence=sum(e.amount_pence or 0 for e in unpaid),
        unpaid_minutes=sum(e.paid_minutes or 0 for e in unpaid),
        pending_minutes=sum(e.minutes for e in everything if e.status == "pending"),
        receives_benefits=record.receives_benefits,
        weeks=weeks,
        months=months,
        all_time=period == "all",
        benefits_note=settings.benefits_note if record.receives_benefits else None,
        expenses=[e for e in costs if start <= e.spent_on <= end],
        expenses_unpaid_pence=sum(
            e.amount_pence for e in costs if e.status == "approved" and e.payment_run_id is None
        ),
        expenses_pending_pence=sum(e.amount_pence for e in costs if e.status == "pending"),
    )


@dataclass(frozen=True, slots=True)
class Report:
    """Approved totals per member and activity over a period, and the same as a CSV file.

    Paid and unpaid time are kept apart: minutes over the daily limit are approved but not
    paid, so the paid minutes and the pounds always agree."""

    start: date
    end: date
    totals: list[Total]
    pending: int
    csv: bytes

    @property
    def paid_minutes(self) -> int:
        """Paid minutes in all."""
        return sum(t.paid_minutes for t in self.totals)

    @property
    def over_cap_minutes(self) -> int:
        """Approved minutes over the daily limit, not paid, in all."""
        return sum(t.minutes - t.paid_minutes for t in self.totals)

    @property
    def amount_pence(self) -> int:
        """Pay in all."""
        return sum(t.amount_pence for t in self.totals)


REPORT_COLUMNS = (
    "name",
    "discord id",
    "activity",
    "approved minutes",
    "paid minutes",
    "minutes over the daily limit",
    "amount",
)


def _report_csv(totals: Sequence[Total], names: Mapping[int, str]) -> bytes:
    """The report as a CSV file: numbers as plain numbers; each member's name (typed text)
    never runs as a formula."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(REPORT_COLUMNS)
    for t in totals:
        writer.writerow(
            [
                safe_cell(plain_text(names.get(t.member_id, ""))),
                t.member_id,
                t.activity,
                t.minutes,
                t.paid_minutes,
                t.minutes - t.paid_minutes,
                pay.plain_pounds(t.amount_pence),
            ]
        )
    return out.getvalue().encode("utf-8-sig")


async def report(
    db: Database,
    clock: Clock,
    *,
    guild_id: int,
    start: str | None = None,
    end: str | None = None,
    names: Mapping[int, str] | None = None,
) -> Report:
    """Totals per member and activity; default: this month so far. The dates take the same
    words as /hours export ('last month', '1 Nov'). `names` are the members' names in the
    server now; for anyone not in it, the file has the name the bot last saw."""
    now = clock.now()
    async with db.read() as conn:
        settings = await guild_settings.get(conn, guild_id)
        first, last = read_period(
            start, end, tz=settings.timezone, now=now, default="this month so far"
        )
        totals = await ledger.totals(conn, guild_id, start=first, end=last)
        waiting = await ledger.count_pending(conn, guild_id)
        people = await members.for_guild(conn, guild_id)
    known = {m: r.display_name for m, r in people.items() if r.display_name}
    known.update(names or {})
    return Report(first, last, totals, waiting, _report_csv(totals, known))
