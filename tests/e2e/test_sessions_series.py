"""Repeating sessions end to end: each session its own, the same local time across clock
changes, the next ones planned as each passes (also after a restart), calling off one or
all later ones, /session list, and bad repeat or until refused."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from fakediscord import Driver, FakeDiscord
from fakediscord.standard import StandardGuild
from helpers_sessions import answered, launch, make_bot, schedule

from bot.app import LeapBot
from bot.clock import ManualClock
from bot.services.sessions import timers as session_timers
from storage import session_series
from storage import sessions as repo
from storage.sessions import Session

LONDON = ZoneInfo("Europe/London")


def utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)


async def sessions_of(bot: LeapBot, guild_id: int) -> list[Session]:
    """Every session of the panel, in order of number."""
    async with bot.db.read() as conn:
        found = await repo.search(
            conn, guild_id, statuses=("scheduled", "live", "ended", "cancelled"), text=""
        )
    return sorted(found, key=lambda s: s.id)


def local_times(found: list[Session]) -> list[str]:
    return [s.starts_at.astimezone(LONDON).strftime("%Y-%m-%d %H:%M") for s in found]


def event_starts(world: StandardGuild) -> list[str]:
    """Start times of the server's events as Discord got them (UTC), in order."""
    return sorted(
        datetime.fromisoformat(e["scheduled_start_time"]).astimezone(UTC).strftime("%m-%d %H:%M")
        for e in world.guild.scheduled_events.values()
    )


async def weekly(driver: Driver, world: StandardGuild, when: str, **options: Any) -> Any:
    return await schedule(driver, world, when=when, repeat="weekly", **options)


# --- the same local time across clock changes --------------------------------------------


async def test_weekly_series_keeps_6pm_in_london_across_the_march_clock_change(
    bot: LeapBot, driver: Driver, world: StandardGuild, clock: ManualClock
) -> None:
    clock.set(utc(2027, 3, 10, 12))
    await weekly(driver, world, "2027-03-21 18:00")
    # Clocks go forward on Sunday 28 March 2027: 18:00 is 18:00 UTC before, 17:00 UTC after.
    assert event_starts(world) == ["03-21 18:00", "03-28 17:00", "04-04 17:00", "04-11 17:00"]


async def test_weekly_series_keeps_6pm_in_london_across_the_october_clock_change(
    bot: LeapBot, driver: Driver, world: StandardGuild, clock: ManualClock
) -> None:
    clock.set(utc(2027, 10, 10, 12))
    await weekly(driver, world, "2027-10-24 18:00")
    found = await sessions_of(bot, world.guild.id)
    # Clocks go back on Sunday 31 October 2027.
    assert [int(s.starts_at.timestamp()) for s in found] == [
        int(utc(2027, 10, 24, 17).timestamp()),
        int(utc(2027, 10, 31, 18).timestamp()),
        int(utc(2027, 11, 7, 18).timestamp()),
        int(utc(2027, 11, 14, 18).timestamp()),
    ]


async def test_the_reply_shows_each_session_as_a_discord_timestamp_and_the_rule(
    bot: LeapBot, driver: Driver, world: StandardGuild, clock: ManualClock
) -> None:
    clock.set(utc(2027, 3, 10, 12))
    result = await weekly(driver, world, "2027-03-21 18:00")
    first = (await sessions_of(bot, world.guild.id))[0]
    assert (
        f"<t:{int(first.starts_at.timestamp())}:F>" in result.text,
        "every week on Sunday at 18:00 (Europe/London time)" in result.text,
        "until you stop it" in result.text,
    ) == (True, True, True)


async def test_each_session_of_a_series_is_its_own_session(
    bot: LeapBot, driver: Driver, world: StandardGuild, clock: ManualClock
) -> None:
    clock.set(utc(2027, 3, 10, 12))
    await weekly(driver, world, "2027-03-21 18:00")
    found = await sessions_of(bot, world.guild.id)
    events = {s.event_id for s in found}
    assert (len(found), len(events), None in events, {s.status for s in found}) == (
        4,
        4,
        False,
        {"scheduled"},
    )


