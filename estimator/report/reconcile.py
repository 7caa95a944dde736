"""Render a :class:`~estimator.reconcile.Reconciliation`, a shells estimate and the catalogue.

JSON layouts are documented in ``docs/json-schema.md`` (schemas ``estimator.reconcile``
and ``estimator.shells``, version 1); every format carries the run record and names
each claim's source and date.
"""

from __future__ import annotations

import textwrap
from dataclasses import asdict
from typing import Any

from estimator._args import full_paths
from estimator.chain import equivalent, reference_texts
from estimator.reconcile import (
    CALIBRE_FLAG,
    ClaimResult,
    Implied,
    Reconciliation,
    ShellsEstimate,
)
from estimator.report.common import (
    CSV_STATS,
    FOOTING_TEXT,
    STATS_CELLS,
    TONNES_TEXT,
    Record,
    assumption_dict,
    catalogue_fields,
    claim_file,
    claim_mapping,
    claim_mark,
    claims_origin,
    claims_record,
    claims_run_line,
    count_dict,
    csv_cells,
    csv_document,
    json_text,
    markdown_sources,
    mc_lines,
    reference_note,
    sources_block,
    stat_values,
    stats,
    table_records,
    text_document,
    timeline_source,
    usable_rule,
    users_claims,
)
from estimator.report.format import csv_text, cut, flat, human, interval, md_table, text_table
from estimator.reports import Catalogue, Claim, Figure, as_mapping
from estimator.summary import Summary

__all__ = ["reconcile_document", "reconcile_records", "render_reconcile", "render_reports",
           "render_shells", "reports_document", "reports_records", "shells_document",
           "shells_records"]

RECONCILE_SCHEMA = "estimator.reconcile"
SHELLS_SCHEMA = "estimator.shells"
SCHEMA_VERSION = 1
BASIS_TEXT = {"projectile": "projectile alone (no charge, no crate)",
              "complete": "complete rounds as shipped (charge, fuze, crate share)"}


def _iv(s: Summary | None) -> str:
    return "n/a" if s is None else interval(s.p50, s.p5, s.p95)


def _as_written(imp: Implied) -> str:
    """' (divided as written: 448)': the source's own division, beside its reading."""
    if imp.as_written is None:
        return ""
    low, high = (human(x) for x in imp.as_written)
    return f" (divided as written: {low}" + (")" if low == high else f" to {high})")


def _implied_line(imp: Implied) -> str:
    line = f"{imp.label}: {imp.figures} = {_iv(imp.implied)}"
    line += _as_written(imp)
    if imp.model:
        line += "; model " + ", ".join(f"{b} {_iv(s)}" for b, s in imp.model.items())
    if imp.kg_per_round is not None:
        at = " at that division" if imp.at_written else ""
        line += (f"; boxes full by weight{at} would mean {human(imp.kg_per_round.p50)} kg a "
                 "round")
    return line + (f" -> {imp.verdict}" if imp.verdict else "")


def _header(rec: Reconciliation) -> list[str]:
    basis = [f"Basis: {BASIS_TEXT[rec.basis]}."]
    if rec.basis == "projectile":
        basis = [f"Basis: {BASIS_TEXT[rec.basis]}: every box holds bare projectiles, the "
                 "timeline's too, as in arithmetic",
                 "such as the ministry's; rounds delivered are complete rounds, which "
                 "--basis complete (the default) converts."]
    return ["Public claims side by side, on one footing: median [90% interval].", *basis,
            "containers = containers of munitions (a 'munitions or related' count is scaled by "
            "scope.munitions_share);",
            "rounds of the calibre mix (mix.calibre_share); per month = over each claim's own "
            "period;",
            f"{usable_rule(rec.assumptions)};",
            "stated = the source's figure ('at least N' for at least, over or more than N; "
            "'estimate reports show ID' gives its words),",
            "stated / month = the same as written, over the claim's own period;",
            "every other column reads it as: 'at least N' N x (1 + counts.at_least_excess), "
            "'up to N' N x (1 - counts.up_to_shortfall);",
            f"{equivalent(rec.reference)} = the same boxes filled with {rec.reference} rounds "
            "instead of the mix (weight or volume, whichever binds);", f"{TONNES_TEXT}."]


