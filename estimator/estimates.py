"""Analyses: a count of containers -> rounds by calibre, usable rounds, and the binding limit.

:func:`estimate_containers` wires the assumptions, the engine and the models together
and returns a :class:`ContainerEstimate`: one :class:`Row` per calibre scenario ("all
152mm", ...) and per mix, on each basis, with the run record and the assumptions used.
Nothing here prints.

Two bases, because sources use both: ``projectile`` counts the projectile (or rocket,
or bomb) alone, with its bare envelope as its volume, as simple mass arithmetic does;
``complete`` counts the round as shipped, with propelling charge, fuze and crate share.

>>> est = estimate_containers("6700", samples=2000, seed=1)
>>> row = est.row("152mm_he", "projectile")
>>> row.rounds.p5 < row.rounds.p50 < row.rounds.p95
True
"""

from __future__ import annotations

import dataclasses
import functools
import inspect
import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar, overload

import numpy as np
import pint

from estimator._args import flag, full_paths, names, some_names, whole
from estimator._frozen import freeze_fields
from estimator._version import __version__
from estimator.assumptions import AssumptionSet, given_or_defaults
from estimator.chain import (
    BASES,
    MIX,
    REFERENCE,
    Chain,
    as_count,
    check_basis,
    count_inputs,
    count_value,
)
from estimator.counts import Count, CountLike
from estimator.engine import (
    DEFAULT_BLOCK,
    MAX_SAMPLES,
    Draws,
    Engine,
    Inputs,
    Model,
    too_few_samples,
)
from estimator.errors import InputError, NotFound, Said, one_of, spelled
from estimator.models import usable_rounds
from estimator.summary import Digits, Summary, digits_check, summaries_in, to_precision
from estimator.units import ureg

T = TypeVar("T")

__all__ = [
    "BASES",
    "DEFAULT_SAMPLES",
    "DEFAULT_SEED",
    "ContainerEstimate",
    "Row",
    "RunRecord",
    "containers_model",
    "estimate_containers",
    "run_record",
]

DEFAULT_SAMPLES = 50_000
PILOT_SAMPLES = 16_384  # the pilot run of --precision
DEFAULT_SEED = 20240226  # the date of Shin Won-sik's 6,700-container statement


@dataclass(frozen=True)
class RunRecord:
    """What a reader needs to reproduce a result."""

    tool: str
    version: str
    seed: int
    samples: int
    method: str
    assumptions_digest: str
    assumption_files: tuple[str, ...]
    overridden: tuple[str, ...] = ()
    added: tuple[str, ...] = ()
    correlations: tuple[dict[str, Any], ...] = ()  # name, keys, asked, achieved
    precision: float | None = None  # the share --precision asked, where it chose ``samples``
    relabelled: tuple[str, ...] = ()  # groups whose label a user's file changed

    def __post_init__(self) -> None:
        # each file whole, so that the record names it wherever it is read
        object.__setattr__(self, "assumption_files", tuple(full_paths(self.assumption_files)))
        freeze_fields(self)

    def repr_of(self, result: object, *held: str, reference: str | None = None) -> str:
        """The one line a result made by this run prints as (a notebook cell, a failing
        test): its type, what it holds (``held``), its ``reference`` calibre where that is
        not the default, and the run: seed, samples, method and the assumptions' digest, as
        ``AssumptionSet``'s own line gives it; its figures are a field away, and a
        :class:`Summary` prints as the tables write it."""
        if reference is not None and reference != REFERENCE:
            held = (*held, f"reference={reference!r}")
        return (f"{type(result).__name__}({', '.join(held)}, seed={self.seed}, "
                f"samples={self.samples}, method={self.method!r}, "
                f"assumptions={self.assumptions_digest!r})")


def chosen_for(est: T, precision: float) -> T:
    """``est`` (an estimate with a ``record``) with ``precision`` in its record: the
    samples were chosen for it."""
    e: Any = est
    return dataclasses.replace(e, record=dataclasses.replace(e.record, precision=float(precision)))


def at_precision(run: Callable[[int], T], precision: float, samples: int,
                 figures: Callable[[T], Iterable[Summary]] = summaries_in) -> T:
    """``run(n)`` with the samples ``n`` that bring every percentile of ``figures`` of
    its result within ``precision`` (one standard error as a share of the value), from a
    pilot of at most ``samples``; the result's record carries the precision."""
    est, _ = to_precision(run, precision, samples, figures=figures, pilot=PILOT_SAMPLES,
                          most=MAX_SAMPLES)
    return chosen_for(est, precision)


F = TypeVar("F", bound=Callable[..., Any])


@overload
def takes_precision(fn: F, *, figures: Callable[[Any], Iterable[Summary]] = ...) -> F: ...


