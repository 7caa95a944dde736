"""The pooled estimate: how claims enter the likelihood, calibration on a known truth,
the real catalogue beside NK News's 6.5-8M, weights and drops, tension, the command
line (every format, bad input as one line and exit 2) and the plot."""

from __future__ import annotations

import csv
import datetime as dt
import itertools
import json
import math
import re
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
from clirun import run
from hypothesis import given, settings
from hypothesis import strategies as st

from estimator.assumptions import AssumptionSet
from estimator.counts import parse_count
from estimator.errors import InputError
from estimator.logistics import call_periods
from estimator.pooled import (
    MIN_ESS,
    _loglik,
    _num,
    _quantity,
    _Reading,
    _warnings,
    _wquantiles,
    ancestry_ess,
    kish_ess,
    pool,
    synthetic_claims,
    weighted_summary,
)
from estimator.report.pooled import POOLED_SCHEMA, headline_text, pooled_dict, render_pooled
from estimator.reports import Catalogue, Claim, Figure
from estimator.summary import summarize

DEFAULTS = AssumptionSet.defaults()
CATALOGUE = Catalogue.defaults()
DAY = dt.date(2026, 1, 30)
# A few claims of different measures and forms: enough draws stay effective at a few
# thousand samples, so these runs need no tempering and take a fraction of a second.
FEW = ("shin_6700_containers", "state_dept_10000_containers", "hur_1_5m_rounds",
       "osc_64_port_calls", "nknews_6_5m_8m_rounds")




def few(extra: dict[str, Claim] | None = None) -> Catalogue:
    """A few of the catalogue's claims, with ``extra``: the catalogue's own changed, or
    claims built by hand, added as a file's (a catalogue records where each comes from)."""
    mine = {cid: c if c.file else replace(c, file="test") for cid, c in (extra or {}).items()}
    return Catalogue({**{c: CATALOGUE[c] for c in FEW}, **mine}, ("test",),
                     added=tuple(cid for cid, c in mine.items() if c.file == "test"))


def claim(cid: str, text: str, *, measure: str = "rounds", as_of: dt.date = DAY,
          start: dt.date = dt.date(2023, 8, 1), basis: str = "delivered",
          origin: str | None = None) -> Claim:
    count = parse_count(text)
    fig = Figure(measure, count.form, text.lstrip("~<=").rstrip("+"), count, "test quote")
    return Claim(cid, "Test analyst", "Test outlet", as_of, as_of, start, measure, basis,
                 "artillery" if measure == "rounds" else "munitions", fig, origin or cid)


# --- weights and summaries ---------------------------------------------------------------------

def test_kish_ess_is_the_count_for_equal_weights_and_one_for_a_single_draw() -> None:
    assert kish_ess(np.full(500, 3.0)) == pytest.approx(500)
    assert kish_ess(np.r_[1.0, np.zeros(99)]) == pytest.approx(1)
    assert kish_ess(np.r_[np.ones(50), np.zeros(50)]) == pytest.approx(50)


def test_weighted_summary_of_equal_weights_is_the_plain_summary() -> None:
    x = np.random.default_rng(1).lognormal(size=20_000)
    w, s = weighted_summary(x, np.ones_like(x)), summarize(x)
    for k in ("mean", "p5", "p50", "p95"):
        assert getattr(w, k) == pytest.approx(getattr(s, k), rel=2e-3)
    assert w.se_p50 == pytest.approx(s.se_p50, rel=0.05)


def test_weighted_summary_equals_a_summary_of_repeated_draws() -> None:
    """Integer weights are the same as repeating each draw that many times."""
    rng = np.random.default_rng(2)
    x = rng.normal(size=3000)
    k = rng.integers(0, 4, size=3000)
    a, b = weighted_summary(x, k.astype(float)), summarize(np.repeat(x, k))
    for q in ("mean", "p5", "p50", "p95"):
        assert getattr(a, q) == pytest.approx(getattr(b, q), abs=0.02)


# --- how a figure enters the likelihood --------------------------------------------------------

def reading(text: str, side: str = "two-sided") -> _Reading:
    c = claim("x", text)
    from estimator.pooled import _nodes

    return _Reading(c, _nodes(c.count, DEFAULTS), side, c.period_start, DAY)


def test_approx_is_a_soft_box_around_the_figure() -> None:
    y = np.array([1.0e6, 1.45e6, 1.5e6, 1.55e6, 2.0e6, 3.0e6])
    ll, cdf = _loglik(reading("~1.5M"), y, 0.2)
    assert ll[2] == ll.max()
    assert ll[1] == pytest.approx(ll[3], abs=0.05)          # symmetric on the log scale
    assert ll[0] < ll[1] and ll[4] > ll[5]                    # falls off on both sides
    assert cdf[0] > 0.95 and cdf[-1] < 0.01 and cdf[2] == pytest.approx(0.5, abs=0.02)


def test_at_least_is_a_smooth_step_that_falls_off_above_the_excess() -> None:
    y = np.array([5e5, 8e5, 1.0e6, 1.1e6, 1.3e6, 4e6])
    ll, _ = _loglik(reading("1M+"), y, 0.2)
    assert ll[0] < ll[1] < ll[2] < ll[3]                      # below the figure: unlikely
    assert ll[4] > ll[0]                                      # above it, within the excess: fine
    assert ll[5] < ll[3] - 5                                  # far above: 'over 1M' would be odd


def test_a_small_count_carries_its_own_counting_noise() -> None:
    """One port call seen against an expected 1.5 is unsurprising; 1 against 15 is not."""
    ll, _ = _loglik(reading("1"), np.array([0.0, 1.0, 1.5, 15.0]), 0.2)
    assert ll[1] == ll.max() and ll[2] > ll[1] - 0.5 and ll[3] < ll[1] - 5


# --- the real catalogue ------------------------------------------------------------------------

@pytest.fixture(scope="module")
def real() -> object:
    return pool(CATALOGUE, DEFAULTS, as_of=DAY, samples=30_000, seed=5)


def test_real_catalogue_beside_nk_news(real: object) -> None:
    p = real
    rounds = p.headline["rounds"]
    assert rounds.posterior.p95 - rounds.posterior.p5 < rounds.prior.p95 - rounds.prior.p5
    assert rounds.posterior.p5 < 8e6 and rounds.posterior.p95 > 6.5e6   # overlaps NK News
    usable = p.headline["usable"].posterior
    assert usable.p5 < usable.p50 < usable.p95 < rounds.posterior.p95
    nk = p.claim("nknews_6_5m_8m_rounds")
    assert not nk.in_tension and nk.quantity.p50 == pytest.approx(rounds.posterior.p50, rel=1e-6)
    assert p.ess >= MIN_ESS and not any("effective sample size" in w for w in p.warnings)
    why = {e.claim.id: e.reason for e in p.excluded}
    assert set(why) == {"pgo_24_missiles_fired", "hur_60_missiles_fired",
                        "nknews_250_kn23_missiles", "nis_10_shipments",
                        "mnd_300k_rounds_capacity", "shin_5_2m_rounds_capacity",
                        "csis_2_5m_rounds_capacity"}
    # a capacity is its source's packing of boxes, an assumption; the NIS's shipments take in
    # aircraft, so they are not port calls (RUSI's, by sea, are pooled)
    assert all(why[c].startswith("a capacity ('could have carried')") for c in why
               if c.endswith("_capacity"))
    assert why["nis_10_shipments"].startswith("counts shipments of scope munitions: only "
                                              "shipments of scope cargo_ships")
    assert "rusi_27_shipments" in {t.claim.id for t in p.claims}


def test_claims_of_one_origin_count_once(real: object) -> None:
    mnd = [t for t in real.claims if t.claim.origin == "kr_mnd"]
    assert len(mnd) > 1
    assert sum(t.coefficient for t in mnd) == pytest.approx(1.0)
    assert real.claim("hur_1_5m_rounds").coefficient == 1.0


