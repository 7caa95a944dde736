"""Public claims side by side, on one footing: :func:`reconcile` and :func:`estimate_shells`.

Every claim of the catalogue is read by its wording (see :mod:`estimator.reports`) and
put through the one container chain (:class:`~estimator.chain.Chain`) onto the common
measures: munitions containers, tonnes, rounds of the calibre mix, 152mm-equivalent
rounds (the same boxes filled with 152mm shells, or with the ``reference`` calibre
chosen) and usable rounds after duds; each
also as an average monthly rate over the claim's own period. All claims are drawn in
one run, so the assumptions they share (what a box holds, the dud rate, the mix) take
the same values in every trial: two claims differ only where their figures differ.

Where a source gives two quantities (Shin: 6,700 containers = 3 million 152mm shells),
the parameter it must have assumed (rounds per container) is set against the model's
own value on both bases and against the physical cap, with a verdict in words.

>>> rec = reconcile(claims=["shin_6700_containers"], samples=2000, seed=1)
>>> res = rec.results[0]
>>> res.footing["containers"].p50 > 6000, len(res.implied) == 2
(True, True)
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import pint

from estimator._frozen import freeze_fields
from estimator.assumptions import AssumptionSet, given_or_defaults
from estimator.chain import (
    BASES,
    FOOTING,
    MIX,
    REFERENCE,
    UNNAMED_CALIBRE,
    Chain,
    as_count,
    check_basis,
    check_reference,
    count_inputs,
    count_value,
)
from estimator.counts import Count, CountLike
from estimator.engine import DEFAULT_BLOCK, Draws, Engine, Results
from estimator.errors import NotFound
from estimator.estimates import (
    DEFAULT_SAMPLES,
    DEFAULT_SEED,
    RunRecord,
    resolve_calibres,
    run_record,
    takes_precision,
)
from estimator.logistics import Period, call_periods, calls_between
from estimator.models import usable_rounds
from estimator.reports import MEASURES, Catalogue, Claim, select_claims
from estimator.summary import Summary
from estimator.units import Q_, ureg

__all__ = ["ClaimResult", "Implied", "Reconciliation", "ShellsEstimate", "estimate_shells",
           "reconcile"]

# Pairs of measures whose ratio says something about how a source counted.
_RATIOS = {("rounds", "shipments"), ("rounds", "port_calls"), ("rounds", "containers"),
           ("containers", "port_calls"), ("containers", "shipments")}
PER_MONTH = {"containers": "container/month", "rounds": "round/month", "usable": "round/month"}
_MONTH = 365.25 / 12


@dataclass(frozen=True)
class Implied:
    """A parameter a source must have assumed, against the model's value for it."""

    label: str
    figures: str
    implied: Summary
    model: dict[str, Summary] = field(default_factory=dict)
    # the mass a round that full boxes at the source's own division (as_written) would
    # mean, or at the implied ratio where the figures cannot be divided as written
    kg_per_round: Summary | None = None
    verdict: str = ""  # judged on the division as written, where there is one
    cannot_hold: bool = False
    # the figures divided as written (3M / 6,700: 448 to 448), ends crossed for a range
    as_written: tuple[float, float] | None = None

    @property
    def at_written(self) -> bool:
        """Whether kg_per_round and the verdict go by the division as written (not where
        there is none, or a written range starts at 0)."""
        return _written_middle(self.as_written) is not None

    def __post_init__(self) -> None:
        freeze_fields(self)


@dataclass(frozen=True)
class ClaimResult:
    """One claim: its figure as read, on the common measures, per month, and its checks."""

    claim: Claim
    stated: Summary
    footing: dict[str, Summary]
    per_month: dict[str, Summary]  # empty for a count on one day (Claim.one_day)
    stated_per_month: Summary | None  # None for a count on one day
    cumulative: dict[str, Summary]
    timeline: dict[str, Summary]
    usable_own: Summary | None
    implied: tuple[Implied, ...]
    flags: tuple[str, ...]
    # a claim of boxes (tonnes, port calls) that names its calibre: the rounds of that
    # calibre alone its boxes hold (the footing's rounds are them filled with the mix)
    calibre_rounds: Summary | None = None

    def __post_init__(self) -> None:
        freeze_fields(self)


