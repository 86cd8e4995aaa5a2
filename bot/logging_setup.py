"""Logging to stderr, one line per event, never the token, never discord.py payloads."""

from __future__ import annotations

import logging
import sys


class RedactFilter(logging.Filter):
    """Replace any secret that slips into a log line."""

    def __init__(self, secrets: list[str]) -> None:
        super().__init__()
        self._secrets = [s for s in secrets if s]

    def filter(self, record: logging.LogRecord) -> bool:
        """Redact secrets from the formatted message."""
        message = record.getMessage()
        if any(secret in message for secret in self._secrets):
            for secret in self._secrets:
                message = message.replace(secret, "[redacted]")
            record.msg = message
            record.args = None
        return True


class DropVoiceNotice(logging.Filter):
    """Drop discord.py's start-up warning about voice support: the bot never joins voice."""

    def filter(self, record: logging.LogRecord) -> bool:
        """Keep every record but that one."""
        return "voice will NOT be supported" not in record.getMessage()


class OneLineFormatter(logging.Formatter):
    """Keep each event on one line: tracebacks are folded with ' | '; secrets are redacted
    from the whole line, traceback included."""

    def __init__(self, fmt: str, datefmt: str, *, secrets: list[str] | None = None) -> None:
        super().__init__(fmt, datefmt)
        self._secrets = [s for s in secrets or [] if s]

    def format(self, record: logging.LogRecord) -> str:
        """Format, fold newlines, redact."""
        line = super().format(record).replace("\n", " | ")
        for secret in self._secrets:
            line = line.replace(secret, "[redacted]")
        return line


def setup_logging(level: str, *, secrets: list[str]) -> None:
    """Send logs to stderr at `level`; discord.py's own loggers never go below INFO.

    discord.py's debug lines carry whole gateway and HTTP payloads, with user ids beside
    message text, which would break the anonymity promise.
    """
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(
        OneLineFormatter(
            "%(asctime)s %(levelname)s %(name)s: %(message)s",
            "%Y-%m-%dT%H:%M:%S%z",
            secrets=secrets,
        )
    )
    handler.addFilter(RedactFilter(secrets))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    discord_level = max(logging.INFO, logging.getLevelName(level))
    for name in ("discord", "discord.http", "discord.gateway", "discord.client", "discord.state"):
        logging.getLogger(name).setLevel(discord_level)
    logging.getLogger("discord.client").addFilter(DropVoiceNotice())
    logging.getLogger("apscheduler").setLevel(max(logging.WARNING, logging.getLevelName(level)))
    logging.getLogger("aiosqlite").setLevel(logging.WARNING)
