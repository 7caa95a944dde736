"""One reconciled estimate from all the claims: pooling, tension, effective sample size.

:func:`pool` treats every catalogued claim as an observation of the delivery timeline
(port calls per month by period, ``calls.*``, times containers per call, through the
one container chain of :mod:`estimator.chain`) over the claim's own period, in its own
measure and as worded. The rules, stated in every output (:attr:`Pooled.rules`):

1. **What a claim observes.** The timeline's value over ``[period_start, as_of]`` in
   the claim's measure: port calls (a shipment is one call, as in the side-by-side),
   containers (a "munitions or related" count is the munitions containers divided by
   ``scope.munitions_share``), rounds of the claim's calibre or the calibre mix, or
   tonnes. The timeline has no deliveries before its first period (late August 2023);
   an increment (``over``) observes its own period only. Claims counting missiles, and
   claims whose period runs past the timeline's end, are left out, with the reason.
2. **How a figure is read.** The same reading as the side-by-side
   (:meth:`~estimator.counts.Count.rule`): exact; approx to the precision written and a
   range, uniform over the interval; at least N as N x (1 + ``counts.at_least_excess``);
   up to N as N x (1 - ``counts.up_to_shortfall``). The reading is integrated over
   (:data:`NODES` quantile nodes), not drawn.
3. **Reporting error.** A source's figure is the timeline's value with an error on
   the log scale of (value + 1 unit): ``log(figure + 1) = log(value + 1) + e``, ``e``
   normal with sd ``sqrt(s**2 + value / (value + 1)**2)``: ``s`` (``reporting_error``,
   default :data:`REPORTING_ERROR`) for every source, and the counting noise of a small
   count (a Poisson count's spread: about 0.5 for one port call, nothing for
   thousands). So "approx" is a soft box, "at least" a smooth step that falls off
   above the excess, a range a soft box.
4. **Fired.** A "fired" figure is a lower bound on what was delivered:
   likelihood ``P(value x e >= figure)``.
5. **Origins count once.** Each claim's log-likelihood is divided by the number of
   pooled claims of its origin (their average), and multiplied by its user weight
   (``weights``; 0 leaves it out of the pool but keeps its tension score).
6. **Importance sampling.** Prior draws of every assumption (the engine, one seed)
   are weighted by the likelihood of the claims; summaries are weighted percentiles.
   The effective sample size is Kish's ``(sum w)**2 / sum w**2``; below ``min_ess``
   (default :data:`MIN_ESS`) the result carries a warning. Where it is below that,
   the weights are tempered: a ladder of likelihood exponents 0 < b1 < ... < 1, each
   step chosen so that the step's own weights keep half their draws effective, with
   systematic resampling and prior-preserving moves (preconditioned Crank-Nicolson
   on the normal scores of the engine's uniforms) between steps, in independent runs
   (:data:`_RUNS`, of at least :data:`_RUN_DRAWS` draws each; with fewer than
   :data:`_MIN_RUNS` such runs, one run whose errors count families). Draws of one run are
   not independent, so a tempered result's standard errors are the spread between
   the runs (each run's weighted deviations summed before squaring, times k / (k - 1)
   for k runs), and its effective sample size is the number of independent draws that
   would give the mean of usable rounds the standard error that counting the draws of one
   prior draw as one family gives (steadier between seeds than the runs' spread), beside
   the importance weights' own (``ess_prior``).
7. **Tension.** For each claim, leave-one-out: the others' pooled predictive of its
   figure (the same draws, reweighted without it, with the reporting error), and the
   two-sided tail probability ``2 min(P, 1 - P)`` of the figure as read (one-sided
   for fired figures); in tension below ``tension_p`` (default
   :data:`TENSION_P`). Where the draws reweighted without the claim keep fewer effective
   draws than ``min_ess`` (``loo_ess``), there is no verdict (``in_tension`` None, with
   the reason in ``no_verdict``): a tail probability from a handful of draws is no
   finding either way. With it, how far the headline (usable rounds at ``as_of``) moves
   without the claim, and, in words, what the claim needs: rounds or tonnes per
   container, containers per call, or port calls a month, against the assumptions.
8. **Not pooled:** a source's own conversions (Shin: 3 million 152mm), capacities
   ("could have carried": boxes converted into rounds by the source's own packing) and
   dud statements: they are the source's assumptions, not observations of deliveries;
   shipments of a scope other than ``cargo_ships`` (the NIS's count takes in
   transport aircraft), which are not port calls; and rail cars and trains, since the
   timeline is by sea.
9. **Counted twice.** Where a timeline assumption (``calls.*``, ``ships.*``) quotes a
   claim's own words (the port-call counts the call rates were built from), pooling the
   claim counts that information twice; the result says so for each such claim
   (:attr:`ClaimTension.prior_keys`) and leaves the choice (``drop``) to the user.

The library never prints: warnings are in :attr:`Pooled.warnings`.

>>> cat = Catalogue.defaults()
>>> two = ["shin_6700_containers", "nkpro_32_port_calls"]
>>> p = pool(cat, claims=two, as_of=dt.date(2024, 2, 26), samples=4000, seed=1)
>>> p.headline["containers"].posterior.p50 > 0, p.ess > 200, p.claim("shin_6700_containers").in_tension
(True, True, False)

A claim of one's own is added to the catalogue by
:meth:`~estimator.reports.Catalogue.with_claims` (laid out as in a claims file, and checked
as one is) or :meth:`~estimator.reports.Catalogue.with_file`, and pooled with the rest:

>>> mine = cat.with_claims({"my_9000_containers": {
...     "who": "me", "outlet": "my notebook", "published": "2024-05-01",
...     "as_of": "2024-04-30", "period_start": "2023-08-01", "measure": "containers",
...     "basis": "delivered", "scope": "munitions", "form": "approx",
...     "figure": "9,000", "origin": "me", "quote": "about 9,000 containers"}})
>>> p = pool(mine, claims=[*two, "my_9000_containers"], samples=4000, seed=1)
>>> p.as_of, p.claim("my_9000_containers").in_tension
(datetime.date(2024, 4, 30), False)
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np
import pint

from estimator._args import finite, names, whole
from estimator._frozen import freeze_fields
from estimator._special import ndtr, ndtri
from estimator.assumptions import AssumptionSet, given_or_defaults
from estimator.chain import (
    MIX,
    REFERENCE,
    Chain,
    check_basis,
    check_reference,
    count_inputs,
    count_value,
    reference_texts,
)
from estimator.counts import Count, parse_count
from estimator.engine import DEFAULT_BLOCK, Draws, Engine, Sampled, too_few_samples
from estimator.errors import InputError, NotFound, Words
from estimator.estimates import DEFAULT_SAMPLES, DEFAULT_SEED, RunRecord, run_record
from estimator.logistics import (
    Period,
    as_date,
    call_periods,
    calls_between,
    check_in_timeline,
    next_month,
)
from estimator.reports import (
    MEASURES,
    Catalogue,
    Claim,
    Figure,
    require_claims,
    select_claims,
)
from estimator.summary import (
    PERCENTILES,
    Summary,
    check_replicates,
    density_probs,
    summarize,
    unit_symbols,
)
from estimator.units import ureg

__all__ = ["HEADLINE", "MIN_ESS", "NODES", "QUANTILES", "REPORTING_ERROR", "TENSION_P",
           "ClaimTension", "Estimate", "Excluded", "Pooled", "TimelinePoint", "effective_draws",
           "kish_ess", "pool",
           "synthetic_claims", "weighted_summary"]

REPORTING_ERROR = 0.2   # sd of a source's error on the log scale (about +/- 20%)
MAX_REPORTING_ERROR = 5.0
MIN_ESS = 200           # fewer effective draws than this: the result carries a warning
TENSION_P = 0.05        # a claim whose tail probability is below this is in tension
MAX_WEIGHT = 10.0       # --weight: a claim counted at most ten times over
QUANTILES = tuple(k / 100 for k in range(1, 100))  # of the headline's distribution
NODES = 16              # at most this many quantile nodes over a figure's reading
_SPACING = 0.05         # ... at most this far apart on the log scale where fewer suffice
_MONTH = 365.25 / 12
_SHARED = 40            # characters a claim's quote shares with an assumption's source
_NEGLIGIBLE = 1e-6      # weights below this share of the largest are left out of summaries
_LEFT_OUT = 1e-5        # ... if together they carry less than this share of the total
_POOLED_MEASURES = ("containers", "rounds", "tonnes", "port_calls", "shipments")
_SIDES = {"delivered": "two-sided", "fired": "lower bound"}  # capacity: not pooled
HEADLINE = {"containers": "container", "tonnes": "t", "rounds": "round", "rounds_152": "round",
            "usable": "round"}
HEADLINE_TEXT = {"containers": "containers of munitions", "tonnes": "tonnes",
                 "rounds": "rounds (calibre mix)", "rounds_152": "{reference} rounds",
                 "usable": "usable rounds after duds"}  # {reference}: see reference_texts
PARAMETER_TEXT = {"rounds_per_container": "rounds per container (calibre mix)",
                  "dud_rate": "dud rate",
                  "calls_per_month": "port calls a month (mean since the timeline's start)",
                  "containers_per_call": "containers per port call (fleet mix)",
                  "munitions_share": "munitions share of 'munitions or related' boxes"}
_PARAMETER_UNIT = {"rounds_per_container": "round/container", "dud_rate": "1",
                   "calls_per_month": "port_call/month",
                   "containers_per_call": "container/port_call", "munitions_share": "1"}


# ---------------------------------------------------------------------------- results

@dataclass(frozen=True)
class Estimate:
    """A quantity before the claims (``prior``) and after pooling them (``posterior``)."""

    label: str
    prior: Summary
    posterior: Summary


@dataclass(frozen=True)
class TimelinePoint:
    """The cumulative timeline at one date (the end of a month, or the as-of date)."""

    date: dt.date
    rounds: Estimate
    usable: Estimate


@dataclass(frozen=True)
class ClaimTension:
    """One pooled claim: how it entered, what the pool says of it, and its tension."""

    claim: Claim
    side: str                       # two-sided, or lower bound (fired)
    start: dt.date                  # the part of its period the timeline covers: [start, end)
    end: dt.date
    weight: float                   # the user's weight (1 unless given)
    coefficient: float              # weight / pooled claims of its origin
    origin_claims: int
    quantity: Summary               # pooled (all claims): the claim's quantity over its period
    predictive: Summary             # the others' predictive of its figure (leave-one-out)
    tail_p: float
    headline_without: Summary       # the headline (usable at as_of) pooled without it
    shift: float                    # relative move of the headline median without it
    # None: no verdict, where the leave-one-out rests on fewer effective draws than the
    # pool's min_ess (its tail p, predictive and headline without it are no findings)
    in_tension: bool | None
    needs: str                      # what the figure needs, in words
    converted: Summary | None       # the figure converted to rounds (mix), as side by side
    pooled_rounds: Summary          # pooled rounds (mix) over the claim's own period
    loo_ess: float
    prior_keys: tuple[str, ...] = ()  # timeline assumptions that cite this claim's source
    tail_p_se: float = 0.0          # Monte Carlo standard error of tail_p
    edge: bool = False              # tail_p within two standard errors of tension_p: another
    # seed or more samples may put it on the other side
    no_verdict: str = ""            # why in_tension is None, in words; else ''

    @property
    def verdict(self) -> str:
        """'TENSION', 'tension?' (in tension, but at the edge), 'edge' (not in tension, but
        at the edge), '', or 'n/a (2 effective draws)' where there is no verdict (too few
        effective draws behind the leave-one-out)."""
        if self.in_tension is None:
            return f"n/a ({effective_draws(self.loo_ess)})"
        if self.in_tension:
            return "tension?" if self.edge else "TENSION"
        return "edge" if self.edge else ""


def effective_draws(n: float) -> str:
    """'2 effective draws', '1 effective draw'."""
    shown = f"{n:,.0f}"
    return f"{shown} effective draw" + ("" if shown == "1" else "s")


DROPPED = "dropped on request"  # the reason of a claim left out by drop=


@dataclass(frozen=True)
class Excluded:
    """A claim left out of the pool, and why."""

    claim: Claim
    reason: str


@dataclass(frozen=True)
class Pooled:
    """The reconciled estimate at ``as_of`` with every claim's tension (see the module text).

    ``headline``: the cumulative figures at ``as_of`` by measure (``HEADLINE``: containers,
    tonnes, rounds, rounds_152 in the ``reference`` calibre, usable), each an
    :class:`Estimate` with its ``prior`` and pooled ``posterior`` summaries; ``parameters``:
    the same for rounds a box (the mix), the dud rate, port calls a month, containers a
    call and the munitions share; ``claims``: each pooled claim's
    :class:`ClaimTension` (``tail_p``, ``in_tension``, ``no_verdict``), and ``excluded``
    those left out with the reason; ``timeline``: monthly points to ``as_of``;
    ``distribution``: for ``rounds`` and ``usable``, the (prior, pooled) percentiles at
    ``QUANTILES`` (1% to 99%), for a histogram or a plot of the two; ``ess``: the effective
    draws behind the pooled figures (below ``min_ess`` they are not trusted); ``tempering``:
    the ladder of exponents, ``(1.0,)`` where none was needed; ``warnings`` and ``rules``:
    the lines the output prints under the table.
    """

    as_of: dt.date
    basis: str
    headline: dict[str, Estimate]       # HEADLINE keys: the cumulative figures at as_of
    parameters: dict[str, Estimate]
    claims: tuple[ClaimTension, ...]
    excluded: tuple[Excluded, ...]
    timeline: tuple[TimelinePoint, ...]
    # rounds and usable at as_of: (prior, pooled) percentiles at QUANTILES
    distribution: dict[str, tuple[tuple[float, ...], tuple[float, ...]]]
    ess: float                          # effective draws behind the pooled figures
    ess_prior: float                    # Kish's, of the importance weights on the prior draws
    draws: int
    tempering: tuple[float, ...]        # the ladder of exponents; (1.0,) when none was needed
    warnings: tuple[str, ...]
    rules: tuple[str, ...]
    reporting_error: float
    tension_p: float
    record: RunRecord
    used: tuple[str, ...]
    assumptions: AssumptionSet = field(repr=False)
    catalogue: Catalogue = field(repr=False)
    known_by: dt.date | None = None     # claims made public after it were left out
    min_ess: float = MIN_ESS            # fewer effective draws: the figures are not trusted
    unchosen: int = 0                   # catalogue claims the claim/measure/since filters left
    reference: str = REFERENCE          # the calibre of the headline's rounds_152

    def __post_init__(self) -> None:
        freeze_fields(self)

    def __repr__(self) -> str:
        return self.record.repr_of(self, f"as_of={self.as_of.isoformat()!r}",
                                   f"basis={self.basis!r}", f"{len(self.claims)} claims pooled",
                                   f"{len(self.excluded)} left out", f"ess={self.ess:.0f}",
                                   reference=self.reference)

    @property
    def trusted(self) -> bool:
        """Whether the pooled figures rest on at least ``min_ess`` effective draws; when
        not, a warning says so and every output puts it beside the headline."""
        return self.ess >= self.min_ess

    def claim(self, claim_id: str) -> ClaimTension:
        """How the claim ``claim_id`` (in any case) sits with the pooled answer;
        :class:`~estimator.errors.NotFound` names the claims pooled."""
        return NotFound.lookup({c.claim.id: c for c in self.claims}, claim_id, "claim_id")

    @property
    def in_tension(self) -> tuple[ClaimTension, ...]:
        """The claims the pooled answer finds in tension with the rest (flagged TENSION);
        not those with no verdict."""
        return tuple(c for c in self.claims if c.in_tension)

    @property
    def no_verdict(self) -> tuple[ClaimTension, ...]:
        """The claims whose leave-one-out rests on fewer than ``min_ess`` effective draws:
        no tension verdict (``in_tension`` None)."""
        return tuple(c for c in self.claims if c.in_tension is None)


# ---------------------------------------------------------------------------- weights

def kish_ess(weights: np.ndarray) -> float:
    """Kish's effective sample size of importance weights: ``(sum w)**2 / sum w**2``.

    >>> kish_ess(np.ones(10)), kish_ess(np.array([1.0, 0, 0, 0]))
    (10.0, 1.0)
    """
    w = np.asarray(weights, dtype=float)
    s2 = float(np.sum(w * w))
    return float(np.sum(w)) ** 2 / s2 if s2 > 0 else 0.0


def _normalised(logw: np.ndarray) -> np.ndarray:
    top = np.max(logw)
    if not np.isfinite(top):
        return np.full(logw.shape, 1.0 / logw.size)
    w = np.exp(logw - top)
    return w / np.sum(w)


def _wquantiles(x: np.ndarray, w: np.ndarray, probs: Sequence[float],
                order: np.ndarray | None = None) -> np.ndarray:
    """Weighted quantiles: each draw's weight centred on its value. Draws of negligible
    weight (below :data:`_NEGLIGIBLE` of the largest, if together they carry less than
    :data:`_LEFT_OUT` of the total) are left out, unless ``order`` (the draws in order of
    ``x``) is given."""
    if order is None:
        keep = np.flatnonzero(w > _NEGLIGIBLE * np.max(w))
        if np.sum(w[keep]) < (1.0 - _LEFT_OUT) * np.sum(w):
            keep = np.arange(x.size)
        order = keep[np.argsort(x[keep])]
    xs, ws = x[order], w[order]
    pos = np.cumsum(ws)
    pos = (pos - 0.5 * ws) / pos[-1]
    return np.interp(probs, pos, xs)


def weighted_summary(values: np.ndarray, weights: np.ndarray, unit: str = "1", *,
                     replicates: int = 1, order: np.ndarray | None = None,
                     groups: np.ndarray | None = None, independent: bool = False) -> Summary:
    """A :class:`~estimator.summary.Summary` of weighted draws (weights need not sum to 1).

    Percentiles are weighted quantiles; the standard errors are those of self-normalised
    importance sampling by the delta method, a percentile's through the weighted share of
    draws below it and the density there (for ``replicates`` > 1, the spread between the
    replicates' own weighted figures); ``n`` is the number of draws. Draws that share an
    ancestor (``groups``: for each draw, the index of the draw it descends from, after
    resampling) are not independent: their standard errors sum each group's weighted
    deviations before squaring (Chan and Lai's estimator for sequential Monte Carlo), a
    percentile's through the share of draws below it. ``independent``: the groups are
    independent runs (tempering's), and the sum is the spread between them (with
    ``k / (k - 1)`` for k runs, and no floor).

    >>> s = weighted_summary(np.arange(1000.0), np.ones(1000))
    >>> round(s.p50, 1), round(s.mean, 1)
    (499.5, 499.5)
    """
    x = np.asarray(values, dtype=float)
    w = np.asarray(weights, dtype=float)
    total = float(np.sum(w))
    w = w / total if total > 0 else np.full(x.shape, 1.0 / x.size)
    # the density over a window as wide as the draws' effective number calls for (as for
    # unweighted draws: over 0.01 alone, the median's 90% intervals held the truth 73-84%
    # of the time at 84-420 effective draws)
    probs = density_probs(kish_ess(w) if groups is None else
                          _grouped_ess(x, w, groups, independent, order))
    qs = _wquantiles(x, w, probs, order)
    mean = float(np.sum(w * x))
    n = x.size
    check_replicates(replicates, n)
    # the spread between replicates; in one run, the delta method (Kish's effective size
    # misjudges percentiles where the weights track the values: it halved the error of
    # the pooled headline's 95th percentile)
    spread = _replicate_spread(x, w, replicates) if groups is None and replicates > 1 \
        else None
    if spread is not None:
        se_mean, *se = spread
    else:
        se_mean = _grouped_se(x, w, groups, independent)
        se = [float(_grouped_se((x <= qs[3 * i + 1]).astype(float), w, groups, independent)
                    * (qs[3 * i + 2] - qs[3 * i]) / (probs[3 * i + 2] - probs[3 * i]))
              for i in range(len(PERCENTILES))]
    return Summary(mean, float(qs[1]), float(qs[4]), float(qs[7]), se_mean, se[0], se[1],
                   se[2], unit_symbols(unit), n)


def _replicate_spread(x: np.ndarray, w: np.ndarray, replicates: int) -> list[float] | None:
    """Standard errors of the mean and of each percentile from the spread between the
    replicates' own weighted figures; None where fewer than two replicates have two draws
    and some weight."""
    if x.size // replicates < 2:
        return None
    per = []
    for xs, ws in zip(x.reshape(replicates, -1), w.reshape(replicates, -1), strict=True):
        t = float(np.sum(ws))
        if t > 0:
            ws = ws / t
            per.append([float(np.sum(ws * xs)),
                        *_wquantiles(xs, ws, [p / 100 for p in PERCENTILES])])
    if len(per) < 2:
        return None
    return (np.std(np.array(per), axis=0, ddof=1) / math.sqrt(len(per))).tolist()


def _grouped_se(h: np.ndarray, w: np.ndarray, groups: np.ndarray | None,
                independent: bool = False) -> float:
    """Standard error of the weighted mean of ``h`` (``w`` sums to 1) where draws of one
    group are dependent and groups independent: the root of the sum over groups of the
    squared sum of ``w (h - mean)``, and never below what as many independent draws as
    there are groups would give (with few groups the sum itself is unreliable, and with
    one it is 0). ``groups`` None: every draw is its own family, and no floor (importance
    weights can make an estimate better than as many plain draws would). ``independent``:
    the groups are independent runs of the whole sampler (each its own replicate of the
    estimate): the sum is their spread, unbiased with ``k / (k - 1)`` for k runs, and no
    floor."""
    mean = float(np.sum(w * h))
    dev = w * (h - mean)
    sums = dev if groups is None else np.bincount(groups, weights=dev)
    families = max(int(np.count_nonzero(w if groups is None else np.bincount(groups,
                                                                                weights=w))), 1)
    if independent and groups is not None and families > 1:
        return float(math.sqrt(float(np.sum(sums**2)) * families / (families - 1)))
    floor = 0.0 if groups is None else float(np.sum(w * (h - mean) ** 2)) / families
    return float(math.sqrt(max(float(np.sum(sums**2)), floor)))


def _grouped_ess(x: np.ndarray, w: np.ndarray, groups: np.ndarray, independent: bool,
                 order: np.ndarray | None) -> float:
    """The effective number of draws behind the reported percentiles of draws that share
    ancestors (or runs): the fewest, over the percentiles, of q (1 - q) / se^2 of the share
    of draws below each (for equal weights, Kish's figure would count every draw)."""
    qs = _wquantiles(x, w, [p / 100.0 for p in PERCENTILES], order)
    ess = float(x.size)
    for p, q in zip(PERCENTILES, qs, strict=True):
        se = _grouped_se((x <= q).astype(float), w, groups, independent)
        if se > 0:
            ess = min(ess, (p / 100.0) * (1 - p / 100.0) / se**2)
    return ess


def ancestry_ess(values: np.ndarray, groups: np.ndarray, independent: bool = False) -> float:
    """Effective sample size of equally weighted draws that share ancestors (or, with
    ``independent``, that belong to independent runs): the number of independent draws
    whose mean would have the same standard error, for families at most one a family of
    draws with one ancestor (so 1 where all share one); where the values do not vary,
    every draw counts. From runs, it moves with the seed as their spread does.

    >>> x = np.repeat(np.arange(10.0), 4)            # 10 draws, each resampled 4 times
    >>> round(ancestry_ess(x, np.repeat(np.arange(10), 4)), 9), round(ancestry_ess(x, np.arange(40)), 9)
    (10.0, 40.0)
    >>> ancestry_ess(x, np.zeros(40, int))            # one ancestor: worth one draw
    1.0
    """
    x = np.asarray(values, dtype=float)
    se = _grouped_se(x, np.full(x.size, 1.0 / x.size), np.asarray(groups), independent)
    var = float(np.var(x))
    return float(x.size) if var == 0 else float(min(max(var / se**2, 1.0), x.size))


# ---------------------------------------------------------------------------- likelihood

def _log_ndtr(x: np.ndarray) -> np.ndarray:
    """log of the standard normal CDF, accurate far into the lower tail."""
    x = np.asarray(x, dtype=float)
    z = -x / math.sqrt(2.0)
    a = np.abs(z)
    t = 1.0 / (1.0 + 0.5 * a)
    poly = (-1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (
        -0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (
            -0.82215223 + t * 0.17087277)))))))))
    log_erfc = np.log(t) - a * a + poly
    upper = np.log1p(-0.5 * np.exp(np.minimum(log_erfc, 0.0)))
    return np.where(z >= 0, math.log(0.5) + log_erfc, upper)


