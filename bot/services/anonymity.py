"""The one keyed hash behind every anonymous feature.

Anonymous contributions, votes and signals never store who made them. Instead they store
``anon_key(secret, purpose, *parts)``: an HMAC-SHA256 over a purpose word and ids, with a
secret kept outside the database (see ``bot.anon_secret``). The same member gets the same
key for the same purpose and ids, so the bot can follow one member's posts in a session,
let an author take a post back or count a vote once; without the secret, nobody can link a
key to a person, and keys for different purposes or sessions cannot be linked to each other.

Purposes in use (keep them distinct, one per question the bot must answer):
* ``"pseudonym"``: guild, session, user, for the per-session pseudonym "Contributor C";
* ``"author"``: guild, user, for taking back one's own contributions and for /mydata;
* ``"vote"``: guild, poll, user, for one vote per member on an anonymous poll;
* ``"unclear"``: guild, prompt, user, for one "This is unclear" per member;
* ``"break"``: guild, user, for the /break rate limit.

Audit rows about anonymous actions go through ``audit_anonymous``: no actor, no member ids.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Mapping
from datetime import datetime

from storage import audit
from storage.database import Conn

SECRET_BYTES = 32


class AnonSecret:
    """The anonymity secret: bytes that never appear in a repr, a log line or an error."""

    __slots__ = ("_value",)

    def __init__(self, value: bytes) -> None:
        if len(value) < 16:
            raise ValueError("The anonymity secret must be at least 16 bytes.")
        self._value = value

    def __repr__(self) -> str:
        return "AnonSecret(**********)"

    __str__ = __repr__

    def digest(self, message: bytes) -> str:
        """HMAC-SHA256 of `message` under this secret, as 64 hex characters."""
        return hmac.new(self._value, message, hashlib.sha256).hexdigest()


def anon_key(secret: AnonSecret, purpose: str, *parts: int | str) -> str:
    """The keyed hash for one purpose and its ids, e.g. ("vote", guild, poll, user)."""
    if not purpose or ":" in purpose:
        raise ValueError("A purpose is one word without ':'.")
    message = ":".join([purpose, *(str(part) for part in parts)])
    return secret.digest(message.encode("utf-8"))


def pseudonym_key(secret: AnonSecret, guild_id: int, session_id: int, user_id: int) -> str:
    """The key that gives a member one pseudonym within one session."""
    return anon_key(secret, "pseudonym", guild_id, session_id, user_id)


def author_key(secret: AnonSecret, guild_id: int, user_id: int) -> str:
    """The key that lets an author find their own anonymous posts in one panel."""
    return anon_key(secret, "author", guild_id, user_id)


def voter_key(secret: AnonSecret, guild_id: int, poll_id: int, user_id: int) -> str:
    """The key that counts one member's vote on one anonymous poll once."""
    return anon_key(secret, "vote", guild_id, poll_id, user_id)


async def audit_anonymous(
    conn: Conn,
    *,
    guild_id: int,
    action: str,
    now: datetime,
    target: str | None = None,
    detail: Mapping[str, audit.AnonValue] | None = None,
) -> int:
    """Audit an anonymous action inside the caller's transaction, naming nobody.

    The row has no actor, and a target or detail that could name a person (a Discord id, a
    key such as `member_id`) is refused with `audit.NotAnonymous`, a bug to fix, not to log.
    """
    return await audit.record_anonymous(
        conn, guild_id=guild_id, action=action, now=now, target=target, detail=detail
    )
