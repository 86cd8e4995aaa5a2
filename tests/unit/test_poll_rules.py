"""The outcome rules of polls, at their edges: thresholds, ties, zero votes, quorum met."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.services.polls.rules import (
    CHOICE,
    CONSENSUS,
    GRADIENT,
    IF_NEEDED,
    NO,
    TIME,
    YES,
    OptionTally,
    decide,
    decide_agreement,
    decide_choice,
    decide_time,
    rank_times,
    tally,
)

counts = st.integers(min_value=0, max_value=60)
thresholds = st.integers(min_value=1, max_value=100)
quorums = st.one_of(st.none(), st.integers(min_value=1, max_value=200))


def _agreement(agree: int, disagree: int, block: int, abstain: int = 0, **kw: object) -> str:
    voters = agree + disagree + block + abstain
    return decide_agreement(
        agree=agree,
        disagree=disagree,
        block=block,
        voters=voters,
        threshold=kw.get("threshold", 75),  # type: ignore[arg-type]
        quorum=kw.get("quorum"),  # type: ignore[arg-type]
    ).status


# --- consensus: the examples from the issue ---------------------------------------------------


def test_three_agree_one_disagree_reaches_75_percent_exactly() -> None:
    assert _agreement(3, 1, 0) == "agreed"


def test_one_block_stops_an_otherwise_unanimous_poll() -> None:
    decision = decide_agreement(agree=9, disagree=0, block=1, voters=10, threshold=75, quorum=None)
    assert (decision.status, decision.blocks) == ("blocked", 1)


def test_sixty_percent_is_not_enough_for_75() -> None:
    decision = decide_agreement(agree=3, disagree=2, block=0, voters=5, threshold=75, quorum=None)
    assert (decision.status, decision.agree_percent, decision.threshold) == ("short", 60, 75)


def test_too_few_voters_for_the_quorum_is_no_decision() -> None:
    assert _agreement(4, 0, 0, quorum=5) == "no_quorum"


def test_quorum_exactly_met_makes_a_decision() -> None:
    assert _agreement(5, 0, 0, quorum=5) == "agreed"


def test_abstentions_count_towards_the_quorum() -> None:
    assert _agreement(1, 0, 0, abstain=4, quorum=5) == "agreed"


def test_zero_votes_is_no_decision() -> None:
    assert _agreement(0, 0, 0) == "no_votes"


def test_zero_votes_with_a_quorum_says_the_quorum_was_missed() -> None:
    assert _agreement(0, 0, 0, quorum=1) == "no_quorum"


def test_only_abstentions_is_no_decision() -> None:
    assert _agreement(0, 0, 0, abstain=3) == "no_views"


def test_a_tie_between_agree_and_disagree_passes_only_at_50_or_less() -> None:
    assert (_agreement(2, 2, 0, threshold=50), _agreement(2, 2, 0, threshold=51)) == (
        "agreed",
        "short",
    )


def test_the_shown_share_is_rounded_down_so_it_never_reads_as_enough() -> None:
    # 2 of 3 is 66.67%: shown as 66, below a threshold of 67
    decision = decide_agreement(agree=2, disagree=1, block=0, voters=3, threshold=67, quorum=None)
    assert (decision.status, decision.agree_percent) == ("short", 66)


def test_a_block_outweighs_a_quorum_that_was_met() -> None:
    assert _agreement(10, 0, 1, quorum=11) == "blocked"


def test_a_missed_quorum_is_reported_before_a_block() -> None:
    assert _agreement(1, 0, 1, quorum=5) == "no_quorum"


@pytest.mark.parametrize("threshold", [0, 101, -5])
def test_a_threshold_outside_1_to_100_is_refused(threshold: int) -> None:
    with pytest.raises(ValueError, match="threshold"):
        decide_agreement(agree=1, disagree=0, block=0, voters=1, threshold=threshold, quorum=None)


# --- consensus: properties --------------------------------------------------------------------


@given(agree=counts, disagree=counts, block=counts, abstain=counts, t=thresholds, q=quorums)
def test_agreed_exactly_when_every_rule_holds(
    agree: int, disagree: int, block: int, abstain: int, t: int, q: int | None
) -> None:
    voters = agree + disagree + block + abstain
    decision = decide_agreement(
        agree=agree, disagree=disagree, block=block, voters=voters, threshold=t, quorum=q
    )
    expected = (
        (q is None or voters >= q)
        and block == 0
        and agree + disagree > 0
        and agree * 100 >= t * (agree + disagree)
    )
    assert decision.passed is expected


@given(disagree=st.integers(min_value=1, max_value=100), t=st.integers(min_value=1, max_value=99))
def test_the_fewest_agrees_that_reach_the_threshold_pass_and_one_fewer_does_not(
    disagree: int, t: int
) -> None:
    # the smallest agree with agree / (agree + disagree) >= t / 100
    need = -(-t * disagree // (100 - t))
    assert _agreement(need, disagree, 0, threshold=t) == "agreed"
    if need > 0:
        assert _agreement(need - 1, disagree, 0, threshold=t) != "agreed"


@given(agree=counts, disagree=counts, block=st.integers(min_value=1, max_value=60), t=thresholds)
def test_any_block_means_not_agreed(agree: int, disagree: int, block: int, t: int) -> None:
    assert _agreement(agree, disagree, block, threshold=t) == "blocked"


@given(agree=counts, disagree=counts, abstain=counts, q=st.integers(min_value=1, max_value=200))
def test_quorum_exactly_met_never_says_not_enough_voted(
    agree: int, disagree: int, abstain: int, q: int
) -> None:
    voters = agree + disagree + abstain
    decision = decide_agreement(
        agree=agree, disagree=disagree, block=0, voters=voters, threshold=75, quorum=voters or 1
    )
    assert decision.status != "no_quorum" or voters == 0
    short = decide_agreement(
        agree=agree, disagree=disagree, block=0, voters=voters, threshold=75, quorum=voters + 1
    )
    assert short.status == "no_quorum"


@given(agree=counts, disagree=st.integers(min_value=0, max_value=60), t=thresholds)
def test_the_shown_share_is_below_the_threshold_whenever_it_fails(
    agree: int, disagree: int, t: int
) -> None:
    decision = decide_agreement(
        agree=agree, disagree=disagree, block=0, voters=agree + disagree, threshold=t, quorum=None
    )
    if decision.status == "short":
        assert decision.agree_percent < t


# --- gradient ---------------------------------------------------------------------------------


def _gradient(**votes: int) -> str:
    codes = ("strongly_agree", "agree", "not_sure", "disagree", "block")
    options = [(i, c, None) for i, c in enumerate(codes)]
    found = [(codes.index(c), 2, n) for c, n in votes.items() if n]
    return decide(
        tally(GRADIENT, options, found, sum(votes.values())), threshold=75, quorum=None
    ).status


def test_gradient_counts_strongly_agree_as_agree() -> None:
    assert _gradient(strongly_agree=2, agree=1, disagree=1) == "agreed"


def test_gradient_not_sure_is_neither_agree_nor_disagree() -> None:
    assert _gradient(agree=3, not_sure=5, disagree=1) == "agreed"


def test_gradient_block_stops_it() -> None:
    assert _gradient(strongly_agree=5, block=1) == "blocked"


def test_consensus_tally_reads_its_answers() -> None:
    codes = ("agree", "abstain", "disagree", "block")
    options = [(i, c, None) for i, c in enumerate(codes)]
    result = tally(CONSENSUS, options, [(0, 2, 3), (2, 2, 2)], 5)
    assert decide(result, threshold=75, quorum=None).agree_percent == 60


# --- choice -----------------------------------------------------------------------------------


def test_choice_most_votes_wins() -> None:
    decision = decide_choice([(0, 2), (1, 5), (2, 1)], voters=8, quorum=None)
    assert (decision.status, decision.positions) == ("winner", (1,))


def test_choice_tie_names_every_option_in_first_place() -> None:
    decision = decide_choice([(0, 3), (1, 1), (2, 3)], voters=7, quorum=None)
    assert (decision.status, decision.positions) == ("tie", (0, 2))


def test_choice_with_no_votes_is_no_decision() -> None:
    assert decide_choice([(0, 0), (1, 0)], voters=0, quorum=None).status == "no_votes"


def test_choice_quorum_exactly_met_decides() -> None:
    assert decide_choice([(0, 2), (1, 1)], voters=3, quorum=3).status == "winner"


def test_choice_tally_counts_each_pick() -> None:
    options = [(0, "A", None), (1, "B", None)]
    result = tally(CHOICE, options, [(0, 2, 2), (1, 2, 3)], 4)
    assert [o.chosen for o in result.options] == [2, 3]


@given(st.lists(st.integers(min_value=0, max_value=20), min_size=2, max_size=25))
def test_choice_winners_are_exactly_those_with_the_most(votes: list[int]) -> None:
    pairs = list(enumerate(votes))
    decision = decide_choice(pairs, voters=sum(votes), quorum=None)
    best = max(votes)
    if best == 0:
        assert decision.status == "no_votes"
    else:
        assert decision.positions == tuple(i for i, n in pairs if n == best)


# --- time -------------------------------------------------------------------------------------

T0 = datetime(2026, 3, 2, 10, tzinfo=UTC)


def _times(*answers: tuple[int, int, int]) -> list[OptionTally]:
    return [
        OptionTally(i, "", T0 + timedelta(days=i), yes=y, if_needed=m, no=n)
        for i, (y, m, n) in enumerate(answers)
    ]


def test_time_ranks_by_yes_first() -> None:
    ranked = rank_times(_times((1, 5, 0), (3, 0, 2), (2, 2, 1)))
    assert [o.position for o in ranked] == [1, 2, 0]


def test_time_if_needed_breaks_a_draw_on_yes() -> None:
    decision = decide_time(_times((2, 0, 1), (2, 1, 0)), voters=3, quorum=None)
    assert (decision.status, decision.positions) == ("winner", (1,))


def test_time_full_draw_is_a_tie() -> None:
    decision = decide_time(_times((2, 1, 0), (2, 1, 0), (1, 0, 2)), voters=3, quorum=None)
    assert (decision.status, decision.positions) == ("tie", (0, 1))


def test_time_nobody_can_come_is_no_decision() -> None:
    assert decide_time(_times((0, 0, 3), (0, 0, 3)), voters=3, quorum=None).status == "no_time"


def test_time_tally_reads_yes_if_needed_and_no() -> None:
    options = [(0, "", T0), (1, "", T0 + timedelta(days=1))]
    result = tally(TIME, options, [(0, YES, 2), (0, IF_NEEDED, 1), (1, NO, 3)], 3)
    assert [(o.yes, o.if_needed, o.no) for o in result.options] == [(2, 1, 0), (0, 0, 3)]