def test_tension_names_the_claims_and_what_they_need(real: object) -> None:
    flagged = {t.claim.id: t for t in real.in_tension}
    assert "dia_20000_containers" in flagged
    t = flagged["dia_20000_containers"]
    assert t.tail_p < real.tension_p and t.predictive.p95 < 20_000
    assert "containers a port call" in t.needs and "assumptions" in t.needs
    # "over 20,000" is held to its floor, an approximate figure to its reading
    assert "(at least 20,000 containers) needs at least " in t.needs, t.needs
    assert all("needs about" in c.needs for c in real.claims
               if c.claim.figure.form in ("approx", "exact", "range") and c.needs)
    assert all(0 <= c.tail_p <= 1 for c in real.claims)
    assert not real.claim("shin_6700_containers").in_tension
    assert "floor is met" not in t.needs   # the others put it below its floor
    # a floor the others put well above is said to be met: only the reading's cap is broken
    low = pool(few({"floor": claim("floor", "100+", measure="containers")}), DEFAULTS,
               as_of=DAY, samples=4000, seed=3).claim("floor")
    assert low.in_tension and low.predictive.p50 > 150, low
    assert "its floor is met" in low.needs and "counts.at_least_excess" in low.needs


def test_the_rules_are_stated(real: object) -> None:
    text = " ".join(real.rules)
    for words in ("reporting error", "origin", "lower bound", "at least", "Kish", "leave-one-out",
                  "not pooled: a source's own conversions, capacities"):
        assert words in text


# --- weights, drops, dates ---------------------------------------------------------------------

HIGH = claim("test_12m", "12M")      # far above what the others support at the date


def headline(cat: Catalogue, **kw: object) -> float:
    p = pool(cat, DEFAULTS, as_of=DAY, samples=8000, seed=3, min_ess=20, **kw)
    return p.headline["usable"].posterior.p50


def test_weight_and_drop_move_the_answer_the_right_way() -> None:
    cat = few({"test_12m": HIGH})
    base = headline(cat, drop=["test_12m"])
    half = headline(cat, weights={"test_12m": 0.5})
    full = headline(cat)
    double = headline(cat, weights={"test_12m": 2.0})
    assert base < half < full < double
    assert headline(cat, weights={"test_12m": 0.0}) == base   # weight 0 is the same as a drop


def test_weight_0_is_a_drop_beside_a_claim_of_the_same_origin() -> None:
    """A claim of weight 0 does not take half its origin's weight from the other claim of
    that origin (it once did: the other then counted half, and the headline moved 2.5%)."""
    high = claim("test_12m", "~12M", origin="test_origin")
    other = claim("test_10m", "~10M", origin="test_origin")
    cat = few({"test_12m": high, "test_10m": other})
    assert headline(cat, weights={"test_12m": 0.0}) == headline(cat, drop=["test_12m"])
    assert headline(cat, weights={"test_12m": 0.0}) != headline(cat)


def test_as_of_defaults_to_the_latest_claim_and_the_timeline_grows() -> None:
    p = pool(few(), DEFAULTS, samples=4000, seed=2)
    assert p.as_of == DAY
    early = pool(few(), DEFAULTS, as_of=dt.date(2024, 2, 26), samples=4000, seed=2)
    assert early.headline["rounds"].posterior.p50 < p.headline["rounds"].posterior.p50
    dates = [t.date for t in p.timeline]
    assert dates == sorted(dates) and dates[-1] == DAY
    meds = [t.rounds.posterior.p50 for t in p.timeline]
    assert all(b >= a for a, b in itertools.pairwise(meds))
    # at a month's last day the month's end is that day, once: no date twice
    month_end = pool(few(), DEFAULTS, as_of=dt.date(2024, 2, 29), samples=2000, seed=2)
    ends = [t.date for t in month_end.timeline]
    assert all(b > a for a, b in itertools.pairwise(ends)), ends


@pytest.mark.parametrize(("kw", "place"), [
    ({"weights": {"nope": 0.5}}, "weights"),
    ({"weights": {"hur_1_5m_rounds": -1.0}}, "weights"),
    ({"drop": ["unknown"]}, "drop"),
    ({"as_of": dt.date(2023, 1, 1)}, "as_of"),
    ({"as_of": dt.date(2027, 1, 1)}, "as_of"),
    ({"drop": list(FEW)}, "drop"),
    ({"drop": ["hur_1_5m_rounds"], "weights": {"hur_1_5m_rounds": 2.0}}, "drop"),
    ({"weights": dict.fromkeys(FEW, 0.0)}, "weights"),   # nothing left to weigh the draws
    ({"measures": "tonnes"}, "claims/measures/since"),      # none of FEW counts tonnes
    ({"measures": "rounds", "drop": ["shin_6700_containers"]}, "drop"),
    ({"since": "2025-13"}, "since"),
    ({"claims": ["nope"]}, "claims"),
    ({"reporting_error": 1e3}, "reporting_error"),   # ran the predictive figures to inf
    ({"claims": []}, "claims"),                       # an empty filter: not every claim
    ({"weights": [("hur_1_5m_rounds", 2.0), ("hur_1_5m_rounds", 0.5)]}, "weights"),
])
def test_bad_arguments_name_the_parameter(kw: dict[str, object], place: str) -> None:
    with pytest.raises(InputError) as info:
        pool(few(), DEFAULTS, samples=100, seed=1, **kw)
    assert info.value.place == place


def test_claims_measures_and_since_pool_what_they_choose() -> None:
    """The filters choose the claims pooled, as ``--claim``/``--measure``/``--since`` do:
    a run on the chosen claims is the run on a catalogue of those claims alone."""
    chosen = pool(few(), DEFAULTS, measures="rounds", since="2024-02", samples=3000, seed=7)
    rounds = [c for c in FEW if CATALOGUE[c].measure == "rounds"
              and CATALOGUE[c].as_of >= dt.date(2024, 2, 1)]
    alone = Catalogue({c: CATALOGUE[c] for c in rounds}, ("test",))
    assert sorted(c.claim.id for c in chosen.claims) == sorted(rounds) and not chosen.excluded
    # the same run, but named by the catalogue read (the choice is said beside it)
    alone_dict = pooled_dict(pool(alone, DEFAULTS, samples=3000, seed=7))
    assert pooled_dict(chosen)["claims_digest"] == few().digest != alone.digest
    assert {**pooled_dict(chosen), "claims_digest": "", "unchosen": 0} == {
        **alone_dict, "claims_digest": ""}
    assert chosen.unchosen == len(FEW) - len(rounds) and alone_dict["unchosen"] == 0
    by_id = pool(few(), DEFAULTS, claims=rounds[:1], samples=3000, seed=7)
    assert [c.claim.id for c in by_id.claims] == rounds[:1]


def test_same_seed_same_numbers() -> None:
    a = pooled_dict(pool(few(), DEFAULTS, samples=3000, seed=11))
    b = pooled_dict(pool(few(), DEFAULTS, samples=3000, seed=11))
    c = pooled_dict(pool(few(), DEFAULTS, samples=3000, seed=12))
    assert a == b and a != c


def test_tempering_agrees_with_importance_sampling_on_an_easy_problem() -> None:
    cat = few()
    plain = pool(cat, DEFAULTS, samples=6000, seed=4)
    assert plain.tempering == (1.0,) and plain.ess > MIN_ESS
    tempered = pool(cat, DEFAULTS, samples=6000, seed=4, min_ess=10**9)   # force the ladder
    assert len(tempered.tempering) >= 1 and tempered.tempering[-1] == 1.0
    assert any(w.startswith("tempered") and "in 16 independent runs whose spread gives the "
               "standard errors" in w for w in tempered.warnings)
    # too few draws for eight runs of 250: one run, whose errors count families
    small = pool(cat, DEFAULTS, samples=1900, seed=4, min_ess=10**9)
    assert any(w.startswith("tempered") and "in one run (too few draws to split)" in w
               for w in small.warnings)
    for k in ("containers", "rounds", "usable"):
        a, b = plain.headline[k].posterior, tempered.headline[k].posterior
        assert b.p50 == pytest.approx(a.p50, rel=0.06)
        assert b.p95 - b.p5 == pytest.approx(a.p95 - a.p5, rel=0.25)
    # what the assumptions allow is read from the prior draws, the same in both runs, not
    # from the tempered sample (which the claims have already moved)
    said = [[re.findall(r"assumptions [^;)]*", t.needs) for t in x.claims]
            for x in (plain, tempered)]
    assert said[0] == said[1] and all(said[0])



