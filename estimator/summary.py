"""Summaries of sample arrays: mean and percentiles, each with its Monte Carlo standard error.

The standard error of the mean is ``sd / sqrt(n)``. That of a percentile ``q_p`` is the
asymptotic ``sqrt(p (1 - p) / n) / f(q_p)``, with the density ``f`` read from the
spacing of neighbouring percentiles: ``f ~ 2 d / (q_{p+d} - q_{p-d})``, ``d = 0.01``, or
twice the percentile's own spread ``sqrt(p (1 - p) / n)`` where that is more (below about
10,000 samples for the median, 2,000 for the 5th and 95th).
All percentiles come from one partition of the sample.

A sample made of ``replicates`` independent randomised designs (Latin hypercube or
scrambled Sobol', consecutive equal parts of the sample) gets its standard errors from
the spread over the designs instead, ``sd / sqrt(replicates)``: of each design's own mean;
for a percentile, the larger of the spread of each design's own percentile and that of
each design's share of values below the pooled percentile, over the density there (the
delta method; in the tails the designs' own percentiles alone understated the pooled
figure's error 1.5-2.5 times). With 8 designs, an error is known to 7 degrees of freedom:
a figure is within 2.36 standard errors 95% of the time, not 1.96.

>>> import numpy as np
>>> s = summarize(np.arange(1, 100_001, dtype=float))
>>> s.p50, s.p5 < s.p50 < s.p95
(50000.5, True)
"""

from __future__ import annotations

import dataclasses
import functools
import math
import sys
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass
from typing import Any, TypeVar

import numpy as np
import pint

from estimator._args import number, whole
from estimator.counts import as_written, interval
from estimator.errors import InputError, Words, one_of

__all__ = [
    "PERCENTILES",
    "Digits",
    "Summary",
    "check_replicates",
    "density_probs",
    "digits_check",
    "labelled_summaries",
    "relative_error",
    "samples_for_precision",
    "summaries_in",
    "summarize",
    "to_precision",
    "unit_symbols",
]

PERCENTILES = (5, 50, 95)
T = TypeVar("T")
_D = 0.01
# a summary's figures, each in its unit (the standard errors too)
_FIGURES = ("mean", "p5", "p50", "p95", "se_mean", "se_p5", "se_p50", "se_p95")
# A sample's own spread of a percentile is about sqrt(p (1 - p) / n): a density read over
# less than twice that (0.01 at a few hundred samples) rests on a handful of order
# statistics and understated the error (at 200 samples 73-86% of 90% intervals held the
# truth; read over twice the spread, 85-95%).
_D_SPREAD = 2.0