def _checks(rec: Reconciliation, indent: str = "  ") -> list[str]:
    out = []
    for r in rec.results:
        for imp in r.implied:
            out.append(f"{indent}{r.claim.id}: {_implied_line(imp)}")
        if r.usable_own is not None and r.claim.duds is not None:
            out.append(f"{indent}{r.claim.id}: usable under the source's own dud view "
                       f"({_said(r.claim.duds)} duds): "
                       f"{_iv(r.usable_own)}")
        if "rounds" in r.cumulative:
            bases = " and ".join(b.id for b in rec.catalogue.bases(r.claim))
            out.append(f"{indent}{r.claim.id}: cumulative with {bases}: rounds "
                       f"{_iv(r.cumulative['rounds'])}, usable {_iv(r.cumulative['usable'])}")
    return out


def _claim_flags(r: ClaimResult) -> list[str]:
    """A claim's flags as every format gives them: the flag of a claim of boxes that names
    its calibre with what those boxes hold of it alone."""
    return [f"{f}: {_iv(r.calibre_rounds)} rounds"
            if f.startswith(CALIBRE_FLAG) and r.calibre_rounds is not None else f
            for f in r.flags]


def _flags(rec: Reconciliation, indent: str = "  ") -> list[str]:
    return [f"{indent}{r.claim.id}: {f}" for r in rec.results for f in _claim_flags(r)]


def _sources(rec: Reconciliation, indent: str = "  ") -> list[str]:
    return [f"{indent}{r.claim.id}{claim_mark(rec.catalogue, r.claim.id)}: {r.claim.cite()}"
            f" -- as of {r.claim.as_of}, since "
            f"{r.claim.period_start}: \"{flat(r.claim.quote)}\"" for r in rec.results]


def _rules(rec: Reconciliation) -> list[str]:
    seen: dict[str, None] = {}
    for r in rec.results:
        seen[f"{r.claim.id}: {r.claim.count.rule()}"] = None
    return list(seen)


def _ratio(s: Summary) -> str:
    """Two decimals from 0.01 to 100 ('0.85 [0.61-1.20]'); past them, three digits as
    :func:`human` writes them (not '152553904845.06' or '0.00')."""
    def one(x: float) -> str:
        return f"{x:.2f}" if 0.01 <= abs(x) < 100 or x == 0 else human(x)

    return f"{one(s.p50)} [{one(s.p5)}-{one(s.p95)}]"


def _rate(r: ClaimResult, name: str) -> str:
    s = r.per_month.get(name)
    return "n/a" if s is None else _iv(s)


def _mc(rec: Reconciliation) -> list[str]:
    """The Monte Carlo note, its least precise figure named by claim ('csis_25_port_calls:
    footing / rounds')."""
    return mc_lines({"claims": rec.results}, rec.record)


def _stated_rate(r: ClaimResult) -> str:
    """The source's figure as written over its own months ('at least 820 containers'), not
    the reading of it the other columns carry; n/a for a count on one day."""
    if r.stated_per_month is None:
        return "n/a"
    return f"{r.claim.figure.divided(r.claim.months, human)} {r.claim.measure.replace('_', ' ')}"


def _timeline_source(rec: Reconciliation) -> list[str]:
    """What the timeline the claims are set against is, where any claim is: whose
    port calls, and (a user's claim shown) that another flow is not measured by it."""
    shown = [r.claim.id for r in rec.results if r.timeline]
    return timeline_source(rec.assumptions, users_claims(rec.catalogue, shown)) if shown else []


