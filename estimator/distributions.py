"""Frozen distribution specs: the forms a person writes, each with its inverse CDF.

Every distribution turns uniforms in (0, 1) into values through its inverse CDF
(``ppf``), so plain Monte Carlo, Latin hypercube and Sobol points all go through one
path. The forms, and the keys that select them in a file or a mapping:

=================  ===================================  ==============================
form               keys                                 notes
=================  ===================================  ==============================
fixed              ``value``                            no uncertainty
uniform            ``low``, ``high``
PERT               ``min``, ``mode``, ``max``           default for min/mode/max
triangular         ``min``, ``mode``, ``max``           with ``shape = "triangular"``
lognormal          ``p5``, ``p95``                      90% interval; default shape
normal             ``p5``, ``p95``                      with ``shape = "normal"``
beta (interval)    ``p5``, ``p95``                      with ``shape = "beta"``; fractions
beta               ``alpha``, ``beta``                  fractions
choice             ``values``, ``weights``              optional ``labels``
mixture            ``scenarios`` (tables)               each a form with ``weight``, ``label``
Dirichlet          ``categories``, ``alpha``            a mix; one vector per trial
=================  ===================================  ==============================

Each parameter's domain is declared once, in :data:`FORMS`; that declaration drives
validation (:func:`from_mapping`), the help text (:func:`describe_forms`) and the test
strategies (:func:`estimator.testing.distribution_mappings`, which a user's own
hypothesis tests can draw from too).

>>> d = from_mapping({"p5": 40.0, "p95": 46.0}, place="x")
>>> d.ppf(np.array([0.05, 0.95])).round(6).tolist()
[40.0, 46.0]
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import partial
from typing import Any, ClassVar

import numpy as np
from numpy.typing import NDArray

from estimator._args import number
from estimator._special import beta_from_quantiles, beta_quantile, ndtri
from estimator.errors import MISSING, InputError, attempt, nearest, raise_all

__all__ = [
    "FORMS",
    "Beta",
    "Choice",
    "Dirichlet",
    "Distribution",
    "Fixed",
    "Form",
    "Lognormal",
    "Mixture",
    "Normal",
    "Pert",
    "Triangular",
    "Uniform",
    "describe_forms",
    "from_mapping",
]

FloatArray = NDArray[np.float64]
Z95 = 1.6448536269514722  # standard normal 95th percentile
_U_MIN = 2.0**-54


# ------------------------------------------------------------------ domains, declared once

@dataclass(frozen=True)
class Domain:
    """The values a parameter may take, and a typical range for examples and tests."""

    text: str
    check: Callable[[float], bool]
    typical: tuple[float, float]


REAL = Domain("a finite number", math.isfinite, (-1e3, 1e3))
POSITIVE = Domain("a finite number above 0", lambda v: math.isfinite(v) and v > 0, (1e-3, 1e4))
OPEN_FRACTION = Domain("a number strictly between 0 and 1", lambda v: 0 < v < 1, (1e-3, 0.999))
SHAPE = Domain("a number from 0.05 to 1e5", lambda v: 0.05 <= v <= 1e5, (0.2, 500.0))
SHARE_SLACK = 0.01  # how far from 1 weights written as shares may sum (rounding: 0.33 x 3)
WEIGHT = Domain("a number of 0 or more", lambda v: math.isfinite(v) and v >= 0, (0.0, 10.0))


@dataclass(frozen=True)
class Form:
    """One way of writing a distribution: its keys, their domains, and the rules between them."""

    name: str
    keys: tuple[str, ...]
    domains: Mapping[str, Domain]
    rules: tuple[tuple[Callable[[Mapping[str, Any]], bool], str], ...]
    summary: str


def _ordered(*names: str) -> Callable[[Mapping[str, Any]], bool]:
    return lambda p: all(p[a] < p[b] for a, b in itertools.pairwise(names))


def _spread(low: str, high: str, beyond: float = 0.0,
            ) -> tuple[Callable[[Mapping[str, Any]], bool], str]:
    """The rule that the values drawn are floats: ``high - low`` (and, for a form whose
    tails reach ``beyond`` times it past either end, those tails) within the largest
    float; between two numbers near it (-1e308 to 1e308) the spread overflows to inf,
    and the form's inverse CDF with it."""
    def rule(p: Mapping[str, Any]) -> bool:
        spread = p[high] - p[low]
        return math.isfinite(spread) and math.isfinite(
            max(abs(p[low]), abs(p[high])) + beyond * spread)

    return rule, (f"{high} - {low} at most the largest float (about 1.8e308)" if not beyond
                  else f"{low} and {high} whose tails, {beyond:g} times {high} - {low} beyond "
                  "them, are within the largest float (about 1.8e308)")


