"""Render a :class:`~estimator.pooled.Pooled` estimate: table, JSON, CSV, Markdown.

The JSON layout is schema ``estimator.pooled``, version 1 (see ``docs/json-schema.md``).
Every format carries the run record, the effective sample size, the pooling rules and
each claim's source and date.
"""

from __future__ import annotations

from typing import Any

from estimator.logistics import call_periods
from estimator.pooled import QUANTILES, ClaimTension, Estimate, Pooled
from estimator.report.common import (
    CSV_STATS,
    STATS_CELLS,
    Record,
    calls_yours,
    catalogue_fields,
    claim_mapping,
    claim_mark,
    claims_run_line,
    csv_cells,
    document,
    json_text,
    markdown_sources,
    mc_lines,
    significant,
    sources_block,
    stat_values,
    stats,
    table_records,
    timeline_source,
    users_claims,
)
from estimator.report.format import csv_text, cut, interval, md_table, percent, text_table
from estimator.reports import Claim
from estimator.summary import Summary

__all__ = ["POOLED_SCHEMA", "headline_text", "pooled_dict", "pooled_document", "pooled_records",
           "render_pooled", "short_who"]

POOLED_SCHEMA = "estimator.pooled"
BASIS_TEXT = {"projectile": "projectile alone (no charge, no crate)",
              "complete": "complete rounds as shipped (charge, fuze, crate share)"}


def _iv(s: Summary | None) -> str:
    return "n/a" if s is None else interval(s.p50, s.p5, s.p95)


def _p(p: float) -> str:
    return "<0.001" if p < 0.001 else f"{p:.3f}"


def _shift(x: float) -> str:
    """A change as a signed percentage, as :func:`percent` writes one ('+2.2%', '+1,235%')."""
    return ("+" if x >= 0 else "") + percent(x)


def _weight(t: ClaimTension) -> str:
    w = f"{t.weight:g}" if t.weight != 1 else "1"
    return w if t.origin_claims == 1 else f"{w}/{t.origin_claims}"


def _head(p: Pooled) -> list[str]:
    known = "" if p.known_by is None else f" made public by {p.known_by}"
    claims = f"{len(p.claims)} claim{'' if len(p.claims) == 1 else 's'}{known}"
    zero = sum(t.weight == 0 for t in p.claims)  # weighed out with --weight ID=0
    later = 0 if p.known_by is not None else sum(t.claim.public_date > p.as_of
                                                 for t in p.claims)
    out = (f"{len(p.excluded)} left out" + (f", {zero} at weight 0" if zero else "")
           + (f", {p.unchosen} not chosen by --claim, --measure or --since" if p.unchosen
              else "")
           + (f"; {later} made public after {p.as_of}: hindsight, see --known-by" if later
              else ""))
    return [f"Pooled estimate at {p.as_of} from {claims} ({out}): median "
            "[90% interval]; prior = the assumptions alone, pooled = weighted by how well each "
            "draw explains the claims.",
            f"Deliveries by sea since {call_periods(p.assumptions)[0].start} (the ships' "
            f"loadings at {_where(p)}, as the delivery timeline counts them; rail and air are "
            f"not in it, nor anything before). Basis: {BASIS_TEXT[p.basis]}. Effective sample "
            f"size: {p.ess:,.0f} of "
            f"{p.draws:,} draws" + (f" (importance weights alone: {p.ess_prior:,.0f})"
                                    if p.ess != p.ess_prior else " (Kish)") + ".",
            *_untrusted(p), *_timeline_said(p)]


# under the verdicts, where a user's claim is pooled
_AGAINST = ("each verdict weighs a claim against the others and the timeline's port calls "
            "(calls.*, named at the top): for a claim of another route or sender it says nothing "
            "of its own flow")


def _users(p: Pooled) -> bool:
    """Whether a claim pooled is a user's (one left out is set against nothing)."""
    return users_claims(p.catalogue, [t.claim.id for t in p.claims])


