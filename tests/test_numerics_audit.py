"""Numerical edges of the engine and the inverse CDFs: the same numbers whatever the block
size (correlated groups included)."""

from __future__ import annotations

import numpy as np
import pytest

from estimator.correlations import Correlation
from estimator.distributions import Lognormal, Normal, Pert
from estimator.engine import Engine, Input
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

