"""/setup end to end: the real LeapBot and discord.py against the loopback fake."""

from __future__ import annotations

from typing import Any

from fakediscord import Driver
from fakediscord.standard import StandardGuild
from helpers_sessions import schedule

from bot.services import panel_settings
from bot.services.sessions.timers import KIND_REMINDER
from bot.text import common as common_text
from bot.text import sessions as sessions_text
from bot.text import setup as setup_text
from storage import audit, timers


async def _roles(driver: Driver, world: StandardGuild) -> Any:
    return await driver.slash(
        world.owner,
        "setup roles",
        coordinator=world.coordinator_role,
        member=world.member_role,
        admin=world.admin_role,
    )


async def test_owner_sets_roles_and_is_told_in_private(
    leap_bot: Any, driver: Driver, world: StandardGuild
) -> None:
    result = await _roles(driver, world)
    assert (result.ephemeral, "Coordinators: Coordinator" in result.text) == (True, True)


async def test_roles_are_saved(leap_bot: Any, driver: Driver, world: StandardGuild) -> None:
    await _roles(driver, world)
    settings = await panel_settings.get(leap_bot.db, world.guild.id)
    assert (settings.coordinator_role_id, settings.member_role_id) == (
        world.coordinator_role.id,
        world.member_role.id,
    )


async def test_roles_change_is_audited(leap_bot: Any, driver: Driver, world: StandardGuild) -> None:
    await _roles(driver, world)
    async with leap_bot.db.read() as conn:
        entries = await audit.recent(conn, world.guild.id, action="setup.roles")
    assert [e.actor_id for e in entries] == [world.owner.id]


async def test_member_cannot_set_roles(leap_bot: Any, driver: Driver, world: StandardGuild) -> None:
    await _roles(driver, world)
    result = await driver.slash(
        world.member, "setup roles", coordinator=world.member_role, member=world.admin_role
    )
    settings = await panel_settings.get(leap_bot.db, world.guild.id)
    assert (result.ephemeral, "You need the Admin role" in result.text) == (True, True)
    assert settings.coordinator_role_id == world.coordinator_role.id


async def test_refusal_is_audited(leap_bot: Any, driver: Driver, world: StandardGuild) -> None:
    await driver.slash(world.member, "setup timezone", name="Europe/Paris")
    async with leap_bot.db.read() as conn:
        entries = await audit.recent(conn, world.guild.id, action="permission.refused")
    assert [(e.actor_id, e.target) for e in entries] == [(world.member.id, "setup timezone")]


async def test_admin_role_holder_can_use_setup(
    leap_bot: Any, driver: Driver, world: StandardGuild
) -> None:
    result = await driver.slash(world.admin, "setup timezone", name="Europe/Paris")
    assert "Europe/Paris" in result.text


async def test_everyone_role_is_refused_for_members(
    leap_bot: Any, driver: Driver, world: StandardGuild
) -> None:
    everyone = world.guild.roles[world.guild.id]  # @everyone shares the guild's id
    result = await driver.slash(
        world.owner, "setup roles", coordinator=world.coordinator_role, member=everyone
    )
    settings = await panel_settings.get(leap_bot.db, world.guild.id)
    assert ("not @everyone" in result.text, settings.member_role_id) == (True, None)


async def test_same_role_twice_is_refused(
    leap_bot: Any, driver: Driver, world: StandardGuild
) -> None:
    result = await driver.slash(
        world.owner, "setup roles", coordinator=world.member_role, member=world.member_role
    )
    assert "must be different" in result.text


async def test_member_role_as_admin_role_is_refused(
    leap_bot: Any, driver: Driver, world: StandardGuild
) -> None:
    """Every member would become an admin (rates, payment exports): refuse, change nothing."""
    result = await driver.slash(
        world.owner,
        "setup roles",
        coordinator=world.coordinator_role,
        member=world.member_role,
        admin=world.member_role,
    )
    settings = await panel_settings.get(leap_bot.db, world.guild.id)
    assert (result.text, settings.admin_role_id) == (setup_text.ADMIN_IS_MEMBER, None)


