"""estimator.testing: the property checks users run on their own files, and its strategies.

The checks are tested three ways: they hold on the defaults, they catch the subtly wrong
example file, and each one catches a deliberately broken model (patched in) with a
counterexample in plain words. The strategies are tested by feeding what they draw to
the validators they are meant to satisfy.
"""

from __future__ import annotations

import dataclasses
import sys
import tomllib
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from clirun import run
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import estimator
import estimator.testing as testing
from estimator.assumptions import Assumption, AssumptionProblems, AssumptionSet
from estimator.counts import FORMS as COUNT_FORMS
from estimator.counts import parse_count
from estimator.distributions import from_mapping
from estimator.reports import Catalogue
from estimator.testing import (
    PROPERTIES,
    PropertyBroken,
    PropertyResult,
    as_toml,
    assumption_sets,
    check_assumptions,
    claims,
    count_texts,
    distribution_mappings,
    entry_mappings,
    intervals,
    quantities,
    run_properties,
)
from estimator.units import Q_

DATA = Path(__file__).parent / "data"
TIGHT = DATA / "tight_rockets.toml"
BROKEN = DATA / "broken_assumptions.toml"
FEW = 3  # examples per property in these tests: the checks are tested, not the defaults


@pytest.fixture(scope="module")
def defaults() -> AssumptionSet:
    return AssumptionSet.defaults()




# --- the checks on real files ---------------------------------------------------------------


