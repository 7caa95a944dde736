"""Any result as data: the JSON document its command writes, or the rows of its CSV.

:func:`to_dict` and :func:`records` take every result the commands render and give what
``--format json`` and ``--format csv`` write, as Python data: the renderers build their
JSON from the same document and their CSV from the same rows, so the two never differ.
The renderer of a result's type is imported on first use, as the commands import it.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from estimator.errors import InputError, Said, Words
from estimator.report.common import Record, json_data

if TYPE_CHECKING:
    from estimator.reports import Catalogue

__all__ = ["ResultTypeError", "records", "to_dict"]

# A result's type (module and name) -> its renderer's module in ``estimator.report`` and
# the stem of the two functions there: STEM_document (the JSON document) and STEM_records
# (the CSV's rows).
_RENDERERS: dict[str, tuple[str, str]] = {
    "estimator.estimates.ContainerEstimate": ("containers", "containers"),
    "estimator.reconcile.ShellsEstimate": ("reconcile", "shells"),
    "estimator.reconcile.Reconciliation": ("reconcile", "reconcile"),
    "estimator.pooled.Pooled": ("pooled", "pooled"),
    "estimator.logistics.LogisticsEstimate": ("logistics", "logistics"),
    "estimator.logistics.Timeline": ("logistics", "timeline"),
    "estimator.logistics.DaysEstimate": ("logistics", "days"),
    "estimator.sensitivity.SensitivityReport": ("sensitivity", "sensitivity"),
    "estimator.sensitivity.Sensitivity": ("sensitivity", "factors"),
    "estimator.reports.Catalogue": ("reconcile", "reports"),
    "estimator.assumptions.AssumptionSet": ("assumptions", "assumptions"),
}
_LOGISTICS = "estimator.logistics.LogisticsEstimate"


class ResultTypeError(InputError, TypeError):
    """An object that is no result the commands render (still a ``TypeError``): the
    message names the types taken."""


def _renderer(result: object, what: str) -> tuple[str, Any]:
    """The type's name and its ``document`` or ``records`` function."""
    for cls in type(result).__mro__:
        name = f"{cls.__module__}.{cls.__qualname__}"
        if name in _RENDERERS:
            module, stem = _RENDERERS[name]
            return name, getattr(importlib.import_module(f"estimator.report.{module}"),
                                 f"{stem}_{what}")
    taken = ", ".join(k.rsplit(".", 1)[1] for k in _RENDERERS)
    raise ResultTypeError("result", f"one of {taken}", Words(type(result).__qualname__))


def to_dict(result: object, *, catalogue: Catalogue | None = None) -> dict[str, Any]:
    """The JSON document ``--format json`` writes for ``result``, as plain data (a number
    that is not finite as None, a date as its ISO text): for an estimate of
    ``estimate_containers``, ``estimate_shells``, ``estimate_port_calls``,
    ``estimate_rail``, ``estimate_timeline`` or ``estimate_days``, a reconciliation
    (``reconcile``), a pooled estimate (``pool``), a sensitivity report
    (``containers_sensitivity``, ``timeline_sensitivity``) or a user's own analysis
    (``sensitivity(inputs, model, output)``: the same document with ``seed`` for the run
    record, and no title or assumptions), a ``Catalogue`` (``estimate reports list``) or an
    ``AssumptionSet`` (``estimate assumptions list``). Its layout is in
    ``docs/json-schema.md``. ``catalogue``, for a port-calls estimate alone, is the
    claims its comparisons came from, as the command gives them (the files read, and the
    period each claim counts over). Anything else is a :class:`ResultTypeError`, a
    ``TypeError``.

    >>> from estimator import estimate_containers
    >>> doc = to_dict(estimate_containers("6,700", calibres="152mm_he", samples=200, seed=1))
    >>> doc["schema"], doc["results"][0]["calibre"], doc["results"][0]["unit"]
    ('estimator.containers', '152mm_he', 'rd')
    """
    name, build = _renderer(result, "document")
    if catalogue is not None and name != _LOGISTICS:
        raise InputError("catalogue", "it with a port-calls estimate (LogisticsEstimate) alone",
                         Said(f"given with a {name.rsplit('.', 1)[1]}, which takes none"))
    doc = build(result, catalogue) if name == _LOGISTICS else build(result)
    return json_data(doc)


def records(result: object) -> list[Record]:
    """The rows ``--format csv`` writes for ``result`` (any result :func:`to_dict` takes),
    as data: one dict per row, by the CSV's column names, in order; a figure as a number
    (not the six significant digits the CSV writes), its unit in the row's ``unit``
    column, a date as its ISO text, an empty cell None. The CSV's comment lines (the run
    record, the notes) are no rows; the run record is :func:`to_dict`'s ``run``.
    ``pandas.DataFrame(records(result))``, for one who has pandas, is the CSV's table.

    >>> from estimator import estimate_containers
    >>> rows = records(estimate_containers("6,700", calibres="152mm_he", samples=200, seed=1))
    >>> [(r["basis"], r["measure"], r["unit"]) for r in rows[:2]]
    [('projectile', 'rounds', 'rd'), ('projectile', 'usable rounds', 'rd')]
    >>> type(rows[0]["p50"]).__name__, rows[-1]["measure"], rows[-1]["calibre"]
    ('float', 'cargo capacity', None)
    """
    return list(_renderer(result, "records")[1](result))
