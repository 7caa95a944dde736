"""How the library reads the arguments research code passes: numpy's whole numbers as
whole numbers, and a lone name as one name (not its letters)."""

from __future__ import annotations

import math
import numbers
import os
from collections.abc import Iterable
from pathlib import Path

import numpy as np

from estimator.errors import InputError, Said

__all__ = ["file_path", "finite", "first_repeat", "flag", "int_hint", "names", "number",
           "plain_id", "some_names", "whole"]


def number(value: object) -> bool:
    """A real number (Python's or numpy's), not a bool, nor a numpy duration or date
    (``numpy.timedelta64`` passes for a whole number in Python's number classes).

    >>> import numpy as np
    >>> number(3), number(np.float32(0.5)), number(True), number(np.timedelta64(3, "D"))
    (True, True, False, False)
    """
    return isinstance(value, numbers.Real) and not isinstance(
        value, bool | np.timedelta64 | np.datetime64)


def whole(value: object) -> bool:
    """A whole number (Python's or numpy's), not a bool.

    >>> import numpy as np
    >>> whole(3), whole(np.int64(3)), whole(True), whole(3.0)
    (True, True, False, False)
    """
    return number(value) and isinstance(value, numbers.Integral)


def int_hint(value: object) -> str:
    """A hint for a whole number given as a float (``2000.0``), which the checks that want
    an int refuse; else ''.

    >>> int_hint(2000.0), int_hint(2.5)
    ('an int: 2000, not 2000.0', '')
    """
    if isinstance(value, float) and value.is_integer():
        return f"an int: {int(value)}, not {value!r}"
    return ""


def finite(value: object) -> bool:
    """A finite real number (Python's or numpy's), not a bool; an int past any float
    (``10**400``) is not one.

    >>> finite(0.5), finite(float("nan")), finite(True), finite("1"), finite(10**400)
    (True, False, False, False, False)
    """
    if not number(value):
        return False
    try:
        return math.isfinite(value)  # type: ignore[arg-type]
    except OverflowError:
        return False


def names(value: str | Iterable[str] | None, place: str = "names") -> list[str]:
    """Names as a list: a lone string is one name, not its letters; None is none; anything
    else (a number, a list of numbers) is an InputError naming ``place``.

    >>> names("152mm_he"), names(["a", "b"]), names(None)
    (['152mm_he'], ['a', 'b'], [])
    """
    if isinstance(value, str):
        return [value]
    if value is None:
        return []
    try:
        out: list[object] = list(value)
    except TypeError:
        out = [value]
    if not all(isinstance(x, str) for x in out):
        raise InputError(place, "a name or a list of names (strings)", value)
    return [str(x) for x in out]


def some_names(value: str | Iterable[str] | None, place: str, expected: str) -> list[str] | None:
    """Names that choose among many: None (all, or the default) stays None; an empty list
    is an error naming ``place``, as it could mean all or none (a filter built in code
    that came out empty should not quietly become everything).

    >>> some_names("a", "claims", "ids"), some_names(None, "claims", "ids")
    (['a'], None)
    """
    if value is None:
        return None
    out = names(value, place)
    if not out:
        raise InputError(place, expected, Said("an empty list"))
    return out


def file_path(value: object, place: str = "path") -> Path:
    """A file's path given as a string or a path (``os.PathLike``), else an InputError.

    >>> file_path("mine.toml").name
    'mine.toml'
    """
    if isinstance(value, (str, os.PathLike)) and str(value):
        return Path(value)
    raise InputError(place, "a file path (a str or a pathlib.Path)",
                     value if isinstance(value, str) else type(value).__name__)


def flag(value: object, place: str) -> bool:
    """A yes-or-no argument: True or False (numpy's too), never a string such as 'no'
    that Python would take as true.

    >>> flag(True, "related"), flag(False, "related")
    (True, False)
    """
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    raise InputError(place, "True or False", value)


_ID_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789_")


def plain_id(text: str) -> bool:
    """An id of lower-case letters, digits and ``_`` (a claim's, a calibre's), which
    every output, CSV column and option shows as it stands.

    >>> plain_id("152mm_he"), plain_id("My gun"), plain_id("")
    (True, False, False)
    """
    return bool(text) and set(text) <= _ID_CHARS


def first_repeat(items: Iterable[object]) -> object | None:
    """The first item given a second time, or None (where a repeat would silently let
    the last win).

    >>> first_repeat(["a", "b", "a"]), first_repeat(["a", "b"])
    ('a', None)
    """
    seen: set[object] = set()
    for item in items:
        if item in seen:
            return item
        seen.add(item)
    return None
