"""/hours review end to end: Approve and Reject buttons, the reason form, bulk approval of a
session, the members' direct messages (also when a member's DMs are closed), a restart."""

from __future__ import annotations

from typing import Any

import pytest
from fakediscord import Driver
from fakediscord.standard import StandardGuild
from helpers_hours import claimed, hours_bot

from bot.app import LeapBot
from bot.services.hours.ledger import NewEntry, add_attendance_entries
from storage import audit, sessions
from storage import hours as ledger
from storage.hours import HoursEntry


@pytest.fixture
async def bot(leap_settings: Any, start_bot: Any, world: StandardGuild) -> LeapBot:
    return await hours_bot(leap_settings, start_bot, world)


async def _get(bot: LeapBot, world: StandardGuild, entry_id: int) -> HoursEntry:
    async with bot.db.read() as conn:
        entry = await ledger.get(conn, world.guild.id, entry_id)
    assert entry is not None
    return entry


async def _session_with_attendance(bot: LeapBot, world: StandardGuild) -> int:
    now = bot.clock.now()
    async with bot.db.transaction() as conn:
        session = await sessions.insert(
            conn,
            guild_id=world.guild.id,
            title="Panel",
            channel_id=world.general.id,
            starts_at=now,
            length_minutes=60,
            prep_minutes=0,
            agenda=None,
            content_note=None,
            created_by=world.coordinator.id,
            now=now,
        )
        session_id = session.id
        await sessions.mark_live(conn, session_id, started_by=world.coordinator.id, now=now)
        await sessions.mark_ended(conn, session_id, ended_by=world.coordinator.id, ended_at=now)
        day = now.date()
        await add_attendance_entries(
            conn,
            guild_id=world.guild.id,
            session_id=session_id,
            entries=[
                NewEntry(world.member.id, "meeting", 60, day),
                NewEntry(world.member2.id, "meeting", 60, day),
            ],
            created_by=world.coordinator.id,
            now=now,
        )
    return session_id


async def test_review_lists_pending_entries_with_buttons(
    bot: LeapBot, driver: Driver, world: StandardGuild
) -> None:
    entry = await claimed(bot, world, world.member.id, 60)
    r = await driver.slash(world.coordinator, "hours review")
    labels = [c["label"] for row in r.components for c in row["components"]]
    assert (r.ephemeral, labels) == (True, [f"Approve {entry.id}", f"Reject {entry.id}"])


def custom_id(result: Any, label: str) -> str:
    """The custom id of the button with this label on a review message."""
    message = result.message if hasattr(result, "message") else result
    [found] = [
        c["custom_id"]
        for row in message.components
        for c in row["components"]
        if c.get("label") == label
    ]
    return str(found)


async def test_review_warns_when_a_claim_repeats_session_time(
    bot: LeapBot, driver: Driver, world: StandardGuild
) -> None:
    session_id = await _session_with_attendance(bot, world)
    await driver.slash(
        world.member, "hours claim", activity="meeting", minutes=60, session=session_id
    )
    page = await driver.slash(world.coordinator, "hours review")
    warned = [f["name"] for f in page.embeds[0]["fields"] if "for this session too" in f["value"]]
    assert warned == ["Entry 3"]


async def test_review_with_nothing_waiting_says_so(
    bot: LeapBot, driver: Driver, world: StandardGuild
) -> None:
    r = await driver.slash(world.coordinator, "hours review")
    assert "Nothing is waiting" in r.content


async def test_approve_button_approves_at_the_rate(
    bot: LeapBot, driver: Driver, world: StandardGuild
) -> None:
    entry = await claimed(bot, world, world.member.id, 90)
    page = await driver.slash(world.coordinator, "hours review")
    await driver.click(world.coordinator, page, label=f"Approve {entry.id}")
    done = await _get(bot, world, entry.id)
    assert (done.status, done.amount_pence, done.decided_by) == (
        "approved",
        1800,
        world.coordinator.id,
    )


