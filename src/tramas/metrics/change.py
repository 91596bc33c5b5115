"""Change between survey waves: new, dissolved and stable ties, and who moved.

Cluster initiatives are judged by how the network changes between waves (Giuliani &
Pietrobelli 2016): did firms that did not cooperate start to,
did sub-clusters get connected, which actors gained or lost centrality, who entered or
left the cluster's networks. :func:`compare_waves` answers these per relation and writes
``tie_changes.csv`` and ``summary.json`` for the report and the maps.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from tramas.exceptions import TramasError
from tramas.graph.network import Network, NetworkView
from tramas.output import flatten_figures, json_safe, write_csv, write_json

__all__ = [
    "STATUSES",
    "WaveComparison",
    "baseline_partition",
    "compare_waves",
    "compared_waves",
    "default_waves",
    "tie_changes",
]

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
    partition:
        The grouping that defined the new bridges (actor id -> group): ``baseline``, or
        the ``communities`` given to :func:`compare_waves`; actors in no group absent.
        ``summary["new_bridges"]["partition"]`` describes it.
    analyses:
        The :func:`tramas.metrics.analysis.analyze` result of each wave, by wave label
        (given to :func:`compare_waves` or made there): the actor changes and the
        figures side by side come from them.
    """

    wave_a: str
    wave_b: str
    relations: tuple[str, ...]
    tie_changes: pd.DataFrame = field(compare=False, repr=False)
    actor_changes: pd.DataFrame = field(compare=False, repr=False)
    summary: dict[str, Any] = field(compare=False, repr=False)
    baseline: pd.Series | None = field(default=None, compare=False, repr=False)
    partition: pd.Series | None = field(default=None, compare=False, repr=False)
    analyses: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

    @property
    def bridges(self) -> pd.DataFrame:
        """The new bridges: ``source``, ``target``, ``relation`` and the group of each end
        (``community_source``, ``community_target``) in :attr:`partition`."""
        rows = self.tie_changes[self.tie_changes["bridge"]]
        groups = self.partition if self.partition is not None else pd.Series(dtype=object)
        return pd.DataFrame(
            {
                "source": rows["source"].to_numpy(),
                "target": rows["target"].to_numpy(),
                "relation": rows["relation"].to_numpy(),
                "community_source": rows["source"].map(groups).to_numpy(),
                "community_target": rows["target"].map(groups).to_numpy(),
            }
        )

    def write(self, out_dir: str | Path, *, safe: bool = True) -> list[Path]:
        """Write ``tie_changes.csv``, ``actor_changes.csv`` and ``summary.json`` into
        ``out_dir`` with :mod:`tramas.output` (CSV formula-guarded unless ``safe=False``)."""
        out = Path(out_dir)
        out.mkdir(parents=True, exist_ok=True)
        paths = [out / "tie_changes.csv", out / "actor_changes.csv", out / "summary.json"]
        write_csv(self.tie_changes, paths[0], safe=safe)
        write_csv(self.actor_changes, paths[1], index=True, safe=safe)
        write_json(self.summary, paths[2])
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
    rels = network.select_relations(relations)
    wave_a, wave_b = compared_waves(network, (wave_a, wave_b))
    views = _relation_views(network, rels, (wave_a, wave_b), internal_only)
    return _tie_changes(views, rels, wave_a, wave_b)


def _relation_views(
    network: Network, rels: Sequence[str], waves: Sequence[str], internal_only: bool
) -> dict[tuple[str, str], NetworkView]:
    """The view of each compared relation in each wave (tie identities and their figures)."""
    return {
        (rel, wave): network.view(rel, wave=wave, internal_only=internal_only)
        for rel in rels
        for wave in waves
    }


