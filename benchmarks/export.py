"""Benchmark: a payment run over 100,000 approved entries for 500 members.

Targets (issue 8, DESIGN.md section 9): the CSV run under 1 s; the workbook of the same run
under 10 s, built off the event loop; memory under 150 MB.

Run: .venv/bin/python benchmarks/export.py [--entries 100000] [--members 500] [--no-xlsx]
It fills a fresh database with a year of approved entries (rates, members with payment
preferences, one entry in 53 a correction taking 15 minutes off), then times
`bot.services.hours.payment_runs.create_run` (the code behind /hours export and
`python -m bot export-hours`): marking every entry with the run id, building the summary and
detail CSV files and storing them, in one transaction. Then it times building the workbook
the first time it is asked for, while a ticker on the event loop measures the longest
pause the loop saw (the workbook is built in a worker thread, so the bot keeps answering).
"""

from __future__ import annotations

import argparse
import asyncio
import random
import resource
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from bot.clock import ManualClock
from bot.services.hours import payment_runs as export
from storage.codec import dt_to_db
from storage.database import Database
from storage.hours import ACTIVITIES

GUILD = 1
NOW = datetime(2027, 1, 2, 12, 0, tzinfo=UTC)
RATES = {"meeting": 1500, "preparation": 1250, "review": 1250, "training": 1000}


async def fill(db: Database, entries: int, members: int) -> None:
    """Store rates, members and `entries` approved, unpaid entries over 2026."""
    rng = random.Random(5)
    stamp = dt_to_db(NOW)
    first = date(2026, 1, 1)
    rows = []
    for n in range(entries):
        correction = n % 53 == 52  # 53 and the member count share no factor
        minutes = -15 if correction else rng.choice((15, 30, 45, 60, 90, 120))
        activity = ACTIVITIES[n % 4]
        rate = RATES[activity]
        rows.append(
            (
                GUILD,
                1000 + n % members,
                activity,
                minutes,
                (first + timedelta(days=rng.randrange(365))).isoformat(),
                "adjustment" if correction else "claim",
                "approved",
                1000 + n % members,
                stamp,
                2,
                stamp,
                rate,
                minutes,
                (1 if minutes > 0 else -1) * ((2 * abs(minutes) * rate + 60) // 120),
            )
        )
    async with db.transaction() as conn:
        for activity, pence in RATES.items():
            await conn.execute(
                "INSERT INTO rates (guild_id, activity, pence_per_hour, effective_from, "
                "created_at) VALUES (?, ?, ?, '2025-01-01', ?)",
                (GUILD, activity, pence, stamp),
            )
        await conn.executemany(
            "INSERT INTO members (guild_id, member_id, display_name, payment_method, payee_name, "
            "receives_benefits, public_sector, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (
                    GUILD,
                    1000 + m,
                    f"member{m}",
                    ("bank", "voucher", "decline")[m % 3],
                    f"Payee {m}",
                    m % 7 == 0,
                    m % 11 == 0,
                    stamp,
                )
                for m in range(members)
            ],
        )
        await conn.executemany(
            "INSERT INTO hours_entries (guild_id, member_id, activity, minutes, work_date, "
            "source, status, created_by, created_at, decided_by, decided_at, "
            "rate_pence_per_hour, paid_minutes, amount_pence) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            rows,
        )


async def main(entries: int, members: int, xlsx: bool) -> None:
    """Fill, then time one export."""
    with tempfile.TemporaryDirectory() as folder:
        db = await Database.open(Path(folder) / "bench.sqlite3")
        try:
            started = time.perf_counter()
            await fill(db, entries, members)
            print(
                f"filled {entries:,} entries for {members} members in "
                f"{time.perf_counter() - started:.2f} s"
            )
            started = time.perf_counter()
            result = await export.create_run(
                db,
                ManualClock(NOW),
                guild_id=GUILD,
                actor_id=1,
                period_from=date(2026, 1, 1),
                period_to=date(2026, 12, 31),
            )
            took = time.perf_counter() - started
            sizes = ", ".join(f"{f.name} {len(f.content) / 1e6:.1f} MB" for f in result.files)
            print(
                f"export (CSV): {took:.3f} s for {result.run.entry_count:,} entries, "
                f"{result.people} members ({sizes})  target < 1 s: {'OK' if took < 1 else 'SLOW'}"
            )
            started = time.perf_counter()
            again = await export.run_files(db, guild_id=GUILD, run_id=result.run.id)
            print(
                f"re-download (CSV): {time.perf_counter() - started:.3f} s "
                f"(identical: {again.files == result.files})"
            )
            if xlsx:
                pauses: list[float] = []
                done = asyncio.Event()

                async def ticker() -> None:
                    last = time.perf_counter()
                    while not done.is_set():
                        await asyncio.sleep(0.005)
                        now = time.perf_counter()
                        pauses.append(now - last - 0.005)
                        last = now

                ticking = asyncio.create_task(ticker())
                started = time.perf_counter()
                book = await export.run_files(db, guild_id=GUILD, run_id=result.run.id, fmt="xlsx")
                took = time.perf_counter() - started
                done.set()
                await ticking
                size = len(book.files[-1].content) / 1e6
                print(
                    f"first workbook (XLSX): {took:.3f} s ({size:.1f} MB)"
                    f"  target < 10 s: {'OK' if took < 10 else 'SLOW'}; the event loop's longest "
                    f"pause meanwhile: {max(pauses) * 1000:.0f} ms"
                )
        finally:
            await db.close()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory: {peak:.0f} MB  target < 150 MB: {'OK' if peak < 150 else 'HIGH'}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=100_000)
    parser.add_argument("--members", type=int, default=500)
    parser.add_argument("--no-xlsx", action="store_true", help="leave out the workbook")
    args = parser.parse_args()
    asyncio.run(main(args.entries, args.members, not args.no_xlsx))
