"""Rules for polls from start to finish: create, close, results, outcomes, list.

Every coordinator action is audited in the same transaction as the change. Timers for the
deadline, the nudge and the review date are stored in those transactions too and put on the
scheduler after commit. Discord calls happen in the cog, never inside these transactions.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot.clock import Clock
from bot.errors import BadInput, Conflict, NotFound
from bot.services import notices
from bot.services.clean_text import clean_text
from bot.services.polls import rules
from bot.services.timeparse import TimeParseError, parse_date, parse_future
from bot.services.timers import TimerService
from bot.text import polls as text
from storage import audit, guild_settings
from storage import polls as repo
from storage import sessions as session_repo
from storage import timers as timer_repo
from storage.database import Conn, Database
from storage.polls import Option, Outcome, Poll, Reason
from storage.timers import Timer

QUESTION_MAX = 300
OPTION_MAX = 100  # Discord's limit for a select option's label
OPTIONS_MIN, OPTIONS_MAX = 2, 25
TIMES_MAX = 5  # one row of Yes / If needed / No buttons per time, five rows per message
OUTCOME_MAX = 1500
MIN_AHEAD = timedelta(minutes=1)
REVIEW_AT = time(10, 0)  # review reminders go out at 10:00 in the panel's time zone
RECENT = 10
ID_DIGITS = 18

# Given a server and a role id: the ids of the people (not bots) holding that role; with role
# None, everyone in the server. None back when the member list is not known (yet).
MemberLookup = Callable[[int, int | None], Sequence[int] | None]

KIND_CLOSE = "poll.close"
KIND_NUDGE = "poll.nudge"
KIND_REVIEW = "poll.review"
POLL_TIMER_KINDS = (KIND_CLOSE, KIND_NUDGE, KIND_REVIEW)

# Messages owed through the notices outbox (bot/services/notices.py).
NOTICE_RESULT = "poll.result"  # the result in the poll's channel (payload: part, from 0)
NOTICE_CARD = "poll.card"  # the poll message redrawn closed, without its buttons
NOTICE_REVIEW = "poll.review"  # the review-date reminder, to each coordinator
NOTICE_WE_DID = "poll.we_did"  # "You said, we did" in the poll's channel (payload: outcome_id)
NOTICE_KINDS = (NOTICE_RESULT, NOTICE_CARD, NOTICE_REVIEW, NOTICE_WE_DID)


@dataclass(frozen=True, slots=True)
class Created:
    """A new poll, its options and its stored timers (close, nudge)."""

    poll: Poll
    options: tuple[Option, ...]
    timers: tuple[Timer, ...]
    nudge_at: datetime | None


@dataclass(frozen=True, slots=True)
class PollState:
    """A poll as members may see it now: counts only when they are not hidden."""

    poll: Poll
    options: tuple[Option, ...]
    voters: int
    electorate: int  # M in "N of M": member-role holders (as stored at close, once closed)
    tally: rules.Tally | None  # None while the counts are hidden
    decision: rules.Decision | None  # only once closed
    reasons: tuple[Reason, ...]  # only once closed
    named: tuple[repo.NamedVote, ...]  # named polls, when the counts are shown
    session_title: str | None = None  # the session the poll is for, if any

    @property
    def counts_visible(self) -> bool:
        """Whether counts may be shown."""
        return self.tally is not None


@dataclass(frozen=True, slots=True)
class Listing:
    """Open polls and recent closed ones, with turnout, decisions and outcomes."""

    open: tuple[PollState, ...]
    closed: tuple[PollState, ...]
    outcomes: dict[int, Outcome]


@dataclass(frozen=True, slots=True)
class OutcomeSaved:
    """A stored "You said, we did" with the poll's final state."""

    outcome: Outcome
    state: PollState
    review_at: datetime | None
    replaced: bool


# --- reading options ---------------------------------------------------------------------


def parse_poll_id(value: str | None) -> int:
    """Read a poll option (an id, as autocomplete sends it, maybe with '#')."""
    digits = (value or "").strip().lstrip("#")
    if not digits or not (digits.isascii() and digits.isdigit()) or len(digits) > ID_DIGITS:
        raise BadInput(text.POLL_OPTION_BAD)
    return int(digits)


