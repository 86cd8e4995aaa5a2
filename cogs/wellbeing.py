"""/break, /support and /groundrules: step away, ask for help, agree how we work together."""

from __future__ import annotations

import logging
from typing import Any

import discord
from discord import app_commands
from discord.ext import commands

from bot.app import LeapBot
from bot.checks import guild_id_of, require
from bot.permissions import Level
from bot.replies import reply
from bot.services.wellbeing import breaks, ground_rules, support
from bot.text import wellbeing as text
from bot.ui.base import IdButton, LeapView

log = logging.getLogger(__name__)


def coordinators_of(guild: discord.Guild, role_id: int | None) -> list[discord.Member]:
    """The members holding the coordinator role (none when no role is set)."""
    role = guild.get_role(role_id) if role_id is not None else None
    return [] if role is None else [m for m in role.members if not m.bot]


async def tell_coordinators(
    guild: discord.Guild,
    role_id: int | None,
    content: str,
    *,
    channel_id: int | None = None,
) -> int:
    """Send `content` to the staff channel when given, else by DM to each coordinator.

    Returns how many places it reached. Failures are logged without any member named.
    """
    if channel_id is not None:
        channel = guild.get_channel(channel_id)
        if isinstance(channel, discord.abc.Messageable):
            try:
                await channel.send(content, allowed_mentions=discord.AllowedMentions.none())
                return 1
            except discord.HTTPException:
                log.warning("Could not post a staff notice in guild %s", guild.id)
    reached = 0
    for person in coordinators_of(guild, role_id):
        try:
            await person.send(content, allowed_mentions=discord.AllowedMentions.none())
            reached += 1
        except discord.HTTPException:
            continue
    return reached


class SupportView(LeapView):
    """Send to coordinators / Don't send. The message lives only here until confirmed."""

    def __init__(self, owner_id: int, message: str | None) -> None:
        super().__init__(owner_id=owner_id, timeout=600)
        self.text = message

    @discord.ui.button(label=text.SUPPORT_SEND, style=discord.ButtonStyle.primary)
    async def send(self, interaction: discord.Interaction[Any], _: discord.ui.Button[Any]) -> None:
        """Store the request, DM the coordinators, show the signposting."""
        bot: LeapBot = interaction.client
        guild = interaction.guild
        if guild is None:
            raise app_commands.NoPrivateMessage()
        self.stop()
        sent = await support.send_support(
            bot.db, bot.clock, guild_id=guild.id, member_id=interaction.user.id, message=self.text
        )
        await reply(interaction, text.SUPPORT_SENT, edit=True, view=None)
        lines = [text.SUPPORT_DM.format(name=interaction.user.display_name, panel=guild.name)]
        lines.append(
            text.SUPPORT_DM_MESSAGE.format(message=self.text)
            if self.text
            else text.SUPPORT_DM_NO_MESSAGE
        )
        reached = await tell_coordinators(guild, sent.coordinator_role_id, "\n".join(lines))
        follow = [text.SUPPORT_HELP_HEADER, sent.signposting]
        if reached == 0:
            follow.insert(0, text.SUPPORT_NO_COORDINATORS)
        await interaction.followup.send("\n".join(follow), ephemeral=True)

    @discord.ui.button(label=text.SUPPORT_DONT, style=discord.ButtonStyle.secondary)
    async def dont(self, interaction: discord.Interaction[Any], _: discord.ui.Button[Any]) -> None:
        """Send nothing and keep nothing."""
        self.text = None
        self.stop()
        await reply(interaction, text.SUPPORT_NOT_SENT, edit=True, view=None)


class AgreeButton(IdButton):
    """ "I agree" under the ground rules; the id is the panel's server id."""

    custom_id_format = "leap:groundrules:agree:{id}"
    label = text.GROUNDRULES_AGREE
    style = discord.ButtonStyle.success
    level = Level.MEMBER

    async def run(self, interaction: discord.Interaction[Any]) -> None:
        """Record the member's agreement."""
        bot: LeapBot = interaction.client
        fresh = await ground_rules.agree(
            bot.db, bot.clock, guild_id=self.item_id, member_id=interaction.user.id
        )
        await reply(interaction, text.GROUNDRULES_THANKS if fresh else text.GROUNDRULES_ALREADY)


class Wellbeing(commands.Cog):
    """Breaks, support and ground rules."""

    def __init__(self, bot: LeapBot) -> None:
        self.bot = bot

    @app_commands.command(name="break", description=text.CMD_BREAK)
    @require(Level.MEMBER, consent_first=False)
    async def break_(self, interaction: discord.Interaction[LeapBot]) -> None:
        """Ask for a short break, anonymously."""
        guild_id = guild_id_of(interaction)
        result = await breaks.ask_for_break(
            self.bot.db,
            self.bot.clock,
            self.bot.anon_secret,
            guild_id=guild_id,
            user_id=interaction.user.id,
        )
        await reply(interaction, text.BREAK_REPLY)
        if result.notify and interaction.guild is not None:
            notice = (
                text.BREAK_NOTICE.format(session=result.session_title)
                if result.session_title
                else text.BREAK_NOTICE_NO_SESSION
            )
            await tell_coordinators(
                interaction.guild,
                result.coordinator_role_id,
                notice,
                channel_id=result.staff_channel_id,
            )

    @app_commands.command(name="support", description=text.CMD_SUPPORT)
    @app_commands.describe(message=text.OPT_SUPPORT_MESSAGE)
    @require(Level.MEMBER, consent_first=False)
    async def support_(
        self,
        interaction: discord.Interaction[LeapBot],
        message: app_commands.Range[str, 1, 2000] | None = None,
    ) -> None:
        """Ask before anything is sent: the coordinators will see the member's name."""
        guild_id_of(interaction)
        cleaned = support.check_message(message)
        if message is not None and cleaned is None:
            await reply(interaction, text.SUPPORT_EMPTY)
            return
        lines = [text.SUPPORT_CONFIRM]
        if cleaned:
            lines.append(text.SUPPORT_CONFIRM_QUOTE.format(message=cleaned))
        await reply(interaction, "\n".join(lines), view=SupportView(interaction.user.id, cleaned))

    @app_commands.command(name="groundrules", description=text.CMD_GROUNDRULES)
    async def groundrules(self, interaction: discord.Interaction[LeapBot]) -> None:
        """Show the ground rules with an "I agree" button."""
        guild_id = guild_id_of(interaction)
        rules = await ground_rules.current(self.bot.db, guild_id)
        if rules is None:
            await reply(interaction, text.GROUNDRULES_NONE)
            return
        view = LeapView(timeout=None)
        view.add_item(AgreeButton(guild_id))
        await reply(interaction, f"**{text.GROUNDRULES_HEADER}**\n{rules}", view=view)


async def setup(bot: LeapBot) -> None:
    """Load the cog and its persistent button."""
    bot.add_dynamic_items(AgreeButton)
    await bot.add_cog(Wellbeing(bot))
