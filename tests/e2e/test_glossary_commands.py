"""/glossary end to end: explain (with autocomplete), and a panel's own words with add,
remove and list, including who may change them."""

from __future__ import annotations

from fakediscord import Driver
from fakediscord.standard import StandardGuild

from bot.app import LeapBot
from bot.services.readability import load_default_glossary
from storage import audit
from storage import glossary as repo

PLAIN_MEANING = "A small group of members who meet to plan the next session."


async def _own(bot: LeapBot, world: StandardGuild) -> dict[str, str]:
    async with bot.db.read() as conn:
        return {t.term: t.meaning for t in await repo.for_guild(conn, world.guild.id)}


# --- explain ------------------------------------------------------------------------------


async def test_anyone_can_have_a_built_in_word_explained(
    bot: LeapBot, driver: Driver, world: StandardGuild
) -> None:
    r = await driver.slash(world.member, "glossary explain", term="cohort")
    assert (r.ephemeral, r.text) == (True, f"**cohort**: {load_default_glossary()['cohort']}")


async def test_explain_understands_plurals_and_american_spelling(
    bot: LeapBot, driver: Driver, world: StandardGuild
) -> None:
    r = await driver.slash(world.member, "glossary explain", term="Randomized")
    assert r.text.startswith("**randomised**: ")


async def test_an_unknown_word_gets_a_plain_message_with_a_close_match(
    bot: LeapBot, driver: Driver, world: StandardGuild
) -> None:
    r = await driver.slash(world.member, "glossary explain", term="cohrot")
    assert (r.ephemeral, "I do not know the word 'cohrot' yet" in r.text, "cohort" in r.text) == (
        True,
        True,
        True,
    )


async def test_a_word_over_60_letters_is_refused(
    bot: LeapBot, driver: Driver, world: StandardGuild
) -> None:
    r = await driver.slash(world.member, "glossary explain", term="a" * 61)
    assert r.text == "That word is too long. Please keep it to 60 letters or fewer."


async def test_autocomplete_offers_words_starting_with_what_was_typed(
    bot: LeapBot, driver: Driver, world: StandardGuild
) -> None:
    r = await driver.autocomplete(world.member, "glossary explain", focused="term", term="co")
    names = [c["name"] for c in r]
    assert names[:3] == ["co-design", "co-production", "coding"]


async def test_autocomplete_finds_a_misspelt_word(
    bot: LeapBot, driver: Driver, world: StandardGuild
) -> None:
    r = await driver.autocomplete(world.member, "glossary explain", focused="term", term="efficasy")
    assert "efficacy" in [c["value"] for c in r]


async def test_autocomplete_includes_the_panels_own_words(
    bot: LeapBot, driver: Driver, world: StandardGuild
) -> None:
    await driver.slash(world.coordinator, "glossary add", term="Huddle", meaning=PLAIN_MEANING)
    r = await driver.autocomplete(world.member, "glossary explain", focused="term", term="hud")
    assert [c["value"] for c in r] == ["huddle"]


# --- add ----------------------------------------------------------------------------------


async def test_a_coordinator_adds_a_word_and_members_can_look_it_up(
    bot: LeapBot, driver: Driver, world: StandardGuild
) -> None:
    added = await driver.slash(
        world.coordinator, "glossary add", term="Huddle", meaning=PLAIN_MEANING
    )
    r = await driver.slash(world.member, "glossary explain", term="huddle")
    assert (added.ephemeral, r.text.splitlines()) == (
        True,
        [f"**huddle**: {PLAIN_MEANING}", "This meaning was written by your panel."],
    )


async def test_adding_a_word_is_audited(bot: LeapBot, driver: Driver, world: StandardGuild) -> None:
    await driver.slash(world.coordinator, "glossary add", term="Huddle", meaning=PLAIN_MEANING)
    async with bot.db.read() as conn:
        entries = await audit.recent(conn, world.guild.id, action="glossary.add")
    assert [(e.actor_id, e.target) for e in entries] == [(world.coordinator.id, "glossary:huddle")]


async def test_a_member_cannot_add_a_word(
    bot: LeapBot, driver: Driver, world: StandardGuild
) -> None:
    r = await driver.slash(world.member, "glossary add", term="Huddle", meaning=PLAIN_MEANING)
    assert ("You need the Coordinator role" in r.text, await _own(bot, world)) == (True, {})


async def test_a_hard_meaning_is_refused_with_the_reason(
    bot: LeapBot, driver: Driver, world: StandardGuild
) -> None:
    hard = (
        "A multidisciplinary methodological consideration regarding heterogeneous "
        "epidemiological characteristics of populations."
    )
    r = await driver.slash(world.coordinator, "glossary add", term="Huddle", meaning=hard)
    assert (
        "its reading ease is 0 out of 100, and it needs 60 or more" in r.text,
        "methodology" not in r.text,  # the reason names what makes it hard, in plain words
        await _own(bot, world),
    ) == (True, True, {})


