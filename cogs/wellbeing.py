"""/break, /support and /groundrules: step away, ask for help, agree how we work together."""

from __future__ import annotations

import logging
from typing import Any

import discord
from discord import app_commands
from discord.ext import commands

from bot.app import LeapBot
from bot.checks import ensure_level, guild_id_of, require, role_holders
from bot.notifier import NoticeKind, Rendered
from bot.permissions import Level
from bot.privacy import anonymous
from bot.replies import OPENS_FORM, reply
from bot.services import panel_settings
from bot.services.wellbeing import breaks, ground_rules, retention, support
from bot.services.wellbeing import settings as wellbeing_settings
from bot.text import wellbeing as text
from bot.ui import consent as consent_question
from bot.ui.base import IdButton, LeapModal, LeapView
from cogs._setup_sections import SetupSection, ShowField
from storage.database import Conn
from storage.guild_settings import GuildSettings
from storage.notices import Notice
from storage.timers import Timer

log = logging.getLogger(__name__)

MESSAGE_LIMIT = 2000  # characters in one Discord message


def quoted(title: str, words: str) -> discord.Embed:
    """A member's or the panel's own words, shown whole (an embed holds up to 4,096
    characters; a message only 2,000)."""
    return discord.Embed(title=title, description=words)


# How long a member's /support waits for the first try of the coordinators' DMs before it
# stops watching (the DMs go on being tried; only the "nobody reached" note depends on it).
FIRST_TRY_WAIT = 5.0


class SupportView(LeapView):
    """Send to coordinators / Don't send. The message lives only here until confirmed."""

    def __init__(self, owner_id: int, message: str | None) -> None:
        super().__init__(owner_id=owner_id, timeout=600)
        self.text = message

    @discord.ui.button(label=text.SUPPORT_SEND, style=discord.ButtonStyle.primary)
    async def send(self, interaction: discord.Interaction[Any], _: discord.ui.Button[Any]) -> None:
        """Store the request and queue a DM to each coordinator, then show the signposting.

        The member hears that nobody could be reached when there is no coordinator, when
        every coordinator's DMs are known to be closed, or when the first try found them all
        closed; a DM waiting for Discord to come back is still on its way."""
        bot: LeapBot = interaction.client
        guild = interaction.guild
        if guild is None:
            raise app_commands.NoPrivateMessage()
        self.stop()
        sent = await support.send_support(
            bot.db,
            bot.clock,
            guild_id=guild.id,
            member_id=interaction.user.id,
            message=self.text,
            coordinators=lambda role_id: role_holders(guild, role_id),
        )
        await reply(interaction, text.SUPPORT_SENT, edit=True, view=None)
        follow = [text.SUPPORT_HELP_HEADER, sent.signposting]
        if sent.reachable == 0:
            follow.insert(0, text.SUPPORT_NO_COORDINATORS)
        await interaction.followup.send("\n".join(follow), ephemeral=True)
        if sent.reachable == 0:
            return
        await bot.notifier.wait_idle(within=FIRST_TRY_WAIT)
        if (await support.delivery(bot.db, sent.request_id)).nobody:
            await interaction.followup.send(text.SUPPORT_NO_COORDINATORS, ephemeral=True)

    @discord.ui.button(label=text.SUPPORT_DONT, style=discord.ButtonStyle.secondary)
    async def dont(self, interaction: discord.Interaction[Any], _: discord.ui.Button[Any]) -> None:
        """Send nothing and keep nothing; still show where to find help."""
        self.text = None
        self.stop()
        bot: LeapBot = interaction.client
        help_lines = await support.signposting(bot.db, guild_id_of(interaction))
        words = "\n".join([text.SUPPORT_NOT_SENT, "", text.SUPPORT_HELP_HEADER, help_lines])
        await reply(interaction, words, edit=True, view=None)


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


def years_words(years: int) -> str:
    """'1 year', '2 years'."""
    return text.YEARS.get(years, text.YEARS_MANY.format(n=years))


async def save_rules_and_reply(
    interaction: discord.Interaction[Any], bot: LeapBot, rules: str
) -> None:
    """Save new ground rules and tell the coordinator how easy they are to read."""
    assert interaction.guild_id is not None
    saved = await ground_rules.set_rules(
        bot.db, bot.clock, guild_id=interaction.guild_id, actor_id=interaction.user.id, rules=rules
    )
    lines = [
        text.GROUNDRULES_SAVED,
        text.GROUNDRULES_SCORE.format(score=saved.score, threshold=saved.threshold),
    ]
    if saved.hard:
        lines.append(text.GROUNDRULES_HARD)
    await reply(interaction, "\n".join(lines))


