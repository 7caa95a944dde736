"""Pieces every renderer shares: stats objects, the run record, the assumptions used."""

from __future__ import annotations

import datetime as dt
import json
import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from estimator._args import full_paths
from estimator.assumptions import Assumption, AssumptionSet
from estimator.chain import REFERENCE, equivalent
from estimator.counts import Count
from estimator.estimates import RunRecord
from estimator.report.format import csv_text, md_table, share_written, text_table
from estimator.summary import Summary, digits_check, labelled_summaries, summaries_in

_DUD_RATE = "duds.dud_rate"

if TYPE_CHECKING:
    from estimator.reports import Catalogue, Claim

__all__ = [
    "CSV_STATS",
    "FINER",
    "FOOTING_TEXT",
    "SCHEMA_VERSION",
    "SOURCES_TITLE",
    "STATS",
    "STATS_CELLS",
    "TONNES_TEXT",
    "Record",
    "assumption_dict",
    "catalogue_fields",
    "chosen_line",
    "claim_file",
    "claim_mapping",
    "claim_mark",
    "claims_origin",
    "claims_run_line",
    "count_dict",
    "csv_cells",
    "csv_document",
    "document",
    "entry_dict",
    "first_source",
    "json_data",
    "json_text",
    "markdown_sources",
    "mc_lines",
    "period_of",
    "record_line",
    "reference_note",
    "significant",
    "sources_block",
    "sources_lines",
    "stat_values",
    "stats",
    "summaries_in",
    "table_records",
    "text_document",
    "timeline_source",
    "usable_rule",
    "users_claims",
]

SCHEMA_VERSION = 1
STATS = ("mean", "p5", "p50", "p95")
CSV_STATS = (*STATS, *(f"se_{k}" for k in STATS))  # a summary's CSV columns, in every CSV


# One row of a CSV as data: its column names, in order, to the cell's value (text, a
# number, True or False; an ISO date as text; None for an empty cell).
Record = dict[str, str | int | float | bool | None]


def stat_values(summary: Summary) -> list[float]:
    """A summary's figures, :data:`CSV_STATS` in order, as numbers."""
    return [float(getattr(summary, k)) for k in CSV_STATS]


def significant(digits: int) -> Callable[[float], str]:
    """How a CSV writes a number to ``digits`` significant digits.

    >>> significant(4)(0.123456), significant(6)(3071234.5)
    ('0.1235', '3.07123e+06')
    """
    return lambda x: f"{x:.{digits}g}"


# How the CSV writes a summary's figures: each to six significant digits.
STATS_CELLS: dict[str, Callable[[Any], object]] = dict.fromkeys(CSV_STATS, significant(6))


def table_records(columns: Sequence[str], rows: Iterable[Sequence[object]]) -> list[Record]:
    """Rows as records, one dict per row by column name: a date as its ISO text, an empty
    cell (None or ``""``) as None, as a CSV reader gives it."""
    return [{k: _value(v) for k, v in zip(columns, row, strict=True)} for row in rows]


def _value(v: object) -> Any:
    if v is None or v == "":
        return None
    return v.isoformat() if isinstance(v, dt.date) else v


def csv_cells(records: Iterable[Record],
              cells: Mapping[str, Callable[[Any], object]] = STATS_CELLS) -> list[list[object]]:
    """The CSV rows of ``records``: each value as ``cells`` writes its column (by default
    a summary's figures to six significant digits), any other as it is; None is an empty
    cell."""
    return [[v if v is None or k not in cells else cells[k](v) for k, v in r.items()]
            for r in records]


def stats(summary: Summary) -> dict[str, Any]:
    """A JSON *stats* object: mean, p5, p50, p95, unit, and the standard error of each."""
    d = summary.as_dict()
    return {**{k: d[k] for k in STATS}, "unit": d["unit"],
            "se": {k: d[f"se_{k}"] for k in STATS}}


