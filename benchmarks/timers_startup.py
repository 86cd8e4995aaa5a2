"""Benchmark: start-up with 10,000 pending timers (target under 3 s, memory under 150 MB).

Run: .venv/bin/python benchmarks/timers_startup.py [--timers 10000]
It fills a fresh database, then times what start-up does with it: open the database
(migrations already applied) and rebuild the scheduler from the timers table.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import resource
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bot.clock import SystemClock
from bot.services.timers import TimerService
from storage.codec import dt_to_db
from storage.database import Database


async def fill(path: Path, count: int) -> None:
    """Store `count` pending timers spread over the next 30 days."""
    db = await Database.open(path)
    now = datetime.now(UTC)
    rows = [
        (
            1,
            "reminder",
            dt_to_db(now + timedelta(minutes=5 + n * 4)),
            json.dumps({"reminder_id": n}),
            dt_to_db(now),
        )
        for n in range(count)
    ]
    async with db.transaction() as conn:
        await conn.executemany(
            "INSERT INTO timers (guild_id, kind, due_at, payload, created_at) "
            "VALUES (?, ?, ?, ?, ?)",
            rows,
        )
    await db.close()


async def measure(path: Path) -> tuple[float, float, int]:
    """Seconds to open the database, seconds to rebuild timers, and the count."""
    started = time.perf_counter()
    db = await Database.open(path)
    opened = time.perf_counter()
    service = TimerService(db, SystemClock())
    service.register("reminder")
    count = await service.start()
    rebuilt = time.perf_counter()
    await service.stop()
    await db.close()
    return opened - started, rebuilt - opened, count


def main() -> None:
    """Fill, measure and print."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--timers", type=int, default=10_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench.sqlite3"
        asyncio.run(fill(path, args.timers))
        open_s, rebuild_s, count = asyncio.run(measure(path))
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"pending timers:        {count}")
    print(f"open database:         {open_s * 1000:.0f} ms")
    print(f"rebuild schedule:      {rebuild_s * 1000:.0f} ms")
    print(f"total (target < 3 s):  {open_s + rebuild_s:.2f} s")
    print(f"peak memory (RSS):     {peak_mb:.0f} MB (target < 150 MB)")


if __name__ == "__main__":
    main()
