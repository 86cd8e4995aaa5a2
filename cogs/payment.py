"""/payment preference, and the /setup rate and /setup payments settings for finance."""

from __future__ import annotations

from typing import Any

import discord
from discord import app_commands
from discord.ext import commands

from bot.app import LeapBot
from bot.checks import ensure_level, require
from bot.permissions import Level
from bot.replies import OPENS_FORM, reply
from bot.services.hours import money as pay
from bot.services.hours import payment_settings as payments
from bot.text import common as common_text
from bot.text import formatting
from bot.text import payment as text
from bot.ui.base import LeapModal
from bot.ui.rates import DYNAMIC_ITEMS as RATE_BUTTONS
from bot.ui.rates import rate_saved_message
from cogs._setup_sections import SetupSection, ShowField
from storage.guild_settings import GuildSettings
from storage.hours import ACTIVITIES, WaitingForRate
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

    async def cog_load(self) -> None:
        """Make the "Start it on <day>" button under /setup rate work after a restart."""
        self.bot.add_dynamic_items(*RATE_BUTTONS)

    async def cog_unload(self) -> None:
        """Stop handling that button."""
        self.bot.remove_dynamic_items(*RATE_BUTTONS)

    @app_commands.command(
        name="preference", description=text.CMD_PREFERENCE, extras={OPENS_FORM: True}
    )
    @require(Level.MEMBER)
    async def preference(self, interaction: discord.Interaction[LeapBot]) -> None:
        """Open the form, filled in with what is saved now."""
        if interaction.guild_id is None:
            raise app_commands.NoPrivateMessage()
        current = await payments.preference(self.bot.db, interaction.guild_id, interaction.user.id)
        await interaction.response.send_modal(PreferenceModal(current))


class PaymentSettings(SetupSection):
    """/setup rate and /setup payments: pay rates, the daily cap and the budget code."""

    @app_commands.command(name="rate", description=text.CMD_RATE)
    @app_commands.describe(
        activity=text.OPT_RATE_ACTIVITY,
        pounds_per_hour=text.OPT_RATE_POUNDS,
        from_date=text.OPT_RATE_FROM,
    )
    @app_commands.choices(activity=[app_commands.Choice(name=a, value=a) for a in ACTIVITIES])
    @require(Level.ADMIN)
    async def setup_rate(
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
        content, view = rate_saved_message(saved)
        await reply(interaction, content, view=view)

    @app_commands.command(name="payments", description=text.CMD_PAYMENTS)
    @app_commands.describe(
        daily_cap_hours=text.OPT_CAP,
        budget_code=text.OPT_BUDGET,
        channel=text.OPT_PAYMENTS_CHANNEL,
        benefits_note=text.OPT_BENEFITS_NOTE,
    )
    @require(Level.ADMIN)
    async def setup_payments(
        self,
        interaction: discord.Interaction[LeapBot],
        daily_cap_hours: app_commands.Range[str, 1, 10] | None = None,
        budget_code: app_commands.Range[str, 1, payments.MAX_BUDGET_CODE] | None = None,
        channel: discord.TextChannel | None = None,
        benefits_note: app_commands.Range[str, 1, 1000] | None = None,
    ) -> None:
        """Set the daily cap on paid hours, the budget code, the payments channel and the
        panel's note for members on benefits."""
        assert interaction.guild is not None
        settings = await payments.set_payments(
            self.bot.db,
            self.bot.clock,
            guild_id=interaction.guild.id,
            actor_id=interaction.user.id,
            daily_cap_hours=daily_cap_hours,
            budget_code=budget_code,
            channel_id=channel.id if channel is not None else None,
            benefits_note=benefits_note,
        )
        content = text.PAYMENTS_SAVED.format(**_payment_words(settings))
        if benefits_note is not None:
            content += text.BENEFITS_NOTE_SAVED.format(
                note=settings.benefits_note or text.BENEFITS_NOTE_NONE
            )
        await reply(interaction, content[:2000])

    async def show_fields(self, guild: discord.Guild, settings: GuildSettings) -> list[ShowField]:
        """Each activity's rate, the daily limit and the budget code."""
        rates = await payments.rate_table(self.bot.db, self.bot.clock, guild.id)
        fields = [ShowField(text.SHOW_RATES, _rate_lines(rates))]
        waiting = await payments.waiting_for_rates(self.bot.db, guild.id)
        if waiting:
            fields.append(ShowField(text.SHOW_WAITING, _waiting_lines(waiting)))
        fields.append(
            ShowField(
                text.SHOW_PAYMENTS,
                text.PAYMENTS_SAVED.format(**_payment_words(settings)).removeprefix("Saved. "),
            )
        )
        fields.append(
            ShowField(text.SHOW_BENEFITS_NOTE, settings.benefits_note or text.BENEFITS_NOTE_NONE)
        )
        return fields


def _payment_words(settings: GuildSettings) -> dict[str, str]:
    cap = settings.daily_cap_minutes
    return {
        "cap": text.CAP_HOURS.format(time=formatting.length(cap)) if cap else text.CAP_NONE,
        "code": settings.budget_code or common_text.NOT_SET,
        "channel": (
            f"<#{settings.payments_channel_id}>"
            if settings.payments_channel_id
            else common_text.NOT_SET
        ),
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
            line += text.SHOW_RATE_FROM.format(day=formatting.day(first.effective_from))
        for later in view.upcoming[0 if view.current else 1 :]:
            line += text.SHOW_RATE_NEXT.format(
                pounds=pay.pounds(later.pence_per_hour), day=formatting.day(later.effective_from)
            )
        lines.append(line)
    return "\n".join(lines)[:1024] or text.SHOW_NO_RATES


def _waiting_lines(waiting: list[WaitingForRate]) -> str:
    """Activities with pending entries but no rate, one line each, then what to do."""
    lines = []
    for item in waiting:
        lines.append(
            text.SHOW_WAITING_LINE.format(
                activity=item.activity.capitalize(),
                entries=formatting.count(item.entries, text.RATE_WAITING_ENTRIES),
                day=formatting.day(item.earliest),
            )
        )
    lines.append(text.SHOW_WAITING_HINT)
    return "\n".join(lines)[:1024]


async def setup(bot: LeapBot) -> None:
    """Load the cog."""
    await bot.add_cog(Payment(bot))
