"""The one error hierarchy of the package.

Every error subclasses both a builtin (so ``except ValueError`` keeps working) and
:class:`EstimatorError`, carries its fields, and builds its one-line message from them:
the place (a file and key, or an option), what was expected and what came.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterable, Mapping
from pathlib import PurePath
from typing import TypeVar

T = TypeVar("T")

__all__ = [
    "AssumptionError",
    "AssumptionProblems",
    "CountError",
    "DimensionError",
    "EstimatorError",
    "InputError",
    "NotFound",
    "did_you_mean",
    "nearest",
    "not_one_of",
    "one_line",
    "one_of",
    "path_end",
    "spelled",
]


class Said(str):
    """What came, in words rather than a value (a key that is missing, or one not
    known): the message leads with it, unquoted: ``place: missing; expected ...``."""

    __slots__ = ()


class Words(str):
    """What came, described in words that carry their own quotes (``'a', counted to
    2024-02-26``): shown as written, in the usual ``(got ...)``."""

    __slots__ = ()


MISSING = Said("missing")
UNKNOWN_KEY = Said("an unknown key")


class EstimatorError(Exception):
    """Base class of every error the package raises on purpose."""


class InputError(EstimatorError, ValueError):
    """A value that does not fit: ``place: expected ... (got ...)``."""

    def __init__(self, place: str, expected: str, got: object = None, *, hint: str = "") -> None:
        self.place = place
        self.expected = expected
        self.got = got
        self.hint = hint
        super().__init__(self.message)

    @property
    def message(self) -> str:
        hint = f"; {self.hint}" if self.hint else ""
        place = _place(str(self.place))
        if isinstance(self.got, Said):
            return f"{place}: {self.got}; expected {self.expected}{hint}"
        got = "" if self.got is None else f" (got {_show(self.got)})"
        return f"{place}: expected {self.expected}{got}{hint}"


class AssumptionError(InputError):
    """A problem in an assumption file; ``place`` is ``file: key``."""


class AssumptionProblems(InputError):
    """Every problem found in one or more files (``problems``); an InputError whose place,
    expectation and value are the first problem's, and whose message is the first with a
    count of the rest."""

    def __init__(self, problems: list[InputError]) -> None:
        self.problems = problems
        first = problems[0]
        super().__init__(first.place, first.expected, first.got, hint=first.hint)

    @property
    def message(self) -> str:
        more = len(self.problems) - 1
        tail = f" (and {more} more problem{'s' if more > 1 else ''})" if more > 0 else ""
        return f"{self.problems[0]}{tail}"


def attempt(problems: list[InputError], build: Callable[[], T]) -> T | None:
    """``build()``, or None with its problems added to ``problems`` (all of an
    :class:`AssumptionProblems`)."""
    try:
        return build()
    except AssumptionProblems as exc:
        problems.extend(exc.problems)
    except InputError as exc:
        problems.append(exc)
    return None


def raise_all(problems: list[InputError]) -> None:
    """Raise the one problem, or :class:`AssumptionProblems` of several; nothing if none."""
    if len(problems) == 1:
        raise problems[0]
    if problems:
        raise AssumptionProblems(problems)


class CountError(InputError):
    """A count written on the command line (or passed in) that cannot be read."""


class DimensionError(InputError, TypeError):
    """A quantity of the wrong dimension passed to a model; names the parameter."""


class NotFound(InputError, KeyError):
    """A name looked up in a result that does not hold it (still a ``KeyError``): the
    message lists what it holds, and the nearest name (:func:`nearest`).

    >>> str(NotFound("claim_id", ["a", "b"], "c"))
    "claim_id: expected one of a, b (got 'c')"
    >>> str(NotFound("key", ["duds.dud_rate", "scope.share"], "duds.dudrate"))
    "key: expected one of duds.dud_rate, scope.share (got 'duds.dudrate'); did you mean 'duds.dud_rate'?"
    """

    def __init__(self, place: str, choices: list[str], got: object) -> None:
        shown = ", ".join(choices[:20]) + (f" and {len(choices) - 20} more"
                                           if len(choices) > 20 else "")
        super().__init__(place, f"one of {shown}" if choices else "a name (there are none)",
                         got, hint=did_you_mean(got, choices))

    def __str__(self) -> str:  # KeyError would quote the message
        return self.message

    @classmethod
    def lookup(cls, held: Mapping[str, T], key: str, place: str) -> T:
        """``held[key]``, the key taken in any case as arguments are (:func:`spelled`:
        ``"SHIN_6700_CONTAINERS"`` finds ``shin_6700_containers``), or a NotFound naming
        ``place``, listing what ``held`` holds and the nearest.

        >>> held = {"a": 1, "duds.dud_rate": 2}
        >>> NotFound.lookup(held, "a", "name"), NotFound.lookup(held, "DUDS.Dud_Rate", "key")
        (1, 2)
        """
        found = held_key(held, key)
        if found is None:
            raise cls(place, sorted(held), key)
        return held[found]


_CONTROL = re.compile(r"[\x00-\x08\x0a-\x1f\x7f]")


def one_line(text: str) -> str:
    """``text`` with its newlines and other control characters written as escapes
    (``\\n``), so that an error from a file name or key that holds one stays one line.

    >>> one_line("bad\\nname.toml: expected a file")
    'bad\\\\nname.toml: expected a file'
    """
    return _CONTROL.sub(lambda m: repr(m.group())[1:-1], text)


_PLACE_MOST = 200  # a place longer than this (a key of a megabyte) is shown cut


def _place(place: str) -> str:
    return place if len(place) <= _PLACE_MOST else place[:120] + " ... " + place[-60:]


def path_end(text: str, room: int) -> str:
    """A path in at most ``room`` characters: its end, the file's name, kept.

    >>> path_end("/a/long/folder/mine.toml", 15)
    '...er/mine.toml'
    """
    return text if len(text) <= room else "..." + text[-(room - 3):]


def _show(value: object) -> str:
    """``value`` for a message, cut to 60 characters: a path (a ``PurePath``) keeps its
    end, the file's name; anything else its start."""
    if isinstance(value, PurePath):
        text = str(value)
        return repr(text if len(text) <= 58 else path_end(text, 55))
    text = repr(value) if isinstance(value, str) and not isinstance(value, Words) else str(value)
    return text if len(text) <= 60 else text[:57] + "..."