def entry_dict(a: Assumption, overridden: bool) -> dict[str, Any]:
    """One assumption, with its distribution and sources, as JSON data."""
    return {"key": a.key, "unit": a.unit_text, "form": a.distribution.form,
            "params": a.distribution.params(), "describe": a.distribution.describe(),
            "description": a.description, "file": a.file, "overridden": overridden,
            "same_percentile_as": a.same_percentile_as or None,
            "unconfirmed": a.unconfirmed or None, "period": period_of(a),
            "sources": [asdict(s) for s in a.sources]}


def period_of(a: Assumption) -> dict[str, Any] | None:
    """A dated entry's period: its first day, its end as the file writes it and its last
    day, which is the day before that end for a port-call rate (``calls.*``, whose
    periods follow one another, the end exclusive) and the end itself for a rate of fire
    or output (``consumption.*``, ``production.*``: the days a source averaged over);
    None for an entry without one."""
    given = dict(a.extra)
    if "period_start" not in given or "period_end" not in given:
        return None
    end, last = given["period_end"], given["period_end"]
    if a.key.startswith("calls."):
        try:
            last = (dt.date.fromisoformat(end) - dt.timedelta(days=1)).isoformat()
        except ValueError:  # a user's value the loader took as written (not a day)
            last = ""
    return {"start": given["period_start"], "end": end, "last_day": last,
            "end_exclusive": a.key.startswith("calls.")}


def assumption_dict(assumptions: AssumptionSet, key: str, record: RunRecord) -> dict[str, Any]:
    """One assumption a run used, as JSON data (:func:`entry_dict`)."""
    return entry_dict(assumptions[key], key in record.overridden)


def count_dict(count: Count, name: str = "count") -> dict[str, Any]:
    """A count as the JSON ``input`` gives it: as written (under ``name``), its form, ends,
    whether its top is open, and the reading rule in words."""
    return {name: count.text, "form": count.form, "low": count.low, "high": count.high,
            "open_high": count.open_high, "rule": count.rule()}


def record_line(rec: RunRecord) -> str:
    """The run record in one line."""
    over = f"; overridden: {', '.join(rec.overridden)}" if rec.overridden else ""
    added = f"; added: {', '.join(rec.added)}" if rec.added else ""
    added += f"; relabelled: {', '.join(rec.relabelled)}" if rec.relabelled else ""
    pairs = [f"{g['keys'][i]} ~ {g['keys'][j]} {g['asked'][i][j]:.2f} "
             f"(achieved {g['achieved'][i][j]:.2f})"
             for g in rec.correlations for i in range(len(g["keys"]))
             for j in range(i + 1, len(g["keys"]))]
    corr = f"; rank correlations: {', '.join(pairs)}" if pairs else ""
    return (f"run: {rec.tool} {rec.version}, seed {rec.seed}, {rec.samples:,} samples, "
            f"method {rec.method}, assumptions {rec.assumptions_digest}{over}{added}{corr}")


def _users_files(catalogue: Catalogue) -> str:
    """The names of a user's claims files read: every file without the default catalogue,
    else those after it."""
    files = catalogue.files if not catalogue.includes_defaults else catalogue.files[1:]
    return ", ".join(Path(f).name for f in files)


def claims_record(catalogue: Catalogue) -> str:
    """The claims for the run line: the catalogue's digest (as the assumptions' is given),
    then what a user's claims files changed in it: the files, and the ids they replaced
    and added; without the default catalogue, the files the claims all come from."""
    digest = f"; claims {catalogue.digest}"
    if not catalogue.includes_defaults:  # every claim is the user's: nothing replaced
        return f"{digest}; claims from {_users_files(catalogue)} alone (no catalogue)"
    parts = [f"replaced {', '.join(catalogue.replaced)}" if catalogue.replaced else "",
             f"added {', '.join(catalogue.added)}" if catalogue.added else ""]
    if not any(parts):
        return digest
    return f"{digest}; claims from {_users_files(catalogue)}: " + "; ".join(x for x in parts if x)


