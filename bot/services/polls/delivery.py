"""What the bot owes the panel about polls, and who must hear it.

Results go through the notices outbox, queued in the transaction that closes the poll
(lifecycle.py), and so does "You said, we did", queued with the stored outcome and made from
it when sent. Review reminders are marked owed by their timer and handed to the outbox
once the coordinators are known (after start-up). Nudges are marked owed by their timer and
sent by the poll cog itself, not through the outbox: the outbox keeps one row per member it
writes to, and a row for each member who had not voted would be a table of who voted. Here
non-voters are found by computing each member's voter key and checking it against the stored
keys; the ids found are only held in memory while the nudges go out. Each member reached is
recorded by voter key as soon as their message went out, so a stop part-way sends the rest
after a restart and nobody again (a message cut off between sending and recording carries a
Discord nonce, so Discord does not show it twice). Members the bot could reach neither by DM
nor in the channel are tried again later from a timer (NUDGE_RETRY_DELAYS).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import timedelta

from bot.clock import Clock
from bot.services import notices
from bot.services.anonymity import AnonSecret, voter_key
from bot.services.polls.lifecycle import (
    KIND_NUDGE,
    NOTICE_REVIEW,
    MemberLookup,
    OutcomeSaved,
    PollState,
    review_moment,
    state_in,
)
from bot.services.timers import TimerService
from storage import guild_settings
from storage import notices as notice_repo
from storage import polls as repo
from storage import timers as timer_repo
from storage.database import Database
from storage.polls import Outcome, Poll

# Members who could not be reached at all are tried again this long after the first, second,
# third and fourth delivery (while the poll is open); after that the nudge is given up.
NUDGE_RETRY_DELAYS = (
    timedelta(minutes=1),
    timedelta(minutes=5),
    timedelta(minutes=15),
    timedelta(minutes=60),
)


@dataclass(frozen=True, slots=True)
class ReviewDue:
    """A review reminder to send: the outcome and its poll's final state."""

    outcome: Outcome
    state: PollState


@dataclass(frozen=True, slots=True)
class Owed:
    """Nudges and review reminders still to be delivered."""

    nudges: tuple[Poll, ...]
    reviews: tuple[Outcome, ...]

    def __bool__(self) -> bool:
        return bool(self.nudges or self.reviews)


async def owed(db: Database) -> Owed:
    """Nudges and review reminders that are due and not yet delivered."""
    async with db.read() as conn:
        nudges = tuple(p for p in await repo.owed(conn) if p.nudge_state == "due")
        reviews = tuple(await repo.reviews_due(conn))
    return Owed(nudges, reviews)


async def queue_review(db: Database, clock: Clock, outcome: Outcome, members: MemberLookup) -> bool:
    """Hand a due review reminder to the outbox: a DM to each coordinator (a post in the
    poll's channel when no coordinator role is set). False while the member list is unknown."""
    now = clock.now()
    async with db.transaction() as conn:
        poll = await repo.get(conn, outcome.poll_id)
        if poll is None:
            return True
        settings = await guild_settings.get(conn, poll.guild_id)
        coordinators: list[int] = []
        if settings.coordinator_role_id is not None:
            found = members(poll.guild_id, settings.coordinator_role_id)
            if found is None:
                return False
            coordinators = list(found)
        if not await repo.set_review_state(conn, outcome.id, "sent", only_from="due"):
            return True
        dedupe, payload = f"outcome:{outcome.id}", {"outcome_id": outcome.id}
        for member_id in coordinators:
            await notices.to_member(
                conn,
                NOTICE_REVIEW,
                member_id,
                now=now,
                guild_id=poll.guild_id,
                subject_id=poll.id,
                dedupe=dedupe,
                fallback_channel_id=poll.channel_id,
                payload=payload,
            )
        if not coordinators:
            await notices.to_channel(
                conn,
                NOTICE_REVIEW,
                poll.channel_id,
                now=now,
                guild_id=poll.guild_id,
                subject_id=poll.id,
                dedupe=dedupe,
                payload=payload,
            )
    return True


async def review(db: Database, outcome_id: int, members: MemberLookup) -> ReviewDue | None:
    """An outcome and its poll's final state (to write the review reminder)."""
    async with db.read() as conn:
        outcome = await repo.get_outcome(conn, outcome_id)
        poll = None if outcome is None else await repo.get(conn, outcome.poll_id)
        if outcome is None or poll is None:
            return None
        return ReviewDue(outcome, await state_in(conn, poll, members))


