"""The fictional wine cluster the sample describes: places, organisations, sub-clusters, roles.

Every organisation named here is invented. Place names (Tupungato, Tunuyán, San Carlos,
Mendoza) are real municipalities of the Valle de Uco and Gran Mendoza, used only so that
maps fall on plausible coordinates.

Name design: every firm gets one word of :data:`DISTINCT_WORDS` that no other actor uses,
so no actor's name or alias is a token subset of another's. That keeps free-recall names
resolvable by token-set fuzzy matching (a token subset scores 100).
"""

from __future__ import annotations

__all__ = [
    "CERTIFICATIONS",
    "COMMUNITY_LABELS",
    "DISTINCT_WORDS",
    "EMPLOYEES",
    "EVIDENCE_QUOTES",
    "EXTERNALS",
    "EXTERNAL_STAGE",
    "FIRM_TEMPLATES",
    "INSTITUTIONS",
    "LAYOUT",
    "LEGAL_SUFFIXES",
    "MUNICIPALITIES",
    "SECTOR",
    "STUDY_TOML",
    "UNRESOLVED_NAMES",
    "VALUE_CHAIN_TOML",
]

# fmt: off
#: Municipality -> (region, lat, lon) of its centre.
MUNICIPALITIES: dict[str, tuple[str, float, float]] = {
    "Tupungato": ("Valle de Uco", -33.371, -69.147),
    "Tunuyán": ("Valle de Uco", -33.576, -69.016),
    "San Carlos": ("Valle de Uco", -33.775, -69.047),
    "Mendoza": ("Gran Mendoza", -32.889, -68.845),
}

#: Planted sub-clusters: number -> (Spanish label, municipality of most members).
COMMUNITY_LABELS: dict[int, tuple[str, str]] = {
    0: ("Bodegas premium de exportación (Tupungato)", "Tupungato"),
    1: ("Cooperativas y vino a granel (San Carlos)", "San Carlos"),
    2: ("Bodegas boutique y enoturismo (Tunuyán)", "Tunuyán"),
    3: ("Proveedores de insumos: tonelerías, etiquetas, metalúrgicas", "Tunuyán"),
}

#: Internal firms: (sub-cluster or None, firm type, stage, role, how many, size classes).
#: Roles: lead, gatekeeper, lead_gatekeeper, star (external star), source, absorber,
#: mutual (mutual exchanger), ordinary, new (enters in 2025), isolated (micro-firm).
LAYOUT: tuple[tuple[int | None, str, str, str, int, str], ...] = (
    (0, "lead_foreign_fr", "elaboración", "lead_gatekeeper", 1, "large"),
    (0, "lead_national", "elaboración", "lead", 1, "large"),
    (0, "bodega", "elaboración", "star", 1, "medium"),
    (0, "bodega", "elaboración", "absorber", 1, "small"),
    (0, "bodega", "elaboración", "mutual", 1, "medium"),
    (0, "bodega", "elaboración", "ordinary", 8, "small medium"),
    (0, "grower", "viñedo", "ordinary", 7, "micro small"),
    (0, "vivero", "vivero", "ordinary", 1, "small"),
    (0, "lab", "servicios", "source", 1, "small"),
    (0, "vivero", "vivero", "source", 1, "small"),
    (0, "transport", "servicios", "ordinary", 1, "small"),
    (1, "lead_coop", "elaboración", "lead", 1, "large"),
    (1, "coop", "elaboración", "gatekeeper", 1, "medium"),
    (1, "coop", "elaboración", "absorber", 1, "small"),
    (1, "coop", "elaboración", "ordinary", 3, "small medium"),
    (1, "bulk", "elaboración", "ordinary", 2, "small medium"),
    (1, "grower", "viñedo", "ordinary", 9, "micro small"),
    (1, "transport", "servicios", "ordinary", 2, "small"),
    (1, "vivero", "vivero", "ordinary", 1, "small"),
    (1, "trasladista", "comercialización", "ordinary", 1, "small"),
    (1, "agroservice", "servicios", "source", 1, "small"),
    (2, "lead_foreign_us", "elaboración", "lead", 1, "large"),
    (2, "boutique", "elaboración", "gatekeeper", 1, "medium"),
    (2, "boutique", "elaboración", "star", 1, "small"),
    (2, "boutique", "elaboración", "absorber", 1, "small"),
    (2, "boutique", "elaboración", "mutual", 1, "small"),
    (2, "boutique", "elaboración", "ordinary", 6, "micro small"),
    (2, "tourism", "turismo", "ordinary", 3, "micro small"),
    (2, "grower", "viñedo", "ordinary", 3, "micro small"),
    (2, "vivero", "vivero", "ordinary", 1, "small"),
    (2, "boutique", "elaboración", "new", 1, "micro"),
    (2, "tourism", "turismo", "new", 1, "micro"),
    (3, "cooperage", "insumos", "gatekeeper", 1, "medium"),
    (3, "cooperage", "insumos", "ordinary", 2, "small"),
    (3, "labels", "insumos", "mutual", 1, "medium"),
    (3, "labels", "insumos", "ordinary", 2, "small medium"),
    (3, "metal", "insumos", "ordinary", 3, "small medium"),
    (3, "machinery", "insumos", "ordinary", 2, "small"),
    (3, "packaging", "insumos", "ordinary", 2, "small"),
    (3, "corks", "insumos", "ordinary", 2, "small"),
    (3, "transport", "servicios", "ordinary", 2, "small"),
    (3, "agroservice", "insumos", "source", 1, "small"),
    (3, "agroservice", "insumos", "ordinary", 2, "micro small"),
    (None, "micro", "viñedo", "isolated", 8, "micro"),
)

