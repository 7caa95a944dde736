"""Options shared by the commands, and the one way results are emitted."""

from __future__ import annotations

import contextlib
import math
import os
import re
import shlex
import stat
import sys
import warnings
from collections.abc import Callable, Iterator, Sequence
from decimal import Decimal
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn, TypeVar

import click
import typer

from estimator.assumptions import AssumptionSet, defaults_dir
from estimator.counts import COUNT_EXPECTED, Count, parse_count, plain_digits, unambiguous
from estimator.engine import MAX_SAMPLES, NO_SPREAD, too_few_samples
from estimator.errors import AssumptionProblems, InputError, Said, one_line, path_end
from estimator.output import check_target, write_atomic

if TYPE_CHECKING:
    from estimator.reports import Catalogue

__all__ = [
    "PLOT_HELP",
    "SAMPLES",
    "VALUE_EXPECTED",
    "AssumptionsOpt",
    "BasisOpt",
    "Format",
    "FormatOpt",
    "Method",
    "MethodOpt",
    "NoCatalogueOpt",
    "OutputOpt",
    "PlotPath",
    "PrecisionOpt",
    "ReferenceOpt",
    "ReportsOpt",
    "SamplesOpt",
    "SeedOpt",
    "SensitivityReferenceOpt",
    "Stripped",
    "TimelineReferenceOpt",
    "Written",
    "check_output",
    "check_plot",
    "emit",
    "fail_with_problems",
    "forget_inputs",
    "input_file",
    "load_assumptions",
    "load_catalogue",
    "parse_number",
    "parse_share",
    "positive_samples",
    "sampled",
]