@dataclass(frozen=True)
class Summary:
    """Mean, 5th, 50th and 95th percentiles, and their standard errors, in ``unit``."""

    mean: float
    p5: float
    p50: float
    p95: float
    se_mean: float
    se_p5: float
    se_p50: float
    se_p95: float
    unit: str
    n: int

    def __str__(self) -> str:
        """The median and 90% interval with the unit, as the tables write them.

        >>> str(summarize(np.array([1.9e6, 3.1e6, 4.2e6]), "round"))
        '3.10M [2.02M-4.09M] rd'
        """
        return self._text(interval(self.p50, self.p5, self.p95))

    def __format__(self, spec: str) -> str:
        """``f"{s}"`` is ``str(s)``; a format spec writes each of the median, 5th and 95th
        percentiles with it, in the same layout (the ``repr`` keeps every digit).

        >>> s = summarize(np.array([1.9e6, 3.1e6, 4.2e6]), "round")
        >>> f"{s:,.0f}", f"{s:.3g}"
        ('3,100,000 [2,020,000-4,090,000] rd', '3.1e+06 [2.02e+06-4.09e+06] rd')

        A spec no number takes is an :class:`~estimator.errors.InputError` naming it.
        """
        if not spec:
            return str(self)
        try:
            p50, p5, p95 = (format(x, spec) for x in (self.p50, self.p5, self.p95))
        except ValueError:  # Python's own error names float, not the summary
            raise InputError("Summary format spec", "a number's spec, such as ',.0f' or "
                             "'.3g'", spec) from None
        return self._text(f"{p50} [{p5}-{p95}]")

    def _text(self, figures: str) -> str:
        return figures if self.unit in ("1", "") else f"{figures} {self.unit}"

    def _repr_pretty_(self, p: Any, cycle: bool) -> None:
        """IPython and Jupyter show a summary as its text (``repr`` is every digit)."""
        p.text(str(self))

    def as_dict(self) -> dict[str, float | str | int]:
        """Every field by name (a plain dict of one's own)."""
        return asdict(self)

    def to(self, unit: str | pint.Unit) -> Summary:
        """This summary in another unit of the same dimension, every figure converted
        (``"kround"``, ``"Mrd"``, ``"t"``); a unit of another dimension is an
        :class:`~estimator.errors.InputError` naming ``unit``.

        >>> s = summarize(np.array([1000.0, 2000.0, 3000.0]), "round")
        >>> s.to("kround").p50, s.to("kround").unit
        (2.0, 'krd')
        """
        from estimator.units import parse_unit

        target = unit if isinstance(unit, pint.Unit) else parse_unit(unit, "unit")
        here = self._quantity_of(1.0)
        try:
            factor = float(here.to(target).magnitude)
        except pint.errors.DimensionalityError:
            raise InputError("unit", f"a unit of the same dimension as {here.units:P}",
                             f"{target:P}") from None
        return self.scaled(factor, f"{target}")

    def quantity(self, name: str = "p50") -> pint.Quantity:
        """One figure (``mean``, ``p5``, ``p50``, ``p95``, or a standard error such as
        ``se_p50``) as a quantity in the summary's unit.

        >>> summarize(np.array([1.0, 2.0, 3.0]), "t").quantity("p50")
        <Quantity(2.0, 'tonne')>
        """
        name = one_of(name, _FIGURES, "name")
        return self._quantity_of(getattr(self, name))

    def _quantity_of(self, value: float) -> pint.Quantity:
        from estimator.units import Q_

        return Q_(value, "" if self.unit == "1" else self.unit)

    def scaled(self, factor: float, unit: str) -> Summary:
        """The same summary with every value multiplied by ``factor`` (a unit change that
        the caller has worked out: :meth:`to` works it out and checks it)."""
        d = asdict(self)
        for k in _FIGURES:
            d[k] = d[k] * factor
        d["unit"] = unit_symbols(unit)
        return Summary(**d)


def _quantiles(x: np.ndarray, probs: list[float]) -> np.ndarray:
    """``np.quantile(x, probs, axis=-1)`` (its default, linear method), from one partition
    at the order statistics the probabilities fall between: about twice as fast as a sort
    at 50,000 values and three times at a million (x is not changed). A probability that
    falls on one value is that value, even beside an infinite one (where numpy gives NaN,
    from ``0 * inf``)."""
    n = x.shape[-1]
    pos = np.asarray(probs) * (n - 1)
    lo = np.floor(pos).astype(np.intp)
    hi = np.minimum(lo + 1, n - 1)
    frac = pos - lo
    # (np.unique would import numpy.ma, 0.03 s of start-up)
    xs = np.partition(x, sorted({*lo.tolist(), *hi.tolist()}), axis=-1)
    a, b = xs[..., lo], xs[..., hi]
    with np.errstate(invalid="ignore"):  # inf - inf where both neighbours are infinite
        out = np.where((a == b) | (frac == 0), a, a + frac * (b - a))
    return np.moveaxis(out, -1, 0) if xs.ndim > 1 else out