def claim_mark(catalogue: Catalogue | None, cid: str) -> str:
    """`` [replaced by mine.toml]`` (``, unchanged]`` where the file gives the catalogue's
    claim word for word) or `` [added by mine.toml]`` for a claim a user's file gave, ""
    for a catalogue claim (or without a catalogue); where the default catalogue is left
    out (``--no-catalogue``), every claim is a file's own: `` [from mine.toml]`` where
    several files are read, else "" (the run line names the one)."""
    if catalogue is None:
        return ""
    if not catalogue.includes_defaults:  # no catalogue: every claim a user's file gave,
        # which the run line names; each is marked with its own where there are several
        several = len(catalogue.files) > 1
        return f" [from {Path(catalogue[cid].file).name}]" if several else ""
    how = "replaced" if cid in catalogue.replaced else "added" if cid in catalogue.added else ""
    same = ", unchanged" if cid in catalogue.unchanged else ""
    return f" [{how} by {Path(catalogue[cid].file).name}{same}]" if how else ""


def catalogue_fields(catalogue: Catalogue, files_key: str = "report_files") -> dict[str, Any]:
    """What every JSON document of the claims says of its catalogue: the files, the
    claims' digest (as in the run line) and the ids a user's files replaced and added."""
    return {files_key: full_paths(catalogue.files),
            "default_catalogue": catalogue.includes_defaults, "claims_digest": catalogue.digest,
            "claims_replaced": list(catalogue.replaced),
            "claims_added": list(catalogue.added)}


def claims_origin(catalogue: Catalogue) -> str:
    """Where the claims come from, for a list's foot: "" for the default catalogue (with a
    user's files, the marks say which claims are theirs); else the files, alone."""
    if catalogue.includes_defaults:
        return ""
    return f", from {_users_files(catalogue)} alone (the default catalogue left out)"


def users_claims(catalogue: Catalogue, ids: Iterable[str]) -> bool:
    """Whether any of the claims ``ids`` is a user's: a ``--reports`` file's (added or
    replacing the catalogue's), or any claim where the catalogue is left out."""
    return any(not catalogue.includes_defaults or cid in catalogue.added
               or cid in catalogue.replaced for cid in ids)


def calls_yours(assumptions: AssumptionSet, added_only: bool = False) -> list[str]:
    """The port-call periods (``calls.*``) a user's file set (``added_only``: added, not
    the defaults' overridden)."""
    yours = assumptions.added if added_only else (*assumptions.overridden, *assumptions.added)
    return sorted(k for k in yours if k.startswith("calls."))


def timeline_source(assumptions: AssumptionSet, users: bool) -> list[str]:
    """What the delivery timeline is, under any output that sets claims against it: the
    ``calls.*`` entries and their span, and whose they are (the defaults': North Korea's
    ships loading at Rajin); where ``users`` (a claim of a user's file is shown), that a
    claim of another route or sender is not measured by it. None without port-call
    periods."""
    from estimator.logistics import call_periods

    periods = call_periods(assumptions, required=False)
    if not periods:
        return []
    mine = calls_yours(assumptions)
    whose = (f"{', '.join(mine)} from your assumptions, the others the defaults'" if mine
             else "the defaults': North Korea's ships loading at Rajin")
    first, last = periods[0], periods[-1]
    lines = [f"timeline = the port calls of the {len(periods)} calls.* periods "
             f"({first.key} to {last.key}, {first.start} to {last.last_day}; {whose}) x "
             "containers per call (ships.*)"]
    if users:
        lines.append("claims of your files are set against the same timeline: the assumptions' "
                     "calls.* periods (the defaults' unless a file overrides them); a claim of "
                     "another route or sender is not measured by it: it is compared with those "
                     "port calls, not with its own flow")
    return lines


def claims_run_line(rec: RunRecord, catalogue: Catalogue) -> str:
    """The run record in one line, with what a user's claims files changed."""
    return record_line(rec) + claims_record(catalogue)


# Above each run's list of the assumptions it read (a first source may give context only,
# as for a figure no page confirms: the whole entry says which).
SOURCES_TITLE = ("assumptions used (key: distribution -- [what no source gives, if anything] first "
                 "source; 'estimate assumptions show KEY' gives every source, what it says, and "
                 "the entry's note):")


