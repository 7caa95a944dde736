"""Ships, rail, time and fire: port calls and rail cars to rounds, a delivery timeline,
and rounds to days of fire.

- :func:`estimate_port_calls` and :func:`estimate_rail` turn what is seen at a port or on
  a railway into containers (``ships.*``, ``rail.*`` assumptions) and on, through the one
  container chain, to rounds and usable rounds.
- :func:`estimate_timeline` is the monthly flow: port calls per month by documented
  period (``calls.*``, each with ``period_start`` and an exclusive ``period_end``; a
  pause is a period whose rate is near 0) times containers per call, accumulated from a
  start date to give containers, rounds and usable rounds at the end of every month.
- :func:`estimate_days` sets a stock of rounds against Russian fire (``consumption.*``,
  rounds per day by period and source): days of fire at each rate, and the rate a
  stock sustains over a number of days with its share of that fire; and, apart, against
  Russian output (``production.*``): the days of production the stock equals.

>>> t = estimate_timeline("2023-09", "2023-12", samples=2000, seed=1)
>>> [r.month for r in t.rows]
['2023-09', '2023-10', '2023-11', '2023-12']
>>> t.rows[-1].cumulative["rounds"].p50 >= t.rows[0].cumulative["rounds"].p50
True
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import partial
from typing import Any

import numpy as np
import pint

from estimator._args import date_problem, finite, first_repeat, flag, some_names
from estimator._frozen import freeze_fields
from estimator.assumptions import DATE_TEXT, AssumptionSet, given_or_defaults
from estimator.chain import (
    BOXES,
    FOOTING,
    MIX,
    REFERENCE,
    Chain,
    as_count,
    check_basis,
    check_reference,
    count_inputs,
    count_value,
)
from estimator.counts import DASHES, Count, CountLike, plain_digits
from estimator.engine import DEFAULT_BLOCK, Draws, Engine, Results, check_budget
from estimator.errors import (
    MISSING,
    AssumptionError,
    InputError,
    Words,
    attempt,
    nearest,
    one_of,
    run_together,
    spelled,
)
from estimator.estimates import (
    DEFAULT_SAMPLES,
    DEFAULT_SEED,
    RunRecord,
    run_record,
    takes_precision,
)
from estimator.reports import SCOPES, Catalogue, unknown_claim
from estimator.summary import Summary
from estimator.units import Q_, ureg

__all__ = ["DaysEstimate", "LogisticsEstimate", "Period", "Timeline", "as_date",
           "call_period_problems", "call_periods", "calls_between", "delivered_by_sea",
           "estimate_days", "estimate_port_calls", "estimate_rail", "estimate_timeline",
           "next_month", "parse_month", "timeline_span"]

MONTH_DAYS = 365.25 / 12
MIN_DAYS = 1e-3  # --over: about a minute and a half; shorter spans overflow the rates
MIN_RATE = 1e-3  # --per-day
MAX_DAYS = 36_525.0  # --over: a century; longer spans print shares that round to nothing
MAX_RATE = 1e8       # --per-day: over a thousand times the highest rate of fire sourced


# ---------------------------------------------------------------------------- periods

@dataclass(frozen=True)
class Period:
    """A stretch of time with one rate: ``[start, end)``, read from an assumption's dates."""

    key: str
    start: dt.date
    end: dt.date

    @property
    def last_day(self) -> dt.date:
        """The period's last day (its ``end`` is the first day after it)."""
        return self.end - dt.timedelta(days=1)

    def overlap_months(self, a: dt.date, b: dt.date) -> float:
        """Months of this period inside ``[a, b)``."""
        days = (min(self.end, b) - max(self.start, a)).days
        return max(days, 0) / MONTH_DAYS


def _entry_date(assumptions: AssumptionSet, key: str, name: str) -> dt.date:
    a = assumptions[key]
    text = dict(a.extra).get(name)
    place = f"{a.file}: {key}.{name}"
    if text is None:
        raise AssumptionError(place, DATE_TEXT, MISSING)
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise date_problem(place, "a date such as \"2024-02-12\"", text,
                           AssumptionError) from None


def call_periods(assumptions: AssumptionSet, *, required: bool = True) -> tuple[Period, ...]:
    """The port-call rate periods (``calls.*``), in order, checked to follow each other
    (none, if not ``required`` and the assumptions have none); the first break is raised."""
    periods, problems = _periods(assumptions, required)
    if problems:
        raise problems[0]
    return periods


def call_period_problems(assumptions: AssumptionSet,
                         unread: Mapping[str, tuple[str, Period | None]] | None = None
                         ) -> list[InputError]:
    """Every break in the port-call periods: each date missing or not a date, a period
    that ends before it starts, and each gap or overlap between neighbours. ``unread``:
    port-call entries a file gives that could not be read (their problems said), each
    its file and the period its dates make (None where they make none: then no order is
    checked), in place of any entry of that key."""
    return _periods(assumptions, required=False, unread=unread)[1]


