"""The review queue: coordinators page through what waits for a decision.

* A review message is a *view*: its filters (member, session, activity) and its page. The
  buttons on the message carry the view's id, so paging, skipping and deciding keep the
  filters, also after a restart.
* Order: oldest first, except what this coordinator skipped ("Skip for now"), which comes
  last, in the order they skipped it. Another coordinator's queue is not changed.
* An entry that cannot be approved now says why and what to do (no rate for its date; the
  coordinator's own claim). It never blocks the others: it is one line on one page.
* The queue is generic: items have a kind ('hours' or 'expense'; storage/review.py lists
  the sources), so expenses are listed in the same pages, each on its own line with its own
  buttons, and never added to hours.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.clock import Clock
from bot.errors import NotFound
from bot.services.hours import ledger
from bot.text import expenses as expense_text
from bot.text import hours as text
from storage import expenses as costs
from storage import guild_settings, sessions
from storage import hours as entries
from storage import review as queue
from storage.database import Conn, Database
from storage.expenses import Expense
from storage.hours import HoursEntry
from storage.review import ReviewView

PAGE_SIZE = 4  # one row of buttons per item, and a row for paging and sessions
SESSION_BUTTONS = 3  # the last row holds Previous, Next and up to three session buttons


@dataclass(frozen=True, slots=True)
class ReviewItem:
    """One item on a review page.

    `blocked` says why it cannot be approved now and what to do (None: it can be);
    `already` is the member's other time for the same session and activity (a sign of a
    double claim); `skipped` is True when this coordinator put it to the back; `short` is
    the member's minutes in the session when fewer than the panel's `minimum` (approving
    it pays as usual, but "Approve all" leaves it for a one-by-one decision).
    """

    kind: str
    entry: HoursEntry
    blocked: str | None = None
    already: int = 0
    skipped: bool = False
    short: int | None = None
    minimum: int = 0


@dataclass(frozen=True, slots=True)
class ExpenseItem:
    """One expense on a review page; `blocked` says why this coordinator cannot decide it."""

    kind: str
    expense: Expense
    blocked: str | None = None
    skipped: bool = False


@dataclass(frozen=True, slots=True)
class ReviewPage:
    """One page of a review view."""

    view: ReviewView
    items: tuple[ReviewItem | ExpenseItem, ...]
    offset: int
    total: int
    sessions: tuple[int, ...]
    page_size: int = PAGE_SIZE

    @property
    def first(self) -> int:
        """The number of the first item shown (counting from 1)."""
        return self.offset + 1

    @property
    def last(self) -> int:
        """The number of the last item shown."""
        return self.offset + len(self.items)

    @property
    def has_previous(self) -> bool:
        """True when there is a page before this one."""
        return self.offset > 0

    @property
    def has_next(self) -> bool:
        """True when there is a page after this one."""
        return self.last < self.total

    @property
    def filtered(self) -> bool:
        """True when the view shows only some of what waits."""
        view = self.view
        return bool(view.member_id or view.session_id or view.activity)


def _clamp(offset: int, total: int, size: int) -> int:
    """A page start inside the queue: past the end means the last page."""
    if total <= 0:
        return 0
    return max(0, min(offset, (total - 1) // size * size))


async def _page(conn: Conn, view: ReviewView, offset: int) -> ReviewPage:
    total = await queue.count(conn, view)
    start = _clamp(offset, total, PAGE_SIZE)
    items: list[ReviewItem | ExpenseItem] = []
    minimum = (await guild_settings.get(conn, view.guild_id)).attendance_minimum_minutes
    for found in await queue.page(conn, view, offset=start, limit=PAGE_SIZE):
        if found.kind == queue.EXPENSE:
            expense = await costs.get(conn, view.guild_id, found.item_id)
            if expense is not None:
                own = expense.member_id == view.coordinator_id
                blocked = expense_text.REVIEW_OWN if own else None
                items.append(ExpenseItem(found.kind, expense, blocked, found.skipped))
            continue
        if found.kind != queue.HOURS:
            continue
        entry = await entries.get(conn, view.guild_id, found.item_id)
        if entry is None:
            continue
        already = 0
        if entry.source == "claim":
            already = await entries.other_session_minutes(conn, entry)
        blocked = await ledger.blocked_reason(conn, entry, actor_id=view.coordinator_id)
        short = await ledger.short_stay(conn, entry)
        items.append(ReviewItem(found.kind, entry, blocked, already, found.skipped, short, minimum))
    on_page = [
        i.entry.session_id
        for i in items
        if isinstance(i, ReviewItem) and i.entry.session_id is not None
    ]
    waiting = await queue.sessions_waiting(conn, view, limit=SESSION_BUTTONS)
    chosen: list[int] = []
    for session_id in [*on_page, *waiting]:
        if session_id not in chosen and len(chosen) < SESSION_BUTTONS:
            chosen.append(session_id)
    if start != view.offset:
        await queue.set_offset(conn, view.id, start)
    return ReviewPage(view, tuple(items), start, total, tuple(chosen))


async def open_review(
    db: Database,
    clock: Clock,
    *,
    guild_id: int,
    coordinator_id: int,
    member_id: int | None = None,
    session_id: int | None = None,
    activity: str | None = None,
) -> ReviewPage:
    """Open the review (first page) with optional filters: a member, a session, an activity."""
    kind_of_work = ledger.check_activity(activity) if activity else None
    now = clock.now()
    async with db.transaction() as conn:
        if (
            session_id is not None
            and await sessions.get(conn, session_id, guild_id=guild_id) is None
        ):
            raise NotFound(text.SESSION_NOT_FOUND.format(session=session_id))
        view = await queue.open_view(
            conn,
            guild_id=guild_id,
            coordinator_id=coordinator_id,
            member_id=member_id,
            session_id=session_id,
            activity=kind_of_work,
            now=now,
        )
        return await _page(conn, view, 0)


async def _view(conn: Conn, guild_id: int, view_id: int) -> ReviewView:
    view = await queue.get_view(conn, guild_id, view_id)
    if view is None:
        raise NotFound(text.REVIEW_GONE)
    return view


async def show(
    db: Database, *, guild_id: int, view_id: int, offset: int | None = None
) -> ReviewPage:
    """A page of an open review: the one at `offset`, or the one it showed last."""
    async with db.transaction() as conn:
        view = await _view(conn, guild_id, view_id)
        return await _page(conn, view, view.offset if offset is None else offset)


async def skip(
    db: Database, clock: Clock, *, guild_id: int, view_id: int, kind: str, item_id: int
) -> ReviewPage:
    """Put an item at the back of this coordinator's queue; return the page again."""
    now = clock.now()
    async with db.transaction() as conn:
        view = await _view(conn, guild_id, view_id)
        await queue.skip(
            conn,
            guild_id=guild_id,
            coordinator_id=view.coordinator_id,
            kind=kind,
            item_id=item_id,
            now=now,
        )
        return await _page(conn, view, view.offset)


async def waiting_count(db: Database, guild_id: int) -> int:
    """How many items wait for a decision in a panel (all kinds)."""
    async with db.read() as conn:
        return await queue.count_all(conn, guild_id)
