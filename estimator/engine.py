"""Seeded uniforms, in blocks, through each input's inverse CDF, into a model.

All randomness in the package comes from here. A run has one explicit seed. Each
input (a key) has its own stream of uniforms, derived from the seed and the key's name,
so that:

- the same key gets the same uniforms wherever it is used, in any model or claim
  (common random numbers): two results compared side by side differ only where their
  models really differ;
- adding or removing an input leaves every other input's draws unchanged;
- a block of trials [start, start + n) is found by jumping the stream to ``start``, so
  the numbers do not depend on the block size or the order in which blocks are run.

Within a block, each input is drawn at most once and shared by everything that reads
it (:class:`Draws`). Models see whole arrays of pint quantities, never single values.

>>> from estimator.distributions import Uniform
>>> from estimator.units import ureg
>>> x = Input("x", Uniform(0.0, 1.0), ureg.kg)
>>> out = Engine([x], seed=1, samples=1000).run(lambda d: {"y": 2 * d["x"]})
>>> out["y"].units, out["y"].shape
(<Unit('kilogram')>, (1000,))
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Protocol

import numpy as np
import pint

from estimator._special import prepare_beta_quantiles
from estimator.distributions import Distribution
from estimator.errors import InputError
from estimator.units import Q_

__all__ = ["DEFAULT_BLOCK", "METHODS", "Draws", "Engine", "Input", "Sampled"]

DEFAULT_BLOCK = 1 << 18
METHODS = ("mc",)
_HALF_ULP = 2.0**-54  # shifts numpy's [0, 1) grid of doubles to the open interval (0, 1)


class Sampled(Protocol):
    """Anything the engine can draw: a key, a distribution and a unit (an Assumption is one)."""

    @property
    def key(self) -> str: ...
    @property
    def distribution(self) -> Distribution: ...
    @property
    def unit(self) -> pint.Unit: ...


@dataclass(frozen=True)
class Input:
    """An input that is not from an assumption file (a count typed on the command line)."""

    key: str
    distribution: Distribution
    unit: pint.Unit


def _key_number(key: str, dim: int) -> int:
    digest = hashlib.blake2b(f"{key}#{dim}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "little")


class _Stream:
    """One uniform stream (a key and one of its dimensions) that can jump to any trial."""

    def __init__(self, seed: int, key: str, dim: int) -> None:
        seq = np.random.SeedSequence(seed, spawn_key=(_key_number(key, dim),))
        self._bits = np.random.PCG64(seq)
        self._gen = np.random.Generator(self._bits)
        self._pos = 0

    def take(self, start: int, n: int) -> np.ndarray:
        if start != self._pos:
            # PCG64 jumps in O(log n), backwards too (modulo its period); each double
            # takes exactly one 64-bit draw, so trial i is always draw i.
            self._bits.advance((start - self._pos) % (1 << 128))
        out = self._gen.random(n)
        out += _HALF_ULP
        self._pos = start + n
        return out


class Draws(Mapping[str, pint.Quantity]):
    """The inputs of one block, drawn on first use and then shared."""

    def __init__(self, engine: Engine, start: int, n: int) -> None:
        self._engine, self._start, self._n = engine, start, n
        self._cache: dict[str, pint.Quantity] = {}

    def __getitem__(self, key: str) -> pint.Quantity:
        value = self._cache.get(key)
        if value is None:
            value = self._engine.draw(key, self._start, self._n)
            self._cache[key] = value
        return value

    def __iter__(self):  # type: ignore[no-untyped-def]
        return iter(self._engine.inputs)

    def __len__(self) -> int:
        return len(self._engine.inputs)

    @property
    def size(self) -> int:
        return self._n

    @property
    def inputs(self) -> Mapping[str, Sampled]:
        """Every input the engine can draw, by key (the specs, not the values)."""
        return self._engine.inputs

    @property
    def used(self) -> tuple[str, ...]:
        """The keys drawn so far in this block, in the order first read."""
        return tuple(self._cache)


Model = Callable[[Draws], Mapping[str, pint.Quantity]]


class Engine:
    """Runs a model over ``samples`` trials of its inputs, ``block_size`` trials at a time.

    Parameters
    ----------
    inputs:
        The inputs a model may read, by key (assumptions, or :class:`Input` objects).
    seed:
        The one seed of the run (keyword-only; recorded in every output).
    samples:
        Number of trials, at least 1.
    block_size:
        Trials per block: bounds memory; the results do not depend on it.
    method:
        How uniforms are made; ``"mc"`` (plain Monte Carlo).
    """

    def __init__(self, inputs: Iterable[Sampled], *, seed: int, samples: int,
                 block_size: int = DEFAULT_BLOCK, method: str = "mc") -> None:
        if isinstance(samples, bool) or not isinstance(samples, int) or samples < 1:
            raise InputError("samples", "a whole number of 1 or more", samples)
        if isinstance(block_size, bool) or not isinstance(block_size, int) or block_size < 1:
            raise InputError("block_size", "a whole number of 1 or more", block_size)
        if isinstance(seed, bool) or not isinstance(seed, int) or not 0 <= seed < 2**63:
            raise InputError("seed", "a whole number from 0 to 2**63 - 1", seed)
        if method not in METHODS:
            raise InputError("method", "one of " + ", ".join(METHODS), method)
        self.inputs: dict[str, Sampled] = {i.key: i for i in inputs}
        self.seed, self.samples, self.block_size, self.method = seed, samples, block_size, method
        self._streams: dict[tuple[str, int], _Stream] = {}
        self.used: tuple[str, ...] = ()

    def uniforms(self, key: str, start: int, n: int, width: int = 1) -> np.ndarray:
        """Uniforms in (0, 1) for trials [start, start + n): shape (n,) or (n, width)."""
        cols = []
        for dim in range(width):
            stream = self._streams.get((key, dim))
            if stream is None:
                stream = self._streams[(key, dim)] = _Stream(self.seed, key, dim)
            cols.append(stream.take(start, n))
        return cols[0] if width == 1 else np.column_stack(cols)

    def draw(self, key: str, start: int, n: int) -> pint.Quantity:
        """The values of input ``key`` for trials [start, start + n), as a quantity."""
        try:
            item = self.inputs[key]
        except KeyError:
            raise InputError("model input", "a key of the assumptions in use", key) from None
        dist = item.distribution
        u = self.uniforms(key, start, n, dist.width)
        return Q_(dist.ppf(u), item.unit)

    def blocks(self) -> Iterable[tuple[int, int]]:
        for start in range(0, self.samples, self.block_size):
            yield start, min(self.block_size, self.samples - start)

    def run(self, model: Model) -> dict[str, pint.Quantity | np.ndarray]:
        """Every output of ``model`` over all trials: one array (axis 0 = trials) per name.

        Quantities come back as quantities (in the unit of the first block), plain arrays
        (flags, indices) as arrays.
        """
        prepare_beta_quantiles(s for i in self.inputs.values() for s in i.distribution.beta_shapes())
        out: dict[str, np.ndarray] = {}
        units: dict[str, pint.Unit | None] = {}
        used: dict[str, None] = {}
        for start, n in self.blocks():
            draws = Draws(self, start, n)
            result = model(draws)
            used.update(dict.fromkeys(draws.used))
            for name, value in result.items():
                if isinstance(value, pint.Quantity):
                    unit = units.setdefault(name, value.units)
                    mag = np.asarray(value.m_as(unit) if unit is not None else value.magnitude)
                else:
                    units.setdefault(name, None)
                    mag = np.asarray(value)
                if name not in out:
                    out[name] = np.empty((self.samples, *mag.shape[1:]), dtype=mag.dtype)
                out[name][start:start + n] = mag
        self.used = tuple(used)
        return {name: arr if units[name] is None else Q_(arr, units[name])
                for name, arr in out.items()}
