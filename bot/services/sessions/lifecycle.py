"""Rules for panel sessions: schedule, start, end (writing everyone's hours), cancel, list.

Every coordinator action is audited in the same transaction as the change. Discord calls
(scheduled events, cards, DMs) happen in the cog, before or after these functions, never
inside their transactions.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from bot.clock import Clock
from bot.errors import BadInput, Conflict, NotFound
from bot.permissions import Person
from bot.services import notices
from bot.services.bounds import known_id
from bot.services.clean_text import clean_text
from bot.services.hours import ledger as hours
from bot.services.sessions import recurrence
from bot.services.sessions import series as series_service
from bot.services.sessions import timers as session_timers
from bot.services.sessions.register import AttendeeLine, not_paid, summarise
from bot.services.timeparse import TimeParseError, parse_future
from bot.services.timers import TimerService
from bot.text import sessions as text
from storage import attendance, audit, guild_settings, wellbeing
from storage import notices as notice_repo
from storage import session_series as series_repo
from storage import sessions as repo
from storage.database import Conn, Database
from storage.session_series import Series
from storage.sessions import Session
from storage.timers import Timer

LENGTH_MIN, LENGTH_MAX = 15, 480
PREP_MAX = 600
TITLE_MAX = 100  # Discord's limit for a scheduled event name
AGENDA_MAX = 1000  # Discord's limit for a scheduled event description
NOTE_MAX = 300
REASON_MAX = 300
MIN_AHEAD = timedelta(minutes=1)
# /session start with no session named: a session this close to now (either side) is a clear
# choice, and starting one further ahead than this asks first.
NEAR = timedelta(minutes=30)
CANDIDATES = 25  # planned sessions offered to choose from (Discord's menu limit)
# Started more than this many minutes early: members get one "has started early" notice.
EARLY_NOTICE_MINUTES = 10


@dataclass(frozen=True, slots=True)
class Scheduled:
    """A newly scheduled session and its stored reminder timers; for a repeating session,
    also its series and every session of it made so far (the first one included)."""

    session: Session
    timers: tuple[Timer, ...]
    series: Series | None = None
    sessions: tuple[Session, ...] = ()


@dataclass(frozen=True, slots=True)
class Clash:
    """A session would overlap others planned or running in the same channel: nothing was
    stored; the coordinator is asked to confirm."""

    starts_at: datetime
    length_minutes: int
    others: tuple[Session, ...]


@dataclass(frozen=True, slots=True)
class StartPick:
    """What /session start would start: a session (perhaps after asking, when it is more than
    30 minutes early), or, when none is a clear choice, the planned ones to choose from."""

    session: Session | None
    ask_early: bool = False
    candidates: tuple[Session, ...] = ()


@dataclass(frozen=True, slots=True)
class Started:
    """A session that just went live, with who was already in its channel."""

    session: Session
    present: tuple[int, ...]
    auto_end: Timer
    ground_rules: str | None
    early_minutes: int = 0  # how long before its planned time it started (0 when not early)


@dataclass(frozen=True, slots=True)
class Ended:
    """A session that just ended, its register and what was written to the ledger."""

    session: Session
    rule: str
    attendees: tuple[AttendeeLine, ...]
    entries_written: int
    auto: bool
    closed_dms: tuple[int, ...] = ()  # people thanked whose DMs were closed last time
    notices_channel_id: int | None = None  # where they are mentioned instead
    minimum: int = 0  # the panel's minimum minutes: people here less are flagged


@dataclass(frozen=True, slots=True)
class Overview:
    """Sessions for /session list."""

    live: tuple[Session, ...]
    upcoming: tuple[Session, ...]
    recent: tuple[Session, ...]
    overdue: tuple[Session, ...] = ()  # planned, their start time gone, not started
    series: tuple[Series, ...] = ()  # the series of the upcoming sessions, by first start
    called_off: tuple[Session, ...] = ()  # cancelled, their planned time still ahead


@dataclass(frozen=True, slots=True)
class Details:
    """One session and (for coordinators) its register so far."""

    session: Session
    attendees: tuple[AttendeeLine, ...]
    breaks: int = 0  # "I need a break" requests during it (coordinators only; nobody named)
    series: Series | None = None  # the repeating series it belongs to, if any


def _clean(
    value: str | None, limit: int, message: str, *, what: str, multiline: bool = True
) -> str | None:
    """Typed text without hidden characters (see clean_text); None when nothing was typed."""
    cleaned = clean_text(value, what=what, multiline=multiline)
    if cleaned is not None and len(cleaned) > limit:
        raise BadInput(message.format(limit=limit))
    return cleaned


def _check_numbers(length: int, prep: int) -> None:
    if not LENGTH_MIN <= length <= LENGTH_MAX:
        raise BadInput(text.LENGTH_BAD.format(low=LENGTH_MIN, high=LENGTH_MAX))
    if not 0 <= prep <= PREP_MAX:
        raise BadInput(text.PREP_BAD.format(high=PREP_MAX))


def work_date(session: Session, timezone: str) -> date:
    """The session's start date in the panel's time zone (the date its hours count on)."""
    began = session.started_at or session.starts_at
    return began.astimezone(ZoneInfo(timezone)).date()


async def schedule(
    db: Database,
    timers: TimerService,
    clock: Clock,
    *,
    guild_id: int,
    actor_id: int,
    title: str,
    when: str,
    length: int,
    channel_id: int,
    prep: int = 0,
    agenda: str | None = None,
    content_note: str | None = None,
    allow_overlap: bool = False,
    repeat: str | None = None,
    until: str | None = None,
) -> Scheduled | Clash:
    """Plan a session (or a repeating series of them): check every value, store it and its
    reminder timers, audit it.

    A session that would overlap another planned or running in the same channel is not
    stored unless `allow_overlap` (the coordinator confirmed): a Clash says which ones (for
    a series, any of the sessions made now). With `repeat`, the first sessions of the series
    are made now and the rest as these pass (see series.py).
    """
    clean_title = _clean(
        title, TITLE_MAX, text.TITLE_TOO_LONG, what=text.FIELD_TITLE, multiline=False
    )
    if clean_title is None:
        raise BadInput(text.TITLE_EMPTY)
    clean_agenda = _clean(agenda, AGENDA_MAX, text.AGENDA_TOO_LONG, what=text.FIELD_AGENDA)
    clean_note = _clean(content_note, NOTE_MAX, text.NOTE_TOO_LONG, what=text.FIELD_NOTE)
    _check_numbers(length, prep)
    now = clock.now()
    async with db.read() as conn:
        settings = await guild_settings.get(conn, guild_id)
    try:
        starts_at = parse_future(when, settings.timezone, now, min_ahead=MIN_AHEAD)
    except TimeParseError as exc:
        key = exc.reason if exc.reason in text.WHEN_BAD else "unreadable"
        raise BadInput(text.WHEN_BAD[key].format(text=when.strip()[:40])) from None
    wanted = series_service.read_repeat(repeat, until, zone=settings.timezone, now=now)
    rule = (
        None if wanted is None else series_service.first_rule(wanted, starts_at, settings.timezone)
    )
    starts = (
        [starts_at] if rule is None else list(recurrence.occurrences(rule, limit=recurrence.WINDOW))
    )
    async with db.transaction() as conn:
        if not allow_overlap:
            others: dict[int, Session] = {}
            for start in starts:
                for other in await _overlapping(conn, guild_id, channel_id, start, length):
                    others.setdefault(other.id, other)
            if others:
                return Clash(starts_at, length, tuple(others.values()))
        if rule is not None:
            made_series = await series_service.create_in(
                conn,
                timers,
                rule=rule,
                guild_id=guild_id,
                actor_id=actor_id,
                title=clean_title,
                channel_id=channel_id,
                length=length,
                prep=prep,
                agenda=clean_agenda,
                content_note=clean_note,
                now=now,
            )
            result = Scheduled(
                made_series.sessions[0],
                tuple(made_series.timers),
                made_series.series,
                made_series.sessions,
            )
        else:
            session = await repo.insert(
                conn,
                guild_id=guild_id,
                title=clean_title,
                channel_id=channel_id,
                starts_at=starts_at,
                length_minutes=length,
                prep_minutes=prep,
                agenda=clean_agenda,
                content_note=clean_note,
                created_by=actor_id,
                now=now,
            )
            made = await session_timers.insert_reminders(
                conn, timers, session, settings.reminder_offsets, now=now
            )
            await audit.record(
                conn,
                guild_id=guild_id,
                actor_id=actor_id,
                action="session.schedule",
                now=now,
                target=f"session:{session.id}",
                detail={
                    "title": clean_title,
                    "starts_at": starts_at.isoformat(),
                    "length": length,
                    "prep": prep,
                    "channel_id": channel_id,
                },
            )
            result = Scheduled(session, tuple(made))
    for timer in result.timers:
        timers.schedule(timer)
    if result.series is not None:  # the reply speaks of the first session's reminders
        first = result.session.id
        own = tuple(t for t in result.timers if t.payload.get("session_id") == first)
        return Scheduled(result.session, own, result.series, result.sessions)
    return result


async def _overlapping(
    conn: Conn, guild_id: int, channel_id: int, starts_at: datetime, length: int
) -> list[Session]:
    """Planned or running sessions in a channel whose time overlaps [start, start + length)."""
    ends_at = starts_at + timedelta(minutes=length)
    found = await repo.in_channel_before(conn, guild_id, channel_id, before=ends_at)
    return [s for s in found if s.planned_end > starts_at]


async def attach(
    db: Database,
    session_id: int,
    *,
    event_id: int | None = None,
    card_channel_id: int | None = None,
    card_message_id: int | None = None,
    start_message_id: int | None = None,
) -> None:
    """Remember the Discord event and messages made for a session."""
    async with db.transaction() as conn:
        await repo.set_discord_ids(
            conn,
            session_id,
            event_id=event_id,
            card_channel_id=card_channel_id,
            card_message_id=card_message_id,
            start_message_id=start_message_id,
        )


async def get(db: Database, guild_id: int, session_id: int) -> Session:
    """One session of this panel, or NotFound."""
    async with db.read() as conn:
        session = await repo.get(conn, session_id, guild_id=guild_id)
    if session is None:
        raise NotFound(text.NOT_FOUND)
    return session


def parse_session_id(value: str | None) -> int | None:
    """Read a session option (an id, as autocomplete sends it); None when not given."""
    if value is None or not value.strip():
        return None
    digits = value.strip().lstrip("#")
    if not (digits.isascii() and digits.isdigit()) or len(digits) > 18:
        raise BadInput(text.SESSION_OPTION_BAD)
    return known_id(int(digits), text.NOT_FOUND)


async def pick_to_start(
    db: Database, clock: Clock, *, guild_id: int, session_id: int | None, channel_id: int | None
) -> StartPick:
    """The session to start, so nothing starts by surprise.

    Named: that one, at once. Not named: a session planned in this channel (the nearest in
    time), else the one session within 30 minutes of now; starting it more than 30 minutes
    early asks first. Otherwise nothing is picked: the planned sessions are offered instead.
    So are they when this channel's session is far off but another one is due now (the
    coordinator most likely means that one).
    """
    if session_id is not None:
        session = await get(db, guild_id, session_id)
        if session.status != repo.SCHEDULED:
            raise Conflict(text.START_NOT_SCHEDULED[session.status])
        return StartPick(session)
    async with db.read() as conn:
        planned = await repo.scheduled(conn, guild_id)
    if not planned:
        raise NotFound(text.NOTHING_TO_START)
    now = clock.now()

    def distance(s: Session) -> tuple[timedelta, int]:
        return abs(s.starts_at - now), s.id

    here = [s for s in planned if s.channel_id == channel_id]
    near = [s for s in planned if abs(s.starts_at - now) <= NEAR]
    if here:
        chosen = min(here, key=distance)
        due_elsewhere = [s for s in near if s.channel_id != channel_id]
        if abs(chosen.starts_at - now) > NEAR and due_elsewhere:
            offered = [*sorted(due_elsewhere, key=distance), chosen]
            return StartPick(None, candidates=tuple(offered[:CANDIDATES]))
    elif len(near) == 1:
        chosen = near[0]
    else:
        return StartPick(None, candidates=tuple((near or planned)[:CANDIDATES]))
    return StartPick(chosen, ask_early=chosen.starts_at - now > NEAR)


async def _pick_to_end(
    conn: Conn, guild_id: int, session_id: int | None, channel_id: int | None
) -> Session:
    """The session to end: the one named, else the live one here, else the only live one."""
    if session_id is not None:
        session = await repo.get(conn, session_id, guild_id=guild_id)
        if session is None:
            raise NotFound(text.NOT_FOUND)
        if session.status != repo.LIVE:
            raise Conflict(text.END_NOT_LIVE[session.status])
        return session
    live = await repo.live(conn, guild_id=guild_id)
    here = [s for s in live if s.channel_id == channel_id]
    if here:
        return here[0]
    if len(live) == 1:
        return live[0]
    if not live:
        raise NotFound(text.NOTHING_TO_END)
    raise BadInput(text.WHICH_TO_END)


async def start(
    db: Database,
    timers: TimerService,
    clock: Clock,
    *,
    guild_id: int,
    session_id: int,
    actor_id: int,
    present: Iterable[int] = (),
) -> Started:
    """Make a session live, count who is already in its channel, set the auto-end timer."""
    now = clock.now()
    people = tuple(sorted(set(present)))
    async with db.transaction() as conn:
        session = await repo.get(conn, session_id, guild_id=guild_id)
        if session is None:
            raise NotFound(text.NOT_FOUND)
        if session.status != repo.SCHEDULED:
            raise Conflict(text.START_NOT_SCHEDULED[session.status])
        try:
            await repo.mark_live(conn, session.id, started_by=actor_id, now=now)
        except repo.AlreadyLiveInChannel:
            raise Conflict(text.ALREADY_LIVE_HERE) from None
        for member_id in people:
            await attendance.open_interval(
                conn, session.id, member_id, source=attendance.VOICE, at=now
            )
        cancelled = await session_timers.cancel_timers(
            conn, session, [session_timers.KIND_REMINDER]
        )
        await notices.skip(conn, session_timers.NOTICE_REMINDER, session.id, now=now)
        live = await repo.get(conn, session.id)
        assert live is not None
        auto_end = await session_timers.insert_auto_end(conn, timers, live)
        settings = await guild_settings.get(conn, guild_id)
        early = max(0, int((live.starts_at - now).total_seconds() // 60))
        if early > EARLY_NOTICE_MINUTES:  # instead of "starts in 1 hour", one plain notice
            await notices.to_panel(
                conn,
                session_timers.NOTICE_STARTED_EARLY,
                now=now,
                guild_id=guild_id,
                subject_id=session.id,
                channel_id=session.channel_id,
                owner_id=actor_id,
                payload={"early": early},
            )
        await audit.record(
            conn,
            guild_id=guild_id,
            actor_id=actor_id,
            action="session.start",
            now=now,
            target=f"session:{session.id}",
            detail={"present": list(people)},
        )
    for timer_id in cancelled:
        timers.unschedule(timer_id)
    timers.schedule(auto_end)
    return Started(live, people, auto_end, settings.ground_rules, early)


async def end_in(
    conn: Conn,
    session: Session,
    *,
    actor_id: int | None,
    people: Collection[Person] | None,
    now: datetime,
    last_known: datetime | None = None,
) -> Ended:
    """End a live session inside the caller's transaction and write everyone's hours.

    The session ends at `now`. Open intervals close at `now`, or at `last_known` when the
    bot could not see the channel until then (e.g. it was down). Who is not paid follows
    `register.not_paid` from `people` (everyone in the server, None when not known). The
    ledger gets a pending meeting entry and a pending preparation entry for each person
    owed time (idempotent per session, member and activity). `actor_id` None means the bot
    ended it (auto-end).
    """
    if not await repo.mark_ended(conn, session.id, ended_by=actor_id, ended_at=now):
        raise Conflict(text.END_NOT_LIVE.get(session.status, text.END_NOT_LIVE["ended"]))
    close_at = now if last_known is None else min(now, last_known)
    await attendance.close_all(conn, session.id, at=close_at)
    ended = replace(session, status=repo.ENDED, ended_at=now, ended_by=actor_id)
    settings = await guild_settings.get(conn, session.guild_id)
    lines = summarise(
        ended,
        await attendance.for_session(conn, session.id),
        window_end=now,
        rule=settings.attendance_rule,
        unpaid=not_paid(session, settings, people),
        minimum=settings.attendance_minimum_minutes,
    )
    day = work_date(ended, settings.timezone)
    entries: list[hours.NewEntry] = []
    for line in lines:
        if line.meeting_minutes > 0:
            entries.append(hours.NewEntry(line.member_id, "meeting", line.meeting_minutes, day))
        if line.prep_minutes > 0:
            entries.append(hours.NewEntry(line.member_id, "preparation", line.prep_minutes, day))
    creator = actor_id if actor_id is not None else (ended.started_by or ended.created_by)
    written = await hours.add_attendance_entries(
        conn,
        guild_id=session.guild_id,
        session_id=session.id,
        entries=entries,
        created_by=creator,
        now=now,
    )
    paid = [line.member_id for line in lines if line.paid]
    for line in lines:
        if line.paid:
            await notices.to_member(
                conn,
                session_timers.NOTICE_THANKS,
                line.member_id,
                now=now,
                guild_id=session.guild_id,
                subject_id=session.id,
                fallback_channel_id=session.channel_id,
                owner_id=creator,
                payload={"meeting": line.meeting_minutes, "prep": line.prep_minutes},
            )
    await audit.record(
        conn,
        guild_id=session.guild_id,
        actor_id=actor_id,
        action="session.auto_end" if actor_id is None else "session.end",
        now=now,
        target=f"session:{session.id}",
        detail={
            "rule": settings.attendance_rule,
            "attendees": paid,
            "entries": len(written),
        },
    )
    return Ended(
        ended,
        settings.attendance_rule,
        tuple(lines),
        len(written),
        actor_id is None,
        closed_dms=tuple(await notice_repo.closed_among(conn, session.guild_id, paid)),
        notices_channel_id=settings.notices_channel_id or session.channel_id,
        minimum=settings.attendance_minimum_minutes,
    )


async def end(
    db: Database,
    timers: TimerService,
    clock: Clock,
    *,
    guild_id: int,
    actor_id: int,
    session_id: int | None = None,
    channel_id: int | None = None,
    people: Collection[Person] | None = None,
) -> Ended:
    """A coordinator ends a session (the one named, else the live one in `channel_id`, else
    the only live one): close the register and write everyone's hours, in one transaction.

    `people` is everyone in the server (roles and rights as plain values), for the rule on
    who runs the session and so is not paid (`register.not_paid`)."""
    now = clock.now()
    async with db.transaction() as conn:
        session = await _pick_to_end(conn, guild_id, session_id, channel_id)
        result = await end_in(conn, session, actor_id=actor_id, people=people, now=now)
        cancelled = await session_timers.cancel_timers(
            conn, session, session_timers.SESSION_TIMER_KINDS
        )
    for timer_id in cancelled:
        timers.unschedule(timer_id)
    return result


async def apply_auto_end(
    conn: Conn,
    session_id: int,
    *,
    people: Collection[Person] | None,
    now: datetime,
    late: bool = False,
) -> Ended | None:
    """The auto-end timer fired: end the session if it is still live past its end + grace.

    The session ends at its planned end plus the grace, never later. When the timer fires
    late (the bot was down), open intervals close at the last heartbeat: the last moment
    the bot saw who was there. Who is not paid follows the same rule as /session end
    (`register.not_paid`; `people` None just after start-up, when the member list is not
    known yet).
    """
    session = await repo.get(conn, session_id)
    if session is None or session.status != repo.LIVE:
        return None
    deadline = session.planned_end + session_timers.AUTO_END_GRACE
    if now < deadline:
        return None
    last_known = session.heartbeat_at if late else None
    result = await end_in(
        conn, session, actor_id=None, people=people, now=deadline, last_known=last_known
    )
    if session.started_by is not None:
        await notices.to_member(
            conn,
            session_timers.NOTICE_AUTO_ENDED,
            session.started_by,
            now=now,
            guild_id=session.guild_id,
            subject_id=session.id,
            fallback_channel_id=session.channel_id,
        )
    else:
        await notices.to_channel(
            conn,
            session_timers.NOTICE_AUTO_ENDED,
            session.channel_id,
            now=now,
            guild_id=session.guild_id,
            subject_id=session.id,
        )
    return result


@dataclass(frozen=True, slots=True)
class CancelAsk:
    """A session to call off; for a session of a series with later ones (made or still to
    come), the coordinator is asked: this one, or this and all later ones."""

    session: Session
    later: int = 0  # later sessions of the series already made and still planned
    ask: bool = False


async def cancel_question(db: Database, *, guild_id: int, session_id: int) -> CancelAsk:
    """What /session cancel should ask: nothing for a one-off session, "this one or all
    later ones" for a session of a series that has more to come."""
    async with db.read() as conn:
        session = await repo.get(conn, session_id, guild_id=guild_id)
        if session is None:
            raise NotFound(text.NOT_FOUND)
        if session.status != repo.SCHEDULED:
            raise Conflict(text.CANCEL_NOT_SCHEDULED[session.status])
        if session.series_id is None:
            return CancelAsk(session)
        series = await series_repo.get(conn, session.series_id)
        later = await repo.of_series(
            conn, session.series_id, status=repo.SCHEDULED, after=session.starts_at
        )
    more = series is not None and series_service.more_to_come(series)
    return CancelAsk(session, len(later), ask=bool(later) or more)


