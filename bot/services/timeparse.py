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
  same wall-clock time.
* "next Tuesday" is the first Tuesday strictly after today (tomorrow, if today is Monday).
  A bare "Tuesday" is today if today is Tuesday and the time has not passed yet.
* A bare hour of 1 to 12 with no am/pm ("at 7", "tomorrow 2") is refused with reason
  ``"ampm"``; 0 and 13 to 23 are read on the 24-hour clock ("at 19" is 19:00).
* A day of the month with no month ("the 5th at 3pm") that has passed means next month.
* A date with no time ("1 Dec") is read as midnight at the start of that day; "tomorrow"
  keeps the current time of day (dateparser's rule).
* Text without any digit or date word, bare numbers ("5"), vague periods ("next week"),
  emoji and non-Latin scripts are refused as ``"unreadable"`` or ``"vague"``.
"""

from __future__ import annotations

import re
import unicodedata
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
MIN_OFFSET: Final = timedelta(minutes=5)
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
    "duration": "I could not read that. Use times like 24h, 1h or 30m, from 5m to 14d.",
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
    totals = {"minutes": 0, "hours": 0, "days": 0, "weeks": 0}
    for amount, unit in _PART_RE.findall(match["body"]):
        totals[_UNITS[unit]] += _amount(amount)
    exact = timedelta(minutes=totals["minutes"], hours=totals["hours"]) * sign
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
    if abs(result - now) > MAX_DISTANCE:
        raise TimeParseError("out_of_range")
    return result.astimezone(UTC).replace(microsecond=0)


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
    local_now = now.astimezone(zone).replace(tzinfo=None)
    candidates = _weekday_candidates(tidy, local_now.date(), prefer_past=False) or [tidy]
    result = now
    try:
        for candidate in candidates:
            value, _period = _dateparser(candidate, local_now, "future")
            result = _to_utc(value, zone)
            if result <= now and value.tzinfo is None and _DAY_ONLY.search(candidate):
                result = _to_utc(_next_month(value), zone)
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
        candidates = _weekday_candidates(tidy, local_now.date(), prefer == "past") or [tidy]
        value, _period = _dateparser(candidates[0], local_now, prefer)
        day = value.astimezone(zone).date() if value.tzinfo else value.date()
    if abs(day - local_now.date()) > MAX_DISTANCE:
        raise TimeParseError("out_of_range")
    return day


_DURATION = re.compile(rf"{_PART}(?:\s*{_PART})*")


def parse_duration_list(text: str) -> list[timedelta]:
    """Read offsets like "24h,1h,30m,2d": sorted longest first, no repeats, 5m to 14d, ≤5."""
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
        if not MIN_OFFSET <= total <= MAX_OFFSET:
            raise TimeParseError("duration")
        found.add(total)
    if len(found) > MAX_OFFSETS:
        raise TimeParseError("too_many")
    return sorted(found, reverse=True)


def warm_up() -> None:
    """Load dateparser's English data now (about 80 ms) so the first member does not wait."""
    parse_when("tomorrow 2pm", tz="UTC", now=datetime(2026, 1, 1, tzinfo=UTC))
