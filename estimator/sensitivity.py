"""Which input moves the answer: a tornado and Sobol' indices for any model of the engine.

For a model (a function of :class:`~estimator.engine.Draws`, as every analysis has)
and one of its outputs, :func:`sensitivity` reports for each input the model reads
(inputs fixed at one value are left out, as they move nothing):

- **the tornado swing**: the output with that input at its 5th and at its 95th
  percentile and every other input at its median (one at a time). Inputs of several
  dimensions (a Dirichlet mix) have no single percentile and get no swing;
- **the rank correlation** (Spearman) of the input with the output over the sample;
- **Sobol' indices**: the first-order index ``S_i`` (the share of the output's variance
  that the input explains alone) and the total index ``ST_i`` (alone and through its
  interactions with others), with standard errors from the spread between
  independently scrambled replicates of the design.

The Sobol' indices use the pick-freeze design of Saltelli (2002) with the estimators of
Saltelli et al. (2010) for ``S_i`` and Jansen (1999) for ``ST_i``, the pair that
Saltelli et al. (2010, *Comput. Phys. Commun.* 181, 259-270) found the most accurate of
the common choices. Two ``n``-point matrices ``A`` and ``B`` of uniforms (the two halves
of a scrambled Sobol' design of twice the dimension, made as :data:`~estimator.engine.REPLICATES`
independent scrambles of ``n / REPLICATES`` points each, whose indices' spread gives the
standard errors) and one matrix ``AB_i`` per input
(``A`` with the input's columns from ``B``) cost ``(k + 2) n`` model evaluations for
``k`` inputs; every evaluation goes through the same inverse CDFs as a normal run:

    S_i  = mean(f(B) (f(AB_i) - f(A))) / V
    ST_i = mean((f(A) - f(AB_i))**2) / (2 V),    V = var(f(A), f(B))

The indices assume independent inputs (their variance decomposition needs it):
correlations declared in the assumption files are not applied here.

Why not SALib: the estimators are a dozen lines of numpy, SALib would add a dependency
(and pandas, matplotlib) and its own sampling, while here the design must go through the
engine's inputs (units, multi-dimensional mixes, each key's own inverse CDF). The tests
check the result against closed forms (a linear model, the Ishigami function).

>>> from estimator.distributions import Uniform
>>> from estimator.engine import Input
>>> from estimator.units import ureg
>>> xs = [Input(k, Uniform(0.0, 1.0), ureg.dimensionless) for k in ("a", "b")]
>>> s = sensitivity(xs, lambda d: {"y": d["a"] + 2 * d["b"]}, "y", samples=4096, seed=1)
>>> [f.key for f in s.factors], round(s.factor("b").total, 1)
(['b', 'a'], 0.8)
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace

import numpy as np
import pint

from estimator._args import flag, int_hint, whole
from estimator._sobol import Sobol
from estimator._version import __version__
from estimator.assumptions import AssumptionSet, given_or_defaults
from estimator.chain import MIX, REFERENCE, as_count, check_basis, check_reference, reference_texts
from estimator.counts import CountLike
from estimator.engine import (
    DEFAULT_BLOCK,
    MAX_SAMPLES,
    REPLICATES,
    Engine,
    Model,
    Sampled,
    carried_correlations,
    memory_budget,
    sampled_inputs,
    stream_number,
)
from estimator.errors import InputError, NotFound, Words, one_of
from estimator.estimates import DEFAULT_SEED, RunRecord, containers_model

__all__ = ["Factor", "Sensitivity", "SensitivityReport", "containers_sensitivity", "sensitivity",
           "timeline_sensitivity"]



@dataclass(frozen=True)
class Factor:
    """One input's effect on the output (see the module text)."""

    key: str
    low: float | None  # the output with this input at its 5th percentile, others at median
    high: float | None  # ... at its 95th percentile
    rank_correlation: float | None
    first: float
    total: float
    se_first: float
    se_total: float

    @property
    def swing(self) -> float | None:
        return None if self.low is None or self.high is None else abs(self.high - self.low)


