"""The library as a researcher calls it from Python: plausible wrong arguments get the
package's own error naming the parameter, and plausible right ones (numpy numbers,
dates, quantities) work as their plain Python equivalents do."""

from __future__ import annotations

import copy
import datetime as dt
import math
import pickle
from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest

from estimator import (
    AssumptionSet,
    Catalogue,
    Engine,
    check_file,
    estimate_containers,
    estimate_days,
    estimate_port_calls,
    estimate_rail,
    estimate_shells,
    estimate_timeline,
    from_mapping,
    parse_count,
    pool,
    summarize,
)
from estimator.assumptions import AssumptionProblems
from estimator.errors import CountError, InputError
from estimator.models import lengthwise_fill, mixed_per_container, usable_rounds
from estimator.reconcile import reconcile
from estimator.sensitivity import containers_sensitivity, sensitivity
from estimator.testing import run_properties
from estimator.units import Q_, ureg

SMALL = {"samples": 200, "seed": 1}


@pytest.fixture(scope="module")
def defaults() -> AssumptionSet:
    return AssumptionSet.defaults()


# ---------------------------------------------------------------------------- numpy numbers

@pytest.mark.parametrize("n", [np.int64(6700), np.int32(6700), np.float32(6700.0)])
def test_a_count_may_be_a_numpy_number(n: object) -> None:
    assert parse_count(n) == parse_count(6700)


def test_samples_and_seed_may_be_numpy_integers(defaults: AssumptionSet) -> None:
    a = estimate_containers(6700, defaults, calibres=["152mm_he"], samples=np.int64(200),
                            seed=np.int64(1))
    b = estimate_containers(6700, defaults, calibres=["152mm_he"], **SMALL)
    assert a.rows == b.rows
    assert type(a.record.seed) is int and type(a.record.samples) is int


def test_sensitivity_takes_numpy_integers(defaults: AssumptionSet) -> None:
    def model(d):  # type: ignore[no-untyped-def]
        return {"y": 1 - d["duds.dud_rate"]}

    a = sensitivity(defaults.values(), model, "y", samples=np.int64(64), seed=np.int64(1))
    assert a == sensitivity(defaults.values(), model, "y", samples=64, seed=1)
    assert type(a.seed) is int


def test_distribution_parameters_may_be_numpy_numbers() -> None:
    assert from_mapping({"min": np.int64(1), "mode": np.float32(2), "max": 3}, "x") == \
        from_mapping({"min": 1, "mode": 2, "max": 3}, "x")


def test_engine_still_refuses_a_float_sample_count() -> None:
    with pytest.raises(InputError, match="samples"):
        Engine([], seed=1, samples=100.0)  # type: ignore[arg-type]


@pytest.mark.parametrize("n", [1e300, 1e16, np.float64(1e308)])
def test_a_count_given_as_a_number_has_the_limit_of_one_written_out(n: float) -> None:
    with pytest.raises(CountError, match=r"^count: expected a count of at most 1e\+15"):
        parse_count(n)
    with pytest.raises(CountError, match="at most 1e"):
        parse_count(f"{n:,.0f}")


# ---------------------------------------------------------------------------- assumptions, catalogue

@pytest.mark.parametrize("call", [
    lambda a: estimate_containers(6700, a, **SMALL),
    lambda a: estimate_shells("2.5M", a, **SMALL),
    lambda a: estimate_port_calls(32, a, **SMALL),
    lambda a: estimate_rail(73, a, **SMALL),
    lambda a: estimate_timeline("2023-09", "2023-10", a, **SMALL),
    lambda a: estimate_days("1M", a, **SMALL),
    lambda a: reconcile(assumptions=a, **SMALL),
    lambda a: pool(assumptions=a, **SMALL),
    lambda a: containers_sensitivity(6700, a, samples=16, seed=1),
    lambda a: check_file("mine.toml", a),
])
@pytest.mark.parametrize("wrong", ["mine.toml", Path("mine.toml"), {}])
def test_assumptions_that_are_not_an_assumption_set_are_one_error(call, wrong) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(InputError, match=r"expected an AssumptionSet, such as "
                       r"AssumptionSet.defaults\(\)"):
        call(wrong)


@pytest.mark.parametrize("call", [reconcile, pool])
def test_an_assumption_set_in_the_catalogues_place_is_one_error(call, defaults) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(InputError, match=r"^catalogue: expected a Catalogue.*\(got 'AssumptionSet'\)"):
        call(defaults, **SMALL)


# ---------------------------------------------------------------------------- one name, not a list

def test_one_calibre_or_basis_may_be_given_as_a_string(defaults: AssumptionSet) -> None:
    one = estimate_containers(6700, defaults, calibres="152mm_he", bases="complete", **SMALL)
    assert one.rows == estimate_containers(6700, defaults, calibres=["152mm_he"],
                                           bases=["complete"], **SMALL).rows
    shells = estimate_shells("2.5M", defaults, calibres="152mm_he", **SMALL)
    assert [r.calibre for r in shells.rows] == ["152mm_he"]


def test_one_claim_measure_or_period_may_be_given_as_a_string(defaults) -> None:  # type: ignore[no-untyped-def]
    rec = reconcile(claims="shin_6700_containers", measures="containers", **SMALL)
    assert [r.claim.id for r in rec.results] == ["shin_6700_containers"]
    days = estimate_days("1M", defaults, periods="consumption.jan_may_2024", **SMALL)
    assert [r.key for r in days.rows] == ["consumption.jan_may_2024"]
    p = pool(drop="nknews_6_5m_8m_rounds", **SMALL)
    assert "nknews_6_5m_8m_rounds" in [e.claim.id for e in p.excluded]


# ---------------------------------------------------------------------------- dates

def test_the_timeline_takes_datetimes_as_their_days(defaults: AssumptionSet) -> None:
    by_date = estimate_timeline(dt.date(2023, 9, 1), dt.date(2023, 11, 30), defaults, **SMALL)
    by_datetime = estimate_timeline(dt.datetime(2023, 9, 1, 12), dt.datetime(2023, 11, 30),
                                    defaults, **SMALL)
    assert by_datetime.rows == by_date.rows
    assert (by_datetime.start, by_datetime.end) == (by_date.start, by_date.end)


@pytest.mark.parametrize("since", ["2024-02", dt.date(2024, 2, 1), dt.datetime(2024, 2, 1)])
def test_reconcile_since_takes_text_dates_and_datetimes(since: object) -> None:
    rec = reconcile(since=since, measures=["containers"], **SMALL)  # type: ignore[arg-type]
    assert rec.results and all(r.claim.as_of >= dt.date(2024, 2, 1) for r in rec.results)


@pytest.mark.parametrize("since", [2024, "Feb 2024"])
def test_reconcile_since_that_is_no_date_is_one_error(since: object) -> None:
    with pytest.raises(InputError, match=r"^since: expected a date such as 2024-02"):
        reconcile(since=since, **SMALL)  # type: ignore[arg-type]


def test_pool_as_of_takes_text_dates_and_datetimes() -> None:
    every = Catalogue.defaults()
    cat = every.only(every[k] for k in ("shin_6700_containers", "nkpro_32_port_calls"))
    day = pool(cat, as_of=dt.date(2024, 2, 29), **SMALL)
    for as_of in ("2024-02", "2024-02-29", dt.datetime(2024, 2, 29, 18)):
        p = pool(cat, as_of=as_of, **SMALL)
        assert p.as_of == dt.date(2024, 2, 29)
        assert p.headline == day.headline


# ---------------------------------------------------------------------------- quantities

def test_days_take_a_period_and_a_rate_as_quantities(defaults: AssumptionSet) -> None:
    plain = estimate_days("1M", defaults, over_days=365.25, per_day=2700, **SMALL)
    q = estimate_days("1M", defaults, over_days=ureg.Quantity(1, "year"),
                      per_day=ureg.Quantity(2700, "round/day"), **SMALL)
    assert (q.over_days, q.stated_per_day) == (365.25, 2700.0)
    assert (q.per_day, q.implied_days, q.rows) == (plain.per_day, plain.implied_days, plain.rows)


@pytest.mark.parametrize(("kw", "match"), [
    ({"over_days": "365"}, r"^over_days: expected a number of days from 0.001 to 36,525 \(got '365'\)"),
    ({"over_days": ureg.Quantity(365, "kg")},
     r"^over_days: .*36,525, or a quantity of time \(got '365 kilogram'\)"),
    ({"over_days": True}, r"^over_days: expected a number of days"),
    ({"per_day": "2700"}, r"^per_day: expected a number of rounds a day"),
    ({"per_day": ureg.Quantity(27, "day")},
     r"^per_day: .*, or a quantity of rounds per time \(got '27 day'\)"),
    ({"per_day": False}, r"^per_day: expected a number of rounds a day"),
])
def test_days_refuse_a_period_or_rate_of_another_kind(kw, match, defaults) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(InputError, match=match):
        estimate_days("1M", defaults, **kw, **SMALL)


# ---------------------------------------------------------------------------- port calls: compare

def test_port_calls_compare_with_a_written_count(defaults: AssumptionSet) -> None:
    written = estimate_port_calls(32, defaults, compare=[("shin", "~6,700")], **SMALL)
    parsed = estimate_port_calls(32, defaults, compare=[("shin", parse_count("~6,700"))], **SMALL)
    assert written.compare == parsed.compare
    # one claim id where a list goes is that one claim, as one calibre or one claim id is
    one = estimate_port_calls(32, defaults, compare="shin_6700_containers", **SMALL)
    assert one.compare == estimate_port_calls(32, defaults, compare=["shin_6700_containers"],
                                              **SMALL).compare and len(one.compare) == 1


