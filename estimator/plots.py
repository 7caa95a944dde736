"""Pictures of a pooled estimate and of a sensitivity analysis (matplotlib, an optional
extra, ``plot``: ``pip install 'estimator[plot]'``, or ``uv sync --extra plot`` in a checkout).

:func:`tornado_figure` / :func:`plot_tornado` draw a sensitivity analysis as a tornado.

:func:`pooled_figure` draws three panels from a :class:`~estimator.pooled.Pooled`:

- a **forest plot**: every pooled claim's figure converted to rounds of the calibre mix
  through the one container chain (its 90% interval and median, as the side-by-side
  gives it), grouped by what the claim counts, each row over a grey band, the pooled
  rounds over that claim's own period; and an orange band across all rows, the pooled
  rounds at the as-of date. Claims in tension are red; those with no verdict (their
  leave-one-out on fewer than ``min_ess`` effective draws) grey.
- the **timeline**: cumulative rounds month by month, the pooled median with its 90%
  band (and the prior's, lighter), and the claims that count from the start of
  deliveries as points at their dates (source and date in the labels).
- the **headline's distribution**: rounds and usable rounds at the as-of date, prior
  and pooled, as cumulative probabilities (from the 1st to the 99th percentile), with
  the claims made on that date shaded.

:func:`plot_pooled` writes it to a ``.png`` or ``.svg`` file, atomically (a temporary
file in the same folder, then a rename), and returns the data it plotted, so that a
caller (or a test) can check the picture against the JSON. matplotlib is imported
only here, and only when called; nothing is shown on screen (``pyplot`` is not used,
so a notebook's backend is left alone; a notebook displays the returned figure).

Every figure carries, in small grey type along its foot, the run record the text and
JSON outputs carry (:func:`~estimator.report.common.record_line`: version, seed,
samples, method, assumptions digest; for a pooled estimate also its as-of and
known-by dates), so that a picture pasted elsewhere can be traced to the run that made
it; the returned data holds the same line as ``record``. A figure is saved with a tight
bounding box, so no label is cut at its edge, however long.
"""

from __future__ import annotations

import math
import re
import textwrap
from pathlib import Path
from typing import Any

import numpy as np

from estimator.errors import InputError, Words
from estimator.output import check_target
from estimator.pooled import ClaimTension, Pooled
from estimator.report.common import claims_run_line, record_line
from estimator.report.format import two_decimals
from estimator.report.pooled import headline_text, short_who
from estimator.sensitivity import SensitivityReport

__all__ = ["PLOT_FORMATS", "check_plot_path", "plot_pooled", "plot_tornado", "pooled_figure",
           "require_matplotlib", "tornado_figure"]

PLOT_FORMATS = ("png", "svg")
_GROUPS = (("containers", "containers counted"), ("port_calls", "port calls and shipments"),
           ("rounds", "rounds stated"), ("tonnes", "tonnes"))
_GROUP_OF = {"containers": "containers", "port_calls": "port_calls", "shipments": "port_calls",
             "rounds": "rounds", "tonnes": "tonnes"}
_MILLION = 1e6
_BLUE, _RED, _GREY, _ORANGE = "#1f4e79", "#c0392b", "#d9d9d9", "#f5b041"
_NO_VERDICT = "#999999"  # a claim whose leave-one-out rests on too few draws for a verdict


def _colour(in_tension: bool | None) -> str:
    """Red in tension, blue not, grey with no verdict (``in_tension`` None)."""
    return _NO_VERDICT if in_tension is None else _RED if in_tension else _BLUE
_FOOT_SIZE, _FOOT_COLOUR = 6.5, "#808080"  # the run record along a figure's foot (points)
_DPI, _PAD = 150, 0.15  # a saved figure: dots per inch; the margin round its tight box (inches)


def check_plot_path(path: str | Path, option: str = "path") -> str:
    """The format of a plot file from its extension (png or svg), or one clear error."""
    fmt = Path(path).suffix.lower().lstrip(".")
    if fmt not in PLOT_FORMATS:
        raise InputError(option, "a file name ending in .png or .svg", str(path))
    check_target(path, option)
    return fmt


