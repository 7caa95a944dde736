"""Results as data: ``to_dict`` is the document ``--format json`` writes and ``records`` the
rows ``--format csv`` writes, for every result the commands render, from the same run."""

from __future__ import annotations

import csv
import io
import json
import math
from collections.abc import Callable

import pytest

from estimator import AssumptionSet, InputError, estimate_containers, estimate_shells
from estimator.logistics import estimate_days, estimate_port_calls, estimate_rail, estimate_timeline
from estimator.pooled import pool
from estimator.reconcile import reconcile
from estimator.report import records, to_dict
from estimator.reports import Catalogue
from estimator.sensitivity import containers_sensitivity, timeline_sensitivity
from tests.clirun import run

CLAIMS = ["shin_6700_containers", "hur_1_5m_rounds"]

# (id, the command's arguments, the same run in Python, whether the command gives the
# result the claims catalogue); small runs, as only the layout is checked.
CASES: list[tuple[str, list[str], Callable[[], object], bool]] = [
    ("containers", ["containers", "--count", "6700", "--calibre", "152mm_he", "--calibre",
                    "mix", "-n", "300"],
     lambda: estimate_containers("6700", calibres=["152mm_he", "mix"], samples=300), False),
    ("containers-related", ["containers", "--count", "10000+", "--related", "--calibre", "mix",
                            "--basis", "complete", "-n", "300"],
     lambda: estimate_containers("10000+", calibres="mix", bases="complete", related=True,
                                 samples=300), False),
    ("shells", ["shells", "--count", "3M", "--calibre", "152mm_he", "--calibre", "mix",
                "-n", "300"],
     lambda: estimate_shells("3M", calibres=["152mm_he", "mix"], samples=300), False),
    ("reconcile", ["reconcile", *(f"--claim={c}" for c in CLAIMS), "-n", "300"],
     lambda: reconcile(claims=CLAIMS, samples=300), False),
    ("pooled", ["reconcile", "--pooled", "--as-of", "2024-06-30", "-n", "1000"],
     lambda: pool(as_of="2024-06-30", samples=1000), False),
    ("port-calls", ["port-calls", "--count", "32+", "-n", "300"],
     lambda: estimate_port_calls("32+", compare=["shin_6700_containers"], samples=300), True),
    ("rail", ["rail", "--cars", "120", "-n", "300"],
     lambda: estimate_rail("120", samples=300), False),
    ("timeline", ["timeline", "--from", "2024-01", "--to", "2024-03", "-n", "300"],
     lambda: estimate_timeline("2024-01", "2024-03", samples=300), False),
    ("days-over", ["days", "--rounds", "1.5M", "--usable", "--over", "365", "-n", "300"],
     lambda: estimate_days("1.5M", over_days=365, usable=True, samples=300), False),
    ("days-per-day", ["days", "--rounds", "1M", "--per-day", "2700", "-n", "300"],
     lambda: estimate_days("1M", per_day=2700, samples=300), False),
    ("sensitivity-containers", ["sensitivity", "containers", "--count", "6700", "-n", "32"],
     lambda: containers_sensitivity("6700", samples=32), False),
    ("sensitivity-timeline", ["sensitivity", "timeline", "--from", "2024-03", "--to", "2024-05",
                              "-n", "32"],
     lambda: timeline_sensitivity("2024-03", "2024-05", samples=32), False),
    ("reports", ["reports", "list"], Catalogue.defaults, False),
    ("assumptions", ["assumptions", "list"], AssumptionSet.defaults, False),
]


def _output(argv: list[str], fmt: str, capsys: pytest.CaptureFixture[str]) -> str:
    code, out, err = run([*argv, "--format", fmt], capsys)
    assert code == 0, err
    return out