def _table(rec: Reconciliation) -> str:
    first = [[r.claim.id, r.claim.as_of.isoformat(), r.claim.short(),
              _iv(r.footing.get("containers")), _iv(r.footing.get("rounds")),
              _iv(r.footing.get("usable"))] for r in rec.results]
    second = [[r.claim.id, _iv(r.footing.get("tonnes")), _iv(r.footing.get("rounds_152")),
               _rate(r, "rounds"), _rate(r, "usable"), _stated_rate(r)]
              for r in rec.results]
    out = [*_header(rec), "",
           text_table(["claim", "as of", "stated", "containers", "rounds (mix)",
                       "usable after duds"], first, align="lllrrr"), "",
           text_table(["claim", "tonnes", equivalent(rec.reference), "rounds / month",
                       "usable / month", "stated / month"], second, align="lrrrrr")]
    timeline = [[r.claim.id, _iv(r.footing.get("rounds")), _iv(r.timeline["rounds"]),
                 _ratio(r.timeline["ratio"])] for r in rec.results if r.timeline]
    if timeline:
        out += ["", "against the delivery timeline (port calls x containers per call over the "
                "claim's own period, as far as the timeline reaches):",
                text_table(["claim", "claim: rounds (mix)", "timeline: rounds (mix)",
                            "claim / timeline"], timeline, align="lrrr"),
                *(x for line in _timeline_source(rec)
                  for x in textwrap.wrap(line, 120, subsequent_indent="  "))]
    checks = _checks(rec)
    if checks:
        out += ["", "what the sources imply:", *checks]
    flags = _flags(rec)
    if flags:
        out += ["", "flags:", *flags]
    out += ["", "how each figure is read:", *(f"  {x}" for x in _rules(rec))]
    out += ["", "sources:", *_sources(rec)]
    lines = _mc(rec)
    out += [*(["", *lines] if lines else []), "",
            *sources_block(rec.assumptions, rec.used, rec.record)]
    out += ["", claims_run_line(rec.record, rec.catalogue)]
    return "\n".join(out) + "\n"


def _markdown(rec: Reconciliation) -> str:
    header = ["claim", "source", "as of", "period from", "stated",
              *reference_texts(FOOTING_TEXT, rec.reference).values(),
              "rounds / month", "usable / month", "stated / month",
              "timeline: rounds, same period", "claim / timeline"]
    rows = [[f"`{r.claim.id}`", f"{r.claim.who} ({r.claim.published})",
             r.claim.as_of.isoformat(), r.claim.period_start.isoformat(), r.claim.stated(),
             *(_iv(r.footing.get(m)) for m in FOOTING_TEXT), _rate(r, "rounds"),
             _rate(r, "usable"), _stated_rate(r), _iv(r.timeline.get("rounds")),
             _ratio(r.timeline["ratio"]) if "ratio" in r.timeline else "n/a"]
            for r in rec.results]
    out = [f"**{_header(rec)[0]}** " + " ".join(_header(rec)[1:]), "", md_table(header, rows), "",
           *(x for line in _timeline_source(rec) for x in (f"_{line}_", ""))]
    for title, lines in (("What the sources imply", _checks(rec, "- ")),
                         ("Flags", _flags(rec, "- ")),
                         ("How each figure is read", [f"- {x}" for x in _rules(rec)]),
                         ("Sources", [f"- `{r.claim.id}`{claim_mark(rec.catalogue, r.claim.id)}: "
                                      f"{r.claim.cite()}"
                                      + (f" <{r.claim.url}>" if r.claim.url else "")
                                      + f": \"{flat(r.claim.quote)}\"" for r in rec.results])):
        if lines:
            out += [f"*{title}:*", "", *lines, ""]
    out += [x for line in _mc(rec) for x in (f"_{line}_", "")]
    out += [*markdown_sources(rec.assumptions, rec.used, rec.record),
            f"_{claims_run_line(rec.record, rec.catalogue)}_"]
    return "\n".join(out) + "\n"


