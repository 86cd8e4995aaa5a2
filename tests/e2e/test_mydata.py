"""/mydata show, erase and consent end to end: own data only, pay records kept, posts gone."""

from __future__ import annotations

import json
import logging
import sqlite3
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from fakediscord import Driver, FakeDiscord
from fakediscord.standard import StandardGuild
from helpers_sessions import schedule

from bot.app import LeapBot
from bot.clock import ManualClock
from bot.logging_setup import setup_logging
from bot.services.hours import ledger
from bot.services.hours import payment_settings as payments
from bot.services.wellbeing import ground_rules
from storage import audit, members

SUPPORT_TEXT = "Please ring me about Tuesday."
REMINDER_TEXT = "Phone the clinic about my letter"


async def _fill(bot: LeapBot, driver: Driver, world: StandardGuild, clock: ManualClock) -> None:
    """Give member and member2 data in every store."""
    people = (
        (world.member, "Alice Payee", "America/New_York", REMINDER_TEXT),
        (world.member2, "Bob Payee", "Asia/Tokyo", "Bob reminder words"),
    )
    for who, payee, zone, reminder in people:
        await payments.set_preference(
            bot.db,
            clock,
            guild_id=world.guild.id,
            member_id=who.id,
            method="bank",
            payee_name=payee,
            receives_benefits=False,
            public_sector=False,
        )
        await ledger.claim(
            bot.db,
            clock,
            guild_id=world.guild.id,
            member_id=who.id,
            activity="preparation",
            minutes=45,
            note=f"Reading notes {who.id % 1000}",
        )
        await driver.slash(who, "break")
        await driver.slash(who, "remind settings", timezone=zone)
        await driver.slash(who, "remind me", when="in 3 days", text=reminder)
    await ground_rules.set_rules(
        bot.db, clock, guild_id=world.guild.id, actor_id=world.coordinator.id, rules="Be kind."
    )
    await ground_rules.agree(bot.db, clock, guild_id=world.guild.id, member_id=world.member.id)
    r = await driver.slash(world.member, "support", message=SUPPORT_TEXT)
    await driver.click(world.member, r, label="Send to coordinators")


async def _file(driver: Driver, who: Any, **kwargs: Any) -> tuple[Any, dict[str, Any]]:
    r = await driver.slash(who, "mydata show", **kwargs)
    if r.deferred:
        await r.wait_response()
    [attachment] = r.files
    return r, json.loads(attachment.data.decode("utf-8"))


async def test_mydata_show_is_a_private_json_file_of_my_own_data(
    bot: LeapBot, driver: Driver, world: StandardGuild, clock: ManualClock
) -> None:
    await _fill(bot, driver, world, clock)
    r, document = await _file(driver, world.member)
    [panel] = document["panels"]
    data = panel["data"]
    assert (
        r.ephemeral,
        data["your details"][0]["payee_name"],
        len(data["hours"]),
        [s["message"] for s in data["support requests"]],
        len(data["last break asked for"]),
        data["your details"][0]["ground_rules_accepted_at"] is not None,
    ) == (True, "Alice Payee", 1, [SUPPORT_TEXT], 1, True)


async def test_mydata_show_holds_nothing_of_another_member(
    bot: LeapBot, driver: Driver, world: StandardGuild, clock: ManualClock
) -> None:
    await _fill(bot, driver, world, clock)
    r, _ = await _file(driver, world.member)
    raw = r.files[0].data.decode("utf-8")
    assert (str(world.member2.id) in raw, "Bob Payee" in raw, "Bob reminder" in raw) == (
        False,
        False,
        False,
    )


async def test_mydata_show_holds_my_reminders_and_my_time_zone(
    bot: LeapBot, driver: Driver, world: StandardGuild, clock: ManualClock
) -> None:
    await _fill(bot, driver, world, clock)
    _, document = await _file(driver, world.member)
    data = document["panels"][0]["data"]
    assert (
        [r["text"] for r in data["reminders"]],
        [s["timezone"] for s in data["reminder settings"]],
    ) == ([REMINDER_TEXT], ["America/New_York"])


