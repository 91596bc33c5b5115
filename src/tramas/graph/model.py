"""The vocabulary of the network model: actor kinds, sizes, relations and their direction rules."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

__all__ = [
    "ACTOR_COLUMNS",
    "DIRECTIONS",
    "KINDS",
    "OWNERSHIPS",
    "SIZES",
    "SYMMETRIZE_RULES",
    "TIE_COLUMNS",
    "Relation",
    "StudyInfo",
]

#: Components of a cluster (actor ``kind``).
KINDS: tuple[str, ...] = ("firm", "government", "research", "finance", "association", "other")
#: Size classes, smallest first.
SIZES: tuple[str, ...] = ("micro", "small", "medium", "large")
OWNERSHIPS: tuple[str, ...] = ("local", "national", "foreign")
#: How a relation's reported tie maps onto the flow it measures.
DIRECTIONS: tuple[str, ...] = ("ego_to_alter", "alter_to_ego")
#: How the two reports of an undirected tie are combined (see :meth:`Network.view`).
SYMMETRIZE_RULES: tuple[str, ...] = ("union", "reciprocated", "max", "min")

#: Known actor columns, in output order (``id`` is the index of the actors table).
ACTOR_COLUMNS: tuple[str, ...] = (
    "name",
    "aliases",
    "kind",
    "internal",
    "employees",
    "size",
    "ownership",
    "sector",
    "stage",
    "region",
    "municipality",
    "lat",
    "lon",
    "respondent",
)

#: Columns every canonical tie carries; any other tie column is kept as an attribute.
TIE_COLUMNS: tuple[str, ...] = (
    "source",
    "target",
    "relation",
    "wave",
    "weight",
    "reported_by",
    "data_source",
    "evidence",
    "source_file",
    "source_row",
)


@dataclass(frozen=True)
class Relation:
    """One relation of a study (knowledge, cooperation, trade, ...).

    Parameters
    ----------
    name:
        Identifier, lower case (``knowledge``). Neo4j relationship types derive from it.
    directed:
        Whether ties have a direction (advice flows from provider to receiver).
    direction:
        ``ego_to_alter`` (default): the respondent's answer names the receiver of the flow
        ("to whom do you sell?"). ``alter_to_ego``: the answer names the sender ("from whom
        did you receive technical advice?"), so the tie is stored as alter -> respondent.
    symmetrize:
        For undirected relations (or undirected views): ``union`` (a tie if either side
        reports it, weight = mean of the reports), ``max`` (either side, weight = max),
        ``reciprocated`` (both sides must report it, weight = mean), ``min`` (both sides,
        weight = min).
    label, question:
        Human-readable name and the survey question, for reports.
    """

    name: str
    directed: bool = True
    direction: Literal["ego_to_alter", "alter_to_ego"] = "ego_to_alter"
    symmetrize: Literal["union", "reciprocated", "max", "min"] = "union"
    label: str = ""
    question: str = ""

    def __post_init__(self) -> None:
        if self.direction not in DIRECTIONS:
            raise ValueError(f"relation {self.name!r}: direction must be one of {DIRECTIONS}")
        if self.symmetrize not in SYMMETRIZE_RULES:
            raise ValueError(
                f"relation {self.name!r}: symmetrize must be one of {SYMMETRIZE_RULES}"
            )


@dataclass(frozen=True)
class StudyInfo:
    """Who and what a study is: its key (used in Neo4j), title, language and waves.

    ``lang`` is ``""`` when the study does not state one: outputs then follow the
    command's language (``--lang``, ``TRAMAS_LANG``), else English."""

    key: str = "study"
    title: str = ""
    lang: str = ""
    waves: tuple[str, ...] = ()
    description: str = ""
