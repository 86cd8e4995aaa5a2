"""Anonymous commands and buttons are refused, audited and logged without naming who tried."""

from __future__ import annotations

import logging
import sqlite3
from typing import Any, ClassVar

import discord
import pytest
from discord import app_commands
from discord.ext import commands
from fakediscord import Driver, FakeDiscord
from fakediscord.standard import StandardGuild
from helpers_sessions import real_now

from bot.app import LeapBot
from bot.checks import require
from bot.clock import ManualClock
from bot.permissions import Level
from bot.privacy import anonymous
from bot.services import panel_settings
from bot.text import common
from bot.ui.base import LeapView
from storage import audit


class SecretView(LeapView):
    """An anonymous view whose button fails, naming the presser in its error."""

    anonymous: ClassVar[bool] = True

    @discord.ui.button(label="Vote", custom_id="test:anon-vote")
    async def vote(self, interaction: discord.Interaction[Any], button: Any) -> None:
        """Fail with the presser's id in the message."""
        raise RuntimeError(f"vote by {interaction.user.id}")


class Secret(commands.Cog):
    """Anonymous commands for the test."""

    @app_commands.command(name="secret", description="Coordinators only, anonymous")
    @require(Level.COORDINATOR)
    @anonymous
    async def secret(self, interaction: discord.Interaction[Any]) -> None:
        """Never reached by a member."""
        await interaction.response.send_message("ok", ephemeral=True)

    @app_commands.command(name="secretboom", description="Anonymous and broken")
    @anonymous
    async def secretboom(self, interaction: discord.Interaction[Any]) -> None:
        """Fail with the caller's id in the message."""
        raise RuntimeError(f"failed for {interaction.user.id}")

    @app_commands.command(name="secretbutton", description="Shows an anonymous button")
    async def secretbutton(self, interaction: discord.Interaction[Any]) -> None:
        """Show the anonymous view."""
        await interaction.response.send_message("Vote", view=SecretView())


class SecretBot(LeapBot):
    """LeapBot with the anonymous test commands."""

    async def setup_hook(self) -> None:
        await self.add_cog(Secret())
        await super().setup_hook()


@pytest.fixture
async def secret_bot(leap_settings: Any, start_bot: Any, world: StandardGuild) -> SecretBot:
    clock = ManualClock(real_now())
    bot = SecretBot(leap_settings, clock=clock)
    await start_bot(bot)
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


def _audit_dump(bot: LeapBot) -> str:
    raw = sqlite3.connect(bot.settings.database_path)
    try:
        return repr(raw.execute("SELECT * FROM audit_log").fetchall())
    finally:
        raw.close()


def _logged(caplog: pytest.LogCaptureFixture) -> str:
    lines = []
    for record in caplog.records:
        lines.append(record.getMessage())
        if record.exc_info and record.exc_info[1] is not None:
            lines.append(repr(record.exc_info[1]))
    return "\n".join(lines)


def _quiet_discord(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    caplog.set_level(logging.INFO, logger="discord")  # as bot.logging_setup caps it


async def test_a_refused_anonymous_command_leaves_no_user_id_in_the_audit(
    secret_bot: SecretBot, driver: Driver, world: StandardGuild
) -> None:
    await driver.slash(world.member, "secret")
    assert str(world.member.id) not in _audit_dump(secret_bot)


async def test_a_refused_anonymous_command_is_still_audited_without_an_actor(
    secret_bot: SecretBot, driver: Driver, world: StandardGuild
) -> None:
    await driver.slash(world.member, "secret")
    async with secret_bot.db.read() as conn:
        [entry] = await audit.recent(conn, world.guild.id, action="permission.refused")
    assert (entry.actor_id, entry.target, entry.detail["needed"]) == (None, "secret", "COORDINATOR")


async def test_a_refused_anonymous_command_gets_the_usual_words(
    secret_bot: SecretBot, driver: Driver, world: StandardGuild
) -> None:
    result = await driver.slash(world.member, "secret")
    assert (result.text, result.ephemeral) == (common.NEED_ROLE.format(role="Coordinator"), True)


async def test_a_refused_anonymous_command_logs_no_user_id(
    secret_bot: SecretBot, driver: Driver, world: StandardGuild, caplog: pytest.LogCaptureFixture
) -> None:
    _quiet_discord(caplog)
    await driver.slash(world.member, "secret")
    assert str(world.member.id) not in _logged(caplog)


async def test_a_bug_in_an_anonymous_command_is_logged_without_the_user_id(
    secret_bot: SecretBot, driver: Driver, world: StandardGuild, caplog: pytest.LogCaptureFixture
) -> None:
    _quiet_discord(caplog)
    await driver.slash(world.member, "secretboom")
    assert str(world.member.id) not in _logged(caplog)


async def test_a_bug_in_an_anonymous_command_is_still_logged_with_where_it_failed(
    secret_bot: SecretBot, driver: Driver, world: StandardGuild, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.ERROR, logger="bot.error_handler"):
        result = await driver.slash(world.member, "secretboom")
    logged = _logged(caplog)
    assert ("secretboom" in logged, "RuntimeError" in logged, result.text) == (
        True,
        True,
        common.GENERIC_APOLOGY,
    )


async def test_a_bug_behind_an_anonymous_button_is_logged_without_the_user_id(
    secret_bot: SecretBot, driver: Driver, world: StandardGuild, caplog: pytest.LogCaptureFixture
) -> None:
    shown = await driver.slash(world.member, "secretbutton")
    _quiet_discord(caplog)
    await driver.click(world.member2, shown, custom_id="test:anon-vote")
    assert str(world.member2.id) not in _logged(caplog)


async def test_break_refused_to_someone_without_the_member_role_names_nobody(
    secret_bot: SecretBot, driver: Driver, world: StandardGuild, fake: FakeDiscord
) -> None:
    visitor = fake.add_user("dave")
    fake.add_member(world.guild, visitor, [])
    result = await driver.slash(visitor, "break")
    refused = "You need the Member role" in result.text
    assert (refused, str(visitor.id) in _audit_dump(secret_bot)) == (True, False)
