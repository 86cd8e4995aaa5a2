"""Prompts on Discord: the check report, the Edit / Post anyway buttons on a hard prompt,
posting, and the buttons on a posted prompt ("Explain words", "This is unclear", "Answer
anonymously", which opens the anonymous contribution form); the
coordinators' "unclear" notice goes through the notices outbox (rendered in cogs/prompts.py).

Buttons are `DynamicItem`s with the prompt id in the custom id (`leap:prompt:{id}:explain`),
so they keep working after a restart. A prompt is posted only after it is claimed in the
database (a double press cannot post it twice), and recorded as posted once Discord has it.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import discord

from bot.checks import ensure_level, guild_id_of, leap_bot, role_holders
from bot.permissions import Level
from bot.replies import defer, reply
from bot.services.prompts import checking, unclear
from bot.services.prompts.checking import PromptCheck, Submitted
from bot.services.readability import LONG_SENTENCE, MIN_WORDS, JargonTerm
from bot.text import prompts as text
from bot.ui.base import IdButton, LeapModal, LeapView
from bot.ui.contributions import PromptAnswerModal, ensure_member
from storage.prompts import Prompt

if TYPE_CHECKING:
    from bot.app import LeapBot

log = logging.getLogger(__name__)

MESSAGE_LIMIT = 2000
QUOTE_LIMIT = 300  # characters of one quoted sentence
LONG_SHOWN = 3  # long sentences quoted in a report


# --- the report ---------------------------------------------------------------------------


def _quote(sentence: str) -> str:
    return sentence if len(sentence) <= QUOTE_LIMIT else sentence[: QUOTE_LIMIT - 1] + "…"


def _fit(head: list[str], items: list[str], more: str, tail: list[str], names: list[str]) -> str:
    """Join head, as many items as fit, a 'more' line for the rest, and tail, within a message."""
    budget = MESSAGE_LIMIT - sum(len(line) + 1 for line in head + tail) - 200
    shown: list[str] = []
    for item in items:
        if len(item) + 1 > budget:
            break
        shown.append(item)
        budget -= len(item) + 1
    lines = head + shown
    rest = names[len(shown) :]
    if rest:
        lines.append(more.format(count=len(rest), words=", ".join(rest))[:190])
    return "\n".join(lines + tail)[:MESSAGE_LIMIT]


def _tips(check: PromptCheck) -> list[str]:
    tips: list[str] = []
    if check.long_sentences:
        longest = max(s.words for s in check.long_sentences)
        tips.append(text.TIP_SPLIT.format(words=longest))
    if check.jargon and not check.passes:
        tips.append(text.TIP_SWAP)
    if not tips and not check.passes:
        tips.append(text.TIP_SHORT_WORDS)
    if not tips:
        tips.append(text.TIP_GOOD_WORDS if check.jargon else text.TIP_GOOD)
    return tips[:2]


def report_text(check: PromptCheck, intro: str | None = None) -> str:
    """The plain-language report: score, reading age, long or hardest sentence, hard words,
    tips. Fits one message (the hard-word list is cut first, with a count of the rest)."""
    head = [intro] if intro else []
    head.append(text.REPORT_TITLE)
    if check.report.scorable:
        head.append(text.REPORT_SCORE.format(score=check.shown_ease, threshold=check.threshold))
        head.append(text.REPORT_AGE.format(band=text.BANDS[check.band], grade=check.shown_grade))
    else:
        head.append(text.REPORT_SHORT.format(words=MIN_WORDS))
    if check.long_sentences:
        head.append(text.REPORT_LONG_TITLE.format(limit=LONG_SENTENCE))
        for sentence in check.long_sentences[:LONG_SHOWN]:
            head.append(
                text.REPORT_LONG_LINE.format(sentence=_quote(sentence.text), words=sentence.words)
            )
        if len(check.long_sentences) > LONG_SHOWN:
            head.append(text.REPORT_LONG_MORE.format(count=len(check.long_sentences) - LONG_SHOWN))
    elif check.hardest is not None:
        head.append(text.REPORT_HARDEST_TITLE)
        head.append(text.REPORT_HARDEST_LINE.format(sentence=_quote(check.hardest.text)))
    items: list[str] = []
    if check.jargon:
        head.append(text.REPORT_WORDS_TITLE)
        items = [text.REPORT_WORD_LINE.format(term=j.term, meaning=j.meaning) for j in check.jargon]
    tail = [text.REPORT_TIPS_TITLE, *(f"- {tip}" for tip in _tips(check))]
    return _fit(head, items, text.REPORT_WORDS_MORE, tail, [j.term for j in check.jargon])


def explain_text(words: Sequence[JargonTerm]) -> str:
    """The private list of hard words in a prompt, each with its meaning."""
    if not words:
        return text.EXPLAIN_NONE
    items = [text.EXPLAIN_LINE.format(term=w.term, meaning=w.meaning) for w in words]
    return _fit([text.EXPLAIN_TITLE], items, text.EXPLAIN_MORE, [], [w.term for w in words])


def prompt_link(prompt: Prompt) -> str:
    """A link to a posted prompt's message."""
    return f"https://discord.com/channels/{prompt.guild_id}/{prompt.channel_id}/{prompt.message_id}"


