"""Persistent session buttons: "I'm here", "I'm leaving" and "Review hours".

They are `DynamicItem`s: the session id lives in the custom id (`leap:session:{id}:here`),
and the cog registers the classes with `bot.add_dynamic_items`, so a button on a message
posted before a restart still works after it.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any, ClassVar, Self, cast

import discord

from bot.checks import ensure_level
from bot.error_handler import handle_interaction_error
from bot.permissions import Level
from bot.replies import reply
from bot.services import register
from bot.text import sessions as text
from bot.ui.base import LeapView

if TYPE_CHECKING:
    from bot.app import LeapBot


def _bot(interaction: discord.Interaction[Any]) -> LeapBot:
    return cast("LeapBot", interaction.client)


def _guild_id(interaction: discord.Interaction[Any]) -> int:
    if interaction.guild_id is None:
        raise discord.app_commands.NoPrivateMessage()
    return interaction.guild_id


def _time(interaction: discord.Interaction[Any]) -> str:
    return discord.utils.format_dt(_bot(interaction).clock.now(), "t")


class _SessionButton(
    discord.ui.DynamicItem[discord.ui.Button[Any]],
    template=r"leap:session:(?P<id>[0-9]+):(?P<action>here|leaving|review)",
):
    """A button whose custom id carries its session: `leap:session:{id}:{action}`.

    Only the subclasses are registered with `bot.add_dynamic_items`, each with its own
    template; this base holds what they share.
    """

    action: ClassVar[str]
    label: ClassVar[str]
    style: ClassVar[discord.ButtonStyle]

    def __init__(self, session_id: int) -> None:
        super().__init__(
            discord.ui.Button(
                label=self.label,
                style=self.style,
                custom_id=f"leap:session:{session_id}:{self.action}",
            )
        )
        self.session_id = session_id

    @classmethod
    async def from_custom_id(
        cls,
        interaction: discord.Interaction[Any],
        item: discord.ui.Item[Any],
        match: re.Match[str],
        /,
    ) -> Self:
        """Rebuild the button from its custom id."""
        return cls(int(match["id"]))


class HereButton(_SessionButton, template=r"leap:session:(?P<id>[0-9]+):here"):
    """Count the person as present in a live session (for text sessions or no voice)."""

    action, label, style = "here", text.BUTTON_HERE, discord.ButtonStyle.success

    async def callback(self, interaction: discord.Interaction[Any]) -> None:
        """Open a button presence interval from now."""
        try:
            await ensure_level(interaction, Level.MEMBER)
            bot = _bot(interaction)
            change = await register.mark_here(
                bot.db,
                bot.clock,
                guild_id=_guild_id(interaction),
                session_id=self.session_id,
                member_id=interaction.user.id,
            )
            message = (
                text.HERE_SAVED.format(time=_time(interaction))
                if change.opened
                else text.HERE_ALREADY
            )
            await reply(interaction, message)
        except Exception as error:  # every failure becomes a plain reply
            await handle_interaction_error(interaction, error)


class LeavingButton(_SessionButton, template=r"leap:session:(?P<id>[0-9]+):leaving"):
    """Stop counting the person's button presence in a live session."""

    action, label, style = "leaving", text.BUTTON_LEAVING, discord.ButtonStyle.secondary

    async def callback(self, interaction: discord.Interaction[Any]) -> None:
        """Close the person's button presence interval now."""
        try:
            bot = _bot(interaction)
            change = await register.mark_leaving(
                bot.db,
                bot.clock,
                guild_id=_guild_id(interaction),
                session_id=self.session_id,
                member_id=interaction.user.id,
            )
            if change.still_present:
                message = text.LEAVING_STILL_VOICE
            elif change.closed:
                message = text.LEAVING_SAVED.format(time=_time(interaction))
            else:
                message = text.LEAVING_NOT_HERE
            await reply(interaction, message)
        except Exception as error:  # every failure becomes a plain reply
            await handle_interaction_error(interaction, error)


class ReviewButton(_SessionButton, template=r"leap:session:(?P<id>[0-9]+):review"):
    """On the end summary: point the coordinator at the hours review."""

    action, label, style = "review", text.REVIEW_BUTTON, discord.ButtonStyle.primary

    async def callback(self, interaction: discord.Interaction[Any]) -> None:
        """Tell the coordinator how to review this session's hours."""
        try:
            await ensure_level(interaction, Level.COORDINATOR)
            await reply(interaction, text.REVIEW_HINT)
        except Exception as error:  # every failure becomes a plain reply
            await handle_interaction_error(interaction, error)


def register_view(session_id: int) -> discord.ui.View:
    """The "I'm here" / "I'm leaving" buttons for a session's start card."""
    view = LeapView(timeout=None)
    view.add_item(HereButton(session_id))
    view.add_item(LeavingButton(session_id))
    return view


def review_view(session_id: int) -> discord.ui.View:
    """The "Review hours" button for a coordinator's end summary."""
    view = LeapView(timeout=None)
    view.add_item(ReviewButton(session_id))
    return view


DYNAMIC_ITEMS: tuple[type[discord.ui.DynamicItem[Any]], ...] = (
    HereButton,
    LeavingButton,
    ReviewButton,
)
