"""Read the times and dates people type, in the panel's time zone.

Every function here is pure: it takes the current time (`now`, aware UTC) as an argument and
never reads the clock itself. Results are aware UTC datetimes (or plain dates).

Rules worth knowing:

* Text is read in the panel's IANA time zone. An explicit zone in the text ("14:00 UTC")
  wins over the panel's zone.
* A local time that does not exist (the hour skipped when clocks go forward) raises
  `TimeParseError` with reason ``"gap"``.
* A local time that happens twice (the hour repeated when clocks go back) is read as the
  FIRST occurrence (``fold=0``, still on summer time).
* "in 2 hours" is exact elapsed time, even across a clock change; "in 2 days" keeps the
  same wall-clock time. Results are rounded up to the whole minute.
* "next Tuesday" is the first Tuesday strictly after today (tomorrow, if today is Monday).
  A bare "Tuesday" is today if today is Tuesday and the time has not passed yet.
* A bare hour of 1 to 12 with no am/pm ("at 7", "tomorrow 2") is refused with reason
  ``"ampm"``; 0 and 13 to 23 are read on the 24-hour clock ("at 19" is 19:00).
* A day of the month with no month ("the 5th at 3pm") that has passed means next month.
* A date with no time ("1 Dec") is read as midnight at the start of that day; "tomorrow"
  keeps the current time of day (dateparser's rule).
* Text without any digit or date word, bare numbers ("5"), vague periods ("next week",
  "tomorrow morning"), emoji and non-Latin scripts are refused as ``"unreadable"`` or
  ``"vague"``.
* Every part of the text is used, or it is refused: "tomorrow 25:00", "12:60", "0/0/2026",
  "-1" and "+3" are ``"unreadable"``, never read as something else with the rest dropped.
  Hours run 0 to 23 (1 to 12 with am/pm), minutes 0 to 59, dates must exist, years have
  four digits. `parse_date` refuses a time ("yesterday 2pm"): a date field holds a date.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from functools import cache
from typing import Any, Final, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from dateparser.date import DateDataParser

__all__ = [
    "Reason",
    "TimeParseError",
    "is_valid_timezone",
    "parse_date",
    "parse_duration_list",
    "parse_future",
    "parse_when",
    "suggest_timezones",
    "timezone_names",
    "warm_up",
]

Reason = Literal[
    "empty",
    "unreadable",
    "vague",
    "ampm",
    "past",
    "gap",
    "out_of_range",
    "timezone",
    "duration",
    "too_many",
]

MAX_TEXT: Final = 80
MAX_DISTANCE: Final = timedelta(days=5 * 366)
MIN_OFFSET: Final = timedelta(minutes=1)
MAX_OFFSET: Final = timedelta(days=14)
MAX_OFFSETS: Final = 5

_MESSAGES: Final[dict[str, str]] = {
    "empty": "Please type a time.",
    "unreadable": "I could not read that time. Try 2026-12-01 14:00, tomorrow 2pm or in 2 hours.",
    "vague": "That is not an exact time. Try a day and a time, like Tuesday 10:30.",
    "ampm": "Is that morning or afternoon? Add am or pm, like 7pm, or use 19:00.",
    "past": "That time has already gone. Please pick a time in the future.",
    "gap": "That time does not exist here, because the clocks go forward. Pick another time.",
    "out_of_range": "That time is too far away. Pick a time within the next five years.",
    "timezone": "I do not know that time zone. Try a name like Europe/London.",
    "duration": "I could not read that. Use times like 24h, 1h, 90m or 2d, from 1m to 14d.",
    "too_many": "That is too many. Please give five or fewer.",
}


class TimeParseError(ValueError):
    """A time, date or duration that could not be read; `reason` says why."""

    def __init__(self, reason: Reason, message: str | None = None) -> None:
        self.reason: Reason = reason
        super().__init__(message or _MESSAGES[reason])


# --- time zones --------------------------------------------------------------------------


@cache
def timezone_names() -> list[str]:
    """All IANA time zone names, sorted (computed once)."""
    return sorted(available_timezones())


@cache
def _zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError) as exc:
        raise TimeParseError("timezone") from exc


def is_valid_timezone(name: str) -> bool:
    """True when `name` is a known IANA time zone such as Europe/London."""
    return name in _timezone_set()


@cache
def _timezone_set() -> frozenset[str]:
    return frozenset(timezone_names())


def canonical_timezone(name: str) -> str | None:
    """The IANA name for a zone typed in any case, spaces for underscores; None if unknown."""
    return _timezones_by_key().get(name.strip().replace(" ", "_").lower())


@cache
def _timezones_by_key() -> dict[str, str]:
    return {zone.lower(): zone for zone in timezone_names()}


def suggest_timezones(query: str, limit: int = 25) -> list[str]:
    """Zone names containing `query` (any case, spaces as underscores); prefix, city, rest."""
    q = query.strip().lower().replace(" ", "_")
    if not q:
        return timezone_names()[:limit]
    tiers: tuple[list[str], list[str], list[str]] = ([], [], [])
    for name in timezone_names():
        low = name.lower()
        if q in low:
            city = low.rsplit("/", 1)[-1]
            tiers[0 if low.startswith(q) else 1 if city.startswith(q) else 2].append(name)
    return (tiers[0] + tiers[1] + tiers[2])[:limit]


# --- cleaning ---------------------------------------------------------------------------

_SPACES = re.compile(r"\s+")
_DOT_TIME = re.compile(r"(?<![\d.])([01]?\d|2[0-3])\.([0-5]\d)(?![\d.])")
_ALLOWED = re.compile(r"[a-z0-9 :/.,+\-]*")
_WEEKDAYS: Final = {
    "mon": 0, "monday": 0, "tue": 1, "tues": 1, "tuesday": 1, "wed": 2, "weds": 2,
    "wednesday": 2, "thu": 3, "thur": 3, "thurs": 3, "thursday": 3, "fri": 4, "friday": 4,
    "sat": 5, "saturday": 5, "sun": 6, "sunday": 6,
}  # fmt: skip
_ANCHORS: Final = frozenset(
    {"today", "tomorrow", "tonight", "yesterday", "now", "noon", "midday", "midnight"}
    | {"minute", "minutes", "hour", "hours", "day", "days", "week", "weeks"}
    | set(_WEEKDAYS)
)
_WORD = re.compile(r"[a-z]+")


_PHRASES: Final = [
    (re.compile(r"\b(?:a )?quarter of an hour\b"), "15 minutes"),
    (re.compile(r"\bhalf an hour\b"), "30 minutes"),
    (re.compile(r"\b(?:a )?fortnight\b"), "2 weeks"),
    (re.compile(r"\bmidday\b"), "noon"),
]


def _clean(text: str) -> str:
    """Lower-case, tidy spaces and refuse anything that cannot be a time."""
    if not text or not text.strip():
        raise TimeParseError("empty")
    tidy = unicodedata.normalize("NFKC", text).lower()
    tidy = _SPACES.sub(" ", tidy.replace("\u2013", "-").replace("\u2014", "-")).strip()
    if len(tidy) > MAX_TEXT or not tidy.isascii() or not _ALLOWED.fullmatch(tidy):
        raise TimeParseError("unreadable")
    for pattern, replacement in _PHRASES:
        tidy = pattern.sub(replacement, tidy)
    if tidy.replace(" ", "").isdigit():
        raise TimeParseError("unreadable")
    if not any(c.isdigit() for c in tidy) and not _ANCHORS & set(_WORD.findall(tidy)):
        raise TimeParseError("unreadable")
    return _DOT_TIME.sub(r"\1:\2", tidy)


# --- relative durations ("in 2 hours", "3 days ago") --------------------------------------

_UNITS: Final = {
    "s": "seconds", "sec": "seconds", "secs": "seconds", "second": "seconds",
    "seconds": "seconds",
    "m": "minutes", "min": "minutes", "mins": "minutes", "minute": "minutes",
    "minutes": "minutes", "h": "hours", "hr": "hours", "hrs": "hours", "hour": "hours",
    "hours": "hours", "d": "days", "day": "days", "days": "days", "w": "weeks",
    "wk": "weeks", "wks": "weeks", "week": "weeks", "weeks": "weeks",
}  # fmt: skip
_UNIT_RE = "|".join(sorted(_UNITS, key=len, reverse=True))
_PART = rf"(\d{{1,4}}\s*|(?<![a-z])(?:an?|one)\s+)({_UNIT_RE})(?![a-z])"
_RELATIVE = re.compile(
    rf"(?:in\s+)?(?P<body>{_PART}(?:\s*(?:,|and)?\s*{_PART})*)"
    rf"(?:\s+(?P<tail>from now|later|ago))?"
)
_PART_RE = re.compile(_PART)


def _amount(raw: str) -> int:
    word = raw.strip()
    return int(word) if word.isdigit() else 1


def _relative(tidy: str, now: datetime, zone: ZoneInfo) -> datetime | None:
    """Exact arithmetic for 'in 2 hours' or '3 days ago'; None when the text is not that."""
    match = _RELATIVE.fullmatch(tidy)
    if match is None:
        return None
    sign = -1 if match["tail"] == "ago" else 1
    totals = {"seconds": 0, "minutes": 0, "hours": 0, "days": 0, "weeks": 0}
    for amount, unit in _PART_RE.findall(match["body"]):
        totals[_UNITS[unit]] += _amount(amount)
    exact = (
        timedelta(seconds=totals["seconds"], minutes=totals["minutes"], hours=totals["hours"])
        * sign
    )
    days = timedelta(days=totals["days"], weeks=totals["weeks"]) * sign
    try:
        local = now.astimezone(zone).replace(tzinfo=None) + days
        return _to_utc(local, zone) + exact if days else now + exact
    except OverflowError as exc:
        raise TimeParseError("out_of_range") from exc


# --- weekdays ("next Tuesday 10:30") -----------------------------------------------------

_WEEKDAY_RE = re.compile(
    r"\b(?:(?P<mod>next|this|last|on)\s+)?(?P<day>"
    + "|".join(sorted(_WEEKDAYS, key=len, reverse=True))
    + r")\b"
)
_HAS_DATE = re.compile(
    r"\d{1,4}[/\-]\d{1,2}|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\b"
)


def _weekday_candidates(tidy: str, today: date, prefer_past: bool) -> list[str] | None:
    """Rewrite a weekday phrase as ISO dates to try in order; None when there is none."""
    match = _WEEKDAY_RE.search(tidy)
    if match is None:
        return None
    rest = (tidy[: match.start()] + " " + tidy[match.end() :]).strip(" ,")
    rest = re.sub(r"^(?:at|,)\s*", "", rest)
    if _HAS_DATE.search(tidy):
        return [rest]  # an explicit date wins; the weekday name is only decoration
    target = _WEEKDAYS[match["day"]]
    ahead = (target - today.weekday()) % 7
    behind = (today.weekday() - target) % 7
    mod = match["mod"]
    if mod == "next":
        offsets = [ahead or 7]
    elif mod == "last":
        offsets = [-(behind or 7)]
    elif prefer_past:
        offsets = [-behind]
    else:
        offsets = [ahead, ahead + 7] if ahead == 0 else [ahead]
    return [f"{(today + timedelta(days=o)).isoformat()} {rest}".strip() for o in offsets]


# --- bare hours ("at 7", "tomorrow 19") -------------------------------------------------

_MONTH_RE = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)"
_BARE_HOUR = re.compile(
    r"(?P<lead>\b(?:at|today|tomorrow|tonight|"
    + "|".join(sorted(_WEEKDAYS, key=len, reverse=True))
    + r")\s+(?:at\s+)?)(?P<hour>\d{1,2})"
    + rf"(?![\d:./\-]|\s*(?:[ap]\.?m\b|h\b|st\b|nd\b|rd\b|th\b|{_MONTH_RE}))"
)


def _bare_hours(tidy: str) -> str:
    """Read "at 19" as 19:00; refuse "at 7" (morning or evening?) with reason "ampm"."""

    def fix(match: re.Match[str]) -> str:
        hour = int(match["hour"])
        if 1 <= hour <= 12:
            raise TimeParseError("ampm")
        return f"{match['lead']}{hour}:00" if hour < 24 else match[0]

    return _BARE_HOUR.sub(fix, tidy)


# --- accounting for every part -----------------------------------------------------------
#
# dateparser reads what it can and quietly drops the rest ("tomorrow 25:00" became tomorrow
# at the current time, "-1" the 1st of the month). So before it runs, the text is split
# into parts that must all be known (a time, a date, a weekday, a day word, a zone, a few
# small words), each number checked (hours 0-23, minutes 0-59, real dates); afterwards the
# result must agree with every part. Anything else is refused.

_MONTHS: Final = {
    "jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3, "apr": 4,
    "april": 4, "may": 5, "jun": 6, "june": 6, "jul": 7, "july": 7, "aug": 8, "august": 8,
    "sep": 9, "sept": 9, "september": 9, "oct": 10, "october": 10, "nov": 11,
    "november": 11, "dec": 12, "december": 12,
}  # fmt: skip
_DAY_WORDS: Final = {"today": 0, "tonight": 0, "tomorrow": 1, "yesterday": -1}
_CLOCK_WORDS: Final = {"noon": (12, 0), "midnight": (0, 0)}
_FILLERS: Final = frozenset({"at", "on", "the", "of"})
_MODIFIERS: Final = frozenset({"next", "this", "last"})
_VAGUE_WORDS: Final = frozenset(
    {"week", "weeks", "weekend", "month", "months", "year", "years", "fortnight"}
    | {"morning", "afternoon", "evening", "night", "soon", "later", "sometime"}
)
_ZONES: Final = frozenset(
    {"utc", "gmt", "bst", "ist", "cet", "cest", "eet", "eest", "wet", "west", "est", "edt"}
    | {"cst", "cdt", "mst", "mdt", "pst", "pdt", "aest", "aedt", "nzst", "nzdt", "z"}
)
_ONE: Final = frozenset({"a", "an", "one"})
_END = r"(?=$|[ ,])"
_TOKENS: Final = [
    (
        "iso",
        re.compile(
            r"(?P<y>\d{4})-(?P<mo>\d{1,2})-(?P<d>\d{1,2})"
            r"(?:t(?P<h>\d{1,2}):(?P<mi>\d{2})(?::(?P<s>\d{2}))?(?P<z>z)?)?" + _END
        ),
    ),
    ("date", re.compile(r"(?P<y>\d{4})/(?P<mo>\d{1,2})/(?P<d>\d{1,2})" + _END)),
    (
        "date",
        re.compile(r"(?P<d>\d{1,2})(?P<sep>[/.\-])(?P<mo>\d{1,2})(?P=sep)(?P<y>\d{4})" + _END),
    ),
    ("date", re.compile(r"(?P<d>\d{1,2})/(?P<mo>\d{1,2})" + _END)),
    (
        "time",
        re.compile(
            r"(?P<h>\d{1,2}):(?P<mi>\d{2})(?::(?P<s>\d{2}))?"
            r"(?: ?(?P<ap>[ap])\.?m\b\.?)?(?P<z>z)?" + _END
        ),
    ),
    ("time", re.compile(r"(?P<h>\d{1,2}) ?(?P<ap>[ap])\.?m\b\.?" + _END)),
    ("ordinal", re.compile(r"(?P<d>\d{1,2})(?:st|nd|rd|th)" + _END)),
    ("amount", re.compile(rf"(?:\d{{1,4}} ?(?:{_UNIT_RE}))+" + _END)),
    ("offset", re.compile(r"[+-]\d{2}:?\d{2}" + _END)),
    ("number", re.compile(r"\d+" + _END)),
    ("word", re.compile(r"[a-z]+" + _END)),
]


@dataclass(slots=True)
class _Reading:
    """What the text says for certain; the result must agree with every part of it."""

    hour: int | None = None
    minute: int | None = None
    second: int | None = None
    year: int | None = None
    month: int | None = None
    day: int | None = None
    weekday: int | None = None
    day_offset: int | None = None
    zone: bool = False
    dates: int = 0  # how many parts name the day: more than one must agree

    def agrees(self, value: datetime, today: date) -> bool:
        """True when `value` (as dateparser read it) keeps every part of the text."""
        wanted = [
            (self.hour, value.hour),
            (self.minute, value.minute),
            (self.second, value.second),
            (self.year, value.year),
            (self.month, value.month),
            (self.day, value.day),
            (self.weekday, value.weekday()),
        ]
        if self.day_offset is not None and today + timedelta(self.day_offset) != value.date():
            return False
        return all(want is None or want == got for want, got in wanted)


def _tokens(tidy: str) -> list[tuple[str, re.Match[str]]]:
    """Split the text into known parts, or refuse it when any stretch is not one."""
    found: list[tuple[str, re.Match[str]]] = []
    pos = _skip_gaps(tidy, 0)
    while pos < len(tidy):
        token = _token_at(tidy, pos)
        if token is None:
            raise TimeParseError("unreadable")
        found.append(token)
        pos = _skip_gaps(tidy, token[1].end())
    return found


def _token_at(tidy: str, pos: int) -> tuple[str, re.Match[str]] | None:
    for kind, pattern in _TOKENS:
        match = pattern.match(tidy, pos)
        if match is not None:
            return kind, match
    return None


def _skip_gaps(tidy: str, pos: int) -> int:
    while pos < len(tidy) and tidy[pos] in " ,":
        pos += 1
    return pos


def _set_time(reading: _Reading, match: re.Match[str]) -> None:
    if reading.hour is not None:
        raise TimeParseError("unreadable")  # two times
    hour, minute = int(match["h"]), int(match.groupdict().get("mi") or 0)
    second = match.groupdict().get("s")
    if match.groupdict().get("ap"):
        if not 1 <= hour <= 12:
            raise TimeParseError("unreadable")
        hour = hour % 12 + (12 if match["ap"] == "p" else 0)
    if hour > 23 or minute > 59 or (second is not None and int(second) > 59):
        raise TimeParseError("unreadable")
    reading.hour, reading.minute = hour, minute
    reading.second = None if second is None else int(second)
    reading.zone = reading.zone or bool(match.groupdict().get("z"))


def _set_day(reading: _Reading, day: int, month: int | None, year: int | None) -> None:
    if reading.day is not None:
        raise TimeParseError("unreadable")  # two dates
    try:
        date(year or 2028, month or 1, day)  # 2028: a leap year, so 29 Feb can be read
    except ValueError as exc:
        raise TimeParseError("unreadable") from exc
    reading.day, reading.month, reading.year = day, month, year
    reading.dates += 1


_RELATIVE_WORDS: Final = frozenset({"in", "ago", "from", "now"})
_UNIT_DAYS: Final = {"days": 1, "weeks": 7}


def _amount_days(tokens: list[tuple[str, re.Match[str]]], words: list[str]) -> int | None:
    """Days in "in 2 days" or "a week ago" (negative for ago); None when there is none.

    Minutes and hours beside other parts ("in 2 hours at 3pm") cannot all be used, so
    they are refused; a plain "in 2 hours" never gets here (see `_relative`).
    """
    parts: list[tuple[int, str]] = []
    for i, (kind, match) in enumerate(tokens):
        if kind == "amount":
            parts += [(_amount(n), _UNITS[u]) for n, u in _PART_RE.findall(match.group())]
        elif words[i] in _ONE and i + 1 < len(words) and words[i + 1] in _UNITS:
            parts.append((1, _UNITS[words[i + 1]]))
    marks = [w for w in words if w in _RELATIVE_WORDS]
    if not parts:
        if marks and (marks != ["now"] or len(words) > 1):
            raise TimeParseError("unreadable")  # "in" or "ago" with no amount
        return None
    if any(unit not in _UNIT_DAYS for _, unit in parts):
        raise TimeParseError("unreadable")
    if marks not in (["in"], ["ago"], ["from", "now"]):
        raise TimeParseError("unreadable")
    days = sum(n * _UNIT_DAYS[unit] for n, unit in parts)
    return -days if marks == ["ago"] else days


def _words(reading: _Reading, tokens: list[tuple[str, re.Match[str]]]) -> None:
    """Read the word parts into `reading`; refuse a word that cannot be used."""
    words = [m.group() if kind == "word" else "" for kind, m in tokens]
    for i, word in enumerate(words):
        after = words[i + 1] if i + 1 < len(words) else ""
        before = words[i - 1] if i else ""
        if not word or word in _FILLERS or word in _RELATIVE_WORDS:
            continue
        if word in _MONTHS:
            if reading.month is not None:
                raise TimeParseError("unreadable")
            reading.month = _MONTHS[word]
        elif word in _WEEKDAYS:
            if reading.weekday is not None:
                raise TimeParseError("unreadable")
            reading.weekday = _WEEKDAYS[word]
        elif word in _DAY_WORDS:
            reading.day_offset = _DAY_WORDS[word]
            reading.dates += 1
        elif word in _CLOCK_WORDS:
            if reading.hour is not None:
                raise TimeParseError("unreadable")
            reading.hour, reading.minute = _CLOCK_WORDS[word]
        elif word in _MODIFIERS:
            if after in _VAGUE_WORDS:
                raise TimeParseError("vague")
            if after not in _WEEKDAYS:
                raise TimeParseError("unreadable")
        elif (word in _ONE and after in _UNITS) or (word in _UNITS and before in _ONE):
            continue  # read by _amount_days
        elif word in _VAGUE_WORDS:
            raise TimeParseError("vague")
        elif word in _ZONES:
            reading.zone = True
        else:
            raise TimeParseError("unreadable")
    days = _amount_days(tokens, words)
    if days is not None:
        reading.day_offset = days
        reading.dates += 1


def _account(tidy: str, *, with_time: bool) -> _Reading:
    """Every part of the text, checked; refuse text with a part that cannot be used."""
    tokens = _tokens(tidy)
    reading = _Reading()
    numbers: list[str] = []
    for kind, match in tokens:
        if kind in {"iso", "date"}:
            year = match.groupdict().get("y")
            _set_day(reading, int(match["d"]), int(match["mo"]), int(year) if year else None)
            if kind == "iso" and match["h"] is not None:
                _set_time(reading, match)
        elif kind == "time":
            _set_time(reading, match)
        elif kind == "ordinal":
            _set_day(reading, int(match["d"]), None, None)
        elif kind == "offset":
            reading.zone = True
        elif kind == "number":
            numbers.append(match.group())
    _words(reading, tokens)
    for number in numbers:  # a bare number is a day or a year beside a month name
        if reading.month is None:
            raise TimeParseError("unreadable")
        if len(number) <= 2 and reading.day is None:
            _set_day(reading, int(number), reading.month, reading.year)
        elif len(number) == 4 and reading.year is None:
            reading.year = int(number)
        else:
            raise TimeParseError("unreadable")
    if reading.month is not None:
        if reading.day is None:
            raise TimeParseError("vague" if reading.year else "unreadable")
        _check_real_day(reading)
    if reading.dates > 1 or (reading.zone and reading.hour is None):
        raise TimeParseError("unreadable")
    if not with_time and (reading.hour is not None or reading.zone):
        raise TimeParseError("unreadable")
    return reading


def _check_real_day(reading: _Reading) -> None:
    try:
        date(reading.year or 2028, reading.month or 1, reading.day or 1)
    except ValueError as exc:
        raise TimeParseError("unreadable") from exc


# --- dateparser --------------------------------------------------------------------------

_BASE_SETTINGS: Final[dict[str, Any]] = {
    "DATE_ORDER": "DMY",
    "PREFER_DAY_OF_MONTH": "first",
    "RETURN_TIME_AS_PERIOD": True,
    "PARSERS": ["relative-time", "absolute-time"],
}
_VAGUE_PERIODS: Final = frozenset({"week", "month", "year"})


def _dateparser(tidy: str, base: datetime, prefer: str) -> tuple[datetime, str]:
    """Run dateparser once, relative to `base` (naive, panel-local)."""
    settings = {**_BASE_SETTINGS, "RELATIVE_BASE": base, "PREFER_DATES_FROM": prefer}
    try:
        data = DateDataParser(languages=["en"], settings=settings).get_date_data(tidy)
    except (ValueError, OverflowError, TypeError, AttributeError) as exc:
        raise TimeParseError("unreadable") from exc
    if data.date_obj is None:
        raise TimeParseError("unreadable")
    if data.period in _VAGUE_PERIODS:
        raise TimeParseError("vague")
    return data.date_obj, data.period or "day"


_DAY_ONLY = re.compile(
    rf"^(?!.*(?:{_MONTH_RE}|\d{{4}}|\d/|yesterday|ago|last)).*\b\d{{1,2}}(?:st|nd|rd|th)\b"
)


def _next_month(value: datetime) -> datetime:
    """The same day and time in the next month that has that day (the 31st may skip one)."""
    for step in (1, 2):
        years, month = divmod(value.month - 1 + step, 12)
        try:
            return value.replace(year=value.year + years, month=month + 1)
        except ValueError:
            continue
    return value


def _to_utc(value: datetime, zone: ZoneInfo) -> datetime:
    """Local wall time to aware UTC: first occurrence when repeated, error in the gap."""
    if value.tzinfo is not None:
        return value.astimezone(UTC)
    utc = value.replace(tzinfo=zone, fold=0).astimezone(UTC)
    if utc.astimezone(zone).replace(tzinfo=None) != value:
        raise TimeParseError("gap")
    return utc


def _require_aware(now: datetime) -> None:
    if now.tzinfo is None or now.utcoffset() is None:
        raise TypeError("now must be an aware datetime")


def _check_distance(result: datetime, now: datetime) -> datetime:
    """Refuse a time too far away; round up to the next whole minute ("in 2 hours" at
    09:00:42 is 11:01), so no time shown to people carries hidden seconds."""
    if abs(result - now) > MAX_DISTANCE:
        raise TimeParseError("out_of_range")
    whole = result.astimezone(UTC).replace(second=0, microsecond=0)
    return whole if whole == result else whole + timedelta(minutes=1)


# --- public API --------------------------------------------------------------------------


def parse_when(text: str, *, tz: str, now: datetime) -> datetime:
    """Read a date and time typed by a person, in zone `tz`; return an aware UTC datetime."""
    _require_aware(now)
    zone = _zone(tz)
    tidy = _clean(text)
    relative = _relative(tidy, now, zone)
    if relative is not None:
        return _check_distance(relative, now)
    tidy = _bare_hours(tidy)
    reading = _account(tidy, with_time=True)
    local_now = now.astimezone(zone).replace(tzinfo=None)
    candidates = _weekday_candidates(tidy, local_now.date(), prefer_past=False) or [tidy]
    result = now
    try:
        for candidate in candidates:
            value, _period = _dateparser(candidate, local_now, "future")
            if _to_utc(value, zone) <= now and value.tzinfo is None and _DAY_ONLY.search(candidate):
                value = _next_month(value)
            if not reading.agrees(value, local_now.date()):
                raise TimeParseError("unreadable")  # dateparser dropped or changed a part
            result = _to_utc(value, zone)
            if result > now:
                break
    except OverflowError as exc:
        raise TimeParseError("out_of_range") from exc
    return _check_distance(result, now)


def parse_future(
    text: str, tz: str, now: datetime, *, min_ahead: timedelta = timedelta(0)
) -> datetime:
    """Like `parse_when`, but refuse a time earlier than `now + min_ahead` (reason "past")."""
    result = parse_when(text, tz=tz, now=now)
    if result < now + min_ahead:
        raise TimeParseError("past")
    return result


def parse_date(
    text: str, *, tz: str, now: datetime, prefer: Literal["past", "future"] = "past"
) -> date:
    """Read a calendar date ("2026-12-01", "1 Dec", "yesterday", "last Monday") in zone `tz`."""
    _require_aware(now)
    zone = _zone(tz)
    tidy = _clean(text)
    local_now = now.astimezone(zone).replace(tzinfo=None)
    relative = _relative(tidy, now, zone)
    if relative is not None:
        day = relative.astimezone(zone).date()
    else:
        reading = _account(tidy, with_time=False)
        candidates = _weekday_candidates(tidy, local_now.date(), prefer == "past") or [tidy]
        value, _period = _dateparser(candidates[0], local_now, prefer)
        if not reading.agrees(value, local_now.date()):
            raise TimeParseError("unreadable")  # dateparser dropped or changed a part
        day = value.astimezone(zone).date() if value.tzinfo else value.date()
    if abs(day - local_now.date()) > MAX_DISTANCE:
        raise TimeParseError("out_of_range")
    return day


_DURATION = re.compile(rf"{_PART}(?:\s*{_PART})*")


def parse_duration_list(text: str) -> list[timedelta]:
    """Read offsets like "24h,1h,30m,2d": sorted longest first, no repeats, 1m to 14d, ≤5."""
    if not text or not text.strip():
        raise TimeParseError("empty")
    found: set[timedelta] = set()
    for raw in text.lower().split(","):
        item = raw.strip()
        if not item.isascii() or not _DURATION.fullmatch(item):
            raise TimeParseError("duration")
        total = timedelta(0)
        for amount, unit in _PART_RE.findall(item):
            total += timedelta(**{_UNITS[unit]: _amount(amount)})
        if not MIN_OFFSET <= total <= MAX_OFFSET or total % timedelta(minutes=1):
            raise TimeParseError("duration")
        found.add(total)
    if len(found) > MAX_OFFSETS:
        raise TimeParseError("too_many")
    return sorted(found, reverse=True)


def warm_up() -> None:
    """Load dateparser's English data now (about 80 ms) so the first member does not wait."""
    parse_when("tomorrow 2pm", tz="UTC", now=datetime(2026, 1, 1, tzinfo=UTC))
