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
])
def test_counts_as_written(text, low, high, form):
    c = parse_count(text)
    assert (c.low, c.high, c.form) == (pytest.approx(low), pytest.approx(high), form)


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
