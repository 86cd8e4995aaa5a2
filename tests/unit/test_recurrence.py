"""The rule of repeating sessions: same local time across clock changes, counts and end
dates respected, monthly weekdays and dates as a coordinator expects."""

from __future__ import annotations

import calendar
from datetime import UTC, date, datetime, time, timedelta
from itertools import pairwise
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.services.sessions import recurrence
from bot.services.sessions.recurrence import (
    FORTNIGHTLY,
    LAST,
    MONTHLY_DATE,
    MONTHLY_WEEKDAY,
    REPEATS,
    WEEKLY,
    Rule,
    day_of,
    nth_weekday,
    occurrences,
    size,
    start_of,
    week_of_month,
)

ZONES = (
    "Europe/London",
    "America/New_York",
    "Australia/Sydney",
    "Asia/Kolkata",
    "America/Santiago",
    "Australia/Lord_Howe",  # clocks move by half an hour
    "UTC",
)

days = st.dates(min_value=date(2020, 1, 1), max_value=date(2035, 12, 31))
times = st.times().map(lambda t: t.replace(second=0, microsecond=0, fold=0))
rules = st.builds(
    Rule,
    repeat=st.sampled_from(REPEATS),
    first_day=days,
    at=times,
    zone=st.sampled_from(ZONES),
)


def exists(day: date, at: time, zone: str) -> bool:
    """Whether the wall-clock time happens on that day (not skipped by the clocks)."""
    local = datetime.combine(day, at, tzinfo=ZoneInfo(zone))
    return local.astimezone(UTC).astimezone(ZoneInfo(zone)).replace(tzinfo=None) == (
        datetime.combine(day, at)
    )


@given(rules)
@settings(max_examples=300)
def test_every_session_starts_at_the_same_local_time(rule: Rule) -> None:
    for index, start in enumerate(occurrences(rule, limit=60)):
        local = start.astimezone(ZoneInfo(rule.zone))
        day = day_of(rule, index)
        if exists(day, rule.at, rule.zone):
            assert (local.date(), local.time()) == (day, rule.at)
        else:  # skipped by the clocks: later that day, by no more than the skip
            assert local.date() == day
            assert (
                rule.at
                < local.time()
                <= (datetime.combine(day, rule.at) + timedelta(hours=1)).time()
            )


@given(rules)
def test_sessions_are_in_order_and_aware_utc(rule: Rule) -> None:
    starts = list(occurrences(rule, limit=30))
    assert all(s.tzinfo is UTC for s in starts)
    assert all(a < b for a, b in pairwise(starts))


@given(rules, st.integers(1, recurrence.MAX_COUNT))
def test_a_count_gives_exactly_that_many_sessions(rule: Rule, count: int) -> None:
    counted = Rule(rule.repeat, rule.first_day, rule.at, rule.zone, count=count)
    assert (len(list(occurrences(counted))), size(counted)) == (count, count)


@given(rules, st.integers(0, 800))
def test_an_end_date_is_the_last_day_a_session_may_fall_on(rule: Rule, extra: int) -> None:
    until = rule.first_day + timedelta(days=extra)
    bounded = Rule(rule.repeat, rule.first_day, rule.at, rule.zone, until=until)
    starts = list(occurrences(bounded))
    local_days = [day_of(bounded, i) for i in range(len(starts))]
    assert all(d <= until for d in local_days)
    assert day_of(bounded, len(starts)) > until  # the next one would be too late
    assert size(bounded) == len(starts) >= 1


@given(rules, st.integers(1, 20), st.integers(0, 400))
def test_count_and_end_date_together_stop_at_whichever_comes_first(
    rule: Rule, count: int, extra: int
) -> None:
    until = rule.first_day + timedelta(days=extra)
    both = Rule(rule.repeat, rule.first_day, rule.at, rule.zone, count=count, until=until)
    by_count = Rule(rule.repeat, rule.first_day, rule.at, rule.zone, count=count)
    by_date = Rule(rule.repeat, rule.first_day, rule.at, rule.zone, until=until)
    assert size(both) == min(size(by_count) or 0, size(by_date) or 0)


@given(rules)
def test_weekly_and_fortnightly_keep_the_weekday_and_the_gap(rule: Rule) -> None:
    for repeat, gap in ((WEEKLY, 7), (FORTNIGHTLY, 14)):
        series = Rule(repeat, rule.first_day, rule.at, rule.zone)
        found = [day_of(series, i) for i in range(20)]
        assert all((b - a).days == gap for a, b in pairwise(found))


