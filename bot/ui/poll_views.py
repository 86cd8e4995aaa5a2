"""Persistent poll buttons, the choice menu and the reason form.

Custom ids carry what a press needs, so they work after a restart without a lookup:

* `leap:poll:{poll}:v:{position}` votes for a fixed answer; `...:v:{position}:r` does the
  same and then opens the optional reason form (Block and Disagree);
* `leap:poll:{poll}:t:{position}:{answer}` answers one time of a time poll (2 yes,
  1 if needed, 0 no);
* `leap:poll:{poll}:pick` is the menu of a choice poll.

After every saved vote the bot dispatches `poll_vote` (the cog refreshes the turnout line,
at most about once a second). Nothing here logs who voted.
"""

from __future__ import annotations

import re
from typing import Any, Self

import discord

from bot.checks import ConsentNeeded, guild_id_of, leap_bot
from bot.error_handler import handle_interaction_error
from bot.replies import defer, reply
from bot.services.polls import rules
from bot.services.polls import voting as service
from bot.text import polls as text
from bot.ui.base import LeapModal, LeapView
from bot.ui.poll_cards import option_name, receipt_text
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
TIME_STYLES = {
    rules.YES: discord.ButtonStyle.success,
    rules.IF_NEEDED: discord.ButtonStyle.primary,
    rules.NO: discord.ButtonStyle.secondary,
}


def _role_ids(interaction: discord.Interaction[Any]) -> set[int]:
    user = interaction.user
    return {role.id for role in user.roles} if isinstance(user, discord.Member) else set()


def _voted(interaction: discord.Interaction[Any], poll_id: int) -> None:
    leap_bot(interaction).dispatch(VOTE_EVENT, poll_id)


class _PollItem:
    """What every poll control shares: answer quickly under load, route errors plainly."""

    defer_when_busy: bool = True

    async def _handle(self, interaction: discord.Interaction[Any]) -> None:
        try:
            if self.defer_when_busy and leap_bot(interaction).db.busy:
                await defer(interaction)
            try:
                await self.run(interaction)
            except service.ConsentMissing:
                raise ConsentNeeded() from None  # a named poll: the consent question first
        except Exception as error:
            await handle_interaction_error(interaction, error)

    async def run(self, interaction: discord.Interaction[Any]) -> None:
        """What using the control does."""
        raise NotImplementedError


class VoteButton(
    _PollItem,
    discord.ui.DynamicItem[discord.ui.Button[Any]],
    template=r"leap:poll:(?P<poll>[0-9]{1,18}):v:(?P<position>[0-9]{1,2})(?P<form>:r)?",
):
    """Vote for one fixed answer (consensus, gradient); Block and Disagree open a form."""

    def __init__(
        self, poll_id: int, position: int, *, form: bool, label: str = "", style: Any = None
    ) -> None:
        super().__init__(
            discord.ui.Button(
                label=label or str(position + 1),
                style=style or discord.ButtonStyle.secondary,
                custom_id=f"leap:poll:{poll_id}:v:{position}" + (":r" if form else ""),
                row=0,
            )
        )
        self.poll_id, self.position, self.form = poll_id, position, form
        self.defer_when_busy = not form  # a form must be the first answer

    @classmethod
    async def from_custom_id(
        cls,
        interaction: discord.Interaction[Any],
        item: discord.ui.Item[Any],
        match: re.Match[str],
        /,
    ) -> Self:
        """Rebuild the button from its custom id."""
        return cls(int(match["poll"]), int(match["position"]), form=bool(match["form"]))

    async def callback(self, interaction: discord.Interaction[Any]) -> None:
        """Save the vote; for Block and Disagree open the reason form, else send a receipt."""
        await self._handle(interaction)

    async def run(self, interaction: discord.Interaction[Any]) -> None:
        """Save the vote, then answer."""
        bot = leap_bot(interaction)
        receipt = await service.choose(
            bot.db,
            bot.anon_secret,
            bot.clock,
            guild_id=guild_id_of(interaction),
            poll_id=self.poll_id,
            user_id=interaction.user.id,
            role_ids=_role_ids(interaction),
            consent=bot.consent_cache,
            positions=[self.position],
        )
        _voted(interaction, self.poll_id)
        option = receipt.chosen()[0]
        if self.form and option.label in rules.REASON_CODES:
            await interaction.response.send_modal(ReasonForm(receipt.poll, option))
        else:
            await reply(interaction, receipt_text(receipt))


