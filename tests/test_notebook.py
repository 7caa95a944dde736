"""Results as a notebook shows them: one short line each, figures as the tables write
them, names looked up in any case (with the nearest named where none fits), a user's
own sensitivity as data."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from estimator import (
    AssumptionSet,
    Catalogue,
    Engine,
    InputError,
    NotFound,
    Summary,
    estimate_containers,
    estimate_days,
    estimate_port_calls,
    estimate_shells,
    estimate_timeline,
    pool,
    records,
    summarize,
    to_dict,
)
from estimator.errors import held_key
from estimator.reconcile import reconcile
from estimator.report.format import human
from estimator.sensitivity import containers_sensitivity, sensitivity


def test_a_summary_reads_as_the_tables_write_it() -> None:
    s = summarize(np.linspace(1.0e6, 5.0e6, 1001), "round")
    assert str(s) == f"{human(s.p50)} [{human(s.p5)}-{human(s.p95)}] rd" == "3.00M [1.20M-4.80M] rd"
    assert f"{s}" == str(s)
    assert str(summarize(np.array([0.2, 0.3, 0.4]))) == "0.300 [0.210-0.390]"  # no unit '1'
    # every digit stays in the repr, which the text would lose
    assert repr(s.p50) in repr(s)


def test_a_format_spec_writes_each_figure_with_it() -> None:
    s = Summary(3.0e6, 1.2e6, 3.0e6, 4.8e6, 1.0, 1.0, 1.0, 1.0, "rd", 1000)
    assert f"{s:.3g}" == "3e+06 [1.2e+06-4.8e+06] rd"
    assert f"{s:,.0f}" == "3,000,000 [1,200,000-4,800,000] rd"



@pytest.mark.parametrize("spec", ["bogus", "q", ",.0q", "s"])
def test_a_format_spec_no_number_takes_is_one_line_naming_the_summary(spec: str) -> None:
    """Python's own error named float, not the summary."""
    s = Summary(3.0e6, 1.2e6, 3.0e6, 4.8e6, 1.0, 1.0, 1.0, 1.0, "rd", 1000)
    with pytest.raises(InputError) as caught:
        format(s, spec)
    assert str(caught.value) == (f"Summary format spec: expected a number's spec, such as "
                                 f"',.0f' or '.3g' (got {spec!r})")
    assert "float" not in str(caught.value) and caught.value.__cause__ is None


@pytest.fixture(scope="module")
def results() -> dict[str, Any]:
    """One result of each type the commands render, from small runs."""
    report = containers_sensitivity("6700", calibre="152mm_he", samples=64, seed=2)
    return {
        "ContainerEstimate": estimate_containers("6,700", calibres=["152mm_he", "mix"],
                                                 samples=200, seed=2),
        "ShellsEstimate": estimate_shells("1.5M", samples=200, seed=2),
        "Reconciliation": reconcile(samples=200, seed=2),
        "Pooled": pool(claims=["shin_6700_containers", "hur_1_5m_rounds"], samples=400, seed=2),
        "LogisticsEstimate": estimate_port_calls("32", samples=200, seed=2),
        "Timeline": estimate_timeline("2023-08", "2024-01", samples=200, seed=2),
        "DaysEstimate": estimate_days("1.5M", samples=200, seed=2),
        "SensitivityReport": report,
        "Sensitivity": report.result,
    }


def test_every_result_prints_as_one_short_line_naming_its_run(results: dict[str, Any]) -> None:
    """Printed whole, a reconciliation ran to 214,000 characters on one line, a timeline to
    15,000: each says what it is, what it holds and the run that made it."""
    from estimator.report.data import _RENDERERS

    rendered = {name.rsplit(".", 1)[1] for name in _RENDERERS}
    # every result type the commands render is here (a catalogue and an assumption set
    # print short already)
    assert rendered - {"Catalogue", "AssumptionSet"} <= set(results)
    for name, result in results.items():
        text = repr(result)
        assert type(result).__name__ == name
        assert text.startswith(f"{name}(") and text.endswith(")"), text
        assert len(text) < 300 and "\n" not in text, (name, len(text))
        assert "seed=2" in text and "samples=" in text, text
        record = getattr(result, "record", None)
        if record is not None:
            assert f"assumptions={record.assumptions_digest!r}" in text, text
    assert "34 claims, basis='complete'" in repr(results["Reconciliation"])
    assert "2 claims pooled" in repr(results["Pooled"])
    assert "count='6,700', 4 rows, calibres=['152mm_he', 'mix']" in repr(
        results["ContainerEstimate"])
    assert "start='2023-08-01', end='2024-02-01', 6 months" in repr(results["Timeline"])
    assert "output='complete.152mm_he.rounds'" in repr(results["Sensitivity"])


