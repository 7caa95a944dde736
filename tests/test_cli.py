"""The ``estimate`` command line, driven in-process through :func:`estimator.cli.main`."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from clirun import run
from hypothesis import given
from hypothesis import strategies as st

from estimator.assumptions import AssumptionSet

SAMPLES = "500"
COUNT = ["containers", "--count", "6700", "--samples", SAMPLES]
DATA = Path(__file__).parent / "data"

VALID_OVERRIDE = '''[duds.dud_rate]
unit = "1"
alpha = 2
beta = 8
[[duds.dud_rate.sources]]
who = "Test author"
where = "Test report"
when = "2024-01"
says = "a figure"
'''

BAD_UNIT = VALID_OVERRIDE.replace("[duds.dud_rate]", "[munitions.152mm_he.projectile_mass]").replace(
    "[[duds.dud_rate.sources]]", "[[munitions.152mm_he.projectile_mass.sources]]").replace(
    'unit = "1"\nalpha = 2\nbeta = 8', 'unit = "m"\nvalue = 43.5')




def results_json(argv: list[str], capsys: pytest.CaptureFixture[str]) -> dict:
    code, out, err = run([*argv, "--format", "json"], capsys)
    assert code == 0, err
    return json.loads(out)


# --- good runs ------------------------------------------------------------------------------


@pytest.mark.parametrize("argv", [
    COUNT, ["port-calls", "-c", "32+", "-n", SAMPLES], ["rail", "--cars", "73", "-n", SAMPLES],
    ["shells", "-c", "2.5M", "-n", SAMPLES], ["timeline", "--from", "2023-08", "--to", "2023-10",
                                              "-n", SAMPLES],
    ["days", "--rounds", "1M", "--over", "365", "--usable", "-n", SAMPLES],
    ["reconcile", "--claim", "hur_1_5m_rounds", "-n", SAMPLES]])
def test_a_usable_figure_says_the_dud_share_behind_it(
        argv: list[str], capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """Usable rounds are quoted with the dud share they assume (median and 90% interval of
    duds.dud_rate, as its distribution gives them), and a user's fixed share as it is."""
    dud = AssumptionSet.defaults()["duds.dud_rate"]
    mid, low, high = (f"{100 * dud.ppf(np.array([u]))[0].m_as(''):.2g}%"
                      for u in (0.5, 0.05, 0.95))
    assert low != mid != high
    code, out, err = run(argv, capsys)
    assert code == 0, err
    rule = f"usable = rounds x (1 - duds.dud_rate: a dud share of {mid} [{low}-{high}])"
    assert sum(line.startswith(rule) for line in out.splitlines()) == 1, out
    fixed = tmp_path / "half.toml"
    fixed.write_text(VALID_OVERRIDE.replace("alpha = 2\nbeta = 8", "value = 0.5"),
                     encoding="utf-8")
    code, out, err = run([*argv, "-a", str(fixed)], capsys)
    assert code == 0, err
    assert "usable = rounds x (1 - duds.dud_rate: a dud share of 50%)" in out
    if argv is COUNT:  # a small share keeps its digits, and a spread its interval
        fixed.write_text(VALID_OVERRIDE.replace("alpha = 2\nbeta = 8", "low = 0.001\n"
                                                "high = 0.004"), encoding="utf-8")
        code, out, err = run([*argv, "-a", str(fixed)], capsys)
        assert code == 0, err
        assert "a dud share of 0.25% [0.11%-0.39%])" in out


