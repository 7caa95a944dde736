"""Ships, rail, the timeline and days of fire: properties, known answers and bad input."""

from __future__ import annotations

import datetime as dt
import itertools
import json
from pathlib import Path

import numpy as np
import pytest
from clirun import run
from hypothesis import given
from hypothesis import strategies as st

from estimator.assumptions import AssumptionProblems, AssumptionSet
from estimator.engine import Engine
from estimator.errors import InputError
from estimator.logistics import (
    call_periods,
    calls_between,
    estimate_days,
    estimate_port_calls,
    estimate_rail,
    estimate_timeline,
)

DEFAULTS = AssumptionSet.defaults()
PERIODS = call_periods(DEFAULTS)
START, END = PERIODS[0].start, PERIODS[-1].end




def calls(a: dt.date, b: dt.date, n: int = 400) -> np.ndarray:
    out = Engine(DEFAULTS.values(), seed=7, samples=n).run(
        lambda d: {"c": calls_between(d, PERIODS, a, b)})
    return out["c"].m_as("port_call")


days_in = st.integers(0, (END - START).days)


def test_periods_cover_the_timeline_without_gaps() -> None:
    for prev, p in itertools.pairwise(PERIODS):
        assert prev.end == p.start
    assert dt.date(2023, 9, 1) >= START and dt.date(2026, 1, 31) <= END


@given(days_in, days_in, days_in)
def test_cumulative_deliveries_never_decrease(a: int, b: int, c: int) -> None:
    x, y, z = sorted((a, b, c))
    d0, d1, d2 = (START + dt.timedelta(days=v) for v in (x, y, z))
    first, more = calls(d0, d1), calls(d0, d2)
    assert np.all(more >= first - 1e-9)
    # and they add up: [d0, d2) = [d0, d1) + [d1, d2), trial by trial
    np.testing.assert_allclose(more, first + calls(d1, d2), rtol=1e-9, atol=1e-9)


def test_a_pause_adds_nothing(tmp_path: Path) -> None:
    # the documented February 2024 halt, set to exactly 0 in a user's file, adds no calls
    halt = next(p for p in PERIODS if p.start <= dt.date(2024, 2, 20) < p.end)
    entry = DEFAULTS[halt.key]
    text = (f"[{halt.key}]\nunit = \"port_call/month\"\nvalue = 0\n"
            f"period_start = \"{halt.start}\"\nperiod_end = \"{halt.end}\"\n"
            f"[[{halt.key}.sources]]\nwho = \"t\"\nwhere = \"t\"\nwhen = \"2024\"\nsays = \"0\"\n")
    p = tmp_path / "pause.toml"
    p.write_text(text)
    paused = DEFAULTS.with_file(p)
    periods = call_periods(paused)
    out = Engine(paused.values(), seed=3, samples=300).run(lambda d: {
        "in": calls_between(d, periods, halt.start, halt.end),
        "before": calls_between(d, periods, START, halt.start),
        "through": calls_between(d, periods, START, halt.end)})
    assert np.all(out["in"].m_as("port_call") == 0)
    np.testing.assert_array_equal(out["before"].m_as("port_call"),
                                  out["through"].m_as("port_call"))
    assert entry.distribution.support()[0] >= 0


@given(st.integers(0, 500), st.integers(0, 500))
def test_more_port_calls_never_fewer_containers(a: int, b: int) -> None:
    lo, hi = sorted((a, b))
    x = estimate_port_calls(str(lo), samples=300, seed=2).footing["containers"]
    y = estimate_port_calls(str(hi), samples=300, seed=2).footing["containers"]
    assert (x.p5, x.p50, x.p95) <= (y.p5, y.p50, y.p95) or lo == hi
    assert x.p50 <= y.p50 and x.p95 <= y.p95 and x.p5 <= y.p5


@given(st.floats(1e3, 1e8), st.floats(1.5, 20.0))
def test_days_of_fire_scale_inversely_with_the_rate(rounds: float, factor: float) -> None:
    base = estimate_days(f"{rounds:.0f}", samples=400, seed=1,
                         periods=["consumption.jan_may_2024"]).rows[0]
    # the same run, with the rate scaled by ``factor`` through a user's file, is not needed:
    # days = rounds / rate trial by trial, so days x rate is the stock exactly
    assert base.days.p50 * base.rate.p50 == pytest.approx(round(rounds), rel=0.05)
    more = estimate_days(f"{rounds * factor:.0f}", samples=400, seed=1,
                         periods=["consumption.jan_may_2024"]).rows[0]
    assert more.days.p50 == pytest.approx(base.days.p50 * round(rounds * factor) / round(rounds),
                                          rel=1e-9)


def test_one_million_more_shells_2700_a_day_implies_about_a_year() -> None:
    est = estimate_days("1M", per_day=2700, samples=500, seed=1)
    assert est.implied_days is not None
    assert est.implied_days.p50 == pytest.approx(1e6 / 2700)
    est = estimate_days("1M", over_days=370, samples=500, seed=1)
    assert est.per_day is not None and est.per_day.p50 == pytest.approx(1e6 / 370)


def test_a_days_row_is_chosen_by_the_key_its_table_prints(capsys) -> None:
    """The table prints consumption keys without their prefix: --period takes them so."""
    code, out, _ = run(["days", "--rounds", "1M", "--samples", "500"], capsys)
    assert code == 0
    rows = [line.split()[0] for line in out.splitlines()[4:] if line.strip()]
    short = next(r for r in rows if "." not in r)
    code, one, err = run(["days", "--rounds", "1M", "--samples", "500", "--period", short,
                          "--period", f"consumption.{short}"], capsys)
    assert code == 0, err
    assert [line.split() for line in one.splitlines() if line.startswith(short + " ")] == [
        line.split() for line in out.splitlines() if line.startswith(short + " ")]
    assert estimate_days("1M", periods=short, samples=500, seed=1).rows[0].key == (
        f"consumption.{short}")
    code, _, err = run(["days", "--rounds", "1M", "--period", "rusi_2023"], capsys)
    assert code == 2 and "--period" in err and "production.rusi_2023" in err
    # a near miss names the key meant, not the whole list of 17
    code, _, err = run(["days", "--rounds", "1M", "--period", "jan_may_2025"], capsys)
    assert (code, err) == (2, "error: --period: expected a rate key, as the table's 'rate "
                              "key' column names it (did you mean 'jan_may_2024'?) (got "
                              "'jan_may_2025')\n")


def test_32_port_calls_beside_shin() -> None:
    from estimator.counts import parse_count
    est = estimate_port_calls("32", compare=[("shin", parse_count("~6,700"))], samples=4000,
                              seed=1)
    c = est.footing["containers"]
    assert c.p5 < c.p50 < c.p95
    (_, implied, _, scope), = est.compare
    assert scope == "munitions"
    assert implied.p50 == pytest.approx(6700 / 32, rel=0.01)
    assert est.per_unit.p50 > 0


