"""/prompt: coordinators check a question for plain words, and post it to the panel.

The rules live in bot/services/prompts/; the report, buttons and posting in bot/ui/prompts.py.
"""

from __future__ import annotations

from typing import Any

import discord
from discord import app_commands
from discord.ext import commands

from bot.app import LeapBot
from bot.checks import guild_id_of, require
from bot.notifier import NoticeKind, Rendered
from bot.permissions import Level
from bot.replies import OPENS_FORM, reply
from bot.services import readability
from bot.services.prompts import checking, unclear
from bot.services.prompts import settings as prompt_settings
from bot.services.sessions import lifecycle as sessions
from bot.text import prompts as text
from bot.ui import session_choices as session_choices_for
from bot.ui.prompts import (
    DYNAMIC_ITEMS,
    CheckModal,
    PostModal,
    report_text,
    submit_and_post,
)
from bot.ui.session_choices import session_choices
from cogs._setup_sections import SetupSection, ShowField
from storage.guild_settings import GuildSettings
from storage.notices import Notice


class Prompts(commands.GroupCog, group_name="prompt", group_description=text.GROUP):
    """Questions for the panel, checked for plain words before they are posted."""

    def __init__(self, bot: LeapBot) -> None:
        self.bot = bot
        super().__init__()

    async def cog_load(self) -> None:
        """Make the buttons on hard prompts and posted prompts work (also after a restart),
        and build the built-in glossary's patterns before the first check."""
        self.bot.add_dynamic_items(*DYNAMIC_ITEMS)
        self.bot.notifier.register(
            unclear.KIND,
            NoticeKind(render=self._render_unclear, label=text.UNCLEAR_LABEL, check="/prompt"),
        )
        readability.warm_up(readability.load_default_glossary())

    async def cog_unload(self) -> None:
        """Forget the buttons and the notice kind."""
        self.bot.remove_dynamic_items(*DYNAMIC_ITEMS)
        self.bot.notifier.unregister(unclear.KIND)

    async def _render_unclear(self, notice: Notice) -> Rendered | None:
        """The coordinators' notice: how many found it unclear, and a link; no names."""
        payload = notice.payload
        link = (
            f"https://discord.com/channels/{notice.guild_id}/{payload['channel_id']}/"
            f"{payload['message_id']}"
        )
        content = text.UNCLEAR_NOTICE.format(count=payload["count"], link=link)
        return Rendered(content=content, public=content)

    @app_commands.command(name="check", description=text.CMD_CHECK, extras={OPENS_FORM: "text"})
    @app_commands.describe(question=text.OPT_TEXT)
    @app_commands.rename(question="text")
    @app_commands.guild_only()
    @require(Level.COORDINATOR)
    async def check(
        self, interaction: discord.Interaction[LeapBot], question: str | None = None
    ) -> None:
        """Show a private plain-language report on a question; nothing is posted."""
        if question is None:
            await interaction.response.send_modal(CheckModal())
            return
        result = await checking.check(self.bot.db, guild_id_of(interaction), question)
        await reply(interaction, report_text(result))

    @app_commands.command(name="post", description=text.CMD_POST, extras={OPENS_FORM: "text"})
    @app_commands.describe(question=text.OPT_TEXT, session=text.OPT_SESSION)
    @app_commands.rename(question="text")
    @app_commands.guild_only()
    @require(Level.COORDINATOR)
    async def post(
        self,
        interaction: discord.Interaction[LeapBot],
        question: str | None = None,
        session: str | None = None,
    ) -> None:
        """Post a question if it is plain enough; else show why, with Edit and Post anyway."""
        session_id = sessions.parse_session_id(session)
        if question is None:
            await interaction.response.send_modal(PostModal(session_id))
            return
        await submit_and_post(interaction, question, session_id)

    @post.autocomplete("session")
    async def session_choices(
        self, interaction: discord.Interaction[Any], current: str
    ) -> list[app_commands.Choice[str]]:
        """Live and planned sessions of this panel, as the coordinator types."""
        return await session_choices(
            self.bot, interaction.guild_id, current, session_choices_for.LIVE_AND_PLANNED
        )


class PromptSettings(SetupSection):
    """/setup prompts: the reading ease a prompt needs to be posted at once."""

    @app_commands.command(name="prompts", description=text.CMD_SETUP_PROMPTS)
    @app_commands.describe(threshold=text.OPT_THRESHOLD)
    @require(Level.COORDINATOR)
    async def setup_prompts(
        self,
        interaction: discord.Interaction[LeapBot],
        threshold: app_commands.Range[
            int, prompt_settings.THRESHOLD_MIN, prompt_settings.THRESHOLD_MAX
        ],
    ) -> None:
        """Set the reading ease a prompt needs to be posted at once."""
        settings = await prompt_settings.set_threshold(
            self.bot.db,
            self.bot.clock,
            guild_id=guild_id_of(interaction),
            actor_id=interaction.user.id,
            threshold=threshold,
        )
        await reply(
            interaction, text.THRESHOLD_SAVED.format(threshold=settings.readability_threshold)
        )

    async def show_fields(self, guild: discord.Guild, settings: GuildSettings) -> list[ShowField]:
        """The plain-words bar for prompts."""
        return [
            ShowField(
                text.SHOW_THRESHOLD_NAME,
                text.SHOW_THRESHOLD.format(threshold=settings.readability_threshold),
            )
        ]


async def setup(bot: LeapBot) -> None:
    """Load the cog."""
    await bot.add_cog(Prompts(bot))
