"""The one notifier: delivers the notices outbox to Discord for every feature.

Features only add kinds. In the cog's `cog_load`:

    bot.notifier.register("poll.nudge", NoticeKind(render=..., label="the poll reminder"))

- `render(notice) -> Rendered | None` builds the message from the stored notice (content,
  embed, view, `reply_to` for a post shown as a reply, and `public`: the text that may be
  shown in a channel when a member's DMs are closed; leave it None for anything private).
  Returning None skips the notice (no longer wanted, e.g. a reminder for a session that
  already started).
- `label`: plain words naming the message in the report to its owner when it could not be
  delivered ("the poll reminder").
- `check`: the command named in the private closed-DM fallback ("Please check /hours me").
- `on_posted(notice, channel_id, message_id)`: called once a channel post (or a DM) went
  out, to record the message id (to edit or delete it later).
- `recipients(notice, members)`: for whole-panel notices, filter the member-role holders
  (e.g. leave out members who opted out).
- `dm_only`: a DM that must never show in a channel, not even as a mention (a member's
  support request to a coordinator). When the DMs are closed nothing is posted anywhere;
  the notice is recorded as not delivered (`via` 'none') and the DMs as closed.

Two kinds are built in: 'notice.failed' (the owner's report of a notice that could not be
delivered) and 'post.take_down' (deleting a post whose record was erased; queue it with
`notices.take_down`).

Queue notices with bot/services/notices.py inside the change's transaction. After commit
the database wakes the notifier; `wake()` does it by hand and `await wait_idle()` waits
until everything due went out (tests).

How it sends: after Discord has sent the servers (never before: member lists decide who a
whole-panel notice goes to), in batches; up to IN_FLIGHT sends at once and at most
PER_SECOND new ones a second (Discord allows 50 requests a second; each DM may need two),
each given up after SEND_TIMEOUT (discord.py would retry a 500 for about 25 seconds) and
retried later from a timer (bot/services/notices.py RETRY_DELAYS). A member whose DMs are
closed is mentioned in the fallback channel, grouped with the others of the same notice,
never pinging anyone else; so is one whose DM still fails on its last try (and the notice's
owner is told too). Each message carries a Discord nonce made from the notice id, so
a notice sent again after a crash is not shown twice.
"""

from __future__ import annotations

import asyncio
import dataclasses
import logging
import time
from collections import deque
from collections.abc import Awaitable, Callable, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

import aiohttp
import discord

from bot.clock import Clock
from bot.services import notices as service
from bot.services.timers import TimerService
from bot.text import notices as text
from storage import notices as repo
from storage.database import Database
from storage.guild_settings import GuildSettings
from storage.notices import Notice
from storage.timers import Timer

log = logging.getLogger(__name__)

MENTIONS_PER_MESSAGE = 40
CLOSED_DM_CODE = 50007


@dataclass(frozen=True, slots=True)
class Rendered:
    """A notice as a message: what to send, and what a channel may show instead."""

    content: str | None = None
    embed: discord.Embed | None = None
    view: discord.ui.View | None = None
    # Shown after the mentions in a channel when a member's DMs are closed (also the text of
    # a whole-panel notice posted in a channel when no member role is set). None: private.
    public: str | None = None
    # Who a channel post may notify (never @everyone or a role).
    ping: Sequence[int] = ()
    # A channel post shown as a reply to this message of the same channel (e.g. an answer
    # to a prompt); a reply to a message that is gone is posted as a plain post.
    reply_to: int | None = None


Render = Callable[[Notice], Awaitable[Rendered | None]]
OnPosted = Callable[[Notice, int, int], Awaitable[None]]
Recipients = Callable[[Notice, list[int]], Awaitable[list[int]]]
# Given a guild id: its panel settings (the member role, the notices channel).
PanelSettings = Callable[[int], Awaitable[GuildSettings]]


@dataclass(frozen=True, slots=True)
class NoticeKind:
    """How the notifier turns one kind of notice into a message."""

    render: Render
    label: str
    check: str = "/hours me"
    on_posted: OnPosted | None = None
    recipients: Recipients | None = None
    dm_only: bool = False