def _split(raw: str) -> list[str]:
    """Split 'A; B; C' into cleaned items (a trailing ; is fine; an empty middle one is not)."""
    parts = raw.split(";")
    while parts and not parts[-1].strip():
        parts.pop()
    items: list[str] = []
    for number, part in enumerate(parts, start=1):
        cleaned = clean_text(part, what=f"option {number}")
        if cleaned is None:
            raise BadInput(text.OPTION_EMPTY.format(number=number))
        items.append(cleaned)
    return items


def _count_ok(items: list[str], limit: int, message: str) -> None:
    if len(items) < OPTIONS_MIN:
        raise BadInput(text.OPTIONS_TOO_FEW)
    if len(items) > limit:
        raise BadInput(message.format(limit=limit, count=len(items)))


def _choice_options(raw: str) -> list[tuple[str, datetime | None]]:
    items = _split(raw)
    _count_ok(items, OPTIONS_MAX, text.OPTIONS_TOO_MANY)
    seen: set[str] = set()
    for number, item in enumerate(items, start=1):
        if len(item) > OPTION_MAX:
            raise BadInput(text.OPTION_TOO_LONG.format(number=number, limit=OPTION_MAX))
        key = item.casefold()
        if key in seen:
            raise BadInput(text.OPTION_TWICE.format(option=item))
        seen.add(key)
    return [(item, None) for item in items]


def _time_options(raw: str, tz: str, now: datetime) -> list[tuple[str, datetime | None]]:
    items = _split(raw)
    _count_ok(items, OPTIONS_MAX, text.OPTIONS_TOO_MANY)
    if len(items) > TIMES_MAX:
        raise BadInput(text.TIMES_TOO_MANY.format(limit=TIMES_MAX, count=len(items)))
    times: list[datetime] = []
    for number, item in enumerate(items, start=1):
        try:
            when = parse_future(item, tz, now, min_ahead=MIN_AHEAD)
        except TimeParseError as exc:
            raise BadInput(
                text.TIME_BAD.format(number=number, text=item[:80], problem=str(exc))
            ) from exc
        if when in times:
            raise BadInput(text.TIME_TWICE.format(first=times.index(when) + 1, second=number))
        times.append(when)
    return [("", when) for when in times]


def _closes(raw: str | None, tz: str, now: datetime) -> datetime | None:
    if raw is None or not raw.strip():
        return None
    try:
        return parse_future(raw, tz, now, min_ahead=MIN_AHEAD)
    except TimeParseError as exc:
        if exc.reason == "past":
            raise BadInput(text.CLOSES_PAST.format(text=raw.strip()[:80])) from exc
        raise BadInput(text.CLOSES_BAD.format(text=raw.strip()[:80], problem=str(exc))) from exc


def nudge_time(created_at: datetime, closes_at: datetime, before: timedelta) -> datetime:
    """When non-voters are reminded: `before` the close (the panel's setting, 24 hours unless
    an admin changed it), or half-way when the poll is shorter than twice that."""
    life = closes_at - created_at
    return closes_at - min(before, life / 2)


# --- create ------------------------------------------------------------------------------


