"""Change maps: two survey waves on one map, ties coloured new, dissolved or stable.

``write_map(network, out, compare=("2023", "2025"))`` (:mod:`tramas.viz.maps`) draws the
ties of both waves at once — their union — on an actor, ego or community map. This module
prepares what such a map adds to an ordinary one (:func:`change_layer`): the tie changes,
the new bridges between baseline communities, the actors that entered or left, and the
page data, legend and tooltip fields that show them.

Definitions
    Those of :func:`tramas.metrics.change.compare_waves` (``docs/change.md``): a tie is its
    relation and its ordered (directed relations) or unordered pair; **new** = only in the
    later wave, **dissolved** = only in the baseline, **stable** = in both. A **new
    bridge** is a new tie between actors of different *baseline* sub-clusters — those the
    analysis of the baseline wave finds, every compared relation merged, the same
    ``seed`` (:func:`tramas.metrics.change.baseline_partition`), with that analysis'
    numbers; actors without baseline ties or alone in their community are in none. An actor **entered** when it has ties only in
    the later wave and **left** when it has ties only in the baseline.
Colours
    From Okabe & Ito's colour-blind-safe palette: new = bluish green, dissolved =
    vermillion *and dashed*, stable = dark grey (drawn lighter, so change stands out);
    new bridges wear a yellow halo. Under simulated deuteranopia, protanopia and
    tritanopia (Machado, Oliveira & Fernandes 2009) every pair of these colours stays
    more than 24 CIE ΔE*ab apart, and the dashes tell dissolved ties apart without colour.
    Entering actors get a thick green ring, leaving actors a dashed vermillion ring.

References
----------
Okabe, M. & Ito, K. (2008). *Color Universal Design (CUD): how to make figures and
presentations that are friendly to colorblind people*. https://jfly.uni-koeln.de/color/
Machado, G. M., Oliveira, M. M. & Fernandes, L. A. F. (2009). A physiologically-based
model for simulation of color vision deficiency. *IEEE TVCG* 15(6), 1291–1298.
Giuliani, E. & Pietrobelli, C. (2016). Social network analysis for evaluating cluster
development programs. In *The Impact Evaluation of Cluster Development Programs*, IDB.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from tramas.exceptions import TramasError
from tramas.graph.network import Network, NetworkView, merge_relations
from tramas.locale import format_number
from tramas.viz.encodings import LegendEntry, LegendSection
from tramas.viz.labels import text

if TYPE_CHECKING:
    from tramas.metrics.change import WaveComparison

__all__ = [
    "BRIDGE_HALO",
    "RELATION_GREY",
    "RING_STYLES",
    "STATUSES",
    "STATUS_STYLES",
    "ChangeLayer",
    "actor_change_fields",
    "actor_rings",
    "change_edges",
    "change_layer",
    "change_legend",
    "change_payload",
    "change_statuses",
    "change_summary",
    "union_view",
]

#: Tie statuses, in page order (as :data:`tramas.metrics.change.STATUSES`).
STATUSES: tuple[str, ...] = ("new", "dissolved", "stable")

#: How each status is drawn: colour (Okabe–Ito), dashes and opacity.
STATUS_STYLES: dict[str, dict[str, Any]] = {
    "new": {"color": "#009e73", "dashes": False, "opacity": 0.95},
    "dissolved": {"color": "#d55e00", "dashes": True, "opacity": 0.85},
    "stable": {"color": "#4d4d4d", "dashes": False, "opacity": 0.45},
}
#: Halo behind new bridges between baseline communities (Okabe–Ito yellow).
BRIDGE_HALO = "#f0e442"
#: Rings around actors that entered or left the networks.
RING_STYLES: dict[str, dict[str, Any]] = {
    "entered": {"color": "#009e73", "dashes": False},
    "left": {"color": "#d55e00", "dashes": True},
}
#: Neutral colour of the relations in a change map (tie colour tells the status).
RELATION_GREY = "#555555"


@dataclass(frozen=True)
class ChangeLayer:
    """What a change map draws on top of the actors.

    Attributes
    ----------
    wave_a, wave_b:
        Baseline and later wave.
    relations:
        The relations compared.
    ties:
        One row per tie present in either wave: ``source``, ``target``, ``relation``,
        ``status``, ``weight_a``, ``weight_b``, ``bridge`` (as ``WaveComparison.tie_changes``).
    baseline:
        Baseline sub-cluster of each actor in one (actor id → sub-cluster number, as
        ``tramas analyze --wave A`` numbers them; actors in none are absent).
    entered, left:
        Actors with ties only in the later wave / only in the baseline.
    internal_only:
        Whether the comparison kept only the cluster's own actors.
    """

    wave_a: str
    wave_b: str
    relations: tuple[str, ...]
    ties: pd.DataFrame = field(compare=False, repr=False)
    baseline: pd.Series = field(compare=False, repr=False)
    entered: frozenset[str] = frozenset()
    left: frozenset[str] = frozenset()
    internal_only: bool = False

    def counts(self) -> dict[str, int]:
        """Ties per status and new bridges."""
        status = self.ties["status"].value_counts()
        out = {s: int(status.get(s, 0)) for s in STATUSES}
        out["bridges"] = int(self.ties["bridge"].sum())
        return out

    def partners(self, wave: str) -> pd.Series:
        """Distinct partners of each actor in ``wave`` (``"a"``, ``"b"`` or ``"both"``).

        Over every compared relation, direction ignored; actors without ties are absent.
        """
        t = self.ties
        if wave == "a":
            t = t[t["status"] != "new"]
        elif wave == "b":
            t = t[t["status"] != "dissolved"]
        t = t[t["source"] != t["target"]]
        src, tgt = t["source"].astype(str), t["target"].astype(str)
        lo, hi = np.minimum(src, tgt), np.maximum(src, tgt)
        pairs = pd.DataFrame({"a": lo, "b": hi}).drop_duplicates()
        return pd.concat([pairs["a"], pairs["b"]]).value_counts()


# ---------------------------------------------------------------------------- building
def change_layer(
    network: Network,
    *,
    compare: str | Sequence[str] | None = None,
    comparison: WaveComparison | None = None,
    relations: Sequence[str] | None = None,
    seed: int = 42,
) -> ChangeLayer:
    """The changes a change map draws, from two wave labels or a finished comparison.

    Parameters
    ----------
    network:
        The study's network (with both waves).
    compare:
        Baseline and later wave, ``("2023", "2025")`` or ``"2023,2025"``.
    comparison:
        A :class:`~tramas.metrics.change.WaveComparison` already made (e.g. by
        ``tramas compare``): its ties, statuses and bridges are drawn as they are.
    relations:
        Relations to draw (default: every relation, or those of ``comparison``).
    seed:
        Seed of the baseline communities (a given ``comparison``'s own seed wins).

    Returns
    -------
    ChangeLayer

    Notes
    -----
    Without ``comparison`` the ties come from :func:`tramas.metrics.change.tie_changes`
    and the bridges from the baseline sub-clusters of the drawn relations — the same as
    ``compare_waves(network, a, b, relations=relations, seed=seed)`` gives, without its
    QAP tests and per-wave analyses. ``baseline`` is always the sub-clusters the analysis
    of the baseline wave finds, numbered as that analysis numbers them
    (:func:`tramas.metrics.change.baseline_partition`): a comparison made with another
    grouping (``communities=``) keeps its own bridges, but the map's colours are then
    not that grouping.

    Examples
    --------
    >>> ties = pd.DataFrame({"source": ["a", "b", "a", "c"], "target": ["b", "c", "b", "a"],
    ...                      "relation": "advice", "wave": ["1", "1", "2", "2"]})
    >>> net = Network(actors=pd.DataFrame(index=["a", "b", "c"]), ties=ties)
    >>> change_layer(net, compare=("1", "2")).counts()
    {'new': 1, 'dissolved': 1, 'stable': 1, 'bridges': 0}
    """
    from tramas.metrics.change import baseline_partition, compared_waves, tie_changes

    if comparison is not None:
        wave_a, wave_b = str(comparison.wave_a), str(comparison.wave_b)
        if compare is not None and compared_waves(network, compare) != (wave_a, wave_b):
            raise TramasError(
                f"the comparison is of waves {wave_a} and {wave_b}, not {compare!r}",
                hint="leave out compare= when giving comparison=",
                code="change_map_other_comparison",
                values={"a": wave_a, "b": wave_b, "compare": repr(compare)},
            )
        compared = list(comparison.relations)
        rels = list(relations) if relations is not None else compared
        unknown = [r for r in rels if r not in compared]
        if unknown:
            raise TramasError(
                f"relation(s) not in the comparison: {', '.join(unknown)}",
                hint=f"the comparison has: {', '.join(compared)}",
                code="change_map_relations",
                values={"names": ", ".join(unknown), "known": ", ".join(compared)},
            )
        params = comparison.summary.get("parameters", {}) if comparison.summary else {}
        internal_only = bool(params.get("internal_only", False))
        ties = comparison.tie_changes
        ties = ties[ties["relation"].isin(rels)].reset_index(drop=True)
        seed = int(params.get("seed", seed))
        baseline = comparison.baseline
        if baseline is None:  # a comparison made before baselines were kept
            baseline, _ = baseline_partition(
                network, compared, wave_a, internal_only=internal_only, seed=seed
            )
    else:
        if compare is None:
            raise TramasError(
                "a change map needs two waves (compare=) or a comparison",
                code="change_map_no_waves",
            )
        wave_a, wave_b = compared_waves(network, compare)
        rels = list(relations) if relations is not None else list(network.relation_names)
        internal_only = False
        ties = tie_changes(network, wave_a, wave_b, relations=rels)
        baseline, _ = baseline_partition(
            network, rels, wave_a, internal_only=internal_only, seed=seed
        )
        lookup = baseline.to_dict()
        bridge = [
            status == "new" and s in lookup and t in lookup and lookup[s] != lookup[t]
            for s, t, status in zip(ties["source"], ties["target"], ties["status"], strict=True)
        ]
        ties = ties.assign(bridge=np.asarray(bridge, dtype=bool))
    active_a = _active(ties, "new")
    active_b = _active(ties, "dissolved")
    return ChangeLayer(
        wave_a=wave_a,
        wave_b=wave_b,
        relations=tuple(rels),
        ties=ties,
        baseline=baseline,
        entered=frozenset(active_b - active_a),
        left=frozenset(active_a - active_b),
        internal_only=internal_only,
    )


def _active(ties: pd.DataFrame, absent: str) -> set[str]:
    part = ties[ties["status"] != absent]
    return set(part["source"].astype(str)) | set(part["target"].astype(str))


def union_view(network: Network, layer: ChangeLayer) -> NetworkView:
    """Undirected view of the ties of either wave: the layout and degree of a change map.

    Each tie weighs its largest weight over the two waves; ties of several relations
    between a pair add up (as :meth:`tramas.graph.Network.view` merges relations).
    """
    actors = network.actors
    if layer.internal_only and "internal" in actors:
        actors = actors[actors["internal"].fillna(True).astype(bool)]
    t = layer.ties
    t = t[(t["source"] != t["target"])]
    src, tgt = t["source"].astype(str), t["target"].astype(str)
    weight = (
        pd.concat([t["weight_a"], t["weight_b"]], axis=1)
        .apply(pd.to_numeric, errors="coerce")
        .max(axis=1)
        .fillna(1.0)
    )
    edges = pd.DataFrame(
        {
            "source": np.minimum(src, tgt),
            "target": np.maximum(src, tgt),
            "relation": t["relation"].astype(str).to_numpy(),
            "weight": weight.to_numpy(dtype=float),
        }
    )
    # both arcs of a directed pair count once per relation, then relations add up
    edges = edges.groupby(["source", "target", "relation"], as_index=False, sort=False)[
        "weight"
    ].max()
    edges = merge_relations(edges)
    return NetworkView.from_frames(
        actors,
        edges,
        directed=False,
        relations=layer.relations,
        wave=f"{layer.wave_a}->{layer.wave_b}",
    )


def change_edges(
    network: Network, layer: ChangeLayer, rels: list[str], ids: pd.Index
) -> tuple[pd.DataFrame, list[bool]]:
    """The ties of either wave among ``ids``, one edge per tie, with their status.

    Returns
    -------
    edges, directed
        ``source``, ``target``, ``weight`` (the later wave's, or the baseline's for a
        dissolved tie), ``relation``, ``rel`` (index into ``rels``), ``status`` (index
        into :data:`STATUSES`), ``weight_a``, ``weight_b``, ``bridge``; loops dropped;
        and whether each relation is directed.
    """
    keep = set(map(str, ids))
    t = layer.ties
    t = t[
        t["relation"].isin(rels)
        & t["source"].astype(str).isin(keep)
        & t["target"].astype(str).isin(keep)
        & (t["source"] != t["target"])
    ]
    wa = pd.to_numeric(t["weight_a"], errors="coerce").astype(float)
    wb = pd.to_numeric(t["weight_b"], errors="coerce").astype(float)
    rel_index = {r: i for i, r in enumerate(rels)}
    status_index = {s: i for i, s in enumerate(STATUSES)}
    edges = pd.DataFrame(
        {
            "source": t["source"].astype(str).to_numpy(),
            "target": t["target"].astype(str).to_numpy(),
            "weight": wb.fillna(wa).fillna(1.0).to_numpy(),
            "relation": t["relation"].to_numpy(),
            "rel": t["relation"].map(rel_index).to_numpy(dtype=int),
            "status": t["status"].map(status_index).to_numpy(dtype=int),
            "weight_a": wa.to_numpy(),
            "weight_b": wb.to_numpy(),
            "bridge": t["bridge"].fillna(False).astype(bool).to_numpy(),
        }
    )
    directed = [bool(network.relations[r].directed) for r in rels]
    return edges, directed


# ---------------------------------------------------------------------------- page parts
def _number(value: float) -> float | None:
    return None if value is None or not np.isfinite(value) else round(float(value), 4)


def change_payload(
    layer: ChangeLayer,
    rows: list[list[Any]],
    *,
    lang: str,
) -> dict[str, Any]:
    """The ``change`` block of the page data.

    ``rows`` hold, per drawn edge (same order as ``data.edges``): status index, weight in
    the baseline, weight in the later wave (``None`` when absent) and the bridge flag
    (actor maps) or number of new bridges (community maps).
    """
    a, b = layer.wave_a, layer.wave_b
    return {
        "waves": [a, b],
        "statuses": [
            {"key": s, "label": text(lang, f"status_{s}"), **STATUS_STYLES[s]} for s in STATUSES
        ],
        "bridge": {"color": BRIDGE_HALO},
        "rings": RING_STYLES,
        "edges": [[int(s), _number(wa), _number(wb), int(br)] for s, wa, wb, br in rows],
        "fields": {
            "status": text(lang, "f_change"),
            "weight_a": text(lang, "f_weight_in", wave=a),
            "weight_b": text(lang, "f_weight_in", wave=b),
            "bridge": text(lang, "f_bridge"),
            "bridges": text(lang, "f_bridges"),
        },
        "yes": text(lang, "yes"),
    }


def change_statuses(lang: str) -> tuple[dict[str, Any], ...]:
    """Status filter entries of the page: key, label and colour."""
    return tuple(
        {"key": s, "label": text(lang, f"status_{s}"), **STATUS_STYLES[s]} for s in STATUSES
    )


def change_legend(
    layer: ChangeLayer,
    status: np.ndarray,
    bridges: np.ndarray,
    rings: set[str],
    *,
    lang: str,
) -> list[LegendSection]:
    """Legend of the tie statuses (those drawn), new bridges, and entering/leaving actors."""
    a, b = layer.wave_a, layer.wave_b
    present = set(np.asarray(status, dtype=int).tolist())
    entries = [
        LegendEntry(
            label=text(lang, f"legend_{s}", a=a, b=b),
            color=STATUS_STYLES[s]["color"],
            dashed=bool(STATUS_STYLES[s]["dashes"]),
            width=3.0,
        )
        for i, s in enumerate(STATUSES)
        if i in present
    ]
    if np.asarray(bridges).any():
        entries.append(
            LegendEntry(
                label=text(lang, "legend_bridge", a=a),
                color=STATUS_STYLES["new"]["color"],
                width=3.0,
                halo=BRIDGE_HALO,
            )
        )
    sections = [
        LegendSection(
            title=text(lang, "change_colour", a=a, b=b), kind="line", entries=tuple(entries)
        )
    ]
    ring_entries = tuple(
        LegendEntry(
            label=text(lang, f"legend_{r}", a=a, b=b),
            shape="ring-dashed" if RING_STYLES[r]["dashes"] else "ring",
            color=RING_STYLES[r]["color"],
        )
        for r in ("entered", "left")
        if r in rings
    )
    if ring_entries:
        sections.append(
            LegendSection(title=text(lang, "actors_change"), kind="shape", entries=ring_entries)
        )
    return sections


def actor_rings(layer: ChangeLayer, ids: pd.Index) -> list[str | None]:
    """``"entered"``, ``"left"`` or ``None`` for each actor of ``ids``."""
    return [
        "entered" if i in layer.entered else "left" if i in layer.left else None
        for i in map(str, ids)
    ]


def actor_change_fields(
    layer: ChangeLayer, ids: pd.Index, *, lang: str
) -> tuple[list[str], list[list[str]]]:
    """Tooltip fields of a change map's actors: their change and partners in each wave.

    Returns
    -------
    fields, rows
        Field names and, per actor of ``ids``, the values (blank when unchanged).
    """
    a, b = layer.wave_a, layer.wave_b
    words = {"entered": text(lang, "entered_in", b=b), "left": text(lang, "left_after", a=a)}
    change = [words.get(r or "", "") for r in actor_rings(layer, ids)]
    part_a = layer.partners("a").reindex(ids.astype(str)).fillna(0).astype(int)
    part_b = layer.partners("b").reindex(ids.astype(str)).fillna(0).astype(int)
    fields = [
        text(lang, "f_change"),
        text(lang, "f_partners_in", wave=a),
        text(lang, "f_partners_in", wave=b),
    ]
    rows = [
        [c, format_number(int(x), lang, "sig3"), format_number(int(y), lang, "sig3")]
        for c, x, y in zip(change, part_a, part_b, strict=True)
    ]
    return fields, rows


def change_summary(
    layer: ChangeLayer, status: np.ndarray, bridges: np.ndarray, *, lang: str
) -> str:
    """One sentence for the page header and the command line."""
    counts = np.bincount(np.asarray(status, dtype=int), minlength=len(STATUSES))
    return text(
        lang,
        "change_map",
        a=layer.wave_a,
        b=layer.wave_b,
        new=int(counts[0]),
        dissolved=int(counts[1]),
        stable=int(counts[2]),
        bridges=int(np.asarray(bridges, dtype=float).sum()),
        entered=len(layer.entered),
        left=len(layer.left),
    )
