"""Discord side of sessions: the scheduled event and the cards.

Not a cog (the leading underscore keeps the cog loader away): the Sessions cog owns one
`SessionMessenger` and calls it after each change is committed. Messages to members go
through the notices outbox and the one notifier (bot/notifier.py).
"""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Any

import discord

from bot.app import LeapBot
from bot.services.sessions import lifecycle as service
from bot.text import sessions as text
from bot.ui.session_cards import ended_card, event_description, session_card
from storage.sessions import Session

log = logging.getLogger(__name__)

SessionChannel = discord.VoiceChannel | discord.StageChannel | discord.TextChannel
MessageChannels = (discord.TextChannel, discord.VoiceChannel, discord.StageChannel, discord.Thread)


class SessionMessenger:
    """Makes and updates scheduled events and cards."""

    def __init__(self, bot: LeapBot) -> None:
        self.bot = bot

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

    async def after_end(self, result: service.Ended) -> None:
        """Close the event; the start card then says only that the session ended, who came
        and the thank-you, with no buttons."""
        session = result.session
        await self.set_event_status(session, "completed")
        channel = self.bot.get_channel(session.channel_id)
        if session.start_message_id is not None and isinstance(channel, MessageChannels):
            try:
                await channel.get_partial_message(session.start_message_id).edit(
                    content=None, embed=ended_card(result), view=None
                )
            except discord.HTTPException:
                log.info("Could not mark the start card of session %s as ended", session.id)

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

    async def refresh_series_card(self, series_id: int) -> None:
        """Show on a series' card how it repeats now (after it was stopped; failures only
        logged)."""
        found = await service.series_card(self.bot.db, series_id)
        if found is None:
            return
        session, series = found
        channel = self.bot.get_channel(session.card_channel_id or session.channel_id)
        if session.card_message_id is None or not isinstance(channel, MessageChannels):
            return
        try:
            await channel.get_partial_message(session.card_message_id).edit(
                embed=session_card(session, series)
            )
        except discord.HTTPException:
            log.info("Could not update the card of series %s", series_id)

    async def make_event(
        self, guild: discord.Guild, session: Session, channel: SessionChannel
    ) -> str:
        """Create the Discord scheduled event; return a note for the coordinator."""
        common: dict[str, Any] = {
            "name": session.title,
            "start_time": session.starts_at,
            "privacy_level": discord.PrivacyLevel.guild_only,
            "description": event_description(session),
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
