"""Results as a notebook shows them: one short line each, figures as the tables write
them, names looked up in any case (with the nearest named where none fits), a user's
own sensitivity as data."""

from __future__ import annotations

import numpy as np
import pytest

from estimator import (
    Summary,
    estimate_containers,
    estimate_days,
    estimate_port_calls,
    estimate_shells,
    estimate_timeline,
    pool,
    summarize,
)
from estimator.reconcile import reconcile
from estimator.report.format import human
from estimator.sensitivity import containers_sensitivity


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


@pytest.fixture(scope="module")
def results() -> dict[str, object]:
    """One result of each type the commands render, from small runs."""
    report = containers_sensitivity("6700", calibre="152mm_he", samples=64, seed=2)
    return {
        "ContainerEstimate": estimate_containers("6,700", calibres=["152mm_he", "mix"],
                                                 samples=200, seed=2),
        "ShellsEstimate": estimate_shells("1.5M", samples=200, seed=2),
        "Reconciliation": reconcile(samples=200, seed=2),
        "Pooled": pool(claims=["shin_6700_containers", "hur_1_5m_rounds"], samples=400, seed=2),
        "LogisticsEstimate": estimate_port_calls("32", samples=200, seed=2),
        "Timeline": estimate_timeline("2023-08", "2024-01", samples=200, seed=2),
        "DaysEstimate": estimate_days("1.5M", samples=200, seed=2),
        "SensitivityReport": report,
        "Sensitivity": report.result,
    }


def test_every_result_prints_as_one_short_line_naming_its_run(results: dict[str, object]) -> None:
    """Printed whole, a reconciliation ran to 214,000 characters on one line, a timeline to
    15,000: each says what it is, what it holds and the run that made it."""
    from estimator.report.data import _RENDERERS

    rendered = {name.rsplit(".", 1)[1] for name in _RENDERERS}
    # every result type the commands render is here (a catalogue and an assumption set
    # print short already)
    assert rendered - {"Catalogue", "AssumptionSet"} <= set(results)
    for name, result in results.items():
        text = repr(result)
        assert type(result).__name__ == name
        assert text.startswith(f"{name}(") and text.endswith(")"), text
        assert len(text) < 300 and "\n" not in text, (name, len(text))
        assert "seed=2" in text and "samples=" in text, text
        record = getattr(result, "record", None)
        if record is not None:
            assert f"assumptions={record.assumptions_digest!r}" in text, text
    assert "34 claims, basis='complete'" in repr(results["Reconciliation"])
    assert "2 claims pooled" in repr(results["Pooled"])
    assert "count='6,700', 4 rows, calibres=['152mm_he', 'mix']" in repr(
        results["ContainerEstimate"])
    assert "start='2023-08-01', end='2024-02-01', 6 months" in repr(results["Timeline"])
    assert "output='complete.152mm_he.rounds'" in repr(results["Sensitivity"])