async def create(
    db: Database,
    timers: TimerService,
    clock: Clock,
    *,
    guild_id: int,
    channel_id: int,
    actor_id: int,
    question: str,
    kind: str,
    options: str | None = None,
    closes: str | None = None,
    anonymous: bool = True,
    hide_results: bool = True,
    threshold: int | None = None,
    quorum: int | None = None,
    session_id: int | None = None,
    multiple: bool = False,
    members: MemberLookup,
) -> Created:
    """Check every value, then store the poll, its options and timers, and audit it.

    `members` finds who holds the member role now (a quorum can be at most that many).
    """
    asked = clean_text(question, what="question")
    if asked is None:
        raise BadInput(text.QUESTION_EMPTY)
    if len(asked) > QUESTION_MAX:
        raise BadInput(text.QUESTION_TOO_LONG.format(limit=QUESTION_MAX))
    if kind not in rules.KINDS:
        raise BadInput(text.TYPE_UNKNOWN)
    has_options = options is not None and options.strip() != ""
    if kind in rules.FIXED_ANSWERS and has_options:
        raise BadInput(text.OPTIONS_NOT_USED.format(kind=kind))
    if kind not in rules.FIXED_ANSWERS and not has_options:
        raise BadInput(text.OPTIONS_NEEDED.format(kind=kind))
    if multiple and kind != rules.CHOICE:
        raise BadInput(text.MULTIPLE_NOT_USED)
    if threshold is not None and kind not in rules.FIXED_ANSWERS:
        raise BadInput(text.THRESHOLD_NOT_USED.format(kind=kind))
    if threshold is not None and not 1 <= threshold <= 100:
        raise BadInput(text.THRESHOLD_BAD)
    if quorum is not None and quorum < 1:
        raise BadInput(text.QUORUM_BAD)
    now = clock.now()
    async with db.read() as conn:
        settings = await guild_settings.get(conn, guild_id)
        if session_id is not None:
            session = await session_repo.get(conn, session_id)
            if session is None or session.guild_id != guild_id:
                raise BadInput(text.SESSION_BAD)
    member_count = len(members(guild_id, settings.member_role_id) or ())
    if quorum is not None and quorum > member_count:
        raise BadInput(text.QUORUM_TOO_BIG.format(quorum=quorum, members=member_count))
    if kind in rules.FIXED_ANSWERS:
        answers: list[tuple[str, datetime | None]] = [
            (code, None) for code in rules.FIXED_ANSWERS[kind]
        ]
    elif kind == rules.CHOICE:
        answers = _choice_options(options or "")
    else:
        answers = _time_options(options or "", settings.timezone, now)
    closes_at = _closes(closes, settings.timezone, now)
    made: list[Timer] = []
    before = timedelta(minutes=settings.poll_nudge_minutes)
    nudge_at = None if closes_at is None else nudge_time(now, closes_at, before)
    async with db.transaction() as conn:
        poll = await repo.insert(
            conn,
            guild_id=guild_id,
            channel_id=channel_id,
            question=asked,
            kind=kind,
            anonymous=anonymous,
            hide_results=hide_results,
            multiple=multiple,
            threshold=rules.DEFAULT_THRESHOLD if threshold is None else threshold,
            quorum=quorum,
            session_id=session_id,
            closes_at=closes_at,
            created_by=actor_id,
            now=now,
            options=answers,
        )
        if closes_at is not None and nudge_at is not None:
            made.append(
                await timers.insert(
                    conn, closes_at, KIND_CLOSE, {"poll_id": poll.id}, guild_id=guild_id
                )
            )
            made.append(
                await timers.insert(
                    conn, nudge_at, KIND_NUDGE, {"poll_id": poll.id}, guild_id=guild_id
                )
            )
        await audit.record(
            conn,
            guild_id=guild_id,
            actor_id=actor_id,
            action="poll.create",
            now=now,
            target=f"poll:{poll.id}",
            detail={
                "kind": kind,
                "anonymous": anonymous,
                "hide_results": hide_results,
                "threshold": poll.threshold,
                "quorum": quorum,
                "closes_at": closes_at,
            },
        )
        stored = await repo.options(conn, poll.id)
    return Created(poll=poll, options=tuple(stored), timers=tuple(made), nudge_at=nudge_at)


async def posted(db: Database, timers: TimerService, created: Created, message_id: int) -> Poll:
    """The poll message is up: remember it, then start its timers."""
    async with db.transaction() as conn:
        await repo.set_message(conn, created.poll.id, message_id)
        poll = await repo.get(conn, created.poll.id)
    for timer in created.timers:
        timers.schedule(timer)
    assert poll is not None
    return poll


async def discard(db: Database, created: Created) -> None:
    """The poll message could not be posted: forget the poll and its timers."""
    async with db.transaction() as conn:
        for timer in created.timers:
            await timer_repo.cancel(conn, timer.id)
        await repo.delete_unposted(conn, created.poll.id)


