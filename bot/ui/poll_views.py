"""Persistent poll buttons, the choice menu and the reason form.

Custom ids carry what a press needs (bot/ui/button_ids.py), so they work after a restart:

* `leap:poll:{poll}:vote:{option}` votes for a fixed answer (`agree`, `block`...); Block and
  Disagree then open the optional reason form;
* `leap:poll:{poll}:time:{time}:{answer}` answers one time of a time poll (`yes`,
  `if_needed`, `no`);
* `leap:poll:{id}:pick` is the menu of a choice poll.

After every saved vote the bot dispatches `poll_vote` (the cog refreshes the turnout line,
at most about once a second). Nothing here logs who voted.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Awaitable, Callable
from typing import Any, NamedTuple, Self

import discord

from bot.checks import ConsentNeeded, guild_id_of, leap_bot
from bot.error_handler import handle_interaction_error
from bot.replies import reply
from bot.services.polls import rules
from bot.services.polls import voting as service
from bot.text import polls as text
from bot.ui.base import LeapModal, LeapView, PersistentButton
from bot.ui.button_ids import ButtonId, IdKey
from bot.ui.poll_cards import receipt_text
from storage.polls import Option, Poll

VOTE_EVENT = "poll_vote"
ANSWER_STYLES = {
    "strongly_agree": discord.ButtonStyle.success,
    "agree": discord.ButtonStyle.success,
    "abstain": discord.ButtonStyle.secondary,
    "not_sure": discord.ButtonStyle.secondary,
    "disagree": discord.ButtonStyle.primary,
    "block": discord.ButtonStyle.danger,
}
TIME_CODES = {"yes": rules.YES, "if_needed": rules.IF_NEEDED, "no": rules.NO}
TIME_STYLES = {
    "yes": discord.ButtonStyle.success,
    "if_needed": discord.ButtonStyle.primary,
    "no": discord.ButtonStyle.secondary,
}


class VoteKey(NamedTuple):
    """A fixed answer of one poll."""

    poll: int
    option: str


class TimeKey(NamedTuple):
    """One answer for one time of a time poll."""

    poll: int
    time: int
    answer: str


def _role_ids(interaction: discord.Interaction[Any]) -> set[int]:
    user = interaction.user
    return {role.id for role in user.roles} if isinstance(user, discord.Member) else set()


def _voted(interaction: discord.Interaction[Any], poll_id: int) -> None:
    leap_bot(interaction).dispatch(VOTE_EVENT, poll_id)


class _Presses:
    """Presses Discord has not heard back about yet, on one event loop.

    In a burst, answering every press within Discord's 3 seconds matters more than a receipt
    a moment sooner: a press answered early waits until every press has been answered (at
    most RECEIPT_WAIT) before its vote is written, so the votes of a burst go to the
    database together, and receipts then go out a few at a time.
    """

    def __init__(self) -> None:
        self.unanswered = 0
        self.quiet = asyncio.Event()
        self.quiet.set()
        self.slots = asyncio.Semaphore(RECEIPTS_AT_ONCE)

    def arrived(self) -> None:
        self.unanswered += 1
        self.quiet.clear()

    def answered(self) -> None:
        self.unanswered -= 1
        if self.unanswered <= 0:
            self.unanswered = 0
            self.quiet.set()

    async def settled(self) -> None:
        """Wait until every press so far was answered (at most RECEIPT_WAIT)."""
        try:
            await asyncio.wait_for(self.quiet.wait(), RECEIPT_WAIT)
        except TimeoutError:
            pass


RECEIPTS_AT_ONCE = 8
RECEIPT_WAIT = 2.0
_presses: dict[asyncio.AbstractEventLoop, _Presses] = {}


def _now_pressing() -> _Presses:
    loop = asyncio.get_running_loop()
    found = _presses.get(loop)
    if found is None:
        _presses.clear()  # a loop from an earlier run (tests) is gone
        found = _presses[loop] = _Presses()
    return found


async def _receipt(
    interaction: discord.Interaction[Any], poll_id: int, receipt: service.Receipt
) -> None:
    _voted(interaction, poll_id)
    content = receipt_text(receipt)
    if not interaction.response.is_done():
        await reply(interaction, content)
        return
    presses = _now_pressing()
    await presses.settled()
    async with presses.slots:
        await reply(interaction, content)


# A vote that takes longer than this (a burst, or another program holding the database)
# answers Discord first ("thinking…") and sends the receipt when the vote is saved.
ANSWER_FIRST_AFTER = 1.0


async def _acknowledge(interaction: discord.Interaction[Any]) -> None:
    """Tell Discord the press was received, without a "thinking…" message: the receipt
    follows as a private message of its own once the vote is saved. (The cheapest answer
    Discord has, so a burst of presses is acknowledged as fast as a bare client could.)"""
    if not interaction.response.is_done():
        await interaction.response.defer()


Vote = Callable[[], Awaitable[service.Receipt]]
Then = Callable[[service.Receipt], Awaitable[None]]


async def _answer(
    interaction: discord.Interaction[Any], vote: Vote, then: Then, *, defer_first: bool
) -> None:
    """Save a vote, then answer: Discord hears at once when votes queue up (or after a
    second of waiting); a named poll asks for consent first; every refusal goes through the
    one error handler, naming nobody. Anyone may press: the service checks the member role,
    so a refusal stores nothing."""
    bot = leap_bot(interaction)
    votes = service.writer(bot.db, bot.anon_secret, bot.clock, bot.consent_cache)
    presses = _now_pressing()
    presses.arrived()
    waiting = True

    def answered() -> None:
        nonlocal waiting
        if waiting:
            waiting = False
            presses.answered()

    with votes.arrival() as crowded:
        try:
            if defer_first and (crowded or bot.db.busy):
                await _acknowledge(interaction)
                answered()
                await presses.settled()  # let the rest of the burst be answered first
            saving = asyncio.ensure_future(vote())
            if defer_first and not interaction.response.is_done():
                done, _ = await asyncio.wait({saving}, timeout=ANSWER_FIRST_AFTER)
                if not done:
                    await _acknowledge(interaction)
                    answered()
            try:
                receipt = await saving
            except service.ConsentMissing:
                raise ConsentNeeded() from None
            if not interaction.response.is_done():
                answered()  # the receipt (or the form) is the answer: nothing to wait for
            await then(receipt)
        except Exception as error:
            answered()
            await handle_interaction_error(interaction, error, anonymous=True)
        finally:
            answered()


class VoteButton(PersistentButton[VoteKey]):
    """Vote for one fixed answer (consensus, gradient); Block and Disagree open a form."""

    key_type = VoteKey
    custom_id_format = "leap:poll:{poll}:vote:{option}"
    label = "{option}"
    anonymous = True  # an error is logged naming nobody

    def __init__(self, key: VoteKey, *, row: int | None = 0) -> None:
        super().__init__(key, row=row)
        self.item.style = ANSWER_STYLES.get(key.option, discord.ButtonStyle.secondary)

    @classmethod
    def label_for(cls, key: VoteKey) -> str:
        """The answer's name, e.g. "Strongly agree"."""
        return text.ANSWER_NAMES.get(key.option, key.option)[:80]

    async def callback(self, interaction: discord.Interaction[Any]) -> None:
        """Save the vote; a form must be the first answer, so Block and Disagree never defer."""
        form = self.key.option in rules.REASON_CODES

        async def then(receipt: service.Receipt) -> None:
            _voted(interaction, self.key.poll)
            if form:
                await interaction.response.send_modal(ReasonForm(receipt.poll, self.key.option))
            else:
                await reply(interaction, receipt_text(receipt))

        await _answer(interaction, lambda: self.vote(interaction), then, defer_first=not form)

    async def vote(self, interaction: discord.Interaction[Any]) -> service.Receipt:
        """Save the vote."""
        bot = leap_bot(interaction)
        return await service.choose_answer(
            bot.db,
            bot.anon_secret,
            bot.clock,
            guild_id=guild_id_of(interaction),
            poll_id=self.key.poll,
            user_id=interaction.user.id,
            role_ids=_role_ids(interaction),
            consent=bot.consent_cache,
            answer=self.key.option,
        )


