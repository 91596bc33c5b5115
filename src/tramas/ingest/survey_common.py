"""What the readers of survey-tool exports share (KoboToolbox/ODK, Network Canvas,
Qualtrics): the choice codes a generated form gives the study's actors, the lookup that
turns a choice code, an id or a choice label back into an actor id, and the result of
one reader.

The readers themselves are :mod:`tramas.ingest.kobo`, :mod:`tramas.ingest.qualtrics`
and :mod:`tramas.ingest.network_canvas`; :mod:`tramas.ingest.survey_tools` chooses one.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

import pandas as pd

from tramas.exceptions import InputError
from tramas.ingest.matching import NameMatcher
from tramas.ingest.report import FileCounts, IngestReport
from tramas.ingest.review import ReviewedNames
from tramas.ingest.ties import RECORD_COLUMNS, RecallName, resolve_names

__all__ = [
    "ActorLookup",
    "no_respondent",
    "resolve_recalled",
    "no_roster",
    "SurveyContext",
    "ToolRead",
    "choice_codes",
    "record_frame",
    "split_names",
]

#: the tool names as the report words them
TOOL_NAMES = {
    "kobo": "KoboToolbox/ODK",
    "network_canvas": "Network Canvas",
    "qualtrics": "Qualtrics",
}
_CODE_BAD = re.compile(r"[^A-Za-z0-9_.-]")


def no_respondent(file: str, column: str) -> InputError:
    """The error of an export without the question of the respondent's organisation."""
    return InputError(
        f"missing respondent column {column!r}",
        file=file,
        row=1,
        column=column,
        hint="name the question of the respondent's organisation `respondent`, or set "
        "respondent_column on the [[ties]] entry",
        code="survey_no_respondent",
        values={"column": column},
    )


def no_roster(name: str, looked: str) -> InputError:
    """The error of an export holding no roster question of the study's relations
    (``looked``: the questions looked for)."""
    return InputError(
        f"no roster question of the study's relations in the export (looked for: {looked})",
        file=name,
        row=1,
        hint="name the roster questions (multiple choice or matrix) like the relations, or map "
        'them in a [ties.questions] table under the [[ties]] entry (relation = "question")',
        code="survey_no_roster",
        values={"questions": looked},
    )


@dataclass(frozen=True)
class SurveyContext:
    """What every survey-tool reader takes besides its file and the load's report.

    Attributes
    ----------
    actors:
        The study's actors table (ids, names, aliases).
    relations:
        The study's relations (none: a reader finds the roster questions by their choices).
    wave:
        The wave of a file that has no wave question.
    new_actors, reporters, reviewed, markets:
        The load's shared state, as the edge-list and recall readers take it: actors
        added from free-text names, who reported ties, the reviewed name matches, the
        value-chain market words.
    """

    actors: pd.DataFrame
    relations: list[str]
    wave: str | None
    new_actors: dict[str, str]
    reporters: set[str]
    reviewed: ReviewedNames | None
    markets: dict[str, str]


def choice_codes(ids: Iterable[str]) -> dict[str, str]:
    """The XLSForm choice name of each actor id: the id itself when it is a valid choice
    name (letters, digits, ``_ . -``), else the id with other characters as ``_`` (and
    ``_2``, ``_3``... when that is another actor's id or code).

    Examples
    --------
    >>> choice_codes(["F001", "Bodega Sur", "Bodega_Sur"])
    {'F001': 'F001', 'Bodega Sur': 'Bodega_Sur_2', 'Bodega_Sur': 'Bodega_Sur'}
    """
    out: dict[str, str] = {}
    taken: set[str] = set()
    ids = list(ids)
    plain = {i for i in ids if not _CODE_BAD.search(i) and i}
    taken |= plain
    for i in ids:
        if i in plain:
            out[i] = i
            continue
        base = _CODE_BAD.sub("_", i) or "actor"
        code, n = base, 1
        while code in taken:
            n += 1
            code = f"{base}_{n}"
        taken.add(code)
        out[i] = code
    return out


class ActorLookup:
    """An actor id from what a survey tool exported for a choice: the id, the choice code
    a generated form gave it (:func:`choice_codes`), or its label (the actor's name,
    matched like a free-recall name with the study's threshold). ``None`` when none."""

    def __init__(self, actors: pd.DataFrame, *, threshold: float = 90.0) -> None:
        ids = [str(i) for i in actors.index]
        self.ids = set(ids)
        self.codes = {code: i for i, code in choice_codes(ids).items()}
        self.matcher = NameMatcher(actors, threshold=threshold)
        self._cache: dict[str, str | None] = {}

    def __call__(self, token: str) -> str | None:
        token = str(token).strip()
        if not token:
            return None
        if token in self._cache:
            return self._cache[token]
        found = token if token in self.ids else self.codes.get(token)
        if found is None:
            match = self.matcher.resolve(token)
            found = match.actor_id if match.status == "resolved" else None
        self._cache[token] = found
        return found


def resolve_recalled(
    names: list[RecallName],
    report: IngestReport,
    *,
    file: str,
    lookup: ActorLookup,
    ctx: SurveyContext,
    accept_unresolved: bool,
) -> tuple[list[tuple], int]:
    """Names written in an export's free-text answers, resolved as free recall is
    (:func:`tramas.ingest.ties.resolve_names`) with the matcher the export's
    :class:`ActorLookup` already built: the records found and how many were rejected."""
    return resolve_names(
        names,
        report,
        file=file,
        matcher=lookup.matcher,
        new_actors=ctx.new_actors,
        reviewed=ctx.reviewed,
        accept_unresolved=accept_unresolved,
    )


def split_names(text: str) -> list[str]:
    """Names written in one free-text answer: one per line, or separated by ``;``.

    Examples
    --------
    >>> split_names("Bodega Sur; INTA\\n  Coop. La Consulta ")
    ['Bodega Sur', 'INTA', 'Coop. La Consulta']
    """
    return [p.strip() for p in re.split(r"[;\n\r]+", str(text)) if p.strip()]


@dataclass
class ToolRead:
    """What a survey-tool reader gives the loader: reported records (the
    :data:`~tramas.ingest.ties.RECORD_COLUMNS` and ``weight_col``, ``relation_col``,
    ``wave_col``, ``oriented``, and tie attributes), the row accounting of every file or
    sheet whose records they are, and the upgrading answers (may be empty)."""

    records: pd.DataFrame
    counts: list[FileCounts]
    upgrading: pd.DataFrame = field(default_factory=pd.DataFrame)


def record_frame(records: list[tuple], extra: dict[str, list] | None = None) -> pd.DataFrame:
    """Reported records from tuples of the :data:`RECORD_COLUMNS` and ``weight_col``,
    with ``relation_col``/``wave_col`` empty, ``oriented`` "reported" unless ``extra``
    gives it, and the columns of ``extra`` (one value per record)."""
    rec = pd.DataFrame(records, columns=[*RECORD_COLUMNS, "weight_col"])
    rec["relation_col"] = ""
    rec["wave_col"] = ""
    rec["oriented"] = "reported"
    for col, values in (extra or {}).items():
        rec[col] = pd.Series(values, index=rec.index, dtype=object)
    return rec
