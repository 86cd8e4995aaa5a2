"""Numbers past every bound: Discord refuses them, since every integer option declares its
minimum and maximum (the services check again: tests/services/test_bounds.py)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fakediscord import CommandError, Driver, FakeDiscord
from fakediscord.standard import StandardGuild
from helpers_hours import hours_bot

from bot.app import LeapBot
from bot.text import sessions as sessions_text
from storage import hours as ledger

INTEGER = 4
DISCORD_MAX = 2**53  # Discord's integer options hold -2**53 to 2**53 at most
TOO_BIG = 9223372036854775808  # 2**63: past SQLite's largest integer


@pytest.fixture
async def bot(leap_settings: Any, start_bot: Any, world: StandardGuild) -> LeapBot:
    return await hours_bot(leap_settings, start_bot, world)


def _integer_options(options: list[dict[str, Any]], path: str) -> Iterator[tuple[str, Any]]:
    for option in options:
        where = f"{path} {option['name']}"
        if option["type"] == INTEGER:
            yield where, (option.get("min_value"), option.get("max_value"))
        yield from _integer_options(option.get("options") or [], where)


async def test_every_integer_option_declares_bounds_discord_can_hold(
    bot: LeapBot, fake: FakeDiscord
) -> None:
    found = [
        pair
        for command in fake.global_commands
        for pair in _integer_options(command.get("options") or [], command["name"])
    ]
    unbounded = [
        where
        for where, (low, high) in found
        if low is None or high is None or not -DISCORD_MAX < low <= high < DISCORD_MAX
    ]
    assert (len(found) >= 5, unbounded) == (True, [])


async def test_a_claim_for_session_two_to_the_63_is_refused_plainly(
    bot: LeapBot, driver: Driver, world: StandardGuild
) -> None:
    # The session option is text (picked from a list of sessions), so Discord lets any
    # number through: the bot refuses it in plain words and stores nothing.
    r = await driver.slash(
        world.member, "hours claim", activity="review", minutes=30, session=str(TOO_BIG)
    )
    async with bot.db.read() as conn:
        stored = await ledger.count_pending(conn, world.guild.id)
    assert (r.ephemeral, r.content, stored) == (True, sessions_text.SESSION_OPTION_BAD, 0)


async def test_an_export_of_run_two_to_the_63_is_refused_by_discord(
    bot: LeapBot, driver: Driver, world: StandardGuild
) -> None:
    with pytest.raises(CommandError, match="outside"):
        await driver.slash(world.admin, "hours export", run=TOO_BIG)


async def test_a_correction_of_entry_two_to_the_63_is_refused_by_discord(
    bot: LeapBot, driver: Driver, world: StandardGuild
) -> None:
    with pytest.raises(CommandError, match="outside"):
        await driver.slash(
            world.coordinator,
            "hours add",
            member=world.member,
            minutes=30,
            activity="review",
            note="Fix",
            corrects=TOO_BIG,
        )


async def test_the_largest_id_discord_allows_gets_a_plain_not_found(
    bot: LeapBot, driver: Driver, world: StandardGuild
) -> None:
    r = await driver.slash(
        world.member, "hours claim", activity="review", minutes=30, session=DISCORD_MAX - 1
    )
    assert (r.ephemeral, "cannot find session" in r.content) == (True, True)