def test_tempered_standard_errors_match_the_spread_between_seeds() -> None:
    """Tempered draws that descend from one prior draw are not independent; counting them
    as independent gave standard errors four to seven times too small."""
    # the whole catalogue on the projectile basis: five steps of the ladder; 16 seeds, as
    # the spread of 8 is itself too rough a yardstick (its ratio to the true spread ranges
    # over 0.5-1.5 in 95% of sets of 8)
    runs = [pool(CATALOGUE, DEFAULTS, basis="projectile", samples=4000, seed=s)
            for s in range(16)]
    assert all(len(p.tempering) >= 3 for p in runs)
    for stat in ("p50", "mean"):
        got = [getattr(p.headline["usable"].posterior, stat) for p in runs]
        se = [getattr(p.headline["usable"].posterior, f"se_{stat}") for p in runs]
        assert 0.5 < np.mean(se) / np.std(got, ddof=1) < 2.0, (stat, np.mean(se), np.std(got))
    for cid in ("hur_1_5m_rounds", "state_dept_10000_containers"):  # tail p's error, too
        got = [p.claim(cid).tail_p for p in runs]
        se = [p.claim(cid).tail_p_se for p in runs]
        assert 0.5 < np.mean(se) / np.std(got, ddof=1) < 2.0, (cid, np.mean(se), np.std(got))
    for p in runs:   # worth fewer independent draws than it has distinct ones
        distinct = int(p.warnings[0].split(" distinct draws")[0].rsplit(" ", 1)[1].replace(",", ""))
        assert 1 <= p.ess < distinct <= p.draws


def test_a_claim_before_the_timeline_is_left_out_not_in_tension() -> None:
    early = claim("early", "~9,000", measure="containers", as_of=dt.date(2022, 6, 30),
                  start=dt.date(2022, 1, 1))
    p = pool(few({"early": early}), DEFAULTS, samples=2000, seed=1)
    assert "early" not in {t.claim.id for t in p.claims}
    (why,) = [e.reason for e in p.excluded if e.claim.id == "early"]
    assert why.startswith("its period ends before the timeline's start")


def test_known_by_pools_only_what_was_published_by_then() -> None:
    """An estimate at an earlier date once rested on later claims without saying so."""
    day = dt.date(2024, 2, 26)
    seen = pool(few(), DEFAULTS, as_of=day, samples=3000, seed=1)
    later = [c for c in few().values() if c.public_date > day]
    assert later and any(w.startswith(f"hindsight: {len(later)} of the claims pooled were "
                                      "made public after 2024-02-26") for w in seen.warnings)
    known = pool(few(), DEFAULTS, as_of=day, known_by="2024-02-26", samples=3000, seed=1)
    assert known.known_by == day and not any("hindsight" in w for w in known.warnings)
    assert {t.claim.id for t in known.claims} == {c.id for c in few().values()
                                                  if c.public_date <= day}
    assert all("after the known-by date (2024-02-26)" in e.reason for e in known.excluded
               if e.claim in later)
    assert pool(few(), DEFAULTS, known_by="2024-02", samples=1000, seed=1).known_by == \
        dt.date(2024, 2, 29)  # a month is its last day
    with pytest.raises(InputError, match=r"^known_by: expected at least one claim left"):
        pool(few(), DEFAULTS, known_by="2020-01", samples=1000)


def test_known_by_goes_by_first_public_where_a_claim_gives_it() -> None:
    """HUR's 1.5 million was given to Interfax-Ukraine on 23 Feb 2024; the outlet the
    catalogue cites (Newsweek) is of 29 Feb. At --known-by 26 Feb it was known: it once
    was left out, as its outlet's date is later."""
    day = dt.date(2024, 2, 26)
    hur = CATALOGUE["hur_1_5m_rounds"]
    assert hur.first_public == dt.date(2024, 2, 23) and hur.published > day
    with_date = pool(few(), DEFAULTS, as_of=day, known_by=day, samples=3000, seed=1)
    assert "hur_1_5m_rounds" in {t.claim.id for t in with_date.claims}
    assert "hur_1_5m_rounds" not in {e.claim.id for e in with_date.excluded}
    # the same claim without first_public: out, and the reason names the date it went by
    without = pool(few({"hur_1_5m_rounds": replace(hur, first_public=None)}), DEFAULTS,
                   as_of=day, known_by=day, samples=3000, seed=1)
    assert "hur_1_5m_rounds" not in {t.claim.id for t in without.claims}
    (why,) = [e.reason for e in without.excluded if e.claim.id == "hur_1_5m_rounds"]
    assert why == "published 2024-02-29, after the known-by date (2024-02-26)"
    # a first_public after --known-by leaves the claim out, saying so
    shin = CATALOGUE["shin_6700_containers"]
    assert shin.first_public is not None and shin.first_public > day
    (why,) = [e.reason for e in with_date.excluded if e.claim.id == "shin_6700_containers"]
    assert why == f"first public {shin.first_public}, after the known-by date (2024-02-26)"
    # and the hindsight warning without --known-by counts by the same date
    seen = pool(few(), DEFAULTS, as_of=dt.date(2024, 2, 24), samples=1000, seed=1)
    assert any(w.startswith("hindsight: 3 of the claims pooled were made public after "
                            "2024-02-24") for w in seen.warnings), seen.warnings


def test_tail_p_standard_errors_match_the_spread_between_seeds() -> None:
    """A TENSION flag once came and went with the seed (tail p 0.048 or 0.051) with no
    error shown: tail_p_se is that error."""
    runs = [pool(few(), DEFAULTS, samples=3000, seed=s) for s in range(10)]
    low = 0
    for cid in FEW:
        got = [p.claim(cid).tail_p for p in runs]
        se = [p.claim(cid).tail_p_se for p in runs]
        if np.mean(got) > 0.4:  # 2 min(P, 1 - P) folds at P = 1/2: its error is an upper
            assert np.mean(se) > 0.5 * np.std(got, ddof=1)  # bound there, where no flag is
            continue
        low += 1
        assert 0.5 < np.mean(se) / np.std(got, ddof=1) < 2.0, (cid, np.mean(se), np.std(got))
    assert low >= 2


@pytest.mark.parametrize(("tail_p", "se", "verdict"), [
    (0.01, 0.002, "TENSION"), (0.048, 0.002, "tension?"), (0.051, 0.002, "edge"),
    (0.2, 0.002, ""), (0.049, 0.0001, "TENSION"), (0.06, 0.01, "edge")])
def test_a_tail_p_within_two_errors_of_the_threshold_is_at_the_edge(
        real: object, tail_p: float, se: float, verdict: str) -> None:
    from dataclasses import replace

    from estimator.report.pooled import _claim_rows

    p = real
    t = replace(p.claims[0], tail_p=tail_p, tail_p_se=se, in_tension=tail_p < p.tension_p,
                edge=abs(tail_p - p.tension_p) < 2 * se)
    assert t.verdict == verdict
    assert _claim_rows(replace(p, claims=(t,)))[0][-1] == verdict


def test_the_json_edge_is_two_errors_from_the_threshold(real: object) -> None:
    doc = pooled_dict(real)
    assert all(c["edge"] == (abs(c["tail_p"] - doc["tension_p"]) < 2 * c["tail_p_se"]) and
               0 <= c["tail_p_se"] < 0.05 for c in doc["claims"])


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(-10**6, 10**6).map(float), min_size=3, max_size=60),
       st.integers(2, 6))
def test_draws_resampled_from_one_ancestor_count_once(x: list[float], k: int) -> None:
    """Each of m draws repeated k times, grouped by the draw they repeat: the standard
    error of the mean is that of the m draws themselves, whatever k."""
    a = np.asarray(x)
    once = weighted_summary(a, np.ones(a.size))
    copies = weighted_summary(np.repeat(a, k), np.ones(a.size * k),
                              groups=np.repeat(np.arange(a.size), k))
    assert copies.se_mean == pytest.approx(once.se_mean, rel=1e-9, abs=1e-9)
    assert ancestry_ess(np.repeat(a, k), np.repeat(np.arange(a.size), k)) == pytest.approx(
        a.size if np.ptp(a) > 0 else a.size * k, rel=1e-6)


