"""Benchmark: thank-you DMs of a session end while one member's DMs keep failing.

    .venv/bin/python benchmarks/notices.py [--members 50] [--failing 1] [--status 500]

Starts the loopback fake Discord and the real LeapBot, puts `--members` panel members in the
session's voice channel, makes Discord answer `--status` to every DM to `--failing` of them
(for the whole run), ends the session and times how long until every other member has their
thank-you DM. Target (issue 16): 49 of 50 within 10 seconds. It also reports how many DM
requests the failing members cost and whether any 429 was answered.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "tests"), str(ROOT)]

from fakediscord import BotRunner, Driver, FakeDiscord  # noqa: E402
from fakediscord.harness import FAKE_TOKEN  # noqa: E402
from fakediscord.standard import build_standard_guild  # noqa: E402
from pydantic import SecretStr  # noqa: E402

from bot.app import LeapBot  # noqa: E402
from bot.settings import Settings  # noqa: E402


def _thanked(fake: FakeDiscord, user: Any) -> bool:
    return any("Thank you for coming" in m.content for m in fake.dms_to(user))


async def run(members: int, failing: int, status: int) -> int:
    """Run the scenario once; print the numbers; return 0 when every other member was thanked."""
    fake = FakeDiscord()
    fake.validate_bodies = False  # the fake's own checks are not the bot's time
    await fake.start()
    world = build_standard_guild(fake)
    people = [fake.add_user(f"member{n}") for n in range(members)]
    for user in people:
        fake.add_member(world.guild, user, [world.member_role])
    for user in people[:failing]:
        fake.fail(
            "POST",
            f"/channels/{fake.dm_channel(user).id}/messages",
            status=status,
            code=0,
            message="Internal Server Error",
            count=10**6,
        )
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(  # type: ignore[call-arg]
            _env_file=None,
            discord_token=SecretStr(FAKE_TOKEN),
            database_path=Path(tmp) / "leap.sqlite3",
            discord_guild_id=None,
            log_level="WARNING",
        )
        runner = BotRunner(fake, LeapBot(settings))
        await runner.start()
        driver = Driver(fake, world.guild, world.general)
        try:
            await driver.slash(
                world.owner,
                "setup roles",
                coordinator=world.coordinator_role,
                member=world.member_role,
            )
            planned = await driver.slash(
                world.coordinator,
                "session schedule",
                title="Benchmark panel",
                when="in 2 hours",
                length=60,
                channel=world.panel_voice,
            )
            await planned.wait_response()
            for user in people:
                await driver.join_voice(user, world.panel_voice)
            await driver.settle()
            started = await driver.slash(world.coordinator, "session start", session="1")
            await started.wait_response()
            others = people[failing:]
            began = time.perf_counter()
            ended = await driver.slash(world.coordinator, "session end", session="1")
            await ended.wait_response()
            try:
                await fake.wait_until(lambda: all(_thanked(fake, u) for u in others), 60.0)
            except TimeoutError:
                pass
            took = time.perf_counter() - began
            done = sum(_thanked(fake, u) for u in others)
            dm_channels = {fake.dm_channel(u).id for u in people[:failing]}
            tries = sum(
                1
                for r in fake.requests
                if r.method == "POST"
                and any(r.path == f"/channels/{c}/messages" for c in dm_channels)
            )
            limited = sum(1 for r in fake.requests if r.status == 429)
        finally:
            await runner.stop()
            await fake.stop()
    print(f"members:                         {members} ({failing} failing with {status})")
    print(f"others thanked:                  {done} of {len(others)}")
    print(f"all others thanked in:           {took:.2f} s (target < 10 s)")
    print(f"DM requests to failing members:  {tries} (then retried later from a timer)")
    print(f"429 answers:                     {limited}")
    return 0 if done == len(others) else 1


def main() -> int:
    """Parse options and run."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--members", type=int, default=50)
    parser.add_argument("--failing", type=int, default=1)
    parser.add_argument("--status", type=int, default=500)
    args = parser.parse_args()
    logging.basicConfig(level=logging.ERROR)
    return asyncio.run(run(args.members, args.failing, args.status))


if __name__ == "__main__":
    sys.exit(main())
