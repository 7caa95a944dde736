"""From shipping containers to rounds: what one box can hold, by weight and by volume.

A box carries as many rounds as its weight limit allows or as its volume allows,
whichever is smaller. Counts are expected values per box, not whole numbers: they are
averages over many boxes, so no rounding down.
"""

from __future__ import annotations

import numpy as np
import pint
from numpy.typing import NDArray

from estimator.errors import InputError, Words
from estimator.units import Q_, check_dimension, ureg

__all__ = ["container_capacity", "lengthwise_fill", "mixed_per_container", "rounds_per_container",
           "usable_rounds"]

PER_CONTAINER = ureg.round / ureg.container


def container_capacity(payload_limit: pint.Quantity, mass_utilisation: pint.Quantity,
                       internal_volume: pint.Quantity, volume_utilisation: pint.Quantity,
                       ) -> tuple[pint.Quantity, pint.Quantity]:
    """The mass and volume of cargo one box carries.

    Parameters
    ----------
    payload_limit : [mass]
        Net mass the box may carry on the route (the binding rating or rail limit).
    mass_utilisation : [1]
        Share of that limit loaded when the load is heavy (dunnage, bracing, part loads).
    internal_volume : [volume]
        Inside volume of the box.
    volume_utilisation : [1]
        Share of the inside volume that crates can fill (broken stowage).

    Returns
    -------
    (payload [mass / container], usable volume [volume / container])

    >>> m, v = container_capacity(Q_(21.75, "t"), 0.9, Q_(33.2, "m^3"), 0.75)
    >>> round(float(m.m_as("t/container")), 3), round(float(v.m_as("m^3/container")), 2)
    (19.575, 24.9)
    """
    payload_limit = _at_least_0(payload_limit, "mass", "payload_limit", "t")
    internal_volume = _at_least_0(internal_volume, "volume", "internal_volume", "m^3")
    mass_share = _share(mass_utilisation, "mass_utilisation")
    volume_share = _share(volume_utilisation, "volume_utilisation")
    _same_trials(payload_limit=payload_limit, mass_utilisation=mass_share,
                 internal_volume=internal_volume, volume_utilisation=volume_share)
    per_box = 1.0 / ureg.container
    return payload_limit * mass_share * per_box, internal_volume * volume_share * per_box


def lengthwise_fill(inside_length: pint.Quantity, inside_width: pint.Quantity,
                    crate_length: pint.Quantity) -> NDArray[np.float64]:
    """Share of a box's inside length that whole crates laid end to end can use.

    A crate no longer than the inside width can be turned across, so its length costs
    nothing beyond the usual broken stowage (1.0). A longer one must lie lengthwise:
    ``floor(L / l)`` rows fit and the rest of the length stays empty,
    ``floor(L / l) * l / L`` (0 when the crate is longer than the box).

    Parameters
    ----------
    inside_length, inside_width : [length]
        The box's inside length and width.
    crate_length : [length]
        Outside length of one crate.

    >>> round(float(lengthwise_fill(Q_(5.89, "m"), Q_(2.34, "m"), Q_(3.1, "m"))), 3)
    0.526
    >>> float(lengthwise_fill(Q_(5.89, "m"), Q_(2.34, "m"), Q_(1.2, "m")))
    1.0
    """
    length = _above_0(inside_length, "length", "inside_length", "m").m_as("m")  # divides
    width = _at_least_0(inside_width, "length", "inside_width", "m").m_as("m")
    crate = _above_0(crate_length, "length", "crate_length", "m").m_as("m")
    _same_trials(inside_length=length, inside_width=width, crate_length=crate)
    rows = np.floor(length / crate)
    return np.where(crate <= width, 1.0, np.minimum(rows * crate / length, 1.0))


def rounds_per_container(payload: pint.Quantity, usable_volume: pint.Quantity,
                         round_mass: pint.Quantity, round_volume: pint.Quantity,
                         ) -> tuple[pint.Quantity, NDArray[np.bool_]]:
    """Rounds one box holds: the smaller of the weight limit and the volume limit.

    Parameters
    ----------
    payload : [mass / container]
        Cargo mass one box carries.
    usable_volume : [volume / container]
        Cargo volume one box offers.
    round_mass : [mass]
        Mass of one round on the chosen basis (projectile alone, or complete as shipped).
    round_volume : [volume]
        Volume one round takes on the same basis.

    Returns
    -------
    (rounds per container [round / container], weight_binds [bool])
        ``weight_binds`` is True where the weight limit is the smaller one.

    >>> n, w = rounds_per_container(Q_(20, "t/container"), Q_(25, "m^3/container"),
    ...                             Q_(40, "kg"), Q_(0.02, "m^3"))
    >>> float(n.m_as("round/container")), bool(w)
    (500.0, True)
    """
    payload = _at_least_0(payload, "mass per container", "payload", "t/container")
    usable_volume = _at_least_0(usable_volume, "volume per container", "usable_volume",
                                "m^3/container")
    round_mass = _above_0(round_mass, "mass", "round_mass", "kg")
    round_volume = _above_0(round_volume, "volume", "round_volume", "m^3")
    _same_trials(payload=payload, usable_volume=usable_volume, round_mass=round_mass,
                 round_volume=round_volume)
    by_weight = (payload / round_mass).m_as("1/container")
    by_volume = (usable_volume / round_volume).m_as("1/container")
    weight_binds = by_weight <= by_volume
    return Q_(np.minimum(by_weight, by_volume), PER_CONTAINER), weight_binds


