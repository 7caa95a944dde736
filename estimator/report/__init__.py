"""Renderers: results -> table, JSON, CSV, Markdown. They format; they compute nothing new."""

from estimator.output import write_atomic
from estimator.report.containers import FORMATS, render_containers, to_dict

__all__ = ["FORMATS", "render_containers", "to_dict", "write_atomic"]
