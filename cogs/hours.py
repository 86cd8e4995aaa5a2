"""/hours: members claim and see their paid time; coordinators review, add and report;
admins export payment runs for finance."""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

import discord
from discord import app_commands
from discord.ext import commands

from bot.app import LeapBot
from bot.checks import guild_id_of, require
from bot.errors import BadInput
from bot.notifier import NoticeKind, Rendered
from bot.permissions import Level
from bot.replies import defer, reply
from bot.services.hours import ledger as hours
from bot.services.hours import money as pay
from bot.services.hours import payment_runs as export
from bot.services.hours import payment_settings as payments
from bot.services.hours import review as review_queue
from bot.services.hours.ledger import MyHours, PeriodTotal
from bot.services.sessions.lifecycle import parse_session_id
from bot.text import expenses as expense_text
from bot.text import formatting
from bot.text import hours as text
from bot.ui import session_choices as choices
from bot.ui.confirm import ConfirmView
from bot.ui.hours_review import DYNAMIC_ITEMS, decision_dm, review_message
from bot.ui.session_choices import session_choices
from cogs._options import RecordId, TypedMinutes
from storage.expenses import Expense
from storage.hours import ACTIVITIES, HoursEntry, Total
from storage.notices import Notice

ACTIVITY_CHOICES = [app_commands.Choice(name=a, value=a) for a in ACTIVITIES]
PERIOD_CHOICES = [app_commands.Choice(name=n, value=v) for v, n in text.PERIOD_NAMES.items()]
FORMAT_CHOICES = [app_commands.Choice(name=f, value=f) for f in export.FORMATS]
FIELD_LIMIT = 1024
EMBED_BUDGET = 5000  # Discord allows 6000 characters per embed; keep room for the rest
REPORT_INLINE = 3500


def _time_and_pay(total: PeriodTotal) -> dict[str, str]:
    return {"time": formatting.length(total.minutes), "pay": pay.pounds(total.amount_pence)}


def entry_line(entry: HoursEntry) -> str:
    """One of a member's own entries, in plain words."""
    line = text.ENTRY_LINE.format(
        entry=entry.id,
        day=formatting.day(entry.work_date),
        minutes=formatting.length(entry.minutes),
        activity=entry.activity,
        source=text.SOURCE_NAMES[entry.source],
        status=text.STATUS_NAMES[entry.status].capitalize(),
    )
    if entry.status == "approved":
        line += text.ENTRY_PAY.format(pay=pay.pounds(entry.amount_pence or 0))
        if entry.paid_minutes is not None and entry.paid_minutes < entry.minutes:
            line += text.ENTRY_CAPPED.format(paid=formatting.length(entry.paid_minutes))
        if entry.payment_run_id is not None:
            line += text.ENTRY_PAID_RUN.format(run=entry.payment_run_id)
    if entry.status == "rejected" and entry.decision_reason:
        line += text.ENTRY_REASON.format(reason=entry.decision_reason)
    if entry.note:
        line += text.ENTRY_NOTE.format(note=entry.note)
    return line


def _fields(lines: list[str], budget: int) -> tuple[list[str], int]:
    """Pack lines into field-sized chunks within a character budget; return chunks and how
    many lines did not fit."""
    chunks: list[str] = []
    current = ""
    used = 0
    for index, line in enumerate(lines):
        line = line[: FIELD_LIMIT - 1]
        if used + len(line) + 1 > budget:
            if current:
                chunks.append(current)
            return chunks, len(lines) - index
        if current and len(current) + len(line) + 1 > FIELD_LIMIT:
            chunks.append(current)
            current = ""
        current = f"{current}\n{line}" if current else line
        used += len(line) + 1
    if current:
        chunks.append(current)
    return chunks, 0


