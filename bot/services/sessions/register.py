"""The register: who is present in a live session, from voice presence and the buttons.

Presence is stored as intervals the moment it is known. While a session is live the bot
writes a heartbeat every minute; after a restart, `reconcile` compares the open voice
intervals with who is really in the channel: people still there carry on, people gone are
closed at the last heartbeat (the last moment the bot knew they were there), never later
than now.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime

from bot.clock import Clock
from bot.errors import Conflict, NotFound
from bot.permissions import Level, Person, level_of
from bot.services.sessions import intervals
from bot.text import sessions as text
from storage import attendance
from storage import sessions as repo
from storage.attendance import Presence
from storage.database import Conn, Database
from storage.guild_settings import GuildSettings
from storage.sessions import Session


@dataclass(frozen=True, slots=True)
class AttendeeLine:
    """One person in a session's register and the time they are owed."""

    member_id: int
    present_minutes: int  # time present inside the session window, to the nearest minute
    meeting_minutes: int  # what the meeting entry pays (0 when not paid)
    prep_minutes: int  # what the preparation entry pays (0 when not paid)
    paid: bool  # False for coordinators and admins, who run the session
    here_now: bool = False
    short: bool = False  # here less than the panel's minimum: checked one by one, not in bulk


@dataclass(frozen=True, slots=True)
class PresenceChange:
    """What a voice update or a button press changed in one live session."""

    session: Session
    member_id: int
    opened: bool
    closed: bool
    still_present: bool


@dataclass(frozen=True, slots=True)
class ReconcileResult:
    """What start-up reconciliation did for one live session."""

    session: Session
    continued: tuple[int, ...]
    closed: tuple[int, ...]
    opened: tuple[int, ...]


def not_paid(
    session: Session, settings: GuildSettings, people: Collection[Person] | None
) -> frozenset[int]:
    """Who runs the session, so is listed in its register but not paid (the one rule, for
    /session end and the auto-end timer alike).

    Everyone in the server at coordinator level or above when it ends (the panel's
    coordinator and admin roles, the server owner, anyone who can manage the server).
    `people` None means the member list is not known yet (just after start-up): then the
    coordinators who planned and started this session.
    """
    if people is None:
        return frozenset(
            {session.created_by} | ({session.started_by} if session.started_by else set())
        )
    return frozenset(p.member_id for p in people if level_of(settings, p) >= Level.COORDINATOR)


def summarise(
    session: Session,
    presences: Iterable[Presence],
    *,
    window_end: datetime,
    rule: str,
    unpaid: Collection[int] = (),
    minimum: int = 0,
) -> list[AttendeeLine]:
    """Each person's time in the session window and what they are owed under `rule`.

    'planned': everyone seen in the window at all gets the planned length; 'measured':
    presence merged across voice and button (counted once), clipped to the window and
    rounded UP to 15 minutes (so someone seen for no measurable time gets 15). Both add the
    session's preparation time. People in `unpaid` are listed but owed nothing. People
    here fewer than `minimum` minutes are marked `short`: still owed the same (nobody loses
    pay by default), but flagged so nobody is paid unseen.
    """
    start = session.started_at or session.starts_at
    by_member: dict[int, list[intervals.Interval]] = {}
    open_now: set[int] = set()
    for p in presences:
        end = p.left_at if p.left_at is not None else window_end
        if p.left_at is None:
            open_now.add(p.member_id)
        by_member.setdefault(p.member_id, []).append((p.joined_at, max(end, p.joined_at)))
    lines: list[AttendeeLine] = []
    for member_id in sorted(by_member):
        spans = by_member[member_id]
        present = intervals.present_minutes(spans, start, window_end)
        # Seen in the window at all, even for no measurable time: an interval closed where
        # the member was last seen (the bot was down when they left) can be zero long.
        attended = any(joined <= window_end and left >= start for joined, left in spans)
        paid = attended and member_id not in unpaid
        if not paid:
            meeting = prep = 0
        elif rule == "measured":
            meeting = max(
                intervals.measured_minutes(spans, start, window_end), intervals.ROUND_TO_MINUTES
            )
            prep = session.prep_minutes
        else:
            meeting = session.length_minutes
            prep = session.prep_minutes
        lines.append(
            AttendeeLine(
                member_id=member_id,
                present_minutes=present,
                meeting_minutes=meeting,
                prep_minutes=prep,
                paid=paid,
                here_now=member_id in open_now,
                short=present < minimum,
            )
        )
    return lines


async def short_stays(conn: Conn, session: Session, minimum: int) -> dict[int, int]:
    """People who were in an ended session for fewer than `minimum` minutes, with their
    minutes there (the same count as the end summary's "here ...")."""
    if session.started_at is None or session.ended_at is None or minimum <= 0:
        return {}
    lines = summarise(
        session,
        await attendance.for_session(conn, session.id),
        window_end=session.ended_at,
        rule="planned",
        minimum=minimum,
    )
    return {line.member_id: line.present_minutes for line in lines if line.short}


async def _live(conn: Conn, guild_id: int, session_id: int) -> Session:
    session = await repo.get(conn, session_id, guild_id=guild_id)
    if session is None:
        raise NotFound(text.NOT_FOUND)
    if session.status != repo.LIVE:
        raise Conflict(text.BUTTON_NOT_LIVE)
    return session


