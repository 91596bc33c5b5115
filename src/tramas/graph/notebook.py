"""How a :class:`~tramas.graph.Network` shows itself in a notebook (Jupyter's ``_repr_html_``).

A network displays as a short summary table — the study, its actors by kind, its ties by
relation and wave — in the study's language. Every survey value is HTML-escaped. Maps
display themselves (:class:`tramas.viz.notebook.MapView`).
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from typing import Any, Protocol

import pandas as pd

from tramas.locale import format_number, label, t

__all__ = ["network_html"]


class _Summarised(Protocol):
    """What the summary reads of a :class:`~tramas.graph.Network` (imported by it)."""

    actors: pd.DataFrame
    ties: pd.DataFrame
    study: Any
    relations: Mapping[str, Any]
    waves: Sequence[str]


def _cell(value: object) -> str:
    return html.escape(str(value), quote=True)


def network_html(network: _Summarised, lang: str | None = None) -> str:
    """An HTML summary of ``network``: actors by kind, ties by relation and wave.

    Parameters
    ----------
    network:
        The study's network.
    lang:
        ``en`` or ``es``; default the study's language, else English.

    Examples
    --------
    >>> from tramas.graph import Network
    >>> actors = pd.DataFrame({"name": ["<A>", "B"], "kind": "firm"}, index=["a", "b"])
    >>> ties = pd.DataFrame({"source": ["a"], "target": ["b"], "relation": "trade"})
    >>> page = network_html(Network(actors, ties), "en")
    >>> "&lt;A&gt;" in page or "<A>" not in page
    True
    """
    lang = lang or network.study.lang or "en"
    num = lambda v: format_number(v, lang, "int")  # noqa: E731
    actors, ties = network.actors, network.ties
    title = network.study.title or network.study.key
    parts = [
        '<div class="tramas-network">',
        f"<strong>{_cell(title)}</strong>",
        "<p>"
        + _cell(
            t(
                "notebook.summary",
                lang,
                actors=len(actors),
                ties=len(ties),
                relations=len(network.relations),
                waves=len(network.waves),
            )
        )
        + "</p>",
    ]
    kinds = (
        actors["kind"].astype("string").fillna("?").value_counts()
        if "kind" in actors
        else pd.Series(dtype=int)
    )
    if len(kinds):
        parts.append(
            f"<table><thead><tr><th>{_cell(t('notebook.kind', lang))}</th>"
            f"<th>{_cell(t('notebook.actors', lang))}</th></tr></thead><tbody>"
        )
        for kind, n in kinds.items():
            parts.append(f"<tr><td>{_cell(label('kind', kind, lang))}</td><td>{num(n)}</td></tr>")
        parts.append("</tbody></table>")
    if len(ties):
        waves = (
            ties["wave"].astype("string").fillna("–")
            if "wave" in ties and ties["wave"].notna().any()
            else None
        )
        table = (
            pd.crosstab(ties["relation"].astype(str), waves)
            if waves is not None
            else ties["relation"].astype(str).value_counts().to_frame(t("notebook.ties", lang))
        )
        order = [r for r in network.relations if r in table.index]
        table = table.loc[order + [r for r in table.index if r not in order]]
        head = "".join(f"<th>{_cell(c)}</th>" for c in table.columns)
        parts.append(
            f"<table><thead><tr><th>{_cell(t('notebook.relation', lang))}</th>{head}</tr>"
            "</thead><tbody>"
        )
        for rel, row in table.iterrows():
            spec = network.relations.get(str(rel))
            name = (spec.label if spec is not None and spec.label else None) or str(rel)
            cells = "".join(f"<td>{num(v)}</td>" for v in row)
            parts.append(f"<tr><td>{_cell(name)}</td>{cells}</tr>")
        parts.append("</tbody></table>")
    parts.append("</div>")
    return "\n".join(parts)
