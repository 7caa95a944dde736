"""``estimate reports list | show ID | check FILE``: the catalogue of public claims."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from estimator.cli.common import (
    AssumptionsOpt,
    FilePath,
    FormatOpt,
    NoCatalogueOpt,
    OutputOpt,
    ReportsOpt,
    emit,
    fail_with_problems,
    format_for,
    input_file,
    load_assumptions,
    load_catalogue,
)
from estimator.errors import one_line

if TYPE_CHECKING:
    from estimator.reports import Catalogue

app = typer.Typer(help="The public claims: list them, show one with its source, check a "
                  "claims file of your own.\n\n\b\nExamples:\n  estimate reports list\n"
                  "  estimate reports show hur_1_5m_rounds\n  estimate reports check mine.toml",
                  no_args_is_help=True, rich_markup_mode=None)


def _catalogue(reports: list[Path] | None, assumptions: list[Path] | None,
               no_catalogue: bool) -> Catalogue:
    """The catalogue (or, ``--no-catalogue``, none), with a user's claims files held to
    what ``check`` holds them to (their calibres ones the assumptions in use,
    ``--assumptions``, define)."""
    return load_catalogue(reports, load_assumptions(assumptions), no_catalogue)


@app.command("list")
def list_(reports: ReportsOpt = None, no_catalogue: NoCatalogueOpt = False,
          assumptions: AssumptionsOpt = None, fmt: FormatOpt = None,
          output: OutputOpt = None) -> None:
    """Every claim: id, as-of date, period start, figure as stated, who, when published.
    A claims file of your own (--reports) is checked as 'reports check' checks it.

    Examples:

      estimate reports list --format markdown

      estimate reports list --reports my_claims.toml --no-catalogue
    """
    from estimator.report.reconcile import render_reports

    emit(render_reports(_catalogue(reports, assumptions, no_catalogue), None,
                        format_for(fmt, output)), output)


@app.command("show")
def show(
    ids: Annotated[list[str], typer.Argument(
        help="One or more claim ids, e.g. hur_1_5m_rounds (listed by 'estimate reports "
        "list'; in any case, an id given twice shown once).", metavar="ID...")],
    reports: ReportsOpt = None,
    no_catalogue: NoCatalogueOpt = False,
    assumptions: AssumptionsOpt = None,
    fmt: FormatOpt = None,
    output: OutputOpt = None,
) -> None:
    """Claims whole: who, outlet, dates, the quote, how the figure is read, the source's
    own conversion and dud view.

    Example:

      estimate reports show shin_6700_containers
    """
    from estimator.report.reconcile import render_reports
    cat = _catalogue(reports, assumptions, no_catalogue)
    # in any case, and an id given twice shown once, as a repeated --claim is
    ids = list(dict.fromkeys(cat.id_of(cid, "ID") for cid in ids))
    emit(render_reports(cat, ids, format_for(fmt, output)), output)


@app.command("check")
def check(
    file: Annotated[Path, typer.Argument(
        help="Your claims file (TOML), e.g. my_claims.toml.", click_type=FilePath("FILE"))],
    assumptions: AssumptionsOpt = None,
    reports: Annotated[list[Path] | None, typer.Option(
        "--reports", "-r", help="A claims file the checked FILE builds on (its 'over' "
        "may name their claims): FILE is read over them, as '-r BASE -r FILE' reads it; "
        "repeatable, layered in the order given; checked as FILE is.",
        click_type=FilePath("--reports"))] = None,
    no_catalogue: Annotated[bool, typer.Option(
        "--no-catalogue", help="Check the file without the catalogue: alone, or over the "
        "--reports files only, as --no-catalogue reads it (an increment 'over' a "
        "catalogue claim is then a problem).")] = False,
) -> None:
    """Validate a claims file of your own, read over the default catalogue (with
    --no-catalogue, alone) and any --reports files it builds on; list every problem. A
    calibre must be one the assumptions define (the defaults, or with --assumptions
    yours too). Exit 0 when valid, 2 otherwise.

    Examples:

      estimate reports check my_claims.toml --assumptions my_assumptions.toml

      estimate reports check my_claims.toml --no-catalogue

      estimate reports check more_claims.toml -r my_claims.toml
    """
    from estimator.reports import check_reports

    loaded = load_assumptions(assumptions)
    base = load_catalogue(reports, loaded, no_catalogue, every_problem=True) if reports else None
    problems = check_reports(input_file(file, "FILE"), loaded.calibres(),
                             alone=no_catalogue, base=base)
    if problems:
        fail_with_problems(problems, file)
    typer.echo(f"{one_line(str(file))}: valid")