TONNES_TEXT = ("tonnes = the mass of the rounds the boxes hold, on the basis shown (complete "
               "rounds: crates too), not of explosive")
# what each measure of the footing is called in a table, in FOOTING's order ({reference}:
# the reference calibre's label, see reference_texts)
FOOTING_TEXT = {"containers": "containers", "tonnes": "tonnes", "rounds": "rounds (mix)",
                "rounds_152": "{reference}", "usable": "usable after duds"}


def usable_rule(assumptions: AssumptionSet) -> str:
    """How usable rounds are had, with the dud share's own median and 90% interval, so
    that a usable figure is never quoted without the rate behind it."""
    mid, low, high = (float(assumptions.quantity_at(_DUD_RATE, u).m_as(""))
                      for u in (0.5, 0.05, 0.95))
    spread = "" if low == high else f" [{_share(low)}-{_share(high)}]"
    return f"usable = rounds x (1 - {_DUD_RATE}: a dud share of {_share(mid)}{spread})"


def reference_note(reference: str) -> list[str]:
    """What ``rounds_152`` holds, for the CSV (whose rows name the measure by its key)
    where the reference calibre is not the default; none for the default.

    >>> reference_note("152mm_he"), reference_note("155mm_he")[0][:50]
    ([], 'rounds_152 = 155mm-equivalent: the same boxes fill')
    """
    if reference == REFERENCE:
        return []
    return [f"rounds_152 = {equivalent(reference)}: the same boxes filled with {reference} "
            "rounds (the key keeps its name whatever the reference calibre)"]


def _share(x: float) -> str:
    """A share in percent to two significant digits (25%, 6.3%, 0.4%)."""
    return f"{100 * x:.2g}%"


def sources_block(assumptions: AssumptionSet, used: tuple[str, ...],
                  record: RunRecord) -> list[str]:
    """The list of the assumptions a run read, under its title (every text format)."""
    return [SOURCES_TITLE, *sources_lines(assumptions, used, record)]


def sources_lines(assumptions: AssumptionSet, used: tuple[str, ...],
                  record: RunRecord) -> list[str]:
    """One line per assumption used: key, distribution, first source."""
    lines = []
    for key in used:
        a = assumptions[key]
        mark = " [overridden]" if key in record.overridden else ""
        lines.append(f"  {key}{mark}: {a.describe()} -- {first_source(a)}")
    return lines


class _Sourced(Protocol):
    """What an entry or a correlation group is listed by: its sources, and what of its
    figure no source gives."""

    @property
    def sources(self) -> Sequence[Any]: ...

    @property
    def unconfirmed(self) -> str: ...


def first_source(a: _Sourced) -> str:
    """An entry's first source, with how many more, after what of its figure no source
    gives (``[unconfirmed: ...]``), so that a one-line listing never credits a source
    with a number it does not state."""
    more = f" (+{len(a.sources) - 1} more)" if len(a.sources) > 1 else ""
    return (f"[unconfirmed: {a.unconfirmed}] " if a.unconfirmed else "") + a.sources[0].cite() + more


def markdown_sources(assumptions: AssumptionSet, used: tuple[str, ...],
                     record: RunRecord) -> list[str]:
    """The assumptions used, as a Markdown list under its title (then a blank line)."""
    return ["Assumptions used:", "",
            *(f"- `{line.strip().split(':', 1)[0]}`:{line.split(':', 1)[1]}"
              for line in sources_lines(assumptions, used, record)), ""]


def document(schema: str, est: Any, body: dict[str, Any]) -> dict[str, Any]:
    """A JSON document as data: schema, version, the run record, ``body``, and the
    assumptions ``est.used`` with their sources (``est`` has ``record``, ``used``,
    ``assumptions``)."""
    return {"schema": schema, "schema_version": SCHEMA_VERSION, "run": asdict(est.record),
            **body,
            "assumptions": [assumption_dict(est.assumptions, k, est.record) for k in est.used]}


