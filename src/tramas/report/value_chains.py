"""Report section "Value chains, governance and upgrading".

The section renders one :class:`~tramas.metrics.diagnosis.DiagnosisResult` (computed once
per report, like the analysis): the governance of the cluster's value-chain ties derived
from the survey evidence by the rules of Humphrey & Schmitz (2002) or Gereffi, Humphrey &
Sturgeon (2005); the shares of the ties under each governance; governance by destination
market and by external buyer, as the Sinos valley footwear study tabulated it (Bazan &
Navas-Alemán 2004); the agreement between stated and derived governance; upgrading by the
governance of each firm's main chain; and Humphrey & Schmitz's expectations tested on the
data with Fisher's exact test, each worded with its counts, p-value and a verdict never more
certain than the data. A study without value-chain evidence gets one line saying which
evidence is missing. Nothing is computed here.

References
----------
Humphrey, J. & Schmitz, H. (2002). How does insertion in global value chains affect
upgrading in industrial clusters? *Regional Studies* 36(9), 1017-1027.
Bazan, L. & Navas-Alemán, L. (2004). The underground revolution in the Sinos Valley: a
comparison of upgrading in global and national value chains. In H. Schmitz (ed.), *Local
Enterprises in the Global Economy*. Edward Elgar, 110-139.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
from markupsafe import Markup

from tramas.report.content import Column, Items, Paragraph, ReportContext, Section, Table

__all__ = [
    "BUYER_ROWS",
    "SECTION_EVIDENCE",
    "chain_relation",
    "evidence_text",
    "governance_label",
    "market_label",
    "value_chains_section",
]

#: Rows of the governance-by-buyer table shown in the report (the CSV has them all).
BUYER_ROWS = 30
#: The evidence keys of :attr:`DiagnosisResult.missing` this section depends on.
SECTION_EVIDENCE: tuple[str, ...] = ("trade_relation", "market", "spec_setter", "buyer_share")


def governance_label(ctx: ReportContext, key: Any) -> str:
    """A governance type in the report's language (``unknown`` for a missing value).

    Examples
    --------
    >>> ctx = ReportContext(lang="es", network=None, analysis=None)
    >>> governance_label(ctx, "quasi_hierarchy"), governance_label(ctx, None)
    ('cuasi-jerarquía', 'desconocida')
    """
    if key is None or (isinstance(key, float) and pd.isna(key)) or not str(key):
        key = "unknown"
    return ctx.t_or(f"governance.{key}", str(key))


def market_label(ctx: ReportContext, key: Any) -> str:
    """A destination market in the report's language (a study's own label as written).

    Examples
    --------
    >>> ctx = ReportContext(lang="en", network=None, analysis=None)
    >>> market_label(ctx, "us"), market_label(ctx, ""), market_label(ctx, "Asia")
    ('United States', 'not stated', 'Asia')
    """
    if key is None or (isinstance(key, float) and pd.isna(key)) or not str(key).strip():
        return ctx.t("vc_market_none")
    return ctx.t_or(f"vc_market.{key}", str(key))


def evidence_text(ctx: ReportContext, keys: list[str]) -> str:
    """Missing evidence keys in words (``diagnosis.missing.<key>``), joined by ``;``.

    Examples
    --------
    >>> ctx = ReportContext(lang="en", network=None, analysis=None)
    >>> evidence_text(ctx, ["market", "waves"])
    'no destination market on the trade ties; a single wave (no change between waves)'
    """
    return "; ".join(ctx.t_or(f"diagnosis.missing.{k}", k) for k in keys)


def chain_relation(ctx: ReportContext) -> str:
    """The value-chain relation: the study's ``[governance] relation``, else ``trade``."""
    settings = getattr(ctx.network.study, "governance", None) or {}
    return str(settings.get("relation") or "trade")


def _shares_table(ctx: ReportContext, shares: pd.DataFrame) -> Table:
    frame = pd.DataFrame(
        {
            "governance": [governance_label(ctx, g) for g in shares["governance"]],
            "ties": shares["ties"].astype(int).to_numpy(),
            "share": shares["share"].astype(float).to_numpy(),
        },
        index=pd.Index(shares["governance"].astype(str), name="governance"),
    )
    return Table(
        "governance_shares",
        ctx.t("vc_shares_title"),
        frame,
        (
            Column("governance", ctx.t("vc_col_governance")),
            Column("ties", ctx.t("vc_col_ties"), "int"),
            Column("share", ctx.t("vc_col_share"), "pct"),
        ),
        index_label="governance",
        compact=True,
    )


