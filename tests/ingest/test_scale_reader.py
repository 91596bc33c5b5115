"""The streaming path for large tie files agrees with the survey path and loses no row."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from tramas.exceptions import InputError
from tramas.ingest import load
from tramas.ingest.scale import read_scale_ties


@pytest.fixture
def edges(tmp_path):
    rng = np.random.default_rng(3)
    n, m = 300, 3000
    frame = pd.DataFrame(
        {
            "origen": [f"E{x:04d}" for x in rng.integers(0, n, m)],
            "destino": [f"E{x:04d}" for x in rng.integers(0, n, m)],
            "peso": rng.integers(1, 5, m).astype(str),
        }
    )
    frame.loc[3, "peso"] = "mucho"
    frame.loc[4, "destino"] = ""
    frame.loc[10, "peso"] = "2,5"
    return frame


@pytest.mark.parametrize("fmt", ["csv", "parquet"])
def test_streaming_reader_matches_survey_path(tmp_path, edges, fmt):
    path = tmp_path / f"ties.{fmt}"
    edges.to_csv(path, index=False) if fmt == "csv" else edges.to_parquet(path)
    view, report = read_scale_ties(path)
    assert report.balanced and report.rows == len(edges)
    assert report.rejected["non_numeric_weight"] == 1
    assert report.examples["non_numeric_weight"] == [(5, "peso", "mucho")]
    assert report.rejected["empty_target"] == 1
    loops = int((edges.origen == edges.destino).sum())
    assert report.rejected.get("self_loop", 0) == loops

    ids = sorted(set(edges.origen) | set(edges.destino) - {""})
    (tmp_path / "actors.csv").write_text("id\n" + "\n".join(ids) + "\n")
    csv_path = tmp_path / "ties_small.csv"
    edges.to_csv(csv_path, index=False)
    net = load(actors=tmp_path / "actors.csv", ties=[csv_path], strict=False)
    counts = net.report.files[1]
    assert (counts.loaded, counts.merged, counts.rejected) == (
        report.loaded,
        report.merged,
        report.n_rejected,
    )
    survey = (
        net.view(weight="weight").edges().set_index(["source", "target"])["weight"].sort_index()
    )
    streamed = view.edges().set_index(["source", "target"])["weight"].sort_index()
    pd.testing.assert_series_equal(survey, streamed, check_names=False)


def test_undirected_view_symmetrises_as_the_survey_path(tmp_path):
    """Two directions of a pair are distinct ties (nothing merged); the undirected view
    takes their mean, as the survey path's union rule does."""
    p = tmp_path / "t.csv"
    p.write_text("source,target,weight\na,b,1\nb,a,3\nb,c,2\n")
    view, report = read_scale_ties(p, directed=False)
    assert view.n_ties == 2 and report.merged == 0 and report.loaded == 3
    assert sorted(view.graph.es["weight"]) == [2.0, 2.0]


def test_unknown_actor_with_actor_table(tmp_path):
    p = tmp_path / "t.csv"
    p.write_text("from;to\na;b\nb;zz\n")
    actors = pd.DataFrame({"name": ["A", "B"]}, index=pd.Index(["a", "b"], name="id"))
    view, report = read_scale_ties(p, actors=actors)
    assert report.rejected == {"unknown_actor": 1}
    assert report.examples["unknown_actor"] == [(3, "to", "zz")]
    assert view.n_actors == 2 and view.actors.loc["a", "name"] == "A"


def test_missing_column(tmp_path):
    p = tmp_path / "t.csv"
    p.write_text("a,b\n1,2\n")
    with pytest.raises(InputError, match="missing required column 'source'"):
        read_scale_ties(p)
