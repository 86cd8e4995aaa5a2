"""Polls, their options, votes, reasons, nudges and outcomes.

Votes and reasons are keyed by a voter key (an HMAC made in bot/services/anonymity.py), never
by who voted; `member_id` is only filled on named polls (the database refuses it otherwise).
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from storage import member_data
from storage.codec import date_from_db, date_to_db, dt_from_db, dt_to_db, opt_dt_from_db
from storage.database import Conn

OPEN = "open"
CLOSED = "closed"


@dataclass(frozen=True, slots=True)
class Poll:
    """One poll."""

    id: int
    guild_id: int
    channel_id: int
    message_id: int | None
    question: str
    kind: str
    anonymous: bool
    hide_results: bool
    multiple: bool
    threshold: int
    quorum: int | None
    session_id: int | None
    closes_at: datetime | None
    status: str
    created_by: int
    created_at: datetime
    closed_at: datetime | None
    closed_by: int | None
    electorate: int | None
    result_state: str
    result_message_id: int | None
    nudge_state: str

    @property
    def is_open(self) -> bool:
        """Whether the poll still takes votes (its deadline may have passed a moment ago)."""
        return self.status == OPEN


@dataclass(frozen=True, slots=True)
class Option:
    """One answer a poll offers: a fixed answer's code, typed text, or a meeting time."""

    poll_id: int
    position: int
    label: str
    starts_at: datetime | None


@dataclass(frozen=True, slots=True)
class Count:
    """How many voters gave one answer to one option."""

    position: int
    answer: int
    voters: int


@dataclass(frozen=True, slots=True)
class NamedVote:
    """On a named poll: who gave which answer to which option."""

    member_id: int
    position: int
    answer: int


@dataclass(frozen=True, slots=True)
class VoteWrite:
    """One voter's new answers, as a batch of votes writes them (see `cast_votes`)."""

    poll_id: int
    voter_key: str
    answers: tuple[tuple[int, int], ...]  # (position, answer)
    member_id: int | None  # named polls only
    only_these: bool = False  # replace only these positions (one time of a time poll)
    drop_other_reason: bool = False  # a reason given for another answer goes
    set_reason: bool = False  # replace the reason with `reason` (None removes it)
    reason: str | None = None


@dataclass(frozen=True, slots=True)
class Reason:
    """A reason given with a vote, shown without a name (the id only on named polls)."""

    position: int
    reason: str
    member_id: int | None


@dataclass(frozen=True, slots=True)
class Outcome:
    """What was done about a poll ("You said, we did") and when to review it."""

    id: int
    poll_id: int
    text: str
    review_on: date | None
    review_state: str
    message_id: int | None
    created_by: int
    created_at: datetime


_POLL_COLUMNS = (
    "id, guild_id, channel_id, message_id, question, kind, anonymous, hide_results, multiple, "
    "threshold, quorum, session_id, closes_at, status, created_by, created_at, closed_at, "
    "closed_by, electorate, result_state, result_message_id, nudge_state"
)
_OUTCOME_COLUMNS = "id, poll_id, text, review_on, review_state, message_id, created_by, created_at"


def _poll(row: Any) -> Poll:
    return Poll(
        id=row["id"],
        guild_id=row["guild_id"],
        channel_id=row["channel_id"],
        message_id=row["message_id"],
        question=row["question"],
        kind=row["kind"],
        anonymous=bool(row["anonymous"]),
        hide_results=bool(row["hide_results"]),
        multiple=bool(row["multiple"]),
        threshold=row["threshold"],
        quorum=row["quorum"],
        session_id=row["session_id"],
        closes_at=opt_dt_from_db(row["closes_at"]),
        status=row["status"],
        created_by=row["created_by"],
        created_at=dt_from_db(row["created_at"]),
        closed_at=opt_dt_from_db(row["closed_at"]),
        closed_by=row["closed_by"],
        electorate=row["electorate"],
        result_state=row["result_state"],
        result_message_id=row["result_message_id"],
        nudge_state=row["nudge_state"],
    )


def _outcome(row: Any) -> Outcome:
    return Outcome(
        id=row["id"],
        poll_id=row["poll_id"],
        text=row["text"],
        review_on=None if row["review_on"] is None else date_from_db(row["review_on"]),
        review_state=row["review_state"],
        message_id=row["message_id"],
        created_by=row["created_by"],
        created_at=dt_from_db(row["created_at"]),
    )


