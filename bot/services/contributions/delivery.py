"""What Discord must be told about contributions: the rows are their own outbox.

A row is "unsynced" while Discord does not yet show what its status says. The poster
(cogs/_contribution_discord.py) asks for them after each change and after a restart, does
the Discord call, and records the result here. A post is never lost: a failed or
interrupted call leaves the row unsynced, to be tried again.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from bot.services.contributions import rules
from storage import contributions as repo
from storage.contributions import Contribution
from storage.database import Database


class Action(Enum):
    """What the post needs."""

    POST = "post"  # shown, not posted yet
    EDIT_HIDDEN = "edit_hidden"  # hidden by a coordinator: replace the text with a note
    DELETE = "delete"  # taken back: delete the post
    NOTHING = "nothing"  # hidden or taken back before it was ever posted


@dataclass(frozen=True, slots=True)
class Outgoing:
    """One contribution whose post must change, and how."""

    contribution: Contribution
    pseudonym: str
    action: Action


def action_for(row: Contribution) -> Action:
    """What Discord must do so the post shows the row's state."""
    if row.status == repo.SHOWN:
        return Action.POST if row.message_id is None else Action.NOTHING
    if row.message_id is None:
        return Action.NOTHING
    return Action.EDIT_HIDDEN if row.status == repo.HIDDEN else Action.DELETE


async def pending(db: Database, *, limit: int = 100) -> list[Outgoing]:
    """Contributions whose posts must be sent, edited or deleted, oldest first."""
    async with db.read() as conn:
        rows = await repo.unsynced(conn, limit=limit)
    return [Outgoing(r, rules.pseudonym(r.letter), action_for(r)) for r in rows]


async def any_pending(db: Database) -> bool:
    """True when some post must still be sent, edited or deleted."""
    async with db.read() as conn:
        return bool(await repo.unsynced(conn, limit=1))


async def posted(db: Database, contribution_id: int, message_id: int) -> bool:
    """The post was sent; False when the row changed meanwhile (it needs another pass)."""
    async with db.transaction() as conn:
        return await repo.mark_posted(conn, contribution_id, message_id)


async def done(db: Database, row: Contribution) -> bool:
    """Discord shows the row's state now; False when it changed meanwhile."""
    async with db.transaction() as conn:
        return await repo.mark_synced(conn, row.id, status=row.status)
