"""Bounds for the whole numbers people type (ids, runs, sessions, minutes), declared once.

Slash commands declare them as option limits (`cogs/_options.py`), so Discord refuses a
number outside them before the bot sees it; services check again with `known_id` and
`in_bounds`, since a number that slips past Discord must never reach SQLite (whose integers
stop at 2**63 - 1: anything larger raised OverflowError there).
"""

from __future__ import annotations

from typing import Final

from bot.errors import NotFound

# Discord's integer options hold at most 2**53 - 1 either way; ids in the database are far
# smaller, and anything up to this fits SQLite's 64-bit integers.
MAX_ID: Final = 2**53 - 1
# Minutes typed for hours claims and corrections. The rules allow far less (a day at most,
# see bot/services/hours); this wider bound lets the bot say so in its own plain words.
MAX_TYPED_MINUTES: Final = 100_000


def is_id(value: int) -> bool:
    """True when `value` could be the id of a record (a session, an entry, a run)."""
    return 1 <= value <= MAX_ID


def known_id(value: int, not_found: str) -> int:
    """`value` if it could be an id; otherwise NotFound with the caller's plain words."""
    if not is_id(value):
        raise NotFound(not_found)
    return value


def in_bounds(value: int, low: int, high: int) -> bool:
    """True when low <= value <= high (for numbers that are not ids)."""
    return low <= value <= high
