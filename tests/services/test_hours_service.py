"""The hours service: claims, decisions, rates, the daily cap and corrections."""

from __future__ import annotations

import csv
import io
from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from hours_support import (
    ADMIN,
    ALICE,
    BOB,
    COORD,
    GUILD,
    clock,
    end_session,
    make_session,
    set_rate,
)

from bot.errors import BadInput, Conflict, NotFound
from bot.services.hours import ledger as hours
from bot.services.hours import payment_settings as payments
from bot.services.hours import review
from storage import audit
from storage import hours as ledger
from storage.database import Database


@pytest.fixture
async def db(tmp_path: Path) -> AsyncIterator[Database]:
    database = await Database.open(tmp_path / "t.sqlite3")
    await set_rate(database, "meeting", "12.50")
    await set_rate(database, "preparation", "12.50")
    yield database
    await database.close()


async def _claim(db: Database, minutes: int = 60, **kw: Any) -> hours.HoursEntry:
    args: dict[str, Any] = {"activity": "preparation", "day": "2026-03-01"}
    args.update(kw)
    return await hours.claim(db, clock(), guild_id=GUILD, member_id=ALICE, minutes=minutes, **args)


# --- claims ---------------------------------------------------------------------------------


async def test_a_claim_waits_for_a_decision(db: Database) -> None:
    entry = await _claim(db)
    assert (entry.status, entry.source, entry.minutes) == ("pending", "claim", 60)


async def test_a_claim_is_audited(db: Database) -> None:
    entry = await _claim(db)
    async with db.read() as conn:
        logged = await audit.recent(conn, GUILD, action="hours.claim")
    assert [e.target for e in logged] == [f"entry:{entry.id}"]


@pytest.mark.parametrize("minutes", [0, -30, 1441])
async def test_claims_outside_the_bounds_are_refused(db: Database, minutes: int) -> None:
    with pytest.raises(BadInput):
        await _claim(db, minutes)


async def test_a_whole_day_can_be_claimed(db: Database) -> None:
    assert (await _claim(db, 1440)).minutes == 1440


async def test_a_claim_for_tomorrow_is_refused(db: Database) -> None:
    with pytest.raises(BadInput):
        await _claim(db, day="2026-03-03")


async def test_a_claim_for_today_is_accepted(db: Database) -> None:
    assert (await _claim(db, day="2026-03-02")).work_date.isoformat() == "2026-03-02"


async def test_an_identical_pending_claim_is_refused(db: Database) -> None:
    await _claim(db)
    with pytest.raises(Conflict):
        await _claim(db)


async def test_the_same_claim_after_a_decision_is_accepted(db: Database) -> None:
    first = await _claim(db)
    await hours.reject(
        db, clock(), guild_id=GUILD, entry_id=first.id, actor_id=COORD, reason="Wrong day"
    )
    assert (await _claim(db)).status == "pending"


async def test_an_unknown_activity_is_refused(db: Database) -> None:
    with pytest.raises(BadInput):
        await _claim(db, activity="gardening")


async def test_a_claim_for_an_unknown_session_is_refused(db: Database) -> None:
    with pytest.raises(NotFound):
        await _claim(db, session_id=999)


async def test_a_session_claim_defaults_to_the_session_date(db: Database) -> None:
    session_id = await make_session(db)
    entry = await _claim(db, day=None, session_id=session_id)
    assert entry.work_date.isoformat() == "2026-03-02"


async def test_an_unreadable_date_is_refused(db: Database) -> None:
    with pytest.raises(BadInput):
        await _claim(db, day="the day after the big storm")


# --- decisions ------------------------------------------------------------------------------


async def test_approval_freezes_rate_and_amount(db: Database) -> None:
    entry = await _claim(db, 90)
    done = await hours.approve(db, clock(), guild_id=GUILD, entry_id=entry.id, actor_id=COORD)
    assert (done.status, done.rate_pence_per_hour, done.amount_pence) == ("approved", 1250, 1875)


