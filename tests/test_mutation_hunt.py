"""Boundaries, units and choices that the other tests left open: found by mutating the
code (a flipped comparison, a dropped term, a changed constant) and seeing no test fail."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from test_reconcile import claim_toml as _claim

from estimator.assumptions import AssumptionSet
from estimator.counts import Count, parse_count
from estimator.errors import AssumptionProblems, CountError, InputError
from estimator.logistics import (
    MONTH_DAYS,
    Period,
    call_periods,
    estimate_days,
    estimate_port_calls,
)
from estimator.reconcile import estimate_shells, reconcile
from estimator.reports import Catalogue
from estimator.summary import Summary

DEFAULTS = AssumptionSet.defaults()
CATALOGUE = Catalogue.defaults()
PERIODS = call_periods(DEFAULTS)
START = PERIODS[0].start
SOURCE = [{"who": "t", "where": "t", "when": "2026", "says": "t"}]


def _calls_entry(start: str, end: str, **dist: object) -> dict[str, object]:
    return {"unit": "port_call/month", **dist, "period_start": start, "period_end": end,
            "sources": SOURCE}


# ---------------------------------------------------------------------------- logistics


@given(st.integers(-2000, 2000), st.integers(0, 2000))
def test_a_period_has_no_months_outside_it(offset: int, length: int) -> None:
    """``overlap_months``: months of the period inside [a, b), never fewer than none."""
    p = Period("calls.x", dt.date(2024, 1, 1), dt.date(2024, 7, 1))
    a = p.start + dt.timedelta(days=offset)
    b = a + dt.timedelta(days=length)
    inside = (min(p.end, b) - max(p.start, a)).days
    assert p.overlap_months(a, b) == pytest.approx(max(inside, 0) / MONTH_DAYS)
    assert p.overlap_months(a, b) >= 0
    # wholly before or after it: none
    assert p.overlap_months(p.end, p.end + dt.timedelta(days=length)) == 0
    assert p.overlap_months(p.start - dt.timedelta(days=length), p.start) == 0


def test_a_gap_after_a_users_own_period_is_blamed_on_their_end() -> None:
    """A user's period that no longer meets the default after it: the problem is named at
    the user's period_end (theirs to fix), not at the default's period_start."""
    q4 = dict(DEFAULTS["calls.q4_2025"].extra)
    with pytest.raises(AssumptionProblems) as err:
        DEFAULTS.with_entries({"calls": {"q4_2025": _calls_entry(
            q4["period_start"], "2025-12-15", low=3, high=4.5)}}, name="mine")
    (problem,) = err.value.problems
    assert problem.place == "<mine>: calls.q4_2025.period_end"
    assert "calls.jan_2026" in problem.expected


def test_a_compared_count_is_a_pair_or_a_triple_and_nothing_longer() -> None:
    """(label, count) or (label, count, scope): a fourth item is refused, not dropped."""
    with pytest.raises(InputError) as err:
        estimate_port_calls("32", compare=[("seen", "2,000", "munitions", "extra")],
                            samples=100)
    assert err.value.place == "compare"


@pytest.mark.parametrize(("option", "least", "most", "below", "above"), [
    ("over_days", 0.001, 36_525, 0.000999, 36_525.01),     # README: 0.001 to 36,525
    ("per_day", 0.001, 100_000_000, 0.000999, 100_000_001),  # and 0.001 to 100 million
])
def test_days_take_each_end_of_the_documented_ranges(option: str, least: float, most: float,
                                                     below: float, above: float) -> None:
    """``over_days`` and ``per_day`` (``--over``, ``--per-day``) run from each end of their
    range, inclusive, and refuse just past either (one error naming the parameter)."""
    for ok in (least, most):
        est = estimate_days("1M", periods="consumption.jan_may_2024", samples=50, seed=1,
                            **{option: ok})
        assert (est.over_days if option == "over_days" else est.stated_per_day) == ok
    for bad in (below, above):
        with pytest.raises(InputError) as err:
            estimate_days("1M", samples=50, seed=1, **{option: bad})
        assert err.value.place == option


# ---------------------------------------------------------------------------- reconcile


def _claims_file(tmp_path: Path, text: str) -> Catalogue:
    p = tmp_path / "claims.toml"
    p.write_text(text, encoding="utf-8")
    return CATALOGUE.with_file(p)


def _band(p5: float, p50: float, p95: float) -> Summary:
    return Summary(p50, p5, p50, p95, 0.0, 0.0, 0.0, 0.0, "round/container", 1000)


@pytest.mark.parametrize(("implied", "starts"), [
    (200.0, "consistent"),        # complete rounds' 5th percentile: inside their band
    (350.0, "consistent"),        # and their 95th
    (400.0, "reproduces the projectile-only arithmetic"),   # bare projectiles' 5th
    (600.0, "reproduces the projectile-only arithmetic"),   # their 95th: not 'more than'
])
def test_a_verdicts_band_holds_its_own_ends(implied: float, starts: str) -> None:
    """A band is its 5th to 95th percentile, both ends in it; 'cannot hold' is more than
    even bare projectiles' 95th percentile, not that figure itself."""
    from estimator.reconcile import _verdict

    verdict, cannot = _verdict(implied, _band(200.0, 280.0, 350.0),
                               _band(400.0, 500.0, 600.0), "152mm_he")
    assert verdict.startswith(starts), verdict
    assert not cannot


