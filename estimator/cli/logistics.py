"""``estimate port-calls``, ``rail``, ``timeline`` and ``days``: ships, trains, time and fire."""

from __future__ import annotations

import warnings
from typing import Annotated

import typer

from estimator.chain import REFERENCE
from estimator.cli.common import (
    AssumptionsOpt,
    BasisOpt,
    Counted,
    FormatOpt,
    FromOpt,
    Method,
    MethodOpt,
    NoCatalogueOpt,
    OutputOpt,
    PrecisionOpt,
    ReferenceOpt,
    ReportsOpt,
    SamplesOpt,
    SeedOpt,
    TimelineReferenceOpt,
    ToOpt,
    Written,
    as_typed,
    check_seed,
    emit,
    format_for,
    load_assumptions,
    load_catalogue,
    sampled,
)
from estimator.counts import Count
from estimator.errors import InputError
from estimator.estimates import DEFAULT_SAMPLES, DEFAULT_SEED

CalibreOpt = Annotated[str, typer.Option(
    "--calibre", metavar="CALIBRE", help="Fill the boxes with this calibre alone, e.g. 152mm_he: its rounds, "
    "tonnes and usable rounds; 'mix' for the calibre mix (the default).")]


def port_calls(
    count: Annotated[Count, typer.Option(
        "--count", "-c", click_type=Counted("--count"),
        help="Port calls, as written: 32, 32+, ~30, 30-35.")],
    ship: Annotated[str | None, typer.Option(
        "--ship", metavar="SHIP", help="One ship, e.g. angara (lady_r, angara, maia_1, "
        "maria); default: the fleet mix (ships.call_share).")] = None,
    compare: Annotated[list[str] | None, typer.Option(
        "--compare", metavar="ID", help="A containers claim over the same calls, e.g. "
        "state_dept_10000_containers (repeatable; default, for the fleet only, not with "
        "--ship: shin_6700_containers): shows the containers per call the two imply.")
    ] = None,
    calibre: CalibreOpt = "mix",
    basis: BasisOpt = "complete",
    reference: ReferenceOpt = REFERENCE,
    reports: ReportsOpt = None,
    no_catalogue: NoCatalogueOpt = False,
    samples: SamplesOpt = DEFAULT_SAMPLES,
    precision: PrecisionOpt = None,
    seed: SeedOpt = DEFAULT_SEED,
    method: MethodOpt = Method.mc,
    assumptions: AssumptionsOpt = None,
    fmt: FormatOpt = None,
    output: OutputOpt = None,
) -> None:
    """Port calls to containers, rounds and usable rounds, beside a containers claim.

    Examples:

      estimate port-calls --count 32+

      estimate port-calls --count 11 --ship angara --format json

      estimate port-calls -c 32+ --compare shin_6700_containers --basis projectile
    """
    from estimator.logistics import claim_counts, estimate_port_calls
    from estimator.report.logistics import render_logistics

    loaded = load_assumptions(assumptions)
    catalogue = load_catalogue(reports, loaded, no_catalogue)
    # a fleet's count of boxes over one ship's calls means nothing: no default with --ship
    default = "shin_6700_containers" in catalogue and ship is None
    wanted = compare if compare is not None else (
        ["shin_6700_containers"] if default and count.high > 0 else [])
    if compare is None and default and count.high == 0:
        warnings.warn("--compare: the default comparison with shin_6700_containers is left "
                      "out: over 0 port calls no containers per call are implied", stacklevel=1)
    pairs = claim_counts(wanted, catalogue, ship=ship)
    est = sampled(lambda n: estimate_port_calls(count, loaded, ship=ship, compare=pairs,
                                                basis=basis, calibre=calibre,
                                                reference=reference, samples=n,
                                                seed=check_seed(seed),
                                                method=method.value), samples, precision)
    emit(render_logistics(est, format_for(fmt, output), catalogue), output)


