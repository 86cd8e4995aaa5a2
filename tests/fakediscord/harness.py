"""Start and stop a real discord.py client against the fake (and restart it)."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable
from typing import Any

import discord

from .server import FakeDiscord, HarnessError

log = logging.getLogger("fakediscord.harness")

# Not a secret: shaped like a bot token (some settings validate the shape); never valid.
FAKE_TOKEN = "RmFrZUxFQVBib3RUb2tlbg.ZmFrZQ.bm90LWEtcmVhbC1zaWduYXR1cmU"
# discord.py waits this long after the last GUILD_CREATE before on_ready (default 2 s).
GUILD_READY_TIMEOUT = 0.05


# Names discord.py gives the tasks that run a bot's code for one event, and the prefix a bot
# gives its own short background work started by an event (e.g. sending messages it queued).
HANDLER_TASKS = (
    "discord.py: ",
    "CommandTree-invoker",
    "discord-ui-view-dispatch-",
    "discord-ui-dynamic-item-",
    "discord-ui-modal-dispatch-",
    "settle:",
)


async def settle_handlers(within: float = 3.0) -> None:
    """Wait until running discord.py event handlers, commands and view callbacks finished."""
    current = asyncio.current_task()
    deadline = asyncio.get_running_loop().time() + within
    while True:
        busy = [
            t
            for t in asyncio.all_tasks()
            if t is not current and not t.done() and t.get_name().startswith(HANDLER_TASKS)
        ]
        left = deadline - asyncio.get_running_loop().time()
        if not busy or left <= 0:
            break
        # A handler may start more work (a command's commit wakes a 'settle:' task): look again.
        _, pending = await asyncio.wait(busy, timeout=left)
        if pending:
            names = sorted(t.get_name() for t in pending)
            log.warning("discord.py handlers still running after %ss: %s", within, names)


class BotRunner:
    """One bot instance running against the fake: start() logs in, stop() closes it."""

    def __init__(self, fake: FakeDiscord, bot: discord.Client, token: str = FAKE_TOKEN) -> None:
        self.fake = fake
        self.bot = bot
        self.token = token
        self.task: asyncio.Task[None] | None = None
        self._patch: contextlib.ExitStack | None = None

    async def start(self, *, within: float = 10.0, wait_for_sync: bool = False) -> None:
        """Log in, connect and wait until the bot is ready with every guild cached.

        With wait_for_sync, also wait until the bot PUT its commands (for bots that sync
        after connecting; bots that sync in setup_hook have synced before IDENTIFY).
        """
        fake, bot = self.fake, self.bot
        identifies = fake.gateway.identifies
        puts = len(fake.command_puts)
        self._patch = contextlib.ExitStack()
        self._patch.enter_context(fake.patched())
        bot._connection.guild_ready_timeout = GUILD_READY_TIMEOUT
        self.task = asyncio.create_task(bot.start(self.token), name="fakediscord-bot")
        try:
            await self._until(fake.gateway.wait_identified(identifies + 1, within), within)
            await self._until(bot.wait_until_ready(), within)
            for guild_id in fake.guilds:
                if bot.get_guild(guild_id) is None:
                    await self._until(
                        bot.wait_for("guild_join", check=lambda g, i=guild_id: g.id == i),
                        within,
                    )
            if wait_for_sync:
                await self._until(
                    fake.wait_until(lambda: len(fake.command_puts) > puts, within), within
                )
        except BaseException:
            await self.stop()
            raise
        fake.clients.append(bot)

    async def _until(self, awaitable: Awaitable[Any], within: float) -> None:
        """Await something while watching the bot task: fail fast if the bot dies."""
        assert self.task is not None
        waiter = asyncio.ensure_future(awaitable)
        done, _ = await asyncio.wait(
            {waiter, self.task}, timeout=within, return_when=asyncio.FIRST_COMPLETED
        )
        if waiter in done:
            waiter.result()
            return
        waiter.cancel()
        with contextlib.suppress(asyncio.CancelledError, Exception):
            await waiter
        if self.task in done:
            error = self.task.exception()
            raise HarnessError(f"the bot stopped while starting: {error!r}") from error
        raise HarnessError(f"the bot did not get ready within {within}s")

    async def stop(self) -> None:
        """Let running handlers finish, close the bot, wait for it; restore discord.py's URLs."""
        if self.bot in self.fake.clients:
            self.fake.clients.remove(self.bot)
        try:
            if not self.bot.is_closed():
                await settle_handlers()
                await self.bot.close()
            if self.task is not None:
                with contextlib.suppress(asyncio.CancelledError):
                    await asyncio.wait_for(self.task, 5.0)
        finally:
            if self._patch is not None:
                self._patch.close()
                self._patch = None


class BotStarter:
    """Starts bots against one fake, remembers them, restarts them, stops them all."""

    def __init__(self, fake: FakeDiscord) -> None:
        self.fake = fake
        self.runners: list[BotRunner] = []

    async def __call__(self, bot: discord.Client, *, wait_for_sync: bool = False) -> BotRunner:
        """Start `bot` and wait until it is ready; returns its runner."""
        runner = BotRunner(self.fake, bot)
        self.runners.append(runner)
        await runner.start(wait_for_sync=wait_for_sync)
        return runner

    def runner_for(self, bot: discord.Client) -> BotRunner:
        """The runner that started `bot`."""
        return next(r for r in self.runners if r.bot is bot)

    async def restart(
        self, old: discord.Client, new: discord.Client, *, wait_for_sync: bool = False
    ) -> BotRunner:
        """Stop `old` cleanly, then start `new` (e.g. on the same database file)."""
        await self.runner_for(old).stop()
        return await self(new, wait_for_sync=wait_for_sync)

    async def stop_all(self) -> None:
        """Stop every bot this starter started, newest first."""
        for runner in reversed(self.runners):
            await runner.stop()


async def start_bot(
    fake: FakeDiscord, bot: discord.Client, *, wait_for_sync: bool = False
) -> BotRunner:
    """Start `bot` against the fake and wait until it is ready; returns its runner."""
    runner = BotRunner(fake, bot)
    await runner.start(wait_for_sync=wait_for_sync)
    return runner