# --- polls and options -----------------------------------------------------------------------


async def insert(
    conn: Conn,
    *,
    guild_id: int,
    channel_id: int,
    question: str,
    kind: str,
    anonymous: bool,
    hide_results: bool,
    multiple: bool,
    threshold: int,
    quorum: int | None,
    session_id: int | None,
    closes_at: datetime | None,
    created_by: int,
    now: datetime,
    options: Sequence[tuple[str, datetime | None]],
) -> Poll:
    """Store a new open poll and its options (in order); return the poll."""
    poll_id = await conn.insert(
        "INSERT INTO polls (guild_id, channel_id, question, kind, anonymous, hide_results, "
        "multiple, threshold, quorum, session_id, closes_at, created_by, created_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            guild_id,
            channel_id,
            question,
            kind,
            int(anonymous),
            int(hide_results),
            int(multiple),
            threshold,
            quorum,
            session_id,
            None if closes_at is None else dt_to_db(closes_at),
            created_by,
            dt_to_db(now),
        ),
    )
    await conn.executemany(
        "INSERT INTO poll_options (poll_id, position, label, starts_at) VALUES (?, ?, ?, ?)",
        [
            (poll_id, position, label, None if when is None else dt_to_db(when))
            for position, (label, when) in enumerate(options)
        ],
    )
    poll = await get(conn, poll_id)
    assert poll is not None
    return poll


# Every vote reads its poll and options: both are kept on the connection's memo (dropped by
# every write to the poll below, and by any rollback), so a burst of votes reads them once.


def _forget(conn: Conn, poll_id: int) -> None:
    conn.memo.pop(("poll", poll_id), None)


async def get(conn: Conn, poll_id: int) -> Poll | None:
    """One poll by id, or None."""
    cached = conn.memo.get(("poll", poll_id))
    if cached is not None:
        return cached
    row = await conn.fetchone(
        f"SELECT {_POLL_COLUMNS} FROM polls WHERE id = ?",  # noqa: S608
        (poll_id,),
    )
    if row is None:
        return None
    poll = _poll(row)
    conn.memo[("poll", poll_id)] = poll
    return poll


async def options(conn: Conn, poll_id: int) -> list[Option]:
    """A poll's options, in order (they never change once the poll is made)."""
    cached = conn.memo.get(("poll_options", poll_id))
    if cached is not None:
        return list(cached)
    found = await _read_options(conn, poll_id)
    if found:
        conn.memo[("poll_options", poll_id)] = tuple(found)
    return found


async def _read_options(conn: Conn, poll_id: int) -> list[Option]:
    rows = await conn.fetchall(
        "SELECT poll_id, position, label, starts_at FROM poll_options WHERE poll_id = ? "
        "ORDER BY position",
        (poll_id,),
    )
    return [
        Option(
            poll_id=r["poll_id"],
            position=r["position"],
            label=r["label"],
            starts_at=opt_dt_from_db(r["starts_at"]),
        )
        for r in rows
    ]


async def delete_unposted(conn: Conn, poll_id: int) -> None:
    """Remove a poll that never reached its channel (no votes can exist yet)."""
    _forget(conn, poll_id)
    conn.memo.pop(("poll_options", poll_id), None)
    await conn.execute("DELETE FROM poll_options WHERE poll_id = ?", (poll_id,))
    await conn.execute(
        "DELETE FROM polls WHERE id = ? AND message_id IS NULL AND status = 'open'", (poll_id,)
    )


async def set_message(conn: Conn, poll_id: int, message_id: int) -> None:
    """Remember the public poll message."""
    _forget(conn, poll_id)
    await conn.execute("UPDATE polls SET message_id = ? WHERE id = ?", (message_id, poll_id))


async def close(
    conn: Conn, poll_id: int, *, now: datetime, closed_by: int | None, electorate: int | None
) -> bool:
    """Close an open poll and mark its result as owed; True only for the one who closed it."""
    _forget(conn, poll_id)
    changed = await conn.execute(
        "UPDATE polls SET status = 'closed', closed_at = ?, closed_by = ?, electorate = ?, "
        "result_state = 'due' WHERE id = ? AND status = 'open'",
        (dt_to_db(now), closed_by, electorate, poll_id),
    )
    return changed == 1


