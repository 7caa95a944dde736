"""``estimate shells``: a count of rounds back to containers and tonnes."""

from __future__ import annotations

from typing import Annotated

import typer

from estimator.cli.common import (
    AssumptionsOpt,
    BasisOpt,
    Counted,
    FormatOpt,
    Method,
    MethodOpt,
    OutputOpt,
    PrecisionOpt,
    SamplesOpt,
    SeedOpt,
    check_seed,
    emit,
    format_for,
    load_assumptions,
    sampled,
)
from estimator.counts import Count
from estimator.estimates import DEFAULT_SAMPLES, DEFAULT_SEED


def shells(
    count: Annotated[Count, typer.Option(
        "--count", "-c", click_type=Counted("--count"),
        help="Rounds, as written: 2.5M, 1,500,000, ~1.5M, 6.5M-8M, 1M+, "
        "<=500k.")],
    calibre: Annotated[list[str] | None, typer.Option(
        "--calibre", metavar="CALIBRE", help="Read the rounds as this calibre (repeatable), "
        "e.g. 152mm_he, or 'mix' for the calibre mix (the default).")] = None,
    basis: BasisOpt = "complete",
    samples: SamplesOpt = DEFAULT_SAMPLES,
    precision: PrecisionOpt = None,
    seed: SeedOpt = DEFAULT_SEED,
    method: MethodOpt = Method.mc,
    assumptions: AssumptionsOpt = None,
    fmt: FormatOpt = None,
    output: OutputOpt = None,
) -> None:
    """How many containers and tonnes a count of rounds takes, and how many work.

    Examples:

      estimate shells --count 2.5M

      estimate shells --count 6.5M-8M --calibre 152mm_he --calibre mix

      estimate shells -c 1M+ --basis projectile -f json
    """
    from estimator.reconcile import estimate_shells
    from estimator.report.reconcile import render_shells

    loaded = load_assumptions(assumptions)
    est = sampled(lambda n: estimate_shells(count, loaded, calibres=calibre, basis=basis,
                                            samples=n, seed=check_seed(seed),
                                            method=method.value), samples, precision)
    emit(render_shells(est, format_for(fmt, output)), output)