FORMS: dict[str, Form] = {
    "fixed": Form("fixed", ("value",), {"value": REAL}, (), "value = X"),
    "uniform": Form("uniform", ("low", "high"), {"low": REAL, "high": REAL},
                    ((_ordered("low", "high"), "low below high"), _spread("low", "high")),
                    "low = A, high = B"),
    "pert": Form("pert", ("min", "mode", "max"), {"min": REAL, "mode": REAL, "max": REAL},
                 ((_ordered("min", "max"), "min below max"),
                  (lambda p: p["min"] <= p["mode"] <= p["max"], "min <= mode <= max"),
                  _spread("min", "max")),
                 "min = A, mode = M, max = B (PERT; shape = \"triangular\" for a triangle)"),
    "triangular": Form("triangular", ("min", "mode", "max"),
                       {"min": REAL, "mode": REAL, "max": REAL},
                       ((_ordered("min", "max"), "min below max"),
                        (lambda p: p["min"] <= p["mode"] <= p["max"], "min <= mode <= max"),
                        _spread("min", "max")),
                       "min = A, mode = M, max = B, shape = \"triangular\""),
    "lognormal": Form("lognormal", ("p5", "p95"), {"p5": POSITIVE, "p95": POSITIVE},
                      ((_ordered("p5", "p95"), "p5 below p95"),),
                      "p5 = A, p95 = B (a 90% interval; shape lognormal by default)"),
    "normal": Form("normal", ("p5", "p95"), {"p5": REAL, "p95": REAL},
                   # the tails drawn reach 2.5 times p95 - p5 beyond either end (8.2 sd)
                   ((_ordered("p5", "p95"), "p5 below p95"), _spread("p5", "p95", 2.5)),
                   "p5 = A, p95 = B, shape = \"normal\""),
    "beta_interval": Form("beta_interval", ("p5", "p95"),
                          {"p5": OPEN_FRACTION, "p95": OPEN_FRACTION},
                          ((_ordered("p5", "p95"), "p5 below p95"),),
                          "p5 = A, p95 = B, shape = \"beta\" (fractions)"),
    "beta": Form("beta", ("alpha", "beta"), {"alpha": SHAPE, "beta": SHAPE}, (),
                 "alpha = A, beta = B (fractions)"),
}
CHOICE_SUMMARY = "values = [..], weights = [..] (optional labels = [..])"
MIXTURE_SUMMARY = "[[KEY.scenarios]] tables, each with label, weight and one form"
DIRICHLET_SUMMARY = "categories = [..], alpha = [..] (a mix; one share per category)"


def describe_forms() -> list[str]:
    """One line per form, for help text: how to write it and each parameter's domain."""
    lines = []
    for form in FORMS.values():
        doms = "; ".join(f"{k}: {form.domains[k].text}" for k in form.keys)
        rules = "; ".join(text for _, text in form.rules)
        lines.append(f"{form.name}: {form.summary} [{doms}{'; ' + rules if rules else ''}]")
    lines.append(f"choice: {CHOICE_SUMMARY} [weights: {WEIGHT.text}, not all 0; shares "
                 "(each below 1) sum to 1]")
    lines.append(f"mixture: {MIXTURE_SUMMARY}")
    lines.append(f"dirichlet: {DIRICHLET_SUMMARY} [alpha: {SHAPE.text}]")
    return lines


# ------------------------------------------------------------------------- the specs

class Distribution:
    """Base of the specs: ``ppf`` maps uniforms of shape (n,) or (n, dims) to values."""

    dims: ClassVar[int] = 1
    form: ClassVar[str] = ""

    def __post_init__(self) -> None:
        """Built in Python, a form's parameters meet the domains and rules a file's do
        (``Uniform(2, 1)`` is refused as ``low = 2, high = 1`` would be); a beta's shapes,
        which a p5/p95 interval may solve beyond what a file may write, are left alone."""
        form = FORMS.get(self.form)
        if form is not None and self.form != "beta":
            _checked(form, self.params(), type(self).__name__)

    def ppf(self, u: FloatArray) -> FloatArray:
        raise NotImplementedError

    def mean(self) -> float | FloatArray:
        raise NotImplementedError

    def describe(self) -> str:
        raise NotImplementedError

    def support(self) -> tuple[float, float]:
        """The smallest and largest value the distribution can give."""
        raise NotImplementedError

    def params(self) -> dict[str, Any]:
        """The parameters as a person would write them (for JSON and ``assumptions show``)."""
        raise NotImplementedError

    @property
    def width(self) -> int:
        """How many uniforms one trial takes."""
        return self.dims

    def beta_shapes(self) -> tuple[tuple[float, float], ...]:
        """The (a, b) of every beta inverse CDF ``ppf`` reads, so they can be built together."""
        return ()


def _as_tuples(obj: object, *names: str) -> None:
    """Fields given as lists (or arrays) made tuples, as the frozen spec's hashing and
    tables need (a list passed validation, then failed at the first draw)."""
    for name in names:
        value = getattr(obj, name)
        if isinstance(value, (list, np.ndarray)):
            object.__setattr__(obj, name, tuple(value.tolist() if isinstance(value, np.ndarray)
                                                else value))


def _g(x: float) -> str:
    return _written(f"{x:.4g}")


def _written(shown: str) -> str:
    """A number formatted with ``g``, as a person writes it, from 1,000 to below 10^15:
    16,000 rounds a day, not 1.6e+04, and 123,456, not 123456 (the digits ``g`` kept)."""
    value = float(shown)
    if not 1e3 <= abs(value) < 1e15:
        return shown
    return f"{value:,.0f}" if value.is_integer() else f"{value:,}"


def _gs(*xs: float) -> list[str]:
    """Each number to 4 significant digits, or as many more as keep different numbers
    apart (0.3 to 0.3000001, not '0.3 to 0.3'), as :func:`_written` writes it."""
    for d in range(4, 18):
        shown = [f"{x:.{d}g}" for x in xs]
        if len(set(shown)) == len(set(xs)):
            return [_written(s) for s in shown]
    return [repr(x) for x in xs]


