"""Posting, taking back and hiding anonymous contributions.

Who wrote a contribution is never stored: the row holds a pseudonym key (HMAC of guild,
session and user) for the "Contributor C" letter and the rate limit, and an author key
(HMAC of guild and user) so the author alone can take it back. Both are made with the
secret kept outside the database (bot.anon_secret). Nothing here logs anything.

Every function stores in one transaction, with the notice that tells Discord (the post, its
edit or its deletion: bot/services/contributions/delivery.py), so a Discord failure or a
restart loses nothing.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import timedelta

from bot.clock import Clock
from bot.errors import BadInput, Conflict, NotFound
from bot.services.anonymity import AnonSecret, anon_key, author_key, pseudonym_key
from bot.services.contributions import delivery, rules
from bot.text import contributions as words
from storage import audit
from storage import contributions as repo
from storage import sessions as session_repo
from storage.contributions import Contribution
from storage.database import Conn, Database
from storage.sessions import Session

RATE_LIMIT = 5
RATE_WINDOW = timedelta(seconds=60)


@dataclass(frozen=True, slots=True)
class Posted:
    """A contribution just stored (and queued to be posted) with its pseudonym."""

    contribution: Contribution
    pseudonym: str

    @property
    def number(self) -> int:
        """The panel-wide #N."""
        return self.contribution.number


def parse_session_id(value: str | None) -> int | None:
    """Read a session option (an id, as autocomplete sends it); None when not given."""
    if value is None or not value.strip():
        return None
    digits = value.strip().lstrip("#")
    if not (digits.isascii() and digits.isdigit()) or len(digits) > 18:
        raise BadInput(words.SESSION_OPTION_BAD)
    return int(digits)


async def live_sessions(db: Database, guild_ids: Iterable[int]) -> list[Session]:
    """Every live session in these panels, oldest start first."""
    wanted = set(guild_ids)
    if not wanted:
        return []
    async with db.read() as conn:
        found = await session_repo.live(conn)
    return [s for s in found if s.guild_id in wanted]


async def live_choices(db: Database, *, guild_id: int, typed: str) -> list[Session]:
    """Live sessions of a panel whose title contains what the person typed."""
    async with db.read() as conn:
        return await session_repo.search(
            conn, guild_id, statuses=(session_repo.LIVE,), text=typed.strip()[:100]
        )


async def _pick_live(
    conn: Conn, *, guild_id: int, session_id: int | None, channel_id: int | None
) -> Session:
    if session_id is not None:
        session = await session_repo.get(conn, session_id, guild_id=guild_id)
        if session is None:
            raise NotFound(words.SESSION_OPTION_BAD)
        if session.status != session_repo.LIVE:
            raise Conflict(words.SESSION_NOT_LIVE)
        return session
    live = await session_repo.live(conn, guild_id=guild_id)
    if not live:
        raise NotFound(words.NO_LIVE_SESSION)
    if len(live) == 1:
        return live[0]
    here = [s for s in live if s.channel_id == channel_id]
    if here:
        return here[0]
    raise BadInput(words.WHICH_SESSION)


async def pick_session(
    db: Database, *, guild_id: int, session_id: int | None, channel_id: int | None
) -> Session:
    """The live session to post in: the one named, else the only one, else the one here."""
    async with db.read() as conn:
        return await _pick_live(
            conn, guild_id=guild_id, session_id=session_id, channel_id=channel_id
        )


async def live_session(db: Database, session_id: int) -> Session:
    """A session that must still be running (for a direct message being confirmed)."""
    async with db.read() as conn:
        session = await session_repo.get(conn, session_id)
    if session is None or session.status != session_repo.LIVE:
        raise Conflict(words.DM_EXPIRED)
    return session


async def _store(
    conn: Conn,
    secret: AnonSecret,
    clock: Clock,
    *,
    guild_id: int,
    user_id: int,
    body: str,
    session_id: int | None,
    prompt_id: int | None,
    channel_id: int,
    reply_to_id: int | None,
) -> Posted:
    if session_id is not None:
        pkey = pseudonym_key(secret, guild_id, session_id, user_id)
    else:  # a prompt outside any session: the prompt is the pseudonym's scope
        assert prompt_id is not None
        pkey = anon_key(secret, "pseudonym", guild_id, "prompt", prompt_id, user_id)
    now = clock.now()
    recent = await repo.recent_count(
        conn,
        session_id=session_id,
        prompt_id=prompt_id,
        pseudonym_key=pkey,
        since=now - RATE_WINDOW,
    )
    if recent >= RATE_LIMIT:
        raise Conflict(words.TOO_MANY)
    letter = await repo.letter_for(
        conn, session_id=session_id, prompt_id=prompt_id, pseudonym_key=pkey
    )
    made = await repo.insert(
        conn,
        guild_id=guild_id,
        session_id=session_id,
        prompt_id=prompt_id,
        pseudonym_key=pkey,
        letter=letter,
        author_key=author_key(secret, guild_id, user_id),
        body=body,
        channel_id=channel_id,
        reply_to_id=reply_to_id,
        now=now,
    )
    await delivery.queue_post(conn, made, now)
    return Posted(made, rules.pseudonym(letter))


