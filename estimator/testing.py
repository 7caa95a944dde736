"""Property checks of assumption files, and hypothesis strategies, for your own test suite.

A researcher who writes an assumption file of their own can check, in a few lines of
pytest, that it is physically sane and that the models behave with it before they
publish a number made with it::

    from estimator.testing import check_assumptions

    def test_my_assumptions():
        check_assumptions("my_assumptions.toml")   # merged over the defaults

:func:`check_assumptions` raises :class:`PropertyBroken` (an ``AssertionError``) whose
message names each broken property and the smallest counterexample hypothesis found,
in plain words, for example: "with containers.20ft.payload_limit at 26.5 t (its 90th
percentile) and munitions.152mm_he.complete_mass at 62.16 kg (its 10th percentile)
(every other input at its middle value), 152mm_he rounds per container on the complete
basis (471.8) exceed payload / mass (372.8)".

The properties (each also a function of its own, ``check_caps`` and so on, which
returns a :class:`PropertyResult` when the property held and raises when it broke):

=============  ======================================================================
``caps``       rounds per container never exceed payload / round mass, nor usable
               volume / packed volume (each box size, mixed by the 40ft share); the
               mix lies between its calibres
``packing``    a round as shipped is no lighter and no smaller than its bare
               projectile, percentile by percentile, no denser than steel nor
               lighter than balsa wood, and one fits in a 20ft box
``usable``     0 <= usable rounds <= rounds
``units``      the same draws in other units (t, lb, L, cubic feet, percent) give the
               same rounds
``monotone``   more containers never give fewer rounds (trial by trial, same seed)
``ordered``    5th <= 50th <= 95th percentile in every row, and usable below rounds
``determinism``  the same seed gives the same numbers, whatever the block size
=============  ======================================================================

``caps``, ``usable`` and ``units`` put each input at a percentile from
:data:`PERCENTILES` and evaluate the real container chain
(:func:`estimator.estimates.containers_model`) at that point, a batch of such points per
example; a failing point is then moved towards the medians, input by input, as far as it
still fails, so the counterexample names only the inputs the failure needs, at their
least extreme percentiles. ``packing`` compares the munition entries themselves
(hypothesis shrinks its counterexample); the last three run the engine on a few samples.
Every check is reproducible (``derandomize``), bounded by ``max_examples``, and never
prints. Call them from a plain test function, not from inside a ``@given`` test
(hypothesis refuses nested searches unless the outer test suppresses
``HealthCheck.nested_given``).

The strategies (:func:`quantities`, :func:`intervals`, :func:`distribution_mappings`,
:func:`entry_mappings`, :func:`assumption_sets`, :func:`count_texts`, :func:`claims`)
draw valid inputs from the parameter domains declared in
:mod:`estimator.distributions`; :func:`as_toml` writes drawn tables as a file.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import hashlib
import json
import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, TypeVar

import numpy as np
import pint
from hypothesis import HealthCheck, Phase, Verbosity, assume, given, settings
from hypothesis import strategies as st
from hypothesis.errors import HypothesisException

from estimator._args import file_path, some_names, whole
from estimator.assumptions import (
    BALSA_T_M3,
    STEEL_T_M3,
    Assumption,
    AssumptionSet,
    value_problems,
)
from estimator.chain import BASES, BOXES, MIX
from estimator.counts import FORMS as COUNT_FORMS
from estimator.distributions import FORMS, POSITIVE, REAL, SHAPE, WEIGHT
from estimator.engine import Draws, Engine, Sampled
from estimator.errors import InputError
from estimator.estimates import containers_model, estimate_containers
from estimator.units import Q_, ureg

__all__ = [
    "DEFAULT_EXAMPLES",
    "DEFAULT_SAMPLES",
    "PERCENTILES",
    "PROPERTIES",
    "PropertyBroken",
    "PropertyResult",
    "as_toml",
    "assumption_sets",
    "check_assumptions",
    "check_caps",
    "check_determinism",
    "check_monotone",
    "check_ordered",
    "check_packing",
    "check_units",
    "check_usable",
    "claims",
    "count_texts",
    "distribution_mappings",
    "entry_mappings",
    "intervals",
    "quantities",
    "run_properties",
]

T = TypeVar("T")
Assumptions = AssumptionSet | str | Path | None

DEFAULT_EXAMPLES = 10  # hypothesis examples per property
DEFAULT_SAMPLES = 64  # engine trials per run inside the sampled properties
# Percentiles an input is put at (the median first: hypothesis shrinks towards it).
PERCENTILES: tuple[int, ...] = (50, 25, 75, 10, 90, 5, 95)
# The densest and the lightest a round can be: carbon steel and balsa wood (the loader
# checks every file's medians against the same two).
STEEL_DENSITY = Q_(STEEL_T_M3, "t/m^3")
BALSA_DENSITY = Q_(BALSA_T_M3, "t/m^3")
# Units the ``units`` property re-expresses each dimension in (the first is the reference).
UNITS: dict[str, tuple[str, ...]] = {
    "mass": ("kg", "t", "g", "lb"),
    "volume": ("m^3", "L", "cuft"),
    "length": ("m", "mm", "ft"),
    "time": ("day", "h", "month"),
    "fraction": ("", "percent"),
}
_RTOL = 1e-9
_SHRINK_CALLS = 25  # runs hypothesis may spend simplifying a counterexample it found


# ------------------------------------------------------------------------------- results

@dataclass(frozen=True)
class PropertyResult:
    """How one property fared: held, or broken with the smallest counterexample found."""

    name: str
    statement: str
    held: bool
    examples: int  # hypothesis examples asked for
    counterexample: str = ""

    def __str__(self) -> str:
        head = f"{'held' if self.held else 'broken'}: {self.name}: {self.statement}"
        return head if self.held else f"{head}\n  {self.counterexample}"


class PropertyBroken(AssertionError):
    """One or more properties broke; ``results`` has them all, the message the broken ones."""

    def __init__(self, results: Sequence[PropertyResult]) -> None:
        self.results = tuple(results)
        broken = [r for r in self.results if not r.held]
        lines = [f"{len(broken)} of {len(self.results)} assumption properties broken:"]
        lines += [f"{r.name} ({r.statement}): {r.counterexample}" for r in broken]
        super().__init__("\n".join(lines))


class _Counterexample(Exception):
    """Raised inside a hypothesis test with the counterexample in words (and, for the
    pinned properties, the failing combination, to be simplified further)."""

    def __init__(self, words: str, data: object = None) -> None:
        super().__init__(words)
        self.data = data


@functools.cache
def _defaults() -> AssumptionSet:
    return AssumptionSet.defaults()


def _load(assumptions: Assumptions) -> AssumptionSet:
    """An assumption set, the defaults (None), or a file merged over the defaults."""
    if assumptions is None:
        return _defaults()
    if isinstance(assumptions, AssumptionSet):
        return assumptions
    return _defaults().with_file(file_path(assumptions, "assumptions"))


def _settings(max_examples: int, *, shrink: bool = True) -> settings:
    if not whole(max_examples) or max_examples < 1:
        raise InputError("max_examples", "a whole number of 1 or more", max_examples)
    max_examples = int(max_examples)
    phases = tuple(p for p in Phase if p is not Phase.explain and (shrink or p is not Phase.shrink))
    return settings(max_examples=max_examples, deadline=None, derandomize=True, database=None,
                    phases=phases,
                    verbosity=Verbosity.quiet, report_multiple_bugs=False, print_blob=False,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                           HealthCheck.filter_too_much,
                                           HealthCheck.large_base_example])


def _search(name: str, strategy: st.SearchStrategy[T], test: Callable[[T], str | None],
            max_examples: int, corners: T | None = None, *, shrink: bool = True
            ) -> tuple[PropertyResult, object]:
    """Run ``test`` on examples of ``strategy`` (and on ``corners``, a fixed example it
    may fall back to); a string returned (or a :class:`_Counterexample` raised) is a
    counterexample, shrunk by hypothesis. Returns the result and the counterexample's data."""

    failed: list[tuple[T, _Counterexample]] = []

    def body(x: T) -> None:
        if failed:
            # Shrinking: after a bounded number of tries, only the examples already seen
            # to fail still fail, so hypothesis stops with the simplest of them.
            shrink_calls[0] += 1
            if shrink_calls[0] > _SHRINK_CALLS:
                for y, exc in failed:
                    if y == x:
                        raise _Counterexample(str(exc), exc.data)
                return
        try:
            words = test(x)
        except _Counterexample as exc:
            failed.append((x, exc))
            raise
        except Exception as exc:  # the models refused a value the file allows
            found = _Counterexample(f"the models failed ({type(exc).__name__}: {exc})")
            failed.append((x, found))
            raise found from None
        if words is not None:
            failed.append((x, _Counterexample(words)))
            raise _Counterexample(words)

    shrink_calls = [0]
    # The corners come second, so that a failure found there still shrinks to the simplest
    # failing example of the strategy when there is one.
    search = strategy if corners is None else st.one_of(strategy, st.just(corners))
    prop = _settings(max_examples, shrink=shrink)(given(search)(body))
    try:
        prop()
    except _Counterexample as exc:
        return PropertyResult(name, _STATEMENTS[name], False, max_examples, str(exc)), exc.data
    return PropertyResult(name, _STATEMENTS[name], True, max_examples), None


