"""The per-user cache: what it keeps reads back exactly, and it can never break a run."""

from __future__ import annotations

import datetime as dt
import math
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from estimator import _cache, _special
from estimator.assumptions import _PARSED, read_toml

PAIRS = [(2.5, 7.25), (0.75, 1.5)]


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("ESTIMATOR_CACHE", str(tmp_path))
    return tmp_path


def _forget(pairs: list[tuple[float, float]]) -> None:
    for pair in pairs:
        _special._TABLES.pop(pair, None)


def _no_build(pairs: list[tuple[float, float]]) -> list:
    raise AssertionError("tables were built, not read from the cache")


def _tables(pairs: list[tuple[float, float]]) -> list[np.ndarray]:
    return [np.concatenate(_special.beta_quantile(a, b)._coef) for a, b in pairs]


def test_beta_tables_read_back_bit_for_bit(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _forget(PAIRS)
    _special.prepare_beta_quantiles(PAIRS)
    built = _tables(PAIRS)
    assert len(list(cache.glob("beta-*.npy"))) == 1
    _forget(PAIRS)
    monkeypatch.setattr(_special, "_build_tables", _no_build)
    _special.prepare_beta_quantiles(PAIRS)
    for a, b in zip(built, _tables(PAIRS), strict=True):
        assert np.array_equal(a, b)
    _forget(PAIRS)


_HEADER = b"\x93NUMPY\x01\x00v\x00{'descr': '<f8', 'fortran_order': False, 'shape': (2, 2, 1025 "


@pytest.mark.parametrize("junk", [b"", b"not an array", b"\x93NUMPY\x01\x00garbage", _HEADER,
                                  b"PK\x03\x04junk", b"PK\x05\x06" + bytes(18)])
def test_a_damaged_table_file_is_rebuilt(cache: Path, junk: bytes) -> None:
    _forget(PAIRS)
    _special.prepare_beta_quantiles(PAIRS)
    built = _tables(PAIRS)
    (path,) = cache.glob("beta-*.npy")
    path.write_bytes(junk)
    _forget(PAIRS)
    _special.prepare_beta_quantiles(PAIRS)
    for a, b in zip(built, _tables(PAIRS), strict=True):
        assert np.array_equal(a, b)
    assert np.load(path, allow_pickle=False).shape == (len(PAIRS), 2, _special._NODES)
    _forget(PAIRS)


@pytest.mark.parametrize("junk", ["", "[1.0]", '["a", "b"]', "[0.0, 2.0]", "[1.0, 1e999]",
                                  "[1, 2]", "{}", "not json"])
def test_a_beta_fit_reads_back_exactly_and_a_damaged_one_is_solved_afresh(
        cache: Path, monkeypatch: pytest.MonkeyPatch, junk: str) -> None:
    fit = _special.beta_from_quantiles  # with the process's own memo cleared at each call
    solved = _special._fit_beta(0.2, 0.5)
    fit.cache_clear()
    assert fit(0.2, 0.5) == solved  # solved, and kept
    (path,) = cache.glob("betafit-*.json")
    monkeypatch.setattr(_special, "_fit_beta", lambda *a: pytest.fail("solved, not read"))
    fit.cache_clear()
    assert fit(0.2, 0.5) == solved  # read back bit for bit
    monkeypatch.undo()
    monkeypatch.setenv("ESTIMATOR_CACHE", str(cache))
    path.write_text(junk)
    fit.cache_clear()
    assert fit(0.2, 0.5) == solved
    fit.cache_clear()


def test_a_table_of_the_wrong_shape_or_not_finite_is_not_used(cache: Path) -> None:
    _cache.save_array("x", np.ones((2, 3)))
    assert _cache.load_array("x", (2, 3)) is not None
    assert _cache.load_array("x", (3, 2)) is None
    _cache.save_array("y", np.array([1.0, np.nan]))
    assert _cache.load_array("y", (2,)) is None


@pytest.mark.parametrize("off", ["off", "0", ""])
def test_off_means_no_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, off: str) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("ESTIMATOR_CACHE", off)
    assert _cache.cache_dir() is None
    _forget(PAIRS)
    _special.prepare_beta_quantiles(PAIRS)
    _cache.save_json("z", {"a": 1})
    assert _cache.load_json("z") is None
    assert list(tmp_path.iterdir()) == []
    _forget(PAIRS)


def test_an_unwritable_cache_is_no_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    monkeypatch.setenv("ESTIMATOR_CACHE", str(blocker / "cache"))
    _forget(PAIRS)
    _special.prepare_beta_quantiles(PAIRS)
    assert 0 < float(_special.beta_quantile(*PAIRS[0])(np.array([0.5]))[0]) < 1
    _cache.save_json("z", {"a": 1})
    assert _cache.load_json("z") is None
    _forget(PAIRS)