PLOT_EXTRA = "pip install 'estimator[plot]' (in a checkout: uv sync --extra plot)"
"""How to install matplotlib, the ``plot`` extra: the errors and the help say it alike."""


def require_matplotlib(option: str = "matplotlib") -> Any:
    """matplotlib's ``Figure`` class, or one clear error naming ``option`` if it is missing."""
    try:
        from matplotlib.figure import Figure
    except ImportError:
        raise InputError(option, "matplotlib to be installed",
                         hint=f"the plot extra: {PLOT_EXTRA}") from None
    return Figure


def _label(t: ClaimTension) -> str:
    return f"{short_who(t.claim)}, {t.claim.as_of}: {t.claim.short()}"


def _forest_rows(p: Pooled) -> list[dict[str, Any]]:
    rows = []
    for group, title in _GROUPS:
        for t in p.claims:
            if _GROUP_OF.get(t.claim.measure) != group or t.converted is None:
                continue
            rows.append({"id": t.claim.id, "group": title, "label": _label(t),
                         "converted": [t.converted.p5, t.converted.p50, t.converted.p95],
                         "pooled": [t.pooled_rounds.p5, t.pooled_rounds.p95],
                         "in_tension": t.in_tension})
    return rows


def _cumulative(t: ClaimTension, p: Pooled) -> bool:
    """A claim that counts from the start of deliveries (not an increment or a sub-period)."""
    first = p.timeline[0].date.replace(day=1)
    return t.claim.over is None and t.start <= first and t.converted is not None


def _pooled_record(p: Pooled) -> str:
    """The run record of ``p`` in one line, as the figure's foot gives it: the text
    outputs' run line, then the as-of date (and the known-by date, if there is one)."""
    known = "" if p.known_by is None else f", known by {p.known_by}"
    return f"{claims_run_line(p.record, p.catalogue)}; as of {p.as_of}{known}"


def _footer(fig: Any, text: str) -> float:
    """Write ``text`` (wrapped to the figure's width) in small grey type along the foot
    of ``fig``; return the share of the figure's height it takes, for the layout to keep
    clear."""
    width_pt, height_pt = (v * 72 for v in fig.get_size_inches())
    # DejaVu Sans averages about half an em a character: 0.6 em keeps a line inside
    lines = textwrap.wrap(text, max(40, int(width_pt / (0.6 * _FOOT_SIZE))),
                          break_on_hyphens=False) or [""]
    fig.text(0.005, 0.004, "\n".join(lines), ha="left", va="bottom", fontsize=_FOOT_SIZE,
             color=_FOOT_COLOUR, gid="run-record")
    return (len(lines) * 1.3 * _FOOT_SIZE + 6) / height_pt


def pooled_figure(p: Pooled) -> tuple[Any, dict[str, Any]]:
    """The three panels (see the module text) as a matplotlib ``Figure``, and the data
    plotted: ``forest`` (rows, each with ``converted`` p5, p50, p95 and the ``pooled``
    band, in rounds), ``headline_band``, ``timeline`` (dates, pooled p5, p50, p95),
    ``points`` (the claims on the timeline), ``distribution``, and ``record`` (the run
    record along the figure's foot, :func:`_pooled_record`)."""
    figure_cls = require_matplotlib()
    rows = _forest_rows(p)
    band = p.headline["rounds"].posterior
    points = [{"id": t.claim.id, "label": _label(t), "date": t.claim.as_of.isoformat(),
               "converted": [t.converted.p5, t.converted.p50, t.converted.p95],
               "in_tension": t.in_tension}
              for t in p.claims if _cumulative(t, p) and t.converted is not None]
    line = {"dates": [x.date.isoformat() for x in p.timeline],
            "p5": [x.rounds.posterior.p5 for x in p.timeline],
            "p50": [x.rounds.posterior.p50 for x in p.timeline],
            "p95": [x.rounds.posterior.p95 for x in p.timeline],
            "prior_p5": [x.rounds.prior.p5 for x in p.timeline],
            "prior_p95": [x.rounds.prior.p95 for x in p.timeline]}
    data = {"forest": rows, "headline_band": [band.p5, band.p95], "timeline": line,
            "points": points, "distribution": {k: {"prior": list(a), "posterior": list(b)}
                                               for k, (a, b) in p.distribution.items()},
            "record": _pooled_record(p)}

    height = max(7.0, 0.28 * (len(rows) + 2 * len(_GROUPS)) + 1.5)
    fig = figure_cls(figsize=(15, height), layout="constrained")
    foot = _footer(fig, data["record"])
    fig.get_layout_engine().set(rect=(0, foot, 1, 1 - foot))
    grid = fig.add_gridspec(2, 2, width_ratios=(1.15, 1))
    _forest(fig.add_subplot(grid[:, 0]), rows, band, p)
    _timeline(fig.add_subplot(grid[0, 1]), line, points, p)
    _distribution(fig.add_subplot(grid[1, 1]), p)
    fig.suptitle(f"North Korean munitions deliveries to Russia: the public claims pooled "
                 f"({headline_text(p)})", fontsize=11)
    return fig, data


