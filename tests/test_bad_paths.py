"""Paths, file names and written numbers at the edges: every one is one line and exit 2
(or a clean run), never an internal error, and no input is ever written over."""

from __future__ import annotations

from pathlib import Path

import pytest

from estimator.errors import InputError
from tests.clirun import run

FEW = ["--samples", "100"]
SOURCE = '[[{k}.sources]]\nwho = "A"\nwhere = "B"\nwhen = "2024-03"\nsays = "c"\n'


def entry(key: str, body: str) -> str:
    return f"[{key}]\n{body}\n" + SOURCE.format(k=key)


def one_error(err: str) -> str:
    lines = err.splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), err
    assert "internal error" not in err
    return lines[0]


def test_a_plot_may_not_write_over_an_input_even_through_a_link(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    mine = tmp_path / "mine.toml"
    mine.write_text(entry("duds.dud_rate", 'unit = "1"\nvalue = 0.3'), encoding="utf-8")
    before = mine.read_bytes()
    (tmp_path / "link.png").symlink_to(mine)
    code, out, err = run(["sensitivity", "containers", "-c", "6700", "-a", "mine.toml",
                          "--plot", "link.png", "--samples", "16"], capsys)
    assert (code, out) == (2, "")
    assert one_error(err) == ("error: --plot: expected a file other than the command's input "
                              "files (got 'mine.toml, the --assumptions file')")
    assert mine.read_bytes() == before


def test_a_plot_may_not_write_over_the_tools_own_files(capsys: pytest.CaptureFixture[str],
                                                       tmp_path: Path) -> None:
    from estimator.assumptions import defaults_dir

    target = tmp_path / "own.png"
    target.symlink_to(defaults_dir() / "rates.toml")
    before = (defaults_dir() / "rates.toml").read_bytes()
    code, _, err = run(["sensitivity", "containers", "-c", "6700", "--plot", str(target),
                        "--samples", "16"], capsys)
    assert code == 2
    assert "--plot: expected a file other than the tool's own" in one_error(err)
    assert (defaults_dir() / "rates.toml").read_bytes() == before


@pytest.mark.parametrize("written", ["nd/", "keep.txt/", "keep.txt/.", "sub/../"])
def test_an_output_path_naming_a_folder_is_refused(
        written: str, tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Path('keep.txt/') is 'keep.txt': the slash was lost, and the file written over."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "keep.txt").write_text("KEEP\n")
    (tmp_path / "sub").mkdir()
    code, out, err = run(["containers", "-c", "6700", *FEW, "-o", written], capsys)
    assert (code, out) == (2, "")
    assert one_error(err) == f"error: --output: expected a file path, not a folder (got '{written}')"
    assert (tmp_path / "keep.txt").read_text() == "KEEP\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["keep.txt", "sub"]


def test_a_plot_path_naming_a_folder_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(["sensitivity", "containers", "-c", "6700", "--plot", "out/",
                        "--samples", "16"], capsys)
    assert code == 2
    assert one_error(err) == "error: --plot: expected a file path, not a folder (got 'out/')"


@pytest.mark.parametrize("argv", [
    ["containers", "-c", "6700", "-a", "{long}.toml"],
    ["containers", "-c", "6700", "-o", "{long}.json"],
    ["reconcile", "-r", "{long}.toml"],
    ["reports", "check", "{long}.toml"],
])
def test_a_file_name_too_long_for_the_system_is_one_line(
        argv: list[str], capsys: pytest.CaptureFixture[str], tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    code, out, err = run([a.format(long="a" * 300) for a in argv], capsys)
    assert (code, out) == (2, "")
    assert "File name too long" in one_error(err)


def test_assumptions_check_lists_a_name_too_long_as_its_one_problem(
        capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    code, _, err = run(["assumptions", "check", "b" * 300 + ".toml"], capsys)
    lines = err.splitlines()
    assert code == 2 and len(lines) == 2 and "internal error" not in err
    assert lines[0].endswith("expected a readable file (got 'File name too long')")
    assert lines[1].endswith(".toml: 1 problem")


def test_a_newline_in_a_file_name_or_a_key_stays_one_line(
        capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    code, _, err = run(["containers", "-c", "6700", "-a", "bad\nname.toml"], capsys)
    assert code == 2
    assert one_error(err) == ("error: --assumptions 'bad\\nname.toml': expected an existing "
                              "file (got 'no such file')")
    (tmp_path / "nl.toml").write_text(entry('duds."dud\\nrate"', 'unit = "1"\nvalue = 0.3'),
                                      encoding="utf-8")
    code, _, err = run(["containers", "-c", "6700", "-a", "nl.toml", *FEW], capsys)
    assert code == 2 and "duds.dud\\nrate" in one_error(err)


def test_a_key_of_any_length_is_shown_cut() -> None:
    e = InputError("k" * 100_000 + ".unit", "a unit")
    assert len(str(e)) < 300 and str(e).endswith("kkk.unit: expected a unit")


def test_a_calibre_named_mix_is_refused(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """The mix row is every output's; a calibre of that name was never computed."""
    path = tmp_path / "mix.toml"
    path.write_text("".join(entry(f"munitions.mix.{k}", f'unit = "{u}"\nvalue = {v}') for k, u, v in
                            [("projectile_mass", "kg", 40), ("projectile_volume", "m^3", 0.02),
                             ("complete_mass", "kg", 60), ("complete_volume", "m^3", 0.05)]),
                    encoding="utf-8")
    code, _, err = run(["containers", "-c", "6700", "-a", str(path), *FEW], capsys)
    assert code == 2
    assert ("munitions.mix.complete_mass: expected a calibre name other than 'mix' (the "
            "calibre mix's name) (got 'mix') (and 3 more problems)") in one_error(err)


@pytest.mark.parametrize("command", [["containers", "-c", "6700"], ["shells", "-c", "1M"],
                                     ["rail", "--cars", "10"], ["assumptions", "list"]])
def test_a_bad_call_period_is_refused_by_every_command(
        command: list[str], capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """Only the commands that read the port-call periods used to check them."""
    path = tmp_path / "calls.toml"
    path.write_text(entry("calls.halt_feb_mar_2024", 'unit = "port_call/month"\nvalue = 0\n'
                          'period_start = "2024-02-30"\nperiod_end = "2024-03-10"'),
                    encoding="utf-8")
    extra = [] if command[0] == "assumptions" else FEW
    code, out, err = run([*command, "-a", str(path), *extra], capsys)
    assert (code, out) == (2, "")
    assert one_error(err).endswith("calls.halt_feb_mar_2024.period_start: expected a date on "
                                   "the calendar (got '2024-02-30'); February 2024 has 29 days")


@pytest.mark.parametrize(("argv", "needle"), [
    (["containers", "--count", "٦٧٠٠", *FEW], "--count: expected a count such as"),
    (["containers", "-c", "6700", "--samples", "٥٠٠٠"], "--samples: expected a whole number"),
    (["containers", "-c", "6700", "--samples", "5_000"], "--samples: expected a whole number"),
    (["reconcile", "--pooled", "--weight", "shin_6700_containers=1_0", *FEW],
     "--weight: expected a number for shin_6700_containers"),
    (["containers", "-c", "6700", "--seed", "1_0", *FEW], "--seed: expected a whole number"),
    (["containers", "-c", "6700", "--seed", "٥", *FEW], "--seed: expected a whole number"),
    (["containers", "-c", "6700", "--precision", "1_0%"], "--precision: expected a share"),
    (["containers", "-c", "6700", "--precision", "١%"], "--precision: expected a share"),
    (["assumptions", "check", ""], "FILE: expected a file path (got 'an empty path')"),
    (["reports", "check", ""], "FILE: expected a file path (got 'an empty path')"),
])
def test_numbers_and_paths_are_read_as_written(argv: list[str], needle: str,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(argv, capsys)
    assert code == 2 and needle in one_error(err)


def test_pooling_with_boxes_that_carry_nothing_runs_and_says_n_a(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """Every ship at 0 containers a call: what a claim 'needs' per call divided by 0."""
    path = tmp_path / "zero.toml"
    path.write_text("".join(entry(f"ships.{s}.containers_per_call",
                                  'unit = "box/port_call"\nvalue = 0')
                            for s in ("lady_r", "angara", "maia_1", "maria")), encoding="utf-8")
    code, out, err = run(["reconcile", "--pooled", "-a", str(path), "--samples", "2000"], capsys)
    assert code == 0, err
    assert "or n/a what the other claims support (0)" in out
    assert "Warning" not in err


@pytest.mark.parametrize("argv", [["containers", "-c", "6700", "-a", ""],
                                  ["reconcile", "-r", ""],
                                  ["sensitivity", "containers", "-c", "6700", "--plot", ""],
                                  ["containers", "-c", "6700", "-o", ""]])
def test_an_empty_path_is_called_empty_not_dot(argv: list[str],
                                               capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(argv, capsys)
    option = {"-a": "--assumptions", "-r": "--reports", "-o": "--output"}.get(argv[-2], argv[-2])
    assert code == 2
    assert one_error(err) == f"error: {option}: expected a file path (got 'an empty path')"


def test_dot_slash_dash_is_a_file_named_dash_not_standard_output(
        capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    code, out, _ = run(["containers", "-c", "6700", *FEW, "-f", "json", "-o", "./-"], capsys)
    assert (code, out) == (0, "")
    assert (tmp_path / "-").read_text().startswith("{")


def test_a_weight_for_a_claim_the_filters_leave_out_says_so(
        capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(["reconcile", "--pooled", "--since", "2025-01", "--weight",
                        "hur_1_5m_rounds=2", *FEW], capsys)
    assert code == 2
    assert one_error(err) == ("error: --weight: expected a claim that the claim, measure and "
                              "since filters keep (got 'hur_1_5m_rounds, which they leave out')")


def test_a_users_rating_below_the_default_payload_blames_the_users_entry(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "gross.toml"
    path.write_text(entry("containers.20ft.max_gross_iso", 'unit = "t"\nvalue = 1'),
                    encoding="utf-8")
    code, _, err = run(["containers", "-c", "6700", "-a", str(path), *FEW], capsys)
    assert code == 2
    assert one_error(err) == (
        f"error: {path}: containers.20ft.max_gross_iso: expected a rated gross mass (which "
        "includes the tare) at least the payload limit (containers.20ft.payload_limit: up to "
        "27.7 t, in assumptions/containers.toml) (got '1 t')")


def test_a_users_rating_is_read_at_its_top(capsys: pytest.CaptureFixture[str],
                                           tmp_path: Path) -> None:
    """A rating given as a range holds a payload up to its top: the default payload's top
    (27.7 t) lies between a 24-32 t rating's ends, so that rating is taken, and one whose top
    is 26 t is refused with its top named."""
    ok, low = tmp_path / "range.toml", tmp_path / "low.toml"
    ok.write_text(entry("containers.20ft.max_gross_iso", 'unit = "t"\nlow = 24\nhigh = 32'),
                  encoding="utf-8")
    low.write_text(entry("containers.20ft.max_gross_iso", 'unit = "t"\nlow = 20\nhigh = 26'),
                   encoding="utf-8")
    code, _, err = run(["assumptions", "check", str(ok)], capsys)
    assert code == 0, err
    code, _, err = run(["assumptions", "check", str(low)], capsys)
    assert code == 2
    assert err.splitlines() == [
        f"error: {low}: containers.20ft.max_gross_iso: expected a rated gross mass (which "
        "includes the tare) at least the payload limit (containers.20ft.payload_limit: up to "
        "27.7 t, in assumptions/containers.toml) (got '26 t')", f"{low}: 1 problem"]


def test_a_users_short_box_blames_the_users_entry(capsys: pytest.CaptureFixture[str],
                                                  tmp_path: Path) -> None:
    path = tmp_path / "short.toml"
    path.write_text(entry("containers.20ft.internal_length", 'unit = "m"\nvalue = 3'),
                    encoding="utf-8")
    code, _, err = run(["assumptions", "check", str(path)], capsys)
    assert code == 2
    assert (f"error: {path}: containers.20ft.internal_length: expected an inside length that "
            "a crate fits lengthwise (munitions.122mm_rocket.crate_length: up to 3.3 m, in "
            "assumptions/munitions.toml) (got 'from 3 m')") in err.splitlines()


CLAIM = """[claims.mine]
who = "A"
outlet = "B"
published = 2024-03-01
as_of = 2024-02-28
period_start = 2023-09-01
measure = "containers"
basis = "delivered"
scope = "munitions"
form = "exact"
figure = "{figure}"
origin = "me"
quote = "q"
"""


def test_a_claimed_count_of_things_is_whole_as_on_the_command_line(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "claims.toml"
    path.write_text(CLAIM.format(figure="0.5"), encoding="utf-8")
    code, _, err = run(["reports", "check", str(path)], capsys)
    assert code == 2
    assert f"{path}: claims.mine.figure: expected a whole number of things" in err
    path.write_text(CLAIM.format(figure="6,700"), encoding="utf-8")
    assert run(["reports", "check", str(path)], capsys)[0] == 0


def test_a_dud_share_written_as_a_percentage_is_told_so(capsys: pytest.CaptureFixture[str],
                                                        tmp_path: Path) -> None:
    path = tmp_path / "claims.toml"
    path.write_text(CLAIM.format(figure="6,700") + '[claims.mine.duds]\nform = "approx"\n'
                    'figure = "150%"\nquote = "q"\n', encoding="utf-8")
    code, _, err = run(["reports", "check", str(path)], capsys)
    assert code == 2
    assert (f"{path}: claims.mine.duds.figure: expected a fraction from 0 to 1, such as 0.5 "
            "for half (not a percentage) (got '150%')") in err


@pytest.mark.parametrize("option, asked", [("--drop", "dropped"), ("--weight", "weighted 2")])
def test_dropping_or_weighting_a_claim_left_out_anyway_says_it_changes_nothing(
        option: str, asked: str, capsys: pytest.CaptureFixture[str]) -> None:
    """Not refused: one set of drops and weights serves every --known-by date of a
    series, though some of its claims are left out at some dates."""
    value = "pgo_24_missiles_fired" + ("=2" if option == "--weight" else "")
    code, out, err = run(["reconcile", "--pooled", option, value, *FEW], capsys)
    assert code == 0, err
    assert (f"  pgo_24_missiles_fired: {asked}, but left out anyway (counts missiles: no "
            "assumption puts them on the delivery timeline): that changes nothing") in out
    plain = run(["reconcile", "--pooled", *FEW], capsys)[1]
    assert [line for line in out.splitlines() if "changes nothing" not in line] == \
        plain.splitlines()


def test_a_drop_of_a_claim_not_yet_public_changes_nothing_at_that_date(
        capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["reconcile", "--pooled", "--known-by", "2024-02-26", "--as-of", "2024-02-26",
            "-n", "2000"]
    code, out, err = run([*argv, "--drop", "zelensky_3_5m_rounds_2024"], capsys)
    assert code == 0, err
    assert ("zelensky_3_5m_rounds_2024: dropped, but left out anyway (published 2024-12-02, "
            "after the known-by date (2024-02-26)): that changes nothing") in out
    assert "  zelensky_3_5m_rounds_2024: published 2024-12-02, after the known-by date" in out


def test_a_checked_files_count_line_stays_one_line_too(capsys: pytest.CaptureFixture[str],
                                                        tmp_path: Path) -> None:
    path = tmp_path / "bad\nname.toml"
    path.write_text("x = [", encoding="utf-8")
    for command in ("reports", "assumptions"):
        code, _, err = run([command, "check", str(path)], capsys)
        assert code == 2
        lines = err.splitlines()
        assert len(lines) == 2 and lines[1].endswith("bad\\nname.toml: 1 problem"), err


def test_a_link_that_leads_nowhere_is_named_as_such(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    loop = tmp_path / "loop.toml"
    loop.symlink_to(loop)
    code, _, err = run(["containers", "-c", "6700", "-a", str(loop), *FEW], capsys)
    assert code == 2
    assert "--assumptions: expected a link to an existing file" in one_error(err)


def test_sensitivity_takes_one_value_a_trial_in_a_column() -> None:
    from estimator import AssumptionSet
    from estimator.sensitivity import sensitivity

    s = AssumptionSet.defaults()
    key = "containers.mass_utilisation"
    flat = sensitivity(s, lambda d: {"y": d[key]}, "y", samples=64)
    column = sensitivity(s, lambda d: {"y": d[key].reshape(-1, 1)}, "y", samples=64)
    assert [f.key for f in column.factors] == [f.key for f in flat.factors] == [key]
    assert column.factors[0].total == flat.factors[0].total


def test_a_long_refused_path_keeps_its_file_name(tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    """A message has room for about 60 characters of a path: the end, with the file's
    name, is what tells a user which file was meant."""
    deep = tmp_path / ("a_rather_long_folder_name_" * 3) / "another_long_folder_name"
    deep.mkdir(parents=True)
    mine = deep / "my_assumptions_file.toml"
    mine.write_text("", encoding="utf-8")
    for argv in (["containers", "-c", "6700", "-a", str(mine), "-o", str(mine)],
                 ["containers", "-c", "6700", "-o", str(mine), "-a", str(mine)]):
        code, out, err = run(argv, capsys)
        assert (code, out) == (2, "")
        line = one_error(err)
        assert "the command's input files" in line and "my_assumptions_file.toml" in line, err
    assert mine.read_text(encoding="utf-8") == ""


@pytest.mark.skipif(not Path("/proc/self/root").exists(), reason="no /proc")
def test_a_path_through_proc_is_held_to_the_file_it_stands_for(
        tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    """/proc paths are written in place (they may be descriptors), but /proc/self/root/...
    and /proc/self/cwd/... name ordinary files: the tool's own and the inputs stay safe."""
    import estimator
    from estimator.assumptions import defaults_dir

    own = defaults_dir() / "rates.toml"
    package_file = Path(estimator.__file__).resolve().parent / "units.txt"
    for target in (own, package_file):
        before = target.read_bytes()
        code, out, err = run(["containers", "-c", "6700", "-n", "20", "-o",
                              f"/proc/self/root{target.resolve()}"], capsys)
        assert (code, out) == (2, "")
        assert "expected a file other than the tool's own" in one_error(err)
        assert target.read_bytes() == before
    monkeypatch.chdir(tmp_path)
    mine = tmp_path / "mine.toml"
    mine.write_text("", encoding="utf-8")
    code, out, err = run(["containers", "-c", "6700", "-n", "20", "-a", "mine.toml", "-o",
                          "/proc/self/cwd/mine.toml"], capsys)
    assert (code, out) == (2, "")
    assert "the command's input files" in one_error(err)
    assert mine.read_text(encoding="utf-8") == ""


@pytest.mark.skipif(not Path("/proc/self/cwd").exists(), reason="no /proc")
@pytest.mark.parametrize("through", ["/proc/self/cwd/{name}", "/dev/..{folder}/{name}",
                                     "/proc/self/root{folder}/{name}"])
def test_an_ordinary_file_named_through_dev_or_proc_is_replaced_not_appended_to(
        through: str, tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Any path under /dev or /proc was written in place, appending: a report landed
    after what the file held, and a figure after an older one's bytes (a broken PNG)."""
    monkeypatch.chdir(tmp_path)
    old = tmp_path / "out.md"
    old.write_text("ORIGINAL\n", encoding="utf-8")
    path = through.format(name="out.md", folder=tmp_path.resolve())
    code, out, err = run(["containers", "-c", "10", *FEW, "--calibre", "152mm_he", "-o",
                          path], capsys)
    assert (code, out) == (0, ""), err
    text = old.read_text(encoding="utf-8")
    assert not text.startswith("ORIGINAL") and text.startswith("**10: taken as exact")


@pytest.mark.skipif(not Path("/dev/fd").exists(), reason="no /dev/fd")
@pytest.mark.parametrize("name", ["/dev/stdout", "/proc/self/fd/1", "/dev/fd/1"])
def test_a_name_for_a_descriptor_is_written_through_it(name: str,
                                                       capfd: pytest.CaptureFixture[str]
                                                       ) -> None:
    if name.startswith("/proc") and not Path("/proc/self/fd").exists():
        pytest.skip("no /proc")
    code, out, err = run(["containers", "-c", "10", *FEW, "--calibre", "152mm_he", "-f",
                          "csv", "-o", name], capfd)
    assert code == 0, err
    assert out.startswith("# run: estimator") and ",152mm_he," in out, out[:200]


def test_a_hard_link_to_an_input_is_the_input(tmp_path: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    """Paths were compared, not files: another name for the --assumptions file passed as
    --output, and the link's name was replaced by the report."""
    mine = tmp_path / "mine.toml"
    mine.write_bytes((Path(__file__).parent / "data" / "valid_override.toml").read_bytes())
    other = tmp_path / "other_name.toml"
    other.hardlink_to(mine)
    before = mine.read_bytes()
    for argv in (["-a", str(mine), "-o", str(other)], ["-o", str(other), "-a", str(mine)]):
        code, out, err = run(["containers", "-c", "10", *FEW, *argv], capsys)
        assert (code, out) == (2, "")
        assert "expected a file other than the command's input files" in one_error(err)
    assert mine.read_bytes() == other.read_bytes() == before


@pytest.mark.parametrize("key", ["duds.dud_rate", "containers.mass_utilisation",
                                 "scope.munitions_share", "counts.up_to_shortfall",
                                 "containers.share_40ft", "duds.views.hur"])
def test_a_dirichlet_where_one_value_a_trial_is_read_is_one_line(
        key: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A mix of shares on a key the models read as one share: 'valid' to the check,
    then an internal error in every command (or in the check itself)."""
    path = tmp_path / "mix_here.toml"
    path.write_text(f'["{key}"]\nunit = "1"\ncategories = ["a", "b"]\nalpha = [2, 3]\n'
                    f'[["{key}".sources]]\nwho = "a"\nwhere = "b"\nwhen = "2024"\nsays = "c"\n',
                    encoding="utf-8")
    for argv in (["assumptions", "check", str(path)],
                 ["containers", "-c", "10", *FEW, "-a", str(path)]):
        code, out, err = run(argv, capsys)
        assert out == ""
        assert code == 2 and "internal error" not in err, err
        assert err.startswith(f"error: {path}: {key}: expected one value a trial (a Dirichlet "
                              "mix of shares is read at mix.calibre_share and "
                              "ships.call_share only)"), err


def test_control_characters_in_a_users_text_are_printed_as_escapes(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A claim's source with ESC [31m turned the terminal red, and a NUL went out raw."""
    mine = tmp_path / "ctrl.toml"
    mine.write_text('[claims.odd_who]\nwho = "x\\u001b[31mred\\u0000nul\\r\\u009bover"\n'
                    'outlet = "o"\n'
                    'published = 2024-03-01\nas_of = 2024-02-01\nperiod_start = 2023-08-01\n'
                    'measure = "containers"\nbasis = "delivered"\nscope = "munitions"\n'
                    'form = "exact"\norigin = "me"\nquote = "q"\nfigure = "5,000"\n',
                    encoding="utf-8")
    for fmt in ("table", "markdown", "csv", "json"):
        code, out, err = run(["reports", "show", "odd_who", "-r", str(mine), "-f", fmt], capsys)
        assert code == 0, err
        assert not {"\x1b", "\x00", "\r", "\x9b"} & set(out)
        assert ("x\\x1b[31mred\\x00nul\\r\\x9bover" if fmt != "json" else
                "x\\u001b[31mred\\u0000nul\\r\\u009bover") in out


def test_a_link_whose_targets_folder_is_missing_names_the_target(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The message named the link, whose own folder exists, as a path in no folder."""
    link = tmp_path / "dang.txt"
    link.symlink_to(tmp_path / "nofolder" / "out.txt")
    code, out, err = run(["containers", "-c", "10", *FEW, "-o", str(link)], capsys)
    assert (code, out) == (2, "")
    assert one_error(err).startswith("error: --output: expected a path in an existing folder "
                                     "(dang.txt is a link to this path) (got '")
    assert one_error(err).endswith("nofolder/out.txt')") and not link.exists()


@pytest.mark.skipif(not Path("/proc/self/fd/1").exists(), reason="no /proc")
def test_another_name_for_standard_outputs_file_is_written_through_it(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A link to the file standard output is open on (as /proc/self/root/dev/stdout is
    one, with >> out.txt) replaced that file: what the shell's descriptor held was cut off."""
    import os

    out_txt = tmp_path / "out.txt"
    out_txt.write_text("held before\n", encoding="utf-8")
    link = tmp_path / "lk"
    link.symlink_to(out_txt)
    saved = os.dup(1)
    fd = os.open(out_txt, os.O_WRONLY | os.O_APPEND)
    try:
        os.dup2(fd, 1)  # the shell's >> out.txt
        code, _, err = run(["assumptions", "show", "duds.dud_rate", "-o", str(link)], capsys)
    finally:
        os.dup2(saved, 1)
        os.close(saved)
        os.close(fd)
    assert code == 0, err
    text = out_txt.read_text(encoding="utf-8")
    assert text.startswith("held before\nduds.dud_rate\n"), text[:80]


def test_a_known_by_date_that_leaves_nothing_is_named_though_a_drop_came_with_it(
        capsys: pytest.CaptureFixture[str]) -> None:
    """The drop of a claim left out anyway changes nothing: the date left nothing to pool."""
    argv = ["reconcile", "--pooled", "--known-by", "2023-06-01", *FEW]
    for extra in ([], ["--drop", "zelensky_3_5m_rounds_2024"]):
        code, _, err = run([*argv, *extra], capsys)
        assert code == 2
        assert one_error(err).startswith("error: --known-by: expected at least one claim left "
                                         "to pool"), err


@pytest.mark.parametrize("argv", [["containers", "-c", "6700", *FEW, "-a", "-"],
                                  ["reconcile", *FEW, "-r", "-"],
                                  ["reports", "check", "-"], ["assumptions", "check", "-"]])
def test_a_dash_for_a_file_read_says_standard_input_is_not_taken(
        argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    """'-a -' answered 'expected an existing file (got 'no such file')', while '-o -' is
    standard output: the line says '-' is standard input, not taken for that option."""
    code, out, err = run(argv, capsys)
    option = {"-a": "--assumptions", "-r": "--reports"}.get(argv[-2], "FILE")
    assert (code, out) == (2, "")
    line = one_error(err)
    assert line.startswith(f"error: {option}: expected a file to read (got '-')"), line
    assert f"'-' (standard input) is not taken for {option}" in line


@pytest.mark.skipif(not Path("/dev/null").exists(), reason="no /dev/null")
@pytest.mark.parametrize(("flag", "option"), [("-a", "--assumptions"), ("-r", "--reports")])
def test_a_device_given_for_a_file_read_names_the_option(
        flag: str, option: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(["reconcile", *FEW, flag, "/dev/null"], capsys)
    assert code == 2
    assert one_error(err) == (f"error: {option}: expected a regular file or a pipe (got "
                              "'/dev/null, a device')")


@pytest.mark.skipif(not Path("/proc/version").is_file(), reason="no /proc")
def test_an_output_in_a_folder_of_the_systems_says_the_folder_takes_no_files(
        capsys: pytest.CaptureFixture[str]) -> None:
    """'-o /proc/version' answered 'expected a writable folder (got '/proc: No such file
    or directory')', of a folder that is there: now the folder takes no new files, said
    before the run."""
    code, out, err = run(["containers", "-c", "6700", *FEW, "-o", "/proc/version"], capsys)
    assert (code, out) == (2, "")
    assert one_error(err) == ("error: --output: expected a file path in a folder where a new "
                              "file can be written (got '/proc/version'); /proc takes no new "
                              "files (a folder the system keeps)")


@pytest.mark.parametrize(("errno_", "said"), [("EROFS", "is on a read-only file system"),
                                              ("EACCES", "is not writable"),
                                              ("ENOSPC", "is on a full disk")])
def test_a_folder_that_refuses_the_output_says_why_before_the_run(
        errno_: str, said: str, tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    import errno
    import tempfile

    def refuse(*args: object, **kwargs: object) -> tuple[int, str]:
        code = getattr(errno, errno_)
        raise OSError(code, "refused")

    monkeypatch.setattr(tempfile, "mkstemp", refuse)
    out_file = tmp_path / "out.txt"
    code, out, err = run(["containers", "-c", "6700", *FEW, "-o", str(out_file)], capsys)
    assert (code, out) == (2, "") and not out_file.exists()
    line = one_error(err)
    assert line.startswith("error: --output: expected a file path in a folder where a new "
                           "file can be written"), line
    assert line.endswith(f"; {tmp_path} {said}" + (" (permission denied)"
                                                    if errno_ == "EACCES" else "")), line


@pytest.mark.parametrize(("given", "why"), [("2024-02-30", "February 2024 has 29 days"),
                                            ("2023-02-29", "February 2023 has 28 days"),
                                            ("2024-04-31", "April 2024 has 30 days"),
                                            ("2024-02-00", "a day of February 2024 is 01 to 29"),
                                            ("2024-13", "a month is 01 to 12")])
def test_a_date_off_the_calendar_says_why(given: str, why: str,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    """'--from 2024-02-30' got the message for a date written in another form."""
    code, _, err = run(["timeline", "--from", given, *FEW], capsys)
    assert code == 2
    assert one_error(err) == (f"error: --from: expected a date on the calendar (got "
                              f"'{given}'); {why}")


def test_a_bare_toml_date_off_the_calendar_says_why(tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    """A date written bare (no quotes) off the calendar was 'expected valid TOML (got
    'Invalid date or datetime')', where the same date quoted says why; now every such date
    of the file is said, with its line and its key where the rest of the file parses."""
    from tests.test_claims_files import claim, write

    path = write(tmp_path, claim(published="2024-02-30"))
    code, _, err = run(["reports", "check", str(path)], capsys)
    assert code == 2
    assert err.splitlines()[0] == (f"error: {path}: line 4, claims.my_claim.published: "
                                   "expected a date on the calendar (got '2024-02-30'); "
                                   "February 2024 has 29 days"), err
    # a month 13 or a day 00 (the parser reads '2025' and stops), a date-time, an array's
    # and an inline table's: each said, under its key
    path = write(tmp_path, entry("calls.q4_2025", 'unit = "port_call/month"\nvalue = 3\n'
                                 "period_start = 2025-02-29\nperiod_end = 2025-13-01\n"
                                 "note = 2024-02-00\ndates = [2024-04-30, 2024-04-31]\n"
                                 "t = {a = 2023-02-29T10:00:00Z}"), "a.toml")
    code, _, err = run(["assumptions", "check", str(path)], capsys)
    assert code == 2 and "Traceback" not in err
    assert [line.split(": ", 3)[2:] for line in err.splitlines()[:-1]] == [
        ["line 4, calls.q4_2025.period_start", "expected a date on the calendar (got "
         "'2025-02-29'); February 2025 has 28 days"],
        ["line 5, calls.q4_2025.period_end", "expected a date on the calendar (got "
         "'2025-13-01'); a month is 01 to 12"],
        ["line 6, calls.q4_2025.note", "expected a date on the calendar (got '2024-02-00'); "
         "a day of February 2024 is 01 to 29"],
        ["line 7, calls.q4_2025.dates[1]", "expected a date on the calendar (got "
         "'2024-04-31'); April 2024 has 30 days"],
        ["line 8, calls.q4_2025.t.a", "expected a date on the calendar (got '2023-02-29'); "
         "February 2023 has 28 days"]], err
    # where the file holds another slip too: the date by its line and column, then the slip
    path = write(tmp_path, "a = 2024-02-30\nb = [\n", "b.toml")
    code, _, err = run(["assumptions", "check", str(path)], capsys)
    assert err.splitlines()[:2] == [
        f"error: {path}: line 1, column 5: expected a date on the calendar (got "
        "'2024-02-30'); February 2024 has 29 days",
        f"error: {path}: end of document: expected valid TOML (got 'Invalid value')"], err
    # a time off the clock is no calendar slip: the parser's words stand
    path = write(tmp_path, "a = 2024-02-28T25:00:00\n", "c.toml")
    code, _, err = run(["assumptions", "check", str(path)], capsys)
    assert one_error(err.splitlines()[0]) == (
        f"error: {path}: line 1, column 15: expected valid TOML (got 'Expected newline or "
        "end of document after a statement')")


def test_a_claims_date_off_the_calendar_says_why(tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    from tests.test_claims_files import claim, write

    path = write(tmp_path, claim(as_of='"2024-02-30"'))
    code, _, err = run(["reports", "check", str(path)], capsys)
    assert code == 2
    assert "claims.my_claim.as_of: expected a date on the calendar (got '2024-02-30'); " \
        "February 2024 has 29 days" in err


@pytest.mark.parametrize("option", ["-a", "-r"])
def test_a_blank_path_is_quoted_and_an_unreadable_file_names_its_option(
        option: str, tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    """'-a " "' read '--assumptions  : expected an existing file'; a file the user may not
    read (chmod 000) was named without its option, as a missing one is not."""
    import errno
    import os

    monkeypatch.chdir(tmp_path)
    argv = ["reconcile", "-n", "16"]
    name = {"-a": "--assumptions", "-r": "--reports"}[option]
    code, out, err = run([*argv, option, " "], capsys)
    assert (code, out) == (2, "")
    assert one_error(err) == f"error: {name} ' ': expected an existing file (got 'no such file')"
    Path("noread.toml").write_text("", encoding="utf-8")
    real_open = os.open

    def refused(path: object, flags: int, *rest: object) -> int:
        if str(path).endswith("noread.toml"):  # as chmod 000 is, for a user other than root
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real_open(path, flags, *rest)

    monkeypatch.setattr(os, "open", refused)
    code, out, err = run([*argv, option, "noread.toml"], capsys)
    assert (code, out) == (2, "")
    assert one_error(err) == (f"error: {name} noread.toml: expected a readable file (got "
                              "'Permission denied')")