def _where(p: Pooled) -> str:
    """Where the timeline's ships load: Rajin, and the periods a file of yours added (a
    default period a file changed is still a loading at Rajin)."""
    added = calls_yours(p.assumptions, added_only=True)
    return "Rajin" + (f" and in your periods ({', '.join(added)})" if added else "")


def _timeline_said(p: Pooled) -> list[str]:
    """What the timeline is, where a user's claim is pooled or a file set its periods (the
    catalogue's claims over the defaults' periods: the line above says it)."""
    if not (_users(p) or calls_yours(p.assumptions)):
        return []
    return timeline_source(p.assumptions, _users(p))


def _untrusted(p: Pooled) -> list[str]:
    """The line under the headline where too few effective draws carry it; none else."""
    return [] if p.trusted else [
        f"NOT TO BE TRUSTED: the pooled figures rest on {p.ess:,.0f} effective draws, "
        f"fewer than {p.min_ess:,.0f}; run more --samples, or give less weight to or drop the "
        "claims in strongest tension (see the warnings)."]


def _estimate_rows(items: dict[str, Estimate]) -> list[list[str]]:
    return [[e.label, _figure(e.prior), _figure(e.posterior)] for e in items.values()]


def _figure(s: Summary) -> str:
    """A figure as the other outputs write it: a share (the dud rate, the munitions share)
    in percent, as every other output gives them ('30.2% [3.9%-62.4%]'), else a count."""
    if s.unit in ("1", ""):
        return f"{percent(s.p50)} [{percent(s.p5)}-{percent(s.p95)}]"
    return _iv(s)


def short_who(claim: Claim) -> str:
    """Who, in a few words: the text before the first parenthesis or comma."""
    who = claim.who.split(" (")[0].split(", ")[0]
    return cut(who, 40)


def _beside(p: Pooled) -> list[str]:
    """Claims made as of the pooled date, beside the pooled figure for their own period."""
    return [f"{t.claim.id} ({short_who(t.claim)}, public {t.claim.public_date}): "
            f"{t.claim.short()}; pooled {_iv(t.quantity)}; "
            + (f"the others alone and its tail probability n/a ({t.no_verdict})"
               if t.in_tension is None else
               f"the others alone {_iv(t.predictive)}; tail probability {_p(t.tail_p)}")
            for t in p.claims if t.claim.as_of == p.as_of]


def _leave_one_out(t: ClaimTension) -> list[str]:
    """The others alone, tail p and headline w/o as the tables give them: n/a where too few
    effective draws carry them (the verdict column says how few)."""
    if t.in_tension is None:
        return ["n/a"] * 3
    return [_iv(t.predictive), _p(t.tail_p), _shift(t.shift)]


def _claim_rows(p: Pooled) -> list[list[str]]:
    rows = []
    for t in p.claims:
        others, tail, shift = _leave_one_out(t)
        rows.append([t.claim.id, t.claim.as_of.isoformat(), t.claim.short(), others,
                     _iv(t.quantity), tail, shift, _weight(t), t.verdict])
    return rows


_CLAIM_HEADER = ["claim", "as of", "stated", "the others alone", "pooled", "tail p",
                 "headline w/o", "weight", ""]


def _mc(p: Pooled) -> list[str]:
    """The Monte Carlo error of the figures the table shows (the pooled ones rest on the
    effective draws, not all of them)."""
    shown = {f"{name} ({which})": s for items in (p.headline, p.parameters)
             for name, e in items.items() for which, s in (("prior", e.prior),
                                                           ("pooled", e.posterior))}
    shown |= {f"{t.claim.id} ({which})": s for t in p.claims
              for which, s in (("the others alone", t.predictive), ("pooled", t.quantity))
              if t.in_tension is not None or which == "pooled"}  # not shown with no verdict
    return mc_lines(shown, p.record, "more --samples")  # --precision is not for --pooled


_VERDICTS = ("TENSION where tail p is below {0:g}; 'tension?' or 'edge' where it is within two "
             "Monte Carlo standard errors of {0:g} (in tension or not), so that another --seed "
             "or more --samples may move it across")


