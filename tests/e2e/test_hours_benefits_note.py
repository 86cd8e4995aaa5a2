"""Members on benefits: /hours me says plainly that some benefits limit weekly earnings and
that vouchers count, points to /support and shows the panel's own note; others see none of
it. /setup payments benefits_note stores, shows and clears that note (issue 8, point 7)."""

from __future__ import annotations

from typing import Any

import pytest
from fakediscord import Driver
from fakediscord.standard import StandardGuild
from helpers_hours import hours_bot

from bot.app import LeapBot
from bot.services import panel_settings
from bot.services.hours import payment_settings as payments

PANEL_NOTE = "Ring Sam at the Welfare Rights Unit on 0161 000 0000 before you claim."


@pytest.fixture
async def bot(leap_settings: Any, start_bot: Any, world: StandardGuild) -> LeapBot:
    """Alice gets benefits; bob does not."""
    started = await hours_bot(leap_settings, start_bot, world)
    for user, benefits in ((world.member, True), (world.member2, False)):
        await payments.set_preference(
            started.db,
            started.clock,
            guild_id=world.guild.id,
            member_id=user.id,
            method="bank",
            payee_name=user.username,
            receives_benefits=benefits,
            public_sector=False,
        )
    return started


async def _note(driver: Driver, world: StandardGuild, note: str) -> Any:
    return await driver.slash(world.admin, "setup payments", benefits_note=note)


async def _stored(bot: LeapBot, world: StandardGuild) -> str | None:
    settings = await panel_settings.get(bot.db, world.guild.id)
    return settings.benefits_note


async def test_a_member_on_benefits_is_told_about_limits_vouchers_and_support(
    bot: LeapBot, driver: Driver, world: StandardGuild
) -> None:
    r = await driver.slash(world.member, "hours me")
    assert (
        "weekly limit" in r.text,
        "vouchers still counts" in r.text,
        "/support" in r.text,
    ) == (True, True, True)


async def test_a_member_on_benefits_sees_the_panels_note(
    bot: LeapBot, driver: Driver, world: StandardGuild
) -> None:
    await _note(driver, world, PANEL_NOTE)
    r = await driver.slash(world.member, "hours me")
    assert PANEL_NOTE in r.text


async def test_a_member_not_on_benefits_sees_none_of_it(
    bot: LeapBot, driver: Driver, world: StandardGuild
) -> None:
    await _note(driver, world, PANEL_NOTE)
    r = await driver.slash(world.member2, "hours me")
    assert ("weekly limit" in r.text, "vouchers" in r.text, PANEL_NOTE in r.text) == (
        False,
        False,
        False,
    )


async def test_the_note_never_names_a_sum_they_may_earn(
    bot: LeapBot, driver: Driver, world: StandardGuild
) -> None:
    r = await driver.slash(world.member, "hours me")
    [embed] = r.embeds
    [note] = [f["value"] for f in embed["fields"] if "weekly limit" in f["value"]]
    assert ("£" in note, "can earn" in note) == (False, False)


async def test_setup_stores_and_shows_the_note(
    bot: LeapBot, driver: Driver, world: StandardGuild
) -> None:
    saved = await _note(driver, world, PANEL_NOTE)
    shown = await driver.slash(world.admin, "setup show")
    [embed] = shown.embeds
    fields = {f["name"]: f["value"] for f in embed["fields"]}
    assert (
        saved.ephemeral,
        PANEL_NOTE in saved.content,
        await _stored(bot, world),
        fields["Note for members on benefits"],
    ) == (True, True, PANEL_NOTE, PANEL_NOTE)


async def test_none_clears_the_note(bot: LeapBot, driver: Driver, world: StandardGuild) -> None:
    await _note(driver, world, PANEL_NOTE)
    await _note(driver, world, "none")
    seen = await driver.slash(world.member, "hours me")
    shown = await driver.slash(world.admin, "setup show")
    assert (await _stored(bot, world), PANEL_NOTE in seen.text, "None set" in shown.text) == (
        None,
        False,
        True,
    )


async def test_an_invisible_note_is_refused_and_the_old_one_kept(
    bot: LeapBot, driver: Driver, world: StandardGuild
) -> None:
    await _note(driver, world, PANEL_NOTE)
    r = await _note(driver, world, "\u200b\u200b\u200b")
    assert (r.ephemeral, "Saved" in r.content, await _stored(bot, world)) == (
        True,
        False,
        PANEL_NOTE,
    )


async def test_a_coordinator_cannot_set_the_note(
    bot: LeapBot, driver: Driver, world: StandardGuild
) -> None:
    r = await driver.slash(world.coordinator, "setup payments", benefits_note=PANEL_NOTE)
    assert ("Admin role" in r.content, await _stored(bot, world)) == (True, None)
