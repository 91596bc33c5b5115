"""Metrics give codes and values; words come from the one es/en catalogue (#13, deliverable 6).

The measures of roles and the analysis word nothing: they keep each reason as a code and
the values behind it, and :func:`tramas.locale.reasons.reason_texts` words them when an
output is presented, so the same analysis reads in English or Spanish.
"""

from __future__ import annotations

import ast
import inspect
from pathlib import Path

import pandas as pd
import pytest

from tramas.graph import Network, NetworkView
from tramas.locale.reasons import REASON_COLUMNS, approximation_texts, reason_texts
from tramas.metrics import analyze, cognitive_roles, isolated_smes, lead_firms

SRC = Path(__file__).resolve().parents[2] / "src" / "tramas" / "metrics"


def _locale_imports(path: Path) -> list[tuple[str, str, str | None]]:
    """``(module, name, enclosing function)`` of every import from ``tramas.locale``."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []

    def visit(node: ast.AST, where: str | None) -> None:
        for child in ast.iter_child_nodes(node):
            here = where
            if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef):
                here = child.name
            if isinstance(child, ast.ImportFrom) and (child.module or "").startswith(
                "tramas.locale"
            ):
                found.extend((child.module, a.name, here) for a in child.names)
            elif isinstance(child, ast.Import):
                found.extend(
                    (a.name, a.name, here)
                    for a in child.names
                    if a.name.startswith("tramas.locale")
                )
            visit(child, here)

    visit(tree, None)
    return found


def test_roles_import_nothing_from_the_catalogue():
    assert _locale_imports(SRC / "roles.py") == []


def test_analysis_words_only_when_writing_its_files():
    """``analyze`` may check a language code; only ``AnalysisResult.write`` words, and
    through the catalogue's presentation function."""
    found = _locale_imports(SRC / "analysis.py")
    outside_write = [(m, n) for m, n, where in found if where != "write"]
    assert outside_write == [("tramas.locale.languages", "check_lang")]
    in_write = {(m, n) for m, n, where in found if where == "write"}
    assert in_write <= {
        ("tramas.locale.reasons", "reason_texts"),
        ("tramas.locale.reasons", "REASON_COLUMNS"),
    }


@pytest.mark.parametrize("measure", [lead_firms, cognitive_roles, isolated_smes])
def test_role_measures_take_no_language(measure):
    assert "lang" not in inspect.signature(measure).parameters


def _network() -> Network:
    actors = pd.DataFrame(
        {
            "name": ["Gate", "Maker", "Small", "Lone", "Uni", "Abroad"],
            "kind": ["firm", "firm", "firm", "firm", "research", "firm"],
            "internal": [True, True, True, True, True, False],
            "size": ["large", "medium", "small", "micro", None, "large"],
            "ownership": ["foreign", "local", "local", "local", None, "foreign"],
        },
        index=pd.Index(["G", "M", "S", "L", "U", "X"], name="id"),
    )
    ties = pd.DataFrame(
        {
            "source": ["X", "G", "G", "M", "S", "U", "S"],
            "target": ["G", "M", "S", "S", "M", "G", "G"],
            # no orientation recorded: the vertical ties are unavailable
            "relation": ["knowledge"] * 5 + ["cooperation", "trade"],
        }
    )
    return Network(actors, ties)


@pytest.fixture(scope="module")
def result():
    return analyze(_network(), lang="en", consensus_runs=2)


def test_the_analysis_keeps_codes_not_words(result):
    a = result.actors
    for worded, code in REASON_COLUMNS.items():
        assert worded not in a.columns
        assert code in a.columns
    assert a.loc["G", "lead_firm_reason_code"] == "ranked"
    assert a.loc["U", "lead_firm_reason_code"] == "kind"
    assert a.loc["X", "role_reason_code"] == "external"
    assert a.loc["L", "sme_reason_code"] == "isolated"
    assert a.loc["G", "sme_reason_code"] == "not_sme_size"
    # what wording needs is on the result
    assert result.lead_firm_result.parameters["eligible"] == 4
    assert result.cognitive_result.relation == "knowledge"
    assert set(result.cognitive_result.thresholds) == {"outdegree", "indegree", "openness"}
    assert "vertical_ties" in result.lead_firm_result.unavailable


def test_the_same_analysis_words_its_reasons_in_both_languages(result):
    en = reason_texts(result, "en")
    es = reason_texts(result, "es")
    for words in (en, es):
        assert list(words.columns) == list(REASON_COLUMNS)
        assert list(words.index) == list(result.actors.index)
        assert not words.isna().any().any()
    assert en.loc["G", "lead_firm_reason"].startswith("rank 1 of 4 cluster firms")
    assert es.loc["G", "lead_firm_reason"].startswith("puesto 1 de 4 empresas del cluster")
    assert "vertical cooperation ties" in en.loc["G", "lead_firm_reason"]
    assert en.loc["X", "role_reason"].startswith("outside the cluster")
    assert es.loc["G", "role_reason"].startswith("guardián tecnológico")
    assert en.loc["L", "sme_reason"] == "SME without ties in the analysed network"
    assert es.loc["L", "sme_reason"] == "pyme sin vínculos en la red analizada"
    assert es.loc["G", "sme_reason"] == "no es pyme (grande)"
    assert "tamaño: mediana" in es.loc["M", "lead_firm_reason"]
    assert "size: medium" in en.loc["M", "lead_firm_reason"]
    assert (en != es).all().all()
    # a few actors only, in the order asked
    some = reason_texts(result, "es", ids=["L", "G"])
    assert list(some.index) == ["L", "G"]
    assert some.equals(es.loc[["L", "G"]])


def test_files_word_the_reasons_in_the_language_asked(result, tmp_path):
    en = pd.read_csv(result.write(tmp_path / "en")[0], dtype={"id": str}).set_index("id")
    es = pd.read_csv(result.write(tmp_path / "es", lang="es")[0], dtype={"id": str})
    es = es.set_index("id")
    assert (
        en.loc["G", "lead_firm_reason"] == reason_texts(result, "en").loc["G", "lead_firm_reason"]
    )
    assert (
        es.loc["G", "lead_firm_reason"] == reason_texts(result, "es").loc["G", "lead_firm_reason"]
    )
    assert es.loc["G", "lead_firm_reason_code"] == "ranked"
    cols = list(es.columns)
    for worded, code in REASON_COLUMNS.items():
        assert cols.index(worded) + 1 == cols.index(code)


def test_approximations_are_codes_worded_when_shown():
    v = NetworkView.from_edges([(str(i), str(i + 1)) for i in range(12)])
    r = analyze(v, exact_limit=5, pivots=4, consensus_runs=2)
    codes = [a["code"] for a in r.figures["approximations"]]
    assert codes[:3] == ["pivots", "paths", "consensus"]
    en = approximation_texts(r.figures["approximations"], "en")
    es = approximation_texts(r.figures["approximations"], "es")
    assert en[0].startswith("betweenness, closeness and harmonic closeness estimated from 4")
    assert es[0].startswith("intermediación, cercanía y cercanía armónica estimadas a partir de 4")
