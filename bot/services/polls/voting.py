"""Rules for voting: who may vote, one vote per member (changes replace it), reasons.

An anonymous poll stores only the member's voter key (an HMAC of guild, poll and member
under the anonymity secret), never the member's id; nothing here logs or audits who voted.
A named poll stores the member's id beside the key, as its message says before anyone votes.
"""

from __future__ import annotations

import logging
from collections.abc import Collection, Sequence
from dataclasses import dataclass

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
from storage.polls import Option, Poll

log = logging.getLogger(__name__)

REASON_MAX = 500


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


def may_vote(member_role_id: int | None, role_ids: Collection[int]) -> bool:
    """Members vote: people holding the member role (everyone until a member role is set)."""
    return member_role_id is None or member_role_id in role_ids


async def _ballot(
    conn: Conn,
    secret: AnonSecret,
    clock: Clock,
    *,
    guild_id: int,
    poll_id: int,
    user_id: int,
    role_ids: Collection[int],
    consent: ConsentCache,
) -> Ballot:
    settings = await guild_settings.get(conn, guild_id)
    if not may_vote(settings.member_role_id, role_ids):
        log.info("Refused a vote on poll %s from someone without the member role", poll_id)
        raise VoteRefused(text.VOTE_MEMBERS_ONLY)
    poll = await repo.get(conn, poll_id)
    if poll is None or poll.guild_id != guild_id:
        raise NotFound(text.NOT_FOUND)
    if not poll.is_open or (poll.closes_at is not None and clock.now() >= poll.closes_at):
        raise Conflict(text.VOTE_CLOSED)
    if not poll.anonymous and not consent.knows(guild_id, user_id):
        # Only a named poll keeps something personal (who voted): ask for consent first.
        if (await members.get(conn, guild_id, user_id)).consent_at is None:
            raise ConsentMissing()
        consent.remember(guild_id, user_id)
    options = tuple(await repo.options(conn, poll.id))
    key = voter_key(secret, guild_id, poll.id, user_id)
    return Ballot(poll, options, key, None if poll.anonymous else user_id)


def _check_positions(ballot: Ballot, positions: Sequence[int]) -> list[int]:
    chosen = sorted(set(positions))
    known = {o.position for o in ballot.options}
    if not chosen or any(p not in known for p in chosen) or ballot.poll.kind != rules.CHOICE:
        raise BadInput(text.VOTE_UNKNOWN_OPTION)
    if len(chosen) > 1 and not ballot.poll.multiple:
        raise BadInput(text.VOTE_PICK_ONE)
    return chosen


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
    async with db.transaction() as conn:
        ballot = await _ballot(
            conn,
            secret,
            clock,
            guild_id=guild_id,
            poll_id=poll_id,
            user_id=user_id,
            role_ids=role_ids,
            consent=consent,
        )
        chosen = _check_positions(ballot, positions)
        await repo.cast_vote(
            conn,
            ballot.poll.id,
            ballot.key,
            [(p, rules.CHOSEN) for p in chosen],
            member_id=ballot.member_id,
            drop_reason=False,
        )
    return Receipt(ballot.poll, ballot.options, dict.fromkeys(chosen, rules.CHOSEN))


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
    """Vote for a fixed answer ("agree", "block"...) of a consensus or gradient poll."""
    async with db.transaction() as conn:
        ballot = await _ballot(
            conn,
            secret,
            clock,
            guild_id=guild_id,
            poll_id=poll_id,
            user_id=user_id,
            role_ids=role_ids,
            consent=consent,
        )
        position = _fixed_position(ballot, answer)
        dropped = await repo.cast_vote(
            conn,
            ballot.poll.id,
            ballot.key,
            [(position, rules.CHOSEN)],
            member_id=ballot.member_id,
            drop_reason=True,
        )
    return Receipt(ballot.poll, ballot.options, {position: rules.CHOSEN}, reason_dropped=dropped)


def _fixed_position(ballot: Ballot, answer: str) -> int:
    if ballot.poll.kind not in rules.FIXED_ANSWERS:
        raise BadInput(text.VOTE_UNKNOWN_OPTION)
    for option in ballot.options:
        if option.label == answer:
            return option.position
    raise BadInput(text.VOTE_UNKNOWN_OPTION)


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
    async with db.transaction() as conn:
        ballot = await _ballot(
            conn,
            secret,
            clock,
            guild_id=guild_id,
            poll_id=poll_id,
            user_id=user_id,
            role_ids=role_ids,
            consent=consent,
        )
        if answer not in rules.REASON_CODES:
            raise BadInput(text.VOTE_UNKNOWN_OPTION)
        position = _fixed_position(ballot, answer)
        await repo.replace_votes(
            conn, ballot.poll.id, ballot.key, [(position, rules.CHOSEN)], member_id=ballot.member_id
        )
        await repo.set_reason(
            conn, ballot.poll.id, ballot.key, position, cleaned, member_id=ballot.member_id
        )
    return Receipt(
        ballot.poll,
        ballot.options,
        {position: rules.CHOSEN},
        reason_saved=cleaned is not None,
    )


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
    async with db.transaction() as conn:
        ballot = await _ballot(
            conn,
            secret,
            clock,
            guild_id=guild_id,
            poll_id=poll_id,
            user_id=user_id,
            role_ids=role_ids,
            consent=consent,
        )
        if ballot.poll.kind != rules.TIME or position not in {o.position for o in ballot.options}:
            raise BadInput(text.VOTE_UNKNOWN_OPTION)
        await repo.set_answer(
            conn, ballot.poll.id, ballot.key, position, answer, member_id=ballot.member_id
        )
        answers = await repo.answers_of(conn, ballot.poll.id, ballot.key)
    return Receipt(ballot.poll, ballot.options, answers)