@pytest.mark.parametrize(("compare", "match"), [
    (("shin", "~6,700"), r"^compare: expected ids of claims .* or \(label, container count\) "
     r"pairs.* \(got 'shin'\)"),
    ([6700], r"^compare: expected \(label, container count\) pairs"),
    ([("shin", "6.700")], r"^compare shin: expected a number that reads one way"),
])
def test_port_calls_compare_that_is_not_pairs_of_counts_is_one_error(compare, match, defaults,
                                                                      ) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(InputError, match=match):
        estimate_port_calls(32, defaults, compare=compare, **SMALL)


# ---------------------------------------------------------------------------- Engine and own models

def _usable_share(d):  # type: ignore[no-untyped-def]
    return {"usable_share": 1 - d["duds.dud_rate"]}


def test_the_engine_and_sensitivity_take_an_assumption_set_itself(defaults: AssumptionSet) -> None:
    a = Engine(defaults, seed=1, samples=100).run(_usable_share)["usable_share"]
    b = Engine(defaults.values(), seed=1, samples=100).run(_usable_share)["usable_share"]
    assert np.array_equal(a.m, b.m)
    assert sensitivity(defaults, _usable_share, "usable_share", samples=64, seed=1) == \
        sensitivity(defaults.values(), _usable_share, "usable_share", samples=64, seed=1)


def test_engine_inputs_that_cannot_be_drawn_are_one_error() -> None:
    with pytest.raises(InputError, match=r"^inputs: expected assumptions or Input objects.*\(got 'int'\)"):
        Engine([1, 2], seed=1, samples=10)


@pytest.mark.parametrize(("model", "match"), [
    (lambda d: None, r"^model: expected a function returning its outputs by name.*\(got 'NoneType'\)"),
    (lambda d: [1 - d["duds.dud_rate"]], r"^model: expected .*\(got 'list'\)"),
    (lambda d: {"y": np.ones(3)}, r"^model output 'y': expected one value per trial \(10 in this "
                                  r"block\), or one for all \(got 'shape \(3,\)'\)"),
])
def test_a_model_that_returns_the_wrong_thing_is_one_error(model, match, defaults) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(InputError, match=match):
        Engine(defaults, seed=1, samples=10).run(model)


def test_a_model_output_the_same_in_every_trial_is_kept(defaults: AssumptionSet) -> None:
    out = Engine(defaults, seed=1, samples=10).run(lambda d: {"one": 1.0})
    assert out["one"].tolist() == [1.0] * 10


# ---------------------------------------------------------------------------- summarize

@pytest.mark.parametrize("values", [np.array([]), [], np.ones((5, 3)), np.float64(2.0),
                                    [2.0]])
def test_summarize_refuses_what_is_not_a_sample(values: object) -> None:
    # one value has no spread: its standard errors came out 0, a claim of certainty
    with pytest.raises(InputError, match=r"^values: expected a 1-D sample of 2 values or more"):
        summarize(values)  # type: ignore[arg-type]


@pytest.mark.parametrize("values", ["y", ["a", "b"], {"y": 1}])
def test_summarize_given_a_name_or_words_names_values(values: object) -> None:
    with pytest.raises(InputError, match=r"^values: expected a sample of numbers"):
        summarize(values)  # type: ignore[arg-type]


def test_a_percentile_on_a_finite_value_is_that_value_beside_an_infinite_one() -> None:
    s = summarize(np.array([1.0, 2.0, np.inf]))
    assert s.p50 == 2.0
    assert summarize(np.array([-np.inf, 1.0, 2.0])).p50 == 1.0


def test_a_sample_with_a_nan_has_no_percentiles() -> None:
    """NaN has no place in an order: a partial sort would put it last and shift every
    percentile up, quietly. A run's own summary (0/0 where a count is 0) is NaN; one
    asked of summarize is refused, saying how many."""
    from estimator.summary import summary_of

    x = np.arange(1.0, 1001.0)
    x[::10] = np.nan
    s = summary_of(x)
    assert all(math.isnan(v) for v in (s.mean, s.p5, s.p50, s.p95, s.se_p50))
    assert s.n == 1000
    with pytest.raises(InputError, match=r"^values: expected numbers, no NaN .*\(got 100 "
                       r"NaN of 1,000\)$"):
        summarize(x)
    with pytest.raises(InputError, match=r"\(got 1 NaN of 3\)$"):
        summarize(Q_(np.array([np.nan, 1.0, 2.0]), "kg"), "t")


@pytest.mark.parametrize(("unit", "match"), [
    ("m", r"^unit: expected a unit that kg converts to \(got 'm'\)$"),
    ("kgg", r"^unit: expected a unit pint knows \(got 'kgg'\)$"),
])
def test_summarize_names_a_unit_it_cannot_give(unit: str, match: str) -> None:
    with pytest.raises(InputError, match=match):
        summarize(Q_(np.arange(10.0), "kg"), unit)


def test_a_ratio_of_like_units_is_summarised_as_the_plain_number_it_is() -> None:
    """Tonnes over a round's mass in kg read 'p50 1,688 t/kg' where the rounds were 1.69
    million; asking for them in rounds was refused without saying how."""
    tonnes = Q_(np.linspace(70.0, 80.0, 101), "t")
    ratio = tonnes / Q_(43.5, "kg")
    s = summarize(ratio)
    assert s.unit == "1" and s.p50 == pytest.approx(75_000 / 43.5)
    assert summarize(Q_(np.arange(1.0, 11.0), "percent")).unit == "%"  # one unit: kept
    assert summarize(ratio, "%").p50 == pytest.approx(100 * 75_000 / 43.5)
    with pytest.raises(InputError, match=r"^unit: expected a unit that a plain number "
                       r"converts to \('%', or none\) \(got 'round'\); the values are plain "
                       r"numbers: to count them in round, multiply them by Q_\(1, 'round'\) "
                       r"first$"):
        summarize(ratio, "round")
    assert summarize(ratio * Q_(1, "round"), "round").p50 == pytest.approx(75_000 / 43.5)


@pytest.mark.parametrize("replicates", [0, -2, 3, 2.0, True, "2"])
def test_summarize_refuses_replicates_that_do_not_split_the_sample(replicates: object) -> None:
    with pytest.raises(InputError, match=r"^replicates: expected a whole number from 1 that "
                       r"divides the 10 values"):
        summarize(np.arange(10.0), replicates=replicates)  # type: ignore[arg-type]


def test_summary_figures_are_python_floats() -> None:
    s = summarize(np.random.default_rng(1).random(1000), replicates=10)
    assert all(type(getattr(s, f)) is float for f in ("mean", "p5", "p50", "p95", "se_mean",
                                                     "se_p5", "se_p50", "se_p95"))
    s = summarize(np.random.default_rng(1).random(1000))
    assert all(type(getattr(s, f)) is float for f in ("se_p5", "se_p50", "se_p95"))


# ---------------------------------------------------------------------------- estimator.testing

@pytest.mark.parametrize(("kw", "match"), [
    ({"max_examples": 0}, r"^max_examples: expected a whole number of 1 or more \(got 0\)"),
    ({"samples": 0}, r"^samples: expected a whole number of 2 or more \(got 0\)"),
    # one trial has no spread: the argument is refused, not the user's assumptions blamed
    ({"samples": 1}, r"^samples: expected a whole number of 2 or more \(got 1\)"),
    ({"names": []}, r"^names: an empty list; expected some of caps"),
    ({"percentiles": [0, 50]}, r"^percentiles: expected whole numbers from 1 to 99 \(got \[0, 50\]\)"),
])
def test_the_property_checks_refuse_bad_settings_with_the_packages_error(kw, match) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(InputError, match=match):
        run_properties(**{"names": ["usable"], **kw})


def test_one_property_may_be_given_as_a_string() -> None:
    assert [r.name for r in run_properties(names="usable", max_examples=1)] == ["usable"]


def test_an_unknown_property_is_the_packages_error() -> None:
    with pytest.raises(InputError, match=r"^names: expected some of caps, .* \(got 'nope'\)"):
        run_properties(names=["nope"])


# ---------------------------------------------------------------------------- models

@pytest.mark.parametrize(("call", "match"), [
    (lambda: usable_rounds(Q_(100, "round"), 1.5), r"^dud_rate: expected a share from 0 to 1 \(got 1.5\)"),
    (lambda: usable_rounds(Q_(100, "round"), np.array([0.2, np.nan])), r"^dud_rate: .*\(got nan\)"),
    (lambda: usable_rounds(Q_(100, "round"), Q_(-10, "percent")), r"^dud_rate: .*\(got -0.1\)"),
    (lambda: lengthwise_fill(Q_(5.89, "m"), Q_(2.34, "m"), Q_(0, "m")),
     r"^crate_length: expected a length above 0 \(got '0 m'\)"),
    (lambda: lengthwise_fill(Q_(np.array([5.89, -1.0]), "m"), Q_(2.34, "m"), Q_(3, "m")),
     r"^inside_length: expected a length above 0 \(got '-1 m'\)"),
    (lambda: mixed_per_container([Q_(400.0, "round/container")], np.array([0.5, 0.5])),
     r"^shares: expected one share per calibre \(1\) on the last axis \(got 'shape \(2,\)'\)"),
    (lambda: mixed_per_container([], np.array([])), r"^shares: expected one share per calibre \(0\)"),
])
def test_models_refuse_values_outside_their_domain(call, match) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(InputError, match=match):
        call()


