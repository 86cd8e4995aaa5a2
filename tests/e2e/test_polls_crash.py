"""A poll closes at its deadline even when the bot was killed (kill -9) and started again,
and nudging cut off by a kill reaches the rest after the restart and nobody twice.

The bot runs in its own process (tests/e2e/leap_child.py) against the loopback fake, so a
SIGKILL is a real crash: no shutdown code runs, nothing is flushed on purpose.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from fakediscord import Driver, FakeDiscord
from fakediscord.results import message_text
from fakediscord.standard import StandardGuild
from helpers_crash import set_up_roles


async def _poll_message(fake: FakeDiscord, world: StandardGuild) -> Any:
    found = [m for m in fake.messages_in(world.general) if "Poll #" in message_text(m)]
    assert found, "no poll message"
    return found[-1]


async def _vote(driver: Driver, message: Any, user: Any, label: str) -> None:
    r = await driver.click(user, message, label=label, within=10)
    if r.callback_type == 9:  # Block opens the reason form; the vote is saved already
        return
    if r.deferred:  # a press acknowledged first: the receipt follows as a message of its own
        await r.wait_followup(within=10)
    assert "saved" in r.text, r.text


def _results(fake: FakeDiscord, world: StandardGuild) -> list[Any]:
    return [m for m in fake.messages_in(world.general) if "Poll result" in message_text(m)]


async def test_poll_killed_before_its_deadline_closes_on_time_after_a_restart(
    fake: FakeDiscord, world: StandardGuild, driver: Driver, spawn: Callable[..., Any]
) -> None:
    # The deadline is the next whole minute at least 20 seconds away (typed times are whole
    # minutes); the first process runs 90 seconds behind, so it accepts that time as more
    # than a minute ahead.
    now = datetime.now(UTC)
    deadline = (now + timedelta(seconds=80)).replace(second=0, microsecond=0)
    first = await spawn(offset=(deadline - now).total_seconds() - 90)
    await set_up_roles(driver, world)
    local = deadline.astimezone(ZoneInfo("Europe/London")).strftime("%Y-%m-%d %H:%M")
    r = await driver.slash(
        world.coordinator, "poll create", question="Meet on Zoom?", type="consensus",
        closes=local, within=10,
    )  # fmt: skip
    if r.deferred:
        await r.wait_response(within=10)
    message = await _poll_message(fake, world)
    await _vote(driver, message, world.member, "Agree")
    await _vote(driver, message, world.member2, "Agree")
    first.kill()
    await first.wait()
    await spawn()  # the real time from here on
    # wait for the result: due at the deadline, allowed 30 seconds
    limit = (deadline - datetime.now(UTC)).total_seconds() + 30
    await fake.wait_until(lambda: bool(_results(fake, world)), within=max(limit, 1))
    arrived = datetime.now(UTC)
    shown = message_text(_results(fake, world)[0])
    assert ("Agree: ██ 2" in shown, "2 of 4 voted." in shown) == (True, True), shown
    assert (arrived - deadline).total_seconds() <= 30


async def test_deadline_passed_while_killed_closes_the_poll_at_start_up(
    fake: FakeDiscord, world: StandardGuild, driver: Driver, spawn: Callable[..., Any]
) -> None:
    first = await spawn()
    await set_up_roles(driver, world)
    r = await driver.slash(
        world.coordinator, "poll create", question="Meet on Zoom?", type="consensus",
        closes="in 1 minute", within=10,
    )  # fmt: skip
    if r.deferred:
        await r.wait_response(within=10)
    message = await _poll_message(fake, world)
    await _vote(driver, message, world.member, "Block")
    first.kill()
    await first.wait()
    started = time.monotonic()
    await spawn(offset=180)  # three minutes later: the deadline passed while it was down
    await fake.wait_until(lambda: bool(_results(fake, world)), within=30)
    shown = message_text(_results(fake, world)[0])
    assert "Outcome: **Not agreed: 1 block**" in shown
    assert time.monotonic() - started < 30


async def test_nudging_killed_part_way_reaches_the_rest_after_a_restart_and_nobody_twice(
    fake: FakeDiscord, world: StandardGuild, driver: Driver, spawn: Callable[..., Any]
) -> None:
    first = await spawn()
    await set_up_roles(driver, world)
    r = await driver.slash(
        world.coordinator, "poll create", question="Meet on Zoom?", type="consensus",
        closes="in 3 minutes", within=10,
    )  # fmt: skip
    if r.deferred:
        await r.wait_response(within=10)
    await _poll_message(fake, world)
    first.kill()
    await first.wait()
    # Discord refuses the direct messages to one member, so nudging is still going on (that
    # member is tried again) when the bot is killed.
    path = f"/channels/{fake.dm_channel(world.member2).id}/messages"
    outage = fake.fail(
        "POST", path, status=500, code=0, message="Internal Server Error", count=10**6
    )
    # The nudge is due half-way (90 to 120 seconds in); the poll closes 180 seconds in or later.
    second = await spawn(offset=125)
    await fake.wait_until(
        lambda: bool(fake.dms_to(world.coordinator) and fake.dms_to(world.member)), within=30
    )
    second.kill()
    await second.wait()
    outage.remaining = 0
    await spawn(offset=125)
    await fake.wait_until(lambda: bool(fake.dms_to(world.member2)), within=30)
    await fake.wait_until(
        lambda: any(
            "could not send you" in message_text(m) for m in fake.messages_in(world.general)
        ),
        within=30,
    )
    reached = [len(fake.dms_to(u)) for u in (world.coordinator, world.member, world.member2)]
    assert reached == [1, 1, 1]