class Format(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"
    markdown = "markdown"


class Method(StrEnum):
    mc = "mc"
    lhs = "lhs"
    sobol = "sobol"


MethodOpt = Annotated[Method, typer.Option(
    "--method", "-m", help="Sampling: mc (plain Monte Carlo), lhs (Latin hypercube) or sobol "
    "(scrambled Sobol'). lhs and sobol run 8 independently randomised replicates, and the "
    "standard errors come from their spread; their sample count is rounded up to a "
    "multiple of 8 (for sobol, 8 times a power of two).")]
# e-notation read exactly, as a seed is (a bounded exponent: 1e999999999 is no seed to build)
_E_NOTATION = re.compile(r"^[+-]?\d{1,30}(?:\.\d{1,30})?[eE][+-]?\d{1,2}$")


def number_expected(whole: bool, examples: str = "") -> str:
    """What a number option takes, in its errors: ``a whole number such as 50000, ...``."""
    examples = examples or ("50000, 50,000, 50k or 1e5" if whole else
                            "2700, 2,700, 2.7k or 2.7e3")
    return f"a {'whole ' if whole else ''}number such as {examples}"


def parse_number(value: object, option: str, *, whole: bool = False, exact: bool = False,
                 examples: str = "") -> float:
    """A number as written: ``2700``, ``2,700``, ``2.7k``, ``1M`` or ``2.7e3`` (with
    ``whole``, a whole one; with ``exact`` too, one past 2**53 only in digits, as a seed
    must be taken to the last digit); anything else is one InputError naming ``option``,
    with ``examples`` of what it takes (by default, generic ones)."""
    if whole and isinstance(value, int) and not isinstance(value, bool):
        return value  # as given, however large
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        number: float | None = float(value)
    else:
        text = str(value).strip()
        if whole and text.isascii() and text.removeprefix("-").isdigit():
            return int(text)  # exactly as written, however long (a sign too: the range says)
        if exact and _E_NOTATION.match(text):  # 9.2e18 is 9,200,000,000,000,000,000 exactly
            written = Decimal(text)
            if written == written.to_integral_value():
                return int(written)
        unambiguous(text, option, text)  # 2.700: 2,700 or 2.7? as for a count
        try:
            if not plain_digits(text):
                raise ValueError(text)
            number = float(text)
        except ValueError:
            try:
                count = parse_count(text, option)  # 2.7k, 2,700; a range or '10+' is no number
                number = count.low if count.form == "exact" else None
            except InputError:
                number = None
    if number is None or not math.isfinite(number) or (whole and number != int(number)):
        digits = "" if plain_digits(str(value)) else " (digits 0-9)"
        raise InputError(option, number_expected(whole, examples) + digits, value)
    if exact and abs(number) >= 2.0**53:
        # past 2**53 a float holds only some whole numbers, and 9.007199254740993M read
        # through one as ...992 would run another seed than the one written
        raise InputError(option, "a whole number of 2**53 or more in plain digits "
                         "(9200000000000000000) or e-notation (9.2e18)", value)
    return number


class Written(click.ParamType):
    """Click's type for a number option read by :func:`parse_number`: an error is the
    package's one line, not click's."""

    def __init__(self, option: str, *, whole: bool = False, exact: bool = False,
                 examples: str = "") -> None:
        self.option, self.whole, self.exact, self.examples = option, whole, exact, examples
        self.expected = number_expected(whole, examples)
        # the help's metavar: these take 50k, 2,700 and 5e4, not only what int() or float() read
        self.name = "n" if whole else "number"

    def convert(self, value: object, param: click.Parameter | None,
                ctx: click.Context | None) -> float | int:
        number = parse_number(value, self.option, whole=self.whole, exact=self.exact,
                              examples=self.examples)
        if (self.whole and abs(number) >= 2.0**53
                and not str(value).strip().removeprefix("-").isdigit()):
            return _AsWritten(number, str(value))  # 1e30 said as 1e30 by a range's message
        return int(number) if self.whole else Typed(number, str(value))


class _AsWritten(int):
    """A whole number read from a float's form past 2**53 (``1e30``): its value, shown as
    written (as an int, 1000000000000000019884624838656)."""

    text: str

    def __new__(cls, number: float | int, text: str) -> _AsWritten:
        made = super().__new__(cls, int(number))
        made.text = text
        return made

    def __str__(self) -> str:
        return self.text

    __repr__ = __str__


class FilePath(click.ParamType):
    """Click's type for a file option (``--output``, ``--plot``, ``--assumptions``,
    ``--reports``): a path as written, so that what :class:`~pathlib.Path` would quietly
    change is refused or kept: an empty one (``Path('')`` is ``.``), one ending in a
    separator (``out/``, ``keep.txt/.``), which names a folder and which ``Path`` turns
    into a file name, and ``./-``, a file named ``-`` (``Path`` makes it ``-``, standard
    output)."""

    name = "file"
    expected = "a file path"

    def __init__(self, option: str) -> None:
        self.option = option

    def convert(self, value: object, param: click.Parameter | None,
                ctx: click.Context | None) -> Path:
        if isinstance(value, Path):
            return value
        text = str(value)
        if not text:
            raise InputError(self.option, "a file path", "an empty path")
        if text.endswith(("/", "/.", "/..")) or text in (".", ".."):
            raise InputError(self.option, "a file path, not a folder", text)
        if text != "-" and str(Path(text)) == "-":
            return Path.cwd() / "-"
        return Path(text)


class Stripped(click.ParamType):
    """Click's type for an option or argument of text (a date, an id, a key): the value
    without the spaces around it (``' 2024-02 '``, as pasted), as a count or a number is
    read."""

    name = "text"

    def convert(self, value: object, param: click.Parameter | None,
                ctx: click.Context | None) -> object:
        return value.strip() if isinstance(value, str) else value


# What an option or argument of text takes, by its placeholder in the help, for an error
# that says it is missing or came without a value.
VALUE_EXPECTED = {
    "DATE": "a date such as 2024-02-26 or a month such as 2024-02",
    "SHARE": "a share such as 0.1% or 0.001",
    "ID=W": "ID=WEIGHT such as hur_1_5m_rounds=0.5",
    "ID": "the id of a claim such as hur_1_5m_rounds (listed by 'estimate reports list')",
    "ID...": "one or more claim ids such as hur_1_5m_rounds (listed by 'estimate reports "
             "list')",
    "KEY": "a key of the assumptions such as duds.dud_rate (listed by 'estimate "
           "assumptions list')",
    "RATE": "a rate key such as jan_may_2024 (the table's 'rate key' column)",
    "CALIBRE": "a calibre such as 152mm_he, or mix",
    "SHIP": "a ship: lady_r, angara, maia_1 or maria",
    "MEASURE": "a measure such as rounds or containers",
    "[projectile|complete]": "projectile or complete",
}


class Counted(click.ParamType):
    """Click's type for a count option (``--count 6,700``, ``10k+``, ``6.5M-8M``): a
    :class:`~estimator.counts.Count` of whole things, or the package's one-line error."""

    name = "count"
    expected = COUNT_EXPECTED

    def __init__(self, option: str) -> None:
        self.option = option

    def convert(self, value: object, param: click.Parameter | None,
                ctx: click.Context | None) -> Count:
        if isinstance(value, Count):  # a default, already read
            return value
        return parse_count(value, self.option, whole=True)


SAMPLES = Written("--samples", whole=True)
SamplesOpt = Annotated[int, typer.Option("--samples", "-n", click_type=SAMPLES,
                                         help=f"Monte Carlo trials, 2 to {MAX_SAMPLES:,} "
                                         "(fewer where memory is short: the run says the "
                                         "most it could take), e.g. 50,000, 50k or 5e4.")]
SeedOpt = Annotated[int, typer.Option("--seed", help="Seed of the run, 0 to 2**63 - 1, e.g. 1 "
                                      "or 20240226; recorded in the output.",
                                      click_type=Written("--seed", whole=True, exact=True,
                                                         examples="1 or 20240226"))]
AssumptionsOpt = Annotated[list[Path] | None, typer.Option(
    "--assumptions", "-a", help="A TOML file whose entries override the defaults key by key; "
    "repeatable, the files layered in the order given, each overriding the ones before "
    "(-a case.toml -a what_if.toml).", click_type=FilePath("--assumptions"))]
FormatOpt = Annotated[Format | None, typer.Option(
    "--format", "-f", help="Output format [default: from --output's suffix, .json, .csv, "
    ".md or .markdown; else table]", show_default=False)]
_SUFFIX_FORMATS = {".json": Format.json, ".csv": Format.csv, ".md": Format.markdown,
                   ".markdown": Format.markdown}


_TABLE_SUFFIXES = {"", ".txt", ".text", ".log", ".out"}  # a text table, without a word


def _suffix(output: Path | None) -> str:
    """``output``'s suffix as it names a format: a file named ``.json`` alone is JSON
    too (to Python, a hidden file with no suffix)."""
    if output is None:
        return ""
    name = output.name
    return name if name.startswith(".") and name.count(".") == 1 else output.suffix


def format_for(fmt: Format | None, output: Path | None, *, by: str = "--format") -> str:
    """The format asked (by the option ``by``), or else the one ``output``'s suffix names
    (out.json is JSON), or else a table; a warning where the file's name says one format
    and another is written (``-o x.csv -f json``, or ``-o out.xlsx``, which gets a text
    table)."""
    written = _suffix(output)
    suffix = written.lower()
    named = _SUFFIX_FORMATS.get(suffix)
    if fmt is None:
        fmt = named or Format.table
        if output and named is None and suffix not in _TABLE_SUFFIXES:
            warnings.warn(f"--output {output.name}: written as a text table (a name ending "
                          f"{written} names no format this tool writes: .json, .csv "
                          "and .md do, or give --format)", stacklevel=1)
    elif output and named is not None and named != fmt:
        warnings.warn(f"--output {output.name}: written as {fmt.value}, as "
                      f"{by} asks, though its name says {named.value}", stacklevel=1)
    return fmt.value


CONTAINERS_HELP = ("Containers, as written: 6700, 6,700, 10k, ~6700, 6.5k-8k, 10000+ (at least), "
                   "<=10000 (up to), 6.5k-8k+ (a range whose top is 'more than').")
FromOpt = Annotated[str | None, typer.Option(
    "--from", metavar="DATE", help="First month or day, e.g. 2023-08 or 2023-08-25; default: "
    "the first day of the first period (2023-08-01 with the default assumptions).")]
ToOpt = Annotated[str | None, typer.Option(
    "--to", metavar="DATE", help="Last month, included, or last day, e.g. 2026-01 or "
    "2026-01-31; default: the last day of the last period (2026-01-31 with the default assumptions).")]
BasisOpt = Annotated[str, typer.Option(
    "--basis", metavar="[projectile|complete]",
    help="projectile: the projectile alone; complete: the round as shipped.")]
class Calibre(Stripped):
    """Click's type for ``--reference``: a calibre's id, without the spaces around it
    (checked against the assumptions in use by the library)."""

    expected = "a calibre of the assumptions such as 152mm_he (a munitions group)"


_OTHERS = ("The other figures stay as they are (with --method sobol, within their Monte "
           "Carlo error). ")


def _reference_help(where: str = _OTHERS) -> str:
    """``--reference``'s help, with what a command adds (``where``) after the first
    sentence."""
    return ("The calibre of the equivalent measure, rounds_152 (the '152mm-equivalent': the "
            "same boxes filled with it instead of the mix), e.g. 122mm_he: a munitions group "
            f"of the assumptions in use, or one your -a file adds. {where}The JSON's "
            "rounds_152 keeps its name, and its reference field names the calibre.")


ReferenceOpt = Annotated[str, typer.Option(
    "--reference", metavar="CALIBRE", click_type=Calibre(), help=_reference_help())]
TimelineReferenceOpt = Annotated[str, typer.Option(
    "--reference", metavar="CALIBRE", click_type=Calibre(), help=_reference_help(
        _OTHERS + "The table does not show that measure: the CSV and JSON do. "))]
# the sensitivity of the timeline analyses one measure: None where --reference is not given
SensitivityReferenceOpt = Annotated[str | None, typer.Option(
    "--reference", metavar="CALIBRE", click_type=Calibre(), help=_reference_help(
        "Only with --measure rounds_152 (152mm_he by default). "))]
ReportsOpt = Annotated[list[Path] | None, typer.Option(
    "--reports", "-r", help="A TOML file of claims that adds to the catalogue or replaces "
    "claims by id; repeatable, the files layered in the order given, each adding to or "
    "replacing the claims before it (-r mine.toml -r more.toml).",
    click_type=FilePath("--reports"))]
NoCatalogueOpt = Annotated[bool, typer.Option(
    "--no-catalogue", help="Read the claims of the --reports files alone, without the "
    "catalogue of North Korea's deliveries to Russia (assumptions/reports.toml), for a "
    "case of your own, e.g. --reports my_claims.toml --no-catalogue.")]

# The files a command read (by --assumptions, --reports): --output and --plot may not
# name one; and the files they name (known before the inputs are read), by option.
_READ: set[Path] = set()
_WRITTEN: dict[str, Path] = {}


# a source checkout's files beside the package that no output may replace (docs/ is left
# writable: its figures are the tool's outputs)
_CHECKOUT = ("pyproject.toml", "uv.lock", "README.md", "LICENSE", ".gitignore", "tests",
             "assumptions", "benchmarks", ".ci", ".git", ".venv")


def _checkout(package: Path) -> list[Path]:
    """The checkout's own files and folders, where the package runs from one (an installed
    package sits in site-packages, with no pyproject.toml beside it)."""
    root = package.parent
    if not (root / "pyproject.toml").is_file():
        return []
    return [(root / name).resolve() for name in _CHECKOUT]


def _same_file(a: Path, b: Path) -> bool:
    """Two paths to one file: the same path once resolved, or another name (a hard link)
    for the same file on disk."""
    try:
        return a == b or os.path.samefile(a, b)
    except OSError:  # one of them does not exist (yet)
        return False


def _writable(path: Path, option: str) -> Path:
    """Where a write to ``path`` goes (see :func:`check_target`), unless that is one of
    the tool's own files or an input of the command: one clear error naming ``option``."""
    target = check_target(path, option)
    # a path written in place (/proc/self/root/..., /proc/self/cwd/...) is held to the
    # same rules by the file it stands for
    real = Path(os.path.realpath(target))
    package = Path(__file__).resolve().parent.parent  # units.txt, the code: read every run
    if (real in {f.resolve() for f in defaults_dir().glob("*.toml")}
            or any(real.is_relative_to(p) for p in (package, *_checkout(package)))):
        raise InputError(option, "a file other than the tool's own (its assumption and "
                         "claims files, its unit definitions, its code, and in a source "
                         "checkout its tests, README and project files)", Path(path))
    if any(_same_file(real, r) for r in _READ):
        raise InputError(option, "a file other than the command's input files", Path(path))
    _WRITTEN[option] = real
    return target


def check_output(path: Path | None) -> Path | None:
    """``--output``, checked before any work and again once the inputs are read; ``-`` is
    standard output, and the tool's own files and the inputs are never written."""
    if path is None or str(path) == "-":
        return path
    _writable(path, "--output")
    return path


def check_plot(plot: Path | None, output: Path | None) -> None:
    """``--plot``, before any work: a .png or .svg path, matplotlib installed, and neither
    the ``--output`` file nor one of the tool's own files; an input read afterwards is
    held against it by :func:`input_file`."""
    if plot is None:
        return
    from estimator.plots import check_plot_path, require_matplotlib

    check_plot_path(plot, "--plot")
    target = _writable(plot, "--plot")
    if output is not None and str(output) != "-" and os.path.realpath(target) == \
            os.path.realpath(check_target(output, "--output")):
        raise InputError("--plot", "a file other than --output", Path(plot))
    require_matplotlib("--plot")


OutputOpt = Annotated[Path | None, typer.Option(
    "--output", "-o", help="Write to this file (atomically) instead of standard output "
    "('-': standard output).", click_type=FilePath("--output"), callback=check_output)]
PlotPath = FilePath("--plot")
# the end of each --plot help, so that both say it alike (as estimator.plots.PLOT_EXTRA,
# which the error gives, is said: not imported at every start)
PLOT_HELP = ("to this .png or .svg file (needs matplotlib, the plot extra: pip install "
             "'estimator[plot]', or in a checkout uv sync --extra plot).")


PrecisionOpt = Annotated[str | None, typer.Option(
    "--precision", metavar="SHARE", help="Choose the samples so that every 5th, 50th and "
    "95th percentile shown has a standard error within this share of its value, e.g. 0.5% (a pilot run "
    "of up to 16,384 samples sets the count; --samples caps the pilot).")]

T = TypeVar("T")


def sampled(run: Callable[[int], T], samples: int, precision: str | None) -> T:
    """``run(samples)``; or, with ``--precision``, a pilot run and then ``run(n)`` with the
    samples every percentile of the result needs (its standard error within that share)."""
    samples = positive_samples(samples)
    if precision is None:
        return run(samples)
    from estimator.estimates import at_precision

    share = parse_share(precision, "--precision")
    with as_typed({"precision": ("--precision", precision)}):
        return at_precision(run, share, samples)


@contextlib.contextmanager
def as_typed(options: dict[str, tuple[str, object]]) -> Iterator[None]:
    """Run the block; a library error about a value an option gave (its place a key of
    ``options``: ``"precision"``) is said for that option, with the value as the user
    typed it (``'1e-9%'``, not the share ``1e-11`` it was read as). ``options`` maps the
    place to the option and its value (a :class:`Typed` number, or the text itself)."""
    try:
        yield
    except InputError as exc:
        option, value = options.get(str(exc.place), ("", None))
        text = getattr(value, "text", value)
        if not option or not isinstance(text, str) or isinstance(exc.got, Said):
            raise
        raise InputError(option, exc.expected, text, hint=exc.hint) from None


class Typed(float):
    """A number read from what the user typed, which it keeps (``text``), so that an error
    about it quotes the typed ``1e9``, not ``1,000,000,000``."""

    text: str

    def __new__(cls, number: float, text: str) -> Typed:
        made = super().__new__(cls, number)
        made.text = text
        return made


def positive_samples(samples: int, least: int = 2,
                     why: str = NO_SPREAD) -> int:
    if samples < least:
        raise too_few_samples("--samples", samples, least, why)
    if samples > MAX_SAMPLES:
        raise InputError("--samples", f"at most {MAX_SAMPLES:,}", samples)
    return samples


def parse_share(text: str, option: str) -> float:
    """``0.1%`` or ``0.001``: a share above 0 and below 1. A bare number of 0.01 or more
    must carry its ``%``: ``0.5`` may mean 0.5% as well as 50%."""
    t = text.strip()
    try:
        if not plain_digits(t):
            raise ValueError(t)
        value = float(t[:-1]) / 100.0 if t.endswith("%") else float(t)
    except ValueError:
        digits = "" if plain_digits(t) else " (digits 0-9)"
        raise InputError(option, "a share such as 0.1% or 0.001" + digits, text) from None
    if not (0.0 < value < 1.0):
        raise InputError(option, "a share above 0 and below 100%", text, hint=(
            f"{t}% if a percentage was meant" if 1.0 <= value < 100.0 and not t.endswith("%")
            else ""))
    if value >= 0.01 and not t.endswith("%"):
        raise InputError(option, "a share of 1% or more written with its %", text,
                         hint=f"{t}% or {value:.0%}: a bare {t} could mean either")
    return value


def check_seed(seed: int) -> int:
    if not 0 <= seed < 2**63:
        raise InputError("--seed", "a whole number from 0 to 2**63 - 1", seed)
    return seed


def not_stdin(path: Path, option: str) -> None:
    """Refuse ``-`` for a file ``option`` reads: standard input is not read for it (``-o
    -`` is standard output; ``-a -`` is no file named '-')."""
    if str(path) == "-":
        raise InputError(option, "a file to read", "-", hint="'-' (standard input) is not "
                         f"taken for {option}; /dev/stdin reads a pipe")


def readable(path: Path, option: str) -> None:
    """Refuse a regular file the user may not read (``chmod 000``), naming ``option``, as
    a missing file is named, before any work."""
    try:
        os.close(os.open(path, os.O_RDONLY))
    except PermissionError as exc:
        raise InputError(f"{option} {shlex.quote(str(path))}", "a readable file",
                         exc.strerror or "permission denied") from None


def input_file(path: Path, option: str) -> Path:
    """A user's input file named by ``option``: a file or a pipe (click reads '' as '.'),
    noted so that ``--output`` cannot overwrite it."""
    not_stdin(path, option)
    try:
        if str(path) in ("", ".") or path.is_dir():
            raise InputError(option, "a file (TOML), not a folder or an empty path", Path(path))
        if not path.exists():
            if path.is_symlink():  # exists() follows the link: a loop or a dangling link
                raise InputError(option, "a link to an existing file", f"{path}, a link "
                                 "that leads nowhere (a loop, or a file gone)")
            raise InputError(f"{option} {shlex.quote(str(path))}", "an existing file",
                             "no such file")
        mode = path.stat().st_mode
        if not (stat.S_ISREG(mode) or stat.S_ISFIFO(mode)):  # /dev/null, /dev/zero: no file
            kind = "a device" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode) else "a special file"
            raise InputError(option, "a regular file or a pipe", f"{path}, {kind}")
        if stat.S_ISREG(mode):  # (a pipe is opened once, when read: a writer waits on it)
            readable(path, option)
        resolved = path.resolve()
    except OSError as exc:  # a name too long for the system
        why = exc.strerror or str(exc)
        raise InputError(option, f"a file path the system can open (this one: {why})",
                         Path(path)) from None
    for written, target in _WRITTEN.items():  # before any work, not after the run
        if _same_file(resolved, target):
            raise InputError(written, "a file other than the command's input files",
                             f"{path_end(str(path), 34)}, the {option} file")
    _READ.add(resolved)
    return path


