"""Issue #14 case 10: the scale-mode reader applies the survey path's rules.

Relations and waves are kept, duplicates are only ties equal in source, target,
relation and wave, rows are rejected for the same reasons, and ``validate``,
``analyze`` and ``map`` give the same exit status for the same file."""

from __future__ import annotations

import json

import pandas as pd
import pytest
from typer.testing import CliRunner

from tramas.cli import app
from tramas.ingest import load
from tramas.ingest import scale as scale_reader
from tramas.ingest.scale import read_scale_file, read_scale_ties
from tramas.metrics import scale as scale_metrics

ACTORS = "id,name\n" + "".join(f"F{i},Firm {i}\n" for i in range(1, 7))


def multi_file(tmp_path, extra: str = ""):
    """Three relations x two waves, every pair tied in several of them."""
    rows = ["source,target,relation,wave,weight"]
    pairs = [("F1", "F2"), ("F2", "F3"), ("F3", "F1"), ("F4", "F5"), ("F5", "F6"), ("F1", "F6")]
    for wave in ("2023", "2024"):
        for k, rel in enumerate(("advice", "trade", "cooperation")):
            for i, (a, b) in enumerate(pairs):
                if (i + k) % 3 or wave == "2024":
                    rows.append(f"{a},{b},{rel},{wave},{i + k + 1}")
    (tmp_path / "actors.csv").write_text(ACTORS)
    path = tmp_path / "ties.csv"
    path.write_text("\n".join(rows) + "\n" + extra)
    return path


def run(*args: str):
    return CliRunner().invoke(app, [str(a) for a in args])


def test_relations_and_waves_stay_distinct_as_in_the_survey_path(tmp_path):
    path = multi_file(tmp_path)
    ties, report = read_scale_file(path)
    assert report.merged == 0 and report.n_rejected == 0
    assert ties.relations == ("advice", "cooperation", "trade")
    assert ties.waves == ("2023", "2024")
    net = load(actors=tmp_path / "actors.csv", ties=[path], strict=False)
    assert report.loaded == len(net.ties)
    survey_counts = net.ties.groupby(["relation", "wave"]).size().to_dict()
    scale_counts = (
        pd.DataFrame(
            {
                "relation": [ties.relations[r] for r in ties.rel],
                "wave": [ties.waves[w] for w in ties.wave],
            }
        )
        .groupby(["relation", "wave"])
        .size()
        .to_dict()
    )
    assert scale_counts == survey_counts and len(survey_counts) == 6
    # the view analysed by default is the survey path's: latest wave, relations merged
    for kwargs in ({}, {"relation": "trade"}, {"wave": "2023"}, {"wave": "all"}):
        survey = net.view(kwargs.get("relation"), wave=kwargs.get("wave"))
        streamed = ties.view(kwargs.get("relation"), wave=kwargs.get("wave"))
        assert streamed.wave == survey.wave
        a = survey.edges().set_index(["source", "target"]).sort_index()
        b = streamed.edges().set_index(["source", "target"]).sort_index()
        pd.testing.assert_series_equal(a["weight"], b["weight"], check_names=False)
        assert list(a["relation"]) == list(b["relation"])

    def unordered(view):
        return {
            (min(s, t), max(s, t)): w
            for s, t, w in view.edges()[["source", "target", "weight"]].itertuples(index=False)
        }

    assert unordered(ties.view(directed=False)) == unordered(net.view(directed=False))


