"""Fixtures shared by the session end-to-end tests (a module may define its own instead)."""

from __future__ import annotations

from typing import Any

import pytest
from fakediscord.standard import StandardGuild
from helpers_sessions import make_bot, real_now

from bot.app import LeapBot
from bot.clock import ManualClock


@pytest.fixture
def clock() -> ManualClock:
    """A manual clock starting at the real time (Discord timestamps stay sensible)."""
    return ManualClock(real_now())


@pytest.fixture
async def bot(
    leap_settings: Any, start_bot: Any, world: StandardGuild, clock: ManualClock
) -> LeapBot:
    """A LeapBot on `clock` whose panel roles are already set."""
    return await make_bot(leap_settings, start_bot, world, clock)
