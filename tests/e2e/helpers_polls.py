"""Helpers for the poll end-to-end tests: making polls, finding their messages, voting."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from fakediscord import Driver, FakeDiscord, model
from fakediscord.results import message_text
from fakediscord.standard import StandardGuild
from helpers_sessions import answered

from bot.app import LeapBot
from bot.clock import ManualClock
from storage import polls as repo
from storage.polls import Poll


@pytest.fixture(autouse=True)
def whole_minute(clock: ManualClock) -> None:
    """Start on a whole minute: typed times are rounded up to the minute, so "in 2 days"
    is exactly two days from the clock's time."""
    now = clock.now()
    if now.second or now.microsecond:
        clock.set(now.replace(second=0, microsecond=0) + timedelta(minutes=1))


async def create(driver: Driver, world: StandardGuild, **options: Any) -> Any:
    """Run /poll create as the coordinator in #general (a consensus poll by default)."""
    values: dict[str, Any] = {"question": "Shall we meet on Zoom?", "type": "consensus"}
    values.update(options)
    return await answered(await driver.slash(world.coordinator, "poll create", **values))


async def only_poll(bot: LeapBot) -> Poll:
    """The newest poll (fails when there is none)."""
    async with bot.db.read() as conn:
        found = await conn.fetchval("SELECT MAX(id) FROM polls")
        assert found is not None
        poll = await repo.get(conn, int(found))
    assert poll is not None
    return poll


def poll_message(fake: FakeDiscord, poll: Poll) -> model.Message:
    """The public poll message as Discord holds it now."""
    assert poll.message_id is not None
    return fake.messages[poll.message_id]


def poll_text(fake: FakeDiscord, poll: Poll) -> str:
    """Everything readable on the poll message now."""
    return message_text(poll_message(fake, poll))


def buttons(message: model.Message) -> list[dict[str, Any]]:
    """Every button and menu on a message."""
    return [c for row in message.components for c in row.get("components", [])]


async def vote(driver: Driver, fake: FakeDiscord, poll: Poll, user: Any, label: str) -> Any:
    """Press the answer button with this label on the poll message; wait for the answer."""
    return await answered(await driver.click(user, poll_message(fake, poll), label=label))


async def close(driver: Driver, world: StandardGuild, poll: Poll) -> Any:
    """Run /poll close as the coordinator and wait until the result is posted."""
    result = await answered(await driver.slash(world.coordinator, "poll close", poll=str(poll.id)))
    await driver.settle()
    return result


def results_in(fake: FakeDiscord, channel: model.Channel) -> list[model.Message]:
    """Result messages posted in a channel."""
    return [m for m in fake.messages_in(channel) if "Poll result" in message_text(m)]


async def settle_edits(driver: Driver) -> None:
    """Let throttled poll-message edits finish (they wait up to a second)."""
    import asyncio

    await driver.settle()
    await asyncio.sleep(1.2)
    await driver.settle()
