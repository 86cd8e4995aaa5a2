"""/mydata show, erase and consent: members see and control what the bot keeps about them."""

from __future__ import annotations

import io
from typing import Any

import discord
from discord import app_commands
from discord.ext import commands

from bot.app import LeapBot
from bot.checks import leap_bot
from bot.replies import defer, reply
from bot.services.wellbeing import consent, mydata
from bot.text import formatting
from bot.text import wellbeing as text
from bot.ui.base import LeapView


def _mutual_panels(bot: LeapBot, user_id: int) -> list[discord.Guild]:
    return [g for g in bot.guilds if g.get_member(user_id) is not None]


class EraseView(LeapView):
    """Erase / Keep my data."""

    def __init__(self, owner_id: int, guild_id: int) -> None:
        super().__init__(owner_id=owner_id, timeout=600)
        self.guild_id = guild_id

    @discord.ui.button(label=text.MYDATA_ERASE, style=discord.ButtonStyle.danger)
    async def erase(self, interaction: discord.Interaction[Any], _: discord.ui.Button[Any]) -> None:
        """Erase (the member's anonymous posts are queued to come down), say what went."""
        bot = leap_bot(interaction)
        member_id = interaction.user.id
        bot.erase_guard.begin(self.guild_id, member_id)
        try:
            self.stop()
            await defer(interaction)
            result = await mydata.erase(
                bot.db, bot.clock, bot.anon_secret, guild_id=self.guild_id, member_id=member_id
            )
            bot.consent_cache.forget(self.guild_id, member_id)
        finally:
            bot.erase_guard.end(self.guild_id, member_id)
        await reply(
            interaction,
            text.MYDATA_ERASED.format(
                records=formatting.count(result.erased, text.MYDATA_ERASED_RECORDS)
            ),
        )

    @discord.ui.button(label=text.MYDATA_KEEP, style=discord.ButtonStyle.secondary)
    async def keep(self, interaction: discord.Interaction[Any], _: discord.ui.Button[Any]) -> None:
        """Change nothing."""
        self.stop()
        await reply(interaction, text.MYDATA_KEPT_REPLY, edit=True, view=None)


class WithdrawView(LeapView):
    """Take back my consent."""

    def __init__(self, owner_id: int, guild_id: int) -> None:
        super().__init__(owner_id=owner_id, timeout=600)
        self.guild_id = guild_id

    @discord.ui.button(label=text.CONSENT_WITHDRAW, style=discord.ButtonStyle.danger)
    async def withdraw(
        self, interaction: discord.Interaction[Any], _: discord.ui.Button[Any]
    ) -> None:
        """Withdraw consent; hours already worked stay."""
        bot = leap_bot(interaction)
        self.stop()
        await consent.withdraw(
            bot.db,
            bot.clock,
            bot.consent_cache,
            guild_id=self.guild_id,
            member_id=interaction.user.id,
        )
        await reply(interaction, text.CONSENT_WITHDRAWN, edit=True, view=None)


class MyData(commands.GroupCog, group_name="mydata", group_description=text.GROUP_MYDATA):
    """What the bot keeps about you."""

    def __init__(self, bot: LeapBot) -> None:
        self.bot = bot
        super().__init__()

    @app_commands.command(name="show", description=text.CMD_MYDATA_SHOW)
    async def show(self, interaction: discord.Interaction[LeapBot]) -> None:
        """A private JSON file of everything held about the caller."""
        if interaction.guild_id is not None:
            guild_ids = [interaction.guild_id]
            names: list[str] = []
        else:
            panels = _mutual_panels(self.bot, interaction.user.id)
            if not panels:
                await reply(interaction, text.MYDATA_NO_PANEL)
                return
            guild_ids = [g.id for g in panels]
            names = [g.name for g in panels]
        await defer(interaction)
        found = await mydata.show(
            self.bot.db,
            self.bot.clock,
            self.bot.anon_secret,
            member_id=interaction.user.id,
            guild_ids=guild_ids,
        )
        records = formatting.count(found.total, text.MYDATA_RECORDS)
        summary = (
            text.MYDATA_SHOWN_PANELS.format(panels=formatting.join(names), records=records)
            if names
            else text.MYDATA_SHOWN.format(records=records)
        )
        file = discord.File(io.BytesIO(found.content), filename="my-data.json")
        await reply(interaction, summary, file=file)

    @app_commands.command(name="erase", description=text.CMD_MYDATA_ERASE)
    async def erase(self, interaction: discord.Interaction[LeapBot]) -> None:
        """Ask first, saying exactly what goes and what stays."""
        if interaction.guild_id is None:
            await reply(interaction, text.MYDATA_IN_SERVER)
            return
        kept = await mydata.kept_stores(
            self.bot.db,
            self.bot.anon_secret,
            guild_id=interaction.guild_id,
            member_id=interaction.user.id,
        )
        stays = (
            text.MYDATA_STAYS.format(
                lines="\n".join(
                    text.MYDATA_KEPT_LINE.format(name=name.capitalize(), why=why)
                    for name, why in kept
                )
            )
            if kept
            else text.MYDATA_STAYS_NOTHING
        )
        await reply(
            interaction,
            text.MYDATA_ERASE_ASK.format(stays=stays),
            view=EraseView(interaction.user.id, interaction.guild_id),
        )

    @app_commands.command(name="consent", description=text.CMD_MYDATA_CONSENT)
    async def consent_(self, interaction: discord.Interaction[LeapBot]) -> None:
        """Show consent, with a way to take it back."""
        if interaction.guild_id is None:
            await reply(interaction, text.MYDATA_IN_SERVER)
            return
        found = await consent.status(
            self.bot.db, guild_id=interaction.guild_id, member_id=interaction.user.id
        )
        if found.agreed_at is None:
            await reply(interaction, text.CONSENT_NONE)
            return
        await reply(
            interaction,
            text.CONSENT_SHOW.format(when=formatting.when_full(found.agreed_at)),
            view=WithdrawView(interaction.user.id, interaction.guild_id),
        )


async def setup(bot: LeapBot) -> None:
    """Load the cog."""
    await bot.add_cog(MyData(bot))
