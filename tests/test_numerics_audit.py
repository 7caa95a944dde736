"""Numerical edges of the engine and the inverse CDFs: the same numbers whatever the block
size (correlated groups included), uniforms strictly inside (0, 1), and the beta tables
over every shape a declared domain can produce."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import special, stats

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


# b past the largest float (1e-305); subnormal; a shape of 0.013, whose lower percentiles
# pass the smallest float (1e-300 to 1e-200). 1e-300 to 1e-299 is a beta (a 2.4, b 5e299).
@pytest.mark.parametrize("p5,p95", [(1e-305, 1e-304), (5e-324, 1e-323), (1e-300, 1e-200)])
def test_a_beta_interval_past_what_floats_hold_is_refused_by_name(p5: float, p95: float) -> None:
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


# the edges of each declared domain (FORMS), against scipy: (mapping, scipy's distribution)
_Z95 = 1.6448536269514722
EDGES = [
    ({"alpha": 0.05, "beta": 0.05}, stats.beta(0.05, 0.05)),
    ({"alpha": 0.05, "beta": 1e5}, stats.beta(0.05, 1e5)),
    ({"alpha": 1e5, "beta": 0.05}, stats.beta(1e5, 0.05)),
    ({"alpha": 1e5, "beta": 1e5}, stats.beta(1e5, 1e5)),
    ({"min": 1.0, "mode": 1.0, "max": 1.0 + 1e-9}, stats.beta(1.0, 5.0, loc=1.0, scale=1e-9)),
    ({"min": -3.0, "mode": 2.0, "max": 2.0}, stats.beta(5.0, 1.0, loc=-3.0, scale=5.0)),
    ({"min": 0.0, "mode": 1e-12, "max": 1.0, "shape": "triangular"},
     stats.triang(1e-12, loc=0.0, scale=1.0)),
    ({"min": 7.0, "mode": 8.0, "max": 8.0, "shape": "triangular"}, stats.triang(1.0, loc=7.0)),
    ({"low": -1e3, "high": -1e3 + 1e-9}, stats.uniform(-1e3, 1e-9)),
    ({"p5": 5.0, "p95": 5.0 + 1e-9, "shape": "normal"},
     stats.norm(5.0 + 0.5e-9, 1e-9 / (2 * _Z95))),
    ({"p5": -1e3, "p95": 1e3, "shape": "normal"}, stats.norm(0.0, 1e3 / _Z95)),
    ({"p5": 100.0, "p95": 100.0 * (1 + 1e-9)}, stats.lognorm(1e-9 / (2 * _Z95), scale=100.0)),
    ({"p5": 1e-3, "p95": 1e4}, stats.lognorm(np.log(1e7) / (2 * _Z95), scale=np.sqrt(10.0))),
]


def _allowed(form: str, want: np.ndarray, u: np.ndarray, ref: object,
             support: tuple[float, float]) -> np.ndarray:
    """The error allowed: within 1e-5 of the distance to the nearer end of a bounded
    support, 1e-8 of a normal's spread (times |z| in the tails), 1e-7 of a lognormal's
    value; and a few spacings of the doubles involved."""
    lo, hi = support
    if form == "normal":
        tol = 1e-8 * float(ref.std()) * np.maximum(1.0, np.abs(stats.norm.ppf(u)))  # type: ignore[attr-defined]
        edge = 0.0
    elif form == "lognormal":
        tol, edge = 1e-7 * want, 0.0
    else:
        tol, edge = 1e-5 * np.minimum(want - lo, hi - want), max(abs(lo), abs(hi))
    return tol + 4.0 * np.spacing(np.maximum(np.abs(want), edge))


@pytest.mark.parametrize("raw,ref", EDGES, ids=[str(raw) for raw, _ in EDGES])
def test_each_form_at_the_edges_of_its_domain_matches_scipy(raw: dict, ref: object) -> None:
    d = from_mapping(raw, "x")
    u = np.array([2.0**-54, 1e-9, 1e-4, 0.05, 0.5, 0.95, 1 - 1e-4, 1 - 1e-9, 1 - 2.0**-53])
    got, want = d.ppf(u), ref.ppf(u)  # type: ignore[attr-defined]
    lo, hi = d.support()
    assert np.all(np.isfinite(got)) and np.all(np.diff(got) >= 0)
    assert np.all((got >= lo) & (got <= hi))
    allowed = _allowed(d.form, want, u, ref, (lo, hi))
    assert np.all(np.abs(got - want) <= allowed), np.max(np.abs(got - want) / allowed)
