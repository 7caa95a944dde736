"""The numpy inverse CDFs against scipy (computed two ways)."""

import math

import numpy as np
import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from scipy import special, stats

from estimator._special import BetaQuantile, beta_from_quantiles, ndtri

U = np.concatenate([np.array([1e-15, 1e-9, 1e-4, 0.05, 0.5, 0.95, 1 - 1e-9]),
                    np.random.default_rng(0).random(2000) * (1 - 2e-12) + 1e-12])


def test_ndtri_matches_scipy_to_1e9():
    ref = special.ndtri(U)
    assert np.max(np.abs(ndtri(U) - ref) / np.maximum(1, np.abs(ref))) < 2e-9


@given(st.floats(0.1, 2000.0), st.floats(0.1, 2000.0))
def test_beta_quantile_matches_scipy(a, b):
    got = BetaQuantile(a, b)(U)
    ref = special.betaincinv(a, b, U)
    ok = (ref > 1e-280) & (ref < 1 - 1e-12)
    # relative to the distance from the nearer end, plus the spacing of doubles near 1
    excess = np.abs(got - ref)[ok] - (1e-5 * np.minimum(ref, 1 - ref)[ok] + 4e-16)
    assert excess.max() <= 0, (a, b, excess.max())
    assert np.all(np.diff(BetaQuantile(a, b)(np.sort(U))) >= 0)


@pytest.mark.parametrize("p5,p95", [(0.2, 0.6), (0.01, 0.5), (0.4, 0.99), (0.3, 0.31)])
def test_beta_from_quantiles_hits_both_percentiles(p5, p95):
    a, b = beta_from_quantiles(p5, p95)
    np.testing.assert_allclose(stats.beta(a, b).ppf([0.05, 0.95]), [p5, p95], rtol=1e-6)


@pytest.mark.parametrize("a,b", [(0.05, 0.05), (0.05, 3.0), (1e5, 1e5), (1e5, 0.05)])
def test_beta_quantile_at_the_edges_of_the_declared_domain(a, b):
    got = BetaQuantile(a, b)(U)
    ref = special.betaincinv(a, b, U)
    ok = (ref > 1e-280) & (ref < 1 - 1e-12)
    excess = np.abs(got - ref)[ok] - (5e-4 * np.minimum(ref, 1 - ref)[ok] + 4e-16)
    assert excess.max() <= 0


def test_beta_quantile_takes_a_scalar_and_gives_nan_for_nan() -> None:
    q = BetaQuantile(2.0, 5.0)
    many = q(np.array([0.1, np.nan, 0.5, 0.9]))
    assert float(q(0.5)) == many[2] and float(q(np.float64(0.1))) == many[0]
    assert np.isnan(many[1]) and np.all(np.isfinite(many[[0, 2, 3]]))
    assert np.array_equal(many[[0, 2, 3]], q(np.array([0.1, 0.5, 0.9])))


# --- shapes in the millions and past: narrow intervals, and means near 0 or 1 ----------------

NARROW = [(0.3, 0.3000001), (0.5, 0.5000001), (0.3, 0.30001), (0.001, 0.001001),
          (1e-9, 1e-8), (1e-6, 1.1e-6), (1e-5, 2e-5), (0.99999, 0.999991),
          # shapes in the thousands beside 1e12, and 1e7 beside 1e19: Newton's digits run
          # out there (these were refused, or failed to tabulate)
          (1e-9, 1.05e-9), (1e-9, 1.085e-9), (1e-12, 1.0009999999999999e-12)]


@pytest.mark.parametrize("p5,p95", NARROW)
def test_a_narrow_or_lopsided_interval_is_fitted_and_tabulated(p5, p95):
    """Shapes from about 2 to 1e14: the fit, then the table, without a floating-point
    fault (the engine raises on them), give back the interval to 1e-4 of its width."""
    from estimator._special import _fit_beta

    with np.errstate(divide="raise", invalid="raise", over="raise"):
        a, b = _fit_beta(p5, p95)
        got = BetaQuantile(a, b)(np.array([1e-15, 0.05, 0.95, 1 - 1e-15]))
    assert np.all(np.diff(got) > 0) and got[0] > 0 and got[-1] < 1
    assert abs(got[1] - p5) <= 1e-4 * (p95 - p5) and abs(got[2] - p95) <= 1e-4 * (p95 - p5)


