"""Tables as Neo4j values: the actor rows and tie columns a load sends.

:func:`prepare_actors` and :func:`prepare_ties` check a network before anything is
written (reserved column names, tie endpoints missing from the actors table, duplicate
ties) and turn its columns into plain Python values Neo4j stores with the same type
(``int`` -> Integer, ``float`` -> Float, ``str`` -> String, ``bool`` -> Boolean, naive
``datetime`` -> LocalDateTime, lists of text -> List<String>); a missing value is
``None``, i.e. an absent property. Tie columns stay compact (numpy or Arrow arrays) and
are converted batch by batch, so ten million ties do not become tens of millions of
Python objects at once. :mod:`tramas.neo4j.load` (online) and
:mod:`tramas.neo4j.bulk` (CSV for the import tool) share these rules.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
import pyarrow as pa

from tramas.exceptions import StoreError
from tramas.graph.model import TIE_COLUMNS
from tramas.neo4j import schema as gm

if TYPE_CHECKING:
    from tramas.graph.network import Network

__all__ = [
    "CORE_TIE_PROPERTIES",
    "column_schema",
    "column_values",
    "governance_properties",
    "plain_value",
    "prepare_actors",
    "prepare_ties",
]

#: Survey columns of value-chain evidence: a study whose value-chain ties carry one of
#: them gets the derived governance of those ties as properties on load.
_CHAIN_EVIDENCE: tuple[str, ...] = (
    "ownership_link",
    "spec_setter",
    "buyer_monitors",
    "buyer_share",
    "market",
    "intermediary",
)

#: Tie properties written by name (constants of the model); other tie columns are
#: attributes, written through a parameter map.
CORE_TIE_PROPERTIES: tuple[str, ...] = tuple(
    c for c in TIE_COLUMNS if c not in ("source", "target", "relation")
)


def prepare_actors(network: Network) -> dict[str, Any]:
    """Actor rows for the load: ``id``, ``seq``, ``kind``, ``external`` and a property map.

    Missing values are ``None`` in the map, which removes the property on an update.
    """
    actors = network.actors
    columns = [str(c) for c in actors.columns]
    reserved = sorted(gm.RESERVED_ACTOR_KEYS.intersection(columns))
    if reserved:
        raise StoreError(
            f"actor column(s) {reserved} clash with properties tramas' graph model uses",
            hint="rename these columns in the actors table",
            code="prepare_actor_reserved",
            values={"names": str(reserved)},
        )
    ids = [str(i) for i in actors.index]
    values = [column_values(actors[c]) for c in actors.columns]
    kind = column_values(actors["kind"]) if "kind" in actors else ["firm"] * len(ids)
    internal = (
        actors["internal"].astype("boolean").fillna(True).tolist()
        if "internal" in actors
        else [True] * len(ids)
    )
    rows = []
    for i, actor_id in enumerate(ids):
        rows.append(
            {
                "id": actor_id,
                "seq": i,
                "kind": kind[i] if kind[i] is not None else "firm",
                "external": not internal[i],
                "p": {col: vals[i] for col, vals in zip(columns, values, strict=True)},
            }
        )
    return {"rows": rows, "columns": columns, "ids": ids}


def prepare_ties(
    network: Network,
    types: dict[str, str],
    *,
    columns: bool = True,
    extra: dict[str, pd.Series] | None = None,
) -> dict[str, Any]:
    """Tie columns for the load: end-node positions, type codes and property values.

    Returns
    -------
    dict
        ``src_pos``/``tgt_pos`` (positions in the actors table), ``type`` (codes into
        ``types``), ``seq``, ``props`` (per core property, a column whose ``take(idx)``
        gives plain Python values, or a constant), ``attrs`` (the attribute columns that
        vary, or ``None``), ``attrs_constant`` (the attributes with one value) and
        ``attr_columns``. With ``columns=False`` only the checks, positions, type codes
        and ``seq`` (``props`` and ``attrs`` are left empty).
        ``extra``: computed tie properties (e.g. :func:`governance_properties`), one
        value per tie in the network's tie order, written like attributes; they are not
        columns of the study's ties table, so a pull leaves them out.
    """
    ties = network.ties
    if extra:
        ties = ties.assign(
            **{name: pd.Series(values).set_axis(ties.index) for name, values in extra.items()}
        )
    attrs = [c for c in ties.columns if c not in TIE_COLUMNS]
    reserved = sorted(gm.RESERVED_TIE_KEYS.intersection(map(str, attrs)))
    if reserved:
        raise StoreError(
            f"tie column(s) {reserved} clash with properties tramas' graph model uses",
            hint="rename these columns in the ties table",
            code="prepare_tie_reserved",
            values={"names": str(reserved)},
        )
    index = pd.Index(network.actors.index.astype(str), dtype=object)
    src = ties["source"].astype(str).to_numpy(dtype=object)
    tgt = ties["target"].astype(str).to_numpy(dtype=object)
    if not index.is_unique:
        raise StoreError(
            "the actors table has duplicate ids",
            hint="validate the input first",
            code="prepare_duplicate_ids",
        )
    src_pos = index.get_indexer(src)
    tgt_pos = index.get_indexer(tgt)
    bad = (src_pos < 0) | (tgt_pos < 0)
    if bad.any():
        unknown = sorted(set(src[src_pos < 0]) | set(tgt[tgt_pos < 0]))
        raise StoreError(
            f"{len(unknown)} tie endpoint(s) are not in the actors table: {unknown[:5]}",
            hint="validate the input first (tramas validate)",
            code="prepare_unknown_endpoints",
            values={"n": len(unknown), "ids": str(unknown[:5])},
        )
    rel = ties["relation"].astype(str)
    missing = sorted(set(rel.unique()) - set(types))
    if missing:
        raise StoreError(
            f"ties of undeclared relation(s) {missing}",
            code="prepare_undeclared_relations",
            values={"names": str(missing)},
        )
    type_names = sorted(set(types.values()))
    rel_codes, rel_names = pd.factorize(rel)
    code_of = np.array([type_names.index(types[name]) for name in rel_names], dtype=np.int64)
    type_code = code_of[rel_codes] if len(rel_codes) else np.zeros(0, dtype=np.int64)
    wave_series = ties["wave"].astype("string").fillna("")
    wave_codes = pd.factorize(wave_series)[0]
    # a tie is (relation, source, target, wave, reporter): the same tie reported by both
    # of its actors is two ties of the network, as the ingest keeps it
    reporter = (
        ties["reported_by"].astype("string").fillna("")
        if "reported_by" in ties
        else pd.Series("", index=ties.index, dtype="string")
    )
    reporter_codes = pd.factorize(reporter)[0]
    dup = _duplicates(type_code, src_pos, tgt_pos, wave_codes, len(index), reporter_codes)
    if dup.any():
        first = ties[dup].iloc[0]
        raise StoreError(
            f"{int(dup.sum())} duplicate tie(s) (same relation, source, target, wave and "
            "reporter), "
            f"e.g. {first['source']} -> {first['target']} ({first['relation']})",
            hint="merge duplicate ties before loading (tramas' ingest does this)",
            code="prepare_duplicate_ties",
            values={
                "n": int(dup.sum()),
                "source": first["source"],
                "target": first["target"],
                "relation": first["relation"],
            },
        )
    base = {
        "types": type_names,
        "type": type_code,
        "src_pos": src_pos.astype(np.int64),
        "tgt_pos": tgt_pos.astype(np.int64),
        "seq": np.arange(len(ties), dtype=np.int64),
    }
    if not columns:
        return {
            **base,
            "props": {},
            "attrs": None,
            "attrs_constant": {},
            "attr_columns": [str(c) for c in attrs],
        }
    props = {
        col: _column(wave_series if col == "wave" else ties[col]) for col in CORE_TIE_PROPERTIES
    }
    attr_keys = [str(c) for c in attrs]
    constant_attrs: dict[str, Any] = {}
    varying: dict[str, _Column] = {}
    for col, name in zip(attrs, attr_keys, strict=True):
        column = _column(ties[col])
        if column.constant:
            constant_attrs[name] = column.value
        else:
            varying[name] = column
    return {
        **base,
        "props": props,
        "attrs": varying or None,
        "attrs_constant": constant_attrs,
        "attr_columns": attr_keys,
    }


def governance_properties(network: Network) -> dict[str, pd.Series] | None:
    """The derived governance of every value-chain tie, as tie properties for the load.

    For each tie of the value-chain relation (``[governance] relation`` of the study,
    default ``trade``), ``derived_governance`` is the governance
    :func:`tramas.metrics.governance.tie_governance` derives from the survey evidence
    with the study's scheme and rules (``unknown`` when the evidence does not decide),
    and ``governance_rule`` the rule that decided it; the stated ``governance`` column,
    when the survey has one, is kept as it is. Other ties get no value (no property).

    Returns
    -------
    dict or None
        ``{"derived_governance": ..., "governance_rule": ...}`` aligned with
        ``network.ties``, or ``None`` when the study has no value-chain relation or its
        ties carry no value-chain evidence.

    References
    ----------
    Humphrey, J. & Schmitz, H. (2002). How does insertion in global value chains affect
    upgrading in industrial clusters? *Regional Studies* 36(9), 1017-1027.

    Examples
    --------
    >>> from tramas.graph import Network
    >>> actors = pd.DataFrame({"name": ["A", "B"]}, index=["a", "b"])
    >>> ties = pd.DataFrame({"source": ["a"], "target": ["b"], "relation": "trade"})
    >>> governance_properties(Network(actors, ties)) is None
    True
    """
    settings = getattr(network.study, "governance", None) or {}
    relation = settings.get("relation") or "trade"
    ties = network.ties
    if relation not in network.relations or not any(c in ties for c in _CHAIN_EVIDENCE):
        return None
    chain = (ties["relation"].astype(str) == str(relation)).to_numpy()
    if not chain.any():
        return None
    from tramas.metrics.governance import tie_governance

    wave = ties["wave"].astype("string").fillna("") if "wave" in ties else None
    waves = sorted(set(wave[chain])) if wave is not None else [""]
    found: dict[tuple[str, str, str], tuple[str, str]] = {}
    for w in waves:
        gov = tie_governance(network, wave=w or None)
        if gov.empty:
            continue
        rule = gov["rule"] if "rule" in gov else pd.Series("", index=gov.index)
        for src, tgt, g, r in zip(
            gov["source"].astype(str),
            gov["target"].astype(str),
            gov["governance"].astype(str),
            rule.fillna("").astype(str),
            strict=True,
        ):
            found.setdefault((src, tgt, w), (g, r))
    keys = zip(
        ties["source"].astype(str),
        ties["target"].astype(str),
        wave if wave is not None else [""] * len(ties),
        chain,
        strict=True,
    )
    derived: list[str | None] = []
    rules: list[str | None] = []
    for src, tgt, w, is_chain in keys:
        g, r = found.get((src, tgt, w), ("unknown", "")) if is_chain else (None, None)
        derived.append(g)
        rules.append(r or None if is_chain else None)
    return {
        "derived_governance": pd.Series(derived, index=ties.index, dtype="string"),
        "governance_rule": pd.Series(rules, index=ties.index, dtype="string"),
    }


def _duplicates(
    type_code: np.ndarray,
    src: np.ndarray,
    tgt: np.ndarray,
    wave: np.ndarray,
    n_actors: int,
    reporter: np.ndarray | None = None,
) -> np.ndarray:
    """Mask of ties whose (type, source, target, wave, reporter) repeats an earlier tie
    (the identity of a relationship in Neo4j; a missing reporter is one value)."""
    if reporter is None:
        reporter = np.zeros(len(type_code), dtype=np.int64)
    n_waves = int(wave.max()) + 1 if len(wave) else 1
    n_types = int(type_code.max()) + 1 if len(type_code) else 1
    n_rep = int(reporter.max()) + 1 if len(reporter) else 1
    if float(n_types) * n_waves * n_rep * n_actors * n_actors < 2**62:
        key = (((type_code * n_waves + wave) * n_rep + reporter) * n_actors + src) * n_actors + tgt
        return pd.Series(key).duplicated().to_numpy()
    frame = pd.DataFrame({"r": type_code, "s": src, "t": tgt, "w": wave, "p": reporter})
    return frame.duplicated().to_numpy()


class _Column:
    """A tie column, kept compact; :meth:`take` gives plain Python values of some ties.

    Numbers stay numpy arrays, text an Arrow array; other columns are converted once
    with :func:`column_values`. A column with one value in the whole load is
    ``constant`` (sent once per statement): a column of Python objects only when every
    value is missing, since its values may differ in type where they compare equal.
    """

    def __init__(self, kind: str, data: Any, constant: bool = False, value: Any = None) -> None:
        self.kind = kind
        self.data = data
        self.constant = constant
        self.value = value

    def take(self, sel: np.ndarray) -> list[Any]:
        if self.constant:
            return [self.value] * len(sel)
        if self.kind == "numpy":
            return self.data[sel].tolist()
        if self.kind == "float":
            values = self.data[sel]
            out = values.astype(object)
            out[np.isnan(values)] = None
            return out.tolist()
        if self.kind == "arrow":
            return self.data.take(sel).to_pylist()
        return self.data[sel].tolist()


def _column(series: pd.Series) -> _Column:
    dtype = series.dtype
    n = len(series)
    typed = dtype.kind != "O" or isinstance(dtype, pd.StringDtype)
    if n and typed and series.nunique(dropna=False) == 1:
        return _Column("constant", None, True, column_values(series.iloc[:1])[0])
    if n and not typed and series.isna().all():
        return _Column("constant", None, True, None)
    if isinstance(dtype, np.dtype) and dtype.kind in "iub":
        return _Column("numpy", series.to_numpy())
    if isinstance(dtype, np.dtype) and dtype.kind == "f":
        return _Column("float", series.to_numpy(dtype=float))
    if isinstance(dtype, pd.StringDtype):
        array = pa.array(series, from_pandas=True)
        if isinstance(array, pa.ChunkedArray):
            array = array.combine_chunks()
        return _Column("arrow", array.cast(pa.string()))
    values = np.empty(n, dtype=object)
    values[:] = column_values(series)
    return _Column("object", values)


def column_values(series: pd.Series) -> list[Any]:
    """A column as plain Python values Neo4j can store; missing values become ``None``."""
    mask = series.isna().to_numpy()
    dtype = series.dtype
    if dtype.kind in "iub" and not isinstance(dtype, pd.CategoricalDtype):
        if not mask.any() and isinstance(dtype, np.dtype):
            return series.to_numpy().tolist()
        arr = series.to_numpy(dtype=object, na_value=None)
        return [None if m else plain_value(v) for v, m in zip(arr, mask, strict=True)]
    if dtype.kind == "f":
        arr = series.to_numpy(dtype=float, na_value=np.nan).astype(object)
        arr[mask] = None
        return arr.tolist()
    if dtype.kind == "M":
        return [None if m else v.to_pydatetime() for v, m in zip(series, mask, strict=True)]
    arr = series.to_numpy(dtype=object, na_value=None)
    if isinstance(dtype, pd.StringDtype) or str(dtype) == "str":
        arr[mask] = None
        return arr.tolist()
    return [None if m else plain_value(v) for v, m in zip(arr, mask, strict=True)]


def plain_value(value: Any) -> Any:
    """One value as a plain Python value Neo4j can store (``str`` of anything else)."""
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, bool | int | float | str | datetime | date):
        return value
    if isinstance(value, pd.Timestamp):
        return value.to_pydatetime()
    if isinstance(value, list | tuple) and all(isinstance(v, str) for v in value):
        return list(value)
    return str(value)


def column_schema(frame: pd.DataFrame) -> str:
    """``[[column, dtype, missing], ...]`` as JSON, to restore types on pull.

    ``missing`` is how an ``object`` column marks missing values: ``none`` when every
    missing value is ``None``, ``na`` when every one is ``pd.NA``, else ``nan``.
    """
    schema = []
    for col in frame.columns:
        series = frame[col]
        missing = "nan"
        if series.dtype == object:
            na = series[series.isna()]
            if len(na) and all(v is None for v in na):
                missing = "none"
            elif len(na) and all(v is pd.NA for v in na):
                missing = "na"
        schema.append([str(col), str(series.dtype), missing])
    return json.dumps(schema)
