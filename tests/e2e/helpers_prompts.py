"""Helpers for the prompt and glossary end-to-end tests."""

from __future__ import annotations

from typing import Any

from fakediscord import model

from bot.app import LeapBot

# Reads easily: short sentences, everyday words (reading ease well above 60).
PLAIN = "What did you like about the new leaflet? Tell us one thing you would change."
# Hard: one long sentence full of glossary words (reading ease far below 60).
HARD = (
    "The longitudinal cohort study will evaluate the efficacy of the intervention using a "
    "qualitative methodology, and every stakeholder should consider whether the randomised "
    "design is appropriate for heterogeneous populations."
)
# A plainer version of HARD that still uses two glossary words.
PLAINER = "We want to test a new way to help people. Is it fair to put people in groups by chance?"


def labels(message_or_result: Any) -> list[str]:
    """The labels of every button on a message (or an interaction's message)."""
    components = (
        message_or_result.components
        if hasattr(message_or_result, "components")
        else message_or_result.message.components
    )
    return [c.get("label", "") for row in components for c in row.get("components", [])]


def bot_posts(fake: Any, channel: Any, bot: LeapBot) -> list[model.Message]:
    """Messages the bot posted in a channel itself (not interaction replies)."""
    return [
        m
        for m in fake.messages_in(channel)
        if m.author.id == bot.user.id and m.interaction_id is None  # type: ignore[union-attr]
    ]
