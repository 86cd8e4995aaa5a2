"""REST handlers: application, users, commands, channels, messages, guilds, events."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from . import messages, model
from .rest import ApiError, Call
from .webhooks import register_webhook_routes

if TYPE_CHECKING:
    from .rest import RestApi
    from .server import FakeDiscord

UNKNOWN_CHANNEL = (404, 10003, "Unknown Channel")
UNKNOWN_GUILD = (404, 10004, "Unknown Guild")
UNKNOWN_MEMBER = (404, 10007, "Unknown Member")
UNKNOWN_MESSAGE = (404, 10008, "Unknown Message")
UNKNOWN_ROLE = (404, 10011, "Unknown Role")
UNKNOWN_USER = (404, 10013, "Unknown User")
UNKNOWN_EVENT = (404, 10070, "Unknown Guild Scheduled Event")
CANNOT_DM = (403, 50007, "Cannot send messages to this user")
NOT_AUTHOR = (403, 50005, "Cannot edit a message authored by another user")

# Gateway intent bits.
GUILD_MESSAGES, DIRECT_MESSAGES, GUILD_SCHEDULED_EVENTS = 9, 12, 16


def _snowflake(value: Any) -> str | None:
    """Ids are strings in Discord's answers, whatever the request sent."""
    return None if value is None else str(value)


def register_routes(api: RestApi) -> None:
    """Register every REST route the fake answers."""
    h = Handlers(api.fake)
    r = api.route
    r("GET", "/users/@me", h.me)
    r("GET", "/users/{user_id}", h.user)
    r("GET", "/oauth2/applications/@me", h.application)
    r("GET", "/applications/@me", h.application)
    r("GET", "/gateway", h.gateway)
    r("GET", "/gateway/bot", h.gateway)
    r("GET", "/applications/{application_id}/commands", h.get_global_commands)
    r("PUT", "/applications/{application_id}/commands", h.put_global_commands)
    r("GET", "/applications/{application_id}/guilds/{guild_id}/commands", h.get_guild_commands)
    r("PUT", "/applications/{application_id}/guilds/{guild_id}/commands", h.put_guild_commands)
    r("POST", "/users/@me/channels", h.create_dm)
    r("GET", "/channels/{channel_id}", h.channel)
    r("POST", "/channels/{channel_id}/typing", h.typing)
    r("GET", "/channels/{channel_id}/messages", h.list_messages)
    r("POST", "/channels/{channel_id}/messages", h.send_message)
    r("GET", "/channels/{channel_id}/messages/{message_id}", h.get_message)
    r("PATCH", "/channels/{channel_id}/messages/{message_id}", h.edit_message)
    r("DELETE", "/channels/{channel_id}/messages/{message_id}", h.delete_message)
    r("GET", "/guilds/{guild_id}", h.guild)
    r("GET", "/guilds/{guild_id}/channels", h.guild_channels)
    r("GET", "/guilds/{guild_id}/roles", h.roles)
    r("GET", "/guilds/{guild_id}/members", h.members)
    r("GET", "/guilds/{guild_id}/members/{user_id}", h.member)
    r("PUT", "/guilds/{guild_id}/members/{user_id}/roles/{role_id}", h.add_role)
    r("DELETE", "/guilds/{guild_id}/members/{user_id}/roles/{role_id}", h.remove_role)
    r("GET", "/guilds/{guild_id}/scheduled-events", h.list_events)
    r("POST", "/guilds/{guild_id}/scheduled-events", h.create_event)
    r("GET", "/guilds/{guild_id}/scheduled-events/{event_id}", h.get_event)
    r("PATCH", "/guilds/{guild_id}/scheduled-events/{event_id}", h.edit_event)
    r("DELETE", "/guilds/{guild_id}/scheduled-events/{event_id}", h.delete_event)
    register_webhook_routes(api)