def _forest(ax: Any, rows: list[dict[str, Any]], band: Any, p: Pooled) -> None:
    ax.axvspan(band.p5 / _MILLION, band.p95 / _MILLION, color=_ORANGE, alpha=0.35, lw=0,
               label=f"pooled rounds at {p.as_of} (90%)")
    y, ticks, labels, group, headers = 0.0, [], [], None, set()
    for row in rows:
        if row["group"] != group:
            group = row["group"]
            y -= 0.6
            headers.add(len(ticks))
            ticks.append(y)
            labels.append(group.upper())
            y -= 1.0
        lo, hi = (v / _MILLION for v in row["pooled"])
        ax.fill_between([lo, hi], y - 0.38, y + 0.38, color=_GREY, lw=0, zorder=1)
        c5, c50, c95 = (v / _MILLION for v in row["converted"])
        colour = _colour(row["in_tension"])
        ax.plot([c5, c95], [y, y], color=colour, lw=1.6, zorder=2)
        ax.plot([c50], [y], "o", color=colour, ms=5, zorder=3)
        if c50 <= 0:  # a claim of none ("0 calls"): no point on a log axis, so say it
            ax.annotate("converts to 0 rounds (no point on a log scale)", (hi, y),
                        xytext=(4, 0), textcoords="offset points", va="center",
                        fontsize=7, color=colour, gid=f"zero-{row['id']}")
        ticks.append(y)
        labels.append(row["label"])
        y -= 1.0
    ax.fill_between([], [], [], color=_GREY, label="pooled rounds over the claim's own period")
    ax.plot([], [], "-o", color=_BLUE, ms=5, label="claim converted to rounds (90%, median)")
    ax.plot([], [], "-o", color=_RED, ms=5, label=f"in tension (tail p < {p.tension_p:g})")
    if any(row["in_tension"] is None for row in rows):
        ax.plot([], [], "-o", color=_NO_VERDICT, ms=5, label="no tension verdict (fewer than "
                f"{p.min_ess:,.0f} effective draws without it)")
    ax.set_yticks(ticks, labels, fontsize=7.5)
    for i, tick in enumerate(ax.get_yticklabels()):
        if i in headers:
            tick.set_fontweight("bold")
    ax.tick_params(axis="y", length=0)
    ax.set_ylim(y, 0.5)
    ax.set_xscale("log")
    ax.xaxis.set_major_formatter(_plain_log(labels_only_decades=True))
    ax.xaxis.set_minor_formatter(_plain_log(labels_only_decades=False))
    ax.set_xlabel("million rounds (calibre mix), log scale")
    ax.set_title(f"Each claim on one footing, against the pool ({p.basis} rounds)", fontsize=10)
    ax.grid(axis="x", which="both", alpha=0.3)
    from matplotlib.transforms import ScaledTranslation

    # half an inch below the panel, under its tick labels and axis title, however tall
    below = ax.transAxes + ScaledTranslation(0, -0.5, ax.figure.dpi_scale_trans)
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, 0), bbox_transform=below, ncol=2,
              fontsize=7)


