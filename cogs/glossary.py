"""/glossary: anyone can ask what a word means; coordinators keep the panel's own words.

The rules live in bot/services/prompts/glossary.py.
"""

from __future__ import annotations

import io
from typing import Any

import discord
from discord import app_commands
from discord.ext import commands

from bot.app import LeapBot
from bot.checks import guild_id_of, require
from bot.permissions import Level
from bot.replies import reply
from bot.services.prompts import glossary as service
from bot.text import glossary as text

MESSAGE_LIMIT = 2000


class Glossary(commands.GroupCog, group_name="glossary", group_description=text.GROUP):
    """Plain meanings of hard words: built-in ones and the panel's own."""

    def __init__(self, bot: LeapBot) -> None:
        self.bot = bot
        super().__init__()

    @app_commands.command(name="explain", description=text.CMD_EXPLAIN)
    @app_commands.describe(term=text.OPT_TERM)
    @app_commands.guild_only()
    async def explain(self, interaction: discord.Interaction[LeapBot], term: str) -> None:
        """Say privately what a word means, in plain words."""
        found = await service.explain(self.bot.db, guild_id_of(interaction), term)
        lines = [text.EXPLAINED.format(term=found.term, meaning=found.meaning)]
        if found.panel:
            lines.append(text.EXPLAINED_PANEL)
        await reply(interaction, "\n".join(lines))

    @app_commands.command(name="add", description=text.CMD_ADD)
    @app_commands.describe(term=text.OPT_TERM, meaning=text.OPT_MEANING)
    @app_commands.guild_only()
    @require(Level.COORDINATOR)
    async def add(self, interaction: discord.Interaction[LeapBot], term: str, meaning: str) -> None:
        """Add a word to the panel's glossary, or give a word the panel's own meaning."""
        added = await service.add(
            self.bot.db,
            self.bot.clock,
            guild_id=guild_id_of(interaction),
            actor_id=interaction.user.id,
            term=term,
            meaning=meaning,
        )
        lines = [text.ADDED.format(term=added.term, meaning=added.meaning)]
        if added.changed:
            lines.append(text.ADDED_CHANGED)
        elif added.over_built_in:
            lines.append(text.ADDED_OVER_BUILT_IN)
        await reply(interaction, "\n".join(lines))

    @app_commands.command(name="remove", description=text.CMD_REMOVE)
    @app_commands.describe(term=text.OPT_TERM)
    @app_commands.guild_only()
    @require(Level.COORDINATOR)
    async def remove(self, interaction: discord.Interaction[LeapBot], term: str) -> None:
        """Remove one of the panel's own words (a built-in meaning it replaced comes back)."""
        removed = await service.remove(
            self.bot.db,
            self.bot.clock,
            guild_id=guild_id_of(interaction),
            actor_id=interaction.user.id,
            term=term,
        )
        lines = [text.REMOVED.format(term=removed.term)]
        if removed.built_in is not None:
            lines.append(text.REMOVED_BUILT_IN_BACK.format(meaning=removed.built_in))
        await reply(interaction, "\n".join(lines))

    @app_commands.command(name="list", description=text.CMD_LIST)
    @app_commands.guild_only()
    @require(Level.COORDINATOR)
    async def list_(self, interaction: discord.Interaction[LeapBot]) -> None:
        """Show the panel's own words and their meanings."""
        terms = await service.panel_terms(self.bot.db, guild_id_of(interaction))
        if not terms:
            await reply(interaction, text.LIST_EMPTY)
            return
        lines = [text.LIST_LINE.format(term=t.term, meaning=t.meaning) for t in terms]
        whole = "\n".join([text.LIST_TITLE.format(count=len(terms)), *lines])
        if len(whole) <= MESSAGE_LIMIT:
            await reply(interaction, whole)
            return
        data = "\n".join(f"{t.term}: {t.meaning}" for t in terms).encode("utf-8")
        await reply(
            interaction,
            f"{text.LIST_TITLE.format(count=len(terms))}\n{text.LIST_FILE}",
            file=discord.File(io.BytesIO(data), filename=text.LIST_FILE_NAME),
        )

    @explain.autocomplete("term")
    async def all_terms(
        self, interaction: discord.Interaction[Any], current: str
    ) -> list[app_commands.Choice[str]]:
        """Built-in and panel words matching what was typed (prefix first, then close ones)."""
        if interaction.guild_id is None:
            return []
        found = await service.suggest(self.bot.db, interaction.guild_id, current)
        return [app_commands.Choice(name=t, value=t) for t in found]

    @remove.autocomplete("term")
    async def own_terms(
        self, interaction: discord.Interaction[Any], current: str
    ) -> list[app_commands.Choice[str]]:
        """The panel's own words matching what was typed."""
        if interaction.guild_id is None:
            return []
        found = await service.suggest_own(self.bot.db, interaction.guild_id, current)
        return [app_commands.Choice(name=t, value=t) for t in found]


async def setup(bot: LeapBot) -> None:
    """Load the cog."""
    await bot.add_cog(Glossary(bot))
