"""Secret votes stay secret: no voter id beside any vote or reason, in the database or the
logs; members find (and erase) their own votes through their voter keys."""

from __future__ import annotations

import json
import logging
import sqlite3
from datetime import timedelta
from typing import Any

import pytest
from fakediscord import Driver, FakeDiscord
from fakediscord.results import message_text
from fakediscord.standard import StandardGuild
from helpers_polls import (
    close,
    create,
    only_poll,
    poll_message,
    results_in,
    vote,
    whole_minute,  # noqa: F401  # an autouse fixture
)
from helpers_sessions import answered

from bot.app import LeapBot
from bot.clock import ManualClock
from storage import polls as repo


async def _run_polls(
    bot: LeapBot, driver: Driver, world: StandardGuild, fake: FakeDiscord, clock: ManualClock
) -> None:
    """Every kind of secret poll, voted on, changed, with reasons, nudged and closed."""
    await create(driver, world, closes="in 2 days")
    poll = await only_poll(bot)
    await vote(driver, fake, poll, world.member, "Agree")
    await vote(driver, fake, poll, world.member, "Abstain")
    opened = await driver.click(world.member2, poll_message(fake, poll), label="Block")
    await answered(await driver.submit_modal(world.member2, opened, {"reason": "Too costly."}))
    await create(driver, world, type="gradient", question="Is the new leaflet clear?")
    gradient = await only_poll(bot)
    opened = await driver.click(world.closed_dms, poll_message(fake, gradient), label="Disagree")
    await answered(await driver.submit_modal(world.closed_dms, opened, {"reason": "Long words."}))
    await create(driver, world, type="choice", options="Zoom; Teams", multiple=True)
    choice = await only_poll(bot)
    await answered(await driver.select(world.member, poll_message(fake, choice), ["0", "1"]))
    await create(driver, world, type="time", options="in 3 days; in 4 days")
    times = await only_poll(bot)
    await vote(driver, fake, times, world.member2, "Time 1: Yes")
    await vote(driver, fake, times, world.coordinator, "Time 2: If needed")
    clock.advance(timedelta(days=1, minutes=1))  # the first poll's nudge
    await bot.timers.run_due()
    await bot.timers.wait_idle()
    for each in (poll, gradient, choice, times):
        await close(driver, world, each)


def _voter_ids(world: StandardGuild) -> set[str]:
    return {str(u.id) for u in (world.member, world.member2, world.closed_dms, world.coordinator)}


async def test_database_holds_no_voter_id_beside_any_vote_or_reason(
    bot: LeapBot, driver: Driver, world: StandardGuild, fake: FakeDiscord, clock: ManualClock
) -> None:
    await _run_polls(bot, driver, world, fake, clock)
    await bot.close()
    voters = _voter_ids(world)
    found = []
    with sqlite3.connect(bot.settings.database_path) as raw:
        for table in ("poll_votes", "poll_reasons", "poll_nudges"):
            for row in raw.execute(f"SELECT * FROM {table}"):
                found += [(table, v) for v in map(str, row) if v in voters]
        # nothing else the bot stored says who voted or gave a reason either
        for (detail,) in raw.execute("SELECT detail FROM audit_log WHERE action LIKE 'poll.%'"):
            found += [("audit_log", v) for v in voters if v in detail]
        rows = raw.execute("SELECT payload FROM timers WHERE kind LIKE 'poll.%'").fetchall()
        found += [("timers", v) for (payload,) in rows for v in voters if v in payload]
    assert found == []


async def test_no_audit_entry_names_a_member_who_only_voted(
    bot: LeapBot, driver: Driver, world: StandardGuild, fake: FakeDiscord, clock: ManualClock
) -> None:
    await _run_polls(bot, driver, world, fake, clock)
    voters = [world.member.id, world.member2.id, world.closed_dms.id]
    async with bot.db.read() as conn:
        named = await conn.fetchval(
            "SELECT COUNT(*) FROM audit_log WHERE actor_id IN (?, ?, ?)", voters
        )
        votes = await conn.fetchval("SELECT COUNT(*) FROM poll_votes")
    assert (votes > 0, named) == (True, 0)


