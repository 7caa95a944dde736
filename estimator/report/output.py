"""Atomic writes: a failed run never leaves a partial output file."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from estimator.errors import InputError

__all__ = ["write_atomic"]


def write_atomic(path: str | Path, text: str, option: str = "--output") -> None:
    """Write ``text`` to ``path`` through a temporary file in the same folder and a rename."""
    target = Path(path)
    folder = target.parent if str(target.parent) else Path(".")
    if target.is_dir():
        raise InputError(option, "a file path", f"{path} (a directory)")
    if not folder.is_dir():
        raise InputError(option, "a path in an existing folder", str(path))
    try:
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{target.name}.", suffix=".tmp")
    except OSError as exc:
        raise InputError(option, "a writable folder", f"{folder}: {exc.strerror}") from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            fh.write(text)
        os.replace(tmp, target)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise InputError(option, "a writable file", f"{path}: {exc.strerror}") from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
