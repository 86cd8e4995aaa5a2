"""Domain errors: each carries plain words for the member, never exception text.

Plain Python, no discord: services raise these, and the one error handler answers them.
"""

from __future__ import annotations

from bot.permissions import Level


class LeapError(Exception):
    """A problem the person can fix; `text` is what they are told."""

    def __init__(self, text: str) -> None:
        super().__init__(text)
        self.text = text


class BadInput(LeapError):
    """The person gave something the bot cannot use; nothing was changed."""


class NotFound(LeapError):
    """The thing asked for does not exist in this panel."""


class Conflict(LeapError):
    """The request clashes with the current state (already done, already live...)."""


class NotAllowed(LeapError):
    """The person lacks the role a command needs."""

    def __init__(self, needed: Level, text: str) -> None:
        super().__init__(text)
        self.needed = needed
