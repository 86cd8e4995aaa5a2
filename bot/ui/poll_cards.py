"""How polls look: the public poll message, results with text bars, receipts and notes.

Everything here is formatting: the rules (what is hidden, who passed) come from
bot/services/polls. Times are Discord timestamps, which every member sees in their own zone.
While a poll's counts are hidden its state carries no tally, so nothing here can show one.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

import discord

from bot.services.polls import rules
from bot.services.polls.lifecycle import OutcomeSaved, PollState
from bot.services.polls.voting import Receipt
from bot.text import formatting
from bot.text import polls as text
from storage.polls import Option, Poll

BAR = "█"
BAR_WIDTH = 10
DESCRIPTION_LIMIT = 4096
REASONS_PER_EMBED = 3500


def full(when: datetime) -> str:
    """A Discord timestamp with the date and time."""
    return formatting.when_full(when)


def relative(when: datetime) -> str:
    """A Discord timestamp like "in 2 days"."""
    return formatting.when_rel(when)


def message_link(guild_id: int, channel_id: int, message_id: int | None) -> str:
    """A link to a message (or to the channel when the message is not known)."""
    if message_id is None:
        return f"<#{channel_id}>"
    return f"https://discord.com/channels/{guild_id}/{channel_id}/{message_id}"


def poll_link(poll: Poll) -> str:
    """A link to the public poll message."""
    return message_link(poll.guild_id, poll.channel_id, poll.message_id)


def option_name(poll: Poll, option: Option) -> str:
    """An option in words: a fixed answer's name, the typed text, or "Time 2"."""
    if poll.kind in rules.FIXED_ANSWERS:
        return text.ANSWER_NAMES.get(option.label, option.label)
    if poll.kind == rules.TIME:
        return f"Time {option.position + 1}"
    return option.label


def turnout(voters: int, members: int, *, closed: bool = False) -> str:
    """ "4 of 9 have voted." (or "voted." once closed)."""
    if closed:
        if voters == 1:
            return text.RESULT_TURNOUT_ONE.format(members=members)
        return text.RESULT_TURNOUT.format(voters=voters, members=members)
    if voters == 1:
        return text.TURNOUT_ONE.format(members=members)
    return text.TURNOUT.format(voters=voters, members=members)


