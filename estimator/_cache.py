"""A per-user cache of tables the package derives from its own code (never of results).

Two things are kept between runs, each a pure function of what its name hashes:

- the beta inverse-CDF tables (about 0.1 s to build for the default assumptions, more
  than any other step of a default run after the imports), keyed by the shape
  parameters and the source of the module that builds them;
- the parse of a TOML file (Python's TOML parser takes about 0.05 s for the default
  files; JSON reads the same data in about a millisecond), keyed by the file's bytes.

Where: ``$ESTIMATOR_CACHE`` if set (``off``, ``0`` or an empty value: no cache at all),
else ``$XDG_CACHE_HOME/estimator``, else ``~/.cache/estimator``. Each file's name is a
hash of everything its contents depend on (the building module's source included), so a
changed table can never be read; a file that is unreadable, of the wrong shape or not
finite is ignored and rebuilt, and a folder that cannot be written means no cache, never
an error. Files are plain ``.npy`` arrays (read without pickle) and JSON; the folder keeps
the newest :data:`KEEP` files.
"""

from __future__ import annotations

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

__all__ = ["KEEP", "cache_dir", "cache_key", "load_array", "load_json", "save_array",
           "save_json"]

_OFF = {"", "0", "off", "no", "false"}
KEEP = 64
_TAG = "\0type"  # marks a TOML date or time in the JSON form (no TOML key holds a NUL)


def cache_dir() -> Path | None:
    """The cache folder in use, or None when caching is off."""
    chosen = os.environ.get("ESTIMATOR_CACHE")
    if chosen is not None:
        return None if chosen.strip().lower() in _OFF else Path(chosen)
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "estimator"


def cache_key(*parts: object) -> str:
    """A file-name-safe digest of ``parts`` (bytes as they are, anything else by repr)."""
    digest = hashlib.sha256()
    for part in parts:
        digest.update(part if isinstance(part, bytes) else repr(part).encode())
        digest.update(b"\0")
    return digest.hexdigest()[:32]


def load_array(name: str, shape: tuple[int, ...]) -> np.ndarray | None:
    """The cached float array ``name`` if it is there, of ``shape`` and finite."""
    folder = cache_dir()
    if folder is None:
        return None
    try:
        arr = np.load(folder / f"{name}.npy", allow_pickle=False)
    except (OSError, ValueError, EOFError):
        return None
    if arr.shape != shape or arr.dtype != np.float64 or not np.all(np.isfinite(arr)):
        return None
    return arr


def save_array(name: str, arr: np.ndarray) -> None:
    """Keep ``arr`` as ``name`` (written whole or not at all; failures are ignored)."""
    _save(f"{name}.npy", lambda fh: np.save(fh, arr, allow_pickle=False))


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
    folder = cache_dir()
    if folder is None:
        return None
    try:
        return json.loads((folder / f"{name}.json").read_bytes(), object_hook=_decode)
    except (OSError, ValueError, TypeError, AttributeError, KeyError):
        return None


def save_json(name: str, data: Any) -> None:
    """Keep ``data`` (plain TOML data: tables, arrays, strings, numbers, booleans, dates
    and times) as ``name``; failures are ignored."""
    try:
        text = json.dumps(data, default=_encode, ensure_ascii=False).encode()
        if json.loads(text, object_hook=_decode) != data:  # e.g. a NaN: keep no copy
            return
    except (TypeError, ValueError, AttributeError, KeyError):
        return
    _save(f"{name}.json", lambda fh: fh.write(text) and None)


def _save(filename: str, write: Callable[[IO[bytes]], None]) -> None:
    folder = cache_dir()
    if folder is None:
        return
    try:
        folder.mkdir(parents=True, exist_ok=True)
        write_atomic_with(folder / filename, write, "cache")
        kept = sorted(folder.iterdir(), key=lambda p: p.stat().st_mtime_ns, reverse=True)
        for old in kept[KEEP:]:
            if old.suffix in (".npy", ".json"):
                old.unlink(missing_ok=True)
    except (OSError, InputError):
        pass
