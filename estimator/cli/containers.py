"""``estimate containers``: a count of shipping containers -> rounds by calibre."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

import typer

from estimator.cli.common import (
    CONTAINERS_HELP,
    AssumptionsOpt,
    Counted,
    FormatOpt,
    Method,
    MethodOpt,
    OutputOpt,
    SamplesOpt,
    SeedOpt,
    as_typed,
    check_seed,
    emit,
    format_for,
    load_assumptions,
    parse_share,
    positive_samples,
)
from estimator.counts import Count
from estimator.estimates import BASES, DEFAULT_SAMPLES, DEFAULT_SEED, estimate_containers
from estimator.report import render_containers


class Basis(StrEnum):
    both = "both"
    projectile = "projectile"
    complete = "complete"


def containers(
    count: Annotated[Count, typer.Option(
        "--count", "-c", click_type=Counted("--count"),
        help=CONTAINERS_HELP)],
    calibre: Annotated[list[str] | None, typer.Option(
        "--calibre", metavar="CALIBRE", help="Only these calibre scenarios (repeatable), e.g. "
        "152mm_he; 'mix' for the calibre mix. Default: every calibre and the mix.")] = None,
    basis: Annotated[Basis, typer.Option(
        help="projectile: the projectile alone; complete: the round as shipped; both.")
    ] = Basis.both,
    related: Annotated[bool, typer.Option(
        "--related", help="The count is of containers of 'munitions or munitions-related "
        "materials': scale it by scope.munitions_share.")] = False,
    samples: SamplesOpt = DEFAULT_SAMPLES,
    precision: Annotated[str | None, typer.Option(
        "--precision", metavar="SHARE", help="Choose the samples so that every 5th, 50th and 95th percentile "
        "of rounds and usable rounds has a standard error within this share of its value, "
        "e.g. 0.1% (a pilot run of up to 16,384 samples sets the count; --samples caps "
        "the pilot).")] = None,
    seed: SeedOpt = DEFAULT_SEED,
    method: MethodOpt = Method.mc,
    assumptions: AssumptionsOpt = None,
    fmt: FormatOpt = None,
    output: OutputOpt = None,
) -> None:
    """How many rounds a count of shipping containers holds, by calibre, and how sure.

    For each calibre scenario (all boxes of one calibre, as the South Korean conversions
    assume) and for the calibre mix: median, 90% interval and mean of rounds and of
    usable rounds after duds, rounds per box, and whether weight or volume binds.

    Examples:

      estimate containers --count 6700

      estimate containers --count 10000+ --related --calibre 152mm_he --format json

      estimate containers -c 6,700 --basis projectile --assumptions mine.toml -o out.md -f markdown

      estimate containers --count 6700 --calibre 152mm_he --precision 0.1%
    """
    bases = BASES if basis is Basis.both else (basis.value,)
    loaded, n, seed = load_assumptions(assumptions), positive_samples(samples), check_seed(seed)
    share = None if precision is None else parse_share(precision, "--precision")
    with as_typed({"precision": ("--precision", precision)}):
        est = estimate_containers(count, loaded, calibres=calibre, bases=bases,
                                  related=related, samples=n, seed=seed, method=method.value,
                                  precision=share)
    emit(render_containers(est, format_for(fmt, output)), output)