def _logmeanexp(a: np.ndarray) -> np.ndarray:
    """log of the mean of exp(a) over axis 0."""
    top = np.max(a, axis=0)
    safe = np.where(np.isfinite(top), top, 0.0)
    return safe + np.log(np.mean(np.exp(a - safe), axis=0))


@dataclass(frozen=True)
class _Reading:
    """How one claim enters the likelihood."""

    claim: Claim
    nodes: np.ndarray               # the figure as read, at NODES quantiles (its own unit)
    side: str
    start: dt.date
    end: dt.date

    @property
    def centre(self) -> float:
        return float(np.median(self.nodes))

    @property
    def months(self) -> float:
        return max((self.end - self.start).days, 0) / _MONTH


_GRID = 64  # points a side of the grid an open-topped range's quantiles are read from


def _nodes(count: Count, assumptions: AssumptionSet) -> np.ndarray:
    """The figure as read, at equally likely quantile nodes: as many as keep them within
    :data:`_SPACING` of each other on the log scale (one for an exact figure), at most
    :data:`NODES`."""
    if count.open_high:  # uniform from low to high x (1 + excess): its quantiles on a grid
        grid = (np.arange(_GRID) + 0.5) / _GRID
        excess = np.asarray(assumptions["counts.at_least_excess"].distribution.ppf(grid),
                            dtype=float)
        tops = count.high * (1.0 + excess)
        values = np.sort((count.low + np.outer(grid, tops - count.low)).ravel())

        def ppf(u: np.ndarray) -> np.ndarray:
            return np.quantile(values, u)
    elif count.form in ("approx", "range") and count.high > count.low:
        def ppf(u: np.ndarray) -> np.ndarray:
            return count.low + (count.high - count.low) * u
    elif count.form in ("at_least", "up_to"):
        key = "counts.at_least_excess" if count.form == "at_least" else "counts.up_to_shortfall"
        sign = 1.0 if count.form == "at_least" else -1.0
        dist = assumptions[key].distribution

        def ppf(u: np.ndarray) -> np.ndarray:
            return count.low * (1.0 + sign * np.asarray(dist.ppf(u), dtype=float))
    else:
        return np.array([count.low])
    ends = ppf(np.array([0.5 / NODES, 1.0 - 0.5 / NODES]))
    span = abs(math.log1p(ends[1]) - math.log1p(ends[0]))
    k = int(min(NODES, max(1, math.ceil(span / _SPACING))))
    return ppf((np.arange(k) + 0.5) / k)