def _periods(assumptions: AssumptionSet, required: bool,
             unread: Mapping[str, tuple[str, Period | None]] | None = None
             ) -> tuple[tuple[Period, ...], list[InputError]]:
    unread = {k: u for k, u in (unread or {}).items() if k.startswith("calls.")}
    keys = [k for k in assumptions if k.startswith("calls.") and k not in unread]
    if not keys and not unread:
        if not required:
            return (), []
        raise InputError("assumptions", "port-call rates by period (calls.* entries)", "none")
    problems: list[InputError] = []
    dates = {(k, n): attempt(problems, partial(_entry_date, assumptions, k, n))
             for k in keys for n in ("period_start", "period_end")}
    if problems or any(p is None for _, p in unread.values()):
        return (), problems  # every date missing or not a date, each said; no order to check
    files = {**{k: assumptions[k].file for k in keys}, **{k: f for k, (f, _) in unread.items()}}
    periods = sorted([*(Period(k, dates[k, "period_start"], dates[k, "period_end"])
                        for k in keys), *(p for _, p in unread.values() if p is not None)],
                     key=lambda p: p.start)
    for p in periods:
        if p.end <= p.start and p.key not in unread:  # (an unread entry's own dates: said)
            problems.append(AssumptionError(f"{files[p.key]}: {p.key}.period_end",
                                            f"a date after period_start ({p.start})",
                                            p.end.isoformat()))
    if any(p.end < p.start for p in periods):  # the order of periods that run backwards
        return tuple(periods), problems        # means nothing (an empty one keeps its place)
    mine = {*assumptions.overridden, *assumptions.added, *unread}  # a user's: blame theirs
    for prev, p in itertools.pairwise(periods):
        if p.start != prev.end and prev.key in mine and p.key not in mine:
            problems.append(AssumptionError(
                f"{files[prev.key]}: {prev.key}.period_end",
                f"the start of the next period ({p.key}: {p.start}), with no gap or overlap",
                prev.end.isoformat()))
        elif p.start != prev.end:
            problems.append(AssumptionError(
                f"{files[p.key]}: {p.key}.period_start",
                f"the end of the period before it ({prev.key}: {prev.end}), with no gap or "
                "overlap", p.start.isoformat()))
    return tuple(periods), problems


def calls_between(d: Draws, periods: Sequence[Period], a: dt.date, b: dt.date) -> pint.Quantity:
    """Port calls in ``[a, b)``: each period's rate times the months it overlaps."""
    total = np.zeros(d.size)
    for p in periods:
        months = p.overlap_months(a, b)
        if months > 0:
            total = total + d[p.key].m_as("port_call/month") * months
    return Q_(total, "port_call")


def next_month(day: dt.date) -> dt.date:
    """The first day of the month after ``day``'s."""
    return (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)


_DAY = re.compile(r"\d{4}-\d{2}(-\d{2})?")


def parse_month(text: str, option: str, *, last: bool = False,
                expected: str = "a month such as 2023-08 or a date such as 2024-02-12",
                ) -> dt.date:
    """``2023-08`` (the month's first day; with ``last`` its last day) or a full date
    ``2024-02-12``, without the spaces around it, an en dash read as a hyphen (as a count
    reads it); any other form is one error naming ``option``."""
    try:
        if not isinstance(text, str) or not plain_digits(text):
            raise ValueError(text)
        written = text.strip().translate(DASHES)
        if not _DAY.fullmatch(written):
            raise ValueError(text)
        day = dt.date.fromisoformat(written if len(written) > 7 else f"{written}-01")
        if len(written) == 7 and last:  # the month's last day (December's, without a January)
            return dt.date(day.year, 12, 31) if day.month == 12 else (
                next_month(day) - dt.timedelta(days=1))
        return day
    except (ValueError, TypeError):
        digits = "" if not isinstance(text, str) or plain_digits(text) else " (digits 0-9)"
        raise date_problem(option, expected + digits, text) from None


def as_date(value: object, option: str, *, last: bool = False,
            expected: str = "a month such as 2023-08 or a date such as 2024-02-12") -> dt.date:
    """A date given as a ``datetime.date`` (a ``datetime``'s or ``numpy.datetime64``'s
    day; a ``datetime64`` of a month is that month, as its text is) or as text, read by
    :func:`parse_month`; anything else is one error naming ``option``."""
    if isinstance(value, np.datetime64) and not np.isnat(value):  # numpy's, as pandas gives
        # a month of numpy's is read as that month written out (its last day for an end),
        # a year as its first month or, for an end, its last
        unit = np.datetime_data(value.dtype)[0]
        if unit == "M":
            value = str(value)
        elif unit == "Y":
            value = f"{value}-{'12' if last else '01'}"
        else:
            value = value.astype("datetime64[D]").item()
    if isinstance(value, dt.datetime):  # a datetime is a date, but compares with none
        value = value.date()
    if isinstance(value, dt.date):
        return value
    return parse_month(value, option, last=last, expected=expected)  # type: ignore[arg-type]


