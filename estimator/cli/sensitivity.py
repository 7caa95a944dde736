"""``estimate sensitivity``: which assumption moves the answer."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from estimator.cli.common import (
    CONTAINERS_HELP,
    SAMPLES,
    AssumptionsOpt,
    BasisOpt,
    Counted,
    FormatOpt,
    OutputOpt,
    PlotPath,
    SeedOpt,
    check_plot,
    check_seed,
    emit_with_plot,
    format_for,
    load_assumptions,
    positive_samples,
)
from estimator.counts import Count
from estimator.estimates import DEFAULT_SEED

app = typer.Typer(help="Which assumption moves the answer: Sobol' indices, rank correlations "
                  "and a tornado for a command's model.\n\n"
                  "\b\nExample:\n  estimate sensitivity containers --count 6700",
                  no_args_is_help=True)


@app.command("containers", no_args_is_help=True)
def containers(
    count: Annotated[Count, typer.Option(
        "--count", "-c", click_type=Counted("--count"),
        help=CONTAINERS_HELP)],
    calibre: Annotated[str, typer.Option(
        "--calibre", help="One calibre scenario (e.g. 152mm_he), or 'mix' for the calibre "
        "mix.")] = "mix",
    basis: BasisOpt = "complete",
    usable: Annotated[bool, typer.Option(
        "--usable", help="Analyse usable rounds after duds instead of rounds.")] = False,
    related: Annotated[bool, typer.Option(
        "--related", help="The count is of containers of 'munitions or munitions-related "
        "materials': scale it by scope.munitions_share.")] = False,
    samples: Annotated[int, typer.Option(
        "--samples", "-n", click_type=SAMPLES, help="Rows of each of the two Sobol' matrices, "
        "rounded up to a power of two; the model runs (inputs + 2) times this. Each index is "
        "shown with its standard error, from 8 independently scrambled replicates: at 4096, "
        "about +/-0.03 or less for S1 and +/-0.02 for ST (the calibre mix); more rows "
        "shrink them.")] = 4096,
    seed: SeedOpt = DEFAULT_SEED,
    assumptions: AssumptionsOpt = None,
    fmt: FormatOpt = None,
    output: OutputOpt = None,
    plot: Annotated[Path | None, typer.Option(
        "--plot", help="Also draw the tornado to this .png or .svg file (needs matplotlib: "
        "pip install matplotlib).", click_type=PlotPath)] = None,
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
    from estimator.report.sensitivity import render_sensitivity
    from estimator.sensitivity import containers_sensitivity

    check_plot(plot, output)  # before any computing: a bad path or no matplotlib is one line
    rep = containers_sensitivity(count, load_assumptions(assumptions), calibre=calibre,
                                 basis=basis, usable=usable, related=related,
                                 samples=positive_samples(samples, 16, "rows of each Sobol' "
                                                          "matrix"), seed=check_seed(seed))
    text = render_sensitivity(rep, format_for(fmt, output))

    def draw(path: Path) -> None:
        from estimator.plots import plot_tornado

        plot_tornado(rep, path, "--plot")

    emit_with_plot(text, output, plot, draw)
