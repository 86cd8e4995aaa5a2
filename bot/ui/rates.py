"""The "Start it on <day>" button under /setup rate: start the same rate on the earliest
day that still has pending entries with no rate, so they can be approved.

The custom id carries the activity, the rate in pence and the day (`20241202`), so the
button works after a restart and never reads a stale value.
"""

from __future__ import annotations

from datetime import date
from typing import Any, NamedTuple

import discord

from bot.checks import guild_id_of, leap_bot
from bot.permissions import Level
from bot.replies import reply
from bot.services.hours import money as pay
from bot.services.hours import payment_settings as payments
from bot.services.hours.payment_settings import RateSaved
from bot.text import formatting
from bot.text import payment as text
from bot.ui.base import LeapView, PersistentButton


class StartKey(NamedTuple):
    """An activity, a rate in pence per hour, and a day as yyyymmdd."""

    activity: str
    pence: int
    day: int


def _day_number(day: date) -> int:
    return day.year * 10_000 + day.month * 100 + day.day


def _day(number: int) -> date:
    return date(number // 10_000, number // 100 % 100, number % 100)


def rate_saved_message(saved: RateSaved) -> tuple[str, discord.ui.View | None]:
    """What the admin reads after saving a rate, with the offer when entries still wait."""
    rate = saved.rate
    content = text.RATE_SAVED.format(
        activity=rate.activity.capitalize(),
        pounds=pay.pounds(rate.pence_per_hour),
        day=formatting.day(rate.effective_from),
    )
    waiting = saved.waiting
    if waiting is None:
        return content, None
    content += "\n" + formatting.count(
        waiting.entries,
        text.RATE_WAITING,
        activity=waiting.activity,
        day=formatting.day(waiting.earliest),
    )
    view = LeapView(timeout=None)
    key = StartKey(waiting.activity, rate.pence_per_hour, _day_number(waiting.earliest))
    view.add_item(StartRateButton(key))
    return content, view


class StartRateButton(PersistentButton[StartKey]):
    """Start the rate just saved on an earlier day."""

    key_type, custom_id_format = StartKey, "leap:rate:{activity}:{pence}:from:{day}"
    label, style, level = text.RATE_START_EARLIER, discord.ButtonStyle.primary, Level.ADMIN

    @classmethod
    def label_for(cls, key: StartKey) -> str:
        """'Start it on Monday 2 December 2024'."""
        return cls.label.format(day=formatting.day(_day(key.day)))

    async def run(self, interaction: discord.Interaction[Any]) -> None:
        """Save the same rate from that day, and say so on the same message."""
        bot = leap_bot(interaction)
        saved = await payments.set_rate(
            bot.db,
            bot.clock,
            guild_id=guild_id_of(interaction),
            actor_id=interaction.user.id,
            activity=self.key.activity,
            pounds_per_hour=pay.plain_pounds(self.key.pence),
            from_date=_day(self.key.day).isoformat(),
        )
        content, view = rate_saved_message(saved)
        await reply(interaction, content, view=view, edit=True)


DYNAMIC_ITEMS: tuple[type[discord.ui.DynamicItem[Any]], ...] = (StartRateButton,)
