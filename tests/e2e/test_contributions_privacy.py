"""After a full run of anonymous posting (command, form, direct message, take back, hide,
export, refusals) with LOG_LEVEL=DEBUG, no table row and no log line holds a user id, name
or mention beside any contribution text."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from datetime import timedelta

import pytest
from fakediscord import Driver, FakeDiscord
from fakediscord.standard import StandardGuild
from helpers_contributions import contribute, live_session, posted, rows

from bot.app import LeapBot
from bot.clock import ManualClock
from bot.logging_setup import setup_logging

TEXTS = {
    "command": "Plum wording in the consent leaflet confuses people",
    "form": "Quince meetings run too late for carers",
    "dm": "Rhubarb is what I say when I cannot follow the slides",
    "dropped": "Satsuma thought I decided not to share",
    "taken": "Tangerine remark I took back",
    "hidden": "Ugli comment that was hidden later",
    "refused": "Vanilla extra post over the limit",
    "stranger": "Walnut message from someone outside the panel",
}


@pytest.fixture
def debug_logs(capsys: pytest.CaptureFixture[str]) -> Iterator[pytest.CaptureFixture[str]]:
    """The bot's own logging set-up at DEBUG, writing to captured stderr; restored after."""
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    names = ("discord", "discord.http", "discord.gateway", "discord.client", "discord.state")
    levels = {n: logging.getLogger(n).level for n in (*names, "apscheduler", "aiosqlite")}
    setup_logging("DEBUG", secrets=[])
    yield capsys
    root.handlers[:] = handlers
    root.setLevel(level)
    for name, value in levels.items():
        logging.getLogger(name).setLevel(value)


async def _run_everything(
    bot: LeapBot, driver: Driver, fake: FakeDiscord, world: StandardGuild, clock: ManualClock
) -> int:
    session = await live_session(bot, driver, world)
    await contribute(driver, world.member, TEXTS["command"])
    form = await driver.slash(world.member2, "contribute")
    sent = await driver.submit_modal(world.member2, form, {"text": TEXTS["form"]})
    if sent.deferred:
        await sent.wait_response()
    offer = await (await driver.send_dm(world.coordinator, TEXTS["dm"])).wait_dm(world.coordinator)
    await driver.click(world.coordinator, offer, label="Post anonymously")
    dropped = await (await driver.send_dm(world.member, TEXTS["dropped"])).wait_dm(world.member)
    await driver.click(world.member, dropped, label="Don't post")
    receipt = await contribute(driver, world.member2, TEXTS["taken"])
    await bot.notifier.wait_idle()  # posted first, so taking back deletes the post
    await driver.click(world.member2, receipt, label="Take back")
    await contribute(driver, world.member, TEXTS["hidden"])
    await bot.notifier.wait_idle()
    await driver.slash(world.coordinator, "contribution hide", id="5", reason="Off topic")
    for n in range(3):
        await contribute(driver, world.member, f"Filler number {n}")
    await contribute(driver, world.member, TEXTS["refused"])
    stranger = fake.add_user("xavier")
    fake.add_member(world.guild, stranger)
    await (await driver.send_dm(stranger, TEXTS["stranger"])).wait_dm(stranger)
    await driver.slash(world.coordinator, "contribution export", session=str(session))
    clock.advance(timedelta(minutes=1))
    await posted(driver, fake, world.general, 6)
    await driver.settle()
    return session


def _identities(fake: FakeDiscord) -> list[str]:
    found = []
    for user in fake.users.values():
        found += [str(user.id), f"<@{user.id}>", f"<@!{user.id}>", user.username]
    return found