def _market_table(ctx: ReportContext, by_market: pd.DataFrame) -> Table:
    markets = by_market["market"].astype(object).where(by_market["market"].notna(), "")
    frame = pd.DataFrame(
        {
            "market": [market_label(ctx, m) for m in markets],
            "governance": [governance_label(ctx, g) for g in by_market["governance"]],
            "ties": by_market["ties"].astype(int).to_numpy(),
            "share": by_market["share"].astype(float).to_numpy(),
        },
        index=pd.Index(
            [f"{m}|{g}" for m, g in zip(markets, by_market["governance"], strict=True)],
            name="market_governance",
        ),
    )
    return Table(
        "governance_by_market",
        ctx.t("vc_market_title"),
        frame,
        (
            Column("market", ctx.t("vc_col_market")),
            Column("governance", ctx.t("vc_col_governance")),
            Column("ties", ctx.t("vc_col_ties"), "int"),
            Column("share", ctx.t("vc_col_share_market"), "pct"),
        ),
        index_label="market_governance",
        note=ctx.t("vc_market_note"),
    )


def _buyer_table(ctx: ReportContext, by_buyer: pd.DataFrame) -> Table:
    """Governance of the ties to each external buyer, the buyers with most ties first."""
    totals = by_buyer.groupby("buyer")["ties"].transform("sum")
    order = (
        by_buyer.assign(_total=totals.to_numpy())
        .sort_values(["_total", "buyer", "ties"], ascending=[False, True, False], kind="stable")
        .drop(columns="_total")
    )
    buyers = order["buyer"].astype(str).tolist()
    frame = pd.DataFrame(
        {
            "buyer": [ctx.name(b) for b in buyers],
            "governance": [governance_label(ctx, g) for g in order["governance"]],
            "ties": order["ties"].astype(int).to_numpy(),
            "share": order["share"].astype(float).to_numpy(),
        },
        index=pd.Index(
            [f"{ctx.key(b)}|{g}" for b, g in zip(buyers, order["governance"], strict=True)],
            name="buyer_governance",
        ),
    )
    return Table(
        "governance_by_buyer",
        ctx.t("vc_buyer_title"),
        frame,
        (
            Column("buyer", ctx.t("vc_col_buyer")),
            Column("governance", ctx.t("vc_col_governance")),
            Column("ties", ctx.t("vc_col_ties"), "int"),
            Column("share", ctx.t("vc_col_share_buyer"), "pct"),
        ),
        index_label="buyer_governance",
        note=ctx.t("vc_buyer_note"),
        html_rows=BUYER_ROWS,
    )


def _upgrading_table(ctx: ReportContext, upgrading: pd.DataFrame) -> Table:
    frame = pd.DataFrame(
        {
            "governance": [governance_label(ctx, g) for g in upgrading["governance"]],
            "kind": [ctx.t_or(f"vc_kind.{k}", str(k)) for k in upgrading["kind"]],
            "firms": upgrading["firms"].astype(int).to_numpy(),
            "known": upgrading["known"].astype(int).to_numpy(),
            "reporting": upgrading["reporting"].astype(int).to_numpy(),
            "share": upgrading["share"].astype(float).to_numpy(),
        },
        index=pd.Index(
            [f"{g}|{k}" for g, k in zip(upgrading["governance"], upgrading["kind"], strict=True)],
            name="governance_kind",
        ),
    )
    return Table(
        "upgrading_by_governance",
        ctx.t("vc_upgrading_title"),
        frame,
        (
            Column("governance", ctx.t("vc_col_governance")),
            Column("kind", ctx.t("vc_col_kind")),
            Column("firms", ctx.t("vc_col_firms"), "int"),
            Column("known", ctx.t("vc_col_reporting"), "int"),
            Column("share", ctx.t("vc_col_upgraded"), "pct"),
        ),
        index_label="governance_kind",
    )


def _expectation(ctx: ReportContext, test: dict[str, Any]) -> str:
    """The expectation in words: "process upgrading more frequent in quasi-hierarchy
    chains than in other chains"."""
    compared = str(test.get("compared_with", "other"))
    other = (
        ctx.t("vc_other_chains")
        if compared == "other"
        else ctx.t("vc_chains_of", governance=governance_label(ctx, compared))
    )
    key = "vc_expect.less" if test.get("alternative") == "less" else "vc_expect.more"
    return ctx.t(
        key,
        kind=ctx.t_or(f"vc_kind.{test.get('kind')}", str(test.get("kind"))),
        group=governance_label(ctx, test.get("governance")),
        other=other,
    )


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _test_line(ctx: ReportContext, test: dict[str, Any], i: int) -> Markup:
    """One test worded with its numbers: counts of each group, p and the verdict."""
    verdict = ctx.t(f"vc_verdict.{test['verdict']}")
    expectation = _capital(_expectation(ctx, test))
    (a, a_no), (b, b_no) = test["table"]
    if test.get("p_value") is None:
        return ctx.tm(
            "vc_test_line_no_data",
            expectation=expectation,
            n=ctx.fig(f"tests.{i}.n", int(test["n"]), "int"),
            verdict=verdict,
        )
    return ctx.tm(
        "vc_test_line",
        expectation=expectation,
        a=ctx.fig(f"tests.{i}.group_yes", int(a), "int"),
        n_a=ctx.fig(f"tests.{i}.group_n", int(a + a_no), "int"),
        b=ctx.fig(f"tests.{i}.compared_yes", int(b), "int"),
        n_b=ctx.fig(f"tests.{i}.compared_n", int(b + b_no), "int"),
        p=ctx.fig(f"tests.{i}.p", float(test["p_value"]), "p"),
        verdict=verdict,
    )


