"""/expenses claim and /setup expenses end to end through the loopback Discord: amounts read
exactly, receipts kept with their hash, bad input refused with nothing stored."""

from __future__ import annotations

import hashlib
from typing import Any

import pytest
from fakediscord import Driver, Upload
from fakediscord.standard import StandardGuild
from helpers_hours import hours_bot

from bot.app import LeapBot

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture
async def bot(leap_settings: Any, start_bot: Any, world: StandardGuild) -> LeapBot:
    return await hours_bot(leap_settings, start_bot, world)


async def claim(driver: Driver, user: Any, **options: Any) -> Any:
    """/expenses claim, waiting for the answer (a claim with a receipt is deferred first)."""
    r = await driver.slash(user, "expenses claim", **options)
    if r.deferred:
        await r.wait_response()
    return r


async def stored(bot: LeapBot) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Every expense and receipt row."""
    async with bot.db.read() as conn:
        expenses = [dict(r) for r in await conn.fetchall("SELECT * FROM expenses ORDER BY id")]
        receipts = [
            dict(r) for r in await conn.fetchall("SELECT * FROM expense_receipts ORDER BY id")
        ]
    return expenses, receipts


async def test_a_claim_without_a_receipt_is_saved_as_pending_pence(
    bot: LeapBot, driver: Driver, world: StandardGuild
) -> None:
    r = await driver.slash(
        world.member, "expenses claim", kind="travel", amount="£4.50", date="yesterday", note="Bus"
    )
    [expense], receipts = await stored(bot)
    assert (
        r.ephemeral,
        "£4.50 for travel fares" in r.content,
        expense["amount_pence"],
        expense["status"],
        expense["kind"],
        expense["note"],
        receipts,
    ) == (True, True, 450, "pending", "travel", "Bus", [])


async def test_a_claim_with_a_receipt_keeps_its_bytes_and_hash(
    bot: LeapBot, driver: Driver, world: StandardGuild
) -> None:
    r = await claim(
        driver,
        world.member,
        kind="care",
        amount="25",
        receipt=Upload("Childcare receipt.pdf", PDF, "application/pdf"),
    )
    [expense], [receipt] = await stored(bot)
    assert (
        "I kept your receipt" in r.text,
        expense["receipt_id"] == receipt["id"],
        bytes(receipt["content"]),
        receipt["sha256"],
        receipt["filename"],
        receipt["content_type"],
    ) == (
        True,
        True,
        PDF,
        hashlib.sha256(PDF).hexdigest(),
        "Childcare-receipt.pdf",
        "application/pdf",
    )


@pytest.mark.parametrize(
    ("amount", "says"),
    [
        ("0", "above zero"),
        ("0.00", "above zero"),
        ("-5", "minus sign"),
        ("1000.01", "£1,000 at most"),
        ("4.555", "two numbers after the dot"),
        ("4,50", "full stop for pence"),
        ("four pounds", "full stop for pence"),
    ],
)
async def test_a_bad_amount_is_refused_plainly_and_nothing_is_stored(
    bot: LeapBot, driver: Driver, world: StandardGuild, amount: str, says: str
) -> None:
    r = await driver.slash(world.member, "expenses claim", kind="printing", amount=amount)
    assert (r.ephemeral, says in r.content, await stored(bot)) == (True, True, ([], []))


async def test_a_thousand_pounds_is_the_most(
    bot: LeapBot, driver: Driver, world: StandardGuild
) -> None:
    await driver.slash(world.member, "expenses claim", kind="travel", amount="1,000.00")
    [expense], _ = await stored(bot)
    assert expense["amount_pence"] == 100_000


@pytest.mark.parametrize(
    "upload",
    [
        Upload("notes.txt", b"hello", "text/plain"),
        Upload("receipt.pdf", b"not a pdf at all", "application/pdf"),
        Upload("receipt.exe", PDF, "application/octet-stream"),
        Upload("big.png", PNG + b"\x00" * (8 * 1024 * 1024), "image/png"),
    ],
    ids=["text", "not-really-pdf", "wrong-name", "too-big"],
)
async def test_a_bad_receipt_is_refused_plainly_and_nothing_is_stored(
    bot: LeapBot, driver: Driver, world: StandardGuild, upload: Upload
) -> None:
    r = await claim(driver, world.member, kind="printing", amount="3", receipt=upload)
    assert (r.ephemeral, "receipt" in r.text, await stored(bot)) == (True, True, ([], []))


@pytest.mark.parametrize(
    "upload",
    [Upload("notes.txt", b"hello", "text/plain"), Upload("empty.pdf", b"", "application/pdf")],
    ids=["text", "empty"],
)
async def test_a_bad_receipt_tells_the_member_the_claim_was_not_saved(
    bot: LeapBot, driver: Driver, world: StandardGuild, upload: Upload
) -> None:
    r = await claim(driver, world.member, kind="printing", amount="3", receipt=upload)
    assert ("Your claim was not saved." in r.text, "Please claim again" in r.text) == (True, True)


async def test_a_future_date_is_refused(bot: LeapBot, driver: Driver, world: StandardGuild) -> None:
    r = await driver.slash(
        world.member, "expenses claim", kind="data", amount="10", date="in 3 days"
    )
    assert ("has not come yet" in r.content, await stored(bot)) == (True, ([], []))


async def test_an_unreadable_date_is_refused(
    bot: LeapBot, driver: Driver, world: StandardGuild
) -> None:
    r = await driver.slash(
        world.member, "expenses claim", kind="data", amount="10", date="2026-13-01"
    )
    assert ("could not read the date" in r.content, await stored(bot)) == (True, ([], []))


async def test_a_claim_over_the_panel_cap_is_refused_naming_the_cap(
    bot: LeapBot, driver: Driver, world: StandardGuild
) -> None:
    saved = await driver.slash(world.admin, "setup expenses", cap="50")
    r = await driver.slash(world.member, "expenses claim", kind="travel", amount="50.01")
    ok = await driver.slash(world.member, "expenses claim", kind="travel", amount="50")
    expenses, _ = await stored(bot)
    assert (
        "£50.00" in saved.content,
        "up to £50.00" in r.content,
        "Saved" in ok.content,
        [e["amount_pence"] for e in expenses],
    ) == (True, True, True, [5000])


async def test_the_cap_is_shown_and_can_be_cleared(
    bot: LeapBot, driver: Driver, world: StandardGuild
) -> None:
    await driver.slash(world.admin, "setup expenses", cap="75.50")
    shown = await driver.slash(world.admin, "setup show")
    await driver.slash(world.admin, "setup expenses", cap="none")
    cleared = await driver.slash(world.admin, "setup show")
    ok = await driver.slash(world.member, "expenses claim", kind="travel", amount="900")
    assert (
        "£75.50 at most" in shown.text,
        "No panel limit" in cleared.text,
        "Saved" in ok.content,
    ) == (True, True, True)


async def test_a_bad_cap_is_refused_and_nothing_changes(
    bot: LeapBot, driver: Driver, world: StandardGuild
) -> None:
    r = await driver.slash(world.admin, "setup expenses", cap="10,5")
    shown = await driver.slash(world.admin, "setup show")
    assert (r.ephemeral, "No panel limit" in shown.text) == (True, True)


async def test_a_member_cannot_set_the_cap(
    bot: LeapBot, driver: Driver, world: StandardGuild
) -> None:
    r = await driver.slash(world.member, "setup expenses", cap="5")
    shown = await driver.slash(world.admin, "setup show")
    assert ("Admin" in r.content, "No panel limit" in shown.text) == (True, True)


async def test_a_cap_of_zero_is_refused_in_an_admin_s_words(
    bot: LeapBot, driver: Driver, world: StandardGuild
) -> None:
    r = await driver.slash(world.admin, "setup expenses", cap="0")
    shown = await driver.slash(world.admin, "setup show")
    assert ("refuse every claim" in r.content, "No panel limit" in shown.text) == (True, True)


async def test_the_saved_cap_says_how_to_remove_it(
    bot: LeapBot, driver: Driver, world: StandardGuild
) -> None:
    saved = await driver.slash(world.admin, "setup expenses", cap="50")
    assert "cap set to none" in saved.content