@dataclass(frozen=True)
class Reconciliation:
    """What :func:`reconcile` gives: one :class:`ClaimResult` a claim (:meth:`result`
    finds one by id), on one basis and with one reference calibre, with the run record and
    what it read."""

    results: tuple[ClaimResult, ...]
    basis: str
    record: RunRecord
    used: tuple[str, ...]
    assumptions: AssumptionSet = field(repr=False)
    catalogue: Catalogue = field(repr=False)
    reference: str = REFERENCE  # the calibre of the footing's rounds_152

    def __repr__(self) -> str:
        return self.record.repr_of(self, f"{len(self.results)} claims", f"basis={self.basis!r}",
                                   reference=self.reference)

    def result(self, claim_id: str) -> ClaimResult:
        """The result of the claim ``claim_id``, in any case; :class:`~estimator.errors.
        NotFound` names the claims there are."""
        return NotFound.lookup({r.claim.id: r for r in self.results}, claim_id, "claim_id")


def _needed(chosen: list[Claim], catalogue: Catalogue) -> list[Claim]:
    """The chosen claims and the earlier claims their increments rest on."""
    return list({c.id: c for claim in chosen for c in (claim, *catalogue.bases(claim))}
                .values())


def _scoped(d: Draws, claim: Claim, n: pint.Quantity) -> pint.Quantity:
    if claim.scope == "munitions_or_related":
        return n * d["scope.munitions_share"].m_as("")
    return n


def _verdict(implied: float, comp: Summary, proj: Summary, calibre: str) -> tuple[str, bool]:
    per = f"{implied:,.0f} rounds per box"
    if implied > proj.p95:
        return (f"cannot hold: {per} of {calibre} is more than even bare projectiles fit "
                f"({proj.p95:,.0f} at the 95th percentile)", True)
    if comp.p5 <= implied <= comp.p95:
        return f"consistent: {per} is what full boxes of complete rounds hold", False
    if proj.p5 <= implied <= proj.p95:
        return (f"reproduces the projectile-only arithmetic: {per} fits bare projectiles, "
                f"not complete rounds ({comp.p50:,.0f})", False)
    if implied < comp.p5:
        return (f"below full boxes: {per}, where full boxes of complete rounds hold "
                f"{comp.p5:,.0f}-{comp.p95:,.0f} (part-loaded boxes, other cargo, or "
                "heavier packing than assumed)", False)
    return (f"between the bases: {per} is more than complete rounds fill "
            f"({comp.p95:,.0f}) and fewer than bare projectiles ({proj.p5:,.0f})", False)