def _raise_if_broken(result: PropertyResult) -> PropertyResult:
    __tracebackhide__ = True
    if not result.held:
        raise PropertyBroken([result])
    return result


# -------------------------------------------------------------------- words for numbers

def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _g(x: float) -> str:
    return f"{x:,.0f}" if abs(x) >= 1e3 else f"{x:.4g}"


def _show(q: pint.Quantity) -> str:
    unit = f"{q.units:~P}"
    return _g(float(q.magnitude)) + (f" {unit}" if unit else "")


def _percentile_words(a: Sampled, value: float) -> str:
    """Where ``value`` sits in the distribution of ``a``: "its 5th percentile"."""
    u = (np.arange(4000) + 0.5) / 4000
    vals = np.sort(a.distribution.ppf(u))
    below = round(100 * np.searchsorted(vals, value, side="left") / len(vals))
    upto = round(100 * np.searchsorted(vals, value, side="right") / len(vals))
    low, high = max(min(below, 99), 1), max(min(upto, 99), 1)
    if high - low > 2:  # a point mass (a fixed scenario of a mixture)
        return f"its {_ordinal(low)} to {_ordinal(high)} percentile"
    return f"its {_ordinal(round((low + high) / 2))} percentile"


def _at_words(s: AssumptionSet, at: Mapping[str, int]) -> str:
    """"with KEY at VALUE (its Nth percentile) and ..." for the inputs not at the median."""
    parts = []
    for key, p in at.items():
        if p == 50 or key not in s:
            continue
        a = s[key]
        if a.distribution.width > 1:
            cats = getattr(a.distribution, "categories", ())
            shares = a.distribution.ppf(np.full((1, a.distribution.width), p / 100.0))[0]
            top = sorted(zip(shares, cats, strict=True), reverse=True)[:3]
            parts.append(f"{key} at " + ", ".join(f"{c} {v:.0%}" for v, c in top) + ", ...")
            continue
        value = a.ppf(np.array([p / 100.0]))[0]
        parts.append(f"{key} at {_show(value)} ({_percentile_words(a, float(value.magnitude))})")
    if not parts:
        return "with every input at its middle value"
    return "with " + _join(parts) + " (every other input at its middle value)"


def _join(parts: Sequence[str]) -> str:
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


# ------------------------------------------------------------- pinned trials

_BATCH = 8  # percentile combinations evaluated together in one example (one engine run)


class _Pinned(Engine):
    """An engine whose trial i puts each input at the percentile ``batch[i]`` gives it (an
    input not named there at 0.5), optionally re-expressing each drawn quantity in the
    unit ``units`` gives its dimension."""

    def __init__(self, inputs: Iterable[Sampled], batch: Sequence[Mapping[str, int]],
                 units: Mapping[str, str] | None = None) -> None:
        super().__init__(inputs, seed=0, samples=max(len(batch), 1))
        self._batch = list(batch) or [{}]
        self._units = units or {}

    _ties_percentiles = False  # each input at the percentile the batch names for it

    def uniforms(self, key: str, start: int, n: int, width: int = 1) -> np.ndarray:
        u = np.array([at.get(key, 50) for at in self._batch[start:start + n]], float) / 100.0
        return u if width == 1 else np.repeat(u[:, None], width, axis=1)

    def draw(self, key: str, start: int, n: int) -> pint.Quantity:
        q = super().draw(key, start, n)
        if not self._units:
            return q
        dim = _dimension(q)
        unit = self._units.get(dim) if dim else None
        return q if unit is None else q.to(unit)


def _dimension(q: pint.Quantity) -> str | None:
    for name in UNITS:
        if q.dimensionality == Q_(1.0, UNITS[name][0]).dimensionality:
            return name
    return None


def _chain_model(s: AssumptionSet) -> tuple[list[Sampled], Callable[[Draws], dict[str, Any]],
                                           list[str], list[str]]:
    """The container chain for one container, with the caps computed beside it from the
    same draws; the calibres; and the keys worth moving (read, and not fixed)."""
    inputs, model, chosen = containers_model("1", s)

    def with_caps(d: Draws) -> dict[str, Any]:
        out = dict(model(d))
        share = d["containers.share_40ft"].m_as("")
        weights = {"20ft": 1.0 - share, "40ft": share}
        payload = {b: d[f"containers.{b}.payload_limit"].m_as("kg") *
                   d["containers.mass_utilisation"].m_as("") for b in BOXES}
        room = {b: d[f"containers.{b}.internal_volume"].m_as("m^3") *
                d["containers.volume_utilisation"].m_as("") for b in BOXES}
        for basis in BASES:
            for c in chosen:
                if c == MIX:
                    continue
                mass = d[f"munitions.{c}.{basis}_mass"].m_as("kg")
                volume = d[f"munitions.{c}.{basis}_volume"].m_as("m^3")
                out[f"{basis}.{c}.weight_cap"] = sum(weights[b] * payload[b] / mass
                                                     for b in BOXES)
                out[f"{basis}.{c}.volume_cap"] = sum(weights[b] * room[b] / volume
                                                     for b in BOXES)
        return out

    probe = _Pinned(inputs, [{}])
    keys = [k for k in probe.reads(with_caps)
            if k in s and s[k].distribution.form != "fixed"]
    return inputs, with_caps, chosen, keys