async def test_each_session_of_a_series_gets_its_own_reminders(
    bot: LeapBot, driver: Driver, world: StandardGuild, clock: ManualClock
) -> None:
    clock.set(utc(2027, 3, 10, 12))
    await weekly(driver, world, "2027-03-21 18:00")
    found = await sessions_of(bot, world.guild.id)
    clock.set(found[2].starts_at - timedelta(minutes=59))
    await bot.timers.run_due()
    sent = await session_timers.for_session(bot.db, found[2].id)
    assert [n.kind for n in sent if n.audience == "panel"] == ["session.reminder"]


# --- monthly on the same weekday ----------------------------------------------------------


async def test_a_fourth_tuesday_series_skips_the_fifth_tuesday_of_march(
    bot: LeapBot, driver: Driver, world: StandardGuild, clock: ManualClock
) -> None:
    clock.set(utc(2027, 2, 1, 12))
    result = await schedule(driver, world, when="2027-02-23 18:00", repeat="monthly_weekday")
    found = await sessions_of(bot, world.guild.id)
    assert (local_times(found), "on the fourth Tuesday" in result.text) == (
        ["2027-02-23 18:00", "2027-03-23 18:00", "2027-04-27 18:00", "2027-05-25 18:00"],
        True,
    )


async def test_a_series_starting_on_a_fifth_tuesday_meets_on_the_last_tuesday(
    bot: LeapBot, driver: Driver, world: StandardGuild, clock: ManualClock
) -> None:
    clock.set(utc(2027, 3, 1, 12))
    result = await schedule(driver, world, when="2027-03-30 18:00", repeat="monthly_weekday")
    found = await sessions_of(bot, world.guild.id)
    assert (local_times(found), "on the last Tuesday" in result.text) == (
        ["2027-03-30 18:00", "2027-04-27 18:00", "2027-05-25 18:00", "2027-06-29 18:00"],
        True,
    )


async def test_monthly_on_the_31st_uses_the_last_day_of_shorter_months(
    bot: LeapBot, driver: Driver, world: StandardGuild, clock: ManualClock
) -> None:
    clock.set(utc(2027, 1, 10, 12))
    result = await schedule(driver, world, when="2027-01-31 10:00", repeat="monthly_date")
    found = await sessions_of(bot, world.guild.id)
    said = "every month on day 31, or the last day of a shorter month, at 10:00"
    assert (local_times(found), said in result.text) == (
        ["2027-01-31 10:00", "2027-02-28 10:00", "2027-03-31 10:00", "2027-04-30 10:00"],
        True,
    )


# --- count and end date ------------------------------------------------------------------


async def test_a_count_of_three_makes_three_sessions_and_no_more(
    bot: LeapBot, driver: Driver, world: StandardGuild, clock: ManualClock
) -> None:
    clock.set(utc(2027, 3, 10, 12))
    await weekly(driver, world, "2027-03-21 18:00", until="3")
    first = (await sessions_of(bot, world.guild.id))[0]
    clock.set(first.starts_at)
    await bot.timers.run_due()
    assert len(await sessions_of(bot, world.guild.id)) == 3


async def test_an_end_date_stops_the_series(
    bot: LeapBot, driver: Driver, world: StandardGuild, clock: ManualClock
) -> None:
    clock.set(utc(2027, 3, 10, 12))
    await schedule(driver, world, when="2027-03-21 18:00", repeat="fortnightly", until="2027-05-01")
    found = await sessions_of(bot, world.guild.id)
    assert local_times(found) == ["2027-03-21 18:00", "2027-04-04 18:00", "2027-04-18 18:00"]


# --- the rolling window ------------------------------------------------------------------


