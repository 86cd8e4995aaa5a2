"""Interaction acknowledgement latency through the loopback fake Discord.

Measures the time from sending INTERACTION_CREATE on the gateway to receiving the
interaction callback over REST, for 200 sequential and 200 simultaneous interactions, for
a bot under test and for the floor (a bare discord.Client that only defers). See README.md.

    .venv/bin/python benchmarks/interactions.py                # trivial commands.Bot vs floor
    .venv/bin/python benchmarks/interactions.py --bot leap     # the real LeapBot's /help vs floor
    .venv/bin/python benchmarks/interactions.py --bot here     # distinct members press "I'm here"
    .venv/bin/python benchmarks/interactions.py --bot vote     # distinct members vote on a poll
    .venv/bin/python benchmarks/interactions.py --bot contribute  # members post anonymously
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import dataclasses
import gc
import itertools
import logging
import math
import statistics
import sys
import tempfile
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "tests"), str(ROOT)]

import discord  # noqa: E402
from discord import app_commands  # noqa: E402
from discord.ext import commands  # noqa: E402
from fakediscord import BotRunner, Driver, FakeDiscord, HarnessError  # noqa: E402
from fakediscord.harness import FAKE_TOKEN  # noqa: E402
from fakediscord.standard import StandardGuild, build_standard_guild  # noqa: E402

WARM_UP = 20
PING_COMMAND = {
    "name": "ping",
    "description": "Answer privately",
    "type": 1,
    "options": [],
}


@dataclass
class Scenario:
    """A bot to measure and the command a member runs on it."""

    name: str
    make_bot: Callable[[Path], discord.Client]
    command: str
    inject_command: bool = False  # the bot does not sync; put the command in the fake
    # For scenarios where each interaction needs its own member and some set-up first:
    # populate the guild before the bot starts, then prepare returns one interaction's act.
    members: int = 0
    prepare: Callable[[Driver, StandardGuild], Awaitable[Act]] | None = None
    # Printed after the simultaneous run (given the driver and when the burst started).
    after: Callable[[Driver, float], Awaitable[None]] | None = None
    # The floor to compare with: the same kind of event, only acknowledged.
    floor: str = "floor"
    # Waits until the bot's after-work (e.g. channel posts) is done before each timed run,
    # so a run does not pay for the posts of the run before it.
    settle: Callable[[Driver, StandardGuild], Awaitable[None]] | None = None


Act = Callable[[Any], Awaitable[float | None]]
SHOWN: list[float] = []  # "I'm here": seconds until each member sees the saved result


@dataclass
class Stats:
    """Latencies of one run, in seconds."""

    latencies: list[float]
    failures: int
    wall: float

    @property
    def median(self) -> float:
        """The median latency."""
        return statistics.median(self.latencies)

    @property
    def p99(self) -> float:
        """The 99th percentile latency (nearest rank)."""
        ordered = sorted(self.latencies)
        return ordered[max(0, math.ceil(0.99 * len(ordered)) - 1)]


class PingCog(commands.Cog):
    """The trivial command: an ephemeral reply."""

    @app_commands.command(description="Answer privately")
    async def ping(self, interaction: discord.Interaction) -> None:
        """Reply 'pong' ephemerally."""
        await interaction.response.send_message("pong", ephemeral=True)


class TrivialBot(commands.Bot):
    """A commands.Bot with one slash command, synced in setup_hook."""

    def __init__(self) -> None:
        super().__init__(command_prefix=commands.when_mentioned, intents=discord.Intents.default())

    async def setup_hook(self) -> None:
        """Add the cog and sync."""
        await self.add_cog(PingCog())
        await self.tree.sync()


class FloorClient(discord.Client):
    """The floor: a bare client that only acknowledges each interaction with a deferral."""

    async def on_interaction(self, interaction: discord.Interaction) -> None:
        """Defer, nothing else."""
        await interaction.response.defer(ephemeral=True)


def _trivial(_: Path) -> discord.Client:
    return TrivialBot()


def _floor(_: Path) -> discord.Client:
    return FloorClient(intents=discord.Intents.default())


def _leap(tmp: Path) -> discord.Client:
    from pydantic import SecretStr

    from bot.app import LeapBot
    from bot.settings import Settings

    settings = Settings(  # type: ignore[call-arg]
        _env_file=None,
        discord_token=SecretStr(FAKE_TOKEN),
        database_path=tmp / "leap.sqlite3",
        discord_guild_id=None,
        log_level="WARNING",
    )
    return LeapBot(settings)


async def _all_agreed(driver: Driver, world: StandardGuild) -> None:
    """Every member has already agreed to what the bot keeps (as after their first use), so
    a press measures the press, not the consent question that comes once before it."""
    from bot.app import LeapBot
    from storage import members

    bot = next(c for c in driver.fake.clients if isinstance(c, LeapBot))
    async with bot.db.transaction() as conn:
        for user_id in driver.fake.guilds[world.guild.id].members:
            await members.set_consent(conn, world.guild.id, user_id, bot.clock.now())


async def _prepare_here(driver: Driver, world: StandardGuild) -> Act:
    """Set roles, plan and start a session; each act is one member pressing "I'm here"."""
    await driver.slash(
        world.owner, "setup roles", coordinator=world.coordinator_role, member=world.member_role
    )
    await _all_agreed(driver, world)
    planned = await driver.slash(
        world.coordinator,
        "session schedule",
        title="Benchmark panel",
        when="in 2 hours",
        length=60,
        channel=world.general,
    )
    await planned.wait_response()
    session = 1  # the first session in a fresh database
    started = await driver.slash(world.coordinator, "session start", session=str(session))
    await started.wait_response()
    card = next(
        m
        for m in reversed(driver.fake.messages_in(world.general))
        if any(
            c.get("custom_id") == f"leap:session:{session}:here"
            for row in m.components
            for c in row.get("components", [])
        )
    )

    async def press(user: Any) -> float | None:
        started = time.perf_counter()
        try:
            result = await driver.click(
                user, card, custom_id=f"leap:session:{session}:here", within=10.0
            )
            if result.deferred:  # the answer follows once the press is saved
                await result.wait_response(within=10.0)
        except HarnessError as exc:
            logging.getLogger("benchmark").warning("failed: %s", exc)
            return None
        SHOWN.append(time.perf_counter() - started)
        return result.latency

    return press


POLL_CARD: list[int] = []  # the poll message of the vote scenario
POLL_SHAPE: dict[str, Any] = {}  # its embeds and buttons, for the floor to press the same


async def _prepare_vote(driver: Driver, world: StandardGuild) -> Act:
    """Set roles and open a secret consensus poll; each act is one member pressing Agree."""
    await driver.slash(
        world.owner, "setup roles", coordinator=world.coordinator_role, member=world.member_role
    )
    made = await driver.slash(
        world.coordinator, "poll create", question="Shall we meet on Zoom?", type="consensus"
    )
    await made.wait_response()
    card = next(
        m
        for m in reversed(driver.fake.messages_in(world.general))
        if any(
            str(c.get("custom_id", "")).endswith(":vote:agree")
            for row in m.components
            for c in row.get("components", [])
        )
    )
    POLL_CARD[:] = [card.id]
    POLL_SHAPE.update(embeds=card.embeds, components=card.components)
    agree = next(
        c["custom_id"]
        for row in card.components
        for c in row.get("components", [])
        if str(c.get("custom_id", "")).endswith(":vote:agree")
    )

    async def press(user: Any) -> float | None:
        started = time.perf_counter()
        try:
            result = await driver.click(user, card, custom_id=agree, within=10.0)
            if result.deferred:  # the receipt follows once the vote is saved
                await result.wait_followup(within=10.0)
        except HarnessError as exc:
            logging.getLogger("benchmark").warning("failed: %s", exc)
            return None
        SHOWN.append(time.perf_counter() - started)
        return result.latency

    return press


async def _prepare_vote_floor(driver: Driver, world: StandardGuild) -> Act:
    """The floor presses Agree on a message shaped like the bot's poll (same embed, same
    buttons), so both receive the same events; the floor only acknowledges them."""
    from fakediscord.messages import create_message

    card = create_message(
        driver.fake,
        world.general,
        driver.fake.bot_user,
        {"embeds": POLL_SHAPE["embeds"], "components": POLL_SHAPE["components"]},
        [],
    )
    agree = next(
        c["custom_id"]
        for row in card.components
        for c in row.get("components", [])
        if str(c.get("custom_id", "")).endswith(":vote:agree")
    )

    async def press(user: Any) -> float | None:
        try:
            result = await driver.click(user, card, custom_id=agree, within=10.0)
        except HarnessError as exc:
            logging.getLogger("benchmark").warning("failed: %s", exc)
            return None
        return result.latency

    return press


POSTED: list[float] = []  # /contribute: seconds until every post showed in the channel


def _posts(driver: Driver, world: StandardGuild) -> int:
    return sum(
        m.content.startswith("**Contributor") for m in driver.fake.messages_in(world.general)
    )


def _receipts(driver: Driver) -> int:
    """How many receipts were given so far (each is one stored contribution)."""
    return sum(
        "Nobody, not even the coordinators" in m.content
        for m in driver.fake.messages.values()
        if m.flags & 64
    )


ANSWERED: list[Any] = []  # /contribute results of the current run, to find their receipts


def _receipts_at(driver: Driver, results: list[Any]) -> list[float | None]:
    """When each member's receipt reached Discord: the answer itself, or the follow-up that
    fills in "thinking…" (None while it has not come)."""
    first: dict[str, float] = {}
    for record in driver.fake.requests:
        if record.method in ("POST", "PATCH") and record.path.startswith("/webhooks/"):
            token = record.path.split("/")[3]
            first.setdefault(token, record.at)
    return [
        r.interaction.responded_at if not r.deferred else first.get(r.interaction.token)
        for r in results
    ]


async def _after_contribute(driver: Driver, burst_started: float) -> None:
    """How long until each member of the burst had their receipt."""
    burst = [r for r in ANSWERED if r.interaction.dispatched_at >= burst_started]
    await driver.fake.wait_until(lambda: None not in _receipts_at(driver, burst), 30.0)
    at = _receipts_at(driver, burst)
    waits = [t - r.interaction.dispatched_at for t, r in zip(at, burst, strict=True) if t]
    shown = Stats(waits, 0, 0.0)
    print(
        f"simultaneous: receipt shown to the member (after the write): median "
        f"{_ms(shown.median).strip()}, p99 {_ms(shown.p99).strip()}"
    )


CONTRIBUTE_TEXT = "The leaflet uses long words. Could it say the same thing more plainly?"


async def _prepare_contribute_floor(driver: Driver, world: StandardGuild) -> Act:
    """The floor gets the same /contribute events from the same crowd (a command shaped like
    the bot's, put in the fake), and only acknowledges them."""
    shape = {
        "name": "contribute",
        "description": "Say something without your name on it",
        "type": 1,
        "options": [{"type": 3, "name": "text", "description": "What", "required": False}],
    }
    driver.fake.global_commands.append({"id": str(driver.fake.ids.next()), **shape})

    async def post(user: Any) -> float | None:
        try:
            result = await driver.slash(user, "contribute", text=CONTRIBUTE_TEXT, within=10.0)
        except HarnessError as exc:
            logging.getLogger("benchmark").warning("failed: %s", exc)
            return None
        return result.latency

    return post


async def _settle_contribute(driver: Driver, world: StandardGuild) -> None:
    """Wait until every contribution so far is posted in the channel."""
    started = time.perf_counter()
    await asyncio.sleep(0.2)  # let the last commits wake the notifier
    target = _receipts(driver)
    await driver.fake.wait_until(lambda: _posts(driver, world) >= target, 120.0)
    POSTED.append(time.perf_counter() - started)


async def _prepare_contribute(driver: Driver, world: StandardGuild) -> Act:
    """Set roles, plan and start a session here; each act is one member's /contribute."""
    await driver.slash(
        world.owner, "setup roles", coordinator=world.coordinator_role, member=world.member_role
    )
    planned = await driver.slash(
        world.coordinator,
        "session schedule",
        title="Benchmark panel",
        when="in 10 minutes",
        length=60,
        channel=world.general,
    )
    await planned.wait_response()
    started = await driver.slash(world.coordinator, "session start", session="1")
    await started.wait_response()

    async def post(user: Any) -> float | None:
        try:
            result = await driver.slash(user, "contribute", text=CONTRIBUTE_TEXT, within=10.0)
        except HarnessError as exc:
            logging.getLogger("benchmark").warning("failed: %s", exc)
            return None
        # The receipt is looked up after the burst (_after_contribute): waiting for it here
        # would make the harness re-check 200 waiters after every request, in the same loop.
        ANSWERED.append(result)
        return result.latency

    return post


async def _after_vote(driver: Driver, burst_started: float) -> None:
    """How often the poll message was edited during and after the burst (turnout line)."""
    await asyncio.sleep(2.5)  # the last throttled edit
    times = [
        e.at
        for e in driver.fake.edits
        if POLL_CARD and e.message_id == POLL_CARD[0] and e.at >= burst_started
    ]
    gaps = [b - a for a, b in itertools.pairwise(times)]
    shortest = f"{min(gaps):.2f} s" if gaps else "n/a"
    print(
        f"simultaneous: poll message edited {len(times)} times for the burst "
        f"(shortest gap between edits {shortest})"
    )


SCENARIOS = {
    "commands": Scenario("commands.Bot /ping (ephemeral reply)", _trivial, "ping"),
    "leap": Scenario("LeapBot /help", _leap, "help"),
    "here": Scenario(
        'LeapBot "I\'m here" (a write each)',
        _leap,
        "",
        members=2 * 200 + WARM_UP,
        prepare=_prepare_here,
    ),
    "vote": Scenario(
        "LeapBot poll vote (a write each)",
        _leap,
        "",
        members=2 * 200 + WARM_UP,
        prepare=_prepare_vote,
        after=_after_vote,
        floor="vote-floor",
    ),
    "contribute": Scenario(
        "LeapBot /contribute (a write and a channel post each)",
        _leap,
        "",
        members=2 * 200 + WARM_UP,
        prepare=_prepare_contribute,
        settle=_settle_contribute,
        after=_after_contribute,
        floor="contribute-floor",
    ),
    "contribute-floor": Scenario(
        "floor: bare Client, defers the same /contribute",
        _floor,
        "",
        members=2 * 200 + WARM_UP,
        prepare=_prepare_contribute_floor,
    ),
    "vote-floor": Scenario(
        "floor: bare Client, defers the same presses",
        _floor,
        "",
        members=2 * 200 + WARM_UP,
        prepare=_prepare_vote_floor,
    ),
    "floor": Scenario("floor: bare Client, defer only", _floor, "ping", inject_command=True),
}


@contextlib.asynccontextmanager
async def running(
    scenario: Scenario, *, validate: bool = False
) -> AsyncIterator[tuple[Driver, StandardGuild]]:
    """A fresh fake and world with the scenario's bot started."""
    fake = FakeDiscord()
    # Schema validation is the fake's own work (about 1 ms for an embed, far less for a
    # bare defer), so it would charge the bot for the fake's costs; tests keep it on.
    fake.validate_bodies = validate
    await fake.start()
    world = build_standard_guild(fake)
    for n in range(scenario.members):
        fake.add_member(world.guild, fake.add_user(f"member{n}"), [world.member_role])
    if scenario.inject_command:
        fake.global_commands.append({"id": str(fake.ids.next()), **PING_COMMAND})
    with tempfile.TemporaryDirectory() as tmp:
        runner = BotRunner(fake, scenario.make_bot(Path(tmp)))
        await runner.start()
        try:
            yield Driver(fake, world.guild, world.general), world
        finally:
            await runner.stop()
            await fake.stop()
    fake.assert_clean()


async def _one(driver: Driver, user: Any, command: str) -> float | None:
    try:
        result = await driver.slash(user, command, within=10.0)
    except HarnessError as exc:
        logging.getLogger("benchmark").warning("failed: %s", exc)
        return None
    return result.latency


async def measure(scenario: Scenario, count: int, *, validate: bool = False) -> tuple[Stats, Stats]:
    """Sequential then simultaneous runs of `count` interactions.

    The garbage of the previous measurement (a whole bot, its fake Discord, thousands of
    messages) is collected before this one starts, and again right before the burst, for
    the bot and the floor alike: otherwise whichever measurement comes next pays for a full
    collection in the middle of its burst (measured: it doubled the floor's own latency on
    every second run, so the ratio swung between 0.6x and 2x with nothing else changed).
    """
    gc.collect()
    async with running(scenario, validate=validate) as (driver, world):
        if scenario.prepare is not None:
            act = await scenario.prepare(driver, world)
            crowd = list(driver.fake.guilds[world.guild.id].members.values())
            users = [m.user for m in crowd if m.user.username.startswith("member")]
            if len(users) < WARM_UP + 2 * count:
                raise SystemExit(f"--count {count} needs more members than the scenario adds")
        else:
            standard = [world.member, world.member2, world.coordinator, world.admin, world.owner]
            users = [standard[i % 5] for i in range(WARM_UP + 2 * count)]

            async def act(user: Any) -> float | None:
                return await _one(driver, user, scenario.command)

        for user in users[:WARM_UP]:
            await act(user)
        first, second = users[WARM_UP : WARM_UP + count], users[WARM_UP + count :]
        if scenario.settle is not None:
            await scenario.settle(driver, world)

        start = time.perf_counter()
        sequential = [await act(user) for user in first]
        seq_wall = time.perf_counter() - start
        if scenario.settle is not None:
            await scenario.settle(driver, world)

        SHOWN.clear()
        gc.collect()
        start = time.perf_counter()
        start_monotonic = time.monotonic()
        burst = await asyncio.gather(*(act(user) for user in second[:count]))
        burst_wall = time.perf_counter() - start
        if SHOWN:
            shown = Stats(SHOWN[:], 0, burst_wall)
            print(
                f"simultaneous: result shown to the member (after the write): median "
                f"{_ms(shown.median).strip()}, p99 {_ms(shown.p99).strip()}"
            )
        if scenario.after is not None:
            await scenario.after(driver, start_monotonic)
        if scenario.settle is not None:
            POSTED.clear()
            await scenario.settle(driver, world)
            print(
                f"simultaneous: every post in the channel {POSTED[0] + burst_wall:.1f} s after "
                "the burst began (the outbox sends 16 posts a second)"
            )
    return _stats(sequential, seq_wall), _stats(list(burst), burst_wall)


def _stats(values: list[float | None], wall: float) -> Stats:
    ok = [v for v in values if v is not None]
    return Stats(ok, len(values) - len(ok), wall)


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:8.2f} ms"


