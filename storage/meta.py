"""Small key-value facts about the bot itself, such as the last synced command hash."""

from __future__ import annotations

from storage.database import Conn


async def get(conn: Conn, key: str) -> str | None:
    """Return the stored value for a key, or None."""
    value = await conn.fetchval("SELECT value FROM bot_meta WHERE key = ?", (key,))
    return None if value is None else str(value)


async def put(conn: Conn, key: str, value: str) -> None:
    """Store a value for a key, replacing any earlier one."""
    await conn.execute(
        "INSERT INTO bot_meta (key, value) VALUES (?, ?) "
        "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        (key, value),
    )


async def row_counts(conn: Conn) -> dict[str, int]:
    """How many rows the foundation tables hold (for `python -m bot check`)."""
    return {
        "guild_settings": int(await conn.fetchval("SELECT count(*) FROM guild_settings")),
        "timers": int(await conn.fetchval("SELECT count(*) FROM timers")),
        "audit_log": int(await conn.fetchval("SELECT count(*) FROM audit_log")),
    }
