"""The buttons on a posted prompt end to end: "Explain words" and the anonymous
"This is unclear" (counted once per member; the coordinator is told at the third)."""

from __future__ import annotations

import csv
import io
from typing import Any

from fakediscord import Driver, FakeDiscord, model
from fakediscord.standard import StandardGuild
from helpers_contributions import live_session, posted, rows
from helpers_prompts import HARD, PLAIN, bot_posts
from helpers_sessions import answered

from bot.app import LeapBot
from bot.services.readability import load_default_glossary


async def _posted(bot: LeapBot, fake: FakeDiscord, driver: Driver, world: StandardGuild,
                  question: str = PLAIN) -> model.Message:  # fmt: skip
    r = await driver.slash(world.coordinator, "prompt post", text=question)
    if question == PLAIN:
        await answered(r)
    else:
        await driver.click(world.coordinator, r, label="Post anyway")
        await driver.settle()
    return bot_posts(fake, world.general, bot)[-1]


async def _unclear(driver: Driver, who: Any, post: model.Message) -> Any:
    r = await driver.click(who, post, label="This is unclear")
    await driver.settle()
    return r


# --- Explain words ------------------------------------------------------------------------


async def test_explain_words_lists_each_hard_word_with_its_meaning(
    bot: LeapBot, fake: FakeDiscord, driver: Driver, world: StandardGuild
) -> None:
    post = await _posted(bot, fake, driver, world, HARD)
    r = await driver.click(world.member, post, label="Explain words")
    meanings = load_default_glossary()
    assert (r.ephemeral, r.text.splitlines()[1:3]) == (
        True,
        [f"**longitudinal**: {meanings['longitudinal']}", f"**cohort**: {meanings['cohort']}"],
    )


async def test_explain_words_uses_the_panels_own_words(
    bot: LeapBot, fake: FakeDiscord, driver: Driver, world: StandardGuild
) -> None:
    await driver.slash(
        world.coordinator, "glossary add", term="leaflet", meaning="The paper we hand out."
    )
    post = await _posted(bot, fake, driver, world)
    r = await driver.click(world.member, post, label="Explain words")
    assert "**leaflet**: The paper we hand out." in r.text.splitlines()


async def test_explain_words_with_none_found_points_to_the_anonymous_unclear_button(
    bot: LeapBot, fake: FakeDiscord, driver: Driver, world: StandardGuild
) -> None:
    post = await _posted(bot, fake, driver, world)
    r = await driver.click(world.member, post, label="Explain words")
    assert r.text == (
        "I found no hard words in this question. If it is still unclear, press This is unclear. "
        "Nobody will know it was you."
    )


async def test_the_buttons_work_after_a_restart(
    bot: LeapBot,
    fake: FakeDiscord,
    driver: Driver,
    world: StandardGuild,
    leap_settings: Any,
    start_bot: Any,
) -> None:
    post = await _posted(bot, fake, driver, world, HARD)
    await start_bot.restart(bot, LeapBot(leap_settings, clock=bot.clock))
    await driver.settle()
    r = await answered(await driver.click(world.member, post, label="Explain words"))
    assert r.text.startswith("What the harder words in this question mean:")


# --- This is unclear ----------------------------------------------------------------------


async def test_unclear_thanks_the_member_privately(
    bot: LeapBot, fake: FakeDiscord, driver: Driver, world: StandardGuild
) -> None:
    post = await _posted(bot, fake, driver, world)
    r = await _unclear(driver, world.member, post)
    assert (r.ephemeral, r.text.startswith("Thank you. I noted it without your name.")) == (
        True,
        True,
    )


async def test_unclear_counts_once_per_member(
    bot: LeapBot, fake: FakeDiscord, driver: Driver, world: StandardGuild
) -> None:
    post = await _posted(bot, fake, driver, world)
    await _unclear(driver, world.member, post)
    again = await _unclear(driver, world.member, post)
    async with bot.db.read() as conn:
        count = await conn.fetchval("SELECT count(*) FROM prompt_unclear")
    assert (again.text, count) == (
        "You have already said this is unclear. Each person counts once.",
        1,
    )


async def test_unclear_stores_no_user_id(
    bot: LeapBot, fake: FakeDiscord, driver: Driver, world: StandardGuild
) -> None:
    post = await _posted(bot, fake, driver, world)
    for who in (world.member, world.member2):
        await _unclear(driver, who, post)
    async with bot.db.read() as conn:
        rows = [tuple(r) for r in await conn.fetchall("SELECT * FROM prompt_unclear")]
    ids = {str(world.member.id), str(world.member2.id)}
    assert [c for row in rows for c in row if any(i in str(c) for i in ids)] == []