async def set_electorate(conn: Conn, poll_id: int, electorate: int) -> None:
    """Fill in the member count of a poll that closed while the member list was unknown."""
    _forget(conn, poll_id)
    await conn.execute(
        "UPDATE polls SET electorate = ? WHERE id = ? AND electorate IS NULL",
        (electorate, poll_id),
    )


async def mark_result_posted(conn: Conn, poll_id: int, message_id: int | None) -> None:
    """Record that the result was posted (message_id None: it could not be)."""
    _forget(conn, poll_id)
    await conn.execute(
        "UPDATE polls SET result_state = 'posted', result_message_id = ? WHERE id = ?",
        (message_id, poll_id),
    )


async def set_nudge_state(conn: Conn, poll_id: int, state: str) -> None:
    """Mark a poll's nudge as due or sent."""
    _forget(conn, poll_id)
    await conn.execute("UPDATE polls SET nudge_state = ? WHERE id = ?", (state, poll_id))


async def owed(conn: Conn) -> list[Poll]:
    """Polls whose result or nudge is due but not yet delivered, oldest first."""
    rows = await conn.fetchall(
        f"SELECT {_POLL_COLUMNS} FROM polls "  # noqa: S608
        "WHERE result_state = 'due' OR nudge_state = 'due' ORDER BY id"
    )
    return [_poll(r) for r in rows]


async def search(
    conn: Conn, guild_id: int, *, statuses: Sequence[str], text: str, limit: int = 25
) -> list[Poll]:
    """Polls of a panel in the given statuses whose question contains `text`, newest first."""
    marks = ", ".join("?" for _ in statuses)
    rows = await conn.fetchall(
        f"SELECT {_POLL_COLUMNS} FROM polls WHERE guild_id = ? "  # noqa: S608
        f"AND status IN ({marks}) AND instr(lower(question), lower(?)) > 0 "
        "AND message_id IS NOT NULL ORDER BY id DESC LIMIT ?",
        (guild_id, *statuses, text, limit),
    )
    return [_poll(r) for r in rows]


async def listing(conn: Conn, guild_id: int, *, recent: int) -> tuple[list[Poll], list[Poll]]:
    """A panel's open polls (oldest first) and its `recent` newest closed ones."""
    open_rows = await conn.fetchall(
        f"SELECT {_POLL_COLUMNS} FROM polls WHERE guild_id = ? AND status = 'open' "  # noqa: S608
        "AND message_id IS NOT NULL ORDER BY id",
        (guild_id,),
    )
    closed_rows = await conn.fetchall(
        f"SELECT {_POLL_COLUMNS} FROM polls WHERE guild_id = ? "  # noqa: S608
        "AND status = 'closed' ORDER BY closed_at DESC, id DESC LIMIT ?",
        (guild_id, recent),
    )
    return [_poll(r) for r in open_rows], [_poll(r) for r in closed_rows]


# --- votes and reasons -----------------------------------------------------------------------


async def replace_votes(
    conn: Conn,
    poll_id: int,
    voter_key: str,
    answers: Iterable[tuple[int, int]],
    *,
    member_id: int | None,
) -> None:
    """Replace every answer of one voter with `answers` ((position, answer) pairs)."""
    await cast_votes(conn, [VoteWrite(poll_id, voter_key, tuple(answers), member_id)])


_INSERT_VOTE = (
    "INSERT INTO poll_votes (poll_id, voter_key, position, answer, member_id) "
    "VALUES (?, ?, ?, ?, ?)"
)


