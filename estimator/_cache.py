"""A per-user cache of tables the package derives from its own code (never of results).

Three things are kept between runs, each a pure function of what its name hashes:

- the beta inverse-CDF tables (about 0.1 s to build for the default assumptions, more
  than any other step of a default run after the imports), keyed by the shape
  parameters, the source of the module that builds them, and the versions of Python and
  numpy and the machine type (whose arithmetic the last bits of a table depend on);
- the parse of a TOML file (Python's TOML parser takes about 0.05 s for the default
  files; JSON reads the same data in about a millisecond), keyed by the file's bytes;
- pint's parse of the unit definitions (its own ``cache_folder``).

Where: ``$ESTIMATOR_CACHE`` if set (``off``, ``0`` or an empty value: no cache at all),
else ``$XDG_CACHE_HOME/estimator``, else ``~/.cache/estimator``. Each file's name is a
hash of everything its contents depend on (the building module's source included), so a
changed table can never be read; a file that is unreadable, of the wrong shape or not
finite is ignored and rebuilt, and a folder that cannot be written means no cache, never
an error. The package's own files are plain ``.npy`` arrays (read without pickle) and
JSON; the folder keeps the :data:`KEEP` most recently used of them. pint's cache, in the
``pint`` subfolder, is pickle, so it is used only in a folder that only this user can
write (see :func:`private_dir`).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any

import numpy as np

from estimator.errors import InputError
from estimator.output import write_atomic_with

__all__ = ["KEEP", "cache_dir", "cache_key", "load_array", "load_json", "private_dir",
           "save_array", "save_json"]

_OFF = {"", "0", "off", "no", "false"}
KEEP = 64
_TAG = "\0type"  # marks a TOML date or time in the JSON form (no TOML key holds a NUL)
_PREFIXES = ("beta-", "betafit-", "toml-")  # the files pruning may remove (nothing else)


def cache_dir() -> Path | None:
    """The cache folder in use, or None when caching is off (or there is nowhere to put
    it: no home folder, or a relative ``XDG_CACHE_HOME``, which the XDG rules ignore)."""
    chosen = os.environ.get("ESTIMATOR_CACHE")
    if chosen is not None:
        return None if chosen.strip().lower() in _OFF else Path(chosen).absolute()
    base = os.environ.get("XDG_CACHE_HOME", "")
    if not os.path.isabs(base):
        try:
            base = str(Path.home() / ".cache")
        except (RuntimeError, KeyError):  # no home directory to be found: no cache
            return None
    return Path(base) / "estimator"


def private_dir(sub: str) -> Path | None:
    """``sub`` inside the cache folder, made if need be, but only if only this user can
    write there (for pint's cache, which is pickle: nobody else may plant a file in it)."""
    folder = cache_dir()
    if folder is None:
        return None
    path = folder / sub
    try:
        path.mkdir(mode=0o700, parents=True, exist_ok=True)
        for p in (folder, path):
            st = p.stat()
            if st.st_mode & 0o022 or (hasattr(os, "getuid") and st.st_uid != os.getuid()):
                return None
    except OSError:
        return None
    return path


def cache_key(*parts: object) -> str:
    """A file-name-safe digest of ``parts`` (bytes as they are, anything else by repr)."""
    digest = hashlib.sha256()
    for part in parts:
        digest.update(part if isinstance(part, bytes) else repr(part).encode())
        digest.update(b"\0")
    return digest.hexdigest()[:32]


def load_array(name: str, shape: tuple[int, ...]) -> np.ndarray | None:
    """The cached float array ``name`` if it is there, of ``shape`` and finite."""
    path = _path(f"{name}.npy")
    if path is None:
        return None
    try:
        arr = np.load(path, allow_pickle=False)
    except Exception:  # numpy raises many kinds on a damaged file: rebuild it
        return None
    if (not isinstance(arr, np.ndarray) or arr.shape != shape or arr.dtype != np.float64
            or not np.all(np.isfinite(arr))):
        return None
    _touch(path)
    return arr


def save_array(name: str, arr: np.ndarray) -> None:
    """Keep ``arr`` as ``name`` (written whole or not at all; failures are ignored)."""
    def write(fh: IO[bytes]) -> None:
        np.save(fh, arr, allow_pickle=False)

    _save(f"{name}.npy", write)


def _encode(value: object) -> dict[str, str]:
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return {_TAG: type(value).__name__, "iso": value.isoformat()}
    raise TypeError(type(value).__name__)


def _decode(obj: dict[str, Any]) -> Any:
    if _TAG in obj:
        return getattr(dt, obj[_TAG]).fromisoformat(obj["iso"])
    return obj


def load_json(name: str) -> Any:
    """The cached data ``name`` (dates and times as they were), or None."""
    path = _path(f"{name}.json")
    if path is None:
        return None
    try:
        data = json.loads(path.read_bytes(), object_hook=_decode)
    except Exception:  # unreadable, not JSON, a bad tag: parse the file again
        return None
    _touch(path)
    return data


def save_json(name: str, data: Any) -> None:
    """Keep ``data`` (plain TOML data: tables, arrays, strings, numbers, booleans, dates
    and times) as ``name``; failures are ignored."""
    try:
        text = json.dumps(data, default=_encode, ensure_ascii=False).encode()
        if json.loads(text, object_hook=_decode) != data:  # e.g. a NaN: keep no copy
            return
    except (TypeError, ValueError, AttributeError, KeyError):
        return

    def write(fh: IO[bytes]) -> None:
        fh.write(text)

    _save(f"{name}.json", write)


def _path(filename: str) -> Path | None:
    folder = cache_dir()
    return None if folder is None else folder / filename


def _touch(path: Path) -> None:
    """Mark a file as used, so that pruning keeps what is read, not only what is new."""
    with contextlib.suppress(OSError):
        os.utime(path)


def _save(filename: str, write: Callable[[IO[bytes]], None]) -> None:
    folder = cache_dir()
    if folder is None:
        return
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        write_atomic_with(folder / filename, write, "cache")
    except (OSError, InputError):
        return
    _prune(folder)


def _prune(folder: Path) -> None:
    """Keep the :data:`KEEP` most recently used of the package's own files."""
    dated = []
    for path in folder.glob("*"):
        if path.suffix in (".npy", ".json") and path.name.startswith(_PREFIXES):
            try:
                dated.append((path.stat().st_mtime_ns, path))
            except OSError:
                continue
    dated.sort(reverse=True)
    for _, path in dated[KEEP:]:
        try:
            path.unlink()
        except OSError:
            continue
