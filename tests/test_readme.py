"""The README against the tool: every output it shows, every command it lists and the
figures its prose quotes come from real runs of the commands named beside them.

A README block whose lines start with ``$ estimate ...`` is a session: each command is
run in-process and the lines shown after it must appear in its output, in order and
exactly (rows may be left out where a line ``...`` marks the cut, ``  ...`` in an
indented list; a line ending in `` ...`` is shown cut short). ``$ echo $?`` after a
command is its exit code. The runs are seeded and the dependencies pinned (uv.lock),
so the same figures come back to the last digit.
"""

from __future__ import annotations

import shlex
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.clirun import run

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
# Files the README's examples name, as the tests hold them.
FILES = {"broken.toml": ROOT / "tests/data/broken_assumptions.toml",
         "tight_rockets.toml": ROOT / "tests/data/tight_rockets.toml",
         "grams.toml": ROOT / "tests/data/grams.toml"}
# The README's first bad-input example, `estimate assumptions check mine.toml`.
SESSION_FILES = {**FILES, "mine.toml": ROOT / "tests/data/two_mistakes.toml"}
# Elsewhere these name a file of the user's own (claims or assumptions): such commands
# are shown for their form and not run here.
USERS_FILES = ("mine.toml", "my_assumptions.toml")

def fences(text: str) -> Iterator[tuple[int, str, list[str]]]:
    """Each fenced block: (line number of its first line, its info string, its lines)."""
    lines = text.splitlines()
    i = 0
    while i < len(lines):
        if lines[i].startswith("```"):
            info, start = lines[i][3:].strip(), i + 1
            end = next(j for j in range(start, len(lines)) if lines[j].startswith("```"))
            yield start + 1, info, lines[start:end]
            i = end
        i += 1


def agrees(shown: str, actual: str) -> bool:
    """Whether an output line is the line the README shows (or starts with it, where the
    README cuts it short with `` ...``)."""
    if shown.endswith(" ..."):
        return actual.startswith(shown[:-4])
    return actual == shown


def contains(output: str, figure: str) -> bool:
    """Whether ``output`` prints ``figure``, not as the tail of a longer number ('5.8' in
    '15.8')."""
    at = output.find(figure)
    while at >= 0:
        if at == 0 or not (output[at - 1].isdigit() or output[at - 1] in ".,"):
            return True
        at = output.find(figure, at + 1)
    return False


def argv_of(command: str, tmp: Path, files: dict[str, Path] = FILES) -> list[str]:
    """The arguments of ``estimate ...``, with the README's file names made real."""
    words = shlex.split(command, comments=True)
    assert words[0] == "estimate", command
    out = []
    for word in words[1:]:
        if word in files:   # the user's file in the folder the command runs in
            (tmp / word).write_bytes(files[word].read_bytes())
        elif "/" in word and (ROOT / word).is_file():   # the project's own example files
            word = str(ROOT / word)
        elif word.endswith((".md", ".png", ".svg", ".json", ".csv")) and "/" not in word:
            word = str(tmp / word)   # outputs go to a temporary folder
        out.append(word)
    return out


def sessions() -> Iterator[tuple[int, str, list[str], int | None]]:
    """(line, command, lines shown after it, exit code shown) for every ``$ estimate``."""
    for line, _info, body in fences(README.read_text(encoding="utf-8")):
        if not body or not body[0].startswith("$ estimate"):
            continue
        steps: list[dict] = []
        waiting = False   # after `$ echo $?`: the next line is the exit code
        for offset, text in enumerate(body):
            if text == "$ echo $?":
                waiting = True
            elif text.startswith("$ "):
                steps.append({"line": line + offset, "command": text[2:], "shown": [],
                              "code": None})
            elif waiting:
                steps[-1]["code"], waiting = int(text), False
            else:
                steps[-1]["shown"].append(text)
        for step in steps:
            yield step["line"], step["command"], step["shown"], step["code"]


def listed() -> Iterator[tuple[int, str]]:
    """(line, command) for every command of the README's lists of example commands."""
    for line, info, body in fences(README.read_text(encoding="utf-8")):
        if info != "console" or any(t.startswith("$ ") for t in body):
            continue
        for i, text in enumerate(body):
            if text.startswith("estimate ") and "[--" not in text:   # not a synopsis
                yield line + i, text


