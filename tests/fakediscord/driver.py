"""The driver: act as Discord users (slash commands, clicks, modals, voice, messages)."""

from __future__ import annotations

from typing import Any

from . import model
from .commands import CommandBook, CommandError, Upload, Who, as_user
from .gateway import (
    DIRECT_MESSAGES,
    GUILD_MEMBERS,
    GUILD_MESSAGES,
    GUILD_VOICE_STATES,
    MESSAGE_CONTENT,
)
from .harness import settle_handlers
from .messages import walk_components
from .rest import MAX_UPLOAD_BYTES
from .results import DEFAULT_TIMEOUT, InteractionResult, Result
from .server import FakeDiscord, HarnessError

MessageLike = model.Message | InteractionResult | None

# Interaction types.
APPLICATION_COMMAND, MESSAGE_COMPONENT, AUTOCOMPLETE, MODAL_SUBMIT = 2, 3, 4, 5
SELECTS = (3, 5, 6, 7, 8)


class Driver:
    """Acts as Discord users in one guild; every action returns what the bot did."""

    def __init__(
        self, fake: FakeDiscord, guild: model.Guild, channel: model.Channel | None = None
    ) -> None:
        self.fake = fake
        self.guild = guild
        self.channel = channel or next(c for c in guild.channels.values() if c.type == model.TEXT)
        self.timeout = DEFAULT_TIMEOUT
        self.commands = CommandBook(fake, guild, self.channel)

    # -- slash commands --------------------------------------------------------------------

    def command(self, path: str) -> tuple[dict[str, Any], list[dict[str, Any]], dict[str, Any]]:
        """Look up a synced command by path: (top-level, sub-command chain, leaf definition)."""
        return self.commands.command(path)

    def visible_to(self, user: Who, command: str) -> bool:
        """Whether Discord would show this synced command to `user` (default permissions)."""
        return self.commands.visible_to(user, command)

    async def slash(
        self,
        user: Who,
        command: str,
        /,
        *,
        in_channel: model.Channel | None = None,
        within: float | None = None,
        **options: Any,
    ) -> InteractionResult:
        """Run a slash command as `user` ("setup timezone", name="Europe/London").

        in_channel: where it is run (default: the driver's channel); within: seconds to wait
        for the callback (default 3, Discord's limit). Every other keyword is an option.
        """
        data = self.commands.data(command, options)
        return await self._interact(user, APPLICATION_COMMAND, data, in_channel, within=within)

    async def dispatch_slash(
        self,
        user: Who,
        command: str,
        /,
        *,
        in_channel: model.Channel | None = None,
        **options: Any,
    ) -> InteractionResult:
        """Send a slash command without waiting for the answer; await r.wait_answered() later."""
        data = self.commands.data(command, options)
        return await self._interact(user, APPLICATION_COMMAND, data, in_channel, wait=False)

    async def autocomplete(
        self,
        user: Who,
        command: str,
        /,
        *,
        focused: str,
        in_channel: model.Channel | None = None,
        within: float | None = None,
        **options: Any,
    ) -> list[dict[str, Any]]:
        """Type into option `focused` (its text given in options); return the bot's choices."""
        if focused not in options:
            raise CommandError(f"give the typed text for the focused option {focused!r}")
        data = self.commands.data(command, options, focused=focused)
        result = await self._interact(user, AUTOCOMPLETE, data, in_channel, within=within)
        if result.callback_type != 8:
            raise HarnessError(f"autocomplete answered with type {result.callback_type}, not 8")
        return result.choices

    # -- components and modals -------------------------------------------------------------------

    @staticmethod
    def _message(target: MessageLike) -> model.Message:
        message = target.message if isinstance(target, InteractionResult) else target
        if message is None:
            raise HarnessError("there is no message to act on (no response message?)")
        return message

    def _component(
        self,
        message: model.Message,
        types: tuple[int, ...],
        custom_id: str | None,
        label: str | None,
    ) -> dict[str, Any]:
        candidates = [c for c in walk_components(message.components) if c.get("type") in types]
        for c in candidates:
            if custom_id is not None and c.get("custom_id") == custom_id:
                return c
            if label is not None and label in (c.get("label"), c.get("placeholder")):
                return c
        if custom_id is None and label is None and len(candidates) == 1:
            return candidates[0]
        have = [(c.get("custom_id"), c.get("label") or c.get("placeholder")) for c in candidates]
        raise HarnessError(f"no component {custom_id or label!r} on message {message.id}: {have}")

    async def click(
        self,
        user: Who,
        message: MessageLike,
        *,
        custom_id: str | None = None,
        label: str | None = None,
        within: float | None = None,
    ) -> InteractionResult:
        """Click a button (by custom_id or label) on a message the bot sent."""
        msg = self._message(message)
        button = self._component(msg, (2,), custom_id, label)
        if button.get("disabled"):
            raise HarnessError(f"button {button.get('label')!r} is disabled")
        if "custom_id" not in button:
            raise HarnessError(f"button {button.get('label')!r} is a link, not clickable")
        data = {"custom_id": button["custom_id"], "component_type": 2}
        if "id" in button:
            data["id"] = button["id"]
        return await self._component_interaction(user, msg, data, within)

    async def select(
        self,
        user: Who,
        message: MessageLike,
        values: list[Any],
        *,
        custom_id: str | None = None,
        placeholder: str | None = None,
        within: float | None = None,
    ) -> InteractionResult:
        """Choose values in a select menu (string values, or users/roles/channels)."""
        msg = self._message(message)
        menu = self._component(msg, SELECTS, custom_id, placeholder)
        if menu.get("disabled"):
            raise HarnessError(f"select {menu.get('custom_id')!r} is disabled")
        resolved: dict[str, dict[str, Any]] = {}
        if menu["type"] == 3:
            allowed = [o["value"] for o in menu.get("options") or []]
            bad = [v for v in values if v not in allowed]
            if bad:
                raise HarnessError(f"{bad} are not options of select {menu['custom_id']!r}")
            chosen = [str(v) for v in values]
        else:
            chosen = [self.commands.resolve(v, resolved) for v in values]
        data: dict[str, Any] = {
            "custom_id": menu["custom_id"],
            "component_type": menu["type"],
            "values": chosen,
        }
        if resolved:
            data["resolved"] = resolved
        return await self._component_interaction(user, msg, data, within)

    async def _component_interaction(
        self, user: Who, msg: model.Message, data: dict[str, Any], within: float | None
    ) -> InteractionResult:
        channel = self.fake.channels[msg.channel_id]
        return await self._interact(
            user, MESSAGE_COMPONENT, data, channel, message=msg, within=within
        )

    async def submit_modal(
        self,
        user: Who,
        opened: InteractionResult,
        values: dict[str, Any],
        *,
        within: float | None = None,
    ) -> InteractionResult:
        """Fill in and submit the modal the bot opened; fields by custom_id or label."""
        modal = opened.modal
        rows: list[dict[str, Any]] = []
        used: set[str] = set()

        def answer(field: dict[str, Any], label: str | None) -> dict[str, Any]:
            key = next((k for k in (field.get("custom_id"), label) if k in values), None)
            if key is not None:
                used.add(key)
            out: dict[str, Any] = {"type": field["type"], "custom_id": field["custom_id"]}
            if "id" in field:
                out["id"] = field["id"]
            if field["type"] == 4:
                out["value"] = values.get(key, "") if key else field.get("value") or ""
                if field.get("required", True) and not out["value"]:
                    raise HarnessError(f"modal field {field.get('label') or label!r} is required")
            else:
                chosen: Any = values.get(key, []) if key else []
                out["values"] = chosen if isinstance(chosen, list) else [chosen]
            return out

        for component in modal.get("components") or []:
            if component["type"] == 1:
                inner = [answer(c, c.get("label")) for c in component.get("components") or []]
                rows.append({"type": 1, "components": inner})
            elif component["type"] == 18:
                row = {"type": 18, "component": answer(component["component"], component["label"])}
                if "id" in component:
                    row["id"] = component["id"]
                rows.append(row)
        unknown = set(values) - used
        if unknown:
            raise HarnessError(f"modal {modal.get('title')!r} has no fields {sorted(unknown)}")
        data = {"custom_id": modal["custom_id"], "components": rows}
        channel = self.fake.channels[opened.interaction.channel_id]
        message = opened.interaction.message_id
        msg = self.fake.messages.get(message) if message else None
        return await self._interact(user, MODAL_SUBMIT, data, channel, message=msg, within=within)

    # -- the interaction itself -------------------------------------------------------------------

    def interaction_payload(
        self, interaction: model.Interaction, message: model.Message | None
    ) -> dict[str, Any]:
        """The INTERACTION_CREATE payload for an interaction."""
        fake = self.fake
        channel = fake.channels[interaction.channel_id]
        guild = fake.guild_of(channel)
        payload: dict[str, Any] = {
            "id": str(interaction.id),
            "application_id": str(fake.application_id),
            "type": interaction.type,
            "data": interaction.data,
            "channel_id": str(channel.id),
            "channel": channel.to_dict(),
            "token": interaction.token,
            "version": 1,
            "app_permissions": str(model.ALL_PERMISSIONS),
            "locale": "en-GB",
            "entitlements": [],
            "attachment_size_limit": MAX_UPLOAD_BYTES,
        }
        if guild is not None:
            member = guild.members[interaction.user.id].to_dict()
            member["permissions"] = str(guild.permissions_of(interaction.user.id))
            payload.update(
                guild_id=str(guild.id),
                guild={"id": str(guild.id), "locale": "en-GB", "features": []},
                guild_locale="en-GB",
                member=member,
                authorizing_integration_owners={"0": str(guild.id)},
                context=0,
            )
        else:
            payload.update(
                user=interaction.user.to_dict(),
                authorizing_integration_owners={"0": str(fake.application_id)},
                context=1,
            )
        if message is not None:
            payload["message"] = message.to_dict()
        return payload

    async def _interact(
        self,
        who: Who,
        kind: int,
        data: dict[str, Any],
        channel: model.Channel | None,
        *,
        message: model.Message | None = None,
        within: float | None = None,
        wait: bool = True,
    ) -> InteractionResult:
        user = as_user(who)
        channel = channel or self.channel
        if self.fake.gateway.session is None:
            raise HarnessError("no bot is connected to the fake gateway; start one first")
        if channel.guild_id is not None and user.id not in self.guild.members:
            raise HarnessError(f"{user.username} is not a member of {self.guild.name}")
        interaction = model.Interaction(
            id=self.fake.ids.next(),
            token=self.fake.new_token(),
            type=kind,
            channel_id=channel.id,
            guild_id=channel.guild_id,
            user=user,
            message_id=message.id if message else None,
            data=data,
        )
        self.fake.interactions[interaction.token] = interaction
        result = InteractionResult(self.fake, interaction)
        payload = self.interaction_payload(interaction, message)
        interaction.created = self.fake.now()
        interaction.dispatched_at = await self.fake.gateway.dispatch("INTERACTION_CREATE", payload)
        result.dispatched_at = interaction.dispatched_at
        if wait:
            await result.wait_answered(within or self.timeout)
        return result

    # -- waiting for the bot -----------------------------------------------------------------

    async def settle(self, within: float = DEFAULT_TIMEOUT) -> None:
        """Wait until the bot has read every event sent so far and its handlers finished.

        Use after voice and message events, whose handlers answer nothing the fake could
        wait for: `await driver.join_voice(...); await driver.settle()`.
        """
        await self.fake.gateway.barrier(within)
        await settle_handlers(within)

    # -- members ---------------------------------------------------------------------------

    async def member_joins(self, user: model.User, roles: list[model.Role] | tuple = ()) -> Result:
        """A user joins the guild (GUILD_MEMBER_ADD)."""
        member = self.fake.add_member(self.guild, user, roles)
        data = member.to_dict() | {"guild_id": str(self.guild.id)}
        return await self._member_event("GUILD_MEMBER_ADD", data)

    async def set_roles(self, user: Who, roles: list[model.Role]) -> Result:
        """Replace a member's roles (GUILD_MEMBER_UPDATE), as an admin would."""
        member = self.guild.members[as_user(user).id]
        member.roles = [r.id for r in roles]
        data = member.to_dict() | {"guild_id": str(self.guild.id)}
        return await self._member_event("GUILD_MEMBER_UPDATE", data)

    async def member_leaves(self, user: Who) -> Result:
        """A member leaves the guild (GUILD_MEMBER_REMOVE); their voice state goes too."""
        target = as_user(user)
        self.guild.members.pop(target.id)
        self.guild.voice_states.pop(target.id, None)
        data = {"guild_id": str(self.guild.id), "user": target.to_dict()}
        return await self._member_event("GUILD_MEMBER_REMOVE", data)

    async def _member_event(self, event: str, data: dict[str, Any]) -> Result:
        result = Result(self.fake)
        result.dispatched_at = await self.fake.gateway.dispatch_for(GUILD_MEMBERS, event, data)
        return result

    # -- voice -----------------------------------------------------------------------------

    async def join_voice(self, user: Who, channel: model.Channel) -> Result:
        """User joins (or moves to) a voice or stage channel."""
        if channel.type not in (model.VOICE, model.STAGE):
            raise HarnessError(f"{channel.name!r} is not a voice or stage channel")
        return await self._voice(user, channel)

    async def move_voice(self, user: Who, channel: model.Channel) -> Result:
        """User moves to another voice channel."""
        if as_user(user).id not in self.guild.voice_states:
            raise HarnessError(f"{as_user(user).username} is not in a voice channel")
        return await self.join_voice(user, channel)

    async def leave_voice(self, user: Who) -> Result:
        """User leaves voice."""
        return await self._voice(user, None)

    async def _voice(self, who: Who, channel: model.Channel | None) -> Result:
        user = as_user(who)
        if channel is None:
            self.guild.voice_states.pop(user.id, None)
        else:
            self.guild.voice_states[user.id] = channel.id
        result = Result(self.fake)
        data = self.guild.voice_state_dict(user.id)
        gateway = self.fake.gateway
        result.dispatched_at = await gateway.dispatch_for(
            GUILD_VOICE_STATES, "VOICE_STATE_UPDATE", data
        )
        return result

    # -- messages ------------------------------------------------------------------------------

    async def send_message(
        self,
        user: Who,
        content: str,
        *,
        channel: model.Channel | None = None,
        files: list[Upload] | tuple[Upload, ...] = (),
    ) -> Result:
        """User posts a message in a guild channel (MESSAGE_CREATE)."""
        return await self._post(as_user(user), channel or self.channel, content, files)

    async def send_dm(
        self, user: Who, content: str, *, files: list[Upload] | tuple[Upload, ...] = ()
    ) -> Result:
        """User sends the bot a direct message (MESSAGE_CREATE in their DM channel)."""
        target = as_user(user)
        return await self._post(target, self.fake.dm_channel(target), content, files)

    async def _post(
        self, user: model.User, channel: model.Channel, content: str, files: Any
    ) -> Result:
        fake = self.fake
        message = model.Message(
            id=fake.ids.next(),
            channel_id=channel.id,
            author=user,
            guild_id=channel.guild_id,
            content=content,
        )
        for upload in files:
            attachment_id = fake.ids.next()
            message.attachments.append(
                model.Attachment(
                    id=attachment_id,
                    filename=upload.filename,
                    data=upload.data,
                    url=f"{fake.base_url}/attachments/{attachment_id}/{upload.filename}",
                    content_type=upload.content_type,
                )
            )
        result = Result(fake)
        fake.store_message(message)
        event = message.to_dict()
        guild = fake.guild_of(channel)
        gateway = fake.gateway
        if guild is not None:
            event["member"] = guild.members[user.id].to_dict(with_user=False)
            mentioned = f"<@{fake.bot_user.id}>" in content
            if not gateway.wants(MESSAGE_CONTENT) and not mentioned:
                # Without the message content intent Discord blanks guild messages.
                event.update(content="", embeds=[], attachments=[], components=[])
        intent = GUILD_MESSAGES if guild is not None else DIRECT_MESSAGES
        result.dispatched_at = await gateway.dispatch_for(intent, "MESSAGE_CREATE", event)
        return result