async def test_a_rate_change_never_changes_an_approved_entry(db: Database) -> None:
    entry = await _claim(db, 60)
    await hours.approve(db, clock(), guild_id=GUILD, entry_id=entry.id, actor_id=COORD)
    await set_rate(db, "preparation", "20.00", from_date="2026-02-01")
    async with db.read() as conn:
        stored = await ledger.get(conn, GUILD, entry.id)
    assert stored is not None
    assert stored.amount_pence == 1250


async def test_the_rate_in_force_on_the_work_date_is_used(db: Database) -> None:
    await set_rate(db, "preparation", "15.00", from_date="2026-03-01")
    before = await _claim(db, 60, day="2026-02-28")
    after = await _claim(db, 60, day="2026-03-01")
    a = await hours.approve(db, clock(), guild_id=GUILD, entry_id=before.id, actor_id=COORD)
    b = await hours.approve(db, clock(), guild_id=GUILD, entry_id=after.id, actor_id=COORD)
    assert (a.amount_pence, b.amount_pence) == (1250, 1500)


async def test_a_second_rate_for_the_same_day_replaces_the_first(db: Database) -> None:
    await set_rate(db, "review", "10.00", from_date="2026-03-01")
    await set_rate(db, "review", "11.00", from_date="2026-03-01")
    entry = await _claim(db, 60, activity="review")
    done = await hours.approve(db, clock(), guild_id=GUILD, entry_id=entry.id, actor_id=COORD)
    assert done.amount_pence == 1100


async def test_approval_without_a_rate_is_refused(db: Database) -> None:
    entry = await _claim(db, 60, activity="travel")
    with pytest.raises(BadInput):
        await hours.approve(db, clock(), guild_id=GUILD, entry_id=entry.id, actor_id=COORD)


async def test_an_entry_cannot_be_decided_twice(db: Database) -> None:
    entry = await _claim(db)
    await hours.approve(db, clock(), guild_id=GUILD, entry_id=entry.id, actor_id=COORD)
    with pytest.raises(Conflict):
        await hours.reject(
            db, clock(), guild_id=GUILD, entry_id=entry.id, actor_id=COORD, reason="No"
        )


async def test_rejection_keeps_the_reason(db: Database) -> None:
    entry = await _claim(db)
    done = await hours.reject(
        db, clock(), guild_id=GUILD, entry_id=entry.id, actor_id=COORD, reason="  Not agreed  "
    )
    assert (done.status, done.decision_reason) == ("rejected", "Not agreed")


async def test_rejection_needs_a_reason(db: Database) -> None:
    entry = await _claim(db)
    with pytest.raises(BadInput):
        await hours.reject(
            db, clock(), guild_id=GUILD, entry_id=entry.id, actor_id=COORD, reason="   "
        )


async def test_a_coordinator_cannot_approve_their_own_claim(db: Database) -> None:
    entry = await hours.claim(
        db, clock(), guild_id=GUILD, member_id=COORD, activity="preparation", minutes=30
    )
    with pytest.raises(Conflict):
        await hours.approve(db, clock(), guild_id=GUILD, entry_id=entry.id, actor_id=COORD)


async def test_decisions_are_audited(db: Database) -> None:
    one = await _claim(db, 30)
    two = await _claim(db, 45)
    await hours.approve(db, clock(), guild_id=GUILD, entry_id=one.id, actor_id=COORD)
    await hours.reject(db, clock(), guild_id=GUILD, entry_id=two.id, actor_id=COORD, reason="No")
    async with db.read() as conn:
        logged = await audit.recent(conn, GUILD)
    assert {(e.action, e.target) for e in logged} >= {
        ("hours.approve", f"entry:{one.id}"),
        ("hours.reject", f"entry:{two.id}"),
    }


