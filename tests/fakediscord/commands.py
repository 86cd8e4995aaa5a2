"""Synced commands: look them up by path and build interaction data with resolved options."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from . import model
from .server import FakeDiscord, HarnessError

Who = model.User | model.Member

# Application command option types.
SUB_COMMAND, SUB_COMMAND_GROUP, STRING, INTEGER, BOOLEAN = 1, 2, 3, 4, 5
USER, CHANNEL, ROLE, MENTIONABLE, NUMBER, ATTACHMENT = 6, 7, 8, 9, 10, 11


class CommandError(HarnessError):
    """The driver was asked for a command or option the bot did not sync."""


@dataclass
class Upload:
    """A file a user attaches to a command option or message."""

    filename: str
    data: bytes
    content_type: str = "application/octet-stream"


def as_user(who: Who) -> model.User:
    """The user behind a User or Member."""
    return who.user if isinstance(who, model.Member) else who


class CommandBook:
    """The commands the bot synced, as seen from one guild."""

    def __init__(self, fake: FakeDiscord, guild: model.Guild, channel: model.Channel) -> None:
        self.fake = fake
        self.guild = guild
        self.channel = channel

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
        have = self.guild.permissions_of(as_user(user).id)
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
            return self.resolve(value, resolved)
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
        if kind in (INTEGER, NUMBER):
            # Discord's client refuses a number outside the option's declared bounds.
            low, high = spec.get("min_value"), spec.get("max_value")
            if (low is not None and converted < low) or (high is not None and converted > high):
                raise CommandError(
                    f"/{path}: {converted!r} is outside {spec['name']!r} ({low} to {high})"
                )
        return converted

    def resolve(self, value: Any, resolved: dict[str, dict[str, Any]]) -> str:
        """Add a user/member/role/channel/upload to `resolved` and return its id."""
        if isinstance(value, model.Member | model.User):
            user = as_user(value)
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

    def data(
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