class TimeButton(
    _PollItem,
    discord.ui.DynamicItem[discord.ui.Button[Any]],
    template=r"leap:poll:(?P<poll>[0-9]{1,18}):t:(?P<position>[0-9]{1,2}):(?P<answer>[0-2])",
):
    """Answer Yes, If needed or No for one time of a time poll."""

    def __init__(self, poll_id: int, position: int, answer: int) -> None:
        label = text.TIME_BUTTON.format(
            number=position + 1, answer=text.TIME_ANSWER_NAMES.get(answer, "")
        )
        super().__init__(
            discord.ui.Button(
                label=label,
                style=TIME_STYLES.get(answer, discord.ButtonStyle.secondary),
                custom_id=f"leap:poll:{poll_id}:t:{position}:{answer}",
                row=min(position, 4),
            )
        )
        self.poll_id, self.position, self.answer = poll_id, position, answer

    @classmethod
    async def from_custom_id(
        cls,
        interaction: discord.Interaction[Any],
        item: discord.ui.Item[Any],
        match: re.Match[str],
        /,
    ) -> Self:
        """Rebuild the button from its custom id."""
        return cls(int(match["poll"]), int(match["position"]), int(match["answer"]))

    async def callback(self, interaction: discord.Interaction[Any]) -> None:
        """Save the answer and send a receipt."""
        await self._handle(interaction)

    async def run(self, interaction: discord.Interaction[Any]) -> None:
        """Save the answer for this time, then send the receipt."""
        bot = leap_bot(interaction)
        receipt = await service.answer_time(
            bot.db,
            bot.anon_secret,
            bot.clock,
            guild_id=guild_id_of(interaction),
            poll_id=self.poll_id,
            user_id=interaction.user.id,
            role_ids=_role_ids(interaction),
            consent=bot.consent_cache,
            position=self.position,
            answer=self.answer,
        )
        _voted(interaction, self.poll_id)
        await reply(interaction, receipt_text(receipt))


class ChoiceMenu(
    _PollItem,
    discord.ui.DynamicItem[discord.ui.Select[Any]],
    template=r"leap:poll:(?P<poll>[0-9]{1,18}):pick",
):
    """The menu of a choice poll: one option, or several when the poll allows it."""

    def __init__(
        self, poll_id: int, options: list[Option] | None = None, *, multiple: bool = False
    ):
        choices = [
            discord.SelectOption(label=o.label[:100], value=str(o.position)) for o in options or []
        ]
        super().__init__(
            discord.ui.Select(
                custom_id=f"leap:poll:{poll_id}:pick",
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
        return cls(int(match["poll"]))

    async def callback(self, interaction: discord.Interaction[Any]) -> None:
        """Save the choice and send a receipt."""
        await self._handle(interaction)

    async def run(self, interaction: discord.Interaction[Any]) -> None:
        """Save the picked options as this member's vote."""
        bot = leap_bot(interaction)
        picked = []
        for value in self.item.values:
            if not (value.isascii() and value.isdigit() and len(value) <= 2):
                raise service.VoteRefused(text.VOTE_UNKNOWN_OPTION)
            picked.append(int(value))
        receipt = await service.choose(
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
        _voted(interaction, self.poll_id)
        await reply(interaction, receipt_text(receipt))


class ReasonForm(LeapModal):
    """The optional reason for a Block or Disagree (up to 500 letters)."""

    def __init__(self, poll: Poll, option: Option) -> None:
        answer = text.ANSWER_NAMES.get(option.label, option.label)
        super().__init__(
            title=text.REASON_TITLE.format(answer=answer)[:45],
            custom_id=f"leap:poll:{poll.id}:r:{option.position}",
        )
        self.poll_id, self.position = poll.id, option.position
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
        try:
            await self._save(interaction)
        except service.ConsentMissing:
            raise ConsentNeeded() from None

    async def _save(self, interaction: discord.Interaction[Any]) -> None:
        bot = leap_bot(interaction)
        receipt = await service.choose_with_reason(
            bot.db,
            bot.anon_secret,
            bot.clock,
            guild_id=guild_id_of(interaction),
            poll_id=self.poll_id,
            user_id=interaction.user.id,
            role_ids=_role_ids(interaction),
            consent=bot.consent_cache,
            position=self.position,
            reason=self.reason.value,
        )
        _voted(interaction, self.poll_id)
        await reply(interaction, receipt_text(receipt))


def poll_view(poll: Poll, options: list[Option] | tuple[Option, ...]) -> discord.ui.View | None:
    """The voting controls for an open poll (None once it is closed)."""
    if not poll.is_open:
        return None
    view = LeapView(timeout=None)
    if poll.kind in rules.FIXED_ANSWERS:
        for option in options:
            view.add_item(
                VoteButton(
                    poll.id,
                    option.position,
                    form=option.label in rules.REASON_CODES,
                    label=option_name(poll, option),
                    style=ANSWER_STYLES.get(option.label),
                )
            )
    elif poll.kind == rules.TIME:
        for option in options:
            for answer in rules.TIME_ANSWERS:
                view.add_item(TimeButton(poll.id, option.position, answer))
    else:
        view.add_item(ChoiceMenu(poll.id, list(options), multiple=poll.multiple))
    return view


DYNAMIC_ITEMS: tuple[type[discord.ui.DynamicItem[Any]], ...] = (VoteButton, TimeButton, ChoiceMenu)