def _agrees(value: object, cell: str) -> bool:
    """Whether a record's value is what its CSV cell writes: text as it is, a number to
    the digits the cell gives it, None (or an index not known, NaN) as an empty cell."""
    if value is None:
        return cell == ""
    if isinstance(value, (str, int)):  # True and False too
        return cell == str(value)
    assert isinstance(value, float), value
    if math.isnan(value):
        return cell in ("", "nan")
    return math.isclose(float(cell), value, rel_tol=1e-5, abs_tol=0.005)


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_records_are_the_csv_rows_and_to_dict_the_json(case, capsys) -> None:
    _, argv, build, with_catalogue = case
    result = build()
    rows = records(result)
    lines = [x for x in _output(argv, "csv", capsys).splitlines(keepends=True)
             if not x.startswith("# ")]
    header, *cells = list(csv.reader(io.StringIO("".join(lines))))
    assert rows and len(rows) == len(cells)
    for row, written in zip(rows, cells, strict=True):
        assert list(row) == header
        for (column, value), cell in zip(row.items(), written, strict=True):
            assert isinstance(value, (str, int, float, bool, type(None))), (column, value)
            assert _agrees(value, cell), (column, value, cell)
    catalogue = Catalogue.defaults() if with_catalogue else None
    assert to_dict(result, catalogue=catalogue) == json.loads(_output(argv, "json", capsys))


def test_a_figure_is_a_number_and_its_unit_is_in_its_own_column() -> None:
    est = estimate_containers("6,700", calibres="152mm_he", samples=200, seed=1)
    row = records(est)[0]
    summary = est.rows[0].rounds
    assert (row["p50"], row["se_p95"], row["unit"]) == (summary.p50, summary.se_p95, "rd")
    assert type(row["p50"]) is float and type(row["seed"]) is int
    assert to_dict(est)["results"][0]["p50"] == summary.p50


def test_to_dict_is_plain_json_data() -> None:
    """A number that is not finite is None (JSON has no NaN), a date its ISO text, a
    tuple a list: what ``json.dumps`` takes as it is, with no ``default``."""
    import datetime as dt

    from estimator.report.common import json_data

    assert json_data({"x": math.nan, "y": (math.inf, 1.5), "day": dt.date(2024, 2, 26)}) == {
        "x": None, "y": [None, 1.5], "day": "2024-02-26"}
    doc = to_dict(reconcile(claims=CLAIMS, samples=200))
    assert isinstance(doc["claims"][0]["published"], str)
    assert json.loads(json.dumps(doc, allow_nan=False)) == doc


def test_the_renderers_write_what_to_dict_and_records_give() -> None:
    """One path: the JSON text is the document :func:`to_dict` gives and the CSV's data
    lines are the rows :func:`records` gives, for the same result object."""
    from estimator.report.logistics import render_timeline

    t = estimate_timeline("2024-01", "2024-02", samples=200)
    assert json.loads(render_timeline(t, "json")) == to_dict(t)
    data = [x for x in render_timeline(t, "csv").splitlines() if not x.startswith("# ")]
    assert len(data) == 1 + len(records(t))


@pytest.mark.parametrize("thing", [{"a": 1}, [], None, "6700"])
def test_an_object_that_is_no_result_is_a_type_error_naming_the_results(thing) -> None:
    with pytest.raises(TypeError, match=r"^result: expected one of ContainerEstimate, "
                       r"ShellsEstimate, .*AssumptionSet \(got \w+\)$") as err:
        to_dict(thing)
    assert isinstance(err.value, InputError)
    with pytest.raises(TypeError, match="Timeline, DaysEstimate, SensitivityReport"):
        records(thing)


def test_a_catalogue_is_for_a_port_calls_estimate_alone() -> None:
    est = estimate_rail("120", samples=200)
    assert "report_files" not in to_dict(est)
    with pytest.raises(InputError, match="catalogue: given with a ContainerEstimate"):
        to_dict(estimate_containers("6700", calibres="mix", samples=200),
                catalogue=Catalogue.defaults())
