"""The package's one pint registry, and the checks models make at their door.

The registry is built from the small definition file ``units.txt`` beside this module
(milliseconds, not the quarter-second of pint's full default file; its parse is kept in
the per-user cache, see :mod:`estimator._cache`) and is shared by
every module: quantities from two registries cannot be combined. Count units
(``container``, ``round``, ``port_call``, ``voyage``, ``rail_car``, ``crate``,
``missile``, ...) are dimensions of their own.

>>> from estimator.units import ureg
>>> (ureg.Quantity(21.75, "t") / ureg.Quantity(43.5, "kg")).to("").magnitude
500.0
"""

from __future__ import annotations

import contextlib
import re
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pint

from estimator._args import number
from estimator._cache import private_dir
from estimator.errors import DimensionError, InputError

__all__ = ["Q_", "Quantity", "check_dimension", "parse_unit", "ureg"]


def _registry() -> pint.UnitRegistry:
    """The registry, its parsed definitions kept in the per-user cache (pint's own
    ``cache_folder``: about half the cost of parsing them) when there is one."""
    definitions = str(Path(__file__).with_name("units.txt"))
    folder = private_dir("pint")
    if folder is not None:
        try:
            return pint.UnitRegistry(definitions, autoconvert_offset_to_baseunit=True,
                                     cache_folder=folder)
        except Exception:  # a damaged file: remove pint's files (and only those), start afresh
            with contextlib.suppress(OSError):
                for path in folder.iterdir():
                    if _PINT_FILE.fullmatch(path.name):
                        path.unlink(missing_ok=True)
    return pint.UnitRegistry(definitions, autoconvert_offset_to_baseunit=True)


_PINT_FILE = re.compile(r"[0-9a-f]{40}\.(pickle|json)")


ureg: pint.UnitRegistry = _registry()
ureg.formatter.default_format = "~P"
if TYPE_CHECKING:  # what a type checker sees: a pint.Quantity, which the functions take
    def Q_(value: Any, units: str | pint.Unit | None = None) -> pint.Quantity: ...
else:
    Q_ = ureg.Quantity
Quantity = pint.Quantity


def _quantity(magnitude: Any, units: str) -> pint.Quantity:
    """A pickled quantity of this registry, rebuilt in it."""
    return ureg.Quantity(magnitude, _unit_of(units))


def _unit_of(units: str) -> pint.Unit:
    """A pickled unit of this registry, rebuilt in it from its full names (a prefixed
    name such as ``kilogram`` is known to a fresh registry only once parsed)."""
    return _unit(units)


# pint unpickles every quantity into its global application registry, which knows no
# rounds or containers; the classes below belong to this registry alone, so results
# and assumption sets pickle (multiprocessing, joblib) without touching global state.
ureg.Quantity.__reduce__ = lambda self: (_quantity, (self._magnitude, str(self._units)))  # type: ignore[method-assign]
ureg.Unit.__reduce__ = lambda self: (_unit_of, (str(self._units),))  # type: ignore[method-assign]

# Names a person may write for a dimension, used by the checks and their messages.
DIMENSIONS: dict[str, str] = {
    "mass": "[mass]",
    "length": "[length]",
    "volume": "[length] ** 3",
    "time": "[time]",
    "fraction": "",
    "count of containers": "[container]",
    "count of rounds": "[round]",
    "mass per length": "[mass] / [length]",
    "mass per container": "[mass] / [container]",
    "volume per container": "[length] ** 3 / [container]",
    "rounds per container": "[round] / [container]",
    "number": "",
    "count of TEU": "[teu]",
    "containers per port call": "[container] / [port_call]",
    "containers per rail car": "[container] / [rail_car]",
    "rail cars per train": "[rail_car] / [train]",
    "port calls per time": "[port_call] / [time]",
    "rounds per time": "[round] / [time]",
}


# Units to show as examples of a dimension (DIMENSIONS' names) in a message.
UNIT_EXAMPLES: dict[str, str] = {
    "mass": "'kg' or 't'", "length": "'m'", "volume": "'m^3'", "fraction": "'1' or 'percent'",
    "number": "'1'", "count of TEU": "'TEU'",
    "containers per port call": "'container/port_call'",
    "containers per rail car": "'container/rail_car'", "rail cars per train": "'rail_car/train'",
    "port calls per time": "'port_call/month'", "rounds per time": "'round/day'",
}


def parse_unit(text: object, place: str, dimension: str | None = None) -> pint.Unit:
    """The unit named by ``text``, or an :class:`InputError` naming ``place``; its examples
    are of ``dimension`` (a name in :data:`DIMENSIONS`) where that is known."""
    examples = UNIT_EXAMPLES.get(dimension or "", "'kg', 't', 'm^3' or '1'")
    if not isinstance(text, str):
        raise InputError(place, f"a unit as a string, such as {examples}", text)
    if not _UNIT_TEXT.match(text):  # pint's tokenizer drops '!', ';' and '#...' silently
        raise InputError(place, f"a unit pint knows, such as {examples} "
                         "(letters, digits, spaces and * / ^ ( ) . % - only)", text)
    try:
        return _unit(text.strip())
    except Exception:  # pint's parser raises many kinds (even AssertionError) on junk
        raise InputError(place, f"a unit pint knows, such as {examples}", text) from None


_UNIT_TEXT = re.compile(r"^[\w\s*/^().%\u00b2\u00b3\u00b7\u2070-\u209f-]*$")


@lru_cache(maxsize=256)
def _unit(spelled: str) -> pint.Unit:
    """One parse per spelling (units are immutable; the files repeat a few spellings)."""
    return ureg.dimensionless if spelled in ("", "1") else ureg.Unit(spelled)


@lru_cache(maxsize=64)
def dimensionality_of(name: str) -> Any:
    """The pint dimensionality of a :data:`DIMENSIONS` name."""
    spec = DIMENSIONS[name]
    return ureg.get_dimensionality(spec) if spec else ureg.dimensionless.dimensionality


def check_dimension(value: object, dimension: str, name: str) -> pint.Quantity:
    """Return ``value`` if it is a quantity of ``dimension``, else raise naming ``name``.

    Unlike pint's own ``ureg.check``, the message names the parameter and the unit that
    came, never the whole sample array.
    """
    if not isinstance(value, pint.Quantity):
        # a fraction may be a bare number (numpy's too) or an array of real numbers; a bool
        # is no share
        if dimension == "fraction" and (number(value) or (
                isinstance(value, np.ndarray) and value.dtype.kind in "iuf")):
            return Q_(np.asarray(value, dtype=float), "")
        raise DimensionError(name, f"a quantity of {dimension}", type(value).__name__)
    if getattr(value, "_REGISTRY", ureg) is not ureg:  # pint's own registry, or another
        try:  # read again in this package's (the same unit names, and rounds and boxes)
            value = Q_(value.magnitude, f"{value.units}")
        except Exception:
            raise DimensionError(name, f"a quantity of {dimension} in a unit this package "
                                 "knows", f"{value.units}") from None
    if value.dimensionality != dimensionality_of(dimension):
        raise DimensionError(name, f"a quantity of {dimension}", f"{value.units:~P}")
    return value