def _plain_log(labels_only_decades: bool) -> Any:
    """A log axis's tick labels as plain numbers ("2", "0.5", "20"), on the ticks that
    matplotlib's own formatter would label (its labels read "2 x 10^0")."""
    from matplotlib.ticker import LogFormatterSciNotation

    class Plain(LogFormatterSciNotation):  # type: ignore[misc]
        def __call__(self, x: float, pos: int | None = None) -> str:
            return f"{x:g}" if super().__call__(x, pos) else ""

    return Plain(10, labelOnlyBase=labels_only_decades)


def _timeline(ax: Any, line: dict[str, Any], points: list[dict[str, Any]], p: Pooled) -> None:
    import datetime as dt

    dates = [dt.date.fromisoformat(d) for d in line["dates"]]

    def m(v: list[float]) -> list[float]:
        return [x / _MILLION for x in v]

    ax.fill_between(dates, m(line["prior_p5"]), m(line["prior_p95"]), color=_GREY, alpha=0.5,
                    lw=0, label="assumptions alone (90%)")
    ax.fill_between(dates, m(line["p5"]), m(line["p95"]), color=_ORANGE, alpha=0.5, lw=0,
                    label="pooled (90%)")
    ax.plot(dates, m(line["p50"]), color="#7e5109", lw=1.5, label="pooled median")
    top = max([*m(line["p95"]), 0.0]) * 1.6 or 1.0
    placed: list[tuple[dt.date, float]] = []
    for pt in sorted(points, key=lambda q: (not q["in_tension"], q["date"])):
        lo, mid, hi = m(pt["converted"])
        day = dt.date.fromisoformat(pt["date"])
        colour = _colour(pt["in_tension"])
        ax.errorbar([day], [mid], yerr=[[mid - lo], [hi - mid]], fmt="o", ms=4, color=colour,
                    elinewidth=1, capsize=2)
        # label a point unless one already labelled is close (the forest names them all)
        if all(abs((day - d).days) > 60 or abs(mid - v) > top / 12 for d, v in placed):
            placed.append((day, mid))
            ax.annotate(pt["label"].split(":")[0], (day, min(mid, top * 0.97)),
                        xytext=(4, 2), textcoords="offset points", fontsize=6, color=colour)
    ax.set_ylim(bottom=0, top=top)
    from matplotlib.dates import AutoDateLocator, ConciseDateFormatter

    locator = AutoDateLocator()
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(ConciseDateFormatter(locator))
    ax.set_ylabel("million rounds (calibre mix), cumulative")
    ax.set_title("The delivery timeline and the claims that count from its start", fontsize=10)
    ax.grid(alpha=0.3)
    ax.legend(loc="upper left", fontsize=7)
    ax.tick_params(axis="x", labelsize=7)


def _distribution(ax: Any, p: Pooled) -> None:
    from estimator.pooled import QUANTILES

    styles = {("rounds", 0): ("#808080", "--", "rounds, assumptions alone"),
              ("rounds", 1): ("#7e5109", "-", "rounds, pooled"),
              ("usable", 0): ("#7fa7cf", "--", "usable rounds, assumptions alone"),
              ("usable", 1): (_BLUE, "-", "usable rounds after duds, pooled")}
    for (name, which), (colour, dash, label) in styles.items():
        q = [v / _MILLION for v in p.distribution[name][which]]
        ax.plot(q, QUANTILES, dash, color=colour, lw=1.4, label=label)
    for t in p.claims:
        if t.claim.as_of == p.as_of and t.claim.measure == "rounds":
            lo, hi = t.claim.count.low / _MILLION, t.claim.count.high / _MILLION
            ax.axvspan(lo, hi, color=_ORANGE, alpha=0.3, lw=0,
                       label=f"{short_who(t.claim)}, {t.claim.as_of}: {t.claim.short()}")
            if t.claim.count.open_high:  # "more than" its top: paler, to the excess's p95
                excess = p.assumptions["counts.at_least_excess"].distribution
                top = hi * (1.0 + float(excess.ppf(np.array([0.95]))[0]))
                ax.axvspan(hi, top, color=_ORANGE, alpha=0.12, lw=0)
    ax.axhline(0.05, color="#808080", lw=0.6, ls=":")
    ax.axhline(0.95, color="#808080", lw=0.6, ls=":")
    ax.set_xlim(0, p.distribution["rounds"][0][-1] / _MILLION)
    ax.set_ylim(0, 1)
    ax.set_xlabel(f"million rounds at {p.as_of}")
    ax.set_ylabel("probability of at most this many")
    ax.set_title("The headline, and how sure", fontsize=10)
    ax.grid(alpha=0.3)
    ax.legend(fontsize=7, loc="lower right")