def my_hours_embed(mine: MyHours, method: str | None) -> discord.Embed:
    """A member's own hours card."""
    embed = discord.Embed(
        title=text.ME_TITLE,
        description=text.ME_ALL_TIME
        if mine.all_time
        else text.ME_PERIOD.format(
            start=formatting.day(mine.period_start), end=formatting.day(mine.period_end)
        ),
    )
    embed.add_field(
        name=text.ME_TOTALS,
        value=text.ME_TOTALS_LINES.format(
            month_time=formatting.length(mine.this_month.minutes),
            month_pay=pay.pounds(mine.this_month.amount_pence),
            year_time=formatting.length(mine.this_year.minutes),
            year_pay=pay.pounds(mine.this_year.amount_pence),
            unpaid=(
                text.ME_UNPAID.format(pay=pay.pounds(mine.unpaid_pence))
                if mine.unpaid_pence >= 0
                else text.ME_PAID_TOO_MUCH.format(pay=pay.pounds(-mine.unpaid_pence))
            ),
            pending_time=formatting.length(mine.pending_minutes),
        ),
        inline=False,
    )
    if mine.receives_benefits:
        weeks = "\n".join(
            text.ME_WEEK_LINE.format(start=formatting.day(w.start), **_time_and_pay(w))
            for w in mine.weeks
        )
        months = "\n".join(
            text.ME_MONTH_LINE.format(month=formatting.month(m.start), **_time_and_pay(m))
            for m in mine.months
        )
        embed.add_field(name=text.ME_WEEKS, value=weeks, inline=False)
        embed.add_field(name=text.ME_MONTHS, value=months, inline=False)
        embed.add_field(name="\u200b", value=text.ME_BENEFITS_NOTE, inline=False)
        if mine.benefits_note:
            embed.add_field(name=text.ME_PANEL_NOTE, value=mine.benefits_note, inline=False)
    costs = _expenses_field(mine)
    lines = [entry_line(e) for e in reversed(mine.entries)]  # newest first
    if not lines:
        embed.add_field(name=text.ME_ENTRIES, value=text.ME_NO_ENTRIES, inline=False)
    else:
        budget = EMBED_BUDGET - len(embed) - (len(costs) + 20 if costs else 0)
        chunks, left = _fields(lines, budget)
        room = 25 - len(embed.fields) - 1 - (1 if costs else 0)
        for index, chunk in enumerate(chunks[:room]):
            embed.add_field(
                name=text.ME_ENTRIES if index == 0 else "\u200b", value=chunk, inline=False
            )
        if left:
            embed.add_field(name="\u200b", value=text.ME_MORE.format(count=left), inline=False)
    if costs:
        embed.add_field(name=expense_text.ME_TITLE, value=costs, inline=False)
    if method is None:
        embed.set_footer(text=text.ME_NO_PREFERENCE)
    elif method == "decline":  # the pay shown is what the time is worth, not what is sent
        embed.set_footer(text=text.ME_DECLINED)
    return embed


def expense_line(expense: Expense) -> str:
    """One of a member's own expenses: kind, amount and status, apart from hours."""
    line = expense_text.ME_LINE.format(
        expense=expense.id,
        amount=pay.pounds(expense.amount_pence),
        kind=expense_text.KIND_NAMES[expense.kind],
        day=formatting.day(expense.spent_on),
        status=expense_text.STATUS_NAMES[expense.status].capitalize(),
    )
    if expense.payment_run_id is not None:
        line += expense_text.ME_PAID_RUN.format(run=expense.payment_run_id)
    if expense.status == "rejected" and expense.decision_reason:
        line += expense_text.ME_REASON.format(reason=expense.decision_reason)
    return line


