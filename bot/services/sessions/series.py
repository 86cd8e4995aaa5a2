"""Repeating sessions: read the repeat and until options, make a series, and keep its next
sessions made ahead of time.

Each session of a series is an ordinary session (its own number, register, hours, cancel,
and Discord event). Only the next few (`recurrence.WINDOW`) exist at any time: when the
soonest of them starts, a stored timer (`KIND_TOP_UP`) makes the next one, so a series can
go on for ever and a restart loses nothing (a top-up missed while the bot was down runs when
it comes back; sessions whose time went by meanwhile are not made). Start times come from
the pure rule in `recurrence.py`, on the panel's clock.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime

from bot.errors import BadInput
from bot.services.sessions import recurrence
from bot.services.sessions import timers as session_timers
from bot.services.sessions.recurrence import Rule
from bot.services.timeparse import TimeParseError, parse_date
from bot.services.timers import TimerService
from bot.text import sessions as text
from storage import audit, guild_settings
from storage import session_series as series_repo
from storage import sessions as repo
from storage import timers as timer_repo
from storage.database import Conn
from storage.session_series import Series
from storage.sessions import Session
from storage.timers import Timer

KIND_TOP_UP = "session.series"
MIN_COUNT = 2
_COUNT = re.compile(r"(\d{1,3})(?:\s*(?:times?|sessions?))?")


@dataclass(frozen=True, slots=True)
class Repeat:
    """What a coordinator asked for: how the session repeats and when the series ends."""

    repeat: str
    until_day: date | None = None
    count: int | None = None


@dataclass(frozen=True, slots=True)
class Made:
    """Sessions of a series just made, and the timers to put on the scheduler after commit."""

    series: Series
    sessions: tuple[Session, ...]
    timers: tuple[Timer, ...]
    # Planned sessions of the series with no server event yet: the new ones, and any whose
    # event could not be made before (Discord was down, or the bot stopped in between).
    need_events: tuple[Session, ...] = ()


def read_repeat(
    repeat: str | None, until: str | None, *, zone: str, now: datetime
) -> Repeat | None:
    """Check the repeat and until options; None when the session does not repeat.

    `until` is a number of sessions (2 to 52, "10" or "10 times") or a date ("2027-06-30",
    "30 June"). Bad values raise BadInput with what to type instead.
    """
    until_text = (until or "").strip()
    if repeat is None or not repeat.strip():
        if until_text:
            raise BadInput(text.UNTIL_WITHOUT_REPEAT)
        return None
    kind = repeat.strip().lower()
    if kind not in recurrence.REPEATS:
        raise BadInput(text.REPEAT_BAD)
    if not until_text:
        return Repeat(kind)
    number = _COUNT.fullmatch(until_text.lower())
    if number is not None:
        count = int(number.group(1))
        if not MIN_COUNT <= count <= recurrence.MAX_COUNT:
            raise BadInput(text.UNTIL_COUNT_BAD.format(low=MIN_COUNT, high=recurrence.MAX_COUNT))
        return Repeat(kind, count=count)
    try:
        day = parse_date(until_text, tz=zone, now=now, prefer="future")
    except TimeParseError:
        raise BadInput(text.UNTIL_BAD.format(text=until_text[:40])) from None
    return Repeat(kind, until_day=day)


def rule_of(series: Series) -> Rule:
    """The pure rule of a stored series."""
    return Rule(
        series.repeat,
        series.first_day,
        series.local_time,
        series.timezone,
        count=series.max_count,
        until=series.until_day,
    )


def first_rule(wanted: Repeat, first: datetime, zone: str) -> Rule:
    """The rule for a series whose first session starts at `first` (aware UTC); BadInput
    when its end date is before the first session or leaves only one."""
    local = recurrence.to_local(first, zone)
    if wanted.until_day is not None and wanted.until_day < local.date():
        raise BadInput(text.UNTIL_BEFORE_FIRST)
    rule = Rule(
        wanted.repeat,
        local.date(),
        local.time().replace(second=0, microsecond=0, fold=0),
        zone,
        count=wanted.count,
        until=wanted.until_day,
    )
    if recurrence.start_of(rule, 0) != first:  # the second of a time that happens twice
        raise BadInput(text.REPEAT_TWICE)
    if wanted.until_day is not None and not recurrence.in_series(rule, MIN_COUNT - 1):
        raise BadInput(text.UNTIL_ONE_ONLY)
    return rule


async def create_in(
    conn: Conn,
    timers: TimerService,
    *,
    rule: Rule,
    guild_id: int,
    actor_id: int,
    title: str,
    channel_id: int,
    length: int,
    prep: int,
    agenda: str | None,
    content_note: str | None,
    now: datetime,
) -> Made:
    """Store a series and make its first sessions, inside the caller's transaction."""
    series = await series_repo.insert(
        conn,
        guild_id=guild_id,
        title=title,
        channel_id=channel_id,
        length_minutes=length,
        prep_minutes=prep,
        agenda=agenda,
        content_note=content_note,
        repeat=rule.repeat,
        first_day=rule.first_day,
        local_time=rule.at,
        timezone=rule.zone,
        until_day=rule.until,
        max_count=rule.count,
        created_by=actor_id,
        now=now,
    )
    await audit.record(
        conn,
        guild_id=guild_id,
        actor_id=actor_id,
        action="series.schedule",
        now=now,
        target=f"series:{series.id}",
        detail={
            "title": title,
            "repeat": rule.repeat,
            "first_day": rule.first_day.isoformat(),
            "time": rule.at.strftime("%H:%M"),
            "zone": rule.zone,
            "until": None if rule.until is None else rule.until.isoformat(),
            "count": rule.count,
        },
    )
    return await top_up_in(conn, timers, series, now=now, actor_id=actor_id)


