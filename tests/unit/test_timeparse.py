"""Unit tests for bot.services.timeparse: reading times, dates, offsets and zone names."""

from datetime import UTC, date, datetime, timedelta
from typing import get_args
from zoneinfo import ZoneInfo

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from bot.services.readability import score
from bot.services.timeparse import (
    Reason,
    TimeParseError,
    canonical_timezone,
    is_valid_timezone,
    parse_date,
    parse_duration_list,
    parse_future,
    parse_when,
    suggest_timezones,
    timezone_names,
)

LONDON = "Europe/London"
# Tuesday 24 November 2026, 09:00 in London (GMT, so UTC and local agree).
NOW = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


def reason_of(text: str, *, tz: str = LONDON, now: datetime = NOW) -> str:
    with pytest.raises(TimeParseError) as info:
        parse_when(text, tz=tz, now=now)
    return info.value.reason


# --- accepted forms -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-12-01 14:00", utc(2026, 12, 1, 14, 0)),
        ("1 Dec 2pm", utc(2026, 12, 1, 14, 0)),
        ("tomorrow 2pm", utc(2026, 11, 25, 14, 0)),
        ("tomorrow at 2pm", utc(2026, 11, 25, 14, 0)),
        ("in 2 hours", utc(2026, 11, 24, 11, 0)),
        ("in an hour", utc(2026, 11, 24, 10, 0)),
        ("in 1h30m", utc(2026, 11, 24, 10, 30)),
        ("2 hours from now", utc(2026, 11, 24, 11, 0)),
        ("next Tuesday 10:30", utc(2026, 12, 1, 10, 30)),
        ("today 18:30", utc(2026, 11, 24, 18, 30)),
        ("2 December at 10am", utc(2026, 12, 2, 10, 0)),
        ("Tuesday 10:30", utc(2026, 11, 24, 10, 30)),
        ("Tuesday 8:30", utc(2026, 12, 1, 8, 30)),
        ("on Thursday at 2pm", utc(2026, 11, 26, 14, 0)),
        ("tomorrow at 14.00", utc(2026, 11, 25, 14, 0)),
        ("1/12/2026 14:00", utc(2026, 12, 1, 14, 0)),
        ("TOMORROW   2PM", utc(2026, 11, 25, 14, 0)),
        ("2026-12-01T14:00:00Z", utc(2026, 12, 1, 14, 0)),
        ("in half an hour", utc(2026, 11, 24, 9, 30)),
        ("in a fortnight", utc(2026, 12, 8, 9, 0)),
        ("at 19", utc(2026, 11, 24, 19, 0)),
        ("at 7pm", utc(2026, 11, 24, 19, 0)),
        ("the 5th at 3pm", utc(2026, 12, 5, 15, 0)),
        ("the 30th at 10am", utc(2026, 11, 30, 10, 0)),
    ],
)
def test_parse_when_reads_common_forms(text: str, expected: datetime) -> None:
    assert parse_when(text, tz=LONDON, now=NOW) == expected


def test_parse_when_returns_utc() -> None:
    assert parse_when("tomorrow 2pm", tz="America/New_York", now=NOW).tzinfo is UTC


def test_parse_when_reads_in_panel_zone() -> None:
    result = parse_when("2026-12-01 14:00", tz="America/New_York", now=NOW)
    assert result == utc(2026, 12, 1, 19, 0)


def test_parse_when_reads_summer_time() -> None:
    assert parse_when("2027-07-01 14:00", tz=LONDON, now=NOW) == utc(2027, 7, 1, 13, 0)


def test_explicit_zone_in_text_wins() -> None:
    assert parse_when("2pm UTC", tz="America/New_York", now=NOW) == utc(2026, 11, 24, 14, 0)


def test_next_weekday_on_the_day_before_is_tomorrow() -> None:
    monday = utc(2026, 11, 23, 9, 0)
    assert parse_when("next Tuesday 10:30", tz=LONDON, now=monday) == utc(2026, 11, 24, 10, 30)


def test_dot_in_full_date_is_not_a_time() -> None:
    assert parse_when("1.12.2026 14:00", tz=LONDON, now=NOW) == utc(2026, 12, 1, 14, 0)


