"""The catalogue of public claims (``assumptions/reports.toml``), read and validated.

Each claim says who counted what, when, over which period, and how the figure was
worded. The wording becomes a :class:`~estimator.counts.Count` by the same rules the
command line uses for ``--count`` (see :mod:`estimator.counts`): ``approx`` reads the
figure to the precision written, ``at_least`` and ``up_to`` apply an explicit excess
or shortfall, ``range`` is uniform over the stated range. A claim may also say
``basis = "capacity"`` (what a route *could* have carried, by the source's own
packing: not a delivery, and not pooled) and ``over = ID`` (an increment over an earlier claim).
``first_public`` is the date the figure was first made public, where that is earlier
than the cited outlet's ``published`` (an interview or report the outlet re-reported);
``pool(known_by=...)`` goes by it (:attr:`Claim.public_date`).

A user's own file (``--reports FILE``) adds claims or replaces them by id, validated
like the defaults; every problem in a file is listed, not only the first.

>>> cat = Catalogue.defaults()
>>> claim = cat["shin_6700_containers"]
>>> claim.measure, claim.count.form
('containers', 'approx')
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path
from typing import Any, TypeVar

from estimator._args import MINUS_SIGNS, date_problem, file_path, plain_id, some_names
from estimator._frozen import freeze_fields
from estimator.assumptions import defaults_dir, plain_data, read_toml
from estimator.counts import Count, parse_count, range_ends, split_mark
from estimator.errors import (
    MISSING,
    UNKNOWN_KEY,
    AssumptionError,
    AssumptionProblems,
    InputError,
    NotFound,
    Words,
    attempt,
    did_you_mean,
    held_key,
    nearest,
    one_of,
    raise_all,
    run_together,
    spelled,
)

__all__ = ["BASES", "FORMS", "MEASURES", "SCOPES", "Catalogue", "Claim", "Figure", "counted"]

DEFAULT_FILE = "reports.toml"
MEASURES: dict[str, str] = {
    "containers": "container", "rounds": "round", "port_calls": "port_call",
    "shipments": "shipment", "tonnes": "t", "missiles": "missile",
    "rail_cars": "rail_car", "trains": "train",
}
RAIL_MEASURES = ("rail_cars", "trains")  # counted on the railway: the timeline is by sea
BASES = ("delivered", "capacity", "fired")
SCOPES = ("munitions", "munitions_or_related", "artillery", "ballistic_missiles", "cargo_ships")
FORMS = ("exact", "approx", "at_least", "up_to", "range")
_REQUIRED = ("who", "outlet", "published", "as_of", "period_start", "measure", "basis", "scope",
             "form", "figure", "origin", "quote")
_CHOICES = {"measure": tuple(MEASURES), "basis": BASES, "scope": SCOPES, "form": FORMS}
_OPTIONAL = frozenset({"url", "note", "calibre", "over", "conversions", "duds",
                       "first_public"})
_FIGURE_REQUIRED = ("form", "figure", "quote")
_FIGURE_OPTIONAL = frozenset({"measure", "calibre", "note"})
T = TypeVar("T")


@dataclass(frozen=True)
class Figure:
    """A number as a source worded it: its measure, form, the count it reads as, the quote."""

    measure: str
    form: str
    text: str
    count: Count
    quote: str
    calibre: str | None = None
    note: str = ""  # where the quote is from, how the figure is read

    def __post_init__(self) -> None:
        """A figure built in Python holds as one a claims file gives: a known measure and
        form (in any case, kept as the reader spells them: ``"Containers"`` as
        ``"containers"``), text and quote, and the count its text reads as in its form, by
        the reader's own rule (``Figure(form="approx", text="9,000")`` holds
        ``parse_count("~9,000")``); every problem raised together, each named
        ``figure.FIELD``. A count of things in parts (0.5 port calls) is the claim's to
        refuse, as the file's reader does: a figure alone cannot tell a dud share."""
        problems: list[InputError] = []
        settle = partial(_settled, self, "figure", problems)
        settle("measure", _measure)
        for name in ("text", "quote", *(("calibre",) if self.calibre is not None else ())):
            settle(name, _text)
        if not isinstance(self.note, str):
            problems.append(AssumptionError("figure.note", "a string", self.note))
        if not isinstance(self.count, Count):
            problems.append(AssumptionError("figure.count", "a Count, such as "
                                            "parse_count('~6,700')", type(self.count).__name__))
        elif isinstance(self.text, str):
            read = attempt(problems, partial(_figure_count, self.form, self.text, "figure",
                                             whole=False, text_key="text"))
            if read is not None:
                form, _, count = read
                object.__setattr__(self, "form", form)
                if _reading(count) != _reading(self.count):
                    problems.append(AssumptionError(
                        "figure.count", f"{count.text!r}, as text {self.text!r} reads in form "
                        f"{form!r}", self.count.text))
        raise_all(problems)

    def written(self) -> str:
        """The number with its form in words: '~6,700', 'at least 3M' (for 'at least',
        'over' or 'more than': never false), 'up to 500k', '4M-6M', '6.5M to at least 8M'."""
        if self.count.open_high:
            low, high = range_ends(self.text)
            return f"{low} to {_FORM_WORDS['at_least']}{high}"
        return f"{_FORM_WORDS[self.form]}{self.text}"

    def divided(self, by: float, number: Callable[[float], str]) -> str:
        """The figure as written divided by ``by``, its form kept and each number written by
        ``number``: "at least 1,000" over 1.22 months is 'at least 820', "4M-6M" over 24
        '167k-250k', before any reading of the form (no excess for "at least")."""
        low, high = (x / by for x in self.count.written_ends())
        if self.count.open_high:
            return f"{number(low)} to {_FORM_WORDS['at_least']}{number(high)}"
        if low != high:
            return f"{number(low)}-{number(high)}"
        return f"{_FORM_WORDS[self.form]}{number(low)}"


