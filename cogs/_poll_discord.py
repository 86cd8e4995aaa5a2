"""Discord side of polls: who holds a role, refreshing poll messages, and delivering what is
owed (results, nudges, review reminders) after each change is committed.

Not a cog (the leading underscore keeps the cog loader away): the Polls cog owns one
`PollMessenger`.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Sequence

import discord

from bot.app import LeapBot
from bot.services.polls import delivery
from bot.services.polls import lifecycle as service
from bot.services.polls.lifecycle import PollState
from bot.text import polls as text
from bot.ui.poll_cards import (
    nudge_in_channel,
    nudge_text,
    poll_embed,
    result_embeds,
    review_text,
)
from storage.polls import Poll

log = logging.getLogger(__name__)

MessageChannels = (discord.TextChannel, discord.VoiceChannel, discord.StageChannel, discord.Thread)
MENTIONS_PER_MESSAGE = 40
# Discord rate-limits message edits: the turnout line changes at most this often per poll.
EDIT_EVERY = 1.0


class PollMessenger:
    """Edits poll messages (throttled) and delivers results, nudges and review reminders."""

    def __init__(self, bot: LeapBot) -> None:
        self.bot = bot
        self._deliver_lock = asyncio.Lock()
        self._dirty: set[int] = set()
        self._last_edit: dict[int, float] = {}
        self._refreshers: dict[int, asyncio.Task[None]] = {}
        self.edits = 0  # poll message edits made (for tests and the benchmark)

    # --- who holds a role -----------------------------------------------------------------

    def members(self, guild_id: int, role_id: int | None) -> Sequence[int] | None:
        """Holders of a role in a server (everyone with None), from the member cache."""
        guild = self.bot.get_guild(guild_id)
        if guild is None or not self.bot.is_ready():
            return None
        if role_id is None:
            return [m.id for m in guild.members if not m.bot]
        role = guild.get_role(role_id)
        return [] if role is None else [m.id for m in role.members if not m.bot]

    # --- the poll message ----------------------------------------------------------------

    def refresh(self, poll_id: int) -> None:
        """Ask for the poll message to be redrawn; edits come at most once a second."""
        self._dirty.add(poll_id)
        task = self._refreshers.get(poll_id)
        if task is None or task.done():
            self._refreshers[poll_id] = asyncio.create_task(
                self._refresh_loop(poll_id), name=f"poll-refresh-{poll_id}"
            )

    async def _refresh_loop(self, poll_id: int) -> None:
        try:
            while poll_id in self._dirty:
                wait = self._last_edit.get(poll_id, 0.0) + EDIT_EVERY - time.monotonic()
                if wait > 0:
                    await asyncio.sleep(wait)
                self._dirty.discard(poll_id)
                try:
                    await self._redraw(poll_id)
                finally:
                    # Counted from when the edit went out, so edits reach Discord at least a
                    # second apart even when reading the counts had to wait.
                    self._last_edit[poll_id] = time.monotonic()
        except Exception:
            log.exception("Could not refresh the message of poll %s", poll_id)
        finally:
            self._refreshers.pop(poll_id, None)

    async def _redraw(self, poll_id: int) -> None:
        state = await service.state(self.bot.db, poll_id, self.members)
        if state is not None:
            await self.edit_card(state)

    async def edit_card(self, state: PollState) -> None:
        """Redraw the poll message now (closed: without its buttons)."""
        poll = state.poll
        channel = self.bot.get_channel(poll.channel_id)
        if poll.message_id is None or not isinstance(channel, MessageChannels):
            return
        message = channel.get_partial_message(poll.message_id)
        try:
            if poll.is_open:
                await message.edit(embed=poll_embed(state))
            else:
                await message.edit(embed=poll_embed(state), view=None)
            self.edits += 1
        except discord.HTTPException:
            log.info("Could not edit the message of poll %s", poll.id)

    async def stop(self) -> None:
        """Finish pending redraws (when the cog unloads)."""
        tasks = [t for t in self._refreshers.values() if not t.done()]
        if tasks:
            await asyncio.gather(*tasks, return_exceptions=True)

    # --- what is owed --------------------------------------------------------------------

    async def deliver(self) -> None:
        """Post owed results, send owed nudges and review reminders (once the bot is ready)."""
        if not self.bot.is_ready():
            return  # on_ready delivers once member lists are known
        async with self._deliver_lock:
            owed = await delivery.owed(self.bot.db, self.members)
            for state in owed.results:
                await self._post_result(state)
            for poll in owed.nudges:
                await self._nudge(poll)
            for review in owed.reviews:
                await self._remind_review(review)

    async def _post_result(self, state: PollState) -> None:
        poll = state.poll
        channel = self.bot.get_channel(poll.channel_id)
        message_id: int | None = None
        if isinstance(channel, discord.abc.Messageable):
            try:
                embeds = result_embeds(state)
                sent = await channel.send(embed=embeds[0])
                message_id = sent.id
                for more in embeds[1:]:
                    await channel.send(embed=more)
            except discord.HTTPException:
                log.warning("Could not post the result of poll %s", poll.id)
        await delivery.result_posted(self.bot.db, state, message_id)
        await self.edit_card(state)

    async def _dm(self, member_id: int, content: str) -> str:
        """Send a DM; return 'dm', 'closed' (403) or 'gone' (no such user or other failure)."""
        user = self.bot.get_user(member_id)
        try:
            if user is None:
                user = await self.bot.fetch_user(member_id)
            await user.send(content)
        except discord.Forbidden:
            return "closed"
        except discord.HTTPException:
            return "gone"
        return "dm"

    async def _post(self, channel_id: int, content: str, *, ping: Sequence[int] = ()) -> bool:
        """Post in a channel, pinging only the people in `ping`."""
        channel = self.bot.get_channel(channel_id)
        if not isinstance(channel, discord.abc.Messageable):
            return False
        allowed = discord.AllowedMentions(
            everyone=False, roles=False, users=[discord.Object(i) for i in ping]
        )
        try:
            await channel.send(content[:2000], allowed_mentions=allowed)
        except discord.HTTPException:
            log.info("Could not post a poll notice in channel %s", channel_id)
            return False
        return True

    async def _nudge(self, poll: Poll) -> None:
        targets = await delivery.nudge_targets(
            self.bot.db, self.bot.anon_secret, self.bot.clock, poll, self.members
        )
        if targets is None:
            return  # the member list is not known yet: try again on the next delivery
        closed: list[int] = []
        for member_id in targets:
            outcome = await self._dm(member_id, nudge_text(poll))
            if outcome == "closed":
                closed.append(member_id)
        for start in range(0, len(closed), MENTIONS_PER_MESSAGE):
            chunk = closed[start : start + MENTIONS_PER_MESSAGE]
            await self._post(poll.channel_id, nudge_in_channel(poll, chunk), ping=chunk)
        await delivery.nudged(self.bot.db, self.bot.anon_secret, poll, targets)
        await delivery.nudge_done(self.bot.db, poll.id)
        log.info("Poll %s: nudged %d members who had not voted", poll.id, len(targets))

    async def _remind_review(self, review: delivery.ReviewDue) -> None:
        poll = review.state.poll
        reminder = review_text(review.state, review.outcome.text, review.outcome.message_id)
        closed: list[int] = []
        for member_id in review.coordinators:
            if await self._dm(member_id, reminder) == "closed":
                closed.append(member_id)
        if closed or not review.coordinators:
            mentions = " ".join(f"<@{m}>" for m in closed[:MENTIONS_PER_MESSAGE])
            await self._post(
                poll.channel_id,
                text.REVIEW_IN_CHANNEL.format(mentions=mentions, reminder=reminder).strip(),
                ping=closed[:MENTIONS_PER_MESSAGE],
            )
        await delivery.review_sent(self.bot.db, review.outcome.id)
