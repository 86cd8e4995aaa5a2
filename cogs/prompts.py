"""/prompt: coordinators check a question for plain words, and post it to the panel.

The rules live in bot/services/prompts/; the report, buttons and posting in bot/ui/prompts.py.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

import discord
from discord import app_commands
from discord.ext import commands

from bot.app import LeapBot
from bot.checks import guild_id_of, require
from bot.permissions import Level
from bot.replies import reply
from bot.services import panel_settings, readability
from bot.services.prompts import checking, unclear
from bot.services.prompts import settings as prompt_settings
from bot.services.sessions import lifecycle as sessions
from bot.text import formatting
from bot.text import prompts as text
from bot.text import sessions as session_text
from bot.ui.prompts import (
    DYNAMIC_ITEMS,
    UNCLEAR_EVENT,
    CheckModal,
    PostModal,
    prompt_link,
    report_text,
    submit_and_post,
)
from cogs._setup_sections import SetupSection, ShowField
from cogs.wellbeing import coordinators_of, tell_coordinators
from storage.guild_settings import GuildSettings
from storage.prompts import Prompt

log = logging.getLogger(__name__)


class Prompts(commands.GroupCog, group_name="prompt", group_description=text.GROUP):
    """Questions for the panel, checked for plain words before they are posted."""

    def __init__(self, bot: LeapBot) -> None:
        self.bot = bot
        self._send_lock = asyncio.Lock()
        super().__init__()

    async def cog_load(self) -> None:
        """Make the buttons on hard prompts and posted prompts work (also after a restart),
        and build the built-in glossary's patterns before the first check."""
        self.bot.add_dynamic_items(*DYNAMIC_ITEMS)
        readability.warm_up(readability.load_default_glossary())

    async def cog_unload(self) -> None:
        """Forget the buttons."""
        self.bot.remove_dynamic_items(*DYNAMIC_ITEMS)

    @commands.Cog.listener()
    async def on_ready(self) -> None:
        """After (re)connecting: send any "unclear" notice that was waiting."""
        await self.send_unclear_notices()

    @commands.Cog.listener(f"on_{UNCLEAR_EVENT}")
    async def on_unclear_notice(self) -> None:
        """A third member found a prompt unclear: send the waiting notice."""
        await self.send_unclear_notices()

    async def send_unclear_notices(self) -> None:
        """Tell the coordinators about each prompt that members find unclear, naming nobody;
        mark each notice sent, or failed when nobody could be reached."""
        if not self.bot.is_ready():
            return  # on_ready sends them once the member lists are known
        async with self._send_lock:
            for prompt in await unclear.waiting(self.bot.db):
                delivered = await self._tell(prompt)
                await unclear.notice_done(self.bot.db, prompt.id, delivered=delivered)

    async def _tell(self, prompt: Prompt) -> bool:
        """DM the coordinator who posted it, and tell the staff channel (or, without one,
        every coordinator by DM)."""
        guild = self.bot.get_guild(prompt.guild_id)
        if guild is None:
            return False
        settings = await panel_settings.get(self.bot.db, prompt.guild_id)
        content = text.UNCLEAR_NOTICE.format(count=unclear.NOTIFY_AT, link=prompt_link(prompt))
        reached = 0
        role_holders = {m.id for m in coordinators_of(guild, settings.coordinator_role_id)}
        if settings.staff_channel_id is not None or prompt.created_by not in role_holders:
            reached += await self._dm(prompt, content)
        reached += await tell_coordinators(
            guild, settings.coordinator_role_id, content, channel_id=settings.staff_channel_id
        )
        if not reached:
            log.warning("Nobody could be told that prompt %s is unclear", prompt.id)
        return reached > 0

    async def _dm(self, prompt: Prompt, content: str) -> int:
        try:
            user = self.bot.get_user(prompt.created_by) or await self.bot.fetch_user(
                prompt.created_by
            )
            await user.send(content, allowed_mentions=discord.AllowedMentions.none())
        except discord.HTTPException as error:
            log.info("Could not DM the poster of prompt %s: %s", prompt.id, error.status)
            return 0
        return 1

    @app_commands.command(name="check", description=text.CMD_CHECK)
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

    @app_commands.command(name="post", description=text.CMD_POST)
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
        if interaction.guild_id is None:
            return []
        found = await sessions.choices(self.bot.db, guild_id=interaction.guild_id, typed=current)
        settings = await panel_settings.get(self.bot.db, interaction.guild_id)
        choices = []
        for session in found[:25]:
            when = formatting.local(session.starts_at, settings.timezone)
            label = session_text.CHOICE_LABEL.format(title=session.title[:60], when=when)
            choices.append(app_commands.Choice(name=label[:100], value=str(session.id)))
        return choices


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