def _expenses_field(mine: MyHours) -> str:
    """The member's expenses of the period (newest first) and their sums, in one field;
    empty when they have none at all."""
    if not mine.expenses and not mine.expenses_unpaid_pence and not mine.expenses_pending_pence:
        return ""
    totals = expense_text.ME_TOTALS.format(
        unpaid=pay.pounds(mine.expenses_unpaid_pence),
        pending=pay.pounds(mine.expenses_pending_pence),
    )
    lines = [expense_line(e) for e in reversed(mine.expenses)]
    value = totals
    for index, line in enumerate(lines):
        more = expense_text.ME_MORE.format(count=len(lines) - index)
        if len(value) + len(line) + len(more) + 2 > FIELD_LIMIT:
            return f"{value}\n{more}"
        value += "\n" + line
    return value


def _report_line(total: Total) -> str:
    """One member and activity in /hours report: paid time and pay, and time over the limit."""
    line = text.REPORT_LINE.format(
        who=f"<@{total.member_id}>",
        activity=total.activity,
        paid=formatting.length(total.paid_minutes),
        pay=pay.pounds(total.amount_pence),
    )
    if total.minutes > total.paid_minutes:
        line += text.REPORT_OVER.format(time=formatting.length(total.minutes - total.paid_minutes))
    return line


def _added_text(entry: HoursEntry, who: str) -> str:
    """The coordinator's receipt for time added with /hours add."""
    message = text.ADD_SAVED.format(
        entry=entry.id,
        who=who,
        minutes=formatting.length(entry.minutes),
        activity=entry.activity,
        day=formatting.day(entry.work_date),
        pay=pay.pounds(entry.amount_pence or 0),
    )
    if entry.corrects_entry_id is not None:
        message += text.ADD_SAVED_FIX.format(fixes=entry.corrects_entry_id)
    if entry.not_on_panel:
        message += text.ADD_SAVED_NOT_ON_PANEL
    return message


def _files(result: export.RunResult) -> list[discord.File]:
    return [discord.File(io.BytesIO(f.content), filename=f.name) for f in result.files]