@takes_precision
def reconcile(
    catalogue: Catalogue | None = None,
    assumptions: AssumptionSet | None = None,
    *,
    claims: str | Sequence[str] | None = None,
    measures: str | Sequence[str] | None = None,
    since: dt.date | str | None = None,
    basis: str = "complete",
    reference: str = REFERENCE,
    samples: int = DEFAULT_SAMPLES,
    seed: int = DEFAULT_SEED,
    block_size: int = DEFAULT_BLOCK,
    method: str = "mc",
    precision: float | None = None,  # taken by @takes_precision
) -> Reconciliation:
    """Every chosen claim on the common measures, drawn together (see the module text).

    ``reference``: the calibre of the footing's ``rounds_152`` (the same boxes filled with
    it; ``152mm_he`` by default), a ``munitions`` group of ``assumptions``. It changes
    that measure only: a source's conversion that names no calibre is read as the mix and
    as all ``152mm_he`` (:data:`~estimator.chain.UNNAMED_CALIBRE`, the ministry's usual
    calibre) whatever the reference, so the verdicts on the sources stay the same."""
    basis = check_basis(basis)
    catalogue = Catalogue.given_or_defaults(catalogue)
    assumptions = given_or_defaults(assumptions)
    reference = check_reference(reference, assumptions.calibres())
    bad = catalogue.consistency_problems(calibres=assumptions.calibres())
    if bad:
        raise bad[0]
    chosen = select_claims(catalogue, claims, measures, since)
    needed = _needed(chosen, catalogue)
    inputs = list(assumptions.values())
    for claim in needed:
        key = f"claim.{claim.id}"
        inputs += count_inputs(key, claim.count, assumptions, ureg(MEASURES[claim.measure]).units)
        for i, conv in enumerate(claim.conversions):
            inputs += count_inputs(f"{key}.conv{i}", conv.count, assumptions,
                                   ureg(MEASURES[conv.measure]).units)
        if claim.duds is not None:
            inputs += count_inputs(f"{key}.duds", claim.duds.count, assumptions,
                                   ureg.dimensionless)
    engine = Engine(inputs, seed=seed, samples=samples, block_size=block_size,
                    method=method, correlations=assumptions.correlations.values())
    periods = call_periods(assumptions, required=False)
    # rail cars and trains are not set against the timeline: it holds deliveries by sea
    spans = {c.id: _timeline_span(c, periods) for c in chosen
             if not c.by_rail} if periods else {}
    # the source's own packing is its division as written (an 'over' or 'up to' on figures
    # it derived from one another is not two readings): fixed, so worked out once
    written = {(c.id, i): _written_middle(_divided_as_written(conv.count, c.figure.count))
               for c in needed for i, conv in enumerate(c.conversions)}

    def model(d: Draws) -> dict[str, pint.Quantity]:
        chains = {b: Chain(d, b) for b in BASES}
        chain = chains[basis]
        dud = d["duds.dud_rate"]
        out: dict[str, pint.Quantity] = {}
        boxes: dict[str, pint.Quantity] = {}
        for claim in needed:
            key = f"claim.{claim.id}"
            n = count_value(d, key, claim.count)
            out[f"{claim.id}.stated"] = n
            c = chain.containers_from(_scoped(d, claim, n), claim.measure, claim.calibre)
            if c is None:
                continue
            boxes[claim.id] = c
            for name, q in chain.footing(c, dud, reference=reference).items():
                out[f"{claim.id}.{name}"] = q
            if claim.calibre and claim.measure != "rounds":
                out[f"{claim.id}.calibre_rounds"] = (c * chain.per_container(claim.calibre)
                                                     ).to("round")
            if claim.duds is not None:
                # a share read "at least 0.9" can draw past 1 with its excess: all duds
                own = np.minimum(count_value(d, f"{key}.duds", claim.duds.count), 1.0)
                out[f"{claim.id}.usable_own"] = usable_rounds(out[f"{claim.id}.rounds"], own)
            for i, conv in enumerate(claim.conversions):
                if claim.measure != "containers" or conv.measure != "rounds":
                    continue
                calibre = conv.calibre or MIX
                # the source converts every box it counted, not only the share of them
                # that scope.munitions_share says held munitions
                implied = count_value(d, f"{key}.conv{i}", conv.count) / n.to("container")
                out[f"{claim.id}.conv{i}.implied"] = implied.to("round/container")
                middle = written[claim.id, i]
                per_box = implied if middle is None else Q_(middle, "round/container")
                out[f"{claim.id}.conv{i}.kg"] = (chain.payload() / per_box).to("kg/round")
                for b in BASES:
                    out[f"{claim.id}.conv{i}.{b}"] = chains[b].per_container(calibre)
                    if conv.calibre is None:  # also read as all of the usual calibre
                        out[f"{claim.id}.conv{i}.{b}.ref"] = chains[b].per_container(
                            UNNAMED_CALIBRE)
        per_call = chain.per_call()
        for cid, span in spans.items():
            if span is None or cid not in boxes or per_call is None:
                continue
            seen = (calls_between(d, periods, *span) * per_call).to("container")
            for name, q in chain.footing(seen, dud, reference=reference).items():
                out[f"{cid}.timeline.{name}"] = q
            with np.errstate(divide="ignore", invalid="ignore"):
                out[f"{cid}.timeline.ratio"] = (out[f"{cid}.rounds"] / out[f"{cid}.timeline.rounds"]
                                                ).to("")
        for claim in needed:
            below = catalogue.bases(claim)
            if below and claim.id in boxes and all(b.id in boxes for b in below):
                total = sum((boxes[b.id] for b in below), boxes[claim.id])
                for name, q in chain.footing(total, dud, reference=reference).items():
                    out[f"{claim.id}.cumulative.{name}"] = q
        return out

    arrays = engine.run(model)
    results = tuple(_result(claim, arrays, catalogue) for claim in chosen)
    return Reconciliation(results, basis, run_record(engine, assumptions),
                          engine.assumptions_used,
                          assumptions, catalogue, reference)