def _date_error(option: str, expected: str, day: dt.date, given: object) -> InputError:
    """An error naming what the user gave, and the day it was read as where that differs
    (``2030-01`` as an end is ``2030-01-31``)."""
    if isinstance(given, str) and given.strip() != day.isoformat():
        return InputError(option, expected, given, hint=f"read as {day}")
    return InputError(option, expected, day.isoformat())


def check_in_timeline(day: dt.date, periods: Sequence[Period], option: str,
                      given: object = None) -> None:
    """``day`` must fall within the call periods: one error naming ``option`` if not."""
    first, last = periods[0].start, periods[-1].end
    if day < first:
        raise _date_error(option, f"a date on or after the timeline's start ({first})", day,
                          given)
    if day >= last:
        raise _date_error(option, f"a date before the timeline's end ({last}; to go "
                          f"further, add a calls.NAME period from {last} in an assumptions file of "
                          "your own)",
                          day, given)


def timeline_span(start: str | dt.date | None, end: str | dt.date | None,
                  periods: Sequence[Period], options: tuple[str, str] = ("start", "end"),
                  ) -> tuple[dt.date, dt.date]:
    """The days from ``start`` to the day after ``end`` (a month: from its first day, or
    through its last), by default the call periods' whole span; each checked to lie in
    the timeline, and in order (errors name ``options``)."""
    a = periods[0].start if start is None else as_date(start, options[0])
    # through the last day (a month's last): the day after it is the timeline's end
    last = (periods[-1].last_day if end is None
            else as_date(end, options[1], last=True))
    _span(periods, a, last, options, (start, end))
    return a, last + dt.timedelta(days=1)


def delivered_by_sea(periods: Sequence[Period], start: dt.date, end: dt.date, basis: str,
                     measures: Sequence[str] = tuple(FOOTING), reference: str = REFERENCE,
                     ) -> Callable[[Draws], dict[str, pint.Quantity]]:
    """A model of the deliveries by sea from ``start`` to ``end`` (exclusive): the calls
    over the days times containers a call, on the common ``measures`` (:data:`FOOTING`,
    ``rounds_152`` of the ``reference`` calibre), reading only the inputs those need."""
    def model(d: Draws) -> dict[str, pint.Quantity]:
        chain = Chain(d, basis)
        boxes = (calls_between(d, periods, start, end) * _per_call(chain)).to("container")
        return chain.footing(boxes, measures=measures, reference=reference)

    return model


def _span(periods: Sequence[Period], start: dt.date, last_day: dt.date,
          options: tuple[str, str], given: tuple[object, object]) -> None:
    check_in_timeline(start, periods, options[0], given[0])
    check_in_timeline(last_day, periods, options[1], given[1])
    if last_day < start:
        raise _date_error(options[1], f"a date on or after the start ({start})", last_day,
                          given[1])


# ---------------------------------------------------------------------------- timeline

@dataclass(frozen=True)
class MonthRow:
    """One month of a :class:`Timeline`: port calls and containers in the month, and in
    ``cumulative`` port calls, containers, rounds and usable rounds (every common measure)
    from the timeline's start through the month's end."""

    month: str
    calls: Summary
    containers: Summary
    cumulative: dict[str, Summary]
    start: dt.date | None = None  # the part of the month counted: [start, end), the whole
    end: dt.date | None = None    # month but where --from or --to cut it

    @property
    def partial(self) -> bool:
        """Only part of the month is counted (the run starts or ends inside it)."""
        return self.start is not None and self.end is not None and (
            self.start.day != 1 or self.end.day != 1)

    def __post_init__(self) -> None:
        freeze_fields(self)


@dataclass(frozen=True)
class Timeline:
    """What :func:`estimate_timeline` gives: ``rows`` month by month from ``start`` up to
    ``end`` (exclusive: the day after the last day counted), the call periods they draw on,
    the run record, the assumptions used and the reference calibre (of ``rounds_152``)."""

    start: dt.date
    end: dt.date
    basis: str
    rows: tuple[MonthRow, ...]
    periods: tuple[Period, ...]
    record: RunRecord
    used: tuple[str, ...]
    assumptions: AssumptionSet = field(repr=False)
    reference: str = REFERENCE

    def __repr__(self) -> str:
        return self.record.repr_of(self, f"start={self.start.isoformat()!r}",
                                   f"end={self.end.isoformat()!r}", f"{len(self.rows)} months",
                                   f"basis={self.basis!r}", reference=self.reference)


