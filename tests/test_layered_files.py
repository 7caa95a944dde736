"""Files layered in order: ``-a`` repeated, each file overriding the ones before it key by
key, as ``AssumptionSet.defaults().with_file(a).with_file(b)`` does."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from clirun import run

from estimator.assumptions import AssumptionSet

SAMPLES = "200"


def _entry_file(path: Path, key: str, value: float, who: str = "A. Analyst", *,
                unit: str = "1", fields: str = "") -> Path:
    """A file of one sourced entry: KEY fixed at VALUE (a plain share unless ``unit``),
    with ``fields`` (TOML lines) beside."""
    path.write_text(f'[{key}]\nunit = "{unit}"\nvalue = {value}\n{fields}[[{key}.sources]]\n'
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
    assert "repeatable" in text.split("-a, --assumptions", 1)[1][:300], text


# --- -r/--reports repeated: claims files layered in order -----------------------------------


def _claims(tmp_path: Path, name: str, **figures: str) -> Path:
    """A claims file of containers claims, id -> figure (about N, Aug 2023 to Feb 2024)."""
    from test_claims_files import claim, write

    return write(tmp_path, "".join(claim(cid, measure='"containers"', figure=f'"{figure}"')
                                   for cid, figure in figures.items()), name)


@pytest.fixture
def claims_two(tmp_path: Path) -> tuple[Path, Path]:
    return (_claims(tmp_path, "mine.toml", my_boxes="1,000", shin_6700_containers="6,000"),
            _claims(tmp_path, "more.toml", my_boxes="2,000", more_boxes="3,000"))


@pytest.mark.parametrize("argv", [
    ["reconcile", "--claim", "my_boxes", "--claim", "more_boxes", "--claim",
     "shin_6700_containers"],
    ["reconcile", "--pooled", "--measure", "containers"],
    ["reports", "list"], ["reports", "show", "my_boxes", "more_boxes"],
    ["port-calls", "-c", "32", "--compare", "my_boxes", "--compare", "more_boxes"]])
def test_every_command_layers_the_claims_files_in_the_order_given(
        argv: list[str], claims_two: tuple[Path, Path],
        capsys: pytest.CaptureFixture[str]) -> None:
    from estimator.reports import Catalogue

    mine, more = claims_two
    expected = Catalogue.defaults().with_file(mine).with_file(more)
    args = [*argv, "-r", str(mine), f"--reports={more}", "-f", "json"]
    code, out, err = run(args if argv[0] == "reports" else [*args, "-n", SAMPLES], capsys)
    assert code == 0, err
    doc = json.loads(out)
    files = doc.get("report_files", doc.get("files"))  # reports list|show: 'files'
    assert files[-2:] == [str(mine), str(more)]
    assert doc["claims_digest"] == expected.digest
    assert doc["claims_added"] == ["more_boxes", "my_boxes"]
    assert doc["claims_replaced"] == ["shin_6700_containers"]


def test_a_later_claims_file_replaces_an_earlier_ones_claim(
        claims_two: tuple[Path, Path], capsys: pytest.CaptureFixture[str]) -> None:
    mine, more = claims_two
    code, out, err = run(["reconcile", "-n", SAMPLES, "-r", str(mine), "-r", str(more),
                          "--claim", "my_boxes", "--claim", "more_boxes",
                          "--claim", "shin_6700_containers"], capsys)
    assert code == 0, err
    assert "my_boxes [added by more.toml]" in out
    assert "more_boxes [added by more.toml]" in out
    assert "shin_6700_containers [replaced by mine.toml]" in out
    assert "about 2,000" in out or "~2,000" in out
    assert ("claims from mine.toml, more.toml: replaced shin_6700_containers; added "
            "more_boxes, my_boxes") in out


def test_output_may_name_no_claims_file(claims_two: tuple[Path, Path],
                                        capsys: pytest.CaptureFixture[str]) -> None:
    before = [f.read_text() for f in claims_two]
    for target in claims_two:
        code, out, err = run(["reports", "list", "-r", str(claims_two[0]), "-r",
                              str(claims_two[1]), "-o", str(target)], capsys)
        assert code == 2 and out == "", err
        assert err.startswith("error: --output: expected a file other than the command's "
                              "input files"), err
    assert [f.read_text() for f in claims_two] == before


def test_the_help_says_reports_may_be_repeated(capsys: pytest.CaptureFixture[str]) -> None:
    for argv in (["reconcile"], ["port-calls"], ["reports", "list"], ["reports", "show"]):
        code, out, _ = run([*argv, "--help"], capsys)
        text = " ".join(out.split())
        assert code == 0 and "repeatable" in text.split("-r, --reports", 1)[1][:300], argv


# --- --no-catalogue: the claims of the user's files alone -----------------------------------

ALONE_COMMANDS = [["reconcile"], ["reconcile", "--pooled"], ["reports", "list"],
                  ["reports", "show", "my_boxes"], ["port-calls", "-c", "32", "--compare",
                                                    "my_boxes"]]


def _runs(argv: list[str]) -> list[str]:
    return argv if argv[0] == "reports" else [*argv, "-n", SAMPLES]


@pytest.mark.parametrize("argv", ALONE_COMMANDS)
def test_no_catalogue_reads_the_users_claims_alone(
        argv: list[str], claims_two: tuple[Path, Path],
        capsys: pytest.CaptureFixture[str]) -> None:
    from estimator.reports import Catalogue

    mine = claims_two[0]
    code, out, err = run([*_runs(argv), "-r", str(mine), "--no-catalogue"], capsys)
    assert code == 0, err
    assert "hur_1_5m_rounds" not in out and "[added by" not in out and "[replaced" not in out
    assert "my_boxes" in out
    if argv[0] != "reports":
        assert out.rstrip().endswith("claims from mine.toml alone (no catalogue)"), out[-300:]
    code, out, err = run([*_runs(argv), "-r", str(mine), "--no-catalogue", "-f", "json"],
                         capsys)
    assert code == 0, err
    doc = json.loads(out)
    expected = Catalogue.empty().with_file(mine)
    assert doc.get("report_files", doc.get("files")) == [str(mine)]
    assert (doc["default_catalogue"], doc["claims_digest"]) == (False, expected.digest)
    assert (doc["claims_replaced"], doc["claims_added"]) == (
        [], ["my_boxes", "shin_6700_containers"])


def test_no_catalogue_lists_and_marks_the_files_claims(
        claims_two: tuple[Path, Path], capsys: pytest.CaptureFixture[str]) -> None:
    mine, more = claims_two
    code, out, err = run(["reports", "list", "-r", str(mine), "--no-catalogue"], capsys)
    assert code == 0, err
    assert "2 claims, from mine.toml alone (the default catalogue left out)" in out
    assert "[from" not in out  # one file: the foot names it
    code, out, err = run(["reports", "list", "-r", str(mine), "-r", str(more),
                          "--no-catalogue"], capsys)
    assert code == 0, err
    assert "3 claims, from mine.toml, more.toml alone" in out
    assert "my_boxes [from more.toml]" in out and "shin_6700_containers [from mine.toml]" in out
    code, out, err = run(["reports", "list"], capsys)
    assert code == 0 and "claims; 'estimate reports show ID'" in out and "alone" not in out


def test_no_catalogue_lists_in_markdown_say_the_catalogue_is_left_out(
        claims_two: tuple[Path, Path], capsys: pytest.CaptureFixture[str]) -> None:
    """The Markdown list gave the bare table: nothing said the catalogue was left out."""
    mine, _ = claims_two
    code, out, err = run(["reports", "list", "-r", str(mine), "--no-catalogue", "-f",
                          "markdown"], capsys)
    assert code == 0, err
    assert out.endswith("\n_2 claims, from mine.toml alone (the default catalogue left "
                        "out)._\n")
    code, out, err = run(["reports", "list", "-f", "markdown"], capsys)
    assert code == 0 and "left out" not in out and out.rstrip().endswith("|")


@pytest.mark.parametrize("argv", ALONE_COMMANDS)
def test_no_catalogue_without_reports_is_refused_in_one_line(
        argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run([*_runs(argv), "--no-catalogue"], capsys)
    assert code == 2 and out == ""
    assert err == ("error: --no-catalogue: expected a claims file beside it (--reports FILE): "
                   "without the catalogue the claims are your files' alone (got 'none')\n")


def test_reports_check_no_catalogue_checks_the_file_alone(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from test_claims_files import claim, write

    over = write(tmp_path, claim("more_since", over='"nis_1m_rounds"',
                                 period_start="2023-11-02"), "over.toml")
    code, _, err = run(["reports", "check", str(over)], capsys)
    assert (code, err) == (0, ""), err
    code, _, err = run(["reports", "check", str(over), "--no-catalogue"], capsys)
    assert code == 2
    assert "error: " + str(over) + ": claims.more_since.over: expected the id of another claim" \
        in err, err


def test_in_python_an_empty_catalogue_layers_files(claims_two: tuple[Path, Path]) -> None:
    from estimator.errors import InputError
    from estimator.reconcile import reconcile
    from estimator.reports import Catalogue

    mine, more = claims_two
    cat = Catalogue.empty().with_file(mine).with_file(more)
    assert (cat.includes_defaults, sorted(cat)) == (
        False, ["more_boxes", "my_boxes", "shin_6700_containers"])
    assert Catalogue.defaults().includes_defaults and Catalogue.defaults().with_file(
        mine).includes_defaults
    rec = reconcile(cat, samples=200)
    assert sorted(r.claim.id for r in rec.results) == sorted(cat)
    with pytest.raises(InputError, match=r"^catalogue: expected at least one claim"):
        reconcile(Catalogue.empty(), samples=200)


# --- what the delivery timeline is, wherever claims are set against it -----------------------

DEFAULT_TIMELINE = ("timeline = the port calls of the {n} calls.* periods ({first} to {last}, "
                    "{start} to {end}; the defaults': North Korea's ships loading at Rajin) x "
                    "containers per call (ships.*)")
ANOTHER_FLOW = "a claim of another route or sender is not measured by it"


def _default_timeline() -> str:
    from estimator.logistics import call_periods

    periods = call_periods(AssumptionSet.defaults())
    return DEFAULT_TIMELINE.format(n=len(periods), first=periods[0].key, last=periods[-1].key,
                                   start=periods[0].start, end=periods[-1].last_day)


def _unwrapped(out: str) -> str:
    return out.replace("\n  ", " ")


def test_the_side_by_side_names_its_timeline(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(["reconcile", "-n", SAMPLES, "--claim", "hur_1_5m_rounds"], capsys)
    assert code == 0, err
    table = out.split("against the delivery timeline", 1)[1].split("\n\n", 1)[0]
    assert _default_timeline() in _unwrapped(table)
    assert ANOTHER_FLOW not in out
    for fmt in ("markdown", "csv"):
        code, out, err = run(["reconcile", "-n", SAMPLES, "--claim", "hur_1_5m_rounds",
                              "-f", fmt], capsys)
        assert code == 0 and _default_timeline() in out, (fmt, err)
    doc = json.loads(run(["reconcile", "-n", SAMPLES, "--claim", "hur_1_5m_rounds", "-f",
                          "json"], capsys)[1])
    assert doc["timeline_source"] == [_default_timeline()]


@pytest.mark.parametrize("flag", [[], ["--no-catalogue"]])
def test_a_users_claim_against_the_timeline_is_said_to_be_measured_by_it(
        flag: list[str], claims_two: tuple[Path, Path],
        capsys: pytest.CaptureFixture[str]) -> None:
    mine = claims_two[0]
    code, out, err = run(["reconcile", "-n", SAMPLES, "-r", str(mine), *flag,
                          "--claim", "my_boxes"], capsys)
    assert code == 0, err
    table = _unwrapped(out.split("against the delivery timeline", 1)[1].split("\n\n", 1)[0])
    assert _default_timeline() in table and ANOTHER_FLOW in table
    assert "the assumptions' calls.* periods (the defaults' unless a file overrides them)" in table
    code, out, err = run(["reconcile", "-n", SAMPLES, "-r", str(mine), *flag, "-f", "json"],
                         capsys)
    assert code == 0 and ANOTHER_FLOW in json.loads(out)["timeline_source"][1], err


def test_only_catalogue_claims_shown_need_no_warning(
        claims_two: tuple[Path, Path], capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(["reconcile", "-n", SAMPLES, "-r", str(claims_two[0]),
                          "--claim", "hur_1_5m_rounds"], capsys)
    assert code == 0, err
    assert _default_timeline() in _unwrapped(out) and ANOTHER_FLOW not in _unwrapped(out)


def test_a_timeline_a_file_changes_is_named_as_the_files(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    halt = _entry_file(tmp_path / "halt.toml", "calls.halt_feb_mar_2024", 0,
                       unit="port_call/month",
                       fields='period_start = "2024-02-13"\nperiod_end = "2024-03-10"\n')
    code, out, err = run(["reconcile", "-n", SAMPLES, "-a", str(halt), "--claim",
                          "hur_1_5m_rounds"], capsys)
    assert code == 0, err
    assert ("calls.halt_feb_mar_2024 from your assumptions, the others the defaults') x "
            "containers per call") in _unwrapped(out)
    assert "North Korea's ships" not in out
    code, out, err = run(["reconcile", "--pooled", "-n", SAMPLES, "-a", str(halt)], capsys)
    assert code == 0, err
    # a default period a file changed is still a loading at Rajin; a period it adds is said
    assert "the ships' loadings at Rajin, as the delivery timeline counts them" in out
    assert "calls.halt_feb_mar_2024 from your assumptions" in out
    more = _entry_file(tmp_path / "more.toml", "calls.feb_2026", 3, unit="port_call/month",
                       fields='period_start = "2026-02-01"\nperiod_end = "2026-03-01"\n')
    code, out, err = run(["reconcile", "--pooled", "-n", SAMPLES, "-a", str(more)], capsys)
    assert code == 0, err
    assert "the ships' loadings at Rajin and in your periods (calls.feb_2026)" in out


def test_the_pooled_head_and_verdicts_say_what_a_users_claim_is_set_against(
        claims_two: tuple[Path, Path], capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(["reconcile", "--pooled", "-n", SAMPLES, "-r", str(claims_two[0]),
                          "--no-catalogue"], capsys)
    assert code == 0, err
    head = out.split("\n\n", 1)[0]
    assert _default_timeline() in head and ANOTHER_FLOW in head
    verdicts = out.split("in tension, and what would have to change:", 1)[1].split("\n\n")[0]
    assert "for a claim of another route or sender it says nothing of its own flow" in verdicts
    for fmt in ("markdown", "csv"):
        code, out, err = run(["reconcile", "--pooled", "-n", SAMPLES, "-r",
                              str(claims_two[0]), "--no-catalogue", "-f", fmt], capsys)
        assert code == 0 and ANOTHER_FLOW in out, (fmt, err)
    code, out, err = run(["reconcile", "--pooled", "-n", SAMPLES], capsys)  # the catalogue's
    assert code == 0 and "timeline = " not in out and ANOTHER_FLOW not in out, err
    # the JSON says what the table's head says
    code, out, err = run(["reconcile", "--pooled", "-n", SAMPLES, "-r", str(claims_two[0]),
                          "--no-catalogue", "-f", "json"], capsys)
    said = json.loads(out)["timeline_source"]
    assert code == 0 and said[0].startswith("timeline = ") and ANOTHER_FLOW in said[1], said


def test_a_users_claim_left_out_of_the_pool_is_not_said_to_be_set_against_the_timeline(
        capsys: pytest.CaptureFixture[str]) -> None:
    """A rail-car claim is not pooled (the timeline is by sea): the pooled head does not
    say the user's claims are set against the timeline when none of them is pooled."""
    rail = Path(__file__).resolve().parent.parent / "docs" / "examples" / "rail_claims.toml"
    code, out, err = run(["reconcile", "--pooled", "-n", SAMPLES, "-r", str(rail)], capsys)
    assert code == 0, err
    assert "csis_73_railcars" in out and ANOTHER_FLOW not in out
    assert "each verdict weighs a claim against the others and the timeline" not in out


