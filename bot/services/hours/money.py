"""Pure pay arithmetic: pounds typed by people, pence stored, amounts for minutes worked.

Rules (tested in tests/unit/test_pay.py):

* Money is whole pence (int) everywhere; floats are never used.
* amount = minutes x rate (pence per hour) / 60, rounded to the nearest penny with
  halves rounded away from zero ("half-up" for positive amounts). Because the rule is
  symmetric, a correction of -m minutes exactly cancels +m minutes at the same rate.
* The daily cap: a member's approved minutes on one work date are paid up to the cap and
  no further. An entry's paid minutes are what it adds to the capped day total
  (clamp(before + minutes) - clamp(before), clamp = between 0 and the cap), so the paid
  minutes of a day always add up to min(cap, total approved minutes of that day).
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

MAX_PENCE_PER_HOUR = 100_000  # £1,000 an hour: anything above is a typing slip
MINUTES_PER_HOUR = 60
# Commas only as thousands separators ('1,250.00'); '9,50' is refused, never read as 950.
_THOUSANDS = re.compile(r"[+-]?[0-9]{1,3}(,[0-9]{3})+(\.[0-9]*)?")


class PayInputError(ValueError):
    """Money text that cannot be used; `reason` says why."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def parse_pounds(text: str) -> int:
    """'12.50', '£12.5' or '12' -> whole pence (1250, 1250, 1200). Exact, never a float.

    A comma must separate thousands ('1,000'); a decimal comma ('9,50') is unreadable,
    because reading it as 950 would pay a hundred times too much.
    Raises PayInputError with reason 'unreadable', 'negative', 'decimals' or 'too_big'.
    """
    cleaned = text.strip().removeprefix("£").strip()
    if "," in cleaned:
        if not _THOUSANDS.fullmatch(cleaned):
            raise PayInputError("unreadable")
        cleaned = cleaned.replace(",", "")
    if not cleaned or any(ch not in "0123456789.-+" for ch in cleaned):
        raise PayInputError("unreadable")
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        raise PayInputError("unreadable") from None
    if not value.is_finite():
        raise PayInputError("unreadable")
    if value < 0:
        raise PayInputError("negative")
    exponent = value.as_tuple().exponent
    assert isinstance(exponent, int)
    if exponent < -2:
        raise PayInputError("decimals")
    pence = int(value * 100)
    if pence > MAX_PENCE_PER_HOUR:
        raise PayInputError("too_big")
    return pence


def parse_hours(text: str) -> int:
    """'7.5' or '8' hours -> whole minutes (450, 480). Raises PayInputError('unreadable')."""
    cleaned = text.strip().lower().removesuffix("hours").removesuffix("h").strip()
    if not cleaned or any(ch not in "0123456789." for ch in cleaned):
        raise PayInputError("unreadable")
    try:
        value = Decimal(cleaned) * MINUTES_PER_HOUR
    except InvalidOperation:
        raise PayInputError("unreadable") from None
    if not value.is_finite() or value != value.to_integral_value():
        raise PayInputError("unreadable")
    return int(value)


def amount_pence(minutes: int, rate_pence_per_hour: int) -> int:
    """Pay for `minutes` at a rate, rounded to the penny, halves away from zero."""
    if rate_pence_per_hour < 0:
        raise ValueError("A rate cannot be negative.")
    numerator = abs(minutes) * rate_pence_per_hour
    pence = (2 * numerator + MINUTES_PER_HOUR) // (2 * MINUTES_PER_HOUR)
    return -pence if minutes < 0 else pence


def paid_minutes(before: int, minutes: int, cap: int | None) -> int:
    """The minutes of a new entry that are paid, given the day's approved minutes before it."""
    if cap is None:
        return minutes

    def clamp(total: int) -> int:
        return max(0, min(cap, total))

    return clamp(before + minutes) - clamp(before)


def pounds(pence: int) -> str:
    """Whole pence -> '£12.50' (or '-£1.25')."""
    sign = "-" if pence < 0 else ""
    whole, part = divmod(abs(pence), 100)
    return f"{sign}£{whole:,}.{part:02d}"


def plain_pounds(pence: int) -> str:
    """Whole pence -> '12.50' for files (no symbol, no thousands commas)."""
    sign = "-" if pence < 0 else ""
    whole, part = divmod(abs(pence), 100)
    return f"{sign}{whole}.{part:02d}"


def decimal_hours(minutes: int) -> str:
    """Minutes -> hours with two decimals, halves away from zero: 90 -> '1.50', 20 -> '0.33'."""
    value = (Decimal(minutes) / MINUTES_PER_HOUR).quantize(Decimal("0.01"), ROUND_HALF_UP)
    return f"{value:.2f}"


def short_time(minutes: int) -> str:
    """Minutes -> hours and minutes for files: 7 -> '7 min', 90 -> '1 h 30 min', 120 -> '2 h'."""
    sign = "-" if minutes < 0 else ""
    hours, mins = divmod(abs(minutes), MINUTES_PER_HOUR)
    if not hours:
        return f"{sign}{mins} min"
    return f"{sign}{hours} h {mins} min" if mins else f"{sign}{hours} h"
