"""Interview evidence in the report: what respondents said about the ties behind a finding.

Ties may carry a ``data_source`` and an ``evidence`` quote
(:func:`tramas.graph.evidence.evidence_ties`). :func:`add_evidence` places the quotes
beside the actors and ties they concern — the lead firms and the technological
gatekeepers (key actors), the ties within and between sub-clusters, and the new,
dissolved and stable ties of the change section — each with its tie (source → target,
relation, wave) and data source. Each quote appears once per section, at most
:data:`MAX_QUOTES` per place.

In an anonymised report every actor's name, alias and id inside a quote is replaced by
its code (:class:`tramas.graph.evidence.QuoteRedactor`); a quote that still holds a word
of an actor's name is left out, and the report says how many were. Quotes are plain
text: the template escapes them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

import pandas as pd

from tramas.graph.evidence import QuoteRedactor, evidence_ties
from tramas.report.content import Chart, Paragraph, ReportContext, Section, Table

__all__ = ["MAX_QUOTES", "Quote", "Quotes", "add_evidence", "report_quotes"]

#: Quotes shown in one place of the report.
MAX_QUOTES = 8


@dataclass(frozen=True)
class Quote:
    """One quote as the report shows it (plain text; the template escapes it).

    ``source_key`` and ``target_key`` are the tie's ends as the report's tables key them
    (ids, or codes when anonymised); ``caption`` names the tie, its relation, wave and
    data source; ``context`` says where it belongs (a sub-cluster, a change status).
    """

    text: str
    caption: str
    source_key: str
    target_key: str
    relation: str
    wave: str
    data_source: str
    lang: str
    context: str = ""


@dataclass(frozen=True)
class Quotes:
    """A block of quotes: a heading, the quotes and a note (quotes left out)."""

    key: str
    title: str
    items: tuple[Quote, ...]
    note: str = ""


# ------------------------------------------------------------------------------ quotes
def report_quotes(ctx: ReportContext) -> pd.DataFrame:
    """Every tie with a quote, as the report may show it.

    Columns of :func:`~tramas.graph.evidence.evidence_ties` plus ``quote`` (names
    replaced by codes when the report is anonymised) and ``safe`` (``False``: the quote
    may still name an actor and is not shown).
    """
    ties = evidence_ties(ctx.network, wave="all").reset_index(drop=True)
    if ties.empty:
        return ties.assign(quote=pd.Series(dtype=str), safe=pd.Series(dtype=bool))
    if ctx.codes is None:
        return ties.assign(quote=ties["evidence"], safe=True)
    redactor = QuoteRedactor(ctx.network.actors, ctx.codes)
    redacted = [redactor(q) for q in ties["evidence"]]
    return ties.assign(quote=[r.text for r in redacted], safe=[r.safe for r in redacted])


def _directed(ctx: ReportContext, relation: str) -> bool:
    rel = ctx.network.relations.get(relation)
    return bool(rel.directed) if rel is not None else True


def _quote(ctx: ReportContext, row: pd.Series, context: str = "") -> Quote:
    source = "" if pd.isna(row["data_source"]) else str(row["data_source"]).strip()
    data_source = ctx.category("data_source", source) if source else ctx.t("unknown")
    wave = "" if pd.isna(row["wave"]) else str(row["wave"])
    relation = ctx.relation_label(str(row["relation"]), inline=True)
    caption = ctx.t(
        "ev_tie" if wave else "ev_tie_nowave",
        source=ctx.name(row["source"]),
        arrow="\u2192" if _directed(ctx, str(row["relation"])) else "\u2014",
        target=ctx.name(row["target"]),
        relation=relation,
        wave=wave,
        data_source=data_source,
    )
    return Quote(
        text=str(row["quote"]),
        caption=f"{context} · {caption}" if context else caption,
        source_key=ctx.key(row["source"]),
        target_key=ctx.key(row["target"]),
        relation=str(row["relation"]),
        wave=wave,
        data_source=source,
        lang=ctx.network.study.lang or ctx.lang,
        context=context,
    )


def _block(
    ctx: ReportContext,
    key: str,
    rows: pd.DataFrame,
    *,
    title: str,
    context: Callable[[pd.Series], str] | None = None,
    notes: Iterable[str] = (),
) -> Quotes | None:
    """A block of the rows' quotes (``None`` when there is nothing to show or say)."""
    notes = [n for n in notes if n]
    unsafe = int((~rows["safe"].astype(bool)).sum()) if len(rows) else 0
    shown = rows[rows["safe"].astype(bool)] if len(rows) else rows
    if unsafe:
        notes.append(ctx.t("ev_omitted", n=unsafe))
    if len(shown) > MAX_QUOTES:
        notes.append(ctx.t("ev_more", n=len(shown) - MAX_QUOTES))
        shown = shown.head(MAX_QUOTES)
    if shown.empty and not notes:
        return None
    if ctx.anonymized and not shown.empty:
        notes.append(ctx.t("ev_anonymized"))
    items = tuple(
        _quote(ctx, row, context(row) if context is not None else "") for _, row in shown.iterrows()
    )
    return Quotes(key=key, title=title, items=items, note=" ".join(notes))


