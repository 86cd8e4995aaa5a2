"""The one error handler, end to end: plain words for people, full logs for us."""

from __future__ import annotations

import logging
from typing import Any, cast

import discord
import pytest
from discord import app_commands
from discord.ext import commands
from fakediscord import Driver
from fakediscord.standard import StandardGuild

from bot.app import LeapBot
from bot.checks import ensure_level
from bot.errors import BadInput
from bot.permissions import Level
from bot.replies import defer
from bot.text import common
from bot.ui.base import LeapModal, LeapView
from storage import audit, meta

SECRET = "internal detail 1234"


class Broken(LeapView):
    """A persistent-free view whose button fails."""

    @discord.ui.button(label="Fail", custom_id="test:fail")
    async def fail(self, interaction: discord.Interaction[Any], button: Any) -> None:
        """Raise a bug."""
        raise RuntimeError(SECRET)


class BadForm(LeapModal, title="Your view"):
    """A form whose submission fails: with a domain error, or with a bug."""

    said: discord.ui.TextInput[Any] = discord.ui.TextInput(label="Your view")

    async def on_submit(self, interaction: discord.Interaction[Any]) -> None:
        """Refuse plain input; anything saying 'bug' raises an unexpected error."""
        if "bug" in self.said.value:
            raise RuntimeError(SECRET)
        raise BadInput("Please keep it shorter.")


class OwnersOnly(LeapView):
    """A view only its owner may use."""

    pressed: list[int] = []

    @discord.ui.button(label="Mine", custom_id="test:mine")
    async def mine(self, interaction: discord.Interaction[Any], button: Any) -> None:
        """Record who pressed."""
        OwnersOnly.pressed.append(interaction.user.id)
        await interaction.response.send_message("Done", ephemeral=True)


class CoordinatorsOnly(LeapView):
    """A button checked at run time against the coordinator role."""

    @discord.ui.button(label="Approve", custom_id="test:approve")
    async def approve(self, interaction: discord.Interaction[Any], button: Any) -> None:
        """Refuse anyone below coordinator."""
        await ensure_level(interaction, Level.COORDINATOR)
        await interaction.response.send_message("Approved", ephemeral=True)


class Boom(commands.Cog):
    """Commands that fail on purpose."""

    @app_commands.command(name="boom", description="Fails with a bug")
    async def boom(self, interaction: discord.Interaction[Any]) -> None:
        """Raise an unexpected error."""
        raise RuntimeError(SECRET)

    @app_commands.command(name="halfway", description="Saves, then fails with a bug")
    async def halfway(self, interaction: discord.Interaction[Any]) -> None:
        """Commit a change, then raise an unexpected error."""
        bot = cast(LeapBot, interaction.client)
        async with bot.db.transaction() as conn:
            await meta.put(conn, "halfway", "saved")
        raise RuntimeError(SECRET)

    @app_commands.command(name="slowbad", description="Defers, then refuses")
    async def slowbad(self, interaction: discord.Interaction[Any]) -> None:
        """Defer, then raise a domain error."""
        await defer(interaction)
        raise BadInput("Please pick a date in the future.")

    @app_commands.command(name="form", description="Opens a form that fails")
    async def form(self, interaction: discord.Interaction[Any]) -> None:
        """Open the failing form."""
        await interaction.response.send_modal(BadForm())

    @app_commands.command(name="mine", description="Shows a button for the caller only")
    async def mine(self, interaction: discord.Interaction[Any]) -> None:
        """Show a view owned by the caller."""
        await interaction.response.send_message(
            "Yours", view=OwnersOnly(owner_id=interaction.user.id)
        )

    @app_commands.command(name="approval", description="Shows a coordinators' button")
    async def approval(self, interaction: discord.Interaction[Any]) -> None:
        """Show a button only coordinators may press."""
        await interaction.response.send_message("Check", view=CoordinatorsOnly())

    @app_commands.command(name="button", description="Shows a failing button")
    async def button(self, interaction: discord.Interaction[Any]) -> None:
        """Show a view whose button raises."""
        await interaction.response.send_message("Press it", view=Broken())


