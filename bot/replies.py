"""One safe way to answer an interaction, whatever state it is in."""

from __future__ import annotations

import logging
from typing import Any

import discord

log = logging.getLogger(__name__)


async def reply(
    interaction: discord.Interaction[Any],
    content: str | None = None,
    *,
    ephemeral: bool = True,
    embed: discord.Embed | None = None,
    view: discord.ui.View | None = None,
    file: discord.File | None = None,
    edit: bool = False,
) -> None:
    """Answer an interaction: first response, follow-up after a defer, or an edit.

    - not answered yet: `response.send_message` (or `response.edit_message` with edit=True
      on a component interaction);
    - deferred or answered: `followup.send` (after a thinking defer this fills in the
      "thinking" message), or `edit_original_response` with edit=True.
    Mentions never ping anyone except users named on purpose by the caller.
    """
    mentions = discord.AllowedMentions.none()
    kwargs: dict[str, Any] = {"allowed_mentions": mentions}
    if embed is not None:
        kwargs["embed"] = embed
    if view is not None:
        kwargs["view"] = view
    if not interaction.response.is_done():
        if edit and interaction.message is not None:
            if file is not None:
                kwargs["attachments"] = [file]
            kwargs.pop("allowed_mentions")
            await interaction.response.edit_message(content=content, **kwargs)
            return
        if file is not None:
            kwargs["file"] = file
        await interaction.response.send_message(content, ephemeral=ephemeral, **kwargs)
        return
    if edit:
        if file is not None:
            kwargs["attachments"] = [file]
        await interaction.edit_original_response(content=content, **kwargs)
        return
    if file is not None:
        kwargs["file"] = file
    if content is not None:
        kwargs["content"] = content
    await interaction.followup.send(ephemeral=ephemeral, **kwargs)


async def defer(interaction: discord.Interaction[Any], *, ephemeral: bool = True) -> None:
    """Tell Discord we are working on it, when the work may take more than a moment."""
    if not interaction.response.is_done():
        await interaction.response.defer(ephemeral=ephemeral, thinking=True)
