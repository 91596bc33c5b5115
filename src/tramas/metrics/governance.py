"""Governance of each buyer–supplier tie of a value chain, derived from survey evidence.

A cluster's firms sell into value chains; how each chain is *governed* — who defines the
product and the process, and who controls that it is made so — decides what the
supplier can learn and which kind of upgrading is open to it (Humphrey & Schmitz 2000,
2002). tramas derives the governance of every tie of the value-chain relation
(supplier → buyer; by default the relation named ``trade``) from the evidence a survey
records on that tie, by explicit rules applied in order, and never guesses: a tie whose
evidence fits no rule is ``unknown``.

Evidence (optional tie columns; an absent column is no evidence, an empty cell a
missing value that no rule matches)
    ``market`` (destination market), ``spec_setter`` (who defines product and process:
    ``buyer``, ``supplier``, ``joint``, ``standard``), ``buyer_monitors`` (the buyer
    audits the supplier's process), ``buyer_share`` (share 0–1 of the supplier's sales
    going to this buyer), ``ownership_link`` (same group), ``intermediary`` (sold through
    an export agent). A stated ``governance`` column is kept as ``stated_governance`` and
    compared with the derived one (:func:`stated_agreement`).

Schemes and default rules (the first rule that matches names the governance)
    ``humphrey_schmitz`` (Humphrey & Schmitz 2000, 2002): *hierarchy* if
    ``ownership_link``; *quasi-hierarchy* if ``spec_setter = buyer``; *network* if
    ``spec_setter = joint``; *market* if ``spec_setter`` is ``supplier`` or ``standard``;
    otherwise *unknown*.

    ``gereffi`` (Gereffi, Humphrey & Sturgeon 2005): *hierarchy* if ``ownership_link``;
    *captive* if the buyer sets the specifications, monitors the supplier and takes at
    least half of its sales; *relational* if ``spec_setter = joint``; *modular* if
    ``spec_setter = standard`` (codified specifications); *captive* if the buyer sets the
    specifications otherwise too; *market* if ``spec_setter = supplier``; otherwise
    *unknown*. Limitation: Gereffi et al. separate modular from captive chains by the
    suppliers' capability, which a cluster survey rarely records; without it a buyer who
    sets the specifications is read as captive.

Study rules
    ``[[governance.rules]]`` in ``study.toml`` (or ``rules=``) replace the scheme's
    defaults, in order. A rule's ``when`` maps evidence columns to conditions, all of
    which must hold: a value (equality; booleans compare as booleans), a list of values
    (one of them), or ``{op = value}`` with ``op`` one of ``==``, ``!=``, ``>=``, ``>``,
    ``<=``, ``<`` (numbers) or ``in``. A missing value never matches.

References
----------
Humphrey, J. & Schmitz, H. (2000). Governance and upgrading: linking industrial cluster
and global value chain research. *IDS Working Paper* 120.

Humphrey, J. & Schmitz, H. (2002). How does insertion in global value chains affect
upgrading in industrial clusters? *Regional Studies* 36(9), 1017-1027.

Gereffi, G., Humphrey, J. & Sturgeon, T. (2005). The governance of global value chains.
*Review of International Political Economy* 12(1), 78-104.

Bazan, L. & Navas-Alemán, L. (2004). The underground revolution in the Sinos Valley: a
comparison of upgrading in global and national value chains. In H. Schmitz (ed.),
*Local Enterprises in the Global Economy*, Edward Elgar, 110-139.

Cohen, J. (1960). A coefficient of agreement for nominal scales. *Educational and
Psychological Measurement* 20(1), 37-46.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from tramas.exceptions import TramasError
from tramas.graph.model import (
    GOVERNANCE_SCHEMES,
    MARKETS,
    RULE_OPERATORS,
    VALUE_CHAIN_BOOLEANS,
    VALUE_CHAIN_COLUMNS,
)
from tramas.graph.network import Network

__all__ = [
    "BOOLEAN_EVIDENCE",
    "EVIDENCE_COLUMNS",
    "GOVERNANCE_ORDER",
    "GOVERNANCE_TYPES",
    "MARKETS",
    "SCHEMES",
    "UNKNOWN",
    "Rule",
    "default_rules",
    "governance_by_buyer",
    "governance_by_market",
    "governance_rank",
    "governance_shares",
    "scheme_rules",
    "stated_agreement",
    "tie_governance",
    "trade_ties",
]

#: The governance schemes tramas knows; the first is the default.
SCHEMES: tuple[str, ...] = tuple(GOVERNANCE_SCHEMES)

#: The governance types of each scheme, from the least to the most buyer control (the
#: model's :data:`tramas.graph.model.GOVERNANCE_SCHEMES`).
GOVERNANCE_TYPES: dict[str, tuple[str, ...]] = GOVERNANCE_SCHEMES

#: The governance of a tie whose evidence fits no rule (never guessed).
UNKNOWN = "unknown"

#: Every governance label in one order consistent with both schemes (tables, ties broken).
GOVERNANCE_ORDER: tuple[str, ...] = (
    "market",
    "network",
    "modular",
    "relational",
    "quasi_hierarchy",
    "captive",
    "hierarchy",
)

#: Evidence columns of a value-chain tie that rules may use (the model's).
EVIDENCE_COLUMNS: tuple[str, ...] = VALUE_CHAIN_COLUMNS
#: The evidence columns holding true/false.
BOOLEAN_EVIDENCE: tuple[str, ...] = VALUE_CHAIN_BOOLEANS
_NUMERIC = ("buyer_share",)
_TRUE = {"true", "1", "yes", "y", "si", "sí", "s", "verdadero"}
_FALSE = {"false", "0", "no", "n", "falso"}


@dataclass(frozen=True)
class Rule:
    """One governance rule: when every condition of ``when`` holds, the tie is ``then``.

    Examples
    --------
    >>> Rule({"spec_setter": "buyer"}, "quasi_hierarchy", "quasi_hierarchy_if_buyer_sets_specs").then
    'quasi_hierarchy'
    """

    when: Mapping[str, Any]
    then: str
    name: str = ""


def default_rules(scheme: str = "humphrey_schmitz") -> list[Rule]:
    """The default rules of a governance scheme, in the order they apply.

    Parameters
    ----------
    scheme:
        ``"humphrey_schmitz"`` (Humphrey & Schmitz 2000, 2002) or ``"gereffi"``
        (Gereffi, Humphrey & Sturgeon 2005).

    Returns
    -------
    list of Rule
        A tie that none of them matches is ``unknown``.

    Raises
    ------
    TramasError
        For another scheme (code ``governance_scheme``).

    Examples
    --------
    >>> [r.then for r in default_rules("humphrey_schmitz")]
    ['hierarchy', 'quasi_hierarchy', 'network', 'market']
    >>> [r.then for r in default_rules("gereffi")]
    ['hierarchy', 'captive', 'relational', 'modular', 'captive', 'market']
    """
    _check_scheme(scheme)
    ownership = Rule({"ownership_link": True}, "hierarchy", "hierarchy_if_ownership_link")
    if scheme == "humphrey_schmitz":
        return [
            ownership,
            Rule(
                {"spec_setter": "buyer"}, "quasi_hierarchy", "quasi_hierarchy_if_buyer_sets_specs"
            ),
            Rule({"spec_setter": "joint"}, "network", "network_if_joint_specs"),
            Rule(
                {"spec_setter": ["supplier", "standard"]},
                "market",
                "market_if_supplier_or_standard_specs",
            ),
        ]
    return [
        ownership,
        Rule(
            {"spec_setter": "buyer", "buyer_monitors": True, "buyer_share": {">=": 0.5}},
            "captive",
            "captive_if_buyer_specs_monitors_and_dominates",
        ),
        Rule({"spec_setter": "joint"}, "relational", "relational_if_joint_specs"),
        Rule({"spec_setter": "standard"}, "modular", "modular_if_standard_specs"),
        Rule({"spec_setter": "buyer"}, "captive", "captive_if_buyer_sets_specs"),
        Rule({"spec_setter": "supplier"}, "market", "market_if_supplier_specs"),
    ]


def scheme_rules(
    network: Network, *, scheme: str | None = None, rules: Sequence[Any] | None = None
) -> tuple[str, list[Rule]]:
    """The scheme and the rules a network's governance is derived with.

    ``scheme`` and ``rules`` given here win over the study's ``[governance]`` block; study
    rules (dicts ``{"when": ..., "then": ...}``) are named ``rule_1``, ``rule_2``… in order
    unless they carry a ``name``; without rules the scheme's :func:`default_rules` apply.

    Raises
    ------
    TramasError
        For an unknown scheme (``governance_scheme``), a rule naming a governance the
        scheme does not have (``governance_rule_label``), an evidence column tramas does
        not know (``governance_rule_column``) or an unknown operator
        (``governance_rule_operator``).

    Examples
    --------
    >>> net = Network(actors=pd.DataFrame(index=["a"]), ties=pd.DataFrame(
    ...     {"source": [], "target": [], "relation": []}))
    >>> scheme, rules = scheme_rules(net, rules=[{"when": {"market": "us"}, "then": "captive"}],
    ...                              scheme="gereffi")
    >>> scheme, rules[0].name
    ('gereffi', 'rule_1')
    """
    config = _config(network)
    scheme = scheme or config.get("scheme") or SCHEMES[0]
    _check_scheme(scheme)
    given = rules if rules is not None else config.get("rules") or None
    if not given:
        return scheme, default_rules(scheme)
    known = (*GOVERNANCE_TYPES[scheme], UNKNOWN)
    out: list[Rule] = []
    for i, item in enumerate(given, start=1):
        if isinstance(item, Rule):
            rule = item if item.name else Rule(item.when, item.then, f"rule_{i}")
        else:
            rule = Rule(
                dict(item.get("when") or {}),
                str(item.get("then", "")),
                item.get("name") or f"rule_{i}",
            )
        if rule.then not in known:
            raise TramasError(
                f"governance rule {rule.name}: {rule.then!r} is not a governance type of {scheme}",
                hint=f"use one of: {', '.join(known)}",
                code="governance_rule_label",
                values={"rule": rule.name, "label": rule.then, "known": ", ".join(known)},
            )
        for column, condition in rule.when.items():
            if column not in EVIDENCE_COLUMNS:
                raise TramasError(
                    f"governance rule {rule.name}: unknown evidence column {column!r}",
                    hint=f"rules may use: {', '.join(EVIDENCE_COLUMNS)}",
                    code="governance_rule_column",
                    values={
                        "rule": rule.name,
                        "column": column,
                        "known": ", ".join(EVIDENCE_COLUMNS),
                    },
                )
            if isinstance(condition, Mapping):
                for op in condition:
                    if op not in RULE_OPERATORS:
                        raise TramasError(
                            f"governance rule {rule.name}: unknown operator {op!r}",
                            hint=f"operators: {' '.join(RULE_OPERATORS)}",
                            code="governance_rule_operator",
                            values={
                                "rule": rule.name,
                                "operator": op,
                                "known": " ".join(RULE_OPERATORS),
                            },
                        )
        out.append(rule)
    return scheme, out


def trade_ties(network: Network, *, wave: str | None = None) -> pd.DataFrame:
    """The ties of the value-chain relation with their evidence, one per supplier–buyer pair.

    The relation is the study's ``[governance] relation``, else ``trade`` when the network
    has it; without one the frame is empty. ``wave`` is a label, ``None`` (the latest
    wave) or ``"all"`` (every wave merged). A pair reported more than once keeps the tie
    with the most evidence (then the latest wave).

    Returns
    -------
    pandas.DataFrame
        Columns ``source`` (supplier), ``target`` (buyer), ``wave`` (``""`` if none), the
        :data:`EVIDENCE_COLUMNS` (text ``""`` / boolean ``<NA>`` / ``NaN`` when missing)
        and ``governance`` (the stated one, ``""`` when not stated).

    Examples
    --------
    >>> ties = pd.DataFrame({"source": ["a", "a"], "target": ["b", "c"],
    ...                      "relation": ["trade", "knowledge"], "spec_setter": ["buyer", ""]})
    >>> t = trade_ties(Network(actors=pd.DataFrame(index=list("abc")), ties=ties))
    >>> t[["source", "target", "spec_setter"]].values.tolist()
    [['a', 'b', 'buyer']]
    """
    relation = _relation(network)
    if relation is None:
        return _empty_ties()
    ties = network.select_ties(relation, wave).copy()
    out = pd.DataFrame(
        {
            "source": ties["source"].astype(str).to_numpy(),
            "target": ties["target"].astype(str).to_numpy(),
            "wave": _text(ties["wave"], lower=False).to_numpy(),
        }
    )
    for column in (*EVIDENCE_COLUMNS, "governance"):
        values = ties[column] if column in ties.columns else pd.Series(pd.NA, index=ties.index)
        values = values.reset_index(drop=True)
        if column in BOOLEAN_EVIDENCE:
            out[column] = _boolean(values)
        elif column in _NUMERIC:
            out[column] = pd.to_numeric(values, errors="coerce").astype(float)
        else:
            out[column] = _label(values) if column == "governance" else _text(values)
    if out.empty:
        return _empty_ties()
    evidence = out[list(EVIDENCE_COLUMNS)].notna() & (out[list(EVIDENCE_COLUMNS)] != "")
    rank = {w: i for i, w in enumerate(network.waves)}
    key = pd.DataFrame(
        {
            "evidence": evidence.sum(axis=1) + (out["governance"] != ""),
            "wave": out["wave"].map(rank).fillna(-1),
            "row": np.arange(len(out)),
        }
    )
    order = key.sort_values(["evidence", "wave", "row"], ascending=[False, False, True]).index
    kept = out.loc[order].drop_duplicates(["source", "target"], keep="first")
    return kept.sort_index().reset_index(drop=True)


def tie_governance(
    network: Network,
    *,
    scheme: str | None = None,
    rules: Sequence[Any] | None = None,
    wave: str | None = None,
) -> pd.DataFrame:
    """The governance of every tie of the value chain, and the rule that named it.

    Parameters
    ----------
    network:
        The study's network; its ``study.governance`` block gives the relation, the
        scheme and the rules unless ``scheme`` / ``rules`` are given here.
    scheme:
        ``"humphrey_schmitz"`` (default) or ``"gereffi"``.
    rules:
        :class:`Rule` objects or ``{"when": ..., "then": ...}`` dicts replacing the
        scheme's defaults, applied in order.
    wave:
        A wave label, ``None`` (the latest) or ``"all"`` (see :func:`trade_ties`).

    Returns
    -------
    pandas.DataFrame
        One row per supplier–buyer tie: ``source``, ``target``, ``wave``, ``market``,
        ``governance`` (derived; ``unknown`` when no rule matches), ``rule`` (the name
        of the rule that fired, ``""`` for unknown), the other evidence columns and
        ``stated_governance`` (``""`` when the survey gives none).

    Notes
    -----
    Rules apply in order and the first one whose conditions all hold names the tie's
    governance; a condition on a missing value never holds, so missing evidence leads
    to ``unknown``, never to a guess (module docstring for the default rules).

    Examples
    --------
    >>> ties = pd.DataFrame({"source": ["a", "c", "d"], "target": ["b", "b", "b"],
    ...     "relation": "trade", "spec_setter": ["buyer", "joint", ""]})
    >>> net = Network(actors=pd.DataFrame(index=list("abcd")), ties=ties)
    >>> tie_governance(net)[["source", "governance", "rule"]].values.tolist()
    ... # doctest: +NORMALIZE_WHITESPACE
    [['a', 'quasi_hierarchy', 'quasi_hierarchy_if_buyer_sets_specs'],
     ['c', 'network', 'network_if_joint_specs'], ['d', 'unknown', '']]
    """
    scheme, chosen = scheme_rules(network, scheme=scheme, rules=rules)
    ties = trade_ties(network, wave=wave)
    governance = np.full(len(ties), UNKNOWN, dtype=object)
    fired = np.full(len(ties), "", dtype=object)
    open_ = np.ones(len(ties), dtype=bool)
    for rule in chosen:
        hit = open_ & _matches(ties, rule)
        governance[hit] = rule.then
        fired[hit] = rule.name
        open_ &= ~hit
    out = ties.rename(columns={"governance": "stated_governance"})
    out.insert(4, "governance", pd.Series(governance, dtype=object).astype(str).to_numpy())
    out.insert(5, "rule", pd.Series(fired, dtype=object).astype(str).to_numpy())
    columns = ["source", "target", "wave", "market", "governance", "rule"]
    rest = [c for c in EVIDENCE_COLUMNS if c != "market"]
    return out[[*columns, *rest, "stated_governance"]]


def governance_shares(gov: pd.DataFrame) -> pd.DataFrame:
    """The number and share of value-chain ties under each governance type.

    Returns
    -------
    pandas.DataFrame
        ``governance``, ``ties``, ``share`` (of all ties, ``unknown`` included), in
        :data:`GOVERNANCE_ORDER` with ``unknown`` last.

    Examples
    --------
    >>> gov = pd.DataFrame({"governance": ["market", "unknown", "market", "hierarchy"]})
    >>> governance_shares(gov).values.tolist()
    [['market', 2, 0.5], ['hierarchy', 1, 0.25], ['unknown', 1, 0.25]]
    """
    return _counts(gov, [], "governance")


def governance_by_market(gov: pd.DataFrame) -> pd.DataFrame:
    """Governance by destination market, as the Sinos valley study tabulated it.

    Returns
    -------
    pandas.DataFrame
        ``market`` (``""`` for ties whose market is not stated), ``governance``,
        ``ties`` and ``share`` (of the market's ties). Markets in :data:`MARKETS` order,
        then other labels alphabetically, ``""`` last.

    References
    ----------
    Bazan & Navas-Alemán (2004), tables of governance by chain (US, European,
    Latin American and domestic buyers).

    Examples
    --------
    >>> gov = pd.DataFrame({"market": ["us", "us", "domestic"],
    ...                     "governance": ["quasi_hierarchy", "market", "market"]})
    >>> governance_by_market(gov).values.tolist()
    [['domestic', 'market', 1, 1.0], ['us', 'market', 1, 0.5], ['us', 'quasi_hierarchy', 1, 0.5]]
    """
    return _counts(gov, ["market"], "market")


def governance_by_buyer(gov: pd.DataFrame, network: Network) -> pd.DataFrame:
    """Governance of the ties to each external buyer (an actor with ``internal`` false).

    Returns
    -------
    pandas.DataFrame
        ``buyer``, ``governance``, ``ties``, ``share`` (of the buyer's ties), buyers by
        id.

    Examples
    --------
    >>> actors = pd.DataFrame({"internal": [True, True, False]}, index=["a", "b", "X"])
    >>> ties = pd.DataFrame({"source": ["a", "b", "a"], "target": ["X", "X", "b"],
    ...     "relation": "trade", "spec_setter": ["buyer", "supplier", "buyer"]})
    >>> net = Network(actors=actors, ties=ties)
    >>> governance_by_buyer(tie_governance(net), net).values.tolist()
    [['X', 'market', 1, 0.5], ['X', 'quasi_hierarchy', 1, 0.5]]
    """
    internal = network.actors["internal"].reindex(gov["target"].astype(str))
    external = (internal == False).fillna(False).to_numpy(dtype=bool)  # noqa: E712
    part = gov.loc[external].rename(columns={"target": "buyer"})
    return _counts(part, ["buyer"], "buyer")


def stated_agreement(gov: pd.DataFrame) -> dict[str, Any]:
    """Agreement between the governance a survey states and the one derived from evidence.

    Only ties with both a stated governance and a known derived one are compared.

    Returns
    -------
    dict
        ``n`` (ties compared), ``agreeing``, ``share`` (``agreeing / n``), ``kappa``
        (Cohen's kappa; ``None`` when undefined), ``labels`` (sorted) and ``confusion``
        (``{stated: {derived: ties}}``). ``share`` and ``kappa`` are ``None`` when
        ``n`` is 0.

    Notes
    -----
    Cohen's kappa :math:`\\kappa = (p_o - p_e) / (1 - p_e)`, with :math:`p_o` the share
    of agreeing ties and :math:`p_e = \\sum_k p^{stated}_k p^{derived}_k` the agreement
    expected by chance from the two margins (Cohen 1960); undefined when
    :math:`p_e = 1` (both sides use one and the same label).

    Examples
    --------
    >>> gov = pd.DataFrame({"stated_governance": ["market", "market", "hierarchy", ""],
    ...                     "governance": ["market", "hierarchy", "hierarchy", "market"]})
    >>> a = stated_agreement(gov)
    >>> a["n"], a["agreeing"], round(a["kappa"], 3)
    (3, 2, 0.4)
    """
    if "stated_governance" not in gov.columns or gov.empty:
        return {"n": 0, "agreeing": 0, "share": None, "kappa": None, "labels": [], "confusion": {}}
    stated = _label(gov["stated_governance"])
    derived = gov["governance"].astype(str)
    keep = (stated != "") & (stated != UNKNOWN) & (derived != UNKNOWN)
    stated, derived = stated[keep], derived[keep]
    n = int(keep.sum())
    if n == 0:
        return {"n": 0, "agreeing": 0, "share": None, "kappa": None, "labels": [], "confusion": {}}
    labels = sorted(set(stated) | set(derived), key=governance_rank)
    table = pd.crosstab(stated, derived).reindex(index=labels, columns=labels, fill_value=0)
    agreeing = int(np.trace(table.to_numpy()))
    p_o = agreeing / n
    p_e = float((table.sum(axis=1) / n).to_numpy() @ (table.sum(axis=0) / n).to_numpy())
    kappa = None if np.isclose(p_e, 1.0) else (p_o - p_e) / (1.0 - p_e)
    confusion = {
        str(s): {str(d): int(table.loc[s, d]) for d in labels if table.loc[s, d]}
        for s in labels
        if table.loc[s].sum()
    }
    return {
        "n": n,
        "agreeing": agreeing,
        "share": p_o,
        "kappa": kappa,
        "labels": labels,
        "confusion": confusion,
    }


def governance_rank(label: str) -> tuple[int, str]:
    """Sort key of governance labels: :data:`GOVERNANCE_ORDER`, other labels, ``unknown``.

    Examples
    --------
    >>> sorted(["unknown", "hierarchy", "market"], key=governance_rank)
    ['market', 'hierarchy', 'unknown']
    """
    if label in GOVERNANCE_ORDER:
        return (GOVERNANCE_ORDER.index(label), label)
    return (len(GOVERNANCE_ORDER) + (label == UNKNOWN), label)


# ---------------------------------------------------------------------------- helpers
def _config(network: Network) -> dict[str, Any]:
    return dict(getattr(network.study, "governance", {}) or {})


def _check_scheme(scheme: str) -> None:
    if scheme not in SCHEMES:
        raise TramasError(
            f"unknown governance scheme {scheme!r}",
            hint=f"use one of: {', '.join(SCHEMES)}",
            code="governance_scheme",
            values={"scheme": scheme, "known": ", ".join(SCHEMES)},
        )


def _relation(network: Network) -> str | None:
    relation = _config(network).get("relation")
    if relation:
        return network.select_relations(str(relation))[0]
    return "trade" if "trade" in network.relations else None


def _empty_ties() -> pd.DataFrame:
    frame = pd.DataFrame({c: pd.Series(dtype=object) for c in ("source", "target", "wave")})
    for column in (*EVIDENCE_COLUMNS, "governance"):
        if column in BOOLEAN_EVIDENCE:
            frame[column] = pd.Series(dtype="boolean")
        elif column in _NUMERIC:
            frame[column] = pd.Series(dtype=float)
        else:
            frame[column] = pd.Series(dtype=object)
    return frame


def _text(values: pd.Series, *, lower: bool = True) -> pd.Series:
    text = values.astype(object).where(values.notna(), "").astype(str).str.strip()
    return text.str.lower() if lower else text


def _label(values: pd.Series) -> pd.Series:
    """Governance labels as keys: ``Quasi-hierarchy`` → ``quasi_hierarchy``."""
    return _text(values).str.replace(r"[\s\-]+", "_", regex=True)


def _as_bool(value: Any) -> Any:
    if value is None or value is pd.NA:
        return pd.NA
    if isinstance(value, bool | np.bool_):
        return bool(value)
    if isinstance(value, int | float | np.integer | np.floating):
        if isinstance(value, float | np.floating) and np.isnan(value):
            return pd.NA
        return {0: False, 1: True}.get(int(value), pd.NA) if value in (0, 1) else pd.NA
    text = str(value).strip().lower()
    return True if text in _TRUE else False if text in _FALSE else pd.NA


def _boolean(values: pd.Series) -> pd.Series:
    return pd.Series([_as_bool(v) for v in values], index=values.index, dtype="boolean")


def _matches(ties: pd.DataFrame, rule: Rule) -> np.ndarray:
    hit = np.ones(len(ties), dtype=bool)
    for column, condition in rule.when.items():
        if column not in ties.columns:
            return np.zeros(len(ties), dtype=bool)
        hit &= _condition(ties[column], column, condition)
    return hit


def _condition(values: pd.Series, column: str, condition: Any) -> np.ndarray:
    if isinstance(condition, Mapping):
        hit = np.ones(len(values), dtype=bool)
        for op, target in condition.items():
            hit &= _compare(values, column, op, target)
        return hit
    if isinstance(condition, list | tuple | set | frozenset):
        return _compare(values, column, "in", condition)
    return _compare(values, column, "==", condition)


def _compare(values: pd.Series, column: str, op: str, target: Any) -> np.ndarray:
    if column in BOOLEAN_EVIDENCE:
        known = values.notna().to_numpy(dtype=bool)
        data = values.fillna(False).to_numpy(dtype=bool)
        convert = _as_bool
    elif column in _NUMERIC:
        known = values.notna().to_numpy(dtype=bool)
        data = values.fillna(0.0).to_numpy(dtype=float)
        convert = float
    else:
        known = (values != "").to_numpy(dtype=bool)
        data = values.to_numpy(dtype=object)

        def convert(v: Any) -> str:
            return str(v).strip().lower()

    if op == "in":
        wanted = [convert(v) for v in target]
        result = np.array([d in wanted for d in data], dtype=bool)
    else:
        value = convert(target)
        if value is pd.NA:
            return np.zeros(len(values), dtype=bool)
        compare = {
            "==": np.equal,
            "!=": np.not_equal,
            ">=": np.greater_equal,
            ">": np.greater,
            "<=": np.less_equal,
            "<": np.less,
        }[op]
        result = np.array([bool(compare(d, value)) for d in data], dtype=bool)
    return known & result


def _group_rank(column: str):
    def rank(label: str) -> tuple[int, str]:
        if column == "market":
            if label == "":
                return (len(MARKETS) + 1, label)
            return (MARKETS.index(label), label) if label in MARKETS else (len(MARKETS), label)
        return (0, label)

    return rank


def _counts(gov: pd.DataFrame, by: list[str], order: str) -> pd.DataFrame:
    columns = [*by, "governance", "ties", "share"]
    if gov.empty:
        empty = {c: pd.Series(dtype=object) for c in [*by, "governance"]}
        return pd.DataFrame(
            {**empty, "ties": pd.Series(dtype=int), "share": pd.Series(dtype=float)}
        )
    frame = gov[[*by, "governance"]].astype(str)
    counts = frame.groupby([*by, "governance"], sort=False).size().rename("ties").reset_index()
    totals = counts.groupby(by)["ties"].transform("sum") if by else counts["ties"].sum()
    counts["share"] = counts["ties"] / totals
    counts["ties"] = counts["ties"].astype(int)
    keys = [
        (*(_group_rank(order)(str(r[c])) for c in by), governance_rank(str(r["governance"])))
        for _, r in counts.iterrows()
    ]
    counts = counts.iloc[sorted(range(len(counts)), key=lambda i: keys[i])]
    return counts[columns].reset_index(drop=True)
