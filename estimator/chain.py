"""The one conversion chain every analysis shares: containers <-> rounds <-> tonnes.

Within one block of trials, :class:`Chain` reads the container and munition
assumptions from the block's :class:`~estimator.engine.Draws` and computes, once each
and on demand: what a box carries (mass and volume), rounds per box for each calibre
and for the calibre mix, and the cargo mass those rounds weigh. The containers, shells,
reconcile, port-call and rail analyses all go through it, so a change to how a box is
loaded changes all of them alike.

It also reads a count as stated (:func:`count_inputs`, :func:`count_value`): the
count's own spread, and for "at least N" or "up to N" the excess or shortfall, drawn
for that count alone from the distribution the assumptions give.

>>> from estimator.assumptions import AssumptionSet
>>> from estimator.engine import Engine
>>> a = AssumptionSet.defaults()
>>> out = Engine(a.values(), seed=1, samples=500).run(
...     lambda d: {"rpc": Chain(d, "complete").per_container("152mm_he")})
>>> bool((out["rpc"].m_as("round/container") > 0).all())
True
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TypeVar

import numpy as np
import pint

from estimator.counts import Count, parse_count
from estimator.engine import Draws, Input
from estimator.errors import InputError, one_of
from estimator.models import (
    container_capacity,
    lengthwise_fill,
    mixed_per_container,
    rounds_per_container,
    usable_rounds,
)
from estimator.units import Q_, ureg

__all__ = ["BASES", "BOXES", "FOOTING", "MIX", "REFERENCE", "UNNAMED_CALIBRE", "Chain",
           "check_basis", "check_reference", "count_inputs", "count_value", "equivalent",
           "reference_texts"]

BASES = ("projectile", "complete")
BOXES = ("20ft", "40ft")
MIX = "mix"
# The calibre every figure is also expressed in by default ("152mm-equivalent"); the
# analyses take another as ``reference=``, a munitions group of the assumptions in use.
REFERENCE = "152mm_he"
# What a source's conversion that names no calibre is also read as, besides the mix: all
# 152mm, the South Korean ministry's usual calibre (Shin: 6,700 containers, 3 million
# 152mm shells). It is a reading of the source, so it stays whatever ``reference=`` the
# figures are expressed in: a display choice changes no verdict on a source.
UNNAMED_CALIBRE = "152mm_he"
# The common measures every convertible figure is put on, with their units. rounds_152 is
# the same boxes filled with the reference calibre, whichever it is (the name is kept so
# that the outputs' keys stay the same).
FOOTING: dict[str, str] = {"containers": "container", "tonnes": "t", "rounds": "round",
                           "rounds_152": "round", "usable": "round"}
_Figure = TypeVar("_Figure", pint.Quantity, np.ndarray)
_FORM_KEY = {"at_least": "counts.at_least_excess", "up_to": "counts.up_to_shortfall"}


class Chain:
    """Container arithmetic for one block of trials on one basis (see the module text)."""

    def __init__(self, draws: Draws, basis: str, mix_key: str = "mix.calibre_share") -> None:
        self.d, self.basis, self.mix_key = draws, basis, mix_key
        self._rpc: dict[str, tuple[pint.Quantity, np.ndarray]] = {}
        self._caps: dict[str, tuple[pint.Quantity, pint.Quantity]] | None = None
        self._memo: dict[tuple[str, str], pint.Quantity] = {}

    @property
    def mix_calibres(self) -> tuple[str, ...]:
        return tuple(getattr(self.d.inputs[self.mix_key].distribution, "categories", ()))

    def _share_40(self) -> np.ndarray:
        return self.d["containers.share_40ft"].m_as("")

    def boxes_average(self, per_box: list[_Figure]) -> _Figure:
        """A figure of each box size (20ft, 40ft), a quantity or a plain array, averaged by
        ``containers.share_40ft``."""
        share = self._share_40()
        return per_box[0] * (1.0 - share) + per_box[1] * share

    def capacities(self) -> dict[str, tuple[pint.Quantity, pint.Quantity]]:
        """Cargo mass and usable volume of each box size."""
        if self._caps is None:
            d = self.d
            self._caps = {box: container_capacity(
                d[f"containers.{box}.payload_limit"], d["containers.mass_utilisation"],
                d[f"containers.{box}.internal_volume"], d["containers.volume_utilisation"])
                for box in BOXES}
        return self._caps

    def payload(self) -> pint.Quantity:
        """Cargo mass a box can carry, averaged over box sizes [mass / container]."""
        caps = self.capacities()
        return self.boxes_average([caps[box][0] for box in BOXES])

    def _calibre(self, calibre: str) -> tuple[pint.Quantity, np.ndarray]:
        got = self._rpc.get(calibre)
        if got is None:
            caps = self.capacities()
            mass = self.d[f"munitions.{calibre}.{self.basis}_mass"]
            volume = self.d[f"munitions.{calibre}.{self.basis}_volume"]
            per_box, weight = zip(*(rounds_per_container(caps[box][0],
                                                         caps[box][1] * self._fill(calibre, box),
                                                         mass, volume)
                                    for box in BOXES), strict=True)
            got = (self.boxes_average(list(per_box)), self.boxes_average(list(weight)))
            self._rpc[calibre] = got
        return got

    def _fill(self, calibre: str, box: str) -> np.ndarray | float:
        """The share of the box's length usable by this calibre's crates: complete rounds
        with a ``crate_length`` only (bare items and short crates: 1)."""
        key = f"munitions.{calibre}.crate_length"
        if self.basis != "complete" or key not in self.d.inputs:
            return 1.0
        return lengthwise_fill(self.d[f"containers.{box}.internal_length"],
                               self.d["containers.internal_width"], self.d[key])

    def per_container(self, calibre: str) -> pint.Quantity:
        """Rounds per box [round / container] for one calibre, or for the mix (``"mix"``)."""
        if calibre == MIX:
            got = self._memo.get(("rpc", MIX))
            if got is None:
                got = self._memo[("rpc", MIX)] = mixed_per_container(
                    [self._calibre(c)[0] for c in self.mix_calibres], self.d[self.mix_key])
            return got
        return self._calibre(calibre)[0]

    def weight_share(self, calibre: str) -> np.ndarray:
        """Share of boxes (by size) in which weight, not volume, limits the load; for the
        mix, over the boxes of every calibre by its share of them."""
        if calibre == MIX:
            shares = self.d[self.mix_key].m_as("")
            parts = [self._calibre(c)[1] for c in self.mix_calibres]
            return np.asarray(np.sum(np.stack(parts, axis=-1) * shares, axis=-1), dtype=float)
        return self._calibre(calibre)[1]

    def cargo_mass(self, calibre: str) -> pint.Quantity:
        """Mass of the rounds one box carries [mass / container], for a calibre or the mix."""
        got = self._memo.get(("mass", calibre))
        if got is None:
            if calibre == MIX:
                shares = self.d[self.mix_key].m_as("")
                parts = [self.cargo_mass(c).m_as("t/container") for c in self.mix_calibres]
                got = Q_(np.sum(np.stack(parts, axis=-1) * shares, axis=-1), "t/container")
            else:
                mass = self.d[f"munitions.{calibre}.{self.basis}_mass"]
                got = (self.per_container(calibre) * mass / ureg.round).to("t/container")
            self._memo[("mass", calibre)] = got
        return got


    def per_call(self, ship: str | None = None) -> pint.Quantity | None:
        """Containers loaded per port call by ``ship``, or averaged over the fleet by each
        ship's share of calls; None where the assumptions have no ships."""
        inputs = self.d.inputs
        if ship is not None:
            return self.d[f"ships.{ship}.containers_per_call"].to("container/port_call")
        if "ships.call_share" not in inputs:
            return None
        ships = getattr(inputs["ships.call_share"].distribution, "categories", ())
        shares = self.d["ships.call_share"].m_as("")
        per = np.stack([self.d[f"ships.{s}.containers_per_call"].m_as("container/port_call")
                        for s in ships], axis=-1)
        return Q_(np.sum(per * shares, axis=-1), "container/port_call")

    def containers_from(self, n: pint.Quantity, measure: str, calibre: str | None = None, *,
                        ship: str | None = None) -> pint.Quantity | None:
        """Containers that ``n`` of ``measure`` stands for, or None where no assumption says.

        Rounds and tonnes are read as rounds of ``calibre`` (default: the mix) in full
        boxes; port calls by ``ship`` (default: the fleet mix), a shipment read as one
        delivery port call (the sources that count shipments count ship voyages); trains as
        rail cars.
        """
        if measure == "containers":
            return n.to("container")
        if measure == "rounds":
            return (n / self.per_container(calibre or MIX)).to("container")
        if measure == "tonnes":
            return (n / self.cargo_mass(calibre or MIX)).to("container")
        if measure in ("port_calls", "shipments"):
            per = self.per_call(ship)
            if per is None:
                return None
            calls = Q_(n.m_as("shipment"), "port_call") if measure == "shipments" else n
            return (calls * per).to("container")
        if measure in ("rail_cars", "trains") and "rail.containers_per_car" in self.d.inputs:
            if measure == "trains":
                n = n * self.d["rail.cars_per_train"]
            return (n * self.d["rail.containers_per_car"]).to("container")
        return None

    def footing(self, containers: pint.Quantity, dud_rate: pint.Quantity | None = None,
                measures: Iterable[str] = FOOTING, *, calibre: str = MIX,
                reference: str = REFERENCE) -> dict[str, pint.Quantity]:
        """Containers on every common measure (:data:`FOOTING`): tonnes, rounds of the mix,
        rounds of the ``reference`` calibre (``rounds_152``: the same boxes filled with it,
        152mm-equivalent by default), and usable rounds of the mix after duds (``dud_rate``,
        by default the draws' ``duds.dud_rate``); with ``measures``, only those (and only
        the inputs they need are read). With ``calibre``, the boxes are filled with that
        calibre alone: its tonnes, rounds and usable rounds (the reference's are the
        same)."""
        if isinstance(measures, str):  # one name where a list goes: not its letters
            raise InputError("measures", "a list of measures, such as ['rounds']", measures)
        out: dict[str, pint.Quantity] = {}
        rounds: pint.Quantity | None = None
        for name in measures:
            if name == "containers":
                out[name] = containers
            elif name == "tonnes":
                out[name] = (containers * self.cargo_mass(calibre)).to("t")
            elif name in ("rounds", "usable"):
                if rounds is None:
                    rounds = (containers * self.per_container(calibre)).to("round")
                out[name] = rounds if name == "rounds" else usable_rounds(
                    rounds, self.d["duds.dud_rate"] if dud_rate is None else dud_rate)
            elif name == "rounds_152":
                out[name] = (containers * self.per_container(reference)).to("round")
            else:
                raise InputError("measures", "names among " + ", ".join(FOOTING), name)
        return out