async def test_the_coordinator_is_not_told_at_the_second_member(
    bot: LeapBot, fake: FakeDiscord, driver: Driver, world: StandardGuild
) -> None:
    post = await _posted(bot, fake, driver, world)
    for who in (world.member, world.member2):
        await _unclear(driver, who, post)
    assert fake.dms_to(world.coordinator) == []


async def test_the_coordinator_is_told_at_the_third_member_without_names(
    bot: LeapBot, fake: FakeDiscord, driver: Driver, world: StandardGuild
) -> None:
    post = await _posted(bot, fake, driver, world)
    people = (world.member, world.member2, world.closed_dms)
    for who in people:
        await _unclear(driver, who, post)
    dms = fake.dms_to(world.coordinator)
    named = [p.username for p in people if any(p.username in m.content for m in dms)]
    named += [str(p.id) for p in people if any(str(p.id) in m.content for m in dms)]
    link = f"https://discord.com/channels/{world.guild.id}/{world.general.id}/{post.id}"
    assert ([link in m.content for m in dms], named) == ([True], [])


async def test_the_coordinator_is_told_only_once(
    bot: LeapBot, fake: FakeDiscord, driver: Driver, world: StandardGuild
) -> None:
    post = await _posted(bot, fake, driver, world)
    for who in (world.member, world.member2, world.closed_dms, world.admin):
        await _unclear(driver, who, post)
    assert len(fake.dms_to(world.coordinator)) == 1


async def test_without_a_staff_channel_every_coordinator_is_told_by_dm(
    bot: LeapBot, fake: FakeDiscord, driver: Driver, world: StandardGuild
) -> None:
    second = fake.add_user("dana")
    await driver.member_joins(second, [world.coordinator_role])
    await driver.settle()
    r = await driver.slash(world.admin, "prompt post", text=PLAIN)  # posted by an admin
    await answered(r)
    post = bot_posts(fake, world.general, bot)[-1]
    for who in (world.member, world.member2, world.closed_dms):
        await _unclear(driver, who, post)
    link = f"https://discord.com/channels/{world.guild.id}/{world.general.id}/{post.id}"
    told = [
        [link in m.content for m in fake.dms_to(person)]
        for person in (world.admin, world.coordinator, second)
    ]
    assert told == [[True], [True], [True]]


async def test_the_staff_channel_is_told_too_when_one_is_set(
    bot: LeapBot, fake: FakeDiscord, driver: Driver, world: StandardGuild
) -> None:
    await driver.slash(world.owner, "setup staff", channel=world.general)
    post = await _posted(bot, fake, driver, world)
    for who in (world.member, world.member2, world.closed_dms):
        await _unclear(driver, who, post)
    notices = [m for m in bot_posts(fake, world.general, bot) if "unclear" in m.content]
    assert (len(notices), len(fake.dms_to(world.coordinator))) == (1, 1)


async def test_the_staff_channel_is_told_when_the_posters_dms_are_closed(
    bot: LeapBot, fake: FakeDiscord, driver: Driver, world: StandardGuild
) -> None:
    await driver.slash(world.owner, "setup staff", channel=world.general)
    post = await _posted(bot, fake, driver, world)
    fake.close_dms(world.coordinator)
    for who in (world.member, world.member2, world.closed_dms):
        await _unclear(driver, who, post)
    async with bot.db.read() as conn:
        state = await conn.fetchval("SELECT unclear_notice FROM prompts")
    notices = [m for m in bot_posts(fake, world.general, bot) if "unclear" in m.content]
    assert (len(notices), state) == (1, "sent")


async def test_a_non_member_cannot_press_unclear(
    bot: LeapBot, fake: FakeDiscord, driver: Driver, world: StandardGuild
) -> None:
    post = await _posted(bot, fake, driver, world)
    outsider = fake.add_user("dave")
    fake.add_member(world.guild, outsider, [])
    r = await driver.click(outsider, post, label="This is unclear")
    async with bot.db.read() as conn:
        count = await conn.fetchval("SELECT count(*) FROM prompt_unclear")
    assert ("You need the Member role" in r.text, count) == (True, 0)


