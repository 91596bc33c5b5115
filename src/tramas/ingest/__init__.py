"""Ingest: survey and interview exports into one validated multiplex network."""

from tramas.ingest.load import load, load_spec
from tramas.ingest.matching import NameMatcher, normalize_name
from tramas.ingest.readers import read_table
from tramas.ingest.report import FileCounts, IngestIssue, IngestReport, print_report
from tramas.ingest.study import StudySpec, read_study

__all__ = [
    "FileCounts",
    "IngestIssue",
    "IngestReport",
    "NameMatcher",
    "StudySpec",
    "load",
    "load_spec",
    "normalize_name",
    "print_report",
    "read_study",
    "read_table",
]