def _save(fig: Any, path: str | Path, option: str, record: str) -> None:
    """Write ``fig`` atomically, the run record in the file's own metadata too (PNG's and
    SVG's ``Description``), so that a program can read which run made a figure."""
    import warnings

    import matplotlib

    from estimator.output import write_atomic_with

    fmt = check_plot_path(path, option)
    # text in a script the first font lacks (a Korean claim's source) is drawn in an
    # installed font that has it, if there is one; else each character warned of once
    # per use by matplotlib (six lines for one name) is said once, all together
    with matplotlib.rc_context({"font.sans-serif": _sans_serif()}), \
            warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        write_atomic_with(path, lambda fh: fig.savefig(
            fh, format=fmt, dpi=_DPI, bbox_inches="tight", pad_inches=_PAD,
            metadata={"Description": record}), option)
    missing: dict[str, None] = {}
    for w in caught:
        glyph = _GLYPH.match(str(w.message))
        if glyph:
            missing[chr(int(glyph.group(1)))] = None
        else:
            warnings.warn_explicit(w.message, w.category, w.filename, w.lineno)
    if missing:
        shown = "".join(list(missing)[:12]) + ("..." if len(missing) > 12 else "")
        warnings.warn(f"{option}: no installed font has {len(missing)} character(s) of the "
                      f"figure's text ({shown}): they are drawn as empty boxes (a font that "
                      f"has them, such as {_FALLBACK[0]}, is used once installed)",
                      stacklevel=2)


# Fonts tried after the first for characters it lacks, where installed: Korean first (the
# claims' sources are often Korean), then other CJK and broad Unicode fonts.
_FALLBACK = ("Noto Sans CJK KR", "Noto Sans KR", "NanumGothic", "Malgun Gothic",
             "Apple SD Gothic Neo", "AppleGothic", "Noto Sans CJK JP", "Noto Sans CJK SC",
             "WenQuanYi Zen Hei", "Arial Unicode MS")
_GLYPH = re.compile(r"Glyph (\d+) .*missing from")


def _sans_serif() -> list[str]:
    """matplotlib's sans-serif fonts, then the fallbacks installed here (one not installed
    would be warned of at every draw)."""
    from matplotlib import font_manager, rcParams

    have = {f.name for f in font_manager.fontManager.ttflist}
    return [*rcParams["font.sans-serif"], *(f for f in _FALLBACK if f in have)]


def plot_pooled(p: Pooled, path: str | Path, option: str = "path") -> dict[str, Any]:
    """Write the pictures of ``p`` to ``path`` (.png or .svg), atomically, and return the
    data plotted (see :func:`pooled_figure`)."""
    check_plot_path(path, option)
    fig, data = pooled_figure(p)
    _save(fig, path, option, data["record"])
    return data