# --- reading --------------------------------------------------------------------------------


async def _get(conn: Conn, guild_id: int, poll_id: int) -> Poll:
    poll = await repo.get(conn, poll_id)
    if poll is None or poll.guild_id != guild_id or poll.message_id is None:
        raise NotFound(text.NOT_FOUND)
    return poll


async def electorate(conn: Conn, poll: Poll, members: MemberLookup) -> int:
    """M in "N of M": member-role holders now, or as stored when the poll closed."""
    if not poll.is_open and poll.electorate is not None:
        return poll.electorate
    settings = await guild_settings.get(conn, poll.guild_id)
    return len(members(poll.guild_id, settings.member_role_id) or ())


async def state_in(conn: Conn, poll: Poll, members: MemberLookup) -> PollState:
    """A poll's state as members may see it, read inside the caller's transaction."""
    options = tuple(await repo.options(conn, poll.id))
    voters = await repo.voter_count(conn, poll.id)
    size = await electorate(conn, poll, members)
    session = None if poll.session_id is None else await session_repo.get(conn, poll.session_id)
    title = None if session is None else session.title
    visible = not poll.is_open or not poll.hide_results
    if not visible:
        return PollState(poll, options, voters, size, None, None, (), (), title)
    counts = await repo.counts(conn, poll.id)
    result = rules.tally(
        poll.kind,
        [(o.position, o.label, o.starts_at) for o in options],
        [(c.position, c.answer, c.voters) for c in counts],
        voters,
    )
    named = () if poll.anonymous else tuple(await repo.named_votes(conn, poll.id))
    if poll.is_open:
        return PollState(poll, options, voters, size, result, None, (), named, title)
    decision = rules.decide(result, threshold=poll.threshold, quorum=poll.quorum)
    reasons = tuple(await repo.reasons(conn, poll.id))
    return PollState(poll, options, voters, size, result, decision, reasons, named, title)


async def state(db: Database, poll_id: int, members: MemberLookup) -> PollState | None:
    """A poll's state now (for refreshing its message), or None if it is gone."""
    async with db.read() as conn:
        poll = await repo.get(conn, poll_id)
        if poll is None:
            return None
        return await state_in(conn, poll, members)


async def results(db: Database, *, guild_id: int, poll_id: int, members: MemberLookup) -> PollState:
    """/poll results: counts and outcome after close; before, counts only if not hidden."""
    async with db.read() as conn:
        poll = await _get(conn, guild_id, poll_id)
        return await state_in(conn, poll, members)


async def choices(
    db: Database, *, guild_id: int, typed: str, statuses: tuple[str, ...]
) -> list[Poll]:
    """Polls to offer as the person types, newest first."""
    async with db.read() as conn:
        return await repo.search(conn, guild_id, statuses=statuses, text=typed.strip()[:100])


async def listing(db: Database, *, guild_id: int, members: MemberLookup) -> Listing:
    """/poll list: open polls and the recent closed ones, with their outcomes."""
    async with db.read() as conn:
        open_polls, closed_polls = await repo.listing(conn, guild_id, recent=RECENT)
        open_states = tuple([await state_in(conn, p, members) for p in open_polls])
        closed_states = tuple([await state_in(conn, p, members) for p in closed_polls])
        outcomes = await repo.latest_outcomes(conn, [p.id for p in closed_polls])
    return Listing(open=open_states, closed=closed_states, outcomes=outcomes)


# --- closing ------------------------------------------------------------------------------


async def _cancel_timers(conn: Conn, poll: Poll, kinds: tuple[str, ...]) -> list[int]:
    cancelled: list[int] = []
    for kind in kinds:
        for timer in await timer_repo.find_pending(
            conn, kind=kind, guild_id=poll.guild_id, payload_key="poll_id", payload_value=poll.id
        ):
            if await timer_repo.cancel(conn, timer.id):
                cancelled.append(timer.id)
    return cancelled


