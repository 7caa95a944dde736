"""estimator: unit-aware Monte Carlo estimates of munitions deliveries, every assumption sourced.

The package is layered; imports flow one way, downwards, and no module imports one
above it:

===============  =================================================================
``cli``          typer commands: parse options, call the library, render. Only here
                 is anything printed or an exit code set.
``report``       render results as table, JSON, CSV, Markdown; write files atomically;
                 ``to_dict`` and ``records``: any result's JSON document and CSV rows as data.
``plots``        matplotlib figures (the ``plot`` extra): the pooled claims, a tornado.
``testing``      hypothesis strategies and property checks for assumption files.
``pooled``       all the claims -> one weighted estimate, with tension scores.
``estimates``, ``reconcile``, ``logistics``, ``sensitivity``
                 analyses: containers -> rounds by calibre; the public claims side by
                 side; port calls, rail, the timeline, days of fire; which input moves
                 the answer. ``chain`` is the container arithmetic they share,
                 ``reports`` the catalogue of claims.
``models``       pure vectorised functions over pint quantities; no randomness, no I/O.
``engine``       the only source of randomness: one seed, a stream per input key,
                 blocks, inverse CDFs -> named sample arrays.
``summary``      mean and percentiles with Monte Carlo standard errors.
``assumptions``  TOML files -> validated, immutable, sourced ``Assumption`` objects;
                 ``correlations``: rank correlations between inputs (a Gaussian copula).
``counts``       counts as people write them ("6,700", "10k+", "6.5M-8M").
``distributions``  frozen specs, parameter domains declared once, inverse CDFs.
``units``, ``errors``  the one pint registry (with count units); one error hierarchy.
===============  =================================================================

>>> from estimator import estimate_containers
>>> est = estimate_containers("6,700", calibres=["152mm_he"], samples=2000, seed=1)
>>> row = est.row("152mm_he", "projectile")
>>> row.binding
'weight'
"""

from typing import TYPE_CHECKING

from estimator._version import __version__
from estimator.assumptions import Assumption, AssumptionSet, Source, check_file
from estimator.counts import Count, parse_count
from estimator.distributions import from_mapping
from estimator.engine import Engine, Input
from estimator.errors import AssumptionProblems, EstimatorError, InputError, NotFound
from estimator.estimates import ContainerEstimate, estimate_containers
from estimator.summary import Summary, summarize
from estimator.units import Q_, ureg

if TYPE_CHECKING:  # what type checkers and editors see of the names imported on first use
    from estimator.estimates import containers_model
    from estimator.logistics import (
        estimate_days,
        estimate_port_calls,
        estimate_rail,
        estimate_timeline,
    )
    from estimator.pooled import pool
    from estimator.reconcile import estimate_shells
    from estimator.report import records, to_dict
    from estimator.reports import Catalogue
    from estimator.sensitivity import containers_sensitivity, timeline_sensitivity
    from estimator.testing import check_assumptions

# Imported on first use, to keep ``import estimator`` (and the command's start) light.
# ``reconcile`` and ``sensitivity`` share their modules' names (``from estimator import
# reconcile`` is the module): import them from there (``from estimator.reconcile import
# reconcile``).
_LAZY = {
    "Catalogue": "estimator.reports",
    "estimate_shells": "estimator.reconcile",
    "estimate_port_calls": "estimator.logistics",
    "estimate_rail": "estimator.logistics",
    "estimate_timeline": "estimator.logistics",
    "estimate_days": "estimator.logistics",
    "containers_model": "estimator.estimates",
    "pool": "estimator.pooled",
    "containers_sensitivity": "estimator.sensitivity",
    "timeline_sensitivity": "estimator.sensitivity",
    "check_assumptions": "estimator.testing",
    "to_dict": "estimator.report",
    "records": "estimator.report",
}


def __getattr__(name: str) -> object:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'estimator' has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    # the lazily imported names too, so that a notebook's completion offers them
    return sorted({*globals(), *_LAZY})


__all__ = [
    "Q_",
    "Assumption",
    "AssumptionProblems",
    "AssumptionSet",
    "Catalogue",
    "ContainerEstimate",
    "Count",
    "Engine",
    "EstimatorError",
    "Input",
    "InputError",
    "NotFound",
    "Source",
    "Summary",
    "__version__",
    "check_assumptions",
    "check_file",
    "containers_model",
    "containers_sensitivity",
    "estimate_containers",
    "estimate_days",
    "estimate_port_calls",
    "estimate_rail",
    "estimate_shells",
    "estimate_timeline",
    "from_mapping",
    "parse_count",
    "pool",
    "records",
    "summarize",
    "timeline_sensitivity",
    "to_dict",
    "ureg",
]
