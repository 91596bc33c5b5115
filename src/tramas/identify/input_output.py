"""Input–output linkages: groups of sectors that buy from and sell to each other.

Vertically integrated clusters show up in an input–output table as groups of sectors
whose intermediate flows are large relative to what they buy and sell overall. Following
the cluster-template literature (Czamanski & Ablas 1979; Feser & Bergman 2000), flows are
normalised by each sector's total intermediate purchases and sales, each pair of sectors
gets the strongest of four coefficients as its linkage, and strongly linked sectors are
grouped — by modularity communities (Leiden) or by average-linkage hierarchical
clustering.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import igraph as ig
import leidenalg
import numpy as np
import pandas as pd

from tramas.exceptions import InputError, TramasError
from tramas.identify.location import Notice
from tramas.identify.sector_map import sector_map_svg
from tramas.ingest.readers import parse_amount, read_table
from tramas.output import write_csv

__all__ = ["IOClusters", "io_clusters", "linkage_matrix", "read_flow_table"]

Method = Literal["direct", "correlation"]
Grouping = Literal["leiden", "hierarchical"]

#: Default ``min_linkage`` per method.
DEFAULT_MIN_LINKAGE: dict[str, float] = {"direct": 0.1, "correlation": 0.5}

#: Which coefficient gave a pair its linkage (sector a, sector b).
BASES: dict[str, tuple[str, str, str, str]] = {
    "direct": (
        "a_supplies_b_share_of_b_purchases",  # x_ab / P_b
        "a_supplies_b_share_of_a_sales",  # x_ab / S_a
        "b_supplies_a_share_of_a_purchases",  # x_ba / P_a
        "b_supplies_a_share_of_b_sales",  # x_ba / S_b
    ),
    "correlation": (
        "similar_purchases",  # r(A_.a, A_.b)
        "similar_sales",  # r(B_a., B_b.)
        "a_buys_from_b_customers",  # r(A_.a, B_b.)
        "a_sells_to_b_suppliers",  # r(B_a., A_.b)
    ),
}


@dataclass(frozen=True)
class IOClusters:
    """Sector groups found in an input–output table, with the linkages behind them.

    Attributes
    ----------
    groups:
        One row per sector: ``sector``, ``group`` (1 = largest group), ``group_size``,
        ``in_cluster`` (the group has at least two sectors), ``anchor`` (the sector with
        the largest sum of strong linkages inside its group), ``strength`` (that sum),
        ``purchases`` and ``sales`` (total intermediate purchases P_j and sales S_i).
    linkages:
        One row per pair of sectors with a positive linkage: ``sector_a``, ``sector_b``,
        ``linkage``, ``basis`` (which coefficient was largest), ``flow_ab``, ``flow_ba``,
        ``strong`` (linkage >= ``min_linkage``) and ``same_group``; strongest first.
    method, grouping, min_linkage, resolution, seed:
        How the groups were made.
    modularity:
        Modularity of the grouping on the graph of strong linkages (weighted).
    warnings:
        Things the analyst should know (sectors without any intermediate flow, ...).
    """

    groups: pd.DataFrame = field(compare=False)
    linkages: pd.DataFrame = field(compare=False)
    method: str
    grouping: str
    min_linkage: float
    resolution: float
    seed: int | None
    modularity: float
    warnings: tuple[str, ...] = ()

    @property
    def clusters(self) -> dict[int, list[str]]:
        """Sectors of each group with at least two sectors, by group number."""
        part = self.groups[self.groups["in_cluster"]]
        return {int(g): list(s["sector"]) for g, s in part.groupby("group", sort=True)}

    def parameters(self) -> dict[str, Any]:
        """How the groups were made, for reports."""
        return {
            "method": self.method,
            "grouping": self.grouping,
            "min_linkage": self.min_linkage,
            "resolution": self.resolution,
            "seed": self.seed,
            "modularity": self.modularity,
        }

    def write(
        self, out_dir: str | Path, *, lang: str = "en", title: str | None = None, safe: bool = True
    ) -> list[Path]:
        """Write ``sector_groups.csv``, ``linkages.csv`` and ``sector_map.svg`` into ``out_dir``
        (CSV formula-guarded unless ``safe=False``, :mod:`tramas.output`)."""

        out = Path(out_dir)
        out.mkdir(parents=True, exist_ok=True)
        paths = [out / "sector_groups.csv", out / "linkages.csv", out / "sector_map.svg"]
        write_csv(self.groups, paths[0], safe=safe)
        write_csv(self.linkages, paths[1], safe=safe)
        paths[2].write_text(sector_map_svg(self, lang=lang, title=title), encoding="utf-8")
        return paths


def io_clusters(
    table: pd.DataFrame | str | Path,
    *,
    method: Method = "direct",
    min_linkage: float | None = None,
    grouping: Grouping = "leiden",
    resolution: float = 1.0,
    seed: int | None = 42,
    sheet: str | int | None = None,
) -> IOClusters:
    """Groups of strongly interlinked sectors in an input–output table.

    Parameters
    ----------
    table:
        Square table of intermediate flows: row ``i``, column ``j`` = sales of sector ``i``
        to sector ``j`` (equivalently, purchases of ``j`` from ``i``). A DataFrame indexed
        by sector, or a CSV/XLSX path whose first column holds the sector labels and whose
        header repeats them (in any order). Only the sector × sector block: no final
        demand, value added or total rows/columns.
    method:
        ``direct`` (default): the four direct coefficients of the pair's flows.
        ``correlation``: Feser & Bergman's similarity of purchase and sales patterns.
    min_linkage:
        Threshold for a strong linkage (default 0.1 for ``direct``, 0.5 for ``correlation``).
    grouping:
        ``leiden``: modularity communities of the graph of strong linkages, weighted by
        linkage (Leiden algorithm, ``resolution``, ``seed``). ``hierarchical``:
        average-linkage clustering on the distance ``1 - linkage``, cut where the average
        linkage between groups falls below ``min_linkage``.
    resolution:
        Resolution of the modularity (``leiden`` only; > 1 gives smaller groups).
    seed:
        Seed of the Leiden algorithm.
    sheet:
        Excel sheet when ``table`` is a workbook.

    Returns
    -------
    IOClusters

    Notes
    -----
    With ``x_ij`` the flow from ``i`` to ``j``, ``P_j = sum_i x_ij`` (j's total
    intermediate purchases) and ``S_i = sum_j x_ij`` (i's total intermediate sales), both
    including flows within a sector, the **direct** linkage of sectors ``a != b`` is

    .. math:: L_{ab} = \\max\\left(\\frac{x_{ab}}{P_b}, \\frac{x_{ab}}{S_a},
                                   \\frac{x_{ba}}{P_a}, \\frac{x_{ba}}{S_b}\\right)

    (between 0 and 1, symmetric). The **correlation** linkage uses the purchase
    coefficients ``A = x_ij / P_j`` (columns) and sales coefficients ``B = x_ij / S_i``
    (rows): the largest of the Pearson correlations ``r(A_.a, A_.b)`` (similar suppliers),
    ``r(B_a., B_b.)`` (similar customers), ``r(A_.a, B_b.)`` and ``r(B_a., A_.b)``.

    References
    ----------
    Czamanski, S. & Ablas, L. A. (1979). Identification of industrial clusters and
    complexes. *Urban Studies* 16, 61–80.
    Feser, E. J. & Bergman, E. M. (2000). National industry cluster templates: a framework
    for applied regional cluster analysis. *Regional Studies* 34(1), 1–19.
    Traag, V. A., Waltman, L. & van Eck, N. J. (2019). From Louvain to Leiden.
    *Scientific Reports* 9, 5233.

    Examples
    --------
    >>> flows = pd.DataFrame(
    ...     [[0, 50, 0, 0], [10, 0, 0, 0], [0, 0, 0, 40], [0, 0, 30, 0]],
    ...     index=["grapes", "wine", "steel", "machinery"],
    ...     columns=["grapes", "wine", "steel", "machinery"])
    >>> io_clusters(flows).clusters
    {1: ['grapes', 'wine'], 2: ['machinery', 'steel']}
    """
    if method not in BASES:
        raise TramasError(
            f"unknown method {method!r}",
            hint="use 'direct' or 'correlation'",
            code="io_method",
            values={"method": method},
        )
    if grouping not in ("leiden", "hierarchical"):
        raise TramasError(
            f"unknown grouping {grouping!r}",
            hint="use 'leiden' or 'hierarchical'",
            code="io_grouping",
            values={"grouping": grouping},
        )
    threshold = DEFAULT_MIN_LINKAGE[method] if min_linkage is None else float(min_linkage)
    if not 0 < threshold <= 1:
        raise TramasError(
            f"min_linkage must be in (0, 1], got {threshold!r}",
            code="io_min_linkage",
            values={"value": repr(threshold)},
        )
    if resolution <= 0:
        raise TramasError(
            f"resolution must be > 0, got {resolution!r}",
            code="io_resolution",
            values={"value": repr(resolution)},
        )
    flows = read_flow_table(table, sheet=sheet)
    sectors = list(flows.index)
    warnings: list[str] = []
    x = flows.to_numpy(dtype=float)
    idle = [s for s, p, q in zip(sectors, x.sum(axis=0), x.sum(axis=1), strict=True) if p + q == 0]
    if idle:
        names = ", ".join(idle[:5])
        warnings.append(
            Notice(
                f"{len(idle)} sector(s) with no intermediate flow: " + names,
                "identify.idle_sectors",
                n=len(idle),
                names=names,
            )
        )
    link, basis = linkage_matrix(flows, method=method)
    links = link.to_numpy()
    n = len(sectors)
    if grouping == "leiden":
        membership, modularity = _leiden(links, threshold, resolution, seed)
    else:
        membership = _hierarchical(links, threshold)
        modularity = _modularity(links, threshold, membership)
    membership = _renumber(membership, links, threshold)

    strong = (links >= threshold) & ~np.eye(n, dtype=bool)
    same = membership[:, None] == membership[None, :]
    strength = np.where(strong & same, links, 0.0).sum(axis=1)
    sizes = np.bincount(membership)[membership]
    groups = pd.DataFrame(
        {
            "sector": sectors,
            "group": membership,
            "group_size": sizes,
            "in_cluster": sizes >= 2,
            "anchor": False,
            "strength": strength,
            "purchases": x.sum(axis=0),
            "sales": x.sum(axis=1),
        }
    )
    for _g, rows in groups[groups["in_cluster"]].groupby("group"):
        groups.loc[rows["strength"].idxmax(), "anchor"] = True
    groups = groups.sort_values(
        ["group", "strength", "sector"], ascending=[True, False, True], kind="mergesort"
    ).reset_index(drop=True)

    iu, ju = np.triu_indices(n, k=1)
    keep = links[iu, ju] > 0
    iu, ju = iu[keep], ju[keep]
    linkages = pd.DataFrame(
        {
            "sector_a": [sectors[i] for i in iu],
            "sector_b": [sectors[j] for j in ju],
            "linkage": links[iu, ju],
            "basis": [basis.iat[i, j] for i, j in zip(iu, ju, strict=True)],
            "flow_ab": x[iu, ju],
            "flow_ba": x[ju, iu],
            "strong": links[iu, ju] >= threshold,
            "same_group": membership[iu] == membership[ju],
        }
    )
    linkages = linkages.sort_values(
        ["linkage", "sector_a", "sector_b"], ascending=[False, True, True], kind="mergesort"
    ).reset_index(drop=True)
    return IOClusters(
        groups=groups,
        linkages=linkages,
        method=method,
        grouping=grouping,
        min_linkage=threshold,
        resolution=float(resolution),
        seed=seed,
        modularity=float(modularity),
        warnings=tuple(warnings),
    )


def linkage_matrix(
    flows: pd.DataFrame, *, method: Method = "direct"
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Pairwise linkages of a square flow table, and which coefficient gave each one.

    See :func:`io_clusters` for the formulas. Returns two sector × sector frames: the
    symmetric linkage (diagonal 0) and the name of the largest coefficient (see
    :data:`BASES`, read as sector ``a`` = row, ``b`` = column).

    Examples
    --------
    >>> flows = pd.DataFrame([[0, 30], [10, 60]], index=["a", "b"], columns=["a", "b"])
    >>> link, basis = linkage_matrix(flows)
    >>> float(link.loc["a", "b"]), basis.loc["a", "b"]
    (1.0, 'a_supplies_b_share_of_a_sales')
    """
    x = flows.to_numpy(dtype=float)
    purchases = x.sum(axis=0)  # P_j, column sums
    sales = x.sum(axis=1)  # S_i, row sums
    with np.errstate(divide="ignore", invalid="ignore"):
        A = np.where(purchases[None, :] > 0, x / purchases[None, :], 0.0)  # x_ij / P_j
        B = np.where(sales[:, None] > 0, x / sales[:, None], 0.0)  # x_ij / S_i
    if method == "direct":
        stack = np.stack([A, B, A.T, B.T])  # x_ab/P_b, x_ab/S_a, x_ba/P_a, x_ba/S_b
    elif method == "correlation":
        stack = np.stack(
            [_corr(A.T, A.T), _corr(B, B), _corr(A.T, B), _corr(B, A.T)]
        )  # rows = sector profiles: A.T[a] = column a of A (purchases), B[a] = row a of B
    else:
        raise TramasError(
            f"unknown method {method!r}",
            hint="use 'direct' or 'correlation'",
            code="io_method",
            values={"method": method},
        )
    which = np.argmax(stack, axis=0)
    link = np.max(stack, axis=0)
    link[~np.isfinite(link)] = 0.0
    np.fill_diagonal(link, 0.0)
    link = np.maximum(link, 0.0)
    names = np.asarray(BASES[method], dtype=object)[which]
    names[link == 0] = ""
    np.fill_diagonal(names, "")
    idx = pd.Index(flows.index, name="sector")
    return (
        pd.DataFrame(link, index=idx, columns=list(flows.index)),
        pd.DataFrame(names, index=idx, columns=list(flows.index)),
    )


def read_flow_table(
    table: pd.DataFrame | str | Path, *, sheet: str | int | None = None
) -> pd.DataFrame:
    """Read and validate a square sector × sector flow table.

    A file has the sector labels in its first column and as its header (the first header
    cell is ignored). Empty cells are zero flows. Raises
    :class:`~tramas.exceptions.InputError` naming file, row and column for non-numeric or
    negative cells, repeated or missing sectors and non-square tables.
    """
    if isinstance(table, pd.DataFrame):
        name = "table"
        labels = [str(s).strip() for s in table.index]
        header = [str(c).strip() for c in table.columns]
        body = table.reset_index(drop=True)
        body.columns = header
        first_col = None
        row = _first_data_row
    else:
        name = str(table)
        frame, info = read_table(table, sheet=sheet)
        row = info.row  # spreadsheet rows, blank lines counted
        first_col = frame.columns[0]
        labels = [str(s).strip() for s in frame[first_col]]
        body = frame.drop(columns=[first_col])
        header = [str(c).strip() for c in body.columns]
        body.columns = header
    for i, lab in enumerate(labels):
        if lab == "":
            raise InputError(
                "empty sector label", file=name, row=row(i), column=first_col, code="io_empty_label"
            )
    seen: dict[str, int] = {}
    for i, lab in enumerate(labels):
        if lab in seen:
            raise InputError(
                f"sector {lab!r} appears twice (rows {seen[lab]} and {row(i)})",
                file=name,
                row=row(i),
                column=first_col,
                code="io_duplicate_sector",
                values={"sector": lab, "first": seen[lab], "row": row(i)},
            )
        seen[lab] = row(i)
    extra_cols = [c for c in header if c not in seen]
    missing_cols = [s for s in labels if s not in header]
    if extra_cols or missing_cols:
        parts = []
        if extra_cols:
            parts.append("columns without a matching row: " + ", ".join(map(repr, extra_cols[:5])))
        if missing_cols:
            parts.append(
                "rows without a matching column: " + ", ".join(map(repr, missing_cols[:5]))
            )
        raise InputError(
            "the table is not a square sector × sector matrix (" + "; ".join(parts) + ")",
            file=name,
            row=1,
            column=(extra_cols or [None])[0],
            hint="keep only the intermediate flows, with the same sector labels in the first "
            "column and in the header (drop final demand, value added and totals)",
            code="io_not_square"
            if extra_cols and missing_cols
            else "io_not_square_cols"
            if extra_cols
            else "io_not_square_rows",
            values={
                "columns": ", ".join(map(repr, extra_cols[:5])),
                "rows": ", ".join(map(repr, missing_cols[:5])),
            },
        )
    if len(labels) < 2:
        raise InputError(
            "an input–output table needs at least two sectors", file=name, code="io_two_sectors"
        )
    values = np.zeros((len(labels), len(labels)))
    for j, col in enumerate(header):
        for i, cell in enumerate(body[col].tolist()):
            values[i, j] = _flow(cell, name, row(i), col)
    out = pd.DataFrame(values, index=pd.Index(labels, name="sector"), columns=header)
    return out.loc[labels, labels]


# ----------------------------------------------------------------------- grouping
def _leiden(links: np.ndarray, threshold: float, resolution: float, seed: int | None):
    n = len(links)
    iu, ju = np.nonzero(np.triu(links >= threshold, k=1))
    g = ig.Graph(n=n, edges=list(zip(iu.tolist(), ju.tolist(), strict=True)), directed=False)
    g.es["weight"] = links[iu, ju].tolist()
    if g.ecount() == 0:
        return np.arange(n), float("nan")
    part = leidenalg.find_partition(
        g,
        leidenalg.RBConfigurationVertexPartition,
        weights="weight",
        resolution_parameter=resolution,
        n_iterations=-1,
        seed=seed,
    )
    membership = np.asarray(part.membership)
    return membership, g.modularity(membership.tolist(), weights="weight")


def _hierarchical(links: np.ndarray, threshold: float) -> np.ndarray:
    from scipy.cluster.hierarchy import fcluster, linkage
    from scipy.spatial.distance import squareform

    dist = 1.0 - np.clip(links, 0.0, 1.0)
    np.fill_diagonal(dist, 0.0)
    tree = linkage(squareform(dist, checks=False), method="average")
    # groups whose average linkage is at least the threshold: distance <= 1 - threshold
    return fcluster(tree, t=1.0 - threshold + 1e-12, criterion="distance") - 1


def _modularity(links: np.ndarray, threshold: float, membership: np.ndarray) -> float:
    n = len(links)
    iu, ju = np.nonzero(np.triu(links >= threshold, k=1))
    if len(iu) == 0:
        return float("nan")
    g = ig.Graph(n=n, edges=list(zip(iu.tolist(), ju.tolist(), strict=True)))
    return g.modularity(list(membership), weights=links[iu, ju].tolist())


def _renumber(membership: np.ndarray, links: np.ndarray, threshold: float) -> np.ndarray:
    """Groups numbered 1, 2, ... by decreasing size, then internal strength, then label."""
    membership = np.asarray(membership)
    strong = np.where(links >= threshold, links, 0.0)
    keys = []
    for g in np.unique(membership):
        idx = np.nonzero(membership == g)[0]
        keys.append((-len(idx), -strong[np.ix_(idx, idx)].sum(), int(idx.min()), g))
    order = {g: rank + 1 for rank, (*_, g) in enumerate(sorted(keys))}
    return np.asarray([order[g] for g in membership])


def _corr(rows_a: np.ndarray, rows_b: np.ndarray) -> np.ndarray:
    """Pearson correlation of every row of ``rows_a`` with every row of ``rows_b``."""
    a = rows_a - rows_a.mean(axis=1, keepdims=True)
    b = rows_b - rows_b.mean(axis=1, keepdims=True)
    na = np.sqrt((a * a).sum(axis=1))
    nb = np.sqrt((b * b).sum(axis=1))
    with np.errstate(divide="ignore", invalid="ignore"):
        r = (a @ b.T) / np.outer(na, nb)
    return np.where(np.isfinite(r), r, 0.0)


def _flow(cell: Any, name: str, row: int, column: str) -> float:
    return parse_amount(
        cell,
        file=name,
        row=row,
        column=column,
        empty=0.0,
        what="flow",
        hint="flows must be numbers (decimal comma or point); empty = 0",
        negative_hint="intermediate flows cannot be negative",
    )


def _first_data_row(i: int) -> int:
    """The spreadsheet row of a table given as a DataFrame: the header is row 1."""
    return i + 2