class Hours(commands.GroupCog, group_name="hours", group_description=text.GROUP):
    """Paid time: claims, review, corrections, reports and payment runs."""

    def __init__(self, bot: LeapBot) -> None:
        self.bot = bot
        super().__init__()

    async def cog_load(self) -> None:
        """Make review buttons work on messages sent before a restart; say how the decision
        DMs and the notice asking for a payment preference read."""
        self.bot.add_dynamic_items(*DYNAMIC_ITEMS)
        self.bot.notifier.register(
            hours.NOTICE_DECISION,
            NoticeKind(render=self._render_decision, label=text.LABEL_DECISION, check="/hours me"),
        )
        self.bot.notifier.register(
            export.NOTICE_PREFERENCE,
            NoticeKind(
                render=self._render_preference,
                label=text.HELD_LABEL,
                check="/payment preference",
            ),
        )

    async def cog_unload(self) -> None:
        """Stop handling review buttons, decision DMs and the payment preference notice."""
        self.bot.remove_dynamic_items(*DYNAMIC_ITEMS)
        self.bot.notifier.unregister(hours.NOTICE_DECISION)
        self.bot.notifier.unregister(export.NOTICE_PREFERENCE)

    async def _render_preference(self, notice: Notice) -> Rendered:
        """The DM asking a member held back from a payment run to say how to be paid; a
        channel only sees that hours wait, never how much."""
        guild = self.bot.get_guild(notice.guild_id) if notice.guild_id is not None else None
        return Rendered(
            content=text.HELD_DM.format(
                panel=guild.name if guild is not None else text.HELD_PANEL,
                time=formatting.length(int(notice.payload.get("minutes", 0))),
                pay=pay.pounds(int(notice.payload.get("pence", 0))),
            ),
            public=text.HELD_PUBLIC,
        )

    async def _render_decision(self, notice: Notice) -> Rendered | None:
        """The DM about decisions on a member's entries (private: never shown in a channel)."""
        guild_id = notice.guild_id or 0
        ids = [int(i) for i in notice.payload.get("entries", [])]
        costs = [int(i) for i in notice.payload.get("expenses", [])]
        entries, expenses = await hours.decided_items(self.bot.db, guild_id, ids, costs)
        if not entries and not expenses:
            return None
        guild = self.bot.get_guild(guild_id)
        return Rendered(content=decision_dm(guild.name if guild else "", entries, expenses))

    async def recent_sessions(
        self, interaction: discord.Interaction[Any], current: str
    ) -> list[app_commands.Choice[str]]:
        """Recent sessions of this panel by number, title and date, as the person types."""
        return await session_choices(self.bot, interaction.guild_id, current, choices.RECENT)

    @app_commands.command(name="me", description=text.CMD_ME)
    @app_commands.describe(period=text.OPT_PERIOD)
    @app_commands.choices(period=PERIOD_CHOICES)
    @require(Level.MEMBER)
    async def me(
        self,
        interaction: discord.Interaction[LeapBot],
        period: app_commands.Choice[str] | None = None,
    ) -> None:
        """Show the caller's own entries, statuses, reasons and totals."""
        guild_id = guild_id_of(interaction)
        mine = await hours.my_hours(
            self.bot.db,
            self.bot.clock,
            guild_id=guild_id,
            member_id=interaction.user.id,
            period=period.value if period else "month",
        )
        record = await payments.preference(self.bot.db, guild_id, interaction.user.id)
        await reply(interaction, embed=my_hours_embed(mine, record.payment_method))

    @app_commands.command(name="claim", description=text.CMD_CLAIM)
    @app_commands.describe(
        activity=text.OPT_ACTIVITY,
        minutes=text.OPT_MINUTES,
        session=text.OPT_SESSION,
        date=text.OPT_DATE,
        note=text.OPT_NOTE,
    )
    @app_commands.choices(activity=ACTIVITY_CHOICES)
    @app_commands.autocomplete(session=recent_sessions)
    @require(Level.MEMBER)
    async def claim(
        self,
        interaction: discord.Interaction[LeapBot],
        activity: app_commands.Choice[str],
        minutes: TypedMinutes,
        session: app_commands.Range[str, 1, 100] | None = None,
        date: app_commands.Range[str, 1, 60] | None = None,
        note: app_commands.Range[str, 1, 500] | None = None,
    ) -> None:
        """Claim time; it waits for a coordinator."""
        entry = await hours.claim(
            self.bot.db,
            self.bot.clock,
            guild_id=guild_id_of(interaction),
            member_id=interaction.user.id,
            activity=activity.value,
            minutes=minutes,
            day=date,
            session_id=parse_session_id(session),
            note=note,
            display_name=interaction.user.display_name,
        )
        await reply(
            interaction,
            text.CLAIM_SAVED.format(
                minutes=formatting.length(entry.minutes),
                activity=entry.activity,
                day=formatting.day(entry.work_date),
                entry=entry.id,
            ),
        )

    @app_commands.command(name="review", description=text.CMD_REVIEW)
    @app_commands.describe(
        member=text.OPT_REVIEW_MEMBER,
        session=text.OPT_REVIEW_SESSION,
        activity=text.OPT_REVIEW_ACTIVITY,
    )
    @app_commands.choices(activity=ACTIVITY_CHOICES)
    @app_commands.autocomplete(session=recent_sessions)
    @require(Level.COORDINATOR)
    async def review(
        self,
        interaction: discord.Interaction[LeapBot],
        member: discord.User | None = None,
        session: app_commands.Range[str, 1, 100] | None = None,
        activity: app_commands.Choice[str] | None = None,
    ) -> None:
        """Show what waits for a decision, in pages, with Approve, Reject and Skip buttons."""
        page = await review_queue.open_review(
            self.bot.db,
            self.bot.clock,
            guild_id=guild_id_of(interaction),
            coordinator_id=interaction.user.id,
            member_id=member.id if member else None,
            session_id=parse_session_id(session),
            activity=activity.value if activity else None,
        )
        content, embed, view = review_message(page)
        await reply(interaction, content, embed=embed, view=view)

    @app_commands.command(name="add", description=text.CMD_ADD)
    @app_commands.describe(
        member=text.OPT_MEMBER,
        minutes=text.OPT_MINUTES_ADD,
        activity=text.OPT_ACTIVITY,
        note=text.OPT_NOTE_ADD,
        session=text.OPT_SESSION,
        date=text.OPT_DATE,
        corrects=text.OPT_CORRECTS,
    )
    @app_commands.choices(activity=ACTIVITY_CHOICES)
    @app_commands.autocomplete(session=recent_sessions)
    @require(Level.COORDINATOR)
    async def add(
        self,
        interaction: discord.Interaction[LeapBot],
        member: discord.Member,
        minutes: TypedMinutes,
        activity: app_commands.Choice[str],
        note: app_commands.Range[str, 1, 500],
        session: app_commands.Range[str, 1, 100] | None = None,
        date: app_commands.Range[str, 1, 60] | None = None,
        corrects: RecordId | None = None,
    ) -> None:
        """Add an approved adjustment (or a correction of an approved entry)."""
        if member.bot:
            raise BadInput(text.ADD_BOT)
        values: dict[str, Any] = {
            "guild_id": guild_id_of(interaction),
            "actor_id": interaction.user.id,
            "member_id": member.id,
            "minutes": minutes,
            "activity": activity.value,
            "note": note,
            "session_id": parse_session_id(session),
            "day": date,
            "corrects_entry_id": corrects,
            "role_ids": [role.id for role in member.roles],
        }
        try:
            entry = await hours.add_adjustment(self.bot.db, self.bot.clock, **values)
        except hours.NotOnPanel as question:

            async def add_anyway(pressed: discord.Interaction[Any]) -> None:
                added = await hours.add_adjustment(
                    self.bot.db, self.bot.clock, **values, anyway=True
                )
                await reply(pressed, _added_text(added, member.mention), edit=True, view=None)

            view = ConfirmView(
                owner_id=interaction.user.id,
                yes=text.ADD_ANYWAY,
                no=text.ADD_DO_NOT,
                declined=text.ADD_NOT_ADDED,
                action=add_anyway,
            )
            await reply(interaction, question.text, view=view)
            return
        await reply(interaction, _added_text(entry, member.mention))

    @app_commands.command(name="report", description=text.CMD_REPORT)
    @app_commands.describe(from_=text.OPT_FROM, to=text.OPT_TO)
    @app_commands.rename(from_="from")
    @require(Level.COORDINATOR)
    async def report(
        self,
        interaction: discord.Interaction[LeapBot],
        from_: app_commands.Range[str, 1, 60] | None = None,
        to: app_commands.Range[str, 1, 60] | None = None,
    ) -> None:
        """Approved totals per member and activity."""
        names: dict[int, str] = {}
        if interaction.guild is not None:
            names = {m.id: m.display_name for m in interaction.guild.members}
        result = await hours.report(
            self.bot.db,
            self.bot.clock,
            guild_id=guild_id_of(interaction),
            start=from_,
            end=to,
            names=names,
        )
        period = {"start": formatting.day(result.start), "end": formatting.day(result.end)}
        if not result.totals:
            await reply(interaction, text.REPORT_NONE.format(**period))
            return
        lines = [_report_line(t) for t in result.totals]
        total = text.REPORT_TOTAL.format(
            paid=formatting.length(result.paid_minutes),
            pay=pay.pounds(result.amount_pence),
            over=formatting.length(result.over_cap_minutes),
            pending=result.pending,
        )
        body = "\n".join(lines)
        embed = discord.Embed(title=text.REPORT_TITLE.format(**period))
        if len(body) <= REPORT_INLINE:
            embed.description = f"{body}\n\n{total}"
            await reply(interaction, embed=embed)
            return
        embed.description = f"{total}\n{text.REPORT_FILE}"
        data = io.BytesIO(result.csv)
        await reply(interaction, embed=embed, file=discord.File(data, filename="hours-report.csv"))

    @app_commands.command(name="export", description=text.CMD_EXPORT)
    @app_commands.describe(
        from_=text.OPT_EXPORT_FROM,
        to=text.OPT_EXPORT_TO,
        format=text.OPT_FORMAT,
        run=text.OPT_RUN,
        reopen=text.OPT_REOPEN,
    )
    @app_commands.rename(from_="from")
    @app_commands.choices(format=FORMAT_CHOICES)
    @require(Level.ADMIN)
    async def export_(
        self,
        interaction: discord.Interaction[LeapBot],
        from_: app_commands.Range[str, 1, 60] | None = None,
        to: app_commands.Range[str, 1, 60] | None = None,
        format: app_commands.Choice[str] | None = None,
        run: RecordId | None = None,
        reopen: app_commands.Range[str, 1, 500] | None = None,
    ) -> None:
        """Make a payment run, download an earlier one again, or reopen one made by mistake."""
        await defer(interaction)
        names: dict[int, str] = {}
        if interaction.guild is not None:
            names = {m.id: m.display_name for m in interaction.guild.members}
        done = await export.export(
            self.bot.db,
            self.bot.clock,
            guild_id=guild_id_of(interaction),
            actor_id=interaction.user.id,
            start=from_,
            end=to,
            fmt=format.value if format else "csv",
            run_id=run,
            reopen_reason=reopen,
            names=names,
        )
        result = done.made or done.again
        content = export_text(done)
        try:
            await interaction.followup.send(
                content,
                files=_files(result) if result is not None else discord.utils.MISSING,
                ephemeral=True,
                allowed_mentions=discord.AllowedMentions.none(),
            )
        except discord.HTTPException:  # the run is saved: say which one to download again
            if result is None:
                raise
            await interaction.followup.send(
                text.EXPORT_NOT_SENT.format(run=result.run.id),
                ephemeral=True,
                allowed_mentions=discord.AllowedMentions.none(),
            )
            return
        if result is not None and result.receipts:
            await self._send_receipts(interaction, result.run.id)

    async def _send_receipts(self, interaction: discord.Interaction[LeapBot], run_id: int) -> None:
        """The receipts of a run's expenses: ZIP files, each within Discord's size limit for
        one message, one message each."""
        zips = export.receipt_zips(
            self.bot.db,
            guild_id=guild_id_of(interaction),
            run_id=run_id,
            limit=interaction.filesize_limit,
        )
        try:
            async for part in zips:
                await interaction.followup.send(
                    expense_text.EXPORT_RECEIPTS.format(run=run_id, name=part.name),
                    file=discord.File(io.BytesIO(part.content), filename=part.name),
                    ephemeral=True,
                    allowed_mentions=discord.AllowedMentions.none(),
                )
        except discord.HTTPException:
            await interaction.followup.send(
                expense_text.EXPORT_RECEIPTS_NOT_SENT.format(run=run_id),
                ephemeral=True,
                allowed_mentions=discord.AllowedMentions.none(),
            )