async def cast_votes(conn: Conn, writes: Sequence[VoteWrite]) -> list[bool]:
    """Write a batch of votes in one round trip, in order; return for each whether a reason
    given for another answer was taken away."""
    statements: list[tuple[str, Sequence[Any]]] = []
    marks: list[int | None] = []  # index of each write's reason-dropping statement
    for w in writes:
        if w.only_these:
            statements += [
                (
                    "DELETE FROM poll_votes WHERE poll_id = ? AND voter_key = ? AND position = ?",
                    (w.poll_id, w.voter_key, position),
                )
                for position, _ in w.answers
            ]
        else:
            statements.append(
                (
                    "DELETE FROM poll_votes WHERE poll_id = ? AND voter_key = ?",
                    (w.poll_id, w.voter_key),
                )
            )
        statements += [
            (_INSERT_VOTE, (w.poll_id, w.voter_key, position, answer, w.member_id))
            for position, answer in w.answers
        ]
        mark = None
        if w.drop_other_reason and len(w.answers) == 1:
            mark = len(statements)
            statements.append(
                (
                    "DELETE FROM poll_reasons WHERE poll_id = ? AND voter_key = ? "
                    "AND position <> ?",
                    (w.poll_id, w.voter_key, w.answers[0][0]),
                )
            )
        if w.set_reason and len(w.answers) == 1:
            statements.append(
                (
                    "DELETE FROM poll_reasons WHERE poll_id = ? AND voter_key = ?",
                    (w.poll_id, w.voter_key),
                )
            )
            if w.reason is not None:
                statements.append(
                    (
                        "INSERT INTO poll_reasons (poll_id, voter_key, position, reason, "
                        "member_id) VALUES (?, ?, ?, ?, ?)",
                        (w.poll_id, w.voter_key, w.answers[0][0], w.reason, w.member_id),
                    )
                )
        marks.append(mark)
    changed = await conn.execute_each(statements) if statements else []
    return [mark is not None and changed[mark] > 0 for mark in marks]


async def set_answer(
    conn: Conn, poll_id: int, voter_key: str, position: int, answer: int, *, member_id: int | None
) -> None:
    """Set one voter's answer to one option (a time poll), replacing what they said before."""
    await conn.execute_each(
        [
            (
                "DELETE FROM poll_votes WHERE poll_id = ? AND voter_key = ? AND position = ?",
                (poll_id, voter_key, position),
            ),
            (
                "INSERT INTO poll_votes (poll_id, voter_key, position, answer, member_id) "
                "VALUES (?, ?, ?, ?, ?)",
                (poll_id, voter_key, position, answer, member_id),
            ),
        ]
    )


async def answers_of(conn: Conn, poll_id: int, voter_key: str) -> dict[int, int]:
    """One voter's answers: position -> answer."""
    rows = await conn.fetchall(
        "SELECT position, answer FROM poll_votes WHERE poll_id = ? AND voter_key = ?",
        (poll_id, voter_key),
    )
    return {r["position"]: r["answer"] for r in rows}


async def counts(conn: Conn, poll_id: int) -> list[Count]:
    """How many voters gave each answer to each option."""
    rows = await conn.fetchall(
        "SELECT position, answer, COUNT(*) AS n FROM poll_votes WHERE poll_id = ? "
        "GROUP BY position, answer ORDER BY position, answer",
        (poll_id,),
    )
    return [Count(position=r["position"], answer=r["answer"], voters=r["n"]) for r in rows]


async def voter_count(conn: Conn, poll_id: int) -> int:
    """How many people have voted on a poll."""
    value = await conn.fetchval(
        "SELECT COUNT(DISTINCT voter_key) FROM poll_votes WHERE poll_id = ?", (poll_id,)
    )
    return int(value or 0)


async def voter_keys(conn: Conn, poll_id: int) -> set[str]:
    """The keys of everyone who has voted on a poll."""
    rows = await conn.fetchall(
        "SELECT DISTINCT voter_key FROM poll_votes WHERE poll_id = ?", (poll_id,)
    )
    return {r["voter_key"] for r in rows}


async def named_votes(conn: Conn, poll_id: int) -> list[NamedVote]:
    """Who voted what, on a named poll (empty on an anonymous one)."""
    rows = await conn.fetchall(
        "SELECT member_id, position, answer FROM poll_votes "
        "WHERE poll_id = ? AND member_id IS NOT NULL ORDER BY position, member_id",
        (poll_id,),
    )
    return [
        NamedVote(member_id=r["member_id"], position=r["position"], answer=r["answer"])
        for r in rows
    ]


async def set_reason(
    conn: Conn,
    poll_id: int,
    voter_key: str,
    position: int,
    reason: str | None,
    *,
    member_id: int | None,
) -> None:
    """Replace one voter's reason (None removes it)."""
    await conn.execute(
        "DELETE FROM poll_reasons WHERE poll_id = ? AND voter_key = ?", (poll_id, voter_key)
    )
    if reason is not None:
        await conn.execute(
            "INSERT INTO poll_reasons (poll_id, voter_key, position, reason, member_id) "
            "VALUES (?, ?, ?, ?, ?)",
            (poll_id, voter_key, position, reason, member_id),
        )


