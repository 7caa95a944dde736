"""Inverse CDFs in plain numpy, for the start-up path and for quasi-Monte Carlo.

``scipy.special`` costs about 0.2 s to import and its beta inverse about 0.7 us a
sample; neither fits a command that must answer in well under a second. This module
gives the inverse CDFs the distributions need, in numpy alone:

- :func:`ndtri`, the standard normal inverse, by Acklam's rational approximation
  (relative error below 1.2e-9, far under any Monte Carlo error);
- :class:`BetaQuantile`, the beta inverse, tabulated once per (alpha, beta) in
  logit-logit coordinates and read by cubic Hermite interpolation. In those
  coordinates both tails of a beta are asymptotically straight lines (the CDF goes as
  ``x**alpha`` near 0 and ``(1 - x)**beta`` near 1), so a modest table is accurate
  from the 1e-16 tail to the 1 - 1e-16 tail. The table is built from the regularised
  incomplete beta function (continued fraction, evaluated in logs) and its exact
  derivative, the density;
- :func:`beta_from_quantiles`, the beta whose 5th and 95th percentiles are given.

The tests compare each against scipy.
"""

from __future__ import annotations

import math
import platform
import sys
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

import numpy as np
from numpy.typing import ArrayLike, NDArray

from estimator._cache import cache_key, load_array, load_json, save_array, save_json

__all__ = ["BetaQuantile", "beta_from_quantiles", "beta_quantile", "log_betainc", "ndtr",
           "ndtri", "prepare_beta_quantiles"]

FloatArray = NDArray[np.float64]

# Acklam's coefficients for the normal quantile.
_A = (-3.969683028665376e01, 2.209460984245205e02, -2.759285104469687e02,
      1.383577518672690e02, -3.066479806614716e01, 2.506628277459239e00)
_B = (-5.447609879822406e01, 1.615858368580409e02, -1.556989798598866e02,
      6.680131188771972e01, -1.328068155288572e01)
_C = (-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e00,
      -2.549732539343734e00, 4.374664141464968e00, 2.938163982698783e00)
_D = (7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e00,
      3.754408661907416e00)
_P_LOW = 0.02425


def _tail(q: FloatArray) -> FloatArray:
    c, d = _C, _D
    num = ((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]
    den = (((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1.0
    return num / den


def ndtr(x: ArrayLike) -> FloatArray:
    """Standard normal CDF of ``x``, elementwise: ``erfc(-x / sqrt(2)) / 2`` with the
    Chebyshev fit of Numerical Recipes' ``erfcc`` (fractional error under 1.2e-7
    everywhere, so the tails keep their relative accuracy).

    >>> round(float(ndtr(1.6448536269514722)), 6)
    0.95
    """
    z = -np.asarray(x, dtype=float) / math.sqrt(2.0)
    a = np.abs(z)
    t = 1.0 / (1.0 + 0.5 * a)
    poly = (-1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (
        -0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (
            -0.82215223 + t * 0.17087277)))))))))
    erfc_a = t * np.exp(-a * a + poly)
    return 0.5 * np.where(z >= 0, erfc_a, 2.0 - erfc_a)