SECTOR: dict[str, str] = {
    "grower": "uva", "vivero": "viveros", "lab": "servicios", "agroservice": "servicios",
    "transport": "servicios", "tourism": "turismo", "cooperage": "insumos",
    "labels": "insumos", "metal": "insumos", "machinery": "insumos", "packaging": "insumos",
    "corks": "insumos", "micro": "uva",
}  # every other firm type: "vino"
EMPLOYEES: dict[str, tuple[int, int]] = {
    "micro": (2, 9), "small": (10, 49), "medium": (50, 249), "large": (250, 620),
}
CERTIFICATIONS: tuple[str, ...] = (
    "orgánica", "Fair Trade", "B Corp", "ISO 22000", "Bodega sustentable",
)
EXTERNAL_STAGE: dict[str, str] = {
    "buyer": "comercialización", "advisor": "servicios", "supplier": "insumos",
}

#: One distinctive word per firm (surnames and Cuyo landscape words), never reused.
DISTINCT_WORDS: tuple[str, ...] = tuple("""
    Aguirre Albornoz Arancibia Barrionuevo Bazán Bertona Cabrera Calderón Carrizo Castellani
    Cerutti Coria Dalmasso Danieli Escudero Fagiani Ferraris Funes Gallardo Garro Godoy
    Guiñazú Ibarra Lucero Maldonado Manzur Marchetti Miranda Montenegro Moyano Nieto Olguín
    Orellano Ozán Pacheco Palacios Pelegrina Ponce Quiroga Ramírez Reta Rosales Salcedo
    Santoro Segura Suárez Tello Úbeda Valdivia Vargas Vergara Villegas Yacante Zabala Zárate
    Bonfanti Cavagnaro Gennari Lombardo Pizzolato Rastelli Sartori Tomasini Zanetti
    Bertolino Canale Ferreyra Guevara Lencinas Mercado Nievas Ochoa Peralta Quinteros
    Sarmiento Algarrobo Chañar Jarilla Retamo Piquillín Cóndor Guanaco Choique Pehuén
    Quebracho Tolar Cardón Molle Alpataco Pedregal Manantial Acequia Barranca Nevado
    Escarcha Granizo Alborada Solana Umbría Tranquera Pircas Totoral Carrizal Membrillo
    Nogal Tamarisco Jacarandá Azucena Lapacho Cerrillos Arrayán Tuscal Vizcacha Calandria
    Benteveo Torcaza Jilguero Zorzal Mistol Atamisqui Pichana Brea Larrea Yarumá Ceibal
""".split())  # noqa: SIM905