@given(st.floats(-250.0, -8.0), st.floats(1.01, 1e4))
def test_an_interval_wholly_below_1e8_is_fitted_and_tabulated_as_a_scaled_gamma(e, ratio):
    """Below 1e-8 the shape b passes 1e8 beside a (to 1e250 here) and the CDF's log gammas
    cost its digits (p5 1e-10, p95 2e-10 was refused): the fit and the table go through
    the beta of the same a at 1e-8, scaled. Both percentiles come back to 1e-6, and the
    table meets the gamma's inverse CDF over a + b to 1e-6 everywhere (the beta's own is
    that to about a / b < 1e-8; scipy's betaincinv fails near 1e-154)."""
    from estimator._special import _fit_beta

    p95 = 10.0**e
    p5 = p95 / ratio
    a, b = _fit_beta(p5, p95)
    assert b > 1e6 * a
    u = np.array([1e-6, 0.05, 0.3, 0.5, 0.7, 0.95, 1 - 1e-6])
    got = BetaQuantile(a, b)(u)
    np.testing.assert_allclose(got[[1, 5]], [p5, p95], rtol=1e-6)
    ref = special.gammaincinv(a, u) / (a + b)
    ok = ref > 1e-300
    np.testing.assert_allclose(got[ok], ref[ok], rtol=1e-6)
    assert np.all(np.diff(got) > 0)


@pytest.mark.parametrize("p5,p95", [(1e-100, 1e-50), (1e-250, 1e-200)])
def test_a_shape_just_above_the_cut_tabulates_without_a_fault(p5, p95):
    """a = 0.0256: its lower percentiles pass the smallest float. The scaled table took
    exp(-y) of them and overflowed (NaN, and a FloatingPointError in a file's check): they
    are 0, the rest meet the gamma to 1e-6."""
    from estimator._special import _fit_beta

    a, b = _fit_beta(p5, p95)
    u = np.array([2.0**-54, 1e-8, 0.01, 0.05, 0.5, 0.95, 1 - 1e-9])
    with np.errstate(divide="raise", invalid="raise", over="raise"):
        got = BetaQuantile(a, b)(u)
    assert np.all(np.isfinite(got)) and np.all(np.diff(got) >= 0) and got[0] == 0.0
    ref = special.gammaincinv(a, u) / (a + b)
    ok = ref > 1e-300
    np.testing.assert_allclose(got[ok], ref[ok], rtol=1e-6)


def test_an_interval_whose_beta_would_have_a_shape_below_0025_is_refused():
    """p5 1e-300, p95 1e-200 needs a = 0.0128, whose 1st percentile is below the smallest
    float: refused, not a table that cannot be built."""
    from estimator._special import _fit_beta

    with pytest.raises(ValueError, match=r"shapes of 0\.025 or more"):
        _fit_beta(1e-300, 1e-200)
    assert min(_fit_beta(1e-30, 0.9)) > 0.025    # a = 0.042 tabulates: still taken


@given(st.integers(1, 6), st.floats(10.0, 1e12))
@example(1, 1330.5)  # the difference of log gammas was 3.5e-13 of the result off here
def test_lbeta_with_one_large_shape_meets_its_closed_form(n, b):
    """B(n, b) = (n - 1)! / (b (b + 1) ... (b + n - 1)); scipy's betaln is off by up to
    1e-10 here, so the closed form is the reference. Both sides of the switch to
    Stirling's series at 100 are covered."""
    from estimator._special import _lbeta

    ref = math.lgamma(n) - sum(math.log(b + k) for k in range(n))
    assert abs(_lbeta(n, b) - ref) <= 2e-13 * max(1.0, abs(ref)), (n, b)
    assert _lbeta(n, b) == _lbeta(b, n)


@given(st.floats(0.05, 50.0), st.floats(100.0, 1e12))
def test_lbeta_with_one_large_shape_keeps_the_recurrence(a, b):
    """B(a + 1, b) = B(a, b) a / (a + b), for shapes no closed form covers."""
    from estimator._special import _lbeta

    assert abs(_lbeta(a + 1, b) - _lbeta(a, b) - math.log(a / (a + b))) <= 1e-12 * max(
        1.0, abs(_lbeta(a, b))), (a, b)


@pytest.mark.parametrize("a,b", [(1e8, 1e8), (3e8, 7e8), (1e8, 5e9)])
def test_the_normal_table_of_huge_shapes_agrees_with_the_exact_one(a, b, monkeypatch):
    """Past 1e8 both ways, a beta is tabulated from its moments and skewness (the exact
    CDF runs out of digits further on): where both still work they agree to 1e-3 of a
    standard deviation."""
    import estimator._special as sp

    u = np.array([1e-9, 1e-4, 0.05, 0.3, 0.5, 0.7, 0.95, 1 - 1e-4, 1 - 1e-9])
    normal = BetaQuantile(a, b, sp._normal_table(a, b))(u)
    monkeypatch.setattr(sp, "_near_normal", lambda a, b: False)
    exact = BetaQuantile(a, b)(u)
    sd = np.sqrt(a * b / ((a + b) ** 2 * (a + b + 1)))
    assert np.max(np.abs(normal - exact)) / sd < 1e-3