def test_a_claim_counted_to_the_day_before_the_timeline_has_no_timeline(
        tmp_path: Path) -> None:
    """A claim whose period ends as the timeline starts: no part of it on the timeline, so
    no timeline figures (not a span of no days, and a ratio over 0)."""
    before = str(START - dt.timedelta(days=1))
    cat = _claims_file(tmp_path, _claim("early", period_start="2023-06-01", as_of=before))
    res = reconcile(cat, claims=["early"], samples=200, seed=1).results[0]
    assert res.timeline == {}
    assert res.footing["containers"].p50 == pytest.approx(6700)


def test_ratios_pair_claims_counted_to_the_same_day_only(tmp_path: Path) -> None:
    """Same origin, same period_start, another measure, but counted to another day: a
    figure to February over one to January means nothing, so no ratio is given."""
    rounds = _claim("t_rounds", measure='"rounds"', figure='"2M"')
    calls = _claim("t_calls", measure='"port_calls"', figure='"20"', as_of="2024-01-31")
    res = reconcile(_claims_file(tmp_path, rounds + calls), claims=["t_rounds", "t_calls"],
                    samples=200, seed=1).results[0]
    assert not [i for i in res.implied if "per port call" in i.label]


def test_shells_of_one_calibre_weigh_that_calibres_rounds_and_lose_its_duds() -> None:
    """``estimate_shells``: the tonnes of N rounds of a calibre are N x that calibre's own
    mass a round (not the mix's cargo over its boxes), and the usable rounds are
    N x (1 - duds.dud_rate); both fixed here, so the figures are exact."""
    fixed = DEFAULTS.with_entries({
        "munitions": {"152mm_he": {"complete_mass": {"unit": "kg", "value": 60.0,
                                                     "sources": SOURCE}}},
        "duds": {"dud_rate": {"unit": "1", "value": 0.3, "sources": SOURCE}}})
    (row,) = estimate_shells("1M", fixed, calibres=["152mm_he"], samples=200, seed=1).rows
    for p in ("p5", "p50", "p95"):
        assert getattr(row.footing["tonnes"], p) == pytest.approx(60_000, rel=1e-9)
        assert getattr(row.footing["usable"], p) == pytest.approx(700_000, rel=1e-9)
        assert getattr(row.footing["rounds"], p) == pytest.approx(1_000_000, rel=1e-9)