async def test_review_lists_oldest_first(db: Database) -> None:
    c = clock()
    first = await hours.claim(db, c, guild_id=GUILD, member_id=ALICE, activity="review", minutes=5)
    c.advance(timedelta(minutes=1))
    second = await hours.claim(db, c, guild_id=GUILD, member_id=BOB, activity="review", minutes=5)
    page = await review.open_review(db, c, guild_id=GUILD, coordinator_id=COORD)
    assert [i.entry.id for i in page.items] == [first.id, second.id]


async def test_bulk_approve_approves_the_whole_session(db: Database) -> None:
    session_id = await make_session(db)
    await end_session(db, session_id, {ALICE: 90, BOB: 90})
    done = await hours.approve_session(
        db, clock(), guild_id=GUILD, session_id=session_id, actor_id=COORD
    )
    assert sorted((e.member_id, e.status, e.amount_pence) for e in done.approved) == [
        (ALICE, "approved", 1875),
        (BOB, "approved", 1875),
    ]


async def test_review_flags_a_claim_that_repeats_the_attendance_entry(db: Database) -> None:
    session_id = await make_session(db)
    await end_session(db, session_id, {ALICE: 90})
    repeat = await _claim(db, 90, activity="meeting", session_id=session_id, day=None)
    page = await review.open_review(db, clock(), guild_id=GUILD, coordinator_id=COORD)
    assert {i.entry.id: i.already for i in page.items if i.already} == {repeat.id: 90}


async def test_bulk_approve_leaves_a_repeated_claim_waiting(db: Database) -> None:
    session_id = await make_session(db)
    [attended] = await end_session(db, session_id, {ALICE: 90})
    repeat = await _claim(db, 90, activity="meeting", session_id=session_id, day=None)
    done = await hours.approve_session(
        db, clock(), guild_id=GUILD, session_id=session_id, actor_id=COORD
    )
    page = await review.open_review(db, clock(), guild_id=GUILD, coordinator_id=COORD)
    assert ([e.id for e in done.approved], [i.entry.id for i in page.items]) == (
        [attended.id],
        [repeat.id],
    )


async def test_bulk_approve_with_nothing_waiting_says_so(db: Database) -> None:
    session_id = await make_session(db)
    with pytest.raises(Conflict):
        await hours.approve_session(
            db, clock(), guild_id=GUILD, session_id=session_id, actor_id=COORD
        )


# --- the daily cap --------------------------------------------------------------------------


async def _set_cap(db: Database, cap: str) -> None:
    await payments.set_payments(db, clock(), guild_id=GUILD, actor_id=ADMIN, daily_cap_hours=cap)


async def test_minutes_past_the_daily_cap_are_not_paid(db: Database) -> None:
    await _set_cap(db, "2")
    first = await _claim(db, 90)
    second = await _claim(db, 60, activity="meeting")
    await hours.approve(db, clock(), guild_id=GUILD, entry_id=first.id, actor_id=COORD)
    capped = await hours.approve(db, clock(), guild_id=GUILD, entry_id=second.id, actor_id=COORD)
    assert (capped.minutes, capped.paid_minutes, capped.amount_pence) == (60, 30, 625)


async def test_the_cap_is_per_day(db: Database) -> None:
    await _set_cap(db, "1")
    one = await _claim(db, 60, day="2026-02-27")
    two = await _claim(db, 60, day="2026-02-28")
    await hours.approve(db, clock(), guild_id=GUILD, entry_id=one.id, actor_id=COORD)
    done = await hours.approve(db, clock(), guild_id=GUILD, entry_id=two.id, actor_id=COORD)
    assert done.paid_minutes == 60


async def test_removing_the_cap_pays_every_minute_again(db: Database) -> None:
    await _set_cap(db, "1")
    await _set_cap(db, "none")
    entry = await _claim(db, 180)
    done = await hours.approve(db, clock(), guild_id=GUILD, entry_id=entry.id, actor_id=COORD)
    assert done.paid_minutes == 180


# --- adjustments and corrections ------------------------------------------------------------


async def _add(db: Database, minutes: int, **kw: Any) -> hours.HoursEntry:
    args: dict[str, Any] = {"activity": "meeting", "note": "Fixing the register"}
    args.update(kw)
    return await hours.add_adjustment(
        db, clock(), guild_id=GUILD, actor_id=COORD, member_id=ALICE, minutes=minutes, **args
    )


