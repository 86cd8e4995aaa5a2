"""/contribute and /contribution: anonymous posts, and the direct-message way to make them.

The rules live in bot/services/contributions/; the form, buttons and post words in
bot/ui/contributions.py. Posts, their edits and deletions go through the one notices
outbox: this cog only says how to render them (and records the posted message's id).
Replies to members are private. Nothing here logs a user id or any text.
"""

from __future__ import annotations

import io
import logging
from collections.abc import Callable
from typing import Any, TypeVar

import discord
from discord import app_commands
from discord.ext import commands

from bot.app import LeapBot
from bot.checks import LEVEL_ATTR, guild_id_of, require
from bot.errors import BadInput, LeapError
from bot.notifier import NoticeKind, Rendered
from bot.permissions import Level
from bot.privacy import anonymous
from bot.replies import OPENS_FORM, defer, reply
from bot.services.clean_text import TextRefused
from bot.services.contributions import delivery, export, posting, rules
from bot.text import contributions as text
from bot.ui.contributions import (
    DYNAMIC_ITEMS,
    ContributeModal,
    ensure_member,
    hidden_content,
    member_panels,
    offer_content,
    offer_embed,
    offer_view,
    post_content,
    receipt_text,
    receipt_view,
)
from bot.ui.session_choices import session_choices
from storage.notices import Notice

log = logging.getLogger(__name__)

SNIPPET = 60
T = TypeVar("T")


def listed_for(level: Level) -> Callable[[T], T]:
    """Show a command under `level` in /help without adding a check.

    /contribute checks the member role inside the command instead: the refusal never
    names who was refused, and it comes after the answer to Discord when a crowd posts.
    """

    def decorator(func: T) -> T:
        setattr(func, LEVEL_ATTR, level)
        return func

    return decorator


def _snippet(value: str | None) -> str:
    flat = " ".join((value or "").split())
    return flat if len(flat) <= SNIPPET else flat[: SNIPPET - 1] + "…"