def test_models_inside_their_domain_are_unchanged() -> None:
    assert float(usable_rounds(Q_(100, "round"), Q_(30, "percent")).m_as("round")) == 70.0
    assert float(usable_rounds(Q_(100, "round"), np.array([0.0, 1.0])).m_as("round")[1]) == 0.0
    assert float(lengthwise_fill(Q_(5.89, "m"), Q_(2.34, "m"), Q_(6, "m"))) == 0.0


def test_a_name_a_result_does_not_hold_is_one_error_listing_what_it_holds() -> None:
    from estimator.errors import NotFound

    est = estimate_containers("6700", calibres=["152mm_he"], samples=100, seed=1)
    with pytest.raises(KeyError, match=r"calibre/basis: expected one of 152mm_he/projectile, "
                                       r"152mm_he/complete \(got '155mm/projectile'\)"):
        est.row("155mm", "projectile")
    rec = reconcile(claims=["shin_6700_containers"], samples=100, seed=1)
    with pytest.raises(NotFound, match=r"one of shin_6700_containers \(got 'shin'\)"):
        rec.result("shin")
    s = AssumptionSet.defaults()
    sens = sensitivity([s["duds.dud_rate"]], lambda d: {"y": d["duds.dud_rate"]}, "y",
                       samples=16, seed=1)
    with pytest.raises(NotFound, match=r"key: expected one of duds\.dud_rate"):
        sens.factor("dud_rate")


def test_the_property_checks_take_numpy_whole_numbers() -> None:
    from estimator.testing import run_properties

    results = run_properties(names="usable", max_examples=np.int64(2), samples=np.int64(16),
                             percentiles=list(np.array([5, 50, 95])))
    assert [r.name for r in results] == ["usable"] and all(r.held for r in results)


def test_a_numpy_date_is_a_date() -> None:
    from estimator import estimate_timeline

    a = estimate_timeline(np.datetime64("2023-09-01"), np.datetime64("2023-12-31"),
                          samples=200, seed=1)
    b = estimate_timeline(dt.date(2023, 9, 1), dt.date(2023, 12, 31), samples=200, seed=1)
    assert [r.month for r in a.rows] == [r.month for r in b.rows]
    with pytest.raises(InputError, match=r"^start: "):
        estimate_timeline(np.datetime64("NaT"), "2023-12", samples=200, seed=1)


@pytest.mark.parametrize("count", ["0", "0-10"])
def test_rounds_per_box_do_not_depend_on_a_count_that_can_be_zero(count: str) -> None:
    """Rounds per box are a property of the boxes: none shipped still hold as many each."""
    kw = {"calibres": ["152mm_he", "mix"], **SMALL}
    zero, some = estimate_containers(count, **kw), estimate_containers("6700", **kw)
    for a, b in zip(zero.rows, some.rows, strict=True):
        x, y = a.per_container.as_dict(), b.per_container.as_dict()
        assert x.pop("unit") == y.pop("unit") == "rd/box"
        assert x == pytest.approx(y, rel=1e-12)
        assert a.per_container.p5 > 0 and a.binding == b.binding


# ---------------------------------------------------------------------------- frozen objects

def test_an_assumption_set_cannot_be_changed_in_place(defaults: AssumptionSet) -> None:
    """Its digest and the run record name what it holds: a dict changed in place would
    make both false."""
    entry = defaults["duds.dud_rate"]
    for mapping, key, value in ((defaults.entries, "duds.dud_rate", entry),
                                (defaults.labels, "duds", "x"),
                                (defaults.correlations, "x", None)):
        with pytest.raises(TypeError, match="read-only"):
            mapping[key] = value  # type: ignore[index]
        with pytest.raises(TypeError, match="read-only"):
            mapping.update({key: value})  # type: ignore[attr-defined]
    with pytest.raises(TypeError, match="read-only"):
        del defaults.entries["duds.dud_rate"]  # type: ignore[attr-defined]
    assert defaults["duds.dud_rate"] is entry
    assert hash(defaults) == hash(AssumptionSet.defaults())  # usable as a cache key
    assert copy.deepcopy(defaults) == defaults


def test_an_engines_seed_and_samples_cannot_be_changed_after_it_is_made(
        defaults: AssumptionSet) -> None:
    """A seed set on a made engine once ran the old seed's streams (mc) or neither seed's
    (lhs), while a run record made from it named the new one."""
    engine = Engine(defaults, seed=1, samples=300, method="lhs")
    for name, value in (("seed", 5), ("samples", 10), ("method", "mc"), ("block_size", 7),
                        ("replicates", 1), ("per_replicate", 3), ("workers", 1)):
        before = getattr(engine, name)
        with pytest.raises(AttributeError):
            setattr(engine, name, value)
        assert getattr(engine, name) == before
    with pytest.raises(TypeError, match="read-only"):
        engine.inputs["x"] = defaults["duds.dud_rate"]  # type: ignore[index]


def test_sets_catalogues_and_engines_print_short(defaults: AssumptionSet) -> None:
    """Printed whole, the defaults ran to 180,000 characters and the catalogue to 64,000 (a
    notebook cell; a failing property test's example printed 2,444 lines); they say what
    they are and what tells them apart."""
    src = [{"who": "a", "where": "b", "when": "2024", "says": "c"}]
    mine = defaults.with_entries({"duds": {"dud_rate": {"unit": "1", "value": 0.2,
                                                        "sources": src}}})
    engine = Engine(defaults, seed=3, samples=100)
    for obj in (defaults, mine, Catalogue.defaults(), engine):
        assert len(repr(obj)) < 600, type(obj).__name__
    assert repr(defaults).startswith(f"AssumptionSet({len(defaults)} entries, digest="
                                     f"{defaults.digest!r}")
    assert repr(mine).endswith("'<python>'], overridden=['duds.dud_rate'])")
    assert repr(Catalogue.defaults()).startswith(f"Catalogue({len(Catalogue.defaults())} claims")
    assert repr(engine) == (f"Engine({len(defaults)} inputs, seed=3, samples=100, method='mc',"
                            f" block_size={engine.block_size}, correlations=0)")


def test_type_checkers_see_every_export_and_the_precision_keyword() -> None:
    """The names imported on first use were typed ``object`` to a type checker (their
    module's ``__getattr__``), and the estimates wrapped for ``precision`` were ``Any``:
    each lazy name is imported for type checkers from the module it loads from, and each
    wrapped estimate has ``precision`` in its own annotated signature."""
    import ast
    import inspect
    import typing

    import estimator
    from estimator.logistics import estimate_days

    tree = ast.parse(Path(estimator.__file__).read_text(encoding="utf-8"))
    (block,) = [n for n in tree.body if isinstance(n, ast.If)
                and ast.unparse(n.test) == "TYPE_CHECKING"]
    typed = {a.name: n.module for n in block.body if isinstance(n, ast.ImportFrom)
             for a in n.names}
    assert typed == estimator._LAZY
    for fn in (estimate_containers, estimate_shells, estimate_timeline, estimate_port_calls,
               estimate_rail, estimate_days, reconcile):
        hints = typing.get_type_hints(fn)
        assert hints["precision"] == float | None and hints["return"] is not typing.Any, fn
        assert inspect.signature(fn).parameters["precision"].kind is \
            inspect.Parameter.KEYWORD_ONLY


@pytest.mark.parametrize(("unit", "factor"), [("kround", 1e-3), ("Mrd", 1e-6), ("round", 1.0)])
def test_a_summary_converts_to_a_unit_of_its_dimension_and_refuses_another(
        unit: str, factor: float) -> None:
    """``scaled`` relabelled a unit unchecked (rounds 'in kilograms'); ``to`` works the
    factor out and checks it, and ``quantity`` gives a figure with its unit."""
    s = summarize(np.arange(1.0, 1001.0) * 1000, "round")
    t = s.to(unit)
    for k in ("mean", "p5", "p50", "p95", "se_mean", "se_p5", "se_p50", "se_p95"):
        assert getattr(t, k) == pytest.approx(getattr(s, k) * factor, rel=1e-12)
    assert t.quantity("p50").to("round").magnitude == pytest.approx(s.p50, rel=1e-12)
    back = t.to("round")
    assert back.unit == s.unit and back.p95 == pytest.approx(s.p95, rel=1e-12)
    with pytest.raises(InputError, match=r"^unit: expected a unit of the same dimension as "
                                         r"round \(got 'kilogram'\)"):
        s.to("kg")
    with pytest.raises(InputError, match=r"^name: expected one of mean, p5"):
        s.quantity("p7")
    assert summarize(np.array([0.1, 0.2, 0.3])).to("percent").p50 == pytest.approx(20.0)


def test_result_mappings_cannot_be_changed_in_place(defaults: AssumptionSet) -> None:
    t = estimate_timeline("2023-09", "2023-10", defaults, **SMALL)
    shells = estimate_shells("2.5M", defaults, calibres="152mm_he", **SMALL)
    for mapping in (t.rows[0].cumulative, shells.rows[0].footing):
        key = next(iter(mapping))
        with pytest.raises(TypeError, match="read-only"):
            mapping[key] = None
        with pytest.raises(TypeError, match="read-only"):
            mapping.pop(key)
        plain = mapping.copy()
        plain[key] = None  # a copy is the user's to change
        assert type(plain) is dict and mapping[key] is not None


def test_a_frozen_mapping_pickles_and_copies_frozen() -> None:
    from estimator._frozen import FrozenDict

    d = FrozenDict({"a": (1, 2), "b": 3})
    for back in (pickle.loads(pickle.dumps(d)), copy.deepcopy(d), copy.copy(d)):
        assert back == {"a": (1, 2), "b": 3} and type(back) is FrozenDict
        with pytest.raises(TypeError):
            back["c"] = 1
    assert hash(d) == hash(FrozenDict({"b": 3, "a": (1, 2)}))



