"""/help end to end: each person sees what their role lets them do."""

from __future__ import annotations

from typing import Any

from fakediscord import Driver
from fakediscord.standard import StandardGuild

from bot.text import help as help_text


async def _set_roles(driver: Driver, world: StandardGuild) -> None:
    await driver.slash(
        world.owner, "setup roles", coordinator=world.coordinator_role, member=world.member_role
    )


async def test_help_is_private(leap_bot: Any, driver: Driver, world: StandardGuild) -> None:
    result = await driver.slash(world.member, "help")
    assert result.ephemeral


async def test_member_sees_member_commands_but_not_setup(
    leap_bot: Any, driver: Driver, world: StandardGuild
) -> None:
    await _set_roles(driver, world)
    result = await driver.slash(world.member, "help")
    assert ("/hours claim" in result.text, "/setup roles" in result.text) == (True, False)


async def test_member_is_told_a_direct_message_can_be_posted_without_their_name(
    leap_bot: Any, driver: Driver, world: StandardGuild
) -> None:
    await _set_roles(driver, world)
    result = await driver.slash(world.member, "help")
    assert "During a session you can also send me a direct message." in result.text


async def test_the_footer_says_replies_are_private(
    leap_bot: Any, driver: Driver, world: StandardGuild
) -> None:
    result = await driver.slash(world.member, "help")
    assert "My replies to you are private unless I say so." in result.text


async def test_coordinator_commands_are_listed_for_coordinators_only(
    leap_bot: Any, driver: Driver, world: StandardGuild
) -> None:
    await _set_roles(driver, world)
    member = await driver.slash(world.member, "help")
    coordinator = await driver.slash(world.coordinator, "help")
    assert ("/hours review" in member.text, "/hours review" in coordinator.text) == (False, True)


async def test_admin_sees_setup_commands(
    leap_bot: Any, driver: Driver, world: StandardGuild
) -> None:
    await _set_roles(driver, world)
    result = await driver.slash(world.owner, "help")
    assert "As an admin you can also" in result.text


async def test_person_without_member_role_is_told_how_to_get_it(
    leap_bot: Any, driver: Driver, world: StandardGuild, fake: Any
) -> None:
    await _set_roles(driver, world)
    stranger = fake.add_user("dave")
    fake.add_member(world.guild, stranger, [])
    result = await driver.slash(stranger, "help")
    assert "Ask a coordinator to give it to you" in result.text


async def test_help_in_a_direct_message_points_to_the_server(
    leap_bot: Any, driver: Driver, world: StandardGuild, fake: Any
) -> None:
    """In a DM the bot cannot tell the person's roles: it says so, and does not claim
    they lack the member role."""
    await _set_roles(driver, world)
    result = await driver.slash(world.member, "help", in_channel=fake.dm_channel(world.member))
    assert (help_text.IN_DM in result.text, help_text.NOT_MEMBER in result.text) == (True, False)
