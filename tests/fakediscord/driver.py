"""The driver: act as Discord users (slash commands, clicks, modals, voice, messages)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from . import model
from .gateway import (
    DIRECT_MESSAGES,
    GUILD_MEMBERS,
    GUILD_MESSAGES,
    GUILD_VOICE_STATES,
    MESSAGE_CONTENT,
)
from .harness import settle_handlers
from .messages import walk_components
from .results import DEFAULT_TIMEOUT, InteractionResult, Result
from .server import FakeDiscord, HarnessError

Who = model.User | model.Member
MessageLike = model.Message | InteractionResult | None

# Interaction types.
APPLICATION_COMMAND, MESSAGE_COMPONENT, AUTOCOMPLETE, MODAL_SUBMIT = 2, 3, 4, 5
# Application command option types.
SUB_COMMAND, SUB_COMMAND_GROUP, STRING, INTEGER, BOOLEAN = 1, 2, 3, 4, 5
USER, CHANNEL, ROLE, MENTIONABLE, NUMBER, ATTACHMENT = 6, 7, 8, 9, 10, 11
SELECTS = (3, 5, 6, 7, 8)


class CommandError(HarnessError):
    """The driver was asked for a command or option the bot did not sync."""


@dataclass
class Upload:
    """A file a user attaches to a command option or message."""

    filename: str
    data: bytes
    content_type: str = "application/octet-stream"


def _user(who: Who) -> model.User:
    return who.user if isinstance(who, model.Member) else who


class Driver:
    """Acts as Discord users in one guild; every action returns what the bot did."""

    def __init__(
        self, fake: FakeDiscord, guild: model.Guild, channel: model.Channel | None = None
    ) -> None:
        self.fake = fake
        self.guild = guild
        self.channel = channel or next(c for c in guild.channels.values() if c.type == model.TEXT)
        self.timeout = DEFAULT_TIMEOUT

    # -- slash commands --------------------------------------------------------------------

    def command(self, path: str) -> tuple[dict[str, Any], list[dict[str, Any]], dict[str, Any]]:
        """Look up a synced command by its path ("setup timezone").

        Returns (top-level command, nested sub-command/group options, leaf definition).
        """
        names = path.split()
        top = self._top(names[0])
        leaf, chain = top, []
        for name in names[1:]:
            subs = [o for o in leaf.get("options") or [] if o["type"] in (1, 2)]
            found = next((o for o in subs if o["name"] == name), None)
            if found is None:
                raise CommandError(
                    f"/{path}: no sub-command {name!r} (has: {[o['name'] for o in subs]})"
                )
            chain.append(found)
            leaf = found
        if any(o["type"] in (1, 2) for o in leaf.get("options") or []):
            raise CommandError(f"/{path} is a group; name a sub-command")
        return top, chain, leaf

    def visible_to(self, user: Who, command: str) -> bool:
        """Whether Discord would show this synced command to `user` in the guild.

        Follows the command's default_member_permissions ("0": administrators only). The
        driver still sends commands to users who could not see them, so a test can check
        the bot's own run-time permission check too.
        """
        top = self._top(command.split()[0])
        required = top.get("default_member_permissions")
        have = self.guild.permissions_of(_user(user).id)
        if required is None:
            return True
        if int(required) == 0:
            return have == model.ALL_PERMISSIONS
        return have & int(required) == int(required)

    def _top(self, name: str) -> dict[str, Any]:
        top = self.fake.synced_command(name, self.guild.id)
        if top is None:
            raise CommandError(f"/{name} was not synced (synced: {self._synced_names()})")
        return top

    def _synced_names(self) -> list[str]:
        commands = [*self.fake.guild_commands.get(self.guild.id, []), *self.fake.global_commands]
        return sorted(c["name"] for c in commands)

    def _options(
        self,
        path: str,
        leaf: dict[str, Any],
        given: dict[str, Any],
        resolved: dict[str, dict[str, Any]],
        focused: str | None = None,
    ) -> list[dict[str, Any]]:
        known = {o["name"]: o for o in leaf.get("options") or []}
        unknown = set(given) - set(known)
        if unknown:
            raise CommandError(f"/{path}: unknown options {sorted(unknown)} (has: {sorted(known)})")
        missing = [n for n, o in known.items() if o.get("required") and n not in given]
        if missing and focused is None:
            raise CommandError(f"/{path}: required options missing: {missing}")
        result = []
        for name, value in given.items():
            spec = known[name]
            option: dict[str, Any] = {"name": name, "type": spec["type"]}
            if name == focused:
                option.update(value=str(value), focused=True)
            else:
                option["value"] = self._option_value(path, spec, value, resolved)
            result.append(option)
        return result

    def _option_value(
        self, path: str, spec: dict[str, Any], value: Any, resolved: dict[str, dict[str, Any]]
    ) -> Any:
        kind = spec["type"]
        if kind in (USER, ROLE, CHANNEL, MENTIONABLE, ATTACHMENT):
            return self._resolve(value, resolved)
        converted: Any
        if kind == INTEGER:
            converted = int(value)
        elif kind == NUMBER:
            converted = float(value)
        elif kind == BOOLEAN:
            converted = bool(value)
        else:
            converted = str(value)
        choices = spec.get("choices")
        if choices and converted not in [c["value"] for c in choices]:
            raise CommandError(f"/{path}: {converted!r} is not a choice of {spec['name']!r}")
        return converted

    def _resolve(self, value: Any, resolved: dict[str, dict[str, Any]]) -> str:
        """Add a user/member/role/channel/upload to `resolved` and return its id."""
        if isinstance(value, model.Member | model.User):
            user = _user(value)
            resolved.setdefault("users", {})[str(user.id)] = user.to_dict()
            member = self.guild.members.get(user.id)
            if member is not None:
                data = member.to_dict(with_user=False)
                data["permissions"] = str(self.guild.permissions_of(user.id))
                resolved.setdefault("members", {})[str(user.id)] = data
            return str(user.id)
        if isinstance(value, model.Role):
            resolved.setdefault("roles", {})[str(value.id)] = value.to_dict()
            return str(value.id)
        if isinstance(value, model.Channel):
            data = value.to_dict()
            data["permissions"] = str(model.ALL_PERMISSIONS)
            resolved.setdefault("channels", {})[str(value.id)] = data
            return str(value.id)
        if isinstance(value, Upload):
            attachment_id = self.fake.ids.next()
            attachment = model.Attachment(
                id=attachment_id,
                filename=value.filename,
                data=value.data,
                url=f"{self.fake.base_url}/attachments/{attachment_id}/{value.filename}",
                content_type=value.content_type,
            )
            holder = model.Message(self.fake.ids.next(), self.channel.id, self.fake.bot_user)
            holder.attachments.append(attachment)
            holder.deleted = True  # only so /attachments/ can serve the bytes
            self.fake.store_message(holder)
            resolved.setdefault("attachments", {})[str(attachment_id)] = attachment.to_dict()
            return str(attachment_id)
        raise CommandError(f"cannot use {value!r} as a user, role, channel or attachment option")

    def _command_data(
        self, path: str, options: dict[str, Any], focused: str | None = None
    ) -> dict[str, Any]:
        top, chain, leaf = self.command(path)
        resolved: dict[str, dict[str, Any]] = {}
        opts = self._options(path, leaf, options, resolved, focused)
        for sub in reversed(chain):
            opts = [{"name": sub["name"], "type": sub["type"], "options": opts}]
        data: dict[str, Any] = {"id": top["id"], "name": top["name"], "type": top.get("type", 1)}
        data["options"] = opts
        if resolved:
            data["resolved"] = resolved
        if top.get("guild_id"):
            data["guild_id"] = top["guild_id"]
        return data

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
        data = self._command_data(command, options)
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
        data = self._command_data(command, options)
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
        data = self._command_data(command, options, focused=focused)
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
            chosen = [self._resolve(v, resolved) for v in values]
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
            "attachment_size_limit": 10 * 1024 * 1024,
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
        user = _user(who)
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
        member = self.guild.members[_user(user).id]
        member.roles = [r.id for r in roles]
        data = member.to_dict() | {"guild_id": str(self.guild.id)}
        return await self._member_event("GUILD_MEMBER_UPDATE", data)

    async def member_leaves(self, user: Who) -> Result:
        """A member leaves the guild (GUILD_MEMBER_REMOVE); their voice state goes too."""
        target = _user(user)
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
        if _user(user).id not in self.guild.voice_states:
            raise HarnessError(f"{_user(user).username} is not in a voice channel")
        return await self.join_voice(user, channel)

    async def leave_voice(self, user: Who) -> Result:
        """User leaves voice."""
        return await self._voice(user, None)

    async def _voice(self, who: Who, channel: model.Channel | None) -> Result:
        user = _user(who)
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
        return await self._post(_user(user), channel or self.channel, content, files)

    async def send_dm(
        self, user: Who, content: str, *, files: list[Upload] | tuple[Upload, ...] = ()
    ) -> Result:
        """User sends the bot a direct message (MESSAGE_CREATE in their DM channel)."""
        target = _user(user)
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