def test_assumption_sets_and_results_pickle_into_a_fresh_interpreter(defaults: AssumptionSet,
                                                                      tmp_path: Path) -> None:
    """For multiprocessing and joblib: pint would unpickle units into its global registry,
    which has no rounds or containers."""
    import subprocess
    import sys

    result = estimate_containers(6700, samples=500, seed=3, calibres=["152mm_he"])
    path = tmp_path / "run.pickle"
    path.write_bytes(pickle.dumps((defaults, result)))
    code = ("import pickle, sys; import numpy as np; a, r = pickle.loads(open(sys.argv[1], 'rb').read()); "
            "s = r.rows[0].rounds; m = a['munitions.152mm_he.projectile_mass']; "
            "print(a.digest, s.unit, s.p50, m.unit, m.ppf(np.array([0.5])))")
    out = subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True,
                         text=True, check=True).stdout.split()
    mass = defaults["munitions.152mm_he.projectile_mass"]
    assert out == [defaults.digest, "rd", repr(result.rows[0].rounds.p50), str(mass.unit),
                   *str(mass.ppf(np.array([0.5]))).split()]
    same, again = pickle.loads(pickle.dumps((defaults, result)))
    assert same == defaults and again.rows == result.rows and again.record == result.record


# ---------------------------------------------------------------------------- with_entries

SOURCE_ME = [{"who": "me", "where": "notebook", "when": dt.date(2026, 12, 5), "says": "what if"}]


def test_entries_from_python_override_key_by_key(defaults: AssumptionSet) -> None:
    s = defaults.with_entries({"duds": {"dud_rate": {"unit": "1", "value": np.float64(0.3),
                                                     "sources": SOURCE_ME}}})
    assert s.overridden == ("duds.dud_rate",) and s.files[-1] == "<python>"
    assert s["duds.dud_rate"].file == "<python>"
    est = estimate_containers("6700", s, calibres="152mm_he", bases="projectile", **SMALL)
    row = est.row("152mm_he", "projectile")
    assert row.usable.p50 == pytest.approx(0.7 * row.rounds.p50, rel=1e-12)
    assert est.record.assumptions_digest != defaults.digest
    again = defaults.with_entries({"duds": {"dud_rate": {"unit": "1", "value": 0.3,
                                                         "sources": SOURCE_ME}}})
    assert again.digest == s.digest  # the same entries, the same digest
    other = defaults.with_entries({"duds": {"dud_rate": {"unit": "1", "value": 0.31,
                                                         "sources": SOURCE_ME}}})
    assert other.digest != s.digest


def test_entries_from_python_list_every_problem_naming_them(defaults: AssumptionSet) -> None:
    with pytest.raises(AssumptionProblems) as info:
        defaults.with_entries({"duds": {"dud_rate": {"unit": "1", "value": 0.3}},
                               "containers": {"mass_utilisation": {
                                   "unit": "m", "value": 0.9, "sources": SOURCE_ME}}},
                              name="what-if")
    places = sorted(p.place for p in info.value.problems)
    assert places == ["<what-if>: containers.mass_utilisation.unit",
                      "<what-if>: duds.dud_rate.sources"], places
    # one except InputError catches it, as every other bad input: it reads as its first
    # problem, with a count of the rest
    err = info.value
    assert isinstance(err, InputError)
    first = err.problems[0]
    assert (err.place, err.expected, err.got) == (first.place, first.expected, first.got)
    assert str(err) == f"{first} (and 1 more problem)"


@pytest.mark.parametrize(("data", "match"), [
    ("duds.dud_rate = 0.3", r"^data: expected entries as nested mappings"),
    ({"duds": {"dud_rate": {"unit": "1", "value": object(), "sources": SOURCE_ME}}},
     r"^data: duds\.dud_rate\.value: a value of type object; expected plain data"),
    ({"duds": {"dud_rate": {"unit": "1", "value": Q_(0.3, ""), "sources": SOURCE_ME}}},
     r"^data: duds\.dud_rate\.value: a value of type Quantity; .*its unit in 'unit'"),
])
def test_entries_that_are_not_plain_mappings_are_one_error(data: object, match: str,
                                                          defaults: AssumptionSet) -> None:
    with pytest.raises(InputError, match=match):
        defaults.with_entries(data)  # type: ignore[arg-type]


def test_a_file_after_python_entries_chains_its_digest(defaults: AssumptionSet,
                                                       tmp_path: Path) -> None:
    p = tmp_path / "mine.toml"
    p.write_text('[containers.mass_utilisation]\nunit = "1"\nvalue = 0.8\n'
                 '[[containers.mass_utilisation.sources]]\nwho = "a"\nwhere = "b"\n'
                 'when = "2024"\nsays = "c"\n', encoding="utf-8")
    s = defaults.with_entries({"duds": {"dud_rate": {"unit": "1", "value": 0.3,
                                                     "sources": SOURCE_ME}}}).with_file(p)
    assert s.files[-2:] == ("<python>", str(p))
    assert s["duds.dud_rate"].describe() == "fixed 0.3"
    assert s.digest not in (defaults.digest, defaults.with_file(p).digest)


def test_the_digest_follows_a_files_content_not_its_name(defaults: AssumptionSet,
                                                         tmp_path: Path) -> None:
    """The same file saved under another name (or folder) gives the same digest; one
    changed byte, another."""
    text = ('[containers.mass_utilisation]\nunit = "1"\nvalue = 0.8\n'
            '[[containers.mass_utilisation.sources]]\nwho = "a"\nwhere = "b"\n'
            'when = "2024"\nsays = "c"\n')
    (tmp_path / "sub").mkdir()
    names = [tmp_path / "mine.toml", tmp_path / "other.toml", tmp_path / "sub" / "x.toml"]
    for p in names:
        p.write_text(text, encoding="utf-8")
    digests = {defaults.with_file(p).digest for p in names}
    assert len(digests) == 1 and defaults.digest not in digests
    names[0].write_text(text.replace("0.8", "0.7"), encoding="utf-8")
    assert defaults.with_file(names[0]).digest not in digests


def test_the_digest_follows_what_entries_hold_not_how_they_are_written(
        defaults: AssumptionSet, tmp_path: Path) -> None:
    """A key written dotted, quoted or as nested tables, a comment, spacing, a whole
    number written 1 or 1.0, a file or the same entries from Python: one digest. What an
    entry holds, changed (a value, a source's words), gives another."""
    src = 'sources = [{who = "a", where = "b", when = 2024-03-01, says = "c"}]'
    layouts = [
        f'[duds.dud_rate]\nunit = "1"\nalpha = 2\nbeta = 8\n{src}\n',
        f'["duds.dud_rate"]\nunit = "1"\nalpha = 2.0\nbeta = 8.0\n{src}\n',
        '# what if\n[duds]\n\ndud_rate = { unit = "1", alpha = 2, beta = 8, sources = '
        '[{who = "a", where = "b", when = 2024-03-01, says = "c"}] }\n',
        f'duds.dud_rate.unit = "1"   # a comment\nduds.dud_rate.alpha = 2\n'
        f'duds.dud_rate.beta = 8\nduds.dud_rate.{src}\n',
    ]
    digests = set()
    for i, text in enumerate(layouts):
        p = tmp_path / f"l{i}.toml"
        p.write_text(text, encoding="utf-8")
        s = defaults.with_file(p)
        assert s["duds.dud_rate"].describe() == defaults.with_file(tmp_path / "l0.toml")[
            "duds.dud_rate"].describe()
        digests.add(s.digest)
    source = [{"who": "a", "where": "b", "when": dt.date(2024, 3, 1), "says": "c"}]
    for data in ({"duds": {"dud_rate": {"unit": "1", "alpha": 2, "beta": 8, "sources": source}}},
                 {"duds.dud_rate": {"unit": "1", "alpha": 2.0, "beta": 8, "sources": source}}):
        digests.add(defaults.with_entries(data).digest)
    assert len(digests) == 1 and defaults.digest not in digests
    changed = [layouts[0].replace("beta = 8", "beta = 9"), layouts[0].replace('"c"', '"d"')]
    for i, text in enumerate(changed):
        p = tmp_path / f"c{i}.toml"
        p.write_text(text, encoding="utf-8")
        assert defaults.with_file(p).digest not in digests


def test_entries_with_numpy_values_are_plain(defaults: AssumptionSet) -> None:
    s = defaults.with_entries({"duds": {"dud_rate": {
        "unit": "1", "values": np.array([0.1, 0.3]), "weights": [1, 1], "sources": SOURCE_ME}}})
    assert s["duds.dud_rate"].distribution.form == "choice"


@pytest.mark.parametrize(("entry", "place", "words"), [
    ({"value": 0.3, "sources": SOURCE_ME}, "duds.dud_rate.unit", "missing; expected the unit"),
    ({"unit": "1", "pert": [0.1, 0.2, 0.3], "sources": SOURCE_ME}, "duds.dud_rate.pert",
     "pert: min = A, mode = M, max = B"),
    ({"unit": "1", "p5": 0.1, "p95": 0.3, "sources": SOURCE_ME}, "duds.dud_rate",
     'takes shape = "beta"'),
])
def test_an_entry_written_wrong_is_told_what_to_write(defaults: AssumptionSet, entry: dict,
                                                       place: str, words: str) -> None:
    with pytest.raises(AssumptionProblems) as info:
        defaults.with_entries({"duds": {"dud_rate": entry}})
    (problem,) = info.value.problems  # one problem, not one for each field left over
    assert problem.place == f"<python>: {place}" and words in str(problem), str(problem)