@dataclass(frozen=True)
class Fixed(Distribution):
    """One ``value`` in every trial (a file's ``value = ...``).

    >>> Fixed(0.5).ppf(np.array([0.1, 0.9]))
    array([0.5, 0.5])
    """

    value: float
    form: ClassVar[str] = "fixed"

    def ppf(self, u: FloatArray) -> FloatArray:
        return np.full(np.shape(u), self.value, dtype=float)

    def mean(self) -> float:
        return self.value

    def support(self) -> tuple[float, float]:
        return (self.value, self.value)

    def describe(self) -> str:
        return f"fixed {_g(self.value)}"

    def params(self) -> dict[str, Any]:
        return {"value": self.value}


@dataclass(frozen=True)
class Uniform(Distribution):
    """Every value from ``low`` to ``high`` alike (a file's ``low``/``high``).

    >>> Uniform(2.0, 4.0).ppf(np.array([0.0, 0.5, 1.0]))
    array([2., 3., 4.])
    """

    low: float
    high: float
    form: ClassVar[str] = "uniform"

    def ppf(self, u: FloatArray) -> FloatArray:
        return self.low + (self.high - self.low) * u

    def mean(self) -> float:
        return 0.5 * (self.low + self.high)

    def support(self) -> tuple[float, float]:
        return (self.low, self.high)

    def describe(self) -> str:
        return "uniform {} to {}".format(*_gs(self.low, self.high))

    def params(self) -> dict[str, Any]:
        return {"low": self.low, "high": self.high}


@dataclass(frozen=True)
class Triangular(Distribution):
    """A triangle from ``min`` to ``max``, peaking at ``mode`` (a file's ``min``/``mode``/
    ``max`` with ``shape = "triangular"``; without it, :class:`Pert`).

    >>> Triangular(1.0, 2.0, 6.0).mean(), Triangular(1.0, 2.0, 6.0).support()
    (3.0, (1.0, 6.0))
    """

    min: float
    mode: float
    max: float
    form: ClassVar[str] = "triangular"

    def ppf(self, u: FloatArray) -> FloatArray:
        span = self.max - self.min
        c = (self.mode - self.min) / span
        return self.min + span * np.where(u < c, np.sqrt(u * c), 1.0 - np.sqrt((1.0 - u) * (1.0 - c)))

    def mean(self) -> float:
        return (self.min + self.mode + self.max) / 3.0

    def support(self) -> tuple[float, float]:
        return (self.min, self.max)

    def describe(self) -> str:
        return "triangular {} / {} / {}".format(*_gs(self.min, self.mode, self.max))

    def params(self) -> dict[str, Any]:
        return {"min": self.min, "mode": self.mode, "max": self.max, "shape": "triangular"}


@dataclass(frozen=True)
class Pert(Distribution):
    """PERT: a beta on [min, max] with shape 4 about the mode."""

    min: float
    mode: float
    max: float
    form: ClassVar[str] = "pert"

    @property
    def shape_params(self) -> tuple[float, float]:
        span = self.max - self.min
        return (1.0 + 4.0 * (self.mode - self.min) / span, 1.0 + 4.0 * (self.max - self.mode) / span)

    def ppf(self, u: FloatArray) -> FloatArray:
        return self.min + (self.max - self.min) * beta_quantile(*self.shape_params)(u)

    def beta_shapes(self) -> tuple[tuple[float, float], ...]:
        return (self.shape_params,)

    def mean(self) -> float:
        return (self.min + 4.0 * self.mode + self.max) / 6.0

    def support(self) -> tuple[float, float]:
        return (self.min, self.max)

    def describe(self) -> str:
        return "PERT {} / {} / {}".format(*_gs(self.min, self.mode, self.max))

    def params(self) -> dict[str, Any]:
        return {"min": self.min, "mode": self.mode, "max": self.max}


@dataclass(frozen=True)
class Lognormal(Distribution):
    """A lognormal given by its 5th and 95th percentiles, ``Lognormal(p5, p95)`` (both
    above 0), not by a mean and standard deviation, of the value or of its log; the
    median is their geometric mean.

    >>> Lognormal(10.0, 1000.0).ppf(np.array([0.05, 0.5, 0.95])).round(3)
    array([  10.,  100., 1000.])
    """

    p5: float
    p95: float
    form: ClassVar[str] = "lognormal"

    @property
    def mu_sigma(self) -> tuple[float, float]:
        lo, hi = math.log(self.p5), math.log(self.p95)
        return 0.5 * (lo + hi), (hi - lo) / (2.0 * Z95)

    def ppf(self, u: FloatArray) -> FloatArray:
        mu, sigma = self.mu_sigma
        return np.exp(mu + sigma * ndtri(u))

    def mean(self) -> float:
        mu, sigma = self.mu_sigma
        try:
            return math.exp(mu + 0.5 * sigma * sigma)
        except OverflowError:  # a mean past floating point: inf, as numpy would give
            return math.inf

    def support(self) -> tuple[float, float]:
        return (0.0, math.inf)

    def describe(self) -> str:
        return "lognormal, 90% in {} to {}".format(*_gs(self.p5, self.p95))

    def params(self) -> dict[str, Any]:
        return {"p5": self.p5, "p95": self.p95, "shape": "lognormal"}