async def test_an_added_entry_is_approved_at_once(db: Database) -> None:
    entry = await _add(db, 30)
    assert (entry.source, entry.status, entry.amount_pence) == ("adjustment", "approved", 625)


async def test_a_correction_is_a_new_entry_pointing_at_the_old_one(db: Database) -> None:
    session_id = await make_session(db)
    [original] = await end_session(db, session_id, {ALICE: 90})
    await hours.approve(db, clock(), guild_id=GUILD, entry_id=original.id, actor_id=COORD)
    fix = await _add(db, -30, corrects_entry_id=original.id)
    assert (fix.corrects_entry_id, fix.session_id, fix.amount_pence) == (
        original.id,
        session_id,
        -625,
    )


async def test_a_correction_leaves_the_original_unchanged(db: Database) -> None:
    session_id = await make_session(db)
    [original] = await end_session(db, session_id, {ALICE: 90})
    approved = await hours.approve(
        db, clock(), guild_id=GUILD, entry_id=original.id, actor_id=COORD
    )
    await _add(db, -30, corrects_entry_id=original.id)
    [after, _fix] = await hours.entries_for_session(db, GUILD, session_id)
    assert after == approved


async def test_a_correction_cannot_take_a_session_below_zero(db: Database) -> None:
    session_id = await make_session(db)
    [original] = await end_session(db, session_id, {ALICE: 90})
    await hours.approve(db, clock(), guild_id=GUILD, entry_id=original.id, actor_id=COORD)
    with pytest.raises(BadInput):
        await _add(db, -91, session_id=session_id)


async def test_a_correction_takes_back_what_was_paid_after_a_rate_change(db: Database) -> None:
    session_id = await make_session(db)
    [original] = await end_session(db, session_id, {ALICE: 60})
    await hours.approve(db, clock(), guild_id=GUILD, entry_id=original.id, actor_id=COORD)
    await set_rate(db, "meeting", "20")  # same start date: replaces the £12.50 rate
    fix = await _add(db, -60, corrects_entry_id=original.id)
    assert fix.amount_pence == -1250


async def test_a_coordinator_cannot_add_paid_time_for_themselves(db: Database) -> None:
    with pytest.raises(Conflict):
        await hours.add_adjustment(
            db,
            clock(),
            guild_id=GUILD,
            actor_id=COORD,
            member_id=COORD,
            minutes=600,
            activity="meeting",
            note="My own hours",
        )


async def test_a_correction_cannot_take_a_session_below_zero_either(db: Database) -> None:
    session_id = await make_session(db)
    [original] = await end_session(db, session_id, {ALICE: 60})
    await hours.approve(db, clock(), guild_id=GUILD, entry_id=original.id, actor_id=COORD)
    await _add(db, -60, session_id=session_id)  # the session's time is now zero
    with pytest.raises(BadInput):
        await _add(db, -60, corrects_entry_id=original.id)


async def test_a_negative_adjustment_needs_a_note(db: Database) -> None:
    await _add(db, 60)
    with pytest.raises(BadInput):
        await _add(db, -30, note="  ")


async def test_a_negative_adjustment_with_nothing_to_take_is_refused(db: Database) -> None:
    with pytest.raises(BadInput):
        await _add(db, -30)


async def test_a_pending_entry_cannot_be_corrected(db: Database) -> None:
    entry = await _claim(db, 60, activity="meeting")
    with pytest.raises(Conflict):
        await _add(db, -30, corrects_entry_id=entry.id)


async def test_an_adjustment_is_audited_with_its_note(db: Database) -> None:
    entry = await _add(db, 15)
    async with db.read() as conn:
        [logged] = await audit.recent(conn, GUILD, action="hours.add")
    assert (logged.target, logged.detail["note"]) == (f"entry:{entry.id}", "Fixing the register")


