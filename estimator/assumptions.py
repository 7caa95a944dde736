"""TOML assumption files -> validated, immutable, sourced :class:`Assumption` objects.

A file is plain TOML (read with ``tomllib``: data only, no code). A table with a
``unit`` key is an *entry*; any other table is a *group*, which may carry ``label`` and
``description`` strings. An entry has a unit pint parses, exactly one distribution
form (see :mod:`estimator.distributions`), optional ``description`` and ``note``, and
one or more ``[[KEY.sources]]`` tables with ``who``, ``where``, ``when`` and ``says``
(``url`` and ``note`` optional). Keys are the dotted paths from the top of the file,
e.g. ``munitions.152mm_he.projectile_mass``.

:data:`SCHEMA` says which dimension each key the models read must have, and
:data:`REQUIRED` which keys must exist; both are checked on every load.
:data:`PLAUSIBLE` says the range of magnitudes each key can honestly take; a user's
entries are checked against it at 1,001 percentiles (:func:`value_problems`, run by every
command). A user's file overrides the defaults key by key
(:meth:`AssumptionSet.with_file`); a key the defaults do not have is an error (with the
nearest key suggested), except a whole new calibre under ``munitions``. Every problem in
a file is collected, not only the first.

>>> s = AssumptionSet.defaults()
>>> s["containers.20ft.internal_volume"].unit
<Unit('meter ** 3')>
"""

from __future__ import annotations

import codecs
import datetime as _dt
import hashlib
import json
import os
import re
import stat
import sys
import tomllib
import warnings
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import partial
from importlib import resources
from pathlib import Path
from typing import Any, NamedTuple

import numpy as np
import pint

from estimator._args import date_problem, file_path, finite, off_calendar, plain_id
from estimator._cache import cache_key, load_json, save_json
from estimator._frozen import freeze_fields
from estimator._special import prepare_beta_quantiles
from estimator.correlations import Correlation, check_groups, read_correlations
from estimator.distributions import FORM_KEYS, Distribution, describe_forms, from_mapping
from estimator.errors import (
    MISSING,
    UNKNOWN_KEY,
    AssumptionError,
    AssumptionProblems,
    InputError,
    NotFound,
    Said,
    Words,
    attempt,
    held_key,
    nearest,
    raise_all,
)
from estimator.units import Q_, UNIT_EXAMPLES, dimensionality_of, parse_unit

__all__ = [
    "PLAUSIBLE",
    "REQUIRED",
    "SCHEMA",
    "Assumption",
    "AssumptionProblems",
    "AssumptionSet",
    "Source",
    "check_file",
    "defaults_dir",
]

GROUP = "correlations."  # a correlation group is listed and shown as GROUP + its name
DEFAULT_FILES = ("containers.toml", "munitions.toml", "rates.toml", "counts.toml",
                 "ships.toml")

# The dimension of every key a model reads (patterns match whole dotted keys).
SCHEMA: dict[str, str] = {
    "containers.*.internal_volume": "volume",
    "containers.*.internal_length": "length",
    "containers.internal_width": "length",
    "containers.*.payload_limit": "mass",
    "containers.*.tare": "mass",
    "containers.*.max_gross_iso": "mass",
    "containers.*.payload_1*": "mass",
    "containers.share_40ft": "fraction",
    "containers.mass_utilisation": "fraction",
    "containers.volume_utilisation": "fraction",
    "munitions.*.projectile_mass": "mass",
    "munitions.*.complete_mass": "mass",
    "munitions.*.projectile_volume": "volume",
    "munitions.*.complete_volume": "volume",
    "munitions.*.crate_length": "length",
    "missiles.*.mass": "mass",
    "missiles.*.length": "length",
    "duds.*": "fraction",
    "scope.*": "fraction",
    "mix.*": "fraction",
    "counts.*": "fraction",
    "consumption.*": "rounds per time",
    "production.*": "rounds per time",
    "ships.*.deadweight": "mass",
    "ships.*.gross_tonnage": "number",
    "ships.*.teu_capacity": "count of TEU",
    "ships.*.containers_per_call": "containers per port call",
    "ships.call_share": "fraction",
    "rail.containers_per_car": "containers per rail car",
    "rail.cars_per_train": "rail cars per train",
    "calls.*": "port calls per time",
    "timeline.*": "fraction",
}
# The keys read as a mix, one share a category in each trial (a Dirichlet); every other
# key the models read is one value a trial.
MIX_KEYS = frozenset({"mix.calibre_share", "ships.call_share"})
# Quantities that are physically positive: their distribution may not reach 0 or below.
POSITIVE = frozenset({"mass", "volume", "length"})
# Keys the models divide by: above 0 (beyond their dimension's own rule).
ABOVE_ZERO = ("containers.mass_utilisation", "containers.volume_utilisation", "consumption.*",
              "production.*",
              "containers.*.payload_limit", "containers.*.internal_volume",
              "scope.munitions_share")
# Shares that must stay below 1, and why.
BELOW_ONE = {"counts.up_to_shortfall": "at 1, every 'up to N' would be 0 rounds"}
# Counts and rates: never below 0 (a pause is a rate of 0).
NON_NEGATIVE = frozenset({"number", "count of TEU", "containers per port call",
                          "containers per rail car", "rail cars per train",
                          "port calls per time", "rounds per time"})



@dataclass(frozen=True)
class Plausible:
    """The values a quantity can honestly take: from ``low`` to ``high`` (each "NUMBER
    UNIT", both ends allowed), with ``why`` said in the message when given."""

    what: str
    low: str
    high: str
    why: str = ""

    def bounds(self, unit: pint.Unit) -> tuple[float, float]:
        """Both ends in ``unit`` (a unit of the key's dimension)."""
        return _magnitude(self.low, unit), _magnitude(self.high, unit)

    def words(self) -> str:
        """What is expected, in one phrase (the values at the percentiles drawn)."""
        low = _amount(self.low, bare=float(self.low.split()[0]) == 0)
        text = (f"{self.what} from {low} to {_amount(self.high)} at each of the 1,001 "
                "percentiles drawn")
        return text + (f" ({self.why})" if self.why else "")


# Plausibility bounds: wide enough for any honest input (the defaults sit one to several
# orders of magnitude inside them), narrow enough to refuse absurd magnitudes that would
# run to inf or NaN, or to rounds nobody could ship (patterns as in SCHEMA; the first that
# matches a key applies). Checked on a user's entries at the 1,001 percentiles drawn by
# value_problems, so a lognormal's tail counts; shares the models divide by must stay
# at 1e-9 or more there (above 0, and far enough that their reciprocal times a count of
# boxes cannot overflow).
_BOX_MASS = ("100 kg", "100 t")
_ROUND_MASS = ("1 g", "100 t")
_ROUND_VOLUME = ("0.05 cm^3", "100 m^3")  # a 5.56mm bullet is about 0.4 cm^3
_DIVISOR_SHARE = Plausible("a share the models divide by", "1e-9", "1")
PLAUSIBLE: dict[str, Plausible] = {
    "containers.*.internal_volume": Plausible("a box's inside volume", "1 m^3", "1000 m^3"),
    "containers.*.internal_length": Plausible("a box's inside length", "1 m", "100 m"),
    "containers.internal_width": Plausible("a box's inside width", "0.5 m", "100 m"),
    "containers.*.payload_limit": Plausible("a box's payload", *_BOX_MASS),
    "containers.*.payload_1*": Plausible("a box's payload", *_BOX_MASS),
    "containers.*.tare": Plausible("a box's empty mass", *_BOX_MASS),
    "containers.*.max_gross_iso": Plausible("a box's rated gross mass", *_BOX_MASS),
    "containers.mass_utilisation": _DIVISOR_SHARE,
    "containers.volume_utilisation": _DIVISOR_SHARE,
    "scope.munitions_share": _DIVISOR_SHARE,
    "munitions.*.projectile_mass": Plausible("a round's mass", *_ROUND_MASS),
    "munitions.*.complete_mass": Plausible("a round's mass", *_ROUND_MASS),
    "munitions.*.projectile_volume": Plausible("a round's volume", *_ROUND_VOLUME),
    "munitions.*.complete_volume": Plausible("a round's packed volume", *_ROUND_VOLUME),
    "munitions.*.crate_length": Plausible("a crate's length", "1 cm", "100 m"),
    "missiles.*.mass": Plausible("a missile's mass", "1 kg", "1000 t"),
    "missiles.*.length": Plausible("a missile's length", "10 cm", "100 m"),
    "consumption.*": Plausible("a rate of fire", "1 rd/d", "1e7 rd/d"),
    "production.*": Plausible("a rate of production", "1 rd/d", "1e7 rd/d"),
    "ships.*.deadweight": Plausible("a ship's deadweight", "1 t", "1e6 t"),
    "ships.*.gross_tonnage": Plausible("a ship's gross tonnage", "1", "1e6"),
    "ships.*.teu_capacity": Plausible("a ship's capacity", "0 TEU", "1e5 TEU",
                                      "the largest ships carry about 24,000 TEU"),
    "ships.*.containers_per_call": Plausible("containers per port call", "0 box/port_call",
                                             "50000 box/port_call",
                                             "the largest ships carry about 24,000 TEU"),
    "rail.containers_per_car": Plausible("containers per rail car", "0 box/railcar",
                                         "10 box/railcar"),
    "rail.cars_per_train": Plausible("rail cars per train", "0 railcar/train",
                                     "1000 railcar/train"),
    "calls.*": Plausible("port calls", "0 port_call/month", "1000 port_call/month",
                         "about 33 a day"),
}


def _magnitude(amount: str, unit: pint.Unit) -> float:
    number, _, spelled = amount.partition(" ")
    return float(Q_(float(number), parse_unit(spelled or "1", amount)).m_as(unit))


def _amount(amount: str, *, bare: bool = False) -> str:
    """``"50000 box/port_call"`` as ``"50,000 box/port_call"`` (``bare``: the number only)."""
    number, _, spelled = amount.partition(" ")
    return f"{float(number):,.15g}" + ("" if bare or not spelled else f" {spelled}")


REQUIRED: tuple[str, ...] = (
    "containers.20ft.internal_volume",
    "containers.20ft.payload_limit",
    "containers.40ft.internal_volume",
    "containers.40ft.payload_limit",
    "containers.share_40ft",
    "containers.mass_utilisation",
    "containers.volume_utilisation",
    "duds.dud_rate",
    "scope.munitions_share",
    "mix.calibre_share",
    "counts.at_least_excess",
    "counts.up_to_shortfall",
)
CALIBRE_KEYS = ("projectile_mass", "projectile_volume", "complete_mass", "complete_volume")
# A calibre may also give its crate's length; then the boxes' inside lengths and width
# must be there too (the stowage of long crates, see models.lengthwise_fill).
CALIBRE_OPTIONAL = ("crate_length",)
STOWAGE_KEYS = ("containers.20ft.internal_length", "containers.40ft.internal_length",
                "containers.internal_width")