async def _cancel_in(
    conn: Conn, session: Session, *, actor_id: int, reason: str | None, now: datetime
) -> list[int]:
    """Call off one planned session inside the caller's transaction: its timers, its
    reminders, a message to members, the audit row. Returns timer ids to unschedule."""
    await repo.mark_cancelled(conn, session.id, reason=reason)
    cancelled = await session_timers.cancel_timers(
        conn, session, session_timers.SESSION_TIMER_KINDS
    )
    await notices.skip(conn, session_timers.NOTICE_REMINDER, session.id, now=now)
    await notices.to_panel(
        conn,
        session_timers.NOTICE_CANCELLED,
        now=now,
        guild_id=session.guild_id,
        subject_id=session.id,
        channel_id=session.channel_id,
        owner_id=actor_id,
        payload={"reason": reason},
    )
    await audit.record(
        conn,
        guild_id=session.guild_id,
        actor_id=actor_id,
        action="session.cancel",
        now=now,
        target=f"session:{session.id}",
        detail={"reason": reason},
    )
    return cancelled


async def cancel(
    db: Database,
    timers: TimerService,
    clock: Clock,
    *,
    guild_id: int,
    session_id: int,
    actor_id: int,
    reason: str | None = None,
) -> Session:
    """Cancel a planned session: stop its timers, queue a message to members, audit it.
    A session of a series is called off alone; the series goes on."""
    clean_reason = _clean(reason, REASON_MAX, text.REASON_TOO_LONG, what=text.FIELD_REASON)
    now = clock.now()
    async with db.transaction() as conn:
        session = await repo.get(conn, session_id, guild_id=guild_id)
        if session is None:
            raise NotFound(text.NOT_FOUND)
        if session.status != repo.SCHEDULED:
            raise Conflict(text.CANCEL_NOT_SCHEDULED[session.status])
        cancelled = await _cancel_in(conn, session, actor_id=actor_id, reason=clean_reason, now=now)
        updated = await repo.get(conn, session.id)
    assert updated is not None
    for timer_id in cancelled:
        timers.unschedule(timer_id)
    return updated


