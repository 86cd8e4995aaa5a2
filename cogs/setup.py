"""/setup: one group for every setting. Roles, time zone and /setup show live here.

Each feature adds its own /setup subcommands and /setup show lines with a `SetupSection`
in its cog module (see `cogs/_setup_sections.py`); list the section among `Setup`'s bases.
"""

from __future__ import annotations

from typing import Any

import discord
from discord import app_commands
from discord.ext import commands

from bot.app import LeapBot
from bot.checks import require
from bot.errors import BadInput
from bot.permissions import Level
from bot.replies import reply
from bot.services import panel_settings
from bot.services.timeparse import suggest_timezones
from bot.text import common as common_text
from bot.text import formatting
from bot.text import setup as text
from cogs._setup_sections import SetupSection
from cogs.expenses import ExpenseSettings
from cogs.payment import PaymentSettings
from cogs.polls import PollSettings
from cogs.prompts import PromptSettings
from cogs.sessions import SessionSettings
from cogs.wellbeing import WellbeingSettings
from storage.guild_settings import GuildSettings


def _role_name(
    guild: discord.Guild, role_id: int | None, default: str = common_text.NOT_SET
) -> str:
    role = guild.get_role(role_id) if role_id is not None else None
    return role.name if role is not None else default


def _check_role(role: discord.Role) -> None:
    if role.is_default():
        raise BadInput(text.ROLE_EVERYONE)
    if role.managed:
        raise BadInput(text.ROLE_BOT)


def settings_embed(guild: discord.Guild, settings: GuildSettings) -> discord.Embed:
    """The panel-wide settings (time zone and roles), in plain words."""
    embed = discord.Embed(title=text.SHOW_TITLE)
    embed.add_field(name=text.SHOW_TIMEZONE, value=settings.timezone, inline=False)
    embed.add_field(
        name=text.SHOW_ROLES,
        value=text.ROLES_LINE.format(
            coordinator=_role_name(guild, settings.coordinator_role_id),
            member=_role_name(guild, settings.member_role_id),
            admin=_role_name(guild, settings.admin_role_id, text.ADMIN_DEFAULT),
        ),
        inline=False,
    )
    embed.add_field(
        name=text.SHOW_NOTICES,
        value=(
            text.SHOW_NOTICES_CHANNEL.format(channel=settings.notices_channel_id)
            if settings.notices_channel_id is not None
            else text.SHOW_NOTICES_DEFAULT
        ),
        inline=False,
    )
    return embed


@app_commands.default_permissions(manage_guild=True)
@app_commands.guild_only()
class Setup(
    SessionSettings,
    PaymentSettings,
    ExpenseSettings,
    WellbeingSettings,
    PromptSettings,
    PollSettings,
    commands.GroupCog,
    group_name="setup",
    group_description=text.GROUP_DESCRIPTION,
):
    """Panel set-up for admins: roles, time zone and /setup show here; each feature's own
    settings come from its SetupSection (a base class above), defined in the feature's cog."""

    def __init__(self, bot: LeapBot) -> None:
        self.bot = bot
        super().__init__()

    @app_commands.command(name="roles", description=text.CMD_ROLES)
    @app_commands.describe(
        coordinator=text.OPT_ROLES_COORDINATOR,
        member=text.OPT_ROLES_MEMBER,
        admin=text.OPT_ROLES_ADMIN,
    )
    @require(Level.ADMIN)
    async def roles(
        self,
        interaction: discord.Interaction[LeapBot],
        coordinator: discord.Role,
        member: discord.Role,
        admin: discord.Role | None = None,
    ) -> None:
        """Choose which roles are coordinators, members and admins."""
        assert interaction.guild is not None
        for role in (coordinator, member, admin):
            if role is not None:
                _check_role(role)
        await panel_settings.set_roles(
            self.bot.db,
            self.bot.clock,
            guild_id=interaction.guild.id,
            actor_id=interaction.user.id,
            coordinator_role_id=coordinator.id,
            member_role_id=member.id,
            admin_role_id=admin.id if admin else None,
        )
        await reply(
            interaction,
            text.ROLES_SAVED.format(
                coordinator=coordinator.name,
                member=member.name,
                admin=admin.name if admin else text.ADMIN_DEFAULT,
            ),
        )

    @app_commands.command(name="timezone", description=text.CMD_TIMEZONE)
    @app_commands.describe(name=text.OPT_TIMEZONE_NAME)
    @require(Level.ADMIN)
    async def timezone(self, interaction: discord.Interaction[LeapBot], name: str) -> None:
        """Set the panel's time zone."""
        assert interaction.guild is not None
        settings = await panel_settings.set_timezone(
            self.bot.db,
            self.bot.clock,
            guild_id=interaction.guild.id,
            actor_id=interaction.user.id,
            name=name,
        )
        await reply(
            interaction,
            text.TIMEZONE_SAVED.format(
                name=settings.timezone,
                local=formatting.clock(self.bot.clock.now(), settings.timezone),
            ),
        )

    @timezone.autocomplete("name")
    async def timezone_autocomplete(
        self, interaction: discord.Interaction[Any], current: str
    ) -> list[app_commands.Choice[str]]:
        """Suggest time zones as the admin types."""
        return [app_commands.Choice(name=z, value=z) for z in suggest_timezones(current, limit=25)]

    @app_commands.command(name="notices", description=text.CMD_NOTICES)
    @app_commands.describe(channel=text.OPT_NOTICES_CHANNEL)
    @require(Level.COORDINATOR)
    async def notices(
        self, interaction: discord.Interaction[LeapBot], channel: discord.TextChannel | None = None
    ) -> None:
        """Choose where members with closed direct messages are mentioned instead."""
        assert interaction.guild is not None
        await panel_settings.set_notices_channel(
            self.bot.db,
            self.bot.clock,
            guild_id=interaction.guild.id,
            actor_id=interaction.user.id,
            channel_id=channel.id if channel else None,
        )
        await reply(
            interaction,
            text.NOTICES_SAVED.format(channel=channel.mention) if channel else text.NOTICES_CLEARED,
        )

    @app_commands.command(name="show", description=text.CMD_SHOW)
    @require(Level.ADMIN)
    async def show(self, interaction: discord.Interaction[LeapBot]) -> None:
        """Show every panel setting: the panel's own, then each feature's."""
        assert interaction.guild is not None
        settings = await panel_settings.get(self.bot.db, interaction.guild.id)
        embed = settings_embed(interaction.guild, settings)
        for section in sections():
            for field in await section.show_fields(self, interaction.guild, settings):
                embed.add_field(name=field.name, value=field.value, inline=False)
        await reply(interaction, embed=embed)


def sections() -> list[type[SetupSection]]:
    """The feature sections that make up /setup, in /setup show order."""
    return [base for base in Setup.__bases__ if issubclass(base, SetupSection)]


async def setup(bot: LeapBot) -> None:
    """Load the cog; Discord hides /setup from people who cannot manage the server."""
    await bot.add_cog(Setup(bot))