async def test_mydata_show_says_how_many_records_in_one_line(
    bot: LeapBot, driver: Driver, world: StandardGuild, clock: ManualClock
) -> None:
    await _fill(bot, driver, world, clock)
    r, _ = await _file(driver, world.member)
    assert ("records" in r.content, r.content.count("\n")) == (True, 0)


async def test_mydata_show_counts_a_single_record_as_one_record(
    bot: LeapBot, driver: Driver, world: StandardGuild
) -> None:
    r, document = await _file(driver, world.member)
    held = sum(len(rows) for rows in document["panels"][0]["data"].values())
    assert (held, "1 record." in r.content, "1 records" in r.content) == (1, True, False)


async def test_mydata_show_leaves_out_kinds_of_data_with_nothing_of_mine(
    bot: LeapBot, driver: Driver, world: StandardGuild, clock: ManualClock
) -> None:
    await _fill(bot, driver, world, clock)
    _, document = await _file(driver, world.member)
    data = document["panels"][0]["data"]
    assert (
        sorted(name for name, rows in data.items() if not rows),
        "sessions you ran" in data,
        "pay rates you set" in data,
        "hours" in data,
    ) == ([], False, False, True)


async def test_mydata_show_says_once_when_a_panel_keeps_nothing_of_mine(
    bot: LeapBot, driver: Driver, world: StandardGuild, fake: FakeDiscord
) -> None:
    newcomer = fake.add_user("nia")
    fake.add_member(world.guild, newcomer, [world.member_role])
    _, document = await _file(driver, newcomer)
    [panel] = document["panels"]
    assert (panel["data"], panel["nothing"]) == (
        {},
        "The bot keeps nothing about you in this panel.",
    )


async def test_mydata_show_in_a_dm_covers_every_shared_panel_and_names_it(
    bot: LeapBot, driver: Driver, world: StandardGuild, clock: ManualClock, fake: FakeDiscord
) -> None:
    await _fill(bot, driver, world, clock)
    r, document = await _file(driver, world.member, in_channel=fake.dm_channel(world.member))
    assert (world.guild.name in r.content, len(document["panels"])) == (True, 1)


async def test_erase_asks_first_and_says_how_long_pay_records_stay(
    bot: LeapBot, driver: Driver, world: StandardGuild, clock: ManualClock
) -> None:
    await _fill(bot, driver, world, clock)
    r = await driver.slash(world.member, "mydata erase")
    labels = [c["label"] for row in r.components for c in row["components"]]
    record = await payments.preference(bot.db, world.guild.id, world.member.id)
    assert (labels, "6 years" in r.content, record.payee_name) == (
        ["Erase", "Keep my data"],
        True,
        "Alice Payee",
    )


def _stays(content: str) -> list[str]:
    """The names on the "This will stay" lines of the question /mydata erase asks."""
    stays = content.split("This will stay:\n", 1)[1] if "This will stay:" in content else ""
    return [line[2:].split(":", 1)[0] for line in stays.splitlines() if line.startswith("- ")]


async def test_erase_tells_a_member_only_what_stays_of_their_own(
    bot: LeapBot, driver: Driver, world: StandardGuild, clock: ManualClock
) -> None:
    await _fill(bot, driver, world, clock)
    r = await driver.slash(world.member, "mydata erase")
    assert _stays(r.content) == ["Changes you made", "Hours"]


async def test_erase_tells_a_member_with_nothing_kept_that_nothing_stays(
    bot: LeapBot, driver: Driver, world: StandardGuild
) -> None:
    r = await driver.slash(world.member, "mydata erase")
    assert (_stays(r.content), "Nothing of yours will stay." in r.content) == ([], True)


async def test_erase_tells_a_coordinator_who_ran_a_session_why_it_stays(
    bot: LeapBot, driver: Driver, world: StandardGuild
) -> None:
    await schedule(driver, world)
    r = await driver.slash(world.coordinator, "mydata erase")
    [line] = [line for line in r.content.splitlines() if line.startswith("- Sessions you ran:")]
    assert line == (
        "- Sessions you ran: The time members spent in these sessions counts for their pay, "
        "so the panel keeps them."
    )


async def _erase(driver: Driver, who: Any) -> Any:
    r = await driver.slash(who, "mydata erase")
    done = await driver.click(who, r, label="Erase")
    if done.deferred:
        await done.wait_followup()
    return done