async def test_unknown_timezone_gets_a_plain_message_and_changes_nothing(
    leap_bot: Any, driver: Driver, world: StandardGuild
) -> None:
    result = await driver.slash(world.owner, "setup timezone", name="Mars/Olympus")
    settings = await panel_settings.get(leap_bot.db, world.guild.id)
    assert ("I do not know the time zone" in result.text, settings.timezone) == (
        True,
        "Europe/London",
    )


async def test_timezone_typed_in_lower_case_with_spaces_is_saved_in_its_proper_form(
    leap_bot: Any, driver: Driver, world: StandardGuild
) -> None:
    result = await driver.slash(world.owner, "setup timezone", name="america/new york")
    settings = await panel_settings.get(leap_bot.db, world.guild.id)
    assert ("America/New_York" in result.text, settings.timezone) == (True, "America/New_York")


async def test_timezone_autocomplete_suggests_matching_zones(
    leap_bot: Any, driver: Driver, world: StandardGuild
) -> None:
    choices = await driver.autocomplete(
        world.owner, "setup timezone", focused="name", name="london"
    )
    assert "Europe/London" in [c["value"] for c in choices]


async def test_reminder_offsets_are_saved(
    leap_bot: Any, driver: Driver, world: StandardGuild
) -> None:
    result = await driver.slash(world.owner, "setup reminders", before="2d, 30m")
    settings = await panel_settings.get(leap_bot.db, world.guild.id)
    assert (settings.reminder_offsets, "2 days and 30 minutes" in result.text) == ((2880, 30), True)


async def test_reminder_change_says_planned_sessions_keep_theirs(
    leap_bot: Any, driver: Driver, world: StandardGuild
) -> None:
    """Sessions planned before the change keep their reminders, and the admin is told so."""
    await driver.slash(
        world.owner, "setup roles", coordinator=world.coordinator_role, member=world.member_role
    )
    await schedule(driver, world, when="in 3 days")
    result = await driver.slash(world.owner, "setup reminders", before="2h")
    async with leap_bot.db.read() as conn:
        due = [t.due_at for t in await timers.pending(conn) if t.kind == KIND_REMINDER]
    assert ("already planned keep" in result.text, len(due)) == (True, 2)


async def test_unreadable_reminder_offsets_are_refused(
    leap_bot: Any, driver: Driver, world: StandardGuild
) -> None:
    result = await driver.slash(world.owner, "setup reminders", before="soonish")
    settings = await panel_settings.get(leap_bot.db, world.guild.id)
    assert ("for example 24h,1h" in result.text, settings.reminder_offsets) == (True, (1440, 60))


async def test_show_lists_every_setting(
    leap_bot: Any, driver: Driver, world: StandardGuild
) -> None:
    await _roles(driver, world)
    result = await driver.slash(world.owner, "setup show")
    for expected in ("Europe/London", "Coordinators: Coordinator", "24 hours and 1 hour"):
        assert expected in result.text


async def test_setup_is_hidden_from_people_who_cannot_manage_the_server(
    leap_bot: Any, fake: Any
) -> None:
    command = fake.synced_command("setup")
    manage_guild = 1 << 5
    assert (int(command["default_member_permissions"]), command.get("contexts")) == (
        manage_guild,
        [0],
    )


async def test_too_many_reminders_are_refused_saying_so(
    leap_bot: Any, driver: Driver, world: StandardGuild
) -> None:
    result = await driver.slash(world.owner, "setup reminders", before="1h,2h,3h,4h,5h,6h")
    settings = await panel_settings.get(leap_bot.db, world.guild.id)
    assert (result.text, settings.reminder_offsets) == (
        sessions_text.REMINDERS_TOO_MANY,
        (1440, 60),
    )


async def test_refusal_without_an_admin_role_says_who_the_admins_are(
    leap_bot: Any, driver: Driver, world: StandardGuild
) -> None:
    await driver.slash(
        world.owner, "setup roles", coordinator=world.coordinator_role, member=world.member_role
    )
    result = await driver.slash(world.coordinator, "setup show")
    assert result.text == common_text.NEED_ADMIN_UNSET


async def test_refusal_before_a_coordinator_role_is_chosen_names_the_role(
    leap_bot: Any, driver: Driver, world: StandardGuild
) -> None:
    result = await driver.slash(world.member, "hours review")
    assert result.text == common_text.NEED_ROLE_UNSET.format(
        level="coordinators", role="coordinator"
    )