def test_same_rejections_as_the_survey_path(tmp_path):
    bad = (
        "F1,F2,trade,2024,0\n"  # weight 0: warning, not loaded
        "F2,F1,Bad Rel!,2024,1\n"  # normalised to bad_rel: valid, as in the survey path
        "F2,F4,9trade,2024,1\n"  # invalid relation name
        "F3,F4,,2024,1\n"  # empty relation
        "F3,F5,trade,,1\n"  # empty wave
        "F4,F1,trade,2024,x\n"  # non-numeric
        "F4,F2,trade,2024,-2\n"  # negative
        "F4,F3,trade,2024,1e400\n"  # infinite
        "F5,F1,trade,2024,2e15\n"  # above the bound
        "F6,F6,trade,2024,1\n"  # self-loop
        "F6,F9,trade,2024,1\n"  # unknown actor
        "F1,F2,trade,2024,9\n"  # duplicate of a tie in the file: merged
    )
    path = multi_file(tmp_path, bad)
    ties, report = read_scale_file(path, actors=tmp_path / "actors.csv")
    net = load(actors=tmp_path / "actors.csv", ties=[path], strict=False)
    counts = net.report.files[1]
    assert (report.loaded, report.merged, report.n_rejected) == (
        counts.loaded,
        counts.merged,
        counts.rejected,
    )
    assert report.rejected == {
        "zero_weight": 1,
        "invalid_relation": 1,
        "empty_relation": 1,
        "empty_wave": 1,
        "non_numeric_weight": 1,
        "negative_weight": 1,
        "weight_too_large": 2,
        "self_loop": 1,
        "unknown_actor": 1,
    }
    assert sorted(report.examples["weight_too_large"]) == [
        (len(path.read_text().splitlines()) - 4, "weight", "1e400"),
        (len(path.read_text().splitlines()) - 3, "weight", "2e15"),
    ]
    assert report.n_errors == report.n_rejected - 1  # weight 0 is a warning
    survey_codes = {
        issue.values["reason"].key.removeprefix("ingest.tie.")
        for issue in net.report.errors
        if issue.code == "bad_tie"
    }
    assert survey_codes == set(report.errors)
    assert "bad_rel" in ties.relations


def test_exit_status_agrees_on_every_command(tmp_path):
    path = multi_file(tmp_path, "F1,F2,9trade,2024,1\nF2,F3,trade,2024,0\n")
    actors = tmp_path / "actors.csv"
    survey_validate = run("validate", "--actors", actors, "--ties", path)
    survey_analyze = run("analyze", "--actors", actors, "--ties", path, "--out", tmp_path / "a")
    scale_validate = run("validate", "--ties", path, "--scale")
    scale_analyze = run("analyze", "--ties", path, "--scale", "--out", tmp_path / "b")
    scale_map = run("map", "--ties", path, "--scale", "--out", tmp_path / "m.html")
    codes = [
        r.exit_code
        for r in (survey_validate, survey_analyze, scale_validate, scale_analyze, scale_map)
    ]
    assert codes == [1, 1, 1, 1, 1]
    for r in (scale_validate, scale_analyze, scale_map):
        assert "1 of" in r.output and "rows rejected" in r.output
        assert "invalid relation name: 1" in r.output and "'9trade'" in r.output
    assert not (tmp_path / "b" / "network.json").exists()
    # without the bad row every command succeeds (weight 0 is only a warning)
    good = multi_file(tmp_path, "F2,F3,trade,2024,0\n")
    assert run("validate", "--ties", good, "--scale").exit_code == 0
    out = run("analyze", "--ties", good, "--scale", "--out", tmp_path / "c")
    assert out.exit_code == 0, out.output
    figures = json.loads((tmp_path / "c" / "network.json").read_text())
    assert figures["relations"] == ["advice", "cooperation", "trade"]
    assert figures["wave"] == "2024" and "2024" in figures["methods"]["view"]
    assert figures["load"]["rejected"] == {"zero_weight": 1}
    one = run("analyze", "--ties", good, "--scale", "--relation", "trade", "--wave", "2023",
              "--out", tmp_path / "d")  # fmt: skip
    assert one.exit_code == 0, one.output
    figures = json.loads((tmp_path / "d" / "network.json").read_text())
    assert (figures["relations"], figures["wave"]) == (["trade"], "2023")
    assert run("map", "--ties", good, "--scale", "--wave", "2023",
               "--out", tmp_path / "m.html").exit_code == 0  # fmt: skip


def test_degrees_agree_with_the_survey_path(tmp_path):
    path = multi_file(tmp_path)
    out = run("analyze", "--ties", path, "--scale", "--out", tmp_path / "s")
    assert out.exit_code == 0, out.output
    scale_actors = pd.read_csv(tmp_path / "s" / "actors.csv", index_col="id")
    net = load(actors=tmp_path / "actors.csv", ties=[path])
    from tramas.metrics import degree_table

    survey = degree_table(net.view())
    for col in ("indegree", "outdegree", "degree"):
        assert scale_actors[col].sort_index().tolist() == survey[col].sort_index().tolist()


