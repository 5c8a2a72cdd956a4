"""The (value, label) string enums: looked up by value, shown by label."""

from __future__ import annotations

import pickle

import pytest

from journal_app.domain import BlockSetting, EntryKind
from journal_app.domain.labelled import LabelledEnum


def test_member_is_its_stored_value_and_carries_its_label() -> None:
    assert EntryKind("check-in") is EntryKind.CHECK_IN
    assert EntryKind.CHECK_IN == "check-in"
    assert str(EntryKind.CHECK_IN) == "check-in"
    assert EntryKind.CHECK_IN.value == "check-in"
    assert EntryKind.CHECK_IN.label == "Check-in"
    assert BlockSetting.OTHER.label == "Somewhere else"


def test_member_survives_pickling() -> None:
    assert pickle.loads(pickle.dumps(BlockSetting.AT_WORK)) is BlockSetting.AT_WORK


def test_unknown_value_is_refused() -> None:
    with pytest.raises(ValueError):
        EntryKind("diary")


def test_member_without_a_label_is_refused() -> None:
    with pytest.raises(TypeError, match="has no label"):

        class Colour(LabelledEnum):
            RED = "red"
