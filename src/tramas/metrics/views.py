"""The views one analysis measures, chosen once: :func:`wave_views`.

An analysis measures the view it was asked for, and its roles and figures read three
relations of the same wave over the same actors: *knowledge* (who learns from whom),
*trade* (supply flows) and *cooperation* (with each report's orientation). This module
is the one place that picks them from a :class:`~tramas.graph.Network`; the measure
functions (:mod:`tramas.metrics.roles`, :mod:`tramas.metrics.figures`) take the views
and tables and never select anything themselves.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from tramas.graph.network import Network, NetworkView

__all__ = ["COOPERATION", "KNOWLEDGE", "TRADE", "WaveViews", "cooperation_ties", "wave_views"]

#: Relation names the roles and figures read, when the study has them.
KNOWLEDGE = "knowledge"
TRADE = "trade"
COOPERATION = "cooperation"


@dataclass(frozen=True)
class WaveViews:
    """What one analysis measures.

    Attributes
    ----------
    analysed:
        The analysed view.
    knowledge:
        The ``knowledge`` relation of the same wave over the analysed actors, unweighted
        (knowledge out-degree of lead firms, cognitive roles); ``None`` when the study
        has no such relation or the analysis was given a view.
    trade:
        The ``trade`` relation of the same wave over the analysed actors, weighted
        (trade PageRank of lead firms); ``None`` likewise.
    cooperation:
        The canonical ``cooperation`` ties of the wave, every report with its
        ``orientation`` (cooperation counts, vertical partners of lead firms); ``None``
        likewise.
    """

    analysed: NetworkView
    knowledge: NetworkView | None = None
    trade: NetworkView | None = None
    cooperation: pd.DataFrame | None = None


def wave_views(network: Network | None, view: NetworkView) -> WaveViews:
    """The knowledge, trade and cooperation selections that go with an analysed view.

    Parameters
    ----------
    network:
        The network the view was made from, or ``None`` (a view analysed as it is:
        the roles then take their components from the view).
    view:
        The analysed view (made by :meth:`~tramas.graph.Network.view`): its wave and
        actors are those of the other selections. A view of every wave merged
        (``view.wave`` ``None``) selects every wave.

    Returns
    -------
    WaveViews

    Examples
    --------
    >>> ties = pd.DataFrame({"source": ["a", "b"], "target": ["b", "c"],
    ...                      "relation": ["knowledge", "trade"]})
    >>> net = Network(actors=pd.DataFrame(index=["a", "b", "c"]), ties=ties)
    >>> views = wave_views(net, net.view())
    >>> views.knowledge.n_ties, views.trade.n_ties, views.cooperation is None
    (1, 1, True)
    """
    if network is None:
        return WaveViews(analysed=view)
    wave = "all" if view.wave is None else view.wave
    ids = view.ids

    def relation(name: str, weight: str | None) -> NetworkView | None:
        if name not in network.relations:
            return None
        return network.view(name, wave=wave, actors=ids, weight=weight)

    return WaveViews(
        analysed=view,
        knowledge=relation(KNOWLEDGE, None),
        trade=relation(TRADE, "weight"),
        cooperation=cooperation_ties(network, wave),
    )


def cooperation_ties(network: Network, wave: str | None) -> pd.DataFrame | None:
    """The ``cooperation`` ties of a wave (as :meth:`~tramas.graph.Network.select_ties`),
    or ``None`` when the study has no such relation."""
    if COOPERATION not in network.relations:
        return None
    return network.select_ties(COOPERATION, wave)
