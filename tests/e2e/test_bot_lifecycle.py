"""LeapBot's lifetimes end to end: log in, sync only when commands change, close cleanly."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from typing import Any

import discord
from fakediscord import FakeDiscord

from bot.app import LeapBot, bot_intents
from storage.timers import Timer

StartBot = Any


def _synced_names(fake: FakeDiscord) -> list[str]:
    return sorted(command["name"] for command in fake.command_puts[-1].json)


async def test_first_start_syncs_setup_and_help(leap_bot: LeapBot, fake: FakeDiscord) -> None:
    assert {"setup", "help"} <= set(_synced_names(fake))


async def test_synced_command_names_are_unique(leap_bot: LeapBot, fake: FakeDiscord) -> None:
    names = _synced_names(fake)
    assert len(names) == len(set(names))


async def test_second_start_without_changes_does_not_sync(
    leap_settings: Any, start_bot: StartBot, fake: FakeDiscord
) -> None:
    first = await start_bot(LeapBot(leap_settings))
    await first.stop()
    puts = len(fake.command_puts)
    second = LeapBot(leap_settings)
    await start_bot(second)
    assert (len(fake.command_puts), second.synced_scopes) == (puts, [])


async def test_start_under_a_new_discord_application_syncs_again(
    leap_settings: Any, start_bot: StartBot, fake: FakeDiscord
) -> None:
    """A new bot application (a new token) on the same database gets its commands."""
    first = await start_bot(LeapBot(leap_settings))
    await first.stop()
    fake.application_id = fake.ids.next()
    second = LeapBot(leap_settings)
    await start_bot(second)
    assert second.synced_scopes == ["global"]


async def test_a_refused_sync_does_not_stop_the_bot_and_is_tried_again_next_start(
    leap_settings: Any, start_bot: StartBot, fake: FakeDiscord
) -> None:
    """Discord refusing the sync leaves the bot running on the commands it had."""
    fake.fail(
        "PUT", "/applications/{application_id}/commands", status=400, code=50035, message="No"
    )
    first = LeapBot(leap_settings)
    runner = await start_bot(first)
    await runner.stop()
    second = LeapBot(leap_settings)
    await start_bot(second)
    assert (first.synced_scopes, second.synced_scopes) == ([], ["global"])


async def test_test_guild_gets_its_own_sync(
    leap_settings: Any, start_bot: StartBot, fake: FakeDiscord, world: Any
) -> None:
    settings = leap_settings.model_copy(update={"discord_guild_id": world.guild.id})
    bot = LeapBot(settings)
    await start_bot(bot)
    assert bot.synced_scopes == ["global", f"guild:{world.guild.id}"]


async def test_close_closes_the_database(
    leap_settings: Any, start_bot: StartBot, fake: FakeDiscord
) -> None:
    bot = LeapBot(leap_settings)
    runner = await start_bot(bot)
    await runner.stop()
    assert (bot._db, bot._timers is not None and bot._timers.running) == (None, False)


def test_intents_leave_out_message_content() -> None:
    intents = bot_intents()
    assert (intents.members, intents.voice_states, intents.message_content) == (
        True,
        True,
        False,
    )


class SlowReminderBot(LeapBot):
    """A LeapBot with one timer kind whose delivery is still going when the bot is stopped."""

    async def setup_hook(self) -> None:
        await super().setup_hook()
        self.started, self.closing = asyncio.Event(), asyncio.Event()
        self.timers.register("test.say", deliver=self._say)

    async def close(self) -> None:
        self.closing.set()
        await super().close()

    async def _say(self, timer: Timer, late: bool, result: Any) -> None:
        self.started.set()
        await self.closing.wait()
        channel = self.get_channel(timer.payload["channel"])
        assert isinstance(channel, discord.TextChannel)
        for n in range(1, 11):  # like one reminder to each of ten members
            await channel.send(f"Reminder {n}: the panel meets soon.")


async def test_stopping_lets_a_reminder_being_sent_finish(
    leap_settings: Any, start_bot: StartBot, fake: FakeDiscord, world: Any
) -> None:
    bot = SlowReminderBot(leap_settings)
    runner = await start_bot(bot)
    when = datetime.now(UTC) + timedelta(milliseconds=50)
    await bot.timers.create(when, "test.say", {"channel": world.general.id})
    await asyncio.wait_for(bot.started.wait(), timeout=5)
    await runner.stop()
    sent = [m.content for m in fake.messages_in(world.general)]
    assert sent == [f"Reminder {n}: the panel meets soon." for n in range(1, 11)]
