"""Report section "Methodology": how the network was built, every measure and role used,
with formulas, the parameters of this run, and the references.

Definitions follow ``docs/metrics.md``, ``docs/change.md`` and the docstrings of
:mod:`tramas.metrics`; the terms and references of wave comparison are added when the
report has a "Change between waves" section. The words are in the translation catalogue (``m_term_*``, ``m_def_*``), the
bibliography below is the same in every language.
"""

from __future__ import annotations

from markupsafe import Markup

from tramas.locale.reasons import approximation_texts
from tramas.report.change_headlines import method_label
from tramas.report.content import Definitions, Items, Paragraph, ReportContext, Section

__all__ = ["CHANGE_REFERENCES", "CHANGE_TERMS", "REFERENCES", "TERMS", "methodology_section"]

#: Terms defined, in order; each has ``m_term_<t>`` and ``m_def_<t>`` catalogue entries.
TERMS: tuple[str, ...] = (
    "network",
    "missing",
    "degree",
    "strength",
    "betweenness",
    "closeness",
    "harmonic",
    "eigenvector",
    "pagerank",
    "hits",
    "coreness",
    "core_periphery",
    "constraint",
    "effective_size",
    "brokerage",
    "communities",
    "density",
    "reciprocity",
    "transitivity",
    "paths",
    "centralization",
    "assortativity",
    "ei_index",
    "null_model",
    "lead_firms",
    "cognitive_roles",
    "smes",
)

#: Terms of the "Change between waves" section, defined when the report has it.
CHANGE_TERMS: tuple[str, ...] = ("tie_change", "jaccard", "qap", "new_bridges", "change_score")

#: Bibliography (author–year keys as cited in the definitions).
REFERENCES: dict[str, str] = {
    "Bonacich 1972": "Bonacich, P. (1972). Factoring and weighting approaches to status scores "
    "and clique identification. <i>Journal of Mathematical Sociology</i> 2(1), 113–120.",
    "Borgatti & Everett 1999": "Borgatti, S. P., & Everett, M. G. (1999). Models of "
    "core/periphery structures. <i>Social Networks</i> 21(4), 375–395.",
    "Brin & Page 1998": "Brin, S., & Page, L. (1998). The anatomy of a large-scale hypertextual "
    "Web search engine. <i>Computer Networks and ISDN Systems</i> 30, 107–117.",
    "Burt 1992": "Burt, R. S. (1992). <i>Structural Holes: The Social Structure of "
    "Competition</i>. Cambridge, MA: Harvard University Press.",
    "Freeman 1977": "Freeman, L. C. (1977). A set of measures of centrality based on "
    "betweenness. <i>Sociometry</i> 40(1), 35–41.",
    "Freeman 1979": "Freeman, L. C. (1979). Centrality in social networks: conceptual "
    "clarification. <i>Social Networks</i> 1(3), 215–239.",
    "Giuliani & Bell 2005": "Giuliani, E., & Bell, M. (2005). The micro-determinants of "
    "meso-level learning and innovation: evidence from a Chilean wine cluster. "
    "<i>Research Policy</i> 34(1), 47–68.",
    "Gould & Fernandez 1989": "Gould, R. V., & Fernandez, R. M. (1989). Structures of "
    "mediation: a formal approach to brokerage in transaction networks. "
    "<i>Sociological Methodology</i> 19, 89–126.",
    "Humphrey & Schmitz 2002": "Humphrey, J., & Schmitz, H. (2002). How does insertion in "
    "global value chains affect upgrading in industrial clusters? <i>Regional Studies</i> "
    "36(9), 1017–1027.",
    "Huisman 2009": "Huisman, M. (2009). Imputation of missing network data: some simple "
    "procedures. <i>Journal of Social Structure</i> 10(1).",
    "Kleinberg 1999": "Kleinberg, J. M. (1999). Authoritative sources in a hyperlinked "
    "environment. <i>Journal of the ACM</i> 46(5), 604–632.",
    "Krackhardt & Stern 1988": "Krackhardt, D., & Stern, R. N. (1988). Informal networks and "
    "organizational crises: an experimental simulation. <i>Social Psychology Quarterly</i> "
    "51(2), 123–140.",
    "Lancichinetti & Fortunato 2012": "Lancichinetti, A., & Fortunato, S. (2012). Consensus "
    "clustering in complex networks. <i>Scientific Reports</i> 2, 336.",
    "Marchiori & Latora 2000": "Marchiori, M., & Latora, V. (2000). Harmony in the "
    "small-world. <i>Physica A</i> 285, 539–546.",
    "Maslov & Sneppen 2002": "Maslov, S., & Sneppen, K. (2002). Specificity and stability in "
    "topology of protein networks. <i>Science</i> 296(5569), 910–913.",
    "Newman 2003": "Newman, M. E. J. (2003). Mixing patterns in networks. <i>Physical Review "
    "E</i> 67, 026126.",
    "Newman & Girvan 2004": "Newman, M. E. J., & Girvan, M. (2004). Finding and evaluating "
    "community structure in networks. <i>Physical Review E</i> 69, 026113.",
    "North, Curtis & Sham 2002": "North, B. V., Curtis, D., & Sham, P. C. (2002). A note on "
    "the calculation of empirical P values from Monte Carlo procedures. <i>American Journal "
    "of Human Genetics</i> 71(2), 439–441.",
    "Schmitz 1999": "Schmitz, H. (1999). Global competition and local cooperation: success and "
    "failure in the Sinos Valley, Brazil. <i>World Development</i> 27(9), 1627–1650.",
    "Seidman 1983": "Seidman, S. B. (1983). Network structure and minimum degree. <i>Social "
    "Networks</i> 5(3), 269–287.",
    "Traag et al. 2019": "Traag, V. A., Waltman, L., & van Eck, N. J. (2019). From Louvain to "
    "Leiden: guaranteeing well-connected communities. <i>Scientific Reports</i> 9, 5233.",
    "UNIDO 2010": "UNIDO (2010). <i>Cluster Development for Pro-Poor Growth: the UNIDO "
    "Approach</i>. Vienna: United Nations Industrial Development Organization.",
    "Wasserman & Faust 1994": "Wasserman, S., & Faust, K. (1994). <i>Social Network Analysis: "
    "Methods and Applications</i>. Cambridge University Press.",
}

