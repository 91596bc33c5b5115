"""Upgrading of cluster firms by the governance of the value chain they mainly sell into.

Humphrey & Schmitz (2000, 2002) expect the governance of a chain to shape the upgrading a
supplier achieves: in a *quasi-hierarchy* the buyer teaches and demands **process** and
**product** upgrading but keeps design, marketing and branding to itself, so
**functional** upgrading is low; in *market* chains (often domestic and regional ones)
functional upgrading is more open. The Sinos valley footwear study (Bazan &
Navas-Alemán 2004) tabulated upgrading by chain this way. tramas groups firms by the
governance of their **main chain** and tests these expectations on the data with
Fisher's exact test, saying how many firms the verdict rests on.

Main chain
    The governance of a supplier's main chain is that of its tie with the largest
    ``buyer_share`` (among ties with a share; of equal shares, a known governance first,
    then :data:`~tramas.metrics.governance.GOVERNANCE_ORDER`). When none of its ties has
    a share, it is the most frequent *known* governance of its ties (ties broken by
    ``GOVERNANCE_ORDER``), ``unknown`` when none is known. A largest-share tie of
    unknown governance leaves the main chain unknown: never guessed.

Upgrading
    Each kind (process, product, functional, intersectoral) is yes when the firm's score
    is above 0 (1/0 answers or an ordinal score), no at 0, missing when not reported.
    Scores come from :attr:`tramas.graph.Network.upgrading`: rows of the chosen wave, a
    row of wave ``""`` (any wave) filling what they leave missing; with ``wave="all"``
    the highest score over all waves (upgrading reported in any wave).

Expectations and verdict
    Each expectation compares two groups of firms with known upgrading in a 2×2 table
    ``[[group yes, group no], [compared yes, compared no]]`` by Fisher's exact test,
    one-sided in the expected direction. The verdict is ``not_enough_data`` when either
    group has fewer than ``min_group`` (5) firms or the table has a zero margin (nobody,
    or everybody, reports that upgrading); else ``consistent`` when the one-sided
    p-value is below ``alpha`` (0.10); else ``not_consistent`` — the data do not show
    the expected difference, which is not evidence of its absence with few firms.

References
----------
Humphrey, J. & Schmitz, H. (2000). Governance and upgrading: linking industrial cluster
and global value chain research. *IDS Working Paper* 120.

Humphrey, J. & Schmitz, H. (2002). How does insertion in global value chains affect
upgrading in industrial clusters? *Regional Studies* 36(9), 1017-1027.

Bazan, L. & Navas-Alemán, L. (2004). The underground revolution in the Sinos Valley: a
comparison of upgrading in global and national value chains. In H. Schmitz (ed.),
*Local Enterprises in the Global Economy*, Edward Elgar, 110-139.

Gereffi, G., Humphrey, J. & Sturgeon, T. (2005). The governance of global value chains.
*Review of International Political Economy* 12(1), 78-104.

Fisher, R. A. (1922). On the interpretation of χ² from contingency tables, and the
calculation of P. *Journal of the Royal Statistical Society* 85(1), 87-94.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
from scipy.stats import fisher_exact

from tramas.graph.network import Network
from tramas.metrics.governance import UNKNOWN, governance_rank

__all__ = [
    "ALPHA",
    "EXPECTATIONS",
    "MIN_GROUP",
    "UPGRADING_KINDS",
    "expectations",
    "firm_upgrading",
    "main_chain",
    "upgrading_by_governance",
]

#: The kinds of upgrading (Humphrey & Schmitz 2002), as in ``upgrading_<kind>`` columns.
UPGRADING_KINDS: tuple[str, ...] = ("process", "product", "functional", "intersectoral")
#: Fewest firms with known upgrading each compared group needs for a verdict.
MIN_GROUP = 5
#: One-sided p-value below which the data are consistent with an expectation.
ALPHA = 0.10
#: Humphrey & Schmitz's expectations: key, group, compared with (``"other"``: every
#: other firm of known governance), kind, expected, one-sided alternative. ``lead`` is
#: the buyer-led governance: ``quasi_hierarchy`` (``captive`` in Gereffi's scheme).
EXPECTATIONS: tuple[tuple[str, str, str, str, str, str], ...] = (
    ("quasi_hierarchy_process", "lead", "other", "process", "high", "greater"),
    ("quasi_hierarchy_product", "lead", "other", "product", "high", "greater"),
    ("quasi_hierarchy_functional", "lead", "other", "functional", "low", "less"),
    ("market_functional", "market", "lead", "functional", "higher_than_lead", "greater"),
)
_GEREFFI_ONLY = {"modular", "relational", "captive"}
_HS_ONLY = {"network", "quasi_hierarchy"}


def main_chain(gov: pd.DataFrame, network: Network) -> pd.Series:
    """The governance of each supplier's main chain.

    Parameters
    ----------
    gov:
        Ties with their governance (:func:`~tramas.metrics.governance.tie_governance`).
    network:
        The network; suppliers that are external actors (``internal`` false) are left
        out.

    Returns
    -------
    pandas.Series
        ``main_governance`` by supplier id (sorted), ``unknown`` when not known.

    Notes
    -----
    The main chain is the tie with the largest ``buyer_share``; without shares, the most
    frequent known governance; ties broken by ``GOVERNANCE_ORDER`` (module docstring).

    Examples
    --------
    >>> gov = pd.DataFrame({"source": ["a", "a", "b", "b", "b"],
    ...     "governance": ["market", "quasi_hierarchy", "market", "network", "network"],
    ...     "buyer_share": [0.2, 0.6, None, None, None]})
    >>> net = Network(actors=pd.DataFrame(index=["a", "b"]), ties=pd.DataFrame(
    ...     {"source": [], "target": [], "relation": []}))
    >>> main_chain(gov, net).to_dict()
    {'a': 'quasi_hierarchy', 'b': 'network'}
    """
    if gov.empty:
        return pd.Series(dtype=object, name="main_governance", index=pd.Index([], name="id"))
    internal = network.actors["internal"].reindex(gov["source"].astype(str))
    keep = ~(internal == False).fillna(False).to_numpy(dtype=bool)  # noqa: E712
    part = gov.loc[keep]
    shares = part["buyer_share"] if "buyer_share" in part.columns else pd.Series(np.nan, part.index)
    frame = pd.DataFrame(
        {
            "source": part["source"].astype(str),
            "governance": part["governance"].astype(str),
            "share": pd.to_numeric(shares, errors="coerce"),
        }
    )
    result = {supplier: _main(ties) for supplier, ties in frame.groupby("source", sort=True)}
    index = pd.Index(list(result), name="id", dtype=object)
    return pd.Series(list(result.values()), index=index, name="main_governance", dtype=object)


def firm_upgrading(network: Network, gov: pd.DataFrame, *, wave: str | None = None) -> pd.DataFrame:
    """Per firm: the governance of its main chain and the upgrading it reports.

    Parameters
    ----------
    network:
        The network; its :attr:`~tramas.graph.Network.upgrading` table holds the scores.
    gov:
        Ties with their governance (:func:`~tramas.metrics.governance.tie_governance`).
    wave:
        A wave label, ``None`` (the latest) or ``"all"`` (the highest score over waves).

    Returns
    -------
    pandas.DataFrame
        Indexed by actor id (the internal firms — ``kind`` firm, or every internal
        actor when there is no ``kind`` — and any actor with upgrading data):
        ``main_governance`` (:func:`main_chain`; ``unknown`` for a firm without a
        value-chain tie), ``chain_ties`` (its ties as a supplier),
        ``upgrading_process``, ``upgrading_product``, ``upgrading_functional``,
        ``upgrading_intersectoral`` (boolean: score > 0; ``<NA>`` not reported) and
        ``functions`` (``;``-separated, ``""`` when not reported).

    Examples
    --------
    >>> actors = pd.DataFrame({"kind": ["firm", "firm"], "internal": True}, index=["a", "b"])
    >>> up = pd.DataFrame({"id": ["a"], "wave": [""], "upgrading_process": [2.0],
    ...                    "upgrading_functional": [0.0], "functions": ["design"]})
    >>> net = Network(actors=actors, ties=pd.DataFrame(
    ...     {"source": [], "target": [], "relation": []}), upgrading=up)
    >>> gov = pd.DataFrame({"source": ["a"], "governance": ["market"]})
    >>> t = firm_upgrading(net, gov)
    >>> t["main_governance"].tolist(), t["chain_ties"].tolist()
    (['market', 'unknown'], [1, 0])
    >>> t["upgrading_process"].tolist(), t["upgrading_functional"].tolist()
    ([True, <NA>], [False, <NA>])
    """
    scores = _scores(network, wave)
    actors = network.actors
    firm = actors["internal"].fillna(False).astype(bool)
    if "kind" in actors.columns:
        firm &= actors["kind"].astype(object).eq("firm").fillna(False).astype(bool)
    ids = sorted(set(actors.index[firm.to_numpy(dtype=bool)]) | set(scores.index))
    main = main_chain(gov, network)
    counts = gov["source"].astype(str).value_counts() if not gov.empty else pd.Series(dtype=int)
    out = pd.DataFrame(index=pd.Index(ids, name="id", dtype=object))
    out["main_governance"] = main.reindex(out.index).fillna(UNKNOWN).astype(object)
    out["chain_ties"] = counts.reindex(out.index).fillna(0).astype(int)
    for kind in UPGRADING_KINDS:
        values = scores[f"upgrading_{kind}"].reindex(out.index)
        yes = pd.Series(pd.NA, index=out.index, dtype="boolean")
        known = values.notna()
        yes[known] = values[known] > 0
        out[f"upgrading_{kind}"] = yes
    out["functions"] = scores["functions"].reindex(out.index).fillna("").astype(object)
    return out


def upgrading_by_governance(firms: pd.DataFrame) -> pd.DataFrame:
    """For each governance of the main chain and each kind: how many firms upgrade.

    Returns
    -------
    pandas.DataFrame
        ``governance``, ``kind``, ``firms`` (firms of that main governance), ``known``
        (of them, those who answered on that kind), ``reporting`` (those reporting it)
        and ``share`` (``reporting / known``; NaN when nobody answered). Governance in
        ``GOVERNANCE_ORDER`` with ``unknown`` last; kinds in :data:`UPGRADING_KINDS`.

    Examples
    --------
    >>> firms = pd.DataFrame({"main_governance": ["market", "market", "hierarchy"],
    ...     "upgrading_process": pd.array([True, None, False], dtype="boolean")})
    >>> t = upgrading_by_governance(firms)
    >>> t[t.kind == "process"].values.tolist()
    [['market', 'process', 2, 1, 1, 1.0], ['hierarchy', 'process', 1, 1, 0, 0.0]]
    """
    rows: list[dict[str, Any]] = []
    labels = sorted(firms["main_governance"].astype(str).unique(), key=governance_rank)
    for label in labels:
        group = firms[firms["main_governance"].astype(str) == label]
        for kind in UPGRADING_KINDS:
            column = f"upgrading_{kind}"
            values = group[column] if column in group.columns else pd.Series(dtype="boolean")
            known = int(values.notna().sum())
            reporting = int(values.fillna(False).astype(bool).sum())
            rows.append(
                {
                    "governance": label,
                    "kind": kind,
                    "firms": len(group),
                    "known": known,
                    "reporting": reporting,
                    "share": reporting / known if known else float("nan"),
                }
            )
    columns = ["governance", "kind", "firms", "known", "reporting", "share"]
    return pd.DataFrame(rows, columns=columns)


def expectations(
    firms: pd.DataFrame,
    *,
    scheme: str | None = None,
    min_group: int = MIN_GROUP,
    alpha: float = ALPHA,
) -> list[dict[str, Any]]:
    """Test Humphrey & Schmitz's expectations on upgrading by governance.

    Parameters
    ----------
    firms:
        :func:`firm_upgrading`.
    scheme:
        The governance scheme of ``firms``; in ``gereffi`` the buyer-led governance is
        ``captive`` instead of ``quasi_hierarchy``. ``None``: ``gereffi`` when the firms'
        main governance uses only that scheme's own labels.
    min_group, alpha:
        The verdict rule (module docstring): at least ``min_group`` firms with known
        upgrading in each group; consistent when the one-sided p < ``alpha``.

    Returns
    -------
    list of dict
        One per expectation (:data:`EXPECTATIONS`): ``key``, ``governance`` (the group),
        ``compared_with`` (a governance, or ``"other"``: every other firm of known
        governance), ``kind``, ``expected`` (``high``, ``low``,
        ``higher_than_lead``), ``test`` (``fisher``), ``alternative``, ``table``
        (``[[group yes, group no], [compared yes, compared no]]``), ``n``, ``n_group``,
        ``n_compared``, ``p_value`` and ``odds_ratio`` (``None`` without a verdict or
        when infinite), ``verdict`` (``consistent``, ``not_consistent``,
        ``not_enough_data``), ``min_group`` and ``alpha``.

    Notes
    -----
    Fisher's exact one-sided p-value of ``greater`` is :math:`P(X \\ge a)` for
    :math:`X` hypergeometric with the table's margins (``less``: :math:`P(X \\le a)`),
    :math:`a` the group's yes count (Fisher 1922).

    Examples
    --------
    >>> firms = pd.DataFrame({"main_governance": ["quasi_hierarchy"] * 6 + ["market"] * 6,
    ...     "upgrading_process": pd.array([True] * 6 + [False] * 5 + [True], dtype="boolean")})
    >>> e = expectations(firms)[0]
    >>> e["key"], e["table"], round(e["p_value"], 4), e["verdict"]
    ('quasi_hierarchy_process', [[6, 0], [1, 5]], 0.0076, 'consistent')
    """
    labels = set(firms["main_governance"].astype(str))
    if scheme is None:
        scheme = "gereffi" if labels & _GEREFFI_ONLY and not labels & _HS_ONLY else ""
    lead = "captive" if scheme == "gereffi" else "quasi_hierarchy"
    governance = firms["main_governance"].astype(str)
    results = []
    for key, group, compared, kind, expected, alternative in EXPECTATIONS:
        group_label = lead if group == "lead" else group
        compared_label = lead if compared == "lead" else compared
        column = f"upgrading_{kind}"
        values = (
            firms[column]
            if column in firms.columns
            else pd.Series(pd.NA, index=firms.index, dtype="boolean")
        )
        in_group = governance == group_label
        if compared_label == "other":
            in_compared = (governance != group_label) & (governance != UNKNOWN)
        else:
            in_compared = governance == compared_label
        table = [_yes_no(values[in_group]), _yes_no(values[in_compared])]
        n_group, n_compared = sum(table[0]), sum(table[1])
        zero_margin = min(n_group, n_compared, table[0][0] + table[1][0]) == 0 or (
            table[0][1] + table[1][1] == 0
        )
        p_value = odds = None
        if n_group < min_group or n_compared < min_group or zero_margin:
            verdict = "not_enough_data"
        else:
            test = fisher_exact(table, alternative=alternative)
            p_value = float(test.pvalue)
            ratio = float(test.statistic)
            odds = ratio if np.isfinite(ratio) else None
            verdict = "consistent" if p_value < alpha else "not_consistent"
        results.append(
            {
                "key": key,
                "governance": group_label,
                "compared_with": compared_label,
                "kind": kind,
                "expected": expected,
                "test": "fisher",
                "alternative": alternative,
                "table": table,
                "n": n_group + n_compared,
                "n_group": n_group,
                "n_compared": n_compared,
                "p_value": p_value,
                "odds_ratio": odds,
                "verdict": verdict,
                "min_group": min_group,
                "alpha": alpha,
            }
        )
    return results


# ---------------------------------------------------------------------------- helpers
def _main(ties: pd.DataFrame) -> str:
    shared = ties[ties["share"].notna()]
    if not shared.empty:
        top = shared[shared["share"] == shared["share"].max()]["governance"]
        known = [g for g in top if g != UNKNOWN]
        return min(known, key=governance_rank) if known else UNKNOWN
    known = ties.loc[ties["governance"] != UNKNOWN, "governance"]
    if known.empty:
        return UNKNOWN
    counts = known.value_counts()
    best = counts[counts == counts.max()].index
    return min(best, key=governance_rank)


def _yes_no(values: pd.Series) -> list[int]:
    known = values.dropna().astype(bool)
    return [int(known.sum()), int((~known).sum())]


def _scores(network: Network, wave: str | None) -> pd.DataFrame:
    """Upgrading scores and functions per actor for the wave (module docstring)."""
    columns = [f"upgrading_{k}" for k in UPGRADING_KINDS]
    table = getattr(network, "upgrading", None)
    if table is None or table.empty or "id" not in table.columns:
        empty = pd.DataFrame({c: pd.Series(dtype=float) for c in columns})
        empty["functions"] = pd.Series(dtype=object)
        return empty.set_axis(pd.Index([], name="id", dtype=object))
    up = pd.DataFrame({"id": table["id"].astype(str)})
    wave_col = table["wave"] if "wave" in table.columns else pd.Series("", index=table.index)
    up["wave"] = wave_col.astype(object).where(wave_col.notna(), "").astype(str).str.strip()
    for c in columns:
        up[c] = pd.to_numeric(table[c], errors="coerce") if c in table.columns else np.nan
    raw = table["functions"] if "functions" in table.columns else pd.Series("", table.index)
    up["functions"] = raw.astype(object).where(raw.notna(), "").astype(str).str.strip()
    label = network.select_wave(wave)
    if label is None:
        return _collapse(up, columns)
    specific = _collapse(up[up["wave"] == label], columns)
    generic = _collapse(up[up["wave"] == ""], columns)
    merged = specific.replace({"functions": {"": np.nan}}).combine_first(
        generic.replace({"functions": {"": np.nan}})
    )
    merged["functions"] = merged["functions"].fillna("").astype(object)
    return merged[[*columns, "functions"]]


def _collapse(up: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    """One row per actor: the highest score of each kind, the union of the functions."""
    grouped = up.groupby("id", sort=True)
    out = grouped[columns].max()
    out["functions"] = grouped["functions"].agg(_union)
    out.index = out.index.astype(object)
    return out


def _union(values: pd.Series) -> str:
    seen = dict.fromkeys(f.strip() for text in values for f in str(text).split(";") if f.strip())
    return ";".join(seen)