@pytest.mark.parametrize("count, side", [("11", "above"), ("32+", "within"), ("200", "below")])
def test_an_implied_load_outside_the_ships_loads_says_so(
        count: str, side: str, capsys: pytest.CaptureFixture[str]) -> None:
    """Shin's 6,700 boxes over 11 calls is 609 a call, where the ships' entries give
    164-274: said on the line, and in the JSON, not left to a general caveat."""
    argv = ["port-calls", "--count", count, "-n", "2000"]
    code, out, err = run(argv, capsys)
    assert code == 0, err
    out_table = out
    line = next(x for x in out.splitlines() if x.startswith("shin_6700_containers"))
    words = f": {side} the loads assumed ("
    assert (words in line) is (side != "within"), line
    code, out, err = run([*argv, "-f", "json"], capsys)
    doc = json.loads(out)
    (compared,) = doc["compare"]
    assert compared["against_assumed"] == side
    implied, assumed = compared["implied_per_unit"]["p50"], doc["per_unit"]
    assert (implied > assumed["p95"]) is (side == "above")
    assert (implied < assumed["p5"]) is (side == "below")
    assert doc["period_note"].startswith("the calls counted must cover the claim's own period")
    assert doc["caveats"] == [next(x for x in out_table.splitlines()
                                   if x.startswith("each call is read as a munitions loading"))]


