"""Result objects: what the bot did after one driver action."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Self

from . import model
from .messages import EPHEMERAL, LOADING
from .records import EditRecord, RequestRecord
from .server import HarnessError

if TYPE_CHECKING:
    from .server import FakeDiscord

DEFAULT_TIMEOUT = 3.0


def message_text(message: model.Message) -> str:
    """All readable text of a message: content, embeds and text components."""
    parts = [message.content]
    for embed in message.embeds:
        parts += [embed.get("title") or "", embed.get("description") or ""]
        for f in embed.get("fields") or []:
            parts += [f.get("name", ""), f.get("value", "")]
        parts.append((embed.get("footer") or {}).get("text", ""))
    from .messages import walk_components

    for component in walk_components(message.components):
        if component.get("type") == 10:  # text display
            parts.append(component.get("content", ""))
    return "\n".join(p for p in parts if p)


class Result:
    """What the bot did after an event: messages sent, DMs, edits, requests (since dispatch)."""

    def __init__(self, fake: FakeDiscord) -> None:
        self.fake = fake
        self._first_message = len(fake.created_messages)
        self._first_edit = len(fake.edits)
        self._first_request = len(fake.requests)
        self.dispatched_at = 0.0

    @property
    def messages(self) -> list[model.Message]:
        """Every message the bot created since the event (channels, DMs, interactions)."""
        bot_id = self.fake.bot_user.id
        new = self.fake.created_messages[self._first_message :]
        return [m for m in new if m.author.id == bot_id]

    @property
    def channel_messages(self) -> list[model.Message]:
        """Messages the bot sent to guild channels with channel.send (not interaction replies)."""
        return [m for m in self.messages if m.guild_id is not None and m.interaction_id is None]

    @property
    def dms(self) -> list[model.Message]:
        """Messages the bot sent to DM channels since the event."""
        dm_ids = {c.id for c in self.fake.dm_channels.values()}
        return [m for m in self.messages if m.channel_id in dm_ids and m.interaction_id is None]

    @property
    def edits(self) -> list[EditRecord]:
        """Message edits the bot made since the event."""
        return self.fake.edits[self._first_edit :]

    @property
    def requests(self) -> list[RequestRecord]:
        """Every REST request the bot made since the event."""
        return self.fake.requests[self._first_request :]

    async def wait_for(
        self, predicate: Callable[[Self], bool], within: float = DEFAULT_TIMEOUT
    ) -> Self:
        """Wait until predicate(self) holds (re-checked after every request the bot makes)."""
        await self.fake.wait_until(lambda: predicate(self), within)
        return self

    async def wait_message(
        self,
        channel: model.Channel | None = None,
        *,
        count: int = 1,
        within: float = DEFAULT_TIMEOUT,
    ) -> model.Message:
        """Wait for the bot's `count`-th new channel message (in `channel` if given); return it."""

        def found() -> list[model.Message]:
            return [
                m for m in self.channel_messages if channel is None or m.channel_id == channel.id
            ]

        await self.wait_for(lambda _: len(found()) >= count, within)
        return found()[count - 1]

    async def wait_dm(
        self, user: model.User | model.Member, *, count: int = 1, within: float = DEFAULT_TIMEOUT
    ) -> model.Message:
        """Wait for the bot's `count`-th new DM to a user; return it."""
        target = user.user if isinstance(user, model.Member) else user

        def found() -> list[model.Message]:
            channel = self.fake.dm_channels.get(target.id)
            return [m for m in self.dms if channel is not None and m.channel_id == channel.id]

        await self.wait_for(lambda _: len(found()) >= count, within)
        return found()[count - 1]

    async def wait_request(
        self, method: str, template: str, *, within: float = DEFAULT_TIMEOUT
    ) -> RequestRecord:
        """Wait for a REST request by spec template (e.g. /channels/{channel_id}/messages)."""

        def found() -> list[RequestRecord]:
            return [r for r in self.requests if r.method == method and r.template == template]

        await self.wait_for(lambda _: bool(found()), within)
        return found()[0]