async def test_erase_of_a_single_record_says_1_record_was_erased(
    bot: LeapBot, driver: Driver, world: StandardGuild
) -> None:
    done = await _erase(driver, world.member)
    assert ("1 record was erased" in done.text, "1 records" in done.text) == (True, False)


async def test_erase_removes_payment_preference_support_and_consent_but_keeps_hours(
    bot: LeapBot, driver: Driver, world: StandardGuild, clock: ManualClock
) -> None:
    await _fill(bot, driver, world, clock)
    await _erase(driver, world.member)
    _, document = await _file(driver, world.member)
    data = document["panels"][0]["data"]
    details = data["your details"][0]
    assert (
        details["payee_name"],
        details["payment_method"],
        details["consent_at"],
        "support requests" in data,
        "last break asked for" in data,
        len(data["hours"]),
    ) == (None, None, None, False, False, 1)


async def test_erase_removes_my_ground_rules_agreement(
    bot: LeapBot, driver: Driver, world: StandardGuild, clock: ManualClock
) -> None:
    await _fill(bot, driver, world, clock)
    await _erase(driver, world.member)
    _, document = await _file(driver, world.member)
    details = document["panels"][0]["data"]["your details"][0]
    not_agreed = await ground_rules.not_agreed(bot.db, world.guild.id, [world.member.id])
    assert (details["ground_rules_accepted_at"], not_agreed) == (None, [world.member.id])


async def test_erase_removes_my_reminders_and_my_time_zone(
    bot: LeapBot, driver: Driver, world: StandardGuild, clock: ManualClock
) -> None:
    await _fill(bot, driver, world, clock)
    await _erase(driver, world.member)
    _, document = await _file(driver, world.member)
    data = document["panels"][0]["data"]
    assert ("reminders" in data, "reminder settings" in data) == (False, False)


async def test_an_erased_reminder_is_not_sent_when_it_falls_due(
    bot: LeapBot, driver: Driver, world: StandardGuild, clock: ManualClock, fake: FakeDiscord
) -> None:
    await _fill(bot, driver, world, clock)
    await _erase(driver, world.member)
    clock.advance(timedelta(days=3, minutes=2))
    await bot.timers.run_due()
    await bot.notifier.wait_idle()
    got = [
        [m.content for m in fake.dms_to(who) if "Reminder:" in m.content]
        for who in (world.member, world.member2)
    ]
    assert got == [[], ["Reminder: Bob reminder words"]]


async def test_erase_leaves_no_erased_text_in_the_database(
    bot: LeapBot, driver: Driver, world: StandardGuild, clock: ManualClock
) -> None:
    await _fill(bot, driver, world, clock)
    await _erase(driver, world.member)
    raw = sqlite3.connect(bot.settings.database_path)
    try:
        dump = "\n".join(raw.iterdump())
    finally:
        raw.close()
    assert (
        "Alice Payee" in dump,
        SUPPORT_TEXT in dump,
        REMINDER_TEXT in dump,
        "Bob Payee" in dump,
        "Bob reminder words" in dump,
    ) == (False, False, False, True, True)


async def test_erase_leaves_no_erased_text_in_the_database_files(
    bot: LeapBot, driver: Driver, world: StandardGuild, clock: ManualClock
) -> None:
    await _fill(bot, driver, world, clock)
    await _erase(driver, world.member)
    path = bot.settings.database_path
    files = [path, path.with_name(path.name + "-wal")]
    raw = b"".join(f.read_bytes() for f in files if f.exists())
    assert (
        b"Alice Payee" in raw,
        SUPPORT_TEXT.encode() in raw,
        REMINDER_TEXT.encode() in raw,
    ) == (False, False, False)


@pytest.fixture
def debug_logs(
    capsys: pytest.CaptureFixture[str], caplog: pytest.LogCaptureFixture
) -> Iterator[pytest.CaptureFixture[str]]:
    """The bot's own logging set-up at DEBUG, writing to captured stderr, with caplog still
    hearing every record; restored after."""
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    names = ("discord", "discord.http", "discord.gateway", "discord.client", "discord.state")
    levels = {n: logging.getLogger(n).level for n in (*names, "apscheduler", "aiosqlite")}
    setup_logging("DEBUG", secrets=[])
    root.addHandler(caplog.handler)
    yield capsys
    root.handlers[:] = handlers
    root.setLevel(level)
    for name, value in levels.items():
        logging.getLogger(name).setLevel(value)


