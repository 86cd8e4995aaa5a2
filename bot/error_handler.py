"""The one place interaction errors become plain replies."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any

import discord
from discord import app_commands

from bot.errors import LeapError
from bot.privacy import is_anonymous, where_it_failed
from bot.replies import reply
from bot.services.clean_text import TextRefused
from bot.text import common as text
from storage.database import CALLER, Busy

log = logging.getLogger(__name__)

Answer = Callable[[discord.Interaction[Any], BaseException], Awaitable[None]]
_ANSWERS: list[tuple[type[BaseException], Answer]] = []


class CheckRefused(app_commands.CheckFailure):
    """A run-time check said no with a domain error (e.g. NotAllowed).

    discord.py hands only its own errors to the tree's error handler, so a check wraps
    the domain error in this; the handler answers with the domain error's words.
    """

    def __init__(self, error: LeapError) -> None:
        super().__init__(error.text)
        self.error = error


class CheckBusy(app_commands.CheckFailure):
    """A run-time check could not read the database in time (bot.replies' form_first):
    answered like Busy, since discord.py hands only its own errors to the handler."""


def register_answer(error_type: type[BaseException], answer: Answer) -> None:
    """Let a feature answer one kind of check failure itself (e.g. the consent question).

    Registering the same kind again replaces its answer (a reloaded cog registers anew).
    """
    _ANSWERS[:] = [(kind, done) for kind, done in _ANSWERS if kind is not error_type]
    _ANSWERS.append((error_type, answer))


def user_text(error: BaseException) -> str | None:
    """The plain words for an error the person can act on, or None if it is our fault."""
    if isinstance(error, app_commands.CommandInvokeError):
        error = error.original
    if isinstance(error, CheckRefused):
        error = error.error
    if isinstance(error, LeapError | TextRefused):
        return error.text
    if isinstance(error, app_commands.NoPrivateMessage):
        return text.SERVER_ONLY
    if isinstance(error, app_commands.CommandOnCooldown):
        return text.TOO_FAST.format(seconds=max(1, round(error.retry_after)))
    if isinstance(error, app_commands.TransformerError):
        return text.BAD_OPTION
    return None


async def handle_interaction_error(
    interaction: discord.Interaction[Any], error: BaseException, *, anonymous: bool | None = None
) -> None:
    """Answer the person with plain words; log anything unexpected in full.

    For an anonymous command, button or form (`anonymous`, by default the command's
    `@anonymous` mark) the log says what failed and where, but not the error's message
    (which could hold an id) nor the interaction's id.
    """
    for error_type, answer in _ANSWERS:
        if isinstance(error, error_type):
            await answer(interaction, error)
            return
    original = error.original if isinstance(error, app_commands.CommandInvokeError) else error
    if isinstance(original, Busy | CheckBusy):
        await _busy(interaction)
        return
    message = user_text(error)
    if message is None:
        command = interaction.command.qualified_name if interaction.command else None
        if anonymous is None:
            anonymous = is_anonymous(interaction)
        if anonymous:
            log.error(
                "Unexpected error in an anonymous %s: %s",
                f"command {command}" if command else "button or form",
                where_it_failed(original),
            )
        else:
            log.error(
                "Unexpected error in interaction %s (command %s)",
                interaction.id,
                command,
                exc_info=error,
            )
        message = text.GENERIC_APOLOGY
    try:
        await reply(interaction, message, ephemeral=True)
    except discord.HTTPException:
        log.warning("Could not tell the person about an error in interaction %s", interaction.id)


async def _busy(interaction: discord.Interaction[Any]) -> None:
    """Another program held the database too long: one log line, a plain answer."""
    caller = CALLER.get()
    saved = caller is not None and caller.commits > 0
    command = interaction.command.qualified_name if interaction.command else None
    log.warning(
        "The database file was busy (held by another program) for %s "
        "(command %s); asked the person to try again%s",
        "an anonymous interaction"
        if is_anonymous(interaction)
        else f"interaction {interaction.id}",
        command,
        " (part of it was saved)" if saved else "",
    )
    try:
        await reply(interaction, text.DB_BUSY_PARTLY if saved else text.DB_BUSY)
    except discord.HTTPException:
        log.warning("Could not tell the person the database was busy (%s)", interaction.id)


async def on_app_command_error(
    interaction: discord.Interaction[Any], error: app_commands.AppCommandError
) -> None:
    """`tree.on_error`: route every slash command error through one handler."""
    await handle_interaction_error(interaction, error)
