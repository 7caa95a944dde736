"""Atomic writes: a failed run never leaves a partial output file."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import IO

from estimator.errors import InputError

__all__ = ["write_atomic", "write_atomic_with"]


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_atomic_with(path: str | Path, write: Callable[[IO[bytes]], None],
                      option: str = "--output") -> None:
    """Call ``write`` on a temporary file in ``path``'s folder, then rename it to ``path``
    (with the usual permissions: 0666 less the umask). On any failure the temporary file
    is removed and ``path`` is left as it was."""
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
        with os.fdopen(fd, "wb") as fh:
            write(fh)
        os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, target)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise InputError(option, "a writable file", f"{path}: {exc.strerror}") from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_atomic(path: str | Path, text: str, option: str = "--output") -> None:
    """Write ``text`` (UTF-8) to ``path`` atomically (see :func:`write_atomic_with`)."""
    data = text.encode("utf-8")
    write_atomic_with(path, lambda fh: fh.write(data) and None, option)
