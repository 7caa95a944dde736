"""``estimate assumptions list | show KEY | check FILE [--properties] | forms``: the
assumptions, their sources, and checks of a file of your own."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Annotated

import typer

from estimator._cache import private_dir
from estimator.assumptions import AssumptionProblems, AssumptionSet, read_file_correlations
from estimator.cli.common import (
    AssumptionsOpt,
    FilePath,
    Format,
    FormatOpt,
    OutputOpt,
    Written,
    emit,
    fail_with_problems,
    format_for,
    load_assumptions,
    not_stdin,
)
from estimator.distributions import describe_forms
from estimator.errors import InputError, nearest, one_line, spelled
from estimator.report.assumptions import render_assumptions

app = typer.Typer(help="The assumptions behind every number: list them, show one, check a "
                  "file of your own.\n\n\b\nExamples:\n  estimate assumptions list "
                  "munitions.\n  estimate assumptions show duds.dud_rate\n  estimate "
                  "assumptions check mine.toml\n  estimate assumptions forms",
                  no_args_is_help=True,
                  rich_markup_mode=None)


@app.command("list")
def list_(
    prefix: Annotated[str, typer.Argument(
        help="Only keys starting with this, e.g. munitions. or duds. (in any case; default: "
        "every key).", show_default=False)]
    = "",
    assumptions: AssumptionsOpt = None,
    fmt: FormatOpt = None,
    output: OutputOpt = None,
) -> None:
    """Every assumption in use: key, distribution, unit, first source. With --assumptions,
    the defaults overridden by your file, its entries marked with the file's name.

    Examples:

      estimate assumptions list munitions.152mm_he

      estimate assumptions list -a mine.toml

      estimate assumptions list -f csv -o assumptions.csv
    """
    s = load_assumptions(assumptions)
    keys = [k for k in s.listed() if k.casefold().startswith(prefix.casefold())]  # any case
    if not keys:
        raise InputError("PREFIX", "the start of a key such as 'munitions.' or 'duds.'", prefix)
    emit(render_assumptions(s, keys, format_for(fmt, output)), output)


@app.command("show")
def show(
    key: Annotated[str, typer.Argument(
        help="A key, e.g. duds.dud_rate (listed by 'estimate assumptions list'; in any "
        "case).")],
    as_json: Annotated[bool, typer.Option("--json", help="As JSON (the same as -f json).")]
    = False,
    assumptions: AssumptionsOpt = None,
    fmt: FormatOpt = None,
    output: OutputOpt = None,
) -> None:
    """One assumption whole: distribution, description, note and every source; with
    --assumptions, as your file sets it (or the default it leaves).

    Examples:

      estimate assumptions show munitions.152mm_he.projectile_mass

      estimate assumptions show duds.dud_rate -a mine.toml
    """
    s = load_assumptions(assumptions)
    known = s.listed()
    key = spelled(key, known) or key  # in any case, as calibre names are taken
    if key not in known:
        close = nearest(key, known)
        raise InputError("KEY", "a key of the assumptions" + (
            f" (did you mean '{close}'?)" if close else "; see 'estimate assumptions list'"),
            key)
    if as_json and fmt not in (None, Format.json):
        raise InputError("--json", f"no --format {fmt.value} beside it (--json is -f json)",
                         "--json")
    chosen = (format_for(Format.json, output, by="--json") if as_json
              else format_for(fmt, output))
    emit(render_assumptions(s, [key], chosen, whole=True), output)


MAX_EXAMPLES = 10_000


@app.command("check")
def check(
    file: Annotated[Path, typer.Argument(
        help="Your assumption file (TOML), e.g. mine.toml.", click_type=FilePath("FILE"))],
    properties: Annotated[bool, typer.Option(
        "--properties", help="Then run the property checks (caps, packing, usable rounds, "
        "units, monotone counts, ordered percentiles, determinism) on your file merged over "
        "the defaults, and report each as held or broken with the smallest counterexample.")
    ] = False,
    examples: Annotated[int | None, typer.Option(
        "--examples", click_type=Written("--examples", whole=True, examples="10 or 1e3"),
        help="Hypothesis examples per property, with --properties, e.g. 50 (1 "
        "to 10,000; default 10: a few seconds; more search harder).")] = None,
) -> None:
    """Validate a file of your own as an override of the defaults; list every problem.

    The checks every command makes of a file given with --assumptions (units, domains,
    sources, unknown keys, each payload limit against the box's rated gross mass, each
    crate length against a 20ft box's inside length, each round as shipped no lighter and
    no smaller than its bare projectile at the medians, each of your entries drawn at 1,001
    percentiles: finite values, no overflow), and beyond them the dates of your periods
    (port-call periods without gap or overlap); every problem is listed, not only the
    first.

    Exit 0 when the file is valid (and, with --properties, every property held), 1 when
    a property broke, 2 when the file has problems (each on its own line).

    Examples:

      estimate assumptions check mine.toml

      estimate assumptions check mine.toml --properties --examples 50
    """
    if examples is not None and not properties:
        raise InputError("--examples", "--properties beside it", f"--examples {examples} alone")
    if examples is not None and not 1 <= examples <= MAX_EXAMPLES:
        raise InputError("--examples", f"a whole number from 1 to {MAX_EXAMPLES:,}", examples)
    not_stdin(file, "FILE")
    with contextlib.suppress(OSError):  # a name too long: the listing below says so
        if file.is_dir():  # click lets an empty path ('' is '.') through
            raise InputError("FILE", "an assumption file (TOML), not a folder", file)
    testing = _testing() if properties else None
    try:  # one read of the file: every problem it has, or the merged set
        merged = AssumptionSet.defaults().with_file(file)
    except AssumptionProblems as exc:
        fail_with_problems(exc.problems, file)
    groups = sorted(read_file_correlations(file, str(file))[0])
    typer.echo(f"{one_line(str(file))}: valid; overrides {len(merged.overridden)} key(s)"
               + (f": {', '.join(merged.overridden)}" if merged.overridden else "")
               + (f"; adds {', '.join(merged.added)}" if merged.added else "")
               + (f"; relabels {', '.join(merged.relabelled)}" if merged.relabelled else "")
               + (f"; correlations: {', '.join(groups)}" if groups else ""))
    if testing is None:
        return
    n = examples or testing.DEFAULT_EXAMPLES
    with _hypothesis_home():
        results = testing.run_properties(merged, max_examples=n)
    typer.echo(f"properties ({n} example{'s' if n > 1 else ''} each, "
               f"{testing.DEFAULT_SAMPLES} samples a run):")
    for r in results:
        typer.echo(f"  {'held' if r.held else 'broken':<7} {r.name}: {r.statement}")
        if not r.held:
            typer.echo(f"          {r.counterexample}")
    broken = [r for r in results if not r.held]
    if broken:
        typer.echo(f"{one_line(str(file))}: {len(broken)} of {len(results)} properties broken")
        raise typer.Exit(1)
    typer.echo(f"{one_line(str(file))}: all {len(results)} properties held")


@contextlib.contextmanager
def _hypothesis_home() -> Iterator[None]:
    """hypothesis keeps files in ./.hypothesis: for the command, not in the user's folder
    but in the package's cache (or a folder gone when the run ends), unless the user set
    HYPOTHESIS_STORAGE_DIRECTORY; then as it was."""
    from hypothesis import configuration

    set_home = getattr(configuration, "set_hypothesis_home_dir", None)
    if set_home is None or os.environ.get("HYPOTHESIS_STORAGE_DIRECTORY"):
        yield
        return
    was = getattr(configuration, "__hypothesis_home_directory", None)
    with contextlib.ExitStack() as stack:
        home = private_dir("hypothesis")
        if home is None:
            with contextlib.suppress(OSError):
                home = Path(stack.enter_context(tempfile.TemporaryDirectory()))
        if home is None:
            yield  # nowhere else to write: hypothesis's own default
            return
        set_home(home)
        try:
            yield
        finally:
            set_home(was)


def _testing() -> ModuleType:
    """estimator.testing, which needs hypothesis (the 'test' extra)."""
    try:
        from estimator import testing
    except ImportError as exc:
        if exc.name != "hypothesis":
            raise
        raise InputError("--properties", "the hypothesis package, a dependency of estimator "
                         "(pip install hypothesis)", "it is not installed") from None
    return testing


@app.command("forms")
def forms() -> None:
    """The distribution forms an entry may use, with each parameter's valid domain, then
    an entry's other fields.

    Example:

      estimate assumptions forms
    """
    from estimator.assumptions import describe_fields

    typer.echo("\n".join([*describe_forms(), "", "an entry's other fields:",
                           *(f"  {line}" for line in describe_fields())]))