def _months(start: dt.date, end: dt.date) -> list[tuple[str, dt.date, dt.date]]:
    out = []
    m = start.replace(day=1)
    while m < end:
        nxt = next_month(m)
        out.append((f"{m.year:04d}-{m.month:02d}", max(m, start), min(nxt, end)))
        m = nxt
    return out


@takes_precision
def estimate_timeline(
    start: str | dt.date | None = None,
    end: str | dt.date | None = None,
    assumptions: AssumptionSet | None = None,
    *,
    basis: str = "complete",
    reference: str = REFERENCE,
    samples: int = DEFAULT_SAMPLES,
    seed: int = DEFAULT_SEED,
    block_size: int = DEFAULT_BLOCK,
    method: str = "mc",
    precision: float | None = None,  # taken by @takes_precision
) -> Timeline:
    """Month by month from ``start`` through ``end``: port calls and containers in each
    month, and port calls (expected calls: rate times days), containers, rounds and usable
    rounds accumulated from ``start`` (and tonnes, and ``rounds_152``: the same boxes
    filled with the ``reference`` calibre, a ``munitions`` group of ``assumptions``).

    ``start`` and ``end`` are months (``"2024-05"``: from its first day, through its last)
    or days (``"2024-05-14"``, a ``datetime.date``: from, or through, that day; the month
    it falls in then counts only those days). Defaults: the first call period's start and
    the last one's end. ``Timeline.end`` is exclusive, the day after the last one counted.

    >>> t = estimate_timeline("2023-08", "2024-02", samples=2000, seed=1)
    >>> [r.month for r in t.rows][-2:], str(t.end)
    (['2024-01', '2024-02'], '2024-03-01')
    >>> t.rows[-1].cumulative["rounds"].to("Mrd").p50 > 1
    True
    """
    assumptions = given_or_defaults(assumptions)
    basis = check_basis(basis)
    reference = check_reference(reference, assumptions.calibres())
    periods = call_periods(assumptions)
    a, b = timeline_span(start, end, periods)
    months = _months(a, b)
    engine = Engine(assumptions.values(), seed=seed, samples=samples, block_size=block_size,
                    method=method, correlations=assumptions.correlations.values())
    # its outputs grow with the months: refused before the first block allocates them
    # (a period of one's own from 1900 made a run of the default samples take 8 GB), each
    # month's outputs kept whole and, for one block, worked out beside them
    cumulative = {"calls": "port_call", **FOOTING}  # what is summed from the start
    per_sample = 8.0 * (2 + len(cumulative)) * len(months)
    check_budget(per_sample, engine.samples, f"{2 + len(cumulative)} outputs for each of its "
                 f"{len(months):,} months, and as much again for one block's trials",
                 per_block_sample=per_sample, block=engine.block_size, method=engine.method)

    def model(d: Draws) -> dict[str, pint.Quantity]:
        chain = Chain(d, basis)
        per_call = _per_call(chain)
        dud = d["duds.dud_rate"]
        out: dict[str, pint.Quantity] = {}
        total = Q_(np.zeros(d.size), "container")
        called = Q_(np.zeros(d.size), "port_call")
        for label, m0, m1 in months:
            calls = calls_between(d, periods, m0, m1)
            boxes = (calls * per_call).to("container")
            total, called = total + boxes, called + calls
            out[f"{label}.calls"] = calls
            out[f"{label}.containers"] = boxes
            out[f"{label}.cum.calls"] = called
            for name, q in chain.footing(total, dud, reference=reference).items():
                out[f"{label}.cum.{name}"] = q
        return out

    arrays = engine.run(model)
    rows = tuple(MonthRow(label, arrays.summarize(arrays[f"{label}.calls"], "port_call"),
                          arrays.summarize(arrays[f"{label}.containers"], "container"),
                          {n: arrays.summarize(arrays[f"{label}.cum.{n}"], u)
                           for n, u in cumulative.items()}, m0, m1)
                 for label, m0, m1 in months)
    return Timeline(a, b, basis, rows, periods, run_record(engine, assumptions), engine.assumptions_used,
                    assumptions, reference)


def _per_call(chain: Chain, ship: str | None = None) -> pint.Quantity:
    per = chain.per_call(ship)
    if per is None:
        raise InputError("assumptions", "ships.call_share and ships.*.containers_per_call",
                         "none")
    return per


# ---------------------------------------------------------------------------- port calls, rail