class TimeButton(PersistentButton[TimeKey]):
    """Answer Yes, If needed or No for one time of a time poll."""

    key_type = TimeKey
    custom_id_format = "leap:poll:{poll}:time:{time}:{answer}"
    label = "{time}"
    anonymous = True

    def __init__(self, key: TimeKey, *, row: int | None = None) -> None:
        super().__init__(key, row=min(key.time, 4) if row is None else row)
        self.item.style = TIME_STYLES.get(key.answer, discord.ButtonStyle.secondary)

    @classmethod
    def label_for(cls, key: TimeKey) -> str:
        """ "Time 2: If needed"."""
        answer = text.TIME_ANSWER_NAMES.get(TIME_CODES.get(key.answer, -1), key.answer)
        return text.TIME_BUTTON.format(number=key.time + 1, answer=answer)

    async def callback(self, interaction: discord.Interaction[Any]) -> None:
        """Save the answer and send a receipt."""
        await _answer(
            interaction,
            lambda: self.vote(interaction),
            lambda receipt: _receipt(interaction, self.key.poll, receipt),
            defer_first=True,
        )

    async def vote(self, interaction: discord.Interaction[Any]) -> service.Receipt:
        """Save the answer for this time."""
        bot = leap_bot(interaction)
        if self.key.answer not in TIME_CODES:
            raise service.VoteRefused(text.VOTE_UNKNOWN_OPTION)
        return await service.answer_time(
            bot.db,
            bot.anon_secret,
            bot.clock,
            guild_id=guild_id_of(interaction),
            poll_id=self.key.poll,
            user_id=interaction.user.id,
            role_ids=_role_ids(interaction),
            consent=bot.consent_cache,
            position=self.key.time,
            answer=TIME_CODES[self.key.answer],
        )


