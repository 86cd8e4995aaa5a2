"""The one /setup group is shared: each feature adds its own subcommands and /setup show lines.

A feature writes a `SetupSection` subclass in its own cog module, with its subcommands as
ordinary `@app_commands.command` methods (each with `@require(...)`) and a `show_fields`
method, then adds the class to the bases of `cogs.setup.Setup`. discord.py collects the
commands of every base class into the one `/setup` group, so the command names stay
`/setup <name>` and the group's permissions (hidden unless Manage Server, servers only)
cover them all.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import discord
from discord.ext import commands

from storage.guild_settings import GuildSettings

if TYPE_CHECKING:
    from bot.app import LeapBot


@dataclass(frozen=True, slots=True)
class ShowField:
    """One named block of text in /setup show."""

    name: str
    value: str


class SetupSection(commands.Cog):
    """A feature's part of /setup: subcommands as methods, and its lines in /setup show.

    A cog class only so discord.py's typing accepts its commands: it is never loaded by
    itself, the `Setup` cog inherits it. Method names must be unique across sections, so
    start them with `setup_` and the feature's name.
    """

    bot: LeapBot

    async def show_fields(self, guild: discord.Guild, settings: GuildSettings) -> list[ShowField]:
        """This feature's settings as shown by /setup show (none by default)."""
        return []
