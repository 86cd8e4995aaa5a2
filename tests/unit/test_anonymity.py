"""The anonymity secret and keyed hash: private file, stable keys, nothing linkable."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.anon_secret import AnonSecretError, key_file_path, load_secret
from bot.services.anonymity import AnonSecret, anon_key, pseudonym_key, voter_key

SECRET = AnonSecret(b"k" * 32)


def test_key_file_is_made_beside_the_database_with_mode_0600(tmp_path: Path) -> None:
    database = tmp_path / "data" / "leap.sqlite3"
    load_secret(None, database)
    path = key_file_path(database)
    assert (path.parent, stat.S_IMODE(path.stat().st_mode)) == (database.parent, 0o600)


def test_the_same_key_file_gives_the_same_keys_after_a_restart(tmp_path: Path) -> None:
    database = tmp_path / "leap.sqlite3"
    first = load_secret(None, database)
    again = load_secret(None, database)
    assert anon_key(first, "author", 1, 2) == anon_key(again, "author", 1, 2)


def test_env_key_wins_and_no_file_is_made(tmp_path: Path) -> None:
    database = tmp_path / "leap.sqlite3"
    load_secret("ab" * 32, database)
    assert not key_file_path(database).exists()


def test_a_short_env_key_is_refused_in_plain_words(tmp_path: Path) -> None:
    with pytest.raises(AnonSecretError, match="too short"):
        load_secret("abc", tmp_path / "leap.sqlite3")


def test_the_secret_never_shows_in_its_repr() -> None:
    assert "k" * 8 not in repr(SECRET)


def test_a_different_secret_gives_different_keys() -> None:
    other = AnonSecret(b"o" * 32)
    assert voter_key(SECRET, 1, 2, 3) != voter_key(other, 1, 2, 3)


def test_purposes_do_not_share_keys() -> None:
    assert anon_key(SECRET, "vote", 1, 2, 3) != anon_key(SECRET, "unclear", 1, 2, 3)


@given(st.integers(1, 2**63), st.integers(1, 10**6), st.integers(1, 10**6), st.integers(1, 2**63))
def test_one_member_has_unlinkable_keys_in_two_sessions(
    guild: int, session_a: int, session_b: int, user: int
) -> None:
    keys = {pseudonym_key(SECRET, guild, s, user) for s in (session_a, session_b)}
    assert len(keys) == len({session_a, session_b})


def test_keys_hold_no_id_in_clear() -> None:
    key = pseudonym_key(SECRET, 111111, 22, 987654321012345678)
    assert "987654321012345678" not in key
