"""Periods typed for /hours export and /hours report: dates or named spans, with defaults."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from bot.errors import BadInput
from bot.services.hours.ledger import named_span, read_period

NOW = datetime(2026, 1, 14, 12, 0, tzinfo=UTC)  # a Wednesday
ZONE = "Europe/London"


@pytest.mark.parametrize(
    ("words", "span"),
    [
        ("last month", (date(2025, 12, 1), date(2025, 12, 31))),
        ("This Month", (date(2026, 1, 1), date(2026, 1, 31))),
        ("last week", (date(2026, 1, 5), date(2026, 1, 11))),
        ("this week", (date(2026, 1, 12), date(2026, 1, 18))),
        ("last year", (date(2025, 1, 1), date(2025, 12, 31))),
        ("yesterday", None),
    ],
)
def test_named_spans(words: str, span: tuple[date, date] | None) -> None:
    assert named_span(words, date(2026, 1, 14)) == span


@pytest.mark.parametrize(
    ("start", "end", "period"),
    [
        (None, None, (date(2025, 12, 1), date(2025, 12, 31))),
        ("last month", "last month", (date(2025, 12, 1), date(2025, 12, 31))),
        ("last month", None, (date(2025, 12, 1), date(2026, 1, 14))),
        (None, "2025-11-20", (date(2025, 11, 1), date(2025, 11, 20))),
        ("1 Nov 2025", "last month", (date(2025, 11, 1), date(2025, 12, 31))),
        ("2025-10-01", "2025-10-31", (date(2025, 10, 1), date(2025, 10, 31))),
    ],
)
def test_periods_read_dates_and_spans(
    start: str | None, end: str | None, period: tuple[date, date]
) -> None:
    assert read_period(start, end, tz=ZONE, now=NOW) == period


def test_the_report_default_is_this_month_so_far() -> None:
    assert read_period(None, None, tz=ZONE, now=NOW, default="this month so far") == (
        date(2026, 1, 1),
        date(2026, 1, 14),
    )


@pytest.mark.parametrize(("start", "end"), [("this month", "last month"), ("2026-13-01", None)])
def test_a_backwards_or_impossible_period_is_refused(start: str, end: str | None) -> None:
    with pytest.raises(BadInput):
        read_period(start, end, tz=ZONE, now=NOW)
