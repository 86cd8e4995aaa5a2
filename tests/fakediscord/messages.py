"""Creating and editing messages from request bodies (JSON or multipart with files)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from . import model
from .records import UploadedFile

if TYPE_CHECKING:
    from .server import FakeDiscord

EPHEMERAL = 64
LOADING = 128
USER_MENTION = re.compile(r"<@!?(\d+)>")
ROLE_MENTION = re.compile(r"<@&(\d+)>")


def compute_pings(message: model.Message, payload: dict[str, Any]) -> None:
    """Work out who Discord would notify, from the content and allowed_mentions."""
    if message.flags & EPHEMERAL:
        return
    content = message.content
    allowed = payload.get("allowed_mentions")
    if allowed is None:  # Discord's default: parse every mention
        parse, users, roles = {"users", "roles", "everyone"}, set(), set()
    else:
        parse = set(allowed.get("parse") or [])
        users = {int(u) for u in allowed.get("users") or []}
        roles = {int(r) for r in allowed.get("roles") or []}
    message.pinged_everyone = "everyone" in parse and ("@everyone" in content or "@here" in content)
    message.pinged_users = [
        int(u) for u in USER_MENTION.findall(content) if "users" in parse or int(u) in users
    ]
    message.pinged_roles = [
        int(r) for r in ROLE_MENTION.findall(content) if "roles" in parse or int(r) in roles
    ]


def _attachments(
    fake: FakeDiscord,
    payload: dict[str, Any],
    files: list[UploadedFile],
    existing: list[model.Attachment],
) -> list[model.Attachment]:
    by_field = {f.field: f for f in files}
    kept = {str(a.id): a for a in existing}
    result: list[model.Attachment] = []
    meta = payload.get("attachments")
    if meta is None:
        meta = [{"id": i} for i in range(len(files))]
    for item in meta:
        key = str(item.get("id"))
        if key in kept:
            result.append(kept[key])
            continue
        upload = by_field.get(f"files[{key}]")
        if upload is None:
            continue
        attachment_id = fake.ids.next()
        filename = item.get("filename") or upload.filename
        result.append(
            model.Attachment(
                id=attachment_id,
                filename=filename,
                data=upload.data,
                url=f"{fake.base_url}/attachments/{attachment_id}/{filename}",
                content_type=upload.content_type,
                description=item.get("description"),
            )
        )
    return result


def create_message(
    fake: FakeDiscord,
    channel: model.Channel,
    author: model.User,
    payload: dict[str, Any],
    files: list[UploadedFile],
    *,
    flags: int = 0,
    webhook: bool = False,
    interaction_id: int | None = None,
) -> model.Message:
    """Build, store and return a message from a create body."""
    message = model.Message(
        id=fake.ids.next(),
        channel_id=channel.id,
        author=author,
        guild_id=channel.guild_id,
        content=payload.get("content") or "",
        embeds=list(payload.get("embeds") or []),
        components=list(payload.get("components") or []),
        attachments=_attachments(fake, payload, files, []),
        flags=flags | (payload.get("flags") or 0),
        webhook_id=fake.application_id if webhook else None,
        interaction_id=interaction_id,
    )
    message.history.append(dict(payload))
    compute_pings(message, payload)
    return fake.store_message(message)


def edit_message(
    fake: FakeDiscord,
    message: model.Message,
    payload: dict[str, Any],
    files: list[UploadedFile],
) -> model.Message:
    """Apply an edit body to a message and record the edit."""
    if "content" in payload:
        message.content = payload["content"] or ""
    if "embeds" in payload:
        message.embeds = list(payload["embeds"] or [])
    if "components" in payload:
        message.components = list(payload["components"] or [])
    if "attachments" in payload or files:
        message.attachments = _attachments(fake, payload, files, message.attachments)
    if payload.get("flags") is not None:
        # Ephemerality is fixed when the message is created (a deferral decides it for
        # the follow-up that fills it in); loading ends with any edit.
        message.flags = (message.flags & EPHEMERAL) | (payload["flags"] & ~(LOADING | EPHEMERAL))
    message.flags &= ~LOADING
    message.edited_timestamp = model.iso_now()
    message.history.append(dict(payload))
    fake.record_edit(message, payload)
    return message


def walk_components(components: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Every component, depth first (action rows, containers, sections, labels)."""
    found: list[dict[str, Any]] = []
    for component in components:
        found.append(component)
        found.extend(walk_components(component.get("components") or []))
        for key in ("component", "accessory"):
            if isinstance(component.get(key), dict):
                found.extend(walk_components([component[key]]))
    return found
