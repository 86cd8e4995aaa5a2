"""/remind: personal and panel reminders, the list, cancelling and a member's settings.

Reminders are delivered by the one notifier (bot/notifier.py); the notice kinds are
rendered here. Session reminders skip members who turned them off (see cogs/sessions.py).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import discord
from discord import app_commands
from discord.ext import commands

from bot.app import LeapBot
from bot.checks import caller_level, guild_id_of, require
from bot.notifier import NoticeKind, Rendered
from bot.permissions import Level
from bot.replies import reply
from bot.services.reminders import core, delivery
from bot.services.reminders import settings as reminder_settings
from bot.services.timeparse import suggest_timezones
from bot.text import common as common_text
from bot.text import formatting
from bot.text import reminders as text
from storage import reminders as repo
from storage.database import Conn
from storage.notices import Notice
from storage.reminders import Reminder
from storage.timers import Timer

LIST_LIMIT = 15  # lines per section of /remind list (fewer when they would not fit)
MESSAGE_LIMIT = 2000  # characters in one Discord message
MISSED_PUBLIC_MAX = 1900  # the missed note in a channel, after the owner's mention


def missed_text(payload: dict[str, Any]) -> str:
    """The one message about reminders skipped while the bot was down: personal and panel
    reminders by number, then session reminders by session."""
    parts: list[str] = []
    if payload.get("numbers"):
        numbers = formatting.join(f"#{n}" for n in payload["numbers"])
        parts.append(text.MISSED.format(numbers=numbers))
    lines = []
    for skipped in payload.get("sessions", []):
        offsets = [int(m) for m in skipped.get("offsets", [])]
        which = text.MISSED_SESSION_WHICH["one" if len(offsets) == 1 else "many"]
        lines.append(
            text.MISSED_SESSION_LINE.format(
                number=skipped["session"],
                title=skipped.get("title", ""),
                full=formatting.when_full(datetime.fromtimestamp(int(skipped["starts"]), UTC)),
                which=which.format(offsets=formatting.join(map(formatting.offset, offsets))),
            )
        )
    if lines:
        template = text.MISSED_SESSIONS_TOO if parts else text.MISSED_SESSIONS
        parts.append(template.format(lines="\n".join(lines)))
    return "\n\n".join(parts)[:2000]


def _line(reminder: Reminder) -> str:
    return text.LIST_LINE.format(
        id=reminder.id,
        full=formatting.when_full(reminder.due_at),
        rel=formatting.when_rel(reminder.due_at),
        text=" ".join(reminder.text.split())[:120],
    )


def _section(header: str, found: list[Reminder], limit: int = LIST_LIMIT) -> list[str]:
    lines = [header, *(_line(r) for r in found[:limit])]
    if len(found) > limit:
        lines.append(text.LIST_MORE.format(count=len(found) - limit))
    return lines


def listing_text(found: core.Listing) -> str:
    """/remind list: each section's first lines, as many as fit in one message."""
    for limit in range(LIST_LIMIT, 0, -1):
        lines: list[str] = []
        if found.personal:
            lines += _section(text.LIST_HEADER, found.personal, limit)
        if found.panel:
            lines += ["", *_section(text.LIST_PANEL_HEADER, found.panel, limit)]
        if found.recent:
            lines += ["", *_section(text.LIST_RECENT_HEADER, found.recent, limit)]
        if found.personal or found.panel:
            lines += ["", text.LIST_HOW_TO_CANCEL]
        shown = "\n".join(lines).strip()
        if len(shown) <= MESSAGE_LIMIT:
            break
    return shown or text.LIST_EMPTY


def due_text(notice: Notice) -> str:
    """What a reminder says when it arrives (with the apology when it is late)."""
    template = text.DUE_PANEL if notice.kind == delivery.NOTICE_PANEL else text.DUE_PERSONAL
    body = template.format(text=notice.payload.get("text", ""))
    return common_text.LATE_APOLOGY + body if notice.payload.get("late") else body