@dataclass(frozen=True)
class Normal(Distribution):
    """A normal given by its 5th and 95th percentiles, ``Normal(p5, p95)``, not by its mean
    and standard deviation: ``Normal(0, 1)`` is a mean of 0.5 and a standard deviation of
    0.304; a mean of 0 and a standard deviation of 1 is ``Normal(-1.645, 1.645)``, nearly.

    >>> d = Normal(90.0, 110.0)
    >>> d.mean(), d.ppf(np.array([0.05, 0.95])).round(6)
    (100.0, array([ 90., 110.]))
    """

    p5: float
    p95: float
    form: ClassVar[str] = "normal"

    def ppf(self, u: FloatArray) -> FloatArray:
        sigma = (self.p95 - self.p5) / (2.0 * Z95)
        return self.mean() + sigma * ndtri(u)

    def mean(self) -> float:
        return 0.5 * (self.p5 + self.p95)

    def support(self) -> tuple[float, float]:
        return (-math.inf, math.inf)

    def describe(self) -> str:
        return "normal, 90% in {} to {}".format(*_gs(self.p5, self.p95))

    def params(self) -> dict[str, Any]:
        return {"p5": self.p5, "p95": self.p95, "shape": "normal"}


@dataclass(frozen=True)
class Beta(Distribution):
    """Beta on (0, 1), by its parameters or (``from_interval``) by its 5th and 95th percentiles."""

    alpha: float
    beta: float
    p5: float | None = None
    p95: float | None = None
    form: ClassVar[str] = "beta"

    def __post_init__(self) -> None:
        """Shapes given directly meet a file's domain; those a p5/p95 interval solved
        (which may lie beyond it) are left alone, their interval checked instead."""
        if self.p5 is None:
            _checked(FORMS["beta"], {"alpha": self.alpha, "beta": self.beta}, "Beta")
        else:
            _checked(FORMS["beta_interval"], {"p5": self.p5, "p95": self.p95}, "Beta")

    @classmethod
    def from_interval(cls, p5: float, p95: float, place: str = "Beta") -> Beta:
        """The beta with this 90% interval, checked as a file's ``p5``/``p95`` with
        ``shape = "beta"`` are (errors name ``place``)."""
        p = _checked(FORMS["beta_interval"], {"p5": p5, "p95": p95}, place)
        try:
            a, b = beta_from_quantiles(p["p5"], p["p95"])
        except ValueError:
            raise InputError(place, "a 90% interval that a beta can have",
                             f"p5 = {p['p5']:,.6g}; p95 = {p['p95']:,.6g}") from None
        return cls(a, b, p["p5"], p["p95"])

    def ppf(self, u: FloatArray) -> FloatArray:
        return beta_quantile(self.alpha, self.beta)(u)

    def beta_shapes(self) -> tuple[tuple[float, float], ...]:
        return ((self.alpha, self.beta),)

    def mean(self) -> float:
        return self.alpha / (self.alpha + self.beta)

    def support(self) -> tuple[float, float]:
        return (0.0, 1.0)

    def describe(self) -> str:
        if self.p5 is not None:
            return "beta, 90% in {} to {}".format(*_gs(self.p5, self.p95 or 0.0))
        return f"beta({_g(self.alpha)}, {_g(self.beta)})"

    def params(self) -> dict[str, Any]:
        if self.p5 is not None:
            return {"p5": self.p5, "p95": self.p95, "shape": "beta"}
        return {"alpha": self.alpha, "beta": self.beta}


def _pick(u: FloatArray, weights: tuple[float, ...]) -> tuple[NDArray[np.intp], FloatArray]:
    """Which option each uniform falls in, and the uniform rescaled within that option."""
    w = np.asarray(weights, dtype=float)
    edges = np.concatenate(([0.0], np.cumsum(w / w.sum())))
    edges[-1] = 1.0
    k = np.clip(np.searchsorted(edges, u, side="right") - 1, 0, len(w) - 1)
    inner = (u - edges[k]) / np.where(w[k] > 0, (edges[k + 1] - edges[k]), 1.0)
    return k, np.clip(inner, _U_MIN, 1.0 - _U_MIN)


_GRID = 1.0 / (1.0 + np.exp(-np.linspace(-23.0, 23.0, 4097)))  # 1e-10 .. 1 - 1e-10
_TABLES: dict[Distribution, tuple[FloatArray, FloatArray]] = {}


def _cdf_on(x: FloatArray, at: FloatArray, side: str) -> FloatArray:
    """The CDF of a distribution known by its inverse CDF ``x`` on ``_GRID``, at ``at``:
    right-continuous (``side="right"``) or its left limit (``"left"``)."""
    j = np.searchsorted(x, at, side=side)
    lo, hi = np.clip(j - 1, 0, len(x) - 1), np.clip(j, 0, len(x) - 1)
    gap = x[hi] - x[lo]
    frac = np.where(gap > 0, (at - x[lo]) / np.where(gap > 0, gap, 1.0), 1.0)
    inside = _GRID[lo] + np.clip(frac, 0.0, 1.0) * (_GRID[hi] - _GRID[lo])
    return np.where(j <= 0, 0.0, np.where(j >= len(x), 1.0, inside))


