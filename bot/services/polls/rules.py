"""The pure rules of polls: kinds, answers, tallies and outcomes. No database, no Discord.

Consensus (and gradient) polls pass when nobody blocks, the share of "agree" among "agree"
and "disagree" reaches the threshold, and enough people voted (the quorum). Shares are
compared in whole numbers (agree x 100 >= threshold x (agree + disagree)), never in floats.
Choice polls are won by the most votes (a tie is a tie). Time polls rank times by Yes, then
by If needed.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Final, Literal

CONSENSUS: Final = "consensus"
GRADIENT: Final = "gradient"
CHOICE: Final = "choice"
TIME: Final = "time"
KINDS: Final = (CONSENSUS, GRADIENT, CHOICE, TIME)

# Fixed answers, in the order they are shown (label codes; words live in bot/text/polls.py).
FIXED_ANSWERS: Final[dict[str, tuple[str, ...]]] = {
    CONSENSUS: ("agree", "abstain", "disagree", "block"),
    GRADIENT: ("strongly_agree", "agree", "not_sure", "disagree", "block"),
}
AGREE_CODES: Final = frozenset({"agree", "strongly_agree"})
DISAGREE_CODES: Final = frozenset({"disagree"})
BLOCK_CODES: Final = frozenset({"block"})
# Answers that open the optional reason form.
REASON_CODES: Final = frozenset({"disagree", "block"})

# Answers for one time in a time poll, as stored.
YES: Final = 2
IF_NEEDED: Final = 1
NO: Final = 0
TIME_ANSWERS: Final = (YES, IF_NEEDED, NO)
# Other polls store each chosen option with this answer.
CHOSEN: Final = 2

DEFAULT_THRESHOLD: Final = 75


@dataclass(frozen=True, slots=True)
class OptionTally:
    """How one option fared: voters per answer (time polls) or voters who chose it."""

    position: int
    label: str
    starts_at: datetime | None
    chosen: int = 0  # consensus, gradient and choice polls
    yes: int = 0  # time polls
    if_needed: int = 0
    no: int = 0


@dataclass(frozen=True, slots=True)
class Tally:
    """Every option's counts and how many people voted."""

    kind: str
    options: tuple[OptionTally, ...]
    voters: int

    def chosen(self, codes: Iterable[str]) -> int:
        """Votes for the fixed answers with these codes."""
        wanted = set(codes)
        return sum(o.chosen for o in self.options if o.label in wanted)


def tally(
    kind: str,
    options: Sequence[tuple[int, str, datetime | None]],
    counts: Iterable[tuple[int, int, int]],
    voters: int,
) -> Tally:
    """Build a tally from (position, label, time) options and (position, answer, n) counts."""
    by_position: dict[int, dict[int, int]] = {}
    for position, answer, n in counts:
        by_position.setdefault(position, {})[answer] = n
    rows = []
    for position, label, starts_at in options:
        got = by_position.get(position, {})
        if kind == TIME:
            rows.append(
                OptionTally(
                    position,
                    label,
                    starts_at,
                    yes=got.get(YES, 0),
                    if_needed=got.get(IF_NEEDED, 0),
                    no=got.get(NO, 0),
                )
            )
        else:
            rows.append(OptionTally(position, label, starts_at, chosen=sum(got.values())))
    return Tally(kind=kind, options=tuple(rows), voters=voters)


# --- outcomes ------------------------------------------------------------------------------

Status = Literal[
    "agreed",  # consensus or gradient passed
    "blocked",  # not agreed: at least one block
    "short",  # not agreed: the share of agree is under the threshold
    "no_quorum",  # no decision: fewer voters than the quorum
    "no_votes",  # no decision: nobody voted
    "no_views",  # no decision: nobody agreed or disagreed (all abstained / not sure)
    "winner",  # choice or time: one option came first
    "tie",  # choice or time: several options share first place
    "no_time",  # time: no time suits anyone
]


