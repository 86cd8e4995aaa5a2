"""Anonymous "This is unclear" signals on a posted prompt.

Each member counts once per prompt. What is stored is a keyed hash of guild, prompt and
member (purpose "unclear", see bot/services/anonymity.py), never the member's id, and no
time. When exactly the third member says a prompt is unclear, the coordinators are told:
the coordinator who posted it by DM, and the panel's staff channel when one is set, else
every coordinator by DM (as break notices are). All of it is queued in the notices outbox in
the same transaction as that signal, so a restart loses nothing. The notice names nobody.
Without a staff channel, a coordinator whose DMs are closed is mentioned in the prompt's
channel with the same words.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Final

from bot.clock import Clock
from bot.errors import NotFound
from bot.permissions import RoleHolders
from bot.services import notices
from bot.services.anonymity import AnonSecret, anon_key
from bot.text import prompts as text
from storage import guild_settings
from storage import prompts as repo
from storage.database import Database
from storage.prompts import POSTED

NOTIFY_AT: Final = 3
KIND: Final = "prompt.unclear"  # the notice to the coordinators
QUEUED: Final = "sent"  # prompts.unclear_notice once the notice is in the outbox


@dataclass(frozen=True, slots=True)
class Signal:
    """The outcome of one press: counted (first time for this member), and whether the
    coordinators' notice was queued by it."""

    counted: bool
    notify: bool


def unclear_key(secret: AnonSecret, guild_id: int, prompt_id: int, user_id: int) -> str:
    """The keyed hash that counts one member's "unclear" on one prompt once."""
    return anon_key(secret, "unclear", guild_id, prompt_id, user_id)


async def mark_unclear(
    db: Database,
    secret: AnonSecret,
    clock: Clock,
    *,
    guild_id: int,
    prompt_id: int,
    user_id: int,
    coordinators: RoleHolders,
) -> Signal:
    """Count a member's "This is unclear" once; queue the coordinators' notice at the third
    (`coordinators` says who holds the coordinator role, asked only then)."""
    key = unclear_key(secret, guild_id, prompt_id, user_id)
    now = clock.now()
    async with db.transaction() as conn:
        prompt = await repo.get(conn, prompt_id, guild_id=guild_id)
        if prompt is None or prompt.status != POSTED:
            raise NotFound(text.NOT_FOUND)
        counted = await repo.add_unclear(conn, prompt_id, key)
        notify = (
            counted
            and prompt.unclear_notice is None
            and await repo.unclear_count(conn, prompt_id) == NOTIFY_AT
        )
        if notify:
            await repo.set_unclear_notice(conn, prompt_id, QUEUED)
            settings = await guild_settings.get(conn, guild_id)
            staff = settings.staff_channel_id
            payload: dict[str, Any] = {
                "channel_id": prompt.channel_id,
                "message_id": prompt.message_id,
                "count": NOTIFY_AT,
            }
            # The poster always; without a staff channel, every coordinator too.
            told = {prompt.created_by}
            if staff is None:
                told.update(coordinators(settings.coordinator_role_id))
            for coordinator_id in sorted(told):
                await notices.to_member(
                    conn,
                    KIND,
                    coordinator_id,
                    now=now,
                    guild_id=guild_id,
                    subject_id=prompt_id,
                    # The staff channel gets its own copy; without one, a coordinator whose
                    # DMs are closed is mentioned under the prompt (the notice names nobody).
                    fallback_channel_id=None if staff is not None else prompt.channel_id,
                    payload=payload,
                )
            if staff is not None:
                await notices.to_channel(
                    conn, KIND, staff, now=now, guild_id=guild_id, subject_id=prompt_id,
                    payload=payload,
                )  # fmt: skip
    return Signal(counted=counted, notify=notify)
