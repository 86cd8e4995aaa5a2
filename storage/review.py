"""The review queue: items waiting for a coordinator's decision, in pages.

The queue is a union of reviewable kinds (hours entries, kind 'hours'; expenses, kind
'expense'); another kind adds one SELECT to `_SOURCES` giving the same columns. Order:
items this coordinator has not skipped, oldest first; then the ones they skipped, in the
order they skipped them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from storage import member_data
from storage.codec import dt_from_db, dt_to_db
from storage.database import Conn

HOURS = "hours"
EXPENSE = "expense"

# Each source gives (kind, item_id, member_id, session_id, activity, created_at) for the
# pending items of one panel (:guild).
_SOURCES = (
    "SELECT 'hours' AS kind, id AS item_id, member_id, coalesce(session_id, 0) AS session_id, "
    "activity, created_at FROM hours_entries WHERE guild_id = :guild AND status = 'pending'",
    # Expenses have no session and no kind of work: a session or activity filter leaves them out.
    "SELECT 'expense' AS kind, id AS item_id, member_id, 0 AS session_id, '' AS activity, "
    "created_at FROM expenses WHERE guild_id = :guild AND status = 'pending'",
)
_QUEUE = " UNION ALL ".join(_SOURCES)
_FILTER = (
    "(:member = 0 OR q.member_id = :member) AND (:session = 0 OR q.session_id = :session) "
    "AND (:activity = '' OR q.activity = :activity)"
)


@dataclass(frozen=True, slots=True)
class ReviewView:
    """An open review message: its coordinator, filters (None: any) and current page."""

    id: int
    guild_id: int
    coordinator_id: int
    member_id: int | None
    session_id: int | None
    activity: str | None
    offset: int
    created_at: datetime


@dataclass(frozen=True, slots=True)
class QueueItem:
    """One item in the queue: its kind and id, and when this coordinator skipped it."""

    kind: str
    item_id: int
    skipped: bool


_VIEW_COLUMNS = (
    "id, guild_id, coordinator_id, member_id, session_id, activity, page_offset, created_at"
)


def _view(row: Any) -> ReviewView:
    return ReviewView(
        id=row["id"],
        guild_id=row["guild_id"],
        coordinator_id=row["coordinator_id"],
        member_id=row["member_id"] or None,
        session_id=row["session_id"] or None,
        activity=row["activity"] or None,
        offset=row["page_offset"],
        created_at=dt_from_db(row["created_at"]),
    )


async def open_view(
    conn: Conn,
    *,
    guild_id: int,
    coordinator_id: int,
    member_id: int | None,
    session_id: int | None,
    activity: str | None,
    now: datetime,
) -> ReviewView:
    """The view for these filters, back on its first page (made the first time)."""
    rows = await conn.fetchall(
        "INSERT INTO review_views (guild_id, coordinator_id, member_id, session_id, activity, "  # noqa: S608
        "created_at) VALUES (?, ?, ?, ?, ?, ?) "
        "ON CONFLICT (guild_id, coordinator_id, member_id, session_id, activity) "
        f"DO UPDATE SET page_offset = 0 RETURNING {_VIEW_COLUMNS}",
        (guild_id, coordinator_id, member_id or 0, session_id or 0, activity or "", dt_to_db(now)),
    )
    return _view(rows[0])


async def get_view(conn: Conn, guild_id: int, view_id: int) -> ReviewView | None:
    """One review view of a panel, or None."""
    row = await conn.fetchone(
        f"SELECT {_VIEW_COLUMNS} FROM review_views WHERE guild_id = ? AND id = ?",  # noqa: S608
        (guild_id, view_id),
    )
    return None if row is None else _view(row)


async def set_offset(conn: Conn, view_id: int, offset: int) -> None:
    """Remember which page a review message shows."""
    await conn.execute(
        "UPDATE review_views SET page_offset = ? WHERE id = ?", (max(0, offset), view_id)
    )


async def skip(
    conn: Conn, *, guild_id: int, coordinator_id: int, kind: str, item_id: int, now: datetime
) -> None:
    """Put an item at the back of one coordinator's queue."""
    await conn.execute(
        "INSERT INTO review_skips (guild_id, coordinator_id, kind, item_id, skipped_at) "
        "VALUES (?, ?, ?, ?, ?) ON CONFLICT (guild_id, coordinator_id, kind, item_id) "
        "DO UPDATE SET skipped_at = excluded.skipped_at",
        (guild_id, coordinator_id, kind, item_id, dt_to_db(now)),
    )