@dataclass(frozen=True, slots=True)
class _Sent:
    """A Discord answer: how it went and the message made."""

    status: str  # sent, closed, gone, retry, failed
    message: discord.Message | None = None
    error: str | None = None


class _Pace:
    """At most `per_second` new sends a second and `in_flight` at once."""

    def __init__(self, per_second: int, in_flight: int) -> None:
        self._per_second = per_second
        self._starts: deque[float] = deque()
        self._slots = asyncio.Semaphore(in_flight)
        self._lock = asyncio.Lock()

    @asynccontextmanager
    async def turn(self) -> Any:
        async with self._slots:
            async with self._lock:
                now = time.monotonic()
                while self._starts and now - self._starts[0] >= 1.0:
                    self._starts.popleft()
                if len(self._starts) >= self._per_second:
                    await asyncio.sleep(1.0 - (now - self._starts[0]))
                    self._starts.popleft()
                self._starts.append(time.monotonic())
            yield


class Notifier:
    """Delivers pending notices: DMs, channel posts, edits and deletions, for every kind."""

    SEND_TIMEOUT = 3.0  # seconds before one send is given up and retried later
    IN_FLIGHT = 8
    PER_SECOND = 16  # a DM may need 2 requests, the second trailing: at most 47 seen a second
    BATCH = 200

    def __init__(
        self,
        client: discord.Client,
        db: Database,
        timers: TimerService,
        clock: Clock,
        panel_settings: PanelSettings,
    ) -> None:
        self._client = client
        self._db = db
        self._timers = timers
        self._clock = clock
        self._panel_settings = panel_settings
        self._kinds: dict[str, NoticeKind] = {}
        self._again = False  # woken while delivering: look again when done
        self._running = False  # started and not stopped
        self._task: asyncio.Task[None] | None = None
        self._pace = _Pace(self.PER_SECOND, self.IN_FLIGHT)
        self.register(
            service.KIND_FAILED, NoticeKind(render=self._render_failed, label="", check="")
        )
        self.register(
            service.KIND_TAKE_DOWN, NoticeKind(render=self._render_nothing, label="", check="")
        )

    # --- set-up -----------------------------------------------------------------------

    def register(self, kind: str, spec: NoticeKind) -> None:
        """Say how to render and deliver one kind of notice (one registration per kind)."""
        if kind in self._kinds:
            raise ValueError(f"Notice kind {kind!r} is already registered.")
        self._kinds[kind] = spec

    def unregister(self, kind: str) -> None:
        """Forget a kind (its notices wait until it is registered again)."""
        self._kinds.pop(kind, None)

    async def start(self) -> None:
        """Requeue notices a crash cut off, listen for commits, send what is due."""
        requeued = await service.start_up(self._db)
        if requeued:
            log.info("%d notices were cut off by a stop; sending them again", requeued)
        self._db.on_commit(self._on_commit)
        self._timers.register(service.TIMER_RETRY, deliver=self._retry_due)
        self._running = True
        self.wake()

    async def stop(self, grace: float = 10.0) -> None:
        """Let a running delivery finish (within `grace` seconds), then stop."""
        self._running = False
        task, self._task = self._task, None
        if task is not None and not task.done():
            try:
                await asyncio.wait_for(asyncio.shield(task), grace)
            except TimeoutError:
                task.cancel()
                await asyncio.gather(task, return_exceptions=True)
        self._timers.unregister(service.TIMER_RETRY)

    def wake(self) -> None:
        """Look for notices to send now (called after commits that queued some).

        The delivery runs in a task named 'settle:…', which the test harness waits for
        when it settles the bot's handlers.
        """
        self._again = True
        if self._running and (self._task is None or self._task.done()):
            self._task = asyncio.create_task(self._run(), name="settle:leap-notifier")

    async def wait_idle(self, within: float = 30.0) -> None:
        """Wait until the delivery started by the last wake-up (and any after it) is done."""
        deadline = time.monotonic() + within
        while self._task is not None and not self._task.done():
            left = deadline - time.monotonic()
            if left <= 0:
                return
            await asyncio.wait({self._task}, timeout=left)

    def _on_commit(self, touched: frozenset[str]) -> None:
        if repo.TABLE in touched:
            self.wake()

    async def _retry_due(self, timer: Timer, late: bool, result: Any) -> None:
        self.wake()

    # --- the loop ---------------------------------------------------------------------

    async def _run(self) -> None:
        await self._client.wait_until_ready()
        while self._again and self._running:
            self._again = False
            try:
                await self.drain()
            except Exception:
                log.exception("Sending notices failed; they will be tried again")

    async def drain(self) -> None:
        """Send everything due now, batch after batch."""
        while True:
            await self._expand_panels()
            batch = await service.claim_due(self._db, self._clock, limit=self.BATCH)
            if not batch:
                return
            await self._deliver(batch)

    async def _expand_panels(self) -> None:
        for panel in await service.panels_due(self._db, self._clock):
            members = await self._members(panel)
            if members is None:
                continue  # no member role: posted once in its channel instead
            spec = self._kinds.get(panel.kind)
            if spec is not None and spec.recipients is not None:
                members = await spec.recipients(panel, members)
            await service.expand(self._db, self._clock, panel, members)

    async def _members(self, panel: Notice) -> list[int] | None:
        if panel.guild_id is None:
            return None
        settings = await self._panel_settings(panel.guild_id)
        guild = self._client.get_guild(panel.guild_id)
        role_id = settings.member_role_id
        role = guild.get_role(role_id) if guild is not None and role_id is not None else None
        if role is None:
            return None
        return sorted(m.id for m in role.members if not m.bot)

    # --- one batch --------------------------------------------------------------------

    async def _deliver(self, batch: list[Notice]) -> None:
        closed: dict[tuple[str, int, str, int | None], list[tuple[Notice, Rendered]]] = {}
        renders: dict[tuple[Any, ...], Rendered | None] = {}
        gave_up: set[int] = set()  # DMs that failed on their last try: mentioned too

        async def one(notice: Notice) -> None:
            spec = self._kinds.get(notice.kind)
            if spec is None:
                log.warning("No renderer for notice kind %r; trying later", notice.kind)
                await self._record(service.Outcome(notice, service.RETRY, error="no renderer"))
                return
            key = (notice.kind, notice.subject_id, notice.dedupe, repr(notice.payload))
            try:
                if key not in renders:
                    renders[key] = await spec.render(notice)
                rendered = renders[key]
            except Exception:
                log.exception("Notice %d (%s) could not be rendered", notice.id, notice.kind)
                await self._record(service.Outcome(notice, repo.FAILED, error="render failed"))
                return
            if rendered is None:
                await self._record(service.Outcome(notice, repo.SKIPPED))
                return
            if notice.audience == repo.MEMBER:
                sent = await self._bounded(self._dm(notice, rendered))
                if sent.status == "closed" and spec.dm_only:
                    await self._record(
                        service.Outcome(notice, repo.SENT, via="none", error="closed", closed=True)
                    )
                    return
                last_try = sent.status == "retry" and notice.attempts >= service.MAX_ATTEMPTS
                if last_try and not spec.dm_only:
                    gave_up.add(notice.id)
                if sent.status == "closed" or notice.id in gave_up:
                    channel_id = await self._fallback_channel(notice)
                    group = (notice.kind, notice.subject_id, notice.dedupe, channel_id)
                    closed.setdefault(group, []).append((notice, rendered))
                    return
                await self._record(self._outcome(notice, sent, via="dm"), spec, sent)
            elif notice.audience in (repo.CHANNEL, repo.PANEL):
                content = rendered.public if notice.audience == repo.PANEL else rendered.content
                target = notice.channel_id if notice.audience == repo.PANEL else notice.target_id
                sent = await self._bounded(
                    self._post(target, content, rendered, nonce=f"n{notice.id}")
                )
                await self._record(self._outcome(notice, sent, via="channel"), spec, sent)
            elif notice.audience == repo.EDIT:
                sent = await self._bounded(self._edit(notice, rendered))
                await self._record(self._outcome(notice, sent, via="channel"))
            else:
                sent = await self._bounded(self._delete(notice))
                await self._record(self._outcome(notice, sent, via="channel"))

        await asyncio.gather(*(one(n) for n in batch))
        for (_, _, _, channel_id), items in closed.items():
            await self._fallback(channel_id, items, gave_up)

    def _outcome(self, notice: Notice, sent: _Sent, *, via: str) -> service.Outcome:
        if sent.status == "sent":
            message_id = sent.message.id if sent.message is not None else None
            return service.Outcome(notice, repo.SENT, via=via, message_id=message_id)
        if sent.status in ("gone", "closed"):
            return service.Outcome(notice, repo.SENT, via="none", error=sent.status)
        if sent.status == "retry":
            return service.Outcome(notice, service.RETRY, error=sent.error)
        return service.Outcome(notice, repo.FAILED, error=sent.error)

    async def _record(
        self, outcome: service.Outcome, spec: NoticeKind | None = None, sent: _Sent | None = None
    ) -> None:
        await service.record(self._db, self._timers, self._clock, [outcome])
        message = sent.message if sent is not None else None
        if spec is not None and spec.on_posted is not None and message is not None:
            try:
                await spec.on_posted(outcome.notice, message.channel.id, message.id)
            except Exception:
                log.exception("Recording the message of notice %d failed", outcome.notice.id)

    async def _fallback_channel(self, notice: Notice) -> int | None:
        """The panel's notices channel (/setup notices), else the notice's own channel."""
        if notice.guild_id is None:
            return notice.channel_id
        settings = await self._panel_settings(notice.guild_id)
        return service.fallback_channel(settings, notice.channel_id)

    async def _fallback(
        self,
        channel_id: int | None,
        items: list[tuple[Notice, Rendered]],
        gave_up: frozenset[int] | set[int] = frozenset(),
    ) -> None:
        """Mention members whose DMs are closed, a few dozen a message, in one channel.

        Notices in `gave_up` are DMs that failed on their last try (Discord kept failing for
        over an hour): they are mentioned the same way, so the member still hears, but they
        stay failed, so the notice's owner is told as well, and the member's DMs are not
        marked closed.
        """
        for start in range(0, len(items), MENTIONS_PER_MESSAGE):
            chunk = items[start : start + MENTIONS_PER_MESSAGE]
            who = [n.target_id for n, _ in chunk]
            spec = self._kinds.get(chunk[0][0].kind)
            if channel_id is None or spec is None:
                outcomes = [
                    self._gave_up(n, _Sent("retry", error="no channel to mention them in"))
                    if n.id in gave_up
                    else service.Outcome(n, repo.SENT, via="none", closed=True)
                    for n, _ in chunk
                ]
                await service.record(self._db, self._timers, self._clock, outcomes)
                continue
            mentions = " ".join(f"<@{i}>" for i in who)
            public = chunk[0][1].public
            if public is None:
                content = text.DMS_CLOSED_PRIVATE.format(mentions=mentions, command=spec.check)
            else:
                content = text.DMS_CLOSED.format(mentions=mentions) + "\n" + public
            sent = await self._bounded(
                self._post(channel_id, content, Rendered(ping=who), nonce=f"f{chunk[0][0].id}")
            )
            outcomes = [
                self._gave_up(n, sent)
                if n.id in gave_up
                else dataclasses.replace(self._outcome(n, sent, via="channel"), closed=True)
                for n, _ in chunk
            ]
            await service.record(self._db, self._timers, self._clock, outcomes)

    def _gave_up(self, notice: Notice, sent: _Sent) -> service.Outcome:
        """A DM that failed on its last try, after its mention in the channel: it fails (its
        owner hears), noting whether the mention went out."""
        mentioned = sent.status == "sent"
        error = "the DM kept failing; mentioned in the channel" if mentioned else sent.error
        return service.Outcome(
            notice, service.RETRY, via="channel" if mentioned else None, error=error
        )

    # --- Discord calls ----------------------------------------------------------------

    async def _bounded(self, call: Awaitable[_Sent]) -> _Sent:
        """One Discord call within the pace, given up after SEND_TIMEOUT."""
        async with self._pace.turn():
            try:
                return await asyncio.wait_for(call, self.SEND_TIMEOUT)
            except TimeoutError:
                return _Sent("retry", error="timed out")
            except discord.Forbidden as exc:
                return _Sent("closed" if exc.code == CLOSED_DM_CODE else "failed", error=str(exc))
            except discord.NotFound as exc:
                return _Sent("gone", error=str(exc))
            except discord.RateLimited as exc:
                return _Sent("retry", error=str(exc))
            except discord.HTTPException as exc:
                status = "retry" if exc.status >= 500 or exc.status == 429 else "failed"
                return _Sent(status, error=str(exc))
            except (aiohttp.ClientError, OSError) as exc:
                return _Sent("retry", error=type(exc).__name__)

    async def _dm(self, notice: Notice, rendered: Rendered) -> _Sent:
        user = self._client.get_user(notice.target_id)
        if user is None:
            user = await self._client.fetch_user(notice.target_id)
        try:
            message = await user.send(nonce=f"n{notice.id}", **_message_parts(rendered))
        except discord.Forbidden as exc:
            # Whatever the code, a DM Discord refuses is a closed DM to the member.
            return _Sent("closed", error=str(exc))
        return _Sent("sent", message)

    async def _post(
        self, channel_id: int | None, content: str | None, rendered: Rendered, *, nonce: str
    ) -> _Sent:
        channel = self._client.get_channel(channel_id) if channel_id is not None else None
        if not isinstance(channel, discord.abc.Messageable):
            return _Sent("failed", error="no such channel")
        parts = _message_parts(rendered)
        parts["content"] = content
        parts["allowed_mentions"] = discord.AllowedMentions(
            everyone=False, roles=False, users=[discord.Object(i) for i in rendered.ping]
        )
        if rendered.reply_to is not None and channel_id is not None:
            parts["reference"] = discord.MessageReference(
                message_id=rendered.reply_to, channel_id=channel_id, fail_if_not_exists=False
            )
        message = await channel.send(nonce=nonce, **parts)
        return _Sent("sent", message)

    async def _edit(self, notice: Notice, rendered: Rendered) -> _Sent:
        channel = self._client.get_channel(notice.target_id)
        if not isinstance(channel, discord.abc.Messageable) or notice.message_id is None:
            return _Sent("failed", error="no such channel")
        partial = channel.get_partial_message(notice.message_id)
        message = await partial.edit(**_message_parts(rendered, editing=True))
        return _Sent("sent", message)

    async def _delete(self, notice: Notice) -> _Sent:
        channel = self._client.get_channel(notice.target_id)
        if not isinstance(channel, discord.abc.Messageable) or notice.message_id is None:
            return _Sent("gone")
        partial = channel.get_partial_message(notice.message_id)
        await partial.delete()
        return _Sent("sent")

    # --- built-in kinds ---------------------------------------------------------------

    async def _render_nothing(self, notice: Notice) -> Rendered:
        return Rendered()  # a take-down: the deletion needs no words

    async def _render_failed(self, notice: Notice) -> Rendered:
        spec = self._kinds.get(str(notice.payload.get("kind", "")))
        what = spec.label if spec is not None else "a message"
        members = [int(i) for i in notice.payload.get("members", [])]
        if members:
            who = ", ".join(f"<@{i}>" for i in members)
            return Rendered(content=text.FAILED_MEMBERS.format(what=what, who=who))
        return Rendered(content=text.FAILED_POST.format(what=what))


def _message_parts(rendered: Rendered, *, editing: bool = False) -> dict[str, Any]:
    parts: dict[str, Any] = {}
    if rendered.content is not None or editing:
        parts["content"] = rendered.content
    if rendered.embed is not None or editing:
        parts["embed"] = rendered.embed
    if rendered.view is not None or editing:
        parts["view"] = rendered.view
    return parts


def closed_dms_note(count: int, channel_id: int | None) -> str | None:
    """For a coordinator: how many members have DMs closed and where they are mentioned."""
    if count <= 0:
        return None
    if channel_id is None:
        template = text.CLOSED_NOWHERE_ONE if count == 1 else text.CLOSED_NOWHERE
        return template.format(count=count)
    template = text.CLOSED_COUNT_ONE if count == 1 else text.CLOSED_COUNT
    return template.format(count=count, where=f"<#{channel_id}>")
