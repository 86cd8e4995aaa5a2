"""Discord side of polls: who holds a role, refreshing poll messages, rendering the poll
notices the outbox sends (results, the closed poll message, "You said, we did", review
reminders), and sending
nudges to members who have not voted.

Not a cog (the leading underscore keeps the cog loader away): the Polls cog owns one
`PollMessenger`.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import time
from collections.abc import Mapping, Sequence

import discord

from bot.app import LeapBot
from bot.notifier import NoticeKind, Rendered
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
    we_did_embed,
)
from storage.notices import Notice
from storage.polls import Poll

log = logging.getLogger(__name__)

MessageChannels = (discord.TextChannel, discord.VoiceChannel, discord.StageChannel, discord.Thread)
MENTIONS_PER_MESSAGE = 40
# Discord rate-limits message edits: the turnout line changes at most this often per poll.
EDIT_EVERY = 1.0
# Nudges: this many direct messages at once, each given up after this many seconds (one
# member whose messages fail never holds up the rest). A DM that fails for another reason than
# closed DMs (a Discord 5xx, too slow) is tried again after NUDGE_PAUSE seconds, up to
# NUDGE_TRIES tries; then the member is mentioned in the channel, as for closed DMs.
NUDGES_AT_ONCE = 8
NUDGE_TIMEOUT = 4.0
NUDGE_TRIES = 2
NUDGE_PAUSE = 3.0


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

    # --- notices sent by the outbox -------------------------------------------------------

    def register_notices(self) -> None:
        """Tell the notifier how poll notices read."""
        notifier = self.bot.notifier
        notifier.register(
            service.NOTICE_RESULT,
            NoticeKind(
                render=self._render_result,
                label=text.LABEL_RESULT,
                check="/poll results",
                on_posted=self._result_posted,
            ),
        )
        notifier.register(
            service.NOTICE_CARD,
            NoticeKind(render=self._render_card, label=text.LABEL_CARD, check="/poll list"),
        )
        notifier.register(
            service.NOTICE_WE_DID,
            NoticeKind(
                render=self._render_we_did,
                label=text.LABEL_WE_DID,
                check="/poll list",
                on_posted=self._we_did_posted,
            ),
        )
        notifier.register(
            service.NOTICE_REVIEW,
            NoticeKind(render=self._render_review, label=text.LABEL_REVIEW, check="/poll list"),
        )

    def unregister_notices(self) -> None:
        """Forget the poll notice kinds (when the cog unloads)."""
        for kind in service.NOTICE_KINDS:
            self.bot.notifier.unregister(kind)

    async def _result_embeds(self, notice: Notice) -> tuple[PollState, list[discord.Embed]] | None:
        state = await service.state(self.bot.db, notice.subject_id, self.members)
        if state is None or state.poll.is_open:
            return None
        return state, result_embeds(state)

    async def _render_result(self, notice: Notice) -> Rendered | None:
        found = await self._result_embeds(notice)
        part = int(notice.payload.get("part", 0))
        if found is None or part >= len(found[1]):
            return None
        return Rendered(embed=found[1][part])

    async def _result_posted(self, notice: Notice, channel_id: int, message_id: int) -> None:
        found = await self._result_embeds(notice)
        if found is None:
            return
        state, embeds = found
        part = int(notice.payload.get("part", 0))
        await service.result_part_posted(
            self.bot.db,
            self.bot.clock,
            state.poll.id,
            part=part,
            message_id=message_id,
            more=part + 1 < len(embeds),
            electorate=state.electorate,
        )

    async def _render_card(self, notice: Notice) -> Rendered | None:
        state = await service.state(self.bot.db, notice.subject_id, self.members)
        if state is None:
            return None
        return Rendered(embed=poll_embed(state))  # an edit: no view takes the buttons off

    async def _render_we_did(self, notice: Notice) -> Rendered | None:
        saved = await delivery.we_did(self.bot.db, int(notice.payload["outcome_id"]), self.members)
        if saved is None:
            return None
        return Rendered(embed=we_did_embed(saved))

    async def _we_did_posted(self, notice: Notice, channel_id: int, message_id: int) -> None:
        await service.outcome_posted(self.bot.db, int(notice.payload["outcome_id"]), message_id)

    async def _render_review(self, notice: Notice) -> Rendered | None:
        found = await delivery.review(self.bot.db, int(notice.payload["outcome_id"]), self.members)
        if found is None:
            return None
        reminder = review_text(found.state, found.outcome.text, found.outcome.message_id)
        return Rendered(content=reminder, public=reminder)

    # --- what is owed --------------------------------------------------------------------

    async def deliver(self, tries: Mapping[int, int] | None = None) -> None:
        """Send owed nudges and hand owed review reminders to the outbox (once ready).

        `tries`: for a poll whose nudge is tried again from a timer, the deliveries so far.
        """
        if not self.bot.is_ready():
            return  # on_ready delivers once member lists are known
        async with self._deliver_lock:
            owed = await delivery.owed(self.bot.db)
            for poll in owed.nudges:
                await self._nudge(poll, tried=(tries or {}).get(poll.id, 0) + 1)
            for outcome in owed.reviews:
                await delivery.queue_review(self.bot.db, self.bot.clock, outcome, self.members)

    async def _dm(self, member_id: int, content: str, nonce: str) -> str:
        """Send a DM; return 'dm', 'closed' (403) or 'failed' (anything else, or too slow)."""
        try:
            user = self.bot.get_user(member_id) or await self.bot.fetch_user(member_id)
            await asyncio.wait_for(user.send(content, nonce=nonce), NUDGE_TIMEOUT)
        except discord.Forbidden:
            return "closed"
        except (discord.HTTPException, TimeoutError):
            return "failed"
        return "dm"

    async def _post(
        self, channel_id: int, content: str, *, ping: Sequence[int] = (), nonce: str
    ) -> bool:
        """Post in a channel, pinging only the people in `ping`."""
        channel = self.bot.get_channel(channel_id)
        if not isinstance(channel, discord.abc.Messageable):
            return False
        allowed = discord.AllowedMentions(
            everyone=False, roles=False, users=[discord.Object(i) for i in ping]
        )
        try:
            await asyncio.wait_for(
                channel.send(content[:2000], allowed_mentions=allowed, nonce=nonce), NUDGE_TIMEOUT
            )
        except (discord.HTTPException, TimeoutError):
            log.info("Could not post a poll reminder in channel %s", channel_id)
            return False
        return True

    async def _nudge(self, poll: Poll, *, tried: int) -> None:
        """Nudge every member who has not voted and was not reached yet (`tried`: this is
        the poll's nth delivery). Each member reached is recorded at once."""
        targets = await delivery.nudge_targets(
            self.bot.db, self.bot.anon_secret, self.bot.clock, poll, self.members
        )
        if targets is None:
            return  # the member list is not known yet: try again on the next delivery
        db, secret = self.bot.db, self.bot.anon_secret
        slots = asyncio.Semaphore(NUDGES_AT_ONCE)
        content = nudge_text(poll)

        async def one(member_id: int) -> str:
            async with slots:
                how = await self._dm(member_id, content, _nonce("d", poll.id, [member_id]))
            if how == "dm":
                await delivery.nudged(db, secret, poll, [member_id])
            return how

        waiting, closed = list(targets), []
        for attempt in range(NUDGE_TRIES):
            if attempt:
                await asyncio.sleep(NUDGE_PAUSE)
            outcomes = await asyncio.gather(*(one(m) for m in waiting))
            closed += [m for m, how in zip(waiting, outcomes, strict=True) if how == "closed"]
            waiting = [m for m, how in zip(waiting, outcomes, strict=True) if how == "failed"]
            if not waiting:
                break
        failed = len(waiting)
        unreached = await delivery.channel_mentions(db, poll, closed + waiting, self.members)
        left: list[int] = []
        for start in range(0, len(unreached), MENTIONS_PER_MESSAGE):
            chunk = unreached[start : start + MENTIONS_PER_MESSAGE]
            nonce = _nonce("c", poll.id, chunk)
            if await self._post(
                poll.channel_id, nudge_in_channel(poll, chunk), ping=chunk, nonce=nonce
            ):
                await delivery.nudged(db, secret, poll, chunk)
            else:
                left += chunk
        if left:
            await delivery.nudge_later(db, self.bot.timers, self.bot.clock, poll, tried=tried)
        else:
            await delivery.nudge_done(db, poll.id)
        log.info(
            "Poll %s: reminded %d of %d members who had not voted (%d by a mention after a "
            "failed message, %d not reached)",
            poll.id,
            len(targets) - len(left),
            len(targets),
            failed,
            len(left),
        )


def _nonce(kind: str, poll_id: int, member_ids: Sequence[int]) -> str:
    """A Discord nonce for one nudge message, the same when it is sent again after a stop (so
    Discord shows it once). Made from the poll and the members it goes to, never a voter key."""
    made = hashlib.sha256(f"{poll_id}:{','.join(map(str, member_ids))}".encode()).hexdigest()
    return f"{kind}{made[:24]}"