class GroundRulesModal(LeapModal):
    """A form for ground rules too long to type in one line."""

    def __init__(self, current: str | None) -> None:
        super().__init__(title=text.GROUNDRULES_FORM_TITLE[:45], custom_id="leap:groundrules:form")
        self.rules: discord.ui.TextInput[Any] = discord.ui.TextInput(
            label=text.GROUNDRULES_FORM_LABEL[:45],
            style=discord.TextStyle.paragraph,
            max_length=ground_rules.MAX_RULES,
            default=current,
        )
        self.add_item(self.rules)

    async def on_submit(self, interaction: discord.Interaction[Any]) -> None:
        """Save the rules."""
        await ensure_level(interaction, Level.COORDINATOR)
        await save_rules_and_reply(interaction, interaction.client, self.rules.value)


class WellbeingSettings(SetupSection):
    """/setup groundrules, support, staff and retention, in the /setup group."""

    @app_commands.command(
        name="groundrules", description=text.CMD_SETUP_GROUNDRULES, extras={OPENS_FORM: "text"}
    )
    @app_commands.describe(text_=text.OPT_GROUNDRULES_TEXT)
    @app_commands.rename(text_="text")
    @require(Level.COORDINATOR)
    async def setup_wellbeing_groundrules(
        self,
        interaction: discord.Interaction[LeapBot],
        text_: app_commands.Range[str, 1, 4000] | None = None,
    ) -> None:
        """Write the ground rules, or open a form for them."""
        if text_ is None:
            current = await ground_rules.current(self.bot.db, guild_id_of(interaction))
            await interaction.response.send_modal(GroundRulesModal(current))
            return
        await save_rules_and_reply(interaction, self.bot, text_)

    @app_commands.command(name="support", description=text.CMD_SETUP_SUPPORT)
    @app_commands.describe(text_=text.OPT_SUPPORT_TEXT)
    @app_commands.rename(text_="text")
    @require(Level.COORDINATOR)
    async def setup_wellbeing_support(
        self, interaction: discord.Interaction[LeapBot], text_: app_commands.Range[str, 1, 1000]
    ) -> None:
        """Set the help lines shown after /support."""
        settings = await wellbeing_settings.set_support_text(
            self.bot.db,
            self.bot.clock,
            guild_id=guild_id_of(interaction),
            actor_id=interaction.user.id,
            value=text_,
        )
        shown = support.signposting_of(settings)
        await reply(interaction, text.SUPPORT_TEXT_SAVED.format(text=shown))

    @app_commands.command(name="staff", description=text.CMD_SETUP_STAFF)
    @app_commands.describe(channel=text.OPT_STAFF_CHANNEL)
    @require(Level.COORDINATOR)
    async def setup_wellbeing_staff(
        self, interaction: discord.Interaction[LeapBot], channel: discord.TextChannel | None = None
    ) -> None:
        """Choose where break notices go."""
        await wellbeing_settings.set_staff_channel(
            self.bot.db,
            self.bot.clock,
            guild_id=guild_id_of(interaction),
            actor_id=interaction.user.id,
            channel_id=channel.id if channel else None,
        )
        await reply(
            interaction,
            text.STAFF_SAVED.format(channel=channel.mention) if channel else text.STAFF_CLEARED,
        )

    @app_commands.command(name="retention", description=text.CMD_SETUP_RETENTION)
    @app_commands.describe(years=text.OPT_RETENTION_YEARS)
    @require(Level.COORDINATOR)
    async def setup_wellbeing_retention(
        self, interaction: discord.Interaction[LeapBot], years: app_commands.Range[int, 1, 10]
    ) -> None:
        """Choose how long anonymous records are kept."""
        settings = await wellbeing_settings.set_retention(
            self.bot.db,
            self.bot.clock,
            guild_id=guild_id_of(interaction),
            actor_id=interaction.user.id,
            years=years,
        )
        await reply(
            interaction, text.RETENTION_SAVED.format(years=years_words(settings.retention_years))
        )

    async def show_fields(self, guild: discord.Guild, settings: GuildSettings) -> list[ShowField]:
        """Ground rules, support text, staff channel and retention."""
        rules = (
            text.SHOW_GROUNDRULES_SET.format(characters=len(settings.ground_rules))
            if settings.ground_rules
            else text.GROUNDRULES_NONE
        )
        support_text = settings.support_text or f"{text.DEFAULT_SIGNPOSTING}\n{text.SHOW_DEFAULT}"
        channel = guild.get_channel(settings.staff_channel_id or 0)
        return [
            ShowField(text.SHOW_GROUNDRULES, rules),
            ShowField(text.SHOW_SUPPORT, support_text),
            ShowField(text.SHOW_STAFF, channel.mention if channel else text.SHOW_STAFF_DM),
            ShowField(text.SHOW_RETENTION, years_words(settings.retention_years)),
        ]


