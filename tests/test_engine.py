"""The engine: determinism whatever the block size, common random numbers, closed forms."""

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from estimator.distributions import Beta, Dirichlet, Lognormal, Uniform
from estimator.engine import Engine, Input
from estimator.errors import InputError
from estimator.units import ureg

Z95 = 1.6448536269514722


def _model(d):
    return {"y": d["x"] * d["z"], "m": d["m"]}


INPUTS = [Input("x", Lognormal(1.0, 4.0), ureg.kg), Input("z", Uniform(0.0, 2.0), ureg.dimensionless),
          Input("m", Dirichlet(("a", "b", "c"), (1.0, 2.0, 3.0)), ureg.dimensionless)]


@given(st.integers(1, 5000), st.integers(1, 3000), st.integers(0, 2**32))
def test_same_seed_same_numbers_whatever_the_block_size(block, samples, seed):
    a = Engine(INPUTS, seed=seed, samples=samples, block_size=block).run(_model)
    b = Engine(INPUTS, seed=seed, samples=samples).run(_model)
    assert np.array_equal(a["y"].magnitude, b["y"].magnitude)
    assert np.array_equal(a["m"].magnitude, b["m"].magnitude)


def test_a_key_gets_the_same_draws_in_any_model_and_different_keys_are_independent():
    one = Engine(INPUTS, seed=7, samples=50_000).run(lambda d: {"x": d["x"]})
    two = Engine(INPUTS, seed=7, samples=50_000).run(lambda d: {"z": d["z"], "x": d["x"]})
    assert np.array_equal(one["x"].magnitude, two["x"].magnitude)
    r = np.corrcoef(two["x"].magnitude, two["z"].magnitude)[0, 1]
    assert abs(r) < 0.02


def test_product_of_lognormals_is_lognormal():
    # X ~ LN(mu1, s1), Y ~ LN(mu2, s2) independent => XY ~ LN(mu1 + mu2, sqrt(s1^2 + s2^2))
    x, y = Lognormal(40.0, 46.0), Lognormal(100.0, 400.0)
    (m1, s1), (m2, s2) = x.mu_sigma, y.mu_sigma
    n = 400_000
    out = Engine([Input("x", x, ureg.kg), Input("y", y, ureg.dimensionless)], seed=3,
                 samples=n).run(lambda d: {"p": d["x"] * d["y"]})["p"].magnitude
    mu, s = m1 + m2, math.hypot(s1, s2)
    logs = np.log(out)
    # mean and sd of the log within 4 standard errors
    assert abs(logs.mean() - mu) < 4 * s / math.sqrt(n)
    assert abs(logs.std() - s) < 4 * s / math.sqrt(2 * n)
    want = np.exp(mu + s * np.array([-Z95, 0.0, Z95]))
    np.testing.assert_allclose(np.percentile(out, [5, 50, 95]), want, rtol=0.01)


def test_beta_moments_through_the_engine():
    a, b = 2.0, 5.0
    n = 200_000
    x = Engine([Input("d", Beta(a, b), ureg.dimensionless)], seed=11, samples=n).run(
        lambda d: {"d": d["d"]})["d"].magnitude
    mean, var = a / (a + b), a * b / ((a + b) ** 2 * (a + b + 1))
    assert abs(x.mean() - mean) < 4 * math.sqrt(var / n)
    assert abs(x.var() - var) < 0.02 * var


def test_uniforms_are_strictly_inside_zero_one():
    e = Engine(INPUTS, seed=0, samples=10)
    u = e.uniforms("x", 0, 100_000)
    assert u.min() > 0 and u.max() < 1


@pytest.mark.parametrize("kwargs,place", [
    ({"samples": 0}, "samples"), ({"samples": 10, "block_size": 0}, "block_size"),
    ({"samples": 10, "seed": -1}, "seed"), ({"samples": 10, "method": "qmc"}, "method")])
def test_bad_engine_arguments(kwargs, place):
    kwargs = {"seed": 1, **kwargs}
    with pytest.raises(InputError) as err:
        Engine(INPUTS, **kwargs)
    assert err.value.place == place


def test_unknown_key_is_named():
    with pytest.raises(InputError, match="nope"):
        Engine(INPUTS, seed=1, samples=5).run(lambda d: {"y": d["nope"]})
