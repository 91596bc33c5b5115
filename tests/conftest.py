"""Fixtures shared by the whole suite.

The bundled sample (``tramas.sample.sample_dir()``):

* ``sample_toml`` (session): the path of the bundled sample's ``study.toml``.
* ``sample_network`` (session): the bundled sample loaded once. Shared by every test that asks
  for it, so a test never changes it in place (make a copy first).
* ``sample_study``: the sample's files written by ``tramas sample`` into the test's
  ``tmp_path/"sample"``; the path of their ``study.toml``. For tests that change the files.

A hand-made network with worked-out answers:

* ``toy`` / :func:`toy_network`: six actors, three relations, two waves (see its docstring).

A real Neo4j server, from the plugin ``neo4j_fixtures.py`` (never a mock; see docs/neo4j.md):
``neo4j_uri``, ``neo4j_auth``, ``neo4j_database``, ``neo4j_driver``, ``neo4j_is_local``
(session), ``neo4j_env`` (session: the environment of a CLI call), ``store`` (module: a
connected ``Neo4jStore``) and ``neo4j_sample`` (module: the sample loaded under the module's
own study key). Tests using them are marked ``neo4j``.

Markers: ``neo4j``, ``browser`` (headless Chromium, ``browser.py``) and ``slow`` (more than a
few seconds; ``pytest -m "not slow"`` is the fast local loop, the default run keeps them).
Doctests of every module under ``src/tramas`` run too (``--doctest-modules`` in pyproject.toml).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from tramas.graph import Network, Relation, StudyInfo

pytest_plugins = ["neo4j_fixtures"]

XSS = "<img src=x onerror=alert(1)>"  # the name of F-BAD in the toy network


# ------------------------------------------------------------------------- the sample
@pytest.fixture(scope="session")
def sample_toml() -> Path:
    from tramas.sample import sample_dir

    return sample_dir() / "study.toml"


@pytest.fixture(scope="session")
def sample_network(sample_toml: Path) -> Network:
    from tramas.ingest import load

    return load(study=sample_toml)


@pytest.fixture
def sample_study(tmp_path: Path) -> Path:
    from typer.testing import CliRunner

    from tramas.cli import app

    folder = tmp_path / "sample"
    result = CliRunner().invoke(app, ["sample", "--out", str(folder)])
    assert result.exit_code == 0, result.output
    return folder / "study.toml"


# ------------------------------------------------------------------- the toy network
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


@pytest.fixture
def files(toy, tmp_path) -> tuple[Path, Path]:
    """The toy network as the CSV files ``--actors`` and ``--ties`` read."""
    actors = tmp_path / "actors.csv"
    ties = tmp_path / "ties.csv"
    toy.actors.reset_index().to_csv(actors, index=False)
    toy.ties[["source", "target", "relation", "wave", "weight"]].to_csv(ties, index=False)
    return actors, ties
