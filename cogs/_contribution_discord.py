"""Discord side of contributions: the poster that sends, edits and deletes the bot's posts.

Not a cog (the leading underscore keeps the cog loader away): the Contributions cog owns
one `ContributionPoster`. It runs one task that wakes after every change (and every minute,
to retry what failed), and brings each unsynced contribution's post in line with its row
(bot/services/contributions/delivery.py), one at a time, oldest first. A failed call leaves
the row unsynced, so a restart or the next pass tries again. Log lines name the post's
number and channel only: never a person, never the text.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging

import discord

from bot.app import LeapBot
from bot.services.contributions import delivery
from bot.services.contributions.delivery import Action, Outgoing
from bot.ui.contributions import hidden_content, post_content

log = logging.getLogger(__name__)

RETRY_SECONDS = 60.0
STOP_WAIT_SECONDS = 5.0
NO_PINGS = discord.AllowedMentions.none()


class ContributionPoster:
    """Keeps every contribution's post in line with its row, after commit and restarts."""

    def __init__(self, bot: LeapBot) -> None:
        self.bot = bot
        self._wake = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self._stopping = False
        # True while some row may be unsynced: a change since the last pass, a call that
        # failed, or rows left from before a restart. An idle poster never reads the
        # database, so it never makes others wait for it.
        self._dirty = True

    async def start(self) -> None:
        """Note whether posts were left waiting by the last run, and start the task."""
        self._stopping = False
        self._dirty = await delivery.any_pending(self.bot.db)
        self._task = asyncio.create_task(self._run(), name="contribution-poster")

    def wake(self) -> None:
        """Something changed: run a pass soon."""
        self._dirty = True
        self._wake.set()

    def nudge(self) -> None:
        """Run a pass soon if anything is waiting (e.g. once connected)."""
        self._wake.set()

    async def stop(self) -> None:
        """Let a call in flight finish (so nothing is posted twice), then stop."""
        task, self._task = self._task, None
        if task is None:
            return
        self._stopping = True
        self._wake.set()
        try:
            await asyncio.wait_for(asyncio.shield(task), STOP_WAIT_SECONDS)
        except TimeoutError:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task

    async def _run(self) -> None:
        while not self._stopping:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), RETRY_SECONDS)
            self._wake.clear()
            if self._stopping:
                return
            if not self._dirty or not self.bot.is_ready():
                continue  # nothing to do, or on_ready nudges us
            self._dirty = False
            try:
                left = await self.sync_all()
            except Exception:
                log.exception("Contribution poster pass failed; it tries again later")
                left = True
            if left:
                self._dirty = True  # the minute's retry tries again

    async def sync_all(self) -> bool:
        """Bring every unsynced post in line; True when some are left (a call failed)."""
        while not self._stopping:
            batch = await delivery.pending(self.bot.db)
            if not batch:
                return False
            progress = 0
            for item in batch:
                if self._stopping:
                    break
                if await self._sync(item):
                    progress += 1
            if not progress:
                return True
        return True

    def _channel(self, item: Outgoing) -> discord.PartialMessageable:
        row = item.contribution
        return self.bot.get_partial_messageable(row.channel_id, guild_id=row.guild_id)

    async def _sync(self, item: Outgoing) -> bool:
        """One Discord call for one contribution; True when its row is now settled."""
        row = item.contribution
        channel = self._channel(item)
        try:
            if item.action is Action.POST:
                content = post_content(row, item.pseudonym)
                if row.reply_to_id is None:
                    message = await channel.send(
                        content, allowed_mentions=NO_PINGS, suppress_embeds=True
                    )
                else:
                    prompt = channel.get_partial_message(row.reply_to_id)
                    message = await channel.send(
                        content,
                        allowed_mentions=NO_PINGS,
                        suppress_embeds=True,
                        reference=prompt.to_reference(fail_if_not_exists=False),
                    )
                await delivery.posted(self.bot.db, row.id, message.id)
                return True
            if item.action is Action.EDIT_HIDDEN:
                assert row.message_id is not None
                await channel.get_partial_message(row.message_id).edit(
                    content=hidden_content(row), allowed_mentions=NO_PINGS
                )
            elif item.action is Action.DELETE:
                assert row.message_id is not None
                await channel.get_partial_message(row.message_id).delete()
        except discord.NotFound:
            # The channel or the message is gone: nothing shows the words any more, and
            # a new post has nowhere to go. Settle the row so it is not tried forever.
            # (A deletion finding the post gone is normal: /mydata erase takes posts down.)
            log.log(
                logging.INFO if item.action is Action.DELETE else logging.WARNING,
                "Contribution #%s: channel %s or its post is gone (%s)",
                row.number,
                row.channel_id,
                item.action.value,
            )
        except discord.HTTPException as exc:
            log.warning(
                "Contribution #%s: Discord refused to %s in channel %s (%s); will try again",
                row.number,
                item.action.value,
                row.channel_id,
                exc.status,
            )
            return False
        await delivery.done(self.bot.db, row)
        return True
