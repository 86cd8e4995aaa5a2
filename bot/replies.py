"""One safe way to answer an interaction, whatever state it is in."""

from __future__ import annotations

import logging
from typing import Any

import discord

from storage.database import CALLER, Caller

log = logging.getLogger(__name__)


async def reply(
    interaction: discord.Interaction[Any],
    content: str | None = None,
    *,
    ephemeral: bool = True,
    embed: discord.Embed | None = None,
    view: discord.ui.View | None = discord.utils.MISSING,
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
    if edit:
        await _edit(interaction, content, embed=embed, view=view, file=file)
        return
    kwargs: dict[str, Any] = {"allowed_mentions": discord.AllowedMentions.none()}
    if embed is not None:
        kwargs["embed"] = embed
    if view:  # None or MISSING: no buttons on a new message
        kwargs["view"] = view
    if file is not None:
        kwargs["file"] = file
    if not interaction.response.is_done():
        await interaction.response.send_message(content, ephemeral=ephemeral, **kwargs)
    else:
        await interaction.followup.send(content or "", ephemeral=ephemeral, **kwargs)


async def _edit(
    interaction: discord.Interaction[Any],
    content: str | None,
    *,
    embed: discord.Embed | None,
    view: discord.ui.View | None,
    file: discord.File | None,
) -> None:
    """Edit the message the interaction belongs to (a button's message, or our answer)."""
    # The edit replaces the whole message: view=None removes the buttons and no embed
    # removes the old one, so nothing stale is left showing.
    kwargs: dict[str, Any] = {
        "content": content,
        "view": view,
        "embeds": [embed] if embed is not None else [],
    }
    if file is not None:
        kwargs["attachments"] = [file]
    if not interaction.response.is_done() and interaction.message is not None:
        await interaction.response.edit_message(**kwargs)
    else:
        await interaction.edit_original_response(**kwargs)


async def defer(interaction: discord.Interaction[Any], *, ephemeral: bool = True) -> None:
    """Tell Discord we are working on it, when the work may take more than a moment."""
    if not interaction.response.is_done():
        await interaction.response.defer(ephemeral=ephemeral, thinking=True)


# Key in a command's `extras`: its first answer is a form (a modal), which must not be
# preceded by "thinking…", so a wait for the database is not acknowledged first.
OPENS_FORM = "opens_form"


def watch_database_waits(interaction: discord.Interaction[Any], *, answer_first: bool) -> None:
    """For the rest of this interaction's task: if the database makes it wait (another
    program holds the file), answer Discord first ("thinking…", within 3 seconds), and
    count what it saved, so a busy refusal can say whether anything was.

    `answer_first=False` for interactions whose first answer must be a form.
    """

    async def acknowledge() -> None:
        try:
            await defer(interaction)
        except discord.HTTPException:
            log.warning("Could not acknowledge interaction %s before a wait", interaction.id)

    CALLER.set(Caller(answer_first=acknowledge if answer_first else None))
