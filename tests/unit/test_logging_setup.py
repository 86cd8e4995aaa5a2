"""Logging: discord.py's payload-carrying debug lines stay off; secrets never appear."""

from __future__ import annotations

import logging
from collections.abc import Iterator

import pytest

from bot.logging_setup import RedactFilter, setup_logging


@pytest.fixture(autouse=True)
def restore_logging() -> Iterator[None]:
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    levels = {n: logging.getLogger(n).level for n in ("discord", "discord.gateway", "discord.http")}
    yield
    root.handlers[:] = handlers
    root.setLevel(level)
    for name, value in levels.items():
        logging.getLogger(name).setLevel(value)


def test_discord_loggers_stay_at_info_when_debugging() -> None:
    setup_logging("DEBUG", secrets=[])
    assert logging.getLogger("discord.gateway").getEffectiveLevel() == logging.INFO


def test_our_own_loggers_follow_the_level() -> None:
    setup_logging("DEBUG", secrets=[])
    assert logging.getLogger("bot.services").getEffectiveLevel() == logging.DEBUG


def test_secret_is_redacted_from_log_lines() -> None:
    record = logging.LogRecord("x", logging.INFO, __file__, 1, "token is %s", ("s3cret",), None)
    RedactFilter(["s3cret"]).filter(record)
    assert record.getMessage() == "token is [redacted]"


def test_secret_is_redacted_from_tracebacks(capsys: pytest.CaptureFixture[str]) -> None:
    setup_logging("INFO", secrets=["s3cret"])
    try:
        raise RuntimeError("login refused for s3cret")
    except RuntimeError:
        logging.getLogger("bot.test").exception("Could not log in")
    err = capsys.readouterr().err
    assert ("s3cret" in err, "login refused for [redacted]" in err) == (False, True)
