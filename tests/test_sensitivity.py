"""Sensitivity: Sobol' indices against closed forms, the tornado, and bad requests."""

import json
import math
from pathlib import Path

import numpy as np
import pytest
from clirun import run

from estimator.distributions import Dirichlet, Normal, Uniform
from estimator.engine import Input
from estimator.errors import InputError
from estimator.sensitivity import containers_sensitivity, sensitivity
from estimator.units import ureg

ONE = ureg.dimensionless


def test_linear_model_indices_match_the_closed_form():
    # Y = 1 a + 2 b + 3 c with independent inputs: S_i = ST_i = c_i^2 Var_i / sum
    z95 = 1.6448536269514722
    xs = [Input("a", Uniform(0.0, 1.0), ONE), Input("b", Normal(-z95 / 2, z95 / 2), ONE),
          Input("c", Uniform(-1.0, 1.0), ONE)]  # b: a normal with sd 0.5 by its 90% interval
    coef = {"a": 1.0, "b": 2.0, "c": 3.0}
    var = {"a": 1 / 12, "b": 0.25, "c": 4 / 12}
    total = sum(coef[k] ** 2 * var[k] for k in coef)
    s = sensitivity(xs, lambda d: {"y": d["a"] + 2 * d["b"] + 3 * d["c"]}, "y",
                    samples=4096, seed=5)
    for k in coef:
        want = coef[k] ** 2 * var[k] / total
        assert s.factor(k).first == pytest.approx(want, abs=0.02)
        assert s.factor(k).total == pytest.approx(want, abs=0.02)
    assert s.variance == pytest.approx(total, rel=0.05)
    assert [f.key for f in s.factors] == ["c", "b", "a"]


def _ishigami(d):
    x1, x2, x3 = (d[k].m_as("") for k in ("x1", "x2", "x3"))
    return {"y": np.sin(x1) + 7 * np.sin(x2) ** 2 + 0.1 * x3**4 * np.sin(x1)}


def test_ishigami_indices_match_the_published_values():
    # Ishigami and Homma (1990), a = 7, b = 0.1; values as in Saltelli et al. (2008)
    xs = [Input(k, Uniform(-math.pi, math.pi), ONE) for k in ("x1", "x2", "x3")]
    s = sensitivity(xs, _ishigami, "y", samples=8192, seed=11)
    first = {"x1": 0.3139, "x2": 0.4424, "x3": 0.0}
    total = {"x1": 0.5576, "x2": 0.4424, "x3": 0.2437}
    for k in first:
        assert s.factor(k).first == pytest.approx(first[k], abs=0.05)
        assert s.factor(k).total == pytest.approx(total[k], abs=0.05)
        assert 0 < s.factor(k).se_total < 0.05


def test_first_order_indices_do_not_move_with_the_outputs_offset():
    """S1 is a share of the variance: adding 3,000 to the Ishigami function (a mean far
    from its spread, as a count of rounds is) gave x1 1.61 +/- 26 where it is 0.31."""
    xs = [Input(k, Uniform(-math.pi, math.pi), ONE) for k in ("x1", "x2", "x3")]
    s = sensitivity(xs, _ishigami, "y", samples=1024, seed=1)
    far = sensitivity(xs, lambda d: {"y": _ishigami(d)["y"] + 3000.0}, "y", samples=1024,
                      seed=1)
    for k in ("x1", "x2", "x3"):
        assert far.factor(k).first == pytest.approx(s.factor(k).first, abs=1e-9)
        assert far.factor(k).se_first == pytest.approx(s.factor(k).se_first, abs=1e-9)
        assert far.factor(k).total == pytest.approx(s.factor(k).total, abs=1e-9)
    assert s.factor("x1").first == pytest.approx(0.3139, abs=0.05)


def test_the_standard_errors_are_the_spread_between_seeds():
    """The errors come from 8 independently scrambled replicates: over 30 seeds their
    root mean square is the indices' own spread (a bootstrap over the rows of one Sobol'
    design, used before, said 2 to 10 times too much)."""
    xs = [Input(k, Uniform(-math.pi, math.pi), ONE) for k in ("x1", "x2", "x3")]
    runs = [sensitivity(xs, _ishigami, "y", samples=256, seed=s) for s in range(1, 31)]
    for k in ("x1", "x2", "x3"):
        for value, error in (("first", "se_first"), ("total", "se_total")):
            spread = np.std([getattr(r.factor(k), value) for r in runs], ddof=1)
            said = math.sqrt(np.mean([getattr(r.factor(k), error) ** 2 for r in runs]))
            assert 0.7 < said / spread < 1.45, (k, value, said, spread)