async def cancel_rest(
    db: Database,
    timers: TimerService,
    clock: Clock,
    *,
    guild_id: int,
    session_id: int,
    actor_id: int,
    reason: str | None = None,
) -> list[Session]:
    """Call off a session of a series and every later one, and stop the series making
    more. Each session is called off as on its own (members hear of each). Returns the
    called-off sessions, soonest first."""
    clean_reason = _clean(reason, REASON_MAX, text.REASON_TOO_LONG, what=text.FIELD_REASON)
    now = clock.now()
    async with db.transaction() as conn:
        session = await repo.get(conn, session_id, guild_id=guild_id)
        if session is None:
            raise NotFound(text.NOT_FOUND)
        if session.status != repo.SCHEDULED:
            raise Conflict(text.CANCEL_NOT_SCHEDULED[session.status])
        if session.series_id is None:
            raise Conflict(text.NOT_A_SERIES)
        series = await series_repo.get(conn, session.series_id)
        assert series is not None
        targets = [session] + await repo.of_series(
            conn, series.id, status=repo.SCHEDULED, after=session.starts_at
        )
        cancelled: list[int] = []
        for target in targets:
            cancelled += await _cancel_in(
                conn, target, actor_id=actor_id, reason=clean_reason, now=now
            )
        cancelled += await series_service.stop_in(conn, series, actor_id=actor_id, now=now)
        await audit.record(
            conn,
            guild_id=guild_id,
            actor_id=actor_id,
            action="series.stop",
            now=now,
            target=f"series:{series.id}",
            detail={"from_session": session.id, "cancelled": [t.id for t in targets]},
        )
        updated = [await repo.get(conn, t.id) for t in targets]
    for timer_id in cancelled:
        timers.unschedule(timer_id)
    return [s for s in updated if s is not None]


