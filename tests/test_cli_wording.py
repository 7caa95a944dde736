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


@pytest.mark.parametrize("argv, path", [(["help"], "pytest"),
                                        (["reports", "help"], "pytest reports")])
def test_help_as_a_command_points_to_help(argv: list[str], path: str,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(argv, capsys)
    assert code == 2 and len(err.splitlines()) == 1
    # (the command's path is the program's name as it was called: under pytest, not estimate)
    assert f"{path} --help," in err and "Did you mean" not in err