@dataclass(frozen=True)
class Sensitivity:
    """The factors of one output, most influential (largest total index) first."""

    output: str
    unit: str
    base: float  # the output with every input at its median
    variance: float
    factors: tuple[Factor, ...]
    samples: int  # n, the rows of each of A and B
    evaluations: int  # (k + 2) n + 2 k + 1
    seed: int
    median: float = math.nan  # the output's own median over the A and B rows: the estimate,
    # which ``base`` is not (a mix of calibres at their medians is no median mix)
    # the correlation groups the inputs carried that tie two or more of the inputs analysed:
    # not applied, as Sobol' indices take the inputs as independent
    independent_of: tuple[str, ...] = ()

    def __repr__(self) -> str:  # short: each factor is a .factor(key) away
        return (f"Sensitivity(output={self.output!r}, unit={self.unit!r}, "
                f"{len(self.factors)} factors, samples={self.samples}, seed={self.seed})")

    def factor(self, key: str) -> Factor:
        """The factor of the assumption ``key``, in any case; :class:`~estimator.errors.
        NotFound` names those analysed."""
        return NotFound.lookup({f.key: f for f in self.factors}, key, "key")

    def flat(self) -> list[str]:
        """Inputs that matter (a total index of :data:`FLAT_TOTAL` or more) but do not
        swing the output (by :data:`FLAT_SWING` of it or less) while the others sit at
        their medians, where another input or limit decides (a round's volume when the
        weight binds there): an empty tornado row that must not read as no effect."""
        return [f.key for f in self.factors if f.low is not None and f.high is not None
                and abs(f.high - f.low) <= FLAT_SWING * abs(self.base)
                and f.total >= FLAT_TOTAL]


FLAT_SWING, FLAT_TOTAL = 1e-3, 0.02


class _Design(Engine):
    """An engine whose uniforms are given, key by key (trials on axis 0)."""

    def __init__(self, inputs: Iterable[Sampled], columns: Mapping[str, np.ndarray],
                 seed: int) -> None:
        self._given = dict(columns)
        n = len(next(iter(self._given.values())))
        super().__init__(inputs, seed=seed, samples=n, block_size=DEFAULT_BLOCK)

    # each input on its own column: the indices take the inputs as independent (an input
    # drawn at another's percentile included; see ignored_correlations)
    _ties_percentiles = False

    def uniforms(self, key: str, start: int, n: int, width: int = 1) -> np.ndarray:
        given = self._given.get(key)
        if given is None:
            return super().uniforms(key, start, n, width)
        block = given[start:start + n]
        return block[:, 0].copy() if width == 1 else block.copy()


def _values(out: Mapping[str, pint.Quantity | np.ndarray], output: str
            ) -> tuple[np.ndarray, str]:
    if output not in out:
        raise InputError("output", "one of the model's outputs: " + ", ".join(out), output)
    value = out[output]
    if isinstance(value, pint.Quantity):
        arr, unit = np.asarray(value.magnitude, dtype=float), f"{value.units:~P}" or "1"
    else:
        arr, unit = np.asarray(value, dtype=float), "1"
    if arr.ndim == 2 and arr.shape[1] == 1:  # one value a trial, in a column
        arr = arr[:, 0]
    if arr.ndim != 1:  # a mix's shares are one row a trial: name one of them instead
        raise InputError(f"output {output!r}", "one value a trial", f"shape {arr.shape[1:]} "
                         "a trial")
    return arr, unit


def _ranks(x: np.ndarray) -> np.ndarray:
    r = np.empty(len(x))
    r[np.argsort(x, kind="stable")] = np.arange(len(x))
    return r