def _id(case: tuple) -> str:
    return f"README:{case[0]}"


@pytest.mark.parametrize("case", list(sessions()), ids=_id)
def test_each_output_shown_is_what_the_command_prints(case, capsys, tmp_path,
                                                        monkeypatch) -> None:
    number, command, shown, code = case
    monkeypatch.chdir(tmp_path)
    got, out, err = run(argv_of(command, tmp_path, SESSION_FILES), capsys)
    if code is not None:
        assert got == code, f"README line {number}: {command} exits {got}, not {code}"
    actual = (out + err).splitlines()
    at, cut = 0, True
    for text in shown:
        if text.strip() == "...":  # a cut: "..." or, in an indented list, "  ..."
            cut = True
            continue
        hit = next((i for i in range(at, len(actual)) if agrees(text, actual[i])), None)
        assert hit is not None, (f"README line {number}, after `{command}`: {text!r} is not "
                                 f"in the output (from its line {at + 1} on):\n"
                                 + "\n".join(actual))
        assert cut or hit == at, (f"README line {number}, after `{command}`: the output has "
                                  f"{hit - at} line(s) before {text!r} that the README leaves "
                                  "out without a '...' line")
        at, cut = hit + 1, False


@pytest.mark.parametrize("case", list(listed()), ids=_id)
def test_each_command_listed_runs(case, capsys, tmp_path, monkeypatch) -> None:
    number, command = case
    monkeypatch.chdir(tmp_path)
    if any(name in command for name in USERS_FILES):
        pytest.skip(f"README line {number} names a file of the user's own")
    argv = argv_of(command, tmp_path)
    if "--samples" not in argv:   # a smaller run where the default takes seconds
        if argv[0] == "sensitivity":
            argv += ["--samples", "256"]
        elif "--pooled" in argv:
            argv += ["--samples", "4000"]
    inputs = set(tmp_path.iterdir())   # files argv_of copied in are not an output
    code, out, err = run(argv, capsys)
    assert code == 0, f"README line {number}: {command} exits {code}: {err}"
    written = set(tmp_path.iterdir()) - inputs
    assert out or written, f"README line {number}: {command} gives nothing"


