"""Rules for voting: who may vote, one vote per member (changes replace it), reasons.

An anonymous poll stores only the member's voter key (an HMAC of guild, poll and member
under the anonymity secret), never the member's id; nothing here logs or audits who voted.
A named poll stores the member's id beside the key, as its message says before anyone votes.

Votes are written in batches (group commit): when members vote at the same moment, the votes
that queued while one transaction ran are checked and saved together in the next one, in a
single round trip to the database thread. A vote on its own is one batch of one. Each vote
is checked on its own; a refusal (not a member, poll closed...) touches only that vote, and a
batch the database refuses is written again one vote at a time. A receipt is only given once
its vote is committed.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import weakref
from collections.abc import Callable, Collection, Iterator, Sequence
from dataclasses import dataclass, field

from bot.clock import Clock
from bot.errors import BadInput, Conflict, LeapError, NotFound
from bot.services.anonymity import AnonSecret, voter_key
from bot.services.clean_text import clean_text
from bot.services.polls import rules
from bot.services.wellbeing.consent import ConsentCache
from bot.text import polls as text
from storage import guild_settings, members
from storage import polls as repo
from storage.database import Conn, Database
from storage.polls import Option, Poll, VoteWrite

log = logging.getLogger(__name__)

REASON_MAX = 500
BATCH = 100  # votes checked and written in one transaction at most


class VoteRefused(LeapError):
    """The person may not vote on this poll (not a member); nothing was stored."""


class ConsentMissing(Exception):
    """A named poll keeps the voter's id: the member must agree to what is kept first."""


@dataclass(frozen=True, slots=True)
class Receipt:
    """What a voter's answers are now, for their private receipt."""

    poll: Poll
    options: tuple[Option, ...]
    answers: dict[int, int]  # position -> answer (rules.CHOSEN, or YES / IF_NEEDED / NO)
    reason_saved: bool = False
    reason_dropped: bool = False

    def chosen(self) -> list[Option]:
        """The options this voter chose (consensus, gradient, choice)."""
        return [o for o in self.options if o.position in self.answers]


@dataclass(frozen=True, slots=True)
class Ballot:
    """What the voting rules need to know before a vote is stored."""

    poll: Poll
    options: tuple[Option, ...]
    key: str
    member_id: int | None  # only on named polls


@dataclass(frozen=True, slots=True)
class Voter:
    """Who is voting on which poll, with the roles they hold."""

    guild_id: int
    poll_id: int
    user_id: int
    role_ids: frozenset[int]


# Given the checked ballot: the write to make, and how to make the receipt from it (whether
# an old reason went, and the voter's answers after the write when the write asked for them).
Plan = Callable[[Ballot], tuple[VoteWrite, Callable[[bool, dict[int, int]], Receipt]]]


@dataclass
class _Request:
    voter: Voter
    plan: Plan
    future: asyncio.Future[Receipt] = field(
        default_factory=lambda: asyncio.get_running_loop().create_future()
    )

    def fail(self, error: BaseException) -> None:
        if not self.future.done():
            self.future.set_exception(error)

    def done(self, receipt: Receipt) -> None:
        if not self.future.done():
            self.future.set_result(receipt)


def may_vote(member_role_id: int | None, role_ids: Collection[int]) -> bool:
    """Members vote: people holding the member role (everyone until a member role is set)."""
    return member_role_id is None or member_role_id in role_ids