def test_a_key_that_moved_is_named_where_it_went(defaults: AssumptionSet) -> None:
    entry = {"unit": "round/year", "p5": 2e6, "p95": 3e6, "shape": "lognormal",
             "sources": SOURCE_ME}
    with pytest.raises(AssumptionProblems) as info:
        defaults.with_entries({"consumption": {"rusi_production_2023": entry}})
    (problem,) = info.value.problems
    assert str(problem) == ("<python>: consumption.rusi_production_2023: expected "
                            "'production.rusi_2023' (the key moved there) (got \"the key's old "
                            "name\")")


def test_a_run_record_is_frozen_all_the_way_down(tmp_path: Path) -> None:
    from estimator._frozen import FrozenDict

    s = AssumptionSet.defaults().with_file(
        Path(__file__).resolve().parent.parent / "docs" / "examples" / "correlations.toml")
    record = estimate_containers("6700", s, calibres="152mm_he", **SMALL).record
    (group,) = record.correlations
    assert type(group["keys"]) is tuple and type(group["achieved"][0]) is tuple
    assert hash(record) == hash(record)
    assert FrozenDict.fromkeys("ab", 0) == {"a": 0, "b": 0}


@pytest.mark.parametrize("call", [
    lambda: estimate_containers(6700, samples=1),
    lambda: estimate_port_calls(32, samples=1),
    lambda: pool(samples=1),
], ids=["containers", "port-calls", "pool"])
def test_one_trial_is_refused_as_the_command_line_refuses_it(call) -> None:  # type: ignore[no-untyped-def]
    """One trial gives p5 = p50 = p95 with standard errors of 0: every digit would pass
    for real."""
    with pytest.raises(InputError, match=r"^samples: expected a whole number of 2 or more "
                                         r"\(one trial has no spread\) \(got 1\)$"):
        call()


def test_no_trials_names_the_least_a_summary_needs_as_one_trial_does() -> None:
    """The engine runs one trial or more; a summary needs 2, which its error says (an
    estimate, which summarises, says 2 or more for 0 as for 1: see below)."""
    with pytest.raises(InputError, match=r"^samples: expected a whole number of 1 or more "
                                         r"\(2 or more for a summary: one trial has no "
                                         r"spread\) \(got 0\)$"):
        Engine(AssumptionSet.defaults(), seed=1, samples=0)


@pytest.mark.parametrize(("kw", "place"), [
    ({"tension_p": 2}, "tension_p"), ({"tension_p": 0}, "tension_p"),
    ({"tension_p": float("nan")}, "tension_p"), ({"min_ess": -5}, "min_ess"),
    ({"min_ess": True}, "min_ess"), ({"reporting_error": "x"}, "reporting_error"),
])
def test_pool_settings_out_of_their_domain_are_one_error(kw, place) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(InputError, match=f"^{place}: expected"):
        pool(**kw)


def test_bases_both_is_both_as_on_the_command_line_and_each_basis_counts_once() -> None:
    both = estimate_containers(6700, calibres="152mm_he", bases="both", samples=500, seed=3)
    default = estimate_containers(6700, calibres="152mm_he", samples=500, seed=3)
    assert [(r.basis, r.rounds) for r in both.rows] == [(r.basis, r.rounds) for r in default.rows]
    twice = estimate_containers(6700, calibres="152mm_he", bases=["complete", "complete"],
                                samples=500, seed=3)
    assert [r.basis for r in twice.rows] == ["complete"]
    with pytest.raises(InputError, match=r"^bases: expected one of projectile, complete, both"):
        estimate_containers(6700, bases="neither", samples=500)


@pytest.mark.parametrize("estimate", ["containers", "shells"])
def test_an_empty_list_of_calibres_is_an_error_not_all_or_none(estimate: str) -> None:
    import estimator

    fn = getattr(estimator, f"estimate_{estimate}")
    with pytest.raises(InputError, match=r"^calibres: an empty list; expected one or more of"):
        fn("6700", calibres=[], samples=100)
    assert [r.calibre for r in fn("6700", calibres=None, samples=100).rows]  # the default


@pytest.mark.parametrize("call, place", [
    (lambda: estimate_containers(6700, related="no", samples=100), "related"),
    (lambda: estimate_containers(6700, calibres=152, samples=100), "calibres"),
    (lambda: estimate_containers(6700, calibres=[152], samples=100), "calibres"),
    (lambda: estimate_containers(6700, bases=[], samples=100), "bases"),
    (lambda: estimate_rail(70, trains="yes", samples=100), "trains"),
    (lambda: estimate_days("1M", usable=1, samples=100), "usable"),
    (lambda: estimate_days("1M", periods=5, samples=100), "periods"),
    (lambda: reconcile(measures=5, samples=100), "measures"),
    (lambda: reconcile(claims=5, samples=100), "claims"),
    (lambda: pool(drop=5, samples=100), "drop"),
    (lambda: Catalogue.defaults().select(5), "ids"),
    (lambda: containers_sensitivity("6700", usable="no", samples=16), "usable"),
    (lambda: AssumptionSet.defaults().quantity_at("duds.dud_rate", 1.5), "u"),
])
def test_a_bad_argument_is_an_input_error_naming_it(call, place: str) -> None:  # type: ignore[no-untyped-def]
    """Not a bare TypeError from deep inside, nor a string such as 'no' taken as True."""
    with pytest.raises(InputError) as info:
        call()
    assert info.value.place == place


@pytest.mark.parametrize("lookup", [lambda: AssumptionSet.defaults()["nope.key"],
                                    lambda: Catalogue.defaults()["nope_claim"],
                                    lambda: AssumptionSet.defaults().quantity_at("nope.key", 0.5)])
def test_a_missing_name_is_a_key_error_that_lists_the_names(lookup) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(KeyError) as info:
        lookup()
    assert isinstance(info.value, InputError) and "expected one of " in str(info.value)
    assert "nope" in str(info.value)


@pytest.mark.parametrize("call", [lambda: check_file(5), lambda: check_file(""),
                                  lambda: AssumptionSet.defaults().with_file(None),
                                  lambda: Catalogue.defaults().with_file(5)])
def test_a_file_argument_that_is_no_path_is_an_input_error(call) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(InputError) as info:
        call()
    assert info.value.place == "path"


def test_a_count_may_be_a_quantity_of_its_unit() -> None:
    """Q_(6700, "container") is 6,700 containers, exactly as 6700 is; another dimension
    is an InputError naming the count."""
    as_number = estimate_containers(6700, calibres="152mm_he", samples=2000)
    as_quantity = estimate_containers(Q_(6700, "container"), calibres="152mm_he", samples=2000)
    assert as_quantity.rows == as_number.rows
    assert estimate_days(Q_(1e6, "round"), samples=200).rounds.low == 1e6
    with pytest.raises(InputError, match=r"^count: expected one count of containers"):
        estimate_containers(Q_(6700, "kg"), samples=100)


@pytest.mark.parametrize(("fn", "args"), [
    (estimate_shells, ("2.5M",)), (estimate_port_calls, ("32",)), (estimate_rail, ("100",)),
    (estimate_timeline, ()), (estimate_days, ("1M",)), (reconcile, ()),
])
def test_every_estimate_takes_precision_as_its_command_does(fn, args) -> None:
    import inspect

    assert "precision" in inspect.signature(fn).parameters and "precision" in fn.__doc__
    kw = {"claims": ["shin_6700_containers"]} if fn is reconcile else {}
    plain = fn(*args, samples=500, seed=2, **kw)
    precise = fn(*args, samples=500, seed=2, precision=0.01, **kw)
    assert plain.record.precision is None and precise.record.precision == 0.01
    assert precise.record.samples > plain.record.samples  # 500 cannot give 1%
    with pytest.raises(InputError, match=r"^precision: "):
        fn(*args, precision=2, **kw)


def test_port_calls_compare_takes_a_claim_id_as_the_command_does() -> None:
    by_id = estimate_port_calls(32, compare=["shin_6700_containers"], samples=1000, seed=4)
    claim = Catalogue.defaults()["shin_6700_containers"]
    by_hand = estimate_port_calls(32, compare=[("shin_6700_containers", claim.count, claim.scope)],
                                  samples=1000, seed=4)
    assert by_id.compare == by_hand.compare
    with pytest.raises(InputError, match=r"^compare: expected ids of claims that count "):
        estimate_port_calls(32, compare=["hur_1_5m_rounds"], samples=1000)


def test_a_whole_number_given_as_a_float_is_told_to_be_an_int() -> None:
    with pytest.raises(InputError, match=r"^samples: .*\(got 2000\.0\); an int: 2000, not 2000\.0$"):
        estimate_containers(6700, calibres="152mm_he", samples=2000.0)  # type: ignore[arg-type]
    with pytest.raises(InputError, match=r"\(got 2\.5\)$"):  # no hint where none fits
        estimate_containers(6700, calibres="152mm_he", samples=2.5)  # type: ignore[arg-type]


@pytest.mark.parametrize(("given", "said"), [
    ({"samples": "100"}, r"^samples: .*\(got '100'\); an int: 100, not the str '100'$"),
    ({"seed": "1"}, r"^seed: .*\(got '1'\); an int: 1, not the str '1'$"),
    ({"seed": "one"}, r"^seed: .*\(got 'one'\); an int, not a str$"),
    ({"samples": [100]}, r"^samples: .*\(got \[100\]\); an int, not a list$"),
])
def test_a_whole_number_of_another_type_is_told_to_be_an_int(given: dict, said: str) -> None:
    """'samples: expected a whole number of 2 or more (got '100')' read as false: '100'
    is 2 or more. The type is what is wrong, as for 2000.0."""
    with pytest.raises(InputError, match=said):
        estimate_containers(6700, calibres="152mm_he", **given)


