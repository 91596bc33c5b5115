"""Resolving free-recall names: normalisation, legal suffixes, fuzzy matches, ambiguity."""

from __future__ import annotations

import pandas as pd
import pytest

from tramas.ingest import NameMatcher, normalize_name

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
