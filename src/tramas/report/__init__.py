"""Network reports for cluster analysts, firms, institutions and funders (``tramas report``).

:func:`build_report` writes one self-contained HTML report (and optionally a PDF) from an
analysis of the network, in any language of the catalogue (:mod:`tramas.locale`),
with its tables as CSV and XLSX. :func:`compare_with_random` compares network figures
with random networks of the same degree sequence.
"""

from tramas.locale import LANGS, format_number, parse_number
from tramas.report.build import ReportResult, build_report, render_report
from tramas.report.null_models import NullModelComparison, compare_with_random

__all__ = [
    "LANGS",
    "NullModelComparison",
    "ReportResult",
    "build_report",
    "compare_with_random",
    "format_number",
    "parse_number",
    "render_report",
]