def _mixture_table(m: Mixture) -> tuple[FloatArray, FloatArray]:
    """``(F, x)``: the mixture's CDF at the points ``x`` (each point twice, with its left
    limit and its value, so that a point mass stays a jump)."""
    cached = _TABLES.get(m)
    if cached is not None:
        return cached
    w = np.asarray(m.weights, dtype=float) / sum(m.weights)
    xs = [np.maximum.accumulate(p.ppf(_GRID)) for p in m.parts]
    pts = np.sort(np.concatenate(xs))
    # the distinct points (np.unique would do, but it imports numpy.ma: 0.01-0.02 s a start)
    pts = pts[np.concatenate(([True], pts[1:] != pts[:-1]))]
    left = sum(wi * _cdf_on(x, pts, "left") for wi, x in zip(w, xs, strict=True))
    right = sum(wi * _cdf_on(x, pts, "right") for wi, x in zip(w, xs, strict=True))
    cdf = np.maximum.accumulate(np.column_stack([left, right]).ravel())
    table = (cdf, np.repeat(pts, 2))
    _TABLES[m] = table
    return table


@dataclass(frozen=True)
class Choice(Distribution):
    """Scenarios: each of ``values`` drawn in its share of ``weights`` (which need not sum
    to 1), optionally named by ``labels``, one a value.

    >>> low_high = Choice((0.2, 0.5), (3, 1), ("low", "high"))
    >>> low_high.mean(), low_high.describe()
    (0.275, 'choice of low (0.2, 75%), high (0.5, 25%)')
    """

    values: tuple[float, ...]
    weights: tuple[float, ...]
    labels: tuple[str, ...] = ()
    form: ClassVar[str] = "choice"

    def __post_init__(self) -> None:
        """Built in Python, checked as a file's ``values``/``weights``/``labels`` are."""
        _as_tuples(self, "values", "weights", "labels")
        raw = {"values": list(self.values), "weights": list(self.weights)}
        _check_choice({**raw, "labels": list(self.labels)}, "Choice")

    def ppf(self, u: FloatArray) -> FloatArray:
        # in order of value, so that the inverse CDF is monotone (a low uniform gives a
        # low value, as stratified sampling and percentile-based analyses assume)
        order = np.argsort(self.values, kind="stable")
        k, _ = _pick(u, tuple(self.weights[i] for i in order))
        return np.asarray(self.values, dtype=float)[order][k]

    def mean(self) -> float:
        w = np.asarray(self.weights) / sum(self.weights)
        return float(np.dot(w, self.values))

    def support(self) -> tuple[float, float]:
        drawn = [v for v, w in zip(self.values, self.weights, strict=True) if w > 0]
        return (min(drawn), max(drawn))  # a value of weight 0 is never drawn

    def describe(self) -> str:
        total = sum(self.weights)
        names = self.labels or tuple(_g(v) for v in self.values)
        return "choice of " + ", ".join(
            f"{n} ({_g(v)}, {w / total:.0%})" if self.labels else f"{n} ({w / total:.0%})"
            for n, v, w in zip(names, self.values, self.weights, strict=True))

    def params(self) -> dict[str, Any]:
        out: dict[str, Any] = {"values": list(self.values), "weights": list(self.weights)}
        if self.labels:
            out["labels"] = list(self.labels)
        return out


@dataclass(frozen=True)
class Mixture(Distribution):
    """Weighted scenarios, each its own distribution.

    The inverse CDF is the mixture's own (monotone in ``u``, so that the 5th percentile
    of the uniforms is the 5th percentile of the mixture, whatever the scenarios' order
    or overlap): a table of the mixture's CDF, ``sum(w_i F_i(x))``, built once from
    each scenario's inverse CDF on a logit grid of probabilities, with point masses (a
    fixed scenario) kept as jumps, and read by linear interpolation.
    """

    labels: tuple[str, ...]
    weights: tuple[float, ...]
    parts: tuple[Distribution, ...]
    form: ClassVar[str] = "mixture"

    def __post_init__(self) -> None:
        """Built in Python: a label, a weight and a one-value distribution per scenario,
        the weights checked as a file's are."""
        _as_tuples(self, "labels", "weights", "parts")
        n = len(self.parts)
        if n == 0 or len(self.labels) != n or len(self.weights) != n:
            raise InputError("Mixture", "as many labels and weights as parts, one or more",
                             f"{len(self.labels)} labels, {len(self.weights)} weights, "
                             f"{n} parts")
        problems = [InputError(f"Mixture.parts[{i}]", "a plain form (one value a trial)",
                               type(part).__name__) for i, part in enumerate(self.parts)
                    if not isinstance(part, Distribution) or isinstance(part, (Mixture, Dirichlet))]
        attempt(problems, partial(_weights, {"weights": list(self.weights)}, "weights", n,
                                  "Mixture"))
        raise_all(problems)

    def ppf(self, u: FloatArray) -> FloatArray:
        cdf, x = _mixture_table(self)
        return np.interp(np.asarray(u, dtype=float), cdf, x)

    def beta_shapes(self) -> tuple[tuple[float, float], ...]:
        return tuple(s for p in self.parts for s in p.beta_shapes())

    def mean(self) -> float:
        w = np.asarray(self.weights) / sum(self.weights)
        return float(sum(wi * float(p.mean()) for wi, p in zip(w, self.parts, strict=True)))

    def support(self) -> tuple[float, float]:
        return (min(p.support()[0] for p in self.parts), max(p.support()[1] for p in self.parts))

    def describe(self) -> str:
        total = sum(self.weights)
        return "mixture of " + "; ".join(
            f"{lab} (weight {w / total:.0%}): {p.describe()}"
            for lab, w, p in zip(self.labels, self.weights, self.parts, strict=True))

    def params(self) -> dict[str, Any]:
        return {"scenarios": [{"label": lab, "weight": w, **p.params()} for lab, w, p in
                              zip(self.labels, self.weights, self.parts, strict=True)]}


