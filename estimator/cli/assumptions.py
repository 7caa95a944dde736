"""``estimate assumptions list | show KEY | check FILE``: the assumptions and their sources."""

from __future__ import annotations

import difflib
import json
import sys
from pathlib import Path
from typing import Annotated

import typer

from estimator.assumptions import AssumptionSet, check_file
from estimator.distributions import describe_forms
from estimator.errors import InputError

app = typer.Typer(help="The assumptions behind every number: list them, show one, check a "
                  "file of your own.", no_args_is_help=True, rich_markup_mode=None)


@app.command("list")
def list_(
    prefix: Annotated[str, typer.Argument(help="Only keys starting with this, e.g. munitions.")]
    = "",
) -> None:
    """Every default assumption: key, distribution, unit, first source.

    Example: estimate assumptions list munitions.152mm_he
    """
    s = AssumptionSet.defaults()
    keys = [k for k in s if k.startswith(prefix)]
    if not keys:
        raise InputError("PREFIX", "the start of a key such as 'munitions.' or 'duds.'", prefix)
    width = max(len(k) for k in keys)
    for k in keys:
        a = s[k]
        typer.echo(f"{k.ljust(width)}  {a.describe()}  -- {a.sources[0].cite()}")


@app.command("show")
def show(
    key: Annotated[str, typer.Argument(help="A key, e.g. duds.dud_rate.")],
    as_json: Annotated[bool, typer.Option("--json", help="As JSON.")] = False,
) -> None:
    """One assumption whole: distribution, description, note and every source.

    Example: estimate assumptions show munitions.152mm_he.projectile_mass
    """
    s = AssumptionSet.defaults()
    if key not in s:
        close = difflib.get_close_matches(key, list(s), n=1)
        raise InputError("KEY", "a key of the assumptions" + (
            f" (did you mean '{close[0]}'?)" if close else "; see 'estimate assumptions list'"),
            key)
    a = s[key]
    if as_json:
        typer.echo(json.dumps({"key": key, "unit": a.unit_text, "form": a.distribution.form,
                               "params": a.distribution.params(), "description": a.description,
                               "note": a.note, "file": a.file,
                               "sources": [vars(x) for x in a.sources]}, indent=2))
        return
    lines = [key, f"  distribution: {a.describe()}", f"  file: {a.file}"]
    if a.description:
        lines.append(f"  what: {a.description}")
    if a.note:
        lines.append(f"  note: {' '.join(a.note.split())}")
    for i, src in enumerate(a.sources, 1):
        lines.append(f"  source {i}: {src.who}; {src.where}; {src.when}")
        lines.append(f"    says: \"{' '.join(src.says.split())}\"")
        if src.url:
            lines.append(f"    url: {src.url}")
        if src.note:
            lines.append(f"    note: {' '.join(src.note.split())}")
    typer.echo("\n".join(lines))


@app.command("check")
def check(
    file: Annotated[Path, typer.Argument(help="Your assumption file (TOML).", dir_okay=False)],
) -> None:
    """Validate a file of your own as an override of the defaults; list every problem.

    Exit 0 when the file is valid, 2 when it has problems (each on its own line).

    Example: estimate assumptions check mine.toml
    """
    problems = check_file(file)
    if problems:
        for p in problems:
            sys.stderr.write(f"error: {p}\n")
        sys.stderr.write(f"{file}: {len(problems)} problem{'s' if len(problems) > 1 else ''}\n")
        raise typer.Exit(2)
    base = AssumptionSet.defaults()
    merged = base.with_file(file)
    typer.echo(f"{file}: valid; overrides {len(merged.overridden)} key(s)"
               + (f": {', '.join(merged.overridden)}" if merged.overridden else "")
               + (f"; adds {', '.join(merged.added)}" if merged.added else ""))


@app.command("forms")
def forms() -> None:
    """The distribution forms an entry may use, with each parameter's valid domain."""
    typer.echo("\n".join(describe_forms()))