def _no_verdict(p: Pooled) -> list[str]:
    """What the verdict 'n/a' says, where a claim has it; nothing else."""
    return [f"n/a: no verdict where the draws reweighted without the claim (leave-one-out) "
            f"keep fewer than {p.min_ess:,.0f} effective draws, the floor the headline is held "
            "to: its 'the others alone', tail p and 'headline w/o' are then no findings"
            ] if p.no_verdict else []


def _tension_lines(p: Pooled, bullet: str) -> list[str]:
    """What the claims in tension need; and, where there are any, the claims with no
    verdict (too few effective draws to say)."""
    few = ", ".join(t.claim.id for t in p.no_verdict)
    return [f"{bullet}{t.needs}" for t in p.claims if t.in_tension] + (
        [f"{bullet}no verdict (too few effective draws; see the warnings): {few}"] if few
        else [])


def _table(p: Pooled) -> str:
    out = [*_head(p), "",
           text_table(["at " + p.as_of.isoformat(), "prior", "pooled"],
                      _estimate_rows(p.headline), align="lrr")]
    beside = _beside(p)
    if beside:
        out += ["", "claims as of this date:", *(f"  {b}" for b in beside)]
    out += ["", text_table(["parameter", "prior", "pooled"], _estimate_rows(p.parameters),
                           align="lrr"), *_mc(p)]
    out += ["", "each claim against the others: 'the others alone' is their predictive of its "
            "figure (leave-one-out, with the reporting error); tail p its two-sided tail "
            "probability (one-sided for a count fired); 'headline w/o' how far the pooled usable "
            "rounds move without it; weight = its --weight / claims of its origin; "
            + _VERDICTS.format(p.tension_p), *_no_verdict(p),
            text_table(_CLAIM_HEADER, _claim_rows(p), align="lllrrrrrl")]
    tension = _tension_lines(p, "  ")
    out += ["", "in tension, and what would have to change:", *(tension or ["  none"]),
            *([f"  ({_AGAINST})"] if _users(p) else [])]
    if p.excluded:
        out += ["", "left out:", *(f"  {e.claim.id}: {e.reason}" for e in p.excluded)]
    if p.warnings:
        out += ["", "warnings:", *(f"  {w}" for w in p.warnings)]
    out += ["", "how the claims are pooled:", *(f"  {r}" for r in p.rules)]
    out += ["", "sources:", *(f"  {t.claim.id}{claim_mark(p.catalogue, t.claim.id)}: "
                              f"{t.claim.cite()} -- as of {t.claim.as_of}, since "
                              f"{t.claim.period_start}" for t in p.claims)]
    out += ["", *sources_block(p.assumptions, p.used, p.record), "",
            claims_run_line(p.record, p.catalogue)]
    return "\n".join(out) + "\n"


def _markdown(p: Pooled) -> str:
    head = _head(p)
    out = [f"**{head[0]}** {head[1]}", *(f"\n**{line}**" for line in _untrusted(p)),
           *(f"\n_{line}_" for line in _timeline_said(p)), "",
           md_table(["at " + p.as_of.isoformat(), "prior", "pooled"], _estimate_rows(p.headline)),
           ""]
    beside = _beside(p)
    if beside:
        out += ["*Claims as of this date:*", "", *(f"- {b}" for b in beside), ""]
    out += [md_table(["parameter", "prior", "pooled"], _estimate_rows(p.parameters)), "",
            *(f"{line}\n" for line in _mc(p)),
            md_table(["claim", "source", "as of", "stated", "the others alone", "pooled", "tail p",
                      "headline w/o", "weight", "tension"],
                     [[f"`{t.claim.id}`", f"{t.claim.who} ({t.claim.published})",
                       t.claim.as_of.isoformat(), t.claim.stated(), loo[0], _iv(t.quantity),
                       *loo[1:], _weight(t), f"**{t.verdict}**" if t.verdict else ""]
                      for t in p.claims for loo in [_leave_one_out(t)]]), "",
            _VERDICTS.format(p.tension_p) + ".", *(f"\n{x}." for x in _no_verdict(p)), ""]
    for title, lines in (("In tension, and what would have to change",
                          _tension_lines(p, "- ") or ["- none"]),
                         ("Left out", [f"- `{e.claim.id}`: {e.reason}" for e in p.excluded]),
                         ("Warnings", [f"- {w}" for w in p.warnings]),
                         ("How the claims are pooled", [f"- {r}" for r in p.rules])):
        if lines:
            out += [f"*{title}:*", "", *lines, ""]
    out += [*markdown_sources(p.assumptions, p.used, p.record), f"_{claims_run_line(p.record, p.catalogue)}_"]
    return "\n".join(out) + "\n"