@overload
def takes_precision(fn: None = None, *, figures: Callable[[Any], Iterable[Summary]] = ...
                    ) -> Callable[[F], F]: ...


def takes_precision(fn: F | None = None, *,
                    figures: Callable[[Any], Iterable[Summary]] = summaries_in) -> Any:
    """``fn`` (an estimate with keywords ``samples`` and ``precision``, the latter for its
    signature only: taken here) with ``precision`` at work: given, ``samples`` is only the
    pilot, as :func:`at_precision` has it, for the percentiles of ``figures`` of the result
    (default: every summary in it). Used bare, ``@takes_precision``, or with its figures,
    ``@takes_precision(figures=...)``; the function keeps its type."""
    if fn is None:
        return functools.partial(takes_precision, figures=figures)
    sig = inspect.signature(fn)
    if "precision" not in sig.parameters or "samples" not in sig.parameters:
        raise TypeError(f"{fn.__name__} needs keywords samples and precision")

    @functools.wraps(fn)
    def with_precision(*args: Any, precision: float | None = None, **kwargs: Any) -> Any:
        try:
            bound = sig.bind(*args, **kwargs)
        except TypeError:  # a missing or unknown argument: Python's own error, by name
            return fn(*args, **kwargs)
        bound.apply_defaults()
        samples = bound.arguments["samples"]
        if not whole(samples) or samples < 2:  # before any work, the same for 0 as for 1
            raise too_few_samples("samples", samples)
        if precision is None:
            return fn(*args, **kwargs)

        def run(n: int) -> Any:
            bound.arguments["samples"] = n
            return fn(*bound.args, **bound.kwargs)

        return at_precision(run, precision, bound.arguments["samples"], figures)

    with_precision.__doc__ = (fn.__doc__ or "").rstrip() + PRECISION_DOC
    return with_precision


PRECISION_DOC = """

    The run, as the options of the same names: ``samples`` trials (default 50,000; 2 or
    more), ``seed`` (the same seed gives the same numbers, whatever ``block_size``, the
    trials per block, which bounds memory), ``method``: ``"mc"`` (plain Monte Carlo),
    ``"lhs"`` (Latin hypercube) or ``"sobol"`` (scrambled Sobol'). With ``precision``
    (e.g. 0.001 for 0.1%), ``samples`` is only the pilot: the run is redone with as many
    samples as it takes for every 5th, 50th and 95th percentile it reports to have a
    standard error within that share of its value (as ``--precision``).
    """


def run_record(engine: Engine, assumptions: AssumptionSet) -> RunRecord:
    """The record of a run made by ``engine`` with ``assumptions`` (with the rank
    correlations asked and achieved for every correlated group the model read)."""
    groups = tuple({"name": g.name, "keys": tuple(g.keys),
                    "asked": tuple(tuple(r) for r in g.rank),
                    "achieved": tuple(map(tuple, np.round(engine.achieved[g.name], 4).tolist()))}
                   for g in engine.correlations if g.name in engine.achieved)
    return RunRecord("estimator", __version__, engine.seed, engine.samples, engine.method,
                     assumptions.digest, assumptions.files, assumptions.overridden,
                     assumptions.added, groups, relabelled=assumptions.relabelled)


@dataclass(frozen=True)
class Row:
    """One scenario on one basis: rounds, usable rounds, rounds per box, and what binds."""

    label: str
    calibre: str
    basis: str
    rounds: Summary
    usable: Summary
    per_container: Summary
    weight_share: float | None  # share of boxes whose weight limit binds (the mix: over
    # every calibre's boxes by its share of them); None where it is not known

    @property
    def binding(self) -> str:
        """Which limit binds, as the table's 'limit' column shows it: ``weight`` or
        ``volume`` where it binds in 95% of trials or more, else the one that binds in most
        with its share rounded down (``weight 87%``); ``mixed`` where the share is not
        known."""
        if self.weight_share is None:
            return "mixed"
        if self.weight_share >= 0.95:
            return "weight"
        if self.weight_share <= 0.05:
            return "volume"
        # the share rounded down: "weight 95%" would read as the plain "weight" rule
        if self.weight_share >= 0.5:
            return f"weight {math.floor(round(100 * self.weight_share, 6))}%"
        return f"volume {math.floor(round(100 * (1.0 - self.weight_share), 6))}%"


