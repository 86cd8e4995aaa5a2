"""Interaction callbacks and the interaction webhook (follow-ups, @original)."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from . import messages, model
from .rest import ApiError, Call, now

if TYPE_CHECKING:
    from .rest import RestApi
    from .server import FakeDiscord

log = logging.getLogger("fakediscord.webhooks")

UNKNOWN_INTERACTION = (404, 10062, "Unknown interaction")
UNKNOWN_WEBHOOK = (404, 10015, "Unknown Webhook")
UNKNOWN_MESSAGE = (404, 10008, "Unknown Message")
ALREADY_ACKNOWLEDGED = (400, 40060, "Interaction has already been acknowledged.")

# Interaction callback types.
PONG, MESSAGE, DEFERRED_MESSAGE, DEFERRED_UPDATE, UPDATE = 1, 4, 5, 6, 7
AUTOCOMPLETE, MODAL = 8, 9


def register_webhook_routes(api: RestApi) -> None:
    """Register the interaction callback and webhook routes."""
    h = WebhookHandlers(api.fake)
    r = api.route
    r("POST", "/interactions/{interaction_id}/{interaction_token}/callback", h.callback)
    r("POST", "/webhooks/{webhook_id}/{webhook_token}", h.followup)
    for method, handler in (("GET", h.get), ("PATCH", h.edit), ("DELETE", h.delete)):
        r(method, "/webhooks/{webhook_id}/{webhook_token}/messages/@original", handler)
        r(method, "/webhooks/{webhook_id}/{webhook_token}/messages/{message_id}", handler)


class WebhookHandlers:
    """Handlers that act on an interaction through its token."""

    def __init__(self, fake: FakeDiscord) -> None:
        self.fake = fake

    def _problem(self, interaction: model.Interaction | None, text: str) -> None:
        log.warning("fake discord: %s", text)
        self.fake.protocol_errors.append(text)
        if interaction is not None and not interaction.answered.is_set():
            interaction.failure = text
            interaction.answered.set()

    # -- callback --------------------------------------------------------------------------

    async def callback(self, call: Call) -> Any:
        """POST /interactions/{id}/{token}/callback?with_response=1"""
        fake = self.fake
        interaction = fake.interactions.get(call.params["interaction_token"])
        if interaction is None or str(interaction.id) != call.params["interaction_id"]:
            raise ApiError(*UNKNOWN_INTERACTION)
        if interaction.response_type is not None:
            self._problem(interaction, f"interaction {interaction.id} acknowledged twice")
            raise ApiError(*ALREADY_ACKNOWLEDGED)
        age = fake.now() - interaction.created
        if interaction.expired or age > fake.callback_window:
            self._problem(interaction, f"interaction {interaction.id} answered after {age:.2f}s")
            raise ApiError(*UNKNOWN_INTERACTION)

        kind = int(call.body.get("type", 0))
        data = call.body.get("data") or {}
        channel = fake.channels[interaction.channel_id]
        message: model.Message | None = None
        if kind == MESSAGE:
            message = messages.create_message(
                fake, channel, fake.bot_user, data, call.files, webhook=True,
                interaction_id=interaction.id,
            )  # fmt: skip
        elif kind == DEFERRED_MESSAGE:
            flags = messages.LOADING | ((data.get("flags") or 0) & messages.EPHEMERAL)
            message = messages.create_message(
                fake, channel, fake.bot_user, {}, [], flags=flags, webhook=True,
                interaction_id=interaction.id,
            )  # fmt: skip
        elif kind == UPDATE:
            message = self._component_message(interaction)
            messages.edit_message(fake, message, data, call.files)
        if kind in (MESSAGE, DEFERRED_MESSAGE) and message is not None:
            interaction.original_message_id = message.id

        interaction.response_type = kind
        interaction.response_data = data
        interaction.response_files = list(call.files)
        interaction.responded_at = now()
        interaction.answered.set()

        answer: dict[str, Any] = {
            "interaction": {
                "id": str(interaction.id),
                "type": interaction.type,
                "response_message_loading": kind == DEFERRED_MESSAGE,
                "response_message_ephemeral": bool(
                    message is not None and message.flags & messages.EPHEMERAL
                ),
            }
        }
        if message is not None:
            answer["interaction"]["response_message_id"] = str(message.id)
            answer["resource"] = {"type": kind, "message": message.to_dict()}
        return answer

    def _component_message(self, interaction: model.Interaction) -> model.Message:
        message = self.fake.messages.get(interaction.message_id or 0)
        if message is None or message.deleted:
            raise ApiError(*UNKNOWN_MESSAGE)
        return message

    # -- webhook ---------------------------------------------------------------------------

    def _interaction(self, call: Call) -> model.Interaction:
        fake = self.fake
        interaction = fake.interactions.get(call.params["webhook_token"])
        if call.params["webhook_id"] != str(fake.application_id) or interaction is None:
            raise ApiError(*UNKNOWN_WEBHOOK)
        if interaction.expired or fake.now() - interaction.created > fake.token_lifetime:
            fake.protocol_errors.append(f"expired interaction token used: {call.path}")
            raise ApiError(*UNKNOWN_WEBHOOK)
        if interaction.response_type is None:
            self._problem(
                interaction, f"webhook used before the interaction was answered: {call.path}"
            )
            raise ApiError(*UNKNOWN_WEBHOOK)
        return interaction

    def _target(self, call: Call, interaction: model.Interaction) -> model.Message:
        message_id = call.params.get("message_id")
        if message_id is None:  # @original
            target = interaction.original_message_id
            if target is None and interaction.response_type in (DEFERRED_UPDATE, UPDATE):
                target = interaction.message_id
        else:
            target = int(message_id)
            allowed = {*interaction.followup_ids, interaction.original_message_id}
            if target not in allowed:
                raise ApiError(*UNKNOWN_MESSAGE)
        message = self.fake.messages.get(target or 0)
        if message is None or message.deleted:
            raise ApiError(*UNKNOWN_MESSAGE)
        return message

    async def followup(self, call: Call) -> Any:
        """POST /webhooks/{application_id}/{token}: a follow-up message."""
        fake = self.fake
        interaction = self._interaction(call)
        original = fake.messages.get(interaction.original_message_id or 0)
        if (
            interaction.response_type == DEFERRED_MESSAGE
            and original is not None
            and original.flags & messages.LOADING
        ):
            # Discord turns the first follow-up after a deferral into the original response.
            message = messages.edit_message(fake, original, call.body, call.files)
            messages.compute_pings(message, call.body)
        else:
            channel = fake.channels[interaction.channel_id]
            message = messages.create_message(
                fake, channel, fake.bot_user, call.body, call.files, webhook=True,
                interaction_id=interaction.id,
            )  # fmt: skip
        interaction.followup_ids.append(message.id)
        return message.to_dict()

    async def get(self, call: Call) -> Any:
        """GET /webhooks/{application_id}/{token}/messages/{@original|id}"""
        interaction = self._interaction(call)
        return self._target(call, interaction).to_dict()

    async def edit(self, call: Call) -> Any:
        """PATCH /webhooks/{application_id}/{token}/messages/{@original|id}"""
        interaction = self._interaction(call)
        message = self._target(call, interaction)
        return messages.edit_message(self.fake, message, call.body, call.files).to_dict()

    async def delete(self, call: Call) -> Any:
        """DELETE /webhooks/{application_id}/{token}/messages/{@original|id}"""
        interaction = self._interaction(call)
        message = self._target(call, interaction)
        message.deleted = True
        self.fake.deleted_messages.append(message.id)
        return None
