"""/session: coordinators plan, start, end and call off panel sessions; anyone can look.

The rules live in bot/services/sessions.py; this cog reads options, makes the Discord
scheduled event and cards, and sends the session notices (reminders, thanks...) from the
outbox after each change is committed.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Iterable
from datetime import timedelta
from typing import Any
from zoneinfo import ZoneInfo

import discord
from discord import app_commands
from discord.ext import commands
from discord.utils import format_dt

from bot.app import LeapBot
from bot.checks import caller_level, member_level, require
from bot.errors import BadInput
from bot.permissions import Level
from bot.replies import defer, reply
from bot.services import panel_settings
from bot.services import session_reminders as reminders
from bot.services import sessions as service
from bot.services.register import AttendeeLine
from bot.text import common as common_text
from bot.text import sessions as text
from bot.ui.session_views import register_view, review_view
from storage import guild_settings
from storage import session_notices as notices
from storage.database import Conn
from storage.guild_settings import GuildSettings
from storage.sessions import Session
from storage.timers import Timer

log = logging.getLogger(__name__)

SessionChannel = discord.VoiceChannel | discord.StageChannel | discord.TextChannel
MessageChannels = (discord.TextChannel, discord.VoiceChannel, discord.StageChannel, discord.Thread)
MENTIONS_PER_MESSAGE = 40
SUMMARY_LINES = 30
USER_MENTIONS = discord.AllowedMentions(everyone=False, roles=False, users=True)


def minutes_words(minutes: int) -> str:
    """Plain words for a number of minutes: 90 -> '1 hour 30 minutes'."""
    return panel_settings.describe_offset(minutes)


def when_full(session: Session) -> str:
    """The planned start as a full Discord timestamp."""
    return format_dt(session.starts_at, "F")


def when_rel(session: Session) -> str:
    """The planned start as a relative Discord timestamp ("in 2 hours")."""
    return format_dt(session.starts_at, "R")


def session_card(session: Session) -> discord.Embed:
    """The card posted in the session channel when a session is planned."""
    embed = discord.Embed(title=text.CARD_TITLE.format(title=session.title))
    embed.add_field(
        name=text.CARD_WHEN,
        value=text.CARD_WHEN_VALUE.format(when_full=when_full(session), when_rel=when_rel(session)),
        inline=False,
    )
    embed.add_field(name=text.CARD_WHERE, value=f"<#{session.channel_id}>", inline=True)
    embed.add_field(name=text.CARD_LENGTH, value=minutes_words(session.length_minutes), inline=True)
    if session.prep_minutes:
        embed.add_field(name=text.CARD_PREP, value=minutes_words(session.prep_minutes), inline=True)
    if session.agenda:
        embed.add_field(name=text.CARD_AGENDA, value=session.agenda[:1024], inline=False)
    if session.content_note:
        embed.add_field(name=text.CARD_NOTE, value=session.content_note, inline=False)
    embed.set_footer(text=text.CARD_FOOTER)
    return embed


def start_card(session: Session, ground_rules: str | None) -> discord.Embed:
    """The card with the register buttons, posted when a session starts."""
    embed = discord.Embed(
        title=text.START_CARD_TITLE.format(title=session.title), description=text.START_CARD_BODY
    )
    if session.content_note:
        embed.add_field(name=text.CARD_NOTE, value=session.content_note, inline=False)
    if ground_rules:
        embed.add_field(name=text.START_CARD_RULES, value=ground_rules[:1024], inline=False)
    return embed


def _paid_words(meeting: int, prep: int) -> str:
    if prep:
        return text.ENDED_PAID_PREP.format(meeting=minutes_words(meeting), prep=minutes_words(prep))
    return text.ENDED_PAID.format(meeting=minutes_words(meeting))


def end_summary(result: service.Ended) -> discord.Embed:
    """The coordinator's private summary: who came, for how long, what will be paid."""
    session = result.session
    rule = text.ENDED_RULE.get(result.rule, text.ENDED_RULE["planned"])
    lines: list[str] = [rule.format(length=minutes_words(session.length_minutes)), ""]
    if not result.attendees:
        lines.append(text.ENDED_NOBODY)
    for line in result.attendees[:SUMMARY_LINES]:
        who = f"<@{line.member_id}>"
        present = minutes_words(line.present_minutes)
        if line.paid:
            paid = _paid_words(line.meeting_minutes, line.prep_minutes)
            lines.append(text.ENDED_LINE.format(who=who, present=present, paid=paid))
        else:
            lines.append(text.ENDED_LINE_UNPAID.format(who=who, present=present))
    if len(result.attendees) > SUMMARY_LINES:
        lines.append(text.ENDED_MORE.format(count=len(result.attendees) - SUMMARY_LINES))
    if any(line.paid for line in result.attendees):
        lines += ["", text.ENDED_PENDING]
    return discord.Embed(
        title=text.ENDED_TITLE.format(title=session.title), description="\n".join(lines)[:4000]
    )