async def test_a_hard_meaning_names_the_hard_glossary_words_in_it(
    bot: LeapBot, driver: Driver, world: StandardGuild
) -> None:
    hard = "The longitudinal efficacy of the intervention, assessed qualitatively by stakeholders."
    r = await driver.slash(world.coordinator, "glossary add", term="Huddle", meaning=hard)
    assert "Swap these hard words for plainer ones: longitudinal, efficacy, intervention" in r.text


async def test_a_short_meaning_needs_no_score(
    bot: LeapBot, driver: Driver, world: StandardGuild
) -> None:
    await driver.slash(
        world.coordinator, "glossary add", term="HRA", meaning="Health Research Authority."
    )
    assert (await _own(bot, world))["hra"] == "Health Research Authority."


async def test_a_meaning_over_400_letters_is_refused(
    bot: LeapBot, driver: Driver, world: StandardGuild
) -> None:
    r = await driver.slash(
        world.coordinator, "glossary add", term="Huddle", meaning="We meet. " * 45
    )
    assert ("Please keep it to 400 or fewer" in r.text, await _own(bot, world)) == (True, {})


async def test_a_term_over_60_letters_is_not_added(
    bot: LeapBot, driver: Driver, world: StandardGuild
) -> None:
    r = await driver.slash(world.coordinator, "glossary add", term="b" * 61, meaning=PLAIN_MEANING)
    assert ("60 letters or fewer" in r.text, await _own(bot, world)) == (True, {})


async def test_a_term_of_emoji_or_a_mention_is_not_added(
    bot: LeapBot, driver: Driver, world: StandardGuild
) -> None:
    r = await driver.slash(
        world.coordinator, "glossary add", term=f"<@{world.member.id}> 🙂", meaning=PLAIN_MEANING
    )
    assert ("Leave out emoji, links and mentions" in r.text, await _own(bot, world)) == (True, {})


# --- override, remove, list ---------------------------------------------------------------


async def test_a_panel_meaning_overrides_a_built_in_one(
    bot: LeapBot, driver: Driver, world: StandardGuild
) -> None:
    added = await driver.slash(
        world.coordinator,
        "glossary add",
        term="cohort",
        meaning="The group of us who joined in May.",
    )
    r = await driver.slash(world.member, "glossary explain", term="cohorts")
    assert ("replaces the built-in meaning" in added.text, r.text.splitlines()[0]) == (
        True,
        "**cohort**: The group of us who joined in May.",
    )


async def test_removing_an_override_brings_back_the_built_in_meaning(
    bot: LeapBot, driver: Driver, world: StandardGuild
) -> None:
    await driver.slash(
        world.coordinator,
        "glossary add",
        term="cohort",
        meaning="The group of us who joined in May.",
    )
    removed = await driver.slash(world.coordinator, "glossary remove", term="cohort")
    r = await driver.slash(world.member, "glossary explain", term="cohort")
    built_in = load_default_glossary()["cohort"]
    assert ("The built-in meaning is back" in removed.text, r.text) == (
        True,
        f"**cohort**: {built_in}",
    )


async def test_a_member_cannot_remove_a_word(
    bot: LeapBot, driver: Driver, world: StandardGuild
) -> None:
    await driver.slash(world.coordinator, "glossary add", term="Huddle", meaning=PLAIN_MEANING)
    r = await driver.slash(world.member, "glossary remove", term="huddle")
    assert ("You need the Coordinator role" in r.text, list(await _own(bot, world))) == (
        True,
        ["huddle"],
    )


async def test_removing_a_built_in_word_is_refused_plainly(
    bot: LeapBot, driver: Driver, world: StandardGuild
) -> None:
    r = await driver.slash(world.coordinator, "glossary remove", term="cohort")
    assert "built-in words cannot be removed" in r.text


async def test_removing_an_unknown_word_is_refused_plainly(
    bot: LeapBot, driver: Driver, world: StandardGuild
) -> None:
    r = await driver.slash(world.coordinator, "glossary remove", term="zebra crossing")
    assert r.text == (
        "Your panel has no word 'zebra crossing' of its own, so there is nothing to remove."
    )


async def test_list_shows_only_the_panels_own_words(
    bot: LeapBot, driver: Driver, world: StandardGuild
) -> None:
    await driver.slash(world.coordinator, "glossary add", term="Huddle", meaning=PLAIN_MEANING)
    r = await driver.slash(world.coordinator, "glossary list")
    assert r.text.splitlines() == ["Your panel's own words (1):", f"**huddle**: {PLAIN_MEANING}"]


async def test_list_with_no_words_says_so(
    bot: LeapBot, driver: Driver, world: StandardGuild
) -> None:
    r = await driver.slash(world.coordinator, "glossary list")
    assert r.text.startswith("Your panel has no words of its own yet.")