def summarize(values: pint.Quantity | np.ndarray, unit: str | None = None, *,
              replicates: int = 1) -> Summary:
    """Summarise a 1-D sample of 2 values or more, none NaN (axis 0 = trials), in
    ``unit`` if given; ``replicates`` is the number of independent designs the sample is
    made of (see the module text). An ``lhs`` or ``sobol`` run's outputs need theirs (8):
    summarise them with the run's own :meth:`~estimator.engine.Results.summarize`, which
    passes it, or the standard errors are plain Monte Carlo's, far too wide for such a
    design. A NaN is refused, not summarised into NaN figures (a run's own summaries
    take one: 0/0 where a count is 0 is NaN, and said as no figure); an infinity is
    taken (a percentile beside it is a finite value).

    >>> s = summarize(np.random.default_rng(1).normal(10.0, 2.0, 100_000), "kg")
    >>> round(s.p50, 1), round(s.p95 - s.p5, 1), s.unit, s.se_p50 < 0.02
    (10.0, 6.5, 'kg', True)
    """
    return summary_of(values, unit, replicates=replicates, numbers_only=True)


def summary_of(values: pint.Quantity | np.ndarray, unit: str | None = None, *,
               replicates: int = 1, numbers_only: bool = False) -> Summary:
    """:func:`summarize`; with ``numbers_only`` false (a run's own summaries, for the
    engine alone: not in ``__all__``), a NaN among the values gives NaN figures, quietly."""
    if isinstance(unit, pint.Unit):
        unit = str(unit)
    if unit is not None and not isinstance(unit, str):
        raise InputError("unit", "a unit's name, such as 'round' (or None)",
                         type(unit).__name__)
    magnitude = getattr(values, "magnitude", values)
    # its mask would be dropped, not honoured (numpy.ma asked of only where it is loaded:
    # importing it costs a run ~0.04 s, and without it nothing is masked)
    if "numpy.ma" in sys.modules and isinstance(magnitude, np.ma.MaskedArray):
        raise InputError("values", "a plain array (a masked one's values without the mask: "
                         "values.compressed())", "a masked array")
    if np.iscomplexobj(magnitude):
        raise InputError("values", "real numbers", "complex numbers")
    if isinstance(values, pint.Quantity):
        if values.dimensionless and len(list(values.unit_items())) > 1:
            values = values.to("")  # t/kg: a plain number, 1,000 times the magnitude
        if unit is not None:
            try:
                values = values.to(unit)
            except pint.errors.UndefinedUnitError:
                raise InputError("unit", "a unit pint knows", unit) from None
            except (pint.errors.DimensionalityError, ValueError, TypeError):
                # tonnes over a round's mass is a plain number, not yet a count of rounds
                shown = f"{values.units:~P}"
                if not values.dimensionless:
                    raise InputError("unit", f"a unit that {shown} converts to", unit) from None
                raise InputError("unit", f"a unit that {shown or 'a plain number'} converts "
                                 "to ('%', or none)", unit, hint="the values are plain "
                                 f"numbers: to count them in {unit}, multiply them by "
                                 f"Q_(1, {unit!r}) first") from None
        unit_text = f"{values.units:~P}" or "1"
        x = np.asarray(values.magnitude, dtype=float)
    else:
        unit_text = unit_symbols(unit)
        try:
            x = np.asarray(values, dtype=float)
        except (ValueError, TypeError):
            raise InputError("values", "a sample of numbers (a run's output, out['name'], "
                             "not its name)", values) from None
    if x.ndim != 1 or x.size < 2:
        raise InputError("values", "a 1-D sample of 2 values or more (axis 0 = trials; one "
                         "trial has no spread to give a standard error from)",
                         f"shape {x.shape}")
    check_replicates(replicates, x.shape[0])
    if numbers_only and np.isnan(x).any():
        raise InputError("values", "numbers, no NaN (it has no place in an order, and "
                         "every percentile would be NaN)",
                         Words(f"{int(np.isnan(x).sum()):,} NaN of {x.size:,}"))
    with np.errstate(all="ignore"):  # non-finite values give non-finite summaries, quietly
        return _summarize(x, unit_text, replicates)


