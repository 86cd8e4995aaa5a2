"""/prompt check and /prompt post end to end: the report, posting at once, and a hard
prompt's Edit and Post anyway."""

from __future__ import annotations

import re
from typing import Any

from fakediscord import Driver, FakeDiscord
from fakediscord.standard import StandardGuild
from helpers_prompts import HARD, PLAIN, PLAINER, bot_posts, labels
from helpers_sessions import answered, schedule

from bot.app import LeapBot
from storage import audit
from storage import prompts as repo


async def _prompt_count(bot: LeapBot) -> int:
    async with bot.db.read() as conn:
        return int(await conn.fetchval("SELECT count(*) FROM prompts"))


# --- /prompt check ------------------------------------------------------------------------


async def test_check_shows_the_score_as_a_number_on_a_named_line(
    bot: LeapBot, driver: Driver, world: StandardGuild
) -> None:
    r = await driver.slash(world.coordinator, "prompt check", text=HARD)
    lines = [ln for ln in r.text.splitlines() if re.search(r"(?i)reading ease|score", ln)]
    assert [bool(re.search(r"\d+", ln)) for ln in lines[:1]] == [True]


async def test_check_names_a_reading_age_band(
    bot: LeapBot, driver: Driver, world: StandardGuild
) -> None:
    r = await driver.slash(world.coordinator, "prompt check", text=HARD)
    assert "about age 17 and over: hard" in r.text


async def test_check_quotes_the_long_jargon_sentence_with_its_word_count(
    bot: LeapBot, driver: Driver, world: StandardGuild
) -> None:
    r = await driver.slash(world.coordinator, "prompt check", text=HARD)
    quoted = [ln for ln in r.text.splitlines() if ln.startswith('> "The longitudinal cohort')]
    assert [ln.endswith("(29 words)") for ln in quoted] == [True]


async def test_check_names_each_hard_word_with_its_meaning_on_its_own_line(
    bot: LeapBot, driver: Driver, world: StandardGuild
) -> None:
    r = await driver.slash(world.coordinator, "prompt check", text=HARD)
    lines = r.text.splitlines()
    named = [w for w in ("cohort", "efficacy", "methodology") if f"**{w}**: " in "\n".join(lines)]
    meaning = [ln for ln in lines if ln.startswith("**cohort**: A group of people")]
    assert (named, len(meaning)) == (["cohort", "efficacy", "methodology"], 1)


async def test_check_gives_a_concrete_tip(
    bot: LeapBot, driver: Driver, world: StandardGuild
) -> None:
    r = await driver.slash(world.coordinator, "prompt check", text=HARD)
    assert "Split the longest sentence (29 words)" in r.text


async def test_check_is_private_and_posts_nothing(
    bot: LeapBot, fake: FakeDiscord, driver: Driver, world: StandardGuild
) -> None:
    r = await driver.slash(world.coordinator, "prompt check", text=HARD)
    assert (r.ephemeral, bot_posts(fake, world.general, bot), await _prompt_count(bot)) == (
        True,
        [],
        0,
    )


async def test_check_without_text_opens_a_form_that_gives_the_report(
    bot: LeapBot, driver: Driver, world: StandardGuild
) -> None:
    form = await driver.slash(world.coordinator, "prompt check")
    r = await driver.submit_modal(world.coordinator, form, {"question": HARD + "\nAnd more."})
    assert (form.callback_type, r.ephemeral, "Reading ease:" in r.text) == (9, True, True)


async def test_a_member_cannot_check(bot: LeapBot, driver: Driver, world: StandardGuild) -> None:
    r = await driver.slash(world.member, "prompt check", text=HARD)
    assert (r.ephemeral, "You need the Coordinator role" in r.text) == (True, True)


async def test_empty_text_gets_a_plain_message(
    bot: LeapBot, driver: Driver, world: StandardGuild
) -> None:
    r = await driver.slash(world.coordinator, "prompt post", text="   ")
    assert (r.ephemeral, r.text, await _prompt_count(bot)) == (
        True,
        "Please write the question you want to put to the panel.",
        0,
    )


async def test_text_over_2000_characters_is_refused_and_nothing_is_stored(
    bot: LeapBot, fake: FakeDiscord, driver: Driver, world: StandardGuild
) -> None:
    r = await driver.slash(world.coordinator, "prompt post", text="Is this fine? " * 150)
    assert (
        "it has 2,099 letters" in r.text,
        await _prompt_count(bot),
        bot_posts(fake, world.general, bot),
    ) == (True, 0, [])


async def test_only_emoji_and_links_are_refused(
    bot: LeapBot, driver: Driver, world: StandardGuild
) -> None:
    r = await driver.slash(
        world.coordinator, "prompt check", text="🙂 🎉 https://example.org/a <:wave:123456>"
    )
    assert r.text == "Please write your question in words, not only emoji or links."


