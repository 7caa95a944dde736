"""Counts as people write them."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from estimator.counts import parse_count
from estimator.errors import CountError


@pytest.mark.parametrize("text,low,high,form", [
    ("6700", 6700, 6700, "exact"), ("6,700", 6700, 6700, "exact"), ("10k", 10_000, 10_000, "exact"),
    ("2.5M", 2.5e6, 2.5e6, "exact"), ("6.5M-8M", 6.5e6, 8e6, "range"), ("6.5-8M", 6.5e6, 8e6, "range"),
    ("10000+", 10_000, 10_000, "at_least"), ("~1.5M", 1.45e6, 1.55e6, "approx"),
    ("~10,000", 9_500, 10_500, "approx"), ("~6700", 6650, 6750, "approx"), ("0", 0, 0, "exact"),
    ("~6700.0", 6699.95, 6700.05, "approx"), ("~6.70k", 6695, 6705, "approx"),
    ("2.5b", 2.5e9, 2.5e9, "exact"), ("2.5B", 2.5e9, 2.5e9, "exact"),
    ("1.500M", 1.5e6, 1.5e6, "exact"), ("6.7", 6.7, 6.7, "exact"), ("100-2,000", 100, 2000, "range"),
    ("0.500", 0.5, 0.5, "exact"), ("0.012+", 0.012, 0.012, "at_least"),
    ("1.500-2M", 1.5e6, 2e6, "range"),
    ("6.5k\u20138k", 6500, 8000, "range"), ("6.5M \u2014 8M", 6.5e6, 8e6, "range"),
    ("6.5M-8M+", 6.5e6, 8e6, "range"), ("6.5-8M+", 6.5e6, 8e6, "range"),
])
def test_counts_as_written(text, low, high, form):
    c = parse_count(text)
    assert (c.low, c.high, c.form) == (pytest.approx(low), pytest.approx(high), form)
    assert c.open_high == (form == "range" and text.endswith("+"))


@pytest.mark.parametrize(("suffix", "factor"), [
    ("k", 1e3), ("K", 1e3), ("thousand", 1e3), (" thousand", 1e3), ("m", 1e6), ("M", 1e6),
    ("mn", 1e6), ("million", 1e6), (" million", 1e6), ("b", 1e9), ("B", 1e9), ("bn", 1e9),
    ("billion", 1e9), (" billion", 1e9)])
def test_every_suffix_a_count_takes_is_its_power_of_ten(suffix, factor):
    """'2bn' is two billion and '3 thousand' three thousand: each word or letter people
    write after a number, with its own factor."""
    for number in ("3", "2.5"):
        c = parse_count(number + suffix)
        assert c.low == c.high == pytest.approx(float(number) * factor, rel=1e-15)


def test_about_nothing_stays_at_or_above_nothing():
    """'~0' is 0 to half a unit of its last digit (read as two significant digits):
    never below 0, which no count can be."""
    c = parse_count("~0")
    assert (c.low, c.high, c.form) == (0.0, pytest.approx(0.05), "approx")


@pytest.mark.parametrize(("text", "stated"), [("6700", 6700.0), ("6.5M-8M", 7.25e6),
                                              ("~6,700", 6700.0), ("10000+", 10000.0)])
def test_a_counts_stated_number_is_its_figure_or_the_middle_of_its_range(text, stated):
    assert parse_count(text).stated == pytest.approx(stated)


@given(st.integers(0, 10**12))
def test_thousands_separators_round_trip(n):
    assert parse_count(f"{n:,}").low == n
    assert parse_count(str(n)).low == n


@pytest.mark.parametrize("text", ["-5", "abc", "nan", "inf", "", "  ", "8M-6M", "5-5", "1e400", "6,70,0",
                                  "10kk", "+", "~", "-", "1..2", "5 apples"])
def test_bad_counts_name_the_option(text):
    with pytest.raises(CountError) as err:
        parse_count(text, "--count")
    assert err.value.place == "--count"


@pytest.mark.parametrize("text", ["6.700", "10.000+", "~6.700", "<=1.500", "1.500-2.000",
                                  "1.500-2,000", "6.700-8000"])
def test_a_dot_before_three_digits_is_refused_as_ambiguous(text):
    """6.700 is 6,700 to a reader used to dots between thousands and 6.7 to others."""
    with pytest.raises(CountError, match="reads one way"):
        parse_count(text)


def test_a_suffix_carried_to_the_left_says_so_when_it_reverses_the_range():
    with pytest.raises(CountError, match=r"reads as 100k to 2k \(write 100-2,000"):
        parse_count("100-2k")


@pytest.mark.parametrize(("text", "first", "then"), [
    ("900-1.2M", "900k-1.2M for 900,000 to 1,200,000", "900-1,200,000 for 900 to 1,200,000"),
    ("900-1.2B", "900M-1.2B for 900,000,000 to", "900k-1.2B for 900,000 to"),
    ("50-1.2M", "50k-1.2M for 50,000 to 1,200,000", "50-1,200,000 for 50 to"),
])
def test_a_range_turned_round_by_its_suffix_leads_with_the_likely_reading(
        text: str, first: str, then: str) -> None:
    """'900-1.2M' is written for 900k to 1.2M: the hint offers that first (ends within a
    few times of each other), not only 900 to 1,200,000, a thousand times lower."""
    with pytest.raises(CountError) as caught:
        parse_count(text)
    message = str(caught.value)
    assert f"(write {first}" in message and f", or {then}" in message
    assert message.index(first) < message.index(then)


@pytest.mark.parametrize(("text", "hint"), [
    ("1,5M", "a comma separates thousands here (6,700); write 1.5M for 1,500,000"),
    ("6,7k", "a comma separates thousands here (6,700); write 6.7k for 6,700"),
    ("1,25 million", "write 1.25 million for 1,250,000"),
    ("6.5 to 8 million", "a range is written with a hyphen: 6.5-8 million (read as "
     "6,500,000 to 8,000,000)"),
    ("between 6.5 and 8 million", "a range is written with a hyphen: 6.5-8 million (read as "
     "6,500,000 to 8,000,000)"),
    ("6.5M to 8M", "a range is written with a hyphen: 6.5M-8M"),
])
def test_a_decimal_comma_or_a_range_in_words_says_how_to_write_it(text: str,
                                                                  hint: str) -> None:
    """'1,5M' got only the generic message, though '6.700' is told how it reads."""
    with pytest.raises(CountError) as caught:
        parse_count(text)
    assert str(caught.value).endswith(hint) and f"(got '{text}')" in str(caught.value)


@pytest.mark.parametrize(("text", "hint", "told"), [
    ("100 to 2k", "a range is written with a hyphen; write 100-2,000 for 100 to 2,000",
     {"100-2,000": (100, 2000)}),
    ("900 to 1.2M", "a range is written with a hyphen; write 900k-1.2M for 900,000 to "
     "1,200,000, or 900-1,200,000 for 900 to 1,200,000",
     {"900k-1.2M": (9e5, 1.2e6), "900-1,200,000": (900, 1.2e6)}),
])
def test_a_range_in_words_with_a_suffix_on_the_right_alone_is_told_a_form_that_is_read(
        text: str, hint: str, told: dict[str, tuple[float, float]]) -> None:
    """'100 to 2k' was told to write 100-2k, which is refused: a suffix on the right
    applies to both ends (100k to 2k). It is told the readings that are taken."""
    with pytest.raises(CountError) as caught:
        parse_count(text)
    assert str(caught.value).endswith(hint)
    for written, (low, high) in told.items():
        count = parse_count(written)
        assert (count.low, count.high) == (low, high)


def test_a_range_in_words_written_as_told_is_read() -> None:
    assert (parse_count("6.5-8 million").low, parse_count("6.5-8 million").high) == (6.5e6, 8e6)


def test_a_minus_sign_is_a_minus() -> None:
    with pytest.raises(CountError, match="a count of 0 or more"):
        parse_count("\u22125")


@pytest.mark.parametrize("args,place", [
    ((6700, 6700, "at least", "x"), "count.form"),    # a form the rules do not know
    ((-5, -5, "exact", "x"), "count.low"),
    ((6700, float("nan"), "range", "x"), "count.high"),
    (("6700", 6700, "exact", "x"), "count.low"),      # a string where a number goes
    ((7000, 6000, "range", "x"), "count"),            # reversed
    ((6700, 6800, "exact", "x"), "count"),            # exact with two ends
    ((6700, 6700, "exact", 5), "count.text"),
    ((6700, 6700, "exact", "x", True), "count.open_high"),   # only a range's top is open
])
def test_a_count_built_in_python_meets_the_rules_of_a_written_one(args, place) -> None:
    from estimator.counts import Count

    with pytest.raises(CountError) as info:
        Count(*args)
    assert info.value.place == place


def test_a_numpy_scalar_or_decimal_is_a_count_and_an_array_is_one_error() -> None:
    from decimal import Decimal

    import numpy as np

    assert parse_count(np.array(6700)).low == parse_count(Decimal(6700)).low == 6700
    with pytest.raises(CountError, match=r"^count: expected one count .*shape \(2,\)"):
        parse_count(np.array([6700, 1000]))
    with pytest.raises(CountError, match="finite"):
        parse_count(Decimal("NaN"))


@pytest.mark.parametrize("text,said", [
    ("6.5M-8M++", "expected a count such as"),          # one open top, not two
    ("8-6+", "a range from low to high"),               # the range's rule, the text as written
    ("6-+", "expected a count such as"),
])
def test_an_open_topped_range_is_refused_as_written(text, said) -> None:
    with pytest.raises(CountError) as info:
        parse_count(text)
    assert said in str(info.value) and info.value.got == text


@pytest.mark.parametrize(("text", "advice"), [
    ("1e3", "1,000 or 1k, not 1e3"), ("1.2e+06", "1,200,000 or 1.2M, not 1.2e+06"),
    ("~2E6", "2,000,000 or 2M, not 2E6"), ("1e4+", "10,000 or 10k, not 1e4"),
    ("5e-1", "in digits, not 5e-1"), ("1e3-2e3", "1,000 or 1k, not 1e3"),
    ("6.5e6 - 8e6", "6,500,000 or 6.5M, not 6.5e6"), ("1.234567e6", "1,234,567, not 1.234567e6")])
def test_scientific_notation_is_refused_with_the_way_to_write_it(text: str, advice: str) -> None:
    """A count is read as written, its precision too, and 1e3 does not say how precise
    it was meant to be: the refusal says how to write the number given (it once cited
    1e3 whatever came, and said nothing of a range's ends)."""
    with pytest.raises(CountError) as err:
        parse_count(text)
    assert err.value.hint == f"a count is read as written, its precision too: {advice}"
    assert repr(text) in str(err.value)


@given(st.integers(1, 10**15), st.integers(0, 15))
def test_the_advice_for_scientific_notation_reads_back_as_the_same_count(n: int, e: int) -> None:
    value = n / 10**e if n % 10**e else n // 10**e
    mantissa = f"{value:.16g}"
    if "e" in mantissa or float(mantissa) * 10**e > 1e15:
        return
    text = f"{mantissa}e{e}"
    with pytest.raises(CountError) as err:
        parse_count(text)
    said = err.value.hint.split(": ", 1)[1].removesuffix(f", not {text}")
    for way in said.split(" or "):
        if way != "in digits":
            assert parse_count(way).low == float(text), (text, way)


def test_the_largest_count_is_1e15_and_the_message_says_at_most() -> None:
    assert parse_count("1,000,000,000,000,000").low == 1e15
    assert parse_count(1e15).low == 1e15
    for over in ("1,000,000,000,000,001", 1.0000000000000002e15):
        with pytest.raises(CountError, match=r"expected a count of at most 1e\+15"):
            parse_count(over)


@given(st.floats(0.0, 1e15, allow_nan=False).filter(lambda x: not x.is_integer()))
def test_the_advice_for_a_fractional_count_is_itself_a_count(x: float) -> None:
    """'1234567.5' is refused with '1,234,567 or 1,234,568; a range such as
    1,234,567-1,234,568 ...': each suggestion reads back (it once said 1.23457e+06)."""
    import re

    text = f"{x:.6f}".rstrip("0")
    if "." not in text or text.endswith("."):
        return
    with pytest.raises(CountError) as err:
        parse_count(text, whole=True)
    m = re.search(r"\((\S+) or (\S+); a range such as (\S+) may", err.value.expected)
    assert m, err.value.expected
    lo, hi, span = (parse_count(g, whole=True) for g in m.groups())
    assert lo.low <= float(text) <= hi.low and (span.low, span.high) == (lo.low, hi.low)


def test_a_spread_past_the_limit_names_the_option() -> None:
    """'~1,000,000,000,000,000' spreads to 1.05e15: the error names the option (count, or
    --count as the command line passes it), not Count's own field (count.high)."""
    with pytest.raises(CountError) as err:
        parse_count("~1,000,000,000,000,000")
    assert err.value.place == "count" and "its spread reaches past it" in str(err.value)
    with pytest.raises(CountError) as err:
        parse_count("~1,000,000,000,000,000", "--count")
    assert err.value.place == "--count"


@pytest.mark.parametrize(("text", "said"), [
    ("-1e3", "expected a count of 0 or more (got '-1e3')"),   # the sign first, not '1,000'
    ("1e-400", "in digits, not 1e-400"),                      # not '0'
])
def test_a_negative_or_vanishing_scientific_count_gets_the_right_advice(text, said) -> None:
    with pytest.raises(CountError) as err:
        parse_count(text)
    assert said in str(err.value)


@pytest.mark.parametrize("suffix", ["Million", "MILLION", "Thousand", "Billion", "Mn", "BN",
                                    "mN"])
def test_a_word_multiplier_is_taken_in_any_case(suffix):
    """'1.5 Million' as an article's headline writes it is what '1.5 million' is."""
    assert parse_count(f"1.5 {suffix}").low == parse_count(f"1.5 {suffix.lower()}").low


@pytest.mark.parametrize(("text", "value"), [
    ("6 700", 6700), ("6\u00a0700", 6700), ("6\u202f700", 6700), ("6\u2009700", 6700),
    ("1 500 000", 1_500_000), ("~6 700", 6700), ("10 000+", 10_000), ("6 700k", 6_700_000)])
def test_a_space_between_groups_of_three_digits_separates_thousands(text, value):
    assert parse_count(text).stated == value


@pytest.mark.parametrize("text", ["6 70", "6 7000", "6700 000", "6,700 000", "6 700,000",
                                  "6  700", "6 700 00", "1 234,5"])
def test_spaces_not_between_groups_of_three_are_no_count(text):
    """'6 70' is two numbers or a typo, not 670 or 6,070; commas and spaces in one
    number (or a decimal comma after them) read more than one way."""
    with pytest.raises(CountError, match="expected a count such as") as info:
        parse_count(text, "--count")
    assert info.value.place == "--count"


@pytest.mark.parametrize(("words", "canonical"), [
    (">6700", "6700+"), (">=10000", "10000+"), ("\u226510000", "10000+"),
    ("over 6700", "6700+"), ("Over 6,700", "6700+"), ("more than 6700", "6700+"),
    ("at least 6700", "6700+"), ("At Least 10k", "10k+"),
    ("<6700", "<=6700"), ("up to 500k", "<=500k"), ("at most 500k", "<=500k"),
    ("under 6700", "<=6700"), ("less than 6700", "<=6700"), ("fewer than 6700", "<=6700"),
    ("about 6700", "~6700"), ("around 6,700", "~6,700"), ("About 1.5M", "~1.5M"),
    ("approximately 6700", "~6700"), ("roughly 6700", "~6700"), ("\u22486700", "~6700")])
def test_a_mark_in_words_or_symbols_reads_as_its_canonical_form(words, canonical):
    """'over 6700' is read as the outputs read a source's 'over' N: at least N, as
    '6700+'; 'about 6700' as '~6700', to the precision written."""
    said, meant = parse_count(words), parse_count(canonical)
    assert (said.low, said.high, said.form) == (meant.low, meant.high, meant.form)
    assert said.rule().startswith(words)  # the output quotes it as written


@pytest.mark.parametrize("text", ["overage 6700", "over6700", "over", "about ~6700",
                                  "over 6.5M-8M", "at least 10k+", "> -5"])
def test_a_mark_in_words_takes_one_plain_number(text):
    with pytest.raises(CountError) as info:
        parse_count(text, "--count")
    assert info.value.place == "--count" and info.value.got == text


@pytest.mark.parametrize("text, hint", [
    ("over 6.5M-8M", "written 6.5M-8M+"), (">= 6.5M-8M", "written 6.5M-8M+"),
    ("about 1M-2M", "read as written, to its ends: 1M-2M"),
    ("up to 1M–2M", "read as written: 1M-2M"),
])
def test_a_mark_before_a_range_says_how_a_range_is_written(text: str, hint: str) -> None:
    with pytest.raises(CountError) as info:
        parse_count(text, "--count")
    assert hint in str(info.value) and info.value.got == text


@pytest.mark.parametrize("text, expected", [
    ("under 0", "a bound above 0"), ("< 0", "a bound above 0"),
    ("fewer than 0", "a bound above 0"), ("Less than 0", "a bound above 0"),
    ("over -5", "a count of 0 or more"), ("< -5", "a count of 0 or more"),
    ("about -5", "a count of 0 or more"), ("\u2264 -5", "a count of 0 or more"),
    ("at least \u22125", "a count of 0 or more"),
])
def test_a_mark_before_a_bound_below_any_count_is_refused_in_words(text: str,
                                                                   expected: str) -> None:
    """Nothing is fewer than 0, and no count is below 0 with a word before it either."""
    with pytest.raises(CountError) as err:
        parse_count(text, "--count")
    assert expected in str(err.value) and text.split()[0] in str(err.value)


@pytest.mark.parametrize("text", ["<=0", "up to 0", "at most 0", "under 1"])
def test_a_bound_that_allows_a_count_is_taken(text: str) -> None:
    assert parse_count(text).form == "up_to"