async def drop_reason_unless(conn: Conn, poll_id: int, voter_key: str, position: int) -> bool:
    """Remove a voter's reason if it was given for another answer; True if one was removed."""
    removed = await conn.execute(
        "DELETE FROM poll_reasons WHERE poll_id = ? AND voter_key = ? AND position <> ?",
        (poll_id, voter_key, position),
    )
    return removed > 0


async def reasons(conn: Conn, poll_id: int) -> list[Reason]:
    """Every reason given on a poll, by answer, then by its text (never in the order given)."""
    rows = await conn.fetchall(
        "SELECT position, reason, member_id FROM poll_reasons WHERE poll_id = ? "
        "ORDER BY position DESC, reason",
        (poll_id,),
    )
    return [
        Reason(position=r["position"], reason=r["reason"], member_id=r["member_id"]) for r in rows
    ]


# --- nudges ----------------------------------------------------------------------------------


async def nudged_keys(conn: Conn, poll_id: int) -> set[str]:
    """Voter keys of the members already nudged about a poll."""
    rows = await conn.fetchall("SELECT voter_key FROM poll_nudges WHERE poll_id = ?", (poll_id,))
    return {r["voter_key"] for r in rows}


async def add_nudged(conn: Conn, poll_id: int, keys: Iterable[str]) -> None:
    """Record that the members with these voter keys were nudged."""
    await conn.executemany(
        "INSERT OR IGNORE INTO poll_nudges (poll_id, voter_key) VALUES (?, ?)",
        [(poll_id, key) for key in keys],
    )


# --- outcomes --------------------------------------------------------------------------------


async def add_outcome(
    conn: Conn,
    *,
    poll_id: int,
    text: str,
    review_on: date | None,
    created_by: int,
    now: datetime,
) -> Outcome:
    """Store what was done about a poll; an earlier outcome's review is replaced."""
    await conn.execute(
        "UPDATE poll_outcomes SET review_state = 'replaced' "
        "WHERE poll_id = ? AND review_state IN ('planned', 'due')",
        (poll_id,),
    )
    outcome_id = await conn.insert(
        "INSERT INTO poll_outcomes (poll_id, text, review_on, review_state, created_by, "
        "created_at) VALUES (?, ?, ?, ?, ?, ?)",
        (
            poll_id,
            text,
            None if review_on is None else date_to_db(review_on),
            "none" if review_on is None else "planned",
            created_by,
            dt_to_db(now),
        ),
    )
    outcome = await get_outcome(conn, outcome_id)
    assert outcome is not None
    return outcome


async def get_outcome(conn: Conn, outcome_id: int) -> Outcome | None:
    """One outcome by id, or None."""
    row = await conn.fetchone(
        f"SELECT {_OUTCOME_COLUMNS} FROM poll_outcomes WHERE id = ?",  # noqa: S608
        (outcome_id,),
    )
    return None if row is None else _outcome(row)


async def latest_outcomes(conn: Conn, poll_ids: Sequence[int]) -> dict[int, Outcome]:
    """The newest outcome of each poll that has one."""
    if not poll_ids:
        return {}
    marks = ", ".join("?" for _ in poll_ids)
    rows = await conn.fetchall(
        f"SELECT {_OUTCOME_COLUMNS} FROM poll_outcomes WHERE id IN ("  # noqa: S608
        f"SELECT MAX(id) FROM poll_outcomes WHERE poll_id IN ({marks}) GROUP BY poll_id)",
        tuple(poll_ids),
    )
    return {r["poll_id"]: _outcome(r) for r in rows}


async def set_outcome_message(conn: Conn, outcome_id: int, message_id: int) -> None:
    """Remember the "You said, we did" message."""
    await conn.execute(
        "UPDATE poll_outcomes SET message_id = ? WHERE id = ?", (message_id, outcome_id)
    )


async def set_review_state(conn: Conn, outcome_id: int, state: str, *, only_from: str) -> bool:
    """Move an outcome's review reminder from one state to the next; True if it moved."""
    changed = await conn.execute(
        "UPDATE poll_outcomes SET review_state = ? WHERE id = ? AND review_state = ?",
        (state, outcome_id, only_from),
    )
    return changed == 1