class Wellbeing(commands.Cog):
    """Breaks, support and ground rules."""

    def __init__(self, bot: LeapBot) -> None:
        self.bot = bot

    async def cog_load(self) -> None:
        """Break notices go through the outbox; the daily retention purge runs from a stored
        timer (the timer service starts later)."""
        self.bot.notifier.register(
            breaks.KIND_BREAK,
            # A coordinator with closed DMs sees the count of breaks in /session info.
            NoticeKind(render=self._render_break, label=text.BREAK_LABEL, check="/session info"),
        )
        self.bot.notifier.register(
            support.KIND_SUPPORT,
            NoticeKind(render=self._render_support, label=text.SUPPORT_LABEL, dm_only=True),
        )
        self.bot.timers.register(retention.KIND, apply=self._apply_purge, deliver=self._reschedule)
        await retention.start(self.bot.db, self.bot.timers, self.bot.clock)

    async def cog_unload(self) -> None:
        """Forget the timer handler and the notice kind."""
        self.bot.timers.unregister(retention.KIND)
        self.bot.notifier.unregister(breaks.KIND_BREAK)
        self.bot.notifier.unregister(support.KIND_SUPPORT)

    async def _render_break(self, notice: Notice) -> Rendered:
        """The coordinators' break notice: private, names nobody."""
        session = notice.payload.get("session")
        content = (
            text.BREAK_NOTICE.format(session=session) if session else text.BREAK_NOTICE_NO_SESSION
        )
        return Rendered(content=content)

    async def _render_support(self, notice: Notice) -> Rendered | None:
        """A coordinator's DM about a support request, made from the stored request (None,
        so nothing is sent, once the member erased it). Private: never shown in a channel."""
        request = await support.request(self.bot.db, notice.subject_id)
        if request is None:
            return None
        guild = self.bot.get_guild(request.guild_id)
        head = text.SUPPORT_DM.format(
            name=await self._name_of(guild, request.member_id),
            panel=guild.name if guild is not None else text.SUPPORT_DM_SOME_PANEL,
        )
        if not request.message:
            return Rendered(content=f"{head}\n{text.SUPPORT_DM_NO_MESSAGE}")
        whole = f"{head}\n{text.SUPPORT_DM_MESSAGE.format(message=request.message)}"
        if len(whole) <= MESSAGE_LIMIT:
            return Rendered(content=whole)
        # A long message does not fit beside the heading: it goes whole in an embed below.
        return Rendered(
            content=f"{head}\n{text.SUPPORT_DM_MESSAGE_BELOW}",
            embed=quoted(text.SUPPORT_DM_MESSAGE_TITLE, request.message),
        )

    async def _name_of(self, guild: discord.Guild | None, member_id: int) -> str:
        """The member's name as the panel shows it now (a mention if Discord cannot say)."""
        member = guild.get_member(member_id) if guild is not None else None
        if member is not None:
            return member.display_name
        try:
            user = self.bot.get_user(member_id) or await self.bot.fetch_user(member_id)
        except discord.HTTPException:
            return f"<@{member_id}>"
        return user.display_name

    async def _apply_purge(self, conn: Conn, timer: Timer, late: bool) -> Timer:
        return await retention.apply_purge(conn, self.bot.timers, self.bot.clock.now())

    async def _reschedule(self, timer: Timer, late: bool, following: Timer) -> None:
        self.bot.timers.schedule(following)

    @app_commands.command(name="break", description=text.CMD_BREAK)
    @require(Level.MEMBER, consent_first=False)
    @anonymous
    async def break_(self, interaction: discord.Interaction[LeapBot]) -> None:
        """Ask for a short break, anonymously."""
        guild_id = guild_id_of(interaction)
        guild = interaction.guild
        settings = await panel_settings.get(self.bot.db, guild_id)
        await breaks.ask_for_break(
            self.bot.db,
            self.bot.clock,
            self.bot.anon_secret,
            guild_id=guild_id,
            user_id=interaction.user.id,
            coordinator_ids=role_holders(guild, settings.coordinator_role_id),
        )
        await reply(interaction, text.BREAK_REPLY)

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
        await reply(
            interaction,
            text.SUPPORT_CONFIRM if cleaned else text.SUPPORT_CONFIRM_NO_MESSAGE,
            embed=quoted(text.SUPPORT_CONFIRM_QUOTE, cleaned) if cleaned else None,
            view=SupportView(interaction.user.id, cleaned),
        )

    @app_commands.command(name="groundrules", description=text.CMD_GROUNDRULES)
    async def groundrules(self, interaction: discord.Interaction[LeapBot]) -> None:
        """Show the ground rules with an "I agree" button (or, once agreed, say so)."""
        guild_id = guild_id_of(interaction)
        rules = await ground_rules.current(self.bot.db, guild_id)
        if rules is None:
            await reply(interaction, text.GROUNDRULES_NONE)
            return
        shown = quoted(text.GROUNDRULES_HEADER, rules)
        if not await ground_rules.not_agreed(self.bot.db, guild_id, [interaction.user.id]):
            await reply(interaction, text.GROUNDRULES_ALREADY, embed=shown)
            return
        view = LeapView(timeout=None)
        view.add_item(AgreeButton(guild_id))
        await reply(interaction, embed=shown, view=view)


async def setup(bot: LeapBot) -> None:
    """Load the cog, its persistent button and the consent question every command may ask."""
    consent_question.install()
    bot.add_dynamic_items(AgreeButton)
    await bot.add_cog(Wellbeing(bot))