def _csv_row(kind: str, ident: str, date: str, what: str, which: str, s: Summary,
             extra: tuple[object, ...], p: Pooled) -> list[object]:
    return [kind, ident, date, what, which, s.unit, *stat_values(s),
            *extra, p.record.seed, p.record.samples]


POOLED_COLUMNS = ("kind", "id", "date", "measure", "which", "unit", *CSV_STATS, "tail_p",
                  "tail_p_se", "in_tension", "edge", "shift", "weight", "seed", "samples")
_CELLS = {**STATS_CELLS, "tail_p": significant(4), "tail_p_se": significant(2),
          "shift": significant(4), "weight": significant(4)}


def pooled_records(p: Pooled) -> list[Record]:
    """The CSV's rows as data: the headline and the parameters, prior and pooled; the
    pooled timeline; and each claim's figures, with its tail probability, tension, shift
    of the headline and weight (None in the rows of the others)."""
    none = (None,) * 6
    rows: list[list[object]] = []
    day = p.as_of.isoformat()
    for kind, items in (("headline", p.headline), ("parameter", p.parameters)):
        for key, e in items.items():
            rows += [_csv_row(kind, key, day, e.label, "prior", e.prior, none, p),
                     _csv_row(kind, key, day, e.label, "pooled", e.posterior, none, p)]
    for point in p.timeline:
        for name, e in (("rounds", point.rounds), ("usable", point.usable)):
            rows += [_csv_row("timeline", name, point.date.isoformat(), e.label, which, s, none,
                              p) for which, s in (("prior", e.prior), ("pooled", e.posterior))]
    for t in p.claims:
        # no verdict: in_tension None (an empty cell), the reason in the CSV's header lines
        extra = (float(t.tail_p), float(t.tail_p_se),
                 None if t.in_tension is None else bool(t.in_tension), bool(t.edge),
                 float(t.shift), float(t.coefficient))
        # each row's date and measure are its figure's: the claim's own quantity at its as-of
        # date, rounds of the mix over its period, or the headline at the pooled date
        mine, mix = (t.claim.as_of.isoformat(), t.claim.measure), (t.claim.as_of.isoformat(),
                                                                   "rounds (calibre mix)")
        parts = [("pooled", t.quantity, mine), ("others_alone", t.predictive, mine),
                 ("headline_without", t.headline_without,
                  (day, p.headline["usable"].label if "usable" in p.headline else "usable")),
                 ("pooled_rounds", t.pooled_rounds, mix)]
        if t.converted is not None:
            parts.append(("converted_rounds", t.converted, mix))
        rows += [_csv_row("claim", t.claim.id, date, what, which, s, extra, p)
                 for which, s, (date, what) in parts]
    return table_records(POOLED_COLUMNS, rows)


def _csv(p: Pooled) -> str:
    known = [] if p.known_by is None else [f"known by {p.known_by}: only claims made public "
                                           "by then"]
    left = [f"left out: {x.claim.id}: {x.reason}" for x in p.excluded]
    return csv_text([claims_run_line(p.record, p.catalogue), f"as of {p.as_of}; basis "
                     f"{p.basis}; effective sample size {p.ess:.0f} of {p.draws}",
                     *_untrusted(p), *_timeline_said(p), *known, *left,
                     "weight: a claim's --weight over the pooled claims of its origin",
                     *(f"in tension: {t.needs}" for t in p.in_tension),
                     *(f"no verdict: {t.claim.id}: {t.no_verdict}" for t in p.no_verdict),
                     *_no_verdict(p),
                     *(f"pooled: {r}" for r in p.rules), *p.warnings, *_mc(p)], POOLED_COLUMNS,
                    csv_cells(pooled_records(p), _CELLS))