async def test_when_a_session_starts_the_next_one_is_planned_with_its_own_event(
    bot: LeapBot, driver: Driver, world: StandardGuild, clock: ManualClock
) -> None:
    clock.set(utc(2027, 10, 3, 12))
    await weekly(driver, world, "2027-10-10 18:00")
    first = (await sessions_of(bot, world.guild.id))[0]
    clock.set(first.starts_at)
    await bot.timers.run_due()
    await driver.settle()
    found = await sessions_of(bot, world.guild.id)
    # The fifth, on 7 November, is after the clocks went back: still 18:00 in London.
    assert (local_times(found)[4:], len(world.guild.scheduled_events), found[4].event_id) == (
        ["2027-11-07 18:00"],
        5,
        int(max(world.guild.scheduled_events)),
    )


async def test_an_event_that_failed_is_made_at_the_next_top_up(
    bot: LeapBot, driver: Driver, world: StandardGuild, clock: ManualClock, fake: FakeDiscord
) -> None:
    clock.set(utc(2027, 3, 10, 12))
    await weekly(driver, world, "2027-03-21 18:00")
    fake.fail("POST", "/guilds/{guild_id}/scheduled-events")  # once, as if rights were lost
    clock.set(utc(2027, 3, 21, 18))
    await bot.timers.run_due()  # the fifth session is made, its event fails
    clock.set(utc(2027, 3, 28, 17))
    await bot.timers.run_due()  # the sixth: both get their events now
    await driver.settle()
    found = await sessions_of(bot, world.guild.id)
    assert ([s.event_id is None for s in found], len(world.guild.scheduled_events)) == (
        [False] * 6,
        6,
    )


async def test_four_sessions_are_always_ahead(
    bot: LeapBot, driver: Driver, world: StandardGuild, clock: ManualClock
) -> None:
    clock.set(utc(2027, 3, 10, 12))
    await weekly(driver, world, "2027-03-21 18:00")
    ahead = []
    for week in range(3):
        clock.set(utc(2027, 3, 21, 18) + timedelta(weeks=week, minutes=1))
        await bot.timers.run_due()
        found = await sessions_of(bot, world.guild.id)
        ahead.append(sum(1 for s in found if s.starts_at > clock.now()))
    assert ahead == [4, 4, 4]


async def test_the_next_sessions_are_planned_after_a_restart(
    leap_settings: Any, start_bot: Any, world: StandardGuild, driver: Driver, clock: ManualClock
) -> None:
    clock.set(utc(2027, 3, 10, 12))
    first_bot = await make_bot(leap_settings, start_bot, world, clock)
    await weekly(driver, world, "2027-03-21 18:00")
    await first_bot.close()
    clock.set(utc(2027, 3, 29, 12))  # two sessions went by while the bot was away
    second, _ = await launch(leap_settings, start_bot, clock)
    await second.timers.wait_idle()
    await driver.settle()
    found = await sessions_of(second, world.guild.id)
    assert (local_times(found)[4:], len(world.guild.scheduled_events)) == (
        ["2027-04-18 18:00", "2027-04-25 18:00"],
        6,
    )


async def test_only_the_first_session_posts_a_card_saying_how_it_repeats(
    bot: LeapBot, driver: Driver, world: StandardGuild, clock: ManualClock
) -> None:
    clock.set(utc(2027, 3, 10, 12))
    result = await weekly(driver, world, "2027-03-21 18:00", until="6")
    card = await result.wait_message(world.panel_voice)
    found = await sessions_of(bot, world.guild.id)
    posted = [s.card_message_id is not None for s in found]
    text = str(card.embeds)
    assert (posted, "Every week on Sunday at 18:00" in text, "6 times in all" in text) == (
        [True, False, False, False],
        True,
        True,
    )


async def test_info_on_a_later_session_says_how_the_series_repeats(
    bot: LeapBot, driver: Driver, world: StandardGuild, clock: ManualClock
) -> None:
    clock.set(utc(2027, 3, 10, 12))
    await weekly(driver, world, "2027-03-21 18:00", until="2027-06-30")
    third = (await sessions_of(bot, world.guild.id))[2]
    result = await answered(await driver.slash(world.member, "session info", session=str(third.id)))
    assert (
        f"Session {third.id}" in result.text,
        "until Wednesday 30 June 2027" in result.text,
    ) == (
        True,
        True,
    )


