"""Model properties: unit invariance, monotonicity, the weight and volume caps, usable <= rounds."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from strategies import mass

from estimator.errors import DimensionError, InputError
from estimator.models import (
    container_capacity,
    lengthwise_fill,
    mixed_per_container,
    rounds_per_container,
    usable_rounds,
)
from estimator.units import Q_

fractions = st.floats(0.05, 1.0)


@given(mass(1_000.0, 40_000.0), mass(0.5, 600.0), st.floats(0.001, 1.0), fractions)
def test_same_answer_whatever_the_units(payload, round_mass, vol, util):
    (payload_q, payload_kg), (mass_q, mass_kg) = payload, round_mass
    cap, volume = container_capacity(payload_q, util, Q_(33.2, "m^3"), 0.8)
    cap_kg, volume_l = container_capacity(Q_(payload_kg, "kg"), util, Q_(33_200.0, "L"), 0.8)
    a, wa = rounds_per_container(cap, volume, mass_q, Q_(vol, "m^3"))
    b, wb = rounds_per_container(cap_kg, volume_l, Q_(mass_kg, "kg"), Q_(vol * 1000, "L"))
    assert a.m_as("round/container") == pytest.approx(b.m_as("round/container"), rel=1e-9)
    assert bool(wa) == bool(wb) or abs(a.m_as("round/container") - (cap / mass_q).m_as("1/container")) < 1e-6


@given(st.floats(1e3, 4e4), st.floats(1.0, 500.0), st.floats(1e-3, 0.5), st.floats(5.0, 70.0),
       st.sampled_from(["kg", "t", "lb"]), st.sampled_from(["m^3", "L", "ft^3"]))
def test_each_argument_may_come_in_its_own_unit(payload_kg, mass_kg, vol_m3, box_m3, mass_unit,
                                                vol_unit):
    """Payload in t per box beside a round's mass in lb, a box's volume in m³ beside a
    round's in litres: the same rounds a box as all in kg and m³ (a unit lost on one side
    of either ratio would be off by 1,000 or more)."""
    base, wb = rounds_per_container(Q_(payload_kg, "kg/container"), Q_(box_m3, "m^3/container"),
                                    Q_(mass_kg, "kg"), Q_(vol_m3, "m^3"))
    mixed, wm = rounds_per_container(Q_(payload_kg / 1000, "t/container"),
                                     Q_(box_m3, "m^3/container"),
                                     Q_(mass_kg, "kg").to(mass_unit),
                                     Q_(vol_m3, "m^3").to(vol_unit))
    assert mixed.m_as("round/container") == pytest.approx(base.m_as("round/container"),
                                                          rel=1e-9)
    by_weight, by_volume = payload_kg / mass_kg, box_m3 / vol_m3
    if abs(by_weight - by_volume) > 1e-6 * by_volume:
        assert bool(wm) == bool(wb) == (by_weight < by_volume)


def test_weight_binds_on_a_tie():
    """Where the weight and volume limits give the same count, weight is named (the
    documented rule: weight binds where by_weight <= by_volume)."""
    n, weight = rounds_per_container(Q_(20, "t/container"), Q_(10, "m^3/container"),
                                     Q_(40, "kg"), Q_(0.02, "m^3"))
    assert n.m_as("round/container") == 500.0 and bool(weight)


@pytest.mark.parametrize("total", [1 + 1e-4, 1 - 1e-4, 1.005])
def test_mix_shares_must_sum_to_one_within_a_millionth(total):
    shares = np.array([0.5, total - 0.5])
    with pytest.raises(InputError, match="sum to 1"):
        mixed_per_container([Q_(400.0, "round/container"), Q_(80.0, "round/container")], shares)
    ok = mixed_per_container([Q_(400.0, "round/container"), Q_(80.0, "round/container")],
                             np.array([0.5, 0.5 + 5e-7]))
    assert ok.m_as("round/container") == pytest.approx(240.0, rel=1e-6)


@given(st.floats(1e3, 4e4), st.floats(1.0, 500.0), st.floats(1e-3, 0.5), fractions, fractions)
def test_rounds_never_exceed_either_cap(payload_kg, mass_kg, vol_m3, mu, vu):
    cap, volume = container_capacity(Q_(payload_kg, "kg"), mu, Q_(33.2, "m^3"), vu)
    n, weight = rounds_per_container(cap, volume, Q_(mass_kg, "kg"), Q_(vol_m3, "m^3"))
    n = n.m_as("round/container")
    assert n <= payload_kg * mu / mass_kg * (1 + 1e-12)
    assert n <= 33.2 * vu / vol_m3 * (1 + 1e-12)
    binding = payload_kg * mu / mass_kg if weight else 33.2 * vu / vol_m3
    assert n == pytest.approx(binding)


@given(st.floats(0, 1e5), st.floats(0, 1e5), st.floats(0.0, 1.0))
def test_more_containers_never_fewer_rounds_and_usable_at_most_rounds(n1, n2, dud):
    cap, volume = container_capacity(Q_(21.75, "t"), 0.9, Q_(33.2, "m^3"), 0.8)
    rpc, _ = rounds_per_container(cap, volume, Q_(43.5, "kg"), Q_(0.02, "m^3"))
    lo, hi = sorted((n1, n2))
    r_lo, r_hi = Q_(lo, "container") * rpc, Q_(hi, "container") * rpc
    assert r_lo.m_as("round") <= r_hi.m_as("round")
    u = usable_rounds(r_hi, Q_(dud, ""))
    assert 0 <= u.m_as("round") <= r_hi.m_as("round")
    # and exactly the rounds that are not duds (a share of duds is no share of usable)
    assert u.m_as("round") == pytest.approx(r_hi.m_as("round") * (1.0 - dud), rel=1e-12,
                                            abs=1e-9)


def test_mix_is_the_share_weighted_average():
    per = [Q_(np.array([400.0, 100.0]), "round/container"), Q_(np.array([80.0, 50.0]), "round/container")]
    shares = np.array([[0.25, 0.75], [1.0, 0.0]])
    got = mixed_per_container(per, shares).m_as("round/container")
    np.testing.assert_allclose(got, [0.25 * 400 + 0.75 * 80, 100.0])


@pytest.mark.parametrize("args,name", [
    ((Q_(21.75, "m"), 0.9, Q_(33.2, "m^3"), 0.8), "payload_limit"),
    ((Q_(21.75, "t"), 0.9, Q_(33.2, "m^2"), 0.8), "internal_volume"),
    ((Q_(21.75, "t"), Q_(3, "kg"), Q_(33.2, "m^3"), 0.8), "mass_utilisation"),
])
def test_wrong_dimension_names_the_parameter(args, name):
    with pytest.raises(DimensionError) as err:
        container_capacity(*args)
    assert err.value.place == name
    assert len(str(err.value)) < 120  # never the whole array


def test_wrong_dimension_with_a_big_array_is_one_short_line():
    cap, volume = container_capacity(Q_(21.75, "t"), 0.9, Q_(33.2, "m^3"), 0.8)
    with pytest.raises(DimensionError) as err:
        rounds_per_container(cap, volume, Q_(np.ones(100_000), "m"), Q_(0.02, "m^3"))
    assert err.value.place == "round_mass" and len(str(err.value)) < 120


@given(st.floats(0.5, 15.0), st.floats(0.5, 3.0), st.floats(0.1, 20.0))
def test_lengthwise_fill_is_a_share_of_whole_rows(length, width, crate):
    fill = float(lengthwise_fill(Q_(length, "m"), Q_(width, "m"), Q_(crate, "m")))
    assert 0.0 <= fill <= 1.0
    if crate <= width:
        assert fill == 1.0
    else:
        rows = fill * length / crate  # a whole number of crates, none sticking out
        assert rows == pytest.approx(round(rows), abs=1e-9) and round(rows) * crate <= length + 1e-9
        assert length - round(rows) * crate < crate + 1e-9  # no room left for one more
    # the same answer in other units, except where the crate is the box's width to the
    # last bit: there a unit's rounding decides whether it turns across (a step, by design)
    if abs(crate - width) > 1e-9 * width:
        again = float(lengthwise_fill(Q_(length * 1000, "mm"), Q_(width * 100, "cm"),
                                      Q_(crate / 0.3048, "ft")))
        assert again == pytest.approx(fill, abs=1e-9)


def test_lengthwise_fill_known_answers():
    box, width = Q_(5.867, "m"), Q_(2.33, "m")
    assert float(lengthwise_fill(box, width, Q_(2.9, "m"))) == pytest.approx(5.8 / 5.867)
    assert float(lengthwise_fill(box, width, Q_(3.1, "m"))) == pytest.approx(3.1 / 5.867)
    assert float(lengthwise_fill(box, width, Q_(6.0, "m"))) == 0.0
    assert float(lengthwise_fill(Q_(12.03, "m"), width, Q_(3.1, "m"))) == pytest.approx(9.3 / 12.03)
    with pytest.raises(DimensionError) as err:
        lengthwise_fill(box, width, Q_(3.1, "kg"))
    assert err.value.place == "crate_length"