class Reminders(commands.GroupCog, group_name="remind", group_description=text.GROUP_DESCRIPTION):
    """Reminders for a member or the whole panel."""

    def __init__(self, bot: LeapBot) -> None:
        self.bot = bot
        super().__init__()

    async def cog_load(self) -> None:
        """Say what to do when a reminder is due and how reminder messages read."""
        self.bot.timers.register(delivery.TIMER_KIND, apply=self._apply_due)
        self.bot.notifier.register(
            delivery.NOTICE_PERSONAL,
            NoticeKind(render=self._render, label=text.LABEL_PERSONAL, check="/remind list"),
        )
        self.bot.notifier.register(
            delivery.NOTICE_PANEL, NoticeKind(render=self._render, label=text.LABEL_PANEL)
        )
        self.bot.notifier.register(
            delivery.NOTICE_MISSED,
            NoticeKind(render=self._render_missed, label=text.LABEL_MISSED, check="/remind list"),
        )

    async def cog_unload(self) -> None:
        """Forget the timer handler and notice kinds."""
        self.bot.timers.unregister(delivery.TIMER_KIND)
        for kind in delivery.NOTICE_KINDS:
            self.bot.notifier.unregister(kind)

    async def _apply_due(self, conn: Conn, timer: Timer, late: bool) -> str | None:
        return await delivery.apply_due(conn, timer, late, now=self.bot.clock.now())

    async def _render(self, notice: Notice) -> Rendered:
        content = due_text(notice)
        public = content if notice.kind == delivery.NOTICE_PANEL else None
        return Rendered(content=content, public=public)

    async def _render_missed(self, notice: Notice) -> Rendered:
        # Only reminder numbers and session titles and times, which are not private: an
        # owner with direct messages closed reads the note itself in the channel.
        said = missed_text(notice.payload)
        return Rendered(content=said, public=said[:MISSED_PUBLIC_MAX])

    # --- commands -----------------------------------------------------------------------

    @app_commands.command(name="me", description=text.ME_DESCRIPTION)
    @app_commands.describe(when=text.WHEN_DESCRIPTION, text=text.TEXT_DESCRIPTION)
    @app_commands.guild_only()
    @require(Level.MEMBER)
    async def me(self, interaction: discord.Interaction[LeapBot], when: str, text: str) -> None:
        """Remind me by direct message at a time."""
        made = await core.create(
            self.bot.db,
            self.bot.timers,
            self.bot.clock,
            guild_id=guild_id_of(interaction),
            owner_id=interaction.user.id,
            channel_id=interaction.channel_id,
            when=when,
            what=text,
        )
        await reply(interaction, _confirmation(made, panel_channel=None))

    @app_commands.command(name="panel", description=text.PANEL_DESCRIPTION)
    @app_commands.describe(
        when=text.WHEN_DESCRIPTION, text=text.TEXT_DESCRIPTION, channel=text.CHANNEL_DESCRIPTION
    )
    @app_commands.guild_only()
    @require(Level.COORDINATOR)
    async def panel(
        self,
        interaction: discord.Interaction[LeapBot],
        when: str,
        text: str,
        channel: discord.TextChannel | None = None,
    ) -> None:
        """Remind every panel member by direct message at a time."""
        channel_id = channel.id if channel is not None else interaction.channel_id
        made = await core.create(
            self.bot.db,
            self.bot.timers,
            self.bot.clock,
            guild_id=guild_id_of(interaction),
            owner_id=interaction.user.id,
            channel_id=channel_id,
            when=when,
            what=text,
            kind=repo.PANEL,
        )
        await reply(interaction, _confirmation(made, panel_channel=channel_id))

    @app_commands.command(name="list", description=text.LIST_DESCRIPTION)
    @app_commands.guild_only()
    async def list_(self, interaction: discord.Interaction[LeapBot]) -> None:
        """See the reminders you set (coordinators also see the panel's)."""
        coordinator = await caller_level(interaction) >= Level.COORDINATOR
        found = await core.listing(
            self.bot.db,
            self.bot.clock,
            guild_id=guild_id_of(interaction),
            member_id=interaction.user.id,
            coordinator=coordinator,
        )
        await reply(interaction, listing_text(found))

    @app_commands.command(name="cancel", description=text.CANCEL_DESCRIPTION)
    @app_commands.describe(id=text.ID_DESCRIPTION)
    @app_commands.guild_only()
    async def cancel(self, interaction: discord.Interaction[LeapBot], id: str) -> None:
        """Cancel one of your reminders (coordinators: a panel reminder)."""
        coordinator = await caller_level(interaction) >= Level.COORDINATOR
        gone = await core.cancel(
            self.bot.db,
            self.bot.timers,
            self.bot.clock,
            guild_id=guild_id_of(interaction),
            actor_id=interaction.user.id,
            number=id,
            coordinator=coordinator,
        )
        await reply(interaction, text.CANCELLED.format(id=gone.id))

    @cancel.autocomplete("id")
    async def cancel_autocomplete(
        self, interaction: discord.Interaction[LeapBot], current: str
    ) -> list[app_commands.Choice[str]]:
        """Offer the caller's own waiting reminders (and the panel's, to coordinators)."""
        if interaction.guild_id is None:
            return []
        coordinator = await caller_level(interaction) >= Level.COORDINATOR
        found = await core.choices(
            self.bot.db,
            guild_id=interaction.guild_id,
            member_id=interaction.user.id,
            coordinator=coordinator,
            typed=current,
        )
        return [app_commands.Choice(name=label, value=str(number)) for label, number in found]

    @app_commands.command(name="settings", description=text.SETTINGS_DESCRIPTION)
    @app_commands.describe(
        timezone=text.TIMEZONE_DESCRIPTION, session_reminders=text.SESSION_REMINDERS_DESCRIPTION
    )
    @app_commands.guild_only()
    @require(Level.MEMBER)
    async def settings(
        self,
        interaction: discord.Interaction[LeapBot],
        timezone: str | None = None,
        session_reminders: bool | None = None,
    ) -> None:
        """Your time zone, and whether you get session reminders."""
        guild_id = guild_id_of(interaction)
        saved = await reminder_settings.change(
            self.bot.db,
            self.bot.clock,
            guild_id=guild_id,
            member_id=interaction.user.id,
            timezone=timezone,
            session_reminders=session_reminders,
        )
        zone = await reminder_settings.zone_for(self.bot.db, guild_id, interaction.user.id)
        changed = timezone is not None or session_reminders is not None
        lines = [text.SETTINGS_SAVED] if changed else []
        lines.append(text.SETTINGS_HEADER)
        lines.append(
            text.SETTINGS_ZONE.format(zone=zone)
            if saved.timezone
            else text.SETTINGS_ZONE_PANEL.format(zone=zone)
        )
        lines.append(
            text.SETTINGS_SESSIONS_ON if saved.session_reminders else text.SETTINGS_SESSIONS_OFF
        )
        await reply(interaction, "\n".join(lines))

    @settings.autocomplete("timezone")
    async def timezone_autocomplete(
        self, interaction: discord.Interaction[Any], current: str
    ) -> list[app_commands.Choice[str]]:
        """Suggest time zones as the member types."""
        return [app_commands.Choice(name=z, value=z) for z in suggest_timezones(current, limit=25)]


def _confirmation(made: core.Created, *, panel_channel: int | None) -> str:
    r = made.reminder
    parts = {
        "id": r.id,
        "full": formatting.when_full(r.due_at),
        "rel": formatting.when_rel(r.due_at),
        "text": r.text,
    }
    if panel_channel is not None:
        first = text.SET_PANEL.format(channel=f"<#{panel_channel}>", **parts)
    else:
        first = text.SET_ME.format(**parts)
        if made.mention_in is not None:
            first += "\n" + text.SET_ME_DMS_CLOSED.format(channel=f"<#{made.mention_in}>")
    return first + "\n" + text.READ_IN.format(zone=made.zone)


async def setup(bot: LeapBot) -> None:
    """Load the cog."""
    await bot.add_cog(Reminders(bot))