class Contributions(commands.Cog):
    """Anonymous contributions: post, take back, hide, export; and direct messages."""

    contribution = app_commands.Group(name="contribution", description=text.GROUP, guild_only=True)

    def __init__(self, bot: LeapBot) -> None:
        self.bot = bot
        super().__init__()

    async def cog_load(self) -> None:
        """Make receipts and offers work after a restart; say how to render the posts."""
        self.bot.add_dynamic_items(*DYNAMIC_ITEMS)
        notifier = self.bot.notifier
        notifier.register(
            delivery.KIND_POST,
            NoticeKind(render=self._render_post, label=text.NOTICE_LABEL, on_posted=self._posted),
        )
        notifier.register(
            delivery.KIND_HIDDEN, NoticeKind(render=self._render_hidden, label=text.NOTICE_LABEL)
        )
        notifier.register(
            delivery.KIND_DELETE, NoticeKind(render=self._render_delete, label=text.NOTICE_LABEL)
        )

    async def cog_unload(self) -> None:
        """Forget the buttons and the notice kinds."""
        self.bot.remove_dynamic_items(*DYNAMIC_ITEMS)
        for kind in delivery.KINDS:
            self.bot.notifier.unregister(kind)

    # --- the posts, through the notices outbox ------------------------------------------

    async def _render_post(self, notice: Notice) -> Rendered | None:
        post = await delivery.to_post(self.bot.db, notice.subject_id)
        if post is None:
            return None  # hidden or taken back before it went out: never shown
        row = post.contribution
        return Rendered(content=post_content(row, post.pseudonym), reply_to=row.reply_to_id)

    async def _posted(self, notice: Notice, channel_id: int, message_id: int) -> None:
        await delivery.posted(self.bot.db, self.bot.clock, notice.subject_id, message_id)

    async def _render_hidden(self, notice: Notice) -> Rendered | None:
        row = await delivery.to_hide(self.bot.db, notice.subject_id)
        return None if row is None else Rendered(content=hidden_content(row))

    async def _render_delete(self, notice: Notice) -> Rendered:
        return Rendered()

    # --- autocomplete -------------------------------------------------------------------

    async def live_choices(
        self, interaction: discord.Interaction[Any], current: str
    ) -> list[app_commands.Choice[str]]:
        """Running sessions of this panel, as the person types."""
        if interaction.guild is None:
            return []
        found = await posting.live_choices(
            self.bot.db, guild_id=interaction.guild.id, typed=current
        )
        choices = []
        for session in found[:25]:
            channel = interaction.guild.get_channel(session.channel_id)
            where = f" (#{channel.name})" if channel is not None else ""
            label = f"{session.title[:70]}{where}"
            choices.append(app_commands.Choice(name=label[:100], value=str(session.id)))
        return choices

    async def own_choices(
        self, interaction: discord.Interaction[Any], current: str
    ) -> list[app_commands.Choice[str]]:
        """The caller's own posts that can be taken back (only they see this list)."""
        if interaction.guild_id is None:
            return []
        found = await posting.own_choices(
            self.bot.db,
            self.bot.anon_secret,
            guild_id=interaction.guild_id,
            user_id=interaction.user.id,
            typed=current,
        )
        return [
            app_commands.Choice(name=f"#{c.number}: {_snippet(c.body)}"[:100], value=str(c.number))
            for c in found
        ]

    async def shown_choices(
        self, interaction: discord.Interaction[Any], current: str
    ) -> list[app_commands.Choice[str]]:
        """Posts still shown in this panel (for a coordinator to hide one)."""
        if interaction.guild_id is None:
            return []
        found = await posting.shown_choices(
            self.bot.db, guild_id=interaction.guild_id, typed=current
        )
        return [
            app_commands.Choice(
                name=f"#{c.number} {rules.pseudonym(c.letter)}: {_snippet(c.body)}"[:100],
                value=str(c.number),
            )
            for c in found
        ]

    async def session_choices(
        self, interaction: discord.Interaction[Any], current: str
    ) -> list[app_commands.Choice[str]]:
        """Live and past sessions of this panel, as the coordinator types."""
        return await session_choices(self.bot, interaction.guild_id, current, ("live", "ended"))

    # --- commands -----------------------------------------------------------------------

    @app_commands.command(
        name="contribute", description=text.CMD_CONTRIBUTE, extras={OPENS_FORM: "text"}
    )
    @app_commands.describe(body=text.OPT_TEXT, session=text.OPT_SESSION)
    @app_commands.rename(body="text")
    @app_commands.autocomplete(session=live_choices)
    @app_commands.guild_only()
    @listed_for(Level.MEMBER)
    @anonymous
    async def contribute(
        self,
        interaction: discord.Interaction[LeapBot],
        body: app_commands.Range[str, 1, 2000] | None = None,
        session: str | None = None,
    ) -> None:
        """Post in the live session without your name (a form opens when there is no text)."""
        guild_id = guild_id_of(interaction)
        session_id = posting.parse_session_id(session)
        if body is None:
            await ensure_member(interaction)
            chosen = await posting.pick_session(
                self.bot.db,
                guild_id=guild_id,
                session_id=session_id,
                channel_id=interaction.channel_id,
            )
            await interaction.response.send_modal(ContributeModal(chosen.id))
            return
        if self.bot.db.busy:  # a crowd is posting: answer Discord first, then save
            await defer(interaction)
            await self.bot.burst.passed()
        await ensure_member(interaction)
        posted = await posting.contribute(
            self.bot.db,
            self.bot.clock,
            self.bot.anon_secret,
            guild_id=guild_id,
            user_id=interaction.user.id,
            text=body,
            session_id=session_id,
            channel_id=interaction.channel_id,
        )
        await reply(interaction, receipt_text(posted), view=receipt_view(posted.contribution.id))

    @contribution.command(name="delete", description=text.CMD_DELETE)
    @app_commands.describe(number=text.OPT_DELETE_ID)
    @app_commands.rename(number="id")
    @app_commands.autocomplete(number=own_choices)
    @anonymous
    async def delete(
        self, interaction: discord.Interaction[LeapBot], number: app_commands.Range[str, 1, 20]
    ) -> None:
        """Take back your own anonymous post: it is deleted, and its words are not kept."""
        found = await posting.take_back(
            self.bot.db,
            self.bot.clock,
            self.bot.anon_secret,
            user_id=interaction.user.id,
            guild_id=guild_id_of(interaction),
            number=rules.parse_number(number),
        )
        await reply(interaction, text.TAKEN_BACK.format(number=found.number))

    @contribution.command(name="hide", description=text.CMD_HIDE)
    @app_commands.describe(number=text.OPT_HIDE_ID, reason=text.OPT_HIDE_REASON)
    @app_commands.rename(number="id")
    @app_commands.autocomplete(number=shown_choices)
    @require(Level.COORDINATOR)
    async def hide(
        self,
        interaction: discord.Interaction[LeapBot],
        number: app_commands.Range[str, 1, 20],
        reason: app_commands.Range[str, 1, rules.REASON_LIMIT],
    ) -> None:
        """Hide an anonymous post: a note with your reason shows in its place (logged)."""
        hidden = await posting.hide(
            self.bot.db,
            self.bot.clock,
            guild_id=guild_id_of(interaction),
            actor_id=interaction.user.id,
            number=rules.parse_number(number),
            reason=reason,
        )
        await reply(interaction, text.HIDDEN_DONE.format(number=hidden.number))

    @contribution.command(name="export", description=text.CMD_EXPORT)
    @app_commands.describe(session=text.OPT_EXPORT_SESSION)
    @app_commands.autocomplete(session=session_choices)
    @require(Level.COORDINATOR)
    async def export_(self, interaction: discord.Interaction[LeapBot], session: str) -> None:
        """A session's anonymous posts as a CSV file: no names, no ids."""
        session_id = posting.parse_session_id(session)
        if session_id is None:
            raise BadInput(text.SESSION_OPTION_BAD)
        result = await export.export_session(
            self.bot.db,
            self.bot.clock,
            guild_id=guild_id_of(interaction),
            actor_id=interaction.user.id,
            session_id=session_id,
        )
        if not result.count:
            await reply(interaction, text.EXPORT_NONE.format(title=result.session.title))
            return
        await defer(interaction)
        content = (
            text.EXPORT_DONE_ONE.format(title=result.session.title)
            if result.count == 1
            else text.EXPORT_DONE.format(count=result.count, title=result.session.title)
        )
        try:
            await reply(
                interaction,
                content,
                file=discord.File(io.BytesIO(result.content), filename=result.name),
            )
        except discord.HTTPException:
            await reply(interaction, text.EXPORT_NOT_SENT)

    # --- direct messages ----------------------------------------------------------------

    @commands.Cog.listener()
    async def on_message(self, message: discord.Message) -> None:
        """A direct message during a live session: offer to post it anonymously."""
        if message.guild is not None or message.author.bot:
            return
        try:
            await self._offer(message)
        except (LeapError, TextRefused) as refused:
            await self._answer(message, refused.text)
        except Exception:
            log.exception("Could not answer a direct message")

    async def _offer(self, message: discord.Message) -> None:
        panels = await member_panels(self.bot, message.author.id)
        if not panels:
            await self._answer(message, text.DM_NOT_MEMBER)
            return
        live = await posting.live_sessions(self.bot.db, panels)
        if not live:
            await self._answer(message, text.DM_NO_LIVE)
            return
        cleaned = rules.clean_contribution(message.content)
        names = {g.id: g.name for g in self.bot.guilds}
        await self._answer(
            message,
            offer_content(live, names),
            embed=offer_embed(cleaned),
            view=offer_view(live),
        )

    async def _answer(
        self,
        message: discord.Message,
        content: str,
        *,
        embed: discord.Embed | None = None,
        view: discord.ui.View | None = None,
    ) -> None:
        kwargs: dict[str, Any] = {"allowed_mentions": discord.AllowedMentions.none()}
        if embed is not None:
            kwargs["embed"] = embed
        if view is not None:
            kwargs["view"] = view
        try:
            await message.channel.send(content, **kwargs)
        except discord.HTTPException:
            log.info("Could not answer a direct message (Discord refused the reply)")


async def setup(bot: LeapBot) -> None:
    """Load the cog."""
    await bot.add_cog(Contributions(bot))
