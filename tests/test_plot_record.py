"""The figures carry the run record and lose no label: the foot of a pooled figure and of
a tornado gives the version, seed, samples, method and assumptions digest that the same
run's JSON gives (and a pooled figure its as-of and known-by dates), as a text artist of
the figure and as ``record`` in the data returned; and the saved file holds every label
whole, an 80-character one included, with the foot clear of every panel."""

from __future__ import annotations

import dataclasses
import json
import struct
from pathlib import Path
from typing import Any

import pytest
from clirun import run

from estimator.assumptions import AssumptionSet
from estimator.reports import Catalogue
from estimator.sensitivity import SensitivityReport, containers_sensitivity

pytest.importorskip("matplotlib")

# claims whose forest labels run to 79 and 81 characters, and a few of other measures
CLAIMS = ("csis_2_5m_rounds_capacity", "mnd_2000_containers", "shin_6700_containers",
          "hur_1_5m_rounds", "osc_64_port_calls", "nknews_6_5m_8m_rounds",
          "nkpro_halt_0_port_calls")
CLAIM_ARGS = [a for c in CLAIMS for a in ("--claim", c)]
LONG_KEY = "containers.a_deliberately_long_assumption_name.that_runs_on.to_eighty_chars"
LONG_KEY += "_" * (80 - len(LONG_KEY))
PAD = 0.15  # inches: the margin estimator.plots leaves round a saved figure's tight box


def _spy(monkeypatch: pytest.MonkeyPatch, name: str) -> dict[str, Any]:
    """Keep what ``estimator.plots.<name>`` returns when the command line calls it."""
    import estimator.plots as plots

    kept: dict[str, Any] = {}
    original = getattr(plots, name)

    def spy(*args: Any, **kw: Any) -> dict[str, Any]:
        kept.update(original(*args, **kw))
        return kept

    monkeypatch.setattr(plots, name, spy)
    return kept


def _assert_record_matches(record: str, run_doc: dict[str, Any]) -> None:
    assert f"estimator {run_doc['version']}," in record
    assert f"seed {run_doc['seed']}," in record
    assert f"{run_doc['samples']:,} samples" in record
    assert f"method {run_doc['method']}" in record
    assert f"assumptions {run_doc['assumptions_digest']}" in record


def _png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def _footer(fig: Any) -> Any:
    (foot,) = [t for t in fig.texts if t.get_gid() == "run-record"]
    return foot


def _words(text: str) -> str:
    return " ".join(text.split())