def _estimate_dict(e: Estimate) -> dict[str, Any]:
    return {"label": e.label, "prior": stats(e.prior), "posterior": stats(e.posterior)}


def pooled_dict(p: Pooled) -> dict[str, Any]:
    """The body of the JSON document (schema ``estimator.pooled`` v1) as plain data."""
    return {
        "as_of": p.as_of.isoformat(),
        "known_by": None if p.known_by is None else p.known_by.isoformat(), "basis": p.basis,
        "reference": p.reference,
        **catalogue_fields(p.catalogue),
        "unchosen": p.unchosen,
        "draws": p.draws, "ess": p.ess, "ess_prior": p.ess_prior, "min_ess": p.min_ess,
        "trusted": p.trusted,
        "tempering": list(p.tempering), "reporting_error": p.reporting_error,
        "tension_p": p.tension_p, "rules": list(p.rules), "warnings": list(p.warnings),
        "timeline_source": _timeline_said(p),
        "headline": {k: _estimate_dict(e) for k, e in p.headline.items()},
        "parameters": {k: _estimate_dict(e) for k, e in p.parameters.items()},
        "distribution": {"probabilities": list(QUANTILES),
                         **{k: {"prior": list(a), "posterior": list(b)}
                            for k, (a, b) in p.distribution.items()}},
        "timeline": [{"date": t.date.isoformat(), "rounds": _estimate_dict(t.rounds),
                      "usable": _estimate_dict(t.usable)} for t in p.timeline],
        "claims": [{
            **claim_mapping(t.claim),
            "side": t.side, "compared_from": t.start.isoformat(),
            "compared_to": t.end.isoformat(), "weight": t.weight, "coefficient": t.coefficient,
            "origin_claims": t.origin_claims, "pooled": stats(t.quantity),
            "others_alone": stats(t.predictive), "tail_p": t.tail_p, "tail_p_se": t.tail_p_se,
            "in_tension": t.in_tension, "no_verdict": t.no_verdict or None, "edge": t.edge,
            "headline_without": stats(t.headline_without), "shift": t.shift, "needs": t.needs,
            "converted_rounds": stats(t.converted) if t.converted is not None else None,
            "pooled_rounds": stats(t.pooled_rounds), "loo_ess": t.loo_ess,
            "prior_keys": list(t.prior_keys),
        } for t in p.claims],
        "excluded": [{"id": e.claim.id, "reason": e.reason} for e in p.excluded],
    }


def pooled_document(p: Pooled) -> dict[str, Any]:
    """The JSON document (schema ``estimator.pooled`` v1) as Python data: the run record,
    :func:`pooled_dict` and the assumptions used."""
    return document(POOLED_SCHEMA, p, pooled_dict(p))


def render_pooled(p: Pooled, fmt: str = "table") -> str:
    """The pooled estimate in one of table, json, csv, markdown."""
    if fmt == "json":
        return json_text(pooled_document(p))
    if fmt == "csv":
        return _csv(p)
    if fmt == "markdown":
        return _markdown(p)
    return _table(p)


def headline_text(p: Pooled) -> str:
    """The headline in one line (for plot titles): rounds and usable rounds at the date,
    each named (a plot's band of rounds is not to be read against the usable figure), and
    a warning when too few effective draws carry them."""
    untrusted = "" if p.trusted else f"; NOT TO BE TRUSTED: {p.ess:,.0f} effective draws"
    return (f"at {p.as_of}, rounds {_iv(p.headline['rounds'].posterior)}, usable after duds "
            f"{_iv(p.headline['usable'].posterior)}{untrusted}")
