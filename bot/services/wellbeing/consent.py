"""Consent: before a member's first use of a member command, they agree to what is stored.

Nothing personal is stored before "I agree". Withdrawing stops new personal data; hours
already worked stay, because the register is a record of paid work (the consent text says so).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot.clock import Clock
from storage import audit, members
from storage.database import Database


@dataclass(frozen=True, slots=True)
class ConsentStatus:
    """Whether a member has agreed, and when."""

    agreed_at: datetime | None

    @property
    def agreed(self) -> bool:
        """True once the member said "I agree" (and has not withdrawn)."""
        return self.agreed_at is not None


class ConsentCache:
    """Who is known to have agreed, so most commands need no extra read."""

    def __init__(self) -> None:
        self._agreed: set[tuple[int, int]] = set()

    def knows(self, guild_id: int, member_id: int) -> bool:
        """True when this member is known to have agreed."""
        return (guild_id, member_id) in self._agreed

    def remember(self, guild_id: int, member_id: int) -> None:
        """Note that this member agreed."""
        self._agreed.add((guild_id, member_id))

    def forget(self, guild_id: int, member_id: int) -> None:
        """Note that this member withdrew or erased their data."""
        self._agreed.discard((guild_id, member_id))


async def status(db: Database, *, guild_id: int, member_id: int) -> ConsentStatus:
    """A member's consent as stored."""
    async with db.read() as conn:
        record = await members.get(conn, guild_id, member_id)
    return ConsentStatus(record.consent_at)


async def has_agreed(db: Database, cache: ConsentCache, *, guild_id: int, member_id: int) -> bool:
    """True when the member has agreed (read once, then remembered)."""
    if cache.knows(guild_id, member_id):
        return True
    if (await status(db, guild_id=guild_id, member_id=member_id)).agreed:
        cache.remember(guild_id, member_id)
        return True
    return False


async def give(
    db: Database, clock: Clock, cache: ConsentCache, *, guild_id: int, member_id: int
) -> None:
    """Record that the member agrees, with the time."""
    async with db.transaction() as conn:
        await members.set_consent(conn, guild_id, member_id, clock.now())
    cache.remember(guild_id, member_id)


async def withdraw(
    db: Database, clock: Clock, cache: ConsentCache, *, guild_id: int, member_id: int
) -> bool:
    """Withdraw consent (audited, with no content); False when there was none to withdraw."""
    now = clock.now()
    async with db.transaction() as conn:
        record = await members.get(conn, guild_id, member_id)
        if record.consent_at is None:
            cache.forget(guild_id, member_id)
            return False
        await members.clear_consent(conn, guild_id, member_id)
        await audit.record(
            conn,
            guild_id=guild_id,
            actor_id=member_id,
            action="mydata.consent_withdrawn",
            now=now,
        )
    cache.forget(guild_id, member_id)
    return True
