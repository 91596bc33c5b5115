"""The whole analysis of a cluster network in one call: :func:`analyze` and :class:`AnalysisResult`.

``tramas analyze`` is a thin layer over :func:`analyze`; the map and the report read
:class:`AnalysisResult` (``.actors`` columns, ``.communities``, ``.figures``).

The reasons for the roles are kept as codes and the values behind them
(``lead_firm_reason_code``, ``lead_firm_drivers``, ``role_reason_code``,
``sme_reason_code``, and the role results); they are worded only when presented, by
:func:`tramas.locale.reasons.reason_texts` (:meth:`AnalysisResult.write` for the files).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from tramas.exceptions import TramasError
from tramas.graph.network import Network, NetworkView
from tramas.locale.languages import check_lang
from tramas.metrics import centrality as C
from tramas.metrics.brokerage import Brokerage, brokerage
from tramas.metrics.communities import (
    Communities,
    actor_subcluster_names,
    agreement,
    analysis_communities,
    community_table,
    subcluster_counts,
    subcluster_names,
)
from tramas.metrics.core_periphery import CorePeriphery, CorePeripheryPattern, core_periphery
from tramas.metrics.figures import json_safe, network_figures
from tramas.metrics.roles import (
    CognitiveRoles,
    CognitiveThresholds,
    LeadFirms,
    LeadFirmWeights,
    cognitive_roles,
    isolated_smes,
    lead_firms,
)
from tramas.metrics.scale import ScaleAnalysisResult, analyze_scale, choose_scale_mode
from tramas.metrics.structural_holes import structural_holes
from tramas.metrics.views import WaveViews, wave_views
from tramas.output import figure_rows, write_csv, write_json, write_xlsx

__all__ = ["EXTRA_COLUMNS", "MEASURE_COLUMNS", "AnalysisResult", "analyze"]

#: Measure columns of ``actors.csv``, in order, after ``id``, ``name``, ``kind`` and the
#: actor attributes.
MEASURE_COLUMNS: tuple[str, ...] = (
    "indegree",
    "outdegree",
    "degree",
    "instrength",
    "outstrength",
    "betweenness",
    "betweenness_norm",
    "closeness",
    "harmonic",
    "eigenvector",
    "pagerank",
    "hub",
    "authority",
    "coreness",
    "cp_coreness",
    "constraint",
    "effective_size",
    "efficiency",
    "community",
    "community_stability",
    "brokerage_coordinator",
    "brokerage_itinerant",
    "brokerage_gatekeeper",
    "brokerage_representative",
    "brokerage_liaison",
    "brokerage_total",
    "lead_firm_score",
    "lead_firm_rank",
    "cognitive_role",
    "role_reason_code",
)
#: Further columns after the measures. ``subcluster`` is empty for an actor in no
#: sub-cluster (alone in its community: :func:`tramas.metrics.communities.subclusters`);
#: ``subcluster_name`` is its name (:func:`tramas.metrics.communities.subcluster_names`,
#: in the analysis' language; "no sub-cluster" for an actor in none).
EXTRA_COLUMNS: tuple[str, ...] = (
    "subcluster",
    "subcluster_name",
    "cp_core",
    "lead_firm",
    "lead_firm_reason_code",
    "sme_status",
    "sme_reason_code",
)

Progress = Callable[[str, int, int], None]

_FILES = ("actors.csv", "communities.csv", "network.json", "tramas-analysis.xlsx")


@dataclass(frozen=True)
class AnalysisResult:
    """Everything :func:`analyze` computed, and how.

    Attributes
    ----------
    actors:
        One row per actor indexed by id: ``name``, ``kind``, every attribute, then
        :data:`MEASURE_COLUMNS` and :data:`EXTRA_COLUMNS`. No measure is missing
        (``subcluster`` is empty for actors in no sub-cluster). An attribute named like
        a measure is kept as ``<name>_attribute``. Reasons are codes here
        (``role_reason_code``, ``lead_firm_reason_code``, ``sme_reason_code``; the values
        behind them are in the role results): :func:`tramas.locale.reasons.reason_texts`
        words them.
    communities:
        One row per community (see :func:`~tramas.metrics.communities.community_table`),
        with the sub-cluster's ``name`` after its number.
    figures:
        Network-level figures, community, core–periphery, brokerage and role summaries,
        the parameters and any approximation used (JSON-safe).
    view:
        The analysed :class:`~tramas.graph.NetworkView`.
    parameters:
        The parameters of the run.
    community_result, brokerage_result, core_periphery_result, lead_firm_result,
    cognitive_result:
        The underlying results, with their own parameters.
    smes:
        Isolated and weakly connected SMEs (:func:`~tramas.metrics.roles.isolated_smes`):
        status, reason code, contacts and whether the size is known.
    views:
        The selections the roles and figures read (the analysed view and the knowledge,
        trade and cooperation relations of its wave: :func:`~tramas.metrics.views.wave_views`).
    """

    actors: pd.DataFrame
    communities: pd.DataFrame
    figures: dict[str, Any]
    view: NetworkView
    parameters: dict[str, Any]
    community_result: Communities
    brokerage_result: Brokerage
    core_periphery_result: CorePeriphery
    lead_firm_result: LeadFirms
    cognitive_result: CognitiveRoles
    smes: pd.DataFrame = field(default_factory=pd.DataFrame)
    views: WaveViews | None = None

    def lead_firm_table(self, top: int | None = None) -> pd.DataFrame:
        """Ranked cluster firms (all, or the first ``top``) with score and reason code."""
        t = self.actors[self.lead_firm_result.table["eligible"].reindex(self.actors.index)]
        t = t.sort_values("lead_firm_rank")
        t = t.assign(lead_firm_drivers=self.lead_firm_result.table["lead_firm_drivers"])
        cols = [
            "name",
            "lead_firm_rank",
            "lead_firm_score",
            "lead_firm_reason_code",
            "lead_firm_drivers",
        ]
        return (t if top is None else t.head(top))[cols]

    def policy_targets(self) -> pd.DataFrame:
        """Isolated and weakly connected SMEs, with their reason code."""
        t = self.actors[self.actors["sme_status"].isin(["isolated", "weak"])]
        return t[["name", "sme_status", "sme_reason_code", "degree", "cognitive_role"]]

    def write(
        self, out_dir: str | Path, *, safe: bool = True, lang: str | None = None
    ) -> list[Path]:
        """Write ``actors.csv``, ``communities.csv``, ``network.json`` and ``tramas-analysis.xlsx``
        with :mod:`tramas.output` (CSV formula-guarded unless ``safe=False``).

        The actor tables carry the reasons both as codes and worded in ``lang``
        (``lead_firm_reason``, ``role_reason``, ``sme_reason``, each just before its code
        column) by :func:`tramas.locale.reasons.reason_texts`; ``lang`` defaults to the
        language :func:`analyze` was given (``parameters["lang"]``: the study's, or
        English).

        Returns
        -------
        list of Path
            The files written, in that order.
        """
        # presentation: the one place this module words anything, through the catalogue
        from tramas.locale.reasons import REASON_COLUMNS, reason_texts

        words = reason_texts(self, lang or self.parameters.get("lang") or "en")
        out = Path(out_dir)
        out.mkdir(parents=True, exist_ok=True)
        paths = [out / name for name in _FILES]
        actors = _with_words(self.actors, words, REASON_COLUMNS)
        write_csv(actors.reset_index(), paths[0], safe=safe)
        write_csv(self.communities, paths[1], safe=safe)
        write_json(self.figures, paths[2])
        write_xlsx(
            paths[3],
            {
                "actors": actors.reset_index(),
                "communities": self.communities,
                "network": figure_rows(self.figures),
                "lead_firms": _with_words(
                    self.lead_firm_table(), words, REASON_COLUMNS
                ).reset_index(),
                "policy_targets": _with_words(
                    self.policy_targets(), words, REASON_COLUMNS
                ).reset_index(),
            },
        )
        return paths


def _with_words(table: pd.DataFrame, words: pd.DataFrame, columns: dict[str, str]) -> pd.DataFrame:
    """``table`` with each worded reason of ``words`` just before its code column."""
    out = table.copy()
    for col, code in columns.items():
        if code in out.columns:
            out.insert(out.columns.get_loc(code), col, words[col].reindex(out.index))
    return out


# --------------------------------------------------------------------------- analyze
def analyze(
    network: Network | NetworkView,
    *,
    relations: str | Sequence[str] | None = None,
    wave: str | None = None,
    groups: str = "kind",
    undirected: bool = False,
    weight: str | None = "weight",
    seed: int = 42,
    resolution: float = 1.0,
    consensus_runs: int = 20,
    lead_weights: LeadFirmWeights | None = None,
    cognitive_thresholds: CognitiveThresholds | None = None,
    exact_limit: int = 5000,
    pivots: int = 200,
    lang: str | None = None,
    progress: Progress | None = None,
    scale: bool | None = None,
    core_periphery_pattern: CorePeripheryPattern = "missing",
) -> AnalysisResult | ScaleAnalysisResult:
    """Compute every actor measure, the sub-clusters, the network figures and the roles.

    Parameters
    ----------
    network:
        A :class:`~tramas.graph.Network` (roles then use its knowledge, trade and
        cooperation relations) or a ready :class:`~tramas.graph.NetworkView` (analysed
        as it is: ``relations``, ``wave``, ``undirected`` and ``weight`` are then not
        used, and the roles take their components from the view).
    relations:
        Relation(s) to analyse; ``None`` merges all (a pair's weight is the sum).
    wave:
        Wave label, ``"all"``, or ``None`` for the latest wave.
    groups:
        Actor attribute for brokerage roles and the E-I index (``kind``, ``size``,
        ``ownership``, ``sector``, ``municipality``, ``internal`` ... or
        ``community`` for the sub-clusters found).
    undirected:
        Analyse an undirected (symmetrised) view.
    weight:
        Tie column used as weight, or ``None`` for an unweighted analysis.
    seed:
        Seed of every randomised step (community runs use ``seed``, ``seed + 1``, ...).
    resolution:
        Modularity resolution of the community detection.
    consensus_runs:
        Leiden runs for the consensus partition and stability.
    lead_weights, cognitive_thresholds:
        Role settings (see :mod:`tramas.metrics.roles`).
    exact_limit:
        Above this many actors betweenness, closeness, harmonic closeness, average
        path length and diameter are estimated from ``pivots`` random actors and the
        consensus uses at most 5 runs; ``figures["approximations"]`` says so (one
        ``{"code": ..., **values}`` per approximation: ``pivots``, ``paths``,
        ``consensus``, ``coreness``; worded by
        :func:`tramas.locale.reasons.approximation_texts`).
    pivots:
        Number of pivot actors for those estimates.
    lang:
        Kept for compatibility: the default language (``en``/``es``) of the files
        :meth:`AnalysisResult.write` writes (``parameters["lang"]``), and of scale
        mode's statements of method, and of the sub-cluster names (``subcluster_name``
        of the actors, ``name`` of the communities:
        :func:`~tramas.metrics.communities.subcluster_names`); default the study's
        language. Nothing else of a full analysis is worded here: the reasons for the roles and the approximations are
        kept as codes and values and worded when presented
        (:func:`tramas.locale.reasons.reason_texts`,
        :func:`~tramas.locale.reasons.approximation_texts`), so the same analysis reads
        in either language.
    progress:
        Called as ``progress(step, done, total)`` before each step.
    scale:
        ``None`` (default) switches to **scale mode** above
        :data:`~tramas.metrics.scale.SCALE_ACTORS` actors or
        :data:`~tramas.metrics.scale.SCALE_TIES` ties: the measures of
        :func:`~tramas.metrics.scale.analyze_scale` (degree, PageRank, k-core,
        components, Leiden, sampled betweenness, downstreamness/upstreamness), with every
        method stated in ``figures["methods"]``. ``True`` forces it, ``False`` never
        uses it.
    core_periphery_pattern:
        Treatment of the core–periphery block in the discrete core–periphery model:
        ``missing`` (default, ignored, as Borgatti & Everett and UCINET), ``tied`` or
        ``absent`` (see :func:`~tramas.metrics.core_periphery.discrete_core`).

    Returns
    -------
    AnalysisResult or ScaleAnalysisResult
        The latter in scale mode, as decided by
        :func:`~tramas.metrics.scale.choose_scale_mode` (``figures["mode"] == "scale"``).

    Examples
    --------
    >>> from tramas.graph import NetworkView
    >>> v = NetworkView.from_edges([("a", "b"), ("b", "c"), ("c", "a"), ("c", "d")])
    >>> result = analyze(v, consensus_runs=3)
    >>> int(result.actors.loc["c", "degree"]), result.figures["actors"]
    (3, 4)
    """
    steps = [
        "degree",
        "betweenness and closeness",
        "eigenvector, PageRank, HITS",
        "structural holes",
        "core-periphery",
        "communities",
        "brokerage",
        "network figures",
        "roles",
    ]
    done = 0

    def step() -> None:
        nonlocal done
        if progress is not None and done < len(steps):
            progress(steps[done], done, len(steps))
        done += 1

    net, view = _select(network, relations, wave, undirected, weight)
    lang = check_lang(lang or (net.study.lang if net is not None else None) or "en")
    if choose_scale_mode(view, scale=scale):
        return analyze_scale(
            view,
            pivots=pivots,
            groups=groups,
            resolution=resolution,
            seed=seed,
            lang=lang,
            progress=progress,
        )
    # the knowledge, trade and cooperation selections the roles and figures read
    views = wave_views(net, view)
    n = view.n_actors
    estimated = n > exact_limit
    piv = pivots if estimated else None
    runs = min(consensus_runs, 5) if estimated else consensus_runs
    approximations = []
    if estimated:
        approximations = [
            {"code": "pivots", "pivots": pivots, "n": n, "limit": exact_limit},
            {"code": "paths", "pivots": pivots},
            {"code": "consensus", "runs": runs},
        ]

    step()
    table = C.degree_table(view)
    step()
    bet = C.betweenness(view, pivots=piv, seed=seed)
    n_pairs = (n - 1) * (n - 2) if view.directed else (n - 1) * (n - 2) / 2
    table["betweenness"] = bet
    table["betweenness_norm"] = bet / n_pairs if n_pairs > 0 else 0.0
    table["closeness"] = C.closeness(view, pivots=piv, seed=seed)
    table["harmonic"] = C.harmonic(view, pivots=piv, seed=seed)
    step()
    table["eigenvector"] = C.eigenvector(view)
    table["pagerank"] = C.pagerank(view)
    table = table.join(C.hits(view))
    table["coreness"] = C.coreness(view)
    step()
    holes = structural_holes(view)
    step()
    cp = core_periphery(view, pattern=core_periphery_pattern, seed=seed)
    if not cp.converged:
        approximations.append({"code": "coreness", "iterations": cp.parameters["iterations"]})
    table["cp_coreness"] = cp.coreness
    table = table.join(holes)
    step()
    comm = analysis_communities(
        view, seed=seed, resolution=resolution, runs=consensus_runs, exact_limit=exact_limit
    )
    table["community"] = comm.membership
    table["community_stability"] = comm.stability
    step()
    if groups == "community":
        broker = brokerage(view, comm.membership.rename("community"))
    elif groups == "kind" and "kind" not in view.actors.columns:
        # no kind recorded: every actor is a firm (the documented default)
        broker = brokerage(view, pd.Series("firm", index=view.ids, name="kind"))
    else:
        broker = brokerage(view, groups)
    table = table.join(broker.table())
    step()
    figures = network_figures(
        view, cooperation=views.cooperation, betweenness=bet, pivots=piv, seed=seed
    )
    step()
    leads = lead_firms(
        view,
        knowledge=views.knowledge,
        trade=views.trade,
        cooperation=views.cooperation,
        weights=lead_weights,
        betweenness=bet,
    )
    cog = cognitive_roles(view, knowledge=views.knowledge, thresholds=cognitive_thresholds)
    smes = isolated_smes(view)
    table["lead_firm_score"] = leads.table["lead_firm_score"]
    table["lead_firm_rank"] = leads.table["lead_firm_rank"]
    table["cognitive_role"] = cog.table["cognitive_role"]
    table["role_reason_code"] = cog.table["role_reason_code"]
    table["subcluster"] = comm.subcluster
    names = subcluster_names(view.actors, comm.subcluster, lang=lang)
    table["subcluster_name"] = actor_subcluster_names(comm.subcluster, names, lang=lang)
    table["cp_core"] = cp.core
    table["lead_firm"] = leads.table["lead_firm"]
    table["lead_firm_reason_code"] = leads.table["lead_firm_reason_code"]
    table["sme_status"] = smes["sme_status"]
    table["sme_reason_code"] = smes["sme_reason_code"]
    if progress is not None:
        progress("done", len(steps), len(steps))

    actors = _actor_table(view, table)
    communities = community_table(view, comm, score=table["degree"].astype(float))
    communities.insert(
        communities.columns.get_loc("subcluster") + 1,
        "name",
        actor_subcluster_names(communities["subcluster"], names, lang=lang).to_numpy(),
    )
    parameters = {
        "relations": list(view.relations),
        "wave": view.wave,
        "groups": groups,
        "brokerage_relations": list(broker.parameters["relations"]),
        "directed": view.directed,
        "weight": weight if view.weighted else None,
        "seed": seed,
        "resolution": resolution,
        "consensus_runs": runs,
        "exact_limit": exact_limit,
        "pivots": piv,
        "lead_weights": (lead_weights or LeadFirmWeights()).as_dict(),
        "cognitive_thresholds": cog.parameters["thresholds"],
        "core_periphery_pattern": cp.pattern,
        "lang": lang,
    }
    figures = _summaries(figures, view, comm, cp, broker, leads, cog, smes)
    figures["parameters"] = parameters
    figures["approximations"] = approximations
    return AnalysisResult(
        actors=actors,
        communities=communities,
        figures=json_safe(figures),
        view=view,
        parameters=parameters,
        community_result=comm,
        brokerage_result=broker,
        core_periphery_result=cp,
        lead_firm_result=leads,
        cognitive_result=cog,
        smes=smes,
        views=views,
    )


def _select(
    network: Network | NetworkView,
    relations: str | Sequence[str] | None,
    wave: str | None,
    undirected: bool,
    weight: str | None,
) -> tuple[Network | None, NetworkView]:
    if isinstance(network, NetworkView):
        return None, network
    rels = [relations] if isinstance(relations, str) else relations
    # unknown relations and waves first: the model says which exist
    network.select_relations(rels or None)
    network.select_wave(wave)
    if weight is not None and weight not in network.ties.columns:
        raise TramasError(
            f"no tie column {weight!r} to use as weight",
            hint="pass --weight with a numeric tie column, or --weight none",
            code="analysis_no_weight",
            values={"column": weight},
        )
    view = network.view(
        rels or None, wave=wave, directed=False if undirected else None, weight=weight
    )
    if view.n_actors == 0:
        raise TramasError(
            "the network has no actors", hint="check the actors file", code="analysis_no_actors"
        )
    return network, view


def _actor_table(view: NetworkView, measures: pd.DataFrame) -> pd.DataFrame:
    base = view.actors.copy()
    if "name" not in base.columns:
        base["name"] = base.index
    base["name"] = (
        base["name"]
        .astype(object)
        .where(base["name"].notna(), pd.Series(base.index, index=base.index))
    )
    if "kind" not in base.columns:
        base["kind"] = "firm"
    base["kind"] = base["kind"].astype(object).where(base["kind"].notna(), "firm")
    cols = [*MEASURE_COLUMNS, *EXTRA_COLUMNS]
    # an attribute named like a measure (e.g. "degree") keeps its data as "<name>_attribute"
    base = base.rename(columns={c: f"{c}_attribute" for c in base.columns if c in cols})
    attrs = [c for c in base.columns if c not in ("name", "kind")]
    base = base[["name", "kind", *attrs]]
    out = base.join(measures[cols])
    out.index.name = "id"
    for col in ("indegree", "outdegree", "degree", "coreness", "community", "lead_firm_rank"):
        out[col] = out[col].astype(np.int64)
    for col in [c for c in cols if c.startswith("brokerage_")]:
        out[col] = out[col].astype(np.int64)
    return out


def _summaries(
    figures: dict[str, Any],
    view: NetworkView,
    comm: Communities,
    cp: CorePeriphery,
    broker: Brokerage,
    leads: LeadFirms,
    cog: CognitiveRoles,
    smes: pd.DataFrame,
) -> dict[str, Any]:
    agree = {}
    for attr in ("sector", "kind", figures.get("location_attribute")):
        if attr and attr in view.actors.columns and view.actors[attr].notna().any():
            agree[attr] = agreement(comm.membership, view.actors[attr])
    figures["communities"] = {
        "method": comm.method,
        "count": comm.n_communities,
        **{k: v for k, v in subcluster_counts(comm.membership).items() if k != "communities"},
        "modularity": comm.modularity,
        "mean_stability": float(comm.stability.mean()) if comm.stability is not None else None,
        "parameters": comm.parameters,
        "agreement": agree,
    }
    figures["core_periphery"] = {
        "core_size": cp.core_size,
        "fit_continuous": cp.fit_continuous,
        "fit_discrete": cp.fit_discrete,
        "pattern": cp.pattern,
        "search": cp.parameters.get("search"),
        "restarts": cp.parameters.get("restarts"),
        "converged": cp.converged,
        "iterations": cp.parameters.get("iterations"),
        "core": cp.core[cp.core].index.tolist()[:50],
    }
    figures["brokerage"] = {
        "groups": broker.attribute,
        "totals": broker.raw.sum().astype(int).to_dict(),
        "density": broker.density,
        # directed relations only when the view mixes them with undirected ones
        "relations": list(broker.parameters["relations"]),
        "ties": broker.parameters["ties"],
    }
    ranking = leads.ranking()
    figures["lead_firms"] = {
        "top": ranking[ranking["lead_firm"]].index.tolist(),
        "weights": leads.weights.as_dict(),
        "unavailable": list(leads.unavailable),
        "substituted": leads.substituted,
    }
    figures["cognitive_roles"] = {
        "relation": cog.relation,
        "thresholds": cog.thresholds,
        "counts": cog.table["cognitive_role"].value_counts().to_dict(),
        "gatekeepers": cog.table.index[cog.table["cognitive_role"] == "gatekeeper"].tolist(),
    }
    figures["smes"] = smes["sme_status"].value_counts().to_dict()
    return figures
