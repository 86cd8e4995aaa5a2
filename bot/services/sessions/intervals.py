"""Pure interval arithmetic for the register: merge overlaps, clip, total, round up.

An interval is a (start, end) pair of aware datetimes with start <= end.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

Interval = tuple[datetime, datetime]

ROUND_TO_MINUTES = 15


def merge(intervals: Iterable[Interval]) -> list[Interval]:
    """Join overlapping or touching intervals; the result is sorted and disjoint."""
    ordered = sorted((start, end) for start, end in intervals if end >= start)
    merged: list[Interval] = []
    for start, end in ordered:
        if merged and start <= merged[-1][1]:
            last_start, last_end = merged[-1]
            merged[-1] = (last_start, max(last_end, end))
        else:
            merged.append((start, end))
    return merged


def clip(
    intervals: Iterable[Interval], window_start: datetime, window_end: datetime
) -> list[Interval]:
    """Cut intervals to the window, dropping any that fall wholly outside it."""
    clipped: list[Interval] = []
    for start, end in intervals:
        begin, finish = max(start, window_start), min(end, window_end)
        if finish > begin:
            clipped.append((begin, finish))
    return clipped


def total(intervals: Iterable[Interval]) -> timedelta:
    """The time covered by intervals, each overlap counted once."""
    return sum((end - start for start, end in merge(intervals)), timedelta())


def round_up_minutes(duration: timedelta, step: int = ROUND_TO_MINUTES) -> int:
    """Whole minutes rounded UP to a multiple of `step`: 1 second -> 15, 15 min -> 15, 0 -> 0."""
    if step <= 0:
        raise ValueError("step must be positive")
    microseconds = duration // timedelta(microseconds=1)
    if microseconds <= 0:
        return 0
    step_us = step * 60 * 1_000_000
    return -(-microseconds // step_us) * step


def measured_minutes(
    intervals: Iterable[Interval], window_start: datetime, window_end: datetime
) -> int:
    """A member's presence in the session window, overlaps counted once, rounded up to 15."""
    return round_up_minutes(total(clip(intervals, window_start, window_end)))


def present_minutes(
    intervals: Iterable[Interval], window_start: datetime, window_end: datetime
) -> int:
    """A member's presence in the window in whole minutes (rounded to the nearest minute)."""
    seconds = total(clip(intervals, window_start, window_end)).total_seconds()
    return int(seconds // 60 + (1 if seconds % 60 >= 30 else 0))
