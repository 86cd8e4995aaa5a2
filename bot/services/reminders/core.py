"""Set, list and cancel reminders. A reminder and its timer are stored in one transaction."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.clock import Clock
from bot.errors import BadInput, Conflict
from bot.services import notices, timeparse
from bot.services.bounds import MAX_ID
from bot.services.clean_text import TextRefused, clean_text
from bot.services.reminders import delivery
from bot.services.timers import TimerService
from bot.text import formatting
from bot.text import reminders as text
from storage import guild_settings
from storage import notices as notice_repo
from storage import reminders as repo
from storage import timers as timer_repo
from storage.database import Database
from storage.reminders import Reminder

MAX_TEXT = 500
MAX_PENDING = 25  # personal reminders waiting, per member and panel
MAX_AHEAD = timedelta(days=366)
RECENT = timedelta(hours=24)  # sent reminders /remind list still shows


@dataclass(frozen=True, slots=True)
class Created:
    """A reminder just stored, and the time zone its time was read in."""

    reminder: Reminder
    zone: str
    own_zone: bool
    # For a personal reminder whose owner's DMs were closed last time: the channel where
    # they would be mentioned instead (the panel's notices channel, else this one).
    mention_in: int | None = None


@dataclass(frozen=True, slots=True)
class Listing:
    """What /remind list shows: waiting reminders and ones sent in the last day."""

    personal: list[Reminder]
    panel: list[Reminder]
    recent: list[Reminder]


def _read_when(when: str, zone: str, now: datetime) -> datetime:
    try:
        due = timeparse.parse_future(when, zone, now)
    except timeparse.TimeParseError as exc:
        template = text.WHEN_BAD.get(exc.reason, text.WHEN_BAD["unreadable"])
        raise BadInput(template.format(text=when.strip()[:60])) from None
    if due - now > MAX_AHEAD:
        raise BadInput(text.WHEN_BAD["out_of_range"].format(text=when.strip()[:60]))
    return due


def _clean(value: str) -> str:
    try:
        cleaned = clean_text(value, what=text.FIELD_TEXT, limit=MAX_TEXT, multiline=True)
    except TextRefused as exc:
        if exc.reason == "too_long":
            raise BadInput(text.TEXT_TOO_LONG.format(limit=MAX_TEXT)) from None
        raise BadInput(exc.text) from None
    if cleaned is None:
        raise BadInput(text.TEXT_EMPTY)
    return cleaned


async def create(
    db: Database,
    timers: TimerService,
    clock: Clock,
    *,
    guild_id: int,
    owner_id: int,
    channel_id: int | None,
    when: str,
    what: str,
    kind: str = repo.PERSONAL,
) -> Created:
    """Store a personal (or, for a coordinator, a panel) reminder and schedule it.

    `when` is read in the owner's own time zone, else the panel's. Refuses unreadable, past
    or far-off times, empty or over-long text, and a 26th waiting personal reminder.
    """
    now = clock.now()
    body = _clean(what)
    async with db.read() as conn:
        own = await repo.get_settings(conn, guild_id, owner_id)
        panel = await guild_settings.get(conn, guild_id)
        zone = own.timezone or panel.timezone
        closed = kind == repo.PERSONAL and bool(
            await notice_repo.closed_among(conn, guild_id, [owner_id])
        )
    due = _read_when(when, zone, now)
    async with db.transaction() as conn:
        if kind == repo.PERSONAL:
            waiting = await repo.count_pending(conn, guild_id, owner_id, repo.PERSONAL)
            if waiting >= MAX_PENDING:
                raise BadInput(text.TOO_MANY.format(limit=MAX_PENDING))
        reminder_id = await repo.add(
            conn,
            guild_id=guild_id,
            kind=kind,
            owner_id=owner_id,
            channel_id=channel_id,
            text=body,
            due_at=due,
            timezone=zone,
            now=now,
        )
        timer = await timers.insert(
            conn, due, delivery.TIMER_KIND, {"reminder_id": reminder_id}, guild_id=guild_id
        )
        await repo.set_timer(conn, reminder_id, timer.id)
        reminder = await repo.get(conn, reminder_id)
    timers.schedule(timer)
    assert reminder is not None
    mention_in = notices.fallback_channel(panel, channel_id) if closed else None
    return Created(reminder, zone, own.timezone is not None, mention_in)


async def listing(
    db: Database, clock: Clock, *, guild_id: int, member_id: int, coordinator: bool
) -> Listing:
    """A member's waiting reminders (and the panel's, for a coordinator), soonest first."""
    async with db.read() as conn:
        found = await repo.pending_for(conn, guild_id, member_id, with_panel=coordinator)
        recent = await repo.recent_sent(conn, guild_id, member_id, since=clock.now() - RECENT)
    return Listing(
        personal=[r for r in found if r.kind == repo.PERSONAL],
        panel=[r for r in found if r.kind == repo.PANEL],
        recent=recent,
    )


async def cancel(
    db: Database,
    timers: TimerService,
    clock: Clock,
    *,
    guild_id: int,
    actor_id: int,
    number: str,
    coordinator: bool,
) -> Reminder:
    """Cancel a waiting reminder by its number ("12" or "#12"): a personal one by its owner,
    a panel one by a coordinator."""
    digits = number.strip().lstrip("#").strip()
    if not digits.isascii() or not digits.isdigit() or not 0 < int(digits) <= MAX_ID:
        raise BadInput(text.UNKNOWN_ID)
    reminder_id = int(digits)
    async with db.transaction() as conn:
        reminder = await repo.get(conn, reminder_id)
        if reminder is None or reminder.guild_id != guild_id:
            raise BadInput(text.UNKNOWN_ID)
        mine = reminder.kind == repo.PERSONAL and reminder.owner_id == actor_id
        if not (mine or (reminder.kind == repo.PANEL and coordinator)):
            raise BadInput(text.NOT_YOURS)
        if not await repo.finish(conn, reminder.id, status=repo.CANCELLED, now=clock.now()):
            raise Conflict(text.ALREADY_DONE.format(id=reminder.id))
        if reminder.timer_id is not None:
            await timer_repo.cancel(conn, reminder.timer_id)
    if reminder.timer_id is not None:
        timers.unschedule(reminder.timer_id)
    return reminder


async def choices(
    db: Database, *, guild_id: int, member_id: int, coordinator: bool, typed: str
) -> list[tuple[str, int]]:
    """Autocomplete for /remind cancel: (label, number) of reminders this member may cancel."""
    async with db.read() as conn:
        found = await repo.pending_for(conn, guild_id, member_id, with_panel=coordinator)
    wanted = typed.strip().lstrip("#").lower()
    out: list[tuple[str, int]] = []
    for r in found:
        label = f"#{r.id} {formatting.local(r.due_at, r.timezone)}: {r.text}"
        label = " ".join(label.split())
        if wanted and wanted not in label.lower():
            continue
        out.append((label[:97] + "..." if len(label) > 100 else label, r.id))
        if len(out) == 25:
            break
    return out
