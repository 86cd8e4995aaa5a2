"""Shared set-up for hours and payment service tests: a real database and a fixed clock."""

from __future__ import annotations

from datetime import UTC, date, datetime

from bot.clock import ManualClock
from bot.services.hours import payment_settings as payments
from bot.services.hours.ledger import NewEntry, add_attendance_entries
from storage import sessions
from storage.database import Database
from storage.hours import HoursEntry

GUILD = 10
ADMIN = 1
COORD = 2
ALICE = 100
BOB = 200
# Monday 2 March 2026, noon in London (GMT).
NOW = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)
TODAY = date(2026, 3, 2)


def clock() -> ManualClock:
    """A clock fixed at NOW."""
    return ManualClock(NOW)


async def set_rate(db: Database, activity: str, pounds: str, from_date: str = "2026-01-01") -> None:
    """Set a rate as an admin would."""
    await payments.set_rate(
        db,
        clock(),
        guild_id=GUILD,
        actor_id=ADMIN,
        activity=activity,
        pounds_per_hour=pounds,
        from_date=from_date,
    )


async def make_session(db: Database, *, starts: datetime = NOW, minutes: int = 90) -> int:
    """A session row, as the sessions feature would store it."""
    async with db.transaction() as conn:
        session = await sessions.insert(
            conn,
            guild_id=GUILD,
            title="Panel",
            channel_id=5,
            starts_at=starts,
            length_minutes=minutes,
            prep_minutes=0,
            agenda=None,
            content_note=None,
            created_by=COORD,
            now=NOW,
        )
    return session.id


async def end_session(
    db: Database, session_id: int, member_minutes: dict[int, int], day: date = TODAY
) -> list[HoursEntry]:
    """Write attendance entries the way ending a session does."""
    async with db.transaction() as conn:
        return await add_attendance_entries(
            conn,
            guild_id=GUILD,
            session_id=session_id,
            entries=[NewEntry(m, "meeting", n, day) for m, n in member_minutes.items()],
            created_by=COORD,
            now=NOW,
        )
