"""/contribute end to end: the bot's own post, the private receipt, pseudonyms, no pings."""

from __future__ import annotations

from datetime import timedelta

from fakediscord import Driver, FakeDiscord
from fakediscord.standard import StandardGuild
from helpers_contributions import contribute, live_session, posted, posts, rows
from helpers_sessions import end

from bot.app import LeapBot
from bot.clock import ManualClock
from bot.text import contributions as text
from storage import audit


async def test_a_contribution_is_posted_by_the_bot_with_number_and_pseudonym(
    bot: LeapBot, driver: Driver, fake: FakeDiscord, world: StandardGuild
) -> None:
    await live_session(bot, driver, world)
    await contribute(driver, world.member, "The leaflet uses too many long words.")
    [post] = await posted(driver, fake, world.general, 1)
    assert post.content == "**Contributor A** · #1\nThe leaflet uses too many long words."


async def test_the_post_is_not_the_reply_to_the_command(
    bot: LeapBot, driver: Driver, fake: FakeDiscord, world: StandardGuild
) -> None:
    await live_session(bot, driver, world)
    r = await contribute(driver, world.member, "Less jargon, please.")
    [post] = await posted(driver, fake, world.general, 1)
    assert (r.ephemeral, post.interaction_id, post.webhook_id) == (True, None, None)


async def test_the_post_never_names_the_author(
    bot: LeapBot, driver: Driver, fake: FakeDiscord, world: StandardGuild
) -> None:
    await live_session(bot, driver, world)
    await contribute(driver, world.member, "I found the form hard.")
    [post] = await posted(driver, fake, world.general, 1)
    shown = post.content + str(post.embeds)
    assert [w for w in ("alice", str(world.member.id)) if w in shown] == []


async def test_the_receipt_gives_the_number_and_says_who_can_see(
    bot: LeapBot, driver: Driver, fake: FakeDiscord, world: StandardGuild
) -> None:
    await live_session(bot, driver, world)
    r = await contribute(driver, world.member, "The timing is hard for carers.")
    labels = [c.get("label") for row in r.message.components for c in row["components"]]
    assert ("#1" in r.text, text.WHO_CAN_SEE in r.text, labels) == (True, True, ["Take back"])


async def test_the_receipt_says_the_members_posts_in_the_session_share_one_name(
    bot: LeapBot, driver: Driver, fake: FakeDiscord, world: StandardGuild
) -> None:
    await live_session(bot, driver, world)
    r = await contribute(driver, world.member, "The timing is hard for carers.")
    assert (
        "All your posts in this session show as Contributor A, so others can tell they came "
        "from one person." in r.text
    )


async def test_mentions_in_the_text_never_ping_anyone(
    bot: LeapBot, driver: Driver, fake: FakeDiscord, world: StandardGuild
) -> None:
    await live_session(bot, driver, world)
    words = f"<@{world.coordinator.id}> <@&{world.member_role.id}> @everyone @here read this"
    await contribute(driver, world.member, words)
    [post] = await posted(driver, fake, world.general, 1)
    assert (post.pings, "@everyone" in post.content) == (set(), True)


async def test_pseudonym_letters_go_by_order_of_first_post_and_stay(
    bot: LeapBot, driver: Driver, fake: FakeDiscord, world: StandardGuild
) -> None:
    await live_session(bot, driver, world)
    await contribute(driver, world.member, "First point.")
    await contribute(driver, world.member2, "Second point.")
    await contribute(driver, world.member, "Third point.")
    shown = await posted(driver, fake, world.general, 3)
    assert [p.content.split("\n")[0] for p in shown] == [
        "**Contributor A** · #1",
        "**Contributor B** · #2",
        "**Contributor A** · #3",
    ]


async def test_a_new_session_gives_new_letters_and_numbers_go_on(
    bot: LeapBot, driver: Driver, fake: FakeDiscord, world: StandardGuild
) -> None:
    await live_session(bot, driver, world)
    await contribute(driver, world.member, "In the first session.")
    await end(driver, world)
    await live_session(bot, driver, world, title="Second look")
    await contribute(driver, world.member2, "Bob speaks first here.")
    await contribute(driver, world.member, "Alice again.")
    shown = await posted(driver, fake, world.general, 3)
    assert [p.content.split("\n")[0] for p in shown[1:]] == [
        "**Contributor A** · #2",
        "**Contributor B** · #3",
    ]


async def test_one_member_cannot_be_followed_from_one_session_to_the_next(
    bot: LeapBot, driver: Driver, fake: FakeDiscord, world: StandardGuild
) -> None:
    await live_session(bot, driver, world)
    await contribute(driver, world.member, "In the first session.")
    await end(driver, world)
    await live_session(bot, driver, world, title="Second look")
    await contribute(driver, world.member, "In the second session.")
    async with bot.db.read() as conn:
        keys = await conn.fetchall("SELECT pseudonym_key, author_key FROM contributions")
    assert (keys[0][0] != keys[1][0], keys[0][1] == keys[1][1]) == (True, True)


