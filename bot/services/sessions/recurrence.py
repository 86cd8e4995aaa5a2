"""Repeating sessions: the pure rule that says when each session of a series starts.

Pure functions (no clock, no database). A series is the first session's local date and
wall-clock time in the panel's time zone, a repeat kind, and an optional end (a count of
sessions or a last date). Session number `index` (0 for the first) is worked out from the
local date and the local time, then turned into UTC: never by adding hours to a UTC time,
so every session starts at the same time on the panel's clock across daylight-saving
changes (18:00 in London stays 18:00 in both March and November).

Rules worth knowing:

* ``weekly`` and ``fortnightly``: 7 or 14 days after the one before, on the local calendar.
* ``monthly_weekday``: the same weekday in the same week of each month ("the first
  Tuesday", "the third Friday"). A first session on the fifth Tuesday of its month means
  "the last Tuesday": most months have no fifth Tuesday, and a panel that meets "the last
  Tuesday" expects a session every month, not one every few months.
* ``monthly_date``: the same day of the month. A day that a month lacks (the 31st in
  April, the 30th in February) becomes that month's last day (30 April, 28 or 29
  February); the next month is back on the 31st. A panel that meets monthly expects a
  session every month, not a skipped month.
* A time that does not exist on a day (the hour skipped when clocks go forward) moves one
  hour later, like the clocks; a time that happens twice (clocks go back) is the first one.
* ``count`` is how many sessions in all, the first one included; ``until`` is the last
  local date a session may fall on (inclusive).
"""

from __future__ import annotations

import calendar
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

WEEKLY = "weekly"
FORTNIGHTLY = "fortnightly"
MONTHLY_WEEKDAY = "monthly_weekday"
MONTHLY_DATE = "monthly_date"
REPEATS = (WEEKLY, FORTNIGHTLY, MONTHLY_WEEKDAY, MONTHLY_DATE)

MAX_COUNT = 52  # the most sessions a series may hold when given a count
WINDOW = 4  # how many sessions of a series exist ahead of now at any time
LAST = 5  # week_of_month value meaning "the last one of the month"


@dataclass(frozen=True, slots=True)
class Rule:
    """When the sessions of a series start."""

    repeat: str
    first_day: date  # the first session's date on the panel's clock
    at: time  # the wall-clock time on the panel's clock (no time zone)
    zone: str  # IANA name, e.g. Europe/London
    count: int | None = None  # how many sessions in all (None: no count)
    until: date | None = None  # the last date a session may fall on (None: no end date)

    def __post_init__(self) -> None:
        if self.repeat not in REPEATS:
            raise ValueError(f"Unknown repeat {self.repeat!r}")
        if self.at.tzinfo is not None or self.at.fold:
            raise ValueError("The local time must have no time zone (and fold 0).")
        if self.count is not None and self.count < 1:
            raise ValueError("A count must be at least 1.")

    @property
    def open_ended(self) -> bool:
        """True when nothing but a coordinator stops the series."""
        return self.count is None and self.until is None


def week_of_month(day: date) -> int:
    """Which of its weekday the date is in its month: 1 to 4, or LAST for a fifth one."""
    nth = (day.day - 1) // 7 + 1
    return LAST if nth == 5 else nth


def nth_weekday(year: int, month: int, weekday: int, nth: int) -> date:
    """The nth (1 to 4, or LAST) given weekday (0 is Monday) of a month."""
    if nth == LAST:
        last = date(year, month, calendar.monthrange(year, month)[1])
        return last - timedelta(days=(last.weekday() - weekday) % 7)
    first = date(year, month, 1)
    return first + timedelta(days=(weekday - first.weekday()) % 7 + 7 * (nth - 1))


def _add_months(day: date, months: int) -> tuple[int, int]:
    total = day.year * 12 + day.month - 1 + months
    return total // 12, total % 12 + 1


def day_of(rule: Rule, index: int) -> date:
    """The local date of session `index` (0 is the first), whatever the count or end date."""
    if index < 0:
        raise ValueError("The index must be 0 or more.")
    if rule.repeat == WEEKLY:
        return rule.first_day + timedelta(weeks=index)
    if rule.repeat == FORTNIGHTLY:
        return rule.first_day + timedelta(weeks=2 * index)
    year, month = _add_months(rule.first_day, index)
    if rule.repeat == MONTHLY_WEEKDAY:
        return nth_weekday(year, month, rule.first_day.weekday(), week_of_month(rule.first_day))
    return date(year, month, min(rule.first_day.day, calendar.monthrange(year, month)[1]))


def local_start(day: date, at: time, zone: str) -> datetime:
    """A local date and wall-clock time in a zone, as aware UTC.

    A time the clocks skip moves on by the skip (01:30 on the day UK clocks go forward is
    02:30 summer time); a time that happens twice is the first one (still summer time).
    """
    return datetime.combine(day, at, tzinfo=ZoneInfo(zone)).astimezone(UTC)


def to_local(moment: datetime, zone: str) -> datetime:
    """An aware moment on a zone's clock."""
    return moment.astimezone(ZoneInfo(zone))


def start_of(rule: Rule, index: int) -> datetime:
    """When session `index` starts, aware UTC."""
    return local_start(day_of(rule, index), rule.at, rule.zone)


def in_series(rule: Rule, index: int) -> bool:
    """Whether session `index` belongs to the series (within its count and end date)."""
    if index < 0 or (rule.count is not None and index >= rule.count):
        return False
    return rule.until is None or day_of(rule, index) <= rule.until


def occurrences(rule: Rule, *, first: int = 0, limit: int | None = None) -> Iterator[datetime]:
    """Start times (aware UTC) of the series' sessions from index `first`, at most `limit`
    of them (an open-ended series with no limit goes on for ever)."""
    index = first
    made = 0
    while in_series(rule, index) and (limit is None or made < limit):
        yield start_of(rule, index)
        index += 1
        made += 1


def size(rule: Rule) -> int | None:
    """How many sessions the series holds in all; None when it is open-ended."""
    if rule.open_ended:
        return None
    if rule.count is not None and rule.until is None:
        return rule.count
    index = 0
    while in_series(rule, index):
        index += 1
    return index
