"""Persistent session buttons: "I'm here", "I'm leaving" and "Review hours".

They are `DynamicItem`s: the session id lives in the custom id (`leap:session:{id}:here`),
and the cog registers the classes with `bot.add_dynamic_items`, so a button on a message
posted before a restart still works after it.
"""

from __future__ import annotations

from typing import Any

import discord

from bot.checks import guild_id_of, leap_bot
from bot.permissions import Level
from bot.replies import reply
from bot.services.hours import review
from bot.services.sessions import register
from bot.text import formatting
from bot.text import sessions as text
from bot.ui.base import IdButton, LeapView
from bot.ui.hours_review import review_message


def _time(interaction: discord.Interaction[Any]) -> str:
    return formatting.when_time(leap_bot(interaction).clock.now())


class HereButton(IdButton):
    """Count the person as present in a live session (for text sessions or no voice)."""

    custom_id_format = "leap:session:{id}:here"
    label, style, level = text.BUTTON_HERE, discord.ButtonStyle.success, Level.MEMBER
    # The register is a record of work: time in a session is counted for pay whether or not
    # the member agreed to the rest (the consent question says so), as voice presence is.
    consent_first = False

    async def run(self, interaction: discord.Interaction[Any]) -> None:
        """Open a button presence interval from now."""
        bot = leap_bot(interaction)
        change = await register.mark_here(
            bot.db,
            bot.clock,
            guild_id=guild_id_of(interaction),
            session_id=self.item_id,
            member_id=interaction.user.id,
        )
        message = (
            text.HERE_SAVED.format(time=_time(interaction)) if change.opened else text.HERE_ALREADY
        )
        await reply(interaction, message)


class LeavingButton(IdButton):
    """Stop counting the person's button presence in a live session."""

    custom_id_format = "leap:session:{id}:leaving"
    label, style = text.BUTTON_LEAVING, discord.ButtonStyle.secondary

    async def run(self, interaction: discord.Interaction[Any]) -> None:
        """Close the person's button presence interval now."""
        bot = leap_bot(interaction)
        change = await register.mark_leaving(
            bot.db,
            bot.clock,
            guild_id=guild_id_of(interaction),
            session_id=self.item_id,
            member_id=interaction.user.id,
        )
        if change.still_present:
            message = text.LEAVING_STILL_VOICE
        elif change.closed:
            message = text.LEAVING_SAVED.format(time=_time(interaction))
        else:
            message = text.LEAVING_NOT_HERE
        await reply(interaction, message)


class ReviewButton(IdButton):
    """On the end summary: open the hours review for this session."""

    custom_id_format = "leap:session:{id}:review"
    label, style, level = text.REVIEW_BUTTON, discord.ButtonStyle.primary, Level.COORDINATOR

    async def run(self, interaction: discord.Interaction[Any]) -> None:
        """Open the hours review for this session (as /hours review session:N does)."""
        bot = leap_bot(interaction)
        page = await review.open_review(
            bot.db,
            bot.clock,
            guild_id=guild_id_of(interaction),
            coordinator_id=interaction.user.id,
            session_id=self.item_id,
        )
        content, embed, view = review_message(page)
        await reply(interaction, content, embed=embed, view=view)


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
