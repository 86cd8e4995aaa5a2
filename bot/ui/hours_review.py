"""The hours review: pages of what waits for a decision, with Approve, Reject and "Skip for
now" per entry, Previous and Next, bulk approve per session, the reject form, and direct
messages that tell members what was decided.

Buttons are `DynamicItem`s whose custom id carries the review view and the entry, session or
page (`leap:hours:{view}:approve:{entry}`), so a review message keeps its filters and still
works after a restart. Every decision is saved (and audited) first; direct messages go out
after the commit, and a member with closed direct messages never undoes or blocks a decision.
Buttons from before the review had pages (`leap:hours:approve:{id}`) still work: they show
the whole queue afterwards.
"""

from __future__ import annotations

import io
import logging
from collections.abc import Sequence
from typing import Any, NamedTuple

import discord

from bot.checks import ensure_level, guild_id_of, leap_bot
from bot.permissions import Level
from bot.replies import reply
from bot.services import notices
from bot.services.hours import expenses as costs
from bot.services.hours import ledger as hours
from bot.services.hours import money as pay
from bot.services.hours import review
from bot.services.hours.review import ExpenseItem, ReviewItem, ReviewPage
from bot.text import expenses as expense_text
from bot.text import formatting
from bot.text import hours as text
from bot.ui.base import IdButton, LeapModal, LeapView, PersistentButton
from storage.expenses import Expense
from storage.hours import HoursEntry
from storage.review import EXPENSE, HOURS

log = logging.getLogger(__name__)

NAV_ROW = review.PAGE_SIZE  # the row under the entries: Previous, Next, session buttons


class EntryKey(NamedTuple):
    """A review view and one entry in it."""

    view: int
    entry: int


class ExpenseKey(NamedTuple):
    """A review view and one expense in it."""

    view: int
    expense: int


class SessionKey(NamedTuple):
    """A review view and one session in it."""

    view: int
    session: int


class PageKey(NamedTuple):
    """A review view and the page (first item's offset) to show."""

    view: int
    offset: int


def review_line(item: ReviewItem) -> str:
    """One pending entry, for the coordinator, with a warning against paying the same time
    twice and, on lines of their own, a short stay in the session and why it cannot be
    approved yet."""
    entry = item.entry
    source = text.SOURCE_NAMES[entry.source]
    if entry.session_id is not None:
        forms = text.REVIEW_SOURCE_SESSION
        words = forms["attendance"] if entry.source == "attendance" else forms["other"]
        source = words.format(source=source, session=entry.session_id)
    line = text.REVIEW_LINE.format(
        who=f"<@{entry.member_id}>",
        minutes=formatting.length(entry.minutes),
        activity=entry.activity,
        day=formatting.day(entry.work_date),
        source=source,
    )
    if item.already:
        line += text.REVIEW_ALREADY.format(
            minutes=formatting.length(item.already), activity=entry.activity
        )
    if item.skipped:
        line += text.REVIEW_SKIPPED
    if entry.note:
        line += text.ENTRY_NOTE.format(note=entry.note)
    notes = []
    if item.short is not None:
        notes.append(
            text.REVIEW_SHORT.format(
                present=formatting.length(item.short), minimum=formatting.length(item.minimum)
            )
        )
    if item.blocked:
        notes.append(item.blocked)
    if notes:
        tail = "\n".join(notes)
        return line[: 1023 - len(tail)] + "\n" + tail
    return line[:1024]


def expense_line(item: ExpenseItem) -> str:
    """One pending expense, for the coordinator: who, how much, for what, when, the receipt's
    name (the Receipt button shows it), and why they cannot decide it, if so."""
    expense = item.expense
    line = expense_text.REVIEW_LINE.format(
        who=f"<@{expense.member_id}>",
        amount=pay.pounds(expense.amount_pence),
        kind=expense_text.KIND_NAMES[expense.kind],
        day=formatting.day(expense.spent_on),
    )
    if expense.receipt_name:
        line += expense_text.REVIEW_RECEIPT.format(name=expense.receipt_name)
    else:
        line += expense_text.REVIEW_NO_RECEIPT
    if item.skipped:
        line += text.REVIEW_SKIPPED
    if expense.note:
        line += text.ENTRY_NOTE.format(note=expense.note)
    if item.blocked:
        return line[: 1023 - len(item.blocked)] + "\n" + item.blocked
    return line[:1024]


