"""Starting the bot when Discord cannot be reached: one plain sentence, no traceback."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path

import discord
import pytest

from bot import cli

TOKEN = "MTAxMjM0NTY3ODkwMTIzNDU2.GaBcDe.abcdefghijklmnopqrstuvwxyz012345"


@pytest.fixture(autouse=True)
def restore_logging() -> Iterator[None]:
    """run_bot() sets up logging for the process; put the test's logging back after."""
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    yield
    root.handlers[:] = handlers
    root.setLevel(level)


def test_unreachable_discord_gives_a_plain_message_and_exit_1(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DISCORD_TOKEN", TOKEN)
    monkeypatch.setenv("DATABASE_PATH", str(tmp_path / "leap.sqlite3"))
    # Port 9 (discard) on loopback is closed here: the connection is refused at once.
    monkeypatch.setattr(discord.http.Route, "BASE", "http://127.0.0.1:9/api/v10")
    code = cli.run_bot()
    err = capsys.readouterr().err
    assert (code, cli.NO_CONNECTION in err, "Traceback" in err) == (1, True, False)


def test_a_second_copy_on_the_same_database_refuses_to_start_in_one_sentence(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from storage.database import InstanceLock

    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DISCORD_TOKEN", TOKEN)
    monkeypatch.setenv("DATABASE_PATH", str(tmp_path / "leap.sqlite3"))
    monkeypatch.setattr(discord.http.Route, "BASE", "http://127.0.0.1:9/api/v10")
    running = InstanceLock.acquire(tmp_path / "leap.sqlite3")  # the copy already running
    try:
        code = cli.run_bot()
    finally:
        running.release()
    err = capsys.readouterr().err.strip()
    assert (code, "already running" in err, err.count("\n"), "Traceback" in err) == (
        2,
        True,
        0,
        False,
    )