def test_every_public_name_resolves_and_the_errors_research_code_catches_are_there() -> None:
    """``from estimator import X`` for every name in ``__all__`` (the lazy ones too); the
    errors a notebook catches (every problem of a file; an unknown key) are among them."""
    import estimator

    for name in estimator.__all__:
        assert getattr(estimator, name) is not None, name
    assert estimator.AssumptionProblems is AssumptionProblems
    assert issubclass(estimator.NotFound, KeyError) and issubclass(estimator.NotFound,
                                                                   InputError)


@pytest.mark.parametrize("call, place", [
    (lambda: estimate_days("1M", over_days=np.timedelta64(365, "D"), samples=100), "over_days"),
    (lambda: estimate_containers(6700, samples=np.timedelta64(100, "D")), "samples"),
    (lambda: estimate_containers(6700, seed=np.timedelta64(1, "D"), samples=100), "seed"),
    (lambda: estimate_containers(np.timedelta64(6700, "D"), samples=100), "count"),
])
def test_a_numpy_duration_is_not_taken_for_a_number(call, place) -> None:
    """numpy.timedelta64 passes for a whole number in Python's number classes: it raised
    a TypeError or an OverflowError from deep inside."""
    with pytest.raises(InputError) as err:
        call()
    assert err.value.place == place


@pytest.mark.parametrize("call, place", [
    (lambda: reconcile(claims=[], samples=100), "claims"),
    (lambda: reconcile(measures=[], samples=100), "measures"),
    (lambda: estimate_days("1M", periods=[], samples=100), "periods"),
])
def test_an_empty_filter_is_an_error_not_everything(call, place) -> None:
    """A filter built in code that came out empty ran on every claim or rate."""
    with pytest.raises(InputError, match="an empty list") as err:
        call()
    assert err.value.place == place


def test_compare_takes_none_and_each_claim_once() -> None:
    from estimator import estimate_port_calls

    assert estimate_port_calls(32, compare=None, samples=100).compare == ()
    twice = estimate_port_calls(32, compare=["shin_6700_containers"] * 2, samples=100)
    assert len(twice.compare) == 1


@pytest.mark.parametrize("call, place", [
    (lambda: estimate_days("1M", over_days=Fraction(1, 10**9), samples=100), "over_days"),
    (lambda: estimate_days("1M", over_days=10**400, samples=100), "over_days"),
    (lambda: parse_count(10**400, "--count"), "--count"),
    (lambda: pool(reporting_error=10**400, samples=100), "reporting_error"),
    (lambda: pool(weights=5, samples=100), "weights"),
    (lambda: pool(weights=[("hur_1_5m_rounds", Fraction(1, 2)), ("hur_1_5m_rounds", 1)],
                  samples=100), "weights"),
    (lambda: pool(weights=[("hur_1_5m_rounds", np.array([1.0, 2.0]))] * 2, samples=100),
     "weights"),
])
def test_fractions_huge_ints_and_arrays_are_input_errors(call, place) -> None:  # type: ignore[no-untyped-def]
    """A Fraction echoed in a message, an int past any float, an array weight given twice:
    each escaped as a TypeError, OverflowError or ValueError."""
    with pytest.raises(InputError) as err:
        call()
    assert err.value.place == place


def test_compare_takes_a_numpy_array_of_ids() -> None:
    from estimator import estimate_port_calls

    ids = np.array(["shin_6700_containers", "mnd_2000_containers"])
    assert len(estimate_port_calls("30", compare=ids, samples=100).compare) == 2


# ---------------------------------------------------------------------------- a notebook's edge cases

def test_compare_refuses_one_label_for_two_counts_and_takes_a_quantity() -> None:
    # two counts under one label shared one input: both rows showed the second's figure
    for compare in ([("a", "3200"), ("a", "6400")],
                    ["shin_6700_containers", ("shin_6700_containers", "20000")]):
        with pytest.raises(InputError, match=r"^compare: expected each label once"):
            estimate_port_calls("32", compare=compare, **SMALL)
    by_text = estimate_port_calls("32", compare=[("x", "6700")], **SMALL)
    by_quantity = estimate_port_calls("32", compare=[("x", Q_(6700, "container"))], **SMALL)
    assert by_quantity.compare[0][1] == by_text.compare[0][1]
    both = estimate_port_calls("32", compare=[("a", "3200"), ("b", "6400")], **SMALL)
    assert both.compare[0][1].p50 == pytest.approx(both.compare[1][1].p50 / 2, rel=1e-9)


def test_draws_answer_membership_without_drawing() -> None:
    from estimator import Input
    from estimator.distributions import Uniform

    seen = {}

    def model(d):  # type: ignore[no-untyped-def]
        seen["in"] = ("a" in d, "b" in d)
        seen["get"] = d.get("b", "none")
        seen["used"] = d.used
        return {"y": d["a"]}

    Engine([Input("a", Uniform(0.0, 1.0), "kg")], seed=1, samples=4).run(model)
    assert seen == {"in": (True, False), "get": "none", "used": ()}


@pytest.mark.parametrize(("rank", "expected"), [
    (((1.0,),), "a 2 x 2 matrix"),
    (((1.0, 0.9), (-0.5, 1.0)), "a symmetric matrix"),
    (((1.0, 1.5), (1.5, 1.0)), r"rank correlations in \[-1, 1\]"),
    (((1.0, 1.0 - 1e-12), (1.0 - 1e-12, 1.0)), "rank correlations strictly between -1 and 1"),
])
def test_a_correlation_built_in_python_is_checked_as_a_files(rank, expected) -> None:  # type: ignore[no-untyped-def]
    from estimator.correlations import Correlation

    with pytest.raises(InputError, match=r"^correlations\.g\.rank: expected " + expected):
        Correlation("g", ("a", "b"), rank, ())
    # lists are read as rows too, and kept as tuples
    assert Correlation("g", ["a", "b"], [[1.0, 0.5], [0.5, 1.0]], ()).rank == \
        ((1.0, 0.5), (0.5, 1.0))


def test_the_engine_refuses_two_inputs_of_one_key() -> None:
    from estimator import Input
    from estimator.distributions import Fixed, Uniform

    with pytest.raises(InputError, match=r"^inputs: expected each key once \(got \"'a' twice\"\)"):
        Engine([Input("a", Uniform(0.0, 1.0), "kg"), Input("a", Fixed(5.0), "kg")], seed=1,
               samples=3)


def test_an_assumption_set_edited_with_replace_changes_its_digest(defaults) -> None:  # type: ignore[no-untyped-def]
    import dataclasses

    from estimator.distributions import Fixed

    a = defaults["duds.dud_rate"]

    def edited() -> AssumptionSet:
        return dataclasses.replace(defaults, entries={
            **defaults.entries, "duds.dud_rate": dataclasses.replace(a, distribution=Fixed(0.9))})

    assert edited().digest != defaults.digest
    assert edited().digest == edited().digest  # the same edit, the same digest
    other = dataclasses.replace(defaults, entries={
        **defaults.entries, "duds.dud_rate": dataclasses.replace(a, distribution=Fixed(0.1))})
    assert other.digest not in (edited().digest, defaults.digest)  # two edits, two digests
    assert dataclasses.replace(defaults).digest == defaults.digest  # no edit, none
    copied = pickle.loads(pickle.dumps(defaults))
    assert dataclasses.replace(copied).digest == defaults.digest
    est = estimate_containers(6700, edited(), calibres=["152mm_he"], **SMALL)
    assert est.record.assumptions_digest == edited().digest


def test_a_numpy_month_is_read_as_the_month_written_out() -> None:
    from estimator.logistics import as_date

    assert as_date(np.datetime64("2023-12"), "to", last=True) == dt.date(2023, 12, 31)
    assert as_date(np.datetime64("2023-12"), "from") == dt.date(2023, 12, 1)
    assert as_date(np.datetime64("2023-12-05"), "to", last=True) == dt.date(2023, 12, 5)
    a = estimate_timeline("2023-09", np.datetime64("2023-12"), samples=50, seed=1)
    b = estimate_timeline("2023-09", "2023-12", samples=50, seed=1)
    assert a.end == b.end


def test_choice_and_mixture_take_lists() -> None:
    from estimator import Input
    from estimator.distributions import Choice, Dirichlet, Fixed, Mixture

    m = Mixture(["lo", "hi"], [1, 1], [Fixed(1.0), Choice([1.0, 2.0], [1, 1])])
    out = Engine([Input("m", m, "t")], seed=1, samples=50).run(lambda d: {"m": d["m"]})["m"]
    assert set(np.unique(out.magnitude)) <= {1.0, 2.0}
    assert isinstance(m.parts, tuple) and isinstance(m.parts[1].values, tuple)
    assert Dirichlet(["a", "b"], np.array([1.0, 2.0])).alpha == (1.0, 2.0)


def test_a_mix_has_no_single_quantile(defaults) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(InputError, match=r"^key: expected an entry of one value a trial"):
        defaults.quantity_at("mix.calibre_share", 0.5)
    with pytest.raises(InputError, match=r"^u: expected uniforms of shape \(trials, 8\)"):
        defaults["mix.calibre_share"].ppf(np.array([0.5]))


def test_a_count_given_as_a_number_is_written_out_in_full() -> None:
    assert parse_count(1234567).text == "1234567"
    assert parse_count(0.5).text == "0.5"
    assert parse_count(np.float64(2.5e6)).text == "2500000"


