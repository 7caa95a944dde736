"""Files layered in order: ``-a`` repeated, each file overriding the ones before it key by
key, as ``AssumptionSet.defaults().with_file(a).with_file(b)`` does."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from clirun import run

from estimator.assumptions import AssumptionSet

SAMPLES = "200"


def _entry_file(path: Path, key: str, value: float, who: str = "A. Analyst") -> Path:
    """A file of one sourced entry of a plain share: KEY fixed at VALUE."""
    path.write_text(f'[{key}]\nunit = "1"\nvalue = {value}\n[[{key}.sources]]\n'
                    f'who = "{who}"\nwhere = "Own notes"\nwhen = "2024-03"\n'
                    f'says = "{value}"\n')
    return path


def _dud_file(path: Path, value: float, who: str) -> Path:
    return _entry_file(path, "duds.dud_rate", value, who)


def _share_file(path: Path) -> Path:
    return _entry_file(path, "containers.share_40ft", 0.9)


@pytest.fixture
def two(tmp_path: Path) -> tuple[Path, Path]:
    return _dud_file(tmp_path / "case.toml", 0.1, "first"), _dud_file(
        tmp_path / "what_if.toml", 0.3, "second")


@pytest.mark.parametrize("argv", [
    ["containers", "-c", "6700", "--calibre", "152mm_he"], ["shells", "-c", "2.5M"],
    ["port-calls", "-c", "32+"], ["rail", "--cars", "73"],
    ["timeline", "--from", "2023-08", "--to", "2023-10"], ["days", "--rounds", "1M", "--over", "365"],
    ["reconcile", "--claim", "hur_1_5m_rounds"],
    ["reconcile", "--pooled", "--measure", "port_calls"],
    ["sensitivity", "containers", "-c", "6700", "--calibre", "152mm_he"]])
def test_every_command_layers_the_files_in_the_order_given(
        argv: list[str], two: tuple[Path, Path], tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    first, second = two
    share = _share_file(tmp_path / "share.toml")
    code, out, err = run([*argv, "-n", SAMPLES, "-a", str(first), "-a", str(share),
                          f"--assumptions={second}", "-f", "json"], capsys)
    assert code == 0, err
    doc = json.loads(out)
    expected = AssumptionSet.defaults().with_file(first).with_file(share).with_file(second)
    assert doc["run"]["assumption_files"][-3:] == [str(first), str(share), str(second)]
    assert doc["run"]["assumptions_digest"] == expected.digest
    assert doc["run"]["overridden"] == ["containers.share_40ft", "duds.dud_rate"]


def test_a_later_file_overrides_an_earlier_one_key_by_key(
        two: tuple[Path, Path], capsys: pytest.CaptureFixture[str]) -> None:
    first, second = two
    for files, value in (((first, second), 0.3), ((second, first), 0.1)):
        code, out, err = run(["assumptions", "show", "duds.dud_rate", "--json",
                              *[f"-a{f}" for f in files]], capsys)  # -aFILE, attached
        assert code == 0, err
        doc = json.loads(out)
        (entry,) = doc["assumptions"]
        assert (entry["describe"], Path(entry["file"]).name) == (f"fixed {value}", files[-1].name)
        assert doc["assumption_files"][-2:] == [str(f) for f in files]
    code, out, err = run(["assumptions", "list", "duds.", "-a", str(first), "-a", str(second)],
                         capsys)
    assert code == 0, err
    assert "duds.dud_rate" in out and "[what_if.toml]" in out and "[case.toml]" not in out


def test_a_later_file_may_override_a_calibre_an_earlier_one_adds(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from test_claims_files import calibre_file

    case = calibre_file(tmp_path)  # adds 999mm
    heavier = tmp_path / "heavier.toml"
    heavier.write_text('''[munitions.999mm.complete_mass]
unit = "kg"
value = 80
[[munitions.999mm.complete_mass.sources]]
who = "A. Analyst"
where = "what if"
when = "2024-03"
says = "80 kg a round as shipped"
''')
    code, out, err = run(["containers", "-c", "100", "--calibre", "999mm", "-n", SAMPLES,
                          "-a", str(case), "-a", str(heavier)], capsys)
    assert code == 0, err
    assert "munitions.999mm.complete_mass: fixed 80 kg" in out
    code, out, err = run(["containers", "-c", "100", "--calibre", "999mm", "-n", SAMPLES,
                          "-a", str(heavier), "-a", str(case)], capsys)
    assert code == 2 and out == ""  # each file over the ones before it: 999mm is half made
    assert err.startswith(f"error: {heavier}: munitions.999mm."), err


@pytest.mark.parametrize("which", [0, 1])
def test_output_may_name_none_of_the_files(which: int, two: tuple[Path, Path],
                                           capsys: pytest.CaptureFixture[str]) -> None:
    before = [f.read_text() for f in two]
    code, out, err = run(["containers", "-c", "100", "-n", SAMPLES, "-a", str(two[0]),
                          "-a", str(two[1]), "-o", str(two[which])], capsys)
    assert code == 2 and out == ""
    assert err.startswith("error: --output: expected a file other than the command's input "
                          "files"), err
    assert len(err.strip().splitlines()) == 1
    assert [f.read_text() for f in two] == before


def test_a_bad_second_file_is_named_in_one_line(two: tuple[Path, Path], tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text('[duds.dud_rate]\nunit = "1"\nvalue = 1.5\n')
    code, out, err = run(["containers", "-c", "100", "-n", SAMPLES, "-a", str(two[0]),
                          "-a", str(bad)], capsys)
    assert code == 2 and out == ""
    assert err.startswith(f"error: {bad}: duds.dud_rate"), err
    code, out, err = run(["containers", "-c", "100", "-n", SAMPLES, "-a", str(two[0]),
                          "-a", str(tmp_path / "missing.toml")], capsys)
    assert code == 2 and out == "" and "missing.toml" in err and "no such file" in err, err


@pytest.mark.parametrize("argv", [["containers"], ["shells"], ["port-calls"], ["rail"],
                                  ["timeline"], ["days"], ["reconcile"], ["reports", "list"],
                                  ["reports", "show"], ["reports", "check"],
                                  ["assumptions", "list"], ["assumptions", "show"],
                                  ["sensitivity", "containers"], ["sensitivity", "timeline"]])
def test_the_help_says_assumptions_may_be_repeated(argv: list[str],
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run([*argv, "--help"], capsys)
    assert code == 0
    text = " ".join(out.split())
    assert "--assumptions" in text and "repeatable" in text.split("--assumptions", 1)[1][:400]
