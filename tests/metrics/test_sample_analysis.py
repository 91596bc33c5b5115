"""The bundled sample: the analysis recovers what the generator planted (ground_truth.json)."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from tramas.locale.reasons import reason_texts
from tramas.metrics import MEASURE_COLUMNS, agreement, analyze
from tramas.sample import sample_dir


@pytest.fixture(scope="module")
def truth() -> dict:
    return json.loads((sample_dir() / "ground_truth.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def result(sample_network):
    return analyze(sample_network)


def test_communities_recover_the_planted_sub_clusters(result, truth):
    planted = pd.Series(truth["communities"])
    agree = agreement(result.actors["community"], planted)
    assert agree["n"] == len(planted)
    assert agree["ari"] >= 0.8
    # the consensus is stable on the planted structure
    members = result.actors.loc[planted.index]
    assert members["community_stability"].mean() >= 0.9


def test_roles_recover_the_planted_lead_firms_and_gatekeepers(result, truth):
    a = result.actors
    leads = truth["lead_firms"]
    top = a.sort_values("lead_firm_rank").index[: len(leads)]
    assert set(top) == set(leads)
    assert a.loc[leads, "lead_firm"].all()
    roles = a["cognitive_role"]
    assert (roles[truth["gatekeepers"]] == "gatekeeper").all()
    assert (roles[truth["external_stars"]] == "external_star").all()
    assert (roles[truth["sources"]] == "source").all()
    assert (roles[truth["absorbers"]] == "absorber").all()
    assert (roles[truth["isolated_firms"]] == "isolated").all()
    # the planted isolated micro-firms are the policy targets
    assert a.loc[truth["isolated_firms"], "sme_status"].isin(["isolated", "weak"]).all()


def test_every_column_is_filled_and_reasons_are_spanish(result, sample_network):
    a = result.actors
    assert not a[list(MEASURE_COLUMNS)].isna().any().any()
    assert len(a) == len(sample_network.actors)
    assert result.parameters["lang"] == "es"  # the study's language
    words = reason_texts(result, result.parameters["lang"])
    assert (
        words.loc[a["cognitive_role"] == "gatekeeper", "role_reason"]
        .str.startswith("guardián tecnológico")
        .all()
    )
    assert result.figures["cooperation"]["vertical"] > 0
    assert result.figures["cooperation"]["horizontal"] > 0
    assert result.lead_firm_result.unavailable == ()


@pytest.mark.parametrize("wave", ["2023", "2025"])
def test_each_wave_recovers_the_lead_firms(sample_network, truth, wave):
    r = analyze(sample_network, wave=wave, consensus_runs=5)
    top = r.actors.sort_values("lead_firm_rank").index[: len(truth["lead_firms"])]
    assert set(top) == set(truth["lead_firms"])
