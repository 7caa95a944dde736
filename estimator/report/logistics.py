"""Render port-call and rail estimates, the delivery timeline, and days of fire.

JSON layouts (schemas ``estimator.logistics``, ``estimator.timeline``, ``estimator.days``,
version 1) are documented in ``docs/json-schema.md``; every format carries the run
record.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from estimator.chain import MIX, reference_texts
from estimator.counts import as_written
from estimator.logistics import RATED_LOAD, DaysEstimate, LogisticsEstimate, MonthRow, Timeline
from estimator.report.common import (
    CSV_STATS,
    FOOTING_TEXT,
    TONNES_TEXT,
    Record,
    catalogue_fields,
    claim_mark,
    claims_run_line,
    count_dict,
    csv_cells,
    csv_document,
    document,
    json_text,
    reference_note,
    stat_values,
    stats,
    table_records,
    text_document,
    usable_rule,
)
from estimator.report.format import human, interval, percent
from estimator.summary import Summary

if TYPE_CHECKING:
    from estimator.reports import Catalogue

__all__ = ["days_document", "days_records", "logistics_document", "logistics_records",
           "render_days", "render_logistics", "render_timeline", "timeline_document",
           "timeline_records"]


def _foot_text(est: LogisticsEstimate, key: str) -> str:
    """A footing measure's label; the rounds named by the calibre that fills the boxes
    where it is one calibre alone ("rounds of 155mm_he alone"), the reference's by its
    calibre ("152mm-equivalent")."""
    return (f"rounds of {est.calibre} alone" if key == "rounds" and est.calibre != MIX
            else reference_texts(FOOTING_TEXT, est.reference)[key])


def _filled(est: LogisticsEstimate) -> str:
    """What fills the boxes, as the headline says it."""
    return ("rounds of the calibre mix" if est.calibre == MIX
            else f"rounds of {est.calibre} alone (the boxes filled with it)")


def _iv(s: Summary | None) -> str:
    return "n/a" if s is None else interval(s.p50, s.p5, s.p95)


def _years(days: float) -> str:
    """Days as years, to two decimals ('1.01'); from 10,000 years, as :func:`human` writes
    a figure ('2.74M', not '2,737,850.79')."""
    years = days / 365.25
    return f"{years:,.2f}" if years < 1e4 else human(years)


# ---------------------------------------------------------------------------- port calls, rail

_SCOPED = {"munitions_or_related": " of munitions or related materials, x scope.munitions_share"}


def _period(catalogue: Catalogue | None, key: str) -> dict[str, str] | None:
    """The period a compared claim counts over (``from``, ``to``), if it is a claim."""
    claim = None if catalogue is None else catalogue.get(key)
    return None if claim is None else {"from": claim.period_start.isoformat(),
                                       "to": claim.as_of.isoformat()}


def _counted(catalogue: Catalogue | None, key: str) -> str:
    """``, counted 2023-09-01 to 2024-02-23``: the period of a compared claim, if known."""
    period = _period(catalogue, key)
    return "" if period is None else f", counted {period['from']} to {period['to']}"


def _against(implied: Summary, assumed: Summary) -> str:
    """Where an implied load's median lies against the 90% interval the ships' entries
    give a call: ``within``, ``above`` or ``below``."""
    return ("above" if implied.p50 > assumed.p95 else "below" if implied.p50 < assumed.p5
            else "within")


def _against_words(implied: Summary, assumed: Summary) -> str:
    side = _against(implied, assumed)
    return "" if side == "within" else (
        f": {side} the loads assumed ({_iv(assumed)} {assumed.unit}), so either the calls "
        "counted do not cover the claim's period, or the claim and the loads disagree")


def _car_load_note(est: LogisticsEstimate) -> list[str]:
    """Rail: a car's gross load against its rated load, and what to check where the
    assumptions load cars past it."""
    share = est.over_rated_share
    if est.car_load is None or share is None:
        return []
    rated = f"its rated load ({RATED_LOAD}: {est.assumptions[RATED_LOAD].describe()})"
    n = est.record.samples
    over = round(share * n)  # in trials, as counted: a share rounds 7 in 50,000 to 0.0%
    where = (f"within {rated} in every trial" if over == 0
             else f"ABOVE {rated} in every trial" if over == n
             else f"ABOVE {rated} in {over:,} of {n:,} trials")
    if share >= 0.05:
        where += ": rail.containers_per_car, or the boxes' loads, give a car more than it carries"
    cargo = "cargo" if est.calibre == MIX else f"cargo of {est.calibre} alone"
    return [f"a car's gross load (its boxes' {cargo} and tare): {_iv(est.car_load)} "
            f"{est.car_load.unit}, {where}"]


def _logistics_notes(est: LogisticsEstimate, catalogue: Catalogue | None
                     ) -> tuple[list[str], list[str], str, str]:
    """The notes under the table, the caveats, the note on the claims' periods and the
    note on an exact count ("" where there is none)."""
    rules = [*([usable_rule(est.assumptions)] if "usable" in est.footing else []),
             *([TONNES_TEXT] if "tonnes" in est.footing else [])]
    caveats = ["each call is read as a munitions loading by a ship of the run (ships.*): "
               "count only those; calls by other ships (as at the pier Rajin leases to "
               "China) are not"] if est.measure == "port_calls" else []
    notes = [f"containers per unit: {_iv(est.per_unit)} {est.per_unit.unit}",
             *_car_load_note(est), *rules, *caveats]
    notes += [f"{key}{claim_mark(catalogue, key)} ({text} containers{_SCOPED.get(scope, '')}"
              f"{_counted(catalogue, key)}) over these {est.count.text} implies {_iv(s)} {s.unit}"
              f"{_against_words(s, est.per_unit)}"
              for key, s, text, scope in est.compare]
    period_note = ("the calls counted must cover the claim's own period: counts over "
                   "different months imply nothing of a call's load"
                   ) if est.compare and catalogue is not None else ""
    if period_note:
        notes.append(f"({period_note})")
    scoped = any(scope in _SCOPED for *_, scope in est.compare)
    exact_note = (f"an implied interval spans only how each claim's figure is read"
                  f"{' and, for a munitions or related count, scope.munitions_share' if scoped else ''}"
                  f"; the count, {est.count.text}, is taken as exact: write ~{est.count.text} to "
                  "take it as approximate") if est.compare and est.count.form == "exact" else ""
    if exact_note:
        notes.append(f"({exact_note})")
    return notes, caveats, period_note, exact_note


def logistics_document(est: LogisticsEstimate, catalogue: Catalogue | None = None
                       ) -> dict[str, Any]:
    """The JSON document (schema ``estimator.logistics`` v1) as Python data; ``catalogue``,
    the claims the compared ones came from, adds the claims files and the period each
    compared claim counts over."""
    _, caveats, period_note, exact_note = _logistics_notes(est, catalogue)
    extra: dict[str, Any] = {} if catalogue is None else catalogue_fields(catalogue)
    extra["compare_note"] = exact_note or None
    extra["period_note"] = period_note or None
    extra["caveats"] = caveats
    return document("estimator.logistics", est, {
        "input": {**count_dict(est.count), "measure": est.measure, "label": est.label,
                  "calibre": est.calibre, "reference": est.reference},
        "per_unit": stats(est.per_unit),
        "car_load": None if est.car_load is None else {
            **stats(est.car_load), "rated_load": est.assumptions[RATED_LOAD].describe(),
            "over_rated_share": est.over_rated_share, "over_rated_share_se": est.over_rated_se},
        "footing": {k: stats(s) for k, s in est.footing.items()},
        "compare": [{"claim": k, "containers": t, "scope": scope,
                     "counted": _period(catalogue, k),
                     "implied_per_unit": stats(s),
                     "against_assumed": _against(s, est.per_unit)}
                    for k, s, t, scope in est.compare],
        **extra})


LOGISTICS_COLUMNS = ("measure", "unit", *CSV_STATS)


def logistics_records(est: LogisticsEstimate) -> list[Record]:
    """The CSV's rows as data: each common measure, the containers per unit, and what
    each compared claim implies per unit."""
    rows = [[k, s.unit, *stat_values(s)] for k, s in est.footing.items()]
    rows.append(["containers per unit", est.per_unit.unit, *stat_values(est.per_unit)])
    if est.car_load is not None:  # (the share above its rated load: a note, as in the table)
        rows.append(["car gross load", est.car_load.unit, *stat_values(est.car_load)])
    rows += [[f"implied by {k} ({t} containers{_SCOPED.get(scope, '')})", s.unit,
              *stat_values(s)] for k, s, t, scope in est.compare]
    return table_records(LOGISTICS_COLUMNS, rows)


def render_logistics(est: LogisticsEstimate, fmt: str = "table",
                     catalogue: Catalogue | None = None) -> str:
    """Port calls or rail cars on every common measure; ``catalogue``, the claims the
    compared ones came from, marks those a user's file gave."""
    head = (f"{est.count.rule()} ({est.label}) -> containers and rounds, median [90% interval]"
            f"; {_filled(est)}, {est.basis} basis")
    notes = _logistics_notes(est, catalogue)[0]
    run = None if catalogue is None else claims_run_line(est.record, catalogue)
    if fmt == "json":
        return json_text(logistics_document(est, catalogue))
    if fmt == "csv":
        return csv_document(head, LOGISTICS_COLUMNS, csv_cells(logistics_records(est)), est,
                            [*notes, *reference_note(est.reference)], run)
    rows = [[_foot_text(est, k), _iv(s)] for k, s in est.footing.items()]
    return text_document(head, ["measure", "median [90% interval]"], rows, est, fmt, notes, run)