def test_leap_day_is_accepted() -> None:
    assert parse_when("29 Feb 2028 10:00", tz=LONDON, now=NOW) == utc(2028, 2, 29, 10, 0)


def test_result_has_no_microseconds() -> None:
    now = NOW.replace(second=42, microsecond=123456)
    assert parse_when("in 2 hours", tz=LONDON, now=now).microsecond == 0


def test_relative_times_are_rounded_up_to_the_minute() -> None:
    now = NOW.replace(second=42, microsecond=123456)
    assert (
        parse_when("in 2 hours", tz=LONDON, now=now),
        parse_when("tomorrow", tz=LONDON, now=now),
    ) == (utc(2026, 11, 24, 11, 1), utc(2026, 11, 25, 9, 1))


# --- daylight saving ----------------------------------------------------------------------


def test_spring_forward_gap_is_refused() -> None:
    assert reason_of("2027-03-28 01:30") == "gap"


def test_autumn_repeated_hour_reads_first_occurrence() -> None:
    assert parse_when("2026-10-25 01:30", tz=LONDON, now=NOW) == utc(2026, 10, 25, 0, 30)


def test_in_hours_is_exact_across_autumn_change() -> None:
    now = utc(2026, 10, 25, 0, 30)  # 01:30 BST, the first 01:30 of the night
    assert parse_when("in 2 hours", tz=LONDON, now=now) == utc(2026, 10, 25, 2, 30)


def test_in_hours_is_exact_across_spring_change() -> None:
    now = utc(2027, 3, 28, 0, 30)  # 00:30 GMT, just before clocks go forward
    assert parse_when("in 1 hour", tz=LONDON, now=now) == utc(2027, 3, 28, 1, 30)


def test_tomorrow_keeps_wall_clock_across_spring_change() -> None:
    now = utc(2027, 3, 27, 12, 0)
    assert parse_when("tomorrow 2pm", tz=LONDON, now=now) == utc(2027, 3, 28, 13, 0)


def test_tomorrow_keeps_wall_clock_across_autumn_change() -> None:
    now = utc(2026, 10, 24, 12, 0)
    assert parse_when("tomorrow 2pm", tz=LONDON, now=now) == utc(2026, 10, 25, 14, 0)


def test_in_days_keeps_wall_clock_across_spring_change() -> None:
    now = utc(2027, 3, 27, 10, 0)
    assert parse_when("in 1 day", tz=LONDON, now=now) == utc(2027, 3, 28, 9, 0)


ZONES = [
    "Europe/London",
    "America/New_York",
    "America/St_Johns",
    "Australia/Sydney",
    "Australia/Lord_Howe",
    "Asia/Kolkata",
    "UTC",
]


@settings(deadline=None)
@given(
    moment=st.datetimes(
        min_value=datetime(2022, 1, 1),  # noqa: DTZ001 - hypothesis bounds must be naive
        max_value=datetime(2031, 6, 30),  # noqa: DTZ001
        timezones=st.just(UTC),
    ),
    tz=st.sampled_from(ZONES),
)
def test_formatted_local_time_round_trips(moment: datetime, tz: str) -> None:
    moment = moment.replace(second=0, microsecond=0)
    local = moment.astimezone(ZoneInfo(tz))
    assume(local.replace(fold=0).utcoffset() == local.replace(fold=1).utcoffset())
    assert parse_when(local.strftime("%Y-%m-%d %H:%M"), tz=tz, now=NOW) == moment


# --- refused input ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    ["garbage", "a", "5", "2026", "may", "29 Feb 2027", "31 Nov 2026 10:00", "25:00", "x" * 200],
)
def test_unreadable_text_is_refused(text: str) -> None:
    assert reason_of(text) == "unreadable"


@pytest.mark.parametrize(
    "text", ["😀", "tomorrow 2pm 🎉", "明天", "завтра", "١٢:٠٠", "tomorrow\x00", "2pm\u200f"]
)
def test_emoji_and_other_scripts_are_refused(text: str) -> None:
    assert reason_of(text) == "unreadable"


@pytest.mark.parametrize("text", ["", "   ", "\n"])
def test_empty_text_is_refused(text: str) -> None:
    assert reason_of(text) == "empty"