def _timeline_span(claim: Claim, periods: Sequence[Period]) -> tuple[dt.date, dt.date] | None:
    """The part of the claim's own period that the delivery timeline covers."""
    a = max(claim.period_start, periods[0].start)
    b = min(claim.as_of + dt.timedelta(days=1), periods[-1].end)
    return (a, b) if b > a else None


def _divided_as_written(top: Count, bottom: Count) -> tuple[float, float] | None:
    """A source's own division of two of its figures, before any reading of them: from the
    smallest top over the largest bottom to the largest over the smallest; None where the
    bottom may be 0."""
    (a, b), (c, d) = top.written_ends(), bottom.written_ends()
    return None if c <= 0 or bottom.low <= 0 else (a / d, b / c)


def _written_middle(written: tuple[float, float] | None) -> float | None:
    """The middle (geometric) of a source's division as written; None where there is none
    or a written range starts at 0 (its middle would be 0)."""
    return None if written is None or written[0] <= 0 else math.sqrt(written[0] * written[1])


def _result(claim: Claim, arrays: Results, catalogue: Catalogue) -> ClaimResult:
    cid = claim.id
    months = claim.months
    stated = arrays.summarize(arrays[f"{cid}.stated"])
    footing = {name: arrays.summarize(arrays[f"{cid}.{name}"], unit) for name, unit in FOOTING.items()
               if f"{cid}.{name}" in arrays}
    # a count on one day is a stock, not a flow: no rate a month
    per_month = {} if claim.one_day else {name: footing[name].scaled(1.0 / months, unit)
                                          for name, unit in PER_MONTH.items() if name in footing}
    stated_per_month = None if claim.one_day else stated.scaled(1.0 / months,
                                                                f"{stated.unit}/month")
    cumulative = {name: arrays.summarize(arrays[f"{cid}.cumulative.{name}"], unit)
                  for name, unit in FOOTING.items() if f"{cid}.cumulative.{name}" in arrays}
    timeline = {name: arrays.summarize(arrays[f"{cid}.timeline.{name}"], unit)
                for name, unit in {**FOOTING, "ratio": ""}.items()
                if f"{cid}.timeline.{name}" in arrays}
    own = arrays.get(f"{cid}.usable_own")
    implied: list[Implied] = []
    flags: list[str] = []
    for i, conv in enumerate(claim.conversions):
        base = f"{cid}.conv{i}"
        if f"{base}.implied" not in arrays:
            continue
        calibre = conv.calibre or MIX
        imp = arrays.summarize(arrays[f"{base}.implied"], "round/container")
        kg = arrays.summarize(arrays[f"{base}.kg"], "kg/round")
        figures = (f"{conv.written()} {conv.calibre or 'rounds'} / {claim.figure.written()} "
                   f"{claim.measure}")
        written = _divided_as_written(conv.count, claim.figure.count)
        readings = [(f"rounds per container, {calibre}", calibre, "")]
        if conv.calibre is None:  # no calibre named: the mix, and as if all were 152mm
            readings.append((f"rounds per container, read as all {UNNAMED_CALIBRE} (no "
                             "calibre named)", UNNAMED_CALIBRE, ".ref"))
        middle = _written_middle(written)
        for label, of, end in readings:
            model = {b: arrays.summarize(arrays[f"{base}.{b}{end}"], "round/container")
                     for b in BASES}
            verdict, cannot = _verdict(imp.p50 if middle is None else middle,
                                       model["complete"], model["projectile"], of)
            implied.append(Implied(label, figures, imp, model, kg, verdict, cannot, written))
            if cannot:
                flags.append(f"cannot hold: the source's own conversion ({conv.written()} {of})")
    implied += _same_origin(claim, arrays, catalogue)
    if not footing:
        flags.append(f"not convertible: no assumption turns {claim.measure.replace('_', ' ')} "
                     "into containers")
    if claim.scope == "munitions_or_related":
        flags.append("scope: munitions or related materials, scaled by scope.munitions_share")
    calibre = _calibre_flag(claim) if footing else None
    if calibre:
        flags.append(calibre)
    flags += _scope_changes(claim, catalogue)
    if claim.basis == "capacity":
        flags.append("capacity: what could have been carried, by the source's own reckoning, "
                     "not a count of what was (not pooled)")
    if claim.by_rail:
        flags.append(f"{claim.measure.replace('_', ' ')}: deliveries by rail, put on the "
                     "footing through rail.*; not set against the delivery timeline, which is "
                     "by sea (port calls), and not pooled")
    elif claim.not_by_sea:
        flags.append(f"shipments of scope {claim.scope}, not cargo_ships: read here as port "
                     "calls, though some may have gone otherwise (not pooled)")
    if claim.one_day:
        flags.append(f"a count on one day ({claim.as_of.isoformat()}): a stock, not a flow; "
                     "no rate a month (n/a)")
    if claim.basis == "fired":
        flags.append("fired, not delivered: a lower bound on what arrived")
    if claim.over:
        flags.append(f"increment over {claim.over}; cumulative figures given")
    mine = arrays.get(f"{cid}.calibre_rounds")
    return ClaimResult(claim, stated, footing, per_month, stated_per_month, cumulative, timeline,
                       None if own is None else arrays.summarize(own, "round"), tuple(implied),
                       tuple(flags), None if mine is None else arrays.summarize(mine, "round"))


