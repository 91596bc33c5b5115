"""Column names: the model's names and the synonyms found in real survey exports; and the
spellings of value-chain evidence values (Spanish ones too)."""

from __future__ import annotations

import pandas as pd

from tramas.graph.model import GOVERNANCE_SCHEMES, MARKETS, SPEC_SETTERS
from tramas.ingest.readers import normalize_header
from tramas.ingest.report import IngestReport

__all__ = [
    "ACTOR_SYNONYMS",
    "GOVERNANCE_VALUES",
    "MARKET_VALUES",
    "SPEC_SETTER_VALUES",
    "TIE_SYNONYMS",
    "UPGRADING_SYNONYMS",
    "alike_columns",
    "market_values",
    "rename_columns",
    "warn_alike_columns",
]

#: model column -> accepted header names (already normalised: lower case, no accents, ``_``)
ACTOR_SYNONYMS: dict[str, tuple[str, ...]] = {
    "id": ("id", "codigo", "code", "cod", "actor_id", "actor", "id_actor", "identificador"),
    "name": (
        "name",
        "nombre",
        "razon_social",
        "organizacion",
        "organisation",
        "organization",
        "empresa",
    ),
    "aliases": ("aliases", "alias", "otros_nombres", "nombre_fantasia", "aka"),
    "kind": ("kind", "tipo", "type", "tipo_actor", "componente", "category", "categoria"),
    "internal": ("internal", "interno", "in_cluster", "en_cluster", "local_cluster"),
    "employees": ("employees", "empleados", "employment", "empleo", "trabajadores", "n_empleados"),
    "size": ("size", "tamano", "tamanio", "size_class"),
    "ownership": ("ownership", "propiedad", "capital", "origen_capital"),
    "sector": ("sector", "rubro", "actividad", "industry"),
    "stage": ("stage", "eslabon", "etapa", "value_chain_stage"),
    "region": ("region", "provincia", "departamento", "state"),
    "municipality": ("municipality", "municipio", "comuna", "localidad", "city", "ciudad"),
    "lat": ("lat", "latitud", "latitude", "y"),
    "lon": ("lon", "longitud", "longitude", "lng", "long", "x"),
    "respondent": ("respondent", "encuestado", "responded", "respondio", "answered"),
    # upgrading the firm reports (moved to ``Network.upgrading``, wave "")
    "upgrading_process": ("upgrading_process", "mejora_proceso", "upgrading_proceso"),
    "upgrading_product": ("upgrading_product", "mejora_producto", "upgrading_producto"),
    "upgrading_functional": ("upgrading_functional", "mejora_funcional", "upgrading_funcional"),
    "upgrading_intersectoral": (
        "upgrading_intersectoral",
        "mejora_intersectorial",
        "upgrading_intersectorial",
    ),
    "functions": ("functions", "funciones"),
}

TIE_SYNONYMS: dict[str, tuple[str, ...]] = {
    "source": (
        "source",
        "from",
        "origen",
        "ego",
        "i",
        "desde",
        "emisor",
        "respondent",
        "encuestado",
        # supplier -> buyer records (VAT, e-invoices)
        "supplier",
        "seller",
        "vendor",
        "proveedor",
        "vendedor",
    ),
    "target": (
        "target",
        "to",
        "destino",
        "alter",
        "j",
        "hacia",
        "receptor",
        "buyer",
        "customer",
        "client",
        "comprador",
        "cliente",
    ),
    "relation": ("relation", "relacion", "tipo", "type", "tipo_relacion", "relation_type"),
    "weight": (
        "weight",
        "peso",
        "frecuencia",
        "frequency",
        "strength",
        "intensidad",
        "valor",
        "value",
        "amount",
        "monto",
        "importe",
    ),
    "wave": ("wave", "ola", "ronda", "round", "year", "ano", "anio"),
    "reported_by": ("reported_by", "reportado_por", "informante"),
    "data_source": ("data_source", "fuente", "fuente_dato", "evidence_source", "source_type"),
    "evidence": ("evidence", "evidencia", "cita", "quote", "nota", "note"),
    "orientation": ("orientation", "orientacion", "horizontal_vertical", "tipo_cooperacion"),
    "governance": ("governance", "gobernanza"),
    "formality": ("formality", "formalidad"),
    "since": ("since", "desde_ano", "inicio"),
    # value-chain evidence of trade ties (supplier -> buyer)
    "market": ("market", "mercado", "destino_mercado", "mercado_destino"),
    "spec_setter": ("spec_setter", "quien_define", "define_producto", "especificaciones"),
    "buyer_monitors": ("buyer_monitors", "comprador_controla", "monitoreo", "auditoria"),
    "buyer_share": ("buyer_share", "participacion_comprador", "porcentaje_ventas", "share"),
    "ownership_link": ("ownership_link", "mismo_grupo", "vinculo_propiedad"),
    "intermediary": ("intermediary", "intermediario", "agente_exportador"),
}

#: columns of the firm-by-wave upgrading table (``[upgrading] file``)
UPGRADING_SYNONYMS: dict[str, tuple[str, ...]] = {
    "id": ACTOR_SYNONYMS["id"],
    "wave": TIE_SYNONYMS["wave"],
    **{k: v for k, v in ACTOR_SYNONYMS.items() if k.startswith("upgrading_") or k == "functions"},
}


