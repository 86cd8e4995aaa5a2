"""Every member-facing string in bot/text scores 60+ on Flesch Reading Ease.

Rule for what is exempt: strings too short to score (fewer words than
`readability.is_scorable` needs, e.g. button labels and titles). Template fields such as
`{role}` are filled with a short plain word before scoring.
"""

from __future__ import annotations

import importlib
import pkgutil
import string
from collections.abc import Iterator

import bot.text
from bot.services.readability import is_scorable, score

MINIMUM = 60.0


def _strings(value: object) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _strings(item)


def _filled(template: str) -> str:
    fields = {name for _, name, _, _ in string.Formatter().parse(template) if name}
    try:
        return template.format(**dict.fromkeys(fields, "Sam"))
    except (IndexError, KeyError, ValueError):
        return template


def member_facing_strings() -> list[tuple[str, str]]:
    """(where, text) for every UPPER_CASE string in every bot.text module."""
    found: list[tuple[str, str]] = []
    for info in pkgutil.iter_modules(bot.text.__path__):
        module = importlib.import_module(f"bot.text.{info.name}")
        for name, value in vars(module).items():
            if name.isupper():
                found.extend((f"{info.name}.{name}", s) for s in _strings(value))
    return found


def test_text_modules_hold_strings() -> None:
    assert len(member_facing_strings()) > 20


def test_every_member_facing_string_scores_60_or_more() -> None:
    failures = []
    for where, template in member_facing_strings():
        text = _filled(template)
        if not is_scorable(text):
            continue
        report = score(text)
        if report.reading_ease < MINIMUM:
            failures.append(f"{where}: {report.reading_ease} {text!r}")
    assert failures == []
