"""How the library reads the arguments research code passes: numpy's whole numbers as
whole numbers, and a lone name as one name (not its letters)."""

from __future__ import annotations

import calendar
import math
import numbers
import os
import re
from collections.abc import Iterable
from pathlib import Path

import numpy as np

from estimator.errors import InputError, Said

__all__ = ["date_problem", "file_path", "finite", "first_repeat", "flag", "int_hint", "names", "number",
           "off_calendar", "plain_id", "some_names", "whole"]


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
    """A hint for a whole number given as a float (``2000.0``) or as text (``'2000'``),
    or for a value of another type than a number, which the checks that want an int
    refuse (a message about the range alone reads as false: '100' is 2 or more); else ''.

    >>> int_hint(2000.0), int_hint(2.5)
    ('an int: 2000, not 2000.0', '')
    >>> int_hint("100"), int_hint("ten"), int_hint(None), int_hint(True)
    ("an int: 100, not the str '100'", 'an int, not a str', 'an int, not None', 'an int, not a bool')
    """
    if isinstance(value, float) and value.is_integer():
        return f"an int: {int(value)}, not {value!r}"
    if isinstance(value, str):
        text = value.strip()
        if text.isascii() and text.removeprefix("-").isdigit() and len(text) < 30:
            return f"an int: {int(text)}, not the str {value!r}"
        return "an int, not a str"
    if value is None:
        return "an int, not None"
    if isinstance(value, bool) or not isinstance(value, numbers.Number):
        return f"an int, not a {type(value).__name__}"
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


def full_paths(files: tuple[str, ...] | list[str]) -> list[str]:
    """Files read, as the records give them: each path whole (a relative one from the
    folder of the run), what is not a path (``<python>``) as it is.

    >>> full_paths(["<python>", "/tmp/a.toml"])
    ['<python>', '/tmp/a.toml']
    """
    return [f if f.startswith("<") else os.path.abspath(f) for f in files]


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


# en and em dashes and the minus sign, as articles print ranges, dates and signs: hyphens
MINUS_SIGNS = ("-", "\u2013", "\u2014", "\u2212")
DASHES = str.maketrans(dict.fromkeys(MINUS_SIGNS[1:], "-"))

_YMD = re.compile(r"(\d{4})-(\d{2})(?:-(\d{2}))?")
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December")


def off_calendar(text: object) -> str | None:
    """Why a date written ``YYYY-MM-DD`` (or ``YYYY-MM``) is not on the calendar, for the
    one line that refuses it; None where it is, or where it is not written so.

    >>> off_calendar("2024-02-30"), off_calendar("2023-13"), off_calendar("2024-02-29")
    ('February 2024 has 29 days', 'a month is 01 to 12', None)
    >>> off_calendar("2024-02-00")
    'a day of February 2024 is 01 to 29'
    """
    m = _YMD.fullmatch(text.strip().translate(DASHES)) if isinstance(text, str) else None
    if m is None:
        return None
    year, month = int(m.group(1)), int(m.group(2))
    if year < 1:
        return "a year is 0001 or later"
    if not 1 <= month <= 12:
        return "a month is 01 to 12"
    days = calendar.monthrange(year, month)[1]
    day = None if m.group(3) is None else int(m.group(3))
    if day == 0:  # no month has too few days for it: the days' first is said
        return f"a day of {_MONTHS[month - 1]} {year} is 01 to {days}"
    if day is not None and day > days:
        return f"{_MONTHS[month - 1]} {year} has {days} days"
    return None


def date_problem(place: str, expected: str, text: object,
                 kind: type[InputError] = InputError) -> InputError:
    """The error for a date that cannot be read: where it is written as a date but is
    not on the calendar (2024-02-30), that, with why; else ``expected``."""
    why = off_calendar(text)
    if why is None:
        return kind(place, expected, text)
    return kind(place, "a date on the calendar", text, hint=why)