def tornado_figure(rep: SensitivityReport, option: str = "rep") -> tuple[Any, dict[str, Any]]:
    """A tornado of a sensitivity analysis: for each input with a swing (most influential
    first, by total Sobol' index), a bar from the output with the input at its 5th
    percentile to the output at its 95th (others at their medians), about the output
    with every input at its median; the total and first-order indices in the labels.
    Inputs of several dimensions (a mix of shares) have no swing: those with a total index
    of 0.02 or more are named under the bars with their indices. An output the same in
    every draw is refused (an :class:`InputError` naming ``option``). Returns the figure
    and the data plotted (``rows``: key, at_p5, at_p95, first, total, and ``flat``, true
    for an input with a total index of 0.02 or more that swings the output by 0.1% or less
    on its own, so labelled; ``base``; ``median``; ``record``, the run record along the
    figure's foot; ``not_drawn``, the keys named under the bars)."""
    figure_class = require_matplotlib()
    r = rep.result
    if not r.variance > 0:  # bars of nothing on an axis of nothing would read as swings
        raise InputError(option, "an output that varies between draws (a tornado of it)",
                         Words(f"{r.output} the same in every draw"))
    rows = [{"key": f.key, "at_p5": f.low, "at_p95": f.high, "first": f.first,
             "total": f.total} for f in r.factors if f.low is not None and f.high is not None]
    rows = rows[:15]
    # inputs of several dimensions (a mix of shares) have no swing to draw: named, with
    # their indices, where they matter, so the figure does not hide its main driver
    undrawn = [f for f in r.factors if (f.low is None or f.high is None)
               and math.isfinite(f.total) and f.total >= 0.02]
    flat = r.flat()
    fig = figure_class(figsize=(9, 1.2 + 0.42 * max(len(rows), 1)))
    ax = fig.add_subplot(1, 1, 1)
    top = max([abs(r.base)] + [abs(v) for row in rows for v in (row["at_p5"], row["at_p95"])])
    scale, words = next(((f, w) for f, w in ((1e6, " millions"), (1e3, " thousands"))
                         if top >= f), (1.0, ""))
    for i, row in enumerate(rows):
        y = len(rows) - 1 - i
        p5, p95 = row["at_p5"] / scale, row["at_p95"] / scale
        lo, hi = sorted((p5, p95))
        ax.barh(y, max(hi - lo, 1e-12), left=lo, height=0.6,
                color=_BLUE if p95 >= p5 else _RED)
        ax.plot([p5], [y], marker="|", color="black", markersize=14)
        # an input that matters (its total index) but moves nothing while the others sit
        # at their medians (a volume when the weight binds there): say so, rather than
        # leave an empty row that reads as "no effect"
        row["flat"] = row["key"] in flat
        if row["flat"]:
            ax.text(r.base / scale, y, "  no swing with the others at their medians",
                    va="center", ha="left", fontsize=7, color="#555555")
    ax.axvline(r.base / scale, color="black", linewidth=1)
    if math.isfinite(r.median):  # the estimate, which the base is not
        ax.axvline(r.median / scale, color="#555555", linewidth=1, linestyle="--")
    ax.use_sticky_edges = False
    ax.margins(x=0.08)
    ax.set_yticks(range(len(rows)))
    ax.set_yticklabels([f"{row['key']}  (ST {two_decimals(row['total'])}, S1 "
                        f"{two_decimals(row['first'])})"
                        for row in reversed(rows)], fontsize=8)
    not_drawn = "".join(
        f"\nnot drawn (a mix of shares has no single percentile): {f.key} (ST "
        f"{two_decimals(f.total)}, S1 {two_decimals(f.first)})" for f in undrawn)
    ax.set_xlabel(f"{r.output} ({'' if not words else words.strip() + ' of '}{r.unit})\n"
                  "bar: the input from its 5th percentile (tick) to its 95th, others at their "
                  "medians; red: the output falls\nline: every input at its median; dashed: "
                  f"the output's own median over the draws{not_drawn}", fontsize=8)
    ax.set_title(f"What moves {rep.title}", fontsize=10)
    ax.grid(axis="x", alpha=0.3)
    record = record_line(rep.record)
    fig.tight_layout(rect=(0, _footer(fig, record), 1, 1))
    return fig, {"rows": rows, "base": r.base, "median": r.median, "record": record,
                 "not_drawn": [f.key for f in undrawn]}


def plot_tornado(rep: SensitivityReport, path: str | Path, option: str = "path",
                 ) -> dict[str, Any]:
    """Write the tornado of ``rep`` to ``path`` (.png or .svg), atomically; return the
    data plotted (see :func:`tornado_figure`)."""
    check_plot_path(path, option)
    fig, data = tornado_figure(rep, option)
    _save(fig, path, option, data["record"])
    return data
