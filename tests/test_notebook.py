"""Results as a notebook shows them: one short line each, figures as the tables write
them, names looked up in any case (with the nearest named where none fits), a user's
own sensitivity as data."""

from __future__ import annotations

import numpy as np
import pytest

from estimator import Summary, summarize
from estimator.report.format import human


def test_a_summary_reads_as_the_tables_write_it() -> None:
    s = summarize(np.linspace(1.0e6, 5.0e6, 1001), "round")
    assert str(s) == f"{human(s.p50)} [{human(s.p5)}-{human(s.p95)}] rd" == "3.00M [1.20M-4.80M] rd"
    assert f"{s}" == str(s)
    assert str(summarize(np.array([0.2, 0.3, 0.4]))) == "0.300 [0.210-0.390]"  # no unit '1'
    # every digit stays in the repr, which the text would lose
    assert repr(s.p50) in repr(s)


def test_a_format_spec_writes_each_figure_with_it() -> None:
    s = Summary(3.0e6, 1.2e6, 3.0e6, 4.8e6, 1.0, 1.0, 1.0, 1.0, "rd", 1000)
    assert f"{s:.3g}" == "3e+06 [1.2e+06-4.8e+06] rd"
    assert f"{s:,.0f}" == "3,000,000 [1,200,000-4,800,000] rd"
    with pytest.raises(ValueError, match="format"):
        format(s, "q")  # a spec no number takes: Python's own error
