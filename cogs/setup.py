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
from bot.services import panel_settings
from bot.services.hours import money as pay
from bot.services.hours import payment_settings as payments
from bot.services.sessions import lifecycle as sessions
from bot.services.timeparse import suggest_timezones
from bot.text import setup as text
from storage.guild_settings import GuildSettings
from storage.hours import ACTIVITIES


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
class Setup(commands.GroupCog, group_name="setup", group_description=text.GROUP_DESCRIPTION):
    """Panel set-up for admins."""

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

    @app_commands.command(name="reminders", description=text.CMD_REMINDERS)
    @app_commands.describe(before=text.OPT_REMINDERS_BEFORE)
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

    @app_commands.command(name="attendance", description=text.CMD_ATTENDANCE)
    @app_commands.describe(rule=text.OPT_ATTENDANCE_RULE)
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

    @app_commands.command(name="rate", description=text.CMD_RATE)
    @app_commands.describe(
        activity=text.OPT_RATE_ACTIVITY,
        pounds_per_hour=text.OPT_RATE_POUNDS,
        from_date=text.OPT_RATE_FROM,
    )
    @app_commands.choices(activity=[app_commands.Choice(name=a, value=a) for a in ACTIVITIES])
    @require(Level.ADMIN)
    async def rate(
        self,
        interaction: discord.Interaction[LeapBot],
        activity: str,
        pounds_per_hour: app_commands.Range[str, 1, 20],
        from_date: app_commands.Range[str, 1, 60] | None = None,
    ) -> None:
        """Set an activity's pay rate from a date; approved hours keep their rate."""
        assert interaction.guild is not None
        saved = await payments.set_rate(
            self.bot.db,
            self.bot.clock,
            guild_id=interaction.guild.id,
            actor_id=interaction.user.id,
            activity=activity,
            pounds_per_hour=pounds_per_hour,
            from_date=from_date,
        )
        day = saved.effective_from
        await reply(
            interaction,
            text.RATE_SAVED.format(
                activity=saved.activity.capitalize(),
                pounds=pay.pounds(saved.pence_per_hour),
                day=f"{day.day} {day:%B %Y}",
            ),
        )

    @app_commands.command(name="payments", description=text.CMD_PAYMENTS)
    @app_commands.describe(daily_cap_hours=text.OPT_CAP, budget_code=text.OPT_BUDGET)
    @require(Level.ADMIN)
    async def payments_(
        self,
        interaction: discord.Interaction[LeapBot],
        daily_cap_hours: app_commands.Range[str, 1, 10] | None = None,
        budget_code: app_commands.Range[str, 1, 60] | None = None,
    ) -> None:
        """Set the daily cap on paid hours and the budget code."""
        assert interaction.guild is not None
        settings = await payments.set_payments(
            self.bot.db,
            self.bot.clock,
            guild_id=interaction.guild.id,
            actor_id=interaction.user.id,
            daily_cap_hours=daily_cap_hours,
            budget_code=budget_code,
        )
        await reply(interaction, text.PAYMENTS_SAVED.format(**_payment_words(settings)))

    @app_commands.command(name="show", description=text.CMD_SHOW)
    @require(Level.ADMIN)
    async def show(self, interaction: discord.Interaction[LeapBot]) -> None:
        """Show every panel setting."""
        assert interaction.guild is not None
        settings = await panel_settings.get(self.bot.db, interaction.guild.id)
        embed = settings_embed(interaction.guild, settings)
        rates = await payments.rate_table(self.bot.db, self.bot.clock, interaction.guild.id)
        embed.add_field(name=text.SHOW_RATES, value=_rate_lines(rates), inline=False)
        embed.add_field(
            name=text.SHOW_PAYMENTS,
            value=text.PAYMENTS_SAVED.format(**_payment_words(settings)).removeprefix("Saved. "),
            inline=False,
        )
        await reply(interaction, embed=embed)


def _payment_words(settings: GuildSettings) -> dict[str, str]:
    cap = settings.daily_cap_minutes
    return {
        "cap": text.CAP_HOURS.format(time=pay.describe_minutes(cap)) if cap else text.CAP_NONE,
        "code": settings.budget_code or text.NOT_SET,
    }


def _rate_lines(views: list[payments.RateView]) -> str:
    """Each activity's rate today and any later ones, one line each."""
    lines = []
    for view in views:
        first = view.current or view.upcoming[0]
        line = text.SHOW_RATE_LINE.format(
            activity=view.activity.capitalize(), pounds=pay.pounds(first.pence_per_hour)
        )
        if view.current is None:
            line += text.SHOW_RATE_FROM.format(day=first.effective_from.isoformat())
        for later in view.upcoming[0 if view.current else 1 :]:
            line += text.SHOW_RATE_NEXT.format(
                pounds=pay.pounds(later.pence_per_hour), day=later.effective_from.isoformat()
            )
        lines.append(line)
    return "\n".join(lines)[:1024] or text.SHOW_NO_RATES


async def setup(bot: LeapBot) -> None:
    """Load the cog; Discord hides /setup from people who cannot manage the server."""
    await bot.add_cog(Setup(bot))