def _batches(keys: Sequence[str], grid: Sequence[int]
             ) -> st.SearchStrategy[list[dict[str, int]]]:
    """Up to :data:`_BATCH` combinations of percentiles, one per input key; hypothesis
    shrinks a failing batch to the one combination that fails, each input to the median."""
    one = st.fixed_dictionaries({k: st.sampled_from(tuple(grid)) for k in keys})
    return st.lists(one, min_size=1, max_size=_BATCH)


def _corners(keys: Sequence[str], grid: Sequence[int]) -> list[dict[str, int]]:
    """Every input at its median, then all at the lowest and all at the highest percentile."""
    return [{k: p for k in keys} for p in (50, min(grid), max(grid))]


def _value(out: Mapping[str, Any], name: str, i: int) -> float:
    v = out[name]
    return float(np.asarray(v.m_as("round") if isinstance(v, pint.Quantity) else v)[i])


Rows = Callable[[list[dict[str, int]], Any], list["str | None"]]
# Stands for "with KEY at VALUE (its Nth percentile) and ..." in the words ``rows`` gives,
# so that those words (slow to make) are made only for the counterexample reported.
_AT = "\x00AT\x00"


def _pinned_search(name: str, s: AssumptionSet, keys: Sequence[str], grid: Sequence[int],
                   max_examples: int, rows: Rows, extra: st.SearchStrategy[Any] | None = None,
                   extra_corner: Any = None,
                   simpler: Callable[[Any], list[Any]] | None = None) -> PropertyResult:
    """Search batches of percentile combinations (with an ``extra`` choice, such as units)
    for one whose row ``rows`` words as broken; then put back at the median every input
    that the failure does not need, and simplify ``extra`` by ``simpler``, so that the
    counterexample names only what matters."""

    def test(case: tuple[list[dict[str, int]], Any]) -> str | None:
        batch, x = case
        for at, words in zip(batch, rows(batch, x), strict=True):
            if words:
                raise _Counterexample(words.replace(_AT, _at_words(s, at)), (at, x))
        return None

    strategy = st.tuples(_batches(keys, grid), extra if extra is not None else st.none())
    # No shrinking by hypothesis here: a batch of many inputs takes it a long time, and
    # the batched simplification below does the same job in a few runs of the model.
    result, data = _search(name, strategy, test, max_examples,
                           (_corners(keys, grid), extra_corner), shrink=False)
    if result.held or data is None:
        return result
    at, x = data  # type: ignore[misc]

    def fails(batch: list[dict[str, int]], y: Any = x) -> list[bool]:
        return [w is not None for w in rows(batch, y)]

    at = _towards_medians(at, grid, fails)
    while simpler is not None:
        y = next((y for y in simpler(x) if fails([at], y)[0]), None)
        if y is None:
            break
        x = y
    words = rows([at], x)[0]
    return PropertyResult(name, result.statement, False, max_examples,
                          words.replace(_AT, _at_words(s, at)) if words
                          else result.counterexample)


def _towards_medians(at: dict[str, int], grid: Sequence[int],
                     fails: Callable[[list[dict[str, int]]], list[bool]]) -> dict[str, int]:
    """``at`` with each input moved as close to its median as it can go while ``fails``
    still fails: every one-step move (95th to 90th, 10th to 25th, ...) is tried in one
    batch, then all the harmless ones together (or, should they interact, the first)."""
    levels = sorted(set(grid) | {50})

    def closer(p: int) -> int:
        i = levels.index(p)
        return levels[i + 1] if p < 50 else levels[i - 1]

    current = dict(at)
    for _ in range(len(current) * len(levels)):
        moved = [k for k, p in current.items() if p != 50]
        steps = [{**current, k: closer(current[k])} for k in moved]
        still = fails(steps) if steps else []
        harmless = [k for k, f in zip(moved, still, strict=True) if f]
        if not harmless:
            break
        together = {**current, **{k: closer(current[k]) for k in harmless}}
        current = together if fails([together])[0] else steps[still.index(True)]
    return current


# ------------------------------------------------------------------------ the properties

_STATEMENTS = {
    "caps": "rounds per container never exceed payload / mass or usable volume / packed volume",
    "packing": "a round as shipped is no lighter and no smaller than its bare projectile "
               "(at each percentile, and in every trial drawn), between balsa wood and steel "
               "in density, and fits in a 20ft box",
    "usable": "0 <= usable rounds <= rounds",
    "units": "the same inputs in other units give the same rounds",
    "monotone": "more containers never give fewer rounds",
    "ordered": "5th <= 50th <= 95th percentile, and usable rounds at or below rounds",
    "determinism": "the same seed gives the same numbers, whatever the block size",
}


def check_caps(assumptions: Assumptions = None, *, max_examples: int = DEFAULT_EXAMPLES,
               percentiles: Sequence[int] = PERCENTILES) -> PropertyResult:
    """Rounds per container within the weight and volume caps, for every calibre and basis,
    with each input at a percentile from ``percentiles``; the mix between its calibres."""
    __tracebackhide__ = True
    return _check("caps", assumptions, max_examples, DEFAULT_SAMPLES, percentiles)


def _caps(s: AssumptionSet, max_examples: int, grid: Sequence[int]) -> PropertyResult:
    inputs, model, chosen, keys = _chain_model(s)
    singles = [c for c in chosen if c != MIX]

    def rows(batch: list[dict[str, int]], _: Any) -> list[str | None]:
        out = _Pinned(inputs, batch).run(model)
        return [one(out, i, at) for i, at in enumerate(batch)]

    def one(out: Mapping[str, Any], i: int, at: dict[str, int]) -> str | None:
        for basis in BASES:
            rpc = {}
            for c in singles:
                n = rpc[c] = _value(out, f"{basis}.{c}.rounds", i)
                where = f"{c} rounds per container on the {basis} basis ({_g(n)})"
                if not (math.isfinite(n) and n >= 0):
                    return f"{_AT}, {where} is not a number of 0 or more"
                for cap, words in (("weight_cap", "payload / mass"),
                                   ("volume_cap", "usable volume / packed volume")):
                    limit = _value(out, f"{basis}.{c}.{cap}", i)
                    if n > limit * (1 + _RTOL):
                        return f"{_AT}, {where} exceed {words} ({_g(limit)})"
            if MIX in chosen and rpc:
                m = _value(out, f"{basis}.{MIX}.rounds", i)
                lo, hi = min(rpc.values()), max(rpc.values())
                if not lo * (1 - _RTOL) <= m <= hi * (1 + _RTOL):
                    return (f"{_AT}, the calibre mix gives {_g(m)} rounds per "
                            f"container on the {basis} basis, outside its calibres' "
                            f"{_g(lo)} to {_g(hi)}")
        return None

    return _pinned_search("caps", s, keys, grid, max_examples, rows)


