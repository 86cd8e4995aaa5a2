"""The error handler's choice of words: plain text for known errors, nothing for bugs."""

from __future__ import annotations

from discord import app_commands

from bot.error_handler import user_text
from bot.errors import BadInput, NotAllowed
from bot.permissions import Level
from bot.text import common


def test_domain_error_shows_its_own_words() -> None:
    assert user_text(BadInput("Please pick a date.")) == "Please pick a date."


def test_wrapped_domain_error_shows_its_own_words() -> None:
    command = app_commands.Command(name="x", description="x", callback=_noop)
    wrapped = app_commands.CommandInvokeError(command, BadInput("Please pick a date."))
    assert user_text(wrapped) == "Please pick a date."


def test_permission_refusal_shows_the_role_needed() -> None:
    assert user_text(NotAllowed(Level.COORDINATOR, "You need the Coordinator role.")) == (
        "You need the Coordinator role."
    )


def test_direct_message_use_is_explained() -> None:
    assert user_text(app_commands.NoPrivateMessage()) == common.SERVER_ONLY


def test_unexpected_error_gets_no_user_text() -> None:
    assert user_text(KeyError("secret detail")) is None


async def _noop(interaction: object) -> None:
    """A callback for building a command object."""