async def test_approval_refreshes_the_review_message(
    bot: LeapBot, driver: Driver, world: StandardGuild
) -> None:
    entry = await claimed(bot, world, world.member.id, 90)
    page = await driver.slash(world.coordinator, "hours review")
    r = await driver.click(world.coordinator, page, label=f"Approve {entry.id}")
    assert (r.callback_type, "Nothing is waiting" in r.content) == (7, True)


async def test_last_decision_leaves_no_stale_entry_on_the_page(
    bot: LeapBot, driver: Driver, world: StandardGuild
) -> None:
    entry = await claimed(bot, world, world.member.id, 90)
    page = await driver.slash(world.coordinator, "hours review")
    await driver.click(world.coordinator, page, label=f"Approve {entry.id}")
    assert (page.message.embeds, page.message.components) == ([], [])


async def test_the_member_gets_a_dm_about_the_approval(
    bot: LeapBot, driver: Driver, world: StandardGuild
) -> None:
    entry = await claimed(bot, world, world.member.id, 90)
    page = await driver.slash(world.coordinator, "hours review")
    r = await driver.click(world.coordinator, page, label=f"Approve {entry.id}")
    dm = await r.wait_dm(world.member)
    assert ("was approved" in dm.content, "£18.00" in dm.content) == (True, True)


async def test_reject_asks_for_a_reason_in_a_form(
    bot: LeapBot, driver: Driver, world: StandardGuild
) -> None:
    entry = await claimed(bot, world, world.member.id, 30)
    page = await driver.slash(world.coordinator, "hours review")
    r = await driver.click(world.coordinator, page, label=f"Reject {entry.id}")
    assert (r.callback_type, (await _get(bot, world, entry.id)).status) == (9, "pending")


async def test_rejecting_saves_the_reason_and_tells_the_member(
    bot: LeapBot, driver: Driver, world: StandardGuild
) -> None:
    entry = await claimed(bot, world, world.member.id, 30)
    page = await driver.slash(world.coordinator, "hours review")
    form = await driver.click(world.coordinator, page, label=f"Reject {entry.id}")
    r = await driver.submit_modal(world.coordinator, form, {"reason": "Paid last month"})
    dm = await r.wait_dm(world.member)
    done = await _get(bot, world, entry.id)
    assert (done.status, done.decision_reason, "Paid last month" in dm.content) == (
        "rejected",
        "Paid last month",
        True,
    )


async def test_closed_dms_do_not_undo_or_block_the_decision(
    bot: LeapBot, driver: Driver, world: StandardGuild
) -> None:
    entry = await claimed(bot, world, world.closed_dms.id, 60)
    page = await driver.slash(world.coordinator, "hours review")
    r = await driver.click(world.coordinator, page, label=f"Approve {entry.id}")
    note = await r.wait_followup()
    assert ((await _get(bot, world, entry.id)).status, "could not send" in note.content) == (
        "approved",
        True,
    )


async def test_bulk_approve_sends_one_note_for_all_closed_dms(
    bot: LeapBot, fake: Any, driver: Driver, world: StandardGuild
) -> None:
    fake.close_dms(world.member)
    fake.close_dms(world.member2)
    session_id = await _session_with_attendance(bot, world)
    page = await driver.slash(world.coordinator, "hours review")
    r = await driver.click(world.coordinator, page, label=f"Approve all of session {session_id}")
    note = await r.wait_followup()
    await driver.settle()
    assert (len(r.followups), f"<@{world.member2.id}>" in note.content) == (1, True)


async def test_bulk_approve_a_session(bot: LeapBot, driver: Driver, world: StandardGuild) -> None:
    session_id = await _session_with_attendance(bot, world)
    page = await driver.slash(world.coordinator, "hours review")
    await driver.click(world.coordinator, page, label=f"Approve all of session {session_id}")
    async with bot.db.read() as conn:
        entries = await ledger.for_session(conn, world.guild.id, session_id)
    assert [(e.member_id, e.status) for e in entries] == [
        (world.member.id, "approved"),
        (world.member2.id, "approved"),
    ]


