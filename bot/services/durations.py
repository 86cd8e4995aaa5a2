"""Plain words for lengths of time: 90 -> '1 hour 30 minutes', 1440 -> '1 day'."""

from __future__ import annotations

from bot.text import common as text


def _unit(amount: int, unit: str) -> str:
    one, many = text.TIME_UNITS[unit]
    return f"{amount} {one if amount == 1 else many}"


def describe_minutes(minutes: int, *, days: bool = False) -> str:
    """Plain words for a number of minutes; whole days are named only when `days` is set."""
    sign = text.MINUS if minutes < 0 else ""
    whole_days, rest = divmod(abs(minutes), 24 * 60) if days else (0, abs(minutes))
    hours, mins = divmod(rest, 60)
    parts = [_unit(whole_days, "day")] if whole_days else []
    if hours:
        parts.append(_unit(hours, "hour"))
    if mins or not parts:
        parts.append(_unit(mins, "minute"))
    return sign + " ".join(parts)