def test_automatic_switch_by_size(tmp_path, monkeypatch):
    path = multi_file(tmp_path, "F1,F2,9trade,2024,1\n")
    monkeypatch.setattr(scale_metrics, "SCALE_FILE_BYTES", 100)
    analyze = run("analyze", "--ties", path, "--out", tmp_path / "a")
    validate = run("validate", "--actors", tmp_path / "actors.csv", "--ties", path)
    assert analyze.exit_code == validate.exit_code == 1
    assert "rows rejected" in analyze.output and "rows rejected" in validate.output


def test_large_cell_is_read_and_rejected_by_name(tmp_path, monkeypatch):
    monkeypatch.setattr(scale_reader, "CSV_BLOCK_BYTES", 1 << 20)  # the cell straddles blocks
    path = tmp_path / "big.csv"
    with path.open("w") as fh:
        fh.write("source,target,weight\nF1,F2,1\n")
        fh.write("F2," + "x" * (20 << 20) + ",1\n")
        fh.write("F3,F1,2\n")
    ties, report = read_scale_file(path)
    assert report.rows == 3 and report.rejected == {"cell_too_large": 1}
    assert report.examples["cell_too_large"] == [(3, "target", f"{20 << 20:,} bytes")]
    assert report.loaded == 2
    validate = run("validate", "--ties", path, "--scale")
    analyze = run("analyze", "--ties", path, "--scale", "--out", tmp_path / "o")
    assert validate.exit_code == analyze.exit_code == 1
    for r in (validate, analyze):
        assert "straddl" not in r.output and "cell larger than 1 MiB: 1" in r.output
        assert "row 3, column 'target'" in r.output


def test_invalid_utf8_is_reported_with_its_row(tmp_path):
    path = tmp_path / "t.csv"
    path.write_bytes(b"source,target\nF1,F2\nF2,Vi\xf1edo\nF3,F1\n")
    _, report = read_scale_file(path)
    assert report.rejected == {"invalid_utf8": 1}
    assert report.examples["invalid_utf8"][0][:2] == (3, "target")
    r = run("validate", "--ties", path, "--scale")
    assert r.exit_code == 1 and "row 3, column 'target'" in r.output
    assert "must be UTF-8" not in r.output


def test_rejection_lines_in_spanish(tmp_path):
    path = multi_file(tmp_path, "F1,F2,trade,2024,mucho\nF2,F2,trade,2024,1\n")
    _, report = read_scale_file(path)
    lines = report.lines("es")
    assert lines[0].startswith(f"{path}: ") and "rechazadas" in lines[0]
    assert any("peso no numérico: 1 (p. ej. fila " in ln and "'mucho'" in ln for ln in lines)
    assert any("autovínculo: 1" in ln for ln in lines)
    r = run("analyze", "--ties", path, "--scale", "--lang", "es", "--out", tmp_path / "o")
    assert r.exit_code == 1
    assert "peso no numérico" in r.output and "se rechazaron 2 de" in r.output
    for word in ("row ", "rejected", "e.g."):
        assert word not in r.output


def test_nfc_and_zero_width_ids_match(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text("source,target\n\u00d1and\u00fa,F1\nN\u0303andu\u0301,F2\nF1\u200b,F2\n")
    view, report = read_scale_ties(path)
    assert sorted(view.ids) == ["F1", "F2", "\u00d1and\u00fa"] and report.loaded == 3
    assert report.cleaned == 2  # the NFD id and the zero-width space, said as the survey path
    assert "2 cells written with decomposed accents or zero-width characters" in " ".join(
        report.lines("en")
    )


@pytest.mark.parametrize("fmt", ["csv", "parquet"])
def test_parquet_and_csv_agree(tmp_path, fmt):
    path = multi_file(tmp_path, "F1,F2,trade,2024,0\n")
    if fmt == "parquet":
        frame = pd.read_csv(path, dtype=str, keep_default_na=False)
        frame["weight"] = pd.to_numeric(frame["weight"])
        path = tmp_path / "ties.parquet"
        frame.to_parquet(path)
    ties, report = read_scale_file(path)
    assert report.rejected == {"zero_weight": 1}
    assert ties.relations == ("advice", "cooperation", "trade") and ties.waves == ("2023", "2024")