def register_lines(attendees: Iterable[AttendeeLine]) -> str:
    """The register as plain lines for /session info."""
    lines = []
    for line in attendees:
        template = text.INFO_LINE_NOW if line.here_now else text.INFO_LINE
        lines.append(
            template.format(who=f"<@{line.member_id}>", present=minutes_words(line.present_minutes))
        )
    return "\n".join(lines)[:1024] or text.INFO_REGISTER_EMPTY


def unpaid_ids(guild: discord.Guild | None, settings: GuildSettings) -> set[int]:
    """People who run sessions (coordinators and admins): listed in the register, not paid."""
    if guild is None:
        return set()
    return {
        m.id for m in guild.members if not m.bot and member_level(m, settings) >= Level.COORDINATOR
    }


class Sessions(
    commands.GroupCog, group_name="session", group_description="Plan and run panel sessions"
):
    """Panel sessions: plan, start, end, call off, list and look up."""

    def __init__(self, bot: LeapBot) -> None:
        self.bot = bot
        self._send_lock = asyncio.Lock()
        super().__init__()

    # --- lifetimes ----------------------------------------------------------------------

    async def cog_load(self) -> None:
        """Say what to do when session timers fire."""
        self.bot.timers.register(
            reminders.KIND_REMINDER, apply=self._apply_reminder, deliver=self._deliver
        )
        self.bot.timers.register(
            reminders.KIND_AUTO_END, apply=self._apply_auto_end, deliver=self._deliver_auto_end
        )

    async def cog_unload(self) -> None:
        """Forget the timer handlers."""
        for kind in reminders.SESSION_TIMER_KINDS:
            self.bot.timers.unregister(kind)

    @commands.Cog.listener()
    async def on_ready(self) -> None:
        """After (re)connecting: send any notices that were waiting."""
        await self.send_notices()

    # --- timers -------------------------------------------------------------------------

    async def _apply_reminder(self, conn: Conn, timer: Timer, late: bool) -> int | None:
        return await reminders.apply_reminder(conn, timer, late, now=self.bot.clock.now())

    async def _deliver(self, timer: Timer, late: bool, result: Any) -> None:
        await self.send_notices()

    async def _apply_auto_end(self, conn: Conn, timer: Timer, late: bool) -> service.Ended | None:
        guild_id = timer.guild_id or 0
        settings = await guild_settings.get(conn, guild_id)
        guild = self.bot.get_guild(guild_id) if self.bot.is_ready() else None
        unpaid = unpaid_ids(guild, settings) if guild is not None else None
        return await service.apply_auto_end(
            conn,
            int(timer.payload["session_id"]),
            unpaid=unpaid,
            now=self.bot.clock.now(),
            late=late,
        )

    async def _deliver_auto_end(self, timer: Timer, late: bool, result: Any) -> None:
        if isinstance(result, service.Ended):
            await self._after_end(result.session)
        await self.send_notices()

    # --- notices ------------------------------------------------------------------------

    def _members_of(self, guild_id: int, role_id: int | None) -> list[int] | None:
        guild = self.bot.get_guild(guild_id)
        role = guild.get_role(role_id) if guild is not None and role_id is not None else None
        if role is None:
            return None
        return sorted(m.id for m in role.members if not m.bot)

    async def send_notices(self) -> None:
        """Send every pending session notice: DMs first, the channel for closed DMs."""
        if not self.bot.is_ready():
            return  # on_ready sends them once the member lists are known
        async with self._send_lock:
            await reminders.expand(self.bot.db, self.bot.clock, self._members_of)
            ready = await reminders.outgoing(self.bot.db, self.bot.clock)
            groups: dict[tuple[int, str, int], list[reminders.Outgoing]] = {}
            for item in ready:
                key = (item.session.id, item.notice.kind, item.notice.offset_minutes)
                groups.setdefault(key, []).append(item)
            for items in groups.values():
                await self._send_group(items)

    def _notice_text(self, item: reminders.Outgoing, *, in_channel: bool) -> str:
        notice, session = item.notice, item.session
        fields = {
            "title": session.title,
            "when_full": when_full(session),
            "when_rel": when_rel(session),
            "length": minutes_words(session.length_minutes),
            "where": f"<#{session.channel_id}>",
        }
        if notice.kind == notices.REMINDER:
            body = (text.REMINDER_CHANNEL if in_channel else text.REMINDER_DM).format(**fields)
            if session.content_note:
                body += "\n" + text.REMINDER_NOTE.format(note=session.content_note)
            if notice.detail.get("late"):
                body = f"{common_text.LATE_APOLOGY}\n{body}"
            return body
        if notice.kind == notices.CANCELLED:
            body = (text.CANCELLED_CHANNEL if in_channel else text.CANCELLED_DM).format(**fields)
            reason = notice.detail.get("reason")
            if reason:
                body += "\n" + text.CANCELLED_REASON.format(reason=reason)
            return body
        if notice.kind == notices.THANKS:
            paid = _paid_words(
                int(notice.detail.get("meeting", 0)), int(notice.detail.get("prep", 0))
            )
            return text.THANKS_DM.format(title=session.title, paid=paid)
        return text.AUTO_ENDED_NOTE.format(title=session.title)

    async def _dm(self, member_id: int, content: str) -> str:
        """Send a DM; return 'dm', 'closed' (403) or 'gone' (no such user / other failure)."""
        user = self.bot.get_user(member_id)
        try:
            if user is None:
                user = await self.bot.fetch_user(member_id)
            await user.send(content)
        except discord.Forbidden:
            return "closed"
        except discord.NotFound:
            return "gone"
        except discord.HTTPException:
            log.warning("Could not DM %s about a session", member_id, exc_info=True)
            return "retry"
        return "dm"

    async def _post(self, channel_id: int, content: str, *, mention: bool = False) -> bool:
        channel = self.bot.get_channel(channel_id)
        if not isinstance(channel, discord.abc.Messageable):
            return False
        try:
            await channel.send(
                content,
                allowed_mentions=USER_MENTIONS if mention else discord.AllowedMentions.none(),
            )
        except discord.HTTPException:
            log.info("Could not post a session notice in channel %s", channel_id)
            return False
        return True

    async def _send_group(self, items: list[reminders.Outgoing]) -> None:
        session = items[0].session
        kind = items[0].notice.kind
        panel = [i for i in items if i.notice.member_id == notices.PANEL]
        closed: list[reminders.Outgoing] = []
        for item in items:
            if item.notice.member_id == notices.PANEL:
                continue
            outcome = await self._dm(
                item.notice.member_id, self._notice_text(item, in_channel=False)
            )
            if outcome == "retry":
                continue
            if outcome == "closed" and kind != notices.THANKS:
                closed.append(item)  # thanks show hours: never posted in public
                continue
            via = "dm" if outcome == "dm" else "none"
            await reminders.mark_sent(self.bot.db, self.bot.clock, [item.notice.id], via=via)
        for item in panel:
            posted = await self._post(session.channel_id, self._notice_text(item, in_channel=True))
            await reminders.mark_sent(
                self.bot.db, self.bot.clock, [item.notice.id], via="channel" if posted else "none"
            )
        for start in range(0, len(closed), MENTIONS_PER_MESSAGE):
            chunk = closed[start : start + MENTIONS_PER_MESSAGE]
            mentions = " ".join(f"<@{i.notice.member_id}>" for i in chunk)
            content = (
                text.DMS_CLOSED.format(mentions=mentions)
                + "\n"
                + self._notice_text(chunk[0], in_channel=True)
            )
            posted = await self._post(session.channel_id, content, mention=True)
            await reminders.mark_sent(
                self.bot.db,
                self.bot.clock,
                [i.notice.id for i in chunk],
                via="channel" if posted else "none",
            )

    # --- Discord side effects -----------------------------------------------------------

    async def _event(self, session: Session) -> discord.ScheduledEvent | None:
        guild = self.bot.get_guild(session.guild_id)
        if guild is None or session.event_id is None:
            return None
        try:
            return await guild.fetch_scheduled_event(session.event_id)
        except discord.HTTPException:
            return None

    async def _set_event_status(self, session: Session, status: str) -> None:
        """Start, end or cancel the session's scheduled event; failures are only logged."""
        event = await self._event(session)
        if event is None:
            return
        try:
            if status == "active" and event.status is discord.EventStatus.scheduled:
                await event.start()
            elif status == "completed" and event.status is discord.EventStatus.active:
                await event.end()
            elif status == "cancelled" and event.status is discord.EventStatus.scheduled:
                await event.cancel()
        except discord.HTTPException:
            log.info("Could not change the event of session %s to %s", session.id, status)

    async def _after_end(self, session: Session) -> None:
        """Close the event and take the buttons off the start card."""
        await self._set_event_status(session, "completed")
        channel = self.bot.get_channel(session.channel_id)
        if session.start_message_id is not None and isinstance(channel, MessageChannels):
            try:
                await channel.get_partial_message(session.start_message_id).edit(
                    content=text.CLOSED, view=None
                )
            except discord.HTTPException:
                pass

    async def _make_event(
        self, guild: discord.Guild, session: Session, channel: SessionChannel
    ) -> str:
        """Create the Discord scheduled event; return a note for the coordinator."""
        common: dict[str, Any] = {
            "name": session.title,
            "start_time": session.starts_at,
            "privacy_level": discord.PrivacyLevel.guild_only,
            "description": (
                session.agenda
                or text.EVENT_DESCRIPTION.format(length=minutes_words(session.length_minutes))
            )[:1000],
        }
        try:
            if isinstance(channel, discord.StageChannel):
                event = await guild.create_scheduled_event(
                    entity_type=discord.EntityType.stage_instance, channel=channel, **common
                )
            elif isinstance(channel, discord.VoiceChannel):
                event = await guild.create_scheduled_event(
                    entity_type=discord.EntityType.voice, channel=channel, **common
                )
            else:
                event = await guild.create_scheduled_event(
                    entity_type=discord.EntityType.external,
                    location=text.EVENT_TEXT_PLACE.format(channel=channel.name)[:100],
                    end_time=session.starts_at + timedelta(minutes=session.length_minutes),
                    **common,
                )
        except discord.Forbidden:
            return text.EVENT_FORBIDDEN
        except discord.HTTPException:
            log.warning("Could not make the event for session %s", session.id, exc_info=True)
            return text.EVENT_FAILED
        await service.attach(self.bot.db, session.id, event_id=event.id)
        return text.EVENT_MADE

    # --- autocomplete -------------------------------------------------------------------

    async def _choices(
        self, interaction: discord.Interaction[Any], current: str, *, include_past: bool = False
    ) -> list[app_commands.Choice[str]]:
        if interaction.guild_id is None:
            return []
        found = await service.choices(
            self.bot.db, guild_id=interaction.guild_id, typed=current, include_past=include_past
        )
        settings = await panel_settings.get(self.bot.db, interaction.guild_id)
        zone = ZoneInfo(settings.timezone)
        choices = []
        for session in found[:25]:
            when = session.starts_at.astimezone(zone).strftime("%a %d %b %Y %H:%M")
            label = text.CHOICE_LABEL.format(title=session.title[:60], when=when)
            choices.append(app_commands.Choice(name=label[:100], value=str(session.id)))
        return choices

    async def upcoming_choices(
        self, interaction: discord.Interaction[Any], current: str
    ) -> list[app_commands.Choice[str]]:
        """Live and upcoming sessions of this panel, as the person types."""
        return await self._choices(interaction, current)

    async def any_choices(
        self, interaction: discord.Interaction[Any], current: str
    ) -> list[app_commands.Choice[str]]:
        """Live, upcoming and recent sessions, as the person types."""
        return await self._choices(interaction, current, include_past=True)

    # --- commands -----------------------------------------------------------------------

    @app_commands.command(name="schedule", description="Plan a panel session")
    @app_commands.describe(
        title="A short name for the session",
        when="When it starts, for example tomorrow 2pm or 2026-12-01 14:00",
        length="How long it lasts, in minutes",
        channel="The voice, stage or text channel it happens in",
        prep="Paid preparation time for each member, in minutes",
        agenda="What the session will cover",
        content_note="A warning about hard topics, if any",
    )
    @app_commands.guild_only()
    @require(Level.COORDINATOR)
    async def schedule(
        self,
        interaction: discord.Interaction[LeapBot],
        title: app_commands.Range[str, 1, service.TITLE_MAX],
        when: str,
        length: app_commands.Range[int, service.LENGTH_MIN, service.LENGTH_MAX],
        channel: SessionChannel,
        prep: app_commands.Range[int, 0, service.PREP_MAX] = 0,
        agenda: app_commands.Range[str, 1, service.AGENDA_MAX] | None = None,
        content_note: app_commands.Range[str, 1, service.NOTE_MAX] | None = None,
    ) -> None:
        """Plan a session, make its server event and post its card."""
        guild = interaction.guild
        assert guild is not None
        planned = await service.schedule(
            self.bot.db,
            self.bot.timers,
            self.bot.clock,
            guild_id=guild.id,
            actor_id=interaction.user.id,
            title=title,
            when=when,
            length=length,
            channel_id=channel.id,
            prep=prep,
            agenda=agenda,
            content_note=content_note,
        )
        await defer(interaction)
        session = planned.session
        notes = [await self._make_event(guild, session, channel)]
        try:
            card = await channel.send(embed=session_card(session))
        except discord.HTTPException:
            notes.append(text.CARD_FAILED.format(channel=channel.mention))
        else:
            await service.attach(
                self.bot.db, session.id, card_channel_id=channel.id, card_message_id=card.id
            )
        due = tuple(int(t.payload["offset"]) for t in planned.timers if "offset" in t.payload)
        summary = text.SCHEDULED.format(
            title=session.title,
            when_full=when_full(session),
            when_rel=when_rel(session),
            length=minutes_words(session.length_minutes),
        )
        heard = (
            text.SCHEDULED_REMINDERS.format(reminders=panel_settings.describe_offsets(due))
            if due
            else text.SCHEDULED_NO_REMINDERS
        )
        notes.insert(0, heard)
        await reply(interaction, "\n".join([summary, *notes]))

    @app_commands.command(name="start", description="Start a session and keep the register")
    @app_commands.describe(session="The session to start (default: the next one here)")
    @app_commands.autocomplete(session=upcoming_choices)
    @app_commands.guild_only()
    @require(Level.COORDINATOR)
    async def start(
        self, interaction: discord.Interaction[LeapBot], session: str | None = None
    ) -> None:
        """Start a session: the register counts voice presence and the buttons from now."""
        guild = interaction.guild
        assert guild is not None
        chosen = await service.pick_to_start(
            self.bot.db,
            self.bot.clock,
            guild_id=guild.id,
            session_id=service.parse_session_id(session),
            channel_id=interaction.channel_id,
        )
        channel = guild.get_channel(chosen.channel_id)
        present: list[int] = []
        if isinstance(channel, discord.VoiceChannel | discord.StageChannel):
            present = [
                uid
                for uid in channel.voice_states
                if (m := guild.get_member(uid)) is None or not m.bot
            ]
        started = await service.start(
            self.bot.db,
            self.bot.timers,
            self.bot.clock,
            guild_id=guild.id,
            session_id=chosen.id,
            actor_id=interaction.user.id,
            present=present,
        )
        await defer(interaction)
        live = started.session
        lines = [text.STARTED.format(title=live.title)]
        if started.present:
            lines.append(text.STARTED_PRESENT.format(count=len(started.present)))
        card = start_card(live, started.ground_rules)
        message: discord.Message | None = None
        if isinstance(channel, discord.abc.Messageable):
            try:
                message = await channel.send(embed=card, view=register_view(live.id))
            except discord.HTTPException:
                message = None
        if message is None:
            lines.append(text.START_CARD_FAILED)
        else:
            await service.attach(self.bot.db, live.id, start_message_id=message.id)
        await self._set_event_status(live, "active")
        await reply(interaction, "\n".join(lines))

    @app_commands.command(name="end", description="End a session and save everyone's hours")
    @app_commands.describe(session="The session to end (default: the one running here)")
    @app_commands.autocomplete(session=upcoming_choices)
    @app_commands.guild_only()
    @require(Level.COORDINATOR)
    async def end(
        self, interaction: discord.Interaction[LeapBot], session: str | None = None
    ) -> None:
        """End a session: close the register, write hours, thank everyone."""
        guild = interaction.guild
        assert guild is not None
        await defer(interaction)
        chosen = await service.pick_to_end(
            self.bot.db,
            guild_id=guild.id,
            session_id=service.parse_session_id(session),
            channel_id=interaction.channel_id,
        )
        settings = await panel_settings.get(self.bot.db, guild.id)
        result = await service.end(
            self.bot.db,
            self.bot.timers,
            self.bot.clock,
            guild_id=guild.id,
            session_id=chosen.id,
            actor_id=interaction.user.id,
            unpaid=unpaid_ids(guild, settings),
        )
        await self._after_end(result.session)
        await self.send_notices()
        view = review_view(result.session.id) if result.entries_written else None
        await reply(interaction, embed=end_summary(result), view=view)

    @app_commands.command(name="cancel", description="Call off a planned session")
    @app_commands.describe(
        session="The session to call off", reason="Why, in a few words (members will see it)"
    )
    @app_commands.autocomplete(session=upcoming_choices)
    @app_commands.guild_only()
    @require(Level.COORDINATOR)
    async def cancel(
        self,
        interaction: discord.Interaction[LeapBot],
        session: str,
        reason: app_commands.Range[str, 1, service.REASON_MAX] | None = None,
    ) -> None:
        """Call off a session: cancel its event and reminders, tell the members."""
        guild = interaction.guild
        assert guild is not None
        session_id = service.parse_session_id(session)
        if session_id is None:
            raise BadInput(text.SESSION_OPTION_BAD)
        cancelled = await service.cancel(
            self.bot.db,
            self.bot.timers,
            self.bot.clock,
            guild_id=guild.id,
            session_id=session_id,
            actor_id=interaction.user.id,
            reason=reason,
        )
        await defer(interaction)
        await self._set_event_status(cancelled, "cancelled")
        await self.send_notices()
        await reply(interaction, text.CANCELLED_REPLY.format(title=cancelled.title))

    @app_commands.command(name="list", description="See upcoming and recent sessions")
    @app_commands.guild_only()
    async def list_(self, interaction: discord.Interaction[LeapBot]) -> None:
        """List live, upcoming and recent sessions."""
        assert interaction.guild_id is not None
        found = await service.overview(self.bot.db, interaction.guild_id)
        embed = discord.Embed(title=text.LIST_TITLE)

        def lines(sessions: Iterable[Session]) -> str:
            out = []
            for s in sessions:
                if s.status == "cancelled":
                    out.append(
                        text.LIST_LINE_CANCELLED.format(title=s.title, when_full=when_full(s))
                    )
                else:
                    out.append(
                        text.LIST_LINE.format(
                            title=s.title,
                            when_full=when_full(s),
                            when_rel=when_rel(s),
                            length=minutes_words(s.length_minutes),
                        )
                    )
            return "\n".join(out)[:1024]

        for name, group in (
            (text.LIST_LIVE, found.live),
            (text.LIST_UPCOMING, found.upcoming[:10]),
            (text.LIST_RECENT, found.recent),
        ):
            if group:
                embed.add_field(name=name, value=lines(group), inline=False)
        if not embed.fields:
            embed.description = text.LIST_NONE
        await reply(interaction, embed=embed)

    @app_commands.command(name="info", description="See one session's details")
    @app_commands.describe(session="The session to look at")
    @app_commands.autocomplete(session=any_choices)
    @app_commands.guild_only()
    async def info(self, interaction: discord.Interaction[LeapBot], session: str) -> None:
        """Show a session; coordinators also see its register."""
        assert interaction.guild_id is not None
        session_id = service.parse_session_id(session)
        if session_id is None:
            raise BadInput(text.SESSION_OPTION_BAD)
        found = await service.details(
            self.bot.db, self.bot.clock, guild_id=interaction.guild_id, session_id=session_id
        )
        embed = session_card(found.session)
        embed.add_field(
            name=text.INFO_STATUS,
            value=text.STATUS_NAMES.get(found.session.status, found.session.status),
            inline=False,
        )
        if found.session.cancel_reason:
            embed.add_field(name=text.INFO_REASON, value=found.session.cancel_reason, inline=False)
        if (
            found.session.started_at is not None
            and await caller_level(interaction) >= Level.COORDINATOR
        ):
            embed.add_field(
                name=text.INFO_REGISTER, value=register_lines(found.attendees), inline=False
            )
        await reply(interaction, embed=embed)


async def setup(bot: LeapBot) -> None:
    """Load the cog; /session schedule, start, end and cancel check the coordinator role."""
    await bot.add_cog(Sessions(bot))
