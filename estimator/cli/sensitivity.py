"""``estimate sensitivity``: which assumption moves the answer."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from estimator.chain import FOOTING
from estimator.cli.common import (
    CONTAINERS_HELP,
    PLOT_HELP,
    SAMPLES,
    AssumptionsOpt,
    BasisOpt,
    Counted,
    Format,
    FormatOpt,
    FromOpt,
    OutputOpt,
    PlotPath,
    SeedOpt,
    SensitivityReferenceOpt,
    ToOpt,
    check_plot,
    check_seed,
    emit_with_plot,
    format_for,
    load_assumptions,
    positive_samples,
)
from estimator.counts import Count
from estimator.estimates import DEFAULT_SEED

if TYPE_CHECKING:
    from estimator.sensitivity import SensitivityReport


# the common measures (estimator.chain.FOOTING), as --measure's choices
TimelineMeasure = StrEnum("TimelineMeasure", {k: k for k in FOOTING})  # type: ignore[misc]
ROUNDS = TimelineMeasure("rounds")

app = typer.Typer(help="Which assumption moves the answer: Sobol' indices, rank correlations "
                  "and a tornado for a command's model.\n\n"
                  "\b\nExamples:\n  estimate sensitivity containers --count 6700\n"
                  "  estimate sensitivity timeline --measure containers",
                  no_args_is_help=True)

ROWS_HELP = ("Rows of each of the two Sobol' matrices, 16 to 50,000,000 (fewer where memory "
             "is short), e.g. 4096 or 4k, rounded up to a power of two; the model "
             "runs (inputs + 2) times this. Each index is shown with its standard error, from "
             "8 independently scrambled replicates: at 4096, about +/-0.03 or less for S1 and "
             "+/-0.02 for ST (the calibre mix); more rows shrink them.")
Rows = Annotated[int, typer.Option("--samples", "-n", click_type=SAMPLES, help=ROWS_HELP)]
TornadoPlot = Annotated[Path | None, typer.Option(
    "--plot", help="Also draw the tornado " + PLOT_HELP, click_type=PlotPath)]


@app.command("containers", no_args_is_help=True)
def containers(
    count: Annotated[Count, typer.Option(
        "--count", "-c", click_type=Counted("--count"),
        help=CONTAINERS_HELP)],
    calibre: Annotated[str, typer.Option(
        "--calibre", metavar="CALIBRE", help="One calibre scenario (e.g. 152mm_he), or 'mix' for the calibre "
        "mix.")] = "mix",
    basis: BasisOpt = "complete",
    usable: Annotated[bool, typer.Option(
        "--usable", help="Analyse usable rounds after duds instead of rounds.")] = False,
    related: Annotated[bool, typer.Option(
        "--related", help="The count is of containers of 'munitions or munitions-related "
        "materials': scale it by scope.munitions_share.")] = False,
    samples: Rows = 4096,
    seed: SeedOpt = DEFAULT_SEED,
    assumptions: AssumptionsOpt = None,
    fmt: FormatOpt = None,
    output: OutputOpt = None,
    plot: TornadoPlot = None,
) -> None:
    """What moves the rounds that a count of containers holds.

    For every assumption the containers model reads: first-order and total Sobol'
    indices with standard errors, the rank correlation with the output, and the output
    with the input at its 5th and 95th percentile (others at their medians).

    Examples:

      estimate sensitivity containers --count 6700

      estimate sensitivity containers --count 6700 --calibre 152mm_he --usable -f json

      estimate sensitivity containers -c 10000+ --related -f markdown -o drivers.md

      estimate sensitivity containers --count 6700 --calibre 152mm_he --plot tornado.png
    """
    from estimator.sensitivity import containers_sensitivity

    check_plot(plot, output)  # before any computing: a bad path or no matplotlib is one line
    _emit(containers_sensitivity(count, load_assumptions(assumptions), calibre=calibre,
                                 basis=basis, usable=usable, related=related,
                                 samples=_rows(samples), seed=check_seed(seed)),
          fmt, output, plot)


@app.command("timeline")
def timeline(
    start: FromOpt = None,
    end: ToOpt = None,
    measure: Annotated[TimelineMeasure, typer.Option(
        "--measure", help="What to analyse: rounds of the calibre mix, usable rounds after "
        "duds, containers, tonnes, or 152mm-equivalent rounds (rounds_152: of the "
        "--reference calibre).")
    ] = ROUNDS,
    basis: BasisOpt = "complete",
    reference: SensitivityReferenceOpt = None,
    samples: Rows = 4096,
    seed: SeedOpt = DEFAULT_SEED,
    assumptions: AssumptionsOpt = None,
    fmt: FormatOpt = None,
    output: OutputOpt = None,
    plot: TornadoPlot = None,
) -> None:
    """What moves the deliveries by sea over a span of the timeline.

    The same indices, correlations and tornado as for containers, for the cumulative
    deliveries from --from through --to (as `estimate timeline` gives them): the
    port-call rate of each period and each ship's load; for every measure but
    containers, the packing and the calibre mix too (rounds_152: rounds of the
    --reference calibre alone, 152mm_he by default); for usable, the dud rate too.

    Examples:

      estimate sensitivity timeline --measure containers

      estimate sensitivity timeline --from 2024-03 --to 2024-12 --measure usable

      estimate sensitivity timeline --to 2024-02 -f json -o drivers.json
    """
    from estimator.sensitivity import timeline_sensitivity

    check_plot(plot, output)
    _emit(timeline_sensitivity(start, end, load_assumptions(assumptions),
                               measure=measure.value, basis=basis,
                               reference=reference,
                               samples=_rows(samples),
                               seed=check_seed(seed)), fmt, output, plot)


def _rows(samples: int) -> int:
    return positive_samples(samples, 16, "rows of each Sobol' matrix")


def _emit(rep: SensitivityReport, fmt: Format | None, output: Path | None,
          plot: Path | None) -> None:
    from estimator.report.sensitivity import render_sensitivity

    text = render_sensitivity(rep, format_for(fmt, output))

    def draw(path: Path) -> None:
        from estimator.plots import plot_tornado

        plot_tornado(rep, path, "--plot")

    emit_with_plot(text, output, plot, draw)
