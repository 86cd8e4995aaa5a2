"""/mydata finds a member's anonymous posts through their own keyed hash, and erasing takes
them down and unlinks them (letters stay taken, so nobody else is given the same one).

The posts come down through the outbox: a Discord failure or a restart still ends with them
gone, and the queued deletions name nobody."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

from fakediscord import Driver, FakeDiscord, model
from fakediscord.standard import StandardGuild
from helpers_contributions import contribute, live_session, posted, posts, rows
from helpers_sessions import launch

from bot.app import LeapBot
from bot.clock import ManualClock
from bot.services import notices


def _outage(fake: FakeDiscord, channel: model.Channel, post: model.Message) -> Any:
    """Discord answers 500 to every deletion of this post until the rule is lifted."""
    return fake.fail(
        "DELETE",
        f"/channels/{channel.id}/messages/{post.id}",
        status=500,
        code=0,
        message="Internal Server Error",
        count=10**6,
    )


async def _erase(driver: Driver, user: Any) -> None:
    asked = await driver.slash(user, "mydata erase")
    done = await driver.click(user, asked, label="Erase")
    if done.deferred:
        await done.wait_response()


async def _mine_and_theirs(
    bot: LeapBot, driver: Driver, fake: FakeDiscord, world: StandardGuild
) -> list[Any]:
    """Two posts by the member and one by another member; Discord fails to delete the
    member's two until the rules are lifted."""
    await live_session(bot, driver, world)
    await contribute(driver, world.member, "Mine, first.")
    await contribute(driver, world.member, "Mine, second.")
    await contribute(driver, world.member2, "Not mine.")
    found = await posted(driver, fake, world.general, 3)
    await bot.notifier.wait_idle()
    return [_outage(fake, world.general, p) for p in found[:2]]


async def _after_the_outage(bot: LeapBot, clock: ManualClock, rules: list[Any]) -> None:
    """Lift the outage and let the notifier's retry (a minute later) run."""
    for rule in rules:
        rule.remaining = 0
    clock.advance(timedelta(seconds=61))
    await bot.timers.run_due()
    await bot.notifier.wait_idle()


def _words(fake: FakeDiscord, world: StandardGuild) -> list[str]:
    return [p.content.split("\n")[1] for p in posts(fake, world.general)]


async def test_mydata_show_lists_my_anonymous_posts_only(
    bot: LeapBot, driver: Driver, fake: FakeDiscord, world: StandardGuild
) -> None:
    await live_session(bot, driver, world)
    await contribute(driver, world.member, "Mine to see.")
    await contribute(driver, world.member2, "Not Alice's.")
    r = await driver.slash(world.member, "mydata show")
    if r.deferred:
        await r.wait_response()
    document = json.loads(r.files[0].data)
    [panel] = document["panels"]
    assert [p["body"] for p in panel["data"]["anonymous posts"]] == ["Mine to see."]


async def test_mydata_erase_takes_my_posts_down_and_unlinks_them(
    bot: LeapBot, driver: Driver, fake: FakeDiscord, world: StandardGuild
) -> None:
    await live_session(bot, driver, world)
    await contribute(driver, world.member, "Erase me.")
    await contribute(driver, world.member2, "Keep me.")
    await posted(driver, fake, world.general, 2)
    asked = await driver.slash(world.member, "mydata erase")
    done = await driver.click(world.member, asked, label="Erase")
    if done.deferred:
        await done.wait_response()
    await fake.wait_until(lambda: len(posts(fake, world.general)) == 1, 3.0)
    async with bot.db.read() as conn:
        linked = await conn.fetchval(
            "SELECT count(*) FROM contributions WHERE author_key IS NOT NULL"
        )
    again = await contribute(driver, world.member, "Back again.")
    assert (
        [p.content.split("\n")[1] for p in posts(fake, world.general)][:1],
        [c.body for c in await rows(bot)][:2],
        linked,
        "Contributor C" in again.text,
    ) == (["Keep me."], [None, "Keep me."], 1, True)


async def test_erased_posts_come_down_once_discord_recovers(
    bot: LeapBot, driver: Driver, fake: FakeDiscord, world: StandardGuild, clock: ManualClock
) -> None:
    outage = await _mine_and_theirs(bot, driver, fake, world)
    await _erase(driver, world.member)
    await bot.notifier.wait_idle()
    during = _words(fake, world)
    await _after_the_outage(bot, clock, outage)
    assert (during, _words(fake, world)) == (
        ["Mine, first.", "Mine, second.", "Not mine."],
        ["Not mine."],
    )


async def test_erased_posts_come_down_after_a_restart(
    leap_settings: Any,
    start_bot: Any,
    bot: LeapBot,
    driver: Driver,
    fake: FakeDiscord,
    world: StandardGuild,
    clock: ManualClock,
) -> None:
    outage = await _mine_and_theirs(bot, driver, fake, world)
    await _erase(driver, world.member)
    await bot.notifier.wait_idle()
    await bot.close()
    second, _ = await launch(leap_settings, start_bot, clock)
    await _after_the_outage(second, clock, outage)
    assert _words(fake, world) == ["Not mine."]


async def test_waiting_take_downs_hold_where_the_post_is_and_no_member_id(
    bot: LeapBot, driver: Driver, fake: FakeDiscord, world: StandardGuild
) -> None:
    await _mine_and_theirs(bot, driver, fake, world)
    mine = [(world.general.id, p.id) for p in posts(fake, world.general)[:2]]
    await _erase(driver, world.member)
    await bot.notifier.wait_idle()
    async with bot.db.read() as conn:
        waiting = await conn.fetchall(
            "SELECT target_id, message_id FROM notices WHERE kind = ? AND status = 'pending'",
            (notices.KIND_TAKE_DOWN,),
        )
        cells = [v for r in await conn.fetchall("SELECT * FROM notices") for v in tuple(r)]
    assert (
        sorted(tuple(r) for r in waiting),
        [c for c in cells if str(world.member.id) in str(c)],
    ) == (sorted(mine), [])


async def test_take_downs_leave_no_trace_in_the_outbox_once_done(
    bot: LeapBot, driver: Driver, fake: FakeDiscord, world: StandardGuild, clock: ManualClock
) -> None:
    outage = await _mine_and_theirs(bot, driver, fake, world)
    await _erase(driver, world.member)
    await bot.notifier.wait_idle()
    await _after_the_outage(bot, clock, outage)
    async with bot.db.read() as conn:
        left = await conn.fetchval("SELECT count(*) FROM notices WHERE audience = 'delete'")
    assert (_words(fake, world), left) == (["Not mine."], 0)
