"""Each distribution form: its stated meaning, its domain, and its known moments."""

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy import stats
from strategies import any_form, form_mapping

from estimator.distributions import FORMS, Beta, Fixed, Lognormal, Pert, Uniform, from_mapping
from estimator.errors import InputError

U = (np.arange(200_000) + 0.5) / 200_000  # a fine, even grid: moments by quadrature


@given(any_form())
def test_every_valid_form_builds_and_is_monotone_within_support(raw):
    d = from_mapping(raw, "x")
    x = d.ppf(U[::997])
    lo, hi = d.support()
    assert np.all(np.diff(x) >= -1e-9 * max(1.0, np.max(np.abs(x))))
    assert np.all((x >= lo - 1e-9 * max(1, abs(lo))) & (x <= hi + 1e-9 * max(1, abs(hi))))


@pytest.mark.parametrize("name", ["lognormal", "normal", "beta_interval"])
@given(data=st.data())
def test_interval_forms_put_p5_and_p95_where_written(name, data):
    raw = data.draw(form_mapping(name))
    d = from_mapping(raw, "x")
    got = d.ppf(np.array([0.05, 0.95]))
    np.testing.assert_allclose(got, [raw["p5"], raw["p95"]], rtol=1e-6,
                               atol=1e-8 * (raw["p95"] - raw["p5"]))


@pytest.mark.parametrize(("p5", "p95"), [(0.49995, 0.50005), (0.001, 0.0010002),
                                       (0.9, 0.9001), (0.3, 0.30003)])
def test_a_very_narrow_beta_interval_is_fitted_not_refused(p5: float, p95: float) -> None:
    """An interval a ten-thousandth wide (a beta of a + b near 1e8, a normal to within
    floating point) was refused as having no beta; its moments fit it."""
    d = Beta.from_interval(p5, p95)
    got = d.ppf(np.array([0.05, 0.95]))
    np.testing.assert_allclose(got, [p5, p95], atol=1e-3 * (p95 - p5))
    np.testing.assert_allclose(stats.beta(d.alpha, d.beta).ppf([0.05, 0.95]), [p5, p95],
                               atol=1e-3 * (p95 - p5))


def test_a_lognormal_mean_past_floating_point_is_inf() -> None:
    assert Lognormal(1e-300, 1e300).mean() == math.inf


@pytest.mark.parametrize("raw,ref", [
    ({"alpha": 2.0, "beta": 5.0}, stats.beta(2, 5)),
    ({"min": 1.0, "mode": 2.0, "max": 4.0, "shape": "triangular"}, stats.triang(1 / 3, 1, 3)),
    ({"min": 1.0, "mode": 2.0, "max": 4.0}, stats.beta(1 + 4 / 3, 1 + 8 / 3, loc=1, scale=3)),
    ({"p5": 40.0, "p95": 46.0}, stats.lognorm(
        (math.log(46) - math.log(40)) / 3.289707253902945, scale=math.sqrt(40 * 46))),
])
def test_known_moments(raw, ref):
    d = from_mapping(raw, "x")
    x = d.ppf(U)
    assert abs(x.mean() - ref.mean()) < 1e-4 * ref.std() + 1e-9
    assert abs(x.std() - ref.std()) < 1e-3 * ref.std()
    assert abs(d.mean() - ref.mean()) < 1e-9 * max(1, abs(ref.mean()))


def test_mixture_weights_and_choice():
    d = from_mapping({"scenarios": [{"label": "a", "weight": 1, "value": 0.5},
                                    {"label": "b", "weight": 3, "low": 0.0, "high": 0.1}]}, "x")
    x = d.ppf(U)
    assert abs(np.mean(x == 0.5) - 0.25) < 1e-3
    assert abs(x.mean() - (0.25 * 0.5 + 0.75 * 0.05)) < 1e-4
    c = from_mapping({"values": [1, 2, 3], "weights": [1, 1, 2]}, "x")
    assert abs(c.ppf(U).mean() - 2.25) < 1e-4


def test_dirichlet_rows_sum_to_one_and_match_mean():
    d = from_mapping({"categories": ["a", "b", "c"], "alpha": [2.0, 3.0, 5.0]}, "x")
    u = np.random.default_rng(1).random((100_000, 2))
    x = d.ppf(u)
    np.testing.assert_allclose(x.sum(axis=1), 1.0, atol=1e-12)
    np.testing.assert_allclose(x.mean(axis=0), [0.2, 0.3, 0.5], atol=0.005)
    # marginal of a Dirichlet is Beta(alpha_i, sum - alpha_i): variance check
    assert abs(x[:, 2].var() - stats.beta(5, 5).var()) < 0.002