@pytest.mark.parametrize("text", ["at 7", "tomorrow 2", "next Friday at 9", "at 12"])
def test_bare_hour_without_am_or_pm_is_refused(text: str) -> None:
    assert reason_of(text) == "ampm"


def test_vague_period_is_refused() -> None:
    assert reason_of("next week") == "vague"


def test_far_future_is_refused() -> None:
    assert reason_of("1 Dec 2040 10:00") == "out_of_range"


def test_unknown_zone_is_refused() -> None:
    assert reason_of("tomorrow 2pm", tz="Mars/Olympus_Mons") == "timezone"


def test_naive_now_is_a_programming_error() -> None:
    with pytest.raises(TypeError):
        parse_when("tomorrow 2pm", tz=LONDON, now=datetime(2026, 11, 24))  # noqa: DTZ001


def test_error_message_is_plain_text() -> None:
    with pytest.raises(TimeParseError, match="could not read that time"):
        parse_when("garbage", tz=LONDON, now=NOW)


@settings(deadline=None, max_examples=300)
@given(text=st.text(max_size=60))
def test_any_text_parses_or_raises_time_parse_error(text: str) -> None:
    try:
        result = parse_when(text, tz=LONDON, now=NOW)
    except TimeParseError:
        return
    assert result.tzinfo is UTC


DATE_LIKE = st.lists(
    st.sampled_from(
        [
            *"0123456789 :/.-,",
            *("tomorrow", "today", "next", "in", "at", "the", "ago", "half an hour", "  "),
            *("hours", "dec", "tue", "am", "pm", "th", "st", "m", "h", "d", "a"),
        ]
    ),
    max_size=10,
).map("".join)


@settings(deadline=None, max_examples=300)
@given(text=DATE_LIKE, tz=st.sampled_from(ZONES))
def test_date_like_text_parses_or_raises_time_parse_error(text: str, tz: str) -> None:
    try:
        result = parse_when(text, tz=tz, now=NOW)
    except TimeParseError:
        return
    assert result.tzinfo is UTC


# --- parse_future -------------------------------------------------------------------------


def test_parse_future_refuses_past_time() -> None:
    with pytest.raises(TimeParseError) as info:
        parse_future("yesterday 10am", LONDON, NOW)
    assert info.value.reason == "past"


def test_parse_future_refuses_time_too_soon() -> None:
    with pytest.raises(TimeParseError) as info:
        parse_future("in 10 minutes", LONDON, NOW, min_ahead=timedelta(hours=1))
    assert info.value.reason == "past"


def test_parse_future_accepts_future_time() -> None:
    assert parse_future("in 2 hours", LONDON, NOW) == utc(2026, 11, 24, 11, 0)


# --- parse_date ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-12-01", date(2026, 12, 1)),
        ("1 Dec", date(2025, 12, 1)),
        ("today", date(2026, 11, 24)),
        ("yesterday", date(2026, 11, 23)),
        ("last Monday", date(2026, 11, 23)),
        ("Monday", date(2026, 11, 23)),
        ("next Monday", date(2026, 11, 30)),
        ("3 days ago", date(2026, 11, 21)),
        ("29 Feb 2028", date(2028, 2, 29)),
    ],
)
def test_parse_date_reads_common_forms(text: str, expected: date) -> None:
    assert parse_date(text, tz=LONDON, now=NOW) == expected


def test_parse_date_can_prefer_future() -> None:
    assert parse_date("1 Nov", tz=LONDON, now=NOW, prefer="future") == date(2027, 11, 1)


def test_parse_date_uses_panel_zone_for_today() -> None:
    late = utc(2026, 11, 24, 23, 30)  # already the 25th in Sydney
    assert parse_date("today", tz="Australia/Sydney", now=late) == date(2026, 11, 25)


def test_parse_date_refuses_impossible_date() -> None:
    with pytest.raises(TimeParseError):
        parse_date("29 Feb 2027", tz=LONDON, now=NOW)


@settings(deadline=None)
@given(text=st.text(max_size=40))
def test_parse_date_never_raises_other_errors(text: str) -> None:
    try:
        parse_date(text, tz=LONDON, now=NOW)
    except TimeParseError:
        pass


# --- parse_duration_list ------------------------------------------------------------------