def check_packing(assumptions: Assumptions = None, *, max_examples: int = DEFAULT_EXAMPLES,
                  percentiles: Sequence[int] = PERCENTILES) -> PropertyResult:
    """Per calibre: the complete round's mass and volume at or above the bare projectile's
    at each percentile, and mass / volume between the densities of balsa wood and steel,
    and one round no bigger than a 20ft box's usable volume, at any pair of percentiles."""
    __tracebackhide__ = True
    return _check("packing", assumptions, max_examples, DEFAULT_SAMPLES, percentiles)


PACKING_TRIALS = 20_000  # trials drawn to see a round as shipped below its bare projectile


def _packing_trials(s: AssumptionSet, calibres: Sequence[str]) -> str | None:
    """The first calibre whose round as shipped comes out lighter or smaller than its bare
    projectile in any of :data:`PACKING_TRIALS` trials drawn as a run draws them (each
    percentile above the bare one's can still meet a lower draw of the bare one, where the
    two are drawn apart): in words, or None."""
    keys = [f"munitions.{c}.{b}_{w}" for c in calibres for w in ("mass", "volume")
            for b in BASES]
    engine = Engine([s[k] for k in keys], seed=0, samples=PACKING_TRIALS,
                    correlations=[g for g in s.correlations.values() if set(g.keys) <= set(keys)])
    out = engine.run(lambda d: {k: d[k] for k in keys})
    for c in calibres:
        k = f"munitions.{c}."
        for what, noun in (("mass", "weighs less than"), ("volume", "takes less room than")):
            bare, whole = out[k + f"projectile_{what}"], out[k + f"complete_{what}"]
            low = np.flatnonzero(whole.m_as(bare.units) < bare.m * (1 - _RTOL))
            if low.size:
                i = int(low[0])
                return (f"in {low.size:,} of {PACKING_TRIALS:,} trials ({low.size / PACKING_TRIALS:.2%}"
                        f"), {c} as shipped {noun} its bare projectile (trial {i:,}: "
                        f"{_show(whole[i])} against {_show(bare[i].to(whole.units))}): "
                        f"{k}complete_{what} is drawn apart from {k}projectile_{what} and "
                        f"their ranges overlap; where one unknown drives both, draw it at "
                        f"the other's percentile (same_percentile_as = "
                        f"\"{k}projectile_{what}\" in its entry)")
    return None


def _packing(s: AssumptionSet, max_examples: int, grid: Sequence[int]) -> PropertyResult:
    calibres = s.calibres()

    grid_u = np.array(sorted(set(grid)), dtype=float) / 100.0
    table = {k: dict(zip(sorted(set(grid)), s[k].ppf(grid_u), strict=True)) for k in s
             if k.startswith("munitions.") and s[k].distribution.width == 1}

    def at(key: str, p: int) -> pint.Quantity:
        return table[key][p] if p in table.get(key, {}) else s[key].ppf(np.array([p / 100.0]))[0]

    box = ("containers.20ft.internal_volume", "containers.volume_utilisation")
    room = (float(s.quantity_at(box[0], 0.5).m_as("m^3") * s.quantity_at(box[1], 0.5).m_as(""))
            * ureg("m^3") if all(k in s for k in box) else None)

    def test(pq: tuple[int, int]) -> str | None:
        p, q = pq
        for c in calibres:
            k = f"munitions.{c}."
            for what, noun in (("mass", "weighs"), ("volume", "takes")):
                bare, whole = at(k + f"projectile_{what}", p), at(k + f"complete_{what}", p)
                if whole < bare * (1 - _RTOL):
                    words = (f"with {k}complete_{what} and {k}projectile_{what} both at "
                             f"their {_ordinal(p)} percentile, {c} as shipped {noun} "
                             f"{_show(whole)}, less than the bare projectile's "
                             f"{_show(bare.to(whole.units))}; the round as shipped includes "
                             f"its projectile, so it cannot "
                             f"{'weigh less' if what == 'mass' else 'take less room'}")
                    if what == "volume" and room is not None:
                        words += (f" (by volume a 20ft box would hold "
                                  f"{_g(float(room / whole))} of them, where only "
                                  f"{_g(float(room / bare))} bare projectiles fit)")
                    return words
            for basis in BASES:
                mass, volume = at(k + f"{basis}_mass", p), at(k + f"{basis}_volume", q)
                density = (mass / volume).to("t/m^3")
                at_pq = (f"with {k}{basis}_mass at {_show(mass)} ({_ordinal(p)} percentile) "
                         f"and {k}{basis}_volume at {_show(volume)} ({_ordinal(q)}), {c} "
                         f"({basis}) would be {_show(density)}")
                if room is not None and volume > room:
                    return (f"with {k}{basis}_volume at {_show(volume)} ({_ordinal(q)} "
                            f"percentile), one {c} round ({basis}) takes more than a 20ft "
                            f"box's usable volume at the medians ({_show(room.to(volume.units))})"
                            ": not one would fit")
                if density > STEEL_DENSITY:
                    return f"{at_pq}, denser than steel ({_show(STEEL_DENSITY)})"
                if density < BALSA_DENSITY:
                    return f"{at_pq}, lighter than balsa wood ({_show(BALSA_DENSITY)})"
        return None

    def batch(pqs: list[tuple[int, int]]) -> str | None:
        for pq in pqs:
            words = test(pq)
            if words:
                return words
        return None

    pairs = st.tuples(st.sampled_from(tuple(grid)), st.sampled_from(tuple(grid)))
    every = [(p, q) for p in grid for q in grid]
    result = _search("packing", st.lists(pairs, min_size=1, max_size=_BATCH), batch,
                     max_examples, every)[0]
    # ordered at each percentile, a pair drawn apart can still cross in a trial
    apart = _packing_trials(s, calibres) if result.held else None
    return result if apart is None else replace(result, held=False, counterexample=apart)


def check_usable(assumptions: Assumptions = None, *, max_examples: int = DEFAULT_EXAMPLES,
                 percentiles: Sequence[int] = PERCENTILES) -> PropertyResult:
    """Usable rounds (after duds) between 0 and the rounds, for every calibre, basis and the mix."""
    __tracebackhide__ = True
    return _check("usable", assumptions, max_examples, DEFAULT_SAMPLES, percentiles)