# ---------------------------------------------------------------- value-chain evidence
#: accepted spellings (normalised) of each destination market
MARKET_VALUES: dict[str, str] = {
    **{m: m for m in MARKETS},
    "mercado_interno": "domestic",
    "interno": "domestic",
    "nacional": "domestic",
    "domestico": "domestic",
    "national": "domestic",
    "local": "domestic",
    "eeuu": "us",
    "ee_uu": "us",
    "estados_unidos": "us",
    "usa": "us",
    "united_states": "us",
    "europa": "europe",
    "eu": "europe",
    "ue": "europe",
    "union_europea": "europe",
    "america_latina": "latin_america",
    "latinoamerica": "latin_america",
    "latam": "latin_america",
    "otro": "other",
    "otros": "other",
    "otra": "other",
}
#: accepted spellings (normalised) of who defines the product and process
SPEC_SETTER_VALUES: dict[str, str] = {
    **{s: s for s in SPEC_SETTERS},
    "comprador": "buyer",
    "cliente": "buyer",
    "customer": "buyer",
    "proveedor": "supplier",
    "vendedor": "supplier",
    "seller": "supplier",
    "conjunto": "joint",
    "conjunta": "joint",
    "ambos": "joint",
    "both": "joint",
    "norma": "standard",
    "estandar": "standard",
    "tercero": "standard",
    "third_party": "standard",
}
#: accepted spellings (normalised) of a stated governance (both schemes' types)
GOVERNANCE_VALUES: dict[str, str] = {
    **{g: g for types in GOVERNANCE_SCHEMES.values() for g in types},
    "mercado": "market",
    "red": "network",
    "quasi_hierarchy": "quasi_hierarchy",
    "quasihierarchy": "quasi_hierarchy",
    "cuasi_jerarquia": "quasi_hierarchy",
    "cuasijerarquia": "quasi_hierarchy",
    "quasi_jerarquia": "quasi_hierarchy",
    "jerarquia": "hierarchy",
    "jerarquica": "hierarchy",
    "relacional": "relational",
    "cautiva": "captive",
    "cautivo": "captive",
}


def market_values(declared: tuple[str, ...] | list[str] = ()) -> dict[str, str]:
    """Accepted spellings (normalised) of destination markets: the default ones with
    their Spanish names, plus the labels a study declares (``[governance] markets``).

    Examples
    --------
    >>> market_values(["China"])["china"], market_values()["eeuu"]
    ('china', 'us')
    """
    out = dict(MARKET_VALUES)
    for label in declared:
        norm = normalize_header(label)
        if norm:
            out.setdefault(norm, norm)
    return out


def rename_columns(
    frame: pd.DataFrame,
    synonyms: dict[str, tuple[str, ...]],
    explicit: dict[str, str] | None = None,
) -> tuple[pd.DataFrame, dict[str, str]]:
    """Rename file columns to model columns.

    ``explicit`` (model column -> file column, from the study file) wins; then synonyms
    are matched on normalised headers. Unknown columns keep their normalised name.
    Returns the renamed frame and the mapping model column -> original header (for messages).
    """
    explicit = explicit or {}
    originals: dict[str, str] = {}
    renames: dict[str, str] = {}
    taken: set[str] = set()
    by_norm = {normalize_header(c): c for c in frame.columns}
    for model, filecol in explicit.items():
        if filecol in frame.columns:
            renames[filecol] = model
            originals[model] = filecol
            taken.add(model)
    for model, names in synonyms.items():
        if model in taken:
            continue
        for name in names:
            col = by_norm.get(name)
            if col is not None and col not in renames:
                renames[col] = model
                originals[model] = col
                taken.add(model)
                break
    for col in frame.columns:
        if col not in renames:
            norm = normalize_header(col) or col
            renames[col] = norm if norm not in taken else col
            originals.setdefault(renames[col], col)
    return frame.rename(columns=renames), originals


def alike_columns(
    columns: list[str] | pd.Index,
    synonyms: dict[str, tuple[str, ...]],
    explicit: dict[str, str] | None = None,
) -> dict[str, list[str]]:
    """Model columns that more than one file column could be, by their synonyms: the
    model column -> those file columns, the one :func:`rename_columns` uses first.

    A column mapped in the study file (``explicit``) is never ambiguous.

    Examples
    --------
    >>> alike_columns(["ego", "alter", "peso", "frecuencia"], TIE_SYNONYMS)
    {'weight': ['peso', 'frecuencia']}
    """
    explicit = explicit or {}
    by_norm: dict[str, list[str]] = {}
    for c in columns:
        by_norm.setdefault(normalize_header(str(c)), []).append(str(c))
    out: dict[str, list[str]] = {}
    for model, names in synonyms.items():
        if model in explicit:
            continue
        found = [c for name in names for c in by_norm.get(name, [])]
        if len(found) > 1:
            out[model] = found
    return out


def warn_alike_columns(report: IngestReport, file: str, alike: dict[str, list[str]]) -> None:
    """A warning per model column that several file columns could be (:func:`alike_columns`):
    which one is used, and that the others stay attributes."""
    for model, found in alike.items():
        report.add(
            "warning",
            "alike_columns",
            file=file,
            row=1,
            column=found[0],
            values={"model": model, "used": found[0], "others": ", ".join(found[1:])},
        )
