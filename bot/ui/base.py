"""Base view and modal that route their errors through the one error handler."""

from __future__ import annotations

import re
from typing import Any, ClassVar, Generic, Self, TypeVar

import discord

from bot.checks import ensure_level, leap_bot
from bot.error_handler import handle_interaction_error
from bot.permissions import Level
from bot.replies import defer, reply, watch_database_waits
from bot.text import common as text
from bot.ui import open_views
from bot.ui.button_ids import ButtonId, IdKey

K = TypeVar("K", bound=tuple[Any, ...])


class LeapView(discord.ui.View):
    """A view whose errors become plain replies; optionally only one person may use it.

    Set `anonymous = True` on a subclass whose buttons act anonymously: its errors are then
    logged without naming who pressed (see `bot.privacy`).
    """

    anonymous: ClassVar[bool] = False

    def __init__(self, *, owner_id: int | None = None, timeout: float | None = 180) -> None:
        super().__init__(timeout=timeout)
        open_views.track(self)
        self.owner_id = owner_id
        self.message: discord.Message | discord.InteractionMessage | None = None

    async def interaction_check(self, interaction: discord.Interaction[Any]) -> bool:
        """Only the owner (when set) may press the buttons."""
        watch_database_waits(interaction, answer_first=True)
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
        await handle_interaction_error(interaction, error, anonymous=self.anonymous)

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
    """A form whose errors become plain replies (`anonymous = True`: logged naming nobody)."""

    anonymous: ClassVar[bool] = False

    async def interaction_check(self, interaction: discord.Interaction[Any]) -> bool:
        """Every submission may go on; a wait for a busy database is acknowledged first."""
        watch_database_waits(interaction, answer_first=True)
        return True

    async def on_error(  # type: ignore[override]  # discord.py's Modal narrows it
        self, interaction: discord.Interaction[Any], error: Exception
    ) -> None:
        """Route form errors to the shared handler."""
        await handle_interaction_error(interaction, error, anonymous=self.anonymous)


class PersistentButton(
    discord.ui.DynamicItem[discord.ui.Button[Any]], Generic[K], template=r"(?!)"
):
    """A persistent button whose custom id carries a small typed key, so it works after restarts.

    A subclass gives `key_type` (a `NamedTuple` of ints and short codes), the
    `custom_id_format` using each key field once (e.g. `"leap:poll:{poll}:vote:{option}"`, parsed by
    `bot.ui.button_ids.ButtonId`), a `label` (it may use the key's fields), a `style`, the
    `level` a person needs to press it, and implements `run` (the key is `self.key`).
    Refusals and errors go through the one error handler; with `anonymous = True` they
    name nobody (no actor in the audit, no ids in the log). Register subclasses with
    `bot.add_dynamic_items`.
    """

    key_type: ClassVar[type[tuple[Any, ...]]]
    custom_id_format: ClassVar[str]
    label: ClassVar[str]
    style: ClassVar[discord.ButtonStyle] = discord.ButtonStyle.secondary
    level: ClassVar[Level] = Level.EVERYONE
    anonymous: ClassVar[bool] = False
    # When many people press at once the database queues them: answer Discord at once
    # ("thinking…") and send the result when it is saved. False for buttons that open a
    # form, since a form must be the first answer.
    defer_when_busy: ClassVar[bool] = True
    # Its first answer is a form, which cannot follow "thinking…": when the database would
    # keep it waiting, it stops at once and the person is told the bot is busy.
    opens_form: ClassVar[bool] = False
    button_id: ClassVar[ButtonId[Any]]
    # Member buttons ask for the member's consent first, unless pressing keeps nothing
    # personal (for example an anonymous signal).
    consent_first: ClassVar[bool] = True

    def __init_subclass__(cls, **kwargs: Any) -> None:
        if "template" in kwargs:
            raise TypeError(
                f"{cls.__name__}: give custom_id_format only; the template is made from it."
            )
        shape = cls.__dict__.get("custom_id_format")
        template = r"(?!)"  # a base class without a shape matches nothing
        if shape is not None:
            cls.button_id = ButtonId(shape, cls.key_type)
            template = cls.button_id.template
        super().__init_subclass__(template=template, **kwargs)

    def __init__(self, key: K, *, row: int | None = None) -> None:
        super().__init__(
            discord.ui.Button(
                label=self.label_for(key),
                style=self.style,
                custom_id=self.button_id.build(key),
                row=row,
            )
        )
        self.key: K = key

    @classmethod
    def label_for(cls, key: K) -> str:
        """The button's words for a key (the label may name the key's fields)."""
        return cls.label.format(**key._asdict())  # type: ignore[attr-defined]

    @classmethod
    async def from_custom_id(
        cls,
        interaction: discord.Interaction[Any],
        item: discord.ui.Item[Any],
        match: re.Match[str],
        /,
    ) -> Self:
        """Rebuild the button from its custom id."""
        return cls(cls.button_id.parse_match(match))

    async def callback(self, interaction: discord.Interaction[Any]) -> None:
        """Check the person's level, then run; every failure becomes a plain reply."""
        try:
            if self.defer_when_busy and leap_bot(interaction).db.busy:
                await defer(interaction)
            answer_first = self.defer_when_busy and not interaction.response.is_done()
            watch_database_waits(interaction, answer_first=answer_first, form_first=self.opens_form)
            if self.level > Level.EVERYONE:
                await ensure_level(
                    interaction,
                    self.level,
                    consent_first=self.consent_first,
                    anonymous=self.anonymous,
                )
            await self.run(interaction)
        except Exception as error:
            await handle_interaction_error(interaction, error, anonymous=self.anonymous)

    async def run(self, interaction: discord.Interaction[Any]) -> None:
        """What pressing the button does."""
        raise NotImplementedError


class IdButton(PersistentButton[IdKey]):
    """A persistent button that needs one record id, e.g. `"leap:hours:approve:{id}"`.

    The shape's field is `{id}`; `id_name` is the field name the label uses (e.g. "Approve
    {entry}"); `self.item_id` is the id.
    """

    key_type = IdKey
    id_name: ClassVar[str] = "id"

    def __init__(self, item_id: int, *, row: int | None = None) -> None:
        super().__init__(IdKey(item_id), row=row)

    @classmethod
    def label_for(cls, key: IdKey) -> str:
        """The label, naming the id as `id_name`."""
        return cls.label.format(**{cls.id_name: key.id})

    @classmethod
    async def from_custom_id(
        cls,
        interaction: discord.Interaction[Any],
        item: discord.ui.Item[Any],
        match: re.Match[str],
        /,
    ) -> Self:
        """Rebuild the button from its custom id."""
        return cls(cls.button_id.parse_match(match).id)

    @property
    def item_id(self) -> int:
        """The record id this button acts on."""
        return self.key.id
