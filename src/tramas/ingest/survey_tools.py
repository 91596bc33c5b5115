"""Which reader a ties file of a survey tool needs: the shape the study gives
(``kobo``, ``network_canvas``, ``qualtrics``), or the tool found from the file's header
when the entry gives no shape (said in the report)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pandas as pd

from tramas.exceptions import InputError
from tramas.ingest.kobo import read_kobo
from tramas.ingest.network_canvas import read_network_canvas
from tramas.ingest.qualtrics import read_qualtrics
from tramas.ingest.readers import read_table
from tramas.ingest.report import IngestReport
from tramas.ingest.review import ReviewedNames
from tramas.ingest.study import TiesSource
from tramas.ingest.study_schema import TOOL_SHAPES
from tramas.ingest.survey_common import TOOL_NAMES, SurveyContext, ToolRead

__all__ = ["detect_tool", "read_survey_source"]


def detect_tool(path: Path, sheet: str | int | None = None) -> str | None:
    """The survey tool whose export ``path`` is, from its header (``None``: no tool's).

    KoboToolbox/ODK: ``_uuid`` with ``_submission_time`` or ``_index``; Qualtrics:
    ``ResponseId`` or an ``ImportId`` row; Network Canvas: a folder holding an
    ``…_ego.csv``, or a
    ``networkCanvas…`` column.
    """
    path = Path(path)
    if path.is_dir():
        nc = any(f.stem.endswith("_ego") for f in path.glob("*.csv"))
        return "network_canvas" if nc else None
    try:
        frame, _ = read_table(path, sheet=sheet)
    except InputError:
        return None  # the edge-list reader says what is wrong
    cols = set(frame.columns)
    if "_uuid" in cols and ({"_submission_time", "_index"} & cols):
        return "kobo"
    if any(str(c).startswith("networkCanvas") for c in cols):
        return "network_canvas"
    first = [str(v) for v in frame.iloc[:2].to_numpy().ravel()]
    if {"ResponseId", "ResponseID"} & cols or any(v.startswith('{"ImportId"') for v in first):
        return "qualtrics"
    return None


def read_survey_source(
    src: TiesSource,
    report: IngestReport,
    *,
    actors: pd.DataFrame,
    relations: list[str],
    default_wave: str | None,
    new_actors: dict[str, str],
    reporters: set[str],
    reviewed: ReviewedNames | None,
    markets: dict[str, str],
) -> ToolRead | None:
    """Read ``src`` with its survey tool's reader; ``None`` when it is no survey-tool
    export (then the edge-list, roster or recall reader reads it)."""
    shape = src.shape
    if shape not in TOOL_SHAPES:
        if not src.detect:
            return None
        shape = detect_tool(src.file, src.sheet)
        if shape is None:
            return None
        report.add(
            "warning",
            "survey_tool_detected",
            file=str(src.file),
            values={"tool": TOOL_NAMES[shape], "shape": shape},
        )
        src = replace(src, shape=shape)
    wave = src.wave or default_wave
    ctx = SurveyContext(actors, relations, wave, new_actors, reporters, reviewed, markets)
    reader = {"kobo": read_kobo, "qualtrics": read_qualtrics}.get(shape, read_network_canvas)
    return reader(src, report, ctx)