async def test_unclear_asks_no_consent_first_as_it_keeps_nothing_personal(
    bot: LeapBot, fake: FakeDiscord, driver: Driver, world: StandardGuild
) -> None:
    post = await _posted(bot, fake, driver, world)
    newcomer = fake.add_user("erin")
    fake.add_member(world.guild, newcomer, [world.member_role])
    await driver.settle()
    r = await _unclear(driver, newcomer, post)
    assert r.text.startswith("Thank you. I noted it without your name.")


async def test_without_a_staff_channel_a_poster_with_closed_dms_is_told_under_the_prompt(
    bot: LeapBot, fake: FakeDiscord, driver: Driver, world: StandardGuild
) -> None:
    post = await _posted(bot, fake, driver, world)
    fake.close_dms(world.coordinator)
    for who in (world.member, world.member2, world.closed_dms):
        await _unclear(driver, who, post)
    notes = [m for m in bot_posts(fake, world.general, bot) if "unclear" in m.content]
    assert [m.pings for m in notes] == [{f"user:{world.coordinator.id}"}]


# --- Answer anonymously -------------------------------------------------------------------


async def _answer(driver: Driver, who: Any, post: model.Message, words: str) -> Any:
    form = await driver.click(who, post, label="Answer anonymously")
    done = await answered(await driver.submit_modal(who, form, {"text": words}))
    await driver.settle()
    return form, done


async def test_answer_anonymously_opens_the_contribution_form(
    bot: LeapBot, fake: FakeDiscord, driver: Driver, world: StandardGuild
) -> None:
    post = await _posted(bot, fake, driver, world)
    form = await driver.click(world.member, post, label="Answer anonymously")
    assert (form.callback_type, form.modal["title"]) == (9, "Say it anonymously")


async def test_the_answer_is_posted_as_a_reply_to_the_prompt_without_a_name(
    bot: LeapBot, fake: FakeDiscord, driver: Driver, world: StandardGuild
) -> None:
    post = await _posted(bot, fake, driver, world)
    await _answer(driver, world.member, post, "It was too long for me.")
    [reply] = await posted(driver, fake, world.general, 1)
    assert (
        int(reply.history[0]["message_reference"]["message_id"]),
        "It was too long for me." in reply.content,
        world.member.username in reply.content,
    ) == (post.id, True, False)


async def test_an_answer_outside_a_session_says_the_letter_is_shared_for_this_question(
    bot: LeapBot, fake: FakeDiscord, driver: Driver, world: StandardGuild
) -> None:
    post = await _posted(bot, fake, driver, world)
    _, done = await _answer(driver, world.member, post, "It was too long for me.")
    assert (
        "All your answers to this question show as Contributor A" in done.text,
        "session" in done.text,
    ) == (True, False)


async def test_the_answer_is_linked_to_the_prompt(
    bot: LeapBot, fake: FakeDiscord, driver: Driver, world: StandardGuild
) -> None:
    post = await _posted(bot, fake, driver, world)
    await _answer(driver, world.member, post, "It was too long for me.")
    [row] = await rows(bot)
    assert (row.prompt_id, row.reply_to_id) == (1, post.id)


async def test_the_session_export_lists_the_prompt_an_answer_replies_to(
    bot: LeapBot, fake: FakeDiscord, driver: Driver, world: StandardGuild
) -> None:
    session = await live_session(bot, driver, world)
    await answered(
        await driver.slash(world.coordinator, "prompt post", text=PLAIN, session=str(session))
    )
    post = next(m for m in bot_posts(fake, world.general, bot) if m.content == PLAIN)
    await _answer(driver, world.member, post, "It was too long for me.")
    export = await answered(
        await driver.slash(world.coordinator, "contribution export", session=str(session))
    )
    table = list(csv.reader(io.StringIO(export.files[0].data.decode("utf-8-sig"))))
    link = f"https://discord.com/channels/{world.guild.id}/{world.general.id}/{post.id}"
    assert [r[4] for r in table[1:]] == [link]


async def test_a_non_member_cannot_answer(
    bot: LeapBot, fake: FakeDiscord, driver: Driver, world: StandardGuild
) -> None:
    post = await _posted(bot, fake, driver, world)
    outsider = fake.add_user("dave")
    fake.add_member(world.guild, outsider, [])
    r = await driver.click(outsider, post, label="Answer anonymously")
    assert (r.callback_type, "Member role" in r.text) == (4, True)