def test_an_error_the_replicates_cannot_judge_is_not_zero():
    """A rare event seen in a few of 16 rows: replicates without it have no variance (a
    bootstrap once gave '2.06 +/- 0.00' here, counting such resamples as 0)."""
    xs = [Input("x1", Uniform(0.0, 1.0), ONE), Input("x2", Uniform(0.0, 1.0), ONE)]
    s = sensitivity(xs, lambda d: {"y": (d["x1"] > 0.97) * 1.0 + 0.0 * d["x2"]}, "y",
                    samples=16, seed=1)
    f = s.factor("x1")
    assert math.isnan(f.se_first) and math.isnan(f.se_total)


def test_the_correlations_not_applied_are_named_in_the_result():
    from estimator.correlations import Correlation
    from estimator.engine import Inputs

    xs = [Input(k, Normal(0.0, 1.0), ONE) for k in ("x1", "x2", "x3")]
    tied = Correlation("tied", ("x1", "x2"), ((1.0, 0.9), (0.9, 1.0)), ())
    s = sensitivity(Inputs(xs, [tied]), lambda d: {"y": d["x1"] + d["x2"]}, "y", samples=64)
    assert s.independent_of == ("tied",)
    assert sensitivity(Inputs(xs, [tied]), lambda d: {"y": d["x1"] + d["x3"]}, "y",
                       samples=64).independent_of == ()  # x2 is not analysed
    assert sensitivity(xs, lambda d: {"y": d["x1"] + d["x2"]}, "y",
                       samples=64).independent_of == ()


def test_tornado_is_one_input_at_a_time_at_its_5th_and_95th_percentiles():
    xs = [Input("a", Uniform(0.0, 10.0), ureg.kg), Input("b", Uniform(0.0, 1.0), ureg.kg)]
    s = sensitivity(xs, lambda d: {"y": d["a"] + d["b"]}, "y", samples=256, seed=1)
    a = s.factor("a")
    assert s.base == pytest.approx(5.5) and s.unit == "kg"
    assert (a.low, a.high) == (pytest.approx(1.0), pytest.approx(10.0))
    assert a.swing == pytest.approx(9.0) and a.rank_correlation > 0.9


def test_a_mix_gets_indices_but_no_swing():
    xs = [Input("m", Dirichlet(("p", "q", "r"), (2.0, 2.0, 2.0)), ONE), Input("x", Uniform(1, 2), ONE)]
    s = sensitivity(xs, lambda d: {"y": d["m"][:, 0] * d["x"]}, "y", samples=1024, seed=2)
    m = s.factor("m")
    assert m.swing is None and m.rank_correlation is None and m.total > 0.5


def test_same_seed_same_indices():
    xs = [Input(k, Uniform(-math.pi, math.pi), ONE) for k in ("x1", "x2", "x3")]
    assert sensitivity(xs, _ishigami, "y", samples=512, seed=4) == \
        sensitivity(xs, _ishigami, "y", samples=512, seed=4)


def test_bad_requests_are_named():
    xs = [Input("a", Uniform(0.0, 1.0), ONE)]
    with pytest.raises(InputError, match="nope"):
        sensitivity(xs, lambda d: {"y": d["a"]}, "nope", samples=64, seed=1)
    with pytest.raises(InputError, match=r"^samples: "):
        sensitivity(xs, lambda d: {"y": d["a"]}, "y", samples=3, seed=1)




