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

Three ways to make the uniforms (``method``), all seeded, all through the same inverse
CDFs, all independent of the block size:

- ``"mc"``: plain Monte Carlo, one PCG64 stream per input key and dimension.
- ``"lhs"``: Latin hypercube. The trials are split into :data:`REPLICATES` independent
  designs of ``m`` trials; in each, every input dimension has exactly one trial in each
  of the ``m`` strata ``[k/m, (k+1)/m)``. The stratum of trial ``j`` is a keyed
  pseudo-random permutation of ``range(m)`` evaluated at ``j`` (a Feistel network,
  cycle-walked), so any block can be made without the rest; the position inside the
  stratum is the key's Monte Carlo stream.
- ``"sobol"``: scrambled Sobol' points (bit for bit those of ``scipy.stats.qmc.Sobol``,
  made by :mod:`estimator._sobol` without importing ``scipy.stats``),
  :data:`REPLICATES` independent scrambles of ``m`` points each, ``m`` a power of two.
  A first call of the model on one trial finds the inputs it reads, in order; they get
  the first Sobol' dimensions, which are the best distributed. So with ``sobol`` the
  first two promises above hold within one model only: an input's points depend on
  which inputs the model reads before it (one calibre's run and the whole run's row for
  it differ within their standard errors); ``mc`` and ``lhs`` keep both.

With ``lhs`` and ``sobol`` the samples are rounded up to ``REPLICATES * m`` and the
standard errors come from the spread between the replicates (:meth:`Results.summarize`).

>>> from estimator.distributions import Uniform
>>> from estimator.units import ureg
>>> x = Input("x", Uniform(0.0, 1.0), ureg.kg)
>>> out = Engine([x], seed=1, samples=1000).run(lambda d: {"y": 2 * d["x"]})
>>> out["y"].units, out["y"].shape
(<Unit('kilogram')>, (1000,))
"""

from __future__ import annotations

import contextlib
import copy
import hashlib
import itertools
import math
import os
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar, Protocol

import numpy as np
import pint

from estimator._args import first_repeat, int_hint, whole
from estimator._frozen import FrozenDict
from estimator._sobol import Sobol
from estimator._special import prepare_beta_quantiles
from estimator.correlations import Correlation, check_groups, rank_correlation
from estimator.distributions import Distribution
from estimator.errors import InputError, Words, did_you_mean, one_of
from estimator.summary import Summary, summary_of
from estimator.units import Q_, parse_unit

__all__ = ["DEFAULT_BLOCK", "MAX_SAMPLES", "METHODS", "MIN_PIECE", "REPLICATES", "Draws", "Engine",
           "Input", "Inputs", "Model", "Results", "Sampled", "check_budget", "default_workers"]

DEFAULT_BLOCK = 1 << 18
# Trials a worker thread takes at the least: below this a second thread costs more
# than it saves.
MIN_PIECE = 1 << 16
MAX_SAMPLES = 50_000_000  # after rounding for lhs and sobol
# Values a summary must have for summaries to share the worker threads (below, the
# threads' start costs more than the partitions save).
PARALLEL_SUMMARY = 10_000
NO_SPREAD = "one trial has no spread"  # why a summary needs two trials


def too_few_samples(place: str, got: object, least: int = 2, why: str = NO_SPREAD,
                    ) -> InputError:
    """The one error for a sample count below what a summary needs (or no whole number)."""
    return InputError(place, f"a whole number of {least} or more ({why})", got,
                      hint=int_hint(got))

METHODS = ("mc", "lhs", "sobol")
REPLICATES = 8  # independent randomisations of an lhs or sobol design, for standard errors
_HALF_ULP = 2.0**-54  # shifts numpy's [0, 1) grid of doubles to the open interval (0, 1)
_BELOW_ONE = 1.0 - 2.0**-53  # the largest double below 1 (1 - 2**-53 + 2**-54 rounds to 1)


class Sampled(Protocol):
    """Anything the engine can draw: a key, a distribution and a unit (an Assumption is one)."""

    @property
    def key(self) -> str: ...
    @property
    def distribution(self) -> Distribution: ...
    @property
    def unit(self) -> pint.Unit: ...


@dataclass(frozen=True, init=False)
class Input:
    """An input that is not from an assumption file (a count typed on the command line);
    ``of`` names the assumption it is drawn afresh from, if any (a count's own at-least
    excess), so that the run lists that assumption as used.

    >>> from estimator.distributions import Pert
    >>> Input("calls", Pert(20, 32, 40), "port_call").unit
    <Unit('port_call')>
    """

    key: str
    distribution: Distribution
    unit: pint.Unit
    of: str = ""

    def __init__(self, key: str, distribution: Distribution, unit: pint.Unit | str,
                 of: str = "") -> None:
        """A unit may be written as text (``"kg"``); either way it is checked here, with
        the distribution, rather than at the first run."""
        place = f"Input {key!r}"
        if not isinstance(key, str) or not key:
            raise InputError("Input.key", "a non-empty string", key)
        if not isinstance(distribution, Distribution):
            raise InputError(f"{place}: distribution", "a distribution (such as "
                             "Uniform(0.0, 1.0))", type(distribution).__name__)
        if not isinstance(unit, pint.Unit):
            unit = parse_unit(unit, f"{place}: unit")
        for name, value in (("key", key), ("distribution", distribution), ("unit", unit),
                            ("of", of)):
            object.__setattr__(self, name, value)


def sampled_inputs(inputs: Iterable[Sampled] | Mapping[str, Sampled]) -> list[Sampled]:
    """The inputs as a list (a mapping's values, such as an assumption set's), each
    checked to be something the engine can draw."""
    try:
        items = list(inputs.values() if isinstance(inputs, Mapping) else inputs)
    except TypeError:  # one input, not a list of them
        raise InputError("inputs", "a list of assumptions or Input objects",
                         f"one {type(inputs).__name__}") from None
    for item in items:
        if not all(hasattr(item, a) for a in ("key", "distribution", "unit")):
            raise InputError("inputs", "assumptions or Input objects (each with a key, a "
                             "distribution and a unit)", type(item).__name__)
    twice = first_repeat(item.key for item in items)
    if twice is not None:
        raise InputError("inputs", "each key once", f"{twice!r} twice")
    return items


class Inputs(list[Sampled]):
    """A model's inputs that carry the rank-correlation groups among them, so that an
    :class:`Engine` built on them draws the inputs as the assumption set they came from
    has it."""

    def __init__(self, items: Iterable[Sampled], correlations: Iterable[Correlation] = ()) -> None:
        super().__init__(items)
        self.correlations = tuple(correlations)


def carried_correlations(inputs: object) -> tuple[Correlation, ...]:
    """The correlation groups ``inputs`` carry: an assumption set's (a mapping of them) or
    an :class:`Inputs` list's; none for anything else."""
    groups = getattr(inputs, "correlations", ())
    return tuple(groups.values() if isinstance(groups, Mapping) else groups)