# --- calibration on a known truth --------------------------------------------------------------

TEMPLATE = ("shin_6700_containers", "state_dept_10000_containers", "hur_1_5m_rounds",
            "nknews_6_5m_8m_rounds", "osc_64_port_calls", "c4ads_74000_tonnes",
            "zelensky_3_5m_rounds_2024")


def test_ninety_percent_intervals_cover_a_known_truth_about_ninety_percent_of_the_time() -> None:
    """Claims generated from one draw of the assumptions (the forms of the real claims:
    approx, at least, a range, exact; containers, rounds, port calls, tonnes), pooled:
    the truth must fall in the 90% interval about 90% of the time. The full version
    (100 trials, every claim) is benchmarks/bench_pooled.py."""
    template = [CATALOGUE[c] for c in TEMPLATE]
    as_of = dt.date(2025, 6, 30)
    hits, checks, narrowed = 0, 0, []
    for trial in range(20):
        cat, truth = synthetic_claims(template, DEFAULTS, seed=500 + trial, as_of=as_of)
        assert {c.origin for c in cat.values()} == {f"synthetic_{c}" for c in TEMPLATE}
        p = pool(cat, DEFAULTS, as_of=as_of, samples=3000, seed=trial)
        for k in ("containers", "rounds", "usable"):
            s = p.headline[k].posterior
            hits += s.p5 <= truth[k] <= s.p95
            checks += 1
        prior, post = p.headline["rounds"].prior, p.headline["rounds"].posterior
        narrowed.append((post.p95 - post.p5) / (prior.p95 - prior.p5))
    assert 0.75 <= hits / checks <= 0.99
    # and the claims inform: a pool that ignored them would cover as often with the prior's
    # own intervals (these 20 trials: a quarter of the prior's width on average)
    assert np.mean(narrowed) < 0.5 and max(narrowed) < 1.0


# --- the command line --------------------------------------------------------------------------

FEW_ARGS = [a for c in FEW for a in ("--claim", c)]


def test_cli_pooled_every_format_has_the_run_record(capsys: pytest.CaptureFixture[str]) -> None:
    args = ["reconcile", "--pooled", *FEW_ARGS, "-n", "4000", "--seed", "9"]
    code, out, _ = run([*args, "--format", "json"], capsys)
    assert code == 0
    doc = json.loads(out)
    assert doc["schema"] == POOLED_SCHEMA and doc["schema_version"] == 1
    assert doc["run"]["seed"] == 9 and doc["as_of"] == DAY.isoformat()
    assert set(doc["headline"]) == {"containers", "tonnes", "rounds", "rounds_152", "usable"}
    assert {c["id"] for c in doc["claims"]} == set(FEW)
    assert all(0 <= c["tail_p"] <= 1 for c in doc["claims"]) and doc["ess"] > 0
    for fmt, mark in (("table", "run: estimator"), ("markdown", "_run: estimator"),
                      ("csv", "# run: estimator")):
        code, out, _ = run([*args, "--format", fmt], capsys)
        assert code == 0 and mark in out and "nknews_6_5m_8m_rounds" in out


def test_cli_weight_and_drop(capsys: pytest.CaptureFixture[str]) -> None:
    args = ["reconcile", "--pooled", *FEW_ARGS, "-n", "4000", "-f", "json"]
    docs = []
    for extra in ([], ["--weight", "nknews_6_5m_8m_rounds=0.5"], ["--drop", "hur_1_5m_rounds"]):
        code, out, _ = run([*args, *extra], capsys)
        assert code == 0
        docs.append(json.loads(out))
    base, half, dropped = docs
    assert {c["id"]: c["weight"] for c in half["claims"]}["nknews_6_5m_8m_rounds"] == 0.5
    assert half["headline"] != base["headline"]
    assert "hur_1_5m_rounds" not in {c["id"] for c in dropped["claims"]}
    assert {"id": "hur_1_5m_rounds", "reason": "dropped on request"} in dropped["excluded"]


