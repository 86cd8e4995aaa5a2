"""Pay arithmetic: exact pounds, rounding to the penny, the daily cap."""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.services.hours.money import (
    MAX_PENCE_PER_HOUR,
    PayInputError,
    amount_pence,
    decimal_hours,
    paid_minutes,
    parse_pounds,
    plain_pounds,
    pounds,
    short_time,
)

minutes_st = st.integers(min_value=-1440, max_value=1440)
rate_st = st.integers(min_value=0, max_value=MAX_PENCE_PER_HOUR)


@pytest.mark.parametrize(
    ("typed", "pence"),
    [
        ("12.50", 1250),
        ("12.5", 1250),
        ("12", 1200),
        ("£15.75", 1575),
        (" 0.01 ", 1),
        ("0", 0),
        ("1,000", 100000),
    ],
)
def test_pounds_are_read_exactly(typed: str, pence: int) -> None:
    assert parse_pounds(typed) == pence


@pytest.mark.parametrize(
    ("typed", "reason"),
    [
        ("-5", "negative"),
        ("12.505", "decimals"),
        ("1000.01", "too_big"),
        ("ten", "unreadable"),
        ("", "unreadable"),
        ("1e3", "unreadable"),
        ("nan", "unreadable"),
        ("9,50", "unreadable"),
        ("1,2", "unreadable"),
        ("12,5", "unreadable"),
    ],
)
def test_bad_pounds_are_refused_with_a_reason(typed: str, reason: str) -> None:
    with pytest.raises(PayInputError) as caught:
        parse_pounds(typed)
    assert caught.value.reason == reason


@given(st.integers(min_value=0, max_value=MAX_PENCE_PER_HOUR))
def test_pounds_text_round_trips(pence: int) -> None:
    assert parse_pounds(plain_pounds(pence)) == pence


@pytest.mark.parametrize(
    ("minutes", "rate", "expected"),
    [
        (60, 1250, 1250),
        (90, 1250, 1875),
        (1, 1250, 21),  # 20.83p -> 21p
        (1, 30, 1),  # exactly 0.5p -> rounds up to 1p
        (1, 29, 0),  # 0.483p -> 0p
        (-1, 30, -1),  # halves round away from zero, so corrections cancel
        (45, 1001, 751),  # 750.75p -> 751p
    ],
)
def test_amounts_round_half_up_to_the_penny(minutes: int, rate: int, expected: int) -> None:
    assert amount_pence(minutes, rate) == expected


@given(minutes_st, rate_st)
def test_amount_is_the_exact_value_rounded_half_away_from_zero(minutes: int, rate: int) -> None:
    exact = Fraction(minutes * rate, 60)
    magnitude = abs(exact)
    rounded = int(magnitude) + (1 if magnitude - int(magnitude) >= Fraction(1, 2) else 0)
    assert amount_pence(minutes, rate) == (rounded if exact >= 0 else -rounded)


@given(minutes_st, rate_st)
def test_amount_is_within_half_a_penny(minutes: int, rate: int) -> None:
    assert abs(amount_pence(minutes, rate) - Fraction(minutes * rate, 60)) <= Fraction(1, 2)


@given(minutes_st, rate_st)
def test_a_correction_cancels_the_entry_exactly(minutes: int, rate: int) -> None:
    assert amount_pence(minutes, rate) + amount_pence(-minutes, rate) == 0


@given(
    st.lists(st.integers(min_value=-300, max_value=600), max_size=8),
    st.integers(min_value=1, max_value=1440),
)
def test_paid_minutes_of_a_day_never_pass_the_cap(entries: list[int], cap: int) -> None:
    before = 0
    paid = 0
    for minutes in entries:
        paid += paid_minutes(before, minutes, cap)
        before += minutes
    assert paid == max(0, min(cap, before))


def test_minutes_over_the_cap_are_not_paid() -> None:
    assert paid_minutes(420, 120, 480) == 60


def test_without_a_cap_every_minute_is_paid() -> None:
    assert paid_minutes(900, 120, None) == 120


def test_money_is_shown_in_pounds() -> None:
    assert (pounds(123456), pounds(-125)) == ("£1,234.56", "-£1.25")


def test_hours_have_two_decimals() -> None:
    assert (decimal_hours(90), decimal_hours(20), decimal_hours(-45)) == ("1.50", "0.33", "-0.75")


@pytest.mark.parametrize(
    ("typed", "minutes"), [("7.5", 450), ("8", 480), ("0.25", 15), ("6h", 360)]
)
def test_cap_hours_are_read_as_whole_minutes(typed: str, minutes: int) -> None:
    from bot.services.hours.money import parse_hours

    assert parse_hours(typed) == minutes


@pytest.mark.parametrize("typed", ["7.333", "-2", "lots", ""])
def test_unusable_cap_hours_are_refused(typed: str) -> None:
    from bot.services.hours.money import parse_hours

    with pytest.raises(PayInputError):
        parse_hours(typed)


@pytest.mark.parametrize(
    ("minutes", "shown"),
    [(7, "7 min"), (90, "1 h 30 min"), (120, "2 h"), (0, "0 min"), (-30, "-30 min")],
)
def test_short_time_is_hours_and_minutes(minutes: int, shown: str) -> None:
    assert short_time(minutes) == shown
