"""User-facing words of the maps, in English and Spanish.

Every string a map shows (legend titles, tooltip fields, controls, messages) comes from
:data:`LABELS`, so a map is entirely in one language. The report's catalogue
(:mod:`tramas.report.i18n`) may absorb this dictionary later; keys stay the same.
"""

from __future__ import annotations

from tramas.exceptions import TramasError

__all__ = ["LABELS", "LANGS", "kind_label", "size_label", "text"]

LANGS: tuple[str, ...] = ("en", "es")

LABELS: dict[str, dict[str, str]] = {
    "en": {
        # page
        "page_title": "Network map",
        "relations": "Relations",
        "search": "Find an actor",
        "search_placeholder": "name or code…",
        "search_go": "Find",
        "not_found": "No actor matches “{query}”.",
        "found_in_community": "{name} is in {community}.",
        "physics": "Physics (let the layout move)",
        "fit": "Fit to screen",
        "legend": "Legend",
        "offline_note": "This map works offline: everything it needs is inside this file.",
        "hint": "Hover or click an actor or a tie for details; scroll to zoom; drag to move.",
        # legend sections
        "node_colour": "Colour: {what}",
        "node_size": "Size: {what}",
        "node_shape": "Shape",
        "edge_colour": "Tie colour: relation",
        "edge_style": "Ties",
        "dashed_external": "tie to an external actor",
        "arrow_directed": "directed relation (arrow = direction of the flow)",
        "width_weight": "width = weight ({low} to {high})",
        "width_ties": "width = ties between communities ({low} to {high})",
        "size_range": "{low} to {high}",
        "other_values": "other ({n} values)",
        "other_communities": "other communities ({n})",
        "no_data": "no data",
        "shape_firm": "firm",
        "shape_institution": "institution",
        "shape_external": "external actor",
        "shape_community": "community",
        "ego_marker": "ego (centre of the map)",
        # encodings
        "community": "community",
        "community_n": "Community {n}",
        "kind": "kind",
        "cognitive_role": "cognitive role",
        "degree": "degree",
        "members": "members",
        # tooltip fields
        "f_kind": "Kind",
        "f_size": "Size",
        "f_location": "Location",
        "f_external": "External actor",
        "f_code": "Code",
        "f_community": "Community",
        "f_degree": "Degree",
        "f_in_degree": "In-degree",
        "f_out_degree": "Out-degree",
        "f_betweenness": "Betweenness",
        "f_pagerank": "PageRank",
        "f_cognitive_role": "Cognitive role",
        "f_lead_firm_rank": "Lead-firm rank",
        "f_members": "Members",
        "f_top_members": "Main members",
        "f_kinds": "Kinds",
        "f_relation": "Relation",
        "f_wave": "Wave",
        "f_weight": "Weight",
        "f_ties": "Ties",
        "yes": "yes",
        "no": "no",
        "all_waves": "all",
        # messages
        "community_map": (
            "{n_actors:,} actors are more than this map shows at once (limit {threshold:,}): "
            "it shows {n_communities:,} communities instead, one node per community sized "
            "by its members, ties counted between communities. Use --ego or a smaller "
            "selection for a map of actors."
        ),
        "ego_map": "Ego map of {name}: actors up to {radius} step(s) away ({n} actors).",
        "no_coordinates": (
            "{n} actor(s) without coordinates are placed in a row under the geographic map."
        ),
        "anonymized": "Anonymised map: names are replaced by codes.",
        # change maps (two waves)
        "change_heading": "change {a} → {b}",
        "wave_range": "{a} → {b}",
        "change_filter": "Change",
        "change_colour": "Tie colour: change {a} → {b}",
        "status_new": "new",
        "status_dissolved": "dissolved",
        "status_stable": "stable",
        "legend_new": "new (only in {b})",
        "legend_dissolved": "dissolved (only in {a})",
        "legend_stable": "stable (in both waves)",
        "legend_bridge": "new bridge between {a} communities",
        "actors_change": "Actors",
        "legend_entered": "entered (ties only in {b})",
        "legend_left": "left (ties only in {a})",
        "entered_in": "entered in {b}",
        "left_after": "left after {a}",
        "community_in": "community in {wave}",
        "no_community_in": "no ties in {wave}",
        "partners_union": "partners in either wave",
        "f_change": "Change",
        "f_weight_in": "Weight {wave}",
        "f_bridge": "New bridge",
        "f_bridges": "New bridges",
        "f_community_in": "Community in {wave}",
        "f_partners_union": "Partners (either wave)",
        "f_partners_in": "Partners {wave}",
        "change_map": (
            "Change {a} → {b}: {new:,} new, {dissolved:,} dissolved and {stable:,} stable "
            "ties; {bridges:,} new bridge(s) between {a} communities; {entered:,} actor(s) "
            "entered, {left:,} left."
        ),
    },
    "es": {
        "page_title": "Mapa de la red",
        "relations": "Relaciones",
        "search": "Buscar un actor",
        "search_placeholder": "nombre o código…",
        "search_go": "Buscar",
        "not_found": "Ningún actor coincide con «{query}».",
        "found_in_community": "{name} está en {community}.",
        "physics": "Física (dejar que el diseño se mueva)",
        "fit": "Ajustar a la pantalla",
        "legend": "Leyenda",
        "offline_note": "Este mapa funciona sin conexión: todo lo que necesita está en este archivo.",
        "hint": (
            "Pase el cursor o haga clic sobre un actor o un vínculo para ver detalles; "
            "rueda para acercar; arrastre para mover."
        ),
        "node_colour": "Color: {what}",
        "node_size": "Tamaño: {what}",
        "node_shape": "Forma",
        "edge_colour": "Color del vínculo: relación",
        "edge_style": "Vínculos",
        "dashed_external": "vínculo con un actor externo",
        "arrow_directed": "relación dirigida (flecha = sentido del flujo)",
        "width_weight": "grosor = peso ({low} a {high})",
        "width_ties": "grosor = vínculos entre comunidades ({low} a {high})",
        "size_range": "{low} a {high}",
        "other_values": "otros ({n} valores)",
        "other_communities": "otras comunidades ({n})",
        "no_data": "sin dato",
        "shape_firm": "empresa",
        "shape_institution": "institución",
        "shape_external": "actor externo",
        "shape_community": "comunidad",
        "ego_marker": "ego (centro del mapa)",
        "community": "comunidad",
        "community_n": "Comunidad {n}",
        "kind": "tipo",
        "cognitive_role": "rol cognitivo",
        "degree": "grado",
        "members": "miembros",
        "f_kind": "Tipo",
        "f_size": "Tamaño",
        "f_location": "Ubicación",
        "f_external": "Actor externo",
        "f_code": "Código",
        "f_community": "Comunidad",
        "f_degree": "Grado",
        "f_in_degree": "Grado de entrada",
        "f_out_degree": "Grado de salida",
        "f_betweenness": "Intermediación",
        "f_pagerank": "PageRank",
        "f_cognitive_role": "Rol cognitivo",
        "f_lead_firm_rank": "Rango de empresa líder",
        "f_members": "Miembros",
        "f_top_members": "Miembros principales",
        "f_kinds": "Tipos",
        "f_relation": "Relación",
        "f_wave": "Ola",
        "f_weight": "Peso",
        "f_ties": "Vínculos",
        "yes": "sí",
        "no": "no",
        "all_waves": "todas",
        "community_map": (
            "{n_actors:,} actores son más de los que este mapa muestra a la vez (límite "
            "{threshold:,}): muestra en cambio {n_communities:,} comunidades, un nodo por "
            "comunidad con tamaño según sus miembros y los vínculos contados entre "
            "comunidades. Use --ego o una selección menor para un mapa de actores."
        ),
        "ego_map": "Mapa ego de {name}: actores a {radius} paso(s) o menos ({n} actores).",
        "no_coordinates": (
            "{n} actor(es) sin coordenadas se ubican en una fila bajo el mapa geográfico."
        ),
        "anonymized": "Mapa anonimizado: los nombres se reemplazan por códigos.",
        "change_heading": "cambio {a} → {b}",
        "wave_range": "{a} → {b}",
        "change_filter": "Cambio",
        "change_colour": "Color del vínculo: cambio {a} → {b}",
        "status_new": "nuevo",
        "status_dissolved": "disuelto",
        "status_stable": "estable",
        "legend_new": "nuevo (solo en {b})",
        "legend_dissolved": "disuelto (solo en {a})",
        "legend_stable": "estable (en ambas olas)",
        "legend_bridge": "nuevo puente entre comunidades de {a}",
        "actors_change": "Actores",
        "legend_entered": "entró (vínculos solo en {b})",
        "legend_left": "salió (vínculos solo en {a})",
        "entered_in": "entró en {b}",
        "left_after": "salió después de {a}",
        "community_in": "comunidad en {wave}",
        "no_community_in": "sin vínculos en {wave}",
        "partners_union": "contrapartes en alguna ola",
        "f_change": "Cambio",
        "f_weight_in": "Peso {wave}",
        "f_bridge": "Puente nuevo",
        "f_bridges": "Puentes nuevos",
        "f_community_in": "Comunidad en {wave}",
        "f_partners_union": "Contrapartes (alguna ola)",
        "f_partners_in": "Contrapartes {wave}",
        "change_map": (
            "Cambio {a} → {b}: {new:,} vínculos nuevos, {dissolved:,} disueltos y {stable:,} "
            "estables; {bridges:,} puente(s) nuevo(s) entre comunidades de {a}; {entered:,} "
            "actor(es) entraron, {left:,} salieron."
        ),
    },
}