def _expense_row(view: LeapView, item: ExpenseItem, view_id: int, row: int, many: bool) -> None:
    key = ExpenseKey(view_id, item.expense.id)
    approve = ExpenseApproveButton(key, row=row)
    approve.item.disabled = item.blocked is not None
    view.add_item(approve)
    reject = ExpenseRejectButton(key, row=row)
    reject.item.disabled = item.blocked is not None
    view.add_item(reject)
    if many:
        view.add_item(ExpenseSkipButton(key, row=row))
    if item.expense.receipt_id is not None:
        view.add_item(ReceiptButton(key, row=row))


def _description(page: ReviewPage) -> str:
    if len(page.items) == 1:
        lines = [text.REVIEW_COUNT_ONE.format(first=page.first, total=page.total)]
    else:
        lines = [text.REVIEW_COUNT.format(first=page.first, last=page.last, total=page.total)]
    view = page.view
    if page.filtered:
        what = []
        if view.member_id:
            what.append(f"<@{view.member_id}>")
        if view.session_id:
            what.append(text.REVIEW_FILTER_SESSION.format(session=view.session_id))
        if view.activity:
            what.append(view.activity)
        lines.append(text.REVIEW_FILTER.format(what=formatting.join(what)))
    lines.append(text.REVIEW_ORDER)
    return "\n".join(lines)


def review_message(
    page: ReviewPage, notice: str | None = None
) -> tuple[str | None, discord.Embed | None, discord.ui.View | None]:
    """The review message for one page: content, embed and buttons."""
    if not page.items:
        empty = text.REVIEW_EMPTY_FILTERED if page.filtered else text.REVIEW_EMPTY
        return (f"{notice}\n{empty}" if notice else empty), None, None
    embed = discord.Embed(title=text.REVIEW_TITLE, description=_description(page))
    view = LeapView(timeout=None)
    view_id = page.view.id
    for row, item in enumerate(page.items):
        if isinstance(item, ExpenseItem):
            embed.add_field(
                name=expense_text.REVIEW_FIELD.format(expense=item.expense.id),
                value=expense_line(item),
                inline=False,
            )
            _expense_row(view, item, view_id, row, page.total > 1)
            continue
        entry_id = item.entry.id
        embed.add_field(name=f"Entry {entry_id}", value=review_line(item), inline=False)
        approve = ApproveButton(EntryKey(view_id, entry_id), row=row)
        approve.item.disabled = item.blocked is not None
        view.add_item(approve)
        view.add_item(RejectButton(EntryKey(view_id, entry_id), row=row))
        if page.total > 1:
            view.add_item(SkipButton(EntryKey(view_id, entry_id), row=row))
    if page.has_previous or page.has_next:
        back = PreviousButton(PageKey(view_id, max(0, page.offset - page.page_size)), row=NAV_ROW)
        back.item.disabled = not page.has_previous
        forward = NextButton(PageKey(view_id, page.offset + page.page_size), row=NAV_ROW)
        forward.item.disabled = not page.has_next
        view.add_item(back)
        view.add_item(forward)
    for session_id in page.sessions:
        view.add_item(SessionApproveButton(SessionKey(view_id, session_id), row=NAV_ROW))
    return notice, embed, view


