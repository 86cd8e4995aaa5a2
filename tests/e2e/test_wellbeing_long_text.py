"""/support and ground rules at and past their length limits: the longest allowed text gets
through in full, one character more is refused plainly and nothing is stored.

Discord's own client stops a member typing past an option's or a form field's limit; the
fake does not, so the tests past the limit check the bot's own refusal behind it.
"""

from __future__ import annotations

from fakediscord import Driver, FakeDiscord
from fakediscord.results import message_text
from fakediscord.standard import StandardGuild
from helpers_sessions import schedule, start

from bot.app import LeapBot
from bot.services.wellbeing import ground_rules
from storage import wellbeing


def _long(sentence: str, length: int) -> str:
    """Whole sentences repeated to exactly `length` characters, ending in a full stop."""
    body = " ".join([sentence] * (length // len(sentence) + 1))[: length - 1]
    return body[:-1] + "x." if body[-1].isspace() else body + "."


SUPPORT_2000 = _long("I am finding this week hard and I would like to talk to someone.", 2000)
RULES_4000 = _long("Be kind to each other.\nListen when others speak.", 4000)


async def _stored_support(bot: LeapBot, world: StandardGuild) -> list[str | None]:
    async with bot.db.read() as conn:
        found = await wellbeing.support_for(conn, world.guild.id, world.member.id)
    return [r.message for r in found]


async def test_a_2000_character_support_message_is_confirmed_and_reaches_coordinators_in_full(
    bot: LeapBot, driver: Driver, world: StandardGuild, fake: FakeDiscord
) -> None:
    asked = await driver.slash(world.member, "support", message=SUPPORT_2000)
    confirm = (asked.ephemeral, "will see your name" in asked.content, SUPPORT_2000 in asked.text)
    sent = await driver.click(world.member, asked, label="Send to coordinators")
    await sent.wait_followup()
    await bot.notifier.wait_idle()
    told = "\n".join(message_text(m) for m in fake.dms_to(world.coordinator))
    assert (
        len(SUPPORT_2000),
        confirm,
        SUPPORT_2000 in told,
        await _stored_support(bot, world),
    ) == (2000, (True, True, True), True, [SUPPORT_2000])


async def test_a_support_message_over_2000_characters_is_refused_and_nothing_kept(
    bot: LeapBot, driver: Driver, world: StandardGuild, fake: FakeDiscord
) -> None:
    refused = await driver.slash(world.member, "support", message=SUPPORT_2000 + "!")
    await driver.settle()
    assert (
        refused.ephemeral,
        refused.content,
        refused.components,
        await _stored_support(bot, world),
        fake.dms_to(world.coordinator),
    ) == (
        True,
        "Your message is too long. Please keep it to 2000 characters or fewer.",
        [],
        [],
        [],
    )


async def test_ground_rules_of_4000_characters_are_shown_in_full_with_i_agree(
    bot: LeapBot, driver: Driver, world: StandardGuild
) -> None:
    form = await driver.slash(world.coordinator, "setup groundrules")
    await driver.submit_modal(world.coordinator, form, {"Ground rules": RULES_4000})
    shown = await driver.slash(world.member, "groundrules")
    labels = [c["label"] for row in shown.components for c in row["components"]]
    assert (len(RULES_4000), RULES_4000 in shown.text, labels) == (4000, True, ["I agree"])


async def test_ground_rules_over_4000_characters_are_refused_and_the_old_ones_kept(
    bot: LeapBot, driver: Driver, world: StandardGuild
) -> None:
    await driver.slash(world.coordinator, "setup groundrules", text="Be kind.")
    typed = await driver.slash(world.coordinator, "setup groundrules", text=RULES_4000 + "!")
    form = await driver.slash(world.coordinator, "setup groundrules")
    filled = await driver.submit_modal(world.coordinator, form, {"Ground rules": RULES_4000 + "!"})
    refusal = "The ground rules are too long. Please keep them to 4000 characters."
    assert (
        (typed.ephemeral, typed.content),
        (filled.ephemeral, filled.content),
        await ground_rules.current(bot.db, world.guild.id),
    ) == ((True, refusal), (True, refusal), "Be kind.")


async def test_the_start_card_shows_long_ground_rules_up_to_a_whole_line_and_says_there_is_more(
    bot: LeapBot, driver: Driver, world: StandardGuild
) -> None:
    form = await driver.slash(world.coordinator, "setup groundrules")
    await driver.submit_modal(world.coordinator, form, {"Ground rules": RULES_4000})
    await schedule(driver, world)
    card = await (await start(driver, world)).wait_message(world.panel_voice)
    [rules] = [f["value"] for f in card.embeds[0]["fields"] if f["name"] == "Ground rules"]
    shown, pointer = rules.rsplit("\n", 1)
    kept = shown.removesuffix(" …")
    assert (
        len(rules) <= 1024,
        pointer,
        RULES_4000.startswith(kept),
        kept.endswith("."),
    ) == (True, "There is more. Read all the ground rules with /groundrules.", True, True)
