"""The member-data contract: every store of data about a member says how to list and erase it.

`/mydata show` lists everything registered here; `/mydata erase` erases what may go and keeps
what finance must keep, saying why. A storage module that holds data about a member (a column
such as member_id, actor_id, created_by, or an HMAC key of a member) registers one
`MemberStore` at import time; `tests/storage/test_member_data.py` fails when a table with such
a column has no store covering it.

Anonymous data is found through keyed hashes: `MemberKeys.anon(purpose, *ids)` gives the same
HMAC the feature stored (e.g. `anon("author", guild, user)`), so a member finds their own
anonymous posts and votes without any id being stored beside them. Storage never sees the
secret: the service layer builds `MemberKeys`.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from storage.database import Conn

Record = dict[str, Any]


@dataclass(frozen=True, slots=True)
class MemberKeys:
    """Who is asking: their panel, their id, and a way to make their anonymous keys."""

    guild_id: int
    member_id: int
    anon: Callable[..., str]  # anon(purpose, *ids) -> the feature's HMAC for this member


@dataclass(slots=True)
class Erased:
    """What an erase removed: a count, and posts the bot must delete from channels."""

    count: int = 0
    posts: list[tuple[int, int]] = field(default_factory=list)  # (channel id, message id)

    def add(self, other: Erased) -> None:
        """Fold another store's result into this one."""
        self.count += other.count
        self.posts.extend(other.posts)


Lister = Callable[[Conn, MemberKeys], Awaitable[list[Record]]]
Eraser = Callable[[Conn, MemberKeys, datetime], Awaitable[Erased]]


@dataclass(frozen=True, slots=True)
class MemberStore:
    """One kind of data about a member: its name, its tables, how to list and erase it.

    `erase` is None when the data must be kept (then `kept_because` says why, in plain words).
    """

    name: str
    tables: tuple[str, ...]
    list: Lister
    erase: Eraser | None = None
    kept_because: str | None = None


_STORES: dict[str, MemberStore] = {}


def register(store: MemberStore) -> MemberStore:
    """Add a store to the contract (once per name)."""
    if store.erase is None and not store.kept_because:
        raise ValueError(f"{store.name}: a store that is kept must say why.")
    _STORES[store.name] = store
    return store


def stores() -> list[MemberStore]:
    """Every registered store, after importing every storage module so all have registered."""
    for info in pkgutil.iter_modules([str(Path(__file__).parent)]):
        if not info.name.startswith("_") and info.name != "migrations":
            importlib.import_module(f"{__package__}.{info.name}")
    return list(_STORES.values())


def covered_tables() -> set[str]:
    """Tables some store lists and erases (or keeps, saying why)."""
    return {table for store in stores() for table in store.tables}


async def list_all(conn: Conn, keys: MemberKeys) -> dict[str, list[Record]]:
    """Everything held about one member, by store name."""
    return {store.name: await store.list(conn, keys) for store in stores()}


async def erase_all(conn: Conn, keys: MemberKeys, now: datetime) -> Erased:
    """Erase what may be erased about one member, inside the caller's transaction."""
    total = Erased()
    for store in stores():
        if store.erase is not None:
            total.add(await store.erase(conn, keys, now))
    return total


def kept() -> list[MemberStore]:
    """The stores that an erase keeps, with their reasons."""
    return [store for store in stores() if store.erase is None]


async def records(conn: Conn, sql: str, params: tuple[Any, ...]) -> list[Record]:
    """Rows of a parameterised SELECT as plain dicts (the shape /mydata show writes as JSON)."""
    return [dict(row) for row in await conn.fetchall(sql, params)]


def listing(sql: str, *, by_key: str | None = None) -> Lister:
    """A lister for one SELECT taking (guild_id, member_id), or (key,) with `by_key` purpose."""

    async def run(conn: Conn, keys: MemberKeys) -> list[Record]:
        if by_key is not None:
            return await records(conn, sql, (keys.anon(by_key, keys.guild_id, keys.member_id),))
        return await records(conn, sql, (keys.guild_id, keys.member_id))

    return run


FINANCE_KEEPS = (
    "Finance must keep pay records for 6 years after the end of the tax year they were paid in."
)
RECORD_KEEPS = "It is the panel's record of who changed what, kept so pay can be checked."
SESSIONS_KEEP = (
    "The time members spent in these sessions counts for their pay, so the panel keeps them."
)
SERIES_KEEP = "Time in the sessions they made counts for members' pay, so the panel keeps them."
RATES_KEEP = "Hours are paid at these rates, so they are kept with the pay records for 6 years."
POLLS_KEEP = "They show what the panel decided, so they stay in its record."
