"""``estimate assumptions list`` and ``show``: the assumptions in use, in every format."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from estimator.assumptions import AssumptionSet, defaults_dir
from estimator.report.common import SCHEMA_VERSION, entry_dict, json_text
from estimator.report.format import csv_text, md_table

__all__ = ["render_assumptions"]

SCHEMA = "estimator.assumptions"
_CSV = ["key", "unit", "form", "distribution", "file", "yours", "source", "who", "where",
        "when", "url", "says"]


def _entry(s: AssumptionSet, key: str) -> dict[str, Any]:
    """:func:`entry_dict`, described with its unit, with its note and whether it is new."""
    a = s[key]
    return {**entry_dict(a, key in s.overridden), "describe": a.describe(), "note": a.note,
            "added": key in s.added}


def _where(file: str) -> str:
    """A file as the run record names it; a default installed with the package (not in a
    checkout's assumptions/ folder) with the path to open it at."""
    folder = defaults_dir()
    if file.startswith("assumptions/") and folder.name != "assumptions":
        return f"{file} (the defaults; installed as {folder / file.split('/', 1)[1]})"
    return file


def _show_lines(s: AssumptionSet, key: str) -> list[str]:
    a = s[key]
    lines = [key, f"  distribution: {a.describe()}", f"  file: {_where(a.file)}"]
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
    return lines


def render_assumptions(s: AssumptionSet, keys: list[str], fmt: str = "table", *,
                       whole: bool = False) -> str:
    """``keys`` of ``s``: one line each (``list``), or each whole (``show``, ``whole``);
    as JSON (schema ``estimator.assumptions``), CSV (one row a source) or Markdown alike."""
    yours = set(s.overridden) | set(s.added)
    if fmt == "json":
        return json_text({"schema": SCHEMA, "schema_version": SCHEMA_VERSION,
                          "assumptions_digest": s.digest, "assumption_files": list(s.files),
                          "overridden": list(s.overridden), "added": list(s.added),
                          "assumptions": [_entry(s, k) for k in keys]})
    if fmt == "csv":
        rows = [[k, s[k].unit_text, s[k].distribution.form, s[k].describe(), s[k].file,
                 k in yours, i, x.who, x.where, x.when, x.url, " ".join(x.says.split())]
                for k in keys for i, x in enumerate(s[k].sources, 1)]
        return csv_text([f"assumptions {s.digest}: {', '.join(s.files)}"], _CSV, rows)
    if fmt == "markdown":
        if whole:
            out = []
            for k in keys:
                head, *rest = _show_lines(s, k)
                out += [f"### `{head}`", "", *(f"- {line.strip()}" for line in rest), ""]
            return "\n".join(out)
        return md_table(["key", "distribution", "first source"],
                        [[f"`{k}`", s[k].describe(), s[k].sources[0].cite()] for k in keys]) + "\n"
    if whole:
        return "\n".join(line for k in keys for line in _show_lines(s, k)) + "\n"
    width = max(len(k) for k in keys)
    return "".join(f"{k.ljust(width)}  {s[k].describe()}  -- {s[k].sources[0].cite()}"
                   + (f"  [{Path(s[k].file).name}]" if k in yours else "") + "\n" for k in keys)