# an entry drawn at another's percentile in every trial (see Assumption.same_percentile_as)
SAME_PERCENTILE = "same_percentile_as"
UNCONFIRMED = "unconfirmed"  # what of an entry's figure no source gives (listings mark it)
ENTRY_STRINGS = frozenset({"description", "note", UNCONFIRMED, "label", "period_start",
                           "period_end", SAME_PERCENTILE})
_OWN_FIELDS = frozenset({"description", "note", UNCONFIRMED})  # Assumption's own, not extra
_DATES = frozenset({"period_start", "period_end"})
PERIOD_KEYS = ("calls.", "consumption.", "production.")  # the entries whose period is read
DATE_TEXT = 'a date, 2024-02-12 or "2024-02-12"'  # what a period's date may be
_LAST_PERIOD_DATE = _dt.date(9999, 1, 1)  # a period's dates end before the calendar's last year
GROUP_STRINGS = frozenset({"label", "description"})
SOURCE_REQUIRED = ("who", "where", "when", "says")
SOURCE_OPTIONAL = frozenset({"url", "note"})


def describe_fields() -> list[str]:
    """An entry's fields beside its form, one line each (``assumptions forms`` prints them
    after the forms)."""
    return [
        'unit: what pint reads ("kg", "m^3", "port_call/month"; "1" for a share)',
        "sources: [[KEY.sources]] tables, at least one, each with " +
        ", ".join(SOURCE_REQUIRED) + " (" + ", ".join(sorted(SOURCE_OPTIONAL)) + " optional)",
        "description, note, label: text (what is counted; how the numbers were set and "
        "what could not be confirmed)",
        f"{UNCONFIRMED}: text, what of the figure no source gives (an estimate, a judgement); "
        "every listing of the entry says so beside its first source",
        f'{SAME_PERCENTILE} = "KEY": drawn at KEY\'s percentile in every trial, not apart',
        "period_start, period_end: dates, on " + ", ".join(k + "*" for k in PERIOD_KEYS)
        + " entries (the end exclusive for calls.*)",
    ]

# Keys of the default files that moved, old name -> new: a user's file with the old name
# is told where it went, not offered the nearest spelling (another entry altogether).
RENAMED = {"consumption.rusi_production_2023": "production.rusi_2023",
           "consumption.nato_production_2024": "production.nato_2024"}
# a date, or 'n.d.', then the end or words set apart ("2024-02-26 (print edition)"), or a
# full date's time of day (ISO, "2024-02-26T10:00": the day); not another way of writing a
# date ("2024/02/26" is not the year 2024)
_WHEN = re.compile(r"^(\d{4}-\d{2}-\d{2}(?=T\d)|(\d{4}(-\d{2}(-\d{2})?)?|n\.d\.)(?=$|[\s,;(]))")


def _written_date(value: object) -> _dt.date | None:
    """A period's date as a file wrote it (a TOML date, or text), if it is one."""
    if type(value) is _dt.date:
        return value
    try:
        return _dt.date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


def _period_date_problems(key: str, raw: Mapping[str, Any], place: str) -> list[InputError]:
    """An entry's ``period_start`` and ``period_end`` (text, TOML dates already made text):
    dates of the calendar before :data:`_LAST_PERIOD_DATE`, the end after the start (a
    port-call period's end is exclusive: strictly after)."""
    problems: list[InputError] = []
    dates = {}
    for name in ("period_start", "period_end"):
        text = raw.get(name)
        if not isinstance(text, str):
            continue  # missing, or not text: said where the strings are checked
        try:
            dates[name] = _dt.date.fromisoformat(text)
        except ValueError:
            problems.append(date_problem(f"{place}.{name}", 'a date such as "2024-02-12"',
                                         text, AssumptionError))
            continue
        if dates[name] >= _LAST_PERIOD_DATE:  # the month after it must still be a date
            problems.append(AssumptionError(f"{place}.{name}",
                                            f"a date before {_LAST_PERIOD_DATE.isoformat()}",
                                            text))
    if any(n in raw for n in _DATES) and not key.startswith(PERIOD_KEYS):
        name = next(n for n in sorted(_DATES) if n in raw)
        problems.append(AssumptionError(f"{place}.{name}", "a known field (a period is read "
                                        f"on {', '.join(k + '*' for k in PERIOD_KEYS)} "
                                        "entries only)", name))
    strict = key.startswith("calls.")
    if len(dates) == 2 and (dates["period_end"] < dates["period_start"] or (
            strict and dates["period_end"] == dates["period_start"])):
        begin = dates["period_start"]
        problems.append(AssumptionError(
            f"{place}.period_end", f"a date after period_start ({begin}; the end is exclusive)"
            if strict else f"a date on or after period_start ({begin})", raw["period_end"]))
    return problems


def _rate_period_problems(added: Mapping[str, Mapping[str, Any]], shown: str
                          ) -> list[InputError]:
    """A rate a file adds (``consumption.NAME``, ``production.NAME``, its fields in
    ``added``) without its ``period_start`` or ``period_end``, each missing date said, as
    an added port-call period's (``calls.NAME``) are: a rate is of its period."""
    return [AssumptionError(f"{shown}: {key}.{name}", DATE_TEXT, MISSING)
            for key, fields in sorted(added.items())
            if key.startswith(("consumption.", "production.")) and key.count(".") == 1
            and key not in RENAMED
            for name in ("period_start", "period_end") if name not in fields]


# Densities, in t/m^3. Carbon steel, 7.85 (EN 10025 / ASM handbooks): a shell body is
# steel, its filling, charge and crate lighter, so no artillery round is denser (the
# ``packing`` property's bound). Osmium, 22.6, the densest element: no round at all is
# denser (a lead-cored bullet is about 10), the bound every file loaded is held to. Balsa
# wood, about 0.1 (0.1-0.2 in wood handbooks): a round of steel, explosive and propellant,
# even in its crate, is many times denser.
STEEL_T_M3 = 7.85
OSMIUM_T_M3 = 22.6
BALSA_T_M3 = 0.1


# Units a thousand apart, smallest first: the slips a density 1,000 times off points to
_LADDERS = {"mass": ("mg", "g", "kg", "t", "kt"), "volume": ("mL", "L", "m^3")}


def _meant(unit: pint.Unit, dimension: str, up: bool) -> str | None:
    """The unit a thousand times larger (``up``) or smaller than ``unit`` on the ladder
    of ``dimension`` (mass or volume), if ``unit`` is on it and has such a neighbour."""
    ladder = _LADDERS.get(dimension, ())
    try:
        at = next((i for i, u in enumerate(ladder)
                   if abs(float(Q_(1.0, unit).m_as(u)) - 1.0) < 1e-9), None)
    except pint.DimensionalityError:
        return None
    meant = None if at is None else (at + 1 if up else at - 1)
    return None if meant is None or not 0 <= meant < len(ladder) else ladder[meant]


def _slip(entry: Assumption, what: str, up: bool) -> str:
    """The hint for a round 1,000 times too light or dense through ``entry``: the unit it
    was written in, and the one a thousand times larger (``up``) or smaller meant."""
    meant = _meant(entry.unit, "mass" if entry.key.endswith("_mass") else "volume", up)
    if meant is None:
        return (f"1,000 times too {what}: a unit a thousand times too "
                f"{'small' if up else 'large'}?")
    return f"1,000 times too {what}: {entry.unit_text} written where {meant} was meant?"


def _unnamed(given: Iterable[str], besides: Iterable[InputError]) -> set[str]:
    """The keys of ``given`` that no problem of ``besides`` names (a key, or a field of it):
    a key already blamed is not blamed again for what follows from it."""
    named = [p.place for p in besides]
    return {k for k in given if not any(
        place.endswith(f": {k}") or f": {k}." in place for place in named)}


def _median_words(entry: Assumption, other: Assumption) -> str:
    """``entry``'s median in its unit, and in ``other``'s where that is another."""
    said = f"a median of {_median(entry, entry.unit):.4g} {entry.unit_text}"
    if entry.unit_text != other.unit_text:
        said += f" ({_median(entry, other.unit):.4g} {other.unit_text})"
    return said


def _unit_slip(blame: Assumption, other: Assumption) -> str:
    """The hint where ``blame``'s numbers, read in ``other``'s unit, would lie on the right
    side of ``other``'s median (lb written where kg was meant), else ''."""
    if blame.unit_text == other.unit_text:
        return ""
    as_written = float(blame.distribution.ppf(np.array([0.5]))[0])
    bound = _median(other, other.unit)
    whole = blame.key.rsplit(".", 1)[1].startswith("complete")
    if (as_written >= bound) if whole else (as_written <= bound):
        return f"{blame.unit_text} written where {other.unit_text} was meant?"
    return ""


def _median(entry: Assumption, unit: str | pint.Unit) -> float:
    """The median of ``entry`` in ``unit`` (one value through the inverse CDF)."""
    return float(Q_(float(entry.distribution.ppf(np.array([0.5]))[0]), entry.unit).m_as(unit))


def _top(entry: Assumption, unit: str) -> tuple[float, str]:
    """The largest value ``entry`` can take, in ``unit`` (for an unbounded tail its 99.9th
    percentile), and how to say it."""
    top, words = entry.distribution.support()[1], "up to {:.4g} " + unit
    if not np.isfinite(top):
        top = float(entry.distribution.ppf(np.array([0.999]))[0])
        words = "{:.4g} " + unit + " at its 99.9th percentile"
    most = Q_(top, entry.unit).m_as(unit)
    return most, words.format(most)


def defaults_dir() -> Path:
    """Where the default assumption files are: inside the wheel, or the checkout's."""
    packaged = resources.files("estimator") / "_defaults"
    if packaged.is_dir():
        return Path(str(packaged))
    return Path(__file__).resolve().parent.parent / "assumptions"


def _when_start(text: str) -> _dt.date:
    """The first day a source's ``when`` (checked by :func:`_is_date`) can mean; 'n.d.'
    is no date, the earliest."""
    parts = _WHEN.match(text).group(0).split("-")  # type: ignore[union-attr]
    if parts[0] == "n.d.":
        return _dt.date.min
    return _dt.date(int(parts[0]), int(parts[1]) if len(parts) > 1 else 1,
                    int(parts[2]) if len(parts) > 2 else 1)


