"""What the bot keeps about each member: payment preference, flags and consent times.

Never bank details, national insurance numbers or addresses.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from storage import member_data
from storage.codec import dt_to_db, opt_dt_from_db
from storage.database import Conn

METHODS = ("bank", "voucher", "decline")


@dataclass(frozen=True, slots=True)
class MemberRecord:
    """One member of one panel."""

    guild_id: int
    member_id: int
    display_name: str | None = None
    payment_method: str | None = None
    payee_name: str | None = None
    receives_benefits: bool = False
    public_sector: bool = False
    payment_updated_at: datetime | None = None
    consent_at: datetime | None = None
    ground_rules_accepted_at: datetime | None = None


_COLUMNS = (
    "guild_id, member_id, display_name, payment_method, payee_name, receives_benefits, "
    "public_sector, payment_updated_at, consent_at, ground_rules_accepted_at"
)


def _member(r: Any) -> MemberRecord:
    return MemberRecord(
        guild_id=r["guild_id"],
        member_id=r["member_id"],
        display_name=r["display_name"],
        payment_method=r["payment_method"],
        payee_name=r["payee_name"],
        receives_benefits=bool(r["receives_benefits"]),
        public_sector=bool(r["public_sector"]),
        payment_updated_at=opt_dt_from_db(r["payment_updated_at"]),
        consent_at=opt_dt_from_db(r["consent_at"]),
        ground_rules_accepted_at=opt_dt_from_db(r["ground_rules_accepted_at"]),
    )


async def get(conn: Conn, guild_id: int, member_id: int) -> MemberRecord:
    """A member's record, or an empty one when nothing is stored."""
    row = await conn.fetchone(
        f"SELECT {_COLUMNS} FROM members WHERE guild_id = ? AND member_id = ?",  # noqa: S608
        (guild_id, member_id),
    )
    return MemberRecord(guild_id, member_id) if row is None else _member(row)


async def for_guild(conn: Conn, guild_id: int) -> dict[int, MemberRecord]:
    """Every stored member of a panel, by id."""
    rows = await conn.fetchall(
        f"SELECT {_COLUMNS} FROM members WHERE guild_id = ?",  # noqa: S608
        (guild_id,),
    )
    return {r["member_id"]: _member(r) for r in rows}


async def _ensure(conn: Conn, guild_id: int, member_id: int, now: datetime) -> None:
    await conn.execute(
        "INSERT INTO members (guild_id, member_id, created_at) VALUES (?, ?, ?) "
        "ON CONFLICT (guild_id, member_id) DO NOTHING",
        (guild_id, member_id, dt_to_db(now)),
    )


async def note_name(
    conn: Conn, guild_id: int, member_id: int, display_name: str, now: datetime
) -> None:
    """Remember the name a member last used, for exports made while the bot is down."""
    await _ensure(conn, guild_id, member_id, now)
    await conn.execute(
        "UPDATE members SET display_name = ? WHERE guild_id = ? AND member_id = ?",
        (display_name, guild_id, member_id),
    )


async def set_payment(
    conn: Conn,
    *,
    guild_id: int,
    member_id: int,
    method: str,
    payee_name: str | None,
    receives_benefits: bool,
    public_sector: bool,
    now: datetime,
) -> MemberRecord:
    """Save a member's payment preference and flags."""
    await _ensure(conn, guild_id, member_id, now)
    await conn.execute(
        "UPDATE members SET payment_method = ?, payee_name = ?, receives_benefits = ?, "
        "public_sector = ?, payment_updated_at = ? WHERE guild_id = ? AND member_id = ?",
        (
            method,
            payee_name,
            int(receives_benefits),
            int(public_sector),
            dt_to_db(now),
            guild_id,
            member_id,
        ),
    )
    return await get(conn, guild_id, member_id)


async def set_consent(conn: Conn, guild_id: int, member_id: int, now: datetime) -> None:
    """Record when a member gave consent."""
    await _ensure(conn, guild_id, member_id, now)
    await conn.execute(
        "UPDATE members SET consent_at = ? WHERE guild_id = ? AND member_id = ?",
        (dt_to_db(now), guild_id, member_id),
    )


async def set_ground_rules_accepted(
    conn: Conn, guild_id: int, member_id: int, now: datetime
) -> None:
    """Record when a member accepted the ground rules."""
    await _ensure(conn, guild_id, member_id, now)
    await conn.execute(
        "UPDATE members SET ground_rules_accepted_at = ? WHERE guild_id = ? AND member_id = ?",
        (dt_to_db(now), guild_id, member_id),
    )


async def clear_ground_rules(conn: Conn, guild_id: int) -> int:
    """Forget every member's agreement (the rules changed); return how many were cleared."""
    return await conn.execute(
        "UPDATE members SET ground_rules_accepted_at = NULL "
        "WHERE guild_id = ? AND ground_rules_accepted_at IS NOT NULL",
        (guild_id,),
    )


async def clear_consent(conn: Conn, guild_id: int, member_id: int) -> None:
    """Forget a member's consent (they withdrew it)."""
    await conn.execute(
        "UPDATE members SET consent_at = NULL WHERE guild_id = ? AND member_id = ?",
        (guild_id, member_id),
    )


async def _erase_member(
    conn: Conn, keys: member_data.MemberKeys, now: datetime
) -> member_data.Erased:
    count = await conn.execute(
        "UPDATE members SET payment_method = NULL, payee_name = NULL, receives_benefits = 0, "
        "public_sector = 0, payment_updated_at = NULL, consent_at = NULL, "
        "ground_rules_accepted_at = NULL WHERE guild_id = ? AND member_id = ?",
        (keys.guild_id, keys.member_id),
    )
    return member_data.Erased(count)


member_data.register(
    member_data.MemberStore(
        name="your details",
        tables=("members",),
        list=member_data.listing(
            "SELECT display_name, payment_method, payee_name, receives_benefits, public_sector, "
            "payment_updated_at, consent_at, ground_rules_accepted_at, created_at FROM members "
            "WHERE guild_id = ? AND member_id = ?"
        ),
        erase=_erase_member,
    )
)
