"""/mydata finds a member's anonymous posts through their own keyed hash, and erasing takes
them down and unlinks them (letters stay taken, so nobody else is given the same one)."""

from __future__ import annotations

import json

from fakediscord import Driver, FakeDiscord
from fakediscord.standard import StandardGuild
from helpers_contributions import contribute, live_session, posted, posts, rows

from bot.app import LeapBot


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