def test_containers_table(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(["containers", "--count", "6700", "--samples", "2000"], capsys)
    assert code == 0, err
    assert err == ""
    assert "152mm_he" in out
    assert "usable" in out
    lines = out.splitlines()
    run_lines = [line for line in lines if line.startswith("run: estimator")]
    assert len(run_lines) == 1
    assert "2,000 samples" in run_lines[0]
    assert any(line.startswith("152mm_he ") for line in lines)


@pytest.mark.parametrize("fmt", ["table", "markdown"])
def test_containers_table_shows_the_mean_beside_the_median(
        fmt: str, capsys: pytest.CaptureFixture[str]) -> None:
    """Each row gives median [90% interval] and the mean, of rounds and of usable rounds,
    as the JSON has them (the mix's mean is well above its median)."""
    from estimator.report.format import human

    argv = [*COUNT, "--calibre", "152mm_he", "--calibre", "mix", "--basis", "complete"]
    rows = {r["calibre"]: r for r in results_json(argv, capsys)["results"]}
    code, out, err = run([*argv, "--format", fmt], capsys)
    assert code == 0, err
    cells = {}
    for line in out.splitlines():
        parts = [c for c in (line.split("|") if fmt == "markdown" else line.split("  "))
                 if c.strip()]
        if parts and parts[0].strip() in rows:
            cells[parts[0].strip()] = [c.strip() for c in parts]
    assert set(cells) == {"152mm_he", "mix"}
    for calibre, r in rows.items():
        assert cells[calibre][2] == human(r["mean"]), cells[calibre]
        assert cells[calibre][4] == human(r["usable"]["mean"]), cells[calibre]
    assert rows["mix"]["mean"] > rows["mix"]["p50"]


def test_containers_json(capsys: pytest.CaptureFixture[str]) -> None:
    data = results_json(COUNT, capsys)
    assert data["schema"] == "estimator.containers"
    assert data["run"]["samples"] == int(SAMPLES)
    assert data["input"]["count"] == "6700"
    results = data["results"]
    assert results
    assert {"152mm_he", "mix"} <= {r["calibre"] for r in results}
    for r in results:
        for field in ("label", "calibre", "measure", "unit", "mean", "p5", "p50", "p95", "usable"):
            assert field in r, field
        assert 0 < r["p5"] <= r["p50"] <= r["p95"]
        usable = r["usable"]
        assert usable["p50"] <= r["p50"]


def test_containers_csv(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run([*COUNT, "--format", "csv"], capsys)
    assert code == 0, err
    comments = [line for line in out.splitlines() if line.lstrip('"').startswith("#")]
    assert comments and all(line.startswith("# ") for line in comments), comments
    assert any("seed" in line for line in comments)
    rows = [row for row in csv.reader(io.StringIO(out)) if row and not row[0].startswith("#")]
    assert len(rows) > 2
    header = rows[0]
    for field in ("label", "calibre", "measure", "unit", "mean", "p5", "p50", "p95"):
        assert field in header, field
    assert all(len(row) == len(header) for row in rows)
    calibres = [row[header.index("calibre")] for row in rows[1:]]
    assert "152mm_he" in calibres
    measures = {row[header.index("measure")] for row in rows[1:]}
    assert any("usable" in m for m in measures)


def test_containers_markdown(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run([*COUNT, "--format", "markdown"], capsys)
    assert code == 0, err
    table = [line for line in out.splitlines() if line.startswith("|")]
    assert len(table) >= 3
    assert any("152mm_he" in line for line in table)
    assert any(set(line) <= set("|-: ") for line in table)


def test_output_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "out.json"
    code, out, err = run([*COUNT, "--format", "json", "--output", str(target)], capsys)
    assert code == 0, err
    assert out == ""
    assert err == ""
    assert json.loads(target.read_text())["schema"] == "estimator.containers"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.json"]


@pytest.mark.parametrize("argv", [
    [*COUNT, "--calibre", "152mm_he"], ["port-calls", "-c", "32", "-n", "500"],
    ["reconcile", "--claim", "hur_1_5m_rounds", "-n", "500"]])
def test_without_format_the_output_suffix_chooses_it(argv: list[str], tmp_path: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    """-o out.json once wrote the text table into out.json."""
    files = {s: tmp_path / f"out{s}" for s in (".json", ".CSV", ".md", ".txt")}
    for target in files.values():
        code, _, err = run([*argv, "-o", str(target)], capsys)
        assert code == 0, err
    assert "schema" in json.loads(files[".json"].read_text())
    assert files[".CSV"].read_text().startswith("# run: ")
    assert files[".md"].read_text().startswith("**")
    table = files[".txt"].read_text()
    assert not table.startswith(("{", "**", "#"))
    code, _, err = run([*argv, "-f", "table", "-o", str(files[".json"])], capsys)
    assert code == 0 and files[".json"].read_text() == table  # as asked, whatever the name


def test_same_seed_same_numbers(capsys: pytest.CaptureFixture[str]) -> None:
    first = results_json([*COUNT, "--seed", "7"], capsys)
    second = results_json([*COUNT, "--seed", "7"], capsys)
    assert first == second
    assert first["run"]["seed"] == 7


def test_other_seed_other_numbers(capsys: pytest.CaptureFixture[str]) -> None:
    a = results_json([*COUNT, "--seed", "7"], capsys)
    b = results_json([*COUNT, "--seed", "8"], capsys)
    assert [r["p50"] for r in a["results"]] != [r["p50"] for r in b["results"]]
    assert [r["calibre"] for r in a["results"]] == [r["calibre"] for r in b["results"]]


def test_assumptions_override_is_used(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    mine = tmp_path / "mine.toml"
    mine.write_text(VALID_OVERRIDE)
    data = results_json([*COUNT, "--assumptions", str(mine)], capsys)
    assert data["run"]["overridden"] == ["duds.dud_rate"]


def test_assumptions_list(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(["assumptions", "list"], capsys)
    assert code == 0, err
    assert any(line.startswith("duds.dud_rate ") for line in out.splitlines())
    assert "munitions.152mm_he.projectile_mass" in out


def test_assumptions_show(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(["assumptions", "show", "duds.dud_rate"], capsys)
    assert code == 0, err
    assert out.startswith("duds.dud_rate\n")
    assert "source 1:" in out
    assert "\n  file: assumptions/rates.toml\n" in out  # the checkout's own folder


def test_assumptions_show_gives_an_installed_default_its_path(
        capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
        tmp_path: Path) -> None:
    """Installed, the defaults are in the package's _defaults folder, not an assumptions/
    folder a user could open: the line says where."""
    import estimator.report.assumptions as shown

    monkeypatch.setattr(shown, "defaults_dir", lambda: tmp_path / "_defaults")
    code, out, err = run(["assumptions", "show", "duds.dud_rate"], capsys)
    assert code == 0, err
    assert (f"\n  file: assumptions/rates.toml (the defaults; installed as "
            f"{tmp_path / '_defaults' / 'rates.toml'})\n") in out


def test_assumptions_list_and_show_a_users_file(tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    mine = tmp_path / "mine.toml"
    mine.write_text(VALID_OVERRIDE)
    code, out, err = run(["assumptions", "list", "duds.", "-a", str(mine)], capsys)
    assert code == 0, err
    lines = out.splitlines()
    (dud,) = [line for line in lines if line.startswith("duds.dud_rate ")]
    assert dud.endswith("[mine.toml]") and "fixed 0.3" not in dud
    assert [line for line in lines if line.endswith("[mine.toml]")] == [dud]
    _, default_out, _ = run(["assumptions", "list", "duds.dud_rate"], capsys)
    assert "[mine.toml]" not in default_out
    code, out, err = run(["assumptions", "show", "duds.dud_rate", "--json", "-a", str(mine)],
                         capsys)
    assert code == 0, err
    doc = json.loads(out)
    assert (doc["schema"], doc["schema_version"], doc["overridden"]) == (
        "estimator.assumptions", 1, ["duds.dud_rate"])
    (shown,) = doc["assumptions"]
    assert shown["file"] == str(mine) and shown["overridden"]
    _, default_out, _ = run(["assumptions", "show", "duds.dud_rate", "-f", "json"], capsys)
    assert json.loads(default_out)["assumptions"][0]["params"] != shown["params"]


@pytest.mark.parametrize("fmt", ["json", "csv", "markdown"])
def test_assumptions_list_in_every_format_holds_every_key_and_source(
        fmt: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import csv

    from estimator.assumptions import AssumptionSet

    s = AssumptionSet.defaults()
    keys = [k for k in s if k.startswith("munitions.152mm_he.")]
    out_file = tmp_path / f"list.{ {'markdown': 'md'}.get(fmt, fmt) }"
    code, out, err = run(["assumptions", "list", "munitions.152mm_he.", "-o", str(out_file)],
                         capsys)
    assert code == 0 and out == "", err
    text = out_file.read_text(encoding="utf-8")
    if fmt == "json":
        doc = json.loads(text)
        assert [a["key"] for a in doc["assumptions"]] == keys
        assert all(a["sources"] and a["describe"] for a in doc["assumptions"])
    elif fmt == "csv":
        rows = list(csv.DictReader(ln for ln in text.splitlines() if not ln.startswith("#")))
        assert [(r["key"], int(r["source"])) for r in rows] == [
            (k, i) for k in keys for i in range(1, len(s[k].sources) + 1)]
    else:
        assert all(f"`{k}`" in text for k in keys)


def test_assumptions_check_valid(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    mine = tmp_path / "mine.toml"
    mine.write_text(VALID_OVERRIDE)
    code, out, err = run(["assumptions", "check", str(mine)], capsys)
    assert code == 0, err
    assert "valid" in out and "duds.dud_rate" in out


# --- bad input ------------------------------------------------------------------------------

# (id, argv with {dir} for tmp_path, text that the one stderr line must contain)
BAD: list[tuple[str, list[str], str]] = [
    *[(f"count {c!r}", ["containers", "--count", c, "--samples", "100"], "--count")
      for c in ["-5", "abc", "nan", "inf", "", "8M-6M", "1e400", "--", "6,70,0", "0.5",
                "6700.5", "10.5+"]],
    # a count of things is whole, whichever command reads it
    *[(f"fractional {argv[0]} {argv[-2]}", argv, argv[-2]) for argv in [
        ["shells", "--count", "2.5"], ["port-calls", "--count", "32.5"],
        ["rail", "--cars", "1.5"], ["rail", "--trains", "<=2.5"],
        ["days", "--per-day", "2700", "--rounds", "1.5"],
        ["sensitivity", "containers", "--count", "0.5"]]],
    ("count missing", ["containers", "--samples", "100"], "--count"),
    ("samples 0", ["containers", "--count", "6700", "--samples", "0"], "--samples"),
    ("samples -3", ["containers", "--count", "6700", "--samples", "-3"], "--samples"),
    ("samples x", ["containers", "--count", "6700", "--samples", "x"], "--samples"),
    ("seed -1", ["containers", "--count", "6700", "--samples", "100", "--seed", "-1"], "--seed"),
    ("seed x", ["containers", "--count", "6700", "--samples", "100", "--seed", "x"], "--seed"),
    ("calibre 999mm", ["containers", "--count", "6700", "--samples", "100", "--calibre", "999mm"],
     "--calibre"),
    ("format xml", ["containers", "--count", "6700", "--samples", "100", "--format", "xml"],
     "--format"),
    ("assumptions missing", ["containers", "--count", "6700", "--samples", "100",
                             "--assumptions", "{dir}/nosuch.toml"], "nosuch.toml"),
    ("assumptions directory", ["containers", "--count", "6700", "--samples", "100",
                               "--assumptions", "{dir}/adir"], "adir"),
    ("assumptions malformed", ["containers", "--count", "6700", "--samples", "100",
                               "--assumptions", "{dir}/malformed.toml"], "malformed.toml"),
    ("assumptions bad unit", ["containers", "--count", "6700", "--samples", "100",
                              "--assumptions", "{dir}/badunit.toml"], "badunit.toml"),
    ("show nosuch.key", ["assumptions", "show", "nosuch.key"], "nosuch.key"),
    ("check directory", ["assumptions", "check", "{dir}/adir"], "adir"),
    ("unknown option", ["containers", "--count", "6700", "--frobnicate"], "--frobnicate"),
]
# Each of the containers cases again, asked to write a file: none may be left behind.
BAD += [(f"{name} -o", [*argv, "--output", "{dir}/out.json"], needle)
        for name, argv, needle in BAD if argv[0] == "containers" and name != "unknown option"]


@pytest.mark.parametrize(("argv", "needle"), [pytest.param(a, n, id=i) for i, a, n in BAD])
def test_bad_input_is_one_line_and_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                          argv: list[str], needle: str) -> None:
    make_files(tmp_path)
    before = sorted(p.name for p in tmp_path.iterdir())
    code, out, err = run([a.replace("{dir}", str(tmp_path)) for a in argv], capsys)
    assert code == 2, (out, err)
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1, err
    assert err.endswith("\n") and err.count("\n") == 1, err
    assert needle in lines[0], err
    assert "Traceback" not in out + err
    assert "internal error" not in err
    assert sorted(p.name for p in tmp_path.iterdir()) == before


@pytest.mark.parametrize("argv", [[], ["containers"], ["sensitivity"], ["assumptions"]])
def test_a_command_given_nothing_shows_its_help_and_fails(
        argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    """No arguments: the help, on standard error, and exit 2 (as click has it), so that a
    script that lost its options does not pass for a run."""
    code, out, err = run(argv, capsys)
    assert (code, out) == (2, "")
    first = err.splitlines()[0]
    assert first.startswith("Usage: ") and "".join(f" {a}" for a in argv) + " [OPTIONS]" in first


@pytest.mark.parametrize("text, low, high", [("6,700", 6700, 6700), ("2.5M", 2.5e6, 2.5e6),
                                             ("6.5k-8k", 6500, 8000), ("~0.5", 0.495, 0.505)])
def test_a_whole_count_takes_what_a_fraction_writes(text: str, low: float, high: float) -> None:
    """2.5M is a whole number of things, and a range or an ~N spreads over fractions."""
    from estimator.cli.common import Counted

    count = Counted("--count").convert(text, None, None)
    assert (count.low, count.high) == (pytest.approx(low), pytest.approx(high))


def make_files(tmp_path: Path) -> None:
    (tmp_path / "adir").mkdir()
    (tmp_path / "malformed.toml").write_text("[duds.dud_rate\nunit = '1'\n")
    (tmp_path / "badunit.toml").write_text(BAD_UNIT)


@pytest.mark.parametrize("name", ["malformed.toml", "badunit.toml", "nosuch.toml"])
def test_check_broken_file(tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str) -> None:
    """``assumptions check`` lists each problem on its own line, then a one-line count."""
    make_files(tmp_path)
    before = sorted(p.name for p in tmp_path.iterdir())
    code, out, err = run(["assumptions", "check", str(tmp_path / name)], capsys)
    assert code == 2, (out, err)
    assert out == ""
    lines = err.splitlines()
    assert [line for line in lines if line.startswith("error: ")] == lines[:1]
    assert lines[-1] == f"{tmp_path / name}: 1 problem"
    assert all(name in line for line in lines)
    assert "Traceback" not in err
    assert sorted(p.name for p in tmp_path.iterdir()) == before


def test_check_lists_at_most_a_hundred_problems_and_counts_them_all(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """250 stray keys without sources (two problems each): the first hundred listed, the
    count says all 500."""
    from estimator.cli.common import PROBLEMS_SHOWN
    bad = tmp_path / "many.toml"
    bad.write_text("".join(f"[stray_{i:03}]\nvalue = 1\nunit = '1'\n" for i in range(250)))
    code, out, err = run(["assumptions", "check", str(bad)], capsys)
    assert code == 2 and out == ""
    lines = err.splitlines()
    assert len(lines) == PROBLEMS_SHOWN + 1 == 101
    assert all(line.startswith("error: ") for line in lines[:-1])
    assert "stray_000" in lines[0] and "stray_099" in lines[-2]
    assert lines[-1] == f"{bad}: 500 problems (the first 100 listed above)"


def test_bad_input_sweep_is_large_enough() -> None:
    assert len(BAD) >= 25
    assert len({name for name, _, _ in BAD}) == len(BAD)


def test_module_entry_point_bad_count(tmp_path: Path) -> None:
    """The same contract through ``python -m estimator``, in a real process."""
    proc = subprocess.run([sys.executable, "-m", "estimator", "containers", "--count", "abc",
                           "--output", str(tmp_path / "out.json")],
                          capture_output=True, text=True, timeout=60, cwd=tmp_path)
    assert proc.returncode == 2
    assert proc.stdout == ""
    assert proc.stderr.count("\n") == 1 and "--count" in proc.stderr
    assert "Traceback" not in proc.stderr
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("argv", [
    ["containers", "--count", "6700", "--calibre", "152mm_he"],
    ["shells", "--count", "2.5M"],
    ["port-calls", "--count", "32"],
    ["timeline", "--from", "2023-09", "--to", "2023-12"],
    ["days", "--rounds", "1M"],
])
@pytest.mark.parametrize("method", ["lhs", "sobol"])
def test_every_analysis_takes_a_method_and_records_it(argv: list[str], method: str,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run([*argv, "--samples", "1000", "--method", method, "-f", "json"], capsys)
    assert code == 0, err
    run_record = json.loads(out)["run"]
    assert run_record["method"] == method
    # samples are rounded up to whole replicates: 8 of them, powers of two for sobol
    assert run_record["samples"] >= 1000 and run_record["samples"] % 8 == 0
    if method == "sobol":
        per = run_record["samples"] // 8
        assert per & (per - 1) == 0


def test_an_unknown_method_is_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    code, _out, err = run(["containers", "--count", "6700", "--method", "halton"], capsys)
    assert code == 2 and len(err.strip().splitlines()) == 1 and "--method" in err, err


@pytest.mark.parametrize(("mode", "kept"), [(0o600, 0o600), (0o640, 0o640), (0o664, 0o664),
                                           (0o4755, 0o644)])
def test_a_file_replaced_keeps_its_permissions(mode: int, kept: int, tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    """A private file overwritten with --output stays private; its read and write bits
    are kept, not execute or setuid (the new file is text)."""
    out = tmp_path / "out.json"
    out.write_text("old")
    out.chmod(mode)
    code, _, err = run(["containers", "--count", "6700", "-n", "100", "-f", "json", "-o",
                        str(out)], capsys)
    assert code == 0, err
    assert out.stat().st_mode & 0o7777 == kept and out.read_text() != "old"


def test_output_files_get_the_usual_permissions(tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    import os

    out = tmp_path / "out.json"
    code, _, err = run(["containers", "--count", "6700", "-n", "100", "-f", "json", "-o",
                        str(out)], capsys)
    mask = os.umask(0)
    os.umask(mask)
    assert code == 0, err
    assert out.stat().st_mode & 0o777 == 0o666 & ~mask
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_a_read_only_output_is_refused_as_the_shell_refuses_it() -> None:
    """The rename an output is written by would replace a file its owner made read-only
    (chmod 444): the user may write it as the shell would let them, or not at all."""
    from estimator.output import may_write

    def file(mode: int, uid: int = 1000, gid: int = 1000) -> os.stat_result:
        return os.stat_result((0o100000 | mode, 0, 0, 1, uid, gid, 0, 0, 0, 0))

    assert may_write(file(0o644), 1000, {1000})
    assert not may_write(file(0o444), 1000, {1000})
    assert not may_write(file(0o466), 1000, {1000})  # the owner's own bits decide
    assert may_write(file(0o464, uid=0), 1000, {1000})  # the group's
    assert not may_write(file(0o646, uid=0), 1000, {1000})
    assert may_write(file(0o446, uid=0, gid=0), 1000, {1000})  # anyone's
    assert not may_write(file(0o444, uid=0, gid=0), 65534, {65534})
    assert may_write(file(0o444), 0, {0})  # root, as '> file' lets root


@pytest.mark.parametrize("option", ["--output", "--plot"])
def test_a_read_only_output_is_left_alone_before_any_work(
        option: str, tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    kept = Path("final.txt" if option == "--output" else "final.png")
    kept.write_text("precious\n")
    kept.chmod(0o444)
    monkeypatch.setattr(os, "geteuid", lambda: kept.stat().st_uid or 1000)
    monkeypatch.setattr(os, "getegid", lambda: 1000)
    monkeypatch.setattr(os, "getgroups", lambda: [1000])
    argv = (["sensitivity", "containers", "-c", "6700", "--calibre", "152mm_he", "-n", "64"]
            if option == "--plot" else COUNT)
    code, out, err = run([*argv, option, str(kept)], capsys)
    assert code == 2 and out == ""
    assert err == (f"error: {option}: expected a writable file (this one is read-only to "
                   f"you) (got '{kept}')\n")
    assert kept.read_text() == "precious\n" and kept.stat().st_mode & 0o777 == 0o444


@pytest.mark.parametrize("argv", [
    ["shells", "--count", "2.5M"],
    ["port-calls", "--count", "32"],
    ["timeline", "--from", "2024-01", "--to", "2024-03"],
    ["reconcile", "--claim", "shin_6700_containers"],
    ["days", "--rounds", "1M"],
])
@pytest.mark.parametrize("fmt", ["table", "markdown"])
def test_every_table_states_its_monte_carlo_error(argv: list[str], fmt: str,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run([*argv, "-n", "400", "-f", fmt], capsys)
    assert code == 0, err
    # at 400 samples the third digits are noise, and the output says so
    assert "third significant digit" in out and "400 samples" in out
    code, out, err = run([*argv, "-n", "100000", "-f", fmt], capsys)
    assert code == 0, err
    assert "Monte Carlo error" in out or "third significant digit" in out


def _stats_objects(doc: object) -> list[dict]:
    if isinstance(doc, dict):
        here = [doc] if {"p5", "p50", "p95", "se"} <= set(doc) else []
        return here + [s for v in doc.values() for s in _stats_objects(v)]
    if isinstance(doc, list):
        return [s for v in doc for s in _stats_objects(v)]
    return []


@pytest.mark.parametrize("argv", [
    ["shells", "--count", "2.5M"],
    ["port-calls", "--count", "32"],
    ["timeline", "--from", "2024-01", "--to", "2024-02"],
    ["rail", "--cars", "73"],
    ["reconcile", "--claim", "hur_1_5m_rounds"],
])
def test_precision_on_every_analysis(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run([*argv, "--precision", "1%", "-f", "json"], capsys)
    assert code == 0, err
    doc = json.loads(out)
    worst = max(abs(s["se"][k] / s[k]) for s in _stats_objects(doc)
                for k in ("p5", "p50", "p95") if s[k])
    assert worst <= 0.01 * 1.3  # standard errors are estimates: a little noise allowed
    assert doc["run"]["samples"] >= 16_384  # never fewer than the pilot run
    assert doc["run"]["precision"] == 0.01


@pytest.mark.parametrize("argv", [
    ["shells", "--count", "2.5M"],
    ["port-calls", "--count", "32"],
    ["reconcile", "--claim", "hur_1_5m_rounds"],
])
def test_after_precision_every_table_says_what_it_chose_and_asks_for_a_finer_one(
        argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    """Every command but containers once told a user who had given --precision to use
    --precision."""
    code, out, err = run([*argv, "--precision", "2%"], capsys)
    assert code == 0, err
    lines = out.splitlines()
    at = next(i for i, line in enumerate(lines) if line.startswith(
        "samples chosen for --precision 2%: "))
    assert "finer --precision" in lines[at + 1] or lines[at + 1].startswith("Monte Carlo error")
    assert not any("use --precision or more" in line for line in lines)
    code, out, err = run([*argv, "--samples", "2000"], capsys)
    assert code == 0, err
    assert "samples chosen" not in out and "use --precision or more --samples" in out


def test_a_tight_precision_takes_more_samples_than_the_pilot(
        capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(["shells", "--count", "2.5M", "--precision", "0.3%", "-f", "json"],
                         capsys)
    assert code == 0, err
    doc = json.loads(out)
    worst = max(abs(s["se"][k] / s[k]) for s in _stats_objects(doc)
                for k in ("p5", "p50", "p95") if s[k])
    assert doc["run"]["samples"] > 16_384 and worst <= 0.003 * 1.3


def test_precision_and_pooled_do_not_mix(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(["reconcile", "--pooled", "--precision", "1%"], capsys)
    assert code == 2 and "--precision" in err and len(err.strip().splitlines()) == 1


@pytest.mark.parametrize("argv", [["containers", "--help"], ["reconcile", "--help"],
                                  ["assumptions", "--help"], ["sensitivity", "containers",
                                                              "--help"]])
def test_a_command_reads_the_same_from_the_app_of_one_command(argv: list[str]) -> None:
    """Each run builds only the command it calls; its help (and so its options) must be
    what the whole app has."""
    import typer
    from click.testing import CliRunner

    from estimator import cli

    one = cli._app_for(argv)
    assert one is not cli.app
    assert len(typer.main.get_command(one).commands) == 1  # type: ignore[attr-defined]
    whole = CliRunner().invoke(typer.main.get_command(cli.app), argv, prog_name="estimate")
    alone = CliRunner().invoke(typer.main.get_command(one), argv, prog_name="estimate")
    assert whole.exit_code == alone.exit_code == 0
    assert alone.output == whole.output and "Usage: estimate " + argv[0] in alone.output


def test_the_top_level_and_unknown_commands_get_the_whole_app() -> None:
    from estimator import cli

    for argv in ([], ["--help"], ["nosuch"]):
        assert cli._app_for(argv) is cli.app


@pytest.mark.parametrize("argv, form_key", [
    (["containers", "--count", "10000+"], "counts.at_least_excess"),
    (["containers", "--count", "<=10000"], "counts.up_to_shortfall"),
    (["shells", "--count", "2.5M+"], "counts.at_least_excess"),
    (["port-calls", "--count", "32+"], "counts.at_least_excess"),
    (["rail", "--cars", "73+"], "counts.at_least_excess"),
    (["days", "--rounds", "1M+", "--per-day", "2700"], "counts.at_least_excess"),
])
@pytest.mark.parametrize("fmt", ["table", "json", "markdown", "csv"])
def test_at_least_and_up_to_counts_in_every_format(
        argv: list[str], form_key: str, fmt: str, capsys: pytest.CaptureFixture[str]) -> None:
    """An 'at least' or 'up to' count runs in every format, and the assumption its
    excess or shortfall is drawn from is listed among those used (not the count's own
    internal inputs)."""
    code, out, err = run([*argv, "--samples", SAMPLES, "--format", fmt], capsys)
    assert code == 0, err
    if fmt == "json":
        used = [a["key"] for a in json.loads(out)["assumptions"]]
        assert form_key in used
        assert not any(k == "count" or k.startswith("count.") for k in used)
    elif fmt != "csv":
        listed = f"- `{form_key}`: " if fmt == "markdown" else f"  {form_key}: "
        assert listed in out


@pytest.mark.parametrize("argv", [
    ["containers", "--count", "6700"],
    ["shells", "--count", "2.5M"],
    ["port-calls", "--count", "32"],
    ["rail", "--cars", "73"],
    ["days", "--rounds", "1M", "--per-day", "2700"],
    ["timeline", "--from", "2024-01", "--to", "2024-04"],
    ["reconcile", "--claim", "shin_6700_containers", "--claim", "hur_1_5m_rounds"],
    ["reconcile", "--pooled"],
    ["reconcile", "--pooled", "--claim", "shin_6700_containers", "--claim",
     "state_dept_10000_containers"],
])
def test_markdown_lists_the_assumptions_the_table_lists(
        argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    """Markdown (for papers) carries the sources too: the same keys as the table's
    'assumptions used', in the same order."""
    code, table, err = run([*argv, "--samples", SAMPLES], capsys)
    assert code == 0, err
    code, md, err = run([*argv, "--samples", SAMPLES, "--format", "markdown"], capsys)
    assert code == 0, err
    from estimator.report.common import SOURCES_TITLE

    listed = table.split(SOURCES_TITLE + "\n", 1)[1]
    keys = [line.split(":", 1)[0].strip().removesuffix(" [overridden]")
            for line in listed.splitlines() if line.startswith("  ")]
    md_keys = [line.split("`")[1] for line in md.splitlines() if line.startswith("- `")
               and line.split("`")[1] in keys]
    assert keys and md_keys == keys


@pytest.mark.parametrize("command", ["containers", "shells", "reconcile", "port-calls", "rail",
                                     "timeline", "days", "assumptions check",
                                     "sensitivity containers", "reports check"])
def test_help_shows_defaults_without_escapes(command: str,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    """Plain help, as people read it: "[default: ...]" and "[required]", never the
    backslash-escaped form meant for rich's HTML export."""
    code, out, err = run([*command.split(), "--help"], capsys)
    assert code == 0, err
    assert "[default: " in out or "[required]" in out
    assert "\\[" not in out
    # numbers are read as written (50k, 2,700, 5e4): no option promises an INTEGER or FLOAT
    assert not re.search(r"\b(INTEGER|FLOAT)\b", out)


@pytest.mark.parametrize("command", ["containers", "shells", "reconcile", "port-calls", "rail",
                                     "timeline", "days", "assumptions list", "assumptions show",
                                     "assumptions check", "assumptions forms",
                                     "sensitivity containers", "reports list", "reports show",
                                     "reports check", "assumptions", "reports", "sensitivity"])
def test_help_examples_stand_one_to_a_line(command: str, capsys: pytest.CaptureFixture[str],
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    """Each example in a command's help on a line of its own, to copy as it stands (click
    runs the lines of a paragraph together, and rewraps them to the terminal: long
    examples were cut in two, at any width), whole however narrow the terminal."""
    monkeypatch.setenv("COLUMNS", "60")
    code, out, err = run([*command.split(), "--help"], capsys)
    assert code == 0, err
    shown = [line for line in out.splitlines() if "estimate " + command in line]
    assert shown, out
    assert all(line.strip().startswith("estimate ") and line.count("estimate ") == 1
               for line in shown), shown
    # an example's paragraph is that one line: no cut-off options on the next
    for para in re.split(r"\n\s*\n", out):
        lines = [t.strip() for t in para.splitlines() if t.strip()]
        if lines and lines[0].startswith("estimate "):
            assert all(t.startswith("estimate ") for t in lines), lines
    import shlex

    for line in shown:  # pasted into a shell: a remark behind '#', not in bare brackets
        words = shlex.split(line, comments=True)
        assert not any(w.startswith("(") for w in words), line


def test_output_never_overwrites_the_tools_own_files(capsys: pytest.CaptureFixture[str]) -> None:
    import estimator
    from estimator.assumptions import defaults_dir

    package = Path(estimator.__file__).parent
    for own in (defaults_dir() / "munitions.toml", defaults_dir() / "reports.toml",
                package / "units.txt", package / "cli" / "common.py"):
        before = own.read_bytes()
        code, out, err = run([*COUNT, "--output", str(own)], capsys)
        assert code == 2 and out == ""
        assert err.startswith("error: --output: expected a file other than the tool's own")
        assert own.read_bytes() == before


def test_output_never_overwrites_the_checkouts_own_files(
        capsys: pytest.CaptureFixture[str]) -> None:
    """Run from a source checkout, its README, project files and tests are its own too."""
    import estimator

    root = Path(estimator.__file__).resolve().parent.parent
    if not (root / "pyproject.toml").is_file():
        pytest.skip("the package is installed, not run from a checkout")
    for own in (root / "README.md", root / "pyproject.toml", root / "uv.lock",
                root / "tests" / "test_cli.py", root / "tests" / "new_file.txt"):
        before = own.read_bytes() if own.exists() else None
        code, out, err = run([*COUNT, "--output", str(own)], capsys)
        assert (code, out) == (2, "")
        assert err.startswith("error: --output: expected a file other than the tool's own")
        assert "its tests, README and project files" in err
        assert (own.read_bytes() if own.exists() else None) == before


def test_output_dash_is_standard_output(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    code, out, err = run([*COUNT, "--output", "-"], capsys)
    assert code == 0, err
    assert out.startswith("6700: taken as exact") and list(tmp_path.iterdir()) == []


def test_output_through_a_symlink_writes_its_target(tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    real, link = tmp_path / "real.txt", tmp_path / "link.txt"
    link.symlink_to(real.name)
    code, _, err = run([*COUNT, "--output", str(link)], capsys)
    assert code == 0, err
    assert link.is_symlink() and real.read_text().startswith("6700: taken as exact")


def test_output_to_a_pipe_is_written_directly(tmp_path: Path) -> None:
    """A pipe (or a character device such as /dev/null) is written, not replaced by a
    regular file."""
    import os

    from estimator.output import write_atomic

    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    reader = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)  # a reader, before the write
    try:
        write_atomic(fifo, "through the pipe\n")
        assert os.read(reader, 100) == b"through the pipe\n"
    finally:
        os.close(reader)
    assert fifo.is_fifo()


@pytest.mark.parametrize("argv", [
    ["reconcile", "--pooled", "--claim", "shin_6700_containers", "--claim",
     "state_dept_10000_containers"],
    ["sensitivity", "containers", "--count", "6700", "--calibre", "152mm_he"],
])
def test_a_plot_is_never_written_when_the_output_fails(
        argv: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    samples = ["--samples", "64"]
    plot = tmp_path / "p.png"
    code, _, err = run([*argv, *samples, "--plot", str(plot), "--output",
                        str(tmp_path / "nodir" / "x.txt")], capsys)
    assert code == 2 and "--output: expected a path in an existing folder" in err
    code, _, err = run([*argv, *samples, "--plot", str(plot), "--output", str(plot)], capsys)
    assert code == 2 and err.startswith("error: --plot: expected a file other than --output")
    mine = tmp_path / "mine.toml"
    mine.write_text(VALID_OVERRIDE)
    code, _, err = run([*argv, *samples, "--assumptions", str(mine), "--plot", str(plot),
                        "--output", str(mine)], capsys)
    assert code == 2 and "--output: expected a file other than the command's input" in err
    assert mine.read_text() == VALID_OVERRIDE
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mine.toml"]


@pytest.mark.parametrize("argv", [
    ["containers", "--count", "0"],
    ["shells", "--count", "0"],
    ["port-calls", "--count", "0"],
    ["rail", "--cars", "0"],
    ["days", "--rounds", "0", "--per-day", "2700"],
    ["timeline", "--from", "2024-01", "--to", "2024-03"],
    ["reconcile", "--claim", "shin_6700_containers"],
])
def test_json_is_strict_even_where_a_ratio_is_undefined(argv: list[str],
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    """A count of 0 makes some ratios 0/0: JSON has no NaN or Infinity, so they are null."""
    def refuse(constant: str) -> None:
        raise AssertionError(f"not JSON: {constant}")

    code, out, err = run([*argv, "--samples", SAMPLES, "--format", "json"], capsys)
    assert code == 0, err
    json.loads(out, parse_constant=refuse)


def test_files_people_save_from_other_editors(tmp_path: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    """A byte-order mark is read past; a file in another encoding is named with the byte
    and line; a missing file names the option."""
    bom = tmp_path / "bom.toml"
    bom.write_bytes(b"\xef\xbb\xbf" + VALID_OVERRIDE.encode())
    code, _, err = run([*COUNT, "--assumptions", str(bom)], capsys)
    assert code == 0, err
    latin = tmp_path / "latin.toml"
    latin.write_bytes(VALID_OVERRIDE.replace('"a figure"', '"caf\xe9"').encode("latin-1"))
    code, _, err = run([*COUNT, "--assumptions", str(latin)], capsys)
    assert code == 2 and "expected a UTF-8 text file in TOML" in err
    assert "byte 0xe9 on line 9" in err  # says = "caf\xe9"
    code, _, err = run([*COUNT, "--assumptions", str(tmp_path / "none.toml")], capsys)
    assert code == 2 and err.startswith(f"error: --assumptions {tmp_path / 'none.toml'}: "
                                        "expected an existing file")


def test_a_new_calibre_missing_entries_names_the_users_file(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    mine = tmp_path / "newcal.toml"
    mine.write_text(VALID_OVERRIDE.replace("duds.dud_rate", "munitions.9mm_x.projectile_mass")
                    .replace('unit = "1"\nalpha = 2\nbeta = 8', 'unit = "kg"\nvalue = 0.01'))
    code, _, err = run(["assumptions", "check", str(mine)], capsys)
    assert code == 2
    missing = [line for line in err.splitlines() if "every calibre to have" in line]
    assert len(missing) == 3
    assert all(line.startswith(f"error: {mine}: munitions.9mm_x.") for line in missing)


def test_standard_output_that_cannot_be_written_is_one_line(
        capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    class Full(io.StringIO):
        def write(self, text: str) -> int:
            raise OSError(28, "No space left on device")

    monkeypatch.setattr(sys, "stdout", Full())
    code, _, err = run(COUNT, capsys)
    assert code == 2
    assert err == ("error: standard output: expected room to write the result (or --output "
                   "FILE) (got 'No space left on device')\n")


def test_output_through_a_descriptor_appends_and_keeps_the_file(tmp_path: Path) -> None:
    """/dev/fd/N (or /dev/stdout) names a descriptor: its file is written in place,
    never replaced (replacing it lost whatever a '>> log' held before)."""
    import os

    from estimator.output import write_atomic

    log = tmp_path / "log.txt"
    log.write_text("kept\n")
    inode = log.stat().st_ino
    fd = os.open(log, os.O_WRONLY | os.O_APPEND)
    try:
        write_atomic(f"/dev/fd/{fd}", "added\n")
    finally:
        os.close(fd)
    assert log.read_text() == "kept\nadded\n" and log.stat().st_ino == inode


def test_output_to_a_pipe_nobody_reads_or_a_symlink_loop_is_one_line(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import os

    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    code, _, err = run([*COUNT, "--output", str(fifo)], capsys)  # no reader: no wait
    assert code == 2 and "--output: expected a pipe that some process reads" in err
    (tmp_path / "a").symlink_to("b")
    (tmp_path / "b").symlink_to("a")
    code, _, err = run([*COUNT, "--output", str(tmp_path / "a")], capsys)
    assert code == 2 and ("--output: expected a path the system can open (this one: Too "
                          "many levels of symbolic links)") in err


def test_output_naming_an_input_fails_before_the_run(tmp_path: Path,
                                                      capsys: pytest.CaptureFixture[str],
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    import estimator.engine

    def no_run(*args: object, **kwargs: object) -> None:
        raise AssertionError("the run started")

    monkeypatch.setattr(estimator.engine.Engine, "run", no_run)
    mine = tmp_path / "mine.toml"
    mine.write_text(VALID_OVERRIDE)
    code, _, err = run([*COUNT, "--assumptions", str(mine), "--output", str(mine)], capsys)
    assert code == 2 and "--output: expected a file other than the command's input" in err
    assert mine.read_text() == VALID_OVERRIDE


def test_a_coarse_precision_still_warns_of_noisy_digits(capsys: pytest.CaptureFixture[str],
                                                      ) -> None:
    """--precision 10% is met by the pilot; its table still shows third digits that are
    noise, and says so beside the precision line."""
    code, out, err = run(["containers", "--count", "6700", "--calibre", "152mm_he",
                          "--precision", "10%"], capsys)
    assert code == 0, err
    lines = out.splitlines()
    at = next(i for i, line in enumerate(lines) if line.startswith("samples chosen for "
                                                                    "--precision 10%"))
    assert lines[at + 1].startswith("note: at 16,384 samples the third significant digit")
    assert lines[at + 1].endswith("use more --samples or a finer --precision before quoting "
                                  "three digits")


@pytest.mark.parametrize(("given", "words"), [
    ("0.1", "expected a share of 1% or more written with its % (got '0.1'); 0.1% or 10%"),
    ("0.5", "(got '0.5'); 0.5% or 50%: a bare 0.5 could mean either"),
    ("1.5", "expected a share above 0 and below 100% (got '1.5'); 1.5% if a percentage "
     "was meant"),
    ("100", "expected a share above 0 and below 100% (got '100')\n")])   # no hint of 100%
def test_a_bare_precision_that_could_be_a_percentage_is_refused(
        given: str, words: str, capsys: pytest.CaptureFixture[str]) -> None:
    """'--precision 0.5' read as 50% when half a percent was meant: a bare number of 0.01
    or more must carry its %; 0.001 still reads as a share."""
    code, out, err = run(["containers", "--count", "6700", "--precision", given], capsys)
    assert (code, out) == (2, "") and err.count("\n") == 1 and words in err, err
    code, _, err = run(["containers", "--count", "6700", "--calibre", "152mm_he",
                        "--precision", "0.005", "-n", "4096"], capsys)
    assert code == 0, err


def test_the_timeline_says_where_its_cumulative_figures_start(
        capsys: pytest.CaptureFixture[str]) -> None:
    """Cumulative columns run from --from, not from the first delivery: the head says so."""
    code, out, err = run(["timeline", "--from", "2024-01", "--to", "2024-02", "-n", "2000"],
                         capsys)
    assert code == 0, err
    assert "; cumulative from 2024-01-01;" in out.splitlines()[0]


@pytest.mark.parametrize("fmt", ["table", "markdown", "csv"])
def test_every_text_format_has_the_cargo_and_the_legend(fmt: str,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(["containers", "--count", "6700", "--calibre", "152mm_he", "-n",
                          "2000", "-f", fmt], capsys)
    assert code == 0, err
    assert re.search(r"cargo the boxes can carry: [\d.]+k \[[\d.]+k-[\d.]+k\] t", out)
    assert "usable = rounds x (1 - duds.dud_rate: a dud share of " in out
    # a 'munitions or related' count: the cargo is of the boxes of munitions alone
    related = run(["containers", "--count", "10000+", "--related", "--calibre", "152mm_he",
                   "-n", "2000", "-f", fmt], capsys)[1]
    assert "cargo the boxes of munitions can carry" in related
    assert "cargo the boxes can carry" not in related


@pytest.mark.parametrize(("written", "samples"), [
    ("2000", 2000), ("2,000", 2000), ("2k", 2000), ("2e3", 2000), ("2.5k", 2500),
])
def test_samples_are_read_as_people_write_them(written: str, samples: int,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(["containers", "--count", "6700", "--calibre", "152mm_he", "-n",
                          written, "-f", "json"], capsys)
    assert code == 0, err
    assert json.loads(out)["run"]["samples"] == samples


@pytest.mark.parametrize("written", ["1.5", "abc", "10+", "1e400", "2k-3k", "2k\u20133k",
                                     "~5000", ""])
def test_samples_not_a_whole_number_is_the_package_s_one_line(
        written: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(["containers", "--count", "6700", "-n", written], capsys)
    assert code == 2 and out == ""
    assert err == ("error: --samples: expected a whole number such as 50000, 50,000, 50k or "
                   f"1e5 (got {written!r})\n")


@pytest.mark.parametrize(("option", "written", "value"), [
    ("--per-day", "2.7k", 2700.0), ("--per-day", "2,700", 2700.0), ("--over", "3.65e2", 365.0),
])
def test_days_numbers_are_read_as_people_write_them(option: str, written: str, value: float,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    """2.7k per day runs exactly as 2700.0 does: the same numbers, the same output."""
    args = ["days", "--rounds", "1M", "-n", "2000", "-f", "json", option]
    code, out, err = run([*args, written], capsys)
    assert code == 0, err
    assert out == run([*args, repr(value)], capsys)[1]


def test_a_days_number_not_a_number_is_the_package_s_one_line(
        capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(["days", "--rounds", "1M", "--per-day", "2.7x"], capsys)
    assert code == 2 and out == ""
    assert err == ("error: --per-day: expected a number such as 2700, 2,700, 2.7k or 2.7e3 "
                   "(got '2.7x')\n")


@pytest.mark.parametrize(("args", "line"), [
    (["containers", "--count", "6700", "--seed", "1.5"],
     "error: --seed: expected a whole number such as 1 or 20240226 (got '1.5')"),
    (["days", "--rounds", "1M", "--over", "1y"],
     "error: --over: expected a number such as 365, 1,000 or 1e3 (days) (got '1y')"),
])
def test_a_number_option_gives_examples_of_its_own(args: list[str], line: str,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    """Not the examples of --samples for a seed, nor of a rate a day for a span of days."""
    code, out, err = run(args, capsys)
    assert code == 2 and out == "" and err == line + "\n"


def test_samples_too_many_are_echoed_as_written(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(["containers", "--count", "6700", "-n", "9" * 23], capsys)
    assert code == 2 and err.endswith(f"(got {'9' * 23})\n")


@pytest.mark.parametrize("written", ["2.7k\u20133k", "~2700", "2700+"])
def test_a_rate_a_day_is_one_number_not_a_range(written: str,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(["days", "--rounds", "1M", "--per-day", written], capsys)
    assert code == 2 and out == ""
    assert err.startswith("error: --per-day: expected a number such as 2700")


def test_output_under_a_file_and_into_a_folder_are_the_package_s_one_line(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "f.json").write_text("x")
    for target, words in ((tmp_path / "f.json" / "x", "a file stands where a folder should be"),
                          (tmp_path, "a file path, not a folder")):
        code, out, err = run(["containers", "--count", "6700", "-o", str(target)], capsys)
        assert code == 2 and out == "" and err.startswith("error: --output: expected ")
        assert words in err and err.count("\n") == 1, err
    assert (tmp_path / "f.json").read_text() == "x"


def test_every_json_document_writes_units_one_way(capsys: pytest.CaptureFixture[str]) -> None:
    """A consumer matching unit strings meets rd and box everywhere, never round or
    container spelled out in one document and short in another."""
    units: set[str] = set()
    for argv in (["containers", "--count", "6700", "--calibre", "152mm_he"],
                 ["reconcile", "--claim", "hur_1_5m_rounds"], ["reconcile", "--pooled"],
                 ["timeline", "--from", "2024-01", "--to", "2024-02"],
                 ["days", "--rounds", "1M", "--period", "consumption.jan_may_2024"]):
        code, out, err = run([*argv, "-n", "2000", "-f", "json"], capsys)
        assert code == 0, err
        units |= set(re.findall(r'"unit": "([^"]*)"', out))
    spelled = {u for u in units if re.search(r"\b(round|container|day)\b", u)}
    assert not spelled, spelled
    assert {"rd", "box", "rd/box"} <= units


def test_sensitivity_of_an_output_that_does_not_vary_has_no_indices(
        capsys: pytest.CaptureFixture[str]) -> None:
    """0 containers: rounds are 0 in every trial, and 0/0 is no index of 0."""
    code, out, err = run(["sensitivity", "containers", "--count", "0", "-n", "64", "-f", "json"],
                         capsys)
    assert code == 0, err
    doc = json.loads(out)
    assert doc["variance"] == 0
    assert all(f["first"] is None and f["total"] is None for f in doc["factors"])
    code, out, err = run(["sensitivity", "containers", "--count", "0", "-n", "64"], capsys)
    assert code == 0 and "  n/a  n/a " in out and "0.00 +/- 0.00" not in out


def _json_stats(node: object) -> list[dict]:
    """Every stats object (a mapping with p50 and unit) in a JSON document."""
    if isinstance(node, dict):
        here = [node] if {"p50", "unit"} <= node.keys() else []
        return here + [s for v in node.values() for s in _json_stats(v)]
    if isinstance(node, list):
        return [s for v in node for s in _json_stats(v)]
    return []


@pytest.mark.parametrize("argv", [
    ["containers", "--count", "6700", "--calibre", "152mm_he"],
    ["shells", "--count", "2.5M"],
    ["reconcile", "--claim", "shin_6700_containers", "--claim", "hur_1_5m_rounds"],
    ["reconcile", "--pooled"],
    ["port-calls", "--count", "32"],
    ["rail", "--cars", "120"],
    ["timeline", "--from", "2023-09", "--to", "2023-10"],
    ["days", "--rounds", "3M"],
], ids=lambda a: " ".join(a[:2]))
def test_every_csv_has_the_standard_errors_and_the_json_figures(argv, capsys) -> None:  # type: ignore[no-untyped-def]
    """README: each percentile and mean comes with its standard error in JSON and CSV;
    the CSV's figures and units are the JSON's."""
    from estimator.report.common import CSV_STATS

    small = [*argv, "--samples", "2000", "--seed", "5"]
    code, out, err = run([*small, "--format", "csv"], capsys)
    assert code == 0, err
    rows = [r for r in csv.reader(io.StringIO(out)) if r and not r[0].startswith("#")]
    header = rows[0]
    at = header.index("mean")
    assert tuple(header[at:at + len(CSV_STATS)]) == CSV_STATS
    code, out, err = run([*small, "--format", "json"], capsys)
    assert code == 0, err
    figures = {(s["unit"], float(f"{s['p50']:.6g}"), float(f"{s['se']['p50']:.6g}"))
               for s in _json_stats(json.loads(out))}
    unit = header.index("unit")
    for r in rows[1:]:
        assert (r[unit], float(r[at + 2]), float(r[at + 6])) in figures, r


def test_the_reconcile_csv_has_every_figure_the_json_has(capsys) -> None:  # type: ignore[no-untyped-def]
    """The timeline comparison, what the sources imply, the cumulative figures and the
    sources' own dud views too, not only the footing."""
    argv = ["reconcile", "--samples", "2000", "--seed", "3"]
    code, out, err = run([*argv, "--format", "csv"], capsys)
    assert code == 0, err
    rows = [r for r in csv.reader(io.StringIO(out)) if r and not r[0].startswith("#")]
    unit, p50 = rows[0].index("unit"), rows[0].index("p50")
    in_csv = {(r[unit], float(r[p50])) for r in rows[1:]}
    code, out, err = run([*argv, "--format", "json"], capsys)
    in_json = {(s["unit"], float(f"{s['p50']:.6g}")) for s in _json_stats(json.loads(out))}
    assert in_json == in_csv
    measures = {r[rows[0].index("measure")] for r in rows[1:]}
    assert {"claim / timeline rounds", "stated per month", "cumulative rounds",
            "usable under the source's own dud view"} <= measures


def test_the_reconcile_markdown_has_the_timeline_ratio_and_the_stated_rate(capsys) -> None:  # type: ignore[no-untyped-def]
    code, out, err = run(["reconcile", "--claim", "hur_1_5m_rounds", "--samples", "2000",
                          "--format", "markdown"], capsys)
    assert code == 0, err
    header, _, row = [x for x in out.splitlines() if x.startswith("|")][:3]
    cells = dict(zip([c.strip() for c in header.split("|")], [c.strip() for c in row.split("|")],
                     strict=True))
    assert cells["claim / timeline"].count("[") == 1 and cells["stated / month"].endswith("rounds")


@pytest.mark.parametrize("cid", ["kirby_1000_containers", "osc_4m_6m_rounds",
                                 "nknews_6_5m_8m_rounds", "hur_1_5m_rounds"])
def test_the_stated_rate_is_the_figure_as_written_over_its_months(capsys, cid: str) -> None:  # type: ignore[no-untyped-def]
    """'stated / month' divides the source's own figure, form and all ('at least 823'
    for Kirby's 'more than 1,000' over 1.2 months), not the reading of it with its excess
    (906), which the other columns and the JSON's stated_per_month carry."""
    from estimator.counts import parse_count
    from estimator.reports import Catalogue

    claim = Catalogue.defaults()[cid]
    code, out, err = run(["reconcile", "--claim", cid, "--samples", "2000",
                          "--format", "markdown"], capsys)
    assert code == 0, err
    header, _, row = [x for x in out.splitlines() if x.startswith("|")][:3]
    cell = dict(zip([c.strip() for c in header.split("|")], [c.strip() for c in row.split("|")],
                    strict=True))["stated / month"]
    words = {"at_least": "at least ", "approx": "~", "range": ""}[claim.figure.form]
    assert cell.startswith(words) and cell.endswith(claim.measure)
    numbers = re.findall(r"[\d.,]+[kM]?", cell.removeprefix(words).replace(" to at least ", "-"))
    written = claim.figure.count.written_ends()
    for shown, meant in zip(numbers, sorted(set(written)), strict=True):
        assert parse_count(shown).stated * claim.months == pytest.approx(meant, rel=0.006)
    code, out, err = run(["reconcile", "--claim", cid, "--samples", "2000", "--format", "json"],
                         capsys)
    doc = json.loads(out)["claims"][0]
    read = doc["stated_per_month"]["p50"]
    assert doc["stated_per_month_as_written"] == pytest.approx(
        [x / claim.months for x in written], rel=1e-12)
    if claim.figure.form == "at_least":  # the reading adds the excess; the column does not
        assert read > 1.02 * written[0] / claim.months


def test_the_json_gives_the_numbers_of_the_tables_noise_note(capsys) -> None:  # type: ignore[no-untyped-def]
    import re

    argv = ["containers", "--count", "6700", "--samples", "3000"]
    _, table, _ = run(argv, capsys)
    _, out, _ = run([*argv, "--format", "json"], capsys)
    shown = json.loads(out)["precision"]["shown"]
    noisy, total = re.search(r"third significant digit of (\d+) of (\d+) figures", table).groups()
    assert (shown["noisy_third_digits"], shown["figures"]) == (int(noisy), int(total))


@pytest.mark.parametrize("argv", [["reconcile"], ["reconcile", "--pooled"]])
def test_the_tables_print_claim_ids_whole_for_claim(argv, capsys) -> None:  # type: ignore[no-untyped-def]
    """An id in the table is one a user can paste into --claim or --drop."""
    from estimator.reports import Catalogue

    code, out, err = run([*argv, "--samples", "2000"], capsys)
    assert code == 0, err
    first_words = {line.split()[0] for line in out.splitlines() if line.strip()}
    longest = max(Catalogue.defaults(), key=len)
    assert len(longest) > 26 and longest in first_words
    assert not any(w.endswith(("~", "...")) for w in first_words)


@given(st.text(max_size=60), st.integers(4, 50))
def test_a_cut_is_marked_with_dots_never_a_tilde(text: str, width: int) -> None:
    """'~' means 'about' in a figure; a cut text ends in '...' and fits its width."""
    from estimator.report.format import cut

    got = cut(text, width)
    assert len(got) <= width
    assert got == text if len(text) <= width else got.endswith("...")


def test_a_cut_falls_between_words_where_it_can() -> None:
    from estimator.report.format import cut

    who = "Center for Strategic and International Studies (CSIS)"
    assert cut(who, 40) == "Center for Strategic and..."
    assert cut("Supercalifragilisticexpialidocious words", 20) == "Supercalifragilis..."


@given(st.floats(1e4, 1e12))
def test_human_numbers_keep_three_digits_and_the_right_suffix(x: float) -> None:
    from estimator.report.format import human

    text = human(x)
    number, suffix = text.rstrip("kMbn"), text[len(text.rstrip("kMbn")):]
    value = float(number.replace(",", "")) * {"k": 1e3, "M": 1e6, "bn": 1e9}[suffix]
    assert abs(value - x) <= 0.005 * x, (x, text)  # within the third digit
    assert float(number.replace(",", "")) < 1000 or suffix == "bn", (x, text)  # not '1,000k'
    assert human(999_960) == "1.00M" and human(99_996) == "100k" and human(2_321) == "2,321"
    assert human(99.96) == "100" and human(9_999.6) == human(10_000) == "10.0k"


@given(st.floats(1e15, 1e300))
def test_human_numbers_past_a_count_take_an_exponent_not_a_run_of_digits(x: float) -> None:
    """Past 10^15 (beyond any count the tool reads; a rate over --over 0.001 days can get
    there) a figure is 'm.mme<n>', three digits, not '1,000,000,000bn'."""
    from estimator.report.format import human

    text = human(x)
    mantissa, exponent = text.split("e")
    assert len(mantissa) == 4 and 1 <= float(mantissa) < 10 and exponent.isdigit(), text
    assert abs(float(text) - x) <= 0.005 * x
    assert human(-x) == "-" + text


@given(st.floats(1e-300, 9.99e-5))
def test_human_numbers_below_1e4_take_an_exponent_not_a_run_of_zeros(x: float) -> None:
    """An implied load of 6.71e-12 boxes a call printed as '0.00000000000671'."""
    from estimator.report.format import human

    text = human(x)
    mantissa, exponent = text.split("e-")
    assert len(mantissa) == 4 and 1 <= float(mantissa) < 10 and exponent.isdigit(), text
    assert abs(float(text) - x) <= 0.005 * x


@pytest.mark.parametrize(("given", "echoed"), [("50%", "50%"), ("0.007", "0.7%"),
                                               ("12.5%", "12.5%")])
def test_precision_is_echoed_in_its_simplest_form(given: str, echoed: str,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    """'--precision 50%' came back as '50.000%'."""
    code, out, err = run(["days", "--rounds", "1M", "--precision", given, "--samples", "500"],
                         capsys)
    assert code == 0, err
    assert f"samples chosen for --precision {echoed}: " in out


def test_percent_of_no_number_is_n_a() -> None:
    from estimator.report.format import percent

    assert percent(float("nan")) == percent(float("inf")) == "n/a"


@given(st.floats(-1e20, 1e20))
def test_percent_keeps_one_decimal_below_100_and_writes_more_as_a_plain_number(x: float) -> None:
    """'16.7k%' and '940.8% [794.1%-1,111%]' were how shares past 100% read: from 100% a
    share is a whole number with thousands separators (three significant digits from
    10,000%), as the other columns write counts; an exponent only from 10^15%."""
    from estimator.report.format import percent

    text = percent(x)
    assert text.endswith("%"), text
    value = text[:-1]
    if abs(x) >= 1e13 or "e" in value:  # 9.9996e12 rounds to 10^15%: an exponent too
        mantissa, _, exponent = value.partition("e")
        assert exponent and abs(float(mantissa) * 10 ** int(exponent) - 100 * x) <= \
            0.005 * abs(100 * x), (x, text)
        return
    number = float(value.replace(",", ""))
    assert value.lstrip("-").replace(",", "").replace(".", "").isdigit(), (x, text)
    if abs(number) < 100:
        assert "." in value and len(value.partition(".")[2]) == 1, (x, text)
    else:
        assert "." not in value and value == f"{number:,.0f}", (x, text)
    assert abs(number - 100 * x) <= max(0.5, 0.005 * abs(100 * x)), (x, text)


@pytest.mark.parametrize("x, shown", [
    (0.9995, "100%"), (0.99949, "99.9%"), (1.0, "100%"), (-0.5, "-50.0%"), (-2.5, "-250%"),
    (9.99999e12, "1.00e15%"), (9.9e12, "990,000,000,000,000%"),
])
def test_percent_at_its_edges(x: float, shown: str) -> None:
    """Where one rule hands over to the next: 99.95% is '100%', not '100.0%'; a value
    that rounds to 10^15% takes the exponent, not '1,000,000,000,000,000%'."""
    from estimator.report.format import percent
    from estimator.report.pooled import _shift

    assert percent(x) == shown
    assert _shift(x) == ("" if x < 0 else "+") + shown   # the pooled 'headline w/o' column


def test_the_readmes_way_of_reading_csv_reads_every_row(tmp_path: Path,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    out_csv = tmp_path / "out.csv"
    code, _, err = run([*COUNT, "-o", str(out_csv)], capsys)
    assert code == 0, err
    text = out_csv.read_text()
    assert any(line.startswith("# ") and "," in line for line in text.splitlines())
    with open(out_csv) as fh:
        rows = list(csv.DictReader(line for line in fh if not line.startswith("#")))
    data = results_json(COUNT, capsys)
    assert len(rows) >= len(data["results"]) and all(None not in r for r in rows)
    assert "calibre" in rows[0], rows[0]


@pytest.mark.parametrize("command", [["reports", "show", "shin_6700_containers", "hur_1_5m_rounds"],
                                     ["reports", "list"]])
def test_reports_list_and_show_take_each_format_and_output(
        command: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Each --format gives its own kind of text (none silently the table), and --output
    writes it, its suffix choosing the format."""
    shown = {}
    for fmt in ("table", "json", "csv", "markdown"):
        code, out, err = run([*command, "-f", fmt], capsys)
        assert code == 0, err
        shown[fmt] = out
    assert len(set(shown.values())) == 4
    assert json.loads(shown["json"])["schema"] == "estimator.reports"
    rows = list(csv.DictReader(line for line in shown["csv"].splitlines()
                               if not line.startswith("#")))
    ids = command[2:] or [r["claim"] for r in rows]
    assert [r["claim"] for r in rows] == ids
    assert shown["markdown"].startswith("**" if command[1] == "show" else "|")
    out_file = tmp_path / "claims.md"
    code, out, err = run([*command, "-o", str(out_file)], capsys)
    assert (code, out) == (0, "") and out_file.read_text() == shown["markdown"]


def test_a_file_that_only_relabels_a_calibre_says_so(tmp_path: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    """A new label changes what the output calls a calibre: the check and the run record
    name it, though no entry changed; the default label given again changes nothing."""
    from estimator.assumptions import AssumptionSet

    mine = tmp_path / "labels.toml"
    same = AssumptionSet.defaults().labels["munitions.122mm_he"]
    mine.write_text(f'[munitions.152mm_he]\nlabel = "my 152"\n[munitions.122mm_he]\n'
                    f'label = "{same}"\n')
    code, out, err = run(["assumptions", "check", str(mine)], capsys)
    assert code == 0, err
    assert out.strip().endswith("overrides 0 key(s); relabels munitions.152mm_he")
    doc = results_json([*COUNT, "--assumptions", str(mine)], capsys)
    assert doc["run"]["relabelled"] == ["munitions.152mm_he"]
    assert any(r["label"] == "all my 152" for r in doc["results"])


@pytest.mark.parametrize("value", ["1e-300", "5e-324", "1e-150", "1e-300%"])
def test_a_precision_past_reach_is_refused_in_one_line(value: str,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    # 1e-300 squared overflowed: an internal error and exit 1
    code, out, err = run(["containers", "-c", "6700", "-n", "1000", "--calibre", "152mm_he",
                          "--precision", value], capsys)
    assert code == 2 and out == ""
    assert err.startswith("error: --precision: expected a precision reachable within "), err
    assert len(err.strip().splitlines()) == 1
    assert err.endswith(f"(got '{value}')\n"), err  # as typed, not the share it was read as


@pytest.mark.parametrize("value", ["1e-9%", "0.00000001%", "1e-7"])
@pytest.mark.parametrize("command", [["containers", "--calibre", "152mm_he"], ["shells"]])
def test_a_precision_past_reach_quotes_it_as_typed(
        value: str, command: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run([*command, "-c", "6700", "-n", "1000", "--precision", value], capsys)
    assert (code, out) == (2, "") and err.count("\n") == 1
    assert err.startswith("error: --precision: expected a precision reachable within ")
    assert err.endswith(f"(got '{value}')\n"), err


@pytest.mark.parametrize("args", [["--seed", "1", "--seed=2"], ["-c", "100"], ["-n200"],
                                  ["--samples=5"], ["-m", "sobol", "-mlhs"]])
def test_an_option_given_twice_is_refused_in_every_spelling(
        args: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    """'--seed=2' and '-n200' are '--seed' and '-n' given again (the earlier value was
    silently dropped); -a, which layers files, is repeatable (tests/test_layered_files.py)."""
    f = str(DATA / "valid_override.toml")
    code, out, err = run(["containers", "-c6700", "-n", "100",
                          *[a.format(f=f) for a in args]], capsys)
    assert code == 2 and out == "", (args, out)
    assert "expected the option once" in err and "given 2 times" in err, err


def test_a_file_option_refuses_a_device(capsys: pytest.CaptureFixture[str]) -> None:
    """/dev/zero was read until memory ran out."""
    for argv in (["containers", "-c", "6700", "-n", "100", "-a", "/dev/zero"],
                 ["reports", "check", "/dev/zero"], ["reconcile", "-n", "100", "-r", "/dev/zero"]):
        code, _, err = run(argv, capsys)
        option = {"-a": "--assumptions", "-r": "--reports"}.get(argv[-2], "FILE")
        assert code == 2, (argv, err)
        assert err == (f"error: {option}: expected a regular file or a pipe (got "
                       "'/dev/zero, a device')\n"), err


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX's")
def test_a_file_option_reads_a_pipe_as_the_file_it_carries(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`-a <(...)` runs as the file does, under the same digest (a second read of the
    pipe, for the digest, found it empty); a pipe no one writes to reads as empty."""
    import threading

    text = (DATA / "valid_override.toml").read_bytes()
    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    writer = threading.Thread(target=pipe.write_bytes, args=(text,))
    writer.start()
    code, out, err = run(["containers", "-c", "6700", "-n", "100", "-a", str(pipe)], capsys)
    writer.join()
    assert code == 0, err
    code, by_file, err = run(["containers", "-c", "6700", "-n", "100", "-a",
                              str(DATA / "valid_override.toml")], capsys)
    assert out.splitlines()[-1] == by_file.splitlines()[-1]  # the run line and its digest
    silent = tmp_path / "silent"
    os.mkfifo(silent)
    code, _, err = run(["containers", "-c", "6700", "-n", "100", "-a", str(silent)], capsys)
    assert code == 2 and err == (f"error: {silent}: expected a pipe that gives a file's "
                                 "text (got 'a pipe that gave nothing')\n"), err


def test_a_calibre_name_is_lower_case_letters_digits_and_underscores(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = '[[{k}.sources]]\nwho = "t"\nwhere = "t"\nwhen = "2024"\nsays = "t"\n'
    for name in ("", "my gun", "MIX"):
        text = f'[munitions."{name}"]\nlabel = "x"\n'
        for key, body in (("projectile_mass", 'unit = "kg"\nvalue = 40.0'),
                          ("projectile_volume", 'unit = "m^3"\nvalue = 0.02'),
                          ("complete_mass", 'unit = "kg"\nvalue = 50.0'),
                          ("complete_volume", 'unit = "m^3"\nvalue = 0.04')):
            k = f'munitions."{name}".{key}'
            text += f"[{k}]\n{body}\n" + source.format(k=k)
        path = tmp_path / "gun.toml"
        path.write_text(text, encoding="utf-8")
        code, out, err = run(["assumptions", "check", str(path)], capsys)
        assert code == 2, (name, out)
        assert err.count("expected a calibre name of lower-case letters") == 1, err


def test_a_timeline_too_long_for_memory_is_refused_before_it_runs(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A port-call period of one's own from the year 1 gave 24,000 months: the run took
    24 GB and was killed. (The memory a run may use is fixed here, whatever the machine.)"""
    monkeypatch.setattr("estimator.engine.memory_budget", lambda: 8.0 * 2**30)
    path = tmp_path / "early.toml"
    path.write_text('[calls.early]\nunit = "port_call/month"\nmin = 1\nmode = 2\nmax = 3\n'
                    'period_start = 0001-01-01\nperiod_end = 2023-08-01\n'
                    '[[calls.early.sources]]\nwho = "a"\nwhere = "b"\nwhen = "2024"\n'
                    'says = "c"\n', encoding="utf-8")
    code, out, err = run(["timeline", "-a", str(path)], capsys)
    assert code == 2 and out == ""
    assert err.startswith("error: --samples: expected at most about "), err
    assert "months" in err


@pytest.mark.parametrize(("written", "seed"), [
    ("9007199254740993", 9007199254740993), ("9.007199254740993e15", 9007199254740993),
    ("1e18", 10**18), ("9.2e18", 92 * 10**17), ("9.2E+18", 92 * 10**17)])
def test_a_large_seed_is_taken_exactly_in_digits_or_e_notation(
        written: str, seed: int, capsys: pytest.CaptureFixture[str]) -> None:
    """'--seed 1e18' was refused as losing its last digits, which it does not: e-notation
    is read exactly (9.007199254740993e15 as float would have been ...992)."""
    code, out, err = run([*COUNT, "--seed", written], capsys)
    assert code == 0 and f"seed {seed}," in out, err


def test_a_large_seed_with_a_suffix_or_past_the_range_is_refused_as_written(
        capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run([*COUNT, "--seed", "9.007199254740993M"], capsys)
    assert code == 2 and "loses" not in err
    code, _, err = run([*COUNT, "--seed", "1e30"], capsys)
    assert err == "error: --seed: expected a whole number from 0 to 2**63 - 1 (got 1e30)\n"


def test_a_choice_is_taken_in_any_case_and_a_wrong_one_said_as_every_option_is(
        capsys: pytest.CaptureFixture[str]) -> None:
    """-f JSON, --basis Both, -m MC were click's 'Invalid value for ...' (where other
    commands said '--basis: expected one of ...'): now taken, and a value no choice
    matches is one line in the same words as every other bad option."""
    base = ["containers", "-c", "10", "-n", "200", "--calibre", "152mm_he"]
    code, out, err = run([*base, "-f", "JSON", "--basis", "Both", "-m", "MC"], capsys)
    assert code == 0, err
    assert json.loads(out)["run"]["method"] == "mc"
    for argv, line in ((["--basis", "nope"], "--basis: expected one of both, projectile, "
                                             "complete (got 'nope')"),
                       (["--format=xml"], "--format: expected one of table, json, csv, "
                                          "markdown (got 'xml')"),
                       (["-fxml"], "--format: expected one of table, json, csv, markdown "
                                   "(got 'xml')")):
        code, out, err = run([*base, *argv], capsys)
        assert (code, out, err) == (2, "", f"error: {line}\n")


@pytest.mark.parametrize(("argv", "line"), [
    (["--seed", "-9999999999999999"],
     "--seed: expected a whole number from 0 to 2**63 - 1 (got -9999999999999999)"),
    (["-n", "-99999999999999999999999"], "--samples: expected a whole number of 2 or more "
     "(one trial has no spread) (got -99999999999999999999999)"),
    (["-n", "1e30"], "--samples: expected at most 50,000,000 (got 1e30)"),
])
def test_a_whole_number_out_of_range_is_said_as_written(argv: list[str], line: str,
                                                        capsys: pytest.CaptureFixture[str]
                                                        ) -> None:
    """A negative seed in 16 digits was 'too large to read as a float', a sample count of
    1e30 came back as 1000000000000000019884624838656, and one of -10**23 as -99999999999999991611392."""
    code, out, err = run(["containers", "-c", "10", *argv], capsys)
    assert (code, out, err) == (2, "", f"error: {line}\n")


@pytest.mark.parametrize(("count", "line"), [
    ("—", "--count: expected a count such as 6700, 6,700, 10k, 2.5M, ~6700, 6.5M-8M, 10000+ "
          "or <=500k (got '—'); a dash alone is no count"),
    ("5–", "--count: expected a count such as 6700, 6,700, 10k, 2.5M, ~6700, 6.5M-8M, 10000+ "
           "or <=500k (got '5–')"),
])
def test_a_count_with_a_dash_is_said_as_written(count: str, line: str,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    """Its en or em dash was shown made a hyphen ('5-'), not as typed."""
    code, out, err = run(["containers", "-c", count], capsys)
    assert (code, out, err) == (2, "", f"error: {line}\n")


@pytest.mark.parametrize(("unit", "expected"), [
    ("", "a unit, such as 'kg' or 't' for mass"),
    ("kg**1e400", "a unit of mass, such as 'kg' or 't'")])
def test_a_unit_of_the_wrong_dimension_is_said_as_written(unit: str, expected: str) -> None:
    """'' was shown as '1', kg**1e400 as 'kginf'."""
    from estimator.assumptions import AssumptionProblems, AssumptionSet

    src = [{"who": "a", "where": "b", "when": "2024", "says": "c"}]
    with pytest.raises(AssumptionProblems) as err:
        AssumptionSet.defaults().with_entries({"munitions": {"152mm_he": {"complete_mass": {
            "unit": unit, "value": 70, "sources": src}}}})
    assert [str(e) for e in err.value.problems] == [
        f"<python>: munitions.152mm_he.complete_mass.unit: expected {expected} (got {unit!r})"]


def test_bad_input_with_standard_error_closed_still_exits_2(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """With 2>&- the error line could not be written and the run exited 1, as for a bug."""
    from estimator.cli import main

    monkeypatch.setattr(sys, "stderr", None)
    with pytest.raises(SystemExit) as info:
        main(["containers", "-c", "-5"])
    assert info.value.code == 2


def test_a_librarys_deprecation_notice_is_not_shown_to_the_user(
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    """Warnings are one line each; click's and typer's notices to their developers are
    none of the user's (a DeprecationWarning raised in a run is not printed)."""
    import warnings

    import estimator.estimates as estimates

    original = estimates.estimate_containers

    def noisy(*args: object, **kw: object) -> object:
        warnings.warn("'protected_args' is deprecated", DeprecationWarning, stacklevel=2)
        warnings.warn("something the user should know", UserWarning, stacklevel=2)
        return original(*args, **kw)

    monkeypatch.setattr("estimator.cli.containers.estimate_containers", noisy)
    code, _, err = run(["containers", "-c", "10", "-n", "100", "--calibre", "152mm_he"],
                       capsys)
    assert code == 0 and err == "warning: something the user should know\n", err


@pytest.mark.parametrize("argv", [
    ["containers", "-c", "6700", "--calibre", "107mm_rocket", "-n", SAMPLES],
    ["containers", "-c", "6700", "--calibre", "107mm_rocket", "-n", SAMPLES, "-f", "markdown"],
    ["assumptions", "list"], ["assumptions", "list", "-f", "markdown"],
    ["assumptions", "show", "munitions.107mm_rocket.projectile_mass"]])
def test_a_figure_no_source_gives_is_marked_where_it_is_listed(
        argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    """The 107mm rocket's mass rests on no page; its first source only names the weapon.
    Every listing says what is unconfirmed before it credits a source."""
    said = AssumptionSet.defaults()["munitions.107mm_rocket.projectile_mass"].unconfirmed
    code, out, err = run(argv, capsys)
    assert code == 0, err
    lines = out.splitlines()
    if argv[1] == "show":
        assert f"  unconfirmed: {said}" in lines
        return
    line = next(x for x in lines if "munitions.107mm_rocket.projectile_mass" in x
                and "PERT" in x)
    assert f"[unconfirmed: {said}] charter97.org" in line
    if argv[0] == "assumptions":  # a figure its source gives is listed without the mark
        sure = next(x for x in lines if "munitions.122mm_rocket.projectile_mass" in x)
        assert "unconfirmed" not in sure and "Kyunghyang" in sure


def test_the_assumptions_csv_carries_what_is_unconfirmed(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(["assumptions", "list", "-f", "csv"], capsys)
    assert code == 0, err
    rows = list(csv.DictReader(x for x in out.splitlines() if not x.startswith("#")))
    defaults = AssumptionSet.defaults()
    assert {r["key"]: r["unconfirmed"] for r in rows} == {
        k: a.unconfirmed for k, a in defaults.entries.items()} | {
        k: "" for k in defaults.listed() if k not in defaults.entries}


def test_a_ship_is_taken_in_any_case_on_the_command_line(
        capsys: pytest.CaptureFixture[str]) -> None:
    """'--ship Angara' was refused, where '--basis Both' and '-m MC' were taken."""
    argv = ["port-calls", "--count", "11", "-n", "500", "--seed", "1", "--ship"]
    code, upper, err = run([*argv, "Angara"], capsys)
    assert code == 0, err
    code, lower, err = run([*argv, "angara"], capsys)
    assert code == 0, err
    assert upper == lower and "(port calls by angara)" in lower


@pytest.mark.parametrize(("argv", "said"), [
    (["reconcile", "--pooled", "-n", "200", "--weight", "zelensky=2"],
     "error: --weight: expected the id of a claim (listed by 'estimate reports list'; did "
     "you mean 'zelensky_3_5m_rounds_2024'?) (got 'zelensky')"),
    (["reconcile", "--pooled", "-n", "200", "--drop", "Zelensky"],
     "error: --drop: expected the id of a claim (listed by 'estimate reports list'; did "
     "you mean 'zelensky_3_5m_rounds_2024'?) (got 'Zelensky')"),
    (["reconcile", "-n", "200", "--claim", "3_5m_rounds"],
     "error: --claim: expected the id of a claim (listed by 'estimate reports list'; did "
     "you mean 'zelensky_3_5m_rounds_2024'?) (got '3_5m_rounds')"),
    (["sensitivity", "timeline", "--measure", "rounds152"],
     "error: --measure: expected one of containers, tonnes, rounds, rounds_152, usable (got "
     "'rounds152'); did you mean 'rounds_152'?"),
    (["containers", "-c", "6700", "-m", "sobel"],
     "error: --method: expected one of mc, lhs, sobol (got 'sobel'); did you mean 'sobol'?"),
])
def test_a_prefix_a_part_or_a_misspelling_of_a_name_gets_the_name(
        argv: list[str], said: str, capsys: pytest.CaptureFixture[str]) -> None:
    """'--weight zelensky=2' got no suggestion, the id being zelensky_3_5m_rounds_2024;
    nor did '--measure rounds152' (a choice of click's): errors.nearest takes a unique
    prefix or part of a name too, and serves the choices of the command line as well."""
    code, out, err = run(argv, capsys)
    assert (code, out, err) == (2, "", said + "\n")


@pytest.mark.parametrize(("argv", "said"), [
    (["containers", "-c", "10", "--calibre", "152mm_he,122mm_he"],
     "one per --calibre: repeat the option (--calibre 152mm_he --calibre 122mm_he)"),
    (["shells", "-c", "10", "--calibre", "152mm_he, MIX"],
     "one per --calibre: repeat the option (--calibre 152mm_he --calibre MIX)"),
    (["days", "--rounds", "1M", "--period", "jan_may_2024,consumption.aug_2024"],
     "one per --period: repeat the option (--period jan_may_2024 --period "
     "consumption.aug_2024)"),
    (["reconcile", "--claim", "hur_1_5m_rounds,shin_6700_containers"],
     "one per --claim: repeat the option (--claim hur_1_5m_rounds --claim "
     "shin_6700_containers)"),
    (["reconcile", "--measure", "rounds,containers"],
     "one per --measure: repeat the option (--measure rounds --measure containers)"),
    (["reconcile", "--pooled", "--drop", "hur_1_5m_rounds,shin_6700_containers"],
     "one per --drop: repeat the option (--drop hur_1_5m_rounds --drop "
     "shin_6700_containers)"),
    (["reports", "show", "hur_1_5m_rounds,shin_6700_containers"],
     "one per ID: give them apart, with spaces (hur_1_5m_rounds shin_6700_containers)"),
    # pairs keep their weights ('a,b=2' was told '--weight a --weight b', no weight)
    (["reconcile", "--pooled", "--weight", "hur_1_5m_rounds=0.5,shin_6700_containers=2"],
     "one per --weight: repeat the option (--weight hur_1_5m_rounds=0.5 --weight "
     "shin_6700_containers=2)"),
    (["reconcile", "--pooled", "--weight", "hur_1_5m_rounds, shin_6700_containers=2"],
     "one per --weight: repeat the option (--weight hur_1_5m_rounds=2 --weight "
     "shin_6700_containers=2)"),
    (["reconcile", "--pooled", "--weight", "hur_1_5m_rounds,shin_6700_containers"],
     "one per --weight: repeat the option (--weight hur_1_5m_rounds=W --weight "
     "shin_6700_containers=W)"),
    # a decimal comma was told '--weight a=0 --weight 5=W', a trailing comma '=W'
    (["reconcile", "--pooled", "--weight", "hur_1_5m_rounds=0,5"],
     "a decimal point, not a comma: hur_1_5m_rounds=0.5"),
    (["reconcile", "--pooled", "--weight", "hur_1_5m_rounds=1,"],
     "without the comma: --weight hur_1_5m_rounds=1"),
])
def test_names_run_together_with_commas_are_told_to_repeat_the_option(
        argv: list[str], said: str, capsys: pytest.CaptureFixture[str]) -> None:
    """'--calibre 152mm_he,122mm_he' was answered 'did you mean 152mm_he?', and whoever
    followed it lost 122mm_he: each part is a name there is, so the option is repeated."""
    code, out, err = run([*argv, "-n", "64"] if argv[0] != "reports" else argv, capsys)
    assert code == 2 and out == ""
    assert err.endswith(f"; {said}\n") and "did you mean" not in err
    assert len(err.splitlines()) == 1


@pytest.mark.parametrize(("argv", "said"), [
    (["port-calls", "-c", "10", "--ship", "angara,maria"],
     "--ship: expected one of lady_r, angara, maia_1, maria (got 'angara,maria'); it takes "
     "one value: angara or maria"),
    (["rail", "--cars", "10", "--calibre", "152mm_he,mix"],
     "it takes one value: 152mm_he or mix"),
    (["rail", "--cars", "10", "--basis", "complete,projectile"],
     "it takes one value: complete or projectile"),
    (["sensitivity", "timeline", "--measure", "rounds,usable"],
     "it takes one value: rounds or usable"),
])
def test_names_run_together_on_an_option_of_one_value_are_not_told_to_repeat_it(
        argv: list[str], said: str, capsys: pytest.CaptureFixture[str]) -> None:
    """'--ship angara,maria' was told to repeat the option, which a second '--ship'
    refuses: an option that takes one value is told so."""
    code, out, err = run([*argv, "-n", "64"], capsys)
    assert code == 2 and out == ""
    assert err.endswith(f"{said}\n") and "repeat" not in err
    assert len(err.splitlines()) == 1


def test_names_run_together_for_one_value_in_python_are_not_told_to_pass_a_list() -> None:
    from estimator import estimate_rail
    from estimator.errors import InputError

    with pytest.raises(InputError, match=re.escape(
            "(got '152mm_he,mix'); it takes one value: 152mm_he or mix")) as caught:
        estimate_rail(10, calibre="152mm_he,mix", samples=16)
    assert "a list" not in str(caught.value)


def test_names_run_together_in_python_are_told_to_pass_a_list() -> None:
    from estimator import estimate_containers
    from estimator.errors import InputError

    with pytest.raises(InputError, match=re.escape(
            "one name an item: a list (['152mm_he', '122mm_he'])")):
        estimate_containers(10, calibres="152mm_he,122mm_he", samples=16)


@pytest.mark.parametrize(("argv", "said"), [
    (["containers", "-c", "-"], "error: --count: expected a count such as 6700, 6,700, 10k, "
     "2.5M, ~6700, 6.5M-8M, 10000+ or <=500k (got '-'); a dash alone is no count"),
    (["reconcile", "--since", "2030-01"], "error: --since: expected a date on or before the "
     "latest as-of date of the claims ({latest}) (got '2030-01')"),
    (["reconcile", "--pooled", "--since", "2030-01-15"], "error: --since: expected a date on "
     "or before the latest as-of date of the claims ({latest}) (got '2030-01-15')"),
])
def test_a_lone_dash_and_a_date_past_every_claim_say_what_they_are(
        argv: list[str], said: str, capsys: pytest.CaptureFixture[str]) -> None:
    """'-c -' was 'a count of 0 or more'; '--since 2030-01' alone was
    '--claim/--measure/--since: ... none left'."""
    from estimator.reports import Catalogue

    latest = max(c.as_of for c in Catalogue.defaults().claims.values()).isoformat()
    code, out, err = run([*argv, "-n", "64"], capsys)
    assert (code, out, err) == (2, "", said.replace("{latest}", latest) + "\n")


def test_a_name_begun_or_a_part_of_one_name_is_suggested() -> None:
    from estimator.errors import nearest

    ids = ["hur_1_5m_rounds", "zelensky_3_5m_rounds_2024", "shin_6700_containers"]
    assert nearest("zelensky", ids) == nearest("ZELENSKY_3", ids) == ids[1]
    assert nearest("6700", ids) == ids[2]           # a part of one name
    # a part of one name before a closer spelling of another (hur_1_5m_rounds is nearer
    # '3_5m_rounds' letter by letter)
    assert nearest("3_5m_rounds", ids) == ids[1]
    assert nearest("hu", ids) is None               # too short to single one out


@pytest.mark.parametrize("name, fmt, written, warned", [
    ("x.csv", "json", "json", "written as json, as --format asks, though its name says csv"),
    ("out.xlsx", None, "table", "written as a text table (a name ending .xlsx"),
    ("out.txt", None, "table", None),
    ("out.JSON", None, "json", None),
    ("x.md", "markdown", "markdown", None),
    (".json", None, "json", None),  # a file named .json alone is JSON, as out.json is
    (".csv", "json", "json", "written as json, as --format asks, though its name says csv"),
    (".xlsx", None, "table", "written as a text table (a name ending .xlsx"),
])
def test_a_format_other_than_the_file_name_says_is_a_warning(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, fmt: str | None,
        written: str, warned: str | None) -> None:
    out_file = tmp_path / name
    code, _, err = run(["containers", "--count", "6700", "-n", "500", "-o", str(out_file),
                        *(["--format", fmt] if fmt else [])], capsys)
    assert code == 0
    text = out_file.read_text()
    assert {"json": text.startswith("{"), "table": text.startswith("6700: "),
            "markdown": text.startswith("**6700: ")}[written], text[:80]
    assert (warned is not None and warned in err) or (warned is None and err == ""), err


@pytest.mark.parametrize(("name", "warned"), [
    ("x.md", "written as json, as --json asks, though its name says markdown"),
    ("x.csv", "written as json, as --json asks, though its name says csv"),
    ("x.json", None),
])
def test_json_of_assumptions_show_warns_of_a_file_named_otherwise_as_format_does(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str,
        warned: str | None) -> None:
    """'--json' is '-f json': the same warning where the file's name says another format."""
    out_file = tmp_path / name
    code, _, err = run(["assumptions", "show", "duds.dud_rate", "--json", "-o",
                        str(out_file)], capsys)
    assert code == 0 and out_file.read_text().startswith("{")
    assert err == (f"warning: --output {name}: {warned}\n" if warned else ""), err


@pytest.mark.parametrize("argv, meant", [
    (["reconcile", "--claims", "mine.toml"],
     "Did you mean '--reports' (a TOML file of claims; --claim picks claims by id)?"),
    (["reports", "list", "--claims-file", "mine.toml"],
     "Did you mean '--reports' (a TOML file of claims)?"),
    (["reconcile", "--claimz", "x"], "Did you mean '--claim'?"),   # a misspelling: click's
    (["containers", "--count", "5", "--claims", "x"], "No such option '--claims'."),
])
def test_an_option_named_by_its_meaning_points_to_the_one_meant(
        capsys: pytest.CaptureFixture[str], argv: list[str], meant: str) -> None:
    code, out, err = run(argv, capsys)
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and err.rstrip().endswith(meant), err


@pytest.mark.parametrize("key, shown, last", [
    ("calls.jan_2026", "period: 2026-01-01 to 2026-01-31 (period_end 2026-02-01, the first "
     "day after it)", "2026-01-31"),                      # a port-call period: end exclusive
    ("consumption.aug_2024", "period: 2024-08-06 to 2024-08-14", "2024-08-14"),  # inclusive
])
def test_assumptions_show_gives_a_dated_entrys_period(
        capsys: pytest.CaptureFixture[str], key: str, shown: str, last: str) -> None:
    """The dates were in no output of 'assumptions show', and the two kinds of period end
    differently: a port-call rate's end is the first day after it, a rate of fire's is its
    last day (6-14 August 2024, nine days)."""
    code, out, err = run(["assumptions", "show", key], capsys)
    assert code == 0 and f"  {shown}\n" in out, out
    code, out, err = run(["assumptions", "show", key, "-f", "json"], capsys)
    period = json.loads(out)["assumptions"][0]["period"]
    assert period["last_day"] == last and period["end_exclusive"] is key.startswith("calls.")
    code, out, err = run(["assumptions", "show", "duds.dud_rate", "-f", "json"], capsys)
    assert code == 0, err
    assert json.loads(out)["assumptions"][0]["period"] is None
