"""Base view and modal that route their errors through the one error handler."""

from __future__ import annotations

import re
import weakref
from typing import Any, ClassVar, Self

import discord

from bot.checks import ensure_level, leap_bot
from bot.error_handler import handle_interaction_error
from bot.permissions import Level
from bot.replies import defer, reply
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


class IdButton(discord.ui.DynamicItem[discord.ui.Button[Any]], template=r"(?!)"):
    """A persistent button whose custom id carries one record id, so it works after restarts.

    A subclass gives its own `template` (a regex with a group named `id`), the matching
    `custom_id_format` (with `{id}`), a `label` (it may use `{<id_name>}`), a `style`, the
    `level` a person needs to press it, and implements `run`. Refusals and errors go
    through the one error handler. Register subclasses with `bot.add_dynamic_items`.
    """

    custom_id_format: ClassVar[str]
    label: ClassVar[str]
    id_name: ClassVar[str] = "id"
    style: ClassVar[discord.ButtonStyle] = discord.ButtonStyle.secondary
    level: ClassVar[Level] = Level.EVERYONE
    # When many people press at once the database queues them: answer Discord at once
    # ("thinking…") and send the result when it is saved. False for buttons that open a
    # form, since a form must be the first answer.
    defer_when_busy: ClassVar[bool] = True

    def __init__(self, item_id: int, *, row: int | None = None) -> None:
        super().__init__(
            discord.ui.Button(
                label=self.label.format(**{self.id_name: item_id}),
                style=self.style,
                custom_id=self.custom_id_format.format(id=item_id),
                row=row,
            )
        )
        self.item_id = item_id

    @classmethod
    async def from_custom_id(
        cls,
        interaction: discord.Interaction[Any],
        item: discord.ui.Item[Any],
        match: re.Match[str],
        /,
    ) -> Self:
        """Rebuild the button from its custom id."""
        return cls(int(match["id"]))

    async def callback(self, interaction: discord.Interaction[Any]) -> None:
        """Check the person's level, then run; every failure becomes a plain reply."""
        try:
            if self.defer_when_busy and leap_bot(interaction).db.busy:
                await defer(interaction)
            if self.level > Level.EVERYONE:
                await ensure_level(interaction, self.level)
            await self.run(interaction)
        except Exception as error:
            await handle_interaction_error(interaction, error)

    async def run(self, interaction: discord.Interaction[Any]) -> None:
        """What pressing the button does."""
        raise NotImplementedError