def decision_dm(panel: str, entries: Sequence[HoursEntry], expenses: Sequence[Expense] = ()) -> str:
    """The direct message telling a member about decisions on their entries and expenses."""
    lines = [text.DM_FROM.format(panel=panel)]
    for entry in entries:
        words = {
            "minutes": formatting.length(entry.minutes),
            "activity": entry.activity,
            "day": formatting.day(entry.work_date),
        }
        if entry.source == "adjustment":  # time added or taken off by a coordinator
            amount = entry.amount_pence or 0
            words["minutes"] = formatting.length(abs(entry.minutes))
            template = text.DM_ADDED if entry.minutes > 0 else text.DM_TAKEN_OFF
            line = template.format(pay=pay.pounds(abs(amount)), **words)
            if entry.minutes > 0 and (entry.paid_minutes or 0) < entry.minutes:
                line += " " + text.DM_CAPPED.format(paid=formatting.length(entry.paid_minutes or 0))
            if entry.note:
                line += text.DM_NOTE.format(note=entry.note)
        elif entry.status == "approved":
            line = text.DM_APPROVED.format(pay=pay.pounds(entry.amount_pence or 0), **words)
            if entry.paid_minutes is not None and entry.paid_minutes < entry.minutes:
                line += " " + text.DM_CAPPED.format(paid=formatting.length(entry.paid_minutes))
        else:
            line = text.DM_REJECTED.format(reason=entry.decision_reason or "", **words)
        lines.append(line)
    for expense in expenses:
        said = {
            "amount": pay.pounds(expense.amount_pence),
            "kind": expense_text.KIND_NAMES[expense.kind],
            "day": formatting.day(expense.spent_on),
        }
        if expense.status == "approved":
            lines.append(expense_text.DM_APPROVED.format(**said))
        else:
            lines.append(
                expense_text.DM_REJECTED.format(reason=expense.decision_reason or "", **said)
            )
    lines.append(text.DM_FOOTER_COSTS if expenses else text.DM_FOOTER)
    return "\n".join(lines)[:2000]


async def not_told(
    interaction: discord.Interaction[Any], entries: Sequence[HoursEntry | Expense]
) -> list[int]:
    """Members whose decision DM did not reach them (closed DMs, gone), once the notifier
    has had a few seconds to send it; the DMs themselves go through the notices outbox."""
    guild_id = interaction.guild_id
    if guild_id is None:
        return []
    bot = leap_bot(interaction)
    await bot.notifier.wait_idle(within=5.0)
    members = sorted({e.member_id for e in entries})
    sent = await notices.latest_to(bot.db, hours.NOTICE_DECISION, guild_id, members)
    done = {m: n for m, n in sent.items() if n.status not in ("pending", "sending")}
    return [m for m in members if m in done and done[m].via != "dm"]


async def _show(
    interaction: discord.Interaction[Any], view_id: int | None, notice: str | None = None
) -> None:
    """Show the review again on the same message: the view's page, or (for buttons made
    before reviews had views) the whole queue from the start."""
    bot = leap_bot(interaction)
    guild_id = guild_id_of(interaction)
    if view_id is None:
        page = await review.open_review(
            bot.db, bot.clock, guild_id=guild_id, coordinator_id=interaction.user.id
        )
    else:
        page = await review.show(bot.db, guild_id=guild_id, view_id=view_id)
    content, embed, view = review_message(page, notice)
    await reply(interaction, content, embed=embed, view=view, edit=True)


async def _after_decision(
    interaction: discord.Interaction[Any],
    view_id: int | None,
    decided: Sequence[HoursEntry | Expense],
    notice: str,
) -> None:
    """Refresh the review message, then tell the members (after the decision is saved)."""
    await _show(interaction, view_id, notice)
    missed = await not_told(interaction, decided)
    if missed:  # one note for all of them, however many
        await interaction.followup.send(
            text.DM_CLOSED.format(who=", ".join(f"<@{m}>" for m in missed))[:2000],
            ephemeral=True,
            allowed_mentions=discord.AllowedMentions.none(),
        )


