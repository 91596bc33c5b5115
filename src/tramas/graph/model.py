"""The vocabulary of the network model: actor kinds, sizes, relations and their direction rules."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

__all__ = [
    "ACTOR_COLUMNS",
    "DIRECTIONS",
    "FUNCTIONS",
    "GOVERNANCE_SCHEMES",
    "RULE_OPERATORS",
    "KINDS",
    "MARKETS",
    "OWNERSHIPS",
    "SIZES",
    "SPEC_SETTERS",
    "SYMMETRIZE_RULES",
    "TIE_COLUMNS",
    "UPGRADING_COLUMNS",
    "UPGRADING_KINDS",
    "VALUE_CHAIN_BOOLEANS",
    "VALUE_CHAIN_COLUMNS",
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

# ---------------------------------------------------------------- value chains (issue #15)
#: Destination markets a trade tie may name without a study declaring them.
MARKETS: tuple[str, ...] = ("domestic", "us", "europe", "latin_america", "other")
#: Who defines the product and process on a trade tie (``standard``: an external standard
#: or third party).
SPEC_SETTERS: tuple[str, ...] = ("buyer", "supplier", "joint", "standard")
#: Yes/no evidence of a trade tie (pandas ``boolean`` columns of the ties table).
VALUE_CHAIN_BOOLEANS: tuple[str, ...] = ("buyer_monitors", "ownership_link", "intermediary")
#: Optional evidence columns of trade ties (source = supplier, target = buyer); an absent
#: column is no evidence.
VALUE_CHAIN_COLUMNS: tuple[str, ...] = (
    "market",
    "spec_setter",
    "buyer_monitors",
    "buyer_share",
    "ownership_link",
    "intermediary",
)
#: The comparisons a governance rule's condition may use (``{ ">=" = 0.5 }`` in a study
#: file; ``{">=": 0.5}`` from Python): checked by the study file and by the metrics alike.
RULE_OPERATORS: tuple[str, ...] = ("==", "!=", ">=", ">", "<=", "<", "in")
#: Governance types of each scheme: Humphrey & Schmitz (2002) and Gereffi, Humphrey &
#: Sturgeon (2005). A stated ``governance`` column holds any of them.
GOVERNANCE_SCHEMES: dict[str, tuple[str, ...]] = {
    "humphrey_schmitz": ("market", "network", "quasi_hierarchy", "hierarchy"),
    "gereffi": ("market", "modular", "relational", "captive", "hierarchy"),
}
#: Kinds of upgrading (Humphrey & Schmitz 2002).
UPGRADING_KINDS: tuple[str, ...] = ("process", "product", "functional", "intersectoral")
#: Columns of :attr:`tramas.graph.Network.upgrading`: per actor and wave (``""`` = any
#: wave), each kind of upgrading (1.0 yes, 0.0 no, an ordinal score >= 0, NaN missing) and
#: the functions the firm performs (``;``-separated keys).
UPGRADING_COLUMNS: tuple[str, ...] = (
    "id",
    "wave",
    *(f"upgrading_{k}" for k in UPGRADING_KINDS),
    "functions",
)
#: Functions a firm may perform (any other label is kept as written, normalised).
FUNCTIONS: tuple[str, ...] = (
    "design",
    "marketing",
    "own_brand",
    "r_and_d",
    "production",
    "logistics",
    "sales",
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
    command's language (``--lang``, ``TRAMAS_LANG``), else English.

    ``governance`` holds the study's ``[governance]`` block (keys ``relation``: the
    value-chain relation, ``""`` for none; ``scheme``; ``markets``: extra market labels;
    ``rules``: a list of ``{"when": {column: value}, "then": label}``) and ``diagnosis``
    its ``[diagnosis]`` block (key ``thresholds``: name -> number). Both are empty for a
    network built without a study file; treat them as read-only.

    Examples
    --------
    >>> StudyInfo(key="x").governance
    {}
    """

    key: str = "study"
    title: str = ""
    lang: str = ""
    waves: tuple[str, ...] = ()
    description: str = ""
    #: GeoJSON polygons drawn under geographic maps (``[study] basemap``), or None
    #: (how the study is drawn, not what it holds: left out of comparisons and of Neo4j)
    basemap: Path | None = field(default=None, compare=False)
    governance: dict[str, Any] = field(default_factory=dict, hash=False, compare=False)
    diagnosis: dict[str, Any] = field(default_factory=dict, hash=False, compare=False)
