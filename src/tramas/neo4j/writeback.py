"""Writing an analysis back onto a study in Neo4j, so Cypher can ask policy questions of it.

After ``tramas analyze --neo4j KEY --write-back`` the graph holds:

* every actor measure of :class:`~tramas.metrics.analysis.AnalysisResult` (``degree``,
  ``betweenness``, ``community``, ``lead_firm_score``, ``cognitive_role`` ...) as a property
  of its ``:Actor`` node, with the reason codes (``lead_firm_reason_code``,
  ``role_reason_code``, ``sme_reason_code``) and the reasons worded
  in the study's language at write time (``lead_firm_reason``, ``role_reason``,
  ``sme_reason``, by :func:`tramas.locale.reasons.reason_texts`) for the named queries;
* one ``:Community`` node per sub-cluster (``community``, ``size``, ``density`` ...) and a
  ``MEMBER_OF`` relationship (with the member's ``stability``) from each actor;
* role labels: ``:LeadFirm`` (the firms the analysis marks ``lead_firm``, or the first
  ``lead_firms`` by ``lead_firm_rank``), ``:Gatekeeper`` (cognitive role ``gatekeeper``,
  Giuliani & Bell 2005) and ``:IsolatedSME`` (``sme_status`` ``isolated``);
* on the ``:Study`` node: ``analysed_at``, ``measure_columns`` and ``analysis`` (the
  parameters of the run, JSON).

Everything runs in one transaction, and first removes what an earlier write-back left
(its measure properties, role labels and communities), so re-running replaces the
previous analysis instead of mixing with it.

References
----------
Giuliani, E. & Bell, M. (2005). The micro-determinants of meso-level learning and
innovation: evidence from a Chilean wine cluster. *Research Policy* 34(1), 47-68.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import pandas as pd

from tramas.exceptions import StoreError
from tramas.neo4j import schema as gm
from tramas.neo4j.prepare import column_values

if TYPE_CHECKING:
    from tramas.neo4j.connection import Connection

__all__ = ["WriteBackResult", "role_members", "write_back"]

_ROLES = ":".join(gm.label(lab) for lab in gm.ROLE_LABELS.values())
_ACTOR_KEY_HINT = gm.actor_key_hint("a")


@dataclass(frozen=True)
class WriteBackResult:
    """What a write-back stored.

    Attributes
    ----------
    study:
        Study key.
    actors:
        Actors that received measures.
    measures:
        The measure properties written.
    communities:
        ``:Community`` nodes created.
    roles:
        Actors per role label (``LeadFirm``, ``Gatekeeper``, ``IsolatedSME``).
    """

    study: str
    actors: int
    measures: tuple[str, ...]
    communities: int
    roles: dict[str, int]


def role_members(actors: pd.DataFrame, *, lead_firms: int | None = None) -> dict[str, list[str]]:
    """Actor ids per role label, by the rules of this module (see the module notes).

    Parameters
    ----------
    actors:
        ``AnalysisResult.actors``.
    lead_firms:
        Label the first ``lead_firms`` ranked firms ``:LeadFirm`` instead of those the
        analysis marked ``lead_firm``.
    """
    ids = actors.index.astype(str)
    if lead_firms is not None:
        rank = pd.to_numeric(actors.get("lead_firm_rank"), errors="coerce")
        lead = (rank >= 1) & (rank <= lead_firms)
    else:
        lead = actors.get("lead_firm", pd.Series(False, index=actors.index)).fillna(False)
    gate = actors.get("cognitive_role", pd.Series("", index=actors.index)) == "gatekeeper"
    iso = actors.get("sme_status", pd.Series("", index=actors.index)) == "isolated"
    return {
        gm.ROLE_LABELS["lead_firm"]: list(ids[lead.astype(bool).to_numpy()]),
        gm.ROLE_LABELS["gatekeeper"]: list(ids[gate.to_numpy()]),
        gm.ROLE_LABELS["isolated_sme"]: list(ids[iso.to_numpy()]),
    }


def write_back(
    connection: Connection, study: str, result: Any, *, lead_firms: int | None = None
) -> WriteBackResult:
    """Store an analysis on a loaded study (replacing any earlier one).

    Parameters
    ----------
    connection:
        The connection.
    study:
        Key of a study loaded with ``tramas db load``.
    result:
        An :class:`~tramas.metrics.analysis.AnalysisResult` of that study.
    lead_firms:
        See :func:`role_members`.

    Returns
    -------
    WriteBackResult
    """
    from tramas.locale.reasons import REASON_COLUMNS, reason_texts
    from tramas.metrics.analysis import EXTRA_COLUMNS, MEASURE_COLUMNS

    gm.check_study_key(study)
    rows = connection.execute(
        "MATCH (s:Study {key: $study}) "
        "RETURN s.actor_columns AS actor_columns, s.measure_columns AS measure_columns, "
        "s.lang AS lang",
        {"study": study},
    ).rows
    if not rows:
        raise StoreError(
            f"no study {study!r} in Neo4j at {connection.uri}",
            hint="load it first: tramas db load --study study.toml",
            code="writeback_no_study",
            values={"study": study, "uri": connection.uri},
        )
    attributes = {entry[0] for entry in json.loads(rows[0]["actor_columns"] or "[]")}
    previous = json.loads(rows[0]["measure_columns"] or "[]")
    actors = result.actors
    if "lead_firm_reason_code" in actors.columns:
        # the reasons in words, in the study's language, beside their codes
        lang = rows[0]["lang"] or getattr(result, "parameters", {}).get("lang") or "en"
        words = reason_texts(result, lang)
        actors = actors.assign(**{c: words[c] for c in REASON_COLUMNS})
    worded = [c for c in REASON_COLUMNS if c in actors.columns]
    measures = [c for c in (*MEASURE_COLUMNS, *EXTRA_COLUMNS, *worded) if c in actors.columns]
    clash = sorted(attributes.intersection(measures))
    if clash:
        raise StoreError(
            f"measure(s) {clash} would overwrite actor attributes of the same name",
            hint="rename these columns in the actors table",
            code="writeback_clash",
            values={"names": str(clash)},
        )
    ids = [str(i) for i in actors.index]
    known = {
        r["id"]
        for r in connection.execute(
            "MATCH (a:Actor {study: $study}) WHERE a.id IN $ids RETURN a.id AS id",
            {"study": study, "ids": ids},
        ).rows
    }
    unknown = [i for i in ids if i not in known]
    if unknown:
        raise StoreError(
            f"{len(unknown)} analysed actor(s) are not in study {study!r}: {unknown[:5]}",
            hint="analyse the network pulled from this study (tramas analyze --neo4j KEY)",
            code="writeback_unknown_actors",
            values={"n": len(unknown), "study": study, "ids": str(unknown[:5])},
        )
    values = {c: column_values(actors[c]) for c in measures}
    actor_rows = [{"id": a, "m": {c: values[c][i] for c in measures}} for i, a in enumerate(ids)]
    communities = _community_rows(result)
    members = []
    if "community" in actors.columns:
        stability = (
            column_values(actors["community_stability"])
            if "community_stability" in actors.columns
            else [None] * len(ids)
        )
        members = [
            {"id": a, "community": int(c), "stability": s}
            for a, c, s in zip(ids, actors["community"].tolist(), stability, strict=True)
            if pd.notna(c)
        ]
    roles = role_members(actors, lead_firms=lead_firms)
    params = {"study": study}
    statements: list[tuple[str, dict[str, Any]]] = [
        (
            f"MATCH (a:Actor {{study: $study}}) SET a += $nulls REMOVE a:{_ROLES}",
            {**params, "nulls": dict.fromkeys(set(previous) | set(measures))},
        ),
        ("MATCH (c:Community {study: $study}) DETACH DELETE c", params),
        (
            "UNWIND $rows AS row MATCH (a:Actor {study: $study, id: row.id}) "
            f"{_ACTOR_KEY_HINT} SET a += row.m",
            {**params, "rows": actor_rows},
        ),
        (
            "UNWIND $rows AS row CREATE (c:Community {study: $study, community: row.community}) "
            "SET c += row.p",
            {**params, "rows": communities},
        ),
        (
            "UNWIND $rows AS row "
            f"MATCH (a:Actor {{study: $study, id: row.id}}) {_ACTOR_KEY_HINT} "
            "MERGE (c:Community {study: $study, community: row.community}) "
            "CREATE (a)-[:MEMBER_OF {study: $study, stability: row.stability}]->(c)",
            {**params, "rows": members},
        ),
    ]
    for role, role_ids in roles.items():
        statements.append(
            (
                f"MATCH (a:Actor {{study: $study}}) WHERE a.id IN $ids SET a:{gm.label(role)}",
                {**params, "ids": role_ids},
            )
        )
    statements.append(
        (
            "MATCH (s:Study {key: $study}) SET s.analysed_at = datetime(), "
            "s.measure_columns = $measures, s.analysis = $analysis",
            {
                **params,
                "measures": json.dumps(measures),
                "analysis": json.dumps(
                    getattr(result, "parameters", {}), default=str, ensure_ascii=False
                ),
            },
        )
    )
    connection.write_batch(statements)
    return WriteBackResult(
        study=study,
        actors=len(ids),
        measures=tuple(measures),
        communities=len({m["community"] for m in members} | {c["community"] for c in communities}),
        roles={role: len(v) for role, v in roles.items()},
    )


def _community_rows(result: Any) -> list[dict[str, Any]]:
    table = getattr(result, "communities", None)
    if table is None or len(table) == 0 or "community" not in table.columns:
        return []
    props = [c for c in table.columns if c != "community"]
    values = {c: column_values(table[c]) for c in props}
    return [
        {"community": int(c), "p": {k: values[k][i] for k in props}}
        for i, c in enumerate(table["community"].tolist())
    ]