def _usable(s: AssumptionSet, max_examples: int, grid: Sequence[int]) -> PropertyResult:
    inputs, model, chosen, keys = _chain_model(s)

    def rows(batch: list[dict[str, int]], _: Any) -> list[str | None]:
        out = _Pinned(inputs, batch).run(model)
        return [one(out, i, at) for i, at in enumerate(batch)]

    def one(out: Mapping[str, Any], i: int, at: dict[str, int]) -> str | None:
        for basis in BASES:
            for c in chosen:
                n = _value(out, f"{basis}.{c}.rounds", i)
                u = _value(out, f"{basis}.{c}.usable", i)
                if not 0 <= u <= n * (1 + _RTOL):
                    return (f"{_AT}, {c} usable rounds per container on the "
                            f"{basis} basis ({_g(u)}) are not between 0 and the rounds "
                            f"({_g(n)})")
        return None

    return _pinned_search("usable", s, keys, grid, max_examples, rows)


def check_units(assumptions: Assumptions = None, *, max_examples: int = DEFAULT_EXAMPLES,
                percentiles: Sequence[int] = PERCENTILES) -> PropertyResult:
    """The same draws re-expressed in other units (masses in t, g or lb, volumes in L or
    cubic feet, fractions in percent) give the same rounds, usable rounds and binding limit."""
    __tracebackhide__ = True
    return _check("units", assumptions, max_examples, DEFAULT_SAMPLES, percentiles)


def _units(s: AssumptionSet, max_examples: int, grid: Sequence[int]) -> PropertyResult:
    inputs, model, _chosen, keys = _chain_model(s)
    unit_choice = st.fixed_dictionaries({dim: st.sampled_from(units)
                                         for dim, units in UNITS.items()})

    def rows(batch: list[dict[str, int]], units: dict[str, str]) -> list[str | None]:
        ref, alt = _Pinned(inputs, batch).run(model), _Pinned(inputs, batch, units).run(model)
        spelled = _join([f"{_PLURAL[dim]} in {u or 'plain numbers'}"
                         for dim, u in units.items() if u != UNITS[dim][0]]
                        or ["the reference units"])
        return [one(ref, alt, i, at, spelled) for i, at in enumerate(batch)]

    def one(ref: Mapping[str, Any], alt: Mapping[str, Any], i: int, at: dict[str, int],
            spelled: str) -> str | None:
        for name in ref:
            if not name.endswith((".rounds", ".usable", ".weight")):
                continue
            a, b = _value(ref, name, i), _value(alt, name, i)
            if not math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9):
                basis, calibre, what = name.split(".")
                what = "weight-limited share" if what == "weight" else what
                return (f"{_AT}, writing {spelled} changes {calibre} {what} per "
                        f"container on the {basis} basis from {_g(a)} to {_g(b)}")
        return None

    far = {dim: units[-1] for dim, units in UNITS.items()}
    return _pinned_search("units", s, keys, grid, max_examples, rows, unit_choice, far,
                          _simpler_units)


def _simpler_units(units: dict[str, str]) -> list[dict[str, str]]:
    """Each dimension in turn back to its reference unit (kept only where it still fails)."""
    return [{**units, dim: UNITS[dim][0]} for dim in units if units[dim] != UNITS[dim][0]]


_PLURAL = {"mass": "masses", "volume": "volumes", "length": "lengths", "time": "times",
           "fraction": "fractions"}


def _engine(s: AssumptionSet, inputs: list[Sampled], **kw: Any) -> Engine:
    """An engine as the analyses make it: with the assumptions' rank correlations."""
    correlations = getattr(s, "correlations", None)
    if correlations:
        return Engine(inputs, correlations=correlations.values(), **kw)
    return Engine(inputs, **kw)


def check_monotone(assumptions: Assumptions = None, *, max_examples: int = DEFAULT_EXAMPLES,
                   samples: int = DEFAULT_SAMPLES) -> PropertyResult:
    """A larger count of containers (exact, at least, up to, or a range shifted up) never
    gives fewer rounds or usable rounds, trial by trial, with the same seed."""
    __tracebackhide__ = True
    return _check("monotone", assumptions, max_examples, samples, PERCENTILES)


@st.composite
def _count_pairs(draw: st.DrawFn) -> tuple[str, str]:
    form = draw(st.sampled_from(("exact", "at_least", "up_to", "range")))
    a = draw(st.integers(0, 10**6))
    b = a + draw(st.integers(0, 10**6))
    if form == "range":
        w1, w2 = draw(st.integers(1, 10**5)), draw(st.integers(1, 10**5))
        top = "+" if draw(st.booleans()) else ""  # an open top ("6.5M-8M+") on both
        return f"{a}-{a + w1}{top}", f"{b}-{b + max(w1, w2)}{top}"
    fmt = {"exact": "{}", "at_least": "{}+", "up_to": "<={}"}[form]
    return fmt.format(a), fmt.format(b)


def _monotone(s: AssumptionSet, max_examples: int, samples: int) -> PropertyResult:
    def run(count: str, seed: int) -> dict[str, Any]:
        inputs, model, _ = containers_model(count, s)
        return _engine(s, inputs, seed=seed, samples=samples).run(model)

    def test(case: tuple[tuple[str, str], int]) -> str | None:
        (small, large), seed = case
        a, b = run(small, seed), run(large, seed)
        for name in a:
            if not name.endswith((".rounds", ".usable")):
                continue
            x, y = a[name].m_as("round"), b[name].m_as("round")
            bad = np.flatnonzero(y < x * (1 - _RTOL) - 1e-9)
            if bad.size:
                i = int(bad[0])
                basis, calibre, what = name.split(".")
                return (f"with seed {seed}, {calibre} {what} on the {basis} basis fall from "
                        f"{_g(x[i])} for {small} containers to {_g(y[i])} for {large} "
                        f"(trial {i})")
        return None

    case = st.tuples(_count_pairs(), st.integers(0, 2**32))
    return _search("monotone", case, test, max_examples)[0]


def check_ordered(assumptions: Assumptions = None, *, max_examples: int = DEFAULT_EXAMPLES,
                  samples: int = DEFAULT_SAMPLES) -> PropertyResult:
    """In every row of an estimate (any count as written, any seed): 5th <= 50th <= 95th
    percentile of rounds, usable rounds and rounds per box, and usable at or below rounds."""
    __tracebackhide__ = True
    return _check("ordered", assumptions, max_examples, samples, PERCENTILES)


def _ordered(s: AssumptionSet, max_examples: int, samples: int) -> PropertyResult:
    def test(case: tuple[str, int, bool]) -> str | None:
        count, seed, related = case
        est = estimate_containers(count, s, related=related, samples=samples, seed=seed)
        for row in est.rows:
            where = f"with count {count!r}, seed {seed}, {row.calibre} on the {row.basis} basis"
            for what, summ in (("rounds", row.rounds), ("usable rounds", row.usable),
                               ("rounds per container", row.per_container)):
                if not summ.p5 <= summ.p50 <= summ.p95:
                    return (f"{where}: {what} percentiles out of order (5th {_g(summ.p5)}, "
                            f"50th {_g(summ.p50)}, 95th {_g(summ.p95)})")
            for p in ("p5", "p50", "p95"):
                u, n = getattr(row.usable, p), getattr(row.rounds, p)
                if u > n * (1 + _RTOL):
                    return f"{where}: usable rounds ({_g(u)}) above rounds ({_g(n)}) at the {p}"
        return None

    case = st.tuples(count_texts(max_value=10**6), st.integers(0, 2**32), st.booleans())
    return _search("ordered", case, test, max_examples)[0]