# ---------------------------------------------------------------------------- timeline

def _iso(day: dt.date | None) -> str | None:
    return None if day is None else day.isoformat()


def _month(r: MonthRow) -> str:
    """A month as the table labels it: ``2024-01``, or ``2024-01 (15-31)`` for a part."""
    if not r.partial or r.start is None or r.end is None:
        return r.month
    last = (r.end - dt.timedelta(days=1)).day
    return f"{r.month} ({r.start.day}-{last})"


_TIMELINE_CAVEATS = ["calls are each period's rate times the days it holds (expected calls, "
                     "hence fractions), not counts; the rates were set from the counts of calls "
                     "('estimate assumptions show calls.KEY' says from which), so the "
                     "cumulative calls agree with those counts by construction, not as a check "
                     "of them"]


def timeline_document(t: Timeline) -> dict[str, Any]:
    """The JSON document (schema ``estimator.timeline`` v1) as Python data."""
    return document("estimator.timeline", t, {"caveats": list(_TIMELINE_CAVEATS),
        "from": t.start.isoformat(), "to_exclusive": t.end.isoformat(),
        "reference": t.reference,
        "periods": [{"key": p.key, "start": p.start.isoformat(), "end": p.end.isoformat(),
                     "last_day": p.last_day.isoformat()}
                    for p in t.periods],
        "months": [{"month": r.month, "from": _iso(r.start), "to_exclusive": _iso(r.end),
                    "calls": stats(r.calls),
                    "containers": stats(r.containers),
                    "cumulative": {k: stats(s) for k, s in r.cumulative.items()}}
                   for r in t.rows]})