async def series_card(db: Database, series_id: int) -> tuple[Session, Series] | None:
    """The session of a series that carries its card (the first one made), with the series
    as stored now; None when no session of it has a card, or its card shows the session
    running or ended (those cards say other things)."""
    async with db.read() as conn:
        series = await series_repo.get(conn, series_id)
        carded = [s for s in await repo.of_series(conn, series_id) if s.card_message_id]
    if series is None or not carded or carded[0].status not in (repo.SCHEDULED, repo.CANCELLED):
        return None
    return carded[0], series


async def overview(db: Database, clock: Clock, guild_id: int, *, recent_limit: int = 5) -> Overview:
    """Live, upcoming, overdue (planned but not started in time), called off (still ahead)
    and recent sessions (ended, or called off and their time gone), and the series the
    upcoming ones belong to (so a list can show each series once)."""
    now = clock.now()
    async with db.read() as conn:
        live = await repo.live(conn, guild_id=guild_id)
        planned = await repo.scheduled(conn, guild_id)
        recent = await repo.recent(conn, guild_id, now=now, limit=recent_limit)
        called_off = await repo.called_off_ahead(conn, guild_id, now=now, limit=recent_limit)
        upcoming = tuple(s for s in planned if s.starts_at > now)
        overdue = tuple(s for s in planned if s.starts_at <= now)
        found = await series_repo.many(conn, {s.series_id for s in upcoming if s.series_id})
    order = [s.series_id for s in upcoming if s.series_id is not None]
    series = tuple(found[i] for i in dict.fromkeys(order) if i in found)
    return Overview(tuple(live), upcoming, tuple(recent), overdue, series, tuple(called_off))


