"""Session rules on a real database: scheduling, starting, ending, the register, notices."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from bot.clock import ManualClock
from bot.errors import BadInput, Conflict
from bot.permissions import Person
from bot.services import notices
from bot.services.hours import ledger as hours
from bot.services.sessions import lifecycle as service
from bot.services.sessions import register
from bot.services.sessions import settings as session_settings
from bot.services.sessions import timers as session_timers
from bot.services.timers import TimerService
from storage import attendance, guild_settings
from storage import sessions as repo
from storage import timers as timer_repo
from storage.database import Database
from storage.sessions import Session

# Monday 30 November 2026, 09:00 UTC; London is on GMT (UTC+0) then.
NOW = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)
GUILD, COORD, ALICE, BOB = 1, 100, 201, 202
COORD_ROLE = 900
VOICE, STAGE = 11, 12


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(NOW)


@pytest.fixture
async def db(tmp_path: Path) -> AsyncIterator[Database]:
    database = await Database.open(tmp_path / "t.sqlite3")
    yield database
    await database.close()


@pytest.fixture
def timers(db: Database, clock: ManualClock) -> TimerService:
    return TimerService(db, clock)


async def _schedule(
    db: Database, timers: TimerService, clock: ManualClock, **kw: Any
) -> service.Scheduled:
    args: dict[str, Any] = {
        "title": "Leaflet review",
        "when": "2026-12-01 14:00",
        "length": 60,
        "channel_id": VOICE,
        "prep": 30,
    }
    args.update(kw)
    return await service.schedule(db, timers, clock, guild_id=GUILD, actor_id=COORD, **args)


async def _start(
    db: Database, timers: TimerService, clock: ManualClock, session: Session, present: Any = ()
) -> service.Started:
    return await service.start(
        db,
        timers,
        clock,
        guild_id=GUILD,
        session_id=session.id,
        actor_id=COORD,
        present=present,
    )


async def _count(db: Database) -> int:
    async with db.read() as conn:
        return await repo.count(conn, GUILD)


# --- schedule -----------------------------------------------------------------------------


async def test_when_is_read_in_the_panel_zone(
    db: Database, timers: TimerService, clock: ManualClock
) -> None:
    async with db.transaction() as conn:
        await guild_settings.update(conn, GUILD, NOW, timezone="Europe/Paris")
    made = await _schedule(db, timers, clock)
    assert made.session.starts_at == datetime(2026, 12, 1, 13, 0, tzinfo=UTC)


async def test_summer_time_is_handled(
    db: Database, timers: TimerService, clock: ManualClock
) -> None:
    made = await _schedule(db, timers, clock, when="2027-07-01 14:00")
    assert made.session.starts_at == datetime(2027, 7, 1, 13, 0, tzinfo=UTC)


@pytest.mark.parametrize("when", ["soon-ish", "next week", ""])
async def test_unreadable_when_is_refused_and_nothing_is_stored(
    db: Database, timers: TimerService, clock: ManualClock, when: str
) -> None:
    with pytest.raises(BadInput):
        await _schedule(db, timers, clock, when=when)
    assert await _count(db) == 0


async def test_past_when_is_refused_with_examples(
    db: Database, timers: TimerService, clock: ManualClock
) -> None:
    with pytest.raises(BadInput, match="tomorrow 2pm"):
        await _schedule(db, timers, clock, when="2026-11-29 14:00")


@pytest.mark.parametrize(("length", "prep"), [(10, 0), (481, 0), (60, -1), (60, 601)])
async def test_length_and_prep_out_of_bounds_are_refused(
    db: Database, timers: TimerService, clock: ManualClock, length: int, prep: int
) -> None:
    with pytest.raises(BadInput):
        await _schedule(db, timers, clock, length=length, prep=prep)
    assert await _count(db) == 0


async def test_blank_title_is_refused(
    db: Database, timers: TimerService, clock: ManualClock
) -> None:
    with pytest.raises(BadInput):
        await _schedule(db, timers, clock, title="   ")


async def test_reminders_are_stored_at_the_panel_offsets(
    db: Database, timers: TimerService, clock: ManualClock
) -> None:
    made = await _schedule(db, timers, clock)
    start = made.session.starts_at
    assert [t.due_at for t in made.timers] == [
        start - timedelta(days=1),
        start - timedelta(hours=1),
    ]


async def test_reminders_already_past_are_not_stored(
    db: Database, timers: TimerService, clock: ManualClock
) -> None:
    made = await _schedule(db, timers, clock, when="in 3 hours")
    assert [t.payload["offset"] for t in made.timers] == [60]


# --- start and pick -----------------------------------------------------------------------


async def test_start_counts_who_is_present_from_now(
    db: Database, timers: TimerService, clock: ManualClock
) -> None:
    made = await _schedule(db, timers, clock)
    started = await _start(db, timers, clock, made.session, present=[ALICE, BOB])
    async with db.read() as conn:
        spans = await attendance.for_session(conn, made.session.id)
    assert (started.present, [(s.member_id, s.joined_at) for s in spans]) == (
        (ALICE, BOB),
        [(ALICE, NOW), (BOB, NOW)],
    )


async def test_start_cancels_reminders_and_sets_the_auto_end(
    db: Database, timers: TimerService, clock: ManualClock
) -> None:
    made = await _schedule(db, timers, clock)
    started = await _start(db, timers, clock, made.session)
    async with db.read() as conn:
        pending = await timer_repo.pending(conn)
    assert [(t.kind, t.due_at) for t in pending] == [
        (session_timers.KIND_AUTO_END, started.session.planned_end + session_timers.AUTO_END_GRACE)
    ]


async def test_starting_twice_is_refused(
    db: Database, timers: TimerService, clock: ManualClock
) -> None:
    made = await _schedule(db, timers, clock)
    await _start(db, timers, clock, made.session)
    with pytest.raises(Conflict):
        await _start(db, timers, clock, made.session)


async def test_default_start_prefers_this_channel(
    db: Database, timers: TimerService, clock: ManualClock
) -> None:
    await _schedule(db, timers, clock, channel_id=STAGE, when="2026-12-01 10:00")
    here = await _schedule(db, timers, clock, when="2026-12-02 10:00")
    picked = await service.pick_to_start(
        db, clock, guild_id=GUILD, session_id=None, channel_id=VOICE
    )
    assert (picked.session and picked.session.id, picked.ask_early) == (here.session.id, True)


async def test_default_start_elsewhere_takes_one_within_30_minutes(
    db: Database, timers: TimerService, clock: ManualClock
) -> None:
    await _schedule(db, timers, clock, when="2026-12-03 10:00")
    near = await _schedule(db, timers, clock, channel_id=STAGE, when="2026-11-30 09:25")
    picked = await service.pick_to_start(db, clock, guild_id=GUILD, session_id=None, channel_id=99)
    assert (picked.session and picked.session.id, picked.ask_early) == (near.session.id, False)


async def test_default_start_elsewhere_with_none_near_offers_them_all(
    db: Database, timers: TimerService, clock: ManualClock
) -> None:
    later = await _schedule(db, timers, clock, when="2026-12-03 10:00")
    sooner = await _schedule(db, timers, clock, channel_id=STAGE, when="2026-11-30 10:00")
    picked = await service.pick_to_start(db, clock, guild_id=GUILD, session_id=None, channel_id=99)
    assert (picked.session, [s.id for s in picked.candidates]) == (
        None,
        [sooner.session.id, later.session.id],
    )


async def test_end_without_a_choice_needs_one_when_two_are_live(
    db: Database, timers: TimerService, clock: ManualClock
) -> None:
    for channel in (VOICE, STAGE):
        made = await _schedule(db, timers, clock, channel_id=channel)
        await _start(db, timers, clock, made.session)
    with pytest.raises(BadInput):
        await service.end(db, timers, clock, guild_id=GUILD, actor_id=COORD, channel_id=99)


# --- end ----------------------------------------------------------------------------------


async def _ended(
    db: Database, timers: TimerService, clock: ManualClock, rule: str = "planned"
) -> service.Ended:
    async with db.transaction() as conn:
        await guild_settings.update(
            conn, GUILD, NOW, attendance_rule=rule, coordinator_role_id=COORD_ROLE
        )
    made = await _schedule(db, timers, clock)
    await _start(db, timers, clock, made.session, present=[ALICE, COORD])
    clock.advance(timedelta(minutes=20))
    await register.voice_moved(
        db, clock, guild_id=GUILD, member_id=ALICE, before_channel_id=VOICE, after_channel_id=None
    )
    clock.advance(timedelta(minutes=40))
    return await service.end(
        db,
        timers,
        clock,
        guild_id=GUILD,
        session_id=made.session.id,
        actor_id=COORD,
        people=[Person(COORD, frozenset({COORD_ROLE})), Person(ALICE)],
    )


async def _ledger(db: Database, session_id: int) -> list[tuple[int, str, int, str]]:
    entries = await hours.entries_for_session(db, GUILD, session_id)
    return sorted((e.member_id, e.activity, e.minutes, e.work_date.isoformat()) for e in entries)


async def test_planned_rule_writes_planned_length_and_prep_on_the_start_date(
    db: Database, timers: TimerService, clock: ManualClock
) -> None:
    ended = await _ended(db, timers, clock)
    assert await _ledger(db, ended.session.id) == [
        (ALICE, "meeting", 60, "2026-11-30"),
        (ALICE, "preparation", 30, "2026-11-30"),
    ]


async def test_measured_rule_writes_presence_rounded_up(
    db: Database, timers: TimerService, clock: ManualClock
) -> None:
    ended = await _ended(db, timers, clock, rule="measured")
    assert await _ledger(db, ended.session.id) == [
        (ALICE, "meeting", 30, "2026-11-30"),
        (ALICE, "preparation", 30, "2026-11-30"),
    ]


async def test_the_coordinator_is_listed_but_not_paid(
    db: Database, timers: TimerService, clock: ManualClock
) -> None:
    ended = await _ended(db, timers, clock)
    coord = next(a for a in ended.attendees if a.member_id == COORD)
    assert (coord.present_minutes, coord.paid, coord.meeting_minutes) == (60, False, 0)


async def test_whoever_can_manage_the_server_is_not_paid_when_the_list_is_known(
    db: Database, timers: TimerService, clock: ManualClock
) -> None:
    made = await _schedule(db, timers, clock)
    await _start(db, timers, clock, made.session, present=[ALICE, BOB])
    clock.advance(timedelta(minutes=60))
    ended = await service.end(
        db,
        timers,
        clock,
        guild_id=GUILD,
        actor_id=COORD,
        session_id=made.session.id,
        people=[Person(ALICE), Person(BOB, can_manage_guild=True)],
    )
    assert [(a.member_id, a.paid) for a in ended.attendees] == [(ALICE, True), (BOB, False)]


async def test_with_the_member_list_unknown_who_planned_and_started_it_are_not_paid(
    db: Database, timers: TimerService, clock: ManualClock
) -> None:
    made = await _schedule(db, timers, clock)
    await _start(db, timers, clock, made.session, present=[ALICE, COORD])
    clock.advance(timedelta(minutes=60))
    ended = await service.end(
        db, timers, clock, guild_id=GUILD, actor_id=COORD, session_id=made.session.id
    )
    assert [(a.member_id, a.paid) for a in ended.attendees] == [(COORD, False), (ALICE, True)]


async def test_entries_are_pending_approval(
    db: Database, timers: TimerService, clock: ManualClock
) -> None:
    ended = await _ended(db, timers, clock)
    entries = await hours.entries_for_session(db, GUILD, ended.session.id)
    assert {e.status for e in entries} == {"pending"}


async def test_work_date_is_the_start_date_in_the_panel_zone(
    db: Database, timers: TimerService, clock: ManualClock
) -> None:
    async with db.transaction() as conn:
        await guild_settings.update(conn, GUILD, NOW, timezone="Pacific/Auckland")
    clock.set(datetime(2026, 11, 30, 20, 0, tzinfo=UTC))  # already 1 December in Auckland
    made = await _schedule(db, timers, clock, when="in 2 hours")
    await _start(db, timers, clock, made.session, present=[ALICE])
    clock.advance(timedelta(minutes=60))
    await service.end(db, timers, clock, guild_id=GUILD, session_id=made.session.id, actor_id=COORD)
    dates = {d for _, _, _, d in await _ledger(db, made.session.id)}
    assert dates == {"2026-12-01"}


async def test_cancelling_a_live_session_is_refused(
    db: Database, timers: TimerService, clock: ManualClock
) -> None:
    made = await _schedule(db, timers, clock)
    await _start(db, timers, clock, made.session)
    with pytest.raises(Conflict, match="/session end"):
        await service.cancel(
            db, timers, clock, guild_id=GUILD, session_id=made.session.id, actor_id=COORD
        )


# --- the register -------------------------------------------------------------------------


async def test_moving_between_two_live_sessions_closes_one_and_opens_the_other(
    db: Database, timers: TimerService, clock: ManualClock
) -> None:
    first = await _schedule(db, timers, clock)
    second = await _schedule(db, timers, clock, channel_id=STAGE)
    for made in (first, second):
        await _start(db, timers, clock, made.session)
    clock.advance(timedelta(minutes=5))
    changes = await register.voice_moved(
        db, clock, guild_id=GUILD, member_id=ALICE, before_channel_id=None, after_channel_id=VOICE
    )
    clock.advance(timedelta(minutes=5))
    changes += await register.voice_moved(
        db, clock, guild_id=GUILD, member_id=ALICE, before_channel_id=VOICE, after_channel_id=STAGE
    )
    assert [(c.session.channel_id, c.opened, c.closed) for c in changes] == [
        (VOICE, True, False),
        (VOICE, False, True),
        (STAGE, True, False),
    ]


async def _two_live(
    db: Database, timers: TimerService, clock: ManualClock
) -> tuple[Session, Session]:
    first = await _schedule(db, timers, clock)
    second = await _schedule(db, timers, clock, channel_id=STAGE)
    for made in (first, second):
        await _start(db, timers, clock, made.session)
    return first.session, second.session


async def _open(db: Database, session: Session) -> list[tuple[int, str]]:
    async with db.read() as conn:
        return [
            (p.member_id, p.source) for p in await attendance.open_for_session(conn, session.id)
        ]


async def test_pressing_here_in_one_session_ends_voice_presence_in_another(
    db: Database, timers: TimerService, clock: ManualClock
) -> None:
    first, second = await _two_live(db, timers, clock)
    await register.voice_moved(
        db, clock, guild_id=GUILD, member_id=ALICE, before_channel_id=None, after_channel_id=VOICE
    )
    clock.advance(timedelta(minutes=20))
    await register.mark_here(db, clock, guild_id=GUILD, session_id=second.id, member_id=ALICE)
    assert (await _open(db, first), await _open(db, second)) == ([], [(ALICE, "button")])


async def test_time_before_switching_sessions_is_kept(
    db: Database, timers: TimerService, clock: ManualClock
) -> None:
    first, second = await _two_live(db, timers, clock)
    await register.voice_moved(
        db, clock, guild_id=GUILD, member_id=ALICE, before_channel_id=None, after_channel_id=VOICE
    )
    switched = clock.advance(timedelta(minutes=20))
    await register.mark_here(db, clock, guild_id=GUILD, session_id=second.id, member_id=ALICE)
    async with db.read() as conn:
        spans = await attendance.for_session(conn, first.id)
    assert [(p.member_id, p.left_at) for p in spans] == [(ALICE, switched)]


async def test_joining_voice_of_one_session_ends_button_presence_in_another(
    db: Database, timers: TimerService, clock: ManualClock
) -> None:
    first, second = await _two_live(db, timers, clock)
    await register.mark_here(db, clock, guild_id=GUILD, session_id=first.id, member_id=ALICE)
    clock.advance(timedelta(minutes=10))
    await register.voice_moved(
        db, clock, guild_id=GUILD, member_id=ALICE, before_channel_id=None, after_channel_id=STAGE
    )
    assert (await _open(db, first), await _open(db, second)) == ([], [(ALICE, "voice")])


async def test_voice_in_another_guild_is_ignored(
    db: Database, timers: TimerService, clock: ManualClock
) -> None:
    made = await _schedule(db, timers, clock)
    await _start(db, timers, clock, made.session)
    changes = await register.voice_moved(
        db,
        clock,
        guild_id=GUILD + 1,
        member_id=ALICE,
        before_channel_id=None,
        after_channel_id=VOICE,
    )
    assert changes == []


async def _live_with(
    db: Database, timers: TimerService, clock: ManualClock, present: list[int]
) -> Session:
    made = await _schedule(db, timers, clock)
    started = await _start(db, timers, clock, made.session, present=present)
    return started.session


async def test_reconcile_closes_the_gone_at_the_last_heartbeat(
    db: Database, timers: TimerService, clock: ManualClock
) -> None:
    session = await _live_with(db, timers, clock, [ALICE, BOB])
    beat = clock.advance(timedelta(minutes=12))
    await register.heartbeat(db, clock, [GUILD])
    clock.advance(timedelta(minutes=30))
    (result,) = await register.reconcile(db, clock, guild_id=GUILD, in_voice={VOICE: [ALICE]})
    async with db.read() as conn:
        spans = await attendance.for_session(conn, session.id)
    assert (result.continued, result.closed, [s.left_at for s in spans]) == (
        (ALICE,),
        (BOB,),
        [None, beat],
    )


async def test_reconcile_opens_for_people_who_came_while_away(
    db: Database, timers: TimerService, clock: ManualClock
) -> None:
    session = await _live_with(db, timers, clock, [])
    back = clock.advance(timedelta(minutes=30))
    await register.reconcile(db, clock, guild_id=GUILD, in_voice={VOICE: [BOB]})
    async with db.read() as conn:
        spans = await attendance.for_session(conn, session.id)
    assert [(s.member_id, s.joined_at, s.left_at) for s in spans] == [(BOB, back, None)]


async def test_reconcile_never_closes_later_than_now(
    db: Database, timers: TimerService, clock: ManualClock
) -> None:
    session = await _live_with(db, timers, clock, [ALICE])
    async with db.transaction() as conn:
        await repo.heartbeat(conn, NOW + timedelta(hours=5))  # a clock that ran ahead
    clock.advance(timedelta(minutes=10))
    await register.reconcile(db, clock, guild_id=GUILD, in_voice={})
    async with db.read() as conn:
        (span,) = await attendance.for_session(conn, session.id)
    assert span.left_at == clock.now()


async def test_heartbeat_skips_panels_not_being_watched(
    db: Database, timers: TimerService, clock: ManualClock
) -> None:
    await _live_with(db, timers, clock, [])
    clock.advance(timedelta(minutes=5))
    assert await register.heartbeat(db, clock, []) == 0


async def test_leaving_button_keeps_voice_presence(
    db: Database, timers: TimerService, clock: ManualClock
) -> None:
    session = await _live_with(db, timers, clock, [ALICE])
    await register.mark_here(db, clock, guild_id=GUILD, session_id=session.id, member_id=ALICE)
    change = await register.mark_leaving(
        db, clock, guild_id=GUILD, session_id=session.id, member_id=ALICE
    )
    assert (change.closed, change.still_present) == (True, True)


async def test_buttons_refuse_a_session_that_is_not_live(
    db: Database, timers: TimerService, clock: ManualClock
) -> None:
    made = await _schedule(db, timers, clock)
    with pytest.raises(Conflict):
        await register.mark_here(
            db, clock, guild_id=GUILD, session_id=made.session.id, member_id=ALICE
        )


# --- notices ------------------------------------------------------------------------------


def _handle_reminders(timers: TimerService, clock: ManualClock) -> None:
    timers.register(
        session_timers.KIND_REMINDER,
        apply=lambda conn, t, late: session_timers.apply_reminder(conn, t, late, now=clock.now()),
    )


async def test_a_due_reminder_queues_one_notice_for_the_whole_panel(
    db: Database, timers: TimerService, clock: ManualClock
) -> None:
    _handle_reminders(timers, clock)
    made = await _schedule(db, timers, clock)
    (reminder,) = [t for t in made.timers if t.payload["offset"] == 60]
    clock.set(reminder.due_at)
    await timers.fire(reminder.id)
    queued = await session_timers.for_session(db, made.session.id)
    assert [(n.kind, n.audience, n.dedupe, n.channel_id) for n in queued] == [
        ("session.reminder", "panel", "60", VOICE)
    ]


async def test_panel_notice_expands_to_one_notice_per_member(
    db: Database, timers: TimerService, clock: ManualClock
) -> None:
    _handle_reminders(timers, clock)
    made = await _schedule(db, timers, clock)
    clock.set(made.timers[-1].due_at)
    await timers.run_due()
    (panel,) = await notices.panels_due(db, clock)
    await notices.expand(db, clock, panel, [ALICE, BOB])
    ready = await notices.claim_due(db, clock, limit=10)
    assert sorted((n.target_id, n.audience) for n in ready) == [
        (ALICE, "member"),
        (BOB, "member"),
    ]


async def test_pending_reminders_are_skipped_once_the_session_starts(
    db: Database, timers: TimerService, clock: ManualClock
) -> None:
    _handle_reminders(timers, clock)
    made = await _schedule(db, timers, clock)
    clock.set(made.timers[-1].due_at)
    await timers.run_due()
    await _start(db, timers, clock, made.session)
    due = await notices.claim_due(db, clock, limit=10)
    assert [n for n in due if n.kind == session_timers.NOTICE_REMINDER] == []


async def test_only_the_closest_reminder_is_sent_when_two_were_missed(
    db: Database, timers: TimerService, clock: ManualClock
) -> None:
    _handle_reminders(timers, clock)
    made = await _schedule(db, timers, clock)
    clock.set(made.session.starts_at - timedelta(minutes=30))
    await timers.run_due()
    queued = await session_timers.for_session(db, made.session.id)
    assert [n.payload["offset"] for n in queued] == [60]


async def test_someone_seen_only_before_a_crash_is_still_paid_the_planned_length(
    db: Database, timers: TimerService, clock: ManualClock
) -> None:
    """Alice was in voice at the start; the bot crashed before its first heartbeat and she
    left while it was down, so her interval closes where she was last seen (zero long).
    She came, so the planned rule pays her."""
    session = await _live_with(db, timers, clock, [ALICE])
    clock.advance(timedelta(minutes=20))
    await register.reconcile(db, clock, guild_id=GUILD, in_voice={})
    clock.advance(timedelta(minutes=40))
    await service.end(db, timers, clock, guild_id=GUILD, session_id=session.id, actor_id=COORD)
    assert await _ledger(db, session.id) == [
        (ALICE, "meeting", 60, "2026-11-30"),
        (ALICE, "preparation", 30, "2026-11-30"),
    ]


async def test_someone_seen_only_before_a_crash_gets_15_minutes_when_measured(
    db: Database, timers: TimerService, clock: ManualClock
) -> None:
    async with db.transaction() as conn:
        await guild_settings.update(conn, GUILD, NOW, attendance_rule="measured")
    session = await _live_with(db, timers, clock, [ALICE])
    clock.advance(timedelta(minutes=20))
    await register.reconcile(db, clock, guild_id=GUILD, in_voice={})
    clock.advance(timedelta(minutes=40))
    await service.end(db, timers, clock, guild_id=GUILD, session_id=session.id, actor_id=COORD)
    assert await _ledger(db, session.id) == [
        (ALICE, "meeting", 15, "2026-11-30"),
        (ALICE, "preparation", 30, "2026-11-30"),
    ]


async def test_an_unknown_repeat_is_refused_and_nothing_is_stored(
    db: Database, timers: TimerService, clock: ManualClock
) -> None:
    # Discord only sends the listed choices; a value from elsewhere is still refused.
    with pytest.raises(BadInput, match="how often it repeats"):
        await _schedule(db, timers, clock, repeat="daily")
    async with db.read() as conn:
        assert await repo.count(conn, GUILD) == 0


async def test_a_series_at_a_time_that_happens_twice_is_refused(
    db: Database, timers: TimerService, clock: ManualClock
) -> None:
    # 01:30 on 25 October 2026 happens twice in London; "in ..." can land on the second.
    clock.set(datetime(2026, 10, 24, 12, 0, tzinfo=UTC))
    with pytest.raises(BadInput, match="comes twice"):
        await _schedule(db, timers, clock, when="in 13 hours 30 minutes", repeat="weekly")
    async with db.read() as conn:
        assert await repo.count(conn, GUILD) == 0


@pytest.mark.parametrize("minimum", [-1, 241])
async def test_an_attendance_minimum_out_of_bounds_is_refused_and_not_stored(
    db: Database, clock: ManualClock, minimum: int
) -> None:
    with pytest.raises(BadInput, match="from 0 to 240"):
        await session_settings.set_attendance(
            db, clock, guild_id=GUILD, actor_id=COORD, rule="measured", minimum=minimum
        )
    async with db.read() as conn:
        settings = await guild_settings.get(conn, GUILD)
    assert (settings.attendance_minimum_minutes, settings.attendance_rule) == (10, "planned")