# Figures quoted in the README's prose, each with the command that gives it: a figure
# as the README has it and the output prints it, or (as in the README, as printed).
FIGURES: list[tuple[str, tuple[str | tuple[str, str], ...]]] = [
    ("estimate reconcile",   # Shin's 122mm against the rocket intervals
     (("puts it at 82 [76-95]", "6,700 containers = 82.2 [75.7-94.9]"),
      ("493 [454-569] read as", "= 493 [454-569] (divided as written: 448)"),
      ("bare rockets give 210-370 per box, and complete rounds 135-220",
       "model projectile 300 [214-372], complete 173 [135-218]"),
      # the ministry's first conversion against the timeline
      ("0.41 of the timeline", "mnd_300k_rounds_capacity        275k [252k-298k]       662k"
       " [387k-1.74M]  0.41 [0.16-0.72]"),
      ("(0.55 [0.21-0.94])", "hur_1_5m_rounds              1.50M [1.45M-1.54M]     2.75M"
       " [1.61M-7.22M]  0.55 [0.21-0.94]"),
      ("about 1.85 times the timeline", "5.01M [2.93M-13.1M]  1.85 [1.36-2.52]"))),
    ("estimate reconcile --claim kirby_1000_containers",  # the stated rate as written
     ("at least 823 containers",)),
    ("estimate reconcile --claim kirby_1000_containers --format json",  # and as read
     (("(906 at the median)", "\"p50\": 905.7"),)),
    ("estimate shells --count 2.5M", ("6,130 [2,368-9,484]", "1.88M [1.13M-2.34M]")),
    # what a user's claim of 1,000 boxes of 60mm_mortar holds of that calibre alone
    ("estimate containers --count 1000 --calibre 60mm_mortar", ("8.06M [5.80M-10.3M]",)),
    ("estimate containers --count 10000+ --related", ("containers of munitions: 8,665 [5,526-11.0k]",)),
    ("estimate port-calls --count 32", ("claims f714050627486aed",)),  # the catalogue's hash
    ("estimate port-calls --count 32+ --compare shin_6700_containers",
     ("7,512 [5,737-9,971]", "211 [164-272]", "190 [165-206]")),
    ("estimate port-calls --count 32 --compare shin_6700_containers", ("209 [208-211]",)),
    ("estimate port-calls --count 11",  # the default compare, far above the ships' loads
     (("is 609 a call, \"above the loads assumed\"",
       "over these 11 implies 609 [605-613] box/port_call: above the loads assumed"),)),
    ("estimate timeline --from 2023-08 --to 2026-01",
     ("20.6k [15.4k-27.9k]", "8.59M [4.98M-22.6M]", "35.6 [31.5-40.0]", "70.0 [61.1-80.7]")),
    ("estimate days --rounds 1M --per-day 2700", (("14.4 days", "14.4 ["), ("101 days", "101 ["),
                                                ("370 days", "370 ["), "1.01 years")),
    ("estimate reconcile --pooled",  # NK Pro's 32 trips pooled at the floor it states
     (("to 32.9 [29.2-36.4]", "32.2 [19.4-52.4]     32.9 [29.2-36.4]"),
      ("six \"at least N\" counts pool below their N", "dia_20000_containers 12.3k"),
      # the two earliest counts of boxes, in tension from below; the ministry's first
      # conversion left out
      ("others put about 3,390 boxes", "3,386 [2,162-5,134]  3,334 [2,744-4,193]   0.023"),
      ("(0.036, and 0.039-0.043", "1,833 [1,182-2,759]  1,706 [1,412-2,123]   0.036"),
      ("is not (tail p 0.077)", "7,114 [4,652-10.7k]  7,635 [6,312-9,487]   0.077"),
      ("is a capacity and not pooled", "mnd_300k_rounds_capacity: a capacity"))),
    ("estimate reconcile --pooled --reports docs/examples/claims.toml",  # a file of one's own
     ("6.65M [5.61M-8.01M]", ("with the same claim read as a floor",
                              "rusi_27_shipments            2024-01-31  at least 27"))),
    ("estimate reconcile --pooled --samples 200000",  # the headline from more draws
     ("6.66M [5.59M-8.05M]", "4.95M [2.86M-6.75M]", "2,045")),
    ("estimate reconcile --pooled --as-of 2024-02-26", ("2.12M [1.81M-2.46M]",)),
    ("estimate reconcile --pooled --as-of 2024-02-26 --known-by 2024-02-26",
     ("2.01M [1.67M-2.40M]", ("7 claims at 26 February 2024", "from 7 claims made public by"))),
    ("estimate reconcile --pooled --as-of 2026-01-30 --drop zelensky_3_5m_rounds_2024",
     ("6.03M [4.91M-7.49M]",)),
    ("estimate reconcile --pooled --as-of 2026-01-30 --drop dia_20000_containers"
     " --drop dia_28000_containers", ("6.62M [5.56M-7.94M]",)),
    ("estimate reconcile --pooled --as-of 2026-01-30 --drop csis_25_port_calls"
     " --drop nkpro_32_port_calls --drop nkpro_halt_0_port_calls --drop osc_64_port_calls"
     " --drop nknews_q4_2025_9_port_calls --drop nknews_jan2026_1_port_call",
     ("6.77M [5.84M-8.03M]",)),
    ("estimate sensitivity timeline --measure containers",
     (("first-order index 0.29, total 0.32", "ships.angara.containers_per_call   0.29 +/- 0.01  "
       "0.32 +/- 0.005"),
      ("2025 (0.17; no count", "calls.feb_sep_2025                0.17 +/- 0.005"),
      ("(0.14 and 0.12, both", "ships.maria.containers_per_call   0.14 +/- 0.004"),
      ("Maia-1's (0.11)", "ships.maia_1.containers_per_call  0.11 +/- 0.003"),
      ("(total 0.06, first-order near 0)", "ships.call_share                  0.00 +/- 0.003"
       "  0.06 +/- 0.002"),
      ("March-December 2024 (0.08, derived", "calls.mar_dec_2024                0.08 +/- 0.003"),
      ("to February 2024, 0.02)", "calls.sep_2023_feb_2024           0.02 +/- 0.001"))),
    ("estimate sensitivity timeline", (("the calibre mix (0.81)", "mix.calibre_share"
                                        "                        0.81 +/- 0.02"),)),
    ("estimate sensitivity containers --count 6700",
     (("first-order index 0.90 +/- 0.02 alone, total 0.92 +/- 0.01",
       "mix.calibre_share                        0.90 +/- 0.02   0.92 +/- 0.01"),
      ("default 4,096, 34 x 4,096 + 65 = 139,329", "(139,329 in all)"))),
]


