"""Render a :class:`~estimator.estimates.ContainerEstimate` as a table, JSON, CSV or Markdown.

The JSON layout is documented in ``docs/json-schema.md`` (schema ``estimator.containers``,
version 1); every format carries the run record.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from estimator.chain import MIX
from estimator.estimates import ContainerEstimate, Row
from estimator.report.common import (
    CSV_STATS,
    FINER,
    STATS_CELLS,
    Record,
    assumption_dict,
    chosen_line,
    count_dict,
    csv_cells,
    json_text,
    markdown_sources,
    record_line,
    significant,
    sources_block,
    stat_values,
    stats,
    table_records,
    usable_rule,
)
from estimator.report.format import csv_text, human, interval, md_table, text_table

__all__ = ["FORMATS", "SCHEMA", "SCHEMA_VERSION", "containers_document", "containers_records",
           "render_containers"]

FORMATS = ("table", "json", "csv", "markdown")
SCHEMA = "estimator.containers"
SCHEMA_VERSION = 1
BASIS_TEXT = {
    "projectile": "projectile alone (bare projectile, rocket or bomb; no charge, no crate)",
    "complete": "complete round as shipped (with charge, fuze and crate share)",
}


def _row_dict(r: Row) -> dict[str, Any]:
    return {
        "label": r.label, "calibre": r.calibre, "basis": r.basis, "measure": "rounds",
        **stats(r.rounds),
        "usable": {"measure": "usable rounds", **stats(r.usable)},
        "per_container": stats(r.per_container),
        "binding": r.binding, "weight_share": r.weight_share,
    }


def containers_document(est: ContainerEstimate) -> dict[str, Any]:
    """The JSON document (schema ``estimator.containers`` v1) as Python data."""
    return {
        "schema": SCHEMA, "schema_version": SCHEMA_VERSION,
        "run": asdict(est.record),
        "input": {**count_dict(est.count), "related": est.related},
        "cargo_capacity": stats(est.cargo_capacity),
        "munitions_containers": (None if est.munitions_containers is None
                                 else stats(est.munitions_containers)),
        "results": [_row_dict(r) for r in est.rows],
        "precision": _precision(est),
        "assumptions": [assumption_dict(est.assumptions, k, est.record) for k in est.used],
    }


def _precision(est: ContainerEstimate) -> dict[str, Any]:
    d, shown = est.digits, est.shown_digits
    return {"asked": est.precision, "worst_relative_se": d.worst,
            "noisy_third_digits": d.noisy, "percentiles": d.total,
            "shown": {"noisy_third_digits": shown.noisy, "figures": shown.total,
                      "worst_relative_se": shown.worst}}


def _notes(est: ContainerEstimate) -> list[str]:
    """The long-crate line, calibres the mix leaves out, the samples chosen for
    ``--precision`` if asked, and a warning when printed digits are noise."""
    return _crates(est) + _outside_mix(est) + _digits(est)


def _outside_mix(est: ContainerEstimate) -> list[str]:
    """Calibres of the assumptions (a user's added ones) that the mix row does not hold."""
    mix = est.assumptions.entries.get("mix.calibre_share")
    cats = getattr(getattr(mix, "distribution", None), "categories", None)
    if cats is None or not any(r.calibre == MIX for r in est.rows):
        return []
    outside = [c for c in est.assumptions.calibres() if c not in cats]
    if not outside:
        return []
    them = "it" if len(outside) == 1 else "them"
    return [f"the mix leaves out {', '.join(outside)}: it holds only the calibres "
            f"mix.calibre_share lists (add {them} to its categories, with an alpha each, to mix "
            f"{them} in)"]


def _crates(est: ContainerEstimate) -> list[str]:
    crates = []
    for key in est.used:
        if key.startswith("munitions.") and key.endswith(".crate_length"):
            a = est.assumptions.entries[key]
            lo, hi = a.distribution.support()
            crates.append(f"{key.split('.')[1]} {lo:g}-{hi:g} {a.unit:~P}")
    if not crates:
        return []
    return ["long crates lie lengthwise in whole rows of a box's inside length (complete "
            "basis; munitions.*.crate_length): " + ", ".join(crates)]


def _digits(est: ContainerEstimate) -> list[str]:
    d = est.digits
    finer = () if est.precision is None else (FINER,)
    warning = est.shown_digits.warning(est.record.samples, *finer)
    # a coarse --precision leaves noisy digits
    return [*chosen_line(est.record, d.worst), *([] if warning is None else [warning])]


def _scope(est: ContainerEstimate) -> str:
    return ("; containers of munitions or munitions-related materials, x "
            "scope.munitions_share" if est.related else "")


def _headline(est: ContainerEstimate) -> str:
    return (f"{est.count.rule()}{_scope(est)}; containers -> rounds, median [90% interval] "
            "and mean")


def _table_rows(est: ContainerEstimate, basis: str) -> list[list[str]]:
    return [[r.calibre, interval(r.rounds.p50, r.rounds.p5, r.rounds.p95), human(r.rounds.mean),
             interval(r.usable.p50, r.usable.p5, r.usable.p95), human(r.usable.mean),
             human(r.per_container.p50), r.binding]
            for r in est.rows if r.basis == basis]


HEADER = ["calibre", "rounds", "mean", "usable after duds", "mean", "per box", "limit"]


def _table(est: ContainerEstimate) -> str:
    out = [_headline(est), ""]
    for basis in dict.fromkeys(r.basis for r in est.rows):
        out += [f"basis: {BASIS_TEXT[basis]}", text_table(HEADER, _table_rows(est, basis)), ""]
    out += _legend(est) + _notes(est)
    out += ["", *sources_block(est.assumptions, est.used, est.record)]
    out += ["", record_line(est.record)]
    return "\n".join(out) + "\n"


def _cargo_label(est: ContainerEstimate) -> str:
    """What the cargo line measures: with a 'munitions or related' count, the boxes of
    munitions alone (the count x scope.munitions_share), whose cargo the rounds are."""
    return ("cargo the boxes can carry" if est.munitions_containers is None
            else "cargo the boxes of munitions can carry")


def _legend(est: ContainerEstimate) -> list[str]:
    """What the boxes carry, and how to read the columns: beside the table in every format."""
    cargo, boxes = est.cargo_capacity, est.munitions_containers
    munitions = ([] if boxes is None else
                 [f"containers of munitions: {interval(boxes.p50, boxes.p5, boxes.p95)} "
                  "(the count x scope.munitions_share; the rounds are of these)"])
    return [*munitions,
            f"{_cargo_label(est)}: {interval(cargo.p50, cargo.p5, cargo.p95)} t",
            f"{usable_rule(est.assumptions)}; 'per box' is the median rounds a box "
            "holds (its interval is in the JSON and CSV); 'limit' says whether weight or volume "
            "binds (where each binds in some boxes: the one that binds in most, and in what "
            "share)"]


def _markdown(est: ContainerEstimate) -> str:
    out = [f"**{_headline(est)}**", ""]
    for basis in dict.fromkeys(r.basis for r in est.rows):
        out += [f"*Basis: {BASIS_TEXT[basis]}*", "", md_table(HEADER, _table_rows(est, basis)),
                ""]
    out += [*(f"- {n}" for n in _legend(est) + _notes(est)), ""]
    out += [*markdown_sources(est.assumptions, est.used, est.record),
            f"_{record_line(est.record)}_"]
    return "\n".join(out) + "\n"


CSV_COLUMNS = ("label", "calibre", "basis", "measure", "unit", *CSV_STATS, "binding",
               "weight_share", "seed", "samples")
_CELLS = {**STATS_CELLS, "weight_share": significant(4)}


def containers_records(est: ContainerEstimate) -> list[Record]:
    """The CSV's rows as data: rounds, usable rounds and rounds per container for each
    calibre and basis, then the containers of munitions (with ``related``) and the cargo."""
    rec = est.record
    rows: list[list[object]] = [
        [r.label, r.calibre, r.basis, measure, s.unit, *stat_values(s), r.binding,
         None if r.weight_share is None else float(r.weight_share), rec.seed, rec.samples]
        for r in est.rows
        for measure, s in (("rounds", r.rounds), ("usable rounds", r.usable),
                           ("rounds per container", r.per_container))]
    if est.munitions_containers is not None:
        boxes = est.munitions_containers
        rows.append(["containers of munitions", None, None, "containers", boxes.unit,
                     *stat_values(boxes), None, None, rec.seed, rec.samples])
    cargo = est.cargo_capacity
    rows.append([_cargo_label(est), None, None, "cargo capacity", cargo.unit,
                 *stat_values(cargo), None, None, rec.seed, rec.samples])
    return table_records(CSV_COLUMNS, rows)


def _csv(est: ContainerEstimate) -> str:
    return csv_text([record_line(est.record), f"input: {est.count.rule()}{_scope(est)}",
                     *_legend(est), *_notes(est)], CSV_COLUMNS,
                    csv_cells(containers_records(est), _CELLS))


def render_containers(est: ContainerEstimate, fmt: str = "table") -> str:
    """The estimate in one of :data:`FORMATS`."""
    if fmt == "json":
        return json_text(containers_document(est))
    if fmt == "csv":
        return _csv(est)
    if fmt == "markdown":
        return _markdown(est)
    return _table(est)
