"""Counts as people write them: ``6700``, ``6,700``, ``10k``, ``2.5M``, ``6.5M-8M``, ``10000+``, ``~6700``.

The rules, stated in every output that uses them:

- a plain number is taken as exact;
- ``A-B`` is a stated interval of unknown coverage, read as uniform from A to B (a
  suffix on B alone applies to both: ``6.5-8M`` is 6.5M to 8M);
- a dot followed by exactly three digits and no suffix (``6.700``) is refused: it reads
  as 6,700 with a European thousands separator and as 6.7 with a decimal point;
- ``N+`` means at least N: the count is N x (1 + excess), where the excess is the
  assumption ``counts.at_least_excess`` (explicit, sourced, and overridable);
- ``A-B+`` is a range whose top is at least B ("between 6.5 and more than 8 million"):
  uniform from A to B x (1 + excess), the excess as for ``N+``;
- ``<=N`` means up to N: the count is N x (1 - shortfall), the shortfall being the
  assumption ``counts.up_to_shortfall``;
- ``~N`` means about N, to the precision written: uniform over +/- half a unit in the
  last significant digit, a lone significant digit being read as two (``~1.5M`` is
  1.45M to 1.55M; ``~10,000`` is 9,500 to 10,500).
- the marks may be words, in any case, as sources write them (:func:`split_mark`):
  "over 6700", "more than", "at least", ``>`` and ``>=`` are ``6700+``; "under", "up
  to", "less than" and ``<`` are ``<=6700``; "about" and "around" are ``~6700``;
- a suffix is taken in any case (``1.5 Million``), and thousands may be separated by
  commas or by single spaces, in groups of three (``6 700``; ``6 70`` is refused).

>>> parse_count("6,700").low, parse_count("2.5M").low, parse_count("10k+").form
(6700.0, 2500000.0, 'at_least')
>>> c = parse_count("6.5M-8M"); (c.low, c.high, c.form)
(6500000.0, 8000000.0, 'range')
>>> parse_count("<=0.5").form
'up_to'
"""

from __future__ import annotations

import math
import numbers
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import SupportsFloat, TypeAlias

from estimator._args import DASHES, finite
from estimator._args import number as is_number
from estimator.distributions import Distribution, Fixed, Uniform
from estimator.errors import CountError

__all__ = ["COUNT_EXPECTED", "DASHES", "FORMS", "Count", "CountLike", "human", "interval",
           "parse_count", "plain_digits", "range_ends", "split_mark"]

FORMS = ("exact", "approx", "range", "at_least", "up_to")
# in any case ("1.5 Million", "10K", "2BN"): the key is the suffix in lower case
_SUFFIX = {"": 1, "k": 10**3, "thousand": 10**3, "m": 10**6, "mn": 10**6, "million": 10**6,
           "b": 10**9, "bn": 10**9, "billion": 10**9}
# "6.700": six thousand seven hundred with a European thousands separator, or 6.7?
_AMBIGUOUS = re.compile(r"^[1-9]\d{0,2}\.\d{3}$")
# a space, a no-break, narrow no-break or thin space between groups of three digits
# ("6 700", "1 500 000"), as commas are; not both in one number, and never groups of
# other lengths: "6 70" and "6,700 000" are no counts
_SPACES = " \u00a0\u202f\u2009"
_NUMBER = re.compile(r"^(?P<num>\d+(?:,\d{3})*(?:\.\d+)?|\d{1,3}(?:[" + _SPACES +
                     r"]\d{3})+(?:\.\d+)?|\.\d+)\s*(?P<suf>[a-zA-Z]*)$")
COUNT_EXPECTED = "a count such as 6700, 6,700, 10k, 2.5M, ~6700, 6.5M-8M, 10000+ or <=500k"
_LIMIT = 1e15
_SCIENTIFIC = re.compile(r"(?<![\w.])(\d+\.?\d*|\.\d+)[eE][+-]?\d+(?![\w.])")


def _rule(place: str, expected: str, got: object) -> CountError:
    """A rule of :class:`Count` broken (marked so: :func:`parse_count` names its option
    instead of ``count``)."""
    exc = CountError(place, expected, got)
    exc.count_rule = True  # type: ignore[attr-defined]
    return exc