async def details(db: Database, clock: Clock, *, guild_id: int, session_id: int) -> Details:
    """A session and its register so far (everyone owed time, under the panel's rule)."""
    async with db.read() as conn:
        session = await repo.get(conn, session_id, guild_id=guild_id)
        if session is None:
            raise NotFound(text.NOT_FOUND)
        settings = await guild_settings.get(conn, guild_id)
        presences = await attendance.for_session(conn, session.id)
        breaks = await wellbeing.breaks_in_session(conn, session.id)
        series = (
            None if session.series_id is None else await series_repo.get(conn, session.series_id)
        )
    if session.started_at is None:
        return Details(session, (), series=series)
    window_end = session.ended_at or clock.now()
    lines = summarise(session, presences, window_end=window_end, rule=settings.attendance_rule)
    return Details(session, tuple(lines), breaks, series)


async def choices(
    db: Database, *, guild_id: int, typed: str, statuses: tuple[str, ...] = ("live", "scheduled")
) -> list[Session]:
    """Sessions to offer as the person types (part of a title, or a number like 12 or #12):
    live first, then in the order of `statuses`; planned soonest first, past newest first."""
    cleaned = typed.strip()[:100]
    digits = cleaned.lstrip("#")
    number = int(digits) if digits.isascii() and digits.isdigit() and len(digits) < 19 else None
    async with db.read() as conn:
        return await repo.search(conn, guild_id, statuses=statuses, text=cleaned, number=number)