PROBLEMS_SHOWN = 100
"""The most problems of one file written out; the rest are counted, not listed."""


def fail_with_problems(problems: list[InputError], file: Path) -> NoReturn:
    """Each problem of a checked file on a line of its own (the first
    `PROBLEMS_SHOWN`; the count says how many more), then their count; exit 2."""
    for problem in problems[:PROBLEMS_SHOWN]:
        sys.stderr.write(f"error: {one_line(str(problem))}\n")
    many = "s" if len(problems) > 1 else ""
    unlisted = len(problems) - PROBLEMS_SHOWN
    more = f" (the first {PROBLEMS_SHOWN} listed above)" if unlisted > 0 else ""
    sys.stderr.write(f"{one_line(str(file))}: {len(problems):,} problem{many}{more}\n")
    raise typer.Exit(2)


def forget_inputs() -> None:
    """Start a new command: no input files read yet, no output chosen."""
    _READ.clear()
    _WRITTEN.clear()


def load_assumptions(paths: Sequence[Path] | None) -> AssumptionSet:
    """The defaults, overridden key by key by each ``--assumptions`` file in the order
    given (a later file's entry over an earlier one's)."""
    loaded = AssumptionSet.defaults()
    for path in paths or ():
        loaded = loaded.with_file(input_file(path, "--assumptions"))
    return loaded