class InteractionResult(Result):
    """What the bot did with one interaction: its callback, follow-ups, edits and messages."""

    def __init__(self, fake: FakeDiscord, interaction: model.Interaction) -> None:
        super().__init__(fake)
        self.interaction = interaction

    async def wait_answered(self, within: float = DEFAULT_TIMEOUT) -> Self:
        """Wait for the interaction callback; raise when none came or the bot broke a rule."""
        try:
            await asyncio.wait_for(self.interaction.answered.wait(), within)
        except TimeoutError:
            raise HarnessError(
                f"the bot did not answer interaction {self.describe()} within {within}s"
            ) from None
        if self.interaction.failure is not None:
            raise HarnessError(f"{self.describe()}: {self.interaction.failure}")
        return self

    def describe(self) -> str:
        """A short name for messages: the command path or the component id."""
        data = self.interaction.data
        name = data.get("name") or data.get("custom_id") or "?"
        options = data.get("options") or []
        while options and options[0].get("type") in (1, 2):
            name += " " + options[0]["name"]
            options = options[0].get("options") or []
        return repr(name)

    # -- the callback ------------------------------------------------------------------------

    @property
    def callback_type(self) -> int | None:
        """The interaction callback type (4 message, 5 deferred, 6, 7 update, 8, 9 modal)."""
        return self.interaction.response_type

    @property
    def callback_data(self) -> dict[str, Any]:
        """The callback's data payload as the bot sent it."""
        return self.interaction.response_data or {}

    @property
    def latency(self) -> float:
        """Seconds from sending INTERACTION_CREATE to receiving the callback."""
        if self.interaction.responded_at is None:
            raise HarnessError("the interaction has not been answered")
        return self.interaction.responded_at - self.interaction.dispatched_at

    @property
    def deferred(self) -> bool:
        """Whether the bot deferred (type 5 or 6)."""
        return self.callback_type in (5, 6)

    # -- the response message -------------------------------------------------------------------

    @property
    def message(self) -> model.Message | None:
        """The response message: the original (types 4/5) or the component's message (6/7)."""
        fake, interaction = self.fake, self.interaction
        if interaction.original_message_id is not None:
            return fake.messages.get(interaction.original_message_id)
        if self.callback_type in (6, 7) and interaction.message_id is not None:
            return fake.messages.get(interaction.message_id)
        return None

    @property
    def content(self) -> str:
        """The response message's content ('' when there is none)."""
        return self.message.content if self.message else ""

    @property
    def text(self) -> str:
        """All readable text of the response and follow-ups (content, embeds, text displays)."""
        shown = [m for m in [self.message, *self.followups] if m is not None]
        return "\n".join(message_text(m) for m in shown)

    @property
    def ephemeral(self) -> bool:
        """Whether the response message is ephemeral."""
        return bool(self.message and self.message.flags & EPHEMERAL)

    @property
    def loading(self) -> bool:
        """Whether the response is still a 'thinking…' deferral with no content yet."""
        return bool(self.message and self.message.flags & LOADING)

    @property
    def embeds(self) -> list[dict[str, Any]]:
        """The response message's embeds."""
        return self.message.embeds if self.message else []

    @property
    def components(self) -> list[dict[str, Any]]:
        """The response message's components (action rows and their children)."""
        return self.message.components if self.message else []

    @property
    def files(self) -> list[model.Attachment]:
        """The response message's attachments, with their bytes."""
        return self.message.attachments if self.message else []

    @property
    def followups(self) -> list[model.Message]:
        """Follow-up messages sent through the interaction webhook (in order)."""
        found = [self.fake.messages[i] for i in self.interaction.followup_ids]
        return [m for m in found if m.id != self.interaction.original_message_id]

    @property
    def choices(self) -> list[dict[str, Any]]:
        """Autocomplete choices (callback type 8)."""
        return list(self.callback_data.get("choices") or [])

    @property
    def modal(self) -> dict[str, Any]:
        """The modal the bot opened (callback type 9)."""
        if self.callback_type != 9:
            raise HarnessError(
                f"{self.describe()} did not open a modal (type {self.callback_type})"
            )
        return self.callback_data

    async def wait_followup(self, count: int = 1, within: float = DEFAULT_TIMEOUT) -> model.Message:
        """Wait for the `count`-th follow-up (a deferral's first follow-up counts); return it."""
        await self.wait_for(lambda r: len(r.interaction.followup_ids) >= count, within)
        return self.fake.messages[self.interaction.followup_ids[count - 1]]

    async def wait_response(self, within: float = DEFAULT_TIMEOUT) -> model.Message:
        """Wait until a deferred response has content (edit or first follow-up); return it."""
        await self.wait_for(lambda r: r.message is not None and not r.loading, within)
        assert self.message is not None
        return self.message
