"""Network measures for cluster analysis: centrality, structural holes, brokerage,
core–periphery, sub-clusters, network-level figures and cluster roles; wave comparison
(:mod:`tramas.metrics.change`) and QAP tests (:mod:`tramas.metrics.qap`); scale mode for
national production networks (:mod:`tramas.metrics.scale`, supply-chain position in
:mod:`tramas.metrics.supply_chain`, brokerage of chosen actors in
:mod:`tramas.metrics.subsets`).

Every measure is a pure function of a :class:`~tramas.graph.NetworkView` returning
pandas objects indexed by actor id; :func:`analyze` runs them all
(``tramas analyze``). Definitions and references: ``docs/metrics.md``.
"""

from tramas.metrics.analysis import EXTRA_COLUMNS, MEASURE_COLUMNS, AnalysisResult, analyze
from tramas.metrics.brokerage import BROKERAGE_ROLES, SNA_NAMES, Brokerage, brokerage
from tramas.metrics.centrality import (
    authority,
    betweenness,
    closeness,
    coreness,
    degree,
    degree_table,
    eigenvector,
    harmonic,
    hits,
    hub,
    indegree,
    outdegree,
    pagerank,
    strength,
)
from tramas.metrics.change import (
    WaveComparison,
    compare_waves,
    compared_waves,
    default_waves,
    tie_changes,
)
from tramas.metrics.communities import (
    Communities,
    agreement,
    analysis_communities,
    community_table,
    consensus,
    infomap,
    leiden,
    louvain,
    modularity,
    subcluster_counts,
    subclusters,
    walktrap,
)
from tramas.metrics.core_periphery import (
    CorePeriphery,
    continuous_coreness,
    core_periphery,
    discrete_core,
)
from tramas.metrics.figures import (
    attribute_assortativity,
    centralization,
    cooperation_counts,
    density,
    ei_index,
    external_tie_share,
    network_figures,
    path_figures,
)
from tramas.metrics.qap import (
    QAPCorrelation,
    QAPRegression,
    adjacency_matrix,
    qap_correlation,
    qap_regression,
)
from tramas.metrics.roles import (
    COGNITIVE_ROLES,
    CognitiveRoles,
    CognitiveThresholds,
    LeadFirms,
    LeadFirmWeights,
    cognitive_roles,
    isolated_smes,
    lead_firms,
)
from tramas.metrics.scale import (
    SCALE_ACTORS,
    SCALE_FILE_BYTES,
    SCALE_MEASURES,
    SCALE_TIES,
    ScaleAnalysisResult,
    analyze_scale,
    choose_scale_mode,
)
from tramas.metrics.scale_measures import components, sampled_betweenness, scale_leiden
from tramas.metrics.structural_holes import (
    constraint,
    effective_size,
    efficiency,
    structural_holes,
)
from tramas.metrics.subsets import brokerage_subset, structural_holes_subset
from tramas.metrics.supply_chain import (
    SupplyChainPosition,
    downstreamness,
    supply_chain_position,
    trophic_incoherence,
    upstreamness,
)
from tramas.metrics.views import WaveViews, wave_views
from tramas.output import json_safe

__all__ = [
    "BROKERAGE_ROLES",
    "COGNITIVE_ROLES",
    "EXTRA_COLUMNS",
    "SCALE_MEASURES",
    "MEASURE_COLUMNS",
    "SCALE_ACTORS",
    "SCALE_FILE_BYTES",
    "SCALE_TIES",
    "SNA_NAMES",
    "AnalysisResult",
    "Brokerage",
    "CognitiveRoles",
    "CognitiveThresholds",
    "Communities",
    "CorePeriphery",
    "ScaleAnalysisResult",
    "LeadFirmWeights",
    "LeadFirms",
    "QAPCorrelation",
    "QAPRegression",
    "SupplyChainPosition",
    "WaveComparison",
    "WaveViews",
    "adjacency_matrix",
    "agreement",
    "analysis_communities",
    "analyze",
    "analyze_scale",
    "attribute_assortativity",
    "authority",
    "betweenness",
    "brokerage",
    "brokerage_subset",
    "centralization",
    "closeness",
    "cognitive_roles",
    "community_table",
    "compare_waves",
    "compared_waves",
    "components",
    "consensus",
    "constraint",
    "continuous_coreness",
    "cooperation_counts",
    "core_periphery",
    "coreness",
    "default_waves",
    "degree",
    "degree_table",
    "density",
    "discrete_core",
    "downstreamness",
    "effective_size",
    "efficiency",
    "ei_index",
    "eigenvector",
    "external_tie_share",
    "harmonic",
    "hits",
    "hub",
    "indegree",
    "infomap",
    "choose_scale_mode",
    "isolated_smes",
    "json_safe",
    "scale_leiden",
    "lead_firms",
    "leiden",
    "louvain",
    "modularity",
    "network_figures",
    "outdegree",
    "pagerank",
    "path_figures",
    "qap_correlation",
    "qap_regression",
    "sampled_betweenness",
    "strength",
    "structural_holes",
    "structural_holes_subset",
    "subcluster_counts",
    "subclusters",
    "supply_chain_position",
    "tie_changes",
    "trophic_incoherence",
    "upstreamness",
    "walktrap",
    "wave_views",
]