@dataclass(frozen=True)
class LogisticsEstimate:
    """A count of port calls, rail cars or trains, as containers and on every common measure."""

    count: Count
    measure: str
    label: str
    per_unit: Summary
    footing: dict[str, Summary]
    compare: tuple[tuple[str, Summary, str, str], ...]  # label, implied per unit, count, scope
    basis: str
    record: RunRecord
    used: tuple[str, ...]
    assumptions: AssumptionSet = field(repr=False)
    # rail cars and trains: a car's gross load (its boxes' cargo and tare), and the share
    # of trials in which it passes the car's rated load (containers.limits.rail_flatcar_load)
    # with its Monte Carlo standard error (the mean of a 0-or-1 figure: no percentiles)
    car_load: Summary | None = None
    over_rated_share: float | None = None
    over_rated_se: float | None = None
    # the calibre the boxes are filled with on the footing: "mix" (the calibre mix), or
    # one calibre alone (its rounds, tonnes and usable rounds; the reference's alike)
    calibre: str = MIX
    reference: str = REFERENCE  # the calibre of the footing's rounds_152

    def __post_init__(self) -> None:
        freeze_fields(self)

    def __repr__(self) -> str:
        return self.record.repr_of(self, f"count={self.count.text!r}", f"measure={self.measure!r}",
                                   f"basis={self.basis!r}", f"calibre={self.calibre!r}",
                                   reference=self.reference)


RATED_LOAD = "containers.limits.rail_flatcar_load"


def _car_load(chain: Chain, d: Draws, calibre: str = MIX) -> dict[str, pint.Quantity]:
    """A rail car's gross load: its boxes (``rail.containers_per_car``) each with the
    cargo the chain gives a box of ``calibre`` (default: the mix) and the tare of its size;
    and 1 in the trials where that passes the car's rated load, else 0."""
    tare = chain.boxes_average([d[f"containers.{box}.tare"] for box in BOXES]) / ureg.container
    load = (d["rail.containers_per_car"] * (chain.cargo_mass(calibre) + tare)).to("t/rail_car")
    over = load.m_as("t/rail_car") > d[RATED_LOAD].m_as("t")
    return {"car_load": load, "over_rated": Q_(over.astype(float), "")}


def _logistics(count: CountLike, measure: str, option: str, per_unit: str,
               assumptions: AssumptionSet | None, ship: str | None, basis: str,
               compare: Sequence[tuple[str, Count, str]], samples: int, seed: int,
               block_size: int, method: str, calibre: str = MIX,
               reference: str = REFERENCE) -> LogisticsEstimate:
    spelled = {"port_calls": "port_call", "rail_cars": "rail_car", "trains": "train"}[measure]
    count = as_count(count, spelled, option)
    if compare and count.high <= 0:
        raise InputError("compare", f"{measure.replace('_', ' ')} above 0 to set a containers "
                         "count beside (over none, no containers per call are implied)",
                         count.text)
    assumptions = given_or_defaults(assumptions)
    basis = check_basis(basis)
    calibre = one_of(calibre, [*assumptions.calibres(), MIX], "calibre")  # in any case
    reference = check_reference(reference, assumptions.calibres())
    unit = ureg.Unit(spelled)
    inputs = [*assumptions.values(), *count_inputs("count", count, assumptions, unit)]
    for key, c, _ in compare:
        inputs += count_inputs(f"compare.{key}", c, assumptions, ureg.container)
    engine = Engine(inputs, seed=seed, samples=samples, block_size=block_size,
                    method=method, correlations=assumptions.correlations.values())

    def model(d: Draws) -> dict[str, pint.Quantity]:
        chain = Chain(d, basis)
        n = count_value(d, "count", count)
        one = chain.containers_from(Q_(np.ones(d.size), unit), measure, ship=ship)
        if one is None:
            raise InputError("assumptions", f"the {per_unit} assumptions", "none")
        boxes = n * one / Q_(1.0, unit)  # containers are linear in the count: 0 calls, 0 boxes
        out = {f"footing.{k}": v for k, v in chain.footing(boxes, d["duds.dud_rate"],
                                                            calibre=calibre,
                                                            reference=reference).items()}
        out["per_unit"] = one / Q_(1.0, unit)
        if measure != "port_calls" and RATED_LOAD in d.inputs:
            out |= _car_load(chain, d, calibre)
        with np.errstate(divide="ignore", invalid="ignore"):
            for key, c, scope in compare:
                boxes_of = count_value(d, f"compare.{key}", c)
                if scope == "munitions_or_related":  # as reconcile and the pooled estimate read it
                    boxes_of = boxes_of * d["scope.munitions_share"].m_as("")
                out[f"compare.{key}"] = boxes_of / n
        return out

    arrays = engine.run(model)
    per_text = f"container/{unit:~P}".replace(" ", "")
    label = {"port_calls": f"port calls by {ship or 'the fleet (ships.call_share)'}",
             "rail_cars": "rail cars", "trains": "trains"}[measure]
    return LogisticsEstimate(
        count, measure, label, arrays.summarize(arrays["per_unit"], per_text),
        {k: arrays.summarize(arrays[f"footing.{k}"], u) for k, u in FOOTING.items()},
        tuple((key, arrays.summarize(arrays[f"compare.{key}"], per_text), c.text, scope)
              for key, c, scope in compare),
        basis, run_record(engine, assumptions),
        engine.assumptions_used,
        assumptions,
        calibre=calibre, reference=reference, **_car_load_fields(arrays))


