"""The bundled sample survey in its three tie shapes loads without errors into one network."""

from __future__ import annotations

import pandas as pd
import pytest

from tramas.ingest import load
from tramas.sample import sample_dir

COLS = ["source", "target", "relation", "wave", "weight", "reported_by"]


@pytest.fixture(scope="module")
def shapes():
    return {
        name: load(sample_dir() / f"{name}.toml")
        for name in ("study", "study-roster", "study-recall")
    }


def _canon(net):
    return net.ties[COLS].sort_values(COLS[:4] + ["reported_by"]).reset_index(drop=True)


def test_sample_is_valid_and_every_row_accounted(shapes):
    for net in shapes.values():
        assert not net.report.errors
        for counts in net.report.files:
            assert counts.balanced
    edges = shapes["study"]
    assert len(edges.actors) >= 100 and edges.waves == ("2023", "2025")
    assert set(edges.relations) == {"knowledge", "cooperation", "trade"}
    assert not edges.relations["cooperation"].directed


def test_three_shapes_identical(shapes):
    base = _canon(shapes["study"])
    pd.testing.assert_frame_equal(base, _canon(shapes["study-roster"]))
    pd.testing.assert_frame_equal(base, _canon(shapes["study-recall"]))
    pd.testing.assert_frame_equal(shapes["study"].actors, shapes["study-recall"].actors)


def test_recall_messy_names_resolved_and_strangers_for_review(shapes):
    report = shapes["study-recall"].report
    assert len(report.resolved_names) > 500
    messy = [r for r in report.resolved_names if r["name"] != r["actor"]]
    assert messy, "free-recall names should not be ids"
    assert {r["status"] for r in report.review} == {"unresolved"}
    assert len(report.review) >= 2