def _is_date(text: str) -> bool:
    """``text`` opens with a date of the calendar (2024-02-26, 2024-02, 2024) or 'n.d.'."""
    m = _WHEN.match(text)
    if m is None:
        return False
    parts = m.group(0).split("-")
    if parts[0] == "n.d.":
        return True
    if len(parts) == 1:
        return int(parts[0]) >= 1
    try:
        _dt.date(int(parts[0]), int(parts[1]), int(parts[2]) if len(parts) == 3 else 1)
    except ValueError:
        return False
    return True


@dataclass(frozen=True)
class Source:
    """Who gave a figure, where, when, and what exactly they said."""

    who: str
    where: str
    when: str
    says: str
    url: str = ""
    note: str = ""

    @classmethod
    def from_mapping(cls, raw: Mapping[str, Any], place: str) -> Source:
        """Build and validate a source; every problem of it is raised at once."""
        problems: list[InputError] = []
        fields: dict[str, str] = {}
        for key in SOURCE_REQUIRED:
            if key not in raw:
                problems.append(AssumptionError(f"{place}.{key}", "this field: a source says "
                                                "who, where, when and what it says", MISSING))
                continue
            value = raw[key]
            if isinstance(value, _dt.datetime):  # a TOML date-time: its day
                value = value.date()
            if isinstance(value, _dt.date):
                value = value.isoformat()
            if not isinstance(value, str) or not value.strip():
                problems.append(AssumptionError(f"{place}.{key}", "a non-empty string", value))
                continue
            fields[key] = value.strip()
        if "when" in fields and not _is_date(fields["when"]):
            problems.append(AssumptionError(f"{place}.when", "a date as YYYY-MM-DD, YYYY-MM, "
                                            "YYYY or 'n.d.', on the calendar", fields["when"],
                                            hint=off_calendar(re.split(r"[\s,;(]", fields["when"],
                                                                  maxsplit=1)[0]) or ""))
        elif "when" in fields and _when_start(fields["when"]) > _dt.date.today():
            problems.append(AssumptionError(f"{place}.when", "a date no later than today "
                                            f"({_dt.date.today()}): a source already said it",
                                            fields["when"]))
        for key in SOURCE_OPTIONAL:
            if key in raw:
                if not isinstance(raw[key], str):
                    problems.append(AssumptionError(f"{place}.{key}", "a string", raw[key]))
                else:
                    fields[key] = raw[key].strip()
        problems += [AssumptionError(f"{place}.{name}", "one of who, where, when, says, url, "
                                     "note", UNKNOWN_KEY)
                     for name in sorted(set(raw) - set(SOURCE_REQUIRED) - SOURCE_OPTIONAL)]
        raise_all(problems)
        return cls(**fields)

    def cite(self) -> str:
        """One line: who, where, when."""
        return f"{self.who}, {self.where}, {self.when}"


@dataclass(frozen=True)
class Assumption:
    """One sourced input: a key, a unit, a distribution and where it comes from."""

    key: str
    unit: pint.Unit
    distribution: Distribution
    sources: tuple[Source, ...]
    description: str = ""
    note: str = ""
    file: str = ""
    extra: tuple[tuple[str, str], ...] = ()
    unconfirmed: str = ""  # what of the figure no source gives, in a few words

    def __post_init__(self) -> None:
        if not self.sources:
            raise AssumptionError(self.key, "at least one source", "none")

    @classmethod
    def from_mapping(cls, key: str, raw: Mapping[str, Any], *, file: str = "") -> Assumption:
        """Build and validate an entry; errors name ``file: key`` and the field. Every
        problem of the entry is raised at once (its unit, its fields, its distribution and
        each source are checked apart), as :class:`AssumptionProblems` where there are
        several."""
        place = _place(file, key)
        problems: list[InputError] = []
        # a period's dates as TOML dates (period_start = 2026-01-01) or strings alike
        raw = {k: v.isoformat() if k in _DATES and type(v) is _dt.date else v
               for k, v in raw.items()}
        if "unit" not in raw:  # the entry's other fields are still read and checked
            problems.append(AssumptionError(f"{place}.unit", 'the unit of the entry (such as '
                                            '"kg", "m^3", or "1" for a share)', MISSING))
        unit = None if "unit" not in raw else attempt(problems, lambda: _entry_unit(
            raw["unit"], f"{place}.unit", _dimension_of(key)))
        if unit is not None:
            attempt(problems, lambda: _check_dimension(key, unit, place, raw.get("unit")))
        unit_ok = unit is not None and not problems  # the values are checked in a sound unit
        unknown = sorted(set(raw) - FORM_KEYS - ENTRY_STRINGS - {"unit", "sources"})
        # a form misspelt (or named, not written): its own complaint would only repeat it
        form_misspelt = bool(unknown) and not set(raw) & FORM_KEYS
        for name in unknown:  # each one: a second slip is not left for the next check
            close = nearest(name, FORM_KEYS | ENTRY_STRINGS | {"sources"})
            form = next((line for line in describe_forms()
                         if line.partition(":")[0] == name), "")
            form_misspelt = form_misspelt or bool(form) or close in FORM_KEYS
            problems.append(AssumptionError(f"{place}.{name}", "a known field" + (
                f" (did you mean '{close}'?)" if close else
                f" (a form is written by its fields; {form.partition(' [')[0]})" if form else
                " (estimate assumptions forms lists the forms and their fields)"), name))
        problems += [AssumptionError(f"{place}.{name}", DATE_TEXT if name in _DATES
                                     else "a string", raw[name])
                     for name in sorted(ENTRY_STRINGS & set(raw)) if not isinstance(raw[name], str)]
        problems += _period_date_problems(key, raw, place)
        if unit is not None and _on_unit_interval(raw) and not _plain_number(unit):
            unit_ok = False
            problems.append(AssumptionError(
                f"{place}.unit", "'1' for a beta or Dirichlet form (it lies between 0 and 1, so "
                "20% is written 0.2; a share in percent takes min/mode/max or low/high)",
                raw.get("unit")))
        distribution = None if form_misspelt else attempt(problems,
                                                          lambda: from_mapping(raw, place))
        sources_raw = raw.get("sources")
        sources: tuple[Source, ...] = ()
        if not sources_raw:
            problems.append(AssumptionError(f"{place}.sources", "at least one [[...sources]] "
                                            "table with who, where, when and says",
                                            MISSING if sources_raw is None else sources_raw))
        elif not isinstance(sources_raw, list) or not all(isinstance(x, dict)
                                                          for x in sources_raw):
            problems.append(AssumptionError(f"{place}.sources", "a list of tables "
                                            "([[...sources]])", type(sources_raw).__name__))
        else:
            built = [attempt(problems, partial(Source.from_mapping, x, f"{place}.sources[{i}]"))
                     for i, x in enumerate(sources_raw)]
            sources = tuple(x for x in built if x is not None)
        # the values against the key's domain whatever else is wrong (a missing source or
        # a bad date hid a negative count), but not in a unit said to be wrong
        if unit_ok and unit is not None and distribution is not None:
            said = len(problems)
            attempt(problems, lambda: _check_schema(key, unit, distribution, place))
            if 0 < said == len(problems):  # failing all the same: its values checked here
                # as a set checks those of the entries it reads (1e12 boxes a call)
                probe = cls(key, unit, distribution, sources or (Source("", "", "", ""),))
                problems += value_problems({key: probe}, [key], file)
        raise_all(problems)
        assert unit is not None and distribution is not None  # else a problem was raised
        extra = tuple(sorted((k, raw[k]) for k in ENTRY_STRINGS - _OWN_FIELDS if k in raw))
        return cls(key, unit, distribution, sources, raw.get("description", ""),
                   raw.get("note", ""), file, extra, raw.get(UNCONFIRMED, ""))

    def ppf(self, u: np.ndarray) -> pint.Quantity:
        """Values at uniforms ``u``, as a quantity in this entry's unit."""
        return Q_(self.distribution.ppf(u), self.unit)

    @property
    def unit_text(self) -> str:
        text = f"{self.unit:~P}"
        if "year" in format(self.unit, "D"):  # pint's symbol for a year is 'a' (annum)
            text = re.sub(r"(?<![A-Za-z_])a(?![A-Za-z_])", "yr", text)
        return text or "1"

    @property
    def same_percentile_as(self) -> str:
        """The key of the entry this one is drawn with, at the same percentile in every
        trial (``same_percentile_as = "KEY"`` in its file), or ''. A round as shipped holds
        its projectile: where both figures rest on one unknown (an item not identified),
        a heavy draw of one beside a light draw of the other is no state of the world."""
        return dict(self.extra).get(SAME_PERCENTILE, "")

    def describe(self) -> str:
        unit = self.unit_text
        with_ = f", at the percentile of {self.same_percentile_as}" if self.same_percentile_as \
            else ""
        return self.distribution.describe() + ("" if unit == "1" else f" {unit}") + with_


def _glob_match(key: str, pattern: str) -> bool:
    """Whether ``key`` matches ``pattern``, whose only wildcard is ``*`` (any run of
    characters, dots included): :func:`fnmatch.fnmatchcase` for such patterns, without
    compiling a regular expression for each (that was a tenth of loading the defaults).

    >>> _glob_match("munitions.152mm_he.projectile_mass", "munitions.*.projectile_mass")
    True
    """
    first, *rest = pattern.split("*")
    if not rest:
        return key == pattern
    last = rest.pop()
    end = len(key) - len(last)
    if end < len(first) or not (key.startswith(first) and key.endswith(last)):
        return False
    at = len(first)
    for part in rest:  # leftmost placement of each middle piece is always safe
        at = key.find(part, at, end)
        if at < 0:
            return False
        at += len(part)
    return True


def _calibre_part(key: str) -> bool:
    """``key`` is an entry of a calibre, ``munitions.NAME.FIELD``."""
    parts = key.split(".")
    return parts[0] == "munitions" and len(parts) == 3


def _entry_unit(text: object, place: str, dim: str | None) -> pint.Unit:
    """An entry's unit: as :func:`~estimator.units.parse_unit` reads it, but never blank
    (pint reads ``""`` as a plain number, which a file means by ``"1"``, if at all)."""
    if isinstance(text, str) and not text.strip():
        examples = UNIT_EXAMPLES.get(dim or "", "'kg', 't', 'm^3' or '1' for a share")
        raise AssumptionError(place, f"a unit, such as {examples}" + (
            f" for {'a share' if dim == 'fraction' else dim}" if dim else ""), text)
    return parse_unit(text, place, dim)


