"""Value chains planted in the sample: markets, governance evidence on sales ties, upgrading.

Every sale (``trade`` tie, supplier -> buyer) gets its destination ``market`` and the survey
evidence from which governance is derived (``spec_setter``, ``buyer_monitors``,
``buyer_share``, ``ownership_link``, ``intermediary``), drawn from a planted governance:
US buyers mostly quasi-hierarchical, European buyers mixed (the British importer mostly
quasi-hierarchical, the German one mostly network), Latin American, Chinese and domestic
buyers mostly market-based, growers selling grapes to lead firms half under the lead firm's
specifications, and the US-owned bodega in a hierarchy with its parent importer (Humphrey &
Schmitz 2002). About 3 % of sales lack ``spec_setter`` (planted ``unknown``) and about 2 %
carry evidence that contradicts their planted governance (survey noise), so the default
rules recover about 95-98 % of the planted governance, not all of it.

Every internal respondent firm reports, per wave, the upgrading it achieved and the
functions it performs, drawn from the governance of its main chain as Humphrey & Schmitz
expect: quasi-hierarchical chains bring process and product upgrading often and
functional upgrading rarely; market chains leave functional upgrading more open.

Everything here is drawn from its own random stream (``default_rng([seed, 15])``), after
the rest of the sample is drawn, so the value chains change none of the sample's other
figures.

References
----------
Humphrey, J. & Schmitz, H. (2002). How does insertion in global value chains affect
upgrading in industrial clusters? *Regional Studies* 36(9), 1017-1027.
Gereffi, G., Humphrey, J. & Sturgeon, T. (2005). The governance of global value chains.
*Review of International Political Economy* 12(1), 78-104.
Bazan, L. & Navas-Alemán, L. (2004). The underground revolution in the Sinos Valley.
In H. Schmitz (ed.), *Local Enterprises in the Global Economy*, 110-139. Edward Elgar.
Altenburg, T. & Meyer-Stamer, J. (1999). How to promote clusters: policy experiences from
Latin America. *World Development* 27(9), 1693-1713.

Examples
--------
>>> ties = pd.DataFrame({"source": ["A"], "target": ["X"], "relation": ["trade"],
...                      "wave": ["2023"], "governance": ["market"]})
>>> cast = {"role": {"A": "ordinary", "X": "buyer"}, "key": {"A": "bodega", "X": "br"},
...         "stage": {"A": "elaboración"}, "answered": {"A": True}, "present": {"A": ("2023",)}}
>>> vc = plant_value_chains(ties, cast, seed=7)
>>> vc.ties.loc[0, "market"]
'latin_america'
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

__all__ = [
    "BOOLEAN_COLUMNS",
    "CLUSTER_STAGE",
    "CLUSTER_TYPE",
    "FUNCTIONS",
    "MARKETS",
    "UPGRADING_COLUMNS",
    "UPGRADING_KINDS",
    "UPGRADING_P",
    "VALUE_CHAIN_COLUMNS",
    "ValueChains",
    "main_chain",
    "plant_value_chains",
]

#: Columns added to the ties table (empty on ties of other relations).
VALUE_CHAIN_COLUMNS: tuple[str, ...] = (
    "market", "spec_setter", "buyer_monitors", "buyer_share", "ownership_link", "intermediary",
)  # fmt: skip
#: The evidence columns written ``true`` / ``false`` / empty.
BOOLEAN_COLUMNS: tuple[str, ...] = ("buyer_monitors", "ownership_link", "intermediary")
#: Kinds of upgrading (Humphrey & Schmitz 2002), columns ``upgrading_<kind>``.
UPGRADING_KINDS: tuple[str, ...] = ("process", "product", "functional", "intersectoral")
#: Columns of ``upgrading.csv``.
UPGRADING_COLUMNS: tuple[str, ...] = (
    "id", "wave", *(f"upgrading_{k}" for k in UPGRADING_KINDS), "functions",
)  # fmt: skip
#: Functions a firm may perform, in the order ``functions`` lists them.
FUNCTIONS: tuple[str, ...] = (
    "production", "logistics", "sales", "marketing", "design", "own_brand", "r_and_d",
)  # fmt: skip

# fmt: off
#: Destination market of a sale, by the external buyer's key; sales to internal buyers and
#: to the Buenos Aires distributor are ``domestic``.
MARKETS: dict[str, str] = {
    "uk": "europe", "de": "europe", "us": "us", "br": "latin_america", "cn": "other",
    "ba": "domestic",
}
#: The governance planted on sales without a stated one, by buyer (external key, ``lead``
#: for growers selling to a lead firm, ``internal`` for other sales inside the cluster).
_PLAN: dict[str, dict[str, float]] = {
    "us": {"quasi_hierarchy": 0.9, "network": 0.1},
    "uk": {"quasi_hierarchy": 0.7, "network": 0.3},
    "de": {"network": 0.7, "quasi_hierarchy": 0.3},
    "br": {"market": 0.85, "network": 0.15},
    "cn": {"market": 1.0},
    "ba": {"market": 0.85, "quasi_hierarchy": 0.15},
    "lead": {"quasi_hierarchy": 0.5, "market": 0.5},
    "internal": {"market": 0.85, "network": 0.1, "quasi_hierarchy": 0.05},
}
#: Share of sales whose planted governance differs from the governance the survey states.
_DISAGREE = 0.1
#: Share of sales without ``spec_setter`` (planted ``unknown``) and with contradicting evidence.
_UNKNOWN, _NOISE = 0.03, 0.02
#: Probability that the buyer monitors the supplier's process, by planted governance.
_MONITORS = {"hierarchy": 1.0, "quasi_hierarchy": 0.85, "network": 0.25, "market": 0.05,
             "unknown": 0.3}
#: Relative weight of a sale in the supplier's sales, by planted governance.
_SHARE_WEIGHT = {"hierarchy": 6.0, "quasi_hierarchy": 4.0, "network": 2.0, "market": 1.0,
                 "unknown": 1.0}
#: Evidence that contradicts each governance (survey noise): a ``spec_setter`` value.
_CONTRADICT = {"quasi_hierarchy": ("standard", "joint"), "network": ("buyer", "supplier"),
               "market": ("joint", "buyer")}
#: Share of cells left empty: (buyer_monitors, buyer_share, ownership_link, intermediary).
_MISSING = (0.05, 0.06, 0.04, 0.05)
#: Probability of reporting each kind of upgrading, by the governance of the main chain.
UPGRADING_P: dict[str, tuple[float, float, float, float]] = {
    "hierarchy": (0.85, 0.75, 0.05, 0.0),
    "quasi_hierarchy": (0.8, 0.7, 0.1, 0.05),
    "network": (0.6, 0.6, 0.4, 0.1),
    "market": (0.35, 0.3, 0.5, 0.1),
    "unknown": (0.3, 0.25, 0.2, 0.05),
}
#: Functions every firm of a value-chain stage performs.
_BASE_FUNCTIONS = {
    "elaboración": ("production", "sales"), "viñedo": ("production",),
    "vivero": ("production", "sales"), "insumos": ("production", "sales"),
    "servicios": ("logistics",), "comercialización": ("sales", "logistics"),
    "turismo": ("sales", "marketing"),
}
#: Order in which governance types win a tie for a firm's main chain (Humphrey & Schmitz).
_ORDER = ("market", "network", "quasi_hierarchy", "hierarchy")

#: The planted Altenburg & Meyer-Stamer (1999) type of the sample cluster, with its reason.
CLUSTER_TYPE: dict[str, Any] = {
    "key": "mass_production",
    "label": "advanced and differentiated mass production",
    "reason": (
        "A heterogeneous cluster: mostly small and micro firms, but anchored by four large "
        "lead firms (a national bodega, a cooperative and two foreign-owned bodegas) that "
        "buy from local growers and suppliers and export to the US, Europe and Latin America; "
        "differentiated products (premium, boutique, bulk), certifications and eleven local "
        "support institutions. Not a survival cluster (it has large, exporting lead firms and "
        "dense institutions) and not a cluster of transnational corporations (only two of the "
        "four lead firms and three of about 94 firms are foreign-owned, most sales and "
        "cooperation stay among local firms)."
    ),
}
#: The planted development stage of the sample cluster, with its reason.
CLUSTER_STAGE: dict[str, Any] = {
    "key": "consolidated",
    "reason": (
        "Lead firms founded decades ago, a full set of suppliers and support institutions, "
        "exports established, and few firms entering (two in 2025); horizontal cooperation "
        "is still growing between the waves (a cluster initiative) and functional upgrading "
        "is limited in the export chains, so the cluster is consolidated, not yet mature."
    ),
}
# fmt: on


@dataclass(frozen=True)
class ValueChains:
    """The value chains planted in one sample.

    Attributes
    ----------
    ties:
        The ties table with :data:`VALUE_CHAIN_COLUMNS` added (``buyer_share`` float,
        boolean columns of pandas ``boolean`` dtype, ``market`` and ``spec_setter`` str).
    upgrading:
        One row per internal respondent firm and wave, columns :data:`UPGRADING_COLUMNS`
        (upgrading ``Int64``: 1 yes, 0 no, missing when not answered).
    planted:
        The planted truth (``planted_value_chains.json``).
    """

    ties: pd.DataFrame
    upgrading: pd.DataFrame
    planted: dict[str, Any]


def main_chain(rows: list[dict[str, Any]]) -> str:
    """Governance of a supplier's main chain among its sales of one wave.

    The main chain is the sale with the largest known ``buyer_share`` among sales of known
    governance; when no such sale has a share, the most frequent governance (ties broken by
    :data:`_ORDER`, the first wins); ``unknown`` when no sale has a known governance.

    Examples
    --------
    >>> main_chain([{"governance": "market", "buyer_share": 0.2},
    ...             {"governance": "quasi_hierarchy", "buyer_share": 0.5}])
    'quasi_hierarchy'
    >>> main_chain([{"governance": "unknown", "buyer_share": 0.9}])
    'unknown'
    """
    known = [r for r in rows if r["governance"] != "unknown"]
    shared = [r for r in known if pd.notna(r["buyer_share"])]
    if shared:
        return str(max(shared, key=lambda r: r["buyer_share"])["governance"])
    if not known:
        return "unknown"
    counts = {g: sum(r["governance"] == g for r in known) for g in _ORDER}
    return max(_ORDER, key=lambda g: (counts[g], -_ORDER.index(g)))


def plant_value_chains(ties: pd.DataFrame, cast: dict[str, dict], seed: int) -> ValueChains:
    """Plant markets, governance evidence and upgrading in a drawn sample.

    Parameters
    ----------
    ties:
        The sample's ties (``source``, ``target``, ``relation``, ``wave``, stated
        ``governance``); only ``trade`` ties get evidence.
    cast:
        ``role``, ``key`` (actor id -> planted role / firm type or external key),
        ``stage`` (firm -> value-chain stage), ``answered`` (actor -> respondent) and
        ``present`` (firm -> waves it exists in).
    seed:
        The sample's seed; draws come from ``default_rng([seed, 15])``.

    Returns
    -------
    ValueChains
        The ties with the evidence columns, the upgrading table and the planted truth.
    """
    return _Planter(ties, cast, seed).plant()


class _Planter:
    """Draws the value chains of one sample from one random stream, in a fixed order."""

    def __init__(self, ties: pd.DataFrame, cast: dict[str, dict], seed: int) -> None:
        self.ties, self.seed = ties, int(seed)
        self.rng = np.random.default_rng([self.seed, 15])
        self.role, self.key = cast["role"], cast["key"]
        self.stage, self.answered = cast["stage"], cast["answered"]
        self.present = cast["present"]

    # ........................................................ sales
    def _buyer_group(self, source: str, target: str) -> str:
        if target[0] == "X":
            return self.key[target]
        if self.role.get(target, "").startswith("lead") and self.stage.get(source) == "viñedo":
            return "lead"
        return "internal"

    def _draw(self, plan: dict[str, float]) -> str:
        labels = list(plan)
        p = np.array([plan[g] for g in labels])
        return str(labels[self.rng.choice(len(labels), p=p / p.sum())])

    def _planted(self, group: str, stated: str) -> str:
        if stated == "hierarchy":
            return "hierarchy"
        if not stated:
            return self._draw(_PLAN[group])
        if self.rng.random() >= _DISAGREE:
            return stated
        others = {g: p for g, p in _PLAN[group].items() if g != stated}
        return self._draw(others or {"market": 0.5, "network": 0.5})

    def _evidence(self, group: str, planted: str) -> dict[str, Any]:
        rng, export = self.rng, group in MARKETS and MARKETS[group] != "domestic"
        status = "consistent"
        if planted != "hierarchy" and rng.random() < _UNKNOWN:
            planted, status = "unknown", "no_spec_setter"
        elif planted in _CONTRADICT and rng.random() < _NOISE:
            status = "contradicting"
        spec = {
            "hierarchy": "buyer",
            "quasi_hierarchy": "buyer",
            "network": "joint",
            "market": "supplier" if rng.random() < 0.6 else "standard",
            "unknown": "",
        }[planted]
        if status == "contradicting":
            spec = str(rng.choice(_CONTRADICT[planted]))
        p_agent = {"market": 0.4, "quasi_hierarchy": 0.1}.get(planted, 0.05) if export else 0.0
        return {
            "governance": planted,
            "status": status,
            "spec_setter": spec,
            "buyer_monitors": bool(rng.random() < _MONITORS[planted]),
            "ownership_link": planted == "hierarchy",
            "intermediary": bool(rng.random() < p_agent),
        }

    def _sales(self) -> tuple[pd.DataFrame, list[dict[str, Any]]]:
        ties = self.ties.copy()
        trade = ties.index[ties["relation"] == "trade"]
        order = sorted(trade, key=lambda i: tuple(ties.loc[i, ["wave", "source", "target"]]))
        drawn: dict[tuple[str, str], tuple[str, dict[str, Any]]] = {}
        plants: dict[int, dict[str, Any]] = {}
        for i in order:
            s, t, stated = ties.at[i, "source"], ties.at[i, "target"], ties.at[i, "governance"]
            group = self._buyer_group(s, t)
            if (s, t) in drawn and drawn[(s, t)][0] == stated:  # the same relationship goes on
                plants[i] = dict(drawn[(s, t)][1])
                continue
            plants[i] = self._evidence(group, self._planted(group, stated))
            plants[i]["market"] = MARKETS.get(group, "domestic")
            drawn[(s, t)] = (stated, dict(plants[i]))
        # share of the supplier's sales that goes to each buyer, per wave
        by_seller: dict[tuple[str, str], list[int]] = {}
        for i in order:
            by_seller.setdefault((ties.at[i, "wave"], ties.at[i, "source"]), []).append(i)
        for rows in by_seller.values():
            w = np.array([_SHARE_WEIGHT[plants[i]["governance"]] for i in rows])
            w = w * self.rng.uniform(0.5, 1.5, size=len(rows))
            total = self.rng.uniform(0.55, 0.95)
            shares = np.maximum(np.round(w / w.sum() * total, 2), 0.01)
            top = np.argsort(-shares, kind="stable")
            if len(rows) > 1 and shares[top[0]] == shares[top[1]]:
                shares[top[0]] += 0.01  # one main chain, never a tie
            for i, share in zip(rows, shares, strict=True):
                plants[i]["buyer_share"] = round(float(share), 2)
        # a few empty cells, as in any survey (never the ownership of the hierarchy)
        for i in order:
            gaps = self.rng.random(4) < np.array(_MISSING)
            for col, gap in zip(
                ("buyer_monitors", "buyer_share", "ownership_link", "intermediary"),
                gaps,
                strict=True,
            ):
                if gap and not (col == "ownership_link" and plants[i]["ownership_link"]):
                    plants[i][col] = None
        for col in VALUE_CHAIN_COLUMNS:
            values = pd.Series({i: plants[i][col] for i in order}, dtype=object)
            values = values.reindex(ties.index)
            if col in BOOLEAN_COLUMNS:
                ties[col] = values.astype("boolean")
            elif col == "buyer_share":
                ties[col] = pd.to_numeric(values, errors="coerce").astype(float)
            else:
                ties[col] = values.where(values.notna(), "").astype(str)
        rows = [
            {
                "source": ties.at[i, "source"],
                "target": ties.at[i, "target"],
                "wave": ties.at[i, "wave"],
                "market": plants[i]["market"],
                "governance": plants[i]["governance"],
                "gereffi": _gereffi(plants[i]["governance"], plants[i]["spec_setter"]),
                "evidence_status": plants[i]["status"],
                "stated_governance": ties.at[i, "governance"],
                "buyer_share": ties.at[i, "buyer_share"],
            }
            for i in sorted(order)
        ]
        return ties, rows

    # ........................................................ upgrading
    def _upgrading(self, sales: list[dict[str, Any]]) -> tuple[pd.DataFrame, dict[str, Any]]:
        firms = sorted(a for a in self.present if self.answered.get(a))
        chains: dict[str, dict[str, str]] = {}
        rows, functions = [], {}
        for wave in sorted({s["wave"] for s in sales} | {"2023", "2025"}):
            chains[wave] = {}
            for firm in firms:
                if wave not in self.present.get(firm, ()):
                    continue
                mine = [s for s in sales if s["wave"] == wave and s["source"] == firm]
                chain = main_chain(
                    [{**s, "buyer_share": np.nan if pd.isna(s["buyer_share"]) else s["buyer_share"]}
                     for s in mine]
                )  # fmt: skip
                chains[wave][firm] = chain
                p = np.array(UPGRADING_P[chain])
                if self.role[firm].startswith("lead"):
                    p = np.minimum(p + np.array([0.1, 0.1, 0.2, 0.0]), 1.0)
                done = (self.rng.random(4) < p).astype(int)
                row: dict[str, Any] = {"id": firm, "wave": wave}
                for kind, value in zip(UPGRADING_KINDS, done, strict=True):
                    row[f"upgrading_{kind}"] = int(value)
                for kind in UPGRADING_KINDS:
                    if self.rng.random() < 0.03:  # not answered
                        row[f"upgrading_{kind}"] = None
                has = set(functions.get(firm, _BASE_FUNCTIONS.get(self.stage[firm], ())))
                if self.role[firm].startswith("lead"):
                    has |= {"marketing", "own_brand", "r_and_d"}
                branded = self.stage[firm] == "elaboración" and chain in ("market", "network")
                if branded and self.rng.random() < 0.5:
                    has.add("own_brand")
                if done[2]:  # functional upgrading: a new function
                    new = [f for f in ("design", "marketing", "own_brand", "sales") if f not in has]
                    if new:
                        has.add(str(self.rng.choice(new)))
                functions[firm] = has
                row["functions"] = ";".join(f for f in FUNCTIONS if f in has)
                rows.append(row)
        table = pd.DataFrame(rows, columns=list(UPGRADING_COLUMNS))
        for kind in UPGRADING_KINDS:
            table[f"upgrading_{kind}"] = table[f"upgrading_{kind}"].astype("Int64")
        return table, chains

    def plant(self) -> ValueChains:
        ties, sales = self._sales()
        upgrading, chains = self._upgrading(sales)
        owned = sorted(
            {(s["source"], s["target"]) for s in sales if s["governance"] == "hierarchy"}
        )
        planted = {
            "seed": self.seed,
            "relation": "trade",
            "scheme": "humphrey_schmitz",
            "markets": dict(MARKETS),
            "plan": {g: dict(p) for g, p in _PLAN.items()},
            "hierarchy": [list(p) for p in owned],
            "ties": [{k: v for k, v in s.items() if k != "buyer_share"} for s in sales],
            "main_chain": chains,
            "upgrading_probabilities": {
                g: dict(zip(UPGRADING_KINDS, p, strict=True)) for g, p in UPGRADING_P.items()
            },
            "cluster_type": dict(CLUSTER_TYPE),
            "stage": dict(CLUSTER_STAGE),
            "notes": (
                "Planted value chains of the fictional sample. 'ties' lists every trade tie "
                "(source = supplier, target = buyer) with its planted Humphrey & Schmitz "
                "governance ('unknown' where spec_setter is blank), the Gereffi et al. (2005) "
                "type its evidence implies ('gereffi'), and 'evidence_status': 'consistent', "
                "'no_spec_setter' or 'contradicting' (survey noise: the evidence points to "
                "another governance, so the default rules cannot recover the planted one). "
                "'plan' gives the planted governance shares by buyer for sales without a "
                "stated governance ('lead': growers selling to lead firms; 'internal': other "
                "sales inside the cluster); where a governance is stated it is kept in 90 % "
                "of sales. 'main_chain' is the planted governance of each respondent firm's "
                "main chain (largest buyer_share among sales of known governance) by wave; "
                "upgrading.csv is drawn from it with 'upgrading_probabilities' (lead firms "
                "+0.1 process and product, +0.2 functional)."
            ),
        }
        return ValueChains(ties, upgrading, planted)


def _gereffi(governance: str, spec_setter: str) -> str:
    """Gereffi et al.'s type the planted sale implies (the evidence read by that scheme)."""
    if governance == "unknown":
        return "unknown"
    by_spec = {"buyer": "captive", "joint": "relational", "standard": "modular"}
    return "hierarchy" if governance == "hierarchy" else by_spec.get(spec_setter, "market")