@dataclass(frozen=True)
class Claim:
    """One public claim (see the module text for the fields' meaning)."""

    id: str
    who: str
    outlet: str
    published: dt.date
    as_of: dt.date
    period_start: dt.date
    measure: str
    basis: str
    scope: str
    figure: Figure
    origin: str
    url: str = ""
    note: str = ""
    over: str | None = None
    conversions: tuple[Figure, ...] = ()
    duds: Figure | None = None
    file: str = ""
    first_public: dt.date | None = None  # when the figure was first public, before published

    def __post_init__(self) -> None:
        """A claim built in Python keeps the rules a claims file's does, checked by the
        reader's own functions: a plain id; dates (``datetime.date``) in the order the
        reader requires; a known measure, basis and scope; its figure of its measure, a
        dud statement a fraction of rounds; every problem raised together, each named
        ``claims.ID.FIELD`` (after its file, where it has one). References between claims
        (``over``) and calibres are the catalogue's to check (:meth:`Catalogue.with_claims`
        checks both)."""
        place = f"{self.file}: claims.{self.id}" if self.file else f"claims.{self.id}"
        problems: list[InputError] = []
        settle = partial(_settled, self, place, problems)
        attempt(problems, partial(_claim_id, self.id, place))
        for name in ("who", "outlet", "origin", *(("over",) if self.over is not None else ())):
            settle(name, _text)
        problems += [AssumptionError(f"{place}.{name}", "a string", getattr(self, name))
                     for name in ("url", "note", "file")
                     if not isinstance(getattr(self, name), str)]
        measure = settle("measure", _measure)
        settle("basis", _basis)
        settle("scope", _scope)
        published, as_of, start = (settle(name, _is_date)
                                   for name in ("published", "as_of", "period_start"))
        first = settle("first_public", _is_date) if self.first_public is not None else None
        problems += _date_order(place, published, as_of, start, first)
        if not isinstance(self.figure, Figure):
            problems.append(AssumptionError(f"{place}.figure", "a Figure",
                                            type(self.figure).__name__))
        elif measure is not None and self.figure.measure != measure:
            problems.append(AssumptionError(f"{place}.figure.measure", "the claim's measure, "
                                            f"{measure!r}", self.figure.measure))
        if not (isinstance(self.conversions, tuple)
                and all(isinstance(c, Figure) for c in self.conversions)):
            problems.append(AssumptionError(f"{place}.conversions", "a tuple of Figures",
                                            self.conversions))
        else:  # a count of things is whole, as a file's is (a Figure alone cannot tell)
            figures = (("figure", self.figure) if isinstance(self.figure, Figure) else None,
                       *((f"conversions[{i}]", c) for i, c in enumerate(self.conversions)))
            for at, fig in filter(None, figures):
                attempt(problems, partial(_figure_count, fig.form, fig.text, f"{place}.{at}",
                                          whole=_whole(fig.measure), text_key="text"))
        if self.duds is not None:
            if isinstance(self.duds, Figure):
                attempt(problems, partial(_dud_share, self.duds, f"{place}.duds"))
            else:
                problems.append(AssumptionError(f"{place}.duds", "a Figure or None",
                                                type(self.duds).__name__))
        raise_all(problems)

    @property
    def public_date(self) -> dt.date:
        """The date the figure became public: ``first_public`` where the catalogue gives
        one, else ``published`` (what ``pool(known_by=...)`` goes by)."""
        return self.first_public or self.published

    def public_as(self) -> str:
        """That date, saying which it is: 'first public 2024-02-23' or 'published
        2024-03-03'."""
        which = "published" if self.first_public is None else "first public"
        return f"{which} {self.public_date.isoformat()}"

    @property
    def count(self) -> Count:
        return self.figure.count

    @property
    def calibre(self) -> str | None:
        return self.figure.calibre

    @property
    def quote(self) -> str:
        return self.figure.quote

    @property
    def by_rail(self) -> bool:
        """A count of rail cars or trains: deliveries by rail, which the delivery timeline
        (port calls, by sea) does not hold, so the side-by-side sets it on the footing
        through ``rail.*`` but not against the timeline, and the pool leaves it out."""
        return self.measure in RAIL_MEASURES

    @property
    def not_by_sea(self) -> bool:
        """A count of shipments not said to be by sea (a scope other than cargo_ships), or
        of rail cars or trains (:attr:`by_rail`): not port calls, so the pool leaves it out
        and the side-by-side flags it."""
        return self.by_rail or (self.measure == "shipments" and self.scope != "cargo_ships")

    @property
    def one_day(self) -> bool:
        """A count on one day (``period_start`` its ``as_of``): a stock, not a flow, so
        it gives no monthly rate."""
        return self.period_start == self.as_of

    @property
    def months(self) -> float:
        """Length of the claim's period in months (a twelfth of 365.25 days), through its
        as-of day, as the timeline it is set against counts it (at least a day)."""
        return max((self.as_of - self.period_start).days + 1, 1) / (365.25 / 12)

    def cite(self) -> str:
        """Who said it, where, and when it was published."""
        return f"{self.who}; {self.outlet}, published {self.published.isoformat()}"

    def stated(self) -> str:
        """The figure in words, with its measure and scope."""
        unit = counted(self.figure.text, self.measure.replace("_", " "))
        scope = {"munitions_or_related": " of munitions or related materials",
                 "capacity": ""}.get(self.scope, "")
        kind = " (could have carried)" if self.basis == "capacity" else (
            " (fired)" if self.basis == "fired" else "")
        return f"{self.figure.written()} {unit}{self._of()}{scope}{kind}"

    def _of(self) -> str:
        """`` of 155mm_nato`` for a claim of one calibre (a user's; the catalogue's count
        the calibre mix), else ''."""
        return f" of {self.calibre}" if self.calibre else ""

    def short(self) -> str:
        """The figure in a few words, for a table: '~6,700 boxes', 'at least 10,000 boxes (or
        related)', 'at least 2.5M rounds (capacity)'."""
        unit = counted(self.figure.text, {"port_calls": "calls", "containers": "boxes"}.get(
            self.measure, self.measure.replace("_", " ")))
        tail = " (or related)" if self.scope == "munitions_or_related" else ""
        tail += {"capacity": " (capacity)", "fired": " (fired)"}.get(self.basis, "")
        return f"{self.figure.written()} {unit}{self._of()}{tail}"