NAMES_ROOM = 400  # characters of names in one list of the export reply (it holds three)


def _names(names: Sequence[str]) -> str:
    """The names that fit in NAMES_ROOM, then 'and 12 more', so the reply stays within
    Discord's 2,000 characters however many people wait (the summary file names them all)."""
    shown: list[str] = []
    for i, name in enumerate(names):
        if shown and len(", ".join([*shown, name])) > NAMES_ROOM:
            return ", ".join(shown) + text.EXPORT_MORE_NAMES.format(count=len(names) - i)
        shown.append(name)
    return ", ".join(shown)


def _held_text(held: Sequence[export.HeldBack], channel_id: int | None) -> str:
    """What the admin is told about members whose hours wait."""
    lines = ""
    no_preference = [h.name for h in held if h.reason == "no_preference"]
    if no_preference:
        lines += text.EXPORT_HELD_NO_PREFERENCE.format(
            people=formatting.count(len(no_preference), text.HAVE), names=_names(no_preference)
        )
        lines += (
            text.EXPORT_HELD_CHANNEL.format(channel=channel_id)
            if channel_id
            else text.EXPORT_HELD_NO_CHANNEL
        )
    owes = [h.name for h in held if h.reason == "owes"]
    if owes:
        lines += text.EXPORT_HELD_OWES.format(names=_names(owes))
    declines = [h.name for h in held if h.reason == "declines"]
    if declines:
        lines += expense_text.EXPORT_HELD_DECLINES.format(names=_names(declines))
    return lines


