"""One safe way to answer an interaction, whatever state it is in."""

from __future__ import annotations

import logging
from typing import Any

import discord

from storage.database import CALLER, Busy, Caller

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


# Key in a command's `extras`: its first answer is a form (a modal), which cannot follow
# "thinking…". True: always a form; an option's name: a form when that option is not given.
OPENS_FORM = "opens_form"


def opens_form(interaction: discord.Interaction[Any]) -> bool:
    """Whether this slash command's first answer will be a form (see OPENS_FORM)."""
    command = interaction.command
    marker = command.extras.get(OPENS_FORM) if command is not None else None
    if marker is True:
        return True
    if isinstance(marker, str):
        return marker not in _given_options(interaction.data or {})
    return False


def _given_options(data: Any) -> set[str]:
    """The names of the options a person filled in (inside subcommands too)."""
    names: set[str] = set()
    for option in data.get("options", []):
        if option.get("type") in (1, 2):  # a subcommand or a group: look inside it
            names |= _given_options(option)
        else:
            names.add(option["name"])
    return names


def watch_database_waits(
    interaction: discord.Interaction[Any], *, answer_first: bool, form_first: bool = False
) -> None:
    """For the rest of this interaction's task: if the database makes it wait (another
    program holds the file), answer Discord first ("thinking…", within 3 seconds), and
    count what it saved, so a busy refusal can say whether anything was.

    `form_first=True` for interactions whose first answer must be a form: a form cannot
    follow "thinking…", and waiting could miss Discord's 3 seconds, so instead of waiting
    they stop at once with Busy, and the person is told plainly to try again.
    `answer_first=False` when the interaction is answered already.
    """

    async def acknowledge() -> None:
        try:
            await defer(interaction)
        except discord.HTTPException:
            log.warning("Could not acknowledge interaction %s before a wait", interaction.id)

    async def refuse() -> None:
        raise Busy("A form cannot wait for the database.")

    hook = refuse if form_first else acknowledge if answer_first else None
    CALLER.set(Caller(answer_first=hook))
