"""Mutants the mutation hunt (test_mutation_hunt.py) left alive: the timeline's memory
estimate, a sample of one value a design, and the nesting limits. Each test is cheap."""

from __future__ import annotations

import re
import tracemalloc
from pathlib import Path

import numpy as np
import pytest

import estimator.engine as engine_module
from estimator.assumptions import MAX_DEPTH, AssumptionSet, check_file
from estimator.errors import InputError
from estimator.logistics import estimate_timeline
from estimator.summary import Summary, labelled_summaries, summarize

DEFAULTS = AssumptionSet.defaults()


def _most(err: pytest.ExceptionInfo[InputError]) -> int:
    return int(re.search(r"at most about ([\d,]+)", str(err.value))[1].replace(",", ""))


# ------------------------------------------------------------------ the timeline's memory


def test_a_timeline_of_the_most_samples_memory_allows_fits_it_and_is_not_cut_short(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """``estimate_timeline`` refuses, before its engine's own check, a run whose months'
    outputs (8 of them, kept whole, and for one block worked out beside them) would not
    fit; the most it allows then takes about the budget while it runs: not twice it (the
    block's copy or two of the outputs left out) nor half (each value counted twice)."""
    budget = 4e6
    monkeypatch.setattr(engine_module, "memory_budget", lambda: budget)
    with pytest.raises(InputError, match=r"^samples: expected at most about") as err:
        estimate_timeline(samples=200_000, seed=1, assumptions=DEFAULTS)  # within a block
    assert "8 outputs for each of its 30 months" in str(err.value)
    most = _most(err)
    estimate_timeline(samples=2, seed=1, assumptions=DEFAULTS)  # a first run's imports
    peaks = []
    run = engine_module.Engine.run

    def traced(self: engine_module.Engine, model: object) -> object:
        tracemalloc.start()
        try:
            return run(self, model)
        finally:
            peaks.append(tracemalloc.get_traced_memory()[1])
            tracemalloc.stop()

    monkeypatch.setattr(engine_module.Engine, "run", traced)
    estimate_timeline(samples=most, seed=1, assumptions=DEFAULTS)
    assert 0.7 * budget < peaks[0] < 1.25 * budget, (most, peaks)
    with pytest.raises(InputError, match=r"^samples: expected at most about"):
        estimate_timeline(samples=most + 1, seed=1, assumptions=DEFAULTS)


def test_the_most_samples_a_refused_timeline_names_are_allowed(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Asked for 1,000,000 samples (more than a block), the refusal named 943 as the most,
    counting the block as a share of the samples asked for; 943 was then refused too."""
    monkeypatch.setattr(engine_module, "memory_budget", lambda: 2e6)
    with pytest.raises(InputError) as err:
        estimate_timeline(samples=1_000_000, seed=1, assumptions=DEFAULTS)
    estimate_timeline(samples=_most(err), seed=1, assumptions=DEFAULTS)
    # lhs and sobol round a count up: the most named is one they run as asked
    for method in ("lhs", "sobol"):
        with pytest.raises(InputError) as err:
            estimate_timeline(samples=1_000_000, seed=1, assumptions=DEFAULTS, method=method)
        estimate_timeline(samples=_most(err), seed=1, assumptions=DEFAULTS, method=method)
    # a most beyond one block: the block's copy is counted once, for its 1,000 trials
    monkeypatch.setattr(engine_module, "memory_budget", lambda: 4e6)
    with pytest.raises(InputError) as err:
        estimate_timeline(samples=1_000_000, seed=1, assumptions=DEFAULTS, block_size=1_000)
    most = _most(err)
    assert most == (4e6 - 1_920 * 1_000) // 1_920  # 8 outputs, 30 months, 8 bytes each
    estimate_timeline(samples=most, seed=1, assumptions=DEFAULTS, block_size=1_000)
    with pytest.raises(InputError):
        estimate_timeline(samples=most + 1, seed=1, assumptions=DEFAULTS, block_size=1_000)


# ------------------------------------------------------------- one value a design, or two


def test_designs_of_one_value_each_get_plain_monte_carlo_errors() -> None:
    """8 values in 8 designs: a one-point Latin hypercube or Sobol' design is one uniform
    draw, so the errors are plain Monte Carlo's (the spread of 8 one-value 'designs' would
    give the mean ddof-1 error and a percentile the mean's error)."""
    x = np.random.default_rng(3).lognormal(0.0, 1.0, 8)
    assert summarize(x, replicates=8) == summarize(x)


def test_designs_of_two_values_each_get_errors_from_their_spread() -> None:
    """16 values in 8 designs: the mean's error is the spread of the designs' means."""
    x = np.random.default_rng(3).lognormal(0.0, 1.0, 16)
    s = summarize(x, replicates=8)
    means = x.reshape(8, 2).mean(axis=1)
    assert s.se_mean == pytest.approx(means.std(ddof=1) / np.sqrt(8), rel=1e-12)
    assert s.se_mean != summarize(x).se_mean


# ------------------------------------------------------------------------- nesting limits


@pytest.mark.parametrize("depth", [32, 33])
@pytest.mark.parametrize("kind", ["tables", "arrays"])
def test_toml_may_nest_32_deep_and_no_deeper(kind: str, depth: int, tmp_path: Path) -> None:
    """README: 'Tables and arrays may nest at most 32 deep' (the top table counts one),
    arrays as tables do. (Such a file has other problems; not this one.)"""
    assert MAX_DEPTH == 32
    text = ("[" + ".".join(["a"] * (depth - 1)) + "]\nx = 1\n" if kind == "tables"
            else "x = " + "[" * (depth - 1) + "1" + "]" * (depth - 1) + "\n")
    path = tmp_path / "deep.toml"
    path.write_text(text, encoding="utf-8")
    nested = [p.got for p in check_file(path) if "nested" in p.expected]
    assert nested == ([] if depth <= 32 else [f"{depth} deep"])


def _nest(obj: object, levels: int) -> object:
    for i in range(levels):
        obj = {f"k{i}": obj} if i % 2 else [obj]
    return obj


def test_summaries_are_found_as_deep_as_a_result_holds_them() -> None:
    """Every summary of a result is found for ``--precision`` and the digits check,
    however deep (a depth limit of 7 once hid deeper ones; reconcile's are 6 deep)."""
    s = Summary(1.0, 1.0, 1.0, 1.0, 0.1, 0.1, 0.1, 0.1, "1", 10)
    for levels in (0, 1, 6, 7, 8, 40):
        assert [x for _, x in labelled_summaries(_nest(s, levels))] == [s], levels
    loop: list[object] = [s]
    loop.append(loop)  # a result that holds itself ends, not a RecursionError
    assert [x for _, x in labelled_summaries(loop)] == [s]
    twice = [s, s]  # one object in two places is two figures, not one
    assert [x for _, x in labelled_summaries([twice, twice])] == [s] * 4