# --- what members see -----------------------------------------------------------------------


async def test_my_hours_totals_the_month_and_the_unpaid(db: Database) -> None:
    one = await _claim(db, 60, day="2026-03-01")
    await _claim(db, 30, day="2026-03-02")
    await hours.approve(db, clock(), guild_id=GUILD, entry_id=one.id, actor_id=COORD)
    mine = await hours.my_hours(db, clock(), guild_id=GUILD, member_id=ALICE)
    assert (mine.this_month.amount_pence, mine.unpaid_pence, mine.pending_minutes) == (
        1250,
        1250,
        30,
    )


async def test_my_hours_never_shows_other_members(db: Database) -> None:
    await _claim(db, 60)
    await hours.claim(db, clock(), guild_id=GUILD, member_id=BOB, activity="review", minutes=5)
    mine = await hours.my_hours(db, clock(), guild_id=GUILD, member_id=ALICE, period="all")
    assert {e.member_id for e in mine.entries} == {ALICE}


async def test_benefit_flagged_members_get_weekly_totals(db: Database) -> None:
    await payments.set_preference(
        db,
        clock(),
        guild_id=GUILD,
        member_id=ALICE,
        method="bank",
        payee_name="A Person",
        receives_benefits=True,
        public_sector=False,
    )
    entry = await _claim(db, 60, day="2026-03-02")
    await hours.approve(db, clock(), guild_id=GUILD, entry_id=entry.id, actor_id=COORD)
    mine = await hours.my_hours(db, clock(), guild_id=GUILD, member_id=ALICE)
    assert [(w.start.isoformat(), w.amount_pence) for w in mine.weeks[:2]] == [
        ("2026-03-02", 1250),
        ("2026-02-23", 0),
    ]


async def test_members_without_the_benefit_flag_get_no_weekly_totals(db: Database) -> None:
    mine = await hours.my_hours(db, clock(), guild_id=GUILD, member_id=ALICE)
    assert mine.weeks == []


async def test_report_totals_per_member_and_activity(db: Database) -> None:
    session_id = await make_session(db)
    await end_session(db, session_id, {ALICE: 90, BOB: 60})
    await hours.approve_session(db, clock(), guild_id=GUILD, session_id=session_id, actor_id=COORD)
    result = await hours.report(db, clock(), guild_id=GUILD)
    assert [(t.member_id, t.activity, t.minutes, t.amount_pence) for t in result.totals] == [
        (ALICE, "meeting", 90, 1875),
        (BOB, "meeting", 60, 1250),
    ]


async def test_report_keeps_paid_and_unpaid_time_apart(db: Database) -> None:
    await payments.set_payments(db, clock(), guild_id=GUILD, actor_id=ADMIN, daily_cap_hours="1")
    session_id = await make_session(db)
    await end_session(db, session_id, {ALICE: 90})
    await hours.approve_session(db, clock(), guild_id=GUILD, session_id=session_id, actor_id=COORD)
    result = await hours.report(db, clock(), guild_id=GUILD)
    assert (result.paid_minutes, result.over_cap_minutes, result.amount_pence) == (60, 30, 1250)


async def test_report_file_has_paid_and_unpaid_minutes_as_numbers(db: Database) -> None:
    await payments.set_payments(db, clock(), guild_id=GUILD, actor_id=ADMIN, daily_cap_hours="1")
    session_id = await make_session(db)
    await end_session(db, session_id, {ALICE: 90})
    await hours.approve_session(db, clock(), guild_id=GUILD, session_id=session_id, actor_id=COORD)
    result = await hours.report(db, clock(), guild_id=GUILD)
    [row] = csv.DictReader(io.StringIO(result.csv.decode("utf-8-sig"), newline=""))
    assert row == {
        "name": "",  # no name known here (the command passes the server's names)
        "discord id": str(ALICE),
        "activity": "meeting",
        "approved minutes": "90",
        "paid minutes": "60",
        "minutes over the daily limit": "30",
        "amount": "12.50",
    }
