"""Typed settings from the environment and `.env`, validated once in `main()`."""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

# Three dot-separated parts of URL-safe base64: the shape of every Discord bot token.
_TOKEN_SHAPE = re.compile(r"^[A-Za-z0-9_-]{16,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{16,}$")


class Settings(BaseSettings):
    """Everything the bot reads from its environment."""

    model_config = SettingsConfigDict(
        env_file=".env",
        env_file_encoding="utf-8",
        extra="ignore",
        case_sensitive=False,
    )

    discord_token: SecretStr = Field(
        description="The bot's token from the Discord developer portal (Bot page)."
    )
    database_path: Path = Field(
        default=Path("data/leap.sqlite3"),
        description="Where the SQLite database file lives; its folder is created if missing.",
    )
    discord_guild_id: int | None = Field(
        default=None,
        description="Optional server id: commands are also synced there so they appear at once.",
    )
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = Field(
        default="INFO", description="How much the bot writes to its log (stderr)."
    )
    leap_anon_key: SecretStr | None = Field(
        default=None,
        description="Optional secret for anonymous posts and votes (64 hex characters). "
        "Empty: the bot makes a key file beside the database on first run.",
    )

    def anon_key_text(self) -> str | None:
        """The LEAP_ANON_KEY value, if one was given."""
        return self.leap_anon_key.get_secret_value() if self.leap_anon_key else None

    @field_validator("discord_token")
    @classmethod
    def _token_shape(cls, value: SecretStr) -> SecretStr:
        token = value.get_secret_value().strip()
        if not _TOKEN_SHAPE.match(token):
            raise ValueError("malformed token")
        return SecretStr(token)

    @field_validator("discord_guild_id", mode="before")
    @classmethod
    def _blank_guild_is_none(cls, value: object) -> object:
        if isinstance(value, str) and not value.strip():
            return None
        return value

    @field_validator("log_level", mode="before")
    @classmethod
    def _upper_level(cls, value: object) -> object:
        return value.strip().upper() if isinstance(value, str) else value


class SettingsError(Exception):
    """Settings cannot be used; the message is one plain sentence saying what to fix."""


_FIELD_ADVICE = {
    "discord_token": (
        "DISCORD_TOKEN does not look like a bot token: copy it again from the Bot page "
        "of the Discord developer portal into your .env file."
    ),
    "database_path": "DATABASE_PATH is not a usable file path: set it to something like "
    "data/leap.sqlite3 in your .env file.",
    "discord_guild_id": "DISCORD_GUILD_ID must be a server id made of digits "
    "(right-click the server with Developer Mode on, then Copy Server ID), or left empty.",
    "log_level": "LOG_LEVEL must be one of DEBUG, INFO, WARNING or ERROR.",
}

MISSING_TOKEN = (
    "No DISCORD_TOKEN found: copy .env.example to .env and paste your bot's token after "
    "DISCORD_TOKEN= (the README's step 3 shows where to find it)."
)


def load_settings(env_file: Path | None = Path(".env")) -> Settings:
    """Build and check the settings, or raise SettingsError with one plain sentence."""
    try:
        settings = Settings(_env_file=env_file)  # type: ignore[call-arg]
    except ValidationError as exc:
        first = exc.errors()[0]
        field = str(first["loc"][0]) if first["loc"] else ""
        if field == "discord_token" and first["type"] == "missing":
            raise SettingsError(MISSING_TOKEN) from None
        raise SettingsError(
            _FIELD_ADVICE.get(field, f"The setting {field} is not valid.")
        ) from None
    check_database_path(settings.database_path)
    return settings


def check_database_path(path: Path) -> None:
    """Make sure the database folder exists and can be written, or raise SettingsError."""
    folder = path.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        raise SettingsError(
            f"Cannot create the folder {folder} for the database: set DATABASE_PATH to a "
            "place you can write to."
        ) from None
    writable = os.access(path, os.W_OK) if path.exists() else os.access(folder, os.W_OK)
    if path.is_dir() or not writable:
        raise SettingsError(
            f"Cannot write the database file {path}: set DATABASE_PATH to a place you can write to."
        )