def _measures(r: ClaimResult) -> list[tuple[str, Summary]]:
    """Every figure of one claim that the table shows, named as the CSV's measure column
    names it."""
    out = [("stated", r.stated), *r.footing.items(),
           *((f"{k} per month", s) for k, s in r.per_month.items()),
           *((("stated per month", r.stated_per_month),) if r.stated_per_month else ()),
           *((f"timeline {k}" if k != "ratio" else "claim / timeline rounds", s)
             for k, s in r.timeline.items()),
           *((f"cumulative {k}", s) for k, s in r.cumulative.items())]
    if r.usable_own is not None:
        out.append(("usable under the source's own dud view", r.usable_own))
    if r.calibre_rounds is not None:
        out.append((f"rounds of {r.claim.calibre} alone", r.calibre_rounds))
    for imp in r.implied:
        out.append((f"implied: {imp.label}{_as_written(imp)}", imp.implied))
        out += [(f"model: {imp.label} ({b})", s) for b, s in imp.model.items()]
        if imp.kg_per_round is not None:
            out.append((f"implied: {imp.label}: kg a round if full by weight", imp.kg_per_round))
    return out


RECONCILE_COLUMNS = ("claim", "who", "outlet", "published", "first_public", "as_of",
                     "period_start", "months", "basis", "scope", "origin", "stated", "measure",
                     "unit", *CSV_STATS, "flags", "seed", "samples")
_RECONCILE_CELLS = {**STATS_CELLS, "months": lambda x: f"{x:.2f}"}


def reconcile_records(rec: Reconciliation) -> list[Record]:
    """The CSV's rows as data: one per figure of each claim (its ``measure``), with the
    claim's fields beside it."""
    rows = []
    for r in rec.results:
        c = r.claim
        for name, s in _measures(r):
            rows.append([c.id, c.who, c.outlet, c.published, c.first_public, c.as_of,
                         c.period_start, float(c.months), c.basis, c.scope, c.origin,
                         c.stated(), name, s.unit, *stat_values(s),
                         "; ".join(_claim_flags(r)), rec.record.seed, rec.record.samples])
    return table_records(RECONCILE_COLUMNS, rows)


def _csv(rec: Reconciliation) -> str:
    return csv_text([claims_run_line(rec.record, rec.catalogue), *_header(rec)[1:],
                     *reference_note(rec.reference), *_timeline_source(rec),
                     *(f"read as: {x}" for x in _rules(rec)),
                     *(x.strip() for x in _checks(rec)), *(x.strip() for x in _flags(rec)),
                     *_mc(rec)], RECONCILE_COLUMNS,
                    csv_cells(reconcile_records(rec), _RECONCILE_CELLS))


def _implied_dict(imp: Implied) -> dict[str, Any]:
    return {"label": imp.label, "figures": imp.figures, "implied": stats(imp.implied),
            "model": {b: stats(s) for b, s in imp.model.items()},
            "kg_per_round": stats(imp.kg_per_round) if imp.kg_per_round else None,
            "verdict": imp.verdict, "cannot_hold": imp.cannot_hold,
            "as_written": list(imp.as_written) if imp.as_written else None}


def reconcile_document(rec: Reconciliation) -> dict[str, Any]:
    """The JSON document (schema ``estimator.reconcile`` v1) as plain Python data."""
    return {
        "schema": RECONCILE_SCHEMA, "schema_version": SCHEMA_VERSION,
        "run": asdict(rec.record), "basis": rec.basis, "reference": rec.reference,
        **catalogue_fields(rec.catalogue),
        "timeline_source": _timeline_source(rec),
        "claims": [{
            **claim_mapping(r.claim),
            "stated_value": stats(r.stated),
            "footing": {m: stats(s) for m, s in r.footing.items()},
            # null for a count on one day: a stock, not a flow
            "per_month": None if r.claim.one_day else {m: stats(s)
                                                       for m, s in r.per_month.items()},
            "stated_per_month": stats(r.stated_per_month) if r.stated_per_month else None,
            "stated_per_month_as_written": None if r.claim.one_day else [
                x / r.claim.months for x in r.claim.figure.count.written_ends()],
            "cumulative": {m: stats(s) for m, s in r.cumulative.items()},
            "timeline": {m: stats(s) for m, s in r.timeline.items()},
            "usable_own_duds": stats(r.usable_own) if r.usable_own else None,
            "implied": [_implied_dict(i) for i in r.implied],
            "calibre_rounds": stats(r.calibre_rounds) if r.calibre_rounds else None,
            "flags": _claim_flags(r),
        } for r in rec.results],
        "assumptions": [assumption_dict(rec.assumptions, k, rec.record) for k in rec.used],
    }