def test_only_a_claim_no_assumption_converts_is_flagged_not_convertible() -> None:
    """Missiles have no container chain: such a claim has no common-measure figures and
    says why; a count of containers has them and no such flag."""
    rec = reconcile(claims=["nknews_250_kn23_missiles", "shin_6700_containers"], samples=200,
                    seed=1)
    missiles, boxes = rec.results
    assert missiles.footing == {} and boxes.footing
    assert [f for f in missiles.flags if f.startswith("not convertible")]
    assert not [f for f in boxes.flags if f.startswith("not convertible")]


# ---------------------------------------------------------------------------- reports


def test_a_claims_months_are_twelfths_of_a_julian_year_and_at_least_a_day(
        tmp_path: Path) -> None:
    """``Claim.months``: days over 365.25 / 12 (a claim counted 1,461 days, four calendar
    years, longer than another from the same day spans 48 months more); a claim counted
    to the day its period starts spans a day (not 0 months), and, a stock rather than a
    flow, gives no figures a month."""
    text = (_claim("short", period_start="2020-01-01", as_of="2020-01-11")
            + _claim("long", period_start="2020-01-01", as_of="2024-01-11", origin='"l"')
            + _claim("one_day", period_start="2024-02-26", as_of="2024-02-26", origin='"o"'))
    cat = _claims_file(tmp_path, text)
    assert cat["long"].months - cat["short"].months == pytest.approx(48, rel=1e-12)
    assert cat["one_day"].months == pytest.approx(12 / 365.25, rel=1e-12)
    res = reconcile(cat, claims=["one_day"], samples=200, seed=1).results[0]
    assert res.stated_per_month is None and res.per_month == {}
    assert any(f.startswith("a count on one day (2024-02-26)") for f in res.flags)


def test_a_claim_published_today_is_no_claim_from_the_future(tmp_path: Path) -> None:
    """'nothing published after today': today itself is fine."""
    today = dt.date.today().isoformat()
    claim = _claims_file(tmp_path, _claim("today", published=today))["today"]
    assert claim.published == dt.date.today()


def test_only_a_count_of_things_must_be_whole_tonnes_need_not(tmp_path: Path) -> None:
    """'a count of things (all measures but tonnes) taken as it stands is a whole number':
    1,500.5 tonnes, exact, is a figure; 1,500.5 containers is not."""
    cat = _claims_file(tmp_path, _claim("heavy", measure='"tonnes"', figure='"1,500.5"'))
    assert cat["heavy"].count.low == 1500.5
    p = tmp_path / "boxes.toml"
    p.write_text(_claim("boxes", figure='"1,500.5"'), encoding="utf-8")
    with pytest.raises(InputError, match="whole number"):
        CATALOGUE.with_file(p)


@pytest.mark.parametrize("figure", ['"1"', '"0"', "1", "0"])
def test_a_dud_share_runs_from_0_to_1_both_ends_included(tmp_path: Path, figure: str) -> None:
    """A claim's own dud share is 'a fraction from 0 to 1': none, or all, are shares too
    (as text or as a TOML number)."""
    text = _claim("all_or_none", measure='"rounds"', figure='"1M"') + (
        f'[claims.all_or_none.duds]\nform = "exact"\nfigure = {figure}\nquote = "q"\n')
    duds = _claims_file(tmp_path, text)["all_or_none"].duds
    assert duds is not None and duds.count.low == duds.count.high == float(figure.strip('"'))


def test_the_bases_of_an_increment_never_include_itself() -> None:
    """``bases``: the claims an increment rests on; a cycle (refused by the checks, but a
    catalogue cut with ``only`` is not checked again) ends the walk before the claim
    itself."""
    import dataclasses

    nis, oli = CATALOGUE["nis_1m_rounds"], CATALOGUE["oliemans_500k_rounds"]
    assert CATALOGUE.bases(oli) == [nis]
    ring = CATALOGUE.only([dataclasses.replace(nis, over=oli.id), oli])
    assert ring.bases(ring[oli.id]) == [ring["nis_1m_rounds"]]
    alone = CATALOGUE.only([dataclasses.replace(oli, over=oli.id)])
    assert alone.bases(alone[oli.id]) == []