def test_the_exact_note_names_the_munitions_share_for_a_related_count(
        capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["port-calls", "--count", "32", "-n", "2000", "-f", "json"]
    note = json.loads(run([*argv, "--compare", "kirby_1000_containers"], capsys)[1])[
        "compare_note"]
    assert "figure is read and, for a munitions or related count, scope.munitions_share" in note
    note = json.loads(run(argv, capsys)[1])["compare_note"]
    assert "figure is read; the count, 32, is taken as exact" in note


@pytest.mark.parametrize("given, said", [
    ("shin_6700", " (listed by 'estimate reports list'; did you mean "
                  "'shin_6700_containers'?) (got 'shin_6700')"),
    ("hur_1_5m_rounds", " (listed by 'estimate reports list') (got hur_1_5m_rounds, which "
                        "counts rounds)"),
])
def test_a_compare_that_is_no_containers_claim_names_one(
        given: str, said: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(["port-calls", "--count", "32", "--compare", given, "-n", "200"],
                         capsys)
    assert (code, out) == (2, "")
    assert err.strip() == ("error: --compare: expected the id of a claim that counts "
                           f"containers{said}")


def test_rail_cars_and_trains() -> None:
    cars = estimate_rail("100", samples=500, seed=1)
    trains = estimate_rail("2", trains=True, samples=500, seed=1)
    assert cars.footing["containers"].p50 > 0 and trains.footing["containers"].p50 > 0
    assert cars.footing["usable"].p50 <= cars.footing["rounds"].p50


ME = [{"who": "test", "where": "test", "when": "2026-12", "says": "a fixed figure"}]


def _fixed(key: str, unit: str, value: float) -> dict:
    group, _, name = key.rpartition(".")
    out: dict = {}
    node = out
    for part in group.split("."):
        node = node.setdefault(part, {})
    node[name] = {"unit": unit, "value": value, "sources": ME}
    return out


def test_a_rail_cars_gross_load_is_its_boxes_cargo_and_tare() -> None:
    """One 20ft box a car, of a fixed tare: each trial's car load is the cargo the footing
    gives one car plus that tare, so every percentile is the tonnes' plus the tare; the
    defaults stay within the car's rated load in every trial."""
    s = DEFAULTS
    for entry in (_fixed("rail.containers_per_car", "container/rail_car", 1.0),
                  _fixed("containers.share_40ft", "1", 0.0),
                  _fixed("containers.20ft.tare", "t", 2.25)):
        s = s.with_entries(entry)
    est = estimate_rail("1", s, samples=4000, seed=3)
    tonnes, load = est.footing["tonnes"], est.car_load
    assert load is not None and load.unit == "t/railcar"
    for k in ("mean", "p5", "p50", "p95"):
        assert getattr(load, k) == pytest.approx(getattr(tonnes, k) + 2.25, rel=1e-9), k
    assert (est.over_rated_share, est.over_rated_se) == (0.0, 0.0)
    defaults = estimate_rail("100", samples=4000, seed=3)
    assert defaults.car_load is not None and defaults.car_load.p95 < 60
    assert estimate_port_calls("10", samples=500, seed=3).car_load is None


def test_cars_loaded_past_their_rated_load_are_said_to_be(capsys) -> None:
    """Three boxes a car, nine in ten of them 40ft: a load no 60 t car carries, which
    every check of the file lets through; the run says so in every format."""
    s = DEFAULTS.with_entries(_fixed("rail.containers_per_car", "container/rail_car", 3.0)
                              ).with_entries(_fixed("containers.share_40ft", "1", 0.9))
    est = estimate_rail("100", s, samples=4000, seed=3)
    assert est.car_load is not None and est.car_load.p5 > 60
    assert est.over_rated_share is not None and est.over_rated_share > 0.95
    from estimator.report.logistics import render_logistics

    line = next(x for x in render_logistics(est).splitlines() if x.startswith("a car's"))
    assert "ABOVE its rated load (containers.limits.rail_flatcar_load: fixed 60 t)" in line
    assert "give a car more than it carries" in line
    doc = json.loads(render_logistics(est, "json"))["car_load"]
    assert doc["over_rated_share"] == est.over_rated_share and doc["rated_load"] == "fixed 60 t"
    csv = render_logistics(est, "csv")
    assert "car gross load,t/railcar," in csv and f"# {line}" in csv


ANOTHER = Path(__file__).parent.parent / "docs" / "examples" / "another_case.toml"


def test_rail_cars_of_one_calibre_hold_what_containers_of_it_hold() -> None:
    """Two boxes a car, fixed: 120 cars of 155mm_he are the rounds `estimate containers`
    gives 240 boxes of it, trial by trial (the same seed draws the same inputs), and a
    car's load is weighed with that calibre's cargo; the 152mm-equivalent is unchanged."""
    s = DEFAULTS.with_file(ANOTHER).with_entries(
        _fixed("rail.containers_per_car", "container/rail_car", 2.0))
    from estimator.estimates import estimate_containers

    one = estimate_rail("120", s, calibre="155MM_HE", samples=3000, seed=5)
    mix = estimate_rail("120", s, samples=3000, seed=5)
    row = estimate_containers("240", s, calibres="155mm_he", bases="complete", samples=3000,
                              seed=5).row("155mm_he", "complete")
    assert one.calibre == "155mm_he" and mix.calibre == "mix"
    assert one.footing["rounds"] == row.rounds and one.footing["usable"] == row.usable
    assert one.footing["rounds_152"] == mix.footing["rounds_152"]
    assert one.footing["containers"] == mix.footing["containers"]
    assert one.footing["tonnes"] != mix.footing["tonnes"]
    # one 20ft box a car of a fixed tare: the car's load is the tonnes a car plus the tare
    for entry in (_fixed("rail.containers_per_car", "container/rail_car", 1.0),
                  _fixed("containers.share_40ft", "1", 0.0),
                  _fixed("containers.20ft.tare", "t", 2.25)):
        s = s.with_entries(entry)
    one = estimate_rail("1", s, calibre="155mm_he", samples=3000, seed=5)
    mix = estimate_rail("1", s, samples=3000, seed=5)
    assert one.car_load is not None and mix.car_load is not None
    for k in ("p5", "p50", "p95"):
        tonnes = getattr(one.footing["tonnes"], k)
        assert getattr(one.car_load, k) == pytest.approx(tonnes + 2.25, rel=1e-9), k
    assert one.car_load.p50 != mix.car_load.p50


def test_port_calls_of_one_calibre_fill_the_same_boxes_with_it() -> None:
    one = estimate_port_calls("32", calibre="152mm_he", samples=2000, seed=2)
    mix = estimate_port_calls("32", samples=2000, seed=2)
    assert one.footing["containers"] == mix.footing["containers"]
    assert one.footing["rounds"] == one.footing["rounds_152"] == mix.footing["rounds_152"]
    with pytest.raises(InputError, match=r"^calibre: expected one of 152mm_he, .*, mix "
                       r"\(got '155mm'\)"):
        estimate_port_calls("32", calibre="155mm", samples=100)


@pytest.mark.parametrize("argv", [["rail", "--cars", "120"], ["port-calls", "--count", "32+"],
                                  ["rail", "--trains", "2"]])
@pytest.mark.parametrize("fmt", ["table", "markdown", "csv", "json"])
def test_the_calibre_mix_is_the_default_and_one_calibre_says_so(
        argv: list[str], fmt: str, capsys: pytest.CaptureFixture[str]) -> None:
    """Without --calibre, the output is that of --calibre mix, byte for byte; with one
    calibre, every format's headline and labels name it."""
    base = [*argv, "-n", "300", "-f", fmt]
    default, mix, one = (run(base + extra, capsys) for extra in
                         ([], ["--calibre", "mix"], ["--calibre", "152mm_he"]))
    assert default == mix and default[0] == 0 and one[0] == 0
    assert "rounds of the calibre mix" in default[1] or fmt == "json"
    if fmt == "json":
        assert json.loads(default[1])["input"]["calibre"] == "mix"
        assert json.loads(one[1])["input"]["calibre"] == "152mm_he"
        return
    assert "rounds of 152mm_he alone (the boxes filled with it)" in one[1]
    assert "rounds of the calibre mix" not in one[1]
    if fmt != "csv":
        assert "rounds (mix)" in default[1] and "rounds (mix)" not in one[1]
        assert "rounds of 152mm_he alone " in one[1]


@pytest.mark.parametrize("argv", [["rail", "--cars", "120"], ["port-calls", "--count", "32"]])
def test_an_unknown_calibre_is_one_line(argv: list[str],
                                        capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run([*argv, "--calibre", "155mm", "-n", "100"], capsys)
    assert code == 2 and not out
    assert err.startswith("error: --calibre: expected one of 152mm_he, ") and "(got '155mm')" in err
    assert len(err.strip().splitlines()) == 1


def test_a_few_trials_above_a_cars_rated_load_are_counted_not_rounded_away() -> None:
    """A handful of overloaded trials in thousands is no '0.0%': the note counts them."""
    from estimator.report.logistics import render_logistics

    s = DEFAULTS.with_entries({"rail": {"containers_per_car": {
        "unit": "box/railcar", "min": 1.0, "mode": 1.5, "max": 2.6, "sources": ME}}})
    est = estimate_rail("100", s, samples=50_000, seed=20240226)
    assert est.over_rated_share is not None and 0 < est.over_rated_share < 0.0005
    k = round(est.over_rated_share * 50_000)
    line = next(x for x in render_logistics(est).splitlines() if x.startswith("a car's"))
    assert line.endswith(f"ABOVE its rated load (containers.limits.rail_flatcar_load: "
                         f"fixed 60 t) in {k:,} of 50,000 trials"), line


def test_the_call_rates_read_each_count_of_calls_as_the_catalogue_does() -> None:
    """Counts of calls from imagery are floors (imagery misses calls), and the call rates
    read them as the catalogue reads 'at least N' (N x (1 + counts.at_least_excess), at
    most 50% over): of the timeline's calls over each 'at least N' claim's period (NK
    Pro's 32 to 12 Feb 2024, CSIS's 25, NK News's three a month at the end of 2025) at
    most a tenth of trials fall below N, and the median is no higher than that reading
    reaches; the Open Source Centre's 'confirmed 64' voyages, catalogued as written
    (exact), lie below the timeline's median."""
    from estimator.reports import Catalogue

    def timeline_calls(claim, n: int = 4000) -> np.ndarray:
        a = max(claim.period_start, START)
        return calls(a, claim.as_of + dt.timedelta(days=1), n)

    catalogue = Catalogue.defaults()
    most = 1.0 + DEFAULTS["counts.at_least_excess"].distribution.max
    checked = []
    for claim in catalogue.claims.values():
        if claim.count.form != "at_least" or claim.measure not in ("port_calls", "shipments") \
                or claim.not_by_sea or claim.as_of >= END:
            continue
        x = timeline_calls(claim)
        below = float(np.mean(x < claim.count.low))
        checked.append(claim.id)
        assert below <= 0.10, (claim.id, below)
        assert np.median(x) <= claim.count.low * most, (claim.id, np.median(x))
    assert {"nkpro_32_port_calls", "csis_25_port_calls", "nknews_q4_2025_9_port_calls"} \
        <= set(checked)
    confirmed = catalogue["osc_64_port_calls"]
    assert np.median(timeline_calls(confirmed)) > confirmed.count.low


def test_the_timelines_cumulative_calls_are_in_every_format_and_said_to_be_expected(
        capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["timeline", "--from", "2024-01", "--to", "2024-02", "-n", "500"]
    table = run(argv, capsys)[1]
    assert "cum. calls" in table.splitlines()[2]
    said = "calls are each period's rate times the days it holds (expected calls"
    assert said in table
    doc = json.loads(run([*argv, "-f", "json"], capsys)[1])
    assert doc["months"][-1]["cumulative"]["calls"]["unit"] == "port_call"
    assert doc["caveats"][0].startswith(said)
    rows = run([*argv, "-f", "csv"], capsys)[1]
    assert ",cumulative calls,port_call," in rows and said in rows
    # the other logistics outputs: caveats where they have them, an empty list where not
    assert json.loads(run(["rail", "--cars", "73", "-n", "200", "-f", "json"],
                          capsys)[1])["caveats"] == []
    fire = json.loads(run(["days", "--rounds", "1M", "--period", "jan_may_2024", "-n", "200",
                           "-f", "json"], capsys)[1])["caveats"]
    assert fire == []


def test_the_timelines_cumulative_calls_are_its_months_calls_summed() -> None:
    t = estimate_timeline("2023-08", "2024-03", samples=4000, seed=5)
    total = 0.0
    for r in t.rows:
        total += r.calls.mean
        assert r.cumulative["calls"].mean == pytest.approx(total, rel=1e-9)
        assert r.cumulative["calls"].unit == "port_call"
    lows = [r.cumulative["calls"].p5 for r in t.rows]
    assert lows == sorted(lows)


def test_timeline_months_and_monotone_cumulative() -> None:
    t = estimate_timeline("2023-08", "2026-01", samples=2000, seed=1)
    assert t.rows[0].month == "2023-08" and t.rows[-1].month == "2026-01"
    p50 = [r.cumulative["rounds"].p50 for r in t.rows]
    assert all(b >= a for a, b in itertools.pairwise(p50))
    usable = [r.cumulative["usable"].p50 for r in t.rows]
    assert all(u <= r for u, r in zip(usable, p50, strict=True))


@pytest.mark.parametrize("fmt", ["table", "json", "csv", "markdown"])
def test_timeline_command_formats(fmt: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(["timeline", "--from", "2023-08", "--to", "2024-03", "--samples", "500",
                          "-f", fmt], capsys)
    assert code == 0, err
    assert "2024-02" in out
    if fmt == "json":
        doc = json.loads(out)
        assert doc["schema"] == "estimator.timeline" and len(doc["months"]) == 8


def test_reconcile_shows_the_timeline_at_each_claims_date() -> None:
    from estimator.reconcile import reconcile
    rec = reconcile(claims=["shin_6700_containers"], samples=1000, seed=1)
    t = rec.results[0].timeline
    assert t["rounds"].p50 > 0 and t["ratio"].p50 > 0


@pytest.mark.parametrize("argv", [
    ["timeline", "--from", "2019-01"],
    ["timeline", "--from", "2024-05", "--to", "2024-01"],
    ["timeline", "--to", "2099-01"],
    ["timeline", "--from", "last year"],
    ["port-calls", "--count", "32", "--ship", "titanic"],
    ["port-calls", "--count", "-3"],
    ["port-calls", "--count", "32", "--compare", "nope"],
    ["rail", "--cars", "-5"],
    ["rail", "--cars", "5", "--trains", "1"],
    ["rail", "--basis", "complete"],
    ["days", "--rounds", "1M", "--over", "0"],
    ["days", "--rounds", "1M", "--per-day", "-2"],
    ["days", "--rounds", "1M", "--over", "36526"],
    ["days", "--rounds", "1M", "--per-day", "1e308"],
    ["days", "--rounds", "1M", "--period", "consumption.nope"],
    ["days", "--rounds", "inf"],
])
def test_bad_input_one_line_exit_2(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    code, _out, err = run([*argv, "--samples", "100"] if len(argv) > 1 else argv, capsys)
    assert code == 2, err
    assert len(err.strip().splitlines()) == 1, err
    assert "Traceback" not in err


@pytest.mark.parametrize("argv, option", [
    (["days", "--rounds", "1M", "--per-day", "2.700"], "--per-day"),
    (["days", "--rounds", "1M", "--over", "1.500"], "--over"),
    (["containers", "--count", "6700", "--samples", "5.000"], "--samples"),
])
def test_a_number_option_refuses_a_dot_before_three_digits(
        argv: list[str], option: str, capsys: pytest.CaptureFixture[str]) -> None:
    """2.700 is 2,700 to a reader whose dot separates thousands and 2.7 to others: a
    number option refuses it, as --count does, rather than running on 2.7."""
    code, out, err = run(argv, capsys)
    assert (code, out) == (2, "")
    assert err.startswith(f"error: {option}: expected a number that reads one way")


@pytest.mark.parametrize("rate, shown", [("0.4", "at 0.4 rounds a day"),
                                         ("2.5", "at 2.5 rounds a day"),
                                         ("2,700", "at 2,700 rounds a day")])
def test_a_stated_rate_is_shown_as_given(rate: str, shown: str,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(["days", "--rounds", "1M", "--per-day", rate, "-n", "100"], capsys)
    assert code == 0, err
    assert shown + " the stock lasts" in out


def test_a_fleet_mix_over_an_unknown_ship_is_named(tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    p = tmp_path / "fleet.toml"
    p.write_text('[ships.call_share]\nunit = "1"\ncategories = ["lady_r", "titanic"]\n'
                 'alpha = [1, 1]\n[[ships.call_share.sources]]\nwho = "t"\nwhere = "t"\n'
                 'when = "2024"\nsays = "t"\n')
    before = p.read_bytes()
    code, _out, err = run(["port-calls", "--count", "3", "--assumptions", str(p)], capsys)
    assert code == 2 and len(err.strip().splitlines()) == 1, err
    assert "ships.call_share.categories" in err and "titanic" in err
    assert p.read_bytes() == before


def test_ship_entries_are_sourced_and_every_ship_has_a_load() -> None:
    share = DEFAULTS["ships.call_share"]
    ships = share.distribution.categories
    assert set(ships) == {"lady_r", "angara", "maia_1", "maria"}
    for s in ships:
        entry = DEFAULTS[f"ships.{s}.containers_per_call"]
        assert entry.sources and entry.distribution.support()[0] >= 0


def test_days_keep_production_apart_from_fire() -> None:
    """A production rate is not a rate of fire: its rows say so in every format."""
    from estimator.logistics import estimate_days
    from estimator.report.logistics import render_days

    est = estimate_days("1M", samples=2000, seed=1)
    kinds = [r.kind for r in est.rows]
    assert "production" in kinds and "consumption" in kinds
    assert kinds == sorted(kinds)  # consumption rows first, production after
    table = render_days(est)
    assert table.splitlines()[0].endswith(
        "against Russian artillery consumption, by period and by source; and Russian "
        "artillery production, by year and by source")
    assert "production.* rows are output (Russian artillery production, by year and by " \
        "source), not fire" in table
    csv = render_days(est, "csv")
    days = [line for line in csv.splitlines() if ",days of " in line]
    assert days and all(("days of output" in line) == line.startswith("production.")
                        for line in days)
    doc = json.loads(render_days(est, "json"))
    assert {r["kind"] for r in doc["rates"]} == {"consumption", "production"}
    only_fire = estimate_days("1M", periods="consumption.jan_may_2024", samples=2000, seed=1)
    assert render_days(only_fire).splitlines()[0].endswith(
        "against Russian artillery consumption, by period and by source")


def test_a_rate_of_ones_own_is_set_against_the_stock_under_the_label_one_gives(
        tmp_path: Path) -> None:
    """A file may add a rate (consumption.NAME, production.NAME) as it may add a period of
    port calls, and relabel the group: the headline says what the file says, not
    'Russian' whatever the rates are."""
    from estimator.report.logistics import render_days

    p = tmp_path / "ua.toml"
    p.write_text('[consumption]\nlabel = "Ukrainian artillery fire, 2024"\n'
                 '[consumption.ua_own_2024]\nunit = "round/day"\np5 = 5000\np95 = 9000\n'
                 'period_start = "2024-01-01"\nperiod_end = "2024-12-31"\n'
                 '[[consumption.ua_own_2024.sources]]\nwho = "a"\nwhere = "b"\n'
                 'when = "2026-12"\nsays = "c"\n', encoding="utf-8")
    s = DEFAULTS.with_file(p)
    assert s.added == ("consumption.ua_own_2024",)
    est = estimate_days("1.5M", s, periods="ua_own_2024", samples=4000, seed=1)
    (row,) = est.rows
    assert row.days is not None and 150 < row.days.p50 < 300  # 1.5M at about 6,700 a day
    assert render_days(est).splitlines()[0].endswith("against Ukrainian artillery fire, 2024")
    # beside the defaults' rates, the label names the file's rate alone: the defaults' keep
    # theirs (the relabelled group is not all Ukrainian)
    both = render_days(estimate_days("1.5M", s, periods=["ua_own_2024", "jan_may_2024"],
                                     samples=4000, seed=1)).splitlines()[0]
    assert both.endswith("against Russian artillery consumption, by period and by source; "
                         "and Ukrainian artillery fire, 2024 (ua_own_2024)"), both
    bad = tmp_path / "bad.toml"
    bad.write_text(p.read_text(encoding="utf-8").replace("round/day", "round"), encoding="utf-8")
    with pytest.raises(AssumptionProblems, match=r"consumption\.ua_own_2024"):
        DEFAULTS.with_file(bad)


@pytest.mark.parametrize("group", ["consumption", "production"])
def test_an_added_rate_without_its_period_is_refused(
        group: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A rate added without period_start and period_end was taken, and the days table
    gave its period as '? to ?': it is refused, as a port-call period without its dates."""
    entry = {"unit": "round/day", "low": 2000, "high": 6000,
             "sources": [{"who": "a", "where": "b", "when": "2026-12", "says": "c"}]}
    with pytest.raises(AssumptionProblems) as info:
        DEFAULTS.with_entries({group: {"mine_2024": entry}})
    assert [str(p) for p in info.value.problems] == [
        f"<python>: {group}.mine_2024.{n}: missing; expected a date, 2024-02-12 or "
        '"2024-02-12"' for n in ("period_start", "period_end")]
    s = DEFAULTS.with_entries({group: {"mine_2024": {
        **entry, "period_start": "2024-01-01", "period_end": "2024-12-31"}}})
    assert s.added == (f"{group}.mine_2024",)
    p = tmp_path / "rate.toml"
    p.write_text(f'[{group}.mine_2024]\nunit = "round/day"\nlow = 2000\nhigh = 6000\n'
                 f'[[{group}.mine_2024.sources]]\nwho = "a"\nwhere = "b"\n'
                 'when = "2026-12"\nsays = "c"\n', encoding="utf-8")
    code, out, err = run(["days", "--rounds", "1M", "-a", str(p), "-n", "64"], capsys)
    assert (code, out) == (2, "") and len(err.splitlines()) == 1
    assert err == (f"error: {p}: {group}.mine_2024.period_start: missing; expected a date, "
                   '2024-02-12 or "2024-02-12" (and 1 more problem)\n')


def test_port_calls_of_one_ship_are_not_compared_with_a_fleet_count_by_default(
        capsys: pytest.CaptureFixture[str]) -> None:
    """Shin's 6,700 boxes were the whole fleet's: over one ship's calls they imply nothing."""
    from clirun import run

    _, fleet, _ = run(["port-calls", "--count", "11", "-n", "2000"], capsys)
    _, one, _ = run(["port-calls", "--count", "11", "--ship", "angara", "-n", "2000"], capsys)
    code, _, err = run(["port-calls", "--count", "11", "--ship", "angara", "-n", "2000",
                        "--compare", "shin_6700_containers"], capsys)
    assert "shin_6700_containers" in fleet and "shin_6700_containers" not in one
    # asked for, it is refused: a load per call no call carried is not a figure to print
    assert code == 2 and err.startswith("error: --compare: expected no claim beside one "
                                        "ship's calls"), err
    assert "shin_6700_containers, beside the calls of angara" in err
    with pytest.raises(InputError, match=r"^compare: expected no claim beside one ship"):
        estimate_port_calls("11", ship="angara", compare=["shin_6700_containers"], samples=100)
    # a count of the user's own, over that ship's calls, is theirs to set beside it
    own = estimate_port_calls("11", ship="angara", compare=[("seen", "2,000")], samples=100)
    assert own.compare[0][1].p50 == pytest.approx(2_000 / 11)


def test_a_munitions_or_related_count_is_compared_as_munitions_containers() -> None:
    """As in reconcile and the pooled estimate: x scope.munitions_share, not the raw count."""
    plain, scoped = (estimate_port_calls("32", compare=[("us", "10,000", scope)], samples=4000,
                                         seed=2).compare[0]
                     for scope in ("munitions", "munitions_or_related"))
    assert plain[1].p50 == pytest.approx(10_000 / 32)
    share = AssumptionSet.defaults()["scope.munitions_share"].distribution
    assert scoped[1].p50 == pytest.approx(10_000 / 32 * float(share.ppf(np.array([0.5]))[0]),
                                          rel=0.03)
    assert scoped[3] == "munitions_or_related"


def test_the_cli_compares_a_claim_in_its_own_scope(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(["port-calls", "-c", "32", "--compare", "state_dept_10000_containers",
                          "--samples", "2000", "-f", "json"], capsys)
    assert code == 0, err
    (c,) = json.loads(out)["compare"]
    assert c["scope"] == "munitions_or_related" and c["implied_per_unit"]["p50"] < 10_000 / 32


def test_the_csv_row_of_a_scoped_compare_says_it_was_scaled(
        capsys: pytest.CaptureFixture[str]) -> None:
    """The table and JSON said so; the CSV row read as if the raw count had been used."""
    code, out, err = run(["port-calls", "-c", "32", "--compare", "state_dept_10000_containers",
                          "--compare", "shin_6700_containers", "--samples", "2000", "-f", "csv"],
                         capsys)
    assert code == 0, err
    rows = [r for r in out.splitlines() if r.startswith('"implied by') or
            r.startswith("implied by")]
    assert len(rows) == 2
    scoped, plain = sorted(rows, key=lambda r: "shin" in r)
    assert "x scope.munitions_share" in scoped and "x scope" not in plain


@pytest.mark.parametrize(("argv", "line"), [
    (["timeline", "--from", "2026-01", "--to", "2023-08"],
     "error: --to: expected a date on or after the start (2026-01-01) (got '2023-08'); read as 2023-08-31"),
    (["timeline", "--from", "2020-01"],
     "error: --from: expected a date on or after the timeline's start (2023-08-01) "
     "(got '2020-01'); read as 2020-01-01"),
    (["timeline", "--from", "2023-10-05", "--to", "2023-10-02"],
     "error: --to: expected a date on or after the start (2023-10-05) (got '2023-10-02')"),
    # the calendar's last month and day: past the timeline like any other (the day after
    # was computed first, and the message said 'a date before 9999-12-31')
    (["timeline", "--to", "9999-12"],
     "error: --to: expected a date before the timeline's end (2026-02-01; to go further, "
     "add a calls.NAME period from 2026-02-01 in an assumptions file of your own) "
     "(got '9999-12'); read as 9999-12-31"),
    (["timeline", "--to", "9999-12-31"],
     "error: --to: expected a date before the timeline's end (2026-02-01; to go further, "
     "add a calls.NAME period from 2026-02-01 in an assumptions file of your own) "
     "(got '9999-12-31')"),
    (["reconcile", "--pooled", "--as-of", "2030-01"],
     "error: --as-of: expected a date before the timeline's end (2026-02-01; to go further, "
     "add a calls.NAME period from 2026-02-01 in an assumptions file of your own) "
     "(got '2030-01'); read as 2030-01-31"),
])
def test_a_date_out_of_range_is_named_as_given(argv: list[str], line: str,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(argv, capsys)
    assert (code, out, err) == (2, "", line + "\n")


def test_month_labels_keep_four_digit_years() -> None:
    """A user's period from 0001-01-01 labelled its months '1-01' (strftime drops the
    zeros of a year before 1000), which sorts and reads apart from '2023-08'."""
    from estimator.logistics import _months

    labels = [m[0] for m in _months(dt.date(1, 1, 1), dt.date(1, 3, 1))]
    assert labels == ["0001-01", "0001-02"]
    assert [m[0] for m in _months(dt.date(2023, 12, 5), dt.date(2024, 1, 2))] == [
        "2023-12", "2024-01"]


def test_the_calendars_last_day_as_an_end_in_python_is_an_input_error() -> None:
    """``end=datetime.date.max``: one error naming ``end`` (the day after it overflowed)."""
    with pytest.raises(InputError) as err:
        estimate_timeline(end=dt.date.max, samples=100)
    assert err.value.place == "end" and "timeline's end" in str(err.value)


def test_the_timeline_runs_through_its_last_day_and_not_its_exclusive_end() -> None:
    """The call periods end on END, exclusive: a timeline through the day before it runs
    (and ends, exclusive, at END); one through END itself is refused, naming ``end``."""
    last = END - dt.timedelta(days=1)
    t = estimate_timeline(start=last, end=last, samples=100)
    assert (t.start, t.end) == (last, END)
    with pytest.raises(InputError) as err:
        estimate_timeline(start=last, end=END, samples=100)
    assert err.value.place == "end" and f"before the timeline's end ({END}" in str(err.value)


@pytest.mark.parametrize(("count", "noted"), [("32", True), ("~32", False)])
def test_a_compare_against_an_exact_count_says_its_interval_is_only_the_claims_rounding(
        capsys: pytest.CaptureFixture[str], count: str, noted: bool) -> None:
    code, out, err = run(["port-calls", "--count", count, "--compare", "shin_6700_containers",
                          "--samples", "2000"], capsys)
    assert code == 0, err
    note = "the count, 32, is taken as exact: write ~32 to take it as approximate"
    assert (note in out) is noted, out
    for fmt in ("json", "csv"):
        code, out, err = run(["port-calls", "--count", count, "--compare",
                              "shin_6700_containers", "--samples", "2000", "-f", fmt], capsys)
        assert code == 0 and (note in out) is noted, (fmt, out)
        if fmt == "json":
            assert (json.loads(out)["compare_note"] is None) is not noted


def test_no_port_calls_carry_nothing_at_the_same_containers_a_call(
        capsys: pytest.CaptureFixture[str]) -> None:
    """0 calls: 0 of everything, and containers a call as the assumptions give them (not
    0/0); with no claim set beside them, since over no calls none is implied."""
    runs = {}
    for calls in ("0", "32"):
        code, out, err = run(["port-calls", "--count", calls, "-n", "2000", "-f", "json"], capsys)
        assert code == 0, err
        runs[calls] = json.loads(out)
    none, some = runs["0"], runs["32"]
    assert all(v["p95"] == 0 for v in none["footing"].values())
    assert none["per_unit"] == some["per_unit"] and 100 < none["per_unit"]["p50"] < 400
    assert none["compare"] == [] and len(some["compare"]) == 1
    code, out, err = run(["port-calls", "--count", "0", "--compare", "shin_6700_containers"],
                         capsys)
    assert (code, out) == (2, "") and err.startswith("error: --compare: expected port calls above 0")


@pytest.mark.parametrize("usable, kind", [(False, "rounds a day"), (True, "usable rounds a day")])
def test_a_stock_spread_over_days_says_which_rounds(usable: bool, kind: str,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["days", "--rounds", "1M", "--over", "365", "-n", "200", *(["--usable"] * usable)]
    code, out, err = run(argv, capsys)
    assert code == 0, err
    (line,) = [x for x in out.splitlines() if x.startswith("over 365 days: ")]
    assert line.endswith(" " + kind) and ("usable" in line) == usable
    # the usable days are not the days the whole stock is fired: said under the table
    caveat = "the days the working rounds alone last, against rates that count every round"
    assert (caveat in out) == usable
    caveats = json.loads(run([*argv, "-f", "json"], capsys)[1])["caveats"]
    assert any(c.startswith(caveat) for c in caveats) == usable
    assert any(c.startswith("production.* rows are output (Russian") for c in caveats)


def test_a_compared_claim_shows_the_period_the_calls_must_cover(capsys) -> None:
    import json

    def out(*argv: str) -> str:
        code, text, err = run(["port-calls", "--count", "32+", "--compare",
                               "state_dept_10000_containers", "--samples", "300", *argv], capsys)
        assert code == 0, err
        return text

    assert "counted 2023-09-01 to 2024-02-23) over these 32+" in out()
    assert "must cover the claim's own period" in out()
    (row,) = json.loads(out("--format", "json"))["compare"]
    assert row["counted"] == {"from": "2023-09-01", "to": "2024-02-23"}


NEW_PERIOD = """[calls.feb_jun_2026]
unit = "port_call/month"
low = 2
high = 4
period_start = {start}
period_end = {end}
[[calls.feb_jun_2026.sources]]
who = "An analyst"
where = "own count of satellite images"
when = "2026-07"
says = "two to four calls a month"
"""


@pytest.mark.parametrize("quote", ['"', ""])  # dates as strings or as TOML dates
def test_a_new_port_call_period_extends_the_timeline(
        quote: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """What the message for a date past the timeline's end advises: a calls.NAME period
    of one's own, from the end on."""
    p = tmp_path / "later.toml"
    p.write_text(NEW_PERIOD.format(start=f"{quote}{END}{quote}",
                                   end=f"{quote}2026-07-01{quote}"), encoding="utf-8")
    code, _, err = run(["timeline", "--to", "2026-06", "-n", "200"], capsys)
    assert code == 2 and f"add a calls.NAME period from {END}" in err
    longer = AssumptionSet.defaults().with_file(p)
    assert longer.added == ("calls.feb_jun_2026",)
    assert call_periods(longer)[-1].end == dt.date(2026, 7, 1)
    code, out, err = run(["timeline", "--to", "2026-06", "-n", "200", "-a", str(p),
                          "--format", "json"], capsys)
    assert code == 0, err
    months = json.loads(out)["months"]
    assert months[-1]["month"] == "2026-06"
    # the new period's two to four calls a month (of 365.25 / 12 days), every month of it
    for m in months[-5:]:
        span = (dt.date.fromisoformat(m["to_exclusive"])
                - dt.date.fromisoformat(m["from"])).days / (365.25 / 12)
        assert 2 * span <= m["calls"]["p5"] <= m["calls"]["p95"] <= 4 * span


def test_a_new_port_call_period_must_follow_the_last(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    p = tmp_path / "gap.toml"
    p.write_text(NEW_PERIOD.format(start="2026-03-01", end="2026-07-01"), encoding="utf-8")
    code, out, err = run(["assumptions", "check", str(p)], capsys)
    assert (code, out) == (2, "")
    assert ("gap.toml: calls.feb_jun_2026.period_start: expected the end of the period before "
            f"it (calls.jan_2026: {END}), with no gap or overlap (got '2026-03-01')") in err


def test_the_noisy_digits_note_names_a_rate_by_its_key(capsys: pytest.CaptureFixture[str],
                                                       ) -> None:
    """Not by its place in the list (rows[4])."""
    from estimator.summary import labelled_summaries

    est = estimate_days("1M", DEFAULTS, samples=200, seed=1)
    labelled = dict(labelled_summaries(est.rows))
    assert all(f"{row.key}.rate" in labelled for row in est.rows), sorted(labelled)
    code, out, err = run(["days", "--rounds", "1M", "-n", "200"], capsys)
    assert code == 0, err
    (note,) = [line for line in out.splitlines() if line.startswith("note: ")]
    assert "of consumption." in note or "of production." in note, note
    assert "rows[" not in note and "e+0" not in note, note


@pytest.mark.parametrize("end", [str(END), "2026-01-15"])
def test_a_port_call_period_must_end_after_it_starts(
        end: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Its end is exclusive: an end on its start is an empty period, refused as one that
    ends before it starts is, with the same words."""
    p = tmp_path / "empty.toml"
    p.write_text(NEW_PERIOD.format(start=END, end=end), encoding="utf-8")
    code, out, err = run(["assumptions", "check", str(p)], capsys)
    assert (code, out) == (2, "")
    assert (f"empty.toml: calls.feb_jun_2026.period_end: expected a date after period_start "
            f"({END}; the end is exclusive) (got '{end}')") in err


def test_an_empty_port_call_period_is_said_with_the_gap_it_leaves(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """January 2025 written as ending on its first day: the empty period hid the month it
    leaves uncovered before February, found only once the end was mended."""
    p = tmp_path / "empty.toml"
    p.write_text(NEW_PERIOD.replace("feb_jun_2026", "jan_2025").format(
        start="2025-01-01", end="2025-01-01"), encoding="utf-8")
    code, out, err = run(["assumptions", "check", str(p)], capsys)
    assert (code, out) == (2, "")
    assert err.splitlines() == [
        f"error: {p}: calls.jan_2025.period_end: expected a date after period_start "
        "(2025-01-01; the end is exclusive) (got '2025-01-01')",
        f"error: {p}: calls.jan_2025.period_end: expected the start of the next period "
        "(calls.feb_sep_2025: 2025-02-01), with no gap or overlap (got '2025-01-01')",
        f"{p}: 2 problems"]
    # a period with another problem (its source's date) still has its gap said
    p.write_text(NEW_PERIOD.format(start="2026-03-01", end="2026-07-01").replace(
        'when = "2026-07"', 'when = "2026-13"'), encoding="utf-8")
    code, _, err = run(["assumptions", "check", str(p)], capsys)
    assert code == 2 and "calls.feb_jun_2026.sources[0].when" in err and "2 problems" in err
    assert ("calls.feb_jun_2026.period_start: expected the end of the period before it "
            "(calls.jan_2026: 2026-02-01)") in err
    # a period whose dates are not dates has no place in time: nothing is said of its order
    p.write_text(NEW_PERIOD.replace("feb_jun_2026", "jan_2025").format(
        start="2025-01-01", end='"2025-01-32"'), encoding="utf-8")
    with pytest.raises(AssumptionProblems) as info:
        DEFAULTS.with_file(p)
    assert [x.place for x in info.value.problems] == [f"{p}: calls.jan_2025.period_end"]


def test_a_port_call_period_ends_before_the_calendars_last_year(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """An end in 9999 left no month after it: the timeline raised an OverflowError."""
    p = tmp_path / "far.toml"
    p.write_text(NEW_PERIOD.format(start=END, end="9999-12-31"), encoding="utf-8")
    for argv in (["assumptions", "check", str(p)], ["timeline", "-n", "20", "-a", str(p)]):
        code, out, err = run(argv, capsys)
        assert (code, out) == (2, ""), err
        assert ("far.toml: calls.feb_jun_2026.period_end: expected a date before 9999-01-01 "
                "(got '9999-12-31')") in err and "Traceback" not in err


def test_a_port_call_period_without_a_start_says_either_form_of_date_will_do(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    p = tmp_path / "nostart.toml"
    p.write_text(NEW_PERIOD.format(start=END, end="2026-07-01").replace(
        f"period_start = {END}\n", ""), encoding="utf-8")
    code, out, err = run(["assumptions", "check", str(p)], capsys)
    assert (code, out) == (2, "")
    assert ('nostart.toml: calls.feb_jun_2026.period_start: missing; expected a date, '
            '2024-02-12 or "2024-02-12"') in err
    # without either date, both are said (the end went unsaid)
    p.write_text(NEW_PERIOD.format(start=END, end="2026-07-01").replace(
        f"period_start = {END}\n", "").replace("period_end = 2026-07-01\n", ""),
        encoding="utf-8")
    code, out, err = run(["assumptions", "check", str(p)], capsys)
    assert (code, out) == (2, "")
    assert [line.split(": ")[2:4] for line in err.splitlines()[:2]] == [
        ["calls.feb_jun_2026.period_start", "missing; expected a date, 2024-02-12 or "
                                            '"2024-02-12"'],
        ["calls.feb_jun_2026.period_end", "missing; expected a date, 2024-02-12 or "
                                          '"2024-02-12"']], err


def test_check_lists_a_periods_own_dates_beside_its_other_problems_and_every_gap(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A period ending before it starts was reported only when nothing else in the file
    was wrong (here its source's date is), and of several gaps or overlaps only the first."""
    backwards = tmp_path / "backwards.toml"
    backwards.write_text(NEW_PERIOD.format(start="2026-03-01", end="2026-02-15")
                         .replace('when = "2026-07"', 'when = "2026-13"'), encoding="utf-8")
    code, _, err = run(["assumptions", "check", str(backwards)], capsys)
    assert code == 2
    assert "calls.feb_jun_2026.period_end: expected a date after period_start" in err
    assert "calls.feb_jun_2026.sources[0].when" in err and "2 problems" in err
    later = NEW_PERIOD.replace("feb_jun_2026", "aug_2026")
    gaps = tmp_path / "gaps.toml"
    gaps.write_text(NEW_PERIOD.format(start=END, end="2026-06-01")
                    + later.format(start="2026-07-01", end="2026-09-01")
                    + later.replace("aug_2026", "sep_2026").format(start="2026-08-01",
                                                                   end="2026-10-01"),
                    encoding="utf-8")
    code, _, err = run(["assumptions", "check", str(gaps)], capsys)
    assert code == 2 and "2 problems" in err, err
    assert ("calls.aug_2026.period_start: expected the end of the period before it "
            "(calls.feb_jun_2026: 2026-06-01)") in err                       # a gap
    assert ("calls.sep_2026.period_start: expected the end of the period before it "
            "(calls.aug_2026: 2026-09-01)") in err                           # an overlap


@pytest.mark.parametrize(("argv", "shown"), [
    (["--per-day", "0"], "(got '0')"), (["--over", "36526"], "(got '36526')"),
    (["--over", "1e5"], "(got '1e5')"), (["--over", "0.0001"], "(got '0.0001')"),
    (["--over", "1e9"], "(got '1e9')"), (["--per-day", "1e20"], "(got '1e20')"),
    (["--per-day", "200M"], "(got '200M')")])
def test_days_out_of_range_echoes_the_number_as_typed(
        argv: list[str], shown: str, capsys: pytest.CaptureFixture[str]) -> None:
    """The user's own text: not Python's float of it ('(got 36526.0)', '(got 1e+20)'),
    nor the number rewritten ('(got 1,000,000,000)' for '1e9')."""
    code, out, err = run(["days", "--rounds", "1M", *argv], capsys)
    assert (code, out) == (2, "") and err.count("\n") == 1
    assert err.rstrip().endswith(shown), err


def test_a_claim_compared_twice_is_shown_once(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(["port-calls", "-c", "32", "--compare", "shin_6700_containers",
                          "--compare", "shin_6700_containers", "-n", "500"], capsys)
    assert code == 0, err
    assert sum("shin_6700_containers (" in line and "implies" in line
               for line in out.splitlines()) == 1


def test_a_stocks_share_of_each_rate_is_its_rounds_a_day_over_that_rate() -> None:
    """1M rounds over 100 days are 10,000 a day: 10,000 / rate of each rate, not its
    inverse; with --usable, the duds (duds.dud_rate) come out of every trial first."""
    est = estimate_days("1M", over_days=100, samples=4000, seed=1)
    assert est.per_day is not None and est.per_day.p50 == pytest.approx(10_000)
    for r in est.rows:
        assert r.share is not None and r.days is not None
        # share = 10,000 / rate, a decreasing map: its median is 10,000 / the rate's median
        # (to the interpolation between two draws)
        assert r.share.p50 == pytest.approx(10_000 / r.rate.p50, rel=1e-6)
        assert r.days.p50 == pytest.approx(1e6 / r.rate.p50, rel=1e-6)
    usable = estimate_days("1M", over_days=100, usable=True, samples=4000, seed=1)
    dud = AssumptionSet.defaults()["duds.dud_rate"].distribution
    assert usable.per_day is not None
    want = 10_000 * (1 - float(dud.ppf(np.array([0.5]))[0]))
    assert abs(usable.per_day.p50 - want) <= 4 * usable.per_day.se_p50


def test_a_numpy_year_as_an_end_is_its_last_day() -> None:
    from estimator.logistics import as_date

    assert as_date(np.datetime64("2024"), "--to", last=True) == dt.date(2024, 12, 31)
    assert as_date(np.datetime64("2024"), "--from") == dt.date(2024, 1, 1)


def test_a_timeline_of_one_day_runs() -> None:
    from estimator.logistics import estimate_timeline

    tl = estimate_timeline("2024-01-15", "2024-01-15", samples=500, seed=1)
    assert tl.record.samples == 500


@pytest.mark.parametrize("argv, said", [
    (["--count", "0"], True),                       # the default left out: said
    (["--count", "0", "--ship", "angara"], False),  # no default with one ship
    (["--count", "1"], False),                      # the default shown
])
def test_port_calls_says_when_it_leaves_out_the_default_comparison(
        capsys: pytest.CaptureFixture[str], argv: list[str], said: bool) -> None:
    code, out, err = run(["port-calls", *argv, "-n", "500"], capsys)
    assert code == 0, err
    assert ("default comparison with shin_6700_containers is left out" in err) is said
    assert ("shin_6700_containers" in out) is (argv == ["--count", "1"])


def test_the_timeline_says_it_counts_by_sea_and_gives_each_periods_last_day(
        capsys: pytest.CaptureFixture[str]) -> None:
    """A period's end is exclusive in the files (calls.aug_2023 ends 2023-09-01); written
    'X to Y' it read as a day too many: the output gives its last day, and the JSON both."""
    code, out, err = run(["timeline", "--from", "2023-08", "--to", "2023-09", "-n", "500"],
                         capsys)
    assert code == 0, err
    assert out.startswith("Deliveries by sea") and "rail and air are not counted" in out
    assert "calls.aug_2023: 2023-08-01 to 2023-08-31" in out
    assert "calls (median)" in out.splitlines()[2]
    code, out, err = run(["timeline", "--from", "2023-08", "--to", "2023-09", "-n", "500",
                          "-f", "json"], capsys)
    first = json.loads(out)["periods"][0]
    assert (first["end"], first["last_day"]) == ("2023-09-01", "2023-08-31")
    code, out, err = run(["reconcile", "--pooled", "-n", "2000"], capsys)
    assert "Deliveries by sea since 2023-08-01" in out.splitlines()[1]
