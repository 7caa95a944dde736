"""The assumption loader: the shipped defaults, and every kind of problem in a user's file."""

from __future__ import annotations

import hashlib
import re
from fnmatch import fnmatchcase
from pathlib import Path

import numpy as np
import pytest
from clirun import run
from hypothesis import given, settings
from hypothesis import strategies as st

from estimator.assumptions import (
    ABOVE_ZERO,
    BALSA_T_M3,
    CALIBRE_KEYS,
    PLAUSIBLE,
    SCHEMA,
    STEEL_T_M3,
    AssumptionProblems,
    AssumptionSet,
    _glob_match,
    check_file,
)
from estimator.errors import InputError

SOURCE = '''
[[{key}.sources]]
who = "Test author"
where = "Test report"
when = "2024-01"
says = "a figure"
'''


def entry(key: str, body: str, *, sources: bool = True) -> str:
    text = f"[{key}]\n{body.strip()}\n"
    return text + (SOURCE.format(key=key) if sources else "")


def write(tmp_path: Path, text: str | bytes, name: str = "mine.toml") -> Path:
    p = tmp_path / name
    if isinstance(text, bytes):
        p.write_bytes(text)
    else:
        p.write_text(text, encoding="utf-8")
    return p


def digest(p: Path) -> str:
    return hashlib.sha256(p.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def defaults() -> AssumptionSet:
    return AssumptionSet.defaults()


# --- the defaults ---------------------------------------------------------------------------


def test_defaults_load_with_calibres(defaults: AssumptionSet) -> None:
    assert len(defaults) > 20
    assert "duds.dud_rate" in defaults
    assert "152mm_he" in defaults.calibres()
    assert defaults.overridden == () and defaults.added == ()


def test_every_default_entry_is_sourced_and_has_a_unit(defaults: AssumptionSet) -> None:
    for key, a in defaults.items():
        assert a.key == key
        assert a.sources, key
        assert a.unit is not None and a.unit_text, key
        for src in a.sources:
            for field in ("who", "where", "when", "says"):
                value = getattr(src, field)
                assert isinstance(value, str) and value.strip(), f"{key}: empty {field}"


def test_every_calibre_is_complete(defaults: AssumptionSet) -> None:
    calibres = defaults.calibres()
    assert len(calibres) >= 2
    for calibre in calibres:
        for name in CALIBRE_KEYS:
            assert f"munitions.{calibre}.{name}" in defaults, f"{calibre} lacks {name}"
    assert set(CALIBRE_KEYS) == {"projectile_mass", "projectile_volume", "complete_mass",
                                 "complete_volume"}


def test_complete_round_is_no_lighter_or_smaller_than_projectile(defaults: AssumptionSet) -> None:
    for calibre in defaults.calibres():
        pm = defaults.quantity_at(f"munitions.{calibre}.projectile_mass", 0.5)
        cm = defaults.quantity_at(f"munitions.{calibre}.complete_mass", 0.5)
        pv = defaults.quantity_at(f"munitions.{calibre}.projectile_volume", 0.5)
        cv = defaults.quantity_at(f"munitions.{calibre}.complete_volume", 0.5)
        assert cm.to("kg").magnitude >= pm.to("kg").magnitude > 0, calibre
        assert cv.to("m**3").magnitude >= pv.to("m**3").magnitude > 0, calibre
    # the loader skips the check for the shipped files (as the densities'): made here
    assert defaults.complete_round_problems(defaults.entries) == []


def test_the_shipped_rounds_lie_between_balsa_and_steel(defaults: AssumptionSet) -> None:
    # the loader skips this check for the shipped files; this test makes it for them
    assert defaults.density_problems(defaults.entries) == []
    for calibre in defaults.calibres():
        for basis in ("projectile", "complete"):
            m = defaults.quantity_at(f"munitions.{calibre}.{basis}_mass", 0.5)
            v = defaults.quantity_at(f"munitions.{calibre}.{basis}_volume", 0.5)
            assert BALSA_T_M3 <= (m / v).m_as("t/m^3") <= STEEL_T_M3, (calibre, basis)


@pytest.mark.parametrize(("key", "unit", "value", "needle"), [
    ("munitions.122mm_he.projectile_mass", "g", 21.8, "too light: g written where kg was meant?"),
    ("munitions.60mm_mortar.complete_volume", "L", 0.004, "too dense: L written where m^3 was meant?"),
    ("munitions.152mm_he.complete_mass", "t", 5, "expected a round between balsa wood"),
    # above 1,000 t/m^3, the density is written whole, after the median
    ("munitions.152mm_he.complete_volume", "L", 0.07, "L, 1,0"),
])
def test_a_round_of_impossible_density_is_refused_naming_its_key(
        defaults: AssumptionSet, key: str, unit: str, value: float, needle: str) -> None:
    entry = {"unit": unit, "value": value, "sources": [
        {"who": "me", "where": "notebook", "when": "2026-12", "says": "a typo"}]}
    _, calibre, name = key.split(".")
    with pytest.raises(AssumptionProblems) as info:
        defaults.with_entries({"munitions": {calibre: {name: entry}}})
    (problem,) = info.value.problems
    assert f"<python>: {key}: a median of {value:g} {unit}" in str(problem)
    assert needle in str(problem)


def mass_entry(unit: str, **form: float) -> dict[str, object]:
    return {"unit": unit, **form, "sources": [
        {"who": "me", "where": "notebook", "when": "2026-12", "says": "a figure"}]}


def test_a_round_as_shipped_lighter_than_its_projectile_is_refused(
        defaults: AssumptionSet, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The shipped 55-90 kg written in lb (25-41 kg): a complete round lighter than its
    own 43.4 kg projectile ran, its rounds a box up by 40%, where only --properties said so."""
    lbs = entry("munitions.152mm_he.complete_mass", 'unit = "lbs"\nmin = 55\nmode = 70\n'
                "max = 90")
    p = write(tmp_path, lbs + entry("duds.dud_rate", 'unit = "1"\nvalue = 2'))
    code, out, err = run(["assumptions", "check", str(p)], capsys)
    assert (code, out) == (2, "")
    assert ("mine.toml: munitions.152mm_he.complete_mass: a median of 70.64 lb (32.04 kg); "
            "expected a round as shipped that weighs at least its bare projectile "
            "(munitions.152mm_he.projectile_mass: median 43.42 kg), which it holds (with any "
            "charge, case and crate share); lb written where kg was meant?") in err
    assert "duds.dud_rate" in err and "mine.toml: 2 problems" in err  # listed beside it
    p = write(tmp_path, lbs)
    code, out, err = run(["containers", "--count", "6700", "-a", str(p), "-n", "200"], capsys)
    assert (code, out) == (2, "") and "complete_mass: a median of 70.64 lb" in err
    assert "Traceback" not in err
    with pytest.raises(AssumptionProblems, match="at least its bare projectile"):
        defaults.with_file(p)
    # a smaller number in the right unit: no hint of a slip
    with pytest.raises(AssumptionProblems) as info:
        defaults.with_entries({"munitions": {"152mm_he": {
            "complete_mass": mass_entry("kg", min=38, mode=41, max=44)}}})
    (problem,) = info.value.problems
    assert problem.place == "<python>: munitions.152mm_he.complete_mass" and not problem.hint


def test_a_projectile_larger_than_its_round_as_shipped_is_the_one_blamed(
        defaults: AssumptionSet) -> None:
    """The file set the projectile: it is named, beside the shipped round it outgrew."""
    room = {"unit": "L", "min": 70, "mode": 80, "max": 90, "sources": mass_entry("")["sources"]}
    with pytest.raises(AssumptionProblems) as info:
        defaults.with_entries({"munitions": {"152mm_he": {"projectile_volume": room}}})
    (problem,) = info.value.problems
    assert str(problem) == (
        "<python>: munitions.152mm_he.projectile_volume: a median of 80 L (0.08 m³); expected "
        "a bare projectile that takes at most the room of the round as shipped that holds it "
        "(munitions.152mm_he.complete_volume: median 0.07191 m³)")


def test_a_round_as_shipped_may_overlap_its_projectile(defaults: AssumptionSet) -> None:
    """Only the medians are held in order: a wide complete round whose low tail reaches
    below its projectile's range is an honest belief, and equal medians (nothing beside
    the projectile) are no problem."""
    wide = mass_entry("kg", p5=40, p95=110)  # a lognormal whose 5th percentile is 40 kg
    s = defaults.with_entries({"munitions": {"152mm_he": {"complete_mass": wide}}})
    assert s["munitions.152mm_he.complete_mass"].distribution.form == "lognormal"
    same = mass_entry("kg", value=43.5)
    s = defaults.with_entries({"munitions": {"new_he": {
        "projectile_mass": same, "complete_mass": same,
        "projectile_volume": {**same, "unit": "m^3", "value": 0.016},
        "complete_volume": {**same, "unit": "m^3", "value": 0.016}}}})
    assert s.added[0].startswith("munitions.new_he.")


def test_a_set_of_files_with_a_round_lighter_than_its_projectile_is_refused(
        tmp_path: Path) -> None:
    from estimator.assumptions import DEFAULT_FILES, defaults_dir

    paths = []
    for name in DEFAULT_FILES:
        text = (defaults_dir() / name).read_text(encoding="utf-8")
        if name == "munitions.toml":
            text = text.replace("min = 55.0\nmode = 70.0\nmax = 90.0",
                                "min = 35.0\nmode = 40.0\nmax = 45.0")
            assert "min = 35.0" in text
        paths.append(write(tmp_path, text, name))
    with pytest.raises(AssumptionProblems) as info:
        AssumptionSet.load(paths)
    assert [p.place for p in info.value.problems] == [
        f"{tmp_path / 'munitions.toml'}: munitions.152mm_he.complete_mass"]


def test_default_dud_rate_is_a_fraction(defaults: AssumptionSet) -> None:
    median = defaults.quantity_at("duds.dud_rate", 0.5).to("").magnitude
    assert 0 < median < 1


# --- problems in a user's file --------------------------------------------------------------

BAD_FILES: dict[str, tuple[str | bytes | None, str, str]] = {
    # name: (file text, or None for no file; text expected in place; text expected in expected/got)
    "mass_in_metres": (entry("munitions.152mm_he.projectile_mass", 'unit = "m"\nvalue = 43.5'),
                       "munitions.152mm_he.projectile_mass.unit", "mass"),
    "dud_rate_above_one": (entry("duds.dud_rate", 'unit = "1"\nvalue = 1.2'),
                           "duds.dud_rate", "fraction"),
    "p5_above_p95": (entry("duds.dud_rate", 'unit = "1"\np5 = 0.4\np95 = 0.1\nshape = "beta"'),
                     "duds.dud_rate", "p5"),
    "no_sources": (entry("duds.dud_rate", 'unit = "1"\nvalue = 0.2', sources=False),
                   "duds.dud_rate.sources", "source"),
    "unknown_key": (entry("containers.mass_utilization", 'unit = "1"\nvalue = 0.8'),
                    "containers.mass_utilization", "did you mean 'containers.mass_utilisation'"),
    "malformed_toml": ("[duds.dud_rate\nunit = '1'\n", "mine.toml: line 1, column 15",
                       "valid TOML"),
    "malformed_toml_late": ("[duds.dud_rate]\nunit = '1'\nvalue = 0.2\nsources = [\n",
                            "mine.toml: end of document", "valid TOML"),
    "empty_file": ("", "mine.toml", "at least one entry"),
    # tables and nothing in them: read as groups, it overrode nothing and was called valid
    "only_empty_tables": ("[0]\n[a.b]\n", "mine.toml", "only empty tables"),
    "binary_junk": (bytes(range(256)) * 4, "mine.toml", "UTF-8"),
    "missing_file": (None, "mine.toml", "no such file"),
    # a beta in percent was read as 0.2-0.5 %: usable rounds came out equal to rounds
    "beta_interval_in_percent": (entry("duds.dud_rate", 'unit = "percent"\np5 = 0.2\np95 = 0.5'
                                       '\nshape = "beta"'), "duds.dud_rate.unit", "20% is written 0.2"),
    "beta_in_percent": (entry("duds.dud_rate", 'unit = "percent"\nalpha = 2\nbeta = 8'),
                        "duds.dud_rate.unit", "percent"),
    "beta_scenario_in_percent": (entry("duds.dud_rate", 'unit = "%"\n[[duds.dud_rate.scenarios]]'
                                       '\nweight = 1\nalpha = 2\nbeta = 8'),
                                 "duds.dud_rate.unit", "beta or Dirichlet"),
}


@pytest.mark.parametrize("case", sorted(BAD_FILES))
def test_bad_file_gives_its_problem(tmp_path: Path, defaults: AssumptionSet, case: str) -> None:
    text, place, words = BAD_FILES[case]
    p = tmp_path / "mine.toml"
    if text is not None:
        write(tmp_path, text)
        before = digest(p)
    problems = check_file(p, defaults)
    assert len(problems) == 1, [str(x) for x in problems]
    problem = problems[0]
    assert isinstance(problem, InputError)
    assert place in problem.place
    assert str(p) in problem.place
    assert words.lower() in f"{problem.place} {problem.expected} {problem.got}".lower()
    assert "\n" not in str(problem)
    if text is None:
        assert not p.exists()
    else:
        assert digest(p) == before


def test_an_entry_without_its_unit_still_has_its_other_problems_listed(
        tmp_path: Path, defaults: AssumptionSet) -> None:
    """The missing unit was the only problem said: the missing sources, or a distribution
    out of order, came up only once the unit was written in."""
    p = write(tmp_path, entry("duds.dud_rate", "value = 0.2", sources=False)
              + entry("scope.munitions_share", 'p5 = 0.9\np95 = 0.2\nshape = "beta"'))
    assert [(x.place, x.got) for x in check_file(p, defaults)] == [
        (f"{p}: duds.dud_rate.unit", "missing"), (f"{p}: duds.dud_rate.sources", "missing"),
        (f"{p}: scope.munitions_share.unit", "missing"),
        (f"{p}: scope.munitions_share", "p5 = 0.9; p95 = 0.2")]
    with pytest.raises(AssumptionProblems) as info:
        defaults.with_entries({"duds": {"dud_rate": {"value": 0.2}}})
    assert [x.place for x in info.value.problems] == ["<python>: duds.dud_rate.unit",
                                                      "<python>: duds.dud_rate.sources"]


def test_a_share_in_percent_is_read_in_percent(tmp_path: Path, defaults: AssumptionSet) -> None:
    """PERT in percent stays allowed: 20 percent is 0.2."""
    p = write(tmp_path, entry("duds.dud_rate", 'unit = "percent"\nmin = 10\nmode = 20\nmax = 50'))
    assert check_file(p, defaults) == []
    a = defaults.with_file(p)["duds.dud_rate"]
    assert a.ppf(np.array([0.5])).m_as("dimensionless")[0] == pytest.approx(0.2, abs=0.05)


@pytest.mark.parametrize("key, body", [
    ("containers.mass_utilisation", "min = 0.6\nmode = 0.9\nmax = 1"),
    ("duds.dud_rate", "low = 0.2\nhigh = 0.5"),
    ("scope.munitions_share", "value = 0.7"),
])
@pytest.mark.parametrize("unit", ["percent", "%"])
def test_a_fraction_written_in_percent_is_refused(tmp_path: Path, defaults: AssumptionSet,
                                                  key: str, body: str, unit: str) -> None:
    """0.6-1 "percent" for a 60-100% share would run 100 times too few rounds (or usable
    rounds equal to rounds): one problem naming the key, with the likely slip."""
    p = write(tmp_path, entry(key, f'unit = "{unit}"\n{body}'))
    (problem,) = check_file(p, defaults)
    assert problem.place == f"{p}: {key}"
    assert "at most 1 percent" in problem.expected and "was meant?" in str(problem)
    # the same numbers as a fraction, and the share in percent, both pass
    assert check_file(write(tmp_path, entry(key, f'unit = "1"\n{body}'), "frac.toml"),
                      defaults) == []
    scaled = "\n".join(f"{line.split(' = ')[0]} = {float(line.split(' = ')[1]) * 100:g}"
                       for line in body.splitlines())
    assert check_file(write(tmp_path, entry(key, f'unit = "percent"\n{scaled}'), "pc.toml"),
                      defaults) == []


def test_bad_unit_reports_the_unit_it_got(tmp_path: Path, defaults: AssumptionSet) -> None:
    p = write(tmp_path, entry("munitions.152mm_he.projectile_mass", 'unit = "m"\nvalue = 43.5'))
    (problem,) = check_file(p, defaults)
    assert problem.got == "m"


def test_dud_rate_above_one_reports_the_value(tmp_path: Path, defaults: AssumptionSet) -> None:
    p = write(tmp_path, entry("duds.dud_rate", 'unit = "1"\nvalue = 1.2'))
    (problem,) = check_file(p, defaults)
    assert "1.2" in str(problem.got)


def test_three_problems_are_all_listed(tmp_path: Path, defaults: AssumptionSet) -> None:
    text = (entry("munitions.152mm_he.projectile_mass", 'unit = "m"\nvalue = 43.5')
            + entry("duds.dud_rate", 'unit = "1"\nvalue = 1.2')
            + entry("scope.munitions_share", 'unit = "1"\np5 = 0.9\np95 = 0.5\nshape = "beta"'))
    p = write(tmp_path, text)
    before = digest(p)
    problems = check_file(p, defaults)
    places = [x.place for x in problems]
    assert len(problems) == 3, [str(x) for x in problems]
    assert any("munitions.152mm_he.projectile_mass" in x for x in places)
    assert any("duds.dud_rate" in x for x in places)
    assert any("scope.munitions_share" in x for x in places)
    with pytest.raises(ValueError, match="and 2 more problems"):
        defaults.with_file(p)
    assert digest(p) == before


def test_every_problem_of_one_entry_is_listed(tmp_path: Path, defaults: AssumptionSet) -> None:
    """A wrong unit, a reversed range and a source with two fields missing and a bad date:
    five problems in one check, not one a run."""
    text = ('[munitions.152mm_he.complete_mass]\nunit = "m"\nmin = 90\nmode = 70\nmax = 55\n'
            '[[munitions.152mm_he.complete_mass.sources]]\nwho = "me"\nwhen = "March"\n')
    problems = check_file(write(tmp_path, text), defaults)
    place = "munitions.152mm_he.complete_mass"
    tails = sorted(x.place.split(place, 1)[1] for x in problems)
    assert tails == ["", ".sources[0].says", ".sources[0].when", ".sources[0].where", ".unit"]
    # a misspelt form field is one problem, not that and "no distribution form" besides
    text = ('[duds.dud_rate]\nunit = "1"\nmeen = 0.3\n[[duds.dud_rate.sources]]\nwho = "a"\n'
            'where = "b"\nwhen = "2024"\nsays = "c"\n')
    (problem,) = check_file(write(tmp_path, text), defaults)
    assert problem.place.endswith("duds.dud_rate.meen")


def test_a_value_out_of_its_domain_is_said_beside_the_entrys_other_problems(
        tmp_path: Path, defaults: AssumptionSet) -> None:
    """A negative count or a share above 1 was said only once the entry had no other
    problem: a missing source, a source dated in the future, an unknown field or a bad
    period date hid it. A unit said wrong still checks no values in it."""
    text = (entry("calls.q4_2025", 'unit = "port_call/month"\nmin = -1\nmode = 3\nmax = 4\n'
                  'period_start = "2025-10-01"\nperiod_end = "2026-01-01"', sources=False)
            + entry("duds.dud_rate", 'unit = "1"\nlow = 0.1\nhigh = 1.4').replace(
                '"2024-01"', '"2099"')
            + entry("calls.q1_2026", 'unit = "port_call/month"\nmin = -1\nfoo = 3\nmode = 3\n'
                    'max = 4\nperiod_start = "2026-02-29"\nperiod_end = "2026-04-01"')
            + entry("scope.munitions_share", 'unit = "kg"\nlow = 0.1\nhigh = 1.4')
            + entry("containers.mass_utilisation", 'unit = "%"\nshape = "beta"\np5 = 0.6\n'
                    'p95 = 0.9'))
    said = [(x.place.split(": ")[1], x.expected.split(" (")[0]) for x in
            check_file(write(tmp_path, text), defaults)]
    domain = [(place, expected) for place, expected in said if "." not in place.split(".", 1)[1]]
    assert sorted(domain) == [("calls.q1_2026", "port calls per time: 0 or more"),
                              ("calls.q4_2025", "port calls per time: 0 or more"),
                              ("duds.dud_rate", "a fraction: a distribution inside [0, 1]")], said
    assert ("calls.q4_2025.sources", "at least one [[...sources]] table with who, where, "
            "when and says") in said
    assert ("duds.dud_rate.sources[0].when", "a date no later than today") in said
    assert ("calls.q1_2026.foo", "a known field") in said
    assert ("calls.q1_2026.period_start", "a date on the calendar") in said
    assert sorted(place for place, _ in said if place.startswith(("scope.", "containers."))) == [
        "containers.mass_utilisation.unit", "scope.munitions_share.unit"], said
    assert len(said) == len(set(said)), said  # nothing said twice


def test_a_value_past_its_plausible_range_is_said_beside_a_missing_source(
        tmp_path: Path, defaults: AssumptionSet) -> None:
    """1e12 boxes a port call, or values that overflow, were said only once the entry's
    sources were mended; each once, not again where the entry is sound."""
    text = (entry("ships.angara.containers_per_call", 'unit = "container/port_call"\n'
                  "value = 1e12", sources=False)
            + entry("munitions.152mm_he.projectile_mass", 'unit = "kg"\np5 = 1e200\n'
                    "p95 = 1e305\nfoo = 1"))
    said = [(x.place.split(": ")[1], x.expected.split(" (")[0]) for x in
            check_file(write(tmp_path, text), defaults)]
    assert sorted(said) == [
        ("munitions.152mm_he.projectile_mass", "a distribution whose values are finite "
         "numbers at every percentile"),
        ("munitions.152mm_he.projectile_mass.foo", "a known field"),
        ("ships.angara.containers_per_call", "containers per port call from 0 to 50,000 "
         "box/port_call at each of the 1,001 percentiles drawn"),
        ("ships.angara.containers_per_call.sources", "at least one [[...sources]] table "
         "with who, where, when and says")], said
    sound = entry("ships.angara.containers_per_call", 'unit = "container/port_call"\n'
                  "value = 1e12")
    assert [x.place.split(": ")[1] for x in check_file(write(tmp_path, sound), defaults)] == [
        "ships.angara.containers_per_call"]


def test_unknown_key_is_listed_with_other_problems(tmp_path: Path,
                                                   defaults: AssumptionSet) -> None:
    text = (entry("munitions.152mm_he.projectile_mass", 'unit = "m"\nvalue = 43.5')
            + entry("duds.dud_rate", 'unit = "1"\nvalue = 1.2')
            + entry("containers.mass_utilization", 'unit = "1"\nvalue = 0.8'))
    problems = check_file(write(tmp_path, text), defaults)
    places = [x.place for x in problems]
    assert len(problems) == 3, [str(x) for x in problems]
    assert any("containers.mass_utilization" in x for x in places)


def test_valid_override_is_accepted(tmp_path: Path, defaults: AssumptionSet) -> None:
    p = write(tmp_path, entry("duds.dud_rate", 'unit = "1"\nalpha = 2\nbeta = 8'))
    before = digest(p)
    assert check_file(p, defaults) == []
    merged = AssumptionSet.defaults().with_file(p)
    assert merged.overridden == ("duds.dud_rate",)
    assert merged.added == ()
    assert merged["duds.dud_rate"].sources[0].who == "Test author"
    assert merged["duds.dud_rate"].distribution.form != defaults["duds.dud_rate"].distribution.form
    assert merged.quantity_at("duds.dud_rate", 0.5).magnitude == pytest.approx(0.2, abs=0.03)
    assert str(p) in merged.files
    assert merged.digest != defaults.digest
    assert digest(p) == before


def test_new_calibre_is_added(tmp_path: Path, defaults: AssumptionSet) -> None:
    bodies = {"projectile_mass": 'unit = "kg"\nmin = 42\nmode = 43.5\nmax = 46',
              "projectile_volume": 'unit = "m**3"\nmin = 0.014\nmode = 0.016\nmax = 0.019',
              "complete_mass": 'unit = "kg"\nmin = 55\nmode = 70\nmax = 90',
              "complete_volume": 'unit = "m**3"\nmin = 0.045\nmode = 0.07\nmax = 0.11'}
    text = '[munitions.155mm_he]\nlabel = "155mm HE"\n\n' + "".join(
        entry(f"munitions.155mm_he.{k}", v) for k, v in bodies.items())
    p = write(tmp_path, text)
    before = digest(p)
    assert check_file(p, defaults) == []
    merged = defaults.with_file(p)
    assert merged.overridden == ()
    assert merged.added == tuple(sorted(f"munitions.155mm_he.{k}" for k in bodies))
    assert "155mm_he" in merged.calibres()
    assert merged.label("munitions.155mm_he") == "155mm HE"
    assert "155mm_he" not in defaults.calibres()
    assert digest(p) == before
    # its own row, and a note that the mix, whose categories do not name it, leaves it out
    from estimator.estimates import estimate_containers
    from estimator.report import render_containers

    est = estimate_containers("6700", merged, calibres=["155mm_he", "mix"], samples=200)
    text = render_containers(est)
    assert any(r.calibre == "155mm_he" for r in est.rows)
    assert "the mix leaves out 155mm_he: it holds only the calibres mix.calibre_share" in text
    assert "the mix leaves out" not in render_containers(estimate_containers(
        "6700", defaults, calibres=["152mm_he", "mix"], samples=200))


def test_a_new_calibre_may_give_its_crate_length(tmp_path: Path, defaults: AssumptionSet) -> None:
    bodies = {"projectile_mass": 'unit = "kg"\nvalue = 90', "projectile_volume":
              'unit = "m**3"\nvalue = 0.07', "complete_mass": 'unit = "kg"\nvalue = 120',
              "complete_volume": 'unit = "m**3"\nvalue = 0.12',
              "crate_length": 'unit = "m"\nmin = 3.2\nmode = 3.3\nmax = 3.5'}
    p = write(tmp_path, "".join(entry(f"munitions.long_rocket.{k}", v)
                                for k, v in bodies.items()))
    assert check_file(p, defaults) == []
    assert "munitions.long_rocket.crate_length" in defaults.with_file(p).added
    bad = write(tmp_path, entry("munitions.long_rocket.crate_length", 'unit = "kg"\nvalue = 3'),
                "bad.toml")
    (problem,) = [x for x in check_file(bad, defaults) if "crate_length" in x.place]
    assert "length" in str(problem)


def test_a_crate_longer_than_a_20ft_box_is_one_line(tmp_path: Path,
                                                    defaults: AssumptionSet) -> None:
    p = write(tmp_path, entry("munitions.122mm_rocket.crate_length",
                              'unit = "m"\nmin = 3.0\nmode = 5.0\nmax = 6.5'))
    (problem,) = check_file(p, defaults)
    assert problem.place.endswith("munitions.122mm_rocket.crate_length")
    assert "fits a 20ft box" in str(problem) and "6.5 m" in str(problem)
    ok = write(tmp_path, entry("munitions.122mm_rocket.crate_length",
                               'unit = "m"\nmin = 3.0\nmode = 5.0\nmax = 5.8'), "ok.toml")
    assert check_file(ok, defaults) == []


def test_a_crate_length_needs_the_boxes_inside_dimensions(tmp_path: Path) -> None:
    from estimator.assumptions import DEFAULT_FILES, AssumptionProblems, defaults_dir

    paths = []
    for name in DEFAULT_FILES:
        text = (defaults_dir() / name).read_text()
        if name == "containers.toml":
            start = text.index("[containers.internal_width]")
            text = text[:start] + text[text.index("[containers.share_40ft]"):]
        (tmp_path / name).write_text(text)
        paths.append(tmp_path / name)
    with pytest.raises(AssumptionProblems) as err:
        AssumptionSet.load(paths)
    (problem,) = err.value.problems
    assert "containers.internal_width" in problem.place and "crate_length" in str(problem)


def test_incomplete_new_calibre_is_rejected(tmp_path: Path, defaults: AssumptionSet) -> None:
    p = write(tmp_path, entry("munitions.155mm_he.projectile_mass",
                              'unit = "kg"\nmin = 42\nmode = 43.5\nmax = 46'))
    problems = check_file(p, defaults)
    assert len(problems) == 3
    assert all("munitions.155mm_he." in x.place for x in problems)


def test_an_incomplete_calibre_is_listed_beside_a_misspelt_key(tmp_path: Path,
                                                               defaults: AssumptionSet) -> None:
    """Every problem in one check: a misspelt key did hide a new calibre's missing
    entries, and an entry that cannot be read is checked as a key too (its misspelling
    named) but never called missing."""
    text = (entry("munitions.152mm_he.complete_mas", 'unit = "kg"\nvalue = 70')
            + entry("munitions.155mm_he.complete_mass", 'unit = "kg"\nvalue = 50')
            + entry("munitions.155mm_he.projectile_mass", 'unit = "kg"\nvalue = "heavy"')
            + entry("duds.dud_rat", 'unit = "1"\nvalue = 0.3\nmode = 2'))
    problems = check_file(write(tmp_path, text), defaults)
    said = sorted(f"{x.place.split(': ', 1)[1]}: {x.expected}" for x in problems)
    assert sorted(s.split(":")[0] for s in said) == [
        "duds.dud_rat", "duds.dud_rat.mode", "munitions.152mm_he.complete_mas",
        "munitions.155mm_he.complete_volume", "munitions.155mm_he.projectile_mass.value",
        "munitions.155mm_he.projectile_volume"], said
    assert "did you mean 'duds.dud_rate'?" in " ".join(said)
    assert "did you mean 'munitions.152mm_he.complete_mass'?" in " ".join(said)


@pytest.mark.parametrize("value, hint", [
    ('"50%"', "for a share, write a fraction (0.5 for half), not a percentage, or give unit "
              '= "percent"'),
    ('"nan"', None), ('"inf"', None),
    ('"0.3"', 'write it without quotes: 0.3, not "0.3"'),
    ('"1,200"', 'write it without quotes: 1200, not "1,200"'),
    ('"most"', None),
])
def test_a_number_written_as_text_says_what_was_likely_meant(
        tmp_path: Path, defaults: AssumptionSet, value: str, hint: str | None) -> None:
    (problem,) = check_file(write(tmp_path, entry("duds.dud_rate", f'unit = "1"\nvalue = {value}')),
                            defaults)
    assert problem.place.endswith("duds.dud_rate.value") and problem.expected == "a number"
    assert problem.hint == (hint or "")


@pytest.mark.parametrize("when, ok", [
    ('"2024-02-26"', True), ('"2024-02"', True), ('"2024"', True), ('"n.d."', True),
    ('"2024-02-26 (print edition)"', True), ('"2024-02, updated later"', True),
    ("2024-02-26", True), ("2024-02-26T10:00:00", True),   # TOML dates: the day
    ('"2024-02-26T10:00"', True), ('"2024-02T10"', False), ('"2024T10"', False),
    ('"2024/02/26"', False), ('"2024.02.26"', False), ('"20240226"', False),
    ('"2024-02-30"', False), ('"2024x"', False),
])
def test_a_sources_date_is_a_date_as_written_or_refused(tmp_path: Path, defaults: AssumptionSet,
                                                        when: str, ok: bool) -> None:
    """'2024/02/26' opened with a year and passed as 2024; now it is refused."""
    text = ('[duds.dud_rate]\nunit = "1"\nvalue = 0.3\n[[duds.dud_rate.sources]]\n'
            f'who = "a"\nwhere = "b"\nwhen = {when}\nsays = "c"\n')
    problems = check_file(write(tmp_path, text), defaults)
    assert (problems == []) is ok, [str(x) for x in problems]
    if not ok:
        assert problems[0].place.endswith("sources[0].when")


def test_every_dimension_of_the_schema_has_example_units_of_it() -> None:
    from estimator.units import UNIT_EXAMPLES, dimensionality_of, parse_unit

    for dim in set(SCHEMA.values()):
        units = [u.strip(" '") for u in UNIT_EXAMPLES[dim].replace(" or ", ",").split(",")]
        assert all(parse_unit(u, "x").dimensionality == dimensionality_of(dim)
                   for u in units), dim


@pytest.mark.parametrize("key, unit, said", [
    ("calls.q4_2025", "calls/month", "a unit pint knows, such as 'port_call/month'"),
    ("calls.q4_2025", "port_call", "a unit of port calls per time, such as 'port_call/month'"),
    ("munitions.152mm_he.complete_mass", "m", "a unit of mass, such as 'kg' or 't'"),
])
def test_a_wrong_unit_gives_examples_of_the_keys_own(tmp_path: Path, defaults: AssumptionSet,
                                                     key: str, unit: str, said: str) -> None:
    extra = '\nperiod_start = "2025-10-01"\nperiod_end = "2026-01-01"' if "calls" in key else ""
    (problem,) = check_file(write(tmp_path, entry(key, f'unit = "{unit}"\nvalue = 3{extra}')),
                            defaults)
    assert problem.place.endswith(f"{key}.unit") and problem.expected == said


@pytest.mark.parametrize(("key", "unit", "body", "said"), [
    ("duds.dud_rate", "", "alpha = 2\nbeta = 8", "a unit, such as '1' or 'percent' for a share"),
    ("duds.dud_rate", " ", "value = 0.3", "a unit, such as '1' or 'percent' for a share"),
    ("munitions.152mm_he.complete_mass", "", "value = 70", "a unit, such as 'kg' or 't' for "
     "mass"),
])
def test_a_blank_unit_is_refused_naming_the_unit_expected(
        tmp_path: Path, defaults: AssumptionSet, key: str, unit: str, body: str,
        said: str) -> None:
    """pint reads '' as a plain number, so a share's blank unit passed as '1' without a
    word, and a mass's was called 'a unit of mass' wrong: both say what goes there."""
    (problem,) = check_file(write(tmp_path, entry(key, f'unit = "{unit}"\n{body}')), defaults)
    assert problem.place.endswith(f"{key}.unit") and problem.expected == said
    assert problem.got == unit


@pytest.mark.parametrize("value, unit, hint", [
    (20, "kg", "kg written where t was meant?"),      # a box's payload of 20 kg
    (21000, "t", "t written where kg was meant?"),    # of 21,000 t
    (0.05, "kg", ""),                                 # 50 g: 50 kg would not do either
])
def test_a_payload_a_thousand_times_off_names_the_unit_meant(
        tmp_path: Path, defaults: AssumptionSet, value: float, unit: str, hint: str) -> None:
    key = "containers.20ft.payload_limit"
    problems = check_file(write(tmp_path, entry(key, f'unit = "{unit}"\nvalue = {value}')),
                          defaults)
    (problem,) = [x for x in problems
                  if x.expected.startswith("a box's payload from 100 kg to 100 t")]
    assert problem.hint == hint


def test_a_python_date_time_as_a_sources_date_is_its_day(defaults: AssumptionSet) -> None:
    """As a TOML date-time in a file is: the same entry from Python and from a file."""
    import datetime as dt

    source = {"who": "a", "where": "b", "when": dt.datetime(2024, 2, 26, 10, 0), "says": "c"}
    s = defaults.with_entries({"duds": {"dud_rate": {"unit": "1", "value": 0.3,
                                                     "sources": [source]}}})
    assert s["duds.dud_rate"].sources[0].when == "2024-02-26"


def test_a_calibre_none_of_whose_entries_can_be_read_is_still_whole_or_missing(
        tmp_path: Path, defaults: AssumptionSet) -> None:
    """Its missing entries are listed beside the broken one, in the file that gave it, and
    an entry without a unit is still checked as a key."""
    p = write(tmp_path, entry("munitions.155mm_he.complete_mass", 'unit = "kg"\nvalue = "x"')
              + '[duds.dud_rat]\nvalue = 0.3\n')
    said = [str(x) for x in check_file(p, defaults)]
    missing = [x for x in said if x.startswith(f"{p}: munitions.155mm_he.") and "missing" in x]
    assert len(missing) == 3, said
    assert any("duds.dud_rat: an unknown key" in x and "did you mean 'duds.dud_rate'?" in x
               for x in said), said


def test_defaults_with_a_calibre_broken_are_not_told_its_mix_is_unknown(
        tmp_path: Path, defaults: AssumptionSet) -> None:
    """A set loaded from files whose 152mm entries all fail: those failures, not an echo in
    the calibre mix, which names 152mm_he."""
    from estimator.assumptions import DEFAULT_FILES, defaults_dir

    for name in DEFAULT_FILES:
        text = (defaults_dir() / name).read_text(encoding="utf-8")
        if name == "munitions.toml":
            text = re.sub(r"(\[munitions\.152mm_he\.\w+\]\nunit = )\"[^\"]*\"", r'\1"furlong"',
                          text)
        (tmp_path / name).write_text(text, encoding="utf-8")
    with pytest.raises(AssumptionProblems) as caught:
        AssumptionSet.load([tmp_path / n for n in DEFAULT_FILES])
    said = [str(x) for x in caught.value.problems]
    assert said and all("munitions.152mm_he." in x for x in said), said
    assert not any("mix.calibre_share" in x or "missing" in x for x in said), said


def test_a_mix_has_every_problem_listed(tmp_path: Path, defaults: AssumptionSet) -> None:
    """Repeated categories hid an alpha of the wrong length, and any problem of the mix's
    entry (or of another entry) hid a calibre it names that nothing defines."""
    p = write(tmp_path, entry("mix.calibre_share", 'unit = "1"\ncategories = ["152mm_he", '
                              '"152mm_he", "999mm", "999mm"]\nalpha = [1, 2, -1]'))
    assert [(x.place.split(": ")[1], x.expected) for x in check_file(p, defaults)] == [
        ("mix.calibre_share.categories", "names without repeats"),
        ("mix.calibre_share.alpha", "4 numbers, one per category"),
        ("mix.calibre_share.alpha[2]", "a number from 0.05 to 1e5"),
        ("mix.calibre_share.categories", "calibres defined under munitions")]
    # a sound mix over an unknown calibre, beside another entry's problem: both said
    p = write(tmp_path, entry("mix.calibre_share", 'unit = "1"\ncategories = ["152mm_he", '
                              '"999mm"]\nalpha = [1, 2]') + entry("duds.dud_rate", "value = 0.2"))
    assert [(x.place.split(": ")[1], x.got) for x in check_file(p, defaults)] == [
        ("duds.dud_rate.unit", "missing"), ("mix.calibre_share.categories", "999mm")]


def test_a_dirichlet_built_in_python_has_every_problem_said() -> None:
    from estimator.distributions import Dirichlet

    with pytest.raises(AssumptionProblems) as info:
        Dirichlet(("a", "a"), (1.0, 2.0, 0.0))
    assert [(x.place, x.expected) for x in info.value.problems] == [
        ("Dirichlet.categories", "names without repeats"),
        ("Dirichlet.alpha", "2 numbers, one per category"),
        ("Dirichlet.alpha[2]", "a number from 0.05 to 1e5")]


def test_a_rate_a_year_is_written_per_yr_not_per_annum(defaults: AssumptionSet) -> None:
    """pint's symbol for a year is 'a': 'rd/a' read as nothing to a journalist."""
    from estimator.units import parse_unit

    entry = defaults["production.rusi_2023"]
    assert entry.unit_text == "rd/yr" and entry.describe().endswith(" rd/yr")
    assert parse_unit(entry.unit_text, "x") == entry.unit  # and it reads back
    assert defaults["consumption.jan_may_2024"].unit_text == "rd/d"


def test_default_files_are_not_modified(defaults: AssumptionSet) -> None:
    paths = [Path(f) for f in defaults.files]
    before = [digest(p) for p in paths]
    AssumptionSet.defaults()
    assert [digest(p) for p in paths] == before


@settings(max_examples=400, deadline=None)
@given(key=st.text(alphabet="ab.", max_size=8), pattern=st.text(alphabet="ab.*", max_size=6))
def test_glob_match_is_fnmatchcase_for_star_patterns(key: str, pattern: str) -> None:
    assert _glob_match(key, pattern) == fnmatchcase(key, pattern)


def test_schema_patterns_use_only_star() -> None:
    """_glob_match knows '*' only: the schema's patterns must not use '?' or '['."""
    for pattern in (*SCHEMA, *ABOVE_ZERO, *PLAUSIBLE):
        assert not set(pattern) & set("?[]"), pattern


def test_a_correlation_group_is_listed_and_shown_with_the_entries(
        capsys: pytest.CaptureFixture[str]) -> None:
    """A user's group changes every run's numbers: list, show and JSON said nothing of it
    ('show correlations.NAME' was an unknown key), and Markdown did not mark a user's rows."""
    import json

    from clirun import run

    corr = str(Path(__file__).parents[1] / "docs" / "examples" / "correlations.toml")
    code, out, err = run(["assumptions", "list", "-a", corr], capsys)
    assert code == 0, err
    (line,) = [x for x in out.splitlines() if x.startswith("correlations.packing_152mm")]
    assert "0.60" in line and line.endswith("[correlations.toml]")
    code, out, err = run(["assumptions", "show", "correlations.packing_152mm", "-a", corr],
                         capsys)
    assert code == 0 and "munitions.152mm_he.complete_volume 0.60" in out, err
    code, out, err = run(["assumptions", "list", "correlations", "-a", corr, "-f", "json"],
                         capsys)
    assert code == 0, err
    (group,) = json.loads(out)["correlations"]
    assert group["name"] == "packing_152mm" and group["rank"] == [[1.0, 0.6], [0.6, 1.0]]
    code, out, err = run(["assumptions", "list", "duds.dud_rate", "-a", corr, "-f",
                          "markdown"], capsys)
    assert code == 0 and out.splitlines()[2].endswith("| defaults |"), out


@pytest.mark.parametrize("form", ["file", "python"])
def test_a_key_written_both_quoted_and_dotted_is_refused_not_taken_from_either(
        form: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """``["duds.dud_rate"]`` and ``[duds.dud_rate]`` name one key: written both ways, one
    of them once won silently (the quoted one, whichever came first)."""
    from clirun import run

    src = [{"who": "a", "where": "b", "when": "2024", "says": "c"}]
    quoted = {"unit": "1", "value": 0.3, "sources": src}
    dotted = {"unit": "1", "value": 0.2, "sources": src}
    expected = ("duds.dud_rate: written twice; expected each key once (a quoted "
                '["a.b"] and a dotted [a.b] name the same key)')
    if form == "python":
        for data in ({"duds.dud_rate": quoted, "duds": {"dud_rate": dotted}},
                     {"duds": {"dud_rate": dotted}, "duds.dud_rate": quoted}):
            with pytest.raises(AssumptionProblems) as err:
                AssumptionSet.defaults().with_entries(data)
            assert [str(e) for e in err.value.problems] == [f"<python>: {expected}"]
        return
    path = tmp_path / "twice.toml"
    source = 'who = "a"\nwhere = "b"\nwhen = "2024"\nsays = "c"\n'
    path.write_text(f'["duds.dud_rate"]\nunit = "1"\nvalue = 0.3\n[["duds.dud_rate".sources]]\n'
                    f'{source}\n[duds.dud_rate]\nunit = "1"\nvalue = 0.2\n'
                    f'[[duds.dud_rate.sources]]\n{source}', encoding="utf-8")
    before = path.read_bytes()
    code, out, err = run(["containers", "-c", "6700", "-a", str(path), "-n", "100"], capsys)
    assert (code, out) == (2, "") and err.splitlines()[0] == f"error: {path}: {expected}"
    assert path.read_bytes() == before


def test_a_key_in_two_loaded_files_is_refused_not_taken_from_the_later(tmp_path: Path) -> None:
    """Loading the shipped files and a copy of one of them again: every key it holds is
    in two files, and the load says so rather than letting the later file win."""
    from estimator.assumptions import DEFAULT_FILES, AssumptionProblems, defaults_dir

    files = [defaults_dir() / name for name in DEFAULT_FILES]
    again = tmp_path / "rates_again.toml"
    again.write_bytes(files[2].read_bytes())
    with pytest.raises(AssumptionProblems) as err:
        AssumptionSet.load([*files, again])
    twice = [str(e) for e in err.value.problems if "each key in one file only" in str(e)]
    assert any("duds.dud_rate" in t for t in twice) and all("rates_again.toml" in t for t in twice)


@pytest.mark.parametrize(("ref", "got"), [
    ("munitions.140mm_mortar.projectile_mas",
     "expected the key of another entry, drawn on its own percentile (did you mean "
     "'munitions.140mm_mortar.projectile_mass'?) (got 'munitions.140mm_mortar.projectile_mas')"),
    ("munitions.60mm_mortar.complete_mass",
     "itself; expected the key of another entry, drawn on its own percentile"),
    ("munitions.140mm_mortar.complete_mass",
     "expected the key of another entry, drawn on its own percentile (this one is drawn at "
     "the percentile of munitions.140mm_mortar.projectile_mass) (got "
     "'munitions.140mm_mortar.complete_mass')"),
    ("mix.calibre_share", "expected one-dimensional entries (not a mix) (got "
     "'mix.calibre_share')"),
])
def test_an_entry_at_anothers_percentile_must_name_another_plain_entry(ref: str,
                                                                       got: str) -> None:
    src = [{"who": "a", "where": "b", "when": "2024", "says": "c"}]
    with pytest.raises(AssumptionProblems) as err:
        AssumptionSet.defaults().with_entries({"munitions": {"60mm_mortar": {"complete_mass": {
            "unit": "kg", "min": 4.0, "mode": 4.5, "max": 5.0, "same_percentile_as": ref,
            "sources": src}}}})
    assert [str(e) for e in err.value.problems] == [
        f"<python>: munitions.60mm_mortar.complete_mass.same_percentile_as: {got}"]


def test_every_slip_in_an_entrys_fields_and_form_is_listed(tmp_path: Path,
                                                           defaults: AssumptionSet) -> None:
    """Of several slips in one entry's fields, its form's keys, a choice's lists or a
    mixture's scenarios, only the first was said; each is now, and a misspelt weight is
    not said missing as well."""
    p = write(tmp_path, "\n".join([
        entry("duds.dud_rate", 'unit = "1"\nvalue = 0.2\ndescripton = "x"\nnoet = "y"'),
        entry("containers.mass_utilisation", 'unit = "1"\nvalue = 0.8\np95 = 0.9\nmode = 1'),
        entry("scope.munitions_share", 'unit = "1"\nmin = "0.5"\nmode = 0.7\nmax = "x"'),
        entry("containers.volume_utilisation", 'unit = "1"\nvalues = [0.5, "x", 0.7]\n'
              'weights = [1, -1]\nlabels = ["a"]'),
        entry("counts.at_least_excess", 'unit = "1"\n'
              "[[counts.at_least_excess.scenarios]]\nwieght = 1\nlow = 0\nhigh = 0.2\n"
              "[[counts.at_least_excess.scenarios]]\nweight = -1\nvalue = 0.1\nlabel = 3\n"
              "[[counts.at_least_excess.scenarios]]\nweight = 1\nlow = 0.3\nhigh = 0.1")]))
    assert [x.place.split(": ")[1] for x in check_file(p, defaults)] == [
        "duds.dud_rate.descripton", "duds.dud_rate.noet",
        "containers.mass_utilisation.mode", "containers.mass_utilisation.p95",
        "containers.volume_utilisation.values[1]", "containers.volume_utilisation.labels",
        "containers.volume_utilisation.weights", "containers.volume_utilisation.weights[1]",
        "scope.munitions_share.min", "scope.munitions_share.max",
        "counts.at_least_excess.scenarios[0].wieght",
        "counts.at_least_excess.scenarios[1].label",
        "counts.at_least_excess.scenarios[1].weight",
        "counts.at_least_excess.scenarios[2]"]


def test_a_choice_or_mixture_has_every_problem_said(tmp_path: Path, defaults: AssumptionSet) -> None:
    """A value that is no finite number was said only once its weights were right."""
    from estimator.distributions import Choice

    p = write(tmp_path, entry("duds.dud_rate", 'unit = "1"\nvalues = [inf, nan, 0.2]\n'
                              "weights = [1, 1]"))
    assert [x.place.split(": ")[1] for x in check_file(p, defaults)] == [
        "duds.dud_rate.values[0]", "duds.dud_rate.values[1]", "duds.dud_rate.weights"]
    with pytest.raises(AssumptionProblems) as info:
        Choice((float("inf"), 1.0), (1.0,), ("a",))
    assert [x.place for x in info.value.problems] == [
        "Choice.values[0]", "Choice.labels", "Choice.weights"]
    from estimator.distributions import Fixed, Mixture

    with pytest.raises(AssumptionProblems) as info:  # a mixture's parts and weights alike
        Mixture(("a", "b"), (1.0, -1.0), (Fixed(1.0), "x"))  # type: ignore[arg-type]
    assert [x.place for x in info.value.problems] == ["Mixture.parts[1]",
                                                      "Mixture.weights[1]"]


def test_the_sets_own_checks_are_listed_beside_an_entrys_problems(
        defaults: AssumptionSet) -> None:
    """A correlation group over a fixed value, or an entry drawn at a percentile of an
    entry that is not there, went unsaid while any entry of the file had a problem."""
    src = [{"who": "a", "where": "b", "when": "2024", "says": "c"}]
    with pytest.raises(AssumptionProblems) as err:
        defaults.with_entries({
            "duds": {"dud_rate": {"value": 0.2, "sources": src}},  # no unit
            "scope": {"munitions_share": {"unit": "1", "value": 0.9, "sources": src}},
            "munitions": {"60mm_mortar": {"complete_mass": {
                "unit": "kg", "min": 4.0, "mode": 4.5, "max": 5.0, "sources": src,
                "same_percentile_as": "munitions.60mm_mortar.projectile_mas"}}},
            "correlations": {"g": {"keys": ["scope.munitions_share",
                                            "munitions.152mm_he.projectile_mass"],
                                   "rank": 0.5, "sources": src}}})
    assert [e.place.removeprefix("<python>: ") for e in err.value.problems] == [
        "duds.dud_rate.unit", "munitions.60mm_mortar.complete_mass.same_percentile_as",
        "correlations.g.keys"]


def test_an_entry_that_fails_to_read_still_has_its_percentile_field_checked(
        defaults: AssumptionSet) -> None:
    """A slip in the key an entry's same_percentile_as names was said only once the entry's
    other problems were mended; and an entry that failed to read is still checked as
    written where another names it (a chain, a mix)."""
    src = [{"who": "a", "where": "b", "when": "2024", "says": "c"}]
    bare = "munitions.140mm_mortar.projectile_mass"
    with pytest.raises(AssumptionProblems) as err:
        defaults.with_entries({
            "munitions": {
                "152mm_he": {"complete_mass": {  # no sources
                    "unit": "kg", "min": 60, "mode": 70, "max": 80,
                    "same_percentile_as": "munitions.152mm_he.projectile_mas"}},
                "140mm_mortar": {"projectile_mass": {  # no sources; a chain of the defaults'
                    "unit": "kg", "p5": 18.0, "p95": 45.0,
                    "same_percentile_as": "munitions.120mm_mortar.projectile_mass"}},
                "60mm_mortar": {"complete_mass": {  # drawn at a mix's percentile
                    "unit": "kg", "min": 4.0, "mode": 4.5, "max": 5.0, "sources": src,
                    "same_percentile_as": "mix.calibre_share"}}},
            "mix": {"calibre_share": {"unit": "1", "categories": ["152mm_he", "122mm_he"],
                                      "alpha": [1, 1],
                                      "nots": "x", "sources": src}}})
    assert sorted((e.place.removeprefix("<python>: "), e.got) for e in err.value.problems) == [
        ("mix.calibre_share.nots", "nots"),
        (f"{bare}.same_percentile_as", "munitions.120mm_mortar.projectile_mass"),
        (f"{bare}.sources", "missing"),
        ("munitions.152mm_he.complete_mass.same_percentile_as",
         "munitions.152mm_he.projectile_mas"),
        ("munitions.152mm_he.complete_mass.sources", "missing"),
        ("munitions.60mm_mortar.complete_mass.same_percentile_as", "mix.calibre_share")]


def test_an_entry_at_anothers_percentile_is_in_no_correlation_group() -> None:
    src = [{"who": "a", "where": "b", "when": "2024", "says": "c"}]
    bare = "munitions.140mm_mortar.projectile_mass"
    with pytest.raises(AssumptionProblems) as err:
        AssumptionSet.defaults().with_entries({"correlations": {"g": {
            "keys": [bare, "duds.dud_rate"], "rank": 0.5, "sources": src}}})
    # the user's group is blamed, not the shipped entry that it now clashes with
    assert [str(e) for e in err.value.problems] == [
        "<python>: correlations.g.keys: expected keys drawn on their own percentile "
        "(munitions.140mm_mortar.complete_mass, in assumptions/munitions.toml, is drawn at "
        f"{bare}'s) (got '{bare}')"]
    # and a user's field that makes a chain of the shipped pair is blamed where it is
    with pytest.raises(AssumptionProblems) as err:
        AssumptionSet.defaults().with_entries({"munitions": {"140mm_mortar": {
            "projectile_mass": {"unit": "kg", "p5": 18.0, "p95": 45.0, "shape": "lognormal",
                                "same_percentile_as": "munitions.120mm_mortar.projectile_mass",
                                "sources": src}}}})
    assert [str(e) for e in err.value.problems] == [
        f"<python>: {bare}.same_percentile_as: expected no such field here "
        "(munitions.140mm_mortar.complete_mass, in assumptions/munitions.toml, is drawn at "
        "this entry's percentile: no chains) (got 'munitions.120mm_mortar.projectile_mass')"]
    # the defaults' pairs, as listed and shown: drawn together, said so
    whole = AssumptionSet.defaults()["munitions.140mm_mortar.complete_mass"]
    assert whole.describe().endswith(f", at the percentile of {bare}")


def test_a_period_on_an_entry_whose_period_nothing_reads_is_refused() -> None:
    """period_start on duds.dud_rate was accepted and ignored: only calls.*, consumption.*
    and production.* entries have their period read."""
    src = [{"who": "a", "where": "b", "when": "2024", "says": "c"}]
    with pytest.raises(AssumptionProblems) as err:
        AssumptionSet.defaults().with_entries({"duds": {"dud_rate": {
            "unit": "1", "value": 0.2, "period_start": "2024-01-01", "sources": src}}})
    assert [str(e) for e in err.value.problems] == [
        "<python>: duds.dud_rate.period_start: expected a known field (a period is read on "
        "calls.*, consumption.*, production.* entries only) (got 'period_start')"]


@pytest.mark.parametrize("when", ["2999-01-01", "2999", "2100-05"])
def test_a_source_dated_after_today_is_refused(when: str) -> None:
    """Claims refused a future date; a source's 'when' took one."""
    src = [{"who": "a", "where": "b", "when": when, "says": "c"}]
    with pytest.raises(AssumptionProblems) as err:
        AssumptionSet.defaults().with_entries({"duds": {"dud_rate": {
            "unit": "1", "value": 0.2, "sources": src}}})
    (problem,) = err.value.problems
    assert str(problem).startswith("<python>: duds.dud_rate.sources[0].when: expected a date "
                                   "no later than today (")
    assert AssumptionSet.defaults().with_entries({"duds": {"dud_rate": {
        "unit": "1", "value": 0.2, "sources": [{**src[0], "when": "2024-02"}]}}}).overridden


@pytest.mark.parametrize(("key", "unit", "value", "hint"), [
    ("complete_mass", "t", 70, "1,000 times too dense: t written where kg was meant?"),
    ("complete_mass", "Mg", 70, "1,000 times too dense: Mg written where kg was meant?"),
    ("complete_mass", "g", 70, "1,000 times too light: g written where kg was meant?"),
    ("complete_volume", "L", 0.07, "1,000 times too dense: L written where m^3 was meant?"),
    ("complete_mass", "lb", 0.15, "1,000 times too light: a unit a thousand times too small?"),
])
def test_a_density_a_thousand_times_off_names_the_unit_written(key: str, unit: str,
                                                               value: float, hint: str) -> None:
    """A 152mm round written in tonnes was hinted as 'kg written where g was meant'."""
    src = [{"who": "a", "where": "b", "when": "2024", "says": "c"}]
    with pytest.raises(AssumptionProblems) as err:
        AssumptionSet.defaults().with_entries({"munitions": {"152mm_he": {key: {
            "unit": unit, "value": value, "sources": src}}}})
    (problem,) = err.value.problems
    assert str(problem).endswith(f"; {hint}"), str(problem)


@pytest.mark.parametrize(("raw", "why"), [
    ({"value": 5e-324}, "the inverse of a value (the models divide by it) overflows (beyond "
     "about 1.8e308, the largest float)"),
    ({"p5": 1e-300, "p95": 1e300, "shape": "lognormal"},
     "a value overflows (beyond about 1.8e308, the largest float)"),
])
def test_a_value_that_overflows_is_said_in_words(raw: dict[str, object], why: str) -> None:
    """The message gave 'FloatingPointError: overflow encountered in divide'."""
    src = [{"who": "a", "where": "b", "when": "2024", "says": "c"}]
    with pytest.raises(AssumptionProblems) as err:
        AssumptionSet.defaults().with_entries({"munitions": {"152mm_he": {"complete_mass": {
            "unit": "kg", **raw, "sources": src}}}})
    (problem,) = err.value.problems
    assert str(problem) == (f"<python>: munitions.152mm_he.complete_mass: {why}; expected a "
                            "distribution whose values are finite numbers at every percentile")


def test_every_field_an_entry_takes_is_described_by_assumptions_forms(
        capsys: pytest.CaptureFixture[str]) -> None:
    """`assumptions forms` gave the forms only: an entry's other fields (same_percentile_as
    among them) were in no help."""
    from clirun import run

    from estimator.assumptions import ENTRY_STRINGS, SOURCE_OPTIONAL, SOURCE_REQUIRED

    code, out, err = run(["assumptions", "forms"], capsys)
    assert code == 0, err
    fields = out.split("an entry's other fields:\n", 1)[1]
    for name in (*ENTRY_STRINGS, "unit", "sources", *SOURCE_REQUIRED, *SOURCE_OPTIONAL):
        assert name in fields, name


def test_what_no_source_gives_is_said_of_every_default_that_has_it(defaults: AssumptionSet) -> None:
    """An entry whose note says its figure is unconfirmed, an engineering estimate or a
    judgement not sourced carries ``unconfirmed``, so that listings say so beside the
    first source (which may only name the weapon)."""
    flagged = re.compile(r"UNCONFIRMED|NOT CONFIRMED|Engineering estimate|judgement, not sourced|"
                         r"No source states|NOT found|Nothing found|is judgement|Judgement:",
                         re.IGNORECASE)
    missing = [k for k, a in defaults.entries.items() if flagged.search(a.note)
               and not a.unconfirmed]
    allowed = {"containers.40ft.payload_limit", "containers.share_40ft",
               "containers.limits.rail_two_20ft_gross", "containers.limits.road_payload_20ft",
               "munitions.152mm_he.projectile_mass", "munitions.122mm_rocket.projectile_mass",
               "munitions.240mm_rocket.projectile_mass", "missiles.kn23.length",
               "ships.call_share", "rail.containers_per_car", "rail.cars_per_train",
               }   # their figures are sourced; a part of the note (a variant, a rule) is not
    assert sorted(set(missing) - allowed) == []
    marked = [k for k, a in defaults.entries.items() if a.unconfirmed]
    assert len(marked) >= 45 and all(defaults[k].unconfirmed[0].islower() for k in marked)


def test_unconfirmed_is_text(tmp_path: Path, defaults: AssumptionSet) -> None:
    p = write(tmp_path, entry("duds.dud_rate", 'unit = "1"\nvalue = 0.3\nunconfirmed = 5'))
    problems = check_file(p, defaults)
    assert [str(x) for x in problems] == [
        f"{p}: duds.dud_rate.unconfirmed: expected a string (got 5)"]
    p = write(tmp_path, entry("duds.dud_rate", 'unit = "1"\nvalue = 0.3\n'
                              'unconfirmed = "the whole figure: a guess"'))
    assert defaults.with_file(p)["duds.dud_rate"].unconfirmed == "the whole figure: a guess"


def test_every_did_you_mean_comes_from_one_matcher_in_any_case(
        capsys: pytest.CaptureFixture[str]) -> None:
    """errors.nearest serves every 'did you mean' (keys, fields, claims, rates): a
    misspelling or another case, the option as written; nothing close, or no text, None."""
    from clirun import run

    from estimator.errors import nearest

    assert nearest("DUDS.DUD_RATE", ["duds.dud_rate", "scope.munitions_share"]) == "duds.dud_rate"
    assert nearest("dud_rat", ["dud_rate", "Dud_Rate"]) in ("dud_rate", "Dud_Rate")
    assert nearest("zzz", ["duds.dud_rate"]) is None and nearest(3, ["3"]) is None
    code, _, err = run(["assumptions", "show", "DUDS.DUD_RAT"], capsys)  # (a key in
    assert code == 2 and "(did you mean 'duds.dud_rate'?)" in err  # another case is taken)


def test_a_forms_rule_broken_shows_each_number_whole_and_apart() -> None:
    """'min=20,000, mode=1,500, max=3,000' read as six parameters and hid the .5: the
    numbers are set apart by semicolons and kept to six digits."""
    from estimator.distributions import from_mapping

    with pytest.raises(InputError) as err:
        from_mapping({"min": 20000, "mode": 1500, "max": 3000.5}, "mine")
    assert err.value.got == "min = 20,000; mode = 1,500; max = 3,000.5"


def test_overrides_in_layers_are_all_recorded() -> None:
    """A second override kept the first's values but recorded only its own keys, so a
    run's record left out the dud rate a first layer had set."""
    from estimator import estimate_containers

    me = [{"who": "me", "where": "nb", "when": "2026", "says": "x"}]
    first = AssumptionSet.defaults().with_entries(
        {"duds": {"dud_rate": {"unit": "1", "value": 0.3, "sources": me}}})
    second = first.with_entries(
        {"containers": {"mass_utilisation": {"unit": "1", "value": 0.8, "sources": me}}})
    assert second.overridden == ("containers.mass_utilisation", "duds.dud_rate")
    assert second["duds.dud_rate"].describe() == "fixed 0.3"
    est = estimate_containers("6700", second, calibres="152mm_he", samples=500)
    assert set(est.record.overridden) == {"containers.mass_utilisation", "duds.dud_rate"}
    # a calibre one layer adds stays added when a later layer changes it
    calibre = {k: {"unit": u, "value": v, "sources": me} for k, u, v in (
        ("projectile_mass", "kg", 40), ("projectile_volume", "m**3", 0.02),
        ("complete_mass", "kg", 60), ("complete_volume", "m**3", 0.05))}
    added = AssumptionSet.defaults().with_entries({"munitions": {"155mm_he": calibre}})
    again = added.with_entries({"munitions": {"155mm_he": {"complete_mass": {
        "unit": "kg", "value": 61, "sources": me}}}})
    assert "munitions.155mm_he.complete_mass" in again.added
    assert "munitions.155mm_he.complete_mass" not in again.overridden