async def we_did(db: Database, outcome_id: int, members: MemberLookup) -> OutcomeSaved | None:
    """A stored outcome with its poll's final state and review time (to post "You said, we
    did"), or None when it is gone."""
    async with db.read() as conn:
        outcome = await repo.get_outcome(conn, outcome_id)
        poll = None if outcome is None else await repo.get(conn, outcome.poll_id)
        if outcome is None or poll is None:
            return None
        settings = await guild_settings.get(conn, poll.guild_id)
        current = await state_in(conn, poll, members)
    review_at = (
        None if outcome.review_on is None else review_moment(outcome.review_on, settings.timezone)
    )
    return OutcomeSaved(outcome=outcome, state=current, review_at=review_at, replaced=False)


async def nudge_targets(
    db: Database, secret: AnonSecret, clock: Clock, poll: Poll, members: MemberLookup
) -> list[int] | None:
    """Members who have not voted and were not nudged yet: empty once the poll is closed,
    None while the member list is not known."""
    async with db.read() as conn:
        current = await repo.get(conn, poll.id)
        if current is None or not current.is_open:
            return []
        if current.closes_at is not None and clock.now() >= current.closes_at:
            return []
        settings = await guild_settings.get(conn, poll.guild_id)
        done = await repo.voter_keys(conn, poll.id) | await repo.nudged_keys(conn, poll.id)
    found = members(poll.guild_id, settings.member_role_id)
    if found is None:
        return None
    return [m for m in found if voter_key(secret, poll.guild_id, poll.id, m) not in done]


async def channel_mentions(
    db: Database, poll: Poll, unreached: Iterable[int], members: MemberLookup
) -> list[int]:
    """Who a nudge's one channel mention names. In a named poll: the members not reached by
    direct message. In a secret poll, also every panel member known to have DMs closed,
    voted or not, so the channel cannot tell who has not voted; with nobody unreached there
    is no mention at all."""
    wanted = set(unreached)
    if not poll.anonymous or not wanted:
        return sorted(wanted)
    async with db.read() as conn:
        settings = await guild_settings.get(conn, poll.guild_id)
        panel = members(poll.guild_id, settings.member_role_id) or []
        closed = await notice_repo.closed_among(conn, poll.guild_id, panel)
    return sorted(wanted | set(closed))


async def nudged(db: Database, secret: AnonSecret, poll: Poll, member_ids: Iterable[int]) -> None:
    """Record (by voter key) that these members were reached, so nobody is nudged twice."""
    keys = [voter_key(secret, poll.guild_id, poll.id, m) for m in member_ids]
    async with db.transaction() as conn:
        await repo.add_nudged(conn, poll.id, keys)


async def nudge_done(db: Database, poll_id: int) -> None:
    """Every non-voter has been nudged (or the poll closed first)."""
    async with db.transaction() as conn:
        await repo.set_nudge_state(conn, poll_id, "sent")


async def nudge_later(
    db: Database, timers: TimerService, clock: Clock, poll: Poll, *, tried: int
) -> bool:
    """Some members could be reached neither by DM nor in the channel: try again from a
    timer after NUDGE_RETRY_DELAYS[tried - 1] (`tried`: deliveries so far). Gives up (the
    nudge counts as done) after the last delay, or when the poll closes first. True when a
    try is planned."""
    now = clock.now()
    made = None
    async with db.transaction() as conn:
        current = await repo.get(conn, poll.id)
        when = None if tried > len(NUDGE_RETRY_DELAYS) else now + NUDGE_RETRY_DELAYS[tried - 1]
        if (
            current is None
            or not current.is_open
            or when is None
            or (current.closes_at is not None and when >= current.closes_at)
        ):
            await repo.set_nudge_state(conn, poll.id, "sent")
            return False
        planned = await timer_repo.find_pending(
            conn,
            kind=KIND_NUDGE,
            guild_id=poll.guild_id,
            payload_key="poll_id",
            payload_value=poll.id,
        )
        if not planned:
            made = await timers.insert(
                conn, when, KIND_NUDGE, {"poll_id": poll.id, "tries": tried}, guild_id=poll.guild_id
            )
    if made is not None:
        timers.schedule(made)
    return True
