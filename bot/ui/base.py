"""Base view and modal that route their errors through the one error handler."""

from __future__ import annotations

import weakref
from typing import Any

import discord

from bot.error_handler import handle_interaction_error
from bot.replies import reply
from bot.text import common as text

# Views still waiting for clicks, so a clean shutdown can stop their timeout tasks.
_OPEN_VIEWS: weakref.WeakSet[discord.ui.View] = weakref.WeakSet()


def stop_open_views() -> None:
    """Stop every view that is still waiting (called when the bot closes)."""
    for view in list(_OPEN_VIEWS):
        view.stop()


class LeapView(discord.ui.View):
    """A view whose errors become plain replies; optionally only one person may use it."""

    def __init__(self, *, owner_id: int | None = None, timeout: float | None = 180) -> None:
        super().__init__(timeout=timeout)
        _OPEN_VIEWS.add(self)
        self.owner_id = owner_id
        self.message: discord.Message | discord.InteractionMessage | None = None

    async def interaction_check(self, interaction: discord.Interaction[Any]) -> bool:
        """Only the owner (when set) may press the buttons."""
        if self.owner_id is not None and interaction.user.id != self.owner_id:
            await reply(interaction, text.NOT_YOURS)
            return False
        return True

    async def on_error(
        self,
        interaction: discord.Interaction[Any],
        error: Exception,
        item: discord.ui.Item[Any],
    ) -> None:
        """Route errors from any button or select to the shared handler."""
        await handle_interaction_error(interaction, error)

    async def on_timeout(self) -> None:
        """Grey out the buttons so nobody presses a dead one."""
        for child in self.children:
            if isinstance(child, discord.ui.Button | discord.ui.Select):
                child.disabled = True
        if self.message is not None:
            try:
                await self.message.edit(view=self)
            except discord.HTTPException:
                pass


class LeapModal(discord.ui.Modal):
    """A form whose errors become plain replies."""

    async def on_error(  # type: ignore[override]  # discord.py's Modal narrows it
        self, interaction: discord.Interaction[Any], error: Exception
    ) -> None:
        """Route form errors to the shared handler."""
        await handle_interaction_error(interaction, error)


class ConfirmView(LeapView):
    """Yes / No buttons for one person; `value` is True, False, or None on timeout."""

    def __init__(self, owner_id: int, *, timeout: float = 120) -> None:
        super().__init__(owner_id=owner_id, timeout=timeout)
        self.value: bool | None = None
        self.yes.label = text.CONFIRM
        self.no.label = text.CANCEL

    @discord.ui.button(style=discord.ButtonStyle.success)
    async def yes(
        self, interaction: discord.Interaction[Any], button: discord.ui.Button[Any]
    ) -> None:
        """Confirm."""
        self.value = True
        self.interaction = interaction
        self.stop()

    @discord.ui.button(style=discord.ButtonStyle.secondary)
    async def no(
        self, interaction: discord.Interaction[Any], button: discord.ui.Button[Any]
    ) -> None:
        """Stop without changing anything."""
        self.value = False
        self.interaction = interaction
        await reply(interaction, text.CANCELLED, edit=True, view=None)
        self.stop()