def export_text(done: export.ExportDone) -> str:
    """The admin's reply to /hours export."""
    if done.reopened is not None:
        entries, expenses = done.reopened.released, done.reopened.released_expenses
        released = []
        if entries:
            released.append(formatting.count(entries, text.EXPORT_REOPENED_ENTRIES))
        if expenses:
            forms = expense_text.EXPORT_REOPENED if entries else expense_text.EXPORT_REOPENED_ONLY
            released.append(formatting.count(expenses, forms))
        return text.EXPORT_REOPENED.format(run=done.reopened.run.id, released=" ".join(released))
    if done.again is not None:
        run = done.again.run
        content = text.EXPORT_AGAIN.format(run=run.id)
        if run.reopened_at is not None:
            content += text.EXPORT_AGAIN_REOPENED.format(
                day=formatting.when_date(run.reopened_at), reason=run.reopen_reason or ""
            )
        return content
    if done.made is None:
        return ((done.refused or "") + _held_text(done.held_back, done.notify_channel_id))[:2000]
    result = done.made
    if result.run.entry_count:
        content = text.EXPORT_DONE.format(
            run=result.run.id,
            start=formatting.day(result.run.period_from),
            end=formatting.day(result.run.period_to),
            entries=formatting.count(result.run.entry_count, text.ENTRIES),
            people=formatting.count(result.people, text.PEOPLE),
            total=pay.pounds(result.run.total_pence),
        )
    else:  # only costs to pay back: no '0 entries' and no fees to add them to
        content = expense_text.EXPORT_ONLY_EXPENSES.format(
            run=result.run.id,
            start=formatting.day(result.run.period_from),
            end=formatting.day(result.run.period_to),
            expenses=formatting.count(result.run.expense_count, expense_text.EXPENSES),
            people=formatting.count(result.people, text.PEOPLE),
            amount=pay.pounds(result.run.expenses_pence),
        )
    if result.run.expense_count and result.run.entry_count:
        content += expense_text.EXPORT_EXPENSES.format(
            expenses=formatting.count(result.run.expense_count, expense_text.EXPENSES),
            amount=pay.pounds(result.run.expenses_pence),
            total=pay.pounds(result.run.total_pence + result.run.expenses_pence),
        )
    if result.receipts:
        content += expense_text.EXPORT_RECEIPTS_FOLLOW
    if result.not_on_panel:  # before the names, which can be long
        content += formatting.count(result.not_on_panel, text.EXPORT_NOT_ON_PANEL)
    content += _held_text(result.held_back, done.notify_channel_id)
    if result.expenses_before:
        content += expense_text.EXPORT_UNPAID_BEFORE.format(
            expenses=formatting.count(result.expenses_before, expense_text.EXPENSES),
            start=formatting.day(result.run.period_from),
        )
    if result.unpaid_before:
        content += text.EXPORT_UNPAID_BEFORE.format(
            entries=formatting.count(result.unpaid_before, text.ENTRIES),
            start=formatting.day(result.run.period_from),
        )
    return content[:2000]


async def setup(bot: LeapBot) -> None:
    """Load the cog."""
    await bot.add_cog(Hours(bot))