@pytest.mark.parametrize("value", [np.timedelta64(3), np.timedelta64(6700, "ns"),
                                   np.datetime64(5, "ns")])
def test_numpy_durations_and_dates_are_no_counts(value: object) -> None:
    with pytest.raises(CountError, match=r"^count: expected a count .* \(got 'a numpy "):
        parse_count(value)


def test_assumption_files_may_be_loaded_by_their_names() -> None:
    from estimator.assumptions import DEFAULT_FILES, defaults_dir

    files = [str(defaults_dir() / name) for name in DEFAULT_FILES]  # text, not Path objects
    assert AssumptionSet.load(files).keys() == AssumptionSet.defaults().keys()
    with pytest.raises(InputError, match=r"^paths: expected a list of files' paths"):
        AssumptionSet.load(files[0])  # type: ignore[arg-type]


def test_model_shares_and_shapes_are_checked() -> None:
    rounds = Q_(np.array([100.0, 200.0]), "round")
    assert usable_rounds(rounds, np.float32(0.5)).m_as("round").tolist() == [50.0, 100.0]
    with pytest.raises(InputError, match=r"^dud_rate: expected a quantity of fraction"):
        usable_rounds(rounds, True)  # type: ignore[arg-type]
    with pytest.raises(InputError, match=r"^inside_width: expected a length of 0 or more"):
        lengthwise_fill(Q_(5.89, "m"), Q_(float("nan"), "m"), Q_(3.1, "m"))
    with pytest.raises(InputError, match=r"^per_calibre\[0\]: expected a rounds per container"):
        mixed_per_container([Q_(-4.0, "round/container"), Q_(80.0, "round/container")],
                            np.array([0.5, 0.5]))
    from estimator.models import container_capacity

    with pytest.raises(InputError, match=r"^payload_limit, mass_utilisation, .*: expected "
                       r"values of one shape"):
        container_capacity(Q_(np.ones(3), "t"), np.full(2, 0.9), Q_(33.0, "m^3"), 0.75)
    from estimator.models import rounds_per_container

    per_box = (Q_(np.full(4, 20.0), "t/container"), Q_(np.full(4, 30.0), "m^3/container"))
    with pytest.raises(InputError) as err:  # once numpy's broadcasting message
        rounds_per_container(*per_box, Q_(np.full(3, 45.0), "kg"), Q_(np.full(4, 0.05), "m^3"))
    assert str(err.value) == ("payload, usable_volume, round_mass, round_volume: expected "
                              "values of one shape (one value, or one a trial) (got "
                              "round_mass (3,) beside (4,))")


def test_a_quantity_of_pints_own_registry_is_read_in_the_packages() -> None:
    """A quantity made with pint's own registry was pint's 'different registries' error,
    naming no argument; read again in the package's registry, it works, and a unit only
    the other registry knows is an error naming the argument."""
    import pint

    from estimator.models import rounds_per_container

    theirs = pint.UnitRegistry()
    per_box = (Q_(20.0, "t/container"), Q_(30.0, "m^3/container"))
    mine = rounds_per_container(*per_box, Q_(45.0, "kg"), Q_(0.05, "m^3"))[0]
    got = rounds_per_container(*per_box, theirs.Quantity(45.0, "kg"), Q_(0.05, "m^3"))[0]
    assert got.m_as("round/container") == mine.m_as("round/container")
    theirs.define("wug = 3 kg")
    with pytest.raises(InputError, match=r"^round_mass: expected a quantity of mass in a unit "
                       r"this package knows \(got 'wug'\)"):
        rounds_per_container(*per_box, theirs.Quantity(15.0, "wug"), Q_(0.05, "m^3"))


def test_lazily_imported_names_are_listed_for_completion() -> None:
    import estimator

    assert {"pool", "Catalogue", "estimate_days"} <= set(dir(estimator))


@pytest.mark.parametrize(("call", "match"), [
    (lambda: summarize(np.ma.masked_array([1.0, 2.0, 3.0, 1e9], [0, 0, 0, 1])),
     r"^values: expected a plain array \(a masked one's values without the mask"),
    (lambda: summarize(np.arange(10.0) + 1j), r"^values: expected real numbers"),
    (lambda: summarize(Q_(np.arange(10.0), "kg"), 5), r"^unit: expected a unit's name"),
    (lambda: summarize(np.arange(10.0), 5), r"^unit: expected a unit's name"),
    (lambda: from_mapping({"alpha": [1, 2]}, "x"), r"^x: missing; expected 'categories' "
     r"beside 'alpha'"),
    (lambda: from_mapping(None, "x"), r"^x: expected a table of a distribution's keys"),
    (lambda: pool(weights=["hur_1_5m_rounds"], samples=100),
     r"^weights: expected \(id, weight\) pairs \(got \('hur_1_5m_rounds',\)\)"),
    (lambda: pool(weights=[("hur_1_5m_rounds", math.nan), ("hur_1_5m_rounds", 3)], samples=100),
     r"^weights: expected a weight from 0 to 10 for hur_1_5m_rounds \(1 counts .*\) "
     r"\(got nan\)"),
    (lambda: pool(weights="hur_1_5m_rounds", samples=100),
     r"^weights: expected a mapping of claim id to weight, or \(id, weight\) pairs"),
    (lambda: containers_sensitivity("6700", calibre=["152mm_he"]),
     r"^calibre: expected one calibre's id"),
])
def test_more_wrong_arguments_get_the_packages_error(call, match) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(InputError, match=match):
        call()


def test_a_beta_interval_built_in_python_is_checked_as_a_files() -> None:
    from estimator.distributions import Beta

    with pytest.raises(InputError, match=r"^Beta: expected p5 below p95"):
        Beta.from_interval(0.5, 0.2)
    assert Beta.from_interval(0.2, 0.5) == from_mapping({"p5": 0.2, "p95": 0.5, "shape": "beta"},
                                                        "x")


def test_sensitivity_of_one_input_gets_the_engines_error() -> None:
    from estimator import Input
    from estimator.distributions import Uniform

    with pytest.raises(InputError, match=r"^inputs: expected a list of assumptions"):
        sensitivity(Input("a", Uniform(0.0, 1.0), "kg"), lambda d: {"y": d["a"]}, "y",
                    samples=64)
    assert summarize(Q_(np.arange(10.0), "kg"), ureg.g).p50 == pytest.approx(4500.0)


@pytest.mark.parametrize("raw", [{"low": -1e308, "high": 1e308},
                                 {"min": -1e308, "mode": 0.0, "max": 1e308},
                                 {"p5": -1e308, "p95": 1e308, "shape": "normal"}])
def test_a_spread_past_the_largest_float_is_refused(raw) -> None:  # type: ignore[no-untyped-def]
    # -1e308 to 1e308 spans more than a float holds: a uniform's median came out inf
    with pytest.raises(InputError, match=r"expected (high - low at most|max - min at most|p5 "
                       r"and p95 whose tails).* the largest float"):
        from_mapping(raw, "x")
    if raw.get("shape") == "normal":  # its tails, 2.5 spreads beyond: -8e307 to 8e307 too
        with pytest.raises(InputError, match=r"whose tails"):
            from_mapping({**raw, "p5": -8e307, "p95": 8e307}, "x")
    d = from_mapping({k: (v / 1e8 if isinstance(v, float) else v) for k, v in raw.items()},
                     "x")
    assert np.all(np.isfinite(d.ppf(np.array([1e-12, 0.5, 1 - 1e-12]))))


def test_a_choice_of_weight_zero_is_outside_its_support() -> None:
    from estimator.distributions import Choice

    assert Choice((1.0, 2.0), (0, 1)).support() == (2.0, 2.0)


@pytest.mark.parametrize(("call", "place", "option"), [
    (lambda: estimate_containers("6700", calibres="155mm", samples=10), "calibres",
     ["containers", "--count", "6700", "--calibre", "155mm"]),
    (lambda: estimate_containers("-5", samples=10), "count",
     None),  # the command line reads its counts itself (tests/test_counts.py)
    (lambda: estimate_port_calls("32", ship="titanic", samples=10), "ship",
     ["port-calls", "--count", "32", "--ship", "titanic"]),
    (lambda: estimate_timeline("2019-01", samples=10), "start",
     ["timeline", "--from", "2019-01"]),
    (lambda: estimate_timeline("2024-05", "2024-04", samples=10), "end",
     ["timeline", "--from", "2024-05", "--to", "2024-04"]),
    (lambda: estimate_days("1M", periods=["nope"], samples=10), "periods",
     ["days", "--rounds", "1M", "--period", "nope"]),
    (lambda: reconcile(claims=["nope"], samples=10), "claims",
     ["reconcile", "--claim", "nope"]),
    (lambda: reconcile(measures="missiles", claims=["hur_1_5m_rounds"], samples=10),
     "claims/measures/since",
     ["reconcile", "--measure", "missiles", "--claim", "hur_1_5m_rounds"]),
    (lambda: reconcile(measures="tonnes", since="2026-01", samples=10), "since",
     ["reconcile", "--measure", "tonnes", "--since", "2026-01"]),
    (lambda: Catalogue.defaults().select(["nope"]), "ids", None),
    (lambda: pool(drop=["nope"], samples=10), "drop",
     ["reconcile", "--pooled", "--drop", "nope"]),
    (lambda: pool(known_by="2020-01", samples=10), "known_by",
     ["reconcile", "--pooled", "--known-by", "2020-01"]),
])
def test_an_error_names_the_argument_in_python_and_the_option_on_the_command_line(
        call, place: str, option: list[str] | None,  # type: ignore[no-untyped-def]
        capsys: pytest.CaptureFixture[str]) -> None:
    """The same mistake names what each caller wrote: ``calibres`` in Python,
    ``--calibre`` on the command line, with the same expectation after it."""
    from clirun import run

    from estimator.cli import _option_place

    with pytest.raises(InputError) as info:
        call()
    assert info.value.place == place
    assert str(info.value).startswith(f"{place}: expected ")
    if option is None:
        return
    code, _, err = run(option, capsys)
    named = _option_place(place)
    assert code == 2 and named.startswith("--")
    assert err.strip() == f"error: {named}: " + str(info.value).split(": ", 1)[1]


