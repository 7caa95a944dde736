"""``estimate reconcile``: every public claim side by side on the common measures."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

import typer

from estimator.cli.common import (
    AssumptionsOpt,
    BasisOpt,
    Format,
    FormatOpt,
    Method,
    MethodOpt,
    OutputOpt,
    ReportsOpt,
    SamplesOpt,
    SeedOpt,
    check_seed,
    emit,
    load_assumptions,
    load_catalogue,
    positive_samples,
)
from estimator.errors import InputError
from estimator.estimates import DEFAULT_SAMPLES, DEFAULT_SEED


def _since(text: str | None) -> dt.date | None:
    if text is None:
        return None
    try:
        return dt.date.fromisoformat(text if len(text) > 7 else f"{text}-01")
    except ValueError:
        raise InputError("--since", "a date such as 2024-02 or 2024-02-26", text) from None


def reconcile(
    claim: Annotated[list[str] | None, typer.Option(
        "--claim", help="Only these claims, by id (repeatable); see 'estimate reports list'.")
    ] = None,
    measure: Annotated[list[str] | None, typer.Option(
        "--measure", help="Only claims that count this (repeatable): containers, rounds, "
        "port_calls, shipments, tonnes, missiles.")] = None,
    since: Annotated[str | None, typer.Option(
        "--since", help="Only claims whose figure is as of this date or later (2024-02 or "
        "2024-02-26).")] = None,
    basis: BasisOpt = "complete",
    reports: ReportsOpt = None,
    samples: SamplesOpt = DEFAULT_SAMPLES,
    seed: SeedOpt = DEFAULT_SEED,
    method: MethodOpt = Method.mc,
    assumptions: AssumptionsOpt = None,
    fmt: FormatOpt = Format.table,
    output: OutputOpt = None,
) -> None:
    """The public claims side by side, on one footing, with duds and monthly rates.

    Each claim (6,700 containers, 10,000+ containers, 2.5M shells, 6.5-8M rounds, ...)
    is read by its wording and converted to munitions containers, tonnes, rounds of the
    calibre mix, 152mm-equivalent rounds and usable rounds after duds, each with its
    90% interval, and to an average monthly rate over its own period. Where a source
    gives two quantities, the parameter it implies is checked against the physical caps.

    Examples:

      estimate reconcile

      estimate reconcile --claim shin_6700_containers --claim state_dept_10000_containers

      estimate reconcile --measure rounds --since 2024-01 -f markdown -o claims.md

      estimate reconcile --reports my_claims.toml --format json
    """
    from estimator.reconcile import reconcile as run_reconcile
    from estimator.report.reconcile import render_reconcile

    rec = run_reconcile(load_catalogue(reports), load_assumptions(assumptions), claims=claim,
                        measures=measure, since=_since(since), basis=basis,
                        samples=positive_samples(samples), seed=check_seed(seed), method=method.value)
    emit(render_reconcile(rec, fmt.value), output)