def test_every_property_holds_on_the_defaults(defaults: AssumptionSet,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    results = check_assumptions(defaults, max_examples=FEW)
    assert [r.name for r in results] == list(PROPERTIES)
    assert all(r.held and r.counterexample == "" for r in results)
    assert capsys.readouterr() == ("", "")  # the library never prints


@pytest.mark.parametrize("name", list(PROPERTIES))
def test_each_property_runs_on_its_own(name: str, defaults: AssumptionSet) -> None:
    result = PROPERTIES[name].check(defaults, max_examples=2)
    assert isinstance(result, PropertyResult)
    assert result.held and result.name == name
    assert str(result).startswith(f"held: {name}: ")


def test_user_pytest_file_in_five_lines() -> None:
    """The README's example: a path is read merged over the defaults; all hold."""
    results = check_assumptions(DATA / "valid_override.toml", max_examples=FEW)
    assert len(results) == len(PROPERTIES)


def test_subtly_wrong_file_is_caught_with_a_counterexample() -> None:
    with pytest.raises(AssertionError) as info:
        check_assumptions(TIGHT, max_examples=FEW)
    assert isinstance(info.value, PropertyBroken)
    text = str(info.value)
    assert text.startswith("1 of 7 assumption properties broken:")
    assert "packing" in text
    assert "munitions.122mm_rocket.complete_volume" in text
    assert "munitions.122mm_rocket.projectile_volume" in text
    assert "25th percentile" in text  # the least extreme combination that fails
    assert "less than the bare projectile's" in text
    broken = [r for r in info.value.results if not r.held]
    assert [r.name for r in broken] == ["packing"]


def test_counterexamples_are_reproducible() -> None:
    first = run_properties(TIGHT, names=["packing"], max_examples=FEW)
    again = run_properties(TIGHT, names=["packing"], max_examples=FEW)
    assert first == again


def test_broken_file_names_its_problems() -> None:
    with pytest.raises(AssumptionProblems) as info:
        check_assumptions(BROKEN, max_examples=1)
    places = " ".join(p.place for p in info.value.problems)
    assert "munitions.152mm_he.complete_mass.unit" in places
    assert "duds.dud_rate" in places


def test_bad_arguments_are_refused(defaults: AssumptionSet) -> None:
    with pytest.raises(ValueError, match="max_examples"):
        run_properties(defaults, max_examples=0)
    with pytest.raises(ValueError, match="names"):
        run_properties(defaults, names=["nosuch"])
    with pytest.raises(ValueError, match="samples"):
        run_properties(defaults, samples=0)


# --- each check catches a broken model --------------------------------------------------------

REAL_MODEL = testing.containers_model


def patched(change: Any) -> Any:
    """A containers_model whose outputs ``change(out, draws)`` rewrites."""

    def model_factory(count: Any, s: AssumptionSet, **kw: Any) -> Any:
        inputs, model, chosen = REAL_MODEL(count, s, **kw)

        def broken(d: Any) -> dict[str, Any]:
            out = dict(model(d))
            change(out, d)
            return out

        return inputs, broken, chosen

    return model_factory


def _light_and_heavy_box(out: dict[str, Any], d: Any) -> None:
    light = d["munitions.152mm_he.complete_mass"].m_as("kg") < 63
    big_box = d["containers.20ft.payload_limit"].m_as("t") > 25
    out["complete.152mm_he.rounds"] = out["complete.152mm_he.rounds"] * np.where(
        light & big_box, 1.3, 1.0)


def _usable_above_rounds(out: dict[str, Any], d: Any) -> None:
    high = d["duds.dud_rate"].m_as("") > 0.3
    out["projectile.mix.usable"] = out["projectile.mix.usable"] * np.where(high, 3.0, 1.0)


def _magnitude_in_kg(out: dict[str, Any], d: Any) -> None:
    mass = d["munitions.122mm_he.projectile_mass"]
    out["projectile.122mm_he.rounds"] = out["projectile.122mm_he.rounds"] * (
        mass.magnitude / mass.m_as("kg"))


def _fewer_for_more(out: dict[str, Any], d: Any) -> None:
    n = out["count"].m_as("container")  # rounds that shrink as the count grows
    out["complete.152mm_he.rounds"] = out["complete.152mm_he.rounds"] / (1 + n) * (3e6 - n)


_NOISE = np.random.default_rng(1)


def _unseeded_noise(out: dict[str, Any], d: Any) -> None:
    out["complete.152mm_he.rounds"] = out["complete.152mm_he.rounds"] * (
        1 + 1e-6 * _NOISE.random(d.size))


@pytest.mark.parametrize(("name", "change", "words"), [
    ("caps", _light_and_heavy_box, ["containers.20ft.payload_limit at",
                                    "munitions.152mm_he.complete_mass at",
                                    "exceed payload / mass"]),
    ("usable", _usable_above_rounds, ["duds.dud_rate at", "mix usable rounds"]),
    ("units", _magnitude_in_kg, ["writing masses in", "122mm_he rounds"]),
    ("monotone", _fewer_for_more, ["152mm_he rounds", "fall from", "containers to"]),
    ("determinism", _unseeded_noise, ["differs between one block and blocks of"]),
])
def test_each_check_catches_a_broken_model(monkeypatch: pytest.MonkeyPatch, defaults:
                                           AssumptionSet, name: str, change: Any,
                                           words: list[str],
                                           capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(testing, "containers_model", patched(change))
    with pytest.raises(PropertyBroken) as info:
        PROPERTIES[name].check(defaults, max_examples=10)
    (result,) = info.value.results
    assert not result.held
    for w in words:
        assert w in result.counterexample, result.counterexample
    if name in ("caps", "usable"):
        # every input the failure does not need is put back at its middle value
        assert result.counterexample.count(" at ") <= 3, result.counterexample
        assert "(every other input at its middle value)" in result.counterexample
    assert capsys.readouterr() == ("", "")


def test_ordered_catches_percentiles_out_of_order(monkeypatch: pytest.MonkeyPatch,
                                                  defaults: AssumptionSet) -> None:
    real = testing.estimate_containers

    def shuffled(*args: Any, **kw: Any) -> Any:
        est = real(*args, **kw)
        row = est.rows[0]
        bad = dataclasses.replace(row, rounds=dataclasses.replace(row.rounds,
                                                                  p5=row.rounds.p95 * 2 + 1))
        return dataclasses.replace(est, rows=(bad, *est.rows[1:]))

    monkeypatch.setattr(testing, "estimate_containers", shuffled)
    result = run_properties(defaults, names=["ordered"], max_examples=FEW)[0]
    assert not result.held
    assert "percentiles out of order" in result.counterexample
    assert "seed" in result.counterexample and "count" in result.counterexample


def test_a_model_that_fails_is_a_broken_property(monkeypatch: pytest.MonkeyPatch,
                                                 defaults: AssumptionSet) -> None:
    def boom(out: dict[str, Any], d: Any) -> None:
        raise ZeroDivisionError("no room")

    monkeypatch.setattr(testing, "containers_model", patched(boom))
    result = run_properties(defaults, names=["usable"], max_examples=2)[0]
    assert not result.held
    assert result.counterexample.startswith("the models failed")
    assert result.counterexample.endswith("(ZeroDivisionError: no room)")


# --- the command --------------------------------------------------------------------------------


def test_cli_properties_held(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(["assumptions", "check", str(DATA / "valid_override.toml"),
                          "--properties", "--examples", "2"], capsys)
    assert (code, err) == (0, ""), err
    lines = out.splitlines()
    assert lines[0].endswith("valid; overrides 1 key(s): duds.dud_rate")
    assert lines[1] == f"properties (2 examples each, {testing.DEFAULT_SAMPLES} samples a run):"
    assert [line.split()[0] for line in lines[2:-1]] == ["held"] * len(PROPERTIES)
    assert lines[-1].endswith("all 7 properties held")


def test_cli_properties_broken(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(["assumptions", "check", str(TIGHT), "--properties", "--examples",
                          "3"], capsys)
    assert (code, err) == (1, ""), err
    assert "  broken  packing: " in out
    assert "both at their 25th percentile, 122mm_rocket as shipped takes 0.04078 m³" in out
    assert out.splitlines()[-1].endswith("1 of 7 properties broken")


def test_cli_broken_file_names_each_problem(capsys: pytest.CaptureFixture[str]) -> None:
    before = BROKEN.read_bytes()
    code, out, err = run(["assumptions", "check", str(BROKEN), "--properties"], capsys)
    assert (code, out) == (2, "")
    lines = err.splitlines()
    assert len(lines) == 4 and lines[-1] == f"{BROKEN}: 3 problems"
    assert all(line.startswith(f"error: {BROKEN}: ") for line in lines[:3])
    joined = "\n".join(lines)
    assert ("munitions.152mm_he.complete_mass.unit: expected a unit of mass, such as 'kg' or "
            "'t' (got 'm')") in joined
    assert "containers.20ft.payload_limit: expected a payload at most the box's rated" in joined
    assert "duds.dud_rate: expected a fraction" in joined and "1.2" in joined
    assert BROKEN.read_bytes() == before


@pytest.mark.parametrize(("p95", "code"), [(24, 0), (29, 2)])
def test_cli_payload_with_a_tail_is_held_to_the_rating(tmp_path: Path, p95: int, code: int,
                                                       capsys: pytest.CaptureFixture[str]
                                                       ) -> None:
    """A lognormal payload has no upper bound: its 99.9th percentile meets the rating."""
    key = "containers.20ft.payload_limit"
    path = tmp_path / "payload.toml"
    path.write_text(as_toml({key: {"unit": "t", "p5": 20.0, "p95": float(p95), "sources": [
        {"who": "a", "where": "b", "when": "2024", "says": "c"}]}}), encoding="utf-8")
    got, _, err = run(["assumptions", "check", str(path)], capsys)
    assert got == code, err
    if code:
        assert f"{key}: expected a payload at most the box's rated gross mass" in err
        assert "t at its 99.9th percentile" in err


def test_cli_without_hypothesis(monkeypatch: pytest.MonkeyPatch,
                                capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setitem(sys.modules, "hypothesis", None)
    monkeypatch.delitem(sys.modules, "estimator.testing")
    monkeypatch.delattr(estimator, "testing")
    code, out, err = run(["assumptions", "check", str(TIGHT), "--properties"], capsys)
    assert (code, out) == (2, "")
    assert err == ("error: --properties: expected the hypothesis package, a dependency of "
                   "estimator (pip install hypothesis) (got 'it is not installed')\n")


# --- the strategies -----------------------------------------------------------------------------


@given(quantities("mass", min_value=1.0, max_value=1e3))
def test_quantities_have_their_dimension(q: Any) -> None:
    assert q.check("[mass]")
    assert 1.0 * (1 - 1e-9) <= q.m_as("kg") <= 1e3 * (1 + 1e-9)


@given(intervals(-10.0, 10.0, min_gap=0.01))
def test_intervals_are_ordered(pair: tuple[float, float]) -> None:
    low, high = pair
    assert -10.0 <= low < high <= 10.0


FORMS = ["fixed", "uniform", "pert", "triangular", "lognormal", "normal", "beta_interval",
         "beta", "choice", "mixture", "dirichlet"]


@pytest.mark.parametrize("form", FORMS)
@settings(max_examples=15)
@given(data=st.data())
def test_distribution_mappings_are_valid(form: str, data: st.DataObject) -> None:
    raw = data.draw(distribution_mappings(form))
    dist = from_mapping(raw, "x")
    assert dist.form == ("beta" if form == "beta_interval" else form)


@settings(max_examples=30)
@given(distribution_mappings(low=0.0, high=1.0))
def test_bounded_distribution_mappings_stay_within_bounds(raw: dict[str, Any]) -> None:
    low, high = from_mapping(raw, "x").support()
    assert 0.0 <= low <= high <= 1.0


@pytest.mark.parametrize(("dimension", "key"), [
    ("mass", "munitions.152mm_he.projectile_mass"),
    ("volume", "munitions.152mm_he.complete_volume"),
    ("length", "missiles.kn23.length"),
    ("fraction", "duds.dud_rate"),
])
@settings(max_examples=15)
@given(data=st.data())
def test_entry_mappings_pass_the_loader(dimension: str, key: str, data: st.DataObject) -> None:
    raw = data.draw(entry_mappings(dimension, near=0.05))
    entry = Assumption.from_mapping(key, raw, file="generated.toml")
    assert entry.sources


@settings(max_examples=3, suppress_health_check=[HealthCheck.nested_given])
@given(assumption_sets(max_overrides=3))
def test_assumption_sets_are_valid_and_keep_the_properties(drawn: AssumptionSet) -> None:
    assert drawn.consistency_problems() == []
    assert set(drawn.overridden) <= set(_DEFAULTS)
    for name in ("caps", "ordered"):
        assert PROPERTIES[name].check(drawn, max_examples=2).held


_DEFAULTS = AssumptionSet.defaults()


@settings(max_examples=10)
@given(assumption_sets(max_overrides=2))
def test_assumption_sets_round_trip_through_toml(s: AssumptionSet) -> None:
    for key in s.overridden:
        a = s[key]
        entry = {"unit": a.unit_text, **a.distribution.params(),
                 "sources": [vars(src) for src in a.sources]}
        text = as_toml({key: entry})
        back = Assumption.from_mapping(key, _at(tomllib.loads(text), key))
        assert back.distribution == a.distribution


def _at(table: dict[str, Any], dotted: str) -> dict[str, Any]:
    for part in dotted.split("."):
        table = table[part]
    return table


@pytest.mark.parametrize("form", COUNT_FORMS)
@settings(max_examples=25)
@given(data=st.data())
def test_count_texts_read_as_their_form(form: str, data: st.DataObject) -> None:
    text = data.draw(count_texts(form))
    assert parse_count(text).form == form


_CATALOGUE = Catalogue.defaults()


@settings(max_examples=3)
@given(st.data())
def test_claims_of_each_form_are_accepted(tmp_path_factory: pytest.TempPathFactory,
                                          data: st.DataObject) -> None:
    forms = ("exact", "approx", "at_least", "up_to", "range")
    tables = {f"claims.generated_{form}": data.draw(claims(form))[1] for form in forms}
    path = tmp_path_factory.mktemp("claims") / "claims.toml"
    path.write_text(as_toml(tables), encoding="utf-8")
    cat = _CATALOGUE.with_file(path)
    assert sorted(cat.added) == sorted(f"generated_{form}" for form in forms)
    assert [cat[f"generated_{form}"].figure.form for form in forms] == list(forms)


def test_as_toml_round_trips_a_user_entry() -> None:
    entry = {"unit": "kg", "min": 40.0, "mode": 43.5, "max": 47.0, "note": 'a "quoted"\nnote',
             "sources": [{"who": "Ä", "where": "w", "when": "2024", "says": "s"}]}
    text = as_toml({"munitions.152mm_he.projectile_mass": entry})
    assert _at(tomllib.loads(text), "munitions.152mm_he.projectile_mass") == entry
    assert Q_(1, "kg")  # the one registry is importable alongside


def test_the_readme_example_files_say_what_they_are() -> None:
    for path in (TIGHT, BROKEN):
        assert path.read_text(encoding="utf-8").startswith("# A ")


SOURCE_T = [{"who": "a", "where": "b", "when": "2024", "says": "c"}]


@pytest.mark.parametrize(("entries", "words"), [
    # medians of 7 and 8.5 kg, which the loader lets pass; their lower tails are not rounds
    ({"projectile_mass": {"unit": "kg", "p5": 0.5, "p95": 100},
      "complete_mass": {"unit": "kg", "p5": 0.6, "p95": 120}},
     "lighter than balsa wood"),
    # as dense as water, and as big as a box
    ({"complete_mass": {"unit": "t", "min": 40, "mode": 50, "max": 60},
      "complete_volume": {"unit": "m^3", "min": 40, "mode": 50, "max": 60}},
     "takes more than a 20ft box's usable volume"),
])
def test_packing_catches_rounds_no_round_could_be(entries: dict[str, dict[str, object]],
                                                  words: str, defaults: AssumptionSet) -> None:
    """A 152mm round lighter than balsa wood in its tails, or bigger than a box: numbers
    the loader accepts (its check is of the medians), no round."""
    s = defaults.with_entries({"munitions": {"152mm_he": {
        k: {**v, "sources": SOURCE_T} for k, v in entries.items()}}})
    (result,) = run_properties(s, names=["packing"], max_examples=FEW)
    assert not result.held and words in result.counterexample, result.counterexample


def test_packing_catches_a_round_as_shipped_drawn_apart_below_its_projectile(
        defaults: AssumptionSet) -> None:
    """The 140mm bomb as shipped is drawn at the bare bomb's percentile; a user's entry
    drawn apart (ordered at every percentile, so the percentile check passes) came out
    lighter than the bare bomb in about a fifth of the trials, unseen: the check draws the
    trials as a run does, and says which entry to tie to which."""
    whole = defaults["munitions.140mm_mortar.complete_mass"]
    apart = {"unit": "kg", "p5": 24.0, "p95": 62.0, "shape": "lognormal", "sources": SOURCE_T}
    tied = {**apart, "same_percentile_as": whole.same_percentile_as}
    for entry, held in ((apart, False), (tied, True)):
        s = defaults.with_entries({"munitions": {"140mm_mortar": {"complete_mass": entry}}})
        (result,) = run_properties(s, names=["packing"], max_examples=FEW)
        assert result.held is held, result.counterexample
    assert result.counterexample == ""
    s = defaults.with_entries({"munitions": {"140mm_mortar": {"complete_mass": apart}}})
    (result,) = run_properties(s, names=["packing"], max_examples=FEW)
    words = result.counterexample
    assert words.startswith("in ") and "140mm_mortar as shipped weighs less than its bare " \
        "projectile" in words, words
    assert 0.15 < int(words.split()[1].replace(",", "")) / testing.PACKING_TRIALS < 0.3
    assert words.endswith('(same_percentile_as = "munitions.140mm_mortar.projectile_mass" '
                          "in its entry)")


def test_the_property_check_leaves_no_files_in_the_user_s_folder(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    code, out, err = run(["assumptions", "check", str(TIGHT), "--properties", "--examples",
                          "2"], capsys)
    assert code == 1 and "broken" in out, (out, err)
    assert not list(tmp_path.iterdir())  # no .hypothesis beside the user's files