@dataclass(frozen=True, slots=True)
class Decision:
    """The outcome of a poll, with what the words need."""

    status: Status
    blocks: int = 0
    agree_percent: int = 0  # rounded down, so it never reads as reaching the threshold
    threshold: int = DEFAULT_THRESHOLD
    quorum: int | None = None
    positions: tuple[int, ...] = ()  # the winning option(s), in order

    @property
    def passed(self) -> bool:
        """True when a consensus or gradient poll was agreed."""
        return self.status == "agreed"


def _quorum_unmet(voters: int, quorum: int | None) -> bool:
    return quorum is not None and voters < quorum


def decide_agreement(
    *, agree: int, disagree: int, block: int, voters: int, threshold: int, quorum: int | None
) -> Decision:
    """Consensus and gradient: quorum first, then blocks, then the share of agree."""
    if not 1 <= threshold <= 100:
        raise ValueError("threshold must be 1 to 100")
    if min(agree, disagree, block, voters) < 0:
        raise ValueError("counts cannot be negative")
    if _quorum_unmet(voters, quorum):
        return Decision("no_quorum", threshold=threshold, quorum=quorum)
    if voters == 0:
        return Decision("no_votes", threshold=threshold, quorum=quorum)
    if block > 0:
        return Decision("blocked", blocks=block, threshold=threshold, quorum=quorum)
    views = agree + disagree
    if views == 0:
        return Decision("no_views", threshold=threshold, quorum=quorum)
    percent = agree * 100 // views
    status: Status = "agreed" if agree * 100 >= threshold * views else "short"
    return Decision(status, agree_percent=percent, threshold=threshold, quorum=quorum)


def decide_choice(
    counts: Sequence[tuple[int, int]], *, voters: int, quorum: int | None
) -> Decision:
    """Choice: the option(s) with the most votes, given (position, votes) pairs."""
    if _quorum_unmet(voters, quorum):
        return Decision("no_quorum", quorum=quorum)
    best = max((n for _, n in counts), default=0)
    if voters == 0 or best == 0:
        return Decision("no_votes", quorum=quorum)
    top = tuple(position for position, n in counts if n == best)
    return Decision("winner" if len(top) == 1 else "tie", quorum=quorum, positions=top)


def rank_times(options: Sequence[OptionTally]) -> list[OptionTally]:
    """Times from best to worst: most Yes, then most If needed, then the earlier listed."""
    return sorted(options, key=lambda o: (-o.yes, -o.if_needed, o.position))


def decide_time(options: Sequence[OptionTally], *, voters: int, quorum: int | None) -> Decision:
    """Time: the time(s) with the most Yes, then the most If needed."""
    if _quorum_unmet(voters, quorum):
        return Decision("no_quorum", quorum=quorum)
    if voters == 0:
        return Decision("no_votes", quorum=quorum)
    ranked = rank_times(options)
    if not ranked or (ranked[0].yes == 0 and ranked[0].if_needed == 0):
        return Decision("no_time", quorum=quorum)
    best = (ranked[0].yes, ranked[0].if_needed)
    top = tuple(o.position for o in ranked if (o.yes, o.if_needed) == best)
    return Decision("winner" if len(top) == 1 else "tie", quorum=quorum, positions=top)


def decide(result: Tally, *, threshold: int, quorum: int | None) -> Decision:
    """The outcome of a poll from its tally."""
    if result.kind in (CONSENSUS, GRADIENT):
        return decide_agreement(
            agree=result.chosen(AGREE_CODES),
            disagree=result.chosen(DISAGREE_CODES),
            block=result.chosen(BLOCK_CODES),
            voters=result.voters,
            threshold=threshold,
            quorum=quorum,
        )
    if result.kind == TIME:
        return decide_time(result.options, voters=result.voters, quorum=quorum)
    return decide_choice(
        [(o.position, o.chosen) for o in result.options], voters=result.voters, quorum=quorum
    )