def render_reconcile(rec: Reconciliation, fmt: str = "table") -> str:
    """The side-by-side table in one of table, json, csv, markdown."""
    if fmt == "json":
        return json_text(reconcile_document(rec))
    if fmt == "csv":
        return _csv(rec)
    if fmt == "markdown":
        return _markdown(rec)
    return _table(rec)


# ---------------------------------------------------------------------------- shells

def shells_document(est: ShellsEstimate) -> dict[str, Any]:
    """The JSON document (schema ``estimator.shells`` v1) as Python data."""
    return {"schema": SHELLS_SCHEMA, "schema_version": SCHEMA_VERSION,
            "run": asdict(est.record), "basis": est.basis,
            "input": count_dict(est.count),
            "results": [{"calibre": r.calibre, "label": r.label,
                         **{m: stats(s) for m, s in r.footing.items()}} for r in est.rows],
            "assumptions": [assumption_dict(est.assumptions, k, est.record) for k in est.used]}


_SHELLS_MEASURES = ("containers", "tonnes", "rounds", "usable")
SHELLS_COLUMNS = ("calibre", "measure", "unit", *CSV_STATS)


def shells_records(est: ShellsEstimate) -> list[Record]:
    """The CSV's rows as data: containers, tonnes, rounds and usable rounds of each calibre."""
    return table_records(SHELLS_COLUMNS, [[r.calibre, m, r.footing[m].unit,
                                           *stat_values(r.footing[m])]
                                          for r in est.rows for m in _SHELLS_MEASURES])


def render_shells(est: ShellsEstimate, fmt: str = "table") -> str:
    """Rounds back to containers and tonnes, in one of table, json, csv, markdown."""
    if fmt == "json":
        return json_text(shells_document(est))
    header = ["calibre", "containers", "tonnes", "rounds", "usable after duds"]
    rows = [[r.calibre, *(_iv(r.footing[m]) for m in _SHELLS_MEASURES)] for r in est.rows]
    head = (f"{est.count.rule()}; rounds -> containers and tonnes, median [90% interval]; "
            f"basis: {BASIS_TEXT[est.basis]}; full boxes")
    if fmt == "csv":
        return csv_document(head, SHELLS_COLUMNS, csv_cells(shells_records(est)), est,
                            [usable_rule(est.assumptions), TONNES_TEXT])
    return text_document(head, header, rows, est, fmt, [usable_rule(est.assumptions),
                                                         TONNES_TEXT])


# ---------------------------------------------------------------------------- catalogue

def _said(f: Figure) -> str:
    """A source's own figure by its form: 'range 0.45-0.55' (a dud view), 'at least 3M'."""
    return f"{f.form.replace('_', ' ')} {f.text}"


def _conversion(f: Figure) -> str:
    """A source's own conversion in words: 'at least 3M rounds of 152mm_he'."""
    return f"{_said(f)} {f.measure}" + (f" of {f.calibre}" if f.calibre else "")


def _note(f: Figure) -> str:
    """A figure's note after its quote (where the quote is from, how it is read)."""
    return f" -- note: {flat(f.note)}" if f.note else ""


def _claims(catalogue: Catalogue, ids: list[str] | None) -> list[Claim]:
    """The claims ``ids`` names, in that order, or all of them by as-of date."""
    return [catalogue[i] for i in ids] if ids else sorted(catalogue.values(),
                                                          key=lambda c: (c.as_of, c.id))


def reports_document(catalogue: Catalogue, ids: list[str] | None = None) -> dict[str, Any]:
    """The JSON document (schema ``estimator.reports`` v1) of the claims ``ids`` (``reports
    show``) or of all of them (``reports list``), as Python data."""
    return {"schema": "estimator.reports", "schema_version": SCHEMA_VERSION,
            **catalogue_fields(catalogue, "files"),
            "claims": [claim_mapping(c) for c in _claims(catalogue, ids)]}


