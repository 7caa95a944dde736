"""Render a sensitivity analysis: Sobol' indices, rank correlations and the tornado.

JSON layout (schema ``estimator.sensitivity``, version 1) is in ``docs/json-schema.md``.
"""

from __future__ import annotations

import math
from typing import Any

from estimator.report.common import (
    SCHEMA_VERSION,
    TONNES_TEXT,
    Record,
    csv_cells,
    csv_document,
    document,
    json_text,
    table_records,
    text_document,
)
from estimator.report.format import human, two_decimals
from estimator.sensitivity import Factor, Sensitivity, SensitivityReport

__all__ = ["factors_document", "factors_records", "render_sensitivity", "sensitivity_document",
           "sensitivity_records"]

NOTES = (
    "S1: the share of the output's variance the input explains alone; ST: alone and through "
    "its interactions (the sum of ST over inputs is 1 or more). +/- is the standard error, "
    "from the spread between 8 independently scrambled replicates of the design.",
    "at p5 / at p95: the output with this input at its 5th / 95th percentile and every other "
    "input at its median (one at a time); a mix of several shares has no single percentile "
    "and no swing.",
    "rank corr.: Spearman correlation of the input with the output over the A sample.",
)


def _opt(x: float | None) -> str:
    return "n/a" if x is None else human(x)


def _csv(x: float | None) -> str:
    """A CSV cell: empty where there is no value (None, or NaN for an undefined index)."""
    return "" if x is None or math.isnan(x) else f"{x:.6g}"


def _index(x: float, se: float) -> str:
    """An index to two decimals (an estimate a hair below 0 is 0.00, not -0.00), its
    standard error to two decimals or, below 0.005, to three (an error of 0.004 is not
    shown as 0.00, which would read as exact); n/a where unknown.

    >>> _index(-0.001, 0.0004), _index(0.45, 0.004), _index(-0.03, 0.01), _index(0.8, math.nan)
    ('0.00 +/- 0.000', '0.45 +/- 0.004', '-0.03 +/- 0.01', '0.80 +/- n/a')
    """
    if math.isnan(x):
        return "n/a"
    error = "n/a" if math.isnan(se) else f"{se:.3f}" if se < 0.005 else f"{se:.2f}"
    return f"{two_decimals(x)} +/- {error}"


def _cells(f: Factor) -> list[str]:
    return [f.key, _index(f.first, f.se_first), _index(f.total, f.se_total),
            "n/a" if f.rank_correlation is None else f"{f.rank_correlation:+.2f}",
            _opt(f.low), _opt(f.high), _opt(f.swing)]


def _notes(rep: SensitivityReport) -> list[str]:
    r = rep.result
    ignored = rep.ignored_correlations
    notes = [*NOTES, *([f"correlations ignored: {', '.join(ignored)} tie "
                        "inputs analysed here; Sobol' indices take every input as independent, "
                        "so these are the indices, rank correlations, variance and median of "
                        "the inputs drawn independently"]
                       if ignored else [])]
    if r.output == "tonnes":  # what the tonnes are: of rounds, crates on the complete basis
        notes.append(TONNES_TEXT)
    if not r.variance > 0:
        notes.insert(0, f"the output is {human(r.base)} {r.unit} in every draw: no input moves "
                     "it, so no index is worked out (n/a) and no tornado is drawn")
    flat = r.flat()
    if flat:
        notes.append(f"no swing with the others at their medians ({', '.join(flat)}: a "
                     "total index of 0.02 or more, a swing within 0.1% of the output): there "
                     "another input or limit decides, such as the other of weight and volume, "
                     "though in other draws the input moves the output, with other inputs")
    return notes


def sensitivity_document(rep: SensitivityReport) -> dict[str, Any]:
    """The JSON document (schema ``estimator.sensitivity`` v1) as Python data."""
    return document("estimator.sensitivity", rep, {
        "ignored_correlations": list(rep.ignored_correlations),
        "title": rep.title, "reference": rep.reference, **_analysis(rep.result)})


def factors_document(r: Sensitivity) -> dict[str, Any]:
    """A user's own analysis (:func:`~estimator.sensitivity.sensitivity`) as the same
    document, but for what it has not: no title, no assumptions (its inputs are any), and
    of the run record its ``seed`` alone."""
    return {"schema": "estimator.sensitivity", "schema_version": SCHEMA_VERSION,
            "seed": r.seed, "ignored_correlations": list(r.independent_of), **_analysis(r)}


def _analysis(r: Sensitivity) -> dict[str, Any]:
    """The analysis's figures, a report's and a user's own alike."""
    return {"output": r.output, "unit": r.unit, "base": r.base, "median": r.median,
            "variance": r.variance, "samples": r.samples, "evaluations": r.evaluations,
            "factors": [{"key": f.key, "first": f.first, "se_first": f.se_first,
                         "total": f.total, "se_total": f.se_total,
                         "rank_correlation": f.rank_correlation, "at_p5": f.low,
                         "at_p95": f.high, "swing": f.swing} for f in r.factors]}


SENSITIVITY_COLUMNS = ("key", "first", "se_first", "total", "se_total", "rank_correlation",
                       "at_p5", "at_p95", "swing", "unit")
_CELLS = dict.fromkeys(SENSITIVITY_COLUMNS[1:-1], _csv)


def sensitivity_records(rep: SensitivityReport) -> list[Record]:
    """The CSV's rows as data: one per input, most influential first (an index that is
    not known is NaN, a figure there is none of None)."""
    return factors_records(rep.result)


def factors_records(r: Sensitivity) -> list[Record]:
    """:func:`sensitivity_records` of a user's own analysis: the same rows."""
    return table_records(SENSITIVITY_COLUMNS, [
        [f.key, *(None if x is None else float(x) for x in (
            f.first, f.se_first, f.total, f.se_total, f.rank_correlation, f.low, f.high,
            f.swing)), r.unit] for f in r.factors])


def render_sensitivity(rep: SensitivityReport, fmt: str = "table") -> str:
    """Factors, most influential (largest total index) first."""
    r = rep.result
    head = (f"What moves {rep.title} ({r.unit}): Sobol' indices from {r.samples:,} x "
            f"{len(r.factors) + 2} evaluations, and {2 * len(r.factors) + 1} at the inputs' "
            f"medians and 5th and 95th percentiles ({r.evaluations:,} in all); the output with "
            f"every input at its median is {human(r.base)}, where the swings start (not the "
            f"estimate: the output's own median over the Sobol' rows is {human(r.median)})")
    notes = _notes(rep)
    if fmt == "json":
        return json_text(sensitivity_document(rep))
    if fmt == "csv":
        return csv_document(head, SENSITIVITY_COLUMNS, csv_cells(sensitivity_records(rep),
                                                                 _CELLS),
                            rep, [f"unit: {r.unit}", *notes])
    header = ["input", "S1", "ST", "rank corr.", "at p5", "at p95", "swing"]
    return text_document(head, header, [_cells(f) for f in r.factors], rep, fmt, notes)