@functools.lru_cache(maxsize=256)
def unit_symbols(unit: str | None) -> str:
    """A unit as every summary writes it, in the registry's short symbols (``round /
    container`` is ``rd/box``, as a quantity in those units prints); dimensionless is
    ``"1"``; a label the registry does not know is kept as given."""
    if not unit or unit == "1":
        return "1"
    from estimator.units import ureg

    try:
        return f"{ureg.Unit(unit):~P}" or "1"
    except (pint.errors.PintError, ValueError, TypeError, AttributeError):
        return unit


def check_replicates(replicates: object, n: int) -> None:
    """``replicates`` must split ``n`` values into equal designs: one InputError if not."""
    if not whole(replicates) or not (
            replicates >= 1 and n % replicates == 0):
        raise InputError("replicates", f"a whole number from 1 that divides the {n} values "
                         "into equal designs", replicates)


def density_probs(n: float) -> list[float]:
    """For each reported percentile q, the probabilities (q - d, q, q + d) whose quantiles
    give it and the density there (its standard error reads the density over 2d): d is
    0.01, or twice the percentile's own spread at ``n`` (effective) draws where that is
    wider, as over 0.01 alone small samples' errors came out too small.

    >>> density_probs(50_000)[:3]
    [0.04, 0.05, 0.060000000000000005]
    """
    probs = []
    for p in PERCENTILES:
        q = p / 100.0
        d = max(_D, _D_SPREAD * math.sqrt(q * (1 - q) / max(n, 1.0)))
        probs += [max(q - d, 0.0), q, min(q + d, 1.0)]
    return probs


def _summarize(x: np.ndarray, unit_text: str, replicates: int) -> Summary:
    n = x.shape[0]
    if np.isnan(x).any():  # no order among NaNs: no percentile either (as numpy's)
        nan = math.nan
        return Summary(nan, nan, nan, nan, nan, nan, nan, nan, unit_text, n)
    probs = density_probs(n)
    qs = _quantiles(x, probs)
    se = []
    density_inv = []
    for i, p in enumerate(PERCENTILES):
        lo, _mid, hi = qs[3 * i: 3 * i + 3]
        q = p / 100.0
        width = probs[3 * i + 2] - probs[3 * i]
        density_inv.append(float(hi - lo) / width if width > 0 else 0.0)
        se.append(float(math.sqrt(q * (1 - q) / n) * density_inv[-1]))
    mean = float(np.mean(x))
    sd = float(np.std(x)) if n > 1 else 0.0
    se_mean = sd / math.sqrt(n)
    if replicates > 1 and n // replicates > 1:
        se_mean, se = _replicate_errors(x.reshape(replicates, -1), qs[1::3], density_inv)
    return Summary(mean, float(qs[1]), float(qs[4]), float(qs[7]), se_mean,
                   se[0], se[1], se[2], unit_text, n)


def _replicate_errors(parts: np.ndarray, pooled: np.ndarray, density_inv: list[float],
                      ) -> tuple[float, list[float]]:
    """Standard errors of the mean and the percentiles of ``replicates`` designs (rows of
    ``parts``), from the spread of each design's own figures. A percentile takes the
    larger of two: the spread of each design's own percentile, and the spread of each
    design's share of values below the pooled percentile, over the density there (the
    pooled figure's error, to first order; the designs' own percentiles stray from the
    pooled one by more than their spread in the tails, where that alone understated the
    error by 1.5-2.5x)."""
    r = parts.shape[0]
    own = np.column_stack([parts.mean(axis=1), _quantiles(
        parts, [p / 100.0 for p in PERCENTILES]).T])
    se_mean, *se = (own.std(axis=0, ddof=1) / math.sqrt(r)).tolist()
    below = parts[..., None] < pooled
    ties = parts[..., None] == pooled
    share = (below.sum(axis=1) + 0.5 * ties.sum(axis=1)) / parts.shape[1]  # (r, 3)
    se_share = share.std(axis=0, ddof=1) / math.sqrt(r)
    return se_mean, [max(a, float(b) * d) for a, b, d in zip(se, se_share, density_inv,
                                                                strict=True)]