def test_durations_are_sorted_longest_first() -> None:
    assert parse_duration_list("1h,24h,30m,2d") == [
        timedelta(days=2),
        timedelta(hours=24),
        timedelta(hours=1),
        timedelta(minutes=30),
    ]


def test_duplicate_durations_are_merged() -> None:
    assert parse_duration_list("1h, 60m, 1 hour") == [timedelta(hours=1)]


def test_combined_duration_is_summed() -> None:
    assert parse_duration_list("1h30m") == [timedelta(minutes=90)]


# Offsets run from 1 minute (the issue asks for "1m") to 14 days, in whole minutes.
@pytest.mark.parametrize("text", ["30s", "59s", "15d", "0h", "0m"])
def test_duration_out_of_bounds_is_refused(text: str) -> None:
    with pytest.raises(TimeParseError):
        parse_duration_list(text)


@pytest.mark.parametrize("text", ["abc", "1x", "1h,,2h", "-1h", "1.5h", "😀"])
def test_bad_duration_is_refused(text: str) -> None:
    with pytest.raises(TimeParseError):
        parse_duration_list(text)


def test_more_than_five_durations_are_refused() -> None:
    with pytest.raises(TimeParseError) as info:
        parse_duration_list("1h,2h,3h,4h,5h,6h")
    assert info.value.reason == "too_many"


def test_five_durations_are_allowed() -> None:
    assert len(parse_duration_list("1h,2h,3h,4h,5h")) == 5


@settings(deadline=None)
@given(text=st.text(max_size=40))
def test_duration_list_never_raises_other_errors(text: str) -> None:
    try:
        parse_duration_list(text)
    except TimeParseError:
        pass


# --- time zones ---------------------------------------------------------------------------


def test_known_zone_is_valid() -> None:
    assert is_valid_timezone("Europe/London")


@pytest.mark.parametrize("name", ["Mars/Base", "", "../../etc/passwd", "europe/london"])
def test_unknown_zone_is_invalid(name: str) -> None:
    assert not is_valid_timezone(name)


@pytest.mark.parametrize(
    ("typed", "zone"),
    [("europe/london", "Europe/London"), (" America/New York ", "America/New_York")],
)
def test_zone_typed_in_any_case_finds_its_proper_name(typed: str, zone: str) -> None:
    assert canonical_timezone(typed) == zone


@pytest.mark.parametrize("name", ["Mars/Base", "", "../../etc/passwd", "London"])
def test_unknown_zone_has_no_proper_name(name: str) -> None:
    assert canonical_timezone(name) is None


def test_timezone_names_are_sorted() -> None:
    names = timezone_names()
    assert names == sorted(names)


def test_timezone_names_include_london() -> None:
    assert "Europe/London" in timezone_names()


def test_suggest_finds_city_in_any_case() -> None:
    assert suggest_timezones("LONDON")[0] == "Europe/London"


def test_suggest_reads_spaces_as_underscores() -> None:
    assert "America/New_York" in suggest_timezones("new york")


def test_suggest_puts_prefix_matches_first() -> None:
    results = suggest_timezones("us")
    assert results[0].lower().startswith("us")


def test_suggest_respects_limit() -> None:
    assert len(suggest_timezones("a", limit=10)) == 10


def test_suggest_with_no_match_is_empty() -> None:
    assert suggest_timezones("zzzz") == []


@pytest.mark.parametrize("reason", get_args(Reason))
def test_every_error_message_is_plain(reason: Reason) -> None:
    assert score(str(TimeParseError(reason))).passes(60.0)


# --- no half-read input: every part of what is typed is used, or the text is refused ------

HALF_READ = [
    "tomorrow 25:00",
    "tomorrow 24:00",
    "24:00",
    "tomorrow 12:60",
    "12:60",
    "0/0/2026",
    "-",
    "+3",
    "-1",
    "tomorrow 14h",
    "tomorrow 2pm 3pm",
    "1 Dec 2 Dec",
    "13pm",
    "0am",
    "14:00 pm",
    "31/4",
    "1/12/26 14:00",
    "in 2 hours at 3pm",
    "Monday 1 Dec 2026",
    "in",
    "ago",
    "utc",
    "2pm 7",
]


