"""/setup: admins choose the panel's roles, time zone, reminders and see every setting."""

from __future__ import annotations

from typing import Any
from zoneinfo import ZoneInfo

import discord
from discord import app_commands
from discord.ext import commands

from bot.app import LeapBot
from bot.checks import require
from bot.errors import BadInput
from bot.permissions import Level
from bot.replies import reply
from bot.services import panel_settings, sessions
from bot.services.timeparse import suggest_timezones
from bot.text import setup as text
from storage.guild_settings import GuildSettings


def _role_name(guild: discord.Guild, role_id: int | None, default: str = text.NOT_SET) -> str:
    role = guild.get_role(role_id) if role_id is not None else None
    return role.name if role is not None else default


def _check_role(role: discord.Role) -> None:
    if role.is_default():
        raise BadInput(text.ROLE_EVERYONE)
    if role.managed:
        raise BadInput(text.ROLE_BOT)


def settings_embed(guild: discord.Guild, settings: GuildSettings) -> discord.Embed:
    """Every panel setting, in plain words."""
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
        name=text.SHOW_REMINDERS,
        value=panel_settings.describe_offsets(settings.reminder_offsets),
        inline=False,
    )
    rule = (
        text.ATTENDANCE_MEASURED
        if settings.attendance_rule == "measured"
        else text.ATTENDANCE_PLANNED
    )
    embed.add_field(name=text.SHOW_ATTENDANCE, value=rule, inline=False)
    return embed


@app_commands.default_permissions(manage_guild=True)
@app_commands.guild_only()
class Setup(commands.GroupCog, group_name="setup", group_description="Set up this panel (admins)"):
    """Panel set-up for admins."""

    def __init__(self, bot: LeapBot) -> None:
        self.bot = bot
        super().__init__()

    @app_commands.command(
        name="roles", description="Choose the coordinator, member and admin roles"
    )
    @app_commands.describe(
        coordinator="The role for people who run sessions",
        member="The role for panel members",
        admin="The role for admins (optional: server managers always count)",
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

    @app_commands.command(name="timezone", description="Set the panel's time zone")
    @app_commands.describe(name="A time zone such as Europe/London")
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
        local = self.bot.clock.now().astimezone(ZoneInfo(settings.timezone))
        await reply(
            interaction,
            text.TIMEZONE_SAVED.format(name=settings.timezone, local=local.strftime("%H:%M")),
        )

    @timezone.autocomplete("name")
    async def timezone_autocomplete(
        self, interaction: discord.Interaction[Any], current: str
    ) -> list[app_commands.Choice[str]]:
        """Suggest time zones as the admin types."""
        return [app_commands.Choice(name=z, value=z) for z in suggest_timezones(current, limit=25)]

    @app_commands.command(name="reminders", description="How long before sessions to remind")
    @app_commands.describe(before="For example 24h,1h or 2d,30m")
    @require(Level.ADMIN)
    async def reminders(self, interaction: discord.Interaction[LeapBot], before: str) -> None:
        """Set reminder offsets before each session."""
        assert interaction.guild is not None
        settings = await panel_settings.set_reminders(
            self.bot.db,
            self.bot.clock,
            guild_id=interaction.guild.id,
            actor_id=interaction.user.id,
            before=before,
        )
        await reply(
            interaction,
            text.REMINDERS_SAVED.format(
                offsets=panel_settings.describe_offsets(settings.reminder_offsets)
            ),
        )

    @app_commands.command(name="attendance", description="Choose how meeting time is paid")
    @app_commands.describe(rule="Planned length for all who came, or the time each was there")
    @app_commands.choices(
        rule=[app_commands.Choice(name=v, value=k) for k, v in text.ATTENDANCE_CHOICES.items()]
    )
    @require(Level.ADMIN)
    async def attendance(self, interaction: discord.Interaction[LeapBot], rule: str) -> None:
        """Choose the attendance rule used when a session ends."""
        assert interaction.guild is not None
        settings = await sessions.set_attendance_rule(
            self.bot.db,
            self.bot.clock,
            guild_id=interaction.guild.id,
            actor_id=interaction.user.id,
            rule=rule,
        )
        words = (
            text.ATTENDANCE_MEASURED
            if settings.attendance_rule == "measured"
            else text.ATTENDANCE_PLANNED
        )
        await reply(interaction, text.ATTENDANCE_SAVED.format(rule=words.lower()))

    @app_commands.command(name="show", description="Show all panel settings")
    @require(Level.ADMIN)
    async def show(self, interaction: discord.Interaction[LeapBot]) -> None:
        """Show every panel setting."""
        assert interaction.guild is not None
        settings = await panel_settings.get(self.bot.db, interaction.guild.id)
        await reply(interaction, embed=settings_embed(interaction.guild, settings))


async def setup(bot: LeapBot) -> None:
    """Load the cog; Discord hides /setup from people who cannot manage the server."""
    await bot.add_cog(Setup(bot))