def json_data(doc: Any) -> Any:
    """``doc`` as the JSON text of it reads back: what :func:`json_text` writes, as
    plain data (a number that is not finite as None, a date as its text, a tuple as a
    list)."""
    return json.loads(json_text(doc))


def json_text(doc: Any) -> str:
    """``doc`` as strict JSON: a value that is not a finite number (a percentile of an
    undefined ratio such as 0/0) is ``null``, never ``NaN`` or ``Infinity``, which JSON
    does not have; dates and other objects as their text."""
    return json.dumps(_finite(doc), indent=2, default=str, allow_nan=False) + "\n"


def _finite(obj: Any) -> Any:
    if isinstance(obj, float):
        return obj if math.isfinite(obj) else None
    if isinstance(obj, dict):
        return {k: _finite(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [_finite(v) for v in obj]
    return obj


FINER = "more --samples or a finer --precision"  # what to do after --precision


def mc_lines(obj: Any, record: RunRecord, remedy: str | None = None) -> list[str]:
    """The Monte Carlo error of every percentile in a result: the samples --precision
    chose, if it did; then a warning when printed third digits are noise (``remedy`` says
    what to do: by default --precision or more --samples, after --precision a finer one),
    or else the largest standard error. No lines if there are no figures."""
    labelled = labelled_summaries(obj)
    digits = digits_check([s for _, s in labelled], labels=[p for p, _ in labelled])
    if not digits.total:
        return []
    samples = record.samples
    if remedy is None and record.precision is not None:
        remedy = FINER
    return [*chosen_line(record, digits.worst), digits.warning(
        samples, *(() if remedy is None else (remedy,))) or (
        f"Monte Carlo error: every percentile reported is within {digits.worst:.2%} of its value "
        f"(one standard error, {samples:,} samples)")]


def chosen_line(record: RunRecord, worst: float) -> list[str]:
    """The samples ``--precision`` chose, if it chose them (``worst``: the largest
    relative standard error of a percentile)."""
    if record.precision is None:
        return []
    return [f"samples chosen for --precision {share_written(record.precision)}: "
            f"{record.samples:,} (largest standard error of a percentile: {worst:.3%} of its value)"]


def csv_document(head: str, header: Sequence[str], rows: Sequence[Sequence[object]], est: Any,
                 notes: Sequence[str] = (), run: str | None = None) -> str:
    """CSV with the lines a table of ``est`` has: the run, the head, the notes, and the
    Monte Carlo error of its figures."""
    return csv_text([run or record_line(est.record), head, *notes, *mc_lines(est, est.record)],
                    header, rows)


def text_document(head: str, header: list[str], rows: list[list[str]], est: Any, fmt: str,
          notes: Sequence[str] = (), run: str | None = None) -> str:
    """A table (or, for ``fmt == "markdown"``, a Markdown table) with notes, the Monte
    Carlo error of its figures, the assumptions used and the run record (``run``, the
    line to give it in, if not :func:`record_line`'s)."""
    notes = [*notes, *mc_lines(est, est.record)]
    run = run or record_line(est.record)
    if fmt == "markdown":
        return "\n".join([f"**{head}**", "", md_table(header, rows), "",
                          *(f"- {n}" for n in notes), *([""] if notes else []),
                          *markdown_sources(est.assumptions, est.used, est.record),
                          f"_{run}_"]) + "\n"
    return "\n".join([head, "", text_table(header, rows), "", *notes, *([""] if notes else []),
                      *sources_block(est.assumptions, est.used, est.record), "", run]) + "\n"


def claim_file(c: Claim) -> str:
    """A claim's file as the records name files: a user's whole (a relative path from the
    folder of the run), the catalogue's own by its place (``assumptions/reports.toml``)."""
    from estimator.reports import DEFAULT_PLACE

    return c.file if c.file == DEFAULT_PLACE else full_paths([c.file])[0]


def claim_mapping(c: Claim) -> dict[str, Any]:
    """:func:`~estimator.reports.as_mapping`, its file named whole (:func:`claim_file`)."""
    from estimator.reports import as_mapping

    return {**as_mapping(c), "file": claim_file(c)}