#: References of the change section, listed when the report has it.
CHANGE_REFERENCES: dict[str, str] = {
    "Dekker, Krackhardt & Snijders 2007": "Dekker, D., Krackhardt, D., & Snijders, T. A. B. "
    "(2007). Sensitivity of MRQAP tests to collinearity and autocorrelation conditions. "
    "<i>Psychometrika</i> 72(4), 563–581.",
    "Giuliani & Pietrobelli 2016": "Giuliani, E., & Pietrobelli, C. (2016). Social network "
    "analysis for evaluating cluster development programs. In A. Maffioli, C. Pietrobelli & "
    "R. Stucchi (Eds.), <i>The Impact Evaluation of Cluster Development Programs: Methods and "
    "Practices</i>. Washington, DC: Inter-American Development Bank.",
    "Hubert 1987": "Hubert, L. J. (1987). <i>Assignment Methods in Combinatorial Data "
    "Analysis</i>. New York: Marcel Dekker.",
    "Jaccard 1912": "Jaccard, P. (1912). The distribution of the flora in the alpine zone. "
    "<i>New Phytologist</i> 11(2), 37–50.",
    "Krackhardt 1987": "Krackhardt, D. (1987). QAP partialling as a test of spuriousness. "
    "<i>Social Networks</i> 9(2), 171–186.",
    "Krackhardt 1988": "Krackhardt, D. (1988). Predicting with networks: nonparametric "
    "multiple regression analysis of dyadic data. <i>Social Networks</i> 10(4), 359–381.",
}