def test_lookups_take_a_name_in_any_case_as_arguments_do(results: dict[str, Any]) -> None:
    """An argument took 'SHIN_6700_CONTAINERS' while a lookup refused it: both take it."""
    catalogue, defaults = Catalogue.defaults(), AssumptionSet.defaults()
    assert catalogue["SHIN_6700_CONTAINERS"] is catalogue["shin_6700_containers"]
    assert defaults["DUDS.DUD_RATE"] is defaults["duds.dud_rate"]
    rec, pooled, sens = results["Reconciliation"], results["Pooled"], results["Sensitivity"]
    assert rec.result("Hur_1_5M_Rounds") is rec.result("hur_1_5m_rounds")
    assert pooled.claim("SHIN_6700_CONTAINERS") is pooled.claim("shin_6700_containers")
    key = sens.factors[0].key
    assert sens.factor(key.upper()) is sens.factor(key)


HELD = {"assumptions": AssumptionSet.defaults(), "catalogue": Catalogue.defaults()}


@st.composite
def recased(draw: st.DrawFn, names: list[str]) -> str:
    """One of ``names``, or one of them cut or lengthened (a name not held), with the case
    of any of its letters changed."""
    name = draw(st.sampled_from(names))
    name = draw(st.sampled_from([name, name[:-1], name + "x", name.replace("_", "")]))
    flips = draw(st.lists(st.booleans(), min_size=len(name), max_size=len(name)))
    return "".join(c.swapcase() if flip else c for c, flip in zip(name, flips, strict=True))


@given(st.data(), st.sampled_from(sorted(HELD)))
def test_in_agrees_with_a_lookup_in_any_case(data: st.DataObject, which: str) -> None:
    """``"DUDS.DUD_RATE" in s`` was False while ``s["DUDS.DUD_RATE"]`` found it."""
    held = HELD[which]
    key = data.draw(recased(sorted(held)))
    same = [name for name in list(held) if name.casefold() == key.casefold()]
    assert (key in held) == (held.get(key) is not None) == bool(same)
    if same:
        assert held[key] is held[same[0]]


@pytest.mark.parametrize("key", [None, 3, ["duds.dud_rate"], ""])
def test_what_names_nothing_is_not_in_a_set_of_assumptions(key: object) -> None:
    for held in HELD.values():
        assert key not in held and held.get(key) is None  # type: ignore[call-overload]


def test_in_agrees_with_a_lookup_where_names_differ_in_case_alone() -> None:
    held = {"x.a": 1, "X.A": 2}
    for key in ("x.a", "X.A", "x.A", "X.a", "y"):
        try:
            found: object = NotFound.lookup(held, key, "key")
        except NotFound:
            found = None
        assert (held_key(held, key) is not None) == (found is not None)
        assert found is None or found == held[held_key(held, key) or ""]


def test_two_names_that_differ_in_case_alone_are_found_as_written_only() -> None:
    held = {"x.a": 1, "X.A": 2}
    assert NotFound.lookup(held, "X.A", "key") == 2
    with pytest.raises(NotFound, match=r"got 'x.A'"):
        NotFound.lookup(held, "x.A", "key")


@pytest.mark.parametrize(("lookup", "hint"), [
    (lambda r: Catalogue.defaults()["shin_6700"], "did you mean 'shin_6700_containers'?"),
    (lambda r: AssumptionSet.defaults()["duds.dudrate"], "did you mean 'duds.dud_rate'?"),
    (lambda r: r["Reconciliation"].result("hur_1_5m"), "did you mean 'hur_1_5m_rounds'?"),
    (lambda r: r["Pooled"].claim("shin_6700_container"), "did you mean 'shin_6700_containers'?"),
    (lambda r: r["Sensitivity"].factor("duds.dudrate"), "did you mean 'duds.dud_rate'?"),
])
def test_a_name_not_found_names_the_nearest(results: dict[str, Any], lookup: Any,
                                            hint: str) -> None:
    """The error listed the first 20 names in order, and the one meant was not among them."""
    with pytest.raises(NotFound) as caught:
        lookup(results)
    assert str(caught.value).endswith(f"; {hint}")
    assert isinstance(caught.value, KeyError)