async def test_a_series_that_would_overlap_a_planned_session_asks_first(
    bot: LeapBot, driver: Driver, world: StandardGuild, clock: ManualClock
) -> None:
    clock.set(utc(2027, 3, 10, 12))
    await schedule(driver, world, when="2027-04-04 18:30", title="Guest talk")
    result = await weekly(driver, world, "2027-03-21 18:00")
    async with bot.db.read() as conn:
        series_count = await session_series.count(conn, world.guild.id)
    assert ("would overlap" in result.text, "Guest talk" in result.text, series_count) == (
        True,
        True,
        0,
    )


# --- calling off one, or all later ones --------------------------------------------------


async def cancel(driver: Driver, world: StandardGuild, session: Session, button: str) -> Any:
    asked = await answered(
        await driver.slash(world.coordinator, "session cancel", session=str(session.id))
    )
    assert "just this one, or this one and all later ones" in asked.text
    pressed = await driver.click(world.coordinator, asked, label=button)
    await pressed.wait_followup()
    await driver.settle()
    return pressed


async def test_calling_off_just_one_keeps_the_rest_of_the_series(
    bot: LeapBot, driver: Driver, world: StandardGuild, clock: ManualClock
) -> None:
    clock.set(utc(2027, 3, 10, 12))
    await weekly(driver, world, "2027-03-21 18:00")
    second = (await sessions_of(bot, world.guild.id))[1]
    await cancel(driver, world, second, "Just this one")
    clock.set(utc(2027, 3, 21, 18))
    await bot.timers.run_due()
    found = await sessions_of(bot, world.guild.id)
    assert [s.status for s in found] == [
        "scheduled",
        "cancelled",
        "scheduled",
        "scheduled",
        "scheduled",
        "scheduled",
    ]


async def test_a_session_called_off_does_not_count_among_the_four_ahead(
    bot: LeapBot, driver: Driver, world: StandardGuild, clock: ManualClock
) -> None:
    # The reply promised "there are always 4 ahead": a called-off one is not one of them.
    clock.set(utc(2027, 3, 10, 12))
    await weekly(driver, world, "2027-03-21 18:00")
    second = (await sessions_of(bot, world.guild.id))[1]
    await cancel(driver, world, second, "Just this one")
    clock.set(utc(2027, 3, 21, 18, 1))
    await bot.timers.run_due()
    found = await sessions_of(bot, world.guild.id)
    planned = [s for s in found if s.status == "scheduled" and s.starts_at > clock.now()]
    assert local_times(planned) == [
        "2027-04-04 18:00",
        "2027-04-11 18:00",
        "2027-04-18 18:00",
        "2027-04-25 18:00",
    ]


async def test_calling_off_all_later_ones_cancels_them_and_plans_no_more(
    bot: LeapBot, driver: Driver, world: StandardGuild, clock: ManualClock
) -> None:
    clock.set(utc(2027, 3, 10, 12))
    await weekly(driver, world, "2027-03-21 18:00")
    second = (await sessions_of(bot, world.guild.id))[1]
    await cancel(driver, world, second, "This and all later ones")
    clock.set(utc(2027, 3, 21, 18))
    await bot.timers.run_due()
    found = await sessions_of(bot, world.guild.id)
    assert [s.status for s in found] == ["scheduled", "cancelled", "cancelled", "cancelled"]


async def test_calling_off_all_later_ones_cancels_their_events_and_tells_members(
    bot: LeapBot, driver: Driver, world: StandardGuild, clock: ManualClock
) -> None:
    clock.set(utc(2027, 3, 10, 12))
    await weekly(driver, world, "2027-03-21 18:00")
    found = await sessions_of(bot, world.guild.id)
    await cancel(driver, world, found[1], "This and all later ones")
    statuses = [world.guild.scheduled_events[s.event_id or 0]["status"] for s in found]
    told = [
        [n.kind for n in await session_timers.for_session(bot.db, s.id) if n.audience == "panel"]
        for s in found
    ]
    assert (statuses, told) == (
        [1, 4, 4, 4],
        [[], ["session.cancelled"], ["session.cancelled"], ["session.cancelled"]],
    )


