"""Typed text in the files finance and coordinators open in a spreadsheet: never a formula,
never a control character. Used by the payment runs and the hours report."""

from __future__ import annotations

import unicodedata

DANGEROUS_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: str) -> str:
    """A cell value a spreadsheet never runs as a formula."""
    return "'" + value if value.startswith(DANGEROUS_START) else value


def plain_text(value: str) -> str:
    """Typed text without control characters, which spreadsheets refuse or hide."""
    return "".join(ch for ch in value if unicodedata.category(ch) != "Cc")