_PART_LEAST = 3  # a prefix or a part of a name this short names too many to suggest one


def nearest(word: object, options: Iterable[str], cutoff: float = 0.6) -> str | None:
    """The option ``word`` most likely meant, for a "did you mean" in an error: the one
    it begins (``zelensky`` for ``zelensky_3_5m_rounds_2024``), else the one it is a part
    of (``3_5m``), else a misspelling or another case of one (``rounds152``,
    ``DUDS.DUD_RATE``); in any case, and a beginning or part of three characters or more
    that no other option shares; None where none is close, or ``word`` is no text.

    >>> nearest("zelensky", ["zelensky_3_5m_rounds_2024", "hur_1_5m_rounds"])
    'zelensky_3_5m_rounds_2024'
    >>> nearest("rounds152", ["rounds", "rounds_152"]), nearest("3_5m", ["hur_1_5m", "zel_3_5m_x"])
    ('rounds_152', 'zel_3_5m_x')
    """
    if not isinstance(word, str):
        return None
    folded = {o.casefold(): o for o in sorted(options)}
    typed = word.casefold()
    if len(typed) >= _PART_LEAST:
        for holds in (str.startswith, str.__contains__):
            found = [o for o in folded if holds(o, typed)]
            if len(found) == 1:
                return folded[found[0]]
    close = difflib.get_close_matches(typed, list(folded), n=1, cutoff=cutoff)
    return folded[close[0]] if close else None


def did_you_mean(word: object, options: Iterable[str]) -> str:
    """The hint naming the option nearest ``word`` (:func:`nearest`), or ``""`` where none is.

    >>> did_you_mean("angarra", ["lady_r", "angara"]), did_you_mean("x", ["lady_r"])
    ("did you mean 'angara'?", '')
    """
    close = nearest(word, options)
    return f"did you mean '{close}'?" if close else ""


def spelled(value: object, options: Iterable[str]) -> str | None:
    """The option ``value`` names, in any case (``"MC"`` names ``mc``, ``"Angara"``
    ``angara``), as the options spell it; None where it names none, or two that differ in
    case alone.

    >>> spelled("MC", ["mc", "lhs"]), spelled("Complete", ["projectile", "complete"])
    ('mc', 'complete')
    """
    if not isinstance(value, str):
        return None
    options = list(dict.fromkeys(options))  # a name given twice is one name
    if value in options:
        return value
    same = [o for o in options if o.casefold() == value.casefold()]
    return same[0] if len(same) == 1 else None