# --- posting ------------------------------------------------------------------------------


async def _channel(bot: LeapBot, guild_id: int, channel_id: int) -> discord.abc.Messageable | None:
    guild = bot.get_guild(guild_id)
    channel: Any = guild.get_channel_or_thread(channel_id) if guild is not None else None
    if channel is None:
        try:
            channel = await bot.fetch_channel(channel_id)
        except discord.HTTPException:
            return None
    if not isinstance(channel, discord.abc.Messageable) or isinstance(
        channel, discord.abc.PrivateChannel
    ):
        return None
    return channel


async def publish(bot: LeapBot, prompt: Prompt, *, actor_id: int) -> Prompt | None:
    """Post a claimed prompt with its buttons and record it; None (back to draft) on failure."""
    channel = await _channel(bot, prompt.guild_id, prompt.channel_id)
    message: discord.Message | None = None
    if channel is not None:
        try:
            message = await channel.send(
                prompt.text,
                view=posted_view(prompt.id),
                allowed_mentions=discord.AllowedMentions.none(),
            )
        except discord.HTTPException as error:
            log.info("Could not post prompt %s in channel %s: %s", prompt.id, prompt.channel_id,
                     error.status)  # fmt: skip
    if message is None:
        await checking.not_posted(bot.db, prompt.id)
        return None
    return await checking.posted(
        bot.db, bot.clock, prompt_id=prompt.id, message_id=message.id, actor_id=actor_id
    )


def _posted_text(prompt: Prompt) -> str:
    template = text.POSTED_ANYWAY if prompt.posted_anyway else text.POSTED
    return template.format(channel=f"<#{prompt.channel_id}>", link=prompt_link(prompt))


async def submit_and_post(
    interaction: discord.Interaction[Any], question: str | None, session_id: int | None
) -> None:
    """/prompt post: check the prompt; post it at once, or show the report with Edit and
    Post anyway when it is harder to read than the panel's threshold."""
    bot = leap_bot(interaction)
    result = await checking.submit(
        bot.db,
        bot.clock,
        guild_id=guild_id_of(interaction),
        actor_id=interaction.user.id,
        prompt=question,
        channel_id=interaction.channel_id or 0,
        session_id=session_id,
    )
    if not result.ready:
        report = report_text(result.check, text.HARD_INTRO)
        await reply(interaction, report, view=draft_view(result))
        return
    await defer(interaction)
    done = await publish(bot, result.prompt, actor_id=interaction.user.id)
    if done is None:
        await reply(interaction, text.POST_FAILED.format(channel=f"<#{result.prompt.channel_id}>"))
        return
    await reply(interaction, _posted_text(done))


