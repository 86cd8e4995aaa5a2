"""Reminder delivery rules: on time, late with an apology, or skipped; local time across DST."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given
from hypothesis import strategies as st

from bot.services import timeparse
from bot.services.reminders.delivery import SKIP_AFTER, decide
from bot.services.timers import LATE_AFTER

BASE = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)
seconds = st.integers(min_value=0, max_value=3 * 24 * 3600)


@given(due=seconds, down_for=seconds)
def test_a_reminder_more_than_12_hours_late_is_always_skipped(due: int, down_for: int) -> None:
    """Whenever the bot comes back, a reminder due before the outage ended is sent late or
    skipped, and skipped exactly when it is more than 12 hours behind."""
    due_at = BASE + timedelta(seconds=due)
    now = due_at + timedelta(seconds=down_for)
    verdict = decide(due_at, now, fired_late=True)
    assert (verdict == "skip") == (now - due_at > SKIP_AFTER)


@given(behind=st.integers(min_value=0, max_value=int(SKIP_AFTER.total_seconds())))
def test_a_reminder_fired_by_the_start_up_catch_up_is_late_unless_skipped(behind: int) -> None:
    due_at = BASE
    assert decide(due_at, due_at + timedelta(seconds=behind), fired_late=True) == "late"


@given(behind=st.integers(min_value=0, max_value=int(LATE_AFTER.total_seconds())))
def test_a_reminder_fired_on_schedule_has_no_apology(behind: int) -> None:
    assert decide(BASE, BASE + timedelta(seconds=behind)) == "on time"


def test_exactly_12_hours_late_is_still_sent() -> None:
    assert decide(BASE, BASE + SKIP_AFTER, fired_late=True) == "late"


def _local(moment: datetime, zone: str) -> tuple[int, int, int]:
    here = moment.astimezone(ZoneInfo(zone))
    return (here.day, here.hour, here.minute)


def test_tomorrow_9am_the_night_before_clocks_go_forward_in_london() -> None:
    night_before = datetime(2027, 3, 27, 22, 0, tzinfo=UTC)  # Saturday 22:00 GMT
    due = timeparse.parse_future("tomorrow 9am", "Europe/London", night_before)
    assert (due, _local(due, "Europe/London")) == (
        datetime(2027, 3, 28, 8, 0, tzinfo=UTC),
        (28, 9, 0),
    )


def test_tomorrow_9am_the_night_before_clocks_go_back_in_london() -> None:
    night_before = datetime(2026, 10, 24, 21, 0, tzinfo=UTC)  # Saturday 22:00 BST
    due = timeparse.parse_future("tomorrow 9am", "Europe/London", night_before)
    assert due == datetime(2026, 10, 25, 9, 0, tzinfo=UTC)


def test_tomorrow_9am_the_night_before_clocks_go_forward_in_new_york() -> None:
    night_before = datetime(2027, 3, 14, 3, 0, tzinfo=UTC)  # Saturday 22:00 EST
    due = timeparse.parse_future("tomorrow 9am", "America/New_York", night_before)
    assert due == datetime(2027, 3, 14, 13, 0, tzinfo=UTC)  # 9am EDT


def test_tomorrow_9am_the_night_before_clocks_go_back_in_new_york() -> None:
    night_before = datetime(2026, 11, 1, 2, 0, tzinfo=UTC)  # Saturday 22:00 EDT
    due = timeparse.parse_future("tomorrow 9am", "America/New_York", night_before)
    assert due == datetime(2026, 11, 1, 14, 0, tzinfo=UTC)  # 9am EST


def test_in_3_days_keeps_the_wall_clock_time_across_a_clock_change() -> None:
    before = datetime(2027, 3, 26, 17, 0, tzinfo=UTC)  # Friday 17:00 GMT
    due = timeparse.parse_future("in 3 days", "Europe/London", before)
    assert _local(due, "Europe/London") == (29, 17, 0)


def test_in_90_seconds_is_read_and_rounded_up_to_the_minute() -> None:
    assert timeparse.parse_future("in 90 seconds", "Europe/London", BASE) == BASE + timedelta(
        minutes=2
    )


def test_setup_offsets_accept_minutes_hours_and_days() -> None:
    read = [timeparse.parse_duration_list(t) for t in ("1m", "90m", "24h,1h", "2d")]
    assert read == [
        [timedelta(minutes=1)],
        [timedelta(minutes=90)],
        [timedelta(hours=24), timedelta(hours=1)],
        [timedelta(days=2)],
    ]


def test_setup_offsets_over_14_days_or_under_a_minute_are_refused() -> None:
    refused = []
    for typed in ("15d", "30s", "0m", "90s"):
        try:
            timeparse.parse_duration_list(typed)
        except timeparse.TimeParseError:
            refused.append(typed)
    assert refused == ["15d", "30s", "0m", "90s"]