@dataclass(frozen=True)
class Dirichlet(Distribution):
    """A mix over categories, by stick-breaking: share i is Beta(alpha_i, sum of later alphas)
    of what remains, so k categories take k - 1 uniforms per trial."""

    categories: tuple[str, ...]
    alpha: tuple[float, ...]
    form: ClassVar[str] = "dirichlet"

    def __post_init__(self) -> None:
        """Built in Python, checked as a file's ``categories``/``alpha`` are."""
        _as_tuples(self, "categories", "alpha")
        _check_dirichlet(list(self.categories), list(self.alpha), "Dirichlet")

    @property
    def width(self) -> int:
        return len(self.categories) - 1

    def beta_shapes(self) -> tuple[tuple[float, float], ...]:
        tails = np.cumsum(self.alpha[::-1])[::-1]
        return tuple((self.alpha[i], max(float(tails[i + 1]), 1e-300))
                     for i in range(len(self.alpha) - 1))

    def ppf(self, u: FloatArray) -> FloatArray:
        given = np.shape(u)
        u = np.asarray(u, dtype=float).reshape(len(u), -1)
        n, k = u.shape[0], len(self.alpha)
        if u.shape[1] != k - 1:  # one uniform a category but the last, each trial
            raise InputError("u", f"uniforms of shape (trials, {k - 1}) for a mix of {k}",
                             f"shape {given}")
        out = np.empty((n, k))
        remaining = np.ones(n)
        for i, shape in enumerate(self.beta_shapes()):
            share = beta_quantile(*shape)(u[:, i])
            out[:, i] = remaining * share
            remaining = remaining - out[:, i]
        out[:, k - 1] = remaining
        return out

    def mean(self) -> FloatArray:
        a = np.asarray(self.alpha)
        return a / a.sum()

    def support(self) -> tuple[float, float]:
        return (0.0, 1.0)

    def describe(self) -> str:
        m = self.mean()
        conc = sum(self.alpha)
        body = ", ".join(f"{c} {s:.0%}" for c, s in zip(self.categories, m, strict=True))
        return f"Dirichlet mix (concentration {_g(conc)}), mean {body}"

    def params(self) -> dict[str, Any]:
        return {"categories": list(self.categories), "alpha": list(self.alpha)}


# ------------------------------------------------------------------- reading a mapping

# Each way of writing a distribution, by the key that leads it: its required keys (a
# scalar form's as FORMS declares them), its optional ones, and its name in messages
_LEADS: dict[str, tuple[tuple[str, ...], tuple[str, ...], str]] = {
    "value": (FORMS["fixed"].keys, (), "a fixed value"),
    "low": (FORMS["uniform"].keys, (), "a uniform"),
    "min": (FORMS["pert"].keys, ("shape",), "a PERT or triangular"),
    "p5": (FORMS["lognormal"].keys, ("shape",), "a 90% interval"),
    "alpha": (FORMS["beta"].keys, (), "a beta"),
    "values": (("values",), ("weights", "labels"), "a choice"),
    "scenarios": (("scenarios",), (), "a mixture"),
    "categories": (("categories", "alpha"), (), "a Dirichlet mix"),
}
FORM_KEYS = frozenset(k for need, optional, _ in _LEADS.values() for k in (*need, *optional))


def _keys_of(lead: str) -> str:
    """A form's keys as messages write them: 'p5/p95, shape'."""
    need, optional, _ = _LEADS[lead]
    return "/".join(need) + "".join(f", {k}" for k in optional)


_SCENARIO_KEYS = FORM_KEYS | {"weight", "label"}


def _number(raw: Mapping[str, Any], key: str, place: str) -> float:
    v = raw[key]
    if not number(v):  # numpy's numbers too
        raise InputError(f"{place}.{key}", "a number", v, hint=_number_hint(v))
    return float(v)


def _number_hint(v: object) -> str:
    """What a number written as text most likely meant: a percentage for a share, or a
    number in quotes."""
    if not isinstance(v, str):
        return ""
    text = v.strip().replace(",", "").replace("_", "")
    if text.endswith("%"):
        return ("for a share, write a fraction (0.5 for half), not a percentage, or give "
                'unit = "percent"')
    try:
        finite_text = math.isfinite(float(text))
    except ValueError:
        return ""
    return f"write it without quotes: {text}, not \"{v}\"" if finite_text else ""


def _numbers(raw: Mapping[str, Any], key: str, place: str) -> tuple[float, ...]:
    """A non-empty list of numbers; each that is not one said."""
    v = raw[key]
    if not isinstance(v, list) or not v:
        raise InputError(f"{place}.{key}", "a non-empty list of numbers", v)
    problems: list[InputError] = []
    got = [attempt(problems, partial(_number, {f"{key}[{i}]": x}, f"{key}[{i}]", place))
           for i, x in enumerate(v)]  # each named place.key[i]
    raise_all(problems)
    return tuple(x for x in got if x is not None)


