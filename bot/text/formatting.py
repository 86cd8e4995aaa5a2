"""One style for dates, times and lengths of time, used by every message the bot sends.

Pure functions (no Discord import, no clock): callers pass the values.

* Lengths of time: "1 hour 30 minutes", "minus 30 minutes", "0 minutes"; whole days
  ("1 day 1 hour") only when asked; reminder offsets in one unit, as written ("90 minutes",
  "24 hours", "2 days").
* Dates: "Thursday 3 December 2026"; months: "December 2026". Names come from this module,
  not from the machine's locale.
* Moments members see: Discord timestamps (`<t:unix:F>` full, `<t:unix:R>` relative,
  `<t:unix:t>` time of day), which every member sees in their own time zone.
* Where Discord cannot show a timestamp (autocomplete labels, event titles): the panel's
  local time in the same date style, "Thursday 3 December 2026 at 14:00".
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

UNITS = {
    "day": ("day", "days"),
    "hour": ("hour", "hours"),
    "minute": ("minute", "minutes"),
}
MINUS = "minus "
AND = " and "
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
DAY_AT = "{day} at {time}"


def _unit(amount: int, unit: str) -> str:
    one, many = UNITS[unit]
    return f"{amount} {one if amount == 1 else many}"


def length(minutes: int, *, days: bool = False) -> str:
    """A length of time in words: 90 -> '1 hour 30 minutes'; days only when `days` is set."""
    sign = MINUS if minutes < 0 else ""
    whole_days, rest = divmod(abs(minutes), 24 * 60) if days else (0, abs(minutes))
    hours, mins = divmod(rest, 60)
    parts = [_unit(whole_days, "day")] if whole_days else []
    if hours:
        parts.append(_unit(hours, "hour"))
    if mins or not parts:
        parts.append(_unit(mins, "minute"))
    return sign + " ".join(parts)


def join(words: Iterable[str]) -> str:
    """Plain list: 'a', 'a and b', 'a, b and c'."""
    items = list(words)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + AND + items[-1]


def count(number: int, words: Mapping[str, str], **values: object) -> str:
    """'1 entry' or '3 entries', from a text dict with 'one' and 'many' ('{count} entries');
    `values` fill the other blanks of a longer sentence ('{count} entries of {activity}')."""
    if number == 1:
        return words["one"].format(**values) if values else words["one"]
    return words["many"].format(count=number, **values)


def offset(minutes: int) -> str:
    """A reminder offset the way people write it, in one unit: 90 -> '90 minutes',
    1440 -> '24 hours', 2880 -> '2 days', 60 -> '1 hour'."""
    if minutes % 60:
        return _unit(minutes, "minute")
    if minutes % (24 * 60) or minutes == 24 * 60:
        return _unit(minutes // 60, "hour")
    return _unit(minutes // (24 * 60), "day")


def lengths(minutes: Iterable[int]) -> str:
    """Several reminder offsets as written: '24 hours and 1 hour', '2 days and 90 minutes'."""
    return join(offset(m) for m in minutes)


def day(value: date) -> str:
    """A date in words: 'Thursday 3 December 2026'."""
    return f"{WEEKDAYS[value.weekday()]} {value.day} {MONTHS[value.month - 1]} {value.year}"


def weekday(value: date) -> str:
    """The day of the week in words: 'Thursday'."""
    return WEEKDAYS[value.weekday()]


def month(value: date) -> str:
    """A month in words: 'December 2026'."""
    return f"{MONTHS[value.month - 1]} {value.year}"


def clock(moment: datetime, zone: str) -> str:
    """The time of day in a zone, 24-hour: '14:05'."""
    return moment.astimezone(ZoneInfo(zone)).strftime("%H:%M")


def time_of_day(value: time) -> str:
    """A wall-clock time, 24-hour: '18:00'."""
    return f"{value.hour:02d}:{value.minute:02d}"


def local(moment: datetime, zone: str) -> str:
    """A moment as plain text in a zone: 'Thursday 3 December 2026 at 14:00'."""
    here = moment.astimezone(ZoneInfo(zone))
    return DAY_AT.format(day=day(here.date()), time=here.strftime("%H:%M"))


def _stamp(moment: datetime, style: str) -> str:
    if moment.tzinfo is None:
        raise ValueError("Discord timestamps need an aware datetime.")
    return f"<t:{int(moment.timestamp())}:{style}>"


def when_full(moment: datetime) -> str:
    """A Discord timestamp with day, date and time, in each reader's own zone."""
    return _stamp(moment, "F")


def when_rel(moment: datetime) -> str:
    """A Discord relative timestamp ('in 2 hours'), in each reader's own zone."""
    return _stamp(moment, "R")


def when_date(moment: datetime) -> str:
    """A Discord timestamp with the date only ('3 December 2026'), in each reader's own zone."""
    return _stamp(moment, "D")


def when_time(moment: datetime) -> str:
    """A Discord timestamp with the time of day only ('14:05')."""
    return _stamp(moment, "t")