@dataclass(frozen=True)
class Count:
    """A count and how it was stated: ``exact``, ``approx``, ``range``, ``at_least`` or ``up_to``."""

    low: float
    high: float
    form: str
    text: str
    open_high: bool = False  # a range whose top is at least ``high``: "6.5M-8M+"

    def __post_init__(self) -> None:
        """A count built in Python meets the rules a written one does: a known form, ends
        that are finite numbers from 0 up, one number for an exact, at-least or up-to
        count, low below high for a range."""
        if self.form not in FORMS:
            raise _rule("count.form", "one of " + ", ".join(FORMS), self.form)
        for name in ("low", "high"):
            value = getattr(self, name)
            if not (finite(value) or (isinstance(value, Decimal) and value.is_finite())) \
                    or not 0 <= value <= _LIMIT:
                raise _rule(f"count.{name}", f"a finite number from 0 to {_LIMIT:.0e}",
                                 value)
            object.__setattr__(self, name, float(value))
        if self.form == "range" and not self.low < self.high:
            raise _rule("count", "a range from low to high (low below high)",
                             f"{self.low:g} to {self.high:g}")
        if self.form in ("exact", "at_least", "up_to") and self.low != self.high:
            raise _rule("count", f"one number (low equal to high) for a count of form "
                             f"{self.form}", f"{self.low:g} to {self.high:g}")
        if self.low > self.high:
            raise _rule("count", "low at most high", f"{self.low:g} to {self.high:g}")
        if not isinstance(self.text, str):
            raise _rule("count.text", "the count as written (a string)", self.text)
        if not isinstance(self.open_high, bool) or (self.open_high and self.form != "range"):
            raise _rule("count.open_high", "True only for a range (its top is at least "
                             "high), else False", self.open_high)

    @classmethod
    def exact(cls, n: float) -> Count:
        # the number in full (1234567, not 1.23457e+06), as a reader would have written it
        text = f"{n:.0f}" if float(n).is_integer() else repr(float(n))
        return cls(float(n), float(n), "exact", text)

    @property
    def stated(self) -> float:
        """The number as stated (the midpoint of a range)."""
        return 0.5 * (self.low + self.high)

    def written_ends(self) -> tuple[float, float]:
        """The figure as written: a range's two ends, else its one number (an approximate
        figure's middle, an at-least or up-to figure's bound)."""
        return (self.low, self.high) if self.form == "range" else (self.stated, self.stated)

    def distribution(self) -> Distribution:
        """The count's own spread (the excess of an at-least count is applied by the model)."""
        if self.high > self.low:
            return Uniform(self.low, self.high)
        return Fixed(self.low)

    def rule(self) -> str:
        """The reading rule, in words, for the output."""
        low, high = as_written(self.low), as_written(self.high)
        if self.form == "exact":
            return f"{self.text}: taken as exact"
        if self.form == "range" and self.open_high:
            return (f"{self.text}: from {low} to at least {high}: uniform from {low} to {high} "
                    "x (1 + counts.at_least_excess)")
        if self.form == "range":
            return f"{self.text}: uniform from {low} to {high}"
        if self.form == "approx":
            return f"{self.text}: about, to the precision written: uniform from {low} to {high}"
        if self.form == "up_to":
            return f"{self.text}: up to {low}, times (1 - counts.up_to_shortfall)"
        return f"{self.text}: at least {low}, times (1 + counts.at_least_excess)"


# What a count may be given as: text as people write it, a number (an int, a float, a
# numpy or Decimal one), a quantity of the count's unit (pint's, which has __float__ too),
# or a Count
CountLike: TypeAlias = str | SupportsFloat | Count


def _readings(left: float, left_text: str, right_text: str, high: float) -> str:
    """How to write each range ``left`` to ``high`` could have meant, its left end with no
    suffix or a smaller one than the right's, nearest ends first, at most two: ``900-1.2M``
    is most likely 900k to 1.2M (ends within a few times of each other), rarely 900 to
    1,200,000.

    >>> _readings(900, "900", "1.2M", 1.2e6)
    'write 900k-1.2M for 900,000 to 1,200,000, or 900-1,200,000 for 900 to 1,200,000'
    """
    shown = []
    for short, scale in (("", 1), ("k", 10**3), ("M", 10**6)):
        if left * scale < high:
            written = (f"{left_text}{short}-{right_text}" if short
                       else f"{as_written(left)}-{as_written(high)}")
            shown.append((high / (left * scale) if left else math.inf, written,
                          f"{as_written(left * scale)} to {as_written(high)}"))
    return "write " + ", or ".join(f"{written} for {meant}"
                                   for _, written, meant in sorted(shown)[:2])