def test_every_library_place_the_command_line_renames_is_one_of_its_options() -> None:
    import typer

    from estimator.cli import _OPTIONS, _option_place, app

    group = typer.main.get_command(app)
    options = {o for c in group.commands.values()  # type: ignore[attr-defined]
               for cmd in [c, *getattr(c, "commands", {}).values()]
               for p in cmd.params for o in p.opts}
    assert set(_OPTIONS.values()) <= options
    assert _option_place("ids/measures/since") == "--claim/--measure/--since"
    for kept in ("munitions.toml: munitions.152mm_he.projectile_mass", "--weight",
                 "tension_p", "calibres/nope"):  # a file and key, an option, no option
        assert _option_place(kept) == kept


def test_a_model_that_is_no_function_or_gives_no_outputs_is_one_error() -> None:
    from estimator.sensitivity import sensitivity

    s = AssumptionSet.defaults()
    for call in (lambda: Engine(s, seed=1, samples=10).run(5),
                 lambda: sensitivity(s, 5, "y")):
        with pytest.raises(InputError, match=r"^model: expected a function of the draws.* "
                                             r"\(got 'int'\)$"):
            call()
    for bad, kind in (((1, 2), "tuple"), (None, "NoneType")):  # what it gives, not reads
        with pytest.raises(InputError, match=rf"^model: expected a function returning its "
                                             rf"outputs by name .*\(got '{kind}'\)$"):
            sensitivity(s, lambda d, bad=bad: bad, "y")


def test_a_summary_of_a_run_takes_one_value_a_trial() -> None:
    s = AssumptionSet.defaults()
    out = Engine(s, seed=1, samples=1000, method="sobol").run(
        lambda d: {"y": d["duds.dud_rate"]})
    assert out.summarize(out["y"], "").p5 < out.summarize(out["y"], "").p95
    # 1,000 asked are 1,024 run (a power of two): 1,000 values would have been summarised
    # with errors from 8 replicates they do not come from
    for values, got in ((np.ones(5), "5 values"), (np.arange(1000.0), "1,000 values"),
                        (np.float64(3.0), "one value"), (out["y"][:1], "1 values")):
        with pytest.raises(InputError, match=rf"^values: expected 1,024 values, one a trial "
                                             rf"of this run \(got {got}\)$"):
            out.summarize(values, "")


@pytest.mark.parametrize("samples", [0, 1, -3, 2.5, True, "5"])
def test_every_estimate_refuses_fewer_than_two_samples_alike(samples: object) -> None:
    for call in (lambda: estimate_containers("6700", samples=samples),
                 lambda: estimate_days("1M", samples=samples),
                 lambda: estimate_timeline("2023-09", "2023-10", samples=samples)):
        with pytest.raises(InputError) as info:
            call()
        assert str(info.value).startswith("samples: expected a whole number of 2 or more "
                                          "(one trial has no spread)")


def test_entries_with_values_no_file_could_hold_list_each_as_a_problem() -> None:
    with pytest.raises(AssumptionProblems) as info:
        AssumptionSet.defaults().with_entries({
            "duds": {"dud_rate": {"unit": "1", "value": Q_(0.3, ""), "sources": []}},
            "extra": {"x": {"unit": "1", "value": 2j}}})
    assert [str(p).split(";")[0] for p in info.value.problems] == [
        "data: duds.dud_rate.value: a value of type Quantity",
        "data: extra.x.value: a value of type complex"]
    # keys a file could not hold too, each beside its siblings' values, and at the top
    with pytest.raises(AssumptionProblems) as info:
        AssumptionSet.defaults().with_entries({"duds": {(1, 2): 3, "x": {1}}})
    assert [str(p).split(";")[0] for p in info.value.problems] == [
        "data: duds: a key of type tuple ((1, 2))", "data: duds.x: a value of type set"]
    with pytest.raises(AssumptionProblems, match=r"^data: a key of type tuple"):
        AssumptionSet.defaults().with_entries({(1, 2): 3})


def test_a_count_may_be_given_in_every_form_its_type_names() -> None:
    """``CountLike``, the type of every estimate's count: text, any real number (numpy's
    and Decimal's too), a quantity of the count's unit, or a Count."""
    import typing
    from decimal import Decimal

    from estimator.counts import Count, CountLike

    forms = typing.get_args(CountLike)
    for value in ("6,700", 6700, 6700.0, np.int64(6700), Decimal(6700),
                  Q_(6700, "container"), parse_count("6700")):
        assert isinstance(value, forms)
        assert estimate_containers(value, calibres="152mm_he", samples=100).count.low == 6700
    for fn in (estimate_containers, estimate_port_calls, estimate_rail, estimate_shells):
        hints = typing.get_type_hints(fn)
        assert typing.get_args(hints["count"]) == forms, fn.__name__
    assert Count in forms


def test_a_calibre_is_named_in_any_case_and_given_back_as_the_file_names_it() -> None:
    est = estimate_containers("6700", calibres=["152MM_HE", "Mix", "152mm_he"],
                              bases="projectile", samples=200, seed=1)
    assert [r.calibre for r in est.rows] == ["152mm_he", "mix"]
    with pytest.raises(InputError, match=r"^calibres: expected one of .* \(got '155MM'\)"):
        estimate_containers("6700", calibres="155MM", samples=200)
    # two calibres that differ only in case: a name in a third case could be either
    from estimator.estimates import resolve_calibres

    with pytest.raises(InputError, match=r"\(got 'He_A'\)"):
        resolve_calibres("He_A", ["he_a", "HE_A"])
    assert resolve_calibres(["HE_A", "he_a"], ["he_a", "HE_A"]) == ["HE_A", "he_a"]


def test_a_sensitivity_gives_the_outputs_own_median_beside_its_base() -> None:
    """The base (every input at its median) is where the swings start, not the estimate:
    for the calibre mix the two differ by a tenth; the median is the run's."""
    rep = containers_sensitivity("6700", samples=1024, seed=1)
    est = estimate_containers("6700", calibres="mix", bases="complete", samples=20_000, seed=1)
    run = est.row("mix", "complete").rounds.p50
    assert abs(rep.result.median / run - 1) < 0.03
    assert rep.result.base / run - 1 > 0.05


def test_a_quantity_of_the_wrong_unit_is_named_as_the_call_wrote_it() -> None:
    """pint's short symbols ('box' for container, 'rd' for round, '' for dimensionless)
    are not what a caller typed: errors show the long names, with the value."""
    with pytest.raises(InputError, match=r"a quantity in port_call\) \(got '10 container'\)$"):
        estimate_port_calls(Q_(10, "container"), samples=100)
    with pytest.raises(InputError, match=r"quantity of time \(got '30 dimensionless'\)$"):
        estimate_days("1M", over_days=Q_(30, ""), samples=100)
    s = summarize(np.arange(1.0, 101.0), "round")
    with pytest.raises(InputError, match=r"same dimension as round \(got 'container'\)$"):
        s.to("container")


def test_a_call_that_does_not_fit_an_estimates_signature_fails_as_python_says() -> None:
    """The samples check binds the arguments first: a call that does not bind is the
    function's own TypeError, which names the function."""
    with pytest.raises(TypeError, match=r"estimate_containers\(\) missing 1 required"):
        estimate_containers()  # type: ignore[call-arg]
    with pytest.raises(TypeError, match=r"estimate_containers\(\) got an unexpected keyword "
                                        r"argument 'sample'"):
        estimate_containers("6700", sample=100)  # type: ignore[call-arg]


def test_every_choice_is_taken_in_any_case_by_one_rule() -> None:
    """ship="Angara", method="MC" and est.row("152mm_he", "Complete") were refused where
    bases="Complete" and the command line's -m MC were taken: one rule (errors.one_of)
    serves every choice, and gives back the name as the tool spells it."""
    est = estimate_containers("6700", calibres="152mm_he", samples=200, seed=1, method="MC")
    assert est.record.method == "mc"
    assert est.row("152MM_HE", "Complete") is est.row("152mm_he", "complete")
    assert est.row("152mm_he", "PROJECTILE").basis == "projectile"
    upper = estimate_port_calls("11", ship="Angara", samples=200, seed=1)
    lower = estimate_port_calls("11", ship="angara", samples=200, seed=1)
    assert upper.label == lower.label and "angara" in lower.label
    assert upper.footing["containers"].p50 == lower.footing["containers"].p50
    assert est.rows[0].rounds.quantity("P50") == est.rows[0].rounds.quantity("p50")
    with pytest.raises(InputError, match=r"^ship: expected one of .* \(got 'angra'\); did "
                       r"you mean 'angara'\?$"):
        estimate_port_calls("11", ship="angra", samples=200)
    with pytest.raises(InputError, match=r"^method: expected one of mc, lhs, sobol \(got "
                       r"'sobel'\); did you mean 'sobol'\?$"):
        estimate_containers("6700", samples=200, method="sobel")