def report(
    name: str,
    floor: tuple[Stats, Stats],
    bot: tuple[Stats, Stats],
    count: int,
    *,
    floor_name: str = "floor: bare Client, defer only",
) -> None:
    """Print median and p99 for each run and the bot/floor ratios."""
    print(f"\n{count} interactions; latency = INTERACTION_CREATE sent -> callback received")
    header = f"{'run':<12} {'who':<40} {'median':>11} {'p99':>11} {'all done in':>12} {'failed':>6}"
    print(header)
    print("-" * len(header))
    for label, index in (("sequential", 0), ("simultaneous", 1)):
        for who, stats in ((name, bot[index]), (floor_name, floor[index])):
            print(
                f"{label:<12} {who:<40} {_ms(stats.median):>11} {_ms(stats.p99):>11} "
                f"{stats.wall:>10.3f} s {stats.failures:>6}"
            )
        med = bot[index].median / floor[index].median
        p99 = bot[index].p99 / floor[index].p99
        print(f"{label:<12} {'ratio bot / floor':<40} {med:>10.2f}x {p99:>10.2f}x")


async def main_async(args: argparse.Namespace) -> int:
    """Run the floor and the chosen bot; print the table."""
    scenario = SCENARIOS[args.bot]
    if args.slash_floor:
        scenario = dataclasses.replace(scenario, floor="floor")
    floor_scenario = SCENARIOS[scenario.floor]
    pairs: list[tuple[tuple[Stats, Stats], tuple[Stats, Stats]]] = []
    for _ in range(args.repeat):
        if scenario.floor == "floor":
            floor = await measure(floor_scenario, args.count, validate=args.validate)
            bot = await measure(scenario, args.count, validate=args.validate)
        else:  # the floor presses a copy of what the bot posted: measure the bot first
            bot = await measure(scenario, args.count, validate=args.validate)
            floor = await measure(floor_scenario, args.count, validate=args.validate)
        report(scenario.name, floor, bot, args.count, floor_name=floor_scenario.name)
        pairs.append((floor, bot))
    if len(pairs) > 1:
        medians = [b[1].median / f[1].median for f, b in pairs]
        p99s = [b[1].p99 / f[1].p99 for f, b in pairs]
        print(
            f"\n{len(pairs)} runs, simultaneous, bot / floor: median ratio "
            f"{statistics.median(medians):.2f}x (each run: "
            f"{', '.join(f'{r:.2f}' for r in medians)}), p99 ratio "
            f"{statistics.median(p99s):.2f}x (each run: {', '.join(f'{r:.2f}' for r in p99s)})"
        )
    failed = sum(s.failures for f, b in pairs for s in (*f, *b))
    return 1 if failed else 0


def main() -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--bot",
        choices=["commands", "leap", "here", "vote", "contribute"],
        default="commands",
        help="the bot to compare with the floor (default: a trivial commands.Bot)",
    )
    parser.add_argument("--count", type=int, default=200, help="interactions per run")
    parser.add_argument(
        "--repeat", type=int, default=1, help="measure bot and floor this many times in turn"
    )
    parser.add_argument(
        "--slash-floor",
        action="store_true",
        help="compare with the floor answering /ping, not the same button presses",
    )
    parser.add_argument(
        "--validate",
        action="store_true",
        help="also check every body against Discord's schema (the fake's cost, off by default)",
    )
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    for noisy in ("discord", "fakediscord"):
        logging.getLogger(noisy).setLevel(logging.ERROR)
    return asyncio.run(main_async(args))


if __name__ == "__main__":
    raise SystemExit(main())
