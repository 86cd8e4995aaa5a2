"""The hours review with 5,000 entries waiting, through the loopback fake Discord.

Measures, for the real LeapBot on a temporary database holding 5,000 pending entries
(200 members, 50 sessions, some entries with no rate and so not approvable):

* `/hours review` (no filter, and filtered by a member): INTERACTION_CREATE sent ->
  callback received (target: well inside Discord's 3 seconds);
* "Next", page after page: the same, for the button that shows the next page;
* bot time per page: the service (`review.show`: count, page query, per-entry checks)
  plus building the message, in-process, without Discord (target: under 100 ms).

    .venv/bin/python benchmarks/review.py
    .venv/bin/python benchmarks/review.py --entries 20000 --pages 50
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import math
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "tests"), str(ROOT)]

from fakediscord import BotRunner, Driver, FakeDiscord  # noqa: E402
from fakediscord.harness import FAKE_TOKEN  # noqa: E402
from fakediscord.standard import build_standard_guild  # noqa: E402
from pydantic import SecretStr  # noqa: E402

from bot.app import LeapBot  # noqa: E402
from bot.services import panel_settings  # noqa: E402
from bot.services.hours import payment_settings as payments  # noqa: E402
from bot.services.hours import review  # noqa: E402
from bot.settings import Settings  # noqa: E402
from bot.ui.hours_review import review_message  # noqa: E402
from storage import hours as ledger  # noqa: E402
from storage import members  # noqa: E402
from storage import sessions as sessions_repo  # noqa: E402


def _ms(values: list[float]) -> str:
    ordered = sorted(values)
    p99 = ordered[max(0, math.ceil(0.99 * len(ordered)) - 1)]
    return (
        f"median {statistics.median(values) * 1000:7.1f} ms   p99 {p99 * 1000:7.1f} ms   "
        f"max {max(values) * 1000:7.1f} ms"
    )


async def _fill(bot: LeapBot, guild_id: int, coordinator: int, count: int) -> None:
    """`count` pending entries: attendance for 50 sessions and claims, 1 in 20 with no rate."""
    now = bot.clock.now()
    today = now.date()
    async with bot.db.transaction() as conn:
        session_ids = []
        for n in range(50):
            session = await sessions_repo.insert(
                conn,
                guild_id=guild_id,
                title=f"Panel {n}",
                channel_id=1,
                starts_at=now - timedelta(days=50 - n),
                length_minutes=60,
                prep_minutes=0,
                agenda=None,
                content_note=None,
                created_by=coordinator,
                now=now,
            )
            session_ids.append(session.id)
        for n in range(count):
            member = 10_000 + n % 200
            old = n % 20 == 0  # before any rate: not approvable until an admin adds one
            await ledger.insert(
                conn,
                guild_id=guild_id,
                member_id=member,
                activity="preparation" if n % 3 else "meeting",
                minutes=15 + n % 120,
                work_date=date(2024, 12, 1) if old else today - timedelta(days=n % 60),
                source="claim",
                created_by=member,
                now=now - timedelta(seconds=count - n),
                session_id=session_ids[n % 50] if n % 2 else None,
                note="Reading the papers" if n % 7 == 0 else None,
            )


async def main_async(args: argparse.Namespace) -> int:
    """Fill the database, then time the review command and its pages."""
    fake = FakeDiscord()
    fake.validate_bodies = False  # the fake's own schema work is not the bot's time
    await fake.start()
    world = build_standard_guild(fake)
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(  # type: ignore[call-arg]
            _env_file=None,
            discord_token=SecretStr(FAKE_TOKEN),
            database_path=Path(tmp) / "leap.sqlite3",
            discord_guild_id=None,
            log_level="WARNING",
        )
        bot = LeapBot(settings)
        runner = BotRunner(fake, bot)
        await runner.start()
        try:
            guild_id = world.guild.id
            await panel_settings.set_roles(
                bot.db,
                bot.clock,
                guild_id=guild_id,
                actor_id=world.owner.id,
                coordinator_role_id=world.coordinator_role.id,
                member_role_id=world.member_role.id,
                admin_role_id=world.admin_role.id,
            )
            async with bot.db.transaction() as conn:
                await members.set_consent(conn, guild_id, world.coordinator.id, bot.clock.now())
            for activity in ("meeting", "preparation"):
                await payments.set_rate(
                    bot.db,
                    bot.clock,
                    guild_id=guild_id,
                    actor_id=world.owner.id,
                    activity=activity,
                    pounds_per_hour="12",
                    from_date="2025-01-01",
                )
            started = time.perf_counter()
            await _fill(bot, guild_id, world.coordinator.id, args.entries)
            print(f"filled {args.entries} pending entries in {time.perf_counter() - started:.1f} s")
            driver = Driver(fake, world.guild, world.general)

            opened: list[float] = []
            for _ in range(args.repeat):
                result = await driver.slash(world.coordinator, "hours review")
                opened.append(result.latency)
            filtered: list[float] = []
            for _ in range(args.repeat):
                result = await driver.slash(world.coordinator, "hours review", member=world.member)
                filtered.append(result.latency)

            page = await driver.slash(world.coordinator, "hours review")
            nexts: list[float] = []
            for _ in range(args.pages):
                clicked = await driver.click(world.coordinator, page, label="Next")
                nexts.append(clicked.latency)

            view_id = int(
                next(
                    c["custom_id"]
                    for row in page.message.components
                    for c in row["components"]
                    if c.get("label") == "Next"
                ).split(":")[2]
            )
            bot_time: list[float] = []
            step = review.PAGE_SIZE
            for n in range(args.pages):
                offset = (n * 97 * step) % args.entries  # pages all over the queue
                begin = time.perf_counter()
                shown = await review.show(bot.db, guild_id=guild_id, view_id=view_id, offset=offset)
                review_message(shown)
                bot_time.append(time.perf_counter() - begin)
            last = await review.show(
                bot.db, guild_id=guild_id, view_id=view_id, offset=args.entries
            )
        finally:
            await runner.stop()
            await fake.stop()
    print(f"last page: entries {last.first} to {last.last} of {last.total}")
    print(f"/hours review (interaction -> answer)          {_ms(opened)}")
    print(f"/hours review member:... (interaction -> answer) {_ms(filtered)}")
    print(f"Next page (interaction -> answer)               {_ms(nexts)}")
    print(f"one page, bot time (service + message)          {_ms(bot_time)}")
    worst = max(max(opened), max(filtered), max(nexts))
    return 0 if worst < 3.0 and max(bot_time) < 0.1 else 1


def main() -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=5000, help="pending entries to fill")
    parser.add_argument("--pages", type=int, default=30, help="pages to step through")
    parser.add_argument("--repeat", type=int, default=20, help="times to open the review")
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    for noisy in ("discord", "fakediscord"):
        logging.getLogger(noisy).setLevel(logging.ERROR)
    return asyncio.run(main_async(args))


if __name__ == "__main__":
    raise SystemExit(main())
