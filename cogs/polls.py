"""/poll: coordinators ask the panel and publish what was done; members vote; anyone looks.

The rules live in bot/services/polls/; how polls look in bot/ui/poll_cards.py; the buttons,
menu and reason form in bot/ui/poll_views.py; refreshing poll messages, rendering the
notices the outbox sends (results, "You said, we did", review reminders) and sending nudges
in cogs/_poll_discord.py, after each change commits.
"""

from __future__ import annotations

import logging
from typing import Any

import discord
from discord import app_commands
from discord.ext import commands

from bot.app import LeapBot
from bot.checks import guild_id_of, require
from bot.errors import BadInput
from bot.permissions import Level
from bot.replies import defer, reply
from bot.services.polls import lifecycle as service
from bot.services.polls import rules
from bot.services.polls import settings as poll_settings
from bot.services.sessions import lifecycle as sessions
from bot.text import formatting
from bot.text import polls as text
from bot.ui.poll_cards import (
    decision_words,
    full,
    poll_embed,
    relative,
    results_reply,
    turnout,
)
from bot.ui.poll_views import DYNAMIC_ITEMS, VOTE_EVENT, poll_view
from bot.ui.session_choices import session_choices
from cogs._poll_discord import MessageChannels, PollMessenger
from cogs._setup_sections import SetupSection, ShowField
from storage.database import Conn
from storage.guild_settings import GuildSettings
from storage.timers import Timer

log = logging.getLogger(__name__)

TYPE_CHOICES = [app_commands.Choice(name=text.TYPE_NAMES[k], value=k) for k in rules.KINDS]
FIELD_LIMIT = 1024