REPORTS_COLUMNS = ("claim", "as_of", "period_start", "measure", "basis", "scope", "form",
                   "low", "high", "open_high", "stated", "who", "outlet", "origin",
                   "published", "first_public", "url", "quote", "calibre", "over",
                   "conversions", "duds", "file")


def reports_records(catalogue: Catalogue, ids: list[str] | None = None) -> list[Record]:
    """The CSV's rows as data: one per claim, ``ids`` or all of them by as-of date."""
    return table_records(REPORTS_COLUMNS, [
        [c.id, c.as_of, c.period_start, c.measure, c.basis, c.scope, c.figure.form,
         c.count.low, c.count.high, c.count.open_high, c.stated(), c.who, c.outlet, c.origin,
         c.published, c.first_public, c.url, c.quote, c.calibre, c.over,
         "; ".join(_conversion(x) for x in c.conversions),
         _said(c.duds) if c.duds else None, claim_file(c)] for c in _claims(catalogue, ids)])


def render_reports(catalogue: Catalogue, ids: list[str] | None, fmt: str = "table") -> str:
    """The catalogue (``reports list``) or some claims whole (``reports show``)."""
    claims = _claims(catalogue, ids)
    if fmt == "json":
        return json_text(reports_document(catalogue, ids))
    if ids and fmt != "csv":  # a CSV of some claims has the catalogue's columns
        out = []
        for c in claims:
            m = as_mapping(c)
            lines = [f"who: {c.who}", f"outlet: {c.outlet}" + (f" <{c.url}>" if c.url else ""),
                     f"published {c.published}"
                     + (f" (first public {c.first_public})" if c.first_public else "")
                     + f"; figure as of {c.as_of}, period since "
                     f"{c.period_start} ({m['months']} months)",
                     f"measure {c.measure}, basis {c.basis}, scope {c.scope}, origin {c.origin}"
                     + (f", calibre {c.calibre}" if c.calibre else "")
                     + (f", increment over {c.over}" if c.over else ""),
                     f"read as: {c.count.rule()}", f"quote: \"{flat(c.quote)}\""]
            lines += [f"the source's conversion: {_conversion(f)} (\"{flat(f.quote)}\"){_note(f)}"
                      for f in c.conversions]
            if c.duds:
                lines.append(f"the source's dud view: {_said(c.duds)} (\"{flat(c.duds.quote)}\")"
                             f"{_note(c.duds)}")
            if c.note:
                lines.append(f"note: {flat(c.note)}")
            lines.append(f"file: {c.file}")
            first = f"{c.id}{claim_mark(catalogue, c.id)}: {c.stated()}"
            if fmt == "markdown":
                out += [f"**{first}**", "", *(f"- {line}" for line in lines), ""]
            else:
                out += [first, *(f"  {line}" for line in lines), ""]
        return "\n".join(out)
    # the day it became public, what --known-by goes by (the outlet's date is in 'show')
    header = ["claim", "as of", "period from", "stated", "who", "first public"]
    rows = [[c.id + claim_mark(catalogue, c.id), str(c.as_of), str(c.period_start), c.short(),
             cut(c.who, 34), str(c.public_date)] for c in claims]
    if fmt == "csv":
        return csv_text([f"files: {', '.join(full_paths(catalogue.files))}{claims_record(catalogue)}"],
                        REPORTS_COLUMNS, csv_cells(reports_records(catalogue, ids), {}))
    if fmt == "markdown":
        origin = claims_origin(catalogue)  # where the catalogue is left out, as the table says
        return md_table(header, [[f"`{r[0]}`", *r[1:]] for r in rows]) + "\n" + (
            f"\n_{len(claims)} claims{origin}._\n" if origin else "")
    return text_table(header, rows, align="llllll") + \
        f"\n\n{len(claims)} claims{claims_origin(catalogue)}; " \
        "'estimate reports show ID' gives one whole, with its quote and source.\n" \
        "first public: the day its figure was first reported (what --known-by goes by).\n"

