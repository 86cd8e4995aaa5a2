"""/hours review never jams: pages, filters, the session button on every page, "Skip for
now", entries that cannot be approved saying why, and /setup rate offering an earlier start."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from fakediscord import Driver
from fakediscord.standard import StandardGuild
from helpers_hours import hours_bot

from bot.app import LeapBot
from bot.services.hours import ledger as hours
from bot.services.hours.ledger import NewEntry, add_attendance_entries
from storage import hours as ledger
from storage import sessions as sessions_repo
from storage.hours import HoursEntry


@pytest.fixture
async def bot(leap_settings: Any, start_bot: Any, world: StandardGuild) -> LeapBot:
    return await hours_bot(leap_settings, start_bot, world)


async def _claim(
    bot: LeapBot,
    world: StandardGuild,
    member_id: int,
    minutes: int,
    *,
    activity: str = "preparation",
    day: str = "yesterday",
) -> HoursEntry:
    return await hours.claim(
        bot.db,
        bot.clock,
        guild_id=world.guild.id,
        member_id=member_id,
        activity=activity,
        minutes=minutes,
        day=day,
    )


async def _session(bot: LeapBot, world: StandardGuild, members: list[int]) -> int:
    now = bot.clock.now()
    async with bot.db.transaction() as conn:
        session = await sessions_repo.insert(
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
        await add_attendance_entries(
            conn,
            guild_id=world.guild.id,
            session_id=session.id,
            entries=[NewEntry(m, "meeting", 60, now.date()) for m in members],
            created_by=world.coordinator.id,
            now=now,
        )
    return session.id


def _labels(result: Any) -> list[str]:
    message = result.message if hasattr(result, "message") else result
    return [c.get("label", "") for row in message.components for c in row["components"]]


def _button(result: Any, label: str) -> dict[str, Any]:
    message = result.message if hasattr(result, "message") else result
    [found] = [
        c for row in message.components for c in row["components"] if c.get("label") == label
    ]
    return found


def _entries_shown(result: Any) -> list[str]:
    message = result.message if hasattr(result, "message") else result
    return [f["name"] for f in message.embeds[0]["fields"]]


async def _status(bot: LeapBot, world: StandardGuild, entry_id: int) -> str:
    async with bot.db.read() as conn:
        entry = await ledger.get(conn, world.guild.id, entry_id)
    assert entry is not None
    return entry.status


# --- pages --------------------------------------------------------------------------------


async def test_the_first_page_says_which_entries_of_how_many(
    bot: LeapBot, driver: Driver, world: StandardGuild
) -> None:
    for minutes in range(10, 16):
        await _claim(bot, world, world.member.id, minutes)
    page = await driver.slash(world.coordinator, "hours review")
    assert ("Entries 1 to 4 of 6." in page.text, len(_entries_shown(page))) == (True, 4)


async def test_next_shows_the_following_entries(
    bot: LeapBot, driver: Driver, world: StandardGuild
) -> None:
    made = [await _claim(bot, world, world.member.id, minutes) for minutes in range(10, 16)]
    page = await driver.slash(world.coordinator, "hours review")
    after = await driver.click(world.coordinator, page, label="Next")
    assert ("Entries 5 to 6 of 6." in after.text, _entries_shown(after)) == (
        True,
        [f"Entry {made[4].id}", f"Entry {made[5].id}"],
    )


async def test_previous_goes_back_and_is_off_on_the_first_page(
    bot: LeapBot, driver: Driver, world: StandardGuild
) -> None:
    for minutes in range(10, 16):
        await _claim(bot, world, world.member.id, minutes)
    page = await driver.slash(world.coordinator, "hours review")
    first_off = _button(page, "Previous").get("disabled")
    await driver.click(world.coordinator, page, label="Next")
    back = await driver.click(world.coordinator, page, label="Previous")
    assert (first_off, "Entries 1 to 4 of 6." in back.text) == (True, True)


async def test_one_page_has_no_paging_buttons(
    bot: LeapBot, driver: Driver, world: StandardGuild
) -> None:
    await _claim(bot, world, world.member.id, 30)
    page = await driver.slash(world.coordinator, "hours review")
    assert {"Previous", "Next"} & set(_labels(page)) == set()


async def test_a_decision_on_page_two_stays_on_page_two(
    bot: LeapBot, driver: Driver, world: StandardGuild
) -> None:
    made = [await _claim(bot, world, world.member.id, minutes) for minutes in range(10, 20)]
    page = await driver.slash(world.coordinator, "hours review")
    await driver.click(world.coordinator, page, label="Next")
    after = await driver.click(world.coordinator, page, label=f"Approve {made[4].id}")
    assert (
        "Entries 5 to 8 of 9." in after.text,
        f"Entry {made[5].id}" in _entries_shown(after),
    ) == (
        True,
        True,
    )


async def test_deciding_the_last_entry_of_the_last_page_shows_the_page_before(
    bot: LeapBot, driver: Driver, world: StandardGuild
) -> None:
    made = [await _claim(bot, world, world.member.id, minutes) for minutes in range(10, 15)]
    page = await driver.slash(world.coordinator, "hours review")
    await driver.click(world.coordinator, page, label="Next")
    after = await driver.click(world.coordinator, page, label=f"Approve {made[4].id}")
    assert "Entries 1 to 4 of 4." in after.text


# --- filters ------------------------------------------------------------------------------


async def test_review_for_one_member_shows_only_theirs(
    bot: LeapBot, driver: Driver, world: StandardGuild
) -> None:
    await _claim(bot, world, world.member.id, 30)
    theirs = await _claim(bot, world, world.member2.id, 40)
    page = await driver.slash(world.coordinator, "hours review", member=world.member2)
    assert (_entries_shown(page), f"Only showing: <@{world.member2.id}>." in page.text) == (
        [f"Entry {theirs.id}"],
        True,
    )


async def test_review_for_one_activity_shows_only_that_kind(
    bot: LeapBot, driver: Driver, world: StandardGuild
) -> None:
    await _claim(bot, world, world.member.id, 30, activity="preparation")
    travel = await _claim(bot, world, world.member.id, 40, activity="travel")
    page = await driver.slash(world.coordinator, "hours review", activity="travel")
    assert _entries_shown(page) == [f"Entry {travel.id}"]


async def test_review_for_one_session_shows_only_its_entries(
    bot: LeapBot, driver: Driver, world: StandardGuild
) -> None:
    await _claim(bot, world, world.member.id, 30)
    session_id = await _session(bot, world, [world.member.id, world.member2.id])
    page = await driver.slash(world.coordinator, "hours review", session=str(session_id))
    assert ("Entries 1 to 2 of 2." in page.text, f"session {session_id}" in page.text) == (
        True,
        True,
    )


async def test_a_decision_keeps_the_filter(
    bot: LeapBot, driver: Driver, world: StandardGuild
) -> None:
    await _claim(bot, world, world.member.id, 30)
    first = await _claim(bot, world, world.member2.id, 40)
    second = await _claim(bot, world, world.member2.id, 50)
    page = await driver.slash(world.coordinator, "hours review", member=world.member2)
    after = await driver.click(world.coordinator, page, label=f"Approve {first.id}")
    assert _entries_shown(after) == [f"Entry {second.id}"]


async def test_a_filter_with_nothing_waiting_says_how_to_see_everything(
    bot: LeapBot, driver: Driver, world: StandardGuild
) -> None:
    await _claim(bot, world, world.member.id, 30)
    page = await driver.slash(world.coordinator, "hours review", member=world.member2)
    assert "/hours review with no options" in page.content


async def test_the_session_option_offers_recent_sessions_by_title_and_date(
    bot: LeapBot, driver: Driver, world: StandardGuild
) -> None:
    session_id = await _session(bot, world, [world.member.id])
    choices = await driver.autocomplete(
        world.coordinator, "hours review", focused="session", session=""
    )
    assert [(c["value"], c["name"].startswith(f"#{session_id} Panel · ")) for c in choices] == [
        (str(session_id), True)
    ]


# --- what cannot be approved, and the session button ------------------------------------------


async def test_an_entry_with_no_rate_says_why_on_its_own_line(
    bot: LeapBot, driver: Driver, world: StandardGuild
) -> None:
    entry = await _claim(bot, world, world.member.id, 30, day="2024-12-03")
    page = await driver.slash(world.coordinator, "hours review")
    [field] = page.embeds[0]["fields"]
    assert (
        field["value"].split("\n")[-1],
        _button(page, f"Approve {entry.id}").get("disabled"),
    ) == (
        "No rate for preparation on Tuesday 3 December 2024. "
        "An admin can add one with /setup rate, with from_date.",
        True,
    )


async def test_entries_with_no_rate_do_not_hide_the_session_button(
    bot: LeapBot, driver: Driver, world: StandardGuild
) -> None:
    for minutes in range(10, 15):  # five old claims with no rate fill the first page
        await _claim(bot, world, world.member.id, minutes, day="2024-12-03")
    bot.clock.advance(timedelta(minutes=1))
    session_id = await _session(bot, world, [world.member.id, world.member2.id])
    page = await driver.slash(world.coordinator, "hours review")
    assert f"Approve all of session {session_id}" in _labels(page)


async def test_the_session_button_works_from_a_page_without_its_entries(
    bot: LeapBot, driver: Driver, world: StandardGuild
) -> None:
    for minutes in range(10, 15):
        await _claim(bot, world, world.member.id, minutes, day="2024-12-03")
    bot.clock.advance(timedelta(minutes=1))
    session_id = await _session(bot, world, [world.member.id, world.member2.id])
    page = await driver.slash(world.coordinator, "hours review")
    after = await driver.click(
        world.coordinator, page, label=f"Approve all of session {session_id}"
    )
    assert ("Approved 2 entries" in after.text, "Entries 1 to 4 of 5." in after.text) == (
        True,
        True,
    )


async def test_approving_a_session_leaves_an_entry_with_no_rate_and_approves_the_rest(
    bot: LeapBot, driver: Driver, world: StandardGuild
) -> None:
    session_id = await _session(bot, world, [world.member.id, world.member2.id])
    async with bot.db.transaction() as conn:  # a claim for the session, before any rate
        blocked = await ledger.insert(
            conn,
            guild_id=world.guild.id,
            member_id=world.member.id,
            activity="review",
            minutes=20,
            work_date=date(2024, 12, 3),
            source="claim",
            created_by=world.member.id,
            now=bot.clock.now(),
            session_id=session_id,
        )
    page = await driver.slash(world.coordinator, "hours review", session=str(session_id))
    after = await driver.click(
        world.coordinator, page, label=f"Approve all of session {session_id}"
    )
    assert (
        "Approved 2 entries" in after.text,
        "1 left for you to decide one by one." in after.text,
        await _status(bot, world, blocked.id),
    ) == (True, True, "pending")


# --- skip for now -------------------------------------------------------------------------


async def test_skip_for_now_moves_the_entry_to_the_end(
    bot: LeapBot, driver: Driver, world: StandardGuild
) -> None:
    made = [await _claim(bot, world, world.member.id, minutes) for minutes in range(10, 16)]
    page = await driver.slash(world.coordinator, "hours review")
    after = await driver.click(world.coordinator, page, label=f"Skip {made[0].id} for now")
    first_page = _entries_shown(after)
    last = await driver.click(world.coordinator, page, label="Next")
    assert (f"Entry {made[0].id}" in first_page, _entries_shown(last)[-1]) == (
        False,
        f"Entry {made[0].id}",
    )


async def test_skip_for_now_leaves_another_coordinators_order_alone(
    bot: LeapBot, driver: Driver, world: StandardGuild
) -> None:
    made = [await _claim(bot, world, world.member.id, minutes) for minutes in range(10, 16)]
    page = await driver.slash(world.coordinator, "hours review")
    await driver.click(world.coordinator, page, label=f"Skip {made[0].id} for now")
    theirs = await driver.slash(world.admin, "hours review")
    assert _entries_shown(theirs)[0] == f"Entry {made[0].id}"


async def test_skipped_entries_stay_at_the_end_when_the_review_opens_again(
    bot: LeapBot, driver: Driver, world: StandardGuild
) -> None:
    made = [await _claim(bot, world, world.member.id, minutes) for minutes in range(10, 13)]
    page = await driver.slash(world.coordinator, "hours review")
    await driver.click(world.coordinator, page, label=f"Skip {made[0].id} for now")
    again = await driver.slash(world.coordinator, "hours review")
    assert _entries_shown(again) == [
        f"Entry {made[1].id}",
        f"Entry {made[2].id}",
        f"Entry {made[0].id}",
    ]


async def test_a_session_entry_names_its_session_once(
    bot: LeapBot, driver: Driver, world: StandardGuild
) -> None:
    session_id = await _session(bot, world, [world.member.id])
    r = await driver.slash(world.coordinator, "hours review")
    assert (f"(session {session_id})." in r.text, "(session). Session" in r.text) == (True, False)


# --- /setup rate and /setup show ----------------------------------------------------------


async def test_setup_rate_warns_about_earlier_entries_and_offers_an_earlier_start(
    bot: LeapBot, driver: Driver, world: StandardGuild
) -> None:
    await _claim(bot, world, world.member.id, 30, activity="preparation", day="2024-12-03")
    await _claim(bot, world, world.member.id, 40, activity="preparation", day="2024-12-09")
    r = await driver.slash(world.admin, "setup rate", activity="preparation", pounds_per_hour="14")
    assert (
        "2 entries of preparation from before then still have no rate" in r.content,
        "Start it on Tuesday 3 December 2024" in _labels(r),
    ) == (True, True)


async def test_setup_rate_speaks_of_one_waiting_entry_in_the_singular(
    bot: LeapBot, driver: Driver, world: StandardGuild
) -> None:
    await _claim(bot, world, world.member.id, 30, activity="preparation", day="2024-12-03")
    r = await driver.slash(world.admin, "setup rate", activity="preparation", pounds_per_hour="14")
    assert "1 entry of preparation from before then still has no rate." in r.content


async def test_starting_the_rate_earlier_lets_the_entries_be_approved(
    bot: LeapBot, driver: Driver, world: StandardGuild
) -> None:
    entry = await _claim(bot, world, world.member.id, 30, activity="preparation", day="2024-12-03")
    r = await driver.slash(world.admin, "setup rate", activity="preparation", pounds_per_hour="14")
    done = await driver.click(world.admin, r, label="Start it on Tuesday 3 December 2024")
    page = await driver.slash(world.coordinator, "hours review")
    await driver.click(world.coordinator, page, label=f"Approve {entry.id}")
    assert (
        "from Tuesday 3 December 2024" in done.content,
        await _status(bot, world, entry.id),
    ) == (
        True,
        "approved",
    )


async def test_setup_rate_says_nothing_more_when_no_entry_waits(
    bot: LeapBot, driver: Driver, world: StandardGuild
) -> None:
    r = await driver.slash(world.admin, "setup rate", activity="preparation", pounds_per_hour="14")
    assert ("still have no rate" in r.content, r.components) == (False, [])


async def test_setup_show_leaves_out_a_later_rate_that_changes_nothing(
    bot: LeapBot, driver: Driver, world: StandardGuild
) -> None:
    # Preparation is £12.00 an hour already; the same rate again from tomorrow is no change.
    await driver.slash(
        world.admin,
        "setup rate",
        activity="preparation",
        pounds_per_hour="12",
        from_date="tomorrow",
    )
    r = await driver.slash(world.admin, "setup show")
    assert ("Preparation: £12.00 an hour\n" in r.text, "then £12.00" in r.text) == (True, False)


async def test_setup_show_lists_activities_waiting_for_a_rate(
    bot: LeapBot, driver: Driver, world: StandardGuild
) -> None:
    await _claim(bot, world, world.member.id, 30, activity="travel", day="2024-12-03")
    r = await driver.slash(world.admin, "setup show")
    assert "Travel: 1 entry waiting, from Tuesday 3 December 2024" in r.text
