"""Discord side of sessions: the scheduled event, the start card, and sending notices.

Not a cog (the leading underscore keeps the cog loader away): the Sessions cog owns one
`SessionMessenger` and calls it after each change is committed.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence
from datetime import timedelta
from typing import Any

import discord

from bot.app import LeapBot
from bot.services.sessions import lifecycle as service
from bot.services.sessions import reminders
from bot.text import formatting
from bot.text import sessions as text
from bot.ui.session_cards import notice_text
from storage import session_notices as notices
from storage.sessions import Session

log = logging.getLogger(__name__)

SessionChannel = discord.VoiceChannel | discord.StageChannel | discord.TextChannel
MessageChannels = (discord.TextChannel, discord.VoiceChannel, discord.StageChannel, discord.Thread)
MENTIONS_PER_MESSAGE = 40


class SessionMessenger:
    """Makes and updates scheduled events and cards, and sends the notices outbox."""

    def __init__(self, bot: LeapBot) -> None:
        self.bot = bot
        self._send_lock = asyncio.Lock()

    # --- notices ------------------------------------------------------------------------

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

    def _members_of(self, guild_id: int, role_id: int | None) -> list[int] | None:
        guild = self.bot.get_guild(guild_id)
        role = guild.get_role(role_id) if guild is not None and role_id is not None else None
        if role is None:
            return None
        return sorted(m.id for m in role.members if not m.bot)

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

    async def _post(self, channel_id: int, content: str, *, ping: Sequence[int] = ()) -> bool:
        """Post in a channel, pinging only the people in `ping` (never a mention typed in a
        title or reason)."""
        channel = self.bot.get_channel(channel_id)
        if not isinstance(channel, discord.abc.Messageable):
            return False
        allowed = discord.AllowedMentions(
            everyone=False, roles=False, users=[discord.Object(i) for i in ping]
        )
        try:
            await channel.send(content, allowed_mentions=allowed)
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
            outcome = await self._dm(item.notice.member_id, notice_text(item, in_channel=False))
            if outcome == "retry":
                continue
            if outcome == "closed" and kind != notices.THANKS:
                closed.append(item)  # thanks show hours: never posted in public
                continue
            via = "dm" if outcome == "dm" else "none"
            await reminders.mark_sent(self.bot.db, self.bot.clock, [item.notice.id], via=via)
        for item in panel:
            posted = await self._post(session.channel_id, notice_text(item, in_channel=True))
            await reminders.mark_sent(
                self.bot.db, self.bot.clock, [item.notice.id], via="channel" if posted else "none"
            )
        for start in range(0, len(closed), MENTIONS_PER_MESSAGE):
            chunk = closed[start : start + MENTIONS_PER_MESSAGE]
            mentions = " ".join(f"<@{i.notice.member_id}>" for i in chunk)
            content = (
                text.DMS_CLOSED.format(mentions=mentions)
                + "\n"
                + notice_text(chunk[0], in_channel=True)
            )
            posted = await self._post(
                session.channel_id, content, ping=[i.notice.member_id for i in chunk]
            )
            await reminders.mark_sent(
                self.bot.db,
                self.bot.clock,
                [i.notice.id for i in chunk],
                via="channel" if posted else "none",
            )

    # --- scheduled events and cards -----------------------------------------------------

    async def _event(self, session: Session) -> discord.ScheduledEvent | None:
        guild = self.bot.get_guild(session.guild_id)
        if guild is None or session.event_id is None:
            return None
        try:
            return await guild.fetch_scheduled_event(session.event_id)
        except discord.HTTPException:
            return None

    async def set_event_status(self, session: Session, status: str) -> None:
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

    async def after_end(self, session: Session) -> None:
        """Close the event and take the buttons off the start card."""
        await self.set_event_status(session, "completed")
        channel = self.bot.get_channel(session.channel_id)
        if session.start_message_id is not None and isinstance(channel, MessageChannels):
            try:
                await channel.get_partial_message(session.start_message_id).edit(
                    content=text.CLOSED, view=None
                )
            except discord.HTTPException:
                pass

    async def mark_card_cancelled(self, session: Session) -> None:
        """Say on the session card that the session is called off (failures only logged)."""
        channel = self.bot.get_channel(session.card_channel_id or session.channel_id)
        if session.card_message_id is None or not isinstance(channel, MessageChannels):
            return
        content = text.CARD_CANCELLED
        if session.cancel_reason:
            content += "\n" + text.CANCELLED_REASON.format(reason=session.cancel_reason)
        try:
            await channel.get_partial_message(session.card_message_id).edit(content=content)
        except discord.HTTPException:
            log.info("Could not mark the card of session %s as called off", session.id)

    async def make_event(
        self, guild: discord.Guild, session: Session, channel: SessionChannel
    ) -> str:
        """Create the Discord scheduled event; return a note for the coordinator."""
        common: dict[str, Any] = {
            "name": session.title,
            "start_time": session.starts_at,
            "privacy_level": discord.PrivacyLevel.guild_only,
            "description": (
                session.agenda
                or text.EVENT_DESCRIPTION.format(length=formatting.length(session.length_minutes))
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