@pytest.mark.parametrize("command, figures", FIGURES, ids=[c for c, _ in FIGURES])
def test_each_figure_quoted_is_what_its_command_gives(command, figures, capsys,
                                                      tmp_path) -> None:
    readme = " ".join(README.read_text(encoding="utf-8").split())
    pairs = [f if isinstance(f, tuple) else (f, f) for f in figures]
    for quoted, _ in pairs:
        assert quoted in readme, f"the README no longer quotes {quoted!r}: update FIGURES"
    code, out, err = run(argv_of(command, tmp_path), capsys)
    assert code == 0, err
    for quoted, printed in pairs:
        assert contains(out, printed), f"`{command}` does not give {quoted!r}:\n{out}"


@pytest.mark.parametrize("shown, actual, agree", [
    ("3.07M [2.19M-3.80M]", "3.07M [2.19M-3.80M]", True),
    ("3.07M [2.19M-3.80M]", "3.08M [2.19M-3.80M]", False),    # a digit: a different run
    ("3.07M [2.19M-3.80M]", "3M [2M-4M]", False),
    ("152mm_he      3.07M", "153mm_he      3.07M", False),
    ("tail 0.052 ...", "tail 0.052 and the rest", True),      # a line shown cut short
    ("tail 0.052", "tail 0.052 and the rest", False),
])
def test_a_line_agrees_only_as_printed(shown, actual, agree) -> None:
    assert agrees(shown, actual) is agree


@pytest.mark.parametrize("output, figure, found", [
    ("a 15.8 [12.5-20.0] b", "15.8 [", True),
    ("a 115.8 [12.5-20.0] b", "15.8 [", False),               # not the tail of a number
    ("x 15 [1", "15.8 [", False),
])
def test_a_figure_is_found_only_whole(output, figure, found) -> None:
    assert contains(output, figure) is found


def test_the_readme_has_sessions_lists_and_figures_to_check() -> None:
    assert len(list(sessions())) >= 8
    assert len(list(listed())) >= 25
    assert len(list(python_blocks())) >= 5


def python_blocks() -> Iterator[tuple[int, str]]:
    """(line, code) for every Python example of the README."""
    for line, info, body in fences(README.read_text(encoding="utf-8")):
        if info == "python":
            yield line, "\n".join(body)


@pytest.mark.parametrize("case", list(python_blocks()), ids=_id)
def test_each_python_example_runs(case, tmp_path, monkeypatch) -> None:
    number, code = case
    monkeypatch.chdir(tmp_path)
    for name in USERS_FILES:   # a valid file of one's own: one key overridden
        (tmp_path / name).write_text('[duds.dud_rate]\nunit = "1"\nlow = 0.1\nhigh = 0.3\n'
                                     'description = "d"\n[[duds.dud_rate.sources]]\n'
                                     'who = "w"\nwhere = "w"\nwhen = "2026-11-23"\n'
                                     'says = "s"\n', encoding="utf-8")
    namespace: dict[str, object] = {}
    exec(compile(code, f"README.md:{number}", "exec"), namespace)
    for name, value in list(namespace.items()):   # a test function the example defines
        if name.startswith("test_") and callable(value):
            value()


def toml_blocks() -> Iterator[tuple[int, str]]:
    """(line, text) for every TOML example of the README: each a file of one's own."""
    for line, info, body in fences(README.read_text(encoding="utf-8")):
        if info == "toml":
            yield line, "\n".join(body) + "\n"


@pytest.mark.parametrize("case", list(toml_blocks()), ids=_id)
def test_each_toml_example_is_a_valid_assumption_file(case, tmp_path) -> None:
    """What the README shows a user writing loads over the defaults as it stands."""
    from estimator.assumptions import AssumptionSet

    number, text = case
    mine = tmp_path / "mine.toml"
    mine.write_text(text, encoding="utf-8")
    loaded = AssumptionSet.defaults().with_file(mine)
    assert loaded.overridden or loaded.added or loaded.correlations, number