def _scale(y: np.ndarray, s: float) -> np.ndarray:
    """The sd of a figure's error at value ``y``: reporting error and counting noise."""
    return np.sqrt(s * s + y / (y + 1.0) ** 2)


def _loglik(r: _Reading, y: np.ndarray, s: float) -> tuple[np.ndarray, np.ndarray]:
    """Each draw's log-likelihood of the claim, and P(the figure a source would give <=
    the figure as read) (the predictive CDF at the figure, averaged over the reading)."""
    ly = np.log1p(np.maximum(y, 0.0))
    sd = _scale(np.maximum(y, 0.0), s)
    zx = (np.log1p(r.nodes)[:, None] - ly[None, :]) / sd[None, :]
    cdf = np.mean(ndtr(zx), axis=0)
    if r.side == "lower bound":
        ll = _logmeanexp(_log_ndtr(-zx))
    else:
        ll = _logmeanexp(-0.5 * zx * zx) - np.log(sd) - 0.5 * math.log(2 * math.pi)
    return ll, cdf


def _tail(cdf: float, side: str) -> float:
    if side == "lower bound":
        return float(1.0 - cdf)
    return float(min(1.0, 2.0 * min(cdf, 1.0 - cdf)))


# ---------------------------------------------------------------------------- set-up

def _span(claim: Claim, periods: Sequence[Period]) -> tuple[dt.date, dt.date]:
    a = max(claim.period_start, periods[0].start)
    b = claim.as_of + dt.timedelta(days=1)
    return (a, max(a, b))


def _exclusion(claim: Claim, periods: Sequence[Period]) -> str | None:
    """Why a claim is left out of the pool; else None."""
    if claim.basis == "capacity" and claim.measure in _POOLED_MEASURES:
        return ("a capacity ('could have carried'): what the source reckons could have been "
                "carried, by its own packing, an assumption, not an observation of deliveries")
    return _off_timeline(claim, periods)


