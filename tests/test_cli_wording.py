"""The command line's own words: its errors in the one-line form whoever catches them
(click or the package), its help, and values read alike in every option."""

from __future__ import annotations

import pytest
from clirun import run

from estimator._version import __version__


def test_version_prints_the_package_version(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(["--version"], capsys)
    assert (code, out, err) == (0, f"estimate {__version__}\n", "")


@pytest.mark.parametrize("argv", [["-h"], ["containers", "-h"], ["reports", "show", "-h"],
                                  ["sensitivity", "-h"], ["sensitivity", "timeline", "-h"]])
def test_h_is_help(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(argv, capsys)
    _, long, _ = run([*argv[:-1], "--help"], capsys)
    assert code == 0 and out == long and "-h, --help" in out


@pytest.mark.parametrize("argv, path", [(["help"], ""), (["reports", "help"], " reports")])
def test_help_as_a_command_points_to_help(argv: list[str], path: str,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(argv, capsys)
    assert code == 2 and len(err.splitlines()) == 1
    # (the command's path begins with the program's name as called: not estimate here)
    assert f"{path}: No such command 'help'; for help: " in err
    assert f"{path} --help, or " in err and "Did you mean" not in err


@pytest.mark.parametrize("argv, line", [
    (["containers", "-c"], "error: --count: expected a count of containers such as 6700, "
     "6,700, 10k or ~6700 (got no value)"),
    (["containers", "-c", "10", "-n"], "error: --samples: expected a whole number such as "
     "50000, 50,000, 50k or 1e5 (got no value)"),
    (["containers", "-c", "10", "--related=yes"],
     "error: --related: expected no value (a flag) (got 'yes')"),
    (["reconcile", "--pooled=1"], "error: --pooled: expected no value (a flag) (got '1')"),
    (["shells", "-n", "10"], "error: --count: expected the option, a count of rounds such as "
     "2.5M, 1,500,000, ~1.5M or 6.5M-8M (got none)"),
    (["port-calls", "-n", "10"], "error: --count: expected the option, a count of port calls "
     "such as 32, 32+, ~30 or 30-35 (got none)"),
    (["days", "--over", "365"], "error: --rounds: expected the option, a count of rounds such "
     "as 1M, 1.5M, ~1.5M or 6.5M-8M (got none)"),
    (["reports", "show"], "error: ID...: expected one or more claim ids such as "
     "hur_1_5m_rounds (listed by 'estimate reports list') (got none)"),
    (["assumptions", "show"], "error: KEY: expected a key of the assumptions such as "
     "duds.dud_rate (listed by 'estimate assumptions list') (got none)"),
    (["reports", "check"], "error: FILE: expected a file path (got none)"),
    (["reconcile", "--since"], "error: --since: expected a date such as 2024-02-26 or a "
     "month such as 2024-02 (got no value)"),
    (["containers", "-c", "10", "-f"],
     "error: --format: expected one of table, json, csv, markdown (got no value)"),
])
def test_click_errors_in_the_one_line_form(argv: list[str], line: str,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(argv, capsys)
    assert (code, out, err) == (2, "", line + "\n")


def test_every_missing_or_empty_value_says_what_is_expected(
        capsys: pytest.CaptureFixture[str]) -> None:
    """Each option that takes a value, given none at the end of the line, names itself
    and what it takes, never click's words nor a generic 'a value'."""
    import typer

    from estimator import cli

    group = typer.main.get_command(cli.app)
    commands = [([name], c) for name, c in group.commands.items()]  # type: ignore[attr-defined]
    for path, command in list(commands):
        for sub, c in getattr(command, "commands", {}).items():
            commands.append(([*path, sub], c))
    checked = 0
    for path, command in commands:
        for param in command.params:
            if not isinstance(param, __import__("click").Option) or param.is_flag:
                continue
            name = max(param.opts, key=len)
            code, _, err = run([*path, name], capsys)
            assert code == 2 and err.startswith(f"error: {name}: expected "), (path, err)
            assert err.endswith("(got no value)\n") and "'--help' says" not in err, (path, err)
            checked += 1
    assert checked > 80


@pytest.mark.parametrize("argv", [
    ["timeline", "-n", "10", "--from", " 2024-02-26 ", "--to", "2024-03 "],
    ["timeline", "-n", "10", "--from", "2024\u201302-26", "--to", "2024\u201303"],
    ["containers", "-c", "10", "-n", "10", "-f", " json", "--calibre", " 152mm_he "],
    ["containers", "-c", "10", "-n", "10", "--basis", " Complete ", "-m", "mc "],
    ["days", "--rounds", "1M", "-n", "10", "--period", " jan_may_2024 "],
    ["reconcile", "-n", "10", "--claim", " hur_1_5m_rounds", "--since", "2024\u201302 "],
])
def test_values_are_read_without_the_spaces_around_them_and_dates_with_en_dashes(
        argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(argv, capsys)
    assert code == 0 and out, err


@pytest.mark.parametrize("argv, option", [
    (["containers", "-c", "10", "-n", "\u0661\u0660\u0660"], "--samples"),
    (["containers", "-c", "10", "-n", "10", "--seed", "\u0663"], "--seed"),
    (["containers", "-c", "10", "-n", "10", "--precision", "\uff11%"], "--precision"),
    (["timeline", "-n", "10", "--from", "\u0662\u0660\u0662\u0664-\u0660\u0662"], "--from"),
    (["days", "--rounds", "1M", "-n", "10", "--over", "\u0663\u0666\u0665"], "--over"),
])
def test_other_scripts_digits_are_told_the_digits_0_9(
        argv: list[str], option: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(argv, capsys)
    assert code == 2 and err.startswith(f"error: {option}: ") and "(digits 0-9)" in err, err


@pytest.mark.parametrize("argv", [
    ["days", "--rounds", "1M", "-n", "10", "--period", "JAN_MAY_2024"],
    ["days", "--rounds", "1M", "-n", "10", "--period", "Production.NATO_2024"],
    ["reconcile", "-n", "10", "--claim", "HUR_1_5M_ROUNDS"],
    ["reconcile", "--pooled", "-n", "100", "--weight", "HUR_1_5M_ROUNDS=0.5", "--drop",
     "DIA_20000_Containers"],
    ["reports", "show", "HUR_1_5M_ROUNDS"],
    ["port-calls", "-c", "32", "-n", "10", "--compare", "SHIN_6700_CONTAINERS"],
    ["assumptions", "show", "DUDS.DUD_RATE"],
    ["assumptions", "list", "MUNITIONS."],
])
def test_ids_and_keys_are_taken_in_any_case(argv: list[str],
                                            capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(argv, capsys)
    assert code == 0 and out, err
    lower, _, _ = run([a.lower() if a.isupper() or "_" in a else a for a in argv], capsys)
    assert lower == 0


def test_a_key_in_another_case_is_shown_as_the_key_is_named(
        capsys: pytest.CaptureFixture[str]) -> None:
    _, upper, _ = run(["assumptions", "show", "DUDS.DUD_RATE"], capsys)
    _, lower, _ = run(["assumptions", "show", "duds.dud_rate"], capsys)
    assert upper == lower and upper.startswith("duds.dud_rate\n")


def test_a_claim_shown_twice_is_shown_once(capsys: pytest.CaptureFixture[str]) -> None:
    """As a repeated --calibre or --claim is merged, so is a repeated (or re-cased) id."""
    _, once, _ = run(["reports", "show", "hur_1_5m_rounds"], capsys)
    code, twice, err = run(["reports", "show", "hur_1_5m_rounds", "HUR_1_5M_ROUNDS",
                            "hur_1_5m_rounds"], capsys)
    assert code == 0 and twice == once, err
    _, csv_text, _ = run(["reports", "show", "hur_1_5m_rounds", "hur_1_5m_rounds", "-f",
                          "csv"], capsys)
    assert sum(line.startswith("hur_1_5m_rounds,") for line in csv_text.splitlines()) == 1


def test_one_weight_given_twice_merges_and_two_conflict(
        capsys: pytest.CaptureFixture[str]) -> None:
    base = ["reconcile", "--pooled", "-n", "100", "-f", "json"]
    code, _, err = run([*base, "--weight", "hur_1_5m_rounds=0.5", "--weight",
                        "HUR_1_5M_ROUNDS=0.5"], capsys)
    assert code == 0, err
    code, _, err = run([*base, "--weight", "hur_1_5m_rounds=0.5", "--weight",
                        "HUR_1_5M_ROUNDS=2"], capsys)
    assert code == 2 and err.startswith("error: --weight: expected one weight for "
                                        "hur_1_5m_rounds (it was given 0.5 before)"), err


@pytest.mark.parametrize("command", ["timeline", "sensitivity timeline"])
def test_the_help_gives_from_and_to_defaults_that_can_be_typed(
        command: str, capsys: pytest.CaptureFixture[str]) -> None:
    """--to is inclusive: its default in the help is the last period's last day, not its
    exclusive end (2026-02-01, which --to refuses)."""
    import datetime as dt
    import re

    from estimator.assumptions import AssumptionSet
    from estimator.logistics import call_periods

    _, out, _ = run([*command.split(), "--help"], capsys)
    text = " ".join(out.split())
    days = dict(re.findall(r"--(from|to) DATE .*?default: the .*?\((\d{4}-\d{2}-\d{2}) with "
                           r"the default assumptions\)", text))
    periods = call_periods(AssumptionSet.defaults())
    assert days == {"from": periods[0].start.isoformat(),
                    "to": (periods[-1].end - dt.timedelta(days=1)).isoformat()}
    code, _, err = run(["timeline", "-n", "10", "--from", days["from"], "--to", days["to"]],
                       capsys)
    assert code == 0, err


def _every_command() -> list[tuple[list[str], object]]:
    """(path, click command) of every command that runs (not a group)."""
    import typer

    from estimator import cli

    out, todo = [], [([], typer.main.get_command(cli.app))]
    while todo:
        path, command = todo.pop()
        subs = getattr(command, "commands", None)
        if subs:
            todo.extend(([*path, name], c) for name, c in subs.items())
        else:
            out.append((path, command))
    return out


def _options(kind: str = "option") -> list[tuple[str, object]]:
    import click

    wanted = click.Option if kind == "option" else click.Argument
    return [(" ".join(path), p) for path, c in _every_command()
            for p in c.params if isinstance(p, wanted)]  # type: ignore[attr-defined]


def test_placeholders_say_what_is_wanted() -> None:
    by_name = {"--from": "DATE", "--to": "DATE", "--since": "DATE", "--as-of": "DATE",
               "--known-by": "DATE", "--precision": "SHARE", "--weight": "ID=W",
               "--claim": "ID", "--drop": "ID", "--compare": "ID", "--period": "RATE"}
    seen = set()
    for where, param in _options():
        name = max(param.opts, key=len)  # type: ignore[attr-defined]
        if name in by_name:
            assert param.metavar == by_name[name], (where, name)  # type: ignore[attr-defined]
            seen.add(name)
    assert seen == set(by_name)


def test_every_option_of_free_text_has_an_example() -> None:
    """An option that takes a value of the user's own (not a choice, a flag or a file)
    shows one in its help: 'e.g. ...', or the forms it takes 'as written: ...'."""
    import re

    import click

    from estimator.cli.common import FilePath

    for where, param in _options():
        if (param.is_flag or isinstance(param.type, (click.Choice, FilePath))  # type: ignore[attr-defined]
                or (param.metavar or "").startswith("[")):  # type: ignore[attr-defined]
            continue  # (--basis: its metavar lists its choices)
        assert re.search(r"e\.g\. |as written: ", param.help or ""), (  # type: ignore[attr-defined]
            where, param.opts)  # type: ignore[attr-defined]


def test_every_argument_has_a_help_line() -> None:
    arguments = _options("argument")
    assert {p.human_readable_name for _, p in arguments} == {  # type: ignore[attr-defined]
        "ID...", "KEY", "PREFIX", "FILE"}
    for where, param in arguments:
        assert "e.g. " in (param.help or ""), where  # type: ignore[attr-defined]


def test_samples_help_gives_the_limits(capsys: pytest.CaptureFixture[str]) -> None:
    from estimator.engine import MAX_SAMPLES

    for where, param in _options():
        if "--samples" in param.opts:  # type: ignore[attr-defined]
            least = "16" if where.startswith("sensitivity") else "2"
            assert f"{least} to {MAX_SAMPLES:,}" in param.help, where  # type: ignore[attr-defined]


def test_days_help_gives_the_ranges() -> None:
    from estimator.logistics import MAX_DAYS, MAX_RATE, MIN_DAYS, MIN_RATE

    helps = {max(p.opts, key=len): p.help for w, p in _options() if w == "days"}  # type: ignore[attr-defined]
    assert f"({MIN_DAYS:g} to {MAX_DAYS:,.0f}, a century), e.g. 365" in helps["--over"]
    assert f"({MIN_RATE:g} to {MAX_RATE:,.0f}), e.g. 2700" in helps["--per-day"]


def test_rail_says_one_of_cars_and_trains() -> None:
    helps = {max(p.opts, key=len): p.help for w, p in _options() if w == "rail"}  # type: ignore[attr-defined]
    for name in ("--cars", "--trains"):
        assert "as written: " in helps[name]
        assert helps[name].endswith("Exactly one of --cars and --trains is needed.")


def test_the_plot_helps_are_worded_alike_and_name_the_extra() -> None:
    import tomllib
    from pathlib import Path

    from estimator.cli.common import PLOT_HELP
    from estimator.plots import PLOT_EXTRA

    plots = [p.help for _, p in _options() if "--plot" in p.opts]  # type: ignore[attr-defined]
    assert len(plots) == 3 and all(h.endswith(PLOT_HELP) for h in plots)
    extras = tomllib.loads((Path(__file__).parent.parent / "pyproject.toml").read_text())[
        "project"]["optional-dependencies"]
    assert "plot" in extras and any(x.startswith("matplotlib") for x in extras["plot"])
    for text in (PLOT_HELP, PLOT_EXTRA):
        assert "pip install 'estimator[plot]'" in text and "uv sync --extra plot" in text


def test_the_measure_help_names_every_measure_a_claim_may_count() -> None:
    import click
    import typer

    from estimator.cli import app
    from estimator.reports import MEASURES

    command = typer.main.get_command(app).commands["reconcile"]  # type: ignore[attr-defined]
    (option,) = [p for p in command.params if isinstance(p, click.Option) and p.name == "measure"]
    listed = option.help.rsplit(":", 1)[1].strip(" .").split(", ")
    assert listed == list(MEASURES), listed
