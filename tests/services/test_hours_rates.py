"""Rates versioned by date, the daily cap and budget code settings, payment preferences."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import date
from pathlib import Path

import pytest
from hours_support import ADMIN, ALICE, GUILD, clock, set_rate

from bot.errors import BadInput
from bot.services.hours import payment_settings as payments
from storage import audit, rates
from storage.database import Database


@pytest.fixture
async def db(tmp_path: Path) -> AsyncIterator[Database]:
    database = await Database.open(tmp_path / "t.sqlite3")
    yield database
    await database.close()


async def _in_force(db: Database, activity: str, day: str) -> int | None:
    async with db.read() as conn:
        rate = await rates.in_force(conn, GUILD, activity, date.fromisoformat(day))
    return None if rate is None else rate.pence_per_hour


async def test_a_rate_counts_from_its_date(db: Database) -> None:
    await set_rate(db, "meeting", "12.50", from_date="2026-02-01")
    assert (
        await _in_force(db, "meeting", "2026-01-31"),
        await _in_force(db, "meeting", "2026-02-01"),
    ) == (
        None,
        1250,
    )


async def test_a_later_version_takes_over_on_its_date(db: Database) -> None:
    await set_rate(db, "meeting", "12.50", from_date="2026-01-01")
    await set_rate(db, "meeting", "14.00", from_date="2026-04-01")
    assert [await _in_force(db, "meeting", x) for x in ("2026-03-31", "2026-04-01")] == [1250, 1400]


async def test_rates_are_per_activity(db: Database) -> None:
    await set_rate(db, "meeting", "12.50")
    assert await _in_force(db, "travel", "2026-03-01") is None


async def test_a_rate_without_a_date_starts_today(db: Database) -> None:
    saved = await payments.set_rate(
        db, clock(), guild_id=GUILD, actor_id=ADMIN, activity="review", pounds_per_hour="10"
    )
    assert saved.rate.effective_from.isoformat() == "2026-03-02"


@pytest.mark.parametrize("typed", ["-1", "12.345", "1000.01", "twelve", "£", "1e2"])
async def test_bad_rates_are_refused(db: Database, typed: str) -> None:
    with pytest.raises(BadInput):
        await payments.set_rate(
            db, clock(), guild_id=GUILD, actor_id=ADMIN, activity="review", pounds_per_hour=typed
        )


async def test_a_rate_change_is_audited(db: Database) -> None:
    await set_rate(db, "meeting", "12.50")
    async with db.read() as conn:
        [logged] = await audit.recent(conn, GUILD, action="setup.rate")
    assert logged.detail == {
        "activity": "meeting",
        "pence_per_hour": 1250,
        "effective_from": "2026-01-01",
    }


async def test_the_rate_table_shows_today_and_later(db: Database) -> None:
    await set_rate(db, "meeting", "12.00", from_date="2026-01-01")
    await set_rate(db, "meeting", "13.00", from_date="2026-02-01")
    await set_rate(db, "meeting", "15.00", from_date="2026-06-01")
    [view] = await payments.rate_table(db, clock(), GUILD)
    assert (
        view.current and view.current.pence_per_hour,
        [r.pence_per_hour for r in view.upcoming],
    ) == (
        1300,
        [1500],
    )


async def test_the_daily_cap_is_stored_in_minutes(db: Database) -> None:
    settings = await payments.set_payments(
        db, clock(), guild_id=GUILD, actor_id=ADMIN, daily_cap_hours="7.5", budget_code=" R 12 "
    )
    assert (settings.daily_cap_minutes, settings.budget_code) == (450, "R 12")


@pytest.mark.parametrize("typed", ["0.01", "25", "-3", "lots"])
async def test_a_bad_daily_cap_is_refused(db: Database, typed: str) -> None:
    with pytest.raises(BadInput):
        await payments.set_payments(
            db, clock(), guild_id=GUILD, actor_id=ADMIN, daily_cap_hours=typed
        )


async def test_payments_settings_are_audited(db: Database) -> None:
    await payments.set_payments(db, clock(), guild_id=GUILD, actor_id=ADMIN, budget_code="X1")
    async with db.read() as conn:
        [logged] = await audit.recent(conn, GUILD, action="setup.payments")
    assert logged.detail == {"budget_code": "X1"}


async def test_a_preference_never_needs_bank_details(db: Database) -> None:
    saved = await payments.set_preference(
        db,
        clock(),
        guild_id=GUILD,
        member_id=ALICE,
        method="voucher",
        payee_name="  Alice   Smith ",
        receives_benefits=False,
        public_sector=True,
    )
    assert (saved.payment_method, saved.payee_name, saved.public_sector) == (
        "voucher",
        "Alice Smith",
        True,
    )


async def test_a_payee_name_is_saved_without_control_characters(db: Database) -> None:
    saved = await payments.set_preference(
        db,
        clock(),
        guild_id=GUILD,
        member_id=ALICE,
        method="bank",
        payee_name="Alice\x07 Smith\x00",
        receives_benefits=False,
        public_sector=False,
    )
    assert saved.payee_name == "Alice Smith"


async def test_an_unknown_method_is_refused(db: Database) -> None:
    with pytest.raises(BadInput):
        await payments.set_preference(
            db,
            clock(),
            guild_id=GUILD,
            member_id=ALICE,
            method="cash",
            payee_name="A",
            receives_benefits=False,
            public_sector=False,
        )