async def _after_claim(interaction: discord.Interaction[Any], result: Submitted) -> None:
    """Post a prompt claimed from the hard-prompt message, then update that message."""
    if not interaction.response.is_done():
        await interaction.response.defer()  # an update of the message the button is on
    done = await publish(leap_bot(interaction), result.prompt, actor_id=interaction.user.id)
    if done is None:
        failed = text.POST_FAILED.format(channel=f"<#{result.prompt.channel_id}>")
        report = report_text(result.check, failed)
        await reply(interaction, report, view=draft_view(result), edit=True)
        return
    await reply(interaction, _posted_text(done), view=None, edit=True)


# --- the hard-prompt message: Edit and Post anyway ----------------------------------------


class QuestionModal(LeapModal):
    """A form with room for a long, many-line question."""

    def __init__(self, *, title: str, custom_id: str, default: str | None = None) -> None:
        super().__init__(title=title[:45], custom_id=custom_id)
        self.question: discord.ui.TextInput[Any] = discord.ui.TextInput(
            label=text.FORM_LABEL[:45],
            placeholder=text.FORM_HINT[:100],
            style=discord.TextStyle.paragraph,
            max_length=checking.TEXT_MAX,
            default=default,
            custom_id="question",
        )
        self.add_item(self.question)


class CheckModal(QuestionModal):
    """/prompt check without text: the question, then the private report."""

    def __init__(self) -> None:
        super().__init__(title=text.FORM_CHECK_TITLE, custom_id="leap:prompt:check")

    async def on_submit(self, interaction: discord.Interaction[Any]) -> None:
        """Check the question and show the report."""
        await ensure_level(interaction, Level.COORDINATOR)
        bot = leap_bot(interaction)
        result = await checking.check(bot.db, guild_id_of(interaction), self.question.value)
        await reply(interaction, report_text(result))


class PostModal(QuestionModal):
    """/prompt post without text: the question, then the check and the post."""

    def __init__(self, session_id: int | None) -> None:
        super().__init__(title=text.FORM_TITLE, custom_id=f"leap:prompt:post:{session_id or 0}")
        self.session_id = session_id

    async def on_submit(self, interaction: discord.Interaction[Any]) -> None:
        """Check the question; post it or show the report with Edit and Post anyway."""
        await ensure_level(interaction, Level.COORDINATOR)
        await submit_and_post(interaction, self.question.value, self.session_id)


class EditModal(QuestionModal):
    """The hard prompt's text, to change; it is checked again when sent."""

    def __init__(self, prompt: Prompt) -> None:
        super().__init__(
            title=text.FORM_TITLE, custom_id=f"leap:prompt:{prompt.id}:form", default=prompt.text
        )
        self.prompt_id = prompt.id

    async def on_submit(self, interaction: discord.Interaction[Any]) -> None:
        """Check the new text: post it if it now meets the bar, else show the new report."""
        await ensure_level(interaction, Level.COORDINATOR)
        bot = leap_bot(interaction)
        result = await checking.revise(
            bot.db,
            guild_id=guild_id_of(interaction),
            prompt_id=self.prompt_id,
            prompt=self.question.value,
        )
        if result.ready:
            await _after_claim(interaction, result)
            return
        report = report_text(result.check, text.STILL_HARD)
        await reply(interaction, report, view=draft_view(result), edit=True)


class EditButton(IdButton):
    """Open the form with the hard prompt's text, to change it."""

    custom_id_format = "leap:prompt:{id}:edit"
    label, style, level = text.BUTTON_EDIT, discord.ButtonStyle.primary, Level.COORDINATOR
    defer_when_busy = False  # the form must be the first answer
    opens_form = True

    async def run(self, interaction: discord.Interaction[Any]) -> None:
        """Open the form filled with the text as it stands."""
        bot = leap_bot(interaction)
        found = await checking.draft(
            bot.db, guild_id=guild_id_of(interaction), prompt_id=self.item_id
        )
        await interaction.response.send_modal(EditModal(found))