async def test_no_table_row_holds_a_person_beside_contribution_text(
    debug_logs: pytest.CaptureFixture[str],
    bot: LeapBot,
    driver: Driver,
    fake: FakeDiscord,
    world: StandardGuild,
    clock: ManualClock,
) -> None:
    await _run_everything(bot, driver, fake, world, clock)
    people = [p for p in _identities(fake) if p != "LEAP bot"]
    bad = []
    async with bot.db.read() as conn:
        tables = [
            r[0] for r in await conn.fetchall("SELECT name FROM sqlite_master WHERE type = 'table'")
        ]
        for table in tables:
            for row in await conn.fetchall(f"SELECT * FROM {table}"):
                cells = " | ".join(str(v) for v in tuple(row))
                if any(t in cells for t in TEXTS.values()) or "Filler number" in cells:
                    bad += [(table, p) for p in people if p in cells]
    assert ([r.body for r in await rows(bot)][:2], bad) == (
        [TEXTS["command"], TEXTS["form"]],
        [],
    )


async def test_words_that_were_not_posted_are_not_stored(
    debug_logs: pytest.CaptureFixture[str],
    bot: LeapBot,
    driver: Driver,
    fake: FakeDiscord,
    world: StandardGuild,
    clock: ManualClock,
) -> None:
    await _run_everything(bot, driver, fake, world, clock)
    unposted = [TEXTS[k] for k in ("dropped", "taken", "refused", "stranger")]
    found = []
    async with bot.db.read() as conn:
        tables = [
            r[0] for r in await conn.fetchall("SELECT name FROM sqlite_master WHERE type = 'table'")
        ]
        for table in tables:
            for row in await conn.fetchall(f"SELECT * FROM {table}"):
                cells = " | ".join(str(v) for v in tuple(row))
                found += [(table, t) for t in unposted if t in cells]
    assert found == []


async def test_the_contributions_table_has_no_user_column(bot: LeapBot) -> None:
    async with bot.db.read() as conn:
        columns = [r["name"] for r in await conn.fetchall("PRAGMA table_info(contributions)")]
    suspicious = [c for c in columns if any(w in c for w in ("user", "member", "actor", "by"))]
    assert (suspicious, "author_key" in columns, "author_id" in columns) == ([], True, False)


async def test_no_log_line_holds_a_person_beside_contribution_text_at_debug(
    debug_logs: pytest.CaptureFixture[str],
    bot: LeapBot,
    driver: Driver,
    fake: FakeDiscord,
    world: StandardGuild,
    clock: ManualClock,
) -> None:
    await _run_everything(bot, driver, fake, world, clock)
    lines = debug_logs.readouterr().err.splitlines()
    people = [p for p in _identities(fake) if p != "LEAP bot"]
    beside = [
        line
        for line in lines
        if any(t in line for t in TEXTS.values()) and any(p in line for p in people)
    ]
    assert (len(lines) > 10, beside) == (True, [])


async def test_no_log_line_holds_contribution_text_at_all(
    debug_logs: pytest.CaptureFixture[str],
    bot: LeapBot,
    driver: Driver,
    fake: FakeDiscord,
    world: StandardGuild,
    clock: ManualClock,
) -> None:
    await _run_everything(bot, driver, fake, world, clock)
    lines = debug_logs.readouterr().err.splitlines()
    assert [line for line in lines if any(t in line for t in TEXTS.values())] == []


async def test_the_outbox_holds_no_person_and_no_words_for_contributions(
    debug_logs: pytest.CaptureFixture[str],
    bot: LeapBot,
    driver: Driver,
    fake: FakeDiscord,
    world: StandardGuild,
    clock: ManualClock,
) -> None:
    await _run_everything(bot, driver, fake, world, clock)
    async with bot.db.read() as conn:
        found = await conn.fetchall(
            "SELECT audience, target_id, owner_id, payload FROM notices "
            "WHERE kind LIKE 'contribution.%'"
        )
    users = {u.id for u in fake.users.values()}
    assert (
        len(found) >= 6,
        {r["audience"] for r in found},
        [r for r in found if r["owner_id"] is not None or r["target_id"] in users],
        {r["payload"] for r in found},
    ) == (True, {"channel", "edit", "delete"}, [], {"{}"})