async def test_with_no_text_a_form_opens_and_its_words_are_posted(
    bot: LeapBot, driver: Driver, fake: FakeDiscord, world: StandardGuild
) -> None:
    await live_session(bot, driver, world)
    form = await driver.slash(world.member, "contribute")
    fields = [c["component"] for c in form.modal["components"] if c["type"] == 18]
    sent = await driver.submit_modal(world.member, form, {"text": "Typed in the form."})
    if sent.deferred:
        await sent.wait_response()
    [post] = await posted(driver, fake, world.general, 1)
    assert (
        [(f["style"], f["max_length"]) for f in fields],
        post.content.endswith("Typed in the form."),
        text.WHO_CAN_SEE in sent.text,
    ) == ([(2, 1500)], True, True)


async def test_the_form_says_who_can_see(
    bot: LeapBot, driver: Driver, fake: FakeDiscord, world: StandardGuild
) -> None:
    await live_session(bot, driver, world)
    form = await driver.slash(world.member, "contribute")
    hints = [c.get("description") for c in form.modal["components"] if c["type"] == 18]
    assert hints == [text.WHO_CAN_SEE]


async def test_the_session_option_picks_another_live_session(
    bot: LeapBot, driver: Driver, fake: FakeDiscord, world: StandardGuild
) -> None:
    await live_session(bot, driver, world)
    other = await live_session(bot, driver, world, channel=world.panel_voice, title="Voice chat")
    choices = await driver.autocomplete(world.member, "contribute", focused="session", session="")
    await contribute(driver, world.member, "This goes to the voice chat.", session=str(other))
    await posted(driver, fake, world.panel_voice, 1)
    assert (sorted(c["value"] for c in choices), posts(fake, world.general)) == (
        sorted([str(other), str(other - 1)]),
        [],
    )


async def test_two_live_sessions_and_no_option_outside_them_asks_which(
    bot: LeapBot, driver: Driver, fake: FakeDiscord, world: StandardGuild
) -> None:
    await live_session(bot, driver, world)
    await live_session(bot, driver, world, channel=world.panel_voice, title="Voice chat")
    r = await contribute(driver, world.member, "Where does this go?", in_channel=world.stage)
    assert (r.content, await rows(bot)) == (text.WHICH_SESSION, [])


async def test_with_no_live_session_nothing_is_stored(
    bot: LeapBot, driver: Driver, fake: FakeDiscord, world: StandardGuild
) -> None:
    r = await contribute(driver, world.member, "Is anyone there?")
    assert (r.ephemeral, r.content, await rows(bot)) == (True, text.NO_LIVE_SESSION, [])


async def test_with_no_live_session_the_form_does_not_open(
    bot: LeapBot, driver: Driver, fake: FakeDiscord, world: StandardGuild
) -> None:
    r = await driver.slash(world.member, "contribute")
    assert (r.callback_type, r.content) == (4, text.NO_LIVE_SESSION)


async def test_a_session_that_is_not_live_is_refused(
    bot: LeapBot, driver: Driver, fake: FakeDiscord, world: StandardGuild
) -> None:
    first = await live_session(bot, driver, world)
    await end(driver, world)
    await live_session(bot, driver, world, title="Second look")
    r = await contribute(driver, world.member, "To the old one.", session=str(first))
    assert (r.content, await rows(bot)) == (text.SESSION_NOT_LIVE, [])


async def test_someone_without_the_member_role_is_refused_and_not_recorded(
    bot: LeapBot, driver: Driver, fake: FakeDiscord, world: StandardGuild
) -> None:
    await live_session(bot, driver, world)
    visitor = fake.add_user("visitor")
    fake.add_member(world.guild, visitor)
    r = await contribute(driver, visitor, "Let me in.")
    async with bot.db.read() as conn:
        refused = await audit.recent(conn, world.guild.id, action="permission.refused")
    assert (
        "Member role" in r.content,
        await rows(bot),
        [(e.actor_id, e.target) for e in refused],
    ) == (True, [], [(None, "contribute")])


async def test_the_sixth_post_within_a_minute_waits(
    bot: LeapBot, driver: Driver, fake: FakeDiscord, world: StandardGuild, clock: ManualClock
) -> None:
    await live_session(bot, driver, world)
    for n in range(5):
        await contribute(driver, world.member, f"Point number {n + 1}.")
        clock.advance(timedelta(seconds=5))
    sixth = await contribute(driver, world.member, "One more.")
    stored = len(await rows(bot))
    clock.advance(timedelta(seconds=40))
    later = await contribute(driver, world.member, "One more, later.")
    assert (sixth.content, stored, "#6" in later.text) == (text.TOO_MANY, 5, True)


async def test_the_rate_limit_is_per_member(
    bot: LeapBot, driver: Driver, fake: FakeDiscord, world: StandardGuild
) -> None:
    await live_session(bot, driver, world)
    for n in range(5):
        await contribute(driver, world.member, f"Point number {n + 1}.")
    other = await contribute(driver, world.member2, "My first one.")
    assert "#6" in other.text