async def _present_here_only(
    conn: Conn, guild_id: int, session_id: int, member_id: int, at: datetime
) -> None:
    """A member is counted in one live session at a time: being counted in this one ends
    their presence in any other live session of the panel (so time is never paid twice)."""
    others = [s.id for s in await repo.live(conn, guild_id=guild_id) if s.id != session_id]
    if others:
        await attendance.close_member_in(conn, others, member_id, at=at)


async def voice_moved(
    db: Database,
    clock: Clock,
    *,
    guild_id: int,
    member_id: int,
    before_channel_id: int | None,
    after_channel_id: int | None,
) -> list[PresenceChange]:
    """A member joined, left or moved between voice channels: update live registers."""
    if before_channel_id == after_channel_id:
        return []
    moved = {before_channel_id, after_channel_id}
    async with db.read() as conn:
        involved = [s for s in await repo.live(conn, guild_id=guild_id) if s.channel_id in moved]
    if not involved:
        return []  # most voice updates: no live session here, so no write transaction
    now = clock.now()
    changes: list[PresenceChange] = []
    async with db.transaction() as conn:
        for session in await repo.live(conn, guild_id=guild_id):
            if session.channel_id == before_channel_id:
                closed = await attendance.close_interval(
                    conn, session.id, member_id, source=attendance.VOICE, at=now
                )
                still = bool(await attendance.open_for_member(conn, session.id, member_id))
                changes.append(PresenceChange(session, member_id, False, closed, still))
            elif session.channel_id == after_channel_id:
                opened = await attendance.open_interval(
                    conn, session.id, member_id, source=attendance.VOICE, at=now
                )
                await _present_here_only(conn, guild_id, session.id, member_id, now)
                changes.append(PresenceChange(session, member_id, opened, False, True))
    return changes


async def mark_here(
    db: Database, clock: Clock, *, guild_id: int, session_id: int, member_id: int
) -> PresenceChange:
    """The "I'm here" button: count the member as present from now."""
    now = clock.now()
    async with db.transaction() as conn:
        session = await _live(conn, guild_id, session_id)
        opened = await attendance.open_interval(
            conn, session.id, member_id, source=attendance.BUTTON, at=now
        )
        await _present_here_only(conn, guild_id, session.id, member_id, now)
        return PresenceChange(session, member_id, opened, False, True)


async def mark_leaving(
    db: Database, clock: Clock, *, guild_id: int, session_id: int, member_id: int
) -> PresenceChange:
    """The "I'm leaving" button: stop the button presence; voice presence carries on."""
    now = clock.now()
    async with db.transaction() as conn:
        session = await _live(conn, guild_id, session_id)
        closed = await attendance.close_interval(
            conn, session.id, member_id, source=attendance.BUTTON, at=now
        )
        still = bool(await attendance.open_for_member(conn, session.id, member_id))
        return PresenceChange(session, member_id, False, closed, still)


async def heartbeat(db: Database, clock: Clock, guild_ids: Iterable[int]) -> int:
    """Record that the bot is watching the live sessions of these panels now.

    Only panels whose register is known to be right (reconciled since the bot connected,
    and the gateway still connected) get a heartbeat. Returns how many sessions were marked.
    """
    now = clock.now()
    marked = 0
    async with db.transaction() as conn:
        for guild_id in guild_ids:
            marked += await repo.heartbeat(conn, now, guild_id=guild_id)
    return marked


async def live_sessions(db: Database, guild_id: int | None = None) -> list[Session]:
    """Every live session (of one panel, when given)."""
    async with db.read() as conn:
        return await repo.live(conn, guild_id=guild_id)


async def reconcile(
    db: Database, clock: Clock, *, guild_id: int, in_voice: Mapping[int, Collection[int]]
) -> list[ReconcileResult]:
    """After a (re)connect: match each live session's voice register to who is really there.

    `in_voice` maps channel id -> ids of the people in it now. People still there carry on;
    people gone are closed at the last heartbeat (never before they joined, never after
    now); people who came while the bot was away are counted from now.
    """
    now = clock.now()
    results: list[ReconcileResult] = []
    async with db.transaction() as conn:
        for session in await repo.live(conn, guild_id=guild_id):
            present = set(in_voice.get(session.channel_id, ()))
            last_known = min(session.heartbeat_at or session.started_at or now, now)
            open_voice = await attendance.open_for_session(
                conn, session.id, source=attendance.VOICE
            )
            continued: list[int] = []
            closed: list[int] = []
            for interval in open_voice:
                if interval.member_id in present:
                    continued.append(interval.member_id)
                else:
                    await attendance.close_interval(
                        conn,
                        session.id,
                        interval.member_id,
                        source=attendance.VOICE,
                        at=last_known,
                    )
                    closed.append(interval.member_id)
            opened: list[int] = []
            for member_id in sorted(present - set(continued)):
                if await attendance.open_interval(
                    conn, session.id, member_id, source=attendance.VOICE, at=now
                ):
                    opened.append(member_id)
            await repo.heartbeat(conn, now, guild_id=guild_id)
            results.append(ReconcileResult(session, tuple(continued), tuple(closed), tuple(opened)))
    return results
