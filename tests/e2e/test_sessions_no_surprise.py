"""No surprise starts: overlapping plans ask first, /session start picks only a clear
choice (or asks), early starts say how early, and early or late starts keep the planned length."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from fakediscord import Driver, FakeDiscord
from fakediscord.standard import StandardGuild
from helpers_sessions import answered, only_session, schedule, session_by_id

from bot.app import LeapBot
from bot.clock import ManualClock
from bot.services.sessions import timers as session_timers
from storage import sessions as repo
from storage import timers as timer_repo


async def _all(bot: LeapBot, guild_id: int) -> list[repo.Session]:
    async with bot.db.read() as conn:
        return await repo.search(
            conn, guild_id, statuses=("scheduled", "live", "ended", "cancelled"), text=""
        )


async def _live(bot: LeapBot) -> list[str]:
    async with bot.db.read() as conn:
        return [s.title for s in await repo.live(conn)]


async def _start(driver: Driver, world: StandardGuild, **options: Any) -> Any:
    return await answered(await driver.slash(world.coordinator, "session start", **options))


# --- overlapping plans ----------------------------------------------------------------------


async def test_an_overlapping_session_in_the_same_channel_asks_first_and_stores_nothing(
    bot: LeapBot, driver: Driver, world: StandardGuild
) -> None:
    await schedule(driver, world, title="First", when="in 2 hours")
    asked = await schedule(driver, world, title="Second", when="in 2 hours 30 minutes")
    titles = [s.title for s in await _all(bot, world.guild.id)]
    assert ("would overlap **First**" in asked.text, titles) == (True, ["First"])


async def test_plan_it_anyway_plans_the_overlapping_session(
    bot: LeapBot, driver: Driver, world: StandardGuild
) -> None:
    await schedule(driver, world, title="First", when="in 2 hours")
    asked = await schedule(driver, world, title="Second", when="in 2 hours 30 minutes")
    done = await driver.click(world.coordinator, asked, label="Plan it anyway")
    await done.wait_followup()
    titles = sorted(s.title for s in await _all(bot, world.guild.id))
    assert (titles, "Planned: **Second**" in done.text) == (["First", "Second"], True)


async def test_do_not_plan_it_leaves_only_the_first(
    bot: LeapBot, driver: Driver, world: StandardGuild
) -> None:
    await schedule(driver, world, title="First", when="in 2 hours")
    asked = await schedule(driver, world, title="Second", when="in 2 hours 30 minutes")
    done = await driver.click(world.coordinator, asked, label="Do not plan it")
    titles = [s.title for s in await _all(bot, world.guild.id)]
    assert (titles, "Nothing was planned" in done.content) == (["First"], True)


async def test_back_to_back_sessions_do_not_ask(
    bot: LeapBot, driver: Driver, world: StandardGuild
) -> None:
    await schedule(driver, world, title="First", when="in 2 hours", length=60)
    second = await schedule(driver, world, title="Second", when="in 3 hours", length=60)
    assert "Planned: **Second**" in second.text


async def test_the_same_time_in_another_channel_does_not_ask(
    bot: LeapBot, driver: Driver, world: StandardGuild
) -> None:
    await schedule(driver, world, title="First", when="in 2 hours")
    second = await schedule(driver, world, title="Second", when="in 2 hours", channel=world.stage)
    assert "Planned: **Second**" in second.text


# --- /session start with no session named ----------------------------------------------------


async def test_start_elsewhere_with_nothing_near_asks_which_and_starts_nothing(
    bot: LeapBot, driver: Driver, world: StandardGuild
) -> None:
    await schedule(driver, world, title="Later", when="in 1 hour", channel=world.stage)
    asked = await _start(driver, world)  # in #general
    [menu] = [c for row in asked.components for c in row["components"]]
    labels = [o["label"].split(" · ")[0] for o in menu["options"]]
    assert (labels, await _live(bot)) == (["#1 Later"], [])


async def test_picking_from_the_list_starts_that_session(
    bot: LeapBot, driver: Driver, world: StandardGuild
) -> None:
    await schedule(driver, world, title="Later", when="in 1 hour", channel=world.stage)
    asked = await _start(driver, world)
    picked = await driver.select(
        world.coordinator, asked, ["1"], placeholder="Pick a session to start"
    )
    await picked.wait_followup()
    assert await _live(bot) == ["Later"]


async def test_start_elsewhere_takes_the_one_session_within_30_minutes(
    bot: LeapBot, driver: Driver, world: StandardGuild
) -> None:
    await schedule(driver, world, title="Soon", when="in 20 minutes", channel=world.stage)
    await schedule(driver, world, title="Much later", when="in 5 hours", channel=world.stage)
    await _start(driver, world)
    assert await _live(bot) == ["Soon"]


async def test_start_where_a_session_is_days_off_while_another_is_due_asks_which(
    bot: LeapBot, driver: Driver, world: StandardGuild
) -> None:
    # The coordinator types /session start in #general, whose own session is days away,
    # while another session is due in 20 minutes: both are offered, the one due first.
    await schedule(driver, world, title="Due now", when="in 20 minutes")
    await schedule(driver, world, title="Next week", when="in 7 days", channel=world.general)
    asked = await _start(driver, world)  # in #general
    [menu] = [c for row in asked.components for c in row["components"]]
    labels = [o["label"].split(" · ")[0] for o in menu["options"]]
    assert (labels, await _live(bot)) == (["#1 Due now", "#2 Next week"], [])


async def test_start_in_its_channel_more_than_30_minutes_early_asks_first(
    bot: LeapBot, driver: Driver, world: StandardGuild
) -> None:
    await schedule(driver, world, title="Here", when="in 2 hours")
    asked = await _start(driver, world, in_channel=world.panel_voice)
    assert ("start it now, 2 hours early?" in asked.text, await _live(bot)) == (True, [])


async def test_not_now_starts_nothing(bot: LeapBot, driver: Driver, world: StandardGuild) -> None:
    await schedule(driver, world, title="Here", when="in 2 hours")
    asked = await _start(driver, world, in_channel=world.panel_voice)
    done = await driver.click(world.coordinator, asked, label="Not now")
    assert ("Nothing was started" in done.content, await _live(bot)) == (True, [])


async def test_start_it_now_starts_it(bot: LeapBot, driver: Driver, world: StandardGuild) -> None:
    await schedule(driver, world, title="Here", when="in 2 hours")
    asked = await _start(driver, world, in_channel=world.panel_voice)
    done = await driver.click(world.coordinator, asked, label="Start it now")
    await done.wait_followup()
    assert await _live(bot) == ["Here"]


async def test_start_in_its_channel_10_minutes_early_starts_at_once(
    bot: LeapBot, driver: Driver, world: StandardGuild
) -> None:
    await schedule(driver, world, title="Here", when="in 10 minutes")
    await _start(driver, world, in_channel=world.panel_voice)
    assert await _live(bot) == ["Here"]


# --- a session named explicitly --------------------------------------------------------------


async def test_a_named_session_starts_at_once_and_says_how_early(
    bot: LeapBot, driver: Driver, world: StandardGuild
) -> None:
    await schedule(driver, world, title="Far", when="in 2 hours", channel=world.stage)
    started = await _start(driver, world, session="1")
    assert (
        "Started 2 hours before its planned time." in started.text,
        await _live(bot),
    ) == (True, ["Far"])


async def test_an_early_start_keeps_the_planned_length_for_auto_end(
    bot: LeapBot, driver: Driver, world: StandardGuild, clock: ManualClock
) -> None:
    await schedule(driver, world, title="Far", when="in 2 hours", length=60)
    await _start(driver, world, session="1")
    session = await only_session(bot, world.guild.id)
    async with bot.db.read() as conn:
        [timer] = await timer_repo.find_pending(
            conn,
            kind=session_timers.KIND_AUTO_END,
            guild_id=world.guild.id,
            payload_key="session_id",
            payload_value=session.id,
        )
    assert timer.due_at == clock.now() + timedelta(minutes=60) + session_timers.AUTO_END_GRACE


async def test_an_early_session_ends_by_itself_after_its_planned_length(
    bot: LeapBot, driver: Driver, world: StandardGuild, clock: ManualClock
) -> None:
    await schedule(driver, world, title="Far", when="in 3 hours", length=60)
    await _start(driver, world, session="1")
    clock.advance(timedelta(minutes=91))  # 60 minutes and the 30-minute grace have passed
    await bot.timers.run_due()
    assert (await session_by_id(bot, 1)).status == "ended"


async def test_a_late_start_keeps_the_planned_length_for_auto_end(
    bot: LeapBot, driver: Driver, world: StandardGuild, clock: ManualClock
) -> None:
    await schedule(driver, world, title="Late", when="in 2 hours", length=60)
    planned = await only_session(bot, world.guild.id)
    clock.set(planned.starts_at + timedelta(minutes=20))  # started 20 minutes late
    await _start(driver, world, session="1")
    session = await only_session(bot, world.guild.id)
    async with bot.db.read() as conn:
        [timer] = await timer_repo.find_pending(
            conn,
            kind=session_timers.KIND_AUTO_END,
            guild_id=world.guild.id,
            payload_key="session_id",
            payload_value=session.id,
        )
    assert timer.due_at == clock.now() + timedelta(minutes=60) + session_timers.AUTO_END_GRACE


async def test_a_late_session_runs_its_planned_length_before_ending_by_itself(
    bot: LeapBot, driver: Driver, world: StandardGuild, clock: ManualClock
) -> None:
    await schedule(driver, world, title="Late", when="in 2 hours", length=60)
    planned = await only_session(bot, world.guild.id)
    clock.set(planned.starts_at + timedelta(minutes=20))  # started 20 minutes late
    await _start(driver, world, session="1")
    clock.set(planned.starts_at + timedelta(minutes=91))  # 60 + 30 after the planned start
    await bot.timers.run_due()
    still = (await session_by_id(bot, 1)).status
    clock.set(planned.starts_at + timedelta(minutes=111))  # 60 + 30 after the real start
    await bot.timers.run_due()
    assert (still, (await session_by_id(bot, 1)).status) == ("live", "ended")


# --- what members hear ----------------------------------------------------------------------


async def test_members_hear_once_that_it_started_early_and_get_no_reminder(
    bot: LeapBot, driver: Driver, world: StandardGuild, clock: ManualClock, fake: FakeDiscord
) -> None:
    await schedule(driver, world, title="Far", when="in 2 hours")
    await _start(driver, world, session="1")
    clock.advance(timedelta(minutes=61))  # past the time of the "starts in 1 hour" reminder
    await bot.timers.run_due()
    await bot.notifier.wait_idle()
    dms = [m.content for m in fake.dms_to(world.member)]
    assert (len(dms), "**Far** has started early, 2 hours before" in dms[0]) == (1, True)


async def test_a_few_minutes_early_sends_no_notice(
    bot: LeapBot, driver: Driver, world: StandardGuild, fake: FakeDiscord
) -> None:
    await schedule(driver, world, title="Soon", when="in 8 minutes")
    await _start(driver, world, session="1")
    await bot.notifier.wait_idle()
    assert fake.dms_to(world.member) == []
