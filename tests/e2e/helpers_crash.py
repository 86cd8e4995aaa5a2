"""Helpers for crash tests, where the bot runs in its own process (tests/e2e/leap_child.py)."""

from __future__ import annotations

import asyncio
import os
import signal

from fakediscord import Driver
from fakediscord.standard import StandardGuild


class Child:
    """One bot process (tests/e2e/leap_child.py), for crash tests."""

    def __init__(self, process: asyncio.subprocess.Process) -> None:
        self.process = process

    def kill(self) -> None:
        """SIGKILL: the bot gets no chance to tidy up."""
        os.kill(self.process.pid, signal.SIGKILL)

    async def wait(self) -> int:
        """Wait until it has exited."""
        return await self.process.wait()


async def set_up_roles(driver: Driver, world: StandardGuild) -> None:
    """/setup roles by the server owner, as a new panel does first (the process has no test
    shortcut for it)."""
    r = await driver.slash(
        world.owner,
        "setup roles",
        coordinator=world.coordinator_role,
        member=world.member_role,
        admin=world.admin_role,
        within=10,
    )
    assert "coordinator" in r.text.lower(), r.text