@dataclass(frozen=True)
class ContainerEstimate:
    """What :func:`estimate_containers` gives: one :class:`Row` for each calibre scenario
    on each basis (:meth:`row` finds one), ``cargo_capacity`` (the payload the boxes can
    carry, in t: a capacity, not the mass of the rounds, as the JSON names it), the run
    record, the keys of the assumptions the run read (``used``), the assumption set
    itself and, for a count read ``related``, ``munitions_containers`` (the count x
    ``scope.munitions_share``: the boxes the rounds are worked out from; else None)."""

    count: Count
    related: bool
    rows: tuple[Row, ...]
    cargo_capacity: Summary
    record: RunRecord
    used: tuple[str, ...]
    assumptions: AssumptionSet = field(repr=False)
    munitions_containers: Summary | None = None

    def __repr__(self) -> str:
        calibres = list(dict.fromkeys(r.calibre for r in self.rows))
        return self.record.repr_of(self, f"count={self.count.text!r}", f"{len(self.rows)} rows",
                                   f"calibres={calibres}")

    @property
    def precision(self) -> float | None:
        """The precision asked, if the samples were chosen for it (the run record's)."""
        return self.record.precision

    @property
    def digits(self) -> Digits:
        """How many percentiles of rounds and usable rounds, shown to three significant
        digits, have a third digit within the Monte Carlo error (the JSON's ``precision``
        and what ``--precision`` aims at)."""
        return digits_check(s for r in self.rows for s in (r.rounds, r.usable))

    @property
    def shown_digits(self) -> Digits:
        """The same over every figure the table shows: the percentiles and the means."""
        return digits_check((s for r in self.rows for s in (r.rounds, r.usable)), means=True)

    def row(self, calibre: str, basis: str) -> Row:
        """The row of ``calibre`` (or ``"mix"``) on ``basis`` (``"projectile"`` or
        ``"complete"``), each in any case; :class:`~estimator.errors.NotFound` names those
        there are."""
        calibre = spelled(calibre, (r.calibre for r in self.rows)) or calibre
        basis = spelled(basis, BASES) or basis
        for r in self.rows:
            if r.calibre == calibre and r.basis == basis:
                return r
        raise NotFound("calibre/basis", [f"{r.calibre}/{r.basis}" for r in self.rows],
                       f"{calibre}/{basis}")


def resolve_calibres(wanted: str | Sequence[str] | None, known: list[str],
                     default: list[str] | None = None) -> list[str]:
    """``default`` (every calibre and the mix) for None; else those named, each once. An
    empty list is an error: it could mean all or none, and neither is what was asked."""
    if wanted is None:
        return default or [*known, MIX]
    wanted = some_names(wanted, "calibres", "one or more of " + ", ".join([*known, MIX]) +
                    " (or None for the default)") or []
    # in any case ('152MM_HE'), as the file names it
    return list(dict.fromkeys(one_of(c, [*known, MIX], "calibres", several=True)
                               for c in wanted))


def _bases(bases: str | Sequence[str]) -> list[str]:
    """Bases by name, each once; ``"both"`` is both, as the command line's ``--basis``."""
    if isinstance(bases, str):
        chosen = one_of(bases, (*BASES, "both"), "bases", several=True)
        return list(BASES) if chosen == "both" else [chosen]
    given = names(bases, "bases")
    if not given:
        raise InputError("bases", "one or more of " + ", ".join(BASES) + ", or 'both'",
                         Said("none"))
    # a list names bases one by one ('both' stands alone, not in a list), in any case
    return list(dict.fromkeys(check_basis(b, "bases") for b in given))


def containers_model(count: CountLike, assumptions: AssumptionSet, *,
                     calibres: str | Sequence[str] | None = None,
                     bases: str | Sequence[str] = BASES,
                     related: bool = False) -> tuple[Inputs, Model, list[str]]:
    """The inputs and the model of :func:`estimate_containers` (for sensitivity analysis
    or a user's own runs), and the calibres chosen; the inputs carry the assumption set's
    correlation groups, which an :class:`~estimator.engine.Engine` built on them applies.
    The model's outputs are ``count``, ``cargo``, and ``BASIS.CALIBRE.rounds``,
    ``.usable`` and ``.weight``.

    >>> from estimator.engine import Engine
    >>> inputs, model, chosen = containers_model("6700", AssumptionSet.defaults(),
    ...                                          calibres="152mm_he")
    >>> out = Engine(inputs, seed=1, samples=2000).run(model)
    >>> chosen, out.summarize(out["complete.152mm_he.rounds"], "Mrd").p50 > 1
    (['152mm_he'], True)
    """
    related = flag(related, "related")
    count = as_count(count, "container")
    assumptions = given_or_defaults(assumptions)
    bases = _bases(bases)
    chosen = resolve_calibres(calibres, assumptions.calibres())
    inputs = Inputs([*assumptions.values(),
                     *count_inputs("count", count, assumptions, ureg.container)],
                    assumptions.correlations.values())

    def model(d: Draws) -> dict[str, pint.Quantity | np.ndarray]:
        n = count_value(d, "count", count)
        if related:
            n = n * d["scope.munitions_share"].m_as("")
        dud = d["duds.dud_rate"]
        out: dict[str, pint.Quantity | np.ndarray] = {"count": n,
                                                      "cargo": n * Chain(d, BASES[0]).payload()}
        for basis in bases:
            chain = Chain(d, basis)
            for calibre in chosen:
                rpc = chain.per_container(calibre)
                if count.low <= 0:  # rounds / count cannot give it where the count is 0
                    out[f"{basis}.{calibre}.per"] = rpc
                out[f"{basis}.{calibre}.rounds"] = n * rpc
                out[f"{basis}.{calibre}.usable"] = usable_rounds(n * rpc, dud)
                out[f"{basis}.{calibre}.weight"] = chain.weight_share(calibre)
        return out

    return inputs, model, chosen


