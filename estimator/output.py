"""Atomic writes: a failed run never leaves a partial output file."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import IO

from estimator.errors import InputError

__all__ = ["check_target", "write_atomic", "write_atomic_with"]


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def check_target(path: str | Path, option: str = "--output") -> Path:
    """The file a write to ``path`` lands in (symlinks followed), or one clear error:
    checked before any work, so that a bad path costs nothing. It must name a file (not a
    folder) in an existing folder and, if it exists, be a regular file, a character
    device (``/dev/null``) or a pipe."""
    if str(path) in ("", "."):
        raise InputError(option, "a file path", "an empty path")
    given = Path(path)
    if given.is_dir():
        raise InputError(option, "a file path", f"{path} (a directory)")
    target = given.resolve()
    if not target.parent.is_dir():
        raise InputError(option, "a path in an existing folder", str(path))
    if target.exists() and not (target.is_file() or _stream(target)):
        raise InputError(option, "a regular file, a character device or a pipe",
                         f"{path} (a socket or block device)")
    return target


def _stream(target: Path) -> bool:
    return target.is_char_device() or target.is_fifo()


def write_atomic_with(path: str | Path, write: Callable[[IO[bytes]], None],
                      option: str = "--output") -> None:
    """Call ``write`` on a temporary file in the folder of the file ``path`` names
    (symlinks followed), then rename it over that file (with the usual permissions:
    0666 less the umask). On any failure the temporary file is removed and the file is
    left as it was. A character device or pipe (``/dev/null``) is written directly."""
    target = check_target(path, option)
    if target.exists() and _stream(target):
        try:
            with open(target, "wb") as fh:
                write(fh)
        except OSError as exc:
            raise InputError(option, "a writable file", f"{path}: {exc.strerror}") from None
        return
    folder = target.parent
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
