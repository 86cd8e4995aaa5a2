"""Cogs are found by convention: every module in cogs/ has an async setup()."""

from __future__ import annotations

import importlib
import inspect

from bot.app import cog_modules


def test_every_cog_module_has_an_async_setup() -> None:
    missing = [
        name
        for name in cog_modules()
        if not inspect.iscoroutinefunction(getattr(importlib.import_module(name), "setup", None))
    ]
    assert missing == []


def test_foundation_cogs_are_found() -> None:
    assert {"cogs.setup", "cogs.help"} <= set(cog_modules())