def _figures(s: Summary, means: bool) -> list[tuple[float, float]]:
    """(value, standard error) of a summary's 5th, 50th and 95th percentiles, and with
    ``means`` of its mean."""
    pairs = [(s.p5, s.se_p5), (s.p50, s.se_p50), (s.p95, s.se_p95)]
    return [*pairs, (s.mean, s.se_mean)] if means else pairs


def relative_error(summaries: Iterable[Summary], *, means: bool = False) -> float:
    """The largest standard error of a 5th, 50th or 95th percentile (and with ``means``
    of a mean) relative to its value, over ``summaries`` (values of 0 are skipped): the
    run's precision."""
    return _worst(list(summaries), means)[0]


def _worst(items: Sequence[Summary], means: bool) -> tuple[float, tuple[int, int] | None]:
    """The largest relative standard error of a figure, and where it is: (summary, figure)."""
    worst, at = 0.0, None
    for i, s in enumerate(items):
        for k, (v, se) in enumerate(_figures(s, means)):
            if v != 0 and math.isfinite(v) and math.isfinite(se) and abs(se / v) > worst:
                worst, at = float(abs(se / v)), (i, k)
    return worst, at


NEED_CAP = 10**18  # samples_for_precision's answer for anything beyond reach


def samples_for_precision(precision: float, pilot: Iterable[Summary], pilot_samples: int,
                          ) -> int:
    """Samples for every percentile's standard error to be at most ``precision`` of its
    value, from a pilot run: errors shrink as ``1 / sqrt(n)``, so
    ``n = pilot_samples (worst / precision)**2`` (with 10% to spare, never below the
    pilot).

    >>> s = Summary(1.0, 90.0, 100.0, 110.0, 0.1, 0.9, 0.2, 1.1, "1", 10_000)
    >>> samples_for_precision(0.005, [s], 10_000)
    44000
    """
    worst = relative_error(pilot)
    ratio = worst / precision
    need = 1.1 * pilot_samples * ratio * ratio  # a float: inf past the largest, no error
    return max(pilot_samples, math.ceil(need)) if need < NEED_CAP else NEED_CAP


@dataclass(frozen=True)
class Digits:
    """How many printed figures have a last digit within the Monte Carlo noise."""

    noisy: int
    total: int
    worst: float  # the largest relative standard error of a figure counted
    kind: str = "percentiles"  # what was counted: "percentiles", or "figures" with means
    first: int = 3  # the most significant digit that is noise in half the figures or more
    where: str = ""  # the figure with the largest relative error, where labels were given

    def warning(self, samples: int, remedy: str = "--precision or more --samples",
                ) -> str | None:
        """A one-line warning, or None when every printed digit is real; where even the
        first or second significant digit of half the figures or more is noise, it says so."""
        if not self.noisy:
            return None
        worse = f", and the {_ORDINAL[self.first]} of most" if self.first < 3 else ""
        return (f"note: at {samples:,} samples the third significant digit of {self.noisy:,} "
                f"of {self.total:,} {self.kind} reported is within the Monte Carlo error{worse} "
                f"(up to {self.worst:.2%} of a value, one standard error"
                f"{': ' + self.where if self.where else ''}); use {remedy} "
                f"before quoting {_QUOTE[self.first]}")


_ORDINAL = {1: "first", 2: "second", 3: "third"}
_QUOTE = {1: "any figure", 2: "two digits", 3: "three digits"}


