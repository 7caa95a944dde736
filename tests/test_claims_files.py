"""Claims files (``--reports FILE``, ``estimate reports check FILE``) that a user gets wrong:
a calibre the assumptions do not define, a form that contradicts how the figure is written,
increments (``over``) that go round in a cycle. Each is one line naming the file, the claim
and the field, exit code 2, never a traceback, and the file is left as it was."""

from __future__ import annotations

import csv
import hashlib
import json
import math
from pathlib import Path

import pytest
from clirun import run

from estimator.assumptions import AssumptionProblems, AssumptionSet
from estimator.errors import InputError
from estimator.estimates import estimate_containers
from estimator.pooled import pool
from estimator.reconcile import reconcile
from estimator.report.format import human
from estimator.reports import Catalogue

SAMPLES = "500"
CLAIM = {
    "who": '"A"', "outlet": '"B"', "published": "2024-03-01", "as_of": "2024-02-26",
    "period_start": "2023-08-01", "measure": '"rounds"', "basis": '"delivered"',
    "scope": '"artillery"', "form": '"approx"', "figure": '"1M"', "origin": '"x"',
    "quote": '"about a million"',
}
SOURCE = '[[{key}.sources]]\nwho = "t"\nwhere = "t"\nwhen = "2024"\nsays = "t"\n'
NEW_CALIBRE = {"projectile_mass": 'unit = "kg"\nmin = 42\nmode = 43.5\nmax = 46',
               "projectile_volume": 'unit = "m**3"\nmin = 0.014\nmode = 0.016\nmax = 0.019',
               "complete_mass": 'unit = "kg"\nmin = 55\nmode = 70\nmax = 90',
               "complete_volume": 'unit = "m**3"\nmin = 0.045\nmode = 0.07\nmax = 0.11'}


def claim(cid: str = "my_claim", **fields: str) -> str:
    return f"[claims.{cid}]\n" + "".join(f"{k} = {v}\n" for k, v in (CLAIM | fields).items())


def write(tmp_path: Path, text: str, name: str = "mine.toml") -> Path:
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


def digest(p: Path) -> str:
    return hashlib.sha256(p.read_bytes()).hexdigest()


def calibre_file(tmp_path: Path) -> Path:
    """Assumptions that add the calibre 999mm."""
    text = '[munitions.999mm]\nlabel = "999mm test round"\n\n' + "".join(
        f"[munitions.999mm.{k}]\n{v}\n" + SOURCE.format(key=f"munitions.999mm.{k}")
        for k, v in NEW_CALIBRE.items())
    return write(tmp_path, text, "assume.toml")


def fails(argv: list[str], capsys: pytest.CaptureFixture[str], *needles: str) -> list[str]:
    """Exit 2, one error line per problem, no traceback; every needle on one error line."""
    code, out, err = run(argv, capsys)
    assert code == 2, (code, out, err)
    assert "Traceback" not in err
    errors = [line for line in err.splitlines() if line.startswith("error: ")]
    assert errors, err
    assert any(all(n in line for n in needles) for line in errors), err
    return errors


# --- 1, 2: a calibre the assumptions do not define ---------------------------------------------

BAD_CALIBRE = claim("big_gun", calibre='"999mm"')
PLACE = "mine.toml: claims.big_gun.calibre"