def counted(figure: str, unit: str) -> str:
    """``unit`` (a plural) as it reads after ``figure``: "1 port call", "2 port calls"."""
    if figure.strip() == "1":
        return unit.removesuffix("es" if unit.endswith("xes") else "s")
    return unit


_FORM_WORDS = {"exact": "", "approx": "~", "at_least": "at least ", "up_to": "up to ", "range": ""}
_FORM_SYNTAX = {"exact": "{}", "approx": "~{}", "at_least": "{}+", "up_to": "<={}", "range": "{}"}
# The marks a figure may carry in --count syntax, which form = ... says instead in a claim.


def _date(value: object, place: str) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            pass
    raise date_problem(place, "a date such as 2024-02-26", value, AssumptionError)


def _text(value: object, place: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise AssumptionError(place, "a non-empty string", value)
    return value.strip()


def _choice(value: object, options: tuple[str, ...] | Mapping[str, str], place: str) -> str:
    return one_of(value, options, place, error=AssumptionError)


def _measure(value: object, place: str) -> str:
    return _choice(value, MEASURES, place)


def _basis(value: object, place: str) -> str:
    return _choice(value, BASES, place)


def _scope(value: object, place: str) -> str:
    return _choice(value, SCOPES, place)


def _is_date(value: object, place: str) -> dt.date:
    """A date given in Python: a ``datetime.date`` (not a date-time, nor text, which
    :meth:`Catalogue.with_claims` reads as a file's are read)."""
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    raise AssumptionError(place, "a date (datetime.date)", value,
                          hint="Catalogue.with_claims reads dates written as text")


def _claim_id(cid: object, place: str) -> str:
    if not isinstance(cid, str) or not plain_id(cid):
        raise AssumptionError(place, "an id of lower-case letters, digits and _", cid)
    return cid


def _settled(obj: object, place: str, problems: list[InputError], name: str,
             how: Callable[[object, str], T]) -> T | None:
    """``how(obj.NAME, "place.NAME")``, the field of a frozen ``obj`` set to what it gives
    (a choice as the reader spells it, a text stripped); None, its problem kept, on
    failure."""
    value = attempt(problems, partial(how, getattr(obj, name), f"{place}.{name}"))
    if value is not None:
        object.__setattr__(obj, name, value)
    return value


def _date_order(place: str, published: dt.date | None, as_of: dt.date | None,
                start: dt.date | None, first: dt.date | None) -> list[InputError]:
    """The order a claim's dates keep (each None that could not be read): its period
    before its as-of day, that before it was published (and first made public), and
    published no later than today."""
    problems: list[InputError] = []
    if as_of and start and as_of < start:
        problems.append(AssumptionError(f"{place}.as_of", "a date on or after period_start "
                                        f"({start})", as_of.isoformat()))
    if as_of and published and as_of > published:
        problems.append(AssumptionError(f"{place}.as_of", "a date on or before published "
                                        f"({published}): a claim counts what was known when "
                                        "it was published", as_of.isoformat()))
    if first and published and first > published:
        problems.append(AssumptionError(f"{place}.first_public", "a date on or before "
                                        f"published ({published}): the date the figure was "
                                        "first made public, before the outlet cited",
                                        first.isoformat()))
    if first and as_of and first < as_of:
        problems.append(AssumptionError(f"{place}.first_public", "a date on or after as_of "
                                        f"({as_of}): a figure is made public no earlier than "
                                        "the date it counts to", first.isoformat()))
    if published and published > dt.date.today():
        problems.append(AssumptionError(f"{place}.published", "a date no later than today "
                                        f"({dt.date.today()})", published.isoformat()))
    return problems


_ONE_DAY = dt.timedelta(days=1)


def _reading(count: Count) -> tuple[float, float, str, bool]:
    """What a count reads as, whatever words it was written in (``about 9,000`` is
    ``~9,000``)."""
    return count.low, count.high, count.form, count.open_high


def _unknown_field(place: str, key: str, what: str, fields: Sequence[str]) -> InputError:
    """A key no claim or figure has: the fields there are, and the nearest one."""
    return AssumptionError(place, f"{what} ({', '.join(fields)})", UNKNOWN_KEY,
                           hint=did_you_mean(key, fields))


def _whole(measure: str, *, share: bool = False) -> bool:
    """Whether a figure of ``measure`` taken as it stands is a whole number: a count of
    things (all measures but tonnes), not a share (a dud statement)."""
    return not share and measure != "tonnes"


def _figure(table: object, place: str, measure: str | None, *, share: bool = False) -> Figure:
    """Read a figure (the claim's own, a conversion, or with ``share`` a dud statement);
    a count of things taken as it stands is a whole number (:func:`_whole`)."""
    if not isinstance(table, dict):
        raise AssumptionError(place, "a table with form, figure and quote", table)
    problems: list[InputError] = [
        _unknown_field(f"{place}.{k}", k, "one of the keys",
                       (*_FIGURE_REQUIRED, *sorted(_FIGURE_OPTIONAL)))
        for k in table if k not in _FIGURE_REQUIRED and k not in _FIGURE_OPTIONAL]
    problems += [AssumptionError(f"{place}.{k}", "this key", MISSING)
                 for k in _FIGURE_REQUIRED if k not in table]
    quote = attempt(problems, partial(_text, table["quote"], f"{place}.quote")
                    ) if "quote" in table else None
    calibre = table.get("calibre")
    if calibre is not None:
        calibre = attempt(problems, partial(_text, calibre, f"{place}.calibre"))
    note = attempt(problems, partial(_text, table["note"], f"{place}.note")
                   ) if "note" in table else ""
    if measure is None:
        measure = attempt(problems, partial(_measure, table.get("measure"),
                                            f"{place}.measure"))
    read = None
    if "form" in table and "figure" in table:
        read = attempt(problems, partial(_figure_count, table["form"], table["figure"], place,
                                         whole=_whole(measure, share=share)))
    raise_all(problems)
    assert read is not None and measure is not None and quote is not None
    form, text, count = read
    return Figure(measure, form, text, count, quote, calibre, note or "")


def _figure_count(form: object, text: object, place: str, *, whole: bool,
                  text_key: str = "figure") -> tuple[str, str, Count]:
    """A figure's form, its text (under ``text_key``: a file's ``figure``, a
    :class:`Figure`'s ``text``) and the count it gives, checked against each other."""
    form = _choice(form, FORMS, f"{place}.form")
    at = f"{place}.{text_key}"
    if isinstance(text, (int, float)) and not isinstance(text, bool):
        # a TOML number: an integer's digits as they stand (1200000), a float's as Python
        # prints them (0.5); a float for a count of things (1.2e6, 6700.0), or one printed
        # with an exponent, says nothing of how the source wrote it: in quotes, as written
        shown = str(text) if isinstance(text, int) else repr(text)
        if (isinstance(text, float) and whole) or "e" in shown:
            raise AssumptionError(at, "the figure as the source wrote it, in "
                                  f'quotes: {text_key} = "1.2M" or "1,200,000"', text)
        text = shown
    text = _text(text, at)
    written = parse_count(text, at, whole=whole).form
    _, mark, alone = split_mark(text)
    if mark and written != "range":  # a range's '+' is its own: 6.5M-8M+, the top open
        if written != form:
            raise AssumptionError(f"{place}.form", f"'{written}' with {text_key} = {alone!r}, as "
                                  f"{text!r} is written (the '{mark}' goes in the form); or "
                                  f"{text_key} = {alone!r} for form = '{form}'", form)
        raise AssumptionError(at, f"the number alone, {alone!r} (form = "
                              f"'{form}' says how it was worded)", text)
    if (form == "range") != (written == "range"):
        raise AssumptionError(at, "a range LOW-HIGH with form = 'range'"
                              if form == "range" else f"a single number for form = '{form}'",
                              text)
    return form, text, parse_count(_FORM_SYNTAX[form].format(text), at,
                                   whole=whole)


def _claim(cid: str, table: object, file: str) -> Claim:
    """One claim, read whole; every problem found in it is raised together (an
    :class:`AssumptionProblems` of them, or the one ``AssumptionError``)."""
    place = f"{file}: claims.{cid}"
    _claim_id(cid, place)
    if not isinstance(table, dict):
        raise AssumptionError(place, "a table of the claim's fields", table)
    problems: list[InputError] = []

    def read(key: str, how: Callable[[object, str], T], *, default: T | None = None,
             ) -> T | None:
        """``how(table[key], place.key)``, its problem kept and None given on failure;
        ``default`` for an optional key that is absent."""
        if key not in table:
            return default
        return attempt(problems, partial(how, table[key], f"{place}.{key}"))

    for key in table:
        if key not in _REQUIRED and key not in _OPTIONAL:
            problems.append(_unknown_field(f"{place}.{key}", key, "a field of a claim",
                                           (*_REQUIRED, *sorted(_OPTIONAL))))
    for key in _REQUIRED:
        if key not in table:
            what = (": every claim names its source (who said it, where, and their exact "
                    "words)" if key in ("who", "outlet", "quote") else
                    f": one of {', '.join(_CHOICES[key])}" if key in _CHOICES else "")
            problems.append(AssumptionError(f"{place}.{key}", f"this field{what}", MISSING))
    published = read("published", _date)
    as_of = read("as_of", _date)
    start = read("period_start", _date)
    first = read("first_public", _date)
    problems += _date_order(place, published, as_of, start, first)
    measure = read("measure", _measure)
    figure = None
    if "form" in table and "figure" in table:  # checked even beside a bad measure or quote
        parts = {k: table[k] for k in ("form", "figure", "quote", "calibre") if k in table}
        figure = attempt(problems, partial(_figure, {"quote": "(missing: listed above)", **parts},
                                           place, measure or next(iter(MEASURES))))
    convs = []
    listed = table.get("conversions", [])
    if not isinstance(listed, list):
        problems.append(AssumptionError(f"{place}.conversions", "an array of tables "
                                        "[[...conversions]]", listed))
        listed = []
    for i, c in enumerate(listed):  # each conversion's problems, not only the first's
        conv = attempt(problems, partial(_figure, c, f"{place}.conversions[{i}]", None))
        if conv is not None:
            convs.append(conv)
    duds = read("duds", _duds)
    text = {k: read(k, _text, default="") for k in ("who", "outlet", "origin", "url", "note")}
    basis = read("basis", _basis)
    scope = read("scope", _scope)
    over = read("over", _text)
    raise_all(problems)
    assert published and as_of and start and measure and figure and basis and scope
    return Claim(
        id=cid, who=text["who"] or "", outlet=text["outlet"] or "", published=published,
        as_of=as_of, period_start=start, measure=measure, basis=basis, scope=scope,
        figure=figure, origin=text["origin"] or "", url=text["url"] or "",
        note=text["note"] or "", over=over, conversions=tuple(convs), duds=duds, file=file,
        first_public=first)



def _duds(value: object, place: str) -> Figure:
    figure = value.get("figure") if isinstance(value, dict) else None
    if isinstance(figure, str) and figure.strip().endswith("%"):
        raise AssumptionError(f"{place}.figure", "a fraction from 0 to 1, such as 0.5 for "
                              "half (not a percentage)", figure)
    if (isinstance(figure, str) and figure.strip().startswith(MINUS_SIGNS)) or (
            isinstance(figure, (int, float)) and not isinstance(figure, bool) and figure < 0):
        raise AssumptionError(f"{place}.figure", "a fraction from 0 to 1", figure)
    return _dud_share(_figure(value, place, "rounds", share=True), place)


def _dud_share(duds: Figure, place: str) -> Figure:
    """A dud statement: a share of rounds, from 0 to 1."""
    if duds.measure != "rounds":
        raise AssumptionError(f"{place}.measure", "'rounds' (a dud statement is a share of "
                              "the rounds)", duds.measure)
    if not 0.0 <= duds.count.low <= duds.count.high <= 1.0:
        raise AssumptionError(f"{place}.figure", "a fraction from 0 to 1", duds.text)
    return duds


def _claim_overs(path: str | Path) -> dict[str, object]:
    """The ``over`` of every [claims.ID] table in a file, read or not, by id (None where
    it has none; nothing if the file is unreadable)."""
    try:
        return _overs(read_toml(Path(path), str(path)).get("claims"))
    except InputError:
        return {}


def _overs(table: object) -> dict[str, object]:
    """The ``over`` of every claim of a claims table, read or not, by id (None where it
    has none; nothing if it is no table)."""
    if not isinstance(table, dict):
        return {}
    return {cid: t.get("over") if isinstance(t, dict) else None for cid, t in table.items()}


def read_claims(path: Path, shown: str) -> tuple[dict[str, Claim], list[InputError]]:
    """Every claim of one file, and every problem found (all of each claim's own)."""
    problems: list[InputError] = []
    data = attempt(problems, lambda: read_toml(path, shown))  # every problem said
    if data is None:
        return {}, problems
    if data and "claims" not in data:  # every key a problem: say once what the file is
        return {}, [AssumptionError(shown, "a catalogue of claims ([claims.ID] tables)",
                                    "only " + ", ".join(f"[{k}]" for k in data),
                                    hint="a file of assumptions is checked with "
                                    "'estimate assumptions check FILE'")]
    extra = [k for k in data if k != "claims"]
    problems += [AssumptionError(f"{shown}: {k}", "only [claims.ID] tables", UNKNOWN_KEY)
                 for k in extra]
    claims_table = data.get("claims")
    if not isinstance(claims_table, dict) or not claims_table:
        problems.append(AssumptionError(shown, "at least one [claims.ID] table",
                                        "none" if claims_table is None else claims_table))
        return {}, problems
    claims, more = _read_table(claims_table, shown)
    return claims, problems + more


def _read_table(table: Mapping[str, object], shown: str,
                ) -> tuple[dict[str, Claim], list[InputError]]:
    """Every claim of a claims table (a file's ``[claims]``, or claims given from
    Python), and every problem found (all of each claim's own)."""
    claims: dict[str, Claim] = {}
    problems: list[InputError] = []
    for cid, fields in table.items():
        try:
            claims[cid] = _claim(cid, fields, shown)
        except AssumptionProblems as exc:
            problems += exc.problems
        except InputError as exc:
            problems.append(exc)
    return claims, problems


DEFAULT_PLACE = f"assumptions/{DEFAULT_FILE}"  # how the catalogue's own claims name their file
PYTHON = "<python>"  # how claims given from Python name their place, as entries do
CLAIM_IDS = "one or more claim ids (or None for all)"  # what a filter of ids expects


@dataclass(frozen=True)
class Catalogue(Mapping[str, Claim]):
    """The claims of a run, by id: the defaults, with a user's files adding or replacing."""

    claims: Mapping[str, Claim]
    files: tuple[str, ...] = ()
    replaced: tuple[str, ...] = field(default=())
    added: tuple[str, ...] = field(default=())
    unchanged: tuple[str, ...] = field(default=())  # replaced by the same claim, word for word
    # a hash of the claims themselves (not of the files' names, nor of which file holds
    # a claim), made whenever a catalogue is: every run line of the claims' commands
    # carries it, as it carries the assumptions' digest
    digest: str = field(init=False, default="")

    def __post_init__(self) -> None:
        freeze_fields(self)
        self._check_provenance()
        h = hashlib.sha256()
        for cid in sorted(self.claims):
            h.update(repr(replace(self.claims[cid], file="")).encode())
        object.__setattr__(self, "digest", h.hexdigest()[:16])

    def _check_provenance(self) -> None:
        """Refuse claims whose place the catalogue cannot say, which every record of a run
        would give wrong (``default_catalogue``, ``claims_added``, each claim's ``file``):
        see :meth:`_unplaced`."""
        fault = self._unplaced()
        if fault is not None:
            got, why = fault
            raise InputError("Catalogue", "claims layered on Catalogue.defaults() or "
                             "Catalogue.empty() by .with_claims({...}) or .with_file(path), "
                             "which record where each comes from", Words(got),
                             hint=why or "a run's claims=[...] chooses some of a catalogue's")

    def _unplaced(self) -> tuple[str, str] | None:
        """The first claim whose place the records would give wrong, in words, and why
        (or ''), else None: claims with no file read; a claim under a key other than its
        id; a claim of none of the catalogue's files nor of the default catalogue's (a
        hand-built one, of file ''); a claim of a user's file not added (nor, beside the
        default catalogue, replacing one): ``Catalogue({**Catalogue.defaults(), "mine":
        claim})``. Without the default catalogue, every claim of a user's file is then
        added, as the records say."""
        if not self.claims:
            return None
        if not self.files:
            return f"{len(self.claims)} claims and no files", ""
        places = {f for f in self.files if f} | {DEFAULT_PLACE}
        said = {*self.added, *(self.replaced if self.includes_defaults else ())}
        for key, claim in self.claims.items():
            if key != claim.id:
                return f"{key!r} holding claim '{claim.id}'", "each claim under its own id"
            if claim.file not in places:
                return (f"'{claim.id}' of file {claim.file!r}",
                        "each claim of one of the catalogue's files")
            if claim.file != DEFAULT_PLACE and claim.id not in said:
                if self.includes_defaults:
                    return f"'{claim.id}' beside the default catalogue's, neither added " \
                           "nor replaced", ""
                return (f"'{claim.id}' not added",
                        "without the default catalogue, every claim of a file added")
        return None

    def __repr__(self) -> str:  # short, as AssumptionSet's: each claim is one [id] away
        changed = "".join(f", {name}={list(ids)}" for name, ids in (
            ("replaced", self.replaced), ("added", self.added)) if ids)
        return (f"Catalogue({len(self.claims)} claims, digest={self.digest!r}, "
                f"files={list(self.files)}{changed})")

    def __getitem__(self, key: str) -> Claim:
        return NotFound.lookup(self.claims, key, "claim id")  # a KeyError naming the ids

    def only(self, claims: Iterable[Claim]) -> Catalogue:
        """This catalogue cut to ``claims`` (still marked with what a user's file replaced
        or added), under the whole catalogue's digest: the run read them all, and which
        it chose is said beside (a digest of the cut would differ with every choice)."""
        cut = replace(self, claims={c.id: c for c in claims})
        object.__setattr__(cut, "digest", self.digest)
        return cut

    def __contains__(self, key: object) -> bool:  # in any case, as [] and get take it
        return held_key(self.claims, key) is not None

    def id_of(self, cid: object, place: str) -> str:
        """The id of the claim ``cid`` names, in any case (``HUR_1_5M_ROUNDS`` is
        ``hur_1_5m_rounds``: ids are lower-case, so a case names one at most), as calibre
        names are taken; else the error naming ``place`` and the nearest id.

        >>> Catalogue.defaults().id_of("HUR_1_5M_ROUNDS", "claims")
        'hur_1_5m_rounds'
        """
        found = spelled(cid, self.claims)
        if found is None:
            raise unknown_claim(place, cid, self.claims)
        return found

    def __iter__(self) -> Iterator[str]:
        return iter(self.claims)

    def __len__(self) -> int:
        return len(self.claims)

    @classmethod
    def defaults(cls) -> Catalogue:
        """The catalogue shipped with the package."""
        path = defaults_dir() / DEFAULT_FILE
        claims, problems = read_claims(path, DEFAULT_PLACE)
        result = cls(claims, (str(path),))
        problems += result.consistency_problems(calibres=None)
        if problems:
            raise AssumptionProblems(problems)
        return result

    @classmethod
    def empty(cls) -> Catalogue:
        """No claims at all, without the catalogue of North Korea's deliveries: the start
        for claims of a user's files alone (``--no-catalogue``), each layered on it with
        :meth:`with_file`.

        >>> len(Catalogue.empty()), Catalogue.empty().includes_defaults
        (0, False)
        """
        return cls({}, ())

    @property
    def includes_defaults(self) -> bool:
        """Whether the catalogue shipped with the package is read (``Catalogue.defaults()``
        and what is layered on it); False for :meth:`empty` and what is layered on it,
        where every claim is a user's."""
        return self.files[:1] == (str(defaults_dir() / DEFAULT_FILE),)

    @classmethod
    def given_or_defaults(cls, catalogue: object) -> Catalogue:
        """``catalogue``, or the defaults for None; anything else (an assumption set passed
        in its place, a file's path) is an error saying how to make one."""
        if catalogue is None:
            return cls.defaults()
        if not isinstance(catalogue, Catalogue):
            shown = catalogue if isinstance(catalogue, (str, Path)) else \
                type(catalogue).__name__
            raise InputError("catalogue", "a Catalogue, such as Catalogue.defaults() or "
                             "Catalogue.defaults().with_file(path) (assumptions go in "
                             "assumptions=)", shown)
        return catalogue

    def with_file(self, path: str | Path, calibres: list[str] | None = None) -> Catalogue:
        """This catalogue with a user's claims added, or replacing those with the same id;
        with ``calibres`` (those of the assumptions in use), a calibre must be one of them."""
        path = file_path(path)
        got, problems = read_claims(path, str(path))
        return self._with(got, problems, str(path), _claim_overs(path), calibres)

    def with_claims(self, claims: Mapping[str, Mapping[str, Any]],
                    calibres: list[str] | None = None) -> Catalogue:
        """This catalogue with claims given from Python, by id, each laid out as in a
        claims file (a date a ``datetime.date`` or text, as a file may write it), read and
        checked as :meth:`with_file` reads a file: each added, or replacing the claim of
        its id. Every problem is raised together (:class:`AssumptionProblems`), each named
        ``<python>``: ``<python>: claims.my_id.as_of``, as the records name the claims'
        place.

        >>> mine = Catalogue.defaults().with_claims({"my_9000_containers": {
        ...     "who": "me", "outlet": "my notebook", "published": "2024-05-01",
        ...     "as_of": "2024-04-30", "period_start": "2023-08-01", "measure": "containers",
        ...     "basis": "delivered", "scope": "munitions", "form": "approx",
        ...     "figure": "9,000", "origin": "me", "quote": "about 9,000 containers"}})
        >>> mine.added, mine["my_9000_containers"].short(), mine.files[-1]
        (('my_9000_containers',), '~9,000 boxes', '<python>')
        """
        if not isinstance(claims, Mapping) or not claims:
            raise InputError("claims", "claims by id, each laid out as in a claims file: "
                             "{'my_id': {'who': ..., 'as_of': '2024-04-30', ...}}",
                             Words("none") if isinstance(claims, Mapping)
                             else type(claims).__name__)
        plain = plain_data(claims, "claims", f"{PYTHON}: claims.")
        got, problems = _read_table(plain, PYTHON)
        return self._with(got, problems, PYTHON, _overs(plain), calibres)

    def _with(self, got: dict[str, Claim], problems: list[InputError], shown: str,
              overs: Mapping[str, object], calibres: list[str] | None) -> Catalogue:
        """The layer both ``with_`` methods add: the claims ``got`` from ``shown`` (whose
        problems reading them are ``problems``; ``overs``: the ``over`` of every claim it
        gives, read or not), checked over this catalogue, every problem raised together."""
        merged = {**self.claims, **got}
        # over every file given: a claim of an earlier user's file stays added
        added = set(self.added) | (set(got) - set(self.claims))
        same = {c for c in set(got) & set(self.claims)
                if replace(got[c], file=self.claims[c].file) == self.claims[c]}
        result = Catalogue(merged, (*self.files, shown),
                           tuple(sorted((set(self.replaced) | set(got)) - added)),
                           tuple(sorted(added)),
                           tuple(sorted((set(self.unchanged) - set(got)) | same)))
        unread = set(overs) - set(got)
        problems += result.consistency_problems(calibres=calibres, unread=unread)
        for cid in sorted(unread):  # its own problems are listed: its 'over' still counts
            over = overs[cid].strip() if isinstance(overs[cid], str) else ""
            if over and (over == cid or over not in merged | overs):  # as the claim reads it
                problems.append(AssumptionError(f"{shown}: claims.{cid}.over",
                                                "the id of another claim", over))
        if problems:
            raise AssumptionProblems(problems)
        return result

    def bases(self, claim: Claim) -> list[Claim]:
        """The claims an increment rests on, nearest first (its ``over``, that claim's
        ``over``, ...), as far as the catalogue holds them; a cycle (which the checks
        refuse) ends the walk."""
        out: list[Claim] = []
        c = claim
        while c.over and c.over in self.claims and c.over != claim.id \
                and all(x.id != c.over for x in out):
            c = self.claims[c.over]
            out.append(c)
        return out

    def consistency_problems(self, calibres: list[str] | None,
                             unread: Iterable[str] = ()) -> list[InputError]:
        """References between claims (``over``: another claim of the same measure, counted
        through a day before this one's period_start, no cycle: both count their as-of
        day) and, if given, calibres that must
        exist. A reference to a claim in ``unread`` (one whose own problems are reported)
        is not a problem of its own."""
        unread = set(unread)
        cycles, in_cycles = self._cycle_problems()
        problems: list[InputError] = []
        for claim in self.claims.values():
            place = f"{claim.file}: claims.{claim.id}"
            if claim.over is not None and claim.over not in unread:
                earlier = self.claims.get(claim.over)
                if earlier is None or earlier.id == claim.id:
                    problems.append(AssumptionError(f"{place}.over", "the id of another claim",
                                                    claim.over))
                elif claim.file == DEFAULT_PLACE and earlier.file != DEFAULT_PLACE and (
                        earlier.measure != claim.measure
                        or earlier.as_of >= claim.period_start):
                    # a user's claim replacing the base of a default increment: theirs
                    problems.append(AssumptionError(
                        f"{earlier.file}: claims.{earlier.id}",
                        f"a claim counting {claim.measure} to a day before "
                        f"{claim.period_start.isoformat()} or earlier, as the catalogue's "
                        f"{claim.id} is an increment over it from that day",
                        Words(f"{earlier.measure} to {earlier.as_of.isoformat()}"),
                        hint=f"replace {claim.id} too, without 'over' or with its own "
                        "period_start"))
                elif earlier.measure != claim.measure:
                    problems.append(AssumptionError(
                        f"{place}.over", f"a claim counting {claim.measure}",
                        Words(f"'{earlier.id}', which counts {earlier.measure}")))
                elif earlier.as_of >= claim.period_start and claim.id not in in_cycles:
                    # the increment is added to the earlier count: periods that overlap
                    # count the same deliveries twice, and a later claim is no base at all
                    problems.append(AssumptionError(
                        f"{place}.over", "an earlier claim, counted to a day before this "
                        f"claim's period_start ({claim.period_start.isoformat()}) or earlier "
                        "(each counts its as-of day)",
                        Words(f"'{earlier.id}', counted to {earlier.as_of.isoformat()}"),
                        hint="an increment counts from the day after the claim it is over "
                        f"ends: period_start = {(earlier.as_of + _ONE_DAY).isoformat()}, or "
                        "drop 'over'"))
        problems += cycles
        if calibres is not None:
            problems += self.calibre_problems(calibres)
        return problems

    def _cycle_problems(self) -> tuple[list[InputError], set[str]]:
        """Increments (``over``) that lead back to where they started: one problem a cycle,
        named at a claim of a user's file where there is one; and the ids in cycles."""
        problems: list[InputError] = []
        in_cycles: set[str] = set()
        seen: set[str] = set()
        for start in self.claims.values():
            path: list[Claim] = []
            c: Claim | None = start
            while c is not None and c.id not in seen and c not in path:
                path.append(c)
                c = self.claims.get(c.over) if c.over and c.over != c.id else None
            seen.update(x.id for x in path)
            if c is None or c not in path:
                continue
            cycle = path[path.index(c):]
            in_cycles.update(x.id for x in cycle)
            at = next((x for x in cycle if x.file != DEFAULT_PLACE), cycle[0])
            at_i = cycle.index(at)
            ring = [*cycle[at_i:], *cycle[:at_i], at]
            problems.append(AssumptionError(
                f"{at.file}: claims.{at.id}.over", "an earlier claim, not a cycle of "
                "increments", at.over, hint="cycle: " + " -> ".join(x.id for x in ring)))
        return problems, in_cycles

    def calibre_problems(self, calibres: list[str]) -> list[InputError]:
        """Calibres named by claims (their figures, conversions, dud statements) that the
        assumptions in use do not define."""
        problems: list[InputError] = []
        for claim in self.claims.values():
            place = f"{claim.file}: claims.{claim.id}"
            figures = [("", claim.figure), *((f".conversions[{i}]", c)
                                             for i, c in enumerate(claim.conversions))]
            if claim.duds is not None:
                figures.append((".duds", claim.duds))
            for where, fig in figures:
                if fig.calibre is not None and fig.calibre not in calibres:
                    problems.append(AssumptionError(
                        f"{place}{where}.calibre", "a calibre of the munitions assumptions in "
                        "use: one of " + ", ".join(calibres), fig.calibre,
                        hint="a calibre of your own needs an assumptions file defining it"))
        return problems

    def select(self, ids: str | Sequence[str] | None = None,
               measures: str | Sequence[str] | None = None,
               since: dt.date | str | None = None) -> list[Claim]:
        """Claims by id (in the order given), stated measure, and as-of date on or after
        ``since`` (a date, or text as ``--since`` takes it: ``2024-02`` is its first day);
        filters that leave none are an error naming ``ids/measures/since``."""
        return select_claims(self, ids, measures, since, ids_name="ids")


def unknown_claim(place: str, cid: object, ids: Iterable[str], what: str = "the id of a claim",
                  got: object = None) -> InputError:
    """The error for ``cid``, not a claim of ``ids`` (``what`` they are): it names the
    nearest id there is; ``got`` says what ``cid`` is, where more than its text."""
    ids = list(ids)
    several = run_together(cid, ids, place)
    close = None if several else nearest(cid, ids)  # in any case: a typed one may differ
    return InputError(place, f"{what} (listed by 'estimate reports list'" + (
        f"; did you mean '{close}'?)" if close else ")"), cid if got is None else got,
                      hint=several or "")


def select_claims(catalogue: Catalogue, claims: str | Sequence[str] | None,
                  measures: str | Sequence[str] | None, since: dt.date | str | None,
                  *, ids_name: str = "claims") -> list[Claim]:
    """:meth:`Catalogue.select`, its errors naming the ids by ``ids_name``: ``claims`` as
    :func:`~estimator.reconcile.reconcile` and :func:`~estimator.pooled.pool` call them."""
    ids = some_names(claims, ids_name, CLAIM_IDS)
    measures = some_names(measures, "measures", "one or more of " + ", ".join(MEASURES) +
                          " (or None for all)")
    require_claims(catalogue)
    given_since = since.isoformat() if isinstance(since, dt.date) else since
    if since is not None:
        from estimator.logistics import as_date  # numpy: not for a plain catalogue read

        since = as_date(since, "since", expected="a date such as 2024-02 or 2024-02-26")
    if ids:
        ids = [catalogue.id_of(cid, ids_name) for cid in ids]
        chosen = [catalogue.claims[c] for c in dict.fromkeys(ids)]
    else:
        chosen = sorted(catalogue.claims.values(), key=lambda c: (c.as_of, c.id))
    if measures:
        measures = [one_of(m, MEASURES, "measures", several=True) for m in measures]
        chosen = [c for c in chosen if c.measure in measures]
    if since is not None and chosen:
        latest = max(c.as_of for c in chosen)
        if latest < since:  # the date alone leaves none: say so, and the last there is
            which = "the claims chosen" if ids or measures else "the claims"
            raise InputError("since", f"a date on or before the latest as-of date of {which} "
                             f"({latest.isoformat()})", given_since)
        chosen = [c for c in chosen if c.as_of >= since]
    if not chosen:
        raise InputError(f"{ids_name}/measures/since", "filters that leave at least one "
                         "claim", "none left")
    return chosen


def require_claims(catalogue: Catalogue) -> None:
    """Refuse a catalogue of no claims (:meth:`Catalogue.empty` with no file layered on
    it), which a run could only fail on later, under another name."""
    if not catalogue.claims:
        raise InputError("catalogue", "at least one claim (Catalogue.empty().with_file(path) "
                         "reads a claims file alone)", "an empty catalogue")


def check_reports(path: str | Path, calibres: list[str] | None = None, *,
                  alone: bool | None = None, base: Catalogue | None = None,
                  ) -> list[InputError]:
    """Every problem in a user's claims file, read over the default catalogue (with
    ``alone``, by itself, as ``--no-catalogue`` reads it; with ``base``, over that
    catalogue instead, e.g. the defaults with a file of yours the checked one builds on);
    with ``calibres`` (those of the assumptions in use), a calibre must be one of them.
    Beside a ``base``, ``alone`` must say what the base does (True for one built on
    :meth:`Catalogue.empty`), else it is an :class:`InputError` naming both.

    >>> base = Catalogue.defaults()
    >>> check_reports(defaults_dir() / DEFAULT_FILE, base=base)
    []
    """
    if base is None:
        base = Catalogue.empty() if alone else Catalogue.defaults()
    elif not isinstance(base, Catalogue):
        raise InputError("base", "a Catalogue (or None for the default one)",
                         type(base).__name__)
    elif alone is not None and bool(alone) == base.includes_defaults:
        holds = "holds" if base.includes_defaults else "is built without"
        raise InputError("alone", f"{not alone} or None beside a base that {holds} the "
                         "default catalogue: the file is read over base", alone,
                         hint="base=Catalogue.empty().with_file(...) reads it without the "
                         "catalogue")
    try:
        base.with_file(path, calibres)
    except AssumptionProblems as exc:
        return exc.problems
    return []


def as_mapping(claim: Claim) -> dict[str, Any]:
    """A claim as plain data (for JSON and ``reports show``)."""
    def fig(f: Figure) -> dict[str, Any]:
        return {"measure": f.measure, "form": f.form, "figure": f.text, "calibre": f.calibre,
                "low": f.count.low, "high": f.count.high, "open_high": f.count.open_high,
                "rule": f.count.rule(), "quote": f.quote, "note": f.note or None}

    return {"id": claim.id, "who": claim.who, "outlet": claim.outlet, "url": claim.url,
            "published": claim.published.isoformat(),
            "first_public": claim.first_public.isoformat() if claim.first_public else None,
            "as_of": claim.as_of.isoformat(),
            "period_start": claim.period_start.isoformat(), "months": round(claim.months, 2),
            "measure": claim.measure, "basis": claim.basis, "scope": claim.scope,
            "origin": claim.origin, "over": claim.over, "stated": claim.stated(),
            "figure": fig(claim.figure), "conversions": [fig(c) for c in claim.conversions],
            "duds": fig(claim.duds) if claim.duds else None, "note": claim.note,
            "file": claim.file}