def digits_check(summaries: Iterable[Summary], digits: int = 3, *,
                 means: bool = False, labels: Sequence[str] | None = None) -> Digits:
    """Percentiles shown to ``digits`` significant digits whose last digit is not real:
    two standard errors exceed half a unit of that digit. With ``means``, each mean is
    counted as well (for outputs that print it). With ``labels`` (one a summary, as
    :func:`labelled_summaries` gives them), the result says which figure is the least
    precise.

    >>> noisy = Summary(1e6, 9e5, 1e6, 1.1e6, 2e3, 9e3, 9e3, 9e3, "rd", 1_000)
    >>> digits_check([noisy]).total, digits_check([noisy], means=True).total
    (3, 4)
    """
    items = list(summaries)
    total = 0
    noisy = [0] * (digits + 1)  # figures whose d-th significant digit is noise, by d
    for s in items:
        for v, se in _figures(s, means):
            if v == 0 or not math.isfinite(v):
                continue
            total += 1
            top = math.floor(math.log10(abs(v)))
            for d in range(1, digits + 1):
                noisy[d] += int(2.0 * se > 10.0 ** (top - (d - 1)) / 2.0)
    first = next((d for d in range(1, digits) if 2 * noisy[d] >= total > 0), digits)
    worst, at = _worst(items, means)
    where = ""
    if labels is not None and at is not None:
        (i, k), s = at, items[at[0]]
        v, se = _figures(s, means)[k]
        unit = "" if s.unit == "1" else f" {s.unit}"
        where = (f"the {_NAMES[k]} of {readable(labels[i])}, {as_written(float(f'{v:.3g}'))} "
                 f"+/- {as_written(float(f'{se:.2g}'))}{unit}")
    return Digits(noisy[digits], total, worst, "figures" if means else "percentiles", first,
                  where)


_NAMES = ("5th percentile", "median", "95th percentile", "mean")


def summaries_in(obj: Any) -> list[Summary]:
    """Every :class:`Summary` in a result (through its dataclass fields, dicts, lists and
    tuples; assumption sets are not entered)."""
    return [s for _, s in labelled_summaries(obj)]


def labelled_summaries(obj: Any, path: str = "", *, _within: frozenset[int] = frozenset(),
                       ) -> list[tuple[str, Summary]]:
    """:func:`summaries_in`, each with where it is: field names and keys joined by dots,
    a list's item by its ``id`` (a claim's) or its index, as in ``claims[hur].predictive``.
    As deep as the result holds them; an object that holds itself is entered once."""
    if isinstance(obj, Summary):
        return [(path, obj)]
    if id(obj) in _within or (isinstance(obj, (str, bytes, Mapping))
                              and not isinstance(obj, dict)):
        return []
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        items: Any = ((f".{f.name}", getattr(obj, f.name)) for f in dataclasses.fields(obj))
    elif isinstance(obj, dict):
        items = ((f".{k}", v) for k, v in obj.items())
    elif isinstance(obj, tuple) and obj and isinstance(obj[0], str):
        items = (("", v) for v in obj[1:])  # a labelled pair, named by its label above
    elif isinstance(obj, (list, tuple)):
        items = ((f"[{_item_id(v, i)}]" if path else _item_id(v, i), v)
                 for i, v in enumerate(obj))
    else:
        return []
    within = _within | {id(obj)}
    return [(p.lstrip("."), s) for key, item in items
            for p, s in labelled_summaries(item, path + key, _within=within)]