PICK = ButtonId("leap:poll:{id}:pick", IdKey)


class ChoiceMenu(discord.ui.DynamicItem[discord.ui.Select[Any]], template=PICK.template):
    """The menu of a choice poll: one option, or several when the poll allows it."""

    def __init__(
        self, poll_id: int, options: list[Option] | None = None, *, multiple: bool = False
    ):
        choices = [
            discord.SelectOption(label=o.label[:100], value=str(o.position)) for o in options or []
        ]
        super().__init__(
            discord.ui.Select(
                custom_id=PICK.build(IdKey(poll_id)),
                placeholder=text.CHOICE_PLACEHOLDER_MANY
                if multiple
                else text.CHOICE_PLACEHOLDER_ONE,
                min_values=1,
                max_values=max(1, len(choices)) if multiple else 1,
                options=choices or [discord.SelectOption(label="-", value="0")],
                row=0,
            )
        )
        self.poll_id = poll_id

    @classmethod
    async def from_custom_id(
        cls,
        interaction: discord.Interaction[Any],
        item: discord.ui.Item[Any],
        match: re.Match[str],
        /,
    ) -> Self:
        """Rebuild the menu from its custom id (the picked values come with the press)."""
        return cls(PICK.parse_match(match).id)

    async def callback(self, interaction: discord.Interaction[Any]) -> None:
        """Save the choice and send a receipt."""
        await _answer(
            interaction,
            lambda: self.vote(interaction),
            lambda receipt: _receipt(interaction, self.poll_id, receipt),
            defer_first=True,
        )

    async def vote(self, interaction: discord.Interaction[Any]) -> service.Receipt:
        """Save the picked options as this member's vote."""
        bot = leap_bot(interaction)
        picked = []
        for value in self.item.values:
            if not (value.isascii() and value.isdigit() and len(value) <= 2):
                raise service.VoteRefused(text.VOTE_UNKNOWN_OPTION)
            picked.append(int(value))
        return await service.choose(
            bot.db,
            bot.anon_secret,
            bot.clock,
            guild_id=guild_id_of(interaction),
            poll_id=self.poll_id,
            user_id=interaction.user.id,
            role_ids=_role_ids(interaction),
            consent=bot.consent_cache,
            positions=picked,
        )


class ReasonForm(LeapModal):
    """The optional reason for a Block or Disagree (up to 500 letters)."""

    anonymous = True

    def __init__(self, poll: Poll, answer: str) -> None:
        name = text.ANSWER_NAMES.get(answer, answer)
        super().__init__(
            title=text.REASON_TITLE.format(answer=name)[:45],
            custom_id=f"leap:poll:{poll.id}:reason:{answer}",
        )
        self.poll_id, self.answer = poll.id, answer
        self.reason: discord.ui.TextInput[Any] = discord.ui.TextInput(
            label=text.REASON_LABEL[:45],
            placeholder=(
                text.REASON_PLACEHOLDER if poll.anonymous else text.REASON_PLACEHOLDER_NAMED
            )[:100],
            style=discord.TextStyle.paragraph,
            required=False,
            max_length=service.REASON_MAX,
            custom_id="reason",
        )
        self.add_item(self.reason)

    async def on_submit(self, interaction: discord.Interaction[Any]) -> None:
        """Save the vote with the reason (or none), then send the receipt."""
        await _answer(
            interaction,
            lambda: self.vote(interaction),
            lambda receipt: _receipt(interaction, self.poll_id, receipt),
            defer_first=True,
        )

    async def vote(self, interaction: discord.Interaction[Any]) -> service.Receipt:
        """Save the vote and its reason."""
        bot = leap_bot(interaction)
        return await service.choose_with_reason(
            bot.db,
            bot.anon_secret,
            bot.clock,
            guild_id=guild_id_of(interaction),
            poll_id=self.poll_id,
            user_id=interaction.user.id,
            role_ids=_role_ids(interaction),
            consent=bot.consent_cache,
            answer=self.answer,
            reason=self.reason.value,
        )


def poll_view(poll: Poll, options: list[Option] | tuple[Option, ...]) -> discord.ui.View | None:
    """The voting controls for an open poll (None once it is closed)."""
    if not poll.is_open:
        return None
    view = LeapView(timeout=None)
    if poll.kind in rules.FIXED_ANSWERS:
        for option in options:
            view.add_item(VoteButton(VoteKey(poll.id, option.label)))
    elif poll.kind == rules.TIME:
        for option in options:
            for answer in TIME_CODES:
                view.add_item(TimeButton(TimeKey(poll.id, option.position, answer)))
    else:
        view.add_item(ChoiceMenu(poll.id, list(options), multiple=poll.multiple))
    return view


DYNAMIC_ITEMS: tuple[type[discord.ui.DynamicItem[Any]], ...] = (VoteButton, TimeButton, ChoiceMenu)