@pytest.mark.parametrize(("argv", "words"), [
    (["--pooled", "--weight", "nope=0.5"], "--weight: expected the id of a claim"),
    (["--pooled", "--weight", "hur_1_5m_rounds=-1"], "--weight: expected a weight from 0 to 10"),
    (["--pooled", "--weight", "hur_1_5m_rounds=1e308"], "--weight: expected a weight from 0 to"),
    (["--pooled", "--weight", "hur_1_5m_rounds=nan"], "--weight: expected a weight from 0 to"),
    (["--pooled", "--weight", "hur_1_5m_rounds"], "--weight: expected ID=WEIGHT"),
    (["--pooled", "--weight", "hur_1_5m_rounds=lots"], "--weight: expected a number"),
    (["--pooled", "--drop", "unknown"], "--drop: expected the id of a claim"),
    (["--pooled", "--as-of", "2023-01-01"], "--as-of: expected a date on or after"),
    (["--pooled", "--as-of", "soon"], "--as-of: expected a date such as"),
    (["--pooled", "--plot", "out.pdf"], "--plot: expected a file name ending in .png or .svg"),
    (["--as-of", "2024-01-01"], "--as-of: expected --pooled"),
    (["--known-by", "2024-01-01"], "--known-by: expected --pooled"),
    (["--pooled", "--known-by", "2024-13"], "--known-by: expected a date on the calendar "
     "(got '2024-13'); a month is 01 to 12"),
    (["--pooled", "--known-by", "2020-01"], "--known-by: expected at least one claim left"),
    (["--drop", "hur_1_5m_rounds"], "--drop: expected --pooled"),
    (["--plot", "x.png"], "--plot: expected --pooled with it (it applies to the pooled "
     "estimate) (got 'x.png')"),
    (["--weight", "a=1", "--weight", "b=2"], "--weight: expected --pooled with it (it applies "
     "to the pooled estimate) (got 'a=1 b=2')"),
    (["--pooled", "--weight", "hur_1_5m_rounds=1", "--weight", "hur_1_5m_rounds=2"],
     "--weight: expected one weight for hur_1_5m_rounds (it was given 1 before)"),
    (["--pooled", "--weight", "hur_1_5m_rounds=2", "--drop", "hur_1_5m_rounds"],
     "--drop: expected claims not also weighted"),
    (["--pooled", "--claim", "shin_6700_containers", "--weight", "shin_6700_containers=0"],
     "--weight: expected a weight above 0 for at least one pooled claim (0 leaves a claim out "
     "of the pool) (got shin_6700_containers=0, the only pooled claim)"),
    (["--pooled", "--measure", "missiles"],
     "--claim/--measure/--since: expected at least one claim left to pool (got 'none left'); "
     "3 left out"),
    (["--pooled", "--claim", "hur_1_5m_rounds", "--drop", "hur_1_5m_rounds"],
     "--drop: expected at least one claim left to pool"),
])
def test_cli_bad_input_is_one_line_and_exit_2(argv: list[str], words: str, tmp_path: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    out_file = tmp_path / "out.txt"
    code, out, err = run(["reconcile", *argv, "-n", "1000", "-o", str(out_file)], capsys)
    assert code == 2 and out == ""
    assert err.startswith(f"error: {words}") and err.count("\n") == 1
    assert not out_file.exists() and not list(tmp_path.iterdir())


def test_cli_plot_without_matplotlib_is_one_line(monkeypatch: pytest.MonkeyPatch,
                                                 capsys: pytest.CaptureFixture[str],
                                                 tmp_path: Path) -> None:
    import sys

    monkeypatch.setitem(sys.modules, "matplotlib", None)
    monkeypatch.setitem(sys.modules, "matplotlib.figure", None)
    code, _, err = run(["reconcile", "--pooled", "--plot", str(tmp_path / "x.png")], capsys)
    assert code == 2 and err.count("\n") == 1
    assert "--plot" in err and "pip install 'estimator[plot]'" in err
    assert not list(tmp_path.iterdir())


def test_cli_png_plot_matches_the_json(monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    pytest.importorskip("matplotlib")
    import estimator.plots as plots

    plotted: dict[str, object] = {}
    original = plots.plot_pooled

    def spy(*args: object, **kw: object) -> dict[str, object]:
        plotted.update(original(*args, **kw))   # type: ignore[arg-type]
        return plotted

    monkeypatch.setattr(plots, "plot_pooled", spy)
    png, js = tmp_path / "claims.png", tmp_path / "pooled.json"
    code, _, _ = run(["reconcile", "--pooled", *FEW_ARGS, "-n", "4000", "--plot", str(png),
                      "-f", "json", "-o", str(js)], capsys)
    assert code == 0
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and png.stat().st_size > 10_000
    assert sorted(p.name for p in tmp_path.iterdir()) == ["claims.png", "pooled.json"]
    doc = json.loads(js.read_text())
    claims = {c["id"]: c for c in doc["claims"]}
    assert {r["id"] for r in plotted["forest"]} == set(FEW)   # type: ignore[index, union-attr]
    for row in plotted["forest"]:                              # type: ignore[union-attr]
        c = claims[row["id"]]
        conv, pooled = c["converted_rounds"], c["pooled_rounds"]
        assert row["converted"] == pytest.approx([conv["p5"], conv["p50"], conv["p95"]])
        assert row["pooled"] == pytest.approx([pooled["p5"], pooled["p95"]])
    band = doc["headline"]["rounds"]["posterior"]
    assert plotted["headline_band"] == pytest.approx([band["p5"], band["p95"]])
    line = plotted["timeline"]
    assert line["p50"] == pytest.approx([t["rounds"]["posterior"]["p50"]  # type: ignore[index]
                                         for t in doc["timeline"]])


def test_render_every_format_from_the_library() -> None:
    p = pool(few(), DEFAULTS, samples=3000, seed=1)
    for fmt in ("table", "markdown", "csv"):
        text = render_pooled(p, fmt)
        assert "seed 1, 3,000 samples" in text and "effective sample size" in text.lower()
        assert all(c in text for c in FEW)
    for fmt in ("table", "markdown"):   # the Monte Carlo error of the figures shown
        (line,) = [x for x in render_pooled(p, fmt).splitlines()
                   if x.startswith(("note: at 3,000 samples", "Monte Carlo error:"))]
        assert "--precision" not in line   # which --pooled refuses
    doc = json.loads(render_pooled(p, "json"))
    assert doc["run"]["seed"] == 1 and doc["run"]["samples"] == 3000
    assert len(doc["distribution"]["probabilities"]) == len(doc["distribution"]["rounds"]["prior"])


def test_a_weighted_summary_follows_the_rules_of_summarize() -> None:
    from estimator.pooled import weighted_summary

    s = weighted_summary(np.arange(1000.0), np.ones(1000), replicates=10)
    assert all(type(getattr(s, f)) is float for f in ("mean", "p50", "se_mean", "se_p5"))
    assert type(weighted_summary(np.arange(1000.0), np.ones(1000)).se_p95) is float
    with pytest.raises(InputError, match=r"^replicates: expected a whole number from 1 that "
                       r"divides the 1000 values"):
        weighted_summary(np.arange(1000.0), np.ones(1000), replicates=3)


def test_draws_of_one_ancestor_are_worth_one_draw_not_zero_error() -> None:
    x = np.random.default_rng(1).lognormal(10, 1, 1000)
    one = weighted_summary(x, np.ones(1000), groups=np.zeros(1000, int))
    alone = weighted_summary(x[:1], np.ones(1))
    assert ancestry_ess(x, np.zeros(1000, int)) == pytest.approx(1.0)
    assert one.se_mean == pytest.approx(float(np.std(x)), rel=1e-9) and one.se_p50 > 0
    assert alone.n == 1
    few = np.repeat(np.arange(5), 200)   # never worth more draws than it has ancestors
    assert ancestry_ess(np.random.default_rng(2).normal(size=1000), few) <= 5 + 1e-9


@given(st.floats(1e4, 1e12))
def test_pooled_numbers_in_words_never_read_in_exponents(x: float) -> None:
    from estimator.pooled import _num

    text = _num(x)
    assert "e+" not in text, (x, text)
    assert not text.startswith("1,000") or text.endswith("bn"), (x, text)  # not '1,000k'
    number = text.rstrip("kMbn")
    scale = {"k": 1e3, "M": 1e6, "bn": 1e9}[text[len(number):]]
    assert abs(float(number.replace(",", "")) * scale - x) <= 0.005 * x, (x, text)



@pytest.mark.parametrize(("x", "text"), [(1.66, "1.7x"), (99.6, "100x"), (150.0, "150x"),
                                         (12_345.0, "12,345x")])
def test_ratios_in_words_never_read_in_exponents(x: float, text: str) -> None:
    from estimator.pooled import _ratio

    assert _ratio(x) == text


@pytest.mark.parametrize("text", ["2024-13-01", "yesterday", "2024/02/26"])
def test_a_bad_known_by_date_is_one_line_before_any_work(
        text: str, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    out_file = tmp_path / "pooled.json"
    code, _, err = run(["reconcile", "--pooled", "--known-by", text, "-n", "500",
                          "-o", str(out_file)], capsys)
    assert code == 2 and "Traceback" not in err, err
    (line,) = err.strip().splitlines()
    assert line.startswith("error: --known-by: expected a date ") and text in line
    assert ("a month is 01 to 12" in line) == (text == "2024-13-01")
    assert not out_file.exists()


def test_a_pooled_run_too_big_for_memory_is_refused_and_the_most_allowed_fits(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """The check counts what pooling keeps beyond the engine's outputs (the claims'
    likelihoods, a tempered copy, its normal scores): a run of the most it allows, tempered,
    stays within the memory the process may use (twice the budget, which is half of it)."""
    import tracemalloc

    import estimator.engine as engine_module

    budget = 30e6
    monkeypatch.setattr(engine_module, "memory_budget", lambda: budget)
    with pytest.raises(InputError, match=r"samples: expected at most about") as info:
        pool(few(), DEFAULTS, samples=200_000, seed=1)
    most = int(re.search(r"at most about ([\d,]+)", str(info.value))[1].replace(",", ""))
    assert 1_000 < most < 200_000
    tracemalloc.start()
    try:
        tempered = pool(few(), DEFAULTS, samples=most, seed=1, min_ess=10**9)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert len(tempered.tempering) > 1 and peak <= 2 * budget


def test_a_claim_whose_figure_an_assumption_cites_from_the_same_source_is_flagged(
        real: object) -> None:
    """NK Pro's 32 calls reach calls.* through Newsweek's other words: the same source and
    the same figure count as the same information; a lone digit ('Pier 1') does not."""
    p = real
    assert "calls.sep_2023_feb_2024" in p.claim("nkpro_32_port_calls").prior_keys
    assert "calls.halt_feb_mar_2024" not in p.claim("nknews_jan2026_1_port_call").prior_keys
    assert any(w.startswith("nkpro_32_port_calls: its source is also cited") for w in p.warnings)


def test_a_pooled_median_beyond_the_bound_a_source_states_is_said() -> None:
    # far beyond what the timeline carries: a floor of 30M rounds delivered, the same as a
    # count fired (which bounds deliveries from below already), and a ceiling far below
    cat = few({"huge_floor": claim("huge_floor", "30M+"),
               "huge_fired": claim("huge_fired", "30M+", basis="fired"),
               "tiny_ceiling": claim("tiny_ceiling", "<=10k")})
    p = pool(cat, samples=4000, seed=3)
    (said,) = [w for w in p.warnings if w.startswith("pooled medians beyond the bound")]
    assert "huge_floor " in said and "below the floor of 'at least 30M'" in said
    assert "tiny_ceiling " in said and "above the ceiling of 'up to 10k'" in said
    assert "huge_fired" not in said and "huge_fired" in {t.claim.id for t in p.claims}
    for cid in ("huge_floor", "tiny_ceiling"):  # the figure said is the pooled median
        assert _num(p.claim(cid).quantity.p50) in said


def test_an_exact_figure_enters_as_the_normal_density_of_its_log() -> None:
    """Known answer: one node, two-sided: log N(log1p(x); log1p(y), sd(y)), and its CDF."""
    from scipy.stats import norm

    y = np.array([200.0, 900.0, 1000.0, 1500.0, 4000.0])
    ll, cdf = _loglik(reading("1000"), y, 0.2)
    sd = np.sqrt(0.2**2 + y / (y + 1.0) ** 2)
    np.testing.assert_allclose(ll, norm.logpdf(np.log1p(1000.0), np.log1p(y), sd), rtol=1e-10)
    np.testing.assert_allclose(cdf, norm.cdf(np.log1p(1000.0), np.log1p(y), sd), rtol=2e-7)


def test_the_pooled_reading_of_up_to_stays_under_its_ceiling_and_at_least_over_its_floor() -> None:
    from estimator.pooled import _nodes

    up = _nodes(parse_count("<=1M"), DEFAULTS)
    assert up.max() <= 1e6 and up.min() >= 0.5e6 - 1e-6 and np.median(up) < 1e6
    floor = _nodes(parse_count("1M+"), DEFAULTS)
    assert floor.min() >= 1e6 and floor.max() <= 1.5e6 + 1e-6 and np.median(floor) > 1e6


@pytest.mark.parametrize(("loc", "scale"), [(0.0, 2.0), (1.0, 1.5)])
def test_importance_weighted_standard_errors_match_the_spread_over_seeds(
        loc: float, scale: float) -> None:
    """Draws from N(loc, scale) weighted to N(0, 1): over 200 seeds, each percentile's and
    the mean's spread is the standard error reported (to within 15%). Kish's effective size
    gave the tails twice their spread, and the plain-draws floor hid that a wide proposal
    estimates a tail better than as many plain draws."""
    from scipy import stats

    got, ses = [], []
    for seed in range(200):
        x = np.random.default_rng(seed).normal(loc, scale, 2000)
        s = weighted_summary(x, stats.norm.pdf(x) / stats.norm.pdf(x, loc, scale))
        got.append([s.p5, s.p50, s.p95, s.mean])
        ses.append([s.se_p5, s.se_p50, s.se_p95, s.se_mean])
    ratio = np.std(got, axis=0) / np.sqrt(np.mean(np.square(ses), axis=0))
    assert np.all((ratio > 0.85) & (ratio < 1.15)), ratio


def test_weight_0_sets_the_default_date_as_a_drop_does(capsys: pytest.CaptureFixture[str]) -> None:
    """The latest claim at weight 0 does not move the default --as-of (it once did: a
    different date, so a different headline, from the same claims dropped)."""
    two = ["--pooled", "--claim", "hur_1_5m_rounds", "--claim", "nis_1m_rounds", "-n", "1000"]
    outs = []
    for extra in (["--weight", "hur_1_5m_rounds=0"], ["--drop", "hur_1_5m_rounds"]):
        code, out, err = run(["reconcile", *two, *extra], capsys)
        assert code == 0, err
        outs.append(out.splitlines()[0])
    unchosen = len(Catalogue.defaults()) - 2   # the --claim filter's
    assert outs[0].startswith("Pooled estimate at 2023-11-01 from 2 claims (0 left out, 1 at "
                              f"weight 0, {unchosen} not chosen by")
    assert outs[1].startswith("Pooled estimate at 2023-11-01 from 1 claim (1 left out, "
                              f"{unchosen} not chosen by")


def test_the_reporting_error_option_widens_the_pooled_interval(
        capsys: pytest.CaptureFixture[str]) -> None:
    """--reporting-error reaches the pool: trusting each claim less leaves the pooled
    interval wider, and the rules state the sd used; without --pooled it is refused."""
    def width(extra: list[str]) -> float:
        code, out, err = run(["reconcile", "--pooled", "--claim", "shin_6700_containers",
                              "--claim", "hur_1_5m_rounds", "-n", "4000", "-f", "json",
                              *extra], capsys)
        assert code == 0, err
        doc = json.loads(out)
        assert doc["reporting_error"] == (float(extra[1]) if extra else 0.2)
        rounds = doc["headline"]["rounds"]["posterior"]
        return rounds["p95"] - rounds["p5"]

    assert width(["--reporting-error", "0.6"]) > width([])
    code, _, err = run(["reconcile", "--reporting-error", "0.3"], capsys)
    assert code == 2 and "--reporting-error: expected --pooled with it" in err


def test_weighted_percentile_errors_hold_the_truth_as_often_as_they_say() -> None:
    """Importance weights of a conjugate case (prior log x ~ N(0, 1), one observation 1
    with sd 0.5: the posterior of log x is N(0.8, 0.2)). Over 0.01 either side, the density
    behind a weighted percentile's error came from a handful of effective draws, and 90%
    intervals held the true median 80% of the time at 500 draws (about 200 effective);
    read over the window the unweighted summaries use, 85-95%."""
    from estimator.pooled import weighted_summary

    rng = np.random.default_rng(11)
    sd = math.sqrt(0.2)
    truth = {"p5": math.exp(0.8 - 1.6448536269514722 * sd), "p50": math.exp(0.8),
             "p95": math.exp(0.8 + 1.6448536269514722 * sd)}
    held = {k: 0 for k in truth}
    for _ in range(400):
        lx = rng.normal(0.0, 1.0, 500)
        s = weighted_summary(np.exp(lx), np.exp(-2.0 * (1.0 - lx) ** 2))
        for k, t in truth.items():
            held[k] += abs(getattr(s, k) - t) <= 1.6448536269514722 * getattr(s, f"se_{k}")
    for k, count in held.items():
        assert 0.85 <= count / 400 <= 0.96, (k, count / 400)


# --- from a mutation hunt: each fails on the mutant it names ------------------------------------

SOURCE = [{"who": "test", "where": "test", "when": "2026-12", "says": "a fixed value"}]


def fixed(**values: float) -> AssumptionSet:
    """The defaults with the named entries (dots as '__') fixed at a value, their unit
    and extra fields (a period's dates) kept."""
    data: dict[str, object] = {}
    for name, value in values.items():
        key = name.replace("__", ".")
        a = DEFAULTS[key]
        node = data
        for part in key.split(".")[:-1]:
            node = node.setdefault(part, {})  # type: ignore[union-attr, assignment]
        node[key.split(".")[-1]] = {"unit": a.unit_text, "value": value,  # type: ignore[index]
                                    "sources": SOURCE, **dict(a.extra)}
    return DEFAULTS.with_entries(data)


@given(st.lists(st.floats(-1e6, 1e6), min_size=1, max_size=40),
       st.lists(st.floats(0, 1), min_size=1, max_size=7))
def test_equal_weights_put_each_draw_at_the_middle_of_its_share(x: list[float],
                                                                probs: list[float]) -> None:
    """Each draw's weight is centred on its value: with equal weights the weighted
    percentiles are numpy's Hazen percentiles (the k-th of n at (k - 1/2) / n). A weight
    placed at the end of its share instead moved every percentile by half a draw."""
    a = np.asarray(x)
    got = _wquantiles(a, np.ones(a.size), probs, order=np.argsort(a, kind="stable"))
    assert got == pytest.approx(np.quantile(a, probs, method="hazen"), rel=1e-12, abs=1e-9)


def test_a_munitions_or_related_count_converts_through_the_munitions_share() -> None:
    """State's 10,000 boxes of 'munitions or munitions-related materials' hold munitions in
    a share of them: with that share fixed at 0.4, the figure converted to rounds is 0.4 of
    the same count read as boxes of munitions, and the quantity the pool matches against
    the figure (boxes delivered, read in the claim's own terms) is 1 / 0.4 of it."""
    share = fixed(scope__munitions_share=0.4)
    sd = CATALOGUE["state_dept_10000_containers"]
    assert sd.scope == "munitions_or_related"
    related = pool(few(), share, samples=3000, seed=3).claim(sd.id)
    munitions = pool(few({sd.id: replace(sd, scope="munitions")}), share, samples=3000,
                     seed=3).claim(sd.id)
    assert related.converted is not None and munitions.converted is not None
    for q in ("mean", "p5", "p50", "p95"):
        assert getattr(related.converted, q) == pytest.approx(
            0.4 * getattr(munitions.converted, q), rel=1e-9)
    arrays = {f"calls.{sd.id}": np.array([10.0, 20.0]), "per_call": np.array([30.0, 40.0]),
              "share": np.array([0.4, 0.5])}
    r = _Reading(sd, np.zeros(1), "two-sided", sd.period_start, DAY)
    assert _quantity(r, arrays, True) == pytest.approx([10 * 30 / 0.4, 20 * 40 / 0.5])
    assert _quantity(r, arrays, False) == pytest.approx([300.0, 800.0])


def test_calls_per_month_is_the_calls_over_the_months_through_the_as_of_day() -> None:
    """Every call period fixed at 2 a month: the pooled calls a month is 2, whatever the
    as-of day (a day too many or too few in the months counted moved it by 0.1%)."""
    two = fixed(**{k.replace(".", "__"): 2.0 for k in DEFAULTS if k.startswith("calls.")})
    for day in (dt.date(2024, 2, 26), DAY):
        p = pool(few(), two, as_of=day, samples=1000, seed=2)
        e = p.parameters["calls_per_month"]
        for s in (e.prior, e.posterior):
            assert (s.p5, s.p50, s.p95) == pytest.approx((2.0, 2.0, 2.0), rel=1e-12)


def test_a_count_fired_is_a_lower_bound_and_a_capacity_is_not_pooled() -> None:
    """A count fired is in tension only when far *above* what the others say was
    delivered; a capacity (boxes converted by the source's own packing) is left out, as
    its low or high figure alike is an assumption, not an observation."""
    shin = CATALOGUE["shin_6700_containers"]
    for cid, text, tense in (("fired_high", "~500M", True), ("fired_low", "~50,000", False)):
        c = claim(cid, text, basis="fired", as_of=shin.as_of, start=shin.period_start)
        t = pool(few({cid: c}), DEFAULTS, samples=3000, seed=4).claim(cid)
        assert t.side == "lower bound"
        assert t.in_tension is tense, (cid, t.tail_p)
        assert (t.tail_p < 0.01) if tense else (t.tail_p > 0.9), (cid, t.tail_p)
    caps = {cid: claim(cid, text, basis="capacity", as_of=shin.as_of, start=shin.period_start)
            for cid, text in (("cap_low", "~50,000"), ("cap_high", "~500M"))}
    p = pool(few(caps), DEFAULTS, samples=1000, seed=4)
    assert {e.claim.id for e in p.excluded} == set(caps)
    assert p.headline["usable"].posterior == pool(few(), DEFAULTS, samples=1000,
                                                  seed=4).headline["usable"].posterior


def test_known_by_keeps_a_claim_made_public_that_day_and_leaves_out_one_a_day_later() -> None:
    day = dt.date(2024, 6, 30)
    on = claim("on_the_day", "~2M", as_of=day)
    after = replace(claim("a_day_later", "~2M", as_of=day), published=day + dt.timedelta(1))
    p = pool(few({"on_the_day": on, "a_day_later": after}), DEFAULTS, known_by=day,
             samples=1000, seed=1)
    assert "on_the_day" in {t.claim.id for t in p.claims}
    (why,) = [e.reason for e in p.excluded if e.claim.id == "a_day_later"]
    assert why == "published 2024-07-01, after the known-by date (2024-06-30)"


def test_a_claim_through_the_timelines_last_day_is_pooled_and_one_a_day_later_is_not() -> None:
    end = call_periods(DEFAULTS)[-1].end  # exclusive: its last day is the day before
    last = claim("last_day", "~5M", as_of=end - dt.timedelta(days=1))
    past = claim("past_end", "~5M", as_of=end)
    p = pool(few({"last_day": last, "past_end": past}), DEFAULTS, samples=1000, seed=1)
    assert "last_day" in {t.claim.id for t in p.claims}
    (why,) = [e.reason for e in p.excluded if e.claim.id == "past_end"]
    assert why.startswith(f"its period runs past the timeline's end ({end}")


def test_a_leave_one_out_on_fewer_draws_than_the_minimum_is_warned_of(real: object) -> None:
    t = real.claims[0]  # type: ignore[attr-defined]
    at = {x: _warnings(10_000, 10_000, MIN_ESS, [replace(t, loo_ess=x, prior_keys=())])
          for x in (MIN_ESS - 1, MIN_ESS)}
    assert not any("leave-one-out" in w for w in at[MIN_ESS])
    (said,) = [w for w in at[MIN_ESS - 1] if "leave-one-out" in w]
    assert said.startswith(f"{t.claim.id}: its leave-one-out figures rest on {MIN_ESS - 1:,} "
                           f"effective draws, fewer than {MIN_ESS}: no tension verdict")


@pytest.fixture(scope="module")
def strained() -> object:
    """A pool with a claim (100,000 boxes by February 2024) so far from the others that,
    reweighted without it, the draws keep a handful of effective ones for some of them:
    the others' figures for those rest on too few draws for a verdict; its own
    leave-one-out (the others, from the prior draws) keeps hundreds."""
    shin = CATALOGUE["shin_6700_containers"]
    odd = claim("odd", "~100,000", measure="containers", as_of=shin.as_of,
                start=shin.period_start)
    return pool(few({"odd": odd}), DEFAULTS, samples=4000, seed=4)


def test_a_leave_one_out_on_a_handful_of_draws_gives_no_verdict(strained: object) -> None:
    """A tail probability from two effective draws is no finding: no TENSION (the claim's
    p5 and p50 of the others alone were one draw), in_tension None with the reason, the
    leave-one-out columns n/a; a claim whose leave-one-out keeps enough draws keeps its
    verdict."""
    p = strained
    few_draws = [t for t in p.claims if t.loo_ess < p.min_ess]  # type: ignore[attr-defined]
    assert few_draws and min(t.loo_ess for t in few_draws) < 20
    for t in p.claims:  # type: ignore[attr-defined]
        if t.loo_ess < p.min_ess:  # type: ignore[attr-defined]
            assert t.in_tension is None and not t.edge and t.verdict.startswith("n/a (")
            assert t.no_verdict.startswith("its leave-one-out figures rest on")
        else:
            assert t.in_tension is (t.tail_p < p.tension_p) and t.no_verdict == ""  # type: ignore[attr-defined]
    odd = p.claim("odd")  # type: ignore[attr-defined]
    assert odd.loo_ess >= p.min_ess and odd.verdict == "TENSION"  # type: ignore[attr-defined]
    assert p.in_tension == tuple(t for t in p.claims if t.in_tension)  # type: ignore[attr-defined]
    assert set(p.no_verdict) == set(few_draws)  # type: ignore[attr-defined]
    doc = pooled_dict(p)  # type: ignore[arg-type]
    for c in doc["claims"]:
        none = c["loo_ess"] < doc["min_ess"]
        assert (c["in_tension"] is None) is none and (c["no_verdict"] is None) is not none
    assert json.loads(render_pooled(p, "json"))["claims"] == json.loads(  # type: ignore[arg-type]
        json.dumps(doc["claims"]))
    table = render_pooled(p)  # type: ignore[arg-type]
    block = table.split("\nclaim ", 1)[1].split("\n\n", 1)[0].splitlines()[2:]
    rows = {line.split()[0]: line for line in block}
    assert len(rows) == len(p.claims)  # type: ignore[attr-defined]
    for t in few_draws:
        line = rows[t.claim.id]
        assert "TENSION" not in line and line.count("n/a") == 4, line
        assert line.rstrip().endswith(f"n/a ({t.loo_ess:,.0f} effective draws)"), line
    assert rows["odd"].rstrip().endswith("TENSION")
    assert "n/a: no verdict where" in table
    markdown = render_pooled(p, "markdown")  # type: ignore[arg-type]
    assert all(f"**n/a ({t.loo_ess:,.0f} effective draws)**" in markdown for t in few_draws)
    text = render_pooled(p, "csv")  # type: ignore[arg-type]
    rows_csv = list(csv.DictReader(line for line in text.splitlines()
                                   if not line.startswith("#")))
    tension = {r["id"]: r["in_tension"] for r in rows_csv if r["kind"] == "claim"}
    assert tension == {t.claim.id: "" if t.in_tension is None else str(t.in_tension)
                       for t in p.claims}  # type: ignore[attr-defined]
    assert all(f"# no verdict: {t.claim.id}: its leave-one-out" in text for t in few_draws)


def test_the_plot_draws_a_claim_with_no_verdict_apart(strained: object) -> None:
    """Neither red (in tension) nor blue: grey, with its own legend entry."""
    pytest.importorskip("matplotlib")
    from estimator.plots import _NO_VERDICT, pooled_figure

    fig, data = pooled_figure(strained)  # type: ignore[arg-type]
    rows = {r["id"]: r for r in data["forest"]}
    assert {i for i, r in rows.items() if r["in_tension"] is None} == {
        t.claim.id for t in strained.no_verdict}  # type: ignore[attr-defined]
    forest = fig.axes[0]
    assert any(line.get_color() == _NO_VERDICT for line in forest.get_lines())
    assert any("no tension verdict" in t.get_text() for t in forest.get_legend().get_texts())


def test_a_source_in_a_script_no_font_has_is_one_warning_line(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A Korean claim's source drawn with no Korean font: matplotlib warned of each
    character at each use (six lines, each with a file, a line and its source, for three
    characters); now one line says which and what to install, and the figure is made."""
    pytest.importorskip("matplotlib")
    import estimator.plots as plots

    if any(f in plots._sans_serif() for f in plots._FALLBACK):
        pytest.skip("a Korean font is installed here: nothing is missing")
    mine = tmp_path / "korean.toml"
    mine.write_text('[claims.my_claim]\nwho = "국방부 (Ministry of National Defense)"\n'
                    'outlet = "My blog"\npublished = 2024-03-01\nas_of = 2024-02-01\n'
                    'period_start = 2023-08-01\nmeasure = "containers"\nbasis = "delivered"\n'
                    'scope = "munitions"\nform = "exact"\norigin = "me"\nquote = "we counted"\n'
                    'figure = "5,000"\n', encoding="utf-8")
    png = tmp_path / "claims.png"
    code, _, err = run(["reconcile", "--pooled", "-n", "1000", "-r", str(mine), "--plot",
                        str(png), "-o", str(tmp_path / "out.txt")], capsys)
    assert code == 0 and png.read_bytes()[:4] == b"\x89PNG"
    warning = ("warning: --plot: no installed font has 3 character(s) of the figure's text "
               "(국방부): they are drawn as empty boxes (a font that has them, such as Noto "
               "Sans CJK KR, is used once installed)")
    assert err.splitlines() == [warning]
    if Path("/dev/full").exists():  # a run that fails after the figure: the error line last
        code, _, err = run(["reconcile", "--pooled", "-n", "1000", "-r", str(mine), "--plot",
                            str(tmp_path / "again.png"), "-o", "/dev/full"], capsys)
        assert code == 2 and err.splitlines()[0] == warning, err
        assert err.splitlines()[1].startswith("error: --output: expected a writable file")
        assert len(err.splitlines()) == 2 and not (tmp_path / "again.png").exists()


@given(st.integers(2, 24), st.integers(2, 60), st.integers(0, 2**32 - 1))
def test_tempered_errors_are_the_spread_between_independent_runs(k: int, m: int,
                                                                 seed: int) -> None:
    """With k independent runs of m equally weighted draws each, the mean's standard error
    is that of k replicates: the sd of the runs' means (ddof 1) over sqrt(k), closed form."""
    rng = np.random.default_rng(seed)
    x = rng.lognormal(0.0, 1.0, k * m)
    runs = np.repeat(np.arange(k), m)
    s = weighted_summary(x, np.full(x.size, 1.0 / x.size), "", groups=runs, independent=True)
    means = x.reshape(k, m).mean(axis=1)
    assert s.se_mean == pytest.approx(float(np.std(means, ddof=1)) / math.sqrt(k), rel=1e-9)


def test_a_percentiles_window_is_as_wide_as_the_draws_behind_it() -> None:
    """50 distinct draws resampled 200 times each (one family apiece) are worth 50 draws:
    the 5th percentile's density is read over the window 50 draws call for, and its error
    matches the spread of the 5th percentile of 50 lognormal draws over 300 repeats (read
    over the 10,000 draws' window, the errors came out 1.2 times as large, and noisier)."""
    rng = np.random.default_rng(1)
    ses, p5s = [], []
    for _ in range(300):
        draws = rng.lognormal(0.0, 1.0, 50)
        x = np.repeat(draws, 200)
        s = weighted_summary(x, np.full(x.size, 1.0 / x.size), "",
                             groups=np.repeat(np.arange(50), 200))
        ses.append(s.se_p5)
        p5s.append(s.p5)
    ratio = math.sqrt(float(np.mean(np.square(ses)))) / float(np.std(p5s))
    assert 0.85 < ratio < 1.12


def test_too_few_effective_draws_are_said_beside_the_headline_in_every_format() -> None:
    """Below ``min_ess`` the figures are marked untrusted where the headline is read (the
    table's third line, Markdown's, the CSV's comments, the JSON's ``trusted``), not only
    among the warnings fifty lines down; above it nothing is added."""
    cat = few()
    good = pool(cat, DEFAULTS, samples=3000, seed=4)
    bad = replace(good, min_ess=good.ess + 1)   # the same figures, a higher bar
    assert good.trusted and not bad.trusted
    for p, marked in ((good, False), (bad, True)):
        table = render_pooled(p, "table").splitlines()
        assert table[2].startswith("NOT TO BE TRUSTED") is marked
        assert (f"rest on {p.ess:,.0f} effective draws" in table[2]) is marked
        for fmt in ("markdown", "csv"):
            assert ("NOT TO BE TRUSTED" in render_pooled(p, fmt)) is marked
        doc = json.loads(render_pooled(p, "json"))
        assert doc["trusted"] is (not marked) and doc["min_ess"] == p.min_ess
        assert ("NOT TO BE TRUSTED" in headline_text(p)) is marked  # the plot's title


def test_the_pooled_parameters_give_shares_in_percent_as_every_other_output() -> None:
    p = pool(few(), DEFAULTS, samples=2000, seed=4)
    table = render_pooled(p, "table")
    (dud,) = [line for line in table.splitlines() if line.startswith("dud rate ")]
    (share,) = [line for line in table.splitlines() if line.startswith("munitions share")]
    assert dud.count("%") == 6 and share.count("%") == 6, (dud, share)
    (calls,) = [line for line in table.splitlines() if line.startswith("port calls a month")]
    assert "%" not in calls


def test_the_header_counts_the_claims_filters_leave_out_and_those_pooled_in_hindsight() -> None:
    cat = few()
    picked = pool(cat, DEFAULTS, claims=list(cat)[:2], samples=1500, seed=2)
    assert picked.unchosen == len(cat) - 2
    head = render_pooled(picked, "table").splitlines()[0]
    assert f"{len(cat) - 2} not chosen by --claim, --measure or --since" in head
    assert json.loads(render_pooled(picked, "json"))["unchosen"] == len(cat) - 2
    early = min(c.as_of for c in cat.values())
    back = pool(cat, DEFAULTS, as_of=early, samples=1500, seed=2)
    later = sum(t.claim.public_date > early for t in back.claims)
    assert later and f"{later} made public after {early}: hindsight" in render_pooled(
        back, "table").splitlines()[0]
    known = pool(cat, DEFAULTS, as_of=early, known_by=early, samples=1500, seed=2)
    assert "hindsight" not in render_pooled(known, "table").splitlines()[0]


def test_a_claim_with_no_verdict_says_when_it_lies_outside_the_pooled_interval(
        strained: object) -> None:
    """A claim far from the others takes the draws with it and so loses its verdict: the
    reason says where its figure as written lies against the pooled 90% interval for it,
    whenever (and only when) it lies outside; the warnings give the same reason."""
    p = strained
    for t in p.no_verdict:  # type: ignore[attr-defined]
        count = t.claim.count
        low, high = count.written_ends()
        q = t.quantity  # a floor met above it, a ceiling below it: not far
        side = ("above" if low > q.p95 and count.form != "up_to" else "below" if high < q.p5
                and not (count.open_high or count.form == "at_least") else "")
        said = f"lies {side} the pooled 90% interval for it" if side else "the pooled 90%"
        assert (said in t.no_verdict) is bool(side), t.no_verdict
        assert any(w.startswith(f"{t.claim.id}: {t.no_verdict}: no tension verdict")
                   for w in p.warnings), t.claim.id  # type: ignore[attr-defined]
    assert any("lies " in t.no_verdict for t in p.no_verdict)  # type: ignore[attr-defined]