class Polls(commands.GroupCog, group_name="poll", group_description=text.GROUP_DESCRIPTION):
    """Consensus polls: create, vote, close, results, outcomes and the list."""

    def __init__(self, bot: LeapBot) -> None:
        self.bot = bot
        self.messenger = PollMessenger(bot)
        super().__init__()

    # --- lifetimes ----------------------------------------------------------------------

    async def cog_load(self) -> None:
        """Make the poll buttons work (also on old messages) and handle poll timers."""
        self.bot.add_dynamic_items(*DYNAMIC_ITEMS)
        self.messenger.register_notices()
        self.bot.timers.register(service.KIND_CLOSE, apply=self._apply_close, deliver=self._owed)
        self.bot.timers.register(
            service.KIND_NUDGE, apply=self._apply_nudge, deliver=self._owed_nudge
        )
        self.bot.timers.register(service.KIND_REVIEW, apply=self._apply_review, deliver=self._owed)

    async def cog_unload(self) -> None:
        """Forget the timer handlers and buttons; finish pending message edits."""
        for kind in service.POLL_TIMER_KINDS:
            self.bot.timers.unregister(kind)
        self.bot.remove_dynamic_items(*DYNAMIC_ITEMS)
        self.messenger.unregister_notices()
        await self.messenger.stop()

    @commands.Cog.listener()
    async def on_ready(self) -> None:
        """After (re)connecting: send nudges and review reminders still owed."""
        await self.messenger.deliver()

    @commands.Cog.listener(name=f"on_{VOTE_EVENT}")
    async def on_poll_vote(self, poll_id: int) -> None:
        """A vote was saved: redraw the turnout line (at most about once a second)."""
        self.messenger.refresh(poll_id)

    # --- timers -------------------------------------------------------------------------

    async def _apply_close(self, conn: Conn, timer: Timer, late: bool) -> Any:
        return await service.apply_close(
            conn, timer, now=self.bot.clock.now(), members=self.messenger.members
        )

    async def _apply_nudge(self, conn: Conn, timer: Timer, late: bool) -> Any:
        return await service.apply_nudge(conn, timer)

    async def _apply_review(self, conn: Conn, timer: Timer, late: bool) -> Any:
        return await service.apply_review(conn, timer)

    async def _owed(self, timer: Timer, late: bool, result: Any) -> None:
        await self.messenger.deliver()

    async def _owed_nudge(self, timer: Timer, late: bool, result: Any) -> None:
        # A nudge tried again carries how many deliveries came before it.
        tries = {int(timer.payload["poll_id"]): int(timer.payload.get("tries", 0))}
        await self.messenger.deliver(tries)

    # --- autocomplete -------------------------------------------------------------------

    async def _choices(
        self, interaction: discord.Interaction[Any], current: str, statuses: tuple[str, ...]
    ) -> list[app_commands.Choice[str]]:
        if interaction.guild_id is None:
            return []
        found = await service.choices(
            self.bot.db, guild_id=interaction.guild_id, typed=current, statuses=statuses
        )
        return [
            app_commands.Choice(
                name=text.CHOICE_LABEL.format(id=p.id, question=p.question)[:100], value=str(p.id)
            )
            for p in found[:25]
        ]

    async def open_choices(
        self, interaction: discord.Interaction[Any], current: str
    ) -> list[app_commands.Choice[str]]:
        """Open polls of this panel, as the person types."""
        return await self._choices(interaction, current, ("open",))

    async def closed_choices(
        self, interaction: discord.Interaction[Any], current: str
    ) -> list[app_commands.Choice[str]]:
        """Closed polls of this panel, as the person types."""
        return await self._choices(interaction, current, ("closed",))

    async def any_choices(
        self, interaction: discord.Interaction[Any], current: str
    ) -> list[app_commands.Choice[str]]:
        """Open and closed polls of this panel, as the person types."""
        return await self._choices(interaction, current, ("open", "closed"))

    async def session_choices(
        self, interaction: discord.Interaction[Any], current: str
    ) -> list[app_commands.Choice[str]]:
        """Sessions of this panel (planned, live and past), as the person types."""
        return await session_choices(
            self.bot, interaction.guild_id, current, ("live", "scheduled", "ended")
        )

    # --- commands -----------------------------------------------------------------------

    @app_commands.command(name="create", description=text.CMD_CREATE)
    @app_commands.describe(
        question=text.OPT_QUESTION,
        type=text.OPT_TYPE,
        options=text.OPT_OPTIONS,
        closes=text.OPT_CLOSES,
        anonymous=text.OPT_ANONYMOUS,
        hide_results=text.OPT_HIDE_RESULTS,
        threshold=text.OPT_THRESHOLD,
        quorum=text.OPT_QUORUM,
        session=text.OPT_SESSION,
        multiple=text.OPT_MULTIPLE,
    )
    @app_commands.choices(type=TYPE_CHOICES)
    @app_commands.autocomplete(session=session_choices)
    @app_commands.guild_only()
    @require(Level.COORDINATOR)
    async def create(
        self,
        interaction: discord.Interaction[LeapBot],
        question: app_commands.Range[str, 1, 1000],
        type: str,
        options: app_commands.Range[str, 1, 3000] | None = None,
        closes: app_commands.Range[str, 1, 100] | None = None,
        anonymous: bool = True,
        hide_results: bool = True,
        threshold: app_commands.Range[int, 1, 100] | None = None,
        quorum: app_commands.Range[int, 1, 100_000] | None = None,
        session: str | None = None,
        multiple: bool = False,
    ) -> None:
        """Ask the panel a question: post the poll with its buttons or menu."""
        guild_id = guild_id_of(interaction)
        channel = interaction.channel
        if not isinstance(channel, MessageChannels):
            raise BadInput(text.CHANNEL_BAD)
        session_id = sessions.parse_session_id(session) if session else None
        created = await service.create(
            self.bot.db,
            self.bot.timers,
            self.bot.clock,
            guild_id=guild_id,
            channel_id=channel.id,
            actor_id=interaction.user.id,
            question=question,
            kind=type,
            options=options,
            closes=closes,
            anonymous=anonymous,
            hide_results=hide_results,
            threshold=threshold,
            quorum=quorum,
            session_id=session_id,
            multiple=multiple,
            members=self.messenger.members,
        )
        await defer(interaction)
        state = await service.state(self.bot.db, created.poll.id, self.messenger.members)
        assert state is not None
        view = poll_view(created.poll, created.options)
        assert view is not None  # a new poll is open
        try:
            message = await channel.send(embed=poll_embed(state), view=view)
        except discord.HTTPException:
            await service.discard(self.bot.db, created)
            await reply(interaction, text.POST_FAILED)
            return
        poll = await service.posted(self.bot.db, self.bot.timers, created, message.id)
        lines = [text.CREATED.format(channel=channel.mention)]
        if poll.closes_at is not None:
            lines.append(
                text.CREATED_CLOSES.format(
                    when_full=full(poll.closes_at), when_rel=relative(poll.closes_at)
                )
            )
            if created.nudge_at is not None:
                lines.append(text.CREATED_NUDGE.format(when_full=full(created.nudge_at)))
        else:
            lines.append(text.CREATED_BY_HAND)
        await reply(interaction, "\n".join(lines))

    @app_commands.command(name="close", description=text.CMD_CLOSE)
    @app_commands.describe(poll=text.OPT_POLL)
    @app_commands.autocomplete(poll=open_choices)
    @app_commands.guild_only()
    @require(Level.COORDINATOR)
    async def close(self, interaction: discord.Interaction[LeapBot], poll: str) -> None:
        """Close a poll now and post its result in its channel."""
        closed = await service.close(
            self.bot.db,
            self.bot.timers,
            self.bot.clock,
            guild_id=guild_id_of(interaction),
            poll_id=service.parse_poll_id(poll),
            actor_id=interaction.user.id,
            members=self.messenger.members,
        )
        # The outbox posts the result and takes the buttons off the poll after this commit.
        await reply(interaction, text.CLOSED_REPLY.format(channel=f"<#{closed.channel_id}>"))

    @app_commands.command(name="results", description=text.CMD_RESULTS)
    @app_commands.describe(poll=text.OPT_POLL)
    @app_commands.autocomplete(poll=any_choices)
    @app_commands.guild_only()
    async def results(self, interaction: discord.Interaction[LeapBot], poll: str) -> None:
        """Show a poll's counts and outcome (before close, only turnout when hidden)."""
        state = await service.results(
            self.bot.db,
            guild_id=guild_id_of(interaction),
            poll_id=service.parse_poll_id(poll),
            members=self.messenger.members,
        )
        embeds = results_reply(state)
        await reply(interaction, embed=embeds[0])
        for more in embeds[1:]:
            await interaction.followup.send(embed=more, ephemeral=True)

    @app_commands.command(name="outcome", description=text.CMD_OUTCOME)
    @app_commands.describe(poll=text.OPT_POLL, what=text.OPT_OUTCOME_TEXT, review=text.OPT_REVIEW)
    @app_commands.rename(what="text")
    @app_commands.autocomplete(poll=closed_choices)
    @app_commands.guild_only()
    @require(Level.COORDINATOR)
    async def outcome(
        self,
        interaction: discord.Interaction[LeapBot],
        poll: str,
        what: app_commands.Range[str, 1, 2000],
        review: app_commands.Range[str, 1, 100] | None = None,
    ) -> None:
        """Save what was done for a closed poll; the outbox posts "You said, we did"."""
        saved = await service.record_outcome(
            self.bot.db,
            self.bot.timers,
            self.bot.clock,
            guild_id=guild_id_of(interaction),
            poll_id=service.parse_poll_id(poll),
            actor_id=interaction.user.id,
            what=what,
            review=review,
            members=self.messenger.members,
        )
        # The outbox posts it after this commit, and tries again if Discord refuses it.
        where = saved.state.poll.channel_id
        lines = [text.OUTCOME_SAVED.format(channel=f"<#{where}>")]
        if saved.review_at is not None:
            lines.append(
                text.OUTCOME_REVIEW.format(when_full=formatting.when_date(saved.review_at))
            )
        if saved.replaced:
            lines.append(text.OUTCOME_REPLACED)
        await reply(interaction, "\n".join(lines))

    @app_commands.command(name="list", description=text.CMD_LIST)
    @app_commands.guild_only()
    async def list_(self, interaction: discord.Interaction[LeapBot]) -> None:
        """List open polls and recent ones, with what was decided and done."""
        found = await service.listing(
            self.bot.db, guild_id=guild_id_of(interaction), members=self.messenger.members
        )
        embed = discord.Embed(title=text.LIST_TITLE)
        open_lines = []
        for state in found.open:
            poll = state.poll
            share = turnout(state.voters, state.electorate).rstrip(".")
            if poll.closes_at is not None:
                open_lines.append(
                    text.LIST_OPEN_LINE.format(
                        id=poll.id,
                        question=poll.question,
                        turnout=share,
                        when=relative(poll.closes_at),
                    )
                )
            else:
                open_lines.append(
                    text.LIST_OPEN_LINE_BY_HAND.format(
                        id=poll.id, question=poll.question, turnout=share
                    )
                )
        closed_lines = []
        for state in found.closed:
            poll = state.poll
            line = text.LIST_CLOSED_LINE.format(
                id=poll.id, question=poll.question, outcome=decision_words(state)
            )
            done = found.outcomes.get(poll.id)
            line += "\n" + (
                text.LIST_WE_DID.format(text=done.text) if done else text.LIST_NO_OUTCOME
            )
            closed_lines.append(line)
        for name, lines in ((text.LIST_OPEN, open_lines), (text.LIST_RECENT, closed_lines)):
            if lines:
                embed.add_field(name=name, value=_fit(lines), inline=False)
        if not embed.fields:
            embed.description = text.LIST_NONE
        await reply(interaction, embed=embed)


