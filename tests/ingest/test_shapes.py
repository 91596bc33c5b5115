"""The three tie shapes — edge list, roster matrix, free recall — of one survey give one network."""

from __future__ import annotations

import pandas as pd
import pytest

from tramas.ingest import load
from tramas.ingest.review import write_review

ACTORS = (
    "id,name,aliases,kind,internal\n"
    "F1,Bodega Los Andes S.A.,Los Andes,firm,yes\n"
    "F2,Viñedos del Sol S.R.L.,,firm,yes\n"
    "F3,Tonelería Cuyo,,firm,yes\n"
    "U1,Universidad Nacional de Cuyo,UNCuyo,research,yes\n"
    "X1,London Wine Importers Ltd,,firm,no\n"
)
HEAD = (
    '[study]\nkey = "shapes"\nwaves = ["2023", "2025"]\n[actors]\nfile = "actors.csv"\n'
    '[[relations]]\nname = "knowledge"\ndirection = "alter_to_ego"\n'
    '[[relations]]\nname = "cooperation"\ndirected = false\n'
)
EDGES = (
    "source,target,relation,wave,weight\n"
    "F1,U1,knowledge,2023,3\nF2,F1,knowledge,2023,2\nF3,F1,knowledge,2023,1\n"
    "F1,X1,knowledge,2025,2\nF2,F1,knowledge,2025,3\n"
    "F1,F2,cooperation,2023,1\nF2,F1,cooperation,2023,2\nF3,F2,cooperation,2025,1\n"
)


@pytest.fixture
def survey(tmp_path):
    (tmp_path / "actors.csv").write_text(ACTORS)
    (tmp_path / "ties.csv").write_text(EDGES)
    (tmp_path / "edges.toml").write_text(HEAD + '[[ties]]\nfile = "ties.csv"\n')
    # roster: one workbook per wave, one sheet per relation
    ids = ["F1", "F2", "F3", "U1", "X1"]
    edges = pd.read_csv(tmp_path / "ties.csv", dtype=str)
    roster_entries = ""
    for wave in ("2023", "2025"):
        path = tmp_path / f"roster_{wave}.xlsx"
        with pd.ExcelWriter(path) as xw:
            for rel in ("knowledge", "cooperation"):
                m = pd.DataFrame("", index=["F1", "F2", "F3"], columns=ids)
                for e in edges[(edges.wave == wave) & (edges.relation == rel)].itertuples():
                    m.loc[e.source, e.target] = e.weight
                m.index.name = "id"
                m.reset_index().to_excel(xw, sheet_name=rel, index=False)
                roster_entries += (
                    f'[[ties]]\nshape = "roster"\nfile = "{path.name}"\nsheet = "{rel}"\n'
                    f'relation = "{rel}"\nwave = "{wave}"\n'
                )
    (tmp_path / "roster.toml").write_text(HEAD + roster_entries)
    # free recall with messy names, wide format, plus one name nobody can resolve
    (tmp_path / "recall.csv").write_text(
        "respondent,relation,wave,name1,weight1,name2,weight2\n"
        "F1,knowledge,2023,universidad nacional de cuyo,3,,\n"
        "F2,knowledge,2023,BODEGA LOS ANDES SA,2,Consultora Pérez,1\n"
        "F3,knowledge,2023,los andes,1,,\n"
        "F1,knowledge,2025,London Wine Importers,2,,\n"
        "F2,knowledge,2025,Bodega Los Ándes,3,,\n"
        "F1,cooperation,2023,Viñedos del Sol Ltda.,1,,\n"
        "F2,cooperation,2023,Bodega los Andes,2,,\n"
        "F3,cooperation,2025,vinedos del sol,1,,\n"
    )
    (tmp_path / "recall.toml").write_text(
        HEAD + '[[ties]]\nshape = "recall"\nfile = "recall.csv"\n'
    )
    return tmp_path


def _canon(net):
    cols = ["source", "target", "relation", "wave", "weight", "reported_by"]
    return net.ties[cols].sort_values(cols[:4]).reset_index(drop=True)


def test_three_shapes_give_identical_networks(survey):
    edges = load(survey / "edges.toml")
    roster = load(survey / "roster.toml")
    recall = load(survey / "recall.toml")
    pd.testing.assert_frame_equal(_canon(edges), _canon(roster))
    pd.testing.assert_frame_equal(_canon(edges), _canon(recall))
    for wave in ("2023", "2025"):
        for rel in ("knowledge", "cooperation"):
            a = edges.view(rel, wave=wave).edges().sort_values(["source", "target"])
            b = recall.view(rel, wave=wave).edges().sort_values(["source", "target"])
            pd.testing.assert_frame_equal(a.reset_index(drop=True), b.reset_index(drop=True))
    # the respondent who named nobody is still a respondent; U1 and X1 are not
    assert roster.actors["respondent"].to_dict() == {
        "F1": True,
        "F2": True,
        "F3": True,
        "U1": False,
        "X1": False,
    }


def test_recall_accounting_and_review_file(survey):
    net = load(survey / "recall.toml")
    counts = net.report.files[1]
    assert (counts.rows, counts.records, counts.loaded, counts.rejected) == (8, 9, 8, 1)
    [unresolved] = [i for i in net.report.issues if i.code == "unresolved_name"]
    assert (unresolved.row, unresolved.column) == (3, "name2")
    assert "Consultora Pérez" in unresolved.message
    review = write_review(net.report, survey / "review.csv")
    rows = pd.read_csv(review, dtype=str)
    assert rows.loc[0, "name"] == "Consultora Pérez" and rows.loc[0, "respondent"] == "F2"


def test_accept_unresolved_creates_external_actor(survey):
    text = (survey / "recall.toml").read_text() + "accept_unresolved = true\n"
    (survey / "recall.toml").write_text(text)
    net = load(survey / "recall.toml")
    assert "NEW-consultora-perez" in net.actors.index
    new = net.actors.loc["NEW-consultora-perez"]
    assert new["name"] == "Consultora Pérez" and not new["internal"]
    assert ((net.ties.source == "NEW-consultora-perez") & (net.ties.target == "F2")).sum() == 1


def test_roster_cell_problems_name_the_column(tmp_path):
    (tmp_path / "actors.csv").write_text(ACTORS)
    (tmp_path / "r.csv").write_text("id,F1,F2,F9\nF1,,x,1\nF2,abc,,\nF7,1,,\n")
    (tmp_path / "s.toml").write_text(
        '[study]\nkey="r"\n[actors]\nfile="actors.csv"\n[[ties]]\nshape="roster"\nfile="r.csv"\n'
        'relation="trade"\nwave="1"\n'
    )
    net = load(tmp_path / "s.toml", strict=False)
    errs = {(e.row, e.column): e.message for e in net.report.errors}
    assert "unknown actor id 'F9'" in errs[(2, "F9")]
    assert "non-numeric weight 'abc'" in errs[(3, "F1")]
    assert "unknown actor id 'F7'" in errs[(4, "id")]
    counts = net.report.files[1]
    assert (counts.records, counts.loaded, counts.rejected) == (4, 1, 3)
    assert net.ties.iloc[0][["source", "target", "weight"]].tolist() == ["F1", "F2", 1.0]
