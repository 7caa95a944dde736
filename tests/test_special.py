"""The numpy inverse CDFs against scipy (computed two ways)."""

import numpy as np
import pytest
from hypothesis import given
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