async def test_no_log_line_holds_the_erased_words(
    debug_logs: pytest.CaptureFixture[str],
    caplog: pytest.LogCaptureFixture,
    bot: LeapBot,
    driver: Driver,
    world: StandardGuild,
    clock: ManualClock,
) -> None:
    await _fill(bot, driver, world, clock)
    form = await driver.slash(world.member, "payment preference")
    await driver.submit_modal(world.member, form, {"method": ["bank"], "payee": "Alice Formpayee"})
    await _file(driver, world.member)
    await _erase(driver, world.member)
    await _file(driver, world.member)
    await bot.notifier.wait_idle()
    erased = (SUPPORT_TEXT, "Alice Payee", "Alice Formpayee", REMINDER_TEXT)
    records = [
        r.getMessage()
        for r in caplog.get_records("setup") + caplog.get_records("call")
        if not r.name.startswith("fakediscord")  # the fake Discord's own records
    ]
    lines = [
        line
        for line in debug_logs.readouterr().err.splitlines()
        if " fakediscord" not in line.split(": ", 1)[0]  # the fake Discord's own lines
    ]
    heard = (any("Loaded" in m for m in records), any("Loaded" in m for m in lines))
    found = sorted({w for w in erased for line in records + lines if w in line})
    assert (heard, found) == ((True, True), [])


async def test_erase_is_audited_without_content(
    bot: LeapBot, driver: Driver, world: StandardGuild, clock: ManualClock
) -> None:
    await _fill(bot, driver, world, clock)
    await _erase(driver, world.member)
    async with bot.db.read() as conn:
        [entry] = await audit.recent(conn, world.guild.id, action="mydata.erase")
    assert (entry.actor_id, "Alice" in json.dumps(entry.detail)) == (world.member.id, False)


async def test_keep_my_data_erases_nothing(
    bot: LeapBot, driver: Driver, world: StandardGuild, clock: ManualClock
) -> None:
    await _fill(bot, driver, world, clock)
    r = await driver.slash(world.member, "mydata erase")
    await driver.click(world.member, r, label="Keep my data")
    record = await payments.preference(bot.db, world.guild.id, world.member.id)
    assert record.payee_name == "Alice Payee"


async def test_erase_in_a_dm_asks_for_the_server_and_changes_nothing(
    bot: LeapBot, driver: Driver, world: StandardGuild, clock: ManualClock, fake: FakeDiscord
) -> None:
    await _fill(bot, driver, world, clock)
    r = await driver.slash(world.member, "mydata erase", in_channel=fake.dm_channel(world.member))
    record = await payments.preference(bot.db, world.guild.id, world.member.id)
    assert ("server" in r.content, r.components, record.payee_name) == (True, [], "Alice Payee")


async def test_a_second_erase_while_one_runs_is_refused_plainly(
    bot: LeapBot, driver: Driver, world: StandardGuild
) -> None:
    bot.erase_guard.begin(world.guild.id, world.member.id)
    try:
        r = await driver.slash(world.member, "mydata erase")
        refused = await driver.click(world.member, r, label="Erase")
    finally:
        bot.erase_guard.end(world.guild.id, world.member.id)
    assert "already being erased" in refused.text


async def test_consent_can_be_taken_back(
    bot: LeapBot, driver: Driver, world: StandardGuild
) -> None:
    r = await driver.slash(world.member, "mydata consent")
    done = await driver.click(world.member, r, label="Take back my consent")
    async with bot.db.read() as conn:
        record = await members.get(conn, world.guild.id, world.member.id)
    assert ("Hours you already worked stay" in done.text, record.consent_at) == (True, None)


async def test_after_taking_consent_back_the_next_command_asks_again(
    bot: LeapBot, driver: Driver, world: StandardGuild
) -> None:
    r = await driver.slash(world.member, "mydata consent")
    await driver.click(world.member, r, label="Take back my consent")
    again = await driver.slash(world.member, "hours me")
    assert "what this bot keeps about you" in again.content
