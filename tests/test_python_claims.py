"""Claims given from Python (``Catalogue.with_claims``, and ``Claim``/``Figure`` built by
hand) are checked as a claims file's are: the same reader, the same problems named
``<python>: claims.ID.FIELD``, all listed together; the same claim from Python or from a
file gives the same numbers and digest; and a catalogue built from a bare mapping, which
could not say where its claims come from, is refused rather than reported wrong."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from estimator import AssumptionSet, InputError, parse_count, records, to_dict
from estimator.errors import AssumptionProblems
from estimator.pooled import pool
from estimator.reconcile import reconcile
from estimator.reports import Catalogue, Claim, Figure, as_mapping
from estimator.testing import as_toml
from estimator.testing import claims as claim_tables

CATALOGUE = Catalogue.defaults()
SMALL = {"samples": 400, "seed": 3}
MINE = {
    "who": "me", "outlet": "my notebook", "published": dt.date(2024, 5, 1),
    "as_of": "2024-04-30", "period_start": "2023-08-01", "measure": "containers",
    "basis": "delivered", "scope": "munitions", "form": "approx", "figure": "9,000",
    "origin": "me", "quote": "about 9,000 containers",
}
FIGURE = {"measure": "containers", "form": "approx", "text": "9,000",
          "count": parse_count("~9,000"), "quote": "about 9,000 containers"}
CLAIM = {"id": "mine", "who": "me", "outlet": "nb", "published": dt.date(2024, 5, 1),
         "as_of": dt.date(2024, 4, 30), "period_start": dt.date(2023, 8, 1),
         "measure": "containers", "basis": "delivered", "scope": "munitions",
         "origin": "me"}


def places(exc: InputError) -> list[str]:
    return [str(p.place) for p in getattr(exc, "problems", [exc])]


def table_of(claim: Claim) -> dict[str, Any]:
    """A claim laid out as a claims file gives it, from :func:`as_mapping` (what it
    derives, ``months``, ``stated``, a figure's ends and rule, left out)."""
    m = as_mapping(claim)

    def figure(f: dict[str, Any], *keys: str) -> dict[str, Any]:
        return {"figure" if k == "text" else k: f[k] for k in keys if f.get(k) is not None}

    table = {k: m[k] for k in ("who", "outlet", "url", "published", "first_public", "as_of",
                               "period_start", "measure", "basis", "scope", "origin", "over",
                               "note") if m[k] not in (None, "")}
    table |= figure(m["figure"], "form", "figure", "quote", "calibre")
    convs = [figure(c, "measure", "form", "figure", "quote", "calibre", "note")
             for c in m["conversions"]]
    if convs:
        table["conversions"] = convs
    if m["duds"]:
        table["duds"] = figure(m["duds"], "form", "figure", "quote", "calibre", "note")
    return table


def without_files(data: object) -> object:
    """A document with what names the claims' file (a path, or ``<python>``) left out."""
    if isinstance(data, dict):
        return {k: without_files(v) for k, v in data.items()
                if k not in ("file", "report_files", "claims_file")}
    if isinstance(data, list):
        return [without_files(v) for v in data]
    return data


# --- with_claims: checked as a file is ------------------------------------------------------

def test_a_claim_from_python_is_added_and_named_python() -> None:
    cat = CATALOGUE.with_claims({"my_9000": MINE})
    claim = cat["my_9000"]
    assert cat.added == ("my_9000",) and cat.replaced == () and cat.includes_defaults
    assert cat.files == (*CATALOGUE.files, "<python>") and claim.file == "<python>"
    assert (claim.as_of, claim.published) == (dt.date(2024, 4, 30), dt.date(2024, 5, 1))
    assert claim.short() == "~9,000 boxes" and claim.count == parse_count("~9,000")
    doc = to_dict(reconcile(cat, claims=["my_9000"], **SMALL))
    assert (doc["default_catalogue"], doc["claims_added"], doc["claims_replaced"]) == (
        True, ["my_9000"], [])
    assert doc["report_files"][-1] == "<python>"


def test_a_default_given_again_from_python_is_replaced() -> None:
    shin = CATALOGUE["shin_6700_containers"]
    same = CATALOGUE.with_claims({shin.id: table_of(shin)})
    assert same.replaced == (shin.id,) and same.unchanged == (shin.id,) and same.added == ()
    assert same.digest == CATALOGUE.digest
    other = CATALOGUE.with_claims({shin.id: {**table_of(shin), "figure": "6,800"}})
    assert other.replaced == (shin.id,) and other.unchanged == ()
    assert other.digest != CATALOGUE.digest
    doc = to_dict(reconcile(other, claims=[shin.id], **SMALL))
    assert doc["claims_replaced"] == [shin.id] and doc["claims_added"] == []


@pytest.mark.parametrize(("change", "place"), [
    ({"as_of": "2023-01-01"}, "as_of"),
    ({"as_of": dt.date(2024, 6, 1)}, "as_of"),  # after it was published
    ({"measure": "boxes"}, "measure"),
    ({"basis": "whatever"}, "basis"),
    ({"scope": "xx"}, "scope"),
    ({"period_start": "2023-02-30"}, "period_start"),
    ({"figure": "nine thousand"}, "figure"),
    ({"figure": "9,000+"}, "form"),  # the '+' goes in the form
    ({"form": "at_least", "figure": "~9,000"}, "form"),
    ({"over": "nonexistent"}, "over"),
    ({"figure": {1, 2}}, "figure"),
    ({"colour": "red"}, "colour"),
])
def test_a_bad_field_from_python_is_named(change: dict[str, Any], place: str) -> None:
    with pytest.raises(AssumptionProblems) as info:
        CATALOGUE.with_claims({"my_9000": {**MINE, **change}})
    assert places(info.value) == [f"<python>: claims.my_9000.{place}"], str(info.value)


def test_a_bad_id_from_python_is_named() -> None:
    with pytest.raises(InputError, match=r"^<python>: claims\.My Claim: expected an id"):
        CATALOGUE.with_claims({"My Claim": MINE})


def test_every_problem_from_python_is_listed_together() -> None:
    with pytest.raises(AssumptionProblems) as info:
        CATALOGUE.with_claims({
            "first": {**MINE, "as_of": "2023-01-01", "measure": "boxes"},
            "second": {k: v for k, v in MINE.items() if k != "who"},
            "third": MINE})
    assert sorted(places(info.value)) == ["<python>: claims.first.as_of",
                                          "<python>: claims.first.measure",
                                          "<python>: claims.second.who"]
    assert str(info.value).endswith("(and 2 more problems)")


@pytest.mark.parametrize(("claims", "match"), [
    ({}, r"^claims: expected claims by id.*\(got none\)"),
    ("shin", r"^claims: expected claims by id.*\(got 'str'\)"),
])
def test_claims_that_are_no_mapping_of_claims_are_one_error(claims: object, match: str
                                                            ) -> None:
    with pytest.raises(InputError, match=match):
        CATALOGUE.with_claims(claims)  # type: ignore[arg-type]


def test_a_calibre_from_python_is_checked_against_the_assumptions() -> None:
    mine = {**MINE, "measure": "rounds", "scope": "artillery", "calibre": "999mm"}
    assert CATALOGUE.with_claims({"big_gun": mine})["big_gun"].calibre == "999mm"
    with pytest.raises(AssumptionProblems, match=r"^<python>: claims\.big_gun\.calibre"):
        CATALOGUE.with_claims({"big_gun": mine}, calibres=AssumptionSet.defaults().calibres())


def test_an_increment_from_python_over_another_of_its_claims() -> None:
    base = {**MINE, "as_of": "2023-12-31", "published": "2024-01-05"}
    more = {**MINE, "period_start": "2024-01-01", "over": "base"}
    cat = CATALOGUE.with_claims({"base": base, "more": more})
    assert cat.bases(cat["more"]) == [cat["base"]]
    with pytest.raises(AssumptionProblems, match=r"^<python>: claims\.more\.over: expected an "
                       "earlier claim"):
        CATALOGUE.with_claims({"base": MINE, "more": more})


# --- the same claim from Python and from a file -----------------------------------------------

def test_a_claim_from_python_gives_the_numbers_of_the_same_claim_from_a_file(
        tmp_path: Path) -> None:
    path = tmp_path / "mine.toml"
    path.write_text(as_toml({"claims.my_9000": MINE}), encoding="utf-8")
    from_file, from_python = CATALOGUE.with_file(path), CATALOGUE.with_claims({"my_9000": MINE})
    assert dataclasses.replace(from_python["my_9000"], file=str(path)) == from_file["my_9000"]
    assert from_python.digest == from_file.digest != CATALOGUE.digest
    ids = ["my_9000", "shin_6700_containers", "nkpro_32_port_calls"]
    for run in (lambda c: reconcile(c, claims=ids, **SMALL),
                lambda c: pool(c, claims=ids, as_of=dt.date(2024, 4, 30), **SMALL)):
        a, b = run(from_python), run(from_file)
        assert without_files(to_dict(a)) == without_files(to_dict(b))
        assert without_files(records(a)) == without_files(records(b))
        assert to_dict(a)["report_files"][-1] == "<python>"


# --- Claim and Figure built by hand -------------------------------------------------------

def test_a_claim_built_by_hand_as_a_file_would_give_it_is_kept() -> None:
    claim = Claim(**CLAIM, figure=Figure(**FIGURE))
    mine = CATALOGUE.with_claims({"mine": {**MINE, "outlet": "nb", "as_of": "2024-04-30"}})
    assert dataclasses.replace(claim, file="<python>") == mine["mine"]


@pytest.mark.parametrize(("change", "place"), [
    ({"as_of": dt.date(2023, 1, 1)}, "claims.mine.as_of"),  # before period_start
    ({"period_start": "2023-08-01"}, "claims.mine.period_start"),  # text, not a date
    ({"published": dt.datetime(2024, 5, 1, 12)}, "claims.mine.published"),
    ({"measure": "boxes"}, "claims.mine.measure"),
    ({"basis": "whatever"}, "claims.mine.basis"),
    ({"scope": "xx"}, "claims.mine.scope"),
    ({"id": "My Claim"}, "claims.My Claim"),
    ({"measure": "rounds"}, "claims.mine.figure.measure"),  # the figure counts containers
    ({"who": ""}, "claims.mine.who"),
    ({"file": "mine.toml", "basis": "x"}, "mine.toml: claims.mine.basis"),
])
def test_a_claim_built_by_hand_is_checked(change: dict[str, Any], place: str) -> None:
    with pytest.raises(InputError) as info:
        Claim(**{**CLAIM, "figure": Figure(**FIGURE), **change})
    assert places(info.value) == [place], str(info.value)


@pytest.mark.parametrize(("change", "place", "match"), [
    ({"count": parse_count("~900")}, "figure.count", r"'~9,000', as text '9,000' reads in form"
                                                     r" 'approx' \(got '~900'\)"),
    ({"form": "at_least"}, "figure.count", r"'9,000\+', as text '9,000'"),
    ({"text": "~9,000"}, "figure.text", r"the number alone, '9,000'"),
    ({"form": "likely"}, "figure.form", r"one of exact, approx"),
    ({"measure": "boxes"}, "figure.measure", r"one of containers"),
    ({"count": 9000}, "figure.count", r"a Count"),
    ({"quote": ""}, "figure.quote", r"a non-empty string"),
])
def test_a_figure_built_by_hand_is_checked(change: dict[str, Any], place: str, match: str
                                           ) -> None:
    with pytest.raises(InputError, match=match) as info:
        Figure(**{**FIGURE, **change})
    assert places(info.value) == [place]


def fig(measure: str, form: str, text: str) -> Figure:
    """A figure as Python may build it, its count read with fractions allowed."""
    mark = {"approx": "~", "exact": ""}[form]
    return Figure(measure, form, text, parse_count(mark + text, whole=False), "q")


@pytest.mark.parametrize(("measure", "figure", "conversions", "place"), [
    ("port_calls", fig("port_calls", "exact", "0.5"), (), "claims.mine.figure.text"),
    ("containers", fig("containers", "approx", "9,000.5"), (), "claims.mine.figure.text"),
    ("containers", fig("containers", "approx", "9,000"),
     (fig("tonnes", "approx", "0.5"), fig("rounds", "exact", "2.5")),
     "claims.mine.conversions[1].text"),
])
def test_a_hand_built_claim_refuses_a_part_of_a_thing_as_a_file_does(
        tmp_path: Path, measure: str, figure: Figure, conversions: tuple[Figure, ...],
        place: str) -> None:
    """``Figure("port_calls", "exact", "0.5", ...)`` was accepted: half a port call."""
    with pytest.raises(InputError, match=r"expected a whole number of things") as info:
        Claim(**{**CLAIM, "measure": measure}, figure=figure, conversions=conversions)
    assert places(info.value) == [place]
    table = {**MINE, "measure": measure, "form": figure.form, "figure": figure.text}
    path = tmp_path / "mine.toml"
    path.write_text(as_toml({"claims.mine": table}), encoding="utf-8")
    if not conversions:  # the file refuses the same figure
        with pytest.raises(InputError, match=r"expected a whole number of things"):
            CATALOGUE.with_file(path)


def test_a_hand_built_claim_takes_tonnes_and_dud_shares_in_parts() -> None:
    claim = Claim(**CLAIM, figure=Figure(**FIGURE), conversions=(
        fig("tonnes", "approx", "9,000.5"),), duds=fig("rounds", "approx", "0.2"))
    assert claim.conversions[0].text == "9,000.5" and claim.duds is not None


def test_a_figure_holds_its_count_however_the_count_was_worded() -> None:
    assert Figure(**{**FIGURE, "count": parse_count("about 9,000")}).form == "approx"


def test_a_hand_built_claims_problems_are_listed_together() -> None:
    with pytest.raises(AssumptionProblems) as info:
        Claim(**{**CLAIM, "figure": Figure(**FIGURE), "measure": "boxes",
                 "as_of": dt.date(2023, 1, 1), "scope": "xx"})
    assert sorted(places(info.value)) == ["claims.mine.as_of", "claims.mine.measure",
                                          "claims.mine.scope"]


# --- a catalogue from a bare mapping ----------------------------------------------------------

def test_a_catalogue_of_a_bare_mapping_is_refused_pointing_at_with_claims() -> None:
    mine = Claim(**CLAIM, figure=Figure(**FIGURE))
    for build in (lambda: Catalogue({**CATALOGUE, mine.id: mine}),
                  lambda: Catalogue({k: CATALOGUE[k] for k in list(CATALOGUE)[:2]}),
                  lambda: Catalogue({**CATALOGUE, mine.id: mine}, CATALOGUE.files)):
        with pytest.raises(InputError, match=r"^Catalogue: expected .*\.with_claims"):
            build()
    assert len(Catalogue({}, ())) == 0
    cut = CATALOGUE.with_claims({"mine": MINE})
    assert cut.only([cut["mine"]]).added == ("mine",)


def test_a_catalogue_whose_records_would_misplace_a_claim_is_refused() -> None:
    """``Catalogue({"other": claim}, files=(...))`` was accepted, and its JSON said the
    claim was no user's; a hand-built claim's file '' became the working directory."""
    mine = Claim(**CLAIM, figure=Figure(**FIGURE))
    added = CATALOGUE.with_claims({"mine": MINE})
    shin = CATALOGUE["shin_6700_containers"]
    for build, fault in [
        (lambda: Catalogue({"other": added["mine"]}, files=("<python>",), added=("other",)),
         "'other' holding claim 'mine'); each claim under its own id"),
        (lambda: Catalogue({**CATALOGUE.claims, "x": shin}, CATALOGUE.files),
         "'x' holding claim 'shin_6700_containers'); each claim under its own id"),
        (lambda: Catalogue({**CATALOGUE.claims, "mine": mine}, CATALOGUE.files, added=("mine",)),
         "'mine' of file ''); each claim of one of the catalogue's files"),
        (lambda: Catalogue({"mine": mine}, ("",), added=("mine",)),
         "'mine' of file ''); each claim of one of the catalogue's files"),
        (lambda: Catalogue({"mine": added["mine"]}, ("elsewhere.toml",), added=("mine",)),
         "'mine' of file '<python>'); each claim of one of the catalogue's files"),
        (lambda: Catalogue({"mine": added["mine"]}, ("<python>",)),
         "'mine' not added); without the default catalogue, every claim of a file added"),
        (lambda: Catalogue({"mine": added["mine"]}, ("<python>",), replaced=("mine",)),
         "'mine' not added); without the default catalogue, every claim of a file added"),
    ]:
        with pytest.raises(InputError) as info:
            build()
        message = str(info.value)
        assert message.startswith("Catalogue: expected claims layered on") and (
            f"(got {fault}" in message and ".with_claims" in message), message
    alone = Catalogue.empty().with_claims({"mine": MINE})
    assert Catalogue({"mine": alone["mine"]}, ("<python>",), added=("mine",)) == alone
    doc = to_dict(reconcile(alone, **SMALL))
    assert (doc["default_catalogue"], doc["claims_added"]) == (False, ["mine"])


# --- round trips --------------------------------------------------------------------------

@given(st.sampled_from(sorted(CATALOGUE)))
def test_a_default_claim_given_from_python_is_the_same_claim(cid: str) -> None:
    claim = CATALOGUE[cid]
    bases = {b.id: table_of(b) for b in CATALOGUE.bases(claim)}  # as an increment needs
    got = Catalogue.empty().with_claims({**bases, cid: table_of(claim)})
    assert dataclasses.replace(got[cid], file=claim.file) == claim
    assert got[cid].file == "<python>" and got.added == tuple(sorted(got))


@given(drawn=claim_tables())
def test_a_claim_from_python_is_the_claim_its_file_gives(
        tmp_path_factory: pytest.TempPathFactory, drawn: tuple[str, dict[str, Any]]) -> None:
    cid, table = drawn
    path = tmp_path_factory.mktemp("claims") / "mine.toml"
    path.write_text(as_toml({f"claims.{cid}": table}), encoding="utf-8")
    from_file = Catalogue.empty().with_file(path)
    from_python = Catalogue.empty().with_claims({cid: table})
    assert dataclasses.replace(from_python[cid], file=str(path)) == from_file[cid]
    assert from_python.digest == from_file.digest
