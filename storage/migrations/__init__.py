"""Numbered SQL migrations, applied in order and recorded in PRAGMA user_version."""