def _check_saved(fig: Any, png: Path, long_label: str) -> None:
    """Every text of ``fig`` (``long_label`` among them) lies inside the area the PNG
    ``png`` (saved at 150 dpi) shows, and the run record at the foot overlaps no panel."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.text import Text

    FigureCanvasAgg(fig)
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    box = fig.get_tightbbox(renderer)  # inches
    width, height = _png_size(png)
    # the file shows the tight box and its margin, not the figure's own frame
    assert width == pytest.approx((box.width + 2 * PAD) * 150, abs=3)
    assert height == pytest.approx((box.height + 2 * PAD) * 150, abs=3)
    texts = [t for t in fig.findobj(Text) if t.get_visible() and t.get_text().strip()]
    assert long_label in {t.get_text() for t in texts}
    for t in texts:
        ext = t.get_window_extent(renderer).transformed(fig.dpi_scale_trans.inverted())
        assert box.x0 - 1e-6 <= ext.x0 and ext.x1 <= box.x1 + 1e-6, t.get_text()
        assert box.y0 - 1e-6 <= ext.y0 and ext.y1 <= box.y1 + 1e-6, t.get_text()
    foot = _footer(fig).get_window_extent(renderer)
    for ax in fig.axes:
        assert not foot.overlaps(ax.get_tightbbox(renderer)), ax.get_title()


# --- the pooled figure -------------------------------------------------------------------------

def test_pooled_plot_foot_is_the_json_run_record(monkeypatch: pytest.MonkeyPatch,
                                                tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    plotted = _spy(monkeypatch, "plot_pooled")
    png, js = tmp_path / "claims.png", tmp_path / "pooled.json"
    code, _, err = run(["reconcile", "--pooled", *CLAIM_ARGS, "-n", "2000", "--seed", "17",
                        "--known-by", "2025-12-31", "-f", "json", "-o", str(js),
                        "--plot", str(png)], capsys)
    assert code == 0, err
    assert png.stat().st_size > 10_000
    doc = json.loads(js.read_text())
    record = plotted["record"]
    _assert_record_matches(record, doc["run"])
    assert doc["run"]["seed"] == 17 and doc["run"]["samples"] == 2000
    assert doc["known_by"] == "2025-12-31"
    assert f"as of {doc['as_of']}, known by 2025-12-31" in record


def test_pooled_figure_shows_its_record_and_every_label_whole(tmp_path: Path) -> None:
    from estimator.plots import plot_pooled, pooled_figure
    from estimator.pooled import pool

    full = Catalogue.defaults()
    catalogue = Catalogue({c: full[c] for c in CLAIMS}, ("test",))
    p = pool(catalogue, AssumptionSet.defaults(), samples=2000, seed=5)
    fig, data = pooled_figure(p)
    assert "seed 5, 2,000 samples" in data["record"]
    assert p.record.assumptions_digest in data["record"]
    assert f"as of {p.as_of}" in data["record"] and "known by" not in data["record"]
    assert _words(_footer(fig).get_text()) == _words(data["record"])
    assert _footer(fig).get_fontsize() < 8
    long_label = max((r["label"] for r in data["forest"]), key=len)
    assert len(long_label) >= 70  # who said it, cut between words at 40, with date and figure
    png = tmp_path / "pooled.png"
    assert plot_pooled(p, png)["record"] == data["record"]
    _check_saved(fig, png, long_label)
    # the forest's log axis reads in plain numbers ("2", "0.5"), not "2 x 10^0"
    forest = fig.axes[0]
    shown = [t.get_text() for t in (*forest.get_xticklabels(), *forest.get_xticklabels(
        minor=True)) if t.get_text()]
    assert shown and all(float(t) > 0 for t in shown), shown
    # a claim of none converts to 0 rounds, which a log axis cannot show: the row says so
    (zero,) = [r for r in data["forest"] if r["converted"][1] == 0]
    assert zero["id"] == "nkpro_halt_0_port_calls"
    (note,) = [t for t in forest.texts if t.get_gid() == f"zero-{zero['id']}"]
    assert note.get_text().startswith("converts to 0 rounds")
    assert {t.get_gid() for t in forest.texts} == {note.get_gid()}  # the others have points
    # its legend lies below its axis title, not over it
    renderer = fig.canvas.get_renderer()
    assert (forest.get_legend().get_window_extent(renderer).y1
            <= forest.xaxis.label.get_window_extent(renderer).y0), "legend over the axis title"


# --- the tornado -------------------------------------------------------------------------------

def test_tornado_plot_foot_is_the_json_run_record(monkeypatch: pytest.MonkeyPatch,
                                                 tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    plotted = _spy(monkeypatch, "plot_tornado")
    png = tmp_path / "tornado.png"
    code, out, err = run(["sensitivity", "containers", "-c", "6700", "--calibre", "152mm_he",
                          "-n", "256", "--seed", "23", "-f", "json", "--plot", str(png)],
                         capsys)
    assert code == 0, err
    _png_size(png)
    doc = json.loads(out)
    assert doc["run"]["seed"] == 23
    _assert_record_matches(plotted["record"], doc["run"])


def _long_tornado() -> SensitivityReport:
    """A real analysis with its first input renamed to 80 characters, and rank
    correlations in its record that make the run line too long for one line."""
    rep = containers_sensitivity("6700", calibre="152mm_he", samples=256, seed=2)
    first, *rest = rep.result.factors
    result = dataclasses.replace(rep.result,
                                 factors=(dataclasses.replace(first, key=LONG_KEY), *rest))
    keys = tuple(f.key for f in rest[:4])
    rank = tuple(tuple(1.0 if i == j else 0.5 for j in range(4)) for i in range(4))
    groups = tuple({"name": f"g{n}", "keys": keys, "asked": rank, "achieved": rank}
                   for n in range(3))
    record = dataclasses.replace(rep.record, correlations=groups)
    return dataclasses.replace(rep, result=result, record=record)


def test_tornado_shows_its_record_and_every_label_whole(tmp_path: Path) -> None:
    from estimator.plots import plot_tornado, tornado_figure
    from estimator.report.common import record_line

    rep = _long_tornado()
    fig, data = tornado_figure(rep)
    assert data["record"] == record_line(rep.record)
    assert "seed 2, 256 samples" in data["record"] and "rank correlations" in data["record"]
    foot = _footer(fig).get_text()
    assert "\n" in foot and _words(foot) == _words(data["record"])   # wrapped, not cut
    assert rep.record.assumptions_digest in foot
    (long_label,) = [t.get_text() for t in fig.axes[0].get_yticklabels()
                     if t.get_text().startswith(LONG_KEY)]
    png = tmp_path / "tornado.png"
    assert plot_tornado(rep, png)["record"] == data["record"]
    _check_saved(fig, png, long_label)


def test_a_tornado_row_that_matters_but_does_not_swing_alone_says_so() -> None:
    from estimator.plots import tornado_figure

    rep = containers_sensitivity("6700", calibre="152mm_he", samples=256, seed=2)
    fig, data = tornado_figure(rep)
    base = abs(data["base"])
    for row in data["rows"]:
        swing = abs(row["at_p95"] - row["at_p5"])
        assert row["flat"] == (swing <= 1e-3 * base and row["total"] >= 0.02), row
    flat = [row for row in data["rows"] if row["flat"]]
    words = [t for t in fig.axes[0].texts if "no swing" in t.get_text()]
    assert len(words) == len(flat)
    # the volume of a 152mm round matters (when boxes fill by volume) but, with the others
    # at their medians, the weight binds: its row is flat, and labelled
    assert "munitions.152mm_he.complete_volume" in {row["key"] for row in flat}, data["rows"]


def test_tornado_labels_never_read_minus_zero() -> None:
    from estimator.plots import tornado_figure

    rep = containers_sensitivity("6700", calibre="152mm_he", samples=256, seed=2)
    first, *rest = rep.result.factors
    tiny = dataclasses.replace(first, first=-0.001, total=-0.0004)
    rep = dataclasses.replace(rep, result=dataclasses.replace(rep.result,
                                                              factors=(tiny, *rest)))
    fig, _ = tornado_figure(rep)
    labels = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    assert any(f"{first.key}  (ST 0.00, S1 0.00)" == t for t in labels), labels
    assert not any("-0.00" in t for t in labels), labels


# --- a failed run leaves no plot ---------------------------------------------------------------

@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
@pytest.mark.parametrize("argv", [
    ["sensitivity", "containers", "-c", "6700", "--calibre", "152mm_he", "-n", "64"],
    ["reconcile", "--pooled", "-n", "2000", "--claim", "shin_6700_containers"],
])
def test_a_plot_does_not_outlive_an_output_that_could_not_be_written(
        argv: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The plot is drawn before the text is written: with -o /dev/full the run fails
    (exit 2), and a new plot file is removed, an old one put back as it was."""
    png = tmp_path / "fig.png"
    code, _, err = run([*argv, "--plot", str(png), "-o", "/dev/full"], capsys)
    assert code == 2 and "No space left" in err
    assert list(tmp_path.iterdir()) == []
    png.write_bytes(b"an older figure")
    code, _, err = run([*argv, "--plot", str(png), "-o", "/dev/full"], capsys)
    assert code == 2
    assert png.read_bytes() == b"an older figure" and list(tmp_path.iterdir()) == [png]


