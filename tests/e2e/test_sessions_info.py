"""/session list and /session info end to end: anyone can look; coordinators see the register."""

from __future__ import annotations

import re
from datetime import timedelta

from fakediscord import Driver, FakeDiscord
from fakediscord.results import Result
from fakediscord.standard import StandardGuild
from helpers_sessions import end, only_session, schedule, start, voice

from bot.app import LeapBot
from bot.clock import ManualClock
from storage import guild_settings
from storage import sessions as repo


async def test_list_shows_upcoming_sessions_to_a_member(
    bot: LeapBot, driver: Driver, world: StandardGuild
) -> None:
    await schedule(driver, world, title="Leaflet review")
    session = await only_session(bot, world.guild.id)
    result = await driver.slash(world.member, "session list")
    assert (
        result.ephemeral,
        "Coming up" in result.text,
        f"Leaflet review: <t:{int(session.starts_at.timestamp())}:F>" in result.text,
    ) == (True, True, True)


async def test_list_shows_ended_sessions_as_recent(
    bot: LeapBot, driver: Driver, world: StandardGuild, clock: ManualClock
) -> None:
    await schedule(driver, world, title="Done one")
    await start(driver, world)
    clock.advance(timedelta(minutes=60))
    await end(driver, world)
    result = await driver.slash(world.member, "session list")
    assert ("Recent" in result.text, "Done one" in result.text) == (True, True)


async def test_list_shows_a_session_called_off_ahead_apart_from_recent_ones(
    bot: LeapBot, driver: Driver, world: StandardGuild, clock: ManualClock
) -> None:
    # A session called off for next week has not happened: it is not "Recent" (where it
    # used to sort above, and push out, the sessions that did happen).
    await schedule(driver, world, title="Done one")
    await start(driver, world)
    clock.advance(timedelta(minutes=60))
    await end(driver, world)
    await schedule(driver, world, title="Next week", when="in 7 days")
    later = max((await _sessions(bot, world)), key=lambda s: s.id)
    await driver.slash(world.coordinator, "session cancel", session=str(later.id))
    result = await driver.slash(world.member, "session list")
    fields = {f["name"]: f["value"] for f in result.embeds[0]["fields"]}
    assert (
        "Done one" in fields["Recent"],
        "Next week" in fields["Recent"],
        "Next week" in fields.get("Called off", ""),
    ) == (True, False, True)


async def _sessions(bot: LeapBot, world: StandardGuild) -> list[repo.Session]:
    async with bot.db.read() as conn:
        return await repo.search(
            conn, world.guild.id, statuses=("scheduled", "live", "ended", "cancelled"), text=""
        )


async def test_list_with_no_sessions_says_so(
    bot: LeapBot, driver: Driver, world: StandardGuild
) -> None:
    result = await driver.slash(world.member, "session list")
    assert "no sessions yet" in result.text


async def _live_with_alice(
    bot: LeapBot, driver: Driver, world: StandardGuild, clock: ManualClock
) -> int:
    await voice(driver, driver.join_voice(world.member, world.panel_voice))
    await schedule(driver, world, agenda="Page one", content_note="Talk of loss")
    await start(driver, world)
    clock.advance(timedelta(minutes=25))
    return (await only_session(bot, world.guild.id)).id


async def test_info_shows_the_register_to_a_coordinator(
    bot: LeapBot, driver: Driver, world: StandardGuild, clock: ManualClock
) -> None:
    session_id = await _live_with_alice(bot, driver, world, clock)
    result = await driver.slash(world.coordinator, "session info", session=str(session_id))
    assert f"<@{world.member.id}>: here 25 minutes, still here" in result.text


async def test_info_hides_the_register_from_a_member(
    bot: LeapBot, driver: Driver, world: StandardGuild, clock: ManualClock
) -> None:
    session_id = await _live_with_alice(bot, driver, world, clock)
    result = await driver.slash(world.member2, "session info", session=str(session_id))
    assert (
        "Running now" in result.text,
        "Page one" in result.text,
        f"<@{world.member.id}>" in result.text,
    ) == (True, True, False)