def _dimension_of(key: str) -> str | None:
    for pattern, dim in SCHEMA.items():
        if _glob_match(key, pattern):
            return dim
    return None


def _on_unit_interval(raw: Mapping[str, Any]) -> bool:
    """Whether an entry's form (or one of its scenarios) is a beta or a Dirichlet: values
    between 0 and 1 whatever the unit says."""
    scenarios = raw.get("scenarios")
    if (raw.get("shape") == "beta" and "p5" in raw) or "alpha" in raw:
        return True
    return isinstance(scenarios, list) and any(
        isinstance(s, Mapping) and _on_unit_interval(s) for s in scenarios)


def _plain_number(unit: pint.Unit) -> bool:
    """``unit`` is "1" (a fraction), not percent, per mille or another scaled number."""
    return bool(unit.dimensionless) and Q_(1.0, unit).to("dimensionless").magnitude == 1.0


def _at(dist: Distribution, u: float) -> float:
    """``dist``'s value at the uniform ``u``, its beta tables read from the per-user cache
    (built afresh, a pair of them took a third of loading the defaults)."""
    prepare_beta_quantiles(dist.beta_shapes())
    return float(dist.ppf(np.array([u]))[0])


def _check_dimension(key: str, unit: pint.Unit, place: str, written: object = None) -> None:
    """``unit`` of ``key``'s dimension, or an error showing the unit as ``written``."""
    dim = _dimension_of(key)
    if dim is not None and unit.dimensionality != dimensionality_of(dim):
        example = UNIT_EXAMPLES.get(dim)
        raise AssumptionError(f"{place}.unit", f"a unit of {dim}" + (
            f", such as {example}" if example else ""), written if isinstance(
            written, str) else f"{unit:~P}" or "1")


def _check_schema(key: str, unit: pint.Unit, dist: Distribution, place: str) -> None:
    """The distribution's values against the key's dimension (the unit's own dimension is
    :func:`_check_dimension`'s)."""
    dim = _dimension_of(key)
    if dim is None:
        return
    if key not in MIX_KEYS and "dirichlet" in {dist.form, *(p.form for p in getattr(
            dist, "parts", ()))}:  # the models read one value a trial here
        raise AssumptionError(place, "one value a trial (a Dirichlet mix of shares is read "
                              f"at {' and '.join(sorted(MIX_KEYS))} only)", dist.describe())
    low, high = dist.support()
    if dim == "fraction":
        scale = float(Q_(1.0, unit).to("").magnitude)
        if low * scale < 0 or high * scale > 1:
            raise AssumptionError(place, "a fraction: a distribution inside [0, 1] (a beta, "
                                  "or bounded forms within 0 and 1)",
                                  f"{dist.describe()} {unit:~P}".strip(),
                                  hint='a share given by p5 and p95 takes shape = "beta"'
                                  if dist.form in ("lognormal", "normal") else "")
        if scale < 1 and 0 < high <= 1:  # 0.6-0.9 "percent": 60-90% meant, 0.6-0.9% read
            raise AssumptionError(
                place, f"a share in {unit:P} written as such (60% as 60); every value here "
                f"is at most 1 {unit:P}", f"{dist.describe()} {unit:P}",
                hint=f"a fraction written where {unit:P} was meant? A share that small in "
                "truth is written as a fraction, with unit = \"1\"")
        if key in BELOW_ONE and _at(dist, 1 - 1e-9) * scale >= 1:
            raise AssumptionError(place, f"a share below 1 ({BELOW_ONE[key]})",
                                  dist.describe())
    elif dim in POSITIVE and low <= 0 and dist.form != "lognormal":
        raise AssumptionError(place, f"a {dim} above 0 everywhere (use lognormal, PERT or "
                              "uniform with positive bounds)", dist.describe())
    elif dim in NON_NEGATIVE and low < 0 and _at(dist, 1e-9) < 0:
        raise AssumptionError(place, f"{dim}: 0 or more (below 0 at most once in 1e9 draws)",
                              dist.describe())
    if (any(_glob_match(key, p) for p in ABOVE_ZERO) and low <= 0  # the support settles most
            and _at(dist, 1e-9) <= 0):
        raise AssumptionError(place, "a value above 0 (the models divide by it)",
                              dist.describe())


def value_problems(entries: Mapping[str, Assumption], keys: Iterable[str], file: str,
                   ) -> list[InputError]:
    """Entries drawn at 1,001 percentiles: every value a finite number reached without
    overflow (a span or a tail too wide for floating point), for masses and volumes
    a value whose reciprocal is finite too (the models divide by them), and every value
    within the key's :data:`PLAUSIBLE` range (1e-308 kg rounds, 1e308 containers a
    call, shares of 1e-300: finite, yet they run to inf and NaN or to absurd rounds)."""
    u = np.linspace(1e-4, 1 - 1e-4, 1001)
    problems: list[InputError] = []
    for key in keys:
        dist = entries[key].distribution
        grid = u if dist.width == 1 else np.repeat(u[:, None], dist.width, axis=1)
        step = "a value"  # what went wrong, in words (never an exception's name)
        try:
            with warnings.catch_warnings(), np.errstate(over="raise", divide="raise",
                                                        invalid="raise", under="ignore"):
                warnings.simplefilter("error", RuntimeWarning)
                values = dist.ppf(grid)
                if _dimension_of(key) in POSITIVE:
                    step = "the inverse of a value (the models divide by it)"
                    values = np.concatenate([values, 1.0 / values])
            bad = not np.all(np.isfinite(values))
            why = "values that are not finite numbers"
        except (ArithmeticError, ValueError, Warning) as exc:
            text = str(exc)
            bad, why = True, (
                f"{step} overflows (beyond about 1.8e308, the largest float)"
                if "overflow" in text else f"{step} is not a number (0/0 or inf - inf on the "
                "way)" if "invalid" in text else f"{step} divides by 0" if "divide" in text
                else f"{step} cannot be worked out ({text})")
        if bad:
            problems.append(AssumptionError(_place(file, key), "a distribution whose values are "
                                            "finite numbers at every percentile", Said(why)))
        elif dist.width == 1:
            problems += _plausibility_problems(entries[key], values[:len(u)], u, file)
    return problems


def _place(file: str, key: str) -> str:
    """Where an entry's problem is: ``file: key``, or the key alone where no file is."""
    return f"{file}: {key}" if file else key


def _plausible(key: str) -> Plausible | None:
    for pattern, bound in PLAUSIBLE.items():
        if _glob_match(key, pattern):
            return bound
    return None


def _plausibility_problems(entry: Assumption, values: np.ndarray, u: np.ndarray, file: str,
                           ) -> list[InputError]:
    """An entry whose values at percentiles ``u`` leave its :data:`PLAUSIBLE` range."""
    bound = _plausible(entry.key)
    if bound is None:
        return []
    try:
        low, high = bound.bounds(entry.unit)
    except (pint.DimensionalityError, InputError):  # the schema reports a wrong unit
        return []
    at = int(np.argmin(values)) if values.min() < low else int(np.argmax(values))
    if low <= values[at] <= high:
        return []
    unit = entry.unit_text
    got = f"{values[at]:.4g}" + ("" if unit == "1" else f" {unit}")
    if values.min() != values.max():
        got += f" at percentile {100 * u[at]:.4g}"
    # every value a thousand times off the range's side it left: a unit's slip
    up = values[at] < low
    factor = 1000.0 if up else 1e-3
    meant = (_meant(entry.unit, _dimension_of(entry.key) or "", up)
             if low <= values.min() * factor and values.max() * factor <= high else None)
    return [AssumptionError(_place(file, entry.key), bound.words(), got, hint=(
        f"{unit} written where {meant} was meant?" if meant else ""))]


_PARSED: dict[tuple[str, int, int], dict[str, Any]] = {}


def _file_key(path: Path) -> tuple[str, int, int] | None:
    """A file as it stands (its path, time and size); a pipe by its path alone, as it can
    be read once only."""
    try:
        st = path.stat()
    except OSError:
        return None
    if stat.S_ISFIFO(st.st_mode):
        return (str(path), -1, -1)
    return (str(path.resolve()), st.st_mtime_ns, st.st_size)


def read_toml(path: Path, shown: str) -> dict[str, Any]:
    """The parsed TOML of ``path`` (remembered while the file is unchanged: the entries
    and the correlation groups of one file are read from one parse). Do not modify it."""
    key = _file_key(path)
    if key is not None and key in _PARSED:
        return _PARSED[key]
    data = _read_toml(path, shown)
    if key is not None:  # (a pipe's too, which a second read would find empty)
        _PARSED[key] = data
    return data


MAX_DEPTH = 32  # tables and arrays within one another: the catalogue's deepest is 4


def _depth(value: object) -> int:
    """How deeply tables and lists nest in ``value`` (counted without recursion)."""
    deepest, todo = 0, [(value, 0)]
    while todo:
        v, d = todo.pop()
        if isinstance(v, dict):
            todo += [(x, d + 1) for x in v.values()]
        elif isinstance(v, list):
            todo += [(x, d + 1) for x in v]
        else:
            deepest = max(deepest, d)
            continue
        deepest = max(deepest, d + 1)
    return deepest


MAX_BYTES = 16 * 1024 * 1024  # the shipped files are some hundred kilobytes


def _bytes_of(path: Path, shown: str) -> bytes:
    """The file's bytes, if it is a regular file of at most :data:`MAX_BYTES` (a device
    such as /dev/zero, or a pipe, would be read without end or wait for ever)."""
    # opened without waiting (a named pipe's open waits for a writer), then looked at: a
    # pipe is read (`-a <(...)`; one without a writer reads as empty), a device is not
    with os.fdopen(os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0)), "rb") as fh:
        mode = os.fstat(fh.fileno()).st_mode
        if stat.S_ISFIFO(mode):
            os.set_blocking(fh.fileno(), True)
        elif not stat.S_ISREG(mode):
            kind = "a directory" if stat.S_ISDIR(mode) else "a device" if (
                stat.S_ISCHR(mode) or stat.S_ISBLK(mode)) else "a special file"
            raise AssumptionError(shown, "a regular file or a pipe", kind)
        data = fh.read(MAX_BYTES + 1)
        if not data and stat.S_ISFIFO(mode):  # not 'an empty file': nothing came through
            raise AssumptionError(shown, "a pipe that gives a file's text",
                                  "a pipe that gave nothing")
    if len(data) > MAX_BYTES:
        raise AssumptionError(shown, f"a file of at most {MAX_BYTES // 2**20} MiB",
                              "a larger one")
    return data


