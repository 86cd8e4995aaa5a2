"""Interval arithmetic for the register: merging, clipping, totals and rounding up."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from itertools import pairwise

from hypothesis import given
from hypothesis import strategies as st

from bot.services.sessions.intervals import (
    clip,
    measured_minutes,
    merge,
    present_minutes,
    round_up_minutes,
    total,
)

BASE = datetime(2026, 3, 29, 0, 0, tzinfo=UTC)  # a clock-change day in London: UTC has none


def at(minute: float) -> datetime:
    return BASE + timedelta(minutes=minute)


spans = st.lists(
    st.tuples(st.integers(0, 600), st.integers(0, 240)).map(lambda p: (p[0], p[0] + p[1])),
    max_size=12,
)


def as_times(pairs: list[tuple[int, int]]) -> list[tuple[datetime, datetime]]:
    return [(at(s), at(e)) for s, e in pairs]


def covered(pairs: list[tuple[int, int]]) -> set[int]:
    """Brute force: every minute [m, m+1) that some interval covers."""
    return {m for s, e in pairs for m in range(s, e)}


@given(spans)
def test_merge_is_sorted_and_disjoint(pairs: list[tuple[int, int]]) -> None:
    merged = merge(as_times(pairs))
    assert all(a[1] < b[0] for a, b in pairwise(merged))


@given(spans)
def test_merge_keeps_exactly_the_covered_time(pairs: list[tuple[int, int]]) -> None:
    assert total(as_times(pairs)) == timedelta(minutes=len(covered(pairs)))


@given(spans)
def test_merge_twice_changes_nothing(pairs: list[tuple[int, int]]) -> None:
    once = merge(as_times(pairs))
    assert merge(once) == once


@given(spans, st.integers(0, 600), st.integers(0, 300))
def test_clip_keeps_only_time_inside_the_window(
    pairs: list[tuple[int, int]], start: int, length: int
) -> None:
    inside = {m for m in covered(pairs) if start <= m < start + length}
    assert total(clip(as_times(pairs), at(start), at(start + length))) == timedelta(
        minutes=len(inside)
    )


@given(st.integers(0, 10**9))
def test_round_up_is_a_multiple_of_15_at_or_just_above(seconds: int) -> None:
    minutes = round_up_minutes(timedelta(seconds=seconds))
    assert (minutes % 15, minutes * 60 >= seconds, minutes * 60 - seconds < 15 * 60) == (
        0,
        True,
        True,
    )


@given(spans, st.integers(0, 600), st.integers(1, 480))
def test_measured_never_exceeds_the_window_rounded_up(
    pairs: list[tuple[int, int]], start: int, length: int
) -> None:
    paid = measured_minutes(as_times(pairs), at(start), at(start + length))
    assert paid <= round_up_minutes(timedelta(minutes=length))


def test_one_second_rounds_up_to_15_minutes() -> None:
    assert round_up_minutes(timedelta(seconds=1)) == 15


def test_exactly_15_minutes_stays_15() -> None:
    assert round_up_minutes(timedelta(minutes=15)) == 15


def test_just_over_15_minutes_rounds_up_to_30() -> None:
    assert round_up_minutes(timedelta(minutes=15, seconds=1)) == 30


def test_no_time_is_zero() -> None:
    assert round_up_minutes(timedelta(0)) == 0


def test_voice_and_button_overlap_counts_once() -> None:
    voice = (at(0), at(20))
    button = (at(10), at(30))
    assert measured_minutes([voice, button], at(0), at(60)) == 30


def test_two_channels_at_once_count_once() -> None:
    assert total([(at(0), at(40)), (at(5), at(35))]) == timedelta(minutes=40)


def test_time_before_the_start_is_not_paid() -> None:
    assert measured_minutes([(at(-30), at(10))], at(0), at(60)) == 15


def test_touching_intervals_join() -> None:
    assert merge([(at(0), at(10)), (at(10), at(20))]) == [(at(0), at(20))]


def test_present_minutes_rounds_to_the_nearest_minute() -> None:
    assert present_minutes([(at(0), at(19.5))], at(0), at(60)) == 20