def as_written(x: float) -> str:
    """A number as a reader would write it back: whole numbers with thousands separators
    (``2,700``), others to six significant digits (``2.7``, ``0.4``), never rounded to a
    whole one."""
    return f"{x:,.0f}" if float(x).is_integer() else f"{x:,.6g}"


def human(x: float, digits: int = 3) -> str:
    """A figure as the tables show it: ``3071234 -> '3.07M'``, ``457.6 -> '458'``: three
    significant digits, k/M/bn suffixes; from 10^15 (past any count the tool reads) and
    below 10^-4 an exponent, ``'2.74e18'``, ``'6.71e-12'`` (not fourteen decimals).

    >>> human(3071234), human(457.6), human(2.74e18)
    ('3.07M', '458', '2.74e18')
    """
    if x is None or not math.isfinite(x):
        return "n/a"
    sign = "-" if x < 0 else ""
    x = abs(x)
    rounded = float(f"{x:.{digits}g}")
    if rounded >= 1e4:  # rounded first: 999,960 is 1.00M, not 1,000k
        x = rounded
    if x >= 1e15 or 0 < rounded < 1e-4:  # not '1,000,000,000bn'
        mantissa, exponent = f"{x:.{digits - 1}e}".split("e")
        return f"{sign}{mantissa}e{int(exponent)}"
    for limit, divisor, suffix in ((1e9, 1e9, "bn"), (1e6, 1e6, "M"), (1e4, 1e3, "k")):
        if x >= limit:
            return f"{sign}{_sig(x / divisor, digits)}{suffix}"
    return f"{sign}{_sig(x, digits)}"


def _sig(x: float, digits: int) -> str:
    if x == 0:
        return "0"
    # decimals by the rounded value: 99.96 is "100", not "100.0"
    decimals = max(digits - 1 - math.floor(math.log10(float(f"{x:.{digits}g}"))), 0)
    return f"{x:,.{decimals}f}"


def interval(p50: float, p5: float, p95: float) -> str:
    """A median and its 90% interval as the tables show them (:func:`human`).

    >>> interval(3071234, 2.1e6, 4e6)
    '3.07M [2.10M-4.00M]'
    """
    return f"{human(p50)} [{human(p5)}-{human(p95)}]"


def _number(text: str, option: str, original: str) -> tuple[float, Decimal, int]:
    m = _NUMBER.match(text.strip())
    if not m or m.group("suf").lower() not in _SUFFIX:
        raise CountError(option, COUNT_EXPECTED, original, hint=_how_written(original))
    if not m.group("suf"):
        unambiguous(m.group("num"), option, original)
    try:
        dec = Decimal(_digits(m.group("num")))
    except InvalidOperation:
        raise CountError(option, COUNT_EXPECTED, original) from None
    scale = _SUFFIX[m.group("suf").lower()]
    value = float(dec * scale)
    if not math.isfinite(value) or value > _LIMIT:
        raise CountError(option, f"a count of at most {_LIMIT:.0e}", original)
    return value, dec, scale


# "1,5M": a decimal comma (a comma before other than three digits); "6.5 to 8 million"
_DECIMAL_COMMA = re.compile(
    r"^(?P<whole>\d+),(?P<part>\d{1,2}|\d{4,})(?P<gap>\s*)(?P<suf>[a-zA-Z]+)$")
_WORDED_RANGE = re.compile(r"^(?:between\s+)?(?P<low>\S+)\s+(?:to|and)\s+(?P<high>.+)$",
                           re.IGNORECASE)