def _read_toml(path: Path, shown: str) -> dict[str, Any]:
    """The parse of ``path``."""
    try:
        data = _bytes_of(path, shown)
    except FileNotFoundError:
        raise AssumptionError(shown, "an existing file", "no such file") from None
    except IsADirectoryError:
        raise AssumptionError(shown, "a file", "a directory") from None
    except OSError as exc:
        raise AssumptionError(shown, "a readable file", exc.strerror or str(exc)) from None
    name = "toml-" + cache_key(sys.version_info[:2], data)
    cached = load_json(name)
    if isinstance(cached, dict):
        return cached
    try:
        parsed = tomllib.loads(data.decode("utf-8-sig"))  # a byte-order mark is no content
        depth = _depth(parsed)
        if depth > MAX_DEPTH:  # before anything walks it: no RecursionError
            raise AssumptionError(shown, f"TOML nested at most {MAX_DEPTH} tables or arrays "
                                  "deep", f"{depth} deep")
        save_json(name, parsed)
        return parsed
    except RecursionError:  # the parser's own, on arrays nested some thousand deep
        raise AssumptionError(shown, f"TOML nested at most {MAX_DEPTH} tables or arrays deep",
                              "deeper than the parser can follow") from None
    except UnicodeDecodeError as exc:
        at = exc.start + (3 if data.startswith(codecs.BOM_UTF8) else 0)
        line = data[:at].count(b"\n") + 1
        raise AssumptionError(shown, "a UTF-8 text file in TOML (save it as UTF-8)",
                              f"byte 0x{data[at]:02x} on line {line}") from None
    except tomllib.TOMLDecodeError as exc:
        problems = _toml_problems(data.decode("utf-8-sig"), shown, exc)
    raise_all(problems)  # (the file does not parse: there is at least one)
    raise AssertionError(problems)


def _not_toml(shown: str, exc: tomllib.TOMLDecodeError) -> AssumptionError:
    """The parser's complaint, the place first (a long message would lose it to the cut of
    a long 'got')."""
    what, sep, where = str(exc).rpartition(" (at ")
    place = f"{shown}: {where.rstrip(')')}" if sep else shown
    return AssumptionError(place, "valid TOML", what if sep else str(exc))


# A date (or date-time) written bare in TOML, as the parser reads one but with any two
# digits for the month and the day, so that one off the calendar is found too.
_BARE_DATE = re.compile(r"(?<![\w.:+-])(\d{4}-\d{2}-\d{2})"
                        r"(?:[Tt ]\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:[Zz]|[+-]\d{2}:\d{2})?)?")
_MAX_BARE_DATES = 100  # listed from one file, each found by a parse of it


def _toml_problems(text: str, shown: str, exc: tomllib.TOMLDecodeError) -> list[InputError]:
    """Why ``text`` (the file ``shown``) is not TOML, ``exc`` the parser's complaint. A
    date written bare off the calendar (published = 2024-02-30) is said as the same date
    in quotes is, with why, and its line: every one in the file, each also named by its
    key where the rest of the file parses; after them, any other complaint of the parser."""
    found: dict[str, tuple[str, str]] = {}  # a stand-in for each date: where, the date
    parsed: dict[str, Any] | None = None
    last: InputError | None = _not_toml(shown, exc)  # what is said after the dates
    while last is not None and len(found) < _MAX_BARE_DATES:
        bare = _bare_date_at(text, exc)
        if bare is None:
            break
        date, start, end, where = bare
        # a string as long as the date written, so the parser's later places stay true
        mark = f"\ue000{len(found):0{end - start - 3}d}"
        found[mark] = (where, date)
        text = f'{text[:start]}"{mark}"{text[end:]}'
        try:
            parsed, last = tomllib.loads(text), None
        except tomllib.TOMLDecodeError as again:
            exc, last = again, _not_toml(shown, again)
        except RecursionError:  # the parser's own, on arrays nested some thousand deep
            last = AssumptionError(shown, f"TOML nested at most {MAX_DEPTH} tables or arrays "
                                   "deep", "deeper than the parser can follow")
            break
    keys = {} if parsed is None or _depth(parsed) > MAX_DEPTH else {
        value: key for key, value in _texts(parsed)}
    problems: list[InputError] = [
        date_problem(f"{shown}: {where.partition(',')[0]}, {keys[mark]}" if mark in keys
                     else f"{shown}: {where}", "a date on the calendar", date, AssumptionError)
        for mark, (where, date) in found.items()]
    return problems if last is None else [*problems, last]


def _bare_date_at(text: str, exc: tomllib.TOMLDecodeError
                  ) -> tuple[str, int, int, str] | None:
    """Where the parser stopped on a date written bare that is off the calendar (at its
    start, 'Invalid date or datetime'; or within it, a month 13 or a day 00 read as a
    number and what follows): the date, its start and end in ``text``, and its line and
    column as the parser says them; else None."""
    at = re.search(r"\(at line (\d+), column (\d+)\)$", str(exc))
    if at is None:
        return None
    line, column = int(at.group(1)), int(at.group(2)) - 1
    lines = text.split("\n")  # the parser's lines
    if line > len(lines):
        return None
    invalid = str(exc).startswith("Invalid date or datetime")
    for m in _BARE_DATE.finditer(lines[line - 1]):
        if (m.start() < column or (invalid and m.start() == column)) and column < m.end() \
                and off_calendar(m.group(1)) is not None:
            offset = sum(len(x) + 1 for x in lines[:line - 1])
            return (m.group(1), offset + m.start(), offset + m.end(),
                    f"line {line}, column {m.start() + 1}")
    return None


def _texts(data: object, path: str = "") -> Iterator[tuple[str, str]]:
    """Every string in parsed TOML, with its dotted key (a list's items by [index])."""
    if isinstance(data, str):
        yield path, data
    elif isinstance(data, dict):
        for k, v in data.items():
            yield from _texts(v, f"{path}.{k}" if path else str(k))
    elif isinstance(data, list):
        for i, v in enumerate(data):
            yield from _texts(v, f"{path}[{i}]")


def _walk(table: Mapping[str, Any], prefix: str, file: str, entries: dict[str, Assumption],
          labels: dict[str, str], problems: list[InputError],
          failed: dict[str, Mapping[str, Any]]) -> None:
    for name, value in table.items():
        key = f"{prefix}.{name}" if prefix else name
        if isinstance(value, dict):
            if "unit" in value and key in entries:  # ["a.b"] beside [a.b]: the same key
                problems.append(AssumptionError(f"{file}: {key}", "each key once (a quoted "
                                                '["a.b"] and a dotted [a.b] name the same key)',
                                                Said("written twice")))
            elif "unit" in value or any(k in FORM_KEYS | {"sources"} and not isinstance(v, dict)
                                        for k, v in value.items()):  # (fields without a unit)
                entry = attempt(problems, partial(Assumption.from_mapping, key, value, file=file))
                if entry is not None:
                    entries[key] = entry
                else:  # still a key the file gives: checked as one, never called missing
                    failed[key] = value
            else:
                _walk(value, key, file, entries, labels, problems, failed)
        elif prefix and name in GROUP_STRINGS and isinstance(value, str):
            if name == "label":
                labels[prefix] = value
        else:
            problems.append(AssumptionError(
                f"{file}: {key}", "an entry table with a unit, a distribution and sources "
                "(or a group of them)", value))


class FileRead(NamedTuple):
    """What one file gave: its entries, group labels, every problem found, and the entries
    it gives that could not be read (``failed``: each key and the table written there)."""

    entries: dict[str, Assumption]
    labels: dict[str, str]
    problems: list[InputError]
    failed: Mapping[str, Mapping[str, Any]] = {}  # never changed


class Unread(NamedTuple):
    """An entry a file gives that could not be read (its problems are said): the file, and
    the table written there. It is still a key the file gives (never called missing), and
    what it says that the set's checks read (a mix's categories, a period's dates) is
    checked as written."""

    file: str
    raw: Mapping[str, Any]


class _Tie(NamedTuple):
    """An entry's ``same_percentile_as`` (or ''), its file, and its width (None: unknown,
    for an entry that could not be read)."""

    ref: str
    file: str
    width: int | None


def read_file(path: str | Path) -> FileRead:
    """Every entry of one file, the group labels, and every problem found."""
    shown, problems = str(path), list[InputError]()
    data = attempt(problems, lambda: read_toml(Path(path), shown))  # every problem said
    return FileRead({}, {}, problems) if data is None else read_data(data, shown)


def read_data(data: Mapping[str, Any], shown: str) -> FileRead:
    """:func:`read_file` of what a file holds, once parsed; problems name ``shown``."""
    problems: list[InputError] = []
    entries: dict[str, Assumption] = {}
    labels: dict[str, str] = {}
    failed: dict[str, Mapping[str, Any]] = {}
    if not data:
        return FileRead(entries, labels, [AssumptionError(shown, "at least one entry",
                                                          "an empty file")])
    if "claims" in data:  # every claim a problem: say once what the file is
        return FileRead(entries, labels, [AssumptionError(
            shown, "assumption entries", "a catalogue of claims ([claims.ID] tables)",
            hint="it is checked with 'estimate reports check FILE'")])
    _walk({k: v for k, v in data.items() if k != "correlations"}, "", shown, entries, labels,
          problems, failed)
    if not (entries or labels or problems or failed or "correlations" in data):
        problems.append(AssumptionError(shown, "at least one entry", "only empty tables"))
    return FileRead(entries, labels, problems, failed)


def read_file_correlations(path: str | Path, shown: str) -> tuple[dict[str, Correlation],
                                                                  list[InputError]]:
    """The correlation groups of one file (``[correlations.NAME]``), and their problems."""
    try:
        data = read_toml(Path(path), shown)
    except InputError:
        return {}, []  # reported by read_file
    return read_correlations(data.get("correlations"), shown)


def _unplain(data: object, path: str = "") -> list[tuple[str, str]]:
    """Where in ``data`` each key or value a file could not hold is (a dotted path), and
    what it is (``a value of type set``, ``a key of type tuple``)."""
    listed = isinstance(data, list | tuple)
    if not (listed or isinstance(data, Mapping)):
        return [(path, f"a value of type {type(data).__name__}")]
    found = []
    for k, v in (enumerate(data) if listed else data.items()):  # type: ignore[union-attr]
        here = f"{path}[{k}]" if listed else f"{path}.{k}" if path else str(k)
        if not listed and not (k is None or isinstance(k, str | int | float)):  # as JSON's
            found.append((path, f"a key of type {type(k).__name__} ({k!r})"))
            continue
        try:
            json.dumps(v, default=_plain)
        except (TypeError, ValueError):
            found += _unplain(v, here)
    return found


