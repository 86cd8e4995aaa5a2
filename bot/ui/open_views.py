"""Views still waiting for clicks, so a clean shutdown can stop their timeout tasks."""

from __future__ import annotations

import weakref

import discord

_OPEN_VIEWS: weakref.WeakSet[discord.ui.View] = weakref.WeakSet()


def track(view: discord.ui.View) -> None:
    """Remember a view until it is stopped or forgotten."""
    _OPEN_VIEWS.add(view)


def stop_open_views() -> None:
    """Stop every view that is still waiting (called when the bot closes)."""
    for view in list(_OPEN_VIEWS):
        view.stop()