def _groups(given: Iterable[Correlation] | Mapping[str, Correlation] | None, inputs: object,
            drawn: Mapping[str, Sampled]) -> tuple[Correlation, ...]:
    """The correlation groups a run draws. Carried groups (given None) are kept where all
    their keys are inputs here, as a model reads only some of a set's inputs. Groups given
    are the user's own: each is a :class:`Correlation` with every key an input, a
    one-dimensional one that varies, and no key in two groups."""
    if given is None:
        return tuple(g for g in carried_correlations(inputs)
                     if all(k in drawn for k in g.keys))
    groups = list(given.values() if isinstance(given, Mapping) else given)
    for g in groups:
        if not isinstance(g, Correlation):
            raise InputError("correlations", "Correlation objects (an assumption set's "
                             "correlations, or Correlation.from_mapping)", type(g).__name__)
    named = {k for g in groups for k in g.keys if k in drawn}
    widths = {k: drawn[k].distribution.width for k in named}  # a key not drawn: unknown
    constant = frozenset(k for k in named if widths[k] == 1 and
                         len(set(drawn[k].distribution.support())) == 1)
    problems = check_groups(groups, widths, constant, known="keys of the inputs")
    if problems:
        first = problems[0]
        raise InputError("correlations", f"{first.expected} ({first.place})", first.got)
    return tuple(groups)