class VoteWriter:
    """Checks and saves the votes of one database, in batches when they come at once."""

    def __init__(self, db: Database, secret: AnonSecret, clock: Clock, consent: ConsentCache):
        self._db = db
        self._secret = secret
        self._clock = clock
        self._consent = consent
        self._queue: list[_Request] = []
        self._task: asyncio.Task[None] | None = None
        self._arrived = 0  # presses being handled now, counted from their first moment

    @property
    def busy(self) -> bool:
        """True while votes are being written or wait for their turn."""
        return bool(self._queue) or (self._task is not None and not self._task.done())

    @contextlib.contextmanager
    def arrival(self) -> Iterator[bool]:
        """Count one press while it is handled; yields True when others are being handled
        too (a burst: answer Discord first). Counted at once, before anything waits, so
        presses that arrive together all see each other."""
        crowded = self._arrived > 0 or self.busy
        self._arrived += 1
        try:
            yield crowded
        finally:
            self._arrived -= 1

    async def submit(self, voter: Voter, plan: Plan) -> Receipt:
        """Queue one vote; return its receipt once it is committed (or raise its refusal)."""
        request = _Request(voter, plan)
        self._queue.append(request)
        if self._task is None or self._task.done():
            self._task = asyncio.create_task(self._drain(), name="settle:poll-votes")
        return await request.future

    async def _drain(self) -> None:
        while self._queue:
            batch, self._queue[:] = self._queue[:BATCH], self._queue[BATCH:]
            try:
                await self._write(batch)
            except Exception as error:
                if len(batch) == 1:
                    batch[0].fail(error)
                    continue
                # The database refused the batch: nothing of it was saved. Write each vote
                # on its own, so one bad vote never costs the others theirs.
                log.warning("A batch of %d votes failed; writing them one by one", len(batch))
                for request in batch:
                    if request.future.done():
                        continue
                    try:
                        await self._write([request])
                    except Exception as single:
                        request.fail(single)

    async def _write(self, batch: list[_Request]) -> None:
        ready: list[tuple[_Request, Receipt]] = []
        async with self._db.transaction() as conn:
            planned = []
            for request in batch:
                if request.future.done():  # the voter stopped waiting (e.g. shutdown)
                    continue
                try:
                    ballot = await self._ballot(conn, request.voter)
                    write, finish = request.plan(ballot)
                except (LeapError, ConsentMissing) as refused:
                    request.fail(refused)
                    continue
                planned.append((request, write, finish))
            dropped = await repo.cast_votes(conn, [write for _, write, _ in planned])
            for (request, write, finish), gone in zip(planned, dropped, strict=True):
                answers = (
                    await repo.answers_of(conn, write.poll_id, write.voter_key)
                    if write.only_these
                    else {}
                )
                ready.append((request, finish(gone, answers)))
        for request, receipt in ready:  # only after the commit
            request.done(receipt)

    async def _ballot(self, conn: Conn, voter: Voter) -> Ballot:
        settings = await guild_settings.get(conn, voter.guild_id)
        if not may_vote(settings.member_role_id, voter.role_ids):
            log.info(
                "Refused a vote on poll %s from someone without the member role", voter.poll_id
            )
            raise VoteRefused(text.VOTE_MEMBERS_ONLY)
        poll = await repo.get(conn, voter.poll_id)
        if poll is None or poll.guild_id != voter.guild_id:
            raise NotFound(text.NOT_FOUND)
        if not poll.is_open or (poll.closes_at is not None and self._clock.now() >= poll.closes_at):
            raise Conflict(text.VOTE_CLOSED)
        if not poll.anonymous and not self._consent.knows(voter.guild_id, voter.user_id):
            # Only a named poll keeps something personal (who voted): ask for consent first.
            if (await members.get(conn, voter.guild_id, voter.user_id)).consent_at is None:
                raise ConsentMissing()
            self._consent.remember(voter.guild_id, voter.user_id)
        options = tuple(await repo.options(conn, poll.id))
        key = voter_key(self._secret, voter.guild_id, poll.id, voter.user_id)
        return Ballot(poll, options, key, None if poll.anonymous else voter.user_id)


_WRITERS: weakref.WeakKeyDictionary[Database, VoteWriter] = weakref.WeakKeyDictionary()


def writer(db: Database, secret: AnonSecret, clock: Clock, consent: ConsentCache) -> VoteWriter:
    """The one vote writer of a database."""
    found = _WRITERS.get(db)
    if found is None:
        found = _WRITERS[db] = VoteWriter(db, secret, clock, consent)
    return found


def busy(db: Database) -> bool:
    """True while votes queue to be written (a burst): answer Discord first."""
    found = _WRITERS.get(db)
    return found is not None and found.busy


# --- what each kind of vote writes ---------------------------------------------------------


def _fixed_position(ballot: Ballot, answer: str) -> int:
    if ballot.poll.kind not in rules.FIXED_ANSWERS:
        raise BadInput(text.VOTE_UNKNOWN_OPTION)
    for option in ballot.options:
        if option.label == answer:
            return option.position
    raise BadInput(text.VOTE_UNKNOWN_OPTION)


def _check_positions(ballot: Ballot, positions: Sequence[int]) -> list[int]:
    chosen = sorted(set(positions))
    known = {o.position for o in ballot.options}
    if not chosen or any(p not in known for p in chosen) or ballot.poll.kind != rules.CHOICE:
        raise BadInput(text.VOTE_UNKNOWN_OPTION)
    if len(chosen) > 1 and not ballot.poll.multiple:
        raise BadInput(text.VOTE_PICK_ONE)
    return chosen


