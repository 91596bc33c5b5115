"""Fixtures of the map tests: a hand-made network with worked-out answers, and the sample."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from tramas.graph import Network, Relation, StudyInfo

XSS = "<img src=x onerror=alert(1)>"


def toy_network() -> Network:
    """Six actors, three relations, two waves.

    Latest wave (2025): cooperation (undirected) F-ACME–F-BAD (1), F-BAD–F-COOP (2);
    knowledge (directed) R-UNI→F-ACME (3), F-COOP→F-ACME (2); trade (directed)
    F-ACME→X-BUY (1), F-ACME→F-BAD (5). Wave 2023: trade F-ACME→F-BAD (2) only.
    F-LONE is an isolate; X-BUY is external and has no coordinates.
    Undirected degrees over all relations: ACME 4, BAD 2, COOP 2, UNI 1, BUY 1, LONE 0.
    """
    actors = pd.DataFrame(
        {
            "name": [
                "Acme Vinos",
                XSS,
                "Universidad del Valle",
                "Global Buyer Ltd",
                "Cooperativa Uco",
                "Viñedo Solitario",
            ],
            "kind": ["firm", "firm", "research", "firm", "firm", "firm"],
            "internal": [True, True, True, False, True, True],
            "size": ["small", "micro", None, "large", "medium", "micro"],
            "employees": [20, 3, None, 5000, 80, 2],
            "municipality": ["Tunuyán", "Tupungato", "Mendoza", None, "San Carlos", "Tunuyán"],
            "region": [
                "Valle de Uco",
                "Valle de Uco",
                "Gran Mendoza",
                None,
                "Valle de Uco",
                "Valle de Uco",
            ],
            "lat": [-33.58, -33.37, -32.89, None, -33.77, -33.58],
            "lon": [-69.02, -69.15, -68.83, None, -69.04, -69.02],
            "sector": ["vino", "uva", "educación", "comercio", "vino", "uva"],
        },
        index=pd.Index(["F-ACME", "F-BAD", "R-UNI", "X-BUY", "F-COOP", "F-LONE"], name="id"),
    )
    rows = [
        ("F-ACME", "F-BAD", "cooperation", "2025", 1.0),
        ("F-BAD", "F-COOP", "cooperation", "2025", 2.0),
        ("R-UNI", "F-ACME", "knowledge", "2025", 3.0),
        ("F-COOP", "F-ACME", "knowledge", "2025", 2.0),
        ("F-ACME", "X-BUY", "trade", "2025", 1.0),
        ("F-ACME", "F-BAD", "trade", "2025", 5.0),
        ("F-ACME", "F-BAD", "trade", "2023", 2.0),
    ]
    ties = pd.DataFrame(rows, columns=["source", "target", "relation", "wave", "weight"])
    relations = {
        "knowledge": Relation("knowledge", directed=True, label="Technical advice"),
        "cooperation": Relation("cooperation", directed=False, label="Cooperation"),
        "trade": Relation("trade", directed=True, label="Trade"),
    }
    study = StudyInfo(key="toy", title="Toy cluster", lang="en", waves=("2023", "2025"))
    return Network(actors, ties, relations=relations, study=study)


@pytest.fixture
def toy() -> Network:
    return toy_network()


@pytest.fixture(scope="session")
def sample_study(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled sample's study.toml (regenerated with the bundled seed if not shipped yet)."""
    from tramas.sample import sample_dir, write_sample

    bundled = sample_dir() / "study.toml"
    if bundled.exists():
        return bundled
    folder = tmp_path_factory.mktemp("sample")
    write_sample(folder, seed=7)
    return folder / "study.toml"


@pytest.fixture(scope="session")
def sample_network(sample_study: Path) -> Network:
    from tramas.ingest import load

    return load(study=sample_study)
