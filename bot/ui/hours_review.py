"""The hours review: Approve and Reject buttons per entry, bulk approve per session, the
reject form, and direct messages that tell members what was decided.

Buttons are `DynamicItem`s with the entry or session id in the custom id
(`leap:hours:approve:{id}`), so a review message still works after a restart. Every
decision is saved (and audited) first; direct messages go out after the commit, and a
member with closed direct messages never undoes or blocks a decision.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import discord

from bot.checks import ensure_level, guild_id_of, leap_bot
from bot.permissions import Level
from bot.replies import reply
from bot.services.hours import ledger as hours
from bot.services.hours import money as pay
from bot.text import formatting
from bot.text import hours as text
from bot.ui.base import IdButton, LeapModal, LeapView
from storage.hours import HoursEntry

if TYPE_CHECKING:
    from bot.app import LeapBot

log = logging.getLogger(__name__)

PAGE = 4  # entries per review message: one row of buttons each, plus a row for sessions


def review_line(entry: HoursEntry, already: int = 0) -> str:
    """One pending entry, for the coordinator; `already` is the member's other time for the
    same session and activity (a warning against paying the same time twice)."""
    line = text.REVIEW_LINE.format(
        who=f"<@{entry.member_id}>",
        minutes=formatting.length(entry.minutes),
        activity=entry.activity,
        day=formatting.day(entry.work_date),
        source=text.SOURCE_NAMES[entry.source],
    )
    if entry.session_id is not None:
        line += text.REVIEW_SESSION.format(session=entry.session_id)
    if already:
        line += text.REVIEW_ALREADY.format(
            minutes=formatting.length(already), activity=entry.activity
        )
    if entry.note:
        line += text.ENTRY_NOTE.format(note=entry.note)
    return line[:1024]


async def review_page(
    bot: LeapBot, guild_id: int, notice: str | None = None
) -> tuple[str | None, discord.Embed | None, discord.ui.View | None]:
    """The review message: the oldest pending entries with their buttons."""
    page = await hours.pending_page(bot.db, guild_id, limit=PAGE)
    if not page.entries:
        content = f"{notice}\n{text.REVIEW_EMPTY}" if notice else text.REVIEW_EMPTY
        return content, None, None
    embed = discord.Embed(
        title=text.REVIEW_TITLE,
        description=text.REVIEW_COUNT.format(shown=len(page.entries), total=page.total_pending),
    )
    view = LeapView(timeout=None)
    sessions: list[int] = []
    for row, entry in enumerate(page.entries):
        embed.add_field(
            name=f"Entry {entry.id}",
            value=review_line(entry, page.already.get(entry.id, 0)),
            inline=False,
        )
        view.add_item(ApproveButton(entry.id, row=row))
        view.add_item(RejectButton(entry.id, row=row))
        if entry.session_id is not None and entry.session_id not in sessions:
            sessions.append(entry.session_id)
    for session_id in sessions[:5]:
        view.add_item(SessionApproveButton(session_id, row=PAGE))
    return notice, embed, view


def decision_dm(panel: str, entries: Sequence[HoursEntry]) -> str:
    """The direct message telling a member about decisions on their entries."""
    lines = [text.DM_FROM.format(panel=panel)]
    for entry in entries:
        words = {
            "minutes": formatting.length(entry.minutes),
            "activity": entry.activity,
            "day": formatting.day(entry.work_date),
        }
        if entry.status == "approved":
            line = text.DM_APPROVED.format(pay=pay.pounds(entry.amount_pence or 0), **words)
            if entry.paid_minutes is not None and entry.paid_minutes < entry.minutes:
                line += " " + text.DM_CAPPED.format(paid=formatting.length(entry.paid_minutes))
        else:
            line = text.DM_REJECTED.format(reason=entry.decision_reason or "", **words)
        lines.append(line)
    lines.append(text.DM_FOOTER)
    return "\n".join(lines)[:2000]


async def tell_members(
    interaction: discord.Interaction[Any], entries: Sequence[HoursEntry]
) -> list[int]:
    """DM each member about their decided entries; return the ids that could not be told."""
    guild = interaction.guild
    if guild is None:
        return []
    by_member: dict[int, list[HoursEntry]] = defaultdict(list)
    for entry in entries:
        by_member[entry.member_id].append(entry)
    missed: list[int] = []
    for member_id, own in by_member.items():
        try:
            member = guild.get_member(member_id) or await guild.fetch_member(member_id)
            await member.send(
                decision_dm(guild.name, own), allowed_mentions=discord.AllowedMentions.none()
            )
        except discord.HTTPException as error:  # closed DMs (403), member gone (404)...
            log.info("Could not DM member %s about hours: %s", member_id, error.status)
            missed.append(member_id)
    return missed


async def _after_decision(
    interaction: discord.Interaction[Any], decided: Sequence[HoursEntry], notice: str
) -> None:
    """Refresh the review message, then tell the members (after the decision is saved)."""
    bot = leap_bot(interaction)
    content, embed, view = await review_page(bot, guild_id_of(interaction), notice)
    await reply(interaction, content, embed=embed, view=view, edit=True)
    missed = await tell_members(interaction, decided)
    if missed:  # one note for all of them, however many
        await interaction.followup.send(
            text.DM_CLOSED.format(who=", ".join(f"<@{m}>" for m in missed))[:2000],
            ephemeral=True,
            allowed_mentions=discord.AllowedMentions.none(),
        )


class ApproveButton(IdButton):
    """Approve one pending entry."""

    custom_id_format, id_name = "leap:hours:approve:{id}", "entry"
    label, style, level = text.APPROVE, discord.ButtonStyle.success, Level.COORDINATOR

    async def run(self, interaction: discord.Interaction[Any]) -> None:
        """Approve, refresh the list, tell the member."""
        bot = leap_bot(interaction)
        entry = await hours.approve(
            bot.db,
            bot.clock,
            guild_id=guild_id_of(interaction),
            entry_id=self.item_id,
            actor_id=interaction.user.id,
        )
        notice = text.APPROVED_DONE.format(entry=entry.id, pay=pay.pounds(entry.amount_pence or 0))
        await _after_decision(interaction, [entry], notice)


class RejectModal(LeapModal):
    """Ask the coordinator why an entry is not approved."""

    def __init__(self, entry_id: int) -> None:
        super().__init__(title=text.REJECT_TITLE[:45], custom_id=f"leap:hours:reason:{entry_id}")
        self.entry_id = entry_id
        self.reason: discord.ui.TextInput[Any] = discord.ui.TextInput(
            label=text.REJECT_LABEL[:45],
            placeholder=text.REJECT_PLACEHOLDER,
            style=discord.TextStyle.paragraph,
            max_length=hours.MAX_REASON,
            custom_id="reason",
        )
        self.add_item(self.reason)

    async def on_submit(self, interaction: discord.Interaction[Any]) -> None:
        """Reject with the reason, refresh the list, tell the member."""
        await ensure_level(interaction, Level.COORDINATOR)
        bot = leap_bot(interaction)
        entry = await hours.reject(
            bot.db,
            bot.clock,
            guild_id=guild_id_of(interaction),
            entry_id=self.entry_id,
            actor_id=interaction.user.id,
            reason=self.reason.value,
        )
        await _after_decision(interaction, [entry], text.REJECTED_DONE.format(entry=entry.id))


class RejectButton(IdButton):
    """Open the form asking why an entry is not approved."""

    custom_id_format, id_name = "leap:hours:reject:{id}", "entry"
    label, style, level = text.REJECT, discord.ButtonStyle.danger, Level.COORDINATOR
    defer_when_busy = False  # the form must be the first answer

    async def run(self, interaction: discord.Interaction[Any]) -> None:
        """Ask for the reason."""
        await interaction.response.send_modal(RejectModal(self.item_id))


class SessionApproveButton(IdButton):
    """Approve every pending entry of one session."""

    custom_id_format, id_name = "leap:hours:session:{id}", "session"
    label, style, level = text.APPROVE_SESSION, discord.ButtonStyle.primary, Level.COORDINATOR

    async def run(self, interaction: discord.Interaction[Any]) -> None:
        """Approve the session's entries, refresh the list, tell the members."""
        bot = leap_bot(interaction)
        done = await hours.approve_session(
            bot.db,
            bot.clock,
            guild_id=guild_id_of(interaction),
            session_id=self.item_id,
            actor_id=interaction.user.id,
        )
        notice = text.SESSION_DONE.format(count=len(done), session=self.item_id)
        await _after_decision(interaction, done, notice)


DYNAMIC_ITEMS: tuple[type[discord.ui.DynamicItem[Any]], ...] = (
    ApproveButton,
    RejectButton,
    SessionApproveButton,
)