def _car_load_fields(arrays: Results) -> dict[str, Any]:
    """A car's gross load, and the share of trials above its rated load with its standard
    error, where a run has them."""
    if "car_load" not in arrays:
        return {}
    over = arrays.summarize(arrays["over_rated"], "")
    return {"car_load": arrays.summarize(arrays["car_load"], "t/railcar"),
            "over_rated_share": over.mean, "over_rated_se": over.se_mean}


def claim_counts(ids: Sequence[str], catalogue: Catalogue | None = None, *,
                 ship: str | None = None) -> list[tuple[str, Count, str]]:
    """``(id, count, scope)`` of each containers claim named, from ``catalogue`` (the
    default one if not given): what ``compare`` takes. A claim counts the boxes of all
    the traffic, so none is set beside one ``ship``'s calls."""
    if catalogue is None:
        catalogue = Catalogue.defaults()
    if ship is not None and ids:
        raise InputError("compare", "no claim beside one ship's calls (a claim's containers "
                         "are of every ship: over one ship's calls they imply a load no call "
                         "carried); compare over the fleet's calls, without a ship",
                         f"{ids[0]}, beside the calls of {ship}")
    out = []
    for cid in ids:
        claim = catalogue.get(spelled(cid, catalogue) or cid)  # an id in any case
        if claim is None or claim.measure != "containers":
            raise unknown_claim("compare", cid, [c.id for c in catalogue.values()
                                                 if c.measure == "containers"],
                                "the id of a claim that counts containers", None if
                                claim is None else Words(f"{cid}, which counts "
                                                         f"{claim.measure.replace('_', ' ')}"))
        out.append((claim.id, claim.count, claim.scope))
    return out


@takes_precision
def estimate_port_calls(count: CountLike, assumptions: AssumptionSet | None = None,
                        *, ship: str | None = None,
                        compare: Sequence[str | tuple[str, CountLike]
                                          | tuple[str, CountLike, str]] | None = (),
                        basis: str = "complete", calibre: str = MIX,
                        reference: str = REFERENCE,
                        samples: int = DEFAULT_SAMPLES, seed: int = DEFAULT_SEED,
                        block_size: int = DEFAULT_BLOCK,
                        method: str = "mc", precision: float | None = None) -> LogisticsEstimate:
    """Port calls (by one ship, or the fleet mix) to containers, rounds and usable rounds.

    ``calibre``: the rounds, tonnes and usable rounds of the boxes filled with one calibre
    alone (``"152mm_he"``), or of the calibre mix (``"mix"``, the default). ``reference``:
    the calibre of the footing's ``rounds_152`` (the same boxes filled with it;
    ``"152mm_he"`` by default), a ``munitions`` group of ``assumptions``.

    ``compare`` sets container counts seen over the same calls beside them: the output
    then gives the containers per call the two imply together. Each is a claim's id in the
    default catalogue (``"shin_6700_containers"``, as ``--compare`` takes it; the command
    compares with that one by default, this function with none), or a label with a count
    (written, or a :class:`~estimator.counts.Count`) and optionally a claim's scope, which
    says what the count counts: ``"munitions_or_related"`` (the US State Department's
    wording) is read, as everywhere, as munitions containers / ``scope.munitions_share``.

    >>> est = estimate_port_calls("32", compare=["shin_6700_containers"], samples=2000,
    ...                           seed=1)
    >>> 100 < est.per_unit.p50 < 300  # containers a port call
    True
    """
    assumptions = given_or_defaults(assumptions)
    if isinstance(compare, str):  # one claim id, as calibres= and claims= take one name
        compare = [compare]
    try:
        items = list(() if compare is None else compare)  # None: nothing to compare
    except TypeError:
        raise InputError("compare", "a list of claim ids or (label, count) pairs",
                         type(compare).__name__) from None
    pairs = []
    for item in items:
        if isinstance(item, str):
            if ship is not None:
                claim_counts([item], ship=ship)  # refused, saying why
            try:
                pairs += claim_counts([item])
            except InputError:
                raise InputError("compare", "ids of claims that count containers, or (label, "
                                 "container count) pairs, such as [('shin', '~6,700')]",
                                 item) from None
            continue
        if not (isinstance(item, (tuple, list)) and len(item) in (2, 3)
                and isinstance(item[0], str)
                and (len(item) == 2 or item[2] in SCOPES)):
            raise InputError("compare", "(label, container count) pairs, such as "
                             "[('shin', '~6,700')], each with a claim's scope after it if "
                             f"it has one ({', '.join(SCOPES)})", item)
        label, c, *scope = item
        pairs.append((label, as_count(c, "container", f"compare {label}"),
                      scope[0] if scope else "munitions"))
    pairs = list(dict.fromkeys(pairs))  # a count given twice is compared once
    twice = first_repeat(label for label, _, _ in pairs)
    if twice is not None:  # one label names one count: two would share its draws
        raise InputError("compare", "each label once (a claim's id, or a label of your own, "
                         "names one count)", f"{twice!r} with two counts")
    if ship is not None:
        ship = one_of(ship, _ships(assumptions), "ship")  # in any case ("Angara")
    return _logistics(count, "port_calls", "count", "ships.*.containers_per_call",
                      assumptions, ship, basis, pairs, samples, seed, block_size, method,
                      calibre, reference)