def _checked(form: Form, raw: Mapping[str, Any], place: str) -> dict[str, float]:
    """A form's parameters: each a number in its domain (every one that is not said),
    then the rules between them."""
    problems: list[InputError] = []
    params = {k: attempt(problems, partial(_number, raw, k, place)) for k in form.keys}
    problems += [InputError(f"{place}.{k}", form.domains[k].text, raw[k])
                 for k, v in params.items() if v is not None and not form.domains[k].check(v)]
    raise_all(problems)
    params = {k: v for k, v in params.items() if v is not None}
    for rule, text in form.rules:
        if not rule(params):
            # each number to six digits ('max = 3,000.5', not 3,000); '; ' between them, as
            # a comma within a number would read as one between parameters
            shown = "; ".join(f"{k} = {params[k]:,.6g}" for k in form.keys)
            raise InputError(place, text, shown)
    return params


def _weights(raw: Mapping[str, Any], key: str, n: int, place: str) -> tuple[float, ...]:
    if key not in raw:
        return (1.0,) * n
    w = _numbers(raw, key, place)
    problems = [InputError(f"{place}.{key}", f"{n} weights, one per option", f"{len(w)}")
                ] if len(w) != n else []
    problems += [InputError(f"{place}.{key}[{i}]", WEIGHT.text, x)
                 for i, x in enumerate(w) if not WEIGHT.check(x)]
    raise_all(problems)
    _check_total(list(w), f"{place}.{key}")
    return w


def _check_total(weights: list[float], place: str) -> None:
    """Weights not all 0; written as shares (each below 1, two or more of them above 0),
    they sum to 1: [0.5, 0.6] is a slip, not relative weights (those are written [5, 6] or
    [2, 1]). One weight above 0 is all the choice there is, whatever its size."""
    total = sum(weights)
    if total <= 0:
        raise InputError(place, "weights that are not all 0", weights)
    shares = sum(w > 0 for w in weights) > 1 and all(w < 1 for w in weights)
    if shares and abs(total - 1) > SHARE_SLACK + 1e-12:  # (0.33 x 3 sums to 0.99 + 1e-17)
        raise InputError(place, "shares (each below 1) that sum to 1, or relative weights "
                         "written as whole numbers such as [2, 1]", f"{weights}, sum {total:g}")


def from_mapping(raw: Mapping[str, Any], place: str, *, nested: bool = False) -> Distribution:
    """Build a distribution from the keys a person wrote; errors name ``place`` and the key,
    every problem of the form's keys at once (:class:`~estimator.errors.AssumptionProblems`
    where there are several: each key missing, of another form, not a number or out of
    its domain, each of a choice's lists, each scenario of a mixture).

    Keys that are not part of a distribution form are ignored here (the caller decides
    whether they are allowed); two forms at once, or none, is an error.

    >>> from_mapping({"min": 40, "mode": 43.5, "max": 46}, place="mine").describe()
    'PERT 40 / 43.5 / 46'
    >>> from_mapping({"p5": 46, "p95": 40}, place="mine")
    Traceback (most recent call last):
    ...
    estimator.errors.InputError: mine: expected p5 below p95 (got 'p5 = 46; p95 = 40')
    """
    if not isinstance(raw, Mapping):
        raise InputError(place, "a table of a distribution's keys (value; low/high; ...)",
                         type(raw).__name__)
    present = [k for k in _LEADS if k in raw]
    if "alpha" in present and ("categories" in raw or isinstance(raw.get("alpha"), list)):
        present.remove("alpha")
        if "categories" not in present:
            present.append("categories")
    if len(present) != 1:
        found = ", ".join(sorted(k for k in raw if k in FORM_KEYS)) or "none"
        raise InputError(place, "exactly one distribution form (value; low/high; min/mode/max; "
                         "p5/p95; alpha/beta; values/weights; scenarios; categories/alpha)",
                         f"form keys: {found}")
    lead = present[0]
    problems: list[InputError] = []  # the form's own keys: every problem of them at once
    shape = raw.get("shape")
    if shape is not None:
        allowed = {"min": ("pert", "triangular"), "p5": ("lognormal", "normal", "beta")}.get(lead)
        if not allowed or shape not in allowed:
            problems.append(InputError(f"{place}.shape", "one of " + ", ".join(
                allowed or ("(no shape for this form)",)), shape))
    need, optional, _ = _LEADS[lead]
    for k in need:
        if k not in raw:  # a list of alphas alone is a Dirichlet's, without its categories
            beside = "alpha" if lead == "categories" and k == "categories" else lead
            problems.append(InputError(place, f"'{k}' beside '{beside}'", MISSING))
    # value = 0.1 beside p95 = 0.9, mode beside low/high: once dropped unsaid
    for k in sorted(k for k in raw if k in FORM_KEYS and k not in {*need, *optional}):
        mine = next((f for f, (n, o, _) in _LEADS.items() if k in (*n, *o) and f != lead),
                    None)
        problems.append(InputError(f"{place}.{k}", f"the keys of this entry's form only "
                                   f"({_keys_of(lead)})", k, hint=f"'{k}' belongs to "
                                   f"{_LEADS[mine][2]} ({_keys_of(mine)}), another form"
                                   if mine else ""))
    raise_all(problems)

    if lead == "value":
        return Fixed(**_checked(FORMS["fixed"], raw, place))
    if lead == "low":
        return Uniform(**_checked(FORMS["uniform"], raw, place))
    if lead == "min":
        if shape == "triangular":
            return Triangular(**_checked(FORMS["triangular"], raw, place))
        return Pert(**_checked(FORMS["pert"], raw, place))
    if lead == "p5":
        if shape == "normal":
            return Normal(**_checked(FORMS["normal"], raw, place))
        if shape == "beta":  # checked there, the values as written named
            return Beta.from_interval(raw["p5"], raw["p95"], place)
        return Lognormal(**_checked(FORMS["lognormal"], raw, place))
    if lead == "alpha":
        p = _checked(FORMS["beta"], raw, place)
        return Beta(p["alpha"], p["beta"])
    if lead == "values":
        return Choice(*_check_choice(raw, place))
    if lead == "scenarios":
        if nested:
            raise InputError(f"{place}.scenarios", "a plain form inside a scenario", "scenarios")
        scen = raw["scenarios"]
        if not isinstance(scen, list) or not scen or not all(isinstance(s, dict) for s in scen):
            raise InputError(f"{place}.scenarios", "a list of tables ([[...scenarios]])", scen)
        read = [attempt(problems, partial(_scenario, s, i, f"{place}.scenarios[{i}]"))
                for i, s in enumerate(scen)]  # every scenario's problems, at once
        raise_all(problems)
        labels, weights, parts = zip(*(x for x in read if x is not None), strict=True)
        _check_total(list(weights), f"{place}.scenarios")
        return Mixture(labels, weights, parts)
    # Dirichlet
    if nested:  # a scenario is one value a trial, a mix one share per category
        raise InputError(f"{place}.categories", "a plain form inside a scenario", "categories")
    cats = raw["categories"]
    alpha = _check_dirichlet(cats, raw["alpha"], place)
    return Dirichlet(tuple(cats), alpha)


