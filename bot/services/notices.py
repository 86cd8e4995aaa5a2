"""The notices outbox, service side: queue a message inside a transaction; delivery rules.

How a feature uses it (the whole API):

- Inside the transaction of the change that causes a message, call one of
  `to_member(conn, kind, member_id, ...)` (a DM, with a closed-DM fallback in a channel),
  `to_panel(conn, kind, ...)` (a DM to every member-role holder, worked out when it is sent),
  `to_channel(conn, kind, channel_id, ...)` (a post), `edit(conn, kind, channel_id,
  message_id, ...)` or `delete(conn, kind, channel_id, message_id, ...)`. Each takes the
  clock's `now`, the panel (`guild_id`), what the message is about (`subject_id`, e.g. a
  session or poll id), a `dedupe` text that tells repeats apart (the same kind, subject,
  target and dedupe are stored once: a retried command never sends twice), the JSON
  `payload` the kind's renderer needs, and the `owner_id` told once if it can never be
  delivered (usually the coordinator who caused it). `skip(conn, kind, subject_id, ...)`
  drops open notices that are no longer wanted. `take_down(conn, channel_id, message_id,
  ...)` deletes a post whose record was erased (see below); its kind needs no renderer.
- Nothing else: after commit the database wakes the notifier (bot/notifier.py), which
  renders each notice with the renderer the feature registered for its kind
  (`bot.notifier.register(kind, NoticeKind(...))`, usually in the cog's `cog_load`) and
  sends it. Outside a transaction-owning service (e.g. a test) `bot.notifier.wake()` does
  the same, and `await bot.notifier.wait_idle()` waits until everything due went out.

Delivery rules, kept here so the notifier only talks to Discord:

- A notice is claimed (pending -> sending, one more attempt) in the transaction that hands
  it to the notifier, and marked sent, skipped or failed when Discord answered. A crash
  between the two leaves it 'sending'; at start-up it is sent again with the same Discord
  nonce, so Discord itself drops the copy if the first one had gone out.
- A failure that may pass (5xx, 429, a timeout) is tried again after RETRY_DELAYS; after
  the last try the notice fails and its owner hears once, in one grouped report per
  batch ('notice.failed').
- A take-down ('post.take_down') holds only the channel and the message: no subject, no
  owner, no payload, so nothing in it points back to whose post it was. It is tried again
  like any other notice, and its row is deleted once it is done (or given up), so the
  outbox keeps no list of the posts one erase took down.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from bot.clock import Clock
from bot.services.timers import TimerService
from storage import notices as repo
from storage import timers as timer_repo
from storage.database import Conn, Database
from storage.guild_settings import GuildSettings
from storage.notices import Notice

# Tried again this long after the first, second, third and fourth failed try; the fifth
# failed try is the last.
RETRY_DELAYS = (
    timedelta(minutes=1),
    timedelta(minutes=5),
    timedelta(minutes=15),
    timedelta(minutes=60),
)
MAX_ATTEMPTS = len(RETRY_DELAYS) + 1

KIND_FAILED = "notice.failed"  # tells an owner that notices could not be delivered
KIND_TAKE_DOWN = "post.take_down"  # deletes a post whose record was erased; forgotten when done
TIMER_RETRY = "notices.retry"  # a timer that wakes the notifier when retries are due
# Retries due within this window share one wake-up timer.
RETRY_WINDOW = timedelta(seconds=30)


# --- queueing (inside the caller's transaction) -----------------------------------------


async def to_member(
    conn: Conn,
    kind: str,
    member_id: int,
    *,
    now: datetime,
    guild_id: int | None,
    subject_id: int = 0,
    dedupe: str = "",
    fallback_channel_id: int | None = None,
    owner_id: int | None = None,
    payload: dict[str, Any] | None = None,
) -> int | None:
    """Queue a DM to one member; return the notice id, or None when it was queued before.

    When their DMs are closed, the notifier mentions them in the panel's notices channel,
    else in `fallback_channel_id`.
    """
    return await repo.add(
        conn,
        kind=kind,
        audience=repo.MEMBER,
        now=now,
        guild_id=guild_id,
        subject_id=subject_id,
        target_id=member_id,
        dedupe=dedupe,
        channel_id=fallback_channel_id,
        owner_id=owner_id,
        payload=payload,
    )


async def to_panel(
    conn: Conn,
    kind: str,
    *,
    now: datetime,
    guild_id: int,
    subject_id: int = 0,
    dedupe: str = "",
    channel_id: int | None = None,
    owner_id: int | None = None,
    payload: dict[str, Any] | None = None,
) -> int | None:
    """Queue a DM to every member-role holder, worked out when it is sent.

    With no member role set, it is posted once in `channel_id` instead.
    """
    return await repo.add(
        conn,
        kind=kind,
        audience=repo.PANEL,
        now=now,
        guild_id=guild_id,
        subject_id=subject_id,
        dedupe=dedupe,
        channel_id=channel_id,
        owner_id=owner_id,
        payload=payload,
    )


async def to_channel(
    conn: Conn,
    kind: str,
    channel_id: int,
    *,
    now: datetime,
    guild_id: int | None,
    subject_id: int = 0,
    dedupe: str = "",
    owner_id: int | None = None,
    payload: dict[str, Any] | None = None,
) -> int | None:
    """Queue a post in a channel (the kind's `on_posted` hook learns the message id)."""
    return await repo.add(
        conn,
        kind=kind,
        audience=repo.CHANNEL,
        now=now,
        guild_id=guild_id,
        subject_id=subject_id,
        target_id=channel_id,
        dedupe=dedupe,
        channel_id=channel_id,
        owner_id=owner_id,
        payload=payload,
    )


async def edit(
    conn: Conn,
    kind: str,
    channel_id: int,
    message_id: int,
    *,
    now: datetime,
    guild_id: int | None,
    subject_id: int = 0,
    dedupe: str = "",
    payload: dict[str, Any] | None = None,
) -> int | None:
    """Queue an edit of a message the bot posted (the renderer gives the new content)."""
    return await repo.add(
        conn,
        kind=kind,
        audience=repo.EDIT,
        now=now,
        guild_id=guild_id,
        subject_id=subject_id,
        target_id=channel_id,
        dedupe=dedupe or str(message_id),
        channel_id=channel_id,
        message_id=message_id,
        payload=payload,
    )


async def delete(
    conn: Conn,
    kind: str,
    channel_id: int,
    message_id: int,
    *,
    now: datetime,
    guild_id: int | None,
    subject_id: int = 0,
) -> int | None:
    """Queue the deletion of a message the bot posted (a deleted one counts as done)."""
    return await repo.add(
        conn,
        kind=kind,
        audience=repo.DELETE,
        now=now,
        guild_id=guild_id,
        subject_id=subject_id,
        target_id=channel_id,
        dedupe=str(message_id),
        channel_id=channel_id,
        message_id=message_id,
    )


def fallback_channel(settings: GuildSettings, own_channel_id: int | None) -> int | None:
    """Where a member whose DMs are closed is mentioned instead: the panel's notices channel
    (/setup notices), else the notice's own channel (None: nowhere)."""
    return settings.notices_channel_id or own_channel_id


async def take_down(
    conn: Conn, channel_id: int, message_id: int, *, now: datetime, guild_id: int | None
) -> int | None:
    """Queue the deletion of a post whose record was erased (by its author or by retention).

    Only where the post is goes in the notice: no subject, no owner (nobody is told if it
    fails for good), so no member can be tied to it. Its row is deleted once it is done.
    """
    return await delete(conn, KIND_TAKE_DOWN, channel_id, message_id, now=now, guild_id=guild_id)


async def skip(
    conn: Conn, kind: str, subject_id: int, *, now: datetime, dedupe: str | None = None
) -> int:
    """Drop the open notices of a kind about a subject (of one dedupe, when given)."""
    return await repo.skip_open(conn, kind=kind, subject_id=subject_id, now=now, dedupe=dedupe)


async def about(db: Database, subject_id: int, kinds: Iterable[str]) -> list[Notice]:
    """Every notice of the given kinds about a subject (for views and tests)."""
    async with db.read() as conn:
        return await repo.about(conn, subject_id, kinds)


# --- delivery (called by the notifier) -------------------------------------------------


@dataclass(frozen=True, slots=True)
class Outcome:
    """What happened to one claimed notice."""

    notice: Notice
    status: str  # sent, skipped, failed, or 'retry' (a failure that may pass)
    via: str | None = None
    message_id: int | None = None
    error: str | None = None
    closed: bool = False  # the member's DMs refused it (it went to the fallback, if any)


RETRY = "retry"


async def start_up(db: Database) -> int:
    """Put notices a crash left half-sent back in the queue; return how many."""
    async with db.transaction() as conn:
        return await repo.release_cut_off(conn)


async def panels_due(db: Database, clock: Clock, *, limit: int = 100) -> list[Notice]:
    """Whole-panel notices whose time has come (to expand into one notice per member)."""
    async with db.read() as conn:
        return await repo.due(conn, clock.now(), limit=limit, audience=repo.PANEL)


async def expand(db: Database, clock: Clock, panel: Notice, members: Sequence[int]) -> int:
    """Replace a whole-panel notice by one DM notice per member; return how many are new."""
    now = clock.now()
    made = 0
    async with db.transaction() as conn:
        for member_id in members:
            added = await repo.add(
                conn,
                kind=panel.kind,
                audience=repo.MEMBER,
                now=now,
                guild_id=panel.guild_id,
                subject_id=panel.subject_id,
                target_id=member_id,
                dedupe=panel.dedupe,
                channel_id=panel.channel_id,
                owner_id=panel.owner_id,
                payload=panel.payload,
            )
            made += added is not None
        await repo.finish(conn, panel.id, status=repo.SENT, via="expanded", now=now)
    return made


async def claim_due(db: Database, clock: Clock, *, limit: int) -> list[Notice]:
    """Claim up to `limit` notices whose time has come (one more attempt each).

    The notifier claims one batch at a time and records every outcome before it claims the
    next, so a notice still 'sending' here was cut off (e.g. the database was busy when its
    outcome was written): it is due again, and its nonce keeps Discord from showing it twice.
    """
    now = clock.now()
    async with db.transaction() as conn:
        await repo.release_cut_off(conn)
        found = await repo.due(conn, now, limit=limit)
        return await repo.claim(conn, [n.id for n in found], now=now)


async def record(
    db: Database, timers: TimerService, clock: Clock, outcomes: Sequence[Outcome]
) -> list[Notice]:
    """Store what happened to claimed notices; schedule retries; report final failures.

    Returns the notices that failed for good.
    """
    now = clock.now()
    failed: list[Notice] = []
    new_timers = []
    async with db.transaction() as conn:
        for outcome in outcomes:
            notice = outcome.notice
            await _note_dms(conn, outcome, now)
            if outcome.status == RETRY and notice.attempts < MAX_ATTEMPTS:
                when = now + RETRY_DELAYS[notice.attempts - 1]
                await repo.retry_at(conn, notice.id, when, error=outcome.error or "")
                timer = await _wake_timer(conn, timers, when, now)
                if timer is not None:
                    new_timers.append(timer)
                continue
            status = repo.FAILED if outcome.status == RETRY else outcome.status
            if notice.kind == KIND_TAKE_DOWN:
                await repo.remove(conn, notice.id)  # done or given up: keep no trace
                continue
            await repo.finish(
                conn,
                notice.id,
                status=status,
                via=outcome.via,
                now=now,
                message_id=outcome.message_id,
                error=outcome.error,
            )
            if status == repo.FAILED:
                failed.append(notice)
                await _report(conn, notice, now)
    for timer in new_timers:
        timers.schedule(timer)
    return failed


async def _note_dms(conn: Conn, outcome: Outcome, now: datetime) -> None:
    """Remember who has DMs closed (and forget it once a DM goes through)."""
    notice = outcome.notice
    if notice.audience != repo.MEMBER or notice.guild_id is None:
        return
    if outcome.closed:
        await repo.mark_closed(conn, notice.guild_id, notice.target_id, now=now)
    elif outcome.via == "dm":
        await repo.mark_open(conn, notice.guild_id, notice.target_id)


async def closed_among(
    db: Database, guild_id: int, member_ids: Iterable[int] | None = None
) -> list[int]:
    """Members of a panel whose DMs were closed the last time the bot tried (among
    `member_ids`, when given): to tell coordinators how many get a mention instead."""
    async with db.read() as conn:
        return await repo.closed_among(conn, guild_id, member_ids)


async def latest_to(
    db: Database, kind: str, guild_id: int, member_ids: Iterable[int]
) -> dict[int, Notice]:
    """The newest notice of a kind to each member (how it went: `status` and `via`)."""
    async with db.read() as conn:
        found = await repo.latest_to(conn, kind=kind, guild_id=guild_id, member_ids=member_ids)
    return {n.target_id: n for n in found}


async def _wake_timer(
    conn: Conn, timers: TimerService, when: datetime, now: datetime
) -> timer_repo.Timer | None:
    """A timer that wakes the notifier at `when`, unless one is due close to it already."""
    near = await timer_repo.pending_between(
        conn, TIMER_RETRY, when - RETRY_WINDOW, when + RETRY_WINDOW
    )
    if near:
        return None
    return await timers.insert(conn, when, TIMER_RETRY, {})


async def _report(conn: Conn, notice: Notice, now: datetime) -> None:
    """Tell the notice's owner once that it could not be delivered (one report per batch)."""
    if notice.owner_id is None or notice.kind == KIND_FAILED:
        return
    dedupe = f"{notice.kind}:{notice.dedupe}"
    existing = await repo.find(
        conn,
        kind=KIND_FAILED,
        subject_id=notice.subject_id,
        target_id=notice.owner_id,
        dedupe=dedupe,
    )
    who = notice.target_id if notice.audience == repo.MEMBER else None
    if existing is not None:
        if existing.status == repo.PENDING and who is not None:
            members = sorted({*existing.payload.get("members", []), who})
            await repo.set_payload(conn, existing.id, {**existing.payload, "members": members})
        return
    await repo.add(
        conn,
        kind=KIND_FAILED,
        audience=repo.MEMBER,
        now=now,
        guild_id=notice.guild_id,
        subject_id=notice.subject_id,
        target_id=notice.owner_id,
        dedupe=dedupe,
        payload={"kind": notice.kind, "members": [] if who is None else [who]},
    )
