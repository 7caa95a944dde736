"""Atomic writes: a failed run never leaves a partial output file."""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import stat
import tempfile
from collections.abc import Callable, Collection, Iterator
from pathlib import Path
from typing import IO

from estimator.errors import InputError

__all__ = ["check_target", "undone_on_failure", "write_atomic", "write_atomic_with"]


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def check_target(path: str | Path, option: str = "path") -> Path:
    """The path a write to ``path`` goes to, or one clear error, checked before any work
    so that a bad path costs nothing. A new or regular file: the file it names, symlinks
    followed (the rename replaces the file, not the link), in an existing folder. A
    character device, a pipe, or a name that stands for a file descriptor (``/dev/null``,
    ``/dev/stderr``, ``/proc/self/fd/1``): the path as given, written in place
    (:func:`_direct`). The folder is tried with a file made and removed at once, so that
    one that takes no new files (``/proc``, a read-only disk) is said before the run."""
    target, in_place = _target(path, option)
    if not in_place:
        try:
            fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.",
                                       suffix=".tmp")
        except OSError as exc:
            raise _folder_refuses(path, target.parent, exc, option) from None
        os.close(fd)
        Path(tmp).unlink(missing_ok=True)
    return target


def _folder_refuses(path: str | Path, folder: Path, exc: OSError, option: str) -> InputError:
    """The error for a folder that would not take the new file a write makes: why, in
    words (``/proc`` answers 'no such file' for a folder that is there)."""
    why = {errno.ENOENT: "takes no new files (a folder the system keeps)",
           errno.EACCES: "is not writable (permission denied)",
           errno.EPERM: "is not writable (operation not permitted)",
           errno.EROFS: "is on a read-only file system",
           errno.ENOSPC: "is on a full disk",
           errno.EDQUOT: "is on a disk whose quota is used up"}.get(
        exc.errno, f"takes no new file ({exc.strerror or exc})")
    return InputError(option, "a file path in a folder where a new file can be written",
                      Path(path), hint=f"{folder} {why}")


def _target(path: str | Path, option: str) -> tuple[Path, bool]:
    """:func:`check_target`'s path, and whether it is written in place."""
    if str(path) in ("", "."):
        raise InputError(option, "a file path", "an empty path")
    given = Path(path)
    try:
        mode: int | None = os.stat(given).st_mode  # follows links
    except FileNotFoundError:
        mode = None
    except NotADirectoryError:
        raise InputError(option, "a path in an existing folder (a file stands where a "
                         "folder should be)", Path(path)) from None
    except OSError as exc:  # a symlink loop, a name too long
        raise InputError(option, f"a path the system can open (this one: {exc.strerror})",
                         str(path)) from None
    if mode is not None and stat.S_ISDIR(mode):
        raise InputError(option, "a file path, not a folder", Path(path))
    if _special(given, mode):
        return given, True
    if mode is not None and not stat.S_ISREG(mode):
        raise InputError(option, "a regular file, a character device or a pipe",
                         f"{path} (a socket or block device)")
    try:
        target = given.resolve()
    except (OSError, RuntimeError):  # a symlink loop
        raise InputError(option, "a path that resolves (no symlink loop)", Path(path)) from None
    if mode is not None and not _ours_to_write(os.stat(target)):
        raise InputError(option, "a writable file (this one is read-only to you)", Path(path))
    if not target.parent.is_dir():
        if given.is_symlink():  # the folder missing is the link's target's, not the link's
            raise InputError(option, f"a path in an existing folder ({given.name} is a link "
                             "to this path)", target)
        raise InputError(option, "a path in an existing folder", Path(path))
    return target, False


def may_write(st: os.stat_result, uid: int, groups: Collection[int]) -> bool:
    """Whether a user (``uid``, in ``groups``) may write the file ``st`` describes, by its
    mode bits as the system checks them for ``> file`` in a shell: the owner's bits for
    its owner, the group's for a member, the others' for anyone else; root may write any.
    A file the user made read-only (``chmod 444``) is not replaced by the rename that
    writes an output, though the folder would allow the rename."""
    if uid == 0:
        return True
    if st.st_uid == uid:
        return bool(st.st_mode & stat.S_IWUSR)
    if st.st_gid in groups:
        return bool(st.st_mode & stat.S_IWGRP)
    return bool(st.st_mode & stat.S_IWOTH)


def _ours_to_write(st: os.stat_result) -> bool:
    if not hasattr(os, "geteuid"):  # Windows: the read-only flag is in the mode too
        return bool(st.st_mode & stat.S_IWUSR)
    return may_write(st, os.geteuid(), {os.getegid(), *os.getgroups()})