# --- /prompt post: plain ------------------------------------------------------------------


async def test_a_plain_prompt_is_posted_at_once_with_its_buttons(
    bot: LeapBot, fake: FakeDiscord, driver: Driver, world: StandardGuild
) -> None:
    await answered(await driver.slash(world.coordinator, "prompt post", text=PLAIN))
    posts = bot_posts(fake, world.general, bot)
    assert [(p.content, labels(p)) for p in posts] == [
        (PLAIN, ["Explain words", "This is unclear", "Answer anonymously"])
    ]


async def test_the_coordinator_is_told_where_it_was_posted(
    bot: LeapBot, fake: FakeDiscord, driver: Driver, world: StandardGuild
) -> None:
    r = await answered(await driver.slash(world.coordinator, "prompt post", text=PLAIN))
    await r.wait_response()
    post = bot_posts(fake, world.general, bot)[0]
    assert (r.ephemeral, f"/{world.general.id}/{post.id}" in r.text) == (True, True)


async def test_a_posted_prompt_pings_nobody(
    bot: LeapBot, fake: FakeDiscord, driver: Driver, world: StandardGuild
) -> None:
    await answered(await driver.slash(world.coordinator, "prompt post", text=f"@everyone {PLAIN}"))
    assert [p.pings for p in bot_posts(fake, world.general, bot)] == [set()]


async def test_a_prompt_for_a_session_goes_to_its_channel_and_is_linked(
    bot: LeapBot, fake: FakeDiscord, driver: Driver, world: StandardGuild
) -> None:
    await schedule(driver, world)
    await answered(await driver.slash(world.coordinator, "prompt post", text=PLAIN, session="1"))
    async with bot.db.read() as conn:
        linked = await repo.for_session(conn, 1)
    posted = [p.content for p in bot_posts(fake, world.panel_voice, bot) if p.content]
    assert (posted, [p.text for p in linked]) == (
        [PLAIN],
        [PLAIN],
    )


async def test_posting_is_audited(bot: LeapBot, driver: Driver, world: StandardGuild) -> None:
    r = await answered(await driver.slash(world.coordinator, "prompt post", text=PLAIN))
    await r.wait_response()
    async with bot.db.read() as conn:
        entries = await audit.recent(conn, world.guild.id, action="prompt.posted")
    assert [e.actor_id for e in entries] == [world.coordinator.id]


async def test_post_without_text_opens_a_form_and_posts_the_answer(
    bot: LeapBot, fake: FakeDiscord, driver: Driver, world: StandardGuild
) -> None:
    form = await driver.slash(world.coordinator, "prompt post")
    two_lines = "What did you like?\nWhat would you change?"
    await answered(await driver.submit_modal(world.coordinator, form, {"question": two_lines}))
    assert [p.content for p in bot_posts(fake, world.general, bot)] == [two_lines]


# --- /prompt post: hard -------------------------------------------------------------------


async def test_a_hard_prompt_is_not_posted_and_offers_edit_and_post_anyway(
    bot: LeapBot, fake: FakeDiscord, driver: Driver, world: StandardGuild
) -> None:
    r = await driver.slash(world.coordinator, "prompt post", text=HARD)
    assert (r.ephemeral, labels(r), bot_posts(fake, world.general, bot)) == (
        True,
        ["Edit", "Post anyway"],
        [],
    )


async def test_the_hard_prompt_reply_carries_the_report(
    bot: LeapBot, driver: Driver, world: StandardGuild
) -> None:
    r = await driver.slash(world.coordinator, "prompt post", text=HARD)
    assert ("I have not posted this yet" in r.text, "Reading ease: 0 out of 100" in r.text) == (
        True,
        True,
    )


async def test_edit_opens_a_form_filled_with_the_text(
    bot: LeapBot, driver: Driver, world: StandardGuild
) -> None:
    r = await driver.slash(world.coordinator, "prompt post", text=HARD)
    form = await driver.click(world.coordinator, r, label="Edit")
    fields = [c["component"] for c in form.modal["components"] if c["type"] == 18]
    fields += [c for row in form.modal["components"] if row["type"] == 1 for c in row["components"]]
    assert [f.get("value") for f in fields] == [HARD]


async def test_an_edit_that_reads_well_is_posted(
    bot: LeapBot, fake: FakeDiscord, driver: Driver, world: StandardGuild
) -> None:
    r = await driver.slash(world.coordinator, "prompt post", text=HARD)
    form = await driver.click(world.coordinator, r, label="Edit")
    done = await driver.submit_modal(world.coordinator, form, {"question": PLAINER})
    await driver.settle()
    posts = bot_posts(fake, world.general, bot)
    assert ([p.content for p in posts], "Posted in" in r.message.content, labels(done)) == (
        [PLAINER],
        True,
        [],
    )