def _off_timeline(claim: Claim, periods: Sequence[Period]) -> str | None:
    """Why the delivery timeline cannot give a claim's quantity over its period; else None."""
    if claim.by_rail:
        return (f"counts {claim.measure.replace('_', ' ')}: deliveries by rail, and the "
                "delivery timeline is by sea (port calls): no assumption puts rail on it")
    if claim.measure not in _POOLED_MEASURES:
        return (f"counts {claim.measure.replace('_', ' ')}: no assumption puts them on the "
                "delivery timeline")
    if claim.not_by_sea:
        return (f"counts shipments of scope {claim.scope}: only shipments of scope "
                "cargo_ships are read as port calls, and no assumption puts other carriers "
                "on the timeline")
    if claim.as_of < periods[0].start:
        return (f"its period ends before the timeline's start ({periods[0].start}), when the "
                "timeline has no deliveries to observe")
    if claim.as_of + dt.timedelta(days=1) > periods[-1].end:
        return (f"its period runs past the timeline's end ({periods[-1].end}; add a "
                f"calls.NAME period from {periods[-1].end} in an assumptions file of your own)")
    return None


def _weight_map(weights: object, catalogue: Catalogue) -> dict[str, Any]:
    """Weights by claim id (the catalogue's, an id taken in any case), from a mapping or
    from (id, weight) pairs (as ``--weight ID=W`` gives them): an id given two different
    weights is refused, not settled by the last; given one weight twice, it is one."""
    if weights is None:
        return {}
    if isinstance(weights, Mapping):
        pairs: list[tuple[object, ...]] = list(weights.items())
    else:
        pairs = _pairs(weights)
        for pair in pairs:
            if len(pair) != 2 or not isinstance(pair[0], str):
                raise InputError("weights", "(id, weight) pairs", Words(repr(pair)))
    out: dict[str, Any] = {}
    for given, w in pairs:
        w = _weight(given, w)  # before a second one: 'x' twice is no number, not two weights
        cid = catalogue.id_of(given, "weights")
        if cid in out and out[cid] != w:
            raise InputError("weights", f"one weight for {cid} (it was given "
                             f"{_shown(out[cid])} before)", Words(f"{given}={_shown(w)}"))
        out[cid] = w
    return out


def _pairs(weights: object) -> list[tuple[object, ...]]:
    """(id, weight) pairs as given, where a mapping is not: a bare id is no pair."""
    if isinstance(weights, str):  # one id where pairs go: its letters are no pairs
        raise InputError("weights", "a mapping of claim id to weight, or (id, weight) "
                         "pairs", weights)
    try:  # a bare id is no pair (its letters would be read as one)
        return [(p,) if isinstance(p, str) else tuple(p)
                for p in weights]  # type: ignore[attr-defined]
    except TypeError:
        raise InputError("weights", "a mapping of claim id to weight, or (id, weight) "
                         "pairs", type(weights).__name__) from None


def _weight(cid: str, w: object) -> float:
    """A claim's weight: a number from 0 to :data:`MAX_WEIGHT`, else an error naming it."""
    if not finite(w) or not 0 <= w <= MAX_WEIGHT:  # type: ignore[operator]
        raise InputError("weights", f"a weight from 0 to {MAX_WEIGHT:g} for {cid} (1 "
                         f"counts its log-likelihood once, {MAX_WEIGHT:g} ten times)", w)
    return float(w)  # type: ignore[arg-type]


def _shown(w: object) -> str:
    """A number as given: short where that is exact (0.5, not 0.5000), else every digit
    (5.0000001, not 5)."""
    if not finite(w):
        return repr(w)
    short = f"{float(w):g}"  # type: ignore[arg-type]
    return short if float(short) == float(w) else repr(float(w))  # type: ignore[arg-type]


def _prior_keys(claim: Claim, assumptions: AssumptionSet, used: Sequence[str]) -> tuple[str, ...]:
    """Timeline assumptions (``calls.*``, ``ships.*``) that quote the claim's own words (a
    passage of :data:`_SHARED` characters common to the claim's quote and a source's), or
    cite the same source for the same figure (the claim's source, its name before any
    bracket or comma, among the source's ``who``, and its figure as a number in ``says``:
    NK Pro's 32 calls, worded otherwise by another outlet)."""
    quote = " ".join(claim.quote.lower().split())
    passages = {quote[i:i + _SHARED] for i in range(max(len(quote) - _SHARED + 1, 0))}
    name = re.split(r"[(,]", claim.who, maxsplit=1)[0].strip().lower()
    digits = sum(c.isdigit() for c in claim.figure.text)
    figure = re.compile(rf"(?<![\d.,]){re.escape(claim.figure.text)}(?![\d]|[.,]\d)")
    out = []
    for key in used:
        if not key.startswith(("calls.", "ships.")):
            continue
        for s in assumptions[key].sources:
            says = " ".join(s.says.lower().split())
            if any(p in says for p in passages) or (
                    len(name) >= 3 and name in s.who.lower() and digits >= 2  # not "Pier 1"
                    and figure.search(s.says)):
                out.append(key)
                break
    return tuple(out)


def _boundaries(start: dt.date, as_of: dt.date) -> list[dt.date]:
    """Month ends (exclusive: the next month's first day) from ``start`` to ``as_of``, and
    the day after ``as_of``."""
    out = []
    m = next_month(start)
    end = as_of + dt.timedelta(days=1)
    while m < end:
        out.append(m)
        m = next_month(m)
    out.append(end)
    return out


def _engine(inputs: Sequence[Sampled], assumptions: AssumptionSet, **kw: Any) -> Engine:
    return Engine(inputs, correlations=assumptions.correlations.values(), **kw)


# ---------------------------------------------------------------------------- pooling

