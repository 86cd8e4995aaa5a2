"""The consent question asked before a member's first use of a member command or button.

"I agree" records consent and then goes on with what the member asked: a slash command is
run again with the same options (its reply or form answers the button press), so nobody
retypes anything. A button asks to be pressed again, since its message is elsewhere.
"Not now" stores nothing and runs nothing.
"""

from __future__ import annotations

import logging
from typing import Any

import discord
from discord import app_commands

from bot.checks import ConsentNeeded, leap_bot
from bot.error_handler import handle_interaction_error, register_answer
from bot.replies import reply
from bot.services.wellbeing import consent
from bot.text import wellbeing as text
from bot.ui.base import LeapView

log = logging.getLogger(__name__)


async def resume_command(original: discord.Interaction[Any], new: discord.Interaction[Any]) -> None:
    """Run the original slash command again, answering the new interaction."""
    command = original.command
    if not isinstance(command, app_commands.Command):
        return
    namespace = original.namespace
    # The same pre-fill discord.py's tree does before invoking a command.
    new._cs_command = command  # type: ignore[attr-defined]
    new._cs_namespace = namespace  # type: ignore[attr-defined]
    try:
        await command._invoke_with_namespace(new, namespace)
    except app_commands.AppCommandError as error:
        await handle_interaction_error(new, error)


class ConsentView(LeapView):
    """I agree / Not now, for the person who was asked."""

    def __init__(self, original: discord.Interaction[Any]) -> None:
        super().__init__(owner_id=original.user.id, timeout=600)
        self.original = original

    @discord.ui.button(label=text.CONSENT_AGREE, style=discord.ButtonStyle.success)
    async def agree(self, interaction: discord.Interaction[Any], _: discord.ui.Button[Any]) -> None:
        """Record consent, then carry on with the command."""
        guild_id = self.original.guild_id
        if guild_id is None:
            raise app_commands.NoPrivateMessage()
        bot = leap_bot(interaction)
        self.stop()
        await consent.give(
            bot.db, bot.clock, bot.consent_cache, guild_id=guild_id, member_id=interaction.user.id
        )
        is_command = self.original.type is discord.InteractionType.application_command
        if not is_command:
            await reply(interaction, text.CONSENT_THANKS_BUTTON, edit=True, view=None)
            return
        await resume_command(self.original, interaction)
        try:
            await self.original.delete_original_response()
        except discord.HTTPException:
            log.debug("The consent question was already gone")

    @discord.ui.button(label=text.CONSENT_NOT_NOW, style=discord.ButtonStyle.secondary)
    async def not_now(
        self, interaction: discord.Interaction[Any], _: discord.ui.Button[Any]
    ) -> None:
        """Store nothing and run nothing."""
        self.stop()
        await reply(interaction, text.CONSENT_NOT_NOW_REPLY, edit=True, view=None)


async def ask_consent(interaction: discord.Interaction[Any], _: BaseException) -> None:
    """Answer with the consent question instead of running the command."""
    await reply(interaction, text.CONSENT_ASK, view=ConsentView(interaction))


def install() -> None:
    """Answer ConsentNeeded with the consent question (called when the wellbeing cog loads)."""
    register_answer(ConsentNeeded, ask_consent)