def load_catalogue(paths: Sequence[Path] | None, assumptions: AssumptionSet,
                   no_catalogue: bool = False, *, every_problem: bool = False) -> Catalogue:
    """The catalogue (with ``no_catalogue``, none: the claims files' alone), with each
    user's claims file (``--reports``) layered in the order given, each held to what
    ``reports check`` holds it to, its calibres too: ones the ``assumptions`` in use
    define. With ``every_problem``, a file's problems are listed as ``reports check``
    lists them (one line each), not only the first."""
    from estimator.reports import Catalogue

    if no_catalogue and not paths:
        raise InputError("--no-catalogue", "a claims file beside it (--reports FILE): "
                         "without the catalogue the claims are your files' alone", "none")
    loaded = Catalogue.empty() if no_catalogue else Catalogue.defaults()
    for path in paths or ():
        try:
            loaded = loaded.with_file(input_file(path, "--reports"), assumptions.calibres())
        except AssumptionProblems as exc:
            if not every_problem:
                raise
            fail_with_problems(exc.problems, path)
    return loaded


def emit_with_plot(text: str, output: Path | None, plot: Path | None,
                   draw: Callable[[Path], object]) -> None:
    """:func:`emit`, with ``draw(plot)`` first where ``--plot`` is given; if the text
    cannot be written (``-o /dev/full``, standard output closed), the plot file is put
    back as it was, so a failed run leaves no output file."""
    if plot is None:
        emit(text, output)
        return
    from estimator.output import undone_on_failure

    check_output(output)  # the inputs are known now: fail before the plot is written
    with undone_on_failure(plot):
        draw(plot)
        emit(text, output)


# Control characters that a user's text (a claim's source, a note) may carry and that no
# output of the tool holds (its lines end in \n): written as escapes, so that ESC [31m
# stays text, not red, and a carriage return cannot write over a line; C1 codes too
# (U+009B is an 8-bit ESC [)
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def emit(text: str, output: Path | None) -> None:
    """Print, or write ``output`` atomically (never over one of the command's inputs);
    control characters other than tab and newline are written as escapes (``\x1b``)."""
    text = _CONTROL.sub(lambda m: repr(m.group())[1:-1], text)
    if output is None or str(output) == "-":
        if sys.stdout is None:  # started with standard output closed
            raise InputError("--output", "a file, since standard output is closed", "none")
        try:
            sys.stdout.write(text)
            sys.stdout.flush()
        except BrokenPipeError:
            raise  # the reader has gone (| head): click stops quietly, exit code 1
        except OSError as exc:
            raise InputError("standard output", "room to write the result (or --output "
                             "FILE)", exc.strerror or str(exc)) from None
        return
    check_output(output)
    write_atomic(output, text, "--output")