def _in_scope(ctx: ReportContext, quotes: pd.DataFrame) -> pd.DataFrame:
    """Quotes on ties of the analysed relations and wave, among the analysed actors."""
    params = ctx.analysis.parameters
    rels = list(params.get("relations") or [])
    wave = params.get("wave")
    ids = set(map(str, ctx.analysis.actors.index))
    keep = quotes["source"].isin(ids) & quotes["target"].isin(ids)
    if rels:
        keep &= quotes["relation"].isin(rels)
    if wave not in (None, "all"):
        keep &= quotes["wave"].astype("string").fillna(str(wave)) == str(wave)
    return quotes[keep]


def _about(quotes: pd.DataFrame, ranked: list[str]) -> pd.DataFrame:
    """Quotes on ties of the ``ranked`` actors, the first actor's first."""
    order = {a: i for i, a in enumerate(ranked)}
    rank = pd.concat([quotes["source"].map(order), quotes["target"].map(order)], axis=1).min(axis=1)
    return quotes.assign(_rank=rank)[rank.notna()].sort_values("_rank", kind="stable")


# ------------------------------------------------------------------------------ places
def _key_actors(ctx: ReportContext, quotes: pd.DataFrame) -> list[tuple[str, Quotes]]:
    a = ctx.analysis.actors
    blocks = []
    shown: set[int] = set()
    if "lead_firm" in a.columns:
        leads = a[a["lead_firm"].fillna(False).astype(bool)]
        if "lead_firm_rank" in leads.columns:
            leads = leads.sort_values("lead_firm_rank")
        rows = _about(quotes, [str(i) for i in leads.index])
        block = _block(ctx, "evidence_leads", rows, title=ctx.t("ev_h_leads"))
        if block is not None:
            blocks.append(("lead_firms", block))
            safe = rows["safe"].astype(bool)
            shown |= set(rows.index[safe][:MAX_QUOTES]) | set(rows.index[~safe])
    if "cognitive_role" in a.columns:
        keepers = a[a["cognitive_role"] == "gatekeeper"]
        sort = "outdegree" if "outdegree" in keepers.columns else None
        if sort:
            keepers = keepers.sort_values(sort, ascending=False, kind="stable")
        rows = _about(quotes, [str(i) for i in keepers.index])
        above = rows.index.isin(list(shown))
        note = ctx.t("ev_shown_above", n=int(above.sum())) if above.any() else ""
        block = _block(
            ctx, "evidence_gatekeepers", rows[~above], title=ctx.t("ev_h_gatekeepers"), notes=[note]
        )
        if block is not None:
            blocks.append(("cognitive_actors", block))
    return blocks


