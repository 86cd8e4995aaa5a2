"""Cogs are found by convention: every module in cogs/ has an async setup()."""

from __future__ import annotations

import importlib
import inspect
from typing import Any, cast

from discord import app_commands

from bot.app import cog_modules
from bot.checks import command_level
from bot.permissions import Level


def test_every_cog_module_has_an_async_setup() -> None:
    missing = [
        name
        for name in cog_modules()
        if not inspect.iscoroutinefunction(getattr(importlib.import_module(name), "setup", None))
    ]
    assert missing == []


def test_foundation_cogs_are_found() -> None:
    assert {"cogs.setup", "cogs.help"} <= set(cog_modules())


def _setup_group() -> app_commands.Group:
    from cogs.setup import Setup

    group = Setup(cast(Any, None)).app_command
    assert group is not None
    return group


def test_every_feature_section_adds_its_commands_to_the_one_setup_group() -> None:
    from cogs.setup import sections

    section_names = {
        command.name for section in sections() for command in section.__cog_app_commands__
    }
    assert section_names <= {command.name for command in _setup_group().commands}


def test_every_setup_subcommand_checks_the_callers_level_at_run_time() -> None:
    unchecked = [
        command.name
        for command in _setup_group().commands
        if isinstance(command, app_commands.Command) and command_level(command) is Level.EVERYONE
    ]
    assert unchecked == []