# --- docs/examples/another_case.toml: a case other than North Korea's ------------------------

ANOTHER_CASE = Path(__file__).resolve().parent.parent / "docs" / "examples" / "another_case.toml"


def test_the_other_case_example_loads_and_runs(capsys: pytest.CaptureFixture[str]) -> None:
    s = AssumptionSet.defaults().with_file(ANOTHER_CASE)
    assert "155mm_he" in s.calibres() and s.overridden == ("duds.dud_rate",)
    for key in s.added:  # every number sourced; what no source gives said so
        entry = s[key]
        assert entry.sources and all(x.who and x.where and x.when and x.says
                                     for x in entry.sources), key
    unconfirmed = {k for k in (*s.added, *s.overridden) if s[k].unconfirmed}
    assert {"munitions.155mm_he.complete_mass", "munitions.155mm_he.complete_volume",
            "duds.dud_rate"} <= unconfirmed
    code, out, err = run(["assumptions", "check", str(ANOTHER_CASE)], capsys)
    assert code == 0, err
    code, out, err = run(["containers", "--count", "100", "--calibre", "155mm_he", "-a",
                          str(ANOTHER_CASE), "-n", SAMPLES], capsys)
    assert code == 0, err
    assert "\n155mm_he " in out and "usable = rounds x (1 - duds.dud_rate" in out


