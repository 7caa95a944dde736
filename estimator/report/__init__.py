"""Renderers: results -> table, JSON, CSV, Markdown. They format; they compute nothing new.

:func:`to_dict` and :func:`records` give any result's JSON document and CSV rows as
Python data (``estimator.report.data``).
"""

from estimator.output import write_atomic
from estimator.report.containers import FORMATS, render_containers
from estimator.report.data import records, to_dict

__all__ = ["FORMATS", "records", "render_containers", "to_dict", "write_atomic"]