def sensitivity(inputs: Iterable[Sampled] | Mapping[str, Sampled], model: Model, output: str, *,
                samples: int = 4096, seed: int = DEFAULT_SEED) -> Sensitivity:
    """Tornado swings, rank correlations and Sobol' indices of ``output`` of ``model``
    for every input it reads; ``samples`` (rounded up to a power of two) rows of each
    base matrix. Every input is drawn independently: the correlation groups an assumption
    set or an :class:`~estimator.engine.Inputs` list carries are not applied (Sobol'
    indices assume independent inputs), and ``Sensitivity.independent_of`` names those
    that tie two or more of the inputs analysed. The indices are worked out on all rows;
    their standard errors from the spread of the same on each of :data:`REPLICATES`
    independently scrambled replicates (``sd / sqrt(REPLICATES)``), NaN where a replicate's
    output does not vary (a rare event in few rows)."""
    carried = carried_correlations(inputs)
    inputs = sampled_inputs(inputs)  # one input where a list goes: the engine's own error
    if not whole(samples) or samples < 16:
        raise InputError("samples", "a whole number of 16 or more", samples,
                         hint=int_hint(samples))
    n = 1 << (int(samples) - 1).bit_length()
    probe = Engine(inputs, seed=seed, samples=1)
    seed = probe.seed  # checked, and a plain int for the record
    keys = tuple(k for k in probe.reads(model)  # a fixed input moves nothing
                 if probe.inputs[k].distribution.form != "fixed")
    if not keys:
        raise InputError("model", "a model that reads at least one input", "none read")
    width = {k: probe.inputs[k].distribution.width for k in keys}
    dims = sum(width.values())
    if n * (len(keys) + 2) > MAX_SAMPLES:  # before any drawing: the design is (k + 2) n rows
        most = 1 << ((MAX_SAMPLES // (len(keys) + 2)).bit_length() - 1)  # a power of 2
        raise InputError("samples", f"at most {most:,} rows for {len(keys)} inputs (each "
                         f"row runs the model {len(keys) + 2} times, {MAX_SAMPLES:,} runs at "
                         "most)", samples)
    # the design's uniforms (2 dims a row of A and B, dims a row of the k + 2 matrices)
    # and the model's outputs (up to 8 a run): refused before any is made
    per_row = 8.0 * (2 * dims + (len(keys) + 2) * (dims + 8))
    budget = memory_budget()
    if n * per_row > budget:
        most = 1 << max(int(budget // per_row).bit_length() - 1, 0)
        raise InputError("samples", f"at most {most:,} rows for {len(keys)} inputs here (a "
                         f"row keeps {per_row:,.0f} bytes, and half the memory this process "
                         f"may use is {budget / 2**30:.1f} GiB)", samples)
    per = n // REPLICATES  # n is a power of 2 of 16 or more: 2 rows or more a replicate
    # each replicate its own scramble, from a stream keyed by name (as every draw is), so
    # no other stream of the seed shares it
    salt = stream_number("sensitivity", 2 * dims)
    ab = np.vstack([Sobol(2 * dims, np.random.default_rng(np.random.SeedSequence(
        seed, spawn_key=(salt, r)))).points(0, per) for r in range(REPLICATES)])
    ab += 2.0**-31
    a_cols, b_cols, at = {}, {}, 0
    for k in keys:
        a_cols[k], b_cols[k] = ab[:, at:at + width[k]], ab[:, dims + at:dims + at + width[k]]
        at += width[k]
    # rows: A, B, then AB_i for each key; then the one-at-a-time points
    blocks = {k: [a_cols[k], b_cols[k]] for k in keys}
    for i in keys:
        for k in keys:
            blocks[k].append(b_cols[k] if k == i else a_cols[k])
    oat = {k: [np.full((1, width[k]), 0.5)] for k in keys}
    for i in keys:
        for p in (0.05, 0.95):
            for k in keys:
                oat[k].append(np.full((1, width[k]), p if k == i else 0.5))
    columns = {k: np.vstack([*blocks[k], *oat[k]]) for k in keys}
    y, unit = _values(_Design(inputs, columns, seed).run(model), output)
    k_n = len(keys)
    runs = y[:(k_n + 2) * n].reshape(k_n + 2, n)
    fa, fb, fab = runs[0], runs[1], runs[2:]
    points = y[(k_n + 2) * n:]
    base, lows, highs = points[0], points[1::2], points[2::2]

    var, s1s, sts = _indices(fa, fb, fab)  # an output that does not vary: NaN indices
    reps = [_indices(fa[r], fb[r], fab[:, r])
            for r in (slice(i * per, (i + 1) * per) for i in range(REPLICATES))]

    def error(x: list[float]) -> float:
        """The replicates' spread over sqrt(REPLICATES): NaN where one of them had no
        variance (never 0 for a figure that could not be judged)."""
        return float(np.std(x, ddof=1) / math.sqrt(len(x)))

    factors = []
    for j, k in enumerate(keys):
        rho = None
        if width[k] == 1 and np.std(fa) > 0 and np.std(a_cols[k][:, 0]) > 0:
            rho = float(np.corrcoef(_ranks(a_cols[k][:, 0]), _ranks(fa))[0, 1])
        one = width[k] == 1
        factors.append(Factor(k, float(lows[j]) if one else None,
                              float(highs[j]) if one else None, rho, float(s1s[j]),
                              float(sts[j]), error([rep[1][j] for rep in reps]),
                              error([rep[2][j] for rep in reps])))
    factors.sort(key=lambda f: (-np.nan_to_num(f.total), -(f.swing or 0.0), f.key))
    dropped = tuple(g.name for g in carried if len(set(g.keys) & set(keys)) >= 2)
    return Sensitivity(output, unit, float(base), var, tuple(factors), n,
                       len(y), seed, float(np.median(np.concatenate([fa, fb]))), dropped)


def _indices(fa: np.ndarray, fb: np.ndarray, fab: np.ndarray,
             ) -> tuple[float, np.ndarray, np.ndarray]:
    """The output's variance and each input's first-order and total indices (NaN where
    the output does not vary) on the rows given."""
    both = np.concatenate([fa, fb])
    v = float(np.var(both))
    if not v > 0:
        return v, np.full(len(fab), np.nan), np.full(len(fab), np.nan)
    # f(B) about the mean: an offset in the output adds offset x mean(f(AB_i) - f(A)) to
    # the first-order estimate, zero only on average (at a mean 300 sd from 0, the
    # Ishigami function's S1 spread 25 times as far between seeds)
    fb_c = fb - np.mean(both)
    return (v, np.mean(fb_c * (fab - fa), axis=1) / v,
            0.5 * np.mean((fa - fab) ** 2, axis=1) / v)


@dataclass(frozen=True)
class SensitivityReport:
    """A sensitivity analysis of one output of one of the project's analyses."""

    title: str
    result: Sensitivity
    record: RunRecord
    assumptions: AssumptionSet = field(repr=False)
    reference: str | None = None  # the calibre of rounds_152, for the timeline's measures

    def __repr__(self) -> str:
        r = self.result
        return self.record.repr_of(self, repr(self.title), f"output={r.output!r}",
                                   f"{len(r.factors)} factors", reference=self.reference)

    @property
    def used(self) -> tuple[str, ...]:
        """The assumption keys analysed (those the model read, fixed ones left out; the
        count's own spread is a factor but not an assumption)."""
        return tuple(f.key for f in self.result.factors if f.key in self.assumptions)

    @property
    def ignored_correlations(self) -> tuple[str, ...]:
        """The rank-correlation groups of the assumptions that tie two or more of the
        inputs analysed, and the inputs analysed drawn at the percentile of another one
        analysed (as 'KEY at the percentile of OTHER'): Sobol' indices take the inputs as
        independent, so they ignore them."""
        keys = {f.key for f in self.result.factors}
        pairs = [f"{k} at the percentile of {self.assumptions[k].same_percentile_as}"
                 for k in sorted(keys) if k in self.assumptions
                 and self.assumptions[k].same_percentile_as in keys]
        return (*self.result.independent_of, *pairs)


def containers_sensitivity(count: CountLike, assumptions: AssumptionSet | None = None,
                           *, calibre: str = MIX, basis: str = "complete", usable: bool = False,
                           related: bool = False, samples: int = 4096,
                           seed: int = DEFAULT_SEED) -> SensitivityReport:
    """What moves the rounds (or usable rounds) that ``count`` containers hold, for one
    calibre scenario (or the mix) on one basis.

    >>> rep = containers_sensitivity("6700", calibre="152mm_he", samples=1024, seed=1)
    >>> [f.key for f in rep.result.factors[:2]]
    ['containers.20ft.payload_limit', 'munitions.152mm_he.complete_mass']
    """
    usable = flag(usable, "usable")
    basis = check_basis(basis)
    count = as_count(count, "container")
    assumptions = given_or_defaults(assumptions)
    if not isinstance(calibre, str):  # one scenario: containers_model would name calibres
        raise InputError("calibre", "one calibre's id (a str), or 'mix'",
                         type(calibre).__name__)
    inputs, model, (calibre,) = containers_model(count, assumptions, calibres=[calibre],
                                                 bases=[basis], related=related)  # as named
    output = f"{basis}.{calibre}.{'usable' if usable else 'rounds'}"
    result = sensitivity(inputs, model, output, samples=samples, seed=seed)
    # a count's at-least excess is drawn afresh from an assumption: name it by that key
    named = {i.key: i.of for i in inputs if getattr(i, "of", "")}
    result = replace(result, factors=tuple(replace(f, key=named.get(f.key, f.key))
                                           for f in result.factors))
    what = "usable rounds" if usable else "rounds"
    title = (f"{count.text} containers{' (munitions or related)' if related else ''}: "
             f"{what}, {'calibre mix' if calibre == MIX else 'all ' + calibre}, {basis} basis")
    return _report(title, result, assumptions)


def _report(title: str, result: Sensitivity, assumptions: AssumptionSet,
            reference: str | None = None) -> SensitivityReport:
    # samples: the rows asked for (as rounded), which --samples takes again to rerun it
    record = RunRecord("estimator", __version__, result.seed, result.samples,
                       "sobol indices (Saltelli 2010 / Jansen 1999)", assumptions.digest,
                       assumptions.files, assumptions.overridden, assumptions.added)
    return SensitivityReport(title, result, record, assumptions, reference)


# what each measure of the timeline is called in a title ({reference}: see reference_texts)
TIMELINE_MEASURES = {"rounds": "rounds of the calibre mix", "usable": "usable rounds after duds",
                     "containers": "containers", "tonnes": "tonnes",
                     "rounds_152": "{reference} rounds"}


def timeline_sensitivity(start: str | dt.date | None = None, end: str | dt.date | None = None,
                         assumptions: AssumptionSet | None = None, *, measure: str = "rounds",
                         basis: str = "complete", reference: str | None = None,
                         samples: int = 4096, seed: int = DEFAULT_SEED) -> SensitivityReport:
    """What moves the deliveries by sea from ``start`` through ``end`` (months or days, as
    :func:`~estimator.logistics.estimate_timeline` takes them; by default the whole
    timeline), on one ``measure`` of :data:`~estimator.chain.FOOTING`: the port-call rates
    of each period and the ships' loads; for every measure but containers, the packing and
    the calibre mix too (``rounds_152``: rounds of the ``reference`` calibre alone,
    ``152mm_he`` by default; a reference beside another measure, which it would not
    change, is refused); for ``usable``, the dud rate too.

    >>> rep = timeline_sensitivity("2023-08", "2024-01", measure="containers", samples=256,
    ...                            seed=1)
    >>> "calls.sep_2023_feb_2024" in [f.key for f in rep.result.factors]
    True
    """
    from estimator.logistics import call_periods, delivered_by_sea, timeline_span

    basis = check_basis(basis)
    measure = one_of(measure, TIMELINE_MEASURES, "measure")
    assumptions = given_or_defaults(assumptions)
    if reference is not None and measure != "rounds_152":
        raise InputError("reference", "rounds_152 as the measure beside it (the one "
                         "measure of the reference calibre)",
                         Words(f"'{reference}' with the measure {measure}"))
    reference = check_reference(REFERENCE if reference is None else reference,
                                assumptions.calibres())
    periods = call_periods(assumptions)
    a, b = timeline_span(start, end, periods)
    result = sensitivity(assumptions, delivered_by_sea(periods, a, b, basis, (measure,),
                                                       reference),
                         measure, samples=samples, seed=seed)
    last = b - dt.timedelta(days=1)
    what = reference_texts(TIMELINE_MEASURES, reference)[measure]
    # containers are counted on no basis: it decides only what the boxes hold
    title = (f"deliveries by sea from {a} through {last}: {what}"
             + ("" if measure == "containers" else f", {basis} basis"))
    return _report(title, result, assumptions, reference)