def rail(
    cars: Annotated[Count | None, typer.Option(
        "--cars", click_type=Counted("--cars"),
        help="Rail cars (flatcars), as written: 120, ~100, 100-150. Exactly one of --cars "
        "and --trains is needed.")] = None,
    trains: Annotated[Count | None, typer.Option(
        "--trains", click_type=Counted("--trains"),
        help="Whole trains (rail.cars_per_train cars each), as written: 3, ~3, 2-4. "
        "Exactly one of --cars and --trains is needed.")] = None,
    calibre: CalibreOpt = "mix",
    basis: BasisOpt = "complete",
    reference: ReferenceOpt = REFERENCE,
    samples: SamplesOpt = DEFAULT_SAMPLES,
    precision: PrecisionOpt = None,
    seed: SeedOpt = DEFAULT_SEED,
    method: MethodOpt = Method.mc,
    assumptions: AssumptionsOpt = None,
    fmt: FormatOpt = None,
    output: OutputOpt = None,
) -> None:
    """Rail cars (or trains) to containers, rounds and usable rounds.

    Examples:

      estimate rail --cars 120

      estimate rail --trains 3 --format markdown
    """
    if (cars is None) == (trains is None):
        raise InputError("--cars/--trains", "exactly one of the two",
                         "both" if cars is not None else "neither")
    from estimator.logistics import estimate_rail
    from estimator.report.logistics import render_logistics

    loaded = load_assumptions(assumptions)
    est = sampled(lambda n: estimate_rail(cars if cars is not None else trains, loaded,
                                          trains=trains is not None, basis=basis,
                                          calibre=calibre, reference=reference, samples=n,
                                          seed=check_seed(seed), method=method.value),
                  samples, precision)
    emit(render_logistics(est, format_for(fmt, output)), output)


def timeline(
    start: FromOpt = None,
    end: ToOpt = None,
    basis: BasisOpt = "complete",
    reference: TimelineReferenceOpt = REFERENCE,
    samples: SamplesOpt = DEFAULT_SAMPLES,
    precision: PrecisionOpt = None,
    seed: SeedOpt = DEFAULT_SEED,
    method: MethodOpt = Method.mc,
    assumptions: AssumptionsOpt = None,
    fmt: FormatOpt = None,
    output: OutputOpt = None,
) -> None:
    """Deliveries month by month: port calls, containers, and cumulative port calls,
    containers, rounds and usable rounds, with the documented pauses and slowdowns.

    Examples:

      estimate timeline --from 2023-08 --to 2026-01

      estimate timeline --from 2024-01 --to 2024-12 --format csv -o 2024.csv
    """
    from estimator.logistics import estimate_timeline
    from estimator.report.logistics import render_timeline

    loaded = load_assumptions(assumptions)
    t = sampled(lambda n: estimate_timeline(start, end, loaded, basis=basis,
                                            reference=reference, samples=n,
                                            seed=check_seed(seed), method=method.value),
                samples, precision)
    emit(render_timeline(t, format_for(fmt, output)), output)


def days(
    rounds: Annotated[Count, typer.Option(
        "--rounds", click_type=Counted("--rounds"),
        help="Rounds, as written: 1M, 1.5M, ~1.5M, 6.5M-8M, 1M+.")],
    over: Annotated[float | None, typer.Option(
        "--over", click_type=Written("--over", examples="365, 1,000 or 1e3 (days)"),
        help="Spread the rounds over this many days (0.001 to 36,525, a century), e.g. 365: "
        "rounds a day, and the share of each rate (of fire, or of output) that is.")] = None,
    per_day: Annotated[float | None, typer.Option(
        "--per-day", click_type=Written("--per-day"), help="The reverse: how many days the "
        "rounds last at this many a day (0.001 to 100,000,000), e.g. 2700, 2,700 or "
        "2.7k.")] = None,
    period: Annotated[list[str] | None, typer.Option(
        "--period", metavar="RATE", help="Only these rates (repeatable), by the key the table prints, e.g. "
        "jan_may_2024 (short for consumption.jan_may_2024) or production.nato_2024; "
        "default: all.")] = None,
    usable: Annotated[bool, typer.Option(
        "--usable", help="Take out duds first (duds.dud_rate): the days the working "
        "rounds alone last, against rates that count every round fired, duds too.")] = False,
    samples: SamplesOpt = DEFAULT_SAMPLES,
    precision: PrecisionOpt = None,
    seed: SeedOpt = DEFAULT_SEED,
    method: MethodOpt = Method.mc,
    assumptions: AssumptionsOpt = None,
    fmt: FormatOpt = None,
    output: OutputOpt = None,
) -> None:
    """Rounds against Russian fire: days of fire at each sourced consumption rate, and,
    apart, the days of Russian output they equal at each production rate.

    Examples:

      estimate days --rounds 1M

      estimate days --rounds 1M --per-day 2700     # the period behind "2,700 more a day"

      estimate days --rounds 1.5M --usable --over 365 --period consumption.jan_may_2024
    """
    from estimator.logistics import estimate_days
    from estimator.report.logistics import render_days

    loaded = load_assumptions(assumptions)
    with as_typed({"over_days": ("--over", over), "per_day": ("--per-day", per_day)}):
        est = sampled(lambda n: estimate_days(rounds, loaded, over_days=over, per_day=per_day,
                                              periods=period or None, usable=usable,
                                              samples=n, seed=check_seed(seed),
                                              method=method.value),
                      samples, precision)
    emit(render_days(est, format_for(fmt, output)), output)