def equivalent(reference: str = REFERENCE) -> str:
    """How a figure in rounds of the ``reference`` calibre is labelled: a calibre's HE
    round by its size alone, any other by its id.

    >>> equivalent("152mm_he"), equivalent("155mm_he"), equivalent("122mm_rocket")
    ('152mm-equivalent', '155mm-equivalent', '122mm_rocket-equivalent')
    """
    return f"{reference.removesuffix('_he')}-equivalent"


def reference_texts(texts: Mapping[str, str], reference: str = REFERENCE) -> dict[str, str]:
    """What each measure is called (``texts``), with ``{reference}`` in them the label of
    the ``reference`` calibre (:func:`equivalent`).

    >>> reference_texts({"rounds_152": "{reference} rounds"}, "155mm_he")
    {'rounds_152': '155mm-equivalent rounds'}
    """
    said = equivalent(reference)
    return {k: v.replace("{reference}", said) for k, v in texts.items()}


def check_reference(reference: object, calibres: Iterable[str]) -> str:
    """``reference`` (in any case) as ``calibres`` (the ``munitions`` groups of the
    assumptions in use) spell it; else one error naming ``reference``, the calibres and
    the nearest of them."""
    return one_of(reference, calibres, "reference")


def check_basis(basis: object, place: str = "basis") -> str:
    """``basis`` (in any case) if it is one of :data:`BASES`; else an error naming
    ``place``."""
    return one_of(basis, BASES, place)


