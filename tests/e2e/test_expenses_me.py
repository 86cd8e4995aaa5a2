"""/hours me shows a member's expenses (kind, amount, status) in their own part of the card,
never added to the hours and pay totals."""

from __future__ import annotations

import hashlib
import json
from typing import Any

import pytest
from fakediscord import Driver, Upload
from fakediscord.standard import StandardGuild
from helpers_hours import claimed, hours_bot, prefer

from bot.app import LeapBot
from bot.services.hours import expenses as costs
from bot.services.hours import ledger as hours


@pytest.fixture
async def bot(leap_settings: Any, start_bot: Any, world: StandardGuild) -> LeapBot:
    return await hours_bot(leap_settings, start_bot, world)


async def claim(driver: Driver, world: StandardGuild, amount: str, kind: str = "travel") -> None:
    await driver.slash(world.member, "expenses claim", kind=kind, amount=amount)


async def decide(bot: LeapBot, world: StandardGuild, expense_id: int, **kw: Any) -> None:
    await costs.decide(
        bot.db,
        bot.clock,
        guild_id=world.guild.id,
        expense_id=expense_id,
        actor_id=world.coordinator.id,
        approve=kw.get("approve", True),
        reason=kw.get("reason"),
    )


def fields(result: Any) -> dict[str, str]:
    [embed] = result.embeds
    return {f["name"]: f["value"] for f in embed["fields"]}


async def test_expenses_have_their_own_part_with_kind_amount_and_status(
    bot: LeapBot, driver: Driver, world: StandardGuild
) -> None:
    await claim(driver, world, "4.50")
    await claim(driver, world, "12", kind="printing")
    await decide(bot, world, 1)
    r = await driver.slash(world.member, "hours me")
    mine = fields(r)["Your expenses"]
    assert (
        "Expense 2: £12.00 for printing" in mine and "Waiting" in mine,
        "Expense 1: £4.50 for travel fares" in mine and "Approved" in mine,
        "Costs to be paid back: £4.50. Waiting for a decision: £12.00." in mine,
    ) == (True, True, True)


async def test_expenses_are_not_added_to_hours_pay(
    bot: LeapBot, driver: Driver, world: StandardGuild
) -> None:
    entry = await claimed(bot, world, world.member.id, 60)
    await hours.approve(
        bot.db, bot.clock, guild_id=world.guild.id, entry_id=entry.id, actor_id=world.coordinator.id
    )
    await claim(driver, world, "30")
    await decide(bot, world, 1)
    r = await driver.slash(world.member, "hours me")
    totals = fields(r)["Your totals"]
    assert ("Approved, not paid yet: £12.00" in totals, "£42.00" in totals) == (True, False)


async def test_a_rejected_expense_shows_the_reason(
    bot: LeapBot, driver: Driver, world: StandardGuild
) -> None:
    await claim(driver, world, "9")
    await decide(bot, world, 1, approve=False, reason="Please claim it with a receipt")
    r = await driver.slash(world.member, "hours me")
    mine = fields(r)["Your expenses"]
    assert ("Not approved" in mine, "Please claim it with a receipt" in mine) == (True, True)


async def test_a_paid_expense_names_its_payment_run(
    bot: LeapBot, driver: Driver, world: StandardGuild
) -> None:
    await prefer(bot, world, world.member.id, "Alice Smith")
    await claim(driver, world, "9")
    await decide(bot, world, 1)
    exported = await driver.slash(world.admin, "hours export", **{"from": "this month"})
    await exported.wait_response()
    r = await driver.slash(world.member, "hours me")
    assert "Sent for payment in run 1" in fields(r)["Your expenses"]


async def test_another_member_s_expenses_are_not_shown(
    bot: LeapBot, driver: Driver, world: StandardGuild
) -> None:
    await claim(driver, world, "9")
    r = await driver.slash(world.member2, "hours me")
    assert "Your expenses" not in fields(r)


async def test_mydata_show_lists_my_expenses_and_receipts_and_erase_keeps_them(
    bot: LeapBot, driver: Driver, world: StandardGuild
) -> None:
    pdf = b"%PDF-1.4\n% bus\n%%EOF\n"
    r = await driver.slash(
        world.member,
        "expenses claim",
        kind="travel",
        amount="3.20",
        receipt=Upload("bus.pdf", pdf, "application/pdf"),
    )
    await r.wait_response()
    shown = await driver.slash(world.member, "mydata show")
    if shown.deferred:
        await shown.wait_response()
    [attachment] = shown.files
    [panel] = json.loads(attachment.data.decode("utf-8"))["panels"]
    [kept] = panel["data"]["expenses"]
    erase = await driver.slash(world.member, "mydata erase")
    done = await driver.click(world.member, erase, label="Erase")
    if done.deferred:
        await done.wait_followup()
    async with bot.db.read() as conn:
        left = await conn.fetchval("SELECT count(*) FROM expenses")
    assert (
        kept["amount_pence"],
        kept["receipt_file"],
        kept["receipt_sha256"],
        left,
    ) == (320, "bus.pdf", hashlib.sha256(pdf).hexdigest(), 1)
