"""Reminders survive a real crash: kill -9 with reminders due while the bot is down.

The bot runs in its own process (tests/e2e/leap_child.py) against the loopback fake, so a
SIGKILL is a real crash: no shutdown code runs, nothing is flushed on purpose. The restarted
process runs with its clock ahead, so the reminders fell due while it was down.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

from fakediscord import Driver, FakeDiscord
from fakediscord.standard import StandardGuild
from helpers_crash import set_up_roles

# The restarted bot's clock runs this far ahead: both reminders fell due during the outage.
OUTAGE_SECONDS = 600.0
# After a second restart, time for a repeat to show up if there were one: due work runs at
# start-up, and a reminder's DM goes out in well under a second on the loopback fake.
SETTLE_SECONDS = 5.0


async def _remind_me(driver: Driver, who: Any, when: str, what: str) -> None:
    """/remind me as a member; agrees to the consent question first when it is asked."""
    r = await driver.slash(who, "remind me", when=when, text=what, within=10)
    if "I agree" in [c.get("label") for row in r.components for c in row["components"]]:
        r = await driver.click(who, r, label="I agree", within=10)
        if r.deferred:
            await r.wait_followup(within=10)
    assert "<t:" in r.text, r.text


def _reminders_to(fake: FakeDiscord, user: Any) -> list[str]:
    return sorted(m.content for m in fake.dms_to(user) if "Reminder" in m.content)


async def _crash_with_reminders_due(
    fake: FakeDiscord, world: StandardGuild, driver: Driver, spawn: Callable[..., Any]
) -> None:
    """Set two personal reminders and one panel reminder, then kill -9 before any is due."""
    first = await spawn()
    await set_up_roles(driver, world)
    await _remind_me(driver, world.member, "in 1 minute", "First")
    await _remind_me(driver, world.member, "in 2 minutes", "Second")
    r = await driver.slash(
        world.coordinator, "remind panel", when="in 1 minute", text="Vote today",
        channel=world.general, within=10,
    )  # fmt: skip
    assert "<t:" in r.text, r.text
    first.kill()
    await first.wait()
    assert _reminders_to(fake, world.member) == []


async def test_personal_reminders_due_during_the_outage_arrive_once_late_with_the_apology(
    fake: FakeDiscord, world: StandardGuild, driver: Driver, spawn: Callable[..., Any]
) -> None:
    await _crash_with_reminders_due(fake, world, driver, spawn)
    second = await spawn(offset=OUTAGE_SECONDS)
    await fake.wait_until(lambda: len(_reminders_to(fake, world.member)) >= 3, within=30)
    second.kill()  # a second crash right after delivery must not send anything again
    await second.wait()
    await spawn(offset=OUTAGE_SECONDS + 60)
    await asyncio.sleep(SETTLE_SECONDS)
    assert _reminders_to(fake, world.member) == [
        "Sorry, this is late: Reminder for the panel: Vote today",
        "Sorry, this is late: Reminder: First",
        "Sorry, this is late: Reminder: Second",
    ]


async def test_a_panel_reminder_due_during_the_outage_reaches_each_member_once(
    fake: FakeDiscord, world: StandardGuild, driver: Driver, spawn: Callable[..., Any]
) -> None:
    await _crash_with_reminders_due(fake, world, driver, spawn)
    second = await spawn(offset=OUTAGE_SECONDS)
    await fake.wait_until(lambda: len(_reminders_to(fake, world.member2)) >= 1, within=30)
    second.kill()
    await second.wait()
    await spawn(offset=OUTAGE_SECONDS + 60)
    await asyncio.sleep(SETTLE_SECONDS)
    counts = [len(_reminders_to(fake, u)) for u in (world.member2, world.coordinator, world.admin)]
    fallback = [
        m
        for m in fake.messages_in(world.general)
        if m.interaction_id is None and "Vote today" in m.content
    ]
    assert (counts, [p.pings for p in fallback]) == (
        [1, 1, 0],
        [{f"user:{world.closed_dms.id}"}],
    )
