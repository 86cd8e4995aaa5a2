"""/expenses: members claim back costs they paid (fares, care, data, printing) and see their
receipts; /setup expenses sets the most one claim may be."""

from __future__ import annotations

import io

import discord
from discord import app_commands
from discord.ext import commands

from bot.app import LeapBot
from bot.checks import caller_level, guild_id_of, require
from bot.permissions import Level
from bot.replies import defer, reply
from bot.services.hours import expenses
from bot.services.hours import money as pay
from bot.text import expenses as text
from bot.text import formatting
from cogs._options import RecordId
from cogs._setup_sections import SetupSection, ShowField
from storage.expenses import KINDS
from storage.guild_settings import GuildSettings

KIND_CHOICES = [app_commands.Choice(name=text.KIND_NAMES[k], value=k) for k in KINDS]


def _upload(attachment: discord.Attachment) -> expenses.ReceiptUpload:
    """What the service needs of an attached receipt: its name, type, size and bytes."""

    async def read() -> bytes:
        try:
            return await attachment.read()
        except discord.HTTPException as exc:
            raise OSError("The receipt could not be fetched from Discord.") from exc

    return expenses.ReceiptUpload(
        filename=attachment.filename,
        content_type=attachment.content_type,
        size=attachment.size,
        read=read,
    )


class Expenses(commands.GroupCog, group_name="expenses", group_description=text.GROUP):
    """Costs members paid to take part, paid back at cost, apart from fees."""

    def __init__(self, bot: LeapBot) -> None:
        self.bot = bot
        super().__init__()

    @app_commands.command(name="claim", description=text.CMD_CLAIM)
    @app_commands.describe(
        kind=text.OPT_KIND,
        amount=text.OPT_AMOUNT,
        date=text.OPT_DATE,
        note=text.OPT_NOTE,
        receipt=text.OPT_RECEIPT,
    )
    @app_commands.choices(kind=KIND_CHOICES)
    @require(Level.MEMBER)
    async def claim(
        self,
        interaction: discord.Interaction[LeapBot],
        kind: app_commands.Choice[str],
        amount: app_commands.Range[str, 1, 20],
        date: app_commands.Range[str, 1, 60] | None = None,
        note: app_commands.Range[str, 1, 500] | None = None,
        receipt: discord.Attachment | None = None,
    ) -> None:
        """Claim back a cost; it waits for a coordinator."""
        if receipt is not None:  # fetching the file may take a moment
            await defer(interaction)
        expense = await expenses.claim(
            self.bot.db,
            self.bot.clock,
            guild_id=guild_id_of(interaction),
            member_id=interaction.user.id,
            kind=kind.value,
            amount=amount,
            day=date,
            note=note,
            receipt=_upload(receipt) if receipt is not None else None,
            display_name=interaction.user.display_name,
        )
        message = text.CLAIM_SAVED.format(
            expense=expense.id,
            amount=pay.pounds(expense.amount_pence),
            kind=text.KIND_NAMES[expense.kind],
            day=formatting.day(expense.spent_on),
        )
        if expense.receipt_name:
            message += text.CLAIM_SAVED_RECEIPT.format(name=expense.receipt_name)
        else:
            message += text.CLAIM_SAVED_NO_RECEIPT
        await reply(interaction, message)

    @app_commands.command(name="receipt", description=text.CMD_RECEIPT)
    @app_commands.describe(expense=text.OPT_EXPENSE)
    @require(Level.MEMBER)
    async def receipt(self, interaction: discord.Interaction[LeapBot], expense: RecordId) -> None:
        """Show an expense's receipt to the member who claimed it, or to staff."""
        level = await caller_level(interaction)
        found, kept = await expenses.receipt(
            self.bot.db,
            guild_id=guild_id_of(interaction),
            expense_id=expense,
            viewer_id=interaction.user.id,
            is_staff=level >= Level.COORDINATOR,
        )
        await reply(
            interaction,
            text.RECEIPT_HERE.format(expense=found.id, name=kept.filename),
            file=discord.File(io.BytesIO(kept.content), filename=kept.filename),
        )


class ExpenseSettings(SetupSection):
    """/setup expenses: the most one expense claim may be."""

    @app_commands.command(name="expenses", description=text.CMD_SETUP)
    @app_commands.describe(cap=text.OPT_CAP)
    @require(Level.ADMIN)
    async def setup_expenses(
        self, interaction: discord.Interaction[LeapBot], cap: app_commands.Range[str, 1, 20]
    ) -> None:
        """Set or clear the per-claim cap on expenses."""
        pence = await expenses.set_cap(
            self.bot.db,
            self.bot.clock,
            guild_id=guild_id_of(interaction),
            actor_id=interaction.user.id,
            cap=cap,
        )
        await reply(
            interaction,
            text.CAP_SAVED.format(cap=pay.pounds(pence)) if pence else text.CAP_CLEARED,
        )

    async def show_fields(self, guild: discord.Guild, settings: GuildSettings) -> list[ShowField]:
        """The expense cap."""
        cap = settings.expense_cap_pence
        return [
            ShowField(
                text.SHOW_EXPENSES,
                text.SHOW_CAP.format(cap=pay.pounds(cap)) if cap else text.SHOW_NO_CAP,
            )
        ]


async def setup(bot: LeapBot) -> None:
    """Load the cog."""
    await bot.add_cog(Expenses(bot))
