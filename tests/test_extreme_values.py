"""Absurd magnitudes in a user's assumption file: refused by the validation every command runs.

Values such as a round of 1e-308 kg, 1e308 containers per port call or a munitions share
of 0 used to pass ``assumptions check`` and then made the runs print inf, NaN, numpy
warnings and JSON with ``Infinity``. Each now fails validation with one line naming the
file and the key, what was expected (the key's plausible range,
:data:`estimator.assumptions.PLAUSIBLE`, at the 1,001 percentiles drawn) and what came,
exit code 2, in ``assumptions check`` (with or without ``--properties``) and in every
command given the file with ``--assumptions``. Honest values near the edges still pass.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from clirun import run

from estimator.assumptions import (
    PLAUSIBLE,
    SCHEMA,
    AssumptionProblems,
    AssumptionSet,
    _glob_match,
    _plausible,
    check_file,
    value_problems,
)
from estimator.units import dimensionality_of, parse_unit

N = ["-n", "20"]


def entry(key: str, unit: str, body: str) -> str:
    return (f'[{key}]\nunit = "{unit}"\n{body}\n[[{key}.sources]]\nwho = "A. Analyst"\n'
            'where = "Own estimate"\nwhen = "2024-02"\nsays = "a figure"\n')


def write(tmp_path: Path, text: str, name: str = "mine.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


# (key, unit, body, the expected line after "error: FILE: KEY: ", the commands that read it)
CASES = [
    ("munitions.152mm_he.complete_mass", "kg", "value = 1e-308",
     "expected a round's mass from 1 g to 100 t at each of the 1,001 percentiles drawn "
     "(got '1e-308 kg')",
     [["containers", "--count", "1000", "--calibre", "152mm_he", *N]]),
    ("munitions.152mm_he.complete_mass", "kg", "value = 1e308",
     "expected a round's mass from 1 g to 100 t at each of the 1,001 percentiles drawn "
     "(got '1e+308 kg')",
     [["containers", "--count", "1000", *N], ["shells", "--count", "1M", *N]]),
    ("ships.angara.containers_per_call", "box/port_call", "value = 1e308",
     "expected containers per port call from 0 to 50,000 box/port_call at each of the 1,001 "
     "percentiles drawn (the largest ships carry about 24,000 TEU) (got '1e+308 box/port_call')",
     [["port-calls", "--count", "3", "--ship", "angara", *N], ["timeline", *N],
      ["reconcile", "--pooled", *N]]),
    ("rail.containers_per_car", "box/railcar", "value = 1e308",
     "expected containers per rail car from 0 to 10 box/railcar at each of the 1,001 "
     "percentiles drawn (got '1e+308 box/railcar')",
     [["rail", "--trains", "1", *N]]),
    ("consumption.jan_may_2024", "rd/d", "value = 1e-308",
     "expected a rate of fire from 1 rd/d to 10,000,000 rd/d at each of the 1,001 "
     "percentiles drawn (got '1e-308 rd/d')",
     [["days", "--rounds", "1M", *N], ["days", "--rounds", "1M", "--format", "json", *N]]),
    ("scope.munitions_share", "1", "value = 0",
     "expected a value above 0 (the models divide by it) (got 'fixed 0')",
     [["reconcile", *N], ["reconcile", "--pooled", *N],
      ["containers", "--count", "1000", "--related", *N]]),
    ("scope.munitions_share", "1", "value = 1e-308",
     "expected a share the models divide by from 1e-09 to 1 at each of the 1,001 percentiles "
     "drawn (got '1e-308')",
     [["reconcile", *N]]),
]
IDS = [f"{key}={body.split('= ')[1]}" for key, _, body, _, _ in CASES]


@pytest.mark.parametrize(("key", "unit", "body", "line", "commands"), CASES, ids=IDS)
def test_assumptions_check_refuses_it_in_one_line(
        key: str, unit: str, body: str, line: str, commands: list[list[str]], tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path, entry(key, unit, body))
    code, out, err = run(["assumptions", "check", str(path)], capsys)
    assert (code, out) == (2, "")
    assert err == f"error: {path}: {key}: {line}\n{path}: 1 problem\n"


@pytest.mark.parametrize(("key", "unit", "body", "line", "commands"), CASES, ids=IDS)
def test_properties_are_not_run_on_it(key: str, unit: str, body: str, line: str,
                                      commands: list[list[str]], tmp_path: Path,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path, entry(key, unit, body))
    code, out, err = run(["assumptions", "check", str(path), "--properties"], capsys)
    assert (code, out) == (2, "")
    assert err.splitlines() == [f"error: {path}: {key}: {line}", f"{path}: 1 problem"]


@pytest.mark.parametrize(("key", "unit", "body", "line", "commands"), CASES, ids=IDS)
def test_every_command_refuses_it_in_one_line(
        key: str, unit: str, body: str, line: str, commands: list[list[str]], tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path, entry(key, unit, body))
    for argv in commands:
        code, out, err = run([*argv, "--assumptions", str(path)], capsys)
        assert (code, out) == (2, ""), (argv, out[:300], err[:300])
        assert err == f"error: {path}: {key}: {line}\n", (argv, err[:500])


def test_the_library_raises_the_same_problem(tmp_path: Path) -> None:
    path = write(tmp_path, entry("rail.containers_per_car", "box/railcar", "value = 1e308"))
    with pytest.raises(AssumptionProblems) as info:
        AssumptionSet.defaults().with_file(path)
    assert str(info.value).startswith(f"{path}: rail.containers_per_car: expected containers "
                                      "per rail car from 0 to 10 box/railcar")
    assert [p.place for p in check_file(path)] == [f"{path}: rail.containers_per_car"]


def test_a_tail_beyond_the_range_is_named_at_its_percentile(tmp_path: Path) -> None:
    # 90% in 100 to 40,000 containers a call: its 99.99th percentile is 1.7 million
    path = write(tmp_path, entry("ships.angara.containers_per_call", "box/port_call",
                                 "p5 = 100\np95 = 40000"))
    [problem] = check_file(path)
    assert problem.got == "1.748e+06 box/port_call at percentile 99.99"
    path = write(tmp_path, entry("consumption.jan_may_2024", "rd/d", "p5 = 100\np95 = 1e6"))
    [problem] = check_file(path)
    assert problem.got == "0.3006 rd/d at percentile 0.01"


def test_every_problem_is_listed(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = "".join(entry(k, u, b) for k, u, b, _, _ in CASES[2:6])
    text += entry("munitions.152mm_he.projectile_mass", "t", "value = 1e-9")
    path = write(tmp_path, text)
    code, out, err = run(["assumptions", "check", str(path)], capsys)
    lines = err.splitlines()
    assert (code, out, lines[-1]) == (2, "", f"{path}: 5 problems")
    assert {line.split(": ")[2] for line in lines[:-1]} == {
        "ships.angara.containers_per_call", "rail.containers_per_car",
        "consumption.jan_may_2024", "scope.munitions_share", "munitions.152mm_he.projectile_mass"}
    assert "(got '1e-09 t')" in err


HONEST = [
    ("ships.angara.containers_per_call", "box/port_call", "min = 200\nmode = 2000\nmax = 24000"),
    ("rail.containers_per_car", "box/railcar", "low = 1\nhigh = 4"),
    ("consumption.jan_may_2024", "rd/a", "p5 = 1e6\np95 = 4e7"),
    ("scope.munitions_share", "1", "low = 0\nhigh = 1"),
    ("scope.munitions_share", "1", "alpha = 0.5\nbeta = 0.5"),
    ("scope.munitions_share", "percent", "min = 0\nmode = 50\nmax = 100"),
    ("munitions.152mm_he.complete_mass", "lb", "p5 = 100\np95 = 250\nshape = \"lognormal\""),
    ("munitions.60mm_mortar.projectile_mass", "g", "min = 1200\nmode = 1400\nmax = 1800"),
    ("calls.q4_2025", "port_call/month",  # an entry replaces the default whole: its period too
     "low = 0\nhigh = 60\nperiod_start = \"2025-10-01\"\nperiod_end = \"2026-01-01\""),
    ("missiles.kn23.mass", "t", "min = 3\nmode = 3.4\nmax = 4.2"),
    # a dud rate known to a ten-millionth (shapes near 1e14: it leaked a FloatingPointError)
    ("duds.dud_rate", "1", "p5 = 0.3\np95 = 0.3000001\nshape = \"beta\""),
    ("duds.dud_rate", "1", "p5 = 1e-9\np95 = 1e-8\nshape = \"beta\""),
]


@pytest.mark.parametrize(("key", "unit", "body"), HONEST, ids=[f"{k} {b.splitlines()[0]}"
                                                               for k, _, b in HONEST])
def test_honest_values_near_the_edges_pass(key: str, unit: str, body: str,
                                           tmp_path: Path) -> None:
    assert check_file(write(tmp_path, entry(key, unit, body))) == []


def test_a_dud_rate_known_to_a_ten_millionth_runs(tmp_path: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    p = write(tmp_path, entry("duds.dud_rate", "1", 'p5 = 0.3\np95 = 0.3000001\nshape = "beta"'))
    code, out, err = run(["containers", "--count", "6700", "-a", str(p), "--format", "json",
                          *N], capsys)
    assert code == 0, err
    rows = json.loads(out)["results"]
    assert rows
    for r in rows:  # usable = rounds x (1 - 0.3), the dud rate all but fixed
        assert r["usable"]["mean"] == pytest.approx(0.7 * r["mean"], rel=1e-6)


def test_a_new_calibre_of_small_arms_rounds_passes(tmp_path: Path) -> None:
    # 5.56mm: a bullet of about 4 g and 0.4 cm^3; a cartridge of about 12 g, packed
    text = "".join(entry(f"munitions.5_56mm_round.{k}", u, b) for k, u, b in [
        ("complete_mass", "g", "min = 11.5\nmode = 12\nmax = 12.5"),
        ("projectile_mass", "g", "min = 3.5\nmode = 4\nmax = 4.2"),
        ("complete_volume", "cm^3", "min = 4\nmode = 5\nmax = 6"),
        ("projectile_volume", "cm^3", "min = 0.35\nmode = 0.4\nmax = 0.45")])
    assert check_file(write(tmp_path, text)) == []


def test_the_defaults_lie_inside_every_plausible_range() -> None:
    s = AssumptionSet.defaults()
    assert value_problems(s.entries, list(s), "assumptions/") == []
    covered = [k for k in s if any(_glob_match(k, p) for p in PLAUSIBLE)]
    assert len(covered) > 60
    # and well inside: each default's median a factor of 3 from either end (but 0 and a
    # fraction's 1)
    for key in covered:
        a = s[key]
        if a.distribution.width > 1:
            continue
        low, high = _plausible(key).bounds(a.unit)
        median = float(a.distribution.ppf(np.array([0.5]))[0])
        assert low == 0 or median >= 3 * low, key
        assert high == 1 or median * 3 <= high, key


@pytest.mark.parametrize("pattern", list(PLAUSIBLE))
def test_each_range_is_in_a_unit_of_its_keys_dimension(pattern: str) -> None:
    dims = {d for p, d in SCHEMA.items() if _glob_match(pattern, p) or p == pattern}
    assert len(dims) == 1, (pattern, dims)
    dim = dims.pop()
    bound = PLAUSIBLE[pattern]
    for amount in (bound.low, bound.high):
        spelled = amount.partition(" ")[2] or "1"
        assert parse_unit(spelled, amount).dimensionality == dimensionality_of(dim), amount
    unit = parse_unit(bound.high.partition(" ")[2] or "1", bound.high)
    low, high = bound.bounds(unit)
    assert 0 <= low < high