async def _approve(
    interaction: discord.Interaction[Any], view_id: int | None, entry_id: int
) -> None:
    bot = leap_bot(interaction)
    entry = await hours.approve(
        bot.db,
        bot.clock,
        guild_id=guild_id_of(interaction),
        entry_id=entry_id,
        actor_id=interaction.user.id,
    )
    notice = text.APPROVED_DONE.format(entry=entry.id, pay=pay.pounds(entry.amount_pence or 0))
    await _after_decision(interaction, view_id, [entry], notice)


async def _approve_session(
    interaction: discord.Interaction[Any], view_id: int | None, session_id: int
) -> None:
    bot = leap_bot(interaction)
    done = await hours.approve_session(
        bot.db,
        bot.clock,
        guild_id=guild_id_of(interaction),
        session_id=session_id,
        actor_id=interaction.user.id,
    )
    notice = text.SESSION_DONE.format(count=len(done.approved), session=session_id)
    if done.left:
        notice += text.SESSION_LEFT.format(left=done.left)
    if done.short:
        notice += hours.short_words(done.short, done.minimum)
    await _after_decision(interaction, view_id, done.approved, notice)


class ApproveButton(PersistentButton[EntryKey]):
    """Approve one pending entry."""

    key_type, custom_id_format = EntryKey, "leap:hours:{view}:approve:{entry}"
    label, style, level = text.APPROVE, discord.ButtonStyle.success, Level.COORDINATOR

    async def run(self, interaction: discord.Interaction[Any]) -> None:
        """Approve, refresh the page, tell the member."""
        await _approve(interaction, self.key.view, self.key.entry)


def reason_input() -> discord.ui.TextInput[Any]:
    """The reason field of a rejection form (hours and expenses alike)."""
    return discord.ui.TextInput(
        label=text.REJECT_LABEL[:45],
        placeholder=text.REJECT_PLACEHOLDER,
        style=discord.TextStyle.paragraph,
        max_length=hours.MAX_REASON,
        custom_id="reason",
    )


class RejectModal(LeapModal):
    """Ask the coordinator why an entry is not approved."""

    def __init__(self, entry_id: int, view_id: int | None = None) -> None:
        super().__init__(title=text.REJECT_TITLE[:45], custom_id=f"leap:hours:reason:{entry_id}")
        self.entry_id = entry_id
        self.view_id = view_id
        self.reason = reason_input()
        self.add_item(self.reason)

    async def on_submit(self, interaction: discord.Interaction[Any]) -> None:
        """Reject with the reason, refresh the page, tell the member."""
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
        notice = text.REJECTED_DONE.format(entry=entry.id)
        await _after_decision(interaction, self.view_id, [entry], notice)


class RejectButton(PersistentButton[EntryKey]):
    """Open the form asking why an entry is not approved."""

    key_type, custom_id_format = EntryKey, "leap:hours:{view}:reject:{entry}"
    label, style, level = text.REJECT, discord.ButtonStyle.danger, Level.COORDINATOR
    defer_when_busy = False  # the form must be the first answer
    opens_form = True

    async def run(self, interaction: discord.Interaction[Any]) -> None:
        """Ask for the reason."""
        await interaction.response.send_modal(RejectModal(self.key.entry, self.key.view))


async def _skip(
    interaction: discord.Interaction[Any], view_id: int, kind: str, item_id: int, done: str
) -> None:
    """Move an hours entry or an expense to the back of this coordinator's list, then show
    the same page again with `done` above it."""
    bot = leap_bot(interaction)
    page = await review.skip(
        bot.db,
        bot.clock,
        guild_id=guild_id_of(interaction),
        view_id=view_id,
        kind=kind,
        item_id=item_id,
    )
    content, embed, view = review_message(page, done)
    await reply(interaction, content, embed=embed, view=view, edit=True)


