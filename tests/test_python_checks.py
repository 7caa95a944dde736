"""What research code builds by hand (engines, inputs, distributions, model calls) is
checked as the files and the command line are: one InputError naming the parameter,
never a silently wrong run or a bare numpy, pint or math error."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from estimator import AssumptionSet, Engine, estimate_containers
from estimator.correlations import Correlation, rank_correlation
from estimator.distributions import Beta, Choice, Dirichlet, Fixed, Mixture, Uniform
from estimator.engine import Input
from estimator.errors import InputError
from estimator.models import (
    container_capacity,
    mixed_per_container,
    rounds_per_container,
    usable_rounds,
)
from estimator.sensitivity import containers_sensitivity, sensitivity
from estimator.units import Q_, ureg
from tests.clirun import run

ME = [{"who": "me", "where": "notebook", "when": "2026-12-06", "says": "what if"}]


def group(name: str, keys: list[str], rank: float) -> Correlation:
    return Correlation.from_mapping(name, {"keys": keys, "rank": rank, "sources": ME}, "")


XYZ = [Input(k, Uniform(0.0, 1.0), ureg.kg) for k in "xyz"]


def both(d):
    return {k: d[k] for k in "xyz"}


# ---------------------------------------------------------------- correlations given


def test_a_key_in_two_groups_given_is_refused() -> None:
    """The later group used to win silently while the run record called the earlier one
    achieved."""
    with pytest.raises(InputError) as info:
        Engine(XYZ, seed=1, samples=10,
               correlations=[group("g1", ["x", "y"], 0.9), group("g2", ["y", "z"], -0.9)])
    assert str(info.value) == ("correlations: expected each key in one group only "
                               "(correlations.g2.keys) (got 'y, also in g1')")


def test_a_group_naming_no_input_is_refused_not_dropped() -> None:
    with pytest.raises(InputError, match=r"^correlations: expected keys of the inputs "
                                         r"\(correlations.g.keys\) \(got 'yy'\)$"):
        Engine(XYZ, seed=1, samples=10, correlations=[group("g", ["x", "yy"], 0.9)])


def test_a_fixed_input_cannot_be_correlated() -> None:
    inputs = [*XYZ[:2], Input("f", Fixed(3.0), ureg.kg)]
    with pytest.raises(InputError, match="inputs that vary"):
        Engine(inputs, seed=1, samples=10, correlations=[group("g", ["x", "f"], 0.5)])


def test_groups_may_be_given_as_a_mapping_or_a_list() -> None:
    g = group("g", ["x", "y"], 0.8)
    runs = [Engine(XYZ, seed=3, samples=20_000, correlations=c).run(both)
            for c in ([g], {"g": g}, (g,))]
    for r in runs[1:]:
        assert np.array_equal(r["y"].m, runs[0]["y"].m)
    rho = rank_correlation(np.column_stack([runs[0]["x"].m, runs[0]["y"].m]))[0, 1]
    assert abs(rho - 0.8) < 0.02


def test_an_assumption_sets_correlations_mapping_is_taken_whole() -> None:
    s = AssumptionSet.defaults().with_entries({"correlations": {"pair": {
        "keys": ["munitions.152mm_he.complete_mass", "munitions.152mm_he.complete_volume"],
        "rank": 0.6, "sources": ME}}})
    e = Engine(list(s.values()), seed=1, samples=10, correlations=s.correlations)
    assert [g.name for g in e.correlations] == ["pair"]


def test_a_group_name_instead_of_a_group_is_one_error() -> None:
    with pytest.raises(InputError, match=r"^correlations: expected Correlation objects .* "
                                         r"\(got 'str'\)$"):
        Engine(XYZ, seed=1, samples=10, correlations=["g1"])


def test_one_input_where_a_list_is_wanted() -> None:
    with pytest.raises(InputError, match=r"^inputs: expected a list of assumptions or Input "
                                         r"objects \(got 'one Uniform'\)$"):
        Engine(Uniform(0.0, 1.0), seed=1, samples=10)  # type: ignore[arg-type]


# -------------------------------------------------------------------------- inputs


def test_an_inputs_unit_is_checked_when_it_is_made_and_may_be_text() -> None:
    with pytest.raises(InputError, match=r"^Input 'y': unit: expected a unit pint knows"):
        Input("y", Uniform(0.0, 1.0), "kgz")  # type: ignore[arg-type]
    assert Input("y", Uniform(0.0, 1.0), "t").unit == ureg.t  # type: ignore[arg-type]
    with pytest.raises(InputError, match=r"^Input 'y': distribution: expected a distribution"):
        Input("y", 3.0, ureg.kg)  # type: ignore[arg-type]


# ------------------------------------------------------------------------ bases


def test_basis_both_where_one_basis_is_wanted_says_which_are() -> None:
    for call, name in ((lambda: containers_sensitivity("6700", basis="both", samples=16), "basis"),
                       (lambda: estimate_containers(6700, bases=["projectile", "both"],
                                                    samples=10), "bases")):
        with pytest.raises(InputError) as info:
            call()
        assert str(info.value) == f"{name}: expected one of projectile, complete (got 'both')"
    with pytest.raises(InputError, match=r"one of projectile, complete, both \(got 'x'\)$"):
        estimate_containers(6700, bases="x", samples=10)


def test_the_command_line_says_the_same(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(["sensitivity", "containers", "--count", "6700", "--basis", "both"],
                         capsys)
    assert (code, out) == (2, "")
    assert err == "error: --basis: expected one of projectile, complete (got 'both')\n"


# -------------------------------------------------------------- distributions by hand


@pytest.mark.parametrize(("make", "message"), [
    (lambda: Choice((1.0, 2.0), (-1.0, 2.0)),
     "Choice.weights[0]: expected a number of 0 or more (got -1.0)"),
    (lambda: Choice((1.0, 2.0), (0.0, 0.0)),
     "Choice.weights: expected weights that are not all 0 (got [0.0, 0.0])"),
    (lambda: Choice((1.0, 2.0), (1.0,)), "Choice.weights: expected 2 weights, one per option"),
    (lambda: Choice((1.0, float("nan")), (1.0, 1.0)), "Choice.values[1]: expected a finite"),
    (lambda: Choice((1.0, 2.0), (1.0, 1.0), ("a",)), "Choice.labels: expected 2 strings"),
    (lambda: Dirichlet(("a", "b", "c"), (1.0, 1.0)),
     "Dirichlet.alpha: expected 3 numbers, one per category (got 2)"),
    (lambda: Dirichlet(("a", "a"), (1.0, 1.0)), "Dirichlet.categories: expected names without"),
    (lambda: Dirichlet(("a",), (1.0,)), "Dirichlet.categories: expected a list of at least two names"),
    (lambda: Dirichlet(("a", "b"), (1.0, 0.0)), "Dirichlet.alpha[1]: expected a number from"),
    (lambda: Mixture(("a",), (1.0, 2.0), (Uniform(0.0, 1.0),)),
     "Mixture: expected as many labels and weights as parts"),
    (lambda: Mixture(("a", "b"), (1.0, 1.0), (Uniform(0.0, 1.0), Dirichlet(("p", "q"), (1.0, 1.0)))),
     "Mixture.parts[1]: expected a plain form (one value a trial) (got 'Dirichlet')"),
    (lambda: Mixture(("a", "b"), (0.5, 0.6), (Uniform(0.0, 1.0), Fixed(2.0))),
     "Mixture.weights: expected shares (each below 1) that sum to 1"),
    (lambda: Beta(-1.0, 2.0), "Beta.alpha: expected a number from 0.05 to 1e5 (got -1.0)"),
    (lambda: Beta(0.01, 2.0), "Beta.alpha: expected a number from 0.05 to 1e5 (got 0.01)"),
    (lambda: Beta(2.0, 2.0, 0.6, 0.3), "Beta: expected p5 below p95"),
])
def test_a_distribution_built_by_hand_is_checked_as_a_files_is(make, message: str) -> None:
    with pytest.raises(InputError) as info:
        make()
    assert str(info.value).startswith(message)


def test_a_beta_solved_from_an_interval_keeps_shapes_a_file_could_not_write() -> None:
    b = Beta.from_interval(0.5, 0.5005)  # a narrow interval: shapes of about 5e6
    assert b.alpha > 1e5 and b.beta > 1e5 and abs(b.mean() - 0.50025) < 1e-4


@settings(max_examples=30, deadline=None)
@given(st.lists(st.floats(0.0, 50.0), min_size=2, max_size=6).filter(lambda w: sum(w) > 0))
def test_choices_from_python_and_from_a_file_agree(weights: list[float]) -> None:
    from estimator.distributions import from_mapping

    values = [float(i) for i in range(len(weights))]
    raw = {"values": values, "weights": weights}
    try:
        from_file = from_mapping(raw, "k")
    except InputError as e:
        with pytest.raises(InputError) as info:
            Choice(tuple(values), tuple(weights))
        assert info.value.expected == e.expected
        return
    assert Choice(tuple(values), tuple(weights)) == from_file


# ------------------------------------------------------------------- model functions


@pytest.mark.parametrize(("call", "message"), [
    (lambda: container_capacity(Q_(21.75, "t"), 90, Q_(33.2, "m^3"), 0.75),
     "mass_utilisation: expected a share from 0 to 1 (got 90.0)"),
    (lambda: container_capacity(Q_(21.75, "t"), 0.9, Q_(33.2, "m^3"), -0.1),
     "volume_utilisation: expected a share from 0 to 1 (got -0.1)"),
    (lambda: container_capacity(Q_(-1.0, "t"), 0.9, Q_(33.2, "m^3"), 0.75),
     "payload_limit: expected a mass of 0 or more (got '-1 t')"),
    (lambda: rounds_per_container(Q_(20, "t/container"), Q_(25, "m^3/container"),
                                  Q_(0, "kg"), Q_(0.02, "m^3")),
     "round_mass: expected a mass above 0 (got '0 kg')"),
    (lambda: rounds_per_container(Q_(20, "t/container"), Q_(25, "m^3/container"),
                                  Q_(np.array([40.0, -40.0]), "kg"), Q_(0.02, "m^3")),
     "round_mass: expected a mass above 0 (got '-40 kg')"),
    (lambda: rounds_per_container(Q_(20, "t/container"), Q_(25, "m^3/container"),
                                  Q_(40.0, "kg"), Q_(float("nan"), "m^3")),
     "round_volume: expected a volume above 0 (got 'nan m^3')"),
    (lambda: mixed_per_container([Q_(400.0, "kg"), Q_(80.0, "round/container")],
                                 np.array([0.5, 0.5])),
     "per_calibre[0]: expected a quantity of rounds per container (got 'kg')"),
    (lambda: mixed_per_container([Q_(400.0, "round/container"), Q_(80.0, "round/container")],
                                 np.array([0.9, 0.9])),
     "shares: expected shares that sum to 1 in each trial (got 'a sum of 1.8')"),
    (lambda: usable_rounds(Q_(1000.0, "round"), 30), "dud_rate: expected a share from 0 to 1"),
])
def test_model_functions_refuse_values_outside_their_domain(call, message: str) -> None:
    with pytest.raises(InputError) as info:
        call()
    assert str(info.value) == message or str(info.value).startswith(message)


@settings(max_examples=50, deadline=None)
@given(st.lists(st.floats(0.01, 10.0), min_size=2, max_size=5))
def test_mixed_rounds_lie_between_the_calibres_rounds(alpha: list[float]) -> None:
    shares = np.random.default_rng(0).dirichlet(alpha, size=64)
    per = [Q_(np.full(64, 100.0 * (i + 1)), "round/container") for i in range(len(alpha))]
    mixed = mixed_per_container(per, shares).m_as("round/container")
    assert np.all(mixed >= 100.0 - 1e-9) and np.all(mixed <= 100.0 * len(alpha) + 1e-9)


# ---------------------------------------------------------------------- sensitivity


def test_sensitivity_of_an_output_with_many_values_a_trial_is_one_error() -> None:
    s = AssumptionSet.defaults()
    with pytest.raises(InputError) as info:
        sensitivity(s, lambda d: {"y": d["mix.calibre_share"]}, "y", samples=16)
    assert str(info.value) == "output 'y': expected one value a trial (got 'shape (9,) a trial')"
