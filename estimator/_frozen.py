"""Read-only mappings for the package's frozen objects.

A frozen dataclass refuses new values for its fields, but a dict field can still be
changed in place, and then an assumption set's digest, or a result's run record, would
describe what the object no longer holds. :func:`freeze_fields` turns every dict field
(and every dict in a tuple field) into a :class:`FrozenDict`.

>>> d = FrozenDict({"a": 1})
>>> d["a"], d == {"a": 1}
(1, True)
>>> d["b"] = 2
Traceback (most recent call last):
TypeError: FrozenDict is read-only: make a new object (a copy of it, d.copy(), is a plain dict)
"""

from __future__ import annotations

import copy
import dataclasses
from collections.abc import Iterable
from typing import Any, NoReturn, TypeVar

__all__ = ["FrozenDict", "freeze_fields"]

K = TypeVar("K")
V = TypeVar("V")


class FrozenDict(dict[K, V]):
    """A dict that refuses every change; equal to, and read like, the dict it was made of.
    ``copy()`` gives a plain, changeable dict; pickling, deep copies and
    ``dataclasses.asdict`` keep it frozen; it hashes when its keys and values do."""

    __slots__ = ()

    def _refuse(self, *args: object, **kwargs: object) -> NoReturn:
        raise TypeError(f"{type(self).__name__} is read-only: make a new object "
                        "(a copy of it, d.copy(), is a plain dict)")

    __setitem__ = __delitem__ = __ior__ = _refuse
    clear = pop = popitem = setdefault = update = _refuse

    @classmethod
    def fromkeys(cls, keys: Iterable[K], value: V | None = None) -> FrozenDict[K, V | None]:  # type: ignore[override]
        return cls(dict.fromkeys(keys, value))

    def __reduce__(self) -> tuple[type, tuple[dict[K, V]]]:
        return (type(self), (dict(self),))

    def __copy__(self) -> FrozenDict[K, V]:
        return self

    def __deepcopy__(self, memo: dict[int, Any]) -> FrozenDict[K, V]:
        return type(self)(copy.deepcopy(dict(self), memo))

    def __hash__(self) -> int:  # type: ignore[override]
        return hash(frozenset(self.items()))


T = TypeVar("T")


def _frozen(value: T) -> T:
    if type(value) is dict:
        return FrozenDict(value)  # type: ignore[return-value]
    if type(value) is tuple and any(type(v) is dict for v in value):
        return tuple(_frozen(v) for v in value)  # type: ignore[return-value]
    return value


def freeze_fields(obj: object) -> None:
    """Make every dict field of the frozen dataclass ``obj`` (and every dict in a tuple
    field) a :class:`FrozenDict`; call it from ``__post_init__``."""
    for f in dataclasses.fields(obj):  # type: ignore[arg-type]
        value = getattr(obj, f.name)
        frozen = _frozen(value)
        if frozen is not value:
            object.__setattr__(obj, f.name, frozen)
