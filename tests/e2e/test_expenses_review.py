"""Expenses in /hours review end to end: their own lines and buttons beside hours, the same
decision direct messages, and receipts shown only to coordinators, admins and the member."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from fakediscord import Driver, Upload
from fakediscord.standard import StandardGuild
from helpers_hours import claimed, hours_bot

from bot.app import LeapBot
from storage import audit
from storage import expenses as repo
from storage.expenses import Expense

PDF = b"%PDF-1.4\n% a bus ticket\n%%EOF\n"


@pytest.fixture
async def bot(leap_settings: Any, start_bot: Any, world: StandardGuild) -> LeapBot:
    return await hours_bot(leap_settings, start_bot, world)


async def claim_expense(
    driver: Driver, user: Any, amount: str = "4.50", receipt: bool = True, **options: Any
) -> None:
    """A member claims an expense through /expenses claim (a bus fare with a PDF receipt)."""
    if receipt:
        options["receipt"] = Upload("bus ticket.pdf", PDF, "application/pdf")
    r = await driver.slash(user, "expenses claim", kind="travel", amount=amount, **options)
    if r.deferred:
        await r.wait_response()


async def get(bot: LeapBot, world: StandardGuild, expense_id: int = 1) -> Expense:
    async with bot.db.read() as conn:
        found = await repo.get(conn, world.guild.id, expense_id)
    assert found is not None
    return found


def labels(result: Any) -> list[str]:
    message = result.message if hasattr(result, "message") else result
    return [c["label"] for row in message.components for c in row["components"]]


async def test_an_expense_has_its_own_line_and_buttons_beside_hours(
    bot: LeapBot, driver: Driver, world: StandardGuild
) -> None:
    entry = await claimed(bot, world, world.member.id, 60)
    bot.clock.advance(timedelta(seconds=1))  # type: ignore[attr-defined]
    await claim_expense(driver, world.member2)
    page = await driver.slash(world.coordinator, "hours review")
    fields = {f["name"]: f["value"] for f in page.embeds[0]["fields"]}
    assert (
        "£4.50 for travel fares" in fields["Expense 1"],
        "bus-ticket.pdf" in fields["Expense 1"],
        labels(page),
    ) == (
        True,
        True,
        [
            f"Approve {entry.id}",
            f"Reject {entry.id}",
            f"Skip {entry.id} for now",
            "Approve expense 1",
            "Reject expense 1",
            "Skip expense 1 for now",
            "Receipt 1",
        ],
    )


async def test_approving_an_expense_keeps_its_amount_and_tells_the_member(
    bot: LeapBot, driver: Driver, world: StandardGuild
) -> None:
    await claim_expense(driver, world.member, amount="12.35")
    page = await driver.slash(world.coordinator, "hours review")
    r = await driver.click(world.coordinator, page, label="Approve expense 1")
    dm = await r.wait_dm(world.member)
    done = await get(bot, world)
    assert (
        done.status,
        done.amount_pence,
        done.decided_by,
        "£12.35 for travel fares" in dm.content,
        "was approved" in dm.content,
        "Nothing is waiting" in r.content,
    ) == ("approved", 1235, world.coordinator.id, True, True, True)


async def test_the_message_about_an_expense_points_to_costs_not_only_hours(
    bot: LeapBot, driver: Driver, world: StandardGuild
) -> None:
    await claim_expense(driver, world.member)
    page = await driver.slash(world.coordinator, "hours review")
    r = await driver.click(world.coordinator, page, label="Approve expense 1")
    dm = await r.wait_dm(world.member)
    assert "You can see your hours and costs with /hours me." in dm.content


async def test_rejecting_an_expense_asks_why_and_tells_the_member(
    bot: LeapBot, driver: Driver, world: StandardGuild
) -> None:
    await claim_expense(driver, world.member)
    page = await driver.slash(world.coordinator, "hours review")
    form = await driver.click(world.coordinator, page, label="Reject expense 1")
    r = await driver.submit_modal(world.coordinator, form, {"reason": "Please add the ticket"})
    dm = await r.wait_dm(world.member)
    done = await get(bot, world)
    assert (done.status, done.decision_reason, "Please add the ticket" in dm.content) == (
        "rejected",
        "Please add the ticket",
        True,
    )


async def test_decisions_on_expenses_are_audited(
    bot: LeapBot, driver: Driver, world: StandardGuild
) -> None:
    await claim_expense(driver, world.member)
    page = await driver.slash(world.coordinator, "hours review")
    await driver.click(world.coordinator, page, label="Approve expense 1")
    async with bot.db.read() as conn:
        rows = await audit.recent(conn, world.guild.id, limit=20)
    assert [(r.action, r.target) for r in rows if r.action.startswith("expenses.")] == [
        ("expenses.approve", "expense:1"),
        ("expenses.claim", "expense:1"),
    ]


async def test_a_coordinator_cannot_decide_their_own_expense(
    bot: LeapBot, driver: Driver, world: StandardGuild
) -> None:
    await claim_expense(driver, world.coordinator)
    page = await driver.slash(world.coordinator, "hours review")
    buttons = {
        c["label"]: c.get("disabled", False)
        for row in page.message.components
        for c in row["components"]
    }
    fields = [f["value"] for f in page.embeds[0]["fields"]]
    assert (
        buttons["Approve expense 1"],
        buttons["Reject expense 1"],
        "your own claim" in fields[0],
    ) == (True, True, True)


async def test_another_coordinator_can_decide_it(
    bot: LeapBot, driver: Driver, world: StandardGuild
) -> None:
    await claim_expense(driver, world.coordinator)
    page = await driver.slash(world.admin, "hours review")
    await driver.click(world.admin, page, label="Approve expense 1")
    assert (await get(bot, world)).status == "approved"


async def test_the_receipt_button_shows_the_file_privately_to_a_coordinator(
    bot: LeapBot, driver: Driver, world: StandardGuild
) -> None:
    await claim_expense(driver, world.member)
    page = await driver.slash(world.coordinator, "hours review")
    r = await driver.click(world.coordinator, page, label="Receipt 1")
    if r.deferred:
        await r.wait_response()
    [file] = r.files
    assert (r.ephemeral, file.filename, file.data) == (True, "bus-ticket.pdf", PDF)


async def test_a_member_cannot_press_the_receipt_button(
    bot: LeapBot, driver: Driver, world: StandardGuild
) -> None:
    await claim_expense(driver, world.member)
    page = await driver.slash(world.coordinator, "hours review")
    r = await driver.click(world.member2, page, label="Receipt 1")
    assert (r.files, "Coordinator" in r.text) == ([], True)


async def test_an_expense_without_a_receipt_has_no_receipt_button(
    bot: LeapBot, driver: Driver, world: StandardGuild
) -> None:
    await claim_expense(driver, world.member, receipt=False)
    page = await driver.slash(world.coordinator, "hours review")
    fields = [f["value"] for f in page.embeds[0]["fields"]]
    assert (labels(page), "No receipt" in fields[0]) == (
        ["Approve expense 1", "Reject expense 1"],
        True,
    )


async def test_an_activity_filter_leaves_expenses_out(
    bot: LeapBot, driver: Driver, world: StandardGuild
) -> None:
    await claim_expense(driver, world.member)
    page = await driver.slash(world.coordinator, "hours review", activity="travel")
    everything = await driver.slash(world.coordinator, "hours review")
    assert ("Nothing" in page.content, "Expense 1" in everything.text) == (True, True)


async def test_skipping_an_expense_puts_it_last(
    bot: LeapBot, driver: Driver, world: StandardGuild
) -> None:
    await claim_expense(driver, world.member)
    entry = await claimed(bot, world, world.member2.id, 60)
    page = await driver.slash(world.coordinator, "hours review")
    r = await driver.click(world.coordinator, page, label="Skip expense 1 for now")
    names = [f["name"] for f in r.message.embeds[0]["fields"]]
    assert names == [f"Entry {entry.id}", "Expense 1"]


async def test_a_member_sees_their_own_receipt_and_nobody_else_does(
    bot: LeapBot, driver: Driver, world: StandardGuild
) -> None:
    await claim_expense(driver, world.member)
    own = await driver.slash(world.member, "expenses receipt", expense=1)
    other = await driver.slash(world.member2, "expenses receipt", expense=1)
    admin = await driver.slash(world.admin, "expenses receipt", expense=1)
    assert (
        [f.data for f in own.files],
        other.files,
        "Only the member who claimed it" in other.content,
        [f.data for f in admin.files],
    ) == ([PDF], [], True, [PDF])


async def test_a_receipt_of_an_unknown_expense_is_refused_plainly(
    bot: LeapBot, driver: Driver, world: StandardGuild
) -> None:
    r = await driver.slash(world.member, "expenses receipt", expense=99)
    assert (r.ephemeral, "cannot find expense 99" in r.content) == (True, True)


async def test_the_expense_option_says_where_to_find_the_number(
    bot: LeapBot, driver: Driver, world: StandardGuild
) -> None:
    _, _, leaf = driver.command("expenses receipt")
    [expense] = [o for o in leaf["options"] if o["name"] == "expense"]
    assert "(see /hours me)" in expense["description"]