async def close(
    db: Database,
    timers: TimerService,
    clock: Clock,
    *,
    guild_id: int,
    poll_id: int,
    actor_id: int,
    members: MemberLookup,
) -> Poll:
    """/poll close: close an open poll now; its result is owed to the channel."""
    now = clock.now()
    async with db.transaction() as conn:
        poll = await _get(conn, guild_id, poll_id)
        if not poll.is_open:
            raise Conflict(text.ALREADY_CLOSED)
        await repo.close(
            conn, poll.id, now=now, closed_by=actor_id, electorate=await _size(conn, poll, members)
        )
        await _owe_result(conn, poll, now=now, owner_id=actor_id)
        cancelled = await _cancel_timers(conn, poll, (KIND_CLOSE, KIND_NUDGE))
        await audit.record(
            conn,
            guild_id=guild_id,
            actor_id=actor_id,
            action="poll.close",
            now=now,
            target=f"poll:{poll.id}",
        )
        closed = await repo.get(conn, poll.id)
    for timer_id in cancelled:
        timers.unschedule(timer_id)
    assert closed is not None
    return closed


async def _owe_result(conn: Conn, poll: Poll, *, now: datetime, owner_id: int) -> None:
    """Queue, with the close, the result post and the poll message without its buttons."""
    await notices.to_channel(
        conn,
        NOTICE_RESULT,
        poll.channel_id,
        now=now,
        guild_id=poll.guild_id,
        subject_id=poll.id,
        dedupe="result:0",
        owner_id=owner_id,
        payload={"part": 0},
    )
    if poll.message_id is not None:
        await notices.edit(
            conn,
            NOTICE_CARD,
            poll.channel_id,
            poll.message_id,
            now=now,
            guild_id=poll.guild_id,
            subject_id=poll.id,
        )


async def result_part_posted(
    db: Database,
    clock: Clock,
    poll_id: int,
    *,
    part: int,
    message_id: int,
    more: bool,
    electorate: int,
) -> None:
    """A part of the result went out: remember the first message and the member count it
    showed; queue the next part when the reasons did not fit in one message."""
    async with db.transaction() as conn:
        poll = await repo.get(conn, poll_id)
        if poll is None:
            return
        if part == 0:
            await repo.set_electorate(conn, poll.id, electorate)
            await repo.mark_result_posted(conn, poll.id, message_id)
        if more:
            await notices.to_channel(
                conn,
                NOTICE_RESULT,
                poll.channel_id,
                now=clock.now(),
                guild_id=poll.guild_id,
                subject_id=poll.id,
                dedupe=f"result:{part + 1}",
                owner_id=poll.closed_by or poll.created_by,
                payload={"part": part + 1},
            )


async def _size(conn: Conn, poll: Poll, members: MemberLookup) -> int | None:
    """Member-role holders now, or None when the member list is not known yet."""
    settings = await guild_settings.get(conn, poll.guild_id)
    found = members(poll.guild_id, settings.member_role_id)
    return None if found is None else len(found)


async def apply_close(
    conn: Conn, timer: Timer, *, now: datetime, members: MemberLookup
) -> Poll | None:
    """The deadline timer fired: close the poll (in the timer's own transaction)."""
    poll = await repo.get(conn, int(timer.payload["poll_id"]))
    if poll is None or not poll.is_open:
        return None
    await repo.close(
        conn, poll.id, now=now, closed_by=None, electorate=await _size(conn, poll, members)
    )
    await _owe_result(conn, poll, now=now, owner_id=poll.created_by)
    await _cancel_timers(conn, poll, (KIND_NUDGE,))
    await audit.record(
        conn,
        guild_id=poll.guild_id,
        actor_id=None,
        action="poll.close",
        now=now,
        target=f"poll:{poll.id}",
        detail={"at_deadline": True, "late": timer.late},
    )
    return await repo.get(conn, poll.id)


async def apply_nudge(conn: Conn, timer: Timer) -> Poll | None:
    """The nudge timer fired: mark the poll's nudge as owed (if it is still open)."""
    poll = await repo.get(conn, int(timer.payload["poll_id"]))
    if poll is None or not poll.is_open or poll.nudge_state != "none":
        return None
    await repo.set_nudge_state(conn, poll.id, "due")
    return poll