def test_a_users_base_of_a_default_increment_may_end_the_day_before_it_starts(
        tmp_path: Path) -> None:
    """Replacing nis_1m_rounds (oliemans_500k_rounds is an increment over it, from
    2023-11-02): a base counted to 2023-11-01, the day before, is fine; one counted to
    2023-11-02 would count that day twice (each claim counts its as-of day)."""
    text = _claim("nis_1m_rounds", measure='"rounds"', figure='"1.2M"', as_of="2023-11-01",
                  published="2023-11-02", period_start="2023-08-01")
    cat = _claims_file(tmp_path, text)
    assert cat["nis_1m_rounds"].count.low == 1.2e6
    assert cat.bases(cat["oliemans_500k_rounds"]) == [cat["nis_1m_rounds"]]
    with pytest.raises(AssumptionProblems, match="counting rounds to a day before 2023-11-02"):
        _claims_file(tmp_path, text.replace('as_of = 2023-11-01', 'as_of = 2023-11-02'))


def test_since_keeps_a_claim_counted_to_that_very_day() -> None:
    """``select(since=...)``: as-of dates on or after it."""
    shin = CATALOGUE["shin_6700_containers"]
    chosen = CATALOGUE.select(since=shin.as_of)
    assert shin in chosen
    assert all(c.as_of >= shin.as_of for c in chosen)
    assert shin not in CATALOGUE.select(since=shin.as_of + dt.timedelta(days=1))


def test_a_claim_named_twice_is_chosen_once() -> None:
    ids = ["shin_6700_containers", "nis_1m_rounds", "shin_6700_containers"]
    assert [c.id for c in CATALOGUE.select(ids)] == ["shin_6700_containers", "nis_1m_rounds"]


# ---------------------------------------------------------------------------- counts


@pytest.mark.parametrize(("low", "high", "form"), [
    (5.0, 5.0, "range"),      # a range has low below high
    (1.0, 2.0, "up_to"),      # one number for an up-to count
    (1.0, 2.0, "at_least"),   # an at-least one
    (1.0, 2.0, "exact"),      # and an exact one
])
def test_a_count_built_in_python_keeps_the_rules_of_its_form(low: float, high: float,
                                                            form: str) -> None:
    """``Count``: one number (low equal to high) for an exact, at-least or up-to count;
    low below high for a range."""
    with pytest.raises(CountError):
        Count(low, high, form, "x")


def test_a_range_whose_ends_meet_is_refused_saying_how_the_suffix_read() -> None:
    """'5-5M' reads as 5M to 5M (a suffix on the right applies to both): no range; the
    message says so and how to write the other reading."""
    with pytest.raises(CountError, match="a suffix on the right applies to both"):
        parse_count("5-5M")
    with pytest.raises(CountError, match="low below high"):
        parse_count("5M-5M")


@pytest.mark.parametrize("text", ["<=0.5", "0.5+", "0.5"])
def test_a_whole_count_taken_as_it_stands_is_whole_in_every_form(text: str) -> None:
    """'With whole, a number taken as it stands (6700, 10k+, <=500) must be a whole one'."""
    with pytest.raises(CountError, match="whole number"):
        parse_count(text, whole=True)
    assert parse_count(text).low == 0.5


def test_a_number_count_runs_from_0_to_1e15_inclusive() -> None:
    """A count given as a Python number: 'a finite count of 0 or more', 'at most 1e15',
    both ends included, for integers as for floats."""
    assert parse_count(0).low == 0 and parse_count(0.0).low == 0
    assert parse_count(10**15).low == 1e15
    with pytest.raises(CountError):
        parse_count(10**15 + 1)
    with pytest.raises(CountError):
        parse_count(-1)


