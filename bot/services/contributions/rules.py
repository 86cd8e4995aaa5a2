"""Pure rules for anonymous contributions: what text can be posted, letters, numbers.

No discord, no database. Refusals raise BadInput (or TextRefused from clean_text), whose
`text` is the plain words for the member; nothing is stored when one is raised.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Final

from bot.errors import BadInput
from bot.services.clean_text import clean_text
from bot.text import contributions as text

LIMIT: Final = 1500
REASON_LIMIT: Final = 300

# Direction controls that can make text read backwards or hide part of it.
_DIRECTION: Final = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
# Discord markup that shows no words of its own: mentions, channels, custom emoji, times.
_MARKUP: Final = re.compile(r"<(?:@[!&]?\d+|#\d+|a?:\w+:\d+|t:-?\d+(?::[a-zA-Z])?)>")
# A line that is only something like "**Contributor B** · #12": it would look like the start
# of another post (the bot's posts follow each other without a gap).
_FAKE_HEADER: Final = re.compile(
    r"^[\W_]*contributor\s+[a-z]{1,3}[\W_]*#\s*\d+[\W_]*$", re.I | re.M
)
_NUMBER: Final = re.compile(r"#?\s*(\d{1,9})")


def letters(index: int) -> str:
    """The pseudonym letters for the index-th person (0 -> A, 25 -> Z, 26 -> AA, 27 -> AB)."""
    if index < 0:
        raise ValueError("A letter index is never negative.")
    out = ""
    n = index + 1
    while n:
        n, rest = divmod(n - 1, 26)
        out = chr(ord("A") + rest) + out
    return out


def pseudonym(index: int) -> str:
    """'Contributor A' for index 0, 'Contributor AA' for index 26."""
    return text.PSEUDONYM.format(letter=letters(index))


def _has_control(value: str) -> bool:
    return any(
        ch in _DIRECTION or (unicodedata.category(ch) == "Cc" and ch not in "\n\r\t")
        for ch in value
    )


def _has_words(value: str) -> bool:
    """At least one letter or digit outside mentions, custom emoji and timestamps."""
    bare = _MARKUP.sub(" ", value)
    return any(unicodedata.category(ch)[0] in "LN" for ch in bare)


def clean_contribution(value: str | None) -> str:
    """The text to post, cleaned; raise BadInput/TextRefused with plain words when it can't be."""
    if value is None or not value.strip():
        raise BadInput(text.EMPTY)
    if _has_control(value):
        raise BadInput(text.CONTROL_CHARS)
    cleaned = clean_text(value, what=text.TEXT_WHAT, limit=LIMIT, multiline=True)
    if cleaned is None:
        raise BadInput(text.EMPTY)
    if not _has_words(cleaned):
        raise BadInput(text.NO_WORDS)
    if cleaned.count("```") % 2:
        raise BadInput(text.UNCLOSED_CODE)
    if _FAKE_HEADER.search(cleaned):
        raise BadInput(text.FAKE_HEADER)
    return cleaned


def clean_reason(value: str | None) -> str:
    """A coordinator's reason for hiding a post, cleaned to one line."""
    cleaned = clean_text(value, what=text.HIDE_REASON_WHAT, limit=REASON_LIMIT)
    if cleaned is None:
        raise BadInput(text.EMPTY_REASON)
    return cleaned


def parse_number(value: str | None) -> int:
    """Read a post number as people type it ('12' or '#12'); BadInput otherwise."""
    match = _NUMBER.fullmatch((value or "").strip())
    if match is None or int(match.group(1)) == 0:
        raise BadInput(text.NUMBER_BAD)
    return int(match.group(1))
