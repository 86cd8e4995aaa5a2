"""Anonymous contributions on Discord: the form, the receipt's "Take back" button, the
direct-message offer ("Post anonymously" / "Don't post"), and the words of the posts.

Buttons are `DynamicItem`s (ids in the custom id), so a receipt or an offer still works
after a restart. A direct message's text is kept only in the bot's own reply to it (the
quoted text), never in the database, until the member presses "Post anonymously".
Nothing here logs a user id, and nothing logs the text.
"""

from __future__ import annotations

import logging
from collections import OrderedDict
from typing import Any

import discord

from bot.checks import ensure_level, leap_bot, member_level
from bot.errors import LeapError, NotAllowed
from bot.permissions import Level
from bot.replies import defer, reply
from bot.services import panel_settings
from bot.services.contributions import posting, rules
from bot.services.contributions.posting import Posted
from bot.text import contributions as text
from bot.ui.base import IdButton, LeapModal, LeapView
from storage.contributions import Contribution
from storage.sessions import Session

log = logging.getLogger(__name__)

MAX_OFFER_SESSIONS = 20


# --- the words of the post ------------------------------------------------------------------


def post_content(row: Contribution, pseudonym: str) -> str:
    """The bot's channel post: pseudonym and #N on the first line, then the text."""
    header = text.POST_HEADER.format(pseudonym=pseudonym, number=row.number)
    return f"{header}\n{row.body or ''}"


def hidden_content(row: Contribution) -> str:
    """What a hidden post says instead of its text."""
    return text.HIDDEN_POST.format(number=row.number, reason=row.hidden_reason or "")


def receipt_text(posted: Posted) -> str:
    """The author's private receipt: the #N, where and as whom, and who can see what."""
    linked = text.LINKED_SESSION if posted.contribution.session_id else text.LINKED_PROMPT
    return text.RECEIPT.format(
        number=posted.number,
        channel=f"<#{posted.contribution.channel_id}>",
        pseudonym=posted.pseudonym,
        linked=linked.format(pseudonym=posted.pseudonym),
    )


# --- who may post ---------------------------------------------------------------------------


async def ensure_member(interaction: discord.Interaction[Any]) -> None:
    """Refuse anyone below the member role, auditing the refusal without naming them.

    An anonymous command's refusal never records who was refused, so the audit log can
    never be set beside the posts (the shared check's anonymous form, `bot.privacy`).
    """
    if interaction.guild is None:
        raise NotAllowed(Level.MEMBER, text.NEED_MEMBER)
    await ensure_level(interaction, Level.MEMBER, consent_first=False, anonymous=True)


async def member_panels(bot: Any, user_id: int) -> list[int]:
    """The panels (server ids) where this person holds the member role or above."""
    found: list[int] = []
    for guild in bot.guilds:
        member = guild.get_member(user_id)
        if member is None or member.bot:
            continue
        settings = await panel_settings.get(bot.db, guild.id)
        if member_level(member, settings) >= Level.MEMBER:
            found.append(guild.id)
    return found


# --- the receipt ----------------------------------------------------------------------------


class TakeBackButton(IdButton):
    """On the author's receipt: take the contribution back (works after a restart)."""

    custom_id_format = "leap:contribution:{id}:take-back"
    label, style = text.TAKE_BACK_BUTTON, discord.ButtonStyle.danger
    anonymous = True  # refusals and errors name nobody
    defer_when_busy = False  # it edits the receipt itself

    async def run(self, interaction: discord.Interaction[Any]) -> None:
        """Delete the text and the post; only the author can (anyone else learns nothing)."""
        bot = leap_bot(interaction)
        found = await posting.take_back(
            bot.db,
            bot.clock,
            bot.anon_secret,
            user_id=interaction.user.id,
            contribution_id=self.item_id,
        )
        await reply(interaction, text.TAKEN_BACK.format(number=found.number), view=None, edit=True)


def receipt_view(contribution_id: int) -> discord.ui.View:
    """The receipt's "Take back" button."""
    view = LeapView(timeout=None)
    view.add_item(TakeBackButton(contribution_id))
    return view


# --- the form -------------------------------------------------------------------------------


class ContributeModal(LeapModal):
    """One paragraph, up to 1,500 characters, posted to the session chosen before it opened."""

    anonymous = True  # errors are logged naming nobody

    def __init__(self, session_id: int) -> None:
        super().__init__(title=text.FORM_TITLE[:45], custom_id=f"leap:contribute:form:{session_id}")
        self.session_id = session_id
        self.body: discord.ui.TextInput[Any] = discord.ui.TextInput(
            custom_id="text",
            style=discord.TextStyle.paragraph,
            max_length=rules.LIMIT,
        )
        self.add_item(
            discord.ui.Label(
                text=text.FORM_LABEL[:45], description=text.FORM_HINT, component=self.body
            )
        )

    async def on_submit(self, interaction: discord.Interaction[Any]) -> None:
        """Store the contribution, answer with the receipt; it is posted after."""
        bot = leap_bot(interaction)
        if interaction.guild_id is None:
            raise LeapError(text.NO_LIVE_SESSION)
        if bot.db.busy:
            await defer(interaction)
        await ensure_member(interaction)
        posted = await posting.contribute(
            bot.db,
            bot.clock,
            bot.anon_secret,
            guild_id=interaction.guild_id,
            user_id=interaction.user.id,
            text=self.body.value,
            session_id=self.session_id,
        )
        await reply(interaction, receipt_text(posted), view=receipt_view(posted.contribution.id))


