"""/help: what the caller can do, by role, in plain words."""

from __future__ import annotations

from typing import Any

import discord
from discord import app_commands
from discord.ext import commands

from bot.app import LeapBot
from bot.checks import caller_level, command_level
from bot.permissions import Level
from bot.replies import reply
from bot.services.reminders import settings as reminder_settings
from bot.text import help as text
from bot.text import reminders as reminders_text

# Discord allows 1024 characters per embed field.
FIELD_LIMIT = 1024


def command_lines(tree: app_commands.CommandTree[Any], level: Level) -> dict[Level, list[str]]:
    """Each level's commands at or below `level`, as '/name: what it does' lines."""
    lines: dict[Level, list[str]] = {}
    for command in tree.walk_commands():
        if isinstance(command, app_commands.Group):
            continue
        needed = command_level(command)
        if needed > level:
            continue
        lines.setdefault(needed, []).append(f"`/{command.qualified_name}`: {command.description}")
    for entries in lines.values():
        entries.sort()
    return lines


def _chunks(lines: list[str]) -> list[str]:
    chunks: list[str] = []
    current = ""
    for line in lines:
        if current and len(current) + len(line) + 1 > FIELD_LIMIT:
            chunks.append(current)
            current = ""
        current = f"{current}\n{line}" if current else line
    if current:
        chunks.append(current)
    return chunks


def help_embed(
    tree: app_commands.CommandTree[Any], level: Level, *, in_dm: bool = False
) -> discord.Embed:
    """The help card for a person at `level` (in a DM their roles are unknown)."""
    embed = discord.Embed(title=text.TITLE, description=text.INTRO)
    lines = command_lines(tree, level)
    for needed in sorted(lines):
        for index, chunk in enumerate(_chunks(lines[needed])):
            name = text.LEVEL_HEADINGS[needed.name] if index == 0 else "\u200b"
            embed.add_field(name=name, value=chunk, inline=False)
    if in_dm:
        embed.add_field(name="\u200b", value=text.IN_DM, inline=False)
    elif level < Level.MEMBER:
        embed.add_field(name="\u200b", value=text.NOT_MEMBER, inline=False)
    else:
        embed.add_field(name="\u200b", value=text.MEMBER_DM, inline=False)
    embed.set_footer(text=text.FOOTER)
    return embed


class Help(commands.Cog):
    """The /help command."""

    def __init__(self, bot: LeapBot) -> None:
        self.bot = bot
        # The command tree is fixed once the bot runs, so each card is built once.
        self._cards: dict[tuple[Level, bool], discord.Embed] = {}

    @app_commands.command(name="help", description=text.CMD_HELP)
    async def help(self, interaction: discord.Interaction[LeapBot]) -> None:
        """Show what the caller can do, by role."""
        level = await caller_level(interaction)
        key = (level, interaction.guild is None)
        card = self._cards.get(key)
        if card is None:
            card = self._cards[key] = help_embed(self.bot.tree, level, in_dm=key[1])
        note = None
        if interaction.guild_id is not None and level >= Level.MEMBER:
            own = await reminder_settings.get(
                self.bot.db, interaction.guild_id, interaction.user.id
            )
            note = None if own.session_reminders else reminders_text.HELP_SESSIONS_OFF
        await reply(interaction, note, embed=card)


async def setup(bot: LeapBot) -> None:
    """Load the cog."""
    await bot.add_cog(Help(bot))