async def test_logs_hold_no_voter_id(
    bot: LeapBot,
    driver: Driver,
    world: StandardGuild,
    fake: FakeDiscord,
    clock: ManualClock,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    for name in ("discord", "discord.http", "discord.gateway", "discord.client", "discord.state"):
        logging.getLogger(name).setLevel(logging.INFO)  # as the bot's logging set-up does
    await _run_polls(bot, driver, world, fake, clock)
    voters = _voter_ids(world)
    leaks = [
        (r.name, r.getMessage())
        for r in caplog.records
        if not r.name.startswith("fakediscord") and any(v in r.getMessage() for v in voters)
    ]
    assert leaks == []


async def test_named_poll_keeps_who_voted(
    bot: LeapBot, driver: Driver, world: StandardGuild, fake: FakeDiscord
) -> None:
    await create(driver, world, anonymous=False)
    await vote(driver, fake, await only_poll(bot), world.member, "Agree")
    async with bot.db.read() as conn:
        ids = [r[0] for r in await conn.fetchall("SELECT member_id FROM poll_votes")]
    assert ids == [world.member.id]


async def test_the_database_refuses_a_member_id_on_a_secret_vote(
    bot: LeapBot, driver: Driver, world: StandardGuild, fake: FakeDiscord
) -> None:
    await create(driver, world)
    poll = await only_poll(bot)
    with pytest.raises(sqlite3.IntegrityError, match="never stores who voted"):
        async with bot.db.transaction() as conn:
            await repo.replace_votes(conn, poll.id, "a" * 64, [(0, 2)], member_id=world.member.id)


# --- /mydata --------------------------------------------------------------------------------


async def _mydata(driver: Driver, who: Any) -> dict[str, Any]:
    r = await driver.slash(who, "mydata show")
    if r.deferred:
        await r.wait_response()
    [attachment] = r.files
    document = json.loads(attachment.data.decode("utf-8"))
    data: dict[str, Any] = document["panels"][0]["data"]
    return data


async def _erase(driver: Driver, who: Any) -> None:
    r = await driver.slash(who, "mydata erase")
    done = await driver.click(who, r, label="Erase")
    if done.deferred:
        await done.wait_followup()


async def test_mydata_finds_my_secret_vote_and_reason(
    bot: LeapBot, driver: Driver, world: StandardGuild, fake: FakeDiscord
) -> None:
    await create(driver, world)
    poll = await only_poll(bot)
    opened = await driver.click(world.member, poll_message(fake, poll), label="Block")
    await answered(await driver.submit_modal(world.member, opened, {"reason": "Too costly."}))
    await vote(driver, fake, poll, world.member2, "Agree")
    data = await _mydata(driver, world.member)
    assert [v["option"] for v in data["your poll votes"]] == ["block"]
    assert [r.get("reason") for r in data["your poll reasons and reminders"]] == ["Too costly."]


async def test_erase_takes_my_vote_off_an_open_poll(
    bot: LeapBot, driver: Driver, world: StandardGuild, fake: FakeDiscord
) -> None:
    await create(driver, world)
    poll = await only_poll(bot)
    await vote(driver, fake, poll, world.member, "Agree")
    await vote(driver, fake, poll, world.member2, "Agree")
    await _erase(driver, world.member)
    await close(driver, world, poll)
    assert "1 of 4 voted." in message_text(results_in(fake, world.general)[0])


async def test_erase_keeps_a_closed_polls_count_but_unlinks_my_vote(
    bot: LeapBot, driver: Driver, world: StandardGuild, fake: FakeDiscord, clock: ManualClock
) -> None:
    await create(driver, world)
    poll = await only_poll(bot)
    await vote(driver, fake, poll, world.member, "Agree")
    await close(driver, world, poll)
    await _erase(driver, world.member)
    r = await driver.slash(world.member2, "poll results", poll=str(poll.id))
    data = await _mydata(driver, world.member)
    assert ("Agree: █ 1" in r.text, "your poll votes" in data) == (True, False)
