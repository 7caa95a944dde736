"""Number and table formatting shared by the renderers.

A figure's own text (:func:`human`, :func:`interval`) is ``estimator.counts``', which a
:class:`~estimator.summary.Summary` gives as its ``str`` too: one way to write a figure.
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Sequence
from decimal import Decimal

from estimator.counts import human, interval

__all__ = ["csv_text", "cut", "human", "inert", "interval", "md_table", "percent", "share_written",
           "text_table", "two_decimals"]


def percent(x: float) -> str:
    """A share as a percentage: below 100% to one decimal (``0.4567 -> '45.7%'``); from
    100% a whole number with thousands separators, as the other columns write a count
    (``'941%'``, ``'9,408%'``), from 10,000% to three significant digits (``'16,700%'``,
    ``'5,010,000%'``, not ``'16.7k%'``); from 10^15% an exponent, as :func:`human` writes
    it (``'5.01e15%'``)."""
    if x is None or not math.isfinite(x):
        return "n/a"
    if abs(x) < 0.9995:  # 99.96% would show as '100.0%': it is '100%'
        return f"{x:.1%}"
    value = 100 * x
    shown = float(f"{value:.3g}") if abs(value) >= 1e4 else round(value)
    if abs(shown) >= 1e15:  # 9.999e14% rounds to 1e15: an exponent too
        return f"{human(value)}%"
    return f"{shown:,.0f}%"


def share_written(x: float) -> str:
    """A share given as an option, as a person would have written it: the fewest digits
    that read back to it, but for the last bit of a float (``0.5 -> '50%'``, ``0.007 ->
    '0.7%'``, not ``'50.000%'`` or ``'0.70000000000000007%'``), never an exponent."""
    for digits in range(1, 18):
        shown = f"{100 * x:.{digits}g}"
        if math.isclose(float(shown), 100 * x, rel_tol=1e-13):
            break
    return f"{Decimal(shown):f}%"


def two_decimals(x: float) -> str:
    """A number to two decimals, a hair below 0 read as 0.00 (not -0.00): an index."""
    return f"{round(x, 2) + 0.0:.2f}"


def flat(text: str) -> str:
    """Text on one line: its line breaks and runs of spaces as one space (a note wrapped
    in its TOML file reads as one paragraph, not lines flush with the margin)."""
    return " ".join(text.split())


def cut(text: str, width: int) -> str:
    """``text`` in at most ``width`` characters, a cut marked by ``...`` (not ``~``, which
    in a figure means 'about'), between words where a space falls in the kept text's
    second half ('Center for Strategic and...', not '... and Internationa...')."""
    if len(text) <= width:
        return text
    head = text[:width - 3]
    space = head.rfind(" ")
    return (head[:space] if space >= len(head) // 2 else head).rstrip() + "..."


def text_table(header: Sequence[str], rows: Sequence[Sequence[str]], *,
               align: str = "") -> str:
    """A plain fixed-width table; ``align`` has one 'l' or 'r' per column (default: l, then r)."""
    align = align or "l" + "r" * (len(header) - 1)
    widths = [max(len(str(c)) for c in col) for col in zip(header, *rows, strict=False)]

    def line(cells: Sequence[str]) -> str:
        return "  ".join(c.ljust(w) if a == "l" else c.rjust(w)
                         for c, w, a in zip(cells, widths, align, strict=False)).rstrip()

    return "\n".join([line(header), line(["-" * w for w in widths]), *map(line, rows)])


def md_table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    out = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    out += ["| " + " | ".join(flat(c.replace("|", "\\|")) for c in r) + " |"
            for r in rows]  # a cell is one line: a newline (a user's claim text) would end the row
    return "\n".join(out)


def csv_text(comments: Sequence[str], header: Sequence[str],
             rows: Sequence[Sequence[object]]) -> str:
    """CSV with ``# comment`` lines first (written as they are, never quoted); a text
    cell that a spreadsheet would run as a formula is written inert (:func:`inert`)."""
    buf = io.StringIO()
    for line in comments:
        buf.write(f"# {line.replace(chr(10), ' ')}\n")
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(header)
    w.writerows([inert(cell) for cell in row] for row in rows)
    return buf.getvalue()


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def inert(cell: object) -> object:
    """A CSV cell as a spreadsheet should take it: text that starts as a formula would
    (``=``, ``+``, ``-``, ``@``, a tab or a carriage return: a claim's outlet written
    ``=HYPERLINK(...)``) with a ``'`` before it, which spreadsheets read as 'text
    follows'; a number, or text that is one (``-0.5``, ``+3``), as it is.

    >>> inert("=SUM(A1:A9)"), inert("-0.5"), inert(-2), inert("-x"), inert("a")
    ("'=SUM(A1:A9)", '-0.5', -2, "'-x", 'a')
    """
    if not isinstance(cell, str) or not cell.startswith(_FORMULA_START):
        return cell
    try:
        float(cell.replace(",", ""))
    except ValueError:
        return "'" + cell
    return cell