class PromptAnswerModal(LeapModal):
    """The form behind a prompt's "Answer anonymously": posted as a reply to the prompt."""

    anonymous = True

    def __init__(
        self, *, prompt_id: int, channel_id: int, message_id: int, session_id: int | None
    ) -> None:
        super().__init__(title=text.FORM_TITLE[:45], custom_id=f"leap:prompt:{prompt_id}:answer")
        self.prompt_id, self.channel_id, self.message_id = prompt_id, channel_id, message_id
        self.session_id = session_id
        self.body: discord.ui.TextInput[Any] = discord.ui.TextInput(
            custom_id="text", style=discord.TextStyle.paragraph, max_length=rules.LIMIT
        )
        self.add_item(
            discord.ui.Label(
                text=text.FORM_LABEL[:45], description=text.FORM_HINT, component=self.body
            )
        )

    async def on_submit(self, interaction: discord.Interaction[Any]) -> None:
        """Store the answer, answer with the receipt; it is posted as a reply."""
        bot = leap_bot(interaction)
        if interaction.guild_id is None:
            raise LeapError(text.NO_LIVE_SESSION)
        if bot.db.busy:
            await defer(interaction)
        await ensure_member(interaction)
        posted = await posting.answer_prompt(
            bot.db,
            bot.clock,
            bot.anon_secret,
            guild_id=interaction.guild_id,
            user_id=interaction.user.id,
            text=self.body.value,
            prompt_id=self.prompt_id,
            channel_id=self.channel_id,
            message_id=self.message_id,
            session_id=self.session_id,
        )
        await reply(interaction, receipt_text(posted), view=receipt_view(posted.contribution.id))


# --- direct messages ------------------------------------------------------------------------


class _Handled:
    """Offer messages already answered in this run, so a double press posts once."""

    def __init__(self, size: int = 2000) -> None:
        self._ids: OrderedDict[int, None] = OrderedDict()
        self._size = size

    def claim(self, message_id: int) -> bool:
        """True the first time a message id is seen."""
        if message_id in self._ids:
            return False
        self._ids[message_id] = None
        while len(self._ids) > self._size:
            self._ids.popitem(last=False)
        return True

    def release(self, message_id: int) -> None:
        """Forget a message id (its post failed, so it may be pressed again)."""
        self._ids.pop(message_id, None)


_HANDLED = _Handled()


def offer_embed(cleaned: str) -> discord.Embed:
    """The member's words, quoted back to them exactly as they would be posted."""
    return discord.Embed(title=text.DM_QUOTE_TITLE, description=cleaned)


def offer_content(sessions: list[Session], guild_names: dict[int, str]) -> str:
    """The question above the quote: where it would go, and who can see what."""
    if len(sessions) == 1:
        session = sessions[0]
        where = text.DM_WHERE.format(
            title=session.title, guild=guild_names.get(session.guild_id, "")
        )
        return text.DM_OFFER.format(where=where)
    return text.DM_OFFER_MANY


def offer_view(sessions: list[Session]) -> discord.ui.View:
    """One "Post anonymously" button (or one per session to pick from) and "Don't post"."""
    view = LeapView(timeout=None)
    shown = sessions[:MAX_OFFER_SESSIONS]
    for session in shown:
        label = (
            text.DM_POST_BUTTON
            if len(shown) == 1
            else text.DM_POST_IN.format(title=session.title)[:80]
        )
        view.add_item(DmPostButton(session.id, label=label))
    view.add_item(DmDropButton(0))
    return view


def _quoted(message: discord.Message | None) -> str | None:
    if message is None or not message.embeds:
        return None
    return message.embeds[0].description


class DmPostButton(IdButton):
    """In a direct message: post the quoted words anonymously in this live session."""

    custom_id_format = "leap:contribution:dm:{id}:post"
    label, style = text.DM_POST_BUTTON, discord.ButtonStyle.primary
    anonymous = True
    defer_when_busy = False  # it replaces the offer with the receipt

    def __init__(self, item_id: int, *, label: str | None = None) -> None:
        super().__init__(item_id)
        if label is not None:
            self.item.label = label

    async def run(self, interaction: discord.Interaction[Any]) -> None:
        """Check the session still runs and the person is still a member, then post."""
        bot = leap_bot(interaction)
        words = _quoted(interaction.message)
        if words is None:
            raise LeapError(text.DM_TEXT_GONE)
        session = await posting.live_session(bot.db, self.item_id)
        if session.guild_id not in await member_panels(bot, interaction.user.id):
            raise LeapError(text.DM_NOT_MEMBER)
        offer_id = interaction.message.id if interaction.message is not None else 0
        if not _HANDLED.claim(offer_id):
            await reply(interaction, text.DM_ALREADY)
            return
        try:
            posted = await posting.contribute(
                bot.db,
                bot.clock,
                bot.anon_secret,
                guild_id=session.guild_id,
                user_id=interaction.user.id,
                text=words,
                session_id=session.id,
            )
        except BaseException:
            _HANDLED.release(offer_id)
            raise
        await reply(
            interaction,
            receipt_text(posted),
            view=receipt_view(posted.contribution.id),
            edit=True,
        )


class DmDropButton(IdButton):
    """In a direct message: do not post; the quote is removed and nothing is kept."""

    custom_id_format = "leap:contribution:dm:{id}:drop"
    label, style = text.DM_DROP_BUTTON, discord.ButtonStyle.secondary
    anonymous = True
    defer_when_busy = False

    async def run(self, interaction: discord.Interaction[Any]) -> None:
        """Replace the offer (and its quote) with a short note."""
        await reply(interaction, text.DM_DROPPED, view=None, edit=True)


DYNAMIC_ITEMS: tuple[type[discord.ui.DynamicItem[Any]], ...] = (
    TakeBackButton,
    DmPostButton,
    DmDropButton,
)