class Handlers:
    """The non-interaction REST handlers, sharing the fake's world."""

    def __init__(self, fake: FakeDiscord) -> None:
        self.fake = fake

    # -- lookups ---------------------------------------------------------------------------

    def _channel(self, call: Call) -> model.Channel:
        channel = self.fake.channels.get(call.int_param("channel_id"))
        if channel is None or channel.deleted:
            raise ApiError(*UNKNOWN_CHANNEL)
        return channel

    def _message(self, call: Call, channel: model.Channel) -> model.Message:
        message = self.fake.messages.get(call.int_param("message_id"))
        if message is None or message.deleted or message.channel_id != channel.id:
            raise ApiError(*UNKNOWN_MESSAGE)
        if message.ephemeral:  # only reachable through the interaction webhook
            raise ApiError(*UNKNOWN_MESSAGE)
        return message

    def _guild(self, call: Call) -> model.Guild:
        guild = self.fake.guilds.get(call.int_param("guild_id"))
        if guild is None:
            raise ApiError(*UNKNOWN_GUILD)
        return guild

    def _member(self, call: Call, guild: model.Guild) -> model.Member:
        member = guild.members.get(call.int_param("user_id"))
        if member is None:
            raise ApiError(*UNKNOWN_MEMBER)
        return member

    # -- application and users -------------------------------------------------------------

    async def me(self, call: Call) -> Any:
        """GET /users/@me"""
        return self.fake.bot_user.to_dict() | {"verified": True, "mfa_enabled": False, "flags": 0}

    async def user(self, call: Call) -> Any:
        """GET /users/{user_id}"""
        user = self.fake.users.get(call.int_param("user_id"))
        if user is None:
            raise ApiError(*UNKNOWN_USER)
        return user.to_dict()

    async def application(self, call: Call) -> Any:
        """GET /oauth2/applications/@me and /applications/@me"""
        fake = self.fake
        return {
            "id": str(fake.application_id),
            "name": fake.bot_user.username,
            "icon": None,
            "description": "",
            "summary": "",
            "rpc_origins": [],
            "bot_public": False,
            "bot_require_code_grant": False,
            "owner": fake.app_owner.to_dict(),
            "team": None,
            "verify_key": "0" * 64,
            "flags": 0,
            "bot": fake.bot_user.to_dict(),
        }

    async def gateway(self, call: Call) -> Any:
        """GET /gateway and /gateway/bot"""
        limit = {"total": 1000, "remaining": 999, "reset_after": 0, "max_concurrency": 1}
        return {"url": self.fake.gateway_url, "shards": 1, "session_start_limit": limit}

    # -- commands --------------------------------------------------------------------------

    def _check_app(self, call: Call) -> None:
        if call.int_param("application_id") != self.fake.application_id:
            raise ApiError(403, 50001, "Missing Access")

    def _assign_ids(
        self, new: list[dict[str, Any]], old: list[dict[str, Any]], guild_id: int | None
    ) -> list[dict[str, Any]]:
        old_ids = {c["name"]: c["id"] for c in old}
        result = []
        for command in new:
            stored = {"type": 1, "description": "", "options": [], **command}
            stored["id"] = old_ids.get(command["name"]) or str(self.fake.ids.next())
            stored["application_id"] = str(self.fake.application_id)
            stored["version"] = str(self.fake.ids.next())
            if guild_id is not None:
                stored["guild_id"] = str(guild_id)
            result.append(stored)
        return result

    async def get_global_commands(self, call: Call) -> Any:
        """GET /applications/{application_id}/commands"""
        self._check_app(call)
        return self.fake.global_commands

    async def put_global_commands(self, call: Call) -> Any:
        """PUT /applications/{application_id}/commands (bulk overwrite)."""
        self._check_app(call)
        fake = self.fake
        fake.global_commands = self._assign_ids(call.json or [], fake.global_commands, None)
        fake.command_puts.append(call.record)
        return fake.global_commands

    async def get_guild_commands(self, call: Call) -> Any:
        """GET /applications/{application_id}/guilds/{guild_id}/commands"""
        self._check_app(call)
        return self.fake.guild_commands.get(self._guild(call).id, [])

    async def put_guild_commands(self, call: Call) -> Any:
        """PUT /applications/{application_id}/guilds/{guild_id}/commands (bulk overwrite)."""
        self._check_app(call)
        guild = self._guild(call)
        old = self.fake.guild_commands.get(guild.id, [])
        self.fake.guild_commands[guild.id] = self._assign_ids(call.json or [], old, guild.id)
        self.fake.command_puts.append(call.record)
        return self.fake.guild_commands[guild.id]

    # -- channels and messages ---------------------------------------------------------------

    async def create_dm(self, call: Call) -> Any:
        """POST /users/@me/channels"""
        user = self.fake.users.get(int(call.body.get("recipient_id", 0)))
        if user is None:
            raise ApiError(400, 50035, "Invalid Form Body")
        return self.fake.dm_channel(user).to_dict()

    async def channel(self, call: Call) -> Any:
        """GET /channels/{channel_id}"""
        return self._channel(call).to_dict()

    async def typing(self, call: Call) -> Any:
        """POST /channels/{channel_id}/typing"""
        self._channel(call)
        return None

    async def list_messages(self, call: Call) -> Any:
        """GET /channels/{channel_id}/messages (newest first)."""
        channel = self._channel(call)
        limit = int(call.query.get("limit", 50))
        found = list(reversed(self.fake.messages_in(channel)))[:limit]
        return [m.to_dict() for m in found]

    async def send_message(self, call: Call) -> Any:
        """POST /channels/{channel_id}/messages"""
        fake = self.fake
        channel = self._channel(call)
        if channel.type == model.DM and channel.recipient and channel.recipient.dms_closed:
            raise ApiError(*CANNOT_DM)
        nonce = call.body.get("nonce")
        if nonce is not None and call.body.get("enforce_nonce"):
            earlier = fake.messages.get(fake.nonces.get(str(nonce), 0))
            if earlier is not None:
                return earlier.to_dict()  # the same message, not a copy
        message = messages.create_message(fake, channel, fake.bot_user, call.body, call.files)
        if nonce is not None and call.body.get("enforce_nonce"):
            fake.nonces[str(nonce)] = message.id
        data = message.to_dict()
        guild = fake.guild_of(channel)
        intent = GUILD_MESSAGES if guild else DIRECT_MESSAGES
        if fake.gateway.connected:
            event = dict(data)
            if guild is not None:
                event["member"] = guild.members[fake.bot_user.id].to_dict(with_user=False)
            await fake.gateway.dispatch_for(intent, "MESSAGE_CREATE", event)
        return data

    async def get_message(self, call: Call) -> Any:
        """GET /channels/{channel_id}/messages/{message_id}"""
        return self._message(call, self._channel(call)).to_dict()

    async def edit_message(self, call: Call) -> Any:
        """PATCH /channels/{channel_id}/messages/{message_id}"""
        message = self._message(call, self._channel(call))
        if message.author.id != self.fake.bot_user.id:
            raise ApiError(*NOT_AUTHOR)
        return messages.edit_message(self.fake, message, call.body, call.files).to_dict()

    async def delete_message(self, call: Call) -> Any:
        """DELETE /channels/{channel_id}/messages/{message_id}"""
        message = self._message(call, self._channel(call))
        message.deleted = True
        self.fake.deleted_messages.append(message.id)
        return None

    # -- guilds ----------------------------------------------------------------------------

    async def guild(self, call: Call) -> Any:
        """GET /guilds/{guild_id}"""
        guild = self._guild(call)
        return guild.to_dict() | {
            "approximate_member_count": len(guild.members),
            "approximate_presence_count": 0,
        }

    async def guild_channels(self, call: Call) -> Any:
        """GET /guilds/{guild_id}/channels"""
        guild = self._guild(call)
        return [c.to_dict() for c in guild.channels.values() if not c.deleted]

    async def roles(self, call: Call) -> Any:
        """GET /guilds/{guild_id}/roles"""
        return [r.to_dict() for r in self._guild(call).roles.values()]

    async def members(self, call: Call) -> Any:
        """GET /guilds/{guild_id}/members"""
        guild = self._guild(call)
        after = int(call.query.get("after", 0))
        limit = int(call.query.get("limit", 1))
        found = [m for uid, m in sorted(guild.members.items()) if uid > after][:limit]
        return [m.to_dict() for m in found]

    async def member(self, call: Call) -> Any:
        """GET /guilds/{guild_id}/members/{user_id}"""
        guild = self._guild(call)
        return self._member(call, guild).to_dict()

    async def add_role(self, call: Call) -> Any:
        """PUT /guilds/{guild_id}/members/{user_id}/roles/{role_id}"""
        guild = self._guild(call)
        member = self._member(call, guild)
        role_id = call.int_param("role_id")
        if role_id not in guild.roles:
            raise ApiError(*UNKNOWN_ROLE)
        if role_id not in member.roles:
            member.roles.append(role_id)
        return None

    async def remove_role(self, call: Call) -> Any:
        """DELETE /guilds/{guild_id}/members/{user_id}/roles/{role_id}"""
        guild = self._guild(call)
        member = self._member(call, guild)
        role_id = call.int_param("role_id")
        if role_id not in guild.roles:
            raise ApiError(*UNKNOWN_ROLE)
        if role_id in member.roles:
            member.roles.remove(role_id)
        return None

    # -- scheduled events ----------------------------------------------------------------------

    def _event(self, call: Call, guild: model.Guild) -> dict[str, Any]:
        event = guild.scheduled_events.get(call.int_param("event_id"))
        if event is None:
            raise ApiError(*UNKNOWN_EVENT)
        return event

    async def _event_changed(self, name: str, event: dict[str, Any]) -> None:
        if self.fake.gateway.connected:
            await self.fake.gateway.dispatch_for(GUILD_SCHEDULED_EVENTS, name, event)

    async def list_events(self, call: Call) -> Any:
        """GET /guilds/{guild_id}/scheduled-events"""
        return list(self._guild(call).scheduled_events.values())

    async def create_event(self, call: Call) -> Any:
        """POST /guilds/{guild_id}/scheduled-events"""
        guild = self._guild(call)
        body = call.body
        event_id = self.fake.ids.next()
        event = {
            "id": str(event_id),
            "guild_id": str(guild.id),
            "channel_id": _snowflake(body.get("channel_id")),
            "creator_id": str(self.fake.bot_user.id),
            "creator": self.fake.bot_user.to_dict(),
            "name": body.get("name"),
            "description": body.get("description"),
            "scheduled_start_time": body.get("scheduled_start_time"),
            "scheduled_end_time": body.get("scheduled_end_time"),
            "privacy_level": body.get("privacy_level", 2),
            "status": 1,
            "entity_type": body.get("entity_type"),
            "entity_id": None,
            "entity_metadata": body.get("entity_metadata"),
            "user_count": 0,
            "image": None,
            "recurrence_rule": body.get("recurrence_rule"),
        }
        guild.scheduled_events[event_id] = event
        await self._event_changed("GUILD_SCHEDULED_EVENT_CREATE", event)
        return event

    async def get_event(self, call: Call) -> Any:
        """GET /guilds/{guild_id}/scheduled-events/{event_id}"""
        return self._event(call, self._guild(call))

    async def edit_event(self, call: Call) -> Any:
        """PATCH /guilds/{guild_id}/scheduled-events/{event_id}"""
        event = self._event(call, self._guild(call))
        for key, value in call.body.items():
            if key != "image":
                event[key] = _snowflake(value) if key.endswith("_id") else value
        await self._event_changed("GUILD_SCHEDULED_EVENT_UPDATE", event)
        return event

    async def delete_event(self, call: Call) -> Any:
        """DELETE /guilds/{guild_id}/scheduled-events/{event_id}"""
        guild = self._guild(call)
        event = self._event(call, guild)
        del guild.scheduled_events[int(event["id"])]
        await self._event_changed("GUILD_SCHEDULED_EVENT_DELETE", event)
        return None