def held_key(held: Mapping[str, object], key: object) -> str | None:
    """The key of ``held`` that ``key`` names: itself, else the one it spells in any
    case (:func:`spelled`); None where it names none. The one resolution of a name in a
    mapping that takes names in any case: its ``[]``, ``get`` and ``in`` agree by it.

    >>> held_key({"duds.dud_rate": 1}, "DUDS.Dud_Rate"), held_key({"a": 1}, "b")
    ('duds.dud_rate', None)
    """
    if not isinstance(key, str):  # no name (a list, None): held names things
        return None
    return key if key in held else spelled(key, held)


def one_of(value: object, options: Iterable[str], place: str, *, expected: str = "",
           error: type[InputError] = InputError, several: bool = False) -> str:
    """The one rule for a choice: ``value`` as ``options`` spell it, taken in any case
    (:func:`spelled`); else one error naming ``place``, listing the options (or saying
    ``expected``) and the nearest of them. ``several`` where ``place`` takes several
    values (each given apart), one of which ``value`` is.

    >>> one_of("Angara", ["lady_r", "angara"], "ship")
    'angara'
    >>> one_of("angarra", ["lady_r", "angara"], "ship")
    Traceback (most recent call last):
    ...
    estimator.errors.InputError: ship: expected one of lady_r, angara (got 'angarra'); did you mean 'angara'?
    """
    options = list(options)
    chosen = spelled(value, options)
    if chosen is None:
        raise not_one_of(value, options, place, expected=expected, error=error,
                         several=several)
    return chosen


def not_one_of(value: object, options: Iterable[str], place: str, *, expected: str = "",
               error: type[InputError] = InputError, several: bool = False) -> InputError:
    """The error :func:`one_of` raises for ``value``: the options (or ``expected``), and
    the nearest of them. For several run together with commas, how to give each where
    ``place`` takes several (``several``), else that it takes one of them.

    >>> print(not_one_of("angara,maria", ["angara", "maria"], "ship"))
    ship: expected one of angara, maria (got 'angara,maria'); it takes one value: angara or maria
    """
    options = list(options)
    together = run_together(value, options, place)
    if together is not None and not several:
        hint = "it takes one value: " + " or ".join(together.parts)
    else:
        hint = together or did_you_mean(value, options)
    return error(place, expected or "one of " + ", ".join(options), value, hint=hint)


class Repeat(str):
    """The hint for several names given as one, run together with commas
    (``152mm_he,122mm_he``), each a name there is: give each on its own, as the option
    repeated on the command line (``place`` an option) or as a list in Python. Kept
    with its parts, so that the command line can say it for the option it names
    (:meth:`at`)."""

    parts: tuple[str, ...]

    def __new__(cls, place: str, parts: Iterable[str]) -> Repeat:
        parts = tuple(parts)
        if place.startswith("-"):
            text = f"one per {place}: repeat the option (" + " ".join(
                f"{place} {p}" for p in parts) + ")"
        elif place.isupper():  # a command's arguments (ID...)
            text = f"one per {place}: give them apart, with spaces ({' '.join(parts)})"
        else:
            text = f"one name an item: a list ({list(parts)!r})"
        self = super().__new__(cls, text)
        self.parts = parts
        return self

    def at(self, place: str) -> Repeat:
        """The same hint for the option ``place``."""
        return Repeat(place, self.parts)


def run_together(value: object, options: Iterable[str], place: str) -> Repeat | None:
    """A :class:`Repeat` hint where ``value`` is several of ``options`` (in any case) run
    together with commas; None otherwise.

    >>> run_together("152mm_he, 122MM_HE", ["152mm_he", "122mm_he"], "--calibre")
    'one per --calibre: repeat the option (--calibre 152mm_he --calibre 122MM_HE)'
    >>> run_together("152mm_he,nope", ["152mm_he"], "--calibre") is None
    True
    """
    if not isinstance(value, str) or "," not in value:
        return None
    options = list(options)
    parts = [p.strip() for p in value.split(",")]
    if all(spelled(p, options) is not None for p in parts):
        return Repeat(place, parts)
    return None
