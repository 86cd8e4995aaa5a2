"""Answer Discord first during a burst: work waits until the interactions stop coming in.

When many members act at once (a poll opens, everyone posts), every interaction must be
acknowledged within Discord's 3 seconds, and as fast as a bare client would. Saving and
replying takes the event loop's time away from reading the next interactions, so a handler
that has already acknowledged ("thinking…") can `await bot.burst.passed()`: it waits until
no interaction has come in for a moment, then does its work. The acknowledgements of the
whole burst go out first; the results follow right after it.
"""

from __future__ import annotations

import asyncio

QUIET_SECONDS = 0.02  # no interaction for this long: the burst has passed
MAX_WAIT_SECONDS = 2.0  # never hold work longer than this, however long the burst


class Burst:
    """When the last interaction came in, and a way to wait until the burst has passed."""

    def __init__(self, quiet: float = QUIET_SECONDS, max_wait: float = MAX_WAIT_SECONDS) -> None:
        self._quiet = quiet
        self._max_wait = max_wait
        self._last = 0.0

    def seen(self) -> None:
        """An interaction came in now."""
        self._last = asyncio.get_running_loop().time()

    async def passed(self) -> None:
        """Wait until no interaction came in for a moment (at most MAX_WAIT_SECONDS)."""
        loop = asyncio.get_running_loop()
        give_up = loop.time() + self._max_wait
        while True:
            left = min(self._last + self._quiet, give_up) - loop.time()
            if left <= 0:
                return
            await asyncio.sleep(left)
