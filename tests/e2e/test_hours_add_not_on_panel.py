"""/hours add for someone without the member role: the coordinator confirms first, the
entry is marked, and the payment run flags it (issue 8, point 5)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from fakediscord import Driver
from fakediscord.model import User
from fakediscord.standard import StandardGuild
from helpers_hours import csv_rows, hours_bot, prefer

from bot.app import LeapBot
from storage import hours as ledger

PERIOD = {"from": "2025-01-01", "to": "today"}


@pytest.fixture
async def bot(leap_settings: Any, start_bot: Any, world: StandardGuild) -> LeapBot:
    return await hours_bot(leap_settings, start_bot, world)


@pytest.fixture
async def eve(bot: LeapBot, fake: Any, driver: Driver, world: StandardGuild) -> User:
    """Someone in the server without the member role, who has said how to be paid."""
    user: User = fake.add_user("eve")
    await driver.member_joins(user)
    await prefer(bot, world, user.id, "Eve Jones")
    return user


async def _entries(bot: LeapBot, world: StandardGuild, member_id: int) -> list[Any]:
    async with bot.db.read() as conn:
        rows = await conn.fetchall(
            "SELECT id FROM hours_entries WHERE guild_id = ? AND member_id = ? ORDER BY id",
            (world.guild.id, member_id),
        )
        return [await ledger.get(conn, world.guild.id, r[0]) for r in rows]


async def _add(driver: Driver, world: StandardGuild, who: Any) -> Any:
    return await driver.slash(
        world.coordinator,
        "hours add",
        member=who,
        minutes=60,
        activity="meeting",
        note="Helped at the event",
    )


def _labels(result: Any) -> list[str]:
    return [button["label"] for row in result.components for button in row.get("components", [])]


async def test_adding_time_for_someone_not_on_the_panel_asks_first(
    bot: LeapBot, driver: Driver, world: StandardGuild, eve: User
) -> None:
    r = await _add(driver, world, eve)
    assert (
        r.ephemeral,
        "not on the panel" in r.content,
        _labels(r),
        await _entries(bot, world, eve.id),
    ) == (True, True, ["Add anyway", "Don't add"], [])


async def test_dont_add_stores_nothing_and_says_so(
    bot: LeapBot, driver: Driver, world: StandardGuild, eve: User
) -> None:
    asked = await _add(driver, world, eve)
    r = await driver.click(world.coordinator, asked, label="Don't add")
    assert ("Nothing was added" in r.content, await _entries(bot, world, eve.id)) == (True, [])


async def test_add_anyway_stores_approved_time_marked_not_on_the_panel(
    bot: LeapBot, driver: Driver, world: StandardGuild, eve: User
) -> None:
    asked = await _add(driver, world, eve)
    r = await driver.click(world.coordinator, asked, label="Add anyway")
    [entry] = await _entries(bot, world, eve.id)
    assert (entry.status, entry.amount_pence, entry.not_on_panel, "Saved." in r.content) == (
        "approved",
        1200,
        True,
        True,
    )


async def test_a_member_gets_no_question_and_no_mark(
    bot: LeapBot, driver: Driver, world: StandardGuild
) -> None:
    r = await _add(driver, world, world.member)
    [entry] = await _entries(bot, world, world.member.id)
    assert ("Saved." in r.content, _labels(r), entry.not_on_panel) == (True, [], False)


async def test_the_payment_run_flags_time_added_anyway(
    bot: LeapBot, driver: Driver, world: StandardGuild, eve: User
) -> None:
    asked = await _add(driver, world, eve)
    await driver.click(world.coordinator, asked, label="Add anyway")
    r = await driver.slash(world.admin, "hours export", **PERIOD)
    await r.wait_response()
    [row] = csv_rows(r.files[1].data)
    assert (
        "1 entry was added for someone not on the panel: check before paying" in r.content,
        row["flags"],
        Decimal(row["amount"]),
        int(row["minutes"]),
    ) == (True, "not on the panel when added", Decimal("12.00"), 60)


async def test_the_summary_file_flags_the_row_too(
    bot: LeapBot, driver: Driver, world: StandardGuild, eve: User
) -> None:
    asked = await _add(driver, world, eve)
    await driver.click(world.coordinator, asked, label="Add anyway")
    r = await driver.slash(world.admin, "hours export", **PERIOD)
    await r.wait_response()
    [fees] = [row for row in csv_rows(r.files[0].data) if row["row"] == "fees"]
    assert "not on the panel when added: 1 entry" in fees["flags"]


async def test_members_time_is_not_flagged_in_the_run(
    bot: LeapBot, driver: Driver, world: StandardGuild
) -> None:
    await prefer(bot, world, world.member.id, "Alice Smith")
    await _add(driver, world, world.member)
    r = await driver.slash(world.admin, "hours export", **PERIOD)
    await r.wait_response()
    [row] = csv_rows(r.files[1].data)
    assert (row["flags"], "not on the panel" in r.content) == ("", False)


async def test_a_note_over_the_limit_says_the_limit_it_allows(
    bot: LeapBot, driver: Driver, world: StandardGuild, eve: User
) -> None:
    r = await driver.slash(
        world.coordinator, "hours add", member=eve, minutes=60, activity="meeting", note="n" * 501
    )
    assert (
        "500 letters or fewer" in r.content,
        _labels(r),
        await _entries(bot, world, eve.id),
    ) == (True, [], [])