# --- outcomes -----------------------------------------------------------------------------


def _review_date(raw: str | None, tz: str, now: datetime) -> date | None:
    if raw is None or not raw.strip():
        return None
    try:
        day = parse_date(raw, tz=tz, now=now, prefer="future")
    except TimeParseError as exc:
        raise BadInput(text.REVIEW_BAD.format(text=raw.strip()[:80])) from exc
    if day <= now.astimezone(ZoneInfo(tz)).date():
        raise BadInput(text.REVIEW_PAST)
    return day


def review_moment(day: date, tz: str) -> datetime:
    """When a review reminder goes out: 10:00 on the day, in the panel's time zone."""
    return datetime.combine(day, REVIEW_AT, tzinfo=ZoneInfo(tz)).astimezone(UTC)


async def record_outcome(
    db: Database,
    timers: TimerService,
    clock: Clock,
    *,
    guild_id: int,
    poll_id: int,
    actor_id: int,
    what: str,
    review: str | None = None,
    members: MemberLookup,
) -> OutcomeSaved:
    """/poll outcome: store what was done (and a review reminder) for a closed poll, and
    queue its "You said, we did" post in the same transaction (an older one not yet posted
    is dropped: only the newest goes up)."""
    said = clean_text(what, what="outcome", multiline=True)
    if said is None:
        raise BadInput(text.OUTCOME_EMPTY)
    if len(said) > OUTCOME_MAX:
        raise BadInput(text.OUTCOME_TOO_LONG.format(limit=OUTCOME_MAX))
    now = clock.now()
    async with db.read() as conn:
        settings = await guild_settings.get(conn, guild_id)
    review_on = _review_date(review, settings.timezone, now)
    review_at = None if review_on is None else review_moment(review_on, settings.timezone)
    made: Timer | None = None
    async with db.transaction() as conn:
        poll = await _get(conn, guild_id, poll_id)
        if poll.is_open:
            raise Conflict(text.NOT_CLOSED_YET)
        before = await repo.latest_outcomes(conn, [poll.id])
        cancelled = await _cancel_timers(conn, poll, (KIND_REVIEW,))
        outcome = await repo.add_outcome(
            conn, poll_id=poll.id, text=said, review_on=review_on, created_by=actor_id, now=now
        )
        if review_at is not None:
            made = await timers.insert(
                conn,
                review_at,
                KIND_REVIEW,
                {"poll_id": poll.id, "outcome_id": outcome.id},
                guild_id=guild_id,
            )
        await audit.record(
            conn,
            guild_id=guild_id,
            actor_id=actor_id,
            action="poll.outcome",
            now=now,
            target=f"poll:{poll.id}",
            detail={"outcome": outcome.id, "review_on": review_on},
        )
        await notices.skip(conn, NOTICE_WE_DID, poll.id, now=now)
        await notices.to_channel(
            conn,
            NOTICE_WE_DID,
            poll.channel_id,
            now=now,
            guild_id=guild_id,
            subject_id=poll.id,
            dedupe=f"outcome:{outcome.id}",
            owner_id=actor_id,
            payload={"outcome_id": outcome.id},
        )
        current = await state_in(conn, poll, members)
    for timer_id in cancelled:
        timers.unschedule(timer_id)
    if made is not None:
        timers.schedule(made)
    return OutcomeSaved(outcome=outcome, state=current, review_at=review_at, replaced=bool(before))


async def outcome_posted(db: Database, outcome_id: int, message_id: int) -> None:
    """Remember the "You said, we did" message."""
    async with db.transaction() as conn:
        await repo.set_outcome_message(conn, outcome_id, message_id)


async def apply_review(conn: Conn, timer: Timer) -> Outcome | None:
    """The review-date timer fired: mark the reminder as owed (unless it was replaced)."""
    outcome_id = int(timer.payload["outcome_id"])
    if not await repo.set_review_state(conn, outcome_id, "due", only_from="planned"):
        return None
    return await repo.get_outcome(conn, outcome_id)