def pool(
    catalogue: Catalogue | None = None,
    assumptions: AssumptionSet | None = None,
    *,
    as_of: dt.date | str | None = None,
    weights: Mapping[str, float] | Sequence[tuple[str, float]] | None = None,
    drop: str | Sequence[str] = (),
    claims: str | Sequence[str] | None = None,
    measures: str | Sequence[str] | None = None,
    since: dt.date | str | None = None,
    basis: str = "complete",
    reference: str = REFERENCE,
    samples: int = DEFAULT_SAMPLES,
    seed: int = DEFAULT_SEED,
    block_size: int = DEFAULT_BLOCK,
    method: str = "mc",
    reporting_error: float = REPORTING_ERROR,
    min_ess: float = MIN_ESS,
    tension_p: float = TENSION_P,
    known_by: dt.date | str | None = None,
) -> Pooled:
    """Pool every claim of ``catalogue`` into one estimate at ``as_of`` (see the module text).

    ``as_of`` defaults to the latest as-of date of the pooled claims; ``weights`` scale
    claims' log-likelihoods by id (0 or more; a mapping, or (id, weight) pairs); ``drop``
    leaves claims out by id (a drop or weight of a claim left out anyway, such as one made
    public after ``known_by``, is noted in the warnings and changes nothing);
    ``claims``, ``measures`` and ``since`` choose the claims pooled, as for
    :func:`~estimator.reconcile.reconcile` (those left out are not listed as excluded);
    ``known_by`` leaves out claims made public after it (what was known at that date;
    a month is its last day): a claim's ``first_public`` date where the catalogue gives
    one (the interview or report its outlet re-reported), else its ``published`` date
    (:attr:`~estimator.reports.Claim.public_date`). Without it, an estimate at an earlier
    ``as_of`` is made in the light of later claims too, and a warning says so.
    ``reference``: the calibre of the headline's ``rounds_152`` (the same boxes filled
    with it; ``152mm_he`` by default), a ``munitions`` group of ``assumptions``; it weighs
    no claim.

    >>> p = pool(claims=["shin_6700_containers", "hur_1_5m_rounds", "osc_64_port_calls"],
    ...          samples=3000, seed=1)
    >>> r = p.headline["rounds"]
    >>> str(p.as_of), r.posterior.p95 - r.posterior.p5 < r.prior.p95 - r.prior.p5
    ('2025-03-31', True)
    >>> [(t.claim.id, t.verdict) for t in p.claims if t.in_tension]
    []
    """
    basis = check_basis(basis)
    if not finite(reporting_error) or not 0 < reporting_error <= MAX_REPORTING_ERROR:
        # the sd of a log error: 5 is a factor of 148 at one sd, past any source's; 1e3
        # ran the predictive figures to inf
        raise InputError("reporting_error", f"a number above 0 and at most "
                         f"{MAX_REPORTING_ERROR:g} (the sd of a source's error on the log "
                         f"scale; {REPORTING_ERROR:g} by default)",
                         Words(_shown(reporting_error)) if finite(reporting_error)
                         else reporting_error)
    if not finite(tension_p) or not 0 < tension_p < 1:
        raise InputError("tension_p", "a probability above 0 and below 1", tension_p)
    if not finite(min_ess) or not min_ess >= 1:
        raise InputError("min_ess", "a number of draws of 1 or more", min_ess)
    if whole(samples) and samples < 2:
        raise too_few_samples("samples", samples)
    catalogue = Catalogue.given_or_defaults(catalogue)
    require_claims(catalogue)
    assumptions = given_or_defaults(assumptions)
    bad = catalogue.calibre_problems(assumptions.calibres())
    if bad:
        raise bad[0]
    reference = check_reference(reference, assumptions.calibres())
    weights = _weight_map(weights, catalogue)
    drop = [catalogue.id_of(cid, "drop") for cid in names(drop, "drop")]
    unchosen = 0  # claims of the catalogue the claim, measure and since filters leave out
    if claims is not None or measures is not None or since is not None:
        chosen = select_claims(catalogue, claims, measures, since)
        kept = {c.id for c in chosen}
        unchosen = len(catalogue) - len(kept)
        for option, given in (("weights", list(weights)), ("drop", list(drop))):
            for cid in given:
                if cid not in kept:
                    raise InputError(option, "a claim that the claim, measure and since "
                                     "filters keep", f"{cid}, which they leave out")
        catalogue = catalogue.only(chosen)
    both = sorted(set(weights) & set(drop))
    if both:
        raise InputError("drop", f"claims not also weighted (a weight for {both[0]} keeps "
                         f"it in the pool)", both[0])
    known = None if known_by is None else as_date(
        known_by, "known_by", last=True, expected="a date such as 2024-02-26 (or a month, "
        "2024-02)")
    periods = call_periods(assumptions)
    first = periods[0].start
    excluded: list[Excluded] = []
    readings: list[_Reading] = []
    # a drop or weight of a claim left out anyway changes nothing: said, not refused, so
    # one set of drops and weights serves every --known-by date of a series
    idle: list[str] = []
    for claim in sorted(catalogue.values(), key=lambda c: (c.as_of, c.id)):
        why = (f"{claim.public_as()}, after the known-by date ({known})"
               if known is not None and claim.public_date > known
               else _exclusion(claim, periods))
        asked = ("dropped" if claim.id in drop else
                 f"weighted {weights[claim.id]:g}" if claim.id in weights else None)
        if why is not None:
            excluded.append(Excluded(claim, why))
            if asked is not None:
                idle.append(f"{claim.id}: {asked}, but left out anyway ({why}): that "
                            "changes nothing")
            continue
        if claim.id in drop:
            excluded.append(Excluded(claim, DROPPED))
            continue
        readings.append(_Reading(claim, _nodes(claim.count, assumptions),
                                 _SIDES[claim.basis], *_span(claim, periods)))
    if not readings:
        dropped = any(e.reason == DROPPED for e in excluded)
        place = "drop" if dropped else "known_by" if known is not None else (
            "claims/measures/since")
        reasons = "; ".join(f"{e.claim.id}: {e.reason}" for e in excluded[:2])
        raise InputError(place, "at least one claim left to pool", "none left", hint=(
            f"{len(excluded)} left out, e.g. {reasons}" if excluded else ""))
    if all(weights.get(r.claim.id, 1.0) == 0 for r in readings):
        # nothing would weigh the draws: the 'pooled' column would be the prior relabelled
        raise InputError("weights", "a weight above 0 for at least one pooled claim (0 "
                         "leaves a claim out of the pool)", Words(
                             f"{readings[0].claim.id}=0, the only pooled claim"
                             if len(readings) == 1 else
                             f"0 for all {len(readings)} pooled claims"))
    given = as_of
    if as_of is None:  # the latest claim that weighs in (one of weight 0 is as dropped)
        as_of = max(r.claim.as_of for r in readings if weights.get(r.claim.id, 1.0) > 0)
    else:  # a month is its last day, as with --as-of
        as_of = as_date(as_of, "as_of", last=True,
                        expected="a date such as 2026-01-30 (or a month, 2026-01)")
    check_in_timeline(as_of, periods, "as_of", given)

    calibres = sorted({r.claim.calibre for r in readings if r.claim.calibre})
    inputs: list[Sampled] = list(assumptions.values())
    for r in readings:
        inputs += count_inputs(f"claim.{r.claim.id}", r.claim.count, assumptions,
                               ureg(MEASURES[r.claim.measure]).units)
    # kept beyond the outputs: their magnitudes and a tempered copy; each claim's quantity,
    # log likelihood and CDF, in the prior and the tempered sample, and a leave-one-out
    # weight; tempering's normal scores, two a sample for each input
    engine = _engine(inputs, assumptions, seed=seed, samples=samples, block_size=block_size,
                     method=method, keep_factor=3.0,
                     reserve_per_sample=8.0 * (2 * len(inputs) + 8 * len(readings)))
    bounds = _boundaries(first, as_of)
    has_share = "scope.munitions_share" in assumptions

    def model(d: Draws) -> dict[str, pint.Quantity | np.ndarray]:
        return _model(d, basis, periods, readings, calibres, bounds, first, has_share,
                      reference=reference)

    arrays = _magnitudes(engine.run(model))
    record = run_record(engine, assumptions)
    used = engine.assumptions_used
    reps = engine.replicates
    n = engine.samples

    def evaluate(a: dict[str, np.ndarray], base: np.ndarray | None, replicates: int) -> _Sample:
        return _Sample.of(a, readings, reporting_error, has_share, base, replicates)

    prior = evaluate(arrays, None, reps)
    user = np.array([float(weights.get(r.claim.id, 1.0)) for r in readings])
    origins = [r.claim.origin for r in readings]
    coef = _coefficients(origins, user)
    wts = _normalised(coef @ prior.ll)
    ess_prior = kish_ess(wts)
    post, ess, ladder, notes = prior, ess_prior, (1.0,), idle
    if ess_prior < min_ess:

        def lite(d: Draws) -> dict[str, pint.Quantity | np.ndarray]:
            return _model(d, basis, periods, readings, calibres, bounds, first, has_share,
                          convert=False, reference=reference)

        moved, ladder, accepted, distinct, eves = _temper(engine, lite, arrays, used, coef,
                                                          evaluate, seed)
        runs = (f"in {len(np.unique(moved.groups))} independent runs whose spread gives the "
                "standard errors" if moved.independent else
                "in one run (too few draws to split), its errors counting the draws of one "
                "prior draw as one family")
        post = replace(moved, base=-(coef @ moved.ll))
        wts = np.full(n, 1.0 / n)
        assert post.groups is not None
        # the draws' worth, by families of one prior draw: steadier between seeds than the
        # runs' spread (15 degrees of freedom), which gives the standard errors themselves
        ess = ancestry_ess(_headline(post.arrays)["usable"], eves)
        notes.append(f"tempered: the importance weights of the prior draws kept {ess_prior:,.0f} "
                     f"effective draws, so the likelihood was brought in over {len(ladder)} "
                     f"steps with {_MOVES} moves each (acceptance {accepted:.0%}), {runs}; "
                     f"{distinct:,.0f} distinct draws remain, descended from "
                     f"{len(np.unique(eves)):,} prior draws, worth {ess:,.0f} independent "
                     "ones for the mean of usable rounds")
    samples_for_loo = (prior,) if post is prior else (prior, post)
    # a tempered sample's draws are not independent: its weights count for ess / n
    worth = (1.0,) if post is prior else (1.0, ess / n)

    headline_arrays = _headline(arrays)
    post_headline = _headline(post.arrays)
    texts = reference_texts(HEADLINE_TEXT, reference)
    headline = {k: Estimate(texts[k], summarize(v, HEADLINE[k], replicates=reps),
                            post.summary(post_headline[k], wts, HEADLINE[k]))
                for k, v in headline_arrays.items()}
    months_total = (as_of + dt.timedelta(days=1) - first).days / _MONTH
    params = {k: Estimate(PARAMETER_TEXT[k], summarize(v, _PARAMETER_UNIT[k], replicates=reps),
                          post.summary(pv, wts, _PARAMETER_UNIT[k]))
              for (k, v), pv in zip(_parameters(arrays, months_total, has_share).items(),
                                    _parameters(post.arrays, months_total, has_share).values(),
                                    strict=True)}
    timeline = tuple(_timeline_point(b, arrays, post, i, wts, reps)
                     for i, b in enumerate(bounds))

    usables = [_headline(x.arrays)["usable"] for x in samples_for_loo]
    orders = [np.argsort(u) for u in usables]
    full_mid = headline["usable"].posterior.p50
    eps = _predictive_noise(seed, n)
    tensions = []
    for i, r in enumerate(readings):
        keep = np.ones(len(readings), dtype=bool)
        keep[i] = False
        c = np.zeros(len(readings))
        c[keep] = _coefficients([o for o, k in zip(origins, keep, strict=True) if k], user[keep])
        # leave-one-out from whichever sample keeps more effective draws
        cands = [(_normalised(c @ x.ll + x.base), x, u, o, f)
                 for x, u, o, f in zip(samples_for_loo, usables, orders, worth, strict=True)]
        w_i, x, usable, order, factor = max(cands, key=lambda t: kish_ess(t[0]) * t[4])
        cid = r.claim.id
        unit = MEASURES[r.claim.measure]
        y = x.ys[i]
        figure = np.maximum((y + 1.0) * np.exp(_scale(y, reporting_error) * eps) - 1.0, 0.0)
        without = x.summary(usable, w_i, "round", order=order)
        p = _tail(float(np.sum(w_i * x.cdf[i])), r.side)
        # the tail's share is a weighted mean: its standard error as a mean's, by family
        p_se = _grouped_se(x.cdf[i], w_i, x.groups, x.independent) * (
            2.0 if r.side == "two-sided" else 1.0)
        conv = arrays.get(f"conv.{cid}")
        predictive = x.summary(figure, w_i, unit)
        loo_ess = kish_ess(w_i) * factor
        # too few effective draws: the tail p is no finding, so no verdict either way
        few = loo_ess < min_ess
        quantity = post.summary(post.ys[i], wts, unit)
        tensions.append(ClaimTension(
            claim=r.claim, side=r.side, start=r.start, end=r.end,
            weight=float(user[i]), coefficient=float(coef[i]),
            origin_claims=origins.count(r.claim.origin),
            quantity=quantity,
            predictive=predictive,
            tail_p=p, headline_without=without,
            shift=(without.p50 - full_mid) / full_mid if full_mid else 0.0,
            in_tension=None if few else p < tension_p,
            needs=_needs(r, x.arrays, w_i, predictive.p50, has_share, arrays),
            converted=None if conv is None or not np.all(np.isfinite(conv))
            else summarize(conv, "round", replicates=reps),
            pooled_rounds=post.summary(post.arrays[f"calls.{cid}"] * post.arrays["per_call"]
                                       * post.arrays["rpc"], wts, "round"),
            loo_ess=loo_ess, prior_keys=_prior_keys(r.claim, assumptions, used),
            tail_p_se=p_se, edge=not few and abs(p - tension_p) < 2.0 * p_se,
            no_verdict=_no_verdict(r.claim, quantity, loo_ess, min_ess)))
    later = sorted(r.claim.public_date for r in readings if r.claim.public_date > as_of)
    if later:
        notes.append(f"hindsight: {len(later)} of the claims pooled were made public after "
                     f"{as_of} (the last {later[-1]}), so this is the estimate for {as_of} in "
                     f"the light of them; a known-by date of {as_of} pools only what had "
                     "been made public by then")
    warnings = [*notes, *_warnings(ess, n, min_ess, tensions)]
    return Pooled(as_of, basis, headline, parameters=params, claims=tuple(tensions),
                  excluded=tuple(excluded), timeline=timeline,
                  distribution={k: (tuple(np.quantile(headline_arrays[k], QUANTILES).tolist()),
                                    tuple(_wquantiles(post_headline[k], wts, QUANTILES).tolist()))
                                for k in ("rounds", "usable")},
                  ess=ess, ess_prior=ess_prior,
                  draws=n, tempering=ladder, warnings=tuple(warnings),
                  rules=_rules(reporting_error, tension_p, min_ess, first),
                  reporting_error=reporting_error, tension_p=tension_p, record=record, used=used,
                  assumptions=assumptions, catalogue=catalogue, known_by=known,
                  min_ess=min_ess, unchosen=unchosen, reference=reference)