def plain_data(data: Mapping[str, Any], name: str, at: str, also: str = "") -> Any:
    """``data`` given from Python as a file would hold it (as JSON holds it: a date as ISO
    text, a tuple as a list, a numpy number as Python's), for the reader of files; every
    value a file could not hold is listed together, each named ``at`` and its dotted path
    (``name`` for ``data`` itself), ``also`` said of plain data."""
    try:
        return json.loads(json.dumps(data, default=_plain))
    except (TypeError, ValueError):  # every such value, as every problem of a file
        raise AssumptionProblems([InputError(
            f"{at}{where}" if where else name, "plain data (keys text or numbers; values a "
            f"number, string, list, mapping or date{also})", Said(what))
            for where, what in _unplain(data)]) from None


def _canonical(data: Mapping[str, Any]) -> bytes:
    """What entries hold, written one way whatever the file's layout: every table
    flattened to dotted keys (``["duds.dud_rate"]``, ``[duds.dud_rate]`` and
    ``[duds] dud_rate = {...}`` alike), whole numbers as numbers (``1`` as ``1.0``),
    dates as ISO text, keys sorted; comments and spacing are not in it."""
    flat: dict[str, Any] = {}
    todo = [("", data)]
    while todo:  # (without recursion: a file may nest deeply)
        prefix, table = todo.pop()
        for name, value in table.items():
            key = f"{prefix}.{name}" if prefix else str(name)
            if isinstance(value, Mapping):
                todo.append((key, value))
            else:
                flat[key] = value

    def number(x: object) -> object:
        if isinstance(x, int) and not isinstance(x, bool):
            return float(x)
        if isinstance(x, list | tuple):
            return [number(v) for v in x]
        if isinstance(x, Mapping):
            return {k: number(v) for k, v in x.items()}
        return x

    return json.dumps({k: number(v) for k, v in flat.items()}, sort_keys=True,
                      default=_plain, separators=(",", ":")).encode()


def _plain(value: object) -> object:
    """A value JSON does not know, as plain data: a date as ISO text, a numpy number as
    a Python one."""
    if isinstance(value, _dt.datetime):  # a date-time's day, as a file's TOML date-time
        return value.date().isoformat()
    if isinstance(value, _dt.date):
        return value.isoformat()
    if isinstance(value, np.generic | np.ndarray):
        return value.tolist()
    if isinstance(value, tuple):
        return list(value)
    if isinstance(value, Mapping):  # a mapping of another type than dict, as a dict
        return dict(value)
    raise TypeError(f"{type(value).__name__} is not a plain value")


def _digest(paths: list[Path]) -> str:
    h = hashlib.sha256()
    for p in paths:
        h.update(p.name.encode())
        h.update(p.read_bytes())
    return h.hexdigest()[:16]