def _subclusters(ctx: ReportContext, quotes: pd.DataFrame) -> list[tuple[str, Quotes]]:
    a = ctx.analysis.actors
    if "subcluster" in a.columns:
        group = a["subcluster"].astype("Int64")
    elif "community" in a.columns:
        from tramas.metrics.communities import subclusters

        group = subclusters(a["community"])
    else:
        return []
    group.index = group.index.astype(str)
    ga = quotes["source"].map(group)
    gb = quotes["target"].map(group)
    rows = quotes[ga.notna() | gb.notna()]
    if rows.empty:
        return []
    # ties inside a sub-cluster first, by sub-cluster; then between; then with outsiders
    ga, gb = ga[rows.index], gb[rows.index]
    lo = pd.concat([ga, gb], axis=1).min(axis=1)
    hi = pd.concat([ga, gb], axis=1).max(axis=1)
    kind = (ga.isna() | gb.isna()).astype(int) * 2 + ((ga != gb) & ga.notna() & gb.notna()) * 1
    rows = rows.assign(_kind=kind, _lo=lo, _hi=hi).sort_values(
        ["_kind", "_lo", "_hi"], kind="stable"
    )

    from tramas.report.subclusters import subcluster_label

    def context(row: pd.Series) -> str:
        lo = subcluster_label(ctx, int(row["_lo"]))
        if row["_kind"] == 0:
            return ctx.t("ev_within", name=lo)
        if row["_kind"] == 1:
            return ctx.t("ev_between", a=lo, b=subcluster_label(ctx, int(row["_hi"])))
        return ctx.t("ev_outside", name=lo)

    block = _block(
        ctx, "evidence_subclusters", rows, title=ctx.t("ev_h_subclusters"), context=context
    )
    return [("communities", block)] if block is not None else []


def _change(ctx: ReportContext, quotes: pd.DataFrame) -> list[tuple[str, Quotes]]:
    comp = ctx.comparison
    if comp is None:
        return []
    changes = comp.tie_changes
    if changes is None or changes.empty:
        return []
    a, b = str(comp.wave_a), str(comp.wave_b)
    q = quotes[
        quotes["relation"].isin(list(comp.relations)) & quotes["wave"].astype("string").isin([a, b])
    ]
    if q.empty:
        return []
    status = {}
    for src, tgt, rel, st in changes[["source", "target", "relation", "status"]].itertuples(
        index=False
    ):
        status[(str(src), str(tgt), rel)] = st
        if not _directed(ctx, rel):
            status[(str(tgt), str(src), rel)] = st
    st = pd.Series(
        [
            status.get((s, t, r))
            for s, t, r in q[["source", "target", "relation"]].itertuples(index=False)
        ],
        index=q.index,
    )
    # a new tie's evidence is in the later wave, a dissolved one's in the baseline
    fits = (
        ((st == "new") & (q["wave"] == b))
        | ((st == "dissolved") & (q["wave"] == a))
        | (st == "stable")
    )
    order = {"new": 0, "dissolved": 1, "stable": 2}
    rows = (
        q[fits]
        .assign(_status=st[fits])
        .sort_values("_status", key=lambda s: s.map(order), kind="stable")
    )
    if rows.empty:
        return []

    def context(row: pd.Series) -> str:
        return ctx.t(f"ev_status_{row['_status']}", a=a, b=b)

    block = _block(ctx, "evidence_change", rows, title=ctx.t("ev_h_change"), context=context)
    return [("change_statuses", block)] if block is not None else []


def _insert(section: Section, anchor: str, block: Quotes) -> None:
    """Put ``block`` after the table or chart keyed ``anchor`` and the notes that follow
    it (else at the end of the section)."""
    blocks = section.blocks
    for i, b in enumerate(blocks):
        if isinstance(b, Table | Chart) and b.key == anchor:
            i += 1
            while i < len(blocks) and isinstance(blocks[i], Paragraph) and blocks[i].kind == "note":
                i += 1
            blocks.insert(i, block)  # type: ignore[arg-type]
            return
    blocks.append(block)  # type: ignore[arg-type]


def add_evidence(ctx: ReportContext, sections: list[Section]) -> int:
    """Place the quotes of the ties behind the report's findings into ``sections``.

    Lead firms and technological gatekeepers (section ``actors``), ties within and
    between sub-clusters (``communities``) and new, dissolved and stable ties
    (``change``). Returns the number of quote blocks added (0 when no tie carries a
    quote).
    """
    quotes = report_quotes(ctx)
    if quotes.empty:
        return 0
    scoped = _in_scope(ctx, quotes)
    places = {
        "actors": _key_actors(ctx, scoped),
        "communities": _subclusters(ctx, scoped),
        "change": _change(ctx, quotes),
    }
    added = 0
    for section in sections:
        for anchor, block in places.get(section.key, []):
            _insert(section, anchor, block)
            added += 1
    return added