def _magnitudes(results: Mapping[str, Any]) -> dict[str, np.ndarray]:
    return {k: np.asarray(v.magnitude if isinstance(v, pint.Quantity) else v, dtype=float)
            for k, v in results.items()}


@dataclass(frozen=True)
class _Sample:
    """Draws with what the likelihood needs: each claim's quantity ``ys``, log-likelihood
    ``ll`` and predictive CDF at its figure ``cdf`` (claims x draws), and ``base``, the
    log-weight that makes the draws a sample of the prior (0 for prior draws)."""

    arrays: dict[str, np.ndarray]
    ys: np.ndarray
    ll: np.ndarray
    cdf: np.ndarray
    base: np.ndarray
    replicates: int
    groups: np.ndarray | None = None  # tempered draws: the prior draw each descends from,
    independent: bool = False         # or (True) the independent run each belongs to

    def summary(self, values: np.ndarray, weights: np.ndarray, unit: str,
                order: np.ndarray | None = None) -> Summary:
        """:func:`weighted_summary` of values over these draws, with their replicates and
        their descent."""
        return weighted_summary(values, weights, unit, replicates=self.replicates,
                                order=order, groups=self.groups,
                                independent=self.independent)

    @classmethod
    def of(cls, arrays: dict[str, np.ndarray], readings: Sequence[_Reading], s: float,
           has_share: bool, base: np.ndarray | None, replicates: int) -> _Sample:
        ys = np.stack([_quantity(r, arrays, has_share) for r in readings])
        pairs = [_loglik(r, y, s) for r, y in zip(readings, ys, strict=True)]
        ll = np.stack([a for a, _ in pairs])
        cdf = np.stack([b for _, b in pairs])
        return cls(arrays, ys, ll, cdf, np.zeros(ys.shape[1]) if base is None else base,
                   replicates)


def _parameters(arrays: Mapping[str, np.ndarray], months: float,
                has_share: bool) -> dict[str, np.ndarray]:
    last = max(int(k.split(".")[1]) for k in arrays if k.startswith("cum."))
    out = {"rounds_per_container": arrays["rpc"], "dud_rate": arrays["dud"],
           "calls_per_month": arrays[f"cum.{last}"] / months,
           "containers_per_call": arrays["per_call"]}
    if has_share:
        out["munitions_share"] = arrays["share"]
    return out


# ---------------------------------------------------------------------------- tempering

_MOVES = 5               # prior-preserving moves after each resampling
_U_EDGE = 2.0**-53       # uniforms are kept inside (0, 1) by this much


class _Particles(Engine):
    """An engine whose uniforms are given (normal scores ``z`` per input key), not drawn."""

    def __init__(self, base: Engine, z: Mapping[str, np.ndarray]) -> None:
        kw: dict[str, Any] = {}
        if getattr(base, "correlations", ()):
            kw["correlations"] = base.correlations
        n = len(next(iter(z.values())))
        super().__init__(base.inputs.values(), seed=base.seed, samples=n,
                         block_size=max(n, 1), method="mc", **kw)
        self.z = z

    def uniforms(self, key: str, start: int, n: int, width: int = 1) -> np.ndarray:
        z = self.z.get(key)
        if z is None:
            return super().uniforms(key, start, n, width)
        return np.clip(ndtr(z[start:start + n]), _U_EDGE, 1.0 - _U_EDGE)


_RUNS = 16               # tempering runs independent of each other (their spread: the errors)
_RUN_DRAWS = 250         # ... each of at least this many draws
_MIN_RUNS = 8            # ... and at least this many of them (else one run, by families)