@pytest.mark.parametrize("text", HALF_READ)
def test_time_with_a_part_that_cannot_be_used_is_refused(text: str) -> None:
    assert reason_of(text) == "unreadable"


@pytest.mark.parametrize("text", HALF_READ)
def test_date_with_a_part_that_cannot_be_used_is_refused(text: str) -> None:
    with pytest.raises(TimeParseError):
        parse_date(text, tz=LONDON, now=NOW)


@pytest.mark.parametrize("text", ["tomorrow morning", "tuesday evening", "this week"])
def test_part_of_a_day_is_vague(text: str) -> None:
    assert reason_of(text) == "vague"


@pytest.mark.parametrize("text", ["yesterday 2pm", "2pm", "noon", "at 19", "1 Dec 14:00 UTC"])
def test_a_time_where_a_date_belongs_is_refused(text: str) -> None:
    with pytest.raises(TimeParseError):
        parse_date(text, tz=LONDON, now=NOW)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("in 2 days at 3pm", utc(2026, 11, 26, 15, 0)),
        ("3 days from now 2pm", utc(2026, 11, 27, 14, 0)),
        ("tomorrow noon", utc(2026, 11, 25, 12, 0)),
        ("1 Dec at midday", utc(2026, 12, 1, 12, 0)),
        ("the 1st of Dec at 2pm", utc(2026, 12, 1, 14, 0)),
        ("Dec 1st, 2026 at 2pm", utc(2026, 12, 1, 14, 0)),
        ("Tuesday 1 Dec 2026 14:00", utc(2026, 12, 1, 14, 0)),
        ("14:00 +0100", utc(2026, 11, 24, 13, 0)),
        ("12am", utc(2026, 11, 25, 0, 0)),
        ("12pm", utc(2026, 11, 24, 12, 0)),
        ("at 0", utc(2026, 11, 25, 0, 0)),
    ],
)
def test_every_part_of_these_is_used(text: str, expected: datetime) -> None:
    assert parse_when(text, tz=LONDON, now=NOW) == expected


MONTH_NAMES = ["", "jan", "feb", "March", "apr", "May", "june", "jul", "Aug", "sep", "oct"]
MONTH_NAMES += ["November", "dec"]
WEEKDAY_NAMES = ["monday", "Tue", "wednesday", "thu", "Friday", "sat", "sunday"]
Parts = dict[str, int]


def _real_day(day: int, month: int, year: int = 2028) -> bool:
    try:
        date(year, month, day)
    except ValueError:
        return False
    return True


def _with_ampm(hour: int, ampm: str) -> tuple[str, Parts]:
    if not 1 <= hour <= 12:
        return f"{hour}{ampm}", {"bad": 1}
    return f"{hour}{ampm}", {"hour": hour % 12 + (12 if ampm.strip() == "pm" else 0), "minute": 0}


DAY_PARTS: st.SearchStrategy[tuple[str, Parts]] = st.one_of(
    st.just(("", {})),
    st.sampled_from(
        [("today", {"offset": 0}), ("tomorrow", {"offset": 1}), ("yesterday", {"offset": -1})]
    ),
    st.builds(
        lambda d, m: (f"{d} {MONTH_NAMES[m]}", {"day": d, "month": m}),
        st.integers(0, 33),
        st.integers(1, 12),
    ),
    st.builds(
        lambda d, m, y: (f"{MONTH_NAMES[m]} {d} {y}", {"day": d, "month": m, "year": y}),
        st.integers(0, 33),
        st.integers(1, 12),
        st.sampled_from([2026, 2027, 2028]),
    ),
    st.builds(
        lambda d, m, y: (f"{d}/{m}/{y}", {"day": d, "month": m, "year": y}),
        st.integers(0, 33),
        st.integers(0, 14),
        st.sampled_from([2026, 2027]),
    ),
    st.builds(
        lambda d, m, y: (f"{y}-{m:02}-{d:02}", {"day": d, "month": m, "year": y}),
        st.integers(0, 33),
        st.integers(0, 14),
        st.sampled_from([2026, 2027]),
    ),
    st.builds(lambda d: (f"the {d}{'th' if d > 3 else 'st'}", {"day": d}), st.integers(0, 35)),
    st.builds(
        lambda mod, w: (f"{mod}{WEEKDAY_NAMES[w]}", {"weekday": w}),
        st.sampled_from(["", "next ", "on "]),
        st.integers(0, 6),
    ),
    st.builds(lambda n: (f"in {n} days", {"offset": n}), st.integers(1, 40)),
)
TIME_PARTS: st.SearchStrategy[tuple[str, Parts]] = st.one_of(
    st.just(("", {})),
    st.builds(
        lambda h, m, at: (f"{at}{h}:{m:02}", {"hour": h, "minute": m}),
        st.integers(0, 26),
        st.integers(0, 61),
        st.sampled_from(["", "at "]),
    ),
    st.builds(
        _with_ampm,
        st.integers(0, 14),
        st.sampled_from(["am", "pm", " pm"]),
    ),
    st.sampled_from([("noon", {"hour": 12, "minute": 0}), ("midnight", {"hour": 0, "minute": 0})]),
)
JUNK = st.sampled_from(["", "", "", "-", "+3", "-1", "7", "x", "25:00", "12:60", "0/0/2026"])