class SkipButton(PersistentButton[EntryKey]):
    """Put an entry at the back of this coordinator's list, for now."""

    key_type, custom_id_format = EntryKey, "leap:hours:{view}:skip:{entry}"
    label, style, level = text.SKIP, discord.ButtonStyle.secondary, Level.COORDINATOR

    async def run(self, interaction: discord.Interaction[Any]) -> None:
        """Skip the entry and show the same page again."""
        done = text.SKIPPED_DONE.format(entry=self.key.entry)
        await _skip(interaction, self.key.view, HOURS, self.key.entry, done)


class SessionApproveButton(PersistentButton[SessionKey]):
    """Approve every pending entry of one session (those that can be approved at once)."""

    key_type, custom_id_format = SessionKey, "leap:hours:{view}:session:{session}"
    label, style, level = text.APPROVE_SESSION, discord.ButtonStyle.primary, Level.COORDINATOR

    async def run(self, interaction: discord.Interaction[Any]) -> None:
        """Approve the session's entries, refresh the page, tell the members."""
        await _approve_session(interaction, self.key.view, self.key.session)


class _PageButton(PersistentButton[PageKey]):
    key_type = PageKey
    style, level = discord.ButtonStyle.secondary, Level.COORDINATOR

    async def run(self, interaction: discord.Interaction[Any]) -> None:
        """Show the page this button points at."""
        bot = leap_bot(interaction)
        page = await review.show(
            bot.db, guild_id=guild_id_of(interaction), view_id=self.key.view, offset=self.key.offset
        )
        content, embed, view = review_message(page)
        await reply(interaction, content, embed=embed, view=view, edit=True)


class PreviousButton(_PageButton):
    """Show the page before."""

    custom_id_format, label = "leap:review:{view}:back:{offset}", text.PREVIOUS


class NextButton(_PageButton):
    """Show the page after."""

    custom_id_format, label = "leap:review:{view}:next:{offset}", text.NEXT


# --- expenses: their own lines and buttons on the same pages ------------------------------


class ExpenseApproveButton(PersistentButton[ExpenseKey]):
    """Approve one pending expense."""

    key_type, custom_id_format = ExpenseKey, "leap:expense:{view}:approve:{expense}"
    label, style, level = expense_text.APPROVE, discord.ButtonStyle.success, Level.COORDINATOR

    async def run(self, interaction: discord.Interaction[Any]) -> None:
        """Approve, refresh the page, tell the member."""
        bot = leap_bot(interaction)
        expense = await costs.decide(
            bot.db,
            bot.clock,
            guild_id=guild_id_of(interaction),
            expense_id=self.key.expense,
            actor_id=interaction.user.id,
            approve=True,
        )
        notice = expense_text.APPROVED_DONE.format(
            expense=expense.id, amount=pay.pounds(expense.amount_pence)
        )
        await _after_decision(interaction, self.key.view, [expense], notice)


class ExpenseRejectModal(LeapModal):
    """Ask the coordinator why an expense is not approved."""

    def __init__(self, key: ExpenseKey) -> None:
        super().__init__(
            title=expense_text.REJECT_TITLE[:45], custom_id=f"leap:expense:reason:{key.expense}"
        )
        self.key = key
        self.reason = reason_input()
        self.add_item(self.reason)

    async def on_submit(self, interaction: discord.Interaction[Any]) -> None:
        """Reject with the reason, refresh the page, tell the member."""
        await ensure_level(interaction, Level.COORDINATOR)
        bot = leap_bot(interaction)
        expense = await costs.decide(
            bot.db,
            bot.clock,
            guild_id=guild_id_of(interaction),
            expense_id=self.key.expense,
            actor_id=interaction.user.id,
            approve=False,
            reason=self.reason.value,
        )
        notice = expense_text.REJECTED_DONE.format(expense=expense.id)
        await _after_decision(interaction, self.key.view, [expense], notice)


