"""Persistent buttons carry a small typed key in their custom id, read back by one parser."""

from __future__ import annotations

import importlib
from typing import Any, NamedTuple, cast

import discord
import pytest

from bot.app import cog_modules
from bot.ui.base import PersistentButton
from bot.ui.button_ids import ButtonId, ButtonIdError, IdKey


class VoteKey(NamedTuple):
    poll: int
    option: str


VOTE = ButtonId("leap:poll:{poll}:vote:{option}", VoteKey)


class VoteButton(PersistentButton[VoteKey]):
    key_type = VoteKey
    custom_id_format = "leap:poll:{poll}:vote:{option}"
    label = "Vote {option}"


def test_a_key_survives_the_round_trip() -> None:
    key = VoteKey(poll=12, option="agree")
    assert VOTE.parse(VOTE.build(key)) == key


def test_the_custom_id_reads_as_its_shape() -> None:
    assert VOTE.build(VoteKey(7, "block")) == "leap:poll:7:vote:block"


def test_parsed_ids_have_their_declared_types() -> None:
    key = VOTE.parse("leap:poll:31:vote:2")
    assert [type(v) for v in key or ()] == [int, str]


@pytest.mark.parametrize(
    "custom_id",
    [
        "leap:poll:12:vote:agree:extra",
        "leap:poll:x:vote:agree",
        "leap:poll:012:vote:agree",
        "leap:poll:12:vote:",
        "leap:hours:approve:12",
        "leap:poll:12:vote:" + "a" * 33,
    ],
)
def test_other_custom_ids_are_not_read_as_this_shape(custom_id: str) -> None:
    assert VOTE.parse(custom_id) is None


@pytest.mark.parametrize(
    "key",
    [
        VoteKey(-1, "agree"),
        VoteKey(1, "a:b"),
        VoteKey(1, ""),
        VoteKey(1, "x" * 33),
        VoteKey(cast(Any, True), "agree"),
        VoteKey(cast(Any, "1"), "agree"),
    ],
)
def test_values_the_parser_could_not_read_back_are_refused(key: VoteKey) -> None:
    with pytest.raises(ButtonIdError):
        VOTE.build(key)


def test_the_largest_key_fits_discords_100_characters() -> None:
    big = VOTE.build(VoteKey(10**20 - 1, "z" * 32))
    assert len(big) <= 100


class Wide(NamedTuple):
    a: str
    b: str
    c: str
    d: str


def test_a_shape_that_could_pass_100_characters_is_refused_when_defined() -> None:
    with pytest.raises(ButtonIdError):
        ButtonId("leap:{a}:{b}:{c}:{d}", Wide)


def test_a_shape_must_use_every_key_field() -> None:
    with pytest.raises(ButtonIdError):
        ButtonId("leap:poll:{poll}", VoteKey)


def test_an_old_one_id_button_still_reads_its_custom_id() -> None:
    from bot.ui.session_views import HereButton

    assert HereButton.button_id.parse("leap:session:5:here") == IdKey(5)


def test_a_button_is_rebuilt_from_the_custom_id_discord_sends_back() -> None:
    button = VoteButton(VoteKey(3, "agree"))
    match = button.template.match(button.custom_id)
    assert match is not None
    rebuilt = VoteButton.button_id.parse_match(match)
    assert (rebuilt, button.item.label) == (VoteKey(3, "agree"), "Vote agree")


def test_a_button_class_cannot_give_its_own_template() -> None:
    with pytest.raises(TypeError):

        class Odd(PersistentButton[IdKey], template=r"x"):  # type: ignore[call-arg]
            key_type = IdKey
            custom_id_format = "leap:odd:{id}"
            label = "Odd"


def _all_buttons() -> list[type[PersistentButton[Any]]]:
    for name in cog_modules():
        importlib.import_module(name)
    found: list[type[PersistentButton[Any]]] = []
    todo: list[type[Any]] = [PersistentButton]
    while todo:
        cls = todo.pop()
        todo.extend(cls.__subclasses__())
        if "custom_id_format" in cls.__dict__ and cls.__module__ != __name__:
            found.append(cls)
    return found


def test_no_two_buttons_share_a_custom_id_shape() -> None:
    # Keyed by name: a cog reloaded by an earlier test leaves its old classes behind.
    by_name = {f"{c.__module__}.{c.__qualname__}": c.custom_id_format for c in _all_buttons()}
    shapes = list(by_name.values())
    assert len(shapes) == len(set(shapes)) > 1


def test_every_button_is_persistent() -> None:
    assert all(
        issubclass(cls, discord.ui.DynamicItem) and cls.button_id.template.endswith(r"\Z")
        for cls in _all_buttons()
    )
