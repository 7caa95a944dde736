"""``estimate reconcile``: every public claim side by side on the common measures, or
(``--pooled``) one reconciled estimate from all of them with a tension score for each."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated

import typer

from estimator.chain import REFERENCE
from estimator.cli.common import (
    PLOT_HELP,
    AssumptionsOpt,
    BasisOpt,
    Format,
    FormatOpt,
    Method,
    MethodOpt,
    NoCatalogueOpt,
    OutputOpt,
    PlotPath,
    PrecisionOpt,
    ReferenceOpt,
    ReportsOpt,
    SamplesOpt,
    SeedOpt,
    Written,
    check_plot,
    check_seed,
    emit,
    emit_with_plot,
    format_for,
    load_assumptions,
    load_catalogue,
    positive_samples,
    sampled,
)
from estimator.counts import plain_digits
from estimator.errors import InputError, Repeat
from estimator.estimates import DEFAULT_SAMPLES, DEFAULT_SEED


def _as_of(text: str | None) -> dt.date | None:
    """``2026-01-30``, or a month ``2026-01`` (its last day)."""
    from estimator.logistics import parse_month

    return None if text is None else parse_month(
        text, "--as-of", last=True, expected="a date such as 2026-01-30 (or a month, 2026-01)")


def _weights(items: list[str] | None) -> list[tuple[str, float]]:
    """``ID=W`` as (id, weight) pairs; pool refuses an id given two weights."""
    out: list[tuple[str, float]] = []
    for item in items or []:
        if "," in item:  # a=0.5,b=2 or a,b=2: one pair per option; a=0,5: a decimal comma
            parts = [p.strip() for p in item.split(",") if p.strip()]
            cid, _, whole = parts[0].partition("=") if parts else ("", "", "")
            if len(parts) == 2 and whole.isdigit() and parts[1].isdigit():
                raise InputError("--weight", f"a number for {cid.strip()} (ID=WEIGHT)", item,
                                 hint=f"a decimal point, not a comma: {cid.strip()}="
                                 f"{whole}.{parts[1]}")
            last = parts[-1].partition("=")[2] if parts else ""
            pairs = [p if "=" in p else f"{p}={last or 'W'}" for p in parts]
            raise InputError("--weight", "one ID=WEIGHT per --weight", item,
                             hint=Repeat("--weight", pairs) if len(pairs) > 1
                             else f"without the comma: --weight {''.join(pairs) or 'ID=W'}")
        cid, sep, value = item.partition("=")
        if not sep or not cid.strip():
            raise InputError("--weight", "ID=WEIGHT such as shin_6700_containers=0.5", item)
        try:
            if not plain_digits(value):
                raise ValueError(value)
            w = float(value)
        except ValueError:
            raise InputError("--weight", f"a number for {cid.strip()} (ID=WEIGHT)", item) from None
        out.append((cid.strip(), w))
    return out


def reconcile(
    claim: Annotated[list[str] | None, typer.Option(
        "--claim", metavar="ID", help="Only these claims, by id (repeatable), e.g. hur_1_5m_rounds; see "
        "'estimate reports list'.")
    ] = None,
    measure: Annotated[list[str] | None, typer.Option(
        "--measure", metavar="MEASURE", help="Only claims that count this (repeatable), e.g. rounds: "
        "containers, rounds, port_calls, shipments, tonnes, missiles, rail_cars, trains.")] = None,
    since: Annotated[str | None, typer.Option(
        "--since", metavar="DATE", help="Only claims whose figure is as of this date or "
        "later, e.g. 2024-02 or 2024-02-26: the 'as of' column, not 'period from' (when the "
        "counting began).")] = None,
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
    pooled: Annotated[bool, typer.Option(
        "--pooled", help="One reconciled estimate from all the claims (the draws of the delivery "
        "timeline weighted by how well they explain the claims together), with a tension "
        "score for each claim; --claim, "
        "--measure and --since choose the claims pooled.")] = False,
    as_of: Annotated[str | None, typer.Option(
        "--as-of", metavar="DATE", help="With --pooled: the date of the estimate, e.g. 2026-01-30, or a "
        "month for its last day (default: the latest claim's date).")] = None,
    known_by: Annotated[str | None, typer.Option(
        "--known-by", metavar="DATE", help="With --pooled: only claims made public on or before this date (a "
        "claim's first_public date where the catalogue gives one, else published: what was "
        "known then), e.g. 2024-02-26, or a month for its last day. Without it, an estimate at "
        "an earlier --as-of also rests on later claims, and says so.")] = None,
    weight: Annotated[list[str] | None, typer.Option(
        "--weight", metavar="ID=W", help="With --pooled: ID=W scales a claim's weight (0 to 10; 0.5 counts "
        "it half, 0 leaves it out as --drop does; repeatable), e.g. --weight "
        "hur_1_5m_rounds=0.5.")] = None,
    drop: Annotated[list[str] | None, typer.Option(
        "--drop", metavar="ID", help="With --pooled: leave this claim out (repeatable), e.g. "
        "dia_20000_containers.")] = None,
    reporting_error: Annotated[float | None, typer.Option(
        "--reporting-error", click_type=Written("--reporting-error", examples="0.2 or 0.35"),
        help="With --pooled: the sd of a source's error on the log scale, e.g. 0.35 (above "
        "0, at most 5; default 0.2, about +/- 20%); wider trusts each claim less.")] = None,
    plot: Annotated[Path | None, typer.Option(
        "--plot", help="With --pooled: draw the forest plot, the timeline and the headline's "
        "distribution " + PLOT_HELP,
        click_type=PlotPath)] = None,
) -> None:
    """The public claims side by side, on one footing, with duds and monthly rates.

    Each claim (6,700 containers, 10,000+ containers, 2.5M shells, 6.5-8M rounds, ...)
    is read by its wording and converted to munitions containers, tonnes, rounds of the
    calibre mix, 152mm-equivalent rounds (or, with --reference, rounds of another
    calibre) and usable rounds after duds, each with its 90% interval, and to an average
    monthly rate over its own period. Where a source gives two quantities, the parameter
    it implies is checked against the physical caps.

    Examples:

      estimate reconcile

      estimate reconcile --claim shin_6700_containers --claim state_dept_10000_containers

      estimate reconcile --measure rounds --since 2024-01 -f markdown -o claims.md

      estimate reconcile --reports my_claims.toml --format json

      estimate reconcile --reports my_claims.toml --no-catalogue -a my_case.toml

      estimate reconcile -a docs/examples/another_case.toml --reference 155mm_he

    With --pooled, every claim is read as an observation of the delivery timeline (port
    calls a month x containers a call) over its own period, in its own measure and
    wording; the draws of the assumptions are weighted by how well they explain the
    claims together (claims of one origin count once), giving cumulative containers,
    rounds and usable rounds at a date; each claim gets the others' prediction of its
    figure, a tail probability, and what it would need to hold:

      estimate reconcile --pooled --as-of 2026-01-30

      estimate reconcile --pooled --as-of 2024-02-26 --known-by 2024-02-26

      estimate reconcile --pooled --weight dia_28000_containers=0.5 --drop hur_1_5m_rounds

      estimate reconcile --pooled --plot claims.png -f markdown -o pooled.md
    """
    if pooled and precision is not None:
        raise InputError("--precision", "no --pooled beside it (the pooled estimate's "
                         "precision is its effective sample size)", precision)
    if pooled:
        _pooled(claim, measure, since, basis, reports, no_catalogue, samples, seed, method,
                assumptions, fmt, output, as_of, known_by, weight, drop, plot, reporting_error,
                reference)
        return
    for name, given in (("--as-of", as_of), ("--known-by", known_by), ("--weight", weight),
                        ("--drop", drop), ("--plot", plot),
                        ("--reporting-error", reporting_error)):
        if given not in (None, [], ()):  # 0 given is given
            raise InputError(name, "--pooled with it (it applies to the pooled estimate)",
                             " ".join(given) if isinstance(given, list) else str(given))
    from estimator.reconcile import reconcile as run_reconcile
    from estimator.report.reconcile import render_reconcile

    loaded = load_assumptions(assumptions)
    catalogue = load_catalogue(reports, loaded, no_catalogue)
    rec = sampled(lambda n: run_reconcile(catalogue, loaded, claims=claim or None, measures=measure or None,
                                          since=since, basis=basis, reference=reference,
                                          samples=n,
                                          seed=check_seed(seed), method=method.value),
                  samples, precision)
    emit(render_reconcile(rec, format_for(fmt, output)), output)


def _pooled(claim: list[str] | None, measure: list[str] | None, since: str | None, basis: str,
            reports: list[Path] | None, no_catalogue: bool, samples: int, seed: int, method: Method,
            assumptions: list[Path] | None, fmt: Format | None, output: Path | None, as_of: str | None,
            known_by: str | None, weight: list[str] | None, drop: list[str] | None,
            plot: Path | None, reporting_error: float | None, reference: str) -> None:
    """Parse, pool, render: ``--claim``, ``--measure`` and ``--since`` choose the claims
    pooled; the plot's path and matplotlib are checked before any work."""
    from estimator.pooled import REPORTING_ERROR, pool
    from estimator.report.pooled import render_pooled

    _as_of(as_of)  # a bad date is refused before any work; pool reads it as given
    # (--known-by is read by pool itself, before any work)
    weights = _weights(weight)
    check_plot(plot, output)
    loaded = load_assumptions(assumptions)
    catalogue = load_catalogue(reports, loaded, no_catalogue)
    result = pool(catalogue, loaded, as_of=as_of, known_by=known_by, weights=weights,
                  drop=list(drop or []), claims=claim or None, measures=measure or None, since=since,
                  basis=basis, reference=reference, samples=positive_samples(samples),
                  seed=check_seed(seed), method=method.value,
                  reporting_error=REPORTING_ERROR if reporting_error is None else reporting_error)
    text = render_pooled(result, format_for(fmt, output))

    def draw(path: Path) -> None:
        from estimator.plots import plot_pooled

        plot_pooled(result, path, "--plot")

    emit_with_plot(text, output, plot, draw)