@pytest.mark.parametrize("raw,place", [
    ({"low": 2, "high": 1}, "f: k"),
    ({"p5": -1, "p95": 3}, "f: k.p5"),
    ({"p5": 0.2, "p95": 1.2, "shape": "beta"}, "f: k.p95"),
    ({"min": 1, "max": 3}, "f: k"),
    ({}, "f: k"),
    ({"value": "a"}, "f: k.value"),
    ({"value": 1, "low": 2, "high": 3}, "f: k"),
    ({"p5": 1, "p95": 2, "shape": "gamma"}, "f: k.shape"),
    ({"alpha": 0.0, "beta": 1.0}, "f: k.alpha"),
    ({"values": [1, 2], "weights": [0, 0]}, "f: k.weights"),
    ({"categories": ["a"], "alpha": [1.0]}, "f: k.categories"),
    ({"value": float("nan")}, "f: k.value"),
])
def test_bad_forms_name_the_place(raw, place):
    with pytest.raises(InputError) as err:
        from_mapping(raw, "f: k")
    assert err.value.place == place
    assert "\n" not in str(err.value)


def test_every_form_has_domains_for_each_key():
    for form in FORMS.values():
        assert set(form.keys) == set(form.domains)


# ---------------------------------------------------------------- mixtures and choices

def _mixture(scenarios: list[dict]) -> object:
    return from_mapping({"scenarios": scenarios}, "t")


def test_mixture_inverse_cdf_is_the_mixtures_own() -> None:
    # overlapping betas (as duds.dud_rate): F(ppf(u)) = u, F from scipy's beta CDFs
    parts = [(0.3, 2.0, 3.0), (0.4, 5.0, 12.0), (0.3, 1.5, 9.0)]
    m = _mixture([{"label": str(i), "weight": w, "alpha": a, "beta": b}
                  for i, (w, a, b) in enumerate(parts)])
    u = np.linspace(0.001, 0.999, 999)
    x = m.ppf(u)
    cdf = sum(w * stats.beta(a, b).cdf(x) for w, a, b in parts)
    np.testing.assert_allclose(cdf, u, atol=2e-4)
    assert np.all(np.diff(x) >= 0)


def test_mixture_keeps_point_masses_and_orders_disjoint_scenarios() -> None:
    # as containers.20ft.payload_limit: a fixed value listed first, a low range listed last
    m = _mixture([{"label": "rated", "weight": 0.5, "value": 21.75},
                  {"label": "heavy", "weight": 0.35, "low": 23.5, "high": 27.7},
                  {"label": "rail", "weight": 0.15, "low": 14.75, "high": 17.75}])
    x = m.ppf(np.random.default_rng(4).random(200_000))
    assert np.mean(x == 21.75) == pytest.approx(0.5, abs=0.005)
    assert np.mean(x < 18) == pytest.approx(0.15, abs=0.005)
    assert np.mean(x > 23) == pytest.approx(0.35, abs=0.005)
    # the low uniforms give the rail case, the high ones the heavy boxes
    lo, mid, hi = m.ppf(np.array([0.05, 0.4, 0.95]))
    assert 14.75 <= lo <= 17.75 and mid == 21.75 and 23.5 <= hi <= 27.7


@given(st.lists(st.floats(-100, 100, allow_nan=False), min_size=2, max_size=5, unique=True),
       st.data())
def test_choice_inverse_cdf_is_monotone_whatever_the_order(values: list[float],
                                                            data: st.DataObject) -> None:
    weights = data.draw(st.lists(st.floats(1.0, 20.0), min_size=len(values),
                                 max_size=len(values)))
    c = from_mapping({"values": values, "weights": weights}, "t")
    x = c.ppf(np.linspace(0.0, 1.0, 1001))
    assert np.all(np.diff(x) >= 0)
    assert x[0] == min(values) and x[-1] == max(values)


@pytest.mark.parametrize(("weights", "first"), [
    ([2, 1], 2 / 3), ([0.33, 0.33, 0.34], 0.33), ([0.333, 0.333, 0.333], 1 / 3), ([1, 1], 0.5),
    ([0.33, 0.33, 0.33], 1 / 3), ([0.5], 1.0), ([0.5, 0.0], 1.0),
])
def test_relative_weights_and_shares_that_sum_to_1_are_read(weights: list[float],
                                                            first: float) -> None:
    c = from_mapping({"values": list(range(len(weights))), "weights": weights}, "t")
    assert np.mean(c.ppf(np.linspace(0.0005, 0.9995, 1000)) == 0) == pytest.approx(first, abs=2e-3)


@pytest.mark.parametrize("weights", [[0.5, 0.6], [0.3, 0.3], [0.2, 0.2, 0.2]])
def test_shares_that_do_not_sum_to_1_are_a_slip(weights: list[float]) -> None:
    with pytest.raises(InputError, match=r"t\.weights: expected shares .* sum to 1"):
        from_mapping({"values": list(range(len(weights))), "weights": weights}, "t")


