"""Benchmark: /mydata show for a member with 10,000 hours entries, 1,000 anonymous
contributions and 1,000 votes (target: the file built in under 1 s), and the question
/mydata erase asks, which finds what stays of the member's (target: under 1 s, not deferred).

Run: .venv/bin/python benchmarks/mydata.py [--entries 10000] [--contributions 1000] [--votes 1000]
It fills a fresh database through the storage modules' own tables (the member's rows plus as
many again for other members, so the queries must pick the member's out), then times
`bot.services.wellbeing.mydata.show`, the code behind /mydata show (the command defers first,
so Discord's 3 seconds are never at risk; this is the time until the file is ready).
"""

from __future__ import annotations

import argparse
import asyncio
import resource
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from bot.clock import ManualClock
from bot.services.anonymity import AnonSecret, anon_key
from bot.services.wellbeing import mydata
from storage.codec import dt_to_db
from storage.database import Database

GUILD = 1
MEMBER = 1001
OTHER = 1002
NOW = datetime(2027, 1, 2, 12, 0, tzinfo=UTC)
SECRET = AnonSecret(b"benchmark-secret-0123456789abcdef")


async def _has_table(db: Database, name: str) -> bool:
    async with db.read() as conn:
        found = await conn.fetchval(
            "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = ?", (name,)
        )
    return bool(found)


async def fill(db: Database, entries: int, contributions: int, votes: int) -> list[str]:
    """Store the member's data (and as much for another member); return what was filled."""
    stamp = dt_to_db(NOW)
    filled = [f"{entries:,} hours entries"]
    async with db.transaction() as conn:
        await conn.executemany(
            "INSERT INTO hours_entries (guild_id, member_id, activity, minutes, work_date, "
            "source, status, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (GUILD, who, "preparation", 30, "2026-06-01", "claim", "pending", who, stamp)
                for who in (MEMBER, OTHER)
                for _ in range(entries)
            ],
        )
        await conn.execute(
            "INSERT INTO sessions (guild_id, title, channel_id, starts_at, length_minutes, "
            "prep_minutes, status, created_by, created_at) "
            "VALUES (?, 'Bench', 5, ?, 60, 0, 'ended', 2, ?)",
            (GUILD, stamp, stamp),
        )
    if contributions and await _has_table(db, "contributions"):
        async with db.transaction() as conn:
            await conn.executemany(
                "INSERT INTO contributions (guild_id, number, session_id, pseudonym_key, letter, "
                "author_key, body, channel_id, message_id, created_at) "
                "VALUES (?, ?, 1, ?, ?, ?, ?, 5, ?, ?)",
                [
                    (
                        GUILD,
                        n + 1,
                        anon_key(SECRET, "pseudonym", GUILD, 1, who),
                        0 if who == MEMBER else 1,
                        anon_key(SECRET, "author", GUILD, who),
                        f"Contribution {n}",
                        10_000 + n,
                        stamp,
                    )
                    for n, who in enumerate([MEMBER, OTHER] * contributions)
                ],
            )
        filled.append(f"{contributions:,} contributions")
    if votes and await _has_table(db, "poll_votes"):
        async with db.transaction() as conn:
            for poll in range(1, votes + 1):
                await conn.execute(
                    "INSERT INTO polls (id, guild_id, channel_id, question, kind, created_by, "
                    "created_at) VALUES (?, ?, 5, ?, 'consensus', 2, ?)",
                    (poll, GUILD, f"Question {poll}?", stamp),
                )
                await conn.execute(
                    "INSERT INTO poll_options (poll_id, position, label) VALUES (?, 0, 'agree')",
                    (poll,),
                )
                await conn.executemany(
                    "INSERT INTO poll_votes (poll_id, voter_key, position) VALUES (?, ?, 0)",
                    [(poll, anon_key(SECRET, "vote", GUILD, poll, who)) for who in (MEMBER, OTHER)],
                )
        filled.append(f"{votes:,} votes")
    return filled


async def main(entries: int, contributions: int, votes: int) -> None:
    """Fill, then time /mydata show's service call three times."""
    with tempfile.TemporaryDirectory() as folder:
        db = await Database.open(Path(folder) / "bench.sqlite3")
        try:
            filled = await fill(db, entries, contributions, votes)
            print("filled for the member (and as much for another): " + ", ".join(filled))
            timings = []
            for _ in range(3):
                started = time.perf_counter()
                found = await mydata.show(
                    db, ManualClock(NOW), SECRET, member_id=MEMBER, guild_ids=[GUILD]
                )
                timings.append(time.perf_counter() - started)
            worst = max(timings)
            print(
                f"/mydata show: {found.total:,} records, {len(found.content) / 1e6:.1f} MB; "
                f"min {min(timings):.3f} s, max {worst:.3f} s  "
                f"target < 1 s: {'OK' if worst < 1 else 'SLOW'}"
            )
            asks = []
            for _ in range(3):
                started = time.perf_counter()
                await mydata.kept_stores(db, SECRET, guild_id=GUILD, member_id=MEMBER)
                asks.append(time.perf_counter() - started)
            print(  # /mydata erase answers at once (no defer), after finding what stays
                f"/mydata erase question (what stays of the member's): "
                f"min {min(asks):.3f} s, max {max(asks):.3f} s  "
                f"target < 1 s: {'OK' if max(asks) < 1 else 'SLOW'}"
            )
        finally:
            await db.close()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory: {peak:.0f} MB")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=10_000)
    parser.add_argument("--contributions", type=int, default=1_000)
    parser.add_argument("--votes", type=int, default=1_000)
    options = parser.parse_args()
    asyncio.run(main(options.entries, options.contributions, options.votes))
