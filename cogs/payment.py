"""/payment preference: a member tells finance how to be paid, in one short form."""

from __future__ import annotations

from typing import Any

import discord
from discord import app_commands
from discord.ext import commands

from bot.app import LeapBot
from bot.checks import ensure_level, require
from bot.permissions import Level
from bot.replies import reply
from bot.services.hours import payment_settings as payments
from bot.text import payment as text
from bot.ui.base import LeapModal
from storage.members import METHODS, MemberRecord

BENEFITS = "benefits"
PUBLIC = "public_sector"


class PreferenceModal(LeapModal):
    """Method (a menu), payee name, and two optional flags (a menu)."""

    def __init__(self, current: MemberRecord) -> None:
        super().__init__(title=text.FORM_TITLE[:45], custom_id="leap:payment:preference")
        self.method: discord.ui.Select[Any] = discord.ui.Select(
            custom_id="method",
            options=[
                discord.SelectOption(
                    label=text.METHOD_NAMES[m], value=m, default=current.payment_method == m
                )
                for m in METHODS
            ],
        )
        self.payee: discord.ui.TextInput[Any] = discord.ui.TextInput(
            custom_id="payee",
            required=False,
            max_length=payments.MAX_PAYEE,
            default=current.payee_name,
        )
        self.flags: discord.ui.Select[Any] = discord.ui.Select(
            custom_id="flags",
            min_values=0,
            max_values=2,
            required=False,
            options=[
                discord.SelectOption(
                    label=text.FLAG_BENEFITS, value=BENEFITS, default=current.receives_benefits
                ),
                discord.SelectOption(
                    label=text.FLAG_PUBLIC, value=PUBLIC, default=current.public_sector
                ),
            ],
        )
        self.add_item(
            discord.ui.Label(
                text=text.FORM_METHOD[:45], description=text.FORM_METHOD_HINT, component=self.method
            )
        )
        self.add_item(
            discord.ui.Label(
                text=text.FORM_PAYEE[:45], description=text.FORM_PAYEE_HINT, component=self.payee
            )
        )
        self.add_item(
            discord.ui.Label(
                text=text.FORM_FLAGS[:45], description=text.FORM_FLAGS_HINT, component=self.flags
            )
        )

    async def on_submit(self, interaction: discord.Interaction[Any]) -> None:
        """Save the preference and say what was saved."""
        await ensure_level(interaction, Level.MEMBER)
        if interaction.guild_id is None:
            raise app_commands.NoPrivateMessage()
        bot: LeapBot = interaction.client
        method = self.method.values[0] if self.method.values else ""
        record = await payments.set_preference(
            bot.db,
            bot.clock,
            guild_id=interaction.guild_id,
            member_id=interaction.user.id,
            method=method,
            payee_name=self.payee.value,
            receives_benefits=BENEFITS in self.flags.values,
            public_sector=PUBLIC in self.flags.values,
            display_name=interaction.user.display_name,
        )
        await reply(interaction, saved_text(record))


def saved_text(record: MemberRecord) -> str:
    """What the member is told after saving."""
    if record.payment_method == "decline":
        lines = [text.PREFERENCE_SAVED_DECLINE]
    else:
        method = text.METHOD_NAMES[record.payment_method or "bank"].lower()
        lines = [text.PREFERENCE_SAVED.format(method=method, payee=record.payee_name)]
    if record.receives_benefits:
        lines.append(text.PREFERENCE_BENEFITS)
    if record.public_sector:
        lines.append(text.PREFERENCE_PUBLIC)
    return "\n".join(lines)


class Payment(commands.GroupCog, group_name="payment", group_description=text.GROUP):
    """Members' payment preferences."""

    def __init__(self, bot: LeapBot) -> None:
        self.bot = bot
        super().__init__()

    @app_commands.command(name="preference", description=text.CMD_PREFERENCE)
    @require(Level.MEMBER)
    async def preference(self, interaction: discord.Interaction[LeapBot]) -> None:
        """Open the form, filled in with what is saved now."""
        if interaction.guild_id is None:
            raise app_commands.NoPrivateMessage()
        current = await payments.preference(self.bot.db, interaction.guild_id, interaction.user.id)
        await interaction.response.send_modal(PreferenceModal(current))


async def setup(bot: LeapBot) -> None:
    """Load the cog."""
    await bot.add_cog(Payment(bot))
