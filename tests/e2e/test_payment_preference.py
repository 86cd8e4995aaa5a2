"""/payment preference end to end: the form, what is saved, what the member is told."""

from __future__ import annotations

from typing import Any

import pytest
from fakediscord import Driver
from fakediscord.standard import StandardGuild
from helpers_hours import hours_bot

from bot.app import LeapBot
from bot.services.hours import payment_settings as payments


@pytest.fixture
async def bot(leap_settings: Any, start_bot: Any, world: StandardGuild) -> LeapBot:
    return await hours_bot(leap_settings, start_bot, world)


def _labels(form: Any) -> list[str]:
    return [c.get("label", "") for c in form.modal["components"] if c["type"] == 18]


def _hints(form: Any) -> str:
    return " ".join(c.get("description", "") for c in form.modal["components"])


async def test_the_form_says_no_bank_details_are_kept(
    bot: LeapBot, driver: Driver, world: StandardGuild
) -> None:
    form = await driver.slash(world.member, "payment preference")
    assert (
        form.callback_type,
        "never keep bank details, NI numbers or addresses" in _hints(form),
    ) == (
        9,
        True,
    )


async def test_the_form_asks_method_name_and_flags(
    bot: LeapBot, driver: Driver, world: StandardGuild
) -> None:
    form = await driver.slash(world.member, "payment preference")
    assert _labels(form) == [
        "How do you want to be paid?",
        "Name finance should pay",
        "Anything finance should know? (optional)",
    ]


async def test_a_preference_is_saved(bot: LeapBot, driver: Driver, world: StandardGuild) -> None:
    form = await driver.slash(world.member, "payment preference")
    r = await driver.submit_modal(
        world.member,
        form,
        {"method": ["voucher"], "payee": "Alice Smith", "flags": ["benefits", "public_sector"]},
    )
    saved = await payments.preference(bot.db, world.guild.id, world.member.id)
    assert (
        saved.payment_method,
        saved.payee_name,
        saved.receives_benefits,
        saved.public_sector,
        r.ephemeral,
    ) == ("voucher", "Alice Smith", True, True, True)


async def test_benefit_members_are_told_about_their_totals(
    bot: LeapBot, driver: Driver, world: StandardGuild
) -> None:
    form = await driver.slash(world.member, "payment preference")
    r = await driver.submit_modal(
        world.member, form, {"method": ["bank"], "payee": "A Smith", "flags": ["benefits"]}
    )
    assert "/hours me" in r.content


async def test_declining_needs_no_name(bot: LeapBot, driver: Driver, world: StandardGuild) -> None:
    form = await driver.slash(world.member, "payment preference")
    r = await driver.submit_modal(world.member, form, {"method": ["decline"]})
    saved = await payments.preference(bot.db, world.guild.id, world.member.id)
    assert (saved.payment_method, "chose not to be paid" in r.content) == ("decline", True)


async def test_bank_transfer_without_a_name_is_refused(
    bot: LeapBot, driver: Driver, world: StandardGuild
) -> None:
    form = await driver.slash(world.member, "payment preference")
    r = await driver.submit_modal(world.member, form, {"method": ["bank"]})
    saved = await payments.preference(bot.db, world.guild.id, world.member.id)
    assert (saved.payment_method, "Please give the name" in r.content) == (None, True)


async def test_the_form_opens_with_what_is_saved(
    bot: LeapBot, driver: Driver, world: StandardGuild
) -> None:
    first = await driver.slash(world.member, "payment preference")
    await driver.submit_modal(world.member, first, {"method": ["voucher"], "payee": "Al"})
    again = await driver.slash(world.member, "payment preference")
    payee = next(c["component"] for c in again.modal["components"] if c["type"] == 18
                 and c["component"]["custom_id"] == "payee")  # fmt: skip
    assert payee.get("value") == "Al"


async def test_a_budget_code_too_long_is_stopped_at_the_real_limit_and_says_it(
    bot: LeapBot, driver: Driver, world: StandardGuild
) -> None:
    _, _, leaf = driver.command("setup payments")
    [option] = [o for o in leaf["options"] if o["name"] == "budget_code"]
    r = await driver.slash(world.admin, "setup payments", budget_code="B" * 41)
    assert (option["max_length"], r.ephemeral, "40 letters or fewer" in r.content) == (
        40,
        True,
        True,
    )
