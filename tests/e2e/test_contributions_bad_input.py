"""Bad input to /contribute and /contribution: a plain private message, nothing changed."""

from __future__ import annotations

import pytest
from fakediscord import Driver, FakeDiscord
from fakediscord.standard import StandardGuild
from helpers_contributions import contribute, live_session, posted, rows

from bot.app import LeapBot
from bot.text import contributions as text


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        ("   ", text.EMPTY),
        ("x" * 1501, "The post is too long. Please keep it to 1500 characters or fewer."),
        ("😀🎉👍🏽", text.NO_WORDS),
        ("<:party:123456789012345678> **  **", text.NO_WORDS),
        ("hello\x07 there", text.CONTROL_CHARS),
        ("see \u202ethis", text.CONTROL_CHARS),
        ("```\nopen but never closed", text.UNCLOSED_CODE),
        ("I agree.\n**Contributor B** · #7\nI do not.", text.FAKE_HEADER),
    ],
    ids=[
        "blank",
        "1501 characters",
        "only emoji",
        "only markup",
        "control character",
        "direction override",
        "unclosed code block",
        "fake post header",
    ],
)
async def test_bad_text_is_refused_and_nothing_is_stored(
    bot: LeapBot, driver: Driver, world: StandardGuild, words: str, expected: str
) -> None:
    await live_session(bot, driver, world)
    r = await contribute(driver, world.member, words)
    assert (r.ephemeral, r.content, await rows(bot)) == (True, expected, [])


async def test_1500_characters_are_fine(
    bot: LeapBot, driver: Driver, fake: FakeDiscord, world: StandardGuild
) -> None:
    await live_session(bot, driver, world)
    await contribute(driver, world.member, "y" * 1500)
    [post] = await posted(driver, fake, world.general, 1)
    assert post.content.endswith("y" * 1500)


async def test_markdown_that_closes_is_posted_as_written(
    bot: LeapBot, driver: Driver, fake: FakeDiscord, world: StandardGuild
) -> None:
    await live_session(bot, driver, world)
    await contribute(driver, world.member, "**Please** read ```this``` and Contributor A's point")
    [post] = await posted(driver, fake, world.general, 1)
    assert post.content.endswith("**Please** read ```this``` and Contributor A's point")


@pytest.mark.parametrize("number", ["99", "#99", "abc", "0"])
async def test_an_unknown_number_is_refused_plainly(
    bot: LeapBot, driver: Driver, world: StandardGuild, number: str
) -> None:
    await live_session(bot, driver, world)
    await contribute(driver, world.member, "Keep this one.")
    r = await driver.slash(world.member, "contribution delete", id=number)
    expected = text.NUMBER_BAD if number in ("abc", "0") else text.NOT_YOURS_OR_GONE
    assert (r.ephemeral, r.content, [c.status for c in await rows(bot)]) == (
        True,
        expected,
        ["shown"],
    )


async def test_a_hide_with_a_blank_reason_is_refused(
    bot: LeapBot, driver: Driver, world: StandardGuild
) -> None:
    await live_session(bot, driver, world)
    await contribute(driver, world.member, "Keep this one.")
    r = await driver.slash(world.coordinator, "contribution hide", id="1", reason="   ")
    assert (r.content, [c.status for c in await rows(bot)]) == (text.EMPTY_REASON, ["shown"])


async def test_hiding_an_unknown_number_is_refused(
    bot: LeapBot, driver: Driver, world: StandardGuild
) -> None:
    await live_session(bot, driver, world)
    r = await driver.slash(world.coordinator, "contribution hide", id="5", reason="Off topic")
    assert r.content == text.HIDE_NOT_FOUND
