"""/mydata: a member sees everything the bot holds about them, or erases what may go.

Everything comes from the member-data contract (`storage.member_data`): each store lists its
rows for the member, and erases them unless finance or the panel's records must keep them.
Anonymous posts and votes are found through the member's own keyed hashes, never by an id.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from bot.clock import Clock
from bot.errors import Conflict
from bot.services import notices
from bot.services.anonymity import AnonSecret, anon_key
from bot.text import wellbeing as text
from storage import audit, member_data
from storage.database import Conn, Database
from storage.member_data import MemberKeys

FORMAT_VERSION = 1


def keys_for(secret: AnonSecret, guild_id: int, member_id: int) -> MemberKeys:
    """The member's id and the way to make their anonymous keys."""

    def anon(purpose: str, *parts: int | str) -> str:
        return anon_key(secret, purpose, *parts)

    return MemberKeys(guild_id=guild_id, member_id=member_id, anon=anon)


@dataclass(frozen=True, slots=True)
class MyData:
    """The JSON file and how many records it holds, per panel."""

    content: bytes
    counts: dict[int, int]

    @property
    def total(self) -> int:
        """Records in the file, over every panel."""
        return sum(self.counts.values())


def _plain(value: Any) -> Any:
    if isinstance(value, bytes):
        return f"<{len(value)} bytes>"
    return value


async def show(
    db: Database, clock: Clock, secret: AnonSecret, *, member_id: int, guild_ids: Sequence[int]
) -> MyData:
    """Everything held about one member in these panels, as an indented UTF-8 JSON file;
    kinds of data with nothing of theirs are left out, and a panel with nothing says so."""
    panels: list[dict[str, Any]] = []
    counts: dict[int, int] = {}
    async with db.read() as conn:
        for guild_id in guild_ids:
            held = await member_data.list_all(conn, keys_for(secret, guild_id, member_id))
            data = {  # only the kinds that hold something of theirs
                name: [{k: _plain(v) for k, v in row.items()} for row in rows]
                for name, rows in held.items()
                if rows
            }
            counts[guild_id] = sum(len(rows) for rows in data.values())
            panel: dict[str, Any] = {"panel": str(guild_id), "data": data}
            if not data:
                panel["nothing"] = text.MYDATA_FILE_NOTHING
            panels.append(panel)
    document = {
        "about": text.MYDATA_FILE_ABOUT,
        "your_id": str(member_id),
        "made_at": clock.now().isoformat(),
        "format_version": FORMAT_VERSION,
        "panels": panels,
    }
    content = json.dumps(document, indent=2, ensure_ascii=False, default=str).encode("utf-8")
    return MyData(content=content, counts=counts)


@dataclass(frozen=True, slots=True)
class EraseResult:
    """What went, how many posts are being taken down, and what was kept and why."""

    erased: int
    taken_down: int
    kept: list[tuple[str, str]]  # (store name, why it is kept)


class EraseGuard:
    """At most one erase at a time per member and panel."""

    def __init__(self) -> None:
        self._running: set[tuple[int, int]] = set()

    def begin(self, guild_id: int, member_id: int) -> None:
        """Mark an erase as running, or refuse a second one."""
        if (guild_id, member_id) in self._running:
            raise Conflict(text.MYDATA_ERASE_RUNNING)
        self._running.add((guild_id, member_id))

    def end(self, guild_id: int, member_id: int) -> None:
        """Mark the erase as finished."""
        self._running.discard((guild_id, member_id))


async def _kept_of(conn: Conn, keys: MemberKeys) -> list[tuple[str, str]]:
    return [
        (store.name, store.kept_because or "")
        for store in member_data.kept()
        if await store.list(conn, keys)
    ]


async def kept_stores(
    db: Database, secret: AnonSecret, *, guild_id: int, member_id: int
) -> list[tuple[str, str]]:
    """What an erase would keep of this member's, with the reason, for the question asked
    before erasing: only the kept stores that hold something of theirs (a member who never
    ran a session is not told that sessions they ran stay)."""
    async with db.read() as conn:
        return await _kept_of(conn, keys_for(secret, guild_id, member_id))


async def erase(
    db: Database, clock: Clock, secret: AnonSecret, *, guild_id: int, member_id: int
) -> EraseResult:
    """Erase what may go about a member in one transaction; audited without any content.

    The member's anonymous posts are taken down through the outbox, queued in the same
    transaction: a Discord failure is tried again and a restart finishes them. The queued
    deletions hold only where each post is, never the member.
    """
    now = clock.now()
    keys = keys_for(secret, guild_id, member_id)
    async with db.transaction() as conn:
        result = await member_data.erase_all(conn, keys, now)
        kept = await _kept_of(conn, keys)
        for channel_id, message_id in result.posts:
            await notices.take_down(conn, channel_id, message_id, now=now, guild_id=guild_id)
        await audit.record(
            conn,
            guild_id=guild_id,
            actor_id=member_id,
            action="mydata.erase",
            now=now,
            detail={"records_erased": result.count},
        )
    await db.checkpoint()  # erased text leaves the write-ahead log too
    return EraseResult(erased=result.count, taken_down=len(result.posts), kept=kept)
