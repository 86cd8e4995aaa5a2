"""Per-panel settings: roles, time zone, reminder offsets and rules."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from storage.codec import dt_from_db, dt_to_db
from storage.database import Conn

DEFAULT_TIMEZONE = "Europe/London"
DEFAULT_REMINDER_OFFSETS = (1440, 60)
DEFAULT_RETENTION_YEARS = 2
DEFAULT_ATTENDANCE_MINIMUM = 10  # minutes in a session below which a stay is flagged
DEFAULT_POLL_NUDGE = 1440  # minutes before a poll closes that non-voters are reminded


@dataclass(frozen=True, slots=True)
class GuildSettings:
    """One panel's settings; defaults apply until an admin changes them."""

    guild_id: int
    timezone: str = DEFAULT_TIMEZONE
    admin_role_id: int | None = None
    coordinator_role_id: int | None = None
    member_role_id: int | None = None
    reminder_offsets: tuple[int, ...] = DEFAULT_REMINDER_OFFSETS  # minutes before
    attendance_rule: str = "planned"
    readability_threshold: int = 60
    daily_cap_minutes: int | None = None
    budget_code: str | None = None
    ground_rules: str | None = None
    support_text: str | None = None
    staff_channel_id: int | None = None
    retention_years: int = DEFAULT_RETENTION_YEARS
    updated_at: datetime | None = None
    payments_channel_id: int | None = None  # where members with closed DMs are told
    notices_channel_id: int | None = None  # where closed-DM mentions go (else the subject's)
    expense_cap_pence: int | None = None  # the most one expense claim may be (None: £1,000)
    benefits_note: str | None = None  # the panel's words for members on benefits
    attendance_minimum_minutes: int = DEFAULT_ATTENDANCE_MINIMUM  # here less: flagged
    poll_nudge_minutes: int = DEFAULT_POLL_NUDGE  # non-voters reminded this long before close


_COLUMNS = (
    "guild_id, timezone, admin_role_id, coordinator_role_id, member_role_id, reminder_offsets, "
    "attendance_rule, readability_threshold, daily_cap_minutes, budget_code, ground_rules, "
    "support_text, staff_channel_id, retention_years, updated_at, payments_channel_id, "
    "notices_channel_id, expense_cap_pence, benefits_note, attendance_minimum_minutes, "
    "poll_nudge_minutes"
)

# Columns an UPDATE may name; anything else is refused before SQL is built.
_WRITABLE = frozenset(_COLUMNS.replace(" ", "").split(",")) - {"guild_id", "updated_at"}


def _offsets_to_db(offsets: tuple[int, ...]) -> str:
    return ",".join(str(int(m)) for m in offsets)


def _offsets_from_db(value: str) -> tuple[int, ...]:
    return tuple(int(p) for p in value.split(",") if p)


async def get(conn: Conn, guild_id: int) -> GuildSettings:
    """Return a panel's settings, or the defaults when none are stored."""
    cached = conn.memo.get(("guild_settings", guild_id))
    if cached is not None:
        return cached
    settings = await _load(conn, guild_id)
    conn.memo[("guild_settings", guild_id)] = settings
    return settings


async def _load(conn: Conn, guild_id: int) -> GuildSettings:
    row = await conn.fetchone(
        f"SELECT {_COLUMNS} FROM guild_settings WHERE guild_id = ?",  # noqa: S608
        (guild_id,),
    )
    if row is None:
        return GuildSettings(guild_id=guild_id)
    return GuildSettings(
        guild_id=row["guild_id"],
        timezone=row["timezone"],
        admin_role_id=row["admin_role_id"],
        coordinator_role_id=row["coordinator_role_id"],
        member_role_id=row["member_role_id"],
        reminder_offsets=_offsets_from_db(row["reminder_offsets"]),
        attendance_rule=row["attendance_rule"],
        readability_threshold=row["readability_threshold"],
        daily_cap_minutes=row["daily_cap_minutes"],
        budget_code=row["budget_code"],
        ground_rules=row["ground_rules"],
        support_text=row["support_text"],
        staff_channel_id=row["staff_channel_id"],
        retention_years=row["retention_years"],
        updated_at=dt_from_db(row["updated_at"]),
        payments_channel_id=row["payments_channel_id"],
        notices_channel_id=row["notices_channel_id"],
        expense_cap_pence=row["expense_cap_pence"],
        benefits_note=row["benefits_note"],
        attendance_minimum_minutes=row["attendance_minimum_minutes"],
        poll_nudge_minutes=row["poll_nudge_minutes"],
    )


async def update(conn: Conn, guild_id: int, now: datetime, **values: object) -> None:
    """Create the row if needed and set the named columns."""
    conn.memo.pop(("guild_settings", guild_id), None)
    unknown = set(values) - _WRITABLE
    if unknown:
        raise ValueError(f"Unknown settings: {sorted(unknown)}")
    if "reminder_offsets" in values:
        offsets = values["reminder_offsets"]
        assert isinstance(offsets, tuple)
        values["reminder_offsets"] = _offsets_to_db(offsets)
    stamp = dt_to_db(now)
    await conn.execute(
        "INSERT INTO guild_settings (guild_id, updated_at) VALUES (?, ?) "
        "ON CONFLICT (guild_id) DO NOTHING",
        (guild_id, stamp),
    )
    if not values:
        return
    # Column names come only from the fixed _WRITABLE set above; values are parameters.
    assignments = ", ".join(f"{name} = :{name}" for name in sorted(values))
    await conn.execute(
        f"UPDATE guild_settings SET {assignments}, updated_at = :updated_at "  # noqa: S608
        "WHERE guild_id = :guild_id",
        {**values, "updated_at": stamp, "guild_id": guild_id},
    )


async def retention_by_guild(conn: Conn) -> list[tuple[int, int]]:
    """Every panel with stored settings and its retention in years."""
    rows = await conn.fetchall("SELECT guild_id, retention_years FROM guild_settings ORDER BY 1")
    return [(r["guild_id"], r["retention_years"]) for r in rows]