async def test_an_edit_that_is_still_hard_shows_the_new_report_and_posts_nothing(
    bot: LeapBot, fake: FakeDiscord, driver: Driver, world: StandardGuild
) -> None:
    r = await driver.slash(world.coordinator, "prompt post", text=HARD)
    form = await driver.click(world.coordinator, r, label="Edit")
    still = HARD.replace("every stakeholder", "each stakeholder")
    await driver.submit_modal(world.coordinator, form, {"question": still})
    assert (
        "still harder to read" in r.message.content,
        labels(r.message),
        bot_posts(fake, world.general, bot),
    ) == (True, ["Edit", "Post anyway"], [])


async def test_post_anyway_posts_the_text_unchanged(
    bot: LeapBot, fake: FakeDiscord, driver: Driver, world: StandardGuild
) -> None:
    r = await driver.slash(world.coordinator, "prompt post", text=HARD)
    await driver.click(world.coordinator, r, label="Post anyway")
    await driver.settle()
    posts = bot_posts(fake, world.general, bot)
    assert [(p.content, labels(p)) for p in posts] == [
        (HARD, ["Explain words", "This is unclear", "Answer anonymously"])
    ]


async def test_post_anyway_is_noted_in_the_audit_log(
    bot: LeapBot, driver: Driver, world: StandardGuild
) -> None:
    r = await driver.slash(world.coordinator, "prompt post", text=HARD)
    await driver.click(world.coordinator, r, label="Post anyway")
    await driver.settle()
    async with bot.db.read() as conn:
        entries = await audit.recent(conn, world.guild.id, action="prompt.posted_anyway")
    assert [(e.actor_id, e.target) for e in entries] == [(world.coordinator.id, "prompt:1")]


async def test_post_anyway_pressed_twice_posts_once(
    bot: LeapBot, fake: FakeDiscord, driver: Driver, world: StandardGuild
) -> None:
    r = await driver.slash(world.coordinator, "prompt post", text=HARD)
    copy = r.message.components  # the buttons as they were before the first press
    await driver.click(world.coordinator, r, label="Post anyway")
    await driver.settle()
    r.message.components = copy
    again = await driver.click(world.coordinator, r, label="Post anyway")
    await driver.settle()
    assert (len(bot_posts(fake, world.general, bot)), "already been posted" in again.text) == (
        1,
        True,
    )


async def test_post_anyway_works_after_a_restart(
    bot: LeapBot,
    fake: FakeDiscord,
    driver: Driver,
    world: StandardGuild,
    leap_settings: Any,
    start_bot: Any,
) -> None:
    r = await driver.slash(world.coordinator, "prompt post", text=HARD)
    await start_bot.restart(bot, LeapBot(leap_settings, clock=bot.clock))
    await driver.click(world.coordinator, r, label="Post anyway")
    await driver.settle()
    assert [p.content for p in bot_posts(fake, world.general, bot)] == [HARD]


async def test_a_post_that_discord_refuses_stays_a_draft(
    bot: LeapBot, fake: FakeDiscord, driver: Driver, world: StandardGuild
) -> None:
    fake.fail("POST", f"/channels/{world.general.id}/messages", status=403, code=50013)
    r = await answered(await driver.slash(world.coordinator, "prompt post", text=PLAIN))
    await r.wait_response()
    async with bot.db.read() as conn:
        stored = await repo.get(conn, 1)
    assert (stored is not None and stored.status, "I could not post" in r.text) == (
        "draft",
        True,
    )


# --- /setup prompts threshold -------------------------------------------------------------


async def test_a_lower_threshold_lets_a_harder_prompt_through(
    bot: LeapBot, fake: FakeDiscord, driver: Driver, world: StandardGuild
) -> None:
    middling = (  # reading ease 56
        "We looked at several other reasons before deciding. "
        "Which reason seems most sensible to you today?"
    )
    first = await driver.slash(world.coordinator, "prompt post", text=middling)
    await driver.slash(world.coordinator, "setup prompts", threshold=50)
    await answered(await driver.slash(world.coordinator, "prompt post", text=middling))
    assert (labels(first), [p.content for p in bot_posts(fake, world.general, bot)]) == (
        ["Edit", "Post anyway"],
        [middling],
    )


async def test_a_member_cannot_change_the_threshold(
    bot: LeapBot, driver: Driver, world: StandardGuild
) -> None:
    r = await driver.slash(world.member, "setup prompts", threshold=10)
    assert "You need the Coordinator role" in r.text
