"""Shared hypothesis strategies, built from the domains declared in estimator.distributions."""

from __future__ import annotations

from hypothesis import strategies as st

from estimator.distributions import FORMS, SHAPE
from estimator.units import Q_

MASS_UNITS = ("kg", "t", "g", "lb")
VOLUME_UNITS = ("m^3", "L", "cuft")


@st.composite
def interval(draw, low=-1e3, high=1e3, min_gap=1e-3):
    """A (low, high) pair with high above low by at least min_gap (relative)."""
    a = draw(st.floats(low, high, allow_nan=False))
    gap = draw(st.floats(min_gap, 10.0)) * max(abs(a), 1.0)
    return a, a + gap


@st.composite
def form_mapping(draw, name):
    """A valid mapping for one form in FORMS, inside each parameter's typical range."""
    form = FORMS[name]
    if name in ("uniform",):
        lo, hi = draw(interval())
        return {"low": lo, "high": hi}
    if name in ("pert", "triangular"):
        lo, hi = draw(interval())
        mode = draw(st.floats(lo, hi))
        raw = {"min": lo, "mode": mode, "max": hi}
        if name == "triangular":
            raw["shape"] = "triangular"
        return raw
    if name == "lognormal":
        lo = draw(st.floats(1e-2, 1e4))
        return {"p5": lo, "p95": lo * draw(st.floats(1.01, 50.0))}
    if name == "normal":
        lo, hi = draw(interval())
        return {"p5": lo, "p95": hi, "shape": "normal"}
    if name == "beta_interval":
        lo = draw(st.floats(0.01, 0.9))
        hi = draw(st.floats(lo + 0.02, min(lo + 0.6, 0.99)))
        return {"p5": lo, "p95": hi, "shape": "beta"}
    if name == "beta":
        a, b = (draw(st.floats(*SHAPE.typical)) for _ in range(2))
        return {"alpha": a, "beta": b}
    return {"value": draw(st.floats(*form.domains["value"].typical))}


def any_form():
    return st.sampled_from(sorted(FORMS)).flatmap(form_mapping)


@st.composite
def mass(draw, low_kg=1.0, high_kg=1e5):
    """A mass in a randomly chosen unit, and its value in kg."""
    kg = draw(st.floats(low_kg, high_kg))
    unit = draw(st.sampled_from(MASS_UNITS))
    return Q_(kg, "kg").to(unit), kg