async def test_calling_off_all_later_ones_says_how_many(
    bot: LeapBot, driver: Driver, world: StandardGuild, clock: ManualClock
) -> None:
    clock.set(utc(2027, 3, 10, 12))
    await weekly(driver, world, "2027-03-21 18:00")
    second = (await sessions_of(bot, world.guild.id))[1]
    pressed = await cancel(driver, world, second, "This and all later ones")
    assert "3 sessions. No more will be planned" in pressed.text


async def test_calling_off_all_later_ones_updates_the_series_card(
    bot: LeapBot, driver: Driver, world: StandardGuild, clock: ManualClock, fake: FakeDiscord
) -> None:
    clock.set(utc(2027, 3, 10, 12))
    result = await weekly(driver, world, "2027-03-21 18:00", until="6")
    card = await result.wait_message(world.panel_voice)
    found = await sessions_of(bot, world.guild.id)
    await cancel(driver, world, found[2], "This and all later ones")
    [embed] = fake.messages[card.id].embeds
    [repeats] = [f["value"] for f in embed["fields"] if f["name"] == "Repeats"]
    # Session 2 still goes ahead; members reading the only card of the series see it stopped.
    assert ("6 times in all" in repeats, "stopped by a coordinator" in repeats) == (False, True)


async def test_keep_them_calls_nothing_off(
    bot: LeapBot, driver: Driver, world: StandardGuild, clock: ManualClock
) -> None:
    clock.set(utc(2027, 3, 10, 12))
    await weekly(driver, world, "2027-03-21 18:00")
    second = (await sessions_of(bot, world.guild.id))[1]
    asked = await answered(
        await driver.slash(world.coordinator, "session cancel", session=str(second.id))
    )
    await driver.click(world.coordinator, asked, label="Keep them")
    found = await sessions_of(bot, world.guild.id)
    assert {s.status for s in found} == {"scheduled"}


async def test_the_last_session_of_a_counted_series_is_called_off_without_asking(
    bot: LeapBot, driver: Driver, world: StandardGuild, clock: ManualClock
) -> None:
    clock.set(utc(2027, 3, 10, 12))
    await weekly(driver, world, "2027-03-21 18:00", until="2")
    last = (await sessions_of(bot, world.guild.id))[-1]
    result = await answered(
        await driver.slash(world.coordinator, "session cancel", session=str(last.id))
    )
    assert (
        "is called off" in result.text,
        (await sessions_of(bot, world.guild.id))[-1].status,
    ) == (
        True,
        "cancelled",
    )


# --- /session list -----------------------------------------------------------------------


async def test_list_shows_a_series_once_with_its_sessions_under_it(
    bot: LeapBot, driver: Driver, world: StandardGuild, clock: ManualClock
) -> None:
    clock.set(utc(2027, 3, 10, 12))
    await weekly(driver, world, "2027-03-21 18:00", title="Weekly check-in")
    await schedule(driver, world, when="2027-03-15 12:00", title="One-off talk")
    result = await answered(await driver.slash(world.member, "session list"))
    found = await sessions_of(bot, world.guild.id)
    lines = result.text.splitlines()
    heading = [i for i, line in enumerate(lines) if "Weekly check-in" in line]
    under = [line.split(" ")[1] for line in lines[heading[0] + 1 : heading[0] + 5]]
    assert (len(heading), "every week on Sunday" in lines[heading[0]], under) == (
        1,
        True,
        [f"#{s.id}" for s in found[:4]],
    )


