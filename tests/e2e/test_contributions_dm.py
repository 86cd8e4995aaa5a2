"""Direct messages during a live session: offered as an anonymous post, posted only on
"Post anonymously"; "Don't post" and non-members store nothing."""

from __future__ import annotations

from typing import Any

from fakediscord import Driver, FakeDiscord, model
from fakediscord.standard import StandardGuild
from helpers_contributions import contribute, live_session, posted, posts, rows
from helpers_sessions import launch, schedule, start

from bot.app import LeapBot
from bot.clock import ManualClock
from bot.services import panel_settings
from bot.text import contributions as text


def _buttons(message: model.Message) -> list[str]:
    return [c.get("label", "") for row in message.components for c in row["components"]]


async def _offer(driver: Driver, user: Any, words: str) -> model.Message:
    sent = await driver.send_dm(user, words)
    return await sent.wait_dm(user)


async def test_a_dm_is_quoted_back_with_post_and_dont_post(
    bot: LeapBot, driver: Driver, fake: FakeDiscord, world: StandardGuild
) -> None:
    await live_session(bot, driver, world)
    offer = await _offer(driver, world.member, "I did not feel heard today.")
    assert (
        offer.embeds[0]["description"],
        _buttons(offer),
        text.WHO_CAN_SEE in offer.content,
        await rows(bot),
    ) == ("I did not feel heard today.", ["Post anonymously", "Don't post"], True, [])


async def test_post_anonymously_posts_it_and_gives_a_receipt(
    bot: LeapBot, driver: Driver, fake: FakeDiscord, world: StandardGuild
) -> None:
    await live_session(bot, driver, world)
    offer = await _offer(driver, world.member, "I did not feel heard today.")
    r = await driver.click(world.member, offer, label="Post anonymously")
    [post] = await posted(driver, fake, world.general, 1)
    assert (
        post.content,
        "#1" in offer.content,
        text.WHO_CAN_SEE in offer.content,
        _buttons(offer),
        offer.embeds,
    ) == (
        "**Contributor A** · #1\nI did not feel heard today.",
        True,
        True,
        ["Take back"],
        [],
    ), r


async def test_the_letter_is_given_when_the_post_is_confirmed(
    bot: LeapBot, driver: Driver, fake: FakeDiscord, world: StandardGuild
) -> None:
    await live_session(bot, driver, world)
    offer = await _offer(driver, world.member, "Sent first, confirmed later.")
    await contribute(driver, world.member2, "Posted in between.")
    await driver.click(world.member, offer, label="Post anonymously")
    shown = await posted(driver, fake, world.general, 2)
    assert [p.content.split("\n")[0] for p in shown] == [
        "**Contributor A** · #1",
        "**Contributor B** · #2",
    ]


async def test_dont_post_keeps_nothing(
    bot: LeapBot, driver: Driver, fake: FakeDiscord, world: StandardGuild
) -> None:
    await live_session(bot, driver, world)
    offer = await _offer(driver, world.member, "Maybe not.")
    await driver.click(world.member, offer, label="Don't post")
    await driver.settle()
    assert (offer.content, offer.embeds, _buttons(offer), await rows(bot)) == (
        text.DM_DROPPED,
        [],
        [],
        [],
    )


async def test_a_non_member_dm_is_neither_posted_nor_stored(
    bot: LeapBot, driver: Driver, fake: FakeDiscord, world: StandardGuild
) -> None:
    await live_session(bot, driver, world)
    stranger = fake.add_user("stranger")
    fake.add_member(world.guild, stranger)
    answer = await _offer(driver, stranger, "Let me post.")
    await driver.settle()
    assert (answer.content, answer.components, await rows(bot), posts(fake, world.general)) == (
        text.DM_NOT_MEMBER,
        [],
        [],
        [],
    )


async def test_a_dm_without_a_live_session_is_not_kept(
    bot: LeapBot, driver: Driver, fake: FakeDiscord, world: StandardGuild
) -> None:
    answer = await _offer(driver, world.member, "Anyone there?")
    assert (answer.content, answer.components, await rows(bot)) == (text.DM_NO_LIVE, [], [])


async def test_a_dm_with_only_emoji_is_refused_plainly(
    bot: LeapBot, driver: Driver, fake: FakeDiscord, world: StandardGuild
) -> None:
    await live_session(bot, driver, world)
    answer = await _offer(driver, world.member, "👍👍")
    assert (answer.content, answer.components) == (text.NO_WORDS, [])


async def test_two_live_sessions_ask_which(
    bot: LeapBot, driver: Driver, fake: FakeDiscord, world: StandardGuild
) -> None:
    await live_session(bot, driver, world)
    await live_session(bot, driver, world, channel=world.panel_voice, title="Voice chat")
    offer = await _offer(driver, world.member, "For the voice chat.")
    await driver.click(world.member, offer, label="Post in Voice chat")
    await posted(driver, fake, world.panel_voice, 1)
    assert (_buttons(offer)[:1], posts(fake, world.general)) == (["Take back"], [])


async def test_a_member_of_two_panels_is_asked_which(
    leap_settings: Any,
    start_bot: Any,
    bot: LeapBot,
    driver: Driver,
    fake: FakeDiscord,
    world: StandardGuild,
    clock: ManualClock,
) -> None:
    await live_session(bot, driver, world)
    other = fake.add_guild("Second panel", world.owner)
    member_role = fake.add_role(other, "Member")
    coordinator_role = fake.add_role(other, "Coordinator")
    fake.add_member(other, world.member, [member_role])
    fake.add_member(other, world.coordinator, [coordinator_role, member_role])
    hall = fake.add_channel(other, "hall", model.TEXT)
    await bot.close()
    second, _ = await launch(leap_settings, start_bot, clock)
    await panel_settings.set_roles(
        second.db,
        clock,
        guild_id=other.id,
        actor_id=world.owner.id,
        coordinator_role_id=coordinator_role.id,
        member_role_id=member_role.id,
        admin_role_id=None,
    )
    there = Driver(fake, other, hall)
    await schedule(there, world, channel=hall, title="Hall talk")
    await start(there, world, in_channel=hall)
    offer = await _offer(driver, world.member, "For the second panel.")
    labels = _buttons(offer)
    await driver.click(world.member, offer, label="Post in Hall talk")
    await posted(there, fake, hall, 1)
    assert labels == ["Post in Leaflet review", "Post in Hall talk", "Don't post"]


async def test_take_back_from_the_dm_receipt(
    bot: LeapBot, driver: Driver, fake: FakeDiscord, world: StandardGuild
) -> None:
    await live_session(bot, driver, world)
    offer = await _offer(driver, world.member, "On second thoughts.")
    await driver.click(world.member, offer, label="Post anonymously")
    await posted(driver, fake, world.general, 1)
    await driver.click(world.member, offer, label="Take back")
    await fake.wait_until(lambda: posts(fake, world.general) == [], 3.0)
    assert (offer.content, [c.body for c in await rows(bot)]) == (
        text.TAKEN_BACK.format(number=1),
        [None],
    )


async def test_a_member_who_left_cannot_confirm(
    bot: LeapBot, driver: Driver, fake: FakeDiscord, world: StandardGuild
) -> None:
    await live_session(bot, driver, world)
    offer = await _offer(driver, world.member, "Posted after I left?")
    await driver.set_roles(world.member, [])
    await driver.settle()
    r = await driver.click(world.member, offer, label="Post anonymously")
    assert (r.content, await rows(bot)) == (text.DM_NOT_MEMBER, [])