TIMELINE_COLUMNS = ("month", "from", "to_exclusive", "measure", "unit", *CSV_STATS)


def timeline_records(t: Timeline) -> list[Record]:
    """The CSV's rows as data: for each month, its calls, its containers and each
    cumulative measure."""
    rows = []
    for r in t.rows:
        when = [r.month, _iso(r.start), _iso(r.end)]
        rows.append([*when, "calls in month", r.calls.unit, *stat_values(r.calls)])
        rows.append([*when, "containers in month", r.containers.unit,
                     *stat_values(r.containers)])
        rows += [[*when, f"cumulative {k}", s.unit, *stat_values(s)]
                 for k, s in r.cumulative.items()]
    return table_records(TIMELINE_COLUMNS, rows)


def render_timeline(t: Timeline, fmt: str = "table") -> str:
    """The timeline month by month (cumulative from its first month, ``t.start``)."""
    head = (f"Deliveries by sea (the ships' loadings at Rajin; rail and air are not counted) "
            f"month by month from {t.start} to {t.end} (exclusive): port calls per "
            f"month by period (calls.*) x containers per call; cumulative from {t.start}; "
            f"median [90% interval]; rounds of the calibre mix, {t.basis} basis")
    periods = [f"{p.key}: {p.start} to {p.last_day}" for p in t.periods]
    if fmt == "json":
        return json_text(timeline_document(t))
    if fmt == "csv":
        return csv_document(head, TIMELINE_COLUMNS, csv_cells(timeline_records(t)), t,
                            [usable_rule(t.assumptions), TONNES_TEXT, *_TIMELINE_CAVEATS,
                             "periods (first to last day): " + "; ".join(periods),
                             *reference_note(t.reference)])
    header = ["month", "calls (median)", "containers (median)", "cum. calls", "cum. containers",
              "cum. rounds", "cum. usable"]
    rows = [[_month(r), human(r.calls.p50), human(r.containers.p50),
             _iv(r.cumulative["calls"]), _iv(r.cumulative["containers"]),
             _iv(r.cumulative["rounds"]), _iv(r.cumulative["usable"])] for r in t.rows]
    return text_document(head, header, rows, t, fmt, [usable_rule(t.assumptions),
                                                      *_TIMELINE_CAVEATS,
                                                      "periods (first to last day):",
                                                      *(f"  {p}" for p in periods)])


# ---------------------------------------------------------------------------- days

_OF = {"consumption": "fire", "production": "output"}