def _params(view: ReviewView) -> dict[str, Any]:
    return {
        "guild": view.guild_id,
        "me": view.coordinator_id,
        "member": view.member_id or 0,
        "session": view.session_id or 0,
        "activity": view.activity or "",
    }


async def count(conn: Conn, view: ReviewView) -> int:
    """How many items wait under the view's filters."""
    return int(
        await conn.fetchval(
            f"SELECT count(*) FROM ({_QUEUE}) AS q WHERE {_FILTER}",  # noqa: S608
            _params(view),
        )
    )


async def count_all(conn: Conn, guild_id: int) -> int:
    """How many items of any kind wait in a panel."""
    return int(
        await conn.fetchval(
            f"SELECT count(*) FROM ({_QUEUE}) AS q",  # noqa: S608
            {"guild": guild_id},
        )
    )


async def page(conn: Conn, view: ReviewView, *, offset: int, limit: int) -> list[QueueItem]:
    """One page of the queue under the view's filters, in this coordinator's order."""
    rows = await conn.fetchall(
        # Only this module's fixed SQL fragments are formatted in; values are parameters.
        f"SELECT q.kind, q.item_id, s.skipped_at FROM ({_QUEUE}) AS q "  # noqa: S608
        "LEFT JOIN review_skips AS s ON s.guild_id = :guild AND s.coordinator_id = :me "
        "AND s.kind = q.kind AND s.item_id = q.item_id "
        f"WHERE {_FILTER} "
        "ORDER BY s.skipped_at IS NOT NULL, s.skipped_at, q.created_at, q.kind, q.item_id "
        "LIMIT :limit OFFSET :offset",
        {**_params(view), "limit": limit, "offset": offset},
    )
    return [QueueItem(r["kind"], r["item_id"], r["skipped_at"] is not None) for r in rows]


async def sessions_waiting(conn: Conn, view: ReviewView, *, limit: int) -> list[int]:
    """Sessions with items waiting under the view's filters, oldest waiting first."""
    rows = await conn.fetchall(
        f"SELECT q.session_id, min(q.created_at) AS first FROM ({_QUEUE}) AS q "  # noqa: S608
        f"WHERE {_FILTER} AND q.session_id <> 0 GROUP BY q.session_id "
        "ORDER BY first, q.session_id LIMIT :limit",
        {**_params(view), "limit": limit},
    )
    return [int(r["session_id"]) for r in rows]


async def _list_review(conn: Conn, keys: member_data.MemberKeys) -> list[member_data.Record]:
    views = await member_data.records(
        conn,
        "SELECT member_id, session_id, activity, created_at FROM review_views "
        "WHERE guild_id = ?1 AND (coordinator_id = ?2 OR member_id = ?2) ORDER BY id",
        (keys.guild_id, keys.member_id),
    )
    skips = await member_data.records(
        conn,
        "SELECT kind, item_id, skipped_at FROM review_skips "
        "WHERE guild_id = ? AND coordinator_id = ? ORDER BY skipped_at",
        (keys.guild_id, keys.member_id),
    )
    return views + skips


async def _erase_review(
    conn: Conn, keys: member_data.MemberKeys, now: datetime
) -> member_data.Erased:
    count = await conn.execute(
        "DELETE FROM review_views WHERE guild_id = ?1 AND (coordinator_id = ?2 OR member_id = ?2)",
        (keys.guild_id, keys.member_id),
    )
    count += await conn.execute(
        "DELETE FROM review_skips WHERE guild_id = ? AND coordinator_id = ?",
        (keys.guild_id, keys.member_id),
    )
    return member_data.Erased(count)


member_data.register(
    member_data.MemberStore(
        name="hours review pages you opened or were shown in, and entries you skipped",
        tables=("review_views", "review_skips"),
        list=_list_review,
        erase=_erase_review,
    )
)
