"""One reusable question with two buttons: do it, or do nothing.

Only the person who was asked can press them. "Do it" runs the caller's action with the new
interaction; the other button says nothing changed. Both take the buttons off the question.
The view lives in memory (10 minutes): after a restart the person runs the command again.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Coroutine
from typing import Any

import discord

from bot.replies import reply
from bot.ui.base import LeapView

Action = Callable[[discord.Interaction[Any]], Awaitable[None]]


class ConfirmView(LeapView):
    """Yes (runs `action`) / No (says `declined`), for one person."""

    def __init__(self, *, owner_id: int, yes: str, no: str, declined: str, action: Action) -> None:
        super().__init__(owner_id=owner_id, timeout=600)
        self.action = action
        self.declined = declined
        confirm: discord.ui.Button[ConfirmView] = discord.ui.Button(
            label=yes, style=discord.ButtonStyle.primary
        )
        cancel: discord.ui.Button[ConfirmView] = discord.ui.Button(
            label=no, style=discord.ButtonStyle.secondary
        )
        confirm.callback = self._yes  # type: ignore[method-assign]
        cancel.callback = self._no  # type: ignore[method-assign]
        self.add_item(confirm)
        self.add_item(cancel)

    async def _yes(self, interaction: discord.Interaction[Any]) -> None:
        self.stop()
        await self.action(interaction)

    async def _no(self, interaction: discord.Interaction[Any]) -> None:
        self.stop()
        await reply(interaction, self.declined, edit=True, view=None)


class ChoiceView(LeapView):
    """A menu of up to 25 options for one person; choosing runs `action` with the value."""

    def __init__(
        self,
        *,
        owner_id: int,
        placeholder: str,
        options: list[tuple[str, str]],
        action: Callable[[discord.Interaction[Any], str], Awaitable[None]],
    ) -> None:
        super().__init__(owner_id=owner_id, timeout=600)
        self.action = action
        menu: discord.ui.Select[ChoiceView] = discord.ui.Select(
            placeholder=placeholder[:150],
            options=[
                discord.SelectOption(label=label[:100], value=value)
                for label, value in options[:25]
            ],
        )
        menu.callback = self._chosen  # type: ignore[method-assign]
        self.menu = menu
        self.add_item(menu)

    async def _chosen(self, interaction: discord.Interaction[Any]) -> None:
        self.stop()
        await self.action(interaction, self.menu.values[0])


class ActionsView(LeapView):
    """Several ways to go on (a button each, running its action) and one to do nothing
    (says `declined`), for one person."""

    def __init__(
        self,
        *,
        owner_id: int,
        actions: list[tuple[str, Action]],
        no: str,
        declined: str,
    ) -> None:
        super().__init__(owner_id=owner_id, timeout=600)
        self.declined = declined
        for label, action in actions:
            button: discord.ui.Button[ActionsView] = discord.ui.Button(
                label=label, style=discord.ButtonStyle.primary
            )
            button.callback = self._runner(action)  # type: ignore[method-assign,assignment]
            self.add_item(button)
        cancel: discord.ui.Button[ActionsView] = discord.ui.Button(
            label=no, style=discord.ButtonStyle.secondary
        )
        cancel.callback = self._no  # type: ignore[method-assign]
        self.add_item(cancel)

    def _runner(
        self, action: Action
    ) -> Callable[[discord.Interaction[Any]], Coroutine[Any, Any, None]]:
        async def run(interaction: discord.Interaction[Any]) -> None:
            self.stop()
            await action(interaction)

        return run

    async def _no(self, interaction: discord.Interaction[Any]) -> None:
        self.stop()
        await reply(interaction, self.declined, edit=True, view=None)
