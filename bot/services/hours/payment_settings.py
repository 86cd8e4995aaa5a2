"""Rules for rates, the daily cap, the budget code and members' payment preferences."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from bot.clock import Clock
from bot.errors import BadInput
from bot.services.clean_text import clean_text
from bot.services.hours import money as pay
from bot.services.hours.ledger import MAX_MINUTES, check_activity, read_date, today_in
from bot.text import payment as text
from storage import audit, guild_settings, members, rates
from storage.database import Database
from storage.guild_settings import GuildSettings
from storage.hours import WaitingForRate, pending_without_rate
from storage.members import METHODS, MemberRecord
from storage.rates import Rate

MAX_PAYEE = 100
MAX_BUDGET_CODE = 40
MAX_BENEFITS_NOTE = 1000
CLEAR_WORDS = frozenset({"none", "off", "no"})


@dataclass(frozen=True, slots=True)
class RateSaved:
    """A rate just saved, and the pending entries of its activity that still have no rate
    (dated before it): the admin is offered to start the rate on the earliest of them."""

    rate: Rate
    waiting: WaitingForRate | None = None


async def set_rate(
    db: Database,
    clock: Clock,
    *,
    guild_id: int,
    actor_id: int | None,
    activity: str,
    pounds_per_hour: str,
    from_date: str | None = None,
) -> RateSaved:
    """Set an activity's rate from a date (default: today). Approved entries keep theirs."""
    activity = check_activity(activity)
    try:
        pence = pay.parse_pounds(pounds_per_hour)
    except pay.PayInputError as exc:
        raise BadInput(
            text.RATE_ERRORS[exc.reason].format(text=pounds_per_hour.strip()[:20])
        ) from None
    now = clock.now()
    async with db.transaction() as conn:
        settings = await guild_settings.get(conn, guild_id)
        if from_date is not None and from_date.strip():
            effective = read_date(from_date, tz=settings.timezone, now=now)
        else:
            effective = today_in(settings.timezone, now)
        rate = await rates.add(
            conn,
            guild_id=guild_id,
            activity=activity,
            pence_per_hour=pence,
            effective_from=effective,
            created_by=actor_id,
            now=now,
        )
        await audit.record(
            conn,
            guild_id=guild_id,
            actor_id=actor_id,
            action="setup.rate",
            now=now,
            target=f"rate:{rate.id}",
            detail={
                "activity": activity,
                "pence_per_hour": pence,
                "effective_from": effective.isoformat(),
            },
        )
        waiting = await pending_without_rate(conn, guild_id, activity=activity)
        return RateSaved(rate, waiting[0] if waiting else None)


async def waiting_for_rates(db: Database, guild_id: int) -> list[WaitingForRate]:
    """Activities with pending entries that no rate covers, for /setup show."""
    async with db.read() as conn:
        return await pending_without_rate(conn, guild_id)


@dataclass(frozen=True, slots=True)
class RateView:
    """Per activity: the rate in force today and any later versions."""

    activity: str
    current: Rate | None
    upcoming: list[Rate]


async def rate_table(db: Database, clock: Clock, guild_id: int) -> list[RateView]:
    """The rates an admin sees in /setup show, one line per activity that has any."""
    async with db.read() as conn:
        settings = await guild_settings.get(conn, guild_id)
        every = await rates.all_for_guild(conn, guild_id)
    today = today_in(settings.timezone, clock.now())
    views: list[RateView] = []
    for activity in sorted({r.activity for r in every}):
        latest: dict[date, Rate] = {}
        for rate in every:
            if rate.activity == activity:
                latest[rate.effective_from] = rate  # newer rows come later and win
        past = [r for d, r in sorted(latest.items()) if d <= today]
        future: list[Rate] = []
        before = past[-1].pence_per_hour if past else None
        for rate in (r for d, r in sorted(latest.items()) if d > today):
            if rate.pence_per_hour != before:  # the same rate again changes nothing
                future.append(rate)
            before = rate.pence_per_hour
        views.append(RateView(activity, past[-1] if past else None, future))
    return views