def _change_parameters(ctx: ReportContext) -> Markup:
    s = ctx.comparison.summary
    p = s["parameters"]
    partition = s["new_bridges"]["partition"]
    return ctx.tm(
        "m_p_change",
        a=s["wave_a"],
        b=s["wave_b"],
        relations=ctx.join([ctx.relation_label(r, inline=True) for r in p["relations"]]),
        permutations=p["permutations"],
        seed=p["seed"],
        method=method_label(ctx, partition),
        communities=partition.get("communities", "–"),
    )


def _parameters(ctx: ReportContext) -> Items:
    p = ctx.analysis.parameters
    f = ctx.analysis.figures
    comm = (f.get("communities") or {}).get("parameters") or {}
    items = [
        ctx.tm(
            "m_p_relations",
            relations=ctx.join([ctx.relation_label(r) for r in p.get("relations", [])]),
            wave=p.get("wave") or ctx.t("all_waves"),
        ),
        ctx.tm(
            "m_p_view",
            kind=ctx.t("directed") if p.get("directed") else ctx.t("undirected"),
            weight=ctx.category("weight_column", p["weight"])
            if p.get("weight")
            else ctx.t("unweighted"),
        ),
        ctx.tm(
            "m_p_groups", groups=ctx.category("group", p.get("groups")) if p.get("groups") else "–"
        ),
        ctx.tm(
            "m_p_communities",
            method=f.get("communities", {}).get("method", "–"),
            resolution=ctx.num(p.get("resolution"), "dec2"),
            runs=p.get("consensus_runs", "–"),
            seed=comm.get("seed", p.get("seed")),
        ),
        ctx.tm(
            "m_p_thresholds",
            **{
                k: ctx.category("threshold", v) if isinstance(v, str) else ctx.num(v)
                for k, v in (p.get("cognitive_thresholds") or {}).items()
            },
        ),
    ]
    cp = f.get("core_periphery") or {}
    if cp.get("pattern") in ("missing", "tied", "absent") and cp.get("search") in (
        "exhaustive",
        "local search",
    ):
        search = (
            ctx.tm("cp_search_exhaustive")
            if cp.get("search") == "exhaustive"
            else ctx.tm("cp_search_local", restarts=cp.get("restarts", "–"), seed=p.get("seed"))
        )
        items.append(
            ctx.tm(
                "m_p_core_periphery", pattern=ctx.tm(f"cp_pattern_{cp['pattern']}"), search=search
            )
        )
    if ctx.null is not None:
        items.append(
            ctx.tm(
                "m_p_null",
                n=ctx.null.samples,
                seed=ctx.null.seed,
                swaps=ctx.null.parameters.get("swaps_per_tie"),
                floor=ctx.null.samples + 1,
            )
        )
        if ctx.null.parameters.get("pivots"):
            items.append(ctx.tm("m_p_null_pivots", pivots=ctx.null.parameters["pivots"]))
    for note in approximation_texts(f.get("approximations") or [], ctx.lang):
        items.append(ctx.tm("m_p_approx", note=note))
    if ctx.comparison is not None:
        items.append(_change_parameters(ctx))
    return Items(tuple(items), key="parameters")


def methodology_section(ctx: ReportContext) -> Section:
    """The methodology section: definitions, parameters of this run, references."""
    terms = TERMS + (CHANGE_TERMS if ctx.comparison is not None else ())
    references = dict(REFERENCES)
    if ctx.comparison is not None:
        references = dict(sorted({**REFERENCES, **CHANGE_REFERENCES}.items()))
    section = Section("methods", ctx.t("sec_methods"))
    section.add(Paragraph(ctx.tm("m_intro")))
    section.add(
        Definitions(
            tuple((ctx.t(f"m_term_{t}"), ctx.tm(f"m_def_{t}")) for t in terms), key="definitions"
        )
    )
    section.add(Paragraph(ctx.tm("m_parameters_title"), kind="heading"), _parameters(ctx))
    section.add(Paragraph(ctx.tm("m_references_title"), kind="heading"))
    section.add(Items(tuple(Markup(ref) for ref in references.values()), key="references"))
    return section