@dataclass(frozen=True)
class AssumptionSet(Mapping[str, Assumption]):
    """The assumptions of a run: defaults, overridden key by key by a user's files."""

    entries: Mapping[str, Assumption]
    labels: Mapping[str, str] = field(default_factory=dict)
    files: tuple[str, ...] = ()
    digest: str = ""
    overridden: tuple[str, ...] = ()
    added: tuple[str, ...] = ()
    correlations: Mapping[str, Correlation] = field(default_factory=dict)
    relabelled: tuple[str, ...] = ()  # groups (a calibre) whose label a user's file changed
    # what the digest was made for: each entry and group by identity (they are immutable);
    # dataclasses.replace carries it over, so an edit made that way is seen (see _held)
    _made_for: Mapping[str, int] | None = field(default=None, repr=False, compare=False)

    def __post_init__(self) -> None:
        freeze_fields(self)
        held = self._held()
        if self._made_for is not None and self._made_for != held:
            # edited after its digest was made (dataclasses.replace): the digest says so,
            # so a run's record never names the assumptions it did not use
            changed = sorted(set(held.items()) ^ set(self._made_for.items()))
            h = hashlib.sha256(self.digest.encode())
            for key in dict.fromkeys(k for k, _ in changed):
                h.update(f"{key}={self._item(key)!r}".encode())
            object.__setattr__(self, "digest", h.hexdigest()[:16])
        object.__setattr__(self, "_made_for", held)

    def _held(self) -> dict[str, int]:
        return {**{k: id(v) for k, v in self.entries.items()},
                **{GROUP + k: id(v) for k, v in self.correlations.items()}}

    def _item(self, key: str) -> object:
        return self.group(key) or self.entries.get(key)

    def __setstate__(self, state: dict[str, Any]) -> None:
        # unpickled objects are new ones: what the digest was made for is what they hold
        self.__dict__.update(state)
        object.__setattr__(self, "_made_for", self._held())

    def __repr__(self) -> str:
        # short: the whole set runs to some 180,000 characters (a notebook cell, a failing
        # property's example); each entry is one [key] away
        changed = "".join(f", {name}={list(keys)}" for name, keys in (
            ("overridden", self.overridden), ("added", self.added)) if keys)
        groups = f", correlations={list(self.correlations)}" if self.correlations else ""
        return (f"AssumptionSet({len(self.entries)} entries, digest={self.digest!r}, "
                f"files={list(self.files)}{changed}{groups})")

    def __getitem__(self, key: str) -> Assumption:
        return NotFound.lookup(self.entries, key, "key")  # a KeyError naming the keys

    def __contains__(self, key: object) -> bool:  # in any case, as [] and get take it
        return held_key(self.entries, key) is not None

    def __iter__(self) -> Iterator[str]:
        return iter(self.entries)

    def __len__(self) -> int:
        return len(self.entries)

    def listed(self) -> list[str]:
        """Every key ``assumptions list`` and ``show`` know: the entries, then each
        correlation group as ``correlations.NAME`` (a group is no entry: ``in`` and
        ``[]`` take entries only)."""
        return [*self.entries, *(GROUP + name for name in self.correlations)]

    def group(self, key: str) -> Correlation | None:
        """The correlation group a listed key ``correlations.NAME`` names, else None."""
        name = key.removeprefix(GROUP)
        return self.correlations.get(name) if name != key and key not in self else None

    @classmethod
    def defaults(cls) -> AssumptionSet:
        """The default files shipped with the package."""
        return cls.load([defaults_dir() / name for name in DEFAULT_FILES],
                        shown_as="assumptions/")

    @classmethod
    def load(cls, paths: Sequence[str | os.PathLike[str]], *, shown_as: str = "") -> AssumptionSet:
        """Load files that together hold every required key; raise on any problem."""
        if isinstance(paths, (str, os.PathLike)):  # one file where a list goes
            raise InputError("paths", "a list of files' paths", str(paths))
        paths = [file_path(p, "paths") for p in paths]
        entries: dict[str, Assumption] = {}
        labels: dict[str, str] = {}
        correlations: dict[str, Correlation] = {}
        problems: list[InputError] = []
        failed: dict[str, Unread] = {}  # entries that could not be read
        whole = True  # every file read (one that is not, a TOML slip, leaves the set a part)
        for path in paths:
            shown = f"{shown_as}{path.name}" if shown_as else str(path)
            got, lab, probs, unread = read_file_as(path, shown)
            problems += probs
            whole = whole and bool(got or unread or not probs)
            failed.update({k: Unread(shown, raw) for k, raw in unread.items()})
            corr, probs = read_file_correlations(path, shown)
            problems += probs
            correlations.update(corr)
            for key in sorted(set(got) & set(entries)):
                problems.append(AssumptionError(f"{shown}: {key}", "each key in one file only",
                                                f"also in {entries[key].file}"))
            entries.update(got)
            labels.update(lab)
        result = cls(entries, labels, tuple(str(p) for p in paths), _digest(paths),
                      correlations=correlations)
        problems += result._set_problems(failed, whole=whole)
        if shown_as != "assumptions/":  # the shipped files' densities are checked by tests
            problems += result.round_problems(entries, besides=problems)
        if problems:
            raise AssumptionProblems(problems)
        return result

    def with_file(self, path: str | Path) -> AssumptionSet:
        """These assumptions, overridden key by key by a user's file."""
        path = file_path(path)
        got, labels, problems, failed = read_file(path)
        corr, corr_problems = read_file_correlations(path, str(path))
        return self._with(got, labels, corr, problems + corr_problems, str(path),
                          lambda: _canonical(read_toml(Path(path), str(path))), failed)

    def with_entries(self, data: Mapping[str, Any], name: str = "python") -> AssumptionSet:
        """These assumptions, overridden key by key by entries laid out as in a file, as
        nested mappings: what a what-if in a notebook needs without writing a file. Every
        entry still needs its unit, distribution and sources; problems name ``<name>``.

        >>> s = AssumptionSet.defaults().with_entries({"duds": {"dud_rate": {
        ...     "unit": "1", "value": 0.3, "sources": [{"who": "me", "where": "notebook",
        ...     "when": "2026-12", "says": "what if 30% were duds"}]}}})
        >>> s.overridden, s["duds.dud_rate"].describe()
        (('duds.dud_rate',), 'fixed 0.3')
        """
        if not isinstance(data, Mapping):
            raise InputError("data", "entries as nested mappings, laid out as in a file",
                             type(data).__name__)
        shown = f"<{name}>"
        plain = plain_data(data, "data", "data: ", also="; a quantity's number goes in "
                           "'value', its unit in 'unit'")
        got, labels, problems, failed = read_data(plain, shown)
        corr, corr_problems = read_correlations(plain.get("correlations"), shown)
        return self._with(got, labels, corr, problems + corr_problems, shown,
                          lambda: _canonical(plain), failed)

    def _with(self, got: dict[str, Assumption], labels: dict[str, str],
              corr: dict[str, Correlation], problems: list[InputError], shown: str,
              content: Callable[[], bytes], failed: Mapping[str, Mapping[str, Any]]
              ) -> AssumptionSet:
        """The override both ``with_`` methods make, every problem listed at once; the
        digest chains this one's with what overrides it, however written (see
        :func:`_canonical`), not its name: the same entries in a file of another name or
        layout, or given from Python, give the same digest. ``failed``: the entries
        the file gives that could not be read (each key and its table), still checked as
        keys, never reported missing (see :class:`Unread`)."""
        problems += self.override_problems([*got, *failed], shown)
        if problems and not got and not failed:  # nothing to check further
            raise AssumptionProblems(problems)
        merged = {**self.entries, **got}
        h = hashlib.sha256(self.digest.encode())
        h.update(content())
        result = AssumptionSet(
            merged, {**self.labels, **labels}, (*self.files, shown), h.hexdigest()[:16],
            # what every layer so far changed: a key overridden by an earlier file stays so
            # (a key one layer added is added, whatever a later one does to it)
            tuple(sorted(set(self.overridden)
                         | (set(got) & set(self.entries)) - set(self.added))),
            tuple(sorted(set(self.added) | (set(got) - set(self.entries)))),
            {**self.correlations, **corr},
            tuple(sorted(set(self.relabelled) | {k for k, v in labels.items()
                                                 if k in self.labels and self.labels[k] != v})))
        problems += value_problems(merged, got, shown)
        problems += _rate_period_problems(  # a key that moved is told where it went alone
            {**{k: dict(a.extra) for k, a in got.items() if k not in self.entries},
             **{k: raw for k, raw in failed.items() if k not in self.entries}}, shown)
        unread = {k: Unread(shown, raw) for k, raw in failed.items()}
        problems += result._set_problems(unread)
        problems += result.round_problems(got, besides=problems)
        problems += result.period_problems(unread)
        if problems:
            raise AssumptionProblems(problems)
        return result

    def period_problems(self, unread: Mapping[str, Unread] | None = None
                        ) -> list[InputError]:
        """The port-call periods (``calls.*``) one after the other, without gap or overlap:
        every break listed (each entry's own dates are checked as it is read). A period
        whose entry could not be read (``unread``) is placed by its dates as written (an
        empty one still leaves the gap it leaves); where they are not dates, no order is
        checked. Checked on every override, whichever command reads it."""
        from estimator.logistics import Period, call_period_problems

        placed = {}
        for key, u in (unread or {}).items():
            start, end = (_written_date(u.raw.get(n)) for n in ("period_start", "period_end"))
            placed[key] = (u.file, None if start is None or end is None
                           else Period(key, start, end))
        return call_period_problems(self, placed)

    def override_problems(self, keys: Iterable[str], shown: str) -> list[InputError]:
        """Keys of a user's file that are neither defaults nor parts of a new calibre nor a
        new port-call period (``calls.NAME``)."""
        problems: list[InputError] = []
        known = set(self.entries)
        named: set[str] = set()  # calibre names refused already
        for key in sorted(set(keys) - known):
            parts = key.split(".")
            if _calibre_part(key) and parts[2] in (*CALIBRE_KEYS, *CALIBRE_OPTIONAL):
                if parts[1] == "mix":  # the name every output gives the calibre mix
                    problems.append(AssumptionError(f"{shown}: {key}", "a calibre name other "
                                                    "than 'mix' (the calibre mix's name)",
                                                    parts[1]))
                elif not plain_id(parts[1]) and parts[1] not in named:  # once a calibre
                    named.add(parts[1])  # (shown as it stands in rows, columns, options)
                    problems.append(AssumptionError(f"{shown}: {key}", "a calibre name of "
                                                    "lower-case letters, digits and _, such "
                                                    "as 155mm_he", parts[1]))
                continue
            if key in RENAMED:
                problems.append(AssumptionError(f"{shown}: {key}", f"'{RENAMED[key]}' (the "
                                                "key moved there)", "the key's old name"))
                continue
            if f"{parts[0]}." in PERIOD_KEYS and len(parts) == 2:  # a period of one's own:
                continue  # port calls, a rate of fire or of output
            close = nearest(key, known)
            problems.append(AssumptionError(
                f"{shown}: {key}", "a key of the default assumptions" + (
                    f" (did you mean '{close}'?)" if close else
                    " or a new calibre under munitions or period under calls"), UNKNOWN_KEY))
        return problems

    def consistency_problems(self, unread: Mapping[str, Unread] | None = None
                             ) -> list[InputError]:
        """Keys that must exist, whole calibres, a mix over known calibres, the ratings, the
        percentiles drawn together and the correlation groups. ``unread``: entries files
        give that could not be read (their problems said): never called missing, nor blamed
        again where a check names them (a mix naming a calibre whose entries failed), and
        a mix among them is checked as written."""
        unread = unread or {}
        problems = self._missing_problems(unread)
        ships = [k.split(".")[1] for k in [*self.entries, *unread]
                 if k.startswith("ships.") and k.endswith(".containers_per_call")]
        problems += self._mix_problems("mix.calibre_share", self._calibres_given(unread),
                                       "calibres defined under munitions", unread)
        problems += self._mix_problems("ships.call_share", list(dict.fromkeys(ships)),
                                       "ships with a containers_per_call entry", unread)
        problems += self._bound_problems()
        problems += self._percentile_problems(unread)
        problems += check_groups(
            list(self.correlations.values()),
            {**dict.fromkeys(unread, 1),  # taken as sound: their problems are said
             **{k: a.distribution.width for k, a in self.entries.items() if k not in unread}},
            frozenset(k for k, a in self.entries.items() if a.distribution.width == 1
                      and a.distribution.support()[0] == a.distribution.support()[1]
                      and k not in unread))
        return problems

    def _set_problems(self, unread: Mapping[str, Unread], *, whole: bool = True
                      ) -> list[InputError]:
        """The problems of the set as a whole, every one at once, beside those of its
        entries (``unread``: the entries that could not be read). Where a file could not
        be read at all (not ``whole``), only the missing entries and the ratings: the set
        is a part, and a mix over calibres that file defines would only echo it."""
        if whole:
            return self.consistency_problems(unread)
        return [*self._missing_problems(unread), *self._bound_problems()]

    def _calibres_given(self, unread: Mapping[str, Unread]) -> list[str]:
        """The calibres of the entries, then those of the entries files give that could
        not be read (a calibre all of whose entries failed is still the file's)."""
        return list(dict.fromkeys([*self.calibres(),
                                   *(k.split(".")[1] for k in sorted(unread) if _calibre_part(k))]))

    def _missing_problems(self, unread: Mapping[str, Unread] | None = None) -> list[InputError]:
        """Keys that must exist and do not, whole calibres and stowage keys for a crate,
        but for ``unread`` (keys a file gives whose entries could not be read, and the file:
        a calibre all of whose entries failed is still the file's)."""
        unread = unread or {}
        problems: list[InputError] = []
        where = ", ".join(sorted({Path(f).name for f in self.files})) or "assumptions"

        def missing(key: str) -> bool:
            return key not in self.entries and key not in unread

        for key in REQUIRED:
            if missing(key):
                problems.append(AssumptionError(f"{where}: {key}", "this entry", MISSING))
        for calibre in self._calibres_given(unread):
            # the file that defines the calibre: where its missing entries belong
            home = next((a.file for k, a in self.entries.items()
                         if k.startswith(f"munitions.{calibre}.") and a.file), None) or next(
                (u.file for k, u in unread.items() if k.startswith(f"munitions.{calibre}.")),
                where)
            for name in CALIBRE_KEYS:
                if missing(f"munitions.{calibre}.{name}"):
                    problems.append(AssumptionError(f"{home}: munitions.{calibre}.{name}",
                                                    "every calibre to have " +
                                                    ", ".join(CALIBRE_KEYS), MISSING))
        crated = [c for c in self.calibres() if f"munitions.{c}.crate_length" in self.entries]
        for key in STOWAGE_KEYS if crated else ():
            if missing(key):
                crate = self.entries[f"munitions.{crated[0]}.crate_length"]
                problems.append(AssumptionError(
                    f"{crate.file or where}: {key}", f"this entry, since "
                    f"munitions.{crated[0]}.crate_length is given", MISSING))
        return problems

    def _bound_problems(self) -> list[InputError]:
        """A payload limit above the box's rated gross mass (which includes its tare), and
        a crate too long to lie in a 20ft box."""
        problems: list[InputError] = []
        for box in ("20ft", "40ft"):
            payload = self.entries.get(f"containers.{box}.payload_limit")
            rating = self.entries.get(f"containers.{box}.max_gross_iso")
            if payload is None or rating is None:
                continue
            most, words = _top(payload, "t")
            rated = Q_(rating.distribution.support()[1], rating.unit).m_as("t")
            if most > rated * (1 + 1e-9) and self._later(rating, payload):  # the rating moved
                problems.append(AssumptionError(
                    f"{rating.file}: {rating.key}", "a rated gross mass (which includes the "
                    f"tare) at least the payload limit ({payload.key}: {words}, in "
                    f"{payload.file})", f"{rated:g} t"))
            elif most > rated * (1 + 1e-9):
                problems.append(AssumptionError(
                    f"{payload.file}: {payload.key}", "a payload at most the box's rated gross "
                    f"mass ({rating.key}: {rated:g} t, which includes its tare)", words))
        inside = self.entries.get("containers.20ft.internal_length")
        for calibre in self.calibres() if inside is not None else ():
            crate = self.entries.get(f"munitions.{calibre}.crate_length")
            if crate is None:
                continue
            most, words = _top(crate, "m")
            shortest = Q_(inside.distribution.support()[0], inside.unit).m_as("m")
            if most >= shortest and self._later(inside, crate):  # the box moved, not the crate
                problems.append(AssumptionError(
                    f"{inside.file}: {inside.key}", f"an inside length that a crate fits "
                    f"lengthwise ({crate.key}: {words}, in {crate.file})", f"from {shortest:g} m"))
            elif most >= shortest:
                problems.append(AssumptionError(
                    f"{crate.file}: {crate.key}", "a crate that fits a 20ft box lengthwise "
                    f"(containers.20ft.internal_length: from {shortest:g} m)", words))
        return problems

    def _percentile_problems(self, unread: Mapping[str, Unread] | None = None
                             ) -> list[InputError]:
        """An entry drawn at the percentile of another (``same_percentile_as``): that other
        must be another one-dimensional entry, drawn on its own percentile (no chains), and
        neither in a correlation group (the group would give it a rank of its own). An entry
        of ``unread`` (not read, its problems said) is checked as written: its own field
        (a slip in the key it names was said only once its other problems were mended),
        and as the entry another names."""
        problems: list[InputError] = []
        unread = unread or {}
        grouped = {k: g.name for g in self.correlations.values() for k in g.keys}
        for key in dict.fromkeys([*self.entries, *unread]):
            a = self._tie(key, unread)
            ref = a.ref if a is not None else ""
            if not ref:
                continue
            place = f"{a.file}: {key}.{SAME_PERCENTILE}"
            other = self._tie(ref, unread)
            expected = "the key of another entry, drawn on its own percentile"
            if other is None or ref == key:
                close = nearest(ref, [*self.entries, *unread])
                problems.append(AssumptionError(place, expected + (
                    f" (did you mean '{close}'?)" if close and ref != key else ""),
                    Said("itself") if ref == key else ref))
            elif other.ref and self._later(other, a):  # the later file's
                problems.append(AssumptionError(  # field made the chain: it is blamed
                    f"{other.file}: {ref}.{SAME_PERCENTILE}", f"no such field here ({key}, in "
                    f"{a.file}, is drawn at this entry's percentile: no chains)", other.ref))
            elif other.ref:
                problems.append(AssumptionError(place, f"{expected} (this one is drawn at the "
                                                f"percentile of {other.ref})", ref))
            elif a.width not in (1, None) or other.width not in (1, None):
                problems.append(AssumptionError(place, "one-dimensional entries (not a mix)",
                                                ref))
            else:
                for k in (key, ref):
                    group = self.correlations.get(grouped.get(k, ""))
                    if group is not None and self._later(group, a):  # the group came later
                        problems.append(AssumptionError(
                            f"{group.file}: {GROUP}{group.name}.keys", f"keys drawn on their own "
                            f"percentile ({key}, in {a.file}, is drawn at {ref}'s)", k))
                    elif group is not None:
                        problems.append(AssumptionError(place, "entries in no correlation "
                                                        "group (it would give the pair two "
                                                        "ranks)", Words(f"{k!r}, in "
                                                                        f"{GROUP}{group.name}")))
        return problems

    def _tie(self, key: str, unread: Mapping[str, Unread]) -> _Tie | None:
        """What ``key``'s entry says of its percentile: as read, or, where it could not be
        read, as written (its width unknown but where it is written as a mix); None where
        no file gives the key."""
        failed = unread.get(key)
        if failed is not None:
            ref, raw = failed.raw.get(SAME_PERCENTILE), failed.raw
            scenarios = raw.get("scenarios")
            mix = any(isinstance(t, Mapping) and "categories" in t  # a Dirichlet's field
                      for t in [raw, *(scenarios if isinstance(scenarios, list) else ())])
            return _Tie(ref if isinstance(ref, str) else "", failed.file, 2 if mix else None)
        entry = self.entries.get(key)
        return None if entry is None else _Tie(entry.same_percentile_as, entry.file,
                                               entry.distribution.width)

    def _later(self, a: Assumption | Correlation | _Tie, b: Assumption | Correlation | _Tie
               ) -> bool:
        """Whether ``a`` comes from a file read after ``b``'s (a user's over the defaults):
        where two entries disagree, the one a later file set is the one to blame."""
        order = {f: i for i, f in enumerate(self.files)}
        return order.get(a.file, -1) > order.get(b.file, -1)

    def density_problems(self, given: Iterable[str], *,
                         besides: Iterable[InputError] = ()) -> list[InputError]:
        """A round (either basis) whose median mass over median volume is not between
        balsa wood and osmium, for each calibre with a mass or volume among ``given`` (the
        keys a file set): a mass in g where kg was meant, or a volume in L for m**3. A key
        named by a problem in ``besides`` is not blamed again."""
        problems: list[InputError] = []
        given = _unnamed(given, besides)
        for calibre in self.calibres():
            for basis in ("projectile", "complete"):
                keys = [f"munitions.{calibre}.{basis}_{what}" for what in ("mass", "volume")]
                if not given & set(keys) or not all(k in self.entries for k in keys):
                    continue
                mass, volume = (self.entries[k] for k in keys)
                try:
                    density = _median(mass, "t") / _median(volume, "m**3")
                except (pint.errors.PintError, ZeroDivisionError, ValueError):
                    continue  # a wrong dimension or a zero is a problem of its own
                if BALSA_T_M3 <= density <= OSMIUM_T_M3:
                    continue
                blame, other = (mass, volume) if keys[0] in given else (volume, mass)
                hint = next((_slip(blame, what, up) for what, f, up in (
                    ("light", 1000.0, blame.key.endswith("_mass")),
                    ("dense", 0.001, blame.key.endswith("_volume")))
                    if BALSA_T_M3 <= density * f <= OSMIUM_T_M3), "")
                problems.append(AssumptionError(
                    f"{blame.file}: {blame.key}", f"a round between balsa wood ({BALSA_T_M3:g} "
                    f"t/m^3) and osmium ({OSMIUM_T_M3:g} t/m^3) in density, with {other.key} "
                    f"(median {_median(other, other.unit):.4g} {other.unit})",
                    Said(f"a median of {_median(blame, blame.unit):.4g} {blame.unit}, " + (
                        f"{density:.3g} t/m^3" if density < 1000 else f"{density:,.0f} t/m^3")),
                    hint=hint))
        return problems

    def complete_round_problems(self, given: Iterable[str], *,
                                besides: Iterable[InputError] = ()) -> list[InputError]:
        """A round as shipped (``complete_mass``, ``complete_volume``) whose median is below
        its bare projectile's (``projectile_mass``, ``projectile_volume``), for each calibre
        with either among ``given`` (the keys a file set): it holds the projectile with its
        charge, fuze, case and crate share, so it weighs no less and takes no less room. The
        medians, not the tails: a complete round's wide range may overlap its projectile's
        narrow one (``estimate assumptions check --properties`` finds the trials where two
        such draws cross). The key ``given`` is blamed, the complete round's if both are; a
        key named by a problem in ``besides`` is not blamed again."""
        problems: list[InputError] = []
        given = _unnamed(given, besides)
        for calibre in self.calibres():
            for what in ("mass", "volume"):
                keys = [f"munitions.{calibre}.{basis}_{what}"
                        for basis in ("projectile", "complete")]
                if not given & set(keys) or not all(k in self.entries for k in keys):
                    continue
                bare, whole = (self.entries[k] for k in keys)
                try:
                    least, most = _median(bare, whole.unit), _median(whole, whole.unit)
                except (pint.errors.PintError, ValueError):
                    continue  # a wrong dimension is a problem of its own
                if most >= least * (1 - 1e-9):
                    continue
                verb, room = ("weighs", "") if what == "mass" else ("takes", " the room of")
                if whole.key in given:
                    blame, other = whole, bare
                    expected = (f"a round as shipped that {verb} at least{room} its bare "
                                f"projectile ({bare.key}: median {_median(bare, bare.unit):.4g}"
                                f" {bare.unit_text}), which it holds (with any charge, case "
                                "and crate share)")
                else:
                    blame, other = bare, whole
                    expected = (f"a bare projectile that {verb} at most{room} the round as "
                                f"shipped that holds it ({whole.key}: median "
                                f"{_median(whole, whole.unit):.4g} {whole.unit_text})")
                problems.append(AssumptionError(
                    f"{blame.file}: {blame.key}", expected,
                    Said(_median_words(blame, other)), hint=_unit_slip(blame, other)))
        return problems

    def round_problems(self, given: Iterable[str], *,
                       besides: Iterable[InputError] = ()) -> list[InputError]:
        """The rounds' own checks for the calibres a file set (``given``): each basis's
        density (:meth:`density_problems`), then each round as shipped against its bare
        projectile (:meth:`complete_round_problems`), a key blamed once."""
        given, besides = list(given), list(besides)
        problems = self.density_problems(given, besides=besides)
        return problems + self.complete_round_problems(given, besides=[*besides, *problems])

    def _mix_problems(self, key: str, known: list[str], what: str,
                      unread: Mapping[str, Unread] | None = None) -> list[InputError]:
        """A Dirichlet mix entry ``key`` whose categories are all in ``known``; where its
        entry could not be read (``unread``), the categories as written, each name once
        (a repeat is a problem of the entry's own)."""
        mix, failed = self.entries.get(key), (unread or {}).get(key)
        if failed is not None:
            cats, file = failed.raw.get("categories"), failed.file
            if not isinstance(cats, list) or not all(isinstance(c, str) for c in cats):
                return []  # said as the entry was read
        elif mix is None:
            return []
        else:
            cats, file = getattr(mix.distribution, "categories", None), mix.file
            if cats is None:
                return [AssumptionError(f"{mix.file}: {key}", "a Dirichlet mix (categories, "
                                        "alpha)", mix.distribution.describe())]
        return [AssumptionError(f"{file}: {key}.categories", what, c)
                for c in dict.fromkeys(cats) if c not in known]

    def calibres(self) -> list[str]:
        """The calibre ids under ``munitions``, in file order."""
        return list(dict.fromkeys(k.split(".")[1] for k in self.entries if _calibre_part(k)))

    def label(self, group: str) -> str:
        """A group's label from its file (``munitions.152mm_he``: its ``label``), else the
        last part of its key."""
        return self.labels.get(group, group.rsplit(".", 1)[-1])

    def quantity_at(self, key: str, u: float) -> pint.Quantity:
        """One value of an entry at probability ``u`` (e.g. 0.5 for the median)."""
        if not (finite(u) and 0.0 <= u <= 1.0):
            raise InputError("u", "a probability from 0 to 1, such as 0.5 for the median", u)
        entry = self[key]
        if entry.distribution.width != 1:  # a mix's shares have no one quantile
            raise InputError("key", "an entry of one value a trial (a mix's shares have no "
                             "single quantile: draw them with the engine)", key)
        return entry.ppf(np.array([float(u)]))[0]


