"""String enums whose members carry the words people see, written beside the stored value.

``KIND = "stored-value", "What the person reads"``: the value is what files and the database keep,
the label is what the app and the command line show. Keeping the two on one line means a new
member can't be added without its label.
"""

from __future__ import annotations

import enum
from typing import Self


class LabelledEnum(enum.StrEnum):
    """A ``StrEnum`` whose members are declared as ``(value, label)``."""

    _value_: str
    _label: str

    def __new__(cls, value: str, label: str | None = None) -> Self:
        # Runs once per member while the class is built. ``Kind("value")`` afterwards is a lookup
        # by value that never reaches here, which is why the signature lets ``label`` be left out.
        if label is None:
            raise TypeError(f"{cls.__name__} member {value!r} has no label")
        member = str.__new__(cls, value)
        member._value_ = value
        member._label = label
        return member

    @property
    def label(self) -> str:
        return self._label
