"""Clean the free text people type, so what is saved is what everyone sees.

One helper for every free-text option (titles, names, codes, terms, reasons, notes):

* bidirectional controls (right-to-left overrides, embeddings, isolates and marks) are
  removed: they can make a name read backwards or hide part of it;
* zero-width and other invisible characters are removed, except the zero-width joiner and
  non-joiner, which emoji (👩‍💻) and some scripts (Persian, Hindi) need;
* control characters go; on one line every run of spaces, tabs and line breaks becomes one
  space; with `multiline=True` line breaks stay (at most one blank line in a row);
* the result is normalised to NFC, so the same words are always stored the same way;
* text left with no visible character (only spaces or hidden characters) is refused.

Pure: no discord, no database. `TextRefused.text` holds the plain words for the person.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Final, Literal

from bot.text import common as text

__all__ = ["INVISIBLE", "TextRefused", "clean_text", "has_visible"]

Reason = Literal["invisible", "too_long"]

# Bidirectional formatting: marks, embeddings, overrides, isolates (Unicode UAX #9).
_BIDI: Final = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
# Characters that show nothing (or nothing on their own) and carry no meaning in typed text.
_HIDDEN: Final = frozenset(
    "\u00ad"  # soft hyphen
    "\u034f"  # combining grapheme joiner
    "\u115f\u1160\u3164\uffa0"  # Hangul fillers, used to fake blank names
    "\u17b4\u17b5"  # Khmer inherent vowels (invisible)
    "\u180e"  # Mongolian vowel separator
    "\u200b"  # zero-width space
    "\u2060\u2061\u2062\u2063\u2064"  # word joiner, invisible maths operators
    "\u206a\u206b\u206c\u206d\u206e\u206f"  # deprecated format characters
    "\ufeff"  # zero-width no-break space (byte order mark)
    "\ufff9\ufffa\ufffb"  # interlinear annotation
    "\U0001d173\U0001d174\U0001d175\U0001d176\U0001d177\U0001d178\U0001d179\U0001d17a"
    "\U000e0001"  # language tag
)
INVISIBLE: Final = _BIDI | _HIDDEN
"""Every character `clean_text` removes (besides control characters and stray tags)."""

# Tag characters only have a meaning inside a flag such as 🏴 (England): keep those, drop the
# rest (they are invisible and can smuggle hidden text).
_FLAG = re.compile("\U0001f3f4[\U000e0020-\U000e007e]+\U000e007f")
_TAG = re.compile("[\U000e0020-\U000e007f]")
# Blank-looking characters that are not whitespace: they never count as visible.
_BLANK_LOOKING: Final = frozenset("\u2800\u115f\u1160\u3164\uffa0")
_LINE_BREAKS = re.compile(r"\r\n|[\r\n\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")
_SPACES = re.compile(r"[^\S\n]+")
_BLANK_LINES = re.compile(r"\n{3,}")


class TextRefused(ValueError):
    """Typed text that cannot be saved; `text` is what the person is told."""

    def __init__(self, reason: Reason, message: str) -> None:
        super().__init__(message)
        self.reason: Reason = reason
        self.text = message


def _strip_tags(value: str) -> str:
    kept: list[str] = []
    last = 0
    for flag in _FLAG.finditer(value):
        kept.append(_TAG.sub("", value[last : flag.start()]))
        kept.append(flag.group())
        last = flag.end()
    kept.append(_TAG.sub("", value[last:]))
    return "".join(kept)


def _is_visible(ch: str) -> bool:
    category = unicodedata.category(ch)
    return category[0] in "LNPS" and ch not in _BLANK_LOOKING


def has_visible(value: str) -> bool:
    """True when `value` holds at least one character a reader can see."""
    return any(_is_visible(ch) for ch in value)


def _tidy(value: str, *, multiline: bool) -> str:
    value = _strip_tags(value)
    value = _LINE_BREAKS.sub("\n", value)
    kept = []
    for ch in value:
        if ch in INVISIBLE:
            continue
        if unicodedata.category(ch) == "Cc" and ch not in "\n\t":
            continue
        kept.append(ch)
    value = unicodedata.normalize("NFC", "".join(kept))
    if not multiline:
        return " ".join(value.split())
    lines = [_SPACES.sub(" ", line).strip() for line in value.split("\n")]
    return _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()


def clean_text(
    value: str | None,
    *,
    what: str,
    limit: int | None = None,
    multiline: bool = False,
) -> str | None:
    """Cleaned text, or None when nothing was typed; raise TextRefused when it cannot be used.

    `what` names the field in plain words ("title", "note") for the refusal; `limit` is
    the most characters allowed after cleaning. Text made only of spaces counts as nothing
    typed; text made only of hidden characters is refused.
    """
    if value is None:
        return None
    cleaned = _tidy(value, multiline=multiline)
    if not cleaned:
        if value.strip():  # something was typed, but none of it can be seen
            raise TextRefused("invisible", text.TEXT_INVISIBLE.format(what=what))
        return None
    if not has_visible(cleaned):
        raise TextRefused("invisible", text.TEXT_INVISIBLE.format(what=what))
    if limit is not None and len(cleaned) > limit:
        raise TextRefused("too_long", text.TEXT_TOO_LONG.format(what=what, limit=limit))
    return cleaned
