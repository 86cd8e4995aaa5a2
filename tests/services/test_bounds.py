"""Numbers past every bound: services refuse ids SQLite cannot hold, in plain words."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from hours_support import ALICE, COORD, GUILD, clock, set_rate

from bot.errors import NotFound
from bot.services.bounds import MAX_ID, is_id, known_id
from bot.services.hours import ledger as hours
from bot.services.hours import payment_runs as export
from bot.services.sessions import lifecycle
from storage.database import Database

TOO_BIG = [MAX_ID + 1, 2**63, 2**64 + 5]


@pytest.fixture
async def db(tmp_path: Path) -> AsyncIterator[Database]:
    database = await Database.open(tmp_path / "t.sqlite3")
    await set_rate(database, "preparation", "12.50")
    yield database
    await database.close()


@pytest.mark.parametrize("value", [1, 42, MAX_ID])
def test_ids_inside_the_bounds_pass(value: int) -> None:
    assert (is_id(value), known_id(value, "not found")) == (True, value)


@pytest.mark.parametrize("value", [0, -1, *TOO_BIG])
def test_ids_outside_the_bounds_are_not_found(value: int) -> None:
    with pytest.raises(NotFound):
        known_id(value, "not found")


@pytest.mark.parametrize("session", TOO_BIG)
async def test_a_claim_for_a_session_past_the_bounds_is_not_found(
    db: Database, session: int
) -> None:
    with pytest.raises(NotFound):
        await hours.claim(
            db,
            clock(),
            guild_id=GUILD,
            member_id=ALICE,
            activity="preparation",
            minutes=30,
            session_id=session,
        )


@pytest.mark.parametrize(("session", "corrects"), [(2**63, None), (None, 2**63)])
async def test_an_addition_past_the_bounds_is_not_found(
    db: Database, session: int | None, corrects: int | None
) -> None:
    with pytest.raises(NotFound):
        await hours.add_adjustment(
            db,
            clock(),
            guild_id=GUILD,
            actor_id=COORD,
            member_id=ALICE,
            minutes=30,
            activity="preparation",
            note="Fix",
            session_id=session,
            corrects_entry_id=corrects,
        )


async def test_a_run_past_the_bounds_is_not_found(db: Database) -> None:
    with pytest.raises(NotFound):
        await export.run_files(db, guild_id=GUILD, run_id=2**63)


def test_a_session_option_past_the_bounds_is_not_found() -> None:
    with pytest.raises(NotFound):
        lifecycle.parse_session_id(str(MAX_ID + 1))
