"""Benchmark: reminders at scale, through the real LeapBot and the loopback fake Discord.

Run: .venv/bin/python benchmarks/reminders.py [--pending 10000] [--burst 500]

1. Start-up with `--pending` reminders waiting (spread over the next 30 days): the time from
   starting the LeapBot (database opened, cogs loaded, timers rebuilt from the table) until it
   is ready, and the process's peak memory (RSS; it includes the fake Discord, which runs in
   the same process). Targets (DESIGN.md §9): under 3 s, under 150 MB.
2. `--burst` personal reminders, one per member, all due in the same second: the time from
   their due moment until the last direct message reached the fake, the most requests to
   Discord in any one-second window (its global limit is 50 a second), and how many 429s.
   Target: all delivered inside that minute, without a 429 storm.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import resource
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "tests"), str(ROOT)]

from fakediscord import BotRunner, FakeDiscord  # noqa: E402
from fakediscord.harness import FAKE_TOKEN  # noqa: E402
from fakediscord.standard import build_standard_guild  # noqa: E402
from pydantic import SecretStr  # noqa: E402

from bot.app import LeapBot  # noqa: E402
from bot.services.reminders.delivery import TIMER_KIND  # noqa: E402
from bot.settings import Settings  # noqa: E402
from storage.codec import dt_to_db  # noqa: E402
from storage.database import Database  # noqa: E402


def _settings(path: Path) -> Settings:
    return Settings(  # type: ignore[call-arg]
        _env_file=None,
        discord_token=SecretStr(FAKE_TOKEN),
        database_path=path,
        discord_guild_id=None,
        log_level="WARNING",
    )


async def fill(path: Path, guild_id: int, owners: list[int], due: list[datetime]) -> None:
    """Store one pending personal reminder (and its timer) per due time, owners in turn."""
    db = await Database.open(path)
    now = dt_to_db(datetime.now(UTC))
    async with db.transaction() as conn:
        await conn.executemany(
            "INSERT INTO reminders (id, guild_id, kind, owner_id, channel_id, text, due_at, "
            "timezone, timer_id, created_at) VALUES (?, ?, 'personal', ?, NULL, ?, ?, "
            "'Europe/London', ?, ?)",
            [
                (
                    n + 1,
                    guild_id,
                    owners[n % len(owners)],
                    f"Reminder {n}",
                    dt_to_db(when),
                    n + 1,
                    now,
                )
                for n, when in enumerate(due)
            ],
        )
        await conn.executemany(
            "INSERT INTO timers (id, guild_id, kind, due_at, payload, created_at) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            [
                (
                    n + 1,
                    guild_id,
                    TIMER_KIND,
                    dt_to_db(when),
                    json.dumps({"reminder_id": n + 1}),
                    now,
                )
                for n, when in enumerate(due)
            ],
        )
    await db.close()


async def start_up(pending: int) -> tuple[float, float]:
    """Seconds from start to ready with `pending` reminders waiting; peak RSS in MB."""
    fake = FakeDiscord()
    fake.validate_bodies = False
    await fake.start()
    world = build_standard_guild(fake)
    now = datetime.now(UTC)
    due = [now + timedelta(minutes=5) + timedelta(seconds=n * 259) for n in range(pending)]
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "leap.sqlite3"
        await fill(path, world.guild.id, [world.member.id], due)
        runner = BotRunner(fake, LeapBot(_settings(path)))
        started = time.perf_counter()
        await runner.start(within=30)
        ready = time.perf_counter() - started
        await runner.stop()
    await fake.stop()
    return ready, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


async def burst(count: int) -> tuple[int, float, int, int]:
    """Delivered, seconds from due to the last DM, busiest second, 429 answers."""
    fake = FakeDiscord()
    fake.validate_bodies = False
    await fake.start()
    world = build_standard_guild(fake)
    users = [fake.add_user(f"member{n}") for n in range(count)]
    for user in users:
        fake.add_member(world.guild, user, [world.member_role])
    due_at = (datetime.now(UTC) + timedelta(seconds=8)).replace(microsecond=0)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "leap.sqlite3"
        await fill(path, world.guild.id, [u.id for u in users], [due_at] * count)
        runner = BotRunner(fake, LeapBot(_settings(path)))
        await runner.start(within=30)
        first_request = len(fake.requests)
        first_message = len(fake.created_messages)
        wait = (due_at - datetime.now(UTC)).total_seconds()
        await asyncio.sleep(max(0.0, wait))
        due_mono = time.monotonic()
        deadline = due_mono + 90
        last = deadline
        while time.monotonic() < deadline:
            if len(fake.created_messages) - first_message >= count:
                last = time.monotonic()
                break
            await asyncio.sleep(0.05)
        delivered = sum(1 for u in users if fake.dms_to(u))
        requests = fake.requests[first_request:]
        await runner.stop()
    await fake.stop()
    times = sorted(r.at for r in requests)
    busiest, start = 0, 0
    for end, moment in enumerate(times):  # the most requests in any one-second window
        while moment - times[start] >= 1.0:
            start += 1
        busiest = max(busiest, end - start + 1)
    limited = sum(1 for r in requests if r.status == 429)
    return delivered, last - due_mono, busiest, limited


def main() -> None:
    """Run both parts and print the numbers."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--pending", type=int, default=10_000)
    parser.add_argument("--burst", type=int, default=500)
    args = parser.parse_args()
    ready, peak = asyncio.run(start_up(args.pending))
    print(f"pending reminders:          {args.pending}")
    print(f"start to ready:             {ready:.2f} s (target < 3 s)")
    print(f"peak memory (RSS, + fake):  {peak:.0f} MB (target < 150 MB)")
    delivered, took, busiest, limited = asyncio.run(burst(args.burst))
    print(f"reminders due at once:      {args.burst}")
    print(f"delivered:                  {delivered}")
    print(f"due to last DM:             {took:.1f} s (target < 60 s)")
    print(f"busiest second:             {busiest} requests (Discord allows 50)")
    print(f"429 answers:                {limited}")


if __name__ == "__main__":
    main()
