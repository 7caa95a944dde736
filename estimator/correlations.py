"""Correlated inputs: rank correlations declared in assumption files, applied as a
Gaussian copula on the uniforms.

A file declares a group of inputs and the Spearman rank correlations between them::

    [correlations.packing_152mm]
    keys = ["munitions.152mm_he.complete_mass", "munitions.152mm_he.complete_volume"]
    matrix = [[1.0, 0.6],
              [0.6, 1.0]]
    description = "A heavier round comes in a bigger crate."
    note = "Why 0.6."
    [[correlations.packing_152mm.sources]]
    who = "..."
    where = "..."
    when = "..."
    says = "..."

(``rank = 0.6`` may stand for the matrix of a pair.) The matrix is checked: square, one
row per key, symmetric, ones on the diagonal, entries in [-1, 1], and positive definite
once converted to the normal scale. The keys must be one-dimensional inputs of the
assumptions in use, and each key in at most one group.

How it is applied: for each trial the group's independent uniforms ``u`` become normal
scores ``z = Phi^-1(u)``, are mixed by the Cholesky factor ``L`` of the normal-scale
correlation matrix ``R``, and go back to uniforms ``Phi(L z)``: each input keeps its own
distribution exactly (the uniforms stay uniform) and the pairs get the asked rank
correlation, because for a Gaussian copula Spearman's ``rho_s`` and the normal-scale
``r`` are tied by ``r = 2 sin(pi rho_s / 6)``. That holds for continuous inputs; an input
with repeated values (a choice, a mixture's fixed part) ties trials and reaches less. The
run's ``achieved`` correlations are measured on the values drawn, ties at their average
rank, so they show it.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any

import numpy as np

from estimator._special import ndtr, ndtri
from estimator.errors import AssumptionError, InputError, Words, attempt, raise_all

__all__ = ["Correlation", "check_groups", "normal_scale", "rank_correlation",
           "read_correlations"]

FIELDS = frozenset({"keys", "matrix", "rank", "description", "note", "sources"})


def normal_scale(rank: np.ndarray) -> np.ndarray:
    """The normal-scale correlation matrix that gives Spearman correlations ``rank``."""
    out = 2.0 * np.sin(np.pi * np.asarray(rank, dtype=float) / 6.0)
    np.fill_diagonal(out, 1.0)
    return out


def rank_correlation(x: np.ndarray) -> np.ndarray:
    """Spearman rank correlation matrix of the columns of ``x`` (trials x variables), tied
    values taking their average rank (a choice's values, a mixture's fixed part); NaN off
    the diagonal where a column has no spread (a single trial, say).

    >>> rank_correlation(np.array([[0.1, 0.5]]))
    array([[ 1., nan],
           [nan,  1.]])
    """
    ranks = np.column_stack([_average_ranks(col) for col in np.asarray(x, float).T]) \
        if x.size else np.empty_like(x, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):  # no spread: NaN, quietly
        corr = np.atleast_2d(np.corrcoef(ranks, rowvar=False)) if len(x) > 1 else \
            np.full((x.shape[1], x.shape[1]), np.nan)
    np.fill_diagonal(corr, 1.0)
    return corr


def _average_ranks(col: np.ndarray) -> np.ndarray:
    """Ranks 0..n-1 of ``col``, each run of equal values at its mean rank."""
    order = np.argsort(col, kind="stable")
    ordered = col[order]
    new = np.empty(len(col), dtype=bool)
    new[:1] = True
    np.not_equal(ordered[1:], ordered[:-1], out=new[1:])
    starts = np.flatnonzero(new)
    ends = np.append(starts[1:], len(col))
    ranks = np.empty(len(col))
    ranks[order] = ((starts + ends - 1) / 2.0)[np.cumsum(new) - 1]
    return ranks


@dataclass(frozen=True)
class Correlation:
    """A group of inputs with the rank correlations asked between them."""

    name: str
    keys: tuple[str, ...]
    rank: tuple[tuple[float, ...], ...]
    sources: tuple[Any, ...]
    description: str = ""
    note: str = ""
    file: str = ""

    def __post_init__(self) -> None:
        # a group built in Python gets the checks a file's group gets (rows as tuples)
        keys = _keys(_listed(self.keys), self.place)
        rank = _listed(self.rank)
        rows = [_listed(r) for r in rank] if isinstance(rank, list) else rank
        object.__setattr__(self, "keys", keys)
        object.__setattr__(self, "rank", _check_matrix(rows, len(keys), f"{self.place}.rank"))

    @property
    def place(self) -> str:
        return f"{self.file}: correlations.{self.name}" if self.file else \
            f"correlations.{self.name}"

    def cholesky(self) -> np.ndarray:
        return np.linalg.cholesky(normal_scale(np.asarray(self.rank)))

    def apply(self, u: np.ndarray) -> np.ndarray:
        """Independent uniforms (trials x keys) -> uniforms with the asked rank correlation."""
        z = ndtri(np.clip(u, 1e-300, 1.0 - 2.0**-53))
        # L z one column at a time, in a fixed order: a matrix product's rounding depends
        # on how many rows it is given, so a block of one trial would differ in its last bit
        mixed = np.empty_like(z)
        for i, row in enumerate(self.cholesky()):
            col = z[:, 0] * row[0]
            for j in range(1, i + 1):
                col += z[:, j] * row[j]
            mixed[:, i] = col
        return np.clip(ndtr(mixed), 2.0**-54, 1.0 - 2.0**-53)

    @classmethod
    def from_mapping(cls, name: str, raw: Any, file: str) -> Correlation:
        """Build and validate one group; errors name ``file: correlations.NAME.field``."""
        from estimator.assumptions import Source

        place = f"{file}: correlations.{name}" if file else f"correlations.{name}"
        if not isinstance(raw, Mapping):
            raise AssumptionError(place, "a table with keys, matrix (or rank) and sources", raw)
        problems: list[InputError] = []  # every one of the group's, at once
        problems += [AssumptionError(f"{place}.{k}", "one of " + ", ".join(sorted(FIELDS)), k)
                     for k in sorted(set(raw) - FIELDS)]
        problems += [AssumptionError(f"{place}.{text}", "a string", raw[text])
                     for text in ("description", "note")
                     if text in raw and not isinstance(raw[text], str)]
        keys = attempt(problems, lambda: _keys(raw.get("keys"), place))
        rank = None if keys is None else attempt(problems, lambda: _rank(raw, keys, place))
        sources_raw = raw.get("sources")
        sources: tuple[Any, ...] = ()
        if not sources_raw or not isinstance(sources_raw, list) or not all(
                isinstance(s, Mapping) for s in sources_raw):
            problems.append(AssumptionError(f"{place}.sources", "at least one [[...sources]] "
                                            "table with who, where, when and says",
                                            sources_raw or "none"))
        else:
            built = [attempt(problems, partial(Source.from_mapping, s, f"{place}.sources[{i}]"))
                     for i, s in enumerate(sources_raw)]
            sources = tuple(x for x in built if x is not None)
        raise_all(problems)
        assert keys is not None and rank is not None  # else a problem was raised
        return cls(name, tuple(keys), rank, sources, raw.get("description", ""),
                   raw.get("note", ""), file)


def _rank(raw: Mapping[str, Any], keys: Sequence[str], place: str) -> tuple[tuple[float, ...], ...]:
    """A group's matrix, from ``matrix`` or, for a pair, ``rank``: checked."""
    if ("matrix" in raw) == ("rank" in raw):
        raise AssumptionError(place, "either matrix = [[...]] or, for a pair, rank = R",
                              "both" if "matrix" in raw else "neither")
    if "rank" in raw:
        if len(keys) != 2:
            raise AssumptionError(f"{place}.rank", "a matrix for more than two keys",
                                  f"{len(keys)} keys")
        r = _number(raw["rank"], f"{place}.rank")
        return _check_matrix([[1.0, r], [r, 1.0]], 2, f"{place}.rank")
    return _check_matrix(raw["matrix"], len(keys), f"{place}.matrix")