async def top_up_in(
    conn: Conn, timers: TimerService, series: Series, *, now: datetime, actor_id: int | None
) -> Made:
    """Make the series' next sessions until WINDOW of them are ahead of `now`, and store the
    timer that does it again when the soonest of them starts. Sessions whose time went by
    (the bot was down) are not made. A stopped series makes nothing. A session called off
    on its own does not count as ahead, so the panel still sees WINDOW to come."""
    rule = rule_of(series)
    ahead = [
        s
        for s in await repo.of_series(conn, series.id)
        if s.starts_at > now and s.status != repo.CANCELLED
    ]
    made = series.made
    new_sessions: list[Session] = []
    new_timers: list[Timer] = []
    settings = await guild_settings.get(conn, series.guild_id)
    while (
        series.stopped_at is None
        and len(ahead) < recurrence.WINDOW
        and recurrence.in_series(rule, made)
    ):
        index = made
        made += 1
        starts_at = recurrence.start_of(rule, index)
        if starts_at <= now:
            continue
        session = await repo.insert(
            conn,
            guild_id=series.guild_id,
            title=series.title,
            channel_id=series.channel_id,
            starts_at=starts_at,
            length_minutes=series.length_minutes,
            prep_minutes=series.prep_minutes,
            agenda=series.agenda,
            content_note=series.content_note,
            created_by=series.created_by,
            now=now,
            series_id=series.id,
            series_index=index,
        )
        new_timers.extend(
            await session_timers.insert_reminders(
                conn, timers, session, settings.reminder_offsets, now=now
            )
        )
        await audit.record(
            conn,
            guild_id=series.guild_id,
            actor_id=actor_id,
            action="session.schedule",
            now=now,
            target=f"session:{session.id}",
            detail={
                "title": series.title,
                "starts_at": starts_at.isoformat(),
                "length": series.length_minutes,
                "prep": series.prep_minutes,
                "channel_id": series.channel_id,
                "series_id": series.id,
                "index": index,
            },
        )
        ahead.append(session)
        new_sessions.append(session)
    if made != series.made:
        await series_repo.set_made(conn, series.id, made)
    if series.stopped_at is None and ahead and recurrence.in_series(rule, made):
        soonest = min(s.starts_at for s in ahead)
        new_timers.append(
            await timers.insert(
                conn, soonest, KIND_TOP_UP, {"series_id": series.id}, guild_id=series.guild_id
            )
        )
    fresh = await series_repo.get(conn, series.id)
    assert fresh is not None
    return Made(fresh, tuple(new_sessions), tuple(new_timers))


async def apply_top_up(
    conn: Conn, timers: TimerService, timer: Timer, *, now: datetime
) -> Made | None:
    """The top-up timer fired (a session of the series started): make the next sessions,
    and say which planned ones still need a server event."""
    series = await series_repo.get(conn, int(timer.payload["series_id"]))
    if series is None or series.stopped_at is not None:
        return None
    made = await top_up_in(conn, timers, series, now=now, actor_id=None)
    planned = await repo.of_series(conn, series.id, status=repo.SCHEDULED, after=now)
    missing = tuple(s for s in planned if s.event_id is None)
    return Made(made.series, made.sessions, made.timers, missing)


async def stop_in(conn: Conn, series: Series, *, actor_id: int, now: datetime) -> list[int]:
    """Stop a series making sessions; return the ids of its cancelled timers to unschedule."""
    await series_repo.stop(conn, series.id, stopped_by=actor_id, now=now)
    cancelled: list[int] = []
    for timer in await timer_repo.find_pending(
        conn,
        kind=KIND_TOP_UP,
        guild_id=series.guild_id,
        payload_key="series_id",
        payload_value=series.id,
    ):
        if await timer_repo.cancel(conn, timer.id):
            cancelled.append(timer.id)
    return cancelled


def more_to_come(series: Series) -> bool:
    """Whether the series will still make sessions it has not made yet."""
    return series.stopped_at is None and recurrence.in_series(rule_of(series), series.made)