def bar(count: int, most: int) -> str:
    """A text bar for a count, at most BAR_WIDTH long (scaled to the biggest count)."""
    if count <= 0 or most <= 0:
        return ""
    width = count if most <= BAR_WIDTH else max(1, (count * BAR_WIDTH + most // 2) // most)
    return BAR * width + " "


def _rule_lines(poll: Poll) -> list[str]:
    if poll.kind == rules.CONSENSUS:
        lines = [text.RULE_AGREEMENT.format(threshold=poll.threshold)]
    elif poll.kind == rules.GRADIENT:
        lines = [text.RULE_GRADIENT.format(threshold=poll.threshold)]
    elif poll.kind == rules.TIME:
        lines = [text.RULE_TIME]
    else:
        lines = [text.RULE_CHOICE]
    if poll.quorum is not None:
        lines.append(text.RULE_QUORUM.format(quorum=poll.quorum))
    return lines


def _meaning_lines(poll: Poll, options: Sequence[Option]) -> tuple[str, list[str]]:
    if poll.kind in rules.FIXED_ANSWERS:
        meanings = text.ANSWER_MEANINGS[poll.kind]
        return text.CARD_MEANINGS, [
            f"**{option_name(poll, o)}**: {meanings[o.label]}" for o in options
        ]
    if poll.kind == rules.TIME:
        lines = [f"**Time {o.position + 1}**: {full(o.starts_at)}" for o in options if o.starts_at]
        return text.CARD_TIMES, [*lines, text.TIME_MEANING]
    lines = [f"{o.position + 1}. {o.label}" for o in options]
    lines.append(text.CHOICE_MEANING_MANY if poll.multiple else text.CHOICE_MEANING_ONE)
    return text.CARD_OPTIONS, lines


def count_lines(state: PollState) -> list[str]:
    """One line per option with a text bar and a number (needs visible counts)."""
    assert state.tally is not None
    poll = state.poll
    by_position = {o.position: o for o in state.options}
    if poll.kind == rules.TIME:
        ranked = rules.rank_times(state.tally.options)
        most = max((max(o.yes, o.if_needed, o.no) for o in ranked), default=0)
        lines = []
        for row in ranked:
            option = by_position[row.position]
            when = full(option.starts_at) if option.starts_at else ""
            lines.append(f"**{option_name(poll, option)}**, {when}")
            lines.append(
                f"Yes: {bar(row.yes, most)}{row.yes} · If needed: {bar(row.if_needed, most)}"
                f"{row.if_needed} · No: {bar(row.no, most)}{row.no}"
            )
        return lines
    most = max((o.chosen for o in state.tally.options), default=0)
    return [
        f"{option_name(poll, by_position[o.position])}: {bar(o.chosen, most)}{o.chosen}"
        for o in state.tally.options
    ]


def decision_words(state: PollState) -> str:
    """The outcome in plain words: "Agreed", "Not agreed: 1 block", ..."""
    decision = state.decision
    assert decision is not None
    poll = state.poll
    by_position = {o.position: o for o in state.options}
    status = decision.status
    if status == "agreed":
        return text.AGREED
    if status == "blocked":
        if decision.blocks == 1:
            return text.NOT_AGREED_BLOCKS_ONE
        return text.NOT_AGREED_BLOCKS.format(count=decision.blocks)
    if status == "short":
        return text.NOT_AGREED_SHARE.format(
            percent=decision.agree_percent, threshold=decision.threshold
        )
    if status == "no_quorum":
        return text.NO_QUORUM + text.QUORUM_NOTE.format(quorum=decision.quorum)
    if status == "no_votes":
        return text.NO_VOTES
    if status == "no_views":
        return text.NO_VIEWS
    if status == "no_time":
        return text.NO_TIME
    top = [by_position[p] for p in decision.positions]
    if poll.kind == rules.TIME:
        times = [f"{option_name(poll, o)} ({full(o.starts_at)})" for o in top if o.starts_at]
        if status == "winner":
            return text.BEST_TIME.format(when_full=times[0])
        return text.TIED_TIMES.format(times=" and ".join(times))
    names = [option_name(poll, o) for o in top]
    if status == "winner":
        return text.WINNER.format(option=names[0])
    return text.TIE.format(options=" and ".join(names))


def _named_lines(state: PollState) -> list[str]:
    poll = state.poll
    by_position = {o.position: o for o in state.options}
    grouped: dict[tuple[int, int], list[str]] = {}
    for vote in state.named:
        grouped.setdefault((vote.position, vote.answer), []).append(f"<@{vote.member_id}>")
    lines = []
    for (position, answer), who in sorted(grouped.items()):
        name = option_name(poll, by_position[position])
        if poll.kind == rules.TIME:
            name = f"{name}, {text.TIME_ANSWER_NAMES[answer]}"
        lines.append(f"{name}: {', '.join(who)}")
    return lines


def poll_embed(state: PollState) -> discord.Embed:
    """The public poll message: question, meanings, who sees what, closing time, turnout."""
    poll = state.poll
    closed = not poll.is_open
    lines = [f"**{poll.question}**", ""]
    if state.session_title:
        lines[1:1] = [text.CARD_SESSION.format(title=state.session_title)]
    heading, meanings = _meaning_lines(poll, state.options)
    lines += [f"__{heading}__", *meanings, ""]
    who_sees = text.SECRET if poll.anonymous else text.NAMED
    counts_note = text.HIDDEN_COUNTS if poll.hide_results else text.OPEN_COUNTS
    lines += [f"__{text.CARD_WHO_SEES}__", f"{who_sees} {counts_note}", ""]
    lines += [f"__{text.CARD_HOW_DECIDED}__", " ".join(_rule_lines(poll)), ""]
    lines.append(f"__{text.CARD_CLOSES}__")
    if closed and poll.closed_at is not None:
        lines.append(text.CLOSED_AT.format(when_full=full(poll.closed_at)))
    elif poll.closes_at is not None:
        lines.append(
            text.CLOSES_AT.format(when_full=full(poll.closes_at), when_rel=relative(poll.closes_at))
        )
    else:
        lines.append(text.CLOSES_BY_HAND)
    lines += [
        "",
        f"__{text.CARD_TURNOUT}__",
        turnout(state.voters, state.electorate, closed=closed),
    ]
    if not closed:
        lines.append(text.CHANGE_NOTE)
        if state.tally is not None:
            lines += ["", f"__{text.CARD_RESULTS_SO_FAR}__", *count_lines(state)]
    embed = discord.Embed(
        title=text.CARD_CLOSED_TITLE if closed else text.CARD_TITLE,
        description="\n".join(lines)[:DESCRIPTION_LIMIT],
    )
    embed.set_footer(text=f"Poll #{poll.id}")
    return embed


def _reason_line(state: PollState, position: int, reason: str, member_id: int | None) -> str:
    by_position = {o.position: o for o in state.options}
    answer = option_name(state.poll, by_position[position])
    if member_id is not None and not state.poll.anonymous:
        return text.RESULT_REASON_NAMED.format(answer=answer, who=f"<@{member_id}>", reason=reason)
    return text.RESULT_REASON_LINE.format(answer=answer, reason=reason)


def result_embeds(state: PollState) -> list[discord.Embed]:
    """The result: counts as bars with numbers, turnout, outcome, then the reasons.

    The first embed is the result; reasons that do not fit follow in more embeds, each to
    be sent as its own message (Discord allows 6,000 characters per message).
    """
    poll = state.poll
    lines = [text.RESULT_QUESTION.format(question=poll.question), ""]
    lines += count_lines(state)
    lines += ["", turnout(state.voters, state.electorate, closed=True)]
    lines.append(text.RESULT_OUTCOME.format(outcome=decision_words(state)))
    if state.named:
        lines += ["", f"__{text.RESULT_NAMES}__", *_named_lines(state)]
    if poll.message_id is not None:
        lines += ["", text.RESULT_LINK.format(link=poll_link(poll))]
    first = discord.Embed(title=text.RESULT_TITLE, description="\n".join(lines))
    embeds = [first]
    if not state.reasons:
        return embeds
    reason_lines = [_reason_line(state, r.position, r.reason, r.member_id) for r in state.reasons]
    heading = f"__{text.RESULT_REASONS}__"
    room = DESCRIPTION_LIMIT - len(first.description or "") - len(heading) - 4
    fitted: list[str] = []
    while reason_lines and sum(len(x) + 1 for x in fitted) + len(reason_lines[0]) + 1 < room:
        fitted.append(reason_lines.pop(0))
    if fitted:
        first.description = "\n".join([first.description or "", "", heading, *fitted])
    while reason_lines:
        chunk: list[str] = []
        while reason_lines and sum(len(x) + 1 for x in chunk) + len(reason_lines[0]) < (
            REASONS_PER_EMBED
        ):
            chunk.append(reason_lines.pop(0))
        if not chunk:  # a single line longer than the room (cannot happen at 500 letters)
            chunk.append(reason_lines.pop(0)[:REASONS_PER_EMBED])
        more = text.RESULT_MORE_REASONS.format(question=poll.question)
        embeds.append(discord.Embed(description="\n".join([more, "", *chunk])))
    return embeds


def results_reply(state: PollState) -> list[discord.Embed]:
    """/poll results: the result once closed; before, counts only if they are not hidden."""
    if not state.poll.is_open:
        return result_embeds(state)
    lines = [text.RESULT_QUESTION.format(question=state.poll.question), ""]
    if state.tally is None:
        lines += [text.RESULTS_HIDDEN, turnout(state.voters, state.electorate)]
    else:
        lines += [
            text.RESULTS_SO_FAR,
            "",
            *count_lines(state),
            "",
            turnout(state.voters, state.electorate),
        ]
    return [discord.Embed(title=text.RESULT_TITLE, description="\n".join(lines))]


def receipt_text(receipt: Receipt) -> str:
    """The private receipt after a vote: the choice, and that it can be changed until close."""
    poll = receipt.poll
    lines: list[str] = []
    if poll.kind == rules.TIME:
        parts = []
        for option in receipt.options:
            if option.position in receipt.answers:
                answer = text.TIME_ANSWER_NAMES[receipt.answers[option.position]]
                parts.append(f"{option_name(poll, option)}: {answer}")
        lines.append(text.RECEIPT_TIME_ALL.format(answers=", ".join(parts)))
    else:
        names = [option_name(poll, o) for o in receipt.chosen()]
        if len(names) == 1:
            lines.append(text.RECEIPT.format(choice=names[0]))
        else:
            lines.append(text.RECEIPT_MANY.format(choices=", ".join(names)))
    if receipt.reason_saved:
        lines.append(text.RECEIPT_REASON)
    if receipt.reason_dropped:
        lines.append(text.RECEIPT_REASON_GONE)
    if poll.closes_at is not None:
        lines.append(text.RECEIPT_CHANGE.format(when_rel=relative(poll.closes_at)))
    else:
        lines.append(text.RECEIPT_CHANGE_BY_HAND)
    lines.append(text.RECEIPT_SECRET if poll.anonymous else text.RECEIPT_NAMED)
    return "\n".join(lines)


def we_did_embed(saved: OutcomeSaved) -> discord.Embed:
    """The public "You said, we did" message."""
    state = saved.state
    poll = state.poll
    lines = [
        text.WE_DID_QUESTION.format(question=poll.question),
        text.WE_DID_RESULT.format(
            outcome=decision_words(state),
            turnout=turnout(state.voters, state.electorate, closed=True),
        ),
        "",
        text.WE_DID_TEXT.format(text=saved.outcome.text),
    ]
    if saved.review_at is not None:
        lines += [
            "",
            text.WE_DID_REVIEW.format(when_full=formatting.when_date(saved.review_at)),
        ]
    lines += ["", text.WE_DID_LINK.format(link=poll_link(poll))]
    return discord.Embed(title=text.WE_DID_TITLE, description="\n".join(lines))


def nudge_text(poll: Poll) -> str:
    """The direct message to a member who has not voted yet."""
    assert poll.closes_at is not None
    return text.NUDGE.format(
        question=poll.question,
        channel=f"<#{poll.channel_id}>",
        when_rel=relative(poll.closes_at),
        link=poll_link(poll),
    )


def nudge_in_channel(poll: Poll, member_ids: Sequence[int]) -> str:
    """One channel message for members whose direct messages are closed (only them). A
    secret poll's does not say they have not voted: it names voters with closed DMs too."""
    assert poll.closes_at is not None
    words = text.NUDGE_IN_CHANNEL_SECRET if poll.anonymous else text.NUDGE_IN_CHANNEL
    return words.format(
        mentions=" ".join(f"<@{m}>" for m in member_ids),
        question=poll.question,
        when_rel=relative(poll.closes_at),
        link=poll_link(poll),
    )


def review_text(state: PollState, outcome_text: str, outcome_message_id: int | None) -> str:
    """The review-date reminder to coordinators, linking the poll and its outcome."""
    poll = state.poll
    return text.REVIEW_REMINDER.format(
        question=poll.question,
        text=outcome_text,
        link=poll_link(poll),
        outcome_link=message_link(poll.guild_id, poll.channel_id, outcome_message_id),
    )