def test_check_rejects_a_calibre_the_defaults_do_not_define(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    p = write(tmp_path, BAD_CALIBRE)
    before = digest(p)
    (line,) = fails(["reports", "check", str(p)], capsys, PLACE, "'999mm'")
    assert "one of 152mm_he" in line and "needs an assumptions file defining it" in line
    assert digest(p) == before


def test_check_names_a_conversion_calibre_by_its_place(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    p = write(tmp_path, claim() + '[[claims.my_claim.conversions]]\nmeasure = "rounds"\n'
              'calibre = "999mm"\nform = "approx"\nfigure = "2M"\nquote = "q"\n')
    fails(["reports", "check", str(p)], capsys,
          "mine.toml: claims.my_claim.conversions[0].calibre", "'999mm'")


def test_check_accepts_a_calibre_the_users_assumptions_add(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    p, a = write(tmp_path, BAD_CALIBRE), calibre_file(tmp_path)
    code, out, err = run(["reports", "check", str(p), "--assumptions", str(a)], capsys)
    assert (code, err) == (0, "")
    assert out.strip().endswith("valid")


def test_reconcile_agrees_with_check(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    p, a = write(tmp_path, BAD_CALIBRE), calibre_file(tmp_path)
    fails(["reconcile", "-r", str(p), "--claim", "big_gun", "--samples", SAMPLES], capsys,
          PLACE, "'999mm'")
    code, out, err = run(["reconcile", "-r", str(p), "-a", str(a), "--claim", "big_gun",
                          "--samples", SAMPLES], capsys)
    assert code == 0, err
    assert "big_gun" in out


@pytest.mark.parametrize("command", [["reports", "list"], ["reports", "show", "big_gun"]])
def test_list_and_show_agree_with_check(command: list[str], tmp_path: Path,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    p, a = write(tmp_path, BAD_CALIBRE), calibre_file(tmp_path)
    fails([*command, "-r", str(p)], capsys, PLACE, "'999mm'")
    code, out, err = run([*command, "-r", str(p), "-a", str(a)], capsys)
    assert code == 0, err
    assert "big_gun" in out


@pytest.mark.parametrize("command", [["reports", "list"], ["reports", "show", "big_gun"],
                                     ["port-calls", "-c", "32", "-n", SAMPLES],
                                     ["reconcile", "-n", SAMPLES]])
def test_every_command_reading_a_claims_file_refuses_its_calibre_in_one_line(
        command: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """port-calls ran on the file (its claims may be compared), and list/show added a
    count line ('mine.toml: 1 problem') as check does: one line, as for any bad input."""
    p = write(tmp_path, BAD_CALIBRE)
    code, out, err = run([*command, "-r", str(p)], capsys)
    assert (code, out) == (2, "")
    assert err.count("\n") == 1 and err.startswith(f"error: {p.parent}/{PLACE}"), err


def test_pooled_names_the_file_and_the_claim(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    p = write(tmp_path, BAD_CALIBRE)
    errors = fails(["reconcile", "--pooled", "-r", str(p), "--samples", SAMPLES], capsys,
                   PLACE, "'999mm'")
    assert not any("model input" in e for e in errors)
    fails(["reconcile", "--pooled", "-r", str(p), "--claim", "big_gun", "--samples", SAMPLES],
          capsys, PLACE, "'999mm'")
    # as without --pooled: a bad calibre in a claim not chosen is an error all the same
    fails(["reconcile", "--pooled", "-r", str(p), "--claim", "shin_6700_containers",
           "--samples", SAMPLES], capsys, PLACE, "'999mm'")


def test_pooled_accepts_a_calibre_the_users_assumptions_add(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    p, a = write(tmp_path, BAD_CALIBRE), calibre_file(tmp_path)
    code, out, err = run(["reconcile", "--pooled", "-r", str(p), "-a", str(a), "--claim",
                          "big_gun", "--samples", SAMPLES], capsys)
    assert code == 0, err
    assert "big_gun" in out


def test_library_pool_and_reconcile_check_calibres(tmp_path: Path) -> None:
    p = write(tmp_path, BAD_CALIBRE)
    cat = Catalogue.defaults().with_file(p)
    only = cat.only([cat["big_gun"]])
    for call in (lambda: pool(only, samples=200), lambda: reconcile(only, samples=200)):
        with pytest.raises(InputError, match=r"claims\.big_gun\.calibre"):
            call()
    with pytest.raises(AssumptionProblems, match=r"claims\.big_gun\.calibre.*'999mm'"):
        Catalogue.defaults().with_file(p, AssumptionSet.defaults().calibres())


# --- 3: a declared form that contradicts the figure as written ---------------------------------

@pytest.mark.parametrize(("form", "figure", "written"), [
    ("exact", "10,000+", "at_least"), ("exact", "~10,000", "approx"),
    ("exact", "<=10,000", "up_to"), ("approx", "10,000+", "at_least"),
    ("at_least", "~10,000", "approx"), ("up_to", "10k+", "at_least"),
    ("range", "~10,000", "approx"), ("exact", "more than 10,000", "at_least"),
    ("at_least", "about 10,000", "approx"),
])
def test_a_form_that_contradicts_the_figure(
        form: str, figure: str, written: str, tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    p = write(tmp_path, claim(form=f'"{form}"', figure=f'"{figure}"'))
    before = digest(p)
    for argv in (["reports", "check", str(p)],
                 ["reconcile", "-r", str(p), "--samples", SAMPLES]):
        assert len(fails(argv, capsys, "mine.toml: claims.my_claim.form",
                         f"expected '{written}'", f"(got '{form}')", repr(figure))) == 1
    assert digest(p) == before


def test_a_conversion_form_that_contradicts_its_figure(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    p = write(tmp_path, claim() + '[[claims.my_claim.conversions]]\nmeasure = "rounds"\n'
              'form = "exact"\nfigure = "2M+"\nquote = "more than two million"\n')
    fails(["reports", "check", str(p)], capsys, "mine.toml: claims.my_claim.conversions[0].form",
          "expected 'at_least'", "(got 'exact')")


@pytest.mark.parametrize(("form", "figure"), [
    ("at_least", "10,000+"), ("approx", "~10,000"), ("up_to", "<=10,000"),
    ("at_least", "over 10,000"), ("approx", "About 10,000"),
])
def test_a_figure_that_repeats_its_form_is_shown_as_written(
        form: str, figure: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    p = write(tmp_path, claim(form=f'"{form}"', figure=f'"{figure}"'))
    (line,) = fails(["reports", "check", str(p)], capsys, "mine.toml: claims.my_claim.figure",
                    "the number alone", f"(got '{figure}')")
    assert f"{figure}{figure[-1]}" not in line and f"~{figure}" not in line


@pytest.mark.parametrize(("form", "figure"), [
    ("exact", "10,000"), ("approx", "10,000"), ("at_least", "10k"), ("up_to", "0.5M"),
    ("range", "6.5M-8M"), ("exact", "10000"),
])
def test_a_bare_figure_takes_the_declared_form(
        form: str, figure: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    p = write(tmp_path, claim(form=f'"{form}"', figure=f'"{figure}"'))
    assert Catalogue.defaults().with_file(p)["my_claim"].count.form == form
    code, _, err = run(["reports", "check", str(p)], capsys)
    assert (code, err) == (0, "")


# --- 4: increments that go round in a cycle ----------------------------------------------------

def test_two_claims_each_over_the_other(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    p = write(tmp_path, claim("a", over='"b"') + claim("b", over='"a"'))
    before = digest(p)
    for argv in (["reports", "check", str(p)],
                 ["reconcile", "-r", str(p), "--claim", "a", "--samples", SAMPLES],
                 ["reconcile", "--pooled", "-r", str(p), "--samples", SAMPLES],
                 ["reports", "list", "-r", str(p)]):
        assert len(fails(argv, capsys, "mine.toml: claims.a.over", "cycle: a -> b -> a")) == 1
    assert digest(p) == before


def test_an_unknown_over_is_listed_beside_the_claims_other_problems(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A claim with problems of its own is not built, and its 'over' went unchecked until
    those were fixed: check lists every problem at once."""
    p = write(tmp_path, claim("a", who='""', over='"nope"') + claim("b", who='""', over='"c"')
              + claim("c"))
    errors = fails(["reports", "check", str(p)], capsys, "mine.toml: claims.a.over",
                   "expected the id of another claim (got 'nope')")
    assert len(errors) == 3, errors   # a.who, a.over, b.who: b's 'over' names a claim there is


def test_a_longer_cycle_is_one_problem(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # d rests on the cycle from after it: only the cycle is a problem
    p = write(tmp_path, claim("a", over='"b"') + claim("b", over='"c"') + claim("c", over='"a"')
              + claim("d", over='"a"', period_start="2024-02-27", as_of="2024-06-01",
                    published="2024-06-01"))
    assert len(fails(["reports", "check", str(p)], capsys, "mine.toml: claims.a.over",
                     "cycle: a -> b -> c -> a")) == 1


def test_a_cycle_through_a_default_claim_is_named_in_the_users_file(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # the catalogue's oliemans_500k_rounds is an increment over nis_1m_rounds
    assert Catalogue.defaults()["oliemans_500k_rounds"].over == "nis_1m_rounds"
    p = write(tmp_path, claim("nis_1m_rounds", over='"oliemans_500k_rounds"'))
    fails(["reports", "check", str(p)], capsys, "mine.toml: claims.nis_1m_rounds.over",
          "cycle: nis_1m_rounds -> oliemans_500k_rounds -> nis_1m_rounds")


def test_a_chain_of_increments_is_valid(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    p = write(tmp_path, claim("a") +
              claim("b", over='"a"', period_start="2024-02-27", as_of="2024-05-01",
                    published="2024-05-01") +
              claim("c", over='"b"', period_start="2024-05-02", as_of="2024-09-01",
                    published="2024-09-01"))
    code, _, err = run(["reports", "check", str(p)], capsys)
    assert (code, err) == (0, "")


@pytest.mark.parametrize(("period_start", "as_of"), [
    ("2023-08-01", "2024-01-01"),  # a later claim as the base of an earlier one
    ("2024-01-01", "2024-06-01"),  # periods that overlap: the same deliveries twice
    ("2024-02-26", "2024-06-01"),  # the base's as-of day counted twice: each counts it
])
def test_an_increment_over_a_claim_counted_past_its_start_is_refused(
        period_start: str, as_of: str, tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    # the base "a" counts to 2024-02-26 (CLAIM's as_of)
    p = write(tmp_path, claim("a") +
              claim("b", over='"a"', period_start=period_start, as_of=as_of,
                    published=as_of))
    before = digest(p)
    for argv in (["reports", "check", str(p)],
                 ["reconcile", "-r", str(p), "--claim", "b", "--samples", SAMPLES],
                 ["reconcile", "--pooled", "-r", str(p), "--samples", SAMPLES]):
        assert len(fails(argv, capsys, "mine.toml: claims.b.over",
                         f"expected an earlier claim, counted to a day before this claim's "
                         f"period_start ({period_start}) or earlier (each counts its as-of day) "
                         "(got 'a', counted to 2024-02-26)",
                         "period_start = 2024-02-27, or drop 'over'")) == 1
    assert digest(p) == before
    # the advice, taken, checks clean
    write(tmp_path, claim("a") + claim("b", over='"a"', period_start="2024-02-27",
                                       as_of="2024-06-01", published="2024-06-01"))
    assert run(["reports", "check", str(p)], capsys)[:3:2] == (0, "")


def test_the_default_increments_rest_on_earlier_claims() -> None:
    cat = Catalogue.defaults()
    increments = [c for c in cat.claims.values() if c.over]
    assert increments
    for c in increments:
        assert cat[c.over].as_of <= c.period_start, c.id


def test_an_at_least_dud_share_near_one_reconciles_as_all_duds_at_most(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # "at least 0.9 duds" reads as 0.9 x (1 + counts.at_least_excess): past 1 in some
    # draws, where no more than every round can be a dud
    p = write(tmp_path, claim() + '[claims.my_claim.duds]\nform = "at_least"\nfigure = "0.9"\n'
              'quote = "at least nine in ten fail"\n')
    code, _out, err = run(["reports", "check", str(p)], capsys)
    assert code == 0, err
    rec = reconcile(Catalogue.defaults().with_file(p), claims=["my_claim"], samples=2000,
                    seed=1)
    usable = rec.result("my_claim").usable_own
    assert usable is not None and 0 <= usable.p5 <= usable.p95 < 0.1 * 1.02e6


# --- a file given to the wrong checker ---------------------------------------------------------

ASSUMPTIONS_DIR = Path(__file__).resolve().parent.parent / "assumptions"


@pytest.mark.parametrize(("argv", "needles"), [
    (["assumptions", "check", str(ASSUMPTIONS_DIR / "reports.toml")],
     ("expected assumption entries (got 'a catalogue of claims", "'estimate reports check FILE'")),
    (["containers", "--count", "5", "--assumptions", str(ASSUMPTIONS_DIR / "reports.toml")],
     ("expected assumption entries (got 'a catalogue of claims",)),
    (["reports", "check", str(ASSUMPTIONS_DIR / "rates.toml")],
     ("expected a catalogue of claims ([claims.ID] tables) (got 'only [duds], [scope]",
      "'estimate assumptions check FILE'")),
])
def test_a_file_given_to_the_wrong_checker_is_one_problem_saying_which_checker(
        argv: list[str], needles: tuple[str, ...], capsys: pytest.CaptureFixture[str]) -> None:
    """Not one error for each of its hundreds of keys: one, naming the right command."""
    errors = fails(argv, capsys, *needles)
    assert len(errors) == 1


@pytest.mark.parametrize(("form", "figure", "written", "alone"), [
    ("exact", "10,000+", "at_least", "10,000"), ("exact", "~10,000", "approx", "10,000"),
    ("exact", "<=10,000", "up_to", "10,000"), ("up_to", "10k+", "at_least", "10k"),
    ("exact", "\u226410,000", "up_to", "10,000"),
])
def test_the_advice_for_a_contradicting_form_fixes_it(
        form: str, figure: str, written: str, alone: str, tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    """Both ways out the message names check clean: a mark moved into the form, or dropped."""
    p = write(tmp_path, claim(form=f'"{form}"', figure=f'"{figure}"'))
    fails(["reports", "check", str(p)], capsys, f"expected '{written}' with figure = {alone!r}",
          f"or figure = {alone!r} for form = '{form}'")
    for fixed_form in (written, form):
        write(tmp_path, claim(form=f'"{fixed_form}"', figure=f'"{alone}"'))
        assert run(["reports", "check", str(p)], capsys)[0] == 0


def test_a_reference_to_a_claim_with_problems_is_not_a_problem_of_its_own(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    p = write(tmp_path, claim("first", figure='"lots"') +
              claim("second", over='"first"'))
    errors = fails(["reports", "check", str(p)], capsys, "claims.first.figure")
    assert len(errors) == 1, errors


# --- every problem of a claim, and dates that cannot be -----------------------------------------

def test_check_lists_every_problem_of_one_claim(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = claim(basis='"nonsense"', scope='"all"', colour="3").replace('quote = "about a '
                                                                        'million"\n', "")
    p = write(tmp_path, text)
    errors = fails(["reports", "check", str(p)], capsys, "claims.my_claim.quote", "missing")
    places = {line.split(": ")[2].split(":")[0] for line in errors}
    assert places == {f"claims.my_claim.{k}" for k in ("basis", "scope", "colour", "quote")}
    assert len(errors) == 4, errors


def test_check_lists_every_problem_of_a_figure_table(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A dud statement and a conversion with several problems each: all of them in one
    check, beside the claim's own."""
    text = (claim(scope='"all"') + '[claims.my_claim.duds]\nshare = "50%"\n'
            '[[claims.my_claim.conversions]]\nform = "about"\nfigure = "lots"\n')
    p = write(tmp_path, text)
    errors = fails(["reports", "check", str(p)], capsys, "claims.my_claim.duds.share")
    places = sorted(line.split(": ")[2].split(":")[0] for line in errors)
    assert places == ["claims.my_claim.conversions[0].form",
                      "claims.my_claim.conversions[0].measure",
                      "claims.my_claim.conversions[0].quote",
                      "claims.my_claim.duds.figure", "claims.my_claim.duds.form",
                      "claims.my_claim.duds.quote", "claims.my_claim.duds.share",
                      "claims.my_claim.scope"], errors


@pytest.mark.parametrize(("fields", "place", "needle"), [
    ({"as_of": "2024-04-01"}, "as_of", "on or before published (2024-03-01)"),
    ({"published": "2999-01-01"}, "published", "no later than today"),
    ({"first_public": "2024-02-01"}, "first_public", "on or after as_of (2024-02-26)"),
    ({"first_public": '"soon"'}, "first_public", "a date such as 2024-02-26"),
])
def test_a_date_that_cannot_be_is_refused(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], fields: dict[str, str], place: str,
        needle: str) -> None:
    p = write(tmp_path, claim(**fields))
    fails(["reports", "check", str(p)], capsys, f"claims.my_claim.{place}", needle)


# --- first_public: the date a figure was first made public, before its outlet's --------------

def test_first_public_after_published_is_one_line_naming_the_file_and_the_key(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    p = write(tmp_path, claim(first_public="2024-03-05"))
    before = digest(p)
    errors = fails(["reports", "check", str(p)], capsys,
                   f"{p}: claims.my_claim.first_public: expected a date on or before published "
                   "(2024-03-01)", "(got '2024-03-05')")
    assert len(errors) == 1, errors
    assert digest(p) == before
    # the library says the same, and so does a run that reads the file
    with pytest.raises(AssumptionProblems, match=r"claims\.my_claim\.first_public: expected a "
                       r"date on or before published \(2024-03-01\)"):
        Catalogue.defaults().with_file(p)
    fails(["reconcile", "--pooled", "-r", str(p), "-n", SAMPLES], capsys,
          "claims.my_claim.first_public", "on or before published")


def test_first_public_between_as_of_and_published_is_valid_and_shown(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    p = write(tmp_path, claim(first_public="2024-02-27") + claim("plain"))
    code, out, err = run(["reports", "check", str(p)], capsys)
    assert (code, out.strip()) == (0, f"{p}: valid"), err
    code, out, err = run(["reports", "show", "my_claim", "plain", "-r", str(p), "-f", "json"],
                         capsys)
    assert code == 0, err
    shown = {c["id"]: c for c in json.loads(out)["claims"]}
    assert shown["my_claim"]["first_public"] == "2024-02-27"
    assert shown["my_claim"]["published"] == "2024-03-01"
    assert shown["plain"]["first_public"] is None
    cat = Catalogue.defaults().with_file(p)
    assert (cat["my_claim"].public_as(), cat["plain"].public_as()) == (
        "first public 2024-02-27", "published 2024-03-01")


def test_a_users_claim_public_before_known_by_is_pooled_though_published_after(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    mine = write(tmp_path, claim(first_public="2024-02-26"))
    late = write(tmp_path, claim(), "late.toml")   # the same claim, without first_public
    argv = ["reconcile", "--pooled", "--as-of", "2024-02-26", "--known-by", "2024-02-26",
            "--claim", "my_claim", "--claim", "state_dept_10000_containers", "-n", SAMPLES,
            "-f", "json"]
    code, out, err = run([*argv, "-r", str(mine)], capsys)
    assert code == 0, err
    got = json.loads(out)
    assert {c["id"] for c in got["claims"]} == {"my_claim", "state_dept_10000_containers"}
    assert next(c for c in got["claims"] if c["id"] == "my_claim")["first_public"] == \
        "2024-02-26"
    code, out, err = run([*argv, "-r", str(late)], capsys)
    assert code == 0, err
    got = json.loads(out)
    assert [c["id"] for c in got["claims"]] == ["state_dept_10000_containers"]
    assert {"id": "my_claim", "reason": "published 2024-03-01, after the known-by date "
            "(2024-02-26)"} in got["excluded"]


def test_every_first_public_in_the_catalogue_says_how_it_is_known() -> None:
    """A first_public date moves a claim into an earlier --known-by: its note gives the
    evidence (the page and its date), as for every other date of the catalogue."""
    dated = [c for c in Catalogue.defaults().values() if c.first_public is not None]
    assert dated
    for c in dated:
        assert c.as_of <= c.first_public <= c.published, c.id
        assert f"first_public: {c.first_public.isoformat()}" in c.note, c.id


def test_a_missing_or_unknown_key_is_said_in_words_not_quoted(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    p = write(tmp_path, claim(colour="3").replace('who = "A"\n', ""))
    errors = fails(["reports", "check", str(p)], capsys)
    assert any("claims.my_claim.who: missing; expected this field: every claim names its "
               "source" in line for line in errors), errors
    assert any("claims.my_claim.colour: an unknown key; expected a field of a claim" in line
               for line in errors), errors
    assert not any("(got" in line for line in errors), errors


@pytest.mark.parametrize("field, nearest", [("mesure", "measure"), ("as_off", "as_of"),
                                            ("colour", None)])
def test_a_misspelt_field_names_the_nearest(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                            field: str, nearest: str | None) -> None:
    p = write(tmp_path, claim(**{field: '"x"'}))
    (line,) = [x for x in fails(["reports", "check", str(p)], capsys) if f".{field}:" in x]
    assert line.endswith(f"; did you mean '{nearest}'?") if nearest else \
        line.endswith("quote, calibre, conversions, duds, first_public, note, over, url)"), line


def test_a_misspelt_key_of_a_conversion_names_the_nearest(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    p = write(tmp_path, claim() + '[[claims.my_claim.conversions]]\nmeasure = "rounds"\n'
              'form = "approx"\nfigur = "1M"\nquote = "q"\n')
    errors = fails(["reports", "check", str(p)], capsys)
    assert any(".conversions[0].figur: an unknown key" in x and
               x.endswith("did you mean 'figure'?") for x in errors), errors


# --- a user's claims are marked as theirs ------------------------------------------------------

def test_replaced_and_added_claims_are_marked_and_named_in_the_run_line(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    p = write(tmp_path, claim("shin_6700_containers", measure='"containers"', figure='"6,000"',
                              scope='"munitions"') + claim("my_new"))
    argv = ["reconcile", "-r", str(p), "--claim", "shin_6700_containers", "--claim", "my_new",
            "--samples", SAMPLES]
    code, out, err = run(argv, capsys)
    assert code == 0, err
    assert "  shin_6700_containers [replaced by mine.toml]: A; B" in out
    assert "  my_new [added by mine.toml]: A; B" in out
    assert out.rstrip().splitlines()[-1].endswith(
        "; claims from mine.toml: replaced shin_6700_containers; added my_new")
    code, out, err = run([*argv, "--format", "json"], capsys)
    data = json.loads(out)
    assert (data["claims_replaced"], data["claims_added"]) == (["shin_6700_containers"],
                                                                ["my_new"])
    code, out, err = run(["reconcile", "--claim", "shin_6700_containers", "--samples", SAMPLES],
                         capsys)
    assert "[replaced" not in out and "claims from" not in out


def test_check_lists_a_figures_problem_beside_a_bad_measure_and_every_conversions(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    conversion = ('[[claims.my_claim.conversions]]\nmeasure = "rounds"\nform = "approx"\n'
                  'figure = "{}"\nquote = "q"\n')
    p = write(tmp_path, claim(measure='"boxes"', form='"exact"', figure='"10,000+"')
              + conversion.format("2M+") + conversion.format("lots"))
    errors = fails(["reports", "check", str(p)], capsys)
    places = sorted(line.split(": ")[2] for line in errors)
    assert places == ["claims.my_claim.conversions[0].form",
                      "claims.my_claim.conversions[1].figure", "claims.my_claim.form",
                      "claims.my_claim.measure"], errors


def test_two_claims_files_keep_what_each_replaced_and_added(tmp_path: Path) -> None:
    from estimator.report.common import claim_mark, claims_run_line

    first = write(tmp_path, claim("shin_6700_containers", measure='"containers"',
                                  figure='"6,000"', scope='"munitions"'), "first.toml")
    second = write(tmp_path, claim("my_claim"), "second.toml")
    c = Catalogue.defaults().with_file(first).with_file(second)
    assert (c.replaced, c.added) == (("shin_6700_containers",), ("my_claim",))
    assert claim_mark(c, "shin_6700_containers") == " [replaced by first.toml]"
    again = c.with_file(second)  # the user's own claim given again: still added, not replaced
    assert (again.replaced, again.added) == (("shin_6700_containers",), ("my_claim",))
    rec = reconcile(c, claims=["my_claim"], samples=200).record
    assert claims_run_line(rec, c).endswith("; claims from first.toml, second.toml: replaced "
                                            "shin_6700_containers; added my_claim")


def test_a_replaced_claim_is_marked_wherever_it_is_shown(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    p = write(tmp_path, claim("shin_6700_containers", measure='"containers"', figure='"9,700"',
                              scope='"munitions"'))
    mark = "shin_6700_containers [replaced by mine.toml]"
    tail = "; claims from mine.toml: replaced shin_6700_containers"
    for argv in (["port-calls", "--count", "32", "--samples", SAMPLES],
                 ["reports", "list"], ["reports", "show", "shin_6700_containers"],
                 ["reconcile", "--claim", "shin_6700_containers", "--samples", SAMPLES,
                  "-f", "markdown"]):
        code, out, err = run([*argv, "--reports", str(p)], capsys)
        assert code == 0, (argv, err)
        assert mark in out.replace("`", ""), (argv, out)
        if argv[0] != "reports":
            assert tail in out, (argv, out)
    code, out, err = run(["port-calls", "--count", "32", "--samples", SAMPLES, "-f", "json",
                          "--reports", str(p)], capsys)
    assert json.loads(out)["claims_replaced"] == ["shin_6700_containers"]


def test_a_claim_replaced_word_for_word_is_marked_unchanged(tmp_path: Path) -> None:
    from estimator.assumptions import defaults_dir
    from estimator.report.common import claim_mark

    text = (defaults_dir() / "reports.toml").read_text(encoding="utf-8")
    start = text.index("[claims.shin_6700_containers]")
    copy = write(tmp_path, text[start:text.index("\n[claims.", start + 1)] + "\n", "same.toml")
    changed = write(tmp_path, claim("shin_6700_containers", measure='"containers"',
                                    figure='"9,700"', scope='"munitions"'), "changed.toml")
    same = Catalogue.defaults().with_file(copy)
    assert claim_mark(same, "shin_6700_containers") == " [replaced by same.toml, unchanged]"
    then = same.with_file(changed)  # changed after all: no longer unchanged
    assert claim_mark(then, "shin_6700_containers") == " [replaced by changed.toml]"


def test_a_pooled_run_filtered_by_claim_keeps_the_users_marks(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    p = write(tmp_path, claim("shin_6700_containers", measure='"containers"', figure='"6,000"',
                              scope='"munitions"') + claim("my_claim"))
    code, out, err = run(["reconcile", "--pooled", "-r", str(p), "--claim",
                          "shin_6700_containers", "--claim", "my_claim", "-n", SAMPLES], capsys)
    assert code == 0, err
    assert "  shin_6700_containers [replaced by mine.toml]: " in out
    assert "  my_claim [added by mine.toml]: " in out
    assert out.rstrip().splitlines()[-1].endswith(
        "; claims from mine.toml: replaced shin_6700_containers; added my_claim")


def test_a_figure_given_as_a_toml_number_is_read_by_its_digits(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    p = write(tmp_path, claim(figure="1200000", form='"approx"'))
    assert run(["reports", "check", str(p)], capsys)[0] == 0
    got = Catalogue.defaults().with_file(p)["my_claim"]
    # read as the string of its digits would be, to the precision written
    write(tmp_path, claim(figure='"1200000"', form='"approx"'))
    quoted = Catalogue.defaults().with_file(p)["my_claim"]
    assert got.figure.text == "1200000" and got.count == quoted.count
    for number in ("1.2e6", "6700.0", "1.2e-5"):  # a float for a count of things
        write(tmp_path, claim(figure=number, form='"approx"'))
        fails(["reports", "check", str(p)], capsys, "mine.toml: claims.my_claim.figure",
              'expected the figure as the source wrote it, in quotes: figure = "1.2M"',
              f"(got {float(number)})")


@pytest.mark.parametrize("figure", ['"-0.5"', "-0.5", '"\u22120.5"', '"1.5"'])
def test_a_dud_share_below_0_is_called_a_fraction_not_a_count(
        figure: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    p = write(tmp_path, claim() + f'[claims.my_claim.duds]\nform = "approx"\nfigure = {figure}\n'
              'quote = "q"\n')
    (line,) = fails(["reports", "check", str(p)], capsys, "claims.my_claim.duds.figure",
                    "expected a fraction from 0 to 1 (got ")
    assert "count" not in line


def test_a_chain_of_increments_adds_up_to_its_first_claim(tmp_path: Path,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    """c over b over a, each about a million: c's cumulative is about three million (it
    once added only b's)."""
    p = write(tmp_path, claim("a", period_start="2023-08-01", as_of="2023-10-01",
                              published="2023-10-01") +
              claim("b", over='"a"', period_start="2023-10-02", as_of="2023-12-01",
                    published="2023-12-01") +
              claim("c", over='"b"', period_start="2023-12-02", as_of="2024-02-01",
                    published="2024-02-01"))
    rec = reconcile(Catalogue.defaults().with_file(p), claims=["c", "b"], samples=2000, seed=1)
    for cid, links in (("c", 3), ("b", 2)):
        cum = rec.result(cid).cumulative["rounds"]
        assert links * 0.95e6 <= cum.p5 <= cum.p95 <= links * 1.05e6, (cid, cum)
    code, out, err = run(["reconcile", "-r", str(p), "--claim", "c", "-n", "500"], capsys)
    assert code == 0, err
    assert "c: cumulative with b and a: rounds 3.0" in out


@pytest.mark.parametrize(("fields", "got"), [
    ({"as_of": "2024-01-01", "published": "2024-01-02"}, "(got rounds to 2024-01-01)"),
    ({"measure": '"containers"', "as_of": "2023-11-01", "published": "2023-11-02"},
     "(got containers to 2023-11-01)"),
])
def test_replacing_the_base_of_a_default_increment_is_the_users_problem(
        fields: dict[str, str], got: str, tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    """The catalogue's oliemans_500k_rounds rests on nis_1m_rounds: a user's nis_1m_rounds
    that no longer fits is named in the user's file, not the shipped one."""
    p = write(tmp_path, claim("nis_1m_rounds", **fields))
    (line,) = fails(["reports", "check", str(p)], capsys, "mine.toml: claims.nis_1m_rounds:",
                    "as the catalogue's oliemans_500k_rounds is an increment over it", got)
    assert "reports.toml" not in line


def test_an_unread_claims_over_is_read_as_the_claim_reads_it(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Stripped, and not at all when empty (that is the field's own problem): ' c' is c."""
    p = write(tmp_path, claim("a", who='""', over='" c"') + claim("b", who='""', over='""')
              + claim("c"))
    errors = fails(["reports", "check", str(p)], capsys, "claims.b.over")
    assert not any("claims.a.over" in e for e in errors), errors
    assert sum("claims.b.over" in e for e in errors) == 1, errors


def test_a_claims_own_calibre_is_shown_in_every_format(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """It changes the containers a claim reads as, yet only JSON carried it; the CSV of
    the catalogue also says which claims a file added, as the other formats do."""
    p = write(tmp_path, claim("one_calibre", calibre='"152mm_he"'))
    code, out, err = run(["reports", "show", "one_calibre", "-r", str(p)], capsys)
    assert code == 0 and "rounds of 152mm_he" in out and "calibre 152mm_he" in out, err
    code, out, err = run(["reports", "list", "-r", str(p), "-f", "csv"], capsys)
    assert code == 0, err
    assert out.startswith("# files: ") and "added one_calibre" in out.splitlines()[0]
    rows = list(csv.DictReader(line for line in out.splitlines() if not line.startswith("#")))
    (row,) = [r for r in rows if r["claim"] == "one_calibre"]
    assert row["calibre"] == "152mm_he" and row["file"].endswith("mine.toml")
    code, out, err = run(["reconcile", "--claim", "one_calibre", "-r", str(p), "-n", SAMPLES],
                         capsys)
    assert code == 0 and "rounds of 152mm_he" in out, err


def test_the_catalogue_csv_carries_conversions_dud_views_and_increments(
        capsys: pytest.CaptureFixture[str]) -> None:
    """The table, Markdown and JSON gave a source's own conversion and dud view, and an
    increment's base; the CSV left them out."""
    code, out, err = run(["reports", "list", "-f", "csv"], capsys)
    assert code == 0, err
    rows = {r["claim"]: r for r in csv.DictReader(
        line for line in out.splitlines() if not line.startswith("#"))}
    assert rows["shin_6700_containers"]["conversions"] == (
        "at least 3M rounds of 152mm_he; at least 500,000 rounds of 122mm_rocket")
    assert rows["hur_1_5m_rounds"]["duds"] == "range 0.45-0.55"
    assert rows["oliemans_500k_rounds"]["over"] == "nis_1m_rounds"


def test_the_run_line_and_json_carry_the_claims_digest(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import dataclasses

    from estimator.assumptions import defaults_dir

    cat = Catalogue.defaults()
    assert len(cat.digest) == 16 and cat.digest == Catalogue.defaults().digest
    # a claim added changes it; the same claims under another file's name do not
    added = cat.with_file(write(tmp_path, claim("my_claim")))
    assert added.digest != cat.digest
    text = (defaults_dir() / "reports.toml").read_text(encoding="utf-8")
    start = text.index("[claims.shin_6700_containers]")
    same = cat.with_file(write(tmp_path, text[start:text.index("\n[claims.", start + 1)] + "\n",
                               "same.toml"))
    assert same.digest == cat.digest
    # a catalogue built or edited in Python has the digest of what it holds
    fewer = dataclasses.replace(cat, claims={k: cat[k] for k in list(cat)[:3]})
    assert fewer.digest not in ("", cat.digest)
    assert Catalogue({k: cat[k] for k in list(cat)[:3]}, cat.files).digest == fewer.digest
    for argv in (["reconcile", "--claim", "hur_1_5m_rounds", "-n", SAMPLES],
                 ["port-calls", "--count", "32", "-n", SAMPLES]):
        code, out, err = run(argv, capsys)
        assert code == 0, err
        assert out.rstrip().splitlines()[-1].endswith(f"; claims {cat.digest}"), out
    code, out, err = run(["reconcile", "--claim", "hur_1_5m_rounds", "-n", SAMPLES, "-f", "json",
                          "-r", str(tmp_path / "mine.toml")], capsys)
    assert code == 0, err
    assert json.loads(out)["claims_digest"] == added.digest
    code, out, err = run(["reports", "list", "-f", "json"], capsys)
    assert json.loads(out)["claims_digest"] == cat.digest


def test_the_readmes_csv_recipe_keeps_a_quote_with_a_line_like_a_comment(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A user's quote may hold a line starting with '#': skipping every such line (the
    recipe the README gave) cut the row; skipping the leading comment lines keeps it."""
    import itertools

    quote = "a | quote\n# not a comment, x"
    p = write(tmp_path, claim(quote=json.dumps(quote)))
    code, out, err = run(["reports", "show", "my_claim", "-r", str(p), "-f", "csv"], capsys)
    assert code == 0, err
    rows = list(csv.DictReader(itertools.dropwhile(lambda line: line.startswith("#"),
                                                   out.splitlines(keepends=True))))
    assert len(rows) == 1 and rows[0]["quote"] == quote


def test_a_figures_note_says_where_its_quote_is_from(capsys: pytest.CaptureFixture[str]) -> None:
    """A conversion's or dud view's quote may come from another page than the claim's
    outlet (Shin's 122mm conversion from Asia Today, HUR's dud view from RFA's reprint):
    reports show and JSON give the figure's note with it, which names that page."""
    cat = Catalogue.defaults()
    duds, rocket = cat["hur_1_5m_rounds"].duds, cat["shin_6700_containers"].conversions[1]
    assert duds is not None and "americanmilitarynews.com" in duds.note
    assert "Asia Today" in rocket.note
    code, out, err = run(["reports", "show", "hur_1_5m_rounds", "shin_6700_containers"], capsys)
    assert code == 0, err
    lines = out.splitlines()
    assert any(line.startswith("  the source's dud view: range 0.45-0.55 (\"Half of them")
               and "-- note: The quote is not from this claim's outlet" in line for line in lines)
    assert any(line.startswith("  the source's conversion: at least 500,000 rounds of 122mm_rocket")
               and "-- note: From Asia Today" in line for line in lines)
    code, out, err = run(["reports", "show", "hur_1_5m_rounds", "-f", "json"], capsys)
    assert code == 0, err
    shown = json.loads(out)["claims"][0]["duds"]
    assert (shown["note"], shown["low"], shown["high"]) == (duds.note, 0.45, 0.55)


def test_half_is_read_as_the_range_it_stands_for(capsys: pytest.CaptureFixture[str]) -> None:
    """HUR's 'half' do not work: usable under the source's own view is 45-55% of the
    rounds, not 49.5-50.5% (the note said 0.45-0.55 while the figure read +/-0.005)."""
    rec = reconcile(claims=["hur_1_5m_rounds"], samples=4000, seed=3)
    r = rec.result("hur_1_5m_rounds")
    assert r.usable_own is not None
    rounds = r.footing["rounds"]
    # the rounds are 1.45M-1.55M as read: a 0.45-0.55 dud share spans 0.45 x 1.45M to 0.55 x 1.55M
    assert 0.45 * rounds.p5 * 0.98 <= r.usable_own.p5 < 0.5 * rounds.p50 * 0.95
    assert 0.5 * rounds.p50 * 1.05 < r.usable_own.p95 <= 0.55 * rounds.p95 * 1.02


def test_the_example_claims_file_reads_rusis_count_as_a_floor_and_changes_nothing_else() -> None:
    """docs/examples/claims.toml, which the README shows: the catalogue's RUSI claim with
    form at_least, its other fields as they stand (but the note, which says why)."""
    from dataclasses import replace

    path = Path(__file__).resolve().parent.parent / "docs" / "examples" / "claims.toml"
    catalogue = Catalogue.defaults().with_file(path)
    assert catalogue.replaced == ("rusi_27_shipments",) and catalogue.added == ()
    mine, theirs = catalogue["rusi_27_shipments"], Catalogue.defaults()["rusi_27_shipments"]
    assert mine.count.form == "at_least" and theirs.count.form == "exact"
    assert replace(mine, figure=theirs.figure, note=theirs.note, file=theirs.file) == theirs


def test_reports_show_keeps_every_claim_inside_its_block(capsys) -> None:  # type: ignore[no-untyped-def]
    """A note wrapped over lines in its TOML file reads as one paragraph in the claim's
    indented block: no line of ``reports show`` starts at the margin but a claim's first."""
    ids = list(Catalogue.defaults())
    assert any("\n" in Catalogue.defaults()[i].note for i in ids)  # the case exists
    code, out, err = run(["reports", "show", *ids], capsys)
    assert code == 0, err
    blocks = out.strip("\n").split("\n\n")
    assert len(blocks) == len(ids)
    for block, cid in zip(blocks, ids, strict=True):
        first, *rest = block.split("\n")
        assert first.startswith(cid) and rest
        assert all(line.startswith("  ") for line in rest), block


@pytest.mark.parametrize("calibre", [None, "152mm_he"])
def test_a_claim_of_one_calibre_is_flagged_as_read_in_mix_rounds(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], calibre: str | None) -> None:
    """'~1M rounds of 152mm_he' in the rounds (mix) column is the boxes they fill filled
    with the mix, not the source's million: the flags say so, and only for such a claim."""
    extra = {"calibre": f'"{calibre}"'} if calibre else {}
    mine = write(tmp_path, claim(**extra))
    code, out, err = run(["reconcile", "-r", str(mine), "--claim", "my_claim", "-n", SAMPLES,
                          "--format", "json"], capsys)
    assert code == 0, err
    doc = json.loads(out)["claims"][0]
    said = [f for f in doc["flags"] if f.startswith("calibre: rounds of")]
    assert len(said) == (1 if calibre else 0)
    if calibre:
        assert calibre in said[0] and "calibre mix" in said[0]
        # the mix's rounds differ from the source's own million, which is why it is said
        assert doc["footing"]["rounds"]["p50"] != pytest.approx(1e6, rel=0.02)


def test_a_count_of_boxes_of_one_calibre_is_flagged_with_what_they_hold_of_it(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """'1,000 containers of 60mm_mortar' keeps the boxes as its footing and their rounds
    (mix) as every claim's, and its flag gives what the boxes hold of 60mm_mortar alone:
    what 'estimate containers --calibre 60mm_mortar' gives, some twenty times the mix's
    (it was read as the mix with no word of the calibre). A count of rounds of one
    calibre keeps its own flag and gets no such figure."""
    mine = write(tmp_path, claim(measure='"containers"', figure='"1,000"', form='"exact"',
                                 calibre='"60mm_mortar"')
                 + claim("my_rounds", calibre='"152mm_he"'))
    rec = reconcile(Catalogue.defaults().with_file(mine), claims=["my_claim", "my_rounds"],
                    samples=4000, seed=3)
    boxes, rounds = rec.result("my_claim"), rec.result("my_rounds")
    own = boxes.calibre_rounds
    assert own is not None and rounds.calibre_rounds is None
    assert boxes.footing["containers"].p50 == pytest.approx(1000)
    assert own.p50 > 10 * boxes.footing["rounds"].p50  # not the mix's rounds
    alone = estimate_containers("1000", calibres="60mm_mortar", bases="complete",
                                samples=4000, seed=11).row("60mm_mortar", "complete").rounds
    for a, b, se_a, se_b in ((own.p50, alone.p50, own.se_p50, alone.se_p50),
                             (own.p5, alone.p5, own.se_p5, alone.se_p5),
                             (own.p95, alone.p95, own.se_p95, alone.se_p95)):
        assert abs(a - b) < 4 * math.hypot(se_a, se_b), (a, b)
    assert [f for f in boxes.flags if f.startswith("calibre: boxes of 60mm_mortar")]
    assert [f for f in rounds.flags if f.startswith("calibre: rounds of 152mm_he")]
    # every format gives the figure with the flag
    code, out, err = run(["reconcile", "-r", str(mine), "--claim", "my_claim", "-n", SAMPLES,
                          "--format", "json"], capsys)
    assert code == 0, err
    doc = json.loads(out)["claims"][0]
    assert doc["calibre_rounds"]["p50"] > 10 * doc["footing"]["rounds"]["p50"]
    shown = human(doc["calibre_rounds"]["p50"])
    said = [f for f in doc["flags"] if f.startswith("calibre: boxes of 60mm_mortar")]
    assert len(said) == 1 and f"alone: {shown} [" in said[0], said
    for fmt in ("table", "markdown", "csv"):
        code, out, err = run(["reconcile", "-r", str(mine), "--claim", "my_claim", "-n",
                              SAMPLES, "--format", fmt], capsys)
        assert code == 0, err
        assert f"60mm_mortar alone: {shown} [" in out, fmt
    assert "rounds of 60mm_mortar alone" in out  # the CSV's row of it


def test_a_quote_over_lines_stays_inside_the_claims_block(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A user's quote written over lines in a TOML multi-line string reads as one line in
    ``reports show`` (table and Markdown) and in reconcile's sources."""
    mine = write(tmp_path, claim(quote='"""about a\nmillion\n  shells"""'))
    for argv in (["reports", "show", "my_claim", "-r", str(mine)],
                 ["reports", "show", "my_claim", "-r", str(mine), "-f", "markdown"],
                 ["reconcile", "--claim", "my_claim", "-r", str(mine), "-n", SAMPLES]):
        code, out, err = run(argv, capsys)
        assert code == 0, err
        assert '"about a million shells"' in out, out
        assert not any(line.startswith(("million", "  shells")) for line in out.splitlines())


def test_reports_list_gives_the_day_known_by_goes_by(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The list's date column is the first-public day where one is given (what --known-by
    reads), the outlet's date otherwise: it showed only the outlet's, 2024-03-03 for Shin's
    6,700 that --known-by 2024-02-27 keeps."""
    p = write(tmp_path, claim(first_public="2024-02-27") + claim("plain"))
    code, out, err = run(["reports", "list", "-r", str(p)], capsys)
    assert code == 0, err
    rows = {line.split()[0]: line.split() for line in out.splitlines() if line.strip()}
    assert rows["claim"][-2:] == ["first", "public"]
    assert rows["my_claim"][-1] == "2024-02-27" and rows["plain"][-1] == "2024-03-01"
    assert rows["shin_6700_containers"][-1] == "2024-02-27"


@pytest.mark.parametrize("argv", [
    ["reports", "list"], ["reports", "show", "my_claim"], ["reconcile", "-n", "64"]])
def test_a_claims_text_cell_never_runs_as_a_spreadsheet_formula(
        argv: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A claim pasted from an article with '=HYPERLINK(...)' as its outlet was written as
    a formula a spreadsheet runs: a text cell starting =, +, - or @ gets a ' before it;
    numbers, negative ones too, stay numbers."""
    path = write(tmp_path, claim(outlet='"=HYPERLINK(\\"http://x\\")"', who='"@someone"',
                                 quote='"-about a million"'))
    code, out, err = run([*argv, "-r", str(path), "-f", "csv"], capsys)
    assert code == 0, err
    rows = list(csv.reader(line for line in out.splitlines() if not line.startswith("#")))
    cells = [cell for row in rows for cell in row]
    assert not [c for c in cells if c[:1] in ("=", "@")], cells
    assert not [c for c in cells if c[:1] in ("+", "-") and not c.lstrip("+-")[:1].isdigit()]
    mine = [row for row in rows if "my_claim" in row]
    assert mine and any(c == "'=HYPERLINK(\"http://x\")" or c.startswith("'=HYPERLINK")
                        or c.startswith("'@someone") for row in mine for c in row), mine


def test_a_negative_number_in_a_csv_stays_a_number() -> None:
    from estimator.report.format import csv_text

    text = csv_text([], ["a", "b", "c", "d"], [[-2.5, "-0.5", "-1,200", "=1+1"]])
    assert text.splitlines()[1] == "-2.5,-0.5,\"-1,200\",'=1+1"


# --- claims counted in rail cars or trains ------------------------------------------------------

RAIL = (claim("my_cars", measure='"rail_cars"', figure='"1,200"', scope='"munitions"',
              quote='"about 1,200 wagons"')
        + claim("my_trains", measure='"trains"', form='"at_least"', figure='"20"',
                scope='"munitions"', calibre='"152mm_he"', origin='"y"',
                quote='"more than 20 trains"'))


def test_check_accepts_claims_counted_in_rail_cars_and_trains(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path, RAIL)
    code, out, err = run(["reports", "check", str(path)], capsys)
    assert code == 0 and out.strip() == f"{path}: valid", err
    cat = Catalogue.defaults().with_file(path)
    assert cat["my_cars"].short() == "~1,200 rail cars" and cat["my_cars"].by_rail
    assert cat["my_trains"].stated() == "at least 20 trains of 152mm_he"
    assert cat["my_cars"].not_by_sea and not cat["shin_6700_containers"].by_rail


def test_rail_claims_go_on_the_footing_through_rail_and_not_against_the_timeline(
        tmp_path: Path) -> None:
    """A count of cars is the containers `estimate rail` gives as many cars (same seed,
    same draws of rail.*); it is flagged, set against no port calls, and the pool leaves
    it out, saying why."""
    from estimator.logistics import estimate_rail

    path = write(tmp_path, RAIL)
    cat = Catalogue.defaults().with_file(path)
    rec = reconcile(cat, claims=["my_cars", "my_trains", "shin_6700_containers"],
                    samples=2000, seed=4)
    cars, trains, shin = rec.results
    assert cars.timeline == {} and trains.timeline == {} and "ratio" in shin.timeline
    alone = estimate_rail("~1,200", samples=2000, seed=4).footing["containers"]
    assert cars.footing["containers"].p50 == pytest.approx(alone.p50, rel=0.05)
    assert cars.footing["rounds"].p50 > 0 and trains.calibre_rounds is not None
    flag = ("rail cars: deliveries by rail, put on the footing through rail.*; not set "
            "against the delivery timeline, which is by sea (port calls), and not pooled")
    assert flag in cars.flags and any(f.startswith("trains: deliveries by rail") for f in
                                      trains.flags)
    assert any(f.startswith("calibre: trains of 152mm_he;") for f in trains.flags)
    assert not any("rail" in f for f in shin.flags)
    p = pool(cat, samples=4000, seed=4)
    why = {e.claim.id: e.reason for e in p.excluded}
    assert why["my_cars"] == ("counts rail cars: deliveries by rail, and the delivery "
                              "timeline is by sea (port calls): no assumption puts rail on it")
    assert why["my_trains"].startswith("counts trains: deliveries by rail")
    assert "my_cars" not in {t.claim.id for t in p.claims}


def test_the_side_by_side_sets_no_rail_claim_against_the_timeline_in_any_format(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path, RAIL)
    base = ["reconcile", "-r", str(path), "--claim", "my_cars", "--claim", "kirby_1000_containers",
            "-n", SAMPLES]
    code, out, err = run(base, capsys)
    assert code == 0, err
    table = out.split("against the delivery timeline", 1)[1].split("flags:", 1)[0]
    assert "kirby_1000_containers" in table and "my_cars" not in table
    assert "my_cars: rail cars: deliveries by rail" in out
    code, out, err = run([*base, "-f", "json"], capsys)
    doc = {c["id"]: c for c in json.loads(out)["claims"]}
    assert doc["my_cars"]["timeline"] == {} and doc["kirby_1000_containers"]["timeline"]
    code, out, err = run([*base, "-f", "csv"], capsys)
    rows = list(csv.DictReader(line for line in out.splitlines() if not line.startswith("#")))
    measures = {r["measure"] for r in rows if r["claim"] == "my_cars"}
    assert "containers" in measures and not any("timeline" in m for m in measures)
    assert any("timeline" in r["measure"] for r in rows if r["claim"] == "kirby_1000_containers")


def test_a_count_on_one_day_gives_no_rate_a_month_in_any_format(
        capsys: pytest.CaptureFixture[str]) -> None:
    """CSIS's cars standing at Tumangang on one day (period_start is as_of) read
    'rounds / month 1.18M' and 'stated / month ~2,222 rail cars': a stock is no flow."""
    base = ["reconcile", "-r", "docs/examples/rail_claims.toml", "--no-catalogue", "-n",
            SAMPLES]
    flag = "a count on one day (2023-10-05): a stock, not a flow; no rate a month (n/a)"
    code, out, err = run(base, capsys)
    assert code == 0, err
    row = next(line for line in out.split("rounds / month", 1)[1].splitlines()
               if line.startswith("csis_73_railcars"))
    assert row.split()[-3:] == ["n/a", "n/a", "n/a"] and "rail cars" not in row
    assert f"csis_73_railcars: {flag}" in out
    code, out, err = run([*base, "-f", "json"], capsys)
    claim = json.loads(out)["claims"][0]
    assert (claim["per_month"], claim["stated_per_month"],
            claim["stated_per_month_as_written"]) == (None, None, None)
    assert flag in claim["flags"]
    code, out, err = run([*base, "-f", "csv"], capsys)
    rows = list(csv.DictReader(line for line in out.splitlines() if not line.startswith("#")))
    assert rows and not any("per month" in r["measure"] for r in rows)
    rec = reconcile(Catalogue.defaults().with_file("docs/examples/rail_claims.toml"),
                    claims=["csis_73_railcars", "kirby_1000_containers"], samples=500)
    cars, kirby = rec.results
    assert cars.claim.one_day and not kirby.claim.one_day
    assert cars.per_month == {} and cars.stated_per_month is None
    assert kirby.per_month and kirby.stated_per_month is not None
    assert not any("one day" in f for f in kirby.flags)


def test_a_users_claims_name_their_file_whole_in_every_record(
        tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Claims' file was as typed ('mine.toml') beside report_files, which is whole; the
    catalogue's own claims keep their place."""
    write(tmp_path, RAIL)
    monkeypatch.chdir(tmp_path)
    whole = str(tmp_path / "mine.toml")
    code, out, err = run(["reports", "list", "-r", "mine.toml", "-f", "json"], capsys)
    assert code == 0, err
    files = {c["id"]: c["file"] for c in json.loads(out)["claims"]}
    assert files["my_cars"] == whole and files["hur_1_5m_rounds"] == "assumptions/reports.toml"
    code, out, err = run(["reports", "list", "-r", "mine.toml", "-f", "csv"], capsys)
    rows = {r["claim"]: r for r in csv.DictReader(
        line for line in out.splitlines() if not line.startswith("#"))}
    assert rows["my_cars"]["file"] == whole
    code, out, err = run(["reconcile", "-r", "mine.toml", "--claim", "my_cars", "-n",
                          SAMPLES, "-f", "json"], capsys)
    assert code == 0, err
    doc = json.loads(out)
    assert doc["claims"][0]["file"] == whole and whole in doc["report_files"]
    # the pooled JSON's claims too (a rail claim is not pooled: a file of pooled claims)
    example = Path(__file__).resolve().parent.parent / "docs" / "examples" / "claims.toml"
    (tmp_path / "pooled.toml").write_bytes(example.read_bytes())
    code, out, err = run(["reconcile", "--pooled", "-r", "pooled.toml", "-n", SAMPLES, "-f",
                          "json"], capsys)
    assert code == 0, err
    files = {c["file"] for c in json.loads(out)["claims"]}
    assert files == {str(tmp_path / "pooled.toml"), "assumptions/reports.toml"}, files
