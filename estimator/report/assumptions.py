"""``estimate assumptions list`` and ``show``: the assumptions in use, in every format."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from estimator._args import full_paths
from estimator.assumptions import AssumptionSet, defaults_dir
from estimator.report.common import (
    SCHEMA_VERSION,
    Record,
    csv_cells,
    entry_dict,
    first_source,
    json_text,
    period_of,
    table_records,
)
from estimator.report.format import csv_text, flat, md_table

__all__ = ["assumptions_document", "assumptions_records", "render_assumptions"]

SCHEMA = "estimator.assumptions"
ASSUMPTIONS_COLUMNS = ("key", "unit", "form", "distribution", "unconfirmed", "file", "yours",
                       "source", "who", "where", "when", "url", "says")


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


@dataclass(frozen=True)
class _Item:
    """What list and show say of an entry or a correlation group, alike."""

    key: str
    unit: str
    form: str
    describe: str
    file: str
    sources: tuple[Any, ...]
    description: str
    note: str
    unconfirmed: str = ""


def _is_group(s: AssumptionSet, key: str) -> bool:
    """Whether ``key`` names a correlation group (``correlations.NAME``), not an entry."""
    return s.group(key) is not None


def _item(s: AssumptionSet, key: str) -> _Item:
    c = s.group(key)
    if c is not None:
        pairs = "; ".join(f"{c.keys[i]} ~ {c.keys[j]} {c.rank[i][j]:.2f}"
                          for i in range(len(c.keys)) for j in range(i + 1, len(c.keys)))
        return _Item(key, "1", "correlation", f"rank correlations: {pairs}", c.file,
                     tuple(c.sources), c.description, c.note)
    a = s[key]
    return _Item(key, a.unit_text, a.distribution.form, a.describe(), a.file, a.sources,
                 a.description, a.note, a.unconfirmed)


def _yours(s: AssumptionSet, key: str) -> bool:
    """An entry a user's file overrides or adds, or a correlation group (none is a default)."""
    return key in s.overridden or key in s.added or _is_group(s, key)


def _show_lines(s: AssumptionSet, key: str) -> list[str]:
    a = _item(s, key)
    lines = [key, f"  distribution: {a.describe}", f"  file: {_where(a.file)}"]
    period = period_of(s[key]) if key in s else None
    if period:  # a port-call period's end is exclusive: its last day is the day before
        after = (f" (period_end {period['end']}, the first day after it)"
                 if period["end_exclusive"] else "")
        lines.append(f"  period: {period['start']} to {period['last_day'] or period['end']}"
                     f"{after}")
    if a.description:
        lines.append(f"  what: {a.description}")
    if a.unconfirmed:
        lines.append(f"  unconfirmed: {a.unconfirmed}")
    if a.note:
        lines.append(f"  note: {flat(a.note)}")
    for i, src in enumerate(a.sources, 1):
        lines.append(f"  source {i}: {src.who}; {src.where}; {src.when}")
        lines.append(f"    says: \"{flat(src.says)}\"")
        if src.url:
            lines.append(f"    url: {src.url}")
        if src.note:
            lines.append(f"    note: {flat(src.note)}")
    return lines


def assumptions_document(s: AssumptionSet, keys: list[str] | None = None) -> dict[str, Any]:
    """The JSON document (schema ``estimator.assumptions`` v1) of ``keys`` of ``s`` (by
    default every entry and correlation group, as ``assumptions list`` gives them), as
    Python data."""
    keys = s.listed() if keys is None else keys
    groups = [g for g in map(s.group, keys) if g is not None]
    return {"schema": SCHEMA, "schema_version": SCHEMA_VERSION,
            "assumptions_digest": s.digest, "assumption_files": full_paths(s.files),
            "overridden": list(s.overridden), "added": list(s.added),
            "assumptions": [_entry(s, k) for k in keys if not _is_group(s, k)],
            "correlations": [{"name": c.name, "keys": list(c.keys),
                              "rank": [list(r) for r in c.rank], "file": c.file,
                              "description": c.description, "note": c.note,
                              "sources": [vars(x) for x in c.sources]}
                             for c in groups]}


def assumptions_records(s: AssumptionSet, keys: list[str] | None = None) -> list[Record]:
    """The CSV's rows as data: one per source of each of ``keys`` (by default every entry
    and correlation group), numbered from 1 in ``source``."""
    items = [_item(s, k) for k in (s.listed() if keys is None else keys)]
    return table_records(ASSUMPTIONS_COLUMNS, [
        [a.key, a.unit, a.form, a.describe, a.unconfirmed, a.file, _yours(s, a.key), i, x.who,
         x.where, x.when, x.url, flat(x.says)]
        for a in items for i, x in enumerate(a.sources, 1)])


def render_assumptions(s: AssumptionSet, keys: list[str], fmt: str = "table", *,
                       whole: bool = False) -> str:
    """``keys`` of ``s``: one line each (``list``), or each whole (``show``, ``whole``);
    as JSON (schema ``estimator.assumptions``), CSV (one row a source) or Markdown alike."""
    items = [_item(s, k) for k in keys]
    if fmt == "json":
        return json_text(assumptions_document(s, keys))
    if fmt == "csv":
        return csv_text([f"assumptions {s.digest}: {', '.join(full_paths(s.files))}"], ASSUMPTIONS_COLUMNS,
                        csv_cells(assumptions_records(s, keys), {}))
    if fmt == "markdown":
        if whole:
            out = []
            for k in keys:
                head, *rest = _show_lines(s, k)
                out += [f"### `{head}`", "", *(f"- {line.strip()}" for line in rest), ""]
            return "\n".join(out)
        return md_table(["key", "distribution", "[unconfirmed] first source", "from"],
                        [[f"`{a.key}`", a.describe, first_source(a), _from(s, a)]
                         for a in items]) + "\n"
    if whole:
        return "\n".join(line for k in keys for line in _show_lines(s, k)) + "\n"
    width = max(len(k) for k in keys)
    return "".join(f"{a.key.ljust(width)}  {a.describe}  -- {first_source(a)}"
                   + (f"  [{_from(s, a)}]" if _yours(s, a.key) else "") + "\n" for a in items)


def _from(s: AssumptionSet, a: _Item) -> str:
    """The file an item comes from, by name where it is a user's; 'defaults' else."""
    return Path(a.file).name if _yours(s, a.key) else "defaults"