#: Name templates per firm type; ``{w}`` is the firm's distinctive word.
FIRM_TEMPLATES: dict[str, tuple[str, ...]] = {
    "lead_foreign_fr": ("Domaine {w} Andes S.A.",),
    "lead_national": ("Bodegas {w} S.A.",),
    "lead_coop": ("Cooperativa Vitivinícola {w} Ltda.",),
    "lead_foreign_us": ("Bodega {w} Estate S.A.",),
    "bodega": ("Bodega {w}", "Bodega {w} S.R.L.", "Bodegas y Viñedos {w} S.A.", "Finca {w}"),
    "boutique": ("Bodega {w}", "Finca {w} Vinos de Altura", "Vinos de Autor {w}", "Casa {w}"),
    "coop": ("Cooperativa {w} Ltda.", "Cooperativa Vitivinícola {w} Ltda."),
    "bulk": ("Vinos a Granel {w} S.A.", "Bodega {w} Hnos."),
    "grower": ("Viñedos {w}", "Finca {w}", "Fincas {w} Hnos.", "Viñedo {w}"),
    "vivero": ("Vivero {w}", "Viveros {w} S.R.L."),
    "lab": ("Laboratorio Enológico {w}",),
    "agroservice": ("Agroservicios {w} S.R.L.", "Riego por Goteo {w}"),
    "transport": ("Transportes {w} & Cía.", "Logística {w} S.R.L."),
    "trasladista": ("Trasladista {w}",),
    "tourism": ("Posada {w}", "Restaurante de Viña {w}", "Turismo Rural {w}"),
    "cooperage": ("Tonelería {w} S.A.", "Tonelería {w}"),
    "labels": ("Etiquetas {w} & Envases S.R.L.", "Gráfica {w} S.A.", "Imprenta {w}"),
    "metal": ("Metalúrgica {w} S.A.", "Tanques Inoxidables {w}"),
    "machinery": ("Maquinarias Agrícolas {w}", "Talleres {w} S.R.L."),
    "packaging": ("Cartonera {w} S.A.", "Envases de Cartón {w}"),
    "corks": ("Tapones {w} S.R.L.", "Corchos {w}"),
    "micro": ("Viñedo {w}", "Fraccionadora {w}", "Dulces y Conservas {w}", "Artesanos {w}"),
}

#: Legal suffixes the recall variants add, drop or swap.
LEGAL_SUFFIXES: tuple[str, ...] = ("S.A.", "S.R.L.", "Ltda.", "S.A.C.", "Cía.", "SA", "SRL")

#: Internal institutions: key -> (name, aliases, kind, municipality, employees, respondent).
INSTITUTIONS: dict[str, tuple[str, str, str, str, int, bool]] = {
    "station": ("Estación Experimental Vitícola Los Sauces",
                "EEV Los Sauces;Estación Los Sauces", "research", "Tunuyán", 85, True),
    "university": ("Universidad Nacional de los Andes Cuyanos", "UNAC;Facultad de Enología UNAC",
                   "research", "Mendoza", 2400, True),
    "techcentre": ("Centro Tecnológico Vitivinícola del Oasis", "CETEVO",
                   "research", "Tunuyán", 32, True),
    "chamber": ("Cámara de Bodegueros del Valle de Uco", "Cámara de Bodegueros",
                "association", "Tunuyán", 9, True),
    "federation": ("Federación de Cooperativas Vitícolas Sancarlinas", "FECOVIS",
                   "association", "San Carlos", 14, True),
    "nurseries": ("Asociación de Viveristas Cuyanos", "ASOVIC",
                  "association", "Tupungato", 4, True),
    "school": ("Escuela Técnica de Enología Río Tunuyán", "ETERT",
               "research", "San Carlos", 60, True),
    "agency": ("Agencia Provincial de Desarrollo Productivo", "APDP",
               "government", "Mendoza", 120, True),
    "municipal": ("Dirección de Producción Municipal de Tupungato", "Producción Tupungato",
                  "government", "Tupungato", 18, False),
    "bank": ("Banco Regional Cuyano", "BRC",
             "finance", "Mendoza", 900, False),
    "credit": ("Caja de Crédito Cooperativa Uco", "Caja Uco",
               "finance", "San Carlos", 25, True),
}

