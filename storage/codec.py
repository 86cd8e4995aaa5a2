"""How values are written to and read from SQLite: aware UTC times as fixed-width text."""

from __future__ import annotations

from datetime import UTC, date, datetime


def dt_to_db(value: datetime) -> str:
    """Aware datetime -> fixed-width UTC text that sorts in time order."""
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError("Naive datetimes are not stored; pass an aware UTC time.")
    return value.astimezone(UTC).isoformat(timespec="microseconds")


def dt_from_db(value: str) -> datetime:
    """Stored text -> aware UTC datetime."""
    parsed = datetime.fromisoformat(value)
    if parsed.tzinfo is None:
        raise ValueError(f"Stored time {value!r} has no zone.")
    return parsed.astimezone(UTC)


def opt_dt_from_db(value: str | None) -> datetime | None:
    """Stored text or NULL -> aware UTC datetime or None."""
    return None if value is None else dt_from_db(value)


def opt_dt_to_db(value: datetime | None) -> str | None:
    """Aware datetime or None -> stored text or NULL."""
    return None if value is None else dt_to_db(value)


def date_to_db(value: date) -> str:
    """A calendar date -> ISO text."""
    return value.isoformat()


def date_from_db(value: str) -> date:
    """ISO text -> a calendar date."""
    return date.fromisoformat(value)