# --- bad input ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("options", "words"),
    [
        ({"repeat": "weekly", "until": "100"}, "from 2 to 52"),
        ({"repeat": "weekly", "until": "1"}, "from 2 to 52"),
        ({"repeat": "weekly", "until": "whenever"}, "as a date or a number of times"),
        ({"repeat": "weekly", "until": "2027-03-01"}, "before the first session"),
        ({"repeat": "weekly", "until": "2027-03-21"}, "only one session"),
        ({"repeat": "monthly_date", "until": "2027-04-20"}, "only one session"),
        ({"until": "10"}, "only works for a session that repeats"),
    ],
)
async def test_bad_repeat_or_until_is_refused_and_nothing_is_stored(
    bot: LeapBot,
    driver: Driver,
    world: StandardGuild,
    clock: ManualClock,
    options: dict[str, str],
    words: str,
) -> None:
    clock.set(utc(2027, 3, 10, 12))
    result = await schedule(driver, world, when="2027-03-21 18:00", **options)
    async with bot.db.read() as conn:
        stored = (
            await repo.count(conn, world.guild.id),
            await session_series.count(conn, world.guild.id),
        )
    assert (result.ephemeral, words in result.text, stored, world.guild.scheduled_events) == (
        True,
        True,
        (0, 0),
        {},
    )


async def test_a_series_of_two_says_both_are_planned(
    bot: LeapBot, driver: Driver, world: StandardGuild, clock: ManualClock
) -> None:
    clock.set(utc(2027, 3, 10, 12))
    result = await weekly(driver, world, "2027-03-21 18:00", until="2")
    [first, second] = await sessions_of(bot, world.guild.id)
    assert f"I planned both now: session {first.id} and session {second.id}" in result.text


async def test_the_cards_repeats_line_does_not_say_repeats_twice(
    bot: LeapBot, driver: Driver, world: StandardGuild, clock: ManualClock
) -> None:
    clock.set(utc(2027, 3, 10, 12))
    result = await weekly(driver, world, "2027-03-21 18:00", until="6")
    card = await result.wait_message(world.panel_voice)
    [embed] = card.embeds
    [repeats] = [f["value"] for f in embed["fields"] if f["name"] == "Repeats"]
    assert repeats == "Every week on Sunday at 18:00 (Europe/London time), 6 times in all."


async def test_members_are_not_told_they_can_stop_a_series(
    bot: LeapBot, driver: Driver, world: StandardGuild, clock: ManualClock
) -> None:
    clock.set(utc(2027, 3, 10, 12))
    result = await weekly(driver, world, "2027-03-21 18:00")
    card = await result.wait_message(world.panel_voice)
    info = await answered(await driver.slash(world.member, "session info", session="2"))
    listed = await answered(await driver.slash(world.member, "session list"))
    said = [str(card.embeds), info.text, listed.text]
    assert (
        ["until you stop it" in s for s in said],
        ["with no end date yet" in s for s in said],
    ) == ([False, False, False], [True, True, True])


async def test_a_series_without_server_events_does_not_say_each_has_one(
    bot: LeapBot, driver: Driver, world: StandardGuild, clock: ManualClock, fake: FakeDiscord
) -> None:
    clock.set(utc(2027, 3, 10, 12))
    fake.fail(
        "POST",
        "/guilds/{guild_id}/scheduled-events",
        status=403,
        code=50013,
        message="Missing Permissions",
        count=4,
    )
    result = await weekly(driver, world, "2027-03-21 18:00", until="6")
    assert (
        "Manage Events" in result.text,
        "each with its own server event" in result.text,
        "I planned the next 4 now: session 1, session 2, session 3 and session 4." in result.text,
    ) == (True, False, True)


async def test_a_long_list_shows_every_series_and_a_sooner_one_off(
    bot: LeapBot, driver: Driver, world: StandardGuild, clock: ManualClock
) -> None:
    clock.set(utc(2027, 3, 10, 12))
    for index in range(6):
        await weekly(driver, world, f"2027-03-{21 + index} 18:00", title=f"Group {index}")
    await schedule(driver, world, when="2027-03-27 18:00", title="One-off")
    listed = await answered(await driver.slash(world.member, "session list"))
    # Sessions on 24 to 27 March come before the later sessions of the first series.
    shown = [f"Group {index}" in listed.text for index in range(6)]
    assert (shown, "One-off" in listed.text) == ([True] * 6, True)