def test_the_default_folder_follows_xdg(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("ESTIMATOR_CACHE")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert _cache.cache_dir() == tmp_path / "estimator"
    monkeypatch.delenv("XDG_CACHE_HOME")
    assert _cache.cache_dir() == Path.home() / ".cache" / "estimator"

    def nowhere() -> Path:
        raise RuntimeError("Could not determine home directory.")

    monkeypatch.setattr(Path, "home", nowhere)
    assert _cache.cache_dir() is None


def test_the_folder_keeps_only_the_newest_files(cache: Path) -> None:
    for i in range(_cache.KEEP + 5):
        _cache.save_array(f"beta-{i}", np.full(2, float(i)))
    assert len(list(cache.iterdir())) == _cache.KEEP


TOML = """\
[group.entry]
unit = "kg"
p5 = 1.5
p95 = 2e3
when = 2024-02-27
at = 2024-02-27T10:30:00+09:00
local = 2024-02-27T10:30:00
clock = 07:32:00
flags = [true, false]
nested = [{a = 1}, {b = "x"}]
"""


def test_a_toml_parse_reads_back_equal(cache: Path, tmp_path: Path,
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "mine.toml"
    path.write_text(TOML)
    first = read_toml(path, "mine.toml")
    assert list(cache.glob("toml-*.json"))
    _PARSED.clear()
    monkeypatch.setattr("estimator.assumptions.tomllib.loads", _no_build)
    again = read_toml(path, "mine.toml")
    assert again == first
    assert again["group"]["entry"]["when"] == dt.date(2024, 2, 27)
    assert again["group"]["entry"]["at"].utcoffset() == dt.timedelta(hours=9)
    _PARSED.clear()


def test_data_that_does_not_read_back_equal_is_not_kept(cache: Path) -> None:
    _cache.save_json("n", {"x": math.nan})
    _cache.save_json("tagged", {"\0type": "date", "iso": "2024-01-01"})
    assert list(cache.iterdir()) == []


_scalars = (st.text(max_size=8) | st.integers() | st.booleans() | st.dates()
            | st.floats(allow_nan=False) | st.times() | st.datetimes())
# keys as TOML has them (the tag key the JSON form uses for dates is tested above)
_keys = st.text(max_size=5).filter(lambda k: k != _cache._TAG)
_data = st.recursive(_scalars, lambda inner: st.lists(inner, max_size=3)
                     | st.dictionaries(_keys, inner, max_size=3), max_leaves=12)


@given(st.dictionaries(_keys, _data, max_size=4))
def test_any_toml_data_reads_back_equal(data: dict) -> None:
    name = _cache.cache_key("property", repr(data))
    _cache.save_json(name, data)
    assert _cache.load_json(name) == data
    assert (_cache.cache_dir() / f"{name}.json").exists()  # read from the file, not made up


@pytest.mark.parametrize("damage", [b"", b"junk", None])
def test_the_unit_registry_survives_a_damaged_or_unwritable_cache(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, damage: bytes | None) -> None:
    from estimator import units

    monkeypatch.setenv("ESTIMATOR_CACHE", str(tmp_path))
    units._registry()
    if damage is None:
        monkeypatch.setenv("ESTIMATOR_CACHE", str(tmp_path / "x.npy" / "below-a-file"))
        (tmp_path / "x.npy").write_bytes(b"")
    else:
        for path in (tmp_path / "pint").iterdir():
            path.write_bytes(damage)
    ureg = units._registry()
    assert ureg.Quantity(21.75, "t").m_as("kg") == pytest.approx(21750.0)
    assert ureg.Quantity(1, "container").dimensionality != ureg.Quantity(1, "round").dimensionality


def test_a_run_is_the_same_with_the_cache_off_cold_or_warm(tmp_path: Path) -> None:
    """Whole processes, since within one process the tables and parses are remembered."""
    import os
    import subprocess
    import sys

    argv = [sys.executable, "-m", "estimator", "containers", "--count", "6700", "--samples",
            "3000", "--format", "json"]
    outputs = []
    for cache in ("off", str(tmp_path / "c"), str(tmp_path / "c")):
        env = dict(os.environ, ESTIMATOR_CACHE=cache)
        proc = subprocess.run(argv, capture_output=True, text=True, env=env, check=True)
        outputs.append(proc.stdout)
    assert list((tmp_path / "c").glob("beta-*.npy")) and list((tmp_path / "c").glob("toml-*"))
    assert outputs[0] == outputs[1] == outputs[2]
    assert '"rounds"' in outputs[0]


def test_pint_keeps_its_cache_only_where_no_one_else_can_write(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ESTIMATOR_CACHE", str(tmp_path / "c"))
    assert _cache.private_dir("pint") == tmp_path / "c" / "pint"
    (tmp_path / "c" / "pint").chmod(0o777)
    assert _cache.private_dir("pint") is None


def test_a_damaged_pint_cache_removes_only_pints_files(tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    from estimator import units

    monkeypatch.setenv("ESTIMATOR_CACHE", str(tmp_path))
    units._registry()
    folder = tmp_path / "pint"
    (folder / "notes.txt").write_text("mine")
    for path in folder.glob("*.pickle"):
        path.write_bytes(b"junk")
    assert units._registry().Quantity(1, "t").m_as("kg") == 1000
    assert (folder / "notes.txt").read_text() == "mine"


def test_pruning_spares_other_files_and_survives_a_dangling_link(cache: Path) -> None:
    (cache / "mine.json").write_text("{}")
    (cache / "toml-dangling.json").symlink_to(cache / "nowhere")
    for i in range(_cache.KEEP + 3):
        _cache.save_array(f"beta-{i}", np.full(2, float(i)))
    assert (cache / "mine.json").exists()
    kept = [p for p in cache.glob("beta-*.npy")]
    assert len(kept) <= _cache.KEEP


def test_reading_a_file_keeps_it_from_pruning(cache: Path) -> None:
    import os
    import time

    _cache.save_array("beta-old", np.ones(2))
    for i in range(_cache.KEEP - 1):
        _cache.save_array(f"beta-{i}", np.ones(2))
    past = time.time() - 3600
    os.utime(cache / "beta-old.npy", (past, past))  # the oldest of a full folder
    assert _cache.load_array("beta-old", (2,)) is not None  # a hit marks it as used
    _cache.save_array("beta-last", np.ones(2))  # one too many: the least recently used goes
    assert (cache / "beta-old.npy").exists()
    assert len(list(cache.glob("beta-*.npy"))) == _cache.KEEP


def test_a_relative_xdg_cache_home_is_ignored(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("ESTIMATOR_CACHE")
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/cache")
    assert _cache.cache_dir() == Path.home() / ".cache" / "estimator"