_KINDS: dict[str, dict[str, str]] = {
    "en": {
        "firm": "firm",
        "government": "government",
        "research": "research",
        "finance": "finance",
        "association": "association",
        "other": "other",
    },
    "es": {
        "firm": "empresa",
        "government": "gobierno",
        "research": "investigación",
        "finance": "financiera",
        "association": "asociación",
        "other": "otro",
    },
}


_SIZES: dict[str, dict[str, str]] = {
    "en": {"micro": "micro", "small": "small", "medium": "medium", "large": "large"},
    "es": {"micro": "micro", "small": "pequeña", "medium": "mediana", "large": "grande"},
}


def _check_lang(lang: str) -> str:
    if lang not in LABELS:
        raise TramasError(f"unknown map language {lang!r}", hint=f"use one of {', '.join(LANGS)}")
    return lang


def text(lang: str, key: str, **values: object) -> str:
    """The label ``key`` in ``lang``, formatted with ``values``.

    Examples
    --------
    >>> text("es", "community_n", n=3)
    'Comunidad 3'
    """
    template = LABELS[_check_lang(lang)][key]
    return template.format(**values) if values else template


def kind_label(lang: str, kind: object) -> str:
    """An actor kind in ``lang`` (unknown kinds are returned as written)."""
    return _KINDS[_check_lang(lang)].get(str(kind), str(kind))


def size_label(lang: str, size: object) -> str:
    """A size class (micro, small, medium, large) in ``lang``."""
    return _SIZES[_check_lang(lang)].get(str(size), str(size))