async def test_bulk_approve_tells_each_member_once(
    bot: LeapBot, driver: Driver, world: StandardGuild, fake: Any
) -> None:
    session_id = await _session_with_attendance(bot, world)
    page = await driver.slash(world.coordinator, "hours review")
    r = await driver.click(world.coordinator, page, label=f"Approve all of session {session_id}")
    await r.wait_dm(world.member2)
    told = [len(fake.dms_to(user)) for user in (world.member, world.member2, world.coordinator)]
    assert told == [1, 1, 0]


async def test_a_member_cannot_press_approve(
    bot: LeapBot, driver: Driver, world: StandardGuild
) -> None:
    entry = await claimed(bot, world, world.member.id, 60)
    page = await driver.slash(world.coordinator, "hours review")
    r = await driver.click(
        world.member2, page.message, custom_id=custom_id(page, f"Approve {entry.id}")
    )
    assert ("Coordinator role" in r.content, (await _get(bot, world, entry.id)).status) == (
        True,
        "pending",
    )


def as_sent_before_pages(page: Any, entry_id: int) -> None:
    """Make a review message look like one sent before reviews had pages: its Approve
    button carries only the entry id, and is on."""
    for row in page.message.components:
        for c in row["components"]:
            if c.get("label") == f"Approve {entry_id}":
                c["custom_id"] = f"leap:hours:approve:{entry_id}"
                c.pop("disabled", None)


async def test_an_approve_button_from_before_pages_still_works(
    bot: LeapBot, driver: Driver, world: StandardGuild
) -> None:
    entry = await claimed(bot, world, world.member.id, 90)
    page = await driver.slash(world.coordinator, "hours review")
    as_sent_before_pages(page, entry.id)
    await driver.click(world.coordinator, page, custom_id=f"leap:hours:approve:{entry.id}")
    assert (await _get(bot, world, entry.id)).status == "approved"


async def test_a_coordinator_cannot_approve_their_own_claim(
    bot: LeapBot, driver: Driver, world: StandardGuild
) -> None:
    entry = await claimed(bot, world, world.coordinator.id, 60)
    page = await driver.slash(world.coordinator, "hours review")
    as_sent_before_pages(page, entry.id)
    r = await driver.click(world.coordinator, page, custom_id=f"leap:hours:approve:{entry.id}")
    assert ("your own claim" in r.content, (await _get(bot, world, entry.id)).status) == (
        True,
        "pending",
    )


async def test_own_claim_says_why_and_its_approve_button_is_off(
    bot: LeapBot, driver: Driver, world: StandardGuild
) -> None:
    entry = await claimed(bot, world, world.coordinator.id, 60)
    page = await driver.slash(world.coordinator, "hours review")
    [button] = [
        c
        for row in page.components
        for c in row["components"]
        if c.get("label") == f"Approve {entry.id}"
    ]
    assert (button.get("disabled"), "\nThis is your own claim." in page.text) == (True, True)


async def test_a_decision_is_audited(bot: LeapBot, driver: Driver, world: StandardGuild) -> None:
    entry = await claimed(bot, world, world.member.id, 60)
    page = await driver.slash(world.coordinator, "hours review")
    await driver.click(world.coordinator, page, label=f"Approve {entry.id}")
    async with bot.db.read() as conn:
        [logged] = await audit.recent(conn, world.guild.id, action="hours.approve")
    assert (logged.actor_id, logged.target) == (world.coordinator.id, f"entry:{entry.id}")


async def test_review_buttons_work_after_a_restart(
    bot: LeapBot,
    leap_settings: Any,
    start_bot: Any,
    driver: Driver,
    world: StandardGuild,
) -> None:
    entry = await claimed(bot, world, world.member.id, 60)
    page = await driver.slash(world.coordinator, "hours review")
    second = LeapBot(leap_settings, clock=bot.clock)
    await start_bot.restart(bot, second)
    await driver.click(
        world.coordinator, page.message, custom_id=custom_id(page, f"Approve {entry.id}")
    )
    async with second.db.read() as conn:
        done = await ledger.get(conn, world.guild.id, entry.id)
    assert done is not None
    assert done.status == "approved"