async def set_payments(
    db: Database,
    clock: Clock,
    *,
    guild_id: int,
    actor_id: int,
    daily_cap_hours: str | None = None,
    budget_code: str | None = None,
    channel_id: int | None = None,
    benefits_note: str | None = None,
) -> GuildSettings:
    """Set the daily cap on paid hours ('none' removes it; 0 is refused), the budget code,
    the channel where members with closed direct messages are asked for their preference,
    and the panel's note for members on benefits ('none' removes it).

    A cap of 0 would read as "no paid hours at all", which the bot never does; the refusal
    says to write none, so the words and the rule agree.
    """
    values: dict[str, object] = {}
    if channel_id is not None:
        values["payments_channel_id"] = channel_id
    if daily_cap_hours is not None:
        cleaned = daily_cap_hours.strip().lower()
        if cleaned in CLEAR_WORDS:
            values["daily_cap_minutes"] = None
        else:
            try:
                minutes = pay.parse_hours(cleaned)
            except pay.PayInputError:
                raise BadInput(text.CAP_BAD) from None
            if not 0 < minutes <= MAX_MINUTES:
                raise BadInput(text.CAP_BAD)
            values["daily_cap_minutes"] = minutes
    if budget_code is not None:
        code = clean_text(budget_code, what=text.FIELD_BUDGET) or ""
        if len(code) > MAX_BUDGET_CODE:
            raise BadInput(text.BUDGET_TOO_LONG.format(limit=MAX_BUDGET_CODE))
        values["budget_code"] = code or None
    if benefits_note is not None:
        values["benefits_note"] = _benefits_note(benefits_note)
    if not values:
        raise BadInput(text.PAYMENTS_NOTHING)
    now = clock.now()
    async with db.transaction() as conn:
        await guild_settings.update(conn, guild_id, now, **values)
        await audit.record(
            conn,
            guild_id=guild_id,
            actor_id=actor_id,
            action="setup.payments",
            now=now,
            target=f"guild:{guild_id}",
            detail=values,
        )
        return await guild_settings.get(conn, guild_id)


def _benefits_note(typed: str) -> str | None:
    """The panel's note for members on benefits, cleaned; None when 'none' clears it."""
    if typed.strip().lower() in CLEAR_WORDS:
        return None
    note = clean_text(typed, what=text.FIELD_BENEFITS_NOTE, limit=MAX_BENEFITS_NOTE, multiline=True)
    if note is None:
        raise BadInput(text.BENEFITS_NOTE_EMPTY)
    return note


async def preference(db: Database, guild_id: int, member_id: int) -> MemberRecord:
    """A member's saved payment preference (empty when none)."""
    async with db.read() as conn:
        return await members.get(conn, guild_id, member_id)


async def set_preference(
    db: Database,
    clock: Clock,
    *,
    guild_id: int,
    member_id: int,
    method: str,
    payee_name: str | None,
    receives_benefits: bool,
    public_sector: bool,
    display_name: str | None = None,
) -> MemberRecord:
    """Save how a member wants to be paid. No bank details are ever stored."""
    if method not in METHODS:
        raise BadInput(text.METHOD_UNKNOWN)
    name = clean_text(payee_name, what=text.FIELD_PAYEE)
    if name is not None and len(name) > MAX_PAYEE:
        raise BadInput(text.PAYEE_TOO_LONG.format(limit=MAX_PAYEE))
    if method != "decline" and name is None:
        raise BadInput(text.PAYEE_NEEDED)
    now = clock.now()
    async with db.transaction() as conn:
        if display_name:
            await members.note_name(conn, guild_id, member_id, display_name[:100], now)
        record = await members.set_payment(
            conn,
            guild_id=guild_id,
            member_id=member_id,
            method=method,
            payee_name=name,
            receives_benefits=receives_benefits,
            public_sector=public_sector,
            now=now,
        )
        await audit.record(
            conn,
            guild_id=guild_id,
            actor_id=member_id,
            action="payment.preference",
            now=now,
            target=f"member:{member_id}",
            detail={
                "method": method,
                "receives_benefits": receives_benefits,
                "public_sector": public_sector,
            },
        )
        return record
