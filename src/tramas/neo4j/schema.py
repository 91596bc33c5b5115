"""The Neo4j graph model of tramas: labels, relationship types and schema, as a whitelist.

Labels and relationship types cannot be Cypher parameters, so they are the only things
tramas writes into Cypher text -- and only from this module: kind labels from the fixed
:data:`KIND_LABELS` map, role labels from :data:`ROLE_LABELS`, and relationship types
derived from a study's relation names by :func:`relationship_type`, which validates them.
Every value (ids, names, attributes, weights, evidence quotes) travels as a parameter.
Property keys travel inside parameter maps (``SET n += $map``), never in Cypher text.

Several studies share one database (Neo4j Community has a single user database): every
node and relationship carries the study key in its ``study`` property, and every
constraint includes it. See ``docs/graph-model.md``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from tramas.exceptions import StoreError
from tramas.graph.model import Relation

__all__ = [
    "ACTOR_LABEL",
    "COMMUNITY_LABEL",
    "EXTERNAL_LABEL",
    "KIND_LABELS",
    "LOCK_LABEL",
    "MODEL_TYPES",
    "RELATION_LABEL",
    "RESERVED_ACTOR_KEYS",
    "RESERVED_TIE_KEYS",
    "ROLE_LABELS",
    "SCHEMA",
    "STUDY_LABEL",
    "WAVE_LABEL",
    "actor_key_hint",
    "check_study_key",
    "label",
    "relationship_type",
    "relationship_types",
    "type_clause",
]

ACTOR_LABEL = "Actor"
EXTERNAL_LABEL = "External"
STUDY_LABEL = "Study"
WAVE_LABEL = "Wave"
RELATION_LABEL = "Relation"
COMMUNITY_LABEL = "Community"
#: The lock a load holds on its study (:mod:`tramas.neo4j.lock`).
LOCK_LABEL = "TramasLock"

#: Actor ``kind`` -> extra label. ``other`` gets none (the actor is only ``:Actor``).
KIND_LABELS: dict[str, str] = {
    "firm": "Firm",
    "government": "Government",
    "research": "Research",
    "finance": "Finance",
    "association": "Association",
}

#: Roles written back after analysis -> label.
ROLE_LABELS: dict[str, str] = {
    "lead_firm": "LeadFirm",
    "gatekeeper": "Gatekeeper",
    "isolated_sme": "IsolatedSME",
}

#: Relationship types of the model itself; no relation may map onto them.
MODEL_TYPES: tuple[str, ...] = ("MEMBER_OF", "HAS_WAVE", "HAS_RELATION")

_LABELS: frozenset[str] = frozenset(
    {
        ACTOR_LABEL,
        EXTERNAL_LABEL,
        STUDY_LABEL,
        WAVE_LABEL,
        RELATION_LABEL,
        COMMUNITY_LABEL,
        LOCK_LABEL,
        *KIND_LABELS.values(),
        *ROLE_LABELS.values(),
    }
)

#: Node properties the store owns; actor attributes may not use these names.
RESERVED_ACTOR_KEYS: frozenset[str] = frozenset({"study", "id", "seq"})
#: Relationship properties the store owns; tie attributes may not use these names.
RESERVED_TIE_KEYS: frozenset[str] = frozenset({"study", "seq", "source", "target", "relation"})

_TYPE_RE = re.compile(r"^[A-Z][A-Z0-9_]{0,39}$")
_STUDY_RE = re.compile(r"^[A-Za-z0-9_.-]{1,64}$")

#: Constraints and indexes, created idempotently (``IF NOT EXISTS``) before every load.
#: Neo4j Community supports uniqueness constraints on several properties, so the study key
#: is part of every key: (study, id) for actors, (study, label) for waves, and so on.
SCHEMA: tuple[str, ...] = (
    "CREATE CONSTRAINT tramas_study_key IF NOT EXISTS FOR (s:Study) REQUIRE s.key IS UNIQUE",
    "CREATE CONSTRAINT tramas_actor_key IF NOT EXISTS "
    "FOR (a:Actor) REQUIRE (a.study, a.id) IS UNIQUE",
    "CREATE CONSTRAINT tramas_wave_key IF NOT EXISTS "
    "FOR (w:Wave) REQUIRE (w.study, w.label) IS UNIQUE",
    "CREATE CONSTRAINT tramas_relation_key IF NOT EXISTS "
    "FOR (r:Relation) REQUIRE (r.study, r.name) IS UNIQUE",
    "CREATE CONSTRAINT tramas_community_key IF NOT EXISTS "
    "FOR (c:Community) REQUIRE (c.study, c.community) IS UNIQUE",
    "CREATE CONSTRAINT tramas_lock_study IF NOT EXISTS "
    "FOR (l:TramasLock) REQUIRE l.study IS UNIQUE",
    "CREATE INDEX tramas_actor_study IF NOT EXISTS FOR (a:Actor) ON (a.study)",
    "CREATE INDEX tramas_actor_name IF NOT EXISTS FOR (a:Actor) ON (a.name)",
)


def actor_key_hint(var: str) -> str:
    """A planner hint that looks an actor up by its (study, id) key constraint.

    When the id comes from a row of an ``UNWIND`` (``MATCH (a:Actor {study: $study, id:
    row.id})``), Neo4j 5's planner prefers the single-property index on ``study`` and
    filters every actor of the study by id -- one scan of the study per row, quadratic
    in a large study. The hint makes it seek the unique (study, id) index instead.

    >>> actor_key_hint("a")
    'USING INDEX a:`Actor`(study, id)'
    """
    if not var.isidentifier():
        raise StoreError(
            f"invalid Cypher variable {var!r}", code="cypher_variable", values={"name": var}
        )
    return f"USING INDEX {var}:{label(ACTOR_LABEL)}(study, id)"


def label(name: str) -> str:
    """A label of the model, back-quoted for Cypher text; anything else is refused.

    >>> label("Firm")
    '`Firm`'
    """
    if name not in _LABELS:
        raise StoreError(
            f"label {name!r} is not part of the tramas graph model",
            code="graph_label",
            values={"name": name},
        )
    return f"`{name}`"


def relationship_type(relation: str) -> str:
    """The Neo4j relationship type of a relation name: upper case, validated.

    Parameters
    ----------
    relation:
        A relation name of the study (``knowledge``, ``cooperation``, ``trade``, ...).

    Returns
    -------
    str
        ``KNOWLEDGE``, ``COOPERATION``, ``TRADE``, ... matching ``^[A-Z][A-Z0-9_]{0,39}$``
        and not one of the model's own types (:data:`MODEL_TYPES`).

    Examples
    --------
    >>> relationship_type("knowledge")
    'KNOWLEDGE'
    >>> relationship_type("joint_export")
    'JOINT_EXPORT'
    """
    rel_type = str(relation).strip().upper()
    if not _TYPE_RE.match(rel_type):
        raise StoreError(
            f"relation {relation!r} cannot be a Neo4j relationship type",
            hint="relation names are a letter followed by letters, digits or '_' (at most 40)",
            code="relation_type_invalid",
            values={"relation": relation},
        )
    if rel_type in MODEL_TYPES:
        raise StoreError(
            f"relation {relation!r} collides with the graph model's own type {rel_type}",
            hint="rename the relation in the study file",
            code="relation_type_reserved",
            values={"relation": relation, "type": rel_type},
        )
    return rel_type


def relationship_types(relations: Mapping[str, Relation] | Iterable[str]) -> dict[str, str]:
    """Relation name -> relationship type for every relation of a study (validated, distinct)."""
    names = list(relations)
    types = {name: relationship_type(name) for name in names}
    seen: dict[str, str] = {}
    for name, rel_type in types.items():
        if rel_type in seen:
            raise StoreError(
                f"relations {seen[rel_type]!r} and {name!r} both map to type {rel_type}",
                hint="relation names must differ in more than letter case",
                code="relation_type_clash",
                values={"a": seen[rel_type], "b": name, "type": rel_type},
            )
        seen[rel_type] = name
    return types


def check_study_key(key: str) -> str:
    """Validate a study key (letters, digits, ``-``, ``_``, ``.``; at most 64)."""
    if not isinstance(key, str) or not _STUDY_RE.match(key):
        raise StoreError(
            f"invalid study key {key!r}",
            hint="study keys are letters, digits, '-', '_' or '.' (at most 64)",
            code="study_key_invalid",
            values={"study_key": key},
        )
    return key


def type_clause(rel_type: str) -> str:
    """A validated relationship type back-quoted for Cypher text."""
    if not _TYPE_RE.match(rel_type) or rel_type in MODEL_TYPES:
        raise StoreError(
            f"relationship type {rel_type!r} is not allowed",
            code="relation_type_not_allowed",
            values={"type": rel_type},
        )
    return f"`{rel_type}`"
