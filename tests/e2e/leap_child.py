"""Run a real LeapBot in its own process against a loopback fake Discord (for kill -9 tests).

    python tests/e2e/leap_child.py PORT DATABASE [CLOCK_OFFSET_SECONDS]

It points discord.py at the fake on 127.0.0.1:PORT, starts the bot on DATABASE with a clock
that runs CLOCK_OFFSET_SECONDS ahead of the real time (negative: behind), and writes
"LEAP-READY" on stdout once it is ready. The test kills it with SIGKILL, like a crash.
"""

from __future__ import annotations

import asyncio
import logging
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import discord
import yarl
from pydantic import SecretStr

FAKE_TOKEN = "RmFrZUxFQVBib3RUb2tlbg.ZmFrZQ.bm90LWEtcmVhbC1zaWduYXR1cmU"


class OffsetClock:
    """The real time, moved by a fixed offset."""

    def __init__(self, offset: timedelta) -> None:
        self.offset = offset

    def now(self) -> datetime:
        """The real time plus the offset, aware UTC."""
        return datetime.now(UTC) + self.offset


async def main(port: int, database: Path, offset: float) -> None:
    """Start the bot and run until killed."""
    from bot.app import LeapBot
    from bot.settings import Settings

    discord.http.Route.BASE = f"http://127.0.0.1:{port}/api/v10"
    discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(f"ws://127.0.0.1:{port}/gateway")
    settings = Settings(  # type: ignore[call-arg]
        _env_file=None,
        discord_token=SecretStr(FAKE_TOKEN),
        database_path=database,
        discord_guild_id=None,
        log_level="INFO",
    )
    bot = LeapBot(settings, clock=OffsetClock(timedelta(seconds=offset)))
    bot._connection.guild_ready_timeout = 0.05

    async def ready() -> None:
        sys.stdout.write("LEAP-READY\n")
        sys.stdout.flush()

    bot.add_listener(ready, "on_ready")
    async with bot:
        await bot.start(FAKE_TOKEN)


if __name__ == "__main__":
    logging.basicConfig(level=logging.WARNING, stream=sys.stderr)
    offset = float(sys.argv[3]) if len(sys.argv) > 3 else 0.0
    asyncio.run(main(int(sys.argv[1]), Path(sys.argv[2]), offset))
