"""The package's scrambled Sobol' points against scipy's, bit for bit."""

from __future__ import annotations

import subprocess
import sys
import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.stats import qmc

from estimator import _sobol
from estimator._sobol import BITS, Sobol, direction_numbers


def scipy_points(dims: int, seed: int, start: int, n: int) -> np.ndarray:
    gen = qmc.Sobol(dims, scramble=True, seed=np.random.default_rng(seed))  # scipy >= 1.11
    if start:
        gen.fast_forward(start)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        return gen.random(n)


@settings(max_examples=40, deadline=None)
@given(dims=st.integers(1, 130), seed=st.integers(0, 2**63 - 1),
       start=st.integers(0, 3000), n=st.integers(1, 700))
def test_points_are_scipys_bit_for_bit(dims: int, seed: int, start: int, n: int) -> None:
    ours = Sobol(dims, np.random.default_rng(seed)).points(start, n)
    assert ours.dtype == np.float64
    assert np.array_equal(ours, scipy_points(dims, seed, start, n))


@pytest.mark.parametrize(("start", "n"), [(0, 1), (1, 1), (0, 2**14), (2**20 - 5, 9),
                                          (2**29 + 12_345, 64)])
def test_far_and_long_runs_are_scipys(start: int, n: int) -> None:
    ours = Sobol(51, np.random.default_rng(20240226)).points(start, n)
    assert np.array_equal(ours, scipy_points(51, 20240226, start, n))


def test_unscrambled_numbers_are_the_first_dimensions_of_scipys() -> None:
    """Dimension 1 is van der Corput's sequence: direction number j is 2**(BITS-1-j)."""
    v = direction_numbers(300)
    assert v.shape == (300, BITS) and v.dtype == np.uint32
    assert np.array_equal(v[0], 2 ** np.arange(BITS - 1, -1, -1))
    # an unscrambled point k is the XOR of the numbers of k's Gray code: scipy's points
    gen = qmc.Sobol(300, scramble=False)
    ref = gen.random(8) * 2**BITS
    for k in range(8):
        gray, x = k ^ (k >> 1), np.zeros(300, dtype=np.uint32)
        for b in range(3):
            if (gray >> b) & 1:
                x ^= v[:, b]
        assert np.array_equal(x, ref[k])


@settings(max_examples=20, deadline=None)
@given(seed=st.integers(0, 2**32), start=st.integers(0, 5000), cut=st.integers(1, 500),
       n=st.integers(2, 1000))
def test_any_run_is_the_same_points_however_cut(seed: int, start: int, cut: int,
                                                n: int) -> None:
    s = Sobol(7, np.random.default_rng(seed))
    cut = min(cut, n - 1)
    whole = s.points(start, n)
    assert np.array_equal(np.vstack([s.points(start, cut), s.points(start + cut, n - cut)]),
                          whole)
    assert s.points(start, 0).shape == (0, 7)


def test_points_are_balanced() -> None:
    """2**m scrambled points put exactly one point in each of 2**m equal slices of each
    dimension (the net property the scramble keeps)."""
    pts = Sobol(40, np.random.default_rng(3)).points(0, 1024)
    assert pts.min() >= 0.0 and pts.max() < 1.0
    for d in range(40):
        assert np.array_equal(np.sort(np.floor(pts[:, d] * 1024)), np.arange(1024))


def test_without_the_table_scipys_generator_gives_the_same(monkeypatch:
                                                           pytest.MonkeyPatch) -> None:
    want = Sobol(12, np.random.default_rng(5)).points(100, 300)
    direction_numbers.cache_clear()
    monkeypatch.setattr(_sobol, "_numbers_file", lambda: None)
    try:
        with pytest.raises(LookupError, match="not found"):
            direction_numbers(12)
        fallback = Sobol(12, np.random.default_rng(5))
        assert fallback._reference is not None
        assert np.array_equal(fallback.points(100, 300), want)
        assert np.array_equal(fallback.points(0, 4), scipy_points(12, 5, 0, 4))
    finally:
        direction_numbers.cache_clear()


def test_too_many_dimensions_is_a_lookup_error() -> None:
    with pytest.raises(LookupError, match="21201 dimensions, not 21202"):
        direction_numbers(21202)


def test_a_sobol_run_does_not_import_scipy_stats() -> None:
    code = ("import sys; from estimator.cli import app; "
            "sys.argv = ['estimate', 'containers', '--count', '6700', '--calibre', "
            "'152mm_he', '--method', 'sobol', '--samples', '1024', '-f', 'json'];\n"
            "try:\n    app()\nexcept SystemExit as e:\n    assert not e.code, e.code\n"
            "print('scipy.stats' in sys.modules, file=sys.stderr)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True)
    assert '"method": "sobol"' in done.stdout
    assert done.stderr.strip().splitlines()[-1] == "False"
