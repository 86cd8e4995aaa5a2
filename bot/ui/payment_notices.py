"""Direct messages after a payment run: members held back are asked for their preference.

Sent after the run is committed, like hours decisions: a closed DM never undoes or blocks
the run. A member whose DMs are closed is mentioned in the channel the admin chose with
`/setup payments` (no amounts there), or, with no channel chosen, the admin is told.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

import discord

from bot.services.hours import money as pay
from bot.services.hours.payment_runs import HeldBack
from bot.text import formatting
from bot.text import hours as text

log = logging.getLogger(__name__)

MENTIONS_PER_MESSAGE = 40


async def ask_for_preferences(
    guild: discord.Guild, held_back: Sequence[HeldBack], channel_id: int | None
) -> str | None:
    """DM each member held back for want of a payment preference; return a note for the
    admin about those who could not be told by DM (None when everyone was)."""
    closed: list[HeldBack] = []
    for held in held_back:
        if held.reason != "no_preference":
            continue
        message = text.HELD_DM.format(
            panel=guild.name,
            time=formatting.length(held.paid_minutes),
            pay=pay.pounds(held.amount_pence),
        )
        try:
            member = guild.get_member(held.member_id) or await guild.fetch_member(held.member_id)
            await member.send(message, allowed_mentions=discord.AllowedMentions.none())
        except discord.HTTPException as error:  # closed DMs (403), member gone (404)...
            log.info("Could not DM member %s about their preference: %s", held.member_id, error)
            closed.append(held)
    if not closed:
        return None
    who = ", ".join(h.name for h in closed)
    channel = guild.get_channel(channel_id) if channel_id is not None else None
    if not isinstance(channel, discord.abc.Messageable):
        return text.HELD_NOT_TOLD.format(who=who)
    posted = True
    for start in range(0, len(closed), MENTIONS_PER_MESSAGE):
        chunk = closed[start : start + MENTIONS_PER_MESSAGE]
        try:
            await channel.send(
                text.HELD_CHANNEL.format(mentions=" ".join(f"<@{h.member_id}>" for h in chunk)),
                allowed_mentions=discord.AllowedMentions(
                    everyone=False, roles=False, users=[discord.Object(h.member_id) for h in chunk]
                ),
            )
        except discord.HTTPException:
            log.info("Could not post in the payments channel %s", channel_id)
            posted = False
    if not posted:
        return text.HELD_NOT_POSTED.format(who=who)
    return text.HELD_MENTIONED.format(who=who, channel=channel_id)
