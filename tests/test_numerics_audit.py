"""Numerical edges of the engine and the inverse CDFs: the same numbers whatever the block
size (correlated groups included), uniforms strictly inside (0, 1), and the beta tables
over every shape a declared domain can produce."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import special

from estimator.correlations import Correlation
from estimator.distributions import Dirichlet, Lognormal, Normal, Pert, from_mapping
from estimator.engine import Engine, Input, _Stream
from estimator.errors import InputError
from estimator.units import ureg

INPUTS = [Input("x", Lognormal(1.0, 4.0), ureg.kg),
          Input("w", Pert(0.0, 1.0, 3.0), ureg.dimensionless),
          Input("v", Normal(-2.0, 5.0), ureg.dimensionless)]
GROUP = Correlation("g", ("x", "w", "v"),
                    ((1.0, 0.7, -0.3), (0.7, 1.0, 0.2), (-0.3, 0.2, 1.0)), ("s",))


def _model(d):  # type: ignore[no-untyped-def]
    return {"y": d["x"] * d["w"], "v": d["v"]}


@pytest.mark.parametrize("method", ["mc", "lhs", "sobol"])
def test_a_correlated_group_gives_the_same_numbers_whatever_the_block_size(method: str) -> None:
    # 17 trials (24 for lhs, 32 for sobol, once rounded): blocks of 2 end on a block of one
    # trial, and the first block of one trial is the one the sobol probe reads
    whole = Engine(INPUTS, seed=5, samples=17, method=method, correlations=[GROUP]).run(_model)
    for block in (1, 2, 7):
        part = Engine(INPUTS, seed=5, samples=17, method=method, block_size=block,
                      correlations=[GROUP]).run(_model)
        for name in whole:
            assert np.array_equal(part[name].magnitude, whole[name].magnitude), (block, name)


class _Top:
    """A generator whose every double is the largest ``random()`` can return."""

    def random(self, n: int) -> np.ndarray:
        return np.full(n, 1.0 - 2.0**-53)


@pytest.mark.parametrize("method", ["mc", "lhs"])
def test_uniforms_stay_below_one_at_the_largest_draw(method: str) -> None:
    # 2**20 strata a replicate: the top one's 2**20 - 1 + u rounds to 2**20 for this u
    e = Engine(INPUTS, seed=1, samples=8 << 20, method=method)
    stream = e._streams[("v", 0)] = _Stream(e.seed, "v", 0)
    stream._gen = _Top()  # type: ignore[assignment]
    u = e.uniforms("v", 0, 1 << 20)
    assert u.max() < 1.0
    assert np.all(np.isfinite(INPUTS[2].distribution.ppf(u)))


def test_a_dirichlet_of_many_large_alphas_is_tabulated_accurately() -> None:
    # each alpha in the declared domain; the first share is Beta(0.05, 1e6), the
    # next ones Beta(1e5, 9e5), Beta(1e5, 8e5), ...: sums of alphas beyond 1e5
    d = Dirichlet(tuple(f"c{i}" for i in range(11)), (0.05,) + (1e5,) * 10)
    u = np.array([2.0**-54, 1e-9, 0.05, 0.5, 0.95, 1.0 - 1e-9])
    x = d.ppf(np.column_stack([u] * 10))
    np.testing.assert_allclose(x.sum(axis=1), 1.0, rtol=1e-12)
    first = special.betaincinv(0.05, 1e6, u)
    ok = first > 1e-300
    np.testing.assert_allclose(x[ok, 0], first[ok], rtol=1e-6)
    np.testing.assert_allclose(x[:, 1] / (1.0 - x[:, 0]), special.betaincinv(1e5, 9e5, u),
                               rtol=1e-6)


@pytest.mark.parametrize("p5,p95", [(1e-300, 1e-299), (1e-200, 1e-199), (5e-324, 1e-323)])
def test_a_beta_interval_too_narrow_to_solve_is_refused_by_name(p5: float, p95: float) -> None:
    with pytest.raises(InputError) as err:
        from_mapping({"p5": p5, "p95": p95, "shape": "beta"}, "f: k")
    assert err.value.place == "f: k" and "a beta can have" in str(err.value)


def test_a_mix_inside_a_scenario_is_refused_by_name() -> None:
    # a scenario gives one value a trial; a Dirichlet gives one share per category
    raw = {"scenarios": [{"label": "a", "weight": 1.0, "categories": ["x", "y"],
                          "alpha": [1.0, 2.0]},
                         {"label": "b", "weight": 1.0, "value": 0.5}]}
    with pytest.raises(InputError) as err:
        from_mapping(raw, "f: k")
    assert err.value.place == "f: k.scenarios[0].categories"