def _temper(engine: Engine, model: Any, arrays: dict[str, np.ndarray], used: Sequence[str],
            coef: np.ndarray, evaluate: Any, seed: int, runs: int = _RUNS,
            ) -> tuple[_Sample, tuple[float, ...], float, float, np.ndarray]:
    """Sequential Monte Carlo over a ladder of likelihood exponents: each step as large as
    keeps half the draws effective, then systematic resampling and :data:`_MOVES`
    preconditioned Crank-Nicolson moves on the normal scores of the engine's uniforms
    (they leave the prior unchanged, so the acceptance is the tempered likelihood ratio).

    The draws are split into ``runs`` (at most one per :data:`_RUN_DRAWS` draws; below
    :data:`_MIN_RUNS` runs, one run whose errors count families) consecutive blocks, each
    tempered on its own (its own ladder, resampling within it, its own step size):
    independent replicates of the whole sampler, whose spread gives the standard errors
    (families of draws descended from one prior draw, Chan and Lai's estimator, made the
    errors of the 5th and 95th percentiles and of small tail probabilities up to twice
    the spread between seeds).

    Returns the moved draws (equally weighted, each with the run it belongs to, for
    :func:`weighted_summary`'s ``groups``, ``independent``), the longest ladder, the mean
    acceptance, the number of distinct draws at the end and the prior draw each descends
    from."""
    n = engine.samples
    k = min(runs, n // _RUN_DRAWS)
    k = k if k >= _MIN_RUNS else 1  # fewer runs give too rough a spread: families instead
    run = np.repeat(np.arange(k), np.diff(np.linspace(0, n, k + 1).round().astype(int)))
    blocks = [np.flatnonzero(run == r) for r in range(k)]
    z = {key: ndtri(engine.uniforms(key, 0, n, engine.width(key)))
         for key in _stream_keys(engine, used)}
    current = {key: v for key, v in arrays.items() if not key.startswith("conv.")}
    total = coef @ evaluate(current, None, 1).ll
    salt = int.from_bytes(hashlib.blake2b(b"pooled.tempering", digest_size=8).digest(), "little")
    rng = np.random.Generator(np.random.PCG64(np.random.SeedSequence(seed, spawn_key=(salt,))))
    ids = np.arange(n)
    eve = np.arange(n)  # each draw's ancestor among the prior draws: moves keep it
    fresh = n
    phi = np.zeros(k)
    rho = np.full(k, 0.8)
    ladders: list[list[float]] = [[] for _ in range(k)]
    acc_all = []
    while np.any(phi < 1.0):
        live = np.flatnonzero(phi < 1.0)
        idx = np.arange(n)
        for r in live:
            b = blocks[r]
            nxt = _next_exponent(total[b], float(phi[r]), b.size)
            idx[b] = b[_systematic(_normalised((nxt - phi[r]) * total[b]), rng)]
            phi[r] = nxt
            ladders[r].append(nxt)
        z = {key: v[idx] for key, v in z.items()}
        current = {key: v[idx] for key, v in current.items()}
        total, ids, eve = total[idx], ids[idx], eve[idx]
        sel = np.flatnonzero(np.isin(run, live))   # the runs still on their ladders move
        rs = run[sel]
        for _ in range(_MOVES):
            c = rho[rs]
            step = np.sqrt(1.0 - c * c)
            proposal = {}
            for key, v in z.items():
                shape = (-1, *([1] * (v.ndim - 1)))
                proposal[key] = (c.reshape(shape) * v[sel]
                                 + step.reshape(shape) * rng.standard_normal(v[sel].shape))
            moved = _magnitudes(_Particles(engine, proposal).run(model))
            new_total = coef @ evaluate(moved, None, 1).ll
            accept = np.log(rng.random(sel.size)) < phi[rs] * (new_total - total[sel])
            acc_all.append(float(np.mean(accept)))
            take = sel[accept]
            for key in z:
                z[key][take] = proposal[key][accept]
            for key in current:
                current[key][take] = moved[key][accept]
            total[take] = new_total[accept]
            ids[take] = np.arange(fresh, fresh + take.size)
            fresh += take.size
            for r in live:
                rate = float(np.mean(accept[rs == r]))
                if rate < 0.15:
                    rho[r] = 1.0 - (1.0 - rho[r]) * 0.5
                elif rate > 0.4:
                    rho[r] = max(0.0, 1.0 - (1.0 - rho[r]) * 1.5)
    final = replace(evaluate(current, None, 1), groups=run if k > 1 else eve,
                    independent=k > 1)
    return (final, tuple(max(ladders, key=len)), float(np.mean(acc_all)),
            float(len(np.unique(ids))), eve)


def _stream_keys(engine: Engine, used: Sequence[str]) -> list[str]:
    """The streams tempering moves for the inputs ``used``: an input drawn at another's
    percentile moves with that one's normal score (its own stream is never read), and a
    correlation group's keys move together."""
    keys = dict.fromkeys(engine.uniform_key(k) for k in used)
    for g in getattr(engine, "correlations", ()):
        if any(k in keys for k in g.keys):
            keys.update(dict.fromkeys(g.keys))
    return list(keys)


def _next_exponent(total: np.ndarray, phi: float, n: int) -> float:
    """The next exponent: 1 if the rest of the way keeps half the draws effective, else the
    step that keeps exactly half (bisection)."""
    if kish_ess(_normalised((1.0 - phi) * total)) >= n / 2:
        return 1.0
    lo, hi = 0.0, 1.0 - phi
    for _ in range(50):
        mid = 0.5 * (lo + hi)
        if kish_ess(_normalised(mid * total)) >= n / 2:
            lo = mid
        else:
            hi = mid
    return phi + max(lo, 1e-12)


def _systematic(w: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Systematic resampling: indices of ``len(w)`` draws, each taken about w x n times."""
    n = w.size
    positions = (rng.random() + np.arange(n)) / n
    return np.minimum(np.searchsorted(np.cumsum(w), positions), n - 1)


def _coefficients(origins: Sequence[str], user: np.ndarray) -> np.ndarray:
    """Each claim's multiplier: its user weight over the number of claims of its origin
    in the pool (a claim of weight 0 is left out, as if dropped: it does not share its
    origin's weight)."""
    counts: dict[str, int] = {}
    for o, w in zip(origins, user, strict=True):
        counts[o] = counts.get(o, 0) + int(w > 0)
    return np.array([w / counts[o] if w > 0 else 0.0
                     for o, w in zip(origins, user, strict=True)], dtype=float)


def _model(d: Draws, basis: str, periods: Sequence[Period], readings: Sequence[_Reading],
           calibres: Sequence[str], bounds: Sequence[dt.date], first: dt.date,
           has_share: bool, convert: bool = True, reference: str = REFERENCE
           ) -> dict[str, pint.Quantity | np.ndarray]:
    chain = Chain(d, basis)
    per_call = chain.per_call()
    if per_call is None:
        raise InputError("assumptions", "ships.call_share and ships.*.containers_per_call",
                         "none")
    out: dict[str, pint.Quantity | np.ndarray] = {
        "per_call": per_call.m_as("container/port_call"),
        "rpc": chain.per_container(MIX).m_as("round/container"),
        "rpc_152": chain.per_container(reference).m_as("round/container"),
        "mass": chain.cargo_mass(MIX).m_as("t/container"),
        "dud": d["duds.dud_rate"].m_as(""),
    }
    if has_share:
        out["share"] = d["scope.munitions_share"].m_as("")
    for c in calibres:
        out[f"rpc.{c}"] = chain.per_container(c).m_as("round/container")
        out[f"mass.{c}"] = chain.cargo_mass(c).m_as("t/container")
    cum = np.zeros(d.size)
    a = first
    for i, b in enumerate(bounds):
        cum = cum + calls_between(d, periods, a, b).m_as("port_call")
        out[f"cum.{i}"] = cum
        a = b
    for r in readings:
        claim = r.claim
        out[f"calls.{claim.id}"] = calls_between(d, periods, r.start, r.end).m_as("port_call")
        if not convert:
            continue
        n = count_value(d, f"claim.{claim.id}", claim.count)
        if claim.scope == "munitions_or_related" and has_share:
            n = n * d["scope.munitions_share"].m_as("")
        boxes = chain.containers_from(n, claim.measure, claim.calibre)
        if boxes is not None:
            out[f"conv.{claim.id}"] = (boxes * chain.per_container(MIX)).m_as("round")
    return out


def _quantity(r: _Reading, arrays: Mapping[str, np.ndarray], has_share: bool) -> np.ndarray:
    """The claim's quantity over its period, in its own measure, in every draw."""
    claim = r.claim
    calls = arrays[f"calls.{claim.id}"]
    if claim.measure in ("port_calls", "shipments"):
        return calls
    boxes = calls * arrays["per_call"]
    if claim.measure == "containers":
        y = boxes
    elif claim.measure == "rounds":
        y = boxes * arrays[f"rpc.{claim.calibre}" if claim.calibre else "rpc"]
    else:
        y = boxes * arrays[f"mass.{claim.calibre}" if claim.calibre else "mass"]
    if claim.scope == "munitions_or_related" and has_share:
        y = y / arrays["share"]
    return y


def _headline(arrays: Mapping[str, np.ndarray]) -> dict[str, np.ndarray]:
    last = max(int(k.split(".")[1]) for k in arrays if k.startswith("cum."))
    boxes = arrays[f"cum.{last}"] * arrays["per_call"]
    rounds = boxes * arrays["rpc"]
    return {"containers": boxes, "tonnes": boxes * arrays["mass"], "rounds": rounds,
            "rounds_152": boxes * arrays["rpc_152"], "usable": rounds * (1.0 - arrays["dud"])}


def _timeline_point(date: dt.date, arrays: Mapping[str, np.ndarray], post: _Sample, i: int,
                    wts: np.ndarray, reps: int) -> TimelinePoint:
    def values(label: str, a: Mapping[str, np.ndarray]) -> np.ndarray:
        rounds = a[f"cum.{i}"] * a["per_call"] * a["rpc"]
        return rounds if label == "rounds" else rounds * (1.0 - a["dud"])

    return TimelinePoint(date - dt.timedelta(days=1), *(
        Estimate(label, summarize(values(label, arrays), "round", replicates=reps),
                 post.summary(values(label, post.arrays), wts, "round"))
        for label in ("rounds", "usable")))


def _predictive_noise(seed: int, n: int) -> np.ndarray:
    """Standard normal draws for the predictive of a figure (its own seeded stream)."""
    key = int.from_bytes(hashlib.blake2b(b"pooled.predictive", digest_size=8).digest(), "little")
    rng = np.random.Generator(np.random.PCG64(np.random.SeedSequence(seed, spawn_key=(key,))))
    return ndtri(rng.random(n) + 2.0**-54)


def _wmed(x: np.ndarray, w: np.ndarray) -> float:
    return float(_wquantiles(x, w, [0.5])[0])


def _interval(x: np.ndarray, w: np.ndarray | None = None) -> str:
    """The 90% interval of ``x`` (weighted by ``w``, or the prior draws) in words."""
    lo, hi = np.quantile(x, [0.05, 0.95]) if w is None else _wquantiles(x, w, [0.05, 0.95])
    return f"{_num(lo)}-{_num(hi)}"


def _no_verdict(claim: Claim, pooled: Summary, loo_ess: float, min_ess: float) -> str:
    """Why a claim gets no tension verdict ('' where it gets one): its leave-one-out rests
    on fewer than ``min_ess`` effective draws; and where its figure lies outside the pooled
    90% interval for it, that it does (a claim far from the others takes the draws with it,
    and so loses its verdict: the distance is the finding)."""
    if loo_ess >= min_ess:
        return ""
    why = f"its leave-one-out figures rest on {effective_draws(loo_ess)}, fewer than {min_ess:,.0f}"
    count = claim.count
    low, high = count.written_ends()
    floor = count.open_high or count.form == "at_least"  # "at least N" is met above N
    side = ("above" if low > pooled.p95 and count.form != "up_to"
            else "below" if high < pooled.p5 and not floor else "")
    if not side:
        return why
    return (f"{why}; its figure as written, {claim.figure.written()}, lies {side} the pooled "
            f"90% interval for it, {_num(pooled.p50)} [{_num(pooled.p5)}-{_num(pooled.p95)}]: "
            "a claim this far from the others takes the draws with it")


def _num(x: float) -> str:
    """A figure in words, to three significant digits at most (two below 10), with k, M
    or bn from 10,000: the tables' ``human`` without their trailing zeros."""
    if not math.isfinite(x):
        return "n/a"
    if abs(float(f"{x:.3g}")) >= 1e4:  # rounded first: 999,960 is 1M, not 1e+03k
        x = float(f"{x:.3g}")
    for limit, suffix in ((1e9, "bn"), (1e6, "M"), (1e4, "k")):
        if abs(x) >= limit:
            v = x / (limit if limit > 1e4 else 1e3)
            return f"{v:,.0f}{suffix}" if abs(v) >= 999.5 else f"{v:.3g}{suffix}"
    if abs(x) >= 100:
        return f"{x:,.0f}"
    return f"{x:.2g}" if abs(x) < 10 else f"{x:.3g}"


def _needs(r: _Reading, arrays: Mapping[str, np.ndarray], w: np.ndarray, others: float,
           has_share: bool, prior: Mapping[str, np.ndarray]) -> str:
    """What the claim's figure needs, against the assumptions (the unweighted ``prior``
    draws) and the other claims (``arrays`` with their weights ``w``, which may be a
    tempered sample's; and ``others``, the median of their predictive of its figure)."""
    claim = r.claim
    # a floor or a ceiling is held to what it says: "at least" its figure, not its reading
    x, needs = {"at_least": (claim.count.low, "needs at least"),
                "up_to": (claim.count.high, "allows at most")}.get(
                    claim.figure.form, (r.centre, "needs about"))
    calls = arrays[f"calls.{claim.id}"]
    months = r.months
    name = f"{claim.id} ({claim.stated()})"
    if months <= 0:
        return f"{name}: its period lies outside the timeline"
    lo, mid, hi = _wquantiles(calls, w, [0.05, 0.5, 0.95]) / months
    plo, phi = np.quantile(prior[f"calls.{claim.id}"], [0.05, 0.95]) / months
    calls_text = (f"the other claims support {_num(mid)} port calls a month over its period "
                  f"({_num(lo)}-{_num(hi)}; assumptions {_num(plo)}-{_num(phi)})")
    if claim.measure in ("port_calls", "shipments"):
        return f"{name} {needs} {_num(x / months)} port calls a month; {calls_text}"
    related = claim.scope == "munitions_or_related" and has_share
    target = x * (_wmed(arrays["share"], w) if related else 1.0)
    times = f"{_ratio(_over(x, others))} what the other claims support ({_num(others)})"
    if claim.figure.form == "at_least" and others > x:  # the floor holds: the reading is it
        times += (" (its floor is met: it is in tension only because 'at least N' is read "
                  "as at most N x (1 + counts.at_least_excess), and the others put it higher)")
    if claim.measure == "containers":
        return (f"{name} {needs} {_num(_over(target, mid * months))} containers a port call "
                f"(assumptions {_interval(prior['per_call'])}), or {times}; {calls_text}")
    key = "rpc" if claim.measure == "rounds" else "mass"
    key = f"{key}.{claim.calibre}" if claim.calibre else key
    what = "rounds" if claim.measure == "rounds" else "tonnes"
    boxes_mid = _wmed(calls * arrays["per_call"], w)
    return (f"{name} {needs} {_num(_over(target, boxes_mid))} {what} in every container over "
            f"its period (assumptions {_interval(prior[key])}), or {times}")


def _over(a: float, b: float) -> float:
    """``a / b``, or NaN (shown as n/a) where ``b`` is 0: a timeline with no port calls,
    or boxes that carry nothing, over a claim's period."""
    return float(a) / float(b) if b else math.nan


def _ratio(x: float) -> str:
    if not math.isfinite(x):
        return "n/a"
    return f"{x:,.0f}x" if abs(x) >= 99.5 else f"{x:.2g}x"  # 150x, not 1.5e+02x


def _warnings(ess: float, n: int, min_ess: float, tensions: Sequence[ClaimTension]) -> list[str]:
    out = []
    if ess < min_ess:
        out.append(f"effective sample size {ess:,.0f} of {n:,} draws is below {min_ess:,.0f}: "
                   "the pooled intervals are not to be trusted; run more samples, or give less "
                   "weight to or drop the claims in strongest tension")
    for t in tensions:
        if t.loo_ess < min_ess:
            out.append(f"{t.claim.id}: {_no_verdict(t.claim, t.quantity, t.loo_ess, min_ess)}"
                       ": no tension verdict, and its tail "
                       "probability, the others' figure for it and the headline without it are "
                       "no findings; pool without it (drop it) for the others' figure on draws "
                       "of their own, or run more samples")
        if t.prior_keys:
            out.append(f"{t.claim.id}: its source is also cited for {', '.join(t.prior_keys)}: "
                       "pooling it counts that information twice (drop it to avoid that)")
    past = [b for b in map(_past_bound, tensions) if b]
    if past:
        out.append("pooled medians beyond the bound a source states (a count over its period; "
                   "the pool reads each figure with a reporting error, not as a hard bound): "
                   + "; ".join(past))
    return out


def _past_bound(t: ClaimTension) -> str:
    """Words where the pooled median of a delivered claim's quantity lies beyond the bound
    its own figure states (below 'at least N', above 'up to N'); else ''."""
    count, median = t.claim.count, t.quantity.p50
    if t.claim.basis != "delivered":  # a count fired is a bound already
        return ""
    if count.form == "at_least" and median < count.low:
        side = "below the floor"
    elif count.form == "up_to" and median > count.low:
        side = "above the ceiling"
    else:
        return ""
    q = t.quantity
    return (f"{t.claim.id} {_num(median)} [{_num(q.p5)}-{_num(q.p95)}], {side} of "
            f"'{t.claim.figure.written()}'")


def _rules(s: float, p: float, m: float, first: dt.date) -> tuple[str, ...]:
    return (
        "each claim observes the delivery timeline (port calls a month by period x containers "
        "a call, through the container chain) over its own period, in its own measure; no "
        f"deliveries before the timeline's start ({first}); an increment observes its own "
        "period; a shipment by sea is one port call; a 'munitions or related' count is munitions "
        "containers / scope.munitions_share",
        "a figure is read as in the side-by-side (exact; approx and range uniform over the "
        "interval; at least N as N x (1 + counts.at_least_excess); up to N as N x (1 - "
        "counts.up_to_shortfall)), integrated over its reading",
        f"reporting error: log(figure + 1) = log(value + 1) + e, e normal with sd "
        f"sqrt({s:g}^2 + value / (value + 1)^2) (a source's error, and a small count's own "
        "noise)",
        "fired: a lower bound on what was delivered",
        "claims of one origin count once: each log-likelihood is divided by the number of "
        "pooled claims of its origin, times its weight",
        "importance sampling of the prior draws; effective sample size (Kish) (sum w)^2 / "
        f"sum w^2; below {m:g}, tempering: the likelihood brought in over a ladder of "
        "exponents, with resampling and prior-preserving moves",
        f"tension: the others' predictive of the figure (leave-one-out); two-sided tail "
        f"probability 2 min(P, 1 - P), one-sided for fired; in tension below {p:g}",
        "not pooled: a source's own conversions, capacities ('could have carried': boxes "
        "converted by its own packing) and dud statements (its assumptions, not "
        "observations), shipments of a scope other than cargo_ships (not port calls), and "
        "rail cars and trains (the timeline is by sea)",
    )


# ---------------------------------------------------------------------------- synthetic truth

def synthetic_claims(template: Sequence[Claim], assumptions: AssumptionSet | None = None, *,
                     seed: int, reporting_error: float = REPORTING_ERROR, basis: str = "complete",
                     as_of: dt.date) -> tuple[Catalogue, dict[str, float]]:
    """Claims generated from one known truth, for checking calibration.

    The truth is one draw of every assumption (the engine at ``seed``, one trial); each
    template claim keeps its dates, measure, scope and form, but its figure is
    the truth's value over its period with the reporting error of the pooling rules,
    written in the claim's form (approx: two significant figures; at least: the value
    over (1 + a drawn ``counts.at_least_excess``); up to: likewise under; a range: a
    stated interval of the template's width placed at random around it; exact: a
    whole number). Every claim gets its own origin, and is a delivered figure (a
    capacity or fired template is generated, and so read, as delivered). Returns the
    catalogue and the true headline values at ``as_of`` (as in :attr:`Pooled.headline`,
    by key).
    """
    assumptions = given_or_defaults(assumptions)
    periods = call_periods(assumptions)
    first = periods[0].start
    readings = [_Reading(c, np.zeros(1), "two-sided", *_span(c, periods)) for c in template
                if _off_timeline(c, periods) is None]
    calibres = sorted({r.claim.calibre for r in readings if r.claim.calibre})
    engine = _engine(list(assumptions.values()), assumptions, seed=seed, samples=1)
    bounds = _boundaries(first, as_of)
    has_share = "scope.munitions_share" in assumptions

    def model(d: Draws) -> dict[str, pint.Quantity | np.ndarray]:
        return _model(d, basis, periods, readings, calibres, bounds, first, has_share,
                      convert=False)

    arrays = _magnitudes(engine.run(model))
    truth = {k: float(v[0]) for k, v in _headline(arrays).items()}
    rng = np.random.default_rng(np.random.SeedSequence(seed, spawn_key=(7,)))
    excess = assumptions["counts.at_least_excess"].distribution
    short = assumptions["counts.up_to_shortfall"].distribution
    claims: dict[str, Claim] = {}
    for r in readings:
        y = float(_quantity(r, arrays, has_share)[0])
        sd = float(_scale(np.array([y]), reporting_error)[0])
        x = (y + 1.0) * math.exp(sd * rng.standard_normal()) - 1.0
        x = max(x, 0.0)
        form = r.claim.figure.form
        if form == "at_least":
            text = f"{_sig(x / (1.0 + float(excess.ppf(np.array([rng.random()]))[0])), 2)}+"
        elif form == "up_to":
            text = f"<={_sig(x / (1.0 - float(short.ppf(np.array([rng.random()]))[0])), 2)}"
        elif form == "range":
            c = r.claim.count
            width = math.log(c.high / c.low) if c.low > 0 else 0.2
            lo = x * math.exp(-width * rng.random())
            hi = lo * math.exp(width)
            top = "+" if c.open_high else ""  # its top open as the claim's: hi is then a floor
            if c.open_high:
                hi = max(hi / (1.0 + float(excess.ppf(np.array([rng.random()]))[0])), lo + 1)
            text = f"{lo:.0f}-{hi:.0f}{top}" if round(hi) > round(lo) else f"{round(x)}"
        elif form == "approx" and x >= 10:
            text = f"~{_sig(x, 2)}"
        else:
            text = f"{round(x)}"
        count = parse_count(text, f"synthetic {r.claim.id}")
        alone = text.lstrip("~").removeprefix("<=")
        figure = Figure(r.claim.measure, count.form,
                        alone if count.open_high else alone.rstrip("+"), count, "synthetic",
                        r.claim.calibre)
        claims[r.claim.id] = replace(r.claim, figure=figure, origin=f"synthetic_{r.claim.id}",
                                     basis="delivered", over=None, conversions=(), duds=None)
    return Catalogue(claims, ("synthetic",)), truth


def _sig(x: float, digits: int) -> str:
    if x <= 0:
        return "0"
    e = math.floor(math.log10(x)) - digits + 1
    v = round(x / 10**e) * 10**e
    return f"{v:.0f}" if v >= 1 else f"{v:.{-e}f}"