class ExpenseRejectButton(PersistentButton[ExpenseKey]):
    """Open the form asking why an expense is not approved."""

    key_type, custom_id_format = ExpenseKey, "leap:expense:{view}:reject:{expense}"
    label, style, level = expense_text.REJECT, discord.ButtonStyle.danger, Level.COORDINATOR
    defer_when_busy = False  # the form must be the first answer
    opens_form = True

    async def run(self, interaction: discord.Interaction[Any]) -> None:
        """Ask for the reason."""
        await interaction.response.send_modal(ExpenseRejectModal(self.key))


class ExpenseSkipButton(PersistentButton[ExpenseKey]):
    """Put an expense at the back of this coordinator's list, for now."""

    key_type, custom_id_format = ExpenseKey, "leap:expense:{view}:skip:{expense}"
    label, style, level = expense_text.SKIP, discord.ButtonStyle.secondary, Level.COORDINATOR

    async def run(self, interaction: discord.Interaction[Any]) -> None:
        """Skip the expense and show the same page again."""
        done = expense_text.SKIPPED_DONE.format(expense=self.key.expense)
        await _skip(interaction, self.key.view, EXPENSE, self.key.expense, done)


class ReceiptButton(PersistentButton[ExpenseKey]):
    """Show an expense's receipt, privately, to the coordinator who pressed."""

    key_type, custom_id_format = ExpenseKey, "leap:expense:{view}:receipt:{expense}"
    label, style, level = (
        expense_text.RECEIPT_BUTTON,
        discord.ButtonStyle.secondary,
        Level.COORDINATOR,
    )

    async def run(self, interaction: discord.Interaction[Any]) -> None:
        """Send the receipt's file in a private message."""
        bot = leap_bot(interaction)
        expense, kept = await costs.receipt(
            bot.db,
            guild_id=guild_id_of(interaction),
            expense_id=self.key.expense,
            viewer_id=interaction.user.id,
            is_staff=True,  # the button's level: coordinators and admins only
        )
        await reply(
            interaction,
            expense_text.RECEIPT_HERE.format(expense=expense.id, name=kept.filename),
            file=discord.File(io.BytesIO(kept.content), filename=kept.filename),
        )


# --- buttons on review messages sent before reviews had pages ------------------------------


class OldApproveButton(IdButton):
    """Approve one pending entry (a review message from before pages)."""

    custom_id_format, id_name = "leap:hours:approve:{id}", "entry"
    label, style, level = text.APPROVE, discord.ButtonStyle.success, Level.COORDINATOR

    async def run(self, interaction: discord.Interaction[Any]) -> None:
        """Approve, then show the whole queue."""
        await _approve(interaction, None, self.item_id)


class OldRejectButton(IdButton):
    """Open the reject form (a review message from before pages)."""

    custom_id_format, id_name = "leap:hours:reject:{id}", "entry"
    label, style, level = text.REJECT, discord.ButtonStyle.danger, Level.COORDINATOR
    defer_when_busy = False  # the form must be the first answer
    opens_form = True

    async def run(self, interaction: discord.Interaction[Any]) -> None:
        """Ask for the reason."""
        await interaction.response.send_modal(RejectModal(self.item_id))


class OldSessionApproveButton(IdButton):
    """Approve a session's entries (a review message from before pages)."""

    custom_id_format, id_name = "leap:hours:session:{id}", "session"
    label, style, level = text.APPROVE_SESSION, discord.ButtonStyle.primary, Level.COORDINATOR

    async def run(self, interaction: discord.Interaction[Any]) -> None:
        """Approve, then show the whole queue."""
        await _approve_session(interaction, None, self.item_id)


DYNAMIC_ITEMS: tuple[type[discord.ui.DynamicItem[Any]], ...] = (
    ApproveButton,
    RejectButton,
    SkipButton,
    SessionApproveButton,
    PreviousButton,
    NextButton,
    OldApproveButton,
    OldRejectButton,
    OldSessionApproveButton,
    ExpenseApproveButton,
    ExpenseRejectButton,
    ExpenseSkipButton,
    ReceiptButton,
)