class BoomBot(LeapBot):
    """LeapBot with the failing commands added before its sync."""

    async def setup_hook(self) -> None:
        await self.add_cog(Boom())
        await super().setup_hook()


@pytest.fixture
async def boom_bot(leap_settings: Any, start_bot: Any) -> BoomBot:
    bot = BoomBot(leap_settings)
    await start_bot(bot)
    return bot


async def test_unexpected_error_gets_a_kind_apology(
    boom_bot: BoomBot, driver: Driver, world: StandardGuild
) -> None:
    result = await driver.slash(world.member, "boom")
    assert (result.text, result.ephemeral) == (common.GENERIC_APOLOGY, True)


async def test_apology_after_a_saved_change_does_not_say_nothing_changed(
    boom_bot: BoomBot, driver: Driver, world: StandardGuild
) -> None:
    """A bug can strike after a change was saved: the apology must not invite a repeat."""
    result = await driver.slash(world.member, "halfway")
    async with boom_bot.db.read() as conn:
        saved = await meta.get(conn, "halfway")
    assert (saved, "Nothing was changed" in result.text) == ("saved", False)


async def test_unexpected_error_is_logged_with_its_traceback(
    boom_bot: BoomBot, driver: Driver, world: StandardGuild, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.ERROR, logger="bot.error_handler"):
        await driver.slash(world.member, "boom")
    assert any(r.exc_info and SECRET in str(r.exc_info[1]) for r in caplog.records)


async def test_domain_error_after_defer_arrives_as_followup(
    boom_bot: BoomBot, driver: Driver, world: StandardGuild
) -> None:
    result = await driver.slash(world.member, "slowbad")
    await result.wait_followup()
    assert "Please pick a date in the future." in result.text


async def test_view_error_goes_through_the_same_handler(
    boom_bot: BoomBot, driver: Driver, world: StandardGuild
) -> None:
    shown = await driver.slash(world.member, "button")
    assert shown.message is not None
    result = await driver.click(world.member, shown.message, custom_id="test:fail")
    assert (common.GENERIC_APOLOGY in result.text, SECRET in result.text) == (True, False)


async def test_form_domain_error_gets_its_own_words(
    boom_bot: BoomBot, driver: Driver, world: StandardGuild
) -> None:
    opened = await driver.slash(world.member, "form")
    result = await driver.submit_modal(world.member, opened, {"Your view": "fine"})
    assert (result.text, result.ephemeral) == ("Please keep it shorter.", True)


async def test_form_bug_gets_the_kind_apology(
    boom_bot: BoomBot, driver: Driver, world: StandardGuild
) -> None:
    opened = await driver.slash(world.member, "form")
    result = await driver.submit_modal(world.member, opened, {"Your view": "a bug"})
    assert (result.text, result.ephemeral) == (common.GENERIC_APOLOGY, True)


async def test_someone_elses_button_is_refused_privately(
    boom_bot: BoomBot, driver: Driver, world: StandardGuild
) -> None:
    OwnersOnly.pressed.clear()
    shown = await driver.slash(world.member, "mine")
    result = await driver.click(world.member2, shown, custom_id="test:mine")
    assert (result.text, result.ephemeral, OwnersOnly.pressed) == (common.NOT_YOURS, True, [])


async def test_refused_button_press_is_audited_with_the_button(
    boom_bot: BoomBot, driver: Driver, world: StandardGuild
) -> None:
    await driver.slash(
        world.owner, "setup roles", coordinator=world.coordinator_role, member=world.member_role
    )
    shown = await driver.slash(world.coordinator, "approval")
    await driver.click(world.member, shown, custom_id="test:approve")
    async with boom_bot.db.read() as conn:
        entries = await audit.recent(conn, world.guild.id, action="permission.refused")
    assert [(e.actor_id, e.target) for e in entries] == [(world.member.id, "button:test:approve")]