def readable(path: str) -> str:
    """A figure's place in a result as a reader names it: ``claims[hur].timeline.usable``
    is 'hur: timeline / usable', ``compare[shin_6700_containers]`` 'shin_6700_containers:
    compare', ``headline.rounds.posterior`` 'headline / rounds / posterior',
    ``rows[mix].footing.rounds`` 'mix: rounds' (a list of rows or claims is not named:
    its items are; nor the footing's mapping: its measures are)."""
    start = path.rfind("[")   # the innermost item names the figure
    end = path.find("]", start)
    if start >= 0 and end > start:
        within = path[:start].rsplit(".", 1)[-1]
        parts = [p for p in [within if within not in _UNNAMED else "",
                             *path[end + 1:].split(".")] if p and p not in _UNNAMED]
        return path[start + 1:end] + (": " + " / ".join(parts) if parts else "")
    return " / ".join(p for p in path.split(".") if p and p not in _UNNAMED)


# lists whose items, not the list, name a figure; and 'footing', the common measures'
# mapping, which a reader knows by the measure alone ('mix: rounds')
_UNNAMED = {"rows", "claims", "results", "footing"}


def _item_id(item: Any, index: int) -> str:
    """A list item's name: its own or its claim's ``id``, its ``key`` (a rate's), its
    calibre and basis (a scenario's), its ``label`` or its ``month``."""
    calibre, basis = getattr(item, "calibre", None), getattr(item, "basis", None)
    if isinstance(calibre, str) and calibre:
        return f"{calibre}, {basis}" if isinstance(basis, str) and basis else calibre
    if isinstance(item, tuple) and item and isinstance(item[0], str) and item[0]:
        return item[0]   # a (label, figure, ...) pair
    for holder in (item, getattr(item, "claim", None)):
        for name in ("id", "key", "label", "month"):
            value = getattr(holder, name, None)
            if isinstance(value, str) and value:
                return value
    return str(index)


def to_precision(run: Callable[[int], T], precision: float, samples: int, *,
                 figures: Callable[[T], Iterable[Summary]] = summaries_in,
                 pilot: int = 16_384, most: int = 50_000_000) -> tuple[T, int]:
    """``run(n)`` with ``n`` chosen so that every percentile in ``figures(result)`` has a
    standard error within ``precision`` of its value: a pilot run of ``min(samples,
    pilot)``, then :func:`samples_for_precision` from it, and again from that run while
    the precision is not met (a small pilot's own errors can mislead; up to four runs
    after the pilot). Returns the result and ``n``; a precision the last run still misses
    is an error, never a result stamped with a precision it lacks."""
    if not (number(precision) and 0 < precision < 1):  # type: ignore[operator]
        raise InputError("precision", "a share above 0 and below 1, e.g. 0.001 (0.1%)", precision)
    n = min(samples, pilot)
    result = run(n)
    for reruns in range(5):  # a pilot's errors are themselves noisy: check, and go on if short
        figs = list(figures(result))
        n = max((s.n for s in figs), default=n)  # as run (lhs and sobol round up)
        worst = relative_error(figs)
        if worst <= precision:
            break
        if reruns == 4:
            raise InputError("precision", "a precision five runs reach (the last, of "
                             f"{n:,} samples, left a standard error of {worst:.3%} of a "
                             "value: its errors shrink more slowly than 1/sqrt(samples))",
                             _as_asked(precision))
        needed = samples_for_precision(precision, figs, n)  # above n: worst > precision
        if needed > most:
            raise InputError("precision", f"a precision reachable within {most:,} samples "
                             "(this one needs " + (f"about {needed:,})" if needed < NEED_CAP
                                                   else f"more than {NEED_CAP:.0e})"),
                             _as_asked(precision))
        del result, figs  # the last run's arrays go before the next run allocates its own
        try:
            result = run(needed)
        except InputError as exc:
            if exc.place != "samples":
                raise
            raise InputError("precision", f"a precision this run can reach: its "
                             f"{needed:,} samples would need {exc.expected}",
                             _as_asked(precision)) from None
    return result, n


def _as_asked(precision: float) -> str:
    """A precision as a share of 100 (``0.1%``); below a millionth of a percent, as the
    share itself (``1e-150``, not ``1e-148%``)."""
    return f"{precision * 100:g}%" if precision >= 1e-8 else f"{precision:g}"