def given_or_defaults(assumptions: object, place: str = "assumptions") -> AssumptionSet:
    """``assumptions``, or the defaults for None; anything else (a file's path, a dict)
    is an error saying how to make an :class:`AssumptionSet`."""
    if assumptions is None:
        return AssumptionSet.defaults()
    if not isinstance(assumptions, AssumptionSet):
        raise InputError(place, "an AssumptionSet, such as AssumptionSet.defaults() or "
                         "AssumptionSet.defaults().with_file(path)", _what(assumptions))
    return assumptions


def _what(value: object) -> object:
    """A value for an error message: itself if short and plain, else its type's name."""
    return value if isinstance(value, (str, Path)) else type(value).__name__


def read_file_as(path: Path, shown: str) -> FileRead:
    """:func:`read_file`, with problems and entries naming the file as ``shown``."""
    read = read_file(path)
    entries, labels, problems, failed = read
    if shown == str(path):
        return read
    renamed = {k: replace(a, file=shown) for k, a in entries.items()}
    fixed = []
    for p in problems:
        place = p.place.replace(str(path), shown, 1)
        fixed.append(type(p)(place, p.expected, p.got, hint=p.hint))
    return FileRead(renamed, labels, fixed, failed)


def check_file(path: str | Path, base: AssumptionSet | None = None) -> list[InputError]:
    """Every problem in a user's file, read as an override of ``base`` (the defaults):
    an empty list for a file that loads.

    >>> check_file(defaults_dir() / "rates.toml")  # the defaults' own file over themselves
    []
    """
    base = given_or_defaults(base, "base")
    try:
        base.with_file(path)
    except AssumptionProblems as exc:
        return exc.problems
    return []