def _rounds_figures(est: ContainerEstimate) -> list[Summary]:
    """The figures ``precision`` is asked of: every row's rounds and usable rounds (not
    the cargo capacity, nor the rounds a box, which follow from them)."""
    return [s for r in est.rows for s in (r.rounds, r.usable)]


@takes_precision(figures=_rounds_figures)
def estimate_containers(
    count: CountLike,
    assumptions: AssumptionSet | None = None,
    *,
    calibres: str | Sequence[str] | None = None,
    bases: str | Sequence[str] = BASES,
    related: bool = False,
    samples: int = DEFAULT_SAMPLES,
    seed: int = DEFAULT_SEED,
    block_size: int = DEFAULT_BLOCK,
    method: str = "mc",
    precision: float | None = None,  # taken by @takes_precision
) -> ContainerEstimate:
    """Rounds, by calibre scenario and for the mix, carried by ``count`` containers.

    ``count`` is written as people write it (``"6,700"``, ``"10k"``, ``"10000+"`` for at
    least, ``"~6,700"``, ``"6.5M-8M"``), a number, or a quantity of containers.
    ``assumptions``: an :class:`~estimator.assumptions.AssumptionSet` (default: the
    shipped files). ``calibres``: one or a list of the calibre names in the assumptions'
    ``munitions`` groups (``"152mm_he"``), and ``"mix"`` for the calibre mix; default all
    of them and the mix. ``bases``: ``"projectile"`` (the bare projectile, rocket or
    bomb, as the South Korean conversions count) and ``"complete"`` (the round as shipped,
    with charge, fuze and crate share); default both. ``related=True`` reads the count as
    containers "of munitions or munitions-related materials", scaling it by
    ``scope.munitions_share``. The percentiles ``precision`` (below) is asked of are
    those of rounds and usable rounds (see :attr:`ContainerEstimate.digits`).

    >>> est = estimate_containers("6,700", calibres="152mm_he", bases="projectile",
    ...                           samples=2000, seed=1)
    >>> row = est.row("152mm_he", "projectile")
    >>> row.binding, row.rounds.to("Mrd").p50 > 3.0, row.usable.p50 < row.rounds.p50
    ('weight', True, True)
    """
    count = as_count(count, "container")
    assumptions = given_or_defaults(assumptions)
    bases = _bases(bases)
    inputs, model, chosen = containers_model(count, assumptions, calibres=calibres,
                                             bases=bases, related=related)
    engine = Engine(inputs, seed=seed, samples=samples, block_size=block_size, method=method)
    result = engine.run(model)
    n_arr = result["count"].m_as("container")
    pairs = [(basis, calibre) for basis in bases for calibre in chosen]
    wanted: list[tuple[Any, str | None]] = [(result["cargo"], "t")]
    if related:
        wanted.append((result["count"], "container"))
    for basis, calibre in pairs:
        rounds = result[f"{basis}.{calibre}.rounds"]
        per = result.get(f"{basis}.{calibre}.per")  # given where the count can be 0
        wanted += [(rounds, "round"), (result[f"{basis}.{calibre}.usable"], "round"),
                   (rounds.m_as("round") / n_arr if per is None else
                    per.m_as("round/container"), "round/container")]
    cargo, *summaries = result.summarize_all(wanted)
    boxes = summaries.pop(0) if related else None
    rows = []
    for i, (basis, calibre) in enumerate(pairs):
        weight = result.get(f"{basis}.{calibre}.weight")
        label = ("calibre mix" if calibre == MIX else
                 f"all {assumptions.label(f'munitions.{calibre}')}")
        rows.append(Row(label, calibre, basis, *summaries[3 * i: 3 * i + 3],
                        None if weight is None else float(np.mean(weight))))
    record = run_record(engine, assumptions)
    return ContainerEstimate(count, related, tuple(rows), cargo, record,
                             engine.assumptions_used, assumptions, boxes)
