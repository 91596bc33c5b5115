"""Resolving free-recall names: normalisation, legal suffixes, fuzzy matches, ambiguity."""

from __future__ import annotations

import pandas as pd
import pytest

from tramas.ingest import NameMatcher, normalize_name
from tramas.ingest.matching import derive_acronym, expand_abbreviations

ACTORS = pd.DataFrame(
    {
        "name": [
            "Bodega Los Andes S.A.",
            "Tonelería Cuyo S.R.L.",
            "Viñedos del Sol",
            "Viñedos del Sur",
            "Universidad Nacional de Cuyo",
        ],
        "aliases": ["Los Andes", "", "", "", "UNCuyo;UNC"],
    },
    index=["F1", "F2", "F3", "F4", "U1"],
)


@pytest.mark.parametrize(
    ("raw", "norm"),
    [
        ("Bodega Los Ándes S.A.", "bodega los andes"),
        ("BODEGA LOS ANDES SA", "bodega los andes"),
        ("Tonelería Cuyo, S.R.L.", "toneleria cuyo"),
        ("Cía. Vinos & Cepas Ltda.", "cia vinos y cepas"),
        ("  Agro   Sur S.A.C. ", "agro sur"),
    ],
)
def test_normalize_name(raw, norm):
    assert normalize_name(raw) == norm


@pytest.mark.parametrize(
    ("name", "actor"),
    [
        ("bodega los andes", "F1"),
        ("BODEGA LOS ANDES S.R.L.", "F1"),
        ("los andes", "F1"),  # alias
        ("Toneleria Cuyo", "F2"),
        ("Tonelerria Cuyo SRL", "F2"),  # typo
        ("UNCuyo", "U1"),
        ("Universidad Nac. de Cuyo", "U1"),
        ("F3", "F3"),  # an id
    ],
)
def test_resolves(name, actor):
    m = NameMatcher(ACTORS).resolve(name)
    assert (m.status, m.actor_id) == ("resolved", actor)


def test_ambiguous_and_unresolved():
    matcher = NameMatcher(ACTORS)
    amb = matcher.resolve("Viñedos del S")
    assert amb.status == "ambiguous" and {a for a, _ in amb.candidates} >= {"F3", "F4"}
    un = matcher.resolve("Consultora Pérez")
    assert un.status == "unresolved" and un.actor_id is None


# ------------------------------------------------------------------ acronyms, abbreviations
INSTITUTIONS = pd.DataFrame(
    {
        "name": [
            "Instituto Nacional de Tecnología Agropecuaria",
            "Instituto Nacional de Tecnología Industrial",
            "Universidad Nacional de Cuyo",
            "Universidad Nacional de San Juan",
            "Cooperativa A",
            "Cooperativa B",
            "Facultad de Ciencias Agrarias",
            "Asociación Cooperativa Vitivinícola Tupungato",
            "Compañía Vinos del Sur",
            "Municipalidad de Tunuyán",
            "Centro Tecnológico Vitivinícola del Oasis",
            "Secretaría de Agricultura",
            "Dirección General de Irrigación",
            "Sociedad Rural del Valle",
            "Ministerio de la Producción",
        ],
        "sigla": ["", "", "", "UNSJ", "", "", "", "", "", "", "CETEVO", "", "DGI", "", ""],
    },
    index=[f"A{i:02d}" for i in range(1, 16)],
)


@pytest.fixture(scope="module")
def institutions():
    return NameMatcher(INSTITUTIONS)


@pytest.mark.parametrize(
    ("name", "actor"),
    [
        ("INTA", "A01"),  # derived from the initials
        ("I.N.T.A.", "A01"),
        ("inta", "A01"),
        ("INTA Mendoza", "A01"),  # acronym + place
        ("el INTA", "A01"),
        ("Instituto Nacional de Tecnología Agropecuaria (INTA)", "A01"),  # in parentheses
        ("INTI", "A02"),
        ("UNSJ", "A04"),  # an acronym column
        ("UNSJ San Juan", "A04"),
        ("CETEVO", "A11"),
        ("dgi", "A13"),
        ("Univ. Nac. de Cuyo", "A03"),
        ("U.N. Cuyo", "A03"),
        ("Univ. Nac. de San Juan", "A04"),
        ("Fac. de Ciencias Agrarias", "A07"),
        ("Asoc. Coop. Vitivinícola Tupungato", "A08"),
        ("Cía. Vinos del Sur", "A09"),
        ("Mun. de Tunuyán", "A10"),
        ("Centro Tec. Vitivinícola del Oasis", "A11"),
        ("Sec. de Agricultura", "A12"),
        ("Dir. Gral. de Irrigación", "A13"),
        ("Soc. Rural del Valle", "A14"),
        ("Min. de la Producción", "A15"),
        ("Inst. Nac. de Tec. Agropecuaria", "A01"),
        ("Coop. B", "A06"),
    ],
)
def test_acronyms_and_abbreviations_resolve(institutions, name, actor):
    m = institutions.resolve(name)
    assert (m.status, m.actor_id) == ("resolved", actor), m