def _special(given: Path, mode: int | None) -> bool:
    """A path written in place: a device, a pipe, or a name that stands for a file
    descriptor (``/dev/stdout``, ``/dev/fd/N``, ``/proc/self/fd/N``: replacing the file it
    resolves to would cut it from the descriptor the shell opened, ``>>`` or not). Any
    other path, ``/proc/self/cwd/out.md`` or ``/dev/../tmp/out.md`` among them, names an
    ordinary file, replaced whole as any other is (written in place, it was appended to)."""
    if mode is not None and (stat.S_ISCHR(mode) or stat.S_ISFIFO(mode)):
        return True
    if mode is not None and _std_stream(given):  # another name for one (a link to it)
        return True
    if not given.is_absolute():
        return False
    parts = Path(os.path.normpath(given)).parts[1:]
    if parts[:1] == ("dev",):
        return parts[1:2] in (("stdin",), ("stdout",), ("stderr",), ("fd",))
    if parts[:1] == ("proc",):  # /proc/PID/fd/N, /proc/PID/task/TID/fd/N
        return "fd" in parts[2:3] or (parts[2:3] == ("task",) and "fd" in parts[4:5])
    return False


def _std_stream(given: Path) -> bool:
    """Whether ``given`` is the very file standard input, output or error is open on
    (``/proc/self/root/dev/stdout``, a link to ``/dev/stdout``, with ``> out.txt``)."""
    try:
        st = os.stat(given)
    except OSError:
        return False
    for fd in (0, 1, 2):
        with contextlib.suppress(OSError):
            other = os.fstat(fd)
            if (other.st_dev, other.st_ino) == (st.st_dev, st.st_ino):
                return True
    return False


def _direct(path: Path, write: Callable[[IO[bytes]], None], option: str) -> None:
    """Write in place, appending (never truncating what a descriptor already holds); a
    pipe nobody reads is an error, not a wait for ever."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_NONBLOCK)
    except OSError as exc:
        if exc.errno == errno.ENXIO:
            raise InputError(option, "a pipe that some process reads", Path(path)) from None
        raise InputError(option, "a writable file", f"{path}: {exc.strerror}") from None
    try:
        os.set_blocking(fd, True)
        with os.fdopen(fd, "wb") as fh:
            write(fh)
    except OSError as exc:
        raise InputError(option, "a writable file", f"{path}: {exc.strerror}") from None


def write_atomic_with(path: str | Path, write: Callable[[IO[bytes]], None],
                      option: str = "path") -> None:
    """Call ``write`` on a temporary file in the folder of the file ``path`` names
    (symlinks followed), then rename it over that file (with its permissions, where it
    exists: a private file stays private; else the usual 0666 less the umask). On any
    failure the temporary file is removed and the file is left as it was. A device or
    pipe (``/dev/null``) is written in place."""
    target, in_place = _target(path, option)
    if in_place:
        _direct(target, write, option)
        return
    folder = target.parent
    try:
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{target.name}.", suffix=".tmp")
    except OSError as exc:
        raise _folder_refuses(path, folder, exc, option) from None
    try:
        with os.fdopen(fd, "wb") as fh:
            write(fh)
        mode = 0o666 & ~_umask()
        with contextlib.suppress(FileNotFoundError):
            st = target.stat()
            if not hasattr(os, "geteuid") or st.st_uid == os.geteuid():
                mode = stat.S_IMODE(st.st_mode) & 0o666  # ours keeps its read/write bits
        os.chmod(tmp, mode)
        os.replace(tmp, target)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise InputError(option, "a writable file", f"{path}: {exc.strerror}") from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_atomic(path: str | Path, text: str, option: str = "path") -> None:
    """Write ``text`` (UTF-8) to ``path`` atomically (see :func:`write_atomic_with`)."""
    data = text.encode("utf-8")
    write_atomic_with(path, lambda fh: fh.write(data) and None, option)


@contextlib.contextmanager
def undone_on_failure(path: str | Path) -> Iterator[None]:
    """Run the block; should it fail, put the regular file ``path`` names back as it was
    (removed where there was none): a second output written before the first, so that a
    failed run leaves neither. A device or pipe (``/dev/null``) is left alone."""
    target = Path(os.path.realpath(path))
    keep: Path | None = None
    there = os.path.lexists(target)
    if target.is_file():  # a copy, not a link: a write in place would change a link too
        keep = target.parent / f".{target.name}.{os.getpid()}.keep"
        try:
            shutil.copy2(target, keep)
        except OSError:
            keep = None  # nowhere to keep it: the write's own refusal will say so
    try:
        yield
    except BaseException:
        with contextlib.suppress(OSError):
            if keep is not None:
                os.replace(keep, target)
            elif not there and target.is_file():  # new: made by the block
                target.unlink()
        raise
    finally:
        if keep is not None:
            keep.unlink(missing_ok=True)
