"""What the bot owes the panel about polls, and who must hear it.

Results, nudges and review reminders are marked as owed in the same transaction as the change
that causes them (closing, the nudge timer, the review timer) and delivered after commit; a
restart delivers what is still owed. Non-voters are found by computing each member's voter
key and checking it against the stored keys: there is no table of who voted. The ids found
are only held in memory while the nudges go out.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from bot.clock import Clock
from bot.services.anonymity import AnonSecret, voter_key
from bot.services.polls.lifecycle import MemberLookup, PollState, state_in
from storage import guild_settings
from storage import polls as repo
from storage.database import Database
from storage.polls import Outcome, Poll


@dataclass(frozen=True, slots=True)
class ReviewDue:
    """A review reminder to send: the outcome and its poll's final state."""

    outcome: Outcome
    state: PollState
    coordinators: tuple[int, ...]  # who to remind (holders of the coordinator role)


@dataclass(frozen=True, slots=True)
class Owed:
    """Everything about polls still to be delivered."""

    results: tuple[PollState, ...]
    nudges: tuple[Poll, ...]
    reviews: tuple[ReviewDue, ...]

    def __bool__(self) -> bool:
        return bool(self.results or self.nudges or self.reviews)


async def owed(db: Database, members: MemberLookup) -> Owed:
    """Results, nudges and review reminders that are due and not yet delivered."""
    async with db.read() as conn:
        polls = await repo.owed(conn)
        results = tuple(
            [await state_in(conn, p, members) for p in polls if p.result_state == "due"]
        )
        nudges = tuple(p for p in polls if p.nudge_state == "due")
        reviews = []
        for outcome in await repo.reviews_due(conn):
            poll = await repo.get(conn, outcome.poll_id)
            if poll is not None:
                settings = await guild_settings.get(conn, poll.guild_id)
                coordinators = (
                    ()
                    if settings.coordinator_role_id is None
                    else tuple(members(poll.guild_id, settings.coordinator_role_id) or ())
                )
                state = await state_in(conn, poll, members)
                reviews.append(ReviewDue(outcome, state, coordinators))
    return Owed(results, nudges, tuple(reviews))


async def result_posted(db: Database, state: PollState, message_id: int | None) -> None:
    """The result is in the channel (or could not be posted: message_id None). A poll that
    closed before the member list was known (at start-up) keeps the count it was shown with."""
    async with db.transaction() as conn:
        await repo.set_electorate(conn, state.poll.id, state.electorate)
        await repo.mark_result_posted(conn, state.poll.id, message_id)


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


async def nudged(db: Database, secret: AnonSecret, poll: Poll, member_ids: Iterable[int]) -> None:
    """Record (by voter key) that these members were nudged, so nobody is nudged twice."""
    keys = [voter_key(secret, poll.guild_id, poll.id, m) for m in member_ids]
    async with db.transaction() as conn:
        await repo.add_nudged(conn, poll.id, keys)


async def nudge_done(db: Database, poll_id: int) -> None:
    """Every non-voter has been nudged (or the poll closed first)."""
    async with db.transaction() as conn:
        await repo.set_nudge_state(conn, poll_id, "sent")


async def review_sent(db: Database, outcome_id: int) -> None:
    """The review reminder went out to the coordinators."""
    async with db.transaction() as conn:
        await repo.set_review_state(conn, outcome_id, "sent", only_from="due")