def _png_description(path: Path) -> str:
    """The ``Description`` text chunk of a PNG (matplotlib writes it as tEXt)."""
    import struct

    data, at = path.read_bytes(), 8
    while at < len(data):
        (size,) = struct.unpack(">I", data[at:at + 4])
        kind, body = data[at + 4:at + 8], data[at + 8:at + 8 + size]
        if kind == b"tEXt" and body.startswith(b"Description\0"):
            return body.split(b"\0", 1)[1].decode("latin-1")
        at += 12 + size
    return ""


def made_with() -> list[tuple[str, str]]:
    """(image, command) for every figure the README shows with the command that made it."""
    text = " ".join(README.read_text(encoding="utf-8").split())
    import re

    return [(m.group(2), m.group(1)) for m in re.finditer(
        r"\(Made with `(estimate [^`]*--plot (docs/[\w.]+\.png))`", text)]


@pytest.mark.parametrize(("image", "command"), made_with(), ids=[i for i, _ in made_with()])
def test_each_figure_shown_carries_the_run_its_command_gives_today(image, command, capsys,
                                                                    tmp_path) -> None:
    # a figure's foot and metadata name its run: redraw it when the assumptions, the
    # claims or the version change (both figures once named a digest no run gave)
    without_plot = shlex.join(shlex.split(command)[:shlex.split(command).index("--plot")])
    code, out, err = run(argv_of(without_plot, tmp_path), capsys)
    assert code == 0, err
    run_line = next(t for t in reversed(out.splitlines()) if t.startswith("run: "))
    shown = _png_description(ROOT / image)
    assert shown.startswith(run_line), (f"{image} was made by another run ({shown!r}); "
                                        f"redraw it: {command}")


def test_the_readme_shows_both_figures_with_their_commands() -> None:
    assert {i for i, _ in made_with()} == {"docs/pooled_claims.png", "docs/tornado_152mm.png"}


# What a command's options leave to the renderer, and the one that calls another function.
_RENDERING = {"fmt", "output", "plot", "pooled"}  # --pooled: estimator.pooled.pool


def test_each_option_has_its_functions_argument_or_the_readme_names_it() -> None:
    """"Every command has its function, with the same arguments as the options": each
    option of the commands that compute is an argument of the same name (for
    ``reconcile``, of ``reconcile`` or ``pool``), or the README's list of names that
    differ gives the argument it is."""
    import inspect
    import re

    import click
    import typer

    import estimator
    from estimator.cli import app
    from estimator.pooled import pool
    from estimator.reconcile import reconcile

    text = README.read_text(encoding="utf-8")
    listed = text[text.index("The names that differ from their"):]
    listed = listed[:listed.index("\n\n")]
    renamed = {opt: arg for arg, opt in re.findall(r"`(\w+)`[^`(/]*\(`(--[\w-]+)", listed)}
    for a, b, oa, ob in re.findall(r"`(\w+)`/`(\w+)` \(`(--[\w-]+)`/`(--[\w-]+)`\)", listed):
        renamed |= {oa: a, ob: b}
    assert {"--calibre", "--cars", "--assumptions", "--reports", "--from", "--to"} <= set(
        renamed), renamed
    functions = {"containers": [estimator.estimate_containers],
                 "shells": [estimator.estimate_shells],
                 "port-calls": [estimator.estimate_port_calls], "rail": [estimator.estimate_rail],
                 "days": [estimator.estimate_days], "timeline": [estimator.estimate_timeline],
                 "reconcile": [reconcile, pool]}
    commands = typer.main.get_command(app).commands  # type: ignore[attr-defined]
    missing = []
    for name, fns in functions.items():
        args = {a for fn in fns for a in inspect.signature(fn).parameters}
        for option in commands[name].params:
            if not isinstance(option, click.Option) or option.name in _RENDERING:
                continue
            long = next(o for o in option.opts if o.startswith("--"))
            if option.name in args or renamed.get(long) in args:
                continue
            if long in ("--reports", "--no-catalogue") and name == "port-calls":
                # said: compare takes the count
                continue
            missing.append(f"{name} {long}")
    assert not missing, missing
