"""One style for dates and lengths of time (bot/text/formatting.py)."""

from __future__ import annotations

import ast
import pathlib
from datetime import UTC, date, datetime

from hypothesis import given
from hypothesis import strategies as st

from bot.text import formatting


def test_hours_and_minutes() -> None:
    assert formatting.length(90) == "1 hour 30 minutes"


def test_one_hour_is_singular() -> None:
    assert formatting.length(60) == "1 hour"


def test_negative_time_says_minus() -> None:
    assert formatting.length(-30) == "minus 30 minutes"


def test_zero_is_zero_minutes() -> None:
    assert formatting.length(0) == "0 minutes"


def test_days_only_when_asked() -> None:
    assert (formatting.length(1500), formatting.length(1500, days=True)) == (
        "25 hours",
        "1 day 1 hour",
    )


def test_whole_days() -> None:
    assert formatting.length(2880, days=True) == "2 days"


def test_several_offsets_read_as_a_list_as_written() -> None:
    assert formatting.lengths([1440, 60, 30]) == "24 hours, 1 hour and 30 minutes"


def test_offsets_keep_the_unit_people_write() -> None:
    shown = [formatting.offset(m) for m in (1, 90, 60, 1440, 2160, 2880)]
    assert shown == ["1 minute", "90 minutes", "1 hour", "24 hours", "36 hours", "2 days"]


def test_a_date_has_weekday_day_month_and_year() -> None:
    assert formatting.day(date(2026, 12, 3)) == "Thursday 3 December 2026"


def test_a_month_has_its_name_and_year() -> None:
    assert formatting.month(date(2026, 12, 3)) == "December 2026"


def test_local_time_uses_the_panel_zone_and_the_same_date_style() -> None:
    moment = datetime(2026, 7, 2, 13, 0, tzinfo=UTC)  # 14:00 in London (summer time)
    assert formatting.local(moment, "Europe/London") == "Thursday 2 July 2026 at 14:00"


def test_discord_timestamps() -> None:
    moment = datetime(2026, 12, 3, 14, 0, tzinfo=UTC)
    unix = int(moment.timestamp())
    assert (
        formatting.when_full(moment),
        formatting.when_rel(moment),
        formatting.when_date(moment),
    ) == (f"<t:{unix}:F>", f"<t:{unix}:R>", f"<t:{unix}:D>")


@given(st.integers(min_value=-100_000, max_value=100_000))
def test_length_words_add_back_up_to_the_minutes(minutes: int) -> None:
    words = formatting.length(minutes, days=True).removeprefix("minus ").split()
    scale = {"day": 1440, "days": 1440, "hour": 60, "hours": 60, "minute": 1, "minutes": 1}
    total = sum(int(n) * scale[unit] for n, unit in zip(words[::2], words[1::2], strict=True))
    assert total == abs(minutes)


def test_no_message_formats_dates_or_lengths_by_itself() -> None:
    """Every message uses this module: no strftime month or weekday names, no other
    minutes-in-words helper and no hand-made Discord timestamp, anywhere in bot/ or cogs/
    (the readability service only reads timestamps, to leave them out of the score)."""
    root = pathlib.Path(__file__).resolve().parents[2]
    offenders = []
    for path in [*root.joinpath("bot").rglob("*.py"), *root.joinpath("cogs").rglob("*.py")]:
        if path.name == "formatting.py":
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if (
                isinstance(node, ast.Constant)
                and isinstance(node.value, str)
                and any(code in node.value for code in ("%B", "%b", "%A", "%a", "%d %"))
            ):
                offenders.append(f"{path.name}: {node.value!r}")
            if (
                isinstance(node, ast.Constant)
                and isinstance(node.value, str)
                and "<t:" in node.value
                and path.name != "readability.py"
            ):
                offenders.append(f"{path.name}: {node.value!r}")
            if isinstance(node, ast.Attribute) and node.attr == "format_dt":
                offenders.append(f"{path.name}: discord.utils.format_dt")
            if isinstance(node, ast.FunctionDef) and node.name in {
                "describe_minutes",
                "minutes_words",
                "plain_day",
                "describe_offsets",
            }:
                offenders.append(f"{path.name}: def {node.name}")
    assert offenders == []
