"""Poll rules on a real database: numbers Discord already bounds are checked again."""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from bot.clock import ManualClock
from bot.errors import BadInput
from bot.services.polls import lifecycle as service
from bot.services.timers import TimerService
from storage.database import Database

NOW = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)
GUILD, COORD, CHANNEL = 1, 100, 11


@pytest.fixture
async def db(tmp_path: Path) -> AsyncIterator[Database]:
    database = await Database.open(tmp_path / "t.sqlite3")
    yield database
    await database.close()


def _four_members(guild_id: int, role_id: int | None) -> Sequence[int]:
    return [201, 202, 203, 204]


async def _create(db: Database, **kw: Any) -> service.Created:
    clock = ManualClock(NOW)
    args: dict[str, Any] = {"question": "Shall we?", "kind": "consensus"} | kw
    return await service.create(
        db,
        TimerService(db, clock),
        clock,
        guild_id=GUILD,
        channel_id=CHANNEL,
        actor_id=COORD,
        members=_four_members,
        **args,
    )


async def _polls(db: Database) -> int:
    async with db.read() as conn:
        return int(await conn.fetchval("SELECT COUNT(*) FROM polls"))


@pytest.mark.parametrize("threshold", [0, 101, -1, 2**40])
async def test_a_threshold_outside_1_to_100_is_refused_and_nothing_stored(
    db: Database, threshold: int
) -> None:
    with pytest.raises(BadInput, match="1 to 100"):
        await _create(db, threshold=threshold)
    assert await _polls(db) == 0


@pytest.mark.parametrize("quorum", [0, -3])
async def test_a_quorum_below_1_is_refused(db: Database, quorum: int) -> None:
    with pytest.raises(BadInput, match="1 or more"):
        await _create(db, quorum=quorum)
    assert await _polls(db) == 0


async def test_a_quorum_of_every_member_is_allowed(db: Database) -> None:
    created = await _create(db, quorum=4)
    assert created.poll.quorum == 4


async def test_the_threshold_given_is_kept(db: Database) -> None:
    created = await _create(db, threshold=1)
    assert created.poll.threshold == 1