def ndtri(u: ArrayLike) -> FloatArray:
    """Standard normal quantile of ``u`` in (0, 1), elementwise.

    >>> round(float(ndtri(0.95)), 6)
    1.644854
    """
    p = np.asarray(u, dtype=float)
    q = p - 0.5
    r = q * q
    a, b = _A, _B
    num = (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q
    den = ((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1.0
    x = num / den
    low = p < _P_LOW
    if low.any():
        x[low] = _tail(np.sqrt(-2.0 * np.log(p[low])))
    high = p > 1.0 - _P_LOW
    if high.any():
        x[high] = -_tail(np.sqrt(-2.0 * np.log1p(-p[high])))
    return x


# ---------------------------------------------------------------------------- beta

_TINY = 1e-300
_EPS = 1e-15
_MAX_ITER = 3000


def _clamp(v: FloatArray) -> FloatArray:
    return np.where(np.abs(v) < _TINY, _TINY, v)


def _log_betacf(a: FloatArray, b: FloatArray, x: FloatArray) -> FloatArray:
    """log of the continued fraction of the incomplete beta (modified Lentz).

    Elementwise over equally shaped 1-d arrays; each element stops when it has
    converged, so the work is the sum of the elements' iterations, not the worst times n.
    """
    out = np.empty_like(x)
    idx = np.arange(x.size)
    qab, qap, qam = a + b, a + 1.0, a - 1.0
    c = np.ones_like(x)
    d = 1.0 / _clamp(1.0 - qab * x / qap)
    h = np.log(d)
    for m in range(1, _MAX_ITER + 1):
        m2 = 2 * m
        aa = m * (b - m) * x / ((qam + m2) * (a + m2))
        d = 1.0 / _clamp(1.0 + aa * d)
        c = _clamp(1.0 + aa / c)
        step = d * c
        aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2))
        d = 1.0 / _clamp(1.0 + aa * d)
        c = _clamp(1.0 + aa / c)
        delta = d * c
        h = h + np.log(np.abs(step * delta))
        done = np.abs(delta - 1.0) <= _EPS
        if done.any():
            out[idx[done]] = h[done]
            keep = ~done
            if not keep.any():
                return out
            idx, a, b, x, c, d, h = idx[keep], a[keep], b[keep], x[keep], c[keep], d[keep], h[keep]
            qab, qap, qam = qab[keep], qap[keep], qam[keep]
    out[idx] = h
    return out


def _lbeta(a: float, b: float) -> float:
    """``log B(a, b)``; with one shape large, without the difference of two huge log
    gammas (which lost the digits a beta of mean 1e-8 needs, and from a shape of about
    1,000 more than 1e-13 of the result): from 100 up, Stirling's series for
    ``lgamma(big) - lgamma(big + small)`` (within about 1e-15 of the result there).

    >>> abs(_lbeta(3.0, 1e9) - (math.log(2.0) - math.log(1e9 * (1e9 + 1) * (1e9 + 2)))) < 1e-12
    True
    """
    small, big = min(a, b), max(a, b)
    if big < 100.0:
        return math.lgamma(a) + math.lgamma(b) - math.lgamma(a + b)

    def tail(x: float) -> float:  # lgamma(x) - Stirling's leading terms
        return 1.0 / (12.0 * x) - 1.0 / (360.0 * x**3)

    return (math.lgamma(small) - (big - 0.5) * math.log1p(small / big)
            - small * math.log(big + small) + small + tail(big) - tail(big + small))


def _softplus(t: FloatArray) -> FloatArray:
    return np.maximum(t, 0.0) + np.log1p(np.exp(-np.abs(t)))


def _lbetas(a: FloatArray, b: FloatArray) -> FloatArray:
    return np.array([_lbeta(ai, bi) for ai, bi in zip(a, b, strict=True)])


def _log_betainc_rows(a: FloatArray, b: FloatArray, y: FloatArray,
                      lbeta: FloatArray | None = None,
                      ) -> tuple[FloatArray, FloatArray, FloatArray]:
    """``log I``, ``log (1 - I)`` and ``log dz/dy`` for row i of ``y`` under Beta(a[i], b[i]).

    ``z = logit(I)`` and ``y = logit(x)``: the slope is what the tables interpolate with.
    ``lbeta``, the log beta function of each row, is computed if not given.
    """
    lbeta = (_lbetas(a, b) if lbeta is None else lbeta)[:, None]
    a = np.broadcast_to(a[:, None], y.shape)
    b = np.broadcast_to(b[:, None], y.shape)
    log_x, log_1mx = -_softplus(-y), -_softplus(y)
    x, one_minus_x = np.exp(log_x), np.exp(log_1mx)
    log_front = a * log_x + b * log_1mx - lbeta
    log_lower = np.empty_like(y)
    log_upper = np.empty_like(y)
    low = x < (a + 1.0) / (a + b + 2.0)
    if low.any():
        lo = log_front[low] + _log_betacf(a[low], b[low], x[low]) - np.log(a[low])
        log_lower[low] = lo
        log_upper[low] = np.log1p(-np.exp(np.minimum(lo, 0.0)))
    high = ~low
    if high.any():
        up = log_front[high] + _log_betacf(b[high], a[high], one_minus_x[high]) - np.log(b[high])
        log_upper[high] = up
        log_lower[high] = np.log1p(-np.exp(np.minimum(up, 0.0)))
    return log_lower, log_upper, log_front - log_lower - log_upper


def log_betainc(a: float, b: float, y: ArrayLike) -> tuple[FloatArray, FloatArray]:
    """``(log I_x(a, b), log (1 - I_x(a, b)))`` at ``x = expit(y)``, both accurate.

    Taking the logit ``y`` rather than ``x`` keeps ``1 - x`` exact near 1.
    """
    y = np.asarray(y, dtype=float)
    lo, up, _ = _log_betainc_rows(np.array([a], float), np.array([b], float),
                                  y.reshape(1, -1))
    return lo.reshape(y.shape), up.reshape(y.shape)


_Z_SPAN = 38.0   # |logit(u)| of any uniform the engine makes is below 37.5
_NODES = 1025    # table nodes, evenly spaced in z = logit(u)
_GRID = 257      # forward evaluations per table, evenly spaced in y = logit(x)
_PROBES = 24     # doublings of the spread searched on each side of the centre


def _hermite(t: FloatArray, h: FloatArray | float, y0: FloatArray, s0: FloatArray,
             y1: FloatArray, s1: FloatArray) -> FloatArray:
    t2 = t * t
    t3 = t2 * t
    return ((2 * t3 - 3 * t2 + 1) * y0 + (t3 - 2 * t2 + t) * (h * s0)
            + (3 * t2 - 2 * t3) * y1 + (t3 - t2) * (h * s1))


def _near_normal(a: float, b: float) -> bool:
    """Whether Beta(a, b) is tabulated from its moments and skewness: both shapes past
    1e8, or the smaller past 1e6 beside one past 1e12, where the incomplete beta's log
    terms leave fewer digits than the spread needs (the skewness term's error is then
    1e-6 of a standard deviation or less)."""
    small, big = min(a, b), max(a, b)
    return small >= 1e8 or (small >= 1e6 and big >= 1e12)


def _skewness(a: float, b: float) -> float:
    """The skewness of Beta(a, b)."""
    n = a + b
    return 2.0 * (b - a) * math.sqrt(n + 1.0) / ((n + 2.0) * math.sqrt(a * b))


def _normal_table(a: float, b: float) -> tuple[FloatArray, FloatArray]:
    """The table of a beta :func:`_near_normal` picks: its moments and the Cornish-Fisher
    skewness term, whose error is of order ``1 / min(a, b)`` of a standard deviation."""
    n = a + b
    mean, sd = a / n, math.sqrt(a * b / (n * n * (n + 1.0)))
    skew = _skewness(a, b)
    z = np.linspace(-_Z_SPAN, _Z_SPAN, _NODES)
    log_u, log_1mu = -_softplus(-z), -_softplus(z)
    lower = z < 0  # each half from its own small tail probability, never 1 - tiny
    w = np.empty_like(z)
    w[lower] = ndtri(np.exp(log_u[lower]))
    w[~lower] = -ndtri(np.exp(log_1mu[~lower]))
    x = mean + sd * (w + skew / 6.0 * (w * w - 1.0))
    dx_dw = sd * (1.0 + skew * w / 3.0)
    # du/dz = u (1 - u); dw/du = 1 / phi(w); dy/dx = 1 / (x (1 - x))
    log_dw_dz = log_u + log_1mu + 0.5 * w * w + 0.5 * math.log(2.0 * math.pi)
    return np.log(x) - np.log1p(-x), dx_dw * np.exp(log_dw_dz) / (x * (1.0 - x))


def _build_tables(pairs: list[tuple[float, float]]) -> list[tuple[FloatArray, FloatArray]]:
    """Nodes ``y`` at evenly spaced ``z`` and the slopes ``dy/dz`` there, for many betas
    (:func:`_exact_tables`); a ``b`` past :data:`_GAMMA_B` times ``a + 1`` is read from the
    beta of the same ``a`` with ``a + b`` brought down to that, scaled (:func:`_gamma_scaled`).
    """
    scaled = [_gamma_scaled(a, b) for a, b in pairs]
    tables = _exact_tables([(a, b) for a, b, _ in scaled])
    out = []
    for (y, dydz), (_, _, r) in zip(tables, scaled, strict=True):
        if r != 1.0:
            # x = r x' for the table's x' = expit(y'): y = logit(r x') exactly, and its
            # slope dy/dz = dy'/dz (1 - x') / (1 - r x')
            log_x = -np.logaddexp(0.0, -y)  # log expit(y), without exp(-y) overflowing
            x = np.exp(log_x)  # a zero where it underflows: its log is kept
            y = math.log(r) + log_x - np.log1p(-r * x)
            dydz = dydz * (1.0 - x) / (1.0 - r * x)
        out.append((y, dydz))
    return out


_GAMMA_B = 1e8  # past a + b of this times (a + 1), a beta is a scaled gamma to ~1e-8


def _gamma_scaled(a: float, b: float) -> tuple[float, float, float]:
    """``(a, b', r)``: where ``b`` passes :data:`_GAMMA_B` (a + 1), Beta(a, b) is
    ``r`` times Beta(a, b') with ``a + b' = _GAMMA_B (a + 1)`` and ``r = (a + b') / (a + b)``
    to within the size of its values (both are a Gamma(a) over ``a + b``, to that order),
    where the CDF's log gammas of ``b`` would cost its digits; else ``(a, b, 1)``."""
    total = _GAMMA_B * (a + 1.0)
    if b <= total:
        return a, b, 1.0
    return a, total - a, total / (a + b)


def _exact_tables(pairs: list[tuple[float, float]]) -> list[tuple[FloatArray, FloatArray]]:
    """Nodes ``y`` at evenly spaced ``z`` and the slopes ``dy/dz`` there, for many betas.

    Every evaluation of the incomplete beta is done for all the tables at once:
    a doubling search for the range of ``y`` that ``z`` in [-_Z_SPAN, _Z_SPAN] needs,
    a forward grid over it, the nodes placed by reading that grid backwards, then Newton
    steps on the exact CDF until every node is within 1e-10 of its target (or, for shapes
    in the hundreds of thousands, within the rounding of the CDF itself). The shapes
    :func:`_near_normal` picks take :func:`_normal_table`.
    """
    normal = [_near_normal(*p) for p in pairs]
    if any(normal):
        exact = iter(_exact_tables([p for p, n in zip(pairs, normal, strict=True) if not n])
                     if not all(normal) else [])
        return [_normal_table(*p) if n else next(exact)
                for p, n in zip(pairs, normal, strict=True)]
    a = np.array([p[0] for p in pairs], float)
    b = np.array([p[1] for p in pairs], float)
    centre = np.log(a / b)[:, None]
    spread = np.sqrt(1.0 / a + 1.0 / b)[:, None]
    steps = spread * 2.0 ** np.arange(_PROBES)
    probe = np.concatenate((centre - steps[:, ::-1], centre + steps), axis=1)
    lo_l, lo_u, _ = _log_betainc_rows(a, b, probe)
    z = lo_l - lo_u
    below = np.where(z[:, :_PROBES] <= -_Z_SPAN, np.arange(_PROBES), 0).max(axis=1)
    above_hit = z[:, _PROBES:] >= _Z_SPAN
    above = np.where(above_hit.any(axis=1), above_hit.argmax(axis=1), _PROBES - 1) + _PROBES
    rows = np.arange(len(pairs))
    lo, hi = probe[rows, below][:, None], probe[rows, above][:, None]
    grid = lo + (hi - lo) * np.linspace(0.0, 1.0, _GRID)
    g_l, g_u, g_slope = _log_betainc_rows(a, b, grid)
    g_z = g_l - g_u
    target = np.linspace(-_Z_SPAN, _Z_SPAN, _NODES)
    y = np.empty((len(pairs), _NODES))
    for i in rows:
        keep = np.isfinite(g_z[i]) & np.isfinite(g_slope[i])
        gy, gz, gs = grid[i][keep], g_z[i][keep], np.exp(-g_slope[i][keep])
        rising = np.concatenate(([True], np.diff(gz) > 0))
        gy, gz, gs = gy[rising], gz[rising], gs[rising]
        j = np.clip(np.searchsorted(gz, target) - 1, 0, len(gz) - 2)
        h = gz[j + 1] - gz[j]
        t = np.clip((target - gz[j]) / h, 0.0, 1.0)
        y[i] = _hermite(t, h, gy[j], gs[j], gy[j + 1], gs[j + 1])
    todo = np.arange(y.size)
    log_slope = np.empty_like(y)
    flat_a = np.repeat(a, _NODES)
    flat_b = np.repeat(b, _NODES)
    flat_t = np.tile(target, len(pairs))
    flat_lbeta = np.repeat(_lbetas(a, b), _NODES)
    # the CDF's own rounding: its log terms are as large as the log gammas, so the large
    # shapes a Dirichlet's sums of alphas make cannot be met to 1e-10 in z
    size = np.array([abs(math.lgamma(p)) + abs(math.lgamma(q)) + abs(math.lgamma(p + q))
                     for p, q in pairs])
    flat_tol = np.repeat(np.maximum(1e-10, 8.0 * 2.0**-52 * size), _NODES)
    yf = y.reshape(-1)
    sf = log_slope.reshape(-1)
    for _ in range(12):
        n_l, n_u, n_s = _log_betainc_rows(flat_a[todo], flat_b[todo], yf[todo][:, None],
                                          flat_lbeta[todo])
        miss = (n_l - n_u)[:, 0] - flat_t[todo]
        sf[todo] = n_s[:, 0]
        bad = ~np.isfinite(miss)
        if bad.any():
            raise ValueError("cannot tabulate Beta" + str(pairs[int(todo[bad][0]) // _NODES]))
        yf[todo] -= np.clip(miss * np.exp(-n_s[:, 0]), -1.0, 1.0)
        todo = todo[np.abs(miss) >= flat_tol[todo]]
        if todo.size == 0:
            break
    else:
        raise ValueError("cannot tabulate Beta" + str(pairs[int(todo[0]) // _NODES]))
    return [(y[i], np.exp(-log_slope[i])) for i in rows]


class BetaQuantile:
    """The inverse CDF of Beta(a, b), tabulated once and then read in numpy.

    >>> q = BetaQuantile(2.0, 5.0)
    >>> round(float(q(np.array([0.5]))[0]), 6)   # scipy.stats.beta(2, 5).median()
    0.26445
    """

    def __init__(self, a: float, b: float,
                 table: tuple[FloatArray, FloatArray] | None = None) -> None:
        if not (a > 0 and b > 0 and math.isfinite(a) and math.isfinite(b)):
            raise ValueError(f"beta parameters must be positive and finite (got {a}, {b})")
        self.a, self.b = float(a), float(b)
        y, dydz = table if table is not None else _build_tables([(self.a, self.b)])[0]
        self._h = 2.0 * _Z_SPAN / (_NODES - 1)
        y0, y1, s0, s1 = y[:-1], y[1:], self._h * dydz[:-1], self._h * dydz[1:]
        # The cubic Hermite piece on each interval, as Horner coefficients in t in [0, 1],
        # one contiguous column each (a gather from each column is far cheaper than a
        # gather of rows); the last node is a constant piece.
        coef = np.stack([2 * (y0 - y1) + s0 + s1, 3 * (y1 - y0) - 2 * s0 - s1, s0, y0])
        self._coef = tuple(np.append(c, last) for c, last in zip(coef, (0.0, 0.0, 0.0, y[-1]),
                                                                 strict=True))

    def __call__(self, u: ArrayLike) -> FloatArray:
        u = np.asarray(u, dtype=float)
        if u.ndim == 0:
            return self(u.reshape(1))[0]
        with np.errstate(divide="ignore", invalid="ignore"):
            pos = u / (1.0 - u)
            np.log(pos, out=pos)
        pos += _Z_SPAN
        pos *= 1.0 / self._h
        np.clip(pos, 0.0, _NODES - 1.0, out=pos)
        missing = np.isnan(pos)
        if missing.any():  # not a probability: not a value either
            out = self(np.where(missing, 0.5, u))
            out[missing] = np.nan
            return out
        i = pos.astype(np.intp)
        pos -= i
        c3, c2, c1, c0 = self._coef
        y = c3.take(i)
        for c in (c2, c1, c0):
            y *= pos
            y += c.take(i)
        np.negative(y, out=y)
        with np.errstate(over="ignore"):
            np.exp(y, out=y)
        y += 1.0
        return np.reciprocal(y, out=y)


_TABLES: dict[tuple[float, float], BetaQuantile] = {}


def prepare_beta_quantiles(pairs: Iterable[tuple[float, float]]) -> None:
    """Tabulate the inverse CDFs of many betas at once (far cheaper than one at a time),
    reading them from the per-user cache when an earlier run built the same set."""
    new = list(dict.fromkeys((float(a), float(b)) for a, b in pairs if (a, b) not in _TABLES))
    if not new:
        return
    name = "beta-" + cache_key(_source(), np.__version__, sys.version, platform.machine(), new)
    shape = (len(new), 2, _NODES)
    stored = load_array(name, shape)
    if stored is None:
        stored = np.array([np.stack(t) for t in _build_tables(new)]).reshape(shape)
        save_array(name, stored)
    for (a, b), table in zip(new, stored, strict=True):
        _TABLES[(a, b)] = BetaQuantile(a, b, (table[0], table[1]))


@lru_cache(maxsize=1)
def _source() -> bytes:
    """This module's source: any change to how tables are built changes the cache key."""
    try:
        return Path(__file__).read_bytes()
    except OSError:  # not on a file system: key on the version instead
        from estimator._version import __version__
        return __version__.encode()


def beta_quantile(a: float, b: float) -> BetaQuantile:
    """The (cached) tabulated inverse CDF of Beta(a, b)."""
    key = (float(a), float(b))
    q = _TABLES.get(key)
    if q is None:
        q = _TABLES[key] = BetaQuantile(*key)
    return q


def _log_cf_scalar(a: float, b: float, x: float) -> float:
    """:func:`_log_betacf` for one point, in plain floats (far cheaper than numpy for a few)."""
    qab, qap, qam = a + b, a + 1.0, a - 1.0
    c = 1.0
    d = 1.0 - qab * x / qap
    d = 1.0 / (d if abs(d) >= _TINY else _TINY)
    h = math.log(abs(d))
    for m in range(1, _MAX_ITER + 1):
        m2 = 2 * m
        aa = m * (b - m) * x / ((qam + m2) * (a + m2))
        d = 1.0 + aa * d
        d = 1.0 / (d if abs(d) >= _TINY else _TINY)
        c = 1.0 + aa / c
        c = c if abs(c) >= _TINY else _TINY
        step = d * c
        aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2))
        d = 1.0 + aa * d
        d = 1.0 / (d if abs(d) >= _TINY else _TINY)
        c = 1.0 + aa / c
        c = c if abs(c) >= _TINY else _TINY
        delta = d * c
        h += math.log(abs(step * delta))
        if abs(delta - 1.0) <= _EPS:
            break
    return h


def _cdf_logit_scalar(a: float, b: float, y: float) -> float:
    """logit of the Beta(a, b) CDF at ``x = expit(y)``, in plain floats."""
    log_x = -(max(-y, 0.0) + math.log1p(math.exp(-abs(y))))
    log_1mx = -(max(y, 0.0) + math.log1p(math.exp(-abs(y))))
    front = a * log_x + b * log_1mx - _lbeta(a, b)
    x = math.exp(log_x)
    if x < (a + 1.0) / (a + b + 2.0):
        lo = front + _log_cf_scalar(a, b, x) - math.log(a)
        return lo - math.log1p(-math.exp(min(lo, 0.0)))
    up = front + _log_cf_scalar(b, a, math.exp(log_1mx)) - math.log(b)
    return math.log1p(-math.exp(min(up, 0.0))) - up


@lru_cache(maxsize=256)
def beta_from_quantiles(p5: float, p95: float) -> tuple[float, float]:
    """The (a, b) of the beta whose 5th and 95th percentiles are ``p5`` and ``p95``
    (:func:`_fit_beta`), read from the per-user cache when an earlier run solved the same.

    >>> a, b = beta_from_quantiles(0.2, 0.5)
    >>> q = beta_quantile(a, b)
    >>> [round(float(x), 6) for x in q(np.array([0.05, 0.95]))]
    [0.2, 0.5]
    """
    if not 0.0 < p5 < p95 < 1.0:  # checked before the cache is read, as the solver does
        raise ValueError(f"need 0 < p5 < p95 < 1 (got {p5}, {p95})")
    name = "betafit-" + cache_key(_source(), float(p5), float(p95))
    stored = load_json(name)
    if (isinstance(stored, list) and len(stored) == 2  # a damaged entry is solved afresh
            and all(isinstance(x, float) and math.isfinite(x) and x > 0 for x in stored)):
        return stored[0], stored[1]
    a, b = _fit_beta(p5, p95)
    save_json(name, [a, b])
    return a, b


_GAMMA_REGIME = 1.0 / _GAMMA_B  # an interval wholly below it: solved as a scaled gamma


def _fit_beta(p5: float, p95: float) -> tuple[float, float]:
    """The beta whose 5th and 95th percentiles are ``p5`` and ``p95`` (:func:`_solve_beta`);
    a shape below :data:`_MIN_FIT_SHAPE` is refused, as its lower percentiles pass the
    smallest float and no table of its inverse CDF can be made."""
    a, b = _solve_beta(p5, p95)
    if min(a, b) < _MIN_FIT_SHAPE:
        raise ValueError(f"no beta with shapes of {_MIN_FIT_SHAPE} or more has 5th percentile "
                         f"{p5} and 95th percentile {p95} (it needs {a:.3g}, {b:.3g})")
    return a, b


_MIN_FIT_SHAPE = 0.025


def _solve_beta(p5: float, p95: float) -> tuple[float, float]:
    """The beta whose 5th and 95th percentiles are ``p5`` and ``p95``, solved by damped
    Newton steps in (log a, log b) on the logit of the CDF, in plain floats (two points a
    step: numpy's per-call cost would dominate).
    """
    if p95 < _GAMMA_REGIME:
        # all the mass below 1e-8: b passes 1e8 beside a and the CDF's digits run out, but
        # such a beta is a gamma scaled by 1 / (a + b) to within about p95 (relative) in its
        # quantiles, so the beta of the same shape a solved at p95 = 1e-8 has the same
        # ratio p95 / p5 to within 1e-8, and a + b scales by what the interval was moved
        a, b = _solve_beta(p5 / p95 * _GAMMA_REGIME, _GAMMA_REGIME)
        b = (a + b) / p95 * _GAMMA_REGIME - a
        if not math.isfinite(b):  # past the largest float: the interval is below ~1e-300
            raise ValueError(f"no beta has 5th percentile {p5} and 95th percentile {p95}")
        return a, b
    ys = (math.log(p5 / (1.0 - p5)), math.log(p95 / (1.0 - p95)))
    target = (math.log(0.05 / 0.95), math.log(0.95 / 0.05))
    mean = 0.5 * (p5 + p95)
    sd = (p95 - p5) / 3.29
    if sd * sd == 0.0:  # an interval narrower than about 1e-154: its variance underflows
        raise ValueError(f"no beta has 5th percentile {p5} and 95th percentile {p95}")
    k = max(mean * (1 - mean) / (sd * sd) - 1.0, 0.05)
    theta = (math.log(mean * k), math.log((1 - mean) * k))
    # past both shapes of about 1e6 the beta is a normal to within floating point, where
    # the CDF's continued fraction loses the digits Newton needs: its moments fit it (one
    # shape small, as a mean near 0 or 1 makes, is skewed: Newton solves it)
    if min(mean, 1 - mean) * k > 1e6:
        return _skewed_moment_fit(p5, p95)

    def residual(th: tuple[float, float]) -> tuple[float, float] | None:
        try:
            a, b = math.exp(th[0]), math.exp(th[1])
            r = tuple(_cdf_logit_scalar(a, b, y) - t for y, t in zip(ys, target, strict=True))
        except (OverflowError, ValueError, ZeroDivisionError):
            return None
        return r if all(math.isfinite(v) for v in r) else None  # type: ignore[return-value]

    r = residual(theta)
    if r is None:
        raise ValueError(f"no beta has 5th percentile {p5} and 95th percentile {p95}")
    for _ in range(100):
        worst = max(abs(r[0]), abs(r[1]))
        if worst < 1e-10:
            break
        h = 1e-6
        r1 = residual((theta[0] + h, theta[1]))
        r2 = residual((theta[0], theta[1] + h))
        if r1 is None or r2 is None:
            break
        j00, j10 = (r1[0] - r[0]) / h, (r1[1] - r[1]) / h
        j01, j11 = (r2[0] - r[0]) / h, (r2[1] - r[1]) / h
        det = j00 * j11 - j01 * j10
        if det == 0.0 or not math.isfinite(det):
            break
        m0 = max(-2.0, min(2.0, (-r[0] * j11 + r[1] * j01) / det))
        m1 = max(-2.0, min(2.0, (-r[1] * j00 + r[0] * j10) / det))
        scale = 1.0
        while scale > 1e-4:
            trial = (theta[0] + scale * m0, theta[1] + scale * m1)
            rt = residual(trial)
            if rt is not None and max(abs(rt[0]), abs(rt[1])) < worst:
                theta, r = trial, rt
                break
            scale /= 2.0
        else:
            break
    if max(abs(r[0]), abs(r[1])) > 1e-6:
        if min(mean, 1 - mean) * k > 1e3:  # shapes in the thousands and more: the CDF's
            return _skewed_moment_fit(p5, p95)  # digits ran out; near-normal, skewed
        raise ValueError(f"no beta has 5th percentile {p5} and 95th percentile {p95}")
    return math.exp(theta[0]), math.exp(theta[1])


def _skewed_moment_fit(p5: float, p95: float) -> tuple[float, float]:
    """The beta whose Cornish-Fisher 5th and 95th percentiles (normal, with the
    skewness term) are ``p5`` and ``p95``: the spread fixes the standard deviation, the
    skewness moves the mean; a few rounds, as the skewness depends on the shapes. Its
    error is of order ``1 / min(a, b)`` of a standard deviation."""
    z = 1.6448536269514722
    sd = (p95 - p5) / (2 * z)
    mean, skew = 0.5 * (p5 + p95), 0.0
    for _ in range(8):
        mean = 0.5 * (p5 + p95) - sd * skew / 6.0 * (z * z - 1.0)
        n = mean * (1 - mean) / (sd * sd) - 1.0
        a, b = mean * n, (1 - mean) * n
        skew = _skewness(a, b)
    return a, b