def stream_number(key: str, dim: int) -> int:
    """The spawn-key number of the random stream named ``key`` for a design of ``dim``
    dimensions: the same name, the same stream, whatever else a run draws."""
    digest = hashlib.blake2b(f"{key}#{dim}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "little")


_M1, _M2 = np.uint64(0xBF58476D1CE4E5B9), np.uint64(0x94D049BB133111EB)


def _mix(x: np.ndarray) -> np.ndarray:
    """A 64-bit avalanche mix (splitmix64's finaliser), element-wise; wraps modulo 2**64."""
    x = x ^ (x >> np.uint64(30))
    x = x * _M1
    x ^= x >> np.uint64(27)
    x *= _M2
    x ^= x >> np.uint64(31)
    return x


def permute(j: np.ndarray, m: int, keys: tuple[int, ...]) -> np.ndarray:
    """A keyed bijection of ``range(m)`` evaluated at ``j``: a Feistel network on the
    smallest even power of two >= ``m``, cycle-walked back into range.

    >>> sorted(permute(np.arange(10), 10, (1, 2, 3, 4)).tolist()) == list(range(10))
    True
    """
    half = max(1, ((m - 1).bit_length() + 1) // 2)
    mask, shift = np.uint64((1 << half) - 1), np.uint64(half)
    round_keys = [np.uint64(k & 0xFFFFFFFFFFFFFFFF) for k in keys]

    def feistel(x: np.ndarray) -> np.ndarray:
        left, right = x >> shift, x & mask
        for k in round_keys:
            left, right = right, left ^ (_mix(right ^ k) & mask)
        return (left << shift) | right

    y = feistel(np.asarray(j, dtype=np.uint64))
    out = y >= np.uint64(m)
    while out.any():
        y[out] = feistel(y[out])
        out = y >= np.uint64(m)
    return y.astype(np.int64)


def memory_budget() -> float:
    """Bytes a run's outputs may take: half the memory this process may use, the
    machine's physical memory, a container's (cgroup) limit or what its address-space
    limit (``ulimit -v``) leaves beyond what it has mapped already, whichever is least
    (16 GiB where none is known)."""
    sizes = []
    with contextlib.suppress(ValueError, OSError, AttributeError):
        sizes.append(float(os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")))
    for limit in ("/sys/fs/cgroup/memory.max", "/sys/fs/cgroup/memory/memory.limit_in_bytes"):
        with contextlib.suppress(OSError, ValueError, IndexError):  # "max": no limit
            sizes.append(float(Path(limit).read_text().split()[0]))
    with contextlib.suppress(ImportError, OSError, ValueError):
        import resource  # not on Windows

        soft = resource.getrlimit(resource.RLIMIT_AS)[0]
        if soft != resource.RLIM_INFINITY:
            sizes.append(max(float(soft) - _mapped_bytes(), 0.0))
    return 0.5 * min(sizes, default=16.0 * 2**30)


def check_budget(per_sample: float, samples: int, what: str, *, per_block_sample: float = 0.0,
                 block: int = 0, method: str = "mc") -> None:
    """Refuse a run of ``samples`` trials that keeps ``per_sample`` bytes a trial, and
    ``per_block_sample`` more for each trial of one block of ``block`` (``what`` says of
    what), beyond :func:`memory_budget`: one error naming ``samples`` and the most that
    fit, as ``method`` runs it (lhs and sobol round a count up)."""
    budget = memory_budget()
    if per_sample * samples + per_block_sample * min(block, samples) > budget:
        both = per_sample + per_block_sample
        most = int(budget // both) if both else samples  # within one block
        if most > block and per_sample:  # beyond it, the block's share is fixed
            most = max(block, int((budget - per_block_sample * block) // per_sample))
        most = _per_replicate(most, method, up=False) * _replicates(method)
        raise InputError("samples", f"at most about {most:,} for this run (it keeps "
                         f"{per_sample:,.0f} bytes a sample, {what}, and half the memory it "
                         f"may use is {budget / 2**30:.1f} GiB)", samples)


def _replicates(method: str) -> int:
    """Independently randomised replicates a run of ``method`` makes."""
    return 1 if method == "mc" else REPLICATES


def _per_replicate(n: int, method: str, *, up: bool) -> int:
    """Trials a replicate for ``n`` trials of ``method``, rounded up (what a run asked for
    ``n`` draws) or down (the most that fit in ``n``): lhs splits them into REPLICATES
    replicates, sobol into REPLICATES of a power of 2 each, mc keeps them whole."""
    per = -(-n // _replicates(method)) if up else n // _replicates(method)
    if method == "sobol" and per > 0:
        per = 1 << ((per - 1).bit_length() if up else per.bit_length() - 1)
    return per


def _mapped_bytes() -> float:
    """This process's virtual size (``VmSize``), which ``ulimit -v`` limits; 0 unknown."""
    with contextlib.suppress(OSError, ValueError, IndexError):
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmSize:"):
                return float(line.split()[1]) * 1024.0
    return 0.0


def default_workers() -> int:
    """Worker threads for a run: ``ESTIMATOR_WORKERS`` where set, else the processors
    this process may use (its affinity, and a container's CPU quota), at most 4."""
    written = os.environ.get("ESTIMATOR_WORKERS", "").strip()
    if written:
        if not (written.isascii() and written.isdigit()) or int(written) < 1:
            raise InputError("ESTIMATOR_WORKERS", "a whole number of 1 or more", written)
        return int(written)
    try:
        available = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):  # not on Linux
        available = os.cpu_count() or 1
    with contextlib.suppress(OSError, ValueError, IndexError):  # "max": no quota
        quota, period = Path("/sys/fs/cgroup/cpu.max").read_text().split()[:2]
        available = min(available, math.ceil(int(quota) / int(period)))
    return max(1, min(4, available))


class _Stream:
    """One uniform stream (a key and one of its dimensions) that can jump to any trial."""

    def __init__(self, seed: int, key: str, dim: int) -> None:
        seq = np.random.SeedSequence(seed, spawn_key=(stream_number(key, dim),))
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
        np.minimum(out, _BELOW_ONE, out=out)
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

    def __contains__(self, key: object) -> bool:
        # the inputs the engine can draw, without drawing (nor recording) one
        return key in self._engine.inputs

    def get(self, key: str, default: Any = None) -> Any:
        """The input's values where the engine has it, else ``default`` (nothing drawn)."""
        return self[key] if key in self else default  # noqa: SIM401 (this is get)

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


def _callable(model: object) -> Model:
    if not callable(model):
        raise InputError("model", "a function of the draws returning its outputs by name "
                         "(d -> {name: values})", type(model).__name__)
    return model  # type: ignore[return-value]


def _outputs(result: object) -> Mapping[str, Any]:
    if not isinstance(result, Mapping):
        raise InputError("model", "a function returning its outputs by name (a dict "
                         "of arrays, one value per trial)", type(result).__name__)
    return result


class Results(dict[str, "pint.Quantity | np.ndarray"]):
    """A run's outputs by name (axis 0 = trials), and how to summarise them."""

    def __init__(self, items: Mapping[str, pint.Quantity | np.ndarray], replicates: int,
                 workers: int = 1, samples: int | None = None) -> None:
        super().__init__(items)
        self.replicates = replicates
        self.workers = workers
        self.samples = samples  # the run's trials, where known: what a summary takes

    def summarize_all(self, wanted: Sequence[tuple[pint.Quantity | np.ndarray, str | None]],
                      ) -> list[Summary]:
        """:meth:`summarize` of each ``(values, unit)``, in order: on the run's worker
        threads where there are many values (numpy's partition runs without holding the
        interpreter), so the same summaries come back a little sooner."""
        if self.workers < 2 or len(wanted) < 2 or np.shape(wanted[0][0])[0] < PARALLEL_SUMMARY:
            return [self.summarize(v, u) for v, u in wanted]
        from concurrent.futures import ThreadPoolExecutor

        with ThreadPoolExecutor(min(self.workers, len(wanted))) as pool:
            return list(pool.map(lambda vu: self.summarize(*vu), wanted))

    def summarize(self, values: pint.Quantity | np.ndarray, unit: str | None = None) -> Summary:
        """:func:`~estimator.summary.summarize` with this run's replicates: the standard
        errors of ``lhs`` and ``sobol`` come from the spread between them. A run of one
        trial has no spread to give a standard error from, so no summary either.
        ``values`` are one a trial of the run (an output, or one worked out from outputs)."""
        got = np.shape(values)[:1]
        if self.samples is not None and got != (self.samples,):
            raise InputError("values", f"{self.samples:,} values, one a trial of this run",
                             Words(f"{got[0]:,} values" if got else "one value"))
        if got == (1,):
            raise too_few_samples("samples", 1)
        return summary_of(values, unit, replicates=self.replicates)


class Engine:
    """Runs a model over ``samples`` trials of its inputs, ``block_size`` trials at a time.

    Parameters
    ----------
    inputs:
        The inputs a model may read, by key (assumptions, or :class:`Input` objects; an
        :class:`~estimator.assumptions.AssumptionSet` gives its assumptions, and
        :class:`Inputs`, as :func:`~estimator.estimates.containers_model` returns them).
    correlations:
        Rank-correlation groups over the inputs. By default those the inputs carry: an
        assumption set's, or an :class:`Inputs` list's; a plain list of inputs has none.
        ``()`` runs every input independent. Groups given (a list, or a mapping such as
        an assumption set's ``correlations``) must each name inputs here, one-dimensional
        and varying, each key in one group only; anything else is an ``InputError``.
    seed:
        The one seed of the run (keyword-only; recorded in every output).
    samples:
        Number of trials, at least 1 (a summary of a run needs 2).
    block_size:
        Trials per block: bounds memory; the results do not depend on it.
    method:
        How uniforms are made: ``"mc"`` (plain Monte Carlo), ``"lhs"`` (Latin hypercube)
        or ``"sobol"`` (scrambled Sobol'); see the module text.
    workers:
        Threads that share the run (default: the processors this process may use, at
        most 4). A block is cut into pieces of at least :data:`MIN_PIECE` trials, one a
        worker, each with streams of its own; smaller runs take one thread. The results
        do not depend on it.
    keep_factor, reserve_per_sample:
        What the caller keeps beyond the outputs, for the memory check made before the
        run: the outputs this many times over, and so many bytes a sample more.
    """

    def __init__(self, inputs: Iterable[Sampled] | Mapping[str, Sampled], *, seed: int,
                 samples: int,
                 block_size: int = DEFAULT_BLOCK, method: str = "mc",
                 correlations: Iterable[Correlation] | None = None,
                 workers: int | None = None,
                 keep_factor: float = 1.0, reserve_per_sample: float = 0.0) -> None:
        if not whole(samples) or samples < 1:
            raise InputError("samples", f"a whole number of 1 or more (2 or more for a summary: "
                             f"{NO_SPREAD})", samples, hint=int_hint(samples))
        if not whole(block_size) or block_size < 1:
            raise InputError("block_size", "a whole number of 1 or more", block_size,
                             hint=int_hint(block_size))
        if not whole(seed) or not 0 <= seed < 2**63:
            raise InputError("seed", "a whole number from 0 to 2**63 - 1", seed,
                             hint=int_hint(seed))
        if workers is None:
            workers = default_workers()
        if not whole(workers) or workers < 1:
            raise InputError("workers", "a whole number of 1 or more", workers,
                             hint=int_hint(workers))
        samples, block_size, seed = int(samples), int(block_size), int(seed)
        self._workers = int(workers)
        method = one_of(method, METHODS, "method")  # in any case, as the command line's -m
        self._inputs: Mapping[str, Sampled] = FrozenDict({i.key: i for i in sampled_inputs(inputs)})
        self._seed, self._block_size, self._method = seed, block_size, method
        self._replicates = _replicates(method)
        per = _per_replicate(samples, method, up=True)
        self._per_replicate = per
        self._samples = per * self.replicates
        if self.samples > MAX_SAMPLES:
            raise InputError("samples", f"at most {MAX_SAMPLES:,} once rounded for {method} "
                             f"(this asks {self.samples:,})", samples)
        self._streams: dict[tuple[str, int], _Stream] = {}
        self._columns: dict[str, int] | None = None  # sobol: first dimension of each key
        self._sobol_block: tuple[int, int, np.ndarray] | None = None
        self.used: tuple[str, ...] = ()
        # the correlated groups whose keys are all inputs here; each key's group and column
        self._correlations = _groups(correlations, inputs, self.inputs)
        self._group_of = {k: (g, i) for g in self.correlations for i, k in enumerate(g.keys)}
        for key, item in self.inputs.items():  # as an assumption set checks its own
            ref = getattr(item, "same_percentile_as", "")
            for k in (key, ref) if ref else ():
                if k in self._group_of:
                    raise InputError("correlations", "groups without an input drawn at "
                                     "another's percentile, nor that other (it would give "
                                     f"the pair two ranks; {key} is drawn at {ref}'s)",
                                     f"{k}, in {self._group_of[k][0].name}")
        self._group_block: dict[str, tuple[int, int, np.ndarray]] = {}
        self.achieved: dict[str, np.ndarray] = {}
        self.keep_factor, self.reserve_per_sample = float(keep_factor), float(reserve_per_sample)

    # what fixes the run's numbers (and its record): set once, read-only after (an
    # engine whose seed was changed after it was made drew the old seed's streams)
    inputs = property(lambda self: self._inputs, doc="The inputs by key (read-only).")
    correlations = property(lambda self: self._correlations,
                            doc="The rank-correlation groups the run applies.")
    seed = property(lambda self: self._seed, doc="The run's seed.")
    samples = property(lambda self: self._samples,
                       doc="Trials run (the samples asked, rounded up for lhs and sobol).")
    method = property(lambda self: self._method, doc="How uniforms are made.")
    block_size = property(lambda self: self._block_size, doc="Trials per block.")
    workers = property(lambda self: self._workers, doc="Threads that share the run.")
    replicates = property(lambda self: self._replicates,
                          doc="Independent replicates (1 for mc) the samples are split into.")
    per_replicate = property(lambda self: self._per_replicate, doc="Trials per replicate.")

    def __repr__(self) -> str:
        return (f"Engine({len(self.inputs)} inputs, seed={self.seed}, samples={self.samples},"
                f" method={self.method!r}, block_size={self.block_size}, "
                f"correlations={len(self.correlations)})")

    def uniforms(self, key: str, start: int, n: int, width: int = 1) -> np.ndarray:
        """Uniforms in (0, 1) for trials [start, start + n): shape (n,) or (n, width)."""
        if self.method == "sobol" and self._columns is not None and key in self._columns:
            first = self._columns[key]
            block = self._sobol(start, n)[:, first:first + width]
            return block[:, 0].copy() if width == 1 else block.copy()
        cols = []
        for dim in range(width):
            stream = self._streams.get((key, dim))
            if stream is None:
                stream = self._streams[(key, dim)] = _Stream(self.seed, key, dim)
            u = stream.take(start, n)
            if self.method == "lhs":
                u = self._stratify(u, key, dim, start)
            cols.append(u)
        return cols[0] if width == 1 else np.column_stack(cols)

    def _replicate_slices(self, start: int, n: int) -> Iterable[tuple[int, int, int, int]]:
        """(replicate, offset in the block, first index in the replicate, count)."""
        m, i = self.per_replicate, start
        while i < start + n:
            r, j = divmod(i, m)
            count = min(m - j, start + n - i)
            yield r, i - start, j, count
            i += count

    def _stratify(self, u: np.ndarray, key: str, dim: int, start: int) -> np.ndarray:
        m = self.per_replicate
        out = np.empty_like(u)
        for r, at, j, count in self._replicate_slices(start, len(u)):
            keys = tuple(np.random.SeedSequence(
                self.seed, spawn_key=(stream_number(key, dim), r)).generate_state(4, np.uint64))
            strata = permute(np.arange(j, j + count), m, tuple(int(k) for k in keys))
            # the top stratum's m - 1 + u rounds to m for u within a spacing of doubles of 1
            out[at:at + count] = np.minimum((strata + u[at:at + count]) / m, _BELOW_ONE)
        return out

    def _sobol(self, start: int, n: int) -> np.ndarray:
        cached = self._sobol_block
        if cached is not None and cached[:2] == (start, n):
            return cached[2]
        assert self._columns is not None
        dims = sum(self.width(k) for k in self._columns)
        out = np.empty((n, dims))
        for r, at, j, count in self._replicate_slices(start, n):
            gen = Sobol(dims, np.random.default_rng(np.random.SeedSequence(
                self.seed, spawn_key=(stream_number("sobol", dims), r))))
            out[at:at + count] = gen.points(j, count)
        out += 2.0**-31  # scrambled points lie on a 2**-30 grid: move them off 0
        self._sobol_block = (start, n, out)
        return out

    @property
    def assumptions_used(self) -> tuple[str, ...]:
        """The assumption keys behind the inputs the last run drew, in the order first
        read: a run's own inputs (counts) are left out, and an input drawn afresh from an
        assumption (a count's at-least excess) is listed under that assumption's key."""
        keys = (self.inputs[k].of if isinstance(self.inputs[k], Input) else k
                for k in self.used)
        return tuple(k for k in dict.fromkeys(keys) if k)

    def _check_memory(self, result: Mapping[str, pint.Quantity | np.ndarray], n: int) -> None:
        """Refuse, before allocating, a run whose outputs (kept whole, axis 0 = trials)
        would take more than half the memory this process may use."""
        arrays = [np.asarray(getattr(v, "magnitude", v)) for v in result.values()]
        per_sample = sum(a.nbytes / max(n, 1) if a.ndim else a.itemsize for a in arrays)
        per_sample *= self.keep_factor
        per_sample += sum(8 * len(g.keys) for g in self.correlations)  # the joint uniforms
        per_sample += self.reserve_per_sample
        check_budget(per_sample, self.samples, f"its {len(result)} outputs and what is "
                     "worked out from them", method=self.method)

    def reads(self, model: Model) -> tuple[str, ...]:
        """The input keys ``model`` reads, in the order it first reads them (one trial)."""
        draws = Draws(self, 0, 1)
        _outputs(_callable(model)(draws))
        return draws.used

    def _probe(self, model: Model) -> None:
        """Give the inputs the model reads the first Sobol' dimensions, in order."""
        self._columns = None
        columns, at = {}, 0
        for key in self.reads(model):
            own = self.uniform_key(key)
            if own not in columns:  # an input at another's percentile shares its dimension
                columns[own] = at
                at += self.inputs[key].distribution.width
        self._columns = columns
        # the probe's trial was drawn before the columns were known: drop what it cached
        self._sobol_block = None
        self._group_block = {}

    def draw(self, key: str, start: int, n: int) -> pint.Quantity:
        """The values of input ``key`` for trials [start, start + n), as a quantity.

        With ``method="sobol"`` an input's Sobol' dimension is known once the model has
        been probed (by :meth:`run`); before, this gives the input's Monte Carlo values,
        not those a run will use. A key the engine has not is an error naming the nearest
        (a model's keys are taken as written: they name the input's random stream)."""
        try:
            item = self.inputs[key]
        except KeyError:
            raise InputError("model input", "a key of the assumptions in use", key,
                             hint=did_you_mean(key, self.inputs)) from None
        dist = item.distribution
        own = self.uniform_key(key)
        grouped = self._group_of.get(own)
        if grouped is not None:
            u = self._correlated(grouped[0], start, n)[:, grouped[1]]
        else:
            u = self.uniforms(own, start, n, dist.width)
        return Q_(dist.ppf(u), item.unit)

    def width(self, key: str) -> int:
        """The uniforms a trial of ``key``'s stream takes (a key whose percentile another
        input shares, without being an input itself, takes one)."""
        item = self.inputs.get(key)
        return 1 if item is None else item.distribution.width

    # whether an input drawn at another's percentile takes that one's uniforms; an engine
    # whose uniforms are given input by input (a sensitivity design, pinned percentiles)
    # draws each input on its own
    _ties_percentiles: ClassVar[bool] = True

    def uniform_key(self, key: str) -> str:
        """The key whose uniforms input ``key`` is drawn with: its own, or that of the
        input whose percentile it shares (an assumption's ``same_percentile_as``): the
        same uniforms whether or not that input is one of this run's."""
        tie = getattr(self.inputs[key], "same_percentile_as", "") if self._ties_percentiles \
            else ""
        return tie or key

    def _correlated(self, group: Correlation, start: int, n: int) -> np.ndarray:
        """The group's uniforms for trials [start, start + n), with its rank correlations
        (each key's own uniforms, mixed through a Gaussian copula)."""
        cached = self._group_block.get(group.name)
        if cached is not None and cached[:2] == (start, n):
            return cached[2]
        raw = np.column_stack([self.uniforms(k, start, n) for k in group.keys])
        out = group.apply(raw)
        self._group_block[group.name] = (start, n, out)
        return out

    def blocks(self) -> Iterable[tuple[int, int]]:
        for start in range(0, self.samples, self.block_size):
            yield start, min(self.block_size, self.samples - start)

    def _pieces(self, start: int, n: int) -> list[tuple[int, int]]:
        """Block [start, start + n) cut into up to ``workers`` pieces of at least
        :data:`MIN_PIECE` trials, so that the workers share even a one-block run (a block
        too small to cut is one piece, run on the calling thread)."""
        k = max(1, min(self.workers, n // MIN_PIECE))
        cuts = [start + n * i // k for i in range(k + 1)]
        return [(a, b - a) for a, b in itertools.pairwise(cuts)]

    def _view(self) -> Engine:
        """This engine with streams and caches of its own, for another worker thread."""
        view = copy.copy(self)
        view._streams, view._sobol_block, view._group_block = {}, None, {}
        return view

    def _piece(self, model: Model, start: int, n: int) -> tuple[object, tuple[str, ...],
                                                                 dict[str, np.ndarray]]:
        """The model's outputs on trials [start, start + n), the keys it read, and each
        correlated group's uniforms."""
        draws = Draws(self, start, n)
        result = model(draws)
        return (result, draws.used,
                {g.name: self._correlated(g, start, n) for g in self.correlations})

    def _store(self, result: object, start: int, n: int, out: dict[str, np.ndarray],
               units: dict[str, pint.Unit | None]) -> None:
        """Check a piece's outputs and copy them into the run's arrays."""
        result = _outputs(result)
        first = not out
        if first:
            self._check_memory(result, n)
        elif set(result) != set(out):  # every block gives the outputs the first gave
            odd = sorted(set(result) ^ set(out))[0]
            raise InputError(f"model output {odd!r}", "the same outputs in every block of "
                             f"trials (the first gave {', '.join(map(repr, out))})",
                             "present in some blocks only")
        for name, value in result.items():
            place = f"model output {name!r}"
            if not first and (units[name] is None) == isinstance(value, pint.Quantity):
                raise InputError(place, "a quantity in every block or in none",
                                 "a quantity in some blocks only")
            if isinstance(value, pint.Quantity):
                unit = units.setdefault(name, value.units)
                try:
                    mag = np.asarray(value.m_as(unit))
                except pint.errors.DimensionalityError:
                    raise InputError(place, f"the same dimension in every block ({unit:~P} "
                                     "in the first)", f"{value.units:~P}") from None
            else:
                units.setdefault(name, None)
                mag = np.asarray(value)
            if mag.ndim and mag.shape[0] != n:  # a scalar is the same in every trial
                raise InputError(place, f"one value per trial ({n} in "
                                 "this block), or one for all", f"shape {mag.shape}")
            if name not in out:
                out[name] = np.empty((self.samples, *mag.shape[1:]), dtype=mag.dtype)
            elif (mag.shape[1:] if mag.ndim else ()) not in ((), out[name].shape[1:]) or \
                    not np.can_cast(mag.dtype, out[name].dtype, "same_kind"):
                raise InputError(place, f"values like the first block's ({out[name].dtype}, "
                                 f"shape per trial {out[name].shape[1:]})",
                                 f"{mag.dtype}, shape per trial {mag.shape[1:]}")
            out[name][start:start + n] = mag

    def run(self, model: Model) -> Results:
        """Every output of ``model`` over all trials: one array (axis 0 = trials) per name.

        Quantities come back as quantities (in the unit of the first block), plain arrays
        (flags, indices) as arrays. The pieces of the run go to ``workers`` threads (numpy
        does the arithmetic without holding the interpreter), each with streams of its own;
        the numbers are the same for any number of workers.
        """
        _callable(model)
        prepare_beta_quantiles(s for i in self.inputs.values() for s in i.distribution.beta_shapes())
        if self.method == "sobol":
            self._probe(model)
        out: dict[str, np.ndarray] = {}
        units: dict[str, pint.Unit | None] = {}
        used: dict[str, None] = {}
        joint = {g.name: np.empty((self.samples, len(g.keys))) for g in self.correlations}
        most = len(self._pieces(0, min(self.block_size, self.samples)))  # the first is largest
        views = [self, *(self._view() for _ in range(most - 1))]
        with contextlib.ExitStack() as stack:
            pool = None
            if most > 1:  # imported here: a run of the default size never needs it
                from concurrent.futures import ThreadPoolExecutor

                pool = stack.enter_context(ThreadPoolExecutor(most))
            for start, n in self.blocks():  # one block at a time: block_size bounds memory
                pieces = self._pieces(start, n)
                done: Iterable[tuple[object, tuple[str, ...], dict[str, np.ndarray]]]
                if pool is None or len(pieces) == 1:
                    done = (self._piece(model, *p) for p in pieces)
                else:
                    done = pool.map(lambda v, p: v._piece(model, *p), views, pieces)
                # stored in order as they come: the first piece's error is the one raised
                for (at, m), (result, keys, groups) in zip(pieces, done, strict=True):
                    self._store(result, at, m, out, units)
                    used.update(dict.fromkeys(keys))
                    for name, u in groups.items():
                        joint[name][at:at + m] = u
        self.used = tuple(used)
        # measured on the values drawn, not the copula's uniforms: a choice's ties count
        self.achieved = {g.name: rank_correlation(np.column_stack([
            self.inputs[k].distribution.ppf(joint[g.name][:, j])
            for j, k in enumerate(g.keys)])) for g in self.correlations
            if used.keys() & set(g.keys)}  # a group the model never read is not the run's
        return Results({name: arr if units[name] is None else Q_(arr, units[name])
                        for name, arr in out.items()}, self.replicates, self.workers,
                       self.samples)