async def reviews_due(conn: Conn) -> list[Outcome]:
    """Outcomes whose review reminder is due but not yet sent."""
    rows = await conn.fetchall(
        f"SELECT {_OUTCOME_COLUMNS} FROM poll_outcomes "  # noqa: S608
        "WHERE review_state = 'due' ORDER BY id"
    )
    return [_outcome(r) for r in rows]


# --- the member-data contract ----------------------------------------------------------------
# A member's votes, reasons and nudges are found through their voter key for each poll of the
# panel (never by id). Erasing takes them off open polls; on closed polls the published count
# stays, but the vote's key is replaced by a random one (and a named poll's id removed), so
# nobody, not even with the secret, can link it to the member again. Reasons always go.


async def _member_keys(conn: Conn, keys: member_data.MemberKeys) -> list[tuple[Poll, str]]:
    rows = await conn.fetchall(
        f"SELECT {_POLL_COLUMNS} FROM polls WHERE guild_id = ? ORDER BY id",  # noqa: S608
        (keys.guild_id,),
    )
    polls = [_poll(r) for r in rows]
    return [(p, keys.anon("vote", keys.guild_id, p.id, keys.member_id)) for p in polls]


async def _list_votes(conn: Conn, keys: member_data.MemberKeys) -> list[member_data.Record]:
    found: list[member_data.Record] = []
    for poll, key in await _member_keys(conn, keys):
        found += await member_data.records(
            conn,
            "SELECT v.poll_id AS poll, p.question, o.label AS option, o.starts_at AS time, "
            "v.answer FROM poll_votes v JOIN polls p ON p.id = v.poll_id "
            "JOIN poll_options o ON o.poll_id = v.poll_id AND o.position = v.position "
            "WHERE v.poll_id = ? AND v.voter_key = ? ORDER BY v.position",
            (poll.id, key),
        )
    return found


async def _list_reasons(conn: Conn, keys: member_data.MemberKeys) -> list[member_data.Record]:
    found: list[member_data.Record] = []
    for poll, key in await _member_keys(conn, keys):
        found += await member_data.records(
            conn,
            "SELECT r.poll_id AS poll, o.label AS answer, r.reason FROM poll_reasons r "
            "JOIN poll_options o ON o.poll_id = r.poll_id AND o.position = r.position "
            "WHERE r.poll_id = ? AND r.voter_key = ?",
            (poll.id, key),
        )
        found += await member_data.records(
            conn,
            "SELECT poll_id AS poll, 'reminded to vote' AS note FROM poll_nudges "
            "WHERE poll_id = ? AND voter_key = ?",
            (poll.id, key),
        )
    return found


async def _erase_votes(
    conn: Conn, keys: member_data.MemberKeys, now: datetime
) -> member_data.Erased:
    count = 0
    for poll, key in await _member_keys(conn, keys):
        count += await conn.execute(
            "DELETE FROM poll_reasons WHERE poll_id = ? AND voter_key = ?", (poll.id, key)
        )
        count += await conn.execute(
            "DELETE FROM poll_nudges WHERE poll_id = ? AND voter_key = ?", (poll.id, key)
        )
        if poll.is_open:
            count += await conn.execute(
                "DELETE FROM poll_votes WHERE poll_id = ? AND voter_key = ?", (poll.id, key)
            )
        else:
            count += await conn.execute(
                "UPDATE poll_votes SET voter_key = ?, member_id = NULL "
                "WHERE poll_id = ? AND voter_key = ?",
                (secrets.token_hex(32), poll.id, key),
            )
    return member_data.Erased(count)


member_data.register(
    member_data.MemberStore(
        name="your poll votes",
        tables=("poll_votes",),
        list=_list_votes,
        erase=_erase_votes,
    )
)
member_data.register(
    member_data.MemberStore(
        name="your poll reasons and reminders",
        tables=("poll_reasons", "poll_nudges"),
        list=_list_reasons,
        erase=_erase_votes,
    )
)
member_data.register(
    member_data.MemberStore(
        name="polls you ran",
        tables=("polls", "poll_outcomes"),
        list=member_data.listing(
            "SELECT id, question, kind, status, created_at FROM polls WHERE guild_id = ?1 "
            "AND (created_by = ?2 OR closed_by = ?2) ORDER BY id"
        ),
        kept_because=member_data.POLLS_KEEP,
    )
)