@pytest.mark.parametrize(("text", "value"), [("6.70", 6.7), ("6.7000", 6.7), ("16.700", None)])
def test_only_a_dot_before_exactly_three_digits_is_ambiguous(text: str,
                                                             value: float | None) -> None:
    """'a dot followed by exactly three digits and no suffix (6.700) is refused'; with two
    or four digits after it, the dot can only be a decimal point."""
    if value is None:  # 16.700 is ambiguous too
        with pytest.raises(CountError, match="reads one way"):
            parse_count(text)
    else:
        assert parse_count(text).low == value


def test_a_zero_in_scientific_notation_is_written_as_0() -> None:
    """'0e3' is refused (a count is read as written), advising the digits: 0."""
    with pytest.raises(CountError) as err:
        parse_count("0e3")
    assert "0, not 0e3" in str(err.value)


# ---------------------------------------------------------------------------- summary


@pytest.mark.parametrize("n", [2, 3, 10, 20, 50])
def test_a_small_samples_standard_errors_are_positive_and_within_its_range(n: int) -> None:
    """Even where the density is read over more than the 5th percentile's distance from
    0 (or the 95th's from 1), at a few values: each error is positive, no more than the
    sample's spread; the mean's is sd / sqrt(n), from 2 values on."""
    from estimator.summary import summarize

    x = np.linspace(1.0, 2.0, n) ** 2
    s = summarize(x)
    spread = float(x.max() - x.min())
    for se in (s.se_p5, s.se_p50, s.se_p95):
        assert 0 < se <= spread
    assert s.se_mean == pytest.approx(float(np.std(x)) / np.sqrt(n), rel=1e-12)


@given(st.floats(1.0, 1e7))
def test_density_probabilities_are_probabilities(n: float) -> None:
    """``density_probs``: around each percentile q, (q - d, q, q + d), kept within [0, 1]
    where a few draws make d wide, with d at least 0.01."""
    from estimator.summary import PERCENTILES, density_probs

    probs = density_probs(n)
    assert len(probs) == 3 * len(PERCENTILES)
    assert all(0.0 <= p <= 1.0 for p in probs)
    for i, pct in enumerate(PERCENTILES):
        lo, q, hi = probs[3 * i: 3 * i + 3]
        assert q == pct / 100
        assert lo < q < hi
        assert hi - q >= 0.01 - 1e-12 or hi == 1.0
        assert q - lo >= 0.01 - 1e-12 or lo == 0.0


def _summary(p5: float, p50: float, p95: float, se: float) -> Summary:
    return Summary(p50, p5, p50, p95, se, se, se, se, "rd", 10_000)


def test_a_last_digit_is_noise_only_where_two_errors_exceed_half_its_unit() -> None:
    """``digits_check``: 'two standard errors exceed half a unit of that digit' (strictly):
    1,000 to three digits has a unit of 10; errors of 2.5 (two of them: 5, half the unit)
    leave it real, errors a little larger do not."""
    from estimator.summary import digits_check

    assert digits_check([_summary(1000.0, 1000.0, 1000.0, 2.5)]).noisy == 0
    assert digits_check([_summary(1000.0, 1000.0, 1000.0, 2.6)]).noisy == 3


def test_the_first_noisy_digit_is_noise_in_half_the_figures_or_more() -> None:
    """``Digits.first``: the most significant digit that is noise in half the figures or
    more; two figures shown (a 5th percentile of 0 is not), the first digit of one is
    noise: half, so it is the first."""
    from estimator.summary import digits_check

    check = digits_check([Summary(1.0, 0.0, 1.0, 1000.0, 0.3, 0.0, 0.3, 0.3, "rd", 100)])
    assert check.total == 2
    assert check.first == 1


@pytest.mark.parametrize("precision", [0.0, 1.0, 1.5, -0.1])
def test_a_precision_is_a_share_above_0_and_below_1(precision: float) -> None:
    """'a share above 0 and below 1': 100% is no precision to run to."""
    with pytest.raises(InputError) as err:
        estimate_days("1M", precision=precision, samples=100)
    assert err.value.place == "precision"