#: External actors: key -> (name, aliases, kind, ownership, sector, country, city, role);
#: role ``buyer`` (export or national market), ``advisor`` (knowledge), ``supplier``.
EXTERNALS: dict[str, tuple[str, str, str, str, str, str, str, str]] = {
    "uk": ("Thornbury Fine Wines Ltd.", "Thornbury", "firm", "foreign",
           "importación", "Reino Unido", "Londres", "buyer"),
    "us": ("Pacific Crest Wine Distributors Inc.", "Pacific Crest", "firm", "foreign",
           "distribución", "Estados Unidos", "San Francisco", "buyer"),
    "de": ("Rheinauen Weinimport GmbH", "", "firm", "foreign",
           "importación", "Alemania", "Colonia", "buyer"),
    "br": ("Importadora Serra Gaúcha Ltda.", "Serra Gaúcha", "firm", "foreign",
           "importación", "Brasil", "Porto Alegre", "buyer"),
    "cn": ("Golden Vine Trading Co.", "Golden Vine", "firm", "foreign",
           "importación", "China", "Shanghái", "buyer"),
    "ba": ("Distribuidora Porteña de Vinos S.A.", "Distribuidora Porteña", "firm", "national",
           "distribución", "Argentina", "Buenos Aires", "buyer"),
    "fr": ("Tonnellerie Marchand-Duval", "Marchand Duval", "firm", "foreign",
           "tonelería", "Francia", "Cognac", "supplier"),
    "it": ("Enomeccanica Valpadana S.p.A.", "Valpadana", "firm", "foreign",
           "maquinaria", "Italia", "Verona", "supplier"),
    "cl": ("Viveros Cordillera Sur SpA", "", "firm", "foreign",
           "viveros", "Chile", "Rancagua", "supplier"),
    "glass": ("Vidriería del Litoral S.A.", "", "firm", "national",
              "vidrio", "Argentina", "Rosario", "supplier"),
    "agency": ("Agencia Nacional de Promoción Vitivinícola", "ANPV", "government", "national",
               "promoción", "Argentina", "Buenos Aires", "advisor"),
    "consultant": ("Dubois Conseil Œnologique", "Dubois Conseil", "firm", "foreign",
                   "consultoría", "Francia", "Burdeos", "advisor"),
    "institute": ("Instituto de Ciencias de la Vid de Ribera", "ICVR", "research", "foreign",
                  "investigación", "España", "Valladolid", "advisor"),
}

#: Free-recall names that match no actor (reported as unresolved, never in ties.csv).
UNRESOLVED_NAMES: tuple[str, ...] = (
    "Consultora Pérez",
    "Feria internacional de vinos en Düsseldorf",
    "Ing. agr. Gómez (asesor particular)",
)

#: Interview quotes by relation; ``{alter}`` is the organisation the respondent named.
EVIDENCE_QUOTES: dict[str, tuple[str, ...]] = {
    "knowledge": (
        "Cuando tenemos un problema técnico llamamos a {alter}; \"siempre responden\".",
        "Los técnicos de {alter} vinieron a vernos en plena cosecha.",
        "De {alter} aprendimos a controlar costos & calidad, sin que nos cobraran nada.",
        "Con {alter} nos asesoramos desde hace años.",
        "Fuimos a una jornada de {alter} y cambiamos el manejo del riego.",
        "Si no fuera por {alter} no habríamos podido certificar.",
    ),
    "cooperation": (
        "Con {alter} compramos insumos en conjunto para bajar costos.",
        "Armamos con {alter} un stand compartido en la feria de Londres.",
        "Con {alter} nos prestamos equipos cuando alguno se rompe.",
        "Con {alter} contratamos juntos un flete a Buenos Aires.",
        "Estamos con {alter} en el grupo de la iniciativa de cluster.",
    ),
    "trade": (
        "{alter} fija las especificaciones y audita la calidad dos veces al año.",
        "{alter} nos compra todos los años; el precio lo ponen ellos.",
        "Con {alter} tenemos un contrato anual de provisión.",
        "A {alter} le vendemos desde hace diez años; pagan a 90 días.",
        "Con {alter} la relación es de confianza, <sin contrato escrito>.",
    ),
}
# fmt: on

#: Head of the three study files (``[[ties]]`` entries follow).
STUDY_TOML = """[study]
key = "wine-sample"
title = "Trama vitivinícola del Valle de Uco (muestra ficticia)"
lang = "es"
waves = ["2023", "2025"]
description = "Encuesta simulada en dos olas; todas las organizaciones son ficticias."
# límites municipales ficticios, dibujados bajo el mapa geográfico (tramas map --layout geo)
basemap = "valle_de_uco.geojson"

[actors]
file = "actors.csv"

[sizes]
micro = 10
small = 50
medium = 250

[[relations]]
name = "knowledge"
label = "Asesoramiento técnico"
question = "¿De qué organizaciones recibió asesoramiento técnico?"
directed = true
direction = "alter_to_ego"

[[relations]]
name = "cooperation"
label = "Cooperación"
question = "¿Con qué organizaciones coopera (compras conjuntas, promoción, proyectos)?"
directed = false
symmetrize = "union"

[[relations]]
name = "trade"
label = "Comercio"
question = "¿A quién vende?"
directed = true
direction = "ego_to_alter"
"""

#: Value-chain blocks of the study files: the sales relation, the governance scheme, the
#: markets sales go to, and the firm-by-wave upgrading table.
VALUE_CHAIN_TOML = """
[governance]
relation = "trade"
scheme = "humphrey_schmitz"
markets = ["domestic", "us", "europe", "latin_america", "other"]

[upgrading]
file = "upgrading.csv"
"""