CALIBRE_FLAG = "calibre: "  # how the flag of a claim that names its calibre begins


def _calibre_flag(claim: Claim) -> str | None:
    """The flag of a claim that names its calibre (a user's; the catalogue's count the mix),
    or None: the footing is the boxes the claim stands for, and its rounds (mix) those boxes
    filled with the calibre mix, the footing every claim is set on. A count of rounds says
    that its own count is the stated column; any other measure, that what the boxes hold of
    the calibre alone is :attr:`ClaimResult.calibre_rounds` (the outputs give it beside the
    flag)."""
    if not claim.calibre:
        return None
    if claim.measure == "rounds":
        return (f"{CALIBRE_FLAG}rounds of {claim.calibre}; the footing is the boxes they fill, "
                "and its rounds those boxes filled with the calibre mix, not the source's "
                "own count (the stated column)")
    what = {"containers": "boxes"}.get(claim.measure, claim.measure.replace("_", " "))
    return (f"{CALIBRE_FLAG}{what} of {claim.calibre}; the footing is the boxes "
            + ("counted" if claim.measure == "containers" else "they stand for")
            + ", and its rounds (mix) those boxes filled with the calibre mix, as every "
            f"claim's; filled with {claim.calibre} alone")


def _scope_changes(claim: Claim, catalogue: Catalogue) -> list[str]:
    """A flag where the last earlier count of the same origin and measure was read with
    the other scope (one series worded two ways by its reporters): the step between the
    two is partly that reading, not a change in what was shipped."""
    if claim.scope not in _SCALED:
        return []
    earlier = [c for c in catalogue.values()
               if c.origin == claim.origin and c.measure == claim.measure
               and c.scope in _SCALED and c.as_of < claim.as_of]
    if not earlier:
        return []
    last = max(earlier, key=lambda c: c.as_of)
    if last.scope == claim.scope:
        return []
    return [f"scope: read as {_SCALED[claim.scope]}; the same origin's count before it, "
            f"{last.id} ({last.as_of}), as {_SCALED[last.scope]}, as each source worded it: "
            "the step between them is partly that reading"]


_SCALED = {"munitions": "munitions", "munitions_or_related": "munitions or related"}


