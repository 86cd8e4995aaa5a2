"""Anonymous commands, buttons and forms: refusals and error logs that name nobody.

Mark a slash command with `@anonymous` (above or below `@require`), or set
`anonymous = True` on a persistent button, view or form class. Then a refusal is audited
with no actor and no Discord ids (`storage.audit.record_anonymous`), and an unexpected error
is logged with its type and where it happened, without its message (which could hold an id)
and without the interaction's id.
"""

from __future__ import annotations

import re
import traceback
from collections.abc import Callable
from typing import Any, TypeVar

import discord
from discord import app_commands

T = TypeVar("T")
ANON_ATTR = "__leap_anonymous__"
_DISCORD_ID = re.compile(r"\d{15,}")


def anonymous(func: T) -> T:
    """Decorator: this command is anonymous; refusals and error logs never name who used it."""
    target: Callable[..., Any] | Any = (
        func.callback if isinstance(func, app_commands.Command) else func
    )
    setattr(target, ANON_ATTR, True)
    return func


def is_anonymous(interaction: discord.Interaction[Any]) -> bool:
    """Whether the slash command behind an interaction was marked `@anonymous`."""
    command = interaction.command
    callback = getattr(command, "callback", None)
    return bool(getattr(callback, ANON_ATTR, False))


def without_ids(text: str | None) -> str | None:
    """The text with every Discord id (a long run of digits) replaced by '#'."""
    return None if text is None else _DISCORD_ID.sub("#", text)


def where_it_failed(error: BaseException) -> str:
    """An error's type and the lines it passed through, without its message."""
    frames = traceback.extract_tb(error.__traceback__)
    path = " < ".join(f"{f.filename.rsplit('/', 1)[-1]}:{f.lineno} {f.name}" for f in frames[::-1])
    return f"{type(error).__name__} at {path or 'an unknown place'}"
