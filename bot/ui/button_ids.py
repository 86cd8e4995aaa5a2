"""Custom ids for persistent buttons: a fixed shape with a small typed key, one parser.

A button's custom id is all Discord gives back when it is pressed, perhaps long after a
restart, so it carries what the button needs: for example `leap:poll:{poll}:vote:{option}`
with the key `VoteKey(poll=12, option="agree")`. The key is a `NamedTuple` whose fields are
`int` (record ids, up to 20 digits) or `str` (short codes: letters, digits, `-` and `_`, up to
32 characters). A shape that could ever exceed Discord's 100 characters is refused when the
button class is defined, not when a member presses it.
"""

from __future__ import annotations

import re
import string
from typing import Any, Generic, NamedTuple, TypeVar, get_type_hints

K = TypeVar("K", bound=tuple[Any, ...])

MAX_CUSTOM_ID = 100  # Discord's limit
MAX_INT_DIGITS = 20  # a Discord snowflake or a row id
MAX_CODE = 32
_PATTERNS: dict[type, str] = {
    int: rf"0|[1-9][0-9]{{0,{MAX_INT_DIGITS - 1}}}",
    str: rf"[A-Za-z0-9_-]{{1,{MAX_CODE}}}",
}
_WIDTHS: dict[type, int] = {int: MAX_INT_DIGITS, str: MAX_CODE}
_LITERAL = re.compile(r"[A-Za-z0-9_:.-]*")


class ButtonIdError(ValueError):
    """A custom id shape, key or value that cannot be used."""


class IdKey(NamedTuple):
    """The key of a button that needs one record id."""

    id: int


class ButtonId(Generic[K]):
    """One custom id shape, e.g. `leap:hours:approve:{id}`, with its typed key."""

    def __init__(self, shape: str, key_type: type[K]) -> None:
        fields: tuple[str, ...] = getattr(key_type, "_fields", ())
        types = get_type_hints(key_type)
        parts = list(string.Formatter().parse(shape))
        used = [name for _, name, spec, conv in parts if name is not None]
        if sorted(used) != sorted(fields) or len(set(used)) != len(used) or not fields:
            raise ButtonIdError(f"{shape!r} must use each field of {key_type.__name__} once.")
        regex = ""
        longest = 0
        for literal, name, spec, conv in parts:
            if not _LITERAL.fullmatch(literal):
                raise ButtonIdError(f"{shape!r} may only hold letters, digits and : . - _")
            regex += re.escape(literal)
            longest += len(literal)
            if name is None:
                continue
            if spec or conv:
                raise ButtonIdError(f"{shape!r}: write {{{name}}} without a format.")
            kind = types.get(name)
            if kind not in _PATTERNS:
                raise ButtonIdError(f"{key_type.__name__}.{name} must be an int or a str.")
            regex += f"(?P<{name}>{_PATTERNS[kind]})"
            longest += _WIDTHS[kind]
        if longest > MAX_CUSTOM_ID:
            raise ButtonIdError(
                f"{shape!r} can grow to {longest} characters; Discord allows {MAX_CUSTOM_ID}."
            )
        self.shape = shape
        self.key_type = key_type
        self.types = {name: types[name] for name in fields}
        self.template = regex + r"\Z"
        self._pattern = re.compile(self.template)

    def build(self, key: K) -> str:
        """The custom id for `key`; refuses values the parser could not read back."""
        if not isinstance(key, self.key_type):
            raise ButtonIdError(f"Expected a {self.key_type.__name__}, got {key!r}.")
        values: dict[str, Any] = key._asdict()  # type: ignore[attr-defined]
        for name, value in values.items():
            kind = self.types[name]
            if type(value) is not kind or not re.fullmatch(_PATTERNS[kind], str(value)):
                raise ButtonIdError(f"{name}={value!r} cannot go in a custom id.")
        return self.shape.format(**values)

    def parse_match(self, match: re.Match[str]) -> K:
        """The key from a match of `template` (as discord.py hands it to a dynamic item)."""
        values = [self.types[name](match[name]) for name in self.types]
        return self.key_type(*values)

    def parse(self, custom_id: str) -> K | None:
        """The key in a custom id of this shape, or None when it is not one."""
        match = self._pattern.match(custom_id)
        return None if match is None else self.parse_match(match)