@pytest.mark.parametrize(
    ("name", "status"),
    [
        ("INTA (INTI)", "ambiguous"),  # two parts, two actors
        ("Universidad Nacional de Cuyo (UNSJ)", "ambiguous"),
        ("INTA INTI", "ambiguous"),
        ("Cooperativa C", "ambiguous"),  # A and B score alike: neither is picked
        ("INTE", "unresolved"),
    ],
)
def test_parts_naming_different_actors_are_never_picked(institutions, name, status):
    m = institutions.resolve(name)
    assert (m.status, m.actor_id) == (status, None), m


@pytest.mark.parametrize(
    ("present", "name"),
    [
        (["A04"], "Universidad Nacional de Cuyo"),
        (["A03"], "Universidad Nacional de San Juan"),
        (["A02"], "INTA"),
        (["A01"], "INTI"),
        (["A02"], "INTA Mendoza"),
        (["A05"], "Cooperativa B"),
        (["A06"], "Cooperativa A"),
        (["A05"], "Coop. B"),
    ],
)
def test_two_organisations_never_merge(present, name):
    """With only the *other* organisation in the table, the name finds nothing."""
    m = NameMatcher(INSTITUTIONS.loc[present]).resolve(name)
    assert m.status == "unresolved" and m.actor_id is None, m


def test_shared_acronym_is_ambiguous():
    actors = pd.DataFrame(
        {
            "name": [
                "Instituto Nacional de Tecnología Agropecuaria",
                "Instituto Nacional de Tecnología Alimentaria",
                "Bodega Umbría",
            ],
            "aliases": ["", "INTA", ""],
        },
        index=["I1", "I2", "F1"],
    )
    matcher = NameMatcher(actors)
    for name in ("INTA", "el INTA", "INTA Mendoza", "el inta", "I.N.T.A."):
        m = matcher.resolve(name)
        assert m.status == "ambiguous" and {a for a, _ in m.candidates} == {"I1", "I2"}, name
    # the full name beside the shared acronym settles which one is meant
    full = matcher.resolve("Instituto Nacional de Tecnología Alimentaria (INTA)")
    assert (full.status, full.actor_id) == ("resolved", "I2")


def test_acronym_beside_another_actors_name_is_ambiguous(institutions):
    m = NameMatcher(pd.concat([INSTITUTIONS, ACTORS])).resolve("INTA Bodega Los Andes")
    assert m.status == "ambiguous" and {a for a, _ in m.candidates} >= {"A01", "F1"}


def test_capitalised_words_of_an_upper_case_answer_are_not_acronyms():
    actors = pd.DataFrame(
        {"name": ["Finca Ferraris", "Fundación Instituto Nacional de Cultura Argentina"]},
        index=["F1", "X1"],  # the second one's initials spell FINCA
    )
    m = NameMatcher(actors).resolve("FINCA FERRARIS")
    assert (m.status, m.actor_id) == ("resolved", "F1")


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Univ. Nac. de Cuyo", ("universidad nacional de cuyo",)),
        ("U.N. Cuyo", ("universidad nacional cuyo",)),
        ("Coop. Vitivinícola Gral. Alvear S.A.", ("cooperativa vitivinicola general alvear",)),
        (
            "Esc. Tec. 4-012",
            (
                "escuela tecnologico 4 012",
                "escuela tecnologica 4 012",
                "escuela tecnica 4 012",
                "escuela tecnico 4 012",
                "escuela tecnologia 4 012",
            ),
        ),  # fmt: skip
    ],
)
def test_expand_abbreviations(name, expected):
    assert expand_abbreviations(name) == expected


def test_derive_acronym():
    assert derive_acronym("Instituto Nacional de Tecnología Agropecuaria") == "inta"
    assert derive_acronym("Univ. Nac. de Cuyo") == "unc"
    assert derive_acronym("Bodega Los Andes S.A.") == ""  # two significant words
