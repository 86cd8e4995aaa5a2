"""Helpers for the session end-to-end tests: a LeapBot on a manual clock, with roles set.

The bot's clock is a ManualClock started at the real time (the fake Discord uses real time
for interaction tokens); tests move it forward to make time pass in the register.
Voice updates send no REST call the fake could wait on, so `voice` waits with
`driver.settle()` (the gateway barrier plus discord.py's handler tasks).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import Any

from fakediscord import Driver
from fakediscord.standard import StandardGuild

from bot.app import LeapBot
from bot.clock import ManualClock
from bot.services import panel_settings
from bot.services.hours import ledger as hours
from bot.settings import Settings
from storage import attendance
from storage import sessions as repo
from storage.attendance import Presence
from storage.hours import HoursEntry
from storage.sessions import Session

StartBot = Callable[..., Awaitable[Any]]


def real_now() -> datetime:
    """Now, whole seconds; tests run the bot's clock from here."""
    return datetime.now(UTC).replace(microsecond=0)


async def launch(
    settings: Settings, start_bot: StartBot, clock: ManualClock
) -> tuple[LeapBot, Any]:
    """Start a LeapBot on `clock`; return it and its runner (to stop it for a restart)."""
    bot = LeapBot(settings, clock=clock)
    runner = await start_bot(bot)
    return bot, runner


async def make_bot(
    settings: Settings, start_bot: StartBot, world: StandardGuild, clock: ManualClock
) -> LeapBot:
    """Start a LeapBot on `clock` and give the panel its roles (as an admin would)."""
    bot, _ = await launch(settings, start_bot, clock)
    await panel_settings.set_roles(
        bot.db,
        clock,
        guild_id=world.guild.id,
        actor_id=world.owner.id,
        coordinator_role_id=world.coordinator_role.id,
        member_role_id=world.member_role.id,
        admin_role_id=world.admin_role.id,
    )
    return bot


async def answered(result: Any) -> Any:
    """Wait for a deferred interaction's real answer."""
    if result.deferred:
        await result.wait_response()
    return result


async def schedule(
    driver: Driver, world: StandardGuild, *, when: str = "in 2 hours", **options: Any
) -> Any:
    """Run /session schedule as the coordinator (voice channel, 60 minutes by default)."""
    values: dict[str, Any] = {
        "title": "Leaflet review",
        "when": when,
        "length": 60,
        "channel": world.panel_voice,
    }
    values.update(options)
    return await answered(await driver.slash(world.coordinator, "session schedule", **values))


def running_bot(driver: Driver) -> LeapBot | None:
    """The LeapBot the driver is talking to (the newest one started), if any."""
    bots = [c for c in driver.fake.clients if isinstance(c, LeapBot)]
    return bots[-1] if bots else None


async def start(
    driver: Driver, world: StandardGuild, *, on_time: bool = True, **options: Any
) -> Any:
    """Run /session start as the coordinator, as one usually does: on time.

    With no session named and one session planned, the bot's clock first moves to its
    planned start (when that is still ahead), so starting it asks nothing and sends no
    "started early" notice; `on_time=False` starts it at the current time. When the bot
    asks first, answer as a coordinator would: pick the first session offered, or press
    "Start it now"; then return that answer (its follow-up holds the start reply).
    """
    bot = running_bot(driver)
    if on_time and "session" not in options and bot is not None:
        await _move_to_planned_start(bot, driver.guild.id)
    result = await answered(await driver.slash(world.coordinator, "session start", **options))
    if "Which session do you want to start?" in result.text:  # pick the first one offered
        [menu] = [c for row in result.components for c in row["components"]]
        value = menu["options"][0]["value"]
        result = await driver.select(
            world.coordinator, result, [value], placeholder=menu["placeholder"]
        )
        await result.wait_followup()
    elif "Do you want to start it now" in result.text:
        result = await driver.click(world.coordinator, result, label="Start it now")
        await result.wait_followup()
    return result


async def end(driver: Driver, world: StandardGuild, **options: Any) -> Any:
    """Run /session end as the coordinator; wait until the bot has also thanked everyone."""
    result = await answered(await driver.slash(world.coordinator, "session end", **options))
    await driver.settle()  # the summary comes first, then the event, card and DMs
    return result


async def _move_to_planned_start(bot: LeapBot, guild_id: int) -> None:
    """With one session planned in the driver's panel, move the bot's manual clock to its
    start (if still ahead)."""
    clock = bot.clock
    if not isinstance(clock, ManualClock):
        return
    async with bot.db.read() as conn:
        planned = await repo.search(conn, guild_id, statuses=("scheduled",), text="")
    if len(planned) == 1 and planned[0].starts_at > clock.now():
        clock.set(planned[0].starts_at)


async def voice(driver: Driver, action: Awaitable[Any]) -> Any:
    """Run a driver voice action and wait until the bot has handled the update."""
    result = await action
    await driver.settle()
    return result


async def only_session(bot: LeapBot, guild_id: int) -> Session:
    """The one session in the panel (fails when there is not exactly one)."""
    async with bot.db.read() as conn:
        found = await repo.search(
            conn, guild_id, statuses=("scheduled", "live", "ended", "cancelled"), text=""
        )
    assert len(found) == 1, found
    return found[0]


async def session_by_id(bot: LeapBot, session_id: int) -> Session:
    """A session, read fresh from the database."""
    async with bot.db.read() as conn:
        session = await repo.get(conn, session_id)
    assert session is not None
    return session


async def presences(bot: LeapBot, session_id: int, member_id: int | None = None) -> list[Presence]:
    """Presence intervals of a session (of one member, when given)."""
    async with bot.db.read() as conn:
        found = await attendance.for_session(conn, session_id)
    return [p for p in found if member_id is None or p.member_id == member_id]


async def ledger(bot: LeapBot, guild_id: int, session_id: int) -> list[tuple[int, str, int]]:
    """The session's hours entries as (member id, activity, minutes), sorted."""
    entries: list[HoursEntry] = await hours.entries_for_session(bot.db, guild_id, session_id)
    return sorted((e.member_id, e.activity, e.minutes) for e in entries)
