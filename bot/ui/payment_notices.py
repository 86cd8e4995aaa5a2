"""Direct messages after a payment run: members held back are asked for their preference.

The DMs are notices (bot/services/hours/payment_runs.py queues them with the run), sent by
the one notifier: a closed DM never undoes or blocks the run. A member whose DMs are closed
is mentioned in the panel's notices channel (else the channel chosen with `/setup payments`)
and pointed to /payment preference, with no amounts; with neither, the admin is told.
"""

from __future__ import annotations

from collections.abc import Sequence

from bot.notifier import Notifier
from bot.services import notices
from bot.services.hours import money as pay
from bot.services.hours.payment_runs import NOTICE_ASK_PREFERENCE, HeldBack
from bot.text import formatting
from bot.text import hours as text
from storage.database import Database


def preference_dm(panel: str, minutes: int, pence: int) -> str:
    """The DM asking a member to choose how they want to be paid."""
    return text.HELD_DM.format(panel=panel, time=formatting.length(minutes), pay=pay.pounds(pence))


async def not_told_note(
    db: Database,
    notifier: Notifier,
    *,
    guild_id: int,
    held_back: Sequence[HeldBack],
    channel_id: int | None,
) -> str | None:
    """A note for the admin about members held back who could not be asked by DM (None
    when every one was), once the notifier has had a few seconds to send the DMs."""
    asked = [h for h in held_back if h.reason == "no_preference"]
    if not asked:
        return None
    await notifier.wait_idle(within=5.0)
    sent = await notices.latest_to(
        db, NOTICE_ASK_PREFERENCE, guild_id, [h.member_id for h in asked]
    )
    missed = [
        h
        for h in asked
        if h.member_id in sent
        and sent[h.member_id].status not in ("pending", "sending")
        and sent[h.member_id].via != "dm"
    ]
    if not missed:
        return None
    who = ", ".join(h.name for h in missed)
    if all(sent[h.member_id].via == "channel" for h in missed) and channel_id is not None:
        return text.HELD_MENTIONED.format(who=who, channel=channel_id)
    if channel_id is None:
        return text.HELD_NOT_TOLD.format(who=who)
    return text.HELD_NOT_POSTED.format(who=who)
