"""Plain words for lengths of time."""

from __future__ import annotations

from bot.services.durations import describe_minutes


def test_hours_and_minutes() -> None:
    assert describe_minutes(90) == "1 hour 30 minutes"


def test_negative_time_says_minus() -> None:
    assert describe_minutes(-30) == "minus 30 minutes"


def test_zero_is_zero_minutes() -> None:
    assert describe_minutes(0) == "0 minutes"


def test_days_only_when_asked() -> None:
    assert (describe_minutes(1500), describe_minutes(1500, days=True)) == (
        "25 hours",
        "1 day 1 hour",
    )


def test_whole_days() -> None:
    assert describe_minutes(2880, days=True) == "2 days"
