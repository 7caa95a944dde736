"""The one way the tests run the command line in-process."""

from __future__ import annotations

import warnings

import pytest

from estimator.cli import main


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    """Run ``estimate ARGV``; return (exit code, stdout, stderr). Warnings, which pytest
    would otherwise swallow, go to stderr as they do outside pytest."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        with pytest.raises(SystemExit) as info:
            main(argv)
    out, err = capsys.readouterr()
    err += "".join(f"{w.category.__name__}: {w.message}\n" for w in caught)
    code = info.value.code
    return (0 if code is None else code if isinstance(code, int) else 1), out, err
