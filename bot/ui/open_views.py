"""Views still waiting for clicks, so a clean shutdown can stop their timeout tasks."""

from __future__ import annotations

import weakref
from typing import Any

import discord

_OPEN_VIEWS: weakref.WeakSet[discord.ui.View] = weakref.WeakSet()


def track(view: discord.ui.View) -> None:
    """Remember a view until it is stopped or forgotten."""
    _OPEN_VIEWS.add(view)


def stop_open_views() -> None:
    """Stop every view that is still waiting (called when the bot closes)."""
    for view in list(_OPEN_VIEWS):
        view.stop()


def has_handler(store: Any, interaction: discord.Interaction[Any]) -> bool:
    """Whether a button or menu press will reach a view or a persistent button of this bot.

    Read from discord.py's view store (its private tables: discord.py offers no public way)
    at the moment the press comes in, before any handler runs. A press on a question whose
    view is gone (the bot restarted, or the question ran out of time) has none.
    """
    data: dict[str, Any] = dict(interaction.data or {})
    custom_id = str(data.get("custom_id", ""))
    key = (int(data.get("component_type", 0)), custom_id)
    message_id = interaction.message.id if interaction.message is not None else None
    views: dict[Any, dict[tuple[int, str], Any]] = store._views
    if key in views.get(message_id, {}) or key in views.get(None, {}):
        return True
    return any(pattern.fullmatch(custom_id) for pattern in store._dynamic_items)