def _tests_table(ctx: ReportContext, tests: list[dict[str, Any]]) -> Table:
    rows = []
    for test in tests:
        (a, a_no), (b, b_no) = test["table"]
        rows.append(
            {
                "key": str(test["key"]),
                "expectation": _capital(_expectation(ctx, test)),
                "group_yes": int(a),
                "group_n": int(a + a_no),
                "compared_yes": int(b),
                "compared_n": int(b + b_no),
                "p": float(test["p_value"]) if test.get("p_value") is not None else None,
                "verdict": ctx.t(f"vc_verdict.{test['verdict']}"),
            }
        )
    frame = pd.DataFrame(rows).set_index("key")
    frame["p"] = frame["p"].astype(float)
    first = tests[0] if tests else {}
    return Table(
        "upgrading_tests",
        ctx.t("vc_tests_title"),
        frame,
        (
            Column("expectation", ctx.t("vc_col_expectation")),
            Column("group_yes", ctx.t("vc_col_group_yes"), "int"),
            Column("group_n", ctx.t("vc_col_group_n"), "int"),
            Column("compared_yes", ctx.t("vc_col_compared_yes"), "int"),
            Column("compared_n", ctx.t("vc_col_compared_n"), "int"),
            Column("p", ctx.t("vc_col_p"), "p"),
            Column("verdict", ctx.t("vc_col_verdict")),
        ),
        index_label="expectation",
        note=ctx.t(
            "vc_tests_note",
            min_n=int(first.get("min_group", 5)),
            alpha=ctx.num(float(first.get("alpha", 0.1)), "dec2"),
        ),
        wide=True,
    )


def value_chains_section(ctx: ReportContext) -> Section:
    """The value chains, governance and upgrading section (from ``ctx.diagnosis``)."""
    section = Section("value_chains", ctx.t("sec_value_chains"))
    d = ctx.diagnosis
    gov = d.governance
    missing = list(d.missing)
    known = int((gov["governance"].astype(str) != "unknown").sum()) if len(gov) else 0
    if not known or "trade_relation" in missing:
        # nothing to tabulate: one line naming the evidence the study lacks
        shown = [k for k in missing if k in (*SECTION_EVIDENCE, "upgrading")] or missing
        return section.add(Paragraph(ctx.tm("vc_missing", missing=evidence_text(ctx, shown))))
    n = len(gov)
    section.add(
        Paragraph(
            ctx.tm(
                "vc_intro",
                n=ctx.fig("value_chains.ties", n, "int"),
                relation=ctx.relation_label(chain_relation(ctx), inline=True),
                scheme=ctx.t(f"vc_scheme.{d.scheme}"),
                known=ctx.fig("value_chains.known", known, "int"),
                share=ctx.fig("value_chains.known_share", known / n, "pct"),
            )
        )
    )
    partial = [k for k in missing if k in (*SECTION_EVIDENCE, "upgrading")]
    if partial:
        section.add(Paragraph(ctx.tm("vc_partial", missing=evidence_text(ctx, partial)), "note"))
    section.add(_shares_table(ctx, d.shares))
    if "market" not in missing and not d.by_market.empty:
        section.add(_market_table(ctx, d.by_market))
    if not d.by_buyer.empty:
        section.add(_buyer_table(ctx, d.by_buyer))
    agreement = d.agreement or {}
    if agreement.get("n"):
        kappa = agreement.get("kappa")
        section.add(
            Paragraph(
                ctx.tm(
                    "vc_agreement",
                    n=ctx.fig("agreement.n", int(agreement["n"]), "int"),
                    agreeing=ctx.fig("agreement.agreeing", int(agreement["agreeing"]), "int"),
                    share=ctx.fig("agreement.share", agreement.get("share"), "pct"),
                    kappa=ctx.fig("agreement.kappa", kappa, "dec2") if kappa is not None else "–",
                )
            )
        )
    upgrading = d.upgrading
    if "upgrading" in missing or upgrading.empty or not int(upgrading["known"].sum()):
        section.add(Paragraph(ctx.tm("vc_upgrading_none")))
        return section
    section.add(Paragraph(ctx.tm("vc_upgrading_intro")), _upgrading_table(ctx, upgrading))
    tests = list(d.expectations)
    if tests:
        section.add(
            Paragraph(Markup(ctx.t("vc_tests_title")), "heading"),
            Items(tuple(_test_line(ctx, test, i) for i, test in enumerate(tests)), key="tests"),
            _tests_table(ctx, tests),
        )
    return section