def _listed(value: Any) -> Any:
    """A sequence (a tuple, numpy's array) as the list a file's TOML gives; else as it is."""
    if isinstance(value, np.ndarray):
        return value.tolist()
    return list(value) if isinstance(value, Sequence) and not isinstance(value, str) else value


def _keys(keys: Any, place: str) -> tuple[str, ...]:
    """A group's keys: two or more entry keys, each once; else an error at ``place.keys``."""
    if not isinstance(keys, list) or len(keys) < 2 or not all(isinstance(k, str) for k in keys):
        raise AssumptionError(f"{place}.keys", "a list of two or more entry keys", keys)
    if len(set(keys)) != len(keys):
        raise AssumptionError(f"{place}.keys", "each key once", keys)
    return tuple(keys)


def _number(v: Any, place: str) -> float:
    if isinstance(v, bool) or not isinstance(v, (int, float)) or not math.isfinite(v):
        raise AssumptionError(place, "a number", v)
    return float(v)


def _check_matrix(matrix: Any, k: int, place: str) -> tuple[tuple[float, ...], ...]:
    if (not isinstance(matrix, list) or len(matrix) != k
            or not all(isinstance(row, list) and len(row) == k for row in matrix)):
        raise AssumptionError(place, f"a {k} x {k} matrix (one row and column per key)",
                              matrix)
    m = np.array([[_number(v, place) for v in row] for row in matrix])
    if np.any(np.abs(m) > 1.0):
        raise AssumptionError(place, "rank correlations in [-1, 1]", float(m[np.abs(m) > 1][0]))
    if not np.allclose(np.diag(m), 1.0):
        raise AssumptionError(place, "1 on the diagonal", np.diag(m).tolist())
    if not np.allclose(m, m.T):
        i, j = np.argwhere(~np.isclose(m, m.T))[0]
        raise AssumptionError(place, "a symmetric matrix",
                              f"[{i}][{j}] = {m[i, j]:g} but [{j}][{i}] = {m[j, i]:g}")
    off = np.abs(m - np.eye(k))
    if np.any(off >= 1.0 - 1e-9):  # a rank of +-1 ties two inputs: no copula, one value
        i, j = np.argwhere(off >= 1.0 - 1e-9)[0]
        raise AssumptionError(place, "rank correlations strictly between -1 and 1 (two inputs "
                              "that move as one: give one of them same_percentile_as the "
                              "other, for a rank of 1)", Words(f"[{i}][{j}] = {m[i, j]:g}"))
    lowest = float(np.linalg.eigvalsh(normal_scale(m)).min())
    if lowest <= 1e-10:
        raise AssumptionError(place, "a positive definite matrix (correlations that can hold "
                              "together)", Words(f"smallest eigenvalue {lowest:.3g}, at most "
                                                 "1e-10"))
    return tuple(tuple(float(v) for v in row) for row in m)