def _group(e: DaysEstimate, kind: str) -> str:
    """A group of rates as its label says, else by its keys. A file of yours may relabel
    it (``[consumption] label = "..."``): its label then names the rates it gave, and the
    defaults' rates shown beside them keep the defaults' label."""
    s = e.assumptions
    label = s.labels.get(kind) or f"{kind}.*"
    rows = [r.key for r in e.rows if r.kind == kind]
    yours = [k for k in rows if k in s.added or k in s.overridden]
    if kind not in s.relabelled or len(yours) == len(rows):
        return label
    from estimator.assumptions import AssumptionSet

    theirs = AssumptionSet.defaults().labels.get(kind) or f"{kind}.*"
    named = ", ".join(k.split(".", 1)[-1] for k in yours)
    return theirs + (f"; and {label} ({named})" if yours else "")


def _days_notes(e: DaysEstimate) -> tuple[str, list[str], list[str]]:
    """The headline, the notes under the table and the caveats."""
    what = "usable rounds (after duds)" if e.usable else "rounds"
    kinds = {r.kind for r in e.rows}
    against = "; and ".join(_group(e, k) for k in _OF if k in kinds) or _group(e, "consumption")
    head = f"{e.rounds.rule()}; {what} against {against}"
    production = [f"production.* rows are output ({_group(e, 'production')}), not fire: their "
                  "days are the days of production the rounds equal"] if "production" in kinds else []
    usable = ["the days the working rounds alone last, against rates that count every round "
              "fired, duds too: not the days the whole stock is fired"] if e.usable else []
    caveats = [*production, *usable]
    notes = [*production, *([usable_rule(e.assumptions)] if e.usable else []), *usable]
    if e.per_day is not None:
        kind = "usable rounds" if e.usable else "rounds"
        notes.append(f"over {as_written(e.over_days)} days: {_iv(e.per_day)} {kind} a day")
        notes.append(f"share = those {kind} a day as a share of each rate: of fire "
                     "(consumption.*), or of output (production.*)")
    if e.implied_days is not None:
        d = e.implied_days
        notes.append(f"at {as_written(e.stated_per_day)} rounds a day the stock lasts {_iv(d)} days "
                     f"({_years(d.p50)} years at the median): the period the two figures "
                     "imply together")
    return head, notes, caveats


def days_document(e: DaysEstimate) -> dict[str, Any]:
    """The JSON document (schema ``estimator.days`` v1) as Python data."""
    return document("estimator.days", e, {
        "input": {**count_dict(e.rounds, "rounds"), "usable": e.usable,
                  "over_days": e.over_days, "per_day": e.stated_per_day},
        "sustained_per_day": stats(e.per_day) if e.per_day else None,
        "implied_days": stats(e.implied_days) if e.implied_days else None,
        "rates": [{"key": r.key, "kind": r.kind, "period": r.period, "rate": stats(r.rate),
                   "days": stats(r.days) if r.days else None,
                   "share": stats(r.share) if r.share else None} for r in e.rows],
        "caveats": _days_notes(e)[2]})


DAYS_COLUMNS = ("key", "period", "measure", "unit", *CSV_STATS)


def days_records(e: DaysEstimate) -> list[Record]:
    """The CSV's rows as data: the rounds a day sustained (``over_days``), the days the
    stock lasts (``per_day``), then each rate with its days and share."""
    rows = []
    if e.per_day is not None:
        rows.append(["sustained", f"over {as_written(e.over_days)} days",
                     "usable rounds a day" if e.usable else "rounds a day", e.per_day.unit,
                     *stat_values(e.per_day)])
    if e.implied_days is not None:
        rows.append(["implied", f"at {as_written(e.stated_per_day)} rounds a day",
                     "days the stock lasts", e.implied_days.unit,
                     *stat_values(e.implied_days)])
    for r in e.rows:
        rows.append([r.key, r.period, "rate", r.rate.unit, *stat_values(r.rate)])
        what = _OF[r.kind]
        if r.days:
            rows.append([r.key, r.period, f"days of {what}", r.days.unit, *stat_values(r.days)])
        if r.share:
            rows.append([r.key, r.period, f"share of {what}", r.share.unit,
                         *stat_values(r.share)])
    return table_records(DAYS_COLUMNS, rows)


def render_days(e: DaysEstimate, fmt: str = "table") -> str:
    """Days of fire at each consumption rate (days of output at each production rate), and
    what a stock sustains."""
    head, notes, _ = _days_notes(e)
    if fmt == "json":
        return json_text(days_document(e))
    if fmt == "csv":
        return csv_document(head, DAYS_COLUMNS, csv_cells(days_records(e)), e, notes)
    header = ["rate key (--period)", "period", "rounds a day", "days"]
    if e.per_day is not None:
        header.append("share")
    rows = []
    for r in e.rows:
        row = [r.key.removeprefix("consumption."), r.period, _iv(r.rate), _iv(r.days)]
        if r.share is not None:
            row.append(f"{percent(r.share.p50)} [{percent(r.share.p5)}-{percent(r.share.p95)}]")
        rows.append(row)
    return text_document(head, header, rows, e, fmt, notes)