def _check_choice(raw: Mapping[str, Any], place: str
                  ) -> tuple[tuple[float, ...], tuple[float, ...], tuple[str, ...]]:
    """A choice's values (each a real number), labels and weights (each checked against
    as many values as are written), every problem of them at once; the three."""
    problems: list[InputError] = []
    values = attempt(problems, partial(_numbers, raw, "values", place))
    problems += [InputError(f"{place}.values[{i}]", REAL.text, v)
                 for i, v in enumerate(values or ()) if not REAL.check(v)]
    n = len(raw["values"]) if isinstance(raw["values"], list) else 0
    labels, weights = raw.get("labels", []), None
    if n:  # (how many labels and weights there should be is known)
        attempt(problems, partial(_check_labels, labels, n, place))
        weights = attempt(problems, partial(_weights, raw, "weights", n, place))
    raise_all(problems)
    assert values is not None and weights is not None  # else a problem was raised
    return values, weights, tuple(labels)


def _scenario(s: Mapping[str, Any], i: int, where: str) -> tuple[str, float, Distribution]:
    """One scenario of a mixture: its label, its weight and its form, every problem of
    them raised at once."""
    problems: list[InputError] = []
    meant = set()  # the keys a misspelling stands for: not said missing as well
    for k in sorted(set(s) - _SCENARIO_KEYS):  # wieght = 5, or a unit (the entry's one
        close = nearest(k, _SCENARIO_KEYS)     # unit holds for all)
        meant.add(close)
        problems.append(InputError(f"{where}.{k}", "a scenario's keys: weight, label and one "
                                   "form's" + (f" (did you mean '{close}'?)" if close else ""),
                                   k))
    label = s.get("label", f"scenario {i + 1}")
    if not isinstance(label, str):
        problems.append(InputError(f"{where}.label", "a string", label))
    w = None
    if "weight" not in s and "weight" not in meant:
        problems.append(InputError(f"{where}.weight", "a weight, as every scenario has",
                                   MISSING))
    elif "weight" in s:
        w = attempt(problems, partial(_number, s, "weight", where))
        if w is not None and not WEIGHT.check(w):
            problems.append(InputError(f"{where}.weight", WEIGHT.text, w))
    part = None if meant & FORM_KEYS else attempt(
        problems, partial(from_mapping, s, where, nested=True))
    raise_all(problems)
    assert w is not None and part is not None  # else a problem was raised
    return label, w, part


def _check_labels(labels: object, n: int, place: str) -> None:
    """A choice's labels: none, or one string per value."""
    if not isinstance(labels, list) or (labels and len(labels) != n) or not all(
            isinstance(s, str) for s in labels):
        raise InputError(f"{place}.labels", f"{n} strings, one per value", labels)


def _check_dirichlet(cats: object, alpha: object, place: str) -> tuple[float, ...]:
    """A mix's categories (two or more names, no repeats) and its alpha (one shape per
    category, each in the shape domain), from a file or from Python; the alphas. Every
    problem of the two is raised at once (:class:`AssumptionProblems` where several)."""
    problems: list[InputError] = []
    listed: list[object] = cats if isinstance(cats, list) else []
    names = len(listed) >= 2 and all(isinstance(c, str) for c in listed)
    if not names:
        problems.append(InputError(f"{place}.categories", "a list of at least two names", cats))
    elif len(set(listed)) != len(listed):
        problems.append(InputError(f"{place}.categories", "names without repeats", cats))
    shapes = attempt(problems, lambda: _numbers({"alpha": alpha}, "alpha", place))
    if shapes is not None and names and len(shapes) != len(listed):
        problems.append(InputError(f"{place}.alpha", f"{len(listed)} numbers, one per "
                                   "category", len(shapes)))
    problems += [InputError(f"{place}.alpha[{i}]", SHAPE.text, a)
                 for i, a in enumerate(shapes or ()) if not SHAPE.check(a)]
    raise_all(problems)
    assert shapes is not None  # else a problem was raised
    return shapes