def check_determinism(assumptions: Assumptions = None, *,
                      max_examples: int = DEFAULT_EXAMPLES,
                      samples: int = DEFAULT_SAMPLES) -> PropertyResult:
    """Two runs with the same seed, one in blocks of a drawn size, give identical numbers."""
    __tracebackhide__ = True
    return _check("determinism", assumptions, max_examples, samples, PERCENTILES)


def _determinism(s: AssumptionSet, max_examples: int, samples: int) -> PropertyResult:
    inputs, model, _ = containers_model("6,700", s)

    def test(case: tuple[int, int]) -> str | None:
        seed, block = case
        a = _engine(s, inputs, seed=seed, samples=samples).run(model)
        b = _engine(s, inputs, seed=seed, samples=samples, block_size=block).run(model)
        for name in a:
            x = np.asarray(getattr(a[name], "magnitude", a[name]))
            y = np.asarray(getattr(b[name], "magnitude", b[name]))
            if not np.array_equal(x, y):
                return (f"with seed {seed}, {name} differs between one block and blocks of "
                        f"{block} trials")
        return None

    case = st.tuples(st.integers(0, 2**32), st.integers(max(1, samples // 2), samples))
    return _search("determinism", case, test, max_examples)[0]


@dataclass(frozen=True)
class _Property:
    check: Callable[..., PropertyResult]
    run: Callable[[AssumptionSet, int, int, Sequence[int]], PropertyResult]


PROPERTIES: Mapping[str, _Property] = {
    "caps": _Property(check_caps, lambda s, e, n, g: _caps(s, e, g)),
    "packing": _Property(check_packing, lambda s, e, n, g: _packing(s, e, g)),
    "usable": _Property(check_usable, lambda s, e, n, g: _usable(s, e, g)),
    "units": _Property(check_units, lambda s, e, n, g: _units(s, e, g)),
    "monotone": _Property(check_monotone, lambda s, e, n, g: _monotone(s, e, n)),
    "ordered": _Property(check_ordered, lambda s, e, n, g: _ordered(s, e, n)),
    "determinism": _Property(check_determinism, lambda s, e, n, g: _determinism(s, e, n)),
}
"""Every property by name, with its check function (``PROPERTIES["caps"].check``)."""


def _validated(max_examples: int, samples: int, percentiles: Sequence[int]) -> None:
    _settings(max_examples)
    if not whole(samples) or samples < 2:  # a percentile needs a spread of trials
        raise InputError("samples", "a whole number of 2 or more", samples)
    if not percentiles or not all(whole(p) and 1 <= p <= 99 for p in percentiles):
        raise InputError("percentiles", "whole numbers from 1 to 99", list(percentiles))


def _guarded(name: str, s: AssumptionSet, max_examples: int, samples: int,
             percentiles: Sequence[int]) -> PropertyResult:
    """One property's result; models that fail on these assumptions break it."""
    try:
        return PROPERTIES[name].run(s, max_examples, samples, percentiles)
    except HypothesisException:
        raise
    except Exception as exc:
        return PropertyResult(name, _STATEMENTS[name], False, max_examples,
                              f"the models failed with every input at its middle value "
                              f"({type(exc).__name__}: {exc})")


def _check(name: str, assumptions: Assumptions, max_examples: int, samples: int,
           percentiles: Sequence[int]) -> PropertyResult:
    __tracebackhide__ = True
    _validated(max_examples, samples, percentiles)
    return _raise_if_broken(_guarded(name, _load(assumptions), max_examples, samples,
                                     percentiles))


def run_properties(assumptions: Assumptions = None, *, names: str | Sequence[str] | None = None,
                   max_examples: int = DEFAULT_EXAMPLES, samples: int = DEFAULT_SAMPLES,
                   percentiles: Sequence[int] = PERCENTILES) -> list[PropertyResult]:
    """Run the properties (all, or ``names``) and return every result; raises nothing for a
    broken property (see :func:`check_assumptions` for that)."""
    names = some_names(names, "names", "some of " + ", ".join(PROPERTIES)) or []
    unknown = [n for n in names if n not in PROPERTIES]
    if unknown:
        raise InputError("names", "some of " + ", ".join(PROPERTIES), unknown[0])
    _validated(max_examples, samples, percentiles)
    s = _load(assumptions)
    return [_guarded(n, s, max_examples, samples, percentiles) for n in (names or PROPERTIES)]


def check_assumptions(assumptions: Assumptions = None, *, names: str | Sequence[str] | None = None,
                      max_examples: int = DEFAULT_EXAMPLES,
                      samples: int = DEFAULT_SAMPLES) -> list[PropertyResult]:
    """Check every property (or ``names``) of an assumption file merged over the defaults
    (or of an :class:`~estimator.assumptions.AssumptionSet`, or of the defaults if None).

    Returns the results when all hold; raises :class:`PropertyBroken` (an AssertionError)
    naming each broken property and its smallest counterexample otherwise. A file with
    problems raises :class:`~estimator.assumptions.AssumptionProblems` naming them.

    >>> [r.held for r in check_assumptions(names=["usable"], max_examples=5)]
    [True]
    """
    __tracebackhide__ = True  # pytest shows the user's test, not this module's frames
    results = run_properties(assumptions, names=names, max_examples=max_examples,
                             samples=samples)
    if not all(r.held for r in results):
        raise PropertyBroken(results)
    return results


# ------------------------------------------------------------------------- strategies

_REFERENCE = {"mass": "kg", "volume": "m^3", "length": "m", "time": "day", "fraction": ""}


@st.composite
def quantities(draw: st.DrawFn, dimension: str = "mass", *, min_value: float = 1e-3,
               max_value: float = 1e4, units: Sequence[str] | None = None) -> pint.Quantity:
    """A quantity of ``dimension`` (mass, volume, length, time, fraction) with a magnitude
    from ``min_value`` to ``max_value`` in the reference unit (kg, m^3, m, day, 1),
    expressed in a unit drawn from ``units`` (default: several of that dimension)."""
    if dimension not in _REFERENCE:
        raise ValueError(f"dimension: expected one of {', '.join(_REFERENCE)} (got {dimension!r})")
    value = draw(st.floats(min_value, max_value, allow_nan=False, allow_infinity=False))
    unit = draw(st.sampled_from(tuple(units or UNITS[dimension])))
    return Q_(value, _REFERENCE[dimension]).to(unit)


@st.composite
def intervals(draw: st.DrawFn, min_value: float = REAL.typical[0],
              max_value: float = REAL.typical[1], *, min_gap: float = 1e-3
              ) -> tuple[float, float]:
    """A pair ``(low, high)`` with ``min_value <= low < high <= max_value``, ``high`` above
    ``low`` by at least ``min_gap`` times the larger of ``|min_value|`` and ``|max_value|``."""
    gap = min_gap * max(abs(min_value), abs(max_value))
    if not (math.isfinite(gap) and max_value - min_value > gap > 0):
        raise ValueError("intervals: expected finite bounds, max_value above min_value by more "
                         f"than min_gap of their scale (got {min_value!r}, {max_value!r})")
    low = draw(st.floats(min_value, max_value - gap))
    high = draw(st.floats(min(low + gap, max_value), max_value))
    return low, high if high > low else max_value


_BOUNDED = ("fixed", "uniform", "pert", "triangular")
_ALL_FORMS = (*FORMS, "choice", "mixture", "dirichlet")


def _forms_within(low: float | None, high: float | None) -> tuple[str, ...]:
    """The forms whose every value can lie within [low, high] (a lognormal: its 90%
    interval, when low is above 0, as for a mass or a volume)."""
    if low is None and high is None:
        return tuple(f for f in _ALL_FORMS if f != "dirichlet")
    out = [*_BOUNDED, "choice", "mixture"]
    if low is not None and (low > 0 or (low == 0 and high is None)):
        out.append("lognormal")
    if (low is None or low <= 0) and (high is None or high >= 1):
        out += ["beta", "beta_interval"]
    return tuple(out)


def _drawn_weights(draw: st.DrawFn, n: int) -> list[float]:
    """``n`` valid weights: relative ones, or shares that sum to 1 when all fall below 1."""
    w = [draw(st.floats(0.1, WEIGHT.typical[1])) for _ in range(n)]
    return [x / sum(w) for x in w] if all(x < 1 for x in w) else w


@st.composite
def distribution_mappings(draw: st.DrawFn, form: str | None = None, *,
                          low: float | None = None, high: float | None = None,
                          nested: bool = False) -> dict[str, Any]:
    """A valid distribution as a person writes it (the keys of one entry), for ``form``
    (one of :data:`~estimator.distributions.FORMS`, or choice, mixture, dirichlet; default
    any form whose values can all lie within ``low`` and ``high``). Parameters come from
    each one's declared domain and typical range; with bounds, every value the
    distribution can give lies in [low, high] (a lognormal: its 90% interval)."""
    allowed = _forms_within(low, high)
    if nested:  # a scenario: no mixture in a mixture; and the loader reads a mixture's
        # lower bound from its support, which a lognormal's reaches down to 0
        allowed = tuple(f for f in allowed if f not in ("mixture", "dirichlet", "lognormal")
                        or (f == "lognormal" and low is None))
    if form is None:
        form = draw(st.sampled_from(allowed))
    lo = REAL.typical[0] if low is None else low
    hi = REAL.typical[1] if high is None else high
    if form == "fixed":
        return {"value": draw(st.floats(lo, hi))}
    if form == "uniform":
        a, b = draw(intervals(lo, hi))
        return {"low": a, "high": b}
    if form in ("pert", "triangular"):
        a, b = draw(intervals(lo, hi))
        out: dict[str, Any] = {"min": a, "mode": draw(st.floats(a, b)), "max": b}
        if form == "triangular":
            out["shape"] = "triangular"
        return out
    if form == "lognormal":
        p_lo = lo if low is not None and low > 0 else POSITIVE.typical[0]
        p_hi = hi if high is not None else POSITIVE.typical[1]
        p5 = draw(st.floats(p_lo, p_hi / 1.05))
        return {"p5": p5, "p95": min(p5 * draw(st.floats(1.05, 50.0)), p_hi)
                if high is not None else p5 * draw(st.floats(1.05, 50.0))}
    if form == "normal":
        a, b = draw(intervals(lo, hi))
        return {"p5": a, "p95": b, "shape": "normal"}
    if form == "beta_interval":
        p5 = draw(st.floats(0.01, 0.9))
        return {"p5": p5, "p95": draw(st.floats(p5 + 0.02, min(p5 + 0.6, 0.99))),
                "shape": "beta"}
    if form == "beta":
        return {"alpha": draw(st.floats(*SHAPE.typical)), "beta": draw(st.floats(*SHAPE.typical))}
    if form == "choice":
        n = draw(st.integers(1, 4))
        values = [draw(st.floats(lo, hi)) for _ in range(n)]
        return {"values": values, "weights": _drawn_weights(draw, n)}
    if form == "mixture":
        weights = _drawn_weights(draw, draw(st.integers(1, 3)))
        return {"scenarios": [
            {"label": f"scenario {i + 1}", "weight": w,
             **draw(distribution_mappings(low=low, high=high, nested=True))}
            for i, w in enumerate(weights)]}
    if form == "dirichlet":
        n = draw(st.integers(2, 5))
        return {"categories": [f"c{i}" for i in range(n)],
                "alpha": [draw(st.floats(*SHAPE.typical)) for _ in range(n)]}
    raise ValueError(f"form: expected one of {', '.join(_ALL_FORMS)} (got {form!r})")


_SOURCE = {"who": "A. Analyst", "where": "Own estimate (generated for a property test)",
           "when": "2024-02", "says": "a figure in this range"}


@st.composite
def entry_mappings(draw: st.DrawFn, dimension: str, *, near: float | None = None,
                   spread: float = 4.0) -> dict[str, Any]:
    """A whole valid entry of an assumption file (unit, distribution, description, one
    source) for a quantity of ``dimension``: mass, volume or length (values within
    ``near / spread`` to ``near * spread`` of the reference unit, in a drawn unit) or
    fraction (within 0 and 1)."""
    if dimension == "fraction":
        dist = draw(distribution_mappings(low=0.0, high=1.0))
        return {"unit": "1", **dist, "description": "generated", "sources": [dict(_SOURCE)]}
    if dimension not in ("mass", "volume", "length"):
        raise ValueError(f"dimension: expected mass, volume, length or fraction (got {dimension!r})")
    centre = near if near is not None and near > 0 else 1.0
    unit = draw(st.sampled_from(UNITS[dimension]))
    scale = float(Q_(1.0, _REFERENCE[dimension]).m_as(unit))
    dist = draw(distribution_mappings(low=centre / spread * scale, high=centre * spread * scale))
    return {"unit": unit, **dist, "description": "generated", "sources": [dict(_SOURCE)]}


def _entry_dimension(a: Assumption) -> str | None:
    if a.distribution.width > 1 or a.extra:
        return None
    for dim in ("mass", "volume", "length"):
        if a.unit.dimensionality == Q_(1.0, UNITS[dim][0]).dimensionality:
            return dim
    if a.unit.dimensionality == ureg.dimensionless.dimensionality:
        low, high = a.distribution.support()
        scale = float(Q_(1.0, a.unit).m_as(""))
        return "fraction" if low * scale >= 0 and high * scale <= 1 else None
    return None


@st.composite
def assumption_sets(draw: st.DrawFn, base: AssumptionSet | None = None, *,
                    max_overrides: int = 4) -> AssumptionSet:
    """A valid assumption set: ``base`` (the defaults) with up to ``max_overrides`` mass,
    volume, length or fraction entries replaced by drawn ones (masses and volumes within
    a factor of 4 of the base's median), validated like a user's file (each drawn entry
    finite and within its plausible range, :data:`~estimator.assumptions.PLAUSIBLE`, at
    the 1,001 percentiles drawn)."""
    base = base or _defaults()
    keys = sorted(k for k, a in base.items() if _entry_dimension(a))
    chosen = draw(st.lists(st.sampled_from(keys), max_size=max_overrides, unique=True))
    entries = {}
    for key in chosen:
        a = base[key]
        dim = _entry_dimension(a)
        assert dim is not None
        ref = _REFERENCE[dim]
        near = float(a.ppf(np.array([0.5]))[0].m_as(ref)) if dim != "fraction" else None
        raw = draw(entry_mappings(dim, near=near))
        try:
            entries[key] = Assumption.from_mapping(key, raw, file="<generated>")
        except InputError:  # a rule of the key itself (a divisor of 0): not a valid draw
            assume(False)
    # a share the models divide by drawn as 1e-300, a mass in a tail beyond 100 t: a
    # user's file with such an entry is refused, so the set is not drawn
    assume(not value_problems({**base.entries, **entries}, chosen, "<generated>"))
    digest = hashlib.sha256(json.dumps(sorted(chosen)).encode() + base.digest.encode())
    result = dataclasses.replace(base, entries={**base.entries, **entries},
                                 files=(*base.files, "<generated>"),
                                 digest=digest.hexdigest()[:16],
                                 overridden=tuple(sorted(set(base.overridden) | set(chosen))))
    # a draw can break a rule between entries (a payload above the box's rated gross
    # mass, a round denser than osmium): such sets are not valid assumptions, so they are
    # not drawn
    assume(not result.consistency_problems() and not result.round_problems(chosen))
    return result


def _written(n: int, style: str) -> str:
    if style == "commas":
        return f"{n:,}"
    if style in ("k", "M"):
        scale = 1_000 if style == "k" else 1_000_000
        digits = 3 if style == "k" else 6
        text = f"{n / scale:.{digits}f}".rstrip("0").rstrip(".")
        return f"{text}{style}"
    return str(n)


@st.composite
def count_texts(draw: st.DrawFn, form: str | None = None, *, min_value: int = 1,
                max_value: int = 10**7) -> str:
    """A count as people write it, in ``form`` (exact, approx, range, at_least, up_to;
    default any): ``6700``, ``6,700``, ``6.7k``, ``~6,700``, ``6.5M-8M`` (or ``6.5M-8M+``, its
    top open), ``10k+``, ``<=500k``."""
    if form is None:
        form = draw(st.sampled_from(COUNT_FORMS))
    if form not in COUNT_FORMS:
        raise ValueError(f"form: expected one of {', '.join(COUNT_FORMS)} (got {form!r})")
    style = draw(st.sampled_from(("plain", "commas", "k", "M")))
    if form == "range":
        a = draw(st.integers(min_value, max_value - 1))
        b = draw(st.integers(a + 1, max_value))
        lo_style = "plain" if style in ("k", "M") else style
        text_a, text_b = _written(a, lo_style), _written(b, lo_style)
        return f"{text_a}-{text_b}{'+' if draw(st.booleans()) else ''}"  # its top may be open
    n = draw(st.integers(min_value, max_value))
    text = _written(n, style)
    return {"exact": "{}", "approx": "~{}", "at_least": "{}+", "up_to": "<={}"}[form].format(text)


_CLAIM_FORM = {"exact": "{}", "approx": "{}", "at_least": "{}", "up_to": "{}", "range": "{}"}


@st.composite
def claims(draw: st.DrawFn, form: str | None = None) -> tuple[str, dict[str, Any]]:
    """A valid public claim of ``form`` (exact, approx, at_least, up_to, range; default any),
    as ``(id, table)`` for a claims file: ``as_toml({f"claims.{id}": table})``."""
    from estimator.reports import BASES as CLAIM_BASES
    from estimator.reports import FORMS as CLAIM_FORMS
    from estimator.reports import MEASURES, SCOPES

    if form is None:
        form = draw(st.sampled_from(CLAIM_FORMS))
    if form not in CLAIM_FORMS:
        raise ValueError(f"form: expected one of {', '.join(CLAIM_FORMS)} (got {form!r})")
    text = draw(count_texts("range" if form == "range" else "exact"))
    # published by 2026-07-30 at the latest: a claim cannot be published after today
    start = draw(st.dates(dt.date(2022, 1, 1), dt.date(2024, 6, 30)))
    as_of = start + dt.timedelta(days=draw(st.integers(0, 700)))
    published = as_of + dt.timedelta(days=draw(st.integers(0, 60)))
    cid = "generated_" + draw(st.text("abcdefghijklmnopqrstuvwxyz0123456789_", min_size=1,
                                      max_size=12))
    table = {
        "who": "A. Analyst", "outlet": "A generated outlet", "published": published,
        "as_of": as_of, "period_start": start,
        "measure": draw(st.sampled_from(tuple(MEASURES))),
        "basis": draw(st.sampled_from(CLAIM_BASES)), "scope": draw(st.sampled_from(SCOPES)),
        "form": form, "figure": _CLAIM_FORM[form].format(text), "origin": "generated",
        "quote": f"a figure of {text}",
    }
    if draw(st.booleans()):  # first made public before the outlet, on or after as_of
        table["first_public"] = as_of + dt.timedelta(
            days=draw(st.integers(0, (published - as_of).days)))
    return cid, table


# ---------------------------------------------------------------------------- TOML out

def _toml_value(v: Any) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, float):
        if math.isnan(v):
            return "nan"
        if math.isinf(v):
            return "inf" if v > 0 else "-inf"
        return repr(v)
    if isinstance(v, (dt.date, dt.datetime)):
        return v.isoformat()
    if isinstance(v, str):
        return json.dumps(v)
    if isinstance(v, list):
        return "[" + ", ".join(_toml_value(x) for x in v) + "]"
    raise TypeError(f"as_toml: cannot write a {type(v).__name__}")


def as_toml(tables: Mapping[str, Mapping[str, Any]]) -> str:
    """Write tables keyed by their dotted path (``munitions.152mm_he.projectile_mass``,
    ``claims.my_claim``) as TOML text: plain values, lists of plain values, and lists of
    tables (``sources``, ``scenarios``) as ``[[PATH.NAME]]`` arrays."""
    out: list[str] = []
    for path, table in tables.items():
        out.append(f"[{path}]")
        arrays = {}
        for k, v in table.items():
            if isinstance(v, list) and v and all(isinstance(x, Mapping) for x in v):
                arrays[k] = v
            else:
                out.append(f"{k} = {_toml_value(v)}")
        for k, rows in arrays.items():
            for row in rows:
                out.append(f"[[{path}.{k}]]")
                out += [f"{rk} = {_toml_value(rv)}" for rk, rv in row.items()]
        out.append("")
    return "\n".join(out)