def _how_written(text: str) -> str:
    """A hint for a count written a way this reads otherwise: a decimal comma (``1,5M``),
    or a range in words (``6.5 to 8 million``, ``between 6.5 and 8 million``); else ''.

    >>> _how_written("1,5M")
    'a comma separates thousands here (6,700); write 1.5M for 1,500,000'
    >>> _how_written("between 6.5 and 8 million")
    'a range is written with a hyphen: 6.5-8 million (read as 6,500,000 to 8,000,000)'
    >>> _how_written("100 to 2k")
    'a range is written with a hyphen; write 100-2,000 for 100 to 2,000'
    """
    raw = text.strip()
    comma = _DECIMAL_COMMA.match(raw)
    if comma and comma.group("suf").lower() in _SUFFIX:
        dotted = f"{comma.group('whole')}.{comma.group('part')}"
        meant = float(Decimal(dotted) * _SUFFIX[comma.group("suf").lower()])
        return (f"a comma separates thousands here (6,700); write {dotted}"
                f"{comma.group('gap')}{comma.group('suf')} for {as_written(meant)}")
    worded = _WORDED_RANGE.match(raw)
    if worded:
        low, high = worded.group("low"), worded.group("high").strip()
        left, right = _NUMBER.match(low), _NUMBER.match(high)
        # a suffix on the right alone applies to both ends
        shared = bool(left and right and not left.group("suf") and right.group("suf")
                      and right.group("suf").lower() in _SUFFIX)
        try:
            read = _parse(f"{low}-{high}", "count")
        except CountError:  # '100-2k' reads as 100k to 2k: how to write what was meant
            if shared:
                top = float(Decimal(_digits(right.group("num")))  # type: ignore[union-attr]
                            * _SUFFIX[right.group("suf").lower()])  # type: ignore[union-attr]
                return "a range is written with a hyphen; " + _readings(
                    float(_digits(left.group("num"))), low, high, top)  # type: ignore[union-attr]
            return "a range is written with a hyphen, low first: 6.5M-8M"
        return f"a range is written with a hyphen: {low}-{high}" + (
            f" (read as {as_written(read.low)} to {as_written(read.high)})" if shared else "")
    return ""


def _digits(num: str) -> str:
    """A number matched by ``_NUMBER`` without its thousands separators: ``6700.5``."""
    return re.sub("[," + _SPACES + "]", "", num)


def unambiguous(num: str, option: str, original: str) -> None:
    """Refuse ``6.700``: 6,700 to a reader whose dot separates thousands, 6.7 to others."""
    if _AMBIGUOUS.match(num):
        raise CountError(option, f"a number that reads one way: {int(num.replace('.', '')):,} "
                         f"if the dot separates thousands, {float(num):g} if it is a decimal "
                         "point", original)


def _half_unit(dec: Decimal, scale: int) -> float:
    """Half a unit in the last significant digit (a lone significant digit read as two);
    zeros after a decimal point are significant (``~6.70k`` is 6,695 to 6,705), those
    ending a whole number are not (``~6700`` is 6,650 to 6,750)."""
    digits = (dec if int(dec.as_tuple().exponent) < 0 else dec.normalize()).as_tuple()
    exponent = int(digits.exponent)
    significant = len(digits.digits)
    if significant <= 1:
        exponent -= 1
    return 0.5 * 10.0**exponent * scale




# A mark before the number, as a symbol or in words (any case, a space after a word):
# "over", "more than", ">" and ">=" are "at least", as the outputs read a source's "over"
# or "more than" N (never more than it said); "under", "less than" and "<" are "up to";
# "about" and "around" are "~"
_MARKED = (("<=", "up_to"), ("\u2264", "up_to"), ("<", "up_to"), (">=", "at_least"),
           ("\u2265", "at_least"), (">", "at_least"), ("~", "approx"), ("\u2248", "approx"))
_WORDS = {"at least": "at_least", "over": "at_least", "more than": "at_least",
          "up to": "up_to", "at most": "up_to", "under": "up_to", "less than": "up_to",
          "fewer than": "up_to", "about": "approx", "around": "approx",
          "approximately": "approx", "roughly": "approx"}
_STRICT = {"<", "under", "less than", "fewer than"}  # strictly below: a bound of 0 is none
_WORD_MARK = re.compile(r"^(?P<mark>" + "|".join(w.replace(" ", r"\s+") for w in _WORDS)
                        + r")\s+(?=\S)", re.IGNORECASE)


def _folded(mark: str) -> str:
    """A mark as the tables above key it: lower case, one space between its words."""
    return " ".join(mark.lower().split())


