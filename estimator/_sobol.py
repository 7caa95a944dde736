"""Scrambled Sobol' points without importing ``scipy.stats``.

``scipy.stats.qmc`` is the reference generator, but importing it imports all of
``scipy.stats``: 1.5-2 s on a two-core machine, five times the rest of a default run.
:class:`Sobol` makes the same points, bit for bit, from the same direction numbers
(Joe and Kuo's ``new-joe-kuo-6.21201``, read from the file scipy ships with
``scipy.stats``, which needs no import of that package) with the same scrambling
(a random lower-triangular linear matrix scramble and a random digital shift, drawn in
the same order from a generator spawned the same way), so that ``method="sobol"`` gives
the numbers it always gave. The tests compare the two.

Point ``k`` of the unscrambled sequence in Gray-code order is the XOR of the direction
numbers whose bit is set in ``k ^ (k >> 1)``; successive points differ by one direction
number, the one at the lowest set bit of ``k``, so a run of points is one gather and one
cumulative XOR, and any run ``[start, start + n)`` is made without the points before it.

>>> import numpy as np
>>> s = Sobol(2, np.random.default_rng(1))
>>> s.points(0, 4).shape
(4, 2)
>>> bool(np.all(s.points(2, 2) == s.points(0, 4)[2:]))
True
"""

from __future__ import annotations

import functools
import importlib.util
from pathlib import Path
from typing import Any

import numpy as np

__all__ = ["BITS", "Sobol", "direction_numbers"]

BITS = 30  # scipy's default: points on a 2**-30 grid, at most 2**30 of them
_SCALE = 1.0 / 2**BITS


def _numbers_file() -> Path | None:
    spec = importlib.util.find_spec("scipy")
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(next(iter(spec.submodule_search_locations))) / "stats" / \
        "_sobol_direction_numbers.npz"
    return path if path.is_file() else None


@functools.lru_cache(maxsize=4)
def direction_numbers(dims: int) -> np.ndarray:
    """The unscrambled direction numbers, shape ``(dims, BITS)``, ``uint32``: column
    ``b`` is what bit ``b`` of a Gray-coded index XORs in (scaled to ``BITS`` bits).

    Raises ``LookupError`` when the direction numbers cannot be found, or there are
    fewer than ``dims`` of them."""
    path = _numbers_file()
    if path is None:
        raise LookupError("scipy's Sobol' direction numbers were not found")
    with np.load(path) as table:
        poly, vinit = table["poly"], table["vinit"]
    if dims > len(poly):
        raise LookupError(f"Sobol' direction numbers go to {len(poly)} dimensions, "
                          f"not {dims}")
    v = np.zeros((dims, BITS), dtype=np.uint64)
    v[0] = 1
    for d in range(1, dims):
        p = int(poly[d])
        m = p.bit_length() - 1  # the degree of the primitive polynomial
        v[d, :m] = vinit[d, :m]
        for j in range(m, BITS):  # Bratley and Fox's recurrence
            new = int(v[d, j - m])
            for k in range(m):
                if (p >> (m - 1 - k)) & 1:
                    new ^= int(v[d, j - k - 1]) << (k + 1)
            v[d, j] = new
    v <<= np.arange(BITS - 1, -1, -1, dtype=np.uint64)  # column j weighs 2**(BITS-1-j)
    return v.astype(np.uint32)


class Sobol:
    """One scramble of the Sobol' sequence in ``dims`` dimensions, as
    ``scipy.stats.qmc.Sobol(dims, scramble=True, rng=rng)`` makes it."""

    def __init__(self, dims: int, rng: np.random.Generator) -> None:
        self.dims = dims
        self._reference: Any = None  # scipy.stats.qmc.Sobol, when the table is missing
        try:
            numbers = direction_numbers(dims)
        except LookupError:  # scipy without its table where expected: scipy's generator
            from scipy.stats import qmc

            self._reference = qmc.Sobol(dims, scramble=True, seed=rng)  # scipy < 1.15: no rng=
            return
        # scipy spawns a child of the generator it is given, and draws from the child
        seq = rng.bit_generator.seed_seq
        own = np.random.Generator(type(rng.bit_generator)(seq.spawn(1)[0]))  # type: ignore[union-attr]
        bits = own.integers(2, size=(dims, BITS), dtype=np.uint32)
        self.shift = bits @ (np.uint32(1) << np.arange(BITS, dtype=np.uint32))
        lower = np.tril(own.integers(2, size=(dims, BITS, BITS), dtype=np.uint32))
        lower[:, np.arange(BITS), np.arange(BITS)] = 1
        self.numbers = _scramble(numbers, lower)

    def points(self, start: int, n: int) -> np.ndarray:
        """Points ``[start, start + n)`` of the sequence, shape ``(n, dims)``, in [0, 1)."""
        if n <= 0:
            return np.empty((0, self.dims))
        if self._reference is not None:
            import warnings

            self._reference.reset()
            if start:
                self._reference.fast_forward(start)
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", UserWarning)  # balance needs a power of 2
                return self._reference.random(n)
        gray = start ^ (start >> 1)
        xor = np.empty((n, self.dims), dtype=np.uint32)
        xor[0] = self.shift
        for b in range(BITS):
            if (gray >> b) & 1:
                xor[0] ^= self.numbers[:, b]
        if n > 1:
            k = np.arange(start + 1, start + n, dtype=np.int64)
            lowest = np.log2((k & -k).astype(np.float64)).astype(np.intp)  # exact: 2**j
            xor[1:] = self.numbers[:, lowest].T
        np.bitwise_xor.accumulate(xor, axis=0, out=xor)
        return xor * _SCALE


def _scramble(numbers: np.ndarray, lower: np.ndarray) -> np.ndarray:
    """Left linear matrix scramble: each direction number, as a column of bits (most
    significant first), multiplied over GF(2) by its dimension's lower-triangular
    matrix."""
    weights = np.uint64(1) << np.arange(BITS - 1, -1, -1, dtype=np.uint64)
    # bits[d, j, i]: bit i of direction number (d, j), counted from the most significant
    bits = (numbers[:, :, None].astype(np.uint64) // weights) & np.uint64(1)
    product = np.einsum("dpi,dji->djp", lower.astype(np.int64), bits.astype(np.int64)) & 1
    return (product.astype(np.uint64) @ weights).astype(np.uint32)