def test_the_readme_says_what_another_case_must_review() -> None:
    """Each default the "Another case" section names as North Korea's is a key of the
    defaults, and the section names the example file."""
    import re

    text = (ANOTHER_CASE.parent.parent.parent / "README.md").read_text(encoding="utf-8")
    section = text.split("## Another case", 1)[1].split("\n## ", 1)[0]
    assert "docs/examples/another_case.toml" in section and "--no-catalogue" in section
    defaults = AssumptionSet.defaults()
    named = set(re.findall(r"`((?:containers|duds|mix|scope|rail|ships|calls|counts|"
                           r"consumption|production|missiles|munitions)\.[\w.*]+)`", section))
    assert len(named) >= 12, named
    for key in named:
        prefix = key.split("*")[0].rstrip(".")
        if key in ("munitions.*.dud_rate", "ships.NAME", "munitions.NAME"):
            continue  # named as what is refused, or as a name of your own
        assert any(k == prefix or k.startswith(prefix + ".") for k in defaults), key


def test_reports_check_reads_the_file_over_the_files_it_builds_on(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A file whose claim is 'over' a claim of another file of the user's could not be
    checked: read alone or over the catalogue, its 'over' named no claim."""
    from test_claims_files import claim, write

    from estimator.reports import Catalogue, check_reports

    base = write(tmp_path, claim("my_first", as_of="2024-02-26"), "first.toml")
    more = write(tmp_path, claim("my_since", over='"my_first"', period_start="2024-02-27",
                                 as_of="2024-06-01", published="2024-06-10"),
                 "since.toml")
    for extra in ([], ["--no-catalogue"]):
        code, _, err = run(["reports", "check", str(more), *extra], capsys)
        assert code == 2 and "claims.my_since.over: expected the id of another claim" in err
        code, out, err = run(["reports", "check", str(more), "-r", str(base), *extra], capsys)
        assert (code, out, err) == (0, f"{more}: valid\n", ""), err
    assert check_reports(more, base=Catalogue.defaults().with_file(base)) == []
    assert check_reports(more, base=Catalogue.empty())  # its 'over' names nothing there
    # the base is checked too, and its problem named as its own
    bad = write(tmp_path, claim("my_first", as_of='"soon"', outlet="1"), "bad.toml")
    code, out, err = run(["reports", "check", str(more), "-r", str(bad)], capsys)
    assert code == 2 and out == "" and err.startswith(f"error: {bad}: claims.my_first"), err
    # every problem of the base listed, one a line, as checking it alone lists them
    alone = run(["reports", "check", str(bad)], capsys)
    assert err == alone[2] and err.endswith(f"{bad}: 2 problems\n"), err
    code, out, _ = run(["reports", "check", "--help"], capsys)
    assert "builds on" in " ".join(out.split()).split("-r, --reports", 1)[1][:200]


@pytest.mark.parametrize(("alone", "base", "match"), [
    (True, "defaults", r"^alone: expected False or None beside a base that holds the default "
                       r"catalogue: the file is read over base \(got True\); base=Catalogue"),
    (False, "empty", r"^alone: expected True or None beside a base that is built without the "
                     r"default catalogue"),
])
def test_reports_check_alone_beside_a_base_that_says_otherwise_is_refused(
        tmp_path: Path, alone: bool, base: str, match: str) -> None:
    """``alone=True`` beside the default catalogue as base was ignored without a word."""
    from test_claims_files import claim, write

    from estimator.errors import InputError
    from estimator.reports import Catalogue, check_reports

    mine = write(tmp_path, claim("my_first", as_of="2024-02-26"), "first.toml")
    given = {"defaults": Catalogue.defaults, "empty": Catalogue.empty}[base]()
    with pytest.raises(InputError, match=match):
        check_reports(mine, alone=alone, base=given)
    assert check_reports(mine, alone=not alone, base=given) == []  # as the base says


def test_reports_check_base_must_be_a_catalogue() -> None:
    from estimator.errors import InputError
    from estimator.reports import check_reports

    with pytest.raises(InputError, match="base: expected a Catalogue"):
        check_reports("x.toml", base="first.toml")  # type: ignore[arg-type]