def split_mark(text: str) -> tuple[str | None, str, str]:
    """A written count's form, its mark and the number without it: ``<=N``, ``<N``,
    ``\u2264N`` and "up to N", "at most N", "under N", "less than N" or "fewer than N"
    are up to N; ``N+``, ``>=N``, ``>N``, ``\u2265N`` and "at least N", "over N" or
    "more than N" at least N; ``~N``, ``\u2248N`` and "about N", "around N",
    "approximately N" or "roughly N" about N; otherwise no form and no mark.

    >>> split_mark("10k+"), split_mark("~1.5M"), split_mark("6,700")
    (('at_least', '+', '10k'), ('approx', '~', '1.5M'), (None, '', '6,700'))
    >>> split_mark("More than 6,700"), split_mark(">=10000")
    (('at_least', 'More than', '6,700'), ('at_least', '>=', '10000'))
    """
    raw = text.strip()
    for mark, form in _MARKED:
        if raw.startswith(mark):
            return form, mark, raw[len(mark):].strip()
    word = _WORD_MARK.match(raw)
    if word:
        said = word.group("mark")
        return _WORDS[_folded(said)], said, raw[word.end():].strip()
    if raw.endswith("+"):
        return "at_least", "+", raw[:-1].strip()
    return None, "", raw


def range_ends(text: str) -> tuple[str, str]:
    """The two ends of a range as written, its dashes read as hyphens and an open top's
    ``+`` dropped: ``range_ends("6.5M–8M+")`` is ``('6.5M', '8M')``."""
    low, _, high = text.strip().translate(DASHES).rstrip("+").partition("-")
    return low.strip(), high.strip()


def parse_count(text: object, option: str = "count", *, whole: bool = False) -> Count:
    """Read a count; a bad one raises :class:`CountError` naming ``option``.

    With ``whole`` (a count of things: containers, port calls, rounds), a number taken as
    it stands (``6700``, ``10k+``, ``<=500``) must be a whole one; a range or an ``~N``
    spreads over fractions anyway, so its ends may be any numbers.

    >>> parse_count("0.5", whole=True)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    estimator.errors.CountError: count: expected a whole number of things (...) (got '0.5')
    """
    try:
        count = _parse(text, option)
    except CountError as exc:
        if getattr(exc, "count_rule", False):  # a rule of Count itself (an end past the
            # limit): the option is named
            raise CountError(option, exc.expected, text, hint="its spread reaches past it"
                             if str(exc.place) == "count.high" else "") from None
        if isinstance(text, str) and exc.got == text.strip().translate(DASHES) != \
                text.strip():  # said as written ('5–'), not with its dash made '-'
            raise CountError(exc.place, exc.expected, text.strip(), hint=exc.hint) from None
        raise
    if whole and count.form in ("exact", "at_least", "up_to") and not count.low.is_integer():
        lo, hi = as_written(math.floor(count.low)), as_written(math.ceil(count.low))
        raise CountError(option, f"a whole number of things ({lo} or {hi}; a range such as "
                         f"{lo}-{hi} may have fractional ends)", text)
    return count


def plain_digits(text: str) -> bool:
    """Whether a number is written in the digits 0-9 and without ``_``: Python's
    ``float()`` and ``int()`` also read other scripts' digits ('٦٧٠٠') and '1_000'.

    >>> plain_digits("6,700"), plain_digits("6.5M–8M"), plain_digits("1_0"), plain_digits("٥")
    (True, True, False, False)
    """
    return not any(c == "_" or (c.isdigit() and not c.isascii()) for c in text)


def _written_out(token: str) -> str:
    """How to write ``2.5e6`` as a count: ``'2,500,000 or 2.5M, not 2.5e6'``."""
    value = float(token)
    mantissa = float(token.lower().partition("e")[0])
    if not value.is_integer() or value > _LIMIT or (value == 0 and mantissa != 0):
        return f"in digits, not {token}"  # 1e-400 is no 0
    short = next((f"{value / div:g}{suffix}" for div, suffix in _SHORT
                  if div <= value < 1000 * div and round(value / div, 3) == value / div), None)
    return f"{int(value):,}" + (f" or {short}" if short else "") + f", not {token}"


_SHORT = ((1e9, "bn"), (1e6, "M"), (1e3, "k"))