async def test_info_for_another_panels_session_is_not_found(
    bot: LeapBot, driver: Driver, world: StandardGuild
) -> None:
    result = await driver.slash(world.member, "session info", session="123456")
    assert "could not find that session" in result.text


async def test_info_with_text_instead_of_a_choice_is_refused(
    bot: LeapBot, driver: Driver, world: StandardGuild
) -> None:
    result = await driver.slash(world.member, "session info", session="the big one")
    assert "pick one from the list" in result.text


async def test_reminder_without_a_member_role_is_posted_in_the_channel(
    bot: LeapBot, driver: Driver, world: StandardGuild, clock: ManualClock
) -> None:
    async with bot.db.transaction() as conn:
        await guild_settings.update(conn, world.guild.id, clock.now(), member_role_id=None)
    await schedule(driver, world)
    session = await only_session(bot, world.guild.id)
    clock.set(session.starts_at - timedelta(minutes=59))
    result = Result(driver.fake)
    await bot.timers.run_due()
    posted = await result.wait_message(world.panel_voice)
    assert ("A reminder" in posted.content, result.dms) == (True, [])


def _shown_and_more(value: str) -> tuple[int, int, bool]:
    """(whole lines shown, the N of "and N more.", whether every line is whole)."""
    lines = value.split("\n")
    more = re.fullmatch(r"and (\d+) more\.", lines[-1])
    shown = lines[:-1] if more else lines
    whole = all(line.endswith(("1 hour", "still here")) for line in shown)
    return len(shown), int(more[1]) if more else 0, whole


async def test_list_with_many_long_titles_shows_whole_lines_and_a_count(
    bot: LeapBot, driver: Driver, world: StandardGuild
) -> None:
    for hours in range(2, 14):
        await schedule(
            driver, world, title="A long session title " * 4 + str(hours), when=f"in {hours} hours"
        )
    result = await driver.slash(world.member, "session list")
    (field,) = [f for f in result.embeds[0]["fields"] if f["name"] == "Coming up"]
    shown, more, whole = _shown_and_more(field["value"])
    assert (shown + more, more > 0, whole) == (12, True, True)


async def test_info_register_of_a_big_session_shows_whole_lines_and_a_count(
    bot: LeapBot, driver: Driver, world: StandardGuild, fake: FakeDiscord, clock: ManualClock
) -> None:
    await schedule(driver, world)
    await start(driver, world)
    for number in range(30):
        person = fake.add_user(f"person{number}")
        fake.add_member(world.guild, person, [world.member_role])
        await voice(driver, driver.join_voice(person, world.panel_voice))
    clock.advance(timedelta(minutes=30))
    session = await only_session(bot, world.guild.id)
    result = await driver.slash(world.coordinator, "session info", session=str(session.id))
    (field,) = [f for f in result.embeds[0]["fields"] if f["name"] == "Register"]
    shown, more, whole = _shown_and_more(field["value"])
    assert (shown + more, more > 0, whole) == (30, True, True)


async def test_info_with_other_digits_is_refused_plainly(
    bot: LeapBot, driver: Driver, world: StandardGuild
) -> None:
    result = await driver.slash(world.member, "session info", session="²")
    assert "pick one from the list" in result.text


async def test_list_does_not_call_a_session_whose_time_has_gone_coming_up(
    bot: LeapBot, driver: Driver, world: StandardGuild, clock: ManualClock
) -> None:
    await schedule(driver, world, title="Missed one", when="in 1 hour")
    await schedule(driver, world, title="Next one", when="in 3 hours")
    clock.advance(timedelta(hours=2))
    result = await driver.slash(world.member, "session list")
    fields = {f["name"]: f["value"] for f in result.embeds[0]["fields"]}
    assert (
        "Missed one" in fields["Planned, but not started yet"],
        "Missed one" in fields["Coming up"],
        "Next one" in fields["Coming up"],
    ) == (True, False, True)