async def contribute(
    db: Database,
    clock: Clock,
    secret: AnonSecret,
    *,
    guild_id: int,
    user_id: int,
    text: str | None,
    session_id: int | None = None,
    channel_id: int | None = None,
) -> Posted:
    """Store a member's anonymous contribution to a live session; the cog posts it.

    The session is the one named, else the panel's only live one, else the live one in
    `channel_id`. The caller has checked that the user is a panel member.
    """
    body = rules.clean_contribution(text)
    async with db.transaction() as conn:
        session = await _pick_live(
            conn, guild_id=guild_id, session_id=session_id, channel_id=channel_id
        )
        return await _store(
            conn,
            secret,
            clock,
            guild_id=guild_id,
            user_id=user_id,
            body=body,
            session_id=session.id,
            prompt_id=None,
            channel_id=session.channel_id,
            reply_to_id=None,
        )


async def answer_prompt(
    db: Database,
    clock: Clock,
    secret: AnonSecret,
    *,
    guild_id: int,
    user_id: int,
    text: str | None,
    prompt_id: int,
    channel_id: int,
    message_id: int,
    session_id: int | None = None,
) -> Posted:
    """Store an anonymous answer to a prompt, posted as a reply to the prompt's message.

    The pseudonym belongs to the prompt's session when it has one, else to the session
    live in the prompt's channel, else to the prompt itself. The caller has checked that
    the user is a panel member. The export of that session lists the prompt.
    """
    body = rules.clean_contribution(text)
    async with db.transaction() as conn:
        scope: int | None = None
        if session_id is not None:
            session = await session_repo.get(conn, session_id, guild_id=guild_id)
            if session is not None and session.status != session_repo.CANCELLED:
                scope = session.id
        else:
            here = await session_repo.live_in_channel(conn, guild_id, channel_id)
            scope = here.id if here is not None else None
        return await _store(
            conn,
            secret,
            clock,
            guild_id=guild_id,
            user_id=user_id,
            body=body,
            session_id=scope,
            prompt_id=prompt_id,
            channel_id=channel_id,
            reply_to_id=message_id,
        )


async def _own(
    conn: Conn,
    secret: AnonSecret,
    *,
    guild_id: int | None,
    user_id: int,
    number: int | None,
    contribution_id: int | None,
) -> Contribution:
    """The caller's own contribution, or NotFound with words that reveal nothing."""
    if guild_id is None:  # a button in a direct message: the row says which panel
        assert contribution_id is not None
        row = await repo.get(conn, contribution_id)
        if row is None:
            raise NotFound(words.NOT_YOURS_OR_GONE)
        guild_id = row.guild_id
    key = author_key(secret, guild_id, user_id)
    found = await repo.own(
        conn, guild_id=guild_id, author_key=key, number=number, contribution_id=contribution_id
    )
    if found is None:
        raise NotFound(words.NOT_YOURS_OR_GONE)
    return found


async def take_back(
    db: Database,
    clock: Clock,
    secret: AnonSecret,
    *,
    user_id: int,
    guild_id: int | None = None,
    number: int | None = None,
    contribution_id: int | None = None,
) -> Contribution:
    """The author takes back their contribution: its text is deleted, its post queued for
    deletion. Anyone else gets the same NotFound as for a number that does not exist."""
    if number is None and contribution_id is None:
        raise BadInput(words.NUMBER_BAD)
    async with db.transaction() as conn:
        found = await _own(
            conn,
            secret,
            guild_id=guild_id,
            user_id=user_id,
            number=number,
            contribution_id=contribution_id,
        )
        now = clock.now()
        await repo.take_back(conn, found.id)
        taken = await repo.get(conn, found.id)
        assert taken is not None
        await delivery.queue_change(conn, taken, now)
        await audit.record(
            conn,
            guild_id=found.guild_id,
            actor_id=None,  # the author is never recorded
            action="contribution.take_back",
            now=now,
            target=f"contribution:{found.number}",
        )
    return found


async def own_choices(
    db: Database, secret: AnonSecret, *, guild_id: int, user_id: int, typed: str
) -> list[Contribution]:
    """The caller's own contributions that can be taken back, as they type."""
    key = author_key(secret, guild_id, user_id)
    cleaned = typed.strip().lstrip("#")[:100]
    async with db.read() as conn:
        return await repo.own_list(conn, guild_id=guild_id, author_key=key, typed=cleaned)


async def shown_choices(db: Database, *, guild_id: int, typed: str) -> list[Contribution]:
    """Contributions still shown in a panel, as a coordinator types (to hide one)."""
    cleaned = typed.strip().lstrip("#")[:100]
    async with db.read() as conn:
        return await repo.search_shown(conn, guild_id, typed=cleaned)


async def hide(
    db: Database, clock: Clock, *, guild_id: int, actor_id: int, number: int, reason: str | None
) -> Contribution:
    """A coordinator hides a contribution: its post is replaced by a note with the reason.

    The text is kept (never shown or exported again). The audit entry names the
    coordinator, the number and the reason; there is no author to name.
    """
    clean_reason = rules.clean_reason(reason)
    now = clock.now()
    async with db.transaction() as conn:
        found = await repo.by_number(conn, guild_id, number)
        if found is None:
            raise NotFound(words.HIDE_NOT_FOUND)
        if not await repo.hide(conn, found.id, reason=clean_reason):
            raise Conflict(words.HIDE_NOT_SHOWN.format(number=number))
        await audit.record(
            conn,
            guild_id=guild_id,
            actor_id=actor_id,
            action="contribution.hide",
            now=now,
            target=f"contribution:{number}",
            detail={"reason": clean_reason, "session_id": found.session_id},
        )
        hidden = await repo.get(conn, found.id)
        assert hidden is not None
        await delivery.queue_change(conn, hidden, now)
    return hidden
