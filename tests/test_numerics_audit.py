"""Numerical edges of the engine and the inverse CDFs: the same numbers whatever the block
size (correlated groups included), and uniforms strictly inside (0, 1)."""

from __future__ import annotations

import numpy as np
import pytest

from estimator.correlations import Correlation
from estimator.distributions import Lognormal, Normal, Pert
from estimator.engine import Engine, Input, _Stream
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
