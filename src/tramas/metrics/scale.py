"""Scale mode: the measures that stay fast on national production networks.

Firm-level production networks from VAT or e-invoice records hold hundreds of thousands
to millions of firms and tens of millions of supplier → buyer ties. The full cluster
analysis (:func:`tramas.metrics.analysis.analyze`: consensus communities, closeness,
core–periphery fit, brokerage and structural holes for everyone, roles) grows faster
than the ties; above :data:`SCALE_ACTORS` actors or :data:`SCALE_TIES` ties tramas
switches to the measure set here, whose cost is linear (or close to it) in the ties,
and states every approximation in the output (``figures["methods"]``).

The scale measure set (:data:`SCALE_MEASURES`)
    ``degree``       in-, out- and total degree, in- and out-strength (exact)
    ``pagerank``     PageRank (exact, PRPACK)
    ``coreness``     k-core number (exact)
    ``components``   weakly and strongly connected components (exact)
    ``communities``  Leiden modularity communities, a fixed number of iterations, one run
    ``betweenness``  estimated from ``pivots`` random source actors, with a per-actor
                     standard error (:func:`sampled_betweenness`)
    ``supply_chain`` downstreamness and upstreamness (:mod:`tramas.metrics.supply_chain`)
The measures live in :mod:`tramas.metrics.scale_measures`; the files of scale mode (tie
file, actors table, subset) are read by :mod:`tramas.ingest.scale`. Whether to use scale
mode is decided in one place, :func:`choose_scale_mode`; :func:`analyze_scale` is the
explicit entry point and :func:`tramas.metrics.analysis.analyze` calls it when
:func:`choose_scale_mode` says so.
Brokerage and structural holes are computed only for a requested ``subset`` of actors
(:mod:`tramas.metrics.subsets`), exactly.

Every function keeps igraph doing the work on the view's graph and only turns the
result into a pandas object indexed by actor id (see ``benchmarks/scale.py`` for the
measured overhead against raw igraph calls).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from tramas.exceptions import TramasError
from tramas.graph.network import Network, NetworkView
from tramas.locale import check_lang, format_number, t
from tramas.metrics import centrality as C
from tramas.metrics.communities import Communities
from tramas.metrics.figures import density, view_figures
from tramas.metrics.scale_measures import components, sampled_betweenness, scale_leiden
from tramas.metrics.subsets import (
    brokerage_subset,
    resolve_subset,
    structural_holes_subset,
)
from tramas.metrics.supply_chain import SupplyChainPosition, supply_chain_position
from tramas.output import figure_rows, json_safe, write_csv, write_json, write_xlsx

__all__ = [
    "EXCEL_MAX_ROWS",
    "SCALE_MEASURES",
    "SCALE_ACTORS",
    "SCALE_FILE_BYTES",
    "SCALE_TIES",
    "XLSX_LIMIT",
    "ScaleAnalysisResult",
    "analyze_scale",
    "analyze_scale_file",
    "choose_scale_mode",
    "scale_ties_file",
]

#: Above this many actors (or :data:`SCALE_TIES` ties) ``analyze`` uses scale mode.
SCALE_ACTORS = 50_000
#: Above this many ties ``analyze`` uses scale mode.
SCALE_TIES = 500_000
#: A CSV tie file above this size (about a million rows) is read and analysed in scale
#: mode; Parquet files always are.
SCALE_FILE_BYTES = 40 * 1024 * 1024
#: Measures of scale mode, in the order they run.
SCALE_MEASURES: tuple[str, ...] = (
    "degree",
    "pagerank",
    "coreness",
    "components",
    "communities",
    "betweenness",
    "supply_chain",
)
#: Rows an Excel sheet holds (header included).
EXCEL_MAX_ROWS = 1_048_576
#: Scale mode writes the XLSX workbook only up to this many actors (writing and opening
#: larger workbooks takes minutes); CSV and Parquet are always written.
XLSX_LIMIT = 100_000
_NOT_COMPUTED = (
    "closeness",
    "harmonic",
    "eigenvector",
    "hub",
    "authority",
    "cp_coreness",
    "community_stability",
    "lead_firm_score",
    "cognitive_role",
    "sme_status",
    "avg_path_length",
    "diameter",
    "transitivity",
)

Progress = Callable[[str, int, int], None]


def _text(lang: str, key: str, **values: Any) -> str:
    """A statement of method (``scale.<key>`` in the catalogue) in ``lang``."""
    return t(f"scale.{key}", check_lang(lang), **values)


def _above_limits(view: NetworkView) -> bool:
    return view.n_actors > SCALE_ACTORS or view.n_ties > SCALE_TIES


def choose_scale_mode(
    source: Network | NetworkView | str | Path, *, scale: bool | None = None
) -> bool:
    """Whether to analyse ``source`` in scale mode — the one place that decides it.

    Parameters
    ----------
    source:
        A tie file (before reading it: it then takes the streaming reader of
        :mod:`tramas.ingest.scale`), a :class:`~tramas.graph.NetworkView`, or a
        :class:`~tramas.graph.Network` (its view of every relation).
    scale:
        The caller's choice: ``True`` forces scale mode, ``False`` refuses it, ``None``
        (default) decides by size.

    Returns
    -------
    bool
        ``scale`` if given; else, for a file, whether it is Parquet or a CSV above
        :data:`SCALE_FILE_BYTES`; for a network, whether it has more than
        :data:`SCALE_ACTORS` actors or :data:`SCALE_TIES` ties.

    Examples
    --------
    >>> v = NetworkView.from_edges([("a", "b"), ("b", "c")])
    >>> choose_scale_mode(v), choose_scale_mode(v, scale=True)
    (False, True)
    >>> choose_scale_mode("vat_2023.parquet")
    True
    """
    if scale is not None:
        return bool(scale)
    if isinstance(source, str | Path):
        path = Path(source)
        return path.suffix.lower() == ".parquet" or (
            path.is_file() and path.stat().st_size > SCALE_FILE_BYTES
        )
    view = source if isinstance(source, NetworkView) else source.view()
    return _above_limits(view)


def scale_ties_file(
    ties: str | Path | Sequence[str | Path] | None,
    *,
    study: str | Path | None = None,
    neo4j: str | None = None,
    scale: bool | None = None,
    usage: str = "",
) -> Path | None:
    """The tie file an input is read from in scale mode, or ``None`` for the survey model.

    Scale mode (the streaming reader of :mod:`tramas.ingest.scale`) reads one tie file
    alone: no study file and no Neo4j study besides it. Whether it does is
    :func:`choose_scale_mode`'s to say.

    Parameters
    ----------
    ties:
        The tie file(s) of the input.
    study, neo4j:
        A study file or a Neo4j study key read instead of (or besides) the ties.
    scale:
        ``True`` forces scale mode, ``None`` (default) decides by format and size.
    usage:
        How to call for scale mode correctly, the hint of the error.

    Returns
    -------
    Path or None
        The one tie file when the input takes scale mode.

    Raises
    ------
    TramasError
        ``scale=True`` for anything but one tie file alone.

    Examples
    --------
    >>> scale_ties_file(["vat_2023.parquet"]).name
    'vat_2023.parquet'
    >>> scale_ties_file(["advice.csv", "trade.csv"]) is None
    True
    """
    files = [ties] if isinstance(ties, str | Path) else list(ties or [])
    one_file = study is None and neo4j is None and len(files) == 1
    if scale and not one_file:
        raise TramasError(
            "--scale needs exactly one --ties file (and no --study or --neo4j)",
            hint=usage,
            code="scale_needs_one_file",
            values={"command": usage},
        )
    if one_file and choose_scale_mode(files[0], scale=scale or None):
        return Path(files[0])
    return None


# --------------------------------------------------------------------------- measures
# --------------------------------------------------------------------------- result
@dataclass(frozen=True)
class ScaleAnalysisResult:
    """What :func:`analyze_scale` computed, and how.

    Attributes
    ----------
    actors:
        One row per actor indexed by id: the actor attributes of the view, then the
        measure columns (``indegree`` ... ``upstreamness``; for a requested subset also
        ``constraint``, ``effective_size``, ``efficiency`` and ``brokerage_*``, empty for
        the other actors).
    communities:
        One row per community: ``community``, ``size``, ``share``, ``top_members`` (ids
        of the five members with most ties).
    figures:
        Network-level figures, ``methods`` (one statement per measure, every
        approximation named), ``not_computed``, ``parameters``, ``timings_s`` (wall clock)
        and ``cpu_s`` (process CPU time) per step (JSON-safe).
    view:
        The analysed view.
    parameters:
        The parameters of the run.
    community_result, supply_chain_result:
        The underlying results, with their own parameters.
    """

    actors: pd.DataFrame
    communities: pd.DataFrame
    figures: dict[str, Any]
    view: NetworkView
    parameters: dict[str, Any]
    community_result: Communities | None = None
    supply_chain_result: SupplyChainPosition | None = None
    lang: str = "en"

    @property
    def methods(self) -> dict[str, str]:
        """How each measure was computed (also in ``figures["methods"]``)."""
        return self.figures["methods"]

    def skipped_files(self, xlsx_limit: int = XLSX_LIMIT) -> dict[str, str]:
        """Outputs :meth:`write` leaves out, with the reason."""
        n = len(self.actors)
        if n <= min(xlsx_limit, EXCEL_MAX_ROWS - 1):
            return {}
        return {
            "tramas-analysis.xlsx": _text(
                self.lang, "xlsx", n=n, limit=xlsx_limit, excel=EXCEL_MAX_ROWS
            )
        }

    def write(
        self, out_dir: str | Path, *, xlsx_limit: int = XLSX_LIMIT, safe: bool = True
    ) -> list[Path]:
        """Write ``actors.parquet``, ``actors.csv``, ``communities.csv``, ``network.json``
        and, up to ``xlsx_limit`` actors, ``tramas-analysis.xlsx`` (with
        :mod:`tramas.output`; CSV formula-guarded unless ``safe=False``).

        Returns
        -------
        list of Path
            The files written.
        """
        import pyarrow as pa
        import pyarrow.parquet as pq

        out = Path(out_dir)
        out.mkdir(parents=True, exist_ok=True)
        actors = self.actors.reset_index()
        paths = [out / "actors.parquet", out / "actors.csv"]
        pq.write_table(pa.Table.from_pandas(actors, preserve_index=False), paths[0])
        write_csv(actors, paths[1], safe=safe, arrow=True)
        paths.append(write_csv(self.communities, out / "communities.csv", safe=safe))
        skipped = self.skipped_files(xlsx_limit)
        paths.append(
            write_json({**self.figures, "files": {"skipped": skipped}}, out / "network.json")
        )
        if not skipped:
            paths.append(
                write_xlsx(
                    out / "tramas-analysis.xlsx",
                    {
                        "actors": actors,
                        "communities": self.communities,
                        "network": figure_rows(json_safe(self.figures)),
                    },
                )
            )
        return paths


# --------------------------------------------------------------------------- analyze
def analyze_scale(
    view: NetworkView | Network,
    *,
    measures: Sequence[str] | None = None,
    pivots: int | None = 200,
    batches: int = 10,
    cutoff: int | None = None,
    subset: Iterable[str] | None = None,
    groups: str | None = "kind",
    resolution: float = 1.0,
    leiden_iterations: int = 2,
    seed: int = 42,
    lang: str = "en",
    reason: str | None = None,
    load: Any = None,
    progress: Progress | None = None,
) -> ScaleAnalysisResult:
    """The scale-mode analysis of a very large network (see the module notes).

    Parameters
    ----------
    view:
        The network view (e.g. from :func:`tramas.ingest.scale.read_scale_ties`), or a
        :class:`~tramas.graph.Network` (its view of every relation).
    measures:
        Which of :data:`SCALE_MEASURES` to compute (default all).
    pivots, batches, cutoff:
        Betweenness estimation (:func:`sampled_betweenness`).
    subset:
        Actor ids for which brokerage and structural holes are computed exactly
        (:mod:`tramas.metrics.subsets`); ``None`` computes them for nobody.
    groups:
        Actor attribute grouping the brokerage roles; without that attribute every
        actor is in one group.
    resolution, leiden_iterations:
        Community detection (:func:`scale_leiden`).
    seed:
        Seed of the communities and of the betweenness sources.
    lang:
        Language of the method statements (``en``/``es``).
    reason:
        Why scale mode was chosen (stated in ``figures["methods"]["mode"]``); by default
        the size against :data:`SCALE_ACTORS` and :data:`SCALE_TIES`.
    load:
        The :class:`tramas.ingest.scale.ScaleLoadReport` of the input, kept in
        ``figures["load"]`` (its ``seconds`` in ``figures["timings_s"]["read"]``).
    progress:
        Called as ``progress(step, done, total)`` before each step.

    Returns
    -------
    ScaleAnalysisResult

    Examples
    --------
    >>> from tramas.graph import NetworkView
    >>> v = NetworkView.from_edges([("farm", "mill"), ("mill", "bakery"), ("farm", "bakery")])
    >>> r = analyze_scale(v, pivots=None)
    >>> r.actors.loc["mill", ["degree", "betweenness", "downstreamness"]].round(3).tolist()
    [2.0, 0.0, 0.667]
    >>> r.methods["betweenness"]
    'exact: every actor a source (Brandes 2001), shortest paths along tie direction'
    """
    if not isinstance(view, NetworkView):
        view = view.view()
    chosen = list(SCALE_MEASURES if measures is None else measures)
    unknown = [m for m in chosen if m not in SCALE_MEASURES]
    if unknown:
        raise TramasError(
            f"unknown measure(s): {', '.join(unknown)}",
            hint=f"scale-mode measures: {', '.join(SCALE_MEASURES)}",
            code="unknown_measures",
            values={"names": ", ".join(unknown), "known": ", ".join(SCALE_MEASURES)},
        )
    _text(lang, "mode", reason="")  # validates the language
    subset_idx = resolve_subset(view, subset) if subset is not None else None
    steps = [*chosen, *(["subset"] if subset_idx is not None else []), "figures"]
    n, m = view.n_actors, view.n_ties
    g = view.graph
    weighting = _text(lang, "weighted" if view.weighted else "unweighted")
    timings: dict[str, float] = {}
    cpu: dict[str, float] = {}
    methods: dict[str, str] = {
        "mode": _text(
            lang,
            "mode",
            reason=reason
            or _text(
                lang,
                "reason" if _above_limits(view) else "reason_forced",
                n=n,
                m=m,
                actors=SCALE_ACTORS,
                ties=SCALE_TIES,
            ),
        )
    }
    columns: dict[str, Any] = {}
    figures: dict[str, Any] = {
        "mode": "scale",
        **view_figures(view),
        "density": density(view) if n > 1 else float("nan"),
    }
    comm: Communities | None = None
    chain: SupplyChainPosition | None = None
    clock = time.perf_counter()
    for done, name in enumerate(steps):
        if progress is not None:
            progress(name, done, len(steps))
        start, start_cpu = time.perf_counter(), time.process_time()
        if name == "degree":
            table = C.degree_table(view)
            for col in table.columns:
                columns[col] = table[col]
            deg = table["degree"].to_numpy()
            figures["isolates"] = int((deg == 0).sum())
            figures["degree"] = {
                "mean": float(deg.mean()) if n else float("nan"),
                "max_in": int(table["indegree"].max()) if n else 0,
                "max_out": int(table["outdegree"].max()) if n else 0,
            }
            methods["degree"] = _text(lang, "degree")
        elif name == "pagerank":
            columns["pagerank"] = C.pagerank(view)
            methods["pagerank"] = _text(lang, "pagerank", damping=0.85, weighting=weighting)
        elif name == "coreness":
            columns["coreness"] = C.coreness(view)
            figures["max_coreness"] = int(columns["coreness"].max()) if n else 0
            methods["coreness"] = _text(lang, "coreness")
        elif name == "components":
            weak = components(view, "weak")
            strong = components(view, "strong")
            columns["component"], columns["strong_component"] = weak, strong
            figures["components"] = _component_figures(weak, strong, n)
            methods["components"] = _text(lang, "components")
        elif name == "communities":
            comm = scale_leiden(
                view, resolution=resolution, iterations=leiden_iterations, seed=seed
            )
            columns["community"] = comm.membership
            sizes = comm.membership.value_counts()
            figures["communities"] = {
                "method": comm.method,
                "count": comm.n_communities,
                "modularity": comm.modularity,
                "largest_share": float(sizes.max() / n) if n else float("nan"),
                "parameters": comm.parameters,
            }
            methods["communities"] = _text(
                lang,
                "communities",
                resolution=resolution,
                iterations=leiden_iterations,
                seed=seed,
                weighting=weighting,
            )
        elif name == "betweenness":
            bet = sampled_betweenness(
                view, pivots=pivots, batches=batches, cutoff=cutoff, seed=seed
            )
            columns["betweenness"] = bet["betweenness"]
            columns["betweenness_se"] = bet["betweenness_se"]
            figures["betweenness"], methods["betweenness"] = _betweenness_figures(
                bet, view, pivots, batches, cutoff, lang
            )
        elif name == "supply_chain":
            if view.directed:
                chain = supply_chain_position(view)
                columns["downstreamness"] = chain.downstreamness
                columns["upstreamness"] = chain.upstreamness
                p = chain.parameters
                solver = (
                    _text(lang, "lu")
                    if p["solver"] != "cg"
                    else _text(
                        lang,
                        "cg",
                        residual=format_number(p["relative_residual"], lang, "sci1"),
                        iterations=p["iterations"],
                    )
                )
                methods["supply_chain"] = _text(
                    lang, "supply_chain", weighting=weighting, solver=solver
                )
                figures["supply_chain"] = {
                    "incoherence": chain.incoherence,
                    "directedness": 1.0 - chain.incoherence,
                    "max_downstreamness": float(chain.downstreamness.max()) if n else 0.0,
                    "solver": p,
                }
            else:
                methods["supply_chain"] = _text(lang, "undirected")
        elif name == "subset":
            ids = view.ids[subset_idx]
            holes = structural_holes_subset(view, ids)
            use_groups = groups if groups in view.actors.columns else None
            broker = brokerage_subset(view, ids, use_groups)
            for frame in (holes, broker):
                for col in frame.columns:
                    full = pd.Series(np.nan, index=view.ids.copy(), name=col)
                    full.iloc[subset_idx] = frame[col].to_numpy(dtype=float)
                    columns[col] = full.astype("Int64") if col.startswith("brokerage_") else full
            group_text = repr(groups) if use_groups else _text(lang, "one_group", groups=groups)
            methods["subset"] = _text(lang, "subset", count=len(ids), groups=group_text)
            figures["subset"] = {"actors": len(ids), "groups": use_groups}
        else:  # figures
            if view.directed and m:
                figures["reciprocity"] = float(g.reciprocity(ignore_loops=True))
        timings[name] = round(time.perf_counter() - start, 3)
        cpu[name] = round(time.process_time() - start_cpu, 3)
    start, start_cpu = time.perf_counter(), time.process_time()
    if subset_idx is None:
        methods["brokerage"] = methods["constraint"] = _text(lang, "no_subset")
    methods["not_computed"] = _text(lang, "not_computed", names=", ".join(_NOT_COMPUTED))
    measures_frame = pd.DataFrame(columns, index=view.ids.copy())
    attrs = view.actors.rename(
        columns={c: f"{c}_attribute" for c in view.actors.columns if c in measures_frame}
    )
    actors = pd.concat([attrs, measures_frame], axis=1) if len(attrs.columns) else measures_frame
    actors.index.name = "id"
    communities = _community_table(comm, columns.get("degree"), n) if comm else pd.DataFrame()
    timings["assemble"] = round(time.perf_counter() - start, 3)
    cpu["assemble"] = round(time.process_time() - start_cpu, 3)
    timings["total"] = round(time.perf_counter() - clock, 3)
    parameters = {
        "measures": chosen,
        "pivots": pivots,
        "batches": batches,
        "cutoff": cutoff,
        "subset": None if subset_idx is None else len(subset_idx),
        "groups": groups,
        "resolution": resolution,
        "leiden_iterations": leiden_iterations,
        "seed": seed,
        "lang": lang,
    }
    figures.update(
        {
            "methods": methods,
            "not_computed": list(_NOT_COMPUTED),
            "parameters": parameters,
            "timings_s": timings,
            "cpu_s": cpu,
        }
    )
    if load is not None:
        timings["read"] = getattr(load, "seconds", 0.0)
        figures["load"] = load.to_dict()
    if progress is not None:
        progress("done", len(steps), len(steps))
    return ScaleAnalysisResult(
        actors=actors,
        communities=communities,
        figures=json_safe(figures),
        view=view,
        parameters=parameters,
        community_result=comm,
        supply_chain_result=chain,
        lang=lang,
    )


def analyze_scale_file(
    path: str | Path,
    *,
    actors: str | Path | pd.DataFrame | None = None,
    directed: bool = True,
    weighted: bool = True,
    relations: str | Sequence[str] | None = None,
    wave: str | None = None,
    subset: str | Path | Iterable[str] | None = None,
    strict: bool = True,
    progress: Progress | None = None,
    **options: Any,
) -> ScaleAnalysisResult:
    """Read one big tie file with the streaming reader and analyse it in scale mode.

    What ``tramas analyze --ties BIG`` runs: :func:`tramas.ingest.scale.read_scale_file`
    (the survey path's rules; its load report kept in the figures), the view the survey
    path would analyse (:meth:`tramas.ingest.scale.ScaleTies.view`: the latest wave and
    every relation merged unless ``wave``/``relations`` say otherwise; every relation
    directed, as without a study file), then :func:`analyze_scale`. The relations and
    wave analysed are in ``figures["relations"]``, ``figures["wave"]`` and
    ``figures["methods"]["view"]``.

    Parameters
    ----------
    path:
        CSV or Parquet edge list.
    actors:
        Optional actors table (file or DataFrame indexed by id).
    directed, weighted:
        How to read the ties (``directed=False``: each relation symmetrised;
        ``weighted=False`` ignores the weight column).
    relations, wave:
        The selection, as :func:`tramas.metrics.analysis.analyze` takes it.
    subset:
        Actors for exact brokerage and structural holes: a file, ids separated by
        commas, or ids (:func:`tramas.ingest.scale.read_subset`).
    strict:
        Raise :class:`tramas.ingest.scale.ScaleRejected` when rows were rejected as
        errors (as the survey path raises ``ValidationFailed``), before any measure.
    progress:
        ``progress(step, done, total)``; the reading is step ``read``.
    **options:
        Passed to :func:`analyze_scale` (``pivots``, ``seed``, ``resolution``,
        ``groups``, ``lang``, ...). ``trade`` names the relation of a file without a
        relation column.
    """
    from tramas.ingest.scale import ScaleRejected, read_scale_file, read_subset

    if progress is not None:
        progress("read", 0, 1)
    ties, report = read_scale_file(path, actors=actors, weighted=weighted, relation="trade")
    if strict and report.n_errors:
        raise ScaleRejected(report)
    view = ties.view(relations, wave=wave, directed=directed, weighted=weighted)
    result = analyze_scale(
        view,
        subset=read_subset(subset) if subset is not None else None,
        load=report,
        progress=progress,
        **options,
    )
    lang = result.lang
    result.figures["methods"]["view"] = _text(
        lang,
        "view" if directed else "view_undirected",
        relations=", ".join(view.relations) or "–",
        wave=view.wave if view.wave is not None else _text(lang, "all_waves"),
    )
    return result


def _component_figures(weak: pd.Series, strong: pd.Series, n: int) -> dict[str, Any]:
    if n == 0:
        return {"weak": 0, "strong": 0}
    weak_sizes = np.bincount(weak.to_numpy())
    strong_sizes = np.bincount(strong.to_numpy())
    return {
        "weak": int(weak.max()),
        "largest_weak_size": int(weak_sizes.max()),
        "largest_weak_share": float(weak_sizes.max() / n),
        "strong": int(strong.max()),
        "largest_strong_size": int(strong_sizes.max()),
        "largest_strong_share": float(strong_sizes.max() / n),
    }


def _betweenness_figures(
    bet: pd.DataFrame,
    view: NetworkView,
    pivots: int | None,
    batches: int,
    cutoff: int | None,
    lang: str,
) -> tuple[dict[str, Any], str]:
    n = view.n_actors
    paths = _text(lang, "directed" if view.directed else "undirected_paths")
    cut = _text(lang, "cutoff", cutoff=cutoff) if cutoff is not None else ""
    exact = pivots is None or pivots >= n
    if exact:
        return (
            {"exact": True, "pivots": None, "cutoff": cutoff},
            _text(lang, "betweenness_exact", paths=paths, cutoff=cut),
        )
    top = bet.nlargest(min(100, n), "betweenness")
    positive = top[top["betweenness"] > 0]
    rel = (
        float((positive["betweenness_se"] / positive["betweenness"]).median())
        if len(positive)
        else float("nan")
    )
    batches = max(1, min(batches, pivots))
    fig = {
        "exact": False,
        "pivots": pivots,
        "batches": batches,
        "cutoff": cutoff,
        "scale": n / pivots,
        "median_relative_se_top100": rel,
    }
    statement = _text(
        lang,
        "betweenness",
        pivots=pivots,
        paths=paths,
        cutoff=cut,
        scale=format_number(n / pivots, lang, "sig3"),
        batches=batches,
        top_se=format_number(rel, lang, "pct0"),
    )
    return fig, statement


def _community_table(comm: Communities, degree: pd.Series | None, n: int) -> pd.DataFrame:
    """Communities by size with their five members of highest degree."""
    membership = comm.membership
    frame = pd.DataFrame(
        {
            "community": membership.to_numpy(),
            "degree": degree.to_numpy() if degree is not None else np.zeros(n),
        },
        index=membership.index,
    )
    frame = frame.sort_values(["community", "degree"], ascending=[True, False], kind="stable")
    sizes = frame.groupby("community", sort=True).size()
    top = frame.groupby("community", sort=True).head(5)
    names = top.groupby("community", sort=True).apply(
        lambda part: ", ".join(map(str, part.index)), include_groups=False
    )
    return pd.DataFrame(
        {
            "community": sizes.index.to_numpy(),
            "size": sizes.to_numpy(),
            "share": sizes.to_numpy() / max(n, 1),
            "top_members": names.reindex(sizes.index).to_numpy(),
        }
    )