def _parse(text: object, option: str) -> Count:
    if isinstance(text, bool):
        raise CountError(option, COUNT_EXPECTED, text)
    if getattr(getattr(text, "dtype", None), "kind", "") in ("m", "M"):  # a date, a duration
        raise CountError(option, COUNT_EXPECTED, f"a numpy {text.dtype}")
    ndim = getattr(text, "ndim", None)  # a numpy array: one value is a number, more are not
    if ndim is not None and not is_number(text):
        if ndim != 0 or not hasattr(text, "item"):
            raise CountError(option, "one count (for several, one call each)",
                             f"an array of shape {getattr(text, 'shape', '?')}")
        text = text.item()
    if isinstance(text, Decimal):
        text = math.nan if text.is_snan() else float(text)
    if is_number(text):  # int, float, and numpy's numbers alike
        if isinstance(text, numbers.Integral) and text > _LIMIT:  # past any float, too
            raise CountError(option, f"a count of at most {_LIMIT:.0e}", text)
        if not finite(text) or text < 0:
            raise CountError(option, "a finite count of 0 or more", text)
        if text > _LIMIT:  # as for a count written out: beyond it, the models overflow
            raise CountError(option, f"a count of at most {_LIMIT:.0e}", text)
        return Count.exact(float(text))
    if not isinstance(text, str) or not text.strip():
        raise CountError(option, COUNT_EXPECTED, "an empty value" if text == "" else text)
    if not plain_digits(text):
        raise CountError(option, COUNT_EXPECTED + " (digits 0-9)", text)
    # en and em dashes and the minus sign, as articles print ranges and signs, are hyphens
    raw = text.strip().translate(DASHES)
    if raw == "-":  # no negative count: no count at all (nor standard input)
        raise CountError(option, COUNT_EXPECTED, text.strip(), hint="a dash alone is no count")
    if raw.startswith("-"):
        raise CountError(option, "a count of 0 or more", raw)
    found = _SCIENTIFIC.search(text)
    if found:  # 1e3 says nothing of how precisely it was meant
        raise CountError(option, COUNT_EXPECTED, text, hint="a count is read as written, its "
                         f"precision too: {_written_out(found.group())}")
    if raw.lower() in ("nan", "inf", "infinity", "+inf"):
        raise CountError(option, "a finite count of 0 or more", raw)
    form, mark, number = split_mark(raw)
    if number.startswith("-"):  # over -5, < -5: a count is never below 0, marked or not
        raise CountError(option, "a count of 0 or more", raw)
    if mark == "+" and "-" in number:  # 6.5M-8M+: its top open (never a sign: see above)
        try:
            inner = None if number.endswith("+") else _parse(number, option)
        except CountError as exc:  # the range's own rule, with the count as written
            raise CountError(option, exc.expected, raw, hint=exc.hint) from None
        if inner is None or inner.form != "range":
            raise CountError(option, COUNT_EXPECTED, raw)
        return Count(inner.low, inner.high, "range", raw, open_high=True)
    if form is not None and mark != "+" and "-" in number:  # a mark before a range
        low, high = range_ends(number)
        hint = {"at_least": f"a range whose top is 'more than' is written {low}-{high}+",
                "up_to": f"a range is read as written: {low}-{high}",
                "approx": f"a range is read as written, to its ends: {low}-{high}"}[form]
        raise CountError(option, COUNT_EXPECTED, raw, hint=hint)
    if form in ("up_to", "at_least"):
        value, _, _ = _number(number, option, raw)
        if value == 0 and _folded(mark) in _STRICT:
            raise CountError(option, "a bound above 0 (no count is below 0)", raw)
        return Count(value, value, form, raw)
    if form == "approx":
        value, dec, scale = _number(number, option, raw)
        half = _half_unit(dec, scale)
        return Count(max(value - half, 0.0), value + half, "approx", raw)
    if "-" in raw:
        left, _, right = raw.partition("-")
        if not left.strip() or not right.strip():
            raise CountError(option, COUNT_EXPECTED, raw)
        high, _, high_scale = _number(right, option, raw)
        left_match = _NUMBER.match(left.strip())
        if left_match and left_match.group("suf") == "":
            if high_scale == 1:
                unambiguous(left_match.group("num"), option, raw)
            low = float(Decimal(_digits(left_match.group("num"))) * high_scale)
        else:
            low, _, _ = _number(left, option, raw)
        if not low < high:
            suffix = _NUMBER.match(right.strip()).group("suf")  # type: ignore[union-attr]
            if left_match and not left_match.group("suf") and suffix:
                readings = _readings(float(_digits(left_match.group("num"))), left.strip(),
                                     right.strip(), high)
                raise CountError(option, f"a range from low to high; a suffix on the right "
                                 f"applies to both, so this reads as {left.strip()}{suffix} "
                                 f"to {right.strip()} ({readings})", raw)
            raise CountError(option, "a range from low to high (low below high)", raw)
        return Count(low, high, "range", raw)
    value, _, _ = _number(raw, option, raw)
    return Count(value, value, "exact", raw)
