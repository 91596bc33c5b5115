"""What every export format writes: one table of actors and one of ties, typed.

:func:`export_tables` turns a :class:`~tramas.graph.Network` (and optionally the
measures of an analysis) into the two tables each writer reads, so that every format
carries the same actors, ties and attributes:

Actors
    Every actor of the network (isolates included), indexed by the id the file uses
    (the actor id, or its anonymous code), with ``label`` (the name, else the id) and
    every other actor attribute, then the measures given.
Ties
    One row per canonical tie of the selected relations and wave(s): ``source``,
    ``target``, ``relation``, ``wave``, ``weight``, ``directed`` (whether the tie's
    relation has a direction) and every other tie column. Ties of different relations
    between the same pair stay separate rows; so do the two reports of a tie without
    direction and the same tie in two waves.
Anonymised
    Ids become :func:`tramas.graph.anonymize.anonymize_ids` codes (``reported_by``
    too), and what names or places an actor (name, aliases, municipality, coordinates)
    or quotes a respondent (evidence, source file) is left out, as in anonymised maps.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from tramas.graph.anonymize import anonymize_ids
from tramas.graph.network import Network
from tramas.output import json_safe

__all__ = [
    "ANONYMOUS_DROPPED_ACTORS",
    "ANONYMOUS_DROPPED_TIES",
    "ExportTables",
    "attribute_type",
    "export_tables",
    "plain_value",
    "xml_text",
]

#: Actor columns an anonymised export leaves out (they name or place an actor).
ANONYMOUS_DROPPED_ACTORS: tuple[str, ...] = ("name", "aliases", "municipality", "lat", "lon")
#: Tie columns an anonymised export leaves out (free text and local file paths).
ANONYMOUS_DROPPED_TIES: tuple[str, ...] = ("evidence", "source_file")
#: The columns every tie row starts with, in order.
TIE_HEAD: tuple[str, ...] = ("source", "target", "relation", "wave", "weight", "directed")


@dataclass(frozen=True)
class ExportTables:
    """The actors and ties an export writes, and what the study says about them.

    Attributes
    ----------
    actors:
        Indexed by the exported id; ``label`` first, then attributes and measures.
    ties:
        :data:`TIE_HEAD` then every other tie attribute; ``source``/``target`` are
        exported ids.
    relations:
        Relation name → :class:`~tramas.graph.model.Relation`, in the study's order,
        only those selected.
    waves:
        The waves the ties come from, in order (empty for a network without waves).
    codes:
        Actor id → exported id (the identity unless anonymised).
    study:
        The study's key, title and language.
    """

    actors: pd.DataFrame
    ties: pd.DataFrame
    relations: dict[str, Any]
    waves: tuple[str, ...]
    codes: dict[str, str]
    study: Any
    anonymized: bool = False
    graph: dict[str, Any] = field(default_factory=dict)

    @property
    def directed(self) -> bool:
        """Whether any selected relation has a direction (the file's graph is directed)."""
        return any(r.directed for r in self.relations.values())


def export_tables(
    network: Network,
    *,
    relation: str | Sequence[str] | None = None,
    wave: str | None = "all",
    measures: pd.DataFrame | None = None,
    anonymize: bool = False,
    anon_key: str | None = None,
) -> ExportTables:
    """The actor and tie tables of an export (see the module notes).

    ``wave`` ``"all"`` (default) keeps every wave, ``None`` the latest, else one label
    (checked by :meth:`~tramas.graph.Network.select_wave`); ``relation`` ``None`` keeps
    every relation (checked by :meth:`~tramas.graph.Network.select_relations`).
    """
    rels = network.select_relations(relation)
    label = network.select_wave(wave)
    ties = network.select_ties(rels, "all" if label is None else label)
    actors = network.actors.copy()
    codes = (
        anonymize_ids(network.actors, key=network.study.key if anon_key is None else anon_key)
        if anonymize
        else {str(i): str(i) for i in actors.index}
    )
    names = (
        actors["name"].astype(object)
        if "name" in actors
        else pd.Series(np.nan, index=actors.index, dtype=object)
    )
    if anonymize:
        labels = [codes[str(i)] for i in actors.index]
        actors = actors.drop(columns=[c for c in ANONYMOUS_DROPPED_ACTORS if c in actors])
    else:
        labels = [
            str(n) if isinstance(n, str) and n.strip() else str(i)
            for i, n in zip(actors.index, names, strict=True)
        ]
        actors = actors.drop(columns=["name"], errors="ignore")
    actors.insert(0, "label", labels)
    if measures is not None and len(measures.columns):
        extra = measures.copy()
        extra.index = extra.index.astype(str)
        extra = extra.drop(columns=[c for c in extra.columns if c in ("label", "name")])
        clash = [c for c in extra.columns if c in actors.columns]
        actors = actors.drop(columns=clash).join(extra.reindex(actors.index))
    actors.index = pd.Index([codes[str(i)] for i in actors.index], name="id")

    ties = ties.copy()
    directed = {name: network.relations[name].directed for name in rels}
    ties["directed"] = ties["relation"].map(directed).astype(bool)
    for col in ("source", "target", "reported_by"):
        if col in ties:
            ties[col] = ties[col].map(
                lambda v: codes.get(str(v), str(v)) if isinstance(v, str) else v
            )
    if anonymize:
        ties = ties.drop(columns=[c for c in ANONYMOUS_DROPPED_TIES if c in ties])
    ties["wave"] = ties["wave"].astype("string")
    ties["weight"] = pd.to_numeric(ties["weight"], errors="coerce").fillna(1.0).astype(float)
    ties = ties[[*TIE_HEAD, *(c for c in ties.columns if c not in TIE_HEAD)]]
    ties = ties.reset_index(drop=True)
    if label is None:
        present = set(ties["wave"].dropna())
        waves = tuple(w for w in network.waves if w in present)
    else:
        waves = (label,)
    study = network.study
    graph = {
        "study": study.key,
        "title": study.title,
        "relations": ", ".join(rels),
        "waves": ", ".join(waves),
        "anonymized": bool(anonymize),
    }
    return ExportTables(
        actors=actors,
        ties=ties,
        relations={name: network.relations[name] for name in rels},
        waves=waves,
        codes=codes,
        study=study,
        anonymized=bool(anonymize),
        graph=graph,
    )


# ---------------------------------------------------------------- values and types
def attribute_type(values: pd.Series) -> str:
    """``boolean``, ``long``, ``double`` or ``string``: the type of a column as the XML
    formats declare it (text columns holding only numbers stay text: ``founded``
    written ``"1979"`` is kept as written)."""
    dtype = values.dtype
    if pd.api.types.is_bool_dtype(dtype):
        return "boolean"
    if pd.api.types.is_integer_dtype(dtype):
        return "long"
    if pd.api.types.is_float_dtype(dtype):
        return "double"
    present = values.dropna()
    if len(present) and all(isinstance(v, bool | np.bool_) for v in present):
        return "boolean"
    return "string"


def plain_value(value: Any) -> Any:
    """A cell as a plain Python value: ``None`` for missing, numpy scalars to Python
    (:func:`tramas.output.json_safe` of a scalar)."""
    return json_safe(value)


_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def xml_text(value: Any) -> str:
    """Text for an XML file: the characters XML 1.0 cannot hold (control characters
    other than tab, line feed and carriage return) dropped."""
    return _NOT_XML.sub("", str(value))


def one_line(value: Any) -> str:
    """A label for the line-based formats (Pajek, DL), which cannot escape anything:
    line breaks and tabs become spaces and ``"`` becomes ``'``."""
    text = re.sub(r"[\r\n\t]+", " ", xml_text(value))
    return text.replace('"', "'")