class PostAnywayButton(IdButton):
    """Post the hard prompt unchanged (the audit log notes it)."""

    custom_id_format = "leap:prompt:{id}:anyway"
    label, style, level = text.BUTTON_POST_ANYWAY, discord.ButtonStyle.secondary, Level.COORDINATOR

    async def run(self, interaction: discord.Interaction[Any]) -> None:
        """Claim the draft as it is, post it and update the report message."""
        bot = leap_bot(interaction)
        guild_id = guild_id_of(interaction)
        claimed = await checking.post_anyway(bot.db, guild_id=guild_id, prompt_id=self.item_id)
        check = await checking.check(bot.db, guild_id, claimed.text)
        await _after_claim(interaction, Submitted(claimed, check))


def draft_view(result: Submitted) -> discord.ui.View:
    """Edit and Post anyway, for a prompt below the panel's threshold."""
    view = LeapView(timeout=None)
    view.add_item(EditButton(result.prompt.id))
    view.add_item(PostAnywayButton(result.prompt.id))
    return view


# --- the posted prompt: Explain words and This is unclear ---------------------------------


class ExplainButton(IdButton):
    """Privately list the glossary words in the prompt, with their meanings."""

    custom_id_format = "leap:prompt:{id}:explain"
    label, style = text.BUTTON_EXPLAIN, discord.ButtonStyle.primary

    async def run(self, interaction: discord.Interaction[Any]) -> None:
        """Show the hard words and what they mean (this panel's meanings included)."""
        bot = leap_bot(interaction)
        words = await checking.words_in(
            bot.db, guild_id=guild_id_of(interaction), prompt_id=self.item_id
        )
        await reply(interaction, explain_text(words))


class UnclearButton(IdButton):
    """Say, without a name, that the prompt is unclear (counted once per member)."""

    custom_id_format = "leap:prompt:{id}:unclear"
    label, style, level = text.BUTTON_UNCLEAR, discord.ButtonStyle.secondary, Level.MEMBER
    consent_first = False  # anonymous: nothing personal is kept

    async def run(self, interaction: discord.Interaction[Any]) -> None:
        """Count the signal; at the third member, tell the coordinator (naming nobody)."""
        bot = leap_bot(interaction)
        signal = await unclear.mark_unclear(
            bot.db,
            bot.anon_secret,
            bot.clock,
            guild_id=guild_id_of(interaction),
            prompt_id=self.item_id,
            user_id=interaction.user.id,
            coordinators=lambda role_id: role_holders(interaction.guild, role_id),
        )
        if signal.counted:
            await reply(interaction, text.UNCLEAR_SAVED.format(count=unclear.NOTIFY_AT))
        else:
            await reply(interaction, text.UNCLEAR_ALREADY)


class AnswerButton(IdButton):
    """Open the anonymous contribution form; the answer is posted as a reply to the prompt."""

    custom_id_format = "leap:prompt:{id}:anon"
    label, style = text.BUTTON_ANSWER, discord.ButtonStyle.success
    anonymous = True  # a refusal or an error names nobody
    defer_when_busy = False  # the form must be the first answer
    opens_form = True

    async def run(self, interaction: discord.Interaction[Any]) -> None:
        """Check the member role (a refusal names nobody), then open the form."""
        await ensure_member(interaction)
        bot = leap_bot(interaction)
        found = await checking.posted_prompt(
            bot.db, guild_id=guild_id_of(interaction), prompt_id=self.item_id
        )
        assert found.message_id is not None  # a posted prompt always has its message
        await interaction.response.send_modal(
            PromptAnswerModal(
                prompt_id=found.id,
                channel_id=found.channel_id,
                message_id=found.message_id,
                session_id=found.session_id,
            )
        )


def posted_view(prompt_id: int) -> discord.ui.View:
    """The buttons on a posted prompt."""
    view = LeapView(timeout=None)
    view.add_item(ExplainButton(prompt_id))
    view.add_item(UnclearButton(prompt_id))
    view.add_item(AnswerButton(prompt_id))
    return view


DYNAMIC_ITEMS: tuple[type[discord.ui.DynamicItem[Any]], ...] = (
    EditButton,
    PostAnywayButton,
    ExplainButton,
    UnclearButton,
    AnswerButton,
)