def _same_origin(claim: Claim, arrays: Results,
                 catalogue: Catalogue) -> list[Implied]:
    """Ratios between this claim and another of the same origin and period (start and
    end) in another measure: a figure for one month over a figure since 2023 means nothing."""
    out = []
    for other in catalogue.values():
        if (other.id == claim.id or other.origin != claim.origin or other.as_of != claim.as_of
                or other.period_start != claim.period_start
                or (claim.measure, other.measure) not in _RATIOS
                or f"{other.id}.stated" not in arrays):
            continue
        with np.errstate(divide="ignore", invalid="ignore"):
            ratio = arrays[f"{claim.id}.stated"] / arrays[f"{other.id}.stated"]
        unit = f"{MEASURES[claim.measure]}/{MEASURES[other.measure]}"
        out.append(Implied(f"{claim.measure} per {other.measure.replace('_', ' ')}".rstrip("s"),
                           f"{claim.figure.written()} {claim.measure} / {other.figure.written()} "
                           f"{other.measure} ({other.id})", arrays.summarize(ratio.to(unit), unit)))
    return out


# ---------------------------------------------------------------------------- shells

@dataclass(frozen=True)
class ShellsRow:
    calibre: str
    label: str
    footing: dict[str, Summary]

    def __post_init__(self) -> None:
        freeze_fields(self)


@dataclass(frozen=True)
class ShellsEstimate:
    count: Count
    basis: str
    rows: tuple[ShellsRow, ...]
    record: RunRecord
    used: tuple[str, ...]
    assumptions: AssumptionSet = field(repr=False)

    def __repr__(self) -> str:
        return self.record.repr_of(self, f"count={self.count.text!r}", f"basis={self.basis!r}",
                                   f"calibres={[r.calibre for r in self.rows]}")


@takes_precision
def estimate_shells(
    count: CountLike,
    assumptions: AssumptionSet | None = None,
    *,
    calibres: str | Sequence[str] | None = None,
    basis: str = "complete",
    samples: int = DEFAULT_SAMPLES,
    seed: int = DEFAULT_SEED,
    block_size: int = DEFAULT_BLOCK,
    method: str = "mc",
    precision: float | None = None,  # taken by @takes_precision
) -> ShellsEstimate:
    """Rounds back to container equivalents, tonnes and usable rounds, per calibre or the mix.

    >>> est = estimate_shells("2.5M", calibres=["152mm_he"], samples=2000, seed=1)
    >>> 2000 < est.rows[0].footing["containers"].p50 < 20000
    True
    """
    basis = check_basis(basis)
    count = as_count(count, "round")
    assumptions = given_or_defaults(assumptions)
    known = assumptions.calibres()
    chosen = resolve_calibres(calibres, known, [MIX])
    inputs = [*assumptions.values(), *count_inputs("count", count, assumptions, ureg.round)]
    engine = Engine(inputs, seed=seed, samples=samples, block_size=block_size,
                    method=method, correlations=assumptions.correlations.values())

    def model(d: Draws) -> dict[str, pint.Quantity]:
        chain = Chain(d, basis)
        n = count_value(d, "count", count)
        dud = d["duds.dud_rate"]
        out = {}
        for calibre in chosen:
            c = chain.containers_from(n, "rounds", calibre)
            assert c is not None
            out[f"{calibre}.containers"] = c
            out[f"{calibre}.tonnes"] = (n * (chain.cargo_mass(calibre) / chain.per_container(
                calibre))).to("t")
            out[f"{calibre}.rounds"] = n
            out[f"{calibre}.usable"] = usable_rounds(n, dud)
        return out

    arrays = engine.run(model)
    rows = tuple(ShellsRow(c, "calibre mix" if c == MIX else assumptions.label(f"munitions.{c}"),
                           {m: arrays.summarize(arrays[f"{c}.{m}"], FOOTING[m])
                            for m in ("containers", "tonnes", "rounds", "usable")})
                 for c in chosen)
    return ShellsEstimate(count, basis, rows, run_record(engine, assumptions),
                          engine.assumptions_used, assumptions)

