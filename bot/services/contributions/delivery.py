"""How contribution posts reach Discord: through the one notices outbox.

Every change queues what Discord must do in its own transaction (bot/services/notices.py):
a new contribution queues its post, hiding one queues an edit of the post, taking one back
queues its deletion. The notices hold no text and no person (owner_id stays None: there is
nobody to name): the post is rendered from the contribution row when it is sent, so a post
whose contribution was hidden or taken back before it went out is never shown. When a post
went out just as its contribution changed, `posted` queues the edit or deletion at once.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot.clock import Clock
from bot.services import notices
from bot.services.contributions import rules
from storage import contributions as repo
from storage.contributions import Contribution
from storage.database import Conn, Database

KIND_POST = "contribution.post"
KIND_HIDDEN = "contribution.hidden"
KIND_DELETE = "contribution.delete"
KINDS = (KIND_POST, KIND_HIDDEN, KIND_DELETE)


@dataclass(frozen=True, slots=True)
class Post:
    """A contribution to show, with its pseudonym."""

    contribution: Contribution
    pseudonym: str


async def queue_post(conn: Conn, row: Contribution, now: datetime) -> None:
    """Queue the bot's post of a new contribution (inside the caller's transaction)."""
    await notices.to_channel(
        conn, KIND_POST, row.channel_id, now=now, guild_id=row.guild_id, subject_id=row.id
    )


async def queue_change(conn: Conn, row: Contribution, now: datetime) -> None:
    """Queue what a hidden or taken-back contribution's post needs (if it was posted)."""
    if row.message_id is None:
        return  # not posted yet: its post notice renders nothing now
    if row.status == repo.HIDDEN:
        await notices.edit(
            conn,
            KIND_HIDDEN,
            row.channel_id,
            row.message_id,
            now=now,
            guild_id=row.guild_id,
            subject_id=row.id,
        )
    elif row.status == repo.TAKEN_BACK:
        await notices.delete(
            conn,
            KIND_DELETE,
            row.channel_id,
            row.message_id,
            now=now,
            guild_id=row.guild_id,
            subject_id=row.id,
        )


async def to_post(db: Database, contribution_id: int) -> Post | None:
    """The contribution to post now, or None when it is no longer shown."""
    async with db.read() as conn:
        row = await repo.get(conn, contribution_id)
    if row is None or row.status != repo.SHOWN:
        return None
    return Post(row, rules.pseudonym(row.letter))


async def to_hide(db: Database, contribution_id: int) -> Contribution | None:
    """The hidden contribution whose post must say so, or None when it is not hidden now."""
    async with db.read() as conn:
        row = await repo.get(conn, contribution_id)
    return row if row is not None and row.status == repo.HIDDEN else None


async def posted(db: Database, clock: Clock, contribution_id: int, message_id: int) -> None:
    """Record the bot's post; if the contribution changed while it was sent, queue the fix."""
    async with db.transaction() as conn:
        row = await repo.set_message(conn, contribution_id, message_id)
        if row is not None:
            await queue_change(conn, row, clock.now())
