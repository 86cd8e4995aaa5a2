"""Where the anonymity secret comes from: LEAP_ANON_KEY, or a key file beside the database.

The key file is created on first run with mode 0600, next to the database and never inside
it, so a copy of the database alone cannot link anonymous posts or votes to anyone. Losing
the key means members can no longer take back old anonymous contributions.
"""

from __future__ import annotations

import os
import secrets
import stat
from dataclasses import dataclass
from pathlib import Path

from bot.services.anonymity import SECRET_BYTES, AnonSecret

KEY_FILE_SUFFIX = ".anon-key"


class AnonSecretError(Exception):
    """The secret cannot be read or made; the message is one plain sentence for an admin."""


@dataclass(frozen=True, slots=True)
class KeyStatus:
    """What `python -m bot check` reports about the secret."""

    source: str  # "env", "file" or "missing"
    path: Path
    mode: int | None  # the key file's permission bits, when it exists


def key_file_path(database_path: Path) -> Path:
    """The key file that belongs to a database file: `leap.sqlite3.anon-key` beside it."""
    return database_path.with_name(database_path.name + KEY_FILE_SUFFIX)


def _from_text(text: str) -> AnonSecret:
    raw = text.strip()
    try:
        value = bytes.fromhex(raw)
    except ValueError:
        value = raw.encode("utf-8")
    try:
        return AnonSecret(value)
    except ValueError:
        raise AnonSecretError(
            "LEAP_ANON_KEY is too short: use at least 32 random characters, or leave it "
            "empty so the bot makes a key file beside the database."
        ) from None


def load_secret(env_value: str | None, database_path: Path) -> AnonSecret:
    """The secret from LEAP_ANON_KEY, else from the key file (created 0600 when missing)."""
    if env_value and env_value.strip():
        return _from_text(env_value)
    path = key_file_path(database_path)
    try:
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "w", encoding="ascii") as handle:
                handle.write(secrets.token_hex(SECRET_BYTES) + "\n")
        return _from_text(path.read_text(encoding="ascii"))
    except FileExistsError:  # another process made it a moment ago
        return _from_text(path.read_text(encoding="ascii"))
    except (OSError, UnicodeDecodeError):
        raise AnonSecretError(
            f"Cannot read or create the anonymity key file {path}: check that the bot may "
            "write beside the database, or set LEAP_ANON_KEY."
        ) from None


def key_status(env_value: str | None, database_path: Path) -> KeyStatus:
    """Where the secret would come from, without creating anything."""
    path = key_file_path(database_path)
    if env_value and env_value.strip():
        return KeyStatus("env", path, None)
    if path.exists():
        return KeyStatus("file", path, stat.S_IMODE(path.stat().st_mode))
    return KeyStatus("missing", path, None)