@pytest.mark.parametrize("build, place", [
    (lambda: Uniform(2.0, 1.0), "Uniform"), (lambda: Uniform("a", 1.0), "Uniform.low"),
    (lambda: Pert(0.0, 3.0, 2.0), "Pert"), (lambda: Fixed(float("nan")), "Fixed.value"),
])
def test_a_distribution_built_in_python_meets_the_files_rules(build, place: str) -> None:  # type: ignore[no-untyped-def]
    """Uniform(2, 1) drew in [1, 2] as if nothing were wrong; a file's low = 2, high = 1
    was refused. Now both are."""
    with pytest.raises(InputError) as info:
        build()
    assert info.value.place == place


def test_a_description_keeps_different_numbers_apart() -> None:
    """As many digits as tell the ends apart ('0.3 to 0.3' said nothing), and no more."""
    assert Beta.from_interval(0.3, 0.3000001).describe() == "beta, 90% in 0.3 to 0.3000001"
    assert Beta.from_interval(0.2, 0.5).describe() == "beta, 90% in 0.2 to 0.5"
    assert Pert(1.0, 1.0, 1.00001).describe() == "PERT 1 / 1 / 1.00001"
    assert Pert(39.5, 43.5612, 46.5).describe() == "PERT 39.5 / 43.56 / 46.5"
    # as a person writes them: 16,000 rounds a day, not 1.6e+04; tiny and vast ones as were
    assert Uniform(16000.0, 25000.0).describe() == "uniform 16,000 to 25,000"
    assert Pert(1.8e6, 2.3e6, 3e6).describe() == "PERT 1,800,000 / 2,300,000 / 3,000,000"
    assert Uniform(123456.0, 123457.0).describe() == "uniform 123,456 to 123,457"
    assert Uniform(1e-9, 2e-9).describe() == "uniform 1e-09 to 2e-09"
    assert Uniform(1e15, 2e15).describe() == "uniform 1e+15 to 2e+15"
    assert Uniform(12345.5, 12345.6).describe() == "uniform 12,345.5 to 12,345.6"
    # from 1,000 up, as the tables write them: 7,000 to 14,000, not 7000 to 14,000
    assert Lognormal(7000.0, 14000.0).describe() == \
        "lognormal, 90% in 7,000 to 14,000"
    assert Uniform(999.0, 1234.0).describe() == "uniform 999 to 1,234"


@pytest.mark.parametrize(("raw", "message"), [
    ({"value": 0.1, "p95": 0.9}, "x.p95: expected the keys of this entry's form only (value) "
     "(got 'p95'); 'p95' belongs to a 90% interval (p5/p95, shape), another form"),
    ({"low": 0.1, "high": 0.3, "mode": 0.2}, "x.mode: expected the keys of this entry's form "
     "only (low/high) (got 'mode'); 'mode' belongs to a PERT or triangular (min/mode/max, "
     "shape), another form"),
    ({"alpha": 2.0, "beta": 5.0, "weights": [1, 2]}, "x.weights: expected the keys of this "
     "entry's form only (alpha/beta) (got 'weights'); 'weights' belongs to a choice "
     "(values, weights, labels), another form"),
    ({"scenarios": [{"wieght": 5, "value": 0.2}, {"weight": 5, "value": 0.3}]},
     "x.scenarios[0].wieght: expected a scenario's keys: weight, label and one form's (did "
     "you mean 'weight'?) (got 'wieght')"),
    ({"scenarios": [{"weight": 5, "value": 0.2, "unit": "kg"}, {"weight": 5, "value": 0.3}]},
     "x.scenarios[0].unit: expected a scenario's keys: weight, label and one form's (got "
     "'unit')"),
])
def test_a_key_of_another_form_or_no_form_is_refused_not_dropped(raw: dict[str, object],
                                                                 message: str) -> None:
    """value beside p95 was read as the value (p95 dropped), mode beside low/high as a
    uniform (mode dropped), a misspelt scenario weight as no key at all."""
    with pytest.raises(InputError) as err:
        from_mapping(raw, "x")
    assert str(err.value) == message


def test_every_form_as_the_package_strategy_writes_it_is_read() -> None:
    """The check refuses no form written with its own keys (optional ones included):
    every form the users' strategy draws, choices, mixtures and mixes among them."""
    from hypothesis import settings

    from estimator.testing import distribution_mappings

    @settings(max_examples=150, deadline=None)
    @given(distribution_mappings())
    def read(raw: dict[str, object]) -> None:
        from_mapping(raw, "x")

    read()


def test_a_mixtures_weights_are_not_read_as_part_of_a_label() -> None:
    """'about half do not work 30%' read as a quote with a figure: the weight is named."""
    d = from_mapping({"scenarios": [{"label": "about half do not work", "weight": 3,
                                     "value": 0.5},
                                    {"label": "ordinary", "weight": 7, "low": 0.0,
                                     "high": 0.2}]}, "x")
    assert d.describe() == ("mixture of about half do not work (weight 30%): fixed 0.5; "
                            "ordinary (weight 70%): uniform 0 to 0.2")