@given(rules)
def test_monthly_weekday_is_the_same_weekday_and_week_every_month(rule: Rule) -> None:
    series = Rule(MONTHLY_WEEKDAY, rule.first_day, rule.at, rule.zone)
    nth = week_of_month(rule.first_day)
    for index in range(30):
        day = day_of(series, index)
        year, month = divmod(rule.first_day.year * 12 + rule.first_day.month - 1 + index, 12)
        assert (day.year, day.month, day.weekday()) == (year, month + 1, rule.first_day.weekday())
        if nth == LAST:  # the last one: no later one in the month
            assert (day + timedelta(days=7)).month != day.month
        else:
            assert (day.day - 1) // 7 + 1 == nth


@given(rules)
def test_monthly_date_is_the_same_day_or_the_last_day_of_a_short_month(rule: Rule) -> None:
    series = Rule(MONTHLY_DATE, rule.first_day, rule.at, rule.zone)
    for index in range(30):
        day = day_of(series, index)
        month_days = calendar.monthrange(day.year, day.month)[1]
        assert day.day == min(rule.first_day.day, month_days)


def test_a_fifth_tuesday_means_the_last_tuesday() -> None:
    # 29 December 2026 is the fifth Tuesday of December.
    series = Rule(MONTHLY_WEEKDAY, date(2026, 12, 29), time(18, 0), "Europe/London")
    assert [day_of(series, i) for i in range(4)] == [
        date(2026, 12, 29),
        date(2027, 1, 26),
        date(2027, 2, 23),
        date(2027, 3, 30),  # March 2027 has five Tuesdays: the fifth is the last
    ]


def test_a_fourth_tuesday_stays_the_fourth_in_a_month_with_five() -> None:
    series = Rule(MONTHLY_WEEKDAY, date(2027, 2, 23), time(18, 0), "Europe/London")
    assert day_of(series, 1) == date(2027, 3, 23)  # not 30 March, the fifth


def test_the_first_tuesday_of_each_month() -> None:
    series = Rule(MONTHLY_WEEKDAY, date(2026, 12, 1), time(18, 0), "Europe/London")
    assert [day_of(series, i) for i in range(3)] == [
        date(2026, 12, 1),
        date(2027, 1, 5),
        date(2027, 2, 2),
    ]


def test_the_31st_becomes_the_last_day_of_a_short_month_and_comes_back() -> None:
    series = Rule(MONTHLY_DATE, date(2027, 1, 31), time(10, 0), "Europe/London")
    assert [day_of(series, i) for i in range(4)] == [
        date(2027, 1, 31),
        date(2027, 2, 28),
        date(2027, 3, 31),
        date(2027, 4, 30),
    ]


def test_weekly_in_london_keeps_6pm_across_both_clock_changes() -> None:
    # Sundays from 22 March 2026: clocks go forward 29 March and back 25 October.
    series = Rule(WEEKLY, date(2026, 3, 22), time(18, 0), "Europe/London")
    hours_utc = {start_of(series, i).date(): start_of(series, i).hour for i in range(32)}
    assert (
        hours_utc[date(2026, 3, 22)],
        hours_utc[date(2026, 3, 29)],
        hours_utc[date(2026, 10, 18)],
        hours_utc[date(2026, 10, 25)],
    ) == (18, 17, 17, 18)


def test_a_time_the_clocks_skip_moves_an_hour_later() -> None:
    series = Rule(WEEKLY, date(2026, 3, 22), time(1, 30), "Europe/London")
    moved = start_of(series, 1).astimezone(ZoneInfo("Europe/London"))
    assert (moved.date(), moved.time()) == (date(2026, 3, 29), time(2, 30))


def test_a_time_that_happens_twice_is_the_first_one() -> None:
    series = Rule(WEEKLY, date(2026, 10, 18), time(1, 30), "Europe/London")
    assert start_of(series, 1) == datetime(2026, 10, 25, 0, 30, tzinfo=UTC)  # 01:30 BST


def test_nth_weekday_last_is_the_last_in_the_month() -> None:
    assert nth_weekday(2026, 12, 1, LAST) == date(2026, 12, 29)


@pytest.mark.parametrize("repeat", ["daily", "yearly", ""])
def test_unknown_repeat_is_refused(repeat: str) -> None:
    with pytest.raises(ValueError, match="repeat"):
        Rule(repeat, date(2026, 12, 1), time(18, 0), "Europe/London")


def test_an_open_ended_series_has_no_size() -> None:
    assert size(Rule(WEEKLY, date(2026, 12, 1), time(18, 0), "Europe/London")) is None
