"""The reference calibre (``--reference``, ``reference=``): the calibre every figure is
also expressed in, the footing's ``rounds_152``; 152mm_he unless chosen."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from estimator.assumptions import AssumptionSet
from estimator.chain import REFERENCE, UNNAMED_CALIBRE, Chain, equivalent
from estimator.engine import Engine
from estimator.errors import InputError
from estimator.logistics import (
    call_periods,
    calls_between,
    estimate_port_calls,
    estimate_rail,
    estimate_timeline,
)
from estimator.pooled import pool
from estimator.reconcile import reconcile
from estimator.sensitivity import timeline_sensitivity
from tests.clirun import run

DEFAULTS = AssumptionSet.defaults()
ANOTHER = Path(__file__).parent.parent / "docs" / "examples" / "another_case.toml"
ME = [{"who": "test", "where": "test", "when": "2026-12", "says": "a what-if"}]


def test_the_default_is_152mm_he_and_gives_the_same_figures_as_naming_it() -> None:
    """Without ``reference``, rounds_152 is the boxes filled with 152mm_he, as before the
    option: the same figures as naming it, in any case."""
    assert REFERENCE == "152mm_he" and equivalent() == "152mm-equivalent"
    plain = estimate_port_calls("32", samples=2000, seed=4)
    named = estimate_port_calls("32", reference="152MM_HE", samples=2000, seed=4)
    one = estimate_port_calls("32", calibre="152mm_he", samples=2000, seed=4)
    assert plain.reference == named.reference == "152mm_he"
    assert plain.footing == named.footing
    assert plain.footing["rounds_152"] == one.footing["rounds"]


def test_another_reference_is_the_boxes_filled_with_it_trial_by_trial() -> None:
    """With 122mm_he as the reference, the timeline's cumulative rounds_152 is its boxes
    times the chain's 122mm_he rounds a box, drawn at the same seed; every other measure
    is as with the default (each input has its own stream)."""
    start, end = "2023-09", "2024-01"
    t = estimate_timeline(start, end, reference="122mm_he", samples=3000, seed=7)
    default = estimate_timeline(start, end, samples=3000, seed=7)
    periods = call_periods(DEFAULTS)
    engine = Engine(DEFAULTS.values(), seed=7, samples=3000,
                    correlations=DEFAULTS.correlations.values())

    def model(d):  # the boxes by sea over the span, and them filled with 122mm_he
        chain = Chain(d, "complete")
        boxes = (calls_between(d, periods, t.start, t.end) * chain.per_call()).to("container")
        return {"boxes": boxes, "ref": (boxes * chain.per_container("122mm_he")).to("round")}

    arrays = engine.run(model)
    last = t.rows[-1].cumulative
    for k in ("mean", "p5", "p50", "p95"):
        assert getattr(last["containers"], k) == pytest.approx(
            getattr(arrays.summarize(arrays["boxes"], "container"), k), rel=1e-9)
        assert getattr(last["rounds_152"], k) == pytest.approx(
            getattr(arrays.summarize(arrays["ref"], "round"), k), rel=1e-9)
    assert t.reference == "122mm_he"
    assert last["rounds_152"].p50 > 1.5 * default.rows[-1].cumulative["rounds_152"].p50
    for name in ("containers", "tonnes", "rounds", "usable", "calls"):
        assert last[name] == default.rows[-1].cumulative[name], name


@pytest.mark.parametrize("method", ["mc", "lhs"])
def test_with_mc_and_lhs_a_reference_moves_no_other_figure(method) -> None:
    """As the README says: with mc and lhs, even a reference outside the mix (155mm_he,
    which only another_case.toml adds, so its inputs are read for it alone) leaves every
    figure but rounds_152 as it is, digit for digit; rounds_152 does move."""
    s = DEFAULTS.with_file(ANOTHER)
    assert "155mm_he" not in s["mix.calibre_share"].distribution.categories  # not in the mix
    a = estimate_port_calls("32", s, samples=2048, seed=3, method=method)
    b = estimate_port_calls("32", s, reference="155mm_he", samples=2048, seed=3,
                            method=method)
    assert b.footing["rounds_152"] != a.footing["rounds_152"]
    assert {k: v for k, v in a.footing.items() if k != "rounds_152"} == {
        k: v for k, v in b.footing.items() if k != "rounds_152"}
    assert a.per_unit == b.per_unit and a.compare == b.compare


def test_a_calibre_of_a_users_file_can_be_the_reference() -> None:
    """155mm_he, which docs/examples/another_case.toml adds, is a reference with that file
    and refused without it (one error: the calibres there are, and the nearest)."""
    s = DEFAULTS.with_file(ANOTHER)
    ref = estimate_rail("120", s, reference="155mm_he", samples=2000, seed=5)
    one = estimate_rail("120", s, calibre="155mm_he", samples=2000, seed=5)
    assert ref.reference == "155mm_he"
    assert ref.footing["rounds_152"] == one.footing["rounds"]
    with pytest.raises(InputError, match=r"^reference: expected one of 152mm_he, 122mm_he, "
                       r".*100mm_tank \(got '155mm_he'\); did you mean '152mm_he'\?$"):
        estimate_rail("120", reference="155mm_he", samples=100)
    with pytest.raises(InputError, match=r"^reference: expected one of .* \(got 'mix'\)"):
        estimate_timeline(reference="mix", samples=100)


@pytest.mark.parametrize("argv", [
    ["rail", "--cars", "120"], ["port-calls", "--count", "32+"], ["timeline"],
    ["reconcile"], ["reconcile", "--pooled"],
    ["sensitivity", "timeline", "--measure", "rounds_152"]])
def test_an_unknown_reference_is_one_line_and_exit_2(argv, capsys, tmp_path) -> None:
    out_file = tmp_path / "out.json"
    code, out, err = run([*argv, "--reference", "155mm", "-o", str(out_file)], capsys)
    assert code == 2 and out == "" and not out_file.exists()
    assert err.count("\n") == 1 and "Traceback" not in err
    assert err.startswith("error: --reference: expected one of 152mm_he, 122mm_he, ")
    assert err.rstrip().endswith("(got '155mm'); did you mean '152mm_he'?")


@pytest.mark.parametrize("measure", [None, "rounds", "usable", "containers"])
def test_the_timelines_sensitivity_takes_a_reference_only_for_rounds_152(
        measure, capsys, tmp_path) -> None:
    """On any other measure than rounds_152 a reference would change nothing (while the
    JSON named it): one line naming both options, exit 2, no output file."""
    out_file = tmp_path / "out.json"
    given = [] if measure is None else ["--measure", measure]
    code, out, err = run(["sensitivity", "timeline", *given, "--reference", "122mm_he",
                          "-n", "16", "-o", str(out_file)], capsys)
    assert code == 2 and out == "" and not out_file.exists()
    assert err == ("error: --reference: expected rounds_152 as the measure beside it (the "
                   "one measure of the reference calibre) (got '122mm_he' with the measure "
                   f"{measure or 'rounds'})\n")


@pytest.mark.parametrize("measure", ["rounds", "usable", "containers", "tonnes"])
def test_in_python_too_a_reference_beside_another_measure_is_refused(measure) -> None:
    """The command refused it while timeline_sensitivity took it and changed nothing."""
    from estimator.errors import InputError
    from estimator.sensitivity import timeline_sensitivity

    with pytest.raises(InputError, match=r"^reference: expected rounds_152 as the measure "
                       rf"beside it .*\(got '122mm_he' with the measure {measure}\)$"):
        timeline_sensitivity(measure=measure, reference="122mm_he", samples=16)
    named = timeline_sensitivity("2024-01", "2024-03", measure="rounds_152",
                                 reference="122mm_he", samples=16)
    assert named.reference == "122mm_he" and "122mm-equivalent" in named.title
    assert timeline_sensitivity("2024-01", "2024-03", samples=16).reference == "152mm_he"


@pytest.mark.parametrize("argv", [
    ["rail"], ["port-calls"], ["timeline"], ["reconcile"], ["sensitivity", "timeline"]])
def test_the_reference_help_says_what_it_changes(argv, capsys) -> None:
    """The help's example is a calibre of the defaults (155mm_he was refused without -a,
    with 'did you mean 152mm_he?'), and it says that one measure changes, not every
    figure; where that measure is not in the table or the option is refused, it says so."""
    code, out, _ = run([*argv, "--help"], capsys)
    assert code == 0
    start = out.index("  --reference CALIBRE")
    said = " ".join(out[start:out.index("\n  -", start + 1)].split())  # the option's help
    assert "e.g. 122mm_he" in said and "155mm_he" not in said
    assert "or one your -a file adds" in said and "every figure" not in said
    assert ("The table does not show that measure: the CSV and JSON do." in said) == (
        argv == ["timeline"])
    if argv[0] == "sensitivity":
        assert "Only with --measure rounds_152 (152mm_he by default)." in said
    else:
        assert ("The other figures stay as they are (with --method sobol, within their Monte "
                "Carlo error).") in said


def test_the_reference_is_read_in_any_case_and_without_spaces(capsys) -> None:
    code, out, _ = run(["rail", "--cars", "120", "-n", "500", "--reference", " 122MM_HE ",
                        "-f", "json"], capsys)
    assert code == 0 and json.loads(out)["input"]["reference"] == "122mm_he"
    code, _, err = run(["rail", "--cars", "120", "--reference"], capsys)
    assert code == 2 and err == ("error: --reference: expected a calibre of the assumptions "
                                 "such as 152mm_he (a munitions group) (got no value)\n")


def test_the_label_follows_the_reference(capsys) -> None:
    """Every output that shows the figure names it by the calibre chosen; the JSON keeps
    the key rounds_152 and names the calibre in reference; the CSV says what the key
    holds where it is not the default. A conversion that names no calibre is still read
    as all 152mm_he."""
    args = ["-n", "1000", "--reference", "122mm_he"]
    _, table, _ = run(["rail", "--cars", "120", *args], capsys)
    assert "122mm-equivalent " in table and "152mm-equivalent" not in table
    _, csv, _ = run(["rail", "--cars", "120", *args, "-f", "csv"], capsys)
    assert "# rounds_152 = 122mm-equivalent: the same boxes filled with 122mm_he rounds" in csv
    _, csv, _ = run(["rail", "--cars", "120", "-n", "1000", "-f", "csv"], capsys)
    assert "rounds_152 =" not in csv
    _, text, _ = run(["reconcile", "--claim", "shin_10000_containers", *args], capsys)
    assert ("122mm-equivalent = the same boxes filled with 122mm_he rounds instead of the "
            "mix") in text
    # what a source that names no calibre is read as is the source's, not the output's
    assert "rounds per container, read as all 152mm_he (no calibre named)" in text
    assert "152mm-equivalent" not in text and "all 122mm_he" not in text
    _, md, _ = run(["reconcile", "--claim", "shin_10000_containers", *args, "-f", "markdown"],
                   capsys)
    assert "| 122mm-equivalent |" in md
    _, doc, _ = run(["reconcile", "--claim", "shin_10000_containers", *args, "-f", "json"],
                    capsys)
    data = json.loads(doc)
    assert data["reference"] == "122mm_he" and "rounds_152" in data["claims"][0]["footing"]
    _, pooled, _ = run(["reconcile", "--pooled", *args], capsys)
    assert "122mm-equivalent rounds " in pooled and "152mm-equivalent" not in pooled
    _, doc, _ = run(["reconcile", "--pooled", *args, "-f", "json"], capsys)
    data = json.loads(doc)
    assert data["reference"] == "122mm_he"
    assert data["headline"]["rounds_152"]["label"] == "122mm-equivalent rounds"
    _, doc, _ = run(["timeline", *args, "-f", "json"], capsys)
    assert json.loads(doc)["reference"] == "122mm_he"
    _, sens, _ = run(["sensitivity", "timeline", "--measure", "rounds_152", "-n", "64",
                      "--reference", "122mm_he", "-f", "json"], capsys)
    data = json.loads(sens)
    assert data["reference"] == "122mm_he" and data["output"] == "rounds_152"
    assert ": 122mm-equivalent rounds, complete basis" in data["title"]


def test_the_reference_changes_no_verdict_on_a_source() -> None:
    """A conversion that names no calibre is read as the mix and as all 152mm_he
    (UNNAMED_CALIBRE), whatever the reference: every claim of the catalogue gets the same
    implied parameters, verdicts and flags under 240mm_rocket (whose boxes full of bare
    rockets hold fewer than Shin's 480) as under the default."""
    assert UNNAMED_CALIBRE == "152mm_he"
    plain = reconcile(samples=1000, seed=3)
    other = reconcile(reference="240mm_rocket", samples=1000, seed=3)
    assert other.reference == "240mm_rocket"
    assert [r.claim.id for r in plain.results] == [r.claim.id for r in other.results]
    for a, b in zip(plain.results, other.results, strict=True):
        assert a.implied == b.implied and a.flags == b.flags, a.claim.id
    shin = other.result("shin_10000_containers")
    assert any(i.label.endswith("read as all 152mm_he (no calibre named)")
               and not i.cannot_hold for i in shin.implied)


def test_a_result_made_with_another_reference_prints_it() -> None:
    """The one-line repr of each result that takes a reference names it where it is not
    152mm_he (a 122mm-equivalent run printed exactly as a 152mm one), and only there."""
    def made(reference: str) -> dict[str, object]:
        kw = {"reference": reference, "seed": 2}
        return {
            "Reconciliation": reconcile(claims=["shin_10000_containers"], samples=200, **kw),
            "Pooled": pool(claims=["shin_6700_containers", "hur_1_5m_rounds"], samples=400,
                           **kw),
            "LogisticsEstimate": estimate_port_calls("32", samples=200, **kw),
            "Timeline": estimate_timeline("2023-08", "2023-10", samples=200, **kw),
            "SensitivityReport": timeline_sensitivity("2023-08", "2023-10",
                                                      measure="rounds_152", samples=16, **kw),
        }
    for name, result in made("122mm_he").items():
        text = repr(result)
        assert text.startswith(f"{name}(") and ", reference='122mm_he', seed=2," in text, text
    for name, result in made("152mm_he").items():
        assert "reference" not in repr(result), name


def test_a_label_is_the_calibres_size_for_an_he_round_else_its_id() -> None:
    assert [equivalent(c) for c in ("152mm_he", "155mm_he", "122mm_rocket", "60mm_mortar")] == [
        "152mm-equivalent", "155mm-equivalent", "122mm_rocket-equivalent",
        "60mm_mortar-equivalent"]


def _heavier(factor: float) -> AssumptionSet:
    """The defaults with every figure of 152mm_he's complete round's mass times ``factor``."""
    key = "munitions.152mm_he.complete_mass"
    low, high = (float(DEFAULTS.quantity_at(key, u).m_as("kg")) for u in (0.0, 1.0))
    # written as a uniform over the default's range: each draw of it scales with factor
    raw = {"unit": "kg", "low": low * factor, "high": high * factor, "sources": ME}
    return DEFAULTS.with_entries({"munitions": {"152mm_he": {"complete_mass": raw}}})


@given(st.floats(1.0, 3.0))
def test_a_heavier_reference_round_never_gives_more_equivalent_rounds(factor) -> None:
    """The reference round's mass scaled up by ``factor`` (the same draws of every input,
    the mass's each scaled): every figure of rounds_152 is at most what the unscaled mass
    gives, and fewer once weight binds; the boxes filled with another calibre do not
    move."""
    a = estimate_rail("100", _heavier(1.0), calibre="122mm_he", samples=400, seed=11)
    b = estimate_rail("100", _heavier(factor), calibre="122mm_he", samples=400, seed=11)
    for k in ("mean", "p5", "p50", "p95"):
        assert getattr(b.footing["rounds_152"], k) <= getattr(a.footing["rounds_152"], k), k
    if factor >= 1.5:  # so heavy that weight binds in most boxes: fewer, not as many
        assert b.footing["rounds_152"].p50 < a.footing["rounds_152"].p50
    for name in ("containers", "tonnes", "rounds", "usable"):
        assert b.footing[name] == a.footing[name], name
