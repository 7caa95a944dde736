"""Renderers: results -> table, JSON, CSV, Markdown. They format; they compute nothing new."""

from estimator.report.containers import FORMATS, render_containers, to_dict
from estimator.report.output import write_atomic

__all__ = ["FORMATS", "render_containers", "to_dict", "write_atomic"]