def _valid(parts: Parts, junk: str) -> bool:
    if junk or "bad" in parts:
        return False
    if parts.get("hour", 0) > 23 or parts.get("minute", 0) > 59:
        return False
    if "day" in parts:
        return _real_day(parts["day"], parts.get("month", 1), parts.get("year", 2028))
    return True


def _agrees(local: datetime, parts: Parts, today: date) -> bool:
    got = {
        "hour": local.hour,
        "minute": local.minute,
        "day": local.day,
        "month": local.month,
        "year": local.year,
        "weekday": local.weekday(),
    }
    if "offset" in parts and local.date() != today + timedelta(days=parts["offset"]):
        return False
    return all(got[k] == v for k, v in parts.items() if k != "offset")


@st.composite
def typed_times(draw: st.DrawFn) -> tuple[str, Parts, bool]:
    day_text, day = draw(DAY_PARTS)
    time_text, time = draw(TIME_PARTS)
    junk = draw(JUNK)
    pieces = draw(st.permutations([p for p in (day_text, time_text, junk) if p]))
    assume(pieces)
    return " ".join(pieces), {**day, **time}, _valid({**day, **time}, junk)


@settings(deadline=None, max_examples=600)
@given(typed=typed_times(), tz=st.sampled_from(ZONES))
def test_whatever_is_accepted_used_every_part(typed: tuple[str, Parts, bool], tz: str) -> None:
    text, parts, valid = typed
    try:
        result = parse_when(text, tz=tz, now=NOW)
    except TimeParseError:
        return
    local = result.astimezone(ZoneInfo(tz))
    today = NOW.astimezone(ZoneInfo(tz)).date()
    assert (valid, _agrees(local, parts, today)) == (True, True), (text, local)


@settings(deadline=None, max_examples=400)
@given(typed=typed_times())
def test_whatever_date_is_accepted_used_every_part(typed: tuple[str, Parts, bool]) -> None:
    text, parts, valid = typed
    try:
        result = parse_date(text, tz=LONDON, now=NOW)
    except TimeParseError:
        return
    local = datetime(result.year, result.month, result.day, tzinfo=ZoneInfo(LONDON))
    date_parts = {k: v for k, v in parts.items() if k not in {"hour", "minute"}}
    assert (valid, "hour" in parts, _agrees(local, date_parts, NOW.date())) == (
        True,
        False,
        True,
    ), (text, result)


def _digit_changes(text: str) -> list[str]:
    return [
        text[:i] + other + text[i + 1 :]
        for i, ch in enumerate(text)
        if ch.isdigit()
        for other in "0123456789"
        if other != ch
    ]


@settings(deadline=None, max_examples=100)
@given(typed=typed_times())
def test_every_digit_of_an_accepted_time_matters(typed: tuple[str, Parts, bool]) -> None:
    text = typed[0]
    try:
        first = parse_when(text, tz=LONDON, now=NOW)
    except TimeParseError:
        return
    same = []
    for changed in _digit_changes(text):
        try:
            if parse_when(changed, tz=LONDON, now=NOW) == first:
                same.append(changed)
        except TimeParseError:
            pass
    assert same == [], text