def _tie_changes(
    views: Mapping[tuple[str, str], NetworkView], rels: Sequence[str], wave_a: str, wave_b: str
) -> pd.DataFrame:
    frames = []
    for rel in rels:
        a = _edge_table(views[rel, wave_a])
        b = _edge_table(views[rel, wave_b])
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
    wave_a: str | None = None,
    wave_b: str | None = None,
    *,
    waves: str | Sequence[str] | None = None,
    relations: Sequence[str] | str | None = None,
    internal_only: bool = False,
    communities: pd.Series | None = None,
    permutations: int = 1000,
    seed: int = 42,
    top: int = 10,
    analyses: Mapping[str, Any] | None = None,
) -> WaveComparison:
    """Compare two survey waves: tie changes, similarity, bridges, actors that moved.

    Parameters
    ----------
    network:
        A network with both waves.
    wave_a, wave_b:
        Baseline and later wave labels; neither (nor ``waves``): the first and the last
        waves (:func:`default_waves`).
    waves:
        Both waves at once instead, baseline first (``("2023", "2025")`` or
        ``"2023,2025"``), as a command line gives them; checked by
        :func:`compared_waves`.
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
    analyses:
        Analyses already made, by wave label (``{"2025": analysis}``): a wave whose
        analysis is given is not analysed again. One is used only when it is the
        analysis this comparison makes of its wave: that wave, the compared relations,
        ``seed`` and otherwise the defaults of :func:`tramas.metrics.analysis.analyze`
        (any ``lang``), and ``internal_only`` false; any other is left aside and the wave
        analysed here.

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

    rels = network.select_relations(relations)
    given = waves if waves is not None else [w for w in (wave_a, wave_b) if w is not None]
    wave_a, wave_b = compared_waves(network, given)
    views = _relation_views(network, rels, (wave_a, wave_b), internal_only)
    changes = _tie_changes(views, rels, wave_a, wave_b)

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
    given = dict(analyses or {})
    made = {
        w: (
            given[w]
            if _fits(given.get(w), network, rels, w, internal_only, seed)
            else _analysis(network, rels, w, internal_only, seed)
        )
        for w in (wave_a, wave_b)
    }
    actor_changes = _actor_changes(made[wave_a].actors, made[wave_b].actors, active_a, active_b)

    # ------------------------------------------------------------ bridges
    subcluster, partition = baseline_partition(
        network,
        rels,
        wave_a,
        internal_only=internal_only,
        seed=seed,
        analysis=made[wave_a],
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
            "community_source": json_safe(membership.get(s)),
            "community_target": json_safe(membership.get(t)),
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
            "by_relation": _figures_side_by_side(network, views, rels, wave_a, wave_b, seed),
            "all_relations": _side_by_side(
                _flatten(made[wave_a].figures), _flatten(made[wave_b].figures)
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
        summary=json_safe(summary),
        baseline=subcluster,
        partition=membership,
        analyses=made,
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
    from tramas.metrics import analysis

    if internal_only:
        view = network.view(rels, wave=wave, internal_only=True)
        return analysis.analyze(view, seed=seed, lang=network.study.lang, scale=False)
    return analysis.analyze(network, relations=rels, wave=wave, seed=seed, scale=False)


def _fits(
    given: Any, network: Network, rels: list[str], wave: str, internal_only: bool, seed: int
) -> bool:
    """Whether ``given`` is the analysis :func:`_analysis` would make of ``wave``.

    It must be a full analysis of the whole network (not of a view: its roles read the
    knowledge, trade and cooperation relations) of that wave and those relations, with
    ``seed`` and the defaults of :func:`~tramas.metrics.analysis.analyze`; only the
    language of its reasons may differ (the comparison reads codes and numbers).
    """
    from tramas.metrics.analysis import AnalysisResult
    from tramas.metrics.roles import CognitiveThresholds, LeadFirmWeights
    from tramas.metrics.views import COOPERATION, KNOWLEDGE, TRADE

    if internal_only or not isinstance(given, AnalysisResult):
        return False
    p = given.parameters
    view = given.view
    estimated = view.n_actors > 5000
    expected = {
        "wave": wave,
        "groups": "kind",
        "directed": any(network.relations[r].directed for r in rels),
        "weight": "weight",
        "seed": seed,
        "resolution": 1.0,
        "consensus_runs": 5 if estimated else 20,
        "exact_limit": 5000,
        "pivots": 200 if estimated else None,
        "lead_weights": LeadFirmWeights().as_dict(),
        "cognitive_thresholds": asdict(CognitiveThresholds()),
        "core_periphery_pattern": "missing",
    }
    views = given.views
    return (
        all(p.get(k) == v for k, v in expected.items())
        and sorted(p.get("relations", [])) == sorted(rels)
        and set(view.ids) == set(network.actors.index)
        # an analysis of the network, not of a view: its roles read these relations
        and views is not None
        and (views.knowledge is not None) == (KNOWLEDGE in network.relations)
        and (views.trade is not None) == (TRADE in network.relations)
        and (views.cooperation is not None) == (COOPERATION in network.relations)
    )


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
    network: Network,
    views: Mapping[tuple[str, str], NetworkView],
    rels: list[str],
    wave_a: str,
    wave_b: str,
    seed: int,
) -> dict[str, Any]:
    """Network-level figures of each wave and their change (from :mod:`tramas.metrics.figures`).

    Nested figures (assortativity and E-I index by attribute, cooperation counts) are
    flattened to ``figure.key``; only numeric figures are compared.
    """
    from tramas.metrics import figures
    from tramas.metrics.views import cooperation_ties

    cooperation = {wave: cooperation_ties(network, wave) for wave in (wave_a, wave_b)}
    out: dict[str, Any] = {}
    for rel in rels:
        figs = [
            _flatten(
                figures.network_figures(views[rel, wave], cooperation=cooperation[wave], seed=seed)
            )
            for wave in (wave_a, wave_b)
        ]
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


def _flatten(figures: dict[str, Any]) -> dict[str, Any]:
    """The numeric figures, settings left out, for comparing two waves."""
    return flatten_figures(figures, skip=_SETTINGS, numbers_only=True)


# ----------------------------------------------------------------------- waves
def default_waves(network: Network) -> tuple[str, str] | None:
    """The waves a comparison takes when none are given: the first and the last.

    Returns
    -------
    tuple or None
        ``(first, last)``, or ``None`` when the network has fewer than two waves.

    Examples
    --------
    >>> ties = pd.DataFrame({"source": ["a"] * 3, "target": ["b"] * 3,
    ...                      "relation": "advice", "wave": ["1", "2", "3"]})
    >>> default_waves(Network(actors=pd.DataFrame(index=["a", "b"]), ties=ties))
    ('1', '3')
    """
    waves = [str(w) for w in network.waves]
    return (waves[0], waves[-1]) if len(waves) >= 2 else None


def compared_waves(network: Network, waves: str | Sequence[str] | None = None) -> tuple[str, str]:
    """Two distinct waves of the network to compare, baseline first.

    Parameters
    ----------
    network:
        The study's network.
    waves:
        Two wave labels (``("2023", "2025")`` or ``"2023,2025"``), or ``None`` (or
        none at all) for :func:`default_waves`.

    Returns
    -------
    tuple
        ``(baseline, later)``.

    Raises
    ------
    TramasError
        Not two waves, an unknown wave (from :meth:`Network.select_wave
        <tramas.graph.Network.select_wave>`), or the same wave twice.
    """
    known = ", ".join(str(w) for w in network.waves) or "–"
    if isinstance(waves, str):
        parts = [w.strip() for w in waves.split(",") if w.strip()]
    else:
        parts = [str(w).strip() for w in waves or ()]
    if not parts and default_waves(network) is not None:
        return default_waves(network)
    if len(parts) != 2:
        raise TramasError(
            f"compare needs exactly two waves, got {len(parts)}",
            hint=f"give two waves, baseline first (this study has: {known})",
            code="compare_two_waves",
            values={"n": len(parts), "waves": known},
        )
    wave_a, wave_b = (network.select_wave(w, merged=False) for w in parts)
    if wave_a == wave_b:
        raise TramasError(
            "compare two different waves",
            hint=f"waves: {known}",
            code="compare_same_wave",
            values={"waves": known},
        )
    return wave_a, wave_b


# ----------------------------------------------------------------------- helpers
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
        rec.update({k: json_safe(v) for k, v in row.items()})
        rows.append(rec)
    return rows
