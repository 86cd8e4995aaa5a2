"""Settings: read from the environment and .env; bad values give one plain sentence."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from bot.settings import MISSING_TOKEN, SettingsError, load_settings

TOKEN = "MTAxMjM0NTY3ODkwMTIzNDU2.GaBcDe.abcdefghijklmnopqrstuvwxyz012345"
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for key in ("DISCORD_TOKEN", "DATABASE_PATH", "DISCORD_GUILD_ID", "LOG_LEVEL", "LEAP_ANON_KEY"):
        monkeypatch.delenv(key, raising=False)


def _env_file(tmp_path: Path, body: str) -> Path:
    path = tmp_path / ".env"
    path.write_text(body, encoding="utf-8")
    return path


def test_settings_come_from_the_env_file(tmp_path: Path) -> None:
    env = _env_file(
        tmp_path,
        f"DISCORD_TOKEN={TOKEN}\nDATABASE_PATH={tmp_path}/db/leap.sqlite3\nDISCORD_GUILD_ID=\n",
    )
    settings = load_settings(env)
    assert (settings.database_path, settings.discord_guild_id, settings.log_level) == (
        tmp_path / "db" / "leap.sqlite3",
        None,
        "INFO",
    )


def test_database_folder_is_created(tmp_path: Path) -> None:
    env = _env_file(tmp_path, f"DISCORD_TOKEN={TOKEN}\nDATABASE_PATH={tmp_path}/new/x.db\n")
    load_settings(env)
    assert (tmp_path / "new").is_dir()


def test_token_is_secret_in_repr(tmp_path: Path) -> None:
    env = _env_file(tmp_path, f"DISCORD_TOKEN={TOKEN}\nDATABASE_PATH={tmp_path}/x.db\n")
    assert TOKEN not in repr(load_settings(env))


def test_missing_token_says_how_to_fix(tmp_path: Path) -> None:
    with pytest.raises(SettingsError) as caught:
        load_settings(tmp_path / "absent.env")
    assert str(caught.value) == MISSING_TOKEN


def test_malformed_token_is_refused(tmp_path: Path) -> None:
    env = _env_file(tmp_path, "DISCORD_TOKEN=hello\n")
    with pytest.raises(SettingsError, match="does not look like a bot token"):
        load_settings(env)


def test_unknown_log_level_is_refused(tmp_path: Path) -> None:
    env = _env_file(tmp_path, f"DISCORD_TOKEN={TOKEN}\nLOG_LEVEL=LOUD\n")
    with pytest.raises(SettingsError, match="LOG_LEVEL must be one of"):
        load_settings(env)


def test_non_numeric_guild_id_is_refused(tmp_path: Path) -> None:
    env = _env_file(tmp_path, f"DISCORD_TOKEN={TOKEN}\nDISCORD_GUILD_ID=my server\n")
    with pytest.raises(SettingsError, match="DISCORD_GUILD_ID"):
        load_settings(env)


def test_unwritable_database_path_is_refused(tmp_path: Path) -> None:
    blocker = tmp_path / "blocker"
    blocker.write_text("a file, not a folder")
    env = _env_file(tmp_path, f"DISCORD_TOKEN={TOKEN}\nDATABASE_PATH={blocker}/leap.sqlite3\n")
    with pytest.raises(SettingsError, match="DATABASE_PATH"):
        load_settings(env)


def _run_bot(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in {"DISCORD_TOKEN", "LOG_LEVEL"}}
    env["PYTHONPATH"] = str(ROOT)
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_run_without_env_prints_one_sentence_and_exits_2(tmp_path: Path) -> None:
    result = _run_bot(tmp_path)
    assert (result.returncode, result.stderr.strip(), "Traceback" in result.stderr) == (
        2,
        MISSING_TOKEN,
        False,
    )


def test_check_reports_database_version(tmp_path: Path) -> None:
    _env_file(tmp_path, f"DISCORD_TOKEN={TOKEN}\nDATABASE_PATH=data/leap.sqlite3\n")
    result = _run_bot(tmp_path, "check")
    assert "schema version" in result.stdout


def test_backup_command_writes_a_copy(tmp_path: Path) -> None:
    _env_file(tmp_path, f"DISCORD_TOKEN={TOKEN}\nDATABASE_PATH=data/leap.sqlite3\n")
    _run_bot(tmp_path, "check")
    result = _run_bot(tmp_path, "backup", "copy.sqlite3")
    assert (result.returncode, (tmp_path / "copy.sqlite3").exists()) == (0, True)


def test_backup_to_a_folder_says_why_in_one_line(tmp_path: Path) -> None:
    _env_file(tmp_path, f"DISCORD_TOKEN={TOKEN}\nDATABASE_PATH=data/leap.sqlite3\n")
    _run_bot(tmp_path, "check")
    result = _run_bot(tmp_path, "backup", "data")
    assert (result.returncode, "Traceback" in result.stderr, result.stderr.count("\n")) == (
        2,
        False,
        1,
    )


def test_backup_of_a_file_that_is_not_a_database_says_why_in_one_line(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("not a database", encoding="utf-8")
    _env_file(tmp_path, f"DISCORD_TOKEN={TOKEN}\nDATABASE_PATH=notes.txt\n")
    result = _run_bot(tmp_path, "backup", "copy.sqlite3")
    assert (result.returncode, "Traceback" in result.stderr, result.stderr.count("\n")) == (
        2,
        False,
        1,
    )


def test_backup_onto_the_database_itself_is_refused(tmp_path: Path) -> None:
    _env_file(tmp_path, f"DISCORD_TOKEN={TOKEN}\nDATABASE_PATH=data/leap.sqlite3\n")
    _run_bot(tmp_path, "check")
    result = _run_bot(tmp_path, "backup", "data/leap.sqlite3")
    assert (result.returncode, "different file" in result.stderr) == (2, True)


def test_check_reports_the_anonymity_key_file_and_its_private_mode(tmp_path: Path) -> None:
    from bot.anon_secret import load_secret

    _env_file(tmp_path, f"DISCORD_TOKEN={TOKEN}\nDATABASE_PATH=data/leap.sqlite3\n")
    load_secret(None, tmp_path / "data" / "leap.sqlite3")
    result = _run_bot(tmp_path, "check")
    assert "leap.sqlite3.anon-key, file mode 0600 (OK)" in result.stdout