def as_count(count: object, unit: str, option: str = "count") -> Count:
    """A count as research code may give it: a :class:`Count`, as written (``"~6,700"``),
    a number, or a quantity of ``unit`` (``Q_(6700, "container")``, exact).

    >>> as_count(Q_(6700, "container"), "container").low
    6700.0
    """
    if isinstance(count, Count):
        return count
    if isinstance(count, pint.Quantity):
        if count.dimensionality != ureg(unit).dimensionality or np.ndim(count.magnitude):
            raise InputError(option, f"one count of {unit}s (a quantity in {unit})",
                             f"{count:P}" if not np.ndim(count.magnitude) else "an array")
        count = float(count.m_as(unit))
    return parse_count(count, option)


def count_inputs(key: str, count: Count, assumptions: object, unit: pint.Unit) -> list[Input]:
    """The engine inputs that a stated count needs, under ``key``.

    The count's own spread is drawn as ``key``; an at-least or up-to count also draws
    its own excess or shortfall as ``key.form`` from the distribution of the assumption
    named in :data:`_FORM_KEY`, so that two claims' excesses are independent.
    """
    inputs = [Input(key, count.distribution(), unit)]
    form_key = _FORM_KEY["at_least"] if count.open_high else _FORM_KEY.get(count.form)
    if form_key is not None:
        inputs.append(Input(f"{key}.form", assumptions[form_key].distribution,  # type: ignore[index]
                            ureg.dimensionless, of=form_key))
    return inputs


def count_value(d: Draws, key: str, count: Count) -> pint.Quantity:
    """The count drawn under ``key``, with its at-least excess or up-to shortfall applied."""
    n = d[key]
    if count.open_high:  # a range to "at least" its top: the part above low stretched
        low = Q_(count.low, n.units)
        top = count.high * (1.0 + d[f"{key}.form"].m_as(""))
        return low + (n - low) * ((top - count.low) / (count.high - count.low))
    if count.form == "at_least":
        return n * (1.0 + d[f"{key}.form"].m_as(""))
    if count.form == "up_to":
        return n * (1.0 - d[f"{key}.form"].m_as(""))
    return n