@takes_precision
def estimate_rail(count: CountLike, assumptions: AssumptionSet | None = None, *,
                  trains: bool = False, basis: str = "complete", calibre: str = MIX,
                  reference: str = REFERENCE,
                  samples: int = DEFAULT_SAMPLES, seed: int = DEFAULT_SEED,
                  block_size: int = DEFAULT_BLOCK, method: str = "mc",
                  precision: float | None = None) -> LogisticsEstimate:
    """Rail cars (or whole trains, ``trains=True``) to containers, rounds and usable
    rounds, through ``rail.*`` (containers a car, cars a train). ``calibre``: the boxes
    filled with one calibre alone (their rounds, tonnes and usable rounds, and the cargo
    a car's load is weighed with), or with the calibre mix (``"mix"``, the default).
    ``reference``: the calibre of the footing's ``rounds_152``, as for
    :func:`estimate_port_calls`.

    >>> est = estimate_rail("100", samples=2000, seed=1)
    >>> est.footing["containers"].p50 > 100
    True
    """
    trains = flag(trains, "trains")
    return _logistics(count, "trains" if trains else "rail_cars",
                      "count", "rail.*", assumptions, None, basis,
                      (), samples, seed, block_size, method, calibre, reference)


def _ships(assumptions: AssumptionSet) -> tuple[str, ...]:
    share = assumptions.get("ships.call_share")
    return tuple(getattr(share.distribution, "categories", ())) if share else ()


# ---------------------------------------------------------------------------- days of fire

@dataclass(frozen=True)
class DaysRow:
    """One sourced rate (``consumption.*`` or ``production.*``) against the stock: the
    rate, the days the stock lasts at it, and with ``over_days`` the stock's share of it."""

    key: str
    period: str
    rate: Summary
    days: Summary | None
    share: Summary | None

    @property
    def kind(self) -> str:
        """``consumption`` (days are days of fire) or ``production`` (days of output)."""
        return self.key.split(".", 1)[0]


@dataclass(frozen=True)
class DaysEstimate:
    """What :func:`estimate_days` gives: one :class:`DaysRow` a rate; with ``over_days``,
    ``per_day`` (the rounds a day the stock sustains); with a stated rate a day
    (``stated_per_day``), ``implied_days`` (how long the stock lasts at it)."""

    rounds: Count
    over_days: float | None
    per_day: Summary | None
    stated_per_day: float | None
    implied_days: Summary | None
    usable: bool
    rows: tuple[DaysRow, ...]
    record: RunRecord
    used: tuple[str, ...]
    assumptions: AssumptionSet = field(repr=False)

    def __repr__(self) -> str:
        return self.record.repr_of(self, f"rounds={self.rounds.text!r}", f"{len(self.rows)} rates",
                                   f"usable={self.usable}")


def _amount(value: object, unit: str, dimension: str, option: str, expected: str,
            least: float, most: float) -> float | None:
    """``value`` as a number of ``unit``: a number, or a quantity of ``dimension``
    (``365 * ureg.day``, ``ureg("1 year")``), from ``least`` to ``most``; None stays None."""
    if value is None:
        return None
    if isinstance(value, pint.Quantity):
        if value.dimensionality != Q_(1, unit).dimensionality:
            raise InputError(option, f"{expected}, or a quantity of {dimension}",
                             f"{value:P}" if not np.ndim(value.magnitude) else f"{value.units:P}")
        value = value.m_as(unit)
    if not (finite(value) and least <= value <= most):  # type: ignore[operator]
        # a number as written ('36,526', '0'), not Python's float ('36526.0')
        shown = Words(f"{float(value):,.15g}") if finite(value) else value
        raise InputError(option, expected, shown)
    return float(value)


RATE_GROUPS = ("consumption.", "production.")