@pytest.mark.parametrize("fmt", ["table", "json", "csv", "markdown"])
def test_sensitivity_command_formats(fmt: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(["sensitivity", "containers", "--count", "6700", "--calibre",
                           "152mm_he", "--samples", "256", "-f", fmt], capsys)
    assert code == 0, err
    assert "containers.20ft.payload_limit" in out
    if fmt == "json":
        import json

        doc = json.loads(out)
        assert doc["schema"] == "estimator.sensitivity"
        first = doc["factors"][0]
        assert first["total"] >= max(f["total"] for f in doc["factors"][1:])
        assert {a["key"] for a in doc["assumptions"]} == {f["key"] for f in doc["factors"]}
        assert all(f["at_p5"] is not None for f in doc["factors"])


def test_sensitivity_command_matches_the_library(capsys: pytest.CaptureFixture[str]) -> None:
    import json

    code, out, _ = run(["sensitivity", "containers", "-c", "6700", "--usable", "-n", "256",
                         "--seed", "3", "-f", "json"], capsys)
    rep = containers_sensitivity("6700", usable=True, samples=256, seed=3)
    doc = json.loads(out)
    assert code == 0
    assert [f["key"] for f in doc["factors"]] == [f.key for f in rep.result.factors]
    assert doc["factors"][0]["total"] == pytest.approx(rep.result.factors[0].total)
    # usable rounds depend on the dud rate, so it is among the factors with a real share
    assert rep.result.factor("duds.dud_rate").total > 0.05


@pytest.mark.parametrize("argv", [
    ["--count", "-5"],
    ["--count", "6700", "--calibre", "999mm"],
    ["--count", "6700", "--basis", "both"],
    ["--count", "6700", "--samples", "0"],
    ["--count", "6700", "--seed", "-1"],
    ["--count", "nan"],
])
def test_sensitivity_bad_input_one_line(argv: list[str], tmp_path: Path,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    out_file = tmp_path / "out.json"
    code, _out, err = run(["sensitivity", "containers", *argv, "-o", str(out_file)], capsys)
    assert code == 2, err
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err
    assert not out_file.exists()


def test_tornado_plot_matches_the_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pytest.importorskip("matplotlib")
    import json

    from estimator.plots import plot_tornado

    png = tmp_path / "tornado.png"
    code, out, err = run(["sensitivity", "containers", "-c", "6700", "--calibre", "152mm_he",
                           "-n", "256", "-f", "json", "--plot", str(png)], capsys)
    assert code == 0, err
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    doc = json.loads(out)
    rep = containers_sensitivity("6700", calibre="152mm_he", samples=256)
    data = plot_tornado(rep, tmp_path / "again.svg")
    assert (tmp_path / "again.svg").read_text().lstrip().startswith(("<?xml", "<svg"))
    plotted = {r["key"]: (r["at_p5"], r["at_p95"]) for r in data["rows"]}
    for f in doc["factors"]:
        if f["key"] in plotted:
            assert plotted[f["key"]] == pytest.approx((f["at_p5"], f["at_p95"]))
    assert data["base"] == pytest.approx(doc["base"])


@pytest.mark.parametrize("name", ["tornado.pdf", "tornado", "nofolder/tornado.png"])
def test_tornado_plot_bad_path_is_one_line(name: str, tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    code, _out, err = run(["sensitivity", "containers", "-c", "6700", "-n", "64", "--plot",
                            str(tmp_path / name)], capsys)
    assert code == 2 and len(err.strip().splitlines()) == 1 and "--plot" in err, err
    assert not any(tmp_path.iterdir())


@pytest.mark.parametrize("count, factor", [("10000+", "counts.at_least_excess"),
                                           ("<=10000", "counts.up_to_shortfall"),
                                           ("6k-8k", "count")])
@pytest.mark.parametrize("fmt", ["table", "json", "markdown", "csv"])
def test_cli_counts_with_a_spread_of_their_own(count: str, factor: str, fmt: str,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    """A stated range is a factor of its own (not an assumption); an at-least excess or
    up-to shortfall is the factor of the assumption it is drawn from, under that key."""
    code, out, err = run(["sensitivity", "containers", "--count", count, "--calibre",
                          "152mm_he", "--samples", "64", "--format", fmt], capsys)
    assert code == 0, err
    if fmt == "json":
        doc = json.loads(out)
        assert factor in [f["key"] for f in doc["factors"]]
        listed = [a["key"] for a in doc["assumptions"]]
        assert (factor in listed) == (factor != "count")
        assert not any(k.startswith("count.") for k in [f["key"] for f in doc["factors"]])


def test_the_head_adds_up_its_evaluations(capsys: pytest.CaptureFixture[str]) -> None:
    import re

    code, out, err = run(["sensitivity", "containers", "--count", "6700", "--calibre",
                          "152mm_he", "--samples", "64"], capsys)
    assert code == 0, err
    n, per, extra, total = (int(x.replace(",", "")) for x in re.search(
        r"from ([\d,]+) x (\d+) evaluations, and (\d+) at the inputs' medians and 5th and "
        r"95th percentiles \(([\d,]+) in all\)", out).groups())
    assert n == 64 and n * per + extra == total and extra == 2 * (per - 2) + 1
    # the run record gives what --samples takes to rerun it; the head counts evaluations
    assert "seed 20240226, 64 samples" in out and f"{total:,} samples" not in out


def test_a_flat_swing_of_an_input_that_matters_is_explained(
        capsys: pytest.CaptureFixture[str]) -> None:
    """At the medians weight binds, so the round's packed volume has no swing, yet its
    total index is not 0: the table says why its swing column reads 0."""
    code, out, err = run(["sensitivity", "containers", "--count", "6700", "--calibre",
                          "152mm_he", "--samples", "1024", "-f", "json"], capsys)
    assert code == 0, err
    factors = {f["key"]: f for f in json.loads(out)["factors"]}
    vol = factors["munitions.152mm_he.complete_volume"]
    assert vol["swing"] == 0 and vol["total"] >= 0.02
    code, out, err = run(["sensitivity", "containers", "--count", "6700", "--calibre",
                          "152mm_he", "--samples", "1024"], capsys)
    note = next(line for line in out.splitlines()
                if line.startswith("no swing with the others at their medians"))
    assert "munitions.152mm_he.complete_volume" in note
    assert "containers.20ft.payload_limit" not in note  # it swings


def test_the_run_record_reruns_the_analysis(capsys: pytest.CaptureFixture[str]) -> None:
    """The record once gave the evaluations as 'samples': fed back to --samples they made
    another run (and --samples 100 is run as 128 rows)."""
    argv = ["sensitivity", "containers", "--count", "6700", "--calibre", "152mm_he", "-f",
            "json"]
    code, out, err = run([*argv, "--samples", "100"], capsys)
    assert code == 0, err
    first = json.loads(out)
    assert first["run"]["samples"] == first["samples"] == 128
    code, out, err = run([*argv, "--samples", str(first["run"]["samples"])], capsys)
    assert code == 0, err
    assert json.loads(out)["factors"] == first["factors"]


def test_correlations_the_indices_ignore_are_named(capsys: pytest.CaptureFixture[str]) -> None:
    example = str(Path(__file__).parents[1] / "docs" / "examples" / "correlations.toml")
    argv = ["sensitivity", "containers", "--count", "6700", "--samples", "64"]
    code, out, err = run([*argv, "--calibre", "152mm_he", "-a", example], capsys)
    assert code == 0, err
    assert "correlations ignored: packing_152mm tie inputs analysed here" in out
    code, out, err = run([*argv, "--calibre", "152mm_he", "-a", example, "-f", "json"], capsys)
    assert json.loads(out)["ignored_correlations"] == ["packing_152mm"]
    code, out, err = run([*argv, "--calibre", "122mm_rocket", "-a", example], capsys)
    assert code == 0, err
    assert "correlations ignored" not in out  # neither of its keys is an input here


def test_a_design_too_big_for_memory_is_refused_and_the_most_allowed_fits(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Refused before the design is drawn, naming --samples and the most rows that fit; a
    run of that many stays within the memory the process may use (twice the budget)."""
    import re
    import tracemalloc

    import estimator.engine as engine_module
    import estimator.sensitivity as sensitivity_module

    containers_sensitivity("6700", calibre="152mm_he", samples=16, seed=1)  # imports done
    budget = 20e6
    monkeypatch.setattr(engine_module, "memory_budget", lambda: budget)
    monkeypatch.setattr(sensitivity_module, "memory_budget", lambda: budget)
    with pytest.raises(InputError, match=r"^samples: expected at most") as info:
        containers_sensitivity("6700", calibre="152mm_he", samples=65_536, seed=1)
    most = int(re.search(r"at most ([\d,]+) rows", str(info.value))[1].replace(",", ""))
    assert 16 <= most < 65_536
    tracemalloc.start()
    try:
        containers_sensitivity("6700", calibre="152mm_he", samples=most, seed=1)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak <= 2 * budget


def test_an_output_the_model_does_not_return_is_named_by_the_argument() -> None:
    """``output`` has no option of its own: the error named '--output-name', which no
    command has."""
    from estimator import AssumptionSet

    s = AssumptionSet.defaults()
    with pytest.raises(InputError) as err:
        sensitivity(s.values(), lambda d: {"y": d["duds.dud_rate"]}, "z", samples=16)
    assert err.value.place == "output" and "one of the model's outputs: y" in str(err.value)


# --- the timeline: what moves the deliveries by sea --------------------------------------------

def _fixed_loads() -> dict[str, object]:
    """Every ship's load a fixed 200 boxes a call, so the containers over one period are
    its call rate times its months times 200."""
    source = [{"who": "t", "where": "t", "when": "2024", "says": "t"}]
    return {"ships": {s: {"containers_per_call": {"unit": "container/port_call",
                                                  "value": 200, "sources": source}}
                      for s in ("lady_r", "angara", "maia_1", "maria")}}


def test_the_timeline_within_one_period_rests_on_that_periods_rate_alone():
    """Known answer: with fixed loads, containers from 1 Apr to 30 Nov 2024 are
    calls.mar_dec_2024 x 8 months x 200; its indices are 1, the ships' mix moves nothing,
    and the periods outside the window are not read."""
    from estimator.assumptions import AssumptionSet
    from estimator.sensitivity import timeline_sensitivity

    fixed = AssumptionSet.defaults().with_entries(_fixed_loads())
    rep = timeline_sensitivity("2024-04", "2024-11", fixed, measure="containers",
                               samples=1024, seed=3)
    keys = {f.key for f in rep.result.factors}
    assert keys == {"calls.mar_dec_2024", "ships.call_share"}, keys
    rate = rep.result.factor("calls.mar_dec_2024")
    assert rate.first == pytest.approx(1.0, abs=0.02) and rate.total == pytest.approx(1.0, abs=0.02)
    assert abs(rep.result.factor("ships.call_share").total) < 1e-9
    assert rep.title.startswith("deliveries by sea from 2024-04-01 through 2024-11-30")
    assert "basis" not in rep.title  # containers are counted on no basis


@pytest.mark.parametrize("measure, reads, not_read", [
    ("containers", "ships.angara.containers_per_call", "duds.dud_rate"),
    ("usable", "duds.dud_rate", None),
    ("rounds", "mix.calibre_share", "duds.dud_rate"),
    ("rounds_152", "munitions.152mm_he.complete_mass", "mix.calibre_share"),
])
def test_each_measure_of_the_timeline_reads_what_it_needs(measure: str, reads: str,
                                                          not_read: str | None) -> None:
    from estimator.sensitivity import timeline_sensitivity

    rep = timeline_sensitivity("2024-01", "2024-06", measure=measure, samples=64, seed=1)
    keys = {f.key for f in rep.result.factors}
    assert reads in keys and (not_read is None or not_read not in keys), keys


def test_the_timeline_sensitivity_command(capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["sensitivity", "timeline", "--from", "2024-03", "--to", "2024-12", "--measure",
            "containers", "-n", "256"]
    code, out, err = run([*argv, "-f", "json"], capsys)
    assert code == 0, err
    doc = json.loads(out)
    assert doc["title"].startswith("deliveries by sea from 2024-03-01 through 2024-12-31")
    again = json.loads(run([*argv, "-f", "json"], capsys)[1])
    assert again["factors"] == doc["factors"]  # the same seed, the same indices
    code, out, err = run(["sensitivity", "timeline", "--from", "2024-12", "--to", "2024-03"],
                         capsys)
    assert (code, out) == (2, "") and err.startswith("error: --to: expected a date on or after")
    code, out, err = run(["sensitivity", "timeline", "--measure", "shells"], capsys)
    assert (code, out) == (2, "") and "--measure" in err and len(err.strip().splitlines()) == 1


def test_two_periods_share_the_variance_as_their_rates_months_and_spreads_say():
    """Known answer: with fixed loads L, containers from 1 Dec 2024 to 31 Jan 2025 are
    (r1 m1 + r2 m2) L, so each rate's first-order index is m_i^2 Var(r_i) / sum_j m_j^2
    Var(r_j), with the months each period holds of the span and its entry's variance."""
    import datetime as dt

    from estimator.assumptions import AssumptionSet
    from estimator.logistics import call_periods
    from estimator.sensitivity import timeline_sensitivity

    fixed = AssumptionSet.defaults().with_entries(_fixed_loads())
    periods = {p.key: p for p in call_periods(fixed)}
    u = (np.arange(200_000) + 0.5) / 200_000
    share = {}
    for key in ("calls.mar_dec_2024", "calls.jan_2025"):
        months = periods[key].overlap_months(dt.date(2024, 12, 1), dt.date(2025, 2, 1))
        share[key] = months**2 * np.var(fixed[key].distribution.ppf(u))
    total = sum(share.values())
    rep = timeline_sensitivity("2024-12", "2025-01", fixed, measure="containers",
                               samples=4096, seed=1)
    for key, part in share.items():
        assert rep.result.factor(key).first == pytest.approx(part / total, abs=0.02), key


@pytest.mark.parametrize("measure, start, end", [
    ("containers", "2024-02-15", "2024-10-10"), ("rounds", "2024-02-15", "2024-10-10"),
    ("usable", "2024-02-15", "2024-10-10"),
    ("containers", "2024-01-20", "2024-01-29"),   # ten days: a day more or less is 10%
])
def test_the_timeline_sensitivity_is_of_the_timelines_own_figure(measure: str, start: str,
                                                                 end: str):
    """Its median over the Sobol' rows is the cumulative figure estimate_timeline gives
    for the same span (mid-month ends, the projectile basis), within Monte Carlo error."""
    from estimator.logistics import estimate_timeline
    from estimator.sensitivity import timeline_sensitivity

    rep = timeline_sensitivity(start, end, measure=measure, basis="projectile",
                               samples=4096, seed=2)
    t = estimate_timeline(start, end, basis="projectile", samples=50_000, seed=2)
    assert rep.result.median == pytest.approx(t.rows[-1].cumulative[measure].p50, rel=0.04)


def test_an_output_the_same_in_every_draw_says_so_and_draws_no_tornado(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The halt taken as total (value = 0, as its entry's note offers): no index, said,
    and --plot refused in one line rather than bars of nothing."""
    pytest.importorskip("matplotlib")
    halt = tmp_path / "halt.toml"
    halt.write_text('[calls.halt_feb_mar_2024]\nunit = "port_call/month"\nvalue = 0\n'
                    'period_start = "2024-02-13"\nperiod_end = "2024-03-10"\n'
                    '[[calls.halt_feb_mar_2024.sources]]\nwho = "me"\nwhere = "notebook"\n'
                    'when = "2026"\nsays = "the halt as total"\n', encoding="utf-8")
    argv = ["sensitivity", "timeline", "--from", "2024-02-14", "--to", "2024-03-09",
            "--measure", "containers", "-n", "64", "-a", str(halt)]
    code, out, err = run(argv, capsys)
    assert code == 0, err
    assert "the output is 0 box in every draw: no input moves it" in out
    png = tmp_path / "t.png"
    code, out, err = run([*argv, "--plot", str(png)], capsys)
    assert (code, out) == (2, "") and not png.exists()
    assert err.strip().startswith("error: --plot: expected an output that varies between draws")


def test_the_tornado_names_the_mix_it_cannot_draw(tmp_path: Path) -> None:
    pytest.importorskip("matplotlib")
    from estimator.plots import plot_tornado
    from estimator.sensitivity import timeline_sensitivity

    rep = timeline_sensitivity("2024-01", "2024-03", samples=256, seed=1)
    data = plot_tornado(rep, tmp_path / "t.png")
    assert data["not_drawn"] == ["mix.calibre_share"]
    assert "mix.calibre_share" not in [row["key"] for row in data["rows"]]


def test_the_timelines_measures_are_the_common_ones_and_a_name_is_not_a_list():
    from estimator.assumptions import AssumptionSet
    from estimator.chain import FOOTING, Chain
    from estimator.engine import Engine
    from estimator.sensitivity import TIMELINE_MEASURES

    assert set(TIMELINE_MEASURES) == set(FOOTING)
    s = AssumptionSet.defaults()

    def model(d):
        return Chain(d, "complete").footing(ureg.Quantity(np.ones(d.size), "container"),
                                            measures="rounds")

    with pytest.raises(InputError, match="measures: expected a list of measures"):
        Engine(s.values(), seed=1, samples=4).run(model)


def test_a_tonnes_analysis_says_what_its_tonnes_are(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(["sensitivity", "timeline", "--measure", "tonnes", "--basis",
                          "Projectile", "-n", "64"], capsys)
    assert code == 0, err
    assert "tonnes, projectile basis" in out.splitlines()[0]
    assert "tonnes = the mass of the rounds the boxes hold" in out
