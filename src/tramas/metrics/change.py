"""Change between survey waves: new, dissolved and stable ties, and who moved.

Cluster initiatives are judged by how the network changes between waves (Giuliani &
Pietrobelli 2016): did firms that did not cooperate start to,
did sub-clusters get connected, which actors gained or lost centrality, who entered or
left the cluster's networks. :func:`compare_waves` answers these per relation and writes
``tie_changes.csv`` and ``summary.json`` for the report and the maps.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from tramas.exceptions import TramasError
from tramas.graph.network import Network, NetworkView

__all__ = ["STATUSES", "WaveComparison", "baseline_partition", "compare_waves", "tie_changes"]

#: Tie statuses in ``tie_changes``.
STATUSES: tuple[str, ...] = ("new", "dissolved", "stable")

#: Actor measures compared between waves -> column of :func:`tramas.metrics.analysis.analyze`.
MEASURE_SOURCES: dict[str, str] = {
    "degree": "degree",
    "betweenness": "betweenness_norm",
    "pagerank": "pagerank",
}
MEASURES: tuple[str, ...] = tuple(MEASURE_SOURCES)
#: What the summary keeps of each relation's QAP correlation between the waves.
_QAP_KEYS = ("correlation", "p_two_sided", "p_greater", "p_less", "permutations", "seed", "n_dyads")
#: Roles compared between waves (columns of the analysis' actor table).
ROLE_COLUMNS: tuple[str, ...] = ("cognitive_role", "lead_firm")


@dataclass(frozen=True)
class WaveComparison:
    """Two waves of a network compared, relation by relation.

    Attributes
    ----------
    wave_a, wave_b:
        The earlier (baseline) and later wave labels.
    relations:
        Relations compared.
    tie_changes:
        One row per tie present in either wave: ``source``, ``target``, ``relation``,
        ``status`` (``new`` / ``dissolved`` / ``stable``), ``weight_a``, ``weight_b`` and
        ``bridge`` (a new tie between actors of different baseline communities).
        Undirected relations list each pair once, ``source < target``.
    actor_changes:
        One row per actor with ties in either wave: degree, betweenness and PageRank in
        both waves and their change, the cognitive role and lead-firm status in both waves
        (``*_changed``), ``entered``/``left`` flags and a ``change_score``; largest first.
    summary:
        JSON-safe dictionary with the per-relation counts, Jaccard similarities, QAP
        correlations between the waves, entering and leaving actors, new bridges,
        network-level figures side by side and the actors that changed most.
    baseline:
        Sub-cluster of each actor in the baseline wave, numbered as the analysis of that
        wave numbers them (:func:`baseline_partition`); actors in no sub-cluster are
        absent. What a change map colours, whatever grouping defined the bridges.
    """

    wave_a: str
    wave_b: str
    relations: tuple[str, ...]
    tie_changes: pd.DataFrame = field(compare=False, repr=False)
    actor_changes: pd.DataFrame = field(compare=False, repr=False)
    summary: dict[str, Any] = field(compare=False, repr=False)
    baseline: pd.Series | None = field(default=None, compare=False, repr=False)

    def write(self, out_dir: str | Path) -> list[Path]:
        """Write ``tie_changes.csv``, ``actor_changes.csv`` and ``summary.json`` into ``out_dir``."""
        out = Path(out_dir)
        out.mkdir(parents=True, exist_ok=True)
        paths = [out / "tie_changes.csv", out / "actor_changes.csv", out / "summary.json"]
        self.tie_changes.to_csv(paths[0], index=False, encoding="utf-8")
        self.actor_changes.to_csv(paths[1], index=True, encoding="utf-8")
        paths[2].write_text(
            json.dumps(self.summary, ensure_ascii=False, indent=2, allow_nan=False) + "\n",
            encoding="utf-8",
        )
        return paths


def tie_changes(
    network: Network,
    wave_a: str,
    wave_b: str,
    *,
    relations: Sequence[str] | str | None = None,
    internal_only: bool = False,
) -> pd.DataFrame:
    """New, dissolved and stable ties of each relation between two waves.

    A tie's identity is its relation and its ordered pair (directed relations) or
    unordered pair (undirected relations), as seen in ``network.view(relation, wave=...)``
    — so undirected relations are first combined by their ``symmetrize`` rule.

    Returns
    -------
    pandas.DataFrame
        ``source``, ``target``, ``relation``, ``status``, ``weight_a``, ``weight_b``;
        ordered by relation, status (new, dissolved, stable), source, target.

    Examples
    --------
    >>> ties = pd.DataFrame({"source": ["a", "b", "a", "c"], "target": ["b", "c", "b", "a"],
    ...                      "relation": "advice", "wave": ["1", "1", "2", "2"]})
    >>> net = Network(actors=pd.DataFrame(index=["a", "b", "c"]), ties=ties)
    >>> tie_changes(net, "1", "2")[["source", "target", "status"]].values.tolist()
    [['c', 'a', 'new'], ['b', 'c', 'dissolved'], ['a', 'b', 'stable']]
    """
    rels = _relations(network, relations)
    _check_waves(network, wave_a, wave_b)
    frames = []
    for rel in rels:
        a = _edge_table(network.view(rel, wave=wave_a, internal_only=internal_only))
        b = _edge_table(network.view(rel, wave=wave_b, internal_only=internal_only))
        merged = a.merge(b, on=["source", "target"], how="outer", suffixes=("_a", "_b"))
        status = np.where(
            merged["weight_a"].isna(),
            "new",
            np.where(merged["weight_b"].isna(), "dissolved", "stable"),
        )
        merged.insert(2, "relation", rel)
        merged.insert(3, "status", status)
        frames.append(merged)
    out = (
        pd.concat(frames, ignore_index=True)
        if frames
        else pd.DataFrame(
            columns=["source", "target", "relation", "status", "weight_a", "weight_b"]
        )
    )
    order = {s: i for i, s in enumerate(STATUSES)}
    rel_order = {r: i for i, r in enumerate(rels)}
    out = out.sort_values(
        ["relation", "status", "source", "target"],
        key=lambda s: (
            s.map(rel_order)
            if s.name == "relation"
            else (s.map(order) if s.name == "status" else s)
        ),
        kind="mergesort",
    ).reset_index(drop=True)
    return out[["source", "target", "relation", "status", "weight_a", "weight_b"]]


def compare_waves(
    network: Network,
    wave_a: str,
    wave_b: str,
    *,
    relations: Sequence[str] | str | None = None,
    internal_only: bool = False,
    communities: pd.Series | None = None,
    permutations: int = 1000,
    seed: int = 42,
    top: int = 10,
) -> WaveComparison:
    """Compare two survey waves: tie changes, similarity, bridges, actors that moved.

    Parameters
    ----------
    network:
        A network with both waves.
    wave_a, wave_b:
        Baseline and later wave labels.
    relations:
        Relations to compare (default all).
    internal_only:
        Compare only the cluster's own actors (drop external buyers, suppliers ...).
    communities:
        Baseline partition for "new bridges" (actor id -> community). Default: the
        sub-clusters the analysis of wave ``a`` finds, every compared relation merged
        (:func:`baseline_partition`), numbered as that analysis numbers them. Pass e.g.
        an actor attribute (``network.actors["municipality"]``) to use another grouping.
    permutations, seed:
        QAP permutations for the correlation of each relation's two waves, and the seed
        used by QAP and community detection.
    top:
        How many actors to list in ``summary["actor_changes"]``.

    Returns
    -------
    WaveComparison

    Notes
    -----
    * **Jaccard similarity** of a relation: ``|stable| / |new + dissolved + stable|``
      (share of all ties present in either wave that are present in both).
    * **QAP correlation** between the waves: Pearson correlation of the binary adjacency
      matrices (off-diagonal; upper triangle for undirected relations) with a permutation
      p-value (:func:`tramas.metrics.qap.qap_correlation`).
    * **Entering / leaving** actors: actors with ties (of any compared relation) only in the
      later / only in the earlier wave.
    * **New bridges**: new ties whose endpoints sit in different baseline sub-clusters.
      Actors in no baseline sub-cluster (without baseline ties, or alone in their
      community) have none; their ties are not bridges.
    * **Actor changes**: :func:`tramas.metrics.analysis.analyze` runs on each wave (all
      compared relations merged). For degree, normalised betweenness and PageRank the
      absolute change is divided by its largest absolute change over the actors; the
      ``change_score`` sums these shares plus 1 for each role that changed (cognitive role,
      lead-firm status): 0 = unchanged.
    * **Figures**: ``summary["figures"]["by_relation"]`` holds
      :func:`tramas.metrics.figures.network_figures` of each relation in both waves and
      ``["all_relations"]`` the figures of the two analyses, each as ``{"a", "b",
      "change"}`` (nested figures flattened to ``figure.key``; numeric ones only).

    A tie missing in one wave can also mean its reporter did not answer in that wave:
    ``summary["relations"][r]["reporters_a"/"reporters_b"]`` count the actors who reported
    ties of the relation in each wave.

    References
    ----------
    Giuliani, E. & Pietrobelli, C. (2016). Social network analysis for evaluating cluster
    development programs. In *The Impact Evaluation of Cluster Development Programs*, IDB.
    Krackhardt, D. (1987). QAP partialling as a test of spuriousness. *Social Networks* 9.
    """
    from tramas.metrics.qap import qap_correlation

    rels = _relations(network, relations)
    _check_waves(network, wave_a, wave_b)
    wave_a, wave_b = str(wave_a), str(wave_b)
    changes = tie_changes(network, wave_a, wave_b, relations=rels, internal_only=internal_only)

    # ------------------------------------------------------------ per relation
    per_relation: dict[str, Any] = {}
    for rel in rels:
        part = changes[changes["relation"] == rel]
        counts = part["status"].value_counts()
        n_new, n_dis, n_stable = (int(counts.get(s, 0)) for s in STATUSES)
        union = n_new + n_dis + n_stable
        view_a = network.view(rel, wave=wave_a, internal_only=internal_only, weight=None)
        view_b = network.view(rel, wave=wave_b, internal_only=internal_only, weight=None)
        try:
            test = qap_correlation(view_a, view_b, permutations=permutations, seed=seed)
            qap = {k: v for k, v in test.to_dict().items() if k in _QAP_KEYS}
        except TramasError as exc:
            qap = {"correlation": None, "note": exc.message}
        per_relation[rel] = {
            "directed": bool(network.relations[rel].directed),
            "ties_a": n_dis + n_stable,
            "ties_b": n_new + n_stable,
            "new": n_new,
            "dissolved": n_dis,
            "stable": n_stable,
            "jaccard": (n_stable / union) if union else None,
            "reporters_a": _reporters(network, rel, wave_a),
            "reporters_b": _reporters(network, rel, wave_b),
            "qap": qap,
        }
    totals = changes["status"].value_counts()
    all_union = len(changes)
    overall = {
        "new": int(totals.get("new", 0)),
        "dissolved": int(totals.get("dissolved", 0)),
        "stable": int(totals.get("stable", 0)),
        "jaccard": int(totals.get("stable", 0)) / all_union if all_union else None,
    }

    # ------------------------------------------------------------ actors
    active_a = _active(changes, "a")
    active_b = _active(changes, "b")
    entering = sorted(active_b - active_a)
    leaving = sorted(active_a - active_b)
    analyses = [_analysis(network, rels, w, internal_only, seed) for w in (wave_a, wave_b)]
    actor_changes = _actor_changes(analyses[0].actors, analyses[1].actors, active_a, active_b)

    # ------------------------------------------------------------ bridges
    subcluster, partition = baseline_partition(
        network,
        rels,
        wave_a,
        internal_only=internal_only,
        seed=seed,
        analysis=analyses[0],
    )
    membership = subcluster
    if communities is not None:
        membership, partition = _given_partition(communities)
    lookup = membership.to_dict()
    bridge = [
        status == "new" and s in lookup and t in lookup and lookup[s] != lookup[t]
        for s, t, status in zip(
            changes["source"], changes["target"], changes["status"], strict=True
        )
    ]
    changes = changes.assign(bridge=np.asarray(bridge, dtype=bool))
    bridges = changes[changes["bridge"]]
    bridge_rows = [
        {
            "source": s,
            "target": t,
            "relation": r,
            "community_source": _json_scalar(membership.get(s)),
            "community_target": _json_scalar(membership.get(t)),
        }
        for s, t, r in zip(bridges["source"], bridges["target"], bridges["relation"], strict=True)
    ]

    names = network.actors["name"] if "name" in network.actors.columns else pd.Series(dtype=object)
    summary: dict[str, Any] = {
        "study": network.study.key,
        "wave_a": wave_a,
        "wave_b": wave_b,
        "relations": per_relation,
        "all_relations": overall,
        "actors": {
            "active_a": len(active_a),
            "active_b": len(active_b),
            "entering": [_actor_record(a, names) for a in entering],
            "leaving": [_actor_record(a, names) for a in leaving],
        },
        "new_bridges": {"partition": partition, "count": len(bridge_rows), "ties": bridge_rows},
        "figures": {
            "by_relation": _figures_side_by_side(
                network, rels, wave_a, wave_b, internal_only, seed
            ),
            "all_relations": _side_by_side(
                _flatten(analyses[0].figures), _flatten(analyses[1].figures)
            ),
        },
        "actor_changes": _json_records(actor_changes.head(top), names),
        "parameters": {
            "relations": list(rels),
            "internal_only": internal_only,
            "permutations": permutations,
            "seed": seed,
            "measures": list(MEASURES),
            "roles": list(ROLE_COLUMNS),
            "tie_identity": "relation + ordered pair (directed) or unordered pair (undirected)",
        },
    }
    return WaveComparison(
        wave_a=wave_a,
        wave_b=wave_b,
        relations=tuple(rels),
        tie_changes=changes,
        actor_changes=actor_changes,
        summary=_json_safe(summary),
        baseline=subcluster,
    )


# ----------------------------------------------------------------------- pieces
def _edge_table(view: NetworkView) -> pd.DataFrame:
    edges = view.edges()
    if not view.directed and len(edges):
        src, tgt = edges["source"].astype(str), edges["target"].astype(str)
        swap = src > tgt
        edges["source"], edges["target"] = np.where(swap, tgt, src), np.where(swap, src, tgt)
    edges = edges.groupby(["source", "target"], as_index=False, sort=False)["weight"].max()
    return edges[["source", "target", "weight"]]


def _active(changes: pd.DataFrame, wave: str) -> set[str]:
    present = changes["status"] != ("new" if wave == "a" else "dissolved")
    part = changes[present]
    return set(part["source"]) | set(part["target"])


def _reporters(network: Network, relation: str, wave: str) -> int:
    ties = network.select_ties(relation, wave)
    return int(ties["reported_by"].dropna().nunique())


def _analysis(network: Network, rels: list[str], wave: str, internal_only: bool, seed: int):
    """:func:`tramas.metrics.analysis.analyze` of one wave, all compared relations merged."""
    from tramas.metrics.analysis import analyze

    if internal_only:
        view = network.view(rels, wave=wave, internal_only=True)
        return analyze(view, seed=seed, lang=network.study.lang, scale=False)
    return analyze(network, relations=rels, wave=wave, seed=seed, scale=False)


def _actor_changes(
    table_a: pd.DataFrame, table_b: pd.DataFrame, active_a: set[str], active_b: set[str]
) -> pd.DataFrame:
    """Measures and roles of both waves, their change and a change score per actor."""
    active = sorted(active_a | active_b)
    a = table_a.reindex(active)
    b = table_b.reindex(active)
    table = pd.DataFrame(index=pd.Index(active, name="id"))
    score = pd.Series(0.0, index=table.index)
    for measure, column in MEASURE_SOURCES.items():
        va = pd.to_numeric(a[column], errors="coerce").astype(float).fillna(0.0)
        vb = pd.to_numeric(b[column], errors="coerce").astype(float).fillna(0.0)
        change = vb - va
        table[f"{measure}_a"], table[f"{measure}_b"], table[f"{measure}_change"] = va, vb, change
        top = float(change.abs().max()) if len(change) else 0.0
        if top > 0:
            score += change.abs() / top
    for role in ROLE_COLUMNS:
        ra = a[role] if role in a.columns else pd.Series(pd.NA, index=table.index)
        rb = b[role] if role in b.columns else pd.Series(pd.NA, index=table.index)
        table[f"{role}_a"], table[f"{role}_b"] = ra.to_numpy(), rb.to_numpy()
        changed = np.array(
            [_role_text(x) != _role_text(y) for x, y in zip(ra, rb, strict=True)], dtype=bool
        )
        table[f"{role}_changed"] = changed
        score += changed.astype(float)
    table["entered"] = ~table.index.isin(list(active_a))
    table["left"] = ~table.index.isin(list(active_b))
    table["change_score"] = score
    return table.sort_values("change_score", ascending=False, kind="mergesort")


def _role_text(value: Any) -> str:
    try:
        if value is None or pd.isna(value):
            return ""
    except (TypeError, ValueError):
        pass
    return str(value)


def _given_partition(communities: pd.Series) -> tuple[pd.Series, dict[str, Any]]:
    membership = communities.copy()
    membership.index = membership.index.astype(str)
    membership = membership[membership.notna()]
    return membership, {
        "method": "given",
        "name": str(communities.name or "communities"),
        "communities": int(membership.nunique()),
    }


def baseline_partition(
    network: Network,
    relations: Sequence[str],
    wave_a: str,
    *,
    internal_only: bool = False,
    seed: int = 42,
    analysis: Any = None,
) -> tuple[pd.Series, dict[str, Any]]:
    """The baseline sub-clusters of a wave comparison: those the analysis of ``wave_a`` finds.

    Parameters
    ----------
    network:
        The study's network.
    relations:
        The relations compared (merged, as :func:`compare_waves` analyses each wave).
    wave_a:
        The baseline wave.
    internal_only:
        Whether the comparison keeps only the cluster's own actors.
    seed:
        Seed of the community detection.
    analysis:
        The :func:`tramas.metrics.analysis.analyze` result of that wave, if already made
        (its communities are used as they are).

    Returns
    -------
    membership, partition
        Sub-cluster number of each actor in one (:func:`tramas.metrics.communities.subclusters`
        of :func:`tramas.metrics.communities.analysis_communities` — the numbers
        ``tramas analyze --wave A`` gives), actors in none left out; and a JSON-safe
        description: method, wave, relations, parameters, modularity, ``communities``
        (the number of sub-clusters) and ``no_subcluster``.
    """
    from tramas.metrics.communities import analysis_communities

    if analysis is not None:
        found = analysis.community_result
    else:
        # the view analyze() takes for one wave with the compared relations merged
        view = network.view(list(relations), wave=wave_a, internal_only=internal_only)
        found = analysis_communities(view, seed=seed)
    sub = found.subcluster
    membership = sub[sub.notna()].astype(np.int64)
    membership.index = membership.index.astype(str)
    return membership, {
        "method": found.method,
        "wave": wave_a,
        "relations": list(relations),
        "parameters": found.parameters,
        "modularity": found.modularity,
        "communities": int(membership.nunique()),
        "no_subcluster": int(sub.isna().sum()),
    }


def _figures_side_by_side(
    network: Network, rels: list[str], wave_a: str, wave_b: str, internal_only: bool, seed: int
) -> dict[str, Any]:
    """Network-level figures of each wave and their change (from :mod:`tramas.metrics.figures`).

    Nested figures (assortativity and E-I index by attribute, cooperation counts) are
    flattened to ``figure.key``; only numeric figures are compared.
    """
    from tramas.metrics.figures import network_figures

    out: dict[str, Any] = {}
    for rel in rels:
        figs = []
        for wave in (wave_a, wave_b):
            view = network.view(rel, wave=wave, internal_only=internal_only)
            figs.append(_flatten(network_figures(view, network=network, wave=wave, seed=seed)))
        out[rel] = _side_by_side(*figs)
    return out


def _side_by_side(fig_a: dict[str, Any], fig_b: dict[str, Any]) -> dict[str, Any]:
    return {
        key: {
            "a": fig_a.get(key),
            "b": fig_b.get(key),
            "change": _diff(fig_a.get(key), fig_b.get(key)),
        }
        for key in dict.fromkeys([*fig_a, *fig_b])
    }


#: Nested parts of the figures that hold settings, not results.
_SETTINGS = frozenset({"parameters", "weights", "thresholds", "approximations"})


def _flatten(figures: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    flat: dict[str, Any] = {}
    for key, value in figures.items():
        if key in _SETTINGS:
            continue
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            flat.update(_flatten(value, prefix=f"{name}."))
        elif value is None or (
            isinstance(value, int | float | np.number) and not isinstance(value, bool)
        ):
            flat[name] = value
    return flat


# ----------------------------------------------------------------------- helpers
def _relations(network: Network, relations: Sequence[str] | str | None) -> list[str]:
    if relations is None:
        return list(network.relations)
    rels = [relations] if isinstance(relations, str) else list(relations)
    unknown = [r for r in rels if r not in network.relations]
    if unknown:
        raise TramasError(
            f"unknown relation(s): {', '.join(unknown)}",
            hint=f"this study has: {', '.join(network.relations) or 'no relations'}",
            code="compare_unknown_relations",
            values={
                "names": ", ".join(unknown),
                "known": ", ".join(network.relations) or "no relations",
            },
        )
    return rels


def _check_waves(network: Network, wave_a: str, wave_b: str) -> None:
    waves = [str(w) for w in network.waves]
    for w in (wave_a, wave_b):
        if str(w) not in waves:
            raise TramasError(
                f"unknown wave {w!r}",
                hint=f"this study has waves: {', '.join(waves) or 'none'}",
                code="compare_unknown_wave",
                values={"wave": w, "waves": ", ".join(waves) or "none"},
            )
    if str(wave_a) == str(wave_b):
        raise TramasError(
            "compare two different waves",
            hint=f"waves: {', '.join(waves)}",
            code="compare_same_wave",
            values={"waves": ", ".join(waves)},
        )


def _diff(a: Any, b: Any) -> Any:
    if isinstance(a, bool) or isinstance(b, bool):
        return None
    if isinstance(a, int | float | np.number) and isinstance(b, int | float | np.number):
        return float(b) - float(a)
    return None


def _actor_record(actor_id: str, names: pd.Series) -> dict[str, Any]:
    name = names.get(actor_id) if len(names) else None
    return {"id": actor_id, "name": None if name is None or pd.isna(name) else str(name)}


def _json_records(table: pd.DataFrame, names: pd.Series) -> list[dict[str, Any]]:
    rows = []
    for actor_id, row in table.iterrows():
        rec = _actor_record(str(actor_id), names)
        rec.update({k: _json_scalar(v) for k, v in row.items()})
        rows.append(rec)
    return rows


def _json_scalar(value: Any) -> Any:
    if value is None:
        return None
    if isinstance(value, bool | np.bool_):
        return bool(value)
    if isinstance(value, int | np.integer):
        return int(value)
    if isinstance(value, float | np.floating):
        return float(value) if np.isfinite(value) else None
    try:
        if pd.isna(value):
            return None
    except (TypeError, ValueError):
        pass
    return str(value) if not isinstance(value, str | list | dict) else value


def _json_safe(obj: Any) -> Any:
    if isinstance(obj, dict):
        return {str(k): _json_safe(v) for k, v in obj.items()}
    if isinstance(obj, list | tuple):
        return [_json_safe(v) for v in obj]
    return _json_scalar(obj)