def read_correlations(table: Any, file: str) -> tuple[dict[str, Correlation], list[InputError]]:
    """The ``[correlations.*]`` groups of one file's top-level ``correlations`` table."""
    out: dict[str, Correlation] = {}
    problems: list[InputError] = []
    if table is None:
        return out, problems
    if not isinstance(table, Mapping):
        return out, [AssumptionError(f"{file}: correlations", "a table of groups "
                                     "([correlations.NAME])", table)]
    for name, raw in table.items():
        group = attempt(problems, partial(Correlation.from_mapping, name, raw, file))
        if group is not None:
            out[name] = group
    return out, problems


def check_groups(groups: Sequence[Correlation], widths: Mapping[str, int],
                 constant: frozenset[str] = frozenset(),
                 known: str = "keys of the assumptions in use") -> list[InputError]:
    """Keys that are not one-dimensional inputs (``widths``; ``known`` says what a key
    must be one of), that are ``constant`` (a fixed value has no rank to correlate), or
    that are in two groups."""
    problems: list[InputError] = []
    seen: dict[str, str] = {}
    for g in groups:
        for key in g.keys:
            if key not in widths:
                problems.append(AssumptionError(f"{g.place}.keys", known, key))
            elif widths[key] != 1:
                problems.append(AssumptionError(f"{g.place}.keys", "one-dimensional inputs "
                                                "(not a mix)", key))
            elif key in constant:
                problems.append(AssumptionError(f"{g.place}.keys", "inputs that vary (a "
                                                "fixed value cannot be correlated)", key))
            elif key in seen:
                problems.append(AssumptionError(f"{g.place}.keys", "each key in one group "
                                                "only", f"{key}, also in {seen[key]}"))
            else:
                seen[key] = g.name
    return problems