def test_a_key_a_model_misspells_is_named_with_the_nearest() -> None:
    engine = Engine(AssumptionSet.defaults(), samples=10, seed=1)
    with pytest.raises(InputError, match=r"^model input: expected a key of the assumptions in "
                                         r"use \(got 'duds.dudrate'\); did you mean "
                                         r"'duds.dud_rate'\?$"):
        engine.run(lambda d: {"y": d["duds.dudrate"]})


def test_a_users_own_sensitivity_comes_out_as_data(results: dict[str, Any]) -> None:
    """``to_dict``/``records`` refused a bare Sensitivity: it gives the report's rows and
    the report's document, but for the title, run record and assumptions it has not."""
    report = results["SensitivityReport"]
    sens = report.result
    rows = records(sens)
    assert rows == records(report)
    assert [r["key"] for r in rows] == [f.key for f in sens.factors]
    assert rows[0]["total"] == sens.factors[0].total and rows[0]["unit"] == "rd"
    doc, full = to_dict(sens), to_dict(report)
    assert doc["schema"] == full["schema"] == "estimator.sensitivity"
    assert doc["seed"] == 2 and "run" not in doc and "title" not in doc
    assert {k: v for k, v in doc.items() if k != "seed"} == {
        k: v for k, v in full.items() if k not in ("run", "title", "assumptions", "reference")}


def test_a_sensitivity_of_ones_own_model_is_data_too() -> None:
    defaults = AssumptionSet.defaults()
    inputs = [defaults["duds.dud_rate"], defaults["containers.mass_utilisation"]]
    sens = sensitivity(inputs, lambda d: {"y": (1 - d["duds.dud_rate"])
                                          * d["containers.mass_utilisation"]}, "y",
                       samples=64, seed=3)
    rows = records(sens)
    assert sorted(r["key"] for r in rows) == sorted(i.key for i in inputs)
    assert to_dict(sens)["factors"][0]["key"] == rows[0]["key"] == sens.factors[0].key


def test_the_two_canned_sensitivities_import_from_the_package() -> None:
    """``from estimator import ...`` gave them no more than ``reconcile``, which is its
    module there (it shares the function's name)."""
    import estimator
    import estimator.sensitivity as module

    assert estimator.containers_sensitivity is module.containers_sensitivity
    assert estimator.timeline_sensitivity is module.timeline_sensitivity
    assert {"containers_sensitivity", "timeline_sensitivity"} <= set(estimator.__all__)


@pytest.mark.parametrize("name", ["Fixed", "Uniform", "Triangular", "Lognormal", "Normal",
                                  "Choice"])
def test_each_distribution_says_what_its_parameters_are_with_an_example(name: str) -> None:
    """They had no docstring: ``Normal(0, 1)``, meant as a mean and a standard deviation,
    was taken silently as a 5th and 95th percentile. Each example runs (the suite runs
    the package's doctests too; this holds them to being there)."""
    import doctest

    import estimator.distributions as module

    cls = getattr(module, name)
    (test,) = doctest.DocTestFinder(recurse=False).find(cls, name, globs=vars(module).copy())
    assert test.examples, name
    outcome = doctest.DocTestRunner().run(test, out=lambda _: None)
    assert outcome.attempted > 0 and outcome.failed == 0, name


def test_a_normal_is_read_by_its_percentiles_as_its_docstring_says() -> None:
    from estimator.distributions import Normal

    assert "5th and 95th percentiles" in (Normal.__doc__ or "")
    assert Normal(0, 1).mean() == 0.5


def test_the_readmes_notebook_example_shows_what_its_run_gives() -> None:
    from pathlib import Path

    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    est = estimate_containers("6,700", calibres="152mm_he", samples=10_000, seed=1)
    rounds = est.row("152mm_he", "projectile").rounds
    assert 'estimate_containers("6,700", calibres="152mm_he", samples=10_000, seed=1)' in readme
    assert f"print(rounds)   # {rounds}\n" in readme
    assert "f\"{rounds:,.0f}\"  # " + repr(f"{rounds:,.0f}") + "\n" in readme
    assert f"est             # {repr(est).split(', seed=')[0]}, seed=1, ...)" in readme
