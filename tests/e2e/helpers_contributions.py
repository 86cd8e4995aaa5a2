"""Helpers for the contribution end-to-end tests: a live session, posting, reading rows."""

from __future__ import annotations

from typing import Any

from fakediscord import Driver, FakeDiscord, model
from fakediscord.standard import StandardGuild
from helpers_sessions import answered, schedule, start

from bot.app import LeapBot
from storage import contributions as repo
from storage.contributions import Contribution


async def live_session(
    bot: LeapBot,
    driver: Driver,
    world: StandardGuild,
    *,
    channel: model.Channel | None = None,
    title: str = "Leaflet review",
) -> int:
    """Plan and start a session in `channel` (#general by default); return its id once the
    messages about its start went out."""
    where = channel or world.general
    await schedule(driver, world, channel=where, title=title, when="in 10 minutes")
    await start(driver, world, in_channel=where)
    async with bot.db.read() as conn:
        found = await conn.fetchval(
            "SELECT id FROM sessions WHERE channel_id = ? AND status = 'live'", (where.id,)
        )
    assert found is not None, "the session did not start"
    await bot.notifier.wait_idle()  # members are told it started; let that go out first
    return int(found)


async def contribute(driver: Driver, user: Any, text: str | None = None, **options: Any) -> Any:
    """Run /contribute as `user`; wait for the real answer when it was deferred."""
    if text is not None:
        options["text"] = text
    return await answered(await driver.slash(user, "contribute", **options))


async def rows(bot: LeapBot) -> list[Contribution]:
    """Every contribution row, oldest first."""
    async with bot.db.read() as conn:
        ids = [r["id"] for r in await conn.fetchall("SELECT id FROM contributions ORDER BY id")]
        found = [await repo.get(conn, i) for i in ids]
    return [r for r in found if r is not None]


def _number(message: model.Message) -> int:
    return int(message.content.split("\n", 1)[0].rsplit("#", 1)[1])


def posts(fake: FakeDiscord, channel: model.Channel) -> list[model.Message]:
    """The bot's own contribution posts in a channel that are not deleted, by their #N.

    (Posts go out a few at a time, so two made a moment apart may reach Discord in either
    order; the number says which came first.)
    """
    found = [
        m
        for m in fake.messages_in(channel)
        if m.author.id == fake.bot_user.id
        and m.interaction_id is None
        and not m.deleted
        and m.content.startswith("**Contributor")
    ]
    return sorted(found, key=_number)


async def posted(
    driver: Driver, fake: FakeDiscord, channel: model.Channel, count: int
) -> list[Any]:
    """Wait until `count` contribution posts show in `channel`; return them."""
    await fake.wait_until(lambda: len(posts(fake, channel)) >= count, 3.0)
    return posts(fake, channel)


async def settled(bot: LeapBot) -> list[Contribution]:
    """Wait until the notifier sent everything due; return the rows."""
    await bot.notifier.wait_idle()
    return await rows(bot)