class PollSettings(SetupSection):
    """/setup polls: how long before a poll closes members who have not voted are reminded."""

    @app_commands.command(name="polls", description=text.CMD_SETUP)
    @app_commands.describe(nudge=text.OPT_NUDGE)
    @require(Level.ADMIN)
    async def setup_polls(
        self, interaction: discord.Interaction[LeapBot], nudge: app_commands.Range[str, 1, 40]
    ) -> None:
        """Set the poll reminder time for polls made from now on."""
        settings = await poll_settings.set_nudge(
            self.bot.db,
            self.bot.clock,
            guild_id=guild_id_of(interaction),
            actor_id=interaction.user.id,
            before=nudge,
        )
        before = formatting.offset(settings.poll_nudge_minutes)
        await reply(interaction, text.NUDGE_SETTING_SAVED.format(before=before))

    async def show_fields(self, guild: discord.Guild, settings: GuildSettings) -> list[ShowField]:
        """When polls remind members who have not voted."""
        before = formatting.offset(settings.poll_nudge_minutes)
        return [ShowField(text.SHOW_NUDGE, text.SHOW_NUDGE_WORDS.format(before=before))]


def _fit(lines: list[str]) -> str:
    """Join lines into one embed field, cutting long ones and leaving out what cannot fit."""
    out: list[str] = []
    used = 0
    for line in lines:
        line = line if len(line) <= 300 else line[:299] + "…"
        if used + len(line) + 1 > FIELD_LIMIT:
            break
        out.append(line)
        used += len(line) + 1
    return "\n".join(out)


async def setup(bot: LeapBot) -> None:
    """Load the cog; /poll create, close and outcome check the coordinator role."""
    await bot.add_cog(Polls(bot))
