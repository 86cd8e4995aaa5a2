"""/session: coordinators plan, start, end and call off panel sessions; anyone can look.

The rules live in bot/services/sessions/; cards and words in bot/ui/session_cards.py;
the scheduled event and start card are handled by SessionMessenger
(cogs/_session_discord.py), called after each change is committed; messages to members are
notices (bot/services/notices.py) rendered here and sent by the one notifier.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any

import discord
from discord import app_commands
from discord.ext import commands

from bot.app import LeapBot
from bot.checks import caller_level, people_of, require
from bot.errors import BadInput
from bot.notifier import NoticeKind, Rendered, closed_dms_note
from bot.permissions import Level
from bot.replies import defer, reply
from bot.services import notices, panel_settings
from bot.services.reminders import settings as reminder_settings
from bot.services.sessions import lifecycle as service
from bot.services.sessions import recurrence
from bot.services.sessions import series as series_service
from bot.services.sessions import settings as session_settings
from bot.services.sessions import timers as session_timers
from bot.services.wellbeing import ground_rules
from bot.text import formatting
from bot.text import sessions as text
from bot.ui import session_choices as choices
from bot.ui.confirm import ActionsView, ChoiceView, ConfirmView
from bot.ui.session_cards import (
    FIELD_LIMIT,
    end_summary,
    fit_lines,
    notice_text,
    register_lines,
    repeat_words,
    series_end_words,
    session_card,
    start_card,
    when_full,
    when_rel,
)
from bot.ui.session_choices import session_choices
from bot.ui.session_views import register_view, review_view
from cogs._session_discord import SessionChannel, SessionMessenger
from cogs._setup_sections import SetupSection, ShowField
from storage.database import Conn
from storage.guild_settings import GuildSettings
from storage.notices import Notice
from storage.sessions import Session
from storage.timers import Timer

log = logging.getLogger(__name__)


class Sessions(commands.GroupCog, group_name="session", group_description=text.GROUP_DESCRIPTION):
    """Panel sessions: plan, start, end, call off, list and look up."""

    def __init__(self, bot: LeapBot) -> None:
        self.bot = bot
        self.messenger = SessionMessenger(bot)
        super().__init__()

    # --- lifetimes ----------------------------------------------------------------------

    async def cog_load(self) -> None:
        """Say what to do when session timers fire and how session notices read."""
        labels = {
            session_timers.NOTICE_REMINDER: (text.LABEL_REMINDER, "/session list"),
            session_timers.NOTICE_CANCELLED: (text.LABEL_CANCELLED, "/session list"),
            session_timers.NOTICE_THANKS: (text.LABEL_THANKS, "/hours me"),
            session_timers.NOTICE_AUTO_ENDED: (text.LABEL_AUTO_ENDED, "/hours review"),
            session_timers.NOTICE_STARTED_EARLY: (text.LABEL_STARTED_EARLY, "/session list"),
        }
        for kind, (label, check) in labels.items():
            self.bot.notifier.register(
                kind,
                NoticeKind(
                    render=self._render_notice,
                    label=label,
                    check=check,
                    recipients=(
                        self._reminder_recipients
                        if kind == session_timers.NOTICE_REMINDER
                        else None
                    ),
                ),
            )
        self.bot.timers.register(session_timers.KIND_REMINDER, apply=self._apply_reminder)
        self.bot.timers.register(
            session_timers.KIND_AUTO_END, apply=self._apply_auto_end, deliver=self._deliver_auto_end
        )
        self.bot.timers.register(
            series_service.KIND_TOP_UP, apply=self._apply_top_up, deliver=self._deliver_top_up
        )

    async def cog_unload(self) -> None:
        """Forget the timer handlers and notice kinds."""
        for kind in (*session_timers.SESSION_TIMER_KINDS, series_service.KIND_TOP_UP):
            self.bot.timers.unregister(kind)
        for kind in session_timers.NOTICE_KINDS:
            self.bot.notifier.unregister(kind)

    async def _reminder_recipients(self, notice: Notice, members: list[int]) -> list[int]:
        """Session reminders skip members who turned them off (/remind settings)."""
        if notice.guild_id is None:
            return members
        return await reminder_settings.without_opted_out(self.bot.db, notice.guild_id, members)

    async def _render_notice(self, notice: Notice) -> Rendered | None:
        """A session notice as a DM; what a channel may show (never the hours of a thank-you)."""
        session = await session_timers.notice_session(self.bot.db, self.bot.clock, notice)
        if session is None:
            return None
        public = (
            None
            if notice.kind == session_timers.NOTICE_THANKS
            else notice_text(notice, session, in_channel=True)
        )
        return Rendered(content=notice_text(notice, session, in_channel=False), public=public)

    # --- timers -------------------------------------------------------------------------

    async def _apply_reminder(self, conn: Conn, timer: Timer, late: bool) -> int | None:
        return await session_timers.apply_reminder(conn, timer, late, now=self.bot.clock.now())

    async def _apply_auto_end(self, conn: Conn, timer: Timer, late: bool) -> service.Ended | None:
        guild = self.bot.get_guild(timer.guild_id or 0) if self.bot.is_ready() else None
        return await service.apply_auto_end(
            conn,
            int(timer.payload["session_id"]),
            people=people_of(guild),
            now=self.bot.clock.now(),
            late=late,
        )

    async def _deliver_auto_end(self, timer: Timer, late: bool, result: Any) -> None:
        if isinstance(result, service.Ended):
            await self.messenger.after_end(result)

    async def _apply_top_up(
        self, conn: Conn, timer: Timer, late: bool
    ) -> series_service.Made | None:
        return await series_service.apply_top_up(
            conn, self.bot.timers, timer, now=self.bot.clock.now()
        )

    async def _deliver_top_up(self, timer: Timer, late: bool, result: Any) -> None:
        """Put the new sessions' timers on the scheduler and make the server events still
        missing (the new sessions', and any that failed before)."""
        if not isinstance(result, series_service.Made):
            return
        for made in result.timers:
            self.bot.timers.schedule(made)
        guild = self.bot.get_guild(result.series.guild_id)
        channel = guild.get_channel(result.series.channel_id) if guild is not None else None
        if guild is None or not isinstance(channel, SessionChannel):
            return
        for session in result.need_events:
            await self.messenger.make_event(guild, session, channel)

    # --- autocomplete -------------------------------------------------------------------

    async def planned_choices(
        self, interaction: discord.Interaction[Any], current: str
    ) -> list[app_commands.Choice[str]]:
        """Planned sessions of this panel, as the person types (to start or call off)."""
        return await session_choices(self.bot, interaction.guild_id, current, choices.PLANNED)

    async def live_choices(
        self, interaction: discord.Interaction[Any], current: str
    ) -> list[app_commands.Choice[str]]:
        """Running sessions of this panel, as the person types (to end)."""
        return await session_choices(self.bot, interaction.guild_id, current, choices.LIVE)

    async def any_choices(
        self, interaction: discord.Interaction[Any], current: str
    ) -> list[app_commands.Choice[str]]:
        """Live, upcoming and recent sessions, as the person types."""
        return await session_choices(self.bot, interaction.guild_id, current, choices.ANY)

    # --- commands -----------------------------------------------------------------------

    @app_commands.command(name="schedule", description=text.CMD_SCHEDULE)
    @app_commands.describe(
        title=text.OPT_SCHEDULE_TITLE,
        when=text.OPT_SCHEDULE_WHEN,
        length=text.OPT_SCHEDULE_LENGTH,
        channel=text.OPT_SCHEDULE_CHANNEL,
        prep=text.OPT_SCHEDULE_PREP,
        agenda=text.OPT_SCHEDULE_AGENDA,
        content_note=text.OPT_SCHEDULE_CONTENT_NOTE,
        repeat=text.OPT_SCHEDULE_REPEAT,
        until=text.OPT_SCHEDULE_UNTIL,
    )
    @app_commands.choices(
        repeat=[app_commands.Choice(name=v, value=k) for k, v in text.REPEAT_CHOICES.items()]
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
        repeat: str | None = None,
        until: app_commands.Range[str, 1, 40] | None = None,
    ) -> None:
        """Plan a session (or a repeating series), make its server event and post its card."""
        guild = interaction.guild
        assert guild is not None
        values: dict[str, Any] = {
            "title": title,
            "when": when,
            "length": length,
            "prep": prep,
            "agenda": agenda,
            "content_note": content_note,
            "repeat": repeat,
            "until": until,
        }
        planned = await self._plan(interaction, channel, values, allow_overlap=False)
        if isinstance(planned, service.Clash):

            async def plan_anyway(pressed: discord.Interaction[Any]) -> None:
                await reply(pressed, text.SCHEDULING, edit=True, view=None)
                confirmed = await self._plan(pressed, channel, values, allow_overlap=True)
                assert isinstance(confirmed, service.Scheduled)
                await self._announce(pressed, confirmed, channel)

            others = formatting.join(
                text.CLASH_LINE.format(
                    title=other.title,
                    number=other.id,
                    when_full=formatting.when_full(other.starts_at),
                )
                for other in planned.others
            )
            question = text.SCHEDULE_CLASH.format(
                title=title.strip(),
                when_full=formatting.when_full(planned.starts_at),
                others=others,
            )
            view = ConfirmView(
                owner_id=interaction.user.id,
                yes=text.PLAN_ANYWAY,
                no=text.DO_NOT_PLAN,
                declined=text.NOT_PLANNED,
                action=plan_anyway,
            )
            await reply(interaction, question, view=view)
            return
        await self._announce(interaction, planned, channel)

    async def _plan(
        self,
        interaction: discord.Interaction[Any],
        channel: SessionChannel,
        values: dict[str, Any],
        *,
        allow_overlap: bool,
    ) -> service.Scheduled | service.Clash:
        assert interaction.guild_id is not None
        return await service.schedule(
            self.bot.db,
            self.bot.timers,
            self.bot.clock,
            guild_id=interaction.guild_id,
            actor_id=interaction.user.id,
            channel_id=channel.id,
            allow_overlap=allow_overlap,
            **values,
        )

    async def _announce(
        self,
        interaction: discord.Interaction[Any],
        planned: service.Scheduled,
        channel: SessionChannel,
    ) -> None:
        """After planning: the server event, the card, and the coordinator's reply."""
        guild = interaction.guild
        assert guild is not None
        await defer(interaction)
        session = planned.session
        notes = [await self.messenger.make_event(guild, session, channel)]
        for later in planned.sessions[1:]:  # each session of a series has its own event
            notes.append(await self.messenger.make_event(guild, later, channel))
        events = all(n == text.EVENT_MADE for n in notes)
        if planned.series is not None:  # the series lines say each has its event
            notes = [n for n in dict.fromkeys(notes) if n != text.EVENT_MADE]
        try:
            card = await channel.send(embed=session_card(session, planned.series))
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
            length=formatting.length(session.length_minutes),
        )
        heard = (
            text.SCHEDULED_REMINDERS.format(reminders=formatting.lengths(due))
            if due
            else text.SCHEDULED_NO_REMINDERS
        )
        notes.insert(0, heard)
        if planned.series is not None:
            notes.extend(self._series_lines(planned, events=events))
        closed = await self._closed_note(guild, None, session.channel_id)
        if closed:
            notes.append(closed)
        await reply(interaction, "\n".join([summary, *notes]))

    @staticmethod
    def _series_lines(planned: service.Scheduled, *, events: bool) -> list[str]:
        """For a new series: how it repeats, and which sessions were planned now (each with
        its server event, when `events`: every one was made)."""
        series = planned.series
        assert series is not None
        numbers = formatting.join(text.SERIES_NUMBER.format(number=s.id) for s in planned.sessions)
        said = text.SERIES_EVENTS if events else ""
        if series_service.more_to_come(series):
            made = text.SERIES_PLANNED.format(
                count=len(planned.sessions), numbers=numbers, events=said, window=recurrence.WINDOW
            )
        else:
            template = (
                text.SERIES_PLANNED_BOTH if len(planned.sessions) == 2 else text.SERIES_PLANNED_ALL
            )
            made = template.format(count=len(planned.sessions), numbers=numbers, events=said)
        rule = text.SCHEDULED_SERIES.format(
            rule=repeat_words(series), end=series_end_words(series, public=False)
        )
        return [rule, made]

    async def _closed_note(
        self, guild: discord.Guild, member_ids: list[int] | None, channel_id: int
    ) -> str | None:
        """How many of these members (default: the member-role holders) have DMs closed,
        and where they are mentioned instead."""
        settings = await panel_settings.get(self.bot.db, guild.id)
        if member_ids is None:
            role_id = settings.member_role_id
            role = guild.get_role(role_id) if role_id is not None else None
            member_ids = [m.id for m in role.members] if role is not None else []
        closed = await notices.closed_among(self.bot.db, guild.id, member_ids)
        return closed_dms_note(len(closed), settings.notices_channel_id or channel_id)

    @app_commands.command(name="start", description=text.CMD_START)
    @app_commands.describe(session=text.OPT_START_SESSION)
    @app_commands.autocomplete(session=planned_choices)
    @app_commands.guild_only()
    @require(Level.COORDINATOR)
    async def start(
        self, interaction: discord.Interaction[LeapBot], session: str | None = None
    ) -> None:
        """Start a session: the register counts voice presence and the buttons from now."""
        guild = interaction.guild
        assert guild is not None
        pick = await service.pick_to_start(
            self.bot.db,
            self.bot.clock,
            guild_id=guild.id,
            session_id=service.parse_session_id(session),
            channel_id=interaction.channel_id,
        )
        chosen = pick.session
        if chosen is None:
            zone = (await panel_settings.get(self.bot.db, guild.id)).timezone

            async def picked(pressed: discord.Interaction[Any], value: str) -> None:
                await reply(pressed, text.STARTING, edit=True, view=None)
                await self._start(pressed, int(value))

            options = [
                (
                    text.CHOICE_LABEL.format(
                        number=s.id, title=s.title[:50], when=formatting.local(s.starts_at, zone)
                    ),
                    str(s.id),
                )
                for s in pick.candidates
            ]
            menu = ChoiceView(
                owner_id=interaction.user.id,
                placeholder=text.START_PICK,
                options=options,
                action=picked,
            )
            await reply(interaction, text.START_WHICH, view=menu)
            return
        if pick.ask_early:
            session_id = chosen.id

            async def start_now(pressed: discord.Interaction[Any]) -> None:
                await reply(pressed, text.STARTING, edit=True, view=None)
                await self._start(pressed, session_id)

            early = chosen.starts_at - self.bot.clock.now()
            question = text.START_EARLY_ASK.format(
                title=chosen.title,
                when_full=when_full(chosen),
                when_rel=when_rel(chosen),
                early=formatting.length(int(early.total_seconds() // 60), days=True),
            )
            view = ConfirmView(
                owner_id=interaction.user.id,
                yes=text.START_NOW,
                no=text.START_NOT_NOW,
                declined=text.NOT_STARTED,
                action=start_now,
            )
            await reply(interaction, question, view=view)
            return
        await self._start(interaction, chosen.id)

    async def _start(self, interaction: discord.Interaction[Any], session_id: int) -> None:
        """Start one session: count who is in its channel, post the card, say how early."""
        guild = interaction.guild
        assert guild is not None
        chosen = await service.get(self.bot.db, guild.id, session_id)
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
        lines = [
            text.STARTED.format(
                title=live.title, where=f"<#{live.channel_id}>", when_full=when_full(live)
            )
        ]
        if started.early_minutes >= 1:
            lines.append(
                text.STARTED_EARLY.format(early=formatting.length(started.early_minutes, days=True))
            )
        if len(started.present) == 1:
            lines.append(text.STARTED_PRESENT_ONE)
        elif started.present:
            lines.append(text.STARTED_PRESENT.format(count=len(started.present)))
        voice = isinstance(channel, discord.VoiceChannel | discord.StageChannel)
        card = start_card(live, started.ground_rules, voice=voice)
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
        await self.messenger.set_event_status(live, "active")
        if started.ground_rules:
            lines.append(await self._not_agreed_line(guild))
        await reply(interaction, "\n".join(lines))

    async def _not_agreed_line(self, guild: discord.Guild) -> str:
        """For the coordinator only: panel members who have not agreed to the ground rules."""
        settings = await panel_settings.get(self.bot.db, guild.id)
        role = guild.get_role(settings.member_role_id or 0)
        people = [m for m in (role.members if role else []) if not m.bot]
        waiting = await ground_rules.not_agreed(self.bot.db, guild.id, [m.id for m in people])
        if not waiting:
            return text.RULES_ALL_AGREED
        return text.RULES_NOT_AGREED.format(names=", ".join(f"<@{m}>" for m in waiting[:20]))

    @app_commands.command(name="end", description=text.CMD_END)
    @app_commands.describe(session=text.OPT_END_SESSION)
    @app_commands.autocomplete(session=live_choices)
    @app_commands.guild_only()
    @require(Level.COORDINATOR)
    async def end(
        self, interaction: discord.Interaction[LeapBot], session: str | None = None
    ) -> None:
        """End a session: close the register, write hours, thank everyone."""
        guild = interaction.guild
        assert guild is not None
        await defer(interaction)
        result = await service.end(
            self.bot.db,
            self.bot.timers,
            self.bot.clock,
            guild_id=guild.id,
            actor_id=interaction.user.id,
            session_id=service.parse_session_id(session),
            channel_id=interaction.channel_id,
            people=people_of(guild),
        )
        view = review_view(result.session.id) if result.entries_written else None
        closed = closed_dms_note(
            len(result.closed_dms), result.notices_channel_id or result.session.channel_id
        )
        await reply(interaction, closed, embed=end_summary(result), view=view)
        await self.messenger.after_end(result)

    @app_commands.command(name="cancel", description=text.CMD_CANCEL)
    @app_commands.describe(session=text.OPT_CANCEL_SESSION, reason=text.OPT_CANCEL_REASON)
    @app_commands.autocomplete(session=planned_choices)
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
        asked = await service.cancel_question(self.bot.db, guild_id=guild.id, session_id=session_id)
        if not asked.ask:
            await self._cancel_one(interaction, session_id, reason)
            return

        async def just_this(pressed: discord.Interaction[Any]) -> None:
            await reply(pressed, text.CANCELLING, edit=True, view=None)
            await self._cancel_one(pressed, session_id, reason, series=True)

        async def all_later(pressed: discord.Interaction[Any]) -> None:
            await reply(pressed, text.CANCELLING, edit=True, view=None)
            await self._cancel_rest(pressed, session_id, reason)

        question = text.CANCEL_WHICH.format(
            title=asked.session.title, when_full=when_full(asked.session)
        )
        view = ActionsView(
            owner_id=interaction.user.id,
            actions=[(text.CANCEL_JUST_THIS, just_this), (text.CANCEL_ALL_LATER, all_later)],
            no=text.CANCEL_KEEP,
            declined=text.NOT_CANCELLED,
        )
        await reply(interaction, question, view=view)

    async def _cancel_one(
        self,
        interaction: discord.Interaction[Any],
        session_id: int,
        reason: str | None,
        *,
        series: bool = False,
    ) -> None:
        """Call off one session; then its event and card, and the members are told."""
        guild = interaction.guild
        assert guild is not None
        cancelled = await service.cancel(
            self.bot.db,
            self.bot.timers,
            self.bot.clock,
            guild_id=guild.id,
            session_id=session_id,
            actor_id=interaction.user.id,
            reason=reason,
        )
        closed = await self._closed_note(guild, None, cancelled.channel_id)
        lines = [text.CANCELLED_REPLY.format(title=cancelled.title)]
        if series:
            lines.append(text.CANCELLED_ONE_OF_SERIES)
        if closed:
            lines.append(closed)
        await reply(interaction, "\n".join(lines))
        # The reply first: the event, the card and telling every member can take a while.
        await self.messenger.set_event_status(cancelled, "cancelled")
        await self.messenger.mark_card_cancelled(cancelled)

    async def _cancel_rest(
        self, interaction: discord.Interaction[Any], session_id: int, reason: str | None
    ) -> None:
        """Call off a session of a series and all later ones; stop the series."""
        guild = interaction.guild
        assert guild is not None
        cancelled = await service.cancel_rest(
            self.bot.db,
            self.bot.timers,
            self.bot.clock,
            guild_id=guild.id,
            session_id=session_id,
            actor_id=interaction.user.id,
            reason=reason,
        )
        first = cancelled[0]
        closed = await self._closed_note(guild, None, first.channel_id)
        said = text.CANCELLED_SERIES_REPLY.format(
            title=first.title,
            when_full=when_full(first),
            count=formatting.count(len(cancelled), text.CANCELLED_SESSIONS),
        )
        await reply(interaction, f"{said}\n{closed}" if closed else said)
        for one in cancelled:
            await self.messenger.set_event_status(one, "cancelled")
            await self.messenger.mark_card_cancelled(one)
        if first.series_id is not None:
            await self.messenger.refresh_series_card(first.series_id)

    @app_commands.command(name="list", description=text.CMD_LIST)
    @app_commands.guild_only()
    async def list_(self, interaction: discord.Interaction[LeapBot]) -> None:
        """List live, upcoming and recent sessions."""
        assert interaction.guild_id is not None
        found = await service.overview(self.bot.db, self.bot.clock, interaction.guild_id)
        embed = discord.Embed(title=text.LIST_TITLE)

        def lines(sessions: Iterable[Session]) -> str:
            out = []
            for s in sessions:
                if s.status == "cancelled":
                    out.append(
                        text.LIST_LINE_CANCELLED.format(
                            number=s.id, title=s.title, when_full=when_full(s)
                        )
                    )
                else:
                    out.append(
                        text.LIST_LINE.format(
                            number=s.id,
                            title=s.title,
                            when_full=when_full(s),
                            when_rel=when_rel(s),
                            length=formatting.length(s.length_minutes),
                        )
                    )
            return fit_lines(out)

        def upcoming_lines(per_series: int) -> list[str]:
            """Coming up: a series once, with its next `per_series` sessions under it, where
            its soonest is."""
            series = {s.id: s for s in found.series}
            out: list[str] = []
            shown: set[int] = set()
            for s in found.upcoming:
                if s.series_id in shown:
                    continue  # listed under its series already
                if s.series_id is None or s.series_id not in series:
                    out.append(lines([s]))
                    continue
                shown.add(s.series_id)
                one = series[s.series_id]
                rule = f"{repeat_words(one)}, {series_end_words(one)}"
                out.append(text.LIST_SERIES.format(title=one.title, rule=rule))
                out.extend(
                    text.LIST_SERIES_LINE.format(
                        number=m.id,
                        when_full=when_full(m),
                        when_rel=when_rel(m),
                        length=formatting.length(m.length_minutes),
                    )
                    for m in [m for m in found.upcoming if m.series_id == one.id][:per_series]
                )
            return out

        def upcoming() -> str:
            """Coming up, within one field: fewer sessions under each series rather than
            sooner sessions (and whole series) left out."""
            for per_series in range(recurrence.WINDOW, 1, -1):
                out = upcoming_lines(per_series)
                if len("\n".join(out)) <= FIELD_LIMIT:
                    return "\n".join(out)
            return fit_lines(upcoming_lines(1))

        for name, group in (
            (text.LIST_LIVE, found.live),
            (text.LIST_UPCOMING, found.upcoming),
            (text.LIST_OVERDUE, found.overdue),
            (text.LIST_CALLED_OFF, found.called_off),
            (text.LIST_RECENT, found.recent),
        ):
            if group:
                value = upcoming() if name == text.LIST_UPCOMING else lines(group)
                embed.add_field(name=name, value=value, inline=False)
        if not embed.fields:
            embed.description = text.LIST_NONE
        await reply(interaction, embed=embed)

    @app_commands.command(name="info", description=text.CMD_INFO)
    @app_commands.describe(session=text.OPT_INFO_SESSION)
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
        embed = session_card(found.session, found.series)
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
            embed.add_field(
                name=text.INFO_BREAKS, value=text.INFO_BREAKS_COUNT.format(count=found.breaks)
            )
        await reply(interaction, embed=embed)


def attendance_words(settings: GuildSettings) -> str:
    """The panel's attendance rule in plain words."""
    if settings.attendance_rule == "measured":
        return text.ATTENDANCE_MEASURED
    return text.ATTENDANCE_PLANNED


def minimum_words(settings: GuildSettings) -> str:
    """Who is flagged for a short stay, in plain words."""
    minimum = settings.attendance_minimum_minutes
    if minimum <= 0:
        return text.ATTENDANCE_MINIMUM_NONE
    return text.ATTENDANCE_MINIMUM_WORDS.format(minimum=formatting.length(minimum))


class SessionSettings(SetupSection):
    """/setup reminders and /setup attendance: the session settings, in the /setup group."""

    @app_commands.command(name="reminders", description=text.CMD_REMINDERS)
    @app_commands.describe(before=text.OPT_REMINDERS_BEFORE)
    @require(Level.ADMIN)
    async def setup_reminders(self, interaction: discord.Interaction[LeapBot], before: str) -> None:
        """Set reminder offsets before each session."""
        assert interaction.guild is not None
        settings = await session_settings.set_reminders(
            self.bot.db,
            self.bot.clock,
            guild_id=interaction.guild.id,
            actor_id=interaction.user.id,
            before=before,
        )
        await reply(
            interaction,
            text.REMINDERS_SAVED.format(offsets=formatting.lengths(settings.reminder_offsets)),
        )

    @app_commands.command(name="attendance", description=text.CMD_ATTENDANCE)
    @app_commands.describe(rule=text.OPT_ATTENDANCE_RULE, minimum=text.OPT_ATTENDANCE_MINIMUM)
    @app_commands.choices(
        rule=[app_commands.Choice(name=v, value=k) for k, v in text.ATTENDANCE_CHOICES.items()]
    )
    @require(Level.ADMIN)
    async def setup_attendance(
        self,
        interaction: discord.Interaction[LeapBot],
        rule: str | None = None,
        minimum: app_commands.Range[
            int, session_settings.MINIMUM_LOW, session_settings.MINIMUM_HIGH
        ]
        | None = None,
    ) -> None:
        """Choose the attendance rule used when a session ends, and the shortest stay that
        "Approve all" pays without a second look."""
        assert interaction.guild is not None
        settings = await session_settings.set_attendance(
            self.bot.db,
            self.bot.clock,
            guild_id=interaction.guild.id,
            actor_id=interaction.user.id,
            rule=rule,
            minimum=minimum,
        )
        lines = []
        if rule is not None:
            lines.append(text.ATTENDANCE_SAVED.format(rule=attendance_words(settings).lower()))
        if minimum is not None:
            lines.append(
                text.ATTENDANCE_MINIMUM_SAVED.format(minimum=formatting.length(minimum))
                if minimum
                else text.ATTENDANCE_MINIMUM_OFF
            )
        await reply(interaction, "\n".join(lines))

    async def show_fields(self, guild: discord.Guild, settings: GuildSettings) -> list[ShowField]:
        """Reminder offsets, the attendance rule and the shortest stay paid in bulk."""
        return [
            ShowField(text.SHOW_REMINDERS, formatting.lengths(settings.reminder_offsets)),
            ShowField(text.SHOW_ATTENDANCE, attendance_words(settings)),
            ShowField(text.SHOW_ATTENDANCE_MINIMUM, minimum_words(settings)),
        ]


async def setup(bot: LeapBot) -> None:
    """Load the cog; /session schedule, start, end and cancel check the coordinator role."""
    await bot.add_cog(Sessions(bot))