@takes_precision
def estimate_days(rounds: CountLike, assumptions: AssumptionSet | None = None, *,
                  over_days: float | pint.Quantity | None = None,
                  per_day: float | pint.Quantity | None = None,
                  periods: str | Sequence[str] | None = None,
                  usable: bool = False, samples: int = DEFAULT_SAMPLES,
                  seed: int = DEFAULT_SEED, block_size: int = DEFAULT_BLOCK,
                  method: str = "mc", precision: float | None = None) -> DaysEstimate:
    """Rounds against Russian fire: days of fire at each consumption rate (and, apart,
    the days of Russian output the stock equals at each production rate), and, with
    ``over_days``, the rounds per day the stock sustains and its share of each rate.

    ``per_day`` is the reverse: the period over which the stock gives that many rounds a
    day ("another million shells, another 2,700 rounds a day": about 370 days). Each may
    be a number (of days; of rounds a day) or a quantity (``ureg("1 year")``).
    ``usable`` first takes out duds (``duds.dud_rate``).

    >>> est = estimate_days("1M", over_days=370, periods=["consumption.jan_may_2024"],
    ...                     samples=2000, seed=1)
    >>> round(est.per_day.p50)
    2703
    """
    usable = flag(usable, "usable")
    count = as_count(rounds, "round", "rounds")
    assumptions = given_or_defaults(assumptions)
    keys = [k for k in assumptions if k.startswith(RATE_GROUPS)
            and assumptions[k].unit.dimensionality == ureg("round/day").dimensionality]
    keys.sort(key=lambda k: not k.startswith("consumption."))  # fire first, then output
    periods = some_names(periods, "periods", "one or more rate keys (or None for all)")
    if periods:
        # a consumption key as the table prints it (jan_may_2024) or whole
        # in any case, as the keys' own (lower-case) names are taken elsewhere
        periods = [spelled(k, keys) or spelled(f"consumption.{k}", keys) or k for k in periods]
        for k in periods:
            if k not in keys:
                short = [c.removeprefix("consumption.") for c in keys]
                # by the name after the group ('rusi_2023' is production.rusi_2023's)
                named = {c.split(".", 1)[-1]: s for c, s in zip(keys, short, strict=True)}
                several = run_together(k, [*keys, *short], "periods")
                close = None if several else nearest(k.split(".", 1)[-1], named, cutoff=0.75)
                raise InputError("periods", "a rate key, as the table's 'rate key' column "
                                 "names it" + (f" (did you mean '{named[close]}'?)" if close
                                               else ": " + ", ".join(short)), k,
                                 hint=several or "")
        keys = list(dict.fromkeys(periods))
    over_days = _amount(over_days, "day", "time", "over_days",
                        f"a number of days from {MIN_DAYS:g} to {MAX_DAYS:,.0f}",
                        MIN_DAYS, MAX_DAYS)
    per_day = _amount(per_day, "round/day", "rounds per time", "per_day",
                      f"a number of rounds a day from {MIN_RATE:g} to {MAX_RATE:,.0f}",
                      MIN_RATE, MAX_RATE)
    inputs = [*assumptions.values(), *count_inputs("count", count, assumptions, ureg.round)]
    engine = Engine(inputs, seed=seed, samples=samples, block_size=block_size,
                    method=method, correlations=assumptions.correlations.values())

    def model(d: Draws) -> dict[str, pint.Quantity]:
        n = count_value(d, "count", count)
        if usable:
            n = n * (1.0 - d["duds.dud_rate"].m_as(""))
        out: dict[str, pint.Quantity] = {"rounds": n}
        sustained = None if over_days is None else n / Q_(over_days, "day")
        if sustained is not None:
            out["per_day"] = sustained.to("round/day")
        if per_day is not None:
            out["implied_days"] = (n / Q_(per_day, "round/day")).to("day")
        for k in keys:
            rate = d[k].to("round/day")
            out[f"{k}.rate"] = rate
            out[f"{k}.days"] = (n / rate).to("day")
            if sustained is not None:
                out[f"{k}.share"] = (sustained / rate).to("")
        return out

    arrays = engine.run(model)
    rows = []
    for k in keys:
        extra = dict(assumptions[k].extra)
        period = f"{extra.get('period_start', '?')} to {extra.get('period_end', '?')}"
        rows.append(DaysRow(k, period, arrays.summarize(arrays[f"{k}.rate"], "round/day"),
                            arrays.summarize(arrays[f"{k}.days"], "day"),
                            arrays.summarize(arrays[f"{k}.share"], "") if over_days else None))
    return DaysEstimate(count, over_days, arrays.summarize(arrays["per_day"], "round/day")
                        if over_days else None, per_day,
                        arrays.summarize(arrays["implied_days"], "day") if per_day else None,
                        usable, tuple(rows),
                        run_record(engine, assumptions),
                        engine.assumptions_used, assumptions)
