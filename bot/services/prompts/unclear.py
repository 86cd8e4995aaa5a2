"""Anonymous "This is unclear" signals on a posted prompt.

Each member counts once per prompt. What is stored is a keyed hash of guild, prompt and
member (purpose "unclear", see bot/services/anonymity.py), never the member's id, and no
time. When exactly the third member says a prompt is unclear, a notice for the coordinator
who posted it is stored in the same transaction, then sent (naming nobody); a restart sends
any notice still waiting.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from bot.errors import NotFound
from bot.services.anonymity import AnonSecret, anon_key
from bot.text import prompts as text
from storage import prompts as repo
from storage.database import Database
from storage.prompts import POSTED, Prompt

NOTIFY_AT: Final = 3
PENDING: Final = "pending"
SENT: Final = "sent"
FAILED: Final = "failed"


@dataclass(frozen=True, slots=True)
class Signal:
    """The outcome of one press: counted (first time for this member), and whether the
    coordinator is now owed a notice."""

    counted: bool
    notify: bool


def unclear_key(secret: AnonSecret, guild_id: int, prompt_id: int, user_id: int) -> str:
    """The keyed hash that counts one member's "unclear" on one prompt once."""
    return anon_key(secret, "unclear", guild_id, prompt_id, user_id)


async def mark_unclear(
    db: Database, secret: AnonSecret, *, guild_id: int, prompt_id: int, user_id: int
) -> Signal:
    """Count a member's "This is unclear" once; owe the coordinator a notice at the third."""
    key = unclear_key(secret, guild_id, prompt_id, user_id)
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
            await repo.set_unclear_notice(conn, prompt_id, PENDING)
    return Signal(counted=counted, notify=notify)


async def waiting(db: Database) -> list[Prompt]:
    """Prompts whose "unclear" notice is waiting to be sent."""
    async with db.read() as conn:
        return await repo.unclear_notices_pending(conn)


async def notice_done(db: Database, prompt_id: int, *, delivered: bool) -> None:
    """Mark a prompt's "unclear" notice sent, or failed when nobody could be told."""
    async with db.transaction() as conn:
        await repo.set_unclear_notice(conn, prompt_id, SENT if delivered else FAILED)