async def choose_answer(
    db: Database,
    secret: AnonSecret,
    clock: Clock,
    *,
    guild_id: int,
    poll_id: int,
    user_id: int,
    role_ids: Collection[int],
    consent: ConsentCache,
    answer: str,
) -> Receipt:
    """Vote for a fixed answer ("agree", "block"...) of a consensus or gradient poll; a new
    vote replaces the old one, and a reason given for another answer goes."""

    def plan(ballot: Ballot) -> tuple[VoteWrite, Callable[[bool, dict[int, int]], Receipt]]:
        position = _fixed_position(ballot, answer)
        write = VoteWrite(
            ballot.poll.id,
            ballot.key,
            ((position, rules.CHOSEN),),
            ballot.member_id,
            drop_other_reason=True,
        )
        return write, lambda gone, _: Receipt(
            ballot.poll, ballot.options, {position: rules.CHOSEN}, reason_dropped=gone
        )

    voter = Voter(guild_id, poll_id, user_id, frozenset(role_ids))
    return await writer(db, secret, clock, consent).submit(voter, plan)


async def choose(
    db: Database,
    secret: AnonSecret,
    clock: Clock,
    *,
    guild_id: int,
    poll_id: int,
    user_id: int,
    role_ids: Collection[int],
    consent: ConsentCache,
    positions: Sequence[int],
) -> Receipt:
    """Vote on a choice poll (one option, or several if allowed); it replaces the old vote."""

    def plan(ballot: Ballot) -> tuple[VoteWrite, Callable[[bool, dict[int, int]], Receipt]]:
        chosen = _check_positions(ballot, positions)
        answers = tuple((p, rules.CHOSEN) for p in chosen)
        write = VoteWrite(ballot.poll.id, ballot.key, answers, ballot.member_id)
        return write, lambda gone, _: Receipt(ballot.poll, ballot.options, dict(answers))

    voter = Voter(guild_id, poll_id, user_id, frozenset(role_ids))
    return await writer(db, secret, clock, consent).submit(voter, plan)


async def choose_with_reason(
    db: Database,
    secret: AnonSecret,
    clock: Clock,
    *,
    guild_id: int,
    poll_id: int,
    user_id: int,
    role_ids: Collection[int],
    consent: ConsentCache,
    answer: str,
    reason: str | None,
) -> Receipt:
    """Vote Block or Disagree with an optional reason (empty: no reason)."""
    cleaned = clean_text(reason, what="reason", limit=REASON_MAX, multiline=True)
    if answer not in rules.REASON_CODES:
        raise BadInput(text.VOTE_UNKNOWN_OPTION)

    def plan(ballot: Ballot) -> tuple[VoteWrite, Callable[[bool, dict[int, int]], Receipt]]:
        position = _fixed_position(ballot, answer)
        write = VoteWrite(
            ballot.poll.id,
            ballot.key,
            ((position, rules.CHOSEN),),
            ballot.member_id,
            set_reason=True,
            reason=cleaned,
        )
        return write, lambda gone, _: Receipt(
            ballot.poll, ballot.options, {position: rules.CHOSEN}, reason_saved=cleaned is not None
        )

    voter = Voter(guild_id, poll_id, user_id, frozenset(role_ids))
    return await writer(db, secret, clock, consent).submit(voter, plan)


async def answer_time(
    db: Database,
    secret: AnonSecret,
    clock: Clock,
    *,
    guild_id: int,
    poll_id: int,
    user_id: int,
    role_ids: Collection[int],
    consent: ConsentCache,
    position: int,
    answer: int,
) -> Receipt:
    """Answer Yes, If needed or No for one time of a time poll (replacing the old answer)."""
    if answer not in rules.TIME_ANSWERS:
        raise BadInput(text.VOTE_UNKNOWN_OPTION)

    def plan(ballot: Ballot) -> tuple[VoteWrite, Callable[[bool, dict[int, int]], Receipt]]:
        if ballot.poll.kind != rules.TIME or position not in {o.position for o in ballot.options}:
            raise BadInput(text.VOTE_UNKNOWN_OPTION)
        write = VoteWrite(
            ballot.poll.id, ballot.key, ((position, answer),), ballot.member_id, only_these=True
        )
        return write, lambda _, answers: Receipt(ballot.poll, ballot.options, answers)

    voter = Voter(guild_id, poll_id, user_id, frozenset(role_ids))
    return await writer(db, secret, clock, consent).submit(voter, plan)