def mixed_per_container(per_calibre: list[pint.Quantity], shares: pint.Quantity | NDArray[
                        np.float64]) -> pint.Quantity:
    """Rounds per box when a share of the boxes carries each calibre.

    Parameters
    ----------
    per_calibre : list of [round / container], one per calibre, each of shape (n,)
    shares : [1], shape (n, k): the share of boxes by calibre in each trial (rows sum to 1)

    >>> float(mixed_per_container([Q_(400.0, "round/container"), Q_(80.0, "round/container")],
    ...                           np.array([0.5, 0.5])).m_as("round/container"))
    240.0
    """
    shares = _share(shares, "shares")
    if not per_calibre or np.shape(shares)[-1:] != (len(per_calibre),):
        raise InputError("shares", f"one share per calibre ({len(per_calibre)}) on the last "
                         "axis", f"shape {np.shape(shares)}")
    total = np.sum(shares, axis=-1)
    ok = np.abs(total - 1.0) <= 1e-6
    if not np.all(ok):
        raise InputError("shares", "shares that sum to 1 in each trial", f"a sum of "
                         f"{_first_bad(total, ok):g}")
    each = [_at_least_0(p, "rounds per container", f"per_calibre[{i}]", "round/container")
            .m_as(PER_CONTAINER) for i, p in enumerate(per_calibre)]
    _same_trials(**{f"per_calibre[{i}]": p for i, p in enumerate(each)})
    stacked = np.stack(np.broadcast_arrays(*each), axis=-1)
    return Q_(np.sum(stacked * shares, axis=-1), PER_CONTAINER)


def usable_rounds(rounds: pint.Quantity, dud_rate: pint.Quantity) -> pint.Quantity:
    """Rounds that work: ``rounds x (1 - dud_rate)``.

    Parameters
    ----------
    rounds : any quantity (a count of rounds, or rounds per container)
    dud_rate : [1], share that does not work

    >>> float(usable_rounds(Q_(1.5e6, "round"), 0.5).m_as("round"))
    750000.0
    """
    return rounds * (1.0 - _share(dud_rate, "dud_rate"))


def _share(x: object, name: str) -> NDArray[np.float64]:
    """The magnitude of a fraction, each value from 0 to 1; else an error naming ``name``."""
    share = np.asarray(check_dimension(x, "fraction", name).m_as(""), dtype=float)
    ok = (share >= 0) & (share <= 1)  # False for NaN too
    if not np.all(ok):
        raise InputError(name, "a share from 0 to 1", _first_bad(share, ok))
    return share


def _signed(x: object, dimension: str, name: str, unit: str, strict: bool) -> pint.Quantity:
    """``x``, a quantity of ``dimension`` whose every value is above 0 (``strict``) or 0 or
    more; else an error naming ``name``, the first bad value shown in ``unit``. The units
    here scale without offset, so the sign is read from the magnitude as given, not from
    a converted copy of the whole array."""
    q = check_dimension(x, dimension, name)
    m = np.asarray(q.magnitude)
    ok = (m > 0) if strict else (m >= 0)  # False for NaN too
    if not np.all(ok):
        bad = Q_(_first_bad(m, ok), q.units).m_as(unit)
        raise InputError(name, f"a {dimension} above 0" if strict else
                         f"a {dimension} of 0 or more", f"{bad:g} {unit}")
    return q


def _at_least_0(x: object, dimension: str, name: str, unit: str) -> pint.Quantity:
    return _signed(x, dimension, name, unit, strict=False)


def _above_0(x: object, dimension: str, name: str, unit: str) -> pint.Quantity:
    """A quantity the model divides by: every value above 0."""
    return _signed(x, dimension, name, unit, strict=True)


def _same_trials(**given: object) -> None:
    """The arguments' shapes go together (one value, or one a trial); else an error
    naming them, not numpy's broadcasting message."""
    shapes = {name: np.shape(getattr(x, "magnitude", x)) for name, x in given.items()}
    try:
        np.broadcast_shapes(*shapes.values())
    except ValueError:
        common = max(shapes.values(), key=list(shapes.values()).count)
        odd = [f"{n} {s}" for n, s in shapes.items() if s != common]
        raise InputError(", ".join(shapes), "values of one shape (one value, or one a trial)",
                         Words(f"{', '.join(odd)} beside {common}")) from None


def _first_bad(x: NDArray[np.float64] | float, ok: NDArray[np.bool_] | bool) -> float:
    """The first value of ``x`` where ``ok`` is False, for an error message."""
    return float(np.ravel(x)[~np.ravel(ok)][0])