def test_undone_on_failure_keeps_a_device_and_whatever_the_block_did_when_it_succeeds(
        tmp_path: Path) -> None:
    from estimator.output import undone_on_failure

    path = tmp_path / "out.txt"
    with undone_on_failure(path):
        path.write_text("new")
    assert path.read_text() == "new" and list(tmp_path.iterdir()) == [path]
    with pytest.raises(RuntimeError), undone_on_failure(path):
        path.write_text("newer")
        raise RuntimeError
    assert path.read_text() == "new" and list(tmp_path.iterdir()) == [path]
    with pytest.raises(RuntimeError), undone_on_failure("/dev/null"):
        raise RuntimeError
    assert Path("/dev/null").exists()


def test_a_tornado_marks_the_outputs_own_median_beside_where_its_bars_start() -> None:
    """The bars swing about every input at its median, which is not the estimate: the
    run's own median is drawn too (dashed), where it differs (the calibre mix by a tenth)."""
    from estimator.plots import tornado_figure

    rep = containers_sensitivity("6700", samples=256, seed=2)
    fig, data = tornado_figure(rep)
    assert data["median"] == rep.result.median and data["base"] == rep.result.base
    assert abs(data["median"] / data["base"] - 1) > 0.05
    lines = {ln.get_linestyle(): ln.get_xdata()[0] for ln in fig.axes[0].lines
             if len(set(ln.get_xdata())) == 1 and len(ln.get_xdata()) == 2}
    assert lines["--"] == pytest.approx(data["median"] / 1e6)
    assert lines["-"] == pytest.approx(data["base"] / 1e6)


def test_a_figure_made_without_matplotlib_names_what_is_missing(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """``tornado_figure`` takes no path: its error names matplotlib, not a parameter it
    lacks; the command line names its --plot option."""
    import sys

    from estimator.errors import InputError
    from estimator.plots import require_matplotlib, tornado_figure

    rep = containers_sensitivity("6700", calibre="152mm_he", samples=16, seed=2)
    monkeypatch.setitem(sys.modules, "matplotlib.figure", None)  # an import of it fails
    with pytest.raises(InputError, match=r"^matplotlib: expected matplotlib to be installed"):
        tornado_figure(rep)
    with pytest.raises(InputError, match=r"^--plot: expected matplotlib to be installed"):
        require_matplotlib("--plot")
